/* cs-widget-fixes.c
 *
 * Work-arounds for GTK 4.8 and libadwaita 1.2 (Debian bookworm):
 *
 * - A GtkButton given a label (gtk_button_set_label(), the "label" property) gets the raw
 *   text, mnemonic underscore included, as its accessible label property, and its label is
 *   its mnemonic label, so also "labelled by" it. GTK 4.8 joins both into the accessible
 *   name a screen reader speaks: "_Store to Disc Store to Disc". Later GTK versions set only
 *   the relation. Dropping the property leaves the name the visible label's text, once.
 *   AdwMessageDialog's response buttons ("_Close", "_Cancel") are such buttons too.
 * - AdwStatusPage scrolls its content in a scrolled window of its own. Inside the window's
 *   scrolled pane its natural height is taken for a wider width than it gets, so when the
 *   description wraps the button at its bottom is cut off inside the nested box.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "cs-widget-fixes.h"

/* The text column of a status page in the window, in pixels: what the window's narrowest
 * width (360 px, cs-window.ui) leaves inside its margins. */
#define STATUS_PAGE_WIDTH 280

static void
drop_label_property (GtkButton *button)
{
  if (gtk_button_get_label (button) != NULL)
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
fix_button (GtkButton *button)
{
  /* Once per button: the label is set again later (e.g. "_Cancel" while storing), and GTK
   * sets the property again each time. The handler runs after GTK's notify. */
  if (g_object_get_data (G_OBJECT (button), "cs-name-fixed") == NULL)
    {
      g_object_set_data (G_OBJECT (button), "cs-name-fixed", GINT_TO_POINTER (1));
      g_signal_connect (button, "notify::label", G_CALLBACK (drop_label_property), NULL);
      g_signal_connect (button, "notify::use-underline", G_CALLBACK (drop_label_property), NULL);
    }

  drop_label_property (button);
}

/**
 * cs_fix_button_names:
 * @root: a widget; it and all its descendants are fixed
 *
 * Makes the accessible name of every labelled #GtkButton under @root (GtkMenuButton's inner
 * button too) its visible label, once and without the mnemonic underscore, also after the
 * label changes. Buttons added under @root later need another call. Source of the rule:
 * GTK 4.8's gtk_button_set_label() and gtk_at_context_get_name(); WAI-ARIA's accessible
 * name computation (a name is computed once, from the label).
 */
void
cs_fix_button_names (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_BUTTON (root))
    fix_button (GTK_BUTTON (root));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cs_fix_button_names (child);
}

static gboolean
on_widget_mapped (GSignalInvocationHint *hint,
                  guint                  n_params,
                  const GValue          *params,
                  gpointer               data)
{
  GObject *widget = g_value_get_object (&params[0]);

  if (ADW_IS_MESSAGE_DIALOG (widget))
    cs_fix_button_names (GTK_WIDGET (widget));

  return TRUE;
}

/**
 * cs_fix_message_dialogs:
 *
 * From now on, in this process, fixes the names of the response buttons of every
 * #AdwMessageDialog (as cs_fix_button_names() does) when the dialog is shown, wherever it
 * was made. Call once, from the main thread; later calls do nothing. Source of the rule:
 * libadwaita 1.2's adw_message_dialog_add_response() labels its buttons with
 * gtk_button_set_label() and use-underline.
 */
void
cs_fix_message_dialogs (void)
{
  static gboolean installed;

  if (installed)
    return;

  installed = TRUE;
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                              on_widget_mapped, NULL, NULL);
}

/**
 * cs_fix_status_page_height:
 * @status_page: an #AdwStatusPage inside a scrolled window of ours
 *
 * Turns off the status page's own scrolling and keeps its text column 280 px wide at
 * most: it asks for the whole height its content needs at the width it gets, so a wrapped
 * description pushes the button down instead of out of sight. The window's scrolled pane
 * scrolls it, also with the mouse wheel over the page (its own scrolled window no longer
 * takes scroll events).
 */
static void
fix_clamps (GtkWidget *widget)
{
  if (ADW_IS_CLAMP (widget))
    {
      adw_clamp_set_maximum_size (ADW_CLAMP (widget), STATUS_PAGE_WIDTH);
      adw_clamp_set_tightening_threshold (ADW_CLAMP (widget), STATUS_PAGE_WIDTH);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fix_clamps (child);
}

/* GTK 4.8's GtkScrolledWindow takes every wheel event over it (its scroll controller
 * returns GDK_EVENT_STOP even when it has nothing to scroll), so a status page's own
 * scrolled window, its scrolling turned off, would keep the wheel from the window's pane.
 * Without its scroll controllers the events go on to the pane. */
static void
drop_scroll_controllers (GtkWidget *scrolled)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (scrolled);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        g_ptr_array_add (found, g_object_ref (controller));
    }
  for (guint i = 0; i < found->len; i++)
    gtk_widget_remove_controller (scrolled, g_ptr_array_index (found, i));
}

void
cs_fix_status_page_height (GtkWidget *status_page)
{
  g_return_if_fail (ADW_IS_STATUS_PAGE (status_page));

  for (GtkWidget *child = gtk_widget_get_first_child (status_page);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SCROLLED_WINDOW (child))
        {
          gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (child),
                                          GTK_POLICY_NEVER, GTK_POLICY_NEVER);
          gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (child), TRUE);
          gtk_scrolled_window_set_kinetic_scrolling (GTK_SCROLLED_WINDOW (child), FALSE);
          drop_scroll_controllers (child);
        }
    }

  /* GtkScrolledWindow 4.8 measures its content's height for the content's natural width,
   * not for the width it gets: a description that wraps more than that is taller than the
   * page asked for. A text column no wider than the narrowest window's (360 px) is laid
   * out at the width it was measured at. */
  fix_clamps (status_page);
}

/**
 * cs_fix_no_hyphens:
 * @root: a widget whose labels show paths, e.g. an #AdwStatusPage
 *
 * Pango 1.50 puts a hyphen where it breaks a line inside a word; a path that is wider than
 * its label (_cs_window_unbreakable_path() keeps it one word) would show "a-long-na-" /
 * "me" as if the hyphen were part of the name (issue 14). Turns that off for every label
 * under @root; the attributes stay when the label's text or markup changes.
 */
void
cs_fix_no_hyphens (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (GTK_IS_LABEL (root))
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
      gtk_label_set_attributes (GTK_LABEL (root), attrs);
      pango_attr_list_unref (attrs);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    cs_fix_no_hyphens (child);
}
