/* test-new-disc.c – a new disc on an image file that holds sessions (issue 14, item 2)
 *
 * The new disc is written to a file beside the image and renamed over it only once it is
 * verified: a cancel or a failed verify leaves the old image byte for byte as it was and no
 * file behind; a good store replaces it with one session and keeps its owner and mode. The
 * headless run says why it starts a new disc and what it erases.
 *
 * Dates: 2026-11-25 is a Wednesday, 2026-11-26 a Thursday, 2026-11-30 a Monday: the test
 * configuration's weeks start on Monday, so the store of the 30th starts a new disc.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-config.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-store-job.h"
#include "cs-store-job-private.h"
#include "cs-test-cli.h"
#include "cs-test-job.h"
#include "cs-test-util.h"

#define MIB (1024 * 1024)
#define RUN_TIMEOUT_S 300
#define NOBODY 65534

/* ------------------------------------------------------------------------------------------
 * Running a job
 * ------------------------------------------------------------------------------------------ */

typedef struct
{
  double        cancel_at;   /* < 0: never; else cancel once WRITE progress passes it */
  char         *flip_path;   /* flip the first byte of this file as VERIFY starts */
  char         *probe;       /* try to open this target as VERIFY and MARK_STORED start */

  CsStoreJob   *job;
  GCancellable *cancellable;
  GPtrArray    *log;
  GArray       *steps;       /* CsStep, as the hook saw them start (worker) */
  GMutex        lock;
  gboolean      cancel_sent;
  gboolean      flip_failed;
  char         *probe_verify;  /* what opening @probe said: "open", or the error */
  char         *probe_mark;
  gboolean      done;
  gboolean      timed_out;
  GError       *error;
} Run;

static Run *
run_new (void)
{
  Run *r = g_new0 (Run, 1);

  r->cancel_at = -1.0;
  r->cancellable = g_cancellable_new ();
  r->log = g_ptr_array_new_with_free_func (g_free);
  r->steps = g_array_new (FALSE, TRUE, sizeof (CsStep));
  g_mutex_init (&r->lock);
  return r;
}

static void
run_free (Run *r)
{
  g_clear_object (&r->job);
  g_clear_object (&r->cancellable);
  g_ptr_array_unref (r->log);
  g_array_unref (r->steps);
  g_mutex_clear (&r->lock);
  g_clear_error (&r->error);
  g_free (r->flip_path);
  g_free (r->probe);
  g_free (r->probe_verify);
  g_free (r->probe_mark);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void
on_log (CsStoreJob *job,
        int         level,
        const char *message,
        Run        *r)
{
  char tag = (level & G_LOG_LEVEL_DEBUG) ? 'D' : (level & G_LOG_LEVEL_INFO) ? 'I' : 'W';

  g_ptr_array_add (r->log, g_strdup_printf ("%c:%s", tag, message));
}

static void
on_progress (CsStoreJob *job,
             CsStep      step,
             double      fraction,
             guint64     done,
             guint64     total,
             double      rate,
             Run        *r)
{
  if (step == CS_STEP_WRITE && r->cancel_at >= 0.0 && fraction > r->cancel_at
      && !r->cancel_sent)
    {
      r->cancel_sent = TRUE;
      g_cancellable_cancel (r->cancellable);
    }
}

/* Flips the first byte of @path in place, keeping its times; no assertions (worker). */
static gboolean
flip_first_byte (const char *path)
{
  unsigned char c;
  int fd = open (path, O_RDWR | O_CLOEXEC);
  struct stat st;
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fstat (fd, &st) == 0 && pread (fd, &c, 1, 0) == 1;
  c ^= 0x20;
  ok = ok && pwrite (fd, &c, 1, 0) == 1;
  if (ok)
    {
      struct timespec times[2] = { st.st_atim, st.st_mtim };
      ok = futimens (fd, times) == 0;
    }
  close (fd);
  return ok;
}

static void
step_hook (CsStep   step,
           gpointer user_data)
{
  Run *r = user_data;

  g_mutex_lock (&r->lock);
  g_array_append_val (r->steps, step);
  if (step == CS_STEP_VERIFY && r->flip_path != NULL && !flip_first_byte (r->flip_path))
    r->flip_failed = TRUE;
  if ((step == CS_STEP_VERIFY || step == CS_STEP_MARK_STORED) && r->probe != NULL)
    {
      GError *error = NULL;
      CsDrive *drive = cs_drive_open (r->probe, NULL, NULL, &error);
      char *said = drive != NULL ? g_strdup ("open") : g_strdup (error->message);

      g_clear_error (&error);
      if (drive != NULL)
        {
          cs_drive_release (drive, FALSE);
          g_object_unref (drive);
        }
      if (step == CS_STEP_VERIFY)
        r->probe_verify = said;
      else
        r->probe_mark = said;
    }
  g_mutex_unlock (&r->lock);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *r = user_data;

  cs_store_job_run_finish (CS_STORE_JOB (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
run_timeout (gpointer user_data)
{
  ((Run *) user_data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static Run *
run_job_with (CsStoreJob *job,
              Run        *r)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (RUN_TIMEOUT_S);
  gulong ids[2];

  r->job = g_object_ref (job);
  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, run_timeout, r, NULL);
  g_source_attach (timeout, context);
  ids[0] = g_signal_connect (job, "log", G_CALLBACK (on_log), r);
  ids[1] = g_signal_connect (job, "progress", G_CALLBACK (on_progress), r);
  _cs_store_job_set_step_hook (job, step_hook, r);

  cs_store_job_run_async (job, r->cancellable, run_done, r);
  while (!r->done && !r->timed_out)
    g_main_context_iteration (context, TRUE);
  if (r->timed_out)
    g_error ("the job did not finish within %d s", RUN_TIMEOUT_S);
  while (g_main_context_iteration (context, FALSE))
    ;

  g_source_destroy (timeout);
  g_signal_handler_disconnect (job, ids[0]);
  g_signal_handler_disconnect (job, ids[1]);
  _cs_store_job_set_step_hook (job, NULL, NULL);
  g_main_context_pop_thread_default (context);

  for (guint i = 0; i < r->log->len; i++)
    g_test_message ("log %s", (char *) g_ptr_array_index (r->log, i));
  g_test_message ("job %s%s", r->error ? "failed: " : "succeeded",
                  r->error ? r->error->message : "");
  return r;
}

static gboolean
step_was_started (Run    *r,
                  CsStep  step)
{
  for (guint i = 0; i < r->steps->len; i++)
    if (g_array_index (r->steps, CsStep, i) == step)
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------------------------
 * Fixture
 * ------------------------------------------------------------------------------------------ */

typedef struct
{
  char     *tmpdir;
  char     *stage;   /* tmpdir/stage */
  char     *outdir;  /* tmpdir/out: holds the image and nothing else */
  char     *image;   /* outdir/disc.iso */
  char     *target;  /* stdio:image */
  CsConfig *config;
  gboolean  mounted;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->tmpdir = cs_test_make_tmpdir ();
  f->stage = g_build_filename (f->tmpdir, "stage", NULL);
  f->outdir = g_build_filename (f->tmpdir, "out", NULL);
  f->image = g_build_filename (f->outdir, "disc.iso", NULL);
  f->target = g_strconcat ("stdio:", f->image, NULL);
  g_assert_cmpint (g_mkdir (f->stage, 0755), ==, 0);
  g_assert_cmpint (g_mkdir (f->outdir, 0755), ==, 0);
  f->config = cs_test_job_config_new (f->stage);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->mounted && umount2 (f->outdir, MNT_DETACH) != 0)
    g_test_message ("umount %s: %s", f->outdir, g_strerror (errno));
  cs_test_rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->stage);
  g_free (f->outdir);
  g_free (f->image);
  g_free (f->target);
  cs_config_free (f->config);
}

static char *
make_day (Fixture *f,
          int      mday)
{
  g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", mday);

  return cs_test_make_day (f->stage, suffix, TRUE, FALSE);
}

static Run *
store_with (Fixture *f,
            int      mday,
            Run     *r)
{
  g_autoptr(CsStoreJob) job = cs_test_job_new (f->config, CS_STORE_MODE_STORE, mday, f->target);

  cs_store_job_set_verify (job, f->config->check_data);
  return run_job_with (job, r);
}

/* The image holds the days of Wednesday 25 and Thursday 26 in two sessions. */
static void
store_two_sessions (Fixture *f)
{
  for (int mday = 25; mday <= 26; mday++)
    {
      g_autofree char *day = make_day (f, mday);
      g_autoptr(Run) r = store_with (f, mday, run_new ());

      g_assert_no_error (r->error);
      g_assert_true (cs_test_is_stored (day));
    }
  if (cs_test_have_xorriso ())
    g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
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

/* The folder of the image holds the image and nothing else (no file beside it left). */
static void
assert_only_image (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->outdir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (!g_str_equal (name, "disc.iso"))
        g_error ("%s is left in %s", name, f->outdir);
      n++;
    }
  g_assert_cmpuint (n, ==, 1);
}

static void
assert_day_on_disc (Fixture *f,
                    int      mday)
{
  g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", mday);
  g_autofree char *host = g_build_filename (f->stage, suffix, "host1", NULL);
  g_autofree char *iso = g_strconcat ("/", suffix, "/host1", NULL);
  g_autofree char *text = cs_test_xorriso_text (f->image, "-compare_r", host, iso, NULL);

  cs_test_assert_contains (text, "Both file objects match as far as expectable");
  g_assert_null (strstr (text, "Differences detected"));
}

/* ------------------------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------------------------ */

/* (a) A cancel while the new disc of Monday is written: the old image is unchanged byte for
 * byte, nothing is left beside it, the store ends cancelled (exit 7) before the verify.
 * @data non-NULL: with the verify off (--no-verify). */
static void
test_cancel_write (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *mon = NULL;
  g_autofree char *big = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(Run) r = run_new ();

  store_two_sessions (f);
  before = file_checksum (f->image);

  mon = make_day (f, 30);
  big = g_build_filename (mon, "host1", "big.bin", NULL);
  cs_test_fill_file (big, 300 * MIB, 30);
  f->config->check_data = data == NULL;
  r->cancel_at = 0.05;
  store_with (f, 30, r);

  g_assert_true (r->cancel_sent);
  g_assert_error (r->error, CS_ERROR, CS_ERROR_CANCELLED);
  g_assert_cmpint (cs_error_exit_status (r->error), ==, 7);
  g_assert_false (step_was_started (r, CS_STEP_VERIFY));
  g_assert_false (step_was_started (r, CS_STEP_MARK_STORED));
  g_assert_false (cs_test_is_stored (mon));
  after = file_checksum (f->image);
  g_assert_cmpstr (after, ==, before);
  assert_only_image (f);
  /* The old image, not a file beside it, is what the message keeps. */
  cs_test_assert_contains (r->error->message, f->image);
  if (cs_test_have_xorriso ())
    {
      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
      assert_day_on_disc (f, 25);
      assert_day_on_disc (f, 26);
    }
}

/* (b) The verify of the new disc fails (a staging file changed after it was written): the
 * old image is unchanged, nothing is left beside it, nothing is marked. */
static void
test_verify_fails (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *mon = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(Run) r = run_new ();

  store_two_sessions (f);
  before = file_checksum (f->image);

  mon = make_day (f, 30);
  r->flip_path = g_build_filename (mon, "host1", "etc.tar.gz", NULL);
  store_with (f, 30, r);

  g_assert_false (r->flip_failed);
  g_assert_true (step_was_started (r, CS_STEP_VERIFY));
  g_assert_error (r->error, CS_ERROR, CS_ERROR_VERIFY);
  g_assert_false (step_was_started (r, CS_STEP_MARK_STORED));
  g_assert_false (cs_test_is_stored (mon));
  after = file_checksum (f->image);
  g_assert_cmpstr (after, ==, before);
  assert_only_image (f);
  cs_test_assert_contains (r->error->message, f->image);
  if (cs_test_have_xorriso ())
    g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
}

/* (c) The headless store of Monday: the image is replaced by one session holding Monday, its
 * owner and mode kept, and the log says why and what it erased. */
static void
test_headless_replaces (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *home = g_build_filename (f->tmpdir, "home", NULL);
  g_auto(GStrv) envp = cs_test_cli_environ (home);
  g_autofree char *mon = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *both = NULL;
  gboolean root = geteuid () == 0;
  uid_t owner = root ? NOBODY : geteuid ();
  gid_t group = root ? NOBODY : getegid ();
  GStatBuf st;
  const char * const args[] = { "--headless", "-v", "--stage-dir", f->stage, "--device",
                                f->target, "--media-type", "bd-re", "--date", "2026-11-30",
                                NULL };

  envp = g_environ_setenv (envp, "LC_ALL", "C", TRUE);
  store_two_sessions (f);
  g_assert_cmpint (chmod (f->image, 0640), ==, 0);
  if (root)
    g_assert_cmpint (chown (f->image, owner, group), ==, 0);
  else
    g_test_message ("not root: the owner cannot differ from the store's user");

  mon = make_day (f, 30);
  g_assert_cmpint (cs_test_cli_run (f->tmpdir, envp, NULL, args, &out, &err), ==, 0);
  both = g_strconcat (out, err, NULL);
  cs_test_assert_contains (both, "Monday starts a new week in your Cedar Backup configuration");
  cs_test_assert_contains (both, "erasing its 2 sessions labelled “CEDAR BACKUP 26-NOV-2026”, "
                                 "with the days 2026/11/25 and 2026/11/26");
  g_assert_true (cs_test_is_stored (mon));

  g_assert_cmpint (g_stat (f->image, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, 0640);
  g_assert_cmpuint (st.st_uid, ==, owner);
  g_assert_cmpuint (st.st_gid, ==, group);
  assert_only_image (f);
  if (cs_test_have_xorriso ())
    {
      g_autofree char *toc = cs_test_xorriso_text (f->image, "-toc", NULL);

      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);
      cs_test_assert_contains (toc, "CEDAR BACKUP 30-NOV-2026");
      assert_day_on_disc (f, 30);
    }
}

/* (d) The folder's filesystem has room for the new disc written in place but not beside the
 * old image: refused before anything is written, with the folder and the space needed. */
static void
test_no_room_beside (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *wed = NULL;
  g_autofree char *mon = NULL;
  g_autofree char *file = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(Run) r = run_new ();

  if (mount ("tmpfs", f->outdir, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=0755") != 0)
    {
      g_autofree char *msg = g_strdup_printf ("cannot mount a tmpfs on %s (%s): this needs "
                                              "root", f->outdir, g_strerror (errno));
      g_test_skip (msg);
      return;
    }
  f->mounted = TRUE;

  /* A 10 MiB image, about 6 MiB left; Monday's new disc needs 8 MiB. */
  wed = make_day (f, 25);
  file = g_build_filename (wed, "host1", "big.bin", NULL);
  cs_test_fill_file (file, 10 * MIB, 25);
  store_two_sessions (f);
  before = file_checksum (f->image);
  mon = make_day (f, 30);
  g_free (file);
  file = g_build_filename (mon, "host1", "big.bin", NULL);
  cs_test_fill_file (file, 8 * MIB, 30);

  store_with (f, 30, r);
  g_assert_error (r->error, CS_ERROR, CS_ERROR_MEDIUM);
  cs_test_assert_contains (r->error->message, f->outdir);
  cs_test_assert_contains (r->error->message, "Nothing was written");
  g_assert_false (step_was_started (r, CS_STEP_WRITE));
  g_assert_false (cs_test_is_stored (mon));
  after = file_checksum (f->image);
  g_assert_cmpstr (after, ==, before);
  assert_only_image (f);
}

/* (e) A second store of the same image is refused while the new disc is checked and while
 * the days are marked, after the rename (flock on the file the name holds). */
static void
test_locked_throughout (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *mon = NULL;
  g_autoptr(Run) r = run_new ();

  store_two_sessions (f);
  mon = make_day (f, 30);
  r->probe = g_strdup (f->target);
  store_with (f, 30, r);

  g_assert_no_error (r->error);
  g_assert_true (cs_test_is_stored (mon));
  g_assert_nonnull (r->probe_verify);
  g_assert_nonnull (r->probe_mark);
  g_test_message ("a second store during the check: %s", r->probe_verify);
  g_test_message ("a second store while the days are marked: %s", r->probe_mark);
  cs_test_assert_contains (r->probe_verify, "in use by another store");
  cs_test_assert_contains (r->probe_mark, "in use by another store");
  assert_only_image (f);
}

/* The plan of a dry run (what the window shows before it asks) of @mode on November @mday;
 * @days: (nullable) chosen by hand. Returns its reason, NULL when the store appends. */
static char *
planned_reason (Fixture     *f,
                CsStoreMode  mode,
                int          mday,
                GPtrArray   *days)
{
  g_autoptr(CsStoreJob) job = cs_test_job_new (f->config, mode, mday, f->target);
  g_autoptr(Run) r = run_new ();
  const CsStorePlan *plan;

  cs_store_job_set_dry_run (job, TRUE);
  if (days != NULL)
    cs_store_job_set_days (job, days);
  run_job_with (job, r);
  g_assert_no_error (r->error);
  plan = cs_store_job_get_plan (job);
  g_assert_nonnull (plan);
  g_assert_true (plan->new_disc == (plan->new_disc_reason != NULL));
  return g_strdup (plan->new_disc_reason);
}

/* (f) Why a new disc, in words for people (CsStorePlan.new_disc_reason), for each rule of
 * Cedar Backup's _getNewDisc (cedar-store.md §2.5) and for days chosen by hand. */
static void
test_reasons (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *mon = NULL;
  g_autofree char *fri = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
  GDate date;

  store_two_sessions (f);
  fri = make_day (f, 27);
  mon = make_day (f, 30);

  reason = planned_reason (f, CS_STORE_MODE_STORE, 27, NULL);
  g_assert_null (reason);

  reason = planned_reason (f, CS_STORE_MODE_STORE, 30, NULL);
  g_assert_cmpstr (reason, ==, "Monday starts a new week in your Cedar Backup configuration");
  g_free (reason);

  reason = planned_reason (f, CS_STORE_MODE_FULL, 27, NULL);
  g_assert_cmpstr (reason, ==, "A full store starts a new disc");
  g_free (reason);

  reason = planned_reason (f, CS_STORE_MODE_REBUILD, 27, NULL);
  g_assert_cmpstr (reason, ==, "Rebuild stores this week’s days on a new disc");
  g_free (reason);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 27, G_DATE_NOVEMBER, 2026);
  g_ptr_array_add (days, cs_day_new (fri, &date));
  reason = planned_reason (f, CS_STORE_MODE_STORE, 30, days);
  g_assert_cmpstr (reason, ==, "The days chosen by hand go on a new disc: Monday starts a new "
                               "week in your Cedar Backup configuration");
  g_free (reason);

  /* <blank_behavior> daily with a factor no disc can pass: the disc counts as nearly full. */
  f->config->blank_mode = CS_BLANK_DAILY;
  f->config->blank_factor = 1e9;
  reason = planned_reason (f, CS_STORE_MODE_STORE, 27, NULL);
  g_assert_nonnull (reason);
  g_assert_true (g_str_has_prefix (reason, "The disc is nearly full: "));
  cs_test_assert_contains (reason, "1000000000.00 times");
  cs_test_assert_contains (reason, "(checked every day)");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  /* cs_drive_open() from the step hook (test e) needs libburn, as the job does. */
  if (!cs_drive_library_init (&error))
    g_error ("%s", error->message);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/new-disc/image/cancel-write", test_cancel_write);
  g_test_add ("/new-disc/image/cancel-write-no-verify", Fixture, "no-verify", fixture_setup,
              test_cancel_write, fixture_teardown);
  ADD ("/new-disc/image/verify-fails", test_verify_fails);
  ADD ("/new-disc/image/headless-replaces", test_headless_replaces);
  ADD ("/new-disc/image/no-room-beside", test_no_room_beside);
  ADD ("/new-disc/image/locked-throughout", test_locked_throughout);
  ADD ("/new-disc/reasons", test_reasons);
#undef ADD

  return g_test_run ();
}
