/* cs-test-restore.h – a staged tree with everything a restore must bring back, and the
 * comparison of a staged tree with its restored copy, for test-disc-restore (header-only:
 * static functions)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "cs-test-util.h"

#define T_1901        G_GINT64_CONSTANT (-2147400000)  /* 1901-12-14 20:00:00 UTC */
#define T_2155        G_GINT64_CONSTANT (5851137600)   /* 2155-06-01 12:00:00 UTC */

typedef struct
{
  GHashTable *src_to_dst;   /* source inode → restored inode */
  GHashTable *dst_to_src;
  guint       entries;
  guint       links;        /* regular files with more than one name */
  GHashTable *atimes;       /* path below the day → expected atime (set before storing) */
} Walk;

G_GNUC_UNUSED static void
assert_same_data (const char *a,
                  const char *b)
{
  g_autofree guint8 *ba = g_malloc (1024 * 1024);
  g_autofree guint8 *bb = g_malloc (1024 * 1024);
  int fa = open (a, O_RDONLY | O_CLOEXEC);
  int fb = open (b, O_RDONLY | O_CLOEXEC);

  g_assert_cmpint (fa, >=, 0);
  g_assert_cmpint (fb, >=, 0);
  for (;;)
    {
      gssize na = read (fa, ba, 1024 * 1024);
      gssize nb = read (fb, bb, 1024 * 1024);

      g_assert_cmpint (na, ==, nb);
      if (na <= 0)
        break;
      if (memcmp (ba, bb, na) != 0)
        g_error ("%s and %s differ", a, b);
    }
  close (fa);
  close (fb);
}

G_GNUC_UNUSED static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

G_GNUC_UNUSED static char *
xattr_list (const char *path)
{
  char names[4096];
  gssize len = llistxattr (path, names, sizeof names);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  if (len < 0)
    return g_strdup ("(none)");
  for (gssize i = 0; i < len; i += strlen (names + i) + 1)
    {
      char value[4096];
      gssize vlen = lgetxattr (path, names + i, value, sizeof value);
      g_autofree char *hex = NULL;

      g_assert_cmpint (vlen, >=, 0);
      hex = g_base64_encode ((const guchar *) value, vlen);
      g_ptr_array_add (all, g_strdup_printf ("%s=%s", names + i, hex));
    }
  g_ptr_array_sort (all, compare_strings);
  for (guint i = 0; i < all->len; i++)
    g_string_append_printf (text, "%s;", (char *) g_ptr_array_index (all, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

G_GNUC_UNUSED static void
compare_entry (Walk       *w,
               const char *src,
               const char *dst,
               const char *rel)
{
  struct stat a, b;

  g_assert_cmpint (lstat (src, &a), ==, 0);
  if (lstat (dst, &b) != 0)
    g_error ("%s was not restored (%s)", dst, g_strerror (errno));
  w->entries++;
  g_assert_cmpuint (a.st_mode & S_IFMT, ==, b.st_mode & S_IFMT);
  if (!S_ISLNK (a.st_mode))
    g_assert_cmpuint (a.st_mode & 07777, ==, b.st_mode & 07777);
  g_assert_cmpuint (a.st_uid, ==, b.st_uid);
  g_assert_cmpuint (a.st_gid, ==, b.st_gid);
  if (!S_ISDIR (a.st_mode) || rel != NULL)
    g_assert_cmpint (a.st_mtim.tv_sec, ==, b.st_mtim.tv_sec);
  if (rel != NULL && w->atimes != NULL && g_hash_table_contains (w->atimes, rel))
    {
      /* Stored shifted by 4 × G_MAXINT32: a pointer cannot hold a negative time. */
      gint64 atime = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (w->atimes, rel))
                     - (gint64) G_MAXINT32 * 4;

      g_assert_cmpint (b.st_atim.tv_sec, ==, atime);
    }
  {
    g_autofree char *xa = xattr_list (src);
    g_autofree char *xb = xattr_list (dst);

    g_assert_cmpstr (xa, ==, xb);
  }

  if (S_ISREG (a.st_mode))
    {
      gpointer known;

      g_assert_cmpint (a.st_size, ==, b.st_size);
      g_assert_cmpuint (a.st_nlink, ==, b.st_nlink);
      if (g_hash_table_lookup_extended (w->src_to_dst, GSIZE_TO_POINTER (a.st_ino), NULL, &known))
        g_assert_cmpuint (GPOINTER_TO_SIZE (known), ==, b.st_ino);
      else
        {
          /* A restored inode belongs to one staged inode only. */
          g_assert_false (g_hash_table_contains (w->dst_to_src, GSIZE_TO_POINTER (b.st_ino)));
          g_hash_table_insert (w->src_to_dst, GSIZE_TO_POINTER (a.st_ino),
                               GSIZE_TO_POINTER (b.st_ino));
          g_hash_table_insert (w->dst_to_src, GSIZE_TO_POINTER (b.st_ino),
                               GSIZE_TO_POINTER (a.st_ino));
          assert_same_data (src, dst);
        }
      if (a.st_nlink > 1)
        w->links++;
    }
  else if (S_ISLNK (a.st_mode))
    {
      g_autofree char *ta = g_file_read_link (src, NULL);
      g_autofree char *tb = g_file_read_link (dst, NULL);

      g_assert_cmpstr (ta, ==, tb);
    }
  else if (S_ISCHR (a.st_mode) || S_ISBLK (a.st_mode))
    g_assert_cmpuint (a.st_rdev, ==, b.st_rdev);
}

/* Every entry below @src (but cback.store, written after the store) is in @dst, as it is. */
G_GNUC_UNUSED static void
compare_tree (Walk       *w,
              const char *src,
              const char *dst,
              const char *rel)
{
  g_autoptr(GDir) dir = g_dir_open (src, 0, NULL);
  g_autoptr(GDir) dir2 = g_dir_open (dst, 0, NULL);
  const char *name;
  guint n_src = 0, n_dst = 0;

  g_assert_nonnull (dir);
  g_assert_nonnull (dir2);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *s = g_build_filename (src, name, NULL);
      g_autofree char *d = g_build_filename (dst, name, NULL);
      g_autofree char *r = rel != NULL ? g_build_filename (rel, name, NULL) : g_strdup (name);
      struct stat st;

      if (rel == NULL && g_str_equal (name, "cback.store"))
        continue;
      n_src++;
      compare_entry (w, s, d, r);
      if (lstat (s, &st) == 0 && S_ISDIR (st.st_mode))
        compare_tree (w, s, d, r);
    }
  while ((name = g_dir_read_name (dir2)) != NULL)
    n_dst++;
  g_assert_cmpuint (n_src, ==, n_dst);
}

G_GNUC_UNUSED static void
set_times (const char *path,
           gint64      mtime,
           gint64      atime)
{
  struct timespec ts[2] = { { .tv_sec = atime }, { .tv_sec = mtime } };

  g_assert_cmpint (utimensat (AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW), ==, 0);
}

G_GNUC_UNUSED static gboolean
run_quiet (const char * const *argv)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  return cs_test_have_program (argv[0]) && cs_test_run (argv, &out, &err) == 0;
}

/* The tricky tree of test-image, and what only root or a filesystem with ACLs can make. */
G_GNUC_UNUSED static void
make_restore_tree (const char *day,
                   GHashTable *atimes)
{
  g_autofree char *host = g_build_filename (day, "host", NULL);
  g_autofree char *path = NULL;
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  g_autofree char *cwd = g_get_current_dir ();
  int sock;

  cs_test_make_tricky_tree (day);
  g_assert_cmpint (g_mkdir_with_parents (host, 0755), ==, 0);

  /* Sparse: 20 MiB with a few bytes in its middle; and an empty file with two names. */
  path = g_build_filename (host, "sparse.img", NULL);
  cs_test_write_file (path, "", 0);
  g_assert_cmpint (truncate (path, 20 * 1024 * 1024), ==, 0);
  {
    int fd = open (path, O_WRONLY | O_CLOEXEC);

    g_assert_cmpint (pwrite (fd, "middle", 6, 10 * 1024 * 1024 + 5), ==, 6);
    close (fd);
  }
  g_clear_pointer (&path, g_free);
  path = g_build_filename (host, "empty-a", NULL);
  cs_test_write_file (path, "", 0);
  {
    g_autofree char *other = g_build_filename (host, "empty-b", NULL);

    g_assert_cmpint (link (path, other), ==, 0);
  }
  g_clear_pointer (&path, g_free);

  /* Modes a restore must set last: set-user-ID, and a directory it may not write to. */
  path = g_build_filename (host, "setuid-tool", NULL);
  cs_test_write_file (path, "#!/bin/sh\n", -1);
  g_assert_cmpint (chmod (path, 04755), ==, 0);
  g_clear_pointer (&path, g_free);
  path = g_build_filename (host, "readonly-dir", NULL);
  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  {
    g_autofree char *inner = g_build_filename (path, "inner.txt", NULL);

    cs_test_write_file (inner, "inside a read-only directory\n", -1);
  }
  g_assert_cmpint (chmod (path, 0555), ==, 0);
  g_clear_pointer (&path, g_free);

  /* A socket (bound from inside the directory: sun_path is short). */
  g_assert_cmpint (chdir (host), ==, 0);
  sock = socket (AF_UNIX, SOCK_STREAM, 0);
  g_assert_cmpint (sock, >=, 0);
  strcpy (addr.sun_path, "socket");
  g_assert_cmpint (bind (sock, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  close (sock);
  g_assert_cmpint (chdir (cwd), ==, 0);

  if (geteuid () == 0)
    {
      path = g_build_filename (host, "null-dev", NULL);
      g_assert_cmpint (mknod (path, S_IFCHR | 0666, makedev (1, 3)), ==, 0);
      g_clear_pointer (&path, g_free);
      path = g_build_filename (host, "loop-dev", NULL);
      g_assert_cmpint (mknod (path, S_IFBLK | 0660, makedev (7, 200)), ==, 0);
      g_clear_pointer (&path, g_free);
      path = g_build_filename (host, "owned.txt", NULL);
      cs_test_write_file (path, "owned by 1234:5678\n", -1);
      g_assert_cmpint (lchown (path, 1234, 5678), ==, 0);
      g_clear_pointer (&path, g_free);
      path = g_build_filename (host, "owned-link", NULL);
      g_assert_cmpint (symlink ("owned.txt", path), ==, 0);
      g_assert_cmpint (lchown (path, 4321, 8765), ==, 0);
      g_clear_pointer (&path, g_free);
    }
  else
    g_test_message ("not root: no device files and no other owners");

  /* ACLs and an xattr where this filesystem takes them (Debian packages acl and attr). */
  path = g_build_filename (host, "acl.txt", NULL);
  cs_test_write_file (path, "with an ACL and an xattr\n", -1);
  {
    const char * const acl[] = { "setfacl", "-m", "u:nobody:rw", path, NULL };
    const char * const xattr[] = { "setfattr", "-n", "user.color", "-v", "blue", path, NULL };
    g_autofree char *dir = g_build_filename (host, "defaults", NULL);
    const char * const dacl[] = { "setfacl", "-d", "-m", "u:nobody:rwx", dir, NULL };

    g_assert_cmpint (g_mkdir (dir, 0755), ==, 0);
    if (!run_quiet (acl) || !run_quiet (xattr) || !run_quiet (dacl))
      g_test_message ("no ACLs or xattrs here: only their absence is compared");
  }
  g_clear_pointer (&path, g_free);

  /* Times from 1901 to 2155, set last (the atime as recorded, before the store reads it). */
  {
    const struct { const char *name; gint64 mtime; gint64 atime; gboolean dir; } timed[] = {
      { "old-1901.txt", T_1901, T_1901 + 3600, FALSE },
      { "late-2155.txt", T_2155, T_2155 - 3600, FALSE },
      { "epoch.txt", 1, 2, FALSE },
      { "dir-1901", T_1901, T_1901, TRUE },
      { "dir-2155", T_2155, T_2155, TRUE },
    };

    for (guint i = 0; i < G_N_ELEMENTS (timed); i++)
      {
        g_autofree char *p = g_build_filename (host, timed[i].name, NULL);
        g_autofree char *rel = g_build_filename ("host", timed[i].name, NULL);

        if (timed[i].dir)
          g_assert_cmpint (g_mkdir (p, 0750), ==, 0);
        else
          cs_test_write_file (p, timed[i].name, -1);
        set_times (p, timed[i].mtime, timed[i].atime);
        /* Stored shifted: a pointer cannot hold a negative time. */
        g_hash_table_insert (atimes, g_steal_pointer (&rel),
                             GSIZE_TO_POINTER (timed[i].atime + (gint64) G_MAXINT32 * 4));
      }
    /* The directories' times after what is in them. */
    set_times (host, T_2155, T_2155);
  }
}

G_GNUC_UNUSED static void
list_into (const char *dir,
           const char *prefix,
           GPtrArray  *names)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      char *rel = prefix != NULL ? g_strconcat (prefix, "/", name, NULL) : g_strdup (name);
      struct stat st;

      g_ptr_array_add (names, rel);
      if (lstat (path, &st) == 0 && S_ISDIR (st.st_mode))
        list_into (path, rel, names);
    }
}

/* The paths below @dir, sorted, one a line ("" when it does not exist or is empty). */
G_GNUC_UNUSED static char *
listing (const char *dir)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);

  list_into (dir, NULL, names);
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (text, "%s\n", (char *) g_ptr_array_index (names, i));
  return g_string_free (g_steal_pointer (&text), FALSE);
}
