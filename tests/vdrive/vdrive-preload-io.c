/* vdrive-preload-io.c - SG_IO and the other ioctls on a drive fd, and block
 * reads through the kernel's (possibly stale) view of the medium.
 */
#include "vdrive-preload-private.h"

/* ---- SG_IO ---- */

static int
do_sg_io (int n, sg_io_hdr_t *h)
{
  uint8_t sense[VD_SENSE_LEN];
  size_t xfer = 0;
  int dir;
  struct timespec t0, t1;

  if (h->interface_id != 'S')
    {
      errno = ENOSYS;
      return -1;
    }
  if (h->iovec_count != 0 || h->cmd_len < 6 || h->cmd_len > 16 || h->cmdp == NULL)
    {
      errno = EINVAL;
      return -1;
    }
  switch (h->dxfer_direction)
    {
    case SG_DXFER_TO_DEV: dir = VD_DIR_OUT; break;
    case SG_DXFER_FROM_DEV: case SG_DXFER_TO_FROM_DEV: dir = VD_DIR_IN; break;
    default: dir = VD_DIR_NONE; break;
    }
  size_t len = dir == VD_DIR_NONE ? 0 : h->dxfer_len;
  clock_gettime (CLOCK_MONOTONIC, &t0);
  g_rec_mutex_lock (&vd_lock);
  VdDrive *d = drive_begin (n);
  if (d == NULL)
    {
      g_rec_mutex_unlock (&vd_lock);
      errno = ENODEV;
      return -1;
    }
  VdState *before = g_memdup2 (&d->st, sizeof d->st);
  int status = vd_mmc_execute (d, h->cmdp, h->cmd_len, dir, h->dxferp, len, &xfer, sense);
  drive_end (d, before);
  g_free (before);
  g_rec_mutex_unlock (&vd_lock);
  clock_gettime (CLOCK_MONOTONIC, &t1);

  /* As the kernel fills them: status byte, masked status, sense. */
  h->status = status;
  h->masked_status = (status >> 1) & 0x7f;
  h->msg_status = 0;
  h->host_status = 0;
  h->driver_status = status == 2 ? 0x08 /* DRIVER_SENSE */ : 0;
  h->sb_len_wr = 0;
  if (status == 2 && h->sbp != NULL && h->mx_sb_len > 0)
    {
      h->sb_len_wr = MIN (h->mx_sb_len, VD_SENSE_LEN);
      memcpy (h->sbp, sense, h->sb_len_wr);
    }
  h->resid = len - xfer;
  h->duration = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
  h->info = status != 0 ? SG_INFO_CHECK : SG_INFO_OK;
  if (getenv ("CS_VDRIVE_TRACE") != NULL)
    {
      fprintf (stderr, "vdrive: sr%d SG_IO", n);
      for (int i = 0; i < h->cmd_len; i++)
        fprintf (stderr, " %02x", h->cmdp[i]);
      if (status != 0)
        fprintf (stderr, " -> %x/%02x/%02x", sense[2], sense[12], sense[13]);
      fprintf (stderr, "\n");
    }
  return 0;
}

/* Runs f on the drive's state; f returns TRUE if it changed the state. */
gboolean
with_state (int n, void (*f) (VdState *st, void *data), void *data)
{
  g_rec_mutex_lock (&vd_lock);
  VdDrive *d = drive_begin (n);
  if (d == NULL)
    {
      g_rec_mutex_unlock (&vd_lock);
      return FALSE;
    }
  VdState before = d->st;
  f (&d->st, data);
  drive_end (d, &before);
  g_rec_mutex_unlock (&vd_lock);
  return TRUE;
}

void
get_state (VdState *st, void *data)
{
  *(VdState *) data = *st;
}

static void
tray_eject (VdState *st, void *data)
{
  st->tray_open = TRUE;
  st->k_size = 0;
  st->k_last_start = 0;
}

static void
tray_close (VdState *st, void *data)
{
  if (st->tray_open)
    vd_state_medium_change (st);
}

static int
fake_ioctl (int fd, int n, unsigned long req, void *arg)
{
  VdState s;

  /* CS_VDRIVE_TRACE=1: which ioctls programs ask, to find missing ones. */
  if (getenv ("CS_VDRIVE_TRACE") != NULL)
    {
      if (req != SG_IO)
        fprintf (stderr, "vdrive: sr%d ioctl 0x%lx\n", n, req);
    }

  switch (req)
    {
    case SG_IO:
      return do_sg_io (n, arg);
    case SG_GET_VERSION_NUM:
      *(int *) arg = 30527;
      return 0;
    case SG_EMULATED_HOST:
      /* The block layer's answer for sr. */
      *(int *) arg = 1;
      return 0;
    case SG_SET_TIMEOUT:
      return 0;
    case SG_GET_TIMEOUT:
      return 60 * 100;
    case SG_GET_RESERVED_SIZE:
      *(int *) arg = 512 * 1024;
      return 0;
    case SG_SET_RESERVED_SIZE:
      return 0;
    case SCSI_IOCTL_GET_IDLUN:
      /* host N, channel 0, id 0, lun 0 */
      ((int *) arg)[0] = (n & 0xff) << 24;
      ((int *) arg)[1] = n + 1;
      return 0;
    case SCSI_IOCTL_GET_BUS_NUMBER:
      *(int *) arg = n;
      return 0;
    case CDROM_GET_CAPABILITY:
      return CDC_CLOSE_TRAY | CDC_OPEN_TRAY | CDC_LOCK | CDC_SELECT_SPEED
             | CDC_MULTI_SESSION | CDC_MEDIA_CHANGED | CDC_DRIVE_STATUS
             | CDC_GENERIC_PACKET | CDC_CD_R | CDC_CD_RW | CDC_DVD | CDC_DVD_R
             | CDC_DVD_RAM | CDC_RAM;
    case CDROMEJECT:
      with_state (n, tray_eject, NULL);
      return 0;
    case CDROMCLOSETRAY:
      with_state (n, tray_close, NULL);
      return 0;
    case CDROM_LOCKDOOR: case CDROM_SELECT_SPEED: case CDROM_SET_OPTIONS:
    case CDROM_CLEAR_OPTIONS: case CDROMSTART: case CDROMSTOP: case BLKFLSBUF:
    case CDROM_MEDIA_CHANGED: case BLKRASET: case BLKFRASET:
      return 0;
    default:
      break;
    }
  if (!with_state (n, get_state, &s))
    {
      errno = ENXIO;
      return -1;
    }
  gboolean ready = s.present && !s.tray_open;
  switch (req)
    {
    case CDROM_DRIVE_STATUS:
      return s.tray_open ? CDS_TRAY_OPEN : s.present ? CDS_DISC_OK : CDS_NO_DISC;
    case CDROM_DISC_STATUS:
      if (!ready)
        return CDS_NO_DISC;
      return s.k_size > 0 ? CDS_DATA_1 : CDS_NO_INFO;
    case CDROMMULTISESSION:
      {
        struct cdrom_multisession *ms = arg;
        if (!ready)
          {
            errno = ENOMEDIUM;
            return -1;
          }
        if (ms->addr_format == CDROM_MSF)
          {
            uint32_t x = s.k_last_start + 150;
            ms->addr.msf.minute = x / 4500;
            ms->addr.msf.second = (x / 75) % 60;
            ms->addr.msf.frame = x % 75;
          }
        else
          {
            ms->addr_format = CDROM_LBA;
            ms->addr.lba = s.k_last_start;
          }
        ms->xa_flag = s.k_last_start > 0;
        return 0;
      }
    case BLKGETSIZE:
      *(unsigned long *) arg = (unsigned long) s.k_size * 4;
      return 0;
    case BLKGETSIZE64:
      *(uint64_t *) arg = (uint64_t) s.k_size * VD_BLOCK;
      return 0;
    case BLKSSZGET: case BLKPBSZGET: case BLKIOMIN:
      *(int *) arg = VD_BLOCK;
      return 0;
    case BLKBSZGET:
      *(int *) arg = VD_BLOCK;
      return 0;
    case BLKIOOPT: case BLKALIGNOFF:
      *(int *) arg = 0;
      return 0;
    case BLKROGET:
      *(int *) arg = 0;
      return 0;
    case BLKRAGET: case BLKFRAGET:
      *(long *) arg = 256;
      return 0;
    default:
      errno = ENOTTY;
      return -1;
    }
}

VD_EXPORT int
ioctl (int fd, unsigned long req, ...)
{
  va_list ap;
  va_start (ap, req);
  void *arg = va_arg (ap, void *);
  va_end (ap);
  int n = drive_of_fd (fd);
  if (n >= 0)
    return fake_ioctl (fd, n, req, arg);
  return REAL (ioctl) (fd, req, arg);
}

/* ---- block reads through the kernel's (possibly stale) view ---- */

static ssize_t
block_read (int n, void *buf, size_t len, uint64_t off)
{
  g_rec_mutex_lock (&vd_lock);
  VdDrive *d = drive_begin (n);
  if (d == NULL)
    {
      g_rec_mutex_unlock (&vd_lock);
      errno = ENXIO;
      return -1;
    }
  VdState *st = &d->st;
  ssize_t r;
  uint64_t end = (uint64_t) st->k_size * VD_BLOCK;
  if (!st->present || st->tray_open)
    {
      errno = ENOMEDIUM;
      r = -1;
    }
  else if (off >= end)
    r = 0;
  else
    {
      len = MIN (len, end - off);
      r = len;
      for (uint64_t b = off / VD_BLOCK; b * VD_BLOCK < off + len; b++)
        if (vd_state_block_unreadable (st, b))
          {
            errno = EIO;
            r = -1;
            break;
          }
      if (r > 0)
        r = vd_drive_pread (d, buf, len, off);
    }
  drive_end (d, st);
  g_rec_mutex_unlock (&vd_lock);
  return r;
}

VD_EXPORT ssize_t
read (int fd, void *buf, size_t len)
{
  int n = drive_of_fd (fd);
  if (n < 0)
    return REAL (read) (fd, buf, len);
  g_rec_mutex_lock (&vd_lock);
  uint64_t off = fd_offset[fd];
  g_rec_mutex_unlock (&vd_lock);
  ssize_t r = block_read (n, buf, len, off);
  if (r > 0)
    {
      g_rec_mutex_lock (&vd_lock);
      fd_offset[fd] = off + r;
      g_rec_mutex_unlock (&vd_lock);
    }
  return r;
}

VD_EXPORT ssize_t
pread (int fd, void *buf, size_t len, off_t off)
{
  int n = drive_of_fd (fd);
  if (n < 0)
    return REAL (pread) (fd, buf, len, off);
  return block_read (n, buf, len, off);
}

VD_EXPORT ssize_t
pread64 (int fd, void *buf, size_t len, off64_t off)
{
  int n = drive_of_fd (fd);
  if (n < 0)
    return REAL (pread64) (fd, buf, len, off);
  return block_read (n, buf, len, off);
}

static off64_t
block_seek (int fd, int n, off64_t off, int whence)
{
  VdState s;
  off64_t base = 0;

  if (!with_state (n, get_state, &s))
    {
      errno = ENXIO;
      return -1;
    }
  g_rec_mutex_lock (&vd_lock);
  if (whence == SEEK_CUR)
    base = fd_offset[fd];
  else if (whence == SEEK_END)
    base = (off64_t) s.k_size * VD_BLOCK;
  else if (whence != SEEK_SET)
    {
      g_rec_mutex_unlock (&vd_lock);
      errno = EINVAL;
      return -1;
    }
  if (base + off < 0)
    {
      g_rec_mutex_unlock (&vd_lock);
      errno = EINVAL;
      return -1;
    }
  fd_offset[fd] = base + off;
  g_rec_mutex_unlock (&vd_lock);
  return base + off;
}

VD_EXPORT off_t
lseek (int fd, off_t off, int whence)
{
  int n = drive_of_fd (fd);
  return n < 0 ? REAL (lseek) (fd, off, whence) : block_seek (fd, n, off, whence);
}

VD_EXPORT off64_t
lseek64 (int fd, off64_t off, int whence)
{
  int n = drive_of_fd (fd);
  return n < 0 ? REAL (lseek64) (fd, off, whence) : block_seek (fd, n, off, whence);
}

