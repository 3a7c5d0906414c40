/* cs-disc-commands.h – --contents, --check and --restore without a window (issue 15)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-options.h"

G_BEGIN_DECLS

int cs_disc_commands_run (CsOptions *options);

G_END_DECLS
