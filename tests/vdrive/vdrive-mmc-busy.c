/* vdrive-mmc-busy.c - BLANK and FORMAT UNIT that take time (CS_VDRIVE_SPEED=1)
 *
 * A BLANK or FORMAT UNIT takes as long as on a real drive. With IMMED the command returns
 * at once and the drive works on (MMC-6 6.2, 6.5): TEST UNIT READY and the other media
 * commands answer NOT READY, 02/04/07 "operation in progress" (BLANK) or 02/04/04 "format
 * in progress", and REQUEST SENSE returns that sense with GOOD status; the sense carries
 * the progress indication (SPC-4 4.5.2.4.4: SKSV, bytes 16-17 = done/65536), which libburn
 * polls once a second (spc_get_erase_progress). Without IMMED the command itself takes the
 * time. The medium changes at once; only this process knows the drive is busy (libburn
 * polls from the process that started it). CS_VDRIVE_BLANK_SECONDS=N makes every such
 * operation take N seconds (tests), instead of a minimal blank or quick format taking
 * VD_QUICK_SECONDS and a full one the time to record the whole medium.
 */
#include "vdrive-mmc-private.h"

#include <stdlib.h>
#include <string.h>

#define VD_QUICK_SECONDS 30

struct _VdBusy
{
  char *dir;      /* DIR/srN of the drive */
  gint64 start;   /* monotonic µs */
  gint64 end;
  int ascq;       /* 0x04 format, 0x07 other operation */
};

static VdBusy busy_ops[VD_MAX_DRIVES];

static VdBusy *
busy_find (const VdDrive *d, gboolean create)
{
  VdBusy *free_slot = NULL;

  for (int i = 0; i < VD_MAX_DRIVES; i++)
    {
      if (busy_ops[i].dir != NULL && strcmp (busy_ops[i].dir, d->dir) == 0)
        return &busy_ops[i];
      if (busy_ops[i].dir == NULL && free_slot == NULL)
        free_slot = &busy_ops[i];
    }
  if (create && free_slot != NULL)
    {
      free_slot->dir = g_strdup (d->dir);
      return free_slot;
    }
  return NULL;
}

/* The operation still running on @d, or NULL; an ended one is forgotten. */
const VdBusy *
vd_busy_running (const VdDrive *d)
{
  VdBusy *op = busy_find (d, FALSE);

  if (op == NULL)
    return NULL;
  if (g_get_monotonic_time () < op->end)
    return op;
  g_clear_pointer (&op->dir, g_free);
  return NULL;
}

/* NOT READY, operation in progress, with the progress indication. */
void
vd_busy_sense (const VdBusy *op, uint8_t sense[VD_SENSE_LEN])
{
  gint64 now = g_get_monotonic_time ();
  uint32_t done = (uint32_t) ((now - op->start) * 65536 / MAX (op->end - op->start, 1));

  vd_sense_fill (sense, 0x02, 0x04, op->ascq);
  sense[15] = 0x80;  /* SKSV */
  put_be16 (sense + 16, MIN (done, 0xffff));
}

/* Under CS_VDRIVE_SPEED=1: the operation's time, in the background (IMMED) or within the
 * command. @whole_medium: it records the whole medium (full blank or format). */
void
vd_busy_start (VdCmd *c, gboolean immed, gboolean whole_medium, int ascq)
{
  const char *speed = getenv ("CS_VDRIVE_SPEED");
  const char *e = getenv ("CS_VDRIVE_BLANK_SECONDS");
  gint64 usec;
  VdBusy *op;

  if (speed == NULL || atoi (speed) <= 0)
    return;
  if (e != NULL && atof (e) > 0)
    usec = (gint64) (atof (e) * G_USEC_PER_SEC);
  else if (whole_medium)
    usec = (gint64) c->st->capacity * VD_BLOCK * 1000 / vd_write_speed_kbs (c->st);
  else
    usec = VD_QUICK_SECONDS * G_USEC_PER_SEC;
  if (!immed)
    {
      g_usleep ((gulong) usec);
      return;
    }
  if ((op = busy_find (c->d, TRUE)) == NULL)
    return;
  op->start = g_get_monotonic_time ();
  op->end = op->start + usec;
  op->ascq = ascq;
}
