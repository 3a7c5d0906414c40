/* cs-store-run-mark.c
 *
 * The store pipeline's two ends for the cback.store indicators (issue 13): before the drive
 * is opened, whether every day can be marked; after the write and verify, the marking, whose
 * failure says that the disc is good (CS_ERROR_MARK, exit status 8). With --no-mark neither
 * runs and the outcome says the days stay unmarked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-advice.h"
#include "cs-error.h"
#include "cs-staging.h"
#include "cs-store-run.h"

/* Before the drive is opened: a day whose cback.store cannot be written would be stored
 * and verified, then reported as failed, and stored again by the next run (issue 13). A dry
 * run only says so; --no-mark needs no indicator. */
gboolean
_cs_store_run_check_markable (CsStoreRun  *run,
                              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (run->no_mark)
    return TRUE;
  if (cs_staging_check_days_markable (run->days, run->config->backup_user,
                                      run->config->backup_group, &local_error))
    return TRUE;
  if (!run->dry_run)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  CS_STORE_RUN_LOG (run, G_LOG_LEVEL_WARNING, "%s", local_error->message);
  return TRUE;
}

/* The indicators after a good write: a failure here (the permissions changed during the
 * store) says that the disc is good and only the marking failed, with its own exit status. */
gboolean
_cs_store_run_mark_days (CsStoreRun  *run,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) marked = g_string_new (NULL);

  if (run->no_mark)
    {
      CS_STORE_RUN_LOG (run, G_LOG_LEVEL_WARNING,
                        run->verified
                        ? cs_advice_pick (_("Stored and verified; the day was not marked as "
                                            "stored (--no-mark), so the next store will store "
                                            "it again"),
                                          _("Stored and verified; the day was not marked as "
                                            "stored (Leave Days Unmarked), so the next store "
                                            "will store it again"))
                        : cs_advice_pick (_("Stored; the day was not marked as stored "
                                            "(--no-mark), so the next store will store it again"),
                                          _("Stored; the day was not marked as stored (Leave "
                                            "Days Unmarked), so the next store will store it "
                                            "again")));
      return TRUE;
    }

  for (guint i = 0; i < run->days->len; i++)
    {
      const CsDay *day = g_ptr_array_index (run->days, i);

      if (!cs_staging_write_indicator (day->path, run->config->backup_user,
                                       run->config->backup_group, _cs_store_run_log, run,
                                       &local_error))
        {
          g_autofree char *before = NULL;
          g_autofree char *target = cs_advice_target_in_sentence (run->target);

          /* Translators: the days marked before the one that failed, e.g. " Marked: 2026/11/24." */
          before = marked->len > 0 ? g_strdup_printf (_(" Marked: %s."), marked->str) : g_strdup ("");
          g_set_error (error, CS_ERROR, CS_ERROR_MARK,
                       run->verified
                       /* Translators: %1$s the target, %2$s why cback.store could not be
                        * written, %3$s the days marked before (may be empty) */
                       ? cs_advice_pick (_("The disc in %1$s was written and verified and is "
                                           "good, but marking the day as stored failed: %2$s.%3$s "
                                           "The next store will store it again unless you fix "
                                           "the permissions and create cback.store, or run "
                                           "future stores with --no-mark to leave days unmarked"),
                                         _("The disc (%1$s) was written and verified and is "
                                           "good, but marking the day as stored failed: %2$s.%3$s "
                                           "The next store will store it again unless you fix "
                                           "the permissions and create cback.store, or turn on "
                                           "“Leave Days Unmarked” for future stores."))
                       : cs_advice_pick (_("The disc in %1$s was written, but marking the day as "
                                           "stored failed: %2$s.%3$s The next store will store "
                                           "it again unless you fix the permissions and create "
                                           "cback.store, or run future stores with --no-mark to "
                                           "leave days unmarked"),
                                         _("The disc (%1$s) was written, but marking the day as "
                                           "stored failed: %2$s.%3$s The next store will store "
                                           "it again unless you fix the permissions and create "
                                           "cback.store, or turn on “Leave Days Unmarked” for "
                                           "future stores.")),
                       target, local_error->message, before);
          return FALSE;
        }
      g_string_append_printf (marked, "%s%s", marked->len > 0 ? ", " : "", day->suffix);
    }
  return TRUE;
}
