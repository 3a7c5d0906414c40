/* cs-window-setup.c
 *
 * Setting Cedar Store up from the window: what the "Days to Store" status page offers when
 * there is nothing to store (the staging folder does not exist, a configuration problem):
 * choose the staging folder (the "staging-root" preference), choose another configuration
 * file ("config-file", filtered to Cedar Backup's names), or open Preferences. Paths shown
 * there break at no slash or hyphen (U+2060 WORD JOINER after each: Pango's line breaking
 * keeps them together, UAX #14 class WJ).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-preferences-window.h"
#include "cs-widget-fixes.h"
#include "cs-window-private.h"

#define WORD_JOINER "\xe2\x81\xa0"  /* U+2060 */

/**
 * _cs_window_unbreakable_path:
 * @path: a path to show in wrapped text
 *
 * Returns: (transfer full): @path with a U+2060 WORD JOINER after each character that is
 *   not a letter or digit ("/", "-", ".", a space: where UAX #14 lets a line break), so that
 *   a label wraps the text around the path but not inside it (unless the path alone is
 *   wider than the label)
 */
char *
_cs_window_unbreakable_path (const char *path)
{
  GString *shown;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_utf8_validate (path, -1, NULL))
    return g_utf8_make_valid (path, -1);

  shown = g_string_new (NULL);
  for (const char *p = path; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (shown, c);
      if (!g_unichar_isalnum (c) && *g_utf8_next_char (p) != '\0')
        g_string_append (shown, WORD_JOINER);
    }
  return g_string_free (shown, FALSE);
}

static GtkWidget *
problem_button (const char *mnemonic,
                const char *action,
                gboolean    suggested)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  /* The accessible name is the visible label, once and without its underscore. */
  cs_fix_button_names (button);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_halign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "pill");
  if (suggested)
    gtk_widget_add_css_class (button, "suggested-action");

  return button;
}

/**
 * _cs_window_set_problem_page:
 * @icon_name: the status page's icon
 * @offers: what the page offers to do about it, the first one suggested
 *
 * Sets the icon and the buttons of the "Days to Store" status page that
 * _cs_window_show_problem() showed.
 */
void
_cs_window_set_problem_page (CsWindow        *self,
                             const char      *icon_name,
                             CsProblemOffers  offers)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gboolean first = TRUE;

  g_return_if_fail (CS_IS_WINDOW (self));

  adw_status_page_set_icon_name (self->empty_page, icon_name);
  gtk_widget_set_halign (box, GTK_ALIGN_CENTER);

  if (offers & CS_PROBLEM_OFFER_STAGING_ROOT)
    {
      gtk_box_append (GTK_BOX (box), problem_button (_("C_hoose Staging Folder…"),
                                                     "win.choose-staging-root", first));
      first = FALSE;
    }
  if (offers & CS_PROBLEM_OFFER_CONFIG_FILE)
    {
      gtk_box_append (GTK_BOX (box), problem_button (_("Choose _Configuration File…"),
                                                     "win.choose-config-file", first));
      first = FALSE;
    }
  if (offers & CS_PROBLEM_OFFER_PREFERENCES)
    {
      gtk_box_append (GTK_BOX (box), problem_button (_("Open _Preferences"),
                                                     "app.preferences", first));
      first = FALSE;
    }
  if (offers & CS_PROBLEM_OFFER_FOLDERS)
    {
      gtk_box_append (GTK_BOX (box), problem_button (_("C_hoose Staging Folders…"),
                                                     "win.choose-folders", FALSE));
    }

  adw_status_page_set_child (self->empty_page, box);
}

/**
 * _cs_window_set_path_setting:
 * @key: "staging-root" or "config-file"
 * @file: (nullable): what the chooser returned
 *
 * The chosen folder or file becomes the preference @key; the window looks again when it
 * changes (cs_window_settings_changed()). Also the tests' way past the file chooser.
 */
void
_cs_window_set_path_setting (CsWindow   *self,
                             const char *key,
                             GFile      *file)
{
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autofree char *old = NULL;

  g_return_if_fail (CS_IS_WINDOW (self));

  if (path == NULL || self->settings == NULL)
    return;

  old = g_settings_get_string (self->settings, key);
  if (g_strcmp0 (old, path) == 0)
    {
      /* The same folder, created since the last look: no "changed", so look again here. */
      cs_window_refresh (self);
      return;
    }
  g_settings_set_string (self->settings, key, path);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
setup_dialog_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (object);
  const char *key = g_object_get_data (object, "cs-key");
  g_autoptr(GFile) file = NULL;

  if (g_str_equal (key, "staging-root"))
    file = gtk_file_dialog_select_folder_finish (dialog, result, NULL);
  else
    file = gtk_file_dialog_open_finish (dialog, result, NULL);
  _cs_window_set_path_setting (self, key, file);
}
#else
static void
setup_chooser_cb (GtkNativeDialog *native,
                  int              response,
                  gpointer         user_data)
{
  g_autoptr(CsWindow) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      _cs_window_set_path_setting (self, g_object_get_data (G_OBJECT (native), "cs-key"), file);
    }
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

static void
choose_path (CsWindow   *self,
             const char *key,
             const char *title)
{
  gboolean folder = g_str_equal (key, "staging-root");
  g_autoptr(GtkFileFilter) filter = folder ? NULL : cs_preferences_config_filter_new ();
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, title);
  g_object_set_data (G_OBJECT (dialog), "cs-key", (gpointer) key);
  if (folder)
    gtk_file_dialog_select_folder (dialog, GTK_WINDOW (self), NULL, setup_dialog_cb,
                                   g_object_ref (self));
  else
    {
      gtk_file_dialog_set_default_filter (dialog, filter);
      gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL, setup_dialog_cb,
                            g_object_ref (self));
    }
#else
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title, GTK_WINDOW (self),
                                        folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                               : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_set_data (G_OBJECT (native), "cs-key", (gpointer) key);
  g_signal_connect (native, "response", G_CALLBACK (setup_chooser_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
#endif
}

/* win.choose-staging-root: the "staging-root" preference, from a folder chooser. */
void
_cs_window_choose_staging_root (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  choose_path (self, "staging-root", _("Choose the Staging Folder"));
}

/* win.choose-config-file: the "config-file" preference, from a filtered file chooser. */
void
_cs_window_choose_config_file (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  choose_path (self, "config-file", _("Choose a Cedar Backup Configuration"));
}
