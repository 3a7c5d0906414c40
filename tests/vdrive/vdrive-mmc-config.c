/* vdrive-mmc-config.c - what the drive can do: GET CONFIGURATION (profiles
 * and features), MODE SENSE/SELECT (10) pages 01h, 05h and 2Ah, GET
 * PERFORMANCE.
 */
#include "vdrive-mmc-private.h"

#include <string.h>

/* ---- GET CONFIGURATION ---- */

typedef struct
{
  GByteArray *a;
  int rt;
  int start;
} Features;

static void
feature (Features *f, int code, gboolean current, int version, const uint8_t *body, int n)
{
  if (code < f->start && f->rt != 2)
    return;
  if (f->rt == 2 && code != f->start)
    return;
  if (f->rt == 1 && !current)
    return;
  uint8_t h[4] = { code >> 8, code, (version << 2) | (current ? 1 : 0), n };
  if (code == 0x0001 || code == 0x0002 || code == 0x0003 || code == 0x001d
      || code == 0x0107 || code == 0x0108)
    h[2] |= 2;  /* persistent */
  g_byte_array_append (f->a, h, 4);
  if (n > 0)
    g_byte_array_append (f->a, body, n);
}

static const int all_profiles[] = { 0x43, 0x41, 0x40, 0x2b, 0x1b, 0x1a, 0x15, 0x14, 0x13,
                                    0x12, 0x11, 0x10, 0x0a, 0x09, 0x08 };

int
vd_cmd_get_configuration (VdCmd *c)
{
  const VdState *st = c->st;
  gboolean r = vd_ready (st);
  int p = r ? st->profile : 0;
  gboolean cd = r && vd_medium_is_cd (st), bd = r && vd_medium_is_bd (st);
  gboolean dvd = r && !cd && !bd;
  Features f = { g_byte_array_new (), c->cdb[1] & 3, get_be16 (c->cdb + 2) };
  uint8_t b[64];

  if (f.rt == 3)
    {
      g_byte_array_unref (f.a);
      return vd_check (c, 0x05, 0x24, 0x00);
    }
  uint8_t hdr[8] = { 0 };
  put_be16 (hdr + 6, p);
  g_byte_array_append (f.a, hdr, 8);

  memset (b, 0, sizeof b);
  for (guint i = 0; i < G_N_ELEMENTS (all_profiles); i++)
    {
      put_be16 (b + 4 * i, all_profiles[i]);
      b[4 * i + 2] = all_profiles[i] == p ? 1 : 0;
    }
  feature (&f, 0x0000, TRUE, 0, b, 4 * G_N_ELEMENTS (all_profiles));
  memset (b, 0, sizeof b);
  put_be32 (b, 2);  /* ATAPI */
  b[4] = 1;         /* DBE */
  feature (&f, 0x0001, TRUE, 2, b, 8);
  memset (b, 0, sizeof b);
  b[0] = 0x02;      /* OCEvent */
  feature (&f, 0x0002, TRUE, 1, b, 4);
  b[0] = 0x29;      /* tray, eject, lock */
  feature (&f, 0x0003, TRUE, 0, b, 4);
  memset (b, 0, sizeof b);
  put_be32 (b, VD_BLOCK);
  put_be16 (b + 4, cd ? 1 : bd ? 32 : 16);
  feature (&f, 0x0010, r && vd_state_readable_end (st) > 0, 0, b, 8);
  feature (&f, 0x001d, cd, 0, NULL, 0);
  memset (b, 0, sizeof b);
  feature (&f, 0x001e, cd, 2, b, 4);
  b[0] = 1;  /* MULTI110 */
  feature (&f, 0x001f, dvd, 1, b, 4);
  memset (b, 0, sizeof b);
  gboolean rand_w = r && (p == 0x12 || p == 0x43) && st->formatted;
  put_be32 (b, rand_w ? st->formatted_size - 1 : 0);
  put_be32 (b + 4, VD_BLOCK);
  put_be16 (b + 8, bd ? 32 : 16);
  feature (&f, 0x0020, rand_w, 0, b, 12);
  /* Incremental streaming: CD (link size 7) and DVD-R[W] (16). */
  memset (b, 0, sizeof b);
  put_be16 (b, cd ? 0x0101 : 0x0001);
  b[2] = 1;
  b[3] = 1;
  b[4] = cd ? 7 : 16;
  feature (&f, 0x0021, r && (cd || p == 0x11 || p == 0x15 || p == 0x14) && vd_state_incremental_ok (st),
           1, b, 8);
  memset (b, 0, sizeof b);
  if (bd)
    b[0] = 0x0f;  /* Cert, QCert, Expand, RENoSA */
  feature (&f, 0x0023, r && (p == 0x1a || p == 0x14 || p == 0x13 || p == 0x12 || p == 0x43),
           1, b, 8);
  b[0] = 0x80;    /* SSA */
  feature (&f, 0x0024, r && (p == 0x12 || p == 0x43), 1, b, 4);
  memset (b, 0, sizeof b);
  feature (&f, 0x0026, p == 0x13, 0, b, 4);
  b[0] = 1;       /* write */
  feature (&f, 0x002a, p == 0x1a, 1, b, 4);
  feature (&f, 0x002b, p == 0x1b || p == 0x2b, 0, b, 4);
  b[0] = 0x0f;    /* DSDG, DSDR, Intermediate, Blank */
  feature (&f, 0x002c, p == 0x13, 0, b, 4);
  memset (b, 0, sizeof b);
  b[0] = 0x46;    /* BUF, test write, CD-RW */
  put_be16 (b + 2, 0x0101);  /* mode 1 and mode 2 form 1 blocks */
  feature (&f, 0x002d, cd, 2, b, 4);
  memset (b, 0, sizeof b);
  b[0] = 0x46;    /* BUF, test write, DVD-RW */
  feature (&f, 0x002f, p == 0x11 || p == 0x15 || p == 0x14, 1, b, 4);
  memset (b, 0, sizeof b);
  b[4] = 0x0e;    /* BD-RE/BD-R/BD-ROM class 0 versions */
  b[12] = 0x0e;
  feature (&f, 0x0040, bd, 1, b, 28);
  feature (&f, 0x0041, bd, 1, b, 20);
  memset (b, 0, sizeof b);
  feature (&f, 0x0100, TRUE, 0, NULL, 0);
  b[0] = 0x1f;    /* RBCB, SCS, MP2A, WSPD, SW */
  feature (&f, 0x0107, TRUE, 3, b, 4);
  memset (b, 0, sizeof b);
  memcpy (b, "CEDAR-VDRIVE", 12);
  feature (&f, 0x0108, TRUE, 0, b, 12);

  put_be32 (f.a->data, f.a->len - 4);
  int ret = vd_reply (c, f.a->data, f.a->len, get_be16 (c->cdb + 7));
  g_byte_array_unref (f.a);
  return ret;
}

/* ---- MODE SENSE / MODE SELECT (10) ---- */

static void
page_2a (const VdState *st, GByteArray *a)
{
  uint8_t p[44] = { 0 };
  uint32_t speed = vd_write_speed_kbs (st);

  p[0] = 0x2a;
  p[1] = sizeof p - 2;
  p[2] = 0x3f;   /* reads CD-R, CD-RW, method 2, DVD-ROM, DVD-R, DVD-RAM */
  p[3] = 0x37;   /* writes CD-R, CD-RW, test, DVD-R, DVD-RAM */
  p[4] = 0x71;   /* multi-session, mode 2 form 1/2, audio play */
  p[5] = 0x03;
  p[6] = 0x29;   /* tray, eject, lock */
  put_be16 (p + 8, speed * 2);
  put_be16 (p + 12, 2048);
  put_be16 (p + 14, speed * 2);
  put_be16 (p + 18, speed);
  put_be16 (p + 20, speed);
  put_be16 (p + 28, speed);
  put_be16 (p + 30, 3);
  for (int i = 0; i < 3; i++)
    put_be16 (p + 32 + 4 * i + 2, speed >> i);
  g_byte_array_append (a, p, sizeof p);
}

int
vd_cmd_mode_sense (VdCmd *c)
{
  const VdState *st = c->st;
  int page = c->cdb[2] & 0x3f;
  int pc = c->cdb[2] >> 6;
  g_autoptr (GByteArray) a = g_byte_array_new ();
  uint8_t h[8] = { 0 };

  g_byte_array_append (a, h, 8);
  if (page == 0x01 || page == 0x3f)
    {
      uint8_t p[12] = { 0x01, 0x0a, 0x80 };
      g_byte_array_append (a, p, sizeof p);
    }
  if (page == 0x05 || page == 0x3f)
    {
      uint8_t p[52];
      memcpy (p, st->page05, sizeof p);
      if (pc == 1)
        memset (p + 2, 0xff, sizeof p - 2);  /* changeable: all */
      g_byte_array_append (a, p, sizeof p);
    }
  if (page == 0x2a || page == 0x3f)
    page_2a (st, a);
  if (a->len == 8)
    return vd_check (c, 0x05, 0x24, 0x00);
  put_be16 (a->data, a->len - 2);
  return vd_reply (c, a->data, a->len, get_be16 (c->cdb + 7));
}

/* Write types the drive takes on the current medium (TAO only on CD). */
static gboolean
write_type_ok (const VdState *st, int wt)
{
  if (!st->present || vd_medium_is_cd (st))
    return wt == 1 || wt == 2;
  if (st->profile == 0x11 || st->profile == 0x15 || st->profile == 0x14)
    return wt == 2 || (wt == 0 && vd_state_incremental_ok (st));
  return wt <= 2;
}

int
vd_cmd_mode_select (VdCmd *c)
{
  VdState *st = c->st;

  if (c->dir != VD_DIR_OUT || c->len < 8)
    return vd_check (c, 0x05, 0x24, 0x00);
  size_t len = MIN (c->len, get_be16 (c->cdb + 7));
  size_t off = 8 + get_be16 (c->buf + 6);
  while (off + 2 <= len)
    {
      const uint8_t *p = c->buf + off;
      size_t plen = p[1] + 2;
      if (off + plen > len)
        return vd_check (c, 0x05, 0x26, 0x00);
      if ((p[0] & 0x3f) == 0x05)
        {
          if (!write_type_ok (st, p[2] & 0x0f))
            return vd_check (c, 0x05, 0x26, 0x00);
          memset (st->page05 + 2, 0, sizeof st->page05 - 2);
          memcpy (st->page05 + 2, p + 2, MIN (plen, sizeof st->page05) - 2);
        }
      off += plen;
    }
  return GOOD;
}

/* ---- GET PERFORMANCE ---- */

int
vd_cmd_get_performance (VdCmd *c)
{
  const VdState *st = c->st;
  int type = c->cdb[10];
  uint32_t speed = vd_write_speed_kbs (st);
  uint32_t end = st->present ? st->capacity - 1 : 0;
  uint8_t r[8 + 16 * 3] = { 0 };
  size_t len = 8;

  if (type == 0x00)
    {
      r[4] = (c->cdb[1] & 0x04) ? 2 : 0;
      uint32_t sp = (c->cdb[1] & 0x04) ? speed : speed * 2;
      put_be32 (r + 8, 0);
      put_be32 (r + 12, sp);
      put_be32 (r + 16, end);
      put_be32 (r + 20, sp);
      len += 16;
    }
  else if (type == 0x03)
    {
      for (int i = 0; i < 3; i++, len += 16)
        {
          uint8_t *d = r + 8 + 16 * i;
          d[0] = 0;
          put_be32 (d + 4, end);
          put_be32 (d + 8, speed * 2);
          put_be32 (d + 12, speed >> i);
        }
    }
  else
    return vd_check (c, 0x05, 0x24, 0x00);
  put_be32 (r, len - 4);
  return vd_reply (c, r, len, get_be16 (c->cdb + 8) * 16 + 8);
}

