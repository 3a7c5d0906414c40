/* cs-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-object.h>

#include "cs-config-private.h"
#include "cs-error.h"

/* Reads Cedar Backup's cback3.conf / cback.conf the way Cedar does
 * (cedar-store.md §4): a section is the first direct child of <cb_config>
 * with its name, a field the first direct child of its section, a value the
 * first text node of the field, untrimmed; an empty element is absent.
 *
 * The document is never turned into a tree: a streaming GMarkup parser keeps
 * a fixed stack of CS_CONFIG_MAX_DEPTH frames and the text of the few
 * elements the store action reads, so memory stays proportional to those
 * values and hostile input cannot recurse or balloon.
 */

G_DEFINE_BOXED_TYPE (CsConfig, cs_config, cs_config_copy, cs_config_free)

#define DEFAULT_STAGING_DIR "/opt/backup/stage"

const SlotInfo slot_info[N_SLOTS] = {
  [SLOT_NONE]                = { SLOT_NONE,           NULL,                  NULL,                             FALSE },
  [SLOT_ROOT]                = { SLOT_NONE,           "cb_config",           "<cb_config>",                    FALSE },
  [SLOT_OPTIONS]             = { SLOT_ROOT,           "options",             "<options>",                      FALSE },
  [SLOT_COLLECT]             = { SLOT_ROOT,           "collect",             "<collect>",                      FALSE },
  [SLOT_STAGE]               = { SLOT_ROOT,           "stage",               "<stage>",                        FALSE },
  [SLOT_STORE]               = { SLOT_ROOT,           "store",               "<store>",                        FALSE },
  [SLOT_PURGE]               = { SLOT_ROOT,           "purge",               "<purge>",                        FALSE },
  [SLOT_STARTING_DAY]        = { SLOT_OPTIONS,        "starting_day",        "<options><starting_day>",        TRUE },
  [SLOT_WORKING_DIR]         = { SLOT_OPTIONS,        "working_dir",         "<options><working_dir>",         TRUE },
  [SLOT_BACKUP_USER]         = { SLOT_OPTIONS,        "backup_user",         "<options><backup_user>",         TRUE },
  [SLOT_BACKUP_GROUP]        = { SLOT_OPTIONS,        "backup_group",        "<options><backup_group>",        TRUE },
  [SLOT_RCP_COMMAND]         = { SLOT_OPTIONS,        "rcp_command",         "<options><rcp_command>",         TRUE },
  [SLOT_STAGING_DIR]         = { SLOT_STAGE,          "staging_dir",         "<stage><staging_dir>",           TRUE },
  [SLOT_SOURCE_DIR]          = { SLOT_STORE,          "source_dir",          "<store><source_dir>",            TRUE },
  [SLOT_MEDIA_TYPE]          = { SLOT_STORE,          "media_type",          "<store><media_type>",            TRUE },
  [SLOT_DEVICE_TYPE]         = { SLOT_STORE,          "device_type",         "<store><device_type>",           TRUE },
  [SLOT_TARGET_DEVICE]       = { SLOT_STORE,          "target_device",       "<store><target_device>",         TRUE },
  [SLOT_TARGET_SCSI_ID]      = { SLOT_STORE,          "target_scsi_id",      "<store><target_scsi_id>",        TRUE },
  [SLOT_DRIVE_SPEED]         = { SLOT_STORE,          "drive_speed",         "<store><drive_speed>",           TRUE },
  [SLOT_CHECK_DATA]          = { SLOT_STORE,          "check_data",          "<store><check_data>",            TRUE },
  [SLOT_CHECK_MEDIA]         = { SLOT_STORE,          "check_media",         "<store><check_media>",           TRUE },
  [SLOT_WARN_MIDNITE]        = { SLOT_STORE,          "warn_midnite",        "<store><warn_midnite>",          TRUE },
  [SLOT_NO_EJECT]            = { SLOT_STORE,          "no_eject",            "<store><no_eject>",              TRUE },
  [SLOT_REFRESH_MEDIA_DELAY] = { SLOT_STORE,          "refresh_media_delay", "<store><refresh_media_delay>",   TRUE },
  [SLOT_EJECT_DELAY]         = { SLOT_STORE,          "eject_delay",         "<store><eject_delay>",           TRUE },
  [SLOT_BLANK_BEHAVIOR]      = { SLOT_STORE,          "blank_behavior",      "<store><blank_behavior>",        FALSE },
  [SLOT_BLANK_MODE]          = { SLOT_BLANK_BEHAVIOR, "mode",                "<store><blank_behavior><mode>",  TRUE },
  [SLOT_BLANK_FACTOR]        = { SLOT_BLANK_BEHAVIOR, "factor",              "<store><blank_behavior><factor>", TRUE },
};

static void
parser_clear (Parser *parser)
{
  for (guint i = 0; i < N_SLOTS; i++)
    if (parser->text[i] != NULL)
      g_string_free (parser->text[i], TRUE);
  memset (parser->text, 0, sizeof parser->text);
}

static const char *
display_name (const char *filename)
{
  return filename != NULL ? filename : _("configuration");
}

/* Sets a CS_ERROR_CONFIG error prefixed with "file:line: " (or "file: "
 * when line is 0). */
void
set_config_error (GError     **error,
                  const char  *filename,
                  int          line,
                  const char  *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (line > 0)
    g_set_error (error, CS_ERROR, CS_ERROR_CONFIG, "%s:%d: %s",
                 display_name (filename), line, message);
  else
    g_set_error (error, CS_ERROR, CS_ERROR_CONFIG, "%s: %s",
                 display_name (filename), message);
}

/* GMarkup callbacks */

static void
parser_end_text (Parser *parser)
{
  if (parser->depth > 0)
    {
      Frame *frame = &parser->stack[parser->depth - 1];

      if (frame->text_state == TEXT_COLLECTING)
        frame->text_state = TEXT_DONE;
    }
}

static Slot
find_slot (Slot        parent,
           const char *name)
{
  if (parent == SLOT_NONE)
    return SLOT_NONE;

  for (guint i = SLOT_ROOT; i < N_SLOTS; i++)
    if (slot_info[i].parent == parent && strcmp (slot_info[i].name, name) == 0)
      return i;

  return SLOT_NONE;
}

static void
on_start_element (GMarkupParseContext  *context,
                  const char           *element_name,
                  const char          **attribute_names,
                  const char          **attribute_values,
                  gpointer              user_data,
                  GError              **error)
{
  Parser *parser = user_data;
  Slot slot = SLOT_NONE;
  int line = 0;

  g_markup_parse_context_get_position (context, &line, NULL);

  /* Refuse before GMarkup or we go deeper: bounded stack, no recursion. */
  if (parser->depth >= CS_CONFIG_MAX_DEPTH)
    {
      set_config_error (error, parser->filename, line,
                        _("<%s> is nested more than %d elements deep; "
                          "this is not a Cedar Backup configuration."),
                        element_name, CS_CONFIG_MAX_DEPTH);
      return;
    }

  if (parser->depth == 0)
    {
      if (parser->seen[SLOT_ROOT])
        {
          set_config_error (error, parser->filename, line,
                            _("<%s> follows the end of <cb_config>; "
                              "the configuration must have a single root element."),
                            element_name);
          return;
        }
      if (strcmp (element_name, "cb_config") != 0)
        {
          set_config_error (error, parser->filename, line,
                            _("The root element is <%s>, not <cb_config>; "
                              "this is not a Cedar Backup configuration file."),
                            element_name);
          return;
        }
      slot = SLOT_ROOT;
    }
  else
    {
      Frame *parent = &parser->stack[parser->depth - 1];

      if (parent->text_state == TEXT_COLLECTING)
        parent->text_state = TEXT_DONE;

      /* Only the first element of a name counts; later ones are ignored. */
      slot = find_slot (parent->slot, element_name);
      if (slot != SLOT_NONE && parser->seen[slot])
        slot = SLOT_NONE;
    }

  if (slot != SLOT_NONE)
    {
      parser->seen[slot] = TRUE;
      parser->line[slot] = line;
    }

  parser->stack[parser->depth].slot = slot;
  parser->stack[parser->depth].text_state = TEXT_NONE;
  parser->depth++;
}

static void
on_end_element (GMarkupParseContext  *context,
                const char           *element_name,
                gpointer              user_data,
                GError              **error)
{
  Parser *parser = user_data;

  g_assert (parser->depth > 0);
  parser->depth--;
}

static void
on_text (GMarkupParseContext  *context,
         const char           *text,
         gsize                 text_len,
         gpointer              user_data,
         GError              **error)
{
  Parser *parser = user_data;
  Frame *frame;

  if (parser->depth == 0 || text_len == 0)
    return;

  frame = &parser->stack[parser->depth - 1];
  if (frame->slot == SLOT_NONE || !slot_info[frame->slot].leaf)
    return;
  if (frame->text_state == TEXT_DONE)
    return;

  /* GMarkup may deliver one text node in several pieces. */
  frame->text_state = TEXT_COLLECTING;
  if (parser->text[frame->slot] == NULL)
    parser->text[frame->slot] = g_string_sized_new (text_len);
  g_string_append_len (parser->text[frame->slot], text, text_len);
}

/* Comments, processing instructions and CDATA are nodes of their own, not
 * text, exactly as in Python's minidom which Cedar uses. */
static void
on_passthrough (GMarkupParseContext  *context,
                const char           *passthrough_text,
                gsize                 text_len,
                gpointer              user_data,
                GError              **error)
{
  parser_end_text (user_data);
}

static const GMarkupParser markup_parser = {
  on_start_element,
  on_end_element,
  on_text,
  on_passthrough,
  NULL,
};

static gboolean
parse_document (Parser      *parser,
                const char  *data,
                gsize        length,
                GError     **error)
{
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) local_error = NULL;

  context = g_markup_parse_context_new (&markup_parser, 0, parser, NULL);

  if (!g_markup_parse_context_parse (context, data, length, &local_error)
      || !g_markup_parse_context_end_parse (context, &local_error))
    {
      g_autofree char *valid = NULL;
      int line = 0;

      if (local_error->domain == CS_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      g_markup_parse_context_get_position (context, &line, NULL);
      /* GMarkup may quote half a multi-byte character. */
      valid = g_utf8_make_valid (local_error->message, -1);
      set_config_error (error, parser->filename, line, _("Not a valid XML file: %s"), valid);
      return FALSE;
    }

  return TRUE;
}

CsConfig *
cs_config_new_defaults (void)
{
  CsConfig *self = g_new0 (CsConfig, 1);

  self->path = NULL;
  self->starting_day = 0;
  self->working_dir = g_strdup (g_get_tmp_dir ());
  self->staging_dir = g_strdup (DEFAULT_STAGING_DIR);
  self->source_dir = g_strdup (DEFAULT_STAGING_DIR);
  self->media_type = CS_MEDIA_BDRE;
  self->device_type = CS_DEVICE_BDWRITER;
  self->blank_mode = CS_BLANK_NONE;
  self->blank_factor = 0.0;
  /* design.md: verification is on when there is no configuration. */
  self->check_data = TRUE;

  for (guint i = 0; i < CS_CONFIG_N_KEYS; i++)
    self->origin[i] = CS_ORIGIN_DEFAULT;

  return self;
}

CsConfig *
cs_config_parse (const char  *data,
                 gssize       length,
                 const char  *filename,
                 GError     **error)
{
  g_autoptr(CsConfig) config = NULL;
  Parser parser = { 0 };
  const char *end = NULL;
  gboolean ok;
  gsize len;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    len = strnlen (data, (gsize) CS_CONFIG_MAX_SIZE + 1);
  else
    len = (gsize) length;

  if (len > CS_CONFIG_MAX_SIZE)
    {
      set_config_error (error, filename, 0,
                        _("The file is larger than %d bytes; "
                          "this is not a Cedar Backup configuration."),
                        CS_CONFIG_MAX_SIZE);
      return NULL;
    }

  if (len == 0)
    {
      set_config_error (error, filename, 0,
                        _("The file is empty; a Cedar Backup configuration "
                          "starts with <cb_config>."));
      return NULL;
    }

  if (memchr (data, '\0', len) != NULL)
    {
      set_config_error (error, filename, 0,
                        _("The file contains a NUL byte at offset %zu; it is not a text (XML) file."),
                        (size_t) ((const char *) memchr (data, '\0', len) - data));
      return NULL;
    }

  /* Python's parser accepts a UTF-8 byte order mark; GMarkup does not. */
  if (len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0)
    {
      data += 3;
      len -= 3;
    }

  /* GMarkup only reads UTF-8, and GLib 2.74 reports invalid UTF-8 inside
   * <?…?> twice (a GError set over another), so check it first. */
  if (!g_utf8_validate_len (data, len, &end))
    {
      guint line = 1;

      for (const char *p = data; p < end; p++)
        if (*p == '\n')
          line++;
      set_config_error (error, filename, (int) line,
                        _("The file is not UTF-8 text (invalid byte at offset %zu); save it as UTF-8."),
                        (size_t) (end - data));
      return NULL;
    }

  parser.filename = filename;
  ok = parse_document (&parser, data, len, error);

  if (ok)
    {
      config = g_new0 (CsConfig, 1);
      config->path = g_strdup (filename);
      config->device_type = CS_DEVICE_CDWRITER;
      config->media_type = CS_MEDIA_CDRW_74;
      for (guint i = 0; i < CS_CONFIG_N_KEYS; i++)
        config->origin[i] = CS_ORIGIN_DEFAULT;

      ok = _cs_config_convert_fields (&parser, config, error)
           && _cs_config_validate (&parser, config, error);
    }

  if (ok)
    {
      /* Store reads <stage><staging_dir>; with no <stage>, fall back to
       * <store><source_dir> (cedar-store.md §13 Q4). */
      if (config->staging_dir == NULL)
        config->staging_dir = g_strdup (config->source_dir);
      config->origin[CS_CONFIG_KEY_STAGING_DIR] = CS_ORIGIN_CONFIG;

      if (config->blank_mode != CS_BLANK_NONE)
        config->origin[CS_CONFIG_KEY_BLANK_BEHAVIOR] = CS_ORIGIN_CONFIG;
    }

  parser_clear (&parser);

  return ok ? g_steal_pointer (&config) : NULL;
}

/* Reads at most CS_CONFIG_MAX_SIZE + 1 bytes, so an endless pipe or a huge
 * file is refused without being read. */
static char *
read_bounded (int          fd,
              const char  *path,
              gsize       *length,
              GError     **error)
{
  g_autofree char *buffer = NULL;
  gsize size = 0;
  gsize allocated = 64 * 1024;

  buffer = g_malloc (allocated);

  for (;;)
    {
      gssize n;

      if (size == allocated)
        {
          if (allocated > CS_CONFIG_MAX_SIZE)
            {
              set_config_error (error, path, 0,
                                _("The file is larger than %d bytes; "
                                  "this is not a Cedar Backup configuration."),
                                CS_CONFIG_MAX_SIZE);
              return NULL;
            }
          allocated = MIN (allocated * 2, (gsize) CS_CONFIG_MAX_SIZE + 1);
          buffer = g_realloc (buffer, allocated);
        }

      n = read (fd, buffer + size, allocated - size);
      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          set_config_error (error, path, 0, _("Cannot read the file: %s."),
                            g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      size += n;
    }

  if (size > CS_CONFIG_MAX_SIZE)
    {
      set_config_error (error, path, 0,
                        _("The file is larger than %d bytes; "
                          "this is not a Cedar Backup configuration."),
                        CS_CONFIG_MAX_SIZE);
      return NULL;
    }

  *length = size;
  return g_steal_pointer (&buffer);
}

/* Reads @path: parsed into a CsConfig, or, with @length_out, the bounded text itself. */
static gpointer
load_file (const char  *path,
           gsize       *length_out,
           GError     **error)
{
  g_autofree char *data = NULL;
  struct stat st;
  gsize length = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* O_NONBLOCK: opening a FIFO without a writer must not hang. */
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      set_config_error (error, path, 0, _("Cannot open the configuration file: %s."),
                        g_strerror (saved_errno));
      return NULL;
    }

  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      set_config_error (error, path, 0, _("Cannot read the configuration file: %s."),
                        g_strerror (saved_errno));
      close (fd);
      return NULL;
    }

  if (S_ISDIR (st.st_mode))
    {
      set_config_error (error, path, 0,
                        _("This is a directory; give the path of the configuration "
                          "file, e.g. /etc/cback3.conf."));
      close (fd);
      return NULL;
    }

  if (!S_ISREG (st.st_mode) && !S_ISFIFO (st.st_mode))
    {
      set_config_error (error, path, 0,
                        _("This is not a regular file; give the path of the "
                          "configuration file, e.g. /etc/cback3.conf."));
      close (fd);
      return NULL;
    }

  if (S_ISREG (st.st_mode) && st.st_size > CS_CONFIG_MAX_SIZE)
    {
      set_config_error (error, path, 0,
                        _("The file is larger than %d bytes; "
                          "this is not a Cedar Backup configuration."),
                        CS_CONFIG_MAX_SIZE);
      close (fd);
      return NULL;
    }

  /* Back to blocking reads now that we know what we opened. */
  fcntl (fd, F_SETFL, fcntl (fd, F_GETFL) & ~O_NONBLOCK);

  data = read_bounded (fd, path, &length, error);
  close (fd);
  if (data == NULL)
    return NULL;
  if (length_out != NULL)
    {
      *length_out = length;
      return g_steal_pointer (&data);
    }

  return cs_config_parse (data, length, path, error);
}

CsConfig *
cs_config_load (const char  *path,
                GError     **error)
{
  return load_file (path, NULL, error);
}

/**
 * cs_config_read_target_device:
 * @path: (nullable): the configuration file; %NULL for the default files
 *   (/etc/cback3.conf, then /etc/cback.conf, as cs_config_load_default())
 * @config_path: (out) (optional) (transfer full): the file that was read, or %NULL when
 *   @path is %NULL and no default file exists
 * @error: CS_ERROR_CONFIG when the file cannot be read or is not well-formed XML
 *
 * Only <store><target_device>, for the commands that read a disc (issue 15): the same
 * reader as cs_config_load(), but none of the store's checks (media and device types,
 * required <options>, absolute paths), so a `stdio:` address or a configuration a store
 * would refuse for other reasons still names the disc.
 *
 * Returns: (transfer full) (nullable): the value as written, or %NULL (error unset) when
 *   there is no file or it sets no target device
 */
char *
cs_config_read_target_device (const char  *path,
                              char       **config_path,
                              GError     **error)
{
  static const char * const paths[] = { "/etc/cback3.conf", "/etc/cback.conf" };
  g_autofree char *data = NULL;
  Parser parser = { 0 };
  gsize length = 0, skip;
  char *value = NULL;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config_path != NULL)
    *config_path = NULL;
  for (guint i = 0; path == NULL && i < G_N_ELEMENTS (paths); i++)
    {
      struct stat st;

      if (stat (paths[i], &st) == 0 || errno != ENOENT)
        path = paths[i];
    }
  if (path == NULL)
    return NULL;
  if (config_path != NULL)
    *config_path = g_strdup (path);

  if (!(data = load_file (path, &length, error)))
    return NULL;
  if (length == 0 || memchr (data, '\0', length) != NULL || !g_utf8_validate_len (data, length, NULL))
    {
      set_config_error (error, path, 0, _("Not a valid XML file: %s"),
                        _("it is empty or not UTF-8 text"));
      return NULL;
    }
  parser.filename = path;
  /* As cs_config_parse(): a UTF-8 byte order mark is allowed. */
  skip = length >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
  if (parse_document (&parser, data + skip, length - skip, error)
      && parser.text[SLOT_TARGET_DEVICE] != NULL
      && parser.text[SLOT_TARGET_DEVICE]->len > 0)
    value = g_strdup (parser.text[SLOT_TARGET_DEVICE]->str);
  parser_clear (&parser);
  return value;
}

CsConfig *
cs_config_load_default (GError **error)
{
  static const char * const paths[] = { "/etc/cback3.conf", "/etc/cback.conf" };

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      struct stat st;

      /* An existing default file is used even when broken: falling back
       * past it would silently ignore the administrator's settings. */
      if (stat (paths[i], &st) == 0 || errno != ENOENT)
        return cs_config_load (paths[i], error);
    }

  return cs_config_new_defaults ();
}

CsConfig *
cs_config_copy (const CsConfig *self)
{
  CsConfig *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->path = g_strdup (self->path);
  copy->working_dir = g_strdup (self->working_dir);
  copy->backup_user = g_strdup (self->backup_user);
  copy->backup_group = g_strdup (self->backup_group);
  copy->staging_dir = g_strdup (self->staging_dir);
  copy->source_dir = g_strdup (self->source_dir);
  copy->target_device = g_strdup (self->target_device);
  copy->target_scsi_id = g_strdup (self->target_scsi_id);

  return copy;
}

void
cs_config_free (CsConfig *self)
{
  if (self == NULL)
    return;

  g_free (self->path);
  g_free (self->working_dir);
  g_free (self->backup_user);
  g_free (self->backup_group);
  g_free (self->staging_dir);
  g_free (self->source_dir);
  g_free (self->target_device);
  g_free (self->target_scsi_id);
  g_free (self);
}
