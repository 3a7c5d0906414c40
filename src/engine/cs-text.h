/* cs-text.h – message parts made fit for one line: file names printable and shortened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How many characters of a path a message shows: a 4 KB path is unreadable in a cron mail
 * or a window. */
#define CS_TEXT_PATH_CHARS 120

char *cs_text_shorten    (const char *text,
                          guint       max_chars);
char *cs_text_time       (gint64      unix_time);
char *cs_format_duration (double      seconds);

G_END_DECLS
