/* cs-calendar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <time.h>

#include "cs-calendar.h"

/* Cedar's deriveDayOfWeek order: Monday = 0 … Sunday = 6. */
static const char * const day_names[] = {
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
};

int
cs_calendar_weekday (const GDate *date)
{
  g_return_val_if_fail (date != NULL, -1);
  g_return_val_if_fail (g_date_valid (date), -1);

  /* GDate counts G_DATE_MONDAY = 1 … G_DATE_SUNDAY = 7. */
  return (int) g_date_get_weekday (date) - 1;
}

int
cs_calendar_day_from_name (const char *name)
{
  if (name == NULL)
    return -1;

  /* Exact lowercase only, as the config validation requires (§4.4). */
  for (guint i = 0; i < G_N_ELEMENTS (day_names); i++)
    {
      if (strcmp (name, day_names[i]) == 0)
        return (int) i;
    }

  return -1;
}

const char *
cs_calendar_day_name (int day)
{
  g_return_val_if_fail (day >= 0 && day < (int) G_N_ELEMENTS (day_names), NULL);

  return day_names[day];
}

gboolean
cs_calendar_is_start_of_week (const GDate *today,
                              int          starting_day)
{
  g_return_val_if_fail (today != NULL, FALSE);
  g_return_val_if_fail (g_date_valid (today), FALSE);

  return cs_calendar_weekday (today) == starting_day;
}

/* How many days (today included, going back) the rebuild window holds:
 * (w − start) mod 7 + 1, always 1..7 (§3.2, §9.15).
 */
guint
cs_calendar_rebuild_days (const GDate *today,
                          int          starting_day)
{
  int w;

  g_return_val_if_fail (today != NULL, 1);
  g_return_val_if_fail (g_date_valid (today), 1);
  g_return_val_if_fail (starting_day >= 0 && starting_day <= 6, 1);

  w = cs_calendar_weekday (today);

  return (guint) (((w - starting_day) % 7 + 7) % 7 + 1);
}

char *
cs_calendar_format_suffix (const GDate *date)
{
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (g_date_valid (date), NULL);

  return g_strdup_printf ("%04u/%02u/%02u",
                          (guint) g_date_get_year (date),
                          (guint) g_date_get_month (date),
                          (guint) g_date_get_day (date));
}

static gboolean
parse_digits (const char *text,
              guint       n_digits,
              guint      *value)
{
  guint v = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      v = v * 10 + (guint) (text[i] - '0');
    }

  *value = v;
  return TRUE;
}

/* Strict "YYYY<sep>MM<sep>DD": exactly ten characters and a real date. */
static gboolean
parse_date (const char *text,
            char        sep,
            GDate      *date)
{
  guint year, month, day;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  if (text[4] != sep || text[7] != sep)
    return FALSE;
  if (!parse_digits (text, 4, &year) ||
      !parse_digits (text + 5, 2, &month) ||
      !parse_digits (text + 8, 2, &day))
    return FALSE;
  if (year < 1 || month < 1 || month > 12 || day < 1 ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;
  /* find-day and rebuild look up to a week back: GDate cannot go below 0001-01-01. */
  if (year == 1 && month == 1 && day <= 7)
    return FALSE;

  if (date != NULL)
    g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);

  return TRUE;
}

gboolean
cs_calendar_parse_suffix (const char *suffix,
                          GDate      *date)
{
  return parse_date (suffix, '/', date);
}

gboolean
cs_calendar_parse_iso_date (const char *text,
                            GDate      *date)
{
  return parse_date (text, '-', date);
}

void
cs_calendar_today (GDate *date)
{
  g_return_if_fail (date != NULL);

  /* Local calendar day, like Python's date.today(). */
  g_date_clear (date, 1);
  g_date_set_time_t (date, time (NULL));
}

void
cs_calendar_add_days (GDate *date,
                      int    days)
{
  g_return_if_fail (date != NULL);
  g_return_if_fail (g_date_valid (date));

  if (days >= 0)
    g_date_add_days (date, (guint) days);
  else
    g_date_subtract_days (date, (guint) -(gint64) days);
}
