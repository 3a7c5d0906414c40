/* cs-test-ui.h – helpers shared by the window tests (GTK; linked only into those)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cs-application.h"
#include "cs-window.h"

G_BEGIN_DECLS

/* How long a window may take to be mapped, resized or painted (a loaded machine). */
#define SCREENSHOT_LIMIT_S 60

void           cs_test_ui_init            (int          *argc,
                                           char       ***argv);
CsApplication *cs_test_app_new            (void);
void           cs_test_drain              (void);
void           cs_test_destroy_window     (GtkWindow    *window);
CsWindow      *cs_test_open_window        (CsApplication *app,
                                           const char    *stage_dir,
                                           const char    *device,
                                           const char    *today);
void           cs_test_wait_for           (gboolean    (*cond) (gpointer),
                                           gpointer      data,
                                           guint         limit_s,
                                           const char   *what);
gboolean       cs_test_window_is_settled  (gpointer      window);
gboolean       cs_test_window_is_idle     (gpointer      window);
gboolean       cs_test_resize_window      (GtkWindow    *window,
                                           int           width,
                                           int           height,
                                           GError      **error);
gboolean       cs_test_save_screenshot    (GtkWidget    *widget,
                                           const char   *name,
                                           GError      **error);

/* Saves a screenshot; a failure names what was missing, at the caller's line. */
#define cs_test_screenshot(widget, name) \
  G_STMT_START { \
    g_autoptr(GError) cs_shot_error_ = NULL; \
    cs_test_save_screenshot (GTK_WIDGET (widget), (name), &cs_shot_error_); \
    g_assert_no_error (cs_shot_error_); \
  } G_STMT_END

G_END_DECLS
