/* cs-config-private.h – the parser's state, shared by cs-config.c (reading)
 * and cs-config-fields.c (conversion and validation)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-config.h"

G_BEGIN_DECLS

/* The elements the parser keeps; everything else is skipped. */
typedef enum
{
  SLOT_NONE,
  SLOT_ROOT,
  SLOT_OPTIONS,
  SLOT_COLLECT,
  SLOT_STAGE,
  SLOT_STORE,
  SLOT_PURGE,
  SLOT_STARTING_DAY,
  SLOT_WORKING_DIR,
  SLOT_BACKUP_USER,
  SLOT_BACKUP_GROUP,
  SLOT_RCP_COMMAND,
  SLOT_STAGING_DIR,
  SLOT_SOURCE_DIR,
  SLOT_MEDIA_TYPE,
  SLOT_DEVICE_TYPE,
  SLOT_TARGET_DEVICE,
  SLOT_TARGET_SCSI_ID,
  SLOT_DRIVE_SPEED,
  SLOT_CHECK_DATA,
  SLOT_CHECK_MEDIA,
  SLOT_WARN_MIDNITE,
  SLOT_NO_EJECT,
  SLOT_REFRESH_MEDIA_DELAY,
  SLOT_EJECT_DELAY,
  SLOT_BLANK_BEHAVIOR,
  SLOT_BLANK_MODE,
  SLOT_BLANK_FACTOR,
  N_SLOTS
} Slot;

typedef struct
{
  Slot        parent;
  const char *name;
  const char *path;   /* as shown in messages */
  gboolean    leaf;   /* has a text value */
} SlotInfo;

extern const SlotInfo slot_info[N_SLOTS];

/* The first text node of an element: text seen before any child node is
 * NONE → COLLECTING; the first non-text child node after it ends it. */
typedef enum
{
  TEXT_NONE,
  TEXT_COLLECTING,
  TEXT_DONE,
} TextState;

typedef struct
{
  Slot      slot;
  TextState text_state;
} Frame;

typedef struct
{
  const char          *filename;
  guint                depth;
  Frame                stack[CS_CONFIG_MAX_DEPTH];
  gboolean             seen[N_SLOTS];
  int                  line[N_SLOTS];
  GString             *text[N_SLOTS];
} Parser;

/* Defined in cs-config.c */
void     set_config_error          (GError     **error,
                                    const char  *filename,
                                    int          line,
                                    const char  *format,
                                    ...) G_GNUC_PRINTF (4, 5);

/* Defined in cs-config-fields.c: Cedar's first pass (the setters), then its
 * second pass and what the store action needs. */
gboolean _cs_config_convert_fields (Parser      *parser,
                                    CsConfig    *config,
                                    GError     **error);
gboolean _cs_config_validate       (Parser      *parser,
                                    CsConfig    *config,
                                    GError     **error);

G_END_DECLS
