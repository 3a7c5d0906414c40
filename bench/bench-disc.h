/* bench-disc.h – what check-time.c and restore-time.c share: open the disc, fail, list problems
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>

#include "cs-disc-check.h"
#include "cs-drive.h"
#include "cs-error.h"

/* Prints @error's message to stderr and returns its exit status (as cedar-store would). */
static inline int
bench_fail (const GError *error)
{
  fprintf (stderr, "%s\n", error->message);
  return cs_error_exit_status (error);
}

/* Starts libburn and opens @address read-only, logging to @log_func. */
static inline CsDrive *
bench_drive_open (const char  *address,
                  CsLogFunc    log_func,
                  GError     **error)
{
  if (!cs_drive_library_init (error))
    return NULL;
  return cs_drive_open (address, log_func, NULL, error);
}

/* One line a problem on stdout; returns the exit status: 6 with a problem, else 0. */
static inline int
bench_print_problems (GPtrArray *problems)
{
  for (guint i = 0; i < problems->len; i++)
    {
      g_autofree char *line = cs_check_problem_describe (g_ptr_array_index (problems, i));

      printf ("%s\n", line);
    }
  return problems->len > 0 ? 6 : 0;
}
