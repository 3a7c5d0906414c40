/* cs-test-disc-actions.h – the discs, dialogs, waits and screenshots shared by
 * test-window-disc-actions (Check Disc…) and test-window-disc-restore (Restore…), issue 15
 * (header-only: static functions, each program uses some)
 *
 * The discs are made by the headless binary, one store per day, as cron makes them. The
 * including program sets `app` in its main() as cs-test-window-fixture.h says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include "cs-test-cli.h"
#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-test-window-fixture.h"
#include "cs-window-private.h"

/* The days of the discs most tests use: one session each, in this order. */
G_GNUC_UNUSED static const char * const three_days[] = { "2026/11/24", "2026/11/25",
                                                          "2026/11/26" };

/* Stores @suffix of @f's staging tree with the headless binary on that day (--date), with
 * host1/notes.txt holding the day's name and, when @big > 0, host1/big.tar of @big bytes. */
G_GNUC_UNUSED static void store_headless_to (Fixture *f, const char *device,
                                             const char *suffix, gsize big);

G_GNUC_UNUSED static void
store_headless (Fixture    *f,
                const char *suffix,
                gsize       big)
{
  store_headless_to (f, f->device, suffix, big);
}

/* As store_headless(), onto @device. */
G_GNUC_UNUSED static void
store_headless_to (Fixture    *f,
                   const char *device,
                   const char *suffix,
                   gsize       big)
{
  g_autofree char *day = cs_test_make_day (f->stage, suffix, TRUE, FALSE);
  g_autofree char *file = g_build_filename (day, "host1", "notes.txt", NULL);
  g_autofree char *home = g_build_filename (f->tmp, "home", NULL);
  g_autofree char *date = g_strdup (suffix);
  g_auto(GStrv) envp = cs_test_cli_environ (home);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *args[] = { "--headless", "--stage-dir", f->stage, "--device", device,
                         "--date", date, NULL };

  g_strdelimit (date, "/", '-');
  cs_test_write_file (file, suffix, -1);
  if (big > 0)
    {
      g_autofree char *tar = g_build_filename (day, "host1", "big.tar", NULL);

      cs_test_fill_file (tar, big, 11);
    }
  g_assert_cmpint (cs_test_cli_run (f->tmp, envp, NULL, args, &out, &err), ==, 0);
  g_assert_true (cs_test_is_stored (day));
}

G_GNUC_UNUSED static void
open_on_three_days (Fixture *f,
                    gsize    big)
{
  fixture_set_up (f);
  for (guint i = 0; i < G_N_ELEMENTS (three_days); i++)
    store_headless (f, three_days[i], i == 0 ? big : 0);
  fixture_open (f);
  g_assert_cmpint (cs_disc_view_get_state (f->window->disc_view), ==, CS_DISC_VIEW_CONTENTS);
}

G_GNUC_UNUSED static gboolean
disc_job_done (gpointer data)
{
  CsWindow *window = data;

  return window->disc_job == NULL;
}

G_GNUC_UNUSED static void
wait_disc_job (CsWindow *window)
{
  cs_test_wait_for (disc_job_done, window, WAIT_LIMIT, "the check or restore to end");
  cs_test_drain ();
}

G_GNUC_UNUSED static GtkWindow *
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

G_GNUC_UNUSED static gboolean
dialog_shown (gpointer parent)
{
  return find_dialog_for (parent) != NULL;
}

/* The dialog's body and the list under it, if any. */
G_GNUC_UNUSED static char *
dialog_text (AdwMessageDialog *dialog)
{
  GtkWidget *extra = adw_message_dialog_get_extra_child (dialog);
  GtkWidget *list = NULL;

  for (GtkWidget *w = extra; w != NULL && list == NULL; w = gtk_widget_get_first_child (w))
    if (GTK_IS_LABEL (w))
      list = w;
  return g_strconcat (adw_message_dialog_get_body (dialog), "\n",
                      list != NULL ? gtk_label_get_text (GTK_LABEL (list)) : "", NULL);
}

G_GNUC_UNUSED static AdwMessageDialog *
wait_dialog (CsWindow *window)
{
  cs_test_wait_for (dialog_shown, window, WAIT_LIMIT, "a dialog");
  return ADW_MESSAGE_DIALOG (find_dialog_for (GTK_WINDOW (window)));
}

G_GNUC_UNUSED static gboolean
dialog_gone (gpointer parent)
{
  return find_dialog_for (parent) == NULL;
}

G_GNUC_UNUSED static void
close_dialog (CsWindow         *window,
              AdwMessageDialog *dialog)
{
  /* As its button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "close");
  gtk_window_close (GTK_WINDOW (dialog));
  cs_test_wait_for (dialog_gone, window, WAIT_LIMIT, "the dialog to close");
}

G_GNUC_UNUSED static gboolean
is_laid_out (gpointer data)
{
  CsWindow *window = data;
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (window->main_scroller);

  return gtk_widget_get_mapped (GTK_WIDGET (window)) && gtk_adjustment_get_upper (vadj) > 0;
}

/* window-@name.png in the build directory and /work/notes/shots/window15-@name.png when that
 * folder exists, the target card at the top of the pane. */
G_GNUC_UNUSED static void
save_shot (GtkWidget  *widget,
           CsWindow   *window,
           const char *name)
{
  GtkWidget *view = GTK_WIDGET (window->disc_view);
  GtkWidget *content = gtk_scrolled_window_get_child (window->main_scroller);
  GtkAdjustment *vadj = gtk_scrolled_window_get_vadjustment (window->main_scroller);
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *file = g_strdup_printf ("window-%s.png", name);
  g_autofree char *built = g_build_filename (dir ? dir : ".", file, NULL);
  g_autofree char *shots = g_strdup_printf ("/work/notes/shots/window15-%s.png", name);
  g_autofree char *data = NULL;
  gsize length;
  double x, y;

  cs_test_wait_for (is_laid_out, window, WAIT_LIMIT, "the window to be laid out");
  g_assert_true (gtk_widget_translate_coordinates (view, content, 0, 0, &x, &y));
  gtk_adjustment_set_value (vadj, y - 120);
  cs_test_screenshot (widget, name);

  if (g_file_test ("/work/notes/shots", G_FILE_TEST_IS_DIR) &&
      g_file_get_contents (built, &data, &length, NULL))
    g_file_set_contents (shots, data, length, NULL);
}

/* The step row's progress bar. */
G_GNUC_UNUSED static GtkWidget *
find_progress_bar (GtkWidget *widget)
{
  if (GTK_IS_PROGRESS_BAR (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_progress_bar (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A failed or cancelled step has no bar filled part or all of the way (issue 15 note). */
G_GNUC_UNUSED static void
assert_no_bar (CsWindow *window)
{
  GtkWidget *bar = find_progress_bar (GTK_WIDGET (window->disc_row));

  g_assert_nonnull (bar);
  g_assert_cmpfloat (cs_step_row_get_fraction (window->disc_row), ==, 0.0);
  g_assert_false (gtk_widget_get_visible (bar));
}

/* The first block of @path's data in the newest tree of @image, by xorriso. */
G_GNUC_UNUSED static guint64
xorriso_lba (const char *image,
             const char *path)
{
  g_autofree char *text = cs_test_xorriso_text (image, "-find", path, "-exec", "report_lba",
                                                "--", NULL);
  const char *line = strstr (text, "File data lba:");
  g_auto(GStrv) fields = NULL;

  g_assert_nonnull (line);
  fields = g_strsplit (strchr (line, ':') + 1, ",", 5);
  g_assert_cmpuint (g_strv_length (fields), >=, 4);
  return g_ascii_strtoull (g_strstrip (fields[1]), NULL, 10);
}

G_GNUC_UNUSED static void
flip_byte (const char *image,
           guint64     offset)
{
  FILE *file = fopen (image, "r+b");
  int c;

  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (long) offset, SEEK_SET), ==, 0);
  c = fgetc (file);
  g_assert_cmpint (c, !=, EOF);
  g_assert_cmpint (fseek (file, (long) offset, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc (c ^ 0xff, file), !=, EOF);
  g_assert_cmpint (fclose (file), ==, 0);
}

G_GNUC_UNUSED static gboolean
is_settled_and_can_act (gpointer data)
{
  CsWindow *window = data;

  return cs_test_window_is_settled (window) && _cs_window_disc_can_start (window);
}
