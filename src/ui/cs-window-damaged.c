/* cs-window-damaged.c – "Close Damaged Track" for a write-once disc an interrupted write
 * left with a damaged track (real-drives.md findings 5 and 10)
 *
 * The dry run (cs-window-target.c) finds the damage: the job refuses the disc and says so
 * (cs_store_job_get_damaged()). The medium row then offers the action; after a confirmation
 * the job closes the track in its worker thread (cs_store_job_close_damaged_async()), and
 * the window looks at the disc again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-window-private.h"

static void
on_close_log (CsWindow   *self,
              int         level,
              const char *message,
              CsStoreJob *job)
{
  _cs_window_log (self, level, message);
}

static void
close_damaged_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->closing_damaged = FALSE;
  g_signal_handlers_disconnect_by_data (object, self);
  if (!cs_store_job_close_damaged_finish (CS_STORE_JOB (object), result, &error))
    {
      _cs_window_log (self, G_LOG_LEVEL_WARNING, error->message);
      _cs_window_message_dialog (self, _("The Damaged Track Was Not Closed"), error->message);
    }
  else
    _cs_window_toast (self, _("Closed the damaged track"));
  _cs_window_damaged_update (self);
  /* Look at the disc again: its new state, the plan and whether a store can go on it. */
  cs_window_refresh (self);
}

static void
on_confirm_response (AdwMessageDialog *dialog,
                     const char       *response,
                     CsWindow         *self)
{
  g_autoptr(CsStoreJob) job = NULL;

  if (g_strcmp0 (response, "close") != 0 || self->closing_damaged || self->job != NULL
      || self->target == NULL)
    return;

  job = cs_store_job_new (self->config);
  cs_store_job_set_target (job, self->target);
  g_signal_connect_object (job, "log", G_CALLBACK (on_close_log), self, G_CONNECT_SWAPPED);
  self->closing_damaged = TRUE;
  self->medium_damaged = FALSE;
  _cs_window_damaged_update (self);
  _cs_window_log (self, G_LOG_LEVEL_INFO, _("Closing the damaged track…"));
  cs_store_job_close_damaged_async (job, NULL, close_damaged_cb, g_object_ref (self));
}

/* win.close-damaged: asks first; closing cannot be undone. */
void
_cs_window_close_damaged_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  CsWindow *self = CS_WINDOW (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!self->medium_damaged || self->closing_damaged || self->job != NULL || self->target == NULL)
    return;

  body = g_strdup_printf (_("The disc in %s ends with a damaged track, left by an interrupted "
                            "write. Nothing can be added to the disc until that track is "
                            "closed. Closing it keeps the earlier backups; what the interrupted "
                            "write left is not a usable backup. This cannot be undone."),
                          self->target);
  /* AdwMessageDialog (libadwaita ≥ 1.2, the floor) is deprecated from 1.6 for AdwAlertDialog. */
#if ADW_CHECK_VERSION (1, 6, 0)
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
#endif
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Close the Damaged Track?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "close", _("C_lose Track"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "close",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
#if ADW_CHECK_VERSION (1, 6, 0)
  G_GNUC_END_IGNORE_DEPRECATIONS
#endif
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_confirm_response), self, 0);
  self->damaged_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *)&self->damaged_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The medium row's "Close Damaged Track" button, shown while the disc has one. */
void
_cs_window_damaged_update (CsWindow *self)
{
  gboolean offer = self->medium_damaged && !self->closing_damaged && self->job == NULL
                   && self->check_job == NULL;

  if (self->damaged_button == NULL)
    {
      self->damaged_button = gtk_button_new_with_mnemonic (_("C_lose Damaged Track"));
      gtk_widget_set_valign (self->damaged_button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (self->damaged_button,
                                   _("End the track an interrupted write left open, so that "
                                     "the disc can take more sessions"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->damaged_button), "win.close-damaged");
      adw_action_row_add_suffix (self->medium_row, self->damaged_button);
    }
  gtk_widget_set_visible (self->damaged_button, offer);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.close-damaged", offer);
}
