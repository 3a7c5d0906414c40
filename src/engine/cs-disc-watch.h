/* cs-disc-watch.h – importing a session's tree for cs_disc_check() and cs_disc_restore_day():
 * a data source that refuses the blocks past an image file's end, and what libisofs says
 * meanwhile: the directories whose records it could not read
 *
 * libisofs 1.5.4 (tree.c, iso_add_dir_src_rec) keeps such a directory in the tree, empty,
 * and only says "Can't open dir /PATH" (ISO_FILE_CANT_ADD, a SORRY): the import succeeds.
 * The watch forwards every line to the caller's log function and keeps those paths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libisofs/libisofs.h>
#include <string.h>
#include <sys/stat.h>

#include "cs-drive-private.h"
#include "cs-types.h"

G_BEGIN_DECLS

/* The blocks that can be read: on an image file, the whole blocks in it (libburn gives
 * reads past its end back as zeros: cs-disc-contents.c); G_MAXUINT32 on a drive. */
static inline guint32
cs_disc_readable_blocks (CsDrive *drive)
{
  const CsMedium *medium = cs_drive_get_medium (drive);
  guint32 readable = G_MAXUINT32;
  int capacity = 0;

  if (!medium->image_file)
    return readable;
  if (burn_get_read_capacity (drive->drive, &capacity, 0) > 0)
    readable = (guint32) MAX (capacity, 0);
  if (drive->image_path != NULL)
    {
      struct stat st;

      if (stat (drive->image_path, &st) == 0)
        readable = MIN (readable, (guint64) st.st_size / 2048);
    }
  return readable;
}

/* An IsoDataSource that refuses the blocks from @readable on, which libburn would give back
 * as zeros: a directory there is then one libisofs cannot open, never an empty one. */
typedef struct
{
  IsoDataSource *inner;
  guint32        readable;
} CsBounded;

static inline int
cs_bounded_open (IsoDataSource *src)
{
  return 1;
}

static inline int
cs_bounded_close (IsoDataSource *src)
{
  return 1;
}

static inline int
cs_bounded_read_block (IsoDataSource *src,
                       uint32_t       lba,
                       uint8_t       *buffer)
{
  CsBounded *b = src->data;

  if (lba >= b->readable)
    return ISO_DATA_SOURCE_MISHAP;
  return b->inner->read_block (b->inner, lba, buffer);
}

static inline void
cs_bounded_free_data (IsoDataSource *src)
{
  CsBounded *b = src->data;

  iso_data_source_unref (b->inner);
  g_free (b);
}

/* Returns: (transfer full): a data source over @drive's blocks below @readable; free it
 * with iso_data_source_unref(). */
static inline IsoDataSource *
cs_bounded_source_new (CsDrive *drive,
                       guint32  readable)
{
  IsoDataSource *src = calloc (1, sizeof *src);
  CsBounded *b = g_new0 (CsBounded, 1);

  b->inner = cs_drive_new_data_source (drive);
  b->readable = readable;
  src->version = 0;
  src->refcount = 1;
  src->open = cs_bounded_open;
  src->close = cs_bounded_close;
  src->read_block = cs_bounded_read_block;
  src->free_data = cs_bounded_free_data;
  src->data = b;
  return src;
}

typedef struct
{
  CsLogFunc  log_func;
  gpointer   log_data;
  GPtrArray *dirs;      /* char *: paths on the disc ("/2026/11/25/dir"), each once */
} CsImportWatch;

static inline void
cs_import_watch_init (CsImportWatch *watch,
                      CsLogFunc      log_func,
                      gpointer       log_data)
{
  watch->log_func = log_func;
  watch->log_data = log_data;
  watch->dirs = g_ptr_array_new_with_free_func (g_free);
}

static inline void
cs_import_watch_clear (CsImportWatch *watch)
{
  g_clear_pointer (&watch->dirs, g_ptr_array_unref);
}

/* A CsLogFunc: @user_data is the CsImportWatch. */
static inline void
cs_import_watch_log (GLogLevelFlags  level,
                     const char     *message,
                     gpointer        user_data)
{
  static const char said[] = "Can't open dir ";
  CsImportWatch *watch = user_data;
  const char *at = strstr (message, said);

  if (g_str_has_prefix (message, "libisofs ") && at != NULL && at[strlen (said)] == '/'
      && !g_ptr_array_find_with_equal_func (watch->dirs, at + strlen (said), g_str_equal,
                                            NULL))
    g_ptr_array_add (watch->dirs, g_strdup (at + strlen (said)));
  cs_log (watch->log_func, watch->log_data, level, "%s", message);
}

/* Whether the session @image was imported from was written with MD5s: libisofs puts the
 * checksum array's range on its root as "isofs.ca" (iso_write_opts_set_record_md5;
 * libisofs 1.5.4 aaip_0_2 / fs_image.c iso_root_get_isofsca), loaded with no_aaip 0
 * whatever no_md5 is. */
static inline gboolean
cs_image_records_md5 (IsoImage *image)
{
  char *value = NULL;
  size_t len = 0;
  int ret = iso_node_lookup_attr ((IsoNode *) iso_image_get_root (image), "isofs.ca", &len,
                                  &value, 0);

  free (value);
  return ret == 1;
}

G_END_DECLS
