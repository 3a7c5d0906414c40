/* vdrive.h - a virtual MMC optical drive kept in files (tests only)
 *
 * The medium and the drive's state live under DIR/srN (medium.img, state), so
 * that every process which has libcs-vdrive.so preloaded sees the same disc.
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <sys/types.h>

G_BEGIN_DECLS

#define VD_BLOCK 2048
#define VD_MAX_TRACKS 99
#define VD_MAX_FAULTS 16
#define VD_MAX_DRIVES 32   /* sr0 to sr31 */
#define VD_MAX_CAPACITY 50000000   /* blocks: far above any modelled medium */
#define VD_SENSE_LEN 18

typedef enum
{
  VD_MEDIUM_NONE = 0,
  VD_MEDIUM_CD_R,
  VD_MEDIUM_CD_RW,
  VD_MEDIUM_DVD_R,
  VD_MEDIUM_DVD_RW,
  VD_MEDIUM_DVD_PLUS_R,
  VD_MEDIUM_DVD_PLUS_R_DL,
  VD_MEDIUM_DVD_PLUS_RW,
  VD_MEDIUM_DVD_RAM,
  VD_MEDIUM_BD_R,
  VD_MEDIUM_BD_RE,
  VD_MEDIUM_DVD_R_DL,
} VdMediumType;

typedef enum
{
  VD_TRACK_OPEN = 0,   /* being written incrementally, not closed */
  VD_TRACK_RESERVED,   /* RESERVE TRACK (DAO/SAO): fixed size */
  VD_TRACK_COMPLETE,
} VdTrackState;

typedef struct
{
  uint32_t start;      /* first block */
  uint32_t size;       /* blocks: written so far, or reserved size */
  uint32_t written;    /* blocks actually recorded (<= size) */
  int session;         /* 1-based */
  VdTrackState state;
  gboolean runout;     /* CD TAO: the last 2 blocks are run-out, unreadable */
  gboolean damaged;    /* incomplete write: not writable until closed */
} VdTrack;

typedef struct
{
  uint32_t first;
  uint32_t last;
} VdRange;

/* Everything a drive knows, loaded from and saved to DIR/srN/state. */
typedef struct
{
  gboolean present;    /* medium in the drive */
  gboolean tray_open;  /* START STOP UNIT eject without a load yet */
  VdMediumType type;
  int profile;         /* current MMC profile (DVD-RW: 0x13 or 0x14) */
  uint32_t capacity;   /* raw user blocks of the medium */
  gboolean formatted;  /* overwritable media */
  uint32_t formatted_size;
  gboolean dao_only;   /* DVD-RW after a minimal blank */
  gboolean closed;     /* disc finalized: nothing more can be appended */
  int closed_sessions; /* sessions closed on the disc */
  int ntracks;
  VdTrack tracks[VD_MAX_TRACKS];
  gboolean unit_attention;  /* 06/28/00 pending once after a load */
  guint64 generation;       /* bumps on every medium change */
  /* the kernel's sr view, as of the last medium change */
  uint32_t k_size;
  uint32_t k_last_start;
  /* CD SAO: after SEND CUE SHEET, the next block the host must send (the
   * pre-gap comes first, below the track start) and the end of the last
   * track; the tracks are reserved meanwhile. */
  gboolean sao_active;
  int64_t sao_pos;
  int64_t sao_end;
  /* mode page 05 write parameters, as the host last selected them */
  uint8_t page05[52];
  /* faults */
  int nfaults;
  VdRange unreadable[VD_MAX_FAULTS];
  int64_t write_error;      /* -1: none */
  gboolean nwa_invalid;     /* fault: the invisible track's NWA is not valid (NWA_V = 0) */
  /* CS_VDRIVE_SPEED=1: how well the host fed the drive in the writes that ended since the
   * medium went in. A write runs from a WRITE to the SYNCHRONIZE CACHE or CLOSE TRACK that
   * ends it; an under-run is the drive buffer running empty meanwhile, so that the
   * recorder waits for data. */
  int underruns;
  gint64 idle_us;           /* the recorder waited for data */
  gint64 write_us;          /* the writes' time, first WRITE to the end of the flush */
  guint64 write_bytes;
  /* under-runs while the virtual drive itself wrote medium.img or its state file */
  int own_underruns;
  gint64 own_idle_us;
} VdState;

/* One open drive: directory, lock and the loaded state. */
typedef struct
{
  char *dir;           /* DIR/srN */
  int lock_fd;         /* flock()ed while a command runs */
  int img_fd;          /* DIR/srN/medium.img */
  pid_t pid;           /* owner: a forked child must reopen (flock) */
  gboolean loaded;     /* st matches the state file seen below */
  guint64 state_ino;
  gint64 state_mtime_ns;
  gint64 state_size;
  VdState st;
} VdDrive;

/* vdrive-medium.c */
const char *vd_medium_type_name (VdMediumType type);
VdMediumType vd_medium_type_from_name (const char *name);
gboolean vd_medium_is_cd (const VdState *st);
gboolean vd_medium_is_bd (const VdState *st);
gboolean vd_medium_is_overwritable (const VdState *st);
gboolean vd_medium_is_sequential (const VdState *st);
uint32_t vd_medium_alignment (const VdState *st);

VdDrive *vd_drive_open (const char *dir, gboolean create, GError **error);
void vd_drive_close (VdDrive *d);
gboolean vd_drive_lock (VdDrive *d, GError **error);
void vd_drive_unlock (VdDrive *d);
gboolean vd_drive_load (VdDrive *d, GError **error);
gboolean vd_drive_save (VdDrive *d, GError **error);
/* µs this process spent in vd_drive_save(): the virtual drive's own time, which the speed
 * model does not blame on the host */
extern gint64 vd_drive_save_us;

void vd_state_insert (VdState *st, VdMediumType type);
void vd_state_eject (VdState *st);
void vd_state_snapshot_kernel (VdState *st);
void vd_state_medium_change (VdState *st);
uint32_t vd_state_nwa (const VdState *st);
uint32_t vd_state_last_session_start (const VdState *st);
uint32_t vd_state_readable_end (const VdState *st);
int vd_state_sessions (const VdState *st);
gboolean vd_state_last_session_open (const VdState *st);
VdTrack *vd_state_open_track (const VdState *st);
gboolean vd_state_block_unreadable (const VdState *st, uint32_t lba);
void vd_state_close_track (VdState *st, VdTrack *t);
void vd_state_close_session (VdState *st, gboolean finalize);
gboolean vd_state_incremental_ok (const VdState *st);
int vd_state_write_type (const VdState *st);
char *vd_state_describe (const VdState *st);

ssize_t vd_drive_pread (VdDrive *d, void *buf, size_t len, uint64_t off);
ssize_t vd_drive_pwrite (VdDrive *d, const void *buf, size_t len, uint64_t off);
gboolean vd_drive_truncate (VdDrive *d);

/* vdrive-mmc.c: executes one CDB against a locked, loaded drive.
 * dir: 0 none, 1 to drive (buf holds len bytes), 2 from drive.
 * Returns the SCSI status (0 good, 2 check condition); sense is filled on
 * check condition; *xfer tells how many bytes were moved. */
enum { VD_DIR_NONE = 0, VD_DIR_OUT = 1, VD_DIR_IN = 2 };
int vd_mmc_execute (VdDrive *d, const uint8_t *cdb, int cdb_len, int dir,
                    uint8_t *buf, size_t len, size_t *xfer,
                    uint8_t sense[VD_SENSE_LEN]);
void vd_sense_fill (uint8_t sense[VD_SENSE_LEN], int key, int asc, int ascq);

G_END_DECLS
