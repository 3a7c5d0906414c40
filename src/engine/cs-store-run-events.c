/* cs-store-run-events.c
 *
 * A run's seam to the job: events posted from the worker to the caller's main context
 * (steps, throttled progress, log lines, the medium, the plan), and the run's lifetime.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-drive.h"
#include "cs-drive-plan.h"
#include "cs-media.h"
#include "cs-staging.h"
#include "cs-store-run.h"

#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)

static gpointer
copy_day (gconstpointer src,
          gpointer      data)
{
  return cs_day_copy (src);
}

/* A deep copy of an array of CsDay, or NULL for NULL/empty. */
GPtrArray *
_cs_store_copy_days (GPtrArray *days)
{
  GPtrArray *copy;

  if (days == NULL || days->len == 0)
    return NULL;
  copy = g_ptr_array_copy (days, copy_day, NULL);
  g_ptr_array_set_free_func (copy, (GDestroyNotify)cs_day_free);
  return copy;
}

CsStoreRun *
_cs_store_run_new (CsStoreJob     *job,
                   const CsConfig *config,
                   GPtrArray      *days,
                   const char     *target,
                   const GDate    *today,
                   CsStoreMode     mode,
                   gboolean        verify,
                   gboolean        dry_run)
{
  CsStoreRun *run = g_atomic_rc_box_new0 (CsStoreRun);

  g_weak_ref_init (&run->job, job);
  run->context = g_main_context_ref_thread_default ();
  run->config = cs_config_copy (config);
  run->explicit_days = _cs_store_copy_days (days);
  run->days = g_ptr_array_new_with_free_func ((GDestroyNotify)cs_day_free);
  run->target = g_strdup (target);
  run->today = *today;
  run->mode = mode;
  run->verify = verify;
  run->dry_run = dry_run;
  return run;
}

CsStoreRun *
_cs_store_run_ref (CsStoreRun *run)
{
  return g_atomic_rc_box_acquire (run);
}

static void
cs_store_run_clear (CsStoreRun *run)
{
  g_weak_ref_clear (&run->job);
  g_main_context_unref (run->context);
  cs_config_free (run->config);
  g_clear_pointer (&run->explicit_days, g_ptr_array_unref);
  g_clear_pointer (&run->days, g_ptr_array_unref);
  g_free (run->target);
  g_free (run->new_disc_reason);
  g_free (run->beside_of);
  g_free (run->old_label);
  g_clear_pointer (&run->old_contents, cs_disc_contents_free);
  g_clear_pointer (&run->contents, cs_disc_contents_free);
}

void
_cs_store_run_unref (CsStoreRun *run)
{
  g_atomic_rc_box_release_full (run, (GDestroyNotify)cs_store_run_clear);
}

typedef struct
{
  CsStoreRun *run;
  CsJobEvent  event;
} Posted;

static void
posted_free (gpointer data)
{
  Posted *posted = data;

  g_clear_error (&posted->event.error);
  g_free (posted->event.text);
  g_clear_pointer (&posted->event.plan, cs_store_plan_free);
  _cs_store_run_unref (posted->run);
  g_free (posted);
}

static gboolean
posted_dispatch (gpointer data)
{
  Posted *posted = data;
  g_autoptr(CsStoreJob) job = g_weak_ref_get (&posted->run->job);

  if (job != NULL)
    _cs_store_job_apply_event (job, &posted->event);
  return G_SOURCE_REMOVE;
}

void
_cs_store_run_post (CsStoreRun       *run,
      const CsJobEvent *event)
{
  Posted *posted = g_new0 (Posted, 1);

  posted->run = _cs_store_run_ref (run);
  posted->event = *event;
  posted->event.text = g_strdup (event->text);
  posted->event.error = event->error ? g_error_copy (event->error) : NULL;
  posted->event.plan = event->plan ? cs_store_plan_copy (event->plan) : NULL;
  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, posted_dispatch, posted,
                              posted_free);
}

void
_cs_store_run_log (GLogLevelFlags  level,
         const char     *message,
         gpointer        user_data)
{
  CsStoreRun *run = user_data;
  CsJobEvent event = { .kind = CS_JOB_EVENT_LOG, .level = level, .text = (char *)message };

  _cs_store_run_post (run, &event);
}


void
_cs_store_run_step_start (CsStoreRun *run,
            CsStep      step)
{
  CsJobEvent event = { .kind = CS_JOB_EVENT_STEP_STARTED, .step = step };

  run->step = step;
  run->step_start_us = g_get_monotonic_time ();
  run->last_progress_us = 0;
  _cs_store_run_post (run, &event);
  if (run->hook != NULL)
    run->hook (step, run->hook_data);
}

void
_cs_store_run_step_finish (CsStoreRun   *run,
             const GError *error)
{
  CsJobEvent event = { .kind = CS_JOB_EVENT_STEP_FINISHED, .step = run->step,
                       .error = (GError *)error };

  _cs_store_run_post (run, &event);
}

/* Throttled to about 10 per second; the first and the final update always go out. */
void
_cs_store_run_progress (CsStoreRun *run,
          double      fraction,
          guint64     done,
          guint64     total)
{
  gint64 now = g_get_monotonic_time ();
  CsJobEvent event = { .kind = CS_JOB_EVENT_PROGRESS, .step = run->step, .fraction = fraction,
                       .done = done, .total = total };
  double secs;

  if (run->last_progress_us != 0 && now - run->last_progress_us < PROGRESS_INTERVAL_US
      && fraction < 1.0)
    return;
  run->last_progress_us = now;
  secs = (now - run->step_start_us) / (double)G_USEC_PER_SEC;
  event.rate = secs > 0 ? done / secs : 0.0;
  _cs_store_run_post (run, &event);
}

void
_cs_store_run_write_progress (double   fraction,
                guint64  done,
                guint64  total,
                gpointer user_data)
{
  _cs_store_run_progress (user_data, fraction, done, total);
}

void
_cs_store_run_verify_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  _cs_store_run_progress (user_data, total > 0 ? MIN (1.0, (double)done / total) : -1.0, done, total);
}

void
_cs_store_run_post_medium (CsStoreRun     *run,
             const CsMedium *medium)
{
  g_autofree char *text = cs_medium_describe (medium);
  CsJobEvent event = { .kind = CS_JOB_EVENT_MEDIUM, .text = text, .medium_state = medium->state };

  CS_STORE_RUN_LOG (run, G_LOG_LEVEL_INFO, _("Medium in %s: %s"), run->target, text);
  _cs_store_run_post (run, &event);
}

void
_cs_store_run_post_plan (CsStoreRun          *run,
           const CsMedium      *medium,
           const CsSessionPlan *layout,
           guint64          used,
           guint64          available)
{
  g_autofree char *text = cs_medium_describe (medium);
  CsStorePlan plan = {
    .medium_state = medium->state,
    .medium_text = text,
    .label = medium->label,
    .sessions = medium->state == CS_MEDIUM_APPENDABLE ? medium->sessions : 0,
    .capacity = cs_media_type_capacity (run->config->media_type),
    .used = used,
    .available = available,
    .image_size = layout->size,
    .new_disc = layout->new_disc,
    .new_disc_reason = layout->new_disc ? run->new_disc_reason : NULL,
    .contents = run->contents,
    /* Data a new disc would lose; the same test as the erase guard (cs-store-run.c). */
    .erases = layout->new_disc && (medium->state == CS_MEDIUM_APPENDABLE
                                   || medium->state == CS_MEDIUM_CLOSED
                                   || medium->state == CS_MEDIUM_FOREIGN
                                   || (run->contents != NULL && run->contents->sessions->len > 0)),
    .fits = layout->size <= available,
  };
  CsJobEvent event = { .kind = CS_JOB_EVENT_PLAN, .plan = &plan };

  _cs_store_run_post (run, &event);
}
