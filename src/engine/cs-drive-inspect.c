/* cs-drive-inspect.c – what is on the medium: blank, appendable (where, how many
 * sessions, which label), closed, foreign, unreadable; read once after grabbing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>

#include "cs-drive-damaged.h"
#include "cs-drive-private.h"
#include "cs-error.h"

/* A track of an incomplete session that holds data and is still open (READ TRACK
 * INFORMATION NWA_V = 1, Blank = 0; MMC-5 6.27.3): a burn was interrupted and the tray was
 * not reloaded since, so the drive does not report it as damaged (yet). Writing on would
 * continue that track after the cut image (libburn.h, burn_disc_get_incomplete_sessions). */
static gboolean
has_open_track (CsDrive *self)
{
  struct burn_disc *disc = burn_drive_get_disc (self->drive);
  struct burn_session **sessions;
  gboolean open = FALSE;
  int n = 0, incomplete;

  if (disc == NULL)
    return FALSE;
  sessions = burn_disc_get_sessions (disc, &n);
  incomplete = burn_disc_get_incomplete_sessions (disc);
  for (int i = n; sessions != NULL && i < n + incomplete && !open; i++)
    {
      int nt = 0;
      struct burn_track **tracks = burn_session_get_tracks (sessions[i], &nt);

      for (int j = 0; tracks != NULL && j < nt && !open; j++)
        {
          struct burn_toc_entry entry;

          burn_track_get_entry (tracks[j], &entry);
          open = (entry.extensions_valid & 4) && (entry.track_status_bits & (1 << 16))
                 && !(entry.track_status_bits & (1 << 14));
        }
    }
  burn_disc_free (disc);
  return open;
}

static gboolean
all_zero (const guint8 *buf,
          gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (buf[i] != 0)
      return FALSE;
  return TRUE;
}

static void
count_sessions (CsDrive *self)
{
  guint32 lba = CS_FIRST_LBA;
  guint8 block[2048];
  guint n = 0;

  /* Session superblocks chain from LBA 32 (libburnia.md §4.2); a first session written at
   * LBA 0 by another tool counts as one. */
  while (lba < self->medium.nwa && n < 10000)
    {
      guint32 size;

      if (!cs_drive_read (self, (guint64)(lba + 16) * 2048, block, sizeof block, NULL)
          || !_cs_drive_is_pvd (block))
        break;
      size = _cs_le32 (block + 80);
      if (size == 0)
        break;
      n++;
      lba = ((lba + size + 31) / 32) * 32;
    }
  self->medium.sessions = MAX (n, 1);
}

static int
format_status (CsDrive *self)
{
  int status = 0, n_formats = 0;
  off_t size = 0;
  unsigned bl_sas = 0;

  if (burn_disc_get_formats (self->drive, &status, &size, &bl_sas, &n_formats) <= 0)
    return 0;
  return status;
}

/* Overwritable media and image files look BLANK to libburn whatever they hold
 * (libburnia-verified.md "Surprises"): read the 64 KiB head and decide ourselves. */
static gboolean
inspect_overwritable (CsDrive  *self,
                      GError  **error)
{
  CsMedium *m = &self->medium;
  off_t count = 0;
  int ret;

  self->head = g_malloc0 (CS_HEAD_SIZE);
  ret = burn_read_data (self->drive, 0, (char *)self->head, CS_HEAD_SIZE, &count, 2 | 8);
  if (ret == -2)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Cannot read “%s”: permission denied"), self->address);
      return FALSE;
    }
  /* A scratch or a drive not yet settled: one more try (real-drives.md, finding 2). */
  if (ret <= 0 && ret != -2 && !m->image_file)
    ret = burn_read_data (self->drive, 0, (char *)self->head, CS_HEAD_SIZE, &count, 2 | 8);
  if (ret <= 0 || count == 0 || (!m->image_file && count < CS_HEAD_SIZE))
    {
      memset (self->head, 0, CS_HEAD_SIZE);
      /* Only an image file that is shorter than the head, or a medium with no readable
       * size, is blank; anything else that cannot be read may hold a week of backups. */
      if (m->image_file || m->free_bytes == 0 || m->unformatted
          || format_status (self) == BURN_FORMAT_IS_UNFORMATTED)
        {
          m->state = CS_MEDIUM_BLANK;
          return TRUE;
        }
      m->state = CS_MEDIUM_UNREADABLE;
      m->problem = g_strdup (_("its first 64 KiB cannot be read"));
      return TRUE;
    }

  if (_cs_drive_is_pvd (self->head + 16 * 2048))
    {
      const guint8 *pvd = self->head + 16 * 2048;
      guint32 size = _cs_le32 (pvd + 80);

      m->image_blocks = size;
      m->nwa = ((size + 31) / 32) * 32;
      m->msc1 = 0;
      m->label = _cs_drive_pvd_volume_id (pvd);
      m->state = CS_MEDIUM_APPENDABLE;

      if (m->image_file)
        {
          GStatBuf st;

          if (g_stat (self->image_path, &st) == 0 && S_ISREG (st.st_mode)
              && (guint64)st.st_size < (guint64)size * 2048)
            {
              m->state = CS_MEDIUM_FOREIGN;
              m->problem = g_strdup_printf (_("the image is truncated: it claims %" PRIu64
                                              " bytes but the file has %" PRIu64),
                                            (uint64_t)size * 2048, (uint64_t)st.st_size);
              return TRUE;
            }
        }
      count_sessions (self);
      return TRUE;
    }

  if (memcmp (self->head + 16 * 2048 + 1, "CDXX1", 5) == 0 || all_zero (self->head, CS_HEAD_SIZE))
    {
      m->state = CS_MEDIUM_BLANK;
      return TRUE;
    }

  m->state = CS_MEDIUM_FOREIGN;
  m->problem = g_strdup (_("it holds data that is not an ISO 9660 image"));
  return TRUE;
}

/* Sessions as the table of contents lists them (sequential media). */
static void
count_sequential_sessions (CsDrive *self)
{
  struct burn_disc *disc = burn_drive_get_disc (self->drive);
  int n = 0;

  if (disc != NULL)
    {
      burn_disc_get_sessions (disc, &n);
      burn_disc_free (disc);
    }
  self->medium.sessions = n > 0 ? (guint)n : 1;
}

static gboolean
inspect_sequential (CsDrive  *self,
                    GError  **error)
{
  CsMedium *m = &self->medium;
  enum burn_disc_status status = burn_disc_get_status (self->drive);

  switch (status)
    {
    case BURN_DISC_BLANK:
      m->state = CS_MEDIUM_BLANK;
      break;

    case BURN_DISC_APPENDABLE:
      {
        int msc1 = 0, lba = 0, nwa = 0;
        gboolean have_msc1, have_nwa;
        guint8 block[2048];

        m->state = CS_MEDIUM_APPENDABLE;
        /* A failed look-up is never taken for block 0 (real-drives.md, finding 5): that
         * would write at the wrong address or import the first session's tree. */
        have_msc1 = burn_disc_get_msc1 (self->drive, &msc1) > 0 && msc1 >= 0;
        have_nwa = burn_disc_track_lba_nwa (self->drive, NULL, 0, &lba, &nwa) > 0 && nwa > 0;
        /* After the NWA look-up: libburn learns the damage bit there. */
        m->damaged = (burn_disc_next_track_is_damaged (self->drive, 0) & 1) != 0;
        m->open_track = !m->damaged && has_open_track (self);
        m->damaged = m->damaged || m->open_track;
        m->msc1 = have_msc1 ? (guint32)msc1 : 0;
        m->nwa = have_nwa ? (guint32)nwa : 0;
        m->image_blocks = m->nwa;
        count_sequential_sessions (self);
        if (!have_msc1 || !have_nwa)
          {
            m->state = CS_MEDIUM_FOREIGN;
            m->problem = g_strdup (!have_msc1
                                   ? _("the drive did not tell where its last session starts")
                                   : _("the drive did not tell where the next session may go"));
          }
        else if (!cs_drive_read (self, ((guint64)m->msc1 + 16) * 2048, block, sizeof block, NULL)
                 || !_cs_drive_is_pvd (block))
          {
            m->state = CS_MEDIUM_FOREIGN;
            m->problem = g_strdup (_("its last session is not an ISO 9660 image"));
          }
        else if ((guint64)m->msc1 + _cs_le32 (block + 80) > _cs_drive_last_session_end (self))
          {
            /* libburn closes the session after a failed write: its track ends in the image. */
            m->state = CS_MEDIUM_FOREIGN;
            m->label = _cs_drive_pvd_volume_id (block);
            m->problem = g_strdup_printf (_("its last session (block %u) is incomplete: a write "
                                            "was interrupted there"), m->msc1);
          }
        else
          m->label = _cs_drive_pvd_volume_id (block);
        /* Incomplete newest sessions: import the newest complete one (cs-drive-damaged.c). */
        _cs_drive_skip_incomplete_sessions (self);
      }
      break;

    case BURN_DISC_FULL:
      m->state = CS_MEDIUM_CLOSED;
      break;

    case BURN_DISC_EMPTY:
      m->state = CS_MEDIUM_NONE;
      break;

    case BURN_DISC_UNSUITABLE:
      m->state = CS_MEDIUM_UNSUITABLE;
      /* A CD-R/RW whose only session was interrupted: its TOC cannot be read, which libburn
       * takes for unsuitable (mmc.c, mmc_read_toc(); checked on tests/vdrive). */
      m->damaged = m->profile == 0x09 || m->profile == 0x0a;
      break;

    case BURN_DISC_UNREADY:
    case BURN_DISC_UNGRABBED:
    default:
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("The medium in “%s” is not ready; wait for the drive and try again"),
                   self->address);
      return FALSE;
    }
  return TRUE;
}

/* Reads what is on the medium once the drive is grabbed (CsMedium). */
gboolean
_cs_drive_inspect_medium (CsDrive  *self,
                          GError  **error)
{
  CsMedium *m = &self->medium;
  struct burn_multi_caps *caps = NULL;
  char name[80] = "";
  int profile = 0;
  off_t avail;

  for (guint i = 0; i < 600 && burn_disc_get_status (self->drive) == BURN_DISC_UNREADY; i++)
    g_usleep (100000);

  if (burn_disc_get_profile (self->drive, &profile, name) > 0)
    {
      m->profile = profile;
      m->profile_name = g_strdup (name);
    }
  m->image_file = burn_drive_get_drive_role (self->drive) == 2 && self->image_path != NULL;
  m->erasable = burn_disc_erasable (self->drive) ? TRUE : FALSE;
  /* Fresh BD-RE (0x43) and DVD-RAM (0x12) cannot be written before they are formatted;
   * xorriso and Xfburn format them on first use (libburnia.md §2.7). */
  if (profile == 0x12 || profile == 0x43)
    m->unformatted = format_status (self) == BURN_FORMAT_IS_UNFORMATTED;

  if (burn_disc_get_status (self->drive) == BURN_DISC_EMPTY)
    {
      m->state = CS_MEDIUM_NONE;
      return TRUE;
    }

  if (burn_disc_get_multi_caps (self->drive, BURN_WRITE_NONE, &caps, 0) > 0 && caps != NULL)
    m->overwritable = caps->start_adr ? TRUE : FALSE;
  burn_disc_free_multi_caps (&caps);
  if (profile == 0x14 && burn_disc_get_multi_caps (self->drive, BURN_WRITE_TAO, &caps, 0) <= 0)
    m->dao_only = TRUE;
  burn_disc_free_multi_caps (&caps);
  /* BD-RE and DVD-RAM are random-access once formatted, which happens before writing. */
  if (m->image_file || m->unformatted)
    m->overwritable = TRUE;

  avail = burn_disc_available_space (self->drive, NULL);
  m->free_bytes = avail > 0 ? (guint64)avail : 0;

  if (m->overwritable)
    return inspect_overwritable (self, error);
  return inspect_sequential (self, error);
}
