/* cs-drive.h – one libburn lifetime per process; grab, status, blank, write, read, eject, cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>
#include <gio/gio.h>
#include <libburn/libburn.h>
#include <libisofs/libisofs.h>

#include "cs-drive-list.h"
#include "cs-types.h"

G_BEGIN_DECLS

#define CS_HEAD_SIZE   65536   /* the 64 KiB volume descriptor block at LBA 0 */
#define CS_FIRST_LBA   32      /* first session on overwritable media and image files */
/* Zeros written after the image of every session on CD media (profiles 0x08-0x0a): 150
 * blocks, 300 KiB, as xorriso pads by default (-padding 300k), because Linux reads ahead
 * past a file's end into the two unreadable run-out blocks of a TAO track. */
#define CS_CD_TAIL_PADDING (150 * 2048)

typedef enum
{
  CS_MEDIUM_NONE,        /* no medium in the drive */
  CS_MEDIUM_BLANK,       /* nothing on it (or all zeros) */
  CS_MEDIUM_APPENDABLE,  /* holds an ISO 9660 image that can grow */
  CS_MEDIUM_CLOSED,      /* holds data but no more sessions fit (closed disc) */
  CS_MEDIUM_FOREIGN,     /* holds data that is not an ISO 9660 image */
  CS_MEDIUM_UNSUITABLE,  /* a medium this drive cannot write */
  CS_MEDIUM_UNREADABLE,  /* its start cannot be read: it may hold backups, so never blank */
} CsMediumState;

/* What is in the drive, read once after grabbing. */
typedef struct
{
  CsMediumState state;
  char         *profile_name;    /* "stdio file", "DVD+RW", … */
  int           profile;
  guint         image_file : 1;  /* a stdio: regular file */
  guint         overwritable : 1;/* random access: emulated multisession */
  guint         erasable : 1;    /* sequential media that can be blanked */
  guint         unformatted : 1; /* a fresh BD-RE or DVD-RAM: formatted before the first write */
  guint         dao_only : 1;    /* sequential DVD-RW that takes only one closed DAO session
                                  * (a fast blank: no incremental recording, MMC feature 0021h) */
  guint         open_track : 1;  /* a written track is still open (a cancel without a medium
                                  * change): the drive does not call it damaged yet */
  guint         damaged : 1;     /* sequential: the next track is damaged by an interrupted
                                  * write (burn_disc_next_track_is_damaged() bit 0); nothing can
                                  * be appended until burn_disc_close_damaged() closes it */
  guint32       msc1;            /* start of the newest session for import */
  guint32       nwa;             /* next writable address, in blocks */
  guint32       image_blocks;    /* blocks in use (vol_space_size of the LBA-0 PVD) */
  guint64       free_bytes;      /* what the drive says is left, for the whole medium */
  char         *label;           /* volume id of the newest session, or NULL */
  char         *problem;         /* why the data on it cannot be appended to, or NULL */
  guint         sessions;
} CsMedium;

typedef void (*CsWriteProgress) (double   fraction,
                                 guint64  done_bytes,
                                 guint64  total_bytes,
                                 gpointer user_data);

/* How cs_drive_open_full() takes an address. */
typedef enum
{
  CS_DRIVE_OPEN_DEFAULT      = 0,
  CS_DRIVE_OPEN_FORCE_DEVICE = 1 << 0,  /* --force-device: write a stdio: block device even
                                         * when it holds a partition table or filesystem */
  CS_DRIVE_OPEN_READ_ONLY    = 1 << 1,  /* --contents, --check, --restore: an image file needs
                                         * only read permission and takes a shared lock (other
                                         * readers may run; a store holds it exclusively); an
                                         * image file that does not exist is refused, not made.
                                         * Nothing may be written through such a drive. */
} CsDriveOpenFlags;

#define CS_TYPE_DRIVE (cs_drive_get_type ())

G_DECLARE_FINAL_TYPE (CsDrive, cs_drive, CS, DRIVE, GObject)

gboolean        cs_drive_library_init      (GError          **error);
void            cs_drive_drain_messages    (CsLogFunc         log_func,
                                            gpointer          log_data,
                                            char            **last_error);
void            _cs_drive_watch_generator  (void);
GPtrArray      *_cs_drive_take_generator_problems (void);
gboolean        cs_drive_address_is_image  (const char       *address);
char           *cs_drive_image_path        (const char       *address);

CsDrive        *cs_drive_open              (const char       *address,
                                            CsLogFunc         log_func,
                                            gpointer          log_data,
                                            GError          **error);
CsDrive        *cs_drive_open_full         (const char       *address,
                                            CsDriveOpenFlags  flags,
                                            CsLogFunc         log_func,
                                            gpointer          log_data,
                                            GError          **error);
const char     *cs_drive_get_address       (CsDrive          *self);
const CsMedium *cs_drive_get_medium        (CsDrive          *self);
const guint8   *cs_drive_get_head          (CsDrive          *self);
gboolean        cs_drive_blank             (CsDrive          *self,
                                            CsWriteProgress   progress,
                                            gpointer          progress_data,
                                            GError          **error);
gboolean        cs_drive_format            (CsDrive          *self,
                                            CsWriteProgress   progress,
                                            gpointer          progress_data,
                                            GError          **error);
gboolean        cs_drive_write             (CsDrive          *self,
                                            struct burn_source *source,
                                            guint32           start_lba,
                                            gboolean          multi,
                                            int               speed,
                                            CsWriteProgress   progress,
                                            gpointer          progress_data,
                                            GCancellable     *cancellable,
                                            GError          **error);
gboolean        cs_drive_commit_head       (CsDrive          *self,
                                            const guint8     *head,
                                            CsWriteProgress   progress,
                                            gpointer          progress_data,
                                            GError          **error);
gboolean        cs_drive_read              (CsDrive          *self,
                                            guint64           offset,
                                            void             *buffer,
                                            gsize             length,
                                            GError          **error);
gboolean        cs_drive_check_session     (CsDrive          *self,
                                            guint32           start,
                                            const char       *label,
                                            GError          **error);
gboolean        cs_drive_invalidate        (CsDrive          *self,
                                            GError          **error);
gboolean        cs_drive_truncate_image    (CsDrive          *self,
                                            guint64           end_bytes,
                                            GError          **error);
void            cs_drive_rollback_image    (CsDrive          *self);
gboolean        cs_drive_check_room_beside (CsDrive          *self,
                                            guint64           bytes,
                                            GError          **error);
CsDrive        *cs_drive_open_beside       (CsDrive          *self,
                                            GError          **error);
const char     *cs_drive_beside_path       (CsDrive          *self);
gboolean        cs_drive_replace_image     (CsDrive          *self,
                                            GError          **error);
IsoDataSource  *cs_drive_new_data_source   (CsDrive          *self);
void            cs_drive_release           (CsDrive          *self,
                                            gboolean          eject);
char           *cs_medium_describe         (const CsMedium   *medium);
guint64         cs_medium_tail_padding     (const CsMedium   *medium);

G_END_DECLS
