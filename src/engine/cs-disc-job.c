/* cs-disc-job.c – the job object for reading a disc: contents, check, restore (issue 15)
 *
 * As CsStoreJob: the work runs in a GTask worker that gets a snapshot of the inputs and
 * talks to the caller only by posting small event records (progress, log lines) to the
 * caller's main context, where they become signals and property changes. The drive is
 * opened, read and released; nothing on it is ever written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "cs-disc-job.h"
#include "cs-drive.h"
#include "cs-enums.h"
#include "cs-error.h"

#define PROGRESS_INTERVAL_US (G_USEC_PER_SEC / 10)
/* How many bad files the error message of a failed check or restore names. */
#define NAMED_PROBLEMS 3

struct _CsDiscJob
{
  GObject          parent_instance;

  CsDiscAction     action;
  char            *address;
  char            *restore_day;
  char            *restore_to;
  CsJobState       state;
  double           fraction;
  CsDiscContents  *contents;
  CsCheckReport   *check_report;
  CsRestoreReport *restore_report;
  gboolean         running;
};

enum {
  PROP_0,
  PROP_STATE,
  PROP_FRACTION,
  N_PROPS
};

enum {
  PROGRESS,
  LOG,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CsDiscJob, cs_disc_job, G_TYPE_OBJECT)

/* One run: the inputs the worker reads, the results it leaves for the main context. */
typedef struct
{
  GWeakRef         job;
  GMainContext    *context;
  CsDiscAction     action;
  char            *address;
  char            *restore_day;
  char            *restore_to;
  gint64           start_us;        /* when the reading started, for the speed */
  gint64           last_progress_us;
  int              last_tenth;      /* the last 10 % step posted: each one goes out */
  CsDiscContents  *contents;
  CsCheckReport   *check_report;
  CsRestoreReport *restore_report;
} DiscRun;

typedef enum
{
  EVENT_PROGRESS,
  EVENT_LOG,
} EventKind;

typedef struct
{
  DiscRun        *run;
  EventKind       kind;
  double          fraction;
  guint64         done;
  guint64         total;
  double          rate;
  double          seconds_left;
  GLogLevelFlags  level;
  char           *text;
} Event;

static DiscRun *
disc_run_ref (DiscRun *run)
{
  return g_atomic_rc_box_acquire (run);
}

static void
disc_run_clear (DiscRun *run)
{
  g_weak_ref_clear (&run->job);
  g_main_context_unref (run->context);
  g_free (run->address);
  g_free (run->restore_day);
  g_free (run->restore_to);
  g_clear_pointer (&run->contents, cs_disc_contents_free);
  g_clear_pointer (&run->check_report, cs_check_report_free);
  g_clear_pointer (&run->restore_report, cs_restore_report_free);
}

static void
disc_run_unref (DiscRun *run)
{
  g_atomic_rc_box_release_full (run, (GDestroyNotify)disc_run_clear);
}

static void
cs_disc_job_finalize (GObject *object)
{
  CsDiscJob *self = (CsDiscJob *)object;

  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->restore_day, g_free);
  g_clear_pointer (&self->restore_to, g_free);
  g_clear_pointer (&self->contents, cs_disc_contents_free);
  g_clear_pointer (&self->check_report, cs_check_report_free);
  g_clear_pointer (&self->restore_report, cs_restore_report_free);

  G_OBJECT_CLASS (cs_disc_job_parent_class)->finalize (object);
}

static void
cs_disc_job_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CsDiscJob *self = CS_DISC_JOB (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_disc_job_class_init (CsDiscJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cs_disc_job_finalize;
  object_class->get_property = cs_disc_job_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CS_TYPE_JOB_STATE, CS_JOB_STATE_READY,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  /**
   * CsDiscJob:fraction:
   *
   * How much of the check or restore is done, 0…1; -1 while the engine cannot say.
   */
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, -1.0, 1.0, 0.0,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CsDiscJob::progress:
   * @fraction: 0…1, or -1 when not known (pulse)
   * @done: bytes read so far
   * @total: bytes to read, or 0 when not known
   * @bytes_per_second: the mean speed since the reading started, or 0 during its first second
   * @seconds_left: the time left at that speed, or -1 when not known
   *
   * About ten a second at most; the last one (fraction 1) always comes.
   */
  signals[PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 5, G_TYPE_DOUBLE, G_TYPE_UINT64,
                  G_TYPE_UINT64, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  /**
   * CsDiscJob::log:
   * @level: a #GLogLevelFlags
   * @message: one line for the user (the engines' lines and libburn's and libisofs')
   */
  signals[LOG] =
    g_signal_new ("log", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
}

static void
cs_disc_job_init (CsDiscJob *self)
{
}

/**
 * cs_disc_job_new:
 * @action: what to do: %CS_DISC_ACTION_CONTENTS, %CS_DISC_ACTION_CHECK or
 *   %CS_DISC_ACTION_RESTORE (then also call cs_disc_job_set_restore())
 * @address: the drive (`/dev/srN`) or image file (`stdio:/path/file.iso`) to read; copied.
 *   An image file that does not exist is not created: the run fails with
 *   %CS_ERROR_MEDIUM.
 *
 * Returns: (transfer full): a new job, not running
 */
CsDiscJob *
cs_disc_job_new (CsDiscAction  action,
                 const char   *address)
{
  CsDiscJob *self;

  g_return_val_if_fail (action == CS_DISC_ACTION_CONTENTS || action == CS_DISC_ACTION_CHECK
                        || action == CS_DISC_ACTION_RESTORE, NULL);
  g_return_val_if_fail (address != NULL, NULL);

  self = g_object_new (CS_TYPE_DISC_JOB, NULL);
  self->action = action;
  self->address = g_strdup (address);
  return self;
}

/**
 * cs_disc_job_set_restore:
 * @day: the day to restore, "YYYY/MM/DD"; copied
 * @to_dir: an absolute folder; the day is written to @to_dir/YYYY/MM/DD; copied
 *
 * What a %CS_DISC_ACTION_RESTORE job restores, and where (cs_disc_restore_day()).
 */
void
cs_disc_job_set_restore (CsDiscJob  *self,
                         const char *day,
                         const char *to_dir)
{
  g_return_if_fail (CS_IS_DISC_JOB (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (day != NULL);
  g_return_if_fail (to_dir != NULL && g_path_is_absolute (to_dir));

  g_free (self->restore_day);
  self->restore_day = g_strdup (day);
  g_free (self->restore_to);
  self->restore_to = g_strdup (to_dir);
}

CsDiscAction
cs_disc_job_get_action (CsDiscJob *self)
{
  g_return_val_if_fail (CS_IS_DISC_JOB (self), CS_DISC_ACTION_NONE);
  return self->action;
}

const char *
cs_disc_job_get_address (CsDiscJob *self)
{
  g_return_val_if_fail (CS_IS_DISC_JOB (self), NULL);
  return self->address;
}

CsJobState
cs_disc_job_get_state (CsDiscJob *self)
{
  g_return_val_if_fail (CS_IS_DISC_JOB (self), CS_JOB_STATE_READY);
  return self->state;
}

double
cs_disc_job_get_fraction (CsDiscJob *self)
{
  g_return_val_if_fail (CS_IS_DISC_JOB (self), 0.0);
  return self->fraction;
}

/**
 * cs_disc_job_get_contents:
 *
 * Returns: (nullable): the sessions and days the last run found on the medium; %NULL before
 *   a run, or when the medium could not be read
 */
const CsDiscContents *
cs_disc_job_get_contents (CsDiscJob *self)
{
  g_return_val_if_fail (CS_IS_DISC_JOB (self), NULL);
  return self->contents;
}

/**
 * cs_disc_job_get_check_report:
 *
 * Returns: (nullable): what the last check read and found wrong; also after a run that
 *   failed with %CS_ERROR_VERIFY because of these problems. %NULL before a check, or when
 *   the check could not run (the medium cannot be read, cancelled).
 */
const CsCheckReport *
cs_disc_job_get_check_report (CsDiscJob *self)
{
  g_return_val_if_fail (CS_IS_DISC_JOB (self), NULL);
  return self->check_report;
}

/**
 * cs_disc_job_get_restore_report:
 *
 * Returns: (nullable): what the last restore wrote and found wrong; also after a run that
 *   failed with %CS_ERROR_VERIFY because files failed their checksum. %NULL before a
 *   restore, or when it could not run.
 */
const CsRestoreReport *
cs_disc_job_get_restore_report (CsDiscJob *self)
{
  g_return_val_if_fail (CS_IS_DISC_JOB (self), NULL);
  return self->restore_report;
}

/* Main-context side of the worker's events. */
static gboolean
event_dispatch (gpointer data)
{
  Event *event = data;
  g_autoptr(CsDiscJob) self = g_weak_ref_get (&event->run->job);

  if (self == NULL)
    return G_SOURCE_REMOVE;

  switch (event->kind)
    {
    case EVENT_PROGRESS:
      self->fraction = event->fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
      g_signal_emit (self, signals[PROGRESS], 0, event->fraction, event->done, event->total,
                     event->rate, event->seconds_left);
      break;

    case EVENT_LOG:
      g_signal_emit (self, signals[LOG], 0, (int)event->level, event->text);
      break;

    default:
      g_assert_not_reached ();
    }
  return G_SOURCE_REMOVE;
}

static void
event_free (gpointer data)
{
  Event *event = data;

  g_free (event->text);
  disc_run_unref (event->run);
  g_free (event);
}

/* Posts @event (copied) to the caller's main context. From the worker thread only. */
static void
post (DiscRun     *run,
      const Event *event)
{
  Event *posted = g_memdup2 (event, sizeof *event);

  posted->run = disc_run_ref (run);
  posted->text = g_strdup (event->text);
  g_main_context_invoke_full (run->context, G_PRIORITY_DEFAULT, event_dispatch, posted,
                              event_free);
}

/* A CsLogFunc for the engine units: each line becomes CsDiscJob::log. */
static void
run_log (GLogLevelFlags  level,
         const char     *message,
         gpointer        user_data)
{
  Event event = { .kind = EVENT_LOG, .level = level, .text = (char *)message };

  post (user_data, &event);
}

/* A CsWriteProgress for cs_disc_check() and cs_disc_restore_day(): throttled to about ten
 * a second; the first and the final update always go out. */
static void
run_progress (double   fraction,
              guint64  done,
              guint64  total,
              gpointer user_data)
{
  DiscRun *run = user_data;
  gint64 now = g_get_monotonic_time ();
  Event event = { .kind = EVENT_PROGRESS, .fraction = fraction, .done = done, .total = total,
                  .seconds_left = -1.0 };
  int tenth = fraction >= 0.0 ? (int)(fraction * 10.0) : -1;
  double secs;

  /* Each 10 % step is posted whatever the interval, for the line a step the command line
   * prints when stderr is not a terminal. */
  if (run->last_progress_us != 0 && now - run->last_progress_us < PROGRESS_INTERVAL_US
      && fraction < 1.0 && tenth == run->last_tenth)
    return;
  run->last_tenth = tenth;
  run->last_progress_us = now;
  secs = (now - run->start_us) / (double)G_USEC_PER_SEC;
  /* A speed from the first tenths of a second (the first block's bytes over the time the
   * drive took to spin up) would promise hours: none before a second has passed. */
  if (secs >= 1.0 || (fraction >= 1.0 && secs > 0))
    event.rate = done / secs;
  if (event.rate > 0 && total > done && fraction >= 0.0 && done > 0)
    event.seconds_left = (total - done) / event.rate;
  else if (fraction >= 1.0)
    event.seconds_left = 0.0;
  post (run, &event);
}

/* The error of a check or restore that found bad files: how many, the first few named. */
static GError *
problems_error (DiscRun   *run,
                GPtrArray *problems)
{
  g_autoptr(GString) named = g_string_new (NULL);
  g_autofree char *where = NULL;
  guint n = problems->len;

  for (guint i = 0; i < n && i < NAMED_PROBLEMS; i++)
    {
      g_autofree char *line = cs_check_problem_describe (g_ptr_array_index (problems, i));

      if (i > 0)
        g_string_append (named, "; ");
      g_string_append (named, line);
    }
  if (n > NAMED_PROBLEMS)
    /* Translators: after the first bad files named, how many more there are */
    g_string_append_printf (named, g_dngettext (GETTEXT_PACKAGE, "; and %u more",
                                                "; and %u more", n - NAMED_PROBLEMS),
                            n - NAMED_PROBLEMS);

  if (run->action == CS_DISC_ACTION_RESTORE)
    {
      where = g_build_filename (run->restore_to, run->restore_day, NULL);
      return g_error_new (CS_ERROR, CS_ERROR_VERIFY,
                          /* Translators: %1$s the day, %2$s the folder, %3$u how many, %4$s
                           * the bad files named with their session and day */
                          g_dngettext (GETTEXT_PACKAGE,
                                       "Restored %1$s to %2$s, but %3$u file failed its "
                                       "check: %4$s",
                                       "Restored %1$s to %2$s, but %3$u files failed their "
                                       "check: %4$s", n),
                          run->restore_day, where, n, named->str);
    }
  return g_error_new (CS_ERROR, CS_ERROR_VERIFY,
                      /* Translators: %1$s the disc or image file, %2$u how many problems,
                       * %3$s the bad files named with their session and day */
                      g_dngettext (GETTEXT_PACKAGE,
                                   "The check of %1$s found %2$u problem: %3$s",
                                   "The check of %1$s found %2$u problems: %3$s", n),
                      run->address, n, named->str);
}

static gboolean
cancelled (DiscRun       *run,
           GCancellable  *cancellable,
           GError       **error)
{
  if (!g_cancellable_is_cancelled (cancellable))
    return FALSE;
  g_set_error (error, CS_ERROR, CS_ERROR_CANCELLED, _("Reading %s was cancelled"),
               run->address);
  return TRUE;
}

/* What the worker does with the opened drive. */
static gboolean
run_on_drive (DiscRun       *run,
              CsDrive       *drive,
              GCancellable  *cancellable,
              GError       **error)
{
  run->contents = cs_disc_contents_read (drive, cancellable, error);
  if (run->contents == NULL)
    return FALSE;
  if (cancelled (run, cancellable, error))
    return FALSE;
  if (run->contents->sessions->len == 0)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("%s holds nothing: there are no sessions to read"), run->address);
      return FALSE;
    }

  /* Damage met while listing (a broken chain of session headers, a session whose
   * directories cannot be read): said with every command, a problem for a check. */
  for (guint i = 0; run->contents->problems[i] != NULL; i++)
    run_log (G_LOG_LEVEL_WARNING, run->contents->problems[i], run);

  run->start_us = g_get_monotonic_time ();
  switch (run->action)
    {
    case CS_DISC_ACTION_CONTENTS:
      return TRUE;

    case CS_DISC_ACTION_CHECK:
      run->check_report = cs_disc_check (drive, run->contents, run_progress, run, run_log, run,
                                         cancellable, error);
      if (run->check_report == NULL)
        return FALSE;
      for (guint i = 0; run->contents->problems[i] != NULL; i++)
        cs_check_report_add (run->check_report, 0, NULL, NULL, run->contents->problems[i]);
      if (run->check_report->problems->len > 0)
        {
          g_propagate_error (error, problems_error (run, run->check_report->problems));
          return FALSE;
        }
      return TRUE;

    case CS_DISC_ACTION_RESTORE:
      run->restore_report = cs_disc_restore_day (drive, run->contents, run->restore_day,
                                                 run->restore_to, run_progress, run, run_log,
                                                 run, cancellable, error);
      if (run->restore_report == NULL)
        return FALSE;
      if (run->restore_report->problems->len > 0)
        {
          g_propagate_error (error, problems_error (run, run->restore_report->problems));
          return FALSE;
        }
      return TRUE;

    case CS_DISC_ACTION_NONE:
    default:
      g_assert_not_reached ();
    }
}

/* A restore stopped half way (the target filled up, or cancelled) leaves a partial day; the
 * next try would be refused as "not empty" (exit 2): say how to retry (issue 15). */
static void
say_how_to_retry (DiscRun  *run,
                  GError  **error)
{
  g_autofree char *where = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *message = NULL;
  GError *longer;

  if (run->action != CS_DISC_ACTION_RESTORE || *error == NULL || (*error)->domain != CS_ERROR
      || ((*error)->code != CS_ERROR_WRITE && (*error)->code != CS_ERROR_CANCELLED))
    return;
  where = g_build_filename (run->restore_to, run->restore_day, NULL);
  dir = g_dir_open (where, 0, NULL);
  if (dir == NULL || g_dir_read_name (dir) == NULL)
    return;
  message = g_strdup ((*error)->message);
  if (g_str_has_suffix (message, "."))
    message[strlen (message) - 1] = '\0';
  longer = g_error_new (CS_ERROR, (*error)->code,
                        /* Translators: %1$s what went wrong, %2$s the day's folder */
                        _("%1$s; remove %2$s before restoring again"), message,
                        where);
  g_clear_error (error);
  *error = longer;
}

static void
worker (GTask        *task,
        gpointer      source_object,
        gpointer      task_data,
        GCancellable *cancellable)
{
  DiscRun *run = task_data;
  g_autoptr(CsDrive) drive = NULL;
  GError *error = NULL;
  gboolean ok;

  if (cancelled (run, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* Read only: read permission is enough, other readers may run alongside, and a missing
   * image file is refused rather than made (nor a typing mistake called an empty disc). */
  drive = cs_drive_open_full (run->address, CS_DRIVE_OPEN_READ_ONLY, run_log, run, &error);
  if (drive == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  {
    g_autofree char *medium = cs_medium_describe (cs_drive_get_medium (drive));

    cs_log (run_log, run, G_LOG_LEVEL_INFO, _("Medium in %s: %s"), run->address, medium);
  }
  ok = run_on_drive (run, drive, cancellable, &error);
  if (!ok)
    say_how_to_retry (run, &error);
  /* Never written: release without ejecting, the disc stays in the drive. */
  cs_drive_release (drive, FALSE);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  CsDiscJob *self = CS_DISC_JOB (object);
  g_autoptr(GTask) task = user_data;
  DiscRun *run = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  self->running = FALSE;
  self->contents = g_steal_pointer (&run->contents);
  self->check_report = g_steal_pointer (&run->check_report);
  self->restore_report = g_steal_pointer (&run->restore_report);
  if (ok)
    {
      self->state = CS_JOB_STATE_SUCCEEDED;
      if (self->action != CS_DISC_ACTION_CONTENTS && self->fraction != 1.0)
        {
          self->fraction = 1.0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
      g_task_return_boolean (task, TRUE);
      return;
    }

  self->state = cs_error_exit_status (error) == CS_ERROR_CANCELLED ? CS_JOB_STATE_CANCELLED
                                                                    : CS_JOB_STATE_FAILED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  g_task_return_error (task, g_steal_pointer (&error));
}

/**
 * cs_disc_job_run_async:
 * @cancellable: (nullable): cancels the reading (the run fails with %CS_ERROR_CANCELLED)
 *
 * Opens the drive or image file, reads its sessions (cs_disc_contents_read()) and then,
 * for a check, every session's blocks and checksums (cs_disc_check()), or for a restore
 * writes the day (cs_disc_restore_day()); releases the drive. Nothing on the medium is
 * written. Runs in a worker thread; #CsDiscJob::progress and #CsDiscJob::log are emitted
 * on the thread-default main context of the caller, all of them before @callback runs.
 */
void
cs_disc_job_run_async (CsDiscJob           *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  DiscRun *run;

  g_return_if_fail (CS_IS_DISC_JOB (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (!self->running);
  g_return_if_fail (self->action != CS_DISC_ACTION_RESTORE
                    || (self->restore_day != NULL && self->restore_to != NULL));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cs_disc_job_run_async);
  /* Keep the worker's own CS_ERROR_CANCELLED (exit 7, with its message). */
  g_task_set_check_cancellable (outer, FALSE);

  run = g_atomic_rc_box_new0 (DiscRun);
  g_weak_ref_init (&run->job, self);
  run->context = g_main_context_ref_thread_default ();
  run->action = self->action;
  run->address = g_strdup (self->address);
  run->restore_day = g_strdup (self->restore_day);
  run->restore_to = g_strdup (self->restore_to);
  g_task_set_task_data (outer, disc_run_ref (run), (GDestroyNotify)disc_run_unref);

  self->running = TRUE;
  self->state = CS_JOB_STATE_RUNNING;
  self->fraction = 0.0;
  g_clear_pointer (&self->contents, cs_disc_contents_free);
  g_clear_pointer (&self->check_report, cs_check_report_free);
  g_clear_pointer (&self->restore_report, cs_restore_report_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);

  /* The inner task owns the thread; the outer one completes after the worker's queued
   * events, so callers see every signal before the result. */
  inner = g_task_new (self, cancellable, run_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, cs_disc_job_run_async);
  g_task_set_check_cancellable (inner, FALSE);
  g_task_set_task_data (inner, run, (GDestroyNotify)disc_run_unref);
  g_task_run_in_thread (inner, worker);
}

/**
 * cs_disc_job_run_finish:
 * @error: return location for a #GError
 *
 * Returns: %TRUE when the contents were read, every checksum matched (check) or the day
 *   was written and every file matched its checksum (restore). Otherwise %FALSE with a
 *   %CS_ERROR whose code is the exit status (issue 15): %CS_ERROR_VERIFY (6) when the check
 *   or restore found bad files (the report, from the getters, lists them all; the message
 *   names the first few); %CS_ERROR_MEDIUM (4) when the medium cannot be read, is blank, or
 *   the image file does not exist; %CS_ERROR_CONFIG (2) and %CS_ERROR_WRITE (5) as
 *   cs_disc_restore_day() gives them; %CS_ERROR_CANCELLED (7).
 */
gboolean
cs_disc_job_run_finish (CsDiscJob     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (CS_IS_DISC_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
