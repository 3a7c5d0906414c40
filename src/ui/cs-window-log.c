/* cs-window-log.c
 *
 * The log under the steps: every line of the job, monospace, warnings and errors
 * highlighted, following its end until the user scrolls up to read. Copy and Save… take
 * all of it; each run's lines are also saved under the user's state directory
 * (~/.local/state/cedar-store/logs), written in a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cs-window-private.h"

/* Older lines are dropped from the view so a long verbose run cannot grow without bound;
 * the saved run log keeps them all. */
#define MAX_LOG_LINES 5000
/* Run logs kept in the state directory. */
#define MAX_RUN_LOGS  100

static const char *
level_name (GLogLevelFlags level)
{
  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL))
    return "ERROR";
  if (level & G_LOG_LEVEL_WARNING)
    return "WARNING";
  if (level & G_LOG_LEVEL_DEBUG)
    return "DEBUG";
  return "INFO";
}

static void
cs_window_log_update_colors (CsWindow *self)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (gtk_text_view_get_buffer (self->log_view));
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());

  /* libadwaita's warning and error colours for each style, readable on the view. */
  g_object_set (gtk_text_tag_table_lookup (table, "warning"),
                "foreground", dark ? "#f8e45c" : "#9c6e03",
                NULL);
  g_object_set (gtk_text_tag_table_lookup (table, "error"),
                "foreground", dark ? "#ff7b63" : "#c01c28",
                NULL);
}

/* The log follows its end until the user scrolls up to read, and again once they are back
 * at the end. Only the user's own scrolling (wheel, touchpad, scrollbar, keys) stops it:
 * the view's own moves, as new lines are measured or old ones trimmed, never do. */
static void
on_log_scrolled (CsWindow      *self,
                 GtkAdjustment *vadj)
{
  double value = gtk_adjustment_get_value (vadj);

  if (value + gtk_adjustment_get_page_size (vadj) >= gtk_adjustment_get_upper (vadj) - 16.0)
    self->log_follow = TRUE;
}

/* New lines measured: keep the end in view. Not while unmapped: GTK 4.8 finishes a running
 * scroll animation on unmap by setting the value, and moving the adjustment from inside
 * that makes GTK end the animation twice (two criticals when the window closes). */
static void
on_log_grown (CsWindow      *self,
              GParamSpec    *pspec,
              GtkAdjustment *vadj)
{
  if (self->log_follow && gtk_widget_get_mapped (GTK_WIDGET (self->log_scroller)))
    gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj) -
                                    gtk_adjustment_get_page_size (vadj));
}

/* Lines that came while it was unmapped (a hidden window) were not followed: catch up. */
static void
on_log_mapped (CsWindow *self)
{
  on_log_grown (self, NULL, gtk_scrolled_window_get_vadjustment (self->log_scroller));
}

static gboolean
on_log_wheel (CsWindow                 *self,
              double                    dx,
              double                    dy,
              GtkEventControllerScroll *controller)
{
  if (dy < 0)
    self->log_follow = FALSE;

  return FALSE;
}

static void
on_log_scrollbar_pressed (CsWindow *self)
{
  self->log_follow = FALSE;
}

static gboolean
on_log_key (CsWindow              *self,
            guint                  keyval,
            guint                  keycode,
            GdkModifierType        state,
            GtkEventControllerKey *controller)
{
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      self->log_follow = FALSE;
      break;

    default:
      break;
    }

  return FALSE;
}

void
_cs_window_log_init (CsWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  GtkEventController *controller;
  GtkGesture *gesture;
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  self->log_end = gtk_text_buffer_create_mark (buffer, "log-end", &end, FALSE);
  self->log_follow = TRUE;
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->log_scroller),
                           "value-changed", G_CALLBACK (on_log_scrolled),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->log_scroller),
                           "notify::upper", G_CALLBACK (on_log_grown),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (self->log_scroller),
                           "notify::page-size", G_CALLBACK (on_log_grown),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->log_scroller, "map", G_CALLBACK (on_log_mapped),
                           self, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_log_wheel),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->log_scroller), controller);

  gesture = gtk_gesture_click_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (on_log_scrollbar_pressed),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->log_scroller),
                             GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_log_key),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->log_view), controller);

  gtk_text_buffer_create_tag (buffer, "time", "foreground", "#77767b", NULL);
  gtk_text_buffer_create_tag (buffer, "debug", "foreground", "#77767b", NULL);
  gtk_text_buffer_create_tag (buffer, "warning", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "error", "weight", PANGO_WEIGHT_BOLD, NULL);
  cs_window_log_update_colors (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (cs_window_log_update_colors),
                           self, G_CONNECT_SWAPPED);
}

void
_cs_window_log (CsWindow       *self,
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

  if (self->run_log != NULL)
    g_string_append_printf (self->run_log, "%s%-8s %s\n", stamp, level_name (level), message);

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
    }

  /* Aligned to the bottom: the view applies it again once the new lines are measured. */
  if (self->log_follow)
    gtk_text_view_scroll_to_mark (self->log_view, self->log_end, 0.0, TRUE, 0.0, 1.0);
}

void
_cs_window_log_begin_run (CsWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");

  if (self->run_log != NULL)
    g_string_free (self->run_log, TRUE);

  self->run_log = g_string_new (NULL);
  g_string_append_printf (self->run_log, "# Cedar Store %s, %s\n", PACKAGE_VERSION, when);
}

typedef struct
{
  char *dir;
  char *path;
  char *text;
} RunLog;

static void
run_log_free (gpointer data)
{
  RunLog *run_log = data;

  g_free (run_log->dir);
  g_free (run_log->path);
  g_free (run_log->text);
  g_free (run_log);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

/* Keeps the newest MAX_RUN_LOGS; the names sort by time. */
static void
prune_run_logs (const char *dir)
{
  g_autoptr(GDir) gdir = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (gdir == NULL)
    return;

  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      if (g_str_has_prefix (name, "store-") && g_str_has_suffix (name, ".log"))
        g_ptr_array_add (names, g_strdup (name));
    }

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; names->len > MAX_RUN_LOGS && i < names->len - MAX_RUN_LOGS; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);

      g_unlink (path);
    }
}

static void
save_run_log_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  RunLog *run_log = task_data;
  GError *error = NULL;

  if (g_mkdir_with_parents (run_log->dir, 0700) != 0)
    {
      int errsv = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errsv),
                               "%s: %s", run_log->dir, g_strerror (errsv));
      return;
    }

  if (!g_file_set_contents_full (run_log->path, run_log->text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  prune_run_logs (run_log->dir);
  g_task_return_boolean (task, TRUE);
}

static void
cs_window_run_log_saved (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  CsWindow *self = CS_WINDOW (object);
  RunLog *run_log = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->logs_saving--;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot save the log in %s: %s"),
                                                  run_log->dir, error->message);

      _cs_window_log (self, G_LOG_LEVEL_WARNING, message);
      return;
    }

  g_free (self->last_log_path);
  self->last_log_path = g_strdup (run_log->path);
}

/**
 * _cs_window_log_save_run:
 * @outcome: the run's last line
 *
 * Writes this run's log to the state directory, in a worker thread.
 */
void
_cs_window_log_save_run (CsWindow   *self,
                         const char *outcome)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = NULL;
  RunLog *run_log;

  if (self->run_log == NULL)
    return;

  g_string_append_printf (self->run_log, "# %s\n", outcome);

  run_log = g_new0 (RunLog, 1);
  run_log->dir = g_build_filename (g_get_user_state_dir (), "cedar-store", "logs", NULL);
  name = g_strdup_printf ("store-%s-%06u.log", stamp,
                          (guint) (g_get_monotonic_time () % 1000000));
  run_log->path = g_build_filename (run_log->dir, name, NULL);
  run_log->text = g_string_free (g_steal_pointer (&self->run_log), FALSE);

  self->logs_saving++;
  task = g_task_new (self, NULL, cs_window_run_log_saved, NULL);
  g_task_set_source_tag (task, _cs_window_log_save_run);
  g_task_set_task_data (task, run_log, run_log_free);
  g_task_run_in_thread (task, save_run_log_worker);
}

char *
_cs_window_log_get_text (CsWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->log_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
_cs_window_copy_log (CsWindow *self)
{
  g_autofree char *text = _cs_window_log_get_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  _cs_window_toast (self, _("Log copied"));
}

static void
cs_window_log_written (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot save the log: %s"), error->message);

      _cs_window_toast (self, message);
      return;
    }

  _cs_window_toast (self, _("Log saved"));
}

/**
 * _cs_window_save_log_to:
 * @file: where to save the log; replaced
 *
 * Saves the log as shown, after a first line that says which program and version wrote it
 * and when ("# Cedar Store 0.1.0, log saved 2026-11-26 14:03:52 +0100"): a saved log is read
 * later and elsewhere, and its lines carry only the time of day. Says "Log saved" or why
 * not in a toast.
 */
void
_cs_window_save_log_to (CsWindow *self,
                        GFile    *file)
{
  g_autofree char *shown = _cs_window_log_get_text (self);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M:%S %z");
  char *text = g_strdup_printf ("# Cedar Store %s, log saved %s\n%s",
                                PACKAGE_VERSION, when, shown);
  gsize length = strlen (text);
  g_autoptr(GBytes) bytes = g_bytes_new_take (text, length);

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                       cs_window_log_written, g_object_ref (self));
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
cs_window_save_dialog_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);

  if (file != NULL)
    _cs_window_save_log_to (self, file);
}
#else
static void
cs_window_save_chooser_cb (GtkNativeDialog *native,
                           int              response,
                           gpointer         user_data)
{
  g_autoptr(CsWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      if (file != NULL)
        _cs_window_save_log_to (self, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

void
_cs_window_save_log (CsWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *name = g_date_time_format (now, "cedar-store-%Y-%m-%d-%H%M.log");

#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Save Log"));
  gtk_file_dialog_set_initial_name (dialog, name);
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, cs_window_save_dialog_cb,
                        g_object_ref (self));
#else
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Save Log"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Save"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (cs_window_save_chooser_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
#endif
}
