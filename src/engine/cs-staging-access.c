/* cs-staging-access.c
 *
 * A staging day the user storing may not look into: Cedar Backup's find-day asks
 * os.path.exists (cback.stage), which says "no" when permission is denied, so a root-owned
 * day of mode 700 looked "not staged" (exit 3, or "no cback.stage" for an explicit day).
 * Here a denied look is told apart from an absent file, and the error names the day, who
 * owns it, its mode, the user and what to do (issue 13).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-error.h"
#include "cs-staging-private.h"

/* A buffer for getpwnam_r() and its kin, of the size sysconf(@which) suggests. */
char *
_cs_staging_lookup_buffer (int     which,
                           gsize  *size)
{
  long n = sysconf (which);

  *size = n > 0 ? (gsize) n : 16384;
  return g_malloc (*size);
}

/* The user's name, else the number as text. Thread-safe (the window asks from a worker). */
char *
_cs_staging_user_name (uid_t uid)
{
  g_autofree char *buf = NULL;
  struct passwd pw, *result = NULL;
  gsize size;

  buf = _cs_staging_lookup_buffer (_SC_GETPW_R_SIZE_MAX, &size);
  while (getpwuid_r (uid, &pw, buf, size, &result) == ERANGE)
    {
      size *= 2;
      buf = g_realloc (buf, size);
    }
  return result != NULL ? g_strdup (pw.pw_name) : g_strdup_printf ("%u", (guint) uid);
}

/* The group's name, or %NULL when the group database does not know @gid. Thread-safe. */
char *
_cs_staging_group_name (gid_t gid)
{
  g_autofree char *buf = NULL;
  struct group gr, *result = NULL;
  gsize size;

  buf = _cs_staging_lookup_buffer (_SC_GETGR_R_SIZE_MAX, &size);
  while (getgrgid_r (gid, &gr, buf, size, &result) == ERANGE)
    {
      size *= 2;
      buf = g_realloc (buf, size);
    }
  return result != NULL ? g_strdup (gr.gr_name) : NULL;
}

static gboolean
is_denied (int err)
{
  return err == EACCES || err == EPERM;
}

/**
 * _cs_staging_probe:
 * @day_path: a staging day's folder
 * @name: an indicator file name (cback.stage, cback.store)
 *
 * Whether @day_path/@name exists as any type of file (lstat: a dangling symlink counts), as
 * Cedar Backup's os.path.exists asks it (cedar-store.md §3.1), except that a permission error
 * is not taken for "absent".
 *
 * Returns: 1 present, 0 absent (or any error other than a denied permission), or the
 *   negative errno (-EACCES, -EPERM) when the user may not look.
 */
int
_cs_staging_probe (const char *day_path,
                   const char *name)
{
  g_autofree char *path = g_build_filename (day_path, name, NULL);
  struct stat st;
  int err;

  if (lstat (path, &st) == 0)
    return 1;
  err = errno;
  return is_denied (err) ? -err : 0;
}

/* The folder that refuses @path: @path itself when it can be stat()ed (it is not searchable
 * or not readable), else the deepest ancestor that can (it may not be entered). */
static char *
find_blocker (const char  *path,
              struct stat *st)
{
  g_autofree char *p = g_strdup (path);

  while (stat (p, st) != 0)
    {
      g_autofree char *up = NULL;

      if (!is_denied (errno))
        return NULL;
      up = g_path_get_dirname (p);
      if (g_strcmp0 (up, p) == 0)
        return NULL;
      g_free (p);
      p = g_steal_pointer (&up);
    }
  return g_steal_pointer (&p);
}

/**
 * _cs_staging_set_denied_error:
 * @error: where the error goes
 * @day_path: the staging day the user may not look into
 * @err: the errno of the failed look (EACCES or EPERM)
 *
 * Sets a CS_ERROR_CONFIG error (exit status 2, nothing was touched): the day, the folder that
 * refuses (the day or one above it) with its owner:group and mode, the user, and what to do.
 * One line. Thread-safe.
 */
void
_cs_staging_set_denied_error (GError     **error,
                              const char  *day_path,
                              int          err)
{
  g_autofree char *blocker = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *group = NULL;
  g_autofree char *me = _cs_staging_user_name (geteuid ());
  g_autofree char *why = NULL;
  struct stat st;

  blocker = find_blocker (day_path, &st);
  if (blocker == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   /* Translators: %1$s a staging day's folder, %2$s the system's reason */
                   _("Cannot read the staging day %1$s: %2$s. Run the store as the backup "
                     "user, or give the user storing read access to it"),
                   day_path, g_strerror (err));
      return;
    }

  owner = _cs_staging_user_name (st.st_uid);
  group = _cs_staging_group_name (st.st_gid);
  if (group == NULL)
    group = g_strdup_printf ("%u", (guint) st.st_gid);
  if (g_strcmp0 (blocker, day_path) == 0)
    /* Translators: %1$s:%2$s owner and group, %3$04o the mode, %4$s the user storing,
     * %5$s the system's reason, e.g. "Permission denied" */
    why = g_strdup_printf (_("it is owned by %1$s:%2$s (mode %3$04o) and user %4$s may not "
                             "read it (%5$s)"),
                           owner, group, (guint) (st.st_mode & 07777), me, g_strerror (err));
  else
    /* Translators: %1$s a folder above the day, %2$s:%3$s owner and group, %4$04o the mode,
     * %5$s the user storing, %6$s the system's reason */
    why = g_strdup_printf (_("%1$s is owned by %2$s:%3$s (mode %4$04o) and user %5$s may not "
                             "enter it (%6$s)"),
                           blocker, owner, group, (guint) (st.st_mode & 07777), me,
                           g_strerror (err));

  g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
               /* Translators: %1$s a staging day's folder (it is staged, but cannot be
                * read), %2$s why, %3$s the folder to give access to, %4$s the user storing,
                * %5$s the folder's owner */
               _("Cannot read the staging day %1$s: %2$s. Run the store as user %5$s or as "
                 "the backup user, or give user %4$s read access (for example setfacl -m "
                 "u:%4$s:rx %3$s)"),
               day_path, why, blocker, me, owner);
}

/**
 * _cs_staging_check_readable:
 * @day_path: a chosen staging day
 * @error: why it cannot be read
 *
 * Whether the user storing may list @day_path, asked before the image is made: a day that is
 * searchable but not readable (mode 711) would otherwise fail in the middle of making the
 * image with only "Access to file is not allowed". Only the day itself: what is below it is
 * the image's concern.
 *
 * Returns: %TRUE when readable or when the failure is not a permission error (left to the
 *   image); %FALSE with _cs_staging_set_denied_error() otherwise.
 */
gboolean
_cs_staging_check_readable (const char  *day_path,
                            GError     **error)
{
  int fd = open (day_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int err;

  if (fd >= 0)
    {
      close (fd);
      return TRUE;
    }
  err = errno;
  if (!is_denied (err))
    return TRUE;
  _cs_staging_set_denied_error (error, day_path, err);
  return FALSE;
}
