/* cs-demo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "cs-calendar.h"
#include "cs-demo.h"
#include "cs-error.h"
#include "cs-staging.h"

static gboolean
write_file (const char  *dir,
            const char  *name,
            const char  *contents,
            gsize        length,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents (path, contents, length, &local_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_INTERNAL, _("Cannot make the demo staging tree: %s"),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
make_dir (const char  *path,
          GError     **error)
{
  if (g_mkdir_with_parents (path, 0755) != 0)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_INTERNAL, _("Cannot create “%s”: %s"), path,
                   g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

/**
 * cs_demo_prepare:
 * @today: the day to stage
 * @staging_root: (out): the sample staging root
 * @image_path: (out): the image file to store into
 *
 * Makes (or refreshes) a small but realistic staged day under the user's cache directory:
 * two peers with archives, a symlink and Cedar's indicator files. A cback.store left by an
 * earlier demo run is removed so the day can be stored again.
 */
gboolean
cs_demo_prepare (const GDate  *today,
                 char        **staging_root,
                 char        **image_path,
                 GError      **error)
{
  g_autofree char *base = g_build_filename (g_get_user_cache_dir (), "cedar-store", "demo", NULL);
  g_autofree char *root = g_build_filename (base, "stage", NULL);
  g_autofree char *suffix = cs_calendar_format_suffix (today);
  g_autofree char *day = g_build_filename (root, suffix, NULL);
  g_autofree char *peer1 = g_build_filename (day, "localhost", NULL);
  g_autofree char *peer2 = g_build_filename (day, "web01", NULL);
  g_autofree char *stored = g_build_filename (day, CS_STORE_INDICATOR, NULL);
  g_autofree char *link = g_build_filename (peer2, "latest.tar", NULL);
  g_autofree guint8 *blob = NULL;
  gsize blob_len = 3 * 1024 * 1024;
  guint32 x = 0x2545F491;

  if (!make_dir (peer1, error) || !make_dir (peer2, error))
    return FALSE;

  /* Incompressible sample data, the same every run. */
  blob = g_malloc (blob_len);
  for (gsize i = 0; i < blob_len; i++)
    {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      blob[i] = x & 0xff;
    }

  if (!write_file (peer1, "etc.tar.gz", (char *)blob, blob_len, error)
      || !write_file (peer1, "home.tar.gz", (char *)blob, blob_len / 3, error)
      || !write_file (peer1, "cback.collect", "", 0, error)
      || !write_file (peer2, "var-www.tar.gz", (char *)blob + 1000, blob_len / 2, error)
      || !write_file (peer2, "README", "Sample data made by cedar-store --demo.\n", 40, error)
      || !write_file (peer2, "cback.collect", "", 0, error)
      || !write_file (day, CS_STAGE_INDICATOR, "", 0, error))
    return FALSE;

  g_unlink (link);
  if (symlink ("var-www.tar.gz", link) != 0)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_INTERNAL, _("Cannot create “%s”: %s"), link,
                   g_strerror (errsv));
      return FALSE;
    }
  g_unlink (stored);

  *staging_root = g_steal_pointer (&root);
  *image_path = g_build_filename (base, "demo.iso", NULL);
  return TRUE;
}
