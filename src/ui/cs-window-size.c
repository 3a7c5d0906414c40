/* cs-window-size.c
 *
 * The window opens at the size it was closed at: its size and whether it is maximized are
 * kept in the "window-width", "window-height" and "window-maximized" keys, as GNOME
 * applications keep them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cs-window-private.h"

/* GTK 4.8 keeps the size a window is resized to as its default size
 * (gtk_window_get_default_size()) without notifying "default-width": it is saved when the
 * window closes, as gnome-text-editor does. */
static gboolean
cs_window_size_save (CsWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return GDK_EVENT_PROPAGATE;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  if (width > 0 && height > 0)
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);

  return GDK_EVENT_PROPAGATE;
}

/**
 * _cs_window_size_init:
 *
 * Opens the window at the size in the settings, and saves its size there when it closes.
 * Without the schema (self->settings %NULL) the window keeps the template's size.
 */
void
_cs_window_size_init (CsWindow *self)
{
  g_return_if_fail (CS_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Before the class handler, which may keep the window open while a store stops. */
  g_signal_connect (self, "close-request", G_CALLBACK (cs_window_size_save), NULL);
}
