/* cs-staging-mark.c
 *
 * Whether cback.store can be written into a day, known before anything is written: a
 * store that writes and verifies the disc and then cannot mark the day says "writing
 * failed" about a good disc, and the next run stores the day again (issue 13).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <grp.h>
#include <linux/fs.h>
#include <pwd.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cs-advice.h"
#include "cs-error.h"
#include "cs-staging.h"
#include "cs-staging-private.h"

static gboolean
user_exists (const char *name)
{
  g_autofree char *buf = NULL;
  struct passwd pw, *result = NULL;
  gsize size;

  buf = _cs_staging_lookup_buffer (_SC_GETPW_R_SIZE_MAX, &size);
  while (getpwnam_r (name, &pw, buf, size, &result) == ERANGE)
    {
      size *= 2;
      buf = g_realloc (buf, size);
    }
  return result != NULL;
}

static gboolean
group_exists (const char *name)
{
  g_autofree char *buf = NULL;
  struct group gr, *result = NULL;
  gsize size;

  buf = _cs_staging_lookup_buffer (_SC_GETGR_R_SIZE_MAX, &size);
  while (getgrnam_r (name, &gr, buf, size, &result) == ERANGE)
    {
      size *= 2;
      buf = g_realloc (buf, size);
    }
  return result != NULL;
}

/* "Cannot mark DAY as stored: WHY; nothing was written. WHAT TO DO, or store without
 * marking (--no-mark)". */
static void
set_mark_error (GError     **error,
                const char  *day_path,
                const char  *why,
                const char  *todo)
{
  g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
               /* Translators: %1$s a staging day's folder, %2$s why cback.store cannot be
                * written there, %3$s what to do about it */
               cs_advice_pick (_("Cannot mark %1$s as stored: %2$s; nothing was written. %3$s, "
                                 "or store without marking (--no-mark)"),
                               _("Cannot mark %1$s as stored: %2$s; nothing was written. %3$s, "
                                 "or turn on “Leave Days Unmarked”")),
               day_path, why, todo);
}

/* @path (the day or its cback.store) is not writable by the effective user: who owns it and
 * what would make it writable. A group is advised only when it can mean something: not root
 * (gid 0), not a group the system does not know, not the owner's personal group. */
static void
set_owner_error (GError       **error,
                 const char    *day_path,
                 const char    *path,
                 const struct stat *st)
{
  g_autofree char *owner = _cs_staging_user_name (st->st_uid);
  g_autofree char *group = _cs_staging_group_name (st->st_gid);
  g_autofree char *me = _cs_staging_user_name (geteuid ());
  g_autofree char *why = NULL;
  g_autofree char *todo = NULL;
  guint mode = (guint) (st->st_mode & 07777);
  gboolean group_known = group != NULL;

  if (!group_known)
    group = g_strdup_printf ("%u", (guint) st->st_gid);
  if (g_strcmp0 (path, day_path) == 0)
    /* Translators: %1$s:%2$s owner and group, %3$04o the mode, %4$s the user storing */
    why = g_strdup_printf (_("it is owned by %1$s:%2$s (mode %3$04o) and not writable by "
                             "user %4$s"),
                           owner, group, mode, me);
  else
    /* Translators: %1$s a file, %2$s:%3$s owner and group, %4$04o the mode, %5$s the user */
    why = g_strdup_printf (_("%1$s is owned by %2$s:%3$s (mode %4$04o) and not writable by "
                             "user %5$s"),
                           path, owner, group, mode, me);

  if (st->st_gid != 0 && group_known && g_strcmp0 (group, owner) != 0)
    /* Translators: %1$s the owner, %2$s the group, %3$s the path */
    todo = g_strdup_printf (_("Run the store as user %1$s, or give group %2$s write access "
                              "(chmod g+w %3$s) and run it as a member of %2$s"),
                            owner, group, path);
  else
    /* Translators: %1$s the owner, %2$s the user storing, %3$s the path, %4$s "rwx" for
     * a folder or "rw" for a file (setfacl syntax, do not translate) */
    todo = g_strdup_printf (_("Run the store as user %1$s, or have %1$s give user %2$s write "
                              "access (setfacl -m u:%2$s:%4$s %3$s)"),
                            owner, me, path, S_ISDIR (st->st_mode) ? "rwx" : "rw");
  set_mark_error (error, day_path, why, todo);
}

/* The inode flags (FS_IOC_GETFLAGS) of an open file, or 0 when the filesystem has none. */
static int
inode_flags (int fd)
{
  int flags = 0;

  if (fd < 0 || ioctl (fd, FS_IOC_GETFLAGS, &flags) != 0)
    return 0;
  return flags;
}

/* faccessat said EPERM: an immutable or append-only file or folder (chattr), which no
 * permission can fix, not even root's. @fd is @path open (or -1). FALSE when the flags do
 * not say so (then it is told as any other refusal). */
static gboolean
set_flags_error (GError     **error,
                 const char  *day_path,
                 const char  *path,
                 int          fd)
{
  int flags = inode_flags (fd);
  gboolean self = g_strcmp0 (path, day_path) == 0;
  g_autofree char *why = NULL;
  g_autofree char *todo = NULL;

  if (flags & FS_IMMUTABLE_FL)
    {
      why = self ? g_strdup (_("it is immutable (chattr +i)"))
                 /* Translators: %s a file */
                 : g_strdup_printf (_("%s is immutable (chattr +i)"), path);
      /* Translators: %s the immutable file or folder */
      todo = g_strdup_printf (_("Remove the flag with chattr -i %s as root"), path);
    }
  else if (flags & FS_APPEND_FL)
    {
      why = self ? g_strdup (_("it is append-only (chattr +a)"))
                 /* Translators: %s a file */
                 : g_strdup_printf (_("%s is append-only (chattr +a)"), path);
      /* Translators: %s the append-only file or folder */
      todo = g_strdup_printf (_("Remove the flag with chattr -a %s as root"), path);
    }
  else
    return FALSE;
  set_mark_error (error, day_path, why, todo);
  return TRUE;
}

static gboolean
check_day_dir (int           dirfd,
               const char   *day_path,
               GError      **error)
{
  struct stat st;
  struct statvfs vfs;

  if (fstat (dirfd, &st) != 0)
    {
      set_mark_error (error, day_path, g_strerror (errno), _("Check the staging directory"));
      return FALSE;
    }
  /* EROFS from faccessat too, but statvfs says it the same way on every filesystem. */
  if (fstatvfs (dirfd, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
    {
      set_mark_error (error, day_path, _("it is on a read-only filesystem"),
                      _("Mount it read-write"));
      return FALSE;
    }
  /* The kernel's own answer for the effective user: root, ACLs, immutable directories. */
  if (faccessat (dirfd, ".", W_OK | X_OK, AT_EACCESS) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == EPERM && set_flags_error (error, day_path, day_path, dirfd))
        ;
      else if (saved_errno == EACCES || saved_errno == EPERM)
        set_owner_error (error, day_path, day_path, &st);
      else
        set_mark_error (error, day_path, g_strerror (saved_errno),
                        _("Check the staging directory"));
      return FALSE;
    }
  return TRUE;
}

/* An existing cback.store: a regular file with one link the user may write is opened for
 * writing; a symlink, an extra hard link or a file the user may not write is replaced by a
 * new file renamed over it (cs_staging_write_indicator()), which the writable directory
 * allows, but a sticky directory only to the owner of the name or of the directory; an
 * immutable or append-only file, or anything not a regular file, is refused. */
static gboolean
check_existing (int           dirfd,
                const char   *day_path,
                GError      **error)
{
  g_autofree char *path = g_build_filename (day_path, CS_STORE_INDICATOR, NULL);
  struct stat st, dir_st;
  uid_t me = geteuid ();

  if (fstatat (dirfd, CS_STORE_INDICATOR, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return TRUE;  /* absent: created in a writable directory */

  if (!S_ISREG (st.st_mode) && !S_ISLNK (st.st_mode))
    {
      g_autofree char *why = g_strdup_printf (_("%s is not a regular file"), path);
      g_autofree char *todo = g_strdup_printf (_("Remove %s"), path);

      set_mark_error (error, day_path, why, todo);
      return FALSE;
    }

  if (S_ISREG (st.st_mode)
      && faccessat (dirfd, CS_STORE_INDICATOR, W_OK, AT_EACCESS | AT_SYMLINK_NOFOLLOW) != 0
      && errno == EPERM)
    {
      /* Immutable or append-only: neither written nor replaced, not even by root. */
      int fd = openat (dirfd, CS_STORE_INDICATOR,
                       O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
      gboolean told = set_flags_error (error, day_path, path, fd);

      if (fd >= 0)
        close (fd);
      if (!told)
        set_owner_error (error, day_path, path, &st);
      return FALSE;
    }

  /* Replacing the name (rename over it) in an append-only day: the directory allows new
   * names but no rename over an existing one, not even to root. */
  if ((S_ISLNK (st.st_mode) || st.st_nlink > 1
       || faccessat (dirfd, CS_STORE_INDICATOR, W_OK, AT_EACCESS) != 0)
      && (inode_flags (dirfd) & FS_APPEND_FL)
      && set_flags_error (error, day_path, day_path, dirfd))
    return FALSE;

  /* Replacing the name (rename) in a sticky directory. */
  if (fstat (dirfd, &dir_st) == 0 && (dir_st.st_mode & S_ISVTX) && me != 0
      && st.st_uid != me && dir_st.st_uid != me
      && (S_ISLNK (st.st_mode) || st.st_nlink > 1
          || faccessat (dirfd, CS_STORE_INDICATOR, W_OK, AT_EACCESS) != 0))
    {
      set_owner_error (error, day_path, path, &st);
      return FALSE;
    }
  return TRUE;
}

/**
 * cs_staging_check_markable:
 * @day_path: a staging day's folder (…/YYYY/MM/DD)
 * @backup_user: (nullable): the configuration's <backup_user>
 * @backup_group: (nullable): the configuration's <backup_group>
 * @error: why the day cannot be marked
 *
 * Whether cs_staging_write_indicator() can write cback.store into @day_path for the
 * effective user, asked without writing anything: the directory's write and search
 * permission as the kernel decides it (faccessat with AT_EACCESS: root, ACLs, immutable
 * directories), a read-only filesystem (statvfs ST_RDONLY), an existing cback.store that
 * cannot be opened for writing or replaced (one the user may not write is replaced in a
 * writable directory; an immutable or append-only one, chattr +i / +a as read by
 * FS_IOC_GETFLAGS, cannot be), and, when running as root, that the backup user
 * and group the indicator is given to exist (cedar-store.md §8 only logs a failed chown; a
 * store refuses before writing instead, issue 13). Blocking (file system and user database):
 * call it from a worker thread in a window. Safe in any thread.
 *
 * Returns: %TRUE when the day can be marked; otherwise %FALSE with a CS_ERROR_CONFIG error
 *   (exit status 2) naming the path, its owner and mode, and what to do, --no-mark included.
 */
gboolean
cs_staging_check_markable (const char   *day_path,
                           const char   *backup_user,
                           const char   *backup_group,
                           GError      **error)
{
  int dirfd;
  gboolean ok;

  g_return_val_if_fail (day_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  dirfd = open (day_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    {
      int saved_errno = errno;
      struct stat st;

      if (saved_errno == EACCES && stat (day_path, &st) == 0)
        set_owner_error (error, day_path, day_path, &st);
      else
        set_mark_error (error, day_path, g_strerror (saved_errno),
                        _("Check the staging directory"));
      return FALSE;
    }
  ok = check_day_dir (dirfd, day_path, error) && check_existing (dirfd, day_path, error);
  close (dirfd);
  if (!ok)
    return FALSE;

  if (geteuid () == 0 && backup_user != NULL && backup_user[0] != '\0'
      && backup_group != NULL && backup_group[0] != '\0')
    {
      g_autofree char *why = NULL;

      if (!user_exists (backup_user))
        why = g_strdup_printf (_("the backup user “%s” (<options><backup_user>) does not exist, "
                                 "so cback.store cannot be given to it"), backup_user);
      else if (!group_exists (backup_group))
        why = g_strdup_printf (_("the backup group “%s” (<options><backup_group>) does not "
                                 "exist, so cback.store cannot be given to it"), backup_group);
      if (why != NULL)
        {
          set_mark_error (error, day_path, why,
                          _("Correct <backup_user> and <backup_group> in the configuration"));
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * cs_staging_check_days_markable:
 * @days: (element-type CsDay): the days a store takes
 *
 * cs_staging_check_markable() for each day; the first that cannot be marked is the error.
 */
gboolean
cs_staging_check_days_markable (GPtrArray    *days,
                                const char   *backup_user,
                                const char   *backup_group,
                                GError      **error)
{
  g_return_val_if_fail (days != NULL, FALSE);

  for (guint i = 0; i < days->len; i++)
    {
      const CsDay *day = g_ptr_array_index (days, i);

      if (!cs_staging_check_markable (day->path, backup_user, backup_group, error))
        return FALSE;
    }
  return TRUE;
}
