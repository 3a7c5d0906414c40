/* cs-disc-check.c – read every session of a disc or image file and check its recorded MD5s
 *
 * First each session's tree is imported on its own, which gives the session's MD5 and range,
 * and each file's extents and recorded MD5 (cs-disc-check-tree.c). A file is known by its
 * extents and checked once, in the session whose blocks hold its data. Then each session's
 * blocks are read once (cs-disc-check-pass.c), and last the files that no pass could feed in
 * order are read on their own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-disc-check-private.h"
#include "cs-error.h"

static void
file_free (gpointer data)
{
  CsCheckFile *file = data;

  if (file->ctx != NULL)
    g_checksum_free (file->ctx);
  g_free (file->path);
  g_free (file->day);
  if (file->also != NULL)
    g_ptr_array_unref (file->also);
  free (file->sections);
  g_free (file);
}

static int
compare_segments (gconstpointer a,
                  gconstpointer b)
{
  const CsCheckSegment *sa = a, *sb = b;
  guint32 la = sa->file->sections[sa->section].block;
  guint32 lb = sb->file->sections[sb->section].block;

  return la < lb ? -1 : la > lb ? 1 : sa->section - sb->section;
}

/* Whether all of @file's extents lie in one session's pass, in order. */
static gboolean
fed_by_passes (CsCheck           *check,
               const CsCheckFile *file)
{
  for (guint i = 0; i < check->n_sessions; i++)
    {
      const CsCheckSession *s = &check->sessions[i];
      gboolean inside = TRUE;

      for (int j = 0; j < file->n_sections && inside; j++)
        {
          guint64 end = (guint64) file->sections[j].block * CS_CHECK_BLOCK
                        + file->sections[j].size;

          inside = file->sections[j].block >= s->pass_start
                   && end <= (guint64) s->pass_end * CS_CHECK_BLOCK
                   && (j == 0 || file->sections[j].block > file->sections[j - 1].block);
        }
      if (inside)
        return TRUE;
    }
  return FALSE;
}

/* Plans the passes: each session's blocks, the segments in disc order, the bytes to read. */
static void
plan (CsCheck *check)
{
  for (guint i = 0; i < check->n_sessions; i++)
    {
      CsCheckSession *s = &check->sessions[i];

      s->pass_start = s->start;
      s->pass_end = s->start + s->blocks;
      if (s->has_md5)
        {
          s->pass_start = MIN (s->pass_start, s->md5_start);
          s->pass_end = MAX (s->pass_end, s->md5_end);
        }
      check->total_bytes += (guint64) (s->pass_end - s->pass_start) * CS_CHECK_BLOCK;
    }
  for (guint i = 0; i < check->files->len; i++)
    {
      CsCheckFile *file = g_ptr_array_index (check->files, i);

      if (file->session > 0)
        check->sessions[file->session - 1].files++;
      /* Another program wrote the disc (else a problem of the file: file_done()). */
      if (!file->has_md5 && !check->any_md5)
        check->report->files_without_md5++;
      if (file->size == 0 || file->n_sections == 0)
        {
          /* Empty: the MD5 of nothing, nothing to read. */
          _cs_disc_check_file_done (check, file);
          continue;
        }
      for (int j = 0; j < file->n_sections; j++)
        {
          CsCheckSegment seg = { file, j };

          g_array_append_val (check->segments, seg);
        }
      if (!fed_by_passes (check, file))
        check->total_bytes += file->size;
    }
  g_array_sort (check->segments, compare_segments);
}

/* Problems by session, each session's in the order found (g_ptr_array_sort() is stable). */
static int
compare_problems (gconstpointer a,
                  gconstpointer b)
{
  const CsCheckProblem *pa = *(CsCheckProblem * const *) a;
  const CsCheckProblem *pb = *(CsCheckProblem * const *) b;

  return pa->session < pb->session ? -1 : pa->session > pb->session ? 1 : 0;
}

static guint
problems_of_session (CsCheck *check,
                     guint    number)
{
  guint n = 0;

  for (guint i = 0; i < check->report->problems->len; i++)
    if (((CsCheckProblem *) g_ptr_array_index (check->report->problems, i))->session == number)
      n++;
  return n;
}

static void
log_session (CsCheck              *check,
             const CsCheckSession *session)
{
  guint problems = problems_of_session (check, session->number);
  g_autofree char *files = g_strdup_printf ("%'" G_GUINT64_FORMAT, session->files);

  if (problems == 0)
    cs_log (check->log_func, check->log_data, G_LOG_LEVEL_INFO,
            /* Translators: "Session 2 of 3: 1,234 files, MD5s match" */
            g_dngettext (GETTEXT_PACKAGE, "Session %u of %u: %s file, MD5s match",
                         "Session %u of %u: %s files, MD5s match", session->files),
            session->number, check->n_sessions, files);
  else
    {
      g_autofree char *found = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u problem",
                                                             "%u problems", problems),
                                                problems);

      cs_log (check->log_func, check->log_data, G_LOG_LEVEL_WARNING,
              /* Translators: "Session 1 of 3: 1,234 files, 2 problems" */
              g_dngettext (GETTEXT_PACKAGE, "Session %u of %u: %s file, %s",
                           "Session %u of %u: %s files, %s", session->files),
              session->number, check->n_sessions, files, found);
    }
}

static void
check_clear (CsCheck *check)
{
  g_clear_pointer (&check->extents, g_hash_table_unref);
  g_clear_pointer (&check->files, g_ptr_array_unref);
  g_clear_pointer (&check->segments, g_array_unref);
  g_clear_pointer (&check->sessions, g_free);
  for (guint i = 0; i < CS_CHECK_SLOTS; i++)
    g_clear_pointer (&check->slots[i], g_free);
  g_mutex_clear (&check->report_lock);
}

/**
 * cs_disc_check:
 * @drive: a grabbed drive (cs_drive_open()), used from this thread only while this runs
 * @contents: its sessions, from cs_disc_contents_read() on @drive
 * @progress: (nullable): called from this thread with the fraction (0 to 1) of the bytes to
 *   read, the bytes read and the total; at most every 50 ms, and once with 1.0 at the end
 * @log_func: (nullable): log lines ("Session 2 of 3: 1,234 files, MD5s match") and the
 *   libraries' messages
 * @cancellable: (nullable): checked before each 1 MiB read
 * @error: return location for a #GError
 *
 * Reads every session of @contents through libburn and checks the MD5s libisofs recorded
 * (iso_write_opts_set_record_md5): each session's own MD5 over its blocks
 * (iso_image_get_session_md5()), its tree's MD5 (checked by iso_image_import()), and the
 * MD5 of every file of every session's tree (iso_file_get_md5()), not only of the newest
 * tree: a day that a later session replaced is checked in the session that holds it. Each
 * file's data is checked once (hard links and files carried over share it), and each
 * session's blocks are read once. Needs no staging data.
 *
 * What is wrong is reported, not raised: a file whose MD5 differs or whose blocks cannot be
 * read, named with the session that holds its data and its day, and with every other name
 * its tree gives that data (hard links); a session whose MD5 or tree's MD5 differs, or whose
 * session tag is missing; a range of blocks that cannot be read (past the end of an image
 * file cut short, too: libburn's zeros are never taken for data); a directory whose records
 * cannot be read (libisofs keeps it, empty); a file whose MD5 cannot be had on a disc that
 * records MD5s (a damaged or unreadable checksum array); a file entry of a later tree that
 * gives an extent another size than the oldest tree that names it (the later tree is named);
 * and a disc that records no MD5 at all (nothing could be checked: never "all matched").
 *
 * Returns: (transfer full): the report (#CsCheckReport.problems empty when everything
 *   matched); free with cs_check_report_free(). %NULL with a %CS_ERROR_MEDIUM error (exit
 *   status 4) naming the device when the medium holds no session or no session's tree can
 *   be read at all; %CS_ERROR_CANCELLED (exit status 7) when cancelled.
 */
CsCheckReport *
cs_disc_check (CsDrive              *drive,
               const CsDiscContents *contents,
               CsWriteProgress       progress,
               gpointer              progress_data,
               CsLogFunc             log_func,
               gpointer              log_data,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(CsCheckReport) report = NULL;
  g_autofree char *size = NULL;
  CsCheck check = { 0 };
  guint imported = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (CS_IS_DRIVE (drive), NULL);
  g_return_val_if_fail (contents != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (contents->sessions->len == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("There is nothing to check on %s: it holds no session"),
                   cs_drive_get_address (drive));
      return NULL;
    }

  report = cs_check_report_new ();
  check.drive = drive;
  check.contents = contents;
  check.report = report;
  check.progress = progress;
  check.progress_data = progress_data;
  check.log_func = log_func;
  check.log_data = log_data;
  check.cancellable = cancellable;
  check.readable = cs_disc_readable_blocks (drive);
  check.run_first = G_MAXUINT32;
  g_mutex_init (&check.report_lock);
  check.extents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  check.files = g_ptr_array_new_with_free_func (file_free);
  check.segments = g_array_new (FALSE, FALSE, sizeof (CsCheckSegment));
  check.n_sessions = contents->sessions->len;
  check.sessions = g_new0 (CsCheckSession, check.n_sessions);
  for (guint i = 0; i < check.n_sessions; i++)
    {
      const CsDiscSession *s = g_ptr_array_index (contents->sessions, i);

      check.sessions[i].number = i + 1;
      check.sessions[i].start = s->start;
      check.sessions[i].blocks = s->blocks;
    }

  /* The trees, oldest first: a file is named by the oldest tree that holds it. */
  for (guint i = 0; i < check.n_sessions; i++)
    {
      if (_cs_disc_check_cancelled (&check, error))
        {
          check_clear (&check);
          return NULL;
        }
      if (_cs_disc_check_read_tree (&check, &check.sessions[i]))
        imported++;
    }
  if (imported == 0)
    {
      const CsCheckProblem *first = g_ptr_array_index (report->problems, 0);

      if (check.n_sessions == 1)
        g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                     _("Cannot check %s: its session cannot be read (%s)"),
                     cs_drive_get_address (drive), first->problem);
      else
        g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                     _("Cannot check %s: none of its %u sessions can be read (%s)"),
                     cs_drive_get_address (drive), check.n_sessions, first->problem);
      check_clear (&check);
      return NULL;
    }

  if (!check.any_md5)
    cs_check_report_add (report, 0, NULL, NULL,
                         _("the disc records no checksums (the program that wrote it did not "
                           "record MD5s): nothing on it could be checked"));
  plan (&check);
  for (guint i = 0; i < CS_CHECK_SLOTS; i++)
    check.slots[i] = g_malloc (CS_CHECK_CHUNK);
  size = g_format_size (check.total_bytes);
  cs_log (log_func, log_data, G_LOG_LEVEL_INFO,
          g_dngettext (GETTEXT_PACKAGE, "Checking %u session of %s: %s to read",
                       "Checking %u sessions of %s: %s to read", check.n_sessions),
          check.n_sessions, cs_drive_get_address (drive), size);
  check.last_progress = g_get_monotonic_time ();
  if (progress != NULL)
    progress (0.0, 0, check.total_bytes, progress_data);

  for (guint i = 0; i < check.n_sessions && ok; i++)
    {
      ok = _cs_disc_check_session_pass (&check, &check.sessions[i], error);
      cs_drive_drain_messages (log_func, log_data, NULL);
    }
  /* Files that no pass fed in order: their extents lie outside the sessions. */
  for (guint i = 0; i < check.files->len && ok; i++)
    {
      CsCheckFile *file = g_ptr_array_index (check.files, i);

      if (!file->done)
        ok = _cs_disc_check_file_alone (&check, file, error);
    }
  if (!ok)
    {
      check_clear (&check);
      return NULL;
    }
  for (guint i = 0; i < check.n_sessions; i++)
    log_session (&check, &check.sessions[i]);
  g_ptr_array_sort (report->problems, compare_problems);

  report->sessions = check.n_sessions;
  report->bytes = check.done_bytes;
  check.done_bytes = check.total_bytes;
  check.last_progress = 0;
  if (progress != NULL)
    progress (1.0, check.total_bytes, check.total_bytes, progress_data);
  check_clear (&check);
  return g_steal_pointer (&report);
}
