/* cs-window.c
 *
 * The window: what a store would take, the target and its medium, the steps of the running
 * store and its log. The concerns live in their own files (see cs-window-private.h); this
 * one holds the class, its state and its public API.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-capacity-bar.h"
#include "cs-error.h"
#include "cs-settings.h"
#include "cs-widget-fixes.h"
#include "cs-window-private.h"

G_DEFINE_FINAL_TYPE (CsWindow, cs_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_CAN_STORE,
  PROP_CHECKING,
  PROP_JOB,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* For cs-window-store.c: the job property changes as a store starts and ends. */
void
_cs_window_notify_job (CsWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_JOB]);
}

CsOptions *
_cs_window_get_options (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self->app), NULL);

  return cs_application_get_options (self->app);
}

void
_cs_window_toast (CsWindow   *self,
                  const char *message)
{
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  /* Toasts queue; they are not dismissed to make room: libadwaita 1.2's overlay can crash
   * when a toast is dismissed while others are shown or queued (see the report). So the
   * window keeps them for outcomes and refusals, not for every step. */
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  g_free (self->last_toast);
  self->last_toast = g_strdup (message);
}

static gboolean
cs_window_scroll_cb (gpointer user_data)
{
  CsWindow *self = user_data;
  GtkWidget *widget = self->scroll_target;
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (self->main_scroller);
  GtkWidget *content = gtk_scrolled_window_get_child (self->main_scroller);
  double value = gtk_adjustment_get_value (vadj);
  double page = gtk_adjustment_get_page_size (vadj);
  double x, y;
  int height;

  self->scroll_source = 0;
  g_clear_weak_pointer (&self->scroll_target);

  if (widget == NULL || content == NULL ||
      !gtk_widget_translate_coordinates (widget, content, 0, 0, &x, &y))
    return G_SOURCE_REMOVE;

  /* The viewport's child is laid out from its own top: y is an offset into the scroll. */
  height = gtk_widget_get_height (widget);
  if (y < value)
    gtk_adjustment_set_value (vadj, y - 12);
  else if (y + height > value + page)
    gtk_adjustment_set_value (vadj, MIN (y - 12, y + height - page + 12));

  return G_SOURCE_REMOVE;
}

/* Scrolls the upper pane just enough for @widget to be seen, e.g. the running step; once
 * its new size is laid out. */
void
_cs_window_scroll_to (CsWindow  *self,
                      GtkWidget *widget)
{
  g_set_weak_pointer (&self->scroll_target, widget);
  if (self->scroll_source == 0)
    self->scroll_source = g_timeout_add (250, cs_window_scroll_cb, self);
}

/* A dialog with one answer, for what the user must read: an error and what to do next. */
void
_cs_window_message_dialog (CsWindow   *self,
                           const char *heading,
                           const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
_cs_error_is_cancelled (const GError *error)
{
  return g_error_matches (error, CS_ERROR, CS_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Explicit days: chosen in the window, or DAY_DIR… on the command line. */
gboolean
_cs_window_has_explicit_days (CsWindow *self)
{
  CsOptions *options = _cs_window_get_options (self);

  return self->selection != NULL ||
         (options->day_dirs != NULL && options->day_dirs[0] != NULL);
}

gboolean
_cs_window_is_ready (CsWindow *self)
{
  CsOptions *options = _cs_window_get_options (self);

  if (self->preparing || self->config == NULL || self->days == NULL || self->target == NULL)
    return FALSE;

  return self->days->len > 0 || options->mode == CS_STORE_MODE_INITIALIZE;
}

void
_cs_window_update_state (CsWindow *self)
{
  gboolean busy = self->job != NULL || self->unmounting;
  g_autofree char *advice = NULL;
  g_autofree char *reason = _cs_window_store_blocker (self, &advice, NULL);
  g_autofree char *blocker = reason != NULL ? g_strjoin (" ", reason, advice, NULL) : NULL;
  gboolean can_store = !busy && blocker == NULL && (self->preparing || self->check_job != NULL ||
                                                    _cs_window_is_ready (self));
  gboolean checking = cs_window_get_checking (self);
  GtkWidget *button = GTK_WIDGET (self->store_button);

  if (busy)
    {
      gboolean cancelled = self->cancel_pending ||
                           (self->cancellable && g_cancellable_is_cancelled (self->cancellable));

      gtk_button_set_label (self->store_button, cancelled ? _("Cancelling…") : _("_Cancel"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.cancel");
      gtk_widget_set_tooltip_text (button, _("Stop the store (Esc)"));
      gtk_widget_remove_css_class (button, "suggested-action");
    }
  else
    {
      gtk_button_set_label (self->store_button, _("_Store to Disc"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "app.store");
      gtk_widget_set_tooltip_text (button, blocker != NULL ? blocker
                                   : _("Write the days to the target and check them (Ctrl+Enter)"));
      gtk_widget_add_css_class (button, "suggested-action");
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.choose-folders", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-day", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-remove",
                                 !busy && self->removed_day != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset-selection",
                                 !busy && self->selection != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->target_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->no_mark_switch), !busy);

  /* Shown from what is true now (issue 14, item 6): the reason Store waits in the target
   * card, the step rows, and "Chosen by hand" only over days that are shown. */
  _cs_window_show_blocker (self);
  _cs_window_update_rows (self, busy);
  if (!self->preparing && (self->config == NULL || self->days == NULL || self->days->len == 0))
    adw_preferences_group_set_description (self->days_group, NULL);

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

  if (checking != self->checking)
    {
      self->checking = checking;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CHECKING]);
    }
}

static void
cs_window_update_title (CsWindow *self)
{
  CsOptions *options = _cs_window_get_options (self);
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

/**
 * cs_window_store:
 *
 * Starts a store of the days shown to the target shown. While the window is still looking
 * or checking the medium, the store starts as soon as that is done. A store that erases a
 * disc (or replaces an image file) holding sessions asks first (cs-window-erase.c).
 */
void
cs_window_store (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  if (self->job != NULL || self->unmounting)
    return;

  if (self->preparing)
    {
      self->store_pending = TRUE;
      return;
    }

  if (self->check_job != NULL || self->contents_cancellable != NULL)
    {
      /* The dry run tells whether the store erases the disc (cs-window-erase.c): it
       * finishes, then the store starts. The look at the disc holds the target: it stops. */
      self->store_pending = TRUE;
      _cs_window_cancel_look (self);
      return;
    }

  {
    g_autofree char *advice = NULL;
    g_autofree char *reason = _cs_window_store_blocker (self, &advice, NULL);

    if (reason != NULL)
      {
        g_autofree char *blocker = g_strjoin (" ", reason, advice, NULL);

        _cs_window_toast (self, blocker);
        return;
      }
  }

  if (!_cs_window_is_ready (self))
    {
      _cs_window_toast (self, self->config == NULL
                              ? _("Fix the configuration first")
                              : _("There is no staged day to store"));
      return;
    }

  _cs_window_store_asking (self);
}

/**
 * cs_window_cancel:
 *
 * Asks the running store to stop (after a confirmation while writing a write-once disc).
 * It stops at the next safe point; the step rows and a toast tell the outcome.
 */
void
cs_window_cancel (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  self->store_pending = FALSE;
  _cs_window_stop (self);
}

/**
 * cs_window_close_now:
 *
 * Closes the window without asking: a running store is cancelled first and the window
 * goes once it has let go of the drive (SIGINT, SIGTERM).
 */
void
cs_window_close_now (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  if (self->job == NULL && !self->unmounting)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  self->close_pending = TRUE;
  self->cancel_pending = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  _cs_window_update_state (self);
}

gboolean
cs_window_get_busy (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  return self->job != NULL || self->unmounting;
}

gboolean
cs_window_get_can_store (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  return self->can_store;
}

/**
 * cs_window_get_checking:
 *
 * Returns: whether the window is still finding out what a store would do: looking for
 *   days, looking at dropped folders, or checking the medium
 */
gboolean
cs_window_get_checking (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), FALSE);

  return self->preparing || self->check_job != NULL || self->contents_cancellable != NULL ||
         self->selecting > 0;
}

/**
 * cs_window_get_days:
 *
 * Returns: (transfer none) (nullable) (element-type CsDay): the days of the last look
 */
GPtrArray *
cs_window_get_days (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->days;
}

/**
 * cs_window_get_selection:
 *
 * Returns: (transfer none) (nullable) (element-type CsDay): the days chosen by hand, %NULL
 *   when find-day decides
 */
GPtrArray *
cs_window_get_selection (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->selection;
}

const char *
cs_window_get_target (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->target;
}

/**
 * cs_window_get_config:
 *
 * Returns: (transfer none) (nullable): the settings of the last look, with their origins
 */
const CsConfig *
cs_window_get_config (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->config;
}

/**
 * cs_window_get_plan:
 *
 * Returns: (transfer none) (nullable): what the last check or store found out about the
 *   medium and the image
 */
const CsStorePlan *
cs_window_get_plan (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->plan;
}

/**
 * cs_window_get_job:
 *
 * Returns: (transfer none) (nullable): the running store
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

  if (step <= CS_STEP_NONE || step >= CS_N_STEPS)
    return NULL;

  return self->step_rows[step];
}

/**
 * cs_window_get_log_text:
 *
 * Returns: (transfer full): the log view's text
 */
char *
cs_window_get_log_text (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return _cs_window_log_get_text (self);
}

/**
 * cs_window_get_last_log_path:
 *
 * Returns: (nullable): where the last run's log was saved
 */
const char *
cs_window_get_last_log_path (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->last_log_path;
}

/**
 * cs_window_get_settings:
 *
 * Returns: (transfer none) (nullable): the preferences, %NULL without the schema
 */
GSettings *
cs_window_get_settings (CsWindow *self)
{
  g_return_val_if_fail (CS_IS_WINDOW (self), NULL);

  return self->settings;
}


static void
cs_window_settings_changed (CsWindow   *self,
                            const char *key,
                            GSettings  *settings)
{
  /* The window's own choice of target is remembered there, and is already in use. */
  if (g_strcmp0 (key, "target") == 0 && self->target_override != NULL)
    return;
  /* Its size (cs-window-size.c) and the restore folder change nothing a store would do. */
  if (g_str_has_prefix (key, "window-") || g_strcmp0 (key, "restore-folder") == 0)
    return;

  cs_window_refresh (self);
}

static gboolean
cs_window_close_request (GtkWindow *window)
{
  CsWindow *self = CS_WINDOW (window);

  /* Never leave a drive half-written: ask, stop the job, close when it has let go. */
  if (self->job != NULL || self->unmounting)
    {
      if (!self->close_pending)
        _cs_window_confirm_close (self);
      return TRUE;
    }

  return GTK_WINDOW_CLASS (cs_window_parent_class)->close_request (window);
}

static void
cs_window_dispose (GObject *object)
{
  CsWindow *self = (CsWindow *)object;

  g_cancellable_cancel (self->lifetime);

  if (self->job != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_signal_handlers_disconnect_by_data (self->job, self);
      g_clear_object (&self->job);
    }
  g_clear_object (&self->cancellable);

  if (self->check_job != NULL)
    {
      g_cancellable_cancel (self->check_cancellable);
      g_signal_handlers_disconnect_by_data (self->check_job, self);
      g_clear_object (&self->check_job);
    }
  g_clear_object (&self->check_cancellable);
  _cs_window_cancel_look (self);

  if (self->inhibit_cookie != 0 && self->app != NULL)
    gtk_application_uninhibit (GTK_APPLICATION (self->app), self->inhibit_cookie);
  self->inhibit_cookie = 0;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  if (self->volume_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->volume_monitor, self);
  g_clear_object (&self->volume_monitor);
  g_clear_handle_id (&self->media_changed_source, g_source_remove);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  g_clear_weak_pointer (&self->scroll_target);
  g_clear_object (&self->app);

  G_OBJECT_CLASS (cs_window_parent_class)->dispose (object);
}

static void
cs_window_finalize (GObject *object)
{
  CsWindow *self = (CsWindow *)object;

  g_clear_pointer (&self->config, cs_config_free);
  g_clear_pointer (&self->days, g_ptr_array_unref);
  g_clear_pointer (&self->day_sizes, g_array_unref);
  g_clear_pointer (&self->day_stored, g_array_unref);
  g_clear_pointer (&self->day_unmarkable, g_ptr_array_unref);
  g_clear_pointer (&self->image_problem, g_free);
  g_clear_pointer (&self->image_problem_day, g_free);
  g_clear_pointer (&self->selection, g_ptr_array_unref);
  g_clear_pointer (&self->removed_day, cs_day_free);
  g_clear_pointer (&self->staging_root, g_free);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->target_device, g_free);
  g_clear_pointer (&self->target_override, g_free);
  g_clear_pointer (&self->drives, g_strfreev);
  g_clear_pointer (&self->drive_names, g_strfreev);
  g_clear_pointer (&self->drive_uses, g_array_unref);
  g_clear_pointer (&self->rows_key, g_free);
  g_clear_pointer (&self->target_addresses, g_ptr_array_unref);
  g_clear_pointer (&self->plan, cs_store_plan_free);
  g_clear_pointer (&self->medium_text, g_free);
  g_clear_error (&self->check_error);
  g_clear_pointer (&self->disc_target, g_free);
  g_clear_pointer (&self->last_toast, g_free);
  g_clear_pointer (&self->last_notification, g_free);
  g_clear_pointer (&self->last_log_path, g_free);
  if (self->run_log != NULL)
    g_string_free (self->run_log, TRUE);
  g_clear_object (&self->lifetime);

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

    case PROP_CHECKING:
      g_value_set_boolean (value, cs_window_get_checking (self));
      break;

    case PROP_JOB:
      g_value_set_object (value, cs_window_get_job (self));
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
   * Whether a store is running (or about to, while the disc is unmounted).
   */
  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CsWindow:can-store:
   *
   * Whether app.store would start a store (now, or once the look for staged days is done).
   */
  properties [PROP_CAN_STORE] =
    g_param_spec_boolean ("can-store", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CsWindow:checking:
   *
   * Whether the window is still finding out what a store would do.
   */
  properties [PROP_CHECKING] =
    g_param_spec_boolean ("checking", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CsWindow:job:
   *
   * The running store. It is notified as a store starts, before the job runs, and again
   * when it has ended.
   */
  properties [PROP_JOB] =
    g_param_spec_object ("job", NULL, NULL,
                         CS_TYPE_STORE_JOB,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cedarstore/CedarStore/cs-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, store_button);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, days_group);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, main_scroller);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, days_stack);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, days_list);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, target_row);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, medium_row);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, medium_icon);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, medium_spinner);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, disc_view);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, capacity_bar);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, used_label);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, adds_label);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, free_label);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, plan_label);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, fit_label);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, no_disc_page);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, steps_list);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, no_mark_switch);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, log_scroller);
  gtk_widget_class_bind_template_child (widget_class, CsWindow, log_view);

  _cs_window_class_actions_init (widget_class);

  g_type_ensure (CS_TYPE_STEP_ROW);
  g_type_ensure (CS_TYPE_CAPACITY_BAR);
  g_type_ensure (CS_TYPE_DISC_VIEW);
}

/* gtk_window_destroy() takes the window out of the application at once, while work it
 * started may still report back: keep the application, and stop starting new work. */
static void
on_application_changed (CsWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app != NULL)
    g_set_object (&self->app, CS_APPLICATION (app));
  else
    g_cancellable_cancel (self->lifetime);
}

static void
cs_window_init (CsWindow *self)
{
  self->lifetime = g_cancellable_new ();
  self->rescan_drives = TRUE;
  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_changed), NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  for (CsStep step = CS_STEP_FIND_DAY; step < CS_N_STEPS; step++)
    {
      self->step_rows[step] = CS_STEP_ROW (cs_step_row_new (step));
      gtk_list_box_append (self->steps_list, GTK_WIDGET (self->step_rows[step]));
    }

  /* AdwStatusPage scrolls its content itself; inside our own scrolled pane it asks for the
   * height it needs instead (cs-widget-fixes.c). */
  cs_fix_status_page_height (GTK_WIDGET (self->empty_page));
  cs_fix_status_page_height (GTK_WIDGET (self->no_disc_page));
  cs_fix_no_hyphens (GTK_WIDGET (self->empty_page));
  cs_fix_no_hyphens (GTK_WIDGET (self->no_disc_page));
  cs_fix_button_names (GTK_WIDGET (self));
  cs_fix_message_dialogs ();

  _cs_window_log_init (self);
  _cs_window_target_init (self);
  _cs_window_dnd_init (self);
  _cs_window_mark_init (self);
  _cs_window_disc_init (self);

  self->settings = cs_settings_new ();
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed",
                             G_CALLBACK (cs_window_settings_changed),
                             self, G_CONNECT_SWAPPED);
  _cs_window_size_init (self);
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
  gtk_switch_set_active (self->no_mark_switch, _cs_window_get_options (self)->no_mark);
  cs_window_refresh (self);

  return self;
}
