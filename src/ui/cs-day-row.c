/* cs-day-row.c
 *
 * A staging day as the window shows it: its date, where it is, how big it is, whether it is
 * staged or already stored, and a warning when the day is not today's (the store crossed
 * midnight), when the store could not mark it as stored (its cback.store cannot be
 * written) or when a file in it cannot be stored. Those two say so in a short line of the
 * window's own under the folder, the engine's full reason in the warning icon's tooltip.
 * Its button takes it out of the selection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-day-row.h"

struct _CsDayRow
{
  AdwActionRow  parent_instance;

  GtkImage     *warning_icon;
  GtkLabel     *state_label;
  GtkButton    *remove_button;

  CsDay        *day;
  char         *warning;
  char         *mark_problem;  /* why cback.store cannot be written, or NULL */
  char         *store_problem; /* why a file in the day cannot be stored, or NULL */
  char         *store_summary; /* store_problem in a line */
  gint64        size;
  guint         stored : 1;
  guint         no_mark : 1;   /* the store leaves the day unmarked */
};

G_DEFINE_FINAL_TYPE (CsDayRow, cs_day_row, ADW_TYPE_ACTION_ROW)

/* What a screen reader says for the row: the date, the state and the size at once, e.g.
 * "Thursday, November 26, 2026, Staged, 1.2 GB"; the subtitle (folder, warnings) as the
 * description. GTK 4.8 names the row after its title alone (issue 14, item 13). */
static void
cs_day_row_update_accessible (CsDayRow   *self,
                              const char *subtitle)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self));
  const char *state = gtk_label_get_label (self->state_label);
  g_autofree char *size = self->size >= 0 ? g_format_size ((guint64) self->size) : NULL;
  g_autofree char *name = NULL;

  if (size != NULL)
    /* Translators: a staging day's accessible name: its date, its state and its size,
     * e.g. "Thursday, November 26, 2026, Staged, 1.2 GB" */
    name = g_strdup_printf (_("%s, %s, %s"), title, state, size);
  else
    /* Translators: a staging day's accessible name while its size is not known yet:
     * its date and its state, e.g. "Thursday, November 26, 2026, Staged" */
    name = g_strdup_printf (_("%s, %s"), title, state);

  /* The name replaces the title label's: GTK 4.8 would say both, one after the other. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle,
                                  -1);
}

static void
cs_day_row_update (CsDayRow *self)
{
  g_autoptr(GString) subtitle = g_string_new (self->day->path);
  g_autofree char *remove_label = NULL;
  g_autofree char *tooltip = NULL;
  gboolean unmarkable = self->mark_problem != NULL && !self->no_mark;
  gboolean unstorable = self->store_problem != NULL;
  const char *problem = NULL;

  if (self->size >= 0)
    {
      g_autofree char *size = g_format_size ((guint64) self->size);

      /* Translators: after the day's folder, the size of its files as staged (the disc's
       * session is a little larger), e.g. "/stage/2026/11/26 — 1.2 GB staged" */
      g_string_append_printf (subtitle, _(" — %s staged"), size);
    }

  /* A day that is not today's (the store crossed midnight) says so where it is seen and
   * read, not only in a tooltip (issue 14, item 11). */
  if (self->warning != NULL)
    {
      g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, self->warning);
    }

  /* Said before anything was tried: the window's words, which name its own switch; the
   * engine's (shared with the command line) go to the tooltip. */
  if (unstorable)
    {
      problem = self->store_problem;
      /* Translators: under a staging day's folder; %s is the first file and why, e.g.
       * "“host1/a…/f.txt”: file name too long" */
      g_string_append_c (subtitle, '\n');
      g_string_append_printf (subtitle, _("Cannot be stored: %s"), self->store_summary);
    }
  else if (unmarkable)
    {
      problem = self->mark_problem;
      g_string_append_c (subtitle, '\n');
      g_string_append (subtitle, _("Turn on “Leave Days Unmarked”, or fix the folder "
                                   "and choose Look Again (F5)"));
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);

  gtk_label_set_label (self->state_label,
                       unstorable ? _("Cannot be stored")
                       : unmarkable ? _("Cannot be marked as stored")
                       : self->no_mark ? _("Will stay unmarked")
                       : self->stored ? _("Already stored") : _("Staged"));
  if (self->stored || problem != NULL || self->warning != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
    }

  if (self->warning != NULL && problem != NULL)
    tooltip = g_strdup_printf ("%s\n%s", self->warning, problem);
  else
    tooltip = g_strdup (problem != NULL ? problem : self->warning);
  gtk_widget_set_visible (GTK_WIDGET (self->warning_icon), tooltip != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->warning_icon), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->warning_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip ? tooltip : "",
                                  -1);

  /* Translators: accessible name of a day's remove button, e.g. "Remove 2026/11/26" */
  remove_label = g_strdup_printf (_("Remove %s"), self->day->suffix);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);

  cs_day_row_update_accessible (self, subtitle->str);
}

static void
cs_day_row_finalize (GObject *object)
{
  CsDayRow *self = (CsDayRow *)object;

  g_clear_pointer (&self->day, cs_day_free);
  g_clear_pointer (&self->warning, g_free);
  g_clear_pointer (&self->mark_problem, g_free);
  g_clear_pointer (&self->store_problem, g_free);
  g_clear_pointer (&self->store_summary, g_free);

  G_OBJECT_CLASS (cs_day_row_parent_class)->finalize (object);
}

static void
cs_day_row_class_init (CsDayRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = cs_day_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cedarstore/CedarStore/cs-day-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CsDayRow, warning_icon);
  gtk_widget_class_bind_template_child (widget_class, CsDayRow, state_label);
  gtk_widget_class_bind_template_child (widget_class, CsDayRow, remove_button);
}

static void
cs_day_row_init (CsDayRow *self)
{
  self->size = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * cs_day_row_new:
 * @day: the day; copied
 */
GtkWidget *
cs_day_row_new (const CsDay *day)
{
  CsDayRow *self;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (day != NULL, NULL);

  self = g_object_new (CS_TYPE_DAY_ROW, NULL);
  self->day = cs_day_copy (day);

  if (g_date_valid (&day->date))
    when = g_date_time_new_local (g_date_get_year (&day->date),
                                  g_date_get_month (&day->date),
                                  g_date_get_day (&day->date),
                                  0, 0, 0);
  if (when != NULL)
    {
      /* Translators: a staged day, in g_date_time_format() notation */
      /* xgettext:no-c-format */
      title = g_date_time_format (when, _("%A, %B %-d, %Y"));
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title ? title : day->suffix);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->remove_button), "s", day->suffix);
  cs_day_row_update (self);

  return GTK_WIDGET (self);
}

const CsDay *
cs_day_row_get_day (CsDayRow *self)
{
  g_return_val_if_fail (CS_IS_DAY_ROW (self), NULL);

  return self->day;
}

/**
 * cs_day_row_set_size:
 * @size: the bytes in the day's folder, -1 when not known
 */
void
cs_day_row_set_size (CsDayRow *self,
                     gint64    size)
{
  g_return_if_fail (CS_IS_DAY_ROW (self));

  self->size = size;
  cs_day_row_update (self);
}

void
cs_day_row_set_stored (CsDayRow *self,
                       gboolean  stored)
{
  g_return_if_fail (CS_IS_DAY_ROW (self));

  self->stored = !!stored;
  cs_day_row_update (self);
}

/**
 * cs_day_row_set_warning:
 * @warning: (nullable): e.g. that the day is yesterday's
 */
void
cs_day_row_set_warning (CsDayRow   *self,
                        const char *warning)
{
  g_return_if_fail (CS_IS_DAY_ROW (self));

  g_free (self->warning);
  self->warning = g_strdup (warning);
  cs_day_row_update (self);
}

void
cs_day_row_set_removable (CsDayRow *self,
                          gboolean  removable)
{
  g_return_if_fail (CS_IS_DAY_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->remove_button), removable);
}

/**
 * cs_day_row_set_mark_problem:
 * @problem: (nullable): why the store could not write cback.store into the day
 *   (cs_staging_check_markable()), or %NULL
 *
 * Unless the store leaves the day unmarked (cs_day_row_set_no_mark()) the row says
 * "Cannot be marked as stored" with what to do in the window, and shows @problem in its
 * warning icon's tooltip.
 */
void
cs_day_row_set_mark_problem (CsDayRow   *self,
                             const char *problem)
{
  g_return_if_fail (CS_IS_DAY_ROW (self));

  g_free (self->mark_problem);
  self->mark_problem = g_strdup (problem);
  cs_day_row_update (self);
}

/**
 * cs_day_row_set_store_problem:
 * @problem: (nullable): why the image cannot hold a file in the day (the capacity dry run's
 *   error, CS_ERROR_CONFIG from building the image), or %NULL
 * @summary: (nullable): @problem in a line: the first file and why; %NULL: @problem
 *
 * The row says "Cannot be stored" and @summary under the folder, @problem in its warning
 * icon's tooltip. It wins over a mark problem: the store would stop before marking.
 */
void
cs_day_row_set_store_problem (CsDayRow   *self,
                              const char *problem,
                              const char *summary)
{
  g_return_if_fail (CS_IS_DAY_ROW (self));

  if (g_strcmp0 (problem, self->store_problem) == 0
      && g_strcmp0 (summary ? summary : problem, self->store_summary) == 0)
    return;

  g_free (self->store_problem);
  self->store_problem = g_strdup (problem);
  g_free (self->store_summary);
  self->store_summary = problem != NULL ? g_strdup (summary ? summary : problem) : NULL;
  cs_day_row_update (self);
}

const char *
cs_day_row_get_store_problem (CsDayRow *self)
{
  g_return_val_if_fail (CS_IS_DAY_ROW (self), NULL);

  return self->store_problem;
}

/**
 * cs_day_row_set_no_mark:
 * @no_mark: whether the store leaves the day unmarked (--no-mark)
 */
void
cs_day_row_set_no_mark (CsDayRow *self,
                        gboolean  no_mark)
{
  g_return_if_fail (CS_IS_DAY_ROW (self));

  self->no_mark = !!no_mark;
  cs_day_row_update (self);
}

const char *
cs_day_row_get_mark_problem (CsDayRow *self)
{
  g_return_val_if_fail (CS_IS_DAY_ROW (self), NULL);

  return self->mark_problem;
}

gboolean
cs_day_row_get_stored (CsDayRow *self)
{
  g_return_val_if_fail (CS_IS_DAY_ROW (self), FALSE);

  return self->stored;
}

const char *
cs_day_row_get_warning (CsDayRow *self)
{
  g_return_val_if_fail (CS_IS_DAY_ROW (self), NULL);

  return self->warning;
}

/**
 * cs_day_row_get_tooltip:
 *
 * Returns: (nullable): the row's warnings in full, as its warning icon's tooltip shows them
 */
const char *
cs_day_row_get_tooltip (CsDayRow *self)
{
  g_return_val_if_fail (CS_IS_DAY_ROW (self), NULL);

  return gtk_widget_get_tooltip_text (GTK_WIDGET (self->warning_icon));
}
