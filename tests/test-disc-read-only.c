/* test-disc-read-only.c – --contents, --check and --restore only read: an image file that the
 * user may only read can be read, readers share it, and a store's lock keeps them out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cs-test-cli.h"
#include "cs-test-disc.h"
#include "cs-test-util.h"

typedef CsTestDisc Fixture;

#define NOBODY 65534

static const char * const as_nobody[] = { "setpriv", "--reuid=65534", "--regid=65534",
                                          "--clear-groups", NULL };

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  cs_test_disc_set_up (f, data);
  g_assert_cmpint (g_chmod (f->tmpdir, 0755), ==, 0);
}

/* Two days stored into the image as root; the image left 0644, owned by root. */
static void
store_two_days (Fixture *f)
{
  for (int mday = 24; mday <= 25; mday++)
    {
      g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", mday);
      g_autofree char *day = cs_test_make_day (f->stage, suffix, TRUE, FALSE);
      g_autofree char *file = g_build_filename (day, "host1", "data.bin", NULL);
      g_autofree char *date = g_strdup_printf ("2026-11-%02d", mday + 1);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                    "--date", date, NULL };

      cs_test_fill_file (file, 100 * 1024 + mday, mday);
      if (cs_test_cli_run (f->tmpdir, f->envp, NULL, args, &out, &err) != 0)
        g_error ("storing %s failed: %s", suffix, err);
    }
  g_assert_cmpint (g_chmod (f->image, 0644), ==, 0);
}

/* As uid 65534 on a root-owned 0644 image (and a 0444 one): all three commands work and
 * the image is unchanged. Before, the commands wanted to write the image ("is not readable
 * and writable", exit 4). */
static void
test_unprivileged (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *to = g_build_filename (f->tmpdir, "restored", NULL);
  g_autofree char *restored = g_build_filename (to, "2026", "11", "24", "host1", "data.bin",
                                                NULL);
  g_autofree char *staged = g_build_filename (f->stage, "2026", "11", "24", "host1", "data.bin",
                                              NULL);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize alen = 0, blen = 0;

  if (geteuid () != 0 || !cs_test_have_program ("setpriv"))
    {
      g_test_skip ("needs root and setpriv to run the binary as another user");
      return;
    }
  store_two_days (f);
  g_assert_cmpint (g_mkdir (to, 0777), ==, 0);
  g_assert_cmpint (g_chmod (to, 0777), ==, 0);
  before = cs_test_file_sha256 (f->image);

  for (guint mode = 0; mode < 2; mode++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char * const contents[] = { "--contents", "--device", f->device, NULL };
      const char * const check[] = { "--check", "-q", "--device", f->device, NULL };

      g_assert_cmpint (g_chmod (f->image, mode == 0 ? 0644 : 0444), ==, 0);
      g_assert_cmpint (cs_test_cli_run (f->tmpdir, f->envp, as_nobody, contents, &out, &err),
                       ==, 0);
      cs_test_assert_contains (out, "session 2 ");
      cs_test_assert_contains (out, "days 2026/11/24 2026/11/25");
      g_clear_pointer (&out, g_free);
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (cs_test_cli_run (f->tmpdir, f->envp, as_nobody, check, &out, &err), ==, 0);
    }
  {
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    const char * const restore[] = { "--restore", "2026/11/24", "--to", to, "-q", "--device",
                                     f->device, NULL };

    g_assert_cmpint (cs_test_cli_run (f->tmpdir, f->envp, as_nobody, restore, &out, &err), ==, 0);
  }
  g_assert_true (g_file_get_contents (staged, &a, &alen, NULL));
  g_assert_true (g_file_get_contents (restored, &b, &blen, NULL));
  g_assert_cmpmem (a, alen, b, blen);
  after = cs_test_file_sha256 (f->image);
  g_assert_cmpstr (before, ==, after);
}

/* Readers share the image: a check runs while another reader holds it (a shared lock),
 * and waits for nobody; while a store holds it (an exclusive lock) a check says so and
 * exits 4. */
static void
test_locks (Fixture       *f,
            gconstpointer  data)
{
  const char * const check[] = { "--check", "-q", "--device", f->device, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int fd;

  store_two_days (f);
  fd = open (f->image, O_RDONLY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);

  g_assert_cmpint (flock (fd, LOCK_SH | LOCK_NB), ==, 0);
  g_assert_cmpint (cs_test_cli_run (f->tmpdir, f->envp, NULL, check, &out, &err), ==, 0);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (flock (fd, LOCK_UN), ==, 0);
  g_assert_cmpint (flock (fd, LOCK_EX | LOCK_NB), ==, 0);
  g_assert_cmpint (cs_test_cli_run (f->tmpdir, f->envp, NULL, check, &out, &err), ==, 4);
  cs_test_assert_contains (err, "is being written by a store");
  cs_test_assert_contains (err, f->image);
  close (fd);
}

int
main (int    argc,
      char **argv)
{
  cs_test_init_keep_going (&argc, &argv);

  g_test_add ("/disc-read-only/unprivileged", Fixture, NULL, fixture_set_up, test_unprivileged,
              cs_test_disc_tear_down);
  g_test_add ("/disc-read-only/locks", Fixture, NULL, fixture_set_up, test_locks,
              cs_test_disc_tear_down);
  return g_test_run ();
}
