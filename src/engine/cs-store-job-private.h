/* cs-store-job-private.h – the job's instance shared by its files, and test seams; not
 * for the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-store-job.h"

G_BEGIN_DECLS

/* Called in the worker thread as each step starts, before its work. */
typedef void (*CsStepHook) (CsStep   step,
                            gpointer user_data);

void _cs_store_job_set_step_hook (CsStoreJob *self,
                                  CsStepHook  hook,
                                  gpointer    user_data);

/* The instance, shared by cs-store-job.c and cs-store-job-damaged.c. */
struct _CsStoreJob
{
  GObject      parent_instance;

  CsConfig    *config;
  GPtrArray   *days;        /* explicit days, or after a run the days stored */
  char        *target;
  char        *medium;
  CsMediumState medium_state; /* what the last run read, with medium */
  CsStorePlan *plan;
  GDate        today;
  CsStoreMode  mode;
  CsStep       step;
  CsJobState   state;
  double       fraction;
  CsStepHook   hook;
  gpointer     hook_data;
  guint        verify : 1;
  guint        dry_run : 1;
  guint        no_mark : 1;
  guint        verified : 1;
  guint        running : 1;
  guint        damaged : 1;  /* the last run found a damaged track on the medium */
  guint        allow_erase : 1;
  guint        erase_refused : 1; /* the last run stopped: it would have erased, unasked */
  guint        erased : 1;   /* the last run blanked or invalidated a medium holding data */
};

void _cs_store_job_emit_log      (CsStoreJob     *self,
                                  GLogLevelFlags  level,
                                  const char     *message);

G_END_DECLS
