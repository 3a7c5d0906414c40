/* test-window-vdrive.c – the window with a (virtual) optical drive
 *
 * Runs with tests/vdrive/libcs-vdrive.so preloaded and CS_VDRIVE_DIR set (meson does
 * both): libburn in this process then finds /dev/sr0 through its real Linux transport.
 * The window must list the drive, pick it when nothing else is configured, show the
 * medium in it and store a day onto it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cs-application.h"
#include "cs-calendar.h"
#include "cs-store-job.h"
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

int
main (int    argc,
      char **argv)
{
  int status;

  cs_test_ui_init (&argc, &argv);
  app = cs_test_app_new ();

  g_test_add_func ("/window-vdrive/store", test_store_on_drive);

  status = g_test_run ();

  g_object_unref (app);

  return status;
}
