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

typedef struct
{
  gboolean  done;
  gboolean  timed_out;
  GError   *error;
} JobRun;

static void
job_run_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  JobRun *r = user_data;

  cs_store_job_run_finish (CS_STORE_JOB (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
job_run_timeout (gpointer user_data)
{
  ((JobRun *) user_data)->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs @job on a main context of its own until it finishes; returns FALSE with @error set
 * as the job failed. A job that does not finish within CS_TEST_JOB_TIMEOUT_S seconds ends
 * the test program. */
gboolean
cs_test_job_run_sync (CsStoreJob  *job,
                      GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (CS_TEST_JOB_TIMEOUT_S);
  JobRun r = { 0 };

  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, job_run_timeout, &r, NULL);
  g_source_attach (timeout, context);
  cs_store_job_run_async (job, NULL, job_run_done, &r);
  while (!r.done && !r.timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);
  if (r.timed_out)
    g_error ("the store did not finish within %d s", CS_TEST_JOB_TIMEOUT_S);
  if (r.error != NULL)
    {
      g_propagate_error (error, r.error);
      return FALSE;
    }
  return TRUE;
}
