/* cs-drive-io.c – blanking, writing and image-file upkeep of a grabbed drive (reading:
 * cs-drive-read.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE 1  /* sync_file_range */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-advice.h"
#include "cs-drive-damaged.h"
#include "cs-drive-private.h"
#include "cs-error.h"
#include "cs-media.h"
#include "cs-text.h"

#define POLL_USEC   50000
#define WORKER_ENDED "Write thread on drive"
#define WORKER_WAIT_POLLS 200   /* 10 s */
#define WRITEBACK_STEP (32 * 1024 * 1024)

/* "12 seconds", "3 minutes": a time left, for the log. */
static char *
format_time_left (double seconds)
{
  guint s = (guint) MIN (seconds + 0.5, 360000.0);
  guint minutes = (s + 30) / 60;

  if (s < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", s), s);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes),
                          minutes);
}

/* Blanking and formatting run inside the drive and cannot be interrupted safely: wait for
 * the end (a cancel takes effect afterwards) and tell whether the drive did well. libburn
 * polls the drive once a second (TEST UNIT READY or REQUEST SENSE, whose sense data carry
 * the progress indication of SPC-4 4.5.2.4.4) and reports it as sector of sectors
 * (0x10000) while the status is BURN_DRIVE_ERASING or BURN_DRIVE_FORMATTING. @progress gets
 * every fraction (no bytes); the log gets a line at every tenth with the time left, guessed
 * from the time so far. */
static gboolean
run_in_drive (CsDrive          *self,
              gboolean          formatting,
              CsWriteProgress   progress,
              gpointer          progress_data,
              char            **last_error)
{
  struct burn_progress p;
  enum burn_drive_status status;
  gint64 start_us = g_get_monotonic_time ();
  int logged_tenths = 0;
  int last_sector = 0;

  self->wrote = TRUE;
  memset (&p, 0, sizeof p);
  while ((status = burn_drive_get_status (self->drive, &p)) != BURN_DRIVE_IDLE)
    {
      if ((status == BURN_DRIVE_ERASING || status == BURN_DRIVE_FORMATTING)
          && p.sectors > 0 && p.sector > last_sector && p.sector < p.sectors)
        {
          double fraction = (double) p.sector / p.sectors;
          int tenths = (int) (fraction * 10);

          last_sector = p.sector;
          if (progress != NULL)
            progress (fraction, 0, 0, progress_data);
          if (tenths > logged_tenths)
            {
              double elapsed = (g_get_monotonic_time () - start_us) / (double) G_USEC_PER_SEC;
              g_autofree char *left = format_time_left (elapsed * (1.0 - fraction) / fraction);

              logged_tenths = tenths;
              cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO,
                      formatting ? _("Formatting %s: %d %%, about %s left")
                                 : _("Blanking %s: %d %%, about %s left"),
                      self->address, (int) (fraction * 100), left);
            }
        }
      g_usleep (POLL_USEC);
    }
  cs_drive_drain_messages (self->log_func, self->log_data, last_error);
  return burn_drive_wrote_well (self->drive) > 0;
}

/**
 * cs_drive_blank:
 * @progress: (nullable): called with the fraction done (0…1, bytes 0) while the drive blanks
 *
 * Blanks sequential rewritable media (CD-RW, DVD-RW) for a new disc; does nothing on other
 * media. Takes up to minutes (a full DVD-RW blank as long as writing the whole disc) and
 * cannot be cancelled. Logs the progress every tenth with the time left.
 *
 * Returns: FALSE with a %CS_ERROR_WRITE error naming the drive when the drive failed
 */
gboolean
cs_drive_blank (CsDrive          *self,
                CsWriteProgress   progress,
                gpointer          progress_data,
                GError          **error)
{
  g_autofree char *last_error = NULL;
  gboolean full;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (!self->read_only, FALSE);

  if (self->medium.overwritable || !self->medium.erasable)
    return TRUE;

  /* A fast blank of a sequential DVD-RW (profile 0x14) leaves a medium that takes only one
   * closed DAO session (libburn.h, burn_disc_erase), so the multi-session write that
   * follows would fail after the old sessions are gone: it gets the full blank
   * (real-drives.md, finding 3). CD-RW takes the fast one. */
  full = self->medium.profile == 0x14;
  if (full)
    cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO,
            _("Blanking the whole DVD-RW in %s (a fast blank would leave it unable to take "
              "more than one session); this takes as long as writing the whole disc"),
            self->address);
  else
    cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO, _("Blanking the disc in %s"),
            self->address);
  burn_disc_erase (self->drive, full ? 0 : 1);
  if (!run_in_drive (self, FALSE, progress, progress_data, &last_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE, _("Blanking the disc in %s failed: %s"),
                   self->address, last_error ? last_error : _("no details"));
      return FALSE;
    }
  self->medium.state = CS_MEDIUM_BLANK;
  return TRUE;
}

/**
 * cs_drive_format:
 * @progress: (nullable): called with the fraction done (0…1, bytes 0) while the drive formats
 *
 * Formats a fresh BD-RE or DVD-RAM to its default size without a lengthy certification
 * (bit6), as Xfburn does; does nothing on other media. The drive may take minutes and
 * cannot be cancelled; the progress is logged every tenth with the time left. Formatting
 * an unformatted medium loses nothing, because it holds nothing.
 *
 * Returns: FALSE with a %CS_ERROR_WRITE error naming the drive when the drive failed
 */
gboolean
cs_drive_format (CsDrive          *self,
                 CsWriteProgress   progress,
                 gpointer          progress_data,
                 GError          **error)
{
  g_autofree char *last_error = NULL;
  off_t avail;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (!self->read_only, FALSE);

  if (!self->medium.unformatted)
    return TRUE;

  cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO,
          _("Formatting the %s in %s; this can take several minutes"),
          self->medium.profile_name ? self->medium.profile_name : "disc", self->address);
  burn_disc_format (self->drive, 0, 64 | (3 << 1));
  if (!run_in_drive (self, TRUE, progress, progress_data, &last_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE,
                   _("Formatting the disc in %s failed: %s. Try another disc"),
                   self->address, last_error ? last_error : _("no details"));
      return FALSE;
    }
  self->medium.unformatted = FALSE;
  avail = burn_disc_available_space (self->drive, NULL);
  if (avail > 0)
    self->medium.free_bytes = (guint64)avail;
  return TRUE;
}

static int
speed_kbps (CsDrive *self,
            int      speed)
{
  int profile = self->medium.profile;

  if (speed <= 0)
    return 0;
  if (profile >= 0x08 && profile <= 0x0a)
    return (speed * 1764 + 9) / 10;  /* CD 1x = 176.4 kB/s (150 KiB/s of user data) */
  if (profile >= 0x40 && profile <= 0x43)
    return speed * 4496;    /* BD 1x */
  return speed * 1385;      /* DVD 1x */
}

/**
 * cs_medium_tail_padding:
 *
 * Returns: the bytes of zeros cs_drive_write() adds after the image on @medium:
 *   %CS_CD_TAIL_PADDING on CD media (profiles 0x08-0x0a), else 0. They count against the
 *   medium's space like the image, but not in the ISO's volume space size.
 */
guint64
cs_medium_tail_padding (const CsMedium *medium)
{
  g_return_val_if_fail (medium != NULL, 0);

  return medium->profile >= 0x08 && medium->profile <= 0x0a ? CS_CD_TAIL_PADDING : 0;
}

/* The file a libisofs message of the generator names (filesrc.c, filesrc_write), or NULL. */
static char *
generator_message_path (const char *text)
{
  static const char * const quoted[] = { "File \"", "Size of file \"" };
  static const char * const plain[] = { "Read error in file ", "Premature end of file " };

  for (guint i = 0; i < G_N_ELEMENTS (quoted); i++)
    if (g_str_has_prefix (text, quoted[i]))
      {
        const char *path = text + strlen (quoted[i]);
        const char *end = strrchr (path, '"');

        return end != NULL ? g_strndup (path, end - path) : NULL;
      }
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    if (g_str_has_prefix (text, plain[i]) && g_str_has_suffix (text, "."))
      return g_strndup (text + strlen (plain[i]), strlen (text) - strlen (plain[i]) - 1);
  return NULL;
}

/* A write that libburn finished but whose image libisofs did not make whole: a file that
 * could not be opened or read, or changed its size after the tree was built, went onto the
 * medium as zeros or cut (a MISHAP, "Filling with 0s", "It will be truncated"). The session
 * holds a wrong copy, so this is a failed write (exit status 5) whether or not a verify
 * follows: the verify is not run, as it could only confirm it. */
static void
generator_error (CsDrive    *self,
                 GPtrArray  *problems,
                 gboolean    multi,
                 GError    **error)
{
  g_autofree char *said = NULL;
  g_autofree char *path = NULL;
  g_autofree char *shown_path = NULL;
  g_autofree char *what = NULL;
  g_autofree char *more = NULL;
  g_autofree char *target = NULL;
  const char *then;
  guint first = 0;

  /* The message that names a file, else the first. */
  for (guint i = 0; i < problems->len && path == NULL; i++)
    if ((path = generator_message_path (g_ptr_array_index (problems, i))) != NULL)
      first = i;
  said = cs_text_shorten (g_ptr_array_index (problems, first), 2 * CS_TEXT_PATH_CHARS);
  if (path != NULL)
    {
      shown_path = cs_text_shorten (path, CS_TEXT_PATH_CHARS);
      /* Translators: %s a staging file */
      what = g_strdup_printf (_("a wrong copy of “%s”"), shown_path);
    }
  else
    what = g_strdup (_("a wrong copy of a file"));
  if (problems->len > 1)
    /* Translators: %u how many more messages (always at least 1) */
    more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, " (and %u more message of libisofs "
                                         "in the log)", " (and %u more messages of libisofs "
                                         "in the log)", problems->len - 1),
                            problems->len - 1);

  /* A replace (cs-drive-beside.c) writes a temporary file: name the image it replaces. */
  if (self->replaces != NULL)
    {
      g_autofree char *replaced = g_strconcat ("stdio:", self->replaces, NULL);

      target = cs_advice_target_in_sentence (replaced);
      then = _("The image file was not replaced, so it is unchanged, and no day was marked "
               "stored. Make sure nothing changes the staging directory while it is stored "
               "and store again");
    }
  else if (self->medium.overwritable)
    then = _("It was not made the newest session, so the earlier sessions are unchanged, and no "
             "day was marked stored. Make sure nothing changes the staging directory while it "
             "is stored and store again");
  else if (multi)
    then = _("No day was marked stored. Make sure nothing changes the staging directory while "
             "it is stored and store again: the days go into a new session of the disc");
  else
    then = _("No day was marked stored, and the disc was closed. Make sure nothing changes the "
             "staging directory while it is stored and store again on a new disc");
  g_set_error (error, CS_ERROR, CS_ERROR_WRITE,
               /* Translators: %1$s the device, %2$s “a wrong copy of “FILE””, %3$s libisofs'
                * message, %4$s “ (and N more messages …)” or empty, %5$s what to do */
               _("The session written to %1$s holds %2$s: while it was written, libisofs said "
                 "“%3$s”%4$s. %5$s"),
               target != NULL ? target : self->address, what, said,
               more != NULL ? more : "", then);
  /* The advice follows the cause (cs-window-store.c what_next()), not the disc's fault:
   * the files were readable when the tree was built, so a file that is gone, cut or grown
   * now changed while it was stored. */
  if (error != NULL && *error != NULL)
    cs_error_set_cause (*error, CS_ERROR_CAUSE_SOURCE_CHANGED);
}

/**
 * cs_drive_write:
 * @start_lba: where the session starts (overwritable media and image files), ignored on
 *   sequential media, where the drive knows its next writable address
 * @multi: keep sequential media appendable
 *
 * On overwritable media and image files the session becomes visible only when
 * cs_drive_commit_head() writes the volume descriptors at LBA 0 afterwards.
 */
gboolean
cs_drive_write (CsDrive             *self,
                struct burn_source  *source,
                guint32              start_lba,
                gboolean             multi,
                int                  speed,
                CsWriteProgress      progress,
                gpointer             progress_data,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autofree char *last_error = NULL;
  g_autofree char *total_text = NULL;
  g_autoptr(GPtrArray) generator_problems = NULL;
  struct burn_write_opts *opts;
  struct burn_disc *disc;
  struct burn_session *session;
  struct burn_track *track;
  struct burn_progress p;
  char reasons[BURN_REASONS_LEN];
  gboolean cancelled = FALSE;
  gboolean worker_ended = FALSE;
  gboolean ok = FALSE;
  guint64 flushed = 0;
  off_t total;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (!self->read_only, FALSE);
  g_return_val_if_fail (source != NULL, FALSE);

  total = source->get_size (source);

  disc = burn_disc_create ();
  session = burn_session_create ();
  track = burn_track_create ();
  burn_disc_add_session (disc, session, BURN_POS_END);
  /* CD: 300 KiB of zeros after the image (tail padding, as xorriso's -padding 300k). */
  burn_track_define_data (track, 0, (int) cs_medium_tail_padding (&self->medium), 1, BURN_MODE1);
  if (burn_track_set_source (track, source) != BURN_SOURCE_OK)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INTERNAL, _("libburn refused the image stream"));
      goto out_disc;
    }
  burn_session_add_track (session, track, BURN_POS_END);

  opts = burn_write_opts_new (self->drive);
  burn_write_opts_set_perform_opc (opts, 0);
  burn_write_opts_set_underrun_proof (opts, 1);
  burn_write_opts_set_multi (opts, multi && !self->medium.overwritable);
  if (self->medium.overwritable)
    burn_write_opts_set_start_byte (opts, (off_t)start_lba * 2048);
  /* Image files: no fsync while writing; cs_drive_commit_head() syncs the data once, just
   * before the head that makes it visible, so the kernel's writeback overlaps the verify. */
  if (self->medium.image_file)
    burn_write_opts_set_stdio_fsync (opts, -1);

  if (burn_write_opts_auto_write_type (opts, disc, reasons, 0) == BURN_WRITE_NONE)
    {
      cs_drive_drain_messages (self->log_func, self->log_data, NULL);
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM, _("Cannot write to the medium in %s: %s"),
                   self->address, reasons);
      goto out_opts;
    }
  if (burn_precheck_write (opts, disc, reasons, 0) <= 0)
    {
      cs_drive_drain_messages (self->log_func, self->log_data, NULL);
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM, _("Cannot write to the medium in %s: %s"),
                   self->address, reasons);
      goto out_opts;
    }
  burn_drive_set_speed (self->drive, 0, speed_kbps (self, speed));

  total_text = g_format_size (total);
  cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO, _("Writing %s to %s at block %u"),
          total_text, self->address, start_lba);

  self->wrote = TRUE;
  burn_disc_write (opts, disc);

  memset (&p, 0, sizeof p);
  while (burn_drive_get_status (self->drive, &p) != BURN_DRIVE_IDLE)
    {
      if (!cancelled && g_cancellable_is_cancelled (cancellable))
        {
          cs_log (self->log_func, self->log_data, G_LOG_LEVEL_WARNING,
                  _("Cancelling the write to %s"), self->address);
          burn_drive_cancel (self->drive);
          cancelled = TRUE;
        }
      if (progress != NULL && p.sectors > 0)
        {
          guint64 done = (guint64)p.sector * 2048;
          progress (MIN (1.0, (double)p.sector / p.sectors), done, total, progress_data);
        }
      /* The generator is CPU-bound (MD5s); start the writeback of what is written so far
       * now, so the fdatasync before the head finds little left to do. */
      if (self->lock_fd >= 0 && (guint64)p.sector * 2048 >= flushed + WRITEBACK_STEP)
        {
          flushed = (guint64)p.sector * 2048;
          sync_file_range (self->lock_fd, (off_t)start_lba * 2048, 0, SYNC_FILE_RANGE_WRITE);
        }
      if ((cancelled ? _cs_drive_drain_after_cancel : _cs_drive_drain)
            (self->log_func, self->log_data, &last_error, WORKER_ENDED))
        worker_ended = TRUE;
      g_usleep (POLL_USEC);
    }
  burn_drive_get_status (self->drive, &p);
  /* IDLE comes before libburn's write thread has ended; a next write on this drive slot
   * would be refused while it lingers (after a cancel for about half a second). */
  for (guint i = 0; !worker_ended && i < WORKER_WAIT_POLLS; i++)
    {
      if ((cancelled ? _cs_drive_drain_after_cancel : _cs_drive_drain)
            (self->log_func, self->log_data, &last_error, WORKER_ENDED))
        break;
      g_usleep (POLL_USEC);
    }

  /* libisofs' word on the image this write took, all said by now: libburn read it to its
   * end, and the generator speaks of a file before it passes on its bytes. */
  generator_problems = _cs_drive_take_generator_problems ();

  /* Write-once media keep what an interrupted write left: say what (findings 5 and 10). */
  if (cancelled)
    {
      g_autofree char *note = _cs_drive_interrupted_note (self);

      if (note != NULL)
        g_set_error (error, CS_ERROR, CS_ERROR_CANCELLED, _("Writing to %s was cancelled; %s"),
                     self->address, note);
      else
        g_set_error (error, CS_ERROR, CS_ERROR_CANCELLED,
                     _("Writing to %s was cancelled; earlier sessions are unchanged"),
                     self->address);
      goto out_opts;
    }
  /* wrote_well alone is not enough: a write libburn refused to start leaves it at 1. */
  if (burn_drive_wrote_well (self->drive) <= 0 || (off_t)p.buffered_bytes < total)
    {
      g_autofree char *note = _cs_drive_interrupted_note (self);

      if (note != NULL)
        g_set_error (error, CS_ERROR, CS_ERROR_WRITE, _("Writing to %s failed: %s; %s"),
                     self->address, last_error ? last_error : _("no details from libburn"), note);
      else
        g_set_error (error, CS_ERROR, CS_ERROR_WRITE, _("Writing to %s failed: %s"),
                     self->address, last_error ? last_error : _("no details from libburn"));
      goto out_opts;
    }
  if (generator_problems != NULL && generator_problems->len > 0)
    {
      generator_error (self, generator_problems, multi, error);
      goto out_opts;
    }
  if (progress != NULL)
    progress (1.0, total, total, progress_data);

  ok = TRUE;

out_opts:
  burn_write_opts_free (opts);
out_disc:
  /* A write that did not start ends the watch too. */
  if (generator_problems == NULL)
    generator_problems = _cs_drive_take_generator_problems ();
  burn_track_free (track);
  burn_session_free (session);
  burn_disc_free (disc);
  return ok;
}

/**
 * cs_drive_commit_head:
 * @head: the 64 KiB of volume descriptors libisofs made for LBA 0
 *
 * Makes the session just written the newest one on overwritable media and image files.
 * The session's data reaches the storage first (fdatasync), then the head is written and
 * synced: an interruption before this leaves the earlier sessions as they were.
 */
gboolean
cs_drive_commit_head (CsDrive          *self,
                      const guint8     *head,
                      CsWriteProgress   progress,
                      gpointer          progress_data,
                      GError          **error)
{
  g_autofree char *last_error = NULL;
  struct stat st;
  int ret;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (!self->read_only, FALSE);
  g_return_val_if_fail (head != NULL, FALSE);

  /* Flush in steps, so a slow disk still shows progress. */
  if (self->lock_fd >= 0 && fstat (self->lock_fd, &st) == 0)
    for (off_t off = 0; off < st.st_size; off += WRITEBACK_STEP * 2)
      {
        sync_file_range (self->lock_fd, off, WRITEBACK_STEP * 2,
                         SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE
                         | SYNC_FILE_RANGE_WAIT_AFTER);
        if (progress != NULL)
          progress (-1.0, off, st.st_size, progress_data);
      }
  if (self->lock_fd >= 0 && fdatasync (self->lock_fd) != 0)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE, _("Cannot flush “%s” to its storage: %s"),
                   self->image_path, g_strerror (errsv));
      return FALSE;
    }

  ret = burn_random_access_write (self->drive, 0, (char *)head, CS_HEAD_SIZE, 1);
  cs_drive_drain_messages (self->log_func, self->log_data, &last_error);
  if (ret <= 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE,
                   _("Writing the volume descriptors at the start of %s failed: %s"),
                   self->address, last_error ? last_error : _("no details from libburn"));
      return FALSE;
    }
  return TRUE;
}

/**
 * cs_drive_check_session:
 * @start: the block (2 KiB) the session was written at
 * @label: (nullable): the volume id it was written with
 *
 * After a write on a real drive (re-grabbed, so libburn read the new table of contents),
 * checks through libburn that the newest session starts at @start (sequential media:
 * burn_disc_get_msc1()) and that its primary volume descriptor — block @start + 16 on
 * sequential media, block 16 of the emulated head on overwritable media — is ISO 9660
 * and carries @label. The kernel's block device is not asked: its size and last-session
 * offset stay as they were at the last medium change while libburn writes through SG_IO
 * (shared/docs/real-drives.md, finding 1), so libblkid would report the previous session.
 *
 * Returns: FALSE with a %CS_ERROR_VERIFY error naming the device when it does not hold.
 */
gboolean
cs_drive_check_session (CsDrive     *self,
                        guint32      start,
                        const char  *label,
                        GError     **error)
{
  g_autofree char *found = NULL;
  guint8 block[2048];
  guint32 pvd_lba = 16;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (!self->medium.image_file, FALSE);

  if (!self->medium.overwritable)
    {
      int msc1 = -1;

      if (burn_disc_get_msc1 (self->drive, &msc1) <= 0 || msc1 < 0)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                       _("After writing, the drive %s cannot tell where the newest session "
                         "of the disc starts; the session written at block %u could not be "
                         "checked"), self->address, start);
          return FALSE;
        }
      if ((guint32) msc1 != start)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                       _("After writing, the newest session of the disc in %s starts at block "
                         "%d, but this store wrote its session at block %u"),
                       self->address, msc1, start);
          return FALSE;
        }
      pvd_lba = start + 16;
    }

  if (!cs_drive_read (self, (guint64) pvd_lba * 2048, block, sizeof block, error))
    return FALSE;
  if (!_cs_drive_is_pvd (block))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                   _("After writing, block %u of the disc in %s is not an ISO 9660 volume "
                     "descriptor"), pvd_lba, self->address);
      return FALSE;
    }
  found = _cs_drive_pvd_volume_id (block);
  if (label != NULL && g_strcmp0 (found, label) != 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                   _("The newest session on the disc in %s is labelled “%s” after writing, "
                     "expected “%s”"), self->address, found ? found : "", label);
      return FALSE;
    }
  cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO,
          _("The newest session on the disc in %s starts at block %u and is an ISO 9660 "
            "filesystem labelled “%s”"), self->address, start, found ? found : "");
  return TRUE;
}

/* Before a new disc is written over an old image on overwritable media, the old volume
 * descriptors are invalidated (CD001 → CDXX1, as libisoburn does): an interrupted new disc
 * then reads as blank rather than as an old tree over half-overwritten data. */
gboolean
cs_drive_invalidate (CsDrive  *self,
                     GError  **error)
{
  g_autofree guint8 *head = NULL;
  g_autofree char *last_error = NULL;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (!self->read_only, FALSE);

  if (!self->medium.overwritable || self->head == NULL || !_cs_drive_is_pvd (self->head + 16 * 2048))
    return TRUE;

  head = g_memdup2 (self->head, CS_HEAD_SIZE);
  memcpy (head + 16 * 2048 + 1, "CDXX1", 5);
  self->wrote = TRUE;
  if (burn_random_access_write (self->drive, 0, (char *)head, CS_HEAD_SIZE, 1) <= 0)
    {
      cs_drive_drain_messages (self->log_func, self->log_data, &last_error);
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE, _("Cannot start a new disc on %s: %s"),
                   self->address, last_error ? last_error : _("no details from libburn"));
      return FALSE;
    }
  cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO,
          _("Invalidated the old sessions on %s for a new disc"), self->address);
  return TRUE;
}

/* libburn never truncates (libburnia-verified.md C.16): after a good write the image file
 * ends where the image ends. */
gboolean
cs_drive_truncate_image (CsDrive  *self,
                         guint64   end_bytes,
                         GError  **error)
{
  struct stat st;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (!self->read_only, FALSE);

  if (self->lock_fd < 0 || fstat (self->lock_fd, &st) != 0 || !S_ISREG (st.st_mode)
      || (guint64)st.st_size <= end_bytes)
    return TRUE;
  if (ftruncate (self->lock_fd, end_bytes) != 0)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE, _("Cannot truncate image file “%s”: %s"),
                   self->image_path, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* After a failed or cancelled write: give back the space the partial session took. The
 * old sessions end before it, so they are untouched. A file this run created goes away. */
void
cs_drive_rollback_image (CsDrive *self)
{
  struct stat st;

  g_return_if_fail (CS_IS_DRIVE (self));

  if (self->lock_fd < 0 || fstat (self->lock_fd, &st) != 0 || !S_ISREG (st.st_mode))
    return;
  if (self->created)
    {
      if (ftruncate (self->lock_fd, 0) == 0)
        self->wrote = FALSE;
      return;
    }
  if ((guint64)st.st_size > self->orig_size && ftruncate (self->lock_fd, self->orig_size) != 0)
    cs_log (self->log_func, self->log_data, G_LOG_LEVEL_WARNING,
            _("Cannot shrink “%s” back to its size before the store"), self->image_path);
}
