/* cs-store-run.c
 *
 * The store pipeline as it runs in the worker thread: nothing here touches the job object
 * except through events posted to the caller's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cs-calendar.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-image.h"
#include "cs-media.h"
#include "cs-staging.h"
#include "cs-store-run.h"
#include "cs-verify.h"

#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)

static gpointer
copy_day (gconstpointer src,
          gpointer      data)
{
  return cs_day_copy (src);
}

/* A deep copy of an array of CsDay, or NULL for NULL/empty. */
GPtrArray *
_cs_store_copy_days (GPtrArray *days)
{
  GPtrArray *copy;

  if (days == NULL || days->len == 0)
    return NULL;
  copy = g_ptr_array_copy (days, copy_day, NULL);
  g_ptr_array_set_free_func (copy, (GDestroyNotify)cs_day_free);
  return copy;
}

CsStoreRun *
_cs_store_run_new (CsStoreJob     *job,
                   const CsConfig *config,
                   GPtrArray      *days,
                   const char     *target,
                   const GDate    *today,
                   CsStoreMode     mode,
                   gboolean        verify,
                   gboolean        dry_run)
{
  CsStoreRun *run = g_atomic_rc_box_new0 (CsStoreRun);

  g_weak_ref_init (&run->job, job);
  run->context = g_main_context_ref_thread_default ();
  run->config = cs_config_copy (config);
  run->explicit_days = _cs_store_copy_days (days);
  run->days = g_ptr_array_new_with_free_func ((GDestroyNotify)cs_day_free);
  run->target = g_strdup (target);
  run->today = *today;
  run->mode = mode;
  run->verify = verify;
  run->dry_run = dry_run;
  return run;
}

CsStoreRun *
_cs_store_run_ref (CsStoreRun *run)
{
  return g_atomic_rc_box_acquire (run);
}

static void
cs_store_run_clear (CsStoreRun *run)
{
  g_weak_ref_clear (&run->job);
  g_main_context_unref (run->context);
  cs_config_free (run->config);
  g_clear_pointer (&run->explicit_days, g_ptr_array_unref);
  g_clear_pointer (&run->days, g_ptr_array_unref);
  g_free (run->target);
}

void
_cs_store_run_unref (CsStoreRun *run)
{
  g_atomic_rc_box_release_full (run, (GDestroyNotify)cs_store_run_clear);
}

typedef struct
{
  CsStoreRun *run;
  CsJobEvent  event;
} Posted;

static void
posted_free (gpointer data)
{
  Posted *posted = data;

  g_clear_error (&posted->event.error);
  g_free (posted->event.text);
  g_clear_pointer (&posted->event.plan, cs_store_plan_free);
  _cs_store_run_unref (posted->run);
  g_free (posted);
}

static gboolean
posted_dispatch (gpointer data)
{
  Posted *posted = data;
  g_autoptr(CsStoreJob) job = g_weak_ref_get (&posted->run->job);

  if (job != NULL)
    _cs_store_job_apply_event (job, &posted->event);
  return G_SOURCE_REMOVE;
}

static void
post (CsStoreRun       *run,
      const CsJobEvent *event)
{
  Posted *posted = g_new0 (Posted, 1);

  posted->run = _cs_store_run_ref (run);
  posted->event = *event;
  posted->event.text = g_strdup (event->text);
  posted->event.error = event->error ? g_error_copy (event->error) : NULL;
  posted->event.plan = event->plan ? cs_store_plan_copy (event->plan) : NULL;
  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, posted_dispatch, posted,
                              posted_free);
}

static void
run_log (GLogLevelFlags  level,
         const char     *message,
         gpointer        user_data)
{
  CsStoreRun *run = user_data;
  CsJobEvent event = { .kind = CS_JOB_EVENT_LOG, .level = level, .text = (char *)message };

  post (run, &event);
}

#define LOG(run, level, ...) cs_log (run_log, run, level, __VA_ARGS__)

static void
step_start (CsStoreRun *run,
            CsStep      step)
{
  CsJobEvent event = { .kind = CS_JOB_EVENT_STEP_STARTED, .step = step };

  run->step = step;
  run->step_start_us = g_get_monotonic_time ();
  run->last_progress_us = 0;
  post (run, &event);
  if (run->hook != NULL)
    run->hook (step, run->hook_data);
}

static void
step_finish (CsStoreRun   *run,
             const GError *error)
{
  CsJobEvent event = { .kind = CS_JOB_EVENT_STEP_FINISHED, .step = run->step,
                       .error = (GError *)error };

  post (run, &event);
}

/* Throttled to about 10 per second; the first and the final update always go out. */
static void
progress (CsStoreRun *run,
          double      fraction,
          guint64     done,
          guint64     total)
{
  gint64 now = g_get_monotonic_time ();
  CsJobEvent event = { .kind = CS_JOB_EVENT_PROGRESS, .step = run->step, .fraction = fraction,
                       .done = done, .total = total };
  double secs;

  if (run->last_progress_us != 0 && now - run->last_progress_us < PROGRESS_INTERVAL_US
      && fraction < 1.0)
    return;
  run->last_progress_us = now;
  secs = (now - run->step_start_us) / (double)G_USEC_PER_SEC;
  event.rate = secs > 0 ? done / secs : 0.0;
  post (run, &event);
}

static void
write_progress (double   fraction,
                guint64  done,
                guint64  total,
                gpointer user_data)
{
  progress (user_data, fraction, done, total);
}

static void
verify_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  progress (user_data, total > 0 ? MIN (1.0, (double)done / total) : -1.0, done, total);
}

static gboolean
path_is_inside (const char *path,
                const char *dir)
{
  gsize len = strlen (dir);

  return g_str_has_prefix (path, dir) && (path[len] == '/' || path[len] == '\0' ||
                                          (len > 0 && dir[len - 1] == '/'));
}

/* A target inside the staging tree would be stored into itself (and verified against
 * itself): refuse it before anything is opened. */
static gboolean
check_target_outside_staging (CsStoreRun  *run,
                              GError     **error)
{
  g_autofree char *image = cs_drive_image_path (run->target);
  g_autofree char *dir = NULL;
  g_autofree char *real_dir = NULL;
  g_autofree char *real_target = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_free);

  if (image == NULL)
    return TRUE;

  dir = g_path_get_dirname (image);
  base = g_path_get_basename (image);
  real_dir = realpath (dir, NULL);
  real_target = g_build_filename (real_dir ? real_dir : dir, base, NULL);

  if (run->config->staging_dir != NULL)
    g_ptr_array_add (roots, realpath (run->config->staging_dir, NULL));
  for (guint i = 0; i < run->days->len; i++)
    g_ptr_array_add (roots, realpath (((CsDay *)g_ptr_array_index (run->days, i))->path, NULL));

  for (guint i = 0; i < roots->len; i++)
    {
      const char *root = g_ptr_array_index (roots, i);

      if (root != NULL && (path_is_inside (real_target, root) || path_is_inside (image, root)))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("Target “%s” is inside the staging tree “%s”; choose an image file "
                         "outside it"), image, root);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
find_days (CsStoreRun    *run,
           GError       **error)
{
  g_autoptr(GPtrArray) found = NULL;

  if (run->mode == CS_STORE_MODE_INITIALIZE)
    return TRUE;

  if (run->explicit_days != NULL && run->explicit_days->len > 0)
    {
      for (guint i = 0; i < run->explicit_days->len; i++)
        {
          const CsDay *day = g_ptr_array_index (run->explicit_days, i);

          LOG (run, G_LOG_LEVEL_INFO, _("Store process will use stage directory [%s]"), day->path);
          g_ptr_array_add (run->days, cs_day_copy (day));
        }
      return TRUE;
    }

  if (run->mode == CS_STORE_MODE_REBUILD)
    found = cs_staging_find_rebuild (run->config->staging_dir, &run->today,
                                     run->config->starting_day, run_log, run, error);
  else
    found = cs_staging_find_day (run->config->staging_dir, &run->today,
                                 run->mode == CS_STORE_MODE_FULL, run->config->warn_midnite,
                                 run_log, run, error);
  if (found == NULL)
    return FALSE;

  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (run->days, cs_day_copy (g_ptr_array_index (found, i)));
  return TRUE;
}

static void
post_medium (CsStoreRun     *run,
             const CsMedium *medium)
{
  g_autofree char *text = cs_medium_describe (medium);
  CsJobEvent event = { .kind = CS_JOB_EVENT_MEDIUM, .text = text };

  LOG (run, G_LOG_LEVEL_INFO, _("Medium in %s: %s"), run->target, text);
  post (run, &event);
}

/* The layout of the session to write, decided once the medium is known. */
typedef struct
{
  gboolean  new_disc;
  guint32   start;       /* block where the session goes */
  gboolean  appendable;  /* libisofs: a session after others */
  gboolean  emulated;    /* overwritable: head block written at LBA 0 last */
  guint64   size;        /* exact session size in bytes */
} Layout;

static void
layout_for (const CsMedium *medium,
            gboolean        new_disc,
            Layout         *layout)
{
  layout->new_disc = new_disc;
  layout->emulated = medium->overwritable;
  layout->appendable = !new_disc;
  if (medium->overwritable)
    layout->start = new_disc ? CS_FIRST_LBA : medium->nwa;
  else
    layout->start = new_disc ? 0 : medium->nwa;
}

static CsImage *
build_image (CsStoreRun    *run,
             CsDrive       *drive,
             const char    *label,
             gboolean       import,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(CsImage) image = cs_image_new (label, run_log, run);
  const CsMedium *medium = cs_drive_get_medium (drive);

  if (import && !cs_image_import (image, drive, medium->msc1, error))
    return NULL;

  if (run->mode == CS_STORE_MODE_INITIALIZE)
    {
      if (!cs_image_add_empty_dir (image, "CedarBackup", error))
        return NULL;
    }

  for (guint i = 0; i < run->days->len; i++)
    {
      if (!cs_image_add_day (image, g_ptr_array_index (run->days, i), cancellable, error))
        return NULL;
      progress (run, -1.0, cs_image_get_data_bytes (image), 0);
    }
  return g_steal_pointer (&image);
}

static void
post_plan (CsStoreRun      *run,
           const CsMedium  *medium,
           const Layout    *layout,
           guint64          used,
           guint64          available)
{
  g_autofree char *text = cs_medium_describe (medium);
  CsStorePlan plan = {
    .medium_state = medium->state,
    .medium_text = text,
    .label = medium->label,
    .sessions = medium->state == CS_MEDIUM_APPENDABLE ? medium->sessions : 0,
    .capacity = cs_media_type_capacity (run->config->media_type),
    .used = used,
    .available = available,
    .image_size = layout->size,
    .new_disc = layout->new_disc,
    .fits = layout->size <= available,
  };
  CsJobEvent event = { .kind = CS_JOB_EVENT_PLAN, .plan = &plan };

  post (run, &event);
}

/* Capacity left for a new session: the media type's limit and, for real drives, what the
 * drive reports; image files also need room in their filesystem. */
static gboolean
check_fits (CsStoreRun      *run,
            CsDrive         *drive,
            const Layout    *layout,
            GError         **error)
{
  const CsMedium *medium = cs_drive_get_medium (drive);
  CsMediaType type = run->config->media_type;
  guint64 used = layout->new_disc ? 0 : (guint64)layout->start * CS_SECTOR_SIZE;
  guint64 available = cs_media_type_available (type, used);
  g_autofree char *size_text = cs_format_size (layout->size);
  g_autofree char *avail_text = NULL;

  if (layout->emulated && layout->new_disc)
    available = available > CS_HEAD_SIZE ? available - CS_HEAD_SIZE : 0;
  if (!medium->image_file && medium->free_bytes > 0)
    available = MIN (available, medium->free_bytes);

  LOG (run, G_LOG_LEVEL_INFO, _("Image size will be %s."), size_text);
  avail_text = cs_format_size (available);
  post_plan (run, medium, layout, used, available);

  if (layout->size > available)
    {
      LOG (run, G_LOG_LEVEL_WARNING, _("Image [%s] does not fit in available capacity [%s]."),
           size_text, avail_text);
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("The image (%s) does not fit on %s: %s left for a %s session; nothing was "
                     "written. Insert a new disc or store with --full"),
                   size_text, run->target, avail_text, cs_media_type_to_string (type));
      return FALSE;
    }

  if (medium->image_file)
    {
      g_autofree char *path = cs_drive_image_path (run->target);
      guint64 end = (guint64)layout->start * CS_SECTOR_SIZE + layout->size;
      struct stat st;
      guint64 current = stat (path, &st) == 0 ? (guint64)st.st_size : 0;

      if (end > current && end - current > medium->free_bytes)
        {
          g_autofree char *need = cs_format_size (end - current);
          g_autofree char *have = cs_format_size (medium->free_bytes);

          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("The filesystem holding “%s” has %s free but the store needs %s; "
                         "nothing was written. Free some space or choose another target"),
                       path, have, need);
          return FALSE;
        }
    }
  return TRUE;
}

/* Returns TRUE/FALSE for new disc/append, -1 on error. */
static int
decide_new_disc (CsStoreRun      *run,
                 CsDrive         *drive,
                 const char      *label,
                 CsImage        **appended,
                 GCancellable    *cancellable,
                 GError         **error)
{
  const CsMedium *medium = cs_drive_get_medium (drive);
  const CsConfig *config = run->config;
  gboolean rebuild_media = run->mode != CS_STORE_MODE_STORE;
  gboolean today_is_start = cs_calendar_is_start_of_week (&run->today, config->starting_day);
  guint64 available = 0, required = 0;

  LOG (run, G_LOG_LEVEL_DEBUG, today_is_start ? "Today is the start of the week."
                                              : "Today is NOT the start of the week.");

  if (cs_media_blank_needs_sizes (rebuild_media, today_is_start, config->blank_mode))
    {
      Layout layout;

      /* A medium we cannot read counts as empty, as Cedar's "returning full capacity": the
       * ratio then asks for an append, which is refused below rather than writing over it. */
      if (medium->state != CS_MEDIUM_APPENDABLE)
        available = cs_media_type_available (config->media_type, 0);
      else
        {
          /* Cedar compares the space left with the size of what this store adds. */
          layout_for (medium, FALSE, &layout);
          *appended = build_image (run, drive, label, TRUE, cancellable, error);
          if (*appended == NULL)
            return -1;
          required = cs_image_measure (*appended, layout.start, TRUE, error);
          if (required == 0)
            return -1;
          available = cs_media_type_available (config->media_type,
                                               (guint64)layout.start * CS_SECTOR_SIZE);
        }
    }

  return cs_media_decide_new_disc (rebuild_media, today_is_start, config->blank_mode,
                                   config->blank_factor, available, required, run_log, run);
}

static gboolean
check_medium_usable (CsStoreRun      *run,
                     const CsMedium  *medium,
                     gboolean         new_disc,
                     GError         **error)
{
  switch (medium->state)
    {
    case CS_MEDIUM_NONE:
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("There is no disc in %s; insert a writable disc"), run->target);
      return FALSE;

    case CS_MEDIUM_UNSUITABLE:
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("The disc in %s cannot be written by this drive; insert a %s disc"),
                   run->target, cs_media_type_to_string (run->config->media_type));
      return FALSE;

    case CS_MEDIUM_FOREIGN:
      if (!new_disc)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("Cannot append to %s: %s. Nothing was written; store with --full to "
                         "start a new disc"), run->target, medium->problem);
          return FALSE;
        }
      break;

    case CS_MEDIUM_CLOSED:
      if (!new_disc || !medium->erasable)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("The disc in %s is closed and cannot take another session; insert a "
                         "new disc"), run->target);
          return FALSE;
        }
      break;

    case CS_MEDIUM_APPENDABLE:
    case CS_MEDIUM_BLANK:
    default:
      break;
    }

  /* Write-once media cannot start over; Cedar expects the operator to insert fresh media. */
  if (new_disc && medium->state != CS_MEDIUM_BLANK && !medium->overwritable && !medium->erasable)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("A new disc is due but the write-once disc in %s already holds data; insert "
                     "a blank disc"), run->target);
      return FALSE;
    }
  return TRUE;
}

/* Starts the generator for the session; the size it reports is exactly what it writes. */
static struct burn_source *
start_session (CsDrive       *drive,
               CsImage       *image,
               Layout        *layout,
               guint8       **head,
               GError       **error)
{
  struct burn_source *src;

  if (layout->emulated)
    {
      /* libisofs fills this with the volume descriptors for LBA 0; on append it starts as a
       * copy of the old head (libburnia-verified.md B.11). */
      *head = layout->new_disc ? g_malloc0 (CS_HEAD_SIZE)
                               : g_memdup2 (cs_drive_get_head (drive), CS_HEAD_SIZE);
    }

  src = cs_image_create_source (image, layout->start, layout->appendable, *head, error);
  if (src != NULL)
    layout->size = src->get_size (src);
  return src;
}

/* Consumes @src. */
static gboolean
write_session (CsStoreRun          *run,
               CsDrive             *drive,
               struct burn_source  *src,
               const guint8        *head,
               const Layout        *layout,
               GCancellable        *cancellable,
               GError             **error)
{
  const CsMedium *medium = cs_drive_get_medium (drive);
  gboolean ok;

  if (!cs_drive_format (drive, error)
      || (layout->new_disc && medium->state != CS_MEDIUM_BLANK
          && !(medium->overwritable ? cs_drive_invalidate (drive, error)
                                    : cs_drive_blank (drive, error))))
    {
      cs_image_cancel_source (src);
      return FALSE;
    }

  ok = cs_drive_write (drive, src, layout->start, TRUE, run->config->drive_speed,
                       write_progress, run, cancellable, error);
  burn_source_free (src);

  if (ok && medium->image_file)
    ok = cs_drive_truncate_image (drive, (guint64)layout->start * CS_SECTOR_SIZE + layout->size,
                                  error);
  /* Without a verify the session is made visible now; with one, after the compare. */
  if (ok && layout->emulated && !run->verify)
    ok = cs_drive_commit_head (drive, head, write_progress, run, error);
  if (!ok && medium->image_file)
    cs_drive_rollback_image (drive);
  return ok;
}

/* Re-grabs the drive so libburn reads the new table of contents, then checks the new
 * session through libburn (never through the kernel's stale block device: finding 1 of
 * shared/docs/real-drives.md). */
static gboolean
check_on_drive (CsStoreRun    *run,
                CsDrive      **drive,
                const char    *label,
                const Layout  *layout,
                GError       **error)
{
  cs_drive_release (*drive, FALSE);
  g_clear_object (drive);
  if ((*drive = cs_drive_open (run->target, run_log, run, error)) == NULL)
    return FALSE;
  return cs_drive_check_session (*drive, layout->start, label, error);
}

/* Sequential media: the drive closed the session; probe it, then read it back.
 * Overwritable media and image files: read the session back from its own superblock
 * first, then make it visible with the LBA-0 head (the data's fdatasync overlaps the
 * compare), then probe. A cancel before the head leaves the medium as it was. */
static gboolean
verify_session (CsStoreRun     *run,
                CsDrive       **drive,
                const char     *label,
                const Layout   *layout,
                const guint8   *head,
                guint64         total_bytes,
                GCancellable   *cancellable,
                GError        **error)
{
  const CsMedium *medium = cs_drive_get_medium (*drive);
  g_autoptr(GError) compare_error = NULL;
  gboolean image_file = medium->image_file;

  if (!layout->emulated)
    return check_on_drive (run, drive, label, layout, error)
           && cs_verify_days (*drive, layout->start, run->days, total_bytes, verify_progress,
                              run, run_log, run, cancellable, error);

  if (!cs_verify_days (*drive, layout->start, run->days, total_bytes, verify_progress, run,
                       run_log, run, cancellable, &compare_error)
      && g_error_matches (compare_error, CS_ERROR, CS_ERROR_CANCELLED))
    {
      if (image_file)
        cs_drive_rollback_image (*drive);
      g_propagate_error (error, g_steal_pointer (&compare_error));
      return FALSE;
    }

  /* A session that does not match is still what was read from staging: it becomes the
   * newest session like any written one, and no day is marked stored. */
  if (!cs_drive_commit_head (*drive, head, write_progress, run, error))
    {
      if (image_file)
        cs_drive_rollback_image (*drive);
      return FALSE;
    }
  if (compare_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&compare_error));
      return FALSE;
    }

  if (image_file)
    {
      g_autofree char *path = cs_drive_image_path (run->target);
      return cs_verify_probe (path, label, run_log, run, error);
    }
  return check_on_drive (run, drive, label, layout, error);
}

static gboolean
check_cancelled (GCancellable  *cancellable,
                 GError       **error)
{
  if (!g_cancellable_is_cancelled (cancellable))
    return FALSE;
  g_set_error (error, CS_ERROR, CS_ERROR_CANCELLED, _("The store was cancelled; nothing was marked stored"));
  return TRUE;
}

static gboolean
fail_step (CsStoreRun  *run,
           GError     **error)
{
  step_finish (run, error ? *error : NULL);
  return FALSE;
}

gboolean
_cs_store_run_execute (CsStoreRun    *run,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(CsDrive) drive = NULL;
  g_autoptr(CsImage) image = NULL;
  g_autoptr(CsImage) appended = NULL;
  g_autofree char *label = cs_media_label_for_date (&run->today);
  const CsMedium *medium;
  g_autofree guint8 *head = NULL;
  struct burn_source *src;
  Layout layout = { 0 };
  guint64 data_bytes;
  int new_disc;

  step_start (run, CS_STEP_FIND_DAY);
  progress (run, -1.0, 0, 0);
  if (run->target == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("No target: give --device /dev/srN or --device stdio:/path/file.iso"));
      return fail_step (run, error);
    }
  if (!find_days (run, error) || !check_target_outside_staging (run, error))
    return fail_step (run, error);
  step_finish (run, NULL);

  step_start (run, CS_STEP_BUILD_IMAGE);
  progress (run, -1.0, 0, 0);
  if (!(drive = cs_drive_open (run->target, run_log, run, error)))
    return fail_step (run, error);
  medium = cs_drive_get_medium (drive);
  post_medium (run, medium);

  if (run->config->check_media && run->mode != CS_STORE_MODE_INITIALIZE
      && !cs_media_check_label (run->config->media_type, medium->label, run_log, run, error))
    return fail_step (run, error);

  if (run->mode == CS_STORE_MODE_INITIALIZE && !cs_media_type_is_rewritable (run->config->media_type))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Only rewritable media types can be initialized (the media type is %s)."),
                   cs_media_type_to_string (run->config->media_type));
      return fail_step (run, error);
    }

  new_disc = decide_new_disc (run, drive, label, &appended, cancellable, error);
  if (new_disc < 0)
    return fail_step (run, error);
  /* Nothing on the medium yet: whatever Cedar decided, this is the first session. */
  if (medium->state == CS_MEDIUM_BLANK)
    new_disc = TRUE;
  LOG (run, G_LOG_LEVEL_INFO, new_disc ? _("Writing a new disc.") : _("Appending a new session."));

  if (!check_medium_usable (run, medium, new_disc, error))
    return fail_step (run, error);

  layout_for (medium, new_disc, &layout);
  if (!new_disc && appended != NULL)
    image = g_steal_pointer (&appended);
  else if (!(image = build_image (run, drive, label, !new_disc, cancellable, error)))
    return fail_step (run, error);
  g_clear_object (&appended);

  if (!(src = start_session (drive, image, &layout, &head, error)))
    return fail_step (run, error);
  if (!check_fits (run, drive, &layout, error))
    {
      cs_image_cancel_source (src);
      return fail_step (run, error);
    }
  step_finish (run, NULL);

  if (run->dry_run)
    {
      cs_image_cancel_source (src);
      LOG (run, G_LOG_LEVEL_INFO, _("Dry run: nothing was written."));
      return TRUE;
    }

  step_start (run, CS_STEP_WRITE);
  if (check_cancelled (cancellable, error))
    {
      cs_image_cancel_source (src);
      return fail_step (run, error);
    }
  if (!write_session (run, drive, src, head, &layout, cancellable, error))
    return fail_step (run, error);
  data_bytes = cs_image_get_data_bytes (image);
  g_clear_object (&image);
  step_finish (run, NULL);

  if (run->verify)
    {
      step_start (run, CS_STEP_VERIFY);
      LOG (run, G_LOG_LEVEL_DEBUG, "Running consistency check of media.");
      if (!verify_session (run, &drive, label, &layout, head, data_bytes, cancellable, error))
        return fail_step (run, error);
      run->verified = TRUE;
      step_finish (run, NULL);
    }
  else
    LOG (run, G_LOG_LEVEL_WARNING, _("The consistency check is off: the disc was not read back."));

  cs_drive_release (drive, !run->config->no_eject);

  if (check_cancelled (cancellable, error))
    return FALSE;

  step_start (run, CS_STEP_MARK_STORED);
  for (guint i = 0; i < run->days->len; i++)
    {
      const CsDay *day = g_ptr_array_index (run->days, i);

      if (!cs_staging_write_indicator (day->path, run->config->backup_user,
                                       run->config->backup_group, run_log, run, error))
        return fail_step (run, error);
    }
  step_finish (run, NULL);

  LOG (run, G_LOG_LEVEL_INFO, run->mode == CS_STORE_MODE_REBUILD ? _("Executed the 'rebuild' action successfully.")
                              : run->mode == CS_STORE_MODE_INITIALIZE ? _("Executed the 'initialize' action successfully.")
                              : _("Executed the 'store' action successfully."));
  return TRUE;
}
