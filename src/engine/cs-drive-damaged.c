/* cs-drive-damaged.c – damaged tracks and incomplete sessions on write-once media
 *
 * An interrupted write on sequential media (a cancel, a write error, a crash or a power cut)
 * leaves either an open track, which the drive reports as damaged after the next medium
 * change (READ TRACK INFORMATION Damage=1, NWA_V=0; MMC-5 6.27.3.7), or — when libburn closed
 * the session itself — a closed session that holds only part of its ISO image. Nothing can
 * be appended after a damaged track until it is closed (libburn.h,
 * burn_disc_close_damaged()); an incomplete session must not be imported (its tree points at
 * blocks that were never written). shared/docs/real-drives.md findings 5 and 10.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cs-advice.h"
#include "cs-drive-damaged.h"
#include "cs-drive-private.h"
#include "cs-error.h"

/* Profiles burn_disc_close_damaged() handles (libburn.h): CD-R, CD-RW, DVD-R, DVD-RW
 * sequential, DVD+R, DVD+R DL, BD-R sequential. */
static gboolean
profile_can_close (int profile)
{
  return profile == 0x09 || profile == 0x0a || profile == 0x11 || profile == 0x14
         || profile == 0x1b || profile == 0x2b || profile == 0x41;
}

/* Where the damaged upcoming track starts, or -1. libburn fills the address from READ TRACK
 * INFORMATION before it looks at the damage bit, so it is known even though the call
 * fails (mmc.c, mmc_get_nwa()). */
static int
damaged_track_start (CsDrive *self)
{
  int lba = -1, nwa = -1;

  if (self->drive == NULL)
    return -1;
  burn_disc_track_lba_nwa (self->drive, NULL, 0, &lba, &nwa);
  cs_drive_drain_messages (NULL, NULL, NULL);
  return lba;
}

static char *
describe_damaged_track (CsDrive *self)
{
  int start = damaged_track_start (self);

  if (start >= 0)
    return g_strdup_printf (_("the track that starts at block %d"), start);
  return g_strdup (_("its last track"));
}

/**
 * cs_drive_check_not_damaged:
 * @self: a grabbed drive
 * @error: CS_ERROR_MEDIUM (exit status 4) when the next track is damaged
 *
 * A store onto a disc whose next track is damaged would fail at the first WRITE
 * (05/21/02), after the image was built: refuse before, naming the device, the track and
 * the command that closes it. Nothing is written.
 *
 * Returns: %TRUE when the disc has no damaged track
 */
gboolean
cs_drive_check_not_damaged (CsDrive  *self,
                            GError  **error)
{
  g_autofree char *track = NULL;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);

  if (!self->medium.damaged)
    return TRUE;

  track = describe_damaged_track (self);
  g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
               cs_advice_pick (_("The disc in %s ends with a damaged track (%s, left open by an "
                                 "interrupted write); nothing can be appended to it until that "
                                 "track is closed, so nothing was written. Close it with: "
                                 "cedar-store --headless --close-damaged --device %s"),
                               /* Translators: the window's wording; "%.0s" (the device
                                * again) prints nothing and must stay; “Close Damaged Track”
                                * is the window's button */
                               _("The disc in %s ends with a damaged track (%s, left open by an "
                                 "interrupted write); nothing can be appended to it until that "
                                 "track is closed, so nothing was written. Close it with "
                                 "“Close Damaged Track”%.0s.")),
               self->address, track, self->address);
  return FALSE;
}

/**
 * cs_drive_close_damaged:
 * @drive: (inout): a grabbed drive; on success replaced by the drive grabbed again
 * @error: CS_ERROR_MEDIUM (exit status 4) when there is no damaged track or the medium type
 *   cannot close one; CS_ERROR_WRITE (5) when the drive refused to close it
 *
 * Closes the damaged track and its session with burn_disc_close_damaged(), with the write
 * options libburn.h asks for: TAO, simulation off, and multi-session on so that the disc
 * stays appendable where the medium allows. Then, as libburn.h advises, the drive is
 * released and grabbed again to learn the medium's new state.
 *
 * Returns: %TRUE when the track was closed and the drive no longer reports damage
 */
gboolean
cs_drive_close_damaged (CsDrive **drive,
                        GError  **error)
{
  CsDrive *self;
  g_autofree char *last_error = NULL;
  g_autofree char *address = NULL;
  g_autofree char *track = NULL;
  g_autofree char *text = NULL;
  struct burn_write_opts *opts;
  CsLogFunc log_func;
  gpointer log_data;
  int ret;

  g_return_val_if_fail (drive != NULL && CS_IS_DRIVE (*drive), FALSE);

  self = *drive;
  if (self->medium.image_file || self->medium.overwritable)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("%s holds a %s, which has no tracks to close (only write-once discs can "
                     "have a damaged track); nothing to close, nothing was written"),
                   self->address, self->medium.profile_name ? self->medium.profile_name : "?");
      return FALSE;
    }
  if (!self->medium.damaged)
    {
      g_autofree char *words = cs_medium_describe (&self->medium);

      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("The disc in %s (%s) has no damaged track: nothing to close, nothing was "
                     "written"), self->address, words);
      return FALSE;
    }
  if (!profile_can_close (self->medium.profile))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("The disc in %s has a damaged track, but libburn cannot close one on a %s; "
                     "nothing was written. Store on a new disc"),
                   self->address, self->medium.profile_name ? self->medium.profile_name : "?");
      return FALSE;
    }

  track = describe_damaged_track (self);
  cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO,
          _("Closing the damaged track on %s (%s)"), self->address, track);

  opts = burn_write_opts_new (self->drive);
  burn_write_opts_set_write_type (opts, BURN_WRITE_TAO, BURN_BLOCK_MODE1);
  burn_write_opts_set_simulate (opts, 0);
  /* Always on: DVD+R, BD-R and a CD or DVD-R session closed without it finalize the disc
   * (write.c, burn_disc_close_track_dvd_plus_r(), burn_write_close_session()); every
   * profile that can close a damaged track can take further sessions. */
  burn_write_opts_set_multi (opts, 1);
  self->wrote = TRUE;
  /* A CD whose TOC libburn could not read was never asked for its next track, and an open
   * track is not damaged in the drive's eyes: libburn has not seen damage itself, so the
   * close is forced (bit 0, libburn.h). */
  ret = burn_disc_close_damaged (opts, self->medium.state == CS_MEDIUM_UNSUITABLE
                                       || self->medium.open_track ? 1 : 0);
  burn_write_opts_free (opts);
  cs_drive_drain_messages (self->log_func, self->log_data, &last_error);
  if (ret <= 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE,
                   _("Closing the damaged track on %s failed: %s. Store on a new disc"),
                   self->address, last_error ? last_error : _("no details from libburn"));
      return FALSE;
    }

  /* libburn.h: give up the drive and grab it again to learn the medium's new state. */
  address = g_strdup (self->address);
  log_func = self->log_func;
  log_data = self->log_data;
  cs_drive_release (self, FALSE);
  g_clear_object (drive);
  if ((*drive = cs_drive_open (address, log_func, log_data, error)) == NULL)
    return FALSE;
  if ((*drive)->medium.damaged)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE,
                   _("The drive %s still reports a damaged track after closing it; store on a "
                     "new disc"), address);
      return FALSE;
    }
  text = cs_medium_describe (&(*drive)->medium);
  cs_log (log_func, log_data, G_LOG_LEVEL_INFO, _("Closed the damaged track on %s; the disc is "
                                                  "now: %s"), address, text);
  return TRUE;
}

/* The blocks of a session's tracks, from libburn's table of contents. */
static gboolean
session_extent (struct burn_session *session,
                int                 *start,
                int                 *blocks)
{
  struct burn_track **tracks;
  int n = 0;

  tracks = burn_session_get_tracks (session, &n);
  if (tracks == NULL || n <= 0)
    return FALSE;
  *blocks = 0;
  for (int i = 0; i < n; i++)
    {
      struct burn_toc_entry entry;

      memset (&entry, 0, sizeof entry);
      burn_track_get_entry (tracks[i], &entry);
      if (!(entry.extensions_valid & 1))
        return FALSE;
      if (i == 0)
        *start = entry.start_lba;
      *blocks += entry.track_blocks;
    }
  return TRUE;
}

#define SB_TAG      "libisofs_sb_checksum_tag_v1 "
#define SESSION_TAG "libisofs_checksum_tag_v1 "

/* Whether the session at @start holds its whole ISO image of @size blocks in @blocks
 * blocks of tracks. The sizes alone do not tell when the drive closed a reserved track
 * that was never filled (DVD+R, BD-R, CD after a cancelled first session: the track keeps
 * its reserved size). libisofs, which Cedar Store writes with, puts a superblock checksum
 * tag after the volume descriptors and the session tag in the image's last block
 * (libisofs.h, iso_write_opts_set_record_md5()): with the first, the second must be
 * there. Images without tags (other programs) are judged by their size only. */
static gboolean
session_is_complete (CsDrive *self,
                     int      start,
                     int      blocks,
                     guint32  size)
{
  g_autofree guint8 *head = NULL;
  guint8 last[2048];
  gboolean tagged = FALSE;

  if (size == 0 || size > (guint32)blocks)
    return FALSE;
  head = g_malloc (16 * 2048);
  if (!cs_drive_read (self, ((guint64)start + 17) * 2048, head, 16 * 2048, NULL))
    return TRUE;
  for (guint i = 0; i < 16 && !tagged; i++)
    tagged = memcmp (head + i * 2048, SB_TAG, strlen (SB_TAG)) == 0;
  if (!tagged)
    return TRUE;
  return cs_drive_read (self, ((guint64)start + size - 1) * 2048, last, sizeof last, NULL)
         && memcmp (last, SESSION_TAG, strlen (SESSION_TAG)) == 0;
}

/**
 * _cs_drive_skip_incomplete_sessions:
 *
 * On a sequential disc with a known next writable address, checks that the newest session
 * holds its whole ISO image (session_is_complete()). One that does not was interrupted and
 * then closed by libburn (CD and DVD-R close the session after a failed or cancelled write:
 * write.c) or by cs_drive_close_damaged(): its tree names blocks that were never written.
 * When an older complete session exists, that is the one to import (msc1, label) and the
 * disc is appendable again: the new session goes after all of them. When none does, the
 * disc cannot be appended to (state FOREIGN with a problem).
 */
void
_cs_drive_skip_incomplete_sessions (CsDrive *self)
{
  CsMedium *m = &self->medium;
  struct burn_disc *disc;
  struct burn_session **sessions;
  int n = 0, skipped = 0;
  gboolean found = FALSE;

  if (m->overwritable || m->image_file || m->damaged || m->nwa == 0
      || (m->state != CS_MEDIUM_APPENDABLE && m->state != CS_MEDIUM_FOREIGN))
    return;
  disc = burn_drive_get_disc (self->drive);
  if (disc == NULL)
    return;
  sessions = burn_disc_get_sessions (disc, &n);
  for (int i = n - 1; sessions != NULL && i >= 0 && !found; i--)
    {
      guint8 block[2048];
      int start = 0, blocks = 0;
      guint32 size;

      if (!session_extent (sessions[i], &start, &blocks)
          || !cs_drive_read (self, ((guint64)start + 16) * 2048, block, sizeof block, NULL)
          || !_cs_drive_is_pvd (block))
        break;
      size = _cs_le32 (block + 80);
      if (!session_is_complete (self, start, blocks, size))
        {
          cs_log (self->log_func, self->log_data, G_LOG_LEVEL_DEBUG,
                  "Session %d at block %d (%d blocks) does not hold its whole %u-block image",
                  i + 1, start, blocks, size);
          skipped++;
          continue;
        }
      found = TRUE;
      if (skipped > 0)
        {
          g_free (m->label);
          m->label = _cs_drive_pvd_volume_id (block);
          g_clear_pointer (&m->problem, g_free);
          m->msc1 = start;
          m->state = CS_MEDIUM_APPENDABLE;
          cs_log (self->log_func, self->log_data, G_LOG_LEVEL_WARNING,
                  _("The disc in %s ends with %d incomplete session(s) (interrupted "
                    "writes); their files are not carried over. Appending after them, with "
                    "the files of session %d (block %d)"),
                  self->address, skipped, i + 1, start);
        }
    }
  if (!found && skipped > 0 && skipped == n)
    {
      m->state = CS_MEDIUM_FOREIGN;
      g_free (m->problem);
      m->problem = g_strdup (_("it holds only incomplete sessions (interrupted writes), so "
                               "there is nothing to append to"));
    }
  burn_disc_free (disc);
}

/**
 * _cs_drive_interrupted_note:
 *
 * What an interrupted (cancelled or failed) write leaves on this drive's write-once medium,
 * for the error message; NULL on media that keep their earlier state (overwritable media
 * and image files: the head at LBA 0 is written last). libburn 1.5.4 closes the session
 * itself on CD (TAO) and DVD-R/-RW (write.c, burn_write_session() and
 * burn_dvd_write_session()); on DVD+R and BD-R it leaves the track open, and the drive
 * reports it damaged after the next medium change (checked on tests/vdrive).
 */
char *
_cs_drive_interrupted_note (CsDrive *self)
{
  const CsMedium *m = &self->medium;

  if (m->overwritable || m->image_file)
    return NULL;
  switch (m->profile)
    {
    case 0x09: case 0x0a: case 0x11: case 0x14: case 0x15:
      if (m->state == CS_MEDIUM_APPENDABLE)
        return g_strdup (m->erasable
                         ? _("libburn closed the interrupted session, so the disc now ends with "
                             "an incomplete session; the next store appends after it with the "
                             "files of the earlier sessions")
                         : _("libburn closed the interrupted session, so the disc now ends with "
                             "an incomplete session (write-once media cannot take it back); the "
                             "next store appends after it with the files of the earlier "
                             "sessions"));
      return g_strdup (m->erasable
                       ? cs_advice_pick (_("libburn closed the interrupted session, so the disc "
                                           "now holds only an incomplete session; store with "
                                           "--full to blank it and start over"),
                                         _("libburn closed the interrupted session, so the disc "
                                           "now holds only an incomplete session; insert another "
                                           "disc, or blank this one before the next store"))
                       : _("libburn closed the interrupted session, so the disc now holds only "
                           "an incomplete session; insert a blank disc for the next store"));
    default:
      return g_strdup_printf (cs_advice_pick (_("the disc may now end with a damaged track "
                                                "(write-once media cannot take it back); nothing "
                                                "can be appended until it is closed: cedar-store "
                                                "--headless --close-damaged --device %s"),
                                              /* Translators: the window's wording; "%.0s"
                                               * (the device) prints nothing and must stay */
                                              _("the disc may now end with a damaged track "
                                                "(write-once media cannot take it back); nothing "
                                                "can be appended until it is closed with “Close "
                                                "Damaged Track”%.0s")),
                              self->address);
    }
}
