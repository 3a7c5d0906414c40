/* test-window-first-use.c – the window on first use and on errors, under Xvfb
 *
 * Issue 14, items 8 to 12: a staging folder that does not exist says so and offers to
 * choose it (and --demo); a configuration problem offers Preferences and another file, and
 * a file chosen there that is no configuration says so in Preferences; a verify that fails
 * because a staging file changed advises waiting for the staging run, in full sentences; a
 * day staged yesterday says so in its row's visible text; each refused folder is named; a
 * cancel is no FATAL alarm in the log, and a symbolic link of the demo is a note there.
 * Screenshots of the states go to the build directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cs-day-row.h"
#include "cs-preferences-window.h"
#include "cs-store-job-private.h"
#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-test-window-fixture.h"
#include "cs-window-private.h"

#define WORD_JOINER "\xe2\x81\xa0"

/* @text without U+2060 and with its line breaks as spaces (new string). */
static char *
plain_text (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, WORD_JOINER, -1);
  char *joined = g_strjoinv ("", parts);

  g_strdelimit (joined, "\n", ' ');
  return joined;
}

/* The first widget under @widget for which @match says yes, depth first. */
static GtkWidget *
find_widget (GtkWidget  *widget,
             gboolean  (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_button_for (GtkWidget     *widget,
               gconstpointer  action)
{
  return GTK_IS_BUTTON (widget)
         && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0
         && gtk_widget_get_visible (widget);
}

static gboolean
is_label_with (GtkWidget     *widget,
               gconstpointer  part)
{
  return GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), part) != NULL;
}

static GtkWindow *
find_dialog_for (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel))
          && gtk_window_get_transient_for (toplevel) == parent)
        return toplevel;
    }
  return NULL;
}

static gboolean
dialog_shown (gpointer parent)
{
  return find_dialog_for (parent) != NULL;
}

static void
close_dialog (GtkWindow *dialog)
{
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "close");
  cs_test_drain ();
}

/* A PNG's first bytes: what the issue saw accepted as a configuration. */
static void
write_png (const char *path)
{
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

  cs_test_write_file (path, png, sizeof png - 1);
}

static gboolean
is_png_named (const char *path)
{
  return g_str_has_suffix (path, ".png");
}

static void
save_shot (GtkWidget  *widget,
           const char *name)
{
  const char *notes = "/work/notes/shots";

  cs_test_screenshot (widget, name);
  /* The note shows them: copied when the notes folder is there (not in CI). */
  if (g_file_test (notes, G_FILE_TEST_IS_DIR))
    {
      const char *dir = g_getenv ("G_TEST_BUILDDIR");
      g_autofree char *file = g_strdup_printf ("window-%s.png", name);
      g_autofree char *from = g_build_filename (dir ? dir : ".", file, NULL);
      g_autofree char *to = g_strdup_printf ("%s/firstuse-%s.png", notes, name);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_get_contents (from, &contents, &length, NULL))
        g_file_set_contents (to, contents, length, NULL);
    }
}

/* Whether @label's attributes turn off the hyphens Pango puts where it breaks a word. */
static gboolean
hyphens_off (GtkLabel *label)
{
  PangoAttrList *attrs = gtk_label_get_attributes (label);
  GSList *list;
  gboolean off = FALSE;

  if (attrs == NULL)
    return FALSE;
  list = pango_attr_list_get_attributes (attrs);
  for (GSList *l = list; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;

      if (attr->klass->type == PANGO_ATTR_INSERT_HYPHENS && ((PangoAttrInt *) attr)->value == 0)
        off = TRUE;
    }
  g_slist_free_full (list, (GDestroyNotify) pango_attribute_destroy);
  return off;
}

/* Item 8: first start, the staging folder does not exist. */
static void
test_no_staging (void)
{
  CsOptions *options = cs_application_get_options (app);
  Fixture f = { 0 };
  g_autofree char *missing = NULL;
  g_autofree char *description = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *log = NULL;
  GSettings *settings;
  GtkWidget *label;
  PangoLayout *layout;
  gboolean whole = FALSE;

  fixture_set_up (&f);
  /* Short, as /opt/backup/stage: the description's column is about 300 px wide. */
  missing = g_strdup ("/nonexistent/backup/stage");
  g_assert_false (g_file_test ("/nonexistent", G_FILE_TEST_EXISTS));
  set_option (&options->stage_dir, NULL);
  fixture_open (&f);
  settings = cs_window_get_settings (f.window);
  g_settings_set_string (settings, "staging-root", missing);
  wait_settled (f.window);

  g_assert_cmpstr (adw_status_page_get_title (f.window->empty_page), ==, "No Staging Folder");
  description = plain_text (adw_status_page_get_description (f.window->empty_page));
  expected = g_strdup_printf ("The staging folder %s does not exist.", missing);
  cs_test_assert_contains (description, expected);
  cs_test_assert_contains (description, "start it with --demo.");
  g_assert_null (strstr (description, "no unstored day"));
  g_assert_nonnull (find_widget (GTK_WIDGET (f.window->empty_page), is_button_for,
                                 "win.choose-staging-root"));
  g_assert_nonnull (find_widget (GTK_WIDGET (f.window->empty_page), is_button_for,
                                 "app.preferences"));
  log = cs_window_get_log_text (f.window);
  expected[strlen (expected) - 1] = '\0';
  cs_test_assert_contains (log, expected);

  /* Narrower: the description wraps, but not inside the path (which fits a line). */
  g_assert_true (cs_test_resize_window (GTK_WINDOW (f.window), 640, 700, NULL));
  label = find_widget (GTK_WIDGET (f.window->empty_page), is_label_with, "does not exist");
  g_assert_nonnull (label);
  /* A path wider than the label breaks without a hyphen put in (issue 14). */
  g_assert_true (hyphens_off (GTK_LABEL (label)));
  layout = gtk_label_get_layout (GTK_LABEL (label));
  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      g_autofree char *text = g_strndup (pango_layout_get_text (layout) + line->start_index,
                                         line->length);
      g_autofree char *shown = plain_text (text);

      g_test_message ("line: %s", shown);
      if (strstr (shown, missing) != NULL)
        whole = TRUE;
    }
  {
    g_autoptr(PangoLayout) alone = gtk_widget_create_pango_layout (label, missing);
    int path_width;

    pango_layout_get_pixel_size (alone, &path_width, NULL);
    g_test_message ("path %d px, label %d px", path_width, gtk_widget_get_width (label));
    /* It fits the column: it must not be cut in two. */
    g_assert_cmpint (path_width, <, gtk_widget_get_width (label));
    g_assert_true (whole);
  }
  g_assert_nonnull (strstr (adw_status_page_get_description (f.window->empty_page),
                            "/" WORD_JOINER "backup/" WORD_JOINER "stage"));
  save_shot (GTK_WIDGET (f.window), "first-start");

  /* The button's choice becomes the preference, and the window finds the day there. */
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  {
    g_autoptr(GFile) chosen = g_file_new_for_path (f.stage);

    _cs_window_set_path_setting (f.window, "staging-root", chosen);
  }
  {
    g_autofree char *root = g_settings_get_string (settings, "staging-root");

    g_assert_cmpstr (root, ==, f.stage);
  }
  wait_settled (f.window);
  g_assert_nonnull (cs_window_get_days (f.window));
  g_assert_cmpuint (cs_window_get_days (f.window)->len, ==, 1);

  g_settings_reset (settings, "staging-root");
  fixture_tear_down (&f);
}

static CsPreferencesWindow *
find_preferences (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (CS_IS_PREFERENCES_WINDOW (toplevel))
        return CS_PREFERENCES_WINDOW (toplevel);
    }
  return NULL;
}

static gboolean
filter_matches (GtkFileFilter *filter,
                const char    *name,
                const char    *type)
{
  g_autoptr(GFileInfo) info = g_file_info_new ();

  g_file_info_set_display_name (info, name);
  g_file_info_set_name (info, name);
  g_file_info_set_content_type (info, type);
  return gtk_filter_match (GTK_FILTER (filter), info);
}

static gboolean
config_file_is (gpointer data)
{
  CsWindow *window = data;
  g_autofree char *value = g_settings_get_string (cs_window_get_settings (window),
                                                  "config-file");

  return g_str_has_suffix (value, "cback3.conf");
}

/* Item 9: a configuration problem offers Preferences and another file; Preferences' chooser
 * takes configurations only, and says in its own window why a file is not one. */
static void
test_config_problem (void)
{
  Fixture f = { 0 };
  g_autofree char *png = NULL;
  g_autofree char *good = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GtkFileFilter) filter = cs_preferences_config_filter_new ();
  GSettings *settings;
  CsPreferencesWindow *prefs;
  GtkWindow *dialog;
  GtkWidget *button;

  fixture_set_up (&f);
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  png = g_build_filename (f.tmp, "photo.png", NULL);
  write_png (png);
  good = g_build_filename (f.tmp, "cback3.conf", NULL);
  {
    g_autofree char *doc = g_strdup_printf (
      "<?xml version=\"1.0\"?>\n<cb_config>\n"
      "  <options><starting_day>monday</starting_day><working_dir>%s</working_dir>"
      "<backup_user>root</backup_user><backup_group>root</backup_group>"
      "<rcp_command>/usr/bin/scp -B</rcp_command></options>\n"
      "  <store><source_dir>%s</source_dir><media_type>dvd+rw</media_type>"
      "<device_type>dvdwriter</device_type><target_device>/dev/cdrw</target_device>"
      "</store>\n</cb_config>\n", f.tmp, f.stage);

    cs_test_write_file (good, doc, -1);
  }
  fixture_open (&f);
  settings = cs_window_get_settings (f.window);
  g_settings_set_string (settings, "config-file", png);
  wait_settled (f.window);

  g_assert_cmpstr (adw_status_page_get_title (f.window->empty_page), ==,
                   "Configuration Problem");
  g_assert_cmpstr (adw_status_page_get_icon_name (f.window->empty_page), !=,
                   "folder-open-symbolic");
  g_assert_null (find_widget (GTK_WIDGET (f.window->empty_page), is_button_for,
                              "win.choose-folders"));
  g_assert_nonnull (find_widget (GTK_WIDGET (f.window->empty_page), is_button_for,
                                 "win.choose-config-file"));
  button = find_widget (GTK_WIDGET (f.window->empty_page), is_button_for, "app.preferences");
  g_assert_nonnull (button);
  wait_settled (f.window);
  save_shot (GTK_WIDGET (f.window), "config-error");

  /* The filter: Cedar Backup's names, *.conf and XML; not a PNG. */
  g_assert_true (filter_matches (filter, "cback3.conf", "text/plain"));
  g_assert_true (filter_matches (filter, "cback.conf", "text/plain"));
  g_assert_true (filter_matches (filter, "site.xml", "application/xml"));
  g_assert_false (filter_matches (filter, "photo.png", "image/png"));

  /* Open Preferences from the page; a PNG chosen there is refused there. */
  g_signal_emit_by_name (button, "clicked");
  cs_test_drain ();
  prefs = find_preferences ();
  g_assert_nonnull (prefs);
  g_settings_reset (settings, "config-file");
  wait_settled (f.window);
  {
    g_autoptr(GFile) chosen = g_file_new_for_path (png);

    _cs_preferences_window_chosen (prefs, "config-file", chosen);
  }
  cs_test_wait_for (dialog_shown, prefs, WAIT_LIMIT, "the refusal in Preferences");
  dialog = find_dialog_for (GTK_WINDOW (prefs));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Not a Cedar Backup Configuration");
  cs_test_assert_contains (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), png);
  value = g_settings_get_string (settings, "config-file");
  g_assert_false (is_png_named (value));
  save_shot (GTK_WIDGET (dialog), "config-refused-in-preferences");
  close_dialog (dialog);

  /* A configuration is taken. */
  {
    g_autoptr(GFile) chosen = g_file_new_for_path (good);

    _cs_preferences_window_chosen (prefs, "config-file", chosen);
  }
  cs_test_wait_for (config_file_is, f.window, WAIT_LIMIT, "the configuration to be taken");

  gtk_window_destroy (GTK_WINDOW (prefs));
  g_settings_reset (settings, "config-file");
  fixture_tear_down (&f);
}

/* Changes a staging file once the disc is written, as a staging run still at work would. */
static void
change_at_verify (CsStep   step,
                  gpointer user_data)
{
  if (step == CS_STEP_VERIFY)
    cs_test_write_file (user_data, "written again by the staging run\n", -1);
}

static void
on_job_created (CsWindow   *window,
                GParamSpec *pspec,
                gpointer    file)
{
  CsStoreJob *job = cs_window_get_job (window);

  if (job != NULL)
    _cs_store_job_set_step_hook (job, change_at_verify, file);
}

/* Item 10: the advice fits the cause, and every sentence ends with a full stop. */
static void
test_verify_source_changed (void)
{
  Fixture f = { 0 };
  g_autofree char *file = NULL;
  g_auto(GStrv) paragraphs = NULL;
  const char *body;
  GtkWindow *dialog;

  fixture_set_up (&f);
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  file = g_build_filename (f.day, "host1", "etc.tar.gz", NULL);
  fixture_open (&f);

  g_signal_connect (f.window, "notify::job", G_CALLBACK (on_job_created), file);
  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to fail");
  g_signal_handlers_disconnect_by_func (f.window, on_job_created, file);
  cs_test_wait_for (dialog_shown, f.window, WAIT_LIMIT, "the failure dialog");
  dialog = find_dialog_for (GTK_WINDOW (f.window));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "The Disc Does Not Match");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  cs_test_assert_contains (body, "staging run is finished");
  g_assert_null (strstr (body, "another disc"));
  g_assert_null (strstr (body, "set this one aside"));
  paragraphs = g_strsplit (body, "\n\n", -1);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_test_message ("paragraph: %s", paragraphs[i]);
      g_assert_true (g_str_has_suffix (paragraphs[i], "."));
    }
  g_assert_false (indicator_exists (f.day));
  wait_settled (f.window);
  save_shot (GTK_WIDGET (dialog), "verify-source-changed");
  close_dialog (dialog);

  fixture_tear_down (&f);
}

/* Removes a staging file as the write starts (the image's generator already running,
 * a big file ahead of it), as a staging run still at work would. */
static void
remove_at_write (CsStep   step,
                 gpointer user_data)
{
  if (step == CS_STEP_WRITE)
    g_assert_cmpint (g_unlink (user_data), ==, 0);
}

static void
on_write_job_created (CsWindow   *window,
                      GParamSpec *pspec,
                      gpointer    file)
{
  CsStoreJob *job = cs_window_get_job (window);

  if (job != NULL)
    _cs_store_job_set_step_hook (job, remove_at_write, file);
}

/* Issue 14: a file changed during the write is no fault of the disc; the advice is the
 * staging run's, as for the verify. */
static void
test_write_source_changed (void)
{
  Fixture f = { 0 };
  g_autofree char *big = NULL;
  g_autofree char *file = NULL;
  const char *body;
  GtkWindow *dialog;

  fixture_set_up (&f);
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  big = g_build_filename (f.day, "host1", "a_first", NULL);
  cs_test_fill_file (big, 24 * 1024 * 1024, 11);
  file = g_build_filename (f.day, "host1", "z_last", NULL);
  cs_test_fill_file (file, 256 * 1024, 9);
  fixture_open (&f);

  g_signal_connect (f.window, "notify::job", G_CALLBACK (on_write_job_created), file);
  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to fail");
  g_signal_handlers_disconnect_by_func (f.window, on_write_job_created, file);
  cs_test_wait_for (dialog_shown, f.window, WAIT_LIMIT, "the failure dialog");
  dialog = find_dialog_for (GTK_WINDOW (f.window));
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  g_test_message ("body: %s", body);
  cs_test_assert_contains (body, "staging run is finished");
  g_assert_null (strstr (body, "faulty"));
  g_assert_null (strstr (body, "this drive"));
  g_assert_null (strstr (body, ".new-"));
  g_assert_false (indicator_exists (f.day));
  wait_settled (f.window);
  save_shot (GTK_WIDGET (dialog), "write-source-changed");
  close_dialog (dialog);

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

/* Item 11: a day staged yesterday (the store crossed midnight) says so in visible text. */
static void
test_midnight_visible (void)
{
  Fixture f = { 0 };
  const char *subtitle;
  CsDayRow *row;

  fixture_set_up (&f);
  f.day = cs_test_make_day (f.stage, "2026/11/25", TRUE, FALSE);
  fixture_open (&f);

  row = first_day_row (f.window);
  g_assert_nonnull (row);
  g_assert_nonnull (cs_day_row_get_warning (row));
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  cs_test_assert_contains (subtitle, "Staged yesterday: this store crossed midnight.");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  save_shot (GTK_WIDGET (f.window), "midnight");

  fixture_tear_down (&f);
}

/* Item 11: five refused folders are each named, with why. */
static void
test_refused_drops (void)
{
  Fixture f = { 0 };
  GSList *files = NULL;
  const char *body;
  GtkWindow *dialog;

  fixture_set_up (&f);
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  fixture_open (&f);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("not-a-day-%u", i);
      g_autofree char *path = g_build_filename (f.tmp, name, NULL);

      g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
      files = g_slist_append (files, g_file_new_for_path (path));
    }
  _cs_window_add_folders (f.window, files);
  g_slist_free_full (files, g_object_unref);

  cs_test_wait_for (dialog_shown, f.window, WAIT_LIMIT, "the refusals");
  dialog = find_dialog_for (GTK_WINDOW (f.window));
  g_assert_cmpstr (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)), ==,
                   "Folders Were Not Added");
  body = adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog));
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("“not-a-day-%u” is not a staging day", i);

      cs_test_assert_contains (body, name);
    }
  wait_settled (f.window);
  save_shot (GTK_WIDGET (dialog), "refused-drops");
  close_dialog (dialog);

  fixture_tear_down (&f);
}

static gboolean
writing (gpointer data)
{
  CsWindow *window = data;

  return !cs_window_get_busy (window)
         || cs_step_row_get_fraction (cs_window_get_step_row (window, CS_STEP_WRITE)) > 0.01;
}

/* Item 12: a cancel is not FATAL in the log. */
static void
test_cancel_not_fatal (void)
{
  Fixture f = { 0 };
  g_autofree char *log = NULL;

  fixture_set_up (&f);
  f.day = make_big_day (f.stage, TODAY_DIR, 300 * MIB);
  fixture_open (&f);

  store (f.window);
  cs_test_wait_for (writing, f.window, WAIT_LIMIT, "bytes written");
  g_assert_true (cs_window_get_busy (f.window));
  g_action_group_activate_action (G_ACTION_GROUP (app), "cancel", NULL);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to stop");
  g_assert_cmpint (row_state (f.window, CS_STEP_WRITE), ==, CS_STEP_ROW_CANCELLED);

  log = cs_window_get_log_text (f.window);
  g_test_message ("%s", log);
  g_assert_null (strstr (log, "FATAL"));
  g_assert_null (strstr (log, "Burn run failed"));
  wait_settled (f.window);

  fixture_tear_down (&f);
}

/* Item 12: the demo's symbolic link is a note that names it and says Rock Ridge keeps it. */
static void
test_demo_joliet_note (void)
{
  CsOptions *options = cs_application_get_options (app);
  Fixture f = { 0 };
  g_autofree char *log = NULL;

  fixture_set_up (&f);
  set_option (&options->stage_dir, NULL);
  set_option (&options->device, NULL);
  options->demo = TRUE;
  fixture_open (&f);
  g_assert_true (cs_window_get_can_store (f.window));

  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the demo store");
  g_assert_cmpint (row_state (f.window, CS_STEP_VERIFY), ==, CS_STEP_ROW_DONE);
  log = cs_window_get_log_text (f.window);
  g_assert_null (strstr (log, "Joliet tree"));
  g_assert_null (strstr (log, "libisofs WARNING"));
  cs_test_assert_contains (log, "Note: the symbolic link /2026/11/26/");
  cs_test_assert_contains (log, "latest.tar is left out of the disc’s Joliet names");
  cs_test_assert_contains (log, "Rock Ridge names keep it");
  wait_settled (f.window);

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

  g_test_add_func ("/first-use/no-staging", test_no_staging);
  g_test_add_func ("/first-use/config-problem", test_config_problem);
  g_test_add_func ("/first-use/verify-source-changed", test_verify_source_changed);
  g_test_add_func ("/first-use/write-source-changed", test_write_source_changed);
  g_test_add_func ("/first-use/midnight-visible", test_midnight_visible);
  g_test_add_func ("/first-use/refused-drops", test_refused_drops);
  g_test_add_func ("/first-use/cancel-not-fatal", test_cancel_not_fatal);
  g_test_add_func ("/first-use/demo-joliet-note", test_demo_joliet_note);

  status = g_test_run ();

  g_object_unref (app);

  return status;
}
