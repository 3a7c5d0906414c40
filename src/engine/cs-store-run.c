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
#include "cs-drive-damaged.h"
#include "cs-drive-plan.h"
#include "cs-error.h"
#include "cs-image.h"
#include "cs-media.h"
#include "cs-staging.h"
#include "cs-store-run.h"
#include "cs-verify.h"

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

          CS_STORE_RUN_LOG (run, G_LOG_LEVEL_INFO, _("Store process will use stage directory [%s]"), day->path);
          g_ptr_array_add (run->days, cs_day_copy (day));
        }
      return TRUE;
    }

  if (run->mode == CS_STORE_MODE_REBUILD)
    found = cs_staging_find_rebuild (run->config->staging_dir, &run->today,
                                     run->config->starting_day, _cs_store_run_log, run, error);
  else
    found = cs_staging_find_day (run->config->staging_dir, &run->today,
                                 run->mode == CS_STORE_MODE_FULL, run->config->warn_midnite,
                                 _cs_store_run_log, run, error);
  if (found == NULL)
    return FALSE;

  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (run->days, cs_day_copy (g_ptr_array_index (found, i)));
  return TRUE;
}

static CsImage *
build_image (CsStoreRun    *run,
             CsDrive       *drive,
             const char    *label,
             gboolean       import,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(CsImage) image = cs_image_new (label, _cs_store_run_log, run);
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
      _cs_store_run_progress (run, -1.0, cs_image_get_data_bytes (image), 0);
    }

  /* A second net before anything is measured or written: the tree holds each staging
   * directory whole (names, types, sizes, symlink targets, devices), whatever libisofs
   * said or did not say while adding it. */
  for (guint i = 0; i < run->days->len; i++)
    {
      const CsDay *day = g_ptr_array_index (run->days, i);
      g_autofree char *disc_path = g_strconcat ("/", day->suffix, NULL);

      if (!cs_verify_tree (cs_image_get_day_dir (image, day), day->path, disc_path, error))
        return NULL;
    }
  return g_steal_pointer (&image);
}

/* What to tell a user whose day does not fit (a write-once disc cannot start over). */
static const char *
no_room_hint (const CsMedium      *medium,
              const CsSessionPlan *plan)
{
  if (plan->new_disc)
    return _("use larger media (the day is larger than the whole disc)");
  if (medium->image_file)
    return _("choose another image file, or store with --full to start this one over");
  if (medium->overwritable || medium->erasable)
    return _("insert a new disc, or store with --full to start this disc over");
  return _("insert a new blank disc (this write-once disc cannot start over)");
}

/* Capacity left for the session: the media type's limit and, for real drives, what the
 * drive says the medium can take from the session's start (plan->space), compared with
 * what the session occupies there with libburn's padding. Image files also need room in
 * their filesystem. */
static gboolean
check_fits (CsStoreRun          *run,
            CsDrive             *drive,
            const CsSessionPlan *plan,
            GError             **error)
{
  const CsMedium *medium = cs_drive_get_medium (drive);
  CsMediaType type = run->config->media_type;
  guint64 used = plan->new_disc ? 0 : (guint64)plan->start * CS_SECTOR_SIZE;
  guint64 available = cs_media_type_available (type, used);
  guint64 footprint = cs_drive_session_footprint (drive, plan->size);
  guint64 padding = footprint - plan->size;
  g_autofree char *size_text = cs_format_size (plan->size);
  g_autofree char *avail_text = NULL;
  g_autofree char *words = cs_medium_words (medium);

  if (plan->emulated && plan->new_disc)
    available = available > CS_HEAD_SIZE ? available - CS_HEAD_SIZE : 0;
  if (!medium->image_file && plan->space > 0)
    available = MIN (available, plan->space);
  /* What is shown and compared is room for the image itself: the padding is taken off. */
  available = available > padding ? available - padding : 0;

  CS_STORE_RUN_LOG (run, G_LOG_LEVEL_INFO, _("Image size will be %s."), size_text);
  avail_text = cs_format_size (available);
  _cs_store_run_post_plan (run, medium, plan, used, available);

  if (plan->size > available)
    {
      CS_STORE_RUN_LOG (run, G_LOG_LEVEL_WARNING, _("Image [%s] does not fit in available capacity [%s]."),
           size_text, avail_text);
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("The image (%s) does not fit on %s (%s): %s left for a %s session; nothing "
                     "was written. To store it, %s"),
                   size_text, run->target, words, avail_text, cs_media_type_to_string (type),
                   no_room_hint (medium, plan));
      return FALSE;
    }

  if (medium->image_file)
    {
      g_autofree char *path = cs_drive_image_path (run->target);
      guint64 end = (guint64)plan->start * CS_SECTOR_SIZE + plan->size;
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

  CS_STORE_RUN_LOG (run, G_LOG_LEVEL_DEBUG, today_is_start ? "Today is the start of the week."
                                              : "Today is NOT the start of the week.");

  if (cs_media_blank_needs_sizes (rebuild_media, today_is_start, config->blank_mode))
    {
      /* A medium we cannot read counts as empty, as Cedar's "returning full capacity": the
       * ratio then asks for an append, which is refused below rather than writing over it. */
      if (medium->state != CS_MEDIUM_APPENDABLE)
        available = cs_media_type_available (config->media_type, 0);
      else
        {
          /* Cedar compares the space left with the size of what this store adds; an
           * append starts at the next writable address on every kind of medium. */
          *appended = build_image (run, drive, label, TRUE, cancellable, error);
          if (*appended == NULL)
            return -1;
          required = cs_image_measure (*appended, medium->nwa, TRUE, error);
          if (required == 0)
            return -1;
          available = cs_media_type_available (config->media_type,
                                               (guint64)medium->nwa * CS_SECTOR_SIZE);
        }
    }

  return cs_media_decide_new_disc (rebuild_media, today_is_start, config->blank_mode,
                                   config->blank_factor, available, required, _cs_store_run_log, run);
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

    case CS_MEDIUM_UNREADABLE:
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("The disc in %s could not be read (%s, tried twice), so it is not known "
                     "whether it holds backups; nothing was written. Clean the disc or let the "
                     "drive settle and store again; to start it over, blank it with another "
                     "program first"), run->target, medium->problem);
      return FALSE;

    case CS_MEDIUM_FOREIGN:
      if (!new_disc)
        {
          /* --full cannot start a write-once disc over. */
          if (medium->overwritable || medium->erasable)
            g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                         _("Cannot append to %s: %s. Nothing was written; store with --full to "
                           "start a new disc"), run->target, medium->problem);
          else
            g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                         _("Cannot append to %s: %s. Nothing was written; insert a new blank "
                           "disc (this write-once disc cannot start over)"),
                         run->target, medium->problem);
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
               CsSessionPlan *layout,
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

/* Blanks, formats or invalidates what the plan asks for. After a blank or format the drive
 * is grabbed again, so libburn reads the medium anew, and the plan is made again: what the
 * medium can take is known before the session is written, not learnt from a failed write. */
static gboolean
prepare_medium (CsStoreRun     *run,
                CsDrive       **drive,
                CsSessionPlan  *plan,
                GError        **error)
{
  CsSessionPlan after;

  if (plan->prepare == CS_PREPARE_NONE)
    return TRUE;
  if (!cs_drive_prepare (*drive, plan, _cs_store_run_write_progress, run, error))
    return FALSE;
  if (plan->prepare == CS_PREPARE_INVALIDATE)
    return TRUE;

  cs_drive_release (*drive, FALSE);
  g_clear_object (drive);
  if ((*drive = cs_drive_open (run->target, _cs_store_run_log, run, error)) == NULL)
    return FALSE;
  _cs_store_run_post_medium (run, cs_drive_get_medium (*drive));
  if (!cs_drive_plan_session (*drive, TRUE, &after, error))
    return FALSE;
  after.size = plan->size;
  if (after.prepare != CS_PREPARE_NONE || after.start != plan->start
      || after.emulated != plan->emulated)
    {
      g_autofree char *words = cs_medium_words (cs_drive_get_medium (*drive));

      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("After preparing it, the medium in %s (%s) is not what was expected; "
                     "nothing of the new session was written. Store again"),
                   run->target, words);
      return FALSE;
    }
  if (!check_fits (run, *drive, &after, error))
    return FALSE;
  *plan = after;
  return TRUE;
}

/* Consumes @src. */
static gboolean
write_session (CsStoreRun          *run,
               CsDrive            **drive,
               struct burn_source  *src,
               const guint8        *head,
               CsSessionPlan       *plan,
               GCancellable        *cancellable,
               GError             **error)
{
  gboolean image_file = cs_drive_get_medium (*drive)->image_file;
  gboolean ok;

  if (!prepare_medium (run, drive, plan, error))
    {
      cs_image_cancel_source (src);
      return FALSE;
    }
  /* A blank or format cannot be interrupted: a cancel during one takes effect here, before
   * anything of the session is written. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      cs_image_cancel_source (src);
      g_set_error (error, CS_ERROR, CS_ERROR_CANCELLED,
                   _("The store was cancelled while the disc in %s was being prepared; nothing "
                     "of the session was written and nothing was marked stored"), run->target);
      return FALSE;
    }

  ok = cs_drive_write (*drive, src, plan->start, plan->multi, run->config->drive_speed,
                       _cs_store_run_write_progress, run, cancellable, error);
  burn_source_free (src);

  if (ok && image_file)
    ok = cs_drive_truncate_image (*drive, (guint64)plan->start * CS_SECTOR_SIZE + plan->size,
                                  error);
  /* Without a verify the session is made visible now; with one, after the compare. */
  if (ok && plan->emulated && !run->verify)
    ok = cs_drive_commit_head (*drive, head, _cs_store_run_write_progress, run, error);
  if (!ok && image_file)
    cs_drive_rollback_image (*drive);
  if (ok && !plan->multi)
    CS_STORE_RUN_LOG (run, G_LOG_LEVEL_WARNING,
         _("The disc in %s was closed: this medium cannot take more than one session, so the "
           "next store needs a new disc"), run->target);
  return ok;
}

/* Re-grabs the drive so libburn reads the new table of contents, then checks the new
 * session through libburn (never through the kernel's stale block device: finding 1 of
 * shared/docs/real-drives.md). */
static gboolean
check_on_drive (CsStoreRun    *run,
                CsDrive      **drive,
                const char    *label,
                const CsSessionPlan  *layout,
                GError       **error)
{
  cs_drive_release (*drive, FALSE);
  g_clear_object (drive);
  if ((*drive = cs_drive_open (run->target, _cs_store_run_log, run, error)) == NULL)
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
                const CsSessionPlan   *layout,
                const guint8   *head,
                guint64         total_bytes,
                GCancellable   *cancellable,
                GError        **error)
{
  const CsMedium *medium = cs_drive_get_medium (*drive);
  g_autoptr(GError) compare_error = NULL;
  gboolean image_file = medium->image_file;

  if (!layout->emulated)
    {
      if (!check_on_drive (run, drive, label, layout, error))
        return FALSE;
      if (cs_verify_days (*drive, layout->start, run->days, total_bytes,
                          _cs_store_run_verify_progress, run, _cs_store_run_log, run, cancellable,
                          &compare_error))
        return TRUE;
      /* The session is on the disc for good: say so, not only that the check stopped. */
      if (g_error_matches (compare_error, CS_ERROR, CS_ERROR_CANCELLED))
        {
          g_clear_error (&compare_error);
          g_set_error (&compare_error, CS_ERROR, CS_ERROR_CANCELLED,
                       _("The check was cancelled: the session at block %u of %s was written "
                         "but not read back, so nothing was marked stored; the next store "
                         "writes these days again"), layout->start, run->target);
        }
      g_propagate_error (error, g_steal_pointer (&compare_error));
      return FALSE;
    }

  if (!cs_verify_days (*drive, layout->start, run->days, total_bytes, _cs_store_run_verify_progress, run,
                       _cs_store_run_log, run, cancellable, &compare_error)
      && g_error_matches (compare_error, CS_ERROR, CS_ERROR_CANCELLED))
    {
      if (image_file)
        cs_drive_rollback_image (*drive);
      g_propagate_error (error, g_steal_pointer (&compare_error));
      return FALSE;
    }

  /* A session that does not match is still what was read from staging: it becomes the
   * newest session like any written one, and no day is marked stored. */
  if (!cs_drive_commit_head (*drive, head, _cs_store_run_write_progress, run, error))
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
      return cs_verify_probe (path, label, _cs_store_run_log, run, error);
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
  _cs_store_run_step_finish (run, error ? *error : NULL);
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
  CsSessionPlan layout = { 0 };
  guint64 data_bytes;
  int new_disc;

  _cs_store_run_step_start (run, CS_STEP_FIND_DAY);
  _cs_store_run_progress (run, -1.0, 0, 0);
  if (run->target == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("No target: give --device /dev/srN or --device stdio:/path/file.iso"));
      return fail_step (run, error);
    }
  if (!find_days (run, error) || !check_target_outside_staging (run, error)
      || !_cs_store_run_check_markable (run, error))
    return fail_step (run, error);
  _cs_store_run_step_finish (run, NULL);

  _cs_store_run_step_start (run, CS_STEP_BUILD_IMAGE);
  _cs_store_run_progress (run, -1.0, 0, 0);
  if (!(drive = cs_drive_open_full (run->target, run->config->force_device
                                                 ? CS_DRIVE_OPEN_FORCE_DEVICE : CS_DRIVE_OPEN_DEFAULT,
                                    _cs_store_run_log, run, error)))
    return fail_step (run, error);
  medium = cs_drive_get_medium (drive);
  _cs_store_run_post_medium (run, medium);
  if (run->config->check_media && run->mode != CS_STORE_MODE_INITIALIZE
      && !cs_media_check_label (run->config->media_type, medium->label, _cs_store_run_log, run, error))
    return fail_step (run, error);

  if (run->mode == CS_STORE_MODE_INITIALIZE && !cs_media_type_is_rewritable (run->config->media_type))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Only rewritable media types can be initialized (the media type is %s)."),
                   cs_media_type_to_string (run->config->media_type));
      return fail_step (run, error);
    }

  /* An initialized write-once disc would be the week's new disc already used up: the
   * first store of the week writes a blank one directly. */
  if (run->mode == CS_STORE_MODE_INITIALIZE && medium->state != CS_MEDIUM_NONE
      && !medium->overwritable && !medium->erasable)
    {
      g_autofree char *words = cs_medium_words (medium);

      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("The disc in %s (%s) is write-once: initializing it would use it up, and "
                     "the week's first store needs it blank. Nothing was written; initialize "
                     "only rewritable discs"), run->target, words);
      return fail_step (run, error);
    }

  new_disc = decide_new_disc (run, drive, label, &appended, cancellable, error);
  if (new_disc < 0)
    return fail_step (run, error);
  /* Nothing on the medium yet: whatever Cedar decided, this is the first session. */
  if (medium->state == CS_MEDIUM_BLANK)
    new_disc = TRUE;
  CS_STORE_RUN_LOG (run, G_LOG_LEVEL_INFO, new_disc ? _("Writing a new disc.") : _("Appending a new session."));

  /* Before anything is built: a damaged track takes no appended session
   * (cs-drive-damaged.c); a new disc blanks it, or is refused below on write-once media. */
  run->damaged = medium->damaged;
  if (!new_disc && !cs_drive_check_not_damaged (drive, error))
    return fail_step (run, error);
  if (!check_medium_usable (run, medium, new_disc, error))
    return fail_step (run, error);

  /* Before the image is built: what the medium can take, and what must happen to it
   * first (nothing is blanked, formatted or invalidated yet). */
  if (!cs_drive_plan_session (drive, new_disc, &layout, error))
    return fail_step (run, error);
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
  _cs_store_run_step_finish (run, NULL);

  if (run->dry_run)
    {
      cs_image_cancel_source (src);
      CS_STORE_RUN_LOG (run, G_LOG_LEVEL_INFO, _("Dry run: nothing was written."));
      return TRUE;
    }

  _cs_store_run_step_start (run, CS_STEP_WRITE);
  if (check_cancelled (cancellable, error))
    {
      cs_image_cancel_source (src);
      return fail_step (run, error);
    }
  if (!write_session (run, &drive, src, head, &layout, cancellable, error))
    return fail_step (run, error);
  data_bytes = cs_image_get_data_bytes (image);
  g_clear_object (&image);
  _cs_store_run_step_finish (run, NULL);

  if (run->verify)
    {
      _cs_store_run_step_start (run, CS_STEP_VERIFY);
      CS_STORE_RUN_LOG (run, G_LOG_LEVEL_DEBUG, "Running consistency check of media.");
      if (!verify_session (run, &drive, label, &layout, head, data_bytes, cancellable, error))
        return fail_step (run, error);
      run->verified = TRUE;
      _cs_store_run_step_finish (run, NULL);
    }
  else
    CS_STORE_RUN_LOG (run, G_LOG_LEVEL_WARNING, _("The consistency check is off: the disc was not read back."));

  cs_drive_release (drive, !run->config->no_eject);

  if (check_cancelled (cancellable, error))
    return FALSE;

  _cs_store_run_step_start (run, CS_STEP_MARK_STORED);
  if (!_cs_store_run_mark_days (run, error))
    return fail_step (run, error);
  _cs_store_run_step_finish (run, NULL);

  CS_STORE_RUN_LOG (run, G_LOG_LEVEL_INFO, run->mode == CS_STORE_MODE_REBUILD ? _("Executed the 'rebuild' action successfully.")
                              : run->mode == CS_STORE_MODE_INITIALIZE ? _("Executed the 'initialize' action successfully.")
                              : _("Executed the 'store' action successfully."));
  return TRUE;
}
