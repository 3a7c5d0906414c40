/* test-advice.c – the engine's messages in the front end's words (issue 14, items 4 and 5):
 * the command line keeps its options and addresses ("--full", "stdio:/…"), the window gets
 * neither; every size is g_format_size of the plan's numbers, in the log and the error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "cs-advice.h"
#include "cs-error.h"
#include "cs-media.h"
#include "cs-store-job.h"
#include "cs-test-cli.h"
#include "cs-test-job.h"
#include "cs-test-util.h"

#define MIB (G_GUINT64_CONSTANT (1024) * 1024)
#define RUN_TIMEOUT_S 240

typedef struct
{
  GPtrArray *log;     /* "I:…", "W:…" */
  GError    *error;
  gboolean   done;
} Run;

static void
on_log (CsStoreJob *job,
        int         level,
        const char *message,
        Run        *r)
{
  char tag = (level & G_LOG_LEVEL_DEBUG) ? 'D' : (level & G_LOG_LEVEL_INFO) ? 'I' : 'W';

  g_ptr_array_add (r->log, g_strdup_printf ("%c:%s", tag, message));
}

static void
run_done (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *r = user_data;

  cs_store_job_run_finish (CS_STORE_JOB (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
run_timeout (gpointer user_data)
{
  g_error ("the job did not finish within %d s", RUN_TIMEOUT_S);
  return G_SOURCE_REMOVE;
}

/* Runs @job to its end on a private main context; @r gets its log and error. */
static void
run_job (CsStoreJob *job,
         Run        *r)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (RUN_TIMEOUT_S);
  gulong id;

  r->log = g_ptr_array_new_with_free_func (g_free);
  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, run_timeout, NULL, NULL);
  g_source_attach (timeout, context);
  id = g_signal_connect (job, "log", G_CALLBACK (on_log), r);
  cs_store_job_run_async (job, NULL, run_done, r);
  while (!r->done)
    g_main_context_iteration (context, TRUE);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_signal_handler_disconnect (job, id);
  g_source_destroy (timeout);
  g_main_context_pop_thread_default (context);

  for (guint i = 0; i < r->log->len; i++)
    g_test_message ("log %s", (char *) g_ptr_array_index (r->log, i));
  if (r->error != NULL)
    g_test_message ("error: %s", r->error->message);
}

static void
run_clear (Run *r)
{
  g_clear_pointer (&r->log, g_ptr_array_unref);
  g_clear_error (&r->error);
}

static void
assert_lacks (const char *text,
              const char *part)
{
  if (strstr (text, part) != NULL)
    g_error ("“%s” should not contain “%s”", text, part);
}

/* Names and media types: addresses and option values for the command line, words for the
 * window. */
static void
test_names (void)
{
  g_autofree char *cli_target = NULL;
  g_autofree char *window_target = NULL;
  g_autofree char *window_drive = NULL;

  cs_advice_set_audience (CS_AUDIENCE_COMMAND_LINE);
  cli_target = cs_advice_target ("stdio:/var/backups/backup.iso");
  g_assert_cmpstr (cli_target, ==, "stdio:/var/backups/backup.iso");
  g_assert_cmpstr (cs_advice_media_type (CS_MEDIA_CDR_74), ==, "cdr-74");

  cs_advice_set_audience (CS_AUDIENCE_WINDOW);
  window_target = cs_advice_target ("stdio:/var/backups/backup.iso");
  window_drive = cs_advice_target ("/dev/sr0");
  g_assert_cmpstr (window_target, ==, "Image file backup.iso");
  g_assert_cmpstr (window_drive, ==, "/dev/sr0");
  g_assert_cmpstr (cs_advice_media_type (CS_MEDIA_CDR_74), ==, "CD-R, 74 min");
  g_assert_cmpstr (cs_advice_media_type (CS_MEDIA_CDRW_80), ==, "CD-RW, 80 min");
  g_assert_cmpstr (cs_media_type_display_name (CS_MEDIA_BDRE), ==, "BD-RE");

  cs_advice_set_audience (CS_AUDIENCE_COMMAND_LINE);
}

/* Refusals that name no medium: no target, a drive that does not exist, a folder. */
static void
test_refusals (void)
{
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *folder_target = g_strconcat ("stdio:", tmp, NULL);
  g_autoptr(CsConfig) config = NULL;
  const char *targets[] = { NULL, "/nonexistent/sr9", folder_target };
  const char *cli_words[] = { "--device", "--list-drives", "stdio:" };

  g_free (cs_test_make_day (stage, "2026/11/26", TRUE, FALSE));
  config = cs_test_job_config_new (stage);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      for (int audience = CS_AUDIENCE_COMMAND_LINE; audience <= CS_AUDIENCE_WINDOW; audience++)
        {
          g_autoptr(CsStoreJob) job = NULL;
          Run r = { 0 };

          cs_advice_set_audience (audience);
          job = cs_test_job_new (config, CS_STORE_MODE_STORE, 26, targets[i]);
          run_job (job, &r);
          g_assert_nonnull (r.error);
          if (audience == CS_AUDIENCE_COMMAND_LINE)
            cs_test_assert_contains (r.error->message, cli_words[i]);
          else
            {
              assert_lacks (r.error->message, "--");
              assert_lacks (r.error->message, "stdio:");
            }
          run_clear (&r);
        }
    }

  cs_advice_set_audience (CS_AUDIENCE_COMMAND_LINE);
  cs_test_rm_rf (tmp);
}

static void
make_sparse_file (const char *path,
                  goffset     size)
{
  int fd = open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, size), ==, 0);
  close (fd);
}

/* A day larger than what a CD-R image has left: the same refusal in both wordings, its
 * sizes g_format_size of the plan's numbers, the log's "Image size will be" line too; and
 * the headless run still gives the command line's advice. */
static void
test_does_not_fit (void)
{
  g_autofree char *tmp = cs_test_make_tmpdir ();
  g_autofree char *stage = g_build_filename (tmp, "stage", NULL);
  g_autofree char *image = g_build_filename (tmp, "backup.iso", NULL);
  g_autofree char *target = g_strconcat ("stdio:", image, NULL);
  g_autofree char *big = NULL;
  g_autofree char *day = NULL;
  g_autoptr(CsConfig) config = NULL;

  config = cs_test_job_config_new (stage);
  config->media_type = CS_MEDIA_CDR_74;

  /* Wednesday: a first session. */
  g_free (cs_test_make_day (stage, "2026/11/25", TRUE, FALSE));
  {
    g_autoptr(CsStoreJob) job = cs_test_job_new (config, CS_STORE_MODE_STORE, 25, target);
    Run r = { 0 };

    run_job (job, &r);
    g_assert_no_error (r.error);
    run_clear (&r);
  }

  /* Thursday: 700 MiB does not fit behind it. */
  day = cs_test_make_day (stage, "2026/11/26", TRUE, FALSE);
  big = g_build_filename (day, "host1", "big.bin", NULL);
  make_sparse_file (big, (goffset) 700 * MIB);

  for (int audience = CS_AUDIENCE_COMMAND_LINE; audience <= CS_AUDIENCE_WINDOW; audience++)
    {
      g_autoptr(CsStoreJob) job = NULL;
      g_autofree char *size = NULL;
      g_autofree char *avail = NULL;
      g_autofree char *size_line = NULL;
      g_autofree char *free_text = NULL;
      const CsStorePlan *plan;
      Run r = { 0 };

      cs_advice_set_audience (audience);
      job = cs_test_job_new (config, CS_STORE_MODE_STORE, 26, target);
      run_job (job, &r);
      g_assert_error (r.error, CS_ERROR, CS_ERROR_MEDIUM);
      plan = cs_store_job_get_plan (job);
      g_assert_nonnull (plan);
      g_assert_false (plan->fits);

      size = g_format_size (plan->image_size);
      avail = g_format_size (plan->available);
      size_line = g_strdup_printf ("I:Image size will be %s.", size);
      g_assert_true (cs_test_has_line (r.log, size_line));
      cs_test_assert_contains (r.error->message, size);
      /* "free", the capacity bar's word, for the room the fit check compares with. */
      free_text = g_strdup_printf ("%s free", avail);
      cs_test_assert_contains (r.error->message, free_text);
      assert_lacks (r.error->message, " left");

      if (audience == CS_AUDIENCE_COMMAND_LINE)
        {
          cs_test_assert_contains (r.error->message, "--full");
          cs_test_assert_contains (r.error->message, target);
          cs_test_assert_contains (r.error->message, "cdr-74");
        }
      else
        {
          assert_lacks (r.error->message, "--");
          assert_lacks (r.error->message, "stdio:");
          assert_lacks (r.error->message, "cdr-74");
          cs_test_assert_contains (r.error->message, "but image file backup.iso");
          cs_test_assert_contains (r.error->message, "CD-R, 74 min");
          cs_test_assert_contains (r.error->message, "Choose another image file");
        }
      run_clear (&r);
    }
  cs_advice_set_audience (CS_AUDIENCE_COMMAND_LINE);

  /* The headless run, as cron mails it. */
  {
    g_autofree char *home = g_build_filename (tmp, "home", NULL);
    g_auto(GStrv) envp = cs_test_cli_environ (home);
    const char * const args[] = { "--headless", "--stage-dir", stage, "--device", target,
                                  "--media-type", "cdr-74", "--date", "2026-11-26", NULL };
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    int status = cs_test_cli_run (tmp, envp, NULL, args, &out, &err);

    g_test_message ("headless: %d, %s", status, err);
    g_assert_cmpint (status, ==, 4);
    cs_test_assert_contains (err, "--full");
    cs_test_assert_contains (err, target);
  }

  cs_test_rm_rf (tmp);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/advice/names", test_names);
  g_test_add_func ("/advice/refusals", test_refusals);
  g_test_add_func ("/advice/does-not-fit", test_does_not_fit);

  return g_test_run ();
}
