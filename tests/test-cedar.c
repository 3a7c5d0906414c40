/* test-cedar.c – a real Cedar Backup 3 staging tree (cback3 collect + stage) stored by
 * cedar-store with the same configuration, then read back by xorriso
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <string.h>

#include "cs-test-util.h"

static const char config_template[] =
  "<?xml version=\"1.0\"?>\n"
  "<cb_config>\n"
  "  <options>\n"
  "    <starting_day>monday</starting_day>\n"
  "    <working_dir>@DIR@/tmp</working_dir>\n"
  "    <backup_user>root</backup_user>\n"
  "    <backup_group>root</backup_group>\n"
  "    <rcp_command>/usr/bin/scp -B</rcp_command>\n"
  "  </options>\n"
  "  <collect>\n"
  "    <collect_dir>@DIR@/collect</collect_dir>\n"
  "    <collect_mode>daily</collect_mode>\n"
  "    <archive_mode>tarbz2</archive_mode>\n"
  "    <ignore_file>.cbignore</ignore_file>\n"
  "    <dir><abs_path>@DIR@/src</abs_path><collect_mode>daily</collect_mode></dir>\n"
  "  </collect>\n"
  "  <stage>\n"
  "    <staging_dir>@DIR@/stage</staging_dir>\n"
  "    <peer><name>localhost</name><type>local</type><collect_dir>@DIR@/collect</collect_dir></peer>\n"
  "  </stage>\n"
  "  <store>\n"
  "    <source_dir>@DIR@/stage</source_dir>\n"
  "    <media_type>dvd+rw</media_type>\n"
  "    <device_type>dvdwriter</device_type>\n"
  "    <target_device>/dev/cdrw</target_device>\n"
  "    <check_data>Y</check_data>\n"
  "    <warn_midnite>Y</warn_midnite>\n"
  "  </store>\n"
  "</cb_config>\n";

static char *
make_config (const char *dir)
{
  g_auto(GStrv) parts = g_strsplit (config_template, "@DIR@", -1);
  g_autofree char *text = g_strjoinv (dir, parts);
  char *path = g_build_filename (dir, "cback3.conf", NULL);

  cs_test_write_file (path, text, -1);
  return path;
}

static void
test_cback3_tree (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *src = NULL;
  g_autofree char *image = NULL;
  g_autofree char *device = NULL;
  g_autofree char *bin = cs_test_bin ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *today = NULL;
  g_autofree char *day = NULL;
  g_autofree char *peer = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *disc_peer = NULL;
  g_autoptr(GDateTime) now = NULL;

  if (!cs_test_have_program ("cback3") || !cs_test_have_program ("xorriso"))
    {
      g_test_skip ("cback3 (Debian cedar-backup3) or xorriso is not installed");
      return;
    }

  dir = cs_test_make_tmpdir ();
  conf = make_config (dir);
  src = g_build_filename (dir, "src", NULL);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *sub = g_strdup_printf ("%s/sub%u", src, i);
      g_autofree char *file = g_strdup_printf ("%s/data.bin", sub);

      g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
      cs_test_fill_file (file, 200000 + i, i + 1);
    }
  for (guint i = 0; i < 3; i++)
    {
      static const char * const names[] = { "collect", "stage", "tmp" };
      g_autofree char *sub = g_build_filename (dir, names[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
    }

  {
    const char *argv[] = { "cback3", "-c", conf, "--full", "collect", "stage", NULL };
    int status = cs_test_run (argv, &out, &err);

    if (status != 0)
      g_error ("cback3 collect stage failed (%d): %s %s", status, out, err);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }

  /* cback3 stages into today's directory. */
  now = g_date_time_new_now_local ();
  today = g_date_time_format (now, "%Y/%m/%d");
  day = g_build_filename (dir, "stage", today, NULL);
  peer = g_build_filename (day, "localhost", NULL);
  stored = g_build_filename (day, "cback.store", NULL);
  g_assert_true (g_file_test (peer, G_FILE_TEST_IS_DIR));
  g_assert_false (g_file_test (stored, G_FILE_TEST_EXISTS));

  image = g_build_filename (dir, "disc.iso", NULL);
  device = g_strconcat ("stdio:", image, NULL);
  {
    const char *argv[] = { bin, "--headless", "-c", conf, "--device", device, NULL };
    int status = cs_test_run (argv, &out, &err);

    g_assert_cmpint (status, ==, 0);
    g_assert_cmpstr (err, ==, "");
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  g_assert_true (g_file_test (stored, G_FILE_TEST_IS_REGULAR));

  disc_peer = g_strconcat ("/", today, "/localhost", NULL);
  {
    g_autofree char *indev = g_strconcat ("stdio:", image, NULL);
    const char *argv[] = { "xorriso", "-indev", indev, "-compare_r", peer, disc_peer, NULL };

    cs_test_run (argv, &out, &err);
    if (strstr (out, "Both file objects match as far as expectable") == NULL
        && strstr (err, "Both file objects match as far as expectable") == NULL)
      g_error ("xorriso -compare_r: %s\n%s", out, err);
  }

  cs_test_rm_rf (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cedar/cback3-tree", test_cback3_tree);
  return g_test_run ();
}
