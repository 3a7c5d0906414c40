/* test-missing-cli.c – the cedar-store binary with staging files it cannot store whole
 * (issue 13): the reported 4 KB path refused before anything is written, run after run,
 * and names that are not UTF-8 stored byte for byte whatever the locale (cron runs with
 * LANG unset), also across an append made in the other locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-drive.h"
#include "cs-staging.h"
#include "cs-verify.h"
#include "cs-test-cli.h"
#include "cs-test-util.h"

typedef struct
{
  char   *tmpdir;
  char   *stage;
  char   *image;
  char   *device;
  char  **envp;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *home = NULL;
  g_autofree char *outdir = NULL;

  f->tmpdir = cs_test_make_tmpdir ();
  home = g_build_filename (f->tmpdir, "home", NULL);
  f->stage = g_build_filename (f->tmpdir, "stage", NULL);
  outdir = g_build_filename (f->tmpdir, "out", NULL);
  f->image = g_build_filename (outdir, "disc.iso", NULL);
  f->device = g_strconcat ("stdio:", f->image, NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->stage, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (outdir, 0755), ==, 0);
  f->envp = cs_test_cli_environ (home);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  /* rm copes with paths longer than PATH_MAX; cs_test_rm_rf() does not. */
  const char * const rm[] = { "rm", "-rf", "--", f->tmpdir, NULL };

  cs_test_run (rm, NULL, NULL);
  cs_test_rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->stage);
  g_free (f->image);
  g_free (f->device);
  g_strfreev (f->envp);
}

/* The headless store of @date; returns the exit status. */
static int
store (Fixture    *f,
       const char *date,
       char      **err)
{
  const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                "--date", date, NULL };
  g_autofree char *out = NULL;

  return cs_test_cli_run (f->tmpdir, f->envp, NULL, args, &out, err);
}

static void
assert_one_error_line (const char *err)
{
  const char *nl = strchr (err, '\n');

  if (!g_str_has_prefix (err, "cedar-store: ") || nl == NULL || nl[1] != '\0'
      || !g_utf8_validate (err, -1, NULL))
    g_error ("expected one line starting “cedar-store: ” on stderr, got:\n%s", err);
}

static char *
checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)contents, length);
}

/* The reproduction of issue 13: host1 holds 18 nested directories of 250-byte names with
 * a file at the bottom. */
static void
make_deep_day (const char *day)
{
  g_autofree char *host = g_build_filename (day, "host1", NULL);
  char name[251];
  int fd, next;

  memset (name, 'q', 250);
  name[250] = '\0';
  fd = open (host, O_PATH | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  for (guint i = 0; i < 18; i++)
    {
      g_assert_cmpint (mkdirat (fd, name, 0755), ==, 0);
      next = openat (fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
      close (fd);
      fd = next;
      g_assert_cmpint (fd, >=, 0);
    }
  next = openat (fd, "f.txt", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  g_assert_cmpint (write (next, "deep\n", 5), ==, 5);
  close (next);
  close (fd);
}

static void
assert_deep_refusal (Fixture    *f,
                     const char *day,
                     const char *err)
{
  assert_one_error_line (err);
  cs_test_assert_contains (err, day);
  cs_test_assert_contains (err, "“host1/qqqqqqqqqq");
  cs_test_assert_contains (err, "…");
  cs_test_assert_contains (err, "4095 bytes");
  cs_test_assert_contains (err, "nothing was written");
  g_assert_cmpuint (strlen (err), <, 1000);
  g_assert_false (cs_test_is_stored (day));
}

/* Exit status 2 before anything is written: no image file on a new disc, the image
 * byte for byte as it was on an append, and the same again on the next run. */
static void
test_deep_path (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *good = cs_test_make_day (f->stage, "2026/11/29", TRUE, FALSE);
  g_autofree char *day = cs_test_make_day (f->stage, "2026/11/30", TRUE, FALSE);
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  make_deep_day (day);
  g_assert_cmpint (store (f, "2026-11-30", &err), ==, 2);
  assert_deep_refusal (f, day, err);
  g_assert_false (g_file_test (f->image, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* The next run (cron, the day after) takes the same unstored day: the same refusal. */
  g_assert_cmpint (store (f, "2026-12-01", &err), ==, 2);
  assert_deep_refusal (f, day, err);
  g_assert_false (g_file_test (f->image, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);

  /* Onto an image that already holds a session (the day before, found first on its own
   * date): untouched. */
  g_assert_cmpint (store (f, "2026-11-29", &err), ==, 0);
  g_assert_true (cs_test_is_stored (good));
  g_clear_pointer (&err, g_free);
  before = checksum (f->image);
  g_assert_cmpint (store (f, "2026-11-30", &err), ==, 2);
  assert_deep_refusal (f, day, err);
  after = checksum (f->image);
  g_assert_cmpstr (before, ==, after);
  if (cs_test_have_xorriso ())
    g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 1);
}

static const char * const odd_names[] = {
  "bad\xe9t\xff.txt",          /* Latin-1, not UTF-8 */
  "caf\xc3\xa9_\xe2\x82\xac",  /* UTF-8 */
  "\xc3",                      /* a cut UTF-8 sequence */
  "new\nline",
};

static char *
make_odd_day (Fixture    *f,
              const char *suffix)
{
  char *day = cs_test_make_day (f->stage, suffix, TRUE, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (odd_names); i++)
    {
      g_autofree char *dir = g_build_filename (day, "host1", odd_names[i], NULL);
      g_autofree char *file = g_build_filename (dir, odd_names[i], NULL);

      g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
      cs_test_write_file (file, odd_names[i], -1);
    }
  return day;
}

static void
verify_days (Fixture    *f,
             GPtrArray  *days,
             const char *locale)
{
  g_autoptr(CsDrive) drive = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_assert_nonnull (setlocale (LC_ALL, locale));
  drive = cs_drive_open (f->device, NULL, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("read back in locale %s", locale);
  ok = cs_verify_days (drive, 0, days, 0, NULL, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  cs_drive_release (drive, FALSE);
  setlocale (LC_ALL, "C");
}

/* Names that are not UTF-8 come back byte for byte: stored in one locale, appended in the
 * other, and read back in both. @data: the locale of the first store ("C" = LANG unset). */
static void
test_names_locales (Fixture       *f,
                    gconstpointer  data)
{
  const char *first = data;
  const char *second = g_str_equal (first, "C") ? "C.UTF-8" : "C";
  g_autofree char *day1 = make_odd_day (f, "2026/11/25");
  g_autofree char *day2 = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GPtrArray) days = g_ptr_array_new_with_free_func ((GDestroyNotify)cs_day_free);
  GDate date;

  f->envp = g_environ_unsetenv (f->envp, "LANG");
  f->envp = g_environ_unsetenv (f->envp, "LANGUAGE");
  f->envp = g_environ_setenv (f->envp, "LC_ALL", first, TRUE);
  g_assert_cmpint (store (f, "2026-11-25", &err), ==, 0);
  g_assert_true (cs_test_is_stored (day1));
  g_clear_pointer (&err, g_free);

  day2 = make_odd_day (f, "2026/11/26");
  f->envp = g_environ_setenv (f->envp, "LC_ALL", second, TRUE);
  g_assert_cmpint (store (f, "2026-11-26", &err), ==, 0);
  g_assert_true (cs_test_is_stored (day2));

  /* The indicators were written after the read-back: not on the disc. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *ind = g_build_filename (i == 0 ? day1 : day2, "cback.store", NULL);

      g_assert_cmpint (g_unlink (ind), ==, 0);
    }
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 25, 11, 2026);
  g_ptr_array_add (days, cs_day_new (day1, &date));
  g_date_set_dmy (&date, 26, 11, 2026);
  g_ptr_array_add (days, cs_day_new (day2, &date));
  verify_days (f, days, "C");
  verify_days (f, days, "C.UTF-8");
}

#define FIXTURE_TEST(path, func, data) \
  g_test_add (path, Fixture, data, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  if (!cs_drive_library_init (&error))
    g_error ("%s", error->message);

  FIXTURE_TEST ("/missing-cli/deep-path", test_deep_path, NULL);
  FIXTURE_TEST ("/missing-cli/names/c-then-utf8", test_names_locales, "C");
  FIXTURE_TEST ("/missing-cli/names/utf8-then-c", test_names_locales, "C.UTF-8");

  return g_test_run ();
}
