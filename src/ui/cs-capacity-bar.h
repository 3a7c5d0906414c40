/* cs-capacity-bar.h – what is on the disc, what a store adds, what stays free
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CS_TYPE_CAPACITY_BAR (cs_capacity_bar_get_type ())

G_DECLARE_FINAL_TYPE (CsCapacityBar, cs_capacity_bar, CS, CAPACITY_BAR, GtkWidget)

GtkWidget *cs_capacity_bar_new          (void);
void       cs_capacity_bar_set_sizes    (CsCapacityBar *self,
                                         guint64        capacity,
                                         guint64        used,
                                         guint64        adds,
                                         guint64        available);
guint64    cs_capacity_bar_get_capacity (CsCapacityBar *self);
guint64    cs_capacity_bar_get_used     (CsCapacityBar *self);
guint64    cs_capacity_bar_get_adds     (CsCapacityBar *self);
guint64    cs_capacity_bar_get_available (CsCapacityBar *self);
gboolean   cs_capacity_bar_get_fits     (CsCapacityBar *self);
void       cs_capacity_bar_dup_legend   (CsCapacityBar  *self,
                                         char          **used_text,
                                         char          **adds_text,
                                         char          **free_text);

G_END_DECLS
