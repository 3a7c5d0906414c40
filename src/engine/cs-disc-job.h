/* cs-disc-job.h – the job object for reading a disc: contents, check, restore (issue 15)
 *
 * The seam between the engine and both front ends for the three read-only commands, as
 * CsStoreJob is for a store: the work runs in a worker thread; progress and log lines reach
 * the caller's main context as signals.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cs-disc-check.h"
#include "cs-disc-contents.h"
#include "cs-disc-restore.h"
#include "cs-store-job.h"

G_BEGIN_DECLS

typedef enum
{
  CS_DISC_ACTION_NONE,
  CS_DISC_ACTION_CONTENTS,   /* --contents: list the sessions and days */
  CS_DISC_ACTION_CHECK,      /* --check: read every session, check the recorded MD5s */
  CS_DISC_ACTION_RESTORE,    /* --restore YYYY/MM/DD --to DIR */
} CsDiscAction;

#define CS_TYPE_DISC_JOB (cs_disc_job_get_type ())

G_DECLARE_FINAL_TYPE (CsDiscJob, cs_disc_job, CS, DISC_JOB, GObject)

CsDiscJob             *cs_disc_job_new                (CsDiscAction   action,
                                                       const char    *address);
void                   cs_disc_job_set_restore        (CsDiscJob     *self,
                                                       const char    *day,
                                                       const char    *to_dir);
CsDiscAction           cs_disc_job_get_action         (CsDiscJob     *self);
const char            *cs_disc_job_get_address        (CsDiscJob     *self);
CsJobState             cs_disc_job_get_state          (CsDiscJob     *self);
double                 cs_disc_job_get_fraction       (CsDiscJob     *self);
const CsDiscContents  *cs_disc_job_get_contents       (CsDiscJob     *self);
const CsCheckReport   *cs_disc_job_get_check_report   (CsDiscJob     *self);
const CsRestoreReport *cs_disc_job_get_restore_report (CsDiscJob     *self);
void                   cs_disc_job_run_async          (CsDiscJob            *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean               cs_disc_job_run_finish         (CsDiscJob            *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
