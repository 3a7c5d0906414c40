/* cs-types.h – enums and small types shared by the engine units
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Cedar's media types plus BD (design.md "Media"). */
typedef enum
{
  CS_MEDIA_CDR_74,
  CS_MEDIA_CDRW_74,
  CS_MEDIA_CDR_80,
  CS_MEDIA_CDRW_80,
  CS_MEDIA_DVDPLUSR,
  CS_MEDIA_DVDPLUSRW,
  CS_MEDIA_BDR,
  CS_MEDIA_BDRE,
} CsMediaType;

#define CS_N_MEDIA_TYPES (CS_MEDIA_BDRE + 1)

typedef enum
{
  CS_DEVICE_CDWRITER,
  CS_DEVICE_DVDWRITER,
  CS_DEVICE_BDWRITER,
} CsDeviceType;

/* <blank_behavior><mode>; NONE when the section is absent. */
typedef enum
{
  CS_BLANK_NONE,
  CS_BLANK_DAILY,
  CS_BLANK_WEEKLY,
} CsBlankMode;

/* Where a setting's value came from, lowest precedence first. */
typedef enum
{
  CS_ORIGIN_DEFAULT,
  CS_ORIGIN_SETTINGS,
  CS_ORIGIN_CONFIG,
  CS_ORIGIN_COMMAND_LINE,
} CsOrigin;

/* The pipeline steps, in order. */
typedef enum
{
  CS_STEP_NONE,
  CS_STEP_FIND_DAY,
  CS_STEP_BUILD_IMAGE,
  CS_STEP_WRITE,
  CS_STEP_VERIFY,
  CS_STEP_MARK_STORED,
} CsStep;

#define CS_N_STEPS (CS_STEP_MARK_STORED + 1)

/* Every unit logs through this; the job forwards it to its "log" signal. */
typedef void (*CsLogFunc) (GLogLevelFlags  level,
                           const char     *message,
                           gpointer        user_data);

void        cs_log        (CsLogFunc       func,
                           gpointer        user_data,
                           GLogLevelFlags  level,
                           const char     *format,
                           ...) G_GNUC_PRINTF (4, 5);
const char *cs_step_title (CsStep          step);

G_END_DECLS
