/* test-window-erase.c – the real window asking before a store erases a disc, under Xvfb
 *
 * Issue 14, item 1: a store that starts a new disc on an image file holding sessions asks
 * first (“Replace the Image File?”), naming the label, the days on it and why a new disc is
 * due; Cancel writes nothing, “Replace and Store” stores. A plain append and the first store
 * on a blank image do not ask. A store whose dry run said “append” but that would start a
 * new disc after all (the disc changed) is refused by the engine before anything is
 * written, and the window asks once it has looked again. The window is opened as
 * test-window opens it (cs-test-window-fixture.h); the dialog's screenshot goes to the
 * build directory (window-erase-dialog.png).
 *
 * Dates: 2026-11-26 is a Thursday, 2026-11-27 a Friday, 2026-11-30 the next Monday (the
 * default <starting_day>).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-test-window-fixture.h"
#include "cs-window-private.h"

static GtkWindow *
find_dialog (CsWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicks the dialog's response button labelled @label, as a person would. */
static void
click (GtkWindow  *dialog,
       const char *label)
{
  GtkWidget *button = find_button (GTK_WIDGET (dialog), label);
  GtkWindow *parent = gtk_window_get_transient_for (dialog);

  if (button == NULL)
    g_error ("the dialog has no button “%s”", label);
  g_signal_emit_by_name (button, "clicked");
  /* Focus back from the dialog (gone now), as a window manager gives it: an unfocused
   * window would send a desktop notification, which this environment cannot show. */
  gtk_window_present (parent);
}

static gboolean
dialog_shown (gpointer window)
{
  return find_dialog (window) != NULL;
}

/* The question, or (the old window, which did not ask) the store it started instead:
 * running, or done with f->day marked. */
static gboolean
dialog_or_store (gpointer data)
{
  Fixture *f = data;

  return dialog_shown (f->window) || cs_window_get_busy (f->window) || indicator_exists (f->day);
}

static gboolean
no_dialog (gpointer window)
{
  return find_dialog (window) == NULL;
}

static void
set_date (const char *iso)
{
  CsOptions *options = cs_application_get_options (app);

  set_option (&options->date, iso);
  g_assert_true (cs_calendar_parse_iso_date (iso, &options->today));
}

static char *
image_checksum (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
}

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text ? text : "(null)", part);
}

/* Stores what the window shows and waits until it is done and has looked again. */
static void
store_and_wait (Fixture *f)
{
  store (f->window);
  cs_test_wait_for (cs_test_window_is_idle, f->window, WAIT_LIMIT, "the store to end");
  wait_settled (f->window);
  g_assert_null (find_dialog (f->window));
}

/* Today 26 and 27: the image holds two sessions (2026/11/26, 2026/11/27). Neither store
 * asks: the first writes a blank image, the second appends. */
static void
store_two_days (Fixture *f)
{
  g_autofree char *thu = cs_test_make_day (f->stage, "2026/11/26", TRUE, FALSE);
  g_autofree char *fri = NULL;

  fixture_open (f);
  store_and_wait (f);
  g_assert_true (indicator_exists (thu));

  fri = cs_test_make_day (f->stage, "2026/11/27", TRUE, FALSE);
  set_date ("2026-11-27");
  cs_window_refresh (f->window);
  wait_settled (f->window);
  g_assert_nonnull (f->window->plan);
  g_assert_false (f->window->plan->new_disc);
  store_and_wait (f);
  g_assert_true (indicator_exists (fri));
  if (cs_test_have_xorriso ())
    g_assert_cmpuint (cs_test_xorriso_sessions (f->image), ==, 2);
}

static void
test_ask (void)
{
  Fixture f = { 0 };
  g_autofree char *mon = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *log = NULL;
  GtkWindow *dialog;
  const char *body;

  fixture_set_up (&f);
  store_two_days (&f);

  /* Monday: a new disc. Store is pressed while the window is still looking: it waits for
   * the dry run, then asks; nothing is written meanwhile. */
  mon = cs_test_make_day (f.stage, "2026/11/30", TRUE, FALSE);
  f.day = g_strdup (mon);
  set_date ("2026-11-30");
  before = image_checksum (f.image);
  cs_window_refresh (f.window);
  g_assert_true (cs_window_get_checking (f.window));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (app), "store"));
  g_action_group_activate_action (G_ACTION_GROUP (app), "store", NULL);
  cs_test_wait_for (dialog_or_store, &f, WAIT_LIMIT, "the erase question");
  g_assert_false (cs_window_get_busy (f.window));
  g_assert_null (cs_window_get_job (f.window));
  g_assert_nonnull (find_dialog (f.window));

  dialog = find_dialog (f.window);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Replace the Image File?");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("dialog: %s", body);
  assert_contains (body, "disc.iso");
  assert_contains (body, "CEDAR BACKUP 27-NOV-2026");
  assert_contains (body, "2 sessions");
  assert_contains (body, "2026/11/26 and 2026/11/27");
  assert_contains (body, "Monday starts a new week in your Cedar Backup configuration.");
  assert_contains (body, "The old image stays until the new one is verified");
  g_assert_cmpstr (adw_message_dialog_get_default_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "cancel");
  g_assert_cmpstr (adw_message_dialog_get_close_response (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                                               "erase"),
                   ==, ADW_RESPONSE_DESTRUCTIVE);
  cs_test_screenshot (dialog, "erase-dialog");

  /* Cancel: nothing written, nothing marked. */
  click (dialog, "_Cancel");
  cs_test_wait_for (no_dialog, f.window, WAIT_LIMIT, "the dialog to go");
  wait_settled (f.window);
  g_assert_false (cs_window_get_busy (f.window));
  after = image_checksum (f.image);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (indicator_exists (mon));
  log = cs_window_get_log_text (f.window);
  assert_contains (log, "replacing the image file was not confirmed");

  /* Asked again; Replace and Store: the new disc holds Monday only. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "store", NULL);
  cs_test_wait_for (dialog_shown, f.window, WAIT_LIMIT, "the erase question");
  dialog = find_dialog (f.window);
  click (dialog, "_Replace and Store");
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to end");
  wait_settled (f.window);
  g_assert_true (f.window->stored);
  g_assert_true (indicator_exists (mon));
  g_assert_null (find_dialog (f.window));
  if (cs_test_have_xorriso ())
    g_assert_cmpuint (cs_test_xorriso_sessions (f.image), ==, 1);
  g_free (after);
  after = image_checksum (f.image);
  g_assert_cmpstr (after, !=, before);

  fixture_tear_down (&f);
}

/* The dry run said "append"; the store would start a new disc after all (here: --full
 * chosen behind the window's back, as a disc swapped after the dry run would). The engine
 * refuses it before writing; the window says so and asks once it has looked again. */
static void
test_refused (void)
{
  Fixture f = { 0 };
  CsOptions *options = cs_application_get_options (app);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *log = NULL;
  g_autofree char *fri = NULL;
  GtkWindow *dialog;

  fixture_set_up (&f);
  g_free (cs_test_make_day (f.stage, "2026/11/26", TRUE, FALSE));
  fri = cs_test_make_day (f.stage, "2026/11/27", TRUE, FALSE);
  f.day = g_strdup (fri);
  set_date ("2026-11-26");
  fixture_open (&f);
  store_and_wait (&f);

  set_date ("2026-11-27");
  cs_window_refresh (f.window);
  wait_settled (f.window);
  g_assert_false (f.window->plan->new_disc);
  before = image_checksum (f.image);

  options->mode = CS_STORE_MODE_FULL;
  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to end");
  cs_test_wait_for (dialog_or_store, &f, WAIT_LIMIT, "the erase question after the refusal");
  g_assert_false (f.window->stored);
  g_assert_nonnull (find_dialog (f.window));

  log = cs_window_get_log_text (f.window);
  assert_contains (log, "that was not confirmed; nothing was written");
  g_assert_false (f.window->stored);
  after = image_checksum (f.image);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (indicator_exists (fri));

  dialog = find_dialog (f.window);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Replace the Image File?");
  assert_contains (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                   "A full store starts a new disc.");
  click (dialog, "_Cancel");
  cs_test_wait_for (no_dialog, f.window, WAIT_LIMIT, "the dialog to go");
  wait_settled (f.window);
  g_free (after);
  after = image_checksum (f.image);
  g_assert_cmpstr (after, ==, before);

  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  int status;

  cs_test_ui_init (&argc, &argv);
  app = cs_test_app_new ();

  g_test_add_func ("/window-erase/ask", test_ask);
  g_test_add_func ("/window-erase/refused", test_refused);

  status = g_test_run ();

  g_object_unref (app);

  return status;
}
