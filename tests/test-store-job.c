/* test-store-job.c – the store job end to end, on stdio: image files
 *
 * Every test runs in its own temporary directory: a staging root "stage" and an image file
 * "disc.iso" next to it. Jobs run asynchronously on a private main context that the test
 * iterates until the job's callback fires; everything the job emits is collected. When
 * xorriso is installed it reads the images back as an independent reader.
 *
 * Dates: 2026-11-23 is a Monday, 2026-11-26 a Thursday, 2026-11-30 the next Monday.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-config.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-staging.h"
#include "cs-store-job.h"
#include "cs-store-job-private.h"
#include "cs-test-job.h"
#include "cs-test-util.h"

#define MIB (1024 * 1024)

/* No job in this suite should take anywhere near this long. */
#define RUN_TIMEOUT_S 240

static GThread *main_thread;

/* ------------------------------------------------------------------------------------------
 * Running a job and collecting what it emits
 * ------------------------------------------------------------------------------------------ */

typedef enum
{
  EV_STARTED,
  EV_FINISHED,
  EV_PROGRESS,
} EventKind;

typedef struct
{
  EventKind  kind;
  CsStep     step;
  GError    *error;     /* EV_FINISHED only */
  double     fraction;  /* EV_PROGRESS only */
} Event;

typedef struct
{
  /* What to do while running. */
  double        cancel_at;        /* < 0: never; else cancel once WRITE progress passes it */
  char         *flip_path;        /* flip the first byte of this file as VERIFY starts */
  gboolean      cancel_at_verify; /* cancel from the worker as VERIFY starts */

  /* What was seen. */
  CsStoreJob   *job;
  GCancellable *cancellable;
  GPtrArray    *log;              /* "D:…", "I:…", "W:…" */
  GArray       *events;           /* Event, in arrival order */
  guint         n_progress;
  guint         n_write_progress;
  guint         n_bad_write_fraction;
  double        max_write_fraction;
  guint         n_wrong_thread;   /* signals emitted anywhere but the main thread */
  gboolean      cancel_sent;
  gboolean      timed_out;
  gboolean      done;
  GError       *error;            /* the job's result */

  /* Filled by the step hook in the worker thread. */
  GMutex        hook_lock;
  GArray       *hook_steps;       /* CsStep */
  guint         n_hook_on_main;
  gboolean      flip_failed;
} Run;

static void
event_clear (gpointer data)
{
  Event *ev = data;

  g_clear_error (&ev->error);
}

static Run *
run_new (void)
{
  Run *r = g_new0 (Run, 1);

  r->cancel_at = -1.0;
  r->cancellable = g_cancellable_new ();
  r->log = g_ptr_array_new_with_free_func (g_free);
  r->events = g_array_new (FALSE, TRUE, sizeof (Event));
  g_array_set_clear_func (r->events, event_clear);
  g_mutex_init (&r->hook_lock);
  r->hook_steps = g_array_new (FALSE, TRUE, sizeof (CsStep));
  return r;
}

static void
run_free (Run *r)
{
  g_clear_object (&r->job);
  g_clear_object (&r->cancellable);
  g_ptr_array_unref (r->log);
  g_array_unref (r->events);
  g_array_unref (r->hook_steps);
  g_mutex_clear (&r->hook_lock);
  g_clear_error (&r->error);
  g_free (r->flip_path);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static void
check_thread (Run *r)
{
  if (g_thread_self () != main_thread)
    r->n_wrong_thread++;
}

static void
on_log (CsStoreJob *job,
        int         level,
        const char *message,
        Run        *r)
{
  char tag = (level & G_LOG_LEVEL_DEBUG) ? 'D' :
             (level & G_LOG_LEVEL_INFO) ? 'I' :
             (level & G_LOG_LEVEL_MESSAGE) ? 'M' :
             (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR)) ? 'W' : '?';

  check_thread (r);
  g_ptr_array_add (r->log, g_strdup_printf ("%c:%s", tag, message));
}

static void
on_step_started (CsStoreJob *job,
                 CsStep      step,
                 Run        *r)
{
  Event ev = { .kind = EV_STARTED, .step = step };

  check_thread (r);
  g_array_append_val (r->events, ev);
}

static void
on_step_finished (CsStoreJob   *job,
                  CsStep        step,
                  const GError *error,
                  Run          *r)
{
  Event ev = { .kind = EV_FINISHED, .step = step, .error = error ? g_error_copy (error) : NULL };

  check_thread (r);
  g_array_append_val (r->events, ev);
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
  Event ev = { .kind = EV_PROGRESS, .step = step, .fraction = fraction };

  check_thread (r);
  g_array_append_val (r->events, ev);
  r->n_progress++;
  if (step != CS_STEP_WRITE)
    return;

  r->n_write_progress++;
  if (!(fraction >= 0.0 && fraction <= 1.0))
    r->n_bad_write_fraction++;
  r->max_write_fraction = MAX (r->max_write_fraction, fraction);
  if (r->cancel_at >= 0.0 && fraction > r->cancel_at && !r->cancel_sent)
    {
      r->cancel_sent = TRUE;
      g_cancellable_cancel (r->cancellable);
    }
}

/* Flips the first byte of @path in place; no assertions, this runs in the worker. */
static gboolean
flip_first_byte (const char *path)
{
  unsigned char c;
  int fd = open (path, O_RDWR | O_CLOEXEC);
  struct stat st;
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fstat (fd, &st) == 0;
  ok = ok && pread (fd, &c, 1, 0) == 1;
  c ^= 0x20;
  ok = ok && pwrite (fd, &c, 1, 0) == 1;
  /* Keep the times: xorriso -compare_r also compares mtime, and only the bytes should
   * differ (a slow run, e.g. under ASan, would otherwise cross a second). */
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
  gboolean flip = step == CS_STEP_VERIFY && r->flip_path != NULL;

  g_mutex_lock (&r->hook_lock);
  g_array_append_val (r->hook_steps, step);
  if (g_thread_self () == main_thread)
    r->n_hook_on_main++;
  if (flip && !flip_first_byte (r->flip_path))
    r->flip_failed = TRUE;
  if (step == CS_STEP_VERIFY && r->cancel_at_verify)
    g_cancellable_cancel (r->cancellable);
  g_mutex_unlock (&r->hook_lock);
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *r = user_data;

  check_thread (r);
  if (cs_store_job_run_finish (CS_STORE_JOB (object), result, &r->error))
    g_assert_null (r->error);
  else
    g_assert_nonnull (r->error);
  r->done = TRUE;
}

static gboolean
run_timeout (gpointer user_data)
{
  Run *r = user_data;

  r->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs @job to completion on a private, thread-default main context. */
static Run *
run_job_with (CsStoreJob *job,
              Run        *r)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (RUN_TIMEOUT_S);
  gulong ids[4];

  r->job = g_object_ref (job);
  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, run_timeout, r, NULL);
  g_source_attach (timeout, context);

  ids[0] = g_signal_connect (job, "log", G_CALLBACK (on_log), r);
  ids[1] = g_signal_connect (job, "step-started", G_CALLBACK (on_step_started), r);
  ids[2] = g_signal_connect (job, "step-finished", G_CALLBACK (on_step_finished), r);
  ids[3] = g_signal_connect (job, "progress", G_CALLBACK (on_progress), r);
  _cs_store_job_set_step_hook (job, step_hook, r);

  g_assert_cmpint (cs_store_job_get_state (job), ==, CS_JOB_STATE_READY);
  cs_store_job_run_async (job, r->cancellable, run_done, r);
  g_assert_cmpint (cs_store_job_get_state (job), ==, CS_JOB_STATE_RUNNING);

  while (!r->done && !r->timed_out)
    g_main_context_iteration (context, TRUE);
  if (r->timed_out)
    g_error ("the job did not finish within %d s", RUN_TIMEOUT_S);
  /* Anything still queued would arrive after the result: it must not exist. */
  {
    guint before = r->events->len + r->log->len;
    while (g_main_context_iteration (context, FALSE))
      ;
    g_assert_cmpuint (r->events->len + r->log->len, ==, before);
  }

  g_source_destroy (timeout);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_signal_handler_disconnect (job, ids[i]);
  _cs_store_job_set_step_hook (job, NULL, NULL);
  g_main_context_pop_thread_default (context);

  for (guint i = 0; i < r->log->len; i++)
    g_test_message ("log %s", (char *) g_ptr_array_index (r->log, i));
  if (r->error != NULL)
    g_test_message ("job failed: %s (code %d)", r->error->message, r->error->code);

  /* Always: every signal on the caller's thread, the hook never on it. */
  g_assert_cmpuint (r->n_wrong_thread, ==, 0);
  g_assert_cmpuint (r->n_hook_on_main, ==, 0);
  g_assert_false (r->flip_failed);

  /* The final state follows the result. */
  if (r->error == NULL)
    g_assert_cmpint (cs_store_job_get_state (job), ==, CS_JOB_STATE_SUCCEEDED);
  else if (cs_error_exit_status (r->error) == CS_ERROR_CANCELLED)
    g_assert_cmpint (cs_store_job_get_state (job), ==, CS_JOB_STATE_CANCELLED);
  else
    g_assert_cmpint (cs_store_job_get_state (job), ==, CS_JOB_STATE_FAILED);
  return r;
}

static Run *
run_job (CsStoreJob *job)
{
  return run_job_with (job, run_new ());
}

/* The job failed with CS_ERROR @code (= the headless exit status). A right exit status in
 * the wrong domain marks the test failed but lets it go on checking. */
static void
assert_cs_error (const GError *error,
                 CsErrorCode   code)
{
  g_assert_nonnull (error);
  g_assert_cmpint (cs_error_exit_status (error), ==, code);
  if (!g_error_matches (error, CS_ERROR, code))
    g_test_message ("FAILED: expected a CS_ERROR %d, got %s %d “%s”", code,
                    g_quark_to_string (error->domain), error->code, error->message);
  if (!g_error_matches (error, CS_ERROR, code))
    g_test_fail_printf ("expected a CS_ERROR %d, got %s %d “%s” (exit status %d)", code,
                        g_quark_to_string (error->domain), error->code, error->message,
                        cs_error_exit_status (error));
}

static gboolean
step_was_started (Run    *r,
                  CsStep  step)
{
  for (guint i = 0; i < r->events->len; i++)
    {
      Event *ev = &g_array_index (r->events, Event, i);
      if (ev->kind == EV_STARTED && ev->step == step)
        return TRUE;
    }
  return FALSE;
}

/* The error the step finished with; asserts that it did finish. */
static const GError *
step_error (Run    *r,
            CsStep  step)
{
  for (guint i = 0; i < r->events->len; i++)
    {
      Event *ev = &g_array_index (r->events, Event, i);
      if (ev->kind == EV_FINISHED && ev->step == step)
        return ev->error;
    }
  g_assert_not_reached ();
  return NULL;
}

/* The step signals, without progress, are exactly started/finished pairs for @steps in
 * order; all finished without error except possibly the last (@last_error: its code, or 0). */
static void
assert_steps (Run          *r,
              const CsStep *steps,
              guint         n_steps,
              int           last_error)
{
  guint k = 0;

  for (guint i = 0; i < r->events->len; i++)
    {
      Event *ev = &g_array_index (r->events, Event, i);
      guint idx = k / 2;

      if (ev->kind == EV_PROGRESS)
        {
          /* Progress only inside its own step. */
          g_assert_cmpuint (k % 2, ==, 1);
          g_assert_cmpint (ev->step, ==, steps[idx]);
          continue;
        }
      g_assert_cmpuint (idx, <, n_steps);
      g_assert_cmpint (ev->step, ==, steps[idx]);
      if (k % 2 == 0)
        g_assert_cmpint (ev->kind, ==, EV_STARTED);
      else
        {
          g_assert_cmpint (ev->kind, ==, EV_FINISHED);
          if (idx == n_steps - 1 && last_error != 0)
            g_assert_error (ev->error, CS_ERROR, last_error);
          else
            g_assert_no_error (ev->error);
        }
      k++;
    }
  g_assert_cmpuint (k, ==, 2 * n_steps);

  /* The hook saw the same steps start, in the same order. */
  g_assert_cmpuint (r->hook_steps->len, ==, n_steps);
  for (guint i = 0; i < n_steps; i++)
    g_assert_cmpint (g_array_index (r->hook_steps, CsStep, i), ==, steps[i]);
}

static const CsStep all_steps[] = {
  CS_STEP_FIND_DAY, CS_STEP_BUILD_IMAGE, CS_STEP_WRITE, CS_STEP_VERIFY, CS_STEP_MARK_STORED,
};

/* ------------------------------------------------------------------------------------------
 * Fixture: staging root, image file, settings
 * ------------------------------------------------------------------------------------------ */

typedef struct
{
  char     *tmpdir;
  char     *stage;   /* tmpdir/stage */
  char     *image;   /* tmpdir/disc.iso */
  char     *target;  /* stdio:tmpdir/disc.iso */
  CsConfig *config;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->tmpdir = cs_test_make_tmpdir ();
  f->stage = g_build_filename (f->tmpdir, "stage", NULL);
  g_assert_cmpint (g_mkdir (f->stage, 0755), ==, 0);
  f->image = g_build_filename (f->tmpdir, "disc.iso", NULL);
  f->target = g_strconcat ("stdio:", f->image, NULL);

  f->config = cs_test_job_config_new (f->stage);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cs_test_rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->stage);
  g_free (f->image);
  g_free (f->target);
  cs_config_free (f->config);
}

/* A day of November 2026 in the staging tree: host1/etc.tar.gz, host1/cback.collect. */
static char *
make_day (Fixture  *f,
          int       mday,
          gboolean  staged,
          gboolean  stored)
{
  g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", mday);

  return cs_test_make_day (f->stage, suffix, staged, stored);
}

static char *
day_path (Fixture *f,
          int      mday)
{
  g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", mday);

  return g_build_filename (f->stage, suffix, NULL);
}

static CsStoreJob *
make_job (Fixture     *f,
          CsStoreMode  mode,
          int          mday,
          const char  *target)
{
  return cs_test_job_new (f->config, mode, mday, target ? target : f->target);
}

/* Runs a store of @mode with today = November @mday into @target (NULL: the fixture's). */
static Run *
store (Fixture     *f,
       CsStoreMode  mode,
       int          mday,
       const char  *target)
{
  g_autoptr(CsStoreJob) job = make_job (f, mode, mday, target);

  return run_job (job);
}

/* Same, and it must succeed with every step and the read-back done. */
static void
store_ok (Fixture     *f,
          CsStoreMode  mode,
          int          mday)
{
  g_autoptr(Run) r = store (f, mode, mday, NULL);

  g_assert_no_error (r->error);
  assert_steps (r, all_steps, G_N_ELEMENTS (all_steps), 0);
  g_assert_true (cs_store_job_get_verified (r->job));
}

/* ------------------------------------------------------------------------------------------
 * Looking at files and images
 * ------------------------------------------------------------------------------------------ */

static gint64
file_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    return -1;
  return st.st_size;
}

static char *
file_checksum (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static void
assert_indicator (const char *day,
                  gboolean    present)
{
  g_autofree char *ind = g_build_filename (day, CS_STORE_INDICATOR, NULL);
  GStatBuf st;

  if (!present)
    {
      g_assert_false (cs_test_exists (ind));
      return;
    }
  g_assert_cmpint (g_lstat (ind, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_size, ==, 0);
}

static void
remove_indicator (const char *day)
{
  g_autofree char *ind = g_build_filename (day, CS_STORE_INDICATOR, NULL);

  g_assert_cmpint (g_unlink (ind), ==, 0);
}

static guint32
le32 (const guchar *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static gboolean
block_is_pvd (const guchar *block)
{
  return block[0] == 1 && memcmp (block + 1, "CD001", 5) == 0 && block[6] == 1;
}

/* An image file as this suite expects them: a whole number of blocks, an ISO 9660 PVD at
 * LBA 16 whose volume space size covers the file. */
static void
assert_image_sane (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  guint32 blocks;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_cmpuint (len % 2048, ==, 0);
  g_assert_cmpuint (len, >=, 17 * 2048);
  g_assert_cmpmem (data + 16 * 2048 + 1, 5, "CD001", 5);
  g_assert_true (block_is_pvd ((const guchar *) data + 16 * 2048));
  blocks = le32 ((const guchar *) data + 16 * 2048 + 80);
  g_assert_cmpuint ((guint64) blocks * 2048, ==, len);
}

/* Counts sessions by walking the superblock chain from LBA 32 (libburnia-verified.md A.2):
 * each session's own PVD at start+16, the next one at the next multiple of 32 blocks. */
static guint
image_sessions (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  guint64 lba = 32;
  guint n = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return 0;
  while ((lba + 17) * 2048 <= len)
    {
      const guchar *pvd = (const guchar *) data + (lba + 16) * 2048;
      guint32 size;

      if (!block_is_pvd (pvd) || (size = le32 (pvd + 80)) == 0)
        break;
      n++;
      lba = (lba + size + 31) / 32 * 32;
    }
  return n;
}

/* ------------------------------------------------------------------------------------------
 * xorriso as an independent reader
 * ------------------------------------------------------------------------------------------ */

/* `-compare_r DISK ISO`: TRUE when xorriso says everything matches. */
static gboolean
xorriso_matches (const char *image,
                 const char *disk_path,
                 const char *iso_path)
{
  g_autofree char *text = cs_test_xorriso_text (image, "-compare_r", disk_path, iso_path, NULL);

  return strstr (text, "Both file objects match as far as expectable") != NULL
         && strstr (text, "Differences detected") == NULL;
}

/* As xorriso_matches(), but only the data and the file set count: xorriso also compares
 * st_ctime, which any write changes and nobody can set back. */
static gboolean
xorriso_contents_match (const char *image,
                        const char *disk_path,
                        const char *iso_path)
{
  g_autofree char *text = cs_test_xorriso_text (image, "-compare_r", disk_path, iso_path, NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  gboolean compared = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "Both file objects match") != NULL
          || strstr (lines[i], "Differences detected") != NULL)
        compared = TRUE;
      if (g_str_has_prefix (lines[i], "- ") || g_str_has_prefix (lines[i], "? "))
        {
          if (strstr (lines[i], ": st_ctime :") == NULL)
            return FALSE;
        }
    }
  return compared;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* The names in an ISO directory, one per line, sorted, joined with spaces. */
static char *
xorriso_ls (const char *image,
            const char *iso_dir)
{
  g_autofree char *pattern = g_strconcat (iso_dir, "/*", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ind = g_strconcat ("stdio:", image, NULL);
  const char *argv[] = { "xorriso", "-abort_on", "NEVER", "-indev", ind, "-lsd", pattern, NULL };
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) lines = NULL;

  cs_test_run (argv, &out, &err);
  g_test_message ("xorriso -lsd %s:\n%s\n%s", pattern, out, err);
  lines = g_strsplit (out ? out : "", "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = g_strstrip (lines[i]);
      gsize len = strlen (line);

      if (len >= 2 && line[0] == '\'' && line[len - 1] == '\'')
        {
          g_autofree char *path = g_strndup (line + 1, len - 2);
          g_ptr_array_add (names, g_path_get_basename (path));
        }
    }
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* xorriso agrees that @host1 of November @mday matches /2026/11/DD/host1. */
static void
assert_day_on_disc (Fixture *f,
                    int      mday)
{
  g_autofree char *day = day_path (f, mday);
  g_autofree char *host = g_build_filename (day, "host1", NULL);
  g_autofree char *iso = g_strdup_printf ("/2026/11/%02d/host1", mday);

  g_assert_true (xorriso_matches (f->image, host, iso));
}

/* Makes @path a file of @size bytes without writing them (a sparse file). */
static void
make_sparse_file (const char *path,
                  goffset     size)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  close (fd);
}

static char *
host_file (const char *day,
           const char *name)
{
  return g_build_filename (day, "host1", name, NULL);
}

/* ------------------------------------------------------------------------------------------
 * Tests
 * ------------------------------------------------------------------------------------------ */

/* 1. A blank image, one staged day: a new disc, verified, marked stored. */
static void
test_new_disc (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *day = make_day (f, 26, TRUE, FALSE);
  g_autoptr(Run) r = NULL;
  GPtrArray *days;

  g_assert_false (cs_test_exists (f->image));
  r = store (f, CS_STORE_MODE_STORE, 26, NULL);
  g_assert_no_error (r->error);
  assert_steps (r, all_steps, G_N_ELEMENTS (all_steps), 0);
  g_assert_true (cs_store_job_get_verified (r->job));
  g_assert_cmpstr (cs_store_job_get_target (r->job), ==, f->target);
  g_assert_nonnull (cs_store_job_get_medium (r->job));

  days = cs_store_job_get_days (r->job);
  g_assert_nonnull (days);
  g_assert_cmpuint (days->len, ==, 1);
  g_assert_cmpstr (((CsDay *) g_ptr_array_index (days, 0))->suffix, ==, "2026/11/26");

  assert_indicator (day, TRUE);
  assert_image_sane (f->image);
  g_assert_cmpuint (image_sessions (f->image), ==, 1);

  if (cs_test_have_xorriso ())
    {
      g_autofree char *names = xorriso_ls (f->image, "/2026/11");

      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);
      g_assert_cmpstr (names, ==, "26");
      assert_day_on_disc (f, 26);
    }
}

/* 2. Three days in a row, mid-week: three sessions on one growing image. */
static void
test_appends (Fixture       *f,
              gconstpointer  data)
{
  const int mdays[] = { 26, 27, 28 };
  char *days[G_N_ELEMENTS (mdays)];
  gboolean xo = cs_test_have_xorriso ();
  gint64 last = 0;

  for (guint i = 0; i < G_N_ELEMENTS (mdays); i++)
    days[i] = make_day (f, mdays[i], TRUE, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (mdays); i++)
    {
      gint64 size;

      store_ok (f, CS_STORE_MODE_STORE, mdays[i]);
      for (guint j = 0; j < G_N_ELEMENTS (mdays); j++)
        assert_indicator (days[j], j <= i);

      size = file_size (f->image);
      g_assert_cmpint (size, >, last);
      last = size;
      assert_image_sane (f->image);
      g_assert_cmpuint (image_sessions (f->image), ==, i + 1);

      if (xo)
        {
          g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, i + 1);
          for (guint j = 0; j <= i; j++)
            assert_day_on_disc (f, mdays[j]);
        }
    }

  if (xo)
    {
      g_autofree char *names = xorriso_ls (f->image, "/2026/11");
      g_assert_cmpstr (names, ==, "26 27 28");
    }

  for (guint i = 0; i < G_N_ELEMENTS (mdays); i++)
    g_free (days[i]);
}

/* 3. Appends mid-week, then the start of the week (no blank_behavior): a new disc. */
static void
test_new_week (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *thu = make_day (f, 26, TRUE, FALSE);
  g_autofree char *fri = make_day (f, 27, TRUE, FALSE);
  g_autofree char *mon = NULL;
  g_autoptr(Run) r = NULL;
  gint64 before;

  store_ok (f, CS_STORE_MODE_STORE, 26);
  store_ok (f, CS_STORE_MODE_STORE, 27);
  g_assert_cmpuint (image_sessions (f->image), ==, 2);
  before = file_size (f->image);

  mon = make_day (f, 30, TRUE, FALSE);
  r = store (f, CS_STORE_MODE_STORE, 30, NULL);
  g_assert_no_error (r->error);
  assert_steps (r, all_steps, G_N_ELEMENTS (all_steps), 0);
  g_assert_true (cs_test_lines_contain (r->log, "Setting new disc flag based on todayIsStart."));
  assert_indicator (mon, TRUE);

  assert_image_sane (f->image);
  g_assert_cmpint (file_size (f->image), <, before);
  g_assert_cmpuint (image_sessions (f->image), ==, 1);

  if (cs_test_have_xorriso ())
    {
      g_autofree char *names = xorriso_ls (f->image, "/2026/11");

      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);
      g_assert_cmpstr (names, ==, "30");
      assert_day_on_disc (f, 30);
    }
}

/* 4. --full: today only, already stored, onto a new disc. */
static void
test_full (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *wed = make_day (f, 25, TRUE, FALSE);
  g_autofree char *thu = NULL;
  g_autofree char *ind = NULL;
  g_autofree char *sum = NULL;
  g_autoptr(Run) plain = NULL;
  g_autoptr(Run) r = NULL;

  store_ok (f, CS_STORE_MODE_STORE, 25);
  thu = make_day (f, 26, TRUE, TRUE);
  g_assert_cmpuint (image_sessions (f->image), ==, 1);

  /* A plain store finds nothing: 25 and 26 are stored, 27 does not exist. */
  sum = file_checksum (f->image);
  plain = store (f, CS_STORE_MODE_STORE, 26, NULL);
  assert_cs_error (plain->error, CS_ERROR_NOTHING_TO_STORE);
  {
    g_autofree char *after = file_checksum (f->image);
    g_assert_cmpstr (after, ==, sum);
  }

  r = store (f, CS_STORE_MODE_FULL, 26, NULL);
  g_assert_no_error (r->error);
  assert_steps (r, all_steps, G_N_ELEMENTS (all_steps), 0);
  g_assert_true (cs_store_job_get_verified (r->job));
  assert_indicator (thu, TRUE);
  assert_indicator (wed, TRUE);

  assert_image_sane (f->image);
  g_assert_cmpuint (image_sessions (f->image), ==, 1);
  if (cs_test_have_xorriso ())
    {
      g_autofree char *names = xorriso_ls (f->image, "/2026/11");

      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);
      g_assert_cmpstr (names, ==, "26");
      assert_day_on_disc (f, 26);
    }
}

/* 5. --rebuild on a Thursday, week starting Monday: Mon…Thu onto one new disc. */
static void
test_rebuild (Fixture       *f,
              gconstpointer  data)
{
  const int week[] = { 23, 24, 25, 26 };
  g_autofree char *sun = make_day (f, 22, TRUE, FALSE);
  g_autofree char *mon = make_day (f, 23, TRUE, FALSE);
  g_autoptr(Run) r = NULL;
  GPtrArray *days;

  /* Monday was stored normally: a new disc of its own. */
  store_ok (f, CS_STORE_MODE_STORE, 23);
  assert_indicator (mon, TRUE);
  for (guint i = 1; i < G_N_ELEMENTS (week); i++)
    g_free (make_day (f, week[i], TRUE, FALSE));

  r = store (f, CS_STORE_MODE_REBUILD, 26, NULL);
  g_assert_no_error (r->error);
  assert_steps (r, all_steps, G_N_ELEMENTS (all_steps), 0);
  g_assert_true (cs_store_job_get_verified (r->job));

  days = cs_store_job_get_days (r->job);
  g_assert_nonnull (days);
  g_assert_cmpuint (days->len, ==, G_N_ELEMENTS (week));
  for (guint i = 0; i < G_N_ELEMENTS (week); i++)
    {
      g_autofree char *day = day_path (f, week[i]);
      g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", week[i]);
      gboolean listed = FALSE;

      assert_indicator (day, TRUE);
      for (guint j = 0; j < days->len; j++)
        if (g_str_equal (((CsDay *) g_ptr_array_index (days, j))->suffix, suffix))
          listed = TRUE;
      g_assert_true (listed);
    }
  /* Sunday is last week's. */
  assert_indicator (sun, FALSE);

  assert_image_sane (f->image);
  g_assert_cmpuint (image_sessions (f->image), ==, 1);
  if (cs_test_have_xorriso ())
    {
      g_autofree char *names = xorriso_ls (f->image, "/2026/11");

      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);
      g_assert_cmpstr (names, ==, "23 24 25 26");
      for (guint i = 0; i < G_N_ELEMENTS (week); i++)
        assert_day_on_disc (f, week[i]);
    }
}

/* 6. <blank_behavior> daily: Cedar's ratio rule decides (ratio = available / (1 + required)). */
static void
test_blank_factor (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Run) r = NULL;
  g_autoptr(Run) r2 = NULL;
  gboolean xo = cs_test_have_xorriso ();

  g_free (make_day (f, 25, TRUE, FALSE));
  store_ok (f, CS_STORE_MODE_STORE, 25);

  /* Factor 0: the ratio is never ≤ 0 with room left, so append. */
  f->config->blank_mode = CS_BLANK_DAILY;
  f->config->blank_factor = 0.0;
  g_free (make_day (f, 26, TRUE, FALSE));
  r = store (f, CS_STORE_MODE_STORE, 26, NULL);
  g_assert_no_error (r->error);
  assert_steps (r, all_steps, G_N_ELEMENTS (all_steps), 0);
  g_assert_true (cs_test_lines_contain (r->log, "Calculated ratio: "));
  g_assert_true (cs_test_lines_contain (r->log, "? False"));
  g_assert_cmpuint (image_sessions (f->image), ==, 2);
  if (xo)
    {
      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
      assert_day_on_disc (f, 25);
      assert_day_on_disc (f, 26);
    }

  /* Factor 1e9: a bd-re holds far less than 1e9 times a small day, so a new disc. */
  f->config->blank_factor = 1e9;
  g_free (make_day (f, 27, TRUE, FALSE));
  r2 = store (f, CS_STORE_MODE_STORE, 27, NULL);
  g_assert_no_error (r2->error);
  assert_steps (r2, all_steps, G_N_ELEMENTS (all_steps), 0);
  g_assert_true (cs_test_lines_contain (r2->log, "? True"));
  assert_image_sane (f->image);
  g_assert_cmpuint (image_sessions (f->image), ==, 1);
  if (xo)
    {
      g_autofree char *names = xorriso_ls (f->image, "/2026/11");

      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);
      g_assert_cmpstr (names, ==, "27");
      assert_day_on_disc (f, 27);
    }
}

/* 7. A day larger than a cdr-74 is refused before anything is written. */
static void
test_capacity (Fixture       *f,
               gconstpointer  data)
{
  const CsStep refused[] = { CS_STEP_FIND_DAY, CS_STEP_BUILD_IMAGE };
  g_autofree char *thu = NULL;
  g_autofree char *big = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *fresh = g_build_filename (f->tmpdir, "fresh.iso", NULL);
  g_autofree char *fresh_target = g_strconcat ("stdio:", fresh, NULL);
  g_autoptr(Run) r = NULL;
  g_autoptr(Run) r2 = NULL;

  f->config->media_type = CS_MEDIA_CDR_74;
  g_free (make_day (f, 25, TRUE, FALSE));
  store_ok (f, CS_STORE_MODE_STORE, 25);

  thu = make_day (f, 26, TRUE, FALSE);
  big = host_file (thu, "big.bin");
  make_sparse_file (big, (goffset) 700 * MIB);   /* 734,003,200 > 681,574,400 */

  /* Append onto the existing image. */
  before = file_checksum (f->image);
  r = store (f, CS_STORE_MODE_STORE, 26, NULL);
  assert_cs_error (r->error, CS_ERROR_MEDIUM);
  g_assert_cmpint (cs_error_exit_status (r->error), ==, 4);
  assert_steps (r, refused, G_N_ELEMENTS (refused), CS_ERROR_MEDIUM);
  g_assert_false (step_was_started (r, CS_STEP_WRITE));
  g_assert_true (cs_test_lines_contain (r->log, "does not fit"));
  assert_indicator (thu, FALSE);
  after = file_checksum (f->image);
  g_assert_cmpstr (after, ==, before);

  /* A new disc into a file that does not exist yet: it still does not. */
  r2 = store (f, CS_STORE_MODE_STORE, 26, fresh_target);
  assert_cs_error (r2->error, CS_ERROR_MEDIUM);
  assert_steps (r2, refused, G_N_ELEMENTS (refused), CS_ERROR_MEDIUM);
  assert_indicator (thu, FALSE);
  g_assert_false (cs_test_exists (fresh));
}

/* 8. A staging file changes after writing: the check fails, nothing is marked stored. */
static void
test_verify_mismatch (Fixture       *f,
                      gconstpointer  data)
{
  const CsStep steps[] = { CS_STEP_FIND_DAY, CS_STEP_BUILD_IMAGE, CS_STEP_WRITE, CS_STEP_VERIFY };
  g_autofree char *day = make_day (f, 26, TRUE, FALSE);
  g_autoptr(CsStoreJob) job = make_job (f, CS_STORE_MODE_STORE, 26, NULL);
  g_autoptr(Run) r = run_new ();
  g_autofree char *host1 = g_build_filename (day, "host1", NULL);
  const GError *verify_error;

  r->flip_path = host_file (day, "etc.tar.gz");
  run_job_with (job, r);

  assert_cs_error (r->error, CS_ERROR_VERIFY);
  g_assert_cmpint (cs_error_exit_status (r->error), ==, 6);
  g_assert_nonnull (strstr (r->error->message, "host1/etc.tar.gz"));
  assert_steps (r, steps, G_N_ELEMENTS (steps), CS_ERROR_VERIFY);
  verify_error = step_error (r, CS_STEP_VERIFY);
  assert_cs_error (verify_error, CS_ERROR_VERIFY);
  g_assert_cmpstr (verify_error->message, ==, r->error->message);
  g_assert_false (step_was_started (r, CS_STEP_MARK_STORED));
  g_assert_false (cs_store_job_get_verified (job));
  assert_indicator (day, FALSE);

  /* The disc holds what was staged before the flip: flipping back makes them match. */
  if (cs_test_have_xorriso ())
    {
      g_assert_false (xorriso_matches (f->image, host1, "/2026/11/26/host1"));
      g_assert_true (flip_first_byte (r->flip_path));
      g_assert_true (xorriso_contents_match (f->image, host1, "/2026/11/26/host1"));
    }
}

/* A cancel while reading back, before the LBA-0 head makes the session visible: the image
 * is byte-identical to before (the written session is rolled back), nothing is marked. */
static void
test_cancel_at_verify (Fixture       *f,
                       gconstpointer  data)
{
  const CsStep steps[] = { CS_STEP_FIND_DAY, CS_STEP_BUILD_IMAGE, CS_STEP_WRITE, CS_STEP_VERIFY };
  g_autofree char *thu = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(CsStoreJob) job = NULL;
  g_autoptr(Run) r = run_new ();

  g_free (make_day (f, 25, TRUE, FALSE));
  store_ok (f, CS_STORE_MODE_STORE, 25);
  before = file_checksum (f->image);

  thu = make_day (f, 26, TRUE, FALSE);
  job = make_job (f, CS_STORE_MODE_STORE, 26, NULL);
  r->cancel_at_verify = TRUE;
  run_job_with (job, r);

  assert_cs_error (r->error, CS_ERROR_CANCELLED);
  assert_steps (r, steps, G_N_ELEMENTS (steps), CS_ERROR_CANCELLED);
  assert_indicator (thu, FALSE);
  after = file_checksum (f->image);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (image_sessions (f->image), ==, 1);
  if (cs_test_have_xorriso ())
    assert_day_on_disc (f, 25);
}

/* Cancels the job from its "progress" handler once the write is past 5 %. */
static Run *
store_and_cancel (Fixture *f,
                  int      mday)
{
  const CsStep steps[] = { CS_STEP_FIND_DAY, CS_STEP_BUILD_IMAGE, CS_STEP_WRITE };
  g_autoptr(CsStoreJob) job = make_job (f, CS_STORE_MODE_STORE, mday, NULL);
  Run *r = run_new ();

  r->cancel_at = 0.05;
  run_job_with (job, r);
  g_assert_true (r->cancel_sent);
  assert_cs_error (r->error, CS_ERROR_CANCELLED);
  g_assert_cmpint (cs_error_exit_status (r->error), ==, 7);
  assert_steps (r, steps, G_N_ELEMENTS (steps), CS_ERROR_CANCELLED);
  g_assert_false (step_was_started (r, CS_STEP_VERIFY));
  g_assert_false (step_was_started (r, CS_STEP_MARK_STORED));
  g_assert_false (cs_store_job_get_verified (job));
  return r;
}

/* 9. Cancelling the append of a big day: no indicator, the image rolled back and readable,
 * and the next store goes through. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *thu = NULL;
  g_autofree char *big = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(Run) again = NULL;
  gint64 size_before;

  /* A small day makes a one-session image. */
  g_free (make_day (f, 25, TRUE, FALSE));
  store_ok (f, CS_STORE_MODE_STORE, 25);
  before = file_checksum (f->image);
  size_before = file_size (f->image);

  thu = make_day (f, 26, TRUE, FALSE);
  big = host_file (thu, "big.bin");
  cs_test_fill_file (big, 300 * MIB, 42);

  {
    g_autoptr(Run) r = store_and_cancel (f, 26);
  }
  assert_indicator (thu, FALSE);
  g_assert_cmpint (file_size (f->image), ==, size_before);
  after = file_checksum (f->image);
  g_assert_cmpstr (after, ==, before);
  assert_image_sane (f->image);
  g_assert_cmpuint (image_sessions (f->image), ==, 1);
  if (cs_test_have_xorriso ())
    {
      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);
      assert_day_on_disc (f, 25);
    }

  /* Storing again right away (the window's Store button after Cancel) must work. */
  again = store (f, CS_STORE_MODE_STORE, 26, NULL);
  if (again->error != NULL)
    {
      g_test_fail_printf ("the store right after a cancelled one failed: %s%s",
                          again->error->message,
                          cs_test_lines_contain (again->log, "A drive operation is still going on")
                            ? " (libburn: “A drive operation is still going on (want to "
                              "write)”, yet the write counted as done)" : "");
    }
  else
    {
      assert_steps (again, all_steps, G_N_ELEMENTS (all_steps), 0);
      assert_indicator (thu, TRUE);
      assert_image_sane (f->image);
      g_assert_cmpuint (image_sessions (f->image), ==, 2);
      if (cs_test_have_xorriso ())
        {
          g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
          assert_day_on_disc (f, 25);
          assert_day_on_disc (f, 26);
        }
    }
}

/* 9b. Cancelling a new disc into an image file that did not exist: the file is gone. */
static void
test_cancel_new_file (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *thu = make_day (f, 26, TRUE, FALSE);
  g_autofree char *big = host_file (thu, "big.bin");
  g_autoptr(Run) r = NULL;

  cs_test_fill_file (big, 300 * MIB, 43);
  r = store_and_cancel (f, 26);
  assert_indicator (thu, FALSE);
  g_assert_false (cs_test_exists (f->image));
}

/* 10. Nothing staged and unstored in the window: status 3, nothing created. */
static void
test_nothing_to_store (Fixture       *f,
                       gconstpointer  data)
{
  const CsStep steps[] = { CS_STEP_FIND_DAY };
  g_autofree char *stored = make_day (f, 26, TRUE, TRUE);
  g_autofree char *unstaged = make_day (f, 25, FALSE, FALSE);
  g_autoptr(Run) r = store (f, CS_STORE_MODE_STORE, 26, NULL);

  assert_cs_error (r->error, CS_ERROR_NOTHING_TO_STORE);
  g_assert_cmpint (cs_error_exit_status (r->error), ==, 3);
  assert_steps (r, steps, G_N_ELEMENTS (steps), CS_ERROR_NOTHING_TO_STORE);
  g_assert_false (cs_test_exists (f->image));
  assert_indicator (unstaged, FALSE);
}

/* 11. A target inside the staging tree is refused before anything is opened. */
static void
test_target_in_staging (Fixture       *f,
                        gconstpointer  data)
{
  const CsStep steps[] = { CS_STEP_FIND_DAY };
  g_autofree char *day = make_day (f, 26, TRUE, FALSE);
  g_autofree char *link = g_build_filename (f->tmpdir, "stage-link", NULL);
  char *paths[] = {
    g_build_filename (day, "x.iso", NULL),
    g_build_filename (f->stage, "disc.iso", NULL),
    g_build_filename (link, "disc.iso", NULL),     /* the same, through a symlink */
  };

  g_assert_cmpint (symlink (f->stage, link), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *target = g_strconcat ("stdio:", paths[i], NULL);
      g_autoptr(Run) r = store (f, CS_STORE_MODE_STORE, 26, target);

      g_test_message ("target %s", target);
      assert_cs_error (r->error, CS_ERROR_MEDIUM);
      assert_steps (r, steps, G_N_ELEMENTS (steps), CS_ERROR_MEDIUM);
      g_assert_false (cs_test_exists (paths[i]));
      assert_indicator (day, FALSE);
    }
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    g_free (paths[i]);
}

/* 12. An image file that is not ISO 9660: no append; --full starts over. */
static void
test_foreign_image (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *day = make_day (f, 26, TRUE, FALSE);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(Run) r = NULL;
  g_autoptr(Run) full = NULL;
  int fd;

  cs_test_fill_file (f->image, 64 * 1024, 7);
  fd = open (f->image, O_WRONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, MIB), ==, 0);
  close (fd);
  before = file_checksum (f->image);

  r = store (f, CS_STORE_MODE_STORE, 26, NULL);
  assert_cs_error (r->error, CS_ERROR_MEDIUM);
  g_assert_false (step_was_started (r, CS_STEP_WRITE));
  assert_indicator (day, FALSE);
  g_assert_cmpint (file_size (f->image), ==, MIB);
  after = file_checksum (f->image);
  g_assert_cmpstr (after, ==, before);

  full = store (f, CS_STORE_MODE_FULL, 26, NULL);
  g_assert_no_error (full->error);
  assert_steps (full, all_steps, G_N_ELEMENTS (all_steps), 0);
  g_assert_true (cs_store_job_get_verified (full->job));
  assert_indicator (day, TRUE);
  assert_image_sane (f->image);
  g_assert_cmpuint (image_sessions (f->image), ==, 1);
  if (cs_test_have_xorriso ())
    {
      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);
      assert_day_on_disc (f, 26);
    }
}

/* 13. A good image cut in half is not appended to. */
static void
test_truncated_image (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *wed = make_day (f, 25, TRUE, FALSE);
  g_autofree char *data_file = host_file (wed, "data.bin");
  g_autofree char *thu = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(Run) r = NULL;
  gint64 half;

  cs_test_fill_file (data_file, MIB, 5);
  store_ok (f, CS_STORE_MODE_STORE, 25);
  half = file_size (f->image) / 2;
  g_assert_cmpint (half, >, 64 * 1024);
  g_assert_cmpint (truncate (f->image, half), ==, 0);
  before = file_checksum (f->image);

  thu = make_day (f, 26, TRUE, FALSE);
  r = store (f, CS_STORE_MODE_STORE, 26, NULL);
  assert_cs_error (r->error, CS_ERROR_MEDIUM);
  g_assert_false (step_was_started (r, CS_STEP_WRITE));
  assert_indicator (thu, FALSE);
  g_assert_cmpint (file_size (f->image), ==, half);
  after = file_checksum (f->image);
  g_assert_cmpstr (after, ==, before);
}

/* 14. A day stored again (its indicator removed, a file changed): the newest session holds
 * what is staged now. */
static void
test_day_again (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *day = make_day (f, 26, TRUE, FALSE);
  g_autofree char *file = host_file (day, "etc.tar.gz");
  g_autofree char *added = host_file (day, "added.txt");

  store_ok (f, CS_STORE_MODE_STORE, 26);
  remove_indicator (day);
  cs_test_write_file (file, "changed contents, and longer than before\n", -1);
  cs_test_write_file (added, "a file that was not there\n", -1);
  /* The reader notices the change (so its "match" below means something). */
  if (cs_test_have_xorriso ())
    {
      g_autofree char *host = g_build_filename (day, "host1", NULL);
      g_assert_false (xorriso_matches (f->image, host, "/2026/11/26/host1"));
    }

  store_ok (f, CS_STORE_MODE_STORE, 26);
  assert_indicator (day, TRUE);
  assert_image_sane (f->image);
  g_assert_cmpuint (image_sessions (f->image), ==, 2);
  if (cs_test_have_xorriso ())
    {
      g_autofree char *names = xorriso_ls (f->image, "/2026/11");

      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
      g_assert_cmpstr (names, ==, "26");
      assert_day_on_disc (f, 26);
    }
}

/* 15. check_media: a rewritable type needs a label; initialize gives one; write-once media
 * cannot be initialized. */
static void
test_check_media (Fixture       *f,
                  gconstpointer  data)
{
  const CsStep label_steps[] = { CS_STEP_FIND_DAY, CS_STEP_BUILD_IMAGE };
  g_autofree char *day = make_day (f, 26, TRUE, FALSE);
  g_autofree char *other = g_build_filename (f->tmpdir, "bd-r.iso", NULL);
  g_autofree char *other_target = g_strconcat ("stdio:", other, NULL);
  g_autoptr(Run) r = NULL;
  g_autoptr(Run) init = NULL;
  g_autoptr(Run) bdr = NULL;

  f->config->check_media = TRUE;
  f->config->media_type = CS_MEDIA_BDRE;

  r = store (f, CS_STORE_MODE_STORE, 26, NULL);
  assert_cs_error (r->error, CS_ERROR_MEDIUM);
  g_assert_nonnull (strstr (r->error->message, "no media label"));
  assert_steps (r, label_steps, G_N_ELEMENTS (label_steps), CS_ERROR_MEDIUM);
  assert_indicator (day, FALSE);
  g_assert_false (cs_test_exists (f->image));

  init = store (f, CS_STORE_MODE_INITIALIZE, 26, NULL);
  g_assert_no_error (init->error);
  assert_steps (init, all_steps, G_N_ELEMENTS (all_steps), 0);
  assert_indicator (day, FALSE);
  assert_image_sane (f->image);
  g_assert_cmpuint (image_sessions (f->image), ==, 1);
  if (cs_test_have_xorriso ())
    {
      g_autofree char *names = xorriso_ls (f->image, "");
      g_assert_cmpstr (names, ==, "CedarBackup");
    }

  store_ok (f, CS_STORE_MODE_STORE, 26);
  assert_indicator (day, TRUE);
  g_assert_cmpuint (image_sessions (f->image), ==, 2);
  if (cs_test_have_xorriso ())
    {
      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
      assert_day_on_disc (f, 26);
    }

  f->config->media_type = CS_MEDIA_BDR;
  bdr = store (f, CS_STORE_MODE_INITIALIZE, 26, other_target);
  assert_cs_error (bdr->error, CS_ERROR_MEDIUM);
  g_assert_false (step_was_started (bdr, CS_STEP_WRITE));
  g_assert_false (cs_test_exists (other));
}

/* 16. A dry run decides and measures but writes nothing. */
static void
test_dry_run (Fixture       *f,
              gconstpointer  data)
{
  const CsStep steps[] = { CS_STEP_FIND_DAY, CS_STEP_BUILD_IMAGE };
  g_autofree char *thu = make_day (f, 26, TRUE, FALSE);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  {
    g_autoptr(CsStoreJob) job = make_job (f, CS_STORE_MODE_STORE, 26, NULL);
    g_autoptr(Run) r = NULL;

    cs_store_job_set_dry_run (job, TRUE);
    r = run_job (job);
    g_assert_no_error (r->error);
    assert_steps (r, steps, G_N_ELEMENTS (steps), 0);
    g_assert_false (cs_store_job_get_verified (job));
    g_assert_false (cs_test_exists (f->image));
    assert_indicator (thu, FALSE);
  }

  /* Over an existing image: unchanged. */
  g_free (make_day (f, 25, TRUE, FALSE));
  store_ok (f, CS_STORE_MODE_STORE, 25);
  before = file_checksum (f->image);
  {
    g_autoptr(CsStoreJob) job = make_job (f, CS_STORE_MODE_STORE, 26, NULL);
    g_autoptr(Run) r = NULL;

    cs_store_job_set_dry_run (job, TRUE);
    r = run_job (job);
    g_assert_no_error (r->error);
    assert_steps (r, steps, G_N_ELEMENTS (steps), 0);
    assert_indicator (thu, FALSE);
  }
  after = file_checksum (f->image);
  g_assert_cmpstr (after, ==, before);
}

/* 17. warn_midnite: storing yesterday's day says so (and only when configured). */
static void
test_warn_midnite (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *wed = make_day (f, 25, TRUE, FALSE);
  g_autofree char *fri = NULL;
  g_autoptr(Run) r = NULL;
  g_autoptr(Run) quiet = NULL;

  f->config->warn_midnite = TRUE;
  r = store (f, CS_STORE_MODE_STORE, 26, NULL);
  g_assert_no_error (r->error);
  assert_steps (r, all_steps, G_N_ELEMENTS (all_steps), 0);
  g_assert_true (cs_test_lines_contain (r->log, "crossed midnite"));
  assert_indicator (wed, TRUE);

  f->config->warn_midnite = FALSE;
  fri = make_day (f, 27, TRUE, FALSE);
  quiet = store (f, CS_STORE_MODE_STORE, 28, NULL);
  g_assert_no_error (quiet->error);
  g_assert_false (cs_test_lines_contain (quiet->log, "crossed midnite"));
  assert_indicator (fri, TRUE);
}

/* 18. Progress during the write, fractions in [0, 1], every signal on the main thread. */
static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *day = make_day (f, 26, TRUE, FALSE);
  g_autofree char *big = host_file (day, "big.bin");
  g_autoptr(CsStoreJob) job = make_job (f, CS_STORE_MODE_STORE, 26, NULL);
  g_autoptr(Run) r = NULL;

  cs_test_fill_file (big, 48 * MIB, 3);
  r = run_job (job);
  g_assert_no_error (r->error);
  assert_steps (r, all_steps, G_N_ELEMENTS (all_steps), 0);

  g_assert_cmpuint (r->n_write_progress, >=, 1);
  g_assert_cmpuint (r->n_bad_write_fraction, ==, 0);
  g_assert_cmpfloat (r->max_write_fraction, ==, 1.0);
  g_assert_cmpuint (r->n_progress, >=, r->n_write_progress);
  g_assert_cmpuint (r->n_wrong_thread, ==, 0);
  g_assert_cmpuint (r->log->len, >, 0);
  g_assert_cmpfloat (cs_store_job_get_fraction (job), ==, 1.0);
  g_assert_cmpint (cs_store_job_get_step (job), ==, CS_STEP_MARK_STORED);
}

/* 19. allow-erase off (the window's store without a confirmation): a new disc over an image
 * holding a session stops before anything is written, with exit status 4; an append, a dry
 * run and a blank target go on. Default on (headless, cron). */
static void
test_erase_refused (Fixture       *f,
                    gconstpointer  data)
{
  const CsStep refused_steps[] = { CS_STEP_FIND_DAY, CS_STEP_BUILD_IMAGE };
  g_autofree char *wed = make_day (f, 25, TRUE, FALSE);
  g_autofree char *thu = make_day (f, 26, TRUE, FALSE);
  g_autofree char *mon = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* A blank target has nothing to lose. */
  {
    g_autoptr(CsStoreJob) job = make_job (f, CS_STORE_MODE_STORE, 25, NULL);
    g_autoptr(Run) r = NULL;

    g_assert_true (cs_store_job_get_allow_erase (job));
    cs_store_job_set_allow_erase (job, FALSE);
    r = run_job (job);
    g_assert_no_error (r->error);
    g_assert_false (cs_store_job_get_erase_refused (job));
  }
  /* Mid-week: an append. */
  {
    g_autoptr(CsStoreJob) job = make_job (f, CS_STORE_MODE_STORE, 26, NULL);
    g_autoptr(Run) r = NULL;

    g_object_set (job, "allow-erase", FALSE, NULL);
    r = run_job (job);
    g_assert_no_error (r->error);
    assert_steps (r, all_steps, G_N_ELEMENTS (all_steps), 0);
  }
  g_assert_cmpuint (image_sessions (f->image), ==, 2);
  before = file_checksum (f->image);

  /* Monday starts a new disc: refused, nothing written, nothing marked. */
  mon = make_day (f, 30, TRUE, FALSE);
  {
    g_autoptr(CsStoreJob) job = make_job (f, CS_STORE_MODE_STORE, 30, NULL);
    g_autoptr(Run) r = NULL;

    cs_store_job_set_allow_erase (job, FALSE);
    r = run_job (job);
    assert_cs_error (r->error, CS_ERROR_MEDIUM);
    assert_steps (r, refused_steps, G_N_ELEMENTS (refused_steps), CS_ERROR_MEDIUM);
    g_assert_false (step_was_started (r, CS_STEP_WRITE));
    g_assert_true (cs_store_job_get_erase_refused (job));
    g_assert_nonnull (strstr (r->error->message, "not confirmed"));
    g_assert_nonnull (strstr (r->error->message, f->image));
    assert_indicator (mon, FALSE);
    /* The plan was still posted: the window can ask with it. */
    g_assert_nonnull (cs_store_job_get_plan (job));
    g_assert_true (cs_store_job_get_plan (job)->new_disc);
  }
  after = file_checksum (f->image);
  g_assert_cmpstr (after, ==, before);

  /* --full likewise; a dry run is never refused. */
  {
    g_autoptr(CsStoreJob) job = make_job (f, CS_STORE_MODE_FULL, 26, NULL);
    g_autoptr(Run) r = NULL;

    cs_store_job_set_allow_erase (job, FALSE);
    r = run_job (job);
    assert_cs_error (r->error, CS_ERROR_MEDIUM);
    g_assert_true (cs_store_job_get_erase_refused (job));
  }
  {
    g_autoptr(CsStoreJob) job = make_job (f, CS_STORE_MODE_STORE, 30, NULL);
    g_autoptr(Run) r = NULL;

    cs_store_job_set_allow_erase (job, FALSE);
    cs_store_job_set_dry_run (job, TRUE);
    r = run_job (job);
    g_assert_no_error (r->error);
    g_assert_false (cs_store_job_get_erase_refused (job));
  }
  g_free (after);
  after = file_checksum (f->image);
  g_assert_cmpstr (after, ==, before);

  /* Confirmed (the default): the new disc is written. */
  {
    g_autoptr(CsStoreJob) job = make_job (f, CS_STORE_MODE_STORE, 30, NULL);
    g_autoptr(Run) r = run_job (job);

    g_assert_no_error (r->error);
    g_assert_false (cs_store_job_get_erase_refused (job));
    assert_indicator (mon, TRUE);
    g_assert_cmpuint (image_sessions (f->image), ==, 1);
  }
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  cs_test_init_keep_going (&argc, &argv);
  main_thread = g_thread_self ();
  g_assert_true (cs_drive_library_init (&error));
  g_assert_no_error (error);

  ADD ("/store-job/new-disc", test_new_disc);
  ADD ("/store-job/appends", test_appends);
  ADD ("/store-job/new-week", test_new_week);
  ADD ("/store-job/full", test_full);
  ADD ("/store-job/rebuild", test_rebuild);
  ADD ("/store-job/blank-factor", test_blank_factor);
  ADD ("/store-job/capacity", test_capacity);
  ADD ("/store-job/verify-mismatch", test_verify_mismatch);
  ADD ("/store-job/cancel", test_cancel);
  ADD ("/store-job/cancel-at-verify", test_cancel_at_verify);
  ADD ("/store-job/cancel-new-file", test_cancel_new_file);
  ADD ("/store-job/nothing-to-store", test_nothing_to_store);
  ADD ("/store-job/target-in-staging", test_target_in_staging);
  ADD ("/store-job/foreign-image", test_foreign_image);
  ADD ("/store-job/truncated-image", test_truncated_image);
  ADD ("/store-job/day-again", test_day_again);
  ADD ("/store-job/check-media", test_check_media);
  ADD ("/store-job/dry-run", test_dry_run);
  ADD ("/store-job/warn-midnite", test_warn_midnite);
  ADD ("/store-job/progress", test_progress);
  ADD ("/store-job/erase-refused", test_erase_refused);

  return g_test_run ();
}
