/* cs-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CS_ERROR (cs_error_quark ())

/* The code of a CS_ERROR is the headless exit status (design.md). */
typedef enum
{
  CS_ERROR_INTERNAL         = 1,
  CS_ERROR_CONFIG           = 2,
  CS_ERROR_NOTHING_TO_STORE = 3,
  CS_ERROR_MEDIUM           = 4,
  CS_ERROR_WRITE            = 5,
  CS_ERROR_VERIFY           = 6,
  CS_ERROR_CANCELLED        = 7,
  CS_ERROR_MARK             = 8,  /* the disc is good, only cback.store could not be written */
} CsErrorCode;

GQuark cs_error_quark       (void);
int    cs_error_exit_status (const GError *error);

G_END_DECLS
