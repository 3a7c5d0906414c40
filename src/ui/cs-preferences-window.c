/* cs-preferences-window.c
 *
 * The preferences, bound to GSettings. A value that the Cedar Backup configuration file or
 * the command line sets is stronger than the preference (design.md): its row shows that
 * value and where it comes from, and cannot be changed here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-preferences-window.h"
#include "cs-settings.h"

struct _CsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwActionRow         *config_row;
  GtkButton            *config_clear;
  GtkButton            *config_choose;
  AdwActionRow         *staging_row;
  GtkButton            *staging_clear;
  GtkButton            *staging_choose;
  AdwComboRow          *start_of_week_row;
  AdwActionRow         *warn_midnight_row;
  GtkSwitch            *warn_midnight_switch;
  AdwActionRow         *target_row;
  GtkButton            *target_clear;
  AdwComboRow          *media_type_row;
  AdwActionRow         *drive_speed_row;
  GtkSpinButton        *drive_speed_spin;
  AdwActionRow         *eject_row;
  GtkSwitch            *eject_switch;
  AdwActionRow         *verify_row;
  GtkSwitch            *verify_switch;
  AdwActionRow         *check_media_row;
  GtkSwitch            *check_media_switch;
  AdwComboRow          *blank_mode_row;
  AdwActionRow         *blank_factor_row;
  GtkSpinButton        *blank_factor_spin;

  GSettings            *settings;
  CsConfig             *config;
  char                 *command_line_config;
};

G_DEFINE_FINAL_TYPE (CsPreferencesWindow, cs_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const media_choices[] = {
  "auto", "cdr-74", "cdrw-74", "cdr-80", "cdrw-80", "dvd+r", "dvd+rw", "bd-r", "bd-re", NULL
};
static const char * const day_choices[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", NULL
};
static const char * const blank_choices[] = { "none", "daily", "weekly", NULL };

/* One preference and the Cedar setting it stands for. */
typedef struct
{
  const char          *key;
  CsConfigKey          config_key;
  gsize                row_offset;     /* AdwPreferencesRow in the struct */
  gsize                control_offset; /* the bound widget */
  const char          *property;
  const char * const  *choices;        /* for combo rows */
  const char          *subtitle;       /* the row's own subtitle, translatable */
} Binding;

#define FIELD(name) G_STRUCT_OFFSET (CsPreferencesWindow, name)

static const Binding bindings[] = {
  { "start-of-week", CS_CONFIG_KEY_STARTING_DAY, FIELD (start_of_week_row),
    FIELD (start_of_week_row), "selected", day_choices, NULL },
  { "warn-midnight", CS_CONFIG_KEY_WARN_MIDNITE, FIELD (warn_midnight_row),
    FIELD (warn_midnight_switch), "active", NULL, NULL },
  { "media-type", CS_CONFIG_KEY_MEDIA_TYPE, FIELD (media_type_row),
    FIELD (media_type_row), "selected", media_choices, N_("For a drive, the disc in it decides") },
  { "drive-speed", CS_CONFIG_KEY_DRIVE_SPEED, FIELD (drive_speed_row),
    FIELD (drive_speed_spin), "value", NULL, N_("0 lets the drive choose") },
  { "eject", CS_CONFIG_KEY_NO_EJECT, FIELD (eject_row),
    FIELD (eject_switch), "active", NULL, NULL },
  { "verify", CS_CONFIG_KEY_CHECK_DATA, FIELD (verify_row),
    FIELD (verify_switch), "active", NULL,
    N_("Read the disc back and compare it before marking the days stored") },
  { "check-media", CS_CONFIG_KEY_CHECK_MEDIA, FIELD (check_media_row),
    FIELD (check_media_switch), "active", NULL,
    N_("Refuse a disc without a Cedar Backup label") },
  { "blank-mode", CS_CONFIG_KEY_BLANK_BEHAVIOR, FIELD (blank_mode_row),
    FIELD (blank_mode_row), "selected", blank_choices, N_("For rewritable discs") },
  { "blank-factor", CS_CONFIG_KEY_BLANK_BEHAVIOR, FIELD (blank_factor_row),
    FIELD (blank_factor_spin), "value", NULL,
    N_("A new disc when the space left is at most this many times the store") },
};

#define MEMBER(self, offset) (G_STRUCT_MEMBER (GtkWidget *, (self), (offset)))

static gboolean
choice_get_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *text = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    {
      if (g_str_equal (choices[i], text))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }

  return FALSE;
}

static GVariant *
choice_set_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) choices))
    return NULL;

  return g_variant_new_string (choices[selected]);
}

/* The value the configuration or the command line gave, shown in place of the preference. */
static void
show_effective_value (CsPreferencesWindow *self,
                      const Binding       *binding,
                      GtkWidget           *control)
{
  const CsConfig *config = self->config;

  if (g_str_equal (binding->key, "start-of-week"))
    adw_combo_row_set_selected (ADW_COMBO_ROW (control), (guint) config->starting_day);
  else if (g_str_equal (binding->key, "warn-midnight"))
    gtk_switch_set_active (GTK_SWITCH (control), config->warn_midnite);
  else if (g_str_equal (binding->key, "media-type"))
    adw_combo_row_set_selected (ADW_COMBO_ROW (control), (guint) config->media_type + 1);
  else if (g_str_equal (binding->key, "drive-speed"))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (control), config->drive_speed);
  else if (g_str_equal (binding->key, "eject"))
    gtk_switch_set_active (GTK_SWITCH (control), !config->no_eject);
  else if (g_str_equal (binding->key, "verify"))
    gtk_switch_set_active (GTK_SWITCH (control), config->check_data);
  else if (g_str_equal (binding->key, "check-media"))
    gtk_switch_set_active (GTK_SWITCH (control), config->check_media);
  else if (g_str_equal (binding->key, "blank-mode"))
    adw_combo_row_set_selected (ADW_COMBO_ROW (control), (guint) config->blank_mode);
  else if (g_str_equal (binding->key, "blank-factor"))
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (control), config->blank_factor);
}

static void
cs_preferences_window_apply_bindings (CsPreferencesWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (bindings); i++)
    {
      const Binding *binding = &bindings[i];
      GtkWidget *row = MEMBER (self, binding->row_offset);
      GtkWidget *control = MEMBER (self, binding->control_offset);
      g_autofree char *origin = NULL;

      if (self->settings != NULL)
        g_settings_unbind (control, binding->property);

      if (self->config != NULL)
        origin = cs_settings_describe_origin (self->config, binding->config_key);

      if (origin != NULL)
        {
          /* Translators: the row's note when the value is not the preference's */
          g_autofree char *tooltip = g_strdup_printf (_("%s; change it there"), origin);

          show_effective_value (self, binding, control);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), origin);
          gtk_widget_set_tooltip_text (row, tooltip);
          gtk_widget_set_sensitive (row, FALSE);
          continue;
        }

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   binding->subtitle ? _(binding->subtitle) : NULL);
      gtk_widget_set_tooltip_text (row, NULL);
      gtk_widget_set_sensitive (row, self->settings != NULL);

      if (self->settings == NULL)
        continue;

      if (binding->choices != NULL)
        g_settings_bind_with_mapping (self->settings, binding->key,
                                      control, binding->property,
                                      G_SETTINGS_BIND_DEFAULT,
                                      choice_get_mapping, choice_set_mapping,
                                      (gpointer) binding->choices, NULL);
      else
        g_settings_bind (self->settings, binding->key, control, binding->property,
                         G_SETTINGS_BIND_DEFAULT);
    }
}

static char *
settings_path (CsPreferencesWindow *self,
               const char          *key)
{
  g_autofree char *value = NULL;

  if (self->settings == NULL)
    return NULL;

  value = g_settings_get_string (self->settings, key);

  return value[0] != '\0' ? g_steal_pointer (&value) : NULL;
}

/* A path preference: its value, or what is used instead and why. */
static void
cs_preferences_window_update_path_row (CsPreferencesWindow *self,
                                       AdwActionRow        *row,
                                       GtkWidget           *clear,
                                       GtkWidget           *choose,
                                       const char          *key,
                                       CsConfigKey          config_key,
                                       const char          *effective,
                                       const char          *fallback)
{
  g_autofree char *origin = self->config ? cs_settings_describe_origin (self->config, config_key)
                                         : NULL;
  g_autofree char *value = settings_path (self, key);
  g_autofree char *subtitle = NULL;

  if (origin != NULL)
    subtitle = g_strdup_printf ("%s\n%s", effective ? effective : "", origin);
  else if (value != NULL && g_str_has_prefix (value, "stdio:"))
    /* Translators: %s is an image file's path */
    subtitle = g_strdup_printf (_("Image file %s"), value + strlen ("stdio:"));
  else if (value != NULL)
    subtitle = g_strdup (value);
  else
    subtitle = g_strdup (fallback);

  adw_action_row_set_subtitle (row, subtitle);
  gtk_widget_set_sensitive (clear, origin == NULL && value != NULL);
  if (choose != NULL)
    gtk_widget_set_sensitive (choose, origin == NULL && self->settings != NULL);
}

static void
cs_preferences_window_update_paths (CsPreferencesWindow *self)
{
  g_autofree char *config_file = settings_path (self, "config-file");
  g_autofree char *config_subtitle = NULL;
  g_autofree char *target_name = NULL;
  const char *in_use = NULL;

  if (self->config != NULL && self->config->target_device != NULL)
    target_name = g_str_has_prefix (self->config->target_device, "stdio:")
                  /* Translators: %s is an image file's path */
                  ? g_strdup_printf (_("Image file %s"), self->config->target_device + 6)
                  : g_strdup (self->config->target_device);

  if (self->config != NULL)
    in_use = self->config->path ? self->config->path : _("the built-in defaults");

  if (self->command_line_config != NULL)
    {
      config_subtitle = g_strdup_printf ("%s\n%s", self->command_line_config,
                                         _("Set on the command line"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->config_choose), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->config_clear), FALSE);
    }
  else
    {
      if (config_file != NULL)
        config_subtitle = g_strdup (config_file);
      else if (in_use != NULL)
        /* Translators: %s is the file in use, or "the built-in defaults" */
        config_subtitle = g_strdup_printf (_("Default: /etc/cback3.conf, then /etc/cback.conf "
                                             "(in use: %s)"), in_use);
      else
        config_subtitle = g_strdup (_("Default: /etc/cback3.conf, then /etc/cback.conf"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->config_choose), self->settings != NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->config_clear), config_file != NULL);
    }
  adw_action_row_set_subtitle (self->config_row, config_subtitle);

  cs_preferences_window_update_path_row (self, self->staging_row,
                                         GTK_WIDGET (self->staging_clear),
                                         GTK_WIDGET (self->staging_choose),
                                         "staging-root", CS_CONFIG_KEY_STAGING_DIR,
                                         self->config ? self->config->staging_dir : NULL,
                                         _("Default: /opt/backup/stage"));
  cs_preferences_window_update_path_row (self, self->target_row,
                                         GTK_WIDGET (self->target_clear), NULL,
                                         "target", CS_CONFIG_KEY_TARGET_DEVICE,
                                         self->config ? target_name : NULL,
                                         _("Automatic: the first drive found, else an image "
                                           "file; choose it in the main window"));
}

static void
on_settings_changed (CsPreferencesWindow *self,
                     const char          *key,
                     GSettings           *settings)
{
  cs_preferences_window_update_paths (self);
}

/**
 * cs_preferences_config_filter_new:
 *
 * The file choosers' filter for a Cedar Backup configuration: cback.conf and cback3.conf
 * (Cedar Backup 2 and 3's names, cedar-store.md §4), any *.conf, and XML files.
 *
 * Returns: (transfer full): a new filter
 */
GtkFileFilter *
cs_preferences_config_filter_new (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Cedar Backup Configurations"));
  gtk_file_filter_add_pattern (filter, "cback.conf*");
  gtk_file_filter_add_pattern (filter, "cback3.conf*");
  gtk_file_filter_add_suffix (filter, "conf");
  gtk_file_filter_add_suffix (filter, "xml");
  gtk_file_filter_add_mime_type (filter, "application/xml");
  gtk_file_filter_add_mime_type (filter, "text/xml");

  return filter;
}

/* The chosen configuration is read in a worker (disk I/O): a file that is not one says so
 * here, in the Preferences window, and the preference stays as it was. */
static void
config_check_worker (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  g_autoptr(CsConfig) config = NULL;
  GError *error = NULL;

  config = cs_config_load (task_data, &error);
  if (config == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
config_check_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CsPreferencesWindow *self = CS_PREFERENCES_WINDOW (object);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "config-file", path);
      return;
    }
  /* Closed meanwhile: nothing was changed, and there is no window to say it in. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)) || !gtk_widget_get_visible (GTK_WIDGET (self)))
    return;

  /* Translators: %s says why the file cannot be used as a configuration */
  body = g_strdup_printf (_("%s\n\nThe configuration file in use was not changed."),
                          error->message);
  dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                   _("Not a Cedar Backup Configuration"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A file or folder chosen for @key (test seam: the choosers cannot be driven). */
void
_cs_preferences_window_chosen (CsPreferencesWindow *self,
                               const char          *key,
                               GFile               *file)
{
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  if (path == NULL || self->settings == NULL)
    return;

  if (g_str_equal (key, "config-file"))
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, config_check_cb, NULL);

      g_task_set_task_data (task, g_steal_pointer (&path), g_free);
      g_task_run_in_thread (task, config_check_worker);
      return;
    }

  g_settings_set_string (self->settings, key, path);
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
cs_preferences_window_dialog_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(CsPreferencesWindow) self = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (object);
  const char *key = g_object_get_data (G_OBJECT (dialog), "cs-key");
  g_autoptr(GFile) file = NULL;

  if (g_str_equal (key, "staging-root"))
    file = gtk_file_dialog_select_folder_finish (dialog, result, NULL);
  else
    file = gtk_file_dialog_open_finish (dialog, result, NULL);

  _cs_preferences_window_chosen (self, key, file);
}
#else
static void
cs_preferences_window_chooser_cb (GtkNativeDialog *native,
                                  int              response,
                                  gpointer         user_data)
{
  g_autoptr(CsPreferencesWindow) self = user_data;
  const char *key = g_object_get_data (G_OBJECT (native), "cs-key");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));

      _cs_preferences_window_chosen (self, key, file);
    }

  gtk_native_dialog_destroy (native);
  g_object_unref (native);
}
#endif

static void
cs_preferences_window_choose (CsPreferencesWindow *self,
                              const char          *key,
                              const char          *title,
                              gboolean             folder)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  GtkFileDialog *dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, title);
  g_object_set_data (G_OBJECT (dialog), "cs-key", (gpointer) key);
  if (!folder)
    {
      g_autoptr(GtkFileFilter) filter = cs_preferences_config_filter_new ();

      gtk_file_dialog_set_default_filter (dialog, filter);
    }
  if (folder)
    gtk_file_dialog_select_folder (dialog, GTK_WINDOW (self), NULL,
                                   cs_preferences_window_dialog_cb, g_object_ref (self));
  else
    gtk_file_dialog_open (dialog, GTK_WINDOW (self), NULL,
                          cs_preferences_window_dialog_cb, g_object_ref (self));
  g_object_unref (dialog);
#else
  GtkFileChooserNative *native;

  native = gtk_file_chooser_native_new (title,
                                        GTK_WINDOW (self),
                                        folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                               : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Select"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  if (!folder)
    {
      g_autoptr(GtkFileFilter) filter = cs_preferences_config_filter_new ();

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }
  g_object_set_data (G_OBJECT (native), "cs-key", (gpointer) key);
  g_signal_connect (native, "response", G_CALLBACK (cs_preferences_window_chooser_cb),
                    g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
#endif
}

static void
on_config_choose (CsPreferencesWindow *self)
{
  cs_preferences_window_choose (self, "config-file", _("Choose a Cedar Backup Configuration"),
                                FALSE);
}

static void
on_staging_choose (CsPreferencesWindow *self)
{
  cs_preferences_window_choose (self, "staging-root", _("Choose the Staging Directory"), TRUE);
}

static void
on_config_clear (CsPreferencesWindow *self)
{
  if (self->settings != NULL)
    g_settings_reset (self->settings, "config-file");
}

static void
on_staging_clear (CsPreferencesWindow *self)
{
  if (self->settings != NULL)
    g_settings_reset (self->settings, "staging-root");
}

static void
on_target_clear (CsPreferencesWindow *self)
{
  if (self->settings != NULL)
    g_settings_reset (self->settings, "target");
}

static void
cs_preferences_window_dispose (GObject *object)
{
  CsPreferencesWindow *self = (CsPreferencesWindow *)object;

  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cs_preferences_window_parent_class)->dispose (object);
}

static void
cs_preferences_window_finalize (GObject *object)
{
  CsPreferencesWindow *self = (CsPreferencesWindow *)object;

  g_clear_pointer (&self->config, cs_config_free);
  g_clear_pointer (&self->command_line_config, g_free);

  G_OBJECT_CLASS (cs_preferences_window_parent_class)->finalize (object);
}

static void
cs_preferences_window_class_init (CsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_preferences_window_dispose;
  object_class->finalize = cs_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cedarstore/CedarStore/cs-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, config_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, config_clear);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, config_choose);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, staging_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, staging_clear);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, staging_choose);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, start_of_week_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, warn_midnight_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, warn_midnight_switch);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, target_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, target_clear);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, media_type_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, drive_speed_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, drive_speed_spin);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, eject_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, eject_switch);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, verify_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, verify_switch);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, check_media_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, check_media_switch);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, blank_mode_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, blank_factor_row);
  gtk_widget_class_bind_template_child (widget_class, CsPreferencesWindow, blank_factor_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_config_choose);
  gtk_widget_class_bind_template_callback (widget_class, on_config_clear);
  gtk_widget_class_bind_template_callback (widget_class, on_staging_choose);
  gtk_widget_class_bind_template_callback (widget_class, on_staging_clear);
  gtk_widget_class_bind_template_callback (widget_class, on_target_clear);
}

static void
cs_preferences_window_init (CsPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Spin buttons have no visible label of their own. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->drive_speed_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Drive speed"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->blank_factor_spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Blanking factor"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->warn_midnight_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Warn when the store crosses midnight"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->eject_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Eject when done"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->verify_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Verify after writing"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check_media_switch),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Check the media label"),
                                  -1);
}

/**
 * cs_preferences_window_new:
 * @parent: (nullable): the main window
 * @settings: (nullable): the application's settings; without them the window only shows
 */
GtkWidget *
cs_preferences_window_new (GtkWindow *parent,
                           GSettings *settings)
{
  CsPreferencesWindow *self;

  self = g_object_new (CS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed),
                               self, G_CONNECT_SWAPPED);
    }

  cs_preferences_window_apply_bindings (self);
  cs_preferences_window_update_paths (self);

  return GTK_WIDGET (self);
}

/**
 * cs_preferences_window_set_config:
 * @config: (nullable): the settings in use, with their origins
 * @command_line_config: (nullable): --config, when given
 *
 * Shows which values the configuration file or the command line sets.
 */
void
cs_preferences_window_set_config (CsPreferencesWindow *self,
                                  const CsConfig      *config,
                                  const char          *command_line_config)
{
  g_return_if_fail (CS_IS_PREFERENCES_WINDOW (self));

  g_clear_pointer (&self->config, cs_config_free);
  if (config != NULL)
    self->config = cs_config_copy (config);
  g_free (self->command_line_config);
  self->command_line_config = g_strdup (command_line_config);

  cs_preferences_window_apply_bindings (self);
  cs_preferences_window_update_paths (self);
}
