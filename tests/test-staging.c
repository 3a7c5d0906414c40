/* test-staging.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-calendar.h"
#include "cs-error.h"
#include "cs-staging.h"
#include "cs-test-util.h"

typedef struct
{
  char      *tmpdir;
  char      *stage;   /* tmpdir/stage */
  GPtrArray *lines;   /* "L:message", L = D/I/W */
  GDate      today;   /* 2026-11-26, a Thursday */
} Fixture;

static gboolean
has_prefix_line (GPtrArray  *lines,
                 const char *prefix)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (lines, i), prefix))
      return TRUE;
  return FALSE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->tmpdir = cs_test_make_tmpdir ();
  f->stage = g_build_filename (f->tmpdir, "stage", NULL);
  g_assert_cmpint (g_mkdir (f->stage, 0755), ==, 0);
  f->lines = g_ptr_array_new_with_free_func (g_free);
  g_date_clear (&f->today, 1);
  g_date_set_dmy (&f->today, 26, G_DATE_NOVEMBER, 2026);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cs_test_rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->stage);
  g_ptr_array_unref (f->lines);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* ---- CsDay ---- */

static void
test_day_boxed (void)
{
  g_autoptr(CsDay) day = NULL;
  CsDay *copy;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 7, G_DATE_SEPTEMBER, 2005);
  day = cs_day_new ("/opt/backup/stage/2005/09/07", &date);
  g_assert_cmpstr (day->path, ==, "/opt/backup/stage/2005/09/07");
  g_assert_cmpstr (day->suffix, ==, "2005/09/07");
  g_assert_cmpint (g_date_compare (&day->date, &date), ==, 0);

  g_assert_true (G_TYPE_IS_BOXED (CS_TYPE_DAY));
  copy = g_boxed_copy (CS_TYPE_DAY, day);
  g_assert_true (copy != day);
  g_assert_cmpstr (copy->path, ==, day->path);
  g_assert_cmpstr (copy->suffix, ==, day->suffix);
  g_assert_cmpint (g_date_compare (&copy->date, &date), ==, 0);
  g_boxed_free (CS_TYPE_DAY, copy);

  cs_day_free (NULL);
}

/* ---- find-day: §9.1 ---- */

typedef enum
{
  ST_NONE,          /* no directory */
  ST_STAGE,         /* directory with cback.stage */
  ST_STAGE_STORE,   /* also cback.store */
  ST_DIR,           /* directory without indicators */
  ST_STORE_ONLY,    /* only cback.store */
} DayState;

typedef enum
{
  PICK_TODAY,
  PICK_YESTERDAY,
  PICK_TOMORROW,
  ERR_UNUSED,
  ERR_FULL,
} Outcome;

static void
make_state (const char *stage,
            const char *suffix,
            DayState    state)
{
  g_autofree char *day = NULL;

  switch (state)
    {
    case ST_NONE:
      return;
    case ST_STAGE:
      day = cs_test_make_day (stage, suffix, TRUE, FALSE);
      break;
    case ST_STAGE_STORE:
      day = cs_test_make_day (stage, suffix, TRUE, TRUE);
      break;
    case ST_DIR:
      day = cs_test_make_day (stage, suffix, FALSE, FALSE);
      break;
    case ST_STORE_ONLY:
      day = cs_test_make_day (stage, suffix, FALSE, TRUE);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
test_find_day_table (Fixture       *f,
                     gconstpointer  data)
{
  static const struct {
    gboolean full;
    DayState today, yesterday, tomorrow;
    Outcome  outcome;
  } rows[] = {
    { FALSE, ST_STAGE,       ST_NONE,        ST_NONE,        PICK_TODAY },
    { FALSE, ST_STAGE_STORE, ST_NONE,        ST_NONE,        ERR_UNUSED },
    { FALSE, ST_DIR,         ST_NONE,        ST_NONE,        ERR_UNUSED },
    { FALSE, ST_STAGE_STORE, ST_STAGE,       ST_NONE,        PICK_YESTERDAY },
    { FALSE, ST_STAGE_STORE, ST_STAGE,       ST_STAGE,       PICK_YESTERDAY },
    { FALSE, ST_NONE,        ST_STAGE,       ST_STAGE,       PICK_YESTERDAY },
    { FALSE, ST_NONE,        ST_NONE,        ST_STAGE,       PICK_TOMORROW },
    { FALSE, ST_NONE,        ST_STAGE_STORE, ST_STAGE_STORE, ERR_UNUSED },
    { FALSE, ST_STAGE,       ST_STAGE,       ST_NONE,        PICK_TODAY },
    { FALSE, ST_NONE,        ST_NONE,        ST_NONE,        ERR_UNUSED },
    { TRUE,  ST_STAGE,       ST_NONE,        ST_NONE,        PICK_TODAY },
    { TRUE,  ST_STAGE_STORE, ST_NONE,        ST_NONE,        PICK_TODAY },
    { TRUE,  ST_DIR,         ST_NONE,        ST_NONE,        ERR_FULL },
    { TRUE,  ST_NONE,        ST_STAGE,       ST_NONE,        ERR_FULL },
    { TRUE,  ST_STORE_ONLY,  ST_NONE,        ST_NONE,        ERR_FULL },
    { FALSE, ST_NONE,        ST_STAGE,       ST_NONE,        PICK_YESTERDAY },
    /* extras */
    { FALSE, ST_STORE_ONLY,  ST_DIR,         ST_STAGE,       PICK_TOMORROW },
    { FALSE, ST_DIR,         ST_STAGE_STORE, ST_STAGE,       PICK_TOMORROW },
    { TRUE,  ST_NONE,        ST_NONE,        ST_STAGE,       ERR_FULL },
  };
  static const char * const suffixes[] = { "2026/11/26", "2026/11/25", "2026/11/27" };
  static const char * const which[] = { "current", "previous", "next" };

  for (guint r = 0; r < G_N_ELEMENTS (rows); r++)
    {
      for (int warn = 0; warn <= 1; warn++)
        {
          g_autoptr(GPtrArray) days = NULL;
          g_autoptr(GError) error = NULL;
          gboolean crossed;

          g_test_message ("row %u, warn_midnite %d", r, warn);
          cs_test_rm_rf (f->stage);
          g_assert_cmpint (g_mkdir (f->stage, 0755), ==, 0);
          g_ptr_array_set_size (f->lines, 0);

          make_state (f->stage, suffixes[0], rows[r].today);
          make_state (f->stage, suffixes[1], rows[r].yesterday);
          make_state (f->stage, suffixes[2], rows[r].tomorrow);

          days = cs_staging_find_day (f->stage, &f->today, rows[r].full, warn,
                                      cs_test_collect_log, f->lines, &error);

          if (rows[r].outcome == ERR_UNUSED || rows[r].outcome == ERR_FULL)
            {
              const char *expected = rows[r].outcome == ERR_UNUSED
                ? "Unable to find unused staging directory to store (tried today, yesterday, tomorrow)."
                : "Unable to find staging directory to store (only tried today due to full option).";

              g_assert_null (days);
              g_assert_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE);
              g_assert_true (g_str_has_prefix (error->message, expected));
              g_assert_nonnull (strstr (error->message, f->stage));
              g_assert_nonnull (strstr (error->message, "2026/11/26"));
              if (rows[r].outcome == ERR_UNUSED)
                {
                  g_assert_nonnull (strstr (error->message, "2026/11/25"));
                  g_assert_nonnull (strstr (error->message, "2026/11/27"));
                }
              else
                g_assert_null (strstr (error->message, "2026/11/25"));
              g_assert_false (has_prefix_line (f->lines, "I:Store process will use"));
              g_assert_false (has_prefix_line (f->lines, "W:"));
              continue;
            }

          {
            guint pick = (guint) rows[r].outcome;
            g_autofree char *path = g_build_filename (f->stage, suffixes[pick], NULL);
            g_autofree char *line = g_strdup_printf ("I:Store process will use %s day's stage directory [%s]",
                                                     which[pick], path);
            CsDay *day;
            GDate expected = f->today;

            g_assert_no_error (error);
            g_assert_nonnull (days);
            g_assert_cmpuint (days->len, ==, 1);
            day = g_ptr_array_index (days, 0);
            g_assert_cmpstr (day->path, ==, path);
            g_assert_cmpstr (day->suffix, ==, suffixes[pick]);
            cs_calendar_add_days (&expected, pick == 0 ? 0 : pick == 1 ? -1 : 1);
            g_assert_cmpint (g_date_compare (&day->date, &expected), ==, 0);
            g_assert_true (cs_test_has_line (f->lines, line));

            crossed = pick != PICK_TODAY;
            g_assert_cmpint (cs_test_has_line (f->lines, "W:Warning: store process crossed midnite boundary to find data."),
                             ==, crossed && warn);
          }
        }
    }
}

static void
test_find_day_boundaries (Fixture       *f,
                          gconstpointer  data)
{
  static const struct {
    guint       day, month, year;  /* today */
    const char *staged;
    const char *suffix;
  } cases[] = {
    {  1, 12, 2026, "2026/11/30", "2026/11/30" },
    { 31, 12, 2025, "2026/01/01", "2026/01/01" },
    {  1,  1, 2026, "2025/12/31", "2025/12/31" },
    {  1,  3, 2024, "2024/02/29", "2024/02/29" },
    { 28,  2, 2025, "2025/03/01", "2025/03/01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) days = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *day_path = NULL;
      CsDay *day;
      GDate today;

      cs_test_rm_rf (f->stage);
      g_assert_cmpint (g_mkdir (f->stage, 0755), ==, 0);
      day_path = cs_test_make_day (f->stage, cases[i].staged, TRUE, FALSE);

      g_date_clear (&today, 1);
      g_date_set_dmy (&today, cases[i].day, cases[i].month, cases[i].year);
      days = cs_staging_find_day (f->stage, &today, FALSE, TRUE, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (days->len, ==, 1);
      day = g_ptr_array_index (days, 0);
      g_assert_cmpstr (day->suffix, ==, cases[i].suffix);
      g_assert_cmpstr (day->path, ==, day_path);
    }
}

/* isdir follows a symlinked day; indicators are tested with lstat. */
static void
test_find_day_links (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *elsewhere = g_build_filename (f->tmpdir, "elsewhere", NULL);
  g_autofree char *real_day = NULL;
  g_autofree char *month = g_build_filename (f->stage, "2026", "11", NULL);
  g_autofree char *link = g_build_filename (month, "26", NULL);
  g_autofree char *stage_ind = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) error = NULL;

  real_day = cs_test_make_day (elsewhere, "x/y/z", TRUE, FALSE);
  g_assert_cmpint (g_mkdir_with_parents (month, 0755), ==, 0);
  g_assert_cmpint (symlink (real_day, link), ==, 0);

  days = cs_staging_find_day (f->stage, &f->today, FALSE, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((CsDay *) g_ptr_array_index (days, 0))->path, ==, link);
  g_clear_pointer (&days, g_ptr_array_unref);

  /* A dangling symlink named cback.stage still counts as present. */
  stage_ind = g_build_filename (real_day, CS_STAGE_INDICATOR, NULL);
  g_assert_cmpint (g_unlink (stage_ind), ==, 0);
  g_assert_cmpint (symlink ("/nonexistent/cedar-store", stage_ind), ==, 0);
  days = cs_staging_find_day (f->stage, &f->today, FALSE, FALSE, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (days->len, ==, 1);
  g_clear_pointer (&days, g_ptr_array_unref);

  /* A plain file where the day should be is not a day. */
  {
    g_autofree char *file_day = g_build_filename (month, "25", NULL);
    g_autoptr(GDate) day25 = g_date_new_dmy (25, G_DATE_NOVEMBER, 2026);

    cs_test_write_file (file_day, "not a dir", -1);
    days = cs_staging_find_day (f->stage, day25, TRUE, FALSE, NULL, NULL, &error);
    g_assert_null (days);
    g_assert_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE);
  }
}

static void
test_find_day_missing_root (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->tmpdir, "missing", NULL);
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) error = NULL;

  days = cs_staging_find_day (missing, &f->today, FALSE, FALSE, NULL, NULL, &error);
  g_assert_null (days);
  g_assert_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE);
  g_assert_nonnull (strstr (error->message, missing));
}

/* ---- rebuild ---- */

static void
test_rebuild (Fixture       *f,
              gconstpointer  data)
{
  static const struct {
    const char *suffix;
    DayState    state;
  } tree[] = {
    { "2026/11/27", ST_STAGE },        /* tomorrow: outside */
    { "2026/11/26", ST_STAGE_STORE },  /* today: store indicator ignored */
    { "2026/11/25", ST_DIR },          /* no cback.stage */
    { "2026/11/24", ST_STAGE },
    { "2026/11/23", ST_STAGE },        /* Monday */
    { "2026/11/22", ST_STAGE },        /* Sunday: before the window */
  };
  static const struct {
    const char *starting_day;
    const char *expected[4];
  } cases[] = {
    { "monday",    { "2026/11/26", "2026/11/24", "2026/11/23", NULL } },
    { "sunday",    { "2026/11/26", "2026/11/24", "2026/11/23", "2026/11/22" } },
    { "tuesday",   { "2026/11/26", "2026/11/24", NULL } },
    { "thursday",  { "2026/11/26", NULL } },
    { "friday",    { "2026/11/26", "2026/11/24", "2026/11/23", "2026/11/22" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tree); i++)
    make_state (f->stage, tree[i].suffix, tree[i].state);

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GPtrArray) days = NULL;
      g_autoptr(GError) error = NULL;
      guint n = 0;

      g_ptr_array_set_size (f->lines, 0);
      days = cs_staging_find_rebuild (f->stage, &f->today,
                                      cs_calendar_day_from_name (cases[c].starting_day),
                                      cs_test_collect_log, f->lines, &error);
      g_assert_no_error (error);

      while (n < G_N_ELEMENTS (cases[c].expected) && cases[c].expected[n] != NULL)
        n++;
      g_assert_cmpuint (days->len, ==, n);

      for (guint i = 0; i < n; i++)
        {
          CsDay *day = g_ptr_array_index (days, i);
          g_autofree char *path = g_build_filename (f->stage, cases[c].expected[i], NULL);
          g_autofree char *line = g_strdup_printf ("I:Rebuild process will include stage directory [%s]", path);

          g_assert_cmpstr (day->suffix, ==, cases[c].expected[i]);
          g_assert_cmpstr (day->path, ==, path);
          g_assert_cmpstr (g_ptr_array_index (f->lines, i), ==, line);
        }
      g_assert_cmpuint (f->lines->len, ==, n);
    }
}

static void
test_rebuild_nothing (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *d1 = NULL;
  g_autofree char *d2 = NULL;

  d1 = cs_test_make_day (f->stage, "2026/11/25", FALSE, TRUE);  /* no cback.stage */
  d2 = cs_test_make_day (f->stage, "2026/11/22", TRUE, FALSE);  /* last week */

  days = cs_staging_find_rebuild (f->stage, &f->today, 0, cs_test_collect_log, f->lines, &error);
  g_assert_null (days);
  g_assert_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Unable to find any staging directories for rebuild process."));
  g_assert_nonnull (strstr (error->message, f->stage));
  g_assert_cmpuint (f->lines->len, ==, 0);
}

/* ---- explicit days ---- */

static void
test_day_from_path (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *day_path = cs_test_make_day (f->stage, "2026/11/26", TRUE, TRUE);
  g_autofree char *alias = g_build_filename (f->tmpdir, "alias", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  static const char * const good[] = {
    "%s/stage/2026/11/26",
    "%s/stage/2026/11/26/",
    "%s/stage/./2026/11/../11/26",
    "%s//stage//2026/11/26",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *input = g_strdup_printf (good[i], f->tmpdir);
      g_autoptr(GError) error = NULL;
      g_autoptr(CsDay) day = NULL;

      day = cs_staging_day_from_path (input, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (day->path, ==, day_path);
      g_assert_cmpstr (day->suffix, ==, "2026/11/26");
      g_assert_cmpint (g_date_compare (&day->date, &f->today), ==, 0);
    }

  /* Relative to the current directory. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CsDay) day = NULL;

    g_assert_cmpint (g_chdir (f->tmpdir), ==, 0);
    day = cs_staging_day_from_path ("stage/2026/11/26", &error);
    g_assert_cmpint (g_chdir (cwd), ==, 0);
    g_assert_no_error (error);
    g_assert_cmpstr (day->path, ==, day_path);
  }

  /* Symlinks are not resolved: the name given stays. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CsDay) day = NULL;
    g_autofree char *via = g_build_filename (alias, "2026", "11", "26", NULL);

    g_assert_cmpint (symlink (f->stage, alias), ==, 0);
    day = cs_staging_day_from_path (via, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (day->path, ==, via);
  }
}

static void
test_day_from_path_bad (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *unstaged = cs_test_make_day (f->stage, "2026/11/25", FALSE, FALSE);
  g_autofree char *bad_date = cs_test_make_day (f->stage, "2025/02/29", TRUE, FALSE);
  g_autofree char *peer = g_build_filename (f->stage, "2026", "11", "25", "host1", NULL);
  g_autofree char *peer_stage = g_build_filename (peer, CS_STAGE_INDICATOR, NULL);
  g_autofree char *short_month = cs_test_make_day (f->stage, "2026/1/05", TRUE, FALSE);
  g_autofree char *file = g_build_filename (f->stage, "2026", "11", "25", "host1", "etc.tar.gz", NULL);
  g_autofree char *missing = g_build_filename (f->stage, "2026", "11", "30", NULL);
  const struct {
    const char *path;
    const char *why;
  } cases[] = {
    { missing,     "does not exist or is not a directory" },
    { file,        "does not exist or is not a directory" },
    { unstaged,    "is not a daily staging directory: no cback.stage" },
    { bad_date,    "does not end in YYYY/MM/DD" },
    { peer,        "does not end in YYYY/MM/DD" },
    { short_month, "does not end in YYYY/MM/DD" },
    { f->stage,    "does not end in YYYY/MM/DD" },
    { "/",         "does not end in YYYY/MM/DD" },
  };

  cs_test_write_file (peer_stage, "", 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CsDay) day = NULL;
      g_autofree char *named = g_strdup_printf ("[%s]", cases[i].path);

      g_test_message ("%s", cases[i].path);
      day = cs_staging_day_from_path (cases[i].path, &error);
      g_assert_null (day);
      g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
      g_assert_nonnull (strstr (error->message, named));
      g_assert_nonnull (strstr (error->message, cases[i].why));
    }
}

/* ---- dropped folders ---- */

static void
assert_suffixes (GPtrArray          *days,
                 const char * const *expected)
{
  guint n = g_strv_length ((char **) expected);

  g_assert_cmpuint (days->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (((CsDay *) g_ptr_array_index (days, i))->suffix, ==, expected[i]);
}

static void
test_days_under (Fixture       *f,
                 gconstpointer  data)
{
  static const struct {
    const char *suffix;
    DayState    state;
  } tree[] = {
    { "2026/11/20", ST_STAGE },
    { "2026/11/21", ST_STAGE_STORE },
    { "2026/11/22", ST_DIR },
    { "2026/10/31", ST_STAGE },
    { "2025/12/31", ST_STAGE },
    { "2026/11/xx", ST_STAGE },       /* not a date */
    { "lost+found/a/b", ST_STAGE },   /* not a date */
  };
  static const char * const all[] = { "2025/12/31", "2026/10/31", "2026/11/20", NULL };
  static const char * const year[] = { "2026/10/31", "2026/11/20", NULL };
  static const char * const month[] = { "2026/11/20", NULL };
  static const char * const stored_day[] = { "2026/11/21", NULL };
  g_autofree char *junk = g_build_filename (f->stage, "2026", "README", NULL);
  g_autofree char *link = g_build_filename (f->stage, "2026", "09", NULL);
  g_autofree char *elsewhere = g_build_filename (f->tmpdir, "elsewhere", NULL);
  g_autofree char *linked_month = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tree); i++)
    make_state (f->stage, tree[i].suffix, tree[i].state);
  cs_test_write_file (junk, "a file among the months", -1);

  /* A symlinked month is skipped while scanning, like Cedar's findDailyDirs. */
  linked_month = cs_test_make_day (elsewhere, "2026/09/01", TRUE, FALSE);
  {
    g_autofree char *target = g_build_filename (elsewhere, "2026", "09", NULL);
    g_assert_cmpint (symlink (target, link), ==, 0);
  }

  {
    g_autoptr(GPtrArray) days = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *expected = g_build_filename (f->stage, "2025", "12", "31", NULL);

    days = cs_staging_days_under (f->stage, &error);
    g_assert_no_error (error);
    assert_suffixes (days, all);
    g_assert_cmpstr (((CsDay *) g_ptr_array_index (days, 0))->path, ==, expected);
  }

  {
    g_autofree char *path = g_build_filename (f->stage, "2026", NULL);
    g_autoptr(GPtrArray) days = NULL;
    g_autoptr(GError) error = NULL;

    days = cs_staging_days_under (path, &error);
    g_assert_no_error (error);
    assert_suffixes (days, year);
  }

  {
    g_autofree char *path = g_build_filename (f->stage, "2026", "11", NULL);
    g_autoptr(GPtrArray) days = NULL;
    g_autoptr(GError) error = NULL;

    days = cs_staging_days_under (path, &error);
    g_assert_no_error (error);
    assert_suffixes (days, month);
  }

  /* A day itself is taken even when already stored: the user chose it. */
  {
    g_autofree char *path = g_build_filename (f->stage, "2026", "11", "21", NULL);
    g_autoptr(GPtrArray) days = NULL;
    g_autoptr(GError) error = NULL;

    days = cs_staging_days_under (path, &error);
    g_assert_no_error (error);
    assert_suffixes (days, stored_day);
    g_assert_cmpstr (((CsDay *) g_ptr_array_index (days, 0))->path, ==, path);
  }

  /* The staging root one level up is too far: four levels deep. */
  {
    g_autoptr(GPtrArray) days = NULL;
    g_autoptr(GError) error = NULL;

    days = cs_staging_days_under (f->tmpdir, &error);
    g_assert_null (days);
    g_assert_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE);
  }
}

static void
test_days_under_nothing (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (f->tmpdir, "missing", NULL);
  g_autofree char *unstaged = cs_test_make_day (f->stage, "2026/11/25", FALSE, FALSE);

  {
    g_autoptr(GPtrArray) days = NULL;
    g_autoptr(GError) error = NULL;

    days = cs_staging_days_under (f->stage, &error);
    g_assert_null (days);
    g_assert_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE);
    g_assert_nonnull (strstr (error->message, f->stage));
  }

  {
    g_autoptr(GPtrArray) days = NULL;
    g_autoptr(GError) error = NULL;

    days = cs_staging_days_under (unstaged, &error);
    g_assert_null (days);
    g_assert_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE);
  }

  {
    g_autoptr(GPtrArray) days = NULL;
    g_autoptr(GError) error = NULL;

    days = cs_staging_days_under (missing, &error);
    g_assert_null (days);
    g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
    g_assert_nonnull (strstr (error->message, missing));
  }
}

/* ---- indicator ---- */

static void
assert_empty_regular (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_lstat (path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_size, ==, 0);
}

static void
test_indicator_create (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *store = g_build_filename (day, CS_STORE_INDICATOR, NULL);
  g_autofree char *line = g_strdup_printf ("D:Writing indicator file [%s].", store);
  g_autoptr(GError) error = NULL;

  g_assert_false (cs_staging_is_stored (day));
  g_assert_true (cs_staging_write_indicator (day, NULL, NULL, cs_test_collect_log, f->lines,
                                             &error));
  g_assert_no_error (error);
  assert_empty_regular (store);
  g_assert_true (cs_staging_is_stored (day));
  g_assert_true (cs_test_has_line (f->lines, line));
  g_assert_false (has_prefix_line (f->lines, "W:"));

  /* Twice is fine. */
  g_assert_true (cs_staging_write_indicator (day, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_empty_regular (store);
}

static void
test_indicator_truncates (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *store = g_build_filename (day, CS_STORE_INDICATOR, NULL);
  g_autoptr(GError) error = NULL;

  cs_test_write_file (store, "left over from an older tool\n", -1);
  g_assert_true (cs_staging_write_indicator (day, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_empty_regular (store);
}

static void
test_indicator_symlink (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *store = g_build_filename (day, CS_STORE_INDICATOR, NULL);
  g_autofree char *target = g_build_filename (f->tmpdir, "precious", NULL);
  g_autofree char *dangling = g_build_filename (f->tmpdir, "not-there", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  cs_test_write_file (target, "precious data\n", -1);
  g_assert_cmpint (symlink (target, store), ==, 0);

  g_assert_true (cs_staging_write_indicator (day, NULL, NULL, cs_test_collect_log, f->lines,
                                             &error));
  g_assert_no_error (error);
  assert_empty_regular (store);
  contents = read_text (target);
  g_assert_cmpstr (contents, ==, "precious data\n");
  g_assert_true (has_prefix_line (f->lines, "W:"));

  /* A dangling link is replaced too; its target is not created. */
  g_assert_cmpint (g_unlink (store), ==, 0);
  g_assert_cmpint (symlink (dangling, store), ==, 0);
  g_assert_true (cs_staging_write_indicator (day, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  assert_empty_regular (store);
  g_assert_false (g_file_test (dangling, G_FILE_TEST_EXISTS));
}

static void
test_indicator_hardlink (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *store = g_build_filename (day, CS_STORE_INDICATOR, NULL);
  g_autofree char *other = g_build_filename (f->tmpdir, "other", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  cs_test_write_file (other, "someone else's file\n", -1);
  g_assert_cmpint (link (other, store), ==, 0);

  g_assert_true (cs_staging_write_indicator (day, NULL, NULL, cs_test_collect_log, f->lines,
                                             &error));
  g_assert_no_error (error);
  assert_empty_regular (store);
  contents = read_text (other);
  g_assert_cmpstr (contents, ==, "someone else's file\n");
}

static void
test_indicator_fifo (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *store = g_build_filename (day, CS_STORE_INDICATOR, NULL);
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  g_assert_cmpint (mkfifo (store, 0644), ==, 0);

  /* A hang here would be the bug; let the alarm turn it into a failure. */
  alarm (20);
  g_assert_false (cs_staging_write_indicator (day, NULL, NULL, NULL, NULL, &error));
  alarm (0);
  g_assert_error (error, CS_ERROR, CS_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, store));
  g_assert_cmpint (g_lstat (store, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
}

static void
test_indicator_not_file (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *store = g_build_filename (day, CS_STORE_INDICATOR, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (store, 0755), ==, 0);
  g_assert_false (cs_staging_write_indicator (day, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_WRITE);
  g_assert_nonnull (strstr (error->message, store));
  g_assert_true (g_file_test (store, G_FILE_TEST_IS_DIR));
}

static void
test_indicator_missing_dir (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *day = g_build_filename (f->stage, "2026", "11", "26", NULL);
  g_autofree char *store = g_build_filename (day, CS_STORE_INDICATOR, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (cs_staging_write_indicator (day, "backup", "backup", NULL, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_WRITE);
  g_assert_true (g_str_has_prefix (error->message, "Error writing ["));
  g_assert_nonnull (strstr (error->message, store));
  g_assert_false (g_file_test (day, G_FILE_TEST_EXISTS));
  g_assert_false (cs_staging_is_stored (day));
}

static void
test_indicator_owner (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *store = g_build_filename (day, CS_STORE_INDICATOR, NULL);
  g_autofree char *failed = g_strdup_printf ("W:Error changing ownership of [%s]: ", store);
  g_autoptr(GError) error = NULL;
  struct passwd *pw;
  struct group *gr;
  GStatBuf st;

  if (geteuid () != 0)
    {
      g_assert_true (cs_staging_write_indicator (day, "nobody", "nogroup", cs_test_collect_log, f->lines, &error));
      g_assert_no_error (error);
      g_assert_true (has_prefix_line (f->lines, "D:Not root, so not attempting to change owner"));
      return;
    }

  pw = getpwnam ("nobody");
  gr = getgrnam ("nogroup");
  if (pw != NULL && gr != NULL)
    {
      g_assert_true (cs_staging_write_indicator (day, "nobody", "nogroup", cs_test_collect_log, f->lines, &error));
      g_assert_no_error (error);
      g_assert_cmpint (g_lstat (store, &st), ==, 0);
      g_assert_cmpuint (st.st_uid, ==, pw->pw_uid);
      g_assert_cmpuint (st.st_gid, ==, gr->gr_gid);
      g_assert_false (has_prefix_line (f->lines, "W:"));
    }

  /* Unknown names are logged, not fatal. */
  g_ptr_array_set_size (f->lines, 0);
  g_assert_true (cs_staging_write_indicator (day, "no-such-user-cs", "nogroup", cs_test_collect_log, f->lines, &error));
  g_assert_no_error (error);
  g_assert_true (has_prefix_line (f->lines, failed));
  assert_empty_regular (store);

  g_ptr_array_set_size (f->lines, 0);
  g_assert_true (cs_staging_write_indicator (day, "root", "no-such-group-cs", cs_test_collect_log, f->lines, &error));
  g_assert_no_error (error);
  g_assert_true (has_prefix_line (f->lines, failed));

  /* One name missing: ownership is left alone. */
  g_ptr_array_set_size (f->lines, 0);
  g_assert_true (cs_staging_write_indicator (day, "no-such-user-cs", NULL, cs_test_collect_log, f->lines, &error));
  g_assert_no_error (error);
  g_assert_false (has_prefix_line (f->lines, "W:"));
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/staging/day/boxed", test_day_boxed);
  ADD ("/staging/find-day/table", test_find_day_table);
  ADD ("/staging/find-day/boundaries", test_find_day_boundaries);
  ADD ("/staging/find-day/links", test_find_day_links);
  ADD ("/staging/find-day/missing-root", test_find_day_missing_root);
  ADD ("/staging/rebuild/window", test_rebuild);
  ADD ("/staging/rebuild/nothing", test_rebuild_nothing);
  ADD ("/staging/day-from-path/good", test_day_from_path);
  ADD ("/staging/day-from-path/bad", test_day_from_path_bad);
  ADD ("/staging/days-under/tree", test_days_under);
  ADD ("/staging/days-under/nothing", test_days_under_nothing);
  ADD ("/staging/indicator/create", test_indicator_create);
  ADD ("/staging/indicator/truncates", test_indicator_truncates);
  ADD ("/staging/indicator/symlink", test_indicator_symlink);
  ADD ("/staging/indicator/hardlink", test_indicator_hardlink);
  ADD ("/staging/indicator/fifo", test_indicator_fifo);
  ADD ("/staging/indicator/not-file", test_indicator_not_file);
  ADD ("/staging/indicator/missing-dir", test_indicator_missing_dir);
  ADD ("/staging/indicator/owner", test_indicator_owner);

  return g_test_run ();
}
