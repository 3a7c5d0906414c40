/* test-verify.c – the read-back check finds every kind of difference and names it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>

#include "cs-test-engine.h"

/* 16 bytes that occur nowhere else in the image. */
static const char marker[16] = { 'C', 's', 'M', 'a', 'r', 'k', '#', '7', 'f', '3', 'a', '9', 'b', '2', 'Q', 'z' };

#define MARKER_OFFSET 40000

typedef struct
{
  char      *tmpdir;
  char      *stage;
  char      *day;     /* stage/2026/11/26 */
  char      *host;    /* day/host1 */
  char      *image;
  GPtrArray *days;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *marked = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *link = NULL;
  g_autofree char *out = NULL;
  int fd;

  f->tmpdir = cs_test_make_tmpdir ();
  f->stage = g_build_filename (f->tmpdir, "stage", NULL);
  f->day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  f->host = g_build_filename (f->day, "host1", NULL);
  out = g_build_filename (f->tmpdir, "out", NULL);
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  f->image = g_build_filename (out, "disc.iso", NULL);

  marked = g_build_filename (f->host, "marked.bin", NULL);
  cs_test_fill_file (marked, 256 * 1024, 99);
  fd = open (marked, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, marker, sizeof marker, MARKER_OFFSET), ==, sizeof marker);
  g_assert_cmpint (close (fd), ==, 0);

  plain = g_build_filename (f->host, "plain.txt", NULL);
  cs_test_write_file (plain, "plain text\n", -1);
  link = g_build_filename (f->host, "link", NULL);
  g_assert_cmpint (symlink ("etc.tar.gz", link), ==, 0);

  f->days = cs_test_days_of (cs_test_day_new (f->day, 2026, 11, 26));
  g_assert_true (cs_test_store_image (f->image, f->days, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_test_verify_image (f->image, f->days, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cs_test_rm_rf (f->tmpdir);
  g_clear_pointer (&f->days, g_ptr_array_unref);
  g_free (f->tmpdir);
  g_free (f->stage);
  g_free (f->day);
  g_free (f->host);
  g_free (f->image);
}

/* Verifies, expects CS_ERROR_VERIFY and returns the message. */
static char *
verify_fails (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cs_test_verify_image (f->image, f->days, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_VERIFY);
  g_test_message ("verify: %s", error->message);
  return g_strdup (error->message);
}

static void
test_unchanged (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* Twice: reading back changes nothing. */
  g_assert_true (cs_test_verify_image (f->image, f->days, &error));
  g_assert_no_error (error);
  g_assert_true (cs_test_verify_image (f->image, f->days, &error));
  g_assert_no_error (error);
}

/* (a) One byte of a stored file's data flipped on the "disc". */
static void
test_image_byte_flipped (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *msg = NULL;
  gsize length = 0;
  const char *hit;
  guint8 byte;
  off_t pos;
  int fd;

  g_file_get_contents (f->image, &contents, &length, &error);
  g_assert_no_error (error);
  hit = memmem (contents, length, marker, sizeof marker);
  g_assert_nonnull (hit);
  /* Exactly once, or the flip might land somewhere else. */
  g_assert_null (memmem (hit + 1, length - (hit + 1 - contents), marker, sizeof marker));
  pos = (hit - contents) + 5;
  /* Inside the file's data, well after the directory records and volume descriptors. */
  g_assert_cmpint (pos, >, (CS_FIRST_LBA + 16) * 2048);

  byte = (guint8)hit[5] ^ 0x01;
  fd = open (f->image, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, &byte, 1, pos), ==, 1);
  g_assert_cmpint (close (fd), ==, 0);

  msg = verify_fails (f);
  cs_test_assert_contains (msg, "/2026/11/26/host1/marked.bin");
  cs_test_assert_contains (msg, "contents differ");
  {
    g_autofree char *at = g_strdup_printf ("at byte %d", MARKER_OFFSET + 5);
    cs_test_assert_contains (msg, at);
  }
}

/* One byte flipped far into a file of several compare chunks (1 MiB), not on a chunk or
 * block boundary: the message names that byte of the file and the disc block holding it
 * (not the start of the chunk it was compared in). */
static void
test_image_byte_flipped_far (Fixture       *f,
                             gconstpointer  data)
{
  const guint64 far = 1024 * 1024 + 12345;
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_build_filename (f->host, "big.bin", NULL);
  g_autofree char *image = g_build_filename (f->tmpdir, "far.iso", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *msg = NULL;
  g_autofree char *at = NULL;
  gsize length = 0;
  const char *hit;
  guint8 byte;
  off_t pos;
  int fd;

  cs_test_fill_file (big, 3 * 1024 * 1024, 7);
  fd = open (big, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, marker, sizeof marker, far), ==, sizeof marker);
  g_assert_cmpint (close (fd), ==, 0);
  g_assert_true (cs_test_store_image (image, f->days, NULL, &error));
  g_assert_no_error (error);

  g_file_get_contents (image, &contents, &length, &error);
  g_assert_no_error (error);
  /* big.bin's marker, not marked.bin's: files start on block boundaries. */
  hit = memmem (contents, length, marker, sizeof marker);
  while (hit != NULL && (hit - contents) % 2048 != far % 2048)
    hit = memmem (hit + 1, length - (hit + 1 - contents), marker, sizeof marker);
  g_assert_nonnull (hit);
  pos = (hit - contents) + 5;

  byte = (guint8)hit[5] ^ 0x40;
  fd = open (image, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, &byte, 1, pos), ==, 1);
  g_assert_cmpint (close (fd), ==, 0);

  g_assert_false (cs_test_verify_image (image, f->days, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_VERIFY);
  g_test_message ("verify: %s", error->message);
  msg = g_strdup (error->message);
  cs_test_assert_contains (msg, "/2026/11/26/host1/big.bin");
  cs_test_assert_contains (msg, big);
  /* An image file is the disc: its block N is at byte 2048 N. */
  at = g_strdup_printf ("at byte %" G_GUINT64_FORMAT " (block %" G_GUINT64_FORMAT " of the disc)",
                        far + 5, (guint64) pos / 2048);
  cs_test_assert_contains (msg, at);
}

/* A byte of the directory records flipped: the recorded tree checksum or the names catch it. */
static void
test_image_tree_flipped (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *msg = NULL;
  gsize length = 0;
  const char *hit;
  char byte = 'X';
  int fd;

  /* The Rock Ridge name; ECMA-119 has PLAIN.TXT;1 and Joliet UCS-2. */
  g_file_get_contents (f->image, &contents, &length, &error);
  g_assert_no_error (error);
  hit = memmem (contents, length, "plain.txt", 9);
  g_assert_nonnull (hit);
  g_assert_null (memmem (hit + 1, length - (hit + 1 - contents), "plain.txt", 9));

  fd = open (f->image, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, &byte, 1, hit - contents), ==, 1);
  g_assert_cmpint (close (fd), ==, 0);

  msg = verify_fails (f);
  cs_test_assert_contains (msg, f->image);
}

/* (b) The staging file changed after writing: same size, one byte different. */
static void
test_staging_file_changed (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *marked = g_build_filename (f->host, "marked.bin", NULL);
  g_autofree char *msg = NULL;
  guint8 byte = 0;
  int fd;

  fd = open (marked, O_RDWR | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, &byte, 1, 200000), ==, 1);
  byte ^= 0x80;
  g_assert_cmpint (pwrite (fd, &byte, 1, 200000), ==, 1);
  g_assert_cmpint (close (fd), ==, 0);
  g_assert_cmpuint (cs_test_file_size (marked), ==, 256 * 1024);

  msg = verify_fails (f);
  cs_test_assert_contains (msg, marked);
  cs_test_assert_contains (msg, "at byte 200000");
}

/* (c) A file added to staging after writing. */
static void
test_staging_file_added (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *added = g_build_filename (f->host, "late.txt", NULL);
  g_autofree char *msg = NULL;

  cs_test_write_file (added, "arrived after the write\n", -1);
  msg = verify_fails (f);
  cs_test_assert_contains (msg, added);
  cs_test_assert_contains (msg, "missing on the disc");
}

/* (d) A file removed from staging after writing. */
static void
test_staging_file_removed (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *plain = g_build_filename (f->host, "plain.txt", NULL);
  g_autofree char *msg = NULL;

  g_assert_cmpint (g_unlink (plain), ==, 0);
  msg = verify_fails (f);
  cs_test_assert_contains (msg, "/2026/11/26/host1/plain.txt");
  cs_test_assert_contains (msg, "not in");
}

/* (e) A symlink's target changed. */
static void
test_symlink_target_changed (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *link = g_build_filename (f->host, "link", NULL);
  g_autofree char *msg = NULL;

  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (symlink ("plain.txt", link), ==, 0);
  msg = verify_fails (f);
  cs_test_assert_contains (msg, "/2026/11/26/host1/link");
  cs_test_assert_contains (msg, "plain.txt");
  cs_test_assert_contains (msg, "etc.tar.gz");
}

/* (f) A regular file replaced by a symlink of the same name (cedar-store.md §9.10). */
static void
test_file_became_symlink (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *plain = g_build_filename (f->host, "plain.txt", NULL);
  g_autofree char *msg = NULL;

  g_assert_cmpint (g_unlink (plain), ==, 0);
  g_assert_cmpint (symlink ("etc.tar.gz", plain), ==, 0);
  msg = verify_fails (f);
  cs_test_assert_contains (msg, "/2026/11/26/host1/plain.txt");
}

/* A directory replaced by a file of the same name. */
static void
test_dir_became_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *msg = NULL;

  cs_test_rm_rf (f->host);
  cs_test_write_file (f->host, "not a directory any more\n", -1);
  msg = verify_fails (f);
  cs_test_assert_contains (msg, "/2026/11/26/host1");
}

/* A truncated staging file: the sizes differ. */
static void
test_staging_file_truncated (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *marked = g_build_filename (f->host, "marked.bin", NULL);
  g_autofree char *msg = NULL;

  g_assert_cmpint (truncate (marked, 1000), ==, 0);
  msg = verify_fails (f);
  cs_test_assert_contains (msg, marked);
  cs_test_assert_contains (msg, "size");
}

static void
test_probe (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *zeros = g_build_filename (f->tmpdir, "zeros.iso", NULL);
  g_autofree char *missing = g_build_filename (f->tmpdir, "missing.iso", NULL);
  g_autofree char *buf = g_malloc0 (1024 * 1024);

  g_assert_true (cs_verify_probe (f->image, CS_TEST_LABEL, cs_test_engine_log, NULL, &error));
  g_assert_no_error (error);
  /* No expectation: any ISO 9660 label will do. */
  g_assert_true (cs_verify_probe (f->image, NULL, cs_test_engine_log, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (cs_verify_probe (f->image, "CEDAR BACKUP 27-NOV-2026", cs_test_engine_log, NULL,
                                   &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_VERIFY);
  g_test_message ("wrong label: %s", error->message);
  cs_test_assert_contains (error->message, "CEDAR BACKUP 27-NOV-2026");
  g_clear_error (&error);

  cs_test_write_file (zeros, buf, 1024 * 1024);
  g_assert_false (cs_verify_probe (zeros, CS_TEST_LABEL, cs_test_engine_log, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_VERIFY);
  g_test_message ("zeros: %s", error->message);
  g_clear_error (&error);

  g_assert_false (cs_verify_probe (missing, CS_TEST_LABEL, cs_test_engine_log, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_VERIFY);
  g_test_message ("missing: %s", error->message);
}

#define FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  cs_test_engine_init (&argc, &argv);

  FIXTURE_TEST ("/verify/unchanged", test_unchanged);
  FIXTURE_TEST ("/verify/image-byte-flipped", test_image_byte_flipped);
  FIXTURE_TEST ("/verify/image-byte-flipped-far", test_image_byte_flipped_far);
  FIXTURE_TEST ("/verify/image-tree-flipped", test_image_tree_flipped);
  FIXTURE_TEST ("/verify/staging-file-changed", test_staging_file_changed);
  FIXTURE_TEST ("/verify/staging-file-added", test_staging_file_added);
  FIXTURE_TEST ("/verify/staging-file-removed", test_staging_file_removed);
  FIXTURE_TEST ("/verify/symlink-target-changed", test_symlink_target_changed);
  FIXTURE_TEST ("/verify/file-became-symlink", test_file_became_symlink);
  FIXTURE_TEST ("/verify/dir-became-file", test_dir_became_file);
  FIXTURE_TEST ("/verify/staging-file-truncated", test_staging_file_truncated);
  FIXTURE_TEST ("/verify/probe", test_probe);

  return g_test_run ();
}
