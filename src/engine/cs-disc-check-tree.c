/* cs-disc-check-tree.c – the sessions' trees for cs_disc_check(): each file's extents, day
 * and recorded MD5, and each session's MD5
 *
 * Each session's tree is imported on its own (iso_read_opts_set_start_block = the session's
 * start, MD5s and AAIP loaded: libburnia-verified.md items 8, 10, 18 and 19) through a data
 * source that refuses the blocks past an image file's end. A file is known by its extents:
 * hard links, and the files a later session carries over from an older one, share them and
 * are checked once, with the path and day of the oldest tree that names them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cs-disc-check-private.h"

/* "YYYY/MM/DD" of a path "/YYYY/MM/DD/…", or NULL. */
char *
_cs_disc_check_day_of_path (const char *path)
{
  static const char pattern[] = "/dddd/dd/dd";

  for (guint i = 0; i < sizeof pattern - 1; i++)
    if (path[i] == '\0' || (pattern[i] == 'd' ? !g_ascii_isdigit (path[i]) : path[i] != '/'))
      return NULL;
  if (path[sizeof pattern - 1] != '\0' && path[sizeof pattern - 1] != '/')
    return NULL;
  return g_strndup (path + 1, 10);
}

/* Imports @session's tree with no_md5 = @no_md5 (0: load and check the tree's MD5, 2: load
 * without checking, 1: do not load). Returns the image or NULL with the libisofs error. */
static IsoImage *
import_tree (CsCheck              *check,
             const CsCheckSession *session,
             int                   no_md5,
             CsImportWatch        *watch,
             int                  *ret_out,
             char                **last_error)
{
  IsoImage *image = NULL;
  IsoReadOpts *ro = NULL;
  IsoReadImageFeatures *features = NULL;
  IsoDataSource *ds;
  int ret;

  if (iso_image_new ("check", &image) < 0 || iso_read_opts_new (&ro, 0) < 0)
    g_error ("libisofs: out of memory");
  iso_read_opts_set_start_block (ro, session->start);
  iso_read_opts_set_no_md5 (ro, no_md5);
  iso_read_opts_set_no_aaip (ro, 0);
  ds = cs_bounded_source_new (check->drive, check->readable);
  ret = iso_image_import (image, ds, ro, &features);
  iso_read_opts_free (ro);
  iso_data_source_unref (ds);
  /* A failed import may have filled @features too (after reading the descriptors). */
  if (features != NULL)
    iso_read_image_features_destroy (features);
  g_clear_pointer (last_error, g_free);
  g_ptr_array_set_size (watch->dirs, 0);
  cs_drive_drain_messages (cs_import_watch_log, watch, last_error);
  *ret_out = ret;
  if (ret < 0)
    {
      iso_image_unref (image);
      return NULL;
    }
  return image;
}

/* The error of a failed import, for people. */
static char *
import_reason (int         ret,
               const char *last_error)
{
  if (last_error != NULL)
    return g_strdup_printf ("%s: %s", iso_error_to_msg (ret), last_error);
  return g_strdup (iso_error_to_msg (ret));
}

/* The session whose blocks hold @lba, or 0. */
static guint
session_holding (CsCheck *check,
                 guint32  lba)
{
  for (guint i = check->n_sessions; i > 0; i--)
    {
      const CsCheckSession *s = &check->sessions[i - 1];

      if (lba >= s->start && lba < MAX (s->start + s->blocks, s->md5_end))
        return s->number;
    }
  return 0;
}

static void
add_file (CsCheck        *check,
          IsoImage       *image,
          IsoFile        *node,
          CsCheckSession *session,
          gboolean        with_md5)
{
  g_autofree char *key = NULL;
  struct iso_file_section *sections = NULL;
  CsCheckFile *file;
  char md5[16];
  int n = 0;
  gboolean has_md5 = with_md5 && iso_file_get_md5 (image, node, md5, 0) == 1;
  guint64 size = iso_file_get_size (node);

  if (iso_file_get_old_image_sections (node, &n, &sections, 0) != 1 || n <= 0)
    {
      free (sections);
      sections = NULL;
      n = 0;
    }
  if (size == 0 || n == 0)
    {
      g_autofree char *path = iso_tree_get_node_path ((IsoNode *) node);

      key = g_strconcat ("empty:", path, NULL);
    }
  else
    /* By where the data lies, not by size: two trees that give one extent two sizes hold
     * one file, and the tree that gives the odd size is damaged. */
    key = g_strdup_printf ("%u:%d", sections[0].block, n);

  file = g_hash_table_lookup (check->extents, key);
  if (file != NULL)
    {
      g_autofree char *path = iso_tree_get_node_path ((IsoNode *) node);

      if (file->tree == session->number)
        {
          /* A hard link of the same tree: named with the file when its data is bad. */
          if (g_strcmp0 (path, file->path) != 0)
            {
              if (file->also == NULL)
                file->also = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (file->also, g_steal_pointer (&path));
            }
        }
      else if (file->size != size)
        {
          g_autofree char *day = _cs_disc_check_day_of_path (path);
          g_autofree char *ours = g_strdup_printf ("%'" G_GUINT64_FORMAT, size);
          g_autofree char *theirs = g_strdup_printf ("%'" G_GUINT64_FORMAT, file->size);
          g_autofree char *text = NULL;

          /* Translators: %1$s and %3$s are sizes in bytes ("1,234"), %2$u a session */
          text = g_strdup_printf (_("its directory record gives it %1$s bytes where session "
                                    "%2$u's tree gives the same data %3$s bytes: this "
                                    "session's directory tree is damaged"),
                                  ours, file->tree, theirs);
          cs_check_report_add (check->report, session->number, day, path, text);
          free (sections);
          return;
        }
      /* Known from an older tree; a newer one may hold the MD5 the older could not give. */
      if (!file->has_md5 && has_md5)
        {
          memcpy (file->md5, md5, 16);
          file->has_md5 = TRUE;
        }
      free (sections);
      return;
    }

  file = g_new0 (CsCheckFile, 1);
  file->path = iso_tree_get_node_path ((IsoNode *) node);
  file->day = _cs_disc_check_day_of_path (file->path);
  file->size = size;
  file->tree = session->number;
  file->n_sections = n;
  file->sections = sections;
  file->has_md5 = has_md5;
  if (has_md5)
    memcpy (file->md5, md5, 16);
  file->session = n > 0 ? session_holding (check, sections[0].block) : 0;
  if (file->session == 0)
    file->session = session->number;
  g_ptr_array_add (check->files, file);
  g_hash_table_insert (check->extents, g_steal_pointer (&key), file);
}

static void
walk_tree (CsCheck        *check,
           IsoImage       *image,
           IsoDir         *dir,
           CsCheckSession *session,
           gboolean        with_md5)
{
  IsoDirIter *iter = NULL;
  IsoNode *node;

  if (iso_dir_get_children (dir, &iter) < 0)
    return;
  while (iso_dir_iter_next (iter, &node) == 1)
    {
      if (iso_node_get_type (node) == LIBISO_DIR)
        walk_tree (check, image, (IsoDir *) node, session, with_md5);
      else if (iso_node_get_type (node) == LIBISO_FILE)
        add_file (check, image, (IsoFile *) node, session, with_md5);
    }
  iso_dir_iter_free (iter);
}

/* Whether the session tag libisofs writes after the checksum array (checksum.c: it records
 * the session's range and MD5) is there: searched in the blocks after the range, as
 * xorriso's -check_md5 finds it. */
static gboolean
has_session_tag (CsCheck              *check,
                 const CsCheckSession *session)
{
  enum { CHUNK_BLOCKS = 64 };
  g_autofree char *chunk = g_malloc ((gsize) CHUNK_BLOCKS * CS_CHECK_BLOCK);
  /* The tag follows the MD5 array, which holds 16 bytes per file of the whole tree (320
   * blocks for 40,000 files): search to the session's end, and a little past it. */
  guint32 last = MIN (MAX (session->start + session->blocks, session->md5_end) + CHUNK_BLOCKS,
                      check->readable);

  for (guint32 lba = session->md5_end; lba < last; )
    {
      guint n = MIN (CHUNK_BLOCKS, last - lba);

      /* Past the session the blocks may not be readable (a CD's run-out, an unwritten
       * DVD): then the chunk's blocks one by one, up to the first that fails. */
      if (!cs_drive_read (check->drive, (guint64) lba * CS_CHECK_BLOCK, chunk,
                          (gsize) n * CS_CHECK_BLOCK, NULL))
        {
          guint good = 0;

          while (good < n
                 && cs_drive_read (check->drive, (guint64) (lba + good) * CS_CHECK_BLOCK,
                                   chunk + (gsize) good * CS_CHECK_BLOCK, CS_CHECK_BLOCK, NULL))
            good++;
          if (good == 0)
            return FALSE;
          last = lba + good;
          n = good;
        }
      for (guint i = 0; i < n; i++)
        {
          uint32_t pos = 0, range_start = 0, range_size = 0, next = 0;
          char md5[16];
          int type = 0;

          if (iso_util_decode_md5_tag (chunk + (gsize) i * CS_CHECK_BLOCK, &type, &pos,
                                       &range_start, &range_size, &next, md5, 1) == 1
              && type == 1 && pos == lba + i)
            return TRUE;
        }
      lba += n;
    }
  return FALSE;
}

/**
 * _cs_disc_check_read_tree:
 *
 * Imports @session's tree and adds its files to @check. A tree whose recorded MD5 differs is
 * imported again without that check (no_md5 = 2), so that its files are still checked; one
 * whose MD5s cannot be loaded, without them (no_md5 = 1). Each such step is a problem of the
 * session, as are a missing session tag and each directory libisofs could not read.
 *
 * Returns: FALSE when the tree could not be imported at all (a problem says why)
 */
gboolean
_cs_disc_check_read_tree (CsCheck        *check,
                          CsCheckSession *session)
{
  g_autofree char *last_error = NULL;
  g_autofree char *reason = NULL;
  CsImportWatch watch;
  IsoImage *image;
  gboolean with_md5 = TRUE;
  int ret = 0, ret0;

  cs_import_watch_init (&watch, check->log_func, check->log_data);

  image = import_tree (check, session, 0, &watch, &ret0, &last_error);
  if (image == NULL)
    {
      reason = import_reason (ret0, last_error);
      image = import_tree (check, session, 2, &watch, &ret, &last_error);
      if (image != NULL && ret0 == (int) ISO_SB_TREE_CORRUPTED)
        cs_check_report_add (check->report, session->number, NULL, NULL,
                             _("its directory tree differs from the MD5 recorded when it "
                               "was written"));
      else if (image != NULL)
        {
          g_autofree char *text = NULL;

          /* Translators: %s is what libisofs said */
          text = g_strdup_printf (_("its directory tree cannot be checked: %s"), reason);
          cs_check_report_add (check->report, session->number, NULL, NULL, text);
        }
    }
  if (image == NULL)
    {
      image = import_tree (check, session, 1, &watch, &ret, &last_error);
      with_md5 = FALSE;
      if (image != NULL)
        {
          g_autofree char *text = NULL;

          /* Translators: %s is what libisofs said */
          text = g_strdup_printf (_("its recorded MD5s cannot be read (%s); its files are not "
                                    "checked"), reason);
          cs_check_report_add (check->report, session->number, NULL, NULL, text);
        }
    }
  if (image == NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: %s is what libisofs said */
      text = g_strdup_printf (_("its directory tree cannot be read: %s"), reason);
      cs_check_report_add (check->report, session->number, NULL, NULL, text);
      cs_import_watch_clear (&watch);
      return FALSE;
    }

  session->imported = TRUE;
  session->md5_recorded = cs_image_records_md5 (image);
  check->any_md5 = check->any_md5 || session->md5_recorded;
  if (with_md5 && iso_image_get_session_md5 (image, &session->md5_start, &session->md5_end,
                                             session->md5, 0) == 1
      && session->md5_end > session->md5_start)
    session->has_md5 = TRUE;
  if (with_md5 && session->md5_recorded
      && (!session->has_md5 || !has_session_tag (check, session)))
    /* The tree says MD5s were recorded, yet the tag at the session's end is not there. */
    cs_check_report_add (check->report, session->number, NULL, NULL,
                         _("its session checksum cannot be read: the tag recorded at the "
                           "session's end is missing or damaged"));
  /* Directories libisofs could not read: kept in the tree, empty. */
  for (guint i = 0; i < watch.dirs->len; i++)
    {
      const char *path = g_ptr_array_index (watch.dirs, i);
      g_autofree char *day = _cs_disc_check_day_of_path (path);

      cs_check_report_add (check->report, session->number, day, path,
                           _("its directory records cannot be read: the files and folders "
                             "it holds are not checked"));
    }
  cs_import_watch_clear (&watch);
  walk_tree (check, image, iso_image_get_root (image), session, with_md5);
  iso_image_unref (image);
  cs_drive_drain_messages (check->log_func, check->log_data, NULL);
  return TRUE;
}
