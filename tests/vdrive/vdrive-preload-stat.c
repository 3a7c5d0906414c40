/* vdrive-preload-stat.c - the stat family, access, readlink and realpath
 * for /dev/srN: a block device 11:N.
 */
#include "vdrive-preload-private.h"

/* ---- stat family: a block device 11:N ---- */

static void
fill_stat (int n, struct stat *sb)
{
  memset (sb, 0, sizeof *sb);
  sb->st_dev = makedev (0, 5);
  sb->st_ino = 70000 + n;
  sb->st_mode = S_IFBLK | 0660;
  sb->st_nlink = 1;
  sb->st_gid = 24;  /* cdrom */
  sb->st_rdev = makedev (11, n);
  sb->st_blksize = VD_BLOCK;
}

VD_EXPORT int
stat (const char *path, struct stat *sb)
{
  int n = drive_of_path (path);
  if (n < 0)
    return REAL (stat) (path, sb);
  fill_stat (n, sb);
  return 0;
}

VD_EXPORT int
lstat (const char *path, struct stat *sb)
{
  int n = drive_of_path (path);
  if (n < 0)
    return REAL (lstat) (path, sb);
  fill_stat (n, sb);
  return 0;
}

VD_EXPORT int
fstat (int fd, struct stat *sb)
{
  int n = drive_of_fd (fd);
  if (n < 0)
    return REAL (fstat) (fd, sb);
  fill_stat (n, sb);
  return 0;
}

/* On x86_64 struct stat64 and struct stat are the same. */
VD_EXPORT int
stat64 (const char *path, struct stat64 *sb)
{
  int n = drive_of_path (path);
  if (n < 0)
    return REAL (stat64) (path, sb);
  fill_stat (n, (struct stat *) sb);
  return 0;
}

VD_EXPORT int
lstat64 (const char *path, struct stat64 *sb)
{
  int n = drive_of_path (path);
  if (n < 0)
    return REAL (lstat64) (path, sb);
  fill_stat (n, (struct stat *) sb);
  return 0;
}

VD_EXPORT int
fstat64 (int fd, struct stat64 *sb)
{
  int n = drive_of_fd (fd);
  if (n < 0)
    return REAL (fstat64) (fd, sb);
  fill_stat (n, (struct stat *) sb);
  return 0;
}

VD_EXPORT int
fstatat (int dirfd, const char *path, struct stat *sb, int flags)
{
  int n = (flags & AT_EMPTY_PATH) && !*path ? drive_of_fd (dirfd)
                                                    : drive_of_path (path);
  if (n < 0)
    return REAL (fstatat) (dirfd, path, sb, flags);
  fill_stat (n, sb);
  return 0;
}

VD_EXPORT int
fstatat64 (int dirfd, const char *path, struct stat64 *sb, int flags)
{
  int n = (flags & AT_EMPTY_PATH) && !*path ? drive_of_fd (dirfd)
                                                    : drive_of_path (path);
  if (n < 0)
    return REAL (fstatat64) (dirfd, path, sb, flags);
  fill_stat (n, (struct stat *) sb);
  return 0;
}

VD_EXPORT int
__xstat (int ver, const char *path, struct stat *sb)
{
  int n = drive_of_path (path);
  if (n < 0)
    return REAL (__xstat) (ver, path, sb);
  fill_stat (n, sb);
  return 0;
}

VD_EXPORT int
__lxstat (int ver, const char *path, struct stat *sb)
{
  int n = drive_of_path (path);
  if (n < 0)
    return REAL (__lxstat) (ver, path, sb);
  fill_stat (n, sb);
  return 0;
}

VD_EXPORT int
__fxstat (int ver, int fd, struct stat *sb)
{
  int n = drive_of_fd (fd);
  if (n < 0)
    return REAL (__fxstat) (ver, fd, sb);
  fill_stat (n, sb);
  return 0;
}

VD_EXPORT int
__xstat64 (int ver, const char *path, struct stat64 *sb)
{
  int n = drive_of_path (path);
  if (n < 0)
    return REAL (__xstat64) (ver, path, sb);
  fill_stat (n, (struct stat *) sb);
  return 0;
}

VD_EXPORT int
__lxstat64 (int ver, const char *path, struct stat64 *sb)
{
  int n = drive_of_path (path);
  if (n < 0)
    return REAL (__lxstat64) (ver, path, sb);
  fill_stat (n, (struct stat *) sb);
  return 0;
}

VD_EXPORT int
__fxstat64 (int ver, int fd, struct stat64 *sb)
{
  int n = drive_of_fd (fd);
  if (n < 0)
    return REAL (__fxstat64) (ver, fd, sb);
  fill_stat (n, (struct stat *) sb);
  return 0;
}

VD_EXPORT int
__fxstatat (int ver, int dirfd, const char *path, struct stat *sb, int flags)
{
  int n = drive_of_path (path);
  if (n < 0)
    return REAL (__fxstatat) (ver, dirfd, path, sb, flags);
  fill_stat (n, sb);
  return 0;
}

VD_EXPORT int
__fxstatat64 (int ver, int dirfd, const char *path, struct stat64 *sb, int flags)
{
  int n = drive_of_path (path);
  if (n < 0)
    return REAL (__fxstatat64) (ver, dirfd, path, sb, flags);
  fill_stat (n, (struct stat *) sb);
  return 0;
}

/* ---- access, readlink, realpath ---- */

VD_EXPORT int
access (const char *path, int mode)
{
  return drive_of_path (path) >= 0 ? 0 : REAL (access) (path, mode);
}

VD_EXPORT int
faccessat (int dirfd, const char *path, int mode, int flags)
{
  return drive_of_path (path) >= 0 ? 0 : REAL (faccessat) (dirfd, path, mode, flags);
}

VD_EXPORT ssize_t
readlink (const char *path, char *buf, size_t len)
{
  if (drive_of_path (path) >= 0)
    {
      errno = EINVAL;  /* not a symbolic link */
      return -1;
    }
  return REAL (readlink) (path, buf, len);
}

VD_EXPORT char *
realpath (const char *path, char *resolved)
{
  if (drive_of_path (path) < 0)
    return REAL (realpath) (path, resolved);
  if (resolved == NULL)
    return strdup (path);
  g_strlcpy (resolved, path, PATH_MAX);
  return resolved;
}

/* statx (coreutils stat, newer programs): the same block device. */
VD_EXPORT int
statx (int dirfd, const char *path, int flags, unsigned int mask, struct statx *sx)
{
  int n = (flags & AT_EMPTY_PATH) && !*path ? drive_of_fd (dirfd) : drive_of_path (path);
  if (n < 0)
    return REAL (statx) (dirfd, path, flags, mask, sx);
  struct stat sb;
  fill_stat (n, &sb);
  memset (sx, 0, sizeof *sx);
  sx->stx_mask = STATX_BASIC_STATS;
  sx->stx_blksize = sb.st_blksize;
  sx->stx_nlink = sb.st_nlink;
  sx->stx_uid = sb.st_uid;
  sx->stx_gid = sb.st_gid;
  sx->stx_mode = sb.st_mode;
  sx->stx_ino = sb.st_ino;
  sx->stx_rdev_major = major (sb.st_rdev);
  sx->stx_rdev_minor = minor (sb.st_rdev);
  sx->stx_dev_major = major (sb.st_dev);
  sx->stx_dev_minor = minor (sb.st_dev);
  return 0;
}

/* ---- extended attributes: the device node has none (ls -l asks for SELinux labels) ---- */

VD_EXPORT ssize_t
getxattr (const char *path, const char *name, void *value, size_t size)
{
  static ssize_t (*real) (const char *, const char *, void *, size_t);

  if (drive_of_path (path) >= 0)
    {
      errno = ENODATA;
      return -1;
    }
  if (real == NULL)
    real = dlsym (RTLD_NEXT, "getxattr");
  return real (path, name, value, size);
}

VD_EXPORT ssize_t
lgetxattr (const char *path, const char *name, void *value, size_t size)
{
  static ssize_t (*real) (const char *, const char *, void *, size_t);

  if (drive_of_path (path) >= 0)
    {
      errno = ENODATA;
      return -1;
    }
  if (real == NULL)
    real = dlsym (RTLD_NEXT, "lgetxattr");
  return real (path, name, value, size);
}

VD_EXPORT ssize_t
listxattr (const char *path, char *list, size_t size)
{
  static ssize_t (*real) (const char *, char *, size_t);

  if (drive_of_path (path) >= 0)
    return 0;
  if (real == NULL)
    real = dlsym (RTLD_NEXT, "listxattr");
  return real (path, list, size);
}

VD_EXPORT ssize_t
llistxattr (const char *path, char *list, size_t size)
{
  static ssize_t (*real) (const char *, char *, size_t);

  if (drive_of_path (path) >= 0)
    return 0;
  if (real == NULL)
    real = dlsym (RTLD_NEXT, "llistxattr");
  return real (path, list, size);
}
