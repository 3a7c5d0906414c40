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

#include "cs-advice.h"
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
  g_autofree char *real_file = NULL;   /* where a symbolic link leads: a new disc goes beside it */
  g_autoptr(GPtrArray) roots = g_ptr_array_new_with_free_func (g_free);

  if (image == NULL)
    return TRUE;

  dir = g_path_get_dirname (image);
  base = g_path_get_basename (image);
  real_dir = realpath (dir, NULL);
  real_target = g_build_filename (real_dir ? real_dir : dir, base, NULL);
  real_file = realpath (image, NULL);

  if (run->config->staging_dir != NULL)
    g_ptr_array_add (roots, realpath (run->config->staging_dir, NULL));
  for (guint i = 0; i < run->days->len; i++)
    g_ptr_array_add (roots, realpath (((CsDay *)g_ptr_array_index (run->days, i))->path, NULL));

  for (guint i = 0; i < roots->len; i++)
    {
      const char *root = g_ptr_array_index (roots, i);

      if (root != NULL && (path_is_inside (real_target, root) || path_is_inside (image, root)
                           || (real_file != NULL && path_is_inside (real_file, root))))
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
  gboolean new_disc;

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

  new_disc = cs_media_decide_new_disc (rebuild_media, today_is_start, config->blank_mode,
                                       config->blank_factor, available, required,
                                       _cs_store_run_log, run);
  /* For people (CsStorePlan.new_disc_reason): a blank medium's first session is a new disc
   * too, whatever the rule said. */
  g_clear_pointer (&run->new_disc_reason, g_free);
  if (new_disc || medium->state == CS_MEDIUM_BLANK)
    run->new_disc_reason = _cs_store_run_new_disc_reason (run, medium, new_disc, available,
                                                          required);
  return new_disc;
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
  if (!_cs_store_run_check_fits (run, *drive, &after, error))
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
  CsPrepare prepare = plan->prepare;   /* the plan made after a blank asks for nothing */
  gboolean ok;

  if (!prepare_medium (run, drive, plan, error))
    {
      cs_image_cancel_source (src);
      return FALSE;
    }
  /* From here on a failure leaves a disc without its old sessions (an image file gets its
   * new disc beside it instead, and is not prepared). */
  run->erased = run->old_holds_data && (prepare == CS_PREPARE_BLANK_FAST
                                        || prepare == CS_PREPARE_BLANK_FULL
                                        || prepare == CS_PREPARE_INVALIDATE);
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

  run->writing = TRUE;
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
      /* The file written: beside the old image on a new disc (not yet renamed over it). */
      g_autofree char *path = cs_drive_image_path (cs_drive_get_address (*drive));
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

/* What the medium holds, for the plan (the window's contents view and erase question) and
 * the log of a new disc: read before anything is erased. A failure only leaves it unknown. */
static void
read_contents (CsStoreRun     *run,
               CsDrive        *drive,
               const CsMedium *medium,
               GCancellable   *cancellable)
{
  g_autoptr(GError) local = NULL;

  g_clear_pointer (&run->contents, cs_disc_contents_free);
  if (medium->state != CS_MEDIUM_APPENDABLE && medium->state != CS_MEDIUM_CLOSED
      && medium->state != CS_MEDIUM_FOREIGN)
    return;
  run->contents = cs_disc_contents_read (drive, cancellable, &local);
  if (run->contents == NULL)
    CS_STORE_RUN_LOG (run, G_LOG_LEVEL_DEBUG, "Cannot list the sessions in %s: %s", run->target,
                      local->message);
}

static gboolean
fail_step (CsStoreRun  *run,
           GError     **error)
{
  _cs_store_run_step_finish (run, error ? *error : NULL);
  return FALSE;
}

/* A failure in the write or verify step: says what it left of the old disc. */
static gboolean
fail_new_disc (CsStoreRun  *run,
               GError     **error)
{
  _cs_store_run_note_new_disc_failure (run, error);
  return fail_step (run, error);
}

gboolean
_cs_store_run_execute (CsStoreRun    *run,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(CsDrive) old_drive = NULL;   /* beside: the old image, locked until the end */
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
                   cs_advice_pick (_("No target: give --device /dev/srN or --device "
                                     "stdio:/path/file.iso"),
                                   _("No target: choose a disc drive or an image file")));
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
  read_contents (run, drive, medium, cancellable);
  if (run->config->check_media && run->mode != CS_STORE_MODE_INITIALIZE
      && !cs_media_check_label (run->config->media_type, medium->label, _cs_store_run_log, run, error))
    return fail_step (run, error);

  if (run->mode == CS_STORE_MODE_INITIALIZE && !cs_media_type_is_rewritable (run->config->media_type))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Only rewritable media types can be initialized (the media type is %s)."),
                   cs_advice_media_type (run->config->media_type));
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
  if (!_cs_store_run_check_medium_usable (run, medium, new_disc, error))
    return fail_step (run, error);

  /* Before the image is built: what the medium can take, and what must happen to it
   * first (nothing is blanked, formatted or invalidated yet). */
  if (!cs_drive_plan_session (drive, new_disc, &layout, error))
    return fail_step (run, error);
  run->beside = medium->image_file && new_disc && medium->state != CS_MEDIUM_BLANK;
  if (!new_disc && appended != NULL)
    image = g_steal_pointer (&appended);
  else if (!(image = build_image (run, drive, label, !new_disc, cancellable, error)))
    return fail_step (run, error);
  g_clear_object (&appended);

  if (!(src = start_session (drive, image, &layout, &head, error)))
    return fail_step (run, error);
  if (!_cs_store_run_check_fits (run, drive, &layout, error)
      || !_cs_store_run_check_erase_allowed (run, medium, new_disc, error))
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

  if (new_disc)
    _cs_store_run_remember_old_disc (run, medium, run->contents);

  _cs_store_run_step_start (run, CS_STEP_WRITE);
  if (check_cancelled (cancellable, error)
      || (run->beside && !_cs_store_run_write_beside (run, &drive, &old_drive, &layout, error)))
    {
      cs_image_cancel_source (src);
      return fail_step (run, error);
    }
  if (!write_session (run, &drive, src, head, &layout, cancellable, error))
    return fail_new_disc (run, error);
  data_bytes = cs_image_get_data_bytes (image);
  g_clear_object (&image);
  if (!run->verify && !_cs_store_run_put_beside (run, drive, cancellable, error))
    return fail_step (run, error);
  _cs_store_run_step_finish (run, NULL);

  if (run->verify)
    {
      _cs_store_run_step_start (run, CS_STEP_VERIFY);
      CS_STORE_RUN_LOG (run, G_LOG_LEVEL_DEBUG, "Running consistency check of media.");
      if (!verify_session (run, &drive, label, &layout, head, data_bytes, cancellable, error))
        return fail_new_disc (run, error);
      if (!_cs_store_run_put_beside (run, drive, cancellable, error))
        return fail_step (run, error);
      run->verified = TRUE;
      _cs_store_run_step_finish (run, NULL);
    }
  else
    CS_STORE_RUN_LOG (run, G_LOG_LEVEL_WARNING, _("The consistency check is off: the disc was not read back."));

  /* An image file stays locked until its days are marked (released at the end). */
  if (!cs_drive_get_medium (drive)->image_file)
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
