/* cs-drive-beside.c – a new disc for an image file that holds sessions, written to a new
 * file beside it and put in its place only once it is whole (issue 14, item 2)
 *
 * Writing a new disc in place clears the old image's head first: a cancel or a failure
 * after that leaves an image without its sessions. Beside it, the old image stays as it
 * was until rename(2) replaces it in one step, after the new one was verified.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "cs-drive-private.h"
#include "cs-error.h"

/* The image file that @self's path names in the end: a symbolic link stays a link, the
 * file it points to is replaced. */
static char *
real_image_path (CsDrive *self)
{
  char *real = realpath (self->image_path, NULL);

  return real != NULL ? real : g_strdup (self->image_path);
}

/**
 * cs_drive_check_room_beside:
 * @self: a grabbed image file (cs_drive_get_medium()->image_file)
 * @bytes: the size of the new image file, in bytes
 *
 * The new disc is written beside the old image, which stays until the new one is verified:
 * the folder's filesystem needs room for the whole new file (statvfs(3): blocks available
 * to unprivileged users).
 *
 * Returns: FALSE with %CS_ERROR_MEDIUM (exit 4) naming the folder, the space it has and the
 * space needed; nothing was written
 */
gboolean
cs_drive_check_room_beside (CsDrive  *self,
                            guint64   bytes,
                            GError  **error)
{
  g_autofree char *real = NULL;
  g_autofree char *dir = NULL;
  struct statvfs sv;
  guint64 free_bytes;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (self->image_path != NULL, FALSE);

  real = real_image_path (self);
  dir = g_path_get_dirname (real);
  if (statvfs (dir, &sv) != 0)
    return TRUE;   /* the write itself says what is wrong */
  free_bytes = (guint64) sv.f_bavail * sv.f_frsize;
  if (bytes <= free_bytes)
    return TRUE;

  {
    g_autofree char *need = g_format_size (bytes);
    g_autofree char *have = g_format_size (free_bytes);
    g_autofree char *more = g_format_size (bytes - free_bytes);

    /* Translators: %1$s a folder, %2$s its free space, %3$s the new image's size, %4$s the
     * image file, %5$s how much more is needed */
    g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                 _("The folder “%1$s” has %2$s free, but the new disc needs %3$s there: it is "
                   "written beside “%4$s”, which is kept until the new disc has been checked. "
                   "Nothing was written. Free %5$s more in that folder, or choose another "
                   "image file"),
                 dir, have, need, real, more);
  }
  return FALSE;
}

/**
 * cs_drive_open_beside:
 * @self: a grabbed image file that holds data; it stays grabbed and locked
 * @error: a %G_FILE_ERROR when the folder cannot take the new file as the image's owner
 *   wants it (no permission to create a file there or to give it the image's owner, a
 *   read-only filesystem): the caller may write in place instead; else a %CS_ERROR
 *
 * Creates `.NAME.new-XXXXXX` (g_mkstemp(): O_EXCL, mode 0600, never through a symbolic
 * link) in the folder of the image (of the file a symbolic link points to), gives it the
 * image's owner and group, and grabs it as a blank image file. The new drive holds its own
 * lock: with @self's, a second store is refused before and after the rename. Releasing or
 * finalizing it removes the file unless cs_drive_replace_image() put it in place.
 *
 * Returns: (transfer full) (nullable): the drive of the new file
 */
CsDrive *
cs_drive_open_beside (CsDrive  *self,
                      GError  **error)
{
  g_autofree char *real = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *path = NULL;
  g_autofree char *address = NULL;
  g_autoptr(CsDrive) beside = NULL;
  struct stat old_st, new_st, open_st;
  int fd, errsv;

  g_return_val_if_fail (CS_IS_DRIVE (self), NULL);
  g_return_val_if_fail (!self->read_only, NULL);
  g_return_val_if_fail (self->image_path != NULL && self->lock_fd >= 0, NULL);

  if (fstat (self->lock_fd, &old_st) != 0)
    {
      errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM, _("Cannot open image file “%s”: %s"),
                   self->image_path, g_strerror (errsv));
      return NULL;
    }
  real = real_image_path (self);
  dir = g_path_get_dirname (real);
  base = g_path_get_basename (real);
  path = g_strdup_printf ("%s/.%s.new-XXXXXX", dir, base);

  fd = g_mkstemp_full (path, O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      errsv = errno;
      if (errsv == ENOSPC || errsv == EDQUOT)
        g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                     _("Cannot create a file for the new disc in the folder “%s”: %s. Nothing "
                       "was written; free some space there or choose another image file"),
                     dir, g_strerror (errsv));
      else
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                     _("Cannot create a file for the new disc in the folder “%s”: %s"),
                     dir, g_strerror (errsv));
      return NULL;
    }
  if (fstat (fd, &new_st) != 0
      || ((new_st.st_uid != old_st.st_uid || new_st.st_gid != old_st.st_gid)
          && fchown (fd, old_st.st_uid, old_st.st_gid) != 0))
    {
      errsv = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                   _("Cannot give the new disc in the folder “%s” the owner of “%s”: %s"),
                   dir, real, g_strerror (errsv));
      close (fd);
      g_unlink (path);
      return NULL;
    }
  close (fd);

  address = g_strconcat ("stdio:", path, NULL);
  beside = cs_drive_open (address, self->log_func, self->log_data, error);
  if (beside == NULL)
    {
      g_unlink (path);
      return NULL;
    }
  beside->temporary = TRUE;
  beside->replaces = g_strdup (real);
  beside->keep_mode = old_st.st_mode & 07777;
  /* What was grabbed is the file g_mkstemp() made, not something put there since. */
  if (fstat (beside->lock_fd, &open_st) != 0 || open_st.st_dev != new_st.st_dev
      || open_st.st_ino != new_st.st_ino || beside->medium.state != CS_MEDIUM_BLANK)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("The file “%s” made for the new disc was replaced by something else; "
                     "nothing was written"), path);
      beside->temporary = FALSE;   /* not ours any more: leave it */
      return NULL;
    }

  cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO,
          _("Writing the new disc to “%s”, beside “%s”, which stays as it is until the new "
            "disc has been written and checked"), path, real);
  return g_steal_pointer (&beside);
}

/**
 * cs_drive_beside_path:
 *
 * Returns: (nullable): the image file a drive from cs_drive_open_beside() replaces, %NULL
 *   for other drives
 */
const char *
cs_drive_beside_path (CsDrive *self)
{
  g_return_val_if_fail (CS_IS_DRIVE (self), NULL);

  return self->replaces;
}

/**
 * cs_drive_replace_image:
 * @self: a drive from cs_drive_open_beside(), its session written (and verified)
 *
 * Gives the new file the old image's permissions, flushes it to its storage (fsync), renames
 * it over the old image and flushes the folder, so that after a crash the name holds either
 * the old image or the whole new one. @self keeps its lock on the file, now under the old
 * name, until it is released.
 *
 * Returns: FALSE with %CS_ERROR_WRITE (exit 5) when the new file could not be put in place:
 *   the old image is then unchanged and the new file is removed when @self is released
 */
gboolean
cs_drive_replace_image (CsDrive  *self,
                        GError  **error)
{
  g_autofree char *dir = NULL;
  int dir_fd, errsv;

  g_return_val_if_fail (CS_IS_DRIVE (self), FALSE);
  g_return_val_if_fail (self->temporary && self->replaces != NULL, FALSE);

  if (fchmod (self->lock_fd, self->keep_mode) != 0 || fsync (self->lock_fd) != 0
      || g_rename (self->image_path, self->replaces) != 0)
    {
      errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_WRITE,
                   _("Cannot put the new disc “%s” in place of “%s”: %s. The old image is "
                     "unchanged; nothing was marked stored"),
                   self->image_path, self->replaces, g_strerror (errsv));
      return FALSE;
    }
  self->temporary = FALSE;
  cs_log (self->log_func, self->log_data, G_LOG_LEVEL_INFO,
          _("The new disc replaced the image file “%s”"), self->replaces);
  g_free (self->image_path);
  self->image_path = g_steal_pointer (&self->replaces);

  dir = g_path_get_dirname (self->image_path);
  dir_fd = open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0 || fsync (dir_fd) != 0)
    {
      errsv = errno;
      cs_log (self->log_func, self->log_data, G_LOG_LEVEL_WARNING,
              _("Cannot flush the folder “%s” to its storage (%s): after a power cut it may "
                "still show the old image"), dir, g_strerror (errsv));
    }
  if (dir_fd >= 0)
    close (dir_fd);
  return TRUE;
}
