/* cs-window-erase.c
 *
 * Asking before a store erases a disc (issue 14, items 1 and 2). A store that starts a new
 * disc on a medium holding sessions erases it (an image file is replaced, once the new one
 * beside it is verified). The window knows that from its dry run (CsStorePlan.erases) and
 * asks first, naming the disc, the days on it and why a new disc is due; only after "Erase
 * and Store" does the store run with allow-erase on. Every other store of the window runs
 * with it off, so the engine refuses an erase nobody confirmed (a disc changed since the
 * dry run); the window then looks again and asks. Also the outcome of a store that erased
 * the disc and then failed or was cancelled: the disc no longer holds what it held.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-advice.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-window-private.h"

/* How many days the dialog names before "and N more". */
#define ERASE_DAYS_SHOWN 8

static gboolean
target_is_image (CsWindow *self)
{
  return self->target != NULL && cs_drive_address_is_image (self->target);
}

/* "The disc in /dev/sr0, labelled “CEDAR BACKUP 23-NOV-2026”, holds 2 sessions with the
 * days 2026/11/23 and 2026/11/24." */
static char *
describe_disc (CsWindow          *self,
               const CsStorePlan *plan)
{
  g_autofree char *subject = NULL;
  g_autofree char *days = NULL;
  g_autofree char *with = NULL;
  guint sessions = plan->sessions;

  if (target_is_image (self))
    {
      g_autofree char *path = cs_drive_image_path (self->target);
      g_autofree char *base = g_path_get_basename (path != NULL ? path : "?");

      /* Translators: the start of a sentence, %s an image file's name ("backup.iso") */
      subject = g_strdup_printf (_("The image file %s"), base);
    }
  else
    {
      /* Translators: the start of a sentence, %s a drive ("/dev/sr0") */
      subject = g_strdup_printf (_("The disc in %s"), self->target);
    }

  if (plan->label != NULL && *plan->label != '\0')
    {
      g_autofree char *plain = g_steal_pointer (&subject);

      /* Translators: %1$s "The disc in /dev/sr0", %2$s its label ("CEDAR BACKUP 23-NOV-2026") */
      subject = g_strdup_printf (_("%1$s, labelled “%2$s”,"), plain, plan->label);
    }

  if (plan->contents != NULL)
    {
      sessions = plan->contents->sessions->len;
      days = cs_disc_contents_describe_days (plan->contents, ERASE_DAYS_SHOWN);
    }

  if (sessions == 0)
    /* Translators: %s "The disc in /dev/sr0" (with its label) */
    return g_strdup_printf (_("%s holds data."), subject);
  if (days != NULL && *days != '\0')
    {
      guint n_days = g_strv_length (plan->contents->days);

      /* Translators: %s one or more days ("2026/11/23 and 2026/11/24") */
      with = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the day %s", "the days %s", n_days),
                              days);
      /* Translators: %1$s "The disc in /dev/sr0, labelled “…”,", %2$u sessions, %3$s "the
       * days 2026/11/23 and 2026/11/24" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$s holds %2$u session with %3$s.",
                                           "%1$s holds %2$u sessions with %3$s.", sessions),
                              subject, sessions, with);
    }
  /* Translators: %1$s "The disc in /dev/sr0, labelled “…”,", %2$u sessions */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$s holds %2$u session.",
                                       "%1$s holds %2$u sessions.", sessions),
                          subject, sessions);
}

/* The dialog's body: what is on the disc, why a new disc, what storing does to it. */
static char *
erase_body (CsWindow          *self,
            const CsStorePlan *plan)
{
  g_autofree char *what = describe_disc (self, plan);
  g_autofree char *why = NULL;
  const char *then;

  if (plan->new_disc_reason != NULL && *plan->new_disc_reason != '\0')
    /* Translators: %s why a new disc is started ("Monday starts a new week in your Cedar
     * Backup configuration"), a sentence without its full stop */
    why = g_strdup_printf (_("%s."), plan->new_disc_reason);
  else
    why = g_strdup (_("This store starts a new disc."));

  if (target_is_image (self))
    then = _("The new image is written beside the old one. The old image stays until the "
             "new one is verified; then it is replaced, and what it holds now is gone. To "
             "keep it, cancel and choose another image file.");
  else
    then = _("Storing erases the disc first: what it holds now cannot be brought back. To "
             "keep it, cancel and insert a blank disc.");

  return g_strdup_printf ("%s\n\n%s\n\n%s", what, why, then);
}

static void
on_erase_response (CsWindow         *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  CsOptions *options = _cs_window_get_options (self);

  self->erase_dialog = NULL;

  if (g_strcmp0 (response, "erase") != 0)
    {
      _cs_window_log (self, G_LOG_LEVEL_MESSAGE,
                      target_is_image (self)
                      ? _("Not stored: replacing the image file was not confirmed")
                      : _("Not stored: erasing the disc was not confirmed"));
      return;
    }

  if (self->job != NULL || self->unmounting || options->dry_run)
    return;

  /* When the window looked again while the dialog was up (a disc was inserted, a setting
   * changed), what was confirmed may not be what is there now: it asks again. */
  self->erase_confirmed = self->plan_current;
  cs_window_store (self);
}

static void
on_erase_dialog_destroy (CsWindow  *self,
                         GtkWidget *dialog)
{
  if (self->erase_dialog == GTK_WINDOW (dialog))
    self->erase_dialog = NULL;
}

static void
show_erase_dialog (CsWindow          *self,
                   const CsStorePlan *plan)
{
  gboolean image = target_is_image (self);
  g_autofree char *body = erase_body (self, plan);
  GtkWidget *dialog;

  if (self->erase_dialog != NULL)
    {
      gtk_window_present (self->erase_dialog);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   image ? _("Replace the Image File?") : _("Erase the Disc?"),
                                   body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "erase", image ? _("_Replace and Store")
                                                   : _("_Erase and Store"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "erase",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_erase_response),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (on_erase_dialog_destroy),
                           self, G_CONNECT_SWAPPED);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  self->erase_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * _cs_window_store_asking:
 *
 * Starts the store cs_window_store() decided on, asking first when the dry run says it
 * erases the disc. Without a dry run for what is shown now, one runs first and the store
 * follows it (store_pending). The store runs with allow-erase off unless "Erase and Store"
 * was chosen.
 */
void
_cs_window_store_asking (CsWindow *self)
{
  CsOptions *options = _cs_window_get_options (self);
  gboolean confirmed = self->erase_confirmed;

  self->allow_erase = FALSE;
  self->erase_confirmed = FALSE;
  self->erase_recheck = FALSE;

  /* A dry run of the window writes nothing. */
  if (options->dry_run)
    {
      _cs_window_start_store (self);
      return;
    }

  if (!self->plan_current)
    {
      self->store_pending = TRUE;
      _cs_window_check (self);
      if (self->check_job != NULL)
        return;
      /* No dry run could start: the store runs, and the engine refuses an erase. */
      self->store_pending = FALSE;
      _cs_window_start_store (self);
      return;
    }

  /* A store that fails before writing anyway (the days do not fit) is not asked about. */
  if (self->plan != NULL && self->plan->erases && self->plan->fits && self->check_error == NULL)
    {
      if (!confirmed)
        {
          show_erase_dialog (self, self->plan);
          return;
        }
      self->allow_erase = TRUE;
    }

  _cs_window_start_store (self);
}

/**
 * _cs_window_erase_refused:
 * @job: the store that finished
 *
 * After a store that the engine refused because it would have erased a disc nobody
 * confirmed (the disc changed since the dry run): says so and asks once the window has
 * looked again (the dry run after every store).
 *
 * Returns: %TRUE when @job was such a store (no failure dialog then)
 */
gboolean
_cs_window_erase_refused (CsWindow   *self,
                          CsStoreJob *job)
{
  if (!cs_store_job_get_erase_refused (job))
    return FALSE;

  _cs_window_toast (self, target_is_image (self)
                          ? _("The image file changed since it was checked: asking before "
                              "replacing it")
                          : _("The disc changed since it was checked: asking before erasing "
                              "it"));
  self->erase_recheck = TRUE;
  return TRUE;
}

/**
 * _cs_window_erase_after_check:
 *
 * Called when a dry run has finished: after a refused store (_cs_window_erase_refused()),
 * asks about the erase this dry run found, if any; without one the person stores again.
 */
void
_cs_window_erase_after_check (CsWindow *self)
{
  if (!self->erase_recheck || !self->plan_current)
    return;

  self->erase_recheck = FALSE;
  if (self->job != NULL || self->unmounting || self->store_pending || self->erase_dialog != NULL)
    return;
  if (self->plan != NULL && self->plan->erases && self->plan->fits && self->check_error == NULL)
    show_erase_dialog (self, self->plan);
}

/**
 * _cs_window_erase_told:
 * @error: why the store that erased the disc ended (the engine says what the disc no
 *   longer holds)
 *
 * The dialog after a store that erased the disc and was then cancelled.
 */
void
_cs_window_erase_told (CsWindow     *self,
                       const GError *error)
{
  g_autofree char *body = NULL;

  body = g_str_has_suffix (error->message, ".") ? g_strdup (error->message)
                                                 : g_strconcat (error->message, ".", NULL);
  _cs_window_message_dialog (self, _("The Disc Was Erased"), body);
}
