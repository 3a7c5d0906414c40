/* test-mark.c – a day that cannot be marked as stored (issue 13): refused before anything
 * is written, stored with --no-mark, and a marking that fails after a verified write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-drive.h"
#include "cs-error.h"
#include "cs-staging.h"
#include "cs-store-job.h"
#include "cs-store-job-private.h"
#include "cs-test-cli.h"
#include "cs-test-job.h"
#include "cs-test-util.h"

#define NOBODY 65534

typedef struct
{
  char   *tmpdir;
  char   *home;
  char   *stage;
  char   *outdir;
  char   *image;
  char   *device;
  char  **envp;
  gboolean as_nobody;
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

static int
run_bin (Fixture            *f,
         const char * const *args,
         char              **out,
         char              **err)
{
  static const char * const as_nobody[] = { "setpriv", "--reuid=" G_STRINGIFY (NOBODY),
                                            "--regid=" G_STRINGIFY (NOBODY), "--clear-groups",
                                            NULL };

  return cs_test_cli_run (f->tmpdir, f->envp, f->as_nobody ? as_nobody : NULL, args, out, err);
}

/* As root, the binary runs as 65534 through setpriv (as test-headless does). */
static gboolean
become_unprivileged (Fixture *f)
{
  if (geteuid () != 0)
    return TRUE;
  if (!cs_test_have_program ("setpriv"))
    {
      g_test_skip ("running as root and setpriv is not installed: cannot test as an unprivileged user");
      return FALSE;
    }
  cs_test_chown_tree (f->tmpdir, NOBODY, NOBODY);
  f->as_nobody = TRUE;
  return TRUE;
}

/* The day becomes what the report describes: readable, not writable by the user storing.
 * As root the day goes back to root (mode 755); otherwise it loses its write bits. Returns
 * the mode the message must name. */
static const char *
make_unwritable (Fixture    *f,
                 const char *day)
{
  if (f->as_nobody)
    {
      g_assert_cmpint (chown (day, 0, 0), ==, 0);
      g_assert_cmpint (chmod (day, 0755), ==, 0);
      return "root:root (mode 0755)";
    }
  g_assert_cmpint (chmod (day, 0555), ==, 0);
  return "(mode 0555)";
}

static char *
file_checksum (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static void
assert_one_error_line (const char *err)
{
  const char *nl = strchr (err, '\n');

  if (!g_str_has_prefix (err, "cedar-store: ") || nl == NULL || nl[1] != '\0')
    g_error ("expected one line starting “cedar-store: ” on stderr, got:\n%s", err);
}

/* The report: the session was written and verified, then cback.store could not be created
 * (exit 5) and the next run stored the day again. Now: exit 2, and the image is untouched. */
static void
test_cli_unwritable_day (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *day24 = cs_test_make_day (f->stage, "2026/11/24", TRUE, FALSE);
  g_autofree char *day25 = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;
  const char *owner;
  const char * const first[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                 "--media-type", "bd-re", "--date", "2026-11-24", NULL };
  const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                "--media-type", "bd-re", "--date", "2026-11-25", NULL };

  if (!become_unprivileged (f))
    return;
  /* An image file the user owns, with a session on it. */
  g_assert_cmpint (run_bin (f, first, NULL, NULL), ==, 0);
  g_assert_true (cs_test_is_stored (day24));
  day25 = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);
  owner = make_unwritable (f, day25);
  before = file_checksum (f->image);

  g_assert_cmpint (run_bin (f, args, NULL, &err), ==, 2);
  assert_one_error_line (err);
  cs_test_assert_contains (err, day25);
  cs_test_assert_contains (err, owner);
  cs_test_assert_contains (err, "not writable by user");
  cs_test_assert_contains (err, "nothing was written");
  cs_test_assert_contains (err, "--no-mark");
  /* The day is named once: "Cannot mark DAY as stored: it is owned by …". */
  cs_test_assert_contains (err, "as stored: it is owned by");
  /* Group root (or a personal group) is no group to join: no group advice then. */
  if (f->as_nobody)
    {
      cs_test_assert_contains (err, "Run the store as user root");
      cs_test_assert_contains (err, "setfacl -m u:nobody:rwx");
      g_assert_null (strstr (err, "chmod g+w"));
      g_assert_null (strstr (err, "member of"));
    }
  after = file_checksum (f->image);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (cs_test_is_stored (day25));
}

/* No image yet: none is created. */
static void
test_cli_unwritable_day_new_image (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);
  g_autofree char *err = NULL;
  const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                "--media-type", "bd-re", "--date", "2026-11-25", NULL };

  if (!become_unprivileged (f))
    return;
  make_unwritable (f, day);

  g_assert_cmpint (run_bin (f, args, NULL, &err), ==, 2);
  assert_one_error_line (err);
  cs_test_assert_contains (err, day);
  g_assert_false (cs_test_exists (f->image));
}

/* --no-mark: written and verified, no cback.store, and the outcome says so. */
static void
test_cli_no_mark (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);
  g_autofree char *indicator = g_build_filename (day, "cback.store", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const args[] = { "--headless", "--no-mark", "--stage-dir", f->stage,
                                "--device", f->device, "--media-type", "bd-re",
                                "--date", "2026-11-25", NULL };
  const char * const verbose[] = { "--headless", "-v", "--no-mark", "--stage-dir", f->stage,
                                   "--device", f->device, "--media-type", "bd-re",
                                   "--date", "2026-11-25", NULL };

  if (!become_unprivileged (f))
    return;
  make_unwritable (f, day);

  /* Silent on success, but the unmarked day reaches cron's mail. */
  g_assert_cmpint (run_bin (f, args, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "");
  cs_test_assert_contains (err, "not marked as stored (--no-mark)");
  cs_test_assert_contains (err, "Stored and verified");
  g_assert_false (cs_test_exists (indicator));
  g_assert_false (cs_test_is_stored (day));

  if (cs_test_have_xorriso ())
    {
      g_autofree char *host = g_build_filename (day, "host1", NULL);
      g_autofree char *cmp = cs_test_xorriso_text (f->image, "-compare_r", host,
                                                   "/2026/11/25/host1", NULL);

      g_test_message ("xorriso -compare_r:\n%s", cmp);
      cs_test_assert_contains (cmp, "Both file objects match as far as expectable");
      g_assert_null (strstr (cmp, "Differences detected"));
    }

  /* The next store stores it again, and says so in its summary. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_bin (f, verbose, &out, &err), ==, 0);
  cs_test_assert_contains (out, "Stored and verified 2026/11/25");
  cs_test_assert_contains (out, "not marked as stored (--no-mark)");
  g_assert_false (cs_test_exists (indicator));
  if (cs_test_have_xorriso ())
    g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
}

/* A cback.store the store could not open for writing (here a directory): refused before
 * the image is made, also as root. */
static void
test_cli_indicator_not_a_file (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);
  g_autofree char *indicator = g_build_filename (day, "cback.store", NULL);
  g_autofree char *err = NULL;
  const char * const args[] = { "--headless", "--device", f->device, "--media-type", "bd-re",
                                "--date", "2026-11-25", day, NULL };

  g_assert_cmpint (g_mkdir (indicator, 0755), ==, 0);

  g_assert_cmpint (run_bin (f, args, NULL, &err), ==, 2);
  assert_one_error_line (err);
  cs_test_assert_contains (err, indicator);
  cs_test_assert_contains (err, "not a regular file");
  g_assert_false (cs_test_exists (f->image));
}

/* As root, cback.store is given to <backup_user>:<backup_group>: a user that does not exist
 * stops the store before it writes (cedar-store.md §8 would only log the failed chown). */
static void
test_cli_unknown_backup_user (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);
  g_autofree char *config = g_build_filename (f->tmpdir, "cback.conf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  const char * const args[] = { "--headless", "-c", config, "--device", f->device,
                                "--media-type", "bd-re", "--date", "2026-11-25", NULL };

  if (geteuid () != 0)
    {
      g_test_skip ("not root: the backup user only matters when running as root");
      return;
    }
  text = g_strdup_printf (
    "<?xml version=\"1.0\"?>\n<cb_config>\n <options>\n"
    "  <starting_day>monday</starting_day>\n  <working_dir>/opt/backup/tmp</working_dir>\n"
    "  <backup_user>cs-no-such-user-13</backup_user>\n  <backup_group>root</backup_group>\n"
    "  <rcp_command>/usr/bin/scp -B</rcp_command>\n </options>\n"
    " <stage>\n  <staging_dir>%s</staging_dir>\n  <peer><name>localhost</name><type>local</type>"
    "<collect_dir>/opt/backup/collect</collect_dir></peer>\n </stage>\n"
    " <store>\n  <source_dir>%s</source_dir>\n  <media_type>bd-re</media_type>\n"
    "  <device_type>bdwriter</device_type>\n  <target_device>/dev/null</target_device>\n"
    "  <check_data>Y</check_data>\n </store>\n</cb_config>\n", f->stage, f->stage);
  cs_test_write_file (config, text, -1);

  g_assert_cmpint (run_bin (f, args, NULL, &err), ==, 2);
  assert_one_error_line (err);
  cs_test_assert_contains (err, "cs-no-such-user-13");
  cs_test_assert_contains (err, "<backup_user>");
  cs_test_assert_contains (err, day);
  g_assert_false (cs_test_exists (f->image));
  g_assert_false (cs_test_is_stored (day));
}

/* The engine's check, for the window: a writable day passes, a cback.store that is a
 * directory does not, and the error is exit status 2. */
static void
test_check_markable (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);
  g_autofree char *indicator = g_build_filename (day, "cback.store", NULL);
  g_autofree char *missing = g_build_filename (f->stage, "2026/11/26", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_staging_check_markable (day, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A symlink there is replaced, not written through: markable. */
  g_assert_cmpint (symlink ("/nonexistent", indicator), ==, 0);
  g_assert_true (cs_staging_check_markable (day, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (indicator), ==, 0);

  g_assert_cmpint (g_mkdir (indicator, 0755), ==, 0);
  g_assert_false (cs_staging_check_markable (day, NULL, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  g_assert_cmpint (cs_error_exit_status (error), ==, 2);
  cs_test_assert_contains (error->message, indicator);
  g_clear_error (&error);

  g_assert_false (cs_staging_check_markable (missing, NULL, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  cs_test_assert_contains (error->message, missing);
}

typedef struct
{
  GError     *error;
  char       *day;
  GPtrArray  *log;
  GPtrArray  *finished;   /* "STEP:code" of every step-finished */
  gboolean    done;
} Race;

/* Worker thread, as the mark step starts (after the verify finished): the day stops being
 * markable, even for root. */
static void
race_hook (CsStep   step,
           gpointer user_data)
{
  Race *race = user_data;

  if (step == CS_STEP_MARK_STORED)
    {
      g_autofree char *indicator = g_build_filename (race->day, "cback.store", NULL);
      g_assert_cmpint (g_mkdir (indicator, 0755), ==, 0);
    }
}

static void
race_log (CsStoreJob *job,
          int         level,
          const char *message,
          Race       *race)
{
  g_ptr_array_add (race->log, g_strdup (message));
}

static void
race_step_finished (CsStoreJob   *job,
                    CsStep        step,
                    const GError *error,
                    Race         *race)
{
  g_ptr_array_add (race->finished, g_strdup_printf ("%d:%d", step, error ? error->code : 0));
}

static void
race_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Race *race = user_data;

  cs_store_job_run_finish (CS_STORE_JOB (object), result, &race->error);
  race->done = TRUE;
}

/* The indicator fails after a verified write: exit status 8, and the message says the disc
 * is good and only the marking failed. */
static void
test_job_race (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(CsConfig) config = cs_test_job_config_new (f->stage);
  g_autoptr(CsStoreJob) job = NULL;
  g_autofree char *verify_ok = g_strdup_printf ("%d:0", CS_STEP_VERIFY);
  g_autofree char *mark_failed = g_strdup_printf ("%d:8", CS_STEP_MARK_STORED);
  Race race = { 0 };

  race.day = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);
  race.log = g_ptr_array_new_with_free_func (g_free);
  race.finished = g_ptr_array_new_with_free_func (g_free);
  job = cs_test_job_new (config, CS_STORE_MODE_STORE, 25, f->device);
  g_signal_connect (job, "log", G_CALLBACK (race_log), &race);
  g_signal_connect (job, "step-finished", G_CALLBACK (race_step_finished), &race);
  _cs_store_job_set_step_hook (job, race_hook, &race);

  g_main_context_push_thread_default (context);
  cs_store_job_run_async (job, NULL, race_done, &race);
  while (!race.done)
    g_main_context_iteration (context, TRUE);
  g_main_context_pop_thread_default (context);

  for (guint i = 0; i < race.log->len; i++)
    g_test_message ("log %s", (char *) g_ptr_array_index (race.log, i));
  g_assert_nonnull (race.error);
  g_test_message ("error: %s", race.error->message);
  g_assert_cmpint (cs_error_exit_status (race.error), ==, 8);
  g_assert_error (race.error, CS_ERROR, CS_ERROR_MARK);
  cs_test_assert_contains (race.error->message, f->device);
  cs_test_assert_contains (race.error->message, "written and verified and is good");
  cs_test_assert_contains (race.error->message, "marking the day as stored failed");
  cs_test_assert_contains (race.error->message, race.day);
  cs_test_assert_contains (race.error->message,
                           "run future stores with --no-mark to leave days unmarked");
  g_assert_true (cs_test_has_line (race.finished, verify_ok));
  g_assert_true (cs_test_has_line (race.finished, mark_failed));
  g_assert_cmpint (cs_store_job_get_state (job), ==, CS_JOB_STATE_FAILED);
  g_assert_true (cs_test_is_stored (race.day)); /* the directory named cback.store */

  if (cs_test_have_xorriso ())
    g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);

  g_clear_error (&race.error);
  g_free (race.day);
  g_ptr_array_unref (race.log);
  g_ptr_array_unref (race.finished);
}

/* A staged day the user storing may not look into (root's, mode 700 or 000) was "not
 * staged": find-day said "Unable to find unused staging directory" (exit 3), an explicit day
 * "no cback.stage"; a day it may enter but not list (711) failed while making the image.
 * Now each is exit 2 naming the day, its owner and mode, the user, and what to do. */
static void
test_cli_unreadable_day (Fixture       *f,
                         gconstpointer  data)
{
  static const guint modes[] = { 0700, 0000, 0711 };
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);

  if (geteuid () != 0)
    {
      g_test_skip ("not root: a day the user cannot read needs another owner");
      return;
    }
  if (!become_unprivileged (f))
    return;
  g_assert_cmpint (chown (day, 0, 0), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autofree char *owner = g_strdup_printf ("it is owned by root:root (mode %04o)", modes[i]);
      const char * const find_day[] = { "--headless", "--stage-dir", f->stage,
                                        "--device", f->device, "--media-type", "bd-re",
                                        "--date", "2026-11-25", NULL };
      const char * const explicit_day[] = { "--headless", "--device", f->device,
                                            "--media-type", "bd-re", "--date", "2026-11-25",
                                            day, NULL };
      const char * const no_mark[] = { "--headless", "--no-mark", "--stage-dir", f->stage,
                                       "--device", f->device, "--media-type", "bd-re",
                                       "--date", "2026-11-25", NULL };
      const char * const rebuild[] = { "--headless", "--rebuild", "--stage-dir", f->stage,
                                       "--device", f->device, "--media-type", "bd-re",
                                       "--date", "2026-11-25", NULL };
      const char * const full[] = { "--headless", "--full", "--stage-dir", f->stage,
                                    "--device", f->device, "--media-type", "bd-re",
                                    "--date", "2026-11-25", NULL };
      const char * const * const runs[] = { find_day, explicit_day, no_mark, rebuild, full };

      g_assert_cmpint (chmod (day, modes[i]), ==, 0);
      for (guint r = 0; r < G_N_ELEMENTS (runs); r++)
        {
          g_autofree char *err = NULL;

          g_test_message ("mode %04o, run %u", modes[i], r);
          g_assert_cmpint (run_bin (f, runs[r], NULL, &err), ==, 2);
          g_test_message ("%s", err);
          assert_one_error_line (err);
          cs_test_assert_contains (err, "Cannot read the staging day");
          cs_test_assert_contains (err, day);
          cs_test_assert_contains (err, owner);
          cs_test_assert_contains (err, "user nobody may not read it");
          cs_test_assert_contains (err, "Run the store as user root or as the backup user");
          cs_test_assert_contains (err, "setfacl -m u:nobody:rx");
          g_assert_null (strstr (err, "Unable to find"));
          g_assert_null (strstr (err, "Cannot mark"));
          g_assert_null (strstr (err, "no cback.stage"));
          g_assert_null (strstr (err, "libisofs"));
          g_assert_false (cs_test_exists (f->image));
        }
    }
}

/* Cedar's find-day rules stay: an unreadable today is skipped when yesterday is staged, but
 * it is said. */
static void
test_cli_unreadable_day_skipped (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *day24 = cs_test_make_day (f->stage, "2026/11/24", TRUE, FALSE);
  g_autofree char *day25 = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);
  g_autofree char *err = NULL;
  const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                "--media-type", "bd-re", "--date", "2026-11-25", NULL };
  const char * const rebuild[] = { "--headless", "--rebuild", "--stage-dir", f->stage,
                                   "--device", f->device, "--media-type", "bd-re",
                                   "--date", "2026-11-25", NULL };

  if (geteuid () != 0)
    {
      g_test_skip ("not root: a day the user cannot read needs another owner");
      return;
    }
  if (!become_unprivileged (f))
    return;
  g_assert_cmpint (chown (day25, 0, 0), ==, 0);
  g_assert_cmpint (chmod (day25, 0700), ==, 0);

  g_assert_cmpint (run_bin (f, args, NULL, &err), ==, 0);
  g_test_message ("%s", err);
  cs_test_assert_contains (err, "Cannot read the staging day");
  cs_test_assert_contains (err, day25);
  g_assert_true (cs_test_is_stored (day24));

  /* The rebuild takes 2026/11/24 and says that it skipped 2026/11/25, once. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_bin (f, rebuild, NULL, &err), ==, 0);
  g_test_message ("%s", err);
  cs_test_assert_contains (err, "Cannot read the staging day");
  g_assert_null (strstr (strstr (err, "Cannot read the staging day") + 1,
                         "Cannot read the staging day"));
}

/* `chattr +i` on the day, then on its cback.store: EPERM even for root, which the message
 * said was "not writable by user root … run the store as user root". */
static void
test_check_immutable (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);
  g_autofree char *indicator = g_build_filename (day, "cback.store", NULL);
  g_autofree char *remove_day = g_strdup_printf ("chattr -i %s", day);
  g_autofree char *remove_file = g_strdup_printf ("chattr -i %s", indicator);
  const char * const set_day[] = { "chattr", "+i", day, NULL };
  const char * const clear_day[] = { "chattr", "-i", day, NULL };
  const char * const set_file[] = { "chattr", "+i", indicator, NULL };
  const char * const clear_file[] = { "chattr", "-i", indicator, NULL };
  g_autoptr(GError) day_error = NULL;
  g_autoptr(GError) file_error = NULL;
  gboolean day_ok, file_ok;

  if (geteuid () != 0 || !cs_test_have_program ("chattr"))
    {
      g_test_skip ("chattr +i needs root and chattr (e2fsprogs)");
      return;
    }
  if (cs_test_run (set_day, NULL, NULL) != 0)
    {
      g_test_skip ("the filesystem of the test directory refuses chattr +i");
      return;
    }
  day_ok = cs_staging_check_markable (day, NULL, NULL, &day_error);
  g_assert_cmpint (cs_test_run (clear_day, NULL, NULL), ==, 0);

  cs_test_write_file (indicator, "", 0);
  g_assert_cmpint (cs_test_run (set_file, NULL, NULL), ==, 0);
  file_ok = cs_staging_check_markable (day, NULL, NULL, &file_error);
  g_assert_cmpint (cs_test_run (clear_file, NULL, NULL), ==, 0);

  g_assert_false (day_ok);
  g_assert_error (day_error, CS_ERROR, CS_ERROR_CONFIG);
  g_test_message ("%s", day_error->message);
  cs_test_assert_contains (day_error->message, "as stored: it is immutable (chattr +i)");
  cs_test_assert_contains (day_error->message, remove_day);
  cs_test_assert_contains (day_error->message, "--no-mark");
  g_assert_null (strstr (day_error->message, "owned by"));
  g_assert_null (strchr (day_error->message, '\n'));

  g_assert_false (file_ok);
  g_assert_error (file_error, CS_ERROR, CS_ERROR_CONFIG);
  g_test_message ("%s", file_error->message);
  cs_test_assert_contains (file_error->message, "is immutable (chattr +i)");
  cs_test_assert_contains (file_error->message, remove_file);
  cs_test_assert_contains (file_error->message, "--no-mark");
  g_assert_null (strstr (file_error->message, "owned by"));
}

/* `chattr +a` on a day whose cback.store must be replaced (it has a second hard link): the
 * directory takes new names but no rename over one, so marking would fail after the write
 * (exit 8). Without a cback.store the day can be marked. */
static void
test_check_append_only (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);
  g_autofree char *indicator = g_build_filename (day, "cback.store", NULL);
  g_autofree char *second = g_build_filename (day, "second-link", NULL);
  const char * const set_day[] = { "chattr", "+a", day, NULL };
  const char * const clear_day[] = { "chattr", "-a", day, NULL };
  g_autoptr(GError) empty_error = NULL;
  g_autoptr(GError) linked_error = NULL;
  gboolean empty_ok, linked_ok;

  if (geteuid () != 0 || !cs_test_have_program ("chattr"))
    {
      g_test_skip ("chattr +a needs root and chattr (e2fsprogs)");
      return;
    }
  if (cs_test_run (set_day, NULL, NULL) != 0)
    {
      g_test_skip ("the filesystem of the test directory refuses chattr +a");
      return;
    }
  empty_ok = cs_staging_check_markable (day, NULL, NULL, &empty_error);
  g_assert_cmpint (cs_test_run (clear_day, NULL, NULL), ==, 0);

  cs_test_write_file (indicator, "", 0);
  g_assert_cmpint (link (indicator, second), ==, 0);
  g_assert_cmpint (cs_test_run (set_day, NULL, NULL), ==, 0);
  linked_ok = cs_staging_check_markable (day, NULL, NULL, &linked_error);
  g_assert_cmpint (cs_test_run (clear_day, NULL, NULL), ==, 0);

  g_assert_no_error (empty_error);
  g_assert_true (empty_ok);
  g_assert_false (linked_ok);
  g_assert_error (linked_error, CS_ERROR, CS_ERROR_CONFIG);
  g_test_message ("%s", linked_error->message);
  cs_test_assert_contains (linked_error->message, "it is append-only (chattr +a)");
  cs_test_assert_contains (linked_error->message, "--no-mark");
}

/* A day of the user storing that holds root's cback.store (0644): the directory is the
 * user's, so the name is replaced by a new file (renamed over it); nothing is refused, no
 * temporary file is left, and the new cback.store is the user's, empty. */
static void
test_cli_root_indicator (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/25", TRUE, FALSE);
  g_autofree char *indicator = g_build_filename (day, "cback.store", NULL);
  g_autofree char *err = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  const char * const args[] = { "--headless", "--device", f->device, "--media-type", "bd-re",
                                "--date", "2026-11-25", day, NULL };
  struct stat st;

  if (geteuid () != 0)
    {
      g_test_skip ("not root: a cback.store of another user needs root to make");
      return;
    }
  if (!become_unprivileged (f))
    return;
  cs_test_write_file (indicator, "old", -1);
  g_assert_cmpint (chown (indicator, 0, 0), ==, 0);
  g_assert_cmpint (chmod (indicator, 0644), ==, 0);

  g_assert_cmpint (run_bin (f, args, NULL, &err), ==, 0);
  g_test_message ("%s", err);
  cs_test_assert_contains (err, "is not writable; replacing it with a new file");
  g_assert_cmpint (lstat (indicator, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpuint (st.st_uid, ==, NOBODY);
  g_assert_cmpint (st.st_size, ==, 0);
  dir = g_dir_open (day, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".cback.store"));
}

#define FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  g_assert_true (cs_drive_library_init (&error));
  g_assert_no_error (error);

  FIXTURE_TEST ("/mark/cli/unwritable-day", test_cli_unwritable_day);
  FIXTURE_TEST ("/mark/cli/unwritable-day-new-image", test_cli_unwritable_day_new_image);
  FIXTURE_TEST ("/mark/cli/no-mark", test_cli_no_mark);
  FIXTURE_TEST ("/mark/cli/indicator-not-a-file", test_cli_indicator_not_a_file);
  FIXTURE_TEST ("/mark/cli/unknown-backup-user", test_cli_unknown_backup_user);
  FIXTURE_TEST ("/mark/engine/check-markable", test_check_markable);
  FIXTURE_TEST ("/mark/engine/immutable", test_check_immutable);
  FIXTURE_TEST ("/mark/engine/append-only", test_check_append_only);
  FIXTURE_TEST ("/mark/cli/unreadable-day", test_cli_unreadable_day);
  FIXTURE_TEST ("/mark/cli/unreadable-day-skipped", test_cli_unreadable_day_skipped);
  FIXTURE_TEST ("/mark/cli/root-indicator", test_cli_root_indicator);
  FIXTURE_TEST ("/mark/job/race", test_job_race);

  return g_test_run ();
}
