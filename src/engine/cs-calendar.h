/* cs-calendar.h – today/yesterday/tomorrow, start of week, rebuild window
 *
 * All dates are GDate (local calendar days); "today" is passed in, never read here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int       cs_calendar_weekday            (const GDate *date);
int       cs_calendar_day_from_name      (const char  *name);
const char *cs_calendar_day_name         (int          day);
gboolean  cs_calendar_is_start_of_week   (const GDate *today,
                                          int          starting_day);
guint     cs_calendar_rebuild_days       (const GDate *today,
                                          int          starting_day);
char     *cs_calendar_format_suffix      (const GDate *date);
gboolean  cs_calendar_parse_suffix       (const char  *suffix,
                                          GDate       *date);
gboolean  cs_calendar_parse_iso_date     (const char  *text,
                                          GDate       *date);
void      cs_calendar_today              (GDate       *date);
void      cs_calendar_add_days           (GDate       *date,
                                          int          days);

G_END_DECLS
