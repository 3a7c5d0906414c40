/* vdrive-preload-flock.c - flock() on a drive fd
 *
 * The fd of an open /dev/srN is really a read-only fd of DIR/srN/lock, whose flock() is the
 * drive's command lock (vd_drive_lock): a program's own flock() on the drive (cedar-store
 * locks a stdio: target, also a block device) would stop every later command. On Linux a
 * flock() of a device node locks that node and nothing else. Modelled, like the O_EXCL
 * claim (byte 1), with OFD read locks on the placeholder, which belong to the open file and
 * end with its last fd: byte 2 held = an exclusive flock, byte 3 = a shared one. A lock is
 * taken when no other open file holds a conflicting byte, tested and taken under the drive
 * lock. The library's own lock fds are real fds (not drive fds) and get the real flock().
 */
#include "vdrive-preload-private.h"

#include <sys/file.h>

#define FLOCK_EX_BYTE 2
#define FLOCK_SH_BYTE 3

/* Does another open file hold a lock on bytes first..first+len-1? */
static gboolean
held_elsewhere (int fd, off_t first, off_t len)
{
  struct flock probe = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = first,
                         .l_len = len, .l_pid = 0 };

  return REAL (fcntl) (fd, F_OFD_GETLK, &probe) != 0 || probe.l_type != F_UNLCK;
}

static int
set_byte (int fd, short type, off_t byte)
{
  struct flock l = { .l_type = type, .l_whence = SEEK_SET, .l_start = byte, .l_len = 1 };

  return REAL (fcntl) (fd, F_OFD_SETLK, &l);
}

/* 1 taken, 0 busy, -1 error (errno). */
static int
try_lock (int n, int fd, int op)
{
  int ret = -1;

  g_rec_mutex_lock (&vd_lock);
  VdDrive *d = drive_begin (n);
  if (d != NULL)
    {
      VdState before = d->st;
      if (op == LOCK_UN)
        ret = set_byte (fd, F_UNLCK, FLOCK_EX_BYTE) == 0
              && set_byte (fd, F_UNLCK, FLOCK_SH_BYTE) == 0 ? 1 : -1;
      else if (op == LOCK_EX ? held_elsewhere (fd, FLOCK_EX_BYTE, 2)
                             : held_elsewhere (fd, FLOCK_EX_BYTE, 1))
        ret = 0;
      else if (op == LOCK_EX)
        ret = set_byte (fd, F_UNLCK, FLOCK_SH_BYTE) == 0
              && set_byte (fd, F_RDLCK, FLOCK_EX_BYTE) == 0 ? 1 : -1;
      else
        ret = set_byte (fd, F_UNLCK, FLOCK_EX_BYTE) == 0
              && set_byte (fd, F_RDLCK, FLOCK_SH_BYTE) == 0 ? 1 : -1;
      drive_end (d, &before);
    }
  else
    errno = EIO;
  g_rec_mutex_unlock (&vd_lock);
  return ret;
}

VD_EXPORT int
flock (int fd, int operation)
{
  static int (*real_flock) (int, int);
  int op = operation & ~LOCK_NB;
  int n = drive_of_fd (fd);
  int ret;

  if (n < 0)
    {
      if (real_flock == NULL)
        real_flock = (int (*) (int, int)) dlsym (RTLD_NEXT, "flock");
      return real_flock (fd, operation);
    }
  if (op != LOCK_SH && op != LOCK_EX && op != LOCK_UN)
    {
      errno = EINVAL;
      return -1;
    }
  while ((ret = try_lock (n, fd, op)) == 0 && !(operation & LOCK_NB))
    g_usleep (10000);
  if (ret == 0)
    errno = EWOULDBLOCK;
  return ret > 0 ? 0 : -1;
}
