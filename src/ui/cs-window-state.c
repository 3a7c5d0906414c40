/* cs-window-state.c – why Store waits, and nothing stale on screen (issue 14, items 3, 6)
 *
 * _cs_window_store_blocker() is the one answer for the Store button (insensitive), its
 * tooltip and the reason row in the target card, right under the medium row. It blocks only
 * what a store would certainly refuse too, from what the look (cs-window-prepare.c) and the
 * last dry run (cs-window-target.c) found: the target drive does not exist or another
 * program holds it; a day the store cannot take or mark (cs-window-mark.c); the days do not
 * fit the medium; the medium read is one the store refuses (no disc, closed, unreadable, not
 * a Cedar Backup disc, …). Never a dry-run failure a real store may not meet: a mounted disc
 * (the store unmounts it first), an erase the store asks about, a target that could not be
 * opened for a reason not known for sure. The headless store does not use any of this.
 *
 * The step rows tell about the last run until what a store would take changes
 * (_cs_window_update_rows()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "cs-drive.h"
#include "cs-drive-list.h"
#include "cs-error.h"
#include "cs-media.h"
#include "cs-window-private.h"

/* The drive list's word on the target drive (CsDriveUse), or -1 when it is not listed. */
static int
target_drive_use (CsWindow *self)
{
  for (guint i = 0; self->drives != NULL && self->drive_uses != NULL && self->drives[i] != NULL
       && i < self->drive_uses->len; i++)
    {
      if (g_strcmp0 (self->drives[i], self->target_device) == 0 ||
          g_strcmp0 (self->drives[i], self->target) == 0)
        return g_array_index (self->drive_uses, CsDriveUse, i);
    }
  return -1;
}

/* What the last dry run found that a store would refuse as well: the days do not fit, or
 * the medium it read cannot take this store. */
static char *
medium_blocker (CsWindow  *self,
                char     **advice)
{
  gboolean image = cs_drive_address_is_image (self->target);
  const char *insert = image ? _("Choose another image file under “Write To”.")
                             : _("Insert a blank or rewritable disc, or choose an image file "
                                 "under “Write To”.");

  if (self->check_job != NULL || self->preparing || !_cs_window_is_ready (self))
    return NULL;

  if (self->plan != NULL && !self->plan->fits)
    {
      g_autofree char *needs = g_format_size (self->plan->image_size);
      g_autofree char *free_text = g_format_size (self->plan->available);

      if (self->plan->new_disc)
        {
          *advice = g_strdup_printf (_("Store fewer days at a time, or choose a larger "
                                       "media type than %s in Preferences."),
                                     cs_media_type_display_name (self->config->media_type));
          /* Translators: why Store waits; sizes, e.g. "734.0 MB", "681.5 MB" */
          return g_strdup_printf (_("The days do not fit: this store needs %s, but even an "
                                    "empty disc holds only %s."), needs, free_text);
        }
      *advice = g_strdup (insert);
      /* Translators: why Store waits; sizes, e.g. "734.0 MB", "81.5 MB" */
      return g_strdup_printf (_("The days do not fit: this store needs %s, but only %s is "
                                "free on this medium."), needs, free_text);
    }

  /* A refusal after the medium was read is the store's own (cs-store-run.c): the same
   * medium, date and mode give the same answer. Not an erase the store would ask about. */
  if (!self->medium_read || self->erase_refused ||
      !g_error_matches (self->check_error, CS_ERROR, CS_ERROR_MEDIUM))
    return NULL;

  switch (self->medium_state)
    {
    case CS_MEDIUM_NONE:
      *advice = g_strdup (_("Insert a blank or rewritable disc, then choose Look Again (F5)."));
      return g_strdup (_("There is no disc in the drive."));

    case CS_MEDIUM_UNSUITABLE:
      *advice = g_strdup_printf (_("Insert a %s disc, or choose an image file under "
                                   "“Write To”."),
                                 cs_media_type_display_name (self->config->media_type));
      return g_strdup (_("This drive cannot write the disc in it."));

    case CS_MEDIUM_UNREADABLE:
      *advice = g_strdup (_("Clean the disc or let the drive settle, then choose Look Again "
                            "(F5); or insert another disc."));
      return g_strdup (_("The disc cannot be read, so it is not known whether it holds "
                         "backups."));

    case CS_MEDIUM_CLOSED:
      *advice = g_strdup (insert);
      return g_strdup (image ? _("The image file is closed: it takes no more sessions.")
                             : _("The disc is closed: it takes no more sessions."));

    case CS_MEDIUM_FOREIGN:
      *advice = g_strdup (insert);
      return g_strdup (image ? _("The image file holds something other than a Cedar Backup "
                                 "disc.")
                             : _("The disc holds something other than a Cedar Backup disc."));

    case CS_MEDIUM_BLANK:
    case CS_MEDIUM_APPENDABLE:
    default:
      /* Refused for another reason the engine names (a write-once disc that cannot start
       * over, a damaged track, no room for the image file): its words, and a way out. */
      *advice = g_strdup (self->medium_damaged
                          ? _("Close the damaged track (in the Medium row), or insert another "
                              "disc.")
                          : _("Choose another disc or image file, then store again."));
      return _cs_window_for_people (self, self->check_error->message);
    }
}

/* Why the target cannot take a store at all: the look knows it before any dry run. */
static char *
target_blocker (CsWindow  *self,
                char     **advice)
{
  if (self->target == NULL || self->config == NULL || cs_drive_address_is_image (self->target))
    return NULL;

  if (self->target_missing)
    {
      *advice = g_strdup (_("Choose another drive or an image file under “Write To”, or "
                            "connect the drive and choose Look Again (F5)."));
      /* Translators: why Store waits; %s is a device, e.g. "/dev/sr1" */
      return g_strdup_printf (_("The drive %s does not exist."), self->target);
    }

  switch (target_drive_use (self))
    {
    case CS_DRIVE_BUSY:
      *advice = g_strdup (_("Close the program that uses the drive, then choose Look Again "
                            "(F5)."));
      /* Translators: why Store waits; %s is a device, e.g. "/dev/sr0" */
      return g_strdup_printf (_("Another program is using the drive %s."), self->target);

    case CS_DRIVE_DENIED:
      *advice = g_strdup (_("Add your user to the drive’s group (often “cdrom”), log in "
                            "again, and choose Look Again (F5)."));
      /* Translators: why Store waits; %s is a device, e.g. "/dev/sr0" */
      return g_strdup_printf (_("You may not use the drive %s."), self->target);

    default:
      return NULL;
    }
}

/**
 * _cs_window_store_blocker:
 * @advice: (out) (optional) (transfer full): what to do about it, in people's words
 * @in_card: (out) (optional): whether it is the target's (shown in the target card), not a
 *   day's (shown on the day's row, cs-window-mark.c)
 *
 * Why Store cannot be pressed now, from what the look (cs-window-prepare.c) and the last
 * dry run found; no disk I/O. In this order: the target drive does not exist or is held by
 * another program; a day the store cannot take or mark (_cs_window_day_blocker()); the days
 * do not fit the medium, or the medium in the target is one the store refuses (no disc,
 * closed, unreadable, not a Cedar Backup disc, …). Only what a store would refuse too: a
 * dry run that failed otherwise does not block (see the top of this file).
 *
 * Returns: (transfer full) (nullable): the reason, one sentence, or %NULL: Store may go
 */
char *
_cs_window_store_blocker (CsWindow  *self,
                          char     **advice,
                          gboolean  *in_card)
{
  g_autofree char *what = NULL;
  char *reason;
  gboolean card = TRUE;

  if (self->app == NULL || self->job != NULL)
    reason = NULL;
  else if ((reason = _cs_window_disc_blocker (self, &what)) != NULL)
    card = FALSE;   /* the disc view's row tells; Store's tooltip says why it waits */
  else if ((reason = target_blocker (self, &what)) != NULL)
    ;
  else if ((reason = _cs_window_day_blocker (self, &what)) != NULL)
    card = FALSE;
  else
    reason = medium_blocker (self, &what);

  if (advice != NULL)
    *advice = reason != NULL ? g_steal_pointer (&what) : NULL;
  if (in_card != NULL)
    *in_card = reason != NULL && card;
  return reason;
}

/* Whether the reason row tells what the last dry run's (or look's) error is about: the
 * target cannot take the store. Then the medium row does not repeat it. */
gboolean
_cs_window_card_tells_check (CsWindow *self)
{
  g_autofree char *reason = NULL;
  gboolean in_card = FALSE;

  if (self->check_error == NULL)
    return FALSE;
  reason = _cs_window_store_blocker (self, NULL, &in_card);
  return reason != NULL && in_card;
}

/**
 * _cs_window_sentence:
 * @text: (nullable): a message for a label, e.g. an engine error's (GMarkup's "Error on
 *   line 1 char 1: Document must begin with an element" has no full stop)
 *
 * Returns: (transfer full): @text without trailing white space, ending as a sentence does:
 *   a full stop is added unless it ends with ".", "!", "?" or "…" (also before a closing
 *   quote or bracket); "" for %NULL or empty text
 */
char *
_cs_window_sentence (const char *text)
{
  g_autofree char *trimmed = g_strchomp (g_strdup (text != NULL ? text : ""));
  static const char * const ends[] = { ".", "!", "?", "…", ".”", ".\"", ".)", "?”", "!”" };

  if (*trimmed == '\0')
    return g_steal_pointer (&trimmed);
  for (gsize i = 0; i < G_N_ELEMENTS (ends); i++)
    if (g_str_has_suffix (trimmed, ends[i]))
      return g_steal_pointer (&trimmed);
  return g_strconcat (trimmed, ".", NULL);
}

/**
 * _cs_window_set_target_missing:
 * @missing: whether the drive target's device does not exist (the look found it so)
 *
 * Keeps what the look found; when the device has just gone missing, the log says so once,
 * naming it ("The drive /dev/sr9 does not exist.").
 */
void
_cs_window_set_target_missing (CsWindow *self,
                               gboolean  missing)
{
  if (missing && !self->target_missing && self->target != NULL)
    {
      g_autofree char *line = g_strdup_printf (_("The drive %s does not exist."), self->target);

      _cs_window_log (self, G_LOG_LEVEL_WARNING, line);
    }
  self->target_missing = missing;
}

/* The reason row under the medium row: the target's blocker, with what to do. An empty
 * drive has its own page ("Insert a Writable Disc") there instead. */
void
_cs_window_show_blocker (CsWindow *self)
{
  g_autofree char *advice = NULL;
  gboolean in_card = FALSE;
  g_autofree char *reason = _cs_window_store_blocker (self, &advice, &in_card);
  gboolean shown = reason != NULL && in_card &&
                   !gtk_widget_get_visible (GTK_WIDGET (self->no_disc_page));

  if (self->blocker_row == NULL)
    return;

  gtk_label_set_label (self->blocker_label, shown ? reason : "");
  gtk_label_set_label (self->blocker_advice, shown ? advice : "");
  /* The engine's own words, with the exact address, for who wants them. */
  gtk_widget_set_tooltip_text (self->blocker_row,
                               shown && _cs_window_card_tells_check (self) &&
                               g_strcmp0 (reason, self->check_error->message) != 0
                               ? self->check_error->message : NULL);
  gtk_widget_set_visible (self->blocker_row, shown);
}

/* Made here, not in cs-window.ui: a row of the target card, right under the medium row. */
void
_cs_window_blocker_init (CsWindow *self)
{
  GtkWidget *list = gtk_widget_get_parent (GTK_WIDGET (self->medium_row));
  GtkWidget *row = adw_preferences_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  /* As the medium row's icon: the words say it all, the icon is not read out. */
  GtkWidget *icon = g_object_new (GTK_TYPE_IMAGE, "icon-name", "dialog-error-symbolic",
                                  "accessible-role", GTK_ACCESSIBLE_ROLE_PRESENTATION, NULL);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *advice = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "error");
  for (guint i = 0; i < 2; i++)
    {
      GtkLabel *text = GTK_LABEL (i == 0 ? label : advice);

      gtk_label_set_xalign (text, 0);
      gtk_label_set_wrap (text, TRUE);
      gtk_label_set_wrap_mode (text, PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (text, FALSE);
      gtk_box_append (GTK_BOX (texts), GTK_WIDGET (text));
    }
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), texts);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Store cannot start"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_visible (row, FALSE);

  if (GTK_IS_LIST_BOX (list))
    gtk_list_box_insert (GTK_LIST_BOX (list), row,
                         gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (self->medium_row)) + 1);
  else
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (gtk_widget_get_ancestor (
                                 GTK_WIDGET (self->medium_row), ADW_TYPE_PREFERENCES_GROUP)),
                               row);

  /* Named for the tests and for themes. */
  gtk_widget_set_name (row, "store-blocker");
  gtk_widget_set_name (label, "store-blocker-reason");
  gtk_widget_set_name (advice, "store-blocker-advice");

  self->blocker_row = row;
  self->blocker_icon = GTK_IMAGE (icon);
  self->blocker_label = GTK_LABEL (label);
  self->blocker_advice = GTK_LABEL (advice);
}

/* The target and the days the step rows would tell about: "TARGET\nDAY\nDAY…". */
static char *
cs_window_rows_key (CsWindow *self)
{
  GPtrArray *days = self->selection != NULL ? self->selection : self->days;
  GString *key = g_string_new (self->target);

  for (guint i = 0; days != NULL && i < days->len; i++)
    {
      g_string_append_c (key, '\n');
      g_string_append (key, ((const CsDay *) g_ptr_array_index (days, i))->path);
    }
  return g_string_free (key, FALSE);
}

/* The step rows tell about the last run until what a store would take changes: another
 * target, other days waiting, or days chosen, removed or added by hand (issue 14, item 6).
 * With nothing left to store after it, the last run's outcome stays. */
void
_cs_window_update_rows (CsWindow *self,
                        gboolean  busy)
{
  g_autofree char *key = NULL;

  /* The disc's Check and Restore: their row and buttons (cs-window-disc-actions.c). */
  _cs_window_disc_update (self);
  if (self->preparing)
    return;

  key = cs_window_rows_key (self);
  if (busy)
    {
      g_free (self->rows_key);
      self->rows_key = g_steal_pointer (&key);
      return;
    }

  if (self->rows_key == NULL || g_str_equal (key, self->rows_key))
    return;

  /* The stored days are no longer waiting, nothing else is, the target is the same. */
  if (self->selection == NULL && (self->days == NULL || self->days->len == 0))
    {
      const char *end = strchr (self->rows_key, '\n');
      gsize len = end != NULL ? (gsize) (end - self->rows_key) : strlen (self->rows_key);

      if (self->target != NULL && strlen (self->target) == len &&
          strncmp (self->rows_key, self->target, len) == 0)
        return;
    }

  for (CsStep step = CS_STEP_FIND_DAY; step < CS_N_STEPS; step++)
    cs_step_row_reset (self->step_rows[step]);
  g_clear_pointer (&self->rows_key, g_free);
}
