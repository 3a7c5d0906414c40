/* cs-window-dnd.c
 *
 * Choosing what to store by hand: staging folders dropped on the window or picked in the
 * file chooser. A daily folder (…/YYYY/MM/DD with cback.stage) selects that day, the staging
 * root (or a year or month under it) selects its unstored days; anything else is refused,
 * and a dialog names each refused folder and why (a toast would cut a list off). The folders are looked at in a worker thread. Several days
 * go onto the disc as one session, as a rebuild does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-staging.h"
#include "cs-window-private.h"

typedef struct
{
  char      *path;
  GPtrArray *days;    /* CsDay, or NULL */
  GError    *error;
  gboolean   local;
} Dropped;

static void
dropped_free (gpointer data)
{
  Dropped *dropped = data;

  g_free (dropped->path);
  g_clear_pointer (&dropped->days, g_ptr_array_unref);
  g_clear_error (&dropped->error);
  g_free (dropped);
}

static void
look_at_folders_worker (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  GPtrArray *folders = task_data;

  for (guint i = 0; i < folders->len; i++)
    {
      Dropped *dropped = g_ptr_array_index (folders, i);

      if (g_cancellable_is_cancelled (cancellable))
        break;

      if (dropped->local)
        dropped->days = cs_staging_days_under (dropped->path, &dropped->error);
    }

  g_task_return_boolean (task, TRUE);
}

static char *
refusal_message (const Dropped *dropped)
{
  g_autofree char *name = g_filename_display_basename (dropped->path);

  if (g_error_matches (dropped->error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE))
    return g_strdup_printf (_("“%s” is not a staging day: it holds no YYYY/MM/DD folder with "
                              "cback.stage that is still to be stored"), name);

  if (!dropped->local)
    return g_strdup_printf (_("“%s” is not on this computer; staging folders must be local"),
                            name);

  return g_strdup_printf (_("“%s” is not a staging folder: it is not a folder"), name);
}

/* Each refused folder and why, in a dialog (and each in the log). */
static void
cs_window_show_refusals (CsWindow  *self,
                         GPtrArray *refusals)
{
  g_autoptr(GString) body = g_string_new (NULL);
  AdwMessageDialog *dialog;

  for (guint i = 0; i < refusals->len; i++)
    {
      const char *refusal = g_ptr_array_index (refusals, i);

      _cs_window_log (self, G_LOG_LEVEL_WARNING, refusal);
      if (body->len > 0)
        g_string_append (body, "\n\n");
      /* Translators: one refused folder in a list: a bullet and why, e.g. "• “x” is not…" */
      g_string_append_printf (body, _("• %s."), refusal);
    }

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       g_dngettext (GETTEXT_PACKAGE,
                                                                    "A Folder Was Not Added",
                                                                    "Folders Were Not Added",
                                                                    refusals->len),
                                                       body->str));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  adw_message_dialog_set_default_response (dialog, "close");
  adw_message_dialog_set_close_response (dialog, "close");
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Adds @day unless the selection has it; FALSE and @why when a disc cannot take it. */
static gboolean
selection_add (GPtrArray    *selection,
               const CsDay  *day,
               char        **why)
{
  for (guint i = 0; i < selection->len; i++)
    {
      const CsDay *other = g_ptr_array_index (selection, i);

      if (g_str_equal (other->path, day->path))
        return TRUE;

      if (g_str_equal (other->suffix, day->suffix))
        {
          *why = g_strdup_printf (_("Another folder for %s is selected already; a disc holds "
                                    "one folder per day"), day->suffix);
          return FALSE;
        }
    }

  g_ptr_array_add (selection, cs_day_copy (day));

  return TRUE;
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  const CsDay *day_a = *(const CsDay **) a;
  const CsDay *day_b = *(const CsDay **) b;

  return g_date_compare (&day_a->date, &day_b->date);
}

static void
cs_window_folders_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CsWindow *self = CS_WINDOW (object);
  GPtrArray *folders = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) selection = NULL;
  g_autoptr(GPtrArray) refusals = g_ptr_array_new_with_free_func (g_free);
  guint added = 0;

  self->selecting--;

  if (g_cancellable_is_cancelled (self->lifetime))
    return;

  if (self->job != NULL || self->unmounting)
    {
      _cs_window_toast (self, _("The selection cannot change while storing"));
      _cs_window_update_state (self);
      return;
    }

  /* The first choice by hand replaces find-day's pick; later ones add to it. */
  selection = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
  for (guint i = 0; self->selection != NULL && i < self->selection->len; i++)
    g_ptr_array_add (selection, cs_day_copy (g_ptr_array_index (self->selection, i)));

  for (guint i = 0; i < folders->len; i++)
    {
      const Dropped *dropped = g_ptr_array_index (folders, i);

      if (dropped->days == NULL)
        {
          g_ptr_array_add (refusals, refusal_message (dropped));
          continue;
        }

      for (guint j = 0; j < dropped->days->len; j++)
        {
          g_autofree char *why = NULL;
          guint before = selection->len;

          if (!selection_add (selection, g_ptr_array_index (dropped->days, j), &why))
            {
              g_ptr_array_add (refusals, g_steal_pointer (&why));
            }
          else if (selection->len > before)
            {
              added++;
            }
        }
    }

  if (refusals->len > 0)
    cs_window_show_refusals (self, refusals);

  if (added > 0 || (self->selection == NULL && selection->len > 0))
    {
      g_autofree char *message = NULL;

      g_ptr_array_sort (selection, compare_days);
      g_clear_pointer (&self->selection, g_ptr_array_unref);
      self->selection = g_steal_pointer (&selection);
      g_clear_pointer (&self->removed_day, cs_day_free);

      message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Selected %u staged day",
                                              "Selected %u staged days",
                                              self->selection->len),
                                 self->selection->len);
      _cs_window_log (self, G_LOG_LEVEL_INFO, message);

      cs_window_refresh (self);
      return;
    }

  _cs_window_update_state (self);
}

/**
 * _cs_window_add_folders:
 * @files: (element-type GFile): dropped or chosen folders
 *
 * Looks at @files in a worker thread and adds the staged days they hold to the selection.
 */
void
_cs_window_add_folders (CsWindow *self,
                        GSList   *files)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) folders = NULL;

  g_return_if_fail (CS_IS_WINDOW (self));

  if (self->job != NULL || self->unmounting)
    {
      _cs_window_toast (self, _("The selection cannot change while storing"));
      return;
    }

  folders = g_ptr_array_new_with_free_func (dropped_free);
  for (const GSList *l = files; l != NULL; l = l->next)
    {
      Dropped *dropped = g_new0 (Dropped, 1);

      dropped->path = g_file_get_path (G_FILE (l->data));
      dropped->local = dropped->path != NULL;
      /* Not a local file (e.g. a network location): refused like a non-day. */
      if (!dropped->local)
        dropped->path = g_file_get_parse_name (G_FILE (l->data));
      g_ptr_array_add (folders, dropped);
    }

  if (folders->len == 0)
    return;

  self->selecting++;
  _cs_window_update_state (self);

  task = g_task_new (self, self->lifetime, cs_window_folders_cb, NULL);
  g_task_set_source_tag (task, _cs_window_add_folders);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_steal_pointer (&folders), (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, look_at_folders_worker);
}

static gboolean
on_drop (CsWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GdkFileList *list;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  if (self->job != NULL || self->unmounting)
    {
      _cs_window_toast (self, _("The selection cannot change while storing"));
      return FALSE;
    }

  list = g_value_get_boxed (value);
  _cs_window_add_folders (self, gdk_file_list_get_files (list));

  return TRUE;
}

void
_cs_window_dnd_init (CsWindow *self)
{
  self->drop_target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (self->drop_target, "drop", G_CALLBACK (on_drop),
                           self, G_CONNECT_SWAPPED);
  /* The window's whole content ("drop_area" in cs-window.ui), not only the toast overlay,
   * which covers the upper pane. */
  gtk_widget_add_controller (adw_application_window_get_content (ADW_APPLICATION_WINDOW (self)),
                             GTK_EVENT_CONTROLLER (self->drop_target));
}

static GFile *
cs_window_chooser_start (CsWindow *self)
{
  if (self->staging_root == NULL || !g_file_test (self->staging_root, G_FILE_TEST_IS_DIR))
    return NULL;

  return g_file_new_for_path (self->staging_root);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
cs_window_folders_dialog_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  g_autoptr(GListModel) files = NULL;
  GSList *list = NULL;

  files = gtk_file_dialog_select_multiple_folders_finish (GTK_FILE_DIALOG (object), result, NULL);
  if (files == NULL)
    return;

  for (guint i = g_list_model_get_n_items (files); i > 0; i--)
    list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));

  _cs_window_add_folders (self, list);
  g_slist_free_full (list, g_object_unref);
}
#else
static void
cs_window_folders_chooser_cb (GtkNativeDialog *native,
                              int              response,
                              gpointer         user_data)
{
  g_autoptr(CsWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (native));
      GSList *list = NULL;

      for (guint i = g_list_model_get_n_items (files); i > 0; i--)
        list = g_slist_prepend (list, g_list_model_get_item (files, i - 1));

      _cs_window_add_folders (self, list);
      g_slist_free_full (list, g_object_unref);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

/* The folder button: the same as dropping the folders chosen. */
void
_cs_window_choose_folders (CsWindow *self)
{
  g_autoptr(GFile) start = cs_window_chooser_start (self);

#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Choose Staging Folders"));
  gtk_file_dialog_set_accept_label (dialog, _("_Select"));
  if (start != NULL)
    gtk_file_dialog_set_initial_folder (dialog, start);
  gtk_file_dialog_select_multiple_folders (dialog, GTK_WINDOW (self), NULL,
                                           cs_window_folders_dialog_cb, g_object_ref (self));
#else
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Choose Staging Folders"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Select"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (native), TRUE);
  if (start != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), start, NULL);
  g_signal_connect (native, "response", G_CALLBACK (cs_window_folders_chooser_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
#endif
}

/* Takes a day out of the selection; a toast offers to undo it. */
void
_cs_window_remove_day (CsWindow   *self,
                       const char *suffix)
{
  g_autofree char *message = NULL;
  AdwToast *toast;
  gboolean hand_picked;

  if (self->job != NULL || self->unmounting || suffix == NULL)
    return;

  hand_picked = self->selection != NULL;
  if (self->selection == NULL)
    {
      self->selection = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
      for (guint i = 0; self->days != NULL && i < self->days->len; i++)
        g_ptr_array_add (self->selection, cs_day_copy (g_ptr_array_index (self->days, i)));
    }

  for (guint i = 0; i < self->selection->len; i++)
    {
      CsDay *day = g_ptr_array_index (self->selection, i);

      if (g_str_equal (day->suffix, suffix))
        {
          g_clear_pointer (&self->removed_day, cs_day_free);
          self->removed_day = g_ptr_array_steal_index (self->selection, i);
          break;
        }
    }

  /* The last hand-picked day gone: back to Cedar Backup's choice, as win.reset-selection
   * does, not "No Staged Day to Store" (issue 14). Undo brings the day back. */
  if (hand_picked && self->selection->len == 0 && self->removed_day != NULL)
    {
      g_clear_pointer (&self->selection, g_ptr_array_unref);
      /* Translators: %s is a day, e.g. "2026/11/26" */
      message = g_strdup_printf (_("Removed %s; the selection is Cedar Backup’s choice "
                                   "again"), suffix);
    }
  else
    /* Translators: %s is a day, e.g. "2026/11/26" */
    message = g_strdup_printf (_("Removed %s from the selection"), suffix);
  toast = adw_toast_new (message);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-remove");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  cs_window_refresh (self);
}

void
_cs_window_undo_remove (CsWindow *self)
{
  g_autofree char *why = NULL;

  if (self->removed_day == NULL || self->job != NULL)
    return;

  /* The last hand-picked day was removed (_cs_window_remove_day()): it is the selection. */
  if (self->selection == NULL)
    self->selection = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
  if (selection_add (self->selection, self->removed_day, &why))
    g_ptr_array_sort (self->selection, compare_days);
  else
    _cs_window_toast (self, why);
  g_clear_pointer (&self->removed_day, cs_day_free);

  cs_window_refresh (self);
}

/* Back to Cedar Backup's rule (or the command line's days). */
void
_cs_window_reset_selection (CsWindow *self)
{
  if (self->selection == NULL || self->job != NULL)
    return;

  g_clear_pointer (&self->selection, g_ptr_array_unref);
  g_clear_pointer (&self->removed_day, cs_day_free);

  cs_window_refresh (self);
}
