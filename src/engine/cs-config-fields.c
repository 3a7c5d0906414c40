/* cs-config-fields.c – converting and validating the values cs-config.c read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "cs-config-private.h"

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

gboolean
_cs_config_convert_fields (Parser    *parser,
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

gboolean
_cs_config_validate (Parser    *parser,
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
