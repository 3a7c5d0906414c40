/* cs-window-actions.c
 *
 * The window's own actions (win.*) and their keys. The store itself is app.store and
 * app.cancel, so that D-Bus and the command line reach it too (cs-application.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cs-window-private.h"

static void
cs_window_refresh_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CsWindow *self = CS_WINDOW (widget);

  /* Asked for by the user: a drive may have been plugged in. */
  self->rescan_drives = TRUE;
  cs_window_refresh (self);
}

static void
cs_window_choose_folders_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  _cs_window_choose_folders (CS_WINDOW (widget));
}

static void
cs_window_choose_staging_root_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  _cs_window_choose_staging_root (CS_WINDOW (widget));
}

static void
cs_window_choose_config_file_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  _cs_window_choose_config_file (CS_WINDOW (widget));
}

static void
cs_window_remove_day_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  _cs_window_remove_day (CS_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
cs_window_undo_remove_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  _cs_window_undo_remove (CS_WINDOW (widget));
}

static void
cs_window_reset_selection_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  _cs_window_reset_selection (CS_WINDOW (widget));
}

static void
cs_window_copy_log_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  _cs_window_copy_log (CS_WINDOW (widget));
}

static void
cs_window_save_log_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  _cs_window_save_log (CS_WINDOW (widget));
}

void
_cs_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, cs_window_refresh_action);
  gtk_widget_class_install_action (widget_class, "win.choose-folders", NULL,
                                   cs_window_choose_folders_action);
  gtk_widget_class_install_action (widget_class, "win.choose-staging-root", NULL,
                                   cs_window_choose_staging_root_action);
  gtk_widget_class_install_action (widget_class, "win.choose-config-file", NULL,
                                   cs_window_choose_config_file_action);
  gtk_widget_class_install_action (widget_class, "win.remove-day", "s",
                                   cs_window_remove_day_action);
  gtk_widget_class_install_action (widget_class, "win.undo-remove", NULL,
                                   cs_window_undo_remove_action);
  gtk_widget_class_install_action (widget_class, "win.reset-selection", NULL,
                                   cs_window_reset_selection_action);
  gtk_widget_class_install_action (widget_class, "win.copy-log", NULL, cs_window_copy_log_action);
  gtk_widget_class_install_action (widget_class, "win.save-log", NULL, cs_window_save_log_action);
  gtk_widget_class_install_action (widget_class, "win.close-damaged", NULL,
                                   _cs_window_close_damaged_action);
  _cs_window_disc_class_init (widget_class);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.choose-folders", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "win.save-log", NULL);
}
