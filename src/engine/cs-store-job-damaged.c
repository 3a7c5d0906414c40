/* cs-store-job-damaged.c – the job's other worker: closing a damaged track
 *
 * A store or dry run that finds a damaged next track on the medium (cs-drive-damaged.c)
 * says so through cs_store_job_get_damaged(); cs_store_job_close_damaged_async() then closes
 * it in its own worker thread, without writing a session or storing a day. Its log lines
 * are collected in the worker and emitted as "log" signals on the caller's main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cs-drive.h"
#include "cs-drive-damaged.h"
#include "cs-error.h"
#include "cs-store-job-private.h"
#include "cs-store-job.h"

/**
 * cs_store_job_get_damaged:
 *
 * Whether the medium read by the last run (a store or a dry run) has a damaged next track
 * (cs_drive_check_not_damaged() refused it); cs_store_job_close_damaged_async() closes it.
 */
gboolean
cs_store_job_get_damaged (CsStoreJob *self)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), FALSE);
  return self->damaged;
}

typedef struct
{
  GLogLevelFlags level;
  char          *text;
} CloseLine;

typedef struct
{
  char      *target;
  GPtrArray *lines;     /* (element-type CloseLine): written by the worker only */
} CloseData;

static void
close_line_free (gpointer data)
{
  CloseLine *line = data;

  g_free (line->text);
  g_free (line);
}

static void
close_data_free (gpointer data)
{
  CloseData *close = data;

  g_free (close->target);
  g_ptr_array_unref (close->lines);
  g_free (close);
}

static void
close_log (GLogLevelFlags  level,
           const char     *message,
           gpointer        user_data)
{
  CloseData *close = user_data;
  CloseLine *line = g_new0 (CloseLine, 1);

  line->level = level;
  line->text = g_strdup (message);
  g_ptr_array_add (close->lines, line);
}

static void
close_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CloseData *close = task_data;
  g_autoptr(CsDrive) drive = NULL;
  GError *error = NULL;

  drive = cs_drive_open (close->target, close_log, close, &error);
  if (drive != NULL && cs_drive_close_damaged (&drive, &error))
    {
      cs_drive_release (drive, FALSE);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (drive != NULL)
    cs_drive_release (drive, FALSE);
  g_task_return_error (task, error);
}

/* Main context: the worker's log lines become "log" signals, then the caller's callback. */
static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  CsStoreJob *self = CS_STORE_JOB (object);
  g_autoptr(GTask) task = user_data;
  CloseData *close = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  for (guint i = 0; i < close->lines->len; i++)
    {
      CloseLine *line = g_ptr_array_index (close->lines, i);
      _cs_store_job_emit_log (self, line->level, line->text);
    }
  self->running = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      self->damaged = FALSE;
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, error);
}

/**
 * cs_store_job_close_damaged_async:
 *
 * Closes the damaged track on the job's target (cs_drive_close_damaged()) in a worker
 * thread: nothing else is written, no day is stored. The log lines arrive as "log" signals
 * before @callback. Errors as cs_drive_close_damaged(): CS_ERROR_MEDIUM when there is
 * nothing to close, CS_ERROR_WRITE when the drive refused. Closing cannot be cancelled
 * (@cancellable only stops waiting for the result).
 */
void
cs_store_job_close_damaged_async (CsStoreJob          *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) inner = NULL;
  CloseData *close;

  g_return_if_fail (CS_IS_STORE_JOB (self));
  g_return_if_fail (!self->running);
  g_return_if_fail (self->target != NULL);

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, cs_store_job_close_damaged_async);

  close = g_new0 (CloseData, 1);
  close->target = g_strdup (self->target);
  close->lines = g_ptr_array_new_with_free_func (close_line_free);

  self->running = TRUE;
  inner = g_task_new (self, NULL, close_cb, g_steal_pointer (&outer));
  g_task_set_source_tag (inner, cs_store_job_close_damaged_async);
  g_task_set_task_data (inner, close, close_data_free);
  g_task_run_in_thread (inner, close_worker);
}

gboolean
cs_store_job_close_damaged_finish (CsStoreJob    *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (CS_IS_STORE_JOB (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
