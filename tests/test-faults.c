/* test-faults.c – the store job when things go wrong underneath it: the disk holding the
 * image fills up, staging files change while the store runs, the image to append to is
 * corrupted or holds another filesystem
 *
 * The promise under test (issue #4): whatever goes wrong, earlier sessions stay readable, no
 * cback.store marks data that is not on the disc, and every failure says what went wrong.
 * Jobs run as in test-store-job.c; the step hook (cs-store-job-private.h) injects the
 * fault in the worker thread as a step starts. xorriso, when installed, is the independent
 * reader.
 *
 * Dates: 2026-11-25 is a Wednesday, 2026-11-26 a Thursday (no new week in between).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
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
#define RUN_TIMEOUT_S 240

/* ------------------------------------------------------------------------------------------
 * Faults injected from the step hook (worker thread: no assertions there)
 * ------------------------------------------------------------------------------------------ */

typedef enum
{
  CHANGE_NONE,
  CHANGE_GROW,      /* 4 KiB appended */
  CHANGE_SHRINK,    /* cut to half its size */
  CHANGE_DISAPPEAR, /* unlinked */
  CHANGE_REPLACE,   /* another file renamed over it: same size, other bytes, other inode */
  CHANGE_FILL_DISK, /* a filler file takes the free space of the image's filesystem */
} Change;

static const char * const change_names[] = {
  [CHANGE_NONE] = "none",
  [CHANGE_GROW] = "grows",
  [CHANGE_SHRINK] = "shrinks",
  [CHANGE_DISAPPEAR] = "disappears",
  [CHANGE_REPLACE] = "replaced",
  [CHANGE_FILL_DISK] = "disk fills",
};

typedef struct
{
  Change    change;
  CsStep    at;          /* the step whose start triggers the change */
  char     *path;        /* the staging file, or the filler file for CHANGE_FILL_DISK */
  guint64   leave_free;  /* CHANGE_FILL_DISK: bytes left free */

  /* Results, written by the worker, read after the job ended. */
  GMutex    lock;
  GArray   *steps;       /* CsStep, as the hook saw them start */
  gboolean  done;        /* the change was made */
  char     *failure;     /* why it could not be made */
} Fault;

static gboolean
grow_file (const char *path)
{
  static const char tail[4096] = "grown after the image was built";
  int fd = open (path, O_WRONLY | O_APPEND | O_CLOEXEC);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = write (fd, tail, sizeof tail) == sizeof tail;
  close (fd);
  return ok;
}

static gboolean
shrink_file (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 && truncate (path, st.st_size / 2) == 0;
}

static gboolean
replace_file (const char *path)
{
  g_autofree char *tmp = g_strconcat (path, ".new", NULL);
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    data[i] = (char) ~data[i];
  return g_file_set_contents (tmp, data, len, NULL) && g_rename (tmp, path) == 0;
}

/* Takes all but @leave_free bytes of the filesystem holding @path. */
static gboolean
fill_disk (const char *path,
           guint64     leave_free,
           char      **failure)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct statvfs sv;
  guint64 avail;
  int fd, ret;

  if (statvfs (dir, &sv) != 0)
    {
      *failure = g_strdup_printf ("statvfs %s: %s", dir, g_strerror (errno));
      return FALSE;
    }
  avail = (guint64) sv.f_bavail * sv.f_frsize;
  if (avail <= leave_free)
    return TRUE;
  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      *failure = g_strdup_printf ("open %s: %s", path, g_strerror (errno));
      return FALSE;
    }
  ret = posix_fallocate (fd, 0, (off_t) (avail - leave_free));
  close (fd);
  if (ret != 0)
    {
      *failure = g_strdup_printf ("fallocate %s: %s", path, g_strerror (ret));
      return FALSE;
    }
  return TRUE;
}

static void
fault_hook (CsStep   step,
            gpointer user_data)
{
  Fault *fault = user_data;

  g_mutex_lock (&fault->lock);
  g_array_append_val (fault->steps, step);
  if (step == fault->at && fault->change != CHANGE_NONE && !fault->done)
    {
      gboolean ok = FALSE;

      switch (fault->change)
        {
        case CHANGE_GROW:      ok = grow_file (fault->path); break;
        case CHANGE_SHRINK:    ok = shrink_file (fault->path); break;
        case CHANGE_DISAPPEAR: ok = g_unlink (fault->path) == 0; break;
        case CHANGE_REPLACE:   ok = replace_file (fault->path); break;
        case CHANGE_FILL_DISK: ok = fill_disk (fault->path, fault->leave_free, &fault->failure); break;
        case CHANGE_NONE:
        default:               break;
        }
      fault->done = ok;
      if (!ok && fault->failure == NULL)
        fault->failure = g_strdup_printf ("%s %s: %s", change_names[fault->change],
                                          fault->path, g_strerror (errno));
    }
  g_mutex_unlock (&fault->lock);
}

/* ------------------------------------------------------------------------------------------
 * Running a job
 * ------------------------------------------------------------------------------------------ */

typedef struct
{
  CsStoreJob *job;
  GPtrArray  *log;      /* "I:…", "W:…", "D:…" */
  GArray     *steps;    /* CsStep, as the hook saw them start */
  GError     *error;
  gboolean    done;
  gboolean    timed_out;
} Run;

static void
run_free (Run *r)
{
  g_clear_object (&r->job);
  g_ptr_array_unref (r->log);
  g_array_unref (r->steps);
  g_clear_error (&r->error);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

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

/* Runs @job to its end on a private main context, with @fault (may be NULL) as step hook. */
static Run *
run_job (CsStoreJob *job,
         Fault      *fault)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (RUN_TIMEOUT_S);
  Fault none = { .change = CHANGE_NONE };
  Run *r = g_new0 (Run, 1);
  gulong id;

  if (fault == NULL)
    fault = &none;
  g_mutex_init (&fault->lock);
  fault->steps = g_array_new (FALSE, TRUE, sizeof (CsStep));

  r->job = g_object_ref (job);
  r->log = g_ptr_array_new_with_free_func (g_free);
  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, run_timeout, r, NULL);
  g_source_attach (timeout, context);
  id = g_signal_connect (job, "log", G_CALLBACK (on_log), r);
  _cs_store_job_set_step_hook (job, fault_hook, fault);

  cs_store_job_run_async (job, NULL, run_done, r);
  while (!r->done && !r->timed_out)
    g_main_context_iteration (context, TRUE);
  if (r->timed_out)
    g_error ("the job did not finish within %d s", RUN_TIMEOUT_S);
  while (g_main_context_iteration (context, FALSE))
    ;

  g_source_destroy (timeout);
  g_signal_handler_disconnect (job, id);
  _cs_store_job_set_step_hook (job, NULL, NULL);
  g_main_context_pop_thread_default (context);

  g_mutex_lock (&fault->lock);
  r->steps = g_array_ref (fault->steps);
  g_mutex_unlock (&fault->lock);
  g_array_unref (fault->steps);
  fault->steps = NULL;
  g_mutex_clear (&fault->lock);

  for (guint i = 0; i < r->log->len; i++)
    g_test_message ("log %s", (char *) g_ptr_array_index (r->log, i));
  if (r->error != NULL)
    g_test_message ("job failed: %s (code %d)", r->error->message, r->error->code);
  else
    g_test_message ("job succeeded");
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
  char     *outdir;  /* where the image goes: tmpdir/out, a small tmpfs in the disk tests */
  char     *image;   /* outdir/disc.iso */
  char     *target;  /* stdio:image */
  CsConfig *config;
  gboolean  mounted;
} Fixture;

/* The tmpfs of the running test, unmounted even when an assertion aborts the program. */
static char *mounted_dir;

static void
unmount_on_abort (int signum)
{
  if (mounted_dir != NULL)
    umount2 (mounted_dir, MNT_DETACH);
  signal (signum, SIG_DFL);
  raise (signum);
}

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
  if (f->mounted)
    {
      if (umount2 (f->outdir, MNT_DETACH) != 0)
        g_test_message ("umount %s: %s", f->outdir, g_strerror (errno));
      g_clear_pointer (&mounted_dir, g_free);
    }
  cs_test_rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->stage);
  g_free (f->outdir);
  g_free (f->image);
  g_free (f->target);
  cs_config_free (f->config);
}

/* Mounts a tmpfs of @mib MiB on f->outdir; skips the test when that is not possible. */
static gboolean
mount_small_disk (Fixture *f,
                  guint    mib)
{
  g_autofree char *options = g_strdup_printf ("size=%um,mode=0755", mib);

  if (mount ("tmpfs", f->outdir, "tmpfs", MS_NOSUID | MS_NODEV, options) != 0)
    {
      g_autofree char *msg = g_strdup_printf ("cannot mount a %u MiB tmpfs on %s (%s): this "
                                              "needs root and permission to mount",
                                              mib, f->outdir, g_strerror (errno));
      g_test_skip (msg);
      return FALSE;
    }
  f->mounted = TRUE;
  mounted_dir = g_strdup (f->outdir);
  return TRUE;
}

static char *
make_day (Fixture *f,
          int      mday)
{
  g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", mday);

  return cs_test_make_day (f->stage, suffix, TRUE, FALSE);
}

static Run *
store (Fixture *f,
       int      mday,
       Fault   *fault)
{
  g_autoptr(CsStoreJob) job = cs_test_job_new (f->config, CS_STORE_MODE_STORE, mday, f->target);

  return run_job (job, fault);
}

static void
store_ok (Fixture *f,
          int      mday)
{
  g_autoptr(Run) r = store (f, mday, NULL);

  g_assert_no_error (r->error);
  g_assert_true (cs_store_job_get_verified (r->job));
}

/* ------------------------------------------------------------------------------------------
 * Looking at files and images
 * ------------------------------------------------------------------------------------------ */

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len = 0;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

static void
assert_unchanged (const char *path,
                  GBytes     *before)
{
  g_autoptr(GBytes) now = read_file (path);

  g_assert_cmpuint (g_bytes_get_size (now), ==, g_bytes_get_size (before));
  g_assert_true (g_bytes_equal (now, before));
}

/* The first @n bytes of @path after @skip are those of @before. */
static void
assert_prefix_unchanged (const char *path,
                         GBytes     *before,
                         gsize       skip)
{
  g_autoptr(GBytes) now = read_file (path);
  gsize n = g_bytes_get_size (before);

  g_assert_cmpuint (g_bytes_get_size (now), >=, n);
  g_assert_true (memcmp ((const char *) g_bytes_get_data (now, NULL) + skip,
                         (const char *) g_bytes_get_data (before, NULL) + skip, n - skip) == 0);
}

/* xorriso agrees that host1 of November @mday in staging matches the disc. */
static gboolean
day_on_disc (Fixture *f,
             int      mday)
{
  g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", mday);
  g_autofree char *host = g_build_filename (f->stage, suffix, "host1", NULL);
  g_autofree char *iso = g_strconcat ("/", suffix, "/host1", NULL);
  g_autofree char *text = cs_test_xorriso_text (f->image, "-compare_r", host, iso, NULL);

  return strstr (text, "Both file objects match as far as expectable") != NULL
         && strstr (text, "Differences detected") == NULL;
}

/* Offset of the first @needle at or after @from in @data, or -1. */
static gssize
find_marker (GBytes     *data,
             const char *needle,
             gsize       from)
{
  gsize len = 0;
  const char *d = g_bytes_get_data (data, &len);
  gsize n = strlen (needle);

  for (gsize i = from; i + n <= len; i++)
    if (memcmp (d + i, needle, n) == 0)
      return (gssize) i;
  return -1;
}

static void
write_at (const char   *path,
          goffset       offset,
          const guint8 *bytes,
          gsize         n)
{
  int fd = open (path, O_WRONLY | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, bytes, n, offset), ==, (gssize) n);
  close (fd);
}

/* XORs @n bytes of @path at @offset with 0xA5. */
static void
flip_bytes (const char *path,
            goffset     offset,
            gsize       n)
{
  g_autoptr(GBytes) data = read_file (path);
  const guint8 *d = g_bytes_get_data (data, NULL);
  g_autofree guint8 *flipped = g_malloc (n);

  g_assert_cmpuint (offset + n, <=, g_bytes_get_size (data));
  for (gsize i = 0; i < n; i++)
    flipped[i] = d[offset + i] ^ 0xA5;
  write_at (path, offset, flipped, n);
}

/* ------------------------------------------------------------------------------------------
 * The disk holding the image fills up
 * ------------------------------------------------------------------------------------------ */

/* A day that does not fit in what the filesystem has left is refused before writing. */
static void
test_disk_full_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *wed = NULL;
  g_autofree char *thu = NULL;
  g_autofree char *big = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(Run) r = NULL;

  if (!mount_small_disk (f, 20))
    return;
  wed = make_day (f, 25);
  store_ok (f, 25);
  before = read_file (f->image);

  thu = make_day (f, 26);
  big = g_build_filename (thu, "host1", "big.bin", NULL);
  cs_test_fill_file (big, 30 * MIB, 26);

  r = store (f, 26, NULL);
  g_assert_error (r->error, CS_ERROR, CS_ERROR_MEDIUM);
  g_assert_false (step_was_started (r, CS_STEP_WRITE));
  g_assert_nonnull (strstr (r->error->message, f->image));
  g_assert_false (cs_test_is_stored (thu));
  g_assert_true (cs_test_is_stored (wed));
  assert_unchanged (f->image, before);
  if (cs_test_have_xorriso ())
    {
      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);
      g_assert_true (day_on_disc (f, 25));
    }
}

/* The space is there when the store checks, and gone once it writes: another process takes
 * it as the WRITE step starts. Exit status 5, a message that says the target is full, the
 * earlier session intact, and the store goes through once there is room again. */
static void
test_disk_full_mid_write (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *wed = NULL;
  g_autofree char *thu = NULL;
  g_autofree char *big = NULL;
  g_autofree char *filler = g_build_filename (f->tmpdir, "out", "filler", NULL);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(Run) r = NULL;
  g_autoptr(Run) again = NULL;
  Fault fault = { .change = CHANGE_FILL_DISK, .at = CS_STEP_WRITE, .leave_free = 2 * MIB };
  const char *enospc = g_strerror (ENOSPC);

  if (!mount_small_disk (f, 20))
    return;
  wed = make_day (f, 25);
  store_ok (f, 25);
  before = read_file (f->image);

  thu = make_day (f, 26);
  big = g_build_filename (thu, "host1", "big.bin", NULL);
  cs_test_fill_file (big, 12 * MIB, 26);

  fault.path = filler;
  r = store (f, 26, &fault);
  g_assert_null (fault.failure);
  g_assert_true (fault.done);
  g_assert_true (step_was_started (r, CS_STEP_WRITE));
  g_assert_false (step_was_started (r, CS_STEP_MARK_STORED));
  g_assert_nonnull (r->error);
  g_assert_cmpint (cs_error_exit_status (r->error), ==, 5);
  g_assert_error (r->error, CS_ERROR, CS_ERROR_WRITE);
  g_assert_false (cs_test_is_stored (thu));
  g_assert_false (cs_store_job_get_verified (r->job));

  /* The user must learn that the target is full, not just that writing failed. */
  if (strstr (r->error->message, enospc) == NULL && strstr (r->error->message, "full") == NULL)
    g_test_fail_printf ("the error does not say the target is full (“%s”): “%s”%s", enospc,
                        r->error->message,
                        cs_test_lines_contain (r->log, enospc)
                          ? " (the log has it, the error does not)" : "");

  /* The partial session is given back; the first session is byte for byte what it was. */
  assert_unchanged (f->image, before);
  if (cs_test_have_xorriso ())
    {
      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);
      g_assert_true (day_on_disc (f, 25));
    }

  /* Room again: the same store succeeds. */
  g_assert_cmpint (g_unlink (filler), ==, 0);
  again = store (f, 26, NULL);
  g_assert_no_error (again->error);
  g_assert_true (cs_store_job_get_verified (again->job));
  g_assert_true (cs_test_is_stored (thu));
  if (cs_test_have_xorriso ())
    {
      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
      g_assert_true (day_on_disc (f, 25));
      g_assert_true (day_on_disc (f, 26));
    }
}

/* ------------------------------------------------------------------------------------------
 * A staging file changes during the store
 * ------------------------------------------------------------------------------------------ */

typedef struct
{
  Change change;
  CsStep at;
} ChangeCase;

static const ChangeCase change_cases[] = {
  { CHANGE_GROW, CS_STEP_WRITE },
  { CHANGE_SHRINK, CS_STEP_WRITE },
  { CHANGE_DISAPPEAR, CS_STEP_WRITE },
  { CHANGE_REPLACE, CS_STEP_WRITE },
  { CHANGE_GROW, CS_STEP_VERIFY },
  { CHANGE_SHRINK, CS_STEP_VERIFY },
  { CHANGE_DISAPPEAR, CS_STEP_VERIFY },
  { CHANGE_REPLACE, CS_STEP_VERIFY },
};

/* The image was built from the old state (the change comes as WRITE starts) or written from
 * it (as VERIFY starts). Never a success with an indicator for data that differs: a store
 * that fails names the file; one that succeeds has the file's current state on the disc. */
static void
test_staging_changes (Fixture       *f,
                      gconstpointer  data)
{
  const ChangeCase *c = data;
  g_autofree char *day = make_day (f, 26);
  g_autofree char *file = g_build_filename (day, "host1", "data.bin", NULL);
  g_autoptr(Run) r = NULL;
  Fault fault = { .change = c->change, .at = c->at };

  cs_test_fill_file (file, MIB, 99);
  fault.path = file;
  r = store (f, 26, &fault);
  g_assert_null (fault.failure);
  g_assert_true (fault.done);

  if (r->error == NULL)
    {
      /* Allowed only when the disc really holds what staging holds now. */
      g_test_message ("the store succeeded after the file %s as %s started",
                      change_names[c->change], cs_step_title (c->at));
      g_assert_true (cs_test_is_stored (day));
      g_assert_true (cs_store_job_get_verified (r->job));
      if (cs_test_have_xorriso () && !day_on_disc (f, 26))
        g_test_fail_printf ("exit 0 and cback.store, but the disc does not match staging after "
                            "the file %s", change_names[c->change]);
      return;
    }

  g_assert_false (cs_test_is_stored (day));
  g_assert_false (cs_store_job_get_verified (r->job));
  g_assert_cmpint (cs_error_exit_status (r->error), !=, 0);
  g_assert_cmpint (cs_error_exit_status (r->error), !=, CS_ERROR_INTERNAL);
  if (strstr (r->error->message, "host1/data.bin") == NULL)
    g_test_fail_printf ("the error does not name host1/data.bin: “%s”", r->error->message);
}

/* ------------------------------------------------------------------------------------------
 * A corrupted image, or another filesystem, as the target of an append
 * ------------------------------------------------------------------------------------------ */

/* Wednesday's session with a file of known contents; returns the day's path. */
static char *
first_session (Fixture *f)
{
  char *wed = make_day (f, 25);
  g_autofree char *file = g_build_filename (wed, "host1", "data.bin", NULL);

  cs_test_fill_file (file, 256 * 1024, 25);
  store_ok (f, 25);
  return wed;
}

/* Bytes flipped in the block of directory records that holds host1's entries: the tree
 * cannot be read, so nothing is appended and the file is untouched. */
static void
test_corrupt_dir_records (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *wed = first_session (f);
  g_autofree char *thu = NULL;
  g_autoptr(GBytes) image = read_file (f->image);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(Run) r = NULL;
  gssize at;

  /* The Rock Ridge name of host1/etc.tar.gz lives in its directory record. */
  at = find_marker (image, "etc.tar.gz", 32 * 2048);
  g_assert_cmpint (at, >, 0);
  flip_bytes (f->image, at - at % 2048, 2048);
  before = read_file (f->image);

  thu = make_day (f, 26);
  r = store (f, 26, NULL);
  g_assert_nonnull (r->error);
  g_assert_error (r->error, CS_ERROR, CS_ERROR_MEDIUM);
  g_assert_false (step_was_started (r, CS_STEP_WRITE));
  g_assert_false (cs_test_is_stored (thu));
  assert_unchanged (f->image, before);
}

/* Bytes flipped in an earlier session's file data. Appending does not read old file data,
 * so the append may go through, but it must not write over the earlier session; or it is
 * refused and the file is untouched. */
static void
test_corrupt_file_data (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *wed = first_session (f);
  g_autofree char *thu = NULL;
  g_autoptr(GBytes) image = read_file (f->image);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(Run) r = NULL;
  gssize at;

  at = find_marker (image, "contents of 2026/11/25", 32 * 2048);
  g_assert_cmpint (at, >, 0);
  flip_bytes (f->image, at, 8);
  before = read_file (f->image);

  thu = make_day (f, 26);
  r = store (f, 26, NULL);
  if (r->error != NULL)
    {
      g_test_message ("refused: %s", r->error->message);
      g_assert_cmpint (cs_error_exit_status (r->error), ==, CS_ERROR_MEDIUM);
      g_assert_false (cs_test_is_stored (thu));
      assert_unchanged (f->image, before);
      return;
    }

  g_test_message ("appended after an earlier session's file data was corrupted");
  g_assert_true (cs_test_is_stored (thu));
  /* Only the 64 KiB head at LBA 0 is rewritten by an append. */
  assert_prefix_unchanged (f->image, before, 65536);
  if (cs_test_have_xorriso ())
    {
      g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
      g_assert_true (day_on_disc (f, 26));
    }
}

/* The volume space size in the LBA-16 volume descriptor (both byte orders) set to @blocks:
 * the head claims the image ends before the earlier session's data does. */
static void
set_volume_space_size (const char *path,
                       guint32     blocks)
{
  guint8 le[4] = { blocks & 0xff, (blocks >> 8) & 0xff, (blocks >> 16) & 0xff, blocks >> 24 };
  guint8 be[4] = { blocks >> 24, (blocks >> 16) & 0xff, (blocks >> 8) & 0xff, blocks & 0xff };

  write_at (path, 16 * 2048 + 80, le, 4);
  write_at (path, 16 * 2048 + 84, be, 4);
}

/* A head whose size field was damaged: appending at the next writable address it implies
 * would land inside the earlier session. Refused, or the earlier session still reads back. */
static void
test_corrupt_volume_size (Fixture       *f,
                          gconstpointer  data)
{
  guint32 blocks = GPOINTER_TO_UINT (data);
  g_autofree char *wed = first_session (f);
  g_autofree char *thu = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(Run) r = NULL;

  set_volume_space_size (f->image, blocks);
  before = read_file (f->image);

  thu = make_day (f, 26);
  r = store (f, 26, NULL);
  if (r->error != NULL)
    {
      g_test_message ("refused: %s", r->error->message);
      g_assert_false (cs_test_is_stored (thu));
      assert_unchanged (f->image, before);
      if (cs_error_exit_status (r->error) != CS_ERROR_MEDIUM)
        g_test_fail_printf ("a damaged image was refused with exit status %d, not 4: “%s”",
                            cs_error_exit_status (r->error), r->error->message);
      return;
    }

  /* It appended: nothing of the earlier session may have been written over. */
  g_test_message ("appended to an image whose head claims %u blocks", blocks);
  assert_prefix_unchanged (f->image, before, 65536);
  if (cs_test_have_xorriso () && !day_on_disc (f, 25))
    g_test_fail_printf ("the append over a head claiming %u blocks destroyed the earlier "
                        "session: 2026/11/25 no longer reads back", blocks);
}

/* An image of another filesystem: not appended to, untouched. */
static void
test_other_filesystem (Fixture       *f,
                       gconstpointer  data)
{
  const char *mkfs = data;
  g_autofree char *day = make_day (f, 26);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(Run) r = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!cs_test_have_program (mkfs))
    {
      g_autofree char *msg = g_strdup_printf ("%s is not installed", mkfs);
      g_test_skip (msg);
      return;
    }
  {
    int fd = open (f->image, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

    g_assert_cmpint (fd, >=, 0);
    g_assert_cmpint (ftruncate (fd, 8 * MIB), ==, 0);
    close (fd);
  }
  if (g_str_equal (mkfs, "mkfs.ext2"))
    {
      const char * const argv[] = { "mkfs.ext2", "-F", "-q", f->image, NULL };
      status = cs_test_run (argv, &out, &err);
    }
  else
    {
      const char * const argv[] = { mkfs, f->image, NULL };
      status = cs_test_run (argv, &out, &err);
    }
  g_test_message ("%s: %d\n%s%s", mkfs, status, out, err);
  g_assert_cmpint (status, ==, 0);
  before = read_file (f->image);

  r = store (f, 26, NULL);
  g_assert_error (r->error, CS_ERROR, CS_ERROR_MEDIUM);
  g_assert_false (step_was_started (r, CS_STEP_WRITE));
  g_assert_false (cs_test_is_stored (day));
  assert_unchanged (f->image, before);
}

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  cs_test_init_keep_going (&argc, &argv);
  signal (SIGABRT, unmount_on_abort);
  signal (SIGSEGV, unmount_on_abort);
  g_assert_true (cs_drive_library_init (&error));
  g_assert_no_error (error);

  ADD ("/faults/disk-full/refused", test_disk_full_refused, NULL);
  ADD ("/faults/disk-full/mid-write", test_disk_full_mid_write, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (change_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/faults/staging-change/%s/at-%s",
                                               change_names[change_cases[i].change],
                                               change_cases[i].at == CS_STEP_WRITE ? "write"
                                                                                   : "verify");
      ADD (path, test_staging_changes, &change_cases[i]);
    }

  ADD ("/faults/corrupt-image/dir-records", test_corrupt_dir_records, NULL);
  ADD ("/faults/corrupt-image/file-data", test_corrupt_file_data, NULL);
  ADD ("/faults/corrupt-image/volume-size-short", test_corrupt_volume_size, GUINT_TO_POINTER (40));
  ADD ("/faults/corrupt-image/volume-size-zero", test_corrupt_volume_size, GUINT_TO_POINTER (0));
  ADD ("/faults/other-filesystem/ext2", test_other_filesystem, (gpointer) "mkfs.ext2");
  ADD ("/faults/other-filesystem/vfat", test_other_filesystem, (gpointer) "mkfs.vfat");

  return g_test_run ();
}
