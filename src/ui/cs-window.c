/* cs-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-demo.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-staging.h"
#include "cs-window.h"

/* Older lines are dropped so a long verbose run cannot grow without bound. */
#define MAX_LOG_LINES 5000

struct _CsWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *store_button;
  AdwActionRow         *staging_row;
  AdwActionRow         *target_row;
  GtkStack             *days_stack;
  GtkSpinner           *loading_spinner;
  GtkListBox           *days_list;
  AdwStatusPage        *empty_page;
  GtkListBox           *steps_list;
  GtkScrolledWindow    *log_scroller;
  GtkTextView          *log_view;

  CsStepRow            *step_rows[CS_N_STEPS];
  GtkTextMark          *log_end;
  double                log_last_value;

  /* What the last look at the staging root found */
  CsConfig             *config;
  GPtrArray            *days;
  char                 *staging_root;
  char                 *target;
  GDate                 today;

  /* The running store, NULL when idle */
  CsStoreJob           *job;
  GCancellable         *cancellable;
  guint                 inhibit_cookie;

  guint                 preparing : 1;
  guint                 refresh_again : 1;
  guint                 demo_done : 1;
  guint                 store_pending : 1;
  guint                 close_pending : 1;
  guint                 busy : 1;
  guint                 can_store : 1;
  guint                 log_follow : 1;
  guint                 log_trimmed : 1;
};

G_DEFINE_FINAL_TYPE (CsWindow, cs_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_CAN_STORE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* Inputs and results of one look at the staging root, run in a worker thread. */
typedef struct
{
  const CsOptions *options;      /* the application's; not changed while a look runs */
  GDate            today;
  CsStoreMode      mode;
  int              starting_day;
  guint            warn_midnite : 1;
  guint            demo : 1;
  char            *staging_root;
  char            *target;
  GPtrArray       *days;
  GError          *days_error;   /* why there is nothing to store */
} Prepare;

static void
prepare_free (gpointer data)
{
  Prepare *prep = data;

  g_free (prep->staging_root);
  g_free (prep->target);
  g_clear_pointer (&prep->days, g_ptr_array_unref);
  g_clear_error (&prep->days_error);
  g_free (prep);
}

static CsOptions *
cs_window_get_options (CsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  g_return_val_if_fail (CS_IS_APPLICATION (app), NULL);

  return cs_application_get_options (CS_APPLICATION (app));
}

static gboolean
error_is_cancelled (const GError *error)
{
  return g_error_matches (error, CS_ERROR, CS_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
cs_window_log (CsWindow       *self,
               GLogLevelFlags  level,
               const char     *message)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%H:%M:%S  ");
  g_autofree char *valid = NULL;
  const char *tag = NULL;
  GtkTextIter iter;
  int lines;

  /* libburn messages and file names need not be UTF-8. */
  if (!g_utf8_validate (message, -1, NULL))
    message = valid = g_utf8_make_valid (message, -1);

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    tag = "error";
  else if (level & G_LOG_LEVEL_WARNING)
    tag = "warning";
  else if (level & G_LOG_LEVEL_DEBUG)
    tag = "debug";

  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &iter, stamp, -1, "time", NULL);
  gtk_text_buffer_insert_with_tags_by_name (buffer, &iter, message, -1, tag, NULL);
  gtk_text_buffer_insert (buffer, &iter, "\n", 1);

  /* Trimmed in chunks, as each trim moves the view. */
  lines = gtk_text_buffer_get_line_count (buffer);
  if (lines > MAX_LOG_LINES + MAX_LOG_LINES / 10)
    {
      GtkTextIter start;
      GtkTextIter cut;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_line (buffer, &cut, lines - MAX_LOG_LINES);
      gtk_text_buffer_delete (buffer, &start, &cut);
      self->log_trimmed = TRUE;
    }

  /* Aligned to the bottom: the view applies it again once the new lines are measured. */
  if (self->log_follow)
    gtk_text_view_scroll_to_mark (self->log_view, self->log_end, 0.0, TRUE, 0.0, 1.0);
}

/* The log follows its end until the user scrolls up to read, and again once
 * they scroll back down.  New lines and measuring them move the view down, so
 * only a move up is the user's (or a trim at the top, which is ours).
 */
static void
on_log_scrolled (CsWindow      *self,
                 GtkAdjustment *vadj)
{
  double value = gtk_adjustment_get_value (vadj);

  if (value + gtk_adjustment_get_page_size (vadj) >= gtk_adjustment_get_upper (vadj) - 16.0)
    {
      self->log_follow = TRUE;
      self->log_trimmed = FALSE;
    }
  else if (value < self->log_last_value - 8.0 && !self->log_trimmed)
    {
      self->log_follow = FALSE;
    }

  self->log_last_value = value;
}

static void
cs_window_toast (CsWindow   *self,
                 const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

static gboolean
cs_window_is_ready (CsWindow *self)
{
  CsOptions *options = cs_window_get_options (self);

  if (self->preparing || self->config == NULL || self->days == NULL || options == NULL)
    return FALSE;

  return self->days->len > 0 || options->mode == CS_STORE_MODE_INITIALIZE;
}

static void
cs_window_update_state (CsWindow *self)
{
  gboolean busy = self->job != NULL;
  gboolean can_store = !busy && (self->preparing || cs_window_is_ready (self));
  GtkWidget *button = GTK_WIDGET (self->store_button);

  if (busy)
    {
      gboolean cancelled = g_cancellable_is_cancelled (self->cancellable);

      gtk_button_set_label (self->store_button, cancelled ? _("Cancelling…") : _("_Cancel"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.cancel");
      gtk_widget_remove_css_class (button, "suggested-action");
      gtk_widget_add_css_class (button, "destructive-action");
    }
  else
    {
      gtk_button_set_label (self->store_button, _("_Store to Disc"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.store");
      gtk_widget_remove_css_class (button, "destructive-action");
      gtk_widget_add_css_class (button, "suggested-action");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", !busy);

  if (busy != self->busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
    }

  if (can_store != self->can_store)
    {
      self->can_store = can_store;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAN_STORE]);
    }
}

static void
cs_window_update_title (CsWindow *self)
{
  CsOptions *options = cs_window_get_options (self);
  const char *subtitle = NULL;

  switch (options->mode)
    {
    case CS_STORE_MODE_FULL:
      subtitle = _("Full Store on a New Disc");
      break;

    case CS_STORE_MODE_REBUILD:
      subtitle = _("Rebuild This Week on a New Disc");
      break;

    case CS_STORE_MODE_INITIALIZE:
      subtitle = _("Initialize a Disc");
      break;

    case CS_STORE_MODE_STORE:
    default:
      subtitle = options->demo ? _("Demo") : NULL;
      break;
    }

  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
cs_window_clear_days (CsWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->days_list))) != NULL)
    gtk_list_box_remove (self->days_list, child);
}

static void
cs_window_show_problem (CsWindow   *self,
                        const char *title,
                        const char *description)
{
  g_autofree char *escaped = g_markup_escape_text (description ? description : "", -1);

  cs_window_clear_days (self);
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, escaped);
  gtk_stack_set_visible_child_name (self->days_stack, "empty");
}

static void
cs_window_show_days (CsWindow *self)
{
  CsOptions *options = cs_window_get_options (self);

  cs_window_clear_days (self);

  for (guint i = 0; i < self->days->len; i++)
    {
      const CsDay *day = g_ptr_array_index (self->days, i);
      g_autoptr(GDateTime) when = NULL;
      g_autofree char *title = NULL;
      GtkWidget *row;

      when = g_date_time_new_local (g_date_get_year (&day->date),
                                    g_date_get_month (&day->date),
                                    g_date_get_day (&day->date),
                                    0, 0, 0);
      /* Translators: a staged day, in g_date_time_format() notation */
      /* xgettext:no-c-format */
      title = g_date_time_format (when, _("%A, %B %-d, %Y"));

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : day->suffix);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), day->path);
      gtk_list_box_append (self->days_list, row);
    }

  if (self->days->len > 0)
    gtk_stack_set_visible_child_name (self->days_stack, "days");
  else if (options->mode == CS_STORE_MODE_INITIALIZE)
    cs_window_show_problem (self,
                            _("Nothing to Store"),
                            _("The disc will be initialized with a label and no data."));
  else
    cs_window_show_problem (self, _("No Staged Day to Store"), NULL);
}

static void
cs_window_show_target (CsWindow   *self,
                       const char *medium)
{
  g_autofree char *subtitle = NULL;

  if (self->target == NULL)
    subtitle = g_strdup (_("No drive found"));
  else if (medium != NULL && *medium != '\0')
    /* Translators: the target address and what is in it, e.g. "/dev/sr0 — DVD+RW, blank" */
    subtitle = g_strdup_printf (_("%s — %s"), self->target, medium);
  else
    subtitle = g_strdup (self->target);

  adw_action_row_set_subtitle (self->target_row, subtitle);
}

static void
prepare_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Prepare *prep = task_data;
  GError *error = NULL;

  if (prep->demo)
    {
      g_autofree char *root = NULL;
      g_autofree char *image = NULL;

      if (!cs_demo_prepare (&prep->today, &root, &image, &error))
        {
          g_task_return_error (task, error);
          return;
        }

      /* As in headless mode, --stage-dir and --device still win. */
      if (prep->options->stage_dir == NULL)
        {
          g_free (prep->staging_root);
          prep->staging_root = g_steal_pointer (&root);
        }
      if (prep->options->device == NULL)
        {
          g_free (prep->target);
          prep->target = g_strconcat ("stdio:", image, NULL);
        }
    }

  /* Scanning for drives takes a while: never on the main thread. */
  if (prep->target == NULL)
    prep->target = cs_drive_default_address ();

  if (prep->options->day_dirs != NULL && prep->options->day_dirs[0] != NULL)
    prep->days = cs_options_get_days (prep->options, &prep->days_error);
  else if (prep->mode == CS_STORE_MODE_INITIALIZE)
    prep->days = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
  else if (prep->staging_root == NULL)
    g_set_error (&prep->days_error, CS_ERROR, CS_ERROR_CONFIG,
                 _("No staging directory is configured; use --stage-dir"));
  else if (prep->mode == CS_STORE_MODE_REBUILD)
    prep->days = cs_staging_find_rebuild (prep->staging_root, &prep->today, prep->starting_day,
                                          NULL, NULL, &prep->days_error);
  else
    prep->days = cs_staging_find_day (prep->staging_root, &prep->today,
                                      prep->mode == CS_STORE_MODE_FULL, prep->warn_midnite,
                                      NULL, NULL, &prep->days_error);

  g_task_return_boolean (task, TRUE);
}

static void
cs_window_prepare_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CsWindow *self = CS_WINDOW (object);
  Prepare *prep = g_task_get_task_data (G_TASK (result));
  CsOptions *options;
  g_autoptr(GError) error = NULL;

  self->preparing = FALSE;

  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  gtk_spinner_stop (self->loading_spinner);
  options = cs_window_get_options (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      cs_window_show_problem (self, _("Cannot Prepare the Store"), error->message);
      cs_window_log (self, G_LOG_LEVEL_CRITICAL, error->message);
      g_clear_pointer (&self->config, cs_config_free);
    }
  else
    {
      if (prep->demo)
        {
          g_autofree char *message = NULL;

          /* From now on the demo tree and image are what the command line would have said. */
          if (options->stage_dir == NULL)
            options->stage_dir = g_strdup (prep->staging_root);
          if (options->device == NULL)
            options->device = g_strdup (prep->target);
          self->demo_done = TRUE;

          g_clear_pointer (&self->config, cs_config_free);
          self->config = cs_options_load_config (options, &error);
          if (self->config == NULL)
            cs_window_log (self, G_LOG_LEVEL_CRITICAL, error->message);

          message = g_strdup_printf (_("Demo: sample staging tree in %s, image file %s"),
                                     prep->staging_root, prep->target);
          cs_window_log (self, G_LOG_LEVEL_INFO, message);
        }

      g_free (self->staging_root);
      self->staging_root = g_steal_pointer (&prep->staging_root);
      g_free (self->target);
      self->target = g_steal_pointer (&prep->target);
      g_clear_pointer (&self->days, g_ptr_array_unref);
      self->days = g_steal_pointer (&prep->days);

      /* The drive scan is done: the job must not repeat it on the main thread. */
      if (self->config != NULL && self->config->target_device == NULL)
        self->config->target_device = g_strdup (self->target);

      adw_action_row_set_subtitle (self->staging_row,
                                   self->staging_root ? self->staging_root : _("None"));
      cs_window_show_target (self, NULL);

      if (self->days != NULL)
        cs_window_show_days (self);
      else if (g_error_matches (prep->days_error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE))
        cs_window_show_problem (self, _("No Staged Day to Store"), prep->days_error->message);
      else
        cs_window_show_problem (self, _("Cannot Use These Days"),
                                prep->days_error ? prep->days_error->message : NULL);
    }

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      cs_window_refresh (self);
      return;
    }

  cs_window_update_state (self);

  if (self->store_pending)
    {
      self->store_pending = FALSE;
      if (cs_window_is_ready (self))
        cs_window_store (self);
      else
        cs_window_toast (self, adw_status_page_get_title (self->empty_page));
    }
}

/**
 * cs_window_refresh:
 *
 * Reads the configuration again and looks for the days a store would take,
 * in a worker thread.
 */
void
cs_window_refresh (CsWindow *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  CsOptions *options;
  Prepare *prep;

  g_return_if_fail (CS_IS_WINDOW (self));

  if (self->job != NULL)
    return;

  if (self->preparing)
    {
      self->refresh_again = TRUE;
      return;
    }

  options = cs_window_get_options (self);

  /* "Today" is read once per look, and the store that follows uses the same day. */
  if (options->date != NULL && g_date_valid (&options->today))
    {
      self->today = options->today;
    }
  else
    {
      now = g_date_time_new_now_local ();
      g_date_clear (&self->today, 1);
      g_date_set_dmy (&self->today,
                      g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }

  g_clear_pointer (&self->days, g_ptr_array_unref);
  g_clear_pointer (&self->config, cs_config_free);
  self->config = cs_options_load_config (options, &error);

  if (self->config == NULL)
    {
      cs_window_show_problem (self, _("Configuration Problem"), error->message);
      cs_window_log (self, G_LOG_LEVEL_CRITICAL, error->message);
      cs_window_update_state (self);
      return;
    }

  prep = g_new0 (Prepare, 1);
  prep->options = options;
  prep->today = self->today;
  prep->mode = options->mode;
  prep->starting_day = self->config->starting_day;
  prep->warn_midnite = self->config->warn_midnite;
  prep->demo = options->demo && !self->demo_done;
  /* The configuration has --stage-dir and --device applied already. */
  prep->staging_root = g_strdup (self->config->staging_dir);
  prep->target = g_strdup (self->config->target_device);

  self->preparing = TRUE;
  gtk_spinner_start (self->loading_spinner);
  gtk_stack_set_visible_child_name (self->days_stack, "loading");
  cs_window_update_state (self);

  task = g_task_new (self, NULL, cs_window_prepare_cb, NULL);
  g_task_set_source_tag (task, cs_window_refresh);
  g_task_set_task_data (task, prep, prepare_free);
  g_task_run_in_thread (task, prepare_worker);
}

static CsStepRow *
cs_window_row_for_step (CsWindow *self,
                        CsStep    step)
{
  if (step <= CS_STEP_NONE || step >= CS_N_STEPS)
    return NULL;

  return self->step_rows[step];
}

static void
on_job_step_started (CsWindow   *self,
                     CsStep      step,
                     CsStoreJob *job)
{
  CsStepRow *row = cs_window_row_for_step (self, step);

  if (row != NULL)
    cs_step_row_start (row);
}

static void
on_job_step_finished (CsWindow     *self,
                      CsStep        step,
                      const GError *error,
                      CsStoreJob   *job)
{
  CsStepRow *row = cs_window_row_for_step (self, step);

  if (row != NULL)
    cs_step_row_finish (row, error);
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
  CsStepRow *row = cs_window_row_for_step (self, step);

  if (row != NULL)
    cs_step_row_set_progress (row, fraction, done_bytes, total_bytes, bytes_per_s);
}

static void
on_job_log (CsWindow   *self,
            int         level,
            const char *message,
            CsStoreJob *job)
{
  CsOptions *options = cs_window_get_options (self);

  if ((level & G_LOG_LEVEL_DEBUG) && options->verbosity <= 0)
    return;

  cs_window_log (self, level, message);
}

static void
on_job_medium_changed (CsWindow   *self,
                       GParamSpec *pspec,
                       CsStoreJob *job)
{
  cs_window_show_target (self, cs_store_job_get_medium (job));
}

static void
cs_window_store_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  CsStoreJob *job = CS_STORE_JOB (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean ok;

  ok = cs_store_job_run_finish (job, result, &error);

  /* The window went away while the job ran; dispose already let go of it. */
  if (self->job != job)
    return;

  if (ok)
    {
      GPtrArray *days = cs_store_job_get_days (job);
      guint n_days = days != NULL ? days->len : 0;

      if (n_days > 0)
        message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                "Stored %u day to %s",
                                                "Stored %u days to %s",
                                                n_days),
                                   n_days, self->target);
      else
        message = g_strdup_printf (_("Finished writing to %s"), self->target);

      cs_window_log (self, G_LOG_LEVEL_MESSAGE, message);
    }
  else if (error_is_cancelled (error))
    {
      message = g_strdup (_("Store cancelled"));
      cs_window_log (self, G_LOG_LEVEL_WARNING, message);
    }
  else
    {
      message = g_strdup (error->message);
      cs_window_log (self, G_LOG_LEVEL_CRITICAL, message);
    }

  cs_window_toast (self, message);

  for (CsStep step = CS_STEP_FIND_DAY; step < CS_N_STEPS; step++)
    {
      if (cs_step_row_get_state (self->step_rows[step]) == CS_STEP_ROW_PENDING)
        cs_step_row_set_detail (self->step_rows[step], ok ? _("Skipped") : _("Not run"));
    }

  g_signal_handlers_disconnect_by_data (job, self);
  g_clear_object (&self->job);
  g_clear_object (&self->cancellable);

  if (self->inhibit_cookie != 0)
    {
      gtk_application_uninhibit (gtk_window_get_application (GTK_WINDOW (self)),
                                 self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }

  if (self->close_pending)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  cs_window_update_state (self);

  /* A stored day now has its indicator: look again for what is left. */
  cs_window_refresh (self);
}

/**
 * cs_window_store:
 *
 * Starts a store with the options the application was started with, the
 * day fixed by the last look and the target it showed.  While the window is
 * still looking, the store starts as soon as the look is done.
 */
void
cs_window_store (CsWindow *self)
{
  g_autoptr(CsStoreJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_return_if_fail (CS_IS_WINDOW (self));

  if (self->job != NULL)
    return;

  if (self->preparing)
    {
      self->store_pending = TRUE;
      return;
    }

  if (!cs_window_is_ready (self))
    return;

  job = cs_options_create_job (cs_window_get_options (self), self->config, &error);
  if (job == NULL)
    {
      cs_window_log (self, G_LOG_LEVEL_CRITICAL, error->message);
      cs_window_toast (self, error->message);
      return;
    }

  cs_store_job_set_today (job, &self->today);

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

  self->job = g_steal_pointer (&job);
  self->cancellable = g_cancellable_new ();
  self->inhibit_cookie =
    gtk_application_inhibit (gtk_window_get_application (GTK_WINDOW (self)),
                             GTK_WINDOW (self),
                             GTK_APPLICATION_INHIBIT_LOGOUT | GTK_APPLICATION_INHIBIT_SUSPEND,
                             _("Storing a backup"));

  g_free (self->target);
  self->target = g_strdup (cs_store_job_get_target (self->job));
  cs_window_show_target (self, NULL);

  message = g_strdup_printf (_("Storing to %s"), self->target);
  cs_window_log (self, G_LOG_LEVEL_MESSAGE, message);
  cs_window_update_state (self);

  cs_store_job_run_async (self->job, self->cancellable, cs_window_store_cb, g_object_ref (self));
}

/**
 * cs_window_cancel:
 *
 * Asks the running store to stop.  It stops at the next safe point; the
 * window reports that through the job's signals like any other ending.
 */
void
cs_window_cancel (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  self->store_pending = FALSE;

  if (self->job == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;

  cs_window_log (self, G_LOG_LEVEL_WARNING, _("Cancelling…"));
  g_cancellable_cancel (self->cancellable);
  cs_window_update_state (self);
}

gboolean
cs_window_get_busy (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  return self->job != NULL;
}

gboolean
cs_window_get_can_store (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  return self->can_store;
}

/**
 * cs_window_get_days:
 *
 * Returns: (transfer none) (nullable): the days of the last look, %NULL
 *   while looking or when there is nothing to store
 */
GPtrArray *
cs_window_get_days (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->days;
}

const char *
cs_window_get_target (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->target;
}

/**
 * cs_window_get_job:
 *
 * Returns: (transfer none) (nullable): the running job
 */
CsStoreJob *
cs_window_get_job (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->job;
}

CsStepRow *
cs_window_get_step_row (CsWindow *self,
                        CsStep    step)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return cs_window_row_for_step (self, step);
}

static void
cs_window_refresh_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  cs_window_refresh (CS_WINDOW (widget));
}

static gboolean
cs_window_close_request (GtkWindow *window)
{
  CsWindow *self = CS_WINDOW (window);

  /* Never leave a drive half-written: stop the job first, close when it has let go. */
  if (self->job != NULL)
    {
      self->close_pending = TRUE;
      cs_window_cancel (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (cs_window_parent_class)->close_request (window);
}

static void
cs_window_dispose (GObject *object)
{
  CsWindow *self = (CsWindow *)object;

  if (self->job != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_signal_handlers_disconnect_by_data (self->job, self);
      g_clear_object (&self->job);
    }
  g_clear_object (&self->cancellable);

  if (self->inhibit_cookie != 0)
    {
      GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

      if (app != NULL)
        gtk_application_uninhibit (app, self->inhibit_cookie);
      self->inhibit_cookie = 0;
    }

  G_OBJECT_CLASS (cs_window_parent_class)->dispose (object);
}

static void
cs_window_finalize (GObject *object)
{
  CsWindow *self = (CsWindow *)object;

  g_clear_pointer (&self->config, cs_config_free);
  g_clear_pointer (&self->days, g_ptr_array_unref);
  g_clear_pointer (&self->staging_root, g_free);
  g_clear_pointer (&self->target, g_free);

  G_OBJECT_CLASS (cs_window_parent_class)->finalize (object);
}

static void
cs_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CsWindow *self = CS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, cs_window_get_busy (self));
      break;

    case PROP_CAN_STORE:
      g_value_set_boolean (value, cs_window_get_can_store (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_window_class_init (CsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cs_window_dispose;
  object_class->finalize = cs_window_finalize;
  object_class->get_property = cs_window_get_property;

  window_class->close_request = cs_window_close_request;

  /**
   * CsWindow:busy:
   *
   * Whether a store is running.
   */
  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CsWindow:can-store:
   *
   * Whether app.store would start a store (now, or once the look for
   * staged days is done).
   */
  properties [PROP_CAN_STORE] =
    g_param_spec_boolean ("can-store", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cedarstore/CedarStore/cs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, store_button);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, staging_row);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, target_row);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, days_stack);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, days_list);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, steps_list);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, log_scroller);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, log_view);

  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, cs_window_refresh_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh", NULL);

  g_type_ensure (CS_TYPE_STEP_ROW);
}

static void
cs_window_init (CsWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (CsStep step = CS_STEP_FIND_DAY; step < CS_N_STEPS; step++)
    {
      self->step_rows[step] = CS_STEP_ROW (cs_step_row_new (step));
      gtk_list_box_append (self->steps_list, GTK_WIDGET (self->step_rows[step]));
    }

  buffer = gtk_text_view_get_buffer (self->log_view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  self->log_end = gtk_text_buffer_create_mark (buffer, "log-end", &end, FALSE);
  self->log_follow = TRUE;
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->log_scroller),
                           "value-changed", G_CALLBACK (on_log_scrolled),
                           self, G_CONNECT_SWAPPED);
  gtk_text_buffer_create_tag (buffer, "time", "foreground", "#77767b", NULL);
  gtk_text_buffer_create_tag (buffer, "debug", "foreground", "#77767b", NULL);
  gtk_text_buffer_create_tag (buffer, "warning", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "error",
                              "weight", PANGO_WEIGHT_BOLD,
                              "foreground", "#e01b24",
                              NULL);

  /* AdwStatusPage scrolls its content itself; inside our own scrolled pane it
   * would get no height at all unless it asks for its natural one.
   */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->empty_page));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SCROLLED_WINDOW (child))
        gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (child), TRUE);
    }

  adw_action_row_set_subtitle (self->staging_row, "…");
  adw_action_row_set_subtitle (self->target_row, "…");
}

CsWindow *
cs_window_new (CsApplication *application)
{
  CsWindow *self;

  g_return_val_if_fail (CS_IS_APPLICATION (application), NULL);

  self = g_object_new (CS_TYPE_WINDOW,
                       "application", application,
                       NULL);

  /* Not in constructed(): GtkWindow:application is set only after it. */
  cs_window_update_title (self);
  cs_window_refresh (self);

  return self;
}
