/* test-messages.c – what a failed verify and the libraries' messages mean for the user
 *
 * Issue 14, items 10 and 12: a verify that fails because a staging file changed during the
 * store says so (cs_error_get_cause()), distinct from a medium that gives back other bytes;
 * libburn's "FATAL: Burn run failed" after a cancel is not an alarm; a symbolic link the
 * Joliet tree cannot hold is a note that names it and says Rock Ridge keeps it. Store jobs
 * on image files in a temporary tree; no display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cs-drive.h"
#include "cs-drive-private.h"
#include "cs-error.h"
#include "cs-store-job-private.h"
#include "cs-test-job.h"
#include "cs-test-util.h"

#define RUN_TIMEOUT_S 240
#define MIB (1024 * 1024)

typedef struct
{
  GPtrArray    *log;          /* "D:…", "I:…" or "W:…" */
  GError       *error;
  GCancellable *cancellable;
  const char   *change;       /* a staging file the hook changes as VERIFY starts */
  gboolean      keep_time;    /* …keeping its size and time (the medium seems bad) */
  gboolean      cancel_sent;
  gboolean      done;
} Run;

static void
on_log (CsStoreJob *job,
        int         level,
        const char *message,
        Run        *r)
{
  char tag = (level & G_LOG_LEVEL_DEBUG) ? 'D' :
             (level & (G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE)) ? 'I' : 'W';

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
  if (step == CS_STEP_WRITE && fraction > 0.02 && r->cancellable != NULL && !r->cancel_sent)
    {
      r->cancel_sent = TRUE;
      g_cancellable_cancel (r->cancellable);
    }
}

/* Flips the first byte of @path; with @keep_time its times stay, so only the bytes differ
 * (runs in the worker: no assertions). */
static void
change_file (const char *path,
             gboolean    keep_time)
{
  unsigned char c;
  struct stat st;
  int fd = open (path, O_RDWR | O_CLOEXEC);

  if (fd < 0 || fstat (fd, &st) != 0 || pread (fd, &c, 1, 0) != 1)
    g_error ("cannot change %s", path);
  c ^= 0x20;
  if (pwrite (fd, &c, 1, 0) != 1)
    g_error ("cannot change %s", path);
  if (keep_time)
    {
      struct timespec times[2] = { st.st_atim, st.st_mtim };
      futimens (fd, times);
    }
  else
    {
      /* A later time, as a staging run writing the file would leave it. */
      struct timespec times[2] = { st.st_atim, { st.st_mtim.tv_sec + 5, 0 } };
      futimens (fd, times);
    }
  close (fd);
}

static void
hook (CsStep   step,
      gpointer user_data)
{
  Run *r = user_data;

  if (step == CS_STEP_VERIFY && r->change != NULL)
    change_file (r->change, r->keep_time);
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

static void
run_job (CsStoreJob *job,
         Run        *r)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  gint64 deadline = g_get_monotonic_time () + RUN_TIMEOUT_S * G_USEC_PER_SEC;

  r->log = g_ptr_array_new_with_free_func (g_free);
  g_main_context_push_thread_default (context);
  g_signal_connect (job, "log", G_CALLBACK (on_log), r);
  g_signal_connect (job, "progress", G_CALLBACK (on_progress), r);
  _cs_store_job_set_step_hook (job, hook, r);
  cs_store_job_run_async (job, r->cancellable, run_done, r);
  while (!r->done)
    {
      g_main_context_iteration (context, FALSE);
      if (!r->done)
        g_usleep (1000);
      if (g_get_monotonic_time () > deadline)
        g_error ("the job did not finish within %d s", RUN_TIMEOUT_S);
    }
  while (g_main_context_iteration (context, FALSE))
    ;
  g_signal_handlers_disconnect_by_data (job, r);
  _cs_store_job_set_step_hook (job, NULL, NULL);
  g_main_context_pop_thread_default (context);
  for (guint i = 0; i < r->log->len; i++)
    g_test_message ("log %s", (char *) g_ptr_array_index (r->log, i));
}

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->log, g_ptr_array_unref);
  g_clear_error (&r->error);
  g_clear_object (&r->cancellable);
  r->done = FALSE;
  r->cancel_sent = FALSE;
}

/* A store of @stage's 2026/11/26 into @tmp/disc.iso, run to its end with @r. */
static void
store (const char *tmp,
       const char *stage,
       Run        *r)
{
  g_autoptr(CsConfig) config = cs_test_job_config_new (stage);
  g_autofree char *target = g_strconcat ("stdio:", tmp, "/disc.iso", NULL);
  g_autoptr(CsStoreJob) job = cs_test_job_new (config, CS_STORE_MODE_STORE, 26, target);

  run_job (job, r);
}

/* A lines that the window shows (not debug) containing @part, or NULL. */
static const char *
shown_line (GPtrArray  *log,
            const char *part)
{
  for (guint i = 0; i < log->len; i++)
    {
      const char *line = g_ptr_array_index (log, i);

      if (line[0] != 'D' && strstr (line, part) != NULL)
        return line;
    }
  return NULL;
}

/* Item 10: a staging file that changed while it was stored (later time) is the source's
 * fault; one with the same size and time that reads back otherwise is the medium's. */
static void
test_verify_cause (void)
{
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *day = cs_test_make_day (stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *file = g_build_filename (day, "host1", "etc.tar.gz", NULL);
  Run r = { 0 };

  r.change = file;
  store (tmp, stage, &r);
  g_assert_error (r.error, CS_ERROR, CS_ERROR_VERIFY);
  g_assert_cmpint (cs_error_get_cause (r.error), ==, CS_ERROR_CAUSE_SOURCE_CHANGED);
  g_assert_false (cs_test_is_stored (day));
  run_clear (&r);

  r.change = file;
  r.keep_time = TRUE;
  store (tmp, stage, &r);
  g_assert_error (r.error, CS_ERROR, CS_ERROR_VERIFY);
  g_assert_cmpint (cs_error_get_cause (r.error), ==, CS_ERROR_CAUSE_MEDIUM);
  run_clear (&r);

  cs_test_rm_rf (tmp);
}

/* A copy of an error keeps its cause (the window gets the job's error through GTask). */
static void
test_cause_copied (void)
{
  g_autoptr(GError) error = g_error_new_literal (CS_ERROR, CS_ERROR_VERIFY, "x");
  g_autoptr(GError) copy = NULL;
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "y");

  g_assert_cmpint (cs_error_get_cause (error), ==, CS_ERROR_CAUSE_UNKNOWN);
  cs_error_set_cause (error, CS_ERROR_CAUSE_SOURCE_CHANGED);
  copy = g_error_copy (error);
  g_assert_cmpint (cs_error_get_cause (copy), ==, CS_ERROR_CAUSE_SOURCE_CHANGED);
  cs_error_set_cause (other, CS_ERROR_CAUSE_MEDIUM);
  g_assert_cmpint (cs_error_get_cause (other), ==, CS_ERROR_CAUSE_UNKNOWN);
  g_assert_cmpint (cs_error_get_cause (NULL), ==, CS_ERROR_CAUSE_UNKNOWN);
}

/* Item 12: a symbolic link (the demo's peer2/latest.tar) is a note in the user's words, the
 * raw libisofs text only at debug level. */
static void
test_joliet_note (void)
{
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *day = cs_test_make_day (stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *link = g_build_filename (day, "host1", "latest.tar", NULL);
  const char *note;
  Run r = { 0 };

  g_assert_cmpint (symlink ("etc.tar.gz", link), ==, 0);
  store (tmp, stage, &r);
  g_assert_no_error (r.error);
  g_assert_null (shown_line (r.log, "Joliet tree"));
  g_assert_null (shown_line (r.log, "libisofs WARNING"));
  note = shown_line (r.log, "Note: the symbolic link /2026/11/26/host1/latest.tar");
  g_assert_nonnull (note);
  g_assert_cmpint (note[0], ==, 'I');
  cs_test_assert_contains (note, "Rock Ridge names keep it");
  run_clear (&r);
  cs_test_rm_rf (tmp);
}

/* Item 12: a cancel the user asked for is no FATAL alarm in the log. */
static void
test_cancel_not_fatal (void)
{
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *day = cs_test_make_day (stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *big = g_build_filename (day, "host1", "big.tar", NULL);
  Run r = { 0 };

  cs_test_fill_file (big, 300 * MIB, 3);
  r.cancellable = g_cancellable_new ();
  store (tmp, stage, &r);
  g_assert_true (r.cancel_sent);
  g_assert_error (r.error, CS_ERROR, CS_ERROR_CANCELLED);
  g_assert_null (shown_line (r.log, "FATAL"));
  g_assert_null (shown_line (r.log, "Burn run failed"));
  run_clear (&r);
  cs_test_rm_rf (tmp);
}

/* The mapping itself, for the messages a test cannot provoke (libisofs joliet.c). */
static void
test_map (void)
{
  GLogLevelFlags level = G_LOG_LEVEL_WARNING;
  g_autofree char *same = NULL;
  g_autofree char *after = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ucs = NULL;
  g_autofree char *note = NULL;
  char *none;

  none = _cs_drive_library_line ("libburn", "FATAL", "Burn run failed", TRUE, &level);
  g_assert_null (none);
  g_assert_cmpint (level, ==, G_LOG_LEVEL_DEBUG);

  level = G_LOG_LEVEL_WARNING;
  after = _cs_drive_library_line ("libburn", "SORRY", "Drive is busy", TRUE, &level);
  g_assert_cmpint (level, ==, G_LOG_LEVEL_INFO);
  g_assert_null (strstr (after, "SORRY"));

  level = G_LOG_LEVEL_WARNING;
  same = _cs_drive_library_line ("libburn", "FATAL", "Burn run failed", FALSE, &level);
  g_assert_cmpstr (same, ==, "Burn run failed");
  g_assert_cmpint (level, ==, G_LOG_LEVEL_WARNING);

  level = G_LOG_LEVEL_WARNING;
  path = _cs_drive_library_line ("libisofs", "WARNING",
                                 "File \"/2026/11/26/a/b\" can't be added to Joliet tree, "
                                 "because its path length is larger than 240", FALSE, &level);
  g_assert_cmpint (level, ==, G_LOG_LEVEL_INFO);
  cs_test_assert_contains (path, "/2026/11/26/a/b");
  cs_test_assert_contains (path, "Rock Ridge");

  level = G_LOG_LEVEL_WARNING;
  ucs = _cs_drive_library_line ("libisofs", "WARNING",
                                "Filename not suitable for Joliet character set UCS-2 : "
                                "\"x\xf0\x9f\x98\x80.tar\"", FALSE, &level);
  g_assert_cmpint (level, ==, G_LOG_LEVEL_INFO);
  cs_test_assert_contains (ucs, "x\xf0\x9f\x98\x80.tar");
  cs_test_assert_contains (ucs, "full name");

  /* A library's NOTE is for the debug log, not the window's */
  level = G_LOG_LEVEL_INFO;
  note = _cs_drive_library_line ("libburn", "NOTE", "Write start address is 32 * 2048",
                                 FALSE, &level);
  g_assert_cmpstr (note, ==, "Write start address is 32 * 2048");
  g_assert_cmpint (level, ==, G_LOG_LEVEL_DEBUG);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!cs_drive_library_init (&error))
    g_error ("%s", error->message);

  g_test_add_func ("/messages/map", test_map);
  g_test_add_func ("/messages/cause-copied", test_cause_copied);
  g_test_add_func ("/messages/verify-cause", test_verify_cause);
  g_test_add_func ("/messages/joliet-note", test_joliet_note);
  g_test_add_func ("/messages/cancel-not-fatal", test_cancel_not_fatal);

  return g_test_run ();
}
