/* cs-drive-plan.c – what a medium can take, decided in one place before anything is written
 *
 * Capacity (the real remaining space, with libburn's padding), write type and multi-session
 * capability are asked here before any blank, format or invalidation, and asked again after
 * one (real-drives.md, findings 3, 4, 6 and 7).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cs-drive-plan.h"
#include "cs-drive-private.h"
#include "cs-error.h"
#include "cs-media.h"

#define CD_MIN_TRACK_BLOCKS 300   /* libburn pads shorter CD tracks (libburn.h, MMC-5 4.2.3.8) */

static gboolean
is_cd (int profile)
{
  return profile >= 0x08 && profile <= 0x0a;
}

static gboolean
is_bd (int profile)
{
  return profile >= 0x40 && profile <= 0x43;
}

/**
 * cs_drive_session_footprint:
 * @size: the session's image size in bytes
 *
 * Returns: the bytes a session of @size occupies on the medium in @self: libburn writes
 * DVD in 32 KiB and BD in 64 KiB units (the last one padded), CD tracks get a 300 KiB
 * tail and are at least 300 blocks long. Image files take exactly @size.
 */
guint64
cs_drive_session_footprint (CsDrive *self,
                            guint64  size)
{
  const CsMedium *m;
  guint64 unit;

  g_return_val_if_fail (CS_IS_DRIVE (self), size);

  m = &self->medium;
  if (m->image_file)
    return size;
  if (is_cd (m->profile))
    {
      guint64 blocks = (size + cs_medium_tail_padding (m) + 2047) / 2048;

      return MAX (blocks, CD_MIN_TRACK_BLOCKS) * 2048;
    }
  unit = is_bd (m->profile) ? 65536 : 32768;
  return (size + unit - 1) / unit * unit;
}

/* The medium in words for messages: libburn's profile name ("DVD-RW sequential recording")
 * and what matters about it. */
char *
cs_medium_words (const CsMedium *m)
{
  GString *text;

  g_return_val_if_fail (m != NULL, NULL);

  text = g_string_new (m->profile_name && *m->profile_name ? m->profile_name : _("unknown medium"));
  if (m->image_file)
    return g_string_free (text, FALSE);
  if (m->unformatted)
    g_string_append (text, _(", unformatted"));
  switch (m->state)
    {
    case CS_MEDIUM_BLANK:      g_string_append (text, _(", blank")); break;
    case CS_MEDIUM_APPENDABLE: g_string_append (text, _(", appendable")); break;
    case CS_MEDIUM_CLOSED:     g_string_append (text, _(", closed")); break;
    case CS_MEDIUM_FOREIGN:    g_string_append (text, _(", holding other data")); break;
    default: break;
    }
  if (m->dao_only)
    g_string_append (text, _(", fast-blanked (takes only one closed session)"));
  if (m->damaged)
    g_string_append (text, _(", with a damaged track"));
  return g_string_free (text, FALSE);
}

/* Asks libburn for the multi-session capabilities of write type @wt. FALSE when the medium
 * cannot be written that way at all. */
static gboolean
multi_caps (CsDrive                *self,
            enum burn_write_types   wt,
            gboolean               *multi_session)
{
  struct burn_multi_caps *caps = NULL;
  gboolean ok;

  ok = burn_disc_get_multi_caps (self->drive, wt, &caps, 0) > 0 && caps != NULL;
  *multi_session = ok && caps->multi_session;
  burn_disc_free_multi_caps (&caps);
  return ok;
}

/* The bytes libburn says a session starting at @start can take now: with write options that
 * carry the start address on overwritable media (xorriso's isoburn_disc_available_space),
 * with multi-session parameters on sequential media. */
static guint64
drive_space (CsDrive  *self,
             guint32   start,
             gboolean  multi)
{
  struct burn_write_opts *opts = burn_write_opts_new (self->drive);
  off_t avail;

  if (self->medium.overwritable)
    burn_write_opts_set_start_byte (opts, (off_t)start * 2048);
  else
    {
      burn_write_opts_set_multi (opts, multi);
      burn_write_opts_set_write_type (opts, BURN_WRITE_TAO, BURN_BLOCK_MODE1);
    }
  avail = burn_disc_available_space (self->drive, opts);
  burn_write_opts_free (opts);
  cs_drive_drain_messages (self->log_func, self->log_data, NULL);
  return avail > 0 ? (guint64)avail : 0;
}

/* The size of the medium once blanked or formatted, asked before doing it: a CD-RW's ATIP
 * lead-out start, the DVD-RW/BD-RE/DVD-RAM format descriptors; 0 when the drive does not
 * say (the caller then keeps the media type's nominal capacity and asks again afterwards). */
static guint64
blanked_space (CsDrive *self)
{
  int status = 0, n_formats = 0;
  off_t size = 0, best = 0;
  unsigned bl_sas = 0;

  if (is_cd (self->medium.profile))
    {
      int start_lba = 0, end_lba = 0;

      if (burn_disc_read_atip (self->drive) > 0
          && burn_drive_get_start_end_lba (self->drive, &start_lba, &end_lba, 0) > 0
          && end_lba > 0)
        return (guint64)end_lba * 2048;
      return 0;
    }

  if (burn_disc_get_formats (self->drive, &status, &size, &bl_sas, &n_formats) <= 0)
    return 0;
  /* The default format (what cs_drive_format asks for) is the first descriptor. */
  for (int i = 0; i < n_formats; i++)
    {
      int type = 0;
      off_t fsize = 0;
      unsigned tdp = 0;

      if (burn_disc_get_format_descr (self->drive, i, &type, &fsize, &tdp) > 0)
        {
          best = fsize;
          break;
        }
    }
  return best > 0 ? (guint64)best : (size > 0 ? (guint64)size : 0);
}

static gboolean
refuse (CsDrive     *self,
        GError     **error,
        const char  *what,
        const char  *todo)
{
  g_autofree char *words = cs_medium_words (&self->medium);

  g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
               _("The medium in %s (%s) %s. Nothing was written; %s"),
               self->address, words, what, todo);
  return FALSE;
}

/**
 * cs_drive_plan_session:
 * @new_disc: the session starts a new disc (Cedar's decision), else it is appended
 * @plan: (out caller-allocates): filled in; `size` is left for the caller
 *
 * Decides where the session goes, what must be blanked, formatted or invalidated first,
 * whether the disc stays appendable, and how many bytes the session may occupy
 * (`space`, compared with cs_drive_session_footprint()). Nothing is written. Call it
 * again after cs_drive_prepare() blanked or formatted the medium, on a re-grabbed drive.
 *
 * Returns: FALSE with %CS_ERROR_MEDIUM (exit 4) when the medium cannot take the session
 * at all: the message names the medium and what to do.
 */
gboolean
cs_drive_plan_session (CsDrive        *self,
                       gboolean        new_disc,
                       CsSessionPlan  *plan,
                       GError        **error)
{
  CsMedium *m;
  gboolean multi_tao = FALSE, multi_sao = FALSE;
  gboolean can_tao, can_sao;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  m = &self->medium;
  memset (plan, 0, sizeof *plan);
  plan->new_disc = new_disc;
  plan->appendable = !new_disc;
  plan->emulated = m->overwritable;

  if (m->overwritable)
    {
      plan->start = new_disc ? CS_FIRST_LBA : m->nwa;
      plan->multi = TRUE;
      if (m->unformatted)
        plan->prepare = CS_PREPARE_FORMAT;
      else if (new_disc && m->state != CS_MEDIUM_BLANK)
        plan->prepare = CS_PREPARE_INVALIDATE;
      if (m->image_file)
        return TRUE;   /* the filesystem's free space is checked by the store */
      if (plan->prepare == CS_PREPARE_FORMAT)
        {
          guint64 size = blanked_space (self);

          plan->estimated = TRUE;
          plan->space = size > (guint64)plan->start * 2048 ? size - (guint64)plan->start * 2048
                                                           : 0;
        }
      else
        plan->space = drive_space (self, plan->start, FALSE);
      /* The head at LBA 0 of a new disc occupies the 64 KiB before the first session. */
      return TRUE;
    }

  /* Sequential media: the drive knows the next writable address. */
  if (!new_disc)
    {
      if (m->msc1 == 0 && m->nwa == 0)
        return refuse (self, error, _("did not tell where its last session starts and where the "
                                      "next one may go"),
                       _("reload the disc and try again, or insert a new disc"));
      plan->start = m->nwa;
      can_tao = multi_caps (self, BURN_WRITE_TAO, &multi_tao);
      if (!can_tao || !multi_tao)
        return refuse (self, error, _("cannot take another session"),
                       _("insert a new disc"));
      plan->multi = TRUE;
      plan->space = drive_space (self, plan->start, TRUE);
      return TRUE;
    }

  plan->start = 0;
  if (m->state != CS_MEDIUM_BLANK)
    {
      /* CD-RW or DVD-RW holding sessions: the blank happens first, so the space is the
       * blanked medium's (finding 4), asked again after the blank. */
      plan->prepare = m->profile == 0x14 || m->profile == 0x13 ? CS_PREPARE_BLANK_FULL
                                                                : CS_PREPARE_BLANK_FAST;
      plan->multi = TRUE;
      plan->estimated = TRUE;
      plan->space = blanked_space (self);
      return TRUE;
    }

  can_tao = multi_caps (self, BURN_WRITE_TAO, &multi_tao);
  can_sao = multi_caps (self, BURN_WRITE_SAO, &multi_sao);
  if (can_tao && multi_tao)
    {
      plan->multi = TRUE;
      plan->space = drive_space (self, 0, TRUE);
      return TRUE;
    }
  if (m->erasable && m->profile == 0x14)
    {
      /* A fast-blanked DVD-RW takes one closed DAO session only (finding 3); a full blank
       * makes it take incremental sessions again, and it holds nothing to lose. */
      plan->prepare = CS_PREPARE_BLANK_FULL;
      plan->multi = TRUE;
      plan->estimated = TRUE;
      plan->space = blanked_space (self);
      return TRUE;
    }
  if (can_sao || can_tao)
    {
      /* DVD-R DL, DVD-R without incremental recording (finding 6): one closed session. */
      plan->multi = FALSE;
      plan->space = drive_space (self, 0, FALSE);
      return TRUE;
    }
  return refuse (self, error, _("cannot be written by this drive in any way libburn knows"),
                 _("insert another disc"));
}

/**
 * cs_drive_prepare:
 * @plan: from cs_drive_plan_session()
 * @progress: (nullable): the fraction done while the drive blanks or formats (bytes 0)
 *
 * Does what @plan->prepare asks: formats an unformatted medium, blanks a sequential
 * rewritable one (full on DVD-RW), or invalidates the image on an overwritable one. After a
 * blank or format the caller grabs the drive again and plans anew. Blanking and formatting
 * cannot be cancelled once started.
 *
 * Returns: FALSE with %CS_ERROR_WRITE (exit 5) when the drive failed.
 */
gboolean
cs_drive_prepare (CsDrive              *self,
                  const CsSessionPlan  *plan,
                  CsWriteProgress       progress,
                  gpointer              progress_data,
                  GError              **error)
{
  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (plan != NULL, FALSE);

  switch (plan->prepare)
    {
    case CS_PREPARE_FORMAT:
      return cs_drive_format (self, progress, progress_data, error);
    case CS_PREPARE_BLANK_FAST:
    case CS_PREPARE_BLANK_FULL:
      return cs_drive_blank (self, progress, progress_data, error);
    case CS_PREPARE_INVALIDATE:
      return cs_drive_invalidate (self, error);
    case CS_PREPARE_NONE:
    default:
      return TRUE;
    }
}
