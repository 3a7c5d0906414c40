/* cs-image.h – the libisofs image: new or imported, days grafted at /YYYY/MM/DD, size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdint.h>
#include <gio/gio.h>
#include <libburn/libburn.h>
#include <libisofs/libisofs.h>

#include "cs-drive.h"
#include "cs-staging.h"
#include "cs-types.h"

G_BEGIN_DECLS

#define CS_TYPE_IMAGE (cs_image_get_type ())

G_DECLARE_FINAL_TYPE (CsImage, cs_image, CS, IMAGE, GObject)

CsImage            *cs_image_new              (const char     *volume_id,
                                               CsLogFunc       log_func,
                                               gpointer        log_data);
gboolean            cs_image_import           (CsImage        *self,
                                               CsDrive        *drive,
                                               guint32         start_block,
                                               GError        **error);
gboolean            cs_image_add_day          (CsImage        *self,
                                               const CsDay    *day,
                                               GCancellable   *cancellable,
                                               GError        **error);
gboolean            cs_image_add_empty_dir    (CsImage        *self,
                                               const char     *name,
                                               GError        **error);
struct burn_source *cs_image_create_source    (CsImage        *self,
                                               guint32         ms_block,
                                               gboolean        appendable,
                                               guint8         *overwrite_head,
                                               GError        **error);
guint64             cs_image_measure          (CsImage        *self,
                                               guint32         ms_block,
                                               gboolean        appendable,
                                               GError        **error);
void                cs_image_cancel_source    (struct burn_source *src);
guint64             cs_image_get_data_bytes   (CsImage        *self);
IsoDir             *cs_image_get_day_dir      (CsImage        *self,
                                               const CsDay    *day);

G_END_DECLS
