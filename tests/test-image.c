/* test-image.c – building and writing images of awkward staging trees into image files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <sys/statvfs.h>
#include <sys/types.h>

#include "cs-test-engine.h"

#define NOBODY 65534

typedef struct
{
  char *tmpdir;
  char *stage;   /* tmpdir/stage */
  char *day;     /* tmpdir/stage/2026/11/26 */
  char *image;   /* tmpdir/out/disc.iso */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *out = NULL;

  f->tmpdir = cs_test_make_tmpdir ();
  f->stage = g_build_filename (f->tmpdir, "stage", NULL);
  f->day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  out = g_build_filename (f->tmpdir, "out", NULL);
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  f->image = g_build_filename (out, "disc.iso", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cs_test_rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->stage);
  g_free (f->day);
  g_free (f->image);
}

static GPtrArray *
fixture_days (Fixture *f)
{
  return cs_test_days_of (cs_test_day_new (f->day, 2026, 11, 26));
}

static void
test_tricky_tree (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *longn = cs_test_long_name ();
  guint64 measured = 0;
  int status = -1;

  cs_test_make_tricky_tree (f->day);

  g_assert_true (cs_test_store_image (f->image, days, &measured, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cs_test_file_size (f->image), ==, (guint64)CS_FIRST_LBA * 2048 + measured);

  g_assert_true (cs_verify_probe (f->image, CS_TEST_LABEL, cs_test_engine_log, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_test_verify_image (f->image, days, &error));
  g_assert_no_error (error);

  if (!cs_test_have_program ("xorriso"))
    {
      g_test_skip ("xorriso is not installed: the image was not checked with an independent reader");
      return;
    }

  /* The day as a whole, so the day directory's own attributes are compared too. */
  {
    const char * const args[] = { "-compare_r", f->day, "/2026/11/26", NULL };

    out = cs_test_xorriso (f->image, args, &status);
    g_assert_nonnull (out);
    g_test_message ("xorriso -compare_r:\n%s", out);
    g_assert_nonnull (strstr (out, "Both file objects match as far as expectable"));
    g_assert_null (strstr (out, "Differences detected"));
    g_clear_pointer (&out, g_free);
  }

  {
    const char * const args[] = { "-lsdl", "/2026/11/26/tricky/*", NULL };

    out = cs_test_xorriso (f->image, args, &status);
    g_assert_nonnull (out);
    g_test_message ("xorriso -lsdl:\n%s", out);
    g_assert_nonnull (strstr (out, "'/2026/11/26/tricky/link-to-file' -> 'with space.txt'"));
    g_assert_nonnull (strstr (out, "'/2026/11/26/tricky/link-to-dir' -> 'emptydir'"));
    g_assert_nonnull (strstr (out, "'/2026/11/26/tricky/dangling' -> '/nonexistent/target'"));
    g_assert_nonnull (strstr (out, "\nprw-"));
    g_assert_nonnull (strstr (out, "'/2026/11/26/tricky/fifo'"));
    g_assert_nonnull (strstr (out, longn));
    g_assert_nonnull (strstr (out, "'/2026/11/26/tricky/hard3'"));
    g_assert_nonnull (strstr (out, "'/2026/11/26/tricky/-leading-dash.txt'"));
  }
}

/* The size known before writing is exactly what lands after the 32 reserved blocks. */
static void
test_measure (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *big = g_build_filename (f->day, "host1", "data.bin", NULL);
  guint64 measured = 0;

  cs_test_fill_file (big, 3 * 1024 * 1024 + 123, 7);
  g_assert_true (cs_test_store_image (f->image, days, &measured, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (measured % 2048, ==, 0);
  g_assert_cmpuint (measured, >, 3 * 1024 * 1024);
  g_assert_cmpuint (cs_test_file_size (f->image), ==, (guint64)CS_FIRST_LBA * 2048 + measured);
  g_assert_true (cs_test_verify_image (f->image, days, &error));
  g_assert_no_error (error);
}

/* Many small files: libisofs adds per-file attributes (checksum index, inode number) that a
 * will_cancel size query leaves out; the measured size must still be what is written. */
static void
test_measure_many_files (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autoptr(GError) error = NULL;
  guint64 measured = 0;

  for (guint d = 0; d < 20; d++)
    {
      g_autofree char *dir = g_strdup_printf ("%s/files/d%02u", f->day, d);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
      for (guint i = 0; i < 150; i++)
        {
          g_autofree char *path = g_strdup_printf ("%s/f%04u.dat", dir, i);
          g_autofree char *text = g_strdup_printf ("file %u of directory %u\n", i, d);

          cs_test_write_file (path, text, -1);
        }
    }

  g_assert_true (cs_test_store_image (f->image, days, &measured, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cs_test_file_size (f->image), ==, (guint64)CS_FIRST_LBA * 2048 + measured);
  g_assert_true (cs_test_verify_image (f->image, days, &error));
  g_assert_no_error (error);
}

/* Cases that must run in a child: their directory is named after the parent's pid so the
 * parent can remove it whatever happens to the child. */
static char *
subprocess_dir (const char *name)
{
  g_autofree char *base = g_strdup_printf ("cedar-store-test-%s-%d", name,
                                           (int)(g_test_subprocess () ? getppid () : getpid ()));
  return g_build_filename (g_get_tmp_dir (), base, NULL);
}

#define SPARSE_SIZE G_GUINT64_CONSTANT (4300000000)

static void
sparse_child (void)
{
  g_autofree char *dir = subprocess_dir ("sparse");
  g_autofree char *stage = g_build_filename (dir, "stage", NULL);
  g_autofree char *day = cs_test_make_day (stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *sparse = g_build_filename (day, "host1", "sparse.img", NULL);
  g_autofree char *image = g_build_filename (dir, "disc.iso", NULL);
  g_autoptr(GPtrArray) days = cs_test_days_of (cs_test_day_new (day, 2026, 11, 26));
  g_autoptr(GError) error = NULL;
  guint64 measured = 0;
  int fd;

  fd = open (sparse, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, SPARSE_SIZE), ==, 0);
  g_assert_cmpint (pwrite (fd, "start of the sparse file", 24, 0), ==, 24);
  g_assert_cmpint (pwrite (fd, "end of the sparse file", 22, SPARSE_SIZE - 22), ==, 22);
  g_assert_cmpint (close (fd), ==, 0);

  g_assert_true (cs_test_store_image (image, days, &measured, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (cs_test_file_size (image), >, G_GUINT64_CONSTANT (4) << 30);
  g_assert_cmpuint (cs_test_file_size (image), ==, (guint64)CS_FIRST_LBA * 2048 + measured);
  g_assert_true (cs_verify_probe (image, CS_TEST_LABEL, cs_test_engine_log, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_test_verify_image (image, days, &error));
  g_assert_no_error (error);
}

static void
test_sparse_over_4gib (void)
{
  g_autofree char *dir = NULL;
  struct statvfs vfs;

  if (g_test_subprocess ())
    {
      sparse_child ();
      return;
    }

  if (statvfs (g_get_tmp_dir (), &vfs) != 0
      || (guint64)vfs.f_bavail * vfs.f_frsize < G_GUINT64_CONSTANT (6) << 30)
    {
      g_test_skip ("less than 6 GiB free in the temporary directory for a 4.3 GB image");
      return;
    }

  dir = subprocess_dir ("sparse");
  cs_test_rm_rf (dir);
  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  /* The 4.3 GB image goes whatever the outcome. */
  cs_test_rm_rf (dir);
  g_test_trap_assert_passed ();
}

/* An unreadable staging file would be stored as zeros with only a warning by libisofs: the
 * build must refuse it and name it. Runs as an unprivileged user; as root the child drops
 * to uid/gid 65534 first. */
static void
unreadable_child (const char *dir)
{
  g_autofree char *stage = g_build_filename (dir, "stage", NULL);
  g_autofree char *day = g_build_filename (stage, "2026", "11", "26", NULL);
  g_autofree char *secret = g_build_filename (day, "host1", "secret.tar", NULL);
  g_autofree char *locked = g_build_filename (dir, "stage2", "2026", "11", "27", "host1", "locked", NULL);
  g_autofree char *day2 = g_build_filename (dir, "stage2", "2026", "11", "27", NULL);
  g_autofree char *image = g_build_filename (dir, "disc.iso", NULL);
  g_autoptr(GPtrArray) days = cs_test_days_of (cs_test_day_new (day, 2026, 11, 26));
  g_autoptr(GPtrArray) days2 = cs_test_days_of (cs_test_day_new (day2, 2026, 11, 27));
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (access (secret, R_OK), !=, 0);

  g_assert_false (cs_test_store_image (image, days, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  g_test_message ("unreadable file: %s", error->message);
  g_assert_nonnull (strstr (error->message, secret));
  /* Nothing was written: the image file this run created is gone again. */
  g_assert_false (g_file_test (image, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (cs_test_store_image (image, days2, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  g_test_message ("unreadable directory: %s", error->message);
  g_assert_nonnull (strstr (error->message, locked));
  g_assert_false (g_file_test (image, G_FILE_TEST_EXISTS));
}

static void
make_unreadable_tree (const char *dir)
{
  g_autofree char *stage = g_build_filename (dir, "stage", NULL);
  g_autofree char *stage2 = g_build_filename (dir, "stage2", NULL);
  g_autofree char *day = cs_test_make_day (stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *day2 = cs_test_make_day (stage2, "2026/11/27", TRUE, FALSE);
  g_autofree char *secret = g_build_filename (day, "host1", "secret.tar", NULL);
  g_autofree char *locked = g_build_filename (day2, "host1", "locked", NULL);
  g_autofree char *inner = g_build_filename (locked, "inner.txt", NULL);

  cs_test_write_file (secret, "nobody may read this\n", -1);
  g_assert_cmpint (g_mkdir (locked, 0755), ==, 0);
  cs_test_write_file (inner, "behind a locked door\n", -1);
  g_assert_cmpint (chmod (secret, 0000), ==, 0);
  g_assert_cmpint (chmod (locked, 0000), ==, 0);
}

static void
test_unreadable (void)
{
  g_autofree char *dir = subprocess_dir ("unreadable");

  if (g_test_subprocess ())
    {
      if (geteuid () == 0)
        {
          g_assert_cmpint (setgroups (0, NULL), ==, 0);
          g_assert_cmpint (setresgid (NOBODY, NOBODY, NOBODY), ==, 0);
          g_assert_cmpint (setresuid (NOBODY, NOBODY, NOBODY), ==, 0);
          if (access (dir, X_OK) != 0)
            {
              g_test_skip ("uid 65534 cannot reach the temporary directory (set TMPDIR)");
              return;
            }
        }
      unreadable_child (dir);
      return;
    }

  cs_test_rm_rf (dir);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  make_unreadable_tree (dir);
  if (geteuid () == 0)
    cs_test_chown_tree (dir, NOBODY, NOBODY);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  cs_test_rm_rf (dir);
  g_test_trap_assert_passed ();
}

#define FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  cs_test_engine_init (&argc, &argv);

  FIXTURE_TEST ("/image/tricky-tree", test_tricky_tree);
  FIXTURE_TEST ("/image/measure", test_measure);
  FIXTURE_TEST ("/image/measure-many-files", test_measure_many_files);
  g_test_add_func ("/image/unreadable", test_unreadable);
  g_test_add_func ("/image/sparse-over-4gib", test_sparse_over_4gib);

  return g_test_run ();
}
