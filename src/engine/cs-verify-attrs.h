/* cs-verify-attrs.h – ACLs, extended attributes and permission bits: which the image takes
 * from the staging files, and the check that a tree node carries exactly those (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <stdint.h>
#include <libisofs/libisofs.h>
#include <sys/stat.h>

G_BEGIN_DECLS

/* For iso_image_set_ignore_aclea(): ACLs and the xattrs of every namespace this process can
 * read (bit3); see cs-verify-attrs.c for why. */
#define CS_ACLEA_IMPORT 8

void     _cs_attrs_drop_acl_copies (IsoNode            *node,
                                    gboolean            recursive);
char    *_cs_attrs_keep_empty_values (IsoNode          *node,
                                      const char       *disk_path);
char    *_cs_attrs_differ          (IsoNode            *node,
                                    const char         *disk_path,
                                    const struct stat  *st);

G_END_DECLS
