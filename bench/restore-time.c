/* restore-time.c – time cs_disc_restore_day() alone on a disc or image file
 *
 *   restore-time ADDRESS YYYY/MM/DD DIR
 *
 * Opens ADDRESS read-only, lists its sessions (cs_disc_contents_read()), restores the day
 * to DIR/YYYY/MM/DD (cs_disc_restore_day()) and prints the seconds each took, the counts
 * and every problem. Exit status as `cedar-store --restore`: 0 all good, 2 refused, 4 the
 * medium cannot be read, 5 the target cannot be written, 6 a problem. bench/restore-bench.sh
 * runs it next to `osirrox -extract`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>

#include "bench-disc.h"
#include "cs-disc-contents.h"
#include "cs-disc-restore.h"

static void
log_line (GLogLevelFlags  level,
          const char     *message,
          gpointer        user_data)
{
  if (level & (G_LOG_LEVEL_INFO | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_WARNING
               | G_LOG_LEVEL_CRITICAL))
    fprintf (stderr, "%s\n", message);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsDrive) drive = NULL;
  g_autoptr(CsDiscContents) contents = NULL;
  g_autoptr(CsRestoreReport) report = NULL;
  gint64 t0, t1, t2;

  if (argc != 4)
    {
      fprintf (stderr, "usage: %s ADDRESS YYYY/MM/DD DIR\n", argv[0]);
      return 2;
    }
  if ((drive = bench_drive_open (argv[1], log_line, &error)) == NULL)
    return bench_fail (error);
  t0 = g_get_monotonic_time ();
  contents = cs_disc_contents_read (drive, NULL, &error);
  t1 = g_get_monotonic_time ();
  if (contents != NULL)
    report = cs_disc_restore_day (drive, contents, argv[2], argv[3], NULL, NULL, log_line,
                                  NULL, NULL, &error);
  t2 = g_get_monotonic_time ();
  cs_drive_release (drive, FALSE);
  if (report == NULL)
    return bench_fail (error);
  printf ("contents %.3f s  restore %.3f s  session %u  %" G_GUINT64_FORMAT " bytes  %"
          G_GUINT64_FORMAT " files  %" G_GUINT64_FORMAT " dirs  %" G_GUINT64_FORMAT
          " symlinks  %" G_GUINT64_FORMAT " specials  %" G_GUINT64_FORMAT
          " attributes not set  %u problems\n",
          (t1 - t0) / 1e6, (t2 - t1) / 1e6, report->session, report->bytes, report->files,
          report->dirs, report->symlinks, report->specials, report->attrs_not_set,
          report->problems->len);
  return bench_print_problems (report->problems);
}
