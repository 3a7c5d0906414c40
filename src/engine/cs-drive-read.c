/* cs-drive-read.c – reading a grabbed drive: single reads, the tile-cached IsoDataSource
 * that libisofs imports and verifies through, and the end of the newest session
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "cs-drive-private.h"
#include "cs-error.h"

#define TILE_BLOCKS 32
#define BAD_TILES   4
#define NO_TILE     G_MAXUINT32

/* burn_read_data() flags (libburn.h): bit1 no error message, bit2 no second pass in single
 * blocks after a failed read, bit3 -2 on permission denied. */
#define READ_QUIET    2
#define READ_NO_RETRY 4
#define READ_EACCES   8

/**
 * cs_drive_read:
 * @offset: byte offset on the medium, a multiple of 2048
 * @buffer: (out caller-allocates): @length bytes
 * @length: bytes to read
 *
 * Reads through libburn (never through the kernel's block device, whose view may be stale:
 * real-drives.md, finding 1). A read of one block is tried once: libburn's second pass in
 * single blocks would only repeat it (real-drives.md, finding 9).
 *
 * Returns: FALSE with a %CS_ERROR_VERIFY error naming the device and offset
 */
gboolean
cs_drive_read (CsDrive  *self,
               guint64   offset,
               void     *buffer,
               gsize     length,
               GError  **error)
{
  off_t count = 0;
  int ret;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);

  ret = burn_read_data (self->drive, (off_t)offset, buffer, (off_t)length, &count,
                        READ_QUIET | READ_EACCES | (length <= 2048 ? READ_NO_RETRY : 0));
  if (ret <= 0 || (gsize)count < length)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                   _("Cannot read %zu bytes at offset %" PRIu64 " of %s"),
                   (size_t) length, (uint64_t) offset, self->address);
      return FALSE;
    }
  return TRUE;
}

/**
 * _cs_drive_last_session_end:
 *
 * Sequential media: the block after the last track of the newest session as the table of
 * contents gives it (start + size; on CD the size counts the two run-out blocks of a TAO
 * track, as drives report it: libburn structure.c, burn_disc_cd_toc_extensions). An ISO
 * image that claims to reach beyond it was cut short, e.g. by a write error after which
 * libburn closed the session.
 *
 * Returns: the block, or the next writable address (#CsMedium.nwa) when the table of
 *   contents does not tell
 */
guint32
_cs_drive_last_session_end (CsDrive *self)
{
  struct burn_disc *disc;
  struct burn_session **sessions;
  struct burn_track **tracks;
  struct burn_toc_entry entry;
  int n_sessions = 0, n_tracks = 0;
  guint32 end = 0;

  g_return_val_if_fail (CS_IS_DRIVE (self), 0);

  disc = burn_drive_get_disc (self->drive);
  if (disc == NULL)
    return self->medium.nwa;
  sessions = burn_disc_get_sessions (disc, &n_sessions);
  if (sessions != NULL && n_sessions > 0)
    {
      tracks = burn_session_get_tracks (sessions[n_sessions - 1], &n_tracks);
      if (tracks != NULL && n_tracks > 0)
        {
          memset (&entry, 0, sizeof entry);
          burn_track_get_entry (tracks[n_tracks - 1], &entry);
          if ((entry.extensions_valid & 1) && entry.start_lba >= 0 && entry.track_blocks > 0)
            end = (guint32) entry.start_lba + (guint32) entry.track_blocks;
        }
    }
  burn_disc_free (disc);
  return end > 0 ? end : self->medium.nwa;
}

/* A tile whose 32-block read failed: its blocks are then read one by one, each once, and
 * remembered good (with the data) or bad. */
typedef enum
{
  BLOCK_UNTRIED,
  BLOCK_GOOD,
  BLOCK_BAD,
} BlockState;

typedef struct
{
  guint32 lba;                          /* first block, or NO_TILE */
  guint8  state[TILE_BLOCKS];           /* BlockState */
  guint8  data[TILE_BLOCKS * 2048];
} BadTile;

typedef struct
{
  CsDrive *drive;
  guint32  tile_lba;                    /* first block of the good tile, or NO_TILE */
  guint8   tile[TILE_BLOCKS * 2048];
  BadTile  bad[BAD_TILES];              /* the last few failed tiles */
  guint    next_bad;
} TileSource;

static int
tile_open (IsoDataSource *src)
{
  return 1;
}

static int
tile_close (IsoDataSource *src)
{
  return 1;
}

static BadTile *
find_bad_tile (TileSource *ts,
               guint32     start)
{
  for (guint i = 0; i < BAD_TILES; i++)
    if (ts->bad[i].lba == start)
      return &ts->bad[i];
  return NULL;
}

/* Reads through a 32-block tile cache, as libisoburn does; must return real libisofs error
 * codes (libburnia.md §7.2). Near the end of a CD session the tile holds the two run-out
 * blocks of a TAO track, before a session that does not start on a tile boundary it holds
 * the pre-gap: neither can be read. Such a failed tile is remembered, and only the blocks
 * libisofs asks for are read, each once (real-drives.md, finding 9): a block of the image
 * is never refused because an unreadable neighbour shares its tile, and no unreadable
 * block costs more than one failed command of its own. */
static int
tile_read_block (IsoDataSource *src,
                 uint32_t       lba,
                 uint8_t       *buffer)
{
  TileSource *ts = src->data;
  off_t count = 0;
  guint32 start;
  BadTile *bt;
  guint i;

  if (buffer == NULL)
    return ISO_NULL_POINTER;

  start = lba - (lba % TILE_BLOCKS);
  if (ts->tile_lba == start)
    {
      memcpy (buffer, ts->tile + (gsize)(lba - start) * 2048, 2048);
      return 1;
    }

  bt = find_bad_tile (ts, start);
  if (bt == NULL)
    {
      if (burn_read_data (ts->drive->drive, (off_t)start * 2048, (char *)ts->tile,
                          TILE_BLOCKS * 2048, &count, READ_QUIET | READ_NO_RETRY | READ_EACCES) > 0
          && count == TILE_BLOCKS * 2048)
        {
          ts->tile_lba = start;
          memcpy (buffer, ts->tile + (gsize)(lba - start) * 2048, 2048);
          return 1;
        }
      ts->tile_lba = NO_TILE;

      bt = &ts->bad[ts->next_bad];
      ts->next_bad = (ts->next_bad + 1) % BAD_TILES;
      bt->lba = start;
      memset (bt->state, BLOCK_UNTRIED, sizeof bt->state);
      /* What libburn counted is valid (libburn.h, burn_read_data). */
      for (i = 0; i < TILE_BLOCKS && (off_t)(i + 1) * 2048 <= count; i++)
        {
          memcpy (bt->data + (gsize)i * 2048, ts->tile + (gsize)i * 2048, 2048);
          bt->state[i] = BLOCK_GOOD;
        }
    }

  i = lba - start;
  if (bt->state[i] == BLOCK_UNTRIED)
    {
      count = 0;
      bt->state[i] = burn_read_data (ts->drive->drive, (off_t)lba * 2048,
                                     (char *)bt->data + (gsize)i * 2048, 2048, &count,
                                     READ_QUIET | READ_NO_RETRY | READ_EACCES) > 0
                     && count == 2048 ? BLOCK_GOOD : BLOCK_BAD;
    }
  if (bt->state[i] == BLOCK_BAD)
    return ISO_DATA_SOURCE_MISHAP;
  memcpy (buffer, bt->data + (gsize)i * 2048, 2048);
  return 1;
}

static void
tile_free_data (IsoDataSource *src)
{
  TileSource *ts = src->data;

  g_clear_object (&ts->drive);
  g_free (ts);
}

/**
 * cs_drive_new_data_source:
 *
 * An IsoDataSource reading @self through libburn, for iso_image_import(). It keeps a
 * reference on @self.
 *
 * Returns: (transfer full): a data source with a reference count of 1; free with
 *   iso_data_source_unref()
 */
IsoDataSource *
cs_drive_new_data_source (CsDrive *self)
{
  IsoDataSource *src;
  TileSource *ts;

  g_return_val_if_fail (CS_IS_DRIVE (self), NULL);

  ts = g_new0 (TileSource, 1);
  ts->drive = g_object_ref (self);
  ts->tile_lba = NO_TILE;
  for (guint i = 0; i < BAD_TILES; i++)
    ts->bad[i].lba = NO_TILE;

  src = calloc (1, sizeof *src);
  src->version = 0;
  src->refcount = 1;
  src->open = tile_open;
  src->close = tile_close;
  src->read_block = tile_read_block;
  src->free_data = tile_free_data;
  src->data = ts;
  return src;
}
