/* test-faults-cli.c – bad input and bad devices on the cedar-store command line, beyond
 * test-headless.c: device addresses that are not image files or drives, conflicting
 * options, dates at the edge of the calendar and configuration errors whose text must
 * still be readable. Each case: the documented exit status, one line on stderr, nothing
 * written, nothing marked stored.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-test-cli.h"
#include "cs-test-util.h"

typedef struct
{
  char   *tmpdir;
  char   *stage;
  char   *outdir;
  char   *image;
  char   *device;
  char   *day;     /* stage/2026/11/26, staged */
  char  **envp;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *home = NULL;

  f->tmpdir = cs_test_make_tmpdir ();
  home = g_build_filename (f->tmpdir, "home", NULL);
  f->stage = g_build_filename (f->tmpdir, "stage", NULL);
  f->outdir = g_build_filename (f->tmpdir, "out", NULL);
  f->image = g_build_filename (f->outdir, "disc.iso", NULL);
  f->device = g_strconcat ("stdio:", f->image, NULL);
  g_assert_cmpint (g_mkdir_with_parents (f->stage, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (f->outdir, 0755), ==, 0);
  f->day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  f->envp = cs_test_cli_environ (home);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cs_test_rm_rf (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->stage);
  g_free (f->outdir);
  g_free (f->image);
  g_free (f->device);
  g_free (f->day);
  g_strfreev (f->envp);
}

/* Runs cedar-store with @args (NULL-terminated); returns its exit status, -1 on a signal. */
static int
run_bin (Fixture            *f,
         const char * const *args,
         char              **out,
         char              **err)
{
  return cs_test_cli_run (f->tmpdir, f->envp, NULL, args, out, err);
}

/* One readable line, "cedar-store: …", and nothing else (cron mails stderr). */
static gboolean
is_one_error_line (const char *err)
{
  const char *nl = strchr (err, '\n');

  return g_str_has_prefix (err, "cedar-store: ") && nl != NULL && nl[1] == '\0'
         && g_utf8_validate (err, -1, NULL);
}

/* Runs the headless store with the fixture's staging root and date, plus @extra; expects
 * @status, one error line, no image, nothing stored. */
static void
expect_refusal (Fixture            *f,
                const char         *what,
                const char * const *extra,
                gboolean            with_device,
                int                 status)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  gboolean has_date = FALSE;
  int got;

  g_test_message ("case: %s", what);
  g_ptr_array_add (args, (char *) "--headless");
  g_ptr_array_add (args, (char *) "--stage-dir");
  g_ptr_array_add (args, f->stage);
  if (with_device)
    {
      g_ptr_array_add (args, (char *) "--device");
      g_ptr_array_add (args, f->device);
    }
  for (guint i = 0; extra[i] != NULL; i++)
    {
      has_date |= g_str_equal (extra[i], "--date");
      g_ptr_array_add (args, (char *) extra[i]);
    }
  if (!has_date)
    {
      g_ptr_array_add (args, (char *) "--date");
      g_ptr_array_add (args, (char *) "2026-11-26");
    }
  g_ptr_array_add (args, NULL);

  got = run_bin (f, (const char * const *) args->pdata, &out, &err);
  if (got != status)
    {
      g_test_fail_printf ("%s: exit status %d, expected %d (stderr: %s)", what, got, status, err);
      return;
    }
  if (!is_one_error_line (err))
    {
      g_autofree char *shown = g_utf8_make_valid (err, -1);

      g_test_fail_printf ("%s: expected one UTF-8 line “cedar-store: …” on stderr, got%s:\n%s",
                          what, g_utf8_validate (err, -1, NULL) ? "" : " (invalid UTF-8)", shown);
    }
  g_assert_cmpstr (out, ==, "");
  g_assert_false (cs_test_exists (f->image));
  g_assert_false (cs_test_is_stored (f->day));
}

/* Addresses that are neither an image file nor a drive: exit 4, nothing created. */
static void
test_device_errors (Fixture       *f,
                    gconstpointer  data)
{
  struct
  {
    const char *what;
    const char *device;
  } cases[] = {
    { "a character device as image file", "stdio:/dev/null" },
    { "an optical drive that does not exist", "/dev/sr9" },
    { "stdio: without a path", "stdio:" },
    { "a relative image path", "stdio:disc.iso" },
  };
  gboolean sr9_existed = cs_test_exists ("/dev/sr9");
  GStatBuf before;

  g_assert_cmpint (g_stat ("/dev/null", &before), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char * const extra[] = { "--device", cases[i].device, NULL };

      if (g_str_equal (cases[i].device, "/dev/sr9") && sr9_existed)
        {
          g_test_message ("/dev/sr9 exists here: case skipped");
          continue;
        }
      expect_refusal (f, cases[i].what, extra, FALSE, 4);
    }

  /* /dev/null is still the character device it was. */
  {
    GStatBuf after;

    g_assert_cmpint (g_stat ("/dev/null", &after), ==, 0);
    g_assert_true (S_ISCHR (after.st_mode));
    g_assert_cmpuint (after.st_rdev, ==, before.st_rdev);
  }
  /* Nothing was created: not the missing drive, not a relative image in the working folder. */
  if (!sr9_existed)
    g_assert_false (cs_test_exists ("/dev/sr9"));
  {
    g_autofree char *relative = g_build_filename (f->tmpdir, "disc.iso", NULL);
    g_assert_false (cs_test_exists (relative));
  }
}

/* Options that contradict each other: exit 2 before anything is opened. */
static void
test_conflicting_options (Fixture       *f,
                          gconstpointer  data)
{
  struct
  {
    const char *what;
    const char *args[4];
  } cases[] = {
    { "--verify with --no-verify", { "--verify", "--no-verify", NULL } },
    { "-v with -q", { "-v", "-q", NULL } },
    { "--verbose with --quiet", { "--quiet", "--verbose", NULL } },
    { "DAY_DIR with --rebuild", { "--rebuild", f->day, NULL } },
    { "DAY_DIR with --full", { "--full", f->day, NULL } },
    { "DAY_DIR with --initialize", { f->day, "--initialize", NULL } },
    { "--full with --initialize", { "--full", "--initialize", NULL } },
    { "--rebuild with --initialize", { "--rebuild", "--initialize", NULL } },
    { "the same day twice", { f->day, f->day, NULL } },
    { "an unknown option", { "--frobnicate", NULL } },
    { "--date without a value", { "--date", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    expect_refusal (f, cases[i].what, cases[i].args, TRUE, 2);
}

/* Dates at the ends of the calendar: no GLib critical, no wrong "yesterday", one line. The
 * staging root is empty for these days, so there is nothing to store (3); the first week of
 * year 1 is refused as a date (2), since find-day and rebuild look back up to a week. */
static void
test_edge_dates (Fixture       *f,
                 gconstpointer  data)
{
  struct
  {
    const char *what;
    const char *args[4];
    int         status;
  } cases[] = {
    { "the first day of year 1", { "--date", "0001-01-01", NULL }, 2 },
    { "the first day of year 1, rebuild", { "--date", "0001-01-03", "--rebuild", NULL }, 2 },
    { "the eighth day of year 1", { "--date", "0001-01-08", NULL }, 3 },
    { "the last day of year 9999", { "--date", "9999-12-31", NULL }, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    expect_refusal (f, cases[i].what, cases[i].args, TRUE, cases[i].status);

  /* Year 0 does not exist. */
  {
    const char * const args[] = { "--date", "0000-12-31", NULL };
    expect_refusal (f, "year 0", args, TRUE, 2);
  }
}

/* A configuration whose XML error would quote half a UTF-8 character (found by
 * fuzz/fuzz-config.c): the message stays valid UTF-8. */
static void
test_config_error_utf8 (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *conf = g_build_filename (f->tmpdir, "bom-in-name.conf", NULL);
  const char * const args[] = { "-c", conf, NULL };

  cs_test_write_file (conf, "<cb_con\xef\xbb\xbf>", -1);
  expect_refusal (f, "an XML error inside a multi-byte character", args, TRUE, 2);
}

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  cs_test_init_keep_going (&argc, &argv);

  ADD ("/faults-cli/exit-4/devices", test_device_errors);
  ADD ("/faults-cli/exit-2/conflicting-options", test_conflicting_options);
  ADD ("/faults-cli/edge-dates", test_edge_dates);
  ADD ("/faults-cli/exit-2/config-error-utf8", test_config_error_utf8);

  return g_test_run ();
}
