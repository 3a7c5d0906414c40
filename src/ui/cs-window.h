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

CsWindow   *cs_window_new           (CsApplication *application);
void        cs_window_store         (CsWindow      *self);
void        cs_window_cancel        (CsWindow      *self);
void        cs_window_refresh       (CsWindow      *self);
gboolean    cs_window_get_busy      (CsWindow      *self);
gboolean    cs_window_get_can_store (CsWindow      *self);
GPtrArray  *cs_window_get_days      (CsWindow      *self);
const char *cs_window_get_target    (CsWindow      *self);
CsStoreJob *cs_window_get_job       (CsWindow      *self);
CsStepRow  *cs_window_get_step_row  (CsWindow      *self,
                                     CsStep         step);

G_END_DECLS
