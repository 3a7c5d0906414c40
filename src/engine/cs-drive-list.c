/* cs-drive-list.c
 *
 * The optical drives of this system and the medium in each, found without grabbing them:
 * libburn's burn_drive_scan() opens every drive exclusively, loads (closes) open trays and
 * leaves busy or mounted drives out (real-drives.md finding 8). Here a drive is opened
 * read-only and non-blocking, never with O_EXCL for longer than a probe, and asked only
 * commands that change nothing (T10 MMC-6: INQUIRY, TEST UNIT READY, GET CONFIGURATION,
 * READ DISC INFORMATION, READ TOC/PMA/ATIP, READ (10)); the Linux block layer lets a
 * read-only fd send these through SG_IO. No START STOP UNIT, no PREVENT ALLOW MEDIUM
 * REMOVAL, no tray load.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <scsi/sg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "cs-drive-list.h"
#include "cs-drive-private.h"

/* /dev/sr0 … /dev/sr31 are looked for by name as well as through sysfs: a drive that sysfs
 * does not show (a container, the tests' virtual drive) is still found. */
#define PROBED_DRIVES 32
#define SCSI_TIMEOUT_MS 10000
#define MAX_SESSIONS 1000

typedef struct
{
  guint8 key, asc, ascq;
} Sense;

void
cs_drive_entry_free (CsDriveEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->address);
  g_free (entry->vendor);
  g_free (entry->model);
  g_free (entry->mount_point);
  g_free (entry->medium);
  g_free (entry);
}

static guint32
be32 (const guint8 *p)
{
  return (guint32)p[0] << 24 | (guint32)p[1] << 16 | (guint32)p[2] << 8 | p[3];
}

/* One data-in (or no-data) command; TRUE on GOOD status. A CHECK CONDITION fills @sense
 * (fixed or descriptor format, SPC-4 4.5); an fd that takes no SG_IO leaves it 0/0/0. */
static gboolean
scsi_in (int           fd,
         const guint8 *cdb,
         guint         cdb_len,
         guint8       *buf,
         guint         len,
         Sense        *sense)
{
  struct sg_io_hdr hdr = { 0 };
  guint8 sb[32] = { 0 };

  memset (sense, 0, sizeof *sense);
  if (len > 0)
    memset (buf, 0, len);
  hdr.interface_id = 'S';
  hdr.dxfer_direction = len > 0 ? SG_DXFER_FROM_DEV : SG_DXFER_NONE;
  hdr.cmd_len = cdb_len;
  hdr.cmdp = (unsigned char *)cdb;
  hdr.dxferp = buf;
  hdr.dxfer_len = len;
  hdr.mx_sb_len = sizeof sb;
  hdr.sbp = sb;
  hdr.timeout = SCSI_TIMEOUT_MS;

  if (ioctl (fd, SG_IO, &hdr) < 0)
    return FALSE;
  if ((hdr.info & SG_INFO_OK_MASK) == SG_INFO_OK && hdr.status == 0)
    return TRUE;
  if (hdr.sb_len_wr >= 4 && (sb[0] & 0x7f) >= 0x72)
    {
      sense->key = sb[1] & 0x0f;
      sense->asc = sb[2];
      sense->ascq = sb[3];
    }
  else if (hdr.sb_len_wr >= 14)
    {
      sense->key = sb[2] & 0x0f;
      sense->asc = sb[12];
      sense->ascq = sb[13];
    }
  return FALSE;
}

/* As scsi_in(), again after a UNIT ATTENTION (a medium change the drive reports once). */
static gboolean
scsi_ask (int           fd,
          const guint8 *cdb,
          guint         cdb_len,
          guint8       *buf,
          guint         len,
          Sense        *sense)
{
  for (guint i = 0; i < 3; i++)
    {
      if (scsi_in (fd, cdb, cdb_len, buf, len, sense))
        return TRUE;
      if (sense->key != 0x06)
        break;
    }
  return FALSE;
}

static gboolean
read_block (int      fd,
            guint32  lba,
            guint8  *block)
{
  const guint8 cdb[10] = { 0x28, 0, lba >> 24, lba >> 16, lba >> 8, lba, 0, 0, 1, 0 };
  Sense sense;

  return scsi_ask (fd, cdb, sizeof cdb, block, 2048, &sense);
}

static char *
trimmed (const guint8 *p,
         gsize         len)
{
  g_autofree char *s = g_strndup ((const char *)p, len);

  g_strstrip (s);
  if (*s == '\0' || !g_utf8_validate (s, -1, NULL))
    return NULL;
  return g_steal_pointer (&s);
}

/* libburn's names of the MMC-5 profiles (mmc.c, mmc_obtain_profile_name), so the list says
 * what a store says. Not burn_obtain_profile_name(): it fills its table on first use without
 * a lock, and libburn's own threads may be doing the same. */
static const char *
profile_name (int profile)
{
  switch (profile)
    {
    case 0x08: return "CD-ROM";
    case 0x09: return "CD-R";
    case 0x0a: return "CD-RW";
    case 0x10: return "DVD-ROM";
    case 0x11: return "DVD-R sequential recording";
    case 0x12: return "DVD-RAM";
    case 0x13: return "DVD-RW restricted overwrite";
    case 0x14: return "DVD-RW sequential recording";
    case 0x15: return "DVD-R/DL sequential recording";
    case 0x16: return "DVD-R/DL layer jump recording";
    case 0x1a: return "DVD+RW";
    case 0x1b: return "DVD+R";
    case 0x2a: return "DVD+RW/DL";
    case 0x2b: return "DVD+R/DL";
    case 0x40: return "BD-ROM";
    case 0x41: return "BD-R sequential recording";
    case 0x42: return "BD-R random recording";
    case 0x43: return "BD-RE";
    default:   return NULL;
    }
}

/* Emulated multisession on overwritable media: session superblocks chain from LBA 32
 * (libburnia.md §4.2), as cs-drive.c counts them. */
static guint
count_overwritable_sessions (int fd)
{
  guint8 block[2048];
  guint32 lba = CS_FIRST_LBA;
  guint n = 0;

  while (n < MAX_SESSIONS && read_block (fd, lba + 16, block) && _cs_drive_is_pvd (block))
    {
      guint32 size = _cs_le32 (block + 80);

      if (size == 0)
        break;
      n++;
      lba = ((lba + size + 31) / 32) * 32;
    }
  return MAX (n, 1);
}

/* The medium in the drive behind @fd, in cs_medium_describe()'s words; NULL when the drive
 * does not answer. MMC-6: GET CONFIGURATION's header carries the current profile (0: no
 * medium); READ DISC INFORMATION byte 2 the disc status (bits 0-1) and the state of the
 * last session (bits 2-3), bytes 4 and 9 the number of sessions; READ TOC format 1 the
 * start of the last complete session, whose volume descriptor is 16 blocks on. */
static char *
describe_medium (int fd)
{
  static const guint8 tur[6] = { 0x00, 0, 0, 0, 0, 0 };
  static const guint8 get_config[10] = { 0x46, 0x02, 0, 0, 0, 0, 0, 0, 16, 0 };
  static const guint8 disc_info[10] = { 0x51, 0, 0, 0, 0, 0, 0, 0, 34, 0 };
  static const guint8 toc_sessions[10] = { 0x43, 0, 0x01, 0, 0, 0, 0, 0, 12, 0 };
  CsMedium m = { 0 };
  g_autofree char *label = NULL;
  guint8 buf[64];
  guint8 block[2048];
  Sense sense;
  int status, last_state;
  guint sessions;
  gboolean overwritable;

  if (!scsi_ask (fd, tur, sizeof tur, NULL, 0, &sense))
    {
      if (sense.key == 0x02 && sense.asc == 0x3a)  /* MEDIUM NOT PRESENT (tray open or closed) */
        return cs_medium_describe (&m);
      if (sense.key == 0x02)
        return g_strdup (_("medium not ready yet"));
      if (sense.key == 0)
        return NULL;
    }

  if (!scsi_ask (fd, get_config, sizeof get_config, buf, 16, &sense))
    return NULL;
  m.profile = buf[6] << 8 | buf[7];
  if (m.profile == 0)
    return cs_medium_describe (&m);
  if (profile_name (m.profile) != NULL)
    m.profile_name = g_strdup (profile_name (m.profile));
  else
    m.profile_name = g_strdup_printf ("0x%04x", (guint)m.profile);

  if (!scsi_ask (fd, disc_info, sizeof disc_info, buf, 34, &sense))
    {
      g_free (m.profile_name);
      return NULL;
    }
  status = buf[2] & 0x03;
  last_state = (buf[2] >> 2) & 0x03;
  sessions = buf[4] | buf[9] << 8;
  /* DVD-RAM, DVD-RW restricted overwrite, DVD+RW, DVD+RW DL, BD-RE. */
  overwritable = m.profile == 0x12 || m.profile == 0x13 || m.profile == 0x1a
                 || m.profile == 0x2a || m.profile == 0x43;

  if (overwritable)
    {
      if (status == 0)
        {
          m.state = CS_MEDIUM_BLANK;
          m.unformatted = m.profile == 0x12 || m.profile == 0x43;
        }
      else if (!read_block (fd, 16, block))
        m.state = CS_MEDIUM_UNSUITABLE;
      else if (_cs_drive_is_pvd (block))
        {
          m.state = CS_MEDIUM_APPENDABLE;
          m.image_blocks = _cs_le32 (block + 80);
          label = _cs_drive_pvd_volume_id (block);
          m.sessions = count_overwritable_sessions (fd);
        }
      else
        {
          gboolean zero = TRUE;

          for (guint i = 0; i < sizeof block && zero; i++)
            zero = block[i] == 0;
          m.state = zero ? CS_MEDIUM_BLANK : CS_MEDIUM_FOREIGN;
        }
    }
  else if (status == 0)
    m.state = CS_MEDIUM_BLANK;
  else
    {
      /* An appendable disc counts its empty next session too. */
      m.sessions = status == 1 && last_state == 0 && sessions > 0 ? sessions - 1 : sessions;
      m.state = status == 2 ? CS_MEDIUM_CLOSED : CS_MEDIUM_APPENDABLE;
      if (scsi_ask (fd, toc_sessions, sizeof toc_sessions, buf, 12, &sense)
          && read_block (fd, be32 (buf + 8) + 16, block) && _cs_drive_is_pvd (block))
        {
          m.image_blocks = _cs_le32 (block + 80);
          label = _cs_drive_pvd_volume_id (block);
        }
      else if (m.state == CS_MEDIUM_APPENDABLE)
        m.state = CS_MEDIUM_FOREIGN;
    }

  m.label = g_steal_pointer (&label);
  {
    char *text;

    if (m.state == CS_MEDIUM_UNSUITABLE)
      text = g_strdup_printf (_("%s, cannot be read"), m.profile_name);
    else
      text = cs_medium_describe (&m);
    g_free (m.profile_name);
    g_free (m.label);
    return text;
  }
}

/* sysfs names the drive without a command: for a drive that is busy or not ours to open. */
static char *
sysfs_attribute (const char *address,
                 const char *attribute)
{
  g_autofree char *base = g_path_get_basename (address);
  g_autofree char *path = g_build_filename ("/sys/class/block", base, "device", attribute, NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, NULL))
    return NULL;
  return trimmed ((const guint8 *)contents, len);
}

/* Kernel mount table (octal escapes \040 etc. undone): the mount point of the block device
 * @rdev, or NULL. Compared by device number, so /dev/cdrom and /dev/sr0 are one. */
static char *
mount_point_of (const char *mounts,
                dev_t       rdev)
{
  g_auto(GStrv) lines = NULL;

  if (mounts == NULL)
    return NULL;
  lines = g_strsplit (mounts, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", 3);
      g_autofree char *source = NULL;
      GStatBuf st;

      if (fields[0] == NULL || fields[1] == NULL || fields[0][0] != '/')
        continue;
      source = g_strcompress (fields[0]);
      if (g_stat (source, &st) == 0 && S_ISBLK (st.st_mode) && st.st_rdev == rdev)
        return g_strcompress (fields[1]);
    }
  return NULL;
}

static CsDriveEntry *
look_at_drive (const char *address,
               dev_t       rdev,
               const char *mounts)
{
  g_autoptr(CsDriveEntry) entry = g_new0 (CsDriveEntry, 1);
  int fd;

  entry->address = g_strdup (address);
  entry->vendor = sysfs_attribute (address, "vendor");
  entry->model = sysfs_attribute (address, "model");
  entry->mount_point = mount_point_of (mounts, rdev);
  entry->use = entry->mount_point != NULL ? CS_DRIVE_MOUNTED : CS_DRIVE_FREE;

  /* Whether another program holds it is what an exclusive open says, and that is how
   * libburn would meet it (EBUSY); the probe is closed at once. O_NONBLOCK: an open tray
   * stays open (the cdrom driver closes trays only on a blocking open). udev's cdrom_id
   * probes the same way for a moment after every medium change: ask again twice. */
  for (guint i = 0; i < 3; i++)
    {
      fd = open (address, O_RDONLY | O_NONBLOCK | O_EXCL | O_CLOEXEC);
      if (fd >= 0 || errno != EBUSY || entry->use != CS_DRIVE_FREE)
        break;
      if (i < 2)
        g_usleep (100000);
    }
  if (fd >= 0)
    close (fd);
  else if (errno == EBUSY && entry->use == CS_DRIVE_FREE)
    entry->use = CS_DRIVE_BUSY;
  else if (errno == EACCES || errno == EPERM)
    entry->use = CS_DRIVE_DENIED;

  /* A busy drive is not disturbed by commands while another program burns on it. */
  if (entry->use == CS_DRIVE_BUSY || entry->use == CS_DRIVE_DENIED)
    return g_steal_pointer (&entry);

  fd = open (address, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return g_steal_pointer (&entry);
  {
    static const guint8 inquiry[6] = { 0x12, 0, 0, 0, 36, 0 };
    guint8 buf[36];
    Sense sense;

    if (scsi_ask (fd, inquiry, sizeof inquiry, buf, sizeof buf, &sense))
      {
        char *vendor = trimmed (buf + 8, 8);
        char *model = trimmed (buf + 16, 16);

        if (vendor != NULL)
          {
            g_free (entry->vendor);
            entry->vendor = vendor;
          }
        if (model != NULL)
          {
            g_free (entry->model);
            entry->model = model;
          }
      }
  }
  entry->medium = describe_medium (fd);
  close (fd);
  return g_steal_pointer (&entry);
}

static gint
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  guint x = *(const guint *)a, y = *(const guint *)b;

  return x < y ? -1 : x > y;
}

/**
 * cs_drive_list:
 *
 * Finds the optical drives (/dev/srN, from sysfs and by name) and, for each, whether
 * another program holds it, whether its disc is mounted, and what medium is in it. No
 * drive is grabbed, no tray is loaded or locked (real-drives.md finding 8); a busy drive
 * is not sent any command. Blocking (SCSI commands): call it from a worker thread.
 *
 * Returns: (transfer full) (element-type CsDriveEntry): the drives by number, maybe none.
 */
GPtrArray *
cs_drive_list (void)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_drive_entry_free);
  g_autoptr(GArray) numbers = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GDir) dir = g_dir_open ("/sys/class/block", 0, NULL);
  g_autofree char *mounts = NULL;
  const char *name;

  for (guint n = 0; n < PROBED_DRIVES; n++)
    g_array_append_val (numbers, n);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      char *end = NULL;
      guint64 n;

      if (!g_str_has_prefix (name, "sr") || !g_ascii_isdigit (name[2]))
        continue;
      n = g_ascii_strtoull (name + 2, &end, 10);
      if (*end == '\0' && n >= PROBED_DRIVES && n < G_MAXUINT)
        {
          guint v = (guint)n;
          g_array_append_val (numbers, v);
        }
    }
  g_array_sort (numbers, compare_numbers);

  g_file_get_contents ("/proc/self/mounts", &mounts, NULL, NULL);
  for (guint i = 0; i < numbers->len; i++)
    {
      g_autofree char *address = g_strdup_printf ("/dev/sr%u", g_array_index (numbers, guint, i));
      GStatBuf st;

      if (i > 0 && g_array_index (numbers, guint, i) == g_array_index (numbers, guint, i - 1))
        continue;
      if (g_stat (address, &st) != 0 || !S_ISBLK (st.st_mode))
        continue;
      g_ptr_array_add (list, look_at_drive (address, st.st_rdev, mounts));
    }
  return list;
}

/**
 * cs_drive_entry_get_name:
 * @entry: a drive from cs_drive_list()
 *
 * Returns: (transfer full): "vendor model" as the drive names itself, or its address.
 */
char *
cs_drive_entry_get_name (const CsDriveEntry *entry)
{
  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->vendor != NULL && entry->model != NULL)
    return g_strdup_printf ("%s %s", entry->vendor, entry->model);
  if (entry->model != NULL)
    return g_strdup (entry->model);
  return g_strdup (entry->address);
}

/**
 * cs_drive_entry_describe:
 * @entry: a drive from cs_drive_list()
 *
 * Returns: (transfer full): one line: the medium, or why the drive cannot be used now.
 */
char *
cs_drive_entry_describe (const CsDriveEntry *entry)
{
  const char *medium;

  g_return_val_if_fail (entry != NULL, NULL);

  medium = entry->medium != NULL ? entry->medium : _("medium unknown");
  switch (entry->use)
    {
    case CS_DRIVE_BUSY:
      return g_strdup (_("busy: another program is using it"));
    case CS_DRIVE_DENIED:
      return g_strdup (_("not permitted: this user may not open it (add the user to the "
                         "drive's group, often “cdrom”)"));
    case CS_DRIVE_MOUNTED:
      /* Translators: %s is the medium, e.g. "DVD+RW, closed", then a folder */
      return g_strdup_printf (_("%s; mounted on %s"), medium, entry->mount_point);
    case CS_DRIVE_FREE:
    default:
      return g_strdup (medium);
    }
}

/**
 * cs_drive_list_addresses:
 *
 * The addresses of cs_drive_list()'s drives, busy and mounted ones included. Blocking.
 *
 * Returns: (transfer full): a %NULL-terminated array, maybe empty.
 */
char **
cs_drive_list_addresses (void)
{
  g_autoptr(GPtrArray) list = cs_drive_list ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < list->len; i++)
    g_strv_builder_add (builder, ((CsDriveEntry *)g_ptr_array_index (list, i))->address);
  return g_strv_builder_end (builder);
}

/**
 * cs_drive_default_image:
 *
 * Returns: (transfer full): design.md's last-resort target, an image file under the user's
 * data directory ("stdio:…/cedar-store/cedar-backup.iso").
 */
char *
cs_drive_default_image (void)
{
  return g_strconcat ("stdio:", g_get_user_data_dir (), "/cedar-store/cedar-backup.iso", NULL);
}

/**
 * cs_drive_default_address:
 *
 * design.md: the first optical drive, else an image file. A drive that is busy or mounted
 * is still the target (the store then says why it cannot use it): never an image file
 * while a drive exists. Blocking.
 *
 * Returns: (transfer full): a drive address or a "stdio:" image address.
 */
char *
cs_drive_default_address (void)
{
  g_auto(GStrv) drives = cs_drive_list_addresses ();

  if (drives[0] != NULL)
    return g_strdup (drives[0]);
  return cs_drive_default_image ();
}
