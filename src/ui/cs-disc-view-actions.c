/* cs-disc-view-actions.c
 *
 * The buttons of "On This Disc" (issue 15): "Check Disc…" in the view's header, and on each
 * session row "Restore…" for the days that session holds newest — one day, a button; more,
 * a menu of them. A day added again by a later session is offered on that session's row
 * only: a restore takes a day from the newest session that holds it (cs-disc-restore.h).
 * The buttons only name win.* actions; the window runs them (cs-window-disc-actions.c) and
 * makes them insensitive while it cannot. Two helpers tell the window whether what a check
 * or restore read is what the view shows, and whether a day is on the disc at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-disc-view.h"

/**
 * _cs_disc_view_check_button_new:
 *
 * Returns: (transfer floating): "Check Disc…", activating win.check-disc
 */
GtkWidget *
_cs_disc_view_check_button_new (void)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Check Disc…"));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (button, "disc-check-button");
  gtk_widget_set_tooltip_text (button, _("Read every session and compare it with the "
                                         "checksums recorded when it was written"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.check-disc");
  return button;
}

/* Whether a session after @index added @day again. */
static gboolean
added_later (const CsDiscContents *contents,
             guint                 index,
             const char           *day)
{
  for (guint i = index + 1; i < contents->sessions->len; i++)
    {
      const CsDiscSession *later = g_ptr_array_index (contents->sessions, i);

      if (g_strv_contains ((const char * const *) later->days_added, day))
        return TRUE;
    }
  return FALSE;
}

/**
 * _cs_disc_view_restorable_days:
 * @contents: what the view shows
 * @index: a session's index in @contents->sessions (0 = the oldest)
 *
 * Returns: (transfer full): the days a restore would take from that session: those it added
 *   that no later session added again, sorted; never %NULL
 */
GStrv
_cs_disc_view_restorable_days (const CsDiscContents *contents,
                               guint                 index)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const CsDiscSession *session;

  g_return_val_if_fail (contents != NULL, NULL);
  g_return_val_if_fail (index < contents->sessions->len, NULL);

  session = g_ptr_array_index (contents->sessions, index);
  for (guint i = 0; session->days_added[i] != NULL; i++)
    {
      if (!added_later (contents, index, session->days_added[i]))
        g_strv_builder_add (builder, session->days_added[i]);
    }
  return g_strv_builder_end (builder);
}

/**
 * _cs_disc_view_add_restore:
 * @row: a session's row
 * @contents: what the view shows
 * @index: the session's index in @contents->sessions (0 = the oldest)
 *
 * Adds "Restore…" to @row for the days _cs_disc_view_restorable_days() gives: a button for
 * one day, a menu of days for more; nothing for none.
 */
void
_cs_disc_view_add_restore (AdwActionRow         *row,
                           const CsDiscContents *contents,
                           guint                 index)
{
  g_auto(GStrv) days = NULL;
  g_autofree char *name = NULL;
  GtkWidget *button;

  g_return_if_fail (ADW_IS_ACTION_ROW (row));

  days = _cs_disc_view_restorable_days (contents, index);
  if (days[0] == NULL)
    return;

  if (days[1] == NULL)
    {
      g_autofree char *tooltip = NULL;

      button = gtk_button_new_with_mnemonic (_("_Restore…"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.restore");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (days[0]));
      /* Translators: %s is a day, "2026/11/25" */
      tooltip = g_strdup_printf (_("Copy %s from the disc to a folder you choose"), days[0]);
      gtk_widget_set_tooltip_text (button, tooltip);
      /* Translators: a button's accessible name; %s is a day, "2026/11/25" */
      name = g_strdup_printf (_("Restore %s…"), days[0]);
    }
  else
    {
      g_autoptr(GMenu) menu = g_menu_new ();

      for (guint i = 0; days[i] != NULL; i++)
        {
          g_autoptr(GMenuItem) item = NULL;
          /* Translators: a menu item; %s is a day, "2026/11/25" */
          g_autofree char *label = g_strdup_printf (_("Restore %s…"), days[i]);

          item = g_menu_item_new (label, NULL);
          g_menu_item_set_action_and_target_value (item, "win.restore",
                                                   g_variant_new_string (days[i]));
          g_menu_append_item (menu, item);
        }
      button = gtk_menu_button_new ();
      gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("_Restore…"));
      gtk_menu_button_set_use_underline (GTK_MENU_BUTTON (button), TRUE);
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
      gtk_widget_set_tooltip_text (button, _("Copy one of this session’s days from the disc "
                                             "to a folder you choose"));
      /* Translators: a menu button's accessible name; %u is a session's number */
      name = g_strdup_printf (_("Restore a day of session %u…"),
                              ((const CsDiscSession *) g_ptr_array_index (contents->sessions,
                                                                          index))->number);
    }

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "disc-restore");
  /* Each its own name: "Restore…" alone, several times, would not say which. It replaces
   * the visible label's (GTK 4.8 would say both, see cs-widget-fixes.c); a menu button's is
   * its inner button's. */
  {
    GtkWidget *named = GTK_IS_MENU_BUTTON (button) ? gtk_widget_get_first_child (button)
                                                   : button;

    if (named == NULL)
      named = button;
    gtk_accessible_reset_relation (GTK_ACCESSIBLE (named), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
    gtk_accessible_update_property (GTK_ACCESSIBLE (named), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    name, -1);
  }
  adw_action_row_add_suffix (row, button);
}

/**
 * _cs_disc_view_day_on_disc:
 * @contents: (nullable): what a disc job read
 * @day: (nullable): "YYYY/MM/DD"
 *
 * Returns: whether a session of @contents added @day (a restore would find it)
 */
gboolean
_cs_disc_view_day_on_disc (const CsDiscContents *contents,
                           const char           *day)
{
  if (contents == NULL || day == NULL)
    return FALSE;
  for (guint i = 0; i < contents->sessions->len; i++)
    {
      const CsDiscSession *session = g_ptr_array_index (contents->sessions, i);

      if (g_strv_contains ((const char * const *) session->days_added, day))
        return TRUE;
    }
  return FALSE;
}

/**
 * _cs_disc_view_shows:
 * @contents: what a disc job read
 *
 * Returns: whether @self shows these sessions (start, size, days added) and days, so that
 *   a check or restore that read @contents tells about what is shown
 */
gboolean
_cs_disc_view_shows (CsDiscView           *self,
                     const CsDiscContents *contents)
{
  const CsDiscContents *shown;

  g_return_val_if_fail (CS_IS_DISC_VIEW (self), FALSE);
  g_return_val_if_fail (contents != NULL, FALSE);

  shown = cs_disc_view_get_contents (self);
  if (shown == NULL)
    return FALSE;
  if (shown->sessions->len != contents->sessions->len ||
      shown->used_bytes != contents->used_bytes ||
      !g_strv_equal ((const char * const *) shown->days, (const char * const *) contents->days))
    return FALSE;
  for (guint i = 0; i < shown->sessions->len; i++)
    {
      const CsDiscSession *a = g_ptr_array_index (shown->sessions, i);
      const CsDiscSession *b = g_ptr_array_index (contents->sessions, i);

      if (a->start != b->start || a->blocks != b->blocks ||
          !g_strv_equal ((const char * const *) a->days_added,
                         (const char * const *) b->days_added))
        return FALSE;
    }
  return TRUE;
}
