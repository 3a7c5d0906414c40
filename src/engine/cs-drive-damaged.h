/* cs-drive-damaged.h – damaged tracks on write-once (sequential) media: refuse, report, close
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-drive.h"

G_BEGIN_DECLS

gboolean cs_drive_check_not_damaged (CsDrive   *self,
                                     GError   **error);
gboolean cs_drive_close_damaged     (CsDrive  **drive,
                                     GError   **error);

/* cs-drive.c only: called from inspect_sequential() on an appendable disc. */
void     _cs_drive_skip_incomplete_sessions (CsDrive *self);
/* cs-drive-io.c only: what a cancelled or failed write left on write-once media, or NULL. */
char    *_cs_drive_interrupted_note         (CsDrive *self);

G_END_DECLS
