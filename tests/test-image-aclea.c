/* test-image-aclea.c – ACLs, extended attributes and permission bits reach the disc, stay
 * there across appended days, and the read-back check notices when they differ
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <sys/mount.h>
#include <sys/xattr.h>

#include "cs-test-cli.h"
#include "cs-test-engine.h"

typedef struct
{
  char      *tmpdir;
  char      *stage;
  char      *day;        /* stage/2026/11/26 */
  char      *acl_file;   /* day/host1/acl.txt: 0644 + u:nobody:rw → mode 0664 */
  char      *acl_dir;    /* day/host1/defaults: default ACL d:u:nobody:rwx */
  char      *xattr_file; /* day/host1/color.txt: user.color=blue */
  char      *image;
  char      *ramfs;      /* day/host1/ramfs when mounted: a filesystem without xattrs */
  GPtrArray *days;
} Fixture;

/* Runs @argv; FALSE (and the reason in @why) when the filesystem refuses ACLs or xattrs. */
static gboolean
run_attr_tool (const char * const  *argv,
               char               **why)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!cs_test_have_program (argv[0]))
    {
      *why = g_strdup_printf ("%s is not installed (Debian packages acl and attr)", argv[0]);
      return FALSE;
    }
  status = cs_test_run (argv, &out, &err);
  if (status != 0)
    {
      *why = g_strdup_printf ("%s failed on %s (the filesystem may refuse ACLs or xattrs): %s",
                              argv[0], g_get_tmp_dir (), err ? err : "");
      return FALSE;
    }
  return TRUE;
}

/* Makes the day's files with their ACLs and xattrs; FALSE with the reason in @why when this
 * filesystem cannot hold them. */
static gboolean
make_attr_files (const char  *host,
                 char       **acl_file,
                 char       **acl_dir,
                 char       **xattr_file,
                 char       **why)
{
  *acl_file = g_build_filename (host, "acl.txt", NULL);
  *acl_dir = g_build_filename (host, "defaults", NULL);
  *xattr_file = g_build_filename (host, "color.txt", NULL);

  cs_test_write_file (*acl_file, "with an ACL\n", -1);
  g_assert_cmpint (chmod (*acl_file, 0644), ==, 0);
  g_assert_cmpint (g_mkdir (*acl_dir, 0755), ==, 0);
  cs_test_write_file (*xattr_file, "with an xattr\n", -1);

  {
    const char * const acl[] = { "setfacl", "-m", "u:nobody:rw", *acl_file, NULL };
    const char * const dacl[] = { "setfacl", "-d", "-m", "u:nobody:rwx", *acl_dir, NULL };
    const char * const xattr[] = { "setfattr", "-n", "user.color", "-v", "blue", *xattr_file,
                                   NULL };

    return run_attr_tool (acl, why) && run_attr_tool (dacl, why) && run_attr_tool (xattr, why);
  }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *out = NULL;

  f->tmpdir = cs_test_make_tmpdir ();
  f->stage = g_build_filename (f->tmpdir, "stage", NULL);
  f->day = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  out = g_build_filename (f->tmpdir, "out", NULL);
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  f->image = g_build_filename (out, "disc.iso", NULL);
  f->days = cs_test_days_of (cs_test_day_new (f->day, 2026, 11, 26));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->ramfs != NULL && umount (f->ramfs) != 0)
    g_error ("umount %s: %s", f->ramfs, g_strerror (errno));
  g_free (f->ramfs);
  cs_test_rm_rf (f->tmpdir);
  g_clear_pointer (&f->days, g_ptr_array_unref);
  g_free (f->tmpdir);
  g_free (f->stage);
  g_free (f->day);
  g_free (f->acl_file);
  g_free (f->acl_dir);
  g_free (f->xattr_file);
  g_free (f->image);
}

/* The fixture's day with its attribute files; FALSE when the test was skipped. */
static gboolean
make_day_files (Fixture *f)
{
  g_autofree char *host = g_build_filename (f->day, "host1", NULL);
  g_autofree char *why = NULL;

  if (!make_attr_files (host, &f->acl_file, &f->acl_dir, &f->xattr_file, &why))
    {
      g_test_skip (why);
      return FALSE;
    }
  return TRUE;
}

/* xorriso with ACL and xattr loading on (@xattr: "on" for "user.", "any" for all), which
 * must come before -indev; returns what it printed. */
static char *
xorriso_aclea (const char *image,
               const char *xattr,
               ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;
  int status;

  for (const char * const *a = (const char * const[]) { "xorriso", "-abort_on", "NEVER", "-acl",
                                                        "on", "-xattr", NULL }; *a; a++)
    g_ptr_array_add (argv, g_strdup (*a));
  g_ptr_array_add (argv, g_strdup (xattr));
  g_ptr_array_add (argv, g_strdup ("-indev"));
  g_ptr_array_add (argv, g_strconcat ("stdio:", image, NULL));
  va_start (ap, xattr);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  status = cs_test_run ((const char * const *) argv->pdata, &out, &err);
  g_test_message ("xorriso exit %d\nstdout:\n%s\nstderr:\n%s", status, out, err);
  g_assert_cmpint (status, ==, 0);
  return g_strconcat (out ? out : "", "\n", err ? err : "", NULL);
}

/* What xorriso, the independent reader, sees of /2026/MM/DD/host1 in @image. */
static void
assert_on_disc (const char *image,
                const char *disc_host)
{
  g_autofree char *acl_file = g_strconcat (disc_host, "/acl.txt", NULL);
  g_autofree char *acl_dir = g_strconcat (disc_host, "/defaults", NULL);
  g_autofree char *xattr_file = g_strconcat (disc_host, "/color.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *any = NULL;

  if (!cs_test_have_xorriso ())
    return;
  text = xorriso_aclea (image, "on", "-getfacl", acl_file, acl_dir, "--",
                        "-getfattr", xattr_file, "--", "-lsdl", acl_file, "--", NULL);
  cs_test_assert_contains (text, "user:nobody:rw-");
  cs_test_assert_contains (text, "mask::rw-");
  cs_test_assert_contains (text, "default:user:nobody:rwx");
  cs_test_assert_contains (text, "user.color=\"blue\"");
  /* With an ACL the group bits of the mode are its mask: 0664, not the 0644 of group::. */
  cs_test_assert_contains (text, "-rw-rw-r--+");

  /* All namespaces: the kernel's copy of the ACL is left out (it is in the AAIP ACL). */
  any = xorriso_aclea (image, "any", "-getfattr", acl_file, acl_dir, "--", NULL);
  g_assert_null (strstr (any, "system.posix_acl"));
}

/* Stored by the engine, verified, and read by xorriso. When this process may mount (root,
 * as in CI), the day also holds a ramfs, which refuses ACLs and xattrs: its files are
 * stored and verified all the same. */
static void
test_stored (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *mnt = g_build_filename (f->day, "host1", "ramfs", NULL);
  g_autoptr(GError) error = NULL;

  if (!make_day_files (f))
    return;
  g_assert_cmpint (g_mkdir (mnt, 0755), ==, 0);
  if (mount ("ramfs", mnt, "ramfs", 0, "mode=0755") == 0)
    {
      g_autofree char *plain = g_build_filename (mnt, "plain.txt", NULL);

      f->ramfs = g_steal_pointer (&mnt);
      cs_test_write_file (plain, "no xattrs here\n", -1);
      g_assert_cmpint (setxattr (plain, "user.color", "blue", 4, 0), ==, -1);
      g_assert_cmpint (errno, ==, EOPNOTSUPP);
    }
  else
    g_test_message ("cannot mount a ramfs (%s): a filesystem without xattrs is not tried",
                    g_strerror (errno));
  g_assert_true (cs_test_store_image (f->image, f->days, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_test_verify_image (f->image, f->days, &error));
  g_assert_no_error (error);
  /* Unmounted now, so that a failure below leaves no mount behind. */
  if (f->ramfs != NULL)
    {
      g_assert_cmpint (umount (f->ramfs), ==, 0);
      g_clear_pointer (&f->ramfs, g_free);
    }
  assert_on_disc (f->image, "/2026/11/26/host1");
}

/* Verifies, expects CS_ERROR_VERIFY naming @disc_path and @part, then undoes nothing. */
static void
assert_verify_fails (Fixture    *f,
                     const char *disc_path,
                     const char *part)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cs_test_verify_image (f->image, f->days, &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_VERIFY);
  g_test_message ("verify: %s", error->message);
  cs_test_assert_contains (error->message, disc_path);
  cs_test_assert_contains (error->message, part);
}

static void
assert_verify_passes (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cs_test_verify_image (f->image, f->days, &error));
  g_assert_no_error (error);
}

/* The compare (CS_ERROR_VERIFY, exit 6) catches each kind of difference between the staging
 * file and the disc: an xattr's value, an xattr more or less, the ACLs, the mode. Each
 * change is undone before the next, and the check passes again. */
static void
test_verify_catches (Fixture       *f,
                     gconstpointer  data)
{
  const char *file = "/2026/11/26/host1/color.txt";
  const char *acl = "/2026/11/26/host1/acl.txt";
  const char *dir = "/2026/11/26/host1/defaults";
  g_autoptr(GError) error = NULL;
  char saved[256];
  gssize len;

  if (!make_day_files (f))
    return;
  g_assert_true (cs_test_store_image (f->image, f->days, NULL, &error));
  g_assert_no_error (error);
  assert_verify_passes (f);

  /* Another value, same length. */
  g_assert_cmpint (setxattr (f->xattr_file, "user.color", "pink", 4, XATTR_REPLACE), ==, 0);
  assert_verify_fails (f, file, "extended attribute “user.color” differs");
  g_assert_cmpint (setxattr (f->xattr_file, "user.color", "blue", 4, XATTR_REPLACE), ==, 0);
  assert_verify_passes (f);

  /* One more in staging, then one fewer. */
  g_assert_cmpint (setxattr (f->xattr_file, "user.extra", "1", 1, XATTR_CREATE), ==, 0);
  assert_verify_fails (f, file, "“user.extra” of “");
  g_assert_cmpint (removexattr (f->xattr_file, "user.extra"), ==, 0);
  g_assert_cmpint (removexattr (f->xattr_file, "user.color"), ==, 0);
  assert_verify_fails (f, file, "“user.color” is on the disc but not on");
  g_assert_cmpint (setxattr (f->xattr_file, "user.color", "blue", 4, XATTR_CREATE), ==, 0);
  assert_verify_passes (f);

  /* The access ACL removed (the mode keeps the mask's rw as group bits). */
  len = getxattr (f->acl_file, "system.posix_acl_access", saved, sizeof saved);
  g_assert_cmpint (len, >, 0);
  g_assert_cmpint (removexattr (f->acl_file, "system.posix_acl_access"), ==, 0);
  assert_verify_fails (f, acl, "ACL “user::rw-,user:nobody:rw-,group::r--,mask::rw-,other::r--” "
                       "on the disc, “user::rw-,group::rw-,other::r--” on “");
  g_assert_cmpint (setxattr (f->acl_file, "system.posix_acl_access", saved, len, 0), ==, 0);
  assert_verify_passes (f);

  /* The default ACL of the directory removed. */
  len = getxattr (f->acl_dir, "system.posix_acl_default", saved, sizeof saved);
  g_assert_cmpint (len, >, 0);
  g_assert_cmpint (removexattr (f->acl_dir, "system.posix_acl_default"), ==, 0);
  assert_verify_fails (f, dir, "default:user:nobody:rwx");
  g_assert_cmpint (setxattr (f->acl_dir, "system.posix_acl_default", saved, len, 0), ==, 0);
  assert_verify_passes (f);

  /* The permission bits. */
  g_assert_cmpint (chmod (f->xattr_file, 0600), ==, 0);
  assert_verify_fails (f, file, "permissions 0644 on the disc, 0600 on “");
  g_assert_cmpint (chmod (f->xattr_file, 0644), ==, 0);
  assert_verify_passes (f);

  /* The owner (the test runs as root in CI; lchown to our own ids is a no-op otherwise). */
  if (geteuid () == 0)
    {
      g_autofree char *expected = g_strdup_printf ("owner %u:%u on the disc, 65534:65534 on “",
                                                   (guint) getuid (), (guint) getgid ());

      g_assert_cmpint (lchown (f->xattr_file, 65534, 65534), ==, 0);
      assert_verify_fails (f, file, expected);
    }
}

/* Two days stored by the binary: the first day's ACLs and xattrs survive the append (the
 * import loads AAIP), and the second day has its own. */
static void
test_append (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *home = g_build_filename (f->tmpdir, "home", NULL);
  g_autofree char *device = g_strconcat ("stdio:", f->image, NULL);
  g_autofree char *day2 = NULL;
  g_autofree char *host2 = NULL;
  g_autofree char *why = NULL;
  g_autofree char *a2 = NULL, *d2 = NULL, *x2 = NULL;
  g_auto(GStrv) envp = NULL;

  if (!make_day_files (f))
    return;
  day2 = cs_test_make_day (f->stage, "2026/11/27", TRUE, FALSE);
  host2 = g_build_filename (day2, "host1", NULL);
  envp = cs_test_cli_environ (home);

  {
    const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", device,
                                  "--media-type", "bd-re", "--date", "2026-11-26", NULL };
    g_assert_cmpint (cs_test_cli_run (f->tmpdir, envp, NULL, args, NULL, NULL), ==, 0);
  }
  g_assert_true (cs_test_is_stored (f->day));
  assert_on_disc (f->image, "/2026/11/26/host1");

  g_assert_true (make_attr_files (host2, &a2, &d2, &x2, &why));
  {
    const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", device,
                                  "--media-type", "bd-re", "--date", "2026-11-27", NULL };
    g_assert_cmpint (cs_test_cli_run (f->tmpdir, envp, NULL, args, NULL, NULL), ==, 0);
  }
  g_assert_true (cs_test_is_stored (day2));
  if (cs_test_have_xorriso ())
    g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
  assert_on_disc (f->image, "/2026/11/26/host1");
  assert_on_disc (f->image, "/2026/11/27/host1");
}

int
main (int   argc,
      char *argv[])
{
  cs_test_engine_init (&argc, &argv);

  g_test_add ("/image-aclea/stored", Fixture, NULL, fixture_setup, test_stored,
              fixture_teardown);
  g_test_add ("/image-aclea/verify-catches", Fixture, NULL, fixture_setup, test_verify_catches,
              fixture_teardown);
  g_test_add ("/image-aclea/append", Fixture, NULL, fixture_setup, test_append,
              fixture_teardown);
  return g_test_run ();
}
