/* cs-drive-messages.c
 *
 * What libburn's and libisofs' messages mean for the user. The libraries speak of their
 * own state ("FATAL: Burn run failed" after a cancel the user asked for; "WARNING: Cannot
 * add … to Joliet tree" for a symbolic link that Rock Ridge keeps): such a message becomes
 * a line in the user's words at the level it deserves, and its raw text stays in the log at
 * debug level (shown with -v, kept in the saved run log).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cs-drive-private.h"
#include "cs-text.h"

/* The path between @prefix and @suffix in @text, or NULL when @text is not so made. */
static char *
between (const char *text,
         const char *prefix,
         const char *suffix)
{
  const char *start;
  const char *end;

  if (!g_str_has_prefix (text, prefix))
    return NULL;
  start = text + strlen (prefix);
  end = g_strrstr (start, suffix);
  if (end == NULL || end == start)
    return NULL;
  return g_strndup (start, end - start);
}

/* libisofs 1.5.4 joliet.c: the Joliet tree (what Windows reads) cannot hold a file that
 * the Rock Ridge tree (what Linux and macOS read) keeps. Nothing is lost from the disc. */
static char *
joliet_note (const char *text)
{
  g_autofree char *path = NULL;
  g_autofree char *shown = NULL;

  if ((path = between (text, "Cannot add ", " to Joliet tree. Symlinks can only")) != NULL)
    {
      shown = cs_text_shorten (path, CS_TEXT_PATH_CHARS);
      return g_strdup_printf (_("Note: the symbolic link %s is left out of the disc’s Joliet "
                                "names, which Windows reads; the Rock Ridge names keep it, so "
                                "Linux and macOS see it"), shown);
    }
  if ((path = between (text, "Cannot add ", " to Joliet tree. Special files can only")) != NULL)
    {
      shown = cs_text_shorten (path, CS_TEXT_PATH_CHARS);
      return g_strdup_printf (_("Note: the special file %s is left out of the disc’s Joliet "
                                "names, which Windows reads; the Rock Ridge names keep it, so "
                                "Linux and macOS see it"), shown);
    }
  if ((path = between (text, "File \"", "\" can't be added to Joliet tree")) != NULL)
    {
      shown = cs_text_shorten (path, CS_TEXT_PATH_CHARS);
      return g_strdup_printf (_("Note: the path of %s is too long for the disc’s Joliet names, "
                                "which Windows reads; the Rock Ridge names keep it, so Linux "
                                "and macOS see the full name"), shown);
    }
  if ((path = between (text, "Filename not suitable for Joliet character set UCS-2 : \"",
                       "\"")) != NULL)
    {
      shown = cs_text_shorten (path, CS_TEXT_PATH_CHARS);
      return g_strdup_printf (_("Note: the name “%s” has characters the disc’s Joliet names, "
                                "which Windows reads, cannot hold; the Rock Ridge names keep "
                                "it, so Linux and macOS see the full name"), shown);
    }
  return NULL;
}

static gboolean
is_error_severity (const char *sev)
{
  return g_str_equal (sev, "FATAL") || g_str_equal (sev, "FAILURE")
         || g_str_equal (sev, "MISHAP") || g_str_equal (sev, "SORRY")
         || g_str_equal (sev, "ABORT");
}

/**
 * _cs_drive_library_line:
 * @library: "libburn" or "libisofs"
 * @sev: the message's severity as the library names it ("FATAL", "WARNING", …)
 * @text: the message's text
 * @after_cancel: whether the user cancelled the run the message is about
 * @level: (inout): the log level the severity gave; set to the level of the line returned
 *
 * Maps a library message to what it means for the user: after a cancel, libburn's
 * "Burn run failed" is no news (%NULL: only the raw text, at debug level) and its other
 * error-level messages are plain information; a file that only the Joliet tree cannot
 * hold is a note that names it and says that Rock Ridge keeps it; a NOTE, UPDATE or
 * DEBUG message is for the debug log only (level %G_LOG_LEVEL_DEBUG).
 *
 * Returns: (transfer full) (nullable): the line to log at *@level instead of the raw text,
 *   or %NULL when the raw text is only for the debug log; @text itself (a copy) when there
 *   is nothing to map
 */
char *
_cs_drive_library_line (const char     *library,
                        const char     *sev,
                        const char     *text,
                        gboolean        after_cancel,
                        GLogLevelFlags *level)
{
  char *note;

  g_return_val_if_fail (library != NULL && sev != NULL && text != NULL, NULL);
  g_return_val_if_fail (level != NULL, NULL);

  if (after_cancel && is_error_severity (sev))
    {
      if (strstr (text, "Burn run failed") != NULL
          || strstr (text, "Image write cancelled") != NULL)
        {
          *level = G_LOG_LEVEL_DEBUG;
          return NULL;
        }
      *level = G_LOG_LEVEL_INFO;
      /* Translators: %s is a library's message (English) after the user cancelled a write */
      return g_strdup_printf (_("After the cancel: %s"), text);
    }

  if (g_str_equal (library, "libisofs") && (note = joliet_note (text)) != NULL)
    {
      *level = G_LOG_LEVEL_INFO;
      return note;
    }

  /* A library's notes ("Write start address is 32 * 2048") speak of its own work: they
   * belong in the debug log (-v, the saved run log), not in what the user reads. */
  if (g_str_equal (sev, "NOTE") || g_str_equal (sev, "UPDATE") || g_str_equal (sev, "DEBUG")
      || g_str_equal (sev, "ALL"))
    *level = G_LOG_LEVEL_DEBUG;

  return g_strdup (text);
}
