/* test-times.c – file times at the edges of time_t survive appends exactly
 *
 * A Rock Ridge TF time of 0 is read by libisofs 1.5.4 as "not recorded" and replaced by the
 * directory record's time (fs_image.c, iso_file_source_new_ifs), so every append rewrote an
 * mtime of 0 as the first session's recording time. These tests store a week of three days
 * with the cedar-store binary and read the newest tree back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <sys/stat.h>

#include "cs-test-cli.h"
#include "cs-test-engine.h"

typedef struct
{
  const char *name;
  gint64      mtime;
  gint64      atime;
} TimedFile;

/* 0 and 1: the epoch and just after it; -1 and INT32_MIN (1901-12-13 20:45:52 UTC): before
 * it, as old archives and `touch -d 1901-12-14` give; and one with only the mtime at 0. */
static const TimedFile timed_files[] = {
  { "zero",         0,          0 },
  { "one",          1,          1 },
  { "minus-one",   -1,         -1 },
  { "int32-min",   G_MININT32, G_MININT32 },
  { "mtime-zero",   0,          86400 },
  { "dir-zero",     0,          0 },   /* a directory */
};

static void
set_times (const char *path,
           gint64      mtime,
           gint64      atime)
{
  struct timespec ts[2] = { { .tv_sec = atime }, { .tv_sec = mtime } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW), ==, 0);
}

static void
make_week (const char *stage)
{
  const char *days[] = { "2026/11/30", "2026/12/01", "2026/12/02" };

  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *day = g_build_filename (stage, days[i], NULL);
      g_autofree char *file = g_build_filename (day, "host", "today.txt", NULL);
      g_autofree char *marker = g_build_filename (day, "cback.stage", NULL);
      g_autofree char *host = g_build_filename (day, "host", NULL);

      g_assert_cmpint (g_mkdir_with_parents (host, 0755), ==, 0);
      cs_test_write_file (marker, "", 0);
      cs_test_write_file (file, days[i], -1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (timed_files); i++)
    {
      g_autofree char *path = g_build_filename (stage, days[0], "host", timed_files[i].name, NULL);

      if (g_str_has_prefix (timed_files[i].name, "dir-"))
        g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
      else
        cs_test_write_file (path, timed_files[i].name, -1);
      set_times (path, timed_files[i].mtime, timed_files[i].atime);
    }
}

/* The newest tree of @image_path, read with libisofs as an append reads it. */
static IsoImage *
read_newest_tree (const char *image_path)
{
  IsoDataSource *src = NULL;
  IsoReadOpts *ro = NULL;
  IsoImage *image = NULL;

  g_assert_cmpint (iso_data_source_new_from_file (image_path, &src), ==, 1);
  g_assert_cmpint (iso_read_opts_new (&ro, 0), ==, 1);
  g_assert_cmpint (iso_image_new ("check", &image), ==, 1);
  g_assert_cmpint (iso_image_import (image, src, ro, NULL), >, 0);
  iso_read_opts_free (ro);
  iso_data_source_unref (src);
  return image;
}

static void
test_edge_times_survive_appends (void)
{
  g_autofree char *tmpdir = cs_test_make_tmpdir ();
  g_autofree char *home = g_build_filename (tmpdir, "home", NULL);
  g_autofree char *stage = g_build_filename (tmpdir, "stage", NULL);
  g_autofree char *image_path = g_build_filename (tmpdir, "disc.iso", NULL);
  g_autofree char *device = g_strconcat ("stdio:", image_path, NULL);
  g_auto(GStrv) envp = cs_test_cli_environ (home);
  const char *dates[] = { "2026-11-30", "2026-12-01", "2026-12-02" };
  IsoImage *image;

  /* Local time with an offset and summer time: libisofs writes the records in local time. */
  envp = g_environ_setenv (envp, "TZ", "Europe/Berlin", TRUE);
  make_week (stage);

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      const char *args[] = { "--headless", "--stage-dir", stage, "--device", device,
                             "--media-type", "bd-re", "--date", dates[i], NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      int status = cs_test_cli_run (tmpdir, envp, NULL, args, &out, &err);

      g_test_message ("store %s: exit %d %s", dates[i], status, err);
      g_assert_cmpint (status, ==, 0);
    }
  g_assert_cmpuint (cs_test_xorriso_sessions (image_path), ==, 3);

  image = read_newest_tree (image_path);
  for (guint i = 0; i < G_N_ELEMENTS (timed_files); i++)
    {
      g_autofree char *path = g_strconcat ("/2026/11/30/host/", timed_files[i].name, NULL);
      IsoNode *node = NULL;

      g_assert_cmpint (iso_tree_path_to_node (image, path, &node), ==, 1);
      g_test_message ("%s: mtime %" G_GINT64_FORMAT " atime %" G_GINT64_FORMAT, path,
                      (gint64)iso_node_get_mtime (node), (gint64)iso_node_get_atime (node));
      g_assert_cmpint (iso_node_get_mtime (node), ==, timed_files[i].mtime);
      /* An atime of 0 with another mtime still comes back as the mtime (libisofs; see
       * make_write_opts in cs-image.c): only the other atimes are exact. */
      if (timed_files[i].atime != 0 || timed_files[i].mtime == 0)
        g_assert_cmpint (iso_node_get_atime (node), ==, timed_files[i].atime);
    }
  iso_image_unref (image);

  /* An independent reader sees the same mtime of 0 in the newest tree. */
  if (cs_test_have_xorriso ())
    {
      const char *args[] = { "-find", "/2026/11/30/host/zero", "-exec", "lsdl", "--", NULL };
      g_autofree char *text = cs_test_xorriso (image_path, args, NULL);

      g_assert_nonnull (text);
      cs_test_assert_contains (text, "Jan  1  1970");
    }
  cs_test_rm_rf (tmpdir);
}

/* Amsterdam was at +00:19:32 until 1937. libisofs wrote local time with the offset in units
 * of 15 minutes, so a file of 1901 came back minutes off; in UTC (always_gmt) it is exact,
 * and the verify compares each mtime to the second. */
static void
test_historic_zone_offset (void)
{
  g_autofree char *tmpdir = cs_test_make_tmpdir ();
  g_autofree char *home = g_build_filename (tmpdir, "home", NULL);
  g_autofree char *stage = g_build_filename (tmpdir, "stage", NULL);
  g_autofree char *day = g_build_filename (stage, "2026", "11", "30", NULL);
  g_autofree char *host = g_build_filename (day, "host", NULL);
  g_autofree char *marker = g_build_filename (day, "cback.stage", NULL);
  g_autofree char *old = g_build_filename (host, "old.txt", NULL);
  g_autofree char *image_path = g_build_filename (tmpdir, "disc.iso", NULL);
  g_autofree char *device = g_strconcat ("stdio:", image_path, NULL);
  g_auto(GStrv) envp = cs_test_cli_environ (home);
  const char *args[] = { "--headless", "--stage-dir", stage, "--device", device,
                         "--media-type", "bd-re", "--date", "2026-11-30", NULL };
  const gint64 mtime = G_GINT64_CONSTANT (-2147400000);  /* 1901-12-14 20:00:00 UTC */
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  IsoImage *image;
  IsoNode *node = NULL;
  int status;

  envp = g_environ_setenv (envp, "TZ", "Europe/Amsterdam", TRUE);
  g_assert_cmpint (g_mkdir_with_parents (host, 0755), ==, 0);
  cs_test_write_file (marker, "", 0);
  cs_test_write_file (old, "from 1901", -1);
  set_times (old, mtime, mtime);

  status = cs_test_cli_run (tmpdir, envp, NULL, args, &out, &err);
  g_test_message ("store: exit %d %s", status, err);
  g_assert_cmpint (status, ==, 0);

  image = read_newest_tree (image_path);
  g_assert_cmpint (iso_tree_path_to_node (image, "/2026/11/30/host/old.txt", &node), ==, 1);
  g_test_message ("mtime %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT,
                  (gint64) iso_node_get_mtime (node), mtime);
  g_assert_cmpint (iso_node_get_mtime (node), ==, mtime);
  iso_image_unref (image);
  cs_test_rm_rf (tmpdir);
}

/* A time the disc cannot hold stops the store before writing, naming it; the read-back
 * compares each mtime to the second. */
static void
test_mtime_range_and_compare (void)
{
  g_autofree char *tmpdir = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmpdir, "stage", NULL);
  g_autofree char *day = cs_test_make_day (stage, "2026/11/30", TRUE, FALSE);
  g_autofree char *host = g_build_filename (day, "host", NULL);
  g_autofree char *late = g_build_filename (host, "late.txt", NULL);
  g_autofree char *early = g_build_filename (host, "early.txt", NULL);
  g_autofree char *link = g_build_filename (host, "link", NULL);
  g_autofree char *image_path = g_build_filename (tmpdir, "disc.iso", NULL);
  g_autoptr(GPtrArray) days = cs_test_days_of (cs_test_day_new (day, 2026, 11, 30));
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (host, 0755), ==, 0);
  cs_test_write_file (late, "late", -1);
  cs_test_write_file (early, "early", -1);
  g_assert_cmpint (symlink ("late.txt", link), ==, 0);
  /* 2156-01-02 00:00:00 UTC. (Before 1900 cannot be tried: ext4 and tmpfs hold no time
   * before 1901-12-13 20:45:52 UTC.) */
  set_times (late, G_GINT64_CONSTANT (5869670400), 0);
  set_times (early, G_MININT32, 0);

  g_assert_false (cs_test_store_image (image_path, days, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  g_test_message ("%s", error->message);
  cs_test_assert_contains (error->message, "(1 problem)");
  cs_test_assert_contains (error->message, "late.txt”: its modification time 2156-01-02 "
                           "00:00:00 UTC cannot be recorded on the disc (ISO 9660 holds 1900 "
                           "to 2155); set another with touch");
  g_assert_false (cs_test_exists (image_path) && cs_test_file_size (image_path) > 0);
  g_clear_error (&error);

  /* The last second it can hold is kept exactly. */
  set_times (late, G_GINT64_CONSTANT (5869583999), 0);
  cs_test_rm_rf (image_path);
  g_assert_true (cs_test_store_image (image_path, days, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_test_verify_image (image_path, days, &error));
  g_assert_no_error (error);

  /* One second later in the staging directory: the disc no longer matches. */
  set_times (early, (gint64) G_MININT32 + 1, 0);
  g_assert_false (cs_test_verify_image (image_path, days, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_VERIFY);
  g_test_message ("%s", error->message);
  cs_test_assert_contains (error->message, "modification time 1901-12-13 20:45:52 UTC on the "
                           "disc, 1901-12-13 20:45:53 UTC on “");
  g_clear_error (&error);

  /* Symbolic links too (their own time, not their target's). */
  set_times (early, G_MININT32, 0);
  g_assert_true (cs_test_verify_image (image_path, days, &error));
  set_times (link, 1000, 1000);
  g_assert_false (cs_test_verify_image (image_path, days, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_VERIFY);
  g_test_message ("%s", error->message);
  cs_test_assert_contains (error->message, "/2026/11/30/host/link");
  cs_test_assert_contains (error->message, "1970-01-01 00:16:40 UTC on “");
  cs_test_rm_rf (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  cs_test_engine_init (&argc, &argv);
  g_test_add_func ("/times/edge-times-survive-appends", test_edge_times_survive_appends);
  g_test_add_func ("/times/historic-zone-offset", test_historic_zone_offset);
  g_test_add_func ("/times/mtime-range-and-compare", test_mtime_range_and_compare);
  return g_test_run ();
}
