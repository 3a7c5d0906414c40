/* test-disc-job.c – CsDiscJob: contents, check and restore of image files made by the
 * cedar-store binary; its signals come before its result; cancel; a missing image file is
 * refused and not created
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "cs-disc-job.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-test-cli.h"
#include "cs-test-disc.h"
#include "cs-test-util.h"

typedef CsTestDisc Fixture;

#define RUN_TIMEOUT_S 240

/* Stages 2026/11/@mday (a small and a 300 KB file) and stores it with the binary, as cron
 * would on that day: the Monday the 23rd starts a disc, later days append a session. */
static void
store_day (Fixture *f,
           int      mday)
{
  g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", mday);
  g_autofree char *date = g_strdup_printf ("2026-11-%02d", mday);
  g_autofree char *day = cs_test_make_day (f->stage, suffix, TRUE, FALSE);
  g_autofree char *big = g_build_filename (day, "host1", "home.tar.gz", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                "--date", date, NULL };

  cs_test_fill_file (big, 300 * 1024 + mday, mday);
  if (cs_test_cli_run (f->tmpdir, f->envp, NULL, args, &out, &err) != 0)
    g_error ("storing %s failed: %s", suffix, err);
}

static void
store_three_days (Fixture *f)
{
  store_day (f, 23);
  store_day (f, 24);
  store_day (f, 25);
}

/* What a run emitted, in order: "log", "progress", "state" (a change of CsDiscJob:state)
 * and "done" (the callback). */
typedef struct
{
  GPtrArray *events;
  GPtrArray *logs;
  double     last_fraction;
  guint      progress;
  gboolean   done;
  gboolean   timed_out;
  GError    *error;
  GCancellable *cancel_on_progress;
} Run;

static void
on_log (CsDiscJob  *job,
        int         level,
        const char *message,
        Run        *r)
{
  g_ptr_array_add (r->events, g_strdup ("log"));
  g_ptr_array_add (r->logs, g_strdup (message));
}

static void
on_progress (CsDiscJob *job,
             double     fraction,
             guint64    done,
             guint64    total,
             double     rate,
             double     seconds_left,
             Run       *r)
{
  g_ptr_array_add (r->events, g_strdup ("progress"));
  g_assert_cmpfloat (fraction, <=, 1.0);
  if (total > 0)
    g_assert_cmpuint (done, <=, total);
  g_assert_cmpfloat (rate, >=, 0.0);
  g_assert_true (seconds_left >= 0.0 || seconds_left == -1.0);
  g_assert_cmpfloat (cs_disc_job_get_fraction (job), ==, fraction);
  r->last_fraction = fraction;
  r->progress++;
  if (r->cancel_on_progress != NULL)
    g_cancellable_cancel (r->cancel_on_progress);
}

static void
on_state (CsDiscJob  *job,
          GParamSpec *pspec,
          Run        *r)
{
  g_ptr_array_add (r->events, g_strdup_printf ("state %d", cs_disc_job_get_state (job)));
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *r = user_data;

  cs_disc_job_run_finish (CS_DISC_JOB (object), result, &r->error);
  g_ptr_array_add (r->events, g_strdup ("done"));
  r->done = TRUE;
}

static gboolean
run_timeout (gpointer user_data)
{
  Run *r = user_data;

  r->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->events, g_ptr_array_unref);
  g_clear_pointer (&r->logs, g_ptr_array_unref);
  g_clear_error (&r->error);
  memset (r, 0, sizeof *r);
}

/* Runs @job on a main context of its own until its callback, then dispatches whatever is
 * still queued: nothing may come after the result. */
static void
run_job (CsDiscJob    *job,
         GCancellable *cancellable,
         Run          *r)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (RUN_TIMEOUT_S);
  gulong ids[3];

  r->events = g_ptr_array_new_with_free_func (g_free);
  r->logs = g_ptr_array_new_with_free_func (g_free);
  r->last_fraction = -2.0;
  ids[0] = g_signal_connect (job, "log", G_CALLBACK (on_log), r);
  ids[1] = g_signal_connect (job, "progress", G_CALLBACK (on_progress), r);
  ids[2] = g_signal_connect (job, "notify::state", G_CALLBACK (on_state), r);
  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, run_timeout, r, NULL);
  g_source_attach (timeout, context);
  cs_disc_job_run_async (job, cancellable, run_done, r);
  g_assert_cmpint (cs_disc_job_get_state (job), ==, CS_JOB_STATE_RUNNING);
  while (!r->done && !r->timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  if (r->timed_out)
    g_error ("the job did not finish within %d s", RUN_TIMEOUT_S);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_main_context_pop_thread_default (context);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_signal_handler_disconnect (job, ids[i]);

  for (guint i = 0; i < r->events->len; i++)
    g_test_message ("event %u: %s", i, (const char *) g_ptr_array_index (r->events, i));
  /* The result comes last; the state changed just before it. */
  g_assert_cmpstr (g_ptr_array_index (r->events, r->events->len - 1), ==, "done");
  g_assert_cmpuint (r->events->len, >=, 3);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (r->events, r->events->len - 2), "state"));
  g_assert_cmpstr (g_ptr_array_index (r->events, 0), ==, "state 1");
}

static const CsDiscSession *
session_at (const CsDiscContents *contents,
            guint                 i)
{
  return g_ptr_array_index (contents->sessions, i);
}

/* Three days stored one by one: three sessions, one day each, and no write to the image. */
static void
test_contents (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CsDiscJob) job = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  const CsDiscContents *contents;
  Run r = { 0 };

  store_three_days (f);
  g_assert_true (g_file_get_contents (f->image, &before, &before_len, NULL));

  job = cs_disc_job_new (CS_DISC_ACTION_CONTENTS, f->device);
  g_assert_cmpint (cs_disc_job_get_action (job), ==, CS_DISC_ACTION_CONTENTS);
  g_assert_cmpstr (cs_disc_job_get_address (job), ==, f->device);
  g_assert_null (cs_disc_job_get_contents (job));
  run_job (job, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (cs_disc_job_get_state (job), ==, CS_JOB_STATE_SUCCEEDED);

  contents = cs_disc_job_get_contents (job);
  g_assert_nonnull (contents);
  g_assert_cmpuint (contents->sessions->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *day = g_strdup_printf ("2026/11/%02u", 23 + i);

      g_assert_cmpuint (session_at (contents, i)->number, ==, i + 1);
      g_assert_cmpuint (g_strv_length (session_at (contents, i)->days_added), ==, 1);
      g_assert_cmpstr (session_at (contents, i)->days_added[0], ==, day);
      g_assert_cmpstr (contents->days[i], ==, day);
    }
  g_assert_cmpuint (session_at (contents, 0)->start, ==, 32);
  g_assert_null (contents->days[3]);
  g_assert_null (cs_disc_job_get_check_report (job));
  g_assert_null (cs_disc_job_get_restore_report (job));

  /* Only read: the image is byte for byte what it was. */
  g_assert_true (g_file_get_contents (f->image, &after, &after_len, NULL));
  g_assert_cmpuint (after_len, ==, before_len);
  g_assert_true (memcmp (before, after, before_len) == 0);
  run_clear (&r);
}

/* An image file that does not exist is refused (exit status 4) and not created; so is
 * one that holds nothing. */
static void
test_missing_image (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(CsDiscJob) job = cs_disc_job_new (CS_DISC_ACTION_CHECK, f->device);
  g_autoptr(CsDiscJob) blank = NULL;
  GStatBuf st;
  Run r = { 0 };

  run_job (job, NULL, &r);
  g_assert_error (r.error, CS_ERROR, CS_ERROR_MEDIUM);
  cs_test_assert_contains (r.error->message, f->image);
  cs_test_assert_contains (r.error->message, "does not exist");
  g_assert_cmpint (cs_disc_job_get_state (job), ==, CS_JOB_STATE_FAILED);
  g_assert_false (cs_test_exists (f->image));
  g_assert_null (cs_disc_job_get_contents (job));
  run_clear (&r);

  cs_test_write_file (f->image, "", 0);
  blank = cs_disc_job_new (CS_DISC_ACTION_CONTENTS, f->device);
  run_job (blank, NULL, &r);
  g_assert_error (r.error, CS_ERROR, CS_ERROR_MEDIUM);
  cs_test_assert_contains (r.error->message, "holds nothing");
  g_assert_cmpint (g_stat (f->image, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);
  run_clear (&r);
}

/* Cancelled before it starts: exit status 7, state cancelled, the image untouched. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CsDiscJob) job = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Run r = { 0 };

  store_day (f, 23);
  job = cs_disc_job_new (CS_DISC_ACTION_CONTENTS, f->device);
  g_cancellable_cancel (cancellable);
  run_job (job, cancellable, &r);
  g_assert_error (r.error, CS_ERROR, CS_ERROR_CANCELLED);
  g_assert_cmpint (cs_disc_job_get_state (job), ==, CS_JOB_STATE_CANCELLED);
  g_assert_null (cs_disc_job_get_contents (job));
  run_clear (&r);
}

/* A good disc checks; the progress signals reach fraction 1 before the result. */
static void
test_check_good (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CsDiscJob) job = NULL;
  const CsCheckReport *report;
  Run r = { 0 };

  store_three_days (f);
  job = cs_disc_job_new (CS_DISC_ACTION_CHECK, f->device);
  run_job (job, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpint (cs_disc_job_get_state (job), ==, CS_JOB_STATE_SUCCEEDED);
  g_assert_cmpuint (r.progress, >=, 1);
  g_assert_cmpfloat (r.last_fraction, ==, 1.0);
  g_assert_cmpfloat (cs_disc_job_get_fraction (job), ==, 1.0);
  report = cs_disc_job_get_check_report (job);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->sessions, ==, 3);
  g_assert_cmpuint (report->files, >=, 6);
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_cmpuint (cs_disc_job_get_contents (job)->sessions->len, ==, 3);
  run_clear (&r);
}

/* A byte flipped in a file of the first session: exit status 6 naming the file, its
 * session and its day; the report still there. */
static void
test_check_bad (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CsDiscJob) job = NULL;
  const CsCheckReport *report;
  const CsCheckProblem *problem;
  guint64 lba;
  Run r = { 0 };

  if (!cs_test_have_xorriso ())
    {
      g_test_skip ("xorriso is not installed: the file's block is not known");
      return;
    }
  store_three_days (f);
  lba = cs_test_disc_data_lba (f->image, 0, "/2026/11/23/host1/etc.tar.gz");
  cs_test_disc_flip_byte (f->image, lba * 2048 + 3, 0xff);

  job = cs_disc_job_new (CS_DISC_ACTION_CHECK, f->device);
  run_job (job, NULL, &r);
  g_assert_error (r.error, CS_ERROR, CS_ERROR_VERIFY);
  cs_test_assert_contains (r.error->message, "/2026/11/23/host1/etc.tar.gz");
  cs_test_assert_contains (r.error->message, "session 1");
  cs_test_assert_contains (r.error->message, "2026/11/23");
  g_assert_cmpint (cs_disc_job_get_state (job), ==, CS_JOB_STATE_FAILED);
  report = cs_disc_job_get_check_report (job);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->problems->len, >=, 1);
  problem = g_ptr_array_index (report->problems, 0);
  g_assert_cmpuint (problem->session, ==, 1);
  g_assert_cmpstr (problem->day, ==, "2026/11/23");
  g_assert_cmpstr (problem->path, ==, "/2026/11/23/host1/etc.tar.gz");
  run_clear (&r);
}

/* A day restored through the job: its files as staged, the report saying from where. */
static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(CsDiscJob) job = NULL;
  g_autofree char *to = g_build_filename (f->tmpdir, "restored", NULL);
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  g_autofree char *staged_file = g_build_filename (f->stage, "2026/11/24/host1/home.tar.gz", NULL);
  g_autofree char *restored_file = g_build_filename (to, "2026/11/24/host1/home.tar.gz", NULL);
  gsize want_len, got_len;
  const CsRestoreReport *report;
  Run r = { 0 };

  store_three_days (f);
  g_assert_cmpint (g_mkdir (to, 0755), ==, 0);
  job = cs_disc_job_new (CS_DISC_ACTION_RESTORE, f->device);
  cs_disc_job_set_restore (job, "2026/11/24", to);
  run_job (job, NULL, &r);
  g_assert_no_error (r.error);
  g_assert_cmpfloat (r.last_fraction, ==, 1.0);
  report = cs_disc_job_get_restore_report (job);
  g_assert_nonnull (report);
  g_assert_cmpuint (report->session, ==, 2);
  g_assert_cmpstr (report->day, ==, "2026/11/24");
  g_assert_cmpuint (report->problems->len, ==, 0);
  g_assert_true (g_file_get_contents (staged_file, &want, &want_len, NULL));
  g_assert_true (g_file_get_contents (restored_file, &got, &got_len, NULL));
  g_assert_cmpuint (got_len, ==, want_len);
  g_assert_true (memcmp (want, got, want_len) == 0);
  run_clear (&r);
}

/* A restore stopped half way by a full disk (here the file size limit: writes fail with
 * EFBIG, as with ENOSPC) fails with exit status 5 and says how to retry: the next try would
 * be refused because the day's folder is not empty. */
static void
test_restore_partial (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(CsDiscJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *to = g_build_filename (f->tmpdir, "restored", NULL);
  g_autofree char *day = g_build_filename (to, "2026/11/24", NULL);
  g_autofree char *want = NULL;
  struct rlimit saved, limited;
  Run r = { 0 };

  store_three_days (f);
  g_assert_cmpint (g_mkdir (to, 0755), ==, 0);
  /* libburn sets SIGXFSZ back to its default (killing) when it starts: start it first. */
  g_assert_true (cs_drive_library_init (&error));
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  limited = saved;
  limited.rlim_cur = 100 * 1024;   /* less than the 300 KB file */
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limited), ==, 0);
  job = cs_disc_job_new (CS_DISC_ACTION_RESTORE, f->device);
  cs_disc_job_set_restore (job, "2026/11/24", to);
  run_job (job, NULL, &r);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  signal (SIGXFSZ, SIG_DFL);
  g_assert_error (r.error, CS_ERROR, CS_ERROR_WRITE);
  want = g_strdup_printf ("; remove %s before restoring again", day);
  g_assert_true (g_str_has_suffix (r.error->message, want));
  run_clear (&r);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/disc-job/contents", Fixture, NULL, cs_test_disc_set_up, test_contents,
              cs_test_disc_tear_down);
  g_test_add ("/disc-job/missing-image", Fixture, NULL, cs_test_disc_set_up, test_missing_image,
              cs_test_disc_tear_down);
  g_test_add ("/disc-job/cancel", Fixture, NULL, cs_test_disc_set_up, test_cancel,
              cs_test_disc_tear_down);
  g_test_add ("/disc-job/check-good", Fixture, NULL, cs_test_disc_set_up, test_check_good,
              cs_test_disc_tear_down);
  g_test_add ("/disc-job/check-bad", Fixture, NULL, cs_test_disc_set_up, test_check_bad,
              cs_test_disc_tear_down);
  g_test_add ("/disc-job/restore-partial", Fixture, NULL, cs_test_disc_set_up,
              test_restore_partial, cs_test_disc_tear_down);
  g_test_add ("/disc-job/restore", Fixture, NULL, cs_test_disc_set_up, test_restore,
              cs_test_disc_tear_down);
  return g_test_run ();
}
