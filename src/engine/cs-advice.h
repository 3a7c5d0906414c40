/* cs-advice.h – what a message tells the user to do, in the words of the front end that
 * shows it: options for the command line, controls and plain names for the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cs-drive.h"
#include "cs-types.h"

G_BEGIN_DECLS

typedef enum
{
  CS_AUDIENCE_COMMAND_LINE,  /* cron mail, a terminal: options and addresses (the default) */
  CS_AUDIENCE_WINDOW,        /* the window: no options, targets named for people */
} CsAudience;

void        cs_advice_set_audience (CsAudience   audience);
CsAudience  cs_advice_get_audience (void);
const char *cs_advice_pick         (const char  *command_line,
                                    const char  *window) G_GNUC_FORMAT (1) G_GNUC_FORMAT (2);
char       *cs_advice_target       (const char  *address);
char       *cs_advice_target_in_sentence (const char *address);
const char *cs_advice_media_type   (CsMediaType  type);
char       *cs_advice_no_room      (const CsMedium *medium,
                                    gboolean        new_disc,
                                    gboolean        sentence);

G_END_DECLS
