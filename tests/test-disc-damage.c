/* test-disc-damage.c – cs_disc_check() and cs_disc_restore_day() on images damaged where a
 * plain file check does not look: a name in a directory record, the MD5 array and the session
 * tag at a session's end, data shared by hard links, a directory cut off, a size changed in a
 * later session's record, and an image written without MD5s (issue 15, the tester's findings)
 *
 * Each image holds three days appended by store jobs (sessions 1, 2 and 3 add the 23rd, 24th
 * and 25th of November 2026), or one written by xorriso without -md5.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cs-disc-check.h"
#include "cs-disc-contents.h"
#include "cs-disc-restore.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-store-job.h"
#include "cs-test-disc.h"
#include "cs-test-job.h"
#include "cs-test-util.h"

typedef CsTestDisc Fixture;

#define BLOCK         2048

/* Day 2026/11/@mday: host1/etc.tar.gz, host1/home.tar.gz (300 KiB), cback.collect, and
 * what @extra makes in host1. */
static void
make_day (Fixture *f,
          int      mday,
          void   (*extra) (const char *host))
{
  g_autofree char *day = cs_test_disc_make_day (f, mday);
  g_autofree char *host = g_build_filename (day, "host1", NULL);

  if (extra != NULL)
    extra (host);
}

static void
make_three_sessions (Fixture *f,
                     void   (*extra25) (const char *host))
{
  make_day (f, 23, NULL);
  cs_test_disc_store (f, 23, NULL);
  make_day (f, 24, NULL);
  cs_test_disc_store (f, 24, NULL);
  make_day (f, 25, extra25);
  cs_test_disc_store (f, 25, NULL);
}

/* Session @number's first block and its size in blocks. */
static void
session_range (Fixture *f,
               guint    number,
               guint32 *start,
               guint32 *blocks)
{
  g_autoptr(CsDiscContents) contents = cs_test_disc_read_contents (f->device, NULL);
  const CsDiscSession *s;

  g_assert_cmpuint (contents->sessions->len, >=, number);
  s = g_ptr_array_index (contents->sessions, number - 1);
  *start = s->start;
  *blocks = s->blocks;
}

static void
log_problems (const char *what,
              GPtrArray  *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = cs_check_problem_describe (g_ptr_array_index (problems, i));

      g_test_message ("%s problem: %s", what, line);
    }
}

static CsCheckReport *
check_image (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDrive) drive = cs_drive_open (f->device, NULL, NULL, &error);
  g_autoptr(CsDiscContents) contents = NULL;
  CsCheckReport *report;

  g_assert_no_error (error);
  contents = cs_disc_contents_read (drive, NULL, &error);
  g_assert_no_error (error);
  report = cs_disc_check (drive, contents, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  cs_drive_release (drive, FALSE);
  log_problems ("check", report->problems);
  return report;
}

static CsRestoreReport *
restore_day (Fixture    *f,
             const char *day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDrive) drive = cs_drive_open (f->device, NULL, NULL, &error);
  g_autoptr(CsDiscContents) contents = NULL;
  CsRestoreReport *report;

  g_assert_no_error (error);
  contents = cs_disc_contents_read (drive, NULL, &error);
  g_assert_no_error (error);
  report = cs_disc_restore_day (drive, contents, day, f->to, NULL, NULL, NULL, NULL, NULL,
                                &error);
  g_assert_no_error (error);
  cs_drive_release (drive, FALSE);
  log_problems ("restore", report->problems);
  return report;
}

/* How many of @problems name @path (NULL: the session-wide ones) and say @part. */
static guint
count_problems (GPtrArray  *problems,
                const char *path,
                const char *part)
{
  guint n = 0;

  for (guint i = 0; i < problems->len; i++)
    {
      const CsCheckProblem *p = g_ptr_array_index (problems, i);

      if (g_strcmp0 (p->path, path) == 0 && strstr (p->problem, part) != NULL)
        n++;
    }
  return n;
}

static GBytes *
read_image (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (f->image, &data, &len, &error));
  return g_bytes_new_take (data, len);
}

static void
write_at (Fixture    *f,
          guint64     offset,
          const void *bytes,
          gsize       len)
{
  int fd = open (f->image, O_RDWR | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, bytes, len, (off_t) offset), ==, (gssize) len);
  close (fd);
}

/* The offset of the first @needle in blocks [@start, @start + @blocks), or -1. */
static gint64
find_in (GBytes       *image,
         guint32       start,
         guint32       blocks,
         const void   *needle,
         gsize         len)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (image, &size);
  gsize from = (gsize) start * BLOCK;
  gsize to = MIN (size, (gsize) (start + blocks) * BLOCK);
  const guint8 *hit;

  if (from >= to)
    return -1;
  hit = memmem (data + from, to - from, needle, len);
  return hit != NULL ? hit - data : -1;
}

/* The block of session @number that starts with its session tag (libisofs'
 * "libisofs_checksum_tag_v1", checksum.c), found by scanning. */
static guint32
session_tag_block (Fixture *f,
                   guint    number)
{
  g_autoptr(GBytes) image = read_image (f);
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (image, &size);
  static const char tag[] = "libisofs_checksum_tag_v1";
  guint32 start, blocks;

  session_range (f, number, &start, &blocks);
  for (guint32 b = start; (gsize) (b + 1) * BLOCK <= size && b < start + blocks + 64; b++)
    if (memcmp (data + (gsize) b * BLOCK, tag, sizeof tag - 1) == 0)
      return b;
  g_error ("no session tag in session %u", number);
  return 0;
}

/* 1. A byte of a Rock Ridge name in session 1's directory record: the restore names the
 * damaged tree (it did exit 0 with a file under a wrong name). */
static void
test_tree_differs (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) image = NULL;
  g_autoptr(CsRestoreReport) report = NULL;
  g_autoptr(CsCheckReport) check = NULL;
  static const char nm[] = "etc.tar.gz";
  guint32 start, blocks;
  gint64 at;

  make_three_sessions (f, NULL);
  session_range (f, 1, &start, &blocks);
  image = read_image (f);
  /* The NM entry: "NM", its length, version 1, flags 0, then the name. */
  at = find_in (image, start, blocks, nm, sizeof nm - 1);
  while (at >= 0 && memcmp ((const guint8 *) g_bytes_get_data (image, NULL) + at - 5, "NM", 2)
         != 0)
    at = find_in (image, (guint32) (at / BLOCK) + 1, blocks, nm, sizeof nm - 1);
  g_assert_cmpint (at, >, 0);
  write_at (f, (guint64) at, "x", 1);

  check = check_image (f);
  g_assert_cmpuint (count_problems (check->problems, NULL, "directory tree differs"), ==, 1);

  report = restore_day (f, "2026/11/23");
  g_assert_cmpuint (count_problems (report->problems, NULL,
                                    "its directory tree differs from the MD5 recorded when it "
                                    "was written: names, sizes or attributes may be wrong"),
                    ==, 1);
  g_assert_true (cs_test_exists (f->to));
}

/* 2. Session 1's MD5 array zeroed and a byte of a file flipped: the restore cannot check
 * its files and says so for each (it restored them silently); the check still finds the
 * flipped file through session 2's MD5s and does not call them another program's. */
static void
test_md5_array (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CsRestoreReport) report = NULL;
  g_autoptr(CsCheckReport) check = NULL;
  g_autofree guint8 *zeros = g_malloc0 (BLOCK);
  const char *home = "/2026/11/23/host1/home.tar.gz";
  const char *etc = "/2026/11/23/host1/etc.tar.gz";
  guint32 tag;

  make_three_sessions (f, NULL);
  tag = session_tag_block (f, 1);
  write_at (f, (guint64) (tag - 1) * BLOCK, zeros, BLOCK);
  cs_test_disc_flip_byte (f->image, (guint64) cs_test_disc_data_lba (f->image, 0, home) * BLOCK
                          + 5000, 0x5a);

  report = restore_day (f, "2026/11/23");
  g_assert_cmpuint (count_problems (report->problems, home,
                                    "its MD5 cannot be checked: the checksums recorded for "
                                    "session 1 cannot be read"), ==, 1);
  g_assert_cmpuint (count_problems (report->problems, etc, "its MD5 cannot be checked"), ==, 1);

  check = check_image (f);
  g_assert_cmpuint (count_problems (check->problems, home, "its data differs"), ==, 1);
  g_assert_cmpuint (check->files_without_md5, ==, 0);
}

/* 2. Session 1's tag zeroed: the check says its session checksum cannot be read (it said
 * nothing: every checksum it had matched). */
static void
test_session_tag (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CsCheckReport) check = NULL;
  g_autofree guint8 *zeros = g_malloc0 (BLOCK);

  make_three_sessions (f, NULL);
  write_at (f, (guint64) session_tag_block (f, 1) * BLOCK, zeros, BLOCK);

  check = check_image (f);
  g_assert_cmpuint (count_problems (check->problems, NULL,
                                    "its session checksum cannot be read"), ==, 1);
  g_assert_cmpuint (((CsCheckProblem *) g_ptr_array_index (check->problems, 0))->session, ==, 1);
}

/* 2. An image xorriso wrote without -md5: nothing can be checked, and both say so (the
 * check said every checksum matched). */
static void
test_no_md5 (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CsRestoreReport) report = NULL;
  g_autoptr(CsCheckReport) check = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *from = NULL;
  const char *argv[] = { "xorriso", "-outdev", f->device, "-volid", "OTHER", "-map", NULL,
                         "/2026", "-commit", NULL };

  make_day (f, 23, NULL);
  from = g_build_filename (f->stage, "2026", NULL);
  argv[6] = from;
  g_assert_cmpint (cs_test_run (argv, &out, &err), ==, 0);

  check = check_image (f);
  g_assert_cmpuint (count_problems (check->problems, NULL, "the disc records no checksums"),
                    ==, 1);
  g_assert_cmpuint (check->files_without_md5, >, 0);

  report = restore_day (f, "2026/11/23");
  g_assert_cmpuint (count_problems (report->problems, NULL, "the disc records no checksums"),
                    ==, 1);
}

static void
make_hard_links (const char *host)
{
  g_autofree char *hard1 = g_build_filename (host, "hard1", NULL);
  g_autofree char *hard2 = g_build_filename (host, "hard2", NULL);
  g_autofree char *sub = g_build_filename (host, "sub", NULL);
  g_autofree char *hard3 = g_build_filename (host, "sub", "hard3", NULL);

  cs_test_fill_file (hard1, 20000, 7);
  g_assert_cmpint (link (hard1, hard2), ==, 0);
  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_cmpint (link (hard1, hard3), ==, 0);
}

/* 3. A byte flipped in data three hard links share: all three names, in check and restore
 * (only one was named). */
static void
test_hard_links (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CsRestoreReport) report = NULL;
  g_autoptr(CsCheckReport) check = NULL;
  const char *names[] = { "/2026/11/25/host1/hard1", "/2026/11/25/host1/hard2",
                          "/2026/11/25/host1/sub/hard3" };

  make_three_sessions (f, make_hard_links);
  cs_test_disc_flip_byte (f->image,
                          (guint64) cs_test_disc_data_lba (f->image, 0, names[0]) * BLOCK + 100,
                          0x5a);

  check = check_image (f);
  report = restore_day (f, "2026/11/25");
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpuint (count_problems (check->problems, names[i], "its data differs"), ==, 1);
      g_assert_cmpuint (count_problems (report->problems, names[i], "its data differs"), ==, 1);
    }
  g_assert_cmpuint (check->problems->len, ==, 3 + count_problems (check->problems, NULL, ""));
}

static void
make_dir_b (const char *host)
{
  g_autofree char *dir = g_build_filename (host, "dir", NULL);
  g_autofree char *b = g_build_filename (host, "dir", "b", NULL);
  g_autofree char *a = g_build_filename (host, "a.txt", NULL);

  cs_test_write_file (a, "a\n", -1);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  /* Enough entries for the directory's records to need more than one block. */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%02u-%s", b, i,
                                               "a-long-name-for-more-records");

      cs_test_write_file (name, "b\n", -1);
    }
}

/* 4. The image cut after the first block of session 3's directory dir (its "." record
 * points at itself, its first entry is b00-…), inside its records: both name the directory
 * (the restore made it empty without a word), and the check names the files it could not
 * check. */
static void
test_cut_directory (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CsRestoreReport) report = NULL;
  g_autoptr(CsCheckReport) check = NULL;
  g_autoptr(GBytes) image = NULL;
  const char *dir = "/2026/11/25/host1/dir";
  static const char nm_b[] = { 'N', 'M', 5 + 32, 1, 0, 'b', '0', '0' };
  const guint8 *bytes;
  guint32 start, blocks, cut = 0;

  make_three_sessions (f, make_dir_b);
  session_range (f, 3, &start, &blocks);
  image = read_image (f);
  bytes = g_bytes_get_data (image, NULL);
  for (guint32 b = start; b < start + blocks && cut == 0; b++)
    {
      const guint8 *rec = bytes + (gsize) b * BLOCK;
      guint32 extent = rec[2] | rec[3] << 8 | rec[4] << 16 | (guint32) rec[5] << 24;

      if (rec[0] >= 34 && extent == b && rec[32] == 1 && rec[33] == 0
          && memmem (rec, BLOCK, nm_b, sizeof nm_b) != NULL)
        cut = b + 1;
    }
  g_assert_cmpuint (cut, >, start);
  g_assert_cmpint (truncate (f->image, (off_t) cut * BLOCK), ==, 0);

  report = restore_day (f, "2026/11/25");
  g_assert_cmpuint (count_problems (report->problems, dir,
                                    "its directory records cannot be read"), ==, 1);

  check = check_image (f);
  g_assert_cmpuint (count_problems (check->problems, dir,
                                    "its directory records cannot be read"), ==, 1);
  /* Each file of the session is named: its data lies past the cut, or its MD5 is lost. */
  g_assert_cmpuint (count_problems (check->problems, "/2026/11/25/host1/etc.tar.gz", ""), ==, 1);
  g_assert_cmpuint (count_problems (check->problems, "/2026/11/25/host1/a.txt", ""), ==, 1);
}

/* 5. The size in session 3's record of a day-23 file changed: session 3's tree is named,
 * not session 1's data (it said session 1's data differs). */
static void
test_odd_size (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CsCheckReport) check = NULL;
  g_autoptr(GBytes) image = NULL;
  const char *home = "/2026/11/23/host1/home.tar.gz";
  guint32 lba, size = 300 * 1024 + 23, odd = size - 1000;
  guint8 both[16], changed[8];
  guint32 start, blocks;
  gint64 at;
  guint n = 0;

  make_three_sessions (f, NULL);
  lba = cs_test_disc_data_lba (f->image, 0, home);
  for (int i = 0; i < 4; i++)
    {
      both[i] = lba >> (8 * i);
      both[7 - i] = lba >> (8 * i);
      both[8 + i] = size >> (8 * i);
      both[15 - i] = size >> (8 * i);
      changed[i] = odd >> (8 * i);
      changed[7 - i] = odd >> (8 * i);
    }
  session_range (f, 3, &start, &blocks);
  image = read_image (f);
  /* The ISO 9660 record and the Joliet one (libisofs reads the first). */
  while ((at = find_in (image, start, blocks, both, sizeof both)) >= 0)
    {
      write_at (f, (guint64) at + 8, changed, sizeof changed);
      g_clear_pointer (&image, g_bytes_unref);
      image = read_image (f);
      n++;
    }
  g_assert_cmpuint (n, >=, 1);

  check = check_image (f);
  g_assert_cmpuint (count_problems (check->problems, home, ""), ==, 1);
  g_assert_cmpuint (count_problems (check->problems, home, "its directory record gives it"),
                    ==, 1);
  g_assert_cmpuint (((CsCheckProblem *) g_ptr_array_index (check->problems, 0))->session, ==, 3);
}

/* 10,000 small files in one day: the MD5 array after the session's range takes 80 blocks,
 * so the session tag lies well past it. A good image checks clean (the tag was searched
 * for only 64 blocks after the range: "its session checksum cannot be read"). */
static void
many_files (const char *host)
{
  g_autofree char *dir = g_build_filename (host, "many", NULL);

  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  for (guint i = 0; i < 10000; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/f%05u", dir, i);
      g_autofree char *text = g_strdup_printf ("%u\n", i);

      cs_test_write_file (name, text, -1);
    }
}

static void
test_many_files (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CsCheckReport) report = NULL;

  make_day (f, 23, many_files);
  cs_test_disc_store (f, 23, NULL);
  report = check_image (f);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpuint (report->files, >=, 10000);
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
  ADD ("/disc-damage/tree-differs", test_tree_differs);
  ADD ("/disc-damage/md5-array", test_md5_array);
  ADD ("/disc-damage/session-tag", test_session_tag);
  ADD ("/disc-damage/no-md5", test_no_md5);
  ADD ("/disc-damage/hard-links", test_hard_links);
  ADD ("/disc-damage/cut-directory", test_cut_directory);
  ADD ("/disc-damage/odd-size", test_odd_size);
  ADD ("/disc-damage/many-files", test_many_files);
#undef ADD
  return g_test_run ();
}
