/* cs-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-calendar.h"
#include "cs-media.h"
#include "cs-settings.h"

/**
 * cs_settings_new:
 *
 * Returns: (transfer full) (nullable): the application's settings, or %NULL when the
 *   schema is not installed (an uninstalled run without GSETTINGS_SCHEMA_DIR); the window
 *   then works with the configuration file and the built-in defaults alone.
 */
GSettings *
cs_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, CS_SETTINGS_SCHEMA_ID, TRUE);

  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed; preferences are not kept",
                 CS_SETTINGS_SCHEMA_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static gboolean
is_set (GSettings  *settings,
        const char *key)
{
  g_autoptr(GVariant) value = g_settings_get_user_value (settings, key);

  return value != NULL;
}

static char *
get_path (GSettings  *settings,
          const char *key)
{
  g_autofree char *value = g_settings_get_string (settings, key);

  if (!is_set (settings, key) || value[0] == '\0')
    return NULL;

  return g_steal_pointer (&value);
}

static int
get_flag (GSettings  *settings,
          const char *key)
{
  if (!is_set (settings, key))
    return -1;

  return g_settings_get_boolean (settings, key) ? 1 : 0;
}

/**
 * cs_settings_snapshot_new:
 * @settings: (nullable): the application's settings
 *
 * Returns: (transfer full): what the user set, for a worker thread
 */
CsSettingsSnapshot *
cs_settings_snapshot_new (GSettings *settings)
{
  CsSettingsSnapshot *snapshot = g_new0 (CsSettingsSnapshot, 1);

  snapshot->media_type = -1;
  snapshot->verify = -1;
  snapshot->check_media = -1;
  snapshot->eject = -1;
  snapshot->warn_midnight = -1;
  snapshot->drive_speed = -1;
  snapshot->blank_mode = -1;
  snapshot->start_of_week = -1;

  if (settings == NULL)
    return snapshot;

  snapshot->config_file = get_path (settings, "config-file");
  snapshot->staging_root = get_path (settings, "staging-root");
  snapshot->target = get_path (settings, "target");

  if (is_set (settings, "media-type"))
    {
      g_autofree char *name = g_settings_get_string (settings, "media-type");
      CsMediaType type;

      if (cs_media_type_from_string (name, &type))
        snapshot->media_type = type;
    }

  snapshot->verify = get_flag (settings, "verify");
  snapshot->check_media = get_flag (settings, "check-media");
  snapshot->eject = get_flag (settings, "eject");
  snapshot->warn_midnight = get_flag (settings, "warn-midnight");

  if (is_set (settings, "drive-speed"))
    snapshot->drive_speed = g_settings_get_int (settings, "drive-speed");

  /* Mode and factor are one Cedar setting: the factor counts once a mode is chosen. */
  if (is_set (settings, "blank-mode"))
    {
      g_autofree char *mode = g_settings_get_string (settings, "blank-mode");

      if (g_str_equal (mode, "daily"))
        snapshot->blank_mode = CS_BLANK_DAILY;
      else if (g_str_equal (mode, "weekly"))
        snapshot->blank_mode = CS_BLANK_WEEKLY;
      else
        snapshot->blank_mode = CS_BLANK_NONE;
    }
  snapshot->blank_factor = g_settings_get_double (settings, "blank-factor");

  if (is_set (settings, "start-of-week"))
    {
      g_autofree char *day = g_settings_get_string (settings, "start-of-week");

      snapshot->start_of_week = cs_calendar_day_from_name (day);
    }

  return snapshot;
}

void
cs_settings_snapshot_free (CsSettingsSnapshot *snapshot)
{
  if (snapshot == NULL)
    return;

  g_free (snapshot->config_file);
  g_free (snapshot->staging_root);
  g_free (snapshot->target);
  g_free (snapshot);
}

/* TRUE when nothing stronger than the settings gave @key a value. */
static gboolean
settings_may_set (CsConfig    *config,
                  CsConfigKey  key)
{
  if (config->origin[key] != CS_ORIGIN_DEFAULT)
    return FALSE;

  config->origin[key] = CS_ORIGIN_SETTINGS;
  return TRUE;
}

/**
 * cs_settings_load_config:
 * @options: the command line
 * @snapshot: what the user set in Preferences
 *
 * Reads the Cedar Backup configuration (the command line's, else the one chosen in
 * Preferences, else the default files) and applies, strongest first: the command line, the
 * file, the settings, the built-in defaults. Reads a file: call it in a worker thread.
 *
 * Returns: (transfer full) (nullable): the settings a store uses, with their origins
 */
CsConfig *
cs_settings_load_config (const CsOptions           *options,
                         const CsSettingsSnapshot  *snapshot,
                         GError                   **error)
{
  g_autoptr(CsConfig) config = NULL;
  CsOptions with_file;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (snapshot != NULL, NULL);

  with_file = *options;
  if (with_file.config_path == NULL && !with_file.demo)
    with_file.config_path = snapshot->config_file;

  if (!(config = cs_options_load_config (&with_file, error)))
    return NULL;

  if (snapshot->staging_root != NULL && settings_may_set (config, CS_CONFIG_KEY_STAGING_DIR))
    {
      g_free (config->staging_dir);
      config->staging_dir = g_strdup (snapshot->staging_root);
    }

  if (snapshot->target != NULL && settings_may_set (config, CS_CONFIG_KEY_TARGET_DEVICE))
    {
      g_free (config->target_device);
      config->target_device = g_strdup (snapshot->target);
    }

  if (snapshot->media_type >= 0 && settings_may_set (config, CS_CONFIG_KEY_MEDIA_TYPE))
    {
      config->media_type = snapshot->media_type;
      config->device_type = cs_media_type_device_type (config->media_type);
    }

  if (snapshot->verify >= 0 && settings_may_set (config, CS_CONFIG_KEY_CHECK_DATA))
    config->check_data = snapshot->verify;

  if (snapshot->check_media >= 0 && settings_may_set (config, CS_CONFIG_KEY_CHECK_MEDIA))
    config->check_media = snapshot->check_media;

  if (snapshot->eject >= 0 && settings_may_set (config, CS_CONFIG_KEY_NO_EJECT))
    config->no_eject = !snapshot->eject;

  if (snapshot->warn_midnight >= 0 && settings_may_set (config, CS_CONFIG_KEY_WARN_MIDNITE))
    config->warn_midnite = snapshot->warn_midnight;

  if (snapshot->drive_speed >= 0 && settings_may_set (config, CS_CONFIG_KEY_DRIVE_SPEED))
    config->drive_speed = snapshot->drive_speed;

  if (snapshot->blank_mode >= 0 && settings_may_set (config, CS_CONFIG_KEY_BLANK_BEHAVIOR))
    {
      config->blank_mode = snapshot->blank_mode;
      config->blank_factor = snapshot->blank_mode == CS_BLANK_NONE ? 0.0 : snapshot->blank_factor;
    }

  if (snapshot->start_of_week >= 0 && settings_may_set (config, CS_CONFIG_KEY_STARTING_DAY))
    config->starting_day = snapshot->start_of_week;

  return g_steal_pointer (&config);
}

/**
 * cs_settings_describe_origin:
 *
 * Returns: (transfer full) (nullable): where @key's value comes from when it is not
 *   Preferences' to change, e.g. "Set in /etc/cback3.conf"; %NULL otherwise
 */
char *
cs_settings_describe_origin (const CsConfig *config,
                             CsConfigKey     key)
{
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (key < CS_CONFIG_N_KEYS, NULL);

  switch (config->origin[key])
    {
    case CS_ORIGIN_CONFIG:
      /* Translators: %s is the Cedar Backup configuration file, e.g. /etc/cback3.conf */
      return g_strdup_printf (_("Set in %s"), config->path ? config->path : "cback3.conf");

    case CS_ORIGIN_COMMAND_LINE:
      return g_strdup (_("Set on the command line"));

    case CS_ORIGIN_DEFAULT:
    case CS_ORIGIN_SETTINGS:
    default:
      return NULL;
    }
}
