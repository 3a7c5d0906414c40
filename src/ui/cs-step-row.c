/* cs-step-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-step-row.h"

struct _CsStepRow
{
  GtkListBoxRow   parent_instance;

  GtkImage       *status_icon;
  GtkLabel       *title_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *detail_label;

  CsStep          step;
  CsStepRowState  state;
};

G_DEFINE_FINAL_TYPE (CsStepRow, cs_step_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char * const state_classes[] = { "success", "error", "warning", "accent" };

static void
cs_step_row_set_state (CsStepRow      *self,
                       CsStepRowState  state)
{
  const char *icon_name = NULL;
  const char *css_class = NULL;

  g_assert (CS_IS_STEP_ROW (self));

  self->state = state;

  switch (state)
    {
    case CS_STEP_ROW_PENDING:
      icon_name = "content-loading-symbolic";
      break;

    case CS_STEP_ROW_RUNNING:
      icon_name = "media-playback-start-symbolic";
      css_class = "accent";
      break;

    case CS_STEP_ROW_DONE:
      icon_name = "emblem-ok-symbolic";
      css_class = "success";
      break;

    case CS_STEP_ROW_FAILED:
      icon_name = "dialog-error-symbolic";
      css_class = "error";
      break;

    case CS_STEP_ROW_CANCELLED:
      icon_name = "process-stop-symbolic";
      css_class = "warning";
      break;

    default:
      g_return_if_reached ();
    }

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), state_classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css_class);

  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_widget_set_sensitive (GTK_WIDGET (self->title_label), state != CS_STEP_ROW_PENDING);
}

static void
cs_step_row_constructed (GObject *object)
{
  CsStepRow *self = (CsStepRow *)object;

  G_OBJECT_CLASS (cs_step_row_parent_class)->constructed (object);

  gtk_label_set_label (self->title_label, cs_step_title (self->step));
  cs_step_row_reset (self);
}

static void
cs_step_row_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CsStepRow *self = CS_STEP_ROW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_int (value, self->step);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_step_row_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CsStepRow *self = CS_STEP_ROW (object);

  switch (prop_id)
    {
    case PROP_STEP:
      self->step = g_value_get_int (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_step_row_class_init (CsStepRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = cs_step_row_constructed;
  object_class->get_property = cs_step_row_get_property;
  object_class->set_property = cs_step_row_set_property;

  properties [PROP_STEP] =
    g_param_spec_int ("step", NULL, NULL,
                      CS_STEP_NONE, CS_STEP_MARK_STORED, CS_STEP_NONE,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cedarstore/CedarStore/cs-step-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CsStepRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CsStepRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, CsStepRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CsStepRow, detail_label);
}

static void
cs_step_row_init (CsStepRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cs_step_row_new (CsStep step)
{
  return g_object_new (CS_TYPE_STEP_ROW, "step", step, NULL);
}

CsStep
cs_step_row_get_step (CsStepRow *self)
{
  g_return_val_if_fail (CS_IS_STEP_ROW (self), CS_STEP_NONE);

  return self->step;
}

CsStepRowState
cs_step_row_get_state (CsStepRow *self)
{
  g_return_val_if_fail (CS_IS_STEP_ROW (self), CS_STEP_ROW_PENDING);

  return self->state;
}

double
cs_step_row_get_fraction (CsStepRow *self)
{
  g_return_val_if_fail (CS_IS_STEP_ROW (self), 0.0);

  return gtk_progress_bar_get_fraction (self->progress_bar);
}

const char *
cs_step_row_get_detail (CsStepRow *self)
{
  g_return_val_if_fail (CS_IS_STEP_ROW (self), NULL);

  return gtk_label_get_label (self->detail_label);
}

void
cs_step_row_set_detail (CsStepRow  *self,
                        const char *detail)
{
  g_return_if_fail (CS_IS_STEP_ROW (self));

  gtk_label_set_label (self->detail_label, detail ? detail : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), detail != NULL && *detail != '\0');
}

void
cs_step_row_reset (CsStepRow *self)
{
  g_return_if_fail (CS_IS_STEP_ROW (self));

  cs_step_row_set_state (self, CS_STEP_ROW_PENDING);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  cs_step_row_set_detail (self, NULL);
}

void
cs_step_row_start (CsStepRow *self)
{
  g_return_if_fail (CS_IS_STEP_ROW (self));

  cs_step_row_set_state (self, CS_STEP_ROW_RUNNING);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  cs_step_row_set_detail (self, NULL);
}

void
cs_step_row_set_progress (CsStepRow *self,
                          double     fraction,
                          guint64    done_bytes,
                          guint64    total_bytes,
                          double     bytes_per_s)
{
  g_autofree char *amount = NULL;

  g_return_if_fail (CS_IS_STEP_ROW (self));

  /* A negative fraction means "busy, amount unknown". */
  if (fraction < 0.0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));

  if (total_bytes > 0)
    {
      g_autofree char *done = g_format_size (done_bytes);
      g_autofree char *total = g_format_size (total_bytes);

      /* Translators: an amount of data, e.g. "1.2 GB of 4.7 GB" */
      amount = g_strdup_printf (_("%s of %s"), done, total);
    }

  if (amount != NULL && bytes_per_s > 0.0)
    {
      g_autofree char *rate = g_format_size ((guint64) bytes_per_s);
      g_autofree char *text = NULL;

      /* Translators: progress and speed, e.g. "1.2 GB of 4.7 GB, 11.1 MB/s" */
      text = g_strdup_printf (_("%s, %s/s"), amount, rate);
      cs_step_row_set_detail (self, text);
    }
  else if (amount != NULL)
    {
      cs_step_row_set_detail (self, amount);
    }
}

void
cs_step_row_finish (CsStepRow    *self,
                    const GError *error)
{
  g_return_if_fail (CS_IS_STEP_ROW (self));

  if (error == NULL)
    {
      cs_step_row_set_state (self, CS_STEP_ROW_DONE);
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
    }
  else if (g_error_matches (error, CS_ERROR, CS_ERROR_CANCELLED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      cs_step_row_set_state (self, CS_STEP_ROW_CANCELLED);
      cs_step_row_set_detail (self, _("Cancelled"));
    }
  else
    {
      cs_step_row_set_state (self, CS_STEP_ROW_FAILED);
      cs_step_row_set_detail (self, error->message);
    }
}
