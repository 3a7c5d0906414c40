/* cs-window-contents.c
 *
 * What is on the disc in the target, for the "On This Disc" view (cs-disc-view.c) and the
 * medium row. When there is something to store, the dry run (cs-window-target.c) reads it
 * and its plan carries it. When there is nothing to store — after a store, before anything
 * is staged, with a staging problem — or when the plan did not say, the window looks by
 * itself: the drive opened and its sessions read in a worker thread, nothing written. The
 * look holds the target like the dry run: a refresh or a store waits for it to stop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cs-disc-view.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-window-private.h"

typedef struct
{
  char            *target;
  char            *medium_text;   /* cs_medium_describe(), or NULL: not opened */
  CsDiscContents  *contents;
  CsDiscViewState  state;
  char            *problem;       /* why the contents cannot be read */
  GError          *open_error;    /* why the drive could not be opened */
  GPtrArray       *warnings;      /* the engine's warnings, logged on the main loop */
  gboolean         after_check;   /* the dry run's findings stand; the look only adds */
} Look;

static void
look_free (gpointer data)
{
  Look *look = data;

  g_free (look->target);
  g_free (look->medium_text);
  g_clear_pointer (&look->contents, cs_disc_contents_free);
  g_free (look->problem);
  g_clear_error (&look->open_error);
  g_ptr_array_unref (look->warnings);
  g_free (look);
}

/* In the worker thread: kept for the main loop. */
static void
look_log (GLogLevelFlags  level,
          const char     *message,
          gpointer        user_data)
{
  Look *look = user_data;

  if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING))
    g_ptr_array_add (look->warnings, g_strdup (message));
}

static void
look_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Look *look = task_data;
  g_autoptr(CsDrive) drive = NULL;
  g_autoptr(GError) error = NULL;
  const CsMedium *medium;

  /* Grabs the drive or locks the image file; an image file that is not there yet is made
   * for the look and removed again (cs_drive_release()). */
  drive = cs_drive_open (look->target, look_log, look, &error);
  if (drive == NULL)
    {
      look->state = CS_DISC_VIEW_UNREADABLE;
      look->open_error = g_steal_pointer (&error);
      g_task_return_boolean (task, TRUE);
      return;
    }

  medium = cs_drive_get_medium (drive);
  look->medium_text = cs_medium_describe (medium);

  switch (medium->state)
    {
    case CS_MEDIUM_BLANK:
      look->state = CS_DISC_VIEW_BLANK;
      break;

    case CS_MEDIUM_APPENDABLE:
    case CS_MEDIUM_CLOSED:
    case CS_MEDIUM_FOREIGN:
      /* Not ours by its start (an image file cut short, a damaged head): what can be read
       * of its sessions, or why not. */
      look->contents = cs_disc_contents_read (drive, cancellable, &error);
      if (look->contents != NULL)
        {
          look->state = CS_DISC_VIEW_CONTENTS;
        }
      else if (!_cs_error_is_cancelled (error))
        {
          look->state = CS_DISC_VIEW_UNREADABLE;
          look->problem = g_strdup (error->message);
        }
      break;

    case CS_MEDIUM_UNREADABLE:
      look->state = CS_DISC_VIEW_UNREADABLE;
      look->problem = g_strdup (medium->problem);
      break;

    case CS_MEDIUM_NONE:
    case CS_MEDIUM_UNSUITABLE:
    default:
      /* No disc, or not one of ours: the medium row says which. */
      look->state = CS_DISC_VIEW_UNKNOWN;
      break;
    }

  cs_drive_release (drive, FALSE);

  if (error != NULL && _cs_error_is_cancelled (error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Shows what was found: in the view, and (for the medium row) what the drive said. */
static void
look_show (CsWindow *self,
           Look     *look)
{
  switch (look->state)
    {
    case CS_DISC_VIEW_CONTENTS:
      cs_disc_view_set_contents (self->disc_view, look->contents);
      break;

    case CS_DISC_VIEW_BLANK:
      cs_disc_view_set_blank (self->disc_view);
      break;

    case CS_DISC_VIEW_UNREADABLE:
      /* When the drive could not be opened, the medium row says why. */
      cs_disc_view_set_unreadable (self->disc_view, look->problem);
      break;

    case CS_DISC_VIEW_UNKNOWN:
    default:
      cs_disc_view_clear (self->disc_view);
      break;
    }

  g_free (self->disc_target);
  self->disc_target = g_strdup (look->target);

  /* The dry run's findings, when there was one, stay: they say more. */
  if (look->after_check)
    {
      if (self->medium_text == NULL && look->medium_text != NULL)
        _cs_window_set_medium_text (self, look->medium_text);
      return;
    }
  _cs_window_set_medium_text (self, look->medium_text);
  g_clear_error (&self->check_error);
  if (look->open_error != NULL)
    self->check_error = g_error_copy (look->open_error);
}

static void
look_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  CsWindow *self = CS_WINDOW (object);
  Look *look = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->contents_cancellable);
  if (g_cancellable_is_cancelled (self->lifetime))
    return;

  for (guint i = 0; i < look->warnings->len; i++)
    _cs_window_log (self, G_LOG_LEVEL_WARNING, g_ptr_array_index (look->warnings, i));

  /* Still the same target: show it (a cancelled look shows nothing). */
  if (g_task_propagate_boolean (G_TASK (result), &error) &&
      g_strcmp0 (look->target, self->target) == 0)
    look_show (self, look);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      cs_window_refresh (self);
      return;
    }

  _cs_window_show_medium (self);
  _cs_window_update_state (self);

  if (self->store_pending)
    {
      self->store_pending = FALSE;
      cs_window_store (self);
    }
}

static void
start_look (CsWindow *self,
            gboolean  after_check)
{
  g_autoptr(GTask) task = NULL;
  Look *look;

  if (self->job != NULL || self->unmounting || self->check_job != NULL ||
      self->disc_job != NULL || self->contents_cancellable != NULL || self->target == NULL ||
      self->config == NULL ||
      g_cancellable_is_cancelled (self->lifetime))
    return;

  look = g_new0 (Look, 1);
  look->target = g_strdup (self->target);
  look->after_check = after_check;
  look->warnings = g_ptr_array_new_with_free_func (g_free);

  self->contents_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->contents_cancellable, look_cb, NULL);
  g_task_set_source_tag (task, _cs_window_look_at_disc);
  g_task_set_task_data (task, look, look_free);
  g_task_run_in_thread (task, look_worker);

  _cs_window_show_medium (self);
  _cs_window_update_state (self);
}

/**
 * _cs_window_look_at_disc:
 *
 * Reads what is on the disc in the target, in a worker thread, for the view and the medium
 * row, when there is nothing to store (no dry run). Nothing happens while a store, a dry
 * run or another look holds the target, or without a target.
 */
void
_cs_window_look_at_disc (CsWindow *self)
{
  start_look (self, FALSE);
}

/* Stops the look; its callback then does what waited for it (a refresh, a store). */
void
_cs_window_cancel_look (CsWindow *self)
{
  if (self->contents_cancellable != NULL)
    g_cancellable_cancel (self->contents_cancellable);
}

/**
 * _cs_window_contents_after_check:
 *
 * After a dry run that was not cancelled: shows what its plan says is on the disc, or looks
 * by itself when the plan does not say (no plan: the dry run stopped before it; a disc with
 * sessions whose contents the plan does not carry).
 */
void
_cs_window_contents_after_check (CsWindow *self)
{
  const CsStorePlan *plan = self->plan;

  if (self->target == NULL || self->store_pending)
    return;

  if (plan != NULL && plan->contents != NULL)
    {
      cs_disc_view_set_contents (self->disc_view, plan->contents);
    }
  else if (plan != NULL && plan->medium_state == CS_MEDIUM_BLANK)
    {
      cs_disc_view_set_blank (self->disc_view);
    }
  else if (plan != NULL && plan->medium_state != CS_MEDIUM_APPENDABLE &&
           plan->medium_state != CS_MEDIUM_CLOSED && plan->medium_state != CS_MEDIUM_FOREIGN)
    {
      cs_disc_view_clear (self->disc_view);
    }
  else
    {
      start_look (self, TRUE);
      return;
    }

  g_free (self->disc_target);
  self->disc_target = g_strdup (self->target);
}

/* The view, as the medium row is shown: hidden for another target or an empty drive. */
void
_cs_window_show_contents (CsWindow *self,
                          gboolean  empty)
{
  if (empty || self->target == NULL || g_strcmp0 (self->disc_target, self->target) != 0)
    {
      cs_disc_view_clear (self->disc_view);
      g_clear_pointer (&self->disc_target, g_free);
    }
}
