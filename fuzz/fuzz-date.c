/* fuzz-date.c – libFuzzer target: the date, staging-name and media-type parsers on arbitrary
 * strings
 *
 * cs_calendar_parse_iso_date (--date), cs_calendar_parse_suffix (YYYY/MM/DD), the staging
 * day-directory name rule (the last three components of a path, as cs_staging_day_from_path
 * reads them), cs_calendar_day_from_name, cs_media_type_from_string,
 * cs_device_type_from_string and cs_media_check_label. Whatever they accept must round-trip,
 * and a date they accept must survive what find-day and rebuild do with it (yesterday,
 * tomorrow, the rebuild window, the label) without a GLib critical.
 * Build and run: fuzz/run-fuzzers.sh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs-calendar.h"
#include "cs-error.h"
#include "cs-media.h"
#include "cs-staging.h"

#include "cs-fuzz.h"

/* What find-day (today, yesterday, tomorrow), rebuild (the week back to its start) and the
 * volume label do with an accepted date. */
static void
use_date (const GDate *today)
{
  for (int start = 0; start < 7; start++)
    {
      guint n = cs_calendar_rebuild_days (today, start);
      GDate oldest = *today;

      if (n < 1 || n > 7)
        abort ();
      cs_calendar_add_days (&oldest, 1 - (int) n);
      if (!g_date_valid (&oldest))
        abort ();
      (void) cs_calendar_is_start_of_week (today, start);
    }
  for (int offset = -1; offset <= 1; offset++)
    {
      GDate d = *today;
      g_autofree char *suffix = NULL;
      GDate back;

      cs_calendar_add_days (&d, offset);
      if (!g_date_valid (&d) || g_date_days_between (today, &d) != offset)
        abort ();
      suffix = cs_calendar_format_suffix (&d);
      g_date_clear (&back, 1);
      /* A neighbour's directory name reads back as that day (years ≤ 9999), unless it falls
       * in the first week of year 1, which the parsers refuse on purpose (a week back from
       * it is before GDate's first day). */
      if (g_date_get_year (&d) <= 9999
          && !(g_date_get_year (&d) == 1 && g_date_get_month (&d) == 1 && g_date_get_day (&d) <= 7)
          && (!cs_calendar_parse_suffix (suffix, &back) || g_date_compare (&back, &d) != 0))
        abort ();
    }
  {
    g_autofree char *label = cs_media_label_for_date (today);

    if (!g_str_has_prefix (label, CS_MEDIA_LABEL_PREFIX " ") || strlen (label) > 32)
      abort ();
  }
}

static void
check_date_parsers (const char *text)
{
  GDate date;

  g_date_clear (&date, 1);
  if (cs_calendar_parse_iso_date (text, &date))
    {
      g_autofree char *suffix = NULL;

      if (!g_date_valid (&date))
        abort ();
      suffix = cs_calendar_format_suffix (&date);
      g_strdelimit (suffix, "/", '-');
      if (strcmp (suffix, text) != 0)
        abort ();
      use_date (&date);
    }

  g_date_clear (&date, 1);
  if (cs_calendar_parse_suffix (text, &date))
    {
      g_autofree char *suffix = NULL;

      if (!g_date_valid (&date))
        abort ();
      suffix = cs_calendar_format_suffix (&date);
      if (strcmp (suffix, text) != 0)
        abort ();
      use_date (&date);
    }
}

/* The day-directory name rule of cs_staging_day_from_path (date_from_tail): the path made
 * absolute lexically, its last three components joined with '/'. */
static void
check_day_path (const char *text)
{
  g_autofree char *abs_path = g_canonicalize_filename (text, "/stage");
  g_autofree char *dd = g_path_get_basename (abs_path);
  g_autofree char *up1 = g_path_get_dirname (abs_path);
  g_autofree char *mm = g_path_get_basename (up1);
  g_autofree char *up2 = g_path_get_dirname (up1);
  g_autofree char *yyyy = g_path_get_basename (up2);
  g_autofree char *suffix = g_strdup_printf ("%s/%s/%s", yyyy, mm, dd);
  GDate date;

  g_date_clear (&date, 1);
  if (cs_calendar_parse_suffix (suffix, &date))
    {
      CsDay *day = cs_day_new (abs_path, &date);
      CsDay *copy = cs_day_copy (day);

      if (strcmp (copy->suffix, suffix) != 0 || strcmp (copy->path, abs_path) != 0)
        abort ();
      cs_day_free (copy);
      cs_day_free (day);
    }

  /* The real function only stats the path; anything it refuses is a CS_ERROR_CONFIG. */
  {
    GError *error = NULL;
    CsDay *day = cs_staging_day_from_path (text, &error);

    if (day == NULL && (error == NULL || error->domain != CS_ERROR
                        || error->code != CS_ERROR_CONFIG))
      abort ();
    g_clear_error (&error);
    g_clear_pointer (&day, cs_day_free);
  }
}

static void
check_names (const char *text)
{
  CsMediaType media;
  CsDeviceType device;
  int day;
  GError *error = NULL;

  if (cs_media_type_from_string (text, &media)
      && ((guint) media >= CS_N_MEDIA_TYPES
          || strcmp (cs_media_type_to_string (media), text) != 0
          || cs_media_type_capacity (media) == 0))
    abort ();
  if (cs_device_type_from_string (text, &device)
      && strcmp (cs_device_type_to_string (device), text) != 0)
    abort ();
  day = cs_calendar_day_from_name (text);
  if (day != -1 && (day < 0 || day > 6 || strcmp (cs_calendar_day_name (day), text) != 0))
    abort ();

  /* A volume id read from a disc. */
  for (guint t = 0; t < CS_N_MEDIA_TYPES; t++)
    {
      if (!cs_media_check_label ((CsMediaType) t, text, NULL, NULL, &error)
          && (error == NULL || !g_error_matches (error, CS_ERROR, CS_ERROR_MEDIUM)))
        abort ();
      g_clear_error (&error);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  char *text;

  if (size > 4096)
    return 0;
  text = g_strndup ((const char *) data, size);   /* stops at the first NUL, as argv does */

  check_date_parsers (text);
  check_names (text);
  check_day_path (text);

  g_free (text);
  return 0;
}
