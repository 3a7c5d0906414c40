/* cs-disc-restore-data.c – a restored file's bytes: read from its extents on the medium in
 * big reads, written, and checked against the MD5 recorded when it was stored
 *
 * libisofs' IsoStream of an imported file reads block by block through the data source
 * (2 KiB per call, a 64 KiB tile per libburn read). Here each extent
 * (iso_file_get_old_image_sections()) is read in 256 KiB burn_read_data() calls instead, and
 * other threads sum what was read while the next chunk is read and this one written: MD5 is
 * the slowest of the three, so it overlaps the other two, and consecutive files are summed
 * side by side (each file's chunks in order by one thread). The chunks are small enough to
 * stay in a core's cache between the read, the sum and the write.
 *
 * Reads are clamped to the end of an image file: libburn returns a read that crosses it as
 * good, filled with zeros (read.c, burn_read_data: a short burn_stdio_read() counts in
 * full), which must never become a restored file's data. Blocks that cannot be read (past
 * that end, or refused by the drive after one try each) are left out: holes in the middle,
 * and the file ends after the last block that was read, so that an image cut short gives a
 * short file, never one padded with zeros. Each such file is a problem of the report.
 *
 * Blocks of zeros are skipped with holes (64 KiB at a time), so a sparse file stays sparse.
 * Memory: eight 256 KiB buffers per restore.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "cs-disc-restore-private.h"
#include "cs-drive-private.h"

#define BLOCK          2048
#define CHUNK          (256 * 1024)
#define N_BUFS         8
#define MAX_WORKERS    4
#define PIECE          (64 * 1024)
#define PROGRESS_US    (100 * 1000)

/* burn_read_data() flags (libburn.h): bit1 quiet, bit2 no second pass in single blocks,
 * bit3 -2 on permission denied. */
#define READ_FLAGS     (2 | 4 | 8)

/* One file being summed: its chunks go, in order, to one summing thread; the verdict comes
 * back to the restoring thread, which alone touches the report. */
typedef struct
{
  GChecksum *md5;
  char      *disc_path;
  GPtrArray *also;          /* char *: its other names on the disc (hard links), or NULL */
  char       recorded[16];
  gboolean   has_recorded;
  gboolean   skip;          /* blocks were missing: no verdict */
  gboolean   differs;
} FileJob;

typedef enum
{
  ITEM_CHUNK,
  ITEM_FINISH,
  ITEM_QUIT,
} ItemKind;

typedef struct
{
  ItemKind  kind;
  guint     buf;
  gsize     len;
  FileJob  *job;
} Item;

typedef struct
{
  GThread       *thread;
  GAsyncQueue   *todo;      /* Item */
  CsRestoreData *data;
} Worker;

struct _CsRestoreData
{
  Worker       workers[MAX_WORKERS];
  guint        n_workers;
  guint        next_worker;
  GAsyncQueue *free;         /* buffer index + 1 that may be filled */
  GAsyncQueue *done;         /* FileJob with its verdict */
  guint        pending;      /* FileJobs not yet back */
  guint8      *bufs[N_BUFS];
};

static void
file_job_free (FileJob *job)
{
  g_checksum_free (job->md5);
  g_free (job->disc_path);
  if (job->also != NULL)
    g_ptr_array_unref (job->also);
  g_free (job);
}

static gpointer
sum_thread (gpointer user_data)
{
  Worker *worker = user_data;
  CsRestoreData *data = worker->data;

  for (;;)
    {
      Item *item = g_async_queue_pop (worker->todo);
      ItemKind kind = item->kind;

      if (kind == ITEM_CHUNK)
        {
          g_checksum_update (item->job->md5, data->bufs[item->buf], item->len);
          g_async_queue_push (data->free, GUINT_TO_POINTER (item->buf + 1));
        }
      else if (kind == ITEM_FINISH)
        {
          FileJob *job = item->job;
          guint8 digest[16];
          gsize digest_len = sizeof digest;

          g_checksum_get_digest (job->md5, digest, &digest_len);
          job->differs = !job->skip && job->has_recorded
                         && memcmp (digest, job->recorded, sizeof digest) != 0;
          g_async_queue_push (data->done, job);
        }
      g_free (item);
      if (kind == ITEM_QUIT)
        return NULL;
    }
}

/**
 * _cs_restore_data_new:
 *
 * The buffers (N_BUFS × 256 KiB) and one summing thread per processor, two to four: MD5 is
 * the slowest step, and consecutive files are summed side by side.
 */
CsRestoreData *
_cs_restore_data_new (void)
{
  CsRestoreData *data = g_new0 (CsRestoreData, 1);

  data->free = g_async_queue_new ();
  data->done = g_async_queue_new ();
  for (guint i = 0; i < N_BUFS; i++)
    {
      data->bufs[i] = g_malloc (CHUNK);
      g_async_queue_push (data->free, GUINT_TO_POINTER (i + 1));
    }
  data->n_workers = CLAMP (g_get_num_processors (), 2, MAX_WORKERS);
  for (guint i = 0; i < data->n_workers; i++)
    {
      data->workers[i].data = data;
      data->workers[i].todo = g_async_queue_new ();
      data->workers[i].thread = g_thread_new ("cs-restore-md5", sum_thread, &data->workers[i]);
    }
  return data;
}

static void
push_item (Worker   *worker,
           ItemKind  kind,
           guint     buf,
           gsize     len,
           FileJob  *job)
{
  Item *item = g_new (Item, 1);

  item->kind = kind;
  item->buf = buf;
  item->len = len;
  item->job = job;
  g_async_queue_push (worker->todo, item);
}

/* @text as a problem of @disc_path and of each of its other names (@also, nullable). */
static void
problem_all (CsRestore  *self,
             const char *disc_path,
             GPtrArray  *also,
             const char *text)
{
  _cs_restore_problem (self, disc_path, "%s", text);
  for (guint i = 0; also != NULL && i < also->len; i++)
    _cs_restore_problem (self, g_ptr_array_index (also, i), "%s", text);
}

/* The other names @file has on the disc (a hard link group's), or NULL. */
static GPtrArray *
other_names (CsRestore *self,
             IsoFile   *file)
{
  IsoNode *group = g_hash_table_lookup (self->leaders, file);
  GPtrArray *names = group != NULL ? g_hash_table_lookup (self->groups, group) : NULL;
  GPtrArray *also = NULL;

  for (guint i = 0; names != NULL && i < names->len; i++)
    if (g_ptr_array_index (names, i) != (gpointer) file)
      {
        if (also == NULL)
          also = g_ptr_array_new_with_free_func (free);
        g_ptr_array_add (also, iso_tree_get_node_path (g_ptr_array_index (names, i)));
      }
  return also;
}

/* The verdicts that are back (@wait: all of them) become problems of the report. */
static void
take_verdicts (CsRestore *self,
               gboolean   wait)
{
  CsRestoreData *data = self->data;
  FileJob *job;

  while (data->pending > 0
         && (job = wait ? g_async_queue_pop (data->done) : g_async_queue_try_pop (data->done)))
    {
      data->pending--;
      if (job->differs)
        problem_all (self, job->disc_path, job->also,
                     _("its data differs from the MD5 recorded when it was written; it was "
                       "restored as read"));
      file_job_free (job);
    }
}

/**
 * _cs_restore_data_finish:
 *
 * Waits for the checksums of all files restored so far and reports those that differ.
 */
void
_cs_restore_data_finish (CsRestore *self)
{
  take_verdicts (self, TRUE);
}

void
_cs_restore_data_free (CsRestoreData *data)
{
  FileJob *job;

  if (data == NULL)
    return;
  for (guint i = 0; i < data->n_workers; i++)
    {
      push_item (&data->workers[i], ITEM_QUIT, 0, 0, NULL);
      g_thread_join (data->workers[i].thread);
      g_async_queue_unref (data->workers[i].todo);
    }
  while ((job = g_async_queue_try_pop (data->done)) != NULL)
    file_job_free (job);
  for (guint i = 0; i < N_BUFS; i++)
    g_free (data->bufs[i]);
  g_async_queue_unref (data->free);
  g_async_queue_unref (data->done);
  g_free (data);
}

/* What one read of a chunk gave: which of its blocks could not be read. */
typedef struct
{
  guint32  first_bad;    /* the file's first unreadable block, or G_MAXUINT32 */
  guint32  last_bad;
  guint64  bad_blocks;
  gboolean past_end;     /* some lay past the end of the image file */
} BadBlocks;

static void
note_bad (BadBlocks *bad,
          guint32    lba)
{
  if (bad->bad_blocks == 0)
    bad->first_bad = lba;
  bad->last_bad = lba;
  bad->bad_blocks++;
}

/* Reads @n blocks at @lba into @buf; @good[i] says whether block i was read. Returns TRUE
 * when all were. */
static gboolean
read_chunk (CsRestore *self,
            guint32    lba,
            guint      n,
            guint8    *buf,
            gboolean  *good,
            BadBlocks *bad)
{
  guint whole = n;
  off_t count = 0;

  if (lba >= self->readable)
    whole = 0;
  else if (self->readable - lba < n)
    whole = self->readable - lba;

  if (whole == n
      && burn_read_data (self->drive->drive, (off_t) lba * BLOCK, (char *) buf,
                         (off_t) n * BLOCK, &count, READ_FLAGS) > 0
      && count == (off_t) n * BLOCK)
    return TRUE;

  /* Block by block, each once; what the big read counted is valid (libburn.h). */
  for (guint i = 0; i < n; i++)
    {
      off_t one = 0;

      if (i >= whole)
        {
          good[i] = FALSE;
          bad->past_end = TRUE;
        }
      else if ((off_t) (i + 1) * BLOCK <= count)
        good[i] = TRUE;
      else
        good[i] = burn_read_data (self->drive->drive, (off_t) (lba + i) * BLOCK,
                                  (char *) buf + (gsize) i * BLOCK, BLOCK, &one, READ_FLAGS) > 0
                  && one == BLOCK;
      if (!good[i])
        {
          memset (buf + (gsize) i * BLOCK, 0, BLOCK);
          note_bad (bad, lba + i);
        }
    }
  return FALSE;
}

static gboolean
all_zero (const guint8 *p,
          gsize         len)
{
  const guint64 *w = (const guint64 *) p;

  /* Data that is not zero is told at its first word; only zeros are read through. */
  for (gsize i = 0; i < len / 8; i++)
    if (w[i] != 0)
      return FALSE;
  for (gsize i = len / 8 * 8; i < len; i++)
    if (p[i] != 0)
      return FALSE;
  return TRUE;
}

static gboolean
write_all (int           fd,
           const guint8 *p,
           gsize         len,
           guint64       offset)
{
  while (len > 0)
    {
      gssize n = pwrite (fd, p, len, (off_t) offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        {
          errno = ENOSPC;
          return FALSE;
        }
      p += n;
      len -= n;
      offset += n;
    }
  return TRUE;
}

/* Writes @len bytes of @buf at @offset, leaving holes for 64 KiB pieces of zeros and for
 * the blocks @good says were not read (@good NULL: all were); *@end is moved past the last
 * byte written. */
static gboolean
write_chunk (int              fd,
             const guint8    *buf,
             gsize            len,
             guint64          offset,
             const gboolean  *good,
             guint64         *end)
{
  gsize run_start = 0, run_len = 0;

  for (gsize at = 0; at < len; )
    {
      gsize piece = good != NULL ? BLOCK : PIECE;
      gboolean keep;

      piece = MIN (piece, len - at);
      keep = good != NULL ? good[at / BLOCK] && !all_zero (buf + at, piece)
                          : !all_zero (buf + at, piece);
      if (keep)
        {
          if (run_len == 0)
            run_start = at;
          run_len += piece;
        }
      else if (run_len > 0)
        {
          if (!write_all (fd, buf + run_start, run_len, offset + run_start))
            return FALSE;
          *end = offset + run_start + run_len;
          run_len = 0;
        }
      at += piece;
    }
  if (run_len > 0)
    {
      if (!write_all (fd, buf + run_start, run_len, offset + run_start))
        return FALSE;
      *end = offset + run_start + run_len;
    }
  return TRUE;
}

static void
report_progress (CsRestore *self,
                 gboolean   force)
{
  gint64 now;

  if (self->progress == NULL)
    return;
  now = g_get_monotonic_time ();
  if (!force && now - self->last_progress < PROGRESS_US)
    return;
  self->last_progress = now;
  self->progress (self->total > 0 ? MIN (1.0, (double) self->done / (double) self->total) : 1.0,
                  self->done, self->total, self->progress_data);
}

/**
 * _cs_restore_file_data:
 * @file: the file on the disc
 * @fd: the new, empty file, open for writing
 * @disc_path: /YYYY/MM/DD/…, for problems
 * @rel_path: its path below the day, for messages
 *
 * Copies @file's data into @fd and checks its recorded MD5. Unreadable blocks and a checksum
 * that differs are problems of the report; the file keeps what was read.
 *
 * Returns: FALSE with %CS_ERROR_WRITE when @fd cannot be written, %CS_ERROR_CANCELLED
 */
gboolean
_cs_restore_file_data (CsRestore   *self,
                       IsoFile     *file,
                       int          fd,
                       const char  *disc_path,
                       const char  *rel_path,
                       GError     **error)
{
  CsRestoreData *data = self->data;
  struct iso_file_section *sections = NULL;
  Worker *worker;
  FileJob *job;
  g_autofree gboolean *good = g_new (gboolean, CHUNK / BLOCK);
  BadBlocks bad = { G_MAXUINT32, 0, 0, FALSE };
  g_autoptr(GPtrArray) also = NULL;
  gboolean has_recorded;
  guint64 size = iso_file_get_size (file);
  guint64 offset = 0, end_good = 0, end_written = 0;
  gboolean ok = FALSE;
  int n_sections = 0;

  if (size > 0 && (iso_file_get_old_image_sections (file, &n_sections, &sections, 0) <= 0
                   || n_sections <= 0))
    {
      _cs_restore_problem (self, disc_path, _("its data cannot be found on the disc"));
      self->done += size;
      return TRUE;
    }

  take_verdicts (self, FALSE);
  job = g_new0 (FileJob, 1);
  job->md5 = g_checksum_new (G_CHECKSUM_MD5);
  job->disc_path = g_strdup (disc_path);
  job->has_recorded = iso_file_get_md5 (self->image, file, job->recorded, 0) == 1;
  job->also = other_names (self, file);
  has_recorded = job->has_recorded;
  worker = &data->workers[data->next_worker++ % data->n_workers];
  data->pending++;

  for (int s = 0; s < n_sections && offset < size; s++)
    {
      guint64 left = MIN ((guint64) sections[s].size, size - offset);
      guint32 lba = sections[s].block;

      while (left > 0)
        {
          gsize len = (gsize) MIN (left, (guint64) CHUNK);
          guint n = (guint) ((len + BLOCK - 1) / BLOCK);
          guint item, i;
          gboolean whole;

          if (g_cancellable_set_error_if_cancelled (self->cancellable, error))
            goto out;
          item = GPOINTER_TO_UINT (g_async_queue_pop (data->free));
          i = item - 1;
          whole = read_chunk (self, lba, n, data->bufs[i], good, &bad);
          if (!write_chunk (fd, data->bufs[i], len, offset, whole ? NULL : good, &end_written))
            {
              int errsv = errno;

              g_async_queue_push (data->free, GUINT_TO_POINTER (item));
              _cs_restore_write_error (self, errsv, rel_path, error);
              goto out;
            }
          if (whole)
            end_good = offset + len;
          else
            for (guint b = 0; b < n; b++)
              if (good[b])
                end_good = MIN (offset + (guint64) (b + 1) * BLOCK, offset + len);
          if (bad.bad_blocks == 0)
            push_item (worker, ITEM_CHUNK, i, len, job);
          else
            g_async_queue_push (data->free, GUINT_TO_POINTER (item));
          offset += len;
          left -= len;
          lba += n;
          self->done += len;
          report_progress (self, FALSE);
        }
    }

  /* The holes at the end, or the end of what could be read (a file written to its end
   * needs no call: 40,000 small files spare 40,000 of them). */
  if (end_written != (bad.bad_blocks > 0 ? end_good : size)
      && ftruncate (fd, (off_t) (bad.bad_blocks > 0 ? end_good : size)) != 0)
    {
      _cs_restore_write_error (self, errno, rel_path, error);
      goto out;
    }
  if (offset < size && bad.bad_blocks == 0)
    _cs_restore_problem (self, disc_path,
                         _("the disc records fewer blocks for it than its size; it was "
                           "restored short"));
  ok = TRUE;

out:
  /* The verdict comes back later (take_verdicts()); none without all the bytes. */
  job->skip = !ok || bad.bad_blocks > 0 || offset < size;
  /* The job is the summing thread's from now on. */
  also = job->also != NULL ? g_ptr_array_ref (job->also) : NULL;
  push_item (worker, ITEM_FINISH, 0, 0, job);
  if (ok && bad.bad_blocks > 0)
    {
      g_autofree char *blocks = NULL;
      g_autofree char *text = NULL;

      if (bad.first_bad == bad.last_bad)
        /* Translators: a block number */
        blocks = g_strdup_printf (_("block %u"), bad.first_bad);
      else
        /* Translators: the first and last of some block numbers */
        blocks = g_strdup_printf (_("blocks %u – %u"), bad.first_bad, bad.last_bad);
      if (bad.past_end)
        /* Translators: %1$s "block 2304" or "blocks 2304 – 2335", %2$s the image file */
        text = g_strdup_printf (_("%1$s cannot be read: the image file %2$s ends before "
                                  "them (it is cut short); the restored file lacks them"),
                                blocks, cs_drive_get_address (self->drive));
      else
        /* Translators: %s "block 2304" or "blocks 2304 – 2335" */
        text = g_strdup_printf (_("%s cannot be read (the disc is damaged); the restored file "
                                  "lacks them"), blocks);
      problem_all (self, disc_path, also, text);
    }
  else if (ok && !has_recorded && self->md5_recorded)
    {
      g_autofree char *text = NULL;

      /* The session was written with MD5s, but this file's cannot be had (its array is
       * damaged or cannot be read). */
      /* Translators: %u a session number */
      text = g_strdup_printf (_("its MD5 cannot be checked: the checksums recorded for "
                                "session %u cannot be read"), self->report->session);
      problem_all (self, disc_path, also, text);
    }
  free (sections);
  return ok;
}
