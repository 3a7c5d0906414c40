/* cs-store-job-private.h – test seams of the job, not for the window
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

G_END_DECLS
