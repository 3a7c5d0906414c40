/* vdrive-mmc-info.c - MMC commands that report the drive and medium:
 * INQUIRY, READ DISC/TRACK INFORMATION, READ TOC, READ CAPACITY, READ FORMAT
 * CAPACITIES, GET EVENT STATUS NOTIFICATION, READ DISC STRUCTURE, READ BUFFER
 * CAPACITY. GET CONFIGURATION and the mode pages are in vdrive-mmc-config.c.
 */
#include "vdrive-mmc-private.h"

#include <string.h>

#define NOT_READY(c) vd_check ((c), 0x02, 0x3a, (c)->st->tray_open ? 0x02 : 0x00)

int
vd_cmd_inquiry (VdCmd *c)
{
  uint8_t r[96] = { 0 };

  if (c->cdb[1] & 1)
    {
      /* Vital product data: only the list of pages. */
      if (c->cdb[2] != 0)
        return vd_check (c, 0x05, 0x24, 0x00);
      uint8_t v[5] = { 0x05, 0x00, 0x00, 0x01, 0x00 };
      return vd_reply (c, v, sizeof v, get_be16 (c->cdb + 3));
    }
  r[0] = 0x05;          /* CD/DVD device */
  r[1] = 0x80;          /* removable */
  r[2] = 0x05;
  r[3] = 0x32;
  r[4] = sizeof r - 5;
  memcpy (r + 8, "CEDAR   ", 8);
  memcpy (r + 16, "VIRTUAL BD-RE   ", 16);
  memcpy (r + 32, "1.00", 4);
  return vd_reply (c, r, sizeof r, get_be16 (c->cdb + 3));
}

/* 0 blank, 1 appendable, 2 complete, 3 other (random writable). */
int
vd_disc_status (const VdState *st)
{
  if (vd_medium_is_overwritable (st))
    {
      if (!st->formatted)
        return 0;
      return st->profile == 0x12 ? 3 : 2;
    }
  if (st->closed)
    return 2;
  return st->ntracks == 0 ? 0 : 1;
}

uint32_t
vd_write_speed_kbs (const VdState *st)
{
  if (vd_medium_is_cd (st))
    return 7056;         /* 40x of 176.4 kB/s */
  if (vd_medium_is_bd (st))
    return 53940;        /* 12x of 4495 kB/s */
  if (st->profile == 0x12)
    return 6925;         /* DVD-RAM 5x */
  return 22160;          /* DVD 16x */
}

/* ---- READ DISC INFORMATION ---- */

static int
first_track_of_session (const VdState *st, int s)
{
  for (int i = 0; i < st->ntracks; i++)
    if (st->tracks[i].session == s)
      return i + 1;
  return st->ntracks + 1;
}

int
vd_cmd_read_disc_info (VdCmd *c)
{
  const VdState *st = c->st;
  uint8_t r[34] = { 0 };

  if (!vd_ready (st))
    return NOT_READY (c);
  if ((c->cdb[1] & 7) != 0)
    return vd_check (c, 0x05, 0x24, 0x00);
  int status = vd_disc_status (st);
  int sessions, last_state, first_last, last_last;
  if (vd_medium_is_overwritable (st))
    {
      sessions = 1;
      last_state = st->formatted ? 3 : 0;
      first_last = last_last = 1;
    }
  else
    {
      gboolean open = vd_state_last_session_open (st);
      sessions = st->closed_sessions + (st->closed ? 0 : 1);
      last_state = st->closed ? 3 : open ? 1 : 0;
      int last_s = st->closed ? st->closed_sessions : st->closed_sessions + 1;
      first_last = first_track_of_session (st, last_s);
      /* The invisible track counts when the disc is appendable. */
      last_last = st->ntracks + (st->closed || vd_state_open_track (st) ? 0 : 1);
      if (first_last > last_last)
        first_last = last_last;
    }
  put_be16 (r, sizeof r - 2);
  r[2] = status | (last_state << 2);
  if (st->type == VD_MEDIUM_CD_RW || st->type == VD_MEDIUM_DVD_RW)
    r[2] |= 0x10;  /* erasable */
  r[3] = 1;
  r[4] = sessions & 0xff;
  r[5] = first_last & 0xff;
  r[6] = last_last & 0xff;
  r[9] = sessions >> 8;
  r[10] = first_last >> 8;
  r[11] = last_last >> 8;
  r[7] = 0x20;  /* URU: unrestricted use */
  if (st->profile == 0x1a || st->profile == 0x43)
    r[7] |= st->formatted ? 3 : 0;  /* background format: complete */
  r[8] = vd_medium_is_cd (st) ? 0x20 : 0x00;  /* CD-ROM XA */
  if (status == 2 || status == 3)
    {
      memset (r + 16, 0xff, 8);
    }
  else if (vd_medium_is_cd (st))
    {
      uint32_t nwa = vd_state_nwa (st);
      if (st->ntracks == 0)
        {
          r[17] = 97; r[18] = 26; r[19] = 66;  /* ATIP start of lead-in */
        }
      else
        put_msf (r + 17, (int32_t) nwa - 4650);
      put_msf (r + 21, st->capacity);
    }
  else
    {
      put_be32 (r + 16, st->ntracks == 0 ? 0 : vd_state_nwa (st));
      put_be32 (r + 20, st->capacity);
    }
  return vd_reply (c, r, sizeof r, get_be16 (c->cdb + 7));
}

/* ---- READ TRACK INFORMATION ---- */

static void
track_info (const VdState *st, int tno, uint8_t r[48])
{
  gboolean cd = vd_medium_is_cd (st);

  memset (r, 0, 48);
  put_be16 (r, 46);
  r[2] = tno & 0xff;
  r[32] = tno >> 8;
  put_be32 (r + 20, cd ? 0 : vd_medium_is_bd (st) ? 32 : 16);
  if (vd_medium_is_overwritable (st))
    {
      uint32_t size = st->formatted ? st->formatted_size : st->capacity;
      r[3] = 1;
      r[5] = 0x07;  /* data, incremental, copy allowed */
      r[6] = 0x30 | 1 | (st->formatted ? 0 : 0x40);  /* packet, fixed packet */
      r[7] = 0x01;
      put_be32 (r + 12, 0);
      put_be32 (r + 16, size);
      put_be32 (r + 24, size);
      put_be32 (r + 28, size - 1);
      r[7] |= st->formatted ? 0x02 : 0;
      return;
    }
  if (tno > st->ntracks)
    {
      /* The invisible track. */
      uint32_t nwa = vd_state_nwa (st);
      uint32_t free = nwa < st->capacity ? st->capacity - nwa : 0;
      r[3] = (st->closed_sessions + 1) & 0xff;
      r[33] = (st->closed_sessions + 1) >> 8;
      r[5] = cd ? 0x04 : 0x05;
      r[6] = 0x40 | 0x0f | (st->profile == 0x11 || st->profile == 0x15 || st->profile == 0x14 ? 0x20 : 0);
      r[7] = st->nwa_invalid ? 0 : 0x01;   /* NWA_V */
      put_be32 (r + 8, nwa);
      put_be32 (r + 12, nwa);
      put_be32 (r + 16, free);
      put_be32 (r + 24, free);
      return;
    }
  const VdTrack *t = &st->tracks[tno - 1];
  r[3] = t->session & 0xff;
  r[33] = t->session >> 8;
  r[5] = cd ? 0x04 : 0x05;
  r[6] = 0x01 | (t->state == VD_TRACK_RESERVED ? 0x80 : 0);
  put_be32 (r + 8, t->start);
  if (t->state == VD_TRACK_COMPLETE)
    {
      put_be32 (r + 24, t->size);
      put_be32 (r + 28, t->start + t->size - 1);
      r[7] = 0x02;
      return;
    }
  uint32_t nwa = t->start + t->written;
  uint32_t end = t->state == VD_TRACK_RESERVED ? t->start + t->size : st->capacity;
  r[7] = (t->damaged ? 0 : 0x01) | (t->written > 0 ? 0x02 : 0);
  if (t->damaged)
    r[5] |= 0x20;
  if (t->state == VD_TRACK_OPEN && (st->profile == 0x11 || st->profile == 0x15
                                     || st->profile == 0x14))
    r[6] |= 0x20;
  put_be32 (r + 12, nwa);
  put_be32 (r + 16, end - nwa);
  put_be32 (r + 24, end - t->start);
  put_be32 (r + 28, t->written > 0 ? nwa - 1 : 0);
}

int
vd_cmd_read_track_info (VdCmd *c)
{
  const VdState *st = c->st;
  uint8_t r[48];
  uint32_t a = get_be32 (c->cdb + 2);
  int tno = -1;
  int ntr = vd_medium_is_overwritable (st) ? 1 : st->ntracks;
  gboolean appendable = !vd_medium_is_overwritable (st) && !st->closed
                        && vd_state_open_track (st) == NULL;

  if (!vd_ready (st))
    return NOT_READY (c);
  switch (c->cdb[1] & 3)
    {
    case 0: /* by address */
      for (int i = 0; i < ntr && tno < 0; i++)
        {
          uint32_t s = vd_medium_is_overwritable (st) ? 0 : st->tracks[i].start;
          uint32_t n = vd_medium_is_overwritable (st) ? st->capacity : MAX (st->tracks[i].size,
                                                                              st->tracks[i].written);
          if (st->tracks[i].state == VD_TRACK_OPEN)
            n = st->capacity - s;
          if (a >= s && a < s + n)
            tno = i + 1;
        }
      if (tno < 0 && appendable && a >= vd_state_nwa (st) && a < st->capacity)
        tno = ntr + 1;
      break;
    case 1: /* by track number; FFh is the invisible or incomplete track */
      if (a == 0xff && !vd_medium_is_overwritable (st))
        tno = appendable ? ntr + 1 : (vd_state_open_track (st) ? ntr : -1);
      else if (a >= 1 && (a <= (uint32_t) ntr || (appendable && a == (uint32_t) ntr + 1)))
        tno = a;
      break;
    case 2: /* by session: its first track */
      if (vd_medium_is_overwritable (st))
        tno = a == 1 ? 1 : -1;
      else if (a >= 1 && a <= (uint32_t) st->closed_sessions + 1)
        {
          tno = first_track_of_session (st, a);
          if (tno > ntr && !appendable)
            tno = -1;
        }
      break;
    default:
      break;
    }
  if (tno < 0)
    return vd_check (c, 0x05, 0x24, 0x00);
  track_info (st, tno, r);
  return vd_reply (c, r, sizeof r, get_be16 (c->cdb + 7));
}

/* ---- READ TOC/PMA/ATIP ---- */

/* Tracks that the TOC shows: CD only those of closed sessions. */
static int
toc_tracks (const VdState *st)
{
  if (vd_medium_is_overwritable (st))
    return st->formatted ? 1 : 0;
  int n = 0;
  for (int i = 0; i < st->ntracks; i++)
    {
      const VdTrack *t = &st->tracks[i];
      if (t->state != VD_TRACK_COMPLETE)
        break;
      if (vd_medium_is_cd (st) && t->session > st->closed_sessions)
        break;
      n = i + 1;
    }
  return n;
}

static void
toc_track (const VdState *st, int i, uint32_t *start, uint32_t *end, int *session)
{
  if (vd_medium_is_overwritable (st))
    {
      *start = 0;
      *end = st->formatted_size;
      *session = 1;
      return;
    }
  *start = st->tracks[i].start;
  *end = st->tracks[i].start + st->tracks[i].size;
  *session = st->tracks[i].session;
}

static void
put_addr (uint8_t *p, uint32_t lba, gboolean msf)
{
  if (msf)
    {
      p[0] = 0;
      put_msf (p + 1, lba);
    }
  else
    put_be32 (p, lba);
}

int
vd_cmd_read_toc (VdCmd *c)
{
  const VdState *st = c->st;
  gboolean msf = c->cdb[1] & 2;
  int format = c->cdb[2] & 0x0f;
  int n = toc_tracks (st);
  uint8_t r[4 + 11 * (VD_MAX_TRACKS + 4 * VD_MAX_TRACKS)];
  size_t len = 4;
  uint32_t s, e;
  int sess;

  if (!vd_ready (st))
    return NOT_READY (c);
  if (format == 0 && (c->cdb[9] & 0xc0))
    format = c->cdb[9] >> 6;
  memset (r, 0, sizeof r);
  if ((format == 2 || format == 4) && !vd_medium_is_cd (st))
    return vd_check (c, 0x05, 0x24, 0x00);
  if (format == 4)
    {
      r[4] = 0x04;
      r[5] = 0x00;
      r[6] = 0x80 | (st->type == VD_MEDIUM_CD_RW ? 0x40 : 0);
      r[8] = 97; r[9] = 26; r[10] = 66;
      put_msf (r + 12, st->capacity);
      put_be16 (r, 26);
      return vd_reply (c, r, 28, get_be16 (c->cdb + 7));
    }
  if (n == 0)
    return vd_check (c, 0x05, 0x24, 0x00);
  if (format == 0)
    {
      int from = c->cdb[6] == 0 ? 1 : c->cdb[6];
      if (from > n && from != 0xaa)
        return vd_check (c, 0x05, 0x24, 0x00);
      r[2] = 1;
      r[3] = n;
      for (int i = from - 1; i < n && from != 0xaa; i++, len += 8)
        {
          toc_track (st, i, &s, &e, &sess);
          r[len + 1] = 0x14;
          r[len + 2] = i + 1;
          put_addr (r + len + 4, s, msf);
        }
      toc_track (st, n - 1, &s, &e, &sess);
      r[len + 1] = 0x14;
      r[len + 2] = 0xaa;
      put_addr (r + len + 4, e, msf);
      len += 8;
    }
  else if (format == 1)
    {
      toc_track (st, n - 1, &s, &e, &sess);
      int first = 1;
      for (int i = 0; i < n; i++)
        {
          int si;
          uint32_t a, b;
          toc_track (st, i, &a, &b, &si);
          if (si == sess)
            {
              first = i + 1;
              s = a;
              break;
            }
        }
      r[2] = 1;
      r[3] = sess;
      r[5] = 0x14;
      r[6] = first;
      put_addr (r + 8, s, msf);
      len = 12;
    }
  else if (format == 2)
    {
      int last_sess = st->tracks[n - 1].session;
      r[2] = 1;
      r[3] = last_sess;
      for (int k = 1; k <= last_sess; k++)
        {
          int first = -1, last = -1;
          for (int i = 0; i < n; i++)
            if (st->tracks[i].session == k)
              {
                if (first < 0)
                  first = i;
                last = i;
              }
          if (first < 0)
            continue;
          uint8_t *p = r + len;
          p[0] = k; p[1] = 0x14; p[3] = 0xa0; p[8] = first + 1; p[9] = 0x20;
          p += 11;
          p[0] = k; p[1] = 0x14; p[3] = 0xa1; p[8] = last + 1;
          p += 11;
          p[0] = k; p[1] = 0x14; p[3] = 0xa2;
          put_msf (p + 8, st->tracks[last].start + st->tracks[last].size);
          p += 11;
          len += 33;
          if (k == last_sess && !st->closed)
            {
              /* B0: where the next session may start, and the outer limit. */
              p[0] = k; p[1] = 0x54; p[3] = 0xb0;
              put_msf (p + 4, vd_state_nwa (st));
              p[7] = 1;
              put_msf (p + 8, st->capacity);
              p += 11;
              len += 11;
            }
          for (int i = first; i <= last; i++, p += 11, len += 11)
            {
              p[0] = k; p[1] = 0x14; p[3] = i + 1;
              put_msf (p + 8, st->tracks[i].start);
            }
        }
    }
  else
    return vd_check (c, 0x05, 0x24, 0x00);
  put_be16 (r, len - 2);
  return vd_reply (c, r, len, get_be16 (c->cdb + 7));
}

int
vd_cmd_read_capacity (VdCmd *c)
{
  uint8_t r[8] = { 0 };
  uint32_t end;

  if (!vd_ready (c->st))
    return NOT_READY (c);
  end = vd_state_readable_end (c->st);
  put_be32 (r, end > 0 ? end - 1 : 0);
  put_be32 (r + 4, VD_BLOCK);
  return vd_reply (c, r, sizeof r, 8);
}

/* ---- READ FORMAT CAPACITIES ---- */

static void
fmt_descr (GByteArray *a, uint32_t blocks, int type, uint32_t param)
{
  uint8_t d[8];

  put_be32 (d, blocks);
  d[4] = type << 2;
  put_be24 (d + 5, param);
  g_byte_array_append (a, d, 8);
}

int
vd_cmd_read_format_capacities (VdCmd *c)
{
  const VdState *st = c->st;

  if (!vd_ready (st))
    return NOT_READY (c);
  g_autoptr (GByteArray) a = g_byte_array_new ();
  uint8_t h[12] = { 0 };
  g_byte_array_append (a, h, 12);
  uint32_t cur = st->capacity;
  int cur_type = 2;
  if (vd_medium_is_overwritable (st))
    {
      cur_type = st->formatted ? 2 : 1;
      cur = st->formatted ? st->formatted_size : st->profile == 0x43 ? 11826176 : st->capacity;
    }
  put_be32 (a->data + 4, cur);
  a->data[8] = cur_type;
  put_be24 (a->data + 9, VD_BLOCK);
  switch (st->profile)
    {
    case 0x1a:
      fmt_descr (a, st->capacity, 0x26, 0);
      break;
    case 0x13:
    case 0x14:
      fmt_descr (a, st->capacity, 0x00, 16);
      fmt_descr (a, st->capacity, 0x10, 16);
      fmt_descr (a, st->capacity, 0x15, 16);
      if (st->profile == 0x13)
        fmt_descr (a, st->capacity, 0x13, 16);
      break;
    case 0x12:
      fmt_descr (a, st->capacity, 0x00, 0);
      break;
    case 0x43:
      fmt_descr (a, 11826176, 0x00, 0x3000);
      fmt_descr (a, 11826176, 0x30, 0x3000);
      fmt_descr (a, 11564032, 0x30, 0x5000);
      fmt_descr (a, 12088320, 0x30, 0x1000);
      fmt_descr (a, st->capacity, 0x31, 0x800);
      break;
    case 0x41:
      /* BD-R: spare areas for pseudo-overwrite; offered while blank. */
      if (st->ntracks == 0)
        {
          fmt_descr (a, 11826176, 0x00, 0x3000);
          fmt_descr (a, 11826176, 0x32, 0x3000);
          fmt_descr (a, 11564032, 0x32, 0x5000);
          fmt_descr (a, 12088320, 0x32, 0x1000);
        }
      break;
    default:
      break;
    }
  a->data[3] = a->len - 4;
  return vd_reply (c, a->data, a->len, get_be16 (c->cdb + 7));
}

/* ---- GET EVENT STATUS NOTIFICATION (polled, media class) ---- */

int
vd_cmd_event_status (VdCmd *c)
{
  VdState *st = c->st;
  uint8_t r[8] = { 0 };

  if (!(c->cdb[1] & 1))
    return vd_check (c, 0x05, 0x24, 0x00);
  r[3] = 0x10;
  if (!(c->cdb[4] & 0x10))
    {
      put_be16 (r, 2);
      r[2] = 0x80;  /* no event available */
      return vd_reply (c, r, 4, get_be16 (c->cdb + 7));
    }
  put_be16 (r, 6);
  r[2] = 0x04;
  if (st->unit_attention && vd_ready (st))
    {
      r[4] = 0x02;  /* new media */
      st->unit_attention = FALSE;
    }
  r[5] = (vd_ready (st) ? 0x02 : 0) | (st->tray_open ? 0x01 : 0);
  return vd_reply (c, r, sizeof r, get_be16 (c->cdb + 7));
}

/* ---- READ DISC STRUCTURE: DVD physical format, BD disc information ---- */

int
vd_cmd_read_disc_structure (VdCmd *c)
{
  const VdState *st = c->st;
  int format = c->cdb[7];
  uint8_t r[4 + 2048] = { 0 };

  if (!vd_ready (st))
    return NOT_READY (c);
  if (vd_medium_is_cd (st))
    return vd_check (c, 0x05, 0x30, 0x02);
  if (format == 0xff)
    {
      uint8_t l[8] = { 0, 6, 0, 0, 0x00, 0x40, 0x08, 0x04 };
      return vd_reply (c, l, sizeof l, get_be16 (c->cdb + 8));
    }
  if (format != 0x00 || vd_medium_is_bd (st))
    return vd_check (c, 0x05, 0x24, 0x00);
  int book;
  switch (st->profile)
    {
    case 0x11: case 0x15: book = 0x2; break;
    case 0x12: book = 0x1; break;
    case 0x13: case 0x14: book = 0x3; break;
    case 0x1a: book = 0x9; break;
    case 0x1b: book = 0xa; break;
    case 0x2b: book = 0xe; break;
    default: book = 0; break;
    }
  put_be16 (r, 2048 + 2);
  r[4] = book << 4 | 1;
  r[5] = 0x0f;                              /* 120 mm, no maximum rate */
  r[6] = st->profile == 0x2b || st->profile == 0x15 ? 0x21 : 0x01; /* layers, track path */
  put_be32 (r + 8, 0x030000);
  put_be32 (r + 12, 0x030000 + st->capacity - 1);
  put_be32 (r + 16, st->profile == 0x2b || st->profile == 0x15 ? 0x030000 + st->capacity / 2 - 1 : 0);
  return vd_reply (c, r, sizeof r, get_be16 (c->cdb + 8));
}

int
vd_cmd_read_buffer_capacity (VdCmd *c)
{
  uint8_t r[12] = { 0 };

  put_be16 (r, 10);
  put_be32 (r + 4, 4 * 1024 * 1024);
  put_be32 (r + 8, 4 * 1024 * 1024);
  if (c->cdb[1] & 1)
    {
      /* Block form: free blocks only. */
      memset (r + 4, 0, 4);
      put_be32 (r + 8, 2048);
    }
  return vd_reply (c, r, sizeof r, get_be16 (c->cdb + 7));
}
