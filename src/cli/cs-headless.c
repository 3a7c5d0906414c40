/* cs-headless.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "cs-calendar.h"
#include "cs-cli-run.h"
#include "cs-demo.h"
#include "cs-drive.h"
#include "cs-drive-damaged.h"
#include "cs-error.h"
#include "cs-headless.h"
#include "cs-media.h"

typedef struct
{
  GMainLoop    *loop;
  GCancellable *cancellable;
  GError       *error;
  int           verbosity;
  gboolean      done;
} Headless;

static void
on_log (CsStoreJob *job,
        int         level,
        const char *message,
        Headless   *h)
{
  /* Silent on success unless -v; warnings (e.g. warn_midnite) always reach cron's mail. */
  const char *prefix = cs_cli_log_prefix (h->verbosity, level);

  if (prefix != NULL)
    fprintf (stderr, "%s%s\n", prefix, message);
}

static void
on_step_started (CsStoreJob *job,
                 CsStep      step,
                 Headless   *h)
{
  if (h->verbosity > 0)
    fprintf (stderr, "== %s\n", cs_step_title (step));
}

static void
run_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  Headless *h = user_data;

  cs_store_job_run_finish (CS_STORE_JOB (object), result, &h->error);
  h->done = TRUE;
  g_main_loop_quit (h->loop);
}

static void
print_summary (CsStoreJob *job,
               gboolean    demo)
{
  GPtrArray *days = cs_store_job_get_days (job);
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; days != NULL && i < days->len; i++)
    {
      const CsDay *day = g_ptr_array_index (days, i);
      g_string_append_printf (list, "%s%s (%s)", i ? ", " : "", day->suffix, day->path);
    }
  if (list->len == 0)
    g_string_append (list, _("an initialized empty disc"));

  if (cs_store_job_get_verified (job))
    printf (_("Stored and verified %s on %s\n"), list->str, cs_store_job_get_target (job));
  else
    printf (_("Stored %s on %s (not verified)\n"), list->str, cs_store_job_get_target (job));
  if (cs_store_job_get_no_mark (job) && days != NULL && days->len > 0)
    printf (_("The day was not marked as stored (--no-mark), so the next store will store it "
              "again\n"));
  if (demo)
    printf (_("Inspect it with: xorriso -indev %s -toc -ls /\n"), cs_store_job_get_target (job));
  fflush (stdout);
}

static void
close_log (GLogLevelFlags  level,
           const char     *message,
           gpointer        user_data)
{
  Headless *h = user_data;

  on_log (NULL, level, message, h);
}

/* --close-damaged: closes the damaged track an interrupted write left on the write-once
 * disc in --device (real-drives.md findings 5 and 10). Exit 0 closed, 4 nothing to close or
 * a medium type that cannot, 5 the drive refused. Nothing else is written. */
static int
close_damaged (CsOptions *options)
{
  g_autoptr(CsDrive) drive = NULL;
  g_autofree char *text = NULL;
  GError *error = NULL;
  Headless h = { .verbosity = options->verbosity };

  if (!(drive = cs_drive_open (options->device, close_log, &h, &error)))
    return cs_cli_fail (error);
  if (!cs_drive_close_damaged (&drive, &error))
    return cs_cli_fail (error);
  text = cs_medium_describe (cs_drive_get_medium (drive));
  cs_drive_release (drive, FALSE);
  if (options->verbosity >= 0)
    printf (_("Closed the damaged track on %s; the disc is now: %s\n"), options->device, text);
  return 0;
}

int
cs_headless_run (CsOptions *options)
{
  g_autoptr(CsConfig) config = NULL;
  g_autoptr(CsStoreJob) job = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  GError *error = NULL;
  Headless h = { 0 };
  CsCliSignals signals;

  g_return_val_if_fail (options != NULL, 1);

  if (!cs_drive_library_init (&error))
    return cs_cli_fail (error);

  if (options->close_damaged)
    return close_damaged (options);

  if (options->demo)
    {
      g_autofree char *root = NULL;
      g_autofree char *image = NULL;
      GDate today;

      if (options->date != NULL)
        today = options->today;
      else
        cs_calendar_today (&today);
      if (!cs_demo_prepare (&today, &root, &image, &error))
        return cs_cli_fail (error);
      if (options->stage_dir == NULL)
        options->stage_dir = g_steal_pointer (&root);
      if (options->device == NULL)
        options->device = g_strconcat ("stdio:", image, NULL);
    }

  if (!(config = cs_options_load_config (options, &error))
      || !(job = cs_options_create_job (options, config, &error)))
    return cs_cli_fail (error);

  g_main_context_push_thread_default (context);
  h.loop = g_main_loop_new (context, FALSE);
  h.cancellable = g_cancellable_new ();
  h.verbosity = options->verbosity;

  g_signal_connect (job, "log", G_CALLBACK (on_log), &h);
  g_signal_connect (job, "step-started", G_CALLBACK (on_step_started), &h);

  /* The loop runs @context only, so the signal sources must live there. A closed
   * terminal (SIGHUP) cancels like SIGTERM, and a reader that went away (SIGPIPE) makes
   * writes to it fail instead of killing a burn halfway (real-drives.md, finding 10). */
  cs_cli_signals_watch (&signals, context, h.cancellable);

  cs_store_job_run_async (job, h.cancellable, run_cb, &h);
  while (!h.done)
    g_main_loop_run (h.loop);

  cs_cli_signals_unwatch (&signals);
  g_main_context_pop_thread_default (context);
  g_main_loop_unref (h.loop);
  g_object_unref (h.cancellable);

  if (h.error != NULL)
    return cs_cli_fail (h.error);

  if (options->dry_run)
    {
      const CsStorePlan *plan = cs_store_job_get_plan (job);
      /* The window's units, with the exact bytes for scripts. */
      g_autofree char *size = g_format_size_full (plan->image_size, G_FORMAT_SIZE_LONG_FORMAT);
      g_autofree char *avail = g_format_size_full (plan->available, G_FORMAT_SIZE_LONG_FORMAT);

      printf (_("Dry run: %s on %s (%s); the session would be %s, with %s free for it; "
                "nothing was written\n"),
              plan->new_disc ? _("new disc") : _("append"), cs_store_job_get_target (job),
              plan->medium_text, size, avail);
    }
  else if (options->verbosity > 0 || options->demo)
    print_summary (job, options->demo);
  return 0;
}

/* design.md: "--list-drives  print the drives found and the medium in each". One line per
 * drive: address, TAB, the drive's name, TAB, the medium or why the drive is not usable now.
 * No drive is grabbed and no tray is loaded (cs_drive_list()). */
int
cs_headless_list_drives (void)
{
  g_autoptr(GPtrArray) drives = cs_drive_list ();

  if (drives->len == 0)
    {
      printf (_("No optical drives found. Image files work as targets: --device stdio:/path/file.iso\n"));
      return 0;
    }

  for (guint i = 0; i < drives->len; i++)
    {
      const CsDriveEntry *entry = g_ptr_array_index (drives, i);
      g_autofree char *name = cs_drive_entry_get_name (entry);
      g_autofree char *text = cs_drive_entry_describe (entry);

      printf ("%s\t%s\t%s\n", entry->address, name, text);
    }
  return 0;
}
