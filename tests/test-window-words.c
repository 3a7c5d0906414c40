/* test-window-words.c – the window's words (issue 14, items 4 and 5): one size format and
 * one measure per thing (the day's files as staged, the session the store writes, what is
 * free for it), each labelled; no command-line words ("stdio:", "--full", "--no-mark") in
 * any label, toast or notification — the exact address stays in the log.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "cs-application.h"
#include "cs-day-row.h"
#include "cs-test-ui.h"
#include "cs-test-util.h"
#include "cs-test-window-fixture.h"
#include "cs-window-private.h"

/* The sizes of the regular files below @path, as the day row adds them up (lstat, no
 * symbolic link followed). */
static guint64
staged_size (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint64 total = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf st;

      g_assert_cmpint (g_lstat (child, &st), ==, 0);
      if (S_ISDIR (st.st_mode))
        total += staged_size (child);
      else if (S_ISREG (st.st_mode))
        total += (guint64) st.st_size;
    }
  return total;
}

/* Every label the user can see now (mapped), in tree order. */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static void
assert_no_command_line_words (const char *where,
                              const char *text)
{
  if (text == NULL)
    return;
  if (strstr (text, "stdio:") != NULL || strstr (text, "--") != NULL)
    g_error ("%s shows command-line words: “%s”", where, text);
}

/* No visible label says "stdio:" or "--"; returns how many were looked at. */
static guint
assert_labels_for_people (CsWindow *window)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  collect_labels (GTK_WIDGET (window), texts);
  for (guint i = 0; i < texts->len; i++)
    assert_no_command_line_words ("a label", g_ptr_array_index (texts, i));
  return texts->len;
}

static gboolean
labels_contain (CsWindow   *window,
                const char *part)
{
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  collect_labels (GTK_WIDGET (window), texts);
  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), part) != NULL)
      return TRUE;
  for (guint i = 0; i < texts->len; i++)
    g_test_message ("label: %s", (char *) g_ptr_array_index (texts, i));
  return FALSE;
}

/* The capacity bar's legend is g_format_size of the plan's numbers, each labelled. */
static void
assert_legend (CsWindow          *window,
               const CsStorePlan *plan)
{
  g_autofree char *used = g_format_size (plan->used);
  g_autofree char *adds = g_format_size (plan->image_size);
  g_autofree char *room = g_format_size (plan->available - plan->image_size);
  g_autofree char *used_text = g_strdup_printf ("%s already on the disc", used);
  g_autofree char *adds_text = g_strdup_printf ("%s new session", adds);
  g_autofree char *free_text = g_strdup_printf ("%s free afterwards", room);

  g_assert_true (plan->fits);
  g_assert_cmpstr (gtk_label_get_text (window->used_label), ==, used_text);
  g_assert_cmpstr (gtk_label_get_text (window->adds_label), ==, adds_text);
  g_assert_cmpstr (gtk_label_get_text (window->free_label), ==, free_text);
}

static void
test_words (void)
{
  Fixture f = { 0 };
  const CsStorePlan *plan;
  g_autofree char *staged = NULL;
  g_autofree char *staged_text = NULL;
  g_autofree char *session = NULL;
  g_autofree char *size_line = NULL;
  g_autofree char *log = NULL;
  g_autofree char *used_text = NULL;
  guint64 image_size;

  fixture_set_up (&f);
  f.day = make_big_day (f.stage, TODAY_DIR, 30 * MIB);
  fixture_open (&f);

  /* Ready: the day row says what is staged, the bar what the session will take. */
  plan = cs_window_get_plan (f.window);
  g_assert_nonnull (plan);
  image_size = plan->image_size;
  staged = g_format_size (staged_size (f.day));
  staged_text = g_strdup_printf ("%s staged", staged);
  g_test_message ("staged %s, session %" G_GUINT64_FORMAT " bytes", staged, image_size);
  g_assert_true (labels_contain (f.window, staged_text));
  assert_legend (f.window, plan);
  g_assert_cmpuint (assert_labels_for_people (f.window), >, 10);
  cs_test_screenshot (GTK_WIDGET (f.window), "words-ready");

  /* Store. */
  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the store to finish");
  wait_settled (f.window);
  g_assert_true (indicator_exists (f.day));

  /* The log has the exact address and the session's size in the same format. */
  log = cs_window_get_log_text (f.window);
  g_test_message ("log:\n%s", log);
  cs_test_assert_contains (log, f.device);
  session = g_format_size (image_size);
  size_line = g_strdup_printf ("Image size will be %s.", session);
  cs_test_assert_contains (log, size_line);

  /* The toast and the notification name the image file for people. */
  g_assert_nonnull (f.window->last_toast);
  g_test_message ("toast: %s", f.window->last_toast);
  cs_test_assert_contains (f.window->last_toast, "on image file disc.iso");
  assert_no_command_line_words ("the toast", f.window->last_toast);
  g_test_message ("notification: %s", f.window->last_notification ?
                                       f.window->last_notification : "(window was active)");
  assert_no_command_line_words ("the notification", f.window->last_notification);

  /* After the store the medium row says what the image file now holds: the session and
   * the 64 KiB head before it (design.md: the first session starts at LBA 32). */
  {
    GStatBuf st;
    g_autofree char *used = NULL;

    g_assert_cmpint (g_stat (f.image, &st), ==, 0);
    g_assert_cmpuint ((guint64) st.st_size, ==, image_size + 32 * 2048);
    used = g_format_size ((guint64) st.st_size);
    used_text = g_strdup_printf ("%s used", used);
    g_assert_true (labels_contain (f.window, used_text));
  }
  assert_labels_for_people (f.window);
  cs_test_screenshot (GTK_WIDGET (f.window), "words-stored");

  fixture_tear_down (&f);
}

/* A day that does not fit behind the session on a CD-R image: what the window says about
 * it (the medium row, the reason, the bar) is in people's words, with the bar's sizes. */
static void
test_does_not_fit (void)
{
  Fixture f = { 0 };
  CsOptions *options;
  const CsStorePlan *plan;
  g_autofree char *yesterday = NULL;
  g_autofree char *big = NULL;
  g_autofree char *avail = NULL;
  g_autofree char *free_text = NULL;
  g_autofree char *log = NULL;
  int fd;

  fixture_set_up (&f);
  options = cs_application_get_options (app);
  set_option (&options->media_type, "cdr-74");
  yesterday = cs_test_make_day (f.stage, "2026/11/25", TRUE, FALSE);
  fixture_open (&f);
  store (f.window);
  cs_test_wait_for (cs_test_window_is_idle, f.window, WAIT_LIMIT, "the first store");
  wait_settled (f.window);
  g_assert_true (indicator_exists (yesterday));

  /* Today: 700 MiB (sparse) does not fit behind it. */
  f.day = cs_test_make_day (f.stage, TODAY_DIR, TRUE, FALSE);
  big = g_build_filename (f.day, "host1", "big.bin", NULL);
  fd = g_open (big, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (goffset) 700 * MIB), ==, 0);
  close (fd);
  cs_window_refresh (f.window);
  wait_settled (f.window);

  plan = cs_window_get_plan (f.window);
  g_assert_nonnull (plan);
  g_assert_false (plan->fits);
  g_assert_false (cs_window_get_can_store (f.window));
  avail = g_format_size (plan->available);
  free_text = g_strdup_printf ("%s free", avail);
  g_assert_cmpstr (gtk_label_get_text (f.window->free_label), ==, free_text);

  /* What is on the disc is one number: the bar and the medium row agree with the image
   * file's size (the session and the 64 KiB head before it). */
  {
    GStatBuf st;
    g_autofree char *on_disc = NULL;
    g_autofree char *used_label = NULL;
    g_autofree char *used_text = NULL;

    g_assert_cmpint (g_stat (f.image, &st), ==, 0);
    g_assert_cmpuint (plan->used, ==, (guint64) st.st_size);
    on_disc = g_format_size ((guint64) st.st_size);
    used_label = g_strdup_printf ("%s already on the disc", on_disc);
    used_text = g_strdup_printf ("%s used", on_disc);
    g_assert_cmpstr (gtk_label_get_text (f.window->used_label), ==, used_label);
    g_assert_true (labels_contain (f.window, used_text));
  }
  g_assert_cmpuint (assert_labels_for_people (f.window), >, 10);
  g_assert_true (labels_contain (f.window, "on image file disc.iso"));
  cs_test_screenshot (GTK_WIDGET (f.window), "words-does-not-fit");

  /* The log keeps the command line's exact address. */
  log = cs_window_get_log_text (f.window);
  cs_test_assert_contains (log, f.device);

  set_option (&options->media_type, NULL);
  fixture_tear_down (&f);
}

int
main (int    argc,
      char **argv)
{
  int status;

  cs_test_ui_init (&argc, &argv);
  app = cs_test_app_new ();

  g_test_add_func ("/window/words", test_words);
  g_test_add_func ("/window/words-does-not-fit", test_does_not_fit);

  status = g_test_run ();

  g_object_unref (app);

  return status;
}
