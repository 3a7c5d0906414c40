/* cs-text.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cs-text.h"

/**
 * cs_text_shorten:
 * @text: (nullable): a part of a message, often a path in the filesystem's encoding
 * @max_chars: the most characters to keep (at least 8)
 *
 * @text made fit for a one-line message: bytes that are not UTF-8 become U+FFFD, control
 * characters (a newline in a file name) become “?”, and a text longer than @max_chars
 * keeps its start and its end with “…” between them (the end names the file).
 *
 * Returns: (transfer full): the text to show; "" for %NULL
 */
char *
cs_text_shorten (const char *text,
                 guint       max_chars)
{
  g_autofree char *valid = NULL;
  GString *out;
  glong len;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }

  len = g_utf8_strlen (out->str, -1);
  if (max_chars >= 8 && len > (glong)max_chars)
    {
      glong head = (max_chars - 1) * 2 / 5;
      glong tail = max_chars - 1 - head;
      const char *head_end = g_utf8_offset_to_pointer (out->str, head);
      const char *tail_start = g_utf8_offset_to_pointer (out->str, len - tail);
      char *shortened = g_strdup_printf ("%.*s…%s", (int)(head_end - out->str), out->str,
                                         tail_start);

      g_string_free (out, TRUE);
      return shortened;
    }
  return g_string_free (out, FALSE);
}

/**
 * cs_text_time:
 * @unix_time: seconds since 1970-01-01 00:00:00 UTC, as in st_mtime
 *
 * A file time for a message, exact to the second and in UTC, so that two times that
 * differ show it: "2156-01-02 00:00:00 UTC". Times GDateTime cannot show (before year 1
 * or after 9999) are given in seconds, as touch -d takes them: "@-99999999999 (Unix time)".
 *
 * Returns: (transfer full): the text
 */
char *
cs_text_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_time);

  if (dt == NULL)
    return g_strdup_printf ("@%" G_GINT64_FORMAT " (Unix time)", unix_time);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S UTC");
}

/**
 * cs_format_duration:
 *
 * Returns: (transfer full): @seconds for people, e.g. "12 seconds", "3 minutes", "2 h 05 min":
 *   the time left of a store, check or restore (the window's step rows, the command line)
 */
char *
cs_format_duration (double seconds)
{
  guint64 s = (guint64) (seconds + 0.5);

  if (s < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", (gulong) s),
                            (guint) s);

  if (s < 3600)
    {
      guint minutes = (guint) ((s + 30) / 60);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes),
                              minutes);
    }

  {
    guint hours = (guint) (s / 3600);
    guint minutes = (guint) ((s % 3600) / 60);

    /* Translators: a duration, e.g. "2 h 05 min" */
    return g_strdup_printf (_("%u h %02u min"), hours, minutes);
  }
}
