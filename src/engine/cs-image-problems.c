/* cs-image-problems.c
 *
 * libisofs builds a day's tree (iso_tree_add_dir_rec, tree.c iso_add_dir_src_rec) and
 * goes on when a file cannot be added: a failed lstat, a directory it cannot open or a
 * node it cannot make is a SORRY message ("Error when adding file …", "Can't open dir …")
 * and the file is left out; a name collision is renamed with a WARNING. Here each such
 * message becomes a problem, and any problem stops the store before anything is written.
 * The messages are read from the queue that cs_drive_library_init() sets up (NOTE and
 * above), without changing what libisofs aborts on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* O_PATH */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <limits.h>
#include <stdint.h>
#include <libisofs/libisofs.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cs-drive.h"
#include "cs-error.h"
#include "cs-image-problems.h"
#include "cs-text.h"

/* libisofs cuts its messages at 4095 bytes (messages.c, MAX_MSG_LEN). */
#define ISO_MSG_MAX 4095
/* The longest symbolic link target libisofs takes from the disk (builder.c reads it into
 * LIBISOFS_NODE_PATH_MAX = 1024 bytes, with room for the NUL). */
#define ISO_LINK_MAX 1023
/* How many problems one message names. */
#define SHOWN 3

typedef struct
{
  char *path;     /* the file in the staging directory, or NULL */
  char *reason;   /* already said in words, or NULL */
  char *message;  /* libisofs' own text */
  char *cause;    /* libisofs' " > Caused by: " note, or NULL */
  gboolean cut;   /* libisofs cut the message, and with it the path */
} Problem;

static void
problem_free (Problem *p)
{
  g_free (p->path);
  g_free (p->reason);
  g_free (p->message);
  g_free (p->cause);
  g_free (p);
}

GPtrArray *
_cs_image_problems_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)problem_free);
}

/* A problem found by our own checks (the report callback), with its reason in words. */
void
_cs_image_problems_add (GPtrArray  *problems,
                        const char *path,
                        const char *reason)
{
  Problem *p = g_new0 (Problem, 1);

  p->path = g_strdup (path);
  p->reason = g_strdup (reason);
  g_ptr_array_add (problems, p);
}

static gboolean
severity_is_problem (const char *sev)
{
  return g_str_equal (sev, "WARNING") || g_str_equal (sev, "SORRY")
         || g_str_equal (sev, "FAILURE") || g_str_equal (sev, "MISHAP")
         || g_str_equal (sev, "FATAL") || g_str_equal (sev, "ABORT");
}

/* The file a message of tree.c names, or NULL. */
static char *
message_path (const char *text)
{
  static const char * const prefixes[] = { "Error when adding file ", "Can't open dir ",
                                           "File name collision resolved with " };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (text, prefixes[i]))
      {
        const char *path = text + strlen (prefixes[i]);
        const char *end = i == 2 ? strstr (path, " . Now: ") : NULL;

        return end != NULL ? g_strndup (path, end - path) : g_strdup (path);
      }
  return NULL;
}

/**
 * _cs_image_problems_drain:
 *
 * Reads libisofs' message queue: each message of severity WARNING or above is a problem,
 * with the NOTE that follows it (" > Caused by: …") as its cause. Every message also goes
 * to the log, its long paths shortened; libburn's queue is drained as usual.
 */
void
_cs_image_problems_drain (GPtrArray *problems,
                          CsLogFunc  log_func,
                          gpointer   log_data)
{
  char text[ISO_MSGS_MESSAGE_LEN];
  char sev[80];
  int code, imgid;
  Problem *last = NULL;

  /* libisofs 1.5.4 (messages.c, iso_obtain_msgs) copies a text of exactly 4095 bytes - a
   * cut path - without its NUL, and strncpy never writes the buffer's last byte. */
  text[sizeof text - 1] = '\0';
  while (iso_obtain_msgs ("ALL", &code, &imgid, text, sev) > 0)
    {
      g_autofree char *shown = NULL;
      gboolean cut = strlen (text) >= ISO_MSG_MAX;

      g_strchomp (text);
      shown = cs_text_shorten (text, 2 * CS_TEXT_PATH_CHARS);
      if (last != NULL && last->cause == NULL && g_str_has_prefix (text, " > Caused by: "))
        {
          last->cause = g_strdup (text + strlen (" > Caused by: "));
          cs_log (log_func, log_data, G_LOG_LEVEL_INFO, "libisofs %s: %s", sev, shown);
          continue;
        }
      last = NULL;
      if (!severity_is_problem (sev))
        {
          cs_log (log_func, log_data, G_LOG_LEVEL_INFO, "libisofs %s: %s", sev, shown);
          continue;
        }
      /* Said once, in the store's error; the log keeps the details. */
      cs_log (log_func, log_data, G_LOG_LEVEL_INFO, "libisofs %s: %s", sev, shown);
      last = g_new0 (Problem, 1);
      last->message = g_strdup (text);
      last->path = message_path (text);
      last->cut = cut && last->path != NULL;
      g_ptr_array_add (problems, last);
    }
  cs_drive_drain_messages (log_func, log_data, NULL);
}

/* A path libisofs cut off: walks down its directories (openat: the whole path is too long
 * for the system) and completes the last, cut name when one entry there starts with it.
 * Returns the path, completed or as it was. */
static char *
complete_cut_path (const char *cut)
{
  g_auto(GStrv) parts = g_strsplit (cut, "/", -1);
  g_autoptr(GString) path = g_string_new (NULL);
  guint n = g_strv_length (parts);
  const char *match = NULL;
  char *found = NULL;
  int fd;
  DIR *dir;
  struct dirent *ent;

  if (n < 2 || parts[0][0] != '\0')
    return g_strdup (cut);
  fd = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  for (guint i = 1; fd >= 0 && i + 1 < n; i++)
    {
      int next = openat (fd, parts[i], O_PATH | O_DIRECTORY | O_CLOEXEC);

      close (fd);
      fd = next;
      g_string_append_printf (path, "/%s", parts[i]);
    }
  if (fd < 0)
    return g_strdup (cut);

  dir = fdopendir (openat (fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  close (fd);
  if (dir == NULL)
    return g_strdup (cut);
  while ((ent = readdir (dir)) != NULL)
    if (g_str_has_prefix (ent->d_name, parts[n - 1]))
      {
        if (match != NULL)
          {
            match = NULL;  /* not unique */
            break;
          }
        match = found = g_strdup (ent->d_name);
      }
  closedir (dir);
  if (match == NULL)
    {
      g_free (found);
      return g_strdup (cut);
    }
  g_string_append_printf (path, "/%s", match);
  g_free (found);
  return g_strdup (path->str);
}

/* Why the file is left out, in words: what the system says of it now, else libisofs. */
static char *
problem_reason (Problem *p)
{
  struct stat st;

  if (p->reason != NULL)
    return g_strdup (p->reason);

  if (p->path != NULL && (p->cut || strlen (p->path) > PATH_MAX - 1))
    {
      if (p->cut)
        {
          g_autofree char *full = complete_cut_path (p->path);

          g_free (p->path);
          p->path = g_steal_pointer (&full);
        }
      if (strlen (p->path) > PATH_MAX - 1)
        /* Translators: %1$zu and %2$d are numbers of bytes */
        return g_strdup_printf (_("its path is %1$zu bytes long, longer than the system's "
                                  "limit of %2$d bytes"), strlen (p->path), PATH_MAX - 1);
      return g_strdup_printf (_("a path below it is longer than the system's limit of %d "
                                "bytes"), PATH_MAX - 1);
    }

  if (p->path != NULL && lstat (p->path, &st) != 0)
    {
      int errsv = errno;

      if (errsv == ENOENT)
        return g_strdup (_("it disappeared while the image was built"));
      return g_strdup (g_strerror (errsv));
    }
  if (p->path != NULL && S_ISLNK (st.st_mode) && st.st_size > ISO_LINK_MAX)
    /* Translators: %1$jd and %2$d are numbers of bytes */
    return g_strdup_printf (_("it is a symbolic link to a target of %1$jd bytes; the image "
                              "can hold targets of at most %2$d bytes"),
                            (intmax_t)st.st_size, ISO_LINK_MAX);

  if (p->path != NULL && p->cause != NULL)
    return g_strdup_printf ("libisofs: %s", p->cause);
  if (p->cause != NULL)
    return g_strdup_printf ("libisofs: %s (%s)", p->message, p->cause);
  return g_strdup_printf ("libisofs: %s", p->message);
}

/**
 * _cs_image_problems_error:
 * @day_path: the staging directory being added
 *
 * One CS_ERROR_CONFIG (exit status 2) for all @problems (at least one): the first few
 * with their paths shortened (cs_text_shorten()) and their reasons, and how many in all.
 */
void
_cs_image_problems_error (GPtrArray   *problems,
                          const char  *day_path,
                          GError     **error)
{
  g_autoptr(GString) list = g_string_new (NULL);
  g_autofree char *day = cs_text_shorten (day_path, CS_TEXT_PATH_CHARS);
  guint n = problems->len;

  g_return_if_fail (n > 0);

  for (guint i = 0; i < MIN (n, SHOWN); i++)
    {
      Problem *p = g_ptr_array_index (problems, i);
      g_autofree char *reason = problem_reason (p);
      g_autofree char *shown = cs_text_shorten (reason, 2 * CS_TEXT_PATH_CHARS);

      if (i > 0)
        g_string_append (list, "; ");
      if (p->path != NULL)
        {
          gsize day_len = strlen (day_path);
          /* A long path is shown from the day on: the message names the day first. */
          gboolean below = g_utf8_strlen (p->path, -1) > CS_TEXT_PATH_CHARS
                           && g_str_has_prefix (p->path, day_path) && p->path[day_len] == '/';
          g_autofree char *path = cs_text_shorten (below ? p->path + day_len + 1 : p->path,
                                                   CS_TEXT_PATH_CHARS);

          /* Translators: %1$s a file, %2$s why it cannot be stored */
          g_string_append_printf (list, _("“%1$s”: %2$s"), path, shown);
        }
      else
        g_string_append (list, shown);
    }
  if (n > SHOWN)
    {
      g_string_append (list, "; ");
      g_string_append_printf (list, g_dngettext (GETTEXT_PACKAGE, "and %u more",
                                                 "and %u more", n - SHOWN), n - SHOWN);
    }

  g_set_error (error, CS_ERROR, CS_ERROR_CONFIG,
               /* Translators: %1$s the staging directory, %2$u how many problems, %3$s the
                * first few: “path”: reason; … */
               g_dngettext (GETTEXT_PACKAGE,
                            "The staging directory “%1$s” cannot be stored whole, so nothing was "
                            "written (%2$u problem): %3$s. Fix or remove what is named and store "
                            "again",
                            "The staging directory “%1$s” cannot be stored whole, so nothing was "
                            "written (%2$u problems): %3$s. Fix or remove what is named and store "
                            "again", n),
               day, n, list->str);
}
