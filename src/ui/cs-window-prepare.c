/* cs-window-prepare.c
 *
 * What a store would take, found by a look in a worker thread: the settings (command line,
 * configuration file, preferences), the drives, the target, and the days: chosen by hand,
 * given on the command line, or found by Cedar Backup's rule, each with its size and
 * whether it is stored already. Then the dry run (cs-window-target.c) checks the medium.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "cs-day-row.h"
#include "cs-demo.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-settings.h"
#include "cs-staging.h"
#include "cs-window-private.h"

/* Inputs and results of one look, run in a worker thread. The inputs are copies: the
 * worker never touches the window nor the application's options. */
typedef struct
{
  CsOptions           options;       /* shallow copy; the strings below own what differs */
  char               *stage_dir;
  char               *device;
  char               *config_path;
  char              **day_dirs;
  CsSettingsSnapshot *snapshot;
  GPtrArray          *selection;     /* CsDay, or NULL */
  char               *target_override;
  char              **drives;        /* known drives, NULL = scan */
  char              **drive_names;   /* their names in the target list */
  GArray             *drive_uses;    /* CsDriveUse per drive, NULL with drives = NULL */
  GDate               today;
  guint               demo : 1;

  /* Results */
  CsConfig           *config;
  GError             *config_error;
  char               *demo_root;
  char               *demo_target;
  char               *target;
  char               *target_device;
  gboolean            target_missing; /* a drive target whose device does not exist */
  GPtrArray          *days;
  GArray             *sizes;
  GArray             *stored;
  GPtrArray          *unmarkable;    /* char *, NULL: the day can be marked */
  GError             *days_error;    /* why there is nothing to store */
  gboolean            staging_missing; /* the staging directory does not exist */
  GPtrArray          *dropped;       /* selected days that are gone (their paths) */
} Prepare;

static void
prepare_free (gpointer data)
{
  Prepare *prep = data;

  g_free (prep->stage_dir);
  g_free (prep->device);
  g_free (prep->config_path);
  g_strfreev (prep->day_dirs);
  g_clear_pointer (&prep->snapshot, cs_settings_snapshot_free);
  g_clear_pointer (&prep->selection, g_ptr_array_unref);
  g_free (prep->target_override);
  g_strfreev (prep->drives);
  g_strfreev (prep->drive_names);
  g_clear_pointer (&prep->drive_uses, g_array_unref);
  g_clear_pointer (&prep->config, cs_config_free);
  g_clear_error (&prep->config_error);
  g_free (prep->demo_root);
  g_free (prep->demo_target);
  g_free (prep->target);
  g_free (prep->target_device);
  g_clear_pointer (&prep->days, g_ptr_array_unref);
  g_clear_pointer (&prep->sizes, g_array_unref);
  g_clear_pointer (&prep->stored, g_array_unref);
  g_clear_pointer (&prep->unmarkable, g_ptr_array_unref);
  g_clear_error (&prep->days_error);
  g_clear_pointer (&prep->dropped, g_ptr_array_unref);
  g_free (prep);
}

static GPtrArray *
copy_days (GPtrArray *days)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);

  for (guint i = 0; days != NULL && i < days->len; i++)
    g_ptr_array_add (copy, cs_day_copy (g_ptr_array_index (days, i)));

  return copy;
}

static void
cs_window_clear_days (CsWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->days_list))) != NULL)
    gtk_list_box_remove (self->days_list, child);
}

void
_cs_window_show_problem (CsWindow   *self,
                         const char *title,
                         const char *description)
{
  g_autofree char *sentence = _cs_window_sentence (description);
  g_autofree char *escaped = g_markup_escape_text (sentence, -1);

  cs_window_clear_days (self);
  _cs_window_set_problem_page (self, "folder-open-symbolic", CS_PROBLEM_OFFER_FOLDERS);
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, escaped);
  gtk_stack_set_visible_child_name (self->days_stack, "empty");
}

/* What a day that find-day picked says when it is not today's. */
static char *
midnight_warning (CsWindow    *self,
                  const CsDay *day)
{
  int diff;

  if (_cs_window_has_explicit_days (self) || !g_date_valid (&self->today))
    return NULL;

  diff = g_date_days_between (&self->today, &day->date);
  if (diff == -1)
    return g_strdup (_("Staged yesterday: this store crossed midnight. "
                       "Check that it is the day you mean to store."));
  if (diff == 1)
    return g_strdup (_("Staged for tomorrow: the clock or the staging run crossed midnight. "
                       "Check that it is the day you mean to store."));

  return NULL;
}

void
_cs_window_show_days (CsWindow *self)
{
  CsOptions *options = _cs_window_get_options (self);
  gboolean explicit = _cs_window_has_explicit_days (self);

  cs_window_clear_days (self);

  for (guint i = 0; self->days != NULL && i < self->days->len; i++)
    {
      const CsDay *day = g_ptr_array_index (self->days, i);
      g_autofree char *warning = midnight_warning (self, day);
      GtkWidget *row = cs_day_row_new (day);

      if (self->day_sizes != NULL && i < self->day_sizes->len)
        cs_day_row_set_size (CS_DAY_ROW (row), g_array_index (self->day_sizes, gint64, i));
      if (self->day_stored != NULL && i < self->day_stored->len)
        cs_day_row_set_stored (CS_DAY_ROW (row), g_array_index (self->day_stored, gboolean, i));
      cs_day_row_set_warning (CS_DAY_ROW (row), warning);
      if (self->day_unmarkable != NULL && i < self->day_unmarkable->len)
        cs_day_row_set_mark_problem (CS_DAY_ROW (row),
                                     g_ptr_array_index (self->day_unmarkable, i));
      /* find-day's pick is not a selection: removing it means choosing others. */
      cs_day_row_set_removable (CS_DAY_ROW (row), explicit);
      gtk_list_box_append (self->days_list, row);
    }
  /* "Leave Days Unmarked", and a file the last dry run could not store */
  _cs_window_mark_update_rows (self);

  if (self->days != NULL && self->days->len > 0)
    {
      gtk_stack_set_visible_child_name (self->days_stack, "days");
      adw_preferences_group_set_description (self->days_group,
                                             explicit
                                             ? _("Chosen by hand; stored together in one session")
                                             : _("Today’s, else yesterday’s or tomorrow’s, as Cedar "
                                                 "Backup picks"));
      return;
    }

  adw_preferences_group_set_description (self->days_group, NULL);

  if (options->mode == CS_STORE_MODE_INITIALIZE)
    _cs_window_show_problem (self,
                             _("Nothing to Store"),
                             _("The disc will be initialized with a label and no data."));
  else
    _cs_window_show_problem (self, _("No Staged Day to Store"),
                             _("Drop a staging folder or the staging directory on the window, "
                               "or choose one."));
}

/* find-day found nothing: said in the user's words (Cedar's own line goes to the log). */
static void
cs_window_show_nothing_to_store (CsWindow     *self,
                                 const GError *error)
{
  g_autofree char *description = NULL;
  g_autofree char *root = _cs_window_unbreakable_path (self->staging_root);

  if (self->stored)
    {
      description = g_strdup_printf (_("Nothing is left to store in %s. Cedar Backup’s next "
                                       "staging run adds a day."), root);
      _cs_window_show_problem (self, _("All Staged Days Are Stored"), description);
      adw_status_page_set_icon_name (self->empty_page, "emblem-ok-symbolic");
      return;
    }

  _cs_window_log (self, G_LOG_LEVEL_INFO, error->message);
  description = g_strdup_printf (_("There is no unstored day for today, yesterday or tomorrow "
                                   "in %s. Drop a staging folder on the window, or choose one."),
                                 root);
  _cs_window_show_problem (self, _("No Staged Day to Store"), description);
}

/* First start: the configured (or default) staging directory is not there. Cedar Backup's
 * own words go to the log; the page says what is wrong and offers the way out. */
static void
cs_window_show_no_staging (CsWindow *self)
{
  g_autofree char *root = _cs_window_unbreakable_path (self->staging_root);
  g_autofree char *description = NULL;
  g_autofree char *message = NULL;

  /* The path on a line of its own: it is what the user has to look for. */
  description = g_strdup_printf (_("The staging folder\n%s\ndoes not exist. Choose the folder "
                                   "where Cedar Backup stages the days, or set it in "
                                   "Preferences.\n\nTo try Cedar Store without a disc or "
                                   "staging data, start it with --demo."), root);
  _cs_window_show_problem (self, _("No Staging Folder"), description);
  _cs_window_set_problem_page (self, "folder-open-symbolic",
                               CS_PROBLEM_OFFER_STAGING_ROOT | CS_PROBLEM_OFFER_PREFERENCES);
  message = g_strdup_printf (_("The staging folder %s does not exist"), self->staging_root);
  _cs_window_log (self, G_LOG_LEVEL_WARNING, message);
}

/* Bytes in the files under @path, symlinks not followed. */
static gint64
tree_size (const char   *path,
           GCancellable *cancellable)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;
  gint64 total = 0;

  if (g_cancellable_is_cancelled (cancellable) || !(dir = g_dir_open (path, 0, NULL)))
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;

      if (g_lstat (child, &st) != 0)
        continue;

      if (S_ISDIR (st.st_mode))
        total += tree_size (child, cancellable);
      else if (S_ISREG (st.st_mode))
        total += st.st_size;
    }

  return total;
}

/* The drives as the target list shows them: a busy or mounted drive is listed, and says
 * so. cs_drive_list() grabs no drive and loads no tray (real-drives.md finding 8). */
static void
list_drives (Prepare *prep)
{
  g_autoptr(GPtrArray) list = cs_drive_list ();
  g_autoptr(GStrvBuilder) drives = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  GArray *uses = g_array_new (FALSE, FALSE, sizeof (CsDriveUse));

  for (guint i = 0; i < list->len; i++)
    {
      const CsDriveEntry *entry = g_ptr_array_index (list, i);
      g_autofree char *name = cs_drive_entry_get_name (entry);
      g_autofree char *shown = NULL;

      /* Store waits while another program holds the drive (cs-window-target.c). */
      g_array_append_val (uses, entry->use);

      if (entry->use != CS_DRIVE_FREE)
        {
          g_autofree char *why = cs_drive_entry_describe (entry);

          if (g_strcmp0 (name, entry->address) != 0)
            {
              /* Translators: a drive in the target list: its name, its device, and why it
               * cannot be used now, e.g. "busy: another program is using it" */
              shown = g_strdup_printf (_("%s (%s) — %s"), name, entry->address, why);
            }
          else
            {
              /* Translators: a drive in the target list: its device, and why it cannot be
               * used now, e.g. "busy: another program is using it" */
              shown = g_strdup_printf (_("%s — %s"), entry->address, why);
            }
        }
      else if (g_strcmp0 (name, entry->address) != 0)
        {
          /* Translators: a drive in the target list: its name and its device */
          shown = g_strdup_printf (_("%s (%s)"), name, entry->address);
        }
      else
        shown = g_strdup (entry->address);

      g_strv_builder_add (drives, entry->address);
      g_strv_builder_add (names, shown);
    }
  prep->drives = g_strv_builder_end (drives);
  prep->drive_names = g_strv_builder_end (names);
  g_clear_pointer (&prep->drive_uses, g_array_unref);
  prep->drive_uses = uses;
}

/* A Cedar config names a device path; an existing regular file there is an image. */
static char *
resolve_target (const char *address)
{
  if (address == NULL)
    return NULL;

  if (!cs_drive_address_is_image (address) && g_file_test (address, G_FILE_TEST_IS_REGULAR))
    return g_strconcat ("stdio:", address, NULL);

  return g_strdup (address);
}

static void
prepare_worker (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Prepare *prep = task_data;
  CsOptions *options = &prep->options;

  if (prep->demo)
    {
      GError *error = NULL;

      if (!cs_demo_prepare (&prep->today, &prep->demo_root, &prep->demo_target, &error))
        {
          g_task_return_error (task, error);
          return;
        }

      /* As in headless mode, --stage-dir and --device still win. */
      if (options->stage_dir == NULL)
        options->stage_dir = prep->demo_root;
      if (options->device == NULL)
        {
          prep->device = g_strconcat ("stdio:", prep->demo_target, NULL);
          options->device = prep->device;
        }
    }

  prep->config = cs_settings_load_config (options, prep->snapshot, &prep->config_error);
  if (prep->config == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Asking the drives takes a while (SCSI commands): never on the main thread. */
  if (prep->drives == NULL)
    list_drives (prep);

  prep->target = resolve_target (prep->target_override);
  if (prep->target == NULL)
    prep->target = resolve_target (prep->config->target_device);
  /* design.md: the first drive, busy or mounted ones too (the check then says why it
   * cannot be used); an image file only when there is no drive, and the list says so. */
  if (prep->target == NULL && prep->drives[0] != NULL)
    prep->target = g_strdup (prep->drives[0]);
  if (prep->target == NULL)
    {
      g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "cedar-store", NULL);

      /* design.md's last resort, so its folder must exist. */
      g_mkdir_with_parents (dir, 0755);
      prep->target = cs_drive_default_image ();
    }
  if (!cs_drive_address_is_image (prep->target))
    {
      char *real = realpath (prep->target, NULL);

      prep->target_device = g_strdup (real ? real : prep->target);
      free (real);
      /* As cs_drive_open() decides "does not exist": Store then waits (cs-window-target.c). */
      prep->target_missing = !g_path_is_absolute (prep->target_device) ||
                             !g_file_test (prep->target_device, G_FILE_TEST_EXISTS);
    }

  if (prep->selection != NULL)
    {
      prep->days = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
      prep->dropped = g_ptr_array_new_with_free_func (g_free);

      for (guint i = 0; i < prep->selection->len; i++)
        {
          const CsDay *day = g_ptr_array_index (prep->selection, i);
          CsDay *again = cs_staging_day_from_path (day->path, NULL);

          if (again != NULL)
            g_ptr_array_add (prep->days, again);
          else
            g_ptr_array_add (prep->dropped, g_strdup (day->path));
        }
    }
  else if (options->day_dirs != NULL && options->day_dirs[0] != NULL)
    prep->days = cs_options_get_days (options, &prep->days_error);
  else if (options->mode == CS_STORE_MODE_INITIALIZE)
    prep->days = g_ptr_array_new_with_free_func ((GDestroyNotify) cs_day_free);
  else if (prep->config->staging_dir == NULL)
    g_set_error (&prep->days_error, CS_ERROR, CS_ERROR_CONFIG,
                 _("No staging directory is configured; set one in Preferences"));
  else if (!g_file_test (prep->config->staging_dir, G_FILE_TEST_IS_DIR))
    prep->staging_missing = TRUE;
  else if (options->mode == CS_STORE_MODE_REBUILD)
    prep->days = cs_staging_find_rebuild (prep->config->staging_dir, &prep->today,
                                          prep->config->starting_day,
                                          NULL, NULL, &prep->days_error);
  else
    prep->days = cs_staging_find_day (prep->config->staging_dir, &prep->today,
                                      options->mode == CS_STORE_MODE_FULL,
                                      prep->config->warn_midnite,
                                      NULL, NULL, &prep->days_error);

  prep->sizes = g_array_new (FALSE, FALSE, sizeof (gint64));
  prep->stored = g_array_new (FALSE, FALSE, sizeof (gboolean));
  prep->unmarkable = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; prep->days != NULL && i < prep->days->len; i++)
    {
      const CsDay *day = g_ptr_array_index (prep->days, i);
      gint64 size = tree_size (day->path, cancellable);
      gboolean stored = cs_staging_is_stored (day->path);
      g_autoptr(GError) mark_error = NULL;

      g_array_append_val (prep->sizes, size);
      g_array_append_val (prep->stored, stored);
      /* Asked here, off the main loop: the store would stop on it before writing. */
      cs_staging_check_markable (day->path, prep->config->backup_user,
                                 prep->config->backup_group, &mark_error);
      g_ptr_array_add (prep->unmarkable, mark_error ? g_strdup (mark_error->message) : NULL);
    }

  g_task_return_boolean (task, TRUE);
}

static void
cs_window_prepare_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  CsWindow *self = CS_WINDOW (object);
  Prepare *prep = g_task_get_task_data (G_TASK (result));
  CsOptions *options;
  g_autoptr(GError) error = NULL;

  self->preparing = FALSE;

  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || g_cancellable_is_cancelled (self->lifetime))
    return;

  gtk_spinner_stop (self->loading_spinner);
  options = _cs_window_get_options (self);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _cs_window_show_problem (self, _("Cannot Prepare the Store"), error->message);
      _cs_window_log (self, G_LOG_LEVEL_CRITICAL, error->message);
      g_clear_pointer (&self->days, g_ptr_array_unref);
      self->look_failed = TRUE;
    }
  else if (prep->config == NULL)
    {
      _cs_window_show_problem (self, _("Configuration Problem"), prep->config_error->message);
      _cs_window_set_problem_page (self, "preferences-system-symbolic",
                                   CS_PROBLEM_OFFER_CONFIG_FILE | CS_PROBLEM_OFFER_PREFERENCES);
      _cs_window_log (self, G_LOG_LEVEL_CRITICAL, prep->config_error->message);
      adw_action_row_set_subtitle (self->medium_row, "");
      /* Nothing of the last good look holds now: no store of its days (issue 14, item 6). */
      g_clear_pointer (&self->config, cs_config_free);
      g_clear_pointer (&self->days, g_ptr_array_unref);
      self->look_failed = TRUE;
    }
  else
    {
      if (prep->demo)
        {
          g_autofree char *message = NULL;

          /* From now on the demo tree and image are what the command line would have said. */
          if (options->stage_dir == NULL)
            options->stage_dir = g_strdup (prep->demo_root);
          if (options->device == NULL)
            options->device = g_strdup (prep->device);
          self->demo_done = TRUE;

          message = g_strdup_printf (_("Demo: sample staging tree in %s, image file %s"),
                                     prep->demo_root, prep->demo_target);
          _cs_window_log (self, G_LOG_LEVEL_MESSAGE, message);
        }

      /* The log is history: after a look that failed, it says that this one did not. */
      if (self->look_failed)
        _cs_window_log (self, G_LOG_LEVEL_MESSAGE,
                        _("Looked again: the settings and the staging folder can be used now"));
      self->look_failed = FALSE;

      g_clear_pointer (&self->config, cs_config_free);
      self->config = g_steal_pointer (&prep->config);
      g_free (self->staging_root);
      self->staging_root = g_strdup (self->config->staging_dir);
      g_free (self->target);
      self->target = g_steal_pointer (&prep->target);
      g_free (self->target_device);
      self->target_device = g_steal_pointer (&prep->target_device);
      g_strfreev (self->drives);
      self->drives = g_steal_pointer (&prep->drives);
      g_strfreev (self->drive_names);
      self->drive_names = g_steal_pointer (&prep->drive_names);
      g_clear_pointer (&self->drive_uses, g_array_unref);
      self->drive_uses = g_steal_pointer (&prep->drive_uses);
      _cs_window_set_target_missing (self, prep->target_missing);

      g_clear_pointer (&self->days, g_ptr_array_unref);
      self->days = g_steal_pointer (&prep->days);
      g_clear_pointer (&self->day_sizes, g_array_unref);
      self->day_sizes = g_steal_pointer (&prep->sizes);
      g_clear_pointer (&self->day_stored, g_array_unref);
      self->day_stored = g_steal_pointer (&prep->stored);
      g_clear_pointer (&self->day_unmarkable, g_ptr_array_unref);
      self->day_unmarkable = g_steal_pointer (&prep->unmarkable);
      /* The dry run that follows tells whether the files can be stored now. */
      g_clear_pointer (&self->image_problem, g_free);
      g_clear_pointer (&self->image_problem_day, g_free);

      if (prep->dropped != NULL && prep->dropped->len > 0)
        {
          g_autofree char *message = NULL;

          /* The folders went away or lost their cback.stage since they were chosen. */
          g_clear_pointer (&self->selection, g_ptr_array_unref);
          if (self->days->len > 0)
            self->selection = copy_days (self->days);
          message = g_strdup_printf (_("%s is no longer a staged day; it was taken out of the selection"),
                                     (const char *) g_ptr_array_index (prep->dropped, 0));
          _cs_window_toast (self, message);
        }

      _cs_window_update_targets (self);

      if (self->days != NULL)
        _cs_window_show_days (self);
      else if (prep->staging_missing)
        cs_window_show_no_staging (self);
      else if (g_error_matches (prep->days_error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE))
        cs_window_show_nothing_to_store (self, prep->days_error);
      else if (g_error_matches (prep->days_error, CS_ERROR, CS_ERROR_CONFIG)
               && self->config->staging_dir == NULL)
        {
          _cs_window_show_problem (self, _("No Staging Folder"), prep->days_error->message);
          _cs_window_set_problem_page (self, "folder-open-symbolic",
                                       CS_PROBLEM_OFFER_STAGING_ROOT
                                       | CS_PROBLEM_OFFER_PREFERENCES);
        }
      else
        _cs_window_show_problem (self, _("Cannot Use These Days"),
                                 prep->days_error ? prep->days_error->message : NULL);
    }

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      cs_window_refresh (self);
      return;
    }

  _cs_window_update_state (self);

  if (self->store_pending)
    {
      self->store_pending = FALSE;
      cs_window_store (self);
    }
  else if (_cs_window_is_ready (self))
    {
      _cs_window_check (self);
    }
  else
    {
      /* Nothing to store: the disc is still worth showing (cs-window-contents.c). */
      _cs_window_show_medium (self);
      _cs_window_look_at_disc (self);
    }
}

/**
 * cs_window_refresh:
 *
 * Reads the configuration again and looks for the days a store would take, in a worker
 * thread, then checks the medium in a dry run.
 */
void
cs_window_refresh (CsWindow *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GDateTime) now = NULL;
  CsOptions *options;
  Prepare *prep;

  g_return_if_fail (CS_IS_WINDOW (self));

  /* What the last dry run said is about what was shown then (cs-window-erase.c). */
  self->plan_current = FALSE;
  self->erase_confirmed = FALSE;

  if (self->job != NULL || self->unmounting)
    return;

  /* A check or restore holds the target: the look runs when it is done. */
  if (self->disc_job != NULL)
    {
      self->refresh_again = TRUE;
      return;
    }

  if (self->preparing || self->check_job != NULL || self->contents_cancellable != NULL)
    {
      self->refresh_again = TRUE;
      _cs_window_cancel_check (self);
      _cs_window_cancel_look (self);
      return;
    }

  options = _cs_window_get_options (self);

  /* "Today" is read once per look, and the store that follows uses the same day. */
  if (options->date != NULL && g_date_valid (&options->today))
    {
      self->today = options->today;
    }
  else
    {
      now = g_date_time_new_now_local ();
      g_date_clear (&self->today, 1);
      g_date_set_dmy (&self->today,
                      g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }

  prep = g_new0 (Prepare, 1);
  prep->options = *options;
  prep->options.stage_dir = prep->stage_dir = g_strdup (options->stage_dir);
  prep->options.device = prep->device = g_strdup (options->device);
  prep->options.config_path = prep->config_path = g_strdup (options->config_path);
  prep->options.day_dirs = prep->day_dirs = g_strdupv (options->day_dirs);
  prep->options.media_type = NULL;
  prep->options.date = NULL;
  prep->snapshot = cs_settings_snapshot_new (self->settings);
  prep->selection = self->selection ? copy_days (self->selection) : NULL;
  prep->target_override = g_strdup (self->target_override);
  prep->drives = self->rescan_drives ? NULL : g_strdupv (self->drives);
  prep->drive_names = self->rescan_drives ? NULL : g_strdupv (self->drive_names);
  prep->drive_uses = self->rescan_drives || self->drive_uses == NULL
                     ? NULL : g_array_copy (self->drive_uses);
  prep->today = self->today;
  prep->demo = options->demo && !self->demo_done;
  self->rescan_drives = FALSE;

  /* --media-type is kept by pointer: the application's options outlive the look. */
  prep->options.media_type = options->media_type;

  self->preparing = TRUE;
  gtk_spinner_start (self->loading_spinner);
  if (self->days == NULL)
    gtk_stack_set_visible_child_name (self->days_stack, "loading");
  _cs_window_update_state (self);

  task = g_task_new (self, self->lifetime, cs_window_prepare_cb, NULL);
  g_task_set_source_tag (task, cs_window_refresh);
  g_task_set_task_data (task, prep, prepare_free);
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, prepare_worker);
}
