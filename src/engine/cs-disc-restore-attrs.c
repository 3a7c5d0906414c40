/* cs-disc-restore-attrs.c – what a restored file carries besides its bytes: owner, ACLs,
 * extended attributes, permission bits and times, set from the node read from the disc
 *
 * The order matters: chown() clears set-user-ID bits and security.capability, so the owner
 * comes first; then the ACLs and xattrs (setting an access ACL sets the group bits from its
 * mask, which the disc's mode repeats); then the permission bits; the times last, and for a
 * directory after everything inside it (cs-disc-restore-tree.c calls this then).
 *
 * Nothing here follows a symbolic link: files and directories are set through the
 * descriptor the restore opened (the ACL through /proc/self/fd/N, as libisofs sets ACLs by
 * path); symbolic links and special files by name relative to their directory's descriptor,
 * with AT_SYMLINK_NOFOLLOW or lsetxattr() on /proc/self/fd/DIR/NAME.
 *
 * Which attributes: all the disc holds (`xorriso -xattr any` and `-acl on` as one), except
 * libisofs' own "isofs." bookkeeping. What the target filesystem or the user's rights do not
 * take is counted (CsRestoreReport.attrs_not_set) and logged as a warning, the first few one
 * by one; owners are set only by root and skipped quietly otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "cs-disc-restore-private.h"

/* Warnings logged one by one; the rest only count (the end line gives the total). */
#define MAX_ATTR_WARNINGS 10

static void
not_set (CsRestore  *self,
         const char *rel_path,
         const char *what,
         int         errsv)
{
  self->report->attrs_not_set++;
  if (self->report->attrs_not_set <= MAX_ATTR_WARNINGS)
    {
      g_autofree char *path = _cs_restore_target_path (self, rel_path);

      /* Translators: %1$s what could not be set ("owner 0:0", "ACL", "extended attribute
       * “user.color”"), %2$s the restored file, %3$s why */
      cs_log (self->log_func, self->log_data, G_LOG_LEVEL_WARNING,
              _("Could not set the %1$s of %2$s: %3$s"), what, path, g_strerror (errsv));
      if (self->report->attrs_not_set == MAX_ATTR_WARNINGS)
        cs_log (self->log_func, self->log_data, G_LOG_LEVEL_WARNING,
                _("Further attributes that cannot be set are only counted"));
    }
}

static void
set_owner (CsRestore  *self,
           IsoNode    *node,
           int         fd,
           int         parent_fd,
           const char *name,
           const char *rel_path)
{
  uid_t uid = iso_node_get_uid (node);
  gid_t gid = iso_node_get_gid (node);
  int ret;

  if (!self->root)
    return;
  ret = fd >= 0 ? fchown (fd, uid, gid) : fchownat (parent_fd, name, uid, gid,
                                                     AT_SYMLINK_NOFOLLOW);
  if (ret != 0)
    {
      int errsv = errno;
      g_autofree char *what = g_strdup_printf (_("owner %u:%u"), (guint) uid, (guint) gid);

      not_set (self, rel_path, what, errsv);
    }
}

static void
set_acl (CsRestore  *self,
         int         fd,
         const char *rel_path,
         char       *value,
         size_t      length)
{
  g_autofree char *proc = g_strdup_printf ("/proc/self/fd/%d", fd);
  char *name = "";
  int errnos[1] = { 0 };
  int ret;

  /* bit5 follow /proc's link to the descriptor's file, bit6 a directory's access ACL
   * without a default one is fine; bit0 clear: the ACL is set. */
  ret = iso_local_set_attrs_errno (proc, 1, &name, &length, &value, errnos, 32 | 64);
  if (ret < 0)
    not_set (self, rel_path, _("ACL"), errnos[0] > 0 ? errnos[0] : ENOTSUP);
}

static void
set_xattrs (CsRestore  *self,
            IsoNode    *node,
            int         fd,
            int         parent_fd,
            const char *name,
            const char *rel_path)
{
  size_t n = 0;
  char **names = NULL, **values = NULL;
  size_t *lengths = NULL;
  g_autofree char *by_name = NULL;

  /* bit0: the ACLs as an attribute with an empty name. */
  if (iso_node_get_attrs (node, &n, &names, &lengths, &values, 1) < 0 || n == 0)
    goto out;
  for (size_t i = 0; i < n; i++)
    {
      int ret;

      if (g_str_has_prefix (names[i], "isofs.")
          || g_str_equal (names[i], "system.posix_acl_access")
          || g_str_equal (names[i], "system.posix_acl_default"))
        continue;
      if (names[i][0] == '\0')
        {
          if (fd >= 0)
            set_acl (self, fd, rel_path, values[i], lengths[i]);
          continue;
        }
      if (fd >= 0)
        ret = fsetxattr (fd, names[i], values[i], lengths[i], 0);
      else
        {
          if (by_name == NULL)
            by_name = g_strdup_printf ("/proc/self/fd/%d/%s", parent_fd, name);
          ret = lsetxattr (by_name, names[i], values[i], lengths[i], 0);
        }
      if (ret != 0)
        {
          int errsv = errno;
          /* Translators: %s an extended attribute's name */
          g_autofree char *what = g_strdup_printf (_("extended attribute “%s”"), names[i]);

          not_set (self, rel_path, what, errsv);
        }
    }

out:
  iso_node_get_attrs (NULL, &n, &names, &lengths, &values, 1 << 15);
}

/**
 * _cs_restore_attrs:
 * @node: the node on the disc
 * @fd: the restored file or directory, opened by the restore; -1 for a symbolic link or
 *   special file, which is then set by @name in @parent_fd
 * @rel_path: the path below the day, for messages
 *
 * Sets owner (as root), ACLs and xattrs, permission bits and times of what was just made
 * from @node. Nothing fails: what is not taken is counted and logged.
 */
void
_cs_restore_attrs (CsRestore  *self,
                   IsoNode    *node,
                   int         fd,
                   int         parent_fd,
                   const char *name,
                   const char *rel_path)
{
  gboolean is_link = iso_node_get_type (node) == LIBISO_SYMLINK;
  mode_t perms = iso_node_get_permissions (node) & 07777;
  struct timespec ts[2] = {
    { .tv_sec = iso_node_get_atime (node) },
    { .tv_sec = iso_node_get_mtime (node) },
  };
  int ret;

  set_owner (self, node, fd, parent_fd, name, rel_path);
  set_xattrs (self, node, fd, parent_fd, name, rel_path);
  if (!is_link)
    {
      /* A special file has no descriptor; the restore made it itself just now, so the
       * name is not a link (fchmodat() cannot refuse to follow one on Linux). */
      ret = fd >= 0 ? fchmod (fd, perms) : fchmodat (parent_fd, name, perms, 0);
      if (ret != 0)
        {
          int errsv = errno;
          g_autofree char *what = g_strdup_printf (_("permissions %04o"), (guint) perms);

          not_set (self, rel_path, what, errsv);
        }
    }
  ret = fd >= 0 ? futimens (fd, ts) : utimensat (parent_fd, name, ts, AT_SYMLINK_NOFOLLOW);
  if (ret != 0)
    not_set (self, rel_path, _("times"), errno);
}
