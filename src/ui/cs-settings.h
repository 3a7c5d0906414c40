/* cs-settings.h – the window's GSettings as a plain snapshot, and the settings a store uses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cs-config.h"
#include "cs-options.h"

G_BEGIN_DECLS

#define CS_SETTINGS_SCHEMA_ID APP_ID

/* What the user set in Preferences, read on the main thread and handed to a worker. A key
 * counts only when the user set it (g_settings_get_user_value), so the schema's defaults
 * never hide the built-in ones. */
typedef struct
{
  char       *config_file;     /* NULL = the default files */
  char       *staging_root;
  char       *target;
  int         media_type;      /* CsMediaType, -1 = not set */
  int         verify;          /* -1 = not set */
  int         check_media;
  int         eject;
  int         warn_midnight;
  int         drive_speed;     /* -1 = not set */
  int         blank_mode;      /* CsBlankMode, -1 = not set */
  double      blank_factor;
  int         start_of_week;   /* 0 = monday, -1 = not set */
} CsSettingsSnapshot;

GSettings          *cs_settings_new              (void);
CsSettingsSnapshot *cs_settings_snapshot_new     (GSettings                *settings);
void                cs_settings_snapshot_free    (CsSettingsSnapshot       *snapshot);
CsConfig           *cs_settings_load_config      (const CsOptions          *options,
                                                  const CsSettingsSnapshot *snapshot,
                                                  GError                  **error);
char               *cs_settings_describe_origin  (const CsConfig           *config,
                                                  CsConfigKey               key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsSettingsSnapshot, cs_settings_snapshot_free)

G_END_DECLS
