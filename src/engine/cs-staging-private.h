/* cs-staging-private.h – shared by cs-staging*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* cs-staging-access.c */
char     *_cs_staging_lookup_buffer     (int           which,
                                         gsize        *size);
char     *_cs_staging_user_name         (uid_t         uid);
char     *_cs_staging_group_name        (gid_t         gid);
int       _cs_staging_probe             (const char   *day_path,
                                         const char   *name);
void      _cs_staging_set_denied_error  (GError      **error,
                                         const char   *day_path,
                                         int           err);
gboolean  _cs_staging_check_readable    (const char   *day_path,
                                         GError      **error);

G_END_DECLS
