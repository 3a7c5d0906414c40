/* test-calendar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <time.h>

#include "cs-calendar.h"
#include "cs-test-util.h"

static void
set_date (GDate      *date,
          const char *iso)
{
  g_date_clear (date, 1);
  g_assert_true (cs_calendar_parse_iso_date (iso, date));
}

static void
test_weekday (void)
{
  /* 2026-11-23 is a Monday. */
  static const struct {
    const char *iso;
    int         weekday;
  } cases[] = {
    { "2026-11-23", 0 },
    { "2026-11-24", 1 },
    { "2026-11-25", 2 },
    { "2026-11-26", 3 },
    { "2026-11-27", 4 },
    { "2026-11-28", 5 },
    { "2026-11-29", 6 },
    { "2005-09-07", 2 },
    { "2000-01-01", 5 },
    { "2024-02-29", 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date;

      set_date (&date, cases[i].iso);
      g_assert_cmpint (cs_calendar_weekday (&date), ==, cases[i].weekday);
    }
}

static void
test_day_names (void)
{
  static const char * const names[] = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  };
  static const char * const bogus[] = {
    "bogus", "", "Monday", "MONDAY", " monday", "monday ", "mon", "mondays",
  };

  for (int i = 0; i < 7; i++)
    {
      g_assert_cmpint (cs_calendar_day_from_name (names[i]), ==, i);
      g_assert_cmpstr (cs_calendar_day_name (i), ==, names[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bogus); i++)
    g_assert_cmpint (cs_calendar_day_from_name (bogus[i]), ==, -1);
  g_assert_cmpint (cs_calendar_day_from_name (NULL), ==, -1);
}

static void
test_start_of_week (void)
{
  GDate date;

  /* Thursday. */
  set_date (&date, "2026-11-26");
  for (int day = 0; day < 7; day++)
    g_assert_cmpint (cs_calendar_is_start_of_week (&date, day), ==, day == 3);
  g_assert_false (cs_calendar_is_start_of_week (&date, -1));

  /* Sunday. */
  set_date (&date, "2026-11-29");
  g_assert_true (cs_calendar_is_start_of_week (&date, cs_calendar_day_from_name ("sunday")));
  g_assert_false (cs_calendar_is_start_of_week (&date, cs_calendar_day_from_name ("monday")));
}

/* §9.15, all 21 cells: today's weekday Mon..Sun across the columns. */
static void
test_rebuild_table (void)
{
  static const struct {
    const char *starting_day;
    guint       days[7];
  } rows[] = {
    { "monday",    { 1, 2, 3, 4, 5, 6, 7 } },
    { "sunday",    { 2, 3, 4, 5, 6, 7, 1 } },
    { "wednesday", { 6, 7, 1, 2, 3, 4, 5 } },
  };

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      int start = cs_calendar_day_from_name (rows[r].starting_day);

      for (int col = 0; col < 7; col++)
        {
          GDate date;

          /* 2026-11-23 is a Monday. */
          g_date_clear (&date, 1);
          g_date_set_dmy (&date, 23 + col, G_DATE_NOVEMBER, 2026);
          g_assert_cmpint (cs_calendar_weekday (&date), ==, col);
          g_assert_cmpuint (cs_calendar_rebuild_days (&date, start), ==, rows[r].days[col]);
        }
    }

  /* Every combination stays in 1..7 and is 1 exactly at the start of week. */
  for (int start = 0; start < 7; start++)
    for (int col = 0; col < 7; col++)
      {
        GDate date;
        guint n;

        g_date_clear (&date, 1);
        g_date_set_dmy (&date, 4 + col, G_DATE_JANUARY, 2027); /* a Monday */
        n = cs_calendar_rebuild_days (&date, start);
        g_assert_cmpuint (n, >=, 1);
        g_assert_cmpuint (n, <=, 7);
        g_assert_cmpint (n == 1, ==, cs_calendar_is_start_of_week (&date, start));
      }
}

static void
test_suffix (void)
{
  static const struct {
    const char *iso;
    const char *suffix;
  } cases[] = {
    { "2026-11-26", "2026/11/26" },
    { "2005-09-07", "2005/09/07" },
    { "0999-01-01", "0999/01/01" },
    { "2024-02-29", "2024/02/29" },
    { "2025-12-31", "2025/12/31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *suffix = NULL;
      GDate date, back;

      set_date (&date, cases[i].iso);
      suffix = cs_calendar_format_suffix (&date);
      g_assert_cmpstr (suffix, ==, cases[i].suffix);

      g_date_clear (&back, 1);
      g_assert_true (cs_calendar_parse_suffix (suffix, &back));
      g_assert_cmpint (g_date_compare (&date, &back), ==, 0);
    }
}

static void
test_parse_errors (void)
{
  static const struct {
    const char *text;
    gboolean    ok;
  } iso[] = {
    { "2024-02-29", TRUE },
    { "2025-02-28", TRUE },
    { "2000-02-29", TRUE },
    { "2025-02-29", FALSE },
    { "1900-02-29", FALSE },
    { "2025-04-31", FALSE },
    { "2025-13-01", FALSE },
    { "2025-00-10", FALSE },
    { "2025-01-00", FALSE },
    { "0000-01-01", FALSE },
    { "2025-01-01x", FALSE },
    { "2025-01-011", FALSE },
    { "20250-01-01", FALSE },
    { "2025-1-01", FALSE },
    { "2025-01-1", FALSE },
    { "2025/01/01", FALSE },
    { " 2025-01-01", FALSE },
    { "2025-01-01 ", FALSE },
    { "+025-01-01", FALSE },
    { "2025-+1-01", FALSE },
    { "", FALSE },
    { "today", FALSE },
  };
  static const struct {
    const char *text;
    gboolean    ok;
  } suffix[] = {
    { "2024/02/29", TRUE },
    { "2025/02/29", FALSE },
    { "2025-01-01", FALSE },
    { "2025/1/01", FALSE },
    { "2025/01/01/", FALSE },
    { "/2025/01/01", FALSE },
    { "2025/01/32", FALSE },
    { "abcd/01/01", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (iso); i++)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_test_message ("iso %s", iso[i].text);
      g_assert_cmpint (cs_calendar_parse_iso_date (iso[i].text, &date), ==, iso[i].ok);
      g_assert_cmpint (g_date_valid (&date), ==, iso[i].ok);
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffix); i++)
    {
      GDate date;

      g_date_clear (&date, 1);
      g_test_message ("suffix %s", suffix[i].text);
      g_assert_cmpint (cs_calendar_parse_suffix (suffix[i].text, &date), ==, suffix[i].ok);
    }

  g_assert_false (cs_calendar_parse_iso_date (NULL, NULL));
  g_assert_false (cs_calendar_parse_suffix (NULL, NULL));
  /* A NULL out-parameter only validates. */
  g_assert_true (cs_calendar_parse_iso_date ("2026-11-26", NULL));
}

static void
test_add_days (void)
{
  static const struct {
    const char *from;
    int         days;
    const char *to;
  } cases[] = {
    { "2026-11-26",   0, "2026-11-26" },
    { "2026-11-26",   1, "2026-11-27" },
    { "2026-11-26",  -1, "2026-11-25" },
    { "2026-11-30",   1, "2026-12-01" },
    { "2026-12-01",  -1, "2026-11-30" },
    { "2025-12-31",   1, "2026-01-01" },
    { "2026-01-01",  -1, "2025-12-31" },
    { "2024-02-28",   1, "2024-02-29" },
    { "2024-02-29",   1, "2024-03-01" },
    { "2024-03-01",  -1, "2024-02-29" },
    { "2025-02-28",   1, "2025-03-01" },
    { "2025-03-01",  -1, "2025-02-28" },
    { "2026-01-03",  -6, "2025-12-28" },
    { "2026-11-26", 365, "2027-11-26" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate date, expected;

      set_date (&date, cases[i].from);
      set_date (&expected, cases[i].to);
      cs_calendar_add_days (&date, cases[i].days);
      g_test_message ("%s %+d", cases[i].from, cases[i].days);
      g_assert_cmpint (g_date_compare (&date, &expected), ==, 0);
    }
}

static void
test_today (void)
{
  GDate today;
  struct tm before, after;
  time_t now;

  now = time (NULL);
  localtime_r (&now, &before);
  cs_calendar_today (&today);
  now = time (NULL);
  localtime_r (&now, &after);
  g_assert_true (g_date_valid (&today));

  /* Midnight may have passed between the clock reads; then skip. */
  if (before.tm_mday != after.tm_mday)
    return;

  g_assert_cmpint (g_date_get_year (&today), ==, before.tm_year + 1900);
  g_assert_cmpint (g_date_get_month (&today), ==, before.tm_mon + 1);
  g_assert_cmpint (g_date_get_day (&today), ==, before.tm_mday);
  g_assert_cmpint (cs_calendar_weekday (&today), ==, (before.tm_wday + 6) % 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/weekday", test_weekday);
  g_test_add_func ("/calendar/day-names", test_day_names);
  g_test_add_func ("/calendar/start-of-week", test_start_of_week);
  g_test_add_func ("/calendar/rebuild-table", test_rebuild_table);
  g_test_add_func ("/calendar/suffix", test_suffix);
  g_test_add_func ("/calendar/parse-errors", test_parse_errors);
  g_test_add_func ("/calendar/add-days", test_add_days);
  g_test_add_func ("/calendar/today", test_today);

  return g_test_run ();
}
