/* cs-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "cs-error.h"

/* What a CS_ERROR carries besides its code: why it happened, where the front ends need it
 * to say what to do (cs_error_get_cause()). */
typedef struct
{
  CsErrorCause cause;
} CsErrorPrivate;

static void
cs_error_private_init (CsErrorPrivate *priv)
{
  priv->cause = CS_ERROR_CAUSE_UNKNOWN;
}

static void
cs_error_private_copy (const CsErrorPrivate *src,
                       CsErrorPrivate       *dest)
{
  dest->cause = src->cause;
}

static void
cs_error_private_clear (CsErrorPrivate *priv)
{
}

/* An extended error domain (GLib 2.68): every CS_ERROR can carry its cause. */
G_DEFINE_EXTENDED_ERROR (CsError, cs_error)

/**
 * cs_error_set_cause:
 * @error: a CS_ERROR error
 * @cause: why it happened, as far as the code that set @error can tell
 *
 * Records why @error happened, for the advice the front ends give (cs_error_get_cause()).
 * An error of another domain is left as it is.
 */
void
cs_error_set_cause (GError       *error,
                    CsErrorCause  cause)
{
  g_return_if_fail (error != NULL);

  if (error->domain == CS_ERROR)
    cs_error_get_private (error)->cause = cause;
}

/**
 * cs_error_get_cause:
 * @error: (nullable): any error
 *
 * Returns: the cause cs_error_set_cause() recorded, %CS_ERROR_CAUSE_UNKNOWN for none or for
 *   an error of another domain
 */
CsErrorCause
cs_error_get_cause (const GError *error)
{
  if (error == NULL || error->domain != CS_ERROR)
    return CS_ERROR_CAUSE_UNKNOWN;
  return cs_error_get_private (error)->cause;
}

/* Maps any error to the exit status of the headless front end. */
int
cs_error_exit_status (const GError *error)
{
  if (error == NULL)
    return 0;
  if (error->domain == CS_ERROR && error->code >= CS_ERROR_INTERNAL && error->code <= CS_ERROR_MARK)
    return error->code;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return CS_ERROR_CANCELLED;
  return CS_ERROR_INTERNAL;
}
