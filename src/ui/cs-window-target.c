/* cs-window-target.c
 *
 * The target and what is in it: the drives found (busy and mounted ones too) plus image
 * files, the medium (read by a dry-run job, which also builds and measures the image) and
 * the capacity bar that shows what is on the disc, what the store adds and what stays free.
 * Why Store waits, shown under the medium row: cs-window-state.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cs-drive.h"
#include "cs-error.h"
#include "cs-media.h"
#include "cs-window-private.h"

static char *
target_display_name (CsWindow   *self,
                     const char *address)
{
  g_autofree char *path = cs_drive_image_path (address);
  g_autofree char *fallback = NULL;

  if (path != NULL)
    {
      /* The image file design.md falls back to when there is no drive: said so, since the
       * selected entry is the row's subtitle. */
      fallback = cs_drive_default_image ();
      if (self->drives != NULL && self->drives[0] == NULL && g_str_equal (address, fallback))
        {
          /* Translators: the target in the list when the computer has no optical drive;
           * %s is the image file's path */
          return g_strdup_printf (_("Image file %s (no optical drive was found)"), path);
        }
      /* Translators: a target in the list, %s is the image file's path */
      return g_strdup_printf (_("Image file %s"), path);
    }

  for (guint i = 0; self->drives != NULL && self->drive_names != NULL && self->drives[i] != NULL
       && self->drive_names[i] != NULL; i++)
    {
      if (g_str_equal (self->drives[i], address))
        return g_strdup (self->drive_names[i]);
    }

  return g_strdup (address);
}

static gboolean
cs_window_media_changed_cb (gpointer user_data)
{
  CsWindow *self = user_data;

  self->media_changed_source = 0;
  /* A mount or unmount changes what the drive list says about the drive. */
  self->rescan_drives = TRUE;
  if (self->job == NULL && !self->unmounting)
    cs_window_refresh (self);

  return G_SOURCE_REMOVE;
}

/* A disc went in or out, or got mounted: look again once things have settled. */
static void
on_media_changed (CsWindow *self)
{
  g_clear_handle_id (&self->media_changed_source, g_source_remove);
  self->media_changed_source = g_timeout_add_seconds (2, cs_window_media_changed_cb, self);
}

/* While the target is a drive, the desktop's volume monitor says when its disc changes. */
static void
cs_window_watch_media (CsWindow *self)
{
  static const char * const signals[] = {
    "drive-changed", "volume-added", "volume-removed", "mount-added", "mount-removed",
  };

  if (self->target_device == NULL || self->volume_monitor != NULL)
    return;

  self->volume_monitor = g_volume_monitor_get ();
  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    g_signal_connect_object (self->volume_monitor, signals[i], G_CALLBACK (on_media_changed),
                             self, G_CONNECT_SWAPPED);
}

/* Rebuilds the target list: every drive found, the current image file, "Image File…". */
void
_cs_window_update_targets (CsWindow *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) addresses = g_ptr_array_new_with_free_func (g_free);
  guint selected = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; self->drives != NULL && self->drives[i] != NULL; i++)
    g_ptr_array_add (addresses, g_strdup (self->drives[i]));

  if (self->target != NULL && !g_ptr_array_find_with_equal_func (addresses, self->target,
                                                                 g_str_equal, NULL))
    g_ptr_array_add (addresses, g_strdup (self->target));

  for (guint i = 0; i < addresses->len; i++)
    {
      const char *address = g_ptr_array_index (addresses, i);
      g_autofree char *name = target_display_name (self, address);

      gtk_string_list_append (model, name);
      if (g_strcmp0 (address, self->target) == 0)
        selected = i;
    }

  /* The last entry asks for a file. */
  gtk_string_list_append (model, _("Choose Image File…"));
  g_ptr_array_add (addresses, NULL);

  self->updating_targets = TRUE;
  g_clear_pointer (&self->target_addresses, g_ptr_array_unref);
  self->target_addresses = g_steal_pointer (&addresses);
  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (model));
  if (selected != GTK_INVALID_LIST_POSITION)
    adw_combo_row_set_selected (self->target_row, selected);
  self->updating_targets = FALSE;

  cs_window_watch_media (self);

  if (self->drives != NULL && self->drives[0] == NULL)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->target_row),
                                 _("No optical drive was found; an image file works as a target"));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->target_row), NULL);
}

static void
cs_window_select_current_target (CsWindow *self)
{
  for (guint i = 0; self->target_addresses != NULL && i < self->target_addresses->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->target_addresses, i), self->target) == 0)
        {
          self->updating_targets = TRUE;
          adw_combo_row_set_selected (self->target_row, i);
          self->updating_targets = FALSE;
          return;
        }
    }
}

static void
cs_window_use_target (CsWindow   *self,
                      const char *address)
{
  if (g_strcmp0 (address, self->target) == 0)
    return;

  g_free (self->target_override);
  self->target_override = g_strdup (address);

  /* Remembered for next time; the configuration file and the command line still win then. */
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "target", address);

  cs_window_refresh (self);
}

static void
cs_window_image_chosen (CsWindow *self,
                        GFile    *file)
{
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  g_autofree char *address = NULL;

  if (path == NULL)
    {
      if (file != NULL)
        _cs_window_toast (self, _("Choose an image file on a local disk"));
      cs_window_select_current_target (self);
      return;
    }

  address = g_strconcat ("stdio:", path, NULL);
  cs_window_use_target (self, address);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
cs_window_image_dialog_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);

  cs_window_image_chosen (self, file);
}
#else
static void
cs_window_image_chooser_cb (GtkNativeDialog *native,
                            int              response,
                            gpointer         user_data)
{
  g_autoptr(CsWindow) self = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

  cs_window_image_chosen (self, file);
  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

/* Where Choose Image File starts: the folder of the image file written to now, with its
 * name; else the home folder (never the working directory, which means nothing to a
 * window). */
static GFile *
cs_window_image_start (CsWindow  *self,
                       char     **name)
{
  const char *target = self->target;

  if (target != NULL && cs_drive_address_is_image (target))
    {
      const char *path = target + strlen ("stdio:");

      *name = g_path_get_basename (path);
      return g_file_new_for_path (path);
    }

  *name = g_strdup ("cedar-backup.iso");
  return NULL;
}

static void
cs_window_choose_image (CsWindow *self)
{
  g_autofree char *name = NULL;
  g_autoptr(GFile) current = cs_window_image_start (self, &name);
  g_autoptr(GFile) folder = current ? g_file_get_parent (current)
                                    : g_file_new_for_path (g_get_home_dir ());
#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Choose an Image File"));
  gtk_file_dialog_set_accept_label (dialog, _("_Use"));
  gtk_file_dialog_set_initial_folder (dialog, folder);
  gtk_file_dialog_set_initial_name (dialog, name);
  gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, cs_window_image_dialog_cb,
                        g_object_ref (self));
#else
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (_("Choose an Image File"),
                                        GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Use"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (cs_window_image_chooser_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
#endif
}

static void
on_target_selected (CsWindow    *self,
                    GParamSpec  *pspec,
                    AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);
  const char *address;

  if (self->updating_targets || self->target_addresses == NULL ||
      selected >= self->target_addresses->len)
    return;

  address = g_ptr_array_index (self->target_addresses, selected);
  if (address == NULL)
    cs_window_choose_image (self);
  else
    cs_window_use_target (self, address);
}

void
_cs_window_target_init (CsWindow *self)
{
  g_signal_connect_object (self->target_row, "notify::selected",
                           G_CALLBACK (on_target_selected), self, G_CONNECT_SWAPPED);
  adw_action_row_set_subtitle (self->medium_row, "…");
  _cs_window_blocker_init (self);
}

/* The engine says "no medium" for an empty drive, and fails the dry run before posting a
 * plan; its text is the only sign (see the report: a medium-state property would do). */
static gboolean
cs_window_drive_is_empty (CsWindow *self)
{
  return self->medium_text != NULL &&
         g_strcmp0 (self->medium_text, g_dgettext (GETTEXT_PACKAGE, "no medium")) == 0;
}

/* The engine's one-line description of the medium, in the window's words. */
void
_cs_window_set_medium_text (CsWindow   *self,
                            const char *text)
{
  g_free (self->medium_text);
  self->medium_text = NULL;

  if (text == NULL)
    return;

  /* libburn calls an image file a "stdio file". */
  if (self->target != NULL && cs_drive_address_is_image (self->target) &&
      g_str_has_prefix (text, "stdio file"))
    self->medium_text = g_strconcat (_("Image file"), text + strlen ("stdio file"), NULL);
  else
    self->medium_text = g_strdup (text);
}

void
_cs_window_show_plan (CsWindow          *self,
                      const CsStorePlan *plan)
{
  g_autofree char *used = NULL;
  g_autofree char *adds = NULL;
  g_autofree char *free_text = NULL;
  g_autofree char *text = NULL;

  if (plan == NULL)
    {
      /* Nothing of an earlier plan stays, not even hidden (issue 14, item 6). */
      cs_capacity_bar_set_sizes (self->capacity_bar, 0, 0, 0, 0);
      gtk_label_set_label (self->used_label, "");
      gtk_label_set_label (self->adds_label, "");
      gtk_label_set_label (self->free_label, "");
      gtk_label_set_label (self->plan_label, "");
      gtk_label_set_label (self->fit_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->fit_label), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->capacity_row), FALSE);
      return;
    }

  cs_capacity_bar_set_sizes (self->capacity_bar, plan->capacity, plan->used, plan->image_size,
                             plan->available);

  /* The legend's words come from the bar, so what is seen and what is heard agree. */
  cs_capacity_bar_dup_legend (self->capacity_bar, &used, &adds, &free_text);
  gtk_label_set_label (self->used_label, used);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->used_label)), plan->used > 0);
  gtk_label_set_label (self->adds_label, adds);
  gtk_label_set_label (self->free_label, free_text);

  if (!plan->new_disc)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Adds a session after the one on the disc.",
                                         "Adds a session after the %u on the disc.",
                                         plan->sessions),
                            plan->sessions);
  else if (plan->medium_state == CS_MEDIUM_BLANK)
    text = g_strdup (_("The disc is blank: this store writes its first session."));
  else if (plan->new_disc_reason != NULL && *plan->new_disc_reason != '\0')
    /* Translators: %s says why, e.g. "Monday starts a new week in your Cedar Backup
     * configuration" */
    text = g_strdup_printf (_("This store starts a new disc: what is on it now will be "
                              "erased. %s."), plan->new_disc_reason);
  else
    text = g_strdup (_("This store starts a new disc: what is on it now will be erased."));
  gtk_label_set_label (self->plan_label, text);

  /* "Does not fit" is the reason row's, under the medium row (_cs_window_show_blocker()). */
  gtk_widget_set_visible (GTK_WIDGET (self->fit_label), FALSE);

  gtk_widget_set_visible (GTK_WIDGET (self->capacity_row), TRUE);
}

/* The medium row, the capacity bar and the "Insert a disc" page, from the last check. */
void
_cs_window_show_medium (CsWindow *self)
{
  gboolean checking = self->check_job != NULL ||
                      (self->contents_cancellable != NULL && self->plan == NULL);
  gboolean empty = !checking && cs_window_drive_is_empty (self);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  gboolean fit_told;

  gtk_widget_set_visible (GTK_WIDGET (self->medium_spinner), checking);
  if (checking)
    gtk_spinner_start (self->medium_spinner);
  else
    gtk_spinner_stop (self->medium_spinner);

  gtk_widget_remove_css_class (GTK_WIDGET (self->medium_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->medium_icon), "warning");

  /* What the last dry run found was about a store no longer asked for (all days removed,
   * the settings broken): it is forgotten, not shown (issue 14, item 6). A look at the disc
   * (cs-window-contents.c) then says what the medium holds. */
  if (self->check_findings && !checking && !self->preparing && !_cs_window_is_ready (self))
    {
      self->check_findings = FALSE;
      g_clear_pointer (&self->plan, cs_store_plan_free);
      g_clear_pointer (&self->medium_text, g_free);
      g_clear_error (&self->check_error);
      self->medium_read = FALSE;
      self->erase_refused = FALSE;
      self->medium_damaged = FALSE;
      empty = FALSE;
    }

  /* "Does not fit" is the days', not the medium's: the reason row under it says it with
   * its own icon; the medium row's icon stays the medium's. */
  fit_told = self->plan != NULL && !self->plan->fits && _cs_window_card_tells_check (self);

  if (checking)
    {
      g_string_append (subtitle, _("Checking the medium…"));
    }
  else if (self->target == NULL)
    {
      g_string_append (subtitle, _("No target"));
    }
  else if (self->target_missing)
    {
      /* Translators: the medium row's subtitle when the target drive does not exist */
      g_string_append (subtitle, _("No drive"));
    }
  else
    {
      if (self->medium_text != NULL)
        g_string_append (subtitle, self->medium_text);

      if (self->check_error != NULL && !empty)
        {
          /* Not twice: when the reason row tells it, the engine's words are its tooltip. */
          if (!_cs_window_card_tells_check (self))
            {
              if (subtitle->len > 0)
                g_string_append_c (subtitle, '\n');
              g_autofree char *shown = _cs_window_for_people (self,
                                                              self->check_error->message);

              g_string_append (subtitle, shown);
            }
          if (!fit_told)
            gtk_widget_add_css_class (GTK_WIDGET (self->medium_icon),
                                      self->plan != NULL && !self->plan->fits ? "error" : "warning");
        }
      else if (subtitle->len == 0 && !_cs_window_is_ready (self))
        {
          g_string_append (subtitle, _("Checked once there is something to store"));
        }
      else if (subtitle->len == 0 && self->image_problem != NULL)
        {
          g_string_append (subtitle, _("Not measured: a file in a staging day cannot be "
                                       "stored"));
        }
    }

  gtk_image_set_from_icon_name (self->medium_icon,
                                self->check_error != NULL && !empty && !checking && !fit_told
                                ? "dialog-warning-symbolic" : "media-optical-symbolic");
  adw_action_row_set_subtitle (self->medium_row, subtitle->str);
  gtk_widget_set_visible (GTK_WIDGET (self->medium_row), !empty);

  if (empty)
    {
      g_autofree char *description = NULL;

      description = g_strdup_printf (_("Put a blank or Cedar Backup disc (%s) in %s, then look again."),
                                     cs_media_type_display_name (self->config->media_type),
                                     self->target);
      adw_status_page_set_description (self->no_disc_page, description);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->no_disc_page), empty);

  _cs_window_show_plan (self, checking || empty ? NULL : self->plan);
  _cs_window_damaged_update (self);
  _cs_window_show_contents (self, empty);
  _cs_window_show_blocker (self);
}

static void
on_check_log (CsWindow   *self,
              int         level,
              const char *message,
              CsStoreJob *job)
{
  CsOptions *options = _cs_window_get_options (self);

  /* The dry run repeats what the store will say; only its problems are news. */
  if ((level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) ||
      options->verbosity > 0)
    _cs_window_log (self, level, message);
}

static void
cs_window_check_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(CsWindow) self = user_data;
  CsStoreJob *job = CS_STORE_JOB (object);
  g_autoptr(GError) error = NULL;
  gboolean ok, looked;

  ok = cs_store_job_run_finish (job, result, &error);
  looked = ok || !_cs_error_is_cancelled (error);

  if (self->check_job != job)
    return;

  g_signal_handlers_disconnect_by_data (job, self);

  if (ok || !_cs_error_is_cancelled (error))
    {
      const CsStorePlan *plan = cs_store_job_get_plan (job);

      g_clear_pointer (&self->plan, cs_store_plan_free);
      if (plan != NULL)
        self->plan = cs_store_plan_copy (plan);
      _cs_window_set_medium_text (self, cs_store_job_get_medium (job));
      self->medium_read = cs_store_job_get_medium (job) != NULL;
      self->check_findings = TRUE;
      self->medium_state = cs_store_job_get_medium_state (job);
      self->erase_refused = cs_store_job_get_erase_refused (job);
      self->medium_damaged = cs_store_job_get_damaged (job);
      self->plan_current = TRUE;
      g_clear_error (&self->check_error);
      /* A file in a day the image cannot hold is the day's problem, not the medium's:
       * its row says so (cs-window-mark.c). */
      if (!ok && _cs_window_take_image_problem (self, job, error))
        g_clear_error (&error);
      else
        _cs_window_clear_image_problem (self);
      self->check_error = g_steal_pointer (&error);
    }

  g_clear_object (&self->check_job);
  g_clear_object (&self->check_cancellable);

  if (self->refresh_again)
    {
      self->refresh_again = FALSE;
      cs_window_refresh (self);
      return;
    }

  /* What is on the disc: from the plan, or a look of its own (cs-window-contents.c). */
  if (looked)
    _cs_window_contents_after_check (self);
  _cs_window_show_medium (self);
  _cs_window_update_state (self);
  _cs_window_erase_after_check (self);

  if (self->store_pending)
    {
      self->store_pending = FALSE;
      cs_window_store (self);
    }
}

/* A dry run: finds the day, reads the medium, builds and measures the image, writes
 * nothing. It fills the medium row and the capacity bar before the user clicks Store. */
void
_cs_window_check (CsWindow *self)
{
  CsOptions *options = _cs_window_get_options (self);
  g_autoptr(CsStoreJob) job = NULL;

  if (self->check_job != NULL || self->job != NULL || self->disc_job != NULL ||
      !_cs_window_is_ready (self))
    return;

  job = cs_store_job_new (self->config);
  if (_cs_window_has_explicit_days (self))
    cs_store_job_set_days (job, self->days);
  cs_store_job_set_target (job, self->target);
  cs_store_job_set_mode (job, options->mode);
  cs_store_job_set_today (job, &self->today);
  cs_store_job_set_verify (job, self->config->check_data);
  cs_store_job_set_dry_run (job, TRUE);
  /* The day rows already say which day cannot be marked (cs-window-mark.c). */
  cs_store_job_set_no_mark (job, TRUE);

  g_signal_connect_object (job, "log", G_CALLBACK (on_check_log), self, G_CONNECT_SWAPPED);

  self->check_job = g_steal_pointer (&job);
  self->check_cancellable = g_cancellable_new ();
  self->plan_current = FALSE;
  _cs_window_show_medium (self);
  _cs_window_update_state (self);

  cs_store_job_run_async (self->check_job, self->check_cancellable, cs_window_check_cb,
                          g_object_ref (self));
}

void
_cs_window_cancel_check (CsWindow *self)
{
  if (self->check_cancellable != NULL)
    g_cancellable_cancel (self->check_cancellable);
}

/* Cedar's write-once types on a real drive: a cancelled session may spoil the disc. */
gboolean
_cs_window_target_is_write_once (CsWindow *self)
{
  if (self->target == NULL || cs_drive_address_is_image (self->target) || self->config == NULL)
    return FALSE;

  return !cs_media_type_is_rewritable (self->config->media_type);
}
