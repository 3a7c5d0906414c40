/* cs-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-test-util.h"

char *
cs_test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("cedar-store-test-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
rm_rf_at (const char *path)
{
  GStatBuf st;

  if (g_lstat (path, &st) != 0)
    return;

  if (S_ISDIR (st.st_mode))
    {
      GDir *dir;
      const char *name;

      chmod (path, 0700);
      dir = g_dir_open (path, 0, NULL);
      if (dir != NULL)
        {
          while ((name = g_dir_read_name (dir)) != NULL)
            {
              g_autofree char *child = g_build_filename (path, name, NULL);
              rm_rf_at (child);
            }
          g_dir_close (dir);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

void
cs_test_rm_rf (const char *path)
{
  if (path != NULL)
    rm_rf_at (path);
}

/* Makes staging_root/suffix with a peer folder and a few files. */
char *
cs_test_make_day (const char *staging_root,
                  const char *suffix,
                  gboolean    staged,
                  gboolean    stored)
{
  g_autofree char *peer = NULL;
  g_autofree char *file = NULL;
  g_autofree char *text = NULL;
  char *day = g_build_filename (staging_root, suffix, NULL);

  peer = g_build_filename (day, "host1", NULL);
  g_assert_cmpint (g_mkdir_with_parents (peer, 0755), ==, 0);

  file = g_build_filename (peer, "etc.tar.gz", NULL);
  text = g_strdup_printf ("contents of %s\n", suffix);
  cs_test_write_file (file, text, -1);
  g_free (file);
  file = g_build_filename (peer, "cback.collect", NULL);
  cs_test_write_file (file, "", 0);

  if (staged)
    {
      g_autofree char *ind = g_build_filename (day, "cback.stage", NULL);
      cs_test_write_file (ind, "", 0);
    }
  if (stored)
    {
      g_autofree char *ind = g_build_filename (day, "cback.store", NULL);
      cs_test_write_file (ind, "", 0);
    }
  return day;
}

void
cs_test_write_file (const char *path,
                    const char *contents,
                    gssize      length)
{
  g_autoptr(GError) error = NULL;

  if (length < 0)
    length = strlen (contents);
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

/* Deterministic pseudo-random content, so tests can make many MiB cheaply. */
void
cs_test_fill_file (const char *path,
                   gsize       size,
                   guint32     seed)
{
  g_autofree guint32 *buf = g_new (guint32, 16384);
  guint32 x = seed ? seed : 1;
  int fd;

  fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  g_assert_cmpint (fd, >=, 0);
  while (size > 0)
    {
      gsize chunk = MIN (size, 16384 * sizeof (guint32));

      for (guint i = 0; i < 16384; i++)
        {
          x ^= x << 13;
          x ^= x >> 17;
          x ^= x << 5;
          buf[i] = x;
        }
      g_assert_cmpint (write (fd, buf, chunk), ==, (gssize) chunk);
      size -= chunk;
    }
  close (fd);
}

gboolean
cs_test_have_program (const char *name)
{
  g_autofree char *path = g_find_program_in_path (name);
  return path != NULL;
}

/* Runs argv, returns its exit status (or -1 when it could not start / died). */
int
cs_test_run (const char * const  *argv,
             char               **out,
             char               **err)
{
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                     NULL, NULL, out, err, &status, &error))
    {
      g_test_message ("cannot run %s: %s", argv[0], error->message);
      return -1;
    }
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  return -1;
}

/* The cedar-store binary under test. */
char *
cs_test_bin (void)
{
  const char *bin = g_getenv ("CEDAR_STORE_BIN");

  g_assert_nonnull (bin);
  return g_strdup (bin);
}

/* xorriso, when installed, is the independent reader of our images (CI installs it). */
gboolean
cs_test_have_xorriso (void)
{
  if (cs_test_have_program ("xorriso"))
    return TRUE;
  g_test_message ("xorriso is not installed: no independent read-back");
  return FALSE;
}

/* Runs xorriso on stdio:@image with the arguments that follow; returns stdout and stderr. */
char *
cs_test_xorriso_text (const char *image,
                      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *arg;
  va_list ap;
  int status;

  g_ptr_array_add (argv, g_strdup ("xorriso"));
  g_ptr_array_add (argv, g_strdup ("-abort_on"));
  g_ptr_array_add (argv, g_strdup ("NEVER"));
  g_ptr_array_add (argv, g_strdup ("-indev"));
  g_ptr_array_add (argv, g_strconcat ("stdio:", image, NULL));
  va_start (ap, image);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  status = cs_test_run ((const char * const *) argv->pdata, &out, &err);
  g_test_message ("xorriso exit %d\nstdout:\n%s\nstderr:\n%s", status, out, err);
  g_assert_cmpint (status, >=, 0);
  return g_strconcat (out ? out : "", "\n", err ? err : "", NULL);
}

/* How many sessions xorriso -toc lists. */
guint
cs_test_xorriso_sessions (const char *image)
{
  g_autofree char *text = cs_test_xorriso_text (image, "-toc", NULL);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "ISO session"))
      n++;
  return n;
}

/* g_test_init with --keep-going: a failed test (g_test_fail) does not hide the results of
 * the tests after it. */
void
cs_test_init_keep_going (int    *argc,
                         char ***argv)
{
  /* The caller's argv is this copy afterwards: it lives as long as the program. */
  static char **args;
  int n_args = 0;

  args = g_new0 (char *, *argc + 2);
  for (int i = 0; i < *argc; i++)
    args[n_args++] = (*argv)[i];
  args[n_args++] = (char *) "--keep-going";
  *argc = n_args;
  *argv = args;

  g_test_init (argc, argv, NULL);
}

/* Whether @path is there, without following a last symlink. */
gboolean
cs_test_exists (const char *path)
{
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

/* Whether @day holds the cback.store indicator. */
gboolean
cs_test_is_stored (const char *day)
{
  g_autofree char *ind = g_build_filename (day, "cback.store", NULL);

  return cs_test_exists (ind);
}

void
cs_test_assert_contains (const char *text,
                         const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text ? text : "(null)", part);
}

/* A log function of the engine (CsLogFunc): collects "L:message" lines, L = D/I/W, in the
 * GPtrArray @user_data. */
void
cs_test_collect_log (GLogLevelFlags  level,
                     const char     *message,
                     gpointer        user_data)
{
  GPtrArray *lines = user_data;
  const char *tag = (level & G_LOG_LEVEL_DEBUG) ? "D" :
                    (level & G_LOG_LEVEL_INFO) ? "I" :
                    (level & G_LOG_LEVEL_WARNING) ? "W" : "?";

  g_ptr_array_add (lines, g_strdup_printf ("%s:%s", tag, message));
}

gboolean
cs_test_has_line (GPtrArray  *lines,
                  const char *line)
{
  for (guint i = 0; i < lines->len; i++)
    if (g_str_equal (g_ptr_array_index (lines, i), line))
      return TRUE;
  return FALSE;
}

/* Whether a line of @lines holds @part. */
gboolean
cs_test_lines_contain (GPtrArray  *lines,
                       const char *part)
{
  for (guint i = 0; i < lines->len; i++)
    if (strstr (g_ptr_array_index (lines, i), part) != NULL)
      return TRUE;
  return FALSE;
}

/* Gives @path and everything below it to @uid:@gid (needs root). */
void
cs_test_chown_tree (const char *path,
                    uid_t       uid,
                    gid_t       gid)
{
  GStatBuf st;

  g_assert_cmpint (lchown (path, uid, gid), ==, 0);
  if (g_lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          cs_test_chown_tree (child, uid, gid);
        }
    }
}

static void
tricky_symlink (const char *target,
                const char *path)
{
  g_assert_cmpint (symlink (target, path), ==, 0);
}

/* A 200-byte file name ("abc…xyzab….txt"), complete only in Rock Ridge. */
char *
cs_test_long_name (void)
{
  g_autoptr(GString) name = g_string_new (NULL);

  while (name->len < 196)
    g_string_append_c (name, 'a' + name->len % 26);
  g_string_append (name, ".txt");
  g_assert_cmpuint (name->len, ==, 200);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* Everything libburnia-verified.md H lists, and the names that break shell scripts, in
 * @day/tricky (test-image, test-disc-restore). */
void
cs_test_make_tricky_tree (const char *day)
{
  static const char * const odd_names[] = {
    "with space.txt", "single'quote.txt", "double\"quote.txt", "new\nline.txt",
    "star*question?.txt", "-leading-dash.txt", "bad\xe9t\xff.txt", "caf\xc3\xa9_\xe2\x82\xac.txt",
  };
  g_autofree char *t = g_build_filename (day, "tricky", NULL);
  g_autofree char *longn = cs_test_long_name ();
  g_autofree char *path = NULL;
  g_autoptr(GString) deep = NULL;

  g_assert_cmpint (g_mkdir (t, 0755), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (odd_names); i++)
    {
      g_autofree char *p = g_build_filename (t, odd_names[i], NULL);
      g_autofree char *text = g_strdup_printf ("file number %u\n", i);
      cs_test_write_file (p, text, -1);
    }

  path = g_build_filename (t, longn, NULL);
  cs_test_write_file (path, "a 200-byte name\n", -1);
  g_clear_pointer (&path, g_free);

  deep = g_string_new (t);
  g_string_append (deep, "/deep");
  for (guint i = 1; i <= 20; i++)
    g_string_append_printf (deep, "/level%02u", i);
  g_assert_cmpint (g_mkdir_with_parents (deep->str, 0755), ==, 0);
  g_string_append (deep, "/bottom.txt");
  cs_test_write_file (deep->str, "twenty levels down\n", -1);

  path = g_build_filename (t, "empty.txt", NULL);
  cs_test_write_file (path, "", 0);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (t, "emptydir", NULL);
  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  g_clear_pointer (&path, g_free);

  path = g_build_filename (t, "link-to-file", NULL);
  tricky_symlink ("with space.txt", path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (t, "link-to-dir", NULL);
  tricky_symlink ("emptydir", path);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (t, "dangling", NULL);
  tricky_symlink ("/nonexistent/target", path);
  g_clear_pointer (&path, g_free);

  path = g_build_filename (t, "hard1", NULL);
  cs_test_fill_file (path, 300 * 1024 + 17, 42);
  for (guint i = 2; i <= 3; i++)
    {
      g_autofree char *other = g_strdup_printf ("%s/hard%u", t, i);
      g_assert_cmpint (link (path, other), ==, 0);
    }
  g_clear_pointer (&path, g_free);

  path = g_build_filename (t, "fifo", NULL);
  g_assert_cmpint (mkfifo (path, 0644), ==, 0);
  g_clear_pointer (&path, g_free);

  path = g_build_filename (t, "private.txt", NULL);
  cs_test_write_file (path, "secret\n", -1);
  g_assert_cmpint (chmod (path, 0600), ==, 0);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (t, "privdir", NULL);
  g_assert_cmpint (g_mkdir (path, 0700), ==, 0);
  {
    g_autofree char *inner = g_build_filename (path, "inside.txt", NULL);
    cs_test_write_file (inner, "in a private directory\n", -1);
  }
}
