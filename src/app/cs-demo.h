/* cs-demo.h – a sample staging tree and image file, so the app works with nothing set up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean cs_demo_prepare (const GDate  *today,
                          char        **staging_root,
                          char        **image_path,
                          GError      **error);

G_END_DECLS
