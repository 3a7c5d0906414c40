/* cs-capacity-bar.c
 *
 * A bar in three colours: the sessions already on the disc, the session this store adds,
 * and what stays free (the trough). When the store does not fit, the added part turns red
 * and fills the rest of the bar. The colours come from style.css, so the bar follows the
 * light and dark styles like the rest of the window; the legend under it uses the same
 * classes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "cs-capacity-bar.h"

struct _CsCapacityBar
{
  GtkWidget  parent_instance;

  GtkWidget *used_block;
  GtkWidget *adds_block;

  guint64    capacity;
  guint64    used;
  guint64    adds;
  guint64    available;
};

G_DEFINE_FINAL_TYPE (CsCapacityBar, cs_capacity_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CAPACITY,
  PROP_USED,
  PROP_ADDS,
  PROP_AVAILABLE,
  PROP_FITS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

#define MIN_BLOCK_WIDTH 3

static void
cs_capacity_bar_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  /* The size comes from CSS (min-width, min-height); the blocks only split it. */
  *minimum = *natural = 0;
  *minimum_baseline = *natural_baseline = -1;
}

/* Width of @part out of @width, never hiding a part that is there. */
static int
block_width (guint64 part,
             guint64 whole,
             int     width)
{
  double share;

  if (part == 0 || whole == 0)
    return 0;

  share = (double) part / (double) whole;

  return CLAMP ((int) (share * width + 0.5), MIN_BLOCK_WIDTH, width);
}

static void
cs_capacity_bar_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  CsCapacityBar *self = CS_CAPACITY_BAR (widget);
  int used_width = block_width (self->used, self->capacity, width);
  int adds_width = block_width (self->adds, self->capacity, width);

  /* Does not fit: what is added takes the rest, in red. */
  if (!cs_capacity_bar_get_fits (self) || used_width + adds_width > width)
    adds_width = MAX (0, width - used_width);

  gtk_widget_set_child_visible (self->used_block, used_width > 0);
  gtk_widget_set_child_visible (self->adds_block, adds_width > 0);

  gtk_widget_size_allocate (self->used_block,
                            &(GtkAllocation) { 0, 0, used_width, height }, -1);
  gtk_widget_size_allocate (self->adds_block,
                            &(GtkAllocation) { used_width, 0, adds_width, height }, -1);
}

/**
 * cs_capacity_bar_dup_legend:
 * @self: a #CsCapacityBar
 * @used_text: (out) (transfer full) (optional): "1.6 GB already on the disc"
 * @adds_text: (out) (transfer full) (optional): "1.5 GB new session" (the image the store
 *   writes, which can differ from the size of the staged files on the day rows)
 * @free_text: (out) (transfer full) (optional): "23.2 GB free afterwards", or when the
 *   session does not fit "1.0 GB free" (the room the store's fit check compares with)
 *
 * The bar's legend, the one place its sizes are put in words (g_format_size, as every size
 * the window and the engine's messages show), so the legend and what a screen reader hears
 * agree.
 */
void
cs_capacity_bar_dup_legend (CsCapacityBar  *self,
                            char          **used_text,
                            char          **adds_text,
                            char          **free_text)
{
  g_autofree char *used = NULL;
  g_autofree char *adds = NULL;
  g_autofree char *room = NULL;
  gboolean fits;

  g_return_if_fail (CS_IS_CAPACITY_BAR (self));

  fits = cs_capacity_bar_get_fits (self);
  used = g_format_size (self->used);
  adds = g_format_size (self->adds);
  room = g_format_size (fits ? self->available - self->adds : self->available);

  /* Translators: capacity bar legend; %s is a size: the sessions already on the disc */
  if (used_text != NULL)
    *used_text = g_strdup_printf (_("%s already on the disc"), used);
  /* Translators: capacity bar legend; %s is the size of the session this store writes */
  if (adds_text != NULL)
    *adds_text = g_strdup_printf (_("%s new session"), adds);
  /* Translators: capacity bar legend; %s is a size */
  if (free_text != NULL)
    *free_text = g_strdup_printf (fits ? _("%s free afterwards") : _("%s free"), room);
}

static void
cs_capacity_bar_update_accessible (CsCapacityBar *self)
{
  g_autofree char *used = NULL;
  g_autofree char *adds = NULL;
  g_autofree char *room = NULL;
  g_autofree char *text = NULL;
  guint64 taken = self->used + self->adds;
  double percent = 0.0;

  if (self->capacity > 0)
    percent = MIN (100.0, 100.0 * (double) taken / (double) self->capacity);

  cs_capacity_bar_dup_legend (self, &used, &adds, &room);
  if (cs_capacity_bar_get_fits (self))
    /* Translators: the capacity bar for screen readers: its legend's three parts */
    text = g_strdup_printf (C_("capacity bar", "%s, %s, %s"), used, adds, room);
  else
    /* Translators: the capacity bar for screen readers when the session does not fit */
    text = g_strdup_printf (C_("capacity bar", "%s, %s, %s: does not fit"), used, adds, room);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MIN, 0.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_MAX, 100.0,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_NOW, percent,
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);
}

static void
cs_capacity_bar_dispose (GObject *object)
{
  CsCapacityBar *self = (CsCapacityBar *)object;

  g_clear_pointer (&self->used_block, gtk_widget_unparent);
  g_clear_pointer (&self->adds_block, gtk_widget_unparent);

  G_OBJECT_CLASS (cs_capacity_bar_parent_class)->dispose (object);
}

static void
cs_capacity_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CsCapacityBar *self = CS_CAPACITY_BAR (object);

  switch (prop_id)
    {
    case PROP_CAPACITY:
      g_value_set_uint64 (value, self->capacity);
      break;

    case PROP_USED:
      g_value_set_uint64 (value, self->used);
      break;

    case PROP_ADDS:
      g_value_set_uint64 (value, self->adds);
      break;

    case PROP_AVAILABLE:
      g_value_set_uint64 (value, self->available);
      break;

    case PROP_FITS:
      g_value_set_boolean (value, cs_capacity_bar_get_fits (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cs_capacity_bar_class_init (CsCapacityBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cs_capacity_bar_dispose;
  object_class->get_property = cs_capacity_bar_get_property;

  widget_class->measure = cs_capacity_bar_measure;
  widget_class->size_allocate = cs_capacity_bar_size_allocate;

  /**
   * CsCapacityBar:capacity:
   *
   * The medium's capacity in bytes.
   */
  properties [PROP_CAPACITY] =
    g_param_spec_uint64 ("capacity", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CsCapacityBar:used:
   *
   * Bytes already on the medium that stay.
   */
  properties [PROP_USED] =
    g_param_spec_uint64 ("used", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CsCapacityBar:adds:
   *
   * Bytes the store adds.
   */
  properties [PROP_ADDS] =
    g_param_spec_uint64 ("adds", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CsCapacityBar:available:
   *
   * Bytes left for what is added (at most the capacity less what is used).
   */
  properties [PROP_AVAILABLE] =
    g_param_spec_uint64 ("available", NULL, NULL,
                         0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * CsCapacityBar:fits:
   *
   * Whether what is added fits in what is free.
   */
  properties [PROP_FITS] =
    g_param_spec_boolean ("fits", NULL, NULL,
                          TRUE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "capacitybar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_METER);
}

static void
cs_capacity_bar_init (CsCapacityBar *self)
{
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->used_block = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->used_block, "used");
  gtk_widget_set_parent (self->used_block, GTK_WIDGET (self));

  self->adds_block = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (self->adds_block, "adds");
  gtk_widget_set_parent (self->adds_block, GTK_WIDGET (self));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Disc capacity"),
                                  -1);
  cs_capacity_bar_update_accessible (self);
}

GtkWidget *
cs_capacity_bar_new (void)
{
  return g_object_new (CS_TYPE_CAPACITY_BAR, NULL);
}

/**
 * cs_capacity_bar_set_sizes:
 * @capacity: the medium's capacity
 * @used: what is on it and stays
 * @adds: what the store adds
 * @available: what is left for it
 */
void
cs_capacity_bar_set_sizes (CsCapacityBar *self,
                           guint64        capacity,
                           guint64        used,
                           guint64        adds,
                           guint64        available)
{
  gboolean fitted;

  g_return_if_fail (CS_IS_CAPACITY_BAR (self));

  if (self->capacity == capacity && self->used == used && self->adds == adds
      && self->available == available)
    return;

  fitted = cs_capacity_bar_get_fits (self);

  self->capacity = capacity;
  self->used = used;
  self->adds = adds;
  self->available = available;

  g_object_freeze_notify (G_OBJECT (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CAPACITY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ADDS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_AVAILABLE]);
  if (fitted != cs_capacity_bar_get_fits (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FITS]);
  g_object_thaw_notify (G_OBJECT (self));

  if (cs_capacity_bar_get_fits (self))
    gtk_widget_remove_css_class (GTK_WIDGET (self), "overflow");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self), "overflow");

  cs_capacity_bar_update_accessible (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

guint64
cs_capacity_bar_get_capacity (CsCapacityBar *self)
{
  g_return_val_if_fail (CS_IS_CAPACITY_BAR (self), 0);

  return self->capacity;
}

guint64
cs_capacity_bar_get_used (CsCapacityBar *self)
{
  g_return_val_if_fail (CS_IS_CAPACITY_BAR (self), 0);

  return self->used;
}

guint64
cs_capacity_bar_get_adds (CsCapacityBar *self)
{
  g_return_val_if_fail (CS_IS_CAPACITY_BAR (self), 0);

  return self->adds;
}

guint64
cs_capacity_bar_get_available (CsCapacityBar *self)
{
  g_return_val_if_fail (CS_IS_CAPACITY_BAR (self), 0);

  return self->available;
}

gboolean
cs_capacity_bar_get_fits (CsCapacityBar *self)
{
  g_return_val_if_fail (CS_IS_CAPACITY_BAR (self), TRUE);

  return self->adds <= self->available;
}
