/* cs-media.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "cs-error.h"
#include "cs-media.h"

typedef struct
{
  const char   *name;
  CsDeviceType  device_type;
  gboolean      rewritable;
  guint64       capacity;
} MediaInfo;

/* Cedar's capacities (§5.1): CD in whole sectors, DVD = floor (4.4 × 1024³)
 * because Cedar's sector count is not an integer, BD = 12,219,392 sectors.
 */
static const MediaInfo media_info[CS_N_MEDIA_TYPES] = {
  [CS_MEDIA_CDR_74]    = { "cdr-74",  CS_DEVICE_CDWRITER,  FALSE, G_GUINT64_CONSTANT (681574400) },
  [CS_MEDIA_CDRW_74]   = { "cdrw-74", CS_DEVICE_CDWRITER,  TRUE,  G_GUINT64_CONSTANT (681574400) },
  [CS_MEDIA_CDR_80]    = { "cdr-80",  CS_DEVICE_CDWRITER,  FALSE, G_GUINT64_CONSTANT (734003200) },
  [CS_MEDIA_CDRW_80]   = { "cdrw-80", CS_DEVICE_CDWRITER,  TRUE,  G_GUINT64_CONSTANT (734003200) },
  [CS_MEDIA_DVDPLUSR]  = { "dvd+r",   CS_DEVICE_DVDWRITER, FALSE, G_GUINT64_CONSTANT (4724464025) },
  [CS_MEDIA_DVDPLUSRW] = { "dvd+rw",  CS_DEVICE_DVDWRITER, TRUE,  G_GUINT64_CONSTANT (4724464025) },
  [CS_MEDIA_BDR]       = { "bd-r",    CS_DEVICE_BDWRITER,  FALSE, G_GUINT64_CONSTANT (25025314816) },
  [CS_MEDIA_BDRE]      = { "bd-re",   CS_DEVICE_BDWRITER,  TRUE,  G_GUINT64_CONSTANT (25025314816) },
};

static const char * const device_names[] = {
  [CS_DEVICE_CDWRITER]  = "cdwriter",
  [CS_DEVICE_DVDWRITER] = "dvdwriter",
  [CS_DEVICE_BDWRITER]  = "bdwriter",
};

#define MEDIA_TYPE_VALID(t)  ((guint) (t) < CS_N_MEDIA_TYPES)
#define DEVICE_TYPE_VALID(t) ((guint) (t) < G_N_ELEMENTS (device_names))

const char *
cs_media_type_to_string (CsMediaType type)
{
  g_return_val_if_fail (MEDIA_TYPE_VALID (type), NULL);

  return media_info[type].name;
}

/* The names Preferences lists (cs-preferences-window.ui), the same translations. */
static const char * const display_names[CS_N_MEDIA_TYPES] = {
  [CS_MEDIA_CDR_74]    = N_("CD-R, 74 min"),
  [CS_MEDIA_CDRW_74]   = N_("CD-RW, 74 min"),
  [CS_MEDIA_CDR_80]    = N_("CD-R, 80 min"),
  [CS_MEDIA_CDRW_80]   = N_("CD-RW, 80 min"),
  [CS_MEDIA_DVDPLUSR]  = N_("DVD+R"),
  [CS_MEDIA_DVDPLUSRW] = N_("DVD+RW"),
  [CS_MEDIA_BDR]       = N_("BD-R"),
  [CS_MEDIA_BDRE]      = N_("BD-RE"),
};

/**
 * cs_media_type_display_name:
 * @type: a media type
 *
 * Returns: (transfer none): @type named for people, translated ("CD-R, 74 min" for
 *   cdr-74), as the window and Preferences show it
 */
const char *
cs_media_type_display_name (CsMediaType type)
{
  g_return_val_if_fail (MEDIA_TYPE_VALID (type), NULL);

  return _(display_names[type]);
}

gboolean
cs_media_type_from_string (const char  *text,
                           CsMediaType *type)
{
  if (text == NULL)
    return FALSE;

  /* Case-sensitive, no trimming, like Cedar's validation (§9.11). */
  for (guint i = 0; i < CS_N_MEDIA_TYPES; i++)
    {
      if (strcmp (text, media_info[i].name) == 0)
        {
          if (type != NULL)
            *type = (CsMediaType) i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
cs_media_type_is_rewritable (CsMediaType type)
{
  g_return_val_if_fail (MEDIA_TYPE_VALID (type), FALSE);

  return media_info[type].rewritable;
}

CsDeviceType
cs_media_type_device_type (CsMediaType type)
{
  g_return_val_if_fail (MEDIA_TYPE_VALID (type), CS_DEVICE_CDWRITER);

  return media_info[type].device_type;
}

guint64
cs_media_type_capacity (CsMediaType type)
{
  g_return_val_if_fail (MEDIA_TYPE_VALID (type), 0);

  return media_info[type].capacity;
}

/* What is left for a new session on a medium with used_bytes already
 * written (§5.5.3, §5.6.1, §9.3).  CDs lose a lead-in per session; unlike
 * Cedar the DVD/BD result is floored at zero too (§13 Q12).
 */
guint64
cs_media_type_available (CsMediaType type,
                         guint64     used_bytes)
{
  guint64 capacity;
  guint64 overhead = 0;

  g_return_val_if_fail (MEDIA_TYPE_VALID (type), 0);

  capacity = media_info[type].capacity;

  if (media_info[type].device_type == CS_DEVICE_CDWRITER)
    {
      if (used_bytes == 0)
        overhead = (guint64) CS_CD_INITIAL_LEAD_IN * CS_SECTOR_SIZE;
      else
        overhead = (guint64) CS_CD_SESSION_LEAD_IN * CS_SECTOR_SIZE;
    }

  if (used_bytes >= capacity || capacity - used_bytes <= overhead)
    return 0;

  return capacity - used_bytes - overhead;
}

const char *
cs_device_type_to_string (CsDeviceType type)
{
  g_return_val_if_fail (DEVICE_TYPE_VALID (type), NULL);

  return device_names[type];
}

gboolean
cs_device_type_from_string (const char   *text,
                            CsDeviceType *type)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (device_names); i++)
    {
      if (strcmp (text, device_names[i]) == 0)
        {
          if (type != NULL)
            *type = (CsDeviceType) i;
          return TRUE;
        }
    }

  return FALSE;
}

/* "CEDAR BACKUP DD-MON-YYYY"; the month table stands in for strftime's %b
 * in the C locale so the user's locale never leaks into the volume id.
 */
char *
cs_media_label_for_date (const GDate *date)
{
  static const char * const months[] = {
    "JAN", "FEB", "MAR", "APR", "MAY", "JUN",
    "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
  };

  g_return_val_if_fail (date != NULL, NULL);
  g_return_val_if_fail (g_date_valid (date), NULL);

  return g_strdup_printf ("%s %02u-%s-%04u",
                          CS_MEDIA_LABEL_PREFIX,
                          (guint) g_date_get_day (date),
                          months[g_date_get_month (date) - 1],
                          (guint) g_date_get_year (date));
}

/* Cedar's checkMediaState (§5.8).  An empty label counts as no label, as
 * volname printing nothing does in Cedar.
 */
gboolean
cs_media_check_label (CsMediaType   type,
                      const char   *label,
                      CsLogFunc     log_func,
                      gpointer      log_data,
                      GError      **error)
{
  g_return_val_if_fail (MEDIA_TYPE_VALID (type), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (label == NULL || label[0] == '\0')
    {
      if (media_info[type].rewritable)
        {
          g_set_error_literal (error, CS_ERROR, CS_ERROR_MEDIUM,
                               _("Media has not been initialized: no media label available"));
          return FALSE;
        }

      cs_log (log_func, log_data, G_LOG_LEVEL_INFO,
              _("Media has no media label; assuming OK since media is not rewritable."));
      return TRUE;
    }

  if (!g_str_has_prefix (label, CS_MEDIA_LABEL_PREFIX))
    {
      g_set_error (error, CS_ERROR, CS_ERROR_MEDIUM,
                   _("Media has not been initialized: unrecognized media label [%s]"),
                   label);
      return FALSE;
    }

  return TRUE;
}

/* Rule 4 of §2.5: the only case where capacity and image size matter. */
gboolean
cs_media_blank_needs_sizes (gboolean    rebuild_media,
                            gboolean    today_is_start,
                            CsBlankMode mode)
{
  if (rebuild_media)
    return FALSE;

  switch (mode)
    {
    case CS_BLANK_DAILY:
      return TRUE;
    case CS_BLANK_WEEKLY:
      return today_is_start;
    case CS_BLANK_NONE:
    default:
      return FALSE;
    }
}

static const char *
bool_name (gboolean value)
{
  return value ? "True" : "False";
}

/* Cedar's "%.2f", independent of LC_NUMERIC. */
static char *
format_2f (double value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", value));
}

/* Cedar's _getNewDisc (§2.5).  available and required are only looked at
 * when cs_media_blank_needs_sizes() says so.
 */
gboolean
cs_media_decide_new_disc (gboolean    rebuild_media,
                          gboolean    today_is_start,
                          CsBlankMode mode,
                          double      factor,
                          guint64     available,
                          guint64     required,
                          CsLogFunc   log_func,
                          gpointer    log_data)
{
  gboolean new_disc = FALSE;

  if (rebuild_media)
    {
      new_disc = TRUE;
      cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
              "Setting new disc flag based on rebuildMedia flag.");
    }
  else if (mode == CS_BLANK_NONE)
    {
      cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
              "Default media blanking behavior is in effect.");
      if (today_is_start)
        {
          new_disc = TRUE;
          cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
                  "Setting new disc flag based on todayIsStart.");
        }
    }
  else
    {
      cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
              "Optimized media blanking behavior is in effect based on configuration.");
      if (cs_media_blank_needs_sizes (rebuild_media, today_is_start, mode))
        {
          g_autofree char *factor_text = format_2f (factor);
          /* Cedar logs displayBytes (§9.13, 1024 steps called "MB"); these use the one
           * formatter of the window and every other message (issue 14, item 4). */
          g_autofree char *available_text = g_format_size (available);
          g_autofree char *required_text = g_format_size (required);
          g_autofree char *ratio_text = NULL;
          double ratio;

          cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
                  "New disc flag will be set based on blank factor calculation.");
          cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
                  "Configured blanking factor: %s", factor_text);
          cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
                  "Bytes available: %s", available_text);
          cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
                  "Bytes required: %s", required_text);

          /* The "+ 1" keeps an empty image from dividing by zero; equality blanks. */
          ratio = (double) available / (1.0 + (double) required);
          ratio_text = format_2f (ratio);
          cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
                  "Calculated ratio: %s", ratio_text);

          new_disc = ratio <= factor;
          cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
                  "%s <= %s ? %s", ratio_text, factor_text, bool_name (new_disc));
        }
      else
        {
          cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
                  "No blank factor calculation is required based on configuration.");
        }
    }

  cs_log (log_func, log_data, G_LOG_LEVEL_DEBUG,
          "New disc flag [%s].", bool_name (new_disc));

  return new_disc;
}
