/* cs-window-store.c
 *
 * Running a store: an automounted disc is unmounted through GIO first, suspend and logout
 * are inhibited while the job runs, the job's signals fill the step rows and the log, and
 * the outcome is told by the rows, a toast, a dialog for failures (with what to do next)
 * and a desktop notification when the window is not focused. Cancelling asks first while a
 * write-once disc is being written; so does closing the window.
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

static void
on_job_step_started (CsWindow   *self,
                     CsStep      step,
                     CsStoreJob *job)
{
  CsStepRow *row = cs_window_get_step_row (self, step);

  if (row != NULL)
    {
      cs_step_row_start (row);
      _cs_window_scroll_to (self, GTK_WIDGET (row));
    }
}

static void
on_job_step_finished (CsWindow     *self,
                      CsStep        step,
                      const GError *error,
                      CsStoreJob   *job)
{
  CsStepRow *row = cs_window_get_step_row (self, step);

  if (row == NULL)
    return;

  /* "Leave Days Unmarked": the step ran and marked nothing. */
  if (step == CS_STEP_MARK_STORED && error == NULL && cs_store_job_get_no_mark (job)
      && !_cs_window_get_options (self)->dry_run)
    {
      /* Translators: the "Mark stored" step's detail after a store with "Leave Days
       * Unmarked" on */
      cs_step_row_skip (row, _("Left unmarked"));
      return;
    }

  cs_step_row_finish (row, error);
  /* Where it went wrong, with the reason under it. */
  if (error != NULL)
    _cs_window_scroll_to (self, GTK_WIDGET (row));
}

static void
on_job_progress (CsWindow   *self,
                 CsStep      step,
                 double      fraction,
                 guint64     done_bytes,
                 guint64     total_bytes,
                 double      bytes_per_s,
                 CsStoreJob *job)
{
  CsStepRow *row = cs_window_get_step_row (self, step);

  if (row != NULL)
    cs_step_row_set_progress (row, fraction, done_bytes, total_bytes, bytes_per_s);
}

static void
on_job_log (CsWindow   *self,
            int         level,
            const char *message,
            CsStoreJob *job)
{
  CsOptions *options = _cs_window_get_options (self);

  if ((level & G_LOG_LEVEL_DEBUG) && options->verbosity <= 0)
    {
      /* Not shown, but kept in the saved run log: it is what a bug report needs. */
      if (self->run_log != NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_local ();
          g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S");

          g_string_append_printf (self->run_log, "%s  DEBUG    %s\n", stamp, message);
        }
      return;
    }

  _cs_window_log (self, level, message);
}

static void
on_job_medium_changed (CsWindow   *self,
                       GParamSpec *pspec,
                       CsStoreJob *job)
{
  _cs_window_set_medium_text (self, cs_store_job_get_medium (job));
  adw_action_row_set_subtitle (self->medium_row, self->medium_text ? self->medium_text : "");
}

static void
on_job_plan_changed (CsWindow   *self,
                     GParamSpec *pspec,
                     CsStoreJob *job)
{
  const CsStorePlan *plan = cs_store_job_get_plan (job);

  g_clear_pointer (&self->plan, cs_store_plan_free);
  if (plan != NULL)
    self->plan = cs_store_plan_copy (plan);
  _cs_window_show_plan (self, self->plan);
}

/* GNOME HIG: a notification only for a long operation that ended while the user looked
 * elsewhere. */
static void
cs_window_notify (CsWindow   *self,
                  const char *title,
                  const char *body,
                  gboolean    failed)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  g_autoptr(GNotification) notification = NULL;
  g_autoptr(GIcon) icon = NULL;

  if (app == NULL || gtk_window_is_active (GTK_WINDOW (self)))
    return;

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  icon = g_themed_icon_new (APP_ID);
  g_notification_set_icon (notification, icon);
  g_notification_set_priority (notification, failed ? G_NOTIFICATION_PRIORITY_HIGH
                                                    : G_NOTIFICATION_PRIORITY_NORMAL);
  g_application_send_notification (app, "store-finished", notification);

  g_free (self->last_notification);
  self->last_notification = g_strconcat (title, "\n", body, NULL);
}

static void
cs_window_uninhibit (CsWindow *self)
{
  if (self->inhibit_cookie != 0 && self->app != NULL)
    gtk_application_uninhibit (GTK_APPLICATION (self->app), self->inhibit_cookie);
  self->inhibit_cookie = 0;
}

static void
cs_window_store_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  CsStoreJob *job = CS_STORE_JOB (object);
  CsOptions *options;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *target_name = NULL;
  const char *skipped = NULL;
  gboolean explained = FALSE;
  gboolean ok;

  ok = cs_store_job_run_finish (job, result, &error);

  /* The window went away while the job ran; dispose already let go of it. */
  if (self->job != job)
    return;

  options = _cs_window_get_options (self);
  self->erased = !ok && cs_store_job_get_erased (job);

  if (ok)
    {
      GPtrArray *days = cs_store_job_get_days (job);
      guint n_days = days != NULL ? days->len : 0;

      /* Toast and notification name the target for people ("Image file disc.iso"); the
       * log's "Storing to …" line above has the exact address. */
      target_name = cs_advice_target_in_sentence (self->target);
      if (options->dry_run)
        message = g_strdup_printf (_("Dry run done: nothing was written to %s"), target_name);
      else if (n_days > 0 && cs_store_job_get_verified (job))
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Stored and verified %u day on %s",
                                                "Stored and verified %u days on %s",
                                                n_days),
                                   n_days, target_name);
      else if (n_days > 0)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Stored %u day on %s (not verified)",
                                                "Stored %u days on %s (not verified)",
                                                n_days),
                                   n_days, target_name);
      else
        /* Translators: %s is the target, e.g. "Image file disc.iso" or "/dev/sr0" */
        message = g_strdup_printf (_("Initialized the disc (%s)"), target_name);

      if (!options->dry_run && n_days > 0 && cs_store_job_get_no_mark (job))
        {
          g_autofree char *stored = g_steal_pointer (&message);

          /* Translators: %s is e.g. "Stored and verified 1 day on Image file disc.iso" */
          message = g_strdup_printf (_("%s; not marked as stored (Leave Days Unmarked), so "
                                       "the next store will store it again"), stored);
        }

      _cs_window_log (self, G_LOG_LEVEL_MESSAGE, message);
      _cs_window_toast (self, message);
      cs_window_notify (self, options->dry_run ? _("Dry Run Done") : _("Backup Stored"),
                        message, FALSE);

      skipped = options->dry_run ? _("Dry run: nothing was written")
                                 : _("The consistency check is off");

      /* Stored now: the next store goes back to Cedar's rule. */
      if (!options->dry_run)
        {
          self->stored = TRUE;
          g_clear_pointer (&self->selection, g_ptr_array_unref);
          g_clear_pointer (&self->removed_day, cs_day_free);
        }
    }
  else if (_cs_error_is_cancelled (error))
    {
      /* After an erase (cs-window-erase.c) the engine says what the disc no longer holds. */
      message = self->erased ? g_strdup (error->message)
                             : g_strdup (_("Store cancelled; nothing was marked stored"));
      _cs_window_log (self, G_LOG_LEVEL_WARNING, message);
      _cs_window_toast (self, self->erased ? _("Store cancelled after the disc was erased")
                                           : message);
      cs_window_notify (self, _("Store Cancelled"), message, FALSE);
      skipped = _("Not run");
    }
  else
    {
      g_autofree char *shown = _cs_window_for_people (self, error->message);

      message = g_strdup (error->message);
      _cs_window_log (self, G_LOG_LEVEL_CRITICAL, message);
      cs_window_notify (self, _("Backup Not Stored"), shown, TRUE);
      skipped = _("Not run");
    }

  for (CsStep step = CS_STEP_FIND_DAY; step < CS_N_STEPS; step++)
    {
      if (cs_step_row_get_state (self->step_rows[step]) == CS_STEP_ROW_PENDING)
        cs_step_row_skip (self->step_rows[step], skipped);
    }

  _cs_window_log_save_run (self, message);

  g_signal_handlers_disconnect_by_data (job, self);
  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);
  self->cancel_pending = FALSE;
  _cs_window_notify_job (self);

  /* What the medium held before is history now; the next check tells what it holds. */
  g_clear_pointer (&self->plan, cs_store_plan_free);
  g_clear_pointer (&self->medium_text, g_free);
  g_clear_error (&self->check_error);
  cs_window_uninhibit (self);

  if (self->close_pending)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  /* The dialog (and the toast) says what failed: for a day that may have become unmarkable
   * since the last look, once that has been asked again. */
  if (!ok && !_cs_error_is_cancelled (error))
    explained = _cs_window_erase_refused (self, job)
                || _cs_window_explain_failure (self, job, error);
  if (!ok && _cs_error_is_cancelled (error) && self->erased)
    _cs_window_erase_told (self, error);
  if (!ok && !_cs_error_is_cancelled (error) && !explained)
    _cs_window_show_failure (self, error);

  _cs_window_update_state (self);

  /* A stored day now has its indicator: look again for what is left. */
  cs_window_refresh (self);
}

static void
cs_window_run_job (CsWindow *self)
{
  CsOptions *options = _cs_window_get_options (self);
  g_autoptr(CsStoreJob) job = NULL;
  g_autofree char *message = NULL;
  guint n_days = self->days != NULL ? self->days->len : 0;

  job = cs_store_job_new (self->config);
  if (_cs_window_has_explicit_days (self))
    cs_store_job_set_days (job, self->days);
  cs_store_job_set_target (job, self->target);
  cs_store_job_set_mode (job, options->mode);
  cs_store_job_set_today (job, &self->today);
  cs_store_job_set_verify (job, self->config->check_data);
  cs_store_job_set_dry_run (job, options->dry_run);
  cs_store_job_set_no_mark (job, gtk_switch_get_active (self->no_mark_switch));
  /* Only after "Erase and Store" (cs-window-erase.c). */
  cs_store_job_set_allow_erase (job, self->allow_erase);
  self->allow_erase = FALSE;
  self->plan_current = FALSE;
  self->erased = FALSE;

  for (CsStep step = CS_STEP_FIND_DAY; step < CS_N_STEPS; step++)
    cs_step_row_reset (self->step_rows[step]);

  g_signal_connect_object (job, "step-started", G_CALLBACK (on_job_step_started),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "step-finished", G_CALLBACK (on_job_step_finished),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "progress", G_CALLBACK (on_job_progress),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "log", G_CALLBACK (on_job_log),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::medium", G_CALLBACK (on_job_medium_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "notify::plan", G_CALLBACK (on_job_plan_changed),
                           self, G_CONNECT_SWAPPED);

  self->job = g_steal_pointer (&job);
  self->cancellable = g_cancellable_new ();
  self->cancel_pending = FALSE;
  self->stored = FALSE;
  self->inhibit_cookie =
    gtk_application_inhibit (gtk_window_get_application (GTK_WINDOW (self)),
                             GTK_WINDOW (self),
                             GTK_APPLICATION_INHIBIT_LOGOUT | GTK_APPLICATION_INHIBIT_SUSPEND,
                             _("Storing a backup on disc"));

  if (n_days > 0 && _cs_window_has_explicit_days (self))
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Storing %u chosen day to %s",
                                            "Storing %u chosen days to %s",
                                            n_days),
                               n_days, self->target);
  else
    message = g_strdup_printf (_("Storing to %s"), self->target);
  _cs_window_log_begin_run (self);
  _cs_window_log (self, G_LOG_LEVEL_MESSAGE, message);
  _cs_window_update_state (self);
  _cs_window_notify_job (self);

  cs_store_job_run_async (self->job, self->cancellable, cs_window_store_cb, g_object_ref (self));
}

/* The mount of the target drive's disc, if the desktop automounted it. */
static GMount *
cs_window_find_mount (CsWindow *self)
{
  g_autoptr(GVolumeMonitor) monitor = g_volume_monitor_get ();
  GList *mounts = g_volume_monitor_get_mounts (monitor);
  GMount *found = NULL;

  for (GList *l = mounts; l != NULL && found == NULL; l = l->next)
    {
      GMount *mount = l->data;
      g_autoptr(GVolume) volume = g_mount_get_volume (mount);
      g_autofree char *device = NULL;

      if (volume != NULL)
        device = g_volume_get_identifier (volume, G_VOLUME_IDENTIFIER_KIND_UNIX_DEVICE);
      if (device == NULL)
        {
          g_autoptr(GDrive) drive = g_mount_get_drive (mount);

          if (drive != NULL)
            device = g_drive_get_identifier (drive, G_DRIVE_IDENTIFIER_KIND_UNIX_DEVICE);
        }

      if (device != NULL && (g_strcmp0 (device, self->target) == 0 ||
                             g_strcmp0 (device, self->target_device) == 0))
        found = g_object_ref (mount);
    }

  g_list_free_full (mounts, g_object_unref);

  return found;
}

static void
cs_window_unmount_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  GMount *mount = G_MOUNT (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_mount_get_name (mount);

  self->unmounting = FALSE;

  if (g_cancellable_is_cancelled (self->lifetime))
    return;

  if (!g_mount_unmount_with_operation_finish (mount, result, &error))
    {
      g_autofree char *message = NULL;
      g_autoptr(GFile) root = g_mount_get_root (mount);
      g_autofree char *where = g_file_get_parse_name (root);

      message = g_strdup_printf (_("The disc “%s” in %s is in use at %s and could not be "
                                   "unmounted (%s). Close the windows and programs that use "
                                   "it, then store again."),
                                 name, self->target, where, error->message);
      _cs_window_log (self, G_LOG_LEVEL_CRITICAL, message);
      _cs_window_toast (self, _("Cannot unmount the disc"));
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_FAILED_HANDLED))
        _cs_window_message_dialog (self, _("Cannot Unmount the Disc"), message);
      self->cancel_pending = FALSE;
      _cs_window_update_state (self);
      if (self->close_pending)
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  {
    g_autofree char *message = g_strdup_printf (_("Unmounted the disc “%s” in %s"),
                                                name, self->target);
    _cs_window_log (self, G_LOG_LEVEL_INFO, message);
  }

  if (self->cancel_pending || self->close_pending)
    {
      self->cancel_pending = FALSE;
      _cs_window_toast (self, _("Store cancelled; nothing was written"));
      _cs_window_update_state (self);
      if (self->close_pending)
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  cs_window_run_job (self);
}

/* Starts the store of what the window shows, unmounting an automounted disc first. */
void
_cs_window_start_store (CsWindow *self)
{
  g_autoptr(GMount) mount = NULL;

  if (self->target_device != NULL)
    mount = cs_window_find_mount (self);

  if (mount != NULL)
    {
      g_autoptr(GMountOperation) operation = gtk_mount_operation_new (GTK_WINDOW (self));
      g_autofree char *name = g_mount_get_name (mount);
      g_autofree char *message = g_strdup_printf (_("Unmounting the disc “%s” in %s…"),
                                                  name, self->target);

      _cs_window_log (self, G_LOG_LEVEL_INFO, message);
      self->unmounting = TRUE;
      self->cancel_pending = FALSE;
      _cs_window_update_state (self);
      g_mount_unmount_with_operation (mount, G_MOUNT_UNMOUNT_NONE, operation, NULL,
                                      cs_window_unmount_cb, g_object_ref (self));
      return;
    }

  cs_window_run_job (self);
}

static void
cs_window_do_cancel (CsWindow *self)
{
  if (self->unmounting)
    {
      self->cancel_pending = TRUE;
      _cs_window_update_state (self);
      return;
    }

  if (self->job == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  self->cancel_pending = TRUE;
  g_cancellable_cancel (self->cancellable);
  _cs_window_update_state (self);
}

static void
on_cancel_response (CsWindow         *self,
                    const char       *response,
                    AdwMessageDialog *dialog)
{
  self->cancel_dialog = NULL;

  if (g_strcmp0 (response, "stop") == 0)
    cs_window_do_cancel (self);
}

static gboolean
cs_window_writing_write_once (CsWindow *self)
{
  return self->job != NULL &&
         cs_store_job_get_step (self->job) == CS_STEP_WRITE &&
         _cs_window_target_is_write_once (self);
}

/* app.cancel: asks first while a write-once disc is being written. */
void
_cs_window_stop (CsWindow *self)
{
  GtkWidget *dialog;

  if (self->job == NULL && !self->unmounting)
    return;

  if (!cs_window_writing_write_once (self))
    {
      cs_window_do_cancel (self);
      return;
    }

  if (self->cancel_dialog != NULL)
    {
      gtk_window_present (self->cancel_dialog);
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Stop Writing?"),
                                   _("This disc can be written only once. Stopping now leaves "
                                     "an unfinished session on it, and the disc may not take "
                                     "another. Nothing will be marked stored."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "continue", _("_Continue Writing"),
                                    "stop", _("_Stop Writing"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_cancel_response),
                           self, G_CONNECT_SWAPPED);
  self->cancel_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_close_response (CsWindow         *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  self->close_dialog = NULL;

  if (g_strcmp0 (response, "stop") != 0)
    return;

  if (self->job == NULL && !self->unmounting)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  self->close_pending = TRUE;
  cs_window_do_cancel (self);
}

/* Closing during a store asks first; the window goes once the job has let go. */
gboolean
_cs_window_confirm_close (CsWindow *self)
{
  GtkWidget *dialog;
  const char *body;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (self->close_dialog);
      return TRUE;
    }

  body = cs_window_writing_write_once (self)
         ? _("Closing the window stops the store. This disc can be written only once: "
             "stopping now may leave it unable to take another session. Nothing will be "
             "marked stored.")
         : _("Closing the window stops the store. Nothing will be marked stored.");

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Stop the Store?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "continue", _("_Keep Storing"),
                                    "stop", _("_Stop and Close"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "stop",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_close_response),
                           self, G_CONNECT_SWAPPED);
  self->close_dialog = GTK_WINDOW (dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  return TRUE;
}
