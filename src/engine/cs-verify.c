/* cs-verify.c
 *
 * Verification without mounting: libblkid probes the medium, libisofs imports the session
 * just written from the medium itself, and each stored day is walked side by side with its
 * staging directory: names, types, symlink targets, sizes and bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cs-error.h"
#include "cs-text.h"
#include "cs-verify.h"
#include "cs-verify-attrs.h"

#define CHUNK (1024 * 1024)

typedef struct
{
  CsDrive          *drive;
  CsVerifyProgress  progress;
  gpointer          progress_data;
  GCancellable     *cancellable;
  guint8           *disk_buf;
  guint8           *iso_buf;
  guint64           done;
  guint64           total;
  gboolean          tree_only;  /* cs_verify_tree(): an image being built, no bytes read */
} Compare;

/* Says why *@error (if set) happened: cs_error_get_cause(). */
static void
set_cause (GError       **error,
           CsErrorCause   cause)
{
  if (error != NULL && *error != NULL)
    cs_error_set_cause (*error, cause);
}

gboolean
cs_verify_probe (const char  *device_path,
                 const char  *expected_label,
                 CsLogFunc    log_func,
                 gpointer     log_data,
                 GError     **error)
{
  blkid_probe pr;
  const char *type = NULL;
  const char *label = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (device_path != NULL, FALSE);

  pr = blkid_new_probe_from_filename (device_path);
  if (pr == NULL)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY, _("Cannot open %s to check what was written: %s"),
                   device_path, g_strerror (errsv));
      set_cause (error, CS_ERROR_CAUSE_MEDIUM);
      return FALSE;
    }

  blkid_probe_enable_superblocks (pr, 1);
  blkid_probe_set_superblocks_flags (pr, BLKID_SUBLKS_LABEL | BLKID_SUBLKS_TYPE);

  if (blkid_do_safeprobe (pr) != 0
      || blkid_probe_lookup_value (pr, "TYPE", &type, NULL) != 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                   _("%s does not hold a recognisable filesystem after writing"), device_path);
      set_cause (error, CS_ERROR_CAUSE_MEDIUM);
      goto out;
    }
  if (!g_str_equal (type, "iso9660"))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                   _("%s holds a “%s” filesystem after writing, not ISO 9660"), device_path, type);
      set_cause (error, CS_ERROR_CAUSE_MEDIUM);
      goto out;
    }
  if (blkid_probe_lookup_value (pr, "LABEL", &label, NULL) != 0)
    label = NULL;
  if (expected_label != NULL && g_strcmp0 (label, expected_label) != 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                   _("%s is labelled “%s” after writing, expected “%s”"),
                   device_path, label ? label : "", expected_label);
      set_cause (error, CS_ERROR_CAUSE_MEDIUM);
      goto out;
    }

  cs_log (log_func, log_data, G_LOG_LEVEL_INFO, _("%s is an ISO 9660 filesystem labelled “%s”"),
          device_path, label ? label : "");
  ok = TRUE;

out:
  blkid_free_probe (pr);
  return ok;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static GPtrArray *
list_disk_dir (const char  *path,
               GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  struct dirent *ent;
  DIR *dir;

  dir = opendir (path);
  if (dir == NULL)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY, _("Cannot read staging directory “%s”: %s"),
                   path, g_strerror (errsv));
      set_cause (error, CS_ERROR_CAUSE_SOURCE_UNREADABLE);
      return NULL;
    }
  while ((ent = readdir (dir)) != NULL)
    {
      if (g_str_equal (ent->d_name, ".") || g_str_equal (ent->d_name, ".."))
        continue;
      g_ptr_array_add (names, g_strdup (ent->d_name));
    }
  closedir (dir);
  g_ptr_array_sort (names, compare_names);
  return g_steal_pointer (&names);
}

static GPtrArray *
list_iso_dir (IsoDir *dir)
{
  GPtrArray *nodes = g_ptr_array_new ();
  IsoDirIter *iter = NULL;
  IsoNode *node;

  if (iso_dir_get_children (dir, &iter) < 0)
    return nodes;
  while (iso_dir_iter_next (iter, &node) == 1)
    g_ptr_array_add (nodes, node);
  iso_dir_iter_free (iter);
  return nodes;
}

static int
compare_node_names (gconstpointer a,
                    gconstpointer b)
{
  return strcmp (iso_node_get_name (*(IsoNode * const *)a),
                 iso_node_get_name (*(IsoNode * const *)b));
}

static gboolean
differ (Compare    *cmp,
        GError    **error,
        const char *disc_path,
        const char *format,
        ...) G_GNUC_PRINTF (4, 5);

/* Paths are shortened: a 4 KB path is unreadable in a cron mail or a window. */
static gboolean
differ (Compare    *cmp,
        GError    **error,
        const char *disc_path,
        const char *format,
        ...)
{
  g_autofree char *what = NULL;
  g_autofree char *shown_what = NULL;
  g_autofree char *shown_path = cs_text_shorten (disc_path, CS_TEXT_PATH_CHARS);
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  shown_what = cs_text_shorten (what, 2 * CS_TEXT_PATH_CHARS);

  if (cmp->tree_only)
    g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                 _("The image about to be written does not match the staging data at %s: %s. "
                   "Nothing was written; the staging directory changed while the image was "
                   "built, or holds a file that cannot be stored. Store again when it is "
                   "complete"), shown_path, shown_what);
  else
    {
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                   _("The disc does not match the staging data at %s: %s. No day was marked "
                     "stored; store again"), shown_path, shown_what);
      /* The tree read back is whole, so what differs changed in staging after the image
       * took it; a caller that knows better says so (compare_file()). */
      set_cause (error, CS_ERROR_CAUSE_SOURCE_CHANGED);
    }
  return FALSE;
}

static gboolean
read_full (int      fd,
           guint8  *buf,
           gsize    len,
           gssize  *got)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = read (fd, buf + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      done += n;
    }
  *got = done;
  return TRUE;
}

static gboolean
read_stream_full (IsoStream *stream,
                  guint8    *buf,
                  gsize      len,
                  gssize    *got)
{
  gsize done = 0;

  while (done < len)
    {
      int n = iso_stream_read (stream, buf + done, len - done);

      if (n < 0)
        return FALSE;
      if (n == 0)
        break;
      done += n;
    }
  *got = done;
  return TRUE;
}

/* The block of the medium that holds byte @offset of @file (its extents as imported), or
 * FALSE when the file has no extents there. */
static gboolean
file_block (IsoFile  *file,
            guint64   offset,
            guint32  *block)
{
  struct iso_file_section *sections = NULL;
  int n = 0;
  gboolean found = FALSE;

  if (iso_file_get_old_image_sections (file, &n, &sections, 0) <= 0)
    return FALSE;
  for (int i = 0; i < n && !found; i++)
    {
      if (offset < sections[i].size)
        {
          *block = sections[i].block + (guint32) (offset / 2048);
          found = TRUE;
        }
      else
        offset -= sections[i].size;
    }
  free (sections);
  return found;
}

/* After a failed read of the chunk at @offset: the first block of it the drive cannot read,
 * read one by one (each once), so the message can name it. */
static gboolean
first_unreadable (Compare  *cmp,
                  IsoFile  *file,
                  guint64   offset,
                  guint64  *bad_offset,
                  guint32  *bad_block)
{
  guint64 size = iso_file_get_size (file);
  guint8 block[2048];

  for (guint64 at = offset - offset % 2048; at < MIN (offset + CHUNK, size); at += 2048)
    {
      guint32 lba;

      if (!file_block (file, at, &lba))
        return FALSE;
      if (!cs_drive_read (cmp->drive, (guint64) lba * 2048, block, sizeof block, NULL))
        {
          *bad_offset = MAX (at, offset);
          *bad_block = lba;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
compare_file (Compare     *cmp,
              IsoFile     *file,
              const char  *disk_path,
              const char  *disc_path,
              const struct stat *st,
              GError     **error)
{
  IsoStream *stream = iso_file_get_stream (file);
  guint64 offset = 0;
  gboolean ok = FALSE;
  int fd;
  int ret;

  if ((guint64)iso_file_get_size (file) != (guint64)st->st_size)
    return differ (cmp, error, disc_path,
                   cmp->tree_only ? _("size %" PRIu64 " in the image, %" PRIu64 " in “%s”")
                                  : _("size %" PRIu64 " on the disc, %" PRIu64 " in “%s”"),
                   (uint64_t)iso_file_get_size (file), (uint64_t)st->st_size, disk_path);
  if (cmp->tree_only)
    return TRUE;

  fd = open (disk_path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY, _("Cannot read staging file “%s”: %s"),
                   disk_path, g_strerror (errsv));
      set_cause (error, CS_ERROR_CAUSE_SOURCE_UNREADABLE);
      return FALSE;
    }
  posix_fadvise (fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  ret = iso_stream_open (stream);
  if (ret < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY, _("Cannot read %s back from the disc: %s"),
                   disc_path, iso_error_to_msg (ret));
      set_cause (error, CS_ERROR_CAUSE_MEDIUM);
      close (fd);
      return FALSE;
    }

  for (;;)
    {
      gssize a = 0, b = 0;

      if (g_cancellable_set_error_if_cancelled (cmp->cancellable, error))
        goto out;
      if (!read_full (fd, cmp->disk_buf, CHUNK, &a))
        {
          int errsv = errno;
          g_set_error (error, CS_ERROR, CS_ERROR_VERIFY, _("Cannot read staging file “%s”: %s"),
                       disk_path, g_strerror (errsv));
          set_cause (error, CS_ERROR_CAUSE_SOURCE_UNREADABLE);
          goto out;
        }
      if (!read_stream_full (stream, cmp->iso_buf, CHUNK, &b))
        {
          guint64 bad_offset = 0;
          guint32 bad_block = 0;

          if (first_unreadable (cmp, file, offset, &bad_offset, &bad_block))
            g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                         _("Cannot read %s back from the disc: block %u, which holds byte %"
                           PRIu64 " of the file, is unreadable"),
                         disc_path, bad_block, (uint64_t) bad_offset);
          else
            g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                         _("Cannot read %s back from the disc at byte %" PRIu64),
                         disc_path, (uint64_t) offset);
          set_cause (error, CS_ERROR_CAUSE_MEDIUM);
          goto out;
        }
      if (a != b || memcmp (cmp->disk_buf, cmp->iso_buf, a) != 0)
        {
          gssize i = 0;
          guint32 block;

          while (i < MIN (a, b) && cmp->disk_buf[i] == cmp->iso_buf[i])
            i++;
          /* The byte itself, not the chunk it was compared in; and where it is on the disc. */
          if (i < MIN (a, b) && file_block (file, offset + i, &block))
            differ (cmp, error, disc_path,
                    _("contents differ from “%s” at byte %" PRIu64 " (block %u of the disc)"),
                    disk_path, (uint64_t) (offset + i), block);
          else
            differ (cmp, error, disc_path, _("contents differ from “%s” at byte %" PRIu64),
                    disk_path, (uint64_t) (offset + i));
          /* Same size and time as when the image took it: the staging file is as it was,
           * so the medium gave back other bytes than were written. */
          if ((gint64) iso_node_get_mtime ((IsoNode *) file) == (gint64) st->st_mtime)
            set_cause (error, CS_ERROR_CAUSE_MEDIUM);
          goto out;
        }
      offset += a;
      cmp->done += a;
      if (cmp->progress != NULL)
        cmp->progress (cmp->done, cmp->total, cmp->progress_data);
      if (a == 0)
        break;
    }
  ok = TRUE;

out:
  iso_stream_close (stream);
  close (fd);
  return ok;
}

static gboolean
compare_dir (Compare     *cmp,
             IsoDir      *idir,
             const char  *disk_path,
             const char  *disc_path,
             GError     **error)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  guint i;

  if (!(names = list_disk_dir (disk_path, error)))
    return FALSE;
  nodes = list_iso_dir (idir);
  g_ptr_array_sort (nodes, compare_node_names);

  for (i = 0; i < MAX (names->len, nodes->len); i++)
    {
      const char *name = i < names->len ? g_ptr_array_index (names, i) : NULL;
      const char *iname = i < nodes->len ? iso_node_get_name (g_ptr_array_index (nodes, i)) : NULL;

      if (name == NULL || (iname != NULL && strcmp (iname, name) < 0))
        {
          g_autofree char *p = g_build_filename (disc_path, iname, NULL);
          return differ (cmp, error, p, cmp->tree_only ? _("it is in the image but not in “%s”")
                                                       : _("it is on the disc but not in “%s”"),
                         disk_path);
        }
      if (iname == NULL || strcmp (iname, name) > 0)
        {
          g_autofree char *p = g_build_filename (disc_path, name, NULL);
          g_autofree char *d = g_build_filename (disk_path, name, NULL);
          return differ (cmp, error, p, cmp->tree_only ? _("“%s” is missing from the image")
                                                       : _("“%s” is missing on the disc"), d);
        }
    }

  for (i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      IsoNode *node = g_ptr_array_index (nodes, i);
      g_autofree char *d = g_build_filename (disk_path, name, NULL);
      g_autofree char *p = g_build_filename (disc_path, name, NULL);
      g_autofree char *attrs = NULL;
      enum IsoNodeType type = iso_node_get_type (node);
      struct stat st;

      if (lstat (d, &st) != 0)
        {
          int errsv = errno;
          return differ (cmp, error, p, _("“%s” cannot be examined (%s)"), d, g_strerror (errsv));
        }

      if (S_ISDIR (st.st_mode) && type == LIBISO_DIR)
        {
          if (!compare_dir (cmp, (IsoDir *)node, d, p, error))
            return FALSE;
        }
      else if (S_ISREG (st.st_mode) && type == LIBISO_FILE)
        {
          if (!compare_file (cmp, (IsoFile *)node, d, p, &st, error))
            return FALSE;
        }
      else if (S_ISLNK (st.st_mode) && type == LIBISO_SYMLINK)
        {
          char target[4096];
          gssize len = readlink (d, target, sizeof target - 1);

          if (len < 0)
            return differ (cmp, error, p, _("symbolic link “%s” cannot be read"), d);
          target[len] = '\0';
          if (g_strcmp0 (target, iso_symlink_get_dest ((IsoSymlink *)node)) != 0)
            return differ (cmp, error, p,
                           cmp->tree_only ? _("symbolic link points to “%s” in the image, “%s” in staging")
                                          : _("symbolic link points to “%s” on the disc, “%s” in staging"),
                           iso_symlink_get_dest ((IsoSymlink *)node), target);
        }
      else if (type == LIBISO_SPECIAL
               && (S_ISFIFO (st.st_mode) || S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode)
                   || S_ISSOCK (st.st_mode)))
        {
          mode_t imode = iso_node_get_mode (node);

          if ((imode & S_IFMT) != (st.st_mode & S_IFMT))
            return differ (cmp, error, p, cmp->tree_only ? _("special file of another type in the image")
                                                         : _("special file of another type on the disc"));
          if ((S_ISCHR (st.st_mode) || S_ISBLK (st.st_mode))
              && iso_special_get_dev ((IsoSpecial *)node) != st.st_rdev)
            return differ (cmp, error, p, _("device numbers differ"));
        }
      else
        return differ (cmp, error, p,
                       cmp->tree_only ? _("the image holds another type of file than “%s”")
                                      : _("the disc holds another type of file than “%s”"), d);
      /* The modification time, to the second (atime and ctime are not kept exactly, and
       * the day directory itself gets cback.store later). The tree took it from the same
       * lstat just now; what it can hold, cs_image_add_day() checked. */
      if (!cmp->tree_only && (gint64) iso_node_get_mtime (node) != (gint64) st.st_mtime)
        {
          g_autofree char *on_disc = cs_text_time (iso_node_get_mtime (node));
          g_autofree char *on_disk = cs_text_time (st.st_mtime);

          /* Translators: %1$s and %2$s times, %3$s a staging file */
          return differ (cmp, error, p, _("modification time %1$s on the disc, %2$s on “%3$s”"),
                         on_disc, on_disk, d);
        }
      if ((attrs = _cs_attrs_differ (node, d, &st)) != NULL)
        return differ (cmp, error, p, "%s", attrs);
    }
  return TRUE;
}

/* The day directory /YYYY/MM/DD itself: its mode, ACLs and xattrs (as each entry below it
 * in compare_dir()), then what it holds. Not its times: the store adds cback.store later. */
static gboolean
compare_day (Compare     *cmp,
             IsoDir      *idir,
             const char  *disk_path,
             const char  *disc_path,
             GError     **error)
{
  g_autofree char *attrs = NULL;
  struct stat st;

  if (lstat (disk_path, &st) != 0)
    {
      int errsv = errno;
      return differ (cmp, error, disc_path, _("“%s” cannot be examined (%s)"), disk_path,
                     g_strerror (errsv));
    }
  if ((attrs = _cs_attrs_differ ((IsoNode *)idir, disk_path, &st)) != NULL)
    return differ (cmp, error, disc_path, "%s", attrs);
  return compare_dir (cmp, idir, disk_path, disc_path, error);
}

/**
 * cs_verify_days:
 * @session_start: block where the session to read starts (0 for overwritable media and
 *   image files: LBA 0 describes the newest session)
 *
 * Imports the session from @drive and compares every day with its staging directory.
 */
gboolean
cs_verify_days (CsDrive           *drive,
                guint32            session_start,
                GPtrArray         *days,
                guint64            total_bytes,
                CsVerifyProgress   progress,
                gpointer           progress_data,
                CsLogFunc          log_func,
                gpointer           log_data,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autofree char *last_error = NULL;
  IsoImage *image = NULL;
  IsoReadOpts *ro = NULL;
  IsoReadImageFeatures *features = NULL;
  IsoDataSource *ds;
  Compare cmp = { 0 };
  gboolean ok = FALSE;
  int ret;

  g_return_val_if_fail (CS_IS_DRIVE (drive), FALSE);
  g_return_val_if_fail (days != NULL, FALSE);

  if (iso_image_new ("verify", &image) < 0 || iso_read_opts_new (&ro, 0) < 0)
    g_error ("libisofs: out of memory");
  iso_read_opts_set_start_block (ro, session_start);
  /* Loading the MD5 tags makes libisofs check the tree's recorded checksum too. */
  iso_read_opts_set_no_md5 (ro, 0);
  iso_read_opts_set_no_aaip (ro, 0);

  ds = cs_drive_new_data_source (drive);
  ret = iso_image_import (image, ds, ro, &features);
  iso_read_opts_free (ro);
  iso_data_source_unref (ds);
  cs_drive_drain_messages (log_func, log_data, &last_error);
  if (ret < 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_VERIFY,
                   _("Cannot read back the session just written to %s: %s%s%s"),
                   cs_drive_get_address (drive), iso_error_to_msg (ret),
                   last_error ? ": " : "", last_error ? last_error : "");
      set_cause (error, CS_ERROR_CAUSE_MEDIUM);
      goto out;
    }
  iso_read_image_features_destroy (features);

  cmp.drive = drive;
  cmp.progress = progress;
  cmp.progress_data = progress_data;
  cmp.cancellable = cancellable;
  cmp.total = total_bytes;
  cmp.disk_buf = g_malloc (CHUNK);
  cmp.iso_buf = g_malloc (CHUNK);

  for (guint i = 0; i < days->len; i++)
    {
      const CsDay *day = g_ptr_array_index (days, i);
      g_autofree char *disc_path = g_strconcat ("/", day->suffix, NULL);
      IsoNode *node = NULL;

      if (iso_tree_path_to_node (image, disc_path, &node) != 1 || iso_node_get_type (node) != LIBISO_DIR)
        {
          differ (&cmp, error, disc_path, _("the day's directory is missing on the disc"));
          set_cause (error, CS_ERROR_CAUSE_MEDIUM);
          goto out;
        }
      if (!compare_day (&cmp, (IsoDir *)node, day->path, disc_path, error))
        goto out;
      cs_log (log_func, log_data, G_LOG_LEVEL_INFO,
              _("Consistency check completed for [%s].  No problems found."), day->path);
    }
  ok = TRUE;

out:
  if (ok == FALSE && error != NULL && *error != NULL && g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_clear_error (error);
      g_set_error (error, CS_ERROR, CS_ERROR_CANCELLED, _("Verification was cancelled"));
    }
  g_free (cmp.disk_buf);
  g_free (cmp.iso_buf);
  iso_image_unref (image);
  cs_drive_drain_messages (log_func, log_data, NULL);
  return ok;
}

/**
 * cs_verify_tree:
 * @dir: (nullable): a day's directory in an image being built (cs_image_get_day_dir())
 * @disk_path: its staging directory
 * @disc_path: where it goes on the disc, /YYYY/MM/DD
 *
 * The walk of cs_verify_days() without reading any bytes, before anything is written: the
 * tree holds exactly the staging directory's names, types, regular file sizes, symlink
 * targets and device numbers. A second net behind libisofs' own messages
 * (cs-image-problems.c) for a file left out or changed without a word.
 *
 * Returns: FALSE with a CS_ERROR_CONFIG error (exit status 2: nothing was written)
 */
gboolean
cs_verify_tree (IsoDir      *dir,
                const char  *disk_path,
                const char  *disc_path,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  Compare cmp = { 0 };

  g_return_val_if_fail (disk_path != NULL, FALSE);
  g_return_val_if_fail (disc_path != NULL, FALSE);

  cmp.tree_only = TRUE;
  if (dir == NULL)
    return differ (&cmp, error, disc_path, _("the day's directory is missing from the image"));
  if (compare_day (&cmp, dir, disk_path, disc_path, &local_error))
    return TRUE;
  if (!g_error_matches (local_error, CS_ERROR, CS_ERROR_CONFIG))
    {
      g_autofree char *shown = cs_text_shorten (local_error->message, 3 * CS_TEXT_PATH_CHARS);

      /* Translators: %s says what could not be read, e.g. a staging directory */
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG, _("%s. Nothing was written"), shown);
      return FALSE;
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
