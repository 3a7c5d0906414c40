/* vdrive-medium.c - medium state of the virtual drive: types, capacities,
 * sessions and tracks, persistence in DIR/srN/state and DIR/srN/medium.img.
 */
#include "vdrive.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct
{
  const char *name;
  int profile;
  uint32_t capacity;
} VdTypeInfo;

/* Capacities of real media, in blocks of 2048 bytes. */
static const VdTypeInfo type_info[] = {
  [VD_MEDIUM_NONE] = { "none", 0x0000, 0 },
  [VD_MEDIUM_CD_R] = { "cd-r", 0x0009, 360000 },
  [VD_MEDIUM_CD_RW] = { "cd-rw", 0x000a, 360000 },
  [VD_MEDIUM_DVD_R] = { "dvd-r", 0x0011, 2295104 },
  [VD_MEDIUM_DVD_RW] = { "dvd-rw", 0x0014, 2298496 },
  [VD_MEDIUM_DVD_PLUS_R] = { "dvd+r", 0x001b, 2295104 },
  [VD_MEDIUM_DVD_PLUS_R_DL] = { "dvd+r-dl", 0x002b, 4173824 },
  [VD_MEDIUM_DVD_PLUS_RW] = { "dvd+rw", 0x001a, 2295104 },
  [VD_MEDIUM_DVD_RAM] = { "dvd-ram", 0x0012, 2236704 },
  [VD_MEDIUM_BD_R] = { "bd-r", 0x0041, 12219392 },
  [VD_MEDIUM_BD_RE] = { "bd-re", 0x0043, 12219392 },
  [VD_MEDIUM_DVD_R_DL] = { "dvd-r-dl", 0x0015, 4171712 },
};

const char *
vd_medium_type_name (VdMediumType type)
{
  if ((unsigned) type >= G_N_ELEMENTS (type_info))
    return "none";
  return type_info[type].name;
}

VdMediumType
vd_medium_type_from_name (const char *name)
{
  for (guint i = 1; i < G_N_ELEMENTS (type_info); i++)
    if (g_ascii_strcasecmp (name, type_info[i].name) == 0)
      return i;
  return VD_MEDIUM_NONE;
}

gboolean
vd_medium_is_cd (const VdState *st)
{
  return st->type == VD_MEDIUM_CD_R || st->type == VD_MEDIUM_CD_RW;
}

gboolean
vd_medium_is_bd (const VdState *st)
{
  return st->type == VD_MEDIUM_BD_R || st->type == VD_MEDIUM_BD_RE;
}

gboolean
vd_medium_is_overwritable (const VdState *st)
{
  return st->profile == 0x1a || st->profile == 0x12 || st->profile == 0x43
         || st->profile == 0x13;
}

gboolean
vd_medium_is_sequential (const VdState *st)
{
  return st->present && !vd_medium_is_overwritable (st);
}

/* Sequential tracks start on ECC block boundaries (DVD 16, BD 32 blocks). */
uint32_t
vd_medium_alignment (const VdState *st)
{
  if (vd_medium_is_cd (st))
    return 1;
  if (vd_medium_is_bd (st))
    return 32;
  return 16;
}

static uint32_t
align_up (uint32_t v, uint32_t a)
{
  return (v + a - 1) / a * a;
}

void
vd_state_insert (VdState *st, VdMediumType type)
{
  guint64 gen = st->generation;

  memset (st, 0, sizeof *st);
  st->generation = gen + 1;
  st->write_error = -1;
  /* Default write parameters: TAO, mode 1, next session allowed. */
  st->page05[0] = 0x05;
  st->page05[1] = 0x32;
  st->page05[2] = 0x01;
  st->page05[3] = 0xc4;
  st->page05[4] = 0x08;
  st->page05[23] = 150;
  if (type == VD_MEDIUM_NONE)
    return;
  st->present = TRUE;
  st->type = type;
  st->profile = type_info[type].profile;
  st->capacity = type_info[type].capacity;
  st->unit_attention = TRUE;
  vd_state_snapshot_kernel (st);
}

void
vd_state_eject (VdState *st)
{
  vd_state_insert (st, VD_MEDIUM_NONE);
}

/* The sr driver reads size and last session only on a medium change. */
void
vd_state_snapshot_kernel (VdState *st)
{
  st->k_size = st->present ? vd_state_readable_end (st) : 0;
  st->k_last_start = st->present ? vd_state_last_session_start (st) : 0;
}

/* A load (reload, tray in): everyone sees a new medium; a track left open by
 * an interrupted write comes back damaged, as drives report it after a
 * medium change. */
void
vd_state_medium_change (VdState *st)
{
  st->tray_open = FALSE;
  if (st->present)
    {
      st->unit_attention = TRUE;
      st->generation++;
      VdTrack *t = vd_state_open_track (st);
      if (t != NULL)
        t->damaged = TRUE;
      st->sao_active = FALSE;
    }
  vd_state_snapshot_kernel (st);
}

VdTrack *
vd_state_open_track (const VdState *st)
{
  if (st->ntracks == 0)
    return NULL;
  VdTrack *t = (VdTrack *) &st->tracks[st->ntracks - 1];
  return t->state == VD_TRACK_COMPLETE ? NULL : t;
}

int
vd_state_sessions (const VdState *st)
{
  int n = st->closed_sessions;

  if (st->ntracks > 0 && st->tracks[st->ntracks - 1].session > n)
    n = st->tracks[st->ntracks - 1].session;
  return n;
}

gboolean
vd_state_last_session_open (const VdState *st)
{
  return st->ntracks > 0 && st->tracks[st->ntracks - 1].session > st->closed_sessions;
}

/* CD: a closed session costs its lead-out (6750 blocks for the first, 2250
 * later) plus the next lead-in (4500) and pre-gap (150). */
static uint32_t
cd_session_gap (int closed_sessions)
{
  return (closed_sessions <= 1 ? 6750 : 2250) + 4500 + 150;
}

/* Next writable address of the open or invisible track; G_MAXUINT32 if
 * the medium cannot be appended to. */
uint32_t
vd_state_nwa (const VdState *st)
{
  if (!st->present || st->closed || vd_medium_is_overwritable (st))
    return G_MAXUINT32;
  if (st->ntracks == 0)
    return 0;
  const VdTrack *t = &st->tracks[st->ntracks - 1];
  if (t->state == VD_TRACK_OPEN)
    return t->start + t->written;
  uint32_t end = t->start + t->size;
  if (vd_medium_is_cd (st))
    {
      if (t->session <= st->closed_sessions)
        return end + cd_session_gap (st->closed_sessions);
      return end + 150;
    }
  return align_up (end, vd_medium_alignment (st));
}

uint32_t
vd_state_last_session_start (const VdState *st)
{
  int last = st->closed_sessions;

  /* DVD and BD drives also report complete tracks of an open session. */
  if (!vd_medium_is_cd (st))
    {
      for (int i = 0; i < st->ntracks; i++)
        if (st->tracks[i].state == VD_TRACK_COMPLETE && st->tracks[i].session > last)
          last = st->tracks[i].session;
    }
  for (int i = 0; i < st->ntracks; i++)
    if (st->tracks[i].session == last)
      return st->tracks[i].start;
  return 0;
}

/* One past the last recorded block, as READ CAPACITY reports it. */
uint32_t
vd_state_readable_end (const VdState *st)
{
  if (!st->present)
    return 0;
  if (vd_medium_is_overwritable (st))
    return st->formatted ? st->formatted_size : 0;
  for (int i = st->ntracks - 1; i >= 0; i--)
    {
      const VdTrack *t = &st->tracks[i];
      if (t->state == VD_TRACK_COMPLETE)
        return t->start + t->size;
      if (t->written > 0)
        return t->start + t->written;
    }
  return 0;
}

gboolean
vd_state_block_unreadable (const VdState *st, uint32_t lba)
{
  for (int i = 0; i < st->nfaults; i++)
    if (lba >= st->unreadable[i].first && lba <= st->unreadable[i].last)
      return TRUE;
  for (int i = 0; i < st->ntracks; i++)
    {
      const VdTrack *t = &st->tracks[i];
      if (t->runout && t->state == VD_TRACK_COMPLETE
          && lba + 2 >= t->start + t->size && lba < t->start + t->size)
        return TRUE;
    }
  return FALSE;
}

/* Write type from mode page 05: 0 packet/incremental, 1 TAO, 2 SAO/DAO. */
int
vd_state_write_type (const VdState *st)
{
  return st->page05[2] & 0x0f;
}

/* DVD-RW after a minimal blank takes only DAO (as real drives do). */
gboolean
vd_state_incremental_ok (const VdState *st)
{
  if (st->profile == 0x14)
    return !st->dao_only;
  return st->profile == 0x11 || st->profile == 0x15 || vd_medium_is_cd (st);
}

void
vd_state_close_track (VdState *st, VdTrack *t)
{
  if (t == NULL || t->state == VD_TRACK_COMPLETE)
    return;
  if (t->state == VD_TRACK_OPEN)
    {
      t->size = t->written;
      /* TAO on CD: the drive appends two run-out blocks after the data. */
      if (vd_medium_is_cd (st) && vd_state_write_type (st) != 2)
        {
          t->size += 2;
          t->runout = TRUE;
        }
    }
  t->state = VD_TRACK_COMPLETE;
  t->damaged = FALSE;
}

void
vd_state_close_session (VdState *st, gboolean finalize)
{
  VdTrack *t = vd_state_open_track (st);

  if (t != NULL)
    vd_state_close_track (st, t);
  if (vd_state_last_session_open (st))
    st->closed_sessions = st->tracks[st->ntracks - 1].session;
  if (finalize && st->ntracks > 0)
    st->closed = TRUE;
}

/* ---- persistence ---- */

VdDrive *
vd_drive_open (const char *dir, gboolean create, GError **error)
{
  g_autofree char *lock = g_build_filename (dir, "lock", NULL);
  g_autofree char *img = g_build_filename (dir, "medium.img", NULL);

  if (create && g_mkdir_with_parents (dir, 0755) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot create %s: %s", dir, g_strerror (errno));
      return NULL;
    }
  int lfd = open (lock, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0644);
  if (lfd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "no virtual drive at %s: %s", dir, g_strerror (errno));
      return NULL;
    }
  int ifd = open (img, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (ifd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot open %s: %s", img, g_strerror (errno));
      close (lfd);
      return NULL;
    }
  VdDrive *d = g_new0 (VdDrive, 1);
  d->dir = g_strdup (dir);
  d->lock_fd = lfd;
  d->img_fd = ifd;
  d->pid = getpid ();
  vd_state_insert (&d->st, VD_MEDIUM_NONE);
  return d;
}

void
vd_drive_close (VdDrive *d)
{
  if (d == NULL)
    return;
  close (d->lock_fd);
  close (d->img_fd);
  g_free (d->dir);
  g_free (d);
}

gboolean
vd_drive_lock (VdDrive *d, GError **error)
{
  while (flock (d->lock_fd, LOCK_EX) != 0)
    {
      if (errno == EINTR)
        continue;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot lock %s: %s", d->dir, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

void
vd_drive_unlock (VdDrive *d)
{
  flock (d->lock_fd, LOCK_UN);
}

static const char *track_state_names[] = { "open", "reserved", "complete" };

#define GETI_RAW(kf, grp, key) g_key_file_get_int64 (kf, grp, key, NULL)

/* A state file someone edited or truncated: refuse it rather than act on nonsense. */
static gboolean
state_corrupt (GError **error, const char *path, const char *what)
{
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
               "%s is corrupt (%s); insert a new medium with cs-vdrive insert", path, what);
  return FALSE;
}

gboolean
vd_drive_load (VdDrive *d, GError **error)
{
  g_autofree char *path = g_build_filename (d->dir, "state", NULL);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  VdState *st = &d->st;
  GError *local = NULL;
  struct stat sb;

  /* Parse only when another process (or none yet) wrote the file. */
  if (stat (path, &sb) == 0 && d->loaded && sb.st_ino == d->state_ino
      && sb.st_size == d->state_size
      && (gint64) sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec == d->state_mtime_ns)
    return TRUE;
  d->loaded = FALSE;
  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &local))
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          /* A new drive: empty tray. */
          g_error_free (local);
          vd_state_insert (st, VD_MEDIUM_NONE);
          return TRUE;
        }
      g_propagate_error (error, local);
      return FALSE;
    }
  memset (st, 0, sizeof *st);
#define GETI(grp, key) g_key_file_get_int64 (kf, grp, key, NULL)
  g_autofree char *tname = g_key_file_get_string (kf, "medium", "type", NULL);
  st->type = tname ? vd_medium_type_from_name (tname) : VD_MEDIUM_NONE;
  st->present = GETI ("medium", "present") && st->type != VD_MEDIUM_NONE;
  st->tray_open = GETI ("medium", "tray-open");
  st->profile = GETI ("medium", "profile");
  st->capacity = GETI ("medium", "capacity");
  st->formatted = GETI ("medium", "formatted");
  st->formatted_size = GETI ("medium", "formatted-size");
  st->dao_only = GETI ("medium", "dao-only");
  st->closed = GETI ("medium", "closed");
  st->closed_sessions = GETI ("medium", "closed-sessions");
  st->unit_attention = GETI ("medium", "unit-attention");
  st->generation = GETI ("medium", "generation");
  st->sao_active = GETI ("sao", "active");
  st->sao_pos = GETI ("sao", "position");
  st->sao_end = GETI ("sao", "end");
  st->k_size = GETI ("kernel", "size");
  st->k_last_start = GETI ("kernel", "last-session-start");
  st->write_error = g_key_file_has_key (kf, "faults", "write-error", NULL)
                      ? GETI ("faults", "write-error") : -1;
  st->underruns = GETI ("feed", "underruns");
  st->idle_us = GETI ("feed", "idle-us");
  st->write_us = GETI ("feed", "write-us");
  st->own_underruns = GETI ("feed", "own-underruns");
  st->own_idle_us = GETI ("feed", "own-idle-us");
  st->write_bytes = GETI ("feed", "write-bytes");
  st->nwa_invalid = g_key_file_get_boolean (kf, "faults", "nwa-invalid", NULL);

  g_autofree char *p5 = g_key_file_get_string (kf, "drive", "page05", NULL);
  for (int i = 0; p5 && i < 52 && p5[2 * i] && p5[2 * i + 1]; i++)
    {
      char hex[3] = { p5[2 * i], p5[2 * i + 1], 0 };
      st->page05[i] = strtoul (hex, NULL, 16);
    }
  g_auto (GStrv) ranges = g_key_file_get_string_list (kf, "faults", "unreadable", NULL, NULL);
  for (int i = 0; ranges && ranges[i] && st->nfaults < VD_MAX_FAULTS; i++)
    {
      unsigned long a, b;
      if (sscanf (ranges[i], "%lu-%lu", &a, &b) == 2)
        st->unreadable[st->nfaults++] = (VdRange){ a, b };
    }
  st->ntracks = MIN (GETI ("medium", "tracks"), VD_MAX_TRACKS);
  for (int i = 0; i < st->ntracks; i++)
    {
      char grp[16];
      g_snprintf (grp, sizeof grp, "track%d", i + 1);
      VdTrack *t = &st->tracks[i];
      t->start = GETI (grp, "start");
      t->size = GETI (grp, "size");
      t->written = GETI (grp, "written");
      t->session = GETI (grp, "session");
      t->runout = GETI (grp, "runout");
      t->damaged = GETI (grp, "damaged");
      g_autofree char *s = g_key_file_get_string (kf, grp, "state", NULL);
      t->state = VD_TRACK_COMPLETE;
      for (int k = 0; s && k < 3; k++)
        if (strcmp (s, track_state_names[k]) == 0)
          t->state = k;
    }
#undef GETI
  if (!g_key_file_has_group (kf, "medium"))
    return state_corrupt (error, path, "no [medium] group");
  if (GETI_RAW (kf, "medium", "tracks") < 0 || GETI_RAW (kf, "medium", "tracks") > VD_MAX_TRACKS)
    return state_corrupt (error, path, "tracks out of range");
  if (st->present && (st->capacity <= 0 || st->capacity > VD_MAX_CAPACITY))
    return state_corrupt (error, path, "capacity out of range");
  if (st->formatted_size > st->capacity || st->k_size > st->capacity
      || st->closed_sessions < 0 || st->closed_sessions > st->ntracks)
    return state_corrupt (error, path, "sizes or sessions out of range");
  for (int i = 0; i < st->ntracks; i++)
    {
      const VdTrack *t = &st->tracks[i];

      if (t->start > st->capacity || t->written > st->capacity - t->start)
        return state_corrupt (error, path, "a track out of range");
    }
  d->loaded = TRUE;
  d->state_ino = sb.st_ino;
  d->state_size = sb.st_size;
  d->state_mtime_ns = (gint64) sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
  return TRUE;
}

/* DIR/srN/sysfs stands in for /sys/dev/block/11:N, where libblkid checks
 * that the device is a whole disk before it treats it as a CD-ROM. */
static void
vd_drive_write_sysfs (VdDrive *d)
{
  g_autofree char *dir = g_build_filename (d->dir, "sysfs", NULL);
  g_autofree char *base = g_path_get_basename (d->dir);
  int n = g_str_has_prefix (base, "sr") ? atoi (base + 2) : 0;
  char buf[64];

  g_mkdir_with_parents (dir, 0755);
  g_autofree char *dev = g_build_filename (dir, "dev", NULL);
  g_snprintf (buf, sizeof buf, "11:%d\n", n);
  if (!g_file_test (dev, G_FILE_TEST_EXISTS))
    g_file_set_contents (dev, buf, -1, NULL);
  g_autofree char *size = g_build_filename (dir, "size", NULL);
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT "\n", (guint64) d->st.k_size * 4);
  g_autofree char *old = NULL;
  if (!g_file_get_contents (size, &old, NULL, NULL) || strcmp (old, buf) != 0)
    g_file_set_contents (size, buf, -1, NULL);
  g_autofree char *rem = g_build_filename (dir, "removable", NULL);
  if (!g_file_test (rem, G_FILE_TEST_EXISTS))
    g_file_set_contents (rem, "1\n", -1, NULL);
}

gint64 vd_drive_save_us;

static gboolean drive_save (VdDrive *d, GError **error);

gboolean
vd_drive_save (VdDrive *d, GError **error)
{
  gint64 t0 = g_get_monotonic_time ();
  gboolean ok = drive_save (d, error);

  vd_drive_save_us += g_get_monotonic_time () - t0;
  return ok;
}

static gboolean
drive_save (VdDrive *d, GError **error)
{
  g_autofree char *path = g_build_filename (d->dir, "state", NULL);
  g_autoptr (GKeyFile) kf = g_key_file_new ();
  const VdState *st = &d->st;

#define SETI(grp, key, v) g_key_file_set_int64 (kf, grp, key, (gint64) (v))
  g_key_file_set_string (kf, "medium", "type", vd_medium_type_name (st->type));
  SETI ("medium", "present", st->present);
  SETI ("medium", "tray-open", st->tray_open);
  SETI ("medium", "profile", st->profile);
  SETI ("medium", "capacity", st->capacity);
  SETI ("medium", "formatted", st->formatted);
  SETI ("medium", "formatted-size", st->formatted_size);
  SETI ("medium", "dao-only", st->dao_only);
  SETI ("medium", "closed", st->closed);
  SETI ("medium", "closed-sessions", st->closed_sessions);
  SETI ("medium", "unit-attention", st->unit_attention);
  SETI ("medium", "generation", st->generation);
  SETI ("medium", "tracks", st->ntracks);
  if (st->sao_active)
    {
      SETI ("sao", "active", 1);
      SETI ("sao", "position", st->sao_pos);
      SETI ("sao", "end", st->sao_end);
    }
  SETI ("kernel", "size", st->k_size);
  SETI ("kernel", "last-session-start", st->k_last_start);
  char p5[105];
  for (int i = 0; i < 52; i++)
    g_snprintf (p5 + 2 * i, 3, "%02x", st->page05[i]);
  g_key_file_set_string (kf, "drive", "page05", p5);
  if (st->write_error >= 0)
    SETI ("faults", "write-error", st->write_error);
  if (st->write_bytes > 0)
    {
      SETI ("feed", "underruns", st->underruns);
      SETI ("feed", "idle-us", st->idle_us);
      SETI ("feed", "write-us", st->write_us);
      SETI ("feed", "own-underruns", st->own_underruns);
      SETI ("feed", "own-idle-us", st->own_idle_us);
      SETI ("feed", "write-bytes", st->write_bytes);
    }
  if (st->nwa_invalid)
    g_key_file_set_boolean (kf, "faults", "nwa-invalid", TRUE);
  if (st->nfaults > 0)
    {
      g_autoptr (GPtrArray) a = g_ptr_array_new_with_free_func (g_free);
      for (int i = 0; i < st->nfaults; i++)
        g_ptr_array_add (a, g_strdup_printf ("%u-%u", st->unreadable[i].first,
                                             st->unreadable[i].last));
      g_key_file_set_string_list (kf, "faults", "unreadable",
                                  (const char *const *) a->pdata, a->len);
    }
  for (int i = 0; i < st->ntracks; i++)
    {
      char grp[16];
      g_snprintf (grp, sizeof grp, "track%d", i + 1);
      const VdTrack *t = &st->tracks[i];
      SETI (grp, "start", t->start);
      SETI (grp, "size", t->size);
      SETI (grp, "written", t->written);
      SETI (grp, "session", t->session);
      SETI (grp, "runout", t->runout);
      SETI (grp, "damaged", t->damaged);
      g_key_file_set_string (kf, grp, "state", track_state_names[t->state]);
    }
#undef SETI
  /* A temporary file renamed into place: readers never see half a file.
   * No fsync: a crash of the machine need not keep the disc. */
  gsize len;
  g_autofree char *data = g_key_file_to_data (kf, &len, NULL);
  g_autofree char *tmp = g_strdup_printf ("%s.%d.tmp", path, (int) getpid ());
  int fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  gboolean ok = fd >= 0 && write (fd, data, len) == (ssize_t) len;
  if (fd >= 0)
    ok = close (fd) == 0 && ok;
  if (ok)
    ok = rename (tmp, path) == 0;
  if (!ok)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "cannot write %s: %s", path, g_strerror (errno));
      unlink (tmp);
      d->loaded = FALSE;
      return FALSE;
    }
  vd_drive_write_sysfs (d);
  struct stat sb;
  d->loaded = stat (path, &sb) == 0;
  d->state_ino = sb.st_ino;
  d->state_size = sb.st_size;
  d->state_mtime_ns = (gint64) sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
  return TRUE;
}

ssize_t
vd_drive_pread (VdDrive *d, void *buf, size_t len, uint64_t off)
{
  size_t done = 0;

  while (done < len)
    {
      ssize_t n = pread (d->img_fd, (char *) buf + done, len - done, off + done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        {
          /* Past the end of the sparse file: unwritten blocks read as zero. */
          memset ((char *) buf + done, 0, len - done);
          break;
        }
      done += n;
    }
  return len;
}

ssize_t
vd_drive_pwrite (VdDrive *d, const void *buf, size_t len, uint64_t off)
{
  size_t done = 0;

  while (done < len)
    {
      ssize_t n = pwrite (d->img_fd, (const char *) buf + done, len - done, off + done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      done += n;
    }
  return len;
}

gboolean
vd_drive_truncate (VdDrive *d)
{
  return ftruncate (d->img_fd, 0) == 0;
}

/* A human-readable account of the drive's own state (cs-vdrive toc). */
char *
vd_state_describe (const VdState *st)
{
  GString *s = g_string_new (NULL);
  static const char *status_names[] = { "blank", "appendable", "complete", "other" };

  if (!st->present)
    {
      g_string_append_printf (s, "no medium%s\n", st->tray_open ? " (tray open)" : "");
      return g_string_free (s, FALSE);
    }
  int status;
  if (vd_medium_is_overwritable (st))
    status = st->formatted ? (st->profile == 0x12 ? 3 : 2) : 0;
  else if (st->closed)
    status = 2;
  else
    status = st->ntracks == 0 ? 0 : 1;
  g_string_append_printf (s, "medium: %s\nprofile: 0x%04x\n", vd_medium_type_name (st->type),
                          st->profile);
  g_string_append_printf (s, "capacity: %u\n", st->capacity);
  if (st->tray_open)
    g_string_append (s, "tray: open (ejected, the medium still in it)\n");
  g_string_append_printf (s, "disc status: %s\n", status_names[status]);
  if (vd_medium_is_overwritable (st))
    g_string_append_printf (s, "formatted: %s size %u\n", st->formatted ? "yes" : "no",
                            st->formatted_size);
  if (st->dao_only)
    g_string_append (s, "write: DAO only (minimally blanked)\n");
  g_string_append_printf (s, "sessions: %d (closed %d)\n", vd_state_sessions (st),
                          st->closed_sessions);
  for (int i = 0; i < st->ntracks; i++)
    {
      const VdTrack *t = &st->tracks[i];
      g_string_append_printf (s, "session %d track %d: start %u size %u written %u %s%s%s\n",
                              t->session, i + 1, t->start, t->size, t->written,
                              track_state_names[t->state], t->runout ? " run-out" : "",
                              t->damaged ? " damaged" : "");
    }
  uint32_t nwa = vd_state_nwa (st);
  if (nwa != G_MAXUINT32)
    g_string_append_printf (s, "next writable address: %u free %u\n", nwa,
                            nwa < st->capacity ? st->capacity - nwa : 0);
  g_string_append_printf (s, "last session start: %u\n", vd_state_last_session_start (st));
  g_string_append_printf (s, "kernel view: size %u last session %u\n", st->k_size,
                          st->k_last_start);
  for (int i = 0; i < st->nfaults; i++)
    g_string_append_printf (s, "fault: unreadable %u-%u\n", st->unreadable[i].first,
                            st->unreadable[i].last);
  if (st->write_error >= 0)
    g_string_append_printf (s, "fault: write-error %" G_GINT64_FORMAT "\n", st->write_error);
  if (st->nwa_invalid)
    g_string_append (s, "fault: nwa-invalid\n");
  if (st->write_bytes > 0)
    g_string_append_printf (s, "buffer under-runs: %d (idle %.2f s) writing %" G_GUINT64_FORMAT
                            " bytes in %.2f s; %d more (idle %.2f s) in its own file I/O\n",
                            st->underruns, st->idle_us / 1e6, st->write_bytes,
                            st->write_us / 1e6, st->own_underruns, st->own_idle_us / 1e6);
  return g_string_free (s, FALSE);
}
