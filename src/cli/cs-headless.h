/* cs-headless.h – runs a store without a window, for cron
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-options.h"

G_BEGIN_DECLS

int cs_headless_run        (CsOptions *options);
int cs_headless_list_drives (void);

G_END_DECLS
