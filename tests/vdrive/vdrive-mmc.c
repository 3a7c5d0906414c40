/* vdrive-mmc.c - MMC commands that read, write or change the medium, and the
 * dispatcher. Written from T10 MMC-5/MMC-6; the reporting commands are in
 * vdrive-mmc-info.c.
 */
#include "vdrive-mmc-private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void
vd_sense_fill (uint8_t sense[VD_SENSE_LEN], int key, int asc, int ascq)
{
  memset (sense, 0, VD_SENSE_LEN);
  sense[0] = 0x70;  /* current error, fixed format */
  sense[2] = key;
  sense[7] = VD_SENSE_LEN - 8;
  sense[12] = asc;
  sense[13] = ascq;
}

int
vd_check (VdCmd *c, int key, int asc, int ascq)
{
  vd_sense_fill (c->sense, key, asc, ascq);
  c->xfer = 0;
  return CHECK_CONDITION;
}

/* Copies a reply, cut to the allocation length and the buffer. */
int
vd_reply (VdCmd *c, const uint8_t *data, size_t n, size_t alloc)
{
  size_t m = MIN (n, alloc);

  m = MIN (m, c->len);
  if (c->dir != VD_DIR_IN)
    m = 0;
  if (m > 0)
    memcpy (c->buf, data, m);
  c->xfer = m;
  return GOOD;
}

gboolean
vd_ready (const VdState *st)
{
  return st->present && !st->tray_open;
}

static int
not_ready (VdCmd *c)
{
  return vd_check (c, 0x02, 0x3a, c->st->tray_open ? 0x02 : 0x00);
}

/* CS_VDRIVE_SPEED=1: take as long as a real drive would. The drive records at its speed
 * from a buffer (VD_DRIVE_BUFFER), so the host's own time between commands overlaps the
 * recording, as on a real drive: a command waits only while the buffer is full, and
 * SYNCHRONIZE CACHE waits until everything is recorded. A host that cannot keep up makes
 * the drive idle (on a real one: a buffer underrun, which burn-free turns into a pause);
 * each time counts as an under-run in the drive's state (cs-vdrive toc). */
#define VD_DRIVE_BUFFER (4 * 1024 * 1024)

static gint64 drive_busy_until;  /* monotonic µs when the buffered data is recorded */

static gboolean
speed_enabled (void)
{
  const char *e = getenv ("CS_VDRIVE_SPEED");

  return e != NULL && atoi (e) > 0;
}

static void
sleep_until (gint64 when)
{
  gint64 now = g_get_monotonic_time ();

  if (when > now)
    g_usleep ((gulong) (when - now));
}

/* The write running in this process, from its first WRITE: added to the drive's state when
 * it ends, so that a WRITE on an overwritable medium changes no state (saving the state
 * file after every WRITE would be our own slowness, not the host's). */
static struct
{
  gboolean running;
  gint64 start;        /* monotonic µs */
  int underruns;
  gint64 idle_us;
  int own_underruns;
  gint64 own_idle_us;
  gint64 own_seen;     /* own_io_us () at the last WRITE */
  guint64 bytes;
} feed;

static gint64 pwrite_us;   /* µs this process spent writing medium.img */

/* The virtual drive's own file I/O: writing the medium image and saving the state file,
 * which the file system can stall for tenths of a second (writeback). */
static gint64
own_io_us (void)
{
  return pwrite_us + vd_drive_save_us;
}

/* A WRITE's data reaches the drive's buffer, timed before our own file I/O (which a real
 * drive does not have): a write starts, or the buffer ran empty since the last one and
 * the recorder waited. Before the first 4 MiB came the recorder counts as not started (a
 * real drive waits for its buffer to fill): no under-run. A wait no longer than the drive's
 * own file I/O since the last WRITE is the drive's own, not the host's. CS_VDRIVE_TRACE=1
 * tells each under-run. */
static void
feed_arrive (void)
{
  if (!speed_enabled ())
    return;
  gint64 now = g_get_monotonic_time ();
  gint64 own = own_io_us () - feed.own_seen;

  feed.own_seen = own_io_us ();
  if (!feed.running)
    {
      feed.running = TRUE;
      feed.start = now;
    }
  else if (now > drive_busy_until && feed.bytes >= VD_DRIVE_BUFFER)
    {
      gint64 idle = now - drive_busy_until;

      if (idle <= own)
        {
          feed.own_underruns++;
          feed.own_idle_us += idle;
        }
      else
        {
          feed.underruns++;
          feed.idle_us += idle;
        }
      if (getenv ("CS_VDRIVE_TRACE") != NULL)
        fprintf (stderr, "vdrive: buffer under-run after %" G_GUINT64_FORMAT " bytes, idle "
                 "%.3f s (own file I/O %.3f s)\n", feed.bytes, idle / 1e6, own / 1e6);
    }
  drive_busy_until = MAX (drive_busy_until, now);
}

static void
throttle (const VdState *st, size_t bytes, gboolean writing)
{
  if (!speed_enabled ())
    return;
  uint32_t kbs = vd_write_speed_kbs (st);
  if (!writing)
    {
      /* Reads are served at twice the write speed, straight from the medium. */
      sleep_until (g_get_monotonic_time () + (gint64) bytes * 1000 / (2 * kbs));
      return;
    }
  gint64 buffer_us = (gint64) VD_DRIVE_BUFFER * 1000 / kbs;

  /* Recorded after what is buffered (feed_arrive() came first); the command returns once
   * the buffer has room again. */
  feed.bytes += bytes;
  drive_busy_until += (gint64) bytes * 1000 / kbs;
  sleep_until (drive_busy_until - buffer_us);
}

/* SYNCHRONIZE CACHE or CLOSE TRACK/SESSION: the write ends once its data is recorded. */
static void
feed_end (VdState *st)
{
  if (!feed.running)
    return;
  st->underruns += feed.underruns;
  st->idle_us += feed.idle_us;
  st->own_underruns += feed.own_underruns;
  st->own_idle_us += feed.own_idle_us;
  st->write_bytes += feed.bytes;
  st->write_us += MAX (drive_busy_until, g_get_monotonic_time ()) - feed.start;
  feed = (typeof (feed)) { .own_seen = own_io_us () };
}

/* SYNCHRONIZE CACHE: the buffer is recorded before the command returns. */
static void
throttle_flush (VdState *st)
{
  if (speed_enabled ())
    sleep_until (drive_busy_until);
  feed_end (st);
}

/* Is this block recorded (and so readable, faults aside)? */
static gboolean
block_recorded (const VdState *st, uint32_t lba)
{
  if (vd_medium_is_overwritable (st))
    return st->formatted && lba < st->formatted_size;
  for (int i = 0; i < st->ntracks; i++)
    {
      const VdTrack *t = &st->tracks[i];
      uint32_t n = t->state == VD_TRACK_COMPLETE ? t->size : t->written;
      if (lba >= t->start && lba < t->start + n)
        return TRUE;
    }
  return FALSE;
}

static int
do_read (VdCmd *c, uint32_t lba, uint32_t n)
{
  VdState *st = c->st;

  if (!vd_ready (st))
    return not_ready (c);
  if ((size_t) n * VD_BLOCK > c->len)
    return vd_check (c, 0x05, 0x24, 0x00);
  for (uint32_t i = 0; i < n; i++)
    {
      if (!block_recorded (st, lba + i))
        return vd_check (c, 0x05, 0x21, 0x00);
      if (vd_state_block_unreadable (st, lba + i))
        return vd_check (c, 0x03, 0x11, 0x00);
    }
  if (n > 0 && vd_drive_pread (c->d, c->buf, (size_t) n * VD_BLOCK,
                               (uint64_t) lba * VD_BLOCK) < 0)
    return vd_check (c, 0x03, 0x11, 0x00);
  throttle (st, (size_t) n * VD_BLOCK, FALSE);
  c->xfer = (size_t) n * VD_BLOCK;
  return GOOD;
}

static int
cmd_read_cd (VdCmd *c)
{
  /* Only user data of 2048-byte data sectors. */
  if ((c->cdb[9] & 0xf8) != 0x10)
    return vd_check (c, 0x05, 0x24, 0x00);
  return do_read (c, get_be32 (c->cdb + 2), get_be24 (c->cdb + 6));
}

static int
write_blocks (VdCmd *c, uint32_t lba, uint32_t n)
{
  VdState *st = c->st;
  uint32_t good = n;

  feed_arrive ();
  if (st->write_error >= lba && st->write_error < (int64_t) lba + n)
    good = st->write_error - lba;
  gint64 t0 = g_get_monotonic_time ();
  if (good > 0 && vd_drive_pwrite (c->d, c->buf, (size_t) good * VD_BLOCK,
                                   (uint64_t) lba * VD_BLOCK) < 0)
    return -1;
  pwrite_us += g_get_monotonic_time () - t0;
  throttle (st, (size_t) good * VD_BLOCK, TRUE);
  return good;
}

/* CD SAO: the host sends pre-gap and track blocks in one stream. */
static int
sao_write (VdCmd *c, int32_t lba, uint32_t n)
{
  VdState *st = c->st;

  if (lba != st->sao_pos)
    return vd_check (c, 0x05, 0x21, 0x02);
  if (lba + (int64_t) n > st->sao_end)
    return vd_check (c, 0x05, 0x21, 0x00);
  feed_arrive ();
  for (uint32_t i = 0; i < n; i++)
    {
      int64_t b = lba + (int64_t) i;
      for (int k = 0; k < st->ntracks; k++)
        {
          VdTrack *t = &st->tracks[k];
          if (t->state != VD_TRACK_RESERVED || b < t->start || b >= t->start + t->size)
            continue;
          if (st->write_error == b)
            return vd_check (c, 0x03, 0x0c, 0x00);
          if (vd_drive_pwrite (c->d, c->buf + (size_t) i * VD_BLOCK, VD_BLOCK,
                               (uint64_t) b * VD_BLOCK) < 0)
            return vd_check (c, 0x03, 0x0c, 0x00);
          t->written = b + 1 - t->start;
        }
      st->sao_pos = b + 1;
    }
  throttle (st, (size_t) n * VD_BLOCK, TRUE);
  c->xfer = (size_t) n * VD_BLOCK;
  return GOOD;
}

/* SEND CUE SHEET: reserve the session's tracks from the index 1 points. */
static int
cmd_send_cue_sheet (VdCmd *c)
{
  VdState *st = c->st;

  if (!vd_ready (st))
    return not_ready (c);
  if (!vd_medium_is_cd (st) || st->closed || vd_state_open_track (st) != NULL)
    return vd_check (c, 0x05, 0x2c, 0x00);
  if (c->dir != VD_DIR_OUT || c->len % 8 != 0 || c->len == 0)
    return vd_check (c, 0x05, 0x24, 0x00);
  int64_t first = G_MAXINT64, leadout = -1;
  int64_t starts[VD_MAX_TRACKS + 1];
  int nt = 0;
  for (size_t off = 0; off < c->len; off += 8)
    {
      const uint8_t *e = c->buf + off;
      int64_t lba = (int64_t) e[5] * 4500 + e[6] * 75 + e[7] - 150;
      if (e[1] == 0xaa)
        leadout = lba;
      else if (e[1] >= 1 && e[1] <= 99)
        {
          first = MIN (first, lba);
          if (e[2] == 1 && nt < VD_MAX_TRACKS)
            starts[nt++] = lba;
        }
    }
  uint32_t nwa = vd_state_nwa (st);
  if (nt == 0 || leadout < 0 || first + 150 != (int64_t) nwa || leadout > st->capacity
      || st->ntracks + nt > VD_MAX_TRACKS)
    return vd_check (c, 0x05, 0x26, 0x00);
  starts[nt] = leadout;
  for (int i = 0; i < nt; i++)
    {
      VdTrack *t = &st->tracks[st->ntracks++];
      memset (t, 0, sizeof *t);
      t->start = starts[i];
      t->size = starts[i + 1] - starts[i];
      t->session = st->closed_sessions + 1;
      t->state = VD_TRACK_RESERVED;
    }
  st->sao_active = TRUE;
  st->sao_pos = first;
  st->sao_end = leadout;
  return GOOD;
}

static int
do_write (VdCmd *c, uint32_t lba, uint32_t n)
{
  VdState *st = c->st;

  if (st->sao_active && vd_ready (st) && c->dir == VD_DIR_OUT
      && (size_t) n * VD_BLOCK <= c->len)
    return sao_write (c, (int32_t) lba, n);

  if (!vd_ready (st))
    return not_ready (c);
  if ((size_t) n * VD_BLOCK > c->len || c->dir != VD_DIR_OUT)
    return vd_check (c, 0x05, 0x24, 0x00);
  if (vd_medium_is_overwritable (st))
    {
      if (!st->formatted)
        return vd_check (c, 0x05, 0x30, 0x05);
      if ((uint64_t) lba + n > st->formatted_size)
        return vd_check (c, 0x05, 0x21, 0x00);
      int good = write_blocks (c, lba, n);
      if (good < 0 || (uint32_t) good < n)
        return vd_check (c, 0x03, 0x0c, 0x00);
      c->xfer = (size_t) n * VD_BLOCK;
      return GOOD;
    }
  if (st->closed)
    return vd_check (c, 0x05, 0x21, 0x02);
  VdTrack *t = vd_state_open_track (st);
  if (t == NULL)
    {
      /* A write at the invisible track's address starts a new track. */
      if (st->dao_only && vd_state_write_type (st) != 2)
        return vd_check (c, 0x05, 0x64, 0x00);
      if (vd_medium_is_cd (st) && vd_state_write_type (st) != 1)
        return vd_check (c, 0x05, 0x64, 0x00);
      if (st->ntracks >= VD_MAX_TRACKS)
        return vd_check (c, 0x05, 0x72, 0x05);
      if (lba != vd_state_nwa (st))
        return vd_check (c, 0x05, 0x21, 0x02);
      t = &st->tracks[st->ntracks++];
      memset (t, 0, sizeof *t);
      t->start = lba;
      t->session = st->closed_sessions + 1;
      t->state = VD_TRACK_OPEN;
    }
  if (lba != t->start + t->written || t->damaged)
    return vd_check (c, 0x05, 0x21, 0x02);
  uint32_t limit = t->state == VD_TRACK_RESERVED ? t->start + t->size : st->capacity;
  if ((uint64_t) lba + n > limit)
    return vd_check (c, 0x05, 0x21, 0x00);
  int good = write_blocks (c, lba, n);
  if (good > 0)
    t->written += good;
  if (good < 0 || (uint32_t) good < n)
    {
      /* The track stays incomplete: damaged, until closed. */
      t->damaged = TRUE;
      return vd_check (c, 0x03, 0x0c, 0x00);
    }
  c->xfer = (size_t) n * VD_BLOCK;
  return GOOD;
}

/* DAO on DVD-R/-RW: a filled reserved track ends the disc at the flush. */
static int
cmd_synchronize_cache (VdCmd *c)
{
  VdState *st = c->st;

  if (!vd_ready (st))
    return not_ready (c);
  if (st->sao_active && st->sao_pos >= st->sao_end)
    {
      /* CD SAO: the drive writes the lead-out and closes the session. */
      st->sao_active = FALSE;
      for (int i = 0; i < st->ntracks; i++)
        if (st->tracks[i].state == VD_TRACK_RESERVED)
          st->tracks[i].state = VD_TRACK_COMPLETE;
      vd_state_close_session (st, (st->page05[3] >> 6) != 3);
      return GOOD;
    }
  VdTrack *t = vd_state_open_track (st);
  if (t != NULL && t->state == VD_TRACK_RESERVED && t->written >= t->size)
    {
      vd_state_close_track (st, t);
      if ((st->profile == 0x11 || st->profile == 0x15 || st->profile == 0x14)
          && vd_state_write_type (st) == 2)
        vd_state_close_session (st, TRUE);
    }
  return GOOD;
}

static int
cmd_reserve_track (VdCmd *c)
{
  VdState *st = c->st;

  if (!vd_ready (st))
    return not_ready (c);
  if (!vd_medium_is_sequential (st) || (c->cdb[1] & 1))
    return vd_check (c, 0x05, 0x24, 0x00);
  if (vd_state_open_track (st) != NULL || st->closed)
    return vd_check (c, 0x05, 0x2c, 0x00);
  /* The exact size: DAO ends the disc when it is filled (the next NWA is
   * aligned to the ECC block anyway). */
  uint32_t size = get_be32 (c->cdb + 5);
  uint32_t nwa = vd_state_nwa (st);
  if (size == 0 || (uint64_t) nwa + size > st->capacity)
    return vd_check (c, 0x05, 0x24, 0x00);
  if (st->ntracks >= VD_MAX_TRACKS)
    return vd_check (c, 0x05, 0x72, 0x05);
  VdTrack *t = &st->tracks[st->ntracks++];
  memset (t, 0, sizeof *t);
  t->start = nwa;
  t->size = size;
  t->session = st->closed_sessions + 1;
  t->state = VD_TRACK_RESERVED;
  return GOOD;
}

/* Whether closing a session ends the disc, per medium and close function. */
static gboolean
session_close_finalizes (const VdState *st, int func)
{
  switch (st->profile)
    {
    case 0x1b: case 0x2b: case 0x41:
      return func >= 4;
    default:
      /* CD and DVD-R[W]: mode page 05 Multi-session 11b keeps it open. */
      return (st->page05[3] >> 6) != 3;
    }
}

static int
cmd_close_track_session (VdCmd *c)
{
  VdState *st = c->st;
  int func = c->cdb[2] & 7;

  if (!vd_ready (st))
    return not_ready (c);
  if (vd_medium_is_overwritable (st))
    {
      /* DVD+RW/BD-RE: ends a background format; nothing else to do. */
      if (!st->formatted && st->profile != 0x13)
        return vd_check (c, 0x05, 0x2c, 0x00);
      return GOOD;
    }
  if (st->closed)
    return vd_check (c, 0x05, 0x2c, 0x00);
  if (func == 1)
    {
      uint32_t tno = get_be16 (c->cdb + 4);
      if (tno < 1 || tno > (uint32_t) st->ntracks)
        return vd_check (c, 0x05, 0x24, 0x00);
      VdTrack *t = &st->tracks[tno - 1];
      vd_state_close_track (st, t);
      return GOOD;
    }
  if (func >= 2 && func <= 6)
    {
      if (!vd_state_last_session_open (st))
        {
          /* Nothing open: only a finalization has something to do. */
          if (func >= 4 && st->ntracks > 0 && session_close_finalizes (st, func))
            st->closed = TRUE;
          return GOOD;
        }
      vd_state_close_session (st, session_close_finalizes (st, func));
      return GOOD;
    }
  return vd_check (c, 0x05, 0x24, 0x00);
}

static int
cmd_blank (VdCmd *c)
{
  VdState *st = c->st;
  int type = c->cdb[1] & 7;

  if (!vd_ready (st))
    return not_ready (c);
  if (st->type != VD_MEDIUM_CD_RW && st->type != VD_MEDIUM_DVD_RW)
    return vd_check (c, 0x05, 0x30, 0x05);
  if (type != 0 && type != 1)
    return vd_check (c, 0x05, 0x24, 0x00);
  st->ntracks = 0;
  st->closed = FALSE;
  st->closed_sessions = 0;
  st->formatted = FALSE;
  st->formatted_size = 0;
  if (st->type == VD_MEDIUM_DVD_RW)
    {
      st->profile = 0x14;
      /* A minimally blanked DVD-RW takes only DAO, as on real drives. */
      st->dao_only = type == 1;
    }
  vd_drive_truncate (c->d);
  /* A full blank records the whole medium; a minimal one only the lead-in and TOC. */
  vd_busy_start (c, (c->cdb[1] & 0x10) != 0, type == 0, 0x07);
  return GOOD;
}

static int
cmd_format_unit (VdCmd *c)
{
  VdState *st = c->st;

  if (!vd_ready (st))
    return not_ready (c);
  if ((c->cdb[1] & 0x17) != 0x11 || c->dir != VD_DIR_OUT || c->len < 12)
    return vd_check (c, 0x05, 0x24, 0x00);
  const uint8_t *p = c->buf;
  if (get_be16 (p + 2) < 8)
    return vd_check (c, 0x05, 0x26, 0x00);
  uint32_t blocks = get_be32 (p + 4);
  int ftype = p[8] >> 2;
  uint32_t size = 0;
  gboolean wipe = !st->formatted;

  switch (st->type)
    {
    case VD_MEDIUM_DVD_PLUS_RW:
      if (ftype != 0x26)
        return vd_check (c, 0x05, 0x26, 0x00);
      size = st->capacity;
      break;
    case VD_MEDIUM_BD_RE:
      if (ftype == 0x31)
        size = st->capacity;
      else if (ftype == 0x00 || ftype == 0x30)
        size = blocks == 0 || blocks == G_MAXUINT32 ? 11826176 : blocks;
      else
        return vd_check (c, 0x05, 0x26, 0x00);
      /* Spare areas of 12 MiB or so at least; cut to what fits. */
      size = MIN (size, st->capacity);
      break;
    case VD_MEDIUM_BD_R:
      /* Spare areas on a blank BD-R only cost capacity here: the disc stays
       * sequential (no pseudo-overwrite). */
      if ((ftype != 0x00 && ftype != 0x32) || st->ntracks > 0)
        return vd_check (c, 0x05, 0x26, 0x00);
      st->capacity = blocks == 0 || blocks > 12219392 ? 11826176 : blocks;
      return GOOD;
    case VD_MEDIUM_DVD_RAM:
      if (ftype != 0x00 && ftype != 0x01)
        return vd_check (c, 0x05, 0x26, 0x00);
      size = st->capacity;
      break;
    case VD_MEDIUM_DVD_RW:
      if (ftype == 0x00 || ftype == 0x10)
        size = st->capacity;
      else if (ftype == 0x15)
        size = blocks == 0 || blocks > st->capacity ? st->capacity : blocks;
      else if (ftype == 0x13)
        size = st->capacity;  /* quick grow: the rest of the medium */
      else
        return vd_check (c, 0x05, 0x26, 0x00);
      if (ftype == 0x13 && st->profile != 0x13)
        return vd_check (c, 0x05, 0x26, 0x00);
      wipe = st->profile != 0x13;
      st->profile = 0x13;
      st->dao_only = FALSE;
      st->ntracks = 0;
      st->closed = FALSE;
      st->closed_sessions = 0;
      break;
    default:
      return vd_check (c, 0x05, 0x30, 0x05);
    }
  st->formatted = TRUE;
  st->formatted_size = size;
  if (wipe)
    vd_drive_truncate (c->d);
  /* DVD+RW formats in the background while the drive stays ready (MMC-6 6.5.4.2.14). A
   * full DVD-RW format and a fully certifying BD-RE format (subtype 10b) record the whole
   * medium; the others are quick. */
  if (st->type != VD_MEDIUM_DVD_PLUS_RW)
    vd_busy_start (c, (p[1] & 0x02) != 0,
                   (st->type == VD_MEDIUM_DVD_RW && (ftype == 0x00 || ftype == 0x10))
                   || (st->type == VD_MEDIUM_BD_RE && (ftype == 0x30 || ftype == 0x31)
                       && (p[8] & 3) == 2), 0x04);
  return GOOD;
}

static int
cmd_start_stop (VdCmd *c)
{
  VdState *st = c->st;
  gboolean loej = c->cdb[4] & 2, start = c->cdb[4] & 1;

  if (!loej)
    return st->present && !st->tray_open ? GOOD : not_ready (c);
  if (!start)
    {
      st->tray_open = TRUE;
      st->k_size = 0;
      st->k_last_start = 0;
    }
  else if (st->tray_open)
    vd_state_medium_change (st);  /* loading the tray */
  return GOOD;
}

static int
cmd_request_sense (VdCmd *c)
{
  uint8_t s[VD_SENSE_LEN];
  const VdBusy *op = vd_busy_running (c->d);

  if (op != NULL)
    vd_busy_sense (op, s);
  else if (!vd_ready (c->st))
    vd_sense_fill (s, 0x02, 0x3a, c->st->tray_open ? 0x02 : 0x00);
  else if (c->st->unit_attention)
    {
      vd_sense_fill (s, 0x06, 0x28, 0x00);
      c->st->unit_attention = FALSE;
    }
  else
    vd_sense_fill (s, 0x00, 0x00, 0x00);
  return vd_reply (c, s, sizeof s, c->cdb[4]);
}

int
vd_mmc_execute (VdDrive *d, const uint8_t *cdb, int cdb_len, int dir,
                uint8_t *buf, size_t len, size_t *xfer,
                uint8_t sense[VD_SENSE_LEN])
{
  VdCmd cmd = { d, &d->st, cdb, cdb_len, dir, buf, len, 0, sense };
  VdCmd *c = &cmd;
  VdState *st = &d->st;
  int op = cdb[0];
  int ret;

  memset (sense, 0, VD_SENSE_LEN);
  /* A background BLANK or FORMAT UNIT: NOT READY with its progress to all but INQUIRY,
   * REQUEST SENSE, GET CONFIGURATION and GET EVENT STATUS (MMC-6 6.5.3). */
  if (op != 0x12 && op != 0x03 && op != 0x46 && op != 0x4a)
    {
      const VdBusy *busy = vd_busy_running (d);

      if (busy != NULL)
        {
          vd_busy_sense (busy, sense);
          *xfer = 0;
          return CHECK_CONDITION;
        }
    }
  /* A medium change is reported once, to the first command that may see it. */
  if (st->unit_attention && vd_ready (st) && op != 0x12 && op != 0x03
      && op != 0x46 && op != 0x4a)
    {
      st->unit_attention = FALSE;
      ret = vd_check (c, 0x06, 0x28, 0x00);
      *xfer = 0;
      return ret;
    }
  switch (op)
    {
    case 0x00: /* TEST UNIT READY */
      ret = vd_ready (st) ? GOOD : not_ready (c);
      break;
    case 0x03:
      ret = cmd_request_sense (c);
      break;
    case 0x04:
      ret = cmd_format_unit (c);
      break;
    case 0x12:
      ret = vd_cmd_inquiry (c);
      break;
    case 0x1b:
      ret = cmd_start_stop (c);
      break;
    case 0x1e: /* PREVENT ALLOW MEDIUM REMOVAL */
    case 0xb6: /* SET STREAMING */
    case 0xbb: /* SET CD SPEED */
      ret = GOOD;
      break;
    case 0x2b: /* SEEK */
    case 0x2f: /* VERIFY(10) */
    case 0x54: /* SEND OPC INFORMATION */
      ret = vd_ready (st) ? GOOD : not_ready (c);
      break;
    case 0x23:
      ret = vd_cmd_read_format_capacities (c);
      break;
    case 0x25:
      ret = vd_cmd_read_capacity (c);
      break;
    case 0x28:
      ret = do_read (c, get_be32 (cdb + 2), get_be16 (cdb + 7));
      break;
    case 0xa8:
      ret = do_read (c, get_be32 (cdb + 2), get_be32 (cdb + 6));
      break;
    case 0xbe:
      ret = cmd_read_cd (c);
      break;
    case 0x2a:
      ret = do_write (c, get_be32 (cdb + 2), get_be16 (cdb + 7));
      break;
    case 0xaa:
      ret = do_write (c, get_be32 (cdb + 2), get_be32 (cdb + 6));
      break;
    case 0x5d:
      ret = cmd_send_cue_sheet (c);
      break;
    case 0x35:
      throttle_flush (st);
      ret = cmd_synchronize_cache (c);
      break;
    case 0x43:
      ret = vd_cmd_read_toc (c);
      break;
    case 0x46:
      ret = vd_cmd_get_configuration (c);
      break;
    case 0x4a:
      ret = vd_cmd_event_status (c);
      break;
    case 0x51:
      ret = vd_cmd_read_disc_info (c);
      break;
    case 0x52:
      ret = vd_cmd_read_track_info (c);
      break;
    case 0x53:
      ret = cmd_reserve_track (c);
      break;
    case 0x55:
      ret = vd_cmd_mode_select (c);
      break;
    case 0x5a:
      ret = vd_cmd_mode_sense (c);
      break;
    case 0x5b:
      feed_end (st);
      ret = cmd_close_track_session (c);
      break;
    case 0x5c:
      ret = vd_cmd_read_buffer_capacity (c);
      break;
    case 0xa1:
      ret = cmd_blank (c);
      break;
    case 0xac:
      ret = vd_cmd_get_performance (c);
      break;
    case 0xad:
      ret = vd_cmd_read_disc_structure (c);
      break;
    default:
      ret = vd_check (c, 0x05, 0x20, 0x00);
      break;
    }
  /* Data sent to a drive that accepted the command was all taken. */
  if (ret == GOOD && dir == VD_DIR_OUT)
    c->xfer = len;
  *xfer = c->xfer;
  return ret;
}
