/* cs-store-job.c – the job object: its properties, signals and the store's worker
 *
 * The job runs find-day → build image → write → verify → indicator in a GTask worker. The
 * worker gets a snapshot of the inputs and talks to the caller only by posting small event
 * records to the caller's main context, where they become signals and property changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-calendar.h"
#include "cs-drive.h"
#include "cs-enums.h"
#include "cs-error.h"
#include "cs-image.h"
#include "cs-media.h"
#include "cs-store-job-private.h"
#include "cs-store-job.h"
#include "cs-store-run.h"
#include "cs-verify.h"

enum {
  PROP_0,
  PROP_STEP,
  PROP_FRACTION,
  PROP_STATE,
  PROP_MEDIUM,
  PROP_TARGET,
  PROP_PLAN,
  PROP_NO_MARK,
  PROP_ALLOW_ERASE,
  N_PROPS
};

enum {
  STEP_STARTED,
  STEP_FINISHED,
  PROGRESS,
  LOG,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CsStoreJob, cs_store_job, G_TYPE_OBJECT)
G_DEFINE_BOXED_TYPE (CsStorePlan, cs_store_plan, cs_store_plan_copy, cs_store_plan_free)

CsStorePlan *
cs_store_plan_copy (const CsStorePlan *plan)
{
  CsStorePlan *copy;

  g_return_val_if_fail (plan != NULL, NULL);

  copy = g_memdup2 (plan, sizeof *plan);
  copy->medium_text = g_strdup (plan->medium_text);
  copy->label = g_strdup (plan->label);
  copy->contents = plan->contents != NULL ? cs_disc_contents_copy (plan->contents) : NULL;
  copy->new_disc_reason = g_strdup (plan->new_disc_reason);
  return copy;
}

void
cs_store_plan_free (CsStorePlan *plan)
{
  if (plan == NULL)
    return;
  g_free (plan->medium_text);
  g_free (plan->label);
  g_clear_pointer (&plan->contents, cs_disc_contents_free);
  g_free (plan->new_disc_reason);
  g_free (plan);
}

static void
cs_store_job_finalize (GObject *object)
{
  CsStoreJob *self = (CsStoreJob *)object;

  g_clear_pointer (&self->config, cs_config_free);
  g_clear_pointer (&self->days, g_ptr_array_unref);
  g_clear_pointer (&self->target, g_free);
  g_clear_pointer (&self->medium, g_free);
  g_clear_pointer (&self->plan, cs_store_plan_free);

  G_OBJECT_CLASS (cs_store_job_parent_class)->finalize (object);
}

static void
cs_store_job_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CsStoreJob *self = CS_STORE_JOB (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_enum (value, self->step);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_MEDIUM:
      g_value_set_string (value, self->medium);
      break;

    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;

    case PROP_NO_MARK:
      g_value_set_boolean (value, self->no_mark);
      break;

    case PROP_ALLOW_ERASE:
      g_value_set_boolean (value, self->allow_erase);
      break;

    case PROP_PLAN:
      g_value_set_boxed (value, self->plan);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_store_job_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CsStoreJob *self = CS_STORE_JOB (object);

  switch (prop_id)
    {
    case PROP_NO_MARK:
      cs_store_job_set_no_mark (self, g_value_get_boolean (value));
      break;

    case PROP_ALLOW_ERASE:
      cs_store_job_set_allow_erase (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_store_job_class_init (CsStoreJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_store_job_finalize;
  object_class->get_property = cs_store_job_get_property;
  object_class->set_property = cs_store_job_set_property;

  properties[PROP_STEP] =
    g_param_spec_enum ("step", NULL, NULL, CS_TYPE_STEP, CS_STEP_NONE,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CS_TYPE_JOB_STATE, CS_JOB_STATE_READY,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_MEDIUM] =
    g_param_spec_string ("medium", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_PLAN] =
    g_param_spec_boxed ("plan", NULL, NULL, CS_TYPE_STORE_PLAN,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * CsStoreJob:no-mark:
   *
   * Write and verify the disc but leave the days unmarked (no cback.store): --no-mark.
   */
  properties[PROP_NO_MARK] =
    g_param_spec_boolean ("no-mark", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /**
   * CsStoreJob:allow-erase:
   *
   * Whether a store that starts a new disc may erase a medium that holds sessions (or
   * replace such an image file). Default %TRUE (headless and cron, as Cedar Backup); the
   * window sets it only after the person confirmed the erase.
   */
  properties[PROP_ALLOW_ERASE] =
    g_param_spec_boolean ("allow-erase", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CsStoreJob::step-started:
   * @step: the #CsStep that begins
   */
  signals[STEP_STARTED] =
    g_signal_new ("step-started", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, CS_TYPE_STEP);

  /**
   * CsStoreJob::step-finished:
   * @step: the #CsStep that ended
   * @error: (nullable): why it failed, or %NULL
   */
  signals[STEP_FINISHED] =
    g_signal_new ("step-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, CS_TYPE_STEP, G_TYPE_ERROR);

  /**
   * CsStoreJob::progress:
   * @fraction: 0…1, or -1 when the library gives no fraction (pulse)
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 5, CS_TYPE_STEP, G_TYPE_DOUBLE,
                  G_TYPE_UINT64, G_TYPE_UINT64, G_TYPE_DOUBLE);

  /**
   * CsStoreJob::log:
   * @level: a #GLogLevelFlags
   * @message: one line for the user
   */
  signals[LOG] =
    g_signal_new ("log", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
}

static void
cs_store_job_init (CsStoreJob *self)
{
  self->verify = TRUE;
  self->allow_erase = TRUE;
  cs_calendar_today (&self->today);
}

/**
 * cs_store_job_new:
 * @config: the resolved settings; copied
 */
CsStoreJob *
cs_store_job_new (const CsConfig *config)
{
  CsStoreJob *self;

  g_return_val_if_fail (config != NULL, NULL);

  self = g_object_new (CS_TYPE_STORE_JOB, NULL);
  self->config = cs_config_copy (config);
  self->verify = config->check_data;
  return self;
}

/**
 * cs_store_job_set_days:
 * @days: (element-type CsDay) (nullable): store exactly these days instead of find-day
 */
void
cs_store_job_set_days (CsStoreJob *self,
                       GPtrArray  *days)
{
  g_return_if_fail (CS_IS_STORE_JOB (self));
  g_return_if_fail (!self->running);

  g_clear_pointer (&self->days, g_ptr_array_unref);
  self->days = _cs_store_copy_days (days);
}

void
cs_store_job_set_target (CsStoreJob *self,
                         const char *address)
{
  g_return_if_fail (CS_IS_STORE_JOB (self));
  g_return_if_fail (!self->running);

  if (g_strcmp0 (self->target, address) != 0)
    {
      g_free (self->target);
      self->target = g_strdup (address);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
    }
}

void
cs_store_job_set_today (CsStoreJob  *self,
                        const GDate *today)
{
  g_return_if_fail (CS_IS_STORE_JOB (self));
  g_return_if_fail (today != NULL && g_date_valid (today));

  self->today = *today;
}

void
cs_store_job_set_mode (CsStoreJob  *self,
                       CsStoreMode  mode)
{
  g_return_if_fail (CS_IS_STORE_JOB (self));
  self->mode = mode;
}

void
cs_store_job_set_verify (CsStoreJob *self,
                         gboolean    verify)
{
  g_return_if_fail (CS_IS_STORE_JOB (self));
  self->verify = !!verify;
}

void
cs_store_job_set_dry_run (CsStoreJob *self,
                          gboolean    dry_run)
{
  g_return_if_fail (CS_IS_STORE_JOB (self));
  self->dry_run = !!dry_run;
}

/**
 * cs_store_job_set_no_mark:
 * @no_mark: %TRUE to write (and verify) without writing cback.store into the days
 *
 * Without it a store first checks that every day can be marked
 * (cs_staging_check_markable()) and stops with CS_ERROR_CONFIG before writing when one
 * cannot; with it that check is skipped and the outcome says the days stay unmarked.
 */
void
cs_store_job_set_no_mark (CsStoreJob *self,
                          gboolean    no_mark)
{
  g_return_if_fail (CS_IS_STORE_JOB (self));
  g_return_if_fail (!self->running);

  if (self->no_mark != !!no_mark)
    {
      self->no_mark = !!no_mark;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NO_MARK]);
    }
}

gboolean
cs_store_job_get_no_mark (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), FALSE);
  return self->no_mark;
}

/**
 * cs_store_job_set_allow_erase:
 * @allow_erase: %FALSE to refuse a new disc on a medium that holds sessions
 *
 * With %FALSE a store that would start a new disc on a medium holding data (Cedar's
 * sessions, a closed disc, other data; for an image file: one holding sessions) stops
 * before anything is written, after every other check, with CS_ERROR_MEDIUM (exit status
 * 4) saying the erase was not confirmed; cs_store_job_get_erase_refused() then returns
 * %TRUE. A dry run is never refused. Default %TRUE. It guards the window's confirmation
 * (issue 14) against a disc changed between the dry run and the store.
 */
void
cs_store_job_set_allow_erase (CsStoreJob *self,
                              gboolean    allow_erase)
{
  g_return_if_fail (CS_IS_STORE_JOB (self));
  g_return_if_fail (!self->running);

  if (self->allow_erase != !!allow_erase)
    {
      self->allow_erase = !!allow_erase;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ALLOW_ERASE]);
    }
}

gboolean
cs_store_job_get_allow_erase (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), TRUE);
  return self->allow_erase;
}

/**
 * cs_store_job_get_erase_refused:
 *
 * Returns: whether the last run stopped because it would have erased a medium holding
 *   sessions while #CsStoreJob:allow-erase was %FALSE (nothing was written)
 */
gboolean
cs_store_job_get_erase_refused (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), FALSE);
  return self->erase_refused;
}

/**
 * cs_store_job_get_erased:
 *
 * Returns: whether the last run blanked or invalidated a medium that held sessions or other
 *   data for its new disc (cannot be undone; an image file written beside is not erased),
 *   also when it then failed or was cancelled: its error message says what the disc no
 *   longer holds
 */
gboolean
cs_store_job_get_erased (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), FALSE);
  return self->erased;
}

const char *
cs_store_job_get_target (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), NULL);
  return self->target;
}

CsStep
cs_store_job_get_step (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), CS_STEP_NONE);
  return self->step;
}

double
cs_store_job_get_fraction (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), 0.0);
  return self->fraction;
}

CsJobState
cs_store_job_get_state (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), CS_JOB_STATE_READY);
  return self->state;
}

const char *
cs_store_job_get_medium (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), NULL);
  return self->medium;
}

/**
 * cs_store_job_get_medium_state:
 *
 * Returns: the state of the medium the last run read (no medium, blank, closed, …), the
 *   same reading as cs_store_job_get_medium(); meaningful only while that is not %NULL:
 *   the run opened the target and read what is in it.
 */
CsMediumState
cs_store_job_get_medium_state (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), CS_MEDIUM_NONE);
  return self->medium_state;
}

/**
 * cs_store_job_get_days:
 *
 * Returns: (transfer none) (element-type CsDay) (nullable): the explicit days before a
 *   run, the days stored after a successful one
 */
GPtrArray *
cs_store_job_get_days (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), NULL);
  return self->days;
}

/**
 * cs_store_job_get_plan:
 *
 * Returns: (nullable): what the last run found out about the medium and the image, also
 *   when it then failed (e.g. does not fit)
 */
const CsStorePlan *
cs_store_job_get_plan (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), NULL);
  return self->plan;
}

gboolean
cs_store_job_get_verified (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), FALSE);
  return self->verified;
}

void
_cs_store_job_set_step_hook (CsStoreJob *self,
                             CsStepHook  hook,
                             gpointer    user_data)
{
  g_return_if_fail (CS_IS_STORE_JOB (self));
  self->hook = hook;
  self->hook_data = user_data;
}

/* Main-context side of the worker's events. */
void
_cs_store_job_apply_event (CsStoreJob        *self,
                           const CsJobEvent  *event)
{
  g_assert (CS_IS_STORE_JOB (self));

  switch (event->kind)
    {
    case CS_JOB_EVENT_STEP_STARTED:
      self->step = event->step;
      self->fraction = 0.0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
      g_signal_emit (self, signals[STEP_STARTED], 0, event->step);
      break;

    case CS_JOB_EVENT_STEP_FINISHED:
      if (event->error == NULL)
        {
          self->fraction = 1.0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
        }
      g_signal_emit (self, signals[STEP_FINISHED], 0, event->step, event->error);
      break;

    case CS_JOB_EVENT_PROGRESS:
      self->fraction = event->fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
      g_signal_emit (self, signals[PROGRESS], 0, event->step, event->fraction,
                     event->done, event->total, event->rate);
      break;

    case CS_JOB_EVENT_LOG:
      g_signal_emit (self, signals[LOG], 0, (int)event->level, event->text);
      break;

    case CS_JOB_EVENT_PLAN:
      g_clear_pointer (&self->plan, cs_store_plan_free);
      self->plan = cs_store_plan_copy (event->plan);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAN]);
      break;

    case CS_JOB_EVENT_MEDIUM:
      g_free (self->medium);
      self->medium = g_strdup (event->text);
      self->medium_state = event->medium_state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MEDIUM]);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Emits CsStoreJob::log on the calling (main) context: for the job's other workers
 * (cs-store-job-damaged.c), whose lines are not run events. */
void
_cs_store_job_emit_log (CsStoreJob     *self,
                        GLogLevelFlags  level,
                        const char     *message)
{
  g_assert (CS_IS_STORE_JOB (self));
  g_signal_emit (self, signals[LOG], 0, (int)level, message);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  CsStoreJob *self = CS_STORE_JOB (object);
  g_autoptr(GTask) task = user_data;
  CsStoreRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  self->running = FALSE;
  self->damaged = run->damaged;
  self->erase_refused = run->erase_refused;
  self->erased = run->erased;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      self->state = CS_JOB_STATE_SUCCEEDED;
      self->verified = run->verified;
      g_clear_pointer (&self->days, g_ptr_array_unref);
      self->days = g_ptr_array_ref (run->days);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->state = cs_error_exit_status (error) == CS_ERROR_CANCELLED ? CS_JOB_STATE_CANCELLED
                                                                    : CS_JOB_STATE_FAILED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
worker (GTask        *task,
        gpointer      source_object,
        gpointer      task_data,
        GCancellable *cancellable)
{
  CsStoreRun *run = task_data;
  GError *error = NULL;

  if (_cs_store_run_execute (run, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * cs_store_job_run_async:
 *
 * Runs the store in a worker thread. Signals are emitted on the thread-default main
 * context of the caller. Cancelling @cancellable cancels the store; a cancelled store never
 * writes an indicator.
 */
void
cs_store_job_run_async (CsStoreJob          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  CsStoreRun *run;

  g_return_if_fail (CS_IS_STORE_JOB (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->running);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cs_store_job_run_async);
  /* Keep the worker's own CS_ERROR_CANCELLED (exit 7, with its message). */
  g_task_set_check_cancellable (outer, FALSE);

  run = _cs_store_run_new (self, self->config, self->days, self->target, &self->today,
                           self->mode, self->verify, self->dry_run);
  run->hook = self->hook;
  run->hook_data = self->hook_data;
  run->no_mark = self->no_mark;
  run->allow_erase = self->allow_erase;
  g_task_set_task_data (outer, _cs_store_run_ref (run), (GDestroyNotify)_cs_store_run_unref);

  self->running = TRUE;
  self->verified = FALSE;
  self->erase_refused = FALSE;
  self->erased = FALSE;
  self->state = CS_JOB_STATE_RUNNING;
  self->step = CS_STEP_NONE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  /* The inner task owns the thread; the outer one completes after the worker's queued
   * events, so callers see every signal before the result. */
  inner = g_task_new (self, cancellable, run_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, cs_store_job_run_async);
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, run, (GDestroyNotify)_cs_store_run_unref);
  g_task_run_in_thread (inner, worker);
}

gboolean
cs_store_job_run_finish (CsStoreJob    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
