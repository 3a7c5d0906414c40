/* test-window-state.c – what the window shows is what is true now (issue 14, items 3 and 6)
 *
 * Store to Disc waits, and the target card says why and what to do, when the window already
 * knows a store cannot succeed: the day does not fit the medium, the configured drive does
 * not exist. After a store and after the days change, nothing of the last run or the last
 * plan stays on screen: the step rows wait again, the capacity bar and its legend go.
 * Opened as test-window opens the window (cs-test-window-fixture.h) under Xvfb.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cs-drive-list.h"
#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-test-window-fixture.h"
#include "cs-window-private.h"

#define YESTERDAY_DIR "2026/11/25"

static gboolean
store_enabled (void)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (app), "store");
}

/* A staging day whose one file is @size bytes, sparse: larger than a CD without the disk
 * space (new path: g_free()). */
static char *
make_sparse_day (const char *stage,
                 const char *suffix,
                 goffset     size)
{
  char *day = cs_test_make_day (stage, suffix, TRUE, FALSE);
  g_autofree char *big = g_build_filename (day, "host1", "big.tar", NULL);
  int fd = g_open (big, O_WRONLY | O_CREAT | O_TRUNC, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  g_assert_true (g_close (fd, NULL));

  return day;
}

/* The widget named @name under @widget, or NULL. */
static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The reason row in the target card, its reason and its advice (by widget name, as a
 * screen reader or a theme would find them). */
static GtkWidget *
blocker_row (CsWindow *window)
{
  return find_named (GTK_WIDGET (window), "store-blocker");
}

static const char *
blocker_text (CsWindow   *window,
              const char *name)
{
  GtkWidget *label = find_named (GTK_WIDGET (window), name);

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

static gboolean
blocker_shown (CsWindow *window)
{
  GtkWidget *row = blocker_row (window);

  return row != NULL && gtk_widget_get_visible (row);
}

/* Store waits, the card's reason row is shown with @words in it, and the button's tooltip
 * says the same reason. */
static void
assert_blocked (CsWindow   *window,
                const char *words)
{
  const char *reason;
  const char *advice;
  const char *tooltip;

  g_assert_false (cs_window_get_can_store (window));
  g_assert_false (store_enabled ());
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (window->store_button)));

  g_assert_true (blocker_shown (window));
  g_assert_true (gtk_widget_is_drawable (find_named (GTK_WIDGET (window),
                                                     "store-blocker-reason")));
  reason = blocker_text (window, "store-blocker-reason");
  advice = blocker_text (window, "store-blocker-advice");
  cs_test_assert_contains (reason, words);
  g_assert_cmpuint (strlen (advice), >, 0);
  /* People's words, not the command line's. */
  g_assert_null (strstr (reason, "stdio:"));
  g_assert_null (strstr (advice, "--"));

  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (window->store_button));
  g_assert_nonnull (tooltip);
  cs_test_assert_contains (tooltip, reason);
  cs_test_assert_contains (tooltip, advice);
}

/* Nothing of an earlier plan on screen: the capacity row hidden, its legend empty. */
static void
assert_capacity_cleared (CsWindow *window)
{
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window->capacity_row)));
  g_assert_cmpstr (gtk_label_get_label (window->used_label), ==, "");
  g_assert_cmpstr (gtk_label_get_label (window->adds_label), ==, "");
  g_assert_cmpstr (gtk_label_get_label (window->free_label), ==, "");
  g_assert_cmpstr (gtk_label_get_label (window->plan_label), ==, "");
  g_assert_cmpuint (cs_capacity_bar_get_adds (window->capacity_bar), ==, 0);
  g_assert_null (cs_window_get_plan (window));
}

static void
assert_rows (CsWindow       *window,
             CsStepRowState  state)
{
  for (CsStep step = CS_STEP_FIND_DAY; step < CS_N_STEPS; step++)
    g_assert_cmpint (row_state (window, step), ==, state);
}

/* (a) A day larger than a whole CD (cdr-74, 681.6 MB): Store waits, the card names both
 * sizes. */
static void
test_too_big (void)
{
  CsOptions *options = cs_application_get_options (app);
  Fixture f = { 0 };
  const CsStorePlan *plan;
  g_autofree char *needs = NULL;
  g_autofree char *holds = NULL;
  const char *reason;

  fixture_set_up (&f);
  options->media_type = g_strdup ("cdr-74");
  f.day = make_sparse_day (f.stage, TODAY_DIR, (goffset) 700 * MIB);
  fixture_open (&f);

  plan = cs_window_get_plan (f.window);
  g_assert_nonnull (plan);
  g_assert_false (plan->fits);
  assert_blocked (f.window, "do not fit");
  needs = g_format_size (plan->image_size);
  holds = g_format_size (plan->available);
  reason = blocker_text (f.window, "store-blocker-reason");
  cs_test_assert_contains (reason, needs);
  cs_test_assert_contains (reason, holds);
  g_test_message ("reason: %s / %s", reason, blocker_text (f.window, "store-blocker-advice"));

  /* The medium is fine (blank): its row keeps the medium's icon; "does not fit" is the
   * reason row's. */
  g_assert_cmpstr (gtk_image_get_icon_name (f.window->medium_icon), ==,
                   "media-optical-symbolic");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f.window->medium_icon), "error"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (f.window->medium_icon), "warning"));

  _cs_window_scroll_to (f.window, blocker_row (f.window));
  cs_test_screenshot (GTK_WIDGET (f.window), "storebutton-disabled");

  /* A new disc over a used medium says why it starts one. */
  {
    CsStorePlan *other = cs_store_plan_copy (plan);

    other->new_disc = TRUE;
    other->medium_state = CS_MEDIUM_APPENDABLE;
    g_free (other->new_disc_reason);
    other->new_disc_reason = g_strdup ("Monday starts a new week in your Cedar Backup "
                                       "configuration");
    _cs_window_show_plan (f.window, other);
    g_assert_cmpstr (gtk_label_get_label (f.window->plan_label), ==,
                     "This store starts a new disc: what is on it now will be erased. "
                     "Monday starts a new week in your Cedar Backup configuration.");
    _cs_window_show_plan (f.window, plan);
    cs_store_plan_free (other);
  }

  /* Pressing it anyway (Ctrl+Enter reaches cs_window_store()) starts nothing. */
  cs_window_store (f.window);
  g_assert_false (cs_window_get_busy (f.window));
  g_assert_false (g_file_test (f.image, G_FILE_TEST_EXISTS));

  g_clear_pointer (&options->media_type, g_free);
  fixture_tear_down (&f);
}

/* (b) The configured drive does not exist: Store waits, the card says so and what to do. */
static void
test_no_drive (void)
{
  CsOptions *options = cs_application_get_options (app);
  Fixture f = { 0 };
  const char *advice;

  fixture_set_up (&f);
  set_option (&options->device, "/dev/sr9");
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  fixture_open (&f);

  g_assert_cmpstr (cs_window_get_target (f.window), ==, "/dev/sr9");
  assert_blocked (f.window, "/dev/sr9");
  cs_test_assert_contains (blocker_text (f.window, "store-blocker-reason"), "does not exist");
  advice = blocker_text (f.window, "store-blocker-advice");
  cs_test_assert_contains (advice, "image file");
  g_test_message ("reason: %s / %s", blocker_text (f.window, "store-blocker-reason"), advice);

  /* The medium row and the log say it too, naming the device. */
  g_assert_cmpstr (adw_action_row_get_subtitle (f.window->medium_row), ==, "No drive");
  {
    g_autofree char *log = _cs_window_log_get_text (f.window);

    cs_test_assert_contains (log, "The drive /dev/sr9 does not exist.");
  }

  cs_test_screenshot (GTK_WIDGET (f.window), "storebutton-no-drive");
  cs_window_store (f.window);
  g_assert_false (cs_window_get_busy (f.window));

  fixture_tear_down (&f);
}

/* (c) After a successful store: its outcome stays while nothing else waits; another day
 * waiting brings the step rows back to waiting; removing it clears the capacity bar. */
static void
test_after_store (void)
{
  Fixture f = { 0 };
  g_autofree char *other = NULL;

  fixture_set_up (&f);
  f.day = make_big_day (f.stage, TODAY_DIR, 2 * MIB);
  fixture_open (&f);
  g_assert_true (store_enabled ());
  g_assert_false (blocker_shown (f.window));
  assert_rows (f.window, CS_STEP_ROW_PENDING);

  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to finish");
  wait_settled (f.window);
  g_assert_true (indicator_exists (f.day));
  /* Nothing left: the outcome stays, the plan of the stored day does not. */
  assert_rows (f.window, CS_STEP_ROW_DONE);
  assert_capacity_cleared (f.window);

  /* Another day waits: no checkmarks of the last run over it. */
  other = make_big_day (f.stage, YESTERDAY_DIR, 1 * MIB);
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.refresh", NULL);
  wait_settled (f.window);
  g_assert_cmpuint (cs_window_get_days (f.window)->len, ==, 1);
  g_assert_true (store_enabled ());
  assert_rows (f.window, CS_STEP_ROW_PENDING);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.window->capacity_row)));
  g_assert_cmpstr (gtk_label_get_label (f.window->adds_label), !=, "");
  cs_test_screenshot (GTK_WIDGET (f.window), "storebutton-next-day");

  /* Removed: nothing to store, nothing of its plan shown. */
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.remove-day", "s", YESTERDAY_DIR);
  wait_settled (f.window);
  g_assert_cmpuint (cs_window_get_days (f.window)->len, ==, 0);
  assert_rows (f.window, CS_STEP_ROW_PENDING);
  assert_capacity_cleared (f.window);
  g_assert_false (store_enabled ());

  fixture_tear_down (&f);
}

/* (d) Every day taken out of the selection: the bar and its legend go ("… this store" of
 * the removed day must not stay), and the card does not say "Chosen by hand" over nothing. */
static void
test_selection_emptied (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f);
  f.day = make_big_day (f.stage, TODAY_DIR, 2 * MIB);
  fixture_open (&f);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.window->capacity_row)));
  g_assert_cmpstr (gtk_label_get_label (f.window->adds_label), !=, "");

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.remove-day", "s", TODAY_DIR);
  wait_settled (f.window);
  g_assert_nonnull (cs_window_get_selection (f.window));
  g_assert_cmpuint (cs_window_get_selection (f.window)->len, ==, 0);
  assert_capacity_cleared (f.window);
  g_assert_null (strstr (adw_preferences_group_get_description (f.window->days_group)
                        ? adw_preferences_group_get_description (f.window->days_group) : "",
                        "Chosen by hand"));
  g_assert_false (store_enabled ());
  cs_test_screenshot (GTK_WIDGET (f.window), "storebutton-emptied");

  fixture_tear_down (&f);
}

static gboolean
hand_picked (gpointer window)
{
  GPtrArray *selection = cs_window_get_selection (CS_WINDOW (window));

  return selection != NULL && selection->len > 0;
}

/* (e) The last hand-picked day removed: back to Cedar Backup's choice (as "Reset"), not
 * "No Staged Day to Store" while find-day has a day (issue 14); Undo brings it back. */
static void
test_hand_selection_emptied (void)
{
  Fixture f = { 0 };
  g_autofree char *old_day = NULL;
  GSList *files = NULL;
  GPtrArray *days;

  fixture_set_up (&f);
  f.day = make_big_day (f.stage, TODAY_DIR, 2 * MIB);
  old_day = make_big_day (f.stage, "2026/11/20", 1 * MIB);
  fixture_open (&f);
  g_assert_null (cs_window_get_selection (f.window));

  files = g_slist_append (files, g_file_new_for_path (old_day));
  _cs_window_add_folders (f.window, files);
  g_slist_free_full (files, g_object_unref);
  cs_test_wait_for (hand_picked, f.window, WAIT_LIMIT, "the hand-picked day");
  wait_settled (f.window);

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.remove-day", "s", "2026/11/20");
  wait_settled (f.window);
  g_assert_null (cs_window_get_selection (f.window));
  days = cs_window_get_days (f.window);
  g_assert_cmpuint (days->len, ==, 1);
  g_assert_cmpstr (((CsDay *) g_ptr_array_index (days, 0))->suffix, ==, TODAY_DIR);
  g_assert_true (store_enabled ());
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f.window->empty_page)));

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.undo-remove", NULL);
  wait_settled (f.window);
  g_assert_nonnull (cs_window_get_selection (f.window));
  g_assert_cmpuint (cs_window_get_selection (f.window)->len, ==, 1);
  g_assert_cmpstr (((CsDay *) g_ptr_array_index (cs_window_get_selection (f.window), 0))->suffix,
                   ==, "2026/11/20");

  fixture_tear_down (&f);
}

/* A configuration error after days were chosen by hand: the days card does not say "Chosen
 * by hand" over the error, nothing of the last plan stays, Store waits; once the settings
 * are good again, the log says so after its old error line. */
static void
test_config_error (void)
{
  CsOptions *options = cs_application_get_options (app);
  Fixture f = { 0 };
  g_autofree char *other = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *log = NULL;
  const char *description;

  fixture_set_up (&f);
  f.day = make_big_day (f.stage, TODAY_DIR, 1 * MIB);
  other = make_big_day (f.stage, YESTERDAY_DIR, 1 * MIB);
  options->day_dirs = g_new0 (char *, 3);
  options->day_dirs[0] = g_strdup (f.day);
  options->day_dirs[1] = g_strdup (other);
  fixture_open (&f);
  cs_test_assert_contains (adw_preferences_group_get_description (f.window->days_group),
                           "Chosen by hand");
  g_assert_true (store_enabled ());

  config_path = g_build_filename (f.tmp, "cback3.conf", NULL);
  cs_test_write_file (config_path, "this is not a Cedar Backup configuration\n", -1);
  set_option (&options->config_path, config_path);
  cs_window_refresh (f.window);
  wait_settled (f.window);

  g_assert_null (cs_window_get_config (f.window));
  description = adw_preferences_group_get_description (f.window->days_group);
  g_assert_null (strstr (description ? description : "", "Chosen by hand"));
  g_assert_false (store_enabled ());
  assert_capacity_cleared (f.window);
  /* The problem page's text ends as a sentence, though GMarkup's message does not. */
  description = adw_status_page_get_description (f.window->empty_page);
  g_test_message ("problem: %s", description);
  g_assert_true (g_str_has_suffix (description, "."));
  cs_test_screenshot (GTK_WIDGET (f.window), "storebutton-config-error");

  set_option (&options->config_path, NULL);
  cs_window_refresh (f.window);
  wait_settled (f.window);
  g_assert_nonnull (cs_window_get_config (f.window));
  g_assert_true (store_enabled ());
  log = cs_window_get_log_text (f.window);
  cs_test_assert_contains (strstr (log, config_path), "Looked again");

  fixture_tear_down (&f);
}

/* A drive the drive list found held by another program (the list is faked: no test machine
 * has a drive a burner holds). Before that, a dry run that failed for a reason the window
 * cannot be sure of (the device is not a drive libburn can use) does not block Store. */
static void
test_busy_drive (void)
{
  CsOptions *options = cs_application_get_options (app);
  Fixture f = { 0 };
  const char *drives[] = { "/dev/null", NULL };
  CsDriveUse busy = CS_DRIVE_BUSY;

  fixture_set_up (&f);
  set_option (&options->device, "/dev/null");
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  fixture_open (&f);
  g_assert_nonnull (f.window->check_error);
  g_assert_true (store_enabled ());
  g_assert_false (blocker_shown (f.window));

  g_strfreev (f.window->drives);
  f.window->drives = g_strdupv ((char **) drives);
  g_clear_pointer (&f.window->drive_uses, g_array_unref);
  f.window->drive_uses = g_array_new (FALSE, FALSE, sizeof (CsDriveUse));
  g_array_append_val (f.window->drive_uses, busy);
  _cs_window_update_state (f.window);
  assert_blocked (f.window, "Another program is using the drive /dev/null");
  cs_test_assert_contains (blocker_text (f.window, "store-blocker-advice"),
                           "Close the program that uses the drive");

  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  int status;

  cs_test_ui_init (&argc, &argv);
  app = cs_test_app_new ();

  g_test_add_func ("/window-state/too-big", test_too_big);
  g_test_add_func ("/window-state/no-drive", test_no_drive);
  g_test_add_func ("/window-state/after-store", test_after_store);
  g_test_add_func ("/window-state/selection-emptied", test_selection_emptied);
  g_test_add_func ("/window-state/hand-selection-emptied", test_hand_selection_emptied);
  g_test_add_func ("/window-state/config-error", test_config_error);
  g_test_add_func ("/window-state/busy-drive", test_busy_drive);

  status = g_test_run ();

  g_object_unref (app);

  return status;
}
