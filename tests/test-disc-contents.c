/* test-disc-contents.c – the sessions on an image file and the days each added
 * (cs_disc_contents_read), judged by `xorriso -toc`, and the plan's contents and erases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cs-disc-contents.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-store-job.h"
#include "cs-test-disc.h"
#include "cs-test-job.h"
#include "cs-test-util.h"

typedef CsTestDisc Fixture;

/* Runs a store of @mode whose today is November @mday, 2026 (of @days when not NULL); returns
 * the plan it made (NULL when it made none) and sets @error as the job failed. */
static CsStorePlan *
store (Fixture      *f,
       CsStoreMode   mode,
       int           mday,
       GPtrArray    *days,
       gboolean      dry_run,
       GError      **error)
{
  g_autoptr(CsConfig) config = cs_test_job_config_new (f->stage);
  g_autoptr(CsStoreJob) job = cs_test_job_new (config, mode, mday, f->device);
  const CsStorePlan *plan;

  config->media_type = f->media_type;
  cs_store_job_set_dry_run (job, dry_run);
  if (days != NULL)
    cs_store_job_set_days (job, days);
  cs_test_job_run_sync (job, error);
  plan = cs_store_job_get_plan (job);
  return plan != NULL ? cs_store_plan_copy (plan) : NULL;
}

/* A store that must succeed. */
static void
store_ok (Fixture     *f,
          CsStoreMode  mode,
          int          mday,
          GPtrArray   *days)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsStorePlan) plan = store (f, mode, mday, days, FALSE, &error);

  g_assert_no_error (error);
}

/* "ISO session  :   1 ,        32 ,      2142s , LABEL" → start and size, in xorriso's
 * order, of an image file or (@image starting with "/dev/") a drive; FALSE when xorriso is
 * not installed. */
static gboolean
xorriso_toc (const char  *image,
             GArray     **starts,
             GArray     **sizes)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!cs_test_have_xorriso ())
    return FALSE;
  if (g_str_has_prefix (image, "/dev/"))
    {
      const char * const argv[] = { "xorriso", "-abort_on", "NEVER", "-indev", image, "-toc",
                                    NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (cs_test_run (argv, &out, &err), ==, 0);
      g_test_message ("xorriso -toc:\n%s\n%s", out, err);
      text = g_steal_pointer (&out);
    }
  else
    text = cs_test_xorriso_text (image, "-toc", NULL);
  lines = g_strsplit (text, "\n", -1);
  *starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  *sizes = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      guint32 start, size;

      if (!g_str_has_prefix (lines[i], "ISO session"))
        continue;
      fields = g_strsplit (strchr (lines[i], ':') + 1, ",", 4);
      g_assert_cmpuint (g_strv_length (fields), >=, 3);
      start = (guint32) g_ascii_strtoull (g_strstrip (fields[1]), NULL, 10);
      size = (guint32) g_ascii_strtoull (g_strstrip (fields[2]), NULL, 10);
      g_array_append_val (*starts, start);
      g_array_append_val (*sizes, size);
    }
  return TRUE;
}

static const CsDiscSession *
session_at (const CsDiscContents *contents,
            guint                 i)
{
  return g_ptr_array_index (contents->sessions, i);
}

/* The sessions start and end where xorriso says. */
static void
assert_matches_xorriso (const char           *image,
                        const CsDiscContents *contents)
{
  g_autoptr(GArray) starts = NULL;
  g_autoptr(GArray) sizes = NULL;

  if (!xorriso_toc (image, &starts, &sizes))
    {
      g_test_message ("xorriso is not installed: the start blocks are not compared");
      return;
    }
  g_assert_cmpuint (contents->sessions->len, ==, starts->len);
  for (guint i = 0; i < starts->len; i++)
    {
      g_assert_cmpuint (session_at (contents, i)->number, ==, i + 1);
      g_assert_cmpuint (session_at (contents, i)->start, ==, g_array_index (starts, guint32, i));
      g_assert_cmpuint (session_at (contents, i)->blocks, ==, g_array_index (sizes, guint32, i));
    }
}

static void
assert_strv (const char * const *strv,
             const char         *joined)
{
  g_autofree char *text = g_strjoinv (" ", (char **) strv);

  g_assert_cmpstr (text, ==, joined);
}

/* Three days appended one by one: three sessions, each with its day, in order. */
static void
test_three_days (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDiscContents) contents = NULL;
  g_autoptr(CsStorePlan) plan = NULL;
  g_autofree char *d23 = cs_test_disc_make_day (f, 23);
  g_autofree char *d24 = NULL;
  g_autofree char *d25 = NULL;
  g_autofree char *d26 = NULL;
  g_autofree char *words = NULL;

  /* Monday the 23rd starts the week: a new disc on a blank (missing) image file. */
  plan = store (f, CS_STORE_MODE_STORE, 23, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  g_assert_null (plan->contents);
  g_assert_false (plan->erases);
  g_clear_pointer (&plan, cs_store_plan_free);

  d24 = cs_test_disc_make_day (f, 24);
  plan = store (f, CS_STORE_MODE_STORE, 24, NULL, FALSE, &error);
  g_assert_no_error (error);
  /* The plan says what the image held before the append, and that nothing is erased. */
  g_assert_nonnull (plan->contents);
  g_assert_cmpuint (plan->contents->sessions->len, ==, 1);
  assert_strv ((const char * const *) plan->contents->days, "2026/11/23");
  g_assert_false (plan->new_disc);
  g_assert_false (plan->erases);
  g_clear_pointer (&plan, cs_store_plan_free);

  d25 = cs_test_disc_make_day (f, 25);
  store_ok (f, CS_STORE_MODE_STORE, 25, NULL);

  contents = cs_test_disc_read_contents (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contents->sessions->len, ==, 3);
  assert_matches_xorriso (f->image, contents);
  assert_strv ((const char * const *) session_at (contents, 0)->days_added, "2026/11/23");
  assert_strv ((const char * const *) session_at (contents, 1)->days_added, "2026/11/24");
  assert_strv ((const char * const *) session_at (contents, 2)->days_added, "2026/11/25");
  assert_strv ((const char * const *) contents->days, "2026/11/23 2026/11/24 2026/11/25");
  g_assert_cmpuint (session_at (contents, 0)->start, ==, CS_FIRST_LBA);
  for (guint i = 0; i < 3; i++)
    {
      const CsDiscSession *s = session_at (contents, i);

      g_assert_cmpstr (s->volume_id, ==, i == 0 ? "CEDAR BACKUP 23-NOV-2026"
                                          : i == 1 ? "CEDAR BACKUP 24-NOV-2026"
                                          : "CEDAR BACKUP 25-NOV-2026");
      g_assert_nonnull (s->recorded);
      if (i > 0)
        g_assert_cmpint (g_date_time_compare (session_at (contents, i - 1)->recorded,
                                              s->recorded), <=, 0);
    }
  g_assert_cmpuint (contents->used_bytes, ==,
                    ((guint64) session_at (contents, 2)->start + session_at (contents, 2)->blocks)
                    * 2048);

  words = cs_disc_contents_describe_days (contents, 0);
  g_assert_cmpstr (words, ==, "2026/11/23, 2026/11/24 and 2026/11/25");
  g_clear_pointer (&words, g_free);
  words = cs_disc_contents_describe_days (contents, 1);
  g_assert_cmpstr (words, ==, "2026/11/23 and 2 more");

  /* A --full store the next day (a dry run) would erase these three sessions: the plan
   * says so, with what the image holds. */
  d26 = cs_test_disc_make_day (f, 26);
  plan = store (f, CS_STORE_MODE_FULL, 26, NULL, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);
  g_assert_true (plan->new_disc);
  g_assert_true (plan->erases);
  g_assert_nonnull (plan->contents);
  g_assert_cmpuint (plan->contents->sessions->len, ==, 3);
  assert_strv ((const char * const *) plan->contents->days,
               "2026/11/23 2026/11/24 2026/11/25");
}

/* A rebuild writes the week's days in one session of a new disc. */
static void
test_rebuild (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDiscContents) contents = NULL;
  g_autofree char *d23 = cs_test_disc_make_day (f, 23);
  g_autofree char *d24 = cs_test_disc_make_day (f, 24);
  g_autofree char *d25 = cs_test_disc_make_day (f, 25);

  store_ok (f, CS_STORE_MODE_REBUILD, 25, NULL);
  contents = cs_test_disc_read_contents (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contents->sessions->len, ==, 1);
  assert_matches_xorriso (f->image, contents);
  assert_strv ((const char * const *) session_at (contents, 0)->days_added,
               "2026/11/23 2026/11/24 2026/11/25");
  assert_strv ((const char * const *) contents->days, "2026/11/23 2026/11/24 2026/11/25");
}

/* A day stored again by hand is listed under the session that rewrote it, and once in the
 * disc's days. */
static void
test_replaced_day (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDiscContents) contents = NULL;
  g_autofree char *d23 = cs_test_disc_make_day (f, 23);
  g_autofree char *d24 = NULL;
  g_autofree char *d25 = NULL;
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
  GDate date;

  store_ok (f, CS_STORE_MODE_STORE, 23, NULL);
  d24 = cs_test_disc_make_day (f, 24);
  store_ok (f, CS_STORE_MODE_STORE, 24, NULL);
  d25 = cs_test_disc_make_day (f, 25);
  store_ok (f, CS_STORE_MODE_STORE, 25, NULL);

  /* The 24th again, on the 25th. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 24, G_DATE_NOVEMBER, 2026);
  g_ptr_array_add (again, cs_day_new (d24, &date));
  store_ok (f, CS_STORE_MODE_STORE, 25, again);

  contents = cs_test_disc_read_contents (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contents->sessions->len, ==, 4);
  assert_matches_xorriso (f->image, contents);
  assert_strv ((const char * const *) session_at (contents, 0)->days_added, "2026/11/23");
  assert_strv ((const char * const *) session_at (contents, 1)->days_added, "2026/11/24");
  assert_strv ((const char * const *) session_at (contents, 2)->days_added, "2026/11/25");
  assert_strv ((const char * const *) session_at (contents, 3)->days_added, "2026/11/24");
  assert_strv ((const char * const *) contents->days, "2026/11/23 2026/11/24 2026/11/25");
}

/* Nothing there: no sessions, and no error; the missing file is not created. */
static void
test_blank (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDiscContents) contents = NULL;
  g_autoptr(CsDiscContents) zeros = NULL;
  g_autofree char *words = NULL;

  contents = cs_test_disc_read_contents (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contents->sessions->len, ==, 0);
  g_assert_nonnull (contents->days);
  g_assert_null (contents->days[0]);
  g_assert_cmpuint (contents->used_bytes, ==, 0);
  g_assert_false (cs_test_exists (f->image));
  words = cs_disc_contents_describe_days (contents, 3);
  g_assert_cmpstr (words, ==, "");

  /* An image file of zeros is blank too. */
  cs_test_write_file (f->image, "", 0);
  g_assert_cmpint (truncate (f->image, 1024 * 1024), ==, 0);
  zeros = cs_test_disc_read_contents (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (zeros->sessions->len, ==, 0);
}

/* Data that is not ISO 9660: a CS_ERROR_MEDIUM (exit status 4) naming the image. */
static void
test_foreign (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDiscContents) contents = NULL;

  cs_test_fill_file (f->image, 1024 * 1024, 7);
  contents = cs_test_disc_read_contents (f->device, &error);
  g_assert_null (contents);
  g_assert_error (error, CS_ERROR, CS_ERROR_MEDIUM);
  g_assert_cmpint (cs_error_exit_status (error), ==, 4);
  cs_test_assert_contains (error->message, f->image);
}

/* An image cut short: cut inside the newest session's file data, all sessions are still
 * listed (the directories come first); cut inside its directories, a CS_ERROR_MEDIUM that
 * names the image and the block. */
static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDiscContents) whole = NULL;
  g_autoptr(CsDiscContents) cut = NULL;
  g_autofree char *d23 = cs_test_disc_make_day (f, 23);
  g_autofree char *d24 = NULL;
  g_autofree char *d25 = NULL;
  const CsDiscSession *last;

  store_ok (f, CS_STORE_MODE_STORE, 23, NULL);
  d24 = cs_test_disc_make_day (f, 24);
  store_ok (f, CS_STORE_MODE_STORE, 24, NULL);
  d25 = cs_test_disc_make_day (f, 25);
  store_ok (f, CS_STORE_MODE_STORE, 25, NULL);
  whole = cs_test_disc_read_contents (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (whole->sessions->len, ==, 3);
  last = session_at (whole, 2);

  /* 100 blocks short: inside the 25th's 300 KiB file. */
  g_assert_cmpint (truncate (f->image, ((goffset) last->start + last->blocks - 100) * 2048), ==, 0);
  cut = cs_test_disc_read_contents (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cut->sessions->len, ==, 3);
  assert_strv ((const char * const *) session_at (cut, 2)->days_added, "2026/11/25");
  assert_strv ((const char * const *) cut->days, "2026/11/23 2026/11/24 2026/11/25");
  g_assert_cmpuint (g_strv_length (cut->problems), ==, 0);
  g_clear_pointer (&cut, cs_disc_contents_free);

  /* Just after the newest session's volume descriptor: its tree cannot be read. The
   * sessions before it are still listed with their days (a check or restore can use them),
   * and the damage is said. */
  g_assert_cmpint (truncate (f->image, ((goffset) last->start + 17) * 2048), ==, 0);
  cut = cs_test_disc_read_contents (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cut->sessions->len, ==, 3);
  assert_strv ((const char * const *) session_at (cut, 0)->days_added, "2026/11/23");
  assert_strv ((const char * const *) session_at (cut, 1)->days_added, "2026/11/24");
  g_assert_cmpuint (g_strv_length (session_at (cut, 2)->days_added), ==, 0);
  assert_strv ((const char * const *) cut->days, "2026/11/23 2026/11/24");
  g_assert_cmpuint (g_strv_length (cut->problems), >=, 1);
  cs_test_assert_contains (cut->problems[0], "Session 3");
  cs_test_assert_contains (cut->problems[0], f->image);
  cs_test_assert_contains (cut->problems[0], "block");
}

/* A broken chain of session headers (session 2's volume descriptor overwritten): listed as
 * xorriso lists it (session 1, then one session from block 0), and said. */
static void
test_broken_chain (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDiscContents) whole = NULL;
  g_autoptr(CsDiscContents) broken = NULL;
  g_autofree char *d23 = cs_test_disc_make_day (f, 23);
  g_autofree char *d24 = NULL;
  g_autofree char *d25 = NULL;
  g_autofree char *toc = NULL;
  int fd;

  store_ok (f, CS_STORE_MODE_STORE, 23, NULL);
  d24 = cs_test_disc_make_day (f, 24);
  store_ok (f, CS_STORE_MODE_STORE, 24, NULL);
  d25 = cs_test_disc_make_day (f, 25);
  store_ok (f, CS_STORE_MODE_STORE, 25, NULL);
  whole = cs_test_disc_read_contents (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (whole->sessions->len, ==, 3);
  g_assert_cmpuint (g_strv_length (whole->problems), ==, 0);

  /* "CD001" of session 2's primary volume descriptor becomes "XD001". */
  fd = open (f->image, O_WRONLY);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, "X", 1, ((goffset) session_at (whole, 1)->start + 16) * 2048 + 1),
                   ==, 1);
  close (fd);

  broken = cs_test_disc_read_contents (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (broken->sessions->len, ==, 2);
  g_assert_cmpuint (session_at (broken, 0)->start, ==, 32);
  g_assert_cmpuint (session_at (broken, 1)->start, ==, 0);
  g_assert_cmpuint (g_strv_length (broken->problems), ==, 1);
  cs_test_assert_contains (broken->problems[0], "broken after session 1");
}

/* A sequential medium (DVD+R, CD-R: @data) in the virtual drive: the sessions of the table
 * of contents, where xorriso finds them. Runs itself again with the drive preloaded
 * (VDRIVE_LIB, set by tests/meson.build for vdrive-disc-contents); skipped without it. */
static void
test_vdrive (Fixture       *f,
             gconstpointer  data)
{
  const char *type = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDiscContents) contents = NULL;
  g_autofree char *d23 = NULL;
  g_autofree char *d24 = NULL;

  if (!cs_test_disc_vdrive (f, type, "vdrive-disc-contents"))
    return;

  /* Here with the drive preloaded: two days, two sessions. */
  d23 = cs_test_disc_make_day (f, 23);
  store_ok (f, CS_STORE_MODE_STORE, 23, NULL);
  d24 = cs_test_disc_make_day (f, 24);
  store_ok (f, CS_STORE_MODE_STORE, 24, NULL);

  contents = cs_test_disc_read_contents (f->device, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contents->sessions->len, ==, 2);
  assert_matches_xorriso (f->device, contents);
  g_assert_cmpuint (session_at (contents, 0)->start, ==, 0);
  g_assert_cmpstr (session_at (contents, 1)->volume_id, ==, "CEDAR BACKUP 24-NOV-2026");
  assert_strv ((const char * const *) session_at (contents, 0)->days_added, "2026/11/23");
  assert_strv ((const char * const *) session_at (contents, 1)->days_added, "2026/11/24");
  assert_strv ((const char * const *) contents->days, "2026/11/23 2026/11/24");
}

/* The text of the days for the erase question. */
static void
test_describe_days (void)
{
  static const char * const all[] = { "2026/11/23", "2026/11/24", "2026/11/25", "2026/11/26",
                                      "2026/11/27", NULL };
  struct
  {
    guint       n_days;
    guint       max_days;
    const char *text;
  } cases[] = {
    { 1, 0, "2026/11/23" },
    { 1, 1, "2026/11/23" },
    { 2, 0, "2026/11/23 and 2026/11/24" },
    { 2, 2, "2026/11/23 and 2026/11/24" },
    { 2, 1, "2026/11/23 and 1 more" },
    { 5, 2, "2026/11/23, 2026/11/24 and 3 more" },
    { 5, 4, "2026/11/23, 2026/11/24, 2026/11/25, 2026/11/26 and 1 more" },
    { 5, 5, "2026/11/23, 2026/11/24, 2026/11/25, 2026/11/26 and 2026/11/27" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CsDiscContents contents = { 0 };
      g_autofree char *text = NULL;

      contents.days = g_new0 (char *, cases[i].n_days + 1);
      for (guint j = 0; j < cases[i].n_days; j++)
        contents.days[j] = (char *) all[j];
      text = cs_disc_contents_describe_days (&contents, cases[i].max_days);
      g_assert_cmpstr (text, ==, cases[i].text);
      g_free (contents.days);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  cs_test_init_keep_going (&argc, &argv);
  if (!cs_drive_library_init (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/disc-contents/describe-days", test_describe_days);
#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, cs_test_disc_set_up, func, cs_test_disc_tear_down)
  ADD ("/disc-contents/three-days", test_three_days);
  ADD ("/disc-contents/rebuild", test_rebuild);
  ADD ("/disc-contents/replaced-day", test_replaced_day);
  ADD ("/disc-contents/blank", test_blank);
  ADD ("/disc-contents/foreign", test_foreign);
  ADD ("/disc-contents/truncated", test_truncated);
  ADD ("/disc-contents/broken-chain", test_broken_chain);
  g_test_add ("/disc-contents/vdrive/dvd+r", Fixture, "dvd+r", cs_test_disc_set_up, test_vdrive,
              cs_test_disc_tear_down);
  g_test_add ("/disc-contents/vdrive/cd-r", Fixture, "cd-r", cs_test_disc_set_up, test_vdrive,
              cs_test_disc_tear_down);
#undef ADD
  return g_test_run ();
}
