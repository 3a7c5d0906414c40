/* vdrive-mmc-private.h - shared between the MMC command handlers */
#pragma once

#include "vdrive.h"

/* One command in flight. */
typedef struct
{
  VdDrive *d;
  VdState *st;
  const uint8_t *cdb;
  int cdb_len;
  int dir;
  uint8_t *buf;
  size_t len;
  size_t xfer;
  uint8_t *sense;
} VdCmd;

#define GOOD 0
#define CHECK_CONDITION 2

int vd_check (VdCmd *c, int key, int asc, int ascq);
int vd_reply (VdCmd *c, const uint8_t *data, size_t n, size_t alloc);
gboolean vd_ready (const VdState *st);

static inline uint32_t
get_be16 (const uint8_t *p)
{
  return (p[0] << 8) | p[1];
}

static inline uint32_t
get_be24 (const uint8_t *p)
{
  return (p[0] << 16) | (p[1] << 8) | p[2];
}

static inline uint32_t
get_be32 (const uint8_t *p)
{
  return ((uint32_t) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
}

static inline void
put_be16 (uint8_t *p, uint32_t v)
{
  p[0] = v >> 8;
  p[1] = v;
}

static inline void
put_be24 (uint8_t *p, uint32_t v)
{
  p[0] = v >> 16;
  p[1] = v >> 8;
  p[2] = v;
}

static inline void
put_be32 (uint8_t *p, uint32_t v)
{
  p[0] = v >> 24;
  p[1] = v >> 16;
  p[2] = v >> 8;
  p[3] = v;
}

/* CD addresses as minute/second/frame, with the 150-block offset. */
static inline void
put_msf (uint8_t *p, int32_t lba)
{
  int32_t x = lba + 150;
  if (x < 0)
    x += 450000;
  p[0] = x / 4500;
  p[1] = (x / 75) % 60;
  p[2] = x % 75;
}

/* vdrive-mmc-busy.c: BLANK and FORMAT UNIT that take time */
typedef struct _VdBusy VdBusy;
const VdBusy *vd_busy_running (const VdDrive *d);
void vd_busy_sense (const VdBusy *op, uint8_t sense[VD_SENSE_LEN]);
void vd_busy_start (VdCmd *c, gboolean immed, gboolean whole_medium, int ascq);

/* vdrive-mmc-info.c: commands that only report */
int vd_cmd_inquiry (VdCmd *c);
int vd_cmd_get_configuration (VdCmd *c);
int vd_cmd_read_disc_info (VdCmd *c);
int vd_cmd_read_track_info (VdCmd *c);
int vd_cmd_read_toc (VdCmd *c);
int vd_cmd_read_capacity (VdCmd *c);
int vd_cmd_read_format_capacities (VdCmd *c);
int vd_cmd_mode_sense (VdCmd *c);
int vd_cmd_mode_select (VdCmd *c);
int vd_cmd_get_performance (VdCmd *c);
int vd_cmd_event_status (VdCmd *c);
int vd_cmd_read_disc_structure (VdCmd *c);
int vd_cmd_read_buffer_capacity (VdCmd *c);
int vd_disc_status (const VdState *st);
uint32_t vd_write_speed_kbs (const VdState *st);
