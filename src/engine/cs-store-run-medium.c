/* cs-store-run-medium.c – whether the medium can take the session, checked before
 * anything is written
 *
 * The store pipeline's checks of the medium it opened (cs-store-run.c): that its state
 * allows an append or a new disc, that the session fits on it (and an image file in its
 * filesystem), and that a new disc may erase what it holds (issue 14). Each refusal is
 * CS_ERROR_MEDIUM, exit status 4, and says what to do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sys/stat.h>

#include "cs-advice.h"
#include "cs-drive.h"
#include "cs-drive-plan.h"
#include "cs-error.h"
#include "cs-media.h"
#include "cs-store-run.h"

/* Whether the medium's state allows the store: an append (@new_disc %FALSE) or a new disc,
 * which write-once media cannot start over. */
gboolean
_cs_store_run_check_medium_usable (CsStoreRun      *run,
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
                   run->target, cs_advice_media_type (run->config->media_type));
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
            {
              g_autofree char *target = cs_advice_target_in_sentence (run->target);

              g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                           cs_advice_pick (_("Cannot append to %s: %s. Nothing was written; store "
                                             "with --full to start a new disc"),
                                           _("Cannot append to %s: %s. Nothing was written; "
                                             "choose another disc or image file")),
                           target, medium->problem);
            }
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

/* Capacity left for the session: the media type's limit and, for real drives, what the
 * drive says the medium can take from the session's start (plan->space), compared with
 * what the session occupies there with libburn's padding. Image files also need room in
 * their filesystem. */
gboolean
_cs_store_run_check_fits (CsStoreRun          *run,
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
  g_autofree char *size_text = g_format_size (plan->size);
  g_autofree char *avail_text = NULL;
  g_autofree char *words = cs_medium_words (medium);

  if (plan->emulated && plan->new_disc)
    available = available > CS_HEAD_SIZE ? available - CS_HEAD_SIZE : 0;
  if (!medium->image_file && plan->space > 0)
    available = MIN (available, plan->space);
  /* What is shown and compared is room for the image itself: the padding is taken off. */
  available = available > padding ? available - padding : 0;

  CS_STORE_RUN_LOG (run, G_LOG_LEVEL_INFO, _("Image size will be %s."), size_text);
  avail_text = g_format_size (available);
  /* "Already on the disc" as the medium row and the disc contents say it (issue 14, item
   * 4): up to the end of the last session (the volume's size), not where the next one
   * starts (on image files and overwritable media at the next 64 KiB); the few blocks
   * between are in neither figure, and the free space is the fit check's. */
  {
    guint64 on_disc = used;

    if (used > 0 && medium->image_blocks > 0)
      on_disc = MIN (used, (guint64)medium->image_blocks * CS_SECTOR_SIZE);
    _cs_store_run_post_plan (run, medium, plan, on_disc, available);
  }

  if (plan->size > available)
    {
      CS_STORE_RUN_LOG (run, G_LOG_LEVEL_WARNING, _("Image [%s] does not fit in available capacity [%s]."),
           size_text, avail_text);
      if (cs_advice_get_audience () == CS_AUDIENCE_WINDOW)
        {
          g_autofree char *target = cs_advice_target_in_sentence (run->target);
          g_autofree char *todo = cs_advice_no_room (medium, plan->new_disc, TRUE);

          /* Translators: %1$s the session's size, %2$s the target ("Image file disc.iso",
           * "/dev/sr0"), %3$s the media type ("CD-R, 74 min"), %4$s the free space, %5$s
           * "Nothing was written. " or "" (a check before any store), %6$s what to do */
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("This session needs %1$s, but %2$s (%3$s) has only %4$s free. %5$s%6$s"),
                       size_text, target, cs_advice_media_type (type), avail_text,
                       run->dry_run ? "" : _("Nothing was written. "),
                       todo);
        }
      else
        {
          g_autofree char *hint = cs_advice_no_room (medium, plan->new_disc, FALSE);

          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("The image (%s) does not fit on %s (%s): %s free for a %s session; "
                         "nothing was written. To store it, %s"),
                       size_text, run->target, words, avail_text,
                       cs_media_type_to_string (type), hint);
        }
      return FALSE;
    }

  /* A new disc beside the old image needs room for all of it (cs-drive-beside.c). */
  if (medium->image_file && run->beside)
    return cs_drive_check_room_beside (drive, (guint64)plan->start * CS_SECTOR_SIZE + plan->size,
                                       error);
  if (medium->image_file)
    {
      g_autofree char *path = cs_drive_image_path (run->target);
      guint64 end = (guint64)plan->start * CS_SECTOR_SIZE + plan->size;
      struct stat st;
      guint64 current = stat (path, &st) == 0 ? (guint64)st.st_size : 0;

      if (end > current && end - current > medium->free_bytes)
        {
          g_autofree char *need = g_format_size (end - current);
          g_autofree char *have = g_format_size (medium->free_bytes);

          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("The filesystem holding “%s” has %s free but the store needs %s; "
                         "nothing was written. Free some space or choose another target"),
                       path, have, need);
          return FALSE;
        }
    }
  return TRUE;
}

/* Whether @medium holds something a new disc would lose: Cedar's sessions, a closed disc,
 * or other data. */
static gboolean
medium_holds_data (const CsMedium *medium)
{
  return medium->state == CS_MEDIUM_APPENDABLE || medium->state == CS_MEDIUM_CLOSED
         || medium->state == CS_MEDIUM_FOREIGN;
}

/* The window asks before a new disc erases one that holds sessions (issue 14); the store it
 * then starts may erase only when the person said so, so a disc changed since the window's
 * dry run is refused here, before anything is written. A headless store (cron) allows it,
 * as Cedar Backup does. */
gboolean
_cs_store_run_check_erase_allowed (CsStoreRun      *run,
                                   const CsMedium  *medium,
                                   gboolean         new_disc,
                                   GError         **error)
{
  g_autofree char *name = NULL;
  g_autofree char *what = NULL;

  if (run->allow_erase || run->dry_run || !new_disc || !medium_holds_data (medium))
    return TRUE;

  run->erase_refused = TRUE;
  name = cs_advice_target_in_sentence (run->target);
  what = medium->label != NULL && *medium->label != '\0'
         /* Translators: a disc's volume id, in the messages below */
         ? g_strdup_printf (_("labelled “%s”"), medium->label)
         : g_strdup (_("holding other data"));
  if (medium->image_file)
    /* Translators: %1$s the image file ("Image file disc.iso"), %2$s “labelled “…”” */
    g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                 _("This store starts a new disc and would replace %1$s (%2$s), and that was "
                   "not confirmed; nothing was written. Store again and confirm, or choose "
                   "another image file"), name, what);
  else
    /* Translators: %1$s the drive ("/dev/sr0"), %2$s “labelled “…”” */
    g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                 _("This store starts a new disc and would erase the disc in %1$s (%2$s), and "
                   "that was not confirmed; nothing was written. Store again and confirm the "
                   "erase, or insert a blank disc"), name, what);
  return FALSE;
}
