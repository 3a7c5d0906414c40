/* cs-test-stalls.c – main-loop stalls of the window during a store (see cs-test-stalls.h)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cs-store-job.h"
#include "cs-test-stalls.h"

/* Above these shares of the store's time spent waiting for a CPU, other work competed
 * with the store. Measured: the store alone 11–15 % (PSI), with two CPU hogs 75 %. */
#define OVERLOAD_PSI_SHARE  0.35
#define OVERLOAD_WAIT_SHARE 0.05

/* Microseconds this thread has waited on a run queue (and run, in @cpu), or -1. */
static gint64
runqueue_wait (gint64 *cpu)
{
  g_autofree char *text = NULL;
  guint64 on_cpu, waited;

  *cpu = -1;
  if (!g_file_get_contents ("/proc/thread-self/schedstat", &text, NULL, NULL) ||
      sscanf (text, "%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, &on_cpu, &waited) != 2)
    return -1;

  *cpu = (gint64) (on_cpu / 1000);
  return (gint64) (waited / 1000);
}

/* Bytes this thread read from or wrote to storage (not sockets: the X and D-Bus traffic). */
gint64
cs_test_stalls_thread_disk_io (void)
{
  g_autofree char *text = NULL;
  const char *read_bytes, *write_bytes;

  if (!g_file_get_contents ("/proc/thread-self/io", &text, NULL, NULL) ||
      !(read_bytes = strstr (text, "\nread_bytes: ")) ||
      !(write_bytes = strstr (text, "\nwrite_bytes: ")))
    return 0;

  return g_ascii_strtoll (read_bytes + 13, NULL, 10) + g_ascii_strtoll (write_bytes + 14, NULL, 10);
}

static gboolean
stalls_tick (gpointer data)
{
  CsTestStalls *stalls = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu;
  gint64 wait = runqueue_wait (&cpu);

  if (stalls->last != 0)
    {
      gint64 gap = now - stalls->last;
      gint64 blocked = gap;
      gint64 used = gap;

      if (wait >= 0 && stalls->last_wait >= 0)
        {
          blocked = MAX (0, gap - (wait - stalls->last_wait));
          used = cpu - stalls->last_cpu;
        }

      stalls->max_gap = MAX (stalls->max_gap, gap);
      stalls->max_blocked = MAX (stalls->max_blocked, blocked);
      stalls->max_cpu = MAX (stalls->max_cpu, used);
      if (gap > 50000 && stalls->window != NULL)
        {
          CsStoreJob *job = cs_window_get_job (stalls->window);

          g_test_message ("gap of %" G_GINT64_FORMAT " ms (%" G_GINT64_FORMAT " ms not waiting "
                          "for a CPU, %" G_GINT64_FORMAT " ms on it) at %" G_GINT64_FORMAT
                          " ms, step %d",
                          gap / 1000, blocked / 1000, used / 1000,
                          (now - stalls->start) / 1000,
                          job ? (int) cs_store_job_get_step (job) : -1);
        }
    }
  stalls->last = now;
  stalls->last_wait = wait;
  stalls->last_cpu = cpu;
  stalls->ticks++;

  return G_SOURCE_CONTINUE;
}

/* Microseconds some task of the machine has waited for a CPU (PSI), or -1 without PSI. */
static gint64
cpu_pressure_total (void)
{
  g_autofree char *contents = NULL;
  const char *total;

  if (!g_file_get_contents ("/proc/pressure/cpu", &contents, NULL, NULL) ||
      !g_str_has_prefix (contents, "some ") || !(total = strstr (contents, "total=")))
    return -1;

  return g_ascii_strtoll (total + 6, NULL, 10);
}

/* Whether other work competed for the CPUs during the store (between
 * cs_test_stalls_start() and cs_test_stalls_stop() of @stalls), so a wall-clock gap says
 * nothing about the window. The 1-minute load average lags by a minute (two CPU hogs that
 * just started leave it below the CPU count: a 103 ms gap was asserted that way), so what
 * happened during the store itself counts too: the share of its time some task waited for
 * a CPU (PSI), else the share the main thread waited on a run queue. Says why in @why
 * (newly allocated, for g_free()). */
gboolean
cs_test_stalls_machine_overloaded (const CsTestStalls  *stalls,
                                   char               **why)
{
  g_autofree char *contents = NULL;
  double elapsed = MAX (1, stalls->end - stalls->start);
  double load = 0;

  if (g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    load = g_ascii_strtod (contents, NULL);
  if (load > g_get_num_processors ())
    {
      *why = g_strdup_printf ("1-minute load %.2f above %d CPUs", load, g_get_num_processors ());
      return TRUE;
    }
  if (stalls->psi_start >= 0 && stalls->psi_end >= 0)
    {
      double share = (stalls->psi_end - stalls->psi_start) / elapsed;

      *why = g_strdup_printf ("some task waited for a CPU %.0f %% of the store's time", share * 100);
      return share > OVERLOAD_PSI_SHARE;
    }
  if (stalls->wait_start >= 0 && stalls->wait_end >= 0)
    {
      double share = (stalls->wait_end - stalls->wait_start) / elapsed;

      *why = g_strdup_printf ("the main thread waited for a CPU %.1f %% of the store's time",
                              share * 100);
      return share > OVERLOAD_WAIT_SHARE;
    }
  *why = g_strdup_printf ("1-minute load %.2f", load);

  return FALSE;
}

static gint64 phase_start;

static void
phase_begin (GdkFrameClock *clock,
             gpointer       data)
{
  phase_start = g_get_monotonic_time ();
}

static void
phase_end (GdkFrameClock *clock,
           gpointer       data)
{
  gint64 took = g_get_monotonic_time () - phase_start;

  if (took > 20000)
    g_test_message ("frame %s took %" G_GINT64_FORMAT " ms", (const char *) data, took / 1000);
}

/* CS_TEST_FRAMES=1: also report slow layouts and paints. */
void
cs_test_stalls_watch_frames (GtkWidget *widget)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_signal_connect (clock, "layout", G_CALLBACK (phase_begin), NULL);
  g_signal_connect_after (clock, "layout", G_CALLBACK (phase_end), (gpointer) "layout");
  g_signal_connect (clock, "paint", G_CALLBACK (phase_begin), NULL);
  g_signal_connect_after (clock, "paint", G_CALLBACK (phase_end), (gpointer) "paint");
}

/* Starts measuring into @stalls (caller-owned, to live until cs_test_stalls_stop()): a 10 ms
 * timeout on the main loop, and the starting disk I/O, PSI and run-queue totals. @window,
 * not owned, names the store's step in the messages about gaps above 50 ms; may be NULL. */
void
cs_test_stalls_start (CsTestStalls *stalls,
                      CsWindow     *window)
{
  *stalls = (CsTestStalls) { 0 };
  stalls->window = window;
  stalls->io_start = cs_test_stalls_thread_disk_io ();
  stalls->psi_start = cpu_pressure_total ();
  stalls->wait_start = runqueue_wait (&(gint64) { 0 });
  stalls->start = g_get_monotonic_time ();
  stalls->source = g_timeout_add (10, stalls_tick, stalls);
}

/* Stops the timeout and takes the ending PSI and run-queue totals. */
void
cs_test_stalls_stop (CsTestStalls *stalls)
{
  g_clear_handle_id (&stalls->source, g_source_remove);
  stalls->end = g_get_monotonic_time ();
  stalls->psi_end = cpu_pressure_total ();
  stalls->wait_end = runqueue_wait (&(gint64) { 0 });
}

/* The contents of /proc/loadavg, for messages, or "?": a static buffer, not to be freed,
 * overwritten by the next call. */
const char *
cs_test_stalls_load_average (void)
{
  static char text[64];
  g_autofree char *contents = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &contents, NULL, NULL))
    return "?";
  g_strlcpy (text, g_strstrip (contents), sizeof text);

  return text;
}
