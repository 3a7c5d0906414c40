/* cs-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

#include "cs-error.h"

G_DEFINE_QUARK (cs-error-quark, cs_error)

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
