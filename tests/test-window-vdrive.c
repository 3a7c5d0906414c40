/* test-window-vdrive.c – the window with a (virtual) optical drive
 *
 * Runs with tests/vdrive/libcs-vdrive.so preloaded and CS_VDRIVE_DIR set (meson does
 * both): libburn in this process then finds /dev/sr0 through its real Linux transport.
 * The window must list the drive, pick it when nothing else is configured, show the
 * medium in it and store a day onto it; keep a busy drive as the target, shown as busy;
 * and say so when it falls back to an image file because there is no drive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "cs-application.h"
#include "cs-calendar.h"
#include "cs-drive-list.h"
#include "cs-store-job.h"
#include "cs-store-job-private.h"
#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-window-private.h"

#define TODAY       "2026-11-26"
#define TODAY_DIR   "2026/11/26"
#define WAIT_LIMIT  240    /* seconds */

static CsApplication *app;

static char *
drive_dir (void)
{
  const char *dir = g_getenv ("CS_VDRIVE_DIR");

  g_assert_nonnull (dir);
  return g_build_filename (dir, "sr0", NULL);
}

/* cs-vdrive ARGS… on the test's drive; returns its output. */
static char *
vdrive_ctl (const char *command,
            const char *arg)
{
  g_autofree char *drive = drive_dir ();
  const char *ctl = g_getenv ("VDRIVE_CTL");
  const char *argv[] = { ctl, command, drive, arg, NULL };
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = -1;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (ctl);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("cs-vdrive %s: %s%s", command, out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  return out;
}

static gboolean
target_is_drive (gpointer window)
{
  CsWindow *self = window;

  return !cs_window_get_checking (self) && self->target_addresses != NULL &&
         self->medium_text != NULL;
}

static void
test_store_on_drive (void)
{
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *day = NULL;
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  g_autofree char *toc = NULL;
  const CsStorePlan *plan;
  CsWindow *window;
  gboolean listed = FALSE;

  g_free (vdrive_ctl ("insert", "dvd+rw"));

  day = cs_test_make_day (stage, TODAY_DIR, TRUE, FALSE);
  data = g_build_filename (day, "host1", "data.tar", NULL);
  cs_test_fill_file (data, 3 * 1024 * 1024, 5);

  /* No device given: the window picks the first drive it finds. */
  window = cs_test_open_window (app, stage, NULL, TODAY);
  cs_test_wait_for (target_is_drive, window, WAIT_LIMIT, "the drive and its medium");

  /* Listed, chosen (nothing else is configured) and its medium shown. */
  for (guint i = 0; i < window->target_addresses->len; i++)
    if (g_strcmp0 (g_ptr_array_index (window->target_addresses, i), "/dev/sr0") == 0)
      listed = TRUE;
  g_assert_true (listed);
  g_assert_cmpstr (cs_window_get_target (window), ==, "/dev/sr0");
  g_test_message ("medium: %s", window->medium_text);
  cs_test_assert_contains (window->medium_text, "DVD+RW");
  plan = cs_window_get_plan (window);
  g_assert_nonnull (plan);
  g_assert_true (plan->fits);
  g_assert_true (cs_window_get_can_store (window));
  cs_test_screenshot (window, "vdrive-ready");

  g_action_group_activate_action (G_ACTION_GROUP (app), "store", NULL);
  g_assert_true (cs_window_get_busy (window));
  cs_test_wait_for (cs_test_window_is_idle, window, WAIT_LIMIT, "the store to finish");
  log = cs_window_get_log_text (window);
  g_test_message ("log:\n%s", log);
  cs_test_wait_for (cs_test_window_is_settled, window, WAIT_LIMIT, "the window to look again");
  cs_test_screenshot (window, "vdrive-done");

  g_assert_true (cs_test_is_stored (day));
  cs_test_assert_contains (log, "Stored and verified 1 day");
  /* The fresh DVD+RW was formatted (the drive's own state) and xorriso, reading through
   * the same drive, finds the session. */
  toc = vdrive_ctl ("toc", NULL);
  cs_test_assert_contains (toc, "formatted: yes");
  if (cs_test_have_xorriso ())
    {
      const char *argv[] = { "xorriso", "-indev", "/dev/sr0", "-toc", NULL };
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                    NULL, &error);
      g_assert_no_error (error);
      g_test_message ("xorriso -toc:\n%s%s", out, err);
      cs_test_assert_contains (out, "ISO session  :   1");
      cs_test_assert_contains (out, "CEDAR BACKUP 26-NOV-2026");
    }

  cs_test_destroy_window (GTK_WINDOW (window));
  cs_test_rm_rf (tmp);
}

static gboolean
check_is_done (gpointer window)
{
  CsWindow *self = window;

  return !self->preparing && self->check_job == NULL && self->target_addresses != NULL &&
         (self->check_error != NULL || self->plan != NULL);
}

/* Another program holds the only drive (O_EXCL, as a burner does): the window lists it as
 * busy and keeps it as the target, instead of leaving it out and writing to an image file
 * (real-drives.md finding 8). The listing itself must not need the drive. */
static void
test_busy_drive (void)
{
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *day = NULL;
  g_autofree char *data = NULL;
  CsWindow *window;
  GtkStringObject *shown;
  int held;

  g_free (vdrive_ctl ("insert", "dvd+rw"));
  day = cs_test_make_day (stage, TODAY_DIR, TRUE, FALSE);
  data = g_build_filename (day, "host1", "data.tar", NULL);
  cs_test_fill_file (data, 1024 * 1024, 5);

  /* The virtual drive is preloaded into this process: an exclusive open here is "another
   * program" to the window's worker threads, as the kernel's exclusive claim would be. */
  held = open ("/dev/sr0", O_RDONLY | O_NONBLOCK | O_EXCL | O_CLOEXEC);
  g_assert_cmpint (held, >=, 0);
  g_assert_cmpint (open ("/dev/sr0", O_RDONLY | O_NONBLOCK | O_EXCL | O_CLOEXEC), ==, -1);
  g_assert_cmpint (errno, ==, EBUSY);

  window = cs_test_open_window (app, stage, NULL, TODAY);
  cs_test_wait_for (check_is_done, window, WAIT_LIMIT, "the look and the check");

  g_assert_cmpstr (cs_window_get_target (window), ==, "/dev/sr0");
  for (guint i = 0; i < window->target_addresses->len; i++)
    {
      const char *address = g_ptr_array_index (window->target_addresses, i);

      g_assert_false (address != NULL && g_str_has_prefix (address, "stdio:"));
    }
  shown = adw_combo_row_get_selected_item (window->target_row);
  g_assert_nonnull (shown);
  g_test_message ("target: %s", gtk_string_object_get_string (shown));
  cs_test_assert_contains (gtk_string_object_get_string (shown), "/dev/sr0");
  cs_test_assert_contains (gtk_string_object_get_string (shown), "busy");
  g_assert_nonnull (window->check_error);
  g_test_message ("check: %s", window->check_error->message);
  cs_test_assert_contains (window->check_error->message, "/dev/sr0");

  close (held);
  cs_test_destroy_window (GTK_WINDOW (window));
  cs_test_rm_rf (tmp);
}

/* No drive at all: the target is design.md's image file, and the target list says that it
 * is one because no optical drive was found. */
static void
test_no_drive (void)
{
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *drive = drive_dir ();
  g_autofree char *fallback = cs_drive_default_image ();
  g_autofree char *day = NULL;
  CsWindow *window;
  GtkStringObject *shown;

  day = cs_test_make_day (stage, TODAY_DIR, TRUE, FALSE);
  cs_test_rm_rf (drive);

  window = cs_test_open_window (app, stage, NULL, TODAY);
  cs_test_wait_for (check_is_done, window, WAIT_LIMIT, "the look and the check");

  g_assert_cmpstr (cs_window_get_target (window), ==, fallback);
  shown = adw_combo_row_get_selected_item (window->target_row);
  g_assert_nonnull (shown);
  g_test_message ("target: %s", gtk_string_object_get_string (shown));
  cs_test_assert_contains (gtk_string_object_get_string (shown), "no optical drive");

  cs_test_destroy_window (GTK_WINDOW (window));
  cs_test_rm_rf (tmp);
}

/* cs-vdrive COMMAND DRIVE [ARG [ARG]] on any drive; returns its output. */
static char *
vdrive_ctl_on (const char *drive,
               const char *command,
               const char *arg1,
               const char *arg2)
{
  const char *argv[] = { g_getenv ("VDRIVE_CTL"), command, drive, arg1, arg2, NULL };
  g_autofree char *err = NULL;
  char *out = NULL;

  g_assert_nonnull (argv[0]);
  g_assert_cmpint (cs_test_run (argv, &out, &err), ==, 0);
  g_test_message ("cs-vdrive %s: %s%s", command, out, err);
  return out;
}

/* A headless store of @date onto @device (the test's environment carries the drive);
 * returns its exit status. */
static int
headless_store (const char *stage,
                const char *device,
                const char *date)
{
  g_autofree char *bin = cs_test_bin ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { bin, "--headless", "--stage-dir", stage, "--device", device,
                         "--date", date, NULL };
  int status = cs_test_run (argv, &out, &err);

  g_test_message ("store %s: exit %d\n%s%s", date, status, out, err);
  return status;
}

static gboolean
damaged_is_offered (gpointer window)
{
  CsWindow *self = window;

  return check_is_done (self) && self->medium_damaged && self->damaged_button != NULL &&
         gtk_widget_get_visible (self->damaged_button);
}

static gboolean
damaged_is_closed (gpointer window)
{
  CsWindow *self = window;

  return !self->closing_damaged && check_is_done (self) && !self->medium_damaged &&
         self->plan != NULL && self->check_error == NULL;
}

/* A DVD+R whose append failed with a write error ends with a damaged track (real-drives.md
 * findings 5 and 10): the window says so and offers "Close Damaged Track"; once confirmed,
 * the job closes it off the main loop, the window finds the disc appendable again, and the
 * store appends to it. */
static void
test_close_damaged (void)
{
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  /* A drive of its own: the earlier tests remove sr0 under this process's feet. */
  g_autofree char *drive = g_build_filename (g_getenv ("CS_VDRIVE_DIR"), "sr1", NULL);
  g_autofree char *tue = NULL;
  g_autofree char *wed = NULL;
  g_autofree char *day = NULL;
  g_autofree char *file = NULL;
  g_autofree char *toc = NULL;
  g_autofree char *bad = NULL;
  g_autofree char *log = NULL;
  const char *nwa;
  CsWindow *window;

  g_free (vdrive_ctl_on (drive, "insert", "dvd+r", NULL));
  tue = cs_test_make_day (stage, "2026/11/24", TRUE, FALSE);
  file = g_build_filename (tue, "host1", "data.tar", NULL);
  cs_test_fill_file (file, 1024 * 1024, 1);
  g_assert_cmpint (headless_store (stage, "/dev/sr1", "2026-11-24"), ==, 0);

  /* Wednesday's append fails inside its track: the drive leaves it damaged. */
  toc = vdrive_ctl_on (drive, "toc", NULL, NULL);
  nwa = strstr (toc, "next writable address: ");
  g_assert_nonnull (nwa);
  bad = g_strdup_printf ("%" G_GUINT64_FORMAT,
                         g_ascii_strtoull (nwa + strlen ("next writable address: "), NULL, 10) + 600);
  g_free (vdrive_ctl_on (drive, "fault", "write-error", bad));
  wed = cs_test_make_day (stage, "2026/11/25", TRUE, FALSE);
  g_clear_pointer (&file, g_free);
  file = g_build_filename (wed, "host1", "data.tar", NULL);
  cs_test_fill_file (file, 3 * 1024 * 1024, 2);
  g_assert_cmpint (headless_store (stage, "/dev/sr1", "2026-11-25"), ==, 5);
  g_free (vdrive_ctl_on (drive, "fault", "clear", NULL));
  g_clear_pointer (&toc, g_free);
  toc = vdrive_ctl_on (drive, "toc", NULL, NULL);
  cs_test_assert_contains (toc, "damaged");

  day = cs_test_make_day (stage, TODAY_DIR, TRUE, FALSE);
  g_clear_pointer (&file, g_free);
  file = g_build_filename (day, "host1", "data.tar", NULL);
  cs_test_fill_file (file, 1024 * 1024, 3);

  window = cs_test_open_window (app, stage, "/dev/sr1", TODAY);
  cs_test_wait_for (damaged_is_offered, window, WAIT_LIMIT, "the damaged track to be offered");
  g_assert_nonnull (window->check_error);
  g_test_message ("check: %s", window->check_error->message);
  cs_test_assert_contains (window->check_error->message, "damaged track");
  cs_test_screenshot (window, "vdrive-damaged");

  /* Asked first; the answer starts the close. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-damaged", NULL);
  g_assert_nonnull (window->damaged_dialog);
  g_assert_false (window->closing_damaged);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window->damaged_dialog), "close");
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_assert_true (window->closing_damaged);
  cs_test_wait_for (damaged_is_closed, window, WAIT_LIMIT, "the track to be closed");
  g_assert_false (gtk_widget_get_visible (window->damaged_button));

  g_clear_pointer (&toc, g_free);
  toc = vdrive_ctl_on (drive, "toc", NULL, NULL);
  g_assert_null (strstr (toc, "damaged"));
  g_assert_null (strstr (toc, " open\n"));

  /* Focus back from the dialog: an unfocused window would send a desktop notification,
   * which this environment cannot show. */
  gtk_window_present (GTK_WINDOW (window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "store", NULL);
  cs_test_wait_for (cs_test_window_is_idle, window, WAIT_LIMIT, "the store to finish");
  log = cs_window_get_log_text (window);
  g_test_message ("log:\n%s", log);
  cs_test_wait_for (cs_test_window_is_settled, window, WAIT_LIMIT, "the window to look again");
  cs_test_assert_contains (log, "Closed the damaged track");
  cs_test_assert_contains (log, "Stored and verified 1 day");
  g_assert_true (cs_test_is_stored (day));
  g_assert_false (cs_test_is_stored (wed));

  cs_test_destroy_window (GTK_WINDOW (window));
  cs_test_rm_rf (drive);
  cs_test_rm_rf (tmp);
}

/* Issue 14, items 1 and 2 on a rewritable disc: the week's first store asks “Erase the
 * Disc?”; after “Erase and Store” a cancel once the disc was erased says so, and what the
 * disc no longer holds, instead of "nothing was marked stored". */
static void
cancel_at_verify (CsStep   step,
                  gpointer cancellable)
{
  if (step == CS_STEP_VERIFY)
    g_cancellable_cancel (cancellable);
}

static void
on_erase_job (CsWindow   *window,
              GParamSpec *pspec,
              gpointer    user_data)
{
  CsStoreJob *job = cs_window_get_job (window);

  if (job != NULL)
    _cs_store_job_set_step_hook (job, cancel_at_verify, window->cancellable);
}

static GtkWindow *
erase_dialog (CsWindow   *window,
              const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) &&
          gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (toplevel)), heading) == 0)
        return toplevel;
    }
  return NULL;
}

static gboolean
erase_asked (gpointer window)
{
  return erase_dialog (window, "Erase the Disc?") != NULL || cs_window_get_busy (window);
}

static gboolean
erased_told (gpointer window)
{
  return erase_dialog (window, "The Disc Was Erased") != NULL;
}

static void
test_erase_disc (void)
{
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *thu = NULL;
  g_autofree char *mon = NULL;
  g_autofree char *log = NULL;
  CsOptions *options = cs_application_get_options (app);
  CsWindow *window;
  GtkWindow *dialog;
  const char *body;
  gulong handler;

  g_free (vdrive_ctl ("insert", "dvd+rw"));
  thu = cs_test_make_day (stage, TODAY_DIR, TRUE, FALSE);
  window = cs_test_open_window (app, stage, NULL, TODAY);
  cs_test_wait_for (target_is_drive, window, WAIT_LIMIT, "the drive and its medium");
  g_action_group_activate_action (G_ACTION_GROUP (app), "store", NULL);
  g_assert_true (cs_window_get_busy (window));
  cs_test_wait_for (cs_test_window_is_idle, window, WAIT_LIMIT, "the first store");
  cs_test_wait_for (cs_test_window_is_settled, window, WAIT_LIMIT, "the window to look again");
  g_assert_true (cs_test_is_stored (thu));

  /* Monday: a new disc over the one holding Thursday. */
  mon = cs_test_make_day (stage, "2026/11/30", TRUE, FALSE);
  g_free (options->date);
  options->date = g_strdup ("2026-11-30");
  g_assert_true (cs_calendar_parse_iso_date (options->date, &options->today));
  cs_window_refresh (window);
  cs_test_wait_for (cs_test_window_is_settled, window, WAIT_LIMIT, "the window to look again");
  g_action_group_activate_action (G_ACTION_GROUP (app), "store", NULL);
  cs_test_wait_for (erase_asked, window, WAIT_LIMIT, "the erase question");
  g_assert_false (cs_window_get_busy (window));
  dialog = erase_dialog (window, "Erase the Disc?");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("dialog: %s", body);
  cs_test_assert_contains (body, "The disc in /dev/sr0, labelled “CEDAR BACKUP 26-NOV-2026”, "
                                 "holds 1 session with the day 2026/11/26.");
  cs_test_assert_contains (body, "Monday starts a new week");
  cs_test_assert_contains (body, "cannot be brought back");
  cs_test_screenshot (dialog, "erase-dialog-disc");

  /* Erase and Store, cancelled once written: the disc was erased. */
  handler = g_signal_connect (window, "notify::job", G_CALLBACK (on_erase_job), NULL);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "erase");
  gtk_window_destroy (dialog);
  gtk_window_present (GTK_WINDOW (window));
  cs_test_wait_for (cs_test_window_is_idle, window, WAIT_LIMIT, "the store to stop");
  g_signal_handler_disconnect (window, handler);
  cs_test_wait_for (erased_told, window, WAIT_LIMIT, "the outcome dialog");
  g_test_message ("toast: %s", window->last_toast);
  g_assert_cmpstr (window->last_toast, ==, "Store cancelled after the disc was erased");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (erase_dialog (window, "The Disc Was Erased")));
  g_test_message ("outcome: %s", body);
  cs_test_assert_contains (body, "no longer holds");
  cs_test_assert_contains (body, "2026/11/26");
  g_assert_true (g_str_has_suffix (body, "."));
  log = cs_window_get_log_text (window);
  g_assert_null (strstr (log, "Store cancelled; nothing was marked stored"));
  g_assert_false (cs_test_is_stored (mon));
  cs_test_screenshot (erase_dialog (window, "The Disc Was Erased"), "erased-outcome");

  gtk_window_destroy (erase_dialog (window, "The Disc Was Erased"));
  cs_test_destroy_window (GTK_WINDOW (window));
  cs_test_rm_rf (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = g_dir_make_tmp ("cs-window-vdrive-XXXXXX", NULL);
  int status;

  /* The image file the window falls back to lives here, not in the user's home. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* The drives live in the build tree: start without any a killed earlier run left. */
  g_assert_nonnull (g_getenv ("CS_VDRIVE_DIR"));
  cs_test_rm_rf (g_getenv ("CS_VDRIVE_DIR"));
  cs_test_ui_init (&argc, &argv);
  app = cs_test_app_new ();

  g_test_add_func ("/window-vdrive/store", test_store_on_drive);
  g_test_add_func ("/window-vdrive/busy-drive", test_busy_drive);
  g_test_add_func ("/window-vdrive/no-drive", test_no_drive);
  g_test_add_func ("/window-vdrive/close-damaged", test_close_damaged);
  g_test_add_func ("/window-vdrive/erase-disc", test_erase_disc);

  status = g_test_run ();

  g_object_unref (app);
  cs_test_rm_rf (data_home);

  return status;
}
