/* cs-verify.h – "mount" the session just written (blkid probe + libisofs import) and compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>
#include <gio/gio.h>
#include <libisofs/libisofs.h>

#include "cs-drive.h"
#include "cs-staging.h"
#include "cs-types.h"

G_BEGIN_DECLS

typedef void (*CsVerifyProgress) (guint64  done_bytes,
                                  guint64  total_bytes,
                                  gpointer user_data);

gboolean cs_verify_probe     (const char        *device_path,
                              const char        *expected_label,
                              CsLogFunc          log_func,
                              gpointer           log_data,
                              GError           **error);
gboolean cs_verify_days      (CsDrive           *drive,
                              guint32            session_start,
                              GPtrArray         *days,
                              guint64            total_bytes,
                              CsVerifyProgress   progress,
                              gpointer           progress_data,
                              CsLogFunc          log_func,
                              gpointer           log_data,
                              GCancellable      *cancellable,
                              GError           **error);
gboolean cs_verify_tree      (IsoDir            *dir,
                              const char        *disk_path,
                              const char        *disc_path,
                              GError           **error);

G_END_DECLS
