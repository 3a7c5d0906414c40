/* cs-disc-restore.c – copy one day from a disc or image file back to a folder
 *
 * The day comes from the newest session that holds it (the one that added it, or stored it
 * again: CsDiscSession.days_added), imported by libisofs from the medium through the drive
 * (as cs_verify_days() reads a session back); its tree is made again below
 * DIR/YYYY/MM/DD by cs-disc-restore-tree.c, file data by cs-disc-restore-data.c, owners,
 * modes, ACLs, xattrs and times by cs-disc-restore-attrs.c.
 *
 * Refusals come before anything is written: a day that is not on the disc, a target
 * DIR/YYYY/MM/DD that is not an empty folder (or a path to it through a symbolic link), a
 * session libisofs cannot read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-disc-restore-private.h"
#include "cs-drive-private.h"
#include "cs-disc-watch.h"
#include "cs-error.h"

static gboolean
valid_day (const char *day)
{
  static const char pattern[] = "dddd/dd/dd";

  if (strlen (day) != sizeof pattern - 1)
    return FALSE;
  for (guint i = 0; pattern[i] != '\0'; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (day[i]) : day[i] != pattern[i])
      return FALSE;
  return TRUE;
}

/* The newest session that added @day (or stored it again); when none did but the newest
 * tree holds it (a session without a tree of its own), the newest session. */
static const CsDiscSession *
find_session (const CsDiscContents *contents,
              const char           *day)
{
  for (guint i = contents->sessions->len; i > 0; i--)
    {
      const CsDiscSession *session = g_ptr_array_index (contents->sessions, i - 1);

      if (session->days_added != NULL
          && g_strv_contains ((const char * const *) session->days_added, day))
        return session;
    }
  if (contents->days != NULL && g_strv_contains ((const char * const *) contents->days, day)
      && contents->sessions->len > 0)
    return g_ptr_array_index (contents->sessions, contents->sessions->len - 1);
  return NULL;
}

void
_cs_restore_problem (CsRestore  *self,
                     const char *disc_path,
                     const char *format,
                     ...)
{
  CsCheckReport problems = { .problems = self->report->problems };
  g_autofree char *text = NULL;
  g_autofree char *line = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  cs_check_report_add (&problems, self->report->session, self->report->day, disc_path, text);
  line = cs_check_problem_describe (g_ptr_array_index (self->report->problems,
                                                       self->report->problems->len - 1));
  cs_log (self->log_func, self->log_data, G_LOG_LEVEL_WARNING, "%s", line);
}

char *
_cs_restore_target_path (CsRestore  *self,
                         const char *rel_path)
{
  if (rel_path == NULL || g_str_equal (rel_path, "."))
    return g_strdup (self->to_path);
  return g_build_filename (self->to_path, rel_path, NULL);
}

static void
set_write_error (GError     **error,
                 int          errsv,
                 const char  *path)
{
  switch (errsv)
    {
    case ENOSPC:
    case EDQUOT:
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE,
                   _("Cannot write %s: %s. Make room on that filesystem, or restore to "
                     "another folder"), path, g_strerror (errsv));
      break;

    case EACCES:
    case EPERM:
    case EROFS:
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE,
                   _("Cannot write %s: %s. Restore to a folder you may write to"), path,
                   g_strerror (errsv));
      break;

    default:
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE,
                   _("Cannot write %s: %s. Check the filesystem it is on, or restore to "
                     "another folder"), path, g_strerror (errsv));
      break;
    }
}

/**
 * _cs_restore_write_error:
 * @errsv: the errno of the failed call
 * @rel_path: (nullable): what failed, below the day
 *
 * Returns: FALSE, with a %CS_ERROR_WRITE error naming the target path and what to do
 */
gboolean
_cs_restore_write_error (CsRestore   *self,
                         int          errsv,
                         const char  *rel_path,
                         GError     **error)
{
  g_autofree char *path = _cs_restore_target_path (self, rel_path);

  set_write_error (error, errsv, path);
  return FALSE;
}

/* Whether @fd (a directory) holds nothing; -1 with errno when it cannot be read. */
static int
dir_is_empty (int fd)
{
  int dup_fd = dup (fd);
  DIR *dir;
  struct dirent *ent;
  int empty = 1;

  if (dup_fd < 0 || (dir = fdopendir (dup_fd)) == NULL)
    {
      if (dup_fd >= 0)
        close (dup_fd);
      return -1;
    }
  while ((ent = readdir (dir)) != NULL)
    if (strcmp (ent->d_name, ".") != 0 && strcmp (ent->d_name, "..") != 0)
      {
        empty = 0;
        break;
      }
  closedir (dir);
  return empty;
}

static void
set_not_folder_error (GError     **error,
                      const char  *path,
                      int          errsv)
{
  if (errsv == ELOOP)
    g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                 _("%s is a symbolic link: nothing was restored. Restore to a folder whose "
                   "day does not lead elsewhere"), path);
  else if (errsv == ENOTDIR)
    g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                 _("%s is not a folder: nothing was restored. Choose another folder to "
                   "restore to"), path);
  else
    set_write_error (error, errsv, path);
}

/* Opens (@create: makes first) @name in @parent as a directory, never through a symbolic
 * link. -1 with errno. */
static int
open_dir_at (int         parent,
             const char *name,
             gboolean    create,
             mode_t      mode)
{
  if (create && mkdirat (parent, name, mode) != 0 && errno != EEXIST)
    return -1;
  return openat (parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

/* Walks DIR/YYYY/MM/DD, making what is missing when @create. Without @create, refuses a
 * DIR/YYYY/MM/DD that exists and is not an empty folder and returns -2 (or the day's
 * descriptor when it exists and is empty) when all is well. */
static int
walk_target (const char  *to_dir,
             const char  *day,
             const char  *to_path,
             gboolean     create,
             GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (day, "/", 3);
  g_autofree char *path = g_strdup (to_dir);
  int fd;

  if (create && g_mkdir_with_parents (to_dir, 0755) != 0)
    {
      set_write_error (error, errno, to_dir);
      return -1;
    }
  fd = open (to_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    {
      int errsv = errno;

      if (errsv == ENOENT && !create)
        return -2;
      set_not_folder_error (error, to_dir, errsv);
      return -1;
    }
  for (guint i = 0; i < 3; i++)
    {
      int next = open_dir_at (fd, parts[i], create, i < 2 ? 0755 : 0700);
      int errsv = errno;
      char *longer = g_build_filename (path, parts[i], NULL);
      struct stat st;

      /* O_DIRECTORY|O_NOFOLLOW on a symbolic link fails with ENOTDIR: say which it is. */
      if (next < 0 && errsv == ENOTDIR
          && fstatat (fd, parts[i], &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK (st.st_mode))
        errsv = ELOOP;

      g_free (path);
      path = longer;
      close (fd);
      fd = next;
      if (fd < 0)
        {
          if (errsv == ENOENT && !create)
            return -2;
          set_not_folder_error (error, path, errsv);
          return -1;
        }
    }
  if (!create)
    {
      int empty = dir_is_empty (fd);

      if (empty != 1)
        {
          if (empty < 0)
            set_write_error (error, errno, to_path);
          else
            g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                         _("%s exists and is not empty: nothing was restored. Restore to "
                           "another folder, or move it away first"), to_path);
          close (fd);
          return -1;
        }
      close (fd);
      return -2;
    }
  return fd;
}

/* The session's tree, read from the medium through @drive; NULL with %CS_ERROR_MEDIUM and
 * libisofs' error in *@ret_out. @no_md5 as iso_read_opts_set_no_md5(); @watch gets the
 * directories that could not be read. */
static IsoImage *
import_with (CsDrive              *drive,
             const CsDiscSession  *session,
             int                   no_md5,
             CsImportWatch        *watch,
             int                  *ret_out,
             GError              **error)
{
  g_autofree char *last_error = NULL;
  IsoImage *image = NULL;
  IsoReadOpts *ro = NULL;
  IsoReadImageFeatures *features = NULL;
  IsoDataSource *ds;
  int ret;

  if (iso_image_new ("restore", &image) < 0 || iso_read_opts_new (&ro, 0) < 0)
    g_error ("libisofs: out of memory");
  iso_read_opts_set_start_block (ro, session->start);
  iso_read_opts_set_no_md5 (ro, no_md5);
  iso_read_opts_set_no_aaip (ro, 0);
  ds = cs_bounded_source_new (drive, cs_disc_readable_blocks (drive));
  ret = iso_image_import (image, ds, ro, &features);
  iso_read_opts_free (ro);
  iso_data_source_unref (ds);
  g_ptr_array_set_size (watch->dirs, 0);
  cs_drive_drain_messages (cs_import_watch_log, watch, &last_error);
  /* libisofs 1.5.4 leaves the features it made to the caller when the import fails after
   * them (fs_image.c, iso_image_import: the checksum array is read last). */
  g_clear_pointer (&features, iso_read_image_features_destroy);
  *ret_out = ret;
  if (ret < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Cannot read session %u of %s: %s%s%s. Nothing was restored"),
                   session->number, cs_drive_get_address (drive), iso_error_to_msg (ret),
                   last_error ? ": " : "", last_error ? last_error : "");
      iso_image_unref (image);
      return NULL;
    }
  return image;
}

/* The session's tree with its file MD5s; AAIP for the MD5s, ACLs and xattrs
 * (libburnia-verified.md 9, 10). First with the tree's own MD5 checked (no_md5 0); a tree
 * that differs from it is read again without that check (no_md5 2) and restored anyway:
 * *@tree_differs is set. Any other failure: without the check, and when the MD5 array at
 * the session's end cannot be read (an image cut short), without it: *@without_md5 is set
 * (each file is still checked as it is read where its MD5 can be had). */
static IsoImage *
import_session (CsDrive              *drive,
                const CsDiscSession  *session,
                CsImportWatch        *watch,
                gboolean             *tree_differs,
                gboolean             *without_md5,
                GError              **error)
{
  g_autoptr(GError) first = NULL;
  IsoImage *image;
  int ret0 = 0, ret = 0;

  *tree_differs = FALSE;
  *without_md5 = FALSE;
  image = import_with (drive, session, 0, watch, &ret0, &first);
  if (image != NULL)
    return image;
  image = import_with (drive, session, 2, watch, &ret, NULL);
  if (image != NULL)
    {
      *tree_differs = ret0 == (int) ISO_SB_TREE_CORRUPTED;
      return image;
    }
  image = import_with (drive, session, 1, watch, &ret, NULL);
  if (image == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&first));
      return NULL;
    }
  *without_md5 = TRUE;
  return image;
}

static void
log_end (CsRestore *self)
{
  CsRestoreReport *r = self->report;
  g_autofree char *size = g_format_size (r->bytes);
  g_autofree char *counts = NULL;

  /* Translators: %1$s a size ("1.2 GB"), then how many files, folders, symbolic links and
   * special files */
  counts = g_strdup_printf (_("%1$s in %2$" PRIu64 " files, %3$" PRIu64 " folders, %4$" PRIu64
                              " symbolic links, %5$" PRIu64 " special files"),
                            size, (uint64_t) r->files, (uint64_t) r->dirs,
                            (uint64_t) r->symlinks, (uint64_t) r->specials);
  if (r->problems->len == 0 && r->attrs_not_set == 0)
    /* Translators: %1$s the day, %2$s where it went, %3$s the counts */
    cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO, _("Restored %1$s to %2$s: %3$s"),
            r->day, r->to_path, counts);
  else
    /* Translators: %1$s the day, %2$s where it went, %3$s the counts, %4$u files with
     * problems, %5$s attributes not set */
    cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO,
            _("Restored %1$s to %2$s: %3$s; problems: %4$u, attributes not set: %5$" PRIu64),
            r->day, r->to_path, counts, r->problems->len, (uint64_t) r->attrs_not_set);
}

/**
 * cs_disc_restore_day:
 * @drive: a grabbed drive (cs_drive_open()), used from this thread only while this runs
 * @contents: what cs_disc_contents_read() found on it
 * @day: "YYYY/MM/DD"
 * @to_dir: the folder to restore into; made (with its parents) when missing
 * @progress: (nullable): called with the bytes of file data done out of the day's
 * @log_func: (nullable): the start line, problems, attributes not set, the end line
 * @cancellable: (nullable): checked between files and every 2 MiB
 * @error: return location for a #GError
 *
 * Writes @day, from the newest session that holds it, to @to_dir/YYYY/MM/DD: names, types,
 * symbolic links (as they are, never followed), hard links, special files (devices only as
 * root), permission bits, owners (as root; skipped quietly otherwise), times, ACLs and
 * extended attributes where the disc has them and the filesystem takes them. Each file's
 * data is checked against the MD5 recorded when it was stored (issue 15). Nothing is
 * written outside @to_dir/YYYY/MM/DD whatever names the disc holds (cs-disc-restore-tree.c).
 *
 * A file whose blocks cannot be read or whose data differs from its MD5 is written as read
 * and becomes a problem of the report (with its session and day, under each of its hard
 * link names): the caller exits 6. So do a file whose MD5 cannot be had although the
 * session records MD5s, a directory whose records cannot be read (made empty), a tree that
 * differs from its recorded MD5 (restored anyway: names may be wrong) and a disc that
 * records no MD5s.
 *
 * Returns: (transfer full): the report; free with cs_restore_report_free(). %NULL with
 *   %CS_ERROR_CONFIG (exit status 2, nothing written) when @day is not a day, is not on the
 *   disc (the message says which days it holds) or @to_dir/YYYY/MM/DD exists and is not an
 *   empty folder; %CS_ERROR_MEDIUM (4, nothing written) when the session cannot be read;
 *   %CS_ERROR_WRITE (5) when the target cannot be written, naming the path and what to do;
 *   %CS_ERROR_CANCELLED (7). After 5 or 7 what was written stays.
 */
CsRestoreReport *
cs_disc_restore_day (CsDrive              *drive,
                     const CsDiscContents *contents,
                     const char           *day,
                     const char           *to_dir,
                     CsWriteProgress       progress,
                     gpointer              progress_data,
                     CsLogFunc             log_func,
                     gpointer              log_data,
                     GCancellable         *cancellable,
                     GError              **error)
{
  g_autoptr(CsRestoreReport) report = NULL;
  g_autofree char *disc_path = NULL;
  const CsDiscSession *session;
  CsRestore self = { 0 };
  IsoNode *node = NULL;
  int capacity = 0;
  int day_fd;
  gboolean without_md5 = FALSE;
  gboolean tree_differs = FALSE;
  CsImportWatch watch;
  gboolean ok;

  g_return_val_if_fail (CS_IS_DRIVE (drive), NULL);
  g_return_val_if_fail (contents != NULL, NULL);
  g_return_val_if_fail (day != NULL, NULL);
  g_return_val_if_fail (to_dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!valid_day (day))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("“%s” is not a day: give it as YYYY/MM/DD, e.g. 2026/11/25"), day);
      return NULL;
    }
  session = find_session (contents, day);
  if (session == NULL)
    {
      g_autofree char *days = cs_disc_contents_describe_days (contents, 0);

      if (days[0] == '\0')
        g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                     _("%s is not on the disc in %s, which holds no day"), day,
                     cs_drive_get_address (drive));
      else
        /* Translators: %1$s the day asked for, %2$s the device, %3$s the days it holds */
        g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                     _("%1$s is not on the disc in %2$s, which holds %3$s"), day,
                     cs_drive_get_address (drive), days);
      return NULL;
    }

  report = cs_restore_report_new ();
  report->session = session->number;
  report->day = g_strdup (day);
  report->to_path = g_build_filename (to_dir, day, NULL);
  if (walk_target (to_dir, day, report->to_path, FALSE, error) != -2)
    return NULL;

  cs_import_watch_init (&watch, log_func, log_data);
  self.image = import_session (drive, session, &watch, &tree_differs, &without_md5, error);
  if (self.image == NULL)
    {
      cs_import_watch_clear (&watch);
      return NULL;
    }
  disc_path = g_strconcat ("/", day, NULL);
  if (iso_tree_path_to_node (self.image, disc_path, &node) != 1
      || iso_node_get_type (node) != LIBISO_DIR)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Session %u of %s does not hold %s as its directory says: the disc is "
                     "damaged. Nothing was restored"), session->number,
                   cs_drive_get_address (drive), disc_path);
      iso_image_unref (self.image);
      cs_import_watch_clear (&watch);
      return NULL;
    }

  day_fd = walk_target (to_dir, day, report->to_path, TRUE, error);
  if (day_fd < 0)
    {
      iso_image_unref (self.image);
      cs_import_watch_clear (&watch);
      return NULL;
    }

  self.drive = drive;
  self.report = report;
  self.to_path = report->to_path;
  self.readable = G_MAXUINT32;
  if (cs_drive_get_medium (drive)->image_file
      && burn_get_read_capacity (drive->drive, &capacity, 0) > 0)
    self.readable = (guint32) MAX (capacity, 0);
  self.root = geteuid () == 0;
  self.progress = progress;
  self.progress_data = progress_data;
  self.log_func = log_func;
  self.log_data = log_data;
  self.cancellable = cancellable;
  self.links = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self.leaders = g_hash_table_new (NULL, NULL);
  self.groups = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self.data = _cs_restore_data_new ();

  /* Translators: %1$s the day, %2$u the session, %3$s the device, %4$s the target */
  cs_log (log_func, log_data, G_LOG_LEVEL_INFO,
          _("Restoring %1$s from session %2$u of %3$s to %4$s"), day, session->number,
          cs_drive_get_address (drive), report->to_path);
  self.md5_recorded = cs_image_records_md5 (self.image);
  if (tree_differs)
    _cs_restore_problem (&self, NULL,
                         _("its directory tree differs from the MD5 recorded when it was "
                           "written: names, sizes or attributes may be wrong"));
  if (!self.md5_recorded)
    _cs_restore_problem (&self, NULL,
                         _("the disc records no checksums (the program that wrote it did not "
                           "record MD5s): its files are restored without being checked"));
  for (guint i = 0; i < watch.dirs->len; i++)
    {
      const char *path = g_ptr_array_index (watch.dirs, i);

      /* Only what lies below the day is restored. */
      if (g_str_has_prefix (path, disc_path) && path[strlen (disc_path)] == '/')
        _cs_restore_problem (&self, path,
                             _("its directory records cannot be read (the disc is damaged "
                               "or the image file is cut short): the files and folders it "
                               "holds are missing"));
    }
  cs_import_watch_clear (&watch);
  if (without_md5)
    _cs_restore_problem (&self, NULL,
                         _("the checksums recorded at the end of the session cannot be read "
                           "(the disc is damaged or the image file is cut short): its files "
                           "are restored without being checked"));
  ok = _cs_restore_tree (&self, (IsoDir *) node, day_fd, disc_path, error);
  _cs_restore_data_finish (&self);
  if (ok && progress != NULL)
    progress (1.0, self.done, self.total, progress_data);

  _cs_restore_data_free (self.data);
  g_hash_table_unref (self.links);
  g_hash_table_unref (self.leaders);
  g_hash_table_unref (self.groups);
  close (day_fd);
  iso_image_unref (self.image);
  cs_drive_drain_messages (log_func, log_data, NULL);

  if (!ok)
    {
      if (error != NULL && *error != NULL
          && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (error);
          g_set_error (error, CS_ERROR, CS_ERROR_CANCELLED,
                       _("Restoring %s was cancelled; what was restored so far stays in %s"),
                       day, report->to_path);
        }
      return NULL;
    }
  log_end (&self);
  return g_steal_pointer (&report);
}
