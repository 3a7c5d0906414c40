/* cs-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-types.h"

void
cs_log (CsLogFunc       func,
        gpointer        user_data,
        GLogLevelFlags  level,
        const char     *format,
        ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (func == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  func (level, message, user_data);
}

const char *
cs_step_title (CsStep step)
{
  switch (step)
    {
    case CS_STEP_FIND_DAY:    return _("Find day");
    case CS_STEP_BUILD_IMAGE: return _("Build image");
    case CS_STEP_WRITE:       return _("Write");
    case CS_STEP_VERIFY:      return _("Verify");
    case CS_STEP_MARK_STORED: return _("Mark stored");
    case CS_STEP_NONE:
    default:                  return "";
    }
}
