/* cs-widget-fixes.h – work-arounds for GTK 4.8 and libadwaita 1.2, the Debian bookworm
 * versions, that newer versions do not need and do not mind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void cs_fix_button_names        (GtkWidget *root);
void cs_fix_message_dialogs     (void);
void cs_fix_status_page_height  (GtkWidget *status_page);
void cs_fix_no_hyphens          (GtkWidget *root);

G_END_DECLS
