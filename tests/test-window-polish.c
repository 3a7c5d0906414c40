/* test-window-polish.c – the window's finish (issue 14, item 14): its size is kept, the
 * title is whole at 360 px, a status page's button is not cut off, Preferences' choices can
 * be told apart, a failure is said once, Choose Image File starts at the image file, a
 * saved log says when and by which version it was written; toasts do not hide the log, its
 * first line is shown whole, and dialogs' buttons are named once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "cs-error.h"
#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-test-window-fixture.h"
#include "cs-window-private.h"

#define NARROW 360

/* Copies a screenshot from the build tree to the notes, when they exist. */
static void
shot (GtkWidget  *widget,
      const char *name)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *built_file = g_strconcat ("window-", name, ".png", NULL);
  g_autofree char *built = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ?
                                             g_getenv ("G_TEST_BUILDDIR") : ".", built_file, NULL);
  const char *notes = "/work/notes/shots";

  cs_test_screenshot (widget, name);
  if (g_file_test (notes, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *copy = g_build_filename (notes, file, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (g_file_get_contents (built, &contents, &length, NULL))
        g_file_set_contents (copy, contents, length, NULL);
    }
}

static GtkWidget *
find_widget (GtkWidget *root,
             gboolean (*match) (GtkWidget *, gconstpointer),
             gconstpointer data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
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
is_css_label (GtkWidget     *widget,
              gconstpointer  css_class)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class);
}

static gboolean
is_type (GtkWidget     *widget,
         gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_combo_titled (GtkWidget     *widget,
                 gconstpointer  title)
{
  return ADW_IS_COMBO_ROW (widget) &&
         g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

/* Whether some label under @root shows its text shortened with "…". */
static gboolean
any_label_ellipsized (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (root))))
    {
      g_test_message ("shortened: “%s”", gtk_label_get_text (GTK_LABEL (root)));
      return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (any_label_ellipsized (child))
        return TRUE;
    }

  return FALSE;
}

static void
resize (CsWindow *window,
        int       width,
        int       height)
{
  g_autoptr(GError) error = NULL;

  cs_test_resize_window (GTK_WINDOW (window), width, height, &error);
  g_assert_no_error (error);
  cs_test_drain ();
}

static gboolean
default_size_is_new (gpointer window)
{
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  return width == 640 && height == 610;
}

/* The size the window was closed at is the size it opens at. */
static void
test_size_kept (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  Fixture f = { 0 };
  int width, height;

  fixture_set_up (&f);
  g_free (cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE));
  fixture_open (&f);

  settings = g_settings_new (APP_ID);
  g_object_get (settings, "settings-schema", &schema, NULL);
  g_assert_true (g_settings_schema_has_key (schema, "window-width"));
  g_assert_true (g_settings_schema_has_key (schema, "window-height"));
  g_assert_true (g_settings_schema_has_key (schema, "window-maximized"));

  /* A resize (once the window has its first size, which GTK would keep instead) */
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f.window));
  resize (f.window, 640, 610);
  cs_test_wait_for (default_size_is_new, f.window, SCREENSHOT_LIMIT_S,
                    "the window to take its new size");
  gtk_window_close (GTK_WINDOW (f.window));
  cs_test_wait_for (no_windows, NULL, WAIT_LIMIT, "the window to close");
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 640);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  fixture_tear_down (&f);

  /* The next window opens at the size kept. */
  g_settings_set_int (settings, "window-width", 600);
  g_settings_set_int (settings, "window-height", 650);
  fixture_set_up (&f);
  g_free (cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE));
  fixture_open (&f);
  gtk_window_get_default_size (GTK_WINDOW (f.window), &width, &height);
  g_assert_cmpint (width, ==, 600);
  g_assert_cmpint (height, ==, 650);
  fixture_tear_down (&f);

  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
  g_settings_reset (settings, "window-maximized");
}

/* Whether @widget handles scroll events itself. */
static gboolean
has_scroll_controller (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller))
        return TRUE;
    }
  return FALSE;
}

/* At its narrowest the window still says its name whole, and the status page's button
 * (under a description that wraps) is inside the page, not cut off. */
static void
test_narrow (void)
{
  Fixture f = { 0 };
  GtkWidget *title, *page_scroller, *button;
  graphene_rect_t bounds;
  int scroller_height;

  /* No staging folder: the status page says so, with a long path that wraps. */
  fixture_set_up (&f);
  g_free (f.stage);
  f.stage = g_build_filename (f.tmp, "a-staging-folder-with-a-long-name", "that-does-not",
                              "exist-yet", NULL);
  set_option (&cs_application_get_options (app)->stage_dir, f.stage);
  /* GNOME's window buttons: close only (org.gnome.desktop.wm.preferences button-layout);
   * Xvfb without a desktop would add minimize and maximize. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  fixture_open (&f);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f.window));
  resize (f.window, NARROW, 700);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f.window));
  g_test_message ("window %d px wide", gtk_widget_get_width (GTK_WIDGET (f.window)));
  shot (GTK_WIDGET (f.window), "a11y-narrow-360");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f.window)), <=, NARROW);

  title = find_widget (GTK_WIDGET (f.window->window_title), is_css_label, "title");
  g_assert_nonnull (title);
  g_test_message ("title: %s, %d px", gtk_label_get_text (GTK_LABEL (title)),
                  gtk_widget_get_width (title));
  g_assert_true (gtk_widget_get_mapped (title));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (title))));

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f.window->empty_page)));
  page_scroller = find_widget (GTK_WIDGET (f.window->empty_page), is_type,
                               GSIZE_TO_POINTER (GTK_TYPE_SCROLLED_WINDOW));
  g_assert_nonnull (page_scroller);
  /* The wheel over the page scrolls the window's pane: the page's own scrolled window,
   * which in GTK 4.8 stops every scroll event even with nothing to scroll, takes none. */
  g_assert_false (has_scroll_controller (page_scroller));
  g_assert_true (has_scroll_controller (GTK_WIDGET (f.window->main_scroller)));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (f.window->empty_page),
                                         GTK_WIDGET (f.window->main_scroller)));
  /* The last button: the lowest on the page. */
  button = NULL;
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (f.window->empty_page)); w != NULL; )
    {
      GtkWidget *next;

      if (GTK_IS_BUTTON (w) && gtk_widget_get_visible (w))
        button = w;
      next = gtk_widget_get_first_child (w);
      while (next == NULL && w != GTK_WIDGET (f.window->empty_page))
        {
          next = gtk_widget_get_next_sibling (w);
          if (next == NULL)
            w = gtk_widget_get_parent (w);
        }
      if (w == GTK_WIDGET (f.window->empty_page) && next == NULL)
        break;
      w = next;
    }
  g_assert_nonnull (button);
  if (GTK_IS_BUTTON (button) && gtk_button_get_label (GTK_BUTTON (button)) != NULL)
    g_test_message ("last button: %s", gtk_button_get_label (GTK_BUTTON (button)));
  g_assert_true (gtk_widget_compute_bounds (button, page_scroller, &bounds));
  scroller_height = gtk_widget_get_height (page_scroller);
  g_test_message ("button at y %.0f–%.0f in a page of %d px", bounds.origin.y,
                  bounds.origin.y + bounds.size.height, scroller_height);
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, scroller_height);
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                     gtk_widget_get_width (page_scroller));

  fixture_tear_down (&f);
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type) &&
          gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }

  return NULL;
}

static gboolean
toplevel_shown (gpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) != NULL;
}

static gboolean
toplevel_gone (gpointer type)
{
  return find_toplevel (GPOINTER_TO_SIZE (type)) == NULL;
}

/* Start a New Disc: each choice is shown whole when chosen, so they can be told apart. */
static void
test_preferences_choices (void)
{
  Fixture f = { 0 };
  GtkWindow *prefs;
  GtkWidget *row;
  GListModel *model;
  GHashTable *texts = g_hash_table_new (g_str_hash, g_str_equal);

  fixture_set_up (&f);
  g_free (cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE));
  fixture_open (&f);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  cs_test_wait_for (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_PREFERENCES_WINDOW),
                    SCREENSHOT_LIMIT_S, "Preferences");
  prefs = find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  row = find_widget (GTK_WIDGET (prefs), is_combo_titled, "Start a New _Disc");
  g_assert_nonnull (row);
  model = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  for (guint i = 0; i < 3; i++)
    {
      const char *text = gtk_string_list_get_string (GTK_STRING_LIST (model), i);

      g_assert_false (g_hash_table_contains (texts, text));
      g_hash_table_add (texts, (gpointer) text);

      adw_combo_row_set_selected (ADW_COMBO_ROW (row), i);
      cs_test_drain ();
      gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));
      if (i == 1)
        {
          GtkWidget *scroller = find_widget (GTK_WIDGET (prefs), is_type,
                                             GSIZE_TO_POINTER (GTK_TYPE_SCROLLED_WINDOW));
          GtkAdjustment *vadj;

          /* The New Discs group, at the bottom of the page, in the screenshot. */
          g_assert_nonnull (scroller);
          vadj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
          gtk_adjustment_set_value (vadj, gtk_adjustment_get_upper (vadj));
          cs_test_drain ();
          gtk_test_widget_wait_for_draw (GTK_WIDGET (prefs));
          shot (GTK_WIDGET (prefs), "a11y-preferences");
        }
      g_test_message ("choice %u: %s", i, text);
      g_assert_false (any_label_ellipsized (row));
    }

  g_hash_table_unref (texts);
  gtk_window_destroy (prefs);
  cs_test_wait_for (toplevel_gone, GSIZE_TO_POINTER (ADW_TYPE_PREFERENCES_WINDOW),
                    SCREENSHOT_LIMIT_S, "Preferences to close");
  fixture_tear_down (&f);
}

/* A failed store is said in its dialog, not also in a toast with the same heading. */
static void
test_failure_once (void)
{
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  GtkWindow *dialog;

  fixture_set_up (&f);
  g_free (cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE));
  fixture_open (&f);
  g_clear_pointer (&f.window->last_toast, g_free);

  error = g_error_new (CS_ERROR, CS_ERROR_WRITE, "Writing to %s failed: No space left on device",
                       f.device);
  _cs_window_show_failure (f.window, error);
  cs_test_wait_for (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                    SCREENSHOT_LIMIT_S, "the failure dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_test_message ("dialog: %s", adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog)));
  g_test_message ("toast: %s", f.window->last_toast ? f.window->last_toast : "(none)");
  g_assert_true (f.window->last_toast == NULL ||
                 g_strcmp0 (f.window->last_toast,
                            adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (dialog))) != 0);

  gtk_window_destroy (dialog);
  fixture_tear_down (&f);
}

static gboolean
chooser_has_folder (gpointer chooser)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (chooser);

  return folder != NULL;
}

/* Choose Image File starts in the folder of the image file written to now. */
static void
test_image_chooser_folder (void)
{
  Fixture f = { 0 };
  GtkWindow *chooser;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) expected = NULL;
  guint other = G_MAXUINT;

  fixture_set_up (&f);
  g_free (cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE));
  fixture_open (&f);

  for (guint i = 0; i < f.window->target_addresses->len; i++)
    if (g_ptr_array_index (f.window->target_addresses, i) == NULL)
      other = i;
  g_assert_cmpuint (other, !=, G_MAXUINT);

  adw_combo_row_set_selected (f.window->target_row, other);
  cs_test_wait_for (toplevel_shown, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG),
                    SCREENSHOT_LIMIT_S, "Choose Image File");
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  /* The chooser loads its folder asynchronously. */
  cs_test_wait_for (chooser_has_folder, chooser, SCREENSHOT_LIMIT_S, "the chooser's folder");
  folder = gtk_file_chooser_get_current_folder (GTK_FILE_CHOOSER (chooser));
  expected = g_file_new_for_path (f.tmp);
  g_assert_nonnull (folder);
  g_test_message ("starts in %s", g_file_peek_path (folder));
  g_assert_true (g_file_equal (folder, expected));

  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  cs_test_wait_for (toplevel_gone, GSIZE_TO_POINTER (GTK_TYPE_FILE_CHOOSER_DIALOG),
                    SCREENSHOT_LIMIT_S, "the chooser to close");
  cs_test_wait_for (cs_test_window_is_settled, f.window, WAIT_LIMIT, "the window to settle");
  fixture_tear_down (&f);
}

static gboolean
file_written (gpointer path)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && contents[0] != '\0';
}

/* Save Log…: the file's first line says which version wrote it, and on which day. */
static void
test_saved_log_header (void)
{
  Fixture f = { 0 };
  g_autofree char *saved = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *first = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  fixture_set_up (&f);
  g_free (cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE));
  fixture_open (&f);
  saved = g_build_filename (f.tmp, "saved.log", NULL);

  /* What Save Log… does with the file chosen (its chooser is GTK's). */
  folder = g_file_new_for_path (saved);
  _cs_window_save_log_to (f.window, folder);
  cs_test_wait_for (file_written, saved, WAIT_LIMIT, "the log to be saved");

  g_assert_true (g_file_get_contents (saved, &contents, NULL, NULL));
  first = g_strndup (contents, strcspn (contents, "\n"));
  g_test_message ("first line: %s", first);
  cs_test_assert_contains (first, "Cedar Store " PACKAGE_VERSION);
  cs_test_assert_contains (first, today);
  fixture_tear_down (&f);
}

/* The first mapped widget under @root whose CSS name is @name, e.g. libadwaita's "toast". */
static gboolean
is_mapped_css_name (GtkWidget     *widget,
                    gconstpointer  name)
{
  return gtk_widget_get_mapped (widget) &&
         g_strcmp0 (gtk_widget_get_css_name (widget), name) == 0;
}

typedef struct
{
  CsWindow        *window;
  GtkWidget       *toast;
  graphene_rect_t  bounds;
  gint64           frame;
} ToastWait;

/* The toast has come and stopped moving: its place is the same after a new frame. */
static gboolean
toast_settled (gpointer data)
{
  ToastWait *wait = data;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (wait->window));
  gint64 frame = clock != NULL ? gdk_frame_clock_get_frame_counter (clock) : 0;
  graphene_rect_t bounds;

  wait->toast = find_widget (GTK_WIDGET (wait->window), is_mapped_css_name, "toast");
  if (wait->toast == NULL ||
      !gtk_widget_compute_bounds (wait->toast, GTK_WIDGET (wait->window), &bounds))
    return FALSE;
  if (frame == wait->frame)
    return FALSE;

  wait->frame = frame;
  if (graphene_rect_equal (&bounds, &wait->bounds))
    return TRUE;

  wait->bounds = bounds;
  return FALSE;
}

/* A toast does not hide the log: it is shown over the upper pane, above the log's lines. */
static void
test_toast_above_log (void)
{
  Fixture f = { 0 };
  ToastWait wait = { 0 };
  graphene_rect_t log_bounds;

  fixture_set_up (&f);
  g_free (cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE));
  fixture_open (&f);
  for (int i = 1; i <= 12; i++)
    {
      g_autofree char *line = g_strdup_printf ("Log line %d of 12", i);

      _cs_window_log (f.window, G_LOG_LEVEL_INFO, line);
    }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f.window));

  wait.window = f.window;
  _cs_window_toast (f.window, "Log copied");
  cs_test_wait_for (toast_settled, &wait, SCREENSHOT_LIMIT_S, "the toast to be shown");
  shot (GTK_WIDGET (f.window), "polish2-toast");

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (f.window->log_scroller),
                                            GTK_WIDGET (f.window), &log_bounds));
  g_test_message ("toast at y %.0f–%.0f, log at y %.0f–%.0f", wait.bounds.origin.y,
                  wait.bounds.origin.y + wait.bounds.size.height, log_bounds.origin.y,
                  log_bounds.origin.y + log_bounds.size.height);
  g_assert_false (graphene_rect_intersection (&wait.bounds, &log_bounds, NULL));
  fixture_tear_down (&f);
}

/* The bounds of the log's first line, in the log scroller's coordinates. */
static void
first_log_line_bounds (CsWindow        *window,
                       graphene_rect_t *line)
{
  GtkTextIter start;
  GdkRectangle location;
  int x, y;
  double sx, sy;

  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (window->log_view), &start);
  gtk_text_view_get_line_yrange (window->log_view, &start, &location.y, &location.height);
  gtk_text_view_buffer_to_window_coords (window->log_view, GTK_TEXT_WINDOW_WIDGET,
                                         0, location.y, &x, &y);
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (window->log_view),
                                                   GTK_WIDGET (window->log_scroller),
                                                   x, y, &sx, &sy));
  graphene_rect_init (line, sx, sy, gtk_widget_get_width (GTK_WIDGET (window->log_view)),
                      location.height);
}

/* The log's first line is wholly in sight, not cut by the pane's edge and not under a toast. */
static void
assert_first_log_line_whole (CsWindow   *window,
                             const char *when)
{
  graphene_rect_t line, in_window;
  GtkWidget *toast;

  first_log_line_bounds (window, &line);
  g_test_message ("%s: window %d×%d, first log line y %.0f–%.0f in a log pane of %d px", when,
                  gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)), line.origin.y,
                  line.origin.y + line.size.height,
                  gtk_widget_get_height (GTK_WIDGET (window->log_scroller)));
  g_assert_cmpfloat (line.size.height, >, 0);
  g_assert_cmpfloat (line.origin.y, >=, 0);
  g_assert_cmpfloat (line.origin.y + line.size.height, <=,
                     gtk_widget_get_height (GTK_WIDGET (window->log_scroller)));

  toast = find_widget (GTK_WIDGET (window), is_mapped_css_name, "toast");
  if (toast != NULL)
    {
      graphene_rect_t toast_bounds;
      graphene_point_t origin;

      g_assert_true (gtk_widget_compute_point (GTK_WIDGET (window->log_scroller),
                                               GTK_WIDGET (window),
                                               &line.origin, &origin));
      graphene_rect_init (&in_window, origin.x, origin.y, line.size.width, line.size.height);
      g_assert_true (gtk_widget_compute_bounds (toast, GTK_WIDGET (window), &toast_bounds));
      g_assert_false (graphene_rect_intersection (&toast_bounds, &in_window, NULL));
    }
}

/* First start (no staging folder): the log's only line is shown whole, at the default size
 * and at the narrowest, lowest window. */
static void
test_first_log_line (void)
{
  Fixture f = { 0 };
  ToastWait wait = { 0 };

  fixture_set_up (&f);
  g_free (f.stage);
  f.stage = g_build_filename (f.tmp, "no-stage", NULL);
  set_option (&cs_application_get_options (app)->stage_dir, f.stage);
  fixture_open (&f);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f.window));
  assert_first_log_line_whole (f.window, "default size");

  /* With a toast over the window too. */
  wait.window = f.window;
  _cs_window_toast (f.window, "Log copied");
  cs_test_wait_for (toast_settled, &wait, SCREENSHOT_LIMIT_S, "the toast to be shown");
  assert_first_log_line_whole (f.window, "default size, with a toast");

  resize (f.window, NARROW, 400);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (f.window));
  shot (GTK_WIDGET (f.window), "polish2-first-log-line-360");
  assert_first_log_line_whole (f.window, "narrowest");
  fixture_tear_down (&f);
}

/* The response buttons of a message dialog are named by their label, once, without the
 * mnemonic underscore ("_Close Close" in GTK 4.8 otherwise). */
static void
assert_response_names (GtkWidget *dialog)
{
  guint named = 0;

  for (GtkWidget *w = dialog; w != NULL; )
    {
      GtkWidget *next;

      if (GTK_IS_BUTTON (w) && gtk_button_get_label (GTK_BUTTON (w)) != NULL)
        {
          g_test_message ("response button “%s”", gtk_button_get_label (GTK_BUTTON (w)));
          /* The name is then computed from the label it is labelled by (GTK 4.8). */
          g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (w),
                                                            GTK_ACCESSIBLE_PROPERTY_LABEL));
          named++;
        }
      next = gtk_widget_get_first_child (w);
      while (next == NULL && w != dialog)
        {
          next = gtk_widget_get_next_sibling (w);
          if (next == NULL)
            w = gtk_widget_get_parent (w);
        }
      if (w == dialog && next == NULL)
        break;
      w = next;
    }

  g_assert_cmpuint (named, >, 0);
}

static void
test_dialog_names (void)
{
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  GtkWindow *dialog;

  fixture_set_up (&f);
  g_free (cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE));
  fixture_open (&f);

  /* The window's own failure dialog */
  error = g_error_new (CS_ERROR, CS_ERROR_WRITE, "Writing to %s failed: No space left on device",
                       f.device);
  _cs_window_show_failure (f.window, error);
  cs_test_wait_for (toplevel_shown, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                    SCREENSHOT_LIMIT_S, "the failure dialog");
  dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  assert_response_names (GTK_WIDGET (dialog));
  gtk_window_destroy (dialog);
  cs_test_wait_for (toplevel_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                    SCREENSHOT_LIMIT_S, "the dialog to close");

  /* Any message dialog, wherever it is made, as the erase confirmation's */
  dialog = GTK_WINDOW (adw_message_dialog_new (GTK_WINDOW (f.window), "Erase the Disc?", NULL));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", "_Cancel",
                                    "erase", "_Erase and Store", NULL);
  gtk_window_present (dialog);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (dialog));
  assert_response_names (GTK_WIDGET (dialog));
  gtk_window_destroy (dialog);
  cs_test_wait_for (toplevel_gone, GSIZE_TO_POINTER (ADW_TYPE_MESSAGE_DIALOG),
                    SCREENSHOT_LIMIT_S, "the dialog to close");
  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  int status;

  cs_test_ui_init (&argc, &argv);
  app = cs_test_app_new ();

  g_test_add_func ("/window-polish/size-kept", test_size_kept);
  g_test_add_func ("/window-polish/narrow", test_narrow);
  g_test_add_func ("/window-polish/preferences-choices", test_preferences_choices);
  g_test_add_func ("/window-polish/failure-once", test_failure_once);
  g_test_add_func ("/window-polish/image-chooser-folder", test_image_chooser_folder);
  g_test_add_func ("/window-polish/saved-log-header", test_saved_log_header);
  g_test_add_func ("/window-polish/toast-above-log", test_toast_above_log);
  g_test_add_func ("/window-polish/first-log-line", test_first_log_line);
  g_test_add_func ("/window-polish/dialog-names", test_dialog_names);

  status = g_test_run ();

  g_object_unref (app);

  return status;
}
