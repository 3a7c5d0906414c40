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

/* Why an error happened, where the exit status alone does not tell what to do: a failed
 * verify is a changed staging file (wait for the staging run, store again) or a medium that
 * does not give back what was written (another disc). */
typedef enum
{
  CS_ERROR_CAUSE_UNKNOWN = 0,
  CS_ERROR_CAUSE_SOURCE_CHANGED,    /* a staging file changed after it was read */
  CS_ERROR_CAUSE_SOURCE_UNREADABLE, /* a staging file could not be read */
  CS_ERROR_CAUSE_MEDIUM,            /* the medium did not give back what was written */
} CsErrorCause;

GQuark       cs_error_quark       (void);
int          cs_error_exit_status (const GError *error);
void         cs_error_set_cause   (GError       *error,
                                   CsErrorCause  cause);
CsErrorCause cs_error_get_cause   (const GError *error);

G_END_DECLS
