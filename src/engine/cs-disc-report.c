/* cs-disc-report.c – the reports of cs_disc_check() and cs_disc_restore_day()
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-disc-check.h"
#include "cs-disc-restore.h"

static void
problem_free (gpointer data)
{
  CsCheckProblem *problem = data;

  g_free (problem->day);
  g_free (problem->path);
  g_free (problem->problem);
  g_free (problem);
}

static gpointer
problem_copy (gconstpointer src,
              gpointer      user_data)
{
  const CsCheckProblem *from = src;
  CsCheckProblem *to = g_new0 (CsCheckProblem, 1);

  to->session = from->session;
  to->day = g_strdup (from->day);
  to->path = g_strdup (from->path);
  to->problem = g_strdup (from->problem);
  return to;
}

/**
 * cs_check_report_new:
 *
 * Returns: (transfer full): an empty report; free with cs_check_report_free()
 */
CsCheckReport *
cs_check_report_new (void)
{
  CsCheckReport *report = g_new0 (CsCheckReport, 1);

  report->problems = g_ptr_array_new_with_free_func (problem_free);
  return report;
}

/**
 * cs_check_report_copy:
 *
 * Returns: (transfer full): a deep copy of @report
 */
CsCheckReport *
cs_check_report_copy (const CsCheckReport *report)
{
  CsCheckReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = g_new0 (CsCheckReport, 1);
  *copy = *report;
  copy->problems = g_ptr_array_copy (report->problems, problem_copy, NULL);
  g_ptr_array_set_free_func (copy->problems, problem_free);
  return copy;
}

void
cs_check_report_free (CsCheckReport *report)
{
  if (report == NULL)
    return;
  g_ptr_array_unref (report->problems);
  g_free (report);
}

G_DEFINE_BOXED_TYPE (CsCheckReport, cs_check_report, cs_check_report_copy, cs_check_report_free)

/**
 * cs_check_report_add:
 * @session: 1 = the oldest session, 0 when not known
 * @day: (nullable): "YYYY/MM/DD"
 * @path: (nullable): the path on the disc
 * @problem: for people; copied
 *
 * Adds one problem to @report (or to a CsRestoreReport's problems through its array).
 */
void
cs_check_report_add (CsCheckReport *report,
                     guint          session,
                     const char    *day,
                     const char    *path,
                     const char    *problem)
{
  CsCheckProblem *p;

  g_return_if_fail (report != NULL);
  g_return_if_fail (problem != NULL);

  p = g_new0 (CsCheckProblem, 1);
  p->session = session;
  p->day = g_strdup (day);
  p->path = g_strdup (path);
  p->problem = g_strdup (problem);
  g_ptr_array_add (report->problems, p);
}

/**
 * cs_check_problem_describe:
 *
 * One line naming the file, its session and its day, then the problem:
 * "/2026/11/25/etc/passwd (session 1, day 2026/11/25): its data differs from …".
 *
 * Returns: (transfer full): the line
 */
char *
cs_check_problem_describe (const CsCheckProblem *problem)
{
  g_return_val_if_fail (problem != NULL, NULL);

  if (problem->path != NULL && problem->day != NULL && problem->session > 0)
    /* Translators: a file on the disc, its session number and its day, then what is wrong */
    return g_strdup_printf (_("%s (session %u, day %s): %s"), problem->path, problem->session,
                            problem->day, problem->problem);
  if (problem->path != NULL && problem->session > 0)
    /* Translators: a file on the disc and its session number, then what is wrong */
    return g_strdup_printf (_("%s (session %u): %s"), problem->path, problem->session,
                            problem->problem);
  if (problem->path != NULL)
    return g_strdup_printf ("%s: %s", problem->path, problem->problem);
  if (problem->session > 0)
    /* Translators: a session number, then what is wrong with it */
    return g_strdup_printf (_("Session %u: %s"), problem->session, problem->problem);
  return g_strdup (problem->problem);
}

/**
 * cs_restore_report_copy:
 *
 * Returns: (transfer full): a deep copy of @report
 */
CsRestoreReport *
cs_restore_report_copy (const CsRestoreReport *report)
{
  CsRestoreReport *copy;

  g_return_val_if_fail (report != NULL, NULL);

  copy = g_new0 (CsRestoreReport, 1);
  *copy = *report;
  copy->day = g_strdup (report->day);
  copy->to_path = g_strdup (report->to_path);
  copy->problems = g_ptr_array_copy (report->problems, problem_copy, NULL);
  g_ptr_array_set_free_func (copy->problems, problem_free);
  return copy;
}

void
cs_restore_report_free (CsRestoreReport *report)
{
  if (report == NULL)
    return;
  g_free (report->day);
  g_free (report->to_path);
  g_ptr_array_unref (report->problems);
  g_free (report);
}

G_DEFINE_BOXED_TYPE (CsRestoreReport, cs_restore_report, cs_restore_report_copy,
                     cs_restore_report_free)

/**
 * cs_restore_report_new:
 *
 * Returns: (transfer full): an empty report; free with cs_restore_report_free()
 */
CsRestoreReport *
cs_restore_report_new (void)
{
  CsRestoreReport *report = g_new0 (CsRestoreReport, 1);

  report->problems = g_ptr_array_new_with_free_func (problem_free);
  return report;
}
