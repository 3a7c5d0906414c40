/* cs-test-ui.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cs-calendar.h"
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

static gboolean
wait_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;

  return G_SOURCE_REMOVE;
}

/* Runs the main loop until @cond holds or @limit_s seconds passed; TRUE when it holds. */
static gboolean
wait_until (gboolean (*cond) (gpointer),
            gpointer   data,
            guint      limit_s)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (limit_s, wait_timeout, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (!timed_out)
    g_source_remove (source);

  return !timed_out || cond (data);
}

/* Runs the main loop until @cond holds; fails the test after @limit_s seconds. */
void
cs_test_wait_for (gboolean    (*cond) (gpointer),
                  gpointer      data,
                  guint         limit_s,
                  const char   *what)
{
  if (!wait_until (cond, data, limit_s))
    g_error ("timed out after %u s waiting for %s", limit_s, what);
}

/* Runs what is ready to run now (idles, queued events), without waiting for timers:
 * callbacks a closed window left behind get their chance to misbehave. */
void
cs_test_drain (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

typedef struct
{
  GtkApplication *app;
  GtkWindow *window;
} Closing;

static gboolean
window_is_gone (gpointer data)
{
  Closing *c = data;

  return c->app == NULL ||
         g_list_find (gtk_application_get_windows (c->app), c->window) == NULL;
}

/* Destroys @window, waits until its application let it go, then runs what it left behind. */
void
cs_test_destroy_window (GtkWindow *window)
{
  Closing c = { gtk_window_get_application (window), window };

  gtk_window_destroy (window);
  cs_test_wait_for (window_is_gone, &c, SCREENSHOT_LIMIT_S, "the window to go");
  cs_test_drain ();
}

/**
 * cs_test_open_window:
 * @stage_dir: the staging root
 * @device: (nullable): the target address; NULL: the window chooses
 * @today: YYYY-MM-DD taken as today
 *
 * Sets what the command line would and activates @app: returns its window once it has
 * finished looking (found the days, the target and the medium).
 */
CsWindow *
cs_test_open_window (CsApplication *app,
                     const char    *stage_dir,
                     const char    *device,
                     const char    *today)
{
  CsOptions *options = cs_application_get_options (app);
  GList *windows;
  CsWindow *window;

  g_free (options->stage_dir);
  options->stage_dir = g_strdup (stage_dir);
  g_free (options->device);
  options->device = g_strdup (device);
  g_free (options->date);
  options->date = g_strdup (today);
  g_assert_true (cs_calendar_parse_iso_date (today, &options->today));

  g_application_activate (G_APPLICATION (app));
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_nonnull (windows);
  g_assert_true (CS_IS_WINDOW (windows->data));
  window = CS_WINDOW (windows->data);
  cs_test_wait_for (cs_test_window_is_settled, window, SCREENSHOT_LIMIT_S * 4,
                    "the window to finish looking");

  return window;
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

static gboolean
widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

typedef struct
{
  GtkWidget *widget;
  int width;
  int height;
} Resize;

static gboolean
resize_is_done (gpointer data)
{
  Resize *r = data;

  return gtk_widget_get_width (r->widget) != r->width ||
         gtk_widget_get_height (r->widget) != r->height;
}

/**
 * cs_test_resize_window:
 * @width, @height: the new default size (pixels)
 *
 * Resizes a shown window and waits until its allocation has changed: on X11 the new
 * size arrives asynchronously, with the X server's ConfigureNotify. A window already of
 * the allocation it had is a test error (nothing would tell when the resize is done).
 */
gboolean
cs_test_resize_window (GtkWindow  *window,
                       int         width,
                       int         height,
                       GError    **error)
{
  Resize r = { GTK_WIDGET (window), 0, 0 };

  if (!wait_until (widget_is_mapped, window, SCREENSHOT_LIMIT_S))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "resize: the window was not mapped within %u s", SCREENSHOT_LIMIT_S);
      return FALSE;
    }
  r.width = gtk_widget_get_width (r.widget);
  r.height = gtk_widget_get_height (r.widget);
  gtk_window_set_default_size (window, width, height);
  if (!wait_until (resize_is_done, &r, SCREENSHOT_LIMIT_S))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "resize to %d×%d: the window stayed %d×%d for %u s",
                   width, height, r.width, r.height, SCREENSHOT_LIMIT_S);
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  GtkWidget *widget;
  GskRenderNode *node;
  int width;
  int height;
  guint frames;
} Capture;

static gboolean
capture_is_done (gpointer data)
{
  Capture *c = data;

  return c->node != NULL;
}

/* Right after the surface was painted the widget's render node is the one just drawn.
 * Any later gtk_widget_queue_draw() (a spinner, a progress bar, an overlay scrollbar
 * fading, a ConfigureNotify after a resize, another "after-paint" handler) drops it until
 * the next frame, and a GtkWidgetPaintable made then is empty: that was the NULL node of
 * issue 10. So the node is taken here, at the end of the paint phase, by reference. */
static void
capture_painted (GdkFrameClock *clock,
                     Capture       *c)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  GtkSnapshot *snapshot;

  c->frames++;
  if (c->node != NULL || !gtk_widget_get_mapped (c->widget))
    return;

  c->width = gtk_widget_get_width (c->widget);
  c->height = gtk_widget_get_height (c->widget);
  if (c->width > 0 && c->height > 0)
    {
      paintable = gtk_widget_paintable_new (c->widget);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, c->width, c->height);
      c->node = gtk_snapshot_free_to_node (snapshot);
    }
  /* Not drawn in this frame (or not yet allocated): ask for another. */
  if (c->node == NULL)
    gtk_widget_queue_draw (c->widget);
}

/**
 * cs_test_save_screenshot:
 * @widget: a toplevel window (or a widget inside one)
 * @name: the file is window-@name.png in G_TEST_BUILDDIR
 *
 * Waits until @widget is mapped and a frame with it was painted, then saves what that
 * frame showed. Returns FALSE with @error saying what was missing (not mapped, no frame
 * painted, nothing drawn, PNG not written) after SCREENSHOT_LIMIT_S seconds.
 */
gboolean
cs_test_save_screenshot (GtkWidget   *widget,
                         const char  *name,
                         GError     **error)
{
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *file = g_strdup_printf ("window-%s.png", name);
  g_autofree char *path = g_build_filename (dir ? dir : ".", file, NULL);
  g_autoptr(GdkTexture) texture = NULL;
  Capture c = { widget, NULL, 0, 0, 0 };
  GdkFrameClock *clock;
  gulong handler;
  gboolean done;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  if (!wait_until (widget_is_mapped, widget, SCREENSHOT_LIMIT_S))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "screenshot %s: the %s was not mapped within %u s", name,
                   G_OBJECT_TYPE_NAME (widget), SCREENSHOT_LIMIT_S);
      return FALSE;
    }

  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect_after (clock, "paint", G_CALLBACK (capture_painted), &c);
  gtk_widget_queue_draw (widget);
  done = wait_until (capture_is_done, &c, SCREENSHOT_LIMIT_S);
  g_signal_handler_disconnect (clock, handler);
  if (!done)
    {
      if (c.frames == 0)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                     "screenshot %s: the %s is mapped but no frame was painted in %u s",
                     name, G_OBJECT_TYPE_NAME (widget), SCREENSHOT_LIMIT_S);
      else
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "screenshot %s: %u frames were painted in %u s but the %s (%d×%d) "
                     "drew nothing in any of them", name, c.frames, SCREENSHOT_LIMIT_S,
                     G_OBJECT_TYPE_NAME (widget), c.width, c.height);
      return FALSE;
    }

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         c.node,
                                         &GRAPHENE_RECT_INIT (0, 0, c.width, c.height));
  gsk_render_node_unref (c.node);
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "screenshot %s: could not write %s", name, path);
      return FALSE;
    }
  g_test_message ("screenshot: %s (%d×%d, frame %u)", path, c.width, c.height, c.frames);

  return TRUE;
}
