/* cs-window-disc-actions.c
 *
 * Check Disc… and Restore… (issue 15): the two actions of "On This Disc". Each runs a
 * CsDiscJob (the seam the command line uses too) in its worker thread; the window only
 * follows its signals. While one runs, a row first in the disc view shows its progress as a
 * store step does (fraction, speed, time left) with a Cancel button; Store and the actions
 * that would look at the target again wait (the reason is Store's tooltip), and a look or a
 * dry run asked for meanwhile runs once the job is done. A check or restore starts only
 * while nothing else holds the target: no store, dry run or look.
 *
 *   win.check-disc               check every session against its recorded MD5s
 *   win.restore       "s"        a day: asks for a folder, then win.restore-day
 *   win.restore-day   "(ss)"     a day and a folder: restores DAY to FOLDER/YYYY/MM/DD
 *   win.cancel-disc              stops the check or restore
 *
 * Outcomes: a check that found nothing wrong says so in a toast and in its row; one that
 * found bad files names each (file, session, day) in a dialog and in the log. A restore
 * ends in a dialog with "Open Folder", listing files that failed their checksum; a refusal
 * (the folder is not empty, the day is not on the disc, the folder cannot be written) is a
 * dialog with the engine's words ("Cannot Restore There" only when the folder is the
 * problem). A job that read other sessions than the view shows (the medium changed) puts
 * what it read in the view and looks at the target again; a job's start takes the last
 * one's toast away.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-disc-job.h"
#include "cs-error.h"
#include "cs-widget-fixes.h"
#include "cs-window-private.h"

/* Bad files named in a dialog; the log has them all. */
#define DIALOG_PROBLEMS 50

/* Whether a check or restore may start now: the view shows the target's sessions and
 * nothing else holds the target (a store, a dry run, a look, another disc job). */
gboolean
_cs_window_disc_can_start (CsWindow *self)
{
  return self->app != NULL && !g_cancellable_is_cancelled (self->lifetime) &&
         self->job == NULL && !self->unmounting && !self->preparing &&
         self->check_job == NULL && self->contents_cancellable == NULL &&
         self->disc_job == NULL && self->target != NULL &&
         g_strcmp0 (self->disc_target, self->target) == 0 &&
         cs_disc_view_get_state (self->disc_view) == CS_DISC_VIEW_CONTENTS;
}

/**
 * _cs_window_disc_blocker:
 * @advice: (out) (transfer full): what to do
 *
 * Why Store waits while a check or restore runs (see _cs_window_store_blocker()).
 *
 * Returns: (transfer full) (nullable): the reason, or %NULL when none runs
 */
char *
_cs_window_disc_blocker (CsWindow  *self,
                         char     **advice)
{
  if (self->disc_job == NULL)
    return NULL;

  *advice = g_strdup (_("Wait for it to finish, or cancel it."));
  if (cs_disc_job_get_action (self->disc_job) == CS_DISC_ACTION_CHECK)
    return g_strdup (_("The disc is being checked."));
  return g_strdup (_("A day is being restored from the disc."));
}

/**
 * _cs_window_disc_update:
 *
 * Called with every _cs_window_update_state(): the disc actions sensitive only when they
 * may start, Cancel while one runs, and what a store would change insensitive meanwhile.
 * The row of a finished job goes when it no longer tells about what is shown: a store
 * starts, or the view shows another target.
 */
void
_cs_window_disc_update (CsWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean running = self->disc_job != NULL;
  gboolean can_start = _cs_window_disc_can_start (self);
  gboolean cancelled = running && g_cancellable_is_cancelled (self->disc_cancellable);

  gtk_widget_action_set_enabled (widget, "win.check-disc", can_start);
  gtk_widget_action_set_enabled (widget, "win.restore", can_start);
  gtk_widget_action_set_enabled (widget, "win.restore-day", can_start);
  gtk_widget_action_set_enabled (widget, "win.cancel-disc", running && !cancelled);

  if (running)
    {
      gtk_widget_action_set_enabled (widget, "win.refresh", FALSE);
      gtk_widget_action_set_enabled (widget, "win.choose-folders", FALSE);
      gtk_widget_action_set_enabled (widget, "win.remove-day", FALSE);
      gtk_widget_action_set_enabled (widget, "win.undo-remove", FALSE);
      gtk_widget_action_set_enabled (widget, "win.reset-selection", FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->target_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->no_mark_switch), FALSE);
    }

  /* The Check Disc… tooltip would cover the row's Cancel just under it while the pointer
   * rests on the button: none while a job runs. */
  gtk_widget_set_has_tooltip (cs_disc_view_get_check_button (self->disc_view), !running);

  if (self->disc_cancel != NULL)
    {
      gtk_widget_set_visible (self->disc_cancel, running);
      gtk_button_set_label (GTK_BUTTON (self->disc_cancel),
                            cancelled ? _("Cancelling…") : _("_Cancel"));
    }

  if (!running && self->disc_row_target != NULL &&
      (self->job != NULL || g_strcmp0 (self->disc_target, self->disc_row_target) != 0))
    {
      cs_disc_view_set_activity (self->disc_view, NULL);
      g_clear_pointer (&self->disc_row_target, g_free);
    }
}

/* The job's signals, on the main loop. */
static void
on_disc_progress (CsWindow  *self,
                  double     fraction,
                  guint64    done_bytes,
                  guint64    total_bytes,
                  double     bytes_per_s,
                  double     seconds_left,
                  CsDiscJob *job)
{
  /* The row works the time left out from the same numbers, as for a store. */
  cs_step_row_set_progress (self->disc_row, fraction, done_bytes, total_bytes, bytes_per_s);
}

static void
on_disc_log (CsWindow   *self,
             int         level,
             const char *message,
             CsDiscJob  *job)
{
  if ((level & G_LOG_LEVEL_DEBUG) && _cs_window_get_options (self)->verbosity <= 0)
    return;
  _cs_window_log (self, level, message);
}

static void
open_folder (CsWindow   *self,
             const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

  gtk_file_launcher_launch (launcher, GTK_WINDOW (self), NULL, NULL, NULL);
#else
  g_autofree char *uri = g_file_get_uri (file);

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
#endif
}

static void
on_outcome_response (CsWindow         *self,
                     const char       *response,
                     AdwMessageDialog *dialog)
{
  const char *folder = g_object_get_data (G_OBJECT (dialog), "cs-folder");

  if (g_strcmp0 (response, "open") == 0 && folder != NULL)
    open_folder (self, folder);
}

/* An outcome's toast, as _cs_window_toast(); remembered so that the next job takes it
 * away when it starts: an old outcome must not stay over a new job's row. */
static void
disc_toast (CsWindow   *self,
            const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 5);
  g_set_weak_pointer (&self->disc_toast, toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
}

/* A count for a message: "%u" in the catalogue (xgettext cannot read G_GUINT64_FORMAT). */
static guint
count (guint64 n)
{
  return (guint) MIN (n, G_MAXUINT);
}

static guint
count_lines (const char *text)
{
  guint n = 1;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}

/* A dialog with Close and, with @folder, "Open Folder" opening it; @list (the bad files,
 * one a line) under the body, left-aligned and scrolled when long. */
static void
outcome_dialog (CsWindow   *self,
                const char *heading,
                const char *body,
                const char *list,
                const char *folder)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  if (list != NULL)
    {
      GtkWidget *label = gtk_label_new (list);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_yalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_name (label, "disc-problems");
      gtk_window_set_default_size (GTK_WINDOW (dialog), 520, -1);
      /* A few lines as they are (a wrapped label in a scroller is measured too short); a
       * long list scrolls. */
      if (count_lines (list) <= 6)
        {
          adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), label);
        }
      else
        {
          GtkWidget *scroller = gtk_scrolled_window_new ();

          gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                          GTK_POLICY_AUTOMATIC);
          gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
          gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
          adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
        }
    }

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  if (folder != NULL)
    {
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "open", _("_Open Folder"));
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                                  ADW_RESPONSE_SUGGESTED);
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
      g_object_set_data_full (G_OBJECT (dialog), "cs-folder", g_strdup (folder), g_free);
      g_signal_connect_object (dialog, "response", G_CALLBACK (on_outcome_response),
                               self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The bad files, one line each ("/2026/11/24/host1/notes.txt (session 1, day 2026/11/24):
 * …"), into the log when @log (the restore engine logs its own as it finds them); the first
 * DIALOG_PROBLEMS into the returned list for the dialog. */
static char *
tell_problems (CsWindow  *self,
               GPtrArray *problems,
               gboolean   log)
{
  g_autoptr(GString) body = g_string_new (NULL);

  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = cs_check_problem_describe (g_ptr_array_index (problems, i));

      if (log)
        _cs_window_log (self, G_LOG_LEVEL_CRITICAL, line);
      if (i < DIALOG_PROBLEMS)
        g_string_append_printf (body, "%s• %s", i > 0 ? "\n" : "", line);
    }
  if (problems->len > DIALOG_PROBLEMS)
    {
      guint more = problems->len - DIALOG_PROBLEMS;

      g_string_append_c (body, '\n');
      /* Translators: after the first bad files in a dialog */
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE,
                                                 "…and %u more; the log names it.",
                                                 "…and %u more; the log names them all.",
                                                 more), more);
    }
  return g_string_free (g_steal_pointer (&body), FALSE);
}

static void
check_done (CsWindow     *self,
            CsDiscJob    *job,
            const GError *error)
{
  const CsCheckReport *report = cs_disc_job_get_check_report (job);

  if (error == NULL && report != NULL && report->problems->len == 0)
    {
      g_autofree char *files = NULL;
      g_autofree char *sessions = NULL;
      g_autofree char *message = NULL;

      files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files",
                                            count (report->files)),
                               count (report->files));
      sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session", "%u sessions",
                                               report->sessions),
                                  report->sessions);
      /* Translators: "All 3 files and 3 sessions match their checksums" */
      message = g_strdup_printf (_("All %s and %s match their checksums"), files, sessions);
      if (report->files_without_md5 > 0)
        {
          g_autofree char *line = NULL;

          line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u file on the disc has no recorded "
                                               "checksum (another program wrote it): it was "
                                               "read, not compared",
                                               "%u files on the disc have no recorded "
                                               "checksum (another program wrote them): they "
                                               "were read, not compared",
                                               count (report->files_without_md5)),
                                  count (report->files_without_md5));
          _cs_window_log (self, G_LOG_LEVEL_WARNING, line);
        }
      cs_step_row_finish (self->disc_row, NULL);
      cs_step_row_set_detail (self->disc_row, message);
      _cs_window_log (self, G_LOG_LEVEL_MESSAGE, message);
      disc_toast (self, message);
      return;
    }

  if (_cs_error_is_cancelled (error))
    {
      cs_step_row_finish (self->disc_row, error);
      _cs_window_log (self, G_LOG_LEVEL_WARNING, _("Check cancelled"));
      disc_toast (self, _("Check cancelled"));
      return;
    }

  if (report != NULL && report->problems->len > 0)
    {
      guint n = report->problems->len;
      g_autofree char *summary = NULL;
      g_autofree char *list = NULL;
      g_autoptr(GError) found = NULL;

      /* Translators: the check's outcome; the dialog lists them */
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u problem found on the disc",
                                              "%u problems found on the disc", n), n);
      list = tell_problems (self, report->problems, TRUE);
      found = g_error_new_literal (CS_ERROR, CS_ERROR_VERIFY, summary);
      cs_step_row_finish (self->disc_row, found);
      _cs_window_log (self, G_LOG_LEVEL_CRITICAL, summary);
      outcome_dialog (self, _("The Disc Has Bad Files"),
                      _("These do not match what was recorded when the disc was written, or "
                        "cannot be read. Keep this disc, and store the days named again on a "
                        "new one while their staging folders are still there."),
                      list, NULL);
      return;
    }

  /* Nothing could be checked: the medium cannot be read, or another failure. */
  {
    g_autoptr(GError) failed = error != NULL ? g_error_copy (error)
                               : g_error_new_literal (CS_ERROR, CS_ERROR_INTERNAL,
                                                      _("The check did not say what it found"));

    cs_step_row_finish (self->disc_row, failed);
    _cs_window_log (self, G_LOG_LEVEL_CRITICAL, failed->message);
    outcome_dialog (self, _("Cannot Check the Disc"), failed->message, NULL, NULL);
  }
}

static void
restore_done (CsWindow     *self,
              CsDiscJob    *job,
              const GError *error)
{
  const CsRestoreReport *report = cs_disc_job_get_restore_report (job);
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *files = NULL;
  g_autofree char *size = NULL;
  g_autofree char *summary = NULL;

  if (_cs_error_is_cancelled (error))
    {
      cs_step_row_finish (self->disc_row, error);
      _cs_window_log (self, G_LOG_LEVEL_WARNING, _("Restore cancelled"));
      disc_toast (self, _("Restore cancelled"));
      return;
    }

  /* Refused (the folder is not empty, the day is not on the disc), or it failed before a
   * report: the engine's words. */
  if (report == NULL || (error != NULL && !g_error_matches (error, CS_ERROR, CS_ERROR_VERIFY)))
    {
      g_autoptr(GError) failed = error != NULL ? g_error_copy (error)
                                 : g_error_new_literal (CS_ERROR, CS_ERROR_INTERNAL,
                                                        _("The restore did not say what it "
                                                          "did"));

      cs_step_row_finish (self->disc_row, failed);
      _cs_window_log (self, G_LOG_LEVEL_CRITICAL, failed->message);
      /* "There" only when the folder is the problem: the day is on the disc. */
      outcome_dialog (self,
                      g_error_matches (failed, CS_ERROR, CS_ERROR_CONFIG) &&
                      _cs_disc_view_day_on_disc (cs_disc_job_get_contents (job),
                                                 g_object_get_data (G_OBJECT (job),
                                                                    "cs-day"))
                      ? _("Cannot Restore There") : _("Cannot Restore the Day"),
                      failed->message, NULL, NULL);
      return;
    }

  files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u file", "%u files",
                                        count (report->files)),
                           count (report->files));
  size = g_format_size (report->bytes);
  /* Translators: "Restored 2026/11/25 from session 3 into /home/ann/2026/11/25: 12 files,
   * 4.2 MB" */
  summary = g_strdup_printf (_("Restored %s from session %u into %s: %s, %s"), report->day,
                             report->session, report->to_path, files, size);
  g_string_append (body, summary);
  g_string_append_c (body, '.');

  if (report->problems->len > 0)
    {
      g_autofree char *line = NULL;
      g_autofree char *list = NULL;
      guint n = report->problems->len;
      g_autoptr(GError) found = NULL;

      /* Each file's line says it was restored as read (the engine's words). */
      line = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u file does not match the checksum recorded on "
                                           "the disc:",
                                           "%u files do not match the checksums recorded on "
                                           "the disc:", n), n);
      g_string_append_printf (body, "\n\n%s", line);
      list = tell_problems (self, report->problems, FALSE);
      found = g_error_new_literal (CS_ERROR, CS_ERROR_VERIFY, line);
      cs_step_row_finish (self->disc_row, found);
      {
        g_autofree char *failed = NULL;
        g_autofree char *last = NULL;

        failed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u file failed its checksum",
                                               "%u files failed their checksums", n), n);
        /* Translators: the restore's summary, then its bad files: "Restored 2026/11/25
         * from session 3 into /home/ann/2026/11/25: 12 files, 4.2 MB; 1 file failed its
         * checksum" */
        last = g_strdup_printf (_("%s; %s"), summary, failed);
        cs_step_row_set_detail (self->disc_row, last);
        _cs_window_log (self, G_LOG_LEVEL_CRITICAL, last);
      }
      outcome_dialog (self, _("Day Restored with Bad Files"), body->str, list,
                      report->to_path);
      return;
    }

  if (report->attrs_not_set > 0)
    g_string_append_printf (body, "\n\n%s",
                            _("Some owners, permissions or extended attributes could not be "
                              "set there; the log names them."));
  /* The engine's log says what it restored. */
  cs_step_row_finish (self->disc_row, NULL);
  cs_step_row_set_detail (self->disc_row, summary);
  outcome_dialog (self, _("Day Restored"), body->str, NULL, report->to_path);
}

static void
disc_job_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  CsDiscJob *job = CS_DISC_JOB (object);
  g_autoptr(CsDiscJob) done = NULL;
  g_autoptr(GError) error = NULL;

  cs_disc_job_run_finish (job, result, &error);

  /* The window went away while the job ran; it let go of it then. */
  if (self->disc_job != job)
    return;

  g_signal_handlers_disconnect_by_data (job, self);
  done = g_steal_pointer (&self->disc_job);
  g_clear_object (&self->disc_cancellable);

  if (cs_disc_job_get_action (done) == CS_DISC_ACTION_CHECK)
    check_done (self, done, error);
  else
    restore_done (self, done, error);

  /* The job read a medium other than the one shown (it was changed or rewritten
   * meanwhile): the view shows what the job read at once, and a look brings the medium's
   * row and the rest up to date. */
  if (cs_disc_job_get_contents (done) != NULL &&
      g_strcmp0 (cs_disc_job_get_address (done), self->target) == 0 &&
      !_cs_disc_view_shows (self->disc_view, cs_disc_job_get_contents (done)))
    {
      cs_disc_view_set_contents (self->disc_view, cs_disc_job_get_contents (done));
      self->refresh_again = TRUE;
    }

  /* A look asked for meanwhile (cs_window_refresh()) runs now. */
  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      cs_window_refresh (self);
    }
  _cs_window_update_state (self);
}

static void
ensure_row (CsWindow *self)
{
  GtkWidget *box;

  if (self->disc_row != NULL)
    return;

  self->disc_row = g_object_ref_sink (CS_STEP_ROW (cs_step_row_new (CS_STEP_NONE)));
  gtk_widget_set_name (GTK_WIDGET (self->disc_row), "disc-activity");
  self->disc_cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  gtk_widget_set_name (self->disc_cancel, "disc-cancel-button");
  gtk_widget_set_valign (self->disc_cancel, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->disc_cancel), "win.cancel-disc");
  box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (self->disc_row));
  gtk_box_append (GTK_BOX (box), self->disc_cancel);
  cs_fix_button_names (self->disc_cancel);
}

/* Runs @job (transfer full) with its row titled @title. The engine logs what it does. */
static void
start_job (CsWindow   *self,
           CsDiscJob  *job,
           const char *title)
{
  /* The last job's outcome is not about this one. */
  if (self->disc_toast != NULL)
    {
      adw_toast_dismiss (self->disc_toast);
      g_clear_weak_pointer (&self->disc_toast);
    }

  ensure_row (self);
  cs_step_row_reset (self->disc_row);
  cs_step_row_set_title (self->disc_row, title);
  cs_step_row_start (self->disc_row);
  cs_disc_view_set_activity (self->disc_view, GTK_WIDGET (self->disc_row));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self->disc_view), TRUE);
  g_free (self->disc_row_target);
  self->disc_row_target = g_strdup (self->target);

  g_signal_connect_object (job, "progress", G_CALLBACK (on_disc_progress),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (job, "log", G_CALLBACK (on_disc_log), self, G_CONNECT_SWAPPED);

  self->disc_job = job;
  self->disc_cancellable = g_cancellable_new ();
  _cs_window_update_state (self);
  _cs_window_scroll_to (self, GTK_WIDGET (self->disc_row));

  cs_disc_job_run_async (job, self->disc_cancellable, disc_job_cb, g_object_ref (self));
}

static void
check_disc_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CsWindow *self = CS_WINDOW (widget);

  if (!_cs_window_disc_can_start (self))
    return;

  start_job (self, cs_disc_job_new (CS_DISC_ACTION_CHECK, self->target), _("Check the disc"));
}

static void
restore_day_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CsWindow *self = CS_WINDOW (widget);
  const char *day = NULL;
  const char *folder = NULL;
  g_autofree char *title = NULL;
  CsDiscJob *job;

  g_variant_get (parameter, "(&s&s)", &day, &folder);
  if (!_cs_window_disc_can_start (self))
    return;

  g_free (self->restore_folder);
  self->restore_folder = g_strdup (folder);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "restore-folder", folder);

  job = cs_disc_job_new (CS_DISC_ACTION_RESTORE, self->target);
  cs_disc_job_set_restore (job, day, folder);
  g_object_set_data_full (G_OBJECT (job), "cs-day", g_strdup (day), g_free);
  /* Translators: a row's title; %s is a day, "2026/11/25" */
  title = g_strdup_printf (_("Restore %s"), day);
  start_job (self, job, title);
}

/* The folder chosen for @day: the same as win.restore-day. */
static void
restore_chosen (CsWindow   *self,
                const char *day,
                GFile      *folder)
{
  g_autofree char *path = g_file_get_path (folder);

  if (path == NULL)
    {
      _cs_window_toast (self, _("Choose a folder on this computer"));
      return;
    }
  /* Something began meanwhile (a store, a look at the disc). */
  if (!_cs_window_disc_can_start (self))
    {
      _cs_window_toast (self, _("The disc is busy; restore again when it is done"));
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.restore-day", "(ss)", day, path);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
restore_dialog_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  g_autoptr(GFile) folder = NULL;
  const char *day = g_object_get_data (object, "cs-day");

  folder = gtk_file_dialog_select_folder_finish (GTK_FILE_DIALOG (object), result, NULL);
  if (folder != NULL && !g_cancellable_is_cancelled (self->lifetime))
    restore_chosen (self, day, folder);
}
#else
static void
restore_chooser_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(CsWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && !g_cancellable_is_cancelled (self->lifetime))
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (folder != NULL)
        restore_chosen (self, g_object_get_data (G_OBJECT (native), "cs-day"), folder);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

/* Where the folder chooser starts: the folder last chosen (in this window, or remembered
 * in the settings), else the home folder. Not looked at here (no disk I/O on the main
 * loop): the chooser starts elsewhere when it has gone. */
static GFile *
restore_start (CsWindow *self)
{
  g_autofree char *remembered = NULL;
  const char *path = self->restore_folder;

  if (path == NULL && self->settings != NULL)
    path = remembered = g_settings_get_string (self->settings, "restore-folder");
  if (path == NULL || !g_path_is_absolute (path))
    path = g_get_home_dir ();
  return g_file_new_for_path (path);
}

/* win.restore: where to? */
static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CsWindow *self = CS_WINDOW (widget);
  const char *day = g_variant_get_string (parameter, NULL);
  g_autoptr(GFile) start = restore_start (self);
  /* Translators: the folder chooser's title; %s is a day, "2026/11/25" */
  g_autofree char *title = g_strdup_printf (_("Restore %s Into"), day);

  if (!_cs_window_disc_can_start (self))
    return;

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_accept_label (dialog, _("_Restore Here"));
    gtk_file_dialog_set_initial_folder (dialog, start);
    g_object_set_data_full (G_OBJECT (dialog), "cs-day", g_strdup (day), g_free);
    gtk_file_dialog_select_folder (dialog, GTK_WINDOW (self), NULL, restore_dialog_cb,
                                   g_object_ref (self));
  }
#else
  {
    GtkFileChooserNative *native;

    native = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                          GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                          _("_Restore Here"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), start, NULL);
    g_object_set_data_full (G_OBJECT (native), "cs-day", g_strdup (day), g_free);
    g_signal_connect (native, "response", G_CALLBACK (restore_chooser_cb), g_object_ref (self));
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}

static void
cancel_disc_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CsWindow *self = CS_WINDOW (widget);

  if (self->disc_job == NULL || g_cancellable_is_cancelled (self->disc_cancellable))
    return;

  g_cancellable_cancel (self->disc_cancellable);
  _cs_window_update_state (self);
}

void
_cs_window_disc_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.check-disc", NULL, check_disc_action);
  gtk_widget_class_install_action (widget_class, "win.restore", "s", restore_action);
  gtk_widget_class_install_action (widget_class, "win.restore-day", "(ss)",
                                   restore_day_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-disc", NULL, cancel_disc_action);
}

/* The window goes: the job is stopped and let go of (its callback then does nothing). */
static void
on_destroy (CsWindow *self)
{
  if (self->disc_job != NULL)
    {
      g_cancellable_cancel (self->disc_cancellable);
      g_signal_handlers_disconnect_by_data (self->disc_job, self);
      g_clear_object (&self->disc_job);
    }
  g_clear_object (&self->disc_cancellable);
  g_clear_object (&self->disc_row);
  self->disc_cancel = NULL;
  g_clear_pointer (&self->disc_row_target, g_free);
  g_clear_pointer (&self->restore_folder, g_free);
  g_clear_weak_pointer (&self->disc_toast);
}

void
_cs_window_disc_init (CsWindow *self)
{
  g_signal_connect (self, "destroy", G_CALLBACK (on_destroy), NULL);
  _cs_window_disc_update (self);
}
