/* cs-test-window-fixture.h – the window on a temporary staging tree with an image-file
 * target, as the command line would open it (--stage-dir, --device stdio:…, --date); shared
 * by test-window and test-window-refusals (header-only: static functions, each program uses
 * some)
 *
 * The including program sets `app` in its main(): app = cs_test_app_new () after
 * cs_test_ui_init (), and g_object_unref (app) after g_test_run ().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-application.h"
#include "cs-calendar.h"
#include "cs-options.h"
#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-window.h"

#define TODAY       "2026-11-26"
#define TODAY_DIR   "2026/11/26"
#define MIB         (1024 * 1024)
#define WAIT_LIMIT  240    /* seconds */

G_GNUC_UNUSED static CsApplication *app;

/* One test's staging tree and image file (all owned, freed by fixture_tear_down()), and the
 * window fixture_open() found. */
typedef struct
{
  char     *tmp;
  char     *stage;
  char     *image;
  char     *device;
  char     *day;
  CsWindow *window;
} Fixture;

/* Runs the main loop until @window has finished looking (days, target, medium). */
G_GNUC_UNUSED static void
wait_settled (CsWindow *window)
{
  cs_test_wait_for (cs_test_window_is_settled, window, WAIT_LIMIT,
                    "the window to finish looking");
}

G_GNUC_UNUSED static void
set_option (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

/* A temporary tree for @f, and the application's options pointed at it, as the command line
 * would set them: --stage-dir, --device stdio:…/disc.iso, --date TODAY; no configuration
 * file, no day directories named, verification as configured, days marked. */
G_GNUC_UNUSED static void
fixture_set_up (Fixture *f)
{
  CsOptions *options = cs_application_get_options (app);

  f->tmp = cs_test_make_tmpdir ();
  f->stage = g_build_filename (f->tmp, "stage", NULL);
  f->image = g_build_filename (f->tmp, "disc.iso", NULL);
  f->device = g_strconcat ("stdio:", f->image, NULL);

  set_option (&options->stage_dir, f->stage);
  set_option (&options->device, f->device);
  set_option (&options->date, TODAY);
  set_option (&options->config_path, NULL);
  g_clear_pointer (&options->day_dirs, g_strfreev);
  g_assert_true (cs_calendar_parse_iso_date (TODAY, &options->today));
  options->mode = CS_STORE_MODE_STORE;
  options->verify = -1;
  options->no_mark = FALSE;
}

/* Activates the application and waits for its window to settle. */
G_GNUC_UNUSED static void
fixture_open (Fixture *f)
{
  GList *windows;

  g_application_activate (G_APPLICATION (app));
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_nonnull (windows);
  g_assert_true (CS_IS_WINDOW (windows->data));
  f->window = windows->data;
  wait_settled (f->window);
}

G_GNUC_UNUSED static gboolean
no_windows (gpointer data)
{
  return gtk_application_get_windows (GTK_APPLICATION (app)) == NULL;
}

/* Destroys every window, waits for them to go, and removes the tree. */
G_GNUC_UNUSED static void
fixture_tear_down (Fixture *f)
{
  GList *windows;

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  cs_test_wait_for (no_windows, NULL, WAIT_LIMIT, "the windows to go");
  cs_test_drain ();

  cs_test_rm_rf (f->tmp);
  g_free (f->tmp);
  g_free (f->stage);
  g_free (f->image);
  g_free (f->device);
  g_free (f->day);
}

/* An unstored staging day @stage/@suffix with a @size-byte host1/big.tar (new path: g_free()). */
G_GNUC_UNUSED static char *
make_big_day (const char *stage,
              const char *suffix,
              gsize       size)
{
  char *day = cs_test_make_day (stage, suffix, TRUE, FALSE);
  g_autofree char *big = g_build_filename (day, "host1", "big.tar", NULL);

  cs_test_fill_file (big, size, 7);

  return day;
}

/* Whether @day has been marked as stored (its cback.store exists). */
G_GNUC_UNUSED static gboolean
indicator_exists (const char *day)
{
  g_autofree char *path = g_build_filename (day, "cback.store", NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

G_GNUC_UNUSED static CsStepRowState
row_state (CsWindow *window,
           CsStep    step)
{
  return cs_step_row_get_state (cs_window_get_step_row (window, step));
}

/* Presses Store (the app.store action); the window must then be busy. */
G_GNUC_UNUSED static void
store (CsWindow *window)
{
  g_action_group_activate_action (G_ACTION_GROUP (app), "store", NULL);
  g_assert_true (cs_window_get_busy (window));
}
