/* cs-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cs-application.h"
#include "cs-step-row.h"
#include "cs-store-job.h"

G_BEGIN_DECLS

#define CS_TYPE_WINDOW (cs_window_get_type ())

G_DECLARE_FINAL_TYPE (CsWindow, cs_window, CS, WINDOW, AdwApplicationWindow)

CsWindow          *cs_window_new           (CsApplication *application);
void               cs_window_store         (CsWindow      *self);
void               cs_window_cancel        (CsWindow      *self);
void               cs_window_refresh       (CsWindow      *self);
void               cs_window_close_now     (CsWindow      *self);
gboolean           cs_window_get_busy      (CsWindow      *self);
gboolean           cs_window_get_can_store (CsWindow      *self);
gboolean           cs_window_get_checking  (CsWindow      *self);
GPtrArray         *cs_window_get_days      (CsWindow      *self);
GPtrArray         *cs_window_get_selection (CsWindow      *self);
const char        *cs_window_get_target    (CsWindow      *self);
const CsConfig    *cs_window_get_config    (CsWindow      *self);
const CsStorePlan *cs_window_get_plan      (CsWindow      *self);
CsStoreJob        *cs_window_get_job       (CsWindow      *self);
CsStepRow         *cs_window_get_step_row  (CsWindow      *self,
                                            CsStep         step);
char              *cs_window_get_log_text  (CsWindow      *self);
const char        *cs_window_get_last_log_path (CsWindow  *self);
GSettings         *cs_window_get_settings  (CsWindow      *self);

G_END_DECLS
