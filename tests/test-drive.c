/* test-drive.c – the drive unit on image files: what a medium looks like, locking, layout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cs-drive.h"
#include "cs-drive-private.h"
#include "cs-error.h"
#include "cs-test-engine.h"
#include "cs-test-util.h"

typedef struct
{
  char *dir;
  char *stage;
  char *image;
  char *address;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = cs_test_make_tmpdir ();
  f->stage = g_build_filename (f->dir, "stage", NULL);
  f->image = g_build_filename (f->dir, "disc.iso", NULL);
  f->address = g_strconcat ("stdio:", f->image, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cs_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->stage);
  g_free (f->image);
  g_free (f->address);
}

/* One session holding 2026/11/26, written as the pipeline writes a new disc. */
static void
make_image (Fixture *f)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autoptr(GPtrArray) days = cs_test_days_of (cs_test_day_new (day, 2026, 11, 26));
  g_autoptr(GError) error = NULL;
  guint64 measured = 0;

  g_assert_true (cs_test_store_image (f->image, days, &measured, &error));
  g_assert_no_error (error);
}

static CsDrive *
open_ok (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  CsDrive *drive = cs_drive_open (f->address, cs_test_engine_log, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (drive);
  return drive;
}

static void
assert_open_fails (const char *address,
                   const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDrive) drive = cs_drive_open (address, cs_test_engine_log, NULL, &error);

  g_assert_null (drive);
  g_assert_error (error, CS_ERROR, CS_ERROR_MEDIUM);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, needle);
}

static void
test_addresses (void)
{
  g_autofree char *path = cs_drive_image_path ("stdio:/tmp/x.iso");

  g_assert_true (cs_drive_address_is_image ("stdio:/tmp/x.iso"));
  g_assert_false (cs_drive_address_is_image ("/dev/sr0"));
  g_assert_false (cs_drive_address_is_image (NULL));
  g_assert_cmpstr (path, ==, "/tmp/x.iso");
  g_assert_null (cs_drive_image_path ("/dev/sr0"));
}

/* A file that does not exist yet is a blank medium; a grab that writes nothing leaves
 * no file behind. */
static void
test_new_file_blank (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CsDrive) drive = open_ok (f);
  g_autoptr(GError) error = NULL;
  const CsMedium *m = cs_drive_get_medium (drive);
  g_autofree char *text = cs_medium_describe (m);

  g_assert_cmpint (m->state, ==, CS_MEDIUM_BLANK);
  g_assert_true (m->image_file);
  g_assert_true (m->overwritable);
  g_assert_cmpstr (m->profile_name, ==, "stdio file");
  g_assert_null (m->label);
  g_assert_nonnull (strstr (text, "blank"));
  g_assert_null (strstr (text, "unformatted"));
  g_assert_true (g_file_test (f->image, G_FILE_TEST_EXISTS));

  /* Only fresh BD-RE and DVD-RAM get formatted; for a file it is a no-op that writes
   * nothing (else the release below would keep the file). */
  g_assert_false (m->unformatted);
  g_assert_true (cs_drive_format (drive, NULL, NULL, &error));
  g_assert_no_error (error);

  cs_drive_release (drive, FALSE);
  g_assert_false (g_file_test (f->image, G_FILE_TEST_EXISTS));
}

static void
test_existing_image (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CsDrive) drive = NULL;
  const CsMedium *m;
  guint64 size;

  make_image (f);
  size = cs_test_file_size (f->image);
  drive = open_ok (f);
  m = cs_drive_get_medium (drive);

  g_assert_cmpint (m->state, ==, CS_MEDIUM_APPENDABLE);
  g_assert_cmpstr (m->label, ==, CS_TEST_LABEL);
  g_assert_cmpuint (m->sessions, ==, 1);
  g_assert_cmpuint (m->msc1, ==, 0);
  /* The next session starts on a 32-block boundary after the image (libburnia.md §4.2). */
  g_assert_cmpuint ((guint64)m->image_blocks * 2048, ==, size);
  g_assert_cmpuint (m->nwa % 32, ==, 0);
  g_assert_cmpuint (m->nwa, >=, m->image_blocks);
  g_assert_cmpuint (m->nwa, <, m->image_blocks + 32);
  g_assert_nonnull (cs_drive_get_head (drive));
  g_assert_cmpint (memcmp (cs_drive_get_head (drive) + 16 * 2048 + 1, "CD001", 5), ==, 0);
}

static void
test_foreign_and_invalidated (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *junk = g_malloc (1024 * 1024);

  memset (junk, 0x5a, 1024 * 1024);
  cs_test_write_file (f->image, junk, 1024 * 1024);
  {
    g_autoptr(CsDrive) drive = open_ok (f);
    const CsMedium *m = cs_drive_get_medium (drive);

    g_assert_cmpint (m->state, ==, CS_MEDIUM_FOREIGN);
    g_assert_nonnull (m->problem);
  }

  /* An image invalidated for a new disc (CD001 → CDXX1) reads as blank. */
  make_image (f);
  {
    g_autoptr(CsDrive) drive = open_ok (f);
    g_autoptr(GError) error = NULL;

    g_assert_true (cs_drive_invalidate (drive, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(CsDrive) drive = open_ok (f);
    g_assert_cmpint (cs_drive_get_medium (drive)->state, ==, CS_MEDIUM_BLANK);
  }
}

static void
test_truncated (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CsDrive) drive = NULL;
  const CsMedium *m;

  make_image (f);
  g_assert_cmpint (truncate (f->image, cs_test_file_size (f->image) / 2), ==, 0);
  drive = open_ok (f);
  m = cs_drive_get_medium (drive);
  g_assert_cmpint (m->state, ==, CS_MEDIUM_FOREIGN);
  g_assert_nonnull (strstr (m->problem, "truncated"));
}

/* A cron store and the window never write one image at once. */
static void
test_lock (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(CsDrive) first = NULL;

  make_image (f);
  first = open_ok (f);
  assert_open_fails (f->address, "in use");
  cs_drive_release (first, FALSE);
  {
    g_autoptr(CsDrive) again = open_ok (f);
    g_assert_cmpint (cs_drive_get_medium (again)->state, ==, CS_MEDIUM_APPENDABLE);
  }
}

static void
test_bad_targets (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *dir_address = g_strconcat ("stdio:", f->dir, NULL);
  g_autofree char *missing = g_strconcat ("stdio:", f->dir, "/no/such/dir/x.iso", NULL);

  assert_open_fails (dir_address, "directory");
  assert_open_fails (missing, "does not exist");
  assert_open_fails ("stdio:relative.iso", "absolute");
  assert_open_fails ("stdio:/dev/null", "not a regular file");
  assert_open_fails ("/dev/cedar-store-no-such-drive", "does not exist");
  g_assert_false (g_file_test (f->image, G_FILE_TEST_EXISTS));
}

/* After a good write the file ends with the image; after a failed one it is as before. */
static void
test_truncate_and_rollback (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint64 size;
  int fd;

  make_image (f);
  size = cs_test_file_size (f->image);

  {
    g_autoptr(CsDrive) drive = open_ok (f);

    /* Garbage past the end, as libburn leaves after a crash (libburnia-verified.md C.16). */
    fd = open (f->image, O_WRONLY | O_APPEND);
    g_assert_cmpint (write (fd, "garbage", 7), ==, 7);
    close (fd);
    g_assert_true (cs_drive_truncate_image (drive, size, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (cs_test_file_size (f->image), ==, size);
  }

  {
    g_autoptr(CsDrive) drive = open_ok (f);

    g_assert_cmpint (truncate (f->image, size + 4 * 2048), ==, 0);
    cs_drive_rollback_image (drive);
    g_assert_cmpuint (cs_test_file_size (f->image), ==, size);
  }
}

/* The data source reads through the tile cache: blocks 16 and 17 are the volume
 * descriptors, the same bytes as a plain read. */
static void
test_data_source (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CsDrive) drive = NULL;
  IsoDataSource *src;
  guint8 block[2048];
  guint8 direct[2048];
  g_autoptr(GError) error = NULL;

  make_image (f);
  drive = open_ok (f);
  src = cs_drive_new_data_source (drive);

  g_assert_cmpint (src->open (src), ==, 1);
  for (guint32 lba = 16; lba < 40; lba++)
    {
      g_assert_cmpint (src->read_block (src, lba, block), ==, 1);
      g_assert_true (cs_drive_read (drive, (guint64)lba * 2048, direct, sizeof direct, &error));
      g_assert_no_error (error);
      g_assert_cmpint (memcmp (block, direct, 2048), ==, 0);
    }
  /* Far past the end of the file: a libisofs error code, not a crash. */
  g_assert_cmpint (src->read_block (src, 50000000, block), <, 0);
  g_assert_cmpint (src->read_block (src, 16, NULL), <, 0);
  src->close (src);
  iso_data_source_unref (src);

  g_assert_false (cs_drive_read (drive, (guint64)50000000 * 2048, direct, sizeof direct, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_VERIFY);
}

/* A 4 MiB file whose first block is a DOS partition table with one Linux partition. */
static void
write_mbr (const char *path)
{
  g_autofree guint8 *disk = g_malloc0 (4 * 1024 * 1024);
  g_autoptr(GError) error = NULL;
  guint8 *entry = disk + 446;

  entry[4] = 0x83;                     /* Linux */
  entry[8] = 0x00; entry[9] = 0x08;    /* first LBA 2048, little-endian */
  entry[12] = 0x00; entry[13] = 0x10;  /* 4096 sectors */
  disk[510] = 0x55;
  disk[511] = 0xaa;
  g_assert_true (g_file_set_contents (path, (char *) disk, 4 * 1024 * 1024, &error));
  g_assert_no_error (error);
}

/* What a stdio: target holds, as the block-device check names it (real-drives.md item 11);
 * a file is an image file and stays accepted whatever it holds. */
static void
test_probe_contents (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *mbr = g_build_filename (f->dir, "disk.img", NULL);
  g_autofree char *zeros = g_build_filename (f->dir, "zeros.img", NULL);
  g_autofree char *mbr_address = g_strconcat ("stdio:", mbr, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDrive) drive = NULL;

  write_mbr (mbr);
  g_assert_true (_cs_drive_probe_contents (mbr, &contents, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, "a partition table (dos)");
  g_clear_pointer (&contents, g_free);

  make_image (f);
  g_assert_true (_cs_drive_probe_contents (f->image, &contents, &error));
  g_assert_cmpstr (contents, ==, "a filesystem (iso9660)");
  g_clear_pointer (&contents, g_free);

  g_assert_true (g_file_set_contents (zeros, "", 0, &error));
  g_assert_cmpint (truncate (zeros, 4 * 1024 * 1024), ==, 0);
  g_assert_true (_cs_drive_probe_contents (zeros, &contents, &error));
  g_assert_no_error (error);
  g_assert_null (contents);

  /* Only block devices are checked: an image file holding a partition table opens. */
  g_assert_true (_cs_drive_check_device (mbr, CS_DRIVE_OPEN_DEFAULT, &error));
  g_assert_no_error (error);
  drive = cs_drive_open (mbr_address, cs_test_engine_log, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (drive);
  cs_drive_release (drive, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  cs_test_engine_init (&argc, &argv);

  g_test_add_func ("/drive/addresses", test_addresses);
#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/drive/new-file-blank", test_new_file_blank);
  ADD ("/drive/existing-image", test_existing_image);
  ADD ("/drive/foreign-and-invalidated", test_foreign_and_invalidated);
  ADD ("/drive/truncated", test_truncated);
  ADD ("/drive/lock", test_lock);
  ADD ("/drive/bad-targets", test_bad_targets);
  ADD ("/drive/truncate-and-rollback", test_truncate_and_rollback);
  ADD ("/drive/data-source", test_data_source);
  ADD ("/drive/probe-contents", test_probe_contents);
#undef ADD

  return g_test_run ();
}
