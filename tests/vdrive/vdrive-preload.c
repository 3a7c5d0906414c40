/* vdrive-preload.c - LD_PRELOAD interposition of the libc calls with which
 * programs find and drive /dev/srN, answering them from CS_VDRIVE_DIR/srN:
 * set-up, the fd table, open/close/dup/fcntl. SG_IO and the other ioctls and
 * block reads are in vdrive-preload-io.c, the stat family in
 * vdrive-preload-stat.c.
 *
 * An open /dev/srN is a real placeholder fd (on DIR/srN/lock) plus an entry
 * in a table, so that close, dup, fork and exec keep working. Everything that
 * is not a virtual drive goes to the next definition (dlsym RTLD_NEXT).
 */
#include "vdrive-preload-private.h"

#include <linux/close_range.h>

/* fd -> drive number + 1; 0: not known yet, -1: not a drive. Atomic,
 * without a lock, because close() may come from a signal handler while we
 * hold the lock. The placeholder of an open drive is DIR/srN/lock, so that
 * a drive fd passed across exec (growisofs -reload) is recognized again. */
static int fd_drive[MAX_FDS];
uint64_t fd_offset[MAX_FDS];

GRecMutex vd_lock;  /* recursive: GLib calls back into our wrappers */
static VdDrive *drives[MAX_DRIVES];
char *vd_dir;
gboolean vd_inited;

#define DEFINE_REAL(ret, name, ...) ret (*real_##name) (__VA_ARGS__)
DEFINE_REAL (int, open, const char *, int, ...);
DEFINE_REAL (int, open64, const char *, int, ...);
DEFINE_REAL (int, openat, int, const char *, int, ...);
DEFINE_REAL (int, openat64, int, const char *, int, ...);
DEFINE_REAL (int, __open_2, const char *, int);
DEFINE_REAL (int, __open64_2, const char *, int);
DEFINE_REAL (int, __openat_2, int, const char *, int);
DEFINE_REAL (int, __openat64_2, int, const char *, int);
DEFINE_REAL (int, close, int);
DEFINE_REAL (int, ioctl, int, unsigned long, ...);
DEFINE_REAL (int, fcntl, int, int, ...);
DEFINE_REAL (int, fcntl64, int, int, ...);
DEFINE_REAL (int, dup, int);
DEFINE_REAL (int, dup2, int, int);
DEFINE_REAL (int, dup3, int, int, int);
DEFINE_REAL (ssize_t, read, int, void *, size_t);
DEFINE_REAL (ssize_t, pread, int, void *, size_t, off_t);
DEFINE_REAL (ssize_t, pread64, int, void *, size_t, off64_t);
DEFINE_REAL (off_t, lseek, int, off_t, int);
DEFINE_REAL (off64_t, lseek64, int, off64_t, int);
DEFINE_REAL (int, access, const char *, int);
DEFINE_REAL (int, faccessat, int, const char *, int, int);
DEFINE_REAL (int, stat, const char *, struct stat *);
DEFINE_REAL (int, lstat, const char *, struct stat *);
DEFINE_REAL (int, fstat, int, struct stat *);
DEFINE_REAL (int, stat64, const char *, struct stat64 *);
DEFINE_REAL (int, lstat64, const char *, struct stat64 *);
DEFINE_REAL (int, fstat64, int, struct stat64 *);
DEFINE_REAL (int, fstatat, int, const char *, struct stat *, int);
DEFINE_REAL (int, fstatat64, int, const char *, struct stat64 *, int);
DEFINE_REAL (int, __xstat, int, const char *, struct stat *);
DEFINE_REAL (int, __lxstat, int, const char *, struct stat *);
DEFINE_REAL (int, __fxstat, int, int, struct stat *);
DEFINE_REAL (int, __xstat64, int, const char *, struct stat64 *);
DEFINE_REAL (int, __lxstat64, int, const char *, struct stat64 *);
DEFINE_REAL (int, __fxstat64, int, int, struct stat64 *);
DEFINE_REAL (int, __fxstatat, int, int, const char *, struct stat *, int);
DEFINE_REAL (int, __fxstatat64, int, int, const char *, struct stat64 *, int);
DEFINE_REAL (ssize_t, readlink, const char *, char *, size_t);
DEFINE_REAL (char *, realpath, const char *, char *);
DEFINE_REAL (int, statx, int, const char *, int, unsigned int, struct statx *);

static void *
next_sym (const char *name)
{
  return dlsym (RTLD_NEXT, name);
}

__attribute__ ((constructor)) void
vd_init (void)
{
  if (vd_inited)
    return;
#define LOOKUP(name) real_##name = next_sym (#name)
  LOOKUP (open); LOOKUP (open64); LOOKUP (openat); LOOKUP (openat64);
  LOOKUP (__open_2); LOOKUP (__open64_2); LOOKUP (__openat_2); LOOKUP (__openat64_2);
  LOOKUP (close); LOOKUP (ioctl); LOOKUP (fcntl); LOOKUP (fcntl64);
  LOOKUP (dup); LOOKUP (dup2); LOOKUP (dup3);
  LOOKUP (read); LOOKUP (pread); LOOKUP (pread64); LOOKUP (lseek); LOOKUP (lseek64);
  LOOKUP (access); LOOKUP (faccessat);
  LOOKUP (stat); LOOKUP (lstat); LOOKUP (fstat); LOOKUP (stat64); LOOKUP (lstat64);
  LOOKUP (fstat64); LOOKUP (fstatat); LOOKUP (fstatat64);
  LOOKUP (__xstat); LOOKUP (__lxstat); LOOKUP (__fxstat); LOOKUP (__xstat64);
  LOOKUP (__lxstat64); LOOKUP (__fxstat64); LOOKUP (__fxstatat); LOOKUP (__fxstatat64);
  LOOKUP (readlink); LOOKUP (realpath); LOOKUP (statx);
#undef LOOKUP
  const char *dir = getenv ("CS_VDRIVE_DIR");
  if (dir != NULL && *dir != 0)
    vd_dir = strdup (dir);
  vd_inited = TRUE;
}

/* /dev/srN with DIR/srN present: N, else -1. */
int
drive_of_path (const char *path)
{
  if (!vd_inited)
    vd_init ();
  if (vd_dir == NULL || path == NULL)
    return -1;
  /* A drive fd reopened by name (genisoimage -M /dev/fd/N from growisofs). */
  if (strncmp (path, "/dev/fd/", 8) == 0 || strncmp (path, "/proc/self/fd/", 14) == 0)
    {
      const char *q = path + (path[1] == 'd' ? 8 : 14);
      char *qend;
      long fd = strtol (q, &qend, 10);
      if (*q == 0 || *qend != 0 || fd < 0 || fd >= MAX_FDS)
        return -1;
      return drive_of_fd (fd);
    }
  if (strncmp (path, "/dev/sr", 7) != 0)
    return -1;
  const char *p = path + 7;
  if (*p < '0' || *p > '9')
    return -1;
  char *end;
  long n = strtol (p, &end, 10);
  if (*end != 0 || n < 0 || n >= MAX_DRIVES)
    return -1;
  char buf[PATH_MAX];
  struct stat sb;
  snprintf (buf, sizeof buf, "%s/sr%ld/lock", vd_dir, n);
  if (REAL (stat) ? REAL (stat) (buf, &sb) != 0 : REAL (__xstat) (1, buf, &sb) != 0)
    return -1;
  return n;
}

int
drive_of_fd (int fd)
{
  if (!vd_inited)
    vd_init ();
  if (vd_dir == NULL || fd < 0 || fd >= MAX_FDS)
    return -1;
  int v = g_atomic_int_get (&fd_drive[fd]);
  if (v != 0)
    return v > 0 ? v - 1 : -1;
  v = -1;
  struct stat sb, lb;
  if (REAL (fstat) (fd, &sb) == 0 && S_ISREG (sb.st_mode) && sb.st_size == 0)
    {
      for (int n = 0; n < MAX_DRIVES && v < 0; n++)
        {
          char buf[PATH_MAX];
          snprintf (buf, sizeof buf, "%s/sr%d/lock", vd_dir, n);
          if (REAL (stat) (buf, &lb) == 0 && lb.st_ino == sb.st_ino && lb.st_dev == sb.st_dev)
            v = n + 1;
        }
    }
  g_atomic_int_set (&fd_drive[fd], v);
  return v > 0 ? v - 1 : -1;
}

/* The drive's state, locked and current; call with vd_lock held. */
VdDrive *
drive_begin (int n)
{
  VdDrive *d = drives[n];

  if (d != NULL && d->pid != getpid ())
    {
      /* Forked: the flock belongs to the parent's open file. */
      vd_drive_close (d);
      d = drives[n] = NULL;
    }
  if (d == NULL)
    {
      char buf[PATH_MAX];
      snprintf (buf, sizeof buf, "%s/sr%d", vd_dir, n);
      d = drives[n] = vd_drive_open (buf, FALSE, NULL);
      if (d == NULL)
        return NULL;
    }
  if (!vd_drive_lock (d, NULL))
    return NULL;
  if (!vd_drive_load (d, NULL))
    {
      vd_drive_unlock (d);
      return NULL;
    }
  return d;
}

void
drive_end (VdDrive *d, const VdState *before)
{
  if (before == NULL || memcmp (before, &d->st, sizeof d->st) != 0)
    vd_drive_save (d, NULL);
  vd_drive_unlock (d);
}

/* ---- open/close/dup ---- */

/* O_EXCL, as the block layer's exclusive claim: held by the open file (its dups, and
 * across fork and exec) until its last fd closes; while another open file holds it, an
 * O_EXCL open fails with EBUSY (what libburn meets on a drive another program uses).
 * Modelled as an OFD read lock on one byte of the placeholder, taken under the drive
 * lock: the drive lock is a flock() on the same file, and the two kinds do not interact. */
#define EXCL_BYTE 1

static gboolean
excl_claim (int n, int fd)
{
  struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = EXCL_BYTE,
                         .l_len = 1, .l_pid = 0 };
  struct flock claim = probe;
  gboolean ok = FALSE;

  claim.l_type = F_RDLCK;
  g_rec_mutex_lock (&vd_lock);
  VdDrive *d = drive_begin (n);
  if (d != NULL)
    {
      VdState before = d->st;
      ok = REAL (fcntl) (fd, F_OFD_GETLK, &probe) == 0 && probe.l_type == F_UNLCK
           && REAL (fcntl) (fd, F_OFD_SETLK, &claim) == 0;
      drive_end (d, &before);
    }
  g_rec_mutex_unlock (&vd_lock);
  return ok;
}

static int
fake_open (int n, int flags)
{
  int ready;

  g_rec_mutex_lock (&vd_lock);
  VdDrive *d = drive_begin (n);
  if (d == NULL)
    {
      g_rec_mutex_unlock (&vd_lock);
      errno = ENXIO;
      return -1;
    }
  ready = d->st.present && !d->st.tray_open;
  VdState before = d->st;
  /* sr's open checks for a medium change (TEST UNIT READY) and so takes
   * the unit attention: programs never see it after a load. */
  if (ready)
    d->st.unit_attention = FALSE;
  drive_end (d, &before);
  g_rec_mutex_unlock (&vd_lock);
  /* Like sr: without O_NONBLOCK an empty drive cannot be opened. */
  if (!ready && !(flags & O_NONBLOCK))
    {
      errno = ENOMEDIUM;
      return -1;
    }
  char lock[PATH_MAX];
  snprintf (lock, sizeof lock, "%s/sr%d/lock", vd_dir, n);
  int fd = REAL (open) (lock, O_RDONLY | (flags & O_CLOEXEC));
  if (fd < 0)
    return -1;
  if (fd >= MAX_FDS)
    {
      REAL (close) (fd);
      errno = EMFILE;
      return -1;
    }
  if ((flags & O_EXCL) && !excl_claim (n, fd))
    {
      REAL (close) (fd);
      errno = EBUSY;
      return -1;
    }
  fd_offset[fd] = 0;
  g_atomic_int_set (&fd_drive[fd], n + 1);
  return fd;
}

static void
copy_entry (int from, int to)
{
  if (to < 0 || to >= MAX_FDS || from < 0 || from >= MAX_FDS)
    return;
  fd_offset[to] = fd_offset[from];
  g_atomic_int_set (&fd_drive[to], g_atomic_int_get (&fd_drive[from]));
}

static void
drop_entry (int fd)
{
  if (fd < 0 || fd >= MAX_FDS)
    return;
  g_atomic_int_set (&fd_drive[fd], 0);
}

/* /sys/dev/block/11:N of a drive: its stand-in DIR/srN/sysfs (for
 * libblkid), written into buf; else path itself. */
static const char *
sysfs_path (const char *path, char *buf, size_t len)
{
  static const char prefix[] = "/sys/dev/block/11:";

  if (vd_dir == NULL || path == NULL || strncmp (path, prefix, sizeof prefix - 1) != 0)
    return path;
  char *end;
  const char *p = path + sizeof prefix - 1;
  long n = strtol (p, &end, 10);
  if (end == p || (*end != 0 && *end != '/') || n < 0 || n >= MAX_DRIVES)
    return path;
  snprintf (buf, len, "%s/sr%ld/sysfs%s", vd_dir, n, end);
  struct stat sb;
  char lock[PATH_MAX];
  snprintf (lock, sizeof lock, "%s/sr%ld/lock", vd_dir, n);
  if (REAL (stat) (lock, &sb) != 0)
    return path;
  return buf;
}

/* The kernel's mount table, when DIR/mounts exists: that file instead (lines as in
 * /proc/self/mounts), so that a test can say a drive's disc is mounted. */
static const char *
mounts_path (const char *path, char *buf, size_t len)
{
  struct stat sb;

  if (vd_dir == NULL || path == NULL
      || (strcmp (path, "/proc/self/mounts") != 0 && strcmp (path, "/proc/mounts") != 0))
    return path;
  snprintf (buf, len, "%s/mounts", vd_dir);
  if (REAL (stat) ? REAL (stat) (buf, &sb) != 0 : REAL (__xstat) (1, buf, &sb) != 0)
    return path;
  return buf;
}

/* An fd from a real open: no need to look at it again. */
static int
mark_real (int fd)
{
  if (fd >= 0 && fd < MAX_FDS)
    g_atomic_int_set (&fd_drive[fd], -1);
  return fd;
}

static mode_t
va_mode (int flags, va_list ap)
{
  if (flags & (O_CREAT | __O_TMPFILE))
    return va_arg (ap, mode_t);
  return 0;
}

/* One body for open, open64, openat and openat64: a drive, or the real call (with
 * /sys/dev/block/11:N turned into the drive's sysfs stand-in). */
static int
open_any (int dirfd, const char *path, int flags, mode_t mode, gboolean at, gboolean large)
{
  int n = drive_of_path (path);
  char buf[PATH_MAX];
  const char *real_path;

  if (n >= 0)
    return fake_open (n, flags);
  real_path = sysfs_path (path, buf, sizeof buf);
  if (real_path == path)
    real_path = mounts_path (path, buf, sizeof buf);
  if (at)
    return mark_real (large ? REAL (openat64) (dirfd, real_path, flags, mode)
                            : REAL (openat) (dirfd, real_path, flags, mode));
  return mark_real (large ? REAL (open64) (real_path, flags, mode)
                          : REAL (open) (real_path, flags, mode));
}

VD_EXPORT int
open (const char *path, int flags, ...)
{
  va_list ap;
  va_start (ap, flags);
  mode_t mode = va_mode (flags, ap);
  va_end (ap);
  return open_any (AT_FDCWD, path, flags, mode, FALSE, FALSE);
}

VD_EXPORT int
open64 (const char *path, int flags, ...)
{
  va_list ap;
  va_start (ap, flags);
  mode_t mode = va_mode (flags, ap);
  va_end (ap);
  return open_any (AT_FDCWD, path, flags, mode, FALSE, TRUE);
}

VD_EXPORT int
openat (int dirfd, const char *path, int flags, ...)
{
  va_list ap;
  va_start (ap, flags);
  mode_t mode = va_mode (flags, ap);
  va_end (ap);
  return open_any (dirfd, path, flags, mode, TRUE, FALSE);
}

VD_EXPORT int
openat64 (int dirfd, const char *path, int flags, ...)
{
  va_list ap;
  va_start (ap, flags);
  mode_t mode = va_mode (flags, ap);
  va_end (ap);
  return open_any (dirfd, path, flags, mode, TRUE, TRUE);
}

VD_EXPORT int
__open_2 (const char *path, int flags)
{
  int n = drive_of_path (path);
  return n >= 0 ? fake_open (n, flags) : REAL (__open_2) (path, flags);
}

VD_EXPORT int
__open64_2 (const char *path, int flags)
{
  int n = drive_of_path (path);
  return n >= 0 ? fake_open (n, flags) : REAL (__open64_2) (path, flags);
}

VD_EXPORT int
__openat_2 (int dirfd, const char *path, int flags)
{
  int n = drive_of_path (path);
  return n >= 0 ? fake_open (n, flags) : REAL (__openat_2) (dirfd, path, flags);
}

VD_EXPORT int
__openat64_2 (int dirfd, const char *path, int flags)
{
  int n = drive_of_path (path);
  return n >= 0 ? fake_open (n, flags) : REAL (__openat64_2) (dirfd, path, flags);
}

VD_EXPORT int
close (int fd)
{
  drop_entry (fd);
  return REAL (close) (fd);
}

/* Spawning code closes every fd at once: forget the drives among them. */
VD_EXPORT int
close_range (unsigned int first, unsigned int last, int flags)
{
  static int (*real_close_range) (unsigned int, unsigned int, int);

  if (real_close_range == NULL)
    real_close_range = next_sym ("close_range");
  if (real_close_range == NULL)
    {
      errno = ENOSYS;
      return -1;
    }
  int r = real_close_range (first, last, flags);
  if (r == 0 && !(flags & CLOSE_RANGE_CLOEXEC))
    for (unsigned int fd = first; fd <= last && fd < MAX_FDS; fd++)
      drop_entry (fd);
  return r;
}

VD_EXPORT int
dup (int fd)
{
  int r = REAL (dup) (fd);
  if (r >= 0 && drive_of_fd (fd) >= 0)
    copy_entry (fd, r);
  return r;
}

VD_EXPORT int
dup2 (int fd, int to)
{
  int r = REAL (dup2) (fd, to);
  if (r >= 0 && r != fd)
    {
      drop_entry (r);
      if (drive_of_fd (fd) >= 0)
        copy_entry (fd, r);
    }
  return r;
}

VD_EXPORT int
dup3 (int fd, int to, int flags)
{
  int r = REAL (dup3) (fd, to, flags);
  if (r >= 0)
    {
      drop_entry (r);
      if (drive_of_fd (fd) >= 0)
        copy_entry (fd, r);
    }
  return r;
}

/* ---- fcntl: locks on a drive always succeed (one process per test) ---- */

static int
do_fcntl (int (*real) (int, int, ...), int fd, int cmd, void *arg)
{
  if (drive_of_fd (fd) >= 0)
    {
      switch (cmd)
        {
        case F_SETLK: case F_SETLKW: case F_OFD_SETLK: case F_OFD_SETLKW:
          return 0;
        case F_GETLK: case F_OFD_GETLK:
          ((struct flock *) arg)->l_type = F_UNLCK;
          return 0;
        case F_DUPFD: case F_DUPFD_CLOEXEC:
          {
            int r = real (fd, cmd, arg);
            if (r >= 0)
              copy_entry (fd, r);
            return r;
          }
        default:
          break;
        }
    }
  return real (fd, cmd, arg);
}

VD_EXPORT int
fcntl (int fd, int cmd, ...)
{
  va_list ap;
  va_start (ap, cmd);
  void *arg = va_arg (ap, void *);
  va_end (ap);
  return do_fcntl (REAL (fcntl), fd, cmd, arg);
}

VD_EXPORT int
fcntl64 (int fd, int cmd, ...)
{
  va_list ap;
  va_start (ap, cmd);
  void *arg = va_arg (ap, void *);
  va_end (ap);
  return do_fcntl (REAL (fcntl64) ? REAL (fcntl64) : REAL (fcntl), fd, cmd, arg);
}

