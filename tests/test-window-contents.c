/* test-window-contents.c – "On This Disc" in the real window, under Xvfb (issue 14, item 7)
 *
 * The target card shows what is on the disc: each session, newest first, with its number,
 * the days it added, when it was recorded and its size; and the days the disc holds now.
 * It is read by the dry run when there is something to store and by a look of the window's
 * own when there is not, so it shows after a store (without the user asking) and before
 * anything is staged; a blank image and a target that cannot be read say so. The discs are
 * made by the headless binary, one store per day, as cron makes them.
 *
 * The window tests find the view by its type name and read it through libadwaita's API, so
 * that they build (and fail) on a tree without it; the widget's own tests need its header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cs-test-cli.h"
#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-test-window-fixture.h"
#include "cs-window-private.h"

#if __has_include ("cs-disc-view.h")
#include "cs-disc-view.h"
#define HAVE_DISC_VIEW 1
#endif

/* Stores @suffix ("2026/11/24") of @f's staging tree to its image with the headless binary,
 * on that day (--date), as cron would; the day must be the only unstored one. */
static void
store_headless (Fixture    *f,
                const char *suffix)
{
  g_autofree char *day = cs_test_make_day (f->stage, suffix, TRUE, FALSE);
  g_autofree char *file = g_build_filename (day, "host1", "notes.txt", NULL);
  g_autofree char *home = g_build_filename (f->tmp, "home", NULL);
  g_autofree char *date = g_strdup (suffix);
  g_auto(GStrv) envp = cs_test_cli_environ (home);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                         "--date", date, NULL };

  g_strdelimit (date, "/", '-');
  cs_test_write_file (file, suffix, -1);
  g_assert_cmpint (cs_test_cli_run (f->tmp, envp, NULL, args, &out, &err), ==, 0);
  g_assert_true (cs_test_is_stored (day));
}

static GtkWidget *
find_by_type_name (GtkWidget  *widget,
                   const char *type_name)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), type_name))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type_name (child, type_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The "On This Disc" row in the target card. */
static AdwExpanderRow *
disc_view (CsWindow *window)
{
  GtkWidget *view = find_by_type_name (GTK_WIDGET (window), "CsDiscView");

  g_assert_nonnull (view);
  g_assert_true (ADW_IS_EXPANDER_ROW (view));
  return ADW_EXPANDER_ROW (view);
}

static void
collect_sessions (GtkWidget *widget,
                  GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_has_css_class (widget, "disc-session"))
    g_ptr_array_add (rows, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_sessions (child, rows);
}

/* The view's session rows, top to bottom. */
static GPtrArray *
session_rows (CsWindow *window)
{
  GPtrArray *rows = g_ptr_array_new ();

  collect_sessions (GTK_WIDGET (disc_view (window)), rows);
  return rows;
}

static const char *
row_title (gpointer row)
{
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

/* The view lists @n sessions, newest first, session i having added @days[n - i]; each row
 * only informs (no focus), says when it was recorded and its size. */
static void
assert_sessions (CsWindow           *window,
                 guint               n,
                 const char * const *days)
{
  g_autoptr(GPtrArray) rows = session_rows (window);
  AdwExpanderRow *view = disc_view (window);

  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_cmpuint (rows->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = g_ptr_array_index (rows, i);
      g_autofree char *title = g_strdup_printf ("Session %u — %s", n - i, days[n - 1 - i]);

      g_assert_cmpstr (row_title (row), ==, title);
      cs_test_assert_contains (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Recorded ");
      cs_test_assert_contains (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "B");
      g_assert_false (gtk_widget_get_focusable (row));
      g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
    }
}

static gboolean
is_laid_out (gpointer data)
{
  CsWindow *window = data;
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (window->main_scroller);

  return gtk_widget_get_mapped (GTK_WIDGET (window)) && gtk_adjustment_get_upper (vadj) > 0;
}

/* window-@name.png in the build directory, scrolled to the target card. */
static void
save_shot (CsWindow   *window,
           const char *name)
{
  GtkWidget *view = GTK_WIDGET (disc_view (window));
  GtkWidget *content = gtk_scrolled_window_get_child (window->main_scroller);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (window->main_scroller);
  double x, y;

  /* The target card at the top of the pane: the view and what is above it, once the window
   * is laid out. */
  cs_test_wait_for (is_laid_out, window, WAIT_LIMIT, "the window to be laid out");
  g_assert_true (gtk_widget_translate_coordinates (view, content, 0, 0, &x, &y));
  gtk_adjustment_set_value (vadj, y - 180);
  cs_test_screenshot (GTK_WIDGET (window), name);
}

/* Three days stored by cron, one a day: nothing left to store, the window still shows the
 * three sessions, newest first, and what the disc holds; the medium row says what it is. */
static void
test_three_days (void)
{
  static const char * const days[] = { "2026/11/24", "2026/11/25", "2026/11/26" };
  Fixture f = { 0 };
  const char *subtitle;

  fixture_set_up (&f);
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    store_headless (&f, days[i]);
  fixture_open (&f);

  g_assert_false (cs_window_get_can_store (f.window));
  assert_sessions (f.window, 3, days);
  subtitle = adw_expander_row_get_subtitle (disc_view (f.window));
  cs_test_assert_contains (subtitle, "Holds 2026/11/24 – 2026/11/26");
  cs_test_assert_contains (subtitle, "3 sessions");

  subtitle = adw_action_row_get_subtitle (f.window->medium_row);
  g_assert_null (strstr (subtitle, "Checked once there is something to store"));
  cs_test_assert_contains (subtitle, "3 sessions");

  save_shot (f.window, "contentsview");

  fixture_tear_down (&f);
}

/* Two days on the disc, the third staged: the dry run shows two sessions; a store in the
 * window adds the third, and the window looks again by itself: the view shows it after the
 * store, with nothing left to store. */
static void
test_after_store (void)
{
  static const char * const days[] = { "2026/11/24", "2026/11/25", "2026/11/26" };
  Fixture f = { 0 };
  const char *subtitle;

  fixture_set_up (&f);
  store_headless (&f, days[0]);
  store_headless (&f, days[1]);
  f.day = make_big_day (f.stage, TODAY_DIR, 1 * MIB);
  fixture_open (&f);

  g_assert_true (cs_window_get_can_store (f.window));
  assert_sessions (f.window, 2, days);
#ifdef HAVE_DISC_VIEW
  /* From the dry run's plan: the same sessions. */
  g_assert_nonnull (cs_window_get_plan (f.window));
  g_assert_nonnull (cs_window_get_plan (f.window)->contents);
  g_assert_cmpuint (cs_window_get_plan (f.window)->contents->sessions->len, ==, 2);
#endif

  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to end");
  g_assert_true (indicator_exists (f.day));
  wait_settled (f.window);

  g_assert_false (cs_window_get_can_store (f.window));
  assert_sessions (f.window, 3, days);
  subtitle = adw_expander_row_get_subtitle (disc_view (f.window));
  cs_test_assert_contains (subtitle, "Holds 2026/11/24 – 2026/11/26");
  subtitle = adw_action_row_get_subtitle (f.window->medium_row);
  g_assert_null (strstr (subtitle, "Checked once there is something to store"));
  cs_test_assert_contains (subtitle, "3 sessions");

  save_shot (f.window, "contentsview-after-store");

  fixture_tear_down (&f);
}

/* No image file yet and nothing staged: blank, and the look leaves no file behind; with a
 * day staged, the dry run says the same. */
static void
test_blank (void)
{
  Fixture f = { 0 };
  AdwExpanderRow *view;

  fixture_set_up (&f);
  fixture_open (&f);

  view = disc_view (f.window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  g_assert_cmpstr (adw_expander_row_get_subtitle (view), ==, "Blank — nothing stored yet");
  g_assert_false (adw_expander_row_get_enable_expansion (view));
  g_assert_false (g_file_test (f.image, G_FILE_TEST_EXISTS));
  save_shot (f.window, "contentsview-blank");

  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (f.window), "win.refresh", NULL);
  wait_settled (f.window);
  g_assert_true (cs_window_get_can_store (f.window));
  g_assert_cmpstr (adw_expander_row_get_subtitle (view), ==, "Blank — nothing stored yet");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));

  fixture_tear_down (&f);
}

/* A target that cannot be opened (a folder where the image should be): the view says the
 * disc cannot be read, the medium row why. */
static void
test_unreadable (void)
{
  Fixture f = { 0 };
  AdwExpanderRow *view;

  fixture_set_up (&f);
  g_assert_cmpint (g_mkdir (f.image, 0755), ==, 0);
  fixture_open (&f);

  view = disc_view (f.window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  cs_test_assert_contains (adw_expander_row_get_subtitle (view),
                           "Cannot read what is on the disc");
  cs_test_assert_contains (adw_action_row_get_subtitle (f.window->medium_row), f.image);
  save_shot (f.window, "contentsview-unreadable");

  fixture_tear_down (&f);
}

/* An image file cut short inside its newest session: the view says it cannot be read and
 * why, in the engine's words. */
static void
test_cut_short (void)
{
  static const char * const days[] = { "2026/11/24", "2026/11/25", "2026/11/26" };
  Fixture f = { 0 };
  AdwExpanderRow *view;
  const char *subtitle;

  fixture_set_up (&f);
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    store_headless (&f, days[i]);
  /* Three sessions of about 45 blocks from block 32 on: 150 blocks end in the third. */
  g_assert_cmpint (truncate (f.image, 150 * 2048), ==, 0);
  fixture_open (&f);

  /* The sessions before the cut are still listed (they can be checked and restored from);
   * the damage is said. */
  view = disc_view (f.window);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  subtitle = adw_expander_row_get_subtitle (view);
  cs_test_assert_contains (subtitle, "Holds 2026/11/24, 2026/11/25 · 3 sessions");
  cs_test_assert_contains (subtitle, "Damaged: ");
  cs_test_assert_contains (subtitle, f.image);
  cs_test_assert_contains (subtitle, "cut short");
  g_assert_cmpstr (adw_expander_row_get_icon_name (view), ==, "dialog-warning-symbolic");
  g_assert_true (adw_expander_row_get_enable_expansion (view));

  fixture_tear_down (&f);
}

#ifdef HAVE_DISC_VIEW
static CsDiscSession *
session_new (guint               number,
             guint32             blocks,
             const char * const *days)
{
  CsDiscSession *session = g_new0 (CsDiscSession, 1);

  session->number = number;
  session->blocks = blocks;
  session->volume_id = g_strdup ("CEDAR BACKUP");
  session->recorded = g_date_time_new_utc (2026, 11, 20 + number, 13, 5, 0);
  session->days_added = g_strdupv ((char **) days);
  return session;
}

static void
session_free (gpointer data)
{
  CsDiscSession *session = data;

  g_free (session->volume_id);
  g_date_time_unref (session->recorded);
  g_strfreev (session->days_added);
  g_free (session);
}

/* The expander's own header row (libadwaita 1.2: an AdwActionRow "header"). */
static GtkWidget *
find_header (GtkWidget *widget)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_has_css_class (widget, "header"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_header (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The widget on its own, with contents made by hand: a rebuilt week then two appends. */
static void
test_widget (void)
{
  static const char * const week[] = { "2026/11/16", "2026/11/17", "2026/11/18", "2026/11/19",
                                       "2026/11/20", "2026/11/23", NULL };
  static const char * const one[] = { "2026/11/24", NULL };
  static const char * const none[] = { NULL };
  static const char * const all[] = { "2026/11/16", "2026/11/17", "2026/11/18", "2026/11/19",
                                      "2026/11/20", "2026/11/23", "2026/11/24", NULL };
  g_autoptr(CsDiscContents) contents = g_new0 (CsDiscContents, 1);
  GtkWidget *view = g_object_ref_sink (cs_disc_view_new ());
  AdwActionRow *row;
  g_autofree char *days = NULL;

  contents->sessions = g_ptr_array_new_with_free_func (session_free);
  g_ptr_array_add (contents->sessions, session_new (1, 16, none));
  g_ptr_array_add (contents->sessions, session_new (2, 512000, week));
  g_ptr_array_add (contents->sessions, session_new (3, 1024, one));
  contents->days = g_strdupv ((char **) all);
  contents->used_bytes = 513040 * 2048ull;

  g_assert_false (gtk_widget_get_visible (view));
  cs_disc_view_set_contents (CS_DISC_VIEW (view), contents);
  g_assert_true (gtk_widget_get_visible (view));
  g_assert_cmpint (cs_disc_view_get_state (CS_DISC_VIEW (view)), ==, CS_DISC_VIEW_CONTENTS);
  g_assert_cmpuint (cs_disc_view_get_n_rows (CS_DISC_VIEW (view)), ==, 3);
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (view)), ==,
                   "Holds 2026/11/16 – 2026/11/20, 2026/11/23, 2026/11/24 · 3 sessions, 1.1\302\240GB used");

  row = cs_disc_view_get_row (CS_DISC_VIEW (view), 0);
  g_assert_cmpstr (row_title (row), ==, "Session 3 — 2026/11/24");
  cs_test_assert_contains (adw_action_row_get_subtitle (row), "November 2026, ");
  cs_test_assert_contains (adw_action_row_get_subtitle (row), "2.1\302\240MB");
  /* Each name once (issue 14): the accessible label, not also the title label joined to it
   * by "labelled by" (GTK 4.8 says both). */
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (row),
                                                    GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  {
    GtkWidget *header = find_header (view);

    g_assert_nonnull (header);
    g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (header),
                                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  }
  row = cs_disc_view_get_row (CS_DISC_VIEW (view), 1);
  g_assert_cmpstr (row_title (row), ==, "Session 2 — 2026/11/16 – 2026/11/20, 2026/11/23");
  row = cs_disc_view_get_row (CS_DISC_VIEW (view), 2);
  g_assert_cmpstr (row_title (row), ==, "Session 1 — no day");
  g_assert_null (cs_disc_view_get_row (CS_DISC_VIEW (view), 3));

  /* Many scattered days: a few ranges, then how many more. */
  {
    static const char * const scattered[] = { "2026/01/01", "2026/01/03", "2026/01/05",
                                              "2026/01/07", "2026/01/08", "2026/01/09",
                                              "2026/01/11", NULL };
    days = cs_disc_view_describe_days (scattered, 3);
    g_assert_cmpstr (days, ==, "2026/01/01, 2026/01/03, 2026/01/05 and 4 more days");
    g_free (days);
    days = cs_disc_view_describe_days (scattered, 0);
    g_assert_cmpstr (days, ==, "2026/01/01, 2026/01/03, 2026/01/05, 2026/01/07 – 2026/01/09, "
                               "2026/01/11");
    g_free (days);
    days = cs_disc_view_describe_days (none, 0);
    g_assert_cmpstr (days, ==, "");
  }

  cs_disc_view_set_blank (CS_DISC_VIEW (view));
  g_assert_cmpuint (cs_disc_view_get_n_rows (CS_DISC_VIEW (view)), ==, 0);
  g_assert_null (cs_disc_view_get_contents (CS_DISC_VIEW (view)));
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (view)), ==,
                   "Blank — nothing stored yet");
  /* Nothing to expand: it only informs. */
  g_assert_false (gtk_widget_get_focusable (view));
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (view)));

  cs_disc_view_set_unreadable (CS_DISC_VIEW (view), "Cannot open image file “/x.iso”: Permission denied");
  g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (view)), ==,
                   "Cannot read what is on the disc: Cannot open image file “/x.iso”: "
                   "Permission denied");

  /* Back to contents: the rows come back, expanded as before. */
  cs_disc_view_set_contents (CS_DISC_VIEW (view), contents);
  g_assert_cmpuint (cs_disc_view_get_n_rows (CS_DISC_VIEW (view)), ==, 3);
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (view)));
  g_assert_true (gtk_widget_get_focusable (view));

  cs_disc_view_clear (CS_DISC_VIEW (view));
  g_assert_false (gtk_widget_get_visible (view));
  g_object_unref (view);
}
#endif

int
main (int    argc,
      char **argv)
{
  int status;

  cs_test_ui_init (&argc, &argv);
  app = cs_test_app_new ();

  g_test_add_func ("/window/contents/three-days", test_three_days);
  g_test_add_func ("/window/contents/after-store", test_after_store);
  g_test_add_func ("/window/contents/blank", test_blank);
  g_test_add_func ("/window/contents/unreadable", test_unreadable);
  g_test_add_func ("/window/contents/cut-short", test_cut_short);
#ifdef HAVE_DISC_VIEW
  g_test_add_func ("/disc-view/hand-built", test_widget);
#endif

  status = g_test_run ();

  g_object_unref (app);

  return status;
}
