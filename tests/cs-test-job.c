/* cs-test-job.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "cs-test-job.h"

/* A configuration storing @stage onto a BD-RE without blanking, read back after writing;
 * no media check, no midnight warning, no eject. Weeks start on Monday. */
CsConfig *
cs_test_job_config_new (const char *stage)
{
  CsConfig *config = cs_config_new_defaults ();

  g_free (config->staging_dir);
  config->staging_dir = g_strdup (stage);
  g_free (config->source_dir);
  config->source_dir = g_strdup (stage);
  config->starting_day = 0;            /* monday */
  config->media_type = CS_MEDIA_BDRE;
  config->blank_mode = CS_BLANK_NONE;
  config->check_data = TRUE;
  config->check_media = FALSE;
  config->warn_midnite = FALSE;
  config->no_eject = TRUE;
  return config;
}

/* A job of @mode into @target whose today is November @mday, 2026. */
CsStoreJob *
cs_test_job_new (const CsConfig *config,
                 CsStoreMode     mode,
                 int             mday,
                 const char     *target)
{
  CsStoreJob *job = cs_store_job_new (config);
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, mday, G_DATE_NOVEMBER, 2026);
  cs_store_job_set_today (job, &today);
  cs_store_job_set_mode (job, mode);
  cs_store_job_set_target (job, target);
  return job;
}
