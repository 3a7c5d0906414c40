/* cs-advice.c – what a message tells the user to do, in the front end's words
 *
 * The engine's messages reach both front ends: the headless run prints them (cron mails
 * them to someone at a terminal, who types options), the window shows them in toasts and
 * dialogs (where "--full" or "stdio:/…" mean nothing). The front end says once, at its
 * start, who reads; each message that gives advice or names a target asks here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "cs-advice.h"
#include "cs-drive.h"
#include "cs-media.h"

/* Set before any job runs, read from worker threads. */
static gint audience = CS_AUDIENCE_COMMAND_LINE;

/**
 * cs_advice_set_audience:
 * @audience: who reads the engine's messages from now on
 *
 * Chooses the wording of advice and target names in the engine's messages. The front end
 * calls it once at its start (the window: %CS_AUDIENCE_WINDOW); without a call the words
 * are the command line's.
 */
void
cs_advice_set_audience (CsAudience audience_)
{
  g_return_if_fail (audience_ == CS_AUDIENCE_COMMAND_LINE || audience_ == CS_AUDIENCE_WINDOW);

  g_atomic_int_set (&audience, (gint) audience_);
}

/**
 * cs_advice_get_audience:
 *
 * Returns: who reads the engine's messages
 */
CsAudience
cs_advice_get_audience (void)
{
  return (CsAudience) g_atomic_int_get (&audience);
}

/**
 * cs_advice_pick:
 * @command_line: the advice in command-line words (options, addresses)
 * @window: the same advice in the window's words (its controls, plain names)
 *
 * Returns: (transfer none): the one of the two that fits the audience
 */
const char *
cs_advice_pick (const char *command_line,
                const char *window)
{
  return cs_advice_get_audience () == CS_AUDIENCE_WINDOW ? window : command_line;
}

/**
 * cs_advice_target:
 * @address: (nullable): a target as the engine takes it: "/dev/sr0", "stdio:/path/disc.iso"
 *
 * The target named for the audience: the command line gets the address as given (it can be
 * pasted into --device); the window gets "Image file disc.iso" for an image file (the exact
 * path stays in the log) and the device path for a drive.
 *
 * Returns: (transfer full): the name; "" for %NULL
 */
char *
cs_advice_target (const char *address)
{
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;

  if (address == NULL)
    return g_strdup ("");
  if (cs_advice_get_audience () != CS_AUDIENCE_WINDOW || !cs_drive_address_is_image (address))
    return g_strdup (address);

  path = cs_drive_image_path (address);
  base = g_path_get_basename (path != NULL && *path != '\0' ? path : "?");
  /* Translators: an image file used as the target, e.g. "Image file backup.iso" */
  return g_strdup_printf (_("Image file %s"), base);
}

/**
 * cs_advice_target_in_sentence:
 * @address: (nullable): a target as cs_advice_target() takes it
 *
 * cs_advice_target() for the middle of a sentence: the window gets "image file disc.iso"
 * (issue 14: no capital mid-sentence), everything else is the same.
 *
 * Returns: (transfer full): the name; "" for %NULL
 */
char *
cs_advice_target_in_sentence (const char *address)
{
  g_autofree char *path = NULL;
  g_autofree char *base = NULL;

  if (address == NULL || cs_advice_get_audience () != CS_AUDIENCE_WINDOW
      || !cs_drive_address_is_image (address))
    return cs_advice_target (address);

  path = cs_drive_image_path (address);
  base = g_path_get_basename (path != NULL && *path != '\0' ? path : "?");
  /* Translators: an image file used as the target in the middle of a sentence, e.g.
   * "Stored 1 day on image file backup.iso" */
  return g_strdup_printf (_("image file %s"), base);
}

/**
 * cs_advice_media_type:
 * @type: a media type
 *
 * Returns: (transfer none): @type as the command line spells it ("cdr-74", what
 *   --media-type and cback.conf take) or, for the window, its name for people
 *   ("CD-R, 74 min")
 */
const char *
cs_advice_media_type (CsMediaType type)
{
  return cs_advice_get_audience () == CS_AUDIENCE_WINDOW ? cs_media_type_display_name (type)
                                                         : cs_media_type_to_string (type);
}

/**
 * cs_advice_no_room:
 * @medium: the medium a session does not fit on
 * @new_disc: whether the session was to start a new disc (then even an empty one is too
 *   small)
 * @sentence: %TRUE for a sentence of its own ("Choose another image file."), %FALSE for
 *   the end of one ("choose another image file")
 *
 * What to do when a session does not fit (cs-store-run.c), for the audience: the command
 * line may start the disc over with --full; the window offers another disc or image file
 * (it has no --full). A write-once disc cannot start over.
 *
 * Returns: (transfer full): the advice
 */
char *
cs_advice_no_room (const CsMedium *medium,
                   gboolean        new_disc,
                   gboolean        sentence)
{
  const char *hint;
  g_autofree char *first = NULL;

  g_return_val_if_fail (medium != NULL, NULL);

  if (new_disc)
    hint = cs_advice_pick (_("use larger media (the day is larger than the whole disc)"),
                           _("store fewer days at a time, or choose a larger media type in "
                             "Preferences (the days are larger than the whole disc)"));
  else if (medium->image_file)
    hint = cs_advice_pick (_("choose another image file, or store with --full to start this "
                             "one over"),
                           _("choose another image file"));
  else if (medium->overwritable || medium->erasable)
    hint = cs_advice_pick (_("insert a new disc, or store with --full to start this disc over"),
                           _("insert another disc, or choose an image file"));
  else
    hint = cs_advice_pick (_("insert a new blank disc (this write-once disc cannot start over)"),
                           _("insert a blank disc (this write-once disc cannot start over), "
                             "or choose an image file"));

  if (!sentence)
    return g_strdup (hint);
  first = g_utf8_strup (hint, g_utf8_next_char (hint) - hint);
  return g_strdup_printf ("%s%s.", first, g_utf8_next_char (hint));
}
