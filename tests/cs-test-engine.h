/* cs-test-engine.h – engine-level store and verify of image files, shared by test-drive,
 * test-image and test-verify (header-only: static functions, each program uses some)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-drive.h"
#include "cs-error.h"
#include "cs-image.h"
#include "cs-staging.h"
#include "cs-verify.h"
#include "cs-test-util.h"

#define CS_TEST_LABEL "CEDAR BACKUP 26-NOV-2026"

/* g_test_init, and libburn, which every test of these programs needs. */
G_GNUC_UNUSED static void
cs_test_engine_init (int    *argc,
                     char ***argv)
{
  g_autoptr(GError) error = NULL;

  g_test_init (argc, argv, NULL);
  if (!cs_drive_library_init (&error))
    g_error ("%s", error->message);
}

/* Library messages: warnings and above go to the test log, the rest is dropped. */
G_GNUC_UNUSED static void
cs_test_engine_log (GLogLevelFlags  level,
                    const char     *message,
                    gpointer        user_data)
{
  if (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR))
    g_test_message ("engine: %s", message);
}

/* staging_root/YYYY/MM/DD as a CsDay (the directory must exist). */
G_GNUC_UNUSED static CsDay *
cs_test_day_new (const char *day_path,
                 guint       year,
                 guint       month,
                 guint       dday)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, dday, month, year);
  return cs_day_new (day_path, &date);
}

G_GNUC_UNUSED static GPtrArray *
cs_test_days_of (CsDay *day)
{
  GPtrArray *days = g_ptr_array_new_with_free_func ((GDestroyNotify)cs_day_free);

  g_ptr_array_add (days, day);
  return days;
}

/* A new image file holding @days as its first session, written as the pipeline does for a
 * new disc on an image file: start LBA 32, zeroed 64 KiB head filled by libisofs and written
 * last, then truncated to the image's end. @measured gets cs_image_measure()'s size. */
G_GNUC_UNUSED static gboolean
cs_test_store_image (const char  *image_path,
                     GPtrArray   *days,
                     guint64     *measured,
                     GError     **error)
{
  g_autofree char *address = g_strconcat ("stdio:", image_path, NULL);
  g_autoptr(CsDrive) drive = NULL;
  g_autoptr(CsImage) image = NULL;
  g_autofree guint8 *head = NULL;
  struct burn_source *src;
  guint64 size;
  gboolean ok = FALSE;

  drive = cs_drive_open (address, cs_test_engine_log, NULL, error);
  if (drive == NULL)
    return FALSE;

  image = cs_image_new (CS_TEST_LABEL, cs_test_engine_log, NULL);
  for (guint i = 0; i < days->len; i++)
    if (!cs_image_add_day (image, g_ptr_array_index (days, i), NULL, error))
      goto out;

  size = cs_image_measure (image, CS_FIRST_LBA, FALSE, error);
  if (size == 0)
    goto out;
  if (measured != NULL)
    *measured = size;

  head = g_malloc0 (CS_HEAD_SIZE);
  src = cs_image_create_source (image, CS_FIRST_LBA, FALSE, head, error);
  if (src == NULL)
    goto out;
  ok = cs_drive_write (drive, src, CS_FIRST_LBA, TRUE, 0, NULL, NULL, NULL, error)
       && cs_drive_commit_head (drive, head, NULL, NULL, error);
  burn_source_free (src);
  if (ok)
    ok = cs_drive_truncate_image (drive, (guint64)CS_FIRST_LBA * 2048 + size, error);

out:
  cs_drive_release (drive, FALSE);
  return ok;
}

/* Reads the image back as the pipeline does (blkid probe is separate) and compares @days. */
G_GNUC_UNUSED static gboolean
cs_test_verify_image (const char  *image_path,
                      GPtrArray   *days,
                      GError     **error)
{
  g_autofree char *address = g_strconcat ("stdio:", image_path, NULL);
  g_autoptr(CsDrive) drive = NULL;
  gboolean ok;

  drive = cs_drive_open (address, cs_test_engine_log, NULL, error);
  if (drive == NULL)
    return FALSE;
  g_assert_cmpint (cs_drive_get_medium (drive)->state, ==, CS_MEDIUM_APPENDABLE);
  ok = cs_verify_days (drive, 0, days, 0, NULL, NULL, cs_test_engine_log, NULL, NULL, error);
  cs_drive_release (drive, FALSE);
  return ok;
}

G_GNUC_UNUSED static guint64
cs_test_file_size (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_size;
}

/* Runs xorriso with @args after "-indev stdio:IMAGE"; returns stdout+stderr, or NULL when
 * xorriso could not be started. */
G_GNUC_UNUSED static char *
cs_test_xorriso (const char        *image_path,
                 const char * const *args,
                 int                *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *indev = g_strconcat ("stdio:", image_path, NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int rc;

  g_ptr_array_add (argv, g_strdup ("xorriso"));
  g_ptr_array_add (argv, g_strdup ("-indev"));
  g_ptr_array_add (argv, g_strdup (indev));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);

  rc = cs_test_run ((const char * const *)argv->pdata, &out, &err);
  if (status != NULL)
    *status = rc;
  if (out == NULL && err == NULL)
    return NULL;
  return g_strconcat (out ? out : "", err ? err : "", NULL);
}
