/* test-image-wrong.c – no wrong copy without a word (issue 13): a file that changes between
 * building the tree and writing it fails the write; every permission problem is named in
 * one run; the day directory's own attributes are checked; an extended attribute with an
 * empty value is stored, or refused with its reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <sys/xattr.h>

#include "cs-advice.h"
#include "cs-store-job-private.h"
#include "cs-test-engine.h"
#include "cs-test-job.h"

#define NOBODY 65534

typedef struct
{
  char *tmpdir;
  char *day;     /* tmpdir/stage/2026/11/26 */
  char *file;    /* day/host1/z_last */
  char *image;   /* tmpdir/out/disc.iso */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *stage = NULL;
  g_autofree char *out = NULL;
  g_autofree char *host = NULL;
  g_autofree char *first = NULL;

  f->tmpdir = cs_test_make_tmpdir ();
  stage = g_build_filename (f->tmpdir, "stage", NULL);
  f->day = cs_test_make_day (stage, "2026/11/26", TRUE, FALSE);
  host = g_build_filename (f->day, "host1", NULL);
  g_assert_cmpint (g_mkdir_with_parents (host, 0755), ==, 0);
  first = g_build_filename (host, "a_first", NULL);
  cs_test_fill_file (first, 3 * 1024 * 1024, 7);
  f->file = g_build_filename (host, "z_last", NULL);
  cs_test_fill_file (f->file, 256 * 1024, 9);
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
  g_free (f->day);
  g_free (f->file);
  g_free (f->image);
}

static GPtrArray *
fixture_days (Fixture *f)
{
  return cs_test_days_of (cs_test_day_new (f->day, 2026, 11, 26));
}

typedef void (*Change) (Fixture *f);

/* As cs_test_store_image(), with @change run after the tree is built and measured, just
 * before the generator starts: what a file changed during the write looks like. */
static gboolean
store_changed (Fixture  *f,
               Change    change,
               GError  **error)
{
  g_autofree char *address = g_strconcat ("stdio:", f->image, NULL);
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autoptr(CsDrive) drive = NULL;
  g_autoptr(CsImage) image = NULL;
  g_autofree guint8 *head = NULL;
  struct burn_source *src;
  guint64 size;
  gboolean ok = FALSE;

  drive = cs_drive_open (address, cs_test_engine_log, NULL, error);
  g_assert_nonnull (drive);
  image = cs_image_new (CS_TEST_LABEL, cs_test_engine_log, NULL);
  g_assert_true (cs_image_add_day (image, g_ptr_array_index (days, 0), NULL, error));
  size = cs_image_measure (image, CS_FIRST_LBA, FALSE, error);
  g_assert_cmpuint (size, >, 0);

  change (f);

  head = g_malloc0 (CS_HEAD_SIZE);
  src = cs_image_create_source (image, CS_FIRST_LBA, FALSE, head, error);
  g_assert_nonnull (src);
  ok = cs_drive_write (drive, src, CS_FIRST_LBA, TRUE, 0, NULL, NULL, NULL, error)
       && cs_drive_commit_head (drive, head, NULL, NULL, error);
  burn_source_free (src);
  if (!ok)
    cs_drive_rollback_image (drive);
  cs_drive_release (drive, FALSE);
  return ok;
}

static void
remove_file (Fixture *f)
{
  g_assert_cmpint (g_unlink (f->file), ==, 0);
}

static void
grow_file (Fixture *f)
{
  g_autofree char *more = g_malloc (64 * 1024);
  int fd = open (f->file, O_WRONLY | O_APPEND | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  memset (more, 'x', 64 * 1024);
  g_assert_cmpint (write (fd, more, 64 * 1024), ==, 64 * 1024);
  close (fd);
}

static void
shrink_file (Fixture *f)
{
  g_assert_cmpint (truncate (f->file, 1000), ==, 0);
}

static void
assert_wrong_copy (Fixture    *f,
                   Change      change,
                   const char *said)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (store_changed (f, change, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_WRITE);
  g_test_message ("%s", error->message);
  cs_test_assert_contains (error->message, f->file);
  cs_test_assert_contains (error->message, said);
  cs_test_assert_contains (error->message, "holds a wrong copy of");
  cs_test_assert_contains (error->message, "no day was marked stored");
  cs_test_assert_contains (error->message, "store again");
  /* The advice is about the staging run, not the disc (issue 14). */
  g_assert_cmpint (cs_error_get_cause (error), ==, CS_ERROR_CAUSE_SOURCE_CHANGED);
}

static void
no_change (Fixture *f)
{
}

/* A replace (a new disc in an image file) writes a file beside the image: a file that
 * changed during that write is reported for the image it was to replace, in window
 * wording too, not for the temporary file (issue 14). */
static void
test_replace_resized (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *address = g_strconcat ("stdio:", f->image, NULL);
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autoptr(GError) error = NULL;

  g_assert_true (store_changed (f, no_change, &error));
  g_assert_no_error (error);

  for (int window = 0; window <= 1; window++)
    {
      g_autoptr(CsDrive) drive = cs_drive_open (address, cs_test_engine_log, NULL, &error);
      g_autoptr(CsDrive) beside = NULL;
      g_autoptr(CsImage) image = cs_image_new (CS_TEST_LABEL, cs_test_engine_log, NULL);
      g_autofree guint8 *head = g_malloc0 (CS_HEAD_SIZE);
      struct burn_source *src;

      g_assert_no_error (error);
      beside = cs_drive_open_beside (drive, &error);
      g_assert_no_error (error);
      g_assert_true (cs_image_add_day (image, g_ptr_array_index (days, 0), NULL, &error));
      g_assert_cmpuint (cs_image_measure (image, CS_FIRST_LBA, FALSE, &error), >, 0);
      grow_file (f);
      src = cs_image_create_source (image, CS_FIRST_LBA, FALSE, head, &error);
      g_assert_nonnull (src);
      cs_advice_set_audience (window ? CS_AUDIENCE_WINDOW : CS_AUDIENCE_COMMAND_LINE);
      g_assert_false (cs_drive_write (beside, src, CS_FIRST_LBA, TRUE, 0, NULL, NULL, NULL,
                                      &error));
      cs_advice_set_audience (CS_AUDIENCE_COMMAND_LINE);
      burn_source_free (src);
      cs_drive_release (beside, FALSE);
      cs_drive_release (drive, FALSE);

      g_assert_error (error, CS_ERROR, CS_ERROR_WRITE);
      g_test_message ("%s", error->message);
      g_assert_cmpint (cs_error_get_cause (error), ==, CS_ERROR_CAUSE_SOURCE_CHANGED);
      g_assert_null (strstr (error->message, ".new-"));
      g_assert_null (strstr (error->message, "earlier sessions"));
      cs_test_assert_contains (error->message, "The image file was not replaced");
      cs_test_assert_contains (error->message, window ? "written to image file disc.iso holds"
                                                      : "/disc.iso holds");
      g_clear_error (&error);
    }
}

/* A file removed after the tree was built: libisofs wrote zeros with a MISHAP. */
static void
test_removed (Fixture       *f,
              gconstpointer  data)
{
  assert_wrong_copy (f, remove_file, "can't be opened. Filling with 0s");
}

/* A file that grew or shrank: cut or padded with zeros, with a MISHAP. */
static void
test_resized (Fixture       *f,
              gconstpointer  data)
{
  assert_wrong_copy (f, grow_file, "has changed. It will be truncated");
  cs_test_rm_rf (f->image);
  assert_wrong_copy (f, shrink_file, "has changed. It will be padded with 0's");
}

typedef struct
{
  const char *remove;  /* removed as the write step starts, in the worker */
  GError     *error;
  gboolean    done;
} JobRun;

static void
remove_at_write (CsStep   step,
                 gpointer user_data)
{
  JobRun *run = user_data;

  if (step == CS_STEP_WRITE)
    g_assert_cmpint (g_unlink (run->remove), ==, 0);
}

static void
job_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  JobRun *run = user_data;

  cs_store_job_run_finish (CS_STORE_JOB (object), result, &run->error);
  run->done = TRUE;
}

/* The whole store, with and without the read-back: a file removed once the image is built
 * (its generator already running, the first 24 MiB ahead of it) fails the write with exit
 * status 5, and the day is not marked stored. */
static void
test_job_removed (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *stage = g_build_filename (f->tmpdir, "stage", NULL);
  g_autofree char *big = g_build_filename (f->day, "host1", "a_first", NULL);
  g_autofree char *marker = g_build_filename (f->day, "cback.store", NULL);
  g_autofree char *target = g_strconcat ("stdio:", f->image, NULL);

  cs_test_fill_file (big, 24 * 1024 * 1024, 11);

  for (int verify = 0; verify <= 1; verify++)
    {
      CsConfig *config = cs_test_job_config_new (stage);
      g_autoptr(CsStoreJob) job = cs_test_job_new (config, CS_STORE_MODE_STORE, 26, target);
      g_autoptr(GMainContext) context = g_main_context_new ();
      JobRun run = { .remove = f->file };

      cs_test_fill_file (f->file, 256 * 1024, 9);
      cs_store_job_set_verify (job, verify);
      _cs_store_job_set_step_hook (job, remove_at_write, &run);
      g_main_context_push_thread_default (context);
      cs_store_job_run_async (job, NULL, job_done, &run);
      while (!run.done)
        g_main_context_iteration (context, TRUE);
      g_main_context_pop_thread_default (context);
      cs_config_free (config);

      g_assert_error (run.error, CS_ERROR, CS_ERROR_WRITE);
      g_test_message ("verify %d: %s", verify, run.error->message);
      g_assert_cmpint (cs_error_exit_status (run.error), ==, 5);
      cs_test_assert_contains (run.error->message, f->file);
      cs_test_assert_contains (run.error->message, "can't be opened. Filling with 0s");
      cs_test_assert_contains (run.error->message, "no day was marked stored");
      g_assert_false (cs_test_exists (marker));
      g_clear_error (&run.error);
    }
}

/* The day directory's own mode and xattrs are compared, in the tree and on the disc. */
static void
test_day_dir_attrs (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autoptr(CsImage) image = cs_image_new (CS_TEST_LABEL, cs_test_engine_log, NULL);
  g_autoptr(GError) error = NULL;

  if (setxattr (f->day, "user.day", "1", 1, 0) != 0)
    {
      g_test_skip ("no user xattrs on the temporary directory's filesystem");
      return;
    }
  g_assert_true (cs_image_add_day (image, g_ptr_array_index (days, 0), NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (setxattr (f->day, "user.day", "2", 1, XATTR_REPLACE), ==, 0);
  g_assert_false (cs_verify_tree (cs_image_get_day_dir (image, g_ptr_array_index (days, 0)),
                                  f->day, "/2026/11/26", &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  g_test_message ("tree: %s", error->message);
  cs_test_assert_contains (error->message, "“user.day” differs");
  g_clear_error (&error);

  g_assert_true (cs_test_store_image (f->image, days, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_test_verify_image (f->image, days, &error));
  g_assert_cmpint (setxattr (f->day, "user.day", "3", 1, XATTR_REPLACE), ==, 0);
  g_assert_false (cs_test_verify_image (f->image, days, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_VERIFY);
  g_test_message ("disc: %s", error->message);
  cs_test_assert_contains (error->message, "/2026/11/26");
  cs_test_assert_contains (error->message, "“user.day” differs");
  g_clear_error (&error);

  g_assert_cmpint (setxattr (f->day, "user.day", "2", 1, XATTR_REPLACE), ==, 0);
  g_assert_cmpint (chmod (f->day, 0700), ==, 0);
  g_assert_false (cs_test_verify_image (f->image, days, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_VERIFY);
  cs_test_assert_contains (error->message, "permissions 0755 on the disc, 0700");
}

/* An xattr with an empty value, on a file and on the day directory: stored and read back
 * (also by xorriso) when another attribute can end the list, else refused with why. */
static void
test_empty_xattr (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autofree char *lonely = g_build_filename (f->day, "host1", "lonely", NULL);
  g_autoptr(GError) error = NULL;

  if (setxattr (f->file, "user.x", "1", 1, 0) != 0)
    {
      g_test_skip ("no user xattrs on the temporary directory's filesystem");
      return;
    }
  /* The empty one last, as the kernel lists them: the order libisofs cannot read back. */
  g_assert_cmpint (setxattr (f->file, "user.e", "", 0, 0), ==, 0);
  g_assert_cmpint (setxattr (f->day, "user.k", "v", 1, 0), ==, 0);
  g_assert_cmpint (setxattr (f->day, "user.d", "", 0, 0), ==, 0);

  g_assert_true (cs_test_store_image (f->image, days, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_test_verify_image (f->image, days, &error));
  g_assert_no_error (error);
  if (cs_test_have_xorriso ())
    {
      g_autofree char *indev = g_strconcat ("stdio:", f->image, NULL);
      const char * const argv[] = { "xorriso", "-xattr", "on", "-indev", indev, "-getfattr_r",
                                    "/2026/11/26", "--", NULL };
      g_autofree char *out = NULL;

      g_assert_cmpint (cs_test_run (argv, &out, NULL), ==, 0);
      g_test_message ("xorriso -getfattr_r:\n%s", out);
      cs_test_assert_contains (out, "# file: 2026/11/26\nuser.d=\"\"\nuser.k=\"v\"\n");
      cs_test_assert_contains (out, "# file: 2026/11/26/host1/z_last\nuser.e=\"\"\nuser.x=\"1\"\n");
    }

  /* Alone, an empty value cannot end the list: refused before anything is written. */
  cs_test_rm_rf (f->image);
  cs_test_write_file (lonely, "only an empty xattr\n", -1);
  g_assert_cmpint (setxattr (lonely, "user.e", "", 0, 0), ==, 0);
  g_assert_false (cs_test_store_image (f->image, days, NULL, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  g_test_message ("%s", error->message);
  cs_test_assert_contains (error->message, lonely);
  cs_test_assert_contains (error->message, "“user.e” has an empty value");
  cs_test_assert_contains (error->message, "(setfattr -x user.e)");
  g_assert_false (cs_test_exists (f->image) && cs_test_file_size (f->image) > 0);
}

/* Named after the parent's pid, so the parent removes it whatever happens to the child. */
static char *
subprocess_dir (const char *name)
{
  g_autofree char *base = g_strdup_printf ("cedar-store-test-%s-%d", name,
                                           (int) (g_test_subprocess () ? getppid () : getpid ()));
  return g_build_filename (g_get_tmp_dir (), base, NULL);
}

/* Seven files and directories uid 65534 cannot read or enter: one run names them all,
 * instead of stopping the walk at the first (issue 13). */
static void
test_permission_problems (void)
{
  static const char * const locked[] = { "host1/f1", "host1/f2", "host1/f3", "host2/d1",
                                         "host2/d2", "host2/no-x", "host3/sub/f4" };
  g_autofree char *dir = subprocess_dir ("permissions");
  g_autofree char *stage = g_build_filename (dir, "stage", NULL);
  g_autofree char *day = g_build_filename (stage, "2026", "11", "26", NULL);
  g_autofree char *image = g_build_filename (dir, "disc.iso", NULL);

  if (g_test_subprocess ())
    {
      g_autoptr(GPtrArray) days = cs_test_days_of (cs_test_day_new (day, 2026, 11, 26));
      g_autoptr(GError) error = NULL;
      guint named = 0;

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
      g_assert_false (cs_test_store_image (image, days, NULL, &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
      g_test_message ("%s", error->message);
      cs_test_assert_contains (error->message, "(7 problems)");
      cs_test_assert_contains (error->message, "and 4 more");
      cs_test_assert_contains (error->message, "permission denied");
      for (guint i = 0; i < G_N_ELEMENTS (locked); i++)
        {
          g_autofree char *path = g_build_filename (day, locked[i], NULL);

          named += strstr (error->message, path) != NULL;
        }
      g_assert_cmpuint (named, ==, 3);
      g_assert_false (cs_test_exists (image) && cs_test_file_size (image) > 0);
      return;
    }

  cs_test_rm_rf (dir);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_free (cs_test_make_day (stage, "2026/11/26", TRUE, FALSE));
  for (guint i = 0; i < G_N_ELEMENTS (locked); i++)
    {
      g_autofree char *path = g_build_filename (day, locked[i], NULL);
      g_autofree char *parent = g_path_get_dirname (path);
      g_autofree char *inside = g_build_filename (path, "inner.txt", NULL);

      g_autofree char *base = g_path_get_basename (path);

      g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
      /* d1, d2: directories nobody may read; no-x: one it may list but not enter. */
      if (base[0] == 'd' || g_str_equal (base, "no-x"))
        {
          g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
          cs_test_write_file (inside, "behind a locked door\n", -1);
        }
      else
        cs_test_write_file (path, "locked\n", -1);
    }
  if (geteuid () == 0)
    cs_test_chown_tree (dir, NOBODY, NOBODY);
  for (guint i = 0; i < G_N_ELEMENTS (locked); i++)
    {
      g_autofree char *path = g_build_filename (day, locked[i], NULL);

      g_assert_cmpint (chmod (path, g_str_has_suffix (path, "no-x") ? 0644 : 0), ==, 0);
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  for (guint i = 0; i < G_N_ELEMENTS (locked); i++)
    {
      g_autofree char *path = g_build_filename (day, locked[i], NULL);

      chmod (path, 0755);
    }
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

  FIXTURE_TEST ("/image-wrong/removed-during-write", test_removed);
  FIXTURE_TEST ("/image-wrong/resized-during-write", test_resized);
  FIXTURE_TEST ("/image-wrong/replace-resized-during-write", test_replace_resized);
  FIXTURE_TEST ("/image-wrong/job-removed-during-write", test_job_removed);
  FIXTURE_TEST ("/image-wrong/day-dir-attrs", test_day_dir_attrs);
  FIXTURE_TEST ("/image-wrong/empty-xattr", test_empty_xattr);
  g_test_add_func ("/image-wrong/permission-problems", test_permission_problems);

  return g_test_run ();
}
