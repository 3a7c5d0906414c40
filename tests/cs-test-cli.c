/* cs-test-cli.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sys/wait.h>

#include "cs-test-cli.h"
#include "cs-test-util.h"

/* This process's environment with HOME = @home (made here) and XDG directories inside it,
 * so that the child touches nothing of the user running the tests; no display, settings in
 * memory. */
char **
cs_test_cli_environ (const char *home)
{
  static const char * const xdg[] = { "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                                      "XDG_STATE_HOME", "XDG_RUNTIME_DIR" };
  char **envp = g_get_environ ();

  g_assert_cmpint (g_mkdir_with_parents (home, 0700), ==, 0);
  envp = g_environ_setenv (envp, "HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (xdg); i++)
    {
      g_autofree char *dir = g_build_filename (home, xdg[i], NULL);
      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      envp = g_environ_setenv (envp, xdg[i], dir, TRUE);
    }
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  return envp;
}

/* The argument vector (NULL-terminated) of the binary under test with @args, behind
 * @wrapper when not NULL (a command and its options, e.g. setpriv). */
GPtrArray *
cs_test_cli_argv (const char * const *wrapper,
                  const char * const *args)
{
  GPtrArray *argv = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; wrapper != NULL && wrapper[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (wrapper[i]));
  g_ptr_array_add (argv, cs_test_bin ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, g_strdup (args[i]));
  g_ptr_array_add (argv, NULL);
  return argv;
}

/* Runs the binary with @args in @cwd with @envp, logs what it printed; returns its exit
 * status, or -1 when it died of a signal. */
int
cs_test_cli_run (const char          *cwd,
                 char               **envp,
                 const char * const  *wrapper,
                 const char * const  *args,
                 char               **out,
                 char               **err)
{
  g_autoptr(GPtrArray) argv = cs_test_cli_argv (wrapper, args);
  g_autoptr(GError) error = NULL;
  g_autofree char *cmd = g_strjoinv (" ", (char **) argv->pdata);
  g_autofree char *o = NULL;
  g_autofree char *e = NULL;
  int wait_status = 0;

  g_spawn_sync (cwd, (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &o, &e, &wait_status, &error);
  g_assert_no_error (error);
  g_test_message ("$ %s\n[stdout]\n%s[stderr]\n%s[status] %d", cmd, o, e,
                  WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1);
  if (out != NULL)
    *out = g_steal_pointer (&o);
  if (err != NULL)
    *err = g_steal_pointer (&e);
  return WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}
