/* test-disc-restore.c – a day restored from an image file (cs_disc_restore_day) comes back
 * as it was staged, from the session that holds it; damage is reported per file; refusals
 * write nothing; a hostile image writes nothing outside the target
 *
 * Images are written by store jobs on image files, as `cedar-store` writes them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cs-disc-contents.h"
#include "cs-disc-restore.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-store-job.h"
#include "cs-test-disc.h"
#include "cs-test-job.h"
#include "cs-test-restore.h"
#include "cs-test-util.h"

typedef CsTestDisc Fixture;

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  /* test_write_errors() mounts a tmpfs on f->to; a failed assertion leaves it there. */
  (void) umount2 (f->to, MNT_DETACH);
  cs_test_disc_tear_down (f, data);
}

static void
collect_log (GLogLevelFlags  level,
             const char     *message,
             gpointer        user_data)
{
  GPtrArray *lines = user_data;

  g_test_message ("restore: %s", message);
  if (lines != NULL)
    g_ptr_array_add (lines, g_strdup (message));
}

typedef struct
{
  GCancellable *cancel_at_first;  /* cancelled at the first progress report */
  guint         calls;
  guint64       last_done;
  guint64       total;
} Progress;

static void
on_progress (double   fraction,
             guint64  done,
             guint64  total,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  g_assert_cmpuint (done, >=, p->last_done);
  p->calls++;
  p->last_done = done;
  p->total = total;
  if (p->cancel_at_first != NULL)
    g_cancellable_cancel (p->cancel_at_first);
}

/* Restores @day of the fixture's image to f->to; the report, or NULL with @error. */
static CsRestoreReport *
restore_full (Fixture      *f,
              const char   *day,
              GPtrArray    *log,
              Progress     *progress,
              GCancellable *cancellable,
              GError      **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(CsDrive) drive = cs_drive_open (f->device, NULL, NULL, &local);
  g_autoptr(CsDiscContents) contents = NULL;
  CsRestoreReport *report;

  g_assert_no_error (local);
  contents = cs_disc_contents_read (drive, NULL, &local);
  g_assert_no_error (local);
  report = cs_disc_restore_day (drive, contents, day, f->to,
                                progress != NULL ? on_progress : NULL, progress,
                                collect_log, log, cancellable, error);
  cs_drive_release (drive, FALSE);
  return report;
}

static CsRestoreReport *
restore_ok (Fixture    *f,
            const char *day)
{
  g_autoptr(GError) error = NULL;
  CsRestoreReport *report = restore_full (f, day, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static void
assert_no_problems (const CsRestoreReport *report)
{
  for (guint i = 0; i < report->problems->len; i++)
    {
      g_autofree char *line = cs_check_problem_describe (g_ptr_array_index (report->problems, i));

      g_test_message ("problem: %s", line);
    }
  g_assert_cmpuint (report->problems->len, ==, 0);
}

/* The tricky trees come back identical: diff -r, then types, modes, owners, times, link
 * targets, hard link groups, device numbers, sizes, ACLs and xattrs. */
static void
test_tricky (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autoptr(GHashTable) atimes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(CsRestoreReport) report = NULL;
  g_autoptr(GPtrArray) log = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *restored = g_build_filename (f->to, "2026", "11", "26", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *start_line = NULL;
  Progress progress = { 0 };
  Walk w = { 0 };

  make_restore_tree (day, atimes);
  cs_test_disc_store (f, 26, NULL);

  report = restore_full (f, "2026/11/26", log, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  assert_no_problems (report);
  g_assert_cmpuint (report->session, ==, 1);
  g_assert_cmpstr (report->day, ==, "2026/11/26");
  g_assert_cmpstr (report->to_path, ==, restored);
  g_assert_cmpuint (report->symlinks, >=, 3);
  g_assert_cmpuint (report->specials, >=, geteuid () == 0 ? 4 : 2);
  g_assert_cmpuint (report->attrs_not_set, ==, 0);
  /* 20 MiB sparse and 300 KiB hard-linked, each once. */
  g_assert_cmpuint (report->bytes, >, 20 * 1024 * 1024 + 300 * 1024);
  g_assert_cmpuint (report->bytes, <, 21 * 1024 * 1024 + 300 * 1024);
  g_assert_cmpuint (progress.calls, >, 0);
  g_assert_cmpuint (progress.last_done, ==, progress.total);
  g_assert_cmpuint (progress.total, ==, report->bytes);
  start_line = g_strdup_printf ("Restoring 2026/11/26 from session 1 of %s to %s", f->device,
                                restored);
  g_assert_true (cs_test_has_line (log, start_line));
  g_assert_true (cs_test_lines_contain (log, "Restored 2026/11/26 to "));

  w.src_to_dst = g_hash_table_new (NULL, NULL);
  w.dst_to_src = g_hash_table_new (NULL, NULL);
  w.atimes = atimes;
  compare_entry (&w, day, restored, NULL);
  compare_tree (&w, day, restored, NULL);
  g_assert_cmpuint (w.entries, >, 50);
  g_assert_cmpuint (w.links, ==, 5);   /* hard1-3, empty-a and empty-b */
  g_hash_table_unref (w.src_to_dst);
  g_hash_table_unref (w.dst_to_src);

  /* After the walk: diff reads the files, which changes their access times. */
  if (cs_test_have_program ("diff"))
    {
      const char * const argv[] = { "diff", "-r", "--no-dereference", "--exclude=cback.store",
                                    day, restored, NULL };
      g_auto(GStrv) lines = NULL;

      /* diff does not compare special files; it only names them (exit status 1). */
      cs_test_run (argv, &out, &err);
      lines = g_strsplit (out != NULL ? out : "", "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0' && !strstr (lines[i], " is a fifo while file ")
            && !strstr (lines[i], " is a socket while file ")
            && !strstr (lines[i], " is a character special file while file ")
            && !strstr (lines[i], " is a block special file while file "))
          g_error ("diff -r: %s", lines[i]);
      g_assert_cmpstr (err, ==, "");
    }

  /* The sparse file kept its holes (as far as the filesystem makes them). */
  {
    g_autofree char *sparse = g_build_filename (restored, "host", "sparse.img", NULL);
    struct stat st;

    g_assert_cmpint (lstat (sparse, &st), ==, 0);
    g_assert_cmpint ((gint64) st.st_blocks * 512, <, 4 * 1024 * 1024);
  }
}

/* A day of its own, 2026/11/@mday, with one file saying @text. */
static char *
make_day (Fixture    *f,
          int         mday,
          const char *text)
{
  g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", mday);
  char *day = cs_test_make_day (f->stage, suffix, TRUE, FALSE);
  g_autofree char *file = g_build_filename (day, "host1", "today.txt", NULL);
  g_autofree char *big = g_build_filename (day, "host1", "home.tar.gz", NULL);
  g_autofree char *host = g_build_filename (day, "host1", NULL);

  g_assert_cmpint (g_mkdir_with_parents (host, 0755), ==, 0);
  cs_test_write_file (file, text, -1);
  cs_test_fill_file (big, 300 * 1024 + mday, mday);
  return day;
}

static char *
restored_text (Fixture    *f,
               const char *day)
{
  g_autofree char *path = g_build_filename (f->to, day, "host1", "today.txt", NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* An older day comes from the session that holds it, a day stored again from the newest. */
static void
test_sessions (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *d23 = make_day (f, 23, "first of the 23rd");
  g_autofree char *d24 = NULL;
  g_autofree char *d25 = NULL;
  g_autofree char *file24 = NULL;
  g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
  g_autoptr(CsRestoreReport) r23 = NULL;
  g_autoptr(CsRestoreReport) r24 = NULL;
  g_autoptr(CsRestoreReport) r25 = NULL;
  g_autofree char *t23 = NULL;
  g_autofree char *t24 = NULL;
  g_autofree char *t25 = NULL;
  GDate date;

  cs_test_disc_store (f, 23, NULL);
  d24 = make_day (f, 24, "first of the 24th");
  cs_test_disc_store (f, 24, NULL);
  d25 = make_day (f, 25, "the 25th");
  cs_test_disc_store (f, 25, NULL);

  /* The 24th again, changed, on the 25th: session 4. */
  file24 = g_build_filename (d24, "host1", "today.txt", NULL);
  cs_test_write_file (file24, "second of the 24th", -1);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 24, G_DATE_NOVEMBER, 2026);
  g_ptr_array_add (again, cs_day_new (d24, &date));
  cs_test_disc_store (f, 25, again);

  r23 = restore_ok (f, "2026/11/23");
  assert_no_problems (r23);
  g_assert_cmpuint (r23->session, ==, 1);
  t23 = restored_text (f, "2026/11/23");
  g_assert_cmpstr (t23, ==, "first of the 23rd");

  r24 = restore_ok (f, "2026/11/24");
  assert_no_problems (r24);
  g_assert_cmpuint (r24->session, ==, 4);
  t24 = restored_text (f, "2026/11/24");
  g_assert_cmpstr (t24, ==, "second of the 24th");

  r25 = restore_ok (f, "2026/11/25");
  g_assert_cmpuint (r25->session, ==, 3);
  t25 = restored_text (f, "2026/11/25");
  g_assert_cmpstr (t25, ==, "the 25th");
}

/* A target that is not empty, a day not on the disc, no day at all, and a day's path
 * through a symbolic link: CS_ERROR_CONFIG (exit status 2), nothing written. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *d23 = make_day (f, 23, "the 23rd");
  g_autofree char *d24 = NULL;
  g_autofree char *target = g_build_filename (f->to, "2026", "11", "23", NULL);
  g_autofree char *keep = g_build_filename (target, "keep.txt", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *elsewhere = g_build_filename (f->tmpdir, "elsewhere", NULL);
  g_autofree char *month = g_build_filename (f->to, "2026", "11", NULL);
  g_autofree char *year = g_build_filename (f->to, "2026", NULL);
  g_autoptr(GError) error = NULL;
  CsRestoreReport *report;

  cs_test_disc_store (f, 23, NULL);
  d24 = make_day (f, 24, "the 24th");
  cs_test_disc_store (f, 24, NULL);

  /* Not empty. */
  g_assert_cmpint (g_mkdir_with_parents (target, 0755), ==, 0);
  cs_test_write_file (keep, "mine", -1);
  before = listing (f->to);
  report = restore_full (f, "2026/11/23", NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  g_assert_cmpint (cs_error_exit_status (error), ==, 2);
  cs_test_assert_contains (error->message, target);
  cs_test_assert_contains (error->message, "not empty");
  after = listing (f->to);
  g_assert_cmpstr (after, ==, before);
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);

  /* Not on the disc: the message says which days it holds; nothing is made. */
  cs_test_rm_rf (f->to);
  report = restore_full (f, "2026/11/22", NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  cs_test_assert_contains (error->message, "2026/11/22");
  cs_test_assert_contains (error->message, "2026/11/23 and 2026/11/24");
  g_assert_false (cs_test_exists (f->to));
  g_clear_error (&error);

  /* Not a day. */
  report = restore_full (f, "2026/11/2", NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  g_assert_false (cs_test_exists (f->to));
  g_clear_error (&error);

  /* DIR/2026/11 leads elsewhere: refused, and nothing is written there. */
  g_assert_cmpint (g_mkdir_with_parents (elsewhere, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (f->to, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (year, 0755), ==, 0);
  g_assert_cmpint (symlink (elsewhere, month), ==, 0);
  report = restore_full (f, "2026/11/24", NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  cs_test_assert_contains (error->message, "symbolic link");
  after = listing (elsewhere);
  g_assert_cmpstr (after, ==, "");
}

/* A byte flipped in a file's data: the file is restored as read, reported with its path,
 * session and day; the other files are fine. */
static void
test_flipped (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *d23 = make_day (f, 23, "the 23rd");
  g_autofree char *d24 = NULL;
  g_autoptr(CsRestoreReport) report = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *staged = NULL;
  g_autofree char *text = NULL;
  const CsCheckProblem *problem;
  gsize len = 0;
  guint32 lba;

  if (!cs_test_have_xorriso ())
    {
      g_test_skip ("xorriso is needed to find the file's blocks");
      return;
    }
  cs_test_disc_store (f, 23, NULL);
  d24 = make_day (f, 24, "the 24th");
  cs_test_disc_store (f, 24, NULL);

  lba = cs_test_disc_data_lba (f->image, 0, "/2026/11/23/host1/home.tar.gz");
  g_assert_cmpuint (lba, >, 32);
  cs_test_disc_flip_byte (f->image, (guint64) lba * 2048 + 100000, 0x5a);

  report = restore_ok (f, "2026/11/23");
  g_assert_cmpuint (report->problems->len, ==, 1);
  problem = g_ptr_array_index (report->problems, 0);
  g_assert_cmpstr (problem->path, ==, "/2026/11/23/host1/home.tar.gz");
  g_assert_cmpuint (problem->session, ==, 1);
  g_assert_cmpstr (problem->day, ==, "2026/11/23");
  cs_test_assert_contains (problem->problem, "MD5");
  /* Written as read: the size is right, the one byte differs. */
  restored = g_build_filename (f->to, "2026", "11", "23", "host1", "home.tar.gz", NULL);
  staged = g_build_filename (d23, "host1", "home.tar.gz", NULL);
  g_assert_true (g_file_get_contents (restored, &text, &len, NULL));
  g_assert_cmpuint (len, ==, 300 * 1024 + 23);
  {
    g_autofree char *orig = NULL;
    gsize orig_len = 0;

    g_assert_true (g_file_get_contents (staged, &orig, &orig_len, NULL));
    g_assert_cmpuint ((guint8) text[100000], ==, (guint8) orig[100000] ^ 0x5a);
    g_assert_cmpint (memcmp (text, orig, 100000), ==, 0);
  }
  g_free (text);
  text = restored_text (f, "2026/11/23");
  g_assert_cmpstr (text, ==, "the 23rd");
}

/* An image cut short inside a file's data: that file is a problem and ends where the image
 * does, never padded with zeros. */
static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *d23 = make_day (f, 23, "the 23rd");
  g_autoptr(CsRestoreReport) report = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *staged = NULL;
  g_autofree char *text = NULL;
  g_autofree char *orig = NULL;
  const CsCheckProblem *problem = NULL;
  gsize len = 0, orig_len = 0;
  guint32 lba;

  if (!cs_test_have_xorriso ())
    {
      g_test_skip ("xorriso is needed to find the file's blocks");
      return;
    }
  cs_test_disc_store (f, 23, NULL);
  lba = cs_test_disc_data_lba (f->image, 0, "/2026/11/23/host1/home.tar.gz");
  g_assert_cmpint (truncate (f->image, ((off_t) lba + 50) * 2048), ==, 0);

  report = restore_ok (f, "2026/11/23");
  for (guint i = 0; i < report->problems->len; i++)
    {
      const CsCheckProblem *p = g_ptr_array_index (report->problems, i);

      if (g_strcmp0 (p->path, "/2026/11/23/host1/home.tar.gz") == 0)
        problem = p;
    }
  g_assert_nonnull (problem);
  g_assert_cmpuint (problem->session, ==, 1);
  cs_test_assert_contains (problem->problem, "cut short");
  restored = g_build_filename (f->to, "2026", "11", "23", "host1", "home.tar.gz", NULL);
  staged = g_build_filename (d23, "host1", "home.tar.gz", NULL);
  g_assert_true (g_file_get_contents (restored, &text, &len, NULL));
  g_assert_true (g_file_get_contents (staged, &orig, &orig_len, NULL));
  g_assert_cmpuint (len, ==, 50 * 2048);
  g_assert_cmpint (memcmp (text, orig, len), ==, 0);
}

/* Byte patches of Rock Ridge names (NM entries: "NM", length, version 1, flags 0, name):
 * each @old of the image becomes @new of the same length. Returns how many were patched. */
static guint
patch_names (const char *image,
             const char *old,
             const char *new)
{
  g_autofree char *data = NULL;
  gsize len = 0, n = strlen (old);
  guint8 head[5] = { 'N', 'M', (guint8) (5 + n), 1, 0 };
  guint count = 0;

  g_assert_cmpuint (strlen (new), ==, n);
  g_assert_true (g_file_get_contents (image, &data, &len, NULL));
  for (gsize i = 0; i + 5 + n <= len; i++)
    if (memcmp (data + i, head, 5) == 0 && memcmp (data + i + 5, old, n) == 0)
      {
        memcpy (data + i + 5, new, n);
        count++;
      }
  g_assert_true (g_file_set_contents (image, data, len, NULL));
  return count;
}

/* A hostile image: a name "..", a name with "/", a symbolic link out of DIR and a directory
 * of the same name holding a file. Nothing appears outside DIR; the ".." is reported. */
static void
test_hostile (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *host = g_build_filename (day, "host", NULL);
  g_autofree char *outside = g_build_filename (f->tmpdir, "outside", NULL);
  g_autofree char *path = NULL;
  g_autofree char *top_before = NULL;
  g_autofree char *top_after = NULL;
  g_autofree char *outside_after = NULL;
  g_autofree char *restored_host = g_build_filename (f->to, "2026", "11", "26", "host", NULL);
  g_autoptr(CsRestoreReport) report = NULL;
  gboolean dots = FALSE;
  guint links_out = 0;

  g_assert_cmpint (g_mkdir_with_parents (host, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (outside, 0755), ==, 0);
  path = g_build_filename (host, "QQ", NULL);          /* → ".." */
  cs_test_write_file (path, "dot dot\n", -1);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (host, "QQQQQQ", NULL);      /* → "../../" */
  cs_test_write_file (path, "up twice\n", -1);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (host, "aQb", NULL);         /* → "a/b" */
  cs_test_write_file (path, "slash\n", -1);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (host, "x", NULL);           /* a link out of DIR */
  g_assert_cmpint (symlink (outside, path), ==, 0);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (host, "z", NULL);           /* z → "x": x/file */
  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (host, "z", "file", NULL);
  cs_test_write_file (path, "through the link?\n", -1);
  g_clear_pointer (&path, g_free);
  cs_test_disc_store (f, 26, NULL);

  g_assert_cmpuint (patch_names (f->image, "QQ", ".."), ==, 1);
  g_assert_cmpuint (patch_names (f->image, "QQQQQQ", "../../"), ==, 1);
  g_assert_cmpuint (patch_names (f->image, "aQb", "a/b"), ==, 1);
  g_assert_cmpuint (patch_names (f->image, "z", "x"), ==, 1);

  top_before = listing (f->tmpdir);
  report = restore_ok (f, "2026/11/26");
  top_after = listing (f->tmpdir);
  outside_after = listing (outside);
  g_assert_cmpstr (outside_after, ==, "");
  /* Outside DIR only DIR itself is new. */
  {
    g_auto(GStrv) before = g_strsplit (top_before, "\n", -1);
    g_auto(GStrv) after = g_strsplit (top_after, "\n", -1);

    for (guint i = 0; after[i] != NULL; i++)
      if (!g_strv_contains ((const char * const *) before, after[i]))
        g_assert_true (g_str_has_prefix (after[i], "to"));
  }
  for (guint i = 0; i < report->problems->len; i++)
    {
      const CsCheckProblem *p = g_ptr_array_index (report->problems, i);

      g_test_message ("problem: %s: %s", p->path, p->problem);
      if (g_strcmp0 (p->path, "/2026/11/26/host/..") == 0)
        {
          cs_test_assert_contains (p->problem, "cannot be a file name");
          dots = TRUE;
        }
      g_assert_cmpuint (p->session, ==, 1);
    }
  g_assert_true (dots);
  /* The link is restored as a link, pointing where it pointed. */
  {
    g_autoptr(GDir) d = g_dir_open (restored_host, 0, NULL);
    const char *name;

    g_assert_nonnull (d);
    while ((name = g_dir_read_name (d)) != NULL)
      {
        g_autofree char *p = g_build_filename (restored_host, name, NULL);
        g_autofree char *target = g_file_read_link (p, NULL);

        g_assert_false (g_str_equal (name, ".."));
        if (g_strcmp0 (target, outside) == 0)
          links_out++;
      }
  }
  g_assert_cmpuint (links_out, ==, 1);
}

/* Cancelled at the first progress report: CS_ERROR_CANCELLED naming where the part is. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *d23 = make_day (f, 23, "the 23rd");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_build_filename (f->to, "2026", "11", "23", NULL);
  Progress progress = { .cancel_at_first = cancellable };
  CsRestoreReport *report;

  cs_test_disc_store (f, 23, NULL);
  report = restore_full (f, "2026/11/23", NULL, &progress, cancellable, &error);
  g_assert_null (report);
  g_assert_error (error, CS_ERROR, CS_ERROR_CANCELLED);
  cs_test_assert_contains (error->message, target);
  g_assert_true (cs_test_exists (target));
}

/* A target that cannot be written: a full filesystem and a read-only one give
 * CS_ERROR_WRITE (exit status 5) naming the path and what to do. Needs a tmpfs mount (root). */
static void
test_write_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *d23 = make_day (f, 23, "the 23rd");
  g_autofree char *big = g_build_filename (d23, "host1", "big.bin", NULL);
  g_autoptr(GError) error = NULL;
  CsRestoreReport *report;

  cs_test_fill_file (big, 3 * 1024 * 1024, 5);
  cs_test_disc_store (f, 23, NULL);
  g_assert_cmpint (g_mkdir (f->to, 0755), ==, 0);
  if (mount ("tmpfs", f->to, "tmpfs", 0, "size=1m,mode=0755") != 0)
    {
      g_test_skip ("cannot mount a tmpfs (not root?)");
      return;
    }
  report = restore_full (f, "2026/11/23", NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CS_ERROR, CS_ERROR_WRITE);
  g_assert_cmpint (cs_error_exit_status (error), ==, 5);
  cs_test_assert_contains (error->message, f->to);
  cs_test_assert_contains (error->message, "Make room");
  g_clear_error (&error);
  g_assert_cmpint (umount (f->to), ==, 0);

  g_assert_cmpint (mount ("tmpfs", f->to, "tmpfs", MS_RDONLY, "mode=0755"), ==, 0);
  report = restore_full (f, "2026/11/23", NULL, NULL, NULL, &error);
  g_assert_null (report);
  g_assert_error (error, CS_ERROR, CS_ERROR_WRITE);
  cs_test_assert_contains (error->message, f->to);
  cs_test_assert_contains (error->message, "may write to");
  g_assert_cmpint (umount (f->to), ==, 0);
}

#define SPARSE_SIZE G_GUINT64_CONSTANT (4300000000)

/* A file over 4 GiB (two extents), sparse so that it is cheap to make and to restore. */
static void
test_over_4gib (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *host = g_build_filename (day, "host", NULL);
  g_autofree char *big = g_build_filename (host, "big.img", NULL);
  g_autofree char *restored = g_build_filename (f->to, "2026", "11", "26", "host", "big.img",
                                                NULL);
  g_autoptr(CsRestoreReport) report = NULL;
  struct statvfs vfs;
  char head[32] = { 0 }, tail[32] = { 0 };
  struct stat st;
  int fd;

  if (statvfs (f->tmpdir, &vfs) != 0
      || (guint64) vfs.f_bavail * vfs.f_frsize < G_GUINT64_CONSTANT (6) << 30)
    {
      g_test_skip ("less than 6 GiB free in the temporary directory for a 4.3 GB image");
      return;
    }
  g_assert_cmpint (g_mkdir_with_parents (host, 0755), ==, 0);
  fd = open (big, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  g_assert_cmpint (ftruncate (fd, SPARSE_SIZE), ==, 0);
  g_assert_cmpint (pwrite (fd, "start of the sparse file", 24, 0), ==, 24);
  g_assert_cmpint (pwrite (fd, "end of the sparse file", 22, SPARSE_SIZE - 22), ==, 22);
  close (fd);
  cs_test_disc_store (f, 26, NULL);

  report = restore_ok (f, "2026/11/26");
  assert_no_problems (report);
  g_assert_cmpint (lstat (restored, &st), ==, 0);
  g_assert_cmpuint ((guint64) st.st_size, ==, SPARSE_SIZE);
  g_assert_cmpint ((gint64) st.st_blocks * 512, <, 64 * 1024 * 1024);
  fd = open (restored, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (pread (fd, head, 24, 0), ==, 24);
  g_assert_cmpint (pread (fd, tail, 22, SPARSE_SIZE - 22), ==, 22);
  close (fd);
  g_assert_cmpstr (head, ==, "start of the sparse file");
  g_assert_cmpstr (tail, ==, "end of the sparse file");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!cs_drive_library_init (&error))
    g_error ("%s", error->message);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, cs_test_disc_set_up, func, fixture_tear_down)
  ADD ("/disc-restore/tricky", test_tricky);
  ADD ("/disc-restore/sessions", test_sessions);
  ADD ("/disc-restore/refusals", test_refusals);
  ADD ("/disc-restore/flipped", test_flipped);
  ADD ("/disc-restore/truncated", test_truncated);
  ADD ("/disc-restore/hostile", test_hostile);
  ADD ("/disc-restore/cancel", test_cancel);
  ADD ("/disc-restore/write-errors", test_write_errors);
  ADD ("/disc-restore/over-4gib", test_over_4gib);
#undef ADD
  return g_test_run ();
}
