/* cs-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cs-drive.h"
#include "cs-options.h"
#include "cs-test-ui.h"
#include "cs-window-private.h"

/* Warnings the test environment causes, not the window: no notification server. */
static gboolean
ignore_environment (const char     *log_domain,
                    GLogLevelFlags  log_level,
                    const char     *message,
                    gpointer        user_data)
{
  return message == NULL || strstr (message, "unable to send notifications") == NULL;
}

/* gtk_test_init, libadwaita, and warnings of the environment not fatal. */
void
cs_test_ui_init (int    *argc,
                 char ***argv)
{
  gtk_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  g_test_log_set_fatal_handler (ignore_environment, NULL);
}

/* The application as a plain "cedar-store" would start it, registered; libburn too. */
CsApplication *
cs_test_app_new (void)
{
  g_autoptr(GError) error = NULL;
  char *app_argv[] = { (char *) "cedar-store", NULL };
  char **app_argv_p = app_argv;
  int app_argc = 1;
  CsApplication *app;
  CsOptions *options;

  if (!cs_drive_library_init (&error))
    g_error ("libburn: %s", error->message);

  options = cs_options_parse (&app_argc, &app_argv_p, &error);
  g_assert_no_error (error);
  app = cs_application_new (options);
  /* Each test process has its own bus, but tests may share one when run by hand. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) |
                           G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

/* Lets queued redraws and layout happen. */
void
cs_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
wait_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @cond holds; fails the test after @limit_s seconds. */
void
cs_test_wait_for (gboolean    (*cond) (gpointer),
                  gpointer      data,
                  guint         limit_s,
                  const char   *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (limit_s, wait_timeout, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    g_error ("timed out waiting for %s", what);

  g_source_remove (source);
}

/* The window knows what a store would do, is not storing and has written its run logs. */
gboolean
cs_test_window_is_settled (gpointer window)
{
  CsWindow *self = window;

  return !cs_window_get_checking (self) && !cs_window_get_busy (self) &&
         self->logs_saving == 0;
}

gboolean
cs_test_window_is_idle (gpointer window)
{
  return !cs_window_get_busy (window);
}

/* Saves what @widget shows as window-@name.png in the build directory; waits up to
 * @map_wait_ms for it to be mapped. */
void
cs_test_save_screenshot (GtkWidget  *widget,
                         const char *name,
                         guint       map_wait_ms)
{
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *file = g_strdup_printf ("window-%s.png", name);
  g_autofree char *path = g_build_filename (dir ? dir : ".", file, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderNode *node;
  GtkSnapshot *snapshot;
  int width, height;

  for (guint i = 0; i < map_wait_ms / 20 && !gtk_widget_get_mapped (widget); i++)
    cs_test_spin (20);
  g_assert_true (gtk_widget_get_mapped (widget));
  gtk_test_widget_wait_for_draw (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  gsk_render_node_unref (node);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%dx%d)", path, width, height);
}
