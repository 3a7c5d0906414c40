/* cs-disc-contents.c – what is on a disc or image file: its sessions and the days each added
 *
 * The sessions come from libburn's table of contents on sequential media, and from the chain
 * of session superblocks on overwritable media and image files, scanned as libisoburn's
 * isoburn_emulate_toc() does (libburnia.md §4.2, §5.d). Of each session only the primary
 * volume descriptor and the top three directory levels (/YYYY/MM/DD) are read, parsed here
 * as ECMA-119 §9 has them, so that a week of big days is listed in a few hundred block
 * reads, all through the drive (cs-drive-read.c), never through the kernel.
 *
 * Which session added a day: libisofs writes every directory anew in each session and keeps
 * only the data of files that did not change where it was (seen on a two-session image:
 * /2026/11/23's directory record moved into session 2, its file's extent stayed in
 * session 1), so a directory's own extent says nothing. A day that the previous session's tree lacks was
 * added by this session; a day that it had was replaced when the data of a file in it lies
 * inside this session (the store grafts a replaced day anew: cs-image.c, cs_image_add_day).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cs-disc-contents.h"
#include "cs-drive-private.h"
#include "cs-error.h"

#define BLOCK              2048
#define HEAD_BLOCKS        (CS_HEAD_SIZE / BLOCK)
#define MAX_SESSIONS       10000
/* The top three levels are small (years, months, days); more is not a Cedar disc's. */
#define MAX_DIR_BYTES      (4 * 1024 * 1024)
/* Directory blocks read at most in all: a hostile image cannot make a listing endless (a
 * week of Cedar's sessions needs a few hundred). */
#define MAX_DIR_BLOCKS     (256 * 1024)
/* Directory blocks read at most to find one file with data in a day. */
#define PROBE_BLOCKS       32
#define PROBE_QUEUE        64

G_DEFINE_BOXED_TYPE (CsDiscContents, cs_disc_contents, cs_disc_contents_copy,
                     cs_disc_contents_free)

static void
session_free (gpointer data)
{
  CsDiscSession *session = data;

  g_free (session->volume_id);
  g_clear_pointer (&session->recorded, g_date_time_unref);
  g_strfreev (session->days_added);
  g_free (session);
}

static gpointer
session_copy (gconstpointer src,
              gpointer      user_data)
{
  const CsDiscSession *session = src;
  CsDiscSession *copy = g_memdup2 (session, sizeof *session);

  copy->volume_id = g_strdup (session->volume_id);
  copy->recorded = session->recorded != NULL ? g_date_time_ref (session->recorded) : NULL;
  copy->days_added = g_strdupv (session->days_added);
  return copy;
}

/**
 * cs_disc_contents_copy:
 * @contents: what cs_disc_contents_read() found
 *
 * Returns: (transfer full): a deep copy; free with cs_disc_contents_free()
 */
CsDiscContents *
cs_disc_contents_copy (const CsDiscContents *contents)
{
  CsDiscContents *copy;

  g_return_val_if_fail (contents != NULL, NULL);

  copy = g_new0 (CsDiscContents, 1);
  copy->sessions = g_ptr_array_copy (contents->sessions, session_copy, NULL);
  g_ptr_array_set_free_func (copy->sessions, session_free);
  copy->days = g_strdupv (contents->days);
  copy->problems = g_strdupv (contents->problems);
  copy->used_bytes = contents->used_bytes;
  return copy;
}

/**
 * cs_disc_contents_free:
 * @contents: (nullable): what to free
 */
void
cs_disc_contents_free (CsDiscContents *contents)
{
  if (contents == NULL)
    return;
  g_clear_pointer (&contents->sessions, g_ptr_array_unref);
  g_strfreev (contents->days);
  g_strfreev (contents->problems);
  g_free (contents);
}

/* Reading: blocks through the drive's tile cache (32 blocks per read, as libisoburn). */
typedef struct
{
  CsDrive       *drive;
  IsoDataSource *src;
  guint32        readable;  /* image files: blocks in the file; G_MAXUINT32 otherwise */
  guint          dir_blocks;/* directory blocks read so far */
  GPtrArray     *problems;  /* damage met, for CsDiscContents.problems */
} Reader;

static gboolean
read_block (Reader   *reader,
            guint32   lba,
            guint8   *buffer,
            GError  **error)
{
  /* libburn fills a read that crosses the end of an image file with zeros and calls it
   * good (read.c, burn_read_data: a short burn_stdio_read() counts as the whole chunk). */
  int ret = lba < reader->readable ? reader->src->read_block (reader->src, lba, buffer) : -1;

  if (ret < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Cannot read the contents of %s: block %u cannot be read (the disc is "
                     "damaged or the image file is cut short)"),
                   cs_drive_get_address (reader->drive), lba);
      return FALSE;
    }
  return TRUE;
}

/* The primary volume descriptor of the session starting at @start, or FALSE. */
static gboolean
read_pvd (Reader  *reader,
          guint32  start,
          guint8  *pvd)
{
  return read_block (reader, start + 16, pvd, NULL) && _cs_drive_is_pvd (pvd);
}

/* ECMA-119 §9.1: one directory record. */
typedef struct
{
  guint32       extent;
  guint32       size;
  guint8        flags;
  const guint8 *name;
  guint         name_len;
} DirRecord;

#define DIR_FLAG_DIRECTORY 0x02

static void
parse_record (const guint8 *rec,
              DirRecord    *out)
{
  out->extent = _cs_le32 (rec + 2);
  out->size = _cs_le32 (rec + 10);
  out->flags = rec[25];
  out->name_len = rec[32];
  out->name = rec + 33;
}

/* The next record of a directory's data in @buf, skipping "." and "..": records never cross
 * a block and a zero length byte ends a block's records (ECMA-119 §6.8.1.1). A malformed
 * record ends the directory. */
static gboolean
next_record (const guint8 *buf,
             gsize         len,
             gsize        *pos,
             DirRecord    *rec)
{
  while (*pos < len)
    {
      gsize p = *pos;
      guint rec_len = buf[p];

      if (rec_len == 0)
        {
          *pos = (p / BLOCK + 1) * BLOCK;
          continue;
        }
      if (rec_len < 34 || p % BLOCK + rec_len > BLOCK || p + rec_len > len
          || 33u + buf[p + 32] > rec_len)
        return FALSE;
      *pos = p + rec_len;
      parse_record (buf + p, rec);
      if (rec->name_len == 1 && (rec->name[0] == 0 || rec->name[0] == 1))
        continue;
      return TRUE;
    }
  return FALSE;
}

/* A directory's data: @size bytes at @extent, at most MAX_DIR_BYTES. */
static guint8 *
read_dir (Reader   *reader,
          guint32   extent,
          guint32   size,
          gsize    *len,
          GError  **error)
{
  g_autofree guint8 *buf = NULL;
  guint n;

  size = MIN (size, MAX_DIR_BYTES);
  n = (size + BLOCK - 1) / BLOCK;
  reader->dir_blocks += n;
  if (reader->dir_blocks > MAX_DIR_BLOCKS)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Cannot list the contents of %s: its directories are far larger than "
                     "those of a backup disc"), cs_drive_get_address (reader->drive));
      return NULL;
    }
  buf = g_malloc ((gsize)MAX (n, 1) * BLOCK);
  for (guint i = 0; i < n; i++)
    if (!read_block (reader, extent + i, buf + (gsize)i * BLOCK, error))
      return NULL;
  *len = (gsize)n * BLOCK;
  return g_steal_pointer (&buf);
}

static gboolean
is_digits (const DirRecord *rec,
           guint            len)
{
  if (!(rec->flags & DIR_FLAG_DIRECTORY) || rec->name_len != len)
    return FALSE;
  for (guint i = 0; i < len; i++)
    if (!g_ascii_isdigit (rec->name[i]))
      return FALSE;
  return TRUE;
}

/* A day directory of a session's tree. */
typedef struct
{
  guint32 extent;
  guint32 size;
} DayDir;

/* The days of the tree whose root record the PVD holds (ECMA-119 §8.4.18): "YYYY/MM/DD" →
 * DayDir. Names are the ISO 9660 names; the days' are digits, the same in every tree. */
static GHashTable *
read_days (Reader        *reader,
           const guint8  *pvd,
           GError       **error)
{
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  DirRecord root, year, month, day;
  g_autofree guint8 *root_buf = NULL;
  gsize root_len = 0, pos_y = 0;

  parse_record (pvd + 156, &root);
  if (!(root_buf = read_dir (reader, root.extent, root.size, &root_len, error)))
    return NULL;
  while (next_record (root_buf, root_len, &pos_y, &year))
    {
      g_autofree guint8 *year_buf = NULL;
      gsize year_len = 0, pos_m = 0;

      if (!is_digits (&year, 4))
        continue;
      if (!(year_buf = read_dir (reader, year.extent, year.size, &year_len, error)))
        return NULL;
      while (next_record (year_buf, year_len, &pos_m, &month))
        {
          g_autofree guint8 *month_buf = NULL;
          gsize month_len = 0, pos_d = 0;

          if (!is_digits (&month, 2))
            continue;
          if (!(month_buf = read_dir (reader, month.extent, month.size, &month_len, error)))
            return NULL;
          while (next_record (month_buf, month_len, &pos_d, &day))
            {
              DayDir *dir;

              if (!is_digits (&day, 2))
                continue;
              dir = g_new (DayDir, 1);
              dir->extent = day.extent;
              dir->size = day.size;
              g_hash_table_replace (days, g_strdup_printf ("%.4s/%.2s/%.2s", year.name,
                                                           month.name, day.name), dir);
            }
        }
    }
  return g_steal_pointer (&days);
}

/* Whether the data of the first file with data found in @dir (breadth first, block by
 * block) lies in [@lo, @hi): 1 yes, 0 no, -1 no file with data within PROBE_BLOCKS. */
static int
probe_day (Reader        *reader,
           const DayDir  *dir,
           guint32        lo,
           guint32        hi,
           GError       **error)
{
  /* Each entry: a directory's next block to read and how many of its blocks are left. */
  guint32 queue[PROBE_QUEUE][2];
  guint head = 0, tail = 0;
  guint8 block[BLOCK];

  queue[tail][0] = dir->extent;
  queue[tail][1] = (dir->size + BLOCK - 1) / BLOCK;
  tail++;
  for (guint reads = 0; head < tail && reads < PROBE_BLOCKS; reads++)
    {
      guint32 lba = queue[head % PROBE_QUEUE][0];
      guint32 left = queue[head % PROBE_QUEUE][1];
      DirRecord rec;
      gsize pos = 0;

      head++;
      if (left == 0)
        continue;
      if (!read_block (reader, lba, block, error))
        return -2;
      while (next_record (block, BLOCK, &pos, &rec))
        {
          if (!(rec.flags & DIR_FLAG_DIRECTORY))
            {
              if (rec.size > 0)
                return rec.extent >= lo && rec.extent < hi ? 1 : 0;
            }
          else if (tail - head < PROBE_QUEUE - 1)
            {
              queue[tail % PROBE_QUEUE][0] = rec.extent;
              queue[tail % PROBE_QUEUE][1] = (rec.size + BLOCK - 1) / BLOCK;
              tail++;
            }
        }
      /* The rest of this directory after its subdirectories' first blocks. */
      if (left > 1 && tail - head < PROBE_QUEUE)
        {
          queue[tail % PROBE_QUEUE][0] = lba + 1;
          queue[tail % PROBE_QUEUE][1] = left - 1;
          tail++;
        }
    }
  return -1;
}

/* ECMA-119 §8.4.26.1: "YYYYMMDDHHMMSScc" and the offset from GMT in 15 minute steps. */
static GDateTime *
pvd_time (const guint8 *field)
{
  g_autoptr(GTimeZone) tz = NULL;
  int v[7];

  for (guint i = 0; i < 16; i++)
    if (!g_ascii_isdigit (field[i]))
      return NULL;
  v[0] = (field[0] - '0') * 1000 + (field[1] - '0') * 100 + (field[2] - '0') * 10 + field[3] - '0';
  for (guint i = 1; i < 7; i++)
    v[i] = (field[2 + 2 * i] - '0') * 10 + field[3 + 2 * i] - '0';
  if (v[0] == 0)
    return NULL;
  tz = g_time_zone_new_offset ((gint8)field[16] * 15 * 60);
  return g_date_time_new (tz, v[0], v[1], v[2], v[3], v[4], v[5] + v[6] / 100.0);
}

/* A session being listed: its descriptor and tree. */
typedef struct
{
  guint32      start;
  guint32      blocks;
  gboolean     has_pvd;
  guint8       pvd[BLOCK];
} Found;

static void
add_found (GArray       *found,
           guint32       start,
           guint32       blocks,
           const guint8 *pvd)
{
  Found f = { .start = start, .blocks = blocks, .has_pvd = pvd != NULL };

  if (pvd != NULL)
    memcpy (f.pvd, pvd, BLOCK);
  g_array_append_val (found, f);
}

/* Overwritable media and image files: the superblock chain from block 32, as
 * isoburn_emulate_toc() (libisoburn burn_wrap.c) scans it. A medium whose chain does not
 * start at 32 holds one session at 0 (written there by another tool); a chain broken
 * before the image's end gets a last session from 0 to the end, as xorriso's TOC shows. */
static void
find_emulated_sessions (Reader       *reader,
                        const guint8 *head_pvd,
                        GArray       *found)
{
  guint32 image_size = _cs_le32 (head_pvd + 80);
  guint32 lba = HEAD_BLOCKS;
  gboolean minus_16 = FALSE;
  guint8 pvd[BLOCK];

  while (lba < image_size && found->len < MAX_SESSIONS)
    {
      guint32 at = lba, size, growisofs;

      /* growisofs aligns sessions to 16 blocks: its superblock may sit 16 blocks early. */
      if (!read_pvd (reader, lba, pvd))
        {
          if (!minus_16 || !read_pvd (reader, lba - 16, pvd))
            break;
          at = lba - 16;
        }
      size = _cs_le32 (pvd + 80);
      if (size == 0)
        break;
      add_found (found, at, size, pvd);
      lba = at + size;
      growisofs = (lba + 15) / 16 * 16;
      lba = (lba + HEAD_BLOCKS - 1) / HEAD_BLOCKS * HEAD_BLOCKS;
      minus_16 = lba - growisofs == 16;
    }
  if (found->len > 0 && lba < image_size && lba + 16 >= reader->readable)
    /* Translators: the image file, where it ends and where its newest session ends */
    g_ptr_array_add (reader->problems,
                     g_strdup_printf (_("The image file %s ends at block %u, before its newest "
                                        "session does (block %u): it is cut short"),
                                      cs_drive_get_address (reader->drive), reader->readable,
                                      image_size));
  else if (found->len > 0 && lba < image_size)
    /* Translators: a session number and a block number */
    g_ptr_array_add (reader->problems,
                     g_strdup_printf (_("The chain of session headers is broken after session %u "
                                        "(no volume descriptor at block %u): the rest is "
                                        "listed as one session from block 0"),
                                      found->len, lba));
  if (found->len == 0 || lba < image_size)
    add_found (found, 0, image_size, head_pvd);
}

/* Sequential media: each session of the table of contents, its first track's start. */
static void
find_toc_sessions (Reader *reader,
                   GArray *found)
{
  struct burn_disc *disc = burn_drive_get_disc (reader->drive->drive);
  struct burn_session **sessions;
  int n = 0;

  if (disc == NULL)
    return;
  sessions = burn_disc_get_sessions (disc, &n);
  for (int i = 0; sessions != NULL && i < n && found->len < MAX_SESSIONS; i++)
    {
      struct burn_track **tracks;
      struct burn_toc_entry first, last;
      int nt = 0, start;
      guint32 end;
      guint8 pvd[BLOCK];

      tracks = burn_session_get_tracks (sessions[i], &nt);
      if (tracks == NULL || nt <= 0)
        continue;
      memset (&first, 0, sizeof first);
      memset (&last, 0, sizeof last);
      burn_track_get_entry (tracks[0], &first);
      burn_track_get_entry (tracks[nt - 1], &last);
      start = (first.extensions_valid & 1) ? first.start_lba
              : burn_msf_to_lba (first.pmin, first.psec, first.pframe);
      if (start < 0)
        continue;
      end = (last.extensions_valid & 1) && last.start_lba >= 0
            ? (guint32)last.start_lba + (guint32)last.track_blocks : (guint32)start;
      if (read_pvd (reader, (guint32)start, pvd))
        add_found (found, (guint32)start, _cs_le32 (pvd + 80), pvd);
      else
        add_found (found, (guint32)start, end > (guint32)start ? end - (guint32)start : 0, NULL);
    }
  burn_disc_free (disc);
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The days of @days as a sorted, NULL-terminated array. */
static GStrv
sorted_days (GHashTable *days)
{
  g_autofree const char **keys = NULL;
  GStrv result;
  guint n = 0;

  if (days == NULL)
    return g_new0 (char *, 1);
  keys = (const char **)g_hash_table_get_keys_as_array (days, &n);
  qsort (keys, n, sizeof *keys, compare_days);
  result = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    result[i] = g_strdup (keys[i]);
  return result;
}

/* Fills @session from its descriptor: the days it added compared with @prev_days (the
 * previous session's tree, or NULL for the first). Returns the session's days. */
static GHashTable *
read_session (Reader         *reader,
              const Found    *found,
              CsDiscSession  *session,
              GHashTable     *prev_days,
              guint32         prev_end,
              GError        **error)
{
  g_autoptr(GHashTable) days = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new ();
  g_auto(GStrv) sorted = NULL;
  guint32 lo = MAX (found->start, prev_end);
  guint32 hi = found->start + found->blocks;
  g_autofree char *volume_id = _cs_drive_pvd_volume_id (found->pvd);

  /* d-characters (ECMA-119 §7.4.1); anything else is damage, shown but valid UTF-8. */
  session->volume_id = volume_id != NULL ? g_utf8_make_valid (volume_id, -1) : NULL;
  session->recorded = pvd_time (found->pvd + 813);
  if (!(days = read_days (reader, found->pvd, error)))
    return NULL;
  sorted = sorted_days (days);
  for (guint i = 0; sorted[i] != NULL; i++)
    {
      const DayDir *dir = g_hash_table_lookup (days, sorted[i]);
      int inside = 1;

      if (prev_days != NULL && g_hash_table_contains (prev_days, sorted[i]))
        inside = probe_day (reader, dir, lo, hi, error);
      if (inside == -2)
        return NULL;
      if (inside == 1)
        g_ptr_array_add (added, g_strdup (sorted[i]));
    }
  g_ptr_array_add (added, NULL);
  session->days_added = (GStrv)g_ptr_array_steal (added, NULL);
  return g_steal_pointer (&days);
}

/* Whether the medium can be listed; sets @error naming the device when not. */
static gboolean
check_readable (CsDrive         *drive,
                const CsMedium  *medium,
                GError         **error)
{
  const char *address = cs_drive_get_address (drive);

  switch (medium->state)
    {
    case CS_MEDIUM_NONE:
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("There is no disc in %s; insert the disc to read what is on it"), address);
      return FALSE;

    case CS_MEDIUM_UNREADABLE:
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("The disc in %s cannot be read: %s. Clean it or try another drive"),
                   address, medium->problem ? medium->problem : "?");
      return FALSE;

    case CS_MEDIUM_UNSUITABLE:
      if (!medium->overwritable)
        return TRUE;  /* a table of contents may still list sessions */
      G_GNUC_FALLTHROUGH;
    case CS_MEDIUM_FOREIGN:
      if (medium->overwritable
          && (cs_drive_get_head (drive) == NULL
              || !_cs_drive_is_pvd (cs_drive_get_head (drive) + 16 * BLOCK)))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("%s holds data that is not an ISO 9660 image: there are no sessions "
                         "to list"), address);
          return FALSE;
        }
      return TRUE;

    case CS_MEDIUM_BLANK:
    case CS_MEDIUM_APPENDABLE:
    case CS_MEDIUM_CLOSED:
    default:
      return TRUE;
    }
}

/**
 * cs_disc_contents_read:
 * @drive: a grabbed drive (cs_drive_open()), used from this thread only while this runs
 * @cancellable: (nullable): checked between sessions
 * @error: return location for a #GError
 *
 * Lists the sessions on the medium in @drive, oldest first: for sequential media as
 * libburn's table of contents has them, for overwritable media and image files by the chain
 * of session superblocks from block 32 (the start blocks `xorriso -indev ADDR -toc` shows).
 * For each session the primary volume descriptor (volume id, creation time, volume space
 * size) and the top three directory levels of its tree are read, through @drive; a day
 * `YYYY/MM/DD` (three levels of 4, 2 and 2 digit directories) counts as added by a session
 * when the previous session's tree lacks it or when the data of a file in it lies inside the
 * session (the day was stored again). #CsDiscContents.days are the days of the newest tree
 * (the one an append imports). A few hundred 2 KiB blocks are read for a week of sessions.
 *
 * A blank medium or an image file that does not exist gives no sessions. An image file cut
 * short still lists the sessions whose descriptors and directories can be read.
 *
 * Returns: (transfer full): the contents; free with cs_disc_contents_free(). %NULL with a
 *   %CS_ERROR_MEDIUM error (exit status 4) naming the device when there is no medium, it
 *   cannot be read, or it holds data that is not ISO 9660; %CS_ERROR_CANCELLED when
 *   cancelled.
 */
CsDiscContents *
cs_disc_contents_read (CsDrive       *drive,
                       GCancellable  *cancellable,
                       GError       **error)
{
  g_autoptr(CsDiscContents) contents = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GHashTable) days = NULL;
  const CsMedium *medium;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  Reader reader = { drive, NULL, G_MAXUINT32, 0, problems };
  int capacity = 0;
  guint32 end = 0;

  g_return_val_if_fail (CS_IS_DRIVE (drive), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  medium = cs_drive_get_medium (drive);
  if (!check_readable (drive, medium, error))
    return NULL;

  contents = g_new0 (CsDiscContents, 1);
  contents->sessions = g_ptr_array_new_with_free_func (session_free);
  if (medium->state == CS_MEDIUM_BLANK)
    {
      contents->days = g_new0 (char *, 1);
      contents->problems = g_new0 (char *, 1);
      return g_steal_pointer (&contents);
    }

  found = g_array_new (FALSE, FALSE, sizeof (Found));
  reader.src = cs_drive_new_data_source (drive);
  if (medium->image_file && burn_get_read_capacity (drive->drive, &capacity, 0) > 0)
    reader.readable = (guint32)MAX (capacity, 0);
  if (medium->overwritable)
    find_emulated_sessions (&reader, cs_drive_get_head (drive) + 16 * BLOCK, found);
  else
    find_toc_sessions (&reader, found);
  if (found->len == 0 && medium->state != CS_MEDIUM_APPENDABLE
      && medium->state != CS_MEDIUM_CLOSED)
    {
      iso_data_source_unref (reader.src);
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("The disc in %s lists no sessions that can be read"),
                   cs_drive_get_address (drive));
      return NULL;
    }

  for (guint i = 0; i < found->len; i++)
    {
      const Found *f = &g_array_index (found, Found, i);
      CsDiscSession *session = g_new0 (CsDiscSession, 1);

      g_ptr_array_add (contents->sessions, session);
      session->number = i + 1;
      session->start = f->start;
      session->blocks = f->blocks;
      if (g_cancellable_is_cancelled (cancellable))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_CANCELLED,
                       _("Reading the contents of %s was cancelled"),
                       cs_drive_get_address (drive));
          iso_data_source_unref (reader.src);
          return NULL;
        }
      if (f->has_pvd)
        {
          g_autoptr(GError) local_error = NULL;
          GHashTable *session_days = read_session (&reader, f, session, days, end, &local_error);

          /* A session whose directories cannot be read (an image cut short, a damaged
           * disc) is listed without days; the sessions before it can still be checked
           * and restored from. */
          if (session_days == NULL && !g_error_matches (local_error, CS_ERROR, CS_ERROR_MEDIUM))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              iso_data_source_unref (reader.src);
              return NULL;
            }
          if (session_days == NULL)
            {
              /* Translators: a session number, then why its directories cannot be read */
              g_ptr_array_add (problems, g_strdup_printf (_("Session %u: its directories "
                                                            "cannot be read: %s"),
                                                          session->number,
                                                          local_error->message));
              if (session->days_added == NULL)
                session->days_added = g_new0 (char *, 1);
            }
          else
            {
              g_clear_pointer (&days, g_hash_table_unref);
              days = session_days;
            }
        }
      else
        session->days_added = g_new0 (char *, 1);
      end = MAX (end, f->start + f->blocks);
    }

  /* Image files and overwritable media: the newest tree is the one at block 0, normally
   * the newest session's own. */
  if (medium->overwritable && found->len > 0)
    {
      const guint8 *head_pvd = cs_drive_get_head (drive) + 16 * BLOCK;
      const Found *last = &g_array_index (found, Found, found->len - 1);

      if (!last->has_pvd || _cs_le32 (last->pvd + 156 + 2) != _cs_le32 (head_pvd + 156 + 2))
        {
          g_autoptr(GError) local_error = NULL;
          GHashTable *head_days = read_days (&reader, head_pvd, &local_error);

          if (head_days != NULL)
            {
              g_clear_pointer (&days, g_hash_table_unref);
              days = head_days;
            }
          else
            {
              g_ptr_array_add (problems, g_strdup_printf (_("The newest tree (at block 0) "
                                                            "cannot be read: %s"),
                                                          local_error->message));
            }
        }
    }
  iso_data_source_unref (reader.src);
  contents->days = days != NULL ? sorted_days (days) : g_new0 (char *, 1);
  g_ptr_array_add (problems, NULL);
  contents->problems = (GStrv) g_ptr_array_steal (problems, NULL);
  contents->used_bytes = (guint64)end * BLOCK;
  return g_steal_pointer (&contents);
}

/**
 * cs_disc_contents_describe_days:
 * @contents: what cs_disc_contents_read() found
 * @max_days: how many days to name at most; 0 for all
 *
 * The days the disc holds (#CsDiscContents.days), for people: "2026/11/23",
 * "2026/11/23 and 2026/11/24", "2026/11/23, 2026/11/24 and 3 more".
 *
 * Returns: (transfer full): the text, "" when the disc holds no day
 */
char *
cs_disc_contents_describe_days (const CsDiscContents *contents,
                                guint                 max_days)
{
  g_autofree char *list = NULL;
  gboolean all;
  guint n, shown;

  g_return_val_if_fail (contents != NULL, NULL);

  n = contents->days != NULL ? g_strv_length (contents->days) : 0;
  if (n == 0)
    return g_strdup ("");
  all = max_days == 0 || n <= max_days;
  if (all && n == 1)
    return g_strdup (contents->days[0]);
  shown = all ? n - 1 : max_days;
  {
    GString *text = g_string_new (contents->days[0]);

    for (guint i = 1; i < shown; i++)
      /* Translators: between the days of a list ("2026/11/23, 2026/11/24 and 2026/11/25") */
      g_string_append_printf (text, "%s%s", C_("list of days", ", "), contents->days[i]);
    list = g_string_free (text, FALSE);
  }
  if (all)
    /* Translators: the last two of a list of days: %1$s "2026/11/23, 2026/11/24", %2$s
     * "2026/11/25" */
    return g_strdup_printf (_("%1$s and %2$s"), list, contents->days[n - 1]);
  /* Translators: %1$s some days ("2026/11/23, 2026/11/24"), %2$u how many more */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%1$s and %2$u more",
                                       "%1$s and %2$u more", n - shown),
                          list, n - shown);
}
