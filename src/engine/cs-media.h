/* cs-media.h – media types, capacities, label, new-disc/blanking decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cs-types.h"

G_BEGIN_DECLS

#define CS_SECTOR_SIZE          2048
#define CS_MEDIA_LABEL_PREFIX   "CEDAR BACKUP"
#define CS_CD_INITIAL_LEAD_IN   11400   /* sectors */
#define CS_CD_SESSION_LEAD_IN   6900    /* sectors */

const char   *cs_media_type_to_string      (CsMediaType   type);
const char   *cs_media_type_display_name   (CsMediaType   type);
gboolean      cs_media_type_from_string    (const char   *text,
                                            CsMediaType  *type);
gboolean      cs_media_type_is_rewritable  (CsMediaType   type);
CsDeviceType  cs_media_type_device_type    (CsMediaType   type);
guint64       cs_media_type_capacity       (CsMediaType   type);
guint64       cs_media_type_available      (CsMediaType   type,
                                            guint64       used_bytes);
const char   *cs_device_type_to_string     (CsDeviceType  type);
gboolean      cs_device_type_from_string   (const char   *text,
                                            CsDeviceType *type);

char         *cs_media_label_for_date      (const GDate  *date);
gboolean      cs_media_check_label         (CsMediaType   type,
                                            const char   *label,
                                            CsLogFunc     log_func,
                                            gpointer      log_data,
                                            GError      **error);

gboolean      cs_media_blank_needs_sizes   (gboolean      rebuild_media,
                                            gboolean      today_is_start,
                                            CsBlankMode   mode);
gboolean      cs_media_decide_new_disc     (gboolean      rebuild_media,
                                            gboolean      today_is_start,
                                            CsBlankMode   mode,
                                            double        factor,
                                            guint64       available,
                                            guint64       required,
                                            CsLogFunc     log_func,
                                            gpointer      log_data);

G_END_DECLS
