/* test-disc-check.c – cs_disc_check() on image files: every session's MD5 and every file's
 * MD5 of every session, with blocks of data and of directories damaged on purpose (where
 * `xorriso -find … -exec report_lba` says the file lies), an image cut short, a day stored
 * again, progress, cancel, and media that cannot be read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cs-disc-check.h"
#include "cs-disc-contents.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-store-job.h"
#include "cs-test-disc.h"
#include "cs-test-job.h"
#include "cs-test-util.h"

typedef CsTestDisc Fixture;

/* Three days appended one by one: sessions 1, 2 and 3 add the 23rd, 24th and 25th. */
static void
make_three_sessions (Fixture *f)
{
  g_autofree char *d23 = cs_test_disc_make_day (f, 23);
  g_autofree char *d24 = NULL;
  g_autofree char *d25 = NULL;

  cs_test_disc_store (f, 23, NULL);
  d24 = cs_test_disc_make_day (f, 24);
  cs_test_disc_store (f, 24, NULL);
  d25 = cs_test_disc_make_day (f, 25);
  cs_test_disc_store (f, 25, NULL);
}

typedef struct
{
  GArray       *fractions;
  guint64       last_done;
  guint64       total;
  gboolean      cancel;
  GCancellable *cancellable;
} Progress;

static void
on_progress (double   fraction,
             guint64  done_bytes,
             guint64  total_bytes,
             gpointer user_data)
{
  Progress *p = user_data;

  g_array_append_val (p->fractions, fraction);
  g_assert_cmpuint (done_bytes, >=, p->last_done);
  g_assert_cmpuint (done_bytes, <=, total_bytes);
  p->last_done = done_bytes;
  p->total = total_bytes;
  if (p->cancel)
    g_cancellable_cancel (p->cancellable);
}

/* Lists and checks @f's image; @lines gets the log lines. */
static CsCheckReport *
check_image (Fixture    *f,
             Progress   *progress,
             GPtrArray  *lines,
             GError    **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(CsDrive) drive = cs_drive_open (f->device, NULL, NULL, &local);
  g_autoptr(CsDiscContents) contents = NULL;
  CsCheckReport *report;

  g_assert_no_error (local);
  contents = cs_disc_contents_read (drive, NULL, &local);
  g_assert_no_error (local);
  report = cs_disc_check (drive, contents, progress ? on_progress : NULL, progress,
                          lines ? cs_test_collect_log : NULL, lines,
                          progress ? progress->cancellable : NULL, error);
  cs_drive_release (drive, FALSE);
  for (guint i = 0; report != NULL && i < report->problems->len; i++)
    {
      g_autofree char *line = cs_check_problem_describe (g_ptr_array_index (report->problems, i));

      g_test_message ("problem: %s", line);
    }
  return report;
}

static const CsCheckProblem *
problem_at (const CsCheckReport *report,
            guint                i)
{
  return g_ptr_array_index (report->problems, i);
}

/* The one problem naming @path; fails when none or several do. */
static const CsCheckProblem *
problem_of_file (const CsCheckReport *report,
                 const char          *path)
{
  const CsCheckProblem *found = NULL;

  for (guint i = 0; i < report->problems->len; i++)
    if (g_strcmp0 (problem_at (report, i)->path, path) == 0)
      {
        g_assert_null (found);
        found = problem_at (report, i);
      }
  g_assert_nonnull (found);
  return found;
}

static guint
problems_of_session (const CsCheckReport *report,
                     guint                session)
{
  guint n = 0;

  for (guint i = 0; i < report->problems->len; i++)
    if (problem_at (report, i)->session == session)
      n++;
  return n;
}

/* A good three-session image: no problem, every file counted once, the log says so per
 * session, and progress climbs to 1.0. */
static void
test_good (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsCheckReport) report = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CsDiscContents) contents = NULL;
  Progress p = { g_array_new (FALSE, FALSE, sizeof (double)), 0, 0, FALSE, NULL };
  guint64 session_bytes = 0;

  make_three_sessions (f);
  contents = cs_test_disc_read_contents (f->device, NULL);
  g_assert_cmpuint (contents->sessions->len, ==, 3);
  report = check_image (f, &p, lines, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpuint (report->sessions, ==, 3);
  /* Four files a day, each checked once though the 23rd is in all three trees. */
  g_assert_cmpuint (report->files, ==, 12);
  g_assert_cmpuint (report->files_without_md5, ==, 0);
  /* Every session's blocks read, once. */
  for (guint i = 0; i < contents->sessions->len; i++)
    session_bytes += (guint64) ((CsDiscSession *) g_ptr_array_index (contents->sessions, i))->blocks
                     * 2048;
  g_assert_cmpuint (report->bytes, >=, session_bytes - 3 * 2 * 2048);
  g_assert_cmpuint (report->bytes, <=, session_bytes + 3 * 2048);
  g_assert_true (cs_test_lines_contain (lines, "Session 1 of 3: 4 files, MD5s match"));
  g_assert_true (cs_test_lines_contain (lines, "Session 2 of 3: 4 files, MD5s match"));
  g_assert_true (cs_test_lines_contain (lines, "Session 3 of 3: 4 files, MD5s match"));

  /* Progress: from 0 to 1.0, never back. */
  g_assert_cmpuint (p.fractions->len, >=, 2);
  g_assert_cmpfloat (g_array_index (p.fractions, double, 0), ==, 0.0);
  for (guint i = 1; i < p.fractions->len; i++)
    g_assert_cmpfloat (g_array_index (p.fractions, double, i), >=,
                       g_array_index (p.fractions, double, i - 1));
  g_assert_cmpfloat (g_array_index (p.fractions, double, p.fractions->len - 1), ==, 1.0);
  g_assert_cmpuint (p.last_done, ==, p.total);
  g_assert_cmpuint (p.total, >=, session_bytes - 3 * 2 * 2048);
  g_array_unref (p.fractions);
}

/* A byte flipped in the data of a file that the first session wrote and the two later trees
 * carry over: that file is named with session 1 and its day, and session 1's own MD5
 * differs; sessions 2 and 3 are good. */
static void
test_flipped_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsCheckReport) report = NULL;
  g_autoptr(CsDiscContents) contents = NULL;
  const char *path = "/2026/11/23/host1/home.tar.gz";
  const CsDiscSession *second;
  const CsCheckProblem *bad;
  guint32 lba;

  make_three_sessions (f);
  contents = cs_test_disc_read_contents (f->device, NULL);
  second = g_ptr_array_index (contents->sessions, 1);
  lba = cs_test_disc_data_lba (f->image, 0, path);
  g_assert_cmpuint (lba, >=, CS_FIRST_LBA);
  g_assert_cmpuint (lba, <, second->start);
  cs_test_disc_flip_byte (f->image, (goffset) lba * 2048 + 70000, 0xff);

  report = check_image (f, NULL, NULL, &error);
  g_assert_no_error (error);
  bad = problem_of_file (report, path);
  g_assert_cmpuint (bad->session, ==, 1);
  g_assert_cmpstr (bad->day, ==, "2026/11/23");
  cs_test_assert_contains (bad->problem, "differs from the MD5");
  /* Besides the file, only session 1's own MD5. */
  g_assert_cmpuint (report->problems->len, ==, 2);
  g_assert_cmpuint (problems_of_session (report, 1), ==, 2);
  g_assert_cmpuint (report->files, ==, 12);
}

/* A byte flipped in a directory record of the first session (its root directory's "."
 * record, whose date Rock Ridge overrides): the tree's MD5 and the session's MD5 differ; the
 * files are still all checked. */
static void
test_flipped_directory (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsCheckReport) report = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  const guint8 *pvd;
  guint32 root;
  gboolean tree = FALSE;

  make_three_sessions (f);
  g_assert_true (g_file_get_contents (f->image, &text, &len, &error));
  pvd = (const guint8 *) text + (CS_FIRST_LBA + 16) * 2048;
  g_assert_cmpmem (pvd + 1, 5, "CD001", 5);
  root = pvd[158] | pvd[159] << 8 | pvd[160] << 16 | (guint32) pvd[161] << 24;
  g_assert_cmpuint (root, >, CS_FIRST_LBA + 16);
  g_assert_cmpuint (text[(gsize) root * 2048], >=, 34);   /* the "." record's length */
  cs_test_disc_flip_byte (f->image, (goffset) root * 2048 + 18, 0xff);  /* its year */

  report = check_image (f, NULL, NULL, &error);
  g_assert_no_error (error);
  /* The tree's MD5 and the session's, nothing else. */
  g_assert_cmpuint (report->problems->len, ==, 2);
  for (guint i = 0; i < report->problems->len; i++)
    {
      g_assert_cmpuint (problem_at (report, i)->session, ==, 1);
      g_assert_null (problem_at (report, i)->path);
      if (g_str_equal (problem_at (report, i)->problem,
                       "its directory tree differs from the MD5 recorded when it was written"))
        tree = TRUE;
    }
  g_assert_true (tree);
  g_assert_cmpuint (report->files, ==, 12);
}

/* An image cut 100 blocks short, inside the newest session's 300 KiB file: the blocks past
 * the end are reported as unreadable, with that file, its session and its day; never
 * taken for zeros. */
static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsCheckReport) report = NULL;
  g_autoptr(CsDiscContents) contents = NULL;
  g_autofree char *ends = NULL;
  const CsDiscSession *last;
  const CsCheckProblem *bad;
  guint32 cut;
  gboolean range = FALSE;

  make_three_sessions (f);
  contents = cs_test_disc_read_contents (f->device, NULL);
  last = g_ptr_array_index (contents->sessions, 2);
  cut = last->start + last->blocks - 100;
  g_assert_cmpint (truncate (f->image, (goffset) cut * 2048), ==, 0);
  ends = g_strdup_printf ("the image file ends at block %u", cut);

  report = check_image (f, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  bad = problem_of_file (report, "/2026/11/25/host1/home.tar.gz");
  g_assert_cmpuint (bad->session, ==, 3);
  g_assert_cmpstr (bad->day, ==, "2026/11/25");
  cs_test_assert_contains (bad->problem, "cannot be read");
  cs_test_assert_contains (bad->problem, ends);
  for (guint i = 0; i < report->problems->len; i++)
    {
      const CsCheckProblem *p = problem_at (report, i);

      g_assert_cmpuint (p->session, ==, 3);
      if (p->path == NULL && strstr (p->problem, ends) != NULL)
        range = TRUE;
    }
  g_assert_true (range);
}

/* The 23rd stored again after one of its files changed: the newest tree holds the new copy
 * (session 2), but the old copy in session 1 is still checked, and a byte flipped in it is
 * reported with session 1. */
static void
test_replaced_day (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsCheckReport) report = NULL;
  g_autoptr(CsDiscContents) contents = NULL;
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
  g_autofree char *d23 = cs_test_disc_make_day (f, 23);
  g_autofree char *home = g_build_filename (d23, "host1", "home.tar.gz", NULL);
  const char *path = "/2026/11/23/host1/home.tar.gz";
  const CsDiscSession *second;
  const CsCheckProblem *bad;
  guint32 old_lba, new_lba;
  GDate date;

  cs_test_disc_store (f, 23, NULL);
  cs_test_fill_file (home, 200 * 1024, 99);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 23, G_DATE_NOVEMBER, 2026);
  g_ptr_array_add (again, cs_day_new (d23, &date));
  cs_test_disc_store (f, 24, again);

  contents = cs_test_disc_read_contents (f->device, NULL);
  g_assert_cmpuint (contents->sessions->len, ==, 2);
  second = g_ptr_array_index (contents->sessions, 1);
  old_lba = cs_test_disc_data_lba (f->image, CS_FIRST_LBA, path);
  new_lba = cs_test_disc_data_lba (f->image, 0, path);
  g_assert_cmpuint (old_lba, <, second->start);
  g_assert_cmpuint (new_lba, >=, second->start);
  cs_test_disc_flip_byte (f->image, (goffset) old_lba * 2048 + 5, 0xff);

  report = check_image (f, NULL, NULL, &error);
  g_assert_no_error (error);
  bad = problem_of_file (report, path);
  g_assert_cmpuint (bad->session, ==, 1);
  g_assert_cmpstr (bad->day, ==, "2026/11/23");
  g_assert_cmpuint (problems_of_session (report, 1), ==, 2);
  g_assert_cmpuint (problems_of_session (report, 2), ==, 0);
  /* Both copies of home.tar.gz and etc.tar.gz, and the empty files once each. */
  g_assert_cmpuint (report->files, >=, 6);
}

/* Two names of one file (a hard link) share their data on the disc: it is checked once,
 * and a byte flipped in it is one problem, named by one of them. */
static void
test_hard_link (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsCheckReport) good = NULL;
  g_autoptr(CsCheckReport) bad = NULL;
  g_autofree char *d23 = cs_test_disc_make_day (f, 23);
  g_autofree char *home = g_build_filename (d23, "host1", "home.tar.gz", NULL);
  g_autofree char *second = g_build_filename (d23, "host1", "home-link.tar.gz", NULL);
  const char *path = "/2026/11/23/host1/home.tar.gz";
  const char *link_path = "/2026/11/23/host1/home-link.tar.gz";
  guint files = 0;

  g_assert_cmpint (link (home, second), ==, 0);
  cs_test_disc_store (f, 23, NULL);
  g_assert_cmpuint (cs_test_disc_data_lba (f->image, 0, path), ==,
                    cs_test_disc_data_lba (f->image, 0, link_path));

  good = check_image (f, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (good->problems->len, ==, 0);
  /* etc.tar.gz, home.tar.gz under two names, cback.collect, cback.stage */
  g_assert_cmpuint (good->files, ==, 4);

  cs_test_disc_flip_byte (f->image, (goffset) cs_test_disc_data_lba (f->image, 0, path) * 2048
                          + 4096, 0xff);
  bad = check_image (f, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < bad->problems->len; i++)
    if (problem_at (bad, i)->path != NULL)
      {
        g_assert_true (g_str_equal (problem_at (bad, i)->path, path)
                       || g_str_equal (problem_at (bad, i)->path, link_path));
        files++;
      }
  /* Both names of the bad data, each once (issue 15: a hard link is named too). */
  g_assert_cmpuint (files, ==, 2);
  g_assert_cmpstr (problem_of_file (bad, path)->day, ==, "2026/11/23");
  g_assert_cmpstr (problem_of_file (bad, link_path)->day, ==, "2026/11/23");
  g_assert_cmpuint (bad->problems->len, ==, 3);
}

/* Cancelled (from the first progress call): CS_ERROR_CANCELLED, no report. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsCheckReport) report = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *d23 = cs_test_disc_make_day (f, 23);
  Progress p = { g_array_new (FALSE, FALSE, sizeof (double)), 0, 0, TRUE, cancellable };

  cs_test_disc_store (f, 23, NULL);
  report = check_image (f, &p, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CS_ERROR, CS_ERROR_CANCELLED);
  g_assert_cmpint (cs_error_exit_status (error), ==, 7);
  g_assert_cmpuint (p.fractions->len, >=, 1);
  g_assert_cmpfloat (g_array_index (p.fractions, double, p.fractions->len - 1), <, 1.0);
  g_array_unref (p.fractions);
}

/* Nothing to check: a blank image (no sessions), and a file that is not ISO 9660 checked
 * as if it held a session at block 32: CS_ERROR_MEDIUM (exit status 4) naming the image. */
static void
test_unreadable_medium (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDrive) drive = NULL;
  g_autoptr(CsDiscContents) blank = NULL;
  g_autoptr(CsCheckReport) report = NULL;
  CsDiscContents foreign = { 0 };
  CsDiscSession session = { 0 };

  cs_test_write_file (f->image, "", 0);
  g_assert_cmpint (truncate (f->image, 1024 * 1024), ==, 0);
  blank = cs_test_disc_read_contents (f->device, NULL);
  g_assert_cmpuint (blank->sessions->len, ==, 0);
  drive = cs_drive_open (f->device, NULL, NULL, &error);
  g_assert_no_error (error);
  report = cs_disc_check (drive, blank, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CS_ERROR, CS_ERROR_MEDIUM);
  cs_test_assert_contains (error->message, f->image);
  cs_drive_release (drive, FALSE);
  g_clear_object (&drive);
  g_clear_error (&error);

  cs_test_fill_file (f->image, 1024 * 1024, 7);
  session.number = 1;
  session.start = CS_FIRST_LBA;
  session.blocks = 512 - CS_FIRST_LBA;
  session.days_added = NULL;
  foreign.sessions = g_ptr_array_new ();
  g_ptr_array_add (foreign.sessions, &session);
  drive = cs_drive_open (f->device, NULL, NULL, &error);
  g_assert_no_error (error);
  report = cs_disc_check (drive, &foreign, NULL, NULL, NULL, NULL, NULL, &error);
  g_ptr_array_unref (foreign.sessions);
  cs_drive_release (drive, FALSE);
  g_assert_null (report);
  g_assert_error (error, CS_ERROR, CS_ERROR_MEDIUM);
  g_assert_cmpint (cs_error_exit_status (error), ==, 4);
  cs_test_assert_contains (error->message, f->image);
}

/* A sequential medium (DVD+R, CD-R: @data) in the virtual drive: two sessions from the
 * table of contents, the first at block 0, read through the drive; all good. Runs itself
 * again with the drive preloaded (VDRIVE_LIB, set by tests/meson.build for
 * vdrive-disc-check); skipped without it. */
static void
test_vdrive (Fixture       *f,
             gconstpointer  data)
{
  const char *type = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsCheckReport) report = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *d23 = NULL;
  g_autofree char *d24 = NULL;

  if (!cs_test_disc_vdrive (f, type, "vdrive-disc-check"))
    return;

  /* Here with the drive preloaded. */
  d23 = cs_test_disc_make_day (f, 23);
  cs_test_disc_store (f, 23, NULL);
  d24 = cs_test_disc_make_day (f, 24);
  cs_test_disc_store (f, 24, NULL);

  report = check_image (f, NULL, lines, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpuint (report->sessions, ==, 2);
  g_assert_cmpuint (report->files, ==, 8);
  g_assert_true (cs_test_lines_contain (lines, "Session 1 of 2: 4 files, MD5s match"));
  g_assert_true (cs_test_lines_contain (lines, "Session 2 of 2: 4 files, MD5s match"));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  cs_test_init_keep_going (&argc, &argv);
  if (!cs_drive_library_init (&error))
    g_error ("%s", error->message);
  if (!cs_test_have_xorriso ())
    {
      g_test_skip ("xorriso is needed to find where files lie");
      return 77;
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, cs_test_disc_set_up, func, cs_test_disc_tear_down)
  ADD ("/disc-check/good", test_good);
  ADD ("/disc-check/flipped-file", test_flipped_file);
  ADD ("/disc-check/flipped-directory", test_flipped_directory);
  ADD ("/disc-check/truncated", test_truncated);
  ADD ("/disc-check/replaced-day", test_replaced_day);
  ADD ("/disc-check/hard-link", test_hard_link);
  ADD ("/disc-check/cancel", test_cancel);
  ADD ("/disc-check/unreadable-medium", test_unreadable_medium);
  g_test_add ("/disc-check/vdrive/dvd+r", Fixture, "dvd+r", cs_test_disc_set_up, test_vdrive,
              cs_test_disc_tear_down);
  g_test_add ("/disc-check/vdrive/cd-r", Fixture, "cd-r", cs_test_disc_set_up, test_vdrive,
              cs_test_disc_tear_down);
#undef ADD
  return g_test_run ();
}
