/* cs-disc-view.h – what is on the disc: its sessions, newest first, and the days it holds
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "cs-disc-contents.h"

G_BEGIN_DECLS

/* What the view knows about the medium in the target. */
typedef enum
{
  CS_DISC_VIEW_UNKNOWN,     /* not looked at (or not a disc it can describe): hidden */
  CS_DISC_VIEW_BLANK,       /* nothing stored yet */
  CS_DISC_VIEW_CONTENTS,    /* sessions were read */
  CS_DISC_VIEW_UNREADABLE,  /* what is on it cannot be read */
} CsDiscViewState;

#define CS_TYPE_DISC_VIEW (cs_disc_view_get_type ())

G_DECLARE_FINAL_TYPE (CsDiscView, cs_disc_view, CS, DISC_VIEW, AdwExpanderRow)

GtkWidget            *cs_disc_view_new             (void);
void                  cs_disc_view_set_contents    (CsDiscView           *self,
                                                    const CsDiscContents *contents);
void                  cs_disc_view_set_blank       (CsDiscView           *self);
void                  cs_disc_view_set_unreadable  (CsDiscView           *self,
                                                    const char           *reason);
void                  cs_disc_view_clear           (CsDiscView           *self);
CsDiscViewState       cs_disc_view_get_state       (CsDiscView           *self);
const CsDiscContents *cs_disc_view_get_contents    (CsDiscView           *self);
guint                 cs_disc_view_get_n_rows      (CsDiscView           *self);
AdwActionRow         *cs_disc_view_get_row         (CsDiscView           *self,
                                                    guint                 index);
char                 *cs_disc_view_describe_days   (const char * const   *days,
                                                    guint                 max_ranges);
void                  cs_disc_view_set_activity    (CsDiscView           *self,
                                                    GtkWidget            *row);
GtkWidget            *cs_disc_view_get_check_button (CsDiscView          *self);

/* cs-disc-view-actions.c: the view's buttons; they activate win.check-disc and win.restore */
GtkWidget            *_cs_disc_view_check_button_new (void);
GStrv                 _cs_disc_view_restorable_days (const CsDiscContents *contents,
                                                     guint                 index);
gboolean              _cs_disc_view_day_on_disc    (const CsDiscContents *contents,
                                                    const char           *day);
gboolean              _cs_disc_view_shows          (CsDiscView           *self,
                                                    const CsDiscContents *contents);
void                  _cs_disc_view_add_restore    (AdwActionRow         *row,
                                                    const CsDiscContents *contents,
                                                    guint                 index);

G_END_DECLS
