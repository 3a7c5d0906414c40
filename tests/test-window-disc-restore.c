/* test-window-disc-restore.c – Restore… in the real window, under Xvfb (issue 15,
 * "The window")
 *
 * A day restored into a folder is identical there, with "Open Folder"; a folder that is not
 * empty is refused and left alone; a byte flipped in a file of the day is restored as read
 * and named with its session and day; a day not on the disc is refused; --demo checks and
 * restores its own image file. The folder chooser ends in win.restore-day (day, folder),
 * which the tests activate directly. Check Disc… is in test-window-disc-actions.c; the
 * helpers both use are in cs-test-disc-actions.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "cs-test-disc-actions.h"

static void
restore_day (CsWindow   *window,
             const char *day,
             const char *folder)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.restore-day", "(ss)", day, folder);
  g_assert_nonnull (window->disc_job);
  g_assert_false (cs_window_get_can_store (window));
}

static guint
count_of (const char *haystack,
          const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* A day restored into an empty folder: FOLDER/2026/11/25 holds its files as staged, the
 * outcome offers "Open Folder" on exactly that folder. */
static void
test_restore (void)
{
  Fixture f = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *day_dir = NULL;
  g_autofree char *restored = NULL;
  g_autofree char *staged = NULL;
  g_autofree char *data = NULL;
  g_autofree char *original = NULL;
  AdwMessageDialog *dialog;

  open_on_three_days (&f, 0);
  folder = g_build_filename (f.tmp, "restored", NULL);
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  day_dir = g_build_filename (folder, "2026", "11", "25", NULL);

  restore_day (f.window, "2026/11/25", folder);
  dialog = wait_dialog (f.window);
  wait_disc_job (f.window);

  g_test_message ("body: %s", adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Day Restored");
  cs_test_assert_contains (adw_message_dialog_get_body (dialog), day_dir);
  cs_test_assert_contains (adw_message_dialog_get_body (dialog),
                           "Restored 2026/11/25 from session 2 into ");
  g_assert_true (adw_message_dialog_has_response (dialog, "open"));
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "open"), ==, "_Open Folder");
  g_assert_cmpstr (g_object_get_data (G_OBJECT (dialog), "cs-folder"), ==, day_dir);
  g_assert_cmpint (cs_step_row_get_state (f.window->disc_row), ==, CS_STEP_ROW_DONE);

  /* The day's file, identical; and only that day. */
  restored = g_build_filename (day_dir, "host1", "notes.txt", NULL);
  staged = g_build_filename (f.stage, "2026", "11", "25", "host1", "notes.txt", NULL);
  g_assert_true (g_file_get_contents (restored, &data, NULL, NULL));
  g_assert_true (g_file_get_contents (staged, &original, NULL, NULL));
  g_assert_cmpstr (data, ==, original);
  {
    g_autofree char *other = g_build_filename (folder, "2026", "11", "24", NULL);

    g_assert_false (g_file_test (other, G_FILE_TEST_EXISTS));
  }
  {
    g_autofree char *staged_dir = g_build_filename (f.stage, "2026", "11", "25", "host1",
                                                    NULL);
    g_autofree char *restored_dir = g_build_filename (day_dir, "host1", NULL);
    const char *argv[] = { "diff", "-r", staged_dir, restored_dir, NULL };

    g_assert_cmpint (cs_test_run (argv, NULL, NULL), ==, 0);
  }

  save_shot (GTK_WIDGET (f.window), f.window, "restore");
  save_shot (GTK_WIDGET (dialog), f.window, "restore-dialog");
  save_shot (GTK_WIDGET (f.window), f.window, "fix-restore");
  save_shot (GTK_WIDGET (dialog), f.window, "fix-restore-dialog");
  close_dialog (f.window, dialog);
  g_assert_cmpstr (f.window->restore_folder, ==, folder);
  {
    g_autofree char *remembered = g_settings_get_string (cs_window_get_settings (f.window),
                                                         "restore-folder");

    g_assert_cmpstr (remembered, ==, folder);
    g_settings_reset (cs_window_get_settings (f.window), "restore-folder");
  }

  fixture_tear_down (&f);
}

/* FOLDER/2026/11/25 exists and is not empty: refused in a dialog with the engine's words,
 * and nothing is written. */
static void
test_restore_not_empty (void)
{
  Fixture f = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *day_dir = NULL;
  g_autofree char *mine = NULL;
  g_autoptr(GDir) dir = NULL;
  AdwMessageDialog *dialog;
  guint n = 0;

  open_on_three_days (&f, 0);
  folder = g_build_filename (f.tmp, "restored", NULL);
  day_dir = g_build_filename (folder, "2026", "11", "25", NULL);
  g_assert_cmpint (g_mkdir_with_parents (day_dir, 0755), ==, 0);
  mine = g_build_filename (day_dir, "mine.txt", NULL);
  cs_test_write_file (mine, "keep me", -1);

  restore_day (f.window, "2026/11/25", folder);
  dialog = wait_dialog (f.window);
  wait_disc_job (f.window);

  g_test_message ("body: %s", adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Cannot Restore There");
  cs_test_assert_contains (adw_message_dialog_get_body (dialog), day_dir);
  g_assert_false (adw_message_dialog_has_response (dialog, "open"));
  g_assert_cmpint (cs_step_row_get_state (f.window->disc_row), ==, CS_STEP_ROW_FAILED);

  dir = g_dir_open (day_dir, 0, NULL);
  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_assert_cmpuint (n, ==, 1);
  close_dialog (f.window, dialog);

  fixture_tear_down (&f);
}

/* A byte flipped in a file of the day: restored as read, the outcome names the file with
 * its session and day, and still offers "Open Folder". */
static void
test_restore_bad_file (void)
{
  Fixture f = { 0 };
  g_autofree char *folder = NULL;
  g_autofree char *day_dir = NULL;
  g_autofree char *text = NULL;
  AdwMessageDialog *dialog;

  fixture_set_up (&f);
  for (guint i = 0; i < G_N_ELEMENTS (three_days); i++)
    store_headless (&f, three_days[i], 0);
  flip_byte (f.image, xorriso_lba (f.image, "/2026/11/25/host1/notes.txt") * 2048);
  fixture_open (&f);
  folder = g_build_filename (f.tmp, "restored", NULL);
  day_dir = g_build_filename (folder, "2026", "11", "25", NULL);

  restore_day (f.window, "2026/11/25", folder);
  dialog = wait_dialog (f.window);
  wait_disc_job (f.window);

  text = dialog_text (dialog);
  g_test_message ("dialog: %s", text);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Day Restored with Bad Files");
  cs_test_assert_contains (text, "/2026/11/25/host1/notes.txt (session 2, day 2026/11/25)");
  cs_test_assert_contains (text, "1 file does not match");
  g_assert_true (adw_message_dialog_has_response (dialog, "open"));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (dialog), "cs-folder"), ==, day_dir);
  g_assert_cmpint (cs_step_row_get_state (f.window->disc_row), ==, CS_STEP_ROW_FAILED);
  /* In the log once: the engine's line, not the window's again. */
  {
    g_autofree char *log = cs_window_get_log_text (f.window);
    const char *line = "/2026/11/25/host1/notes.txt (session 2, day 2026/11/25)";
    const char *first = strstr (log, line);

    g_assert_nonnull (first);
    g_assert_null (strstr (first + 1, line));
  }
  /* "Restored as read" said once, by each file's line, not by the heading again. */
  g_assert_cmpuint (count_of (text, "as read"), <=, 1);
  assert_no_bar (f.window);
  /* The last line of the log says the restore had a bad file. */
  {
    g_autofree char *log = cs_window_get_log_text (f.window);
    g_auto(GStrv) lines = g_strsplit (g_strchomp (log), "\n", -1);
    const char *last = lines[g_strv_length (lines) - 1];

    g_test_message ("last log line: %s", last);
    cs_test_assert_contains (last, "Restored 2026/11/25 from session 2 into ");
    cs_test_assert_contains (last, "; 1 file failed its checksum");
    /* And the row. */
    cs_test_assert_contains (cs_step_row_get_detail (f.window->disc_row),
                             "; 1 file failed its checksum");
  }
  save_shot (GTK_WIDGET (f.window), f.window, "fix-restore-bad");
  save_shot (GTK_WIDGET (dialog), f.window, "restore-bad-dialog");
  save_shot (GTK_WIDGET (dialog), f.window, "fix-restore-bad-dialog");
  close_dialog (f.window, dialog);

  fixture_tear_down (&f);
}

/* A day that is not on the disc: "Cannot Restore the Day" (the folder is not the problem),
 * nothing written. */
static void
test_restore_day_not_on_disc (void)
{
  Fixture f = { 0 };
  g_autofree char *folder = NULL;
  AdwMessageDialog *dialog;

  open_on_three_days (&f, 0);
  folder = g_build_filename (f.tmp, "restored", NULL);

  restore_day (f.window, "2026/11/20", folder);
  dialog = wait_dialog (f.window);
  wait_disc_job (f.window);

  g_test_message ("body: %s", adw_message_dialog_get_body (dialog));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Cannot Restore the Day");
  cs_test_assert_contains (adw_message_dialog_get_body (dialog), "2026/11/20");
  g_assert_cmpint (cs_step_row_get_state (f.window->disc_row), ==, CS_STEP_ROW_FAILED);
  assert_no_bar (f.window);
  g_assert_false (g_file_test (folder, G_FILE_TEST_EXISTS));
  close_dialog (f.window, dialog);

  fixture_tear_down (&f);
}

/* --demo: after a store of the demo day, Check and Restore work on the demo image file. */
static void
test_demo (void)
{
  CsOptions *options = cs_application_get_options (app);
  Fixture f = { 0 };
  g_autofree char *folder = NULL;
  AdwMessageDialog *dialog;

  fixture_set_up (&f);
  set_option (&options->stage_dir, NULL);
  set_option (&options->device, NULL);
  options->demo = TRUE;
  fixture_open (&f);
  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the demo store");
  cs_test_wait_for (is_settled_and_can_act, f.window, WAIT_LIMIT, "the window to settle");
  cs_test_assert_contains (cs_window_get_target (f.window), "demo.iso");

  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.check-disc", NULL);
  wait_disc_job (f.window);
  g_test_message ("toast: %s", f.window->last_toast);
  g_assert_cmpint (cs_step_row_get_state (f.window->disc_row), ==, CS_STEP_ROW_DONE);
  /* The demo image gathers a session for each run of the demo. */
  g_assert_true (g_regex_match_simple ("^All [0-9]+ files and [0-9]+ sessions? match their "
                                       "checksums$", f.window->last_toast, 0, 0));

  folder = g_build_filename (f.tmp, "restored", NULL);
  restore_day (f.window, TODAY_DIR, folder);
  dialog = wait_dialog (f.window);
  wait_disc_job (f.window);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Day Restored");
  close_dialog (f.window, dialog);

  options->demo = FALSE;
  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  int status;

  cs_test_ui_init (&argc, &argv);
  app = cs_test_app_new ();

  g_test_add_func ("/window/disc-restore/restore", test_restore);
  g_test_add_func ("/window/disc-restore/restore-not-empty", test_restore_not_empty);
  g_test_add_func ("/window/disc-restore/restore-bad-file", test_restore_bad_file);
  g_test_add_func ("/window/disc-restore/restore-day-not-on-disc", test_restore_day_not_on_disc);
  g_test_add_func ("/window/disc-restore/demo", test_demo);

  status = g_test_run ();

  g_object_unref (app);

  return status;
}
