/* test-media.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "cs-calendar.h"
#include "cs-error.h"
#include "cs-media.h"
#include "cs-test-util.h"

#define MB G_GUINT64_CONSTANT (1048576)
#define MB650 G_GUINT64_CONSTANT (681574400)
#define MB700 G_GUINT64_CONSTANT (734003200)
#define ILEAD ((guint64) 11400 * 2048)
#define SLEAD ((guint64) 6900 * 2048)

static void
test_types (void)
{
  static const struct {
    CsMediaType   type;
    const char   *name;
    gboolean      rewritable;
    CsDeviceType  device;
    guint64       capacity;
  } cases[] = {
    { CS_MEDIA_CDR_74,    "cdr-74",  FALSE, CS_DEVICE_CDWRITER,  681574400 },
    { CS_MEDIA_CDRW_74,   "cdrw-74", TRUE,  CS_DEVICE_CDWRITER,  681574400 },
    { CS_MEDIA_CDR_80,    "cdr-80",  FALSE, CS_DEVICE_CDWRITER,  734003200 },
    { CS_MEDIA_CDRW_80,   "cdrw-80", TRUE,  CS_DEVICE_CDWRITER,  734003200 },
    { CS_MEDIA_DVDPLUSR,  "dvd+r",   FALSE, CS_DEVICE_DVDWRITER, G_GUINT64_CONSTANT (4724464025) },
    { CS_MEDIA_DVDPLUSRW, "dvd+rw",  TRUE,  CS_DEVICE_DVDWRITER, G_GUINT64_CONSTANT (4724464025) },
    { CS_MEDIA_BDR,       "bd-r",    FALSE, CS_DEVICE_BDWRITER,  G_GUINT64_CONSTANT (25025314816) },
    { CS_MEDIA_BDRE,      "bd-re",   TRUE,  CS_DEVICE_BDWRITER,  G_GUINT64_CONSTANT (25025314816) },
  };
  static const char * const bad[] = {
    "", "floppy", "CDRW-74", " cdrw-74", "cdrw-74 ", "dvd-r", "bd", "DVD+RW",
  };

  g_assert_cmpuint (G_N_ELEMENTS (cases), ==, CS_N_MEDIA_TYPES);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CsMediaType parsed = CS_N_MEDIA_TYPES;

      g_assert_cmpstr (cs_media_type_to_string (cases[i].type), ==, cases[i].name);
      g_assert_true (cs_media_type_from_string (cases[i].name, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].type);
      g_assert_cmpint (cs_media_type_is_rewritable (cases[i].type), ==, cases[i].rewritable);
      g_assert_cmpint (cs_media_type_device_type (cases[i].type), ==, cases[i].device);
      g_assert_cmpuint (cs_media_type_capacity (cases[i].type), ==, cases[i].capacity);
    }

  /* DVD: Cedar's 4.4 GB sector count is not an integer; we floor the bytes. */
  g_assert_cmpuint (cs_media_type_capacity (CS_MEDIA_DVDPLUSR), ==,
                    (guint64) (4.4 * 1024 * 1024 * 1024));
  g_assert_cmpuint (cs_media_type_capacity (CS_MEDIA_CDR_74), ==, (guint64) 332800 * CS_SECTOR_SIZE);
  g_assert_cmpuint (cs_media_type_capacity (CS_MEDIA_CDR_80), ==, (guint64) 358400 * CS_SECTOR_SIZE);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      CsMediaType parsed = CS_MEDIA_BDRE;

      g_assert_false (cs_media_type_from_string (bad[i], &parsed));
      g_assert_cmpint (parsed, ==, CS_MEDIA_BDRE);
    }
  g_assert_false (cs_media_type_from_string (NULL, NULL));
}

static void
test_device_types (void)
{
  static const struct {
    CsDeviceType  type;
    const char   *name;
  } cases[] = {
    { CS_DEVICE_CDWRITER,  "cdwriter" },
    { CS_DEVICE_DVDWRITER, "dvdwriter" },
    { CS_DEVICE_BDWRITER,  "bdwriter" },
  };
  static const char * const bad[] = { "", "ftape", "CDWRITER", "cdwriter " };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CsDeviceType parsed;

      g_assert_cmpstr (cs_device_type_to_string (cases[i].type), ==, cases[i].name);
      g_assert_true (cs_device_type_from_string (cases[i].name, &parsed));
      g_assert_cmpint (parsed, ==, cases[i].type);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    g_assert_false (cs_device_type_from_string (bad[i], NULL));
  g_assert_false (cs_device_type_from_string (NULL, NULL));
}

/* §9.3 (used = next session start in sectors × 2048) plus DVD/BD. */
static void
test_available (void)
{
  static const struct {
    CsMediaType type;
    guint64     used;
    guint64     available;
  } cases[] = {
    /* boundaries None */
    { CS_MEDIA_CDR_74,    0,                 MB650 - ILEAD },
    { CS_MEDIA_CDRW_74,   0,                 MB650 - ILEAD },
    { CS_MEDIA_CDR_80,    0,                 MB700 - ILEAD },
    { CS_MEDIA_CDRW_80,   0,                 MB700 - ILEAD },
    /* (0,1) */
    { CS_MEDIA_CDRW_74,   2048,              MB650 - SLEAD - 2048 },
    { CS_MEDIA_CDRW_80,   2048,              MB700 - SLEAD - 2048 },
    /* (0,999) */
    { CS_MEDIA_CDR_74,    999 * 2048,        MB650 - SLEAD - 999 * 2048 },
    { CS_MEDIA_CDR_80,    999 * 2048,        MB700 - SLEAD - 999 * 2048 },
    /* (500,1000) */
    { CS_MEDIA_CDRW_74,   1000 * 2048,       MB650 - SLEAD - 1000 * 2048 },
    { CS_MEDIA_CDRW_80,   1000 * 2048,       MB700 - SLEAD - 1000 * 2048 },
    /* (321342,330042) and (0,330042): floored */
    { CS_MEDIA_CDRW_74,   (guint64) 330042 * 2048, 0 },
    /* edges of the floor */
    { CS_MEDIA_CDRW_74,   MB650 - SLEAD - 2048, 2048 },
    { CS_MEDIA_CDRW_74,   MB650 - SLEAD,     0 },
    { CS_MEDIA_CDRW_74,   MB650,             0 },
    { CS_MEDIA_CDRW_74,   MB650 + 1,         0 },
    { CS_MEDIA_CDR_80,    G_MAXUINT64,       0 },
    /* DVD/BD: no lead-in */
    { CS_MEDIA_DVDPLUSR,  0,                 G_GUINT64_CONSTANT (4724464025) },
    { CS_MEDIA_DVDPLUSRW, (guint64) 1401056 * 2048,
                          G_GUINT64_CONSTANT (4724464025) - (guint64) 1401056 * 2048 },
    { CS_MEDIA_DVDPLUSRW, G_GUINT64_CONSTANT (4724464025), 0 },
    { CS_MEDIA_DVDPLUSRW, G_GUINT64_CONSTANT (5000000000), 0 },
    { CS_MEDIA_BDR,       0,                 G_GUINT64_CONSTANT (25025314816) },
    { CS_MEDIA_BDRE,      1000 * 2048,       G_GUINT64_CONSTANT (25025314816) - 1000 * 2048 },
    { CS_MEDIA_BDRE,      G_GUINT64_CONSTANT (30000000000), 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("case %u", i);
      g_assert_cmpuint (cs_media_type_available (cases[i].type, cases[i].used), ==,
                        cases[i].available);
    }
}

static void
test_label (void)
{
  static const struct {
    guint       day, month, year;
    const char *label;
  } cases[] = {
    {  7,  9, 2005, "CEDAR BACKUP 07-SEP-2005" },
    { 26, 11, 2026, "CEDAR BACKUP 26-NOV-2026" },
    {  1,  1, 2000, "CEDAR BACKUP 01-JAN-2000" },
    { 29,  2, 2024, "CEDAR BACKUP 29-FEB-2024" },
    { 15,  3, 2025, "CEDAR BACKUP 15-MAR-2025" },
    { 30,  4, 2025, "CEDAR BACKUP 30-APR-2025" },
    { 31,  5, 2025, "CEDAR BACKUP 31-MAY-2025" },
    { 30,  6, 2025, "CEDAR BACKUP 30-JUN-2025" },
    { 31,  7, 2025, "CEDAR BACKUP 31-JUL-2025" },
    { 31,  8, 2025, "CEDAR BACKUP 31-AUG-2025" },
    { 31, 10, 2025, "CEDAR BACKUP 31-OCT-2025" },
    { 31, 12, 2025, "CEDAR BACKUP 31-DEC-2025" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *label = NULL;
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, cases[i].day, cases[i].month, cases[i].year);
      label = cs_media_label_for_date (&date);
      g_assert_cmpstr (label, ==, cases[i].label);
      g_assert_cmpuint (strlen (label), ==, 24);
      g_assert_true (g_str_has_prefix (label, CS_MEDIA_LABEL_PREFIX));
    }
}

static void
test_check_label (void)
{
  static const struct {
    CsMediaType  type;
    const char  *label;
    gboolean     ok;
    const char  *message;
    gboolean     logs_assumption;
  } cases[] = {
    { CS_MEDIA_CDRW_74,   NULL, FALSE,
      "Media has not been initialized: no media label available", FALSE },
    { CS_MEDIA_DVDPLUSRW, NULL, FALSE,
      "Media has not been initialized: no media label available", FALSE },
    { CS_MEDIA_BDRE,      "",   FALSE,
      "Media has not been initialized: no media label available", FALSE },
    { CS_MEDIA_CDRW_80,   "MY DISC", FALSE,
      "Media has not been initialized: unrecognized media label [MY DISC]", FALSE },
    { CS_MEDIA_CDR_74,    "MY DISC", FALSE,
      "Media has not been initialized: unrecognized media label [MY DISC]", FALSE },
    { CS_MEDIA_CDRW_74,   "cedar backup 07-SEP-2005", FALSE,
      "Media has not been initialized: unrecognized media label [cedar backup 07-SEP-2005]", FALSE },
    { CS_MEDIA_CDRW_74,   "CEDAR BACKUP 07-SEP-2005", TRUE, NULL, FALSE },
    { CS_MEDIA_DVDPLUSRW, "CEDAR BACKUP", TRUE, NULL, FALSE },
    { CS_MEDIA_BDR,       "CEDAR BACKUPS", TRUE, NULL, FALSE },
    { CS_MEDIA_CDR_74,    NULL, TRUE, NULL, TRUE },
    { CS_MEDIA_DVDPLUSR,  NULL, TRUE, NULL, TRUE },
    { CS_MEDIA_BDR,       NULL, TRUE, NULL, TRUE },
    { CS_MEDIA_DVDPLUSR,  "CEDAR BACKUP 26-NOV-2026", TRUE, NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      g_test_message ("case %u", i);
      ok = cs_media_check_label (cases[i].type, cases[i].label, cs_test_collect_log, lines, &error);
      g_assert_cmpint (ok, ==, cases[i].ok);
      if (cases[i].ok)
        g_assert_no_error (error);
      else
        {
          g_assert_error (error, CS_ERROR, CS_ERROR_MEDIUM);
          g_assert_cmpstr (error->message, ==, cases[i].message);
        }
      g_assert_cmpint (cs_test_has_line (lines, "I:Media has no media label; assuming OK since media is not rewritable."),
                       ==, cases[i].logs_assumption);
    }
}

/* §2.5 verified matrix, without the two half-filled <blank_behavior> rows. */
static void
test_new_disc_matrix (void)
{
  static const struct {
    gboolean    rebuild;
    gboolean    start;
    CsBlankMode mode;
    double      factor;
    guint64     available;
    guint64     required;
    gboolean    needs_sizes;
    gboolean    new_disc;
    const char *ratio_line;
  } rows[] = {
    { TRUE,  TRUE,  CS_BLANK_NONE,   0.0, 100 * MB, 10 * MB, FALSE, TRUE,  NULL },
    { TRUE,  FALSE, CS_BLANK_WEEKLY, 1.0, 100 * MB, 10 * MB, FALSE, TRUE,  NULL },
    { FALSE, TRUE,  CS_BLANK_NONE,   0.0, 0,        0,       FALSE, TRUE,  NULL },
    { FALSE, FALSE, CS_BLANK_NONE,   0.0, 0,        0,       FALSE, FALSE, NULL },
    { FALSE, FALSE, CS_BLANK_WEEKLY, 1.0, 0,        0,       FALSE, FALSE, NULL },
    { FALSE, TRUE,  CS_BLANK_WEEKLY, 1.0, 100 * MB, 10 * MB, TRUE,  FALSE, "D:10.00 <= 1.00 ? False" },
    { FALSE, TRUE,  CS_BLANK_WEEKLY, 1.0, 5 * MB,   10 * MB, TRUE,  TRUE,  "D:0.50 <= 1.00 ? True" },
    { FALSE, TRUE,  CS_BLANK_WEEKLY, 5.0, 40 * MB,  10 * MB, TRUE,  TRUE,  "D:4.00 <= 5.00 ? True" },
    { FALSE, TRUE,  CS_BLANK_WEEKLY, 5.0, 60 * MB,  10 * MB, TRUE,  FALSE, "D:6.00 <= 5.00 ? False" },
    { FALSE, FALSE, CS_BLANK_DAILY,  1.0, 100 * MB, 10 * MB, TRUE,  FALSE, "D:10.00 <= 1.00 ? False" },
    { FALSE, FALSE, CS_BLANK_DAILY,  1.0, 10485760, 10485760, TRUE, TRUE,  "D:1.00 <= 1.00 ? True" },
    { FALSE, FALSE, CS_BLANK_DAILY,  1.0, 10485761, 10485760, TRUE, TRUE,  "D:1.00 <= 1.00 ? True" },
    { FALSE, FALSE, CS_BLANK_DAILY,  0.0, 0,        10 * MB, TRUE,  TRUE,  "D:0.00 <= 0.00 ? True" },
    { FALSE, FALSE, CS_BLANK_DAILY,  0.0, 1,        0,       TRUE,  FALSE, "D:1.00 <= 0.00 ? False" },
    /* daily mode on the start of the week calculates too */
    { FALSE, TRUE,  CS_BLANK_DAILY,  1.0, 100 * MB, 10 * MB, TRUE,  FALSE, "D:10.00 <= 1.00 ? False" },
    { TRUE,  FALSE, CS_BLANK_DAILY,  1.0, 1,        10 * MB, FALSE, TRUE,  NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *final = NULL;
      gboolean new_disc;

      g_test_message ("row %u", i);
      g_assert_cmpint (cs_media_blank_needs_sizes (rows[i].rebuild, rows[i].start, rows[i].mode),
                       ==, rows[i].needs_sizes);

      new_disc = cs_media_decide_new_disc (rows[i].rebuild, rows[i].start, rows[i].mode,
                                           rows[i].factor, rows[i].available, rows[i].required,
                                           cs_test_collect_log, lines);
      g_assert_cmpint (new_disc, ==, rows[i].new_disc);

      /* The calculation is logged exactly when it is made. */
      g_assert_cmpint (cs_test_has_line (lines, "D:New disc flag will be set based on blank factor calculation."),
                       ==, rows[i].needs_sizes);
      if (rows[i].ratio_line != NULL)
        g_assert_true (cs_test_has_line (lines, rows[i].ratio_line));

      final = g_strdup_printf ("D:New disc flag [%s].", rows[i].new_disc ? "True" : "False");
      g_assert_cmpstr (g_ptr_array_index (lines, lines->len - 1), ==, final);

      if (rows[i].rebuild)
        g_assert_true (cs_test_has_line (lines,
                                         "D:Setting new disc flag based on rebuildMedia flag."));
      else if (rows[i].mode == CS_BLANK_NONE)
        {
          g_assert_true (cs_test_has_line (lines,
                                           "D:Default media blanking behavior is in effect."));
          g_assert_cmpint (cs_test_has_line (lines,
                                             "D:Setting new disc flag based on todayIsStart."),
                           ==, rows[i].start);
        }
      else
        {
          g_assert_true (cs_test_has_line (lines, "D:Optimized media blanking behavior is in effect based on configuration."));
          g_assert_cmpint (cs_test_has_line (lines, "D:No blank factor calculation is required based on configuration."),
                           ==, !rows[i].needs_sizes);
        }
    }
}

static void
test_new_disc_log (void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *available = g_format_size (100 * MB);
  g_autofree char *required = g_format_size (10 * MB);
  g_autofree char *available_line = g_strconcat ("D:Bytes available: ", available, NULL);
  g_autofree char *required_line = g_strconcat ("D:Bytes required: ", required, NULL);
  /* Cedar's lines, with sizes in the one format of every size shown (issue 14, item 4):
   * g_format_size, not Cedar's displayBytes ("100.00 MB" for 100 MiB). */
  const char * const expected[] = {
    "D:Optimized media blanking behavior is in effect based on configuration.",
    "D:New disc flag will be set based on blank factor calculation.",
    "D:Configured blanking factor: 1.30",
    available_line,
    required_line,
    "D:Calculated ratio: 10.00",
    "D:10.00 <= 1.30 ? False",
    "D:New disc flag [False].",
  };

  g_assert_false (cs_media_decide_new_disc (FALSE, TRUE, CS_BLANK_WEEKLY, 1.3,
                                            100 * MB, 10 * MB, cs_test_collect_log, lines));
  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (g_ptr_array_index (lines, i), ==, expected[i]);

  /* A NULL log function is fine. */
  g_assert_true (cs_media_decide_new_disc (FALSE, FALSE, CS_BLANK_DAILY, 1.0, 0, 0, NULL, NULL));
}

/* The label may not pick up the user's locale. */
static void
test_locale_independent (void)
{
  g_autofree char *old = g_strdup (setlocale (LC_ALL, NULL));
  const char *locales[] = { "de_DE.UTF-8", "fr_FR.UTF-8", "C.UTF-8" };

  for (guint i = 0; i < G_N_ELEMENTS (locales); i++)
    {
      g_autofree char *label = NULL;
      GDate date;

      if (setlocale (LC_ALL, locales[i]) == NULL)
        continue;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, 26, G_DATE_MAY, 2026);
      label = cs_media_label_for_date (&date);
      g_assert_cmpstr (label, ==, "CEDAR BACKUP 26-MAY-2026");
    }

  setlocale (LC_ALL, old);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/types", test_types);
  g_test_add_func ("/media/device-types", test_device_types);
  g_test_add_func ("/media/available", test_available);
  g_test_add_func ("/media/label", test_label);
  g_test_add_func ("/media/check-label", test_check_label);
  g_test_add_func ("/media/new-disc-matrix", test_new_disc_matrix);
  g_test_add_func ("/media/new-disc-log", test_new_disc_log);
  g_test_add_func ("/media/locale-independent", test_locale_independent);

  return g_test_run ();
}
