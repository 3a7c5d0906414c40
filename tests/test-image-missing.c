/* test-image-missing.c – no staging file may be left out of the image without a word:
 * whatever libisofs cannot add stops the build with the path and the reason (exit status
 * 2, nothing written), and the tree about to be written is checked against the staging
 * directory (cs_verify_tree). What can be stored is stored and read back whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/un.h>

#include "cs-test-engine.h"
#include "cs-text.h"

#define NOBODY 65534

typedef struct
{
  char *tmpdir;
  char *day;     /* tmpdir/stage/2026/11/26 */
  char *image;   /* tmpdir/out/disc.iso */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *stage = NULL;
  g_autofree char *out = NULL;

  f->tmpdir = cs_test_make_tmpdir ();
  stage = g_build_filename (f->tmpdir, "stage", NULL);
  f->day = cs_test_make_day (stage, "2026/11/26", TRUE, FALSE);
  out = g_build_filename (f->tmpdir, "out", NULL);
  g_assert_cmpint (g_mkdir (out, 0755), ==, 0);
  f->image = g_build_filename (out, "disc.iso", NULL);
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
  g_free (f->day);
  g_free (f->image);
}

static GPtrArray *
fixture_days (Fixture *f)
{
  return cs_test_days_of (cs_test_day_new (f->day, 2026, 11, 26));
}

/* @levels directories of 250-byte names below @top, a file at the bottom (issue 13). */
static void
make_deep_chain (const char *top,
                 char        letter,
                 guint       levels)
{
  g_autoptr(GString) path = g_string_new (NULL);
  char name[251];
  int fd, next;

  memset (name, letter, 250);
  name[250] = '\0';
  /* The whole path soon exceeds PATH_MAX: go down with mkdirat/openat. */
  g_assert_cmpint (g_mkdir_with_parents (top, 0755), ==, 0);
  fd = open (top, O_PATH | O_DIRECTORY | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  for (guint i = 0; i < levels; i++)
    {
      g_assert_cmpint (mkdirat (fd, name, 0755), ==, 0);
      next = openat (fd, name, O_PATH | O_DIRECTORY | O_CLOEXEC);
      g_assert_cmpint (next, >=, 0);
      close (fd);
      fd = next;
    }
  next = openat (fd, "f.txt", O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  g_assert_cmpint (next, >=, 0);
  g_assert_cmpint (write (next, "deep\n", 5), ==, 5);
  close (next);
  close (fd);
}

/* The refusal every case expects: exit status 2, one readable line of sensible length that
 * says nothing was written, and no image file. */
static void
assert_refused (Fixture      *f,
                const GError *error)
{
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  g_test_message ("refused: %s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strchr (error->message, '\n'));
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 900);
  g_assert_nonnull (strcasestr (error->message, "nothing was written"));
  g_assert_false (g_file_test (f->image, G_FILE_TEST_EXISTS));
}

/* The reported bug: 18 levels of 250-byte names. libisofs says "Error when adding file"
 * (its message cut at 4095 bytes) and leaves the directory out; that is now an error with
 * the path shortened, its real length and the limit. */
static void
test_deep_path (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *host = g_build_filename (f->day, "host1", NULL);
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autoptr(CsImage) image = cs_image_new (CS_TEST_LABEL, cs_test_engine_log, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *limit = g_strdup_printf ("%d", PATH_MAX - 1);
  g_autofree char *length = NULL;

  make_deep_chain (host, 'q', 18);
  /* The first directory whose path is too long: 17 names of 251 bytes below host1. */
  length = g_strdup_printf ("%zu bytes", strlen (host) + 17 * 251);

  g_assert_false (cs_image_add_day (image, g_ptr_array_index (days, 0), NULL, &error));
  assert_refused (f, error);
  g_assert_nonnull (strstr (error->message, "…"));
  g_assert_nonnull (strstr (error->message, f->day));
  g_assert_nonnull (strstr (error->message, "“host1/qqqqqqqqqq"));
  g_assert_nonnull (strstr (error->message, length));
  g_assert_nonnull (strstr (error->message, limit));
  g_assert_nonnull (strstr (error->message, "(1 problem)"));
  g_clear_error (&error);

  /* The whole store: refused before the image file is made. */
  g_assert_false (cs_test_store_image (f->image, days, NULL, &error));
  assert_refused (f, error);
}

/* Many problems: the first three are named, and how many there are in all. */
static void
test_many_problems (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *host = g_build_filename (f->day, "host1", NULL);
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autoptr(GError) error = NULL;

  for (char c = 'a'; c < 'f'; c++)
    make_deep_chain (host, c, 17);

  g_assert_false (cs_test_store_image (f->image, days, NULL, &error));
  assert_refused (f, error);
  g_assert_nonnull (strstr (error->message, "(5 problems)"));
  g_assert_nonnull (strstr (error->message, "and 2 more"));
}

static char *
link_target (gsize length)
{
  GString *target = g_string_new (NULL);

  /* Valid components ("d/d/…"), as a real deep relative link has. */
  while (target->len < length)
    g_string_append (target, target->len + 2 <= length ? "d/" : "d");
  g_assert_cmpuint (target->len, ==, length);
  return g_string_free (target, FALSE);
}

/* libisofs reads link targets into 1024 bytes (builder.c): a longer target made the link
 * vanish with a warning. The longest that fits is stored and read back; a 4095-byte one
 * (the system's limit) is refused with the reason. */
static void
test_long_symlink (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *fits = link_target (1023);
  g_autofree char *too_long = link_target (4095);
  g_autofree char *ok_link = g_build_filename (f->day, "host1", "link-1023", NULL);
  g_autofree char *bad_link = g_build_filename (f->day, "host1", "link-4095", NULL);
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink (fits, ok_link), ==, 0);
  g_assert_true (cs_test_store_image (f->image, days, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_test_verify_image (f->image, days, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (f->image), ==, 0);

  g_assert_cmpint (symlink (too_long, bad_link), ==, 0);
  g_assert_false (cs_test_store_image (f->image, days, NULL, &error));
  assert_refused (f, error);
  g_assert_nonnull (strstr (error->message, bad_link));
  g_assert_nonnull (strstr (error->message, "4095 bytes"));
  g_assert_nonnull (strstr (error->message, "1023"));
}

/* A target part of 255 bytes is stored; one of 256 made libisofs 1.5.4 crash (SIGSEGV, a
 * double free in its Rock Ridge SL code) while the tree was built. */
static void
test_long_symlink_part (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *part_255 = g_strnfill (255, 'd');
  g_autofree char *part_256 = g_strnfill (256, 'c');
  g_autofree char *bad_target = g_strconcat ("a/", part_256, "/b", NULL);
  g_autofree char *ok_link = g_build_filename (f->day, "host1", "part-255", NULL);
  g_autofree char *bad_link = g_build_filename (f->day, "host1", "part-256", NULL);
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (symlink (part_255, ok_link), ==, 0);
  g_assert_true (cs_test_store_image (f->image, days, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_test_verify_image (f->image, days, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_unlink (f->image), ==, 0);

  g_assert_cmpint (symlink (bad_target, bad_link), ==, 0);
  g_assert_false (cs_test_store_image (f->image, days, NULL, &error));
  assert_refused (f, error);
  g_assert_nonnull (strstr (error->message, bad_link));
  g_assert_nonnull (strstr (error->message, "part longer than 255 bytes"));
}

static void
assert_tree_differs (CsImage     *image,
                     const CsDay *day,
                     const char  *what,
                     const char  *part)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cs_verify_tree (cs_image_get_day_dir (image, day), day->path,
                                  "/2026/11/26", &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  g_test_message ("%s: %s", what, error->message);
  g_assert_nonnull (strstr (error->message, "Nothing was written"));
  g_assert_nonnull (strstr (error->message, "/2026/11/26/host1/"));
  g_assert_nonnull (strstr (error->message, part));
}

/* The second net: the tree built for the day is walked against the staging directory
 * before writing. Each change made after the build is found. */
static void
test_tree_check (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->day, "host1", "etc.tar.gz", NULL);
  g_autofree char *moved = g_build_filename (f->day, "host1", "moved.tar.gz", NULL);
  g_autofree char *link = g_build_filename (f->day, "host1", "link", NULL);
  g_autofree char *fifo = g_build_filename (f->day, "host1", "fifo", NULL);
  g_autoptr(GPtrArray) days = fixture_days (f);
  const CsDay *day = g_ptr_array_index (days, 0);
  g_autoptr(CsImage) image = cs_image_new (CS_TEST_LABEL, cs_test_engine_log, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_cmpint (symlink ("etc.tar.gz", link), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  g_assert_true (cs_image_add_day (image, day, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_verify_tree (cs_image_get_day_dir (image, day), day->path, "/2026/11/26",
                                 &error));
  g_assert_no_error (error);

  /* Gone after the build (a file vanishing), and back under another name. */
  g_assert_cmpint (rename (file, moved), ==, 0);
  assert_tree_differs (image, day, "renamed", "is in the image but not in");
  g_assert_cmpint (rename (moved, file), ==, 0);

  g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
  cs_test_write_file (file, "grown after the build, and longer\n", -1);
  assert_tree_differs (image, day, "size", "size 23 in the image, 34 in");
  cs_test_write_file (file, contents, -1);
  g_assert_true (cs_verify_tree (cs_image_get_day_dir (image, day), day->path, "/2026/11/26",
                                 &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (symlink ("elsewhere", link), ==, 0);
  assert_tree_differs (image, day, "symlink target", "points to “etc.tar.gz” in the image, “elsewhere”");
  g_assert_cmpint (g_unlink (link), ==, 0);
  g_assert_cmpint (symlink ("etc.tar.gz", link), ==, 0);

  g_assert_cmpint (g_unlink (fifo), ==, 0);
  cs_test_write_file (fifo, "", 0);
  assert_tree_differs (image, day, "type", "another type of file");

  /* No day directory at all (the tree of another image). */
  g_assert_false (cs_verify_tree (NULL, day->path, "/2026/11/26", &error));
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
}

/* Special files, hidden files and hard links are stored as they are (Rock Ridge) and read
 * back: types and device numbers by the tree check and the read-back, and by xorriso. */
static void
test_special_files (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *host = g_build_filename (f->day, "host1", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) days = fixture_days (f);
  g_autoptr(CsImage) image = cs_image_new (CS_TEST_LABEL, cs_test_engine_log, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  gboolean root = geteuid () == 0;
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  int sock;

  path = g_build_filename (host, "fifo", NULL);
  g_assert_cmpint (mkfifo (path, 0640), ==, 0);
  g_clear_pointer (&path, g_free);

  /* A socket: bound in the directory itself (sun_path is short). */
  g_assert_cmpint (chdir (host), ==, 0);
  sock = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint (sock, >=, 0);
  strcpy (addr.sun_path, "socket");
  g_assert_cmpint (bind (sock, (struct sockaddr *)&addr, sizeof addr), ==, 0);
  close (sock);
  g_assert_cmpint (chdir ("/"), ==, 0);

  if (root)
    {
      path = g_build_filename (host, "null-dev", NULL);
      g_assert_cmpint (mknod (path, S_IFCHR | 0666, makedev (1, 3)), ==, 0);
      g_clear_pointer (&path, g_free);
      path = g_build_filename (host, "loop-dev", NULL);
      g_assert_cmpint (mknod (path, S_IFBLK | 0660, makedev (7, 200)), ==, 0);
      g_clear_pointer (&path, g_free);
    }
  else
    g_test_message ("not root: no device files (mknod needs root)");

  path = g_build_filename (host, ".hidden", NULL);
  cs_test_write_file (path, "a hidden file\n", -1);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (host, ".hidden-dir", ".inner", NULL);
  g_assert_cmpint (g_mkdir_with_parents (path, 0755), ==, 0);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (host, "...", NULL);
  cs_test_write_file (path, "three dots\n", -1);
  g_clear_pointer (&path, g_free);
  {
    g_autofree char *a = g_build_filename (host, "etc.tar.gz", NULL);
    g_autofree char *b = g_build_filename (host, "hard-link", NULL);

    g_assert_cmpint (link (a, b), ==, 0);
  }

  g_assert_true (cs_image_add_day (image, g_ptr_array_index (days, 0), NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_verify_tree (cs_image_get_day_dir (image, g_ptr_array_index (days, 0)),
                                 f->day, "/2026/11/26", &error));
  g_assert_no_error (error);

  g_assert_true (cs_test_store_image (f->image, days, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (cs_test_verify_image (f->image, days, &error));
  g_assert_no_error (error);

  if (!cs_test_have_program ("xorriso"))
    {
      g_test_skip ("xorriso is not installed: the image was not checked with an independent reader");
      return;
    }
  {
    const char * const args[] = { "-lsdl", "/2026/11/26/host1/*", "/2026/11/26/host1/.*", NULL };

    out = cs_test_xorriso (f->image, args, NULL);
    g_assert_nonnull (out);
    g_test_message ("xorriso -lsdl:\n%s", out);
    g_assert_nonnull (strstr (out, "\nprw-r-----"));
    g_assert_nonnull (strstr (out, "\nsrwx"));
    g_assert_nonnull (strstr (out, "'/2026/11/26/host1/.hidden'"));
    g_assert_nonnull (strstr (out, "'/2026/11/26/host1/.hidden-dir'"));
    g_assert_nonnull (strstr (out, "'/2026/11/26/host1/...'"));
    g_assert_nonnull (strstr (out, "'/2026/11/26/host1/hard-link'"));
    if (root)
      {
        g_assert_nonnull (strstr (out, "\ncrw-"));
        g_assert_nonnull (strstr (out, "1,3 "));
        g_assert_nonnull (strstr (out, "\nbrw-"));
        g_assert_nonnull (strstr (out, "7,200 "));
      }
  }
}

/* Cases that must run in a child as uid 65534: named after the parent's pid so the parent
 * removes the directory whatever happens to the child. */
static char *
subprocess_dir (const char *name)
{
  g_autofree char *base = g_strdup_printf ("cedar-store-test-%s-%d", name,
                                           (int)(g_test_subprocess () ? getppid () : getpid ()));
  return g_build_filename (g_get_tmp_dir (), base, NULL);
}

/* A directory that can be listed but not entered (r--): libisofs listed its names and left
 * each out with a warning, so it was stored empty. */
static void
test_listable_dir (void)
{
  g_autofree char *dir = subprocess_dir ("listable");
  g_autofree char *stage = g_build_filename (dir, "stage", NULL);
  g_autofree char *day = g_build_filename (stage, "2026", "11", "26", NULL);
  g_autofree char *locked = g_build_filename (day, "host1", "no-x", NULL);
  g_autofree char *image = g_build_filename (dir, "disc.iso", NULL);

  if (g_test_subprocess ())
    {
      g_autoptr(GPtrArray) days = cs_test_days_of (cs_test_day_new (day, 2026, 11, 26));
      g_autoptr(GError) error = NULL;

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
      g_assert_cmpint (access (locked, R_OK), ==, 0);
      g_assert_cmpint (access (locked, X_OK), !=, 0);

      g_assert_false (cs_test_store_image (image, days, NULL, &error));
      g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
      g_test_message ("listable directory: %s", error->message);
      g_assert_nonnull (strstr (error->message, locked));
      g_assert_nonnull (strstr (error->message, "listed but not entered"));
      g_assert_nonnull (strstr (error->message, "nothing was written"));
      g_assert_false (g_file_test (image, G_FILE_TEST_EXISTS));
      return;
    }

  cs_test_rm_rf (dir);
  g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
  g_free (cs_test_make_day (stage, "2026/11/26", TRUE, FALSE));
  g_assert_cmpint (g_mkdir (locked, 0755), ==, 0);
  {
    g_autofree char *inner = g_build_filename (locked, "inner.txt", NULL);
    cs_test_write_file (inner, "behind a door that shows its names\n", -1);
  }
  if (geteuid () == 0)
    cs_test_chown_tree (dir, NOBODY, NOBODY);
  g_assert_cmpint (chmod (locked, 0644), ==, 0);

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_assert_cmpint (chmod (locked, 0755), ==, 0);
  cs_test_rm_rf (dir);
  g_test_trap_assert_passed ();
}

/* The message helper itself: the start and the end of a long path, one line, UTF-8. */
static void
test_shorten (void)
{
  g_autoptr(GString) path = g_string_new ("/stage/2026/11/26/host1");
  g_autofree char *shown = NULL;
  g_autofree char *odd = NULL;

  for (guint i = 0; i < 18; i++)
    g_string_append (path, "/qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq");
  g_string_append (path, "/f.txt");
  shown = cs_text_shorten (path->str, CS_TEXT_PATH_CHARS);
  g_assert_cmpuint (g_utf8_strlen (shown, -1), ==, CS_TEXT_PATH_CHARS);
  g_assert_true (g_str_has_prefix (shown, "/stage/2026/11/26/host1/"));
  g_assert_true (g_str_has_suffix (shown, "/f.txt"));
  g_assert_nonnull (strstr (shown, "…"));

  odd = cs_text_shorten ("bad\xe9t\xff\nline.txt", CS_TEXT_PATH_CHARS);
  g_assert_true (g_utf8_validate (odd, -1, NULL));
  g_assert_null (strchr (odd, '\n'));
  g_assert_cmpstr (odd, ==, "bad\xef\xbf\xbdt\xef\xbf\xbd?line.txt");
}

#define FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int   argc,
      char *argv[])
{
  cs_test_engine_init (&argc, &argv);

  g_test_add_func ("/image-missing/shorten", test_shorten);
  FIXTURE_TEST ("/image-missing/deep-path", test_deep_path);
  FIXTURE_TEST ("/image-missing/many-problems", test_many_problems);
  FIXTURE_TEST ("/image-missing/long-symlink", test_long_symlink);
  FIXTURE_TEST ("/image-missing/long-symlink-part", test_long_symlink_part);
  FIXTURE_TEST ("/image-missing/tree-check", test_tree_check);
  FIXTURE_TEST ("/image-missing/special-files", test_special_files);
  g_test_add_func ("/image-missing/listable-dir", test_listable_dir);

  return g_test_run ();
}
