/* cs-drive-device.c – a stdio: block device that holds data is not written over
 *
 * `stdio:/dev/sdX` makes libburn write an image onto a whole block device: a new disc would
 * overwrite the partition table or filesystem there (real-drives.md, finding 11). Image
 * files and empty block devices are written as before; a device that holds something is
 * written only with --force-device.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <blkid.h>
#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "cs-advice.h"
#include "cs-drive-private.h"
#include "cs-error.h"

/**
 * _cs_drive_probe_contents:
 * @path: a block device or a file
 * @contents: (out) (transfer full) (nullable): what libblkid found, for a sentence: "a
 *   partition table (dos)", "a filesystem (ext4)", "data of type swap"; %NULL for nothing
 *
 * Asks libblkid (partition tables and superblocks, safe probe) what @path holds.
 *
 * Returns: FALSE with a %CS_ERROR_MEDIUM error naming @path when it cannot be probed
 */
gboolean
_cs_drive_probe_contents (const char  *path,
                          char       **contents,
                          GError     **error)
{
  blkid_probe pr;
  const char *value = NULL;
  const char *usage = NULL;
  int ret;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  *contents = NULL;
  pr = blkid_new_probe_from_filename (path);
  if (pr == NULL)
    {
      int errsv = errno;
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Cannot check what %s holds: %s. Nothing was written"),
                   path, g_strerror (errsv));
      return FALSE;
    }
  blkid_probe_enable_partitions (pr, 1);
  blkid_probe_enable_superblocks (pr, 1);
  blkid_probe_set_superblocks_flags (pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_USAGE);

  /* 0 found, 1 nothing, -2 several signatures (ambiguous: something is there), -1 error. */
  ret = blkid_do_safeprobe (pr);
  if (ret == 0 && blkid_probe_lookup_value (pr, "PTTYPE", &value, NULL) == 0)
    *contents = g_strdup_printf (_("a partition table (%s)"), value);
  else if (ret == 0 && blkid_probe_lookup_value (pr, "TYPE", &value, NULL) == 0)
    {
      if (blkid_probe_lookup_value (pr, "USAGE", &usage, NULL) == 0
          && g_str_equal (usage, "filesystem"))
        *contents = g_strdup_printf (_("a filesystem (%s)"), value);
      else
        *contents = g_strdup_printf (_("data of type %s"), value);
    }
  else if (ret == -2)
    *contents = g_strdup (_("several kinds of data at once"));
  blkid_free_probe (pr);

  if (ret == -1)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Cannot check what %s holds: it cannot be read. Nothing was written"), path);
      return FALSE;
    }
  return TRUE;
}

/**
 * _cs_drive_check_device:
 * @path: the path of a stdio: address
 *
 * A block device behind a stdio: address must hold no partition table, filesystem or other
 * data libblkid knows, unless @flags has %CS_DRIVE_OPEN_FORCE_DEVICE. Files (and paths that
 * do not exist yet) pass.
 *
 * Returns: FALSE with a %CS_ERROR_MEDIUM error (exit 4) naming the device, what it holds
 *   and the option
 */
gboolean
_cs_drive_check_device (const char        *path,
                        CsDriveOpenFlags   flags,
                        GError           **error)
{
  g_autofree char *contents = NULL;
  GStatBuf st;

  if ((flags & CS_DRIVE_OPEN_FORCE_DEVICE) || g_stat (path, &st) != 0 || !S_ISBLK (st.st_mode))
    return TRUE;
  if (!_cs_drive_probe_contents (path, &contents, error))
    return FALSE;
  if (contents == NULL)
    return TRUE;
  g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
               cs_advice_pick (_("The block device %s holds %s, which writing a disc image there "
                                 "would destroy. Nothing was written; check the device, or store "
                                 "with --force-device to overwrite it"),
                               _("The block device %s holds %s, which writing a disc image there "
                                 "would destroy. Nothing was written; check the device, or "
                                 "choose another disc or image file")),
               path, contents);
  return FALSE;
}

/**
 * cs_drive_open:
 *
 * cs_drive_open_full() without flags: a stdio: block device that holds data is refused.
 */
CsDrive *
cs_drive_open (const char  *address,
               CsLogFunc    log_func,
               gpointer     log_data,
               GError     **error)
{
  return cs_drive_open_full (address, CS_DRIVE_OPEN_DEFAULT, log_func, log_data, error);
}
