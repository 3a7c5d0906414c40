/* cs-store-run-newdisc.c – a store that starts a new disc: why, in words for people, and
 * what a failure after the old disc was erased leaves (issue 14, items 1 and 2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cs-disc-contents.h"
#include "cs-error.h"
#include "cs-store-run.h"

/* The weekday of @date in the user's language ("Monday"). */
static char *
weekday_name (const GDate *date)
{
  g_autoptr(GDateTime) dt = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                   g_date_get_day (date), 12, 0, 0);

  return dt != NULL ? g_date_time_format (dt, "%A") : g_strdup ("?");
}

/**
 * _cs_store_run_new_disc_reason:
 * @medium: what is in the drive before the store
 * @cedar_new_disc: Cedar Backup's rule (cs_media_decide_new_disc()) asked for a new disc;
 *   FALSE when the new disc is only the first session of a blank medium
 * @available: bytes left on the medium (the blank-factor rule), 0 when not measured
 * @required: bytes this store adds (the blank-factor rule), 0 when not measured
 *
 * Why this store starts a new disc, as one sentence for people without the final full stop
 * (the rule is Cedar Backup's `_getNewDisc`, shared/docs/cedar-store.md §2.5).
 *
 * Returns: (transfer full): the sentence
 */
char *
_cs_store_run_new_disc_reason (CsStoreRun     *run,
                               const CsMedium *medium,
                               gboolean        cedar_new_disc,
                               guint64         available,
                               guint64         required)
{
  const CsConfig *config = run->config;
  g_autofree char *why = NULL;

  g_return_val_if_fail (run != NULL && medium != NULL, NULL);

  if (!cedar_new_disc)
    return g_strdup (medium->image_file ? _("The image file is empty, so this store starts it")
                                        : _("The disc is blank, so this store starts it"));

  switch (run->mode)
    {
    case CS_STORE_MODE_INITIALIZE:
      return g_strdup (_("Initializing starts the disc over, empty and labelled for Cedar "
                         "Backup"));
    case CS_STORE_MODE_FULL:
      return g_strdup (_("A full store starts a new disc"));
    case CS_STORE_MODE_REBUILD:
      return g_strdup (_("Rebuild stores this week’s days on a new disc"));
    case CS_STORE_MODE_STORE:
    default:
      break;
    }

  /* Without <blank_behavior> only the start of the week asks for a new disc (rule 2); with
   * it, only the blank-factor calculation does (rule 4). */
  if (config->blank_mode == CS_BLANK_NONE)
    {
      g_autofree char *day = weekday_name (&run->today);

      /* Translators: %s a weekday ("Monday"), the configured first day of the week */
      why = g_strdup_printf (_("%s starts a new week in your Cedar Backup configuration"), day);
    }
  else
    {
      g_autofree char *left = g_format_size (available);
      g_autofree char *adds = g_format_size (required);
      char factor[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (factor, sizeof factor, "%.2f", config->blank_factor);
      if (config->blank_mode == CS_BLANK_DAILY)
        /* Translators: %1$s space left, %2$s what the store adds, %3$s a factor ("1.00") */
        why = g_strdup_printf (_("The disc is nearly full: %1$s is left and this store adds "
                                 "%2$s, and your Cedar Backup configuration starts a new disc "
                                 "when no more than %3$s times that is left (checked every "
                                 "day)"), left, adds, factor);
      else
        /* Translators: %1$s space left, %2$s what the store adds, %3$s a factor ("1.00") */
        why = g_strdup_printf (_("The disc is nearly full: %1$s is left and this store adds "
                                 "%2$s, and your Cedar Backup configuration starts a new disc "
                                 "when no more than %3$s times that is left (checked at the "
                                 "start of each week)"), left, adds, factor);
    }

  if (run->explicit_days != NULL && run->explicit_days->len > 0)
    /* Translators: %s one of the sentences above ("Monday starts a new week in …") */
    return g_strdup_printf (_("The days chosen by hand go on a new disc: %s"), why);
  return g_steal_pointer (&why);
}

/* "labelled “CEDAR BACKUP 23-NOV-2026”" or "without a label". */
static char *
label_words (const char *label)
{
  if (label == NULL || *label == '\0')
    return g_strdup (_("without a label"));
  /* Translators: %s a disc's volume id */
  return g_strdup_printf (_("labelled “%s”"), label);
}

/* "its 2 sessions labelled “…”, with the days 2026/11/23 and 2026/11/24", "its earlier data" */
static char *
old_disc_words (CsStoreRun *run)
{
  g_autofree char *label = label_words (run->old_label);
  g_autofree char *days = NULL;
  g_autofree char *with_days = NULL;
  guint n_days = 0;

  if (run->old_sessions == 0)
    return g_strdup (_("its earlier data"));
  if (run->old_contents != NULL && run->old_contents->days != NULL)
    n_days = g_strv_length (run->old_contents->days);
  if (n_days > 0)
    {
      days = cs_disc_contents_describe_days (run->old_contents, 8);
      /* Translators: %s the days ("2026/11/23 and 2026/11/24", "2026/11/23, … and 3 more") */
      with_days = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, ", with the day %s",
                                                ", with the days %s", n_days), days);
    }
  /* Translators: %1$u sessions, %2$s “labelled “…””, %3$s “, with the days …” or empty */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "its %1$u session %2$s%3$s",
                                       "its %1$u sessions %2$s%3$s", run->old_sessions),
                          run->old_sessions, label, with_days != NULL ? with_days : "");
}

/**
 * _cs_store_run_remember_old_disc:
 * @medium: what is in the drive before the store
 * @contents: (nullable): its sessions and days, when read
 *
 * Keeps what a new disc will erase, for the message of a failure after the erase, and logs
 * at INFO why the store starts a new disc and what it erases, when @medium holds anything.
 */
void
_cs_store_run_remember_old_disc (CsStoreRun           *run,
                                 const CsMedium       *medium,
                                 const CsDiscContents *contents)
{
  g_autofree char *what = NULL;

  g_return_if_fail (run != NULL && medium != NULL);

  g_clear_pointer (&run->old_label, g_free);
  g_clear_pointer (&run->old_contents, cs_disc_contents_free);
  run->old_sessions = 0;
  run->old_holds_data = medium->state == CS_MEDIUM_APPENDABLE || medium->state == CS_MEDIUM_CLOSED
                        || medium->state == CS_MEDIUM_FOREIGN;
  if (!run->old_holds_data)
    return;
  run->old_label = g_strdup (medium->label);
  run->old_sessions = medium->state != CS_MEDIUM_FOREIGN ? medium->sessions : 0;
  run->old_contents = contents != NULL ? cs_disc_contents_copy (contents) : NULL;

  what = old_disc_words (run);
  /* Translators: %1$s the target, %2$s why (a sentence), %3$s “its 2 sessions labelled “…”,
   * with the days …” or “its earlier data” */
  CS_STORE_RUN_LOG (run, G_LOG_LEVEL_INFO, _("Starting a new disc in %1$s: %2$s; erasing %3$s"),
                    run->target, run->new_disc_reason ? run->new_disc_reason : "?", what);
}

/* @message without a final full stop. */
static char *
without_stop (const char *message)
{
  char *text = g_strdup (message);
  gsize len = strlen (text);

  if (len > 0 && text[len - 1] == '.')
    text[len - 1] = '\0';
  return text;
}

/**
 * _cs_store_run_note_new_disc_failure:
 * @error: (inout): the failure of a store that started a new disc
 *
 * Says in @error what the failure left of the old disc: on an image file written beside,
 * that the old image is unchanged; after an erase that cannot be undone (a blanked CD-RW or
 * DVD-RW, an invalidated DVD+RW or BD-RE, an image file written in place), that the disc
 * was erased and what it no longer holds. A cancel after an erase gets a message of its own,
 * since the drive's "earlier sessions are unchanged" is no longer true.
 */
void
_cs_store_run_note_new_disc_failure (CsStoreRun  *run,
                                     GError     **error)
{
  g_autofree char *message = NULL;
  g_autofree char *what = NULL;

  g_return_if_fail (run != NULL);
  if (error == NULL || *error == NULL)
    return;

  if (run->beside && g_error_matches (*error, CS_ERROR, CS_ERROR_CANCELLED))
    {
      g_free ((*error)->message);
      /* Translators: %s the image file */
      (*error)->message = g_strdup_printf (_("The store was cancelled while the new disc was "
                                             "written beside “%s”: that image file is "
                                             "unchanged, the new file was removed, and nothing "
                                             "was marked stored"), run->beside_of);
      return;
    }
  if (run->beside)
    {
      message = without_stop ((*error)->message);
      g_free ((*error)->message);
      /* Translators: %1$s the failure, %2$s the image file */
      (*error)->message = g_strdup_printf (_("%1$s. The image file “%2$s” is unchanged: the "
                                             "new disc was being written to a file beside it, "
                                             "which was removed"),
                                           message, run->beside_of);
      return;
    }
  if (!run->erased)
    return;

  what = old_disc_words (run);
  if (g_error_matches (*error, CS_ERROR, CS_ERROR_CANCELLED))
    {
      g_free ((*error)->message);
      if (run->writing)
        /* Translators: %1$s the target, %2$s “its 2 sessions labelled “…”, with the days …” */
        (*error)->message = g_strdup_printf (_("The store was cancelled after the disc in %1$s "
                                               "was erased for the new disc: it no longer "
                                               "holds %2$s, and nothing was marked stored. "
                                               "Store again to write a new disc"),
                                             run->target, what);
      else
        /* Translators: %1$s the target, %2$s “its 2 sessions labelled “…”, with the days …” */
        (*error)->message = g_strdup_printf (_("The store was cancelled after the disc in %1$s "
                                               "was erased for the new disc: it no longer "
                                               "holds %2$s; nothing of the session was written "
                                               "and nothing was marked stored. Store again to "
                                               "write a new disc"), run->target, what);
      return;
    }
  message = without_stop ((*error)->message);
  g_free ((*error)->message);
  /* Translators: %1$s the failure, %2$s the target, %3$s “its 2 sessions labelled “…”, with
   * the days …” */
  (*error)->message = g_strdup_printf (_("%1$s. The disc in %2$s had been erased for the new "
                                         "disc before this: it no longer holds %3$s"),
                                       message, run->target, what);
}

/**
 * _cs_store_run_write_beside:
 * @drive: (inout): the image file; on return the drive of the new file beside it
 * @old_drive: (out): the image file's drive, which keeps it locked until the run ends
 * @layout: (inout): its prepare step becomes %CS_PREPARE_NONE (a new file holds nothing)
 *
 * An image file that holds data gets its new disc in a file beside it (cs-drive-beside.c).
 * A folder that cannot take the file (no permission, a read-only filesystem, an owner that
 * cannot be kept) leaves the store writing in place, as before, with a warning in the log.
 *
 * Returns: FALSE with a %CS_ERROR when the new file could not be made for another reason
 */
gboolean
_cs_store_run_write_beside (CsStoreRun     *run,
                            CsDrive       **drive,
                            CsDrive       **old_drive,
                            CsSessionPlan  *layout,
                            GError        **error)
{
  g_autoptr(GError) local = NULL;
  CsDrive *beside = cs_drive_open_beside (*drive, &local);

  if (beside == NULL && local->domain != G_FILE_ERROR)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (beside == NULL)
    {
      run->beside = FALSE;
      /* Translators: %1$s why the file could not be made, %2$s the target */
      CS_STORE_RUN_LOG (run, G_LOG_LEVEL_WARNING,
                        _("%1$s. The new disc is written over %2$s in place instead, so a "
                          "failure or a cancel from now on leaves it without its sessions"),
                        local->message, run->target);
      return TRUE;
    }
  run->beside_of = g_strdup (cs_drive_beside_path (beside));
  *old_drive = *drive;
  *drive = beside;
  layout->prepare = CS_PREPARE_NONE;   /* nothing to invalidate in a new file */
  return TRUE;
}

/**
 * _cs_store_run_put_beside:
 * @drive: the new file's drive (from _cs_store_run_write_beside())
 *
 * After the new disc beside the old image was written (and verified): renames it over the
 * old image. Does nothing when the run writes no file beside.
 *
 * Returns: FALSE with %CS_ERROR_CANCELLED (the old image is then unchanged) or, when the
 *   rename failed, %CS_ERROR_WRITE
 */
gboolean
_cs_store_run_put_beside (CsStoreRun    *run,
                          CsDrive       *drive,
                          GCancellable  *cancellable,
                          GError       **error)
{
  if (!run->beside)
    return TRUE;
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CANCELLED,
                   _("The store was cancelled; nothing was marked stored"));
      _cs_store_run_note_new_disc_failure (run, error);
      return FALSE;
    }
  if (!cs_drive_replace_image (drive, error))
    return FALSE;
  run->beside = FALSE;   /* done: a later failure no longer finds the old image */
  return TRUE;
}
