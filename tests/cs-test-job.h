/* cs-test-job.h – store jobs on image files, shared by test-store-job and test-faults
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-config.h"
#include "cs-store-job.h"

G_BEGIN_DECLS

/* How long cs_test_job_run_sync() waits for a job, in seconds. */
#define CS_TEST_JOB_TIMEOUT_S 600

CsConfig   *cs_test_job_config_new (const char     *stage);
CsStoreJob *cs_test_job_new        (const CsConfig *config,
                                    CsStoreMode     mode,
                                    int             mday,
                                    const char     *target);
gboolean    cs_test_job_run_sync   (CsStoreJob     *job,
                                    GError        **error);

G_END_DECLS
