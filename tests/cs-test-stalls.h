/* cs-test-stalls.h – main-loop stalls of the window during a store, measured by the window
 * tests (GTK; linked only into those)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "cs-window.h"

G_BEGIN_DECLS

/* Main-loop stalls: a 10 ms timeout records the largest gap between its runs.
 *
 * On a loaded machine (other test suites, fuzzers) the wall-clock gap also holds time the
 * main thread spent waiting for a CPU, and waiting for a CPU-starved Xvfb, which is no fault
 * of the window. So the test also takes, from /proc/thread-self, what the window can be
 * blamed for: the CPU time the main thread used within a gap, and the disk I/O it did. The
 * wall-clock gap is asserted when the machine is not overloaded. */
typedef struct
{
  gint64    last;
  gint64    last_wait;
  gint64    last_cpu;
  gint64    max_gap;
  gint64    max_blocked;
  gint64    max_cpu;
  gint64    io_start;
  guint     source;
  guint     ticks;
  CsWindow *window;
  gint64    start;
  gint64    end;
  gint64    psi_start;
  gint64    psi_end;
  gint64    wait_start;
  gint64    wait_end;
} CsTestStalls;

gint64       cs_test_stalls_thread_disk_io     (void);
gboolean     cs_test_stalls_machine_overloaded (const CsTestStalls  *stalls,
                                                char               **why);
void         cs_test_stalls_watch_frames       (GtkWidget           *widget);
void         cs_test_stalls_start              (CsTestStalls        *stalls,
                                                CsWindow            *window);
void         cs_test_stalls_stop               (CsTestStalls        *stalls);
const char  *cs_test_stalls_load_average       (void);

G_END_DECLS
