/* cs-step-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cs-text.h"
#include "cs-types.h"

G_BEGIN_DECLS

typedef enum
{
  CS_STEP_ROW_PENDING,
  CS_STEP_ROW_RUNNING,
  CS_STEP_ROW_DONE,
  CS_STEP_ROW_FAILED,
  CS_STEP_ROW_CANCELLED,
  CS_STEP_ROW_SKIPPED,
} CsStepRowState;

#define CS_TYPE_STEP_ROW (cs_step_row_get_type ())

G_DECLARE_FINAL_TYPE (CsStepRow, cs_step_row, CS, STEP_ROW, GtkListBoxRow)

GtkWidget      *cs_step_row_new          (CsStep        step);
CsStep          cs_step_row_get_step     (CsStepRow    *self);
CsStepRowState  cs_step_row_get_state    (CsStepRow    *self);
double          cs_step_row_get_fraction (CsStepRow    *self);
gboolean        cs_step_row_get_pulsing  (CsStepRow    *self);
const char     *cs_step_row_get_detail   (CsStepRow    *self);
void            cs_step_row_set_detail   (CsStepRow    *self,
                                          const char   *detail);
void            cs_step_row_set_title    (CsStepRow    *self,
                                          const char   *title);
void            cs_step_row_reset        (CsStepRow    *self);
void            cs_step_row_start        (CsStepRow    *self);
void            cs_step_row_set_progress (CsStepRow    *self,
                                          double        fraction,
                                          guint64       done_bytes,
                                          guint64       total_bytes,
                                          double        bytes_per_s);
void            cs_step_row_finish       (CsStepRow    *self,
                                          const GError *error);
void            cs_step_row_skip         (CsStepRow    *self,
                                          const char   *reason);


G_END_DECLS
