/* cs-config.h – Cedar Backup configuration (cback3.conf) reading and validation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cs-types.h"

G_BEGIN_DECLS

/* Keys whose origin the window shows. */
typedef enum
{
  CS_CONFIG_KEY_STAGING_DIR,
  CS_CONFIG_KEY_TARGET_DEVICE,
  CS_CONFIG_KEY_MEDIA_TYPE,
  CS_CONFIG_KEY_CHECK_DATA,
  CS_CONFIG_KEY_CHECK_MEDIA,
  CS_CONFIG_KEY_WARN_MIDNITE,
  CS_CONFIG_KEY_NO_EJECT,
  CS_CONFIG_KEY_DRIVE_SPEED,
  CS_CONFIG_KEY_BLANK_BEHAVIOR,
  CS_CONFIG_KEY_STARTING_DAY,
  CS_CONFIG_N_KEYS,
} CsConfigKey;

/* Largest configuration file accepted; Cedar configs are a few KiB. */
#define CS_CONFIG_MAX_SIZE  (4 * 1024 * 1024)
/* Deepest element nesting accepted. */
#define CS_CONFIG_MAX_DEPTH 64

typedef struct _CsConfig CsConfig;

struct _CsConfig
{
  char        *path;                /* file read, NULL for built-in defaults */

  /* <options> */
  int          starting_day;        /* 0 = monday … 6 = sunday */
  char        *working_dir;
  char        *backup_user;
  char        *backup_group;

  /* <stage><staging_dir>, else <store><source_dir> (cedar-store.md §13 Q4) */
  char        *staging_dir;

  /* <store> */
  char        *source_dir;
  CsMediaType  media_type;
  CsDeviceType device_type;
  char        *target_device;
  char        *target_scsi_id;
  int          drive_speed;         /* 0 = drive default */
  int          refresh_media_delay; /* 0 = unset */
  int          eject_delay;         /* 0 = unset */
  CsBlankMode  blank_mode;          /* CS_BLANK_NONE = no <blank_behavior> */
  double       blank_factor;
  guint        check_data : 1;
  guint        check_media : 1;
  guint        warn_midnite : 1;
  guint        no_eject : 1;
  /* command line only: --force-device (a stdio: block device that holds data is written) */
  guint        force_device : 1;

  CsOrigin     origin[CS_CONFIG_N_KEYS];
};

#define CS_TYPE_CONFIG (cs_config_get_type ())

GType     cs_config_get_type      (void) G_GNUC_CONST;
CsConfig *cs_config_new_defaults  (void);
CsConfig *cs_config_parse         (const char     *data,
                                   gssize          length,
                                   const char     *filename,
                                   GError        **error);
CsConfig *cs_config_load          (const char     *path,
                                   GError        **error);
CsConfig *cs_config_load_default  (GError        **error);
char     *cs_config_read_target_device (const char  *path,
                                        char       **config_path,
                                        GError     **error);
CsConfig *cs_config_copy          (const CsConfig *self);
void      cs_config_free          (CsConfig       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsConfig, cs_config_free)

G_END_DECLS
