/* cs-cli-run.c – what the commands without a window share: signals, log lines, the error
 *
 * Used by cs-headless.c (a store) and cs-disc-commands.c (--contents, --check, --restore).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <signal.h>
#include <stdio.h>

#include "cs-cli-run.h"
#include "cs-error.h"

static gboolean
on_signal (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

/**
 * cs_cli_signals_watch:
 * @signals: (out caller-allocates): the sources, for cs_cli_signals_unwatch()
 * @context: the context the job's main loop runs; the sources are attached there
 * @cancellable: cancelled by SIGINT, SIGTERM and SIGHUP; each source holds a reference
 *
 * A closed terminal (SIGHUP) cancels like SIGTERM, and a reader that went away (SIGPIPE)
 * makes writes to it fail instead of killing a burn halfway (real-drives.md, finding 10):
 * SIGPIPE is ignored from here on.
 */
void
cs_cli_signals_watch (CsCliSignals *signals,
                      GMainContext *context,
                      GCancellable *cancellable)
{
  const int signums[G_N_ELEMENTS (signals->sources)] = { SIGINT, SIGTERM, SIGHUP };

  g_return_if_fail (signals != NULL);
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));

  for (guint i = 0; i < G_N_ELEMENTS (signals->sources); i++)
    {
      GSource *source = g_unix_signal_source_new (signums[i]);

      g_source_set_callback (source, on_signal, g_object_ref (cancellable), g_object_unref);
      g_source_attach (source, context);
      signals->sources[i] = source;
    }
  signal (SIGPIPE, SIG_IGN);
}

/**
 * cs_cli_signals_unwatch:
 * @signals: filled by cs_cli_signals_watch()
 *
 * Destroys and frees the sources (and their references to the cancellable). SIGPIPE stays
 * ignored.
 */
void
cs_cli_signals_unwatch (CsCliSignals *signals)
{
  g_return_if_fail (signals != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (signals->sources); i++)
    {
      g_source_destroy (signals->sources[i]);
      g_clear_pointer (&signals->sources[i], g_source_unref);
    }
}

/**
 * cs_cli_log_prefix:
 * @verbosity: -1 quiet, 0 normal, 1 and more -v
 * @level: the GLogLevelFlags of a job's "log" line
 *
 * Quiet prints no log line; normal only warnings (e.g. warn_midnite, which must reach
 * cron's mail); -v every line.
 *
 * Returns: (nullable): the translated prefix to print before the line ("warning: ",
 *   "debug: " or ""), static; %NULL when the line is not printed at this verbosity.
 */
const char *
cs_cli_log_prefix (int verbosity,
                   int level)
{
  gboolean warning = (level & (G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_ERROR));

  if (verbosity < 0 || (verbosity == 0 && !warning))
    return NULL;
  if (warning)
    return _("warning: ");
  if (level & G_LOG_LEVEL_DEBUG)
    return _("debug: ");
  return "";
}

/**
 * cs_cli_fail:
 * @error: (transfer full): what went wrong, in CS_ERROR or another domain
 *
 * Prints "cedar-store: MESSAGE" to stderr and frees @error.
 *
 * Returns: the exit status for @error (cs_error_exit_status()).
 */
int
cs_cli_fail (GError *error)
{
  int status;

  g_return_val_if_fail (error != NULL, 1);

  status = cs_error_exit_status (error);
  fprintf (stderr, "cedar-store: %s\n", error->message);
  g_error_free (error);
  return status;
}
