/* cs-disc-restore-tree.c – a day's tree from the disc made again below DIR/YYYY/MM/DD
 *
 * Nothing is ever written outside the day's directory, whatever names the disc holds:
 * - every entry is made relative to its directory's descriptor (mkdirat, openat with
 *   O_CREAT|O_EXCL|O_NOFOLLOW, symlinkat, mknodat, linkat), and a directory is entered only
 *   through openat(O_DIRECTORY|O_NOFOLLOW) of the directory just made;
 * - a name that is empty, ".", ".." or holds a "/" is a problem of the report and is skipped
 *   (with all below it);
 * - an entry whose name was taken already (a hostile image may hold a symbolic link and a
 *   directory of one name) is a problem and skipped: nothing is ever written through a
 *   symbolic link the restore made;
 * - symbolic links are made as they are, absolute or pointing out of the day, never
 *   followed.
 *
 * Hard links: files the disc records as one inode (iso_node_cmp_ino(), the Rock Ridge PX
 * serial numbers, as `xorriso -hardlinks on`) of the same size and data get one file and
 * further names by linkat(), found again below the day by names, never through a link.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cs-disc-restore-private.h"

/* Directory levels below the day at most: each holds a descriptor while its content is
 * made. */
#define MAX_DEPTH 400

static gboolean
valid_name (const char *name)
{
  return name != NULL && name[0] != '\0' && strcmp (name, ".") != 0
         && strcmp (name, "..") != 0 && strchr (name, '/') == NULL;
}

/* After a failed mkdirat/openat/symlinkat/mknodat/linkat of @name: TRUE (skip it, a
 * problem of the report) when the name is what failed, FALSE with a write error. */
static gboolean
entry_failed (CsRestore   *self,
              int          errsv,
              const char  *disc_path,
              const char  *rel_path,
              GError     **error)
{
  switch (errsv)
    {
    case EEXIST:
      _cs_restore_problem (self, disc_path,
                           _("the disc holds another entry of the same name, which was "
                             "restored instead; this one was not"));
      return TRUE;

    case ENAMETOOLONG:
    case EILSEQ:
    case EINVAL:
      _cs_restore_problem (self, disc_path,
                           _("the target filesystem does not take its name (%s); it was not "
                             "restored"), g_strerror (errsv));
      return TRUE;

    default:
      return _cs_restore_write_error (self, errsv, rel_path, error);
    }
}

static int
compare_ino (gconstpointer a,
             gconstpointer b)
{
  return iso_node_cmp_ino (*(IsoNode * const *) a, *(IsoNode * const *) b, 0);
}

static guint32
first_block (IsoFile *file)
{
  struct iso_file_section *sections = NULL;
  int n = 0;
  guint32 block = G_MAXUINT32;

  if (iso_file_get_old_image_sections (file, &n, &sections, 0) > 0 && n > 0)
    block = sections[0].block;
  free (sections);
  return block;
}

static void
collect_files (IsoDir    *dir,
               GPtrArray *files,
               guint      depth)
{
  IsoDirIter *iter = NULL;
  IsoNode *node;

  if (depth > MAX_DEPTH || iso_dir_get_children (dir, &iter) < 0)
    return;
  while (iso_dir_iter_next (iter, &node) == 1)
    {
      if (!valid_name (iso_node_get_name (node)))
        continue;
      if (iso_node_get_type (node) == LIBISO_FILE)
        g_ptr_array_add (files, node);
      else if (iso_node_get_type (node) == LIBISO_DIR)
        collect_files ((IsoDir *) node, files, depth + 1);
    }
  iso_dir_iter_free (iter);
}

/* The hard link groups (self->leaders) and the bytes to restore (self->total). */
static void
group_links (CsRestore *self,
             IsoDir    *day_dir)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();

  collect_files (day_dir, files, 0);
  g_ptr_array_sort (files, compare_ino);
  for (guint i = 0; i < files->len; )
    {
      IsoFile *first = g_ptr_array_index (files, i);
      guint64 size = iso_file_get_size (first);
      guint32 block = size > 0 ? first_block (first) : 0;
      guint j = i + 1;

      /* Same inode, and then also the same size and data: a hostile image cannot make one
       * file of two that differ. */
      while (j < files->len)
        {
          IsoFile *next = g_ptr_array_index (files, j);

          if (iso_node_cmp_ino ((IsoNode *) first, (IsoNode *) next, 0) != 0
              || (guint64) iso_file_get_size (next) != size
              || (size > 0 && first_block (next) != block))
            break;
          g_hash_table_insert (self->leaders, next, first);
          j++;
        }
      if (j > i + 1)
        {
          GPtrArray *names = g_ptr_array_new ();

          for (guint k = i; k < j; k++)
            g_ptr_array_add (names, g_ptr_array_index (files, k));
          g_hash_table_insert (self->leaders, first, first);
          g_hash_table_insert (self->groups, first, names);
        }
      self->total += size;
      i = j;
    }
}

/* Opens directory @rel_path below the day, each level without following a link. */
static int
open_below_day (CsRestore  *self,
                const char *rel_dir)
{
  g_auto(GStrv) parts = g_strsplit (rel_dir, "/", -1);
  int fd = dup (self->day_fd);

  for (guint i = 0; fd >= 0 && parts[i] != NULL; i++)
    {
      int next = openat (fd, parts[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

      close (fd);
      fd = next;
    }
  return fd;
}

/* A further name of a hard link group whose file is at @existing (below the day): TRUE
 * when linked. */
static gboolean
link_to (CsRestore  *self,
         const char *existing,
         int         dir_fd,
         const char *name,
         int        *errsv)
{
  g_autofree char *dir = g_path_get_dirname (existing);
  g_autofree char *leaf = g_path_get_basename (existing);
  int from = g_str_equal (dir, ".") ? dup (self->day_fd) : open_below_day (self, dir);
  gboolean ok;

  if (from < 0)
    {
      *errsv = errno;
      return FALSE;
    }
  /* flags 0: a link is never followed. */
  ok = linkat (from, leaf, dir_fd, name, 0) == 0;
  *errsv = errno;
  close (from);
  return ok;
}

static gboolean
restore_file (CsRestore   *self,
              IsoFile     *file,
              int          dir_fd,
              const char  *name,
              const char  *disc_path,
              const char  *rel_path,
              GError     **error)
{
  IsoNode *group = g_hash_table_lookup (self->leaders, file);
  const char *existing = group != NULL ? g_hash_table_lookup (self->links, group) : NULL;
  gboolean ok;
  int fd, errsv = 0;

  if (existing != NULL)
    {
      if (link_to (self, existing, dir_fd, name, &errsv))
        return TRUE;
      if (errsv == EEXIST || errsv == ENAMETOOLONG || errsv == EILSEQ || errsv == EINVAL)
        return entry_failed (self, errsv, disc_path, rel_path, error);
      /* A filesystem without hard links: a copy of its own. */
      cs_log (self->log_func, self->log_data, G_LOG_LEVEL_WARNING,
              _("%s is restored as a copy, not as a hard link: %s"), rel_path,
              g_strerror (errsv));
    }

  fd = openat (dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
               0600);
  if (fd < 0)
    return entry_failed (self, errno, disc_path, rel_path, error);
  ok = _cs_restore_file_data (self, file, fd, disc_path, rel_path, error);
  if (ok)
    _cs_restore_attrs (self, (IsoNode *) file, fd, dir_fd, name, rel_path);
  if (close (fd) != 0 && ok)
    ok = _cs_restore_write_error (self, errno, rel_path, error);
  if (!ok)
    return FALSE;
  self->report->files++;
  self->report->bytes += iso_file_get_size (file);
  if (group != NULL && existing == NULL)
    g_hash_table_insert (self->links, group, g_strdup (rel_path));
  return TRUE;
}

static gboolean
restore_special (CsRestore   *self,
                 IsoSpecial  *special,
                 int          dir_fd,
                 const char  *name,
                 const char  *disc_path,
                 const char  *rel_path,
                 GError     **error)
{
  mode_t type = iso_node_get_mode ((IsoNode *) special) & S_IFMT;
  dev_t dev = (type == S_IFCHR || type == S_IFBLK) ? iso_special_get_dev (special) : 0;

  if (type != S_IFCHR && type != S_IFBLK && type != S_IFIFO && type != S_IFSOCK)
    {
      _cs_restore_problem (self, disc_path, _("it is a special file of an unknown type; it "
                                              "was not restored"));
      return TRUE;
    }
  if (mknodat (dir_fd, name, type | 0600, dev) != 0)
    {
      int errsv = errno;

      if ((type == S_IFCHR || type == S_IFBLK) && (errsv == EPERM || errsv == EACCES))
        {
          g_autofree char *path = _cs_restore_target_path (self, rel_path);

          /* Translators: %1$s the restored path, %2$u and %3$u device numbers */
          cs_log (self->log_func, self->log_data, G_LOG_LEVEL_WARNING,
                  _("Device file %1$s (%2$u, %3$u) was not made: only root can make device "
                    "files"), path, major (dev), minor (dev));
          return TRUE;
        }
      return entry_failed (self, errsv, disc_path, rel_path, error);
    }
  self->report->specials++;
  _cs_restore_attrs (self, (IsoNode *) special, -1, dir_fd, name, rel_path);
  return TRUE;
}

static gboolean restore_dir (CsRestore   *self,
                             IsoDir      *dir,
                             int          dir_fd,
                             const char  *disc_path,
                             const char  *rel_path,
                             guint        depth,
                             GError     **error);

static gboolean
restore_node (CsRestore   *self,
              IsoNode     *node,
              int          dir_fd,
              const char  *disc_path,
              const char  *rel_path,
              guint        depth,
              GError     **error)
{
  const char *name = iso_node_get_name (node);

  switch (iso_node_get_type (node))
    {
    case LIBISO_DIR:
      {
        gboolean ok;
        int fd;

        if (depth >= MAX_DEPTH)
          {
            _cs_restore_problem (self, disc_path, _("it lies more than %u directories deep; it "
                                                    "was not restored"), MAX_DEPTH);
            return TRUE;
          }
        if (mkdirat (dir_fd, name, 0700) != 0)
          return entry_failed (self, errno, disc_path, rel_path, error);
        fd = openat (dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
          return _cs_restore_write_error (self, errno, rel_path, error);
        self->report->dirs++;
        ok = restore_dir (self, (IsoDir *) node, fd, disc_path, rel_path, depth + 1, error);
        if (ok)
          _cs_restore_attrs (self, node, fd, dir_fd, name, rel_path);
        close (fd);
        return ok;
      }

    case LIBISO_FILE:
      return restore_file (self, (IsoFile *) node, dir_fd, name, disc_path, rel_path, error);

    case LIBISO_SYMLINK:
      {
        const char *dest = iso_symlink_get_dest ((IsoSymlink *) node);

        if (dest == NULL || dest[0] == '\0')
          {
            _cs_restore_problem (self, disc_path, _("it is a symbolic link without a target; "
                                                    "it was not restored"));
            return TRUE;
          }
        if (symlinkat (dest, dir_fd, name) != 0)
          return entry_failed (self, errno, disc_path, rel_path, error);
        self->report->symlinks++;
        _cs_restore_attrs (self, node, -1, dir_fd, name, rel_path);
        return TRUE;
      }

    case LIBISO_SPECIAL:
      return restore_special (self, (IsoSpecial *) node, dir_fd, name, disc_path, rel_path,
                              error);

    case LIBISO_BOOT:
    default:
      return TRUE;
    }
}

static gboolean
restore_dir (CsRestore   *self,
             IsoDir      *dir,
             int          dir_fd,
             const char  *disc_path,
             const char  *rel_path,
             guint        depth,
             GError     **error)
{
  IsoDirIter *iter = NULL;
  IsoNode *node;
  gboolean ok = TRUE;

  if (iso_dir_get_children (dir, &iter) < 0)
    return TRUE;
  while (ok && iso_dir_iter_next (iter, &node) == 1)
    {
      const char *name = iso_node_get_name (node);
      g_autofree char *child_disc = g_strconcat (disc_path, "/", name ? name : "", NULL);
      g_autofree char *child_rel = NULL;

      if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (!valid_name (name))
        {
          _cs_restore_problem (self, child_disc,
                               _("its name cannot be a file name (it is empty, “.” or “..”, "
                                 "or holds a “/”); it was not restored"));
          continue;
        }
      child_rel = rel_path != NULL ? g_strconcat (rel_path, "/", name, NULL) : g_strdup (name);
      ok = restore_node (self, node, dir_fd, child_disc, child_rel, depth, error);
    }
  iso_dir_iter_free (iter);
  return ok;
}

/**
 * _cs_restore_tree:
 * @day_dir: the day's directory on the disc
 * @day_fd: DIR/YYYY/MM/DD, made (or found empty) by the caller
 * @disc_path: "/YYYY/MM/DD"
 *
 * Makes everything below @day_dir in @day_fd, then gives @day_fd the day directory's own
 * attributes.
 *
 * Returns: FALSE with %CS_ERROR_WRITE or %CS_ERROR_CANCELLED (what was made stays)
 */
gboolean
_cs_restore_tree (CsRestore   *self,
                  IsoDir      *day_dir,
                  int          day_fd,
                  const char  *disc_path,
                  GError     **error)
{
  self->day_fd = day_fd;
  group_links (self, day_dir);
  if (!restore_dir (self, day_dir, day_fd, disc_path, NULL, 0, error))
    return FALSE;
  _cs_restore_attrs (self, (IsoNode *) day_dir, day_fd, -1, ".", ".");
  return TRUE;
}
