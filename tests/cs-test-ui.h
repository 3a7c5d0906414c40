/* cs-test-ui.h – helpers shared by the window tests (GTK; linked only into those)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cs-application.h"

G_BEGIN_DECLS

void           cs_test_ui_init            (int          *argc,
                                           char       ***argv);
CsApplication *cs_test_app_new            (void);
void           cs_test_spin               (guint         ms);
void           cs_test_wait_for           (gboolean    (*cond) (gpointer),
                                           gpointer      data,
                                           guint         limit_s,
                                           const char   *what);
gboolean       cs_test_window_is_settled  (gpointer      window);
gboolean       cs_test_window_is_idle     (gpointer      window);
void           cs_test_save_screenshot    (GtkWidget    *widget,
                                           const char   *name,
                                           guint         map_wait_ms);

G_END_DECLS
