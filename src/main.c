/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "cs-disc-commands.h"
#include "cs-drive.h"
#include "cs-headless.h"
#include "cs-options.h"

#ifdef CS_HAVE_UI
# include "cs-application.h"
#endif

/* D-Bus activation runs "cedar-store --gapplication-service"; that flag is
 * GApplication's, not ours, so it bypasses our own option parsing.
 */
static gboolean
is_gapplication_service (int    argc,
                         char **argv)
{
  for (int i = 1; i < argc; i++)
    {
      if (g_strcmp0 (argv[i], "--gapplication-service") == 0)
        return TRUE;
    }

  return FALSE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(CsOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  gboolean service;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  service = is_gapplication_service (argc, argv);

  if (service)
    {
      /* The defaults, as if started with no option at all. */
      g_auto(GStrv) defaults = g_new0 (char *, 2);
      char **default_argv = defaults;
      int default_argc = 1;

      defaults[0] = g_strdup (argv[0]);
      options = cs_options_parse (&default_argc, &default_argv, &error);
    }
  else
    {
      options = cs_options_parse (&argc, &argv, &error);
    }

  if (options == NULL)
    {
      g_printerr ("cedar-store: %s\n", error->message);
      return 2;
    }

  if (options->version)
    {
      g_print ("cedar-store %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* Before anything touches libburn; it also sets up how signals are handled. */
  if (!cs_drive_library_init (&error))
    {
      g_printerr ("cedar-store: %s\n", error->message);
      return 1;
    }

  /* No GTK object on these paths: they must work from cron, without a display. */
  if (options->disc_action != CS_DISC_ACTION_NONE)
    return cs_disc_commands_run (options);
  if (options->headless || options->list_drives)
    return options->list_drives ? cs_headless_list_drives () : cs_headless_run (options);

#ifdef CS_HAVE_UI
  {
    g_autoptr(CsApplication) app = NULL;
    /* Our options are parsed; GApplication sees only what is its own. */
    char *app_argv[] = { argv[0], service ? "--gapplication-service" : NULL, NULL };

    app = cs_application_new (g_steal_pointer (&options));
    return g_application_run (G_APPLICATION (app), service ? 2 : 1, app_argv);
  }
#else
  return cs_headless_run (options);
#endif
}
