/* cs-staging.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cs-calendar.h"
#include "cs-error.h"
#include "cs-staging.h"
#include "cs-staging-private.h"

G_DEFINE_BOXED_TYPE (CsDay, cs_day, cs_day_copy, cs_day_free)

CsDay *
cs_day_new (const char  *path,
            const GDate *date)
{
  CsDay *day;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (g_date_valid (date), NULL);

  day = g_new0 (CsDay, 1);
  day->path = g_strdup (path);
  day->suffix = cs_calendar_format_suffix (date);
  day->date = *date;

  return day;
}

CsDay *
cs_day_copy (const CsDay *day)
{
  CsDay *copy;

  g_return_val_if_fail (day != NULL, NULL);

  copy = g_new0 (CsDay, 1);
  copy->path = g_strdup (day->path);
  copy->suffix = g_strdup (day->suffix);
  copy->date = day->date;

  return copy;
}

void
cs_day_free (CsDay *day)
{
  if (day == NULL)
    return;

  g_free (day->path);
  g_free (day->suffix);
  g_free (day);
}

static GPtrArray *
day_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
}

/* Any type of file counts, even a dangling symlink (lstat). */
static gboolean
indicator_exists (const char *day_path,
                  const char *name)
{
  g_autofree char *path = g_build_filename (day_path, name, NULL);
  GStatBuf st;

  return g_lstat (path, &st) == 0;
}

/* Like Python's os.path.isdir: a symlink to a directory counts. */
static gboolean
is_directory (const char *path)
{
  return g_file_test (path, G_FILE_TEST_IS_DIR);
}

/* Cedar's isdir(P) && stage(P) [&& !stored(P)] (cedar-store.md §3.1), with a third answer:
 * 1 it is a staged (and, with @unstored, unstored) day, 0 it is not, or the negative errno
 * when permission to look is denied (Cedar takes that for "not staged"). */
static int
probe_day (const char *path,
           gboolean    unstored)
{
  struct stat st;
  int stage, stored;

  if (stat (path, &st) != 0)
    {
      int err = errno;

      return err == EACCES || err == EPERM ? -err : 0;
    }
  if (!S_ISDIR (st.st_mode))
    return 0;
  stage = _cs_staging_probe (path, CS_STAGE_INDICATOR);
  if (stage <= 0 || !unstored)
    return stage;
  stored = _cs_staging_probe (path, CS_STORE_INDICATOR);
  if (stored < 0)
    return stored;
  return stored > 0 ? 0 : 1;
}

/* A day skipped because it cannot be read: said as a warning when another day is taken. */
static void
log_denied (CsLogFunc    log_func,
            gpointer     log_data,
            const char  *path,
            int          err)
{
  g_autoptr(GError) denied = NULL;

  _cs_staging_set_denied_error (&denied, path, err);
  cs_log (log_func, log_data, G_LOG_LEVEL_WARNING, "%s", denied->message);
}

static char *
day_path_for_date (const char  *staging_root,
                   const GDate *date)
{
  g_autofree char *suffix = cs_calendar_format_suffix (date);

  return g_build_filename (staging_root, suffix, NULL);
}

/* Cedar's _findCorrectDailyDir (§3.1, §9.1). A day the user may not look into
 * (permission denied on the day or its cback.stage) is skipped as Cedar skips it, with
 * a warning when another day is taken; when none is, that is the error (CS_ERROR_CONFIG,
 * exit status 2, naming the day, its owner and mode, issue 13) instead of "nothing to
 * store". The day taken must be readable (_cs_staging_check_readable()). */
GPtrArray *
cs_staging_find_day (const char   *staging_root,
                     const GDate  *today,
                     gboolean      full,
                     gboolean      warn_midnite,
                     CsLogFunc     log_func,
                     gpointer      log_data,
                     GError      **error)
{
  /* Cedar Backup's own log lines (in English unless translated). */
  static const char * const found_formats[] = {
    N_("Store process will use current day's stage directory [%s]"),
    N_("Store process will use previous day's stage directory [%s]"),
    N_("Store process will use next day's stage directory [%s]"),
  };
  static const int offsets[] = { 0, -1, 1 };
  g_autoptr(GString) tried = NULL;
  g_autofree char *denied_path = NULL;
  int denied_err = 0;
  guint n_candidates;

  g_return_val_if_fail (staging_root != NULL, NULL);
  g_return_val_if_fail (today != NULL, NULL);
  g_return_val_if_fail (g_date_valid (today), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* --full: today only, store indicator ignored. */
  n_candidates = full ? 1 : G_N_ELEMENTS (offsets);
  tried = g_string_new (NULL);

  for (guint i = 0; i < n_candidates; i++)
    {
      g_autofree char *suffix = NULL;
      g_autofree char *path = NULL;
      GDate date = *today;
      int rc;

      cs_calendar_add_days (&date, offsets[i]);
      suffix = cs_calendar_format_suffix (&date);
      path = g_build_filename (staging_root, suffix, NULL);

      if (tried->len > 0)
        g_string_append (tried, ", ");
      g_string_append (tried, suffix);

      /* --full: the store indicator is ignored. A day the user may not look into is
       * skipped as Cedar skips it, but it is said (below). */
      rc = probe_day (path, !full);
      if (rc < 0 && denied_path == NULL)
        {
          denied_path = g_strdup (path);
          denied_err = -rc;
        }
      if (rc > 0)
        {
          GPtrArray *days = NULL;

          if (!_cs_staging_check_readable (path, error))
            return NULL;
          if (denied_path != NULL)
            log_denied (log_func, log_data, denied_path, denied_err);
          days = day_array_new ();
          cs_log (log_func, log_data, G_LOG_LEVEL_INFO, _(found_formats[i]), path);
          if (i > 0 && warn_midnite)
            cs_log (log_func, log_data, G_LOG_LEVEL_WARNING,
                    _("Warning: store process crossed midnite boundary to find data."));

          g_ptr_array_add (days, cs_day_new (path, &date));
          return days;
        }
    }

  /* Not "nothing to store": a day that may well be staged cannot be read (exit 2). */
  if (denied_path != NULL)
    _cs_staging_set_denied_error (error, denied_path, denied_err);
  else if (full)
    g_set_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE,
                 _("Unable to find staging directory to store (only tried today due to full option). "
                   "Staging root [%s]; tried %s."),
                 staging_root, tried->str);
  else
    g_set_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE,
                 _("Unable to find unused staging directory to store (tried today, yesterday, tomorrow). "
                   "Staging root [%s]; tried %s."),
                 staging_root, tried->str);

  return NULL;
}

/* Cedar's _findRebuildDirs (§3.2, §9.15): this week's staged days, today first. A day the
 * user may not look into is skipped with a warning, and is the error when no day is found,
 * as in cs_staging_find_day(). */
GPtrArray *
cs_staging_find_rebuild (const char   *staging_root,
                         const GDate  *today,
                         int           starting_day,
                         CsLogFunc     log_func,
                         gpointer      log_data,
                         GError      **error)
{
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GPtrArray) denied_paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) denied_errs = g_array_new (FALSE, FALSE, sizeof (int));
  guint n;

  g_return_val_if_fail (staging_root != NULL, NULL);
  g_return_val_if_fail (today != NULL, NULL);
  g_return_val_if_fail (g_date_valid (today), NULL);
  g_return_val_if_fail (starting_day >= 0 && starting_day <= 6, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  days = day_array_new ();
  n = cs_calendar_rebuild_days (today, starting_day);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *path = NULL;
      GDate date = *today;
      int rc;

      cs_calendar_add_days (&date, -(int) i);
      path = day_path_for_date (staging_root, &date);

      rc = probe_day (path, FALSE);
      if (rc < 0)
        {
          int err = -rc;

          g_ptr_array_add (denied_paths, g_strdup (path));
          g_array_append_val (denied_errs, err);
        }
      if (rc > 0)
        {
          if (!_cs_staging_check_readable (path, error))
            return NULL;
          cs_log (log_func, log_data, G_LOG_LEVEL_INFO,
                  _("Rebuild process will include stage directory [%s]"), path);
          g_ptr_array_add (days, cs_day_new (path, &date));
        }
    }

  if (days->len == 0 && denied_paths->len > 0)
    {
      _cs_staging_set_denied_error (error, g_ptr_array_index (denied_paths, 0),
                                    g_array_index (denied_errs, int, 0));
      return NULL;
    }
  for (guint i = 0; i < denied_paths->len; i++)
    log_denied (log_func, log_data, g_ptr_array_index (denied_paths, i),
                g_array_index (denied_errs, int, i));
  if (days->len == 0)
    {
      g_autofree char *first = NULL;
      g_autofree char *last = cs_calendar_format_suffix (today);
      GDate oldest = *today;

      cs_calendar_add_days (&oldest, 1 - (int) n);
      first = cs_calendar_format_suffix (&oldest);
      g_set_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE,
                   _("Unable to find any staging directories for rebuild process. "
                     "Staging root [%s]; tried %s to %s."),
                   staging_root, first, last);
      return NULL;
    }

  return g_steal_pointer (&days);
}

/* The date named by the last three components of an absolute path, if
 * they are exactly YYYY/MM/DD.
 */
static gboolean
date_from_tail (const char *abs_path,
                GDate      *date)
{
  g_autofree char *dd = g_path_get_basename (abs_path);
  g_autofree char *up1 = g_path_get_dirname (abs_path);
  g_autofree char *mm = g_path_get_basename (up1);
  g_autofree char *up2 = g_path_get_dirname (up1);
  g_autofree char *yyyy = g_path_get_basename (up2);
  g_autofree char *suffix = g_strdup_printf ("%s/%s/%s", yyyy, mm, dd);

  return cs_calendar_parse_suffix (suffix, date);
}

/* cs_staging_day_from_path(); *denied says that the error is a permission error. */
static CsDay *
day_from_path (const char  *path,
               gboolean    *denied,
               GError     **error)
{
  g_autofree char *abs_path = NULL;
  GStatBuf st;
  GDate date;
  int stage;

  /* Lexical only: a symlinked day keeps the name the user gave it. */
  abs_path = g_canonicalize_filename (path, NULL);
  *denied = FALSE;

  if (g_stat (abs_path, &st) != 0 && (errno == EACCES || errno == EPERM))
    {
      *denied = TRUE;
      _cs_staging_set_denied_error (error, abs_path, errno);
      return NULL;
    }
  if (!is_directory (abs_path))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("Day directory [%s] does not exist or is not a directory"),
                   abs_path);
      return NULL;
    }

  g_date_clear (&date, 1);
  if (!date_from_tail (abs_path, &date))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("Day directory [%s] does not end in YYYY/MM/DD"),
                   abs_path);
      return NULL;
    }

  stage = _cs_staging_probe (abs_path, CS_STAGE_INDICATOR);
  if (stage < 0)
    {
      *denied = TRUE;
      _cs_staging_set_denied_error (error, abs_path, -stage);
      return NULL;
    }
  if (stage == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("Day directory [%s] is not a daily staging directory: no %s"),
                   abs_path, CS_STAGE_INDICATOR);
      return NULL;
    }
  if (!_cs_staging_check_readable (abs_path, error))
    {
      *denied = TRUE;
      return NULL;
    }

  return cs_day_new (abs_path, &date);
}

/**
 * cs_staging_day_from_path:
 * @path: a day given by the user (DAY_DIR, a dropped folder)
 * @error: why it is not a day to store
 *
 * The day @path names: a directory ending in YYYY/MM/DD that holds cback.stage. A day the
 * user may not search or read is a permission error naming its owner and mode, not "no
 * cback.stage" (issue 13).
 *
 * Returns: (transfer full): the day, or %NULL with a CS_ERROR_CONFIG error (exit status 2)
 */
CsDay *
cs_staging_day_from_path (const char  *path,
                          GError     **error)
{
  gboolean denied;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return day_from_path (path, &denied, error);
}

/* Collects unstored days at most max_depth levels below dir.  Symlinks are
 * skipped, as Cedar's findDailyDirs does, so a link loop cannot trap us.
 */
static void
scan_days (const char *dir,
           guint       max_depth,
           GPtrArray  *days)
{
  g_autoptr(GDir) gdir = NULL;
  const char *name;

  if (max_depth == 0)
    return;

  gdir = g_dir_open (dir, 0, NULL);
  if (gdir == NULL)
    return;

  while ((name = g_dir_read_name (gdir)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);
      GStatBuf st;
      GDate date;

      if (g_lstat (child, &st) != 0 || !S_ISDIR (st.st_mode))
        continue;

      g_date_clear (&date, 1);
      if (date_from_tail (child, &date) &&
          indicator_exists (child, CS_STAGE_INDICATOR))
        {
          if (!indicator_exists (child, CS_STORE_INDICATOR))
            g_ptr_array_add (days, cs_day_new (child, &date));
          continue;
        }

      scan_days (child, max_depth - 1, days);
    }
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  const CsDay *da = *(const CsDay * const *) a;
  const CsDay *db = *(const CsDay * const *) b;
  int cmp = g_date_compare (&da->date, &db->date);

  if (cmp != 0)
    return cmp;

  return strcmp (da->path, db->path);
}

/* For a dropped folder: a day itself, or the unstored staged days below a
 * staging root, year or month folder, oldest first.
 */
GPtrArray *
cs_staging_days_under (const char  *path,
                       GError     **error)
{
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GError) day_error = NULL;
  g_autofree char *abs_path = NULL;
  gboolean denied = FALSE;
  CsDay *day;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  abs_path = g_canonicalize_filename (path, NULL);

  if (!is_directory (abs_path))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("Path [%s] is not a directory or does not exist on disk"),
                   abs_path);
      return NULL;
    }

  days = day_array_new ();

  day = day_from_path (abs_path, &denied, &day_error);
  if (day != NULL)
    {
      g_ptr_array_add (days, day);
      return g_steal_pointer (&days);
    }
  if (denied)
    {
      g_propagate_error (error, g_steal_pointer (&day_error));
      return NULL;
    }

  scan_days (abs_path, 3, days);

  if (days->len == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE,
                   _("No unstored daily staging directory (YYYY/MM/DD with %s) found under [%s]"),
                   CS_STAGE_INDICATOR, abs_path);
      return NULL;
    }

  g_ptr_array_sort (days, compare_days);

  return g_steal_pointer (&days);
}

gboolean
cs_staging_is_stored (const char *day_path)
{
  g_return_val_if_fail (day_path != NULL, FALSE);

  return indicator_exists (day_path, CS_STORE_INDICATOR);
}

static char *
fetch_buffer (int     which,
              gsize  *size)
{
  long n = sysconf (which);

  *size = n > 0 ? (gsize) n : 16384;
  return g_malloc (*size);
}

/* chown to backup_user:backup_group; every failure is only logged (§8). */
static void
change_ownership (int          fd,
                  const char  *path,
                  const char  *user,
                  const char  *group,
                  CsLogFunc    log_func,
                  gpointer     log_data)
{
  g_autofree char *pw_buf = NULL;
  g_autofree char *gr_buf = NULL;
  struct passwd pw, *pw_result = NULL;
  struct group gr, *gr_result = NULL;
  gsize pw_size, gr_size;
  int rc;

  pw_buf = fetch_buffer (_SC_GETPW_R_SIZE_MAX, &pw_size);
  while ((rc = getpwnam_r (user, &pw, pw_buf, pw_size, &pw_result)) == ERANGE)
    {
      pw_size *= 2;
      pw_buf = g_realloc (pw_buf, pw_size);
    }
  if (pw_result == NULL)
    {
      cs_log (log_func, log_data, G_LOG_LEVEL_WARNING,
              _("Error changing ownership of [%s]: unknown user [%s]%s%s"),
              path, user, rc != 0 ? ": " : "", rc != 0 ? g_strerror (rc) : "");
      return;
    }

  gr_buf = fetch_buffer (_SC_GETGR_R_SIZE_MAX, &gr_size);
  while ((rc = getgrnam_r (group, &gr, gr_buf, gr_size, &gr_result)) == ERANGE)
    {
      gr_size *= 2;
      gr_buf = g_realloc (gr_buf, gr_size);
    }
  if (gr_result == NULL)
    {
      cs_log (log_func, log_data, G_LOG_LEVEL_WARNING,
              _("Error changing ownership of [%s]: unknown group [%s]%s%s"),
              path, group, rc != 0 ? ": " : "", rc != 0 ? g_strerror (rc) : "");
      return;
    }

  /* fchown on the open descriptor: nothing can swap the file meanwhile. */
  if (fchown (fd, pw.pw_uid, gr.gr_gid) != 0)
    {
      int saved_errno = errno;

      cs_log (log_func, log_data, G_LOG_LEVEL_WARNING,
              _("Error changing ownership of [%s]: %s"),
              path, g_strerror (saved_errno));
    }
}

#define INDICATOR_FLAGS (O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)

static void
set_write_error (GError     **error,
                 const char  *path,
                 const char  *what)
{
  g_set_error (error, CS_ERROR, CS_ERROR_WRITE,
               _("Error writing [%s]: %s"), path, what);
}

/* Puts a fresh file in place of whatever is at path (a symlink, an extra hard link, a file
 * the user may not write in a directory it may write): only the name is replaced, the file
 * behind it is untouched. The new file is made under a temporary name (O_CREAT | O_EXCL,
 * which never follows a symlink) and renamed over path, so cback.store never goes missing
 * meanwhile; the caller gives it its owner (fchown) as for any indicator.
 */
static int
replace_indicator (const char  *path,
                   GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *tmp = g_build_filename (dir, "." CS_STORE_INDICATOR ".XXXXXX", NULL);
  int fd;

  fd = g_mkstemp_full (tmp, O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    {
      set_write_error (error, path, g_strerror (errno));
      return -1;
    }
  if (rename (tmp, path) != 0)
    {
      int saved_errno = errno;

      close (fd);
      unlink (tmp);
      set_write_error (error, path, g_strerror (saved_errno));
      return -1;
    }

  return fd;
}

static int
open_indicator (const char  *path,
                CsLogFunc    log_func,
                gpointer     log_data,
                GError     **error)
{
  struct stat st;
  int saved_errno;
  int fd;

  fd = open (path, INDICATOR_FLAGS, 0644);
  saved_errno = errno;

  if (fd < 0)
    {
      if (lstat (path, &st) == 0)
        {
          /* ELOOP under O_NOFOLLOW: the name is a symlink. */
          if (saved_errno == ELOOP && S_ISLNK (st.st_mode))
            {
              cs_log (log_func, log_data, G_LOG_LEVEL_WARNING,
                      _("Indicator file [%s] is a symbolic link; replacing it with a regular file."),
                      path);
              return replace_indicator (path, error);
            }

          /* A FIFO without reader fails with ENXIO thanks to O_NONBLOCK. */
          if (!S_ISREG (st.st_mode))
            {
              set_write_error (error, path, _("not a regular file"));
              return -1;
            }

          /* Someone else's file in a directory the user may write (issue 13): the name
           * can be replaced, as cs_staging_check_markable() said before the store. */
          if (saved_errno == EACCES)
            {
              cs_log (log_func, log_data, G_LOG_LEVEL_WARNING,
                      _("Indicator file [%s] is not writable; replacing it with a new file."),
                      path);
              return replace_indicator (path, error);
            }
        }

      set_write_error (error, path, g_strerror (saved_errno));
      return -1;
    }

  if (fstat (fd, &st) != 0)
    {
      saved_errno = errno;
      close (fd);
      set_write_error (error, path, g_strerror (saved_errno));
      return -1;
    }

  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      set_write_error (error, path, _("not a regular file"));
      return -1;
    }

  /* Truncating a hard link would truncate a file that is not ours. */
  if (st.st_nlink > 1)
    {
      close (fd);
      cs_log (log_func, log_data, G_LOG_LEVEL_WARNING,
              _("Indicator file [%s] has other hard links; replacing it with a new file."),
              path);
      return replace_indicator (path, error);
    }

  return fd;
}

/* Writes an empty cback.store without ever following a symlink: a link
 * planted there is replaced, never written through, and a FIFO or device
 * named cback.store is refused instead of blocking or being truncated.
 * A regular file the user may not write (root's, in the user's day) is
 * replaced too, by a new file renamed over it (issue 13): Cedar Backup
 * (cedar-store.md §8) would fail there, but the result is the same empty
 * file, given to <backup_user>:<backup_group> when running as root.
 */
gboolean
cs_staging_write_indicator (const char   *day_path,
                            const char   *backup_user,
                            const char   *backup_group,
                            CsLogFunc     log_func,
                            gpointer      log_data,
                            GError      **error)
{
  g_autofree char *path = NULL;
  int fd;

  g_return_val_if_fail (day_path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  path = g_build_filename (day_path, CS_STORE_INDICATOR, NULL);
  cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
          "Writing indicator file [%s].", path);

  fd = open_indicator (path, log_func, log_data, error);
  if (fd < 0)
    return FALSE;

  if (ftruncate (fd, 0) != 0)
    {
      int saved_errno = errno;

      close (fd);
      set_write_error (error, path, g_strerror (saved_errno));
      return FALSE;
    }

  if (backup_user != NULL && backup_user[0] != '\0' &&
      backup_group != NULL && backup_group[0] != '\0')
    {
      if (geteuid () == 0)
        change_ownership (fd, path, backup_user, backup_group, log_func, log_data);
      else
        cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
                "Not root, so not attempting to change owner on [%s].", path);
    }

  if (close (fd) != 0)
    {
      set_write_error (error, path, g_strerror (errno));
      return FALSE;
    }

  return TRUE;
}
