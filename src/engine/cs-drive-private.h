/* cs-drive-private.h – the drive's fields, shared by cs-drive.c and cs-drive-*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-drive.h"

G_BEGIN_DECLS

struct _CsDrive
{
  GObject                 parent_instance;

  char                   *address;      /* as given: /dev/sr0 or stdio:/path */
  char                   *image_path;   /* for stdio: addresses */
  struct burn_drive_info *info;
  struct burn_drive      *drive;
  guint8                 *head;         /* the 64 KiB read at LBA 0 */
  CsLogFunc               log_func;
  gpointer                log_data;
  CsMedium                medium;
  int                     lock_fd;
  guint64                 orig_size;    /* image file size when grabbed */
  guint                   created : 1;  /* we created the image file */
  guint                   wrote : 1;    /* something was written */
  guint                   read_only : 1;/* CS_DRIVE_OPEN_READ_ONLY: never written */
  guint                   temporary : 1;/* cs_drive_open_beside(): removed on release unless
                                         * cs_drive_replace_image() put it in place */
  char                   *replaces;     /* beside: the image file it is to replace */
  guint                   keep_mode;    /* beside: the old image's permission bits */
};

/* ISO 9660 both-byte-order fields, read from their little-endian half (ECMA-119 7.3). */
static inline guint32
_cs_le32 (const guint8 *p)
{
  return (guint32)p[0] | ((guint32)p[1] << 8) | ((guint32)p[2] << 16) | ((guint32)p[3] << 24);
}

gboolean _cs_drive_is_pvd (const guint8 *block);
gboolean _cs_drive_inspect_medium (CsDrive  *self,
                                   GError  **error);
gboolean _cs_drive_probe_contents (const char        *path,
                                   char             **contents,
                                   GError           **error);
gboolean _cs_drive_check_device   (const char        *path,
                                   CsDriveOpenFlags   flags,
                                   GError           **error);
char    *_cs_drive_pvd_volume_id (const guint8 *pvd);
guint32  _cs_drive_last_session_end (CsDrive *self);
gboolean _cs_drive_drain  (CsLogFunc      log_func,
                           gpointer       log_data,
                           char         **last_error,
                           const char    *watch);
gboolean _cs_drive_drain_after_cancel (CsLogFunc   log_func,
                                       gpointer    log_data,
                                       char      **last_error,
                                       const char *watch);
char    *_cs_drive_library_line  (const char     *library,
                                  const char     *sev,
                                  const char     *text,
                                  gboolean        after_cancel,
                                  GLogLevelFlags *level);

G_END_DECLS
