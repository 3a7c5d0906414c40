/* cs-day-row.h – one staging day in the selection
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cs-staging.h"

G_BEGIN_DECLS

#define CS_TYPE_DAY_ROW (cs_day_row_get_type ())

G_DECLARE_FINAL_TYPE (CsDayRow, cs_day_row, CS, DAY_ROW, AdwActionRow)

GtkWidget   *cs_day_row_new          (const CsDay *day);
const CsDay *cs_day_row_get_day      (CsDayRow    *self);
void         cs_day_row_set_size     (CsDayRow    *self,
                                      gint64       size);
void         cs_day_row_set_stored   (CsDayRow    *self,
                                      gboolean     stored);
void         cs_day_row_set_warning  (CsDayRow    *self,
                                      const char  *warning);
void         cs_day_row_set_removable (CsDayRow   *self,
                                      gboolean     removable);
void         cs_day_row_set_mark_problem (CsDayRow *self,
                                          const char *problem);
void         cs_day_row_set_store_problem (CsDayRow   *self,
                                           const char *problem,
                                           const char *summary);
const char  *cs_day_row_get_store_problem (CsDayRow  *self);
void         cs_day_row_set_no_mark  (CsDayRow    *self,
                                      gboolean     no_mark);
const char  *cs_day_row_get_mark_problem (CsDayRow *self);
gboolean     cs_day_row_get_stored   (CsDayRow    *self);
const char  *cs_day_row_get_warning  (CsDayRow    *self);
const char  *cs_day_row_get_tooltip  (CsDayRow    *self);

G_END_DECLS
