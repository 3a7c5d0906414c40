/* cs-window-failure.c – a failed store told: the dialog's heading by the failed step, what
 * to do next by the cause (a staging file changed, a bad medium, an image file), and
 * addresses in people's words
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cs-advice.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-window-private.h"

/* Exit status 2 from building the image is a file in the staging folder, not a setting. */
static gboolean
is_staging_problem (CsWindow     *self,
                    const GError *error)
{
  return cs_error_exit_status (error) == CS_ERROR_CONFIG
         && cs_step_row_get_state (self->step_rows[CS_STEP_BUILD_IMAGE]) == CS_STEP_ROW_FAILED;
}

static const char *
failure_heading (CsWindow     *self,
                 const GError *error)
{
  if (self->failure_is_mark)
    return _("Cannot Mark the Day as Stored");

  if (is_staging_problem (self, error))
    return _("A File Cannot Be Stored");

  switch (cs_error_exit_status (error))
    {
    case CS_ERROR_MEDIUM:
      return _("Cannot Use the Disc");

    case CS_ERROR_WRITE:
      return _("Writing Failed");

    case CS_ERROR_VERIFY:
      return _("The Disc Does Not Match");

    case CS_ERROR_NOTHING_TO_STORE:
      return _("Nothing to Store");

    case CS_ERROR_CONFIG:
      return _("Configuration Problem");

    case CS_ERROR_MARK:
      return _("Stored, but Not Marked");

    default:
      return _("Store Failed");
    }
}

/* What to do when a write or the check failed because of the staging files, not the
 * target (the error's cause, cs-error.h); NULL for any other cause. */
static const char *
source_advice (const GError *error)
{
  switch (cs_error_get_cause (error))
    {
    case CS_ERROR_CAUSE_SOURCE_CHANGED:
      return _("A staging file changed while it was stored. Wait until Cedar Backup’s "
               "staging run is finished, then store the days again.");

    case CS_ERROR_CAUSE_SOURCE_UNREADABLE:
      return _("A staging file could not be read. Give yourself read access to the "
               "staging folder, then store the days again.");

    case CS_ERROR_CAUSE_MEDIUM:
    case CS_ERROR_CAUSE_UNKNOWN:
    default:
      return NULL;
    }
}

static const char *
what_next (CsWindow     *self,
           const GError *error)
{
  const char *advice;

  /* The engine's message says what the erased disc no longer holds. */
  if (self->erased)
    return _("Store again to write the new disc; if that fails too, try another disc.");

  /* Found before writing (cs-window-mark.c asked again why the store stopped). */
  if (self->failure_is_mark)
    return _("Nothing was written. Give yourself write access to the staging folder, or "
             "turn on “Leave Days Unmarked”.");

  if (is_staging_problem (self, error))
    return _("Nothing was written. Fix or remove what is named in the staging folder, then "
             "store again.");

  switch (cs_error_exit_status (error))
    {
    case CS_ERROR_CONFIG:
      return _("Check the settings in Preferences, or the Cedar Backup configuration file.");

    case CS_ERROR_NOTHING_TO_STORE:
      return _("Let Cedar Backup stage a day first, or choose the staging folders to store.");

    case CS_ERROR_MEDIUM:
      return _("Insert a writable disc with room for this store, or choose another target.");

    case CS_ERROR_WRITE:
      /* A staging file that changed or could not be read while the image was generated
       * (cs-drive-io.c generator_error()) is no fault of the disc. */
      if ((advice = source_advice (error)) != NULL)
        return advice;
      if (cs_drive_address_is_image (self->target))
        return _("Nothing was marked stored. Make sure the image file’s folder has room "
                 "and can be written, then store again.");
      return _("Nothing was marked stored. The disc may be faulty or of a kind this drive "
               "cannot write: try again with another disc.");

    case CS_ERROR_VERIFY:
      /* The advice fits the cause the check found (cs-verify.c), and the target. */
      if ((advice = source_advice (error)) != NULL)
        return advice;
      if (cs_drive_address_is_image (self->target))
        return _("The image file does not hold what was written. Store the days again, "
                 "and choose another image file.");
      return _("The disc does not give back what was written. Store the days again on "
               "another disc, and set this one aside.");

    case CS_ERROR_MARK:
      return _("Keep the disc. Give yourself write access to the staging folder, or turn "
               "on “Leave Days Unmarked” to store without marking.");

    default:
      return _("This should not happen. Save the log and report the problem.");
    }
}

static void
on_failure_response (CsWindow         *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "save-log") == 0)
    _cs_window_save_log (self);
}

/**
 * _cs_window_for_people:
 * @text: an engine message, which names the target exactly (for the log)
 *
 * @text for a label, toast or notification: an image file target's address
 * ("stdio:/…/disc.iso") becomes its name for people ("Image file disc.iso", as
 * cs_advice_target() says it). Issue 14, item 5: the exact address stays in the log.
 *
 * Returns: (transfer full): the text to show
 */
char *
_cs_window_for_people (CsWindow   *self,
                       const char *text)
{
  g_autofree char *name = NULL;
  g_auto(GStrv) parts = NULL;

  if (text == NULL)
    return NULL;
  if (self->target == NULL || !cs_drive_address_is_image (self->target)
      || strstr (text, self->target) == NULL)
    return g_strdup (text);

  /* "Image file disc.iso" starts a text, "image file disc.iso" is mid-sentence. */
  name = cs_advice_target_in_sentence (self->target);
  parts = g_strsplit (text, self->target, -1);
  if (parts[0] != NULL && *parts[0] == '\0')
    {
      g_autofree char *first = cs_advice_target (self->target);
      g_autofree char *rest = g_strjoinv (name, parts + 1);

      return g_strconcat (first, rest, NULL);
    }
  return g_strjoinv (name, parts);
}

/* The dialog for a failed store, with what to do next. */
void
_cs_window_show_failure (CsWindow     *self,
                         const GError *error)
{
  g_autofree char *body = NULL;
  g_autofree char *message = NULL;
  g_autofree char *logs = g_build_filename (g_get_user_state_dir (), "cedar-store", "logs", NULL);
  GtkWidget *dialog;

  /* The engine's messages end without a full stop (a log line); here they are a sentence. */
  message = _cs_window_for_people (self, error->message);
  g_strchomp (message);
  if (*message != '\0' && !g_str_has_suffix (message, ".") && !g_str_has_suffix (message, "!")
      && !g_str_has_suffix (message, "?") && !g_str_has_suffix (message, "…"))
    {
      g_autofree char *bare = g_steal_pointer (&message);

      message = g_strconcat (bare, ".", NULL);
    }
  body = g_strdup_printf (_("%s\n\n%s\n\nThe log of this run is kept in %s."),
                          message, what_next (self, error), logs);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), failure_heading (self, error), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "save-log", _("_Save Log…"),
                                    "close", _("_Close"),
                                    NULL);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_failure_response),
                           self, G_CONNECT_SWAPPED);
  /* The dialog only: a toast with the same heading at the same time says it twice
   * (issue 14, item 14). */
  gtk_window_present (GTK_WINDOW (dialog));
}
