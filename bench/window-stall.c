/* window-stall.c – how long the window's main loop is ever blocked during a real store
 *
 *   window-stall STAGING_ROOT YYYY-MM-DD IMAGE.iso
 *
 * Opens the real window on a staged day (e.g. one made by ../shared/bench/mkstage.sh big),
 * stores it into IMAGE.iso like a click on "Store to Disc", and reports the largest gap
 * between two runs of a 10 ms timeout on the main loop, and how often the job's progress
 * reached the window (per second, and the longest time without an update while writing
 * or verifying). Run it under Xvfb: build-aux/xvfb-test.sh build/bench/window-stall …
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include "cs-application.h"
#include "cs-calendar.h"
#include "cs-drive.h"
#include "cs-window.h"

typedef struct
{
  gint64   last_tick;
  gint64   max_gap;
  gint64   store_start;
  gint64   last_progress;
  gint64   max_progress_gap;
  guint    n_progress;
  gboolean storing;
  gboolean done;
  CsStep   step;
} Stats;

static Stats stats;

static gboolean
tick (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (stats.storing && stats.last_tick != 0)
    stats.max_gap = MAX (stats.max_gap, now - stats.last_tick);
  stats.last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
on_progress (CsStoreJob *job,
             CsStep      step,
             double      fraction,
             guint64     done,
             guint64     total,
             double      rate)
{
  gint64 now = g_get_monotonic_time ();

  /* The refresh rate matters while there is something long to watch. */
  if (step == CS_STEP_WRITE || step == CS_STEP_VERIFY)
    {
      if (stats.step == step && stats.last_progress != 0)
        stats.max_progress_gap = MAX (stats.max_progress_gap, now - stats.last_progress);
      stats.last_progress = now;
      stats.step = step;
      stats.n_progress++;
    }
}

static void
on_state (CsStoreJob *job,
          GParamSpec *pspec,
          gpointer    data)
{
  CsJobState state = cs_store_job_get_state (job);

  if (state == CS_JOB_STATE_SUCCEEDED || state == CS_JOB_STATE_FAILED
      || state == CS_JOB_STATE_CANCELLED)
    {
      stats.storing = FALSE;
      stats.done = TRUE;
      if (state != CS_JOB_STATE_SUCCEEDED)
        fprintf (stderr, "window-stall: the store did not succeed (state %d)\n", state);
    }
}

static void
on_job (CsWindow   *window,
        GParamSpec *pspec,
        gpointer    data)
{
  CsStoreJob *job = cs_window_get_job (window);

  if (job == NULL)
    return;
  g_signal_connect (job, "progress", G_CALLBACK (on_progress), NULL);
  g_signal_connect (job, "notify::state", G_CALLBACK (on_state), NULL);
}

static gboolean
start_store (gpointer data)
{
  CsWindow *window = data;

  if (!cs_window_get_can_store (window) || cs_window_get_checking (window))
    return G_SOURCE_CONTINUE;
  stats.storing = TRUE;
  stats.store_start = g_get_monotonic_time ();
  stats.last_tick = 0;
  cs_window_store (window);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsApplication) app = NULL;
  CsOptions *options;
  CsWindow *window;
  double secs;

  if (argc != 4)
    {
      fprintf (stderr, "usage: %s STAGING_ROOT YYYY-MM-DD IMAGE.iso\n", argv[0]);
      return 2;
    }
  if (!cs_drive_library_init (&error))
    {
      fprintf (stderr, "window-stall: %s\n", error->message);
      return 1;
    }

  options = g_new0 (CsOptions, 1);
  options->stage_dir = g_strdup (argv[1]);
  options->date = g_strdup (argv[2]);
  options->device = g_strconcat ("stdio:", argv[3], NULL);
  options->verify = 1;
  if (!cs_calendar_parse_iso_date (argv[2], &options->today))
    {
      fprintf (stderr, "window-stall: bad date %s\n", argv[2]);
      return 2;
    }

  app = cs_application_new (options);
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      fprintf (stderr, "window-stall: %s\n", error->message);
      return 1;
    }
  g_application_activate (G_APPLICATION (app));
  window = CS_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  g_signal_connect (window, "notify::job", G_CALLBACK (on_job), NULL);

  g_timeout_add (10, tick, NULL);
  g_timeout_add (100, start_store, window);
  while (!stats.done)
    g_main_context_iteration (NULL, TRUE);

  secs = (g_get_monotonic_time () - stats.store_start) / (double)G_USEC_PER_SEC;
  printf ("store %.2f s; largest main-loop gap %.1f ms (target <= 50); progress %.1f/s while "
          "writing and verifying, longest gap %.0f ms (target >= 4/s)\n",
          secs, stats.max_gap / 1000.0, stats.n_progress / secs,
          stats.max_progress_gap / 1000.0);

  cs_window_close_now (window);
  return stats.max_gap <= 50000 && stats.max_progress_gap <= 250000 ? 0 : 1;
}
