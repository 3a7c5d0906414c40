/* cs-disc-check-pass.c – reading a session's blocks once and checking its MD5s on the way
 *
 * Each session is read in one sequential pass of 1 MiB reads through libburn, in the calling
 * thread, into a few slots. Two threads take each chunk in turn: one hashes it for the
 * session's MD5, the other feeds the files whose extents lie in it (each file's own MD5), so
 * that on two idle cores the pass costs about one MD5 of the session's bytes, not two
 * (libisofs records both: libburnia.md §5.f; xorriso's -check_md5_r hashes only the files,
 * -check_media only the session). The MD5 is GLib's (GChecksum), as for every checksum here.
 *
 * A failed chunk is read again block by block, each block once (real-drives.md, finding 9).
 * On an image file, blocks at or past the file's end are unreadable without asking libburn,
 * which would hand back zeros and call them good (libburn read.c, burn_read_data).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cs-disc-check-private.h"
#include "cs-error.h"

/* burn_read_data() flags (libburn.h): bit1 no error message, bit2 no second pass in single
 * blocks after a failed read, bit3 -2 on permission denied. */
#define READ_FLAGS (2 | 4 | 8)
/* Progress at most every 50 ms. */
#define PROGRESS_US 50000

gboolean
_cs_disc_check_cancelled (CsCheck  *check,
                          GError  **error)
{
  if (!g_cancellable_is_cancelled (check->cancellable))
    return FALSE;
  g_set_error (error, CS_ERROR, CS_ERROR_CANCELLED, _("Checking %s was cancelled"),
               cs_drive_get_address (check->drive));
  return TRUE;
}

static void
report_progress (CsCheck  *check,
                 gboolean  force)
{
  gint64 now = g_get_monotonic_time ();
  double fraction;

  if (check->progress == NULL || (!force && now - check->last_progress < PROGRESS_US))
    return;
  check->last_progress = now;
  check->done_bytes = MIN (check->done_bytes, check->total_bytes);
  fraction = check->total_bytes > 0 ? (double) check->done_bytes / check->total_bytes : 1.0;
  check->progress (fraction, check->done_bytes, check->total_bytes, check->progress_data);
}

/* Adds a problem to the report: from the reading thread and the files' thread at once. */
static void
add_problem (CsCheck    *check,
             guint       session,
             const char *day,
             const char *path,
             const char *text)
{
  g_mutex_lock (&check->report_lock);
  cs_check_report_add (check->report, session, day, path, text);
  g_mutex_unlock (&check->report_lock);
}

/**
 * _cs_disc_check_file_problem:
 *
 * Adds @text as a problem of @file in @session: one for its path and one for each other
 * name its tree gives the same data (hard links), so that each of them can be found.
 */
void
_cs_disc_check_file_problem (CsCheck     *check,
                             CsCheckFile *file,
                             guint        session,
                             const char  *text)
{
  add_problem (check, session, file->day, file->path, text);
  for (guint i = 0; file->also != NULL && i < file->also->len; i++)
    {
      const char *path = g_ptr_array_index (file->also, i);
      g_autofree char *day = _cs_disc_check_day_of_path (path);

      add_problem (check, session, day, path, text);
    }
}

/* The unreadable run gathered so far, as one problem of its session. */
static void
flush_run (CsCheck *check)
{
  g_autofree char *text = NULL;

  if (check->run_first == G_MAXUINT32)
    return;
  if (check->run_first >= check->readable)
    /* Translators: two block numbers, then the image file's size in blocks */
    text = g_strdup_printf (_("blocks %u – %u cannot be read: the image file ends at block %u"),
                            check->run_first, check->run_last, check->readable);
  else
    /* Translators: the first and last block of a range on the disc */
    text = g_strdup_printf (_("blocks %u – %u cannot be read"), check->run_first,
                            check->run_last);
  add_problem (check, check->run_session, NULL, NULL, text);
  check->run_first = G_MAXUINT32;
}

static void
note_bad_block (CsCheck *check,
                guint    session,
                guint32  lba)
{
  /* A run does not cross the image's end: the part past it gets its own reason. */
  if (check->run_first != G_MAXUINT32
      && (lba != check->run_last + 1 || check->run_session != session
          || (lba == check->readable && check->run_first < check->readable)))
    flush_run (check);
  if (check->run_first == G_MAXUINT32)
    {
      check->run_first = lba;
      check->run_session = session;
    }
  check->run_last = lba;
}

/* Reads @n blocks at @lba into @buf; @bad[i] says which could not be read. */
static void
read_chunk (CsCheck *check,
            guint    session,
            guint32  lba,
            guint    n,
            guint8  *buf,
            guint8  *bad)
{
  guint good = lba >= check->readable ? 0 : MIN (n, check->readable - lba);
  off_t count = 0;

  memset (bad, 0, n);
  if (good > 0
      && !(burn_read_data (check->drive->drive, (off_t) lba * CS_CHECK_BLOCK, (char *) buf,
                           (off_t) good * CS_CHECK_BLOCK, &count, READ_FLAGS) > 0
           && count == (off_t) good * CS_CHECK_BLOCK))
    for (guint i = 0; i < good; i++)
      {
        /* What libburn counted is valid (libburn.h, burn_read_data). */
        if ((off_t) (i + 1) * CS_CHECK_BLOCK <= count)
          continue;
        /* A damaged disc may take seconds a block: a cancel ends the chunk (the pass then
         * stops without a report). */
        if (g_cancellable_is_cancelled (check->cancellable))
          {
            memset (bad + i, 1, good - i);
            break;
          }
        count = 0;
        if (burn_read_data (check->drive->drive, (off_t) (lba + i) * CS_CHECK_BLOCK,
                            (char *) buf + (gsize) i * CS_CHECK_BLOCK, CS_CHECK_BLOCK,
                            &count, READ_FLAGS) <= 0 || count != CS_CHECK_BLOCK)
          {
            bad[i] = 1;
            memset (buf + (gsize) i * CS_CHECK_BLOCK, 0, CS_CHECK_BLOCK);
          }
        count = 0;
      }
  for (guint i = good; i < n; i++)
    {
      bad[i] = 1;
      memset (buf + (gsize) i * CS_CHECK_BLOCK, 0, CS_CHECK_BLOCK);
    }
  for (guint i = 0; i < n; i++)
    if (bad[i])
      note_bad_block (check, session, lba + i);
}

/**
 * _cs_disc_check_file_done:
 *
 * Ends @file's check: a problem when some of its data could not be read or its MD5 differs
 * from the recorded one.
 */
void
_cs_disc_check_file_done (CsCheck     *check,
                          CsCheckFile *file)
{
  guint8 md5[16];
  gsize md5_len = sizeof md5;

  file->done = TRUE;
  if (file->bad)
    {
      g_autofree char *text = NULL;

      if (file->past_end)
        /* Translators: two block numbers, then the image file's size in blocks */
        text = g_strdup_printf (_("blocks %u – %u of its data cannot be read: the image file "
                                  "ends at block %u"), file->bad_first, file->bad_last,
                                check->readable);
      else
        /* Translators: the first and last unreadable block of a file's data */
        text = g_strdup_printf (_("blocks %u – %u of its data cannot be read"),
                                file->bad_first, file->bad_last);
      _cs_disc_check_file_problem (check, file, file->session, text);
      g_clear_pointer (&file->ctx, g_checksum_free);
      return;
    }
  if (!file->has_md5 && check->any_md5)
    {
      g_autofree char *text = NULL;

      /* The disc records MD5s, but not one for this file can be had: the array of the tree
       * that names it is damaged or cannot be read. */
      /* Translators: %u a session number */
      text = g_strdup_printf (_("its MD5 cannot be checked: the checksums recorded for "
                                "session %u cannot be read"), file->tree);
      _cs_disc_check_file_problem (check, file, file->tree, text);
      return;
    }
  if (!file->has_md5)
    return;
  if (file->ctx == NULL)
    file->ctx = g_checksum_new (G_CHECKSUM_MD5);
  g_checksum_get_digest (file->ctx, md5, &md5_len);
  g_clear_pointer (&file->ctx, g_checksum_free);
  check->report->files++;
  if (memcmp (md5, file->md5, sizeof md5) != 0)
    _cs_disc_check_file_problem (check, file, file->session,
                                 _("its data differs from the MD5 recorded when it was "
                                   "written"));
}

/* Feeds the part of @seg's extent that lies in the chunk of @n blocks at @lba (@bad: its
 * unreadable blocks). */
static void
feed (CsCheck        *check,
      CsCheckSegment *seg,
      guint32         lba,
      guint           n,
      const guint8   *buf,
      const guint8   *bad)
{
  CsCheckFile *file = seg->file;
  const struct iso_file_section *sec = &file->sections[seg->section];
  guint64 s0 = (guint64) sec->block * CS_CHECK_BLOCK;
  guint64 c0 = (guint64) lba * CS_CHECK_BLOCK;
  guint64 lo = MAX (s0, c0);
  guint64 hi = MIN (s0 + sec->size, c0 + (guint64) n * CS_CHECK_BLOCK);

  if (file->done || file->gap || lo >= hi || seg->section < file->cur)
    return;
  if (seg->section > file->cur || lo - s0 > file->cur_off)
    {
      /* An earlier part was not fed: the file is read on its own afterwards. */
      file->gap = TRUE;
      return;
    }
  if (hi - s0 <= file->cur_off)
    return;
  lo = s0 + file->cur_off;
  for (guint64 b = lo / CS_CHECK_BLOCK; b <= (hi - 1) / CS_CHECK_BLOCK; b++)
    if (bad[b - lba])
      {
        if (!file->bad)
          file->bad_first = (guint32) b;
        file->bad = TRUE;
        file->bad_last = (guint32) b;
        file->past_end = b >= check->readable;
      }
  if (file->has_md5 && !file->bad)
    {
      if (file->ctx == NULL)
        file->ctx = g_checksum_new (G_CHECKSUM_MD5);
      g_checksum_update (file->ctx, buf + (lo - c0), hi - lo);
    }
  file->cur_off = hi - s0;
  if (file->cur_off >= sec->size)
    {
      file->cur++;
      file->cur_off = 0;
      if (file->cur >= file->n_sections)
        _cs_disc_check_file_done (check, file);
    }
}

/* A session's pass: the calling thread reads chunks into slots; one thread hashes them for
 * the session's MD5, another feeds them to the files' MD5s, each in order. A slot is read
 * again once both are done with it. */
typedef struct
{
  CsCheck        *check;
  CsCheckSession *session;
  GMutex          lock;
  GCond           cond;
  guint32         lba[CS_CHECK_SLOTS];
  guint           n[CS_CHECK_SLOTS];
  guint8          bad[CS_CHECK_SLOTS][CS_CHECK_CHUNK_BLOCKS];
  gsize           md5_off[CS_CHECK_SLOTS];
  gsize           md5_len[CS_CHECK_SLOTS];
  guint64         produced;
  guint64         hashed;     /* slots the session's MD5 is done with */
  guint64         fed;        /* slots the files' MD5s are done with */
  gboolean        finished;
  GChecksum      *md5;
  guint           next;       /* the next segment to start */
  GPtrArray      *active;     /* the segments being fed */
} Pipe;

static gpointer
session_md5_thread (gpointer data)
{
  Pipe *pipe = data;

  g_mutex_lock (&pipe->lock);
  for (;;)
    {
      guint slot;

      while (pipe->hashed == pipe->produced && !pipe->finished)
        g_cond_wait (&pipe->cond, &pipe->lock);
      if (pipe->hashed == pipe->produced)
        break;
      slot = pipe->hashed % CS_CHECK_SLOTS;
      g_mutex_unlock (&pipe->lock);
      if (pipe->md5_len[slot] > 0)
        g_checksum_update (pipe->md5, pipe->check->slots[slot] + pipe->md5_off[slot],
                           pipe->md5_len[slot]);
      g_mutex_lock (&pipe->lock);
      pipe->hashed++;
      g_cond_broadcast (&pipe->cond);
    }
  g_mutex_unlock (&pipe->lock);
  return NULL;
}

/* Feeds one chunk to the files whose extents lie in it. */
static void
feed_chunk (Pipe  *pipe,
            guint  slot)
{
  CsCheck *check = pipe->check;
  guint32 lba = pipe->lba[slot];
  guint32 end = lba + pipe->n[slot];

  for (; pipe->next < check->segments->len; pipe->next++)
    {
      CsCheckSegment *seg = &g_array_index (check->segments, CsCheckSegment, pipe->next);

      if (seg->file->sections[seg->section].block >= end)
        break;
      g_ptr_array_add (pipe->active, seg);
    }
  for (guint i = 0; i < pipe->active->len; )
    {
      CsCheckSegment *seg = g_ptr_array_index (pipe->active, i);
      const struct iso_file_section *sec = &seg->file->sections[seg->section];

      feed (check, seg, lba, pipe->n[slot], check->slots[slot], pipe->bad[slot]);
      if ((guint64) sec->block * CS_CHECK_BLOCK + sec->size <= (guint64) end * CS_CHECK_BLOCK)
        g_ptr_array_remove_index_fast (pipe->active, i);
      else
        i++;
    }
}

static gpointer
files_md5_thread (gpointer data)
{
  Pipe *pipe = data;

  g_mutex_lock (&pipe->lock);
  for (;;)
    {
      while (pipe->fed == pipe->produced && !pipe->finished)
        g_cond_wait (&pipe->cond, &pipe->lock);
      if (pipe->fed == pipe->produced)
        break;
      g_mutex_unlock (&pipe->lock);
      feed_chunk (pipe, pipe->fed % CS_CHECK_SLOTS);
      g_mutex_lock (&pipe->lock);
      pipe->fed++;
      g_cond_broadcast (&pipe->cond);
    }
  g_mutex_unlock (&pipe->lock);
  return NULL;
}

static gint
segment_search (gconstpointer key,
                gconstpointer elem)
{
  guint32 lba = *(const guint32 *) key;
  const CsCheckSegment *seg = elem;
  guint32 block = seg->file->sections[seg->section].block;

  return lba < block ? -1 : lba > block ? 1 : 0;
}

/* The first segment whose extent starts at or after @lba. */
static guint
first_segment (CsCheck *check,
               guint32  lba)
{
  guint lo = 0, hi = check->segments->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (segment_search (&lba, &g_array_index (check->segments, CsCheckSegment, mid)) > 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/**
 * _cs_disc_check_session_pass:
 *
 * Reads @session's blocks [pass_start, pass_end) once in this thread, hashing its MD5 range
 * in a second thread and feeding the files whose extents start there in a third.
 * Unreadable blocks become problems of the session (and of the files they belong to).
 *
 * Returns: FALSE only when cancelled (%CS_ERROR_CANCELLED)
 */
gboolean
_cs_disc_check_session_pass (CsCheck         *check,
                             CsCheckSession  *session,
                             GError         **error)
{
  g_autoptr(GPtrArray) active = g_ptr_array_new ();
  Pipe *pipe = g_new0 (Pipe, 1);
  GThread *hasher = NULL;
  GThread *feeder;
  gboolean ok = TRUE;

  pipe->check = check;
  pipe->session = session;
  pipe->active = active;
  pipe->next = first_segment (check, session->pass_start);
  g_mutex_init (&pipe->lock);
  g_cond_init (&pipe->cond);
  pipe->md5 = g_checksum_new (G_CHECKSUM_MD5);
  if (session->has_md5)
    hasher = g_thread_new ("cs-check-session", session_md5_thread, pipe);
  feeder = g_thread_new ("cs-check-files", files_md5_thread, pipe);

  for (guint32 lba = session->pass_start; lba < session->pass_end; )
    {
      guint n = MIN (CS_CHECK_CHUNK_BLOCKS, session->pass_end - lba);
      guint32 end = lba + n;
      guint slot;

      if (_cs_disc_check_cancelled (check, error))
        {
          ok = FALSE;
          break;
        }
      g_mutex_lock (&pipe->lock);
      while (pipe->produced - MIN (pipe->fed, session->has_md5 ? pipe->hashed : pipe->fed)
             >= CS_CHECK_SLOTS)
        g_cond_wait (&pipe->cond, &pipe->lock);
      g_mutex_unlock (&pipe->lock);

      slot = pipe->produced % CS_CHECK_SLOTS;
      read_chunk (check, session->number, lba, n, check->slots[slot], pipe->bad[slot]);
      pipe->lba[slot] = lba;
      pipe->n[slot] = n;
      pipe->md5_off[slot] = 0;
      pipe->md5_len[slot] = 0;
      if (session->has_md5)
        {
          guint32 from = MAX (lba, session->md5_start);
          guint32 to = MIN (end, session->md5_end);

          for (guint32 b = from; b < to; b++)
            if (pipe->bad[slot][b - lba])
              session->md5_broken = TRUE;
          if (to > from)
            {
              pipe->md5_off[slot] = (gsize) (from - lba) * CS_CHECK_BLOCK;
              pipe->md5_len[slot] = (gsize) (to - from) * CS_CHECK_BLOCK;
            }
        }
      g_mutex_lock (&pipe->lock);
      pipe->produced++;
      g_cond_broadcast (&pipe->cond);
      g_mutex_unlock (&pipe->lock);

      check->done_bytes += (guint64) n * CS_CHECK_BLOCK;
      report_progress (check, FALSE);
      lba = end;
    }
  flush_run (check);

  g_mutex_lock (&pipe->lock);
  pipe->finished = TRUE;
  g_cond_broadcast (&pipe->cond);
  g_mutex_unlock (&pipe->lock);
  g_thread_join (feeder);
  if (hasher != NULL)
    {
      guint8 md5[16];
      gsize md5_len = sizeof md5;

      g_thread_join (hasher);
      g_checksum_get_digest (pipe->md5, md5, &md5_len);
      if (ok && !session->md5_broken && memcmp (md5, session->md5, sizeof md5) != 0)
        {
          g_autofree char *text = NULL;

          /* Translators: the first and last block the session's MD5 covers */
          text = g_strdup_printf (_("its blocks %u – %u differ from the session MD5 recorded "
                                    "when it was written"), session->md5_start,
                                  session->md5_end - 1);
          add_problem (check, session->number, NULL, NULL, text);
        }
    }
  g_checksum_free (pipe->md5);
  g_mutex_clear (&pipe->lock);
  g_cond_clear (&pipe->cond);
  g_free (pipe);
  return ok;
}

/**
 * _cs_disc_check_file_alone:
 *
 * Checks @file by reading its extents in order, for a file that the session passes did not
 * feed in order (its extents lie outside the sessions or out of order).
 *
 * Returns: FALSE only when cancelled
 */
gboolean
_cs_disc_check_file_alone (CsCheck      *check,
                           CsCheckFile  *file,
                           GError      **error)
{
  guint8 bad[CS_CHECK_CHUNK_BLOCKS];

  g_clear_pointer (&file->ctx, g_checksum_free);
  file->cur = 0;
  file->cur_off = 0;
  file->gap = FALSE;
  for (int i = 0; i < file->n_sections && !file->done; i++)
    {
      CsCheckSegment seg = { file, i };
      guint32 first = file->sections[i].block;
      guint32 blocks = (guint32) ((file->sections[i].size + CS_CHECK_BLOCK - 1) / CS_CHECK_BLOCK);

      if (blocks == 0)
        {
          /* An empty extent: nothing to read. */
          if (++file->cur >= file->n_sections)
            _cs_disc_check_file_done (check, file);
          continue;
        }
      for (guint32 off = 0; off < blocks && !file->done; )
        {
          guint n = MIN (CS_CHECK_CHUNK_BLOCKS, blocks - off);

          if (_cs_disc_check_cancelled (check, error))
            return FALSE;
          read_chunk (check, file->session, first + off, n, check->slots[0], bad);
          feed (check, &seg, first + off, n, check->slots[0], bad);
          check->done_bytes += (guint64) n * CS_CHECK_BLOCK;
          report_progress (check, FALSE);
          off += n;
        }
      flush_run (check);
    }
  if (!file->done)
    _cs_disc_check_file_done (check, file);
  return TRUE;
}
