/* test-window-refusals.c – the real window refusing a store, or failing one, under Xvfb
 *
 * A verify that finds the disc does not match the staging files, a staging path the image
 * cannot hold, and a day that cannot be marked as stored: each must say what happened and
 * what to do, and leave the day unmarked (or, with --no-mark, as it was). The window is
 * opened as test-window opens it (cs-test-window-fixture.h); screenshots of the states go to
 * the build directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cs-day-row.h"
#include "cs-store-job-private.h"
#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-test-window-fixture.h"
#include "cs-window-private.h"

/* Changes a staging file once the disc is written: the check must catch it. */
static void
corrupt_at_verify (CsStep   step,
                   gpointer user_data)
{
  const char *path = user_data;

  if (step == CS_STEP_VERIFY)
    cs_test_write_file (path, "changed after writing\n", -1);
}

/* The window notifies its job before running it: the moment to give it the hook. */
static void
on_job_created (CsWindow   *window,
                GParamSpec *pspec,
                gpointer    file)
{
  CsStoreJob *job = cs_window_get_job (window);

  if (job != NULL)
    _cs_store_job_set_step_hook (job, corrupt_at_verify, file);
}

static GtkWindow *
find_dialog (CsWindow *window)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (ADW_IS_MESSAGE_DIALOG (l->data) &&
          gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
        return l->data;
    }

  /* Message dialogs need not join the application: look at every toplevel. */
  {
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
            gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
          return toplevel;
      }
  }

  return NULL;
}

static void
test_failed (void)
{
  Fixture f = { 0 };
  g_autofree char *file = NULL;
  g_autofree char *log = NULL;
  GtkWindow *dialog;

  fixture_set_up (&f);
  f.day = make_big_day (f.stage, TODAY_DIR, 20 * MIB);
  file = g_build_filename (f.day, "host1", "etc.tar.gz", NULL);
  fixture_open (&f);

  g_signal_connect (f.window, "notify::job", G_CALLBACK (on_job_created), file);
  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to fail");

  g_assert_cmpint (row_state (f.window, CS_STEP_WRITE), ==, CS_STEP_ROW_DONE);
  g_assert_cmpint (row_state (f.window, CS_STEP_VERIFY), ==, CS_STEP_ROW_FAILED);
  g_assert_cmpint (row_state (f.window, CS_STEP_MARK_STORED), ==, CS_STEP_ROW_SKIPPED);
  g_assert_false (indicator_exists (f.day));
  log = cs_window_get_log_text (f.window);
  g_assert_null (strstr (log, "Executed the 'store' action successfully."));

  /* A dialog with the error and what to do next. */
  dialog = find_dialog (f.window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "The Disc Does Not Match");
  /* The staging file changed after writing: wait for the staging run (issue 14, item 10). */
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)),
                            "staging run is finished, then store the days again."));

  wait_settled (f.window);
  cs_test_screenshot (GTK_WIDGET (f.window), "failed");
  cs_test_screenshot (GTK_WIDGET (dialog), "failed-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");

  fixture_tear_down (&f);
}

static CsDayRow *
first_day_row (CsWindow *window)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (window->days_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (CS_IS_DAY_ROW (child))
        return CS_DAY_ROW (child);
    }
  return NULL;
}

static gboolean
store_enabled (void)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (app), "store");
}

static gboolean
dialog_shown (gpointer window)
{
  return find_dialog (window) != NULL;
}

/* Issue 13: a staging file the image cannot hold (18 nested directories of 250-byte names)
 * stops the store before writing, and the window shows the path shortened, not 4 KB of it.
 * The file appears after the window looked: the store finds it; the look after the store
 * shows it on the day row, not as a medium problem, and Store waits until Refresh finds it
 * gone. */
static void
test_unstorable_path (void)
{
  Fixture f = { 0 };
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *host = NULL;
  g_autofree char *deep = NULL;
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  const char *detail;
  const char *body;
  const char *subtitle;
  const char *tooltip;
  GtkWindow *dialog;
  CsDayRow *row;
  char name[251];

  fixture_set_up (&f);
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  fixture_open (&f);
  g_assert_true (cs_window_get_can_store (f.window));

  host = g_build_filename (f.day, "host1", NULL);
  memset (name, 'q', 250);
  name[250] = '\0';
  deep = g_build_filename (host, name, NULL);
  /* Down by relative steps: the whole path is longer than PATH_MAX. */
  g_assert_cmpint (g_chdir (host), ==, 0);
  for (guint i = 0; i < 18; i++)
    g_assert_true (g_mkdir (name, 0755) == 0 && g_chdir (name) == 0);
  g_assert_true (g_file_set_contents ("f.txt", "deep\n", -1, NULL));
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to fail");
  g_assert_cmpint (row_state (f.window, CS_STEP_BUILD_IMAGE), ==, CS_STEP_ROW_FAILED);
  g_assert_cmpint (row_state (f.window, CS_STEP_WRITE), !=, CS_STEP_ROW_DONE);
  g_assert_false (indicator_exists (f.day));
  g_assert_false (g_file_test (f.image, G_FILE_TEST_EXISTS));

  detail = cs_step_row_get_detail (cs_window_get_step_row (f.window, CS_STEP_BUILD_IMAGE));
  cs_test_assert_contains (detail, "“host1/qqqqqqqqqq");
  cs_test_assert_contains (detail, "…");
  cs_test_assert_contains (detail, "nothing was written");
  g_assert_cmpuint (g_utf8_strlen (detail, -1), <, 600);
  dialog = find_dialog (f.window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "A File Cannot Be Stored");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  cs_test_assert_contains (body, detail);
  g_assert_cmpuint (g_utf8_strlen (body, -1), <, 1000);
  log = cs_window_get_log_text (f.window);
  lines = g_strsplit (log, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (g_utf8_strlen (lines[i], -1), <, 700);

  wait_settled (f.window);
  cs_test_screenshot (GTK_WIDGET (f.window), "unstorable-path");
  cs_test_screenshot (GTK_WIDGET (dialog), "unstorable-path-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");

  /* The look after the store: the day row says it, the Target card does not, Store waits. */
  row = first_day_row (f.window);
  g_assert_nonnull (row);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  cs_test_assert_contains (subtitle, "Cannot be stored: ");
  cs_test_assert_contains (subtitle, "host1/qqqqqqqqqq");
  g_assert_null (strstr (subtitle, "\n\n"));
  tooltip = cs_day_row_get_tooltip (row);
  g_assert_nonnull (tooltip);
  cs_test_assert_contains (tooltip, "cannot be stored whole");
  g_assert_null (strstr (adw_action_row_get_subtitle (f.window->medium_row), "host1/qqq"));
  g_assert_null (f.window->check_error);
  g_assert_false (cs_window_get_can_store (f.window));
  g_assert_false (store_enabled ());
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (f.window->store_button)));
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (f.window->store_button));
  g_assert_nonnull (tooltip);
  cs_test_assert_contains (tooltip, "Look Again (F5)");
  cs_test_screenshot (GTK_WIDGET (f.window), "unstorable-path-row");

  {
    /* rm copes with paths longer than PATH_MAX; cs_test_rm_rf() does not. */
    const char * const rm[] = { "rm", "-rf", "--", deep, NULL };
    cs_test_run (rm, NULL, NULL);
  }
  /* Gone: Refresh (F5) lets Store go again. */
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.refresh", NULL);
  wait_settled (f.window);
  row = first_day_row (f.window);
  g_assert_null (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Cannot be stored"));
  g_assert_true (cs_window_get_can_store (f.window));

  fixture_tear_down (&f);
}

/* Issue 13: a day whose cback.store cannot be written says so before Store is pressed, and
 * Store waits for "Leave Days Unmarked". (A directory named cback.store: unmarkable for
 * root too, which CI runs as.) */
static void
test_unmarkable (void)
{
  CsOptions *options = cs_application_get_options (app);
  Fixture f = { 0 };
  g_autofree char *indicator = NULL;
  g_autofree char *log = NULL;
  g_auto(GStrv) lines = NULL;
  const char *problem;
  const char *subtitle;
  const char *tooltip;
  CsDayRow *row;

  fixture_set_up (&f);
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  indicator = g_build_filename (f.day, "cback.store", NULL);
  g_assert_cmpint (g_mkdir (indicator, 0755), ==, 0);
  options->day_dirs = g_new0 (char *, 2);
  options->day_dirs[0] = g_strdup (f.day);
  fixture_open (&f);

  row = first_day_row (f.window);
  g_assert_nonnull (row);
  problem = cs_day_row_get_mark_problem (row);
  g_assert_nonnull (problem);
  cs_test_assert_contains (problem, indicator);
  /* The engine's reason in the window's words (issue 14, item 5): its switch, no option. */
  cs_test_assert_contains (problem, "Leave Days Unmarked");
  g_assert_null (strstr (problem, "--no-mark"));
  /* Before Store: the window's words (nothing was tried yet, and its own switch), at most
   * two lines; the engine's full reason in the tooltip. */
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  cs_test_assert_contains (subtitle, "Leave Days Unmarked");
  g_assert_null (strstr (subtitle, "nothing was written"));
  g_assert_null (strstr (subtitle, "--no-mark"));
  g_assert_cmpuint (g_strv_length ((GStrv) (lines = g_strsplit (subtitle, "\n", -1))), <=, 3);
  tooltip = cs_day_row_get_tooltip (row);
  g_assert_nonnull (tooltip);
  cs_test_assert_contains (tooltip, problem);
  g_assert_false (cs_window_get_can_store (f.window));
  g_assert_false (store_enabled ());
  g_assert_false (gtk_widget_is_sensitive (GTK_WIDGET (f.window->store_button)));
  tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (f.window->store_button));
  g_assert_nonnull (tooltip);
  cs_test_assert_contains (tooltip, "Leave Days Unmarked");
  cs_test_assert_contains (tooltip, "Look Again (F5)");
  g_assert_null (strstr (tooltip, "nothing was written"));
  g_assert_null (strstr (tooltip, "--no-mark"));
  wait_settled (f.window);
  cs_test_screenshot (GTK_WIDGET (f.window), "unmarkable");

  gtk_switch_set_active (f.window->no_mark_switch, TRUE);
  g_assert_true (cs_window_get_can_store (f.window));
  g_assert_true (store_enabled ());
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (f.window->store_button)));
  cs_test_screenshot (GTK_WIDGET (f.window), "unmarkable-no-mark");

  /* Stored and verified, the day left as it was, and the outcome says so. */
  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to finish");
  g_assert_cmpint (row_state (f.window, CS_STEP_VERIFY), ==, CS_STEP_ROW_DONE);
  /* Nothing was marked: the step says it was skipped, and why. */
  g_assert_cmpint (row_state (f.window, CS_STEP_MARK_STORED), ==, CS_STEP_ROW_SKIPPED);
  g_assert_cmpstr (cs_step_row_get_detail (cs_window_get_step_row (f.window,
                                                                   CS_STEP_MARK_STORED)),
                   ==, "Left unmarked");
  g_assert_true (g_file_test (indicator, G_FILE_TEST_IS_DIR));
  log = cs_window_get_log_text (f.window);
  cs_test_assert_contains (log, "not marked as stored (Leave Days Unmarked), so the next "
                                "store will store it again");
  wait_settled (f.window);

  fixture_tear_down (&f);
}

/* Issue 13: a day that becomes unmarkable after the window looked: the store stops before
 * writing, and the dialog says it is the marking, not the settings. */
static void
test_unmarkable_late (void)
{
  CsOptions *options = cs_application_get_options (app);
  Fixture f = { 0 };
  g_autofree char *indicator = NULL;
  const char *body;
  GtkWindow *dialog;

  fixture_set_up (&f);
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  indicator = g_build_filename (f.day, "cback.store", NULL);
  /* Chosen by hand: find-day would take the directory for an indicator and skip the day. */
  options->day_dirs = g_new0 (char *, 2);
  options->day_dirs[0] = g_strdup (f.day);
  fixture_open (&f);
  g_assert_true (cs_window_get_can_store (f.window));

  g_assert_cmpint (g_mkdir (indicator, 0755), ==, 0);
  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to fail");
  g_assert_cmpint (row_state (f.window, CS_STEP_FIND_DAY), ==, CS_STEP_ROW_FAILED);
  g_assert_false (g_file_test (f.image, G_FILE_TEST_EXISTS));
  cs_test_wait_for (dialog_shown, f.window, WAIT_LIMIT, "the failure dialog");
  dialog = find_dialog (f.window);
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Cannot Mark the Day as Stored");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  cs_test_assert_contains (body, "Nothing was written. Give yourself write access to the "
                                 "staging folder, or turn on “Leave Days Unmarked”.");
  g_assert_null (strstr (body, "Preferences"));
  wait_settled (f.window);
  cs_test_screenshot (GTK_WIDGET (dialog), "unmarkable-late-dialog");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");

  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  int status;

  cs_test_ui_init (&argc, &argv);
  app = cs_test_app_new ();

  g_test_add_func ("/window/failed", test_failed);
  g_test_add_func ("/window/unstorable-path", test_unstorable_path);
  g_test_add_func ("/window/unmarkable", test_unmarkable);
  g_test_add_func ("/window/unmarkable-late", test_unmarkable_late);

  status = g_test_run ();

  g_object_unref (app);

  return status;
}
