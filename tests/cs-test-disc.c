/* cs-test-disc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cs-drive.h"
#include "cs-test-cli.h"
#include "cs-test-disc.h"
#include "cs-test-job.h"
#include "cs-test-util.h"

/* A fixture set-up (GTestFixtureFunc): a new temporary directory with the staging root made
 * in it and the names of the image, the device, the restore target and the environment. */
void
cs_test_disc_set_up (CsTestDisc    *disc,
                     gconstpointer  data)
{
  g_autofree char *home = NULL;

  disc->tmpdir = cs_test_make_tmpdir ();
  disc->stage = g_build_filename (disc->tmpdir, "stage", NULL);
  disc->image = g_build_filename (disc->tmpdir, "disc.iso", NULL);
  disc->device = g_strconcat ("stdio:", disc->image, NULL);
  disc->to = g_build_filename (disc->tmpdir, "to", NULL);
  home = g_build_filename (disc->tmpdir, "home", NULL);
  disc->envp = cs_test_cli_environ (home);
  disc->media_type = CS_MEDIA_BDRE;
  g_assert_cmpint (g_mkdir_with_parents (disc->stage, 0755), ==, 0);
}

/* A fixture tear-down (GTestFixtureFunc): removes the temporary directory and all in it. */
void
cs_test_disc_tear_down (CsTestDisc    *disc,
                        gconstpointer  data)
{
  cs_test_rm_rf (disc->tmpdir);
  g_free (disc->tmpdir);
  g_free (disc->stage);
  g_free (disc->image);
  g_free (disc->device);
  g_free (disc->to);
  g_strfreev (disc->envp);
}

/* Stages the day 2026/11/@mday in @disc->stage (cs_test_make_day(): host1/etc.tar.gz, the
 * empty cback.collect and cback.stage) with host1/home.tar.gz of 300 KiB + @mday bytes, so
 * that a session is more than its directories; returns the day's directory (free it). */
char *
cs_test_disc_make_day (CsTestDisc *disc,
                       int         mday)
{
  g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", mday);
  char *day = cs_test_make_day (disc->stage, suffix, TRUE, FALSE);
  g_autofree char *big = g_build_filename (day, "host1", "home.tar.gz", NULL);

  cs_test_fill_file (big, 300 * 1024 + mday, mday);
  return day;
}

/* A store through a CsStoreJob, whose today is November @mday, 2026, of @days (or the days
 * it finds when NULL) as @disc->media_type, that must succeed: each appends one session. */
void
cs_test_disc_store (CsTestDisc *disc,
                    int         mday,
                    GPtrArray  *days)
{
  g_autoptr(CsConfig) config = cs_test_job_config_new (disc->stage);
  g_autoptr(CsStoreJob) job = cs_test_job_new (config, CS_STORE_MODE_STORE, mday,
                                               disc->device);
  g_autoptr(GError) error = NULL;

  config->media_type = disc->media_type;
  if (days != NULL)
    cs_store_job_set_days (job, days);
  cs_test_job_run_sync (job, &error);
  g_assert_no_error (error);
}

/* The sessions on @device (cs_disc_contents_read()), which must open. With @error NULL the
 * read must succeed; otherwise NULL with @error set as it failed. Free with
 * cs_disc_contents_free(). */
CsDiscContents *
cs_test_disc_read_contents (const char  *device,
                            GError     **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(CsDrive) drive = cs_drive_open (device, NULL, NULL, &local);
  CsDiscContents *contents;

  g_assert_no_error (local);
  contents = cs_disc_contents_read (drive, NULL, &local);
  cs_drive_release (drive, FALSE);
  if (error == NULL)
    g_assert_no_error (local);
  else if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return contents;
}

/* Flips the bits @mask has set (not 0) of the byte at @offset (bytes) of the file @image. */
void
cs_test_disc_flip_byte (const char *image,
                        guint64     offset,
                        guint8      mask)
{
  int fd = open (image, O_RDWR | O_CLOEXEC);
  guint8 byte = 0;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pread (fd, &byte, 1, (off_t) offset), ==, 1);
  g_assert_cmpuint (mask, !=, 0);
  byte ^= mask;
  g_assert_cmpint (pwrite (fd, &byte, 1, (off_t) offset), ==, 1);
  close (fd);
}

/* The first block of @path's data as `xorriso -find PATH -exec report_lba` gives it, in the
 * tree of the session of @image that starts at block @sbsector (0: the newest tree); ends
 * the test program when xorriso reports no data block for @path. */
guint32
cs_test_disc_data_lba (const char *image,
                       guint32     sbsector,
                       const char *path)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  g_ptr_array_add (argv, g_strdup ("xorriso"));
  g_ptr_array_add (argv, g_strdup ("-abort_on"));
  g_ptr_array_add (argv, g_strdup ("NEVER"));
  if (sbsector > 0)
    {
      g_ptr_array_add (argv, g_strdup ("-load"));
      g_ptr_array_add (argv, g_strdup ("sbsector"));
      g_ptr_array_add (argv, g_strdup_printf ("%u", sbsector));
    }
  g_ptr_array_add (argv, g_strdup ("-indev"));
  g_ptr_array_add (argv, g_strconcat ("stdio:", image, NULL));
  g_ptr_array_add (argv, g_strdup ("-find"));
  g_ptr_array_add (argv, g_strdup (path));
  g_ptr_array_add (argv, g_strdup ("-exec"));
  g_ptr_array_add (argv, g_strdup ("report_lba"));
  g_ptr_array_add (argv, g_strdup ("--"));
  g_ptr_array_add (argv, NULL);
  /* Not 0 when xorriso finds the image damaged: the report is what counts. */
  g_assert_cmpint (cs_test_run ((const char * const *) argv->pdata, &out, &err), >=, 0);
  g_test_message ("xorriso report_lba %s:\n%s\n%s", path, out, err);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (!g_str_has_prefix (lines[i], "File data lba:"))
        continue;
      fields = g_strsplit (lines[i] + strlen ("File data lba:"), ",", 5);
      g_assert_cmpuint (g_strv_length (fields), ==, 5);
      return (guint32) g_ascii_strtoull (g_strstrip (fields[1]), NULL, 10);
    }
  g_error ("xorriso did not report where %s lies", path);
  return 0;
}

/* For a test of a sequential medium of @type ("dvd+r" or "cd-r") in the virtual drive: without
 * the drive preloaded, inserts a blank medium into tmpdir/drives/sr0 with VDRIVE_CTL and runs
 * this test again (this program, -p its path) with VDRIVE_LIB preloaded, which must pass, or
 * skips it without VDRIVE_LIB and VDRIVE_CTL (set by tests/meson.build for @vdrive_test);
 * returns FALSE then. With the drive preloaded, sets @disc's device to /dev/sr0 and its media
 * type to @type's and returns TRUE: the caller runs the test. */
gboolean
cs_test_disc_vdrive (CsTestDisc *disc,
                     const char *type,
                     const char *vdrive_test)
{
  const char *lib = g_getenv ("VDRIVE_LIB");
  const char *ctl = g_getenv ("VDRIVE_CTL");

  if (g_getenv ("CS_VDRIVE_DIR") == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *drives = g_build_filename (disc->tmpdir, "drives", NULL);
      g_autofree char *sr0 = g_build_filename (drives, "sr0", NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_auto(GStrv) envp = g_get_environ ();
      const char *insert[] = { ctl, "insert", sr0, type, NULL };
      const char *self[] = { NULL, "-p", g_test_get_path (), NULL };
      g_autofree char *ok = g_strdup_printf ("ok 1 %s", g_test_get_path ());
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      int status = 0;

      if (lib == NULL || ctl == NULL)
        {
          g_autofree char *why = g_strdup_printf ("needs the virtual drive: run as the test %s",
                                                  vdrive_test);

          g_test_skip (why);
          return FALSE;
        }
      g_assert_cmpint (g_mkdir_with_parents (drives, 0755), ==, 0);
      g_assert_cmpint (cs_test_run (insert, NULL, NULL), ==, 0);
      self[0] = exe;
      envp = g_environ_setenv (envp, "LD_PRELOAD", lib, TRUE);
      envp = g_environ_setenv (envp, "CS_VDRIVE_DIR", drives, TRUE);
      g_assert_true (g_spawn_sync (NULL, (char **) self, envp, G_SPAWN_DEFAULT, NULL, NULL,
                                   &out, &err, &status, &error));
      g_test_message ("the test on the virtual drive:\n%s\n%s", out, err);
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      g_assert_nonnull (strstr (out, ok));
      return FALSE;
    }
  g_free (disc->device);
  disc->device = g_strdup ("/dev/sr0");
  disc->media_type = g_str_equal (type, "cd-r") ? CS_MEDIA_CDR_80 : CS_MEDIA_DVDPLUSR;
  return TRUE;
}

/* The SHA-256 of the file @path, in lowercase hex; free with g_free(). */
char *
cs_test_file_sha256 (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}
