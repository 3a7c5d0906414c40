/* test-i18n.c – the German translation, as a user with LANGUAGE=de gets it
 *
 * Binds the gettext domain to the catalogues built in the build tree (po/<lang>/LC_MESSAGES),
 * as main.c binds it to the installed ones, then checks that command-line and engine messages
 * come out in German and that the window runs in German: its labels are translated, a store
 * logs German lines, and screenshots of it go to the build directory (window-de-*.png).
 *
 * glibc ignores LANGUAGE only in the "C" locale; "C.UTF-8" is not "C", so LANGUAGE=de works
 * on a machine where no German locale is generated. Where de_DE.UTF-8 is, it is used, so
 * that dates and numbers are German too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cs-application.h"
#include "cs-calendar.h"
#include "cs-config.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-options.h"
#include "cs-staging.h"
#include "cs-test-util.h"
#include "cs-window-private.h"

#define TODAY      "2026-11-26"
#define TODAY_DIR  "2026/11/26"
#define WAIT_LIMIT 120   /* seconds */

static CsApplication *app;

static void
assert_contains (const char *text,
                 const char *part)
{
  if (text == NULL || strstr (text, part) == NULL)
    g_error ("“%s” does not contain “%s”", text ? text : "(null)", part);
}

/* The catalogue is there and complete enough to be the one built from po/de.po. */
static void
test_catalogue (void)
{
  g_assert_cmpstr (_("Cedar Store"), ==, "Cedar Store");
  g_assert_cmpstr (_("_Store to Disc"), ==, "Auf Disc _speichern");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "Selected %u staged day",
                                "Selected %u staged days", 1), ==,
                   "%u bereitgestellter Tag ausgewählt");
  g_assert_cmpstr (g_dngettext (GETTEXT_PACKAGE, "Selected %u staged day",
                                "Selected %u staged days", 3), ==,
                   "%u bereitgestellte Tage ausgewählt");
  /* Cedar Backup's own message for a missing staging directory, which cron mails. */
  assert_contains (g_dgettext (GETTEXT_PACKAGE,
                               "Unable to find unused staging directory to store (tried today, "
                               "yesterday, tomorrow). Staging root [%s]; tried %s."),
                   "Kein ungespeichertes Staging-Verzeichnis");
}

/* What --headless prints: command-line and engine errors. */
static void
test_headless_messages (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  char *argv_date[] = { (char *) "cedar-store", (char *) "--headless",
                        (char *) "--date", (char *) "2025-13-01", NULL };
  char **argv = argv_date;
  int argc = 4;
  CsOptions *options;

  options = cs_options_parse (&argc, &argv, &error);
  g_assert_null (options);
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  assert_contains (error->message, "ist kein gültiges Datum");
  g_clear_error (&error);

  config = cs_config_load ("/nonexistent/cback3.conf", &error);
  g_assert_null (config);
  g_assert_nonnull (error);
  assert_contains (error->message, "Konfigurationsdatei");
  g_clear_error (&error);

  /* Cedar Backup's own message when stage did not run: what cron mails most often. */
  {
    GDate today;
    g_autoptr(GPtrArray) days = NULL;

    g_assert_true (cs_calendar_parse_iso_date ("2025-01-01", &today));
    days = cs_staging_find_day ("/nonexistent", &today, FALSE, FALSE, NULL, NULL, &error);
    g_assert_null (days);
    g_assert_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE);
    assert_contains (error->message, "Kein ungespeichertes Staging-Verzeichnis");
    g_clear_error (&error);
  }

  g_assert_cmpstr (cs_step_title (CS_STEP_WRITE), ==, "Schreiben");
  g_assert_cmpstr (cs_step_title (CS_STEP_VERIFY), ==, "Prüfen");
}

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
wait_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
wait_for (gboolean  (*cond) (CsWindow *),
          CsWindow   *window,
          const char *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (WAIT_LIMIT, wait_timeout, &timed_out);

  while (!cond (window) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("timed out waiting for %s", what);
  g_source_remove (source);
}

static gboolean
is_settled (CsWindow *window)
{
  return !cs_window_get_checking (window) && !cs_window_get_busy (window) &&
         window->logs_saving == 0;
}

static gboolean
is_idle (CsWindow *window)
{
  return !cs_window_get_busy (window);
}

static void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *file = g_strdup_printf ("window-de-%s.png", name);
  g_autofree char *path = g_build_filename (dir ? dir : ".", file, NULL);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  int width, height;

  for (guint i = 0; i < 250 && !gtk_widget_get_mapped (widget); i++)
    spin (20);
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

/* Warnings the test environment causes, not the window: no notification server. */
static gboolean
ignore_environment (const char     *log_domain,
                    GLogLevelFlags  log_level,
                    const char     *message,
                    gpointer        user_data)
{
  return message == NULL || strstr (message, "unable to send notifications") == NULL;
}

static void
test_window (void)
{
  CsOptions *options = cs_application_get_options (app);
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *image = g_build_filename (tmp, "disc.iso", NULL);
  g_autofree char *day = NULL;
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  CsWindow *window;
  GList *windows;

  day = cs_test_make_day (stage, TODAY_DIR, TRUE, FALSE);
  data = g_build_filename (day, "host1", "data.tar", NULL);
  cs_test_fill_file (data, 4 * 1024 * 1024, 11);

  g_free (options->stage_dir);
  options->stage_dir = g_strdup (stage);
  g_free (options->device);
  options->device = g_strconcat ("stdio:", image, NULL);
  g_free (options->date);
  options->date = g_strdup (TODAY);
  g_assert_true (cs_calendar_parse_iso_date (TODAY, &options->today));

  g_application_activate (G_APPLICATION (app));
  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  g_assert_nonnull (windows);
  window = CS_WINDOW (windows->data);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 900);
  wait_for (is_settled, window, "the window to finish looking");
  g_assert_true (cs_window_get_can_store (window));

  /* The window's own strings: its template, its code and the engine's step titles. */
  g_assert_cmpstr (gtk_button_get_label (window->store_button), ==, "Auf Disc _speichern");
  g_assert_cmpstr (adw_preferences_group_get_title (window->days_group), ==,
                   "Zu speichernde Tage");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (window->target_row)), ==,
                   "Schreiben _auf");
  assert_contains (gtk_label_get_label (window->adds_label), "diese Speicherung");
  save_screenshot (GTK_WIDGET (window), "ready");

  g_action_group_activate_action (G_ACTION_GROUP (app), "store", NULL);
  wait_for (is_idle, window, "the store to finish");
  log = cs_window_get_log_text (window);
  g_test_message ("log:\n%s", log);
  assert_contains (log, "Konsistenzprüfung für");
  assert_contains (log, "1 Tag auf ");
  assert_contains (window->last_toast, "gespeichert und geprüft");
  wait_for (is_settled, window, "the window to look again");
  save_screenshot (GTK_WIDGET (window), "done");

  /* libadwaita 1.2 warns when a window goes while a toast is fading out. */
  spin (400);
  gtk_window_destroy (GTK_WINDOW (window));
  spin (100);
  cs_test_rm_rf (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  const char *localedir = g_getenv ("CS_TEST_LOCALEDIR");
  char *app_argv[] = { (char *) "cedar-store", NULL };
  char **app_argv_p = app_argv;
  int app_argc = 1;
  CsOptions *options;
  const char *locale;
  int status;

  g_setenv ("LANGUAGE", "de", TRUE);
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  g_test_log_set_fatal_handler (ignore_environment, NULL);

  /* gtk_test_init sets its own locale: take the user's German one back. */
  locale = setlocale (LC_ALL, "de_DE.UTF-8");
  if (locale == NULL)
    locale = setlocale (LC_ALL, "C.UTF-8");
  g_assert_nonnull (locale);
  g_test_message ("locale %s, LANGUAGE=de, catalogues in %s", locale, localedir);
  g_assert_nonnull (localedir);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

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

  g_test_add_func ("/i18n/catalogue", test_catalogue);
  g_test_add_func ("/i18n/headless-messages", test_headless_messages);
  g_test_add_func ("/i18n/window", test_window);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
