/* test-headless.c – the cedar-store binary without a window: exit statuses, silence,
 * signals and crash safety, run as cron would run it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cs-test-cli.h"
#include "cs-test-util.h"

#define NOBODY     65534
#define BIG_SIZE   (400 * 1024 * 1024)
#define MIB        (1024 * 1024)

typedef struct
{
  char   *tmpdir;
  char   *home;    /* HOME, XDG_* of the child */
  char   *stage;   /* staging root */
  char   *outdir;  /* where the image goes */
  char   *image;   /* outdir/disc.iso */
  char   *device;  /* stdio:image */
  char  **envp;
  gboolean as_nobody;  /* run the binary through setpriv as uid/gid 65534 */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->tmpdir = cs_test_make_tmpdir ();
  f->home = g_build_filename (f->tmpdir, "home", NULL);
  f->stage = g_build_filename (f->tmpdir, "stage", NULL);
  f->outdir = g_build_filename (f->tmpdir, "out", NULL);
  f->image = g_build_filename (f->outdir, "disc.iso", NULL);
  f->device = g_strconcat ("stdio:", f->image, NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->stage, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (f->outdir, 0755), ==, 0);
  f->envp = cs_test_cli_environ (f->home);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cs_test_rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->home);
  g_free (f->stage);
  g_free (f->outdir);
  g_free (f->image);
  g_free (f->device);
  g_strfreev (f->envp);
}

/* What the binary runs behind: setpriv, when the fixture runs it as nobody. */
static const char * const *
wrapper (Fixture *f)
{
  static const char * const as_nobody[] = { "setpriv", "--reuid=" G_STRINGIFY (NOBODY),
                                            "--regid=" G_STRINGIFY (NOBODY), "--clear-groups",
                                            NULL };

  return f->as_nobody ? as_nobody : NULL;
}

/* Runs the binary; returns its exit status, or -1 when it died of a signal. */
static int
run_bin (Fixture            *f,
         const char * const *args,
         char              **out,
         char              **err)
{
  return cs_test_cli_run (f->tmpdir, f->envp, wrapper (f), args, out, err);
}

/* A failure prints exactly one line on stderr, for cron's mail. */
static void
assert_one_error_line (const char *err)
{
  const char *nl = strchr (err, '\n');

  if (!g_str_has_prefix (err, "cedar-store: ") || nl == NULL || nl[1] != '\0')
    g_error ("expected one line starting “cedar-store: ” on stderr, got:\n%s", err);
}

static guint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return 0;
  return st.st_size;
}

static char *
file_checksum (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
}

static char *
user_name (void)
{
  struct passwd *pw = getpwuid (geteuid ());
  return g_strdup (pw != NULL ? pw->pw_name : "root");
}

static char *
group_name (void)
{
  struct group *gr = getgrgid (getegid ());
  return g_strdup (gr != NULL ? gr->gr_name : "root");
}

/* cedar-store.md §4.6, with the given <store> body and staging root. */
static char *
write_config (Fixture    *f,
              const char *name,
              const char *store_body)
{
  g_autofree char *user = user_name ();
  g_autofree char *group = group_name ();
  g_autofree char *text = NULL;
  char *path = g_build_filename (f->tmpdir, name, NULL);

  text = g_strdup_printf (
    "<?xml version=\"1.0\"?>\n"
    "<cb_config>\n"
    "   <options>\n"
    "      <starting_day>monday</starting_day>\n"
    "      <working_dir>/opt/backup/tmp</working_dir>\n"
    "      <backup_user>%s</backup_user>\n"
    "      <backup_group>%s</backup_group>\n"
    "      <rcp_command>/usr/bin/scp -B</rcp_command>\n"
    "   </options>\n"
    "   <stage>\n"
    "      <staging_dir>%s</staging_dir>\n"
    "      <peer>\n"
    "         <name>localhost</name>\n"
    "         <type>local</type>\n"
    "         <collect_dir>/opt/backup/collect</collect_dir>\n"
    "      </peer>\n"
    "   </stage>\n"
    "   <store>\n"
    "%s"
    "   </store>\n"
    "</cb_config>\n", user, group, f->stage, store_body);
  cs_test_write_file (path, text, -1);
  return path;
}

static char *
minimal_config (Fixture *f)
{
  return write_config (f, "cback.conf",
                       "      <source_dir>/opt/backup/stage</source_dir>\n"
                       "      <media_type>dvd+rw</media_type>\n"
                       "      <device_type>dvdwriter</device_type>\n"
                       "      <target_device>/dev/null</target_device>\n"
                       "      <check_data>Y</check_data>\n");
}

static gboolean
have_xorriso (void)
{
  if (cs_test_have_program ("xorriso"))
    return TRUE;
  g_test_message ("xorriso is not installed: the image is not checked with an independent reader");
  return FALSE;
}

static char *
xorriso (const char         *image,
         const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_ptr_array_add (argv, g_strdup ("xorriso"));
  g_ptr_array_add (argv, g_strdup ("-indev"));
  g_ptr_array_add (argv, g_strconcat ("stdio:", image, NULL));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  cs_test_run ((const char * const *)argv->pdata, &out, &err);
  return g_strconcat (out ? out : "", err ? err : "", NULL);
}

/* The "ISO session" lines of xorriso -toc. */
static guint
xorriso_sessions (const char *image,
                  char      **toc_out)
{
  const char * const args[] = { "-toc", NULL };
  g_autofree char *toc = xorriso (image, args);
  g_auto(GStrv) lines = g_strsplit (toc, "\n", -1);
  guint n = 0;

  g_test_message ("xorriso -toc:\n%s", toc);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "ISO session"))
      n++;
  if (toc_out != NULL)
    *toc_out = g_steal_pointer (&toc);
  return n;
}

static void
assert_xorriso_match (const char *image,
                      const char *disk,
                      const char *iso)
{
  const char * const args[] = { "-compare_r", disk, iso, NULL };
  g_autofree char *out = xorriso (image, args);

  g_test_message ("xorriso -compare_r %s %s:\n%s", disk, iso, out);
  cs_test_assert_contains (out, "Both file objects match as far as expectable");
  g_assert_null (strstr (out, "Differences detected"));
}

/* An image that is absent, empty or whose 64 KiB head is all zeros reads as blank. */
static gboolean
image_is_blank (const char *path)
{
  guint8 head[65536];
  gssize n;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOENT;
  n = read (fd, head, sizeof head);
  close (fd);
  for (gssize i = 0; i < n; i++)
    if (head[i] != 0)
      return FALSE;
  return TRUE;
}

static char *
make_day (Fixture    *f,
          const char *suffix)
{
  return cs_test_make_day (f->stage, suffix, TRUE, FALSE);
}

/* --demo makes its own staging tree under XDG_CACHE_HOME and stores it into an image there. */
static void
test_demo (Fixture       *f,
           gconstpointer  data)
{
  const char * const args[] = { "--headless", "--demo", "--date", "2026-11-26", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *image = NULL;
  g_autofree char *toc = NULL;
  const char *cache = g_environ_getenv (f->envp, "XDG_CACHE_HOME");

  g_assert_cmpint (run_bin (f, args, &out, &err), ==, 0);
  cs_test_assert_contains (out, "Stored and verified");

  image = g_build_filename (cache, "cedar-store", "demo", "demo.iso", NULL);
  g_assert_true (g_file_test (image, G_FILE_TEST_IS_REGULAR));
  cs_test_assert_contains (out, image);

  if (!have_xorriso ())
    {
      g_test_skip ("xorriso is not installed: the demo image was not read with -toc");
      return;
    }
  g_assert_cmpuint (xorriso_sessions (image, &toc), ==, 1);
  cs_test_assert_contains (toc, "CEDAR BACKUP 26-NOV-2026");

  /* Again: the demo refreshes its day, so it can be run any number of times. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_clear_pointer (&toc, g_free);
  g_assert_cmpint (run_bin (f, args, &out, &err), ==, 0);
  cs_test_assert_contains (out, "Stored and verified");
  g_assert_cmpuint (xorriso_sessions (image, &toc), >=, 1);
  cs_test_assert_contains (toc, "CEDAR BACKUP 26-NOV-2026");
}

static void
assert_silent_store (Fixture    *f,
                     const char *config)
{
  g_autofree char *day = make_day (f, "2026/11/26");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, "--headless");
  if (config != NULL)
    {
      g_ptr_array_add (args, "-c");
      g_ptr_array_add (args, (char *)config);
    }
  g_ptr_array_add (args, "--stage-dir");
  g_ptr_array_add (args, f->stage);
  g_ptr_array_add (args, "--device");
  g_ptr_array_add (args, f->device);
  g_ptr_array_add (args, "--date");
  g_ptr_array_add (args, "2026-11-26");
  g_ptr_array_add (args, NULL);

  g_assert_cmpint (run_bin (f, (const char * const *)args->pdata, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpstr (err, ==, "");
  g_assert_true (cs_test_is_stored (day));
  g_assert_cmpuint (file_size (f->image), >, 0);

  if (have_xorriso ())
    {
      g_autofree char *host = g_build_filename (day, "host1", NULL);

      g_assert_cmpuint (xorriso_sessions (f->image, NULL), ==, 1);
      assert_xorriso_match (f->image, host, "/2026/11/26/host1");
    }
}

static void
test_silent_with_config (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *config = minimal_config (f);

  assert_silent_store (f, config);
}

static void
test_silent_with_defaults (Fixture       *f,
                           gconstpointer  data)
{
  if (cs_test_exists ("/etc/cback3.conf") || cs_test_exists ("/etc/cback.conf"))
    {
      g_test_skip ("/etc/cback3.conf or /etc/cback.conf exists: the built-in defaults are not used");
      return;
    }
  assert_silent_store (f, NULL);
}

static void
test_verbose (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *day = make_day (f, "2026/11/26");
  g_autofree char *config = minimal_config (f);
  const char * const args[] = { "--headless", "-v", "-c", config, "--stage-dir", f->stage,
                                "--device", f->device, "--date", "2026-11-26", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_bin (f, args, &out, &err), ==, 0);
  cs_test_assert_contains (err, "Executed the 'store' action successfully.");
  cs_test_assert_contains (err, "Store process will use current day's stage directory");
  cs_test_assert_contains (err, "Consistency check completed");
  g_assert_true (cs_test_is_stored (day));
}

/* Exit status 2: nothing is touched, one line on stderr. */
static void
test_usage_errors (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *day = make_day (f, "2026/11/26");
  g_autofree char *notxml = g_build_filename (f->tmpdir, "notxml.conf", NULL);
  g_autofree char *missing = g_build_filename (f->tmpdir, "missing.conf", NULL);
  g_autofree char *unstaged = g_build_filename (f->tmpdir, "other", "2026", "11", "25", NULL);
  struct
  {
    const char *what;
    const char *args[4];
  } cases[] = {
    { "month 13", { "--date", "2026-13-01", NULL } },
    { "29 Feb in a common year", { "--date", "2025-02-29", NULL } },
    { "a word for a date", { "--date", "tomorrow", NULL } },
    { "unknown media type", { "--media-type", "dvd-ram", NULL } },
    { "--full with --rebuild", { "--full", "--rebuild", NULL } },
    { "config file that is not XML", { "-c", notxml, NULL } },
    { "missing config file", { "-c", missing, NULL } },
    { "DAY_DIR without cback.stage", { unstaged, NULL } },
  };

  cs_test_write_file (notxml, "this is not XML at all\n", -1);
  g_assert_cmpint (g_mkdir_with_parents (unstaged, 0755), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      gboolean has_date = FALSE;

      g_test_message ("case: %s", cases[i].what);
      g_ptr_array_add (args, "--headless");
      g_ptr_array_add (args, "--stage-dir");
      g_ptr_array_add (args, f->stage);
      g_ptr_array_add (args, "--device");
      g_ptr_array_add (args, f->device);
      for (guint j = 0; cases[i].args[j] != NULL; j++)
        {
          has_date |= g_str_equal (cases[i].args[j], "--date");
          g_ptr_array_add (args, (char *)cases[i].args[j]);
        }
      if (!has_date)
        {
          g_ptr_array_add (args, "--date");
          g_ptr_array_add (args, "2026-11-26");
        }
      g_ptr_array_add (args, NULL);

      g_assert_cmpint (run_bin (f, (const char * const *)args->pdata, &out, &err), ==, 2);
      assert_one_error_line (err);
      g_assert_cmpstr (out, ==, "");
      g_assert_false (cs_test_exists (f->image));
      g_assert_false (cs_test_is_stored (day));
    }

  /* The messages name what is wrong. */
  {
    const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                  "--date", "2026-11-26", unstaged, NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_bin (f, args, NULL, &err), ==, 2);
    cs_test_assert_contains (err, "cback.stage");
    cs_test_assert_contains (err, unstaged);
  }
  {
    const char * const args[] = { "--headless", "-c", missing, "--stage-dir", f->stage,
                                  "--device", f->device, "--date", "2026-11-26", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_bin (f, args, NULL, &err), ==, 2);
    cs_test_assert_contains (err, missing);
  }
}

/* Exit status 3. */
static void
test_nothing_staged (Fixture       *f,
                     gconstpointer  data)
{
  const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                "--date", "2026-11-26", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *unstaged = NULL;

  /* An empty staging root. */
  g_assert_cmpint (run_bin (f, args, &out, &err), ==, 3);
  assert_one_error_line (err);
  g_assert_false (cs_test_exists (f->image));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Today already stored, yesterday collected but not staged. */
  stored = cs_test_make_day (f->stage, "2026/11/26", TRUE, TRUE);
  unstaged = cs_test_make_day (f->stage, "2026/11/25", FALSE, FALSE);
  g_assert_cmpint (run_bin (f, args, &out, &err), ==, 3);
  assert_one_error_line (err);
  g_assert_false (cs_test_exists (f->image));
}

/* Exit status 4, the image untouched. */
static void
test_medium_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *day = make_day (f, "2026/11/26");
  g_autofree char *inside = g_build_filename (f->stage, "disc.iso", NULL);
  g_autofree char *inside_dev = g_strconcat ("stdio:", inside, NULL);
  g_autofree char *dir_dev = g_strconcat ("stdio:", f->outdir, NULL);
  const char *devices[] = {
    "stdio:/nonexistent-dir/x.iso",
    dir_dev,
    "/dev/nonexistent-drive",
    inside_dev,
  };

  for (guint i = 0; i < G_N_ELEMENTS (devices); i++)
    {
      const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", devices[i],
                                    "--date", "2026-11-26", NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GDir) dir = NULL;

      g_assert_cmpint (run_bin (f, args, &out, &err), ==, 4);
      assert_one_error_line (err);
      g_assert_false (cs_test_is_stored (day));
      g_assert_false (cs_test_exists ("/nonexistent-dir"));
      g_assert_false (cs_test_exists ("/dev/nonexistent-drive"));
      g_assert_false (cs_test_exists (inside));
      dir = g_dir_open (f->outdir, 0, NULL);
      g_assert_null (g_dir_read_name (dir));
    }
}

/* As root, permission checks only mean something for another user: run the binary as
 * 65534 through setpriv. Returns FALSE (test skipped) when that is not possible. */
static gboolean
become_unprivileged (Fixture *f)
{
  g_autofree char *bin = cs_test_bin ();
  g_autofree char *msg = NULL;

  if (geteuid () != 0)
    return TRUE;
  if (!cs_test_have_program ("setpriv"))
    {
      g_test_skip ("running as root and setpriv is not installed: cannot test as an unprivileged user");
      return FALSE;
    }

  cs_test_chown_tree (f->tmpdir, NOBODY, NOBODY);
  f->as_nobody = TRUE;
  {
    const char * const argv[] = { "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                  "test", "-x", bin, NULL };
    if (cs_test_run (argv, NULL, NULL) != 0)
      {
        msg = g_strdup_printf ("uid 65534 cannot execute %s: cannot test as an unprivileged user", bin);
        g_test_skip (msg);
        return FALSE;
      }
  }
  return TRUE;
}

static void
test_read_only_image (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *day1 = make_day (f, "2026/11/25");
  g_autofree char *day2 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const first[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                 "--date", "2026-11-25", NULL };
  const char * const second[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                  "--date", "2026-11-26", NULL };

  if (!become_unprivileged (f))
    return;

  g_assert_cmpint (run_bin (f, first, NULL, NULL), ==, 0);
  g_assert_true (cs_test_is_stored (day1));
  day2 = make_day (f, "2026/11/26");
  if (f->as_nobody)
    cs_test_chown_tree (f->stage, NOBODY, NOBODY);
  g_assert_cmpint (chmod (f->image, 0444), ==, 0);
  before = file_checksum (f->image);

  g_assert_cmpint (run_bin (f, second, &out, &err), ==, 4);
  assert_one_error_line (err);
  cs_test_assert_contains (err, f->image);
  after = file_checksum (f->image);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (cs_test_is_stored (day2));
}

/* An unreadable staging file is refused before anything is written, and named. */
static void
test_unreadable_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *day = make_day (f, "2026/11/26");
  g_autofree char *secret = g_build_filename (day, "host1", "secret.tar", NULL);
  const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                "--date", "2026-11-26", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  cs_test_write_file (secret, "for root's eyes only\n", -1);
  if (!become_unprivileged (f))
    return;
  g_assert_cmpint (chmod (secret, 0000), ==, 0);

  g_assert_cmpint (run_bin (f, args, &out, &err), ==, 2);
  assert_one_error_line (err);
  cs_test_assert_contains (err, secret);
  g_assert_false (cs_test_is_stored (day));
  g_assert_true (image_is_blank (f->image));
}

static void
test_list_drives (Fixture       *f,
                  gconstpointer  data)
{
  const char * const args[] = { "--list-drives", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_bin (f, args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  if (strstr (out, "No optical drives found") == NULL)
    {
      g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

      g_assert_nonnull (lines[0]);
      g_assert_nonnull (strchr (lines[0], '\t'));
    }
}

/* A real Cedar configuration: the fully populated <store> of cedar-store.md §4.6, whose
 * target_device is the path of an existing (initialized) image file. */
static void
test_cedar_config (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *day = NULL;
  g_autofree char *body = NULL;
  g_autofree char *config = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const init[] = { "--headless", "--initialize", "--media-type", "cdrw-74",
                                "--device", f->device, "--date", "2026-11-23", NULL };

  g_assert_cmpint (run_bin (f, init, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_file_test (f->image, G_FILE_TEST_IS_REGULAR));

  day = make_day (f, "2026/11/26");
  body = g_strdup_printf ("      <source_dir>/opt/backup/staging</source_dir>\n"
                          "      <media_type>cdrw-74</media_type>\n"
                          "      <device_type>cdwriter</device_type>\n"
                          "      <target_device>%s</target_device>\n"
                          "      <target_scsi_id>0,0,0</target_scsi_id>\n"
                          "      <drive_speed>4</drive_speed>\n"
                          "      <check_data>Y</check_data>\n"
                          "      <check_media>Y</check_media>\n"
                          "      <warn_midnite>Y</warn_midnite>\n"
                          "      <no_eject>Y</no_eject>\n"
                          "      <refresh_media_delay>12</refresh_media_delay>\n"
                          "      <eject_delay>13</eject_delay>\n"
                          "      <blank_behavior>\n"
                          "         <mode>weekly</mode>\n"
                          "         <factor>1.3</factor>\n"
                          "      </blank_behavior>\n", f->image);
  config = write_config (f, "cback3.conf", body);

  {
    const char * const args[] = { "--headless", "-c", config, "--date", "2026-11-26", NULL };

    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (run_bin (f, args, &out, &err), ==, 0);
    g_assert_cmpstr (out, ==, "");
  }
  g_assert_true (cs_test_is_stored (day));

  if (have_xorriso ())
    {
      g_autofree char *host = g_build_filename (day, "host1", NULL);

      g_assert_cmpuint (xorriso_sessions (f->image, NULL), ==, 2);
      assert_xorriso_match (f->image, host, "/2026/11/26/host1");
    }
}

typedef struct
{
  GPid pid;
  int  out_fd;
  int  err_fd;
} Child;

/* The child gets the default action for the signals the test is about, whatever this
 * process does with them (an ignored signal stays ignored across exec). */
static void
default_signals (gpointer data)
{
  signal (SIGPIPE, SIG_DFL);
  signal (SIGHUP, SIG_DFL);
}

static void
spawn_bin (Fixture            *f,
           const char * const *args,
           Child              *child)
{
  g_autoptr(GPtrArray) argv = cs_test_cli_argv (wrapper (f), args);
  g_autoptr(GError) error = NULL;

  g_spawn_async_with_pipes (f->tmpdir, (char **)argv->pdata, f->envp,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH, default_signals,
                            NULL, &child->pid, NULL, &child->out_fd, &child->err_fd, &error);
  g_assert_no_error (error);
}

static char *
read_all (int fd)
{
  GString *text = g_string_new (NULL);
  char buf[4096];
  gssize n;

  while ((n = read (fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (text, buf, n);
  close (fd);
  return g_string_free (text, FALSE);
}

/* Waits until the image file exists and is larger than @min_size, while the child runs. */
static void
wait_for_growth (Child      *child,
                 const char *image,
                 guint64     min_size)
{
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;

  while (file_size (image) <= min_size)
    {
      int status;

      if (waitpid (child->pid, &status, WNOHANG) == child->pid)
        g_error ("cedar-store ended (status 0x%x) before the image grew past %" G_GUINT64_FORMAT
                 " bytes", status, min_size);
      if (g_get_monotonic_time () > deadline)
        g_error ("the image did not grow past %" G_GUINT64_FORMAT " bytes in 2 minutes", min_size);
      g_usleep (5000);
    }
}

static int
wait_child (Child  *child,
            char  **out,
            char  **err)
{
  int status = 0;

  while (waitpid (child->pid, &status, 0) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  g_spawn_close_pid (child->pid);
  *out = read_all (child->out_fd);
  *err = read_all (child->err_fd);
  g_test_message ("[stdout]\n%s[stderr]\n%s[wait status] 0x%x", *out, *err, status);
  return status;
}

/* A wrong exit status fails the test without aborting, so the fixture (with its 400 MB
 * file and image) is removed and the remaining tests still run. */
static gboolean
check_exit_status (int status,
                   int expected)
{
  if (WIFEXITED (status) && WEXITSTATUS (status) == expected)
    return TRUE;
  if (WIFEXITED (status))
    g_test_fail_printf ("cedar-store exited with status %d, expected %d", WEXITSTATUS (status),
                        expected);
  else
    g_test_fail_printf ("cedar-store did not exit normally (wait status 0x%x), expected exit "
                        "status %d", status, expected);
  return FALSE;
}

static char *
make_big_day (Fixture    *f,
              const char *suffix)
{
  char *day = make_day (f, suffix);
  g_autofree char *big = g_build_filename (day, "host1", "big.bin", NULL);

  cs_test_fill_file (big, BIG_SIZE, 1234);
  return day;
}

/* SIGTERM or SIGINT while a new disc is written: exit 7, nothing marked stored, and the
 * image reads as blank (or is gone). */
static void
test_cancel_signal (Fixture       *f,
                    gconstpointer  data)
{
  int signum = GPOINTER_TO_INT (data);
  g_autofree char *day = make_big_day (f, "2026/11/26");
  const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                "--date", "2026-11-26", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  Child child;
  int status;

  spawn_bin (f, args, &child);
  wait_for_growth (&child, f->image, MIB);
  g_assert_cmpint (kill (child.pid, signum), ==, 0);
  status = wait_child (&child, &out, &err);

  if (!check_exit_status (status, 7))
    return;
  /* Warnings about the interrupted write may come first; the failure is the last line. */
  {
    g_auto(GStrv) lines = g_strsplit (err, "\n", -1);
    guint n = g_strv_length (lines);

    g_assert_cmpuint (n, >=, 2);
    g_assert_cmpstr (lines[n - 1], ==, "");
    g_assert_true (g_str_has_prefix (lines[n - 2], "cedar-store: "));
    cs_test_assert_contains (lines[n - 2], "cancelled");
  }
  g_assert_false (cs_test_is_stored (day));
  g_assert_true (image_is_blank (f->image));
  if (cs_test_exists (f->image) && have_xorriso ())
    g_assert_cmpuint (xorriso_sessions (f->image, NULL), ==, 0);
}

/* Whoever read the output went away (a closed pipe to mail or logger): the store still
 * finishes, and is marked stored, instead of dying of SIGPIPE at its next log line. */
static void
test_sigpipe (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *day = make_day (f, "2026/11/26");
  g_autofree char *file = g_build_filename (day, "host1", "data.bin", NULL);
  const char * const args[] = { "--headless", "-v", "--stage-dir", f->stage, "--device",
                                f->device, "--date", "2026-11-26", NULL };
  g_autoptr(GPtrArray) argv = cs_test_cli_argv (wrapper (f), args);
  g_autoptr(GError) error = NULL;
  int out_fd, err_fd, status = 0;
  GPid pid;

  cs_test_fill_file (file, 8 * MIB, 3);
  g_spawn_async_with_pipes (f->tmpdir, (char **)argv->pdata, f->envp,
                            G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_SEARCH_PATH, default_signals,
                            NULL, &pid, NULL, &out_fd, &err_fd, &error);
  g_assert_no_error (error);
  close (out_fd);
  close (err_fd);
  while (waitpid (pid, &status, 0) < 0)
    g_assert_cmpint (errno, ==, EINTR);
  g_spawn_close_pid (pid);

  if (!check_exit_status (status, 0))
    return;
  g_assert_true (cs_test_is_stored (day));
}

/* SIGTERM during an append: exit 7, and the image is exactly what it was before. */
static void
test_cancel_append (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *day1 = make_day (f, "2026/11/25");
  g_autofree char *day2 = NULL;
  g_autofree char *host1 = g_build_filename (day1, "host1", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const first[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                 "--date", "2026-11-25", NULL };
  const char * const second[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                  "--date", "2026-11-26", NULL };
  guint64 old_size;
  Child child;
  int status;

  g_assert_cmpint (run_bin (f, first, NULL, NULL), ==, 0);
  before = file_checksum (f->image);
  old_size = file_size (f->image);

  day2 = make_big_day (f, "2026/11/26");
  spawn_bin (f, second, &child);
  wait_for_growth (&child, f->image, old_size + MIB);
  g_assert_cmpint (kill (child.pid, SIGTERM), ==, 0);
  status = wait_child (&child, &out, &err);

  if (!check_exit_status (status, 7))
    return;
  g_assert_false (cs_test_is_stored (day2));
  /* The partial session is given back: same size, same bytes. */
  g_assert_cmpuint (file_size (f->image), ==, old_size);
  after = file_checksum (f->image);
  g_assert_cmpstr (before, ==, after);

  if (have_xorriso ())
    {
      g_assert_cmpuint (xorriso_sessions (f->image, NULL), ==, 1);
      assert_xorriso_match (f->image, host1, "/2026/11/25/host1");
    }
}

/* kill -9 in the middle of an append: the earlier session stays readable, and the same
 * store run again succeeds. */
static void
test_kill_during_append (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *day1 = make_day (f, "2026/11/25");
  g_autofree char *day2 = NULL;
  g_autofree char *host1 = g_build_filename (day1, "host1", NULL);
  g_autofree char *before = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const first[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                 "--date", "2026-11-25", NULL };
  const char * const second[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                  "--date", "2026-11-26", NULL };
  gsize old_size;
  Child child;
  int status;

  g_assert_cmpint (run_bin (f, first, NULL, NULL), ==, 0);
  g_assert_true (cs_test_is_stored (day1));
  {
    g_autoptr(GError) error = NULL;
    g_file_get_contents (f->image, &before, &old_size, &error);
    g_assert_no_error (error);
  }

  day2 = make_big_day (f, "2026/11/26");
  spawn_bin (f, second, &child);
  wait_for_growth (&child, f->image, old_size + MIB);
  g_assert_cmpint (kill (child.pid, SIGKILL), ==, 0);
  status = wait_child (&child, &out, &err);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
  g_assert_false (cs_test_is_stored (day2));

  /* Everything the first session wrote, the head at LBA 0 included, is byte for byte as
   * it was: the new session only ever wrote after it. */
  {
    g_autofree char *now = g_malloc (old_size);
    int fd = open (f->image, O_RDONLY | O_CLOEXEC);
    gsize got = 0;

    g_assert_cmpint (fd, >=, 0);
    while (got < old_size)
      {
        gssize n = read (fd, now + got, old_size - got);

        g_assert_cmpint (n, >, 0);
        got += n;
      }
    close (fd);
    g_assert_cmpuint (file_size (f->image), >, old_size);
    g_assert_true (memcmp (before, now, old_size) == 0);
  }

  if (have_xorriso ())
    {
      g_assert_cmpuint (xorriso_sessions (f->image, NULL), ==, 1);
      assert_xorriso_match (f->image, host1, "/2026/11/25/host1");
    }

  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_bin (f, second, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (cs_test_is_stored (day2));

  if (have_xorriso ())
    {
      g_autofree char *host2 = g_build_filename (day2, "host1", NULL);

      g_assert_cmpuint (xorriso_sessions (f->image, NULL), ==, 2);
      assert_xorriso_match (f->image, host1, "/2026/11/25/host1");
      assert_xorriso_match (f->image, host2, "/2026/11/26/host1");
    }
  else
    g_test_skip ("xorriso is not installed: sessions were not checked with an independent reader");
}

#define FIXTURE_TEST(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/headless/demo", test_demo, NULL);
  FIXTURE_TEST ("/headless/silent/config", test_silent_with_config, NULL);
  FIXTURE_TEST ("/headless/silent/defaults", test_silent_with_defaults, NULL);
  FIXTURE_TEST ("/headless/verbose", test_verbose, NULL);
  FIXTURE_TEST ("/headless/exit-2/usage", test_usage_errors, NULL);
  FIXTURE_TEST ("/headless/exit-2/unreadable-file", test_unreadable_file, NULL);
  FIXTURE_TEST ("/headless/exit-3/nothing-staged", test_nothing_staged, NULL);
  FIXTURE_TEST ("/headless/exit-4/target", test_medium_errors, NULL);
  FIXTURE_TEST ("/headless/exit-4/read-only-image", test_read_only_image, NULL);
  /* Exit status 6 (the disc does not match) needs a change between write and verify, which
   * the command line cannot make: test-store-job covers it with the step hook. */
  FIXTURE_TEST ("/headless/exit-7/sigterm", test_cancel_signal, GINT_TO_POINTER (SIGTERM));
  FIXTURE_TEST ("/headless/exit-7/sigint", test_cancel_signal, GINT_TO_POINTER (SIGINT));
  FIXTURE_TEST ("/headless/exit-7/sighup", test_cancel_signal, GINT_TO_POINTER (SIGHUP));
  FIXTURE_TEST ("/headless/sigpipe-ignored", test_sigpipe, NULL);
  FIXTURE_TEST ("/headless/exit-7/sigterm-append", test_cancel_append, NULL);
  FIXTURE_TEST ("/headless/kill-during-append", test_kill_during_append, NULL);
  FIXTURE_TEST ("/headless/list-drives", test_list_drives, NULL);
  FIXTURE_TEST ("/headless/cedar-config", test_cedar_config, NULL);

  return g_test_run ();
}
