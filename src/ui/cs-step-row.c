/* cs-step-row.c
 *
 * One step of the pipeline: a status icon (a spinner while it runs), its title, a progress
 * bar and a detail line with the bytes done, the speed and the time left. Where the library
 * gives no fraction the bar pulses on its own, so it never looks stuck nor pretends to know.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-error.h"
#include "cs-step-row.h"

#define PULSE_INTERVAL_MS 100

struct _CsStepRow
{
  GtkListBoxRow   parent_instance;

  GtkStack       *status_stack;
  GtkImage       *status_icon;
  GtkSpinner     *spinner;
  GtkLabel       *title_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *detail_label;

  CsStep          step;
  CsStepRowState  state;
  gint64          started_us;
  guint64         last_total;
  guint           pulse_source;
};

G_DEFINE_FINAL_TYPE (CsStepRow, cs_step_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_STEP,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static const char * const state_classes[] = { "success", "error", "warning", "dim-label" };

static gboolean
cs_step_row_pulse_cb (gpointer user_data)
{
  CsStepRow *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);

  return G_SOURCE_CONTINUE;
}

static void
cs_step_row_set_pulsing (CsStepRow *self,
                         gboolean   pulsing)
{
  if (pulsing && self->pulse_source == 0)
    {
      gtk_progress_bar_pulse (self->progress_bar);
      self->pulse_source = g_timeout_add (PULSE_INTERVAL_MS, cs_step_row_pulse_cb, self);
    }
  else if (!pulsing)
    {
      g_clear_handle_id (&self->pulse_source, g_source_remove);
    }
}

static void
cs_step_row_set_state (CsStepRow      *self,
                       CsStepRowState  state)
{
  const char *icon_name = NULL;
  const char *css_class = NULL;
  const char *description = NULL;
  g_autofree char *progress_label = NULL;

  g_assert (CS_IS_STEP_ROW (self));

  switch (state)
    {
    case CS_STEP_ROW_PENDING:
      icon_name = "content-loading-symbolic";
      css_class = "dim-label";
      description = _("Not started");
      break;

    case CS_STEP_ROW_RUNNING:
      description = _("Running");
      break;

    case CS_STEP_ROW_DONE:
      icon_name = "emblem-ok-symbolic";
      css_class = "success";
      description = _("Done");
      break;

    case CS_STEP_ROW_FAILED:
      icon_name = "dialog-error-symbolic";
      css_class = "error";
      description = _("Failed");
      break;

    case CS_STEP_ROW_CANCELLED:
      icon_name = "process-stop-symbolic";
      css_class = "warning";
      description = _("Cancelled");
      break;

    case CS_STEP_ROW_SKIPPED:
      icon_name = "media-skip-forward-symbolic";
      css_class = "dim-label";
      description = _("Skipped");
      break;

    default:
      g_return_if_reached ();
    }

  for (guint i = 0; i < G_N_ELEMENTS (state_classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_icon), state_classes[i]);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_icon), css_class);

  if (state == CS_STEP_ROW_RUNNING)
    {
      gtk_spinner_start (self->spinner);
      gtk_stack_set_visible_child (self->status_stack, GTK_WIDGET (self->spinner));
    }
  else
    {
      gtk_spinner_stop (self->spinner);
      gtk_image_set_from_icon_name (self->status_icon, icon_name);
      gtk_stack_set_visible_child (self->status_stack, GTK_WIDGET (self->status_icon));
      cs_step_row_set_pulsing (self, FALSE);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->title_label),
                            state != CS_STEP_ROW_PENDING && state != CS_STEP_ROW_SKIPPED);
  /* An empty bar says nothing: it shows once the step has started. A step that failed or
   * was cancelled has none: a bar filled part or all of the way would say it went on. */
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar),
                          state == CS_STEP_ROW_RUNNING || state == CS_STEP_ROW_DONE);

  /* Translators: accessible name of a step's progress bar, e.g. "Write progress" */
  progress_label = g_strdup_printf (_("%s progress"), gtk_label_get_label (self->title_label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, progress_label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);

  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
    }
}

static void
cs_step_row_constructed (GObject *object)
{
  CsStepRow *self = (CsStepRow *)object;

  G_OBJECT_CLASS (cs_step_row_parent_class)->constructed (object);

  gtk_label_set_label (self->title_label, cs_step_title (self->step));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, cs_step_title (self->step),
                                  -1);
  cs_step_row_reset (self);
}

static void
cs_step_row_dispose (GObject *object)
{
  CsStepRow *self = (CsStepRow *)object;

  g_clear_handle_id (&self->pulse_source, g_source_remove);

  G_OBJECT_CLASS (cs_step_row_parent_class)->dispose (object);
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

    case PROP_STATE:
      g_value_set_int (value, self->state);
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
  object_class->dispose = cs_step_row_dispose;
  object_class->get_property = cs_step_row_get_property;
  object_class->set_property = cs_step_row_set_property;

  /**
   * CsStepRow:step:
   *
   * The #CsStep the row shows.
   */
  properties [PROP_STEP] =
    g_param_spec_int ("step", NULL, NULL,
                      CS_STEP_NONE, CS_STEP_MARK_STORED, CS_STEP_NONE,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * CsStepRow:state:
   *
   * The #CsStepRowState of the step.
   */
  properties [PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      CS_STEP_ROW_PENDING, CS_STEP_ROW_SKIPPED, CS_STEP_ROW_PENDING,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/cedarstore/CedarStore/cs-step-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CsStepRow, status_stack);
  gtk_widget_class_bind_template_child (widget_class, CsStepRow, status_icon);
  gtk_widget_class_bind_template_child (widget_class, CsStepRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, CsStepRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, CsStepRow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, CsStepRow, detail_label);
}

static void
cs_step_row_init (CsStepRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Running"),
                                  -1);
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

gboolean
cs_step_row_get_pulsing (CsStepRow *self)
{
  g_return_val_if_fail (CS_IS_STEP_ROW (self), FALSE);

  return self->pulse_source != 0;
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

/**
 * cs_step_row_set_title:
 * @title: what the row tells about, e.g. "Check the disc"; replaces the step's title
 *
 * For a row that shows work other than a store's step (the disc's Check and Restore,
 * cs-window-disc-actions.c).
 */
void
cs_step_row_set_title (CsStepRow  *self,
                       const char *title)
{
  g_autofree char *progress_label = NULL;

  g_return_if_fail (CS_IS_STEP_ROW (self));
  g_return_if_fail (title != NULL);

  gtk_label_set_label (self->title_label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  progress_label = g_strdup_printf (_("%s progress"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress_bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, progress_label, -1);
}

void
cs_step_row_reset (CsStepRow *self)
{
  g_return_if_fail (CS_IS_STEP_ROW (self));

  cs_step_row_set_state (self, CS_STEP_ROW_PENDING);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  cs_step_row_set_detail (self, NULL);
  self->last_total = 0;
  self->started_us = 0;
}

void
cs_step_row_start (CsStepRow *self)
{
  g_return_if_fail (CS_IS_STEP_ROW (self));

  cs_step_row_set_state (self, CS_STEP_ROW_RUNNING);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  cs_step_row_set_detail (self, NULL);
  self->last_total = 0;
  self->started_us = g_get_monotonic_time ();
}

/**
 * cs_step_row_set_progress:
 * @fraction: 0…1, or negative when the amount of work is unknown (the bar pulses)
 * @done_bytes: bytes done so far
 * @total_bytes: bytes in all, 0 when unknown
 * @bytes_per_s: the speed so far, 0 when unknown
 */
void
cs_step_row_set_progress (CsStepRow *self,
                          double     fraction,
                          guint64    done_bytes,
                          guint64    total_bytes,
                          double     bytes_per_s)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_if_fail (CS_IS_STEP_ROW (self));

  if (self->state != CS_STEP_ROW_RUNNING)
    return;

  if (fraction < 0.0)
    {
      cs_step_row_set_pulsing (self, TRUE);
    }
  else
    {
      cs_step_row_set_pulsing (self, FALSE);
      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0.0, 1.0));
    }

  if (total_bytes > 0)
    {
      g_autofree char *done = g_format_size (done_bytes);
      g_autofree char *total = g_format_size (total_bytes);

      /* Translators: an amount of data, e.g. "1.2 GB of 4.7 GB" */
      g_string_append_printf (text, _("%s of %s"), done, total);
      self->last_total = total_bytes;
    }
  else if (done_bytes > 0)
    {
      g_autofree char *done = g_format_size (done_bytes);

      /* Translators: data taken in so far, when the total is not known yet */
      g_string_append_printf (text, _("%s so far"), done);
    }

  if (text->len > 0 && bytes_per_s > 0.0)
    {
      g_autofree char *rate = g_format_size ((guint64) bytes_per_s);

      /* Translators: the speed after the amount, e.g. " — 11.1 MB/s" */
      g_string_append_printf (text, _(" — %s/s"), rate);

      if (total_bytes > done_bytes && fraction >= 0.0 && done_bytes > 0)
        {
          g_autofree char *left = cs_format_duration ((total_bytes - done_bytes) / bytes_per_s);

          /* Translators: the time left after the speed, e.g. " — 3 minutes left" */
          g_string_append_printf (text, _(" — %s left"), left);
        }
    }

  if (text->len > 0)
    cs_step_row_set_detail (self, text->str);
}

void
cs_step_row_finish (CsStepRow    *self,
                    const GError *error)
{
  g_return_if_fail (CS_IS_STEP_ROW (self));

  if (error == NULL)
    {
      double seconds = (g_get_monotonic_time () - self->started_us) / (double) G_USEC_PER_SEC;

      cs_step_row_set_state (self, CS_STEP_ROW_DONE);
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);

      if (self->started_us != 0 && seconds >= 1.0)
        {
          g_autofree char *took = cs_format_duration (seconds);
          g_autofree char *text = NULL;

          if (self->last_total > 0)
            {
              g_autofree char *total = g_format_size (self->last_total);

              /* Translators: a finished step, e.g. "209.7 MB in 4 seconds" */
              text = g_strdup_printf (_("%s in %s"), total, took);
            }
          else
            {
              /* Translators: a finished step, e.g. "Took 4 seconds" */
              text = g_strdup_printf (_("Took %s"), took);
            }
          cs_step_row_set_detail (self, text);
        }
      else if (self->last_total > 0)
        {
          g_autofree char *total = g_format_size (self->last_total);

          cs_step_row_set_detail (self, total);
        }
      else
        {
          cs_step_row_set_detail (self, NULL);
        }
    }
  else if (g_error_matches (error, CS_ERROR, CS_ERROR_CANCELLED) ||
           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      cs_step_row_set_state (self, CS_STEP_ROW_CANCELLED);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      cs_step_row_set_detail (self, _("Cancelled"));
    }
  else
    {
      cs_step_row_set_state (self, CS_STEP_ROW_FAILED);
      gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
      cs_step_row_set_detail (self, error->message);
    }
}

/**
 * cs_step_row_skip:
 * @reason: (nullable): why the step did not run
 *
 * Marks a step that did not run: switched off, or not reached.
 */
void
cs_step_row_skip (CsStepRow  *self,
                  const char *reason)
{
  g_return_if_fail (CS_IS_STEP_ROW (self));

  cs_step_row_set_state (self, CS_STEP_ROW_SKIPPED);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  cs_step_row_set_detail (self, reason);
}
