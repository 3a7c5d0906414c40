/* cs-disc-view.c
 *
 * "On This Disc": what the medium in the target holds, as the window last read it. The row
 * itself says which days the disc holds now, in how many sessions and how much of it is
 * used; expanded, one row per session, newest first, with its number, the days it added
 * (YYYY/MM/DD), when it was recorded (local time) and its size. A blank disc says so, and
 * so does one whose contents cannot be read. The session rows take no focus themselves,
 * and their accessible name is their text; their "Restore…" buttons and the header's
 * "Check Disc…" are cs-disc-view-actions.c's (issue 15).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cs-disc-view.h"

/* Days shown as ranges in the row's subtitle before "and N more days". */
#define SUMMARY_RANGES 6
/* …and in a session's title. */
#define SESSION_RANGES 4

struct _CsDiscView
{
  AdwExpanderRow   parent_instance;

  CsDiscContents  *contents;     /* while CS_DISC_VIEW_CONTENTS */
  GPtrArray       *rows;         /* AdwActionRow, newest session first */
  GtkWidget       *header;       /* AdwExpanderRow's own row and arrow, when found: */
  GtkWidget       *arrow;        /* without sessions they do nothing, so take no focus */
  GtkWidget       *check_button; /* "Check Disc…", in the header while sessions are shown */
  GtkWidget       *activity;     /* a check's or restore's row, first (cs-disc-view-actions.c) */
  CsDiscViewState  state;
  guint            expanded : 1; /* the user's choice, kept while expansion is off */
  guint            updating : 1;
};

G_DEFINE_FINAL_TYPE (CsDiscView, cs_disc_view, ADW_TYPE_EXPANDER_ROW)

static gboolean
parse_day (const char *day,
           GDate      *date)
{
  unsigned int y, m, d;
  char end;

  g_date_clear (date, 1);
  if (day == NULL || sscanf (day, "%4u/%2u/%2u%c", &y, &m, &d, &end) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_set_dmy (date, d, m, y);
  return TRUE;
}

/**
 * cs_disc_view_describe_days:
 * @days: "YYYY/MM/DD" days, sorted, %NULL-terminated
 * @max_ranges: how many ranges to name before "and N more days"; 0: all
 *
 * Days as people read them: consecutive days as one range ("2026/11/23 – 2026/11/26"),
 * ranges separated by commas.
 *
 * Returns: (transfer full): the text, "" for no day
 */
char *
cs_disc_view_describe_days (const char * const *days,
                            guint               max_ranges)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint ranges = 0;
  guint left = 0;
  guint i = 0;

  g_return_val_if_fail (days != NULL, NULL);

  while (days[i] != NULL)
    {
      GDate first, last, next;
      guint j = i;

      /* Consecutive calendar days make one range; a text that is not a day stands alone. */
      if (parse_day (days[i], &first))
        {
          last = first;
          while (days[j + 1] != NULL && parse_day (days[j + 1], &next) &&
                 g_date_days_between (&last, &next) == 1)
            {
              last = next;
              j++;
            }
        }

      if (max_ranges > 0 && ranges == max_ranges)
        {
          left += j - i + 1;
        }
      else
        {
          if (ranges > 0)
            /* Translators: between ranges of days, "2026/11/02, 2026/11/09 – 2026/11/12" */
            g_string_append (text, _(", "));
          if (j > i + 1)
            /* Translators: a range of days, first and last: "2026/11/23 – 2026/11/26" */
            g_string_append_printf (text, _("%s – %s"), days[i], days[j]);
          else if (j == i + 1)
            g_string_append_printf (text, "%s%s%s", days[i], _(", "), days[j]);
          else
            g_string_append (text, days[i]);
          ranges++;
        }
      i = j + 1;
    }

  if (left > 0)
    {
      g_string_append_c (text, ' ');
      /* Translators: after the days named, e.g. "2026/11/02, 2026/11/09 and 3 more days" */
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "and %u more day",
                                                 "and %u more days", left), left);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
format_recorded (GDateTime *recorded)
{
  g_autoptr(GDateTime) local = NULL;

  if (recorded == NULL)
    return NULL;

  local = g_date_time_to_local (recorded);
  /* Translators: when a session was recorded, a g_date_time_format() format:
   * "26 November 2026, 14:02" */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

static void
clear_rows (CsDiscView *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self), g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
}

static GtkWidget *
session_row_new (const CsDiscSession *session)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *days = NULL;
  g_autofree char *title = NULL;
  g_autofree char *recorded = format_recorded (session->recorded);
  g_autofree char *size = g_format_size ((guint64) session->blocks * 2048);
  g_autofree char *subtitle = NULL;
  g_autofree char *name = NULL;

  days = cs_disc_view_describe_days ((const char * const *) session->days_added, SESSION_RANGES);
  if (days[0] != '\0')
    /* Translators: a session on the disc and the days it added: "Session 3 — 2026/11/26" */
    title = g_strdup_printf (_("Session %u — %s"), session->number, days);
  else
    /* Translators: a session on the disc that added no day (a disc made ready with --init) */
    title = g_strdup_printf (_("Session %u — no day"), session->number);

  if (recorded != NULL)
    /* Translators: a session's recording time and size: "Recorded 26 November 2026, 14:02 · 52.4 MB" */
    subtitle = g_strdup_printf (_("Recorded %s · %s"), recorded, size);
  else
    subtitle = g_strdup (size);

  gtk_widget_add_css_class (row, "disc-session");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);

  /* Translators: a row's accessible name: its title, then its details */
  name = g_strdup_printf (_("%s, %s"), title, subtitle);
  /* The name replaces the title label's: GTK 4.8 would say both (as cs-day-row.c). */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);

  return row;
}

/* AdwExpanderRow's header row and arrow (libadwaita 1.2: an AdwActionRow "header" and a
 * GtkImage "expander-row-arrow"); NULL when another version builds it otherwise. */
static GtkWidget *
find_child_with_class (GtkWidget  *widget,
                       GType       type,
                       const char *css_class)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_has_css_class (child, css_class))
        return child;
      if ((found = find_child_with_class (child, type, css_class)) != NULL)
        return found;
    }
  return NULL;
}

static void
set_summary (CsDiscView *self,
             const char *subtitle,
             const char *icon_name,
             gboolean    expandable)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));
  g_autofree char *name = NULL;

  self->updating = TRUE;
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  adw_expander_row_set_icon_name (ADW_EXPANDER_ROW (self), icon_name);
  adw_expander_row_set_enable_expansion (ADW_EXPANDER_ROW (self), expandable);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (self), expandable && self->expanded);
  self->updating = FALSE;

  /* Without sessions the row only informs: no focus, no arrow, its text as its name. */
  gtk_widget_set_focusable (GTK_WIDGET (self), expandable);
  if (self->header != NULL)
    {
      gtk_widget_set_focusable (self->header, expandable);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->header), expandable);
    }
  if (self->arrow != NULL)
    gtk_widget_set_visible (self->arrow, expandable);
  name = subtitle != NULL ? g_strdup_printf (_("%s, %s"), title, subtitle) : g_strdup (title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (self->header != NULL)
    {
      /* The name replaces the title label's: GTK 4.8 would say both (as cs-day-row.c). */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->header),
                                     GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->header),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->state != CS_DISC_VIEW_UNKNOWN);
  gtk_widget_set_visible (self->check_button, self->state == CS_DISC_VIEW_CONTENTS);
}

/**
 * cs_disc_view_set_contents:
 * @contents: what cs_disc_contents_read() found; copied
 *
 * Shows the sessions of @contents, newest first, and the days the disc holds now.
 */
void
cs_disc_view_set_contents (CsDiscView           *self,
                           const CsDiscContents *contents)
{
  g_autofree char *days = NULL;
  g_autofree char *used = NULL;
  g_autofree char *sessions = NULL;
  g_autofree char *subtitle = NULL;
  guint n;

  g_return_if_fail (CS_IS_DISC_VIEW (self));
  g_return_if_fail (contents != NULL);

  if (contents->sessions->len == 0)
    {
      cs_disc_view_set_blank (self);
      return;
    }

  g_clear_pointer (&self->contents, cs_disc_contents_free);
  self->contents = cs_disc_contents_copy (contents);
  self->state = CS_DISC_VIEW_CONTENTS;
  clear_rows (self);

  n = self->contents->sessions->len;
  for (guint i = n; i > 0; i--)
    {
      GtkWidget *row = session_row_new (g_ptr_array_index (self->contents->sessions, i - 1));

      _cs_disc_view_add_restore (ADW_ACTION_ROW (row), self->contents, i - 1);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
      g_ptr_array_add (self->rows, row);
    }

  days = cs_disc_view_describe_days ((const char * const *) self->contents->days,
                                     SUMMARY_RANGES);
  used = g_format_size (self->contents->used_bytes);
  /* Translators: "3 sessions, 1.5 GB used" */
  sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session, %s used",
                                           "%u sessions, %s used", n),
                              n, used);
  if (days[0] != '\0')
    /* Translators: what the disc holds now and how: "Holds 2026/11/23 – 2026/11/26 · 3 sessions, 1.5 GB used" */
    subtitle = g_strdup_printf (_("Holds %s · %s"), days, sessions);
  else
    /* Translators: a disc with sessions but no day: "No day stored yet · 1 session, 64 KB used" */
    subtitle = g_strdup_printf (_("No day stored yet · %s"), sessions);

  /* Damage met while listing (a session whose directories cannot be read, a broken chain):
   * the sessions around it are still listed, and Check Disc… says more. */
  if (self->contents->problems != NULL && self->contents->problems[0] != NULL)
    {
      g_autofree char *listed = g_steal_pointer (&subtitle);

      /* Translators: the disc's summary, then the first damage found while listing it */
      subtitle = g_strdup_printf (_("%s · Damaged: %s"), listed, self->contents->problems[0]);
      set_summary (self, subtitle, "dialog-warning-symbolic", TRUE);
      return;
    }
  set_summary (self, subtitle, NULL, TRUE);
}

/**
 * cs_disc_view_set_blank:
 *
 * The medium holds nothing: says "Blank — nothing stored yet".
 */
void
cs_disc_view_set_blank (CsDiscView *self)
{
  g_return_if_fail (CS_IS_DISC_VIEW (self));

  g_clear_pointer (&self->contents, cs_disc_contents_free);
  self->state = CS_DISC_VIEW_BLANK;
  clear_rows (self);
  set_summary (self, _("Blank — nothing stored yet"), NULL, FALSE);
}

/**
 * cs_disc_view_set_unreadable:
 * @reason: (nullable): why, for people (the engine's message: it names the device)
 *
 * What is on the medium cannot be read: says so, and why.
 */
void
cs_disc_view_set_unreadable (CsDiscView *self,
                             const char *reason)
{
  g_autofree char *subtitle = NULL;

  g_return_if_fail (CS_IS_DISC_VIEW (self));

  g_clear_pointer (&self->contents, cs_disc_contents_free);
  self->state = CS_DISC_VIEW_UNREADABLE;
  clear_rows (self);
  if (reason != NULL && reason[0] != '\0')
    /* Translators: %s is why, e.g. "Cannot open image file “/b/disc.iso”: Permission denied" */
    subtitle = g_strdup_printf (_("Cannot read what is on the disc: %s"), reason);
  else
    subtitle = g_strdup (_("Cannot read what is on the disc"));
  set_summary (self, subtitle, "dialog-warning-symbolic", FALSE);
}

/**
 * cs_disc_view_clear:
 *
 * Nothing is known about the medium (not looked at, another target, no medium): hides the
 * view.
 */
void
cs_disc_view_clear (CsDiscView *self)
{
  g_return_if_fail (CS_IS_DISC_VIEW (self));

  g_clear_pointer (&self->contents, cs_disc_contents_free);
  self->state = CS_DISC_VIEW_UNKNOWN;
  clear_rows (self);
  set_summary (self, NULL, NULL, FALSE);
}

/**
 * cs_disc_view_get_state:
 *
 * Returns: what the view shows: nothing (hidden), blank, sessions, or that the disc cannot
 *   be read
 */
CsDiscViewState
cs_disc_view_get_state (CsDiscView *self)
{
  g_return_val_if_fail (CS_IS_DISC_VIEW (self), CS_DISC_VIEW_UNKNOWN);

  return self->state;
}

/**
 * cs_disc_view_get_contents:
 *
 * Returns: (transfer none) (nullable): what is shown, while the state is
 *   %CS_DISC_VIEW_CONTENTS
 */
const CsDiscContents *
cs_disc_view_get_contents (CsDiscView *self)
{
  g_return_val_if_fail (CS_IS_DISC_VIEW (self), NULL);

  return self->contents;
}

/**
 * cs_disc_view_get_n_rows:
 *
 * Returns: the number of session rows
 */
guint
cs_disc_view_get_n_rows (CsDiscView *self)
{
  g_return_val_if_fail (CS_IS_DISC_VIEW (self), 0);

  return self->rows->len;
}

/**
 * cs_disc_view_get_row:
 * @index: 0 for the newest session
 *
 * Returns: (transfer none) (nullable): the session's row
 */
AdwActionRow *
cs_disc_view_get_row (CsDiscView *self,
                      guint       index)
{
  g_return_val_if_fail (CS_IS_DISC_VIEW (self), NULL);

  return index < self->rows->len ? g_ptr_array_index (self->rows, index) : NULL;
}

/**
 * cs_disc_view_set_activity:
 * @row: (nullable): a row telling about work on the disc (a check's or restore's progress
 *   and outcome), or %NULL to take the one shown away
 *
 * Shows @row first among the session rows, while the view shows sessions; it stays when
 * the sessions are shown again.
 */
void
cs_disc_view_set_activity (CsDiscView *self,
                           GtkWidget  *row)
{
  g_return_if_fail (CS_IS_DISC_VIEW (self));
  g_return_if_fail (row == NULL || GTK_IS_LIST_BOX_ROW (row));

  if (row == self->activity)
    return;
  if (self->activity != NULL)
    adw_expander_row_remove (ADW_EXPANDER_ROW (self), self->activity);
  g_clear_object (&self->activity);
  if (row == NULL)
    return;

  /* First: the session rows are taken out and put back after it. */
  self->activity = g_object_ref (row);
  for (guint i = 0; i < self->rows->len; i++)
    {
      g_object_ref (g_ptr_array_index (self->rows, i));
      adw_expander_row_remove (ADW_EXPANDER_ROW (self), g_ptr_array_index (self->rows, i));
    }
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
  for (guint i = 0; i < self->rows->len; i++)
    {
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), g_ptr_array_index (self->rows, i));
      g_object_unref (g_ptr_array_index (self->rows, i));
    }
}

/**
 * cs_disc_view_get_check_button:
 *
 * Returns: (transfer none): the "Check Disc…" button in the view's header
 */
GtkWidget *
cs_disc_view_get_check_button (CsDiscView *self)
{
  g_return_val_if_fail (CS_IS_DISC_VIEW (self), NULL);

  return self->check_button;
}

static void
on_expanded (CsDiscView *self)
{
  if (!self->updating &&
      adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (self)))
    self->expanded = adw_expander_row_get_expanded (ADW_EXPANDER_ROW (self));
}

static void
cs_disc_view_finalize (GObject *object)
{
  CsDiscView *self = (CsDiscView *)object;

  g_clear_pointer (&self->contents, cs_disc_contents_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_object (&self->activity);

  G_OBJECT_CLASS (cs_disc_view_parent_class)->finalize (object);
}

static void
cs_disc_view_class_init (CsDiscViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cs_disc_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cedarstore/CedarStore/cs-disc-view.ui");
}

static void
cs_disc_view_init (CsDiscView *self)
{
  self->rows = g_ptr_array_new ();
  self->expanded = TRUE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->header = find_child_with_class (GTK_WIDGET (self), ADW_TYPE_ACTION_ROW, "header");
  self->arrow = find_child_with_class (GTK_WIDGET (self), GTK_TYPE_IMAGE, "expander-row-arrow");

  g_signal_connect (self, "notify::expanded", G_CALLBACK (on_expanded), NULL);

  self->check_button = _cs_disc_view_check_button_new ();
  gtk_widget_set_visible (self->check_button, FALSE);
  adw_expander_row_add_action (ADW_EXPANDER_ROW (self), self->check_button);
}

/**
 * cs_disc_view_new:
 *
 * Returns: (transfer floating): a hidden view; the window fills it (cs-window-contents.c)
 */
GtkWidget *
cs_disc_view_new (void)
{
  return g_object_new (CS_TYPE_DISC_VIEW, NULL);
}
