/* test-window-disc-actions.c – Check Disc… in the real window, under Xvfb (issue 15,
 * "The window")
 *
 * The disc contents view offers "Check Disc…" and, on each session, "Restore…" for its
 * days. Both run the disc job in its worker thread with a progress row and Cancel; Store
 * waits meanwhile, and they wait for a store. A good disc checks clean; a byte flipped in a
 * file of the first session is named with its session and day in a dialog; a check
 * cancelled, at once or part of the way, leaves no bar; another disc put in the image's
 * place is shown as the check read it. Restore… is in test-window-disc-restore.c; the
 * helpers both use are in cs-test-disc-actions.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cs-test-disc-actions.h"

static GtkWidget *
check_button (CsWindow *window)
{
  return cs_disc_view_get_check_button (window->disc_view);
}

static void
collect_restore_buttons (GtkWidget *widget,
                         GPtrArray *found)
{
  if (gtk_widget_has_css_class (widget, "disc-restore"))
    g_ptr_array_add (found, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_restore_buttons (child, found);
}

/* Whether a toast on screen (an AdwToastWidget in the overlay) says @text. */
static gboolean
toast_widget_says (GtkWidget  *widget,
                   const char *text,
                   gboolean    in_toast)
{
  in_toast = in_toast || g_str_equal (G_OBJECT_TYPE_NAME (widget), "AdwToastWidget");
  if (in_toast && GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)),
                                                      text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (toast_widget_says (child, text, in_toast))
      return TRUE;
  return FALSE;
}

static gboolean
toast_gone (gpointer data)
{
  CsWindow *window = data;
  const char *text = g_object_get_data (G_OBJECT (window), "test-toast");

  return !toast_widget_says (GTK_WIDGET (window->toast_overlay), text, FALSE);
}

/* After each of the job's "progress" signals (the window's handler ran first): what the
 * row shows then. */
static void
record_progress (CsDiscJob *job,
                 double     fraction,
                 guint64    done,
                 guint64    total,
                 double     bytes_per_s,
                 double     seconds_left,
                 gpointer   data)
{
  CsWindow *window = data;
  GPtrArray *details = g_object_get_data (G_OBJECT (window), "test-progress");

  if (cs_step_row_get_fraction (window->disc_row) > 0.0)
    g_ptr_array_add (details, g_strdup (cs_step_row_get_detail (window->disc_row)));
}

/* A good disc: the view offers Check and Restore; the check says all match, in a toast and
 * in its row, and its log lines are in the log. */
static void
test_check_good (void)
{
  Fixture f = { 0 };
  g_autoptr(GPtrArray) restores = g_ptr_array_new ();
  g_autoptr(GPtrArray) details = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *log = NULL;
  gboolean amounts = FALSE;

  open_on_three_days (&f, 0);

  g_assert_true (gtk_widget_get_visible (check_button (f.window)));
  g_assert_true (gtk_widget_is_sensitive (check_button (f.window)));
  collect_restore_buttons (GTK_WIDGET (f.window->disc_view), restores);
  /* One day per session: one button each. */
  g_assert_cmpuint (restores->len, ==, 3);
  g_assert_true (GTK_IS_BUTTON (g_ptr_array_index (restores, 0)));
  save_shot (GTK_WIDGET (f.window), f.window, "disc-actions");

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.check-disc", NULL);
  g_assert_nonnull (f.window->disc_job);
  g_assert_false (gtk_widget_is_sensitive (check_button (f.window)));
  g_object_set_data (G_OBJECT (f.window), "test-progress", details);
  g_signal_connect_after (f.window->disc_job, "progress", G_CALLBACK (record_progress),
                          f.window);
  wait_disc_job (f.window);
  g_object_set_data (G_OBJECT (f.window), "test-progress", NULL);

  /* The row showed the progress as a store step does: how much of how much. */
  for (guint i = 0; i < details->len; i++)
    {
      g_test_message ("progress: %s", (char *) g_ptr_array_index (details, i));
      amounts = amounts || strstr (g_ptr_array_index (details, i), " of ") != NULL;
    }
  g_assert_true (amounts);

  g_assert_nonnull (f.window->last_toast);
  g_test_message ("toast: %s", f.window->last_toast);
  g_assert_true (g_regex_match_simple ("^All [0-9]+ files and 3 sessions match their checksums$",
                                       f.window->last_toast, 0, 0));
  g_assert_cmpint (cs_step_row_get_state (f.window->disc_row), ==, CS_STEP_ROW_DONE);
  g_assert_cmpstr (cs_step_row_get_detail (f.window->disc_row), ==, f.window->last_toast);
  g_assert_null (find_dialog_for (GTK_WINDOW (f.window)));
  log = cs_window_get_log_text (f.window);
  /* The job's own lines. */
  cs_test_assert_contains (log, "Checking 3 sessions of ");
  cs_test_assert_contains (log, f.window->last_toast);
  g_assert_true (gtk_widget_is_sensitive (check_button (f.window)));

  fixture_tear_down (&f);
}

/* A byte flipped in a file of the first session: the dialog names that file, its session
 * and its day; the log has the same line; the row says the check failed. */
static void
test_check_bad (void)
{
  Fixture f = { 0 };
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;
  g_autofree char *log = NULL;

  fixture_set_up (&f);
  for (guint i = 0; i < G_N_ELEMENTS (three_days); i++)
    store_headless (&f, three_days[i], 0);
  flip_byte (f.image, xorriso_lba (f.image, "/2026/11/24/host1/notes.txt") * 2048);
  fixture_open (&f);

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.check-disc", NULL);
  g_assert_nonnull (f.window->disc_job);
  dialog = wait_dialog (f.window);
  wait_disc_job (f.window);

  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Disc Has Bad Files");
  body = dialog_text (dialog);
  g_test_message ("body: %s", body);
  cs_test_assert_contains (body, "/2026/11/24/host1/notes.txt (session 1, day 2026/11/24)");
  g_assert_null (strstr (body, "/2026/11/25/host1/notes.txt"));
  g_assert_false (adw_message_dialog_has_response (dialog, "open"));
  g_assert_cmpint (cs_step_row_get_state (f.window->disc_row), ==, CS_STEP_ROW_FAILED);
  /* The file, and the first session's own checksum. */
  cs_test_assert_contains (body, "Session 1: ");
  cs_test_assert_contains (cs_step_row_get_detail (f.window->disc_row),
                           "2 problems found on the disc");
  assert_no_bar (f.window);
  log = cs_window_get_log_text (f.window);
  cs_test_assert_contains (log, "/2026/11/24/host1/notes.txt (session 1, day 2026/11/24)");

  save_shot (GTK_WIDGET (f.window), f.window, "check-bad");
  save_shot (GTK_WIDGET (dialog), f.window, "check-bad-dialog");
  save_shot (GTK_WIDGET (f.window), f.window, "fix-check-bad");
  save_shot (GTK_WIDGET (dialog), f.window, "fix-check-bad-dialog");
  close_dialog (f.window, dialog);
  g_assert_true (gtk_widget_is_sensitive (check_button (f.window)));

  fixture_tear_down (&f);
}

/* A check cancelled: the row says so, Store waited meanwhile and can go again, so can
 * Check; a store staged meanwhile is not blocked by it any more. */
static void
test_cancel_check (void)
{
  Fixture f = { 0 };
  GtkWidget *store_button;

  open_on_three_days (&f, 64 * MIB);
  /* Something to store, so that Store would be sensitive. */
  f.day = cs_test_make_day (f.stage, "2026/11/27", TRUE, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.refresh", NULL);
  cs_test_wait_for (is_settled_and_can_act, f.window, WAIT_LIMIT, "the window to settle");
  g_assert_true (cs_window_get_can_store (f.window));
  store_button = GTK_WIDGET (f.window->store_button);

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.check-disc", NULL);
  g_assert_nonnull (f.window->disc_job);
  g_assert_false (cs_window_get_can_store (f.window));
  cs_test_assert_contains (gtk_widget_get_tooltip_text (store_button),
                           "The disc is being checked.");
  g_assert_true (gtk_widget_get_visible (f.window->disc_cancel));
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (f.window->target_row)));

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.cancel-disc", NULL);
  wait_disc_job (f.window);

  g_assert_cmpint (cs_step_row_get_state (f.window->disc_row), ==, CS_STEP_ROW_CANCELLED);
  g_assert_cmpstr (f.window->last_toast, ==, "Check cancelled");
  g_assert_null (find_dialog_for (GTK_WINDOW (f.window)));
  g_assert_false (gtk_widget_get_visible (f.window->disc_cancel));
  cs_test_wait_for (is_settled_and_can_act, f.window, WAIT_LIMIT, "the window to settle");
  g_assert_true (cs_window_get_can_store (f.window));
  g_assert_true (gtk_widget_is_sensitive (check_button (f.window)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (f.window->target_row)));

  fixture_tear_down (&f);
}

/* The image changed after the window looked at it (three sessions shown, one on the disc
 * now): after a check the view shows what the check read, and the medium row follows. The
 * first check's toast goes when the second starts; no tooltip over Cancel meanwhile. */
static void
test_check_other_medium (void)
{
  Fixture f = { 0 };
  g_autofree char *other = NULL;
  g_autofree char *other_device = NULL;
  g_autofree char *first_toast = NULL;
  GtkWidget *button;

  open_on_three_days (&f, 0);
  g_assert_cmpuint (cs_disc_view_get_n_rows (f.window->disc_view), ==, 3);
  button = check_button (f.window);

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.check-disc", NULL);
  g_assert_nonnull (f.window->disc_job);
  /* The tooltip would cover the Cancel button just below. */
  g_assert_false (gtk_widget_get_has_tooltip (button));
  wait_disc_job (f.window);
  g_assert_true (gtk_widget_get_has_tooltip (button));
  first_toast = g_strdup (f.window->last_toast);
  g_assert_true (g_str_has_suffix (first_toast, "and 3 sessions match their checksums"));
  g_assert_true (toast_widget_says (GTK_WIDGET (f.window->toast_overlay), first_toast, FALSE));

  /* Another disc in its place: one session, one day. */
  other = g_build_filename (f.tmp, "other.iso", NULL);
  other_device = g_strconcat ("stdio:", other, NULL);
  store_headless_to (&f, other_device, "2026/11/27", 0);
  g_assert_cmpint (g_rename (other, f.image), ==, 0);

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.check-disc", NULL);
  g_assert_nonnull (f.window->disc_job);
  /* The first check's toast goes (well before its 5 s are up). */
  g_object_set_data_full (G_OBJECT (f.window), "test-toast", g_strdup (first_toast), g_free);
  cs_test_wait_for (toast_gone, f.window, 3, "the first check's toast to go");
  wait_disc_job (f.window);

  g_test_message ("toast: %s", f.window->last_toast);
  cs_test_assert_contains (f.window->last_toast, "and 1 session match their checksums");
  /* What the check read, at once. */
  g_assert_cmpuint (cs_disc_view_get_n_rows (f.window->disc_view), ==, 1);
  g_assert_cmpuint (cs_disc_view_get_contents (f.window->disc_view)->sessions->len, ==, 1);
  /* And the medium's row after a look. */
  cs_test_wait_for (is_settled_and_can_act, f.window, WAIT_LIMIT, "the window to settle");
  g_assert_cmpuint (cs_disc_view_get_n_rows (f.window->disc_view), ==, 1);
  g_test_message ("medium: %s", f.window->medium_text);
  cs_test_assert_contains (f.window->medium_text, "1 session");
  save_shot (GTK_WIDGET (f.window), f.window, "fix-check-other-medium");

  fixture_tear_down (&f);
}

static gboolean
row_has_progress (gpointer data)
{
  CsWindow *window = data;

  return window->disc_job == NULL || cs_step_row_get_fraction (window->disc_row) > 0.0;
}

/* Cancelled part of the way, drawn meanwhile: no bar left, no GTK warning (fatal here). */
static void
test_cancel_midway (void)
{
  Fixture f = { 0 };

  open_on_three_days (&f, 256 * MIB);
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.check-disc", NULL);
  cs_test_wait_for (row_has_progress, f.window, WAIT_LIMIT, "the check's progress");
  g_assert_nonnull (f.window->disc_job);
  g_assert_cmpfloat (cs_step_row_get_fraction (f.window->disc_row), <, 1.0);
  cs_test_drain ();
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.cancel-disc", NULL);
  wait_disc_job (f.window);
  cs_test_wait_for (is_settled_and_can_act, f.window, WAIT_LIMIT, "the window to settle");

  g_assert_cmpint (cs_step_row_get_state (f.window->disc_row), ==, CS_STEP_ROW_CANCELLED);
  assert_no_bar (f.window);
  save_shot (GTK_WIDGET (f.window), f.window, "fix-check-cancelled");

  fixture_tear_down (&f);
}

static gboolean
frame_drawn (gpointer data)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (data), "test-frames")) >= 2;
}

static void
count_frame (GdkFrameClock *clock,
             CsWindow      *window)
{
  guint n = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (window), "test-frames"));

  g_object_set_data (G_OBJECT (window), "test-frames", GUINT_TO_POINTER (n + 1));
}

/* As a person does it: a check to the end, then another cancelled at once while the row is
 * drawn (its bar full a moment ago). No GTK warning (fatal here), no bar left. */
static void
test_recheck_cancelled (void)
{
  Fixture f = { 0 };
  GdkFrameClock *clock;
  gulong id;

  open_on_three_days (&f, 64 * MIB);
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.check-disc", NULL);
  wait_disc_job (f.window);
  g_assert_cmpint (cs_step_row_get_state (f.window->disc_row), ==, CS_STEP_ROW_DONE);

  clock = gtk_widget_get_frame_clock (GTK_WIDGET (f.window));
  id = g_signal_connect (clock, "after-paint", G_CALLBACK (count_frame), f.window);
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.check-disc", NULL);
  g_object_set_data (G_OBJECT (f.window), "test-frames", GUINT_TO_POINTER (0));
  gtk_widget_queue_draw (GTK_WIDGET (f.window));
  cs_test_wait_for (frame_drawn, f.window, WAIT_LIMIT, "the row to be drawn");
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.cancel-disc", NULL);
  g_object_set_data (G_OBJECT (f.window), "test-frames", GUINT_TO_POINTER (0));
  wait_disc_job (f.window);
  gtk_widget_queue_draw (GTK_WIDGET (f.window));
  cs_test_wait_for (frame_drawn, f.window, WAIT_LIMIT, "the cancelled row to be drawn");
  g_signal_handler_disconnect (clock, id);

  g_assert_cmpint (cs_step_row_get_state (f.window->disc_row), ==, CS_STEP_ROW_CANCELLED);
  assert_no_bar (f.window);
  cs_test_wait_for (is_settled_and_can_act, f.window, WAIT_LIMIT, "the window to settle");

  fixture_tear_down (&f);
}

/* While a store runs, Check and Restore are insensitive; they come back after it. */
static void
test_check_waits_for_store (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f);
  store_headless (&f, three_days[0], 0);
  store_headless (&f, three_days[1], 0);
  f.day = make_big_day (f.stage, TODAY_DIR, 32 * MIB);
  fixture_open (&f);
  cs_test_wait_for (is_settled_and_can_act, f.window, WAIT_LIMIT, "the window to settle");
  g_assert_true (gtk_widget_is_sensitive (check_button (f.window)));

  store (f.window);
  g_assert_false (_cs_window_disc_can_start (f.window));
  g_assert_false (gtk_widget_is_sensitive (check_button (f.window)));
  /* Activated anyway (a key, D-Bus): nothing starts. */
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.check-disc", NULL);
  g_assert_null (f.window->disc_job);

  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to end");
  g_assert_true (indicator_exists (f.day));
  cs_test_wait_for (is_settled_and_can_act, f.window, WAIT_LIMIT, "the window to settle");
  g_assert_true (gtk_widget_is_sensitive (check_button (f.window)));

  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  int status;

  cs_test_ui_init (&argc, &argv);
  app = cs_test_app_new ();

  g_test_add_func ("/window/disc-actions/check-good", test_check_good);
  g_test_add_func ("/window/disc-actions/check-bad", test_check_bad);
  g_test_add_func ("/window/disc-actions/cancel-check", test_cancel_check);
  g_test_add_func ("/window/disc-actions/check-other-medium", test_check_other_medium);
  g_test_add_func ("/window/disc-actions/cancel-midway", test_cancel_midway);
  g_test_add_func ("/window/disc-actions/recheck-cancelled", test_recheck_cancelled);
  g_test_add_func ("/window/disc-actions/waits-for-store", test_check_waits_for_store);

  status = g_test_run ();

  g_object_unref (app);

  return status;
}
