/* check-time.c – time cs_disc_check() alone on a disc or image file
 *
 *   check-time ADDRESS
 *
 * Opens ADDRESS read-only, lists its sessions (cs_disc_contents_read()), checks every
 * session's and file's recorded MD5 (cs_disc_check()) and prints the seconds each took, the
 * bytes read, the files checked and every problem. Exit status as `cedar-store --check`:
 * 0 all good, 6 a problem, 4 the medium cannot be read. bench/check-bench.sh runs it next
 * to `cedar-store --check` and xorriso's -check_md5_r.
 *
 * It also prints the CPU seconds in all and of the reading thread (this one: cs_disc_check()
 * reads in its caller's thread and hashes in two more, the session's MD5 and the files'):
 * with two idle cores, and the two hashing threads about equal, the check takes about half the
 * CPU seconds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE 1   /* RUSAGE_THREAD */

#include <stdio.h>
#include <sys/resource.h>

#include "bench-disc.h"
#include "cs-disc-check.h"
#include "cs-disc-contents.h"

static gint64 start;

/* CPU seconds (user + system) of this thread (@who RUSAGE_THREAD) or the process. */
static double
cpu_seconds (int who)
{
  struct rusage ru;

  if (getrusage (who, &ru) != 0)
    return 0;
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec
         + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* The engine's log lines, each with the seconds since the start. */
static void
log_line (GLogLevelFlags  level,
          const char     *message,
          gpointer        user_data)
{
  if (level & (G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_WARNING
               | G_LOG_LEVEL_CRITICAL))
    fprintf (stderr, "%7.3f %s\n", (g_get_monotonic_time () - start) / 1e6, message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDrive) drive = NULL;
  g_autoptr(CsDiscContents) contents = NULL;
  g_autoptr(CsCheckReport) report = NULL;
  gint64 t0, t1, t2;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s ADDRESS\n", argv[0]);
      return 2;
    }
  start = g_get_monotonic_time ();
  if ((drive = bench_drive_open (argv[1], log_line, &error)) == NULL)
    return bench_fail (error);
  t0 = g_get_monotonic_time ();
  contents = cs_disc_contents_read (drive, NULL, &error);
  t1 = g_get_monotonic_time ();
  if (contents != NULL)
    report = cs_disc_check (drive, contents, NULL, NULL, log_line, NULL, NULL, &error);
  t2 = g_get_monotonic_time ();
  cs_drive_release (drive, FALSE);
  if (report == NULL)
    return bench_fail (error);
  printf ("CPU: %.2f s in all, %.2f s of it in the reading thread\n",
          cpu_seconds (RUSAGE_SELF), cpu_seconds (RUSAGE_THREAD));
  printf ("contents %.3f s  check %.3f s  %u sessions  %" G_GUINT64_FORMAT " bytes  %"
          G_GUINT64_FORMAT " files  %" G_GUINT64_FORMAT " without MD5  %u problems\n",
          (t1 - t0) / 1e6, (t2 - t1) / 1e6, report->sessions, report->bytes, report->files,
          report->files_without_md5, report->problems->len);
  return bench_print_problems (report->problems);
}
