/* test-window.c – the real window, driven through its actions, under Xvfb
 *
 * Each test opens the window on a temporary staging tree with an image-file target, as the
 * command line would (--stage-dir, --device stdio:…, --date), and runs the main loop until
 * what it waits for happens (cs-test-window-fixture.h). Screenshots of the states go to the
 * build directory. The window refusing or failing a store: test-window-refusals.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cs-application.h"
#include "cs-day-row.h"
#include "cs-preferences-window.h"
#include "cs-test-stalls.h"
#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-test-window-fixture.h"
#include "cs-window-private.h"

typedef struct
{
  CsWindow *window;
  double    fraction;
} WriteWait;

static gboolean
is_writing (gpointer data)
{
  WriteWait *wait = data;
  CsStepRow *row = cs_window_get_step_row (wait->window, CS_STEP_WRITE);

  return !cs_window_get_busy (wait->window) ||
         (cs_step_row_get_state (row) == CS_STEP_ROW_RUNNING &&
          cs_step_row_get_fraction (row) >= wait->fraction);
}

static void
test_store (void)
{
  Fixture f = { 0 };
  WriteWait writing;
  CsTestStalls stalls;
  g_autofree char *why = NULL;
  gint64 io;
  g_autofree char *log = NULL;
  g_autofree char *saved = NULL;
  const CsStorePlan *plan;

  fixture_set_up (&f);
  f.day = make_big_day (f.stage, TODAY_DIR, 200 * MIB);
  fixture_open (&f);

  /* Ready: find-day's day, the target, and the medium checked by a dry run. */
  g_assert_nonnull (cs_window_get_days (f.window));
  g_assert_cmpuint (cs_window_get_days (f.window)->len, ==, 1);
  g_assert_null (cs_window_get_selection (f.window));
  g_assert_cmpstr (cs_window_get_target (f.window), ==, f.device);
  g_assert_true (cs_window_get_can_store (f.window));
  plan = cs_window_get_plan (f.window);
  g_assert_nonnull (plan);
  g_assert_true (plan->fits);
  g_assert_cmpuint (plan->image_size, >, 200 * MIB);
  g_assert_true (cs_capacity_bar_get_fits (f.window->capacity_bar));
  g_assert_cmpuint (cs_capacity_bar_get_adds (f.window->capacity_bar), ==, plan->image_size);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (f.window->capacity_row)));
  g_assert_false (g_file_test (f.image, G_FILE_TEST_EXISTS));
  for (CsStep step = CS_STEP_FIND_DAY; step < CS_N_STEPS; step++)
    g_assert_cmpint (row_state (f.window, step), ==, CS_STEP_ROW_PENDING);
  cs_test_screenshot (GTK_WIDGET (f.window), "ready");

  /* Store, measuring how long the main loop is ever kept from running. */
  cs_test_stalls_start (&stalls, f.window);
  if (g_getenv ("CS_TEST_FRAMES"))
    cs_test_stalls_watch_frames (GTK_WIDGET (f.window));
  store (f.window);

  writing = (WriteWait) { f.window, 0.2 };
  cs_test_wait_for (is_writing, &writing, WAIT_LIMIT, "the write step");
  if (cs_window_get_busy (f.window))
    {
      /* The screenshot is the test's own stall, not the window's. */
      gint64 before = g_get_monotonic_time ();

      cs_test_screenshot (GTK_WIDGET (f.window), "running");
      g_test_message ("running screenshot took %" G_GINT64_FORMAT " ms",
                      (g_get_monotonic_time () - before) / 1000);
      stalls.last = 0;
    }

  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to finish");
  cs_test_stalls_stop (&stalls);
  io = cs_test_stalls_thread_disk_io () - stalls.io_start;
  g_test_message ("largest main-loop gap during the store: %" G_GINT64_FORMAT " ms; at most %"
                  G_GINT64_FORMAT " ms of a gap not waiting for a CPU, %" G_GINT64_FORMAT
                  " ms on it; main-thread disk I/O %" G_GINT64_FORMAT " bytes (%u ticks; load %s)",
                  stalls.max_gap / 1000, stalls.max_blocked / 1000, stalls.max_cpu / 1000,
                  io, stalls.ticks, cs_test_stalls_load_average ());
  g_assert_cmpint (stalls.max_cpu, <, 100 * 1000);
  g_assert_cmpint (io, <, MIB);
  g_assert_cmpuint (stalls.ticks, >, 10);
  if (!cs_test_stalls_machine_overloaded (&stalls, &why))
    {
      g_test_message ("the machine was not overloaded (%s): the wall-clock gap is asserted", why);
      g_assert_cmpint (stalls.max_gap, <, 100 * 1000);
    }
  else
    {
      g_test_message ("the machine was overloaded (%s): the wall-clock gap is reported, "
                      "not asserted", why);
    }

  log = cs_window_get_log_text (f.window);
  g_test_message ("log:\n%s", log);
  for (CsStep step = CS_STEP_FIND_DAY; step < CS_N_STEPS; step++)
    g_assert_cmpint (row_state (f.window, step), ==, CS_STEP_ROW_DONE);
  g_assert_true (indicator_exists (f.day));
  g_assert_true (g_file_test (f.image, G_FILE_TEST_IS_REGULAR));

  g_assert_nonnull (strstr (log, "Executed the 'store' action successfully."));
  g_assert_nonnull (strstr (log, "Stored and verified 1 day"));
  g_assert_nonnull (f.window->last_toast);
  g_assert_nonnull (strstr (f.window->last_toast, "Stored and verified"));
  g_test_message ("notification: %s", f.window->last_notification ?
                                       f.window->last_notification : "(window was active)");

  /* The run's log is kept in the state directory. */
  wait_settled (f.window);
  g_assert_nonnull (cs_window_get_last_log_path (f.window));
  g_assert_true (g_str_has_prefix (cs_window_get_last_log_path (f.window),
                                   g_get_user_state_dir ()));
  g_assert_true (g_file_get_contents (cs_window_get_last_log_path (f.window), &saved, NULL, NULL));
  g_assert_nonnull (strstr (saved, "Executed the 'store' action successfully."));

  /* Done: the day is stored, so find-day has nothing left. */
  g_assert_true (cs_window_get_days (f.window) == NULL ||
                 cs_window_get_days (f.window)->len == 0);
  g_assert_false (cs_window_get_can_store (f.window));
  cs_test_screenshot (GTK_WIDGET (f.window), "done");

  /* The log followed its end all along. */
  {
    GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (f.window->log_scroller);

    g_assert_true (f.window->log_follow);
    g_assert_cmpfloat (gtk_adjustment_get_value (vadj) + gtk_adjustment_get_page_size (vadj), >=,
                       gtk_adjustment_get_upper (vadj) - 16.0);
  }

  fixture_tear_down (&f);
}

static void
drop_files (CsWindow    *window,
            const char **paths)
{
  GSList *files = NULL;
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  for (guint i = 0; paths[i] != NULL; i++)
    files = g_slist_append (files, g_file_new_for_path (paths[i]));

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (files));
  g_signal_emit_by_name (window->drop_target, "drop", &value, 10.0, 10.0, &handled);
  g_assert_true (handled);
  g_value_unset (&value);
  g_slist_free_full (files, g_object_unref);

  wait_settled (window);
}

static gboolean
selection_has (CsWindow   *window,
               const char *suffix)
{
  GPtrArray *selection = cs_window_get_selection (window);

  for (guint i = 0; selection != NULL && i < selection->len; i++)
    {
      const CsDay *day = g_ptr_array_index (selection, i);

      if (g_str_equal (day->suffix, suffix))
        return TRUE;
    }

  return FALSE;
}

static guint
n_day_rows (CsWindow *window)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->days_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (CS_IS_DAY_ROW (child))
        n++;
    }

  return n;
}

static void
test_drop (void)
{
  Fixture f = { 0 };
  g_autofree char *today = NULL;
  g_autofree char *yesterday = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *notes = NULL;
  const char *drop_day[] = { NULL, NULL };
  const char *drop_notes[] = { NULL, NULL };
  const char *drop_root[] = { NULL, NULL };

  fixture_set_up (&f);
  today = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  yesterday = cs_test_make_day (f.stage, "2026/11/25", TRUE, FALSE);
  stored = cs_test_make_day (f.stage, "2026/11/24", TRUE, TRUE);
  notes = g_build_filename (f.tmp, "notes", "2026", NULL);
  g_assert_cmpint (g_mkdir_with_parents (notes, 0755), ==, 0);
  fixture_open (&f);

  /* find-day picked today; nothing is selected by hand yet. */
  g_assert_null (cs_window_get_selection (f.window));
  g_assert_cmpuint (cs_window_get_days (f.window)->len, ==, 1);

  /* A valid day: selected, in place of find-day's pick. */
  drop_day[0] = yesterday;
  drop_files (f.window, drop_day);
  g_assert_nonnull (cs_window_get_selection (f.window));
  g_assert_cmpuint (cs_window_get_selection (f.window)->len, ==, 1);
  g_assert_true (selection_has (f.window, "2026/11/25"));
  g_assert_cmpuint (cs_window_get_days (f.window)->len, ==, 1);
  g_assert_cmpuint (n_day_rows (f.window), ==, 1);
  g_assert_nonnull (cs_window_get_plan (f.window));

  /* A folder that is not a staging day: refused with a reason, selection unchanged. */
  drop_notes[0] = notes;
  drop_files (f.window, drop_notes);
  g_assert_cmpuint (cs_window_get_selection (f.window)->len, ==, 1);
  g_assert_true (selection_has (f.window, "2026/11/25"));
  /* Said in a dialog that names each refused folder (issue 14, item 11), and in the log. */
  {
    g_autofree char *log = cs_window_get_log_text (f.window);
    GListModel *toplevels = gtk_window_get_toplevels ();
    AdwMessageDialog *refusal = NULL;

    g_assert_nonnull (strstr (log, "“2026” is not a staging day"));
    for (guint i = 0; refusal == NULL && i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (toplevel)
            && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (f.window))
          refusal = ADW_MESSAGE_DIALOG (toplevel);
      }
    g_assert_nonnull (refusal);
    g_assert_nonnull (strstr (adw_message_dialog_get_body (refusal), "is not a staging day"));
    adw_message_dialog_response (refusal, "close");
    /* Back to the window, as a window manager would (a store it ends notifies otherwise). */
    gtk_window_present (GTK_WINDOW (f.window));
    cs_test_drain ();
  }

  /* The staging root: its unstored days, not the stored one. */
  drop_root[0] = f.stage;
  drop_files (f.window, drop_root);
  g_assert_cmpuint (cs_window_get_selection (f.window)->len, ==, 2);
  g_assert_true (selection_has (f.window, "2026/11/25"));
  g_assert_true (selection_has (f.window, TODAY_DIR));
  g_assert_false (selection_has (f.window, "2026/11/24"));
  g_assert_cmpuint (n_day_rows (f.window), ==, 2);
  cs_test_screenshot (GTK_WIDGET (f.window), "selection");

  /* Removing a day, and undoing it. */
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.remove-day", "s", "2026/11/25");
  wait_settled (f.window);
  g_assert_cmpuint (cs_window_get_selection (f.window)->len, ==, 1);
  g_assert_false (selection_has (f.window, "2026/11/25"));
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.undo-remove", NULL);
  wait_settled (f.window);
  g_assert_cmpuint (cs_window_get_selection (f.window)->len, ==, 2);

  /* Both days go onto the disc as one session. */
  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to finish");
  for (CsStep step = CS_STEP_FIND_DAY; step < CS_N_STEPS; step++)
    g_assert_cmpint (row_state (f.window, step), ==, CS_STEP_ROW_DONE);
  g_assert_true (indicator_exists (today));
  g_assert_true (indicator_exists (yesterday));
  wait_settled (f.window);
  /* Stored: back to find-day, which finds nothing left. */
  g_assert_null (cs_window_get_selection (f.window));

  fixture_tear_down (&f);
}

static gboolean
write_or_later_started (gpointer data)
{
  CsWindow *window = data;

  return !cs_window_get_busy (window) ||
         row_state (window, CS_STEP_WRITE) != CS_STEP_ROW_PENDING;
}

static void
test_cancel (void)
{
  Fixture f = { 0 };
  WriteWait writing;
  g_autofree char *log = NULL;
  CsStep cancelled = CS_STEP_NONE;

  fixture_set_up (&f);
  f.day = make_big_day (f.stage, TODAY_DIR, 300 * MIB);
  fixture_open (&f);

  store (f.window);
  cs_test_wait_for (write_or_later_started, f.window, WAIT_LIMIT, "the write step");
  writing = (WriteWait) { f.window, 0.01 };
  cs_test_wait_for (is_writing, &writing, WAIT_LIMIT, "bytes written");
  g_assert_true (cs_window_get_busy (f.window));
  g_test_message ("cancelling at %.0f %% of the write",
                  100 * cs_step_row_get_fraction (cs_window_get_step_row (f.window,
                                                                          CS_STEP_WRITE)));
  g_action_group_activate_action (G_ACTION_GROUP (app), "cancel", NULL);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to stop");

  for (CsStep step = CS_STEP_FIND_DAY; step < CS_N_STEPS; step++)
    {
      CsStepRowState state = row_state (f.window, step);

      if (state == CS_STEP_ROW_CANCELLED)
        cancelled = step;
      else if (cancelled != CS_STEP_NONE)
        g_assert_cmpint (state, ==, CS_STEP_ROW_SKIPPED);
    }
  g_test_message ("cancelled in step %d", cancelled);
  g_assert_cmpint (cancelled, ==, CS_STEP_WRITE);
  g_assert_cmpint (row_state (f.window, CS_STEP_MARK_STORED), ==, CS_STEP_ROW_SKIPPED);
  g_assert_false (indicator_exists (f.day));
  g_assert_nonnull (strstr (f.window->last_toast, "cancelled"));
  log = cs_window_get_log_text (f.window);
  g_assert_nonnull (strstr (log, "Store cancelled"));

  wait_settled (f.window);
  /* Still there to store. */
  g_assert_cmpuint (cs_window_get_days (f.window)->len, ==, 1);
  cs_test_screenshot (GTK_WIDGET (f.window), "cancelled");

  fixture_tear_down (&f);
}

static void
test_settings (void)
{
  Fixture f = { 0 };
  CsOptions *options = cs_application_get_options (app);
  g_autofree char *config_path = NULL;
  g_autofree char *config = NULL;
  GSettings *settings;
  const CsConfig *used;
  GtkWidget *preferences;

  fixture_set_up (&f);
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  fixture_open (&f);

  settings = cs_window_get_settings (f.window);
  g_assert_nonnull (settings);

  /* Built-in defaults, then what the user sets. */
  used = cs_window_get_config (f.window);
  g_assert_true (used->check_data);
  g_assert_cmpint (used->origin[CS_CONFIG_KEY_CHECK_DATA], ==, CS_ORIGIN_DEFAULT);
  g_assert_cmpint (used->origin[CS_CONFIG_KEY_STAGING_DIR], ==, CS_ORIGIN_COMMAND_LINE);

  g_settings_set_boolean (settings, "verify", FALSE);
  g_settings_set_string (settings, "media-type", "dvd+rw");
  g_settings_set_string (settings, "blank-mode", "weekly");
  g_settings_set_double (settings, "blank-factor", 1.5);
  wait_settled (f.window);
  used = cs_window_get_config (f.window);
  g_assert_false (used->check_data);
  g_assert_cmpint (used->origin[CS_CONFIG_KEY_CHECK_DATA], ==, CS_ORIGIN_SETTINGS);
  g_assert_cmpint (used->media_type, ==, CS_MEDIA_DVDPLUSRW);
  g_assert_cmpint (used->blank_mode, ==, CS_BLANK_WEEKLY);
  g_assert_cmpfloat (used->blank_factor, ==, 1.5);

  /* The Cedar configuration file is stronger than the preference... */
  config_path = g_build_filename (f.tmp, "cback3.conf", NULL);
  config = g_strdup_printf ("<?xml version=\"1.0\"?>\n<cb_config>\n"
                            "<options><starting_day>tuesday</starting_day>"
                            "<working_dir>/tmp</working_dir><backup_user>backup</backup_user>"
                            "<backup_group>backup</backup_group>"
                            "<rcp_command>/usr/bin/scp -B</rcp_command></options>\n"
                            "<store><source_dir>%s</source_dir><media_type>cdrw-74</media_type>"
                            "<target_device>/dev/cdrw</target_device>"
                            "<check_data>Y</check_data></store>\n</cb_config>\n", f.stage);
  cs_test_write_file (config_path, config, -1);
  g_settings_set_string (settings, "config-file", config_path);
  wait_settled (f.window);
  used = cs_window_get_config (f.window);
  g_assert_cmpstr (used->path, ==, config_path);
  g_assert_true (used->check_data);
  g_assert_cmpint (used->origin[CS_CONFIG_KEY_CHECK_DATA], ==, CS_ORIGIN_CONFIG);
  g_assert_cmpint (used->starting_day, ==, 1);
  g_assert_cmpint (used->origin[CS_CONFIG_KEY_STARTING_DAY], ==, CS_ORIGIN_CONFIG);
  /* ...where it says something; elsewhere the preference still counts. */
  g_assert_cmpint (used->blank_mode, ==, CS_BLANK_WEEKLY);
  g_assert_cmpint (used->origin[CS_CONFIG_KEY_BLANK_BEHAVIOR], ==, CS_ORIGIN_SETTINGS);
  /* The command line is stronger still. */
  g_assert_cmpstr (cs_window_get_target (f.window), ==, f.device);
  g_assert_cmpint (used->origin[CS_CONFIG_KEY_TARGET_DEVICE], ==, CS_ORIGIN_COMMAND_LINE);

  options->verify = 0;
  cs_window_refresh (f.window);
  wait_settled (f.window);
  used = cs_window_get_config (f.window);
  g_assert_false (used->check_data);
  g_assert_cmpint (used->origin[CS_CONFIG_KEY_CHECK_DATA], ==, CS_ORIGIN_COMMAND_LINE);
  options->verify = -1;
  cs_window_refresh (f.window);
  wait_settled (f.window);

  /* Preferences shows where a value comes from, and does not let it be changed there. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  preferences = NULL;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (CS_IS_PREFERENCES_WINDOW (l->data))
        preferences = l->data;
    }
  g_assert_nonnull (preferences);
  {
    g_autoptr(GError) error = NULL;

    cs_test_resize_window (GTK_WINDOW (preferences), 640, 900, &error);
    g_assert_no_error (error);
  }
  cs_test_screenshot (preferences, "preferences");
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_settings_reset (settings, "config-file");
  g_settings_reset (settings, "verify");
  g_settings_reset (settings, "media-type");
  g_settings_reset (settings, "blank-mode");
  g_settings_reset (settings, "blank-factor");
  wait_settled (f.window);

  fixture_tear_down (&f);
}

/* Every control a screen reader reaches has a name. */
static void
check_names (GtkWidget *widget,
             GString   *unnamed)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_names (child, unnamed);

  if (!gtk_widget_get_visible (widget))
    return;

  if ((GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) || GTK_IS_SWITCH (widget) ||
       GTK_IS_SPIN_BUTTON (widget) || GTK_IS_PROGRESS_BAR (widget) ||
       GTK_IS_TEXT_VIEW (widget) || CS_IS_CAPACITY_BAR (widget)) &&
      !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL) &&
      !gtk_test_accessible_has_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
    {
      const char *label = GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget)) : NULL;
      gboolean has_text = label != NULL && *label != '\0';

      /* A button with an AdwButtonContent or a label child is named by it. */
      if (!has_text && GTK_IS_BUTTON (widget))
        {
          GtkWidget *child = gtk_button_get_child (GTK_BUTTON (widget));

          has_text = ADW_IS_BUTTON_CONTENT (child) || GTK_IS_LABEL (child);
        }

      if (!has_text)
        g_string_append_printf (unnamed, "%s ", G_OBJECT_TYPE_NAME (widget));
    }
}

static void
test_accessible (void)
{
  Fixture f = { 0 };
  g_autoptr(GString) unnamed = g_string_new (NULL);
  GtkWidget *preferences = NULL;

  fixture_set_up (&f);
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  fixture_open (&f);

  /* A selection, so the day rows have their remove buttons. */
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.remove-day", "s", TODAY_DIR);
  wait_settled (f.window);
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.undo-remove", NULL);
  wait_settled (f.window);
  g_assert_cmpuint (n_day_rows (f.window), ==, 1);

  check_names (GTK_WIDGET (f.window), unnamed);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (CS_IS_PREFERENCES_WINDOW (l->data))
        preferences = l->data;
    }
  g_assert_nonnull (preferences);
  check_names (preferences, unnamed);
  gtk_window_destroy (GTK_WINDOW (preferences));

  g_assert_cmpstr (unnamed->str, ==, "");

  /* The shortcuts window and the accelerators of the issue. */
  g_assert_true (g_resources_get_info ("/io/github/cedarstore/CedarStore/gtk/help-overlay.ui",
                                       0, NULL, NULL, NULL));
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f.window)));
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.show-help-overlay", NULL);
  cs_test_screenshot (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f.window))),
                           "shortcuts");
  gtk_widget_set_visible (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (f.window))),
                          FALSE);
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "app.store");
    g_assert_cmpstr (accels[0], ==, "<Control>Return");
  }
  {
    g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app),
                                                                  "app.cancel");
    g_assert_cmpstr (accels[0], ==, "Escape");
  }

  fixture_tear_down (&f);
}

/* Something queues a redraw after every frame (as a spinner, a fading scrollbar or a late
 * ConfigureNotify do): a screenshot still gets the frame that was painted, at its size.
 * The helper before issue 10 took a GtkWidgetPaintable after the frame and got no node. */
static void
queue_draw_after_paint (GdkFrameClock *clock,
                        GtkWidget     *widget)
{
  gtk_widget_queue_draw (widget);
}

static void
test_screenshot_while_redrawing (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *path = g_build_filename (dir ? dir : ".", "window-redrawing.png", NULL);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  GdkFrameClock *clock;
  gulong handler;

  gtk_box_append (GTK_BOX (box), gtk_label_new ("Redrawn every frame"));
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_window_set_child (GTK_WINDOW (window), box);
  gtk_window_set_default_size (GTK_WINDOW (window), 300, 200);
  g_remove (path);
  gtk_window_present (GTK_WINDOW (window));

  clock = gtk_widget_get_frame_clock (window);
  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (queue_draw_after_paint), window);
  for (guint i = 0; i < 3; i++)
    {
      cs_test_save_screenshot (window, "redrawing", &error);
      g_assert_no_error (error);
      texture = gdk_texture_new_from_filename (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (window));
      g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (window));
      g_clear_object (&texture);
    }
  g_signal_handler_disconnect (clock, handler);
  cs_test_destroy_window (GTK_WINDOW (window));
}

/* Closing the window the moment a store ends, while the log still scrolls to its last
 * lines: nothing may move the log's adjustment while GTK finishes that animation (GTK 4.8
 * printed two criticals here, which are fatal in tests). */
static void
test_close_at_end (void)
{
  Fixture f = { 0 };

  fixture_set_up (&f);
  f.day = make_big_day (f.stage, TODAY_DIR, 20 * MIB);
  fixture_open (&f);

  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to finish");
  g_assert_true (indicator_exists (f.day));
  cs_test_destroy_window (GTK_WINDOW (f.window));

  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  int status;

  cs_test_ui_init (&argc, &argv);
  app = cs_test_app_new ();

  g_test_add_func ("/window/store", test_store);
  g_test_add_func ("/window/drop", test_drop);
  g_test_add_func ("/window/cancel", test_cancel);
  g_test_add_func ("/window/settings", test_settings);
  g_test_add_func ("/window/accessible", test_accessible);
  g_test_add_func ("/window/close-at-end", test_close_at_end);
  g_test_add_func ("/window/screenshot-while-redrawing", test_screenshot_while_redrawing);

  status = g_test_run ();

  g_object_unref (app);

  return status;
}
