/* cs-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cs-config.h"

G_BEGIN_DECLS

#define CS_TYPE_PREFERENCES_WINDOW (cs_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CsPreferencesWindow, cs_preferences_window, CS, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GtkWidget *cs_preferences_window_new        (GtkWindow           *parent,
                                             GSettings           *settings);
void       cs_preferences_window_set_config (CsPreferencesWindow *self,
                                             const CsConfig      *config,
                                             const char          *command_line_config);
GtkFileFilter *cs_preferences_config_filter_new (void);
void       _cs_preferences_window_chosen    (CsPreferencesWindow *self,
                                             const char          *key,
                                             GFile               *file);

G_END_DECLS
