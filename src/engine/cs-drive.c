/* cs-drive.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-advice.h"
#include "cs-drive-damaged.h"
#include "cs-drive-private.h"
#include "cs-error.h"
#include "cs-media.h"



G_DEFINE_FINAL_TYPE (CsDrive, cs_drive, G_TYPE_OBJECT)

static gsize library_initialized;

/* One burn_initialize/iso_init per process (libburnia.md §6.15). Messages are queued, never
 * printed, so that the job can route them into its log. */
gboolean
cs_drive_library_init (GError **error)
{
  static gboolean ok;

  if (g_once_init_enter (&library_initialized))
    {
      ok = burn_initialize () == 1;
      if (ok)
        {
          burn_msgs_set_severities ("DEBUG", "NEVER", "libburn: ");
          /* The system's default reactions; the front ends install their own handlers. */
          burn_set_signal_handling (NULL, NULL, 1);
          ok = iso_init () == 1;
          if (ok)
            iso_set_msgs_severities ("NOTE", "NEVER", "libisofs: ");
        }
      g_once_init_leave (&library_initialized, 1);
    }

  if (!ok)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INTERNAL,
                   _("Cannot initialise libburn/libisofs; reinstall libburn4 and libisofs6"));
      return FALSE;
    }
  return TRUE;
}

static GLogLevelFlags
severity_to_level (const char *sev)
{
  if (g_str_equal (sev, "FATAL") || g_str_equal (sev, "FAILURE") || g_str_equal (sev, "MISHAP")
      || g_str_equal (sev, "SORRY") || g_str_equal (sev, "ABORT"))
    return G_LOG_LEVEL_WARNING;
  if (g_str_equal (sev, "WARNING"))
    return G_LOG_LEVEL_WARNING;
  if (g_str_equal (sev, "HINT") || g_str_equal (sev, "NOTE") || g_str_equal (sev, "UPDATE"))
    return G_LOG_LEVEL_INFO;
  return G_LOG_LEVEL_DEBUG;
}

static gboolean
severity_is_error (const char *sev)
{
  return g_str_equal (sev, "FATAL") || g_str_equal (sev, "FAILURE")
         || g_str_equal (sev, "MISHAP") || g_str_equal (sev, "SORRY");
}

/* Messages that only say a failure happened, after the one that says why: libburn follows
 * a SCSI error ("[3 0C 00] Medium error. Write error.") with the command's bytes. */
static gboolean
is_consequence (const char *text)
{
  return strstr (text, "Burn run failed") != NULL || strstr (text, "Image write cancelled") != NULL
         || g_str_has_prefix (text, "CDB=");
}

static void
replace_str (char       **ptr,
             const char  *value)
{
  g_free (*ptr);
  *ptr = g_strdup (value);
}

/* Drains both process-global message queues into the log; the last error-level text goes
 * to *last_error so failures can quote what the library said. */
void
cs_drive_drain_messages (CsLogFunc   log_func,
                         gpointer    log_data,
                         char      **last_error)
{
  _cs_drive_drain (log_func, log_data, last_error, NULL);
}

/* What libisofs says while it generates the image of a write (cs_image_create_source() to
 * the end of cs_drive_write()). The queue is the process's, drained wherever a drive step
 * runs (a blank or format between the two too), so every drain looks. */
G_LOCK_DEFINE_STATIC (generator_watch);
static GPtrArray *generator_watch;

/**
 * _cs_drive_watch_generator:
 *
 * From now on, every libisofs message of severity SORRY or worse that a drain finds is
 * kept for _cs_drive_take_generator_problems(), except the "Image write cancelled" of a
 * generator stopped on purpose (cs_image_measure()). Drops what an earlier watch kept.
 */
void
_cs_drive_watch_generator (void)
{
  G_LOCK (generator_watch);
  g_clear_pointer (&generator_watch, g_ptr_array_unref);
  generator_watch = g_ptr_array_new_with_free_func (g_free);
  G_UNLOCK (generator_watch);
}

/**
 * _cs_drive_take_generator_problems:
 *
 * Ends the watch of _cs_drive_watch_generator().
 *
 * Returns: (transfer full) (nullable): the texts of the messages kept, %NULL without a watch
 */
GPtrArray *
_cs_drive_take_generator_problems (void)
{
  GPtrArray *taken;

  G_LOCK (generator_watch);
  taken = g_steal_pointer (&generator_watch);
  G_UNLOCK (generator_watch);
  return taken;
}

static void
keep_generator_problem (const char *sev,
                        const char *text)
{
  if (!(severity_is_error (sev) || g_str_equal (sev, "ABORT"))
      || strstr (text, "Image write cancelled") != NULL)
    return;
  G_LOCK (generator_watch);
  if (generator_watch != NULL)
    g_ptr_array_add (generator_watch, g_strdup (text));
  G_UNLOCK (generator_watch);
}

/* Logs a library message as _cs_drive_library_line() maps it; the raw @line, when the
 * mapped one says it otherwise, at debug level. */
static void
log_library_line (CsLogFunc       log_func,
                  gpointer        log_data,
                  const char     *library,
                  const char     *sev,
                  const char     *text,
                  const char     *line,
                  GLogLevelFlags  level,
                  gboolean        after_cancel)
{
  g_autofree char *mapped = _cs_drive_library_line (library, sev, text, after_cancel, &level);

  if (mapped != NULL && g_str_equal (mapped, text))
    {
      cs_log (log_func, log_data, level, "%s", line);
      return;
    }
  cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG, "%s", line);
  if (mapped != NULL)
    cs_log (log_func, log_data, level, "%s", mapped);
}

static gboolean
drain (CsLogFunc    log_func,
       gpointer     log_data,
       char       **last_error,
       const char  *watch,
       gboolean     after_cancel)
{
  gboolean seen = FALSE;
  char text[BURN_MSGS_MESSAGE_LEN];
  char sev[80];
  int code, os_errno, imgid;
  gboolean have_errno = FALSE;

  /* libisofs 1.5.4 (messages.c, iso_obtain_msgs) copies a text of exactly 4095 bytes
   * without its NUL, and strncpy never writes the buffer's last byte: make it one. */
  text[sizeof text - 1] = '\0';
  while (burn_msgs_obtain ("ALL", &code, text, &os_errno, sev) > 0)
    {
      g_autofree char *line = NULL;

      g_strchomp (text);
      if (os_errno != 0)
        line = g_strdup_printf ("libburn %s: %s (%s)", sev, text, g_strerror (os_errno));
      else
        line = g_strdup_printf ("libburn %s: %s", sev, text);
      log_library_line (log_func, log_data, "libburn", sev, text, line,
                        severity_to_level (sev), after_cancel);
      /* The message that carries an errno says why; a later generic "Burn run failed"
       * must not replace it. */
      if (last_error != NULL && severity_is_error (sev) && (os_errno != 0 || !have_errno)
          && !(*last_error != NULL && is_consequence (text)))
        {
          if (os_errno == ENOSPC)
            {
              g_free (line);
              line = g_strdup (_("the target's filesystem is full (No space left on device); "
                                 "free some space and store again"));
            }
          replace_str (last_error, line);
          have_errno = have_errno || os_errno != 0;
        }
      if (watch != NULL && strstr (text, watch) != NULL)
        seen = TRUE;
    }

  text[sizeof text - 1] = '\0';  /* as above */
  while (iso_obtain_msgs ("ALL", &code, &imgid, text, sev) > 0)
    {
      g_autofree char *line = NULL;

      GLogLevelFlags level = severity_to_level (sev);

      g_strchomp (text);
      line = g_strdup_printf ("libisofs %s: %s", sev, text);
      /* Symlinks and special files live in Rock Ridge only; that is expected, not a problem. */
      if (level == G_LOG_LEVEL_WARNING && strstr (text, "to Joliet tree") != NULL)
        level = G_LOG_LEVEL_INFO;
      /* A generator we stopped ourselves (measuring, a refused or cancelled write). */
      if (strstr (text, "Image write cancelled") != NULL)
        level = G_LOG_LEVEL_DEBUG;
      log_library_line (log_func, log_data, "libisofs", sev, text, line, level, after_cancel);
      keep_generator_problem (sev, text);
      if (last_error != NULL && severity_is_error (sev) && !have_errno
          && !(*last_error != NULL && is_consequence (text)))
        replace_str (last_error, line);
    }
  return seen;
}

/* As cs_drive_drain_messages(); returns whether a libburn message contained @watch. */
gboolean
_cs_drive_drain (CsLogFunc    log_func,
                 gpointer     log_data,
                 char       **last_error,
                 const char  *watch)
{
  return drain (log_func, log_data, last_error, watch, FALSE);
}

/* As _cs_drive_drain(), after the user cancelled the write: libburn's alarms about the run
 * it stopped are no news (_cs_drive_library_line()). */
gboolean
_cs_drive_drain_after_cancel (CsLogFunc    log_func,
                              gpointer     log_data,
                              char       **last_error,
                              const char  *watch)
{
  return drain (log_func, log_data, last_error, watch, TRUE);
}

gboolean
cs_drive_address_is_image (const char *address)
{
  return address != NULL && g_str_has_prefix (address, "stdio:");
}

char *
cs_drive_image_path (const char *address)
{
  if (!cs_drive_address_is_image (address))
    return NULL;
  return g_strdup (address + strlen ("stdio:"));
}

static void
cs_medium_clear (CsMedium *medium)
{
  g_clear_pointer (&medium->profile_name, g_free);
  g_clear_pointer (&medium->label, g_free);
  g_clear_pointer (&medium->problem, g_free);
}

static void
cs_drive_finalize (GObject *object)
{
  CsDrive *self = (CsDrive *)object;

  cs_drive_release (self, FALSE);
  cs_medium_clear (&self->medium);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->image_path, g_free);
  g_clear_pointer (&self->replaces, g_free);
  g_clear_pointer (&self->head, g_free);

  G_OBJECT_CLASS (cs_drive_parent_class)->finalize (object);
}

static void
cs_drive_class_init (CsDriveClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_drive_finalize;
}

static void
cs_drive_init (CsDrive *self)
{
  self->lock_fd = -1;
}

gboolean
_cs_drive_is_pvd (const guint8 *block)
{
  return block[0] == 1 && memcmp (block + 1, "CD001", 5) == 0 && block[6] == 1;
}

char *
_cs_drive_pvd_volume_id (const guint8 *pvd)
{
  g_autofree char *id = g_strndup ((const char *)pvd + 40, 32);

  g_strchomp (id);
  if (*id == '\0')
    return NULL;
  return g_steal_pointer (&id);
}

/* Refuses addresses that would write somewhere other than a regular image file. */
static gboolean
check_image_path (const char        *path,
                  CsDriveOpenFlags   flags,
                  gboolean          *exists,
                  GError           **error)
{
  gboolean read_only = (flags & CS_DRIVE_OPEN_READ_ONLY) != 0;

  g_autofree char *parent = NULL;
  GStatBuf st;

  if (path == NULL || !g_path_is_absolute (path))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   cs_advice_pick (_("Image file “%s” must be an absolute path, e.g. "
                                     "stdio:/var/backups/disc.iso"),
                                   _("Image file “%s” must be an absolute path, e.g. "
                                     "/var/backups/disc.iso")),
                   path ? path : "");
      return FALSE;
    }

  *exists = FALSE;
  if (g_lstat (path, &st) == 0)
    {
      if (S_ISLNK (st.st_mode) && g_stat (path, &st) != 0)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("Image file “%s” is a dangling symbolic link; choose another target"), path);
          return FALSE;
        }
      if (S_ISDIR (st.st_mode))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       cs_advice_pick (_("Target “%s” is a directory; give an image file path "
                                         "such as stdio:%s/disc.iso"),
                                       _("Target “%s” is a folder; choose an image file such as "
                                         "%s/disc.iso")),
                       path, path);
          return FALSE;
        }
      if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode) && read_only)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("“%s” is not a regular file or block device; it cannot be read as a "
                         "disc image"), path);
          return FALSE;
        }
      if (!S_ISREG (st.st_mode) && !S_ISBLK (st.st_mode))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("Target “%s” is not a regular file or block device; refusing to write to it"),
                       path);
          return FALSE;
        }
      if (read_only && access (path, R_OK) != 0)
        {
          int errsv = errno;
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("Image file “%s” is not readable (%s); check its permissions"),
                       path, g_strerror (errsv));
          return FALSE;
        }
      if (!read_only && access (path, R_OK | W_OK) != 0)
        {
          int errsv = errno;
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("Image file “%s” is not readable and writable (%s); check its permissions"),
                       path, g_strerror (errsv));
          return FALSE;
        }
      *exists = TRUE;
      return TRUE;
    }

  if (read_only)
    {
      int errsv = errno;

      if (errsv == ENOENT)
        g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                     _("The image file “%s” does not exist; check the path"), path);
      else
        g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM, _("Cannot read image file “%s”: %s"),
                     path, g_strerror (errsv));
      return FALSE;
    }

  parent = g_path_get_dirname (path);
  if (!g_file_test (parent, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Folder “%s” for image file “%s” does not exist; create it first"),
                   parent, path);
      return FALSE;
    }
  if (access (parent, W_OK) != 0)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Cannot create image file “%s” in “%s” (%s)"),
                   path, parent, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/* libburn does not lock stdio: files (libburnia-verified.md J.42): a cron store and the
 * window must never write one image at once. */
static gboolean
lock_image (CsDrive          *self,
            CsDriveOpenFlags  open_flags,
            gboolean          exists,
            GError          **error)
{
  gboolean read_only = (open_flags & CS_DRIVE_OPEN_READ_ONLY) != 0;
  int mode = read_only ? O_RDONLY : O_RDWR;
  int flags = mode | O_CLOEXEC | O_NOFOLLOW;

  if (!exists)
    flags |= O_CREAT | O_EXCL;

  self->lock_fd = open (self->image_path, flags, 0644);
  if (self->lock_fd < 0 && errno == ELOOP)
    self->lock_fd = open (self->image_path, mode | O_CLOEXEC);
  if (self->lock_fd < 0)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM, _("Cannot open image file “%s”: %s"),
                   self->image_path, g_strerror (errsv));
      return FALSE;
    }
  self->created = !exists;
  {
    struct stat st;
    if (fstat (self->lock_fd, &st) == 0 && S_ISREG (st.st_mode))
      self->orig_size = st.st_size;
  }

  /* Readers share the lock: any number may read while no store writes. */
  if (read_only && flock (self->lock_fd, LOCK_SH | LOCK_NB) != 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Image file “%s” is being written by a store; try again when it is done"),
                   self->image_path);
      return FALSE;
    }
  if (!read_only && flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Image file “%s” is in use by another store; try again when it has finished"),
                   self->image_path);
      return FALSE;
    }
  return TRUE;
}

/* Device in /proc/self/mounts (as given or resolved) → where it is mounted. */
static char *
find_mount_point (const char *device)
{
  g_autofree char *contents = NULL;
  g_autofree char *real = realpath (device, NULL);
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/mounts", &contents, NULL, NULL))
    return NULL;

  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], " ", 3);

      if (fields[0] == NULL || fields[1] == NULL)
        continue;
      if (g_str_equal (fields[0], device) || (real != NULL && g_str_equal (fields[0], real)))
        return g_strdup (fields[1]);
    }
  return NULL;
}

/**
 * cs_drive_open_full:
 * @address: `/dev/srN` or `stdio:/path/file.iso`
 * @flags: %CS_DRIVE_OPEN_FORCE_DEVICE: accept a stdio: block device that holds data;
 *   %CS_DRIVE_OPEN_READ_ONLY: only read it (read permission, a shared lock on an image file,
 *   a missing image file refused; the write functions refuse such a drive)
 *
 * Grabs the drive (locks an image file) and reads what is on the medium. Nothing is written.
 */
CsDrive *
cs_drive_open_full (const char        *address,
                    CsDriveOpenFlags   flags,
                    CsLogFunc          log_func,
                    gpointer           log_data,
                    GError           **error)
{
  g_autoptr(CsDrive) self = NULL;
  g_autofree char *last_error = NULL;
  char adr[BURN_DRIVE_ADR_LEN];
  int ret;

  g_return_val_if_fail (address != NULL, NULL);

  if (!cs_drive_library_init (error))
    return NULL;

  self = g_object_new (CS_TYPE_DRIVE, NULL);
  self->address = g_strdup (address);
  self->read_only = (flags & CS_DRIVE_OPEN_READ_ONLY) != 0;
  self->log_func = log_func;
  self->log_data = log_data;

  if (cs_drive_address_is_image (address))
    {
      gboolean exists = FALSE;

      self->image_path = cs_drive_image_path (address);
      /* A block device is checked for data only where a write could destroy it. */
      if (!check_image_path (self->image_path, flags, &exists, error)
          || (!(flags & CS_DRIVE_OPEN_READ_ONLY)
              && !_cs_drive_check_device (self->image_path, flags, error))
          || !lock_image (self, flags, exists, error))
        return NULL;
      if (strlen (address) >= BURN_DRIVE_ADR_LEN)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM, _("Target path “%s” is too long"), address);
          return NULL;
        }
      g_strlcpy (adr, address, sizeof adr);
    }
  else
    {
      g_autofree char *mount_point = NULL;

      if (!g_path_is_absolute (address) || !g_file_test (address, G_FILE_TEST_EXISTS))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       cs_advice_pick (_("Drive “%s” does not exist; use --list-drives to see "
                                         "the drives, or stdio:/path/file.iso for an image file"),
                                       _("Drive “%s” does not exist; choose another disc drive "
                                         "or an image file")),
                       address);
          return NULL;
        }
      mount_point = find_mount_point (address);
      if (mount_point != NULL)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("Device “%s” is currently mounted at “%s”; unmount it first"),
                       address, mount_point);
          return NULL;
        }
      if (burn_drive_convert_fs_adr ((char *)address, adr) <= 0)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                       _("“%s” is not an optical drive libburn can use; check the device path "
                         "and that you are in the “cdrom” group"), address);
          return NULL;
        }
    }

  ret = burn_drive_scan_and_grab (&self->info, adr, self->image_path == NULL);
  cs_drive_drain_messages (log_func, log_data, &last_error);
  if (ret <= 0 || self->info == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Cannot open drive “%s”: it may be busy or you may lack permission (%s)"),
                   address, last_error ? last_error : _("no details"));
      self->info = NULL;
      return NULL;
    }
  self->drive = self->info[0].drive;

  if (!_cs_drive_inspect_medium (self, error))
    return NULL;
  cs_drive_drain_messages (log_func, log_data, NULL);

  return g_steal_pointer (&self);
}

const char *
cs_drive_get_address (CsDrive *self)
{
  g_return_val_if_fail (CS_IS_DRIVE (self), NULL);
  return self->address;
}

const CsMedium *
cs_drive_get_medium (CsDrive *self)
{
  g_return_val_if_fail (CS_IS_DRIVE (self), NULL);
  return &self->medium;
}


const guint8 *
cs_drive_get_head (CsDrive *self)
{
  g_return_val_if_fail (CS_IS_DRIVE (self), NULL);
  return self->head;
}

/* Gives the drive back (ejecting a real disc when asked) and unlocks an image file. An
 * image file we created but never wrote is removed again: nothing is left behind. */
void
cs_drive_release (CsDrive  *self,
                  gboolean  eject)
{
  g_return_if_fail (CS_IS_DRIVE (self));

  if (self->info != NULL)
    {
      burn_drive_release (self->drive, eject && self->image_path == NULL);
      burn_drive_info_free (self->info);
      self->info = NULL;
      self->drive = NULL;
      cs_drive_drain_messages (self->log_func, self->log_data, NULL);
    }

  if (self->lock_fd >= 0)
    {
      if ((self->created && !self->wrote) || self->temporary)
        g_unlink (self->image_path);
      self->temporary = FALSE;
      close (self->lock_fd);
      self->lock_fd = -1;
    }
}

/* A one-line description for the log and the window. */
char *
cs_medium_describe (const CsMedium *m)
{
  const char *state;

  g_return_val_if_fail (m != NULL, NULL);

  switch (m->state)
    {
    case CS_MEDIUM_NONE:       return g_strdup (_("no medium"));
    case CS_MEDIUM_BLANK:      state = m->unformatted ? _("blank, unformatted") : _("blank"); break;
    case CS_MEDIUM_APPENDABLE: state = _("appendable"); break;
    case CS_MEDIUM_CLOSED:     state = _("closed"); break;
    case CS_MEDIUM_FOREIGN:    state = _("not a Cedar Backup disc"); break;
    case CS_MEDIUM_UNSUITABLE: state = _("unsuitable"); break;
    case CS_MEDIUM_UNREADABLE: state = _("unreadable"); break;
    default:                   state = "?"; break;
    }

  if (m->state == CS_MEDIUM_APPENDABLE)
    {
      g_autofree char *used = g_format_size ((guint64)m->image_blocks * 2048);
      return g_strdup_printf (ngettext ("%s, %s, %u session, %s used, label “%s”",
                                        "%s, %s, %u sessions, %s used, label “%s”",
                                        m->sessions),
                              m->profile_name ? m->profile_name : "?", state, m->sessions,
                              used, m->label ? m->label : "");
    }
  return g_strdup_printf ("%s, %s", m->profile_name ? m->profile_name : "?", state);
}
