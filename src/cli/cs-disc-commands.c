/* cs-disc-commands.c – --contents, --check and --restore without a window (issue 15)
 *
 * Runs a CsDiscJob on a main loop, as cs-headless.c runs a store: SIGINT, SIGTERM and SIGHUP
 * cancel it. Results go to stdout, progress, log lines and the error to stderr. The output
 * formats are a contract for scripts, described in the man page (cedar-store(1), "DISC
 * COMMANDS"):
 *
 *   session N  start LBA  blocks N (SIZE)  volume "ID"  recorded YYYY-MM-DD HH:MM:SS +ZZZZ  \
 *     added DAY…     (one line)
 *   days DAY…
 *
 * Fields are separated by two spaces; the volume id is quoted with ", \ and control
 * characters as C escapes; a missing volume id or time is "-", a session that added no day
 * ends with "added -". These two lines are not translated; the sizes in parentheses, the
 * progress, the bad files and the summaries are. Paths on stdout have backslashes and
 * control characters as C escapes, so a problem is always one line. stdout gets one line a
 * problem and one summary; stderr the progress, the log and one last line saying what to do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <stdio.h>
#include <unistd.h>

#include "cs-cli-run.h"
#include "cs-disc-commands.h"
#include "cs-disc-job.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-text.h"

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GError       *error;
  CsDiscAction  action;
  int           verbosity;
  gboolean      done;
  gboolean      tty;          /* stderr is a terminal: one progress line, rewritten */
  gsize         line_len;     /* the progress line on the terminal now, 0 when none */
  int           last_tenth;   /* not a terminal: the last 10 % step printed */
  gint64        start_us;
} DiscCli;

/* Removes the terminal's progress line before another line goes to stderr or stdout. */
static void
clear_progress (DiscCli *cli)
{
  if (cli->line_len == 0)
    return;
  fprintf (stderr, "\r%*s\r", (int)cli->line_len, "");
  fflush (stderr);
  cli->line_len = 0;
}

static void
on_log (CsDiscJob  *job,
        int         level,
        const char *message,
        DiscCli    *cli)
{
  const char *prefix = cs_cli_log_prefix (cli->verbosity, level);

  if (prefix == NULL)
    return;
  clear_progress (cli);
  fprintf (stderr, "%s%s\n", prefix, message);
}

/* "Checking: 45 % — 12.3 MB of 27.4 MB — 11.1 MB/s — 3 seconds left", as the window's step
 * row says it. */
static char *
progress_text (DiscCli *cli,
               double   fraction,
               guint64  done,
               guint64  total,
               double   rate,
               double   seconds_left)
{
  GString *text = g_string_new (NULL);
  g_autofree char *done_text = g_format_size (done);

  if (cli->action == CS_DISC_ACTION_RESTORE)
    /* Translators: the start of the progress line of --restore */
    g_string_append (text, _("Restoring"));
  else
    /* Translators: the start of the progress line of --check */
    g_string_append (text, _("Checking"));
  if (fraction >= 0.0)
    /* Translators: the percentage done, e.g. ": 45 %" */
    g_string_append_printf (text, _(": %d %%"), (int)(fraction * 100.0));
  if (total > 0)
    {
      g_autofree char *total_text = g_format_size (total);

      /* Translators: the amount read, e.g. " — 12.3 MB of 27.4 MB" */
      g_string_append_printf (text, _(" — %s of %s"), done_text, total_text);
    }
  else if (done > 0)
    g_string_append_printf (text, " — %s", done_text);
  if (rate > 0.0)
    {
      g_autofree char *rate_text = g_format_size ((guint64)rate);

      /* Translators: the speed, e.g. " — 11.1 MB/s" */
      g_string_append_printf (text, _(" — %s/s"), rate_text);
    }
  if (seconds_left >= 1.0 && fraction < 1.0)
    {
      g_autofree char *left = cs_format_duration (seconds_left);

      /* Translators: the time left, e.g. " — 3 minutes left" */
      g_string_append_printf (text, _(" — %s left"), left);
    }
  return g_string_free (text, FALSE);
}

static void
on_progress (CsDiscJob *job,
             double     fraction,
             guint64    done,
             guint64    total,
             double     rate,
             double     seconds_left,
             DiscCli   *cli)
{
  g_autofree char *text = NULL;
  glong chars;

  if (cli->verbosity < 0)
    return;
  if (!cli->tty)
    {
      /* A line at each 10 % for a log file or cron's mail, none while the fraction is not
       * known. */
      int tenth = fraction >= 0.0 ? (int)(fraction * 10.0) : -1;

      if (tenth <= cli->last_tenth)
        return;
      cli->last_tenth = tenth;
      text = progress_text (cli, tenth / 10.0, done, total, rate, seconds_left);
      fprintf (stderr, "%s\n", text);
      return;
    }
  text = progress_text (cli, fraction, done, total, rate, seconds_left);
  chars = g_utf8_strlen (text, -1);
  fprintf (stderr, "\r%s", text);
  if ((gsize)chars < cli->line_len)
    fprintf (stderr, "%*s", (int)(cli->line_len - chars), "");
  fflush (stderr);
  cli->line_len = MAX ((gsize)chars, 1);
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  DiscCli *cli = user_data;

  cs_disc_job_run_finish (CS_DISC_JOB (object), result, &cli->error);
  cli->done = TRUE;
  g_main_loop_quit (cli->loop);
}

/* The address to read: --device, else <store><target_device> of the configuration. */
static char *
find_address (CsOptions  *options,
              GError    **error)
{
  g_autofree char *device = NULL;
  g_autofree char *config_path = NULL;

  /* With --device the configuration is not read at all; without it only
   * <store><target_device>, so a configuration a store would refuse for its own reasons
   * (media type, <options>) still names the disc. */
  if (options->device != NULL)
    return g_strdup (options->device);

  device = cs_config_read_target_device (options->config_path, &config_path, error);
  if (device == NULL && error != NULL && *error != NULL)
    return NULL;
  if (device == NULL)
    {
      if (config_path != NULL)
        g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                     _("No disc to read: %s sets no <store><target_device>; give --device "
                       "/dev/srN or --device stdio:/path/file.iso"), config_path);
      else
        g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                     _("No disc to read: there is no Cedar Backup configuration; give --device "
                       "/dev/srN or --device stdio:/path/file.iso, or -c FILE"));
      return NULL;
    }
  /* As a store takes it (cs_options_create_job()): a Cedar configuration names a device
   * path, and an existing regular file there is an image file. */
  if (!cs_drive_address_is_image (device) && g_file_test (device, G_FILE_TEST_IS_REGULAR))
    return g_strconcat ("stdio:", device, NULL);
  return g_steal_pointer (&device);
}

/* @text with backslashes, control characters (and, when @quote, double quotes) as C escapes
 * (\n, \t, \\, \ooo …), so that each name stays on its line and a field never looks like
 * two. Other bytes, UTF-8 included, are kept. */
static char *
escape (const char *text,
        gboolean    quote)
{
  GString *out = g_string_new (NULL);

  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '\t')
        g_string_append (out, "\\t");
      else if (*p == '\r')
        g_string_append (out, "\\r");
      else if (*p == '\\' || (quote && *p == '"'))
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char)*p);
        }
      else if (*p < 0x20 || *p == 0x7f)
        g_string_append_printf (out, "\\%03o", *p);
      else
        g_string_append_c (out, (char)*p);
    }
  return g_string_free (out, FALSE);
}

/* Writes the days of @days after @key, separated by spaces; "-" for none when @dash. */
static void
print_days (const char         *key,
            const char * const *days,
            gboolean            dash)
{
  fputs (key, stdout);
  for (guint i = 0; days != NULL && days[i] != NULL; i++)
    printf (" %s", days[i]);
  if (dash && (days == NULL || days[0] == NULL))
    fputs (" -", stdout);
  fputc ('\n', stdout);
}

static void
print_contents (const CsDiscContents *contents)
{
  for (guint i = 0; i < contents->sessions->len; i++)
    {
      const CsDiscSession *session = g_ptr_array_index (contents->sessions, i);
      g_autofree char *size = g_format_size ((guint64)session->blocks * 2048);
      g_autofree char *escaped = session->volume_id != NULL
                                 ? escape (session->volume_id, TRUE) : NULL;
      g_autofree char *volume = escaped != NULL ? g_strdup_printf ("\"%s\"", escaped)
                                                : g_strdup ("-");
      g_autofree char *recorded = session->recorded != NULL
                                  ? g_date_time_format (session->recorded, "%Y-%m-%d %H:%M:%S %z")
                                  : g_strdup ("-");

      printf ("session %u  start %u  blocks %u (%s)  volume %s  recorded %s  ",
              session->number, session->start, session->blocks, size, volume, recorded);
      print_days ("added", (const char * const *)session->days_added, TRUE);
    }
  print_days ("days", (const char * const *)contents->days, FALSE);
}

/* Each bad file on stdout: its path, session and day, and what is wrong. */
static void
print_problems (GPtrArray *problems)
{
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      g_autofree char *line = cs_check_problem_describe (g_ptr_array_index (problems, i));
      g_autofree char *escaped = escape (line, FALSE);

      printf ("%s\n", escaped);
    }
}

static char *
took_text (DiscCli *cli)
{
  return cs_format_duration ((g_get_monotonic_time () - cli->start_us) / (double)G_USEC_PER_SEC);
}

static void
print_check_summary (DiscCli             *cli,
                     const CsCheckReport *report,
                     const char          *address)
{
  g_autofree char *bytes = g_format_size (report->bytes);
  g_autofree char *took = took_text (cli);
  g_autofree char *where = escape (address, FALSE);
  g_autofree char *sessions = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u session",
                                                            "%u sessions", report->sessions),
                                               report->sessions);
  g_autofree char *files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                         "%'" PRIu64 " file",
                                                         "%'" PRIu64 " files",
                                                         report->files),
                                            report->files);

  if (report->problems->len == 0)
    /* Translators: %1$s the disc, %2$s "3 sessions", %3$s "1,234 files", %4$s the size
     * read, %5$s the time it took */
    printf (_("Checked %1$s: %2$s, %3$s, %4$s in %5$s; every checksum matched\n"), where,
            sessions, files, bytes, took);
  else
    printf (g_dngettext (GETTEXT_PACKAGE,
                         /* Translators: %1$s the disc, %2$s "3 sessions", %3$s "1,234 files",
                          * %4$s the size read, %5$s the time, %6$u how many problems */
                         "Checked %1$s: %2$s, %3$s, %4$s in %5$s; %6$u problem\n",
                         "Checked %1$s: %2$s, %3$s, %4$s in %5$s; %6$u problems\n",
                         report->problems->len),
            where, sessions, files, bytes, took, report->problems->len);
  if (report->files_without_md5 > 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%'" PRIu64 " file has no recorded MD5 (another program "
                         "wrote it): it was read, not checked\n",
                         "%'" PRIu64 " files have no recorded MD5 (another program "
                         "wrote them): they were read, not checked\n",
                         report->files_without_md5),
            report->files_without_md5);
}

static void
print_restore_summary (DiscCli               *cli,
                       const CsRestoreReport *report)
{
  g_autofree char *bytes = g_format_size (report->bytes);
  g_autofree char *took = took_text (cli);
  g_autoptr(GString) counts = g_string_new (NULL);
  g_autofree char *to = escape (report->to_path, FALSE);
  /* Each count that is not zero, in its own plural form. */
  const struct { guint64 n; const char *one; const char *many; } parts[] = {
    { report->files, "%'" PRIu64 " file", "%'" PRIu64 " files" },
    { report->dirs, "%'" PRIu64 " folder", "%'" PRIu64 " folders" },
    { report->symlinks, "%'" PRIu64 " symbolic link", "%'" PRIu64 " symbolic links" },
    { report->specials, "%'" PRIu64 " special file", "%'" PRIu64 " special files" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i].n == 0)
        continue;
      if (counts->len > 0)
        g_string_append (counts, ", ");
      g_string_append_printf (counts, g_dngettext (GETTEXT_PACKAGE, parts[i].one,
                                                   parts[i].many, parts[i].n),
                              parts[i].n);
    }
  if (counts->len == 0)
    /* Translators: the counts of a restored day that holds nothing */
    g_string_append (counts, _("an empty folder"));

  /* Translators: %1$s the day, %2$u the session, %3$s where it was written, %4$s "1,234
   * files, 5 folders", %5$s the size, %6$s the time it took */
  printf (_("Restored %1$s from session %2$u to %3$s: %4$s, %5$s in %6$s\n"), report->day,
          report->session, to, counts->str, bytes, took);
  if (report->attrs_not_set > 0)
    printf (g_dngettext (GETTEXT_PACKAGE,
                         "%'" PRIu64 " ACL, extended attribute or owner could not be "
                         "set (see the warnings above)\n",
                         "%'" PRIu64 " ACLs, extended attributes or owners could not "
                         "be set (see the warnings above)\n",
                         report->attrs_not_set),
            report->attrs_not_set);
}

/* After the run: what goes to stdout. */
static void
print_result (DiscCli   *cli,
              CsDiscJob *job)
{
  const CsDiscContents *contents = cs_disc_job_get_contents (job);
  const CsCheckReport *check = cs_disc_job_get_check_report (job);
  const CsRestoreReport *restore = cs_disc_job_get_restore_report (job);

  switch (cli->action)
    {
    case CS_DISC_ACTION_CONTENTS:
      if (contents != NULL && cli->error == NULL)
        print_contents (contents);
      break;

    case CS_DISC_ACTION_CHECK:
      if (check != NULL)
        {
          print_problems (check->problems);
          if (cli->verbosity >= 0)
            print_check_summary (cli, check, cs_disc_job_get_address (job));
        }
      break;

    case CS_DISC_ACTION_RESTORE:
      if (restore != NULL)
        {
          print_problems (restore->problems);
          if (cli->verbosity >= 0)
            print_restore_summary (cli, restore);
        }
      break;

    case CS_DISC_ACTION_NONE:
    default:
      g_assert_not_reached ();
    }
  fflush (stdout);
}

/* The bad files are on stdout already, one a line: the error that names them again becomes
 * one short line that says what to do (issue 15). Takes @error, returns the one to print. */
static GError *
shorten_error (CsDiscJob *job,
               GError    *error)
{
  const CsCheckReport *check = cs_disc_job_get_check_report (job);
  const CsRestoreReport *restore = cs_disc_job_get_restore_report (job);
  g_autofree char *address = escape (cs_disc_job_get_address (job), FALSE);
  GError *shorter;

  if (!g_error_matches (error, CS_ERROR, CS_ERROR_VERIFY))
    return error;
  if (check != NULL && check->problems->len > 0)
    shorter = g_error_new (CS_ERROR, CS_ERROR_VERIFY,
                           /* Translators: %1$u how many, %2$s the disc or image file */
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%1$u problem on %2$s: keep this disc and store the "
                                        "days named again on a new one while their staging "
                                        "folders are still there",
                                        "%1$u problems on %2$s: keep this disc and store the "
                                        "days named again on a new one while their staging "
                                        "folders are still there",
                                        check->problems->len),
                           check->problems->len, address);
  else if (restore != NULL && restore->problems->len > 0)
    shorter = g_error_new (CS_ERROR, CS_ERROR_VERIFY,
                           /* Translators: %1$u how many, %2$s the day */
                           g_dngettext (GETTEXT_PACKAGE,
                                        "%1$u problem restoring %2$s: the files named were "
                                        "restored as read; restore them from another disc if "
                                        "you have one",
                                        "%1$u problems restoring %2$s: the files named were "
                                        "restored as read; restore them from another disc if "
                                        "you have one",
                                        restore->problems->len),
                           restore->problems->len, restore->day);
  else
    return error;
  g_error_free (error);
  return shorter;
}

/**
 * cs_disc_commands_run:
 * @options: the parsed command line; options->disc_action is not %CS_DISC_ACTION_NONE
 *
 * `--contents`, `--check` or `--restore DAY --to DIR` on --device, else on the
 * configuration's <store><target_device> (issue 15). The medium is only read.
 *
 * Returns: the exit status: 0 done and every checksum matched; 2 usage or configuration
 *   error, the restore folder is not empty or the day is not on the disc; 4 the medium
 *   cannot be read (or is blank, or the image file does not exist); 5 the restore target
 *   cannot be written; 6 a block is unreadable or a checksum differs; 7 cancelled.
 */
int
cs_disc_commands_run (CsOptions *options)
{
  g_autoptr(CsDiscJob) job = NULL;
  g_autoptr(GMainContext) context = NULL;
  g_autofree char *address = NULL;
  GError *error = NULL;
  DiscCli cli = { 0 };
  CsCliSignals signals;

  g_return_val_if_fail (options != NULL, 1);
  g_return_val_if_fail (options->disc_action != CS_DISC_ACTION_NONE, 1);

  if (!cs_drive_library_init (&error))
    return cs_cli_fail (error);
  if (!(address = find_address (options, &error)))
    return cs_cli_fail (error);

  job = cs_disc_job_new (options->disc_action, address);
  if (options->disc_action == CS_DISC_ACTION_RESTORE)
    cs_disc_job_set_restore (job, options->restore_day, options->restore_to);

  context = g_main_context_new ();
  g_main_context_push_thread_default (context);
  cli.loop = g_main_loop_new (context, FALSE);
  cli.cancellable = g_cancellable_new ();
  cli.action = options->disc_action;
  cli.verbosity = options->verbosity;
  cli.tty = isatty (STDERR_FILENO);
  cli.last_tenth = 0;   /* the first line says 10 % */
  cli.start_us = g_get_monotonic_time ();

  g_signal_connect (job, "log", G_CALLBACK (on_log), &cli);
  g_signal_connect (job, "progress", G_CALLBACK (on_progress), &cli);

  /* As cs-headless.c: a closed terminal cancels like SIGTERM; a reader that went away
   * makes writes to it fail instead of killing the process. */
  cs_cli_signals_watch (&signals, context, cli.cancellable);

  cs_disc_job_run_async (job, cli.cancellable, run_cb, &cli);
  while (!cli.done)
    g_main_loop_run (cli.loop);

  cs_cli_signals_unwatch (&signals);
  g_main_context_pop_thread_default (context);
  g_main_loop_unref (cli.loop);
  g_object_unref (cli.cancellable);

  clear_progress (&cli);
  print_result (&cli, job);
  if (cli.error != NULL)
    return cs_cli_fail (shorten_error (job, cli.error));
  return 0;
}
