/* cs-staging.h – find-day, rebuild selection, explicit days, indicator files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cs-types.h"

G_BEGIN_DECLS

#define CS_STAGE_INDICATOR "cback.stage"
#define CS_STORE_INDICATOR "cback.store"

/* One daily staging directory and where it goes on the disc. */
typedef struct
{
  char  *path;    /* absolute path of …/YYYY/MM/DD */
  char  *suffix;  /* "YYYY/MM/DD", the graft point on the disc */
  GDate  date;
} CsDay;

#define CS_TYPE_DAY (cs_day_get_type ())

GType      cs_day_get_type                 (void) G_GNUC_CONST;
CsDay     *cs_day_new                      (const char   *path,
                                            const GDate  *date);
CsDay     *cs_day_copy                     (const CsDay  *day);
void       cs_day_free                     (CsDay        *day);

GPtrArray *cs_staging_find_day             (const char   *staging_root,
                                            const GDate  *today,
                                            gboolean      full,
                                            gboolean      warn_midnite,
                                            CsLogFunc     log_func,
                                            gpointer      log_data,
                                            GError      **error);
GPtrArray *cs_staging_find_rebuild         (const char   *staging_root,
                                            const GDate  *today,
                                            int           starting_day,
                                            CsLogFunc     log_func,
                                            gpointer      log_data,
                                            GError      **error);
CsDay     *cs_staging_day_from_path        (const char   *path,
                                            GError      **error);
GPtrArray *cs_staging_days_under           (const char   *path,
                                            GError      **error);
gboolean   cs_staging_is_stored            (const char   *day_path);
gboolean   cs_staging_write_indicator      (const char   *day_path,
                                            const char   *backup_user,
                                            const char   *backup_group,
                                            CsLogFunc     log_func,
                                            gpointer      log_data,
                                            GError      **error);


/* cs-staging-mark.c */
gboolean   cs_staging_check_markable       (const char   *day_path,
                                            const char   *backup_user,
                                            const char   *backup_group,
                                            GError      **error);
gboolean   cs_staging_check_days_markable  (GPtrArray    *days,
                                            const char   *backup_user,
                                            const char   *backup_group,
                                            GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsDay, cs_day_free)

G_END_DECLS
