/* cs-day-row.c
 *
 * A staging day as the window shows it: its date, where it is, how big it is, whether it is
 * staged or already stored, and a warning when the day is not today's (the store crossed
 * midnight). Its button takes it out of the selection.
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
  gint64        size;
  guint         stored : 1;
};

G_DEFINE_FINAL_TYPE (CsDayRow, cs_day_row, ADW_TYPE_ACTION_ROW)

static void
cs_day_row_update (CsDayRow *self)
{
  g_autoptr(GString) subtitle = g_string_new (self->day->path);
  g_autofree char *remove_label = NULL;

  if (self->size >= 0)
    {
      g_autofree char *size = g_format_size ((guint64) self->size);

      /* Translators: separates the day's folder from its size, e.g. "/stage/2026/11/26 — 1.2 GB" */
      g_string_append_printf (subtitle, _(" — %s"), size);
    }

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle->str);

  gtk_label_set_label (self->state_label, self->stored ? _("Already stored") : _("Staged"));
  if (self->stored)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "dim-label");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->warning_icon), self->warning != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->warning_icon), self->warning);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->warning_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->warning ? self->warning : "",
                                  -1);

  /* Translators: accessible name of a day's remove button, e.g. "Remove 2026/11/26" */
  remove_label = g_strdup_printf (_("Remove %s"), self->day->suffix);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
}

static void
cs_day_row_finalize (GObject *object)
{
  CsDayRow *self = (CsDayRow *)object;

  g_clear_pointer (&self->day, cs_day_free);
  g_clear_pointer (&self->warning, g_free);

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
