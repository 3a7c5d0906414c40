/* cs-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <glib-object.h>

#include "cs-config.h"
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

/* Longest <target_scsi_id> matched against the regexes of §5.3; their
 * "\s*(.*:)?\s*" prefix backtracks quadratically on long inputs. */
#define MAX_SCSI_ID_LENGTH 256

/* How much of an offending value an error message quotes. */
#define MAX_QUOTED_CHARS 48

static const char * const media_names[] = {
  [CS_MEDIA_CDR_74]     = "cdr-74",
  [CS_MEDIA_CDRW_74]    = "cdrw-74",
  [CS_MEDIA_CDR_80]     = "cdr-80",
  [CS_MEDIA_CDRW_80]    = "cdrw-80",
  [CS_MEDIA_DVDPLUSR]   = "dvd+r",
  [CS_MEDIA_DVDPLUSRW]  = "dvd+rw",
  [CS_MEDIA_BDR]        = "bd-r",
  [CS_MEDIA_BDRE]       = "bd-re",
  NULL
};

static const CsDeviceType media_devices[] = {
  [CS_MEDIA_CDR_74]     = CS_DEVICE_CDWRITER,
  [CS_MEDIA_CDRW_74]    = CS_DEVICE_CDWRITER,
  [CS_MEDIA_CDR_80]     = CS_DEVICE_CDWRITER,
  [CS_MEDIA_CDRW_80]    = CS_DEVICE_CDWRITER,
  [CS_MEDIA_DVDPLUSR]   = CS_DEVICE_DVDWRITER,
  [CS_MEDIA_DVDPLUSRW]  = CS_DEVICE_DVDWRITER,
  [CS_MEDIA_BDR]        = CS_DEVICE_BDWRITER,
  [CS_MEDIA_BDRE]       = CS_DEVICE_BDWRITER,
};

static const char * const device_names[] = {
  [CS_DEVICE_CDWRITER]  = "cdwriter",
  [CS_DEVICE_DVDWRITER] = "dvdwriter",
  [CS_DEVICE_BDWRITER]  = "bdwriter",
  NULL
};

static const char * const day_names[] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  NULL
};

static const char * const blank_mode_names[] = {
  "daily", "weekly",
  NULL
};

static const char * const boolean_names[] = {
  "Y", "y", "N", "n",
  NULL
};

/* The elements the parser keeps; everything else is skipped. */
typedef enum
{
  SLOT_NONE,
  SLOT_ROOT,
  SLOT_OPTIONS,
  SLOT_COLLECT,
  SLOT_STAGE,
  SLOT_STORE,
  SLOT_PURGE,
  SLOT_STARTING_DAY,
  SLOT_WORKING_DIR,
  SLOT_BACKUP_USER,
  SLOT_BACKUP_GROUP,
  SLOT_RCP_COMMAND,
  SLOT_STAGING_DIR,
  SLOT_SOURCE_DIR,
  SLOT_MEDIA_TYPE,
  SLOT_DEVICE_TYPE,
  SLOT_TARGET_DEVICE,
  SLOT_TARGET_SCSI_ID,
  SLOT_DRIVE_SPEED,
  SLOT_CHECK_DATA,
  SLOT_CHECK_MEDIA,
  SLOT_WARN_MIDNITE,
  SLOT_NO_EJECT,
  SLOT_REFRESH_MEDIA_DELAY,
  SLOT_EJECT_DELAY,
  SLOT_BLANK_BEHAVIOR,
  SLOT_BLANK_MODE,
  SLOT_BLANK_FACTOR,
  N_SLOTS
} Slot;

typedef struct
{
  Slot        parent;
  const char *name;
  const char *path;   /* as shown in messages */
  gboolean    leaf;   /* has a text value */
} SlotInfo;

static const SlotInfo slot_info[N_SLOTS] = {
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

/* The first text node of an element: text seen before any child node is
 * NONE → COLLECTING; the first non-text child node after it ends it. */
typedef enum
{
  TEXT_NONE,
  TEXT_COLLECTING,
  TEXT_DONE,
} TextState;

typedef struct
{
  Slot      slot;
  TextState text_state;
} Frame;

typedef struct
{
  const char          *filename;
  guint                depth;
  Frame                stack[CS_CONFIG_MAX_DEPTH];
  gboolean             seen[N_SLOTS];
  int                  line[N_SLOTS];
  GString             *text[N_SLOTS];
} Parser;

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
static void G_GNUC_PRINTF (4, 5)
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

/* Quotes a value for a message: bounded length, control characters and
 * surrounding spaces made visible. */
static char *
quote_value (const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);
  GString *out = g_string_new ("“");
  const char *p = valid;
  guint n;

  for (n = 0; *p != '\0' && n < MAX_QUOTED_CHARS; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (g_unichar_iscntrl (c))
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  g_string_append (out, "”");

  return g_string_free (out, FALSE);
}

static gboolean
has_surrounding_space (const char *value)
{
  gsize len = strlen (value);

  return len > 0 && (g_ascii_isspace (value[0]) || g_ascii_isspace (value[len - 1]));
}

static const char *
space_hint (const char *value)
{
  if (has_surrounding_space (value))
    return _(" Cedar Backup does not ignore spaces or line breaks around a value; remove them.");
  return "";
}

static int
lookup_name (const char * const *names,
             const char         *value)
{
  for (int i = 0; names[i] != NULL; i++)
    if (strcmp (names[i], value) == 0)
      return i;
  return -1;
}

static char *
join_names (const char * const *names)
{
  return g_strjoinv (", ", (char **) names);
}

/* Explains why value is not one of names: spaces, case, or just unknown. */
static char *
name_hint (const char * const *names,
           const char         *value)
{
  g_autofree char *stripped = g_strstrip (g_strdup (value));
  g_autofree char *lower = g_ascii_strdown (stripped, -1);
  GString *hint = g_string_new (space_hint (value));

  if (lookup_name (names, stripped) < 0 && lookup_name (names, lower) >= 0)
    g_string_append_printf (hint, _(" Names are case-sensitive: write “%s”."), lower);

  return g_string_free (hint, FALSE);
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

/* Field conversion (Cedar's first pass: the setters) */

static const char *
value_of (Parser *parser,
          Slot    slot)
{
  return parser->text[slot] != NULL ? parser->text[slot]->str : NULL;
}

static gboolean
convert_absolute_path (Parser      *parser,
                       Slot         slot,
                       char       **out,
                       GError     **error)
{
  const char *value = value_of (parser, slot);

  if (value == NULL)
    return TRUE;

  if (value[0] != '/')
    {
      g_autofree char *quoted = quote_value (value);

      set_config_error (error, parser->filename, parser->line[slot],
                        _("%s %s is not an absolute path; it must start with “/”.%s"),
                        slot_info[slot].path, quoted, space_hint (value));
      return FALSE;
    }

  g_free (*out);
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
convert_string (Parser  *parser,
                Slot     slot,
                char   **out)
{
  const char *value = value_of (parser, slot);

  if (value != NULL)
    {
      g_free (*out);
      *out = g_strdup (value);
    }
  return TRUE;
}

static gboolean
convert_name (Parser              *parser,
              Slot                 slot,
              const char * const  *names,
              int                 *out,
              GError             **error)
{
  const char *value = value_of (parser, slot);
  int index;

  if (value == NULL)
    return TRUE;

  index = lookup_name (names, value);
  if (index < 0)
    {
      g_autofree char *quoted = quote_value (value);
      g_autofree char *list = join_names (names);
      g_autofree char *hint = name_hint (names, value);

      set_config_error (error, parser->filename, parser->line[slot],
                        _("%s %s is not valid; use one of %s.%s"),
                        slot_info[slot].path, quoted, list, hint);
      return FALSE;
    }

  *out = index;
  return TRUE;
}

static gboolean
convert_boolean (Parser    *parser,
                 Slot       slot,
                 gboolean  *out,
                 GError   **error)
{
  int index = -1;

  if (!convert_name (parser, slot, boolean_names, &index, error))
    return FALSE;
  if (index >= 0)
    *out = index < 2;   /* Y, y */
  return TRUE;
}

/* Python's int(): surrounding whitespace allowed, "2.5" and "8x" are not. */
static gboolean
convert_integer (Parser   *parser,
                 Slot      slot,
                 int       minimum,
                 int      *out,
                 GError  **error)
{
  const char *value = value_of (parser, slot);
  g_autofree char *stripped = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 number = 0;

  if (value == NULL)
    return TRUE;

  stripped = g_strstrip (g_strdup (value));
  if (stripped[0] == '\0'
      || !g_ascii_string_to_signed (stripped, 10, G_MININT, G_MAXINT, &number, &local_error))
    {
      g_autofree char *quoted = quote_value (value);

      if (local_error != NULL
          && g_error_matches (local_error, G_NUMBER_PARSER_ERROR, G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
        set_config_error (error, parser->filename, parser->line[slot],
                          stripped[0] == '-' ? _("%s %s is too small; it must be an integer >= %d.")
                                             : _("%s %s is too large; write an integer >= %d."),
                          slot_info[slot].path, quoted, minimum);
      else
        set_config_error (error, parser->filename, parser->line[slot],
                          _("%s %s is not a whole number; write an integer >= %d."),
                          slot_info[slot].path, quoted, minimum);
      return FALSE;
    }

  if (number < minimum)
    {
      g_autofree char *quoted = quote_value (value);

      set_config_error (error, parser->filename, parser->line[slot],
                        _("%s %s is too small; it must be an integer >= %d."),
                        slot_info[slot].path, quoted, minimum);
      return FALSE;
    }

  *out = (int) number;
  return TRUE;
}

/* A decimal number ≥ 0: 1.0, .1, 12, 1E6. Python's float() would also take
 * nan, inf and hex-like spellings; they make no sense as a factor
 * (cedar-store.md §13 Q20). Surrounding whitespace is allowed as in Python. */
static gboolean
convert_factor (Parser   *parser,
                Slot      slot,
                double   *out,
                GError  **error)
{
  const char *value = value_of (parser, slot);
  g_autofree char *stripped = NULL;
  char *end = NULL;
  double number;
  gboolean ok;

  if (value == NULL)
    return TRUE;

  stripped = g_strstrip (g_strdup (value));
  ok = stripped[0] != '\0'
       && strspn (stripped, "0123456789.eE+-") == strlen (stripped);
  if (ok)
    {
      number = g_ascii_strtod (stripped, &end);
      ok = end != stripped && *end == '\0' && isfinite (number);
    }

  if (!ok)
    {
      g_autofree char *quoted = quote_value (value);

      set_config_error (error, parser->filename, parser->line[slot],
                        _("%s %s is not a number; write a decimal number such as 1.5."),
                        slot_info[slot].path, quoted);
      return FALSE;
    }

  if (number < 0)
    {
      g_autofree char *quoted = quote_value (value);

      set_config_error (error, parser->filename, parser->line[slot],
                        _("%s %s is negative; the blanking factor cannot be negative."),
                        slot_info[slot].path, quoted);
      return FALSE;
    }

  *out = number;
  return TRUE;
}

/* cedar-store.md §5.3 */
static gboolean
scsi_id_is_valid (const char *value)
{
  static const char * const patterns[] = {
    "^\\s*(.*:)?\\s*[0-9][0-9]*\\s*,\\s*[0-9][0-9]*\\s*,\\s*[0-9][0-9]*\\s*$",
    "^\\s*IO.*Services(/[0-9][0-9]*)?\\s*$",
  };

  if (strlen (value) > MAX_SCSI_ID_LENGTH)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    if (g_regex_match_simple (patterns[i], value, 0, 0))
      return TRUE;

  return FALSE;
}

static gboolean
convert_fields (Parser    *parser,
                CsConfig  *config,
                GError   **error)
{
  int day = -1;
  int media = -1;
  int device = -1;
  int mode = -1;
  gboolean flag;

  /* <options> */
  if (!convert_name (parser, SLOT_STARTING_DAY, day_names, &day, error)
      || !convert_absolute_path (parser, SLOT_WORKING_DIR, &config->working_dir, error)
      || !convert_string (parser, SLOT_BACKUP_USER, &config->backup_user)
      || !convert_string (parser, SLOT_BACKUP_GROUP, &config->backup_group))
    return FALSE;
  if (day >= 0)
    {
      config->starting_day = day;
      config->origin[CS_CONFIG_KEY_STARTING_DAY] = CS_ORIGIN_CONFIG;
    }

  /* <stage> */
  if (!convert_absolute_path (parser, SLOT_STAGING_DIR, &config->staging_dir, error))
    return FALSE;

  /* <store> */
  if (!convert_absolute_path (parser, SLOT_SOURCE_DIR, &config->source_dir, error)
      || !convert_name (parser, SLOT_MEDIA_TYPE, media_names, &media, error)
      || !convert_name (parser, SLOT_DEVICE_TYPE, device_names, &device, error)
      || !convert_absolute_path (parser, SLOT_TARGET_DEVICE, &config->target_device, error))
    return FALSE;

  if (media >= 0)
    {
      config->media_type = media;
      config->origin[CS_CONFIG_KEY_MEDIA_TYPE] = CS_ORIGIN_CONFIG;
    }
  /* Absent <device_type> means cdwriter (cedar-store.md §4.2). */
  config->device_type = device >= 0 ? (CsDeviceType) device : CS_DEVICE_CDWRITER;
  if (value_of (parser, SLOT_TARGET_DEVICE) != NULL)
    config->origin[CS_CONFIG_KEY_TARGET_DEVICE] = CS_ORIGIN_CONFIG;

  if (value_of (parser, SLOT_TARGET_SCSI_ID) != NULL)
    {
      const char *value = value_of (parser, SLOT_TARGET_SCSI_ID);

      if (!scsi_id_is_valid (value))
        {
          g_autofree char *quoted = quote_value (value);

          set_config_error (error, parser->filename, parser->line[SLOT_TARGET_SCSI_ID],
                            _("%s %s is not a SCSI id; write [method:]bus,target,lun "
                              "such as 0,0,0 or ATA:1,0,0, or leave it out."),
                            slot_info[SLOT_TARGET_SCSI_ID].path, quoted);
          return FALSE;
        }
      config->target_scsi_id = g_strdup (value);
    }

  if (!convert_integer (parser, SLOT_DRIVE_SPEED, 1, &config->drive_speed, error))
    return FALSE;
  if (value_of (parser, SLOT_DRIVE_SPEED) != NULL)
    config->origin[CS_CONFIG_KEY_DRIVE_SPEED] = CS_ORIGIN_CONFIG;

#define CONVERT_FLAG(slot, field, key)                                  \
  G_STMT_START {                                                        \
    flag = FALSE;                                                       \
    if (!convert_boolean (parser, slot, &flag, error))                  \
      return FALSE;                                                     \
    config->field = flag;                                               \
    if (value_of (parser, slot) != NULL)                                \
      config->origin[key] = CS_ORIGIN_CONFIG;                           \
  } G_STMT_END

  CONVERT_FLAG (SLOT_CHECK_DATA, check_data, CS_CONFIG_KEY_CHECK_DATA);
  CONVERT_FLAG (SLOT_CHECK_MEDIA, check_media, CS_CONFIG_KEY_CHECK_MEDIA);
  CONVERT_FLAG (SLOT_WARN_MIDNITE, warn_midnite, CS_CONFIG_KEY_WARN_MIDNITE);
  CONVERT_FLAG (SLOT_NO_EJECT, no_eject, CS_CONFIG_KEY_NO_EJECT);

#undef CONVERT_FLAG

  /* design.md: verification follows the config when it says so, else it is on. */
  if (config->origin[CS_CONFIG_KEY_CHECK_DATA] == CS_ORIGIN_DEFAULT)
    config->check_data = TRUE;

  if (!convert_name (parser, SLOT_BLANK_MODE, blank_mode_names, &mode, error)
      || !convert_factor (parser, SLOT_BLANK_FACTOR, &config->blank_factor, error))
    return FALSE;
  if (mode >= 0)
    config->blank_mode = mode == 0 ? CS_BLANK_DAILY : CS_BLANK_WEEKLY;

  /* 0 means "unset" for both delays (cedar-store.md §4.2). */
  if (!convert_integer (parser, SLOT_REFRESH_MEDIA_DELAY, 0, &config->refresh_media_delay, error)
      || !convert_integer (parser, SLOT_EJECT_DELAY, 0, &config->eject_delay, error))
    return FALSE;

  return TRUE;
}

/* Validation (Cedar's second pass, then what the store action needs) */

static gboolean
require (Parser      *parser,
         Slot         slot,
         const char  *what,
         GError     **error)
{
  if (value_of (parser, slot) != NULL)
    return TRUE;

  /* Point at the section when the field is missing altogether. */
  set_config_error (error, parser->filename,
                    parser->seen[slot] ? parser->line[slot]
                                       : parser->line[slot_info[slot].parent],
                    _("%s must be filled in (%s)."),
                    slot_info[slot].path, what);
  return FALSE;
}

static gboolean
validate (Parser    *parser,
          CsConfig  *config,
          GError   **error)
{
  if (!parser->seen[SLOT_COLLECT] && !parser->seen[SLOT_STAGE]
      && !parser->seen[SLOT_STORE] && !parser->seen[SLOT_PURGE])
    {
      set_config_error (error, parser->filename, parser->line[SLOT_ROOT],
                        _("<cb_config> has none of the <collect>, <stage>, <store> and "
                          "<purge> sections; at least one is required, and storing needs <store>."));
      return FALSE;
    }

  if (!parser->seen[SLOT_OPTIONS])
    {
      set_config_error (error, parser->filename, parser->line[SLOT_ROOT],
                        _("The <options> section is required (with <starting_day>, "
                          "<working_dir>, <backup_user>, <backup_group> and <rcp_command>)."));
      return FALSE;
    }

  if (!require (parser, SLOT_STARTING_DAY, _("the first day of the backup week, e.g. monday"), error)
      || !require (parser, SLOT_WORKING_DIR, _("an absolute path for temporary files"), error)
      || !require (parser, SLOT_BACKUP_USER, _("the user that owns backup files"), error)
      || !require (parser, SLOT_BACKUP_GROUP, _("the group that owns backup files"), error)
      || !require (parser, SLOT_RCP_COMMAND, _("Cedar Backup requires it, e.g. /usr/bin/scp -B"), error))
    return FALSE;

  if (parser->seen[SLOT_STAGE]
      && !require (parser, SLOT_STAGING_DIR, _("the absolute path of the staging directory"), error))
    return FALSE;

  if (parser->seen[SLOT_STORE])
    {
      if (!require (parser, SLOT_SOURCE_DIR, _("the absolute path of the staging directory"), error)
          || !require (parser, SLOT_MEDIA_TYPE, _("one of cdr-74, cdrw-74, cdr-80, cdrw-80, dvd+r, dvd+rw, bd-r, bd-re"), error)
          || !require (parser, SLOT_TARGET_DEVICE, _("the absolute path of the writer, e.g. /dev/sr0"), error))
        return FALSE;

      if (media_devices[config->media_type] != config->device_type)
        {
          const char *wanted = device_names[media_devices[config->media_type]];

          set_config_error (error, parser->filename, parser->line[SLOT_MEDIA_TYPE],
                            _("Media type must match device type: %s “%s” needs "
                              "<store><device_type>%s</device_type>, but the device type is "
                              "“%s”%s."),
                            slot_info[SLOT_MEDIA_TYPE].path,
                            media_names[config->media_type], wanted,
                            device_names[config->device_type],
                            value_of (parser, SLOT_DEVICE_TYPE) == NULL
                              ? _(" (the default when <device_type> is absent)") : "");
          return FALSE;
        }

      /* Cedar only rejects an empty one; half of one makes Cedar crash or
       * never blank (cedar-store.md §13 Q1), so both are required. */
      if (parser->seen[SLOT_BLANK_BEHAVIOR]
          && (value_of (parser, SLOT_BLANK_MODE) == NULL
              || value_of (parser, SLOT_BLANK_FACTOR) == NULL))
        {
          const char *missing;

          if (value_of (parser, SLOT_BLANK_MODE) == NULL
              && value_of (parser, SLOT_BLANK_FACTOR) == NULL)
            missing = _("both are missing");
          else if (value_of (parser, SLOT_BLANK_MODE) == NULL)
            missing = _("<mode> is missing");
          else
            missing = _("<factor> is missing");

          set_config_error (error, parser->filename, parser->line[SLOT_BLANK_BEHAVIOR],
                            _("If blanking behavior is provided, all values must be filled in: "
                              "%s needs <mode> (daily or weekly) and <factor> (a number >= 0); "
                              "%s. Remove the section to use the default blanking."),
                            slot_info[SLOT_BLANK_BEHAVIOR].path, missing);
          return FALSE;
        }
    }

  /* Cedar accepts a configuration without <store>; its store action then
   * fails, and storing is all this program does. */
  if (!parser->seen[SLOT_STORE])
    {
      set_config_error (error, parser->filename, parser->line[SLOT_ROOT],
                        _("Store configuration is not properly filled in: "
                          "<cb_config> has no <store> section."));
      return FALSE;
    }

  return TRUE;
}

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
                        _("The file contains a NUL byte at offset %" G_GSIZE_FORMAT "; "
                          "it is not a text (XML) file."),
                        (gsize) ((const char *) memchr (data, '\0', len) - data));
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
                        _("The file is not UTF-8 text (invalid byte at offset %"
                          G_GSIZE_FORMAT "); save it as UTF-8."),
                        (gsize) (end - data));
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

      ok = convert_fields (&parser, config, error)
           && validate (&parser, config, error);
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

CsConfig *
cs_config_load (const char  *path,
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

  return cs_config_parse (data, length, path, error);
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
