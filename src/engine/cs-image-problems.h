/* cs-image-problems.h – what libisofs says while it builds a day's tree: every warning or
 * error is a file the image would leave out or change, and stops the store (internal)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cs-types.h"

G_BEGIN_DECLS

GPtrArray *_cs_image_problems_new   (void);
void       _cs_image_problems_add   (GPtrArray   *problems,
                                     const char  *path,
                                     const char  *reason);
void       _cs_image_problems_drain (GPtrArray   *problems,
                                     CsLogFunc    log_func,
                                     gpointer     log_data);
void       _cs_image_problems_error (GPtrArray   *problems,
                                     const char  *day_path,
                                     GError     **error);

G_END_DECLS
