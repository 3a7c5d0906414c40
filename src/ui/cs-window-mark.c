/* cs-window-mark.c
 *
 * What a day holds that would stop the store, shown on the day's row before Store is
 * pressed (issue 13):
 *
 * - a day whose cback.store cannot be written: the look (cs-window-prepare.c) asks
 *   cs_staging_check_markable() in its worker thread for each day; the rows say so, Store
 *   waits until "Leave Days Unmarked" (--no-mark) is on, and the switch tells the rows;
 * - a file the image cannot hold: the capacity dry run (cs-window-target.c) fails building
 *   the image with CS_ERROR_CONFIG and names the day; the row says so, not the medium row,
 *   and Store waits until a look finds the day changed.
 *
 * Both blocked texts end with the way out, Look Again (F5): the window does not watch the
 * staging folder. A store that still fails on an unmarkable day (it became so after the last
 * look) is told apart from a configuration problem by asking again, off the main loop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cs-day-row.h"
#include "cs-error.h"
#include "cs-text.h"
#include "cs-window-private.h"

/* How long the line under a day's folder may be: two lines of the row at most. */
#define SUMMARY_CHARS 100

static const CsDay *
find_day (CsWindow   *self,
          const char *path)
{
  for (guint i = 0; path != NULL && self->days != NULL && i < self->days->len; i++)
    {
      const CsDay *day = g_ptr_array_index (self->days, i);

      if (g_strcmp0 (day->path, path) == 0)
        return day;
    }
  return NULL;
}

/**
 * _cs_window_day_blocker:
 * @advice: (out) (optional) (transfer full): what to do about it
 *
 * The days' part of _cs_window_store_blocker() (cs-window-target.c), which has the target's.
 *
 * Returns: (transfer full) (nullable): why Store cannot be pressed now because of a day
 *   (the first day with a file the image cannot hold, else the first day the store could
 *   not mark as stored), or %NULL. No disk I/O: what the last look and dry run found.
 */
char *
_cs_window_day_blocker (CsWindow  *self,
                        char     **advice)
{
  CsOptions *options;

  if (self->preparing || self->app == NULL)
    return NULL;

  if (self->image_problem != NULL)
    {
      const CsDay *day = find_day (self, self->image_problem_day);

      if (advice != NULL)
        *advice = g_strdup (_("Fix or remove it, then choose Look Again (F5)."));
      /* Translators: why Store waits; %s is a day, e.g. "2026/11/26" */
      return g_strdup_printf (_("A file in the staging day %s cannot be stored (see its row)."),
                              day != NULL ? day->suffix : self->image_problem_day);
    }

  if (self->day_unmarkable == NULL || gtk_switch_get_active (self->no_mark_switch))
    return NULL;

  options = _cs_window_get_options (self);
  if (options->dry_run || options->mode == CS_STORE_MODE_INITIALIZE)
    return NULL;

  for (guint i = 0; i < self->day_unmarkable->len && self->days != NULL && i < self->days->len;
       i++)
    {
      const CsDay *day = g_ptr_array_index (self->days, i);

      if (g_ptr_array_index (self->day_unmarkable, i) != NULL)
        {
          if (advice != NULL)
            *advice = g_strdup (_("Turn on “Leave Days Unmarked”, or fix the folder and "
                                  "choose Look Again (F5)."));
          /* Translators: why Store waits; %s is a day, e.g. "2026/11/26" */
          return g_strdup_printf (_("The staging day %s cannot be marked as stored (see "
                                    "its row)."),
                                  day->suffix);
        }
    }
  return NULL;
}

/* Skips one closing quotation mark at @p, whatever the language's. */
static const char *
skip_closing_quote (const char *p)
{
  static const char * const quotes[] = { "\u201D", "\u201C", "\u00BB", "\u00AB", "\"" };

  for (guint i = 0; i < G_N_ELEMENTS (quotes); i++)
    {
      if (g_str_has_prefix (p, quotes[i]))
        return p + strlen (quotes[i]);
    }
  return p;
}

/* The engine's "The staging directory “DAY” cannot be stored whole, … (N problems): “FILE”:
 * WHY; …. Fix or remove …" as "“FILE”: WHY; …", at most SUMMARY_CHARS; the message
 * shortened when it does not look like that. */
static char *
image_problem_summary (const char *message,
                       const char *day_path)
{
  g_autofree char *shown_day = cs_text_shorten (day_path, CS_TEXT_PATH_CHARS);
  g_autofree char *list = NULL;
  const char *start = strstr (message, shown_day);
  const char *end;

  if (start != NULL)
    {
      const char *open;
      const char *open_low;

      start = skip_closing_quote (start + strlen (shown_day));
      open = strstr (start, "\u201C");
      open_low = strstr (start, "\u201E");
      if (open == NULL || (open_low != NULL && open_low < open))
        open = open_low;
      start = open;
    }
  if (start == NULL)
    return cs_text_shorten (message, SUMMARY_CHARS);

  /* The last sentence says what to do: the row has its own words for that. */
  end = g_strrstr (start, ". ");
  list = end != NULL ? g_strndup (start, end - start) : g_strdup (start);
  return cs_text_shorten (list, SUMMARY_CHARS);
}

void
_cs_window_mark_update_rows (CsWindow *self)
{
  gboolean no_mark = gtk_switch_get_active (self->no_mark_switch);
  g_autofree char *summary = NULL;

  if (self->image_problem != NULL)
    summary = image_problem_summary (self->image_problem, self->image_problem_day);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->days_list));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const CsDay *day;
      gboolean here;

      if (!CS_IS_DAY_ROW (row))
        continue;

      day = cs_day_row_get_day (CS_DAY_ROW (row));
      here = self->image_problem != NULL && g_strcmp0 (day->path, self->image_problem_day) == 0;
      cs_day_row_set_no_mark (CS_DAY_ROW (row), no_mark);
      cs_day_row_set_store_problem (CS_DAY_ROW (row), here ? self->image_problem : NULL,
                                    here ? summary : NULL);
    }
}

/* Whether @message names @day: its path as the engine writes it (shortened), or its
 * suffix at the end of a quoted path (the engine names the day's real path). */
static gboolean
message_names_day (const char  *message,
                   const CsDay *day)
{
  g_autofree char *shown = cs_text_shorten (day->path, CS_TEXT_PATH_CHARS);
  g_autofree char *tail = g_strconcat ("/", day->suffix, NULL);
  const char *p = message;

  if (strstr (message, day->path) != NULL || strstr (message, shown) != NULL)
    return TRUE;

  while ((p = strstr (p, tail)) != NULL)
    {
      p += strlen (tail);
      if (skip_closing_quote (p) != p)
        return TRUE;
    }
  return FALSE;
}

/**
 * _cs_window_take_image_problem:
 * @job: the capacity dry run, finished
 * @error: how it failed
 *
 * Whether the dry run failed on a day's files (building the image, exit status 2, the
 * message naming one of the days shown) rather than on the medium. If so the window keeps
 * it for the day's row and Store (until the next look), and the caller drops @error.
 */
gboolean
_cs_window_take_image_problem (CsWindow     *self,
                               CsStoreJob   *job,
                               const GError *error)
{
  const CsDay *day = NULL;

  if (error == NULL || cs_store_job_get_step (job) != CS_STEP_BUILD_IMAGE
      || !g_error_matches (error, CS_ERROR, CS_ERROR_CONFIG))
    return FALSE;

  for (guint i = 0; self->days != NULL && i < self->days->len && day == NULL; i++)
    {
      if (message_names_day (error->message, g_ptr_array_index (self->days, i)))
        day = g_ptr_array_index (self->days, i);
    }
  if (day == NULL)
    return FALSE;

  g_free (self->image_problem);
  self->image_problem = g_strdup (error->message);
  g_free (self->image_problem_day);
  self->image_problem_day = g_strdup (day->path);
  _cs_window_mark_update_rows (self);
  return TRUE;
}

/* The days changed, or a dry run went through: what it found no longer holds. */
void
_cs_window_clear_image_problem (CsWindow *self)
{
  if (self->image_problem == NULL)
    return;

  g_clear_pointer (&self->image_problem, g_free);
  g_clear_pointer (&self->image_problem_day, g_free);
  _cs_window_mark_update_rows (self);
}

typedef struct
{
  GPtrArray *days;
  char      *user;
  char      *group;
  GError    *error;    /* the store's */
} Recheck;

static void
recheck_free (gpointer data)
{
  Recheck *recheck = data;

  g_ptr_array_unref (recheck->days);
  g_free (recheck->user);
  g_free (recheck->group);
  g_clear_error (&recheck->error);
  g_free (recheck);
}

static void
recheck_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Recheck *recheck = task_data;
  g_autoptr(GError) error = NULL;

  /* TRUE: a day cannot be marked, which is why the store stopped. */
  g_task_return_boolean (task, !cs_staging_check_days_markable (recheck->days, recheck->user,
                                                                recheck->group, &error));
}

static void
recheck_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  CsWindow *self = CS_WINDOW (object);
  Recheck *recheck = g_task_get_task_data (G_TASK (result));
  gboolean unmarkable = g_task_propagate_boolean (G_TASK (result), NULL);

  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || g_cancellable_is_cancelled (self->lifetime))
    return;

  self->failure_is_mark = unmarkable;
  _cs_window_show_failure (self, recheck->error);
  self->failure_is_mark = FALSE;
}

/**
 * _cs_window_explain_failure:
 * @job: the store, failed
 * @error: how
 *
 * A store that stopped while finding the day with exit status 2 may have found a day it
 * cannot mark (it became so after the last look) or a setting: the check is asked again in
 * a worker thread, and the failure is shown (toast and dialog) when it has answered.
 *
 * Returns: whether the failure will be shown that way; %FALSE: show it now
 */
gboolean
_cs_window_explain_failure (CsWindow     *self,
                            CsStoreJob   *job,
                            const GError *error)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *days = cs_store_job_get_days (job);
  Recheck *recheck;

  if (cs_store_job_get_step (job) != CS_STEP_FIND_DAY
      || !g_error_matches (error, CS_ERROR, CS_ERROR_CONFIG)
      || cs_store_job_get_no_mark (job) || self->config == NULL)
    return FALSE;

  if (days == NULL || days->len == 0)
    days = self->days;
  if (days == NULL || days->len == 0)
    return FALSE;

  recheck = g_new0 (Recheck, 1);
  recheck->days = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
  for (guint i = 0; i < days->len; i++)
    g_ptr_array_add (recheck->days, cs_day_copy (g_ptr_array_index (days, i)));
  recheck->user = g_strdup (self->config->backup_user);
  recheck->group = g_strdup (self->config->backup_group);
  recheck->error = g_error_copy (error);

  task = g_task_new (self, self->lifetime, recheck_cb, NULL);
  g_task_set_source_tag (task, _cs_window_explain_failure);
  g_task_set_task_data (task, recheck, recheck_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, recheck_worker);
  return TRUE;
}

static void
on_no_mark_changed (CsWindow *self)
{
  _cs_window_mark_update_rows (self);
  _cs_window_update_state (self);
}

void
_cs_window_mark_init (CsWindow *self)
{
  g_signal_connect_object (self->no_mark_switch, "notify::active",
                           G_CALLBACK (on_no_mark_changed), self, G_CONNECT_SWAPPED);
}
