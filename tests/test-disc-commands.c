/* test-disc-commands.c – `cedar-store --contents`, `--check` and `--restore` through the
 * binary: option errors, the output formats, the exit statuses (issue 15)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "cs-test-cli.h"
#include "cs-test-disc.h"
#include "cs-test-util.h"

typedef CsTestDisc Fixture;

static int
cli (Fixture            *f,
     const char * const *args,
     char              **out,
     char              **err)
{
  return cs_test_cli_run (f->tmpdir, f->envp, NULL, args, out, err);
}

/* Stages 2026/11/@mday: a small file, a 300 KB one, a symbolic link and an empty folder. */
static char *
stage_day (Fixture *f,
           int      mday)
{
  g_autofree char *suffix = g_strdup_printf ("2026/11/%02d", mday);
  char *day = cs_test_make_day (f->stage, suffix, TRUE, FALSE);
  g_autofree char *big = g_build_filename (day, "host1", "home.tar.gz", NULL);
  g_autofree char *link = g_build_filename (day, "host1", "latest", NULL);
  g_autofree char *empty = g_build_filename (day, "host1", "empty", NULL);

  cs_test_fill_file (big, 300 * 1024 + mday, mday);
  g_assert_cmpint (symlink ("home.tar.gz", link), ==, 0);
  g_assert_cmpint (g_mkdir (empty, 0750), ==, 0);
  return day;
}

/* Stores what is staged with the binary as cron would on 2026-11-@mday, with @extra
 * (NULL or "--rebuild"). */
static void
store (Fixture    *f,
       int         mday,
       const char *extra)
{
  g_autofree char *date = g_strdup_printf ("2026-11-%02d", mday);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const args[] = { "--headless", "--stage-dir", f->stage, "--device", f->device,
                                "--date", date, extra, NULL };

  if (cli (f, args, &out, &err) != 0)
    g_error ("storing on %s failed: %s", date, err);
}

/* Three days appended one by one: three sessions. */
static void
store_three_days (Fixture *f)
{
  for (int mday = 23; mday <= 25; mday++)
    {
      g_autofree char *day = stage_day (f, mday);

      store (f, mday, NULL);
    }
}

static guint
count_lines_starting (const char *text,
                      const char *start)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], start))
      n++;
  return n;
}

static guint
count_occurrences (const char *text,
                   const char *part)
{
  guint n = 0;

  for (const char *p = strstr (text, part); p != NULL; p = strstr (p + 1, part))
    n++;
  return n;
}

/* Option errors: exit status 2, one line on stderr, nothing on stdout, nothing created. */
static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *to = g_build_filename (f->tmpdir, "to", NULL);
  /* The arguments, then a part of the message that says what is wrong. */
  const char * const cases[][9] = {
    { "--restore", "2026/11/25", "--device", f->device, NULL, NULL, NULL, NULL, "needs --to" },
    { "--restore", "2026/13/40", "--to", to, "--device", f->device, NULL, NULL,
      "“2026/13/40” is not a day" },
    { "--restore", "yesterday", "--to", to, "--device", f->device, NULL, NULL,
      "“yesterday” is not a day" },
    { "--check", "--full", "--device", f->device, NULL, NULL, NULL, NULL, "only read the disc" },
    { "--contents", "--rebuild", "--device", f->device, NULL, NULL, NULL, NULL,
      "only read the disc" },
    { "--restore", "2026/11/25", "--to", to, "--stage-dir", f->stage, "--device", f->device,
      "only read the disc" },
    { "--to", to, "--device", f->device, NULL, NULL, NULL, NULL, "add --restore YYYY/MM/DD" },
    { "--contents", "--check", "--device", f->device, NULL, NULL, NULL, NULL,
      "cannot be combined" },
    { "--check", "--restore", "2026/11/25", "--to", to, "--device", f->device, NULL,
      "cannot be combined" },
    /* Empty values (an unset variable in a script): never the current folder. */
    { "--restore", "2026/11/25", "--to", "", "--device", f->device, NULL, NULL,
      "--to was given an empty value" },
    { "--restore", "", "--to", to, "--device", f->device, NULL, NULL,
      "--restore was given an empty value" },
    { "--contents", "--device", "", NULL, NULL, NULL, NULL, NULL,
      "--device was given an empty value" },
    { "--contents", "-c", "", "--device", f->device, NULL, NULL, NULL,
      "-c was given an empty value" },
    /* A repeated --restore or --to does not silently win. */
    { "--restore", "2026/11/24", "--restore", "2026/11/25", "--to", to, "--device", f->device,
      "give --restore once" },
    { "--restore", "2026/11/24", "--to", to, "--to", f->stage, "--device", f->device,
      "give --to once" },
    /* stdio: needs an absolute path after it. */
    { "--contents", "--device", "stdio:disc.iso", NULL, NULL, NULL, NULL, NULL,
      "is a relative path" },
    { "--check", "--device", "stdio:", NULL, NULL, NULL, NULL, NULL, "names no file" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      const char *args[9] = { 0 };

      memcpy (args, cases[i], 8 * sizeof (char *));
      g_assert_cmpint (cli (f, args, &out, &err), ==, 2);
      g_assert_cmpstr (out, ==, "");
      g_assert_true (g_str_has_prefix (err, "cedar-store: "));
      g_assert_cmpuint (count_lines_starting (err, ""), ==, 2);  /* one line and "" */
      cs_test_assert_contains (err, cases[i][8]);
    }
  g_assert_false (cs_test_exists (f->image));
  g_assert_false (cs_test_exists (to));
}

/* --device naming an image file without stdio: is refused by the read commands and a store
 * alike (exit 2, nothing written); what cs-drive.c says for a reader is a reader's message:
 * /dev/null cannot be read as an image, an image a store holds is being written. */
static void
test_device_mistakes (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *to = g_build_filename (f->tmpdir, "to", NULL);
  g_autofree char *want_read = g_strdup_printf ("is a file; to read an image file give "
                                                "--device stdio:%s", f->image);
  const char * const contents[] = { "--contents", "--device", f->image, NULL };
  const char * const restore[] = { "--restore", "2026/11/23", "--to", to, "--device", f->image,
                                   NULL };
  const char * const null_dev[] = { "--check", "--device", "stdio:/dev/null", NULL };
  const char * const locked[] = { "--contents", "--device", f->device, NULL };
  const char * const * const refused[] = { contents, restore };
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  GStatBuf before, after;
  int fd;

  store_three_days (f);
  g_assert_cmpint (g_stat (f->image, &before), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autofree char *o = NULL;
      g_autofree char *e = NULL;

      g_assert_cmpint (cli (f, refused[i], &o, &e), ==, 2);
      g_assert_cmpstr (o, ==, "");
      cs_test_assert_contains (e, want_read);
    }
  g_assert_cmpint (g_stat (f->image, &after), ==, 0);
  g_assert_cmpint (after.st_size, ==, before.st_size);
  g_assert_false (cs_test_exists (to));

  g_assert_cmpint (cli (f, null_dev, &out2, &err2), ==, 4);
  cs_test_assert_contains (err2, "cannot be read as a disc image");
  g_assert_null (strstr (err2, "refusing to write"));

  /* A store holds its lock on the image while it writes. */
  fd = g_open (f->image, O_RDWR, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (flock (fd, LOCK_EX), ==, 0);
  g_assert_cmpint (cli (f, locked, &out3, &err3), ==, 4);
  g_close (fd, NULL);
  cs_test_assert_contains (err3, "is being written by a store; try again when it is done");
  g_assert_null (strstr (err3, "in use by another store"));
}

/* The session lines of --contents start where `xorriso -toc` says. */
static void
assert_starts_match_xorriso (const char *image,
                             const char *out)
{
  g_autofree char *toc = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  if (!cs_test_have_xorriso ())
    return;
  toc = cs_test_xorriso_text (image, "-toc", NULL);
  lines = g_strsplit (toc, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree char *want = NULL;

      if (!g_str_has_prefix (lines[i], "ISO session"))
        continue;
      fields = g_strsplit (strchr (lines[i], ':') + 1, ",", 4);
      n++;
      want = g_strdup_printf ("session %u  start %u  blocks %u ", n,
                              (guint) g_ascii_strtoull (g_strstrip (fields[1]), NULL, 10),
                              (guint) g_ascii_strtoull (g_strstrip (fields[2]), NULL, 10));
      cs_test_assert_contains (out, want);
    }
  g_assert_cmpuint (n, ==, count_lines_starting (out, "session "));
}

/* Three appended days: three session lines, each day once, and the newest tree's days. */
static void
test_contents_appended (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const args[] = { "--contents", "--device", f->device, NULL };

  store_three_days (f);
  g_assert_cmpint (cli (f, args, &out, &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  g_assert_cmpuint (count_lines_starting (out, "session "), ==, 3);
  cs_test_assert_contains (out, "session 1  start 32  blocks ");
  cs_test_assert_contains (out, "  added 2026/11/23\nsession 2  ");
  cs_test_assert_contains (out, "  added 2026/11/24\nsession 3  ");
  cs_test_assert_contains (out, "  added 2026/11/25\ndays 2026/11/23 2026/11/24 2026/11/25\n");
  cs_test_assert_contains (out, "  volume \"CEDAR BACKUP 23-NOV-2026\"  recorded 20");
  g_assert_cmpuint (count_occurrences (out, "added 2026/11/24"), ==, 1);
  g_assert_true (g_str_has_suffix (out, "days 2026/11/23 2026/11/24 2026/11/25\n"));
  assert_starts_match_xorriso (f->image, out);
}

/* A rebuilt disc: one session that added every day of the week so far. */
static void
test_contents_rebuilt (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const args[] = { "--contents", "--device", f->device, NULL };

  for (int mday = 23; mday <= 25; mday++)
    g_free (stage_day (f, mday));
  store (f, 25, "--rebuild");
  g_assert_cmpint (cli (f, args, &out, &err), ==, 0);
  g_assert_cmpuint (count_lines_starting (out, "session "), ==, 1);
  cs_test_assert_contains (out, "  added 2026/11/23 2026/11/24 2026/11/25\n"
                                "days 2026/11/23 2026/11/24 2026/11/25\n");
  assert_starts_match_xorriso (f->image, out);
}

/* An image file that does not exist: exit status 4, and it is not created; the same for
 * --check and --restore. */
static void
test_missing_image (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *to = g_build_filename (f->tmpdir, "to", NULL);
  const char * const contents[] = { "--contents", "--device", f->device, NULL };
  const char * const check[] = { "--check", "--device", f->device, NULL };
  const char * const restore[] = { "--restore", "2026/11/25", "--to", to, "--device",
                                   f->device, NULL };
  const char * const *cases[] = { contents, check, restore };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;

      g_assert_cmpint (cli (f, cases[i], &out, &err), ==, 4);
      g_assert_cmpstr (out, ==, "");
      cs_test_assert_contains (err, f->image);
      cs_test_assert_contains (err, "does not exist");
      g_assert_false (cs_test_exists (f->image));
    }
  g_assert_false (cs_test_exists (to));
}

/* A good disc checks: exit 0, a summary, progress on stderr (not a terminal: lines at each
 * 10 %, up to 100 %); -q says nothing. */
static void
test_check_good (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *qout = NULL;
  g_autofree char *qerr = NULL;
  const char * const args[] = { "--check", "--device", f->device, NULL };
  const char * const quiet[] = { "--check", "-q", "--device", f->device, NULL };
  g_auto(GStrv) lines = NULL;
  guint64 last_percent = 0;

  store_three_days (f);
  g_assert_cmpint (cli (f, args, &out, &err), ==, 0);
  cs_test_assert_contains (out, "Checked ");
  cs_test_assert_contains (out, "3 sessions");
  cs_test_assert_contains (out, "every checksum matched");
  cs_test_assert_contains (err, "Checking: 100 %");
  g_assert_null (strchr (err, '\r'));
  /* Not a terminal: a line each time another tenth is done, as the man page says: 10 %,
   * 20 %, … 100 % (fewer when the engine reports seldom), never 0 %. */
  lines = g_strsplit (err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint64 percent;

      if (!g_str_has_prefix (lines[i], "Checking: "))
        continue;
      percent = g_ascii_strtoull (lines[i] + strlen ("Checking: "), NULL, 10);
      g_assert_cmpuint (percent % 10, ==, 0);
      g_assert_cmpuint (percent, >, last_percent);
      last_percent = percent;
    }
  g_assert_cmpuint (last_percent, ==, 100);

  g_assert_cmpint (cli (f, quiet, &qout, &qerr), ==, 0);
  g_assert_cmpstr (qout, ==, "");
  g_assert_cmpstr (qerr, ==, "");
}

/* A byte flipped in a file of the first session of three: exit 6, the file named with
 * "session 1" and its day on stdout and in the error. */
static void
test_check_bad (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char * const args[] = { "--check", "--device", f->device, NULL };
  const char * const quiet[] = { "--check", "-q", "--device", f->device, NULL };
  const char *file = "/2026/11/23/host1/home.tar.gz";
  g_autofree char *named = g_strdup_printf ("%s (session 1, day 2026/11/23): ", file);
  g_autofree char *want = g_strdup_printf ("cedar-store: 2 problems on %s: keep this disc and "
                                           "store the days named again on a new one while "
                                           "their staging folders are still there\n",
                                           f->device);
  g_autofree char *qout = NULL;
  g_autofree char *qerr = NULL;

  if (!cs_test_have_xorriso ())
    {
      g_test_skip ("xorriso is not installed: the file's block is not known");
      return;
    }
  store_three_days (f);
  cs_test_disc_flip_byte (f->image, (guint64) cs_test_disc_data_lba (f->image, 0, file) * 2048
                          + 5000, 0xff);
  g_assert_cmpint (cli (f, args, &out, &err), ==, 6);
  g_assert_true (g_str_has_prefix (out, named));
  /* The session's own MD5 no longer matches either. */
  cs_test_assert_contains (out, "\nSession 1: ");
  cs_test_assert_contains (out, "; 2 problems\n");
  g_assert_cmpuint (count_occurrences (out, "home.tar.gz"), ==, 1);
  /* stderr does not repeat the bad files: one short line says what to do. */
  g_assert_null (strstr (err, "home.tar.gz"));
  g_assert_true (g_str_has_suffix (err, want));
  g_assert_cmpuint (count_occurrences (err, "cedar-store: "), ==, 1);

  /* -q: the bad files, no summary, the same last line. */
  g_assert_cmpint (cli (f, quiet, &qout, &qerr), ==, 6);
  g_assert_true (g_str_has_prefix (qout, named));
  g_assert_cmpuint (count_lines_starting (qout, ""), ==, 3);   /* two and "" */
  g_assert_cmpstr (qerr, ==, want);
}

/* A day restored from the middle session is the staged day (diff -r), and the summary
 * says from where. */
static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *to = g_build_filename (f->tmpdir, "to", NULL);
  g_autofree char *restored = g_build_filename (to, "2026/11/24", NULL);
  g_autofree char *staged = g_build_filename (f->stage, "2026/11/24", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *dout = NULL;
  g_autofree char *derr = NULL;
  g_autofree char *link = NULL;
  g_autofree char *link_path = g_build_filename (restored, "host1", "latest", NULL);
  /* A trailing slash, as a shell completes a folder, is taken. */
  const char * const args[] = { "--restore", "2026/11/24/", "--to", to, "--device", f->device,
                                NULL };
  /* cback.store was written into the staged day after the store: it is not on the disc. */
  const char * const diff[] = { "diff", "-r", "--no-dereference", "-x", "cback.store", staged,
                                restored, NULL };

  store_three_days (f);
  g_assert_cmpint (cli (f, args, &out, &err), ==, 0);
  summary = g_strdup_printf ("Restored 2026/11/24 from session 2 to %s: ", restored);
  g_assert_true (g_str_has_prefix (out, summary));
  g_assert_cmpuint (count_lines_starting (out, ""), ==, 2);   /* the summary and "" */
  /* Each count in its own plural, none that is zero. */
  cs_test_assert_contains (out, ", 1 symbolic link, ");
  g_assert_null (strstr (out, ": 0 "));
  g_assert_null (strstr (out, ", 0 "));
  g_assert_null (strstr (err, "Restored"));
  cs_test_assert_contains (err, "Restoring: 100 %");
  g_assert_cmpint (cs_test_run (diff, &dout, &derr), ==, 0);
  link = g_file_read_link (link_path, NULL);
  g_assert_cmpstr (link, ==, "home.tar.gz");
}

/* A folder that already holds the day: exit 2, nothing in it changed; a day that is not on
 * the disc: exit 2, nothing written. */
static void
test_restore_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *to = g_build_filename (f->tmpdir, "to", NULL);
  g_autofree char *mine = g_build_filename (to, "2026/11/24/mine", NULL);
  g_autofree char *host = g_build_filename (to, "2026/11/24/host1", NULL);
  g_autofree char *mine_dir = g_build_filename (to, "2026/11/24", NULL);
  g_autofree char *other = g_build_filename (f->tmpdir, "other", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(GDir) dir = NULL;
  const char * const full[] = { "--restore", "2026/11/24", "--to", to, "--device", f->device,
                                NULL };
  const char * const absent[] = { "--restore", "2026/11/20", "--to", other, "--device",
                                  f->device, NULL };

  store_three_days (f);
  g_free (stage_day (f, 26));   /* staged, not stored */
  g_assert_cmpint (g_mkdir_with_parents (mine_dir, 0755), ==, 0);
  cs_test_write_file (mine, "mine\n", -1);
  g_assert_cmpint (cli (f, full, &out, &err), ==, 2);
  cs_test_assert_contains (err, "cedar-store: ");
  g_assert_true (g_file_get_contents (mine, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "mine\n");
  g_assert_false (cs_test_exists (host));

  g_assert_cmpint (g_mkdir (other, 0755), ==, 0);
  g_assert_cmpint (cli (f, absent, &out2, &err2), ==, 2);
  cs_test_assert_contains (err2, "2026/11/20");
  dir = g_dir_open (other, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

/* A file that fails its checksum in a restore: stdout has its line and one summary, stderr
 * no summary (neither the engine's nor the error's) and one last line saying what to do. */
static void
test_restore_bad (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *to = g_build_filename (f->tmpdir, "to", NULL);
  const char *file = "/2026/11/24/host1/home.tar.gz";
  const char * const args[] = { "--restore", "2026/11/24", "--to", to, "--device", f->device,
                                NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;

  if (!cs_test_have_xorriso ())
    {
      g_test_skip ("xorriso is not installed: the file's block is not known");
      return;
    }
  store_three_days (f);
  cs_test_disc_flip_byte (f->image, (guint64) cs_test_disc_data_lba (f->image, 0, file) * 2048
                          + 5000, 0xff);
  g_assert_cmpint (cli (f, args, &out, &err), ==, 6);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);   /* the file, the summary, "" */
  g_assert_true (g_str_has_prefix (lines[0], file));
  g_assert_true (g_str_has_prefix (lines[1], "Restored 2026/11/24 from session 2 to "));
  g_assert_null (strstr (err, "Restored"));
  g_assert_true (g_str_has_suffix (err, "cedar-store: 1 problem restoring 2026/11/24: the "
                                        "files named were restored as read; restore them from "
                                        "another disc if you have one\n"));
  g_assert_cmpuint (count_occurrences (err, "cedar-store: "), ==, 1);
}

/* What a script splits stays one field, one line: a volume id with two spaces is quoted, a
 * file name with a newline is written with \n. */
static void
test_escapes (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *day = stage_day (f, 23);
  g_autofree char *odd = g_build_filename (day, "host1", "two\nlines", NULL);
  g_autofree char *odd_image = g_build_filename (f->tmpdir, "odd.iso", NULL);
  g_autofree char *odd_device = g_strconcat ("stdio:", odd_image, NULL);
  const char * const check[] = { "--check", "--device", f->device, NULL };
  const char * const contents[] = { "--contents", "--device", odd_device, NULL };
  const char * const make[] = { "xorriso", "-md5", "on", "-outdev", odd_device, "-volid",
                                "MY  DISC", "-map", day, "/2026/11/23", "-commit", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  g_autofree char *mout = NULL;
  g_autofree char *merr = NULL;
  g_autofree char *named = NULL;

  if (!cs_test_have_xorriso ())
    {
      g_test_skip ("xorriso is not installed: a file's block is not known");
      return;
    }
  cs_test_fill_file (odd, 100 * 1024, 7);
  store (f, 23, NULL);
  cs_test_disc_flip_byte (f->image,
                          (guint64) cs_test_disc_data_lba (f->image, 0,
                                                           "/2026/11/23/host1/two\nlines")
                          * 2048 + 100, 0xff);
  g_assert_cmpint (cli (f, check, &out, &err), ==, 6);
  named = g_strdup_printf ("/2026/11/23/host1/two\\nlines (session 1, day 2026/11/23): ");
  g_assert_true (g_str_has_prefix (out, named));

  g_assert_cmpint (cs_test_run (make, &mout, &merr), ==, 0);
  g_assert_cmpint (cli (f, contents, &out2, &err2), ==, 0);
  cs_test_assert_contains (out2, "  volume \"MY  DISC\"  recorded ");
}

/* Without --device the configuration's <store><target_device> is read; without either the
 * command says what to give (exit 2). */
static void
test_device_from_config (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *conf = g_build_filename (f->tmpdir, "cback.conf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out2 = NULL;
  g_autofree char *err2 = NULL;
  const char * const with_config[] = { "--contents", "-c", conf, NULL };
  g_autofree char *lenient = g_build_filename (f->tmpdir, "lenient.conf", NULL);
  g_autofree char *broken = g_build_filename (f->tmpdir, "broken.conf", NULL);
  const char * const with_lenient[] = { "--contents", "-c", lenient, NULL };
  const char * const device_given[] = { "--contents", "-c", broken, "--device", f->device,
                                        NULL };
  g_autofree char *out3 = NULL;
  g_autofree char *err3 = NULL;
  g_autofree char *out4 = NULL;
  g_autofree char *err4 = NULL;
  const char * const without[] = { "--contents", NULL };

  store_three_days (f);
  text = g_strdup_printf ("<?xml version=\"1.0\"?>\n<cb_config>\n"
                          "  <options><starting_day>monday</starting_day>"
                          "<working_dir>/tmp</working_dir><backup_user>backup</backup_user>"
                          "<backup_group>backup</backup_group>"
                          "<rcp_command>/usr/bin/scp -B</rcp_command></options>\n"
                          "  <stage><staging_dir>%s</staging_dir></stage>\n"
                          "  <store><source_dir>%s</source_dir><media_type>bd-re</media_type>"
                          "<device_type>bdwriter</device_type>"
                          "<target_device>%s</target_device></store>\n"
                          "</cb_config>\n", f->stage, f->stage, f->image);
  cs_test_write_file (conf, text, -1);
  g_assert_cmpint (cli (f, with_config, &out, &err), ==, 0);
  g_assert_cmpuint (count_lines_starting (out, "session "), ==, 3);

  /* Only <store><target_device> is read: a stdio: address, no <options> and a media type
   * the device type cannot write (a store refuses all three) still name the disc. */
  g_free (text);
  text = g_strdup_printf ("<?xml version=\"1.0\"?>\n<cb_config>\n"
                          "  <store><media_type>bd-re</media_type>"
                          "<device_type>cdwriter</device_type>"
                          "<target_device>%s</target_device></store>\n"
                          "</cb_config>\n", f->device);
  cs_test_write_file (lenient, text, -1);
  g_assert_cmpint (cli (f, with_lenient, &out3, &err3), ==, 0);
  g_assert_cmpuint (count_lines_starting (out3, "session "), ==, 3);

  /* With --device the configuration is not read at all. */
  cs_test_write_file (broken, "not a configuration\n", -1);
  g_assert_cmpint (cli (f, device_given, &out4, &err4), ==, 0);
  g_assert_cmpuint (count_lines_starting (out4, "session "), ==, 3);

  if (g_file_test ("/etc/cback3.conf", G_FILE_TEST_EXISTS)
      || g_file_test ("/etc/cback.conf", G_FILE_TEST_EXISTS))
    {
      g_test_message ("a Cedar Backup configuration is installed: not run without one");
      return;
    }
  g_assert_cmpint (cli (f, without, &out2, &err2), ==, 2);
  g_assert_cmpstr (out2, ==, "");
  cs_test_assert_contains (err2, "--device");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/disc-commands/usage", Fixture, NULL, cs_test_disc_set_up, test_usage,
              cs_test_disc_tear_down);
  g_test_add ("/disc-commands/contents-appended", Fixture, NULL, cs_test_disc_set_up,
              test_contents_appended, cs_test_disc_tear_down);
  g_test_add ("/disc-commands/contents-rebuilt", Fixture, NULL, cs_test_disc_set_up,
              test_contents_rebuilt, cs_test_disc_tear_down);
  g_test_add ("/disc-commands/missing-image", Fixture, NULL, cs_test_disc_set_up,
              test_missing_image, cs_test_disc_tear_down);
  g_test_add ("/disc-commands/device-from-config", Fixture, NULL, cs_test_disc_set_up,
              test_device_from_config, cs_test_disc_tear_down);
  g_test_add ("/disc-commands/check-good", Fixture, NULL, cs_test_disc_set_up, test_check_good,
              cs_test_disc_tear_down);
  g_test_add ("/disc-commands/check-bad", Fixture, NULL, cs_test_disc_set_up, test_check_bad,
              cs_test_disc_tear_down);
  g_test_add ("/disc-commands/restore", Fixture, NULL, cs_test_disc_set_up, test_restore,
              cs_test_disc_tear_down);
  g_test_add ("/disc-commands/device-mistakes", Fixture, NULL, cs_test_disc_set_up,
              test_device_mistakes, cs_test_disc_tear_down);
  g_test_add ("/disc-commands/restore-bad", Fixture, NULL, cs_test_disc_set_up, test_restore_bad,
              cs_test_disc_tear_down);
  g_test_add ("/disc-commands/escapes", Fixture, NULL, cs_test_disc_set_up, test_escapes,
              cs_test_disc_tear_down);
  g_test_add ("/disc-commands/restore-refused", Fixture, NULL, cs_test_disc_set_up,
              test_restore_refused, cs_test_disc_tear_down);
  return g_test_run ();
}
