/* cs-options.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cs-calendar.h"
#include "cs-drive.h"
#include "cs-error.h"
#include "cs-media.h"
#include "cs-options.h"

void
cs_options_free (CsOptions *self)
{
  if (self == NULL)
    return;
  g_free (self->config_path);
  g_free (self->stage_dir);
  g_free (self->device);
  g_free (self->media_type);
  g_free (self->date);
  g_free (self->restore_day);
  g_free (self->restore_to);
  g_strfreev (self->day_dirs);
  g_free (self);
}

/* --device on the command line. For the read commands (@reading): a drive path, or stdio:
 * and an absolute path; a regular file given without stdio: is refused, so a typing mistake
 * is a usage error (exit 2), not an unreadable medium. A store keeps its earlier checks. */
static gboolean
check_device (const char  *device,
              gboolean     reading,
              GError     **error)
{
  /* A store keeps the checks it always had (an image path the drive refuses is exit 4,
   * test-faults-cli; a plain file is taken as an image, as in the configuration). */
  if (!reading)
    {
      if (!cs_drive_address_is_image (device) && !g_path_is_absolute (device))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                       _("--device “%s” must be /dev/srN or stdio:/absolute/path/file.iso"),
                       device);
          return FALSE;
        }
      return TRUE;
    }
  if (cs_drive_address_is_image (device))
    {
      g_autofree char *path = cs_drive_image_path (device);

      if (path == NULL || *path == '\0')
        {
          g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                       _("--device “%s” names no file; give stdio:/absolute/path/file.iso"),
                       device);
          return FALSE;
        }
      if (!g_path_is_absolute (path))
        {
          g_autofree char *abs = g_canonicalize_filename (path, NULL);

          g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                       _("--device “%s” is a relative path; give an absolute one, e.g. "
                         "--device stdio:%s"), device, abs);
          return FALSE;
        }
      return TRUE;
    }
  if (!g_path_is_absolute (device))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("--device “%s” must be /dev/srN or stdio:/absolute/path/file.iso"), device);
      return FALSE;
    }
  if (g_file_test (device, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("--device “%s” is a file; to read an image file give --device stdio:%s"),
                   device, device);
      return FALSE;
    }
  return TRUE;
}

/**
 * cs_options_parse:
 *
 * Parses the command line of design.md. Errors are CS_ERROR_CONFIG (exit status 2).
 */
CsOptions *
cs_options_parse (int     *argc,
                  char  ***argv,
                  GError **error)
{
  g_autoptr(CsOptions) self = g_new0 (CsOptions, 1);
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean full = FALSE, rebuild = FALSE, initialize = FALSE;
  gboolean verify = FALSE, no_verify = FALSE, verbose = FALSE, quiet = FALSE;
  gboolean headless = FALSE, list_drives = FALSE, demo = FALSE, dry_run = FALSE, version = FALSE;
  gboolean force_device = FALSE, close_damaged = FALSE, no_mark = FALSE;
  gboolean contents = FALSE, check = FALSE;
  g_auto(GStrv) restore_days = NULL;
  g_auto(GStrv) restore_tos = NULL;
  const struct { const char *option; char **value; } given[] = {
    { "-c", &self->config_path }, { "--device", &self->device },
    { "--restore", &self->restore_day }, { "--to", &self->restore_to },
  };
  GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless,
      N_("Run the store without a window; log to stderr"), NULL },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &self->config_path,
      N_("Cedar Backup configuration (default: /etc/cback3.conf, then /etc/cback.conf)"), N_("FILE") },
    { "stage-dir", 0, 0, G_OPTION_ARG_FILENAME, &self->stage_dir,
      N_("Staging root (overrides <stage><staging_dir>)"), N_("DIR") },
    { "device", 0, 0, G_OPTION_ARG_FILENAME, &self->device,
      N_("/dev/srN or stdio:/path/image.iso (overrides <store><target_device>)"), N_("ADDR") },
    { "media-type", 0, 0, G_OPTION_ARG_STRING, &self->media_type,
      N_("cdr-74 cdrw-74 cdr-80 cdrw-80 dvd+r dvd+rw bd-r bd-re"), N_("TYPE") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &self->date,
      N_("Treat this date as today"), N_("YYYY-MM-DD") },
    { "full", 0, 0, G_OPTION_ARG_NONE, &full,
      N_("New disc, today only, store indicator ignored"), NULL },
    { "rebuild", 0, 0, G_OPTION_ARG_NONE, &rebuild,
      N_("This week's staged days onto a new disc"), NULL },
    { "initialize", 0, 0, G_OPTION_ARG_NONE, &initialize,
      N_("Write an initialized, labelled empty disc"), NULL },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
      N_("Read the disc back and compare it (default: <check_data>, else on)"), NULL },
    { "no-verify", 0, 0, G_OPTION_ARG_NONE, &no_verify,
      N_("Do not read the disc back"), NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run,
      N_("Build the image and check that it fits, write nothing"), NULL },
    { "no-mark", 0, 0, G_OPTION_ARG_NONE, &no_mark,
      N_("Write and verify, but do not mark the days as stored (no cback.store)"), NULL },
    { "force-device", 0, 0, G_OPTION_ARG_NONE, &force_device,
      N_("Write to a stdio: block device even if it holds a partition table or filesystem"),
      NULL },
    { "close-damaged", 0, 0, G_OPTION_ARG_NONE, &close_damaged,
      N_("Close the damaged track an interrupted write left on the write-once disc in --device"),
      NULL },
    { "contents", 0, 0, G_OPTION_ARG_NONE, &contents,
      N_("List the sessions on the disc in --device and the days each added; write nothing"),
      NULL },
    { "check", 0, 0, G_OPTION_ARG_NONE, &check,
      N_("Read every session and check the recorded MD5s of the sessions and files"), NULL },
    { "restore", 0, 0, G_OPTION_ARG_STRING_ARRAY, &restore_days,
      N_("Copy this day from the disc to DIR/YYYY/MM/DD (needs --to)"), N_("YYYY/MM/DD") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &restore_tos,
      N_("Where --restore writes the day"), N_("DIR") },
    { "list-drives", 0, 0, G_OPTION_ARG_NONE, &list_drives,
      N_("Print the drives found and the medium in each"), NULL },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      N_("Make a sample staging tree and store it into an image file"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose, N_("Print every log line"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print nothing but errors"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &self->day_dirs, NULL,
      N_("[DAY_DIR…]") },
    { NULL }
  };

  context = g_option_context_new (_("— store Cedar Backup staging days on disc"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Finds the day's staging directory, writes it to a disc or image file, reads it back\n"
      "and compares it, and only then writes cback.store.\n"
      "--contents, --check and --restore read a disc or image file and write nothing to it:\n"
      "what is on it, whether every recorded checksum still matches, a day given back."));
  g_option_context_set_description (context,
    _("Exit statuses: 0 stored, 1 internal error, 2 usage or configuration error,\n"
      "3 nothing to store, 4 drive or medium problem, 5 writing failed,\n"
      "6 consistency check failed, 7 cancelled,\n"
      "8 stored and verified but a day could not be marked as stored.\n"
      "--contents, --check and --restore: 0 done and every checksum matched,\n"
      "2 usage error, the day is not on the disc or the restore folder is not empty,\n"
      "4 the medium cannot be read, 5 the restore folder cannot be written,\n"
      "6 a block could not be read or a checksum differs, 7 cancelled."));

  if (!g_option_context_parse (context, argc, argv, &local_error))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG, "%s", local_error->message);
      return NULL;
    }

  /* GOption keeps the last of a repeated option: a second --restore or --to is refused
   * rather than silently winning (issue 15). */
  if ((restore_days != NULL && g_strv_length (restore_days) > 1)
      || (restore_tos != NULL && g_strv_length (restore_tos) > 1))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   /* Translators: %s is --restore or --to */
                   _("%s was given twice; give %s once"),
                   restore_days != NULL && g_strv_length (restore_days) > 1 ? "--restore" : "--to",
                   restore_days != NULL && g_strv_length (restore_days) > 1 ? "--restore" : "--to");
      return NULL;
    }
  if (restore_days != NULL)
    self->restore_day = g_strdup (restore_days[0]);
  if (restore_tos != NULL)
    self->restore_to = g_strdup (restore_tos[0]);
  /* An empty value is a mistake in a script (an unset variable), never "the current
   * folder" or "the defaults". */
  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    {
      const char *value = *given[i].value;

      if (value != NULL && *value == '\0')
        {
          g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                       /* Translators: %s is -c, --device, --restore or --to */
                       _("%s was given an empty value; nothing was read or written"),
                       given[i].option);
          return NULL;
        }
    }

  if (full + rebuild + initialize > 1)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("--full, --rebuild and --initialize cannot be combined; choose one"));
      return NULL;
    }
  if (close_damaged && (!headless || self->device == NULL))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("--close-damaged needs --headless and --device, e.g. cedar-store --headless "
                     "--close-damaged --device /dev/sr0"));
      return NULL;
    }
  if (close_damaged && (full || rebuild || initialize || dry_run || list_drives || demo
                        || (self->day_dirs != NULL && self->day_dirs[0] != NULL)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("--close-damaged only closes a damaged track; it cannot be combined with a "
                     "store, --dry-run, --list-drives or --demo"));
      return NULL;
    }
  if (contents + check + (self->restore_day != NULL) > 1)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("--contents, --check and --restore cannot be combined; choose one"));
      return NULL;
    }
  if (self->restore_to != NULL && self->restore_day == NULL)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("--to says where --restore writes a day; add --restore YYYY/MM/DD"));
      return NULL;
    }
  if (self->restore_day != NULL)
    {
      GDate day;
      gsize len = strlen (self->restore_day);

      /* "2026/11/24/" as a shell completes a folder name: one trailing slash is fine. */
      if (len > 1 && self->restore_day[len - 1] == '/')
        self->restore_day[len - 1] = '\0';
      if (!cs_calendar_parse_suffix (self->restore_day, &day))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                       _("--restore “%s” is not a day; use YYYY/MM/DD, e.g. 2026/11/26"),
                       self->restore_day);
          return NULL;
        }
      if (self->restore_to == NULL)
        {
          g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                       _("--restore needs --to DIR: the day is written to DIR/%s"),
                       self->restore_day);
          return NULL;
        }
      if (!g_path_is_absolute (self->restore_to))
        {
          g_autofree char *abs = g_canonicalize_filename (self->restore_to, NULL);
          g_free (self->restore_to);
          self->restore_to = g_steal_pointer (&abs);
        }
    }
  if ((contents || check || self->restore_day != NULL)
      && (full || rebuild || initialize || dry_run || no_mark || close_damaged || list_drives
          || demo || verify || no_verify || self->date != NULL || self->media_type != NULL
          || self->stage_dir != NULL || force_device
          || (self->day_dirs != NULL && self->day_dirs[0] != NULL)))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("--contents, --check and --restore only read the disc; they take only "
                     "--device, -c, -v and -q (and --restore its --to)"));
      return NULL;
    }
  if (verify && no_verify)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG, _("--verify and --no-verify cannot be combined"));
      return NULL;
    }
  if (verbose && quiet)
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG, _("--verbose and --quiet cannot be combined"));
      return NULL;
    }
  if (self->day_dirs != NULL && self->day_dirs[0] != NULL && (rebuild || initialize || full))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("DAY_DIR arguments cannot be combined with --full, --rebuild or --initialize"));
      return NULL;
    }
  if (self->date != NULL && !cs_calendar_parse_iso_date (self->date, &self->today))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                   _("--date “%s” is not a valid date; use YYYY-MM-DD, e.g. 2026-11-26"), self->date);
      return NULL;
    }
  if (self->media_type != NULL)
    {
      CsMediaType type;

      if (!cs_media_type_from_string (self->media_type, &type))
        {
          g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                       _("--media-type “%s” is not one of cdr-74 cdrw-74 cdr-80 cdrw-80 dvd+r "
                         "dvd+rw bd-r bd-re"), self->media_type);
          return NULL;
        }
    }
  if (self->device != NULL && !check_device (self->device,
                                              contents || check || self->restore_day != NULL,
                                              error))
    return NULL;
  if (self->stage_dir != NULL && !g_path_is_absolute (self->stage_dir))
    {
      g_autofree char *abs = g_canonicalize_filename (self->stage_dir, NULL);
      g_free (self->stage_dir);
      self->stage_dir = g_steal_pointer (&abs);
    }

  self->mode = full ? CS_STORE_MODE_FULL : rebuild ? CS_STORE_MODE_REBUILD
             : initialize ? CS_STORE_MODE_INITIALIZE : CS_STORE_MODE_STORE;
  self->verify = verify ? 1 : no_verify ? 0 : -1;
  self->verbosity = verbose ? 1 : quiet ? -1 : 0;
  self->disc_action = contents ? CS_DISC_ACTION_CONTENTS : check ? CS_DISC_ACTION_CHECK
                    : self->restore_day != NULL ? CS_DISC_ACTION_RESTORE : CS_DISC_ACTION_NONE;
  self->headless = headless;
  self->list_drives = list_drives;
  self->demo = demo;
  self->dry_run = dry_run;
  self->no_mark = no_mark;
  self->force_device = force_device;
  self->close_damaged = close_damaged;
  self->version = version;

  return g_steal_pointer (&self);
}

/**
 * cs_options_load_config:
 *
 * The Cedar configuration with the command line applied on top (design.md precedence).
 */
CsConfig *
cs_options_load_config (const CsOptions  *self,
                        GError          **error)
{
  g_autoptr(CsConfig) config = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->config_path != NULL)
    config = cs_config_load (self->config_path, error);
  else if (self->demo)
    config = cs_config_new_defaults ();
  else
    config = cs_config_load_default (error);
  if (config == NULL)
    return NULL;

  if (self->stage_dir != NULL)
    {
      g_free (config->staging_dir);
      config->staging_dir = g_strdup (self->stage_dir);
      config->origin[CS_CONFIG_KEY_STAGING_DIR] = CS_ORIGIN_COMMAND_LINE;
    }
  if (self->device != NULL)
    {
      g_free (config->target_device);
      config->target_device = g_strdup (self->device);
      config->origin[CS_CONFIG_KEY_TARGET_DEVICE] = CS_ORIGIN_COMMAND_LINE;
    }
  if (self->media_type != NULL)
    {
      cs_media_type_from_string (self->media_type, &config->media_type);
      config->device_type = cs_media_type_device_type (config->media_type);
      config->origin[CS_CONFIG_KEY_MEDIA_TYPE] = CS_ORIGIN_COMMAND_LINE;
    }
  config->force_device = self->force_device;
  if (self->verify >= 0)
    {
      config->check_data = self->verify;
      config->origin[CS_CONFIG_KEY_CHECK_DATA] = CS_ORIGIN_COMMAND_LINE;
    }
  return g_steal_pointer (&config);
}

/**
 * cs_options_get_days:
 *
 * Returns: (transfer full) (nullable): the DAY_DIR arguments as days, or %NULL when none
 *   were given (find-day decides)
 */
GPtrArray *
cs_options_get_days (const CsOptions  *self,
                     GError          **error)
{
  g_autoptr(GPtrArray) days = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->day_dirs == NULL || self->day_dirs[0] == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify)cs_day_free);

  days = g_ptr_array_new_with_free_func ((GDestroyNotify)cs_day_free);
  for (guint i = 0; self->day_dirs[i] != NULL; i++)
    {
      CsDay *day = cs_staging_day_from_path (self->day_dirs[i], error);

      if (day == NULL)
        return NULL;
      for (guint j = 0; j < days->len; j++)
        if (g_str_equal (((CsDay *)g_ptr_array_index (days, j))->suffix, day->suffix))
          {
            g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
                         _("Two staging directories for %s were given; a disc holds one per day"),
                         day->suffix);
            cs_day_free (day);
            return NULL;
          }
      g_ptr_array_add (days, day);
    }
  return g_steal_pointer (&days);
}

/**
 * cs_options_create_job:
 *
 * A job preset from the options and @config. The target is the config's device, else the
 * default (first drive, else an image file in the user's data directory).
 */
CsStoreJob *
cs_options_create_job (const CsOptions  *self,
                       const CsConfig   *config,
                       GError          **error)
{
  g_autoptr(CsStoreJob) job = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autofree char *target = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (config != NULL, NULL);

  if (!(days = cs_options_get_days (self, error)))
    return NULL;

  target = g_strdup (config->target_device);
  /* A Cedar config names a device path; an existing regular file there is an image. */
  if (target != NULL && !cs_drive_address_is_image (target)
      && g_file_test (target, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *image = g_strconcat ("stdio:", target, NULL);
      g_free (target);
      target = g_steal_pointer (&image);
    }
  if (target == NULL)
    target = cs_drive_default_address ();

  job = cs_store_job_new (config);
  cs_store_job_set_days (job, days);
  cs_store_job_set_target (job, target);
  cs_store_job_set_mode (job, self->mode);
  cs_store_job_set_verify (job, config->check_data);
  cs_store_job_set_dry_run (job, self->dry_run);
  cs_store_job_set_no_mark (job, self->no_mark);
  if (self->date != NULL)
    cs_store_job_set_today (job, &self->today);

  return g_steal_pointer (&job);
}
