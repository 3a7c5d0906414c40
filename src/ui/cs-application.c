/* cs-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "cs-advice.h"
#include "cs-application.h"
#include "cs-preferences-window.h"
#include "cs-window.h"

struct _CsApplication
{
  AdwApplication       parent_instance;

  CsOptions           *options;
  CsPreferencesWindow *preferences;
  guint                sigint_source;
  guint                sigterm_source;
};

G_DEFINE_FINAL_TYPE (CsApplication, cs_application, ADW_TYPE_APPLICATION)

/* The project's pages, as data/io.github.cedarstore.CedarStore.metainfo.xml.in gives them. */
#define CS_WEBSITE   "https://github.com/cedarstore/cedar-store"
#define CS_ISSUE_URL "https://github.com/cedarstore/cedar-store/issues"

static CsWindow *
cs_application_find_window (CsApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (CS_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static void
cs_application_update_actions (CsApplication *self)
{
  CsWindow *window = cs_application_find_window (self);
  GAction *store = g_action_map_lookup_action (G_ACTION_MAP (self), "store");
  GAction *cancel = g_action_map_lookup_action (G_ACTION_MAP (self), "cancel");

  /* Without a window (D-Bus activation), app.store opens one and stores. */
  g_simple_action_set_enabled (G_SIMPLE_ACTION (store),
                               window == NULL || cs_window_get_can_store (window));
  g_simple_action_set_enabled (G_SIMPLE_ACTION (cancel),
                               window != NULL && cs_window_get_busy (window));
}

static void cs_application_update_preferences (CsApplication *self);

static CsWindow *
cs_application_ensure_window (CsApplication *self)
{
  CsWindow *window = cs_application_find_window (self);

  if (window == NULL)
    {
      g_application_activate (G_APPLICATION (self));
      window = cs_application_find_window (self);
    }

  return window;
}

static void
cs_application_activate (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);
  CsWindow *window = cs_application_find_window (self);

  if (window == NULL)
    {
      window = cs_window_new (self);
      g_signal_connect_object (window, "notify::busy",
                               G_CALLBACK (cs_application_update_actions),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (window, "notify::can-store",
                               G_CALLBACK (cs_application_update_actions),
                               self, G_CONNECT_SWAPPED);
      /* Origins change with the configuration file: Preferences shows them as found. */
      g_signal_connect_object (window, "notify::checking",
                               G_CALLBACK (cs_application_update_preferences),
                               self, G_CONNECT_SWAPPED);
    }

  cs_application_update_actions (self);
  gtk_window_present (GTK_WINDOW (window));
}

static void
cs_application_window_removed (GtkApplication *app,
                               GtkWindow      *window)
{
  GTK_APPLICATION_CLASS (cs_application_parent_class)->window_removed (app, window);

  cs_application_update_actions (CS_APPLICATION (app));
}

static void
cs_application_store_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  CsWindow *window = cs_application_ensure_window (CS_APPLICATION (user_data));

  if (window != NULL)
    cs_window_store (window);
}

static void
cs_application_cancel_action (GSimpleAction *action,
                              GVariant      *parameter,
                              gpointer       user_data)
{
  CsWindow *window = cs_application_find_window (CS_APPLICATION (user_data));

  if (window != NULL)
    cs_window_cancel (window);
}

static gpointer
ref_window (gconstpointer window,
            gpointer      user_data)
{
  return g_object_ref ((gpointer) window);
}

static void
cs_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  CsApplication *self = CS_APPLICATION (user_data);
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                                     ref_window, NULL);

  if (windows == NULL)
    {
      g_application_quit (G_APPLICATION (self));
      return;
    }

  /* Closing goes through close-request, which asks first while a store runs. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (GTK_WINDOW (l->data));

  g_list_free_full (windows, g_object_unref);
}

static void
cs_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  CsApplication *self = CS_APPLICATION (user_data);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Cedar Store developers", NULL };
  /* What a store is made with: "Name URL", as libadwaita's credits take them. */
  static const char *built_on[] = {
    "Cedar Backup https://github.com/pronovic/cedar-backup3",
    "libburn https://dev.lovelyhq.com/libburnia/libburn",
    "libisofs https://dev.lovelyhq.com/libburnia/libisofs",
    NULL
  };

#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *about = adw_about_dialog_new ();
#else
  GtkWidget *about = adw_about_window_new ();
#endif

  g_object_set (about,
                "application-name", _("Cedar Store"),
                "application-icon", APP_ID,
                "developer-name", _("The Cedar Store developers"),
                "developers", developers,
                "version", PACKAGE_VERSION,
                "comments", _("Writes Cedar Backup's staging directories to disc and checks them"),
                "license-type", GTK_LICENSE_GPL_3_0,
                "translator-credits", _("translator-credits"),
                "website", CS_WEBSITE,
                "issue-url", CS_ISSUE_URL,
                NULL);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_about_dialog_add_acknowledgement_section (ADW_ABOUT_DIALOG (about), _("Built With"),
                                                built_on);
#else
  adw_about_window_add_acknowledgement_section (ADW_ABOUT_WINDOW (about), _("Built With"),
                                                built_on);
#endif

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (about, window ? GTK_WIDGET (window) : NULL);
#else
  if (window != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (about), window);
  gtk_window_present (GTK_WINDOW (about));
#endif
}

static gboolean
cs_application_on_signal (gpointer user_data)
{
  CsApplication *self = CS_APPLICATION (user_data);
  GList *windows = g_list_copy_deep (gtk_application_get_windows (GTK_APPLICATION (self)),
                                     ref_window, NULL);

  /* Like Cancel + Quit without asking: a store in progress stops cleanly first. */
  for (GList *l = windows; l != NULL; l = l->next)
    {
      if (CS_IS_WINDOW (l->data))
        cs_window_close_now (l->data);
      else
        gtk_window_destroy (l->data);
    }
  g_list_free_full (windows, g_object_unref);

  if (gtk_application_get_windows (GTK_APPLICATION (self)) == NULL)
    g_application_quit (G_APPLICATION (self));

  return G_SOURCE_CONTINUE;
}

static void
cs_application_update_preferences (CsApplication *self)
{
  CsWindow *window = cs_application_find_window (self);

  if (self->preferences == NULL || window == NULL || cs_window_get_checking (window))
    return;

  cs_preferences_window_set_config (self->preferences, cs_window_get_config (window),
                                    self->options->config_path);
}

static void
cs_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  CsApplication *self = CS_APPLICATION (user_data);
  CsWindow *window = cs_application_find_window (self);
  GtkWidget *preferences;

  if (self->preferences != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->preferences));
      return;
    }

  preferences = cs_preferences_window_new (window ? GTK_WINDOW (window) : NULL,
                                           window ? cs_window_get_settings (window) : NULL);
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  self->preferences = CS_PREFERENCES_WINDOW (preferences);
  g_object_add_weak_pointer (G_OBJECT (preferences), (gpointer *) &self->preferences);
  cs_application_update_preferences (self);

  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "store", cs_application_store_action },
  { "cancel", cs_application_cancel_action },
  { "quit", cs_application_quit_action },
  { "about", cs_application_about_action },
  { "preferences", cs_application_preferences_action },
};

static void
cs_application_startup (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);
  GtkApplication *gtk_app = GTK_APPLICATION (app);

  G_APPLICATION_CLASS (cs_application_parent_class)->startup (app);

  /* From here on the engine's messages are read in the window: no options, no stdio:. */
  cs_advice_set_audience (CS_AUDIENCE_WINDOW);

  gtk_window_set_default_icon_name (APP_ID);

  gtk_application_set_accels_for_action (gtk_app, "app.store",
                                         (const char *[]) { "<Control>Return", NULL });
  gtk_application_set_accels_for_action (gtk_app, "app.cancel",
                                         (const char *[]) { "Escape", NULL });
  gtk_application_set_accels_for_action (gtk_app, "app.quit",
                                         (const char *[]) { "<Control>q", NULL });
  gtk_application_set_accels_for_action (gtk_app, "app.preferences",
                                         (const char *[]) { "<Control>comma", NULL });

  self->sigint_source = g_unix_signal_add (SIGINT, cs_application_on_signal, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, cs_application_on_signal, self);

  cs_application_update_actions (self);
}

static void
cs_application_shutdown (GApplication *app)
{
  CsApplication *self = CS_APPLICATION (app);

  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);

  G_APPLICATION_CLASS (cs_application_parent_class)->shutdown (app);
}

static void
cs_application_finalize (GObject *object)
{
  CsApplication *self = (CsApplication *)object;

  g_clear_pointer (&self->options, cs_options_free);
  if (self->preferences != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->preferences), (gpointer *) &self->preferences);

  G_OBJECT_CLASS (cs_application_parent_class)->finalize (object);
}

static void
cs_application_class_init (CsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->finalize = cs_application_finalize;

  app_class->activate = cs_application_activate;
  app_class->startup = cs_application_startup;
  app_class->shutdown = cs_application_shutdown;

  gtk_app_class->window_removed = cs_application_window_removed;
}

static void
cs_application_init (CsApplication *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self),
                                   app_actions, G_N_ELEMENTS (app_actions),
                                   self);
}

/**
 * cs_application_new:
 * @options: (transfer full): the parsed command line
 *
 * Returns: (transfer full): the application
 */
CsApplication *
cs_application_new (CsOptions *options)
{
  CsApplication *self;

  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (CS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/cedarstore/CedarStore",
                       NULL);
  self->options = options;

  return self;
}

/**
 * cs_application_get_options:
 *
 * Returns: (transfer none): the command line the application was started with
 */
CsOptions *
cs_application_get_options (CsApplication *self)
{
  g_return_val_if_fail (CS_IS_APPLICATION (self), NULL);

  return self->options;
}
