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

#include <glib/gstdio.h>

#include <glib/gi18n.h>

#include "cs-application.h"
#include "cs-calendar.h"
#include "cs-config.h"
#include "cs-day-row.h"
#include "cs-error.h"
#include "cs-options.h"
#include "cs-staging.h"
#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-window-private.h"

#define TODAY       "2026-11-26"
#define TODAY_DIR   "2026/11/26"
#define WAIT_LIMIT  120    /* seconds */

static CsApplication *app;

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
  cs_test_assert_contains (g_dgettext (GETTEXT_PACKAGE,
                                       "Unable to find unused staging directory to store (tried "
                                       "today, yesterday, tomorrow). Staging root [%s]; tried %s."),
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
  cs_test_assert_contains (error->message, "ist kein gültiges Datum");
  g_clear_error (&error);

  config = cs_config_load ("/nonexistent/cback3.conf", &error);
  g_assert_null (config);
  g_assert_nonnull (error);
  cs_test_assert_contains (error->message, "Konfigurationsdatei");
  g_clear_error (&error);

  /* Cedar Backup's own message when stage did not run: what cron mails most often. */
  {
    GDate today;
    g_autoptr(GPtrArray) days = NULL;

    g_assert_true (cs_calendar_parse_iso_date ("2025-01-01", &today));
    days = cs_staging_find_day ("/nonexistent", &today, FALSE, FALSE, NULL, NULL, &error);
    g_assert_null (days);
    g_assert_error (error, CS_ERROR, CS_ERROR_NOTHING_TO_STORE);
    cs_test_assert_contains (error->message, "Kein ungespeichertes Staging-Verzeichnis");
    g_clear_error (&error);
  }

  g_assert_cmpstr (cs_step_title (CS_STEP_WRITE), ==, "Schreiben");
  g_assert_cmpstr (cs_step_title (CS_STEP_VERIFY), ==, "Prüfen");
}

static void
test_window (void)
{
  g_autofree char *device = NULL;
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *image = g_build_filename (tmp, "disc.iso", NULL);
  g_autofree char *day = NULL;
  g_autofree char *data = NULL;
  g_autofree char *log = NULL;
  CsWindow *window;

  day = cs_test_make_day (stage, TODAY_DIR, TRUE, FALSE);
  data = g_build_filename (day, "host1", "data.tar", NULL);
  cs_test_fill_file (data, 4 * 1024 * 1024, 11);

  device = g_strconcat ("stdio:", image, NULL);
  window = cs_test_open_window (app, stage, device, TODAY);
  g_assert_true (cs_window_get_can_store (window));

  /* The window's own strings: its template, its code and the engine's step titles. */
  g_assert_cmpstr (gtk_button_get_label (window->store_button), ==, "Auf Disc _speichern");
  g_assert_cmpstr (adw_preferences_group_get_title (window->days_group), ==,
                   "Zu speichernde Tage");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (window->target_row)), ==,
                   "Schreiben _auf");
  cs_test_assert_contains (gtk_label_get_label (window->adds_label), "neue Sitzung");
  cs_test_screenshot (GTK_WIDGET (window), "de-ready");

  g_action_group_activate_action (G_ACTION_GROUP (app), "store", NULL);
  cs_test_wait_for (cs_test_window_is_idle, window, WAIT_LIMIT, "the store to finish");
  log = cs_window_get_log_text (window);
  g_test_message ("log:\n%s", log);
  cs_test_assert_contains (log, "Konsistenzprüfung für");
  cs_test_assert_contains (log, "1 Tag auf ");
  cs_test_assert_contains (window->last_toast, "gespeichert und geprüft");
  cs_test_wait_for (cs_test_window_is_settled, window, WAIT_LIMIT, "the window to look again");
  cs_test_screenshot (GTK_WIDGET (window), "de-done");

  cs_test_destroy_window (GTK_WINDOW (window));
  cs_test_rm_rf (tmp);
}

/* Issue 13: a file the image cannot hold, before Store: the day's row gives the first file
 * and why from the German message, without its closing advice, and Store waits. */
static void
test_window_unstorable (void)
{
  g_autofree char *device = NULL;
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *image = g_build_filename (tmp, "disc.iso", NULL);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *day = NULL;
  g_autofree char *host = NULL;
  const char *subtitle = NULL;
  CsWindow *window;
  char name[251];

  day = cs_test_make_day (stage, TODAY_DIR, TRUE, FALSE);
  host = g_build_filename (day, "host1", NULL);
  memset (name, 'q', 250);
  name[250] = '\0';
  /* Down by relative steps: the whole path is longer than PATH_MAX. */
  g_assert_cmpint (g_chdir (host), ==, 0);
  for (guint i = 0; i < 18; i++)
    g_assert_true (g_mkdir (name, 0755) == 0 && g_chdir (name) == 0);
  g_assert_true (g_file_set_contents ("f.txt", "deep\n", -1, NULL));
  g_assert_cmpint (g_chdir (cwd), ==, 0);

  device = g_strconcat ("stdio:", image, NULL);
  window = cs_test_open_window (app, stage, device, TODAY);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (window->days_list));
       row != NULL && subtitle == NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (CS_IS_DAY_ROW (row))
        subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
    }
  g_assert_nonnull (subtitle);
  g_test_message ("row: %s", subtitle);
  cs_test_assert_contains (subtitle, "\n");
  cs_test_assert_contains (strchr (subtitle, '\n'), "„host1/qqqqqqqqqq");
  g_assert_null (strstr (subtitle, "Korrigieren"));
  g_assert_null (strstr (subtitle, "Staging-Ordner"));
  g_assert_false (cs_window_get_can_store (window));
  cs_test_screenshot (GTK_WIDGET (window), "de-unstorable");

  cs_test_destroy_window (GTK_WINDOW (window));
  {
    /* rm copes with paths longer than PATH_MAX; cs_test_rm_rf() does not. */
    const char * const rm[] = { "rm", "-rf", "--", tmp, NULL };
    cs_test_run (rm, NULL, NULL);
  }
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("CS_TEST_LOCALEDIR");
  const char *locale;
  int status;

  g_setenv ("LANGUAGE", "de", TRUE);
  cs_test_ui_init (&argc, &argv);

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

  app = cs_test_app_new ();

  g_test_add_func ("/i18n/catalogue", test_catalogue);
  g_test_add_func ("/i18n/headless-messages", test_headless_messages);
  g_test_add_func ("/i18n/window", test_window);
  g_test_add_func ("/i18n/window-unstorable", test_window_unstorable);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
