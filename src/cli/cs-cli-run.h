/* cs-cli-run.h – what the commands without a window share: signals, log lines, the error
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The sources of SIGINT, SIGTERM and SIGHUP while a job runs. */
typedef struct
{
  GSource *sources[3];
} CsCliSignals;

void        cs_cli_signals_watch   (CsCliSignals *signals,
                                    GMainContext *context,
                                    GCancellable *cancellable);
void        cs_cli_signals_unwatch (CsCliSignals *signals);
const char *cs_cli_log_prefix      (int           verbosity,
                                    int           level);
int         cs_cli_fail            (GError       *error);

G_END_DECLS
