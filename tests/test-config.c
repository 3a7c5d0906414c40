/* test-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib-object.h>

#include "cs-config.h"
#include "cs-error.h"
#include "cs-test-util.h"

#define FILENAME "test.conf"

#define OPTIONS                                                 \
  "<options>"                                                   \
  "<starting_day>monday</starting_day>"                         \
  "<working_dir>/opt/backup/tmp</working_dir>"                  \
  "<backup_user>backup</backup_user>"                           \
  "<backup_group>backup</backup_group>"                         \
  "<rcp_command>/usr/bin/scp -B</rcp_command>"                  \
  "</options>"

#define STAGE "<stage><staging_dir>/opt/backup/stage</staging_dir></stage>"

#define SRC   "<source_dir>/opt/backup/stage</source_dir>"
#define MEDIA "<media_type>cdrw-74</media_type>"
#define DEV   "<target_device>/dev/cdrw</target_device>"
#define BASE  SRC MEDIA DEV

/* cedar-store.md §4.6, verbatim. */
static const char minimal_config[] =
  "<?xml version=\"1.0\"?>\n"
  "<cb_config>\n"
  "   <options>\n"
  "      <starting_day>monday</starting_day>\n"
  "      <working_dir>/opt/backup/tmp</working_dir>\n"
  "      <backup_user>backup</backup_user>\n"
  "      <backup_group>backup</backup_group>\n"
  "      <rcp_command>/usr/bin/scp -B</rcp_command>\n"
  "   </options>\n"
  "   <stage>\n"
  "      <staging_dir>/opt/backup/stage</staging_dir>\n"
  "      <peer>\n"
  "         <name>localhost</name>\n"
  "         <type>local</type>\n"
  "         <collect_dir>/opt/backup/collect</collect_dir>\n"
  "      </peer>\n"
  "   </stage>\n"
  "   <store>\n"
  "      <source_dir>/opt/backup/stage</source_dir>\n"
  "      <media_type>cdrw-74</media_type>\n"
  "      <target_device>/dev/cdrw</target_device>\n"
  "   </store>\n"
  "</cb_config>\n";

/* §4.6 fully populated <store> (Cedar's tests/data/cback.conf.12). */
static const char full_store[] =
  "<store>\n"
  "   <source_dir>/opt/backup/staging</source_dir>\n"
  "   <media_type>cdrw-74</media_type>\n"
  "   <device_type>cdwriter</device_type>\n"
  "   <target_device>/dev/cdrw</target_device>\n"
  "   <target_scsi_id>0,0,0</target_scsi_id>\n"
  "   <drive_speed>4</drive_speed>\n"
  "   <check_data>Y</check_data>\n"
  "   <check_media>Y</check_media>\n"
  "   <warn_midnite>Y</warn_midnite>\n"
  "   <no_eject>Y</no_eject>\n"
  "   <refresh_media_delay>12</refresh_media_delay>\n"
  "   <eject_delay>13</eject_delay>\n"
  "   <blank_behavior>\n"
  "      <mode>weekly</mode>\n"
  "      <factor>1.3</factor>\n"
  "   </blank_behavior>\n"
  "</store>\n";

static char *
make_doc (const char *options,
          const char *stage,
          const char *store_inner)
{
  return g_strdup_printf ("<?xml version=\"1.0\"?>\n<cb_config>%s%s%s%s%s</cb_config>\n",
                          options != NULL ? options : "",
                          stage != NULL ? stage : "",
                          store_inner != NULL ? "<store>" : "",
                          store_inner != NULL ? store_inner : "",
                          store_inner != NULL ? "</store>" : "");
}

static CsConfig *
parse_text (const char  *text,
            GError     **error)
{
  return cs_config_parse (text, -1, FILENAME, error);
}

static CsConfig *
parse_store (const char  *store_inner,
             GError     **error)
{
  g_autofree char *doc = make_doc (OPTIONS, STAGE, store_inner);

  return parse_text (doc, error);
}

/* A configuration error, whose message names the file and needle. */
static void
assert_config_error (CsConfig   *config,
                     GError     *error,
                     const char *filename,
                     const char *needle)
{
  g_assert_null (config);
  g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
  if (filename != NULL && strstr (error->message, filename) == NULL)
    g_error ("“%s” does not name the file “%s”", error->message, filename);
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, needle);
}

static void
test_defaults (void)
{
  g_autoptr(CsConfig) config = cs_config_new_defaults ();

  g_assert_null (config->path);
  g_assert_cmpint (config->starting_day, ==, 0);
  g_assert_cmpstr (config->working_dir, ==, g_get_tmp_dir ());
  g_assert_null (config->backup_user);
  g_assert_null (config->backup_group);
  g_assert_cmpstr (config->staging_dir, ==, "/opt/backup/stage");
  g_assert_cmpstr (config->source_dir, ==, "/opt/backup/stage");
  g_assert_cmpint (config->media_type, ==, CS_MEDIA_BDRE);
  g_assert_cmpint (config->device_type, ==, CS_DEVICE_BDWRITER);
  g_assert_null (config->target_device);
  g_assert_null (config->target_scsi_id);
  g_assert_cmpint (config->drive_speed, ==, 0);
  g_assert_cmpint (config->refresh_media_delay, ==, 0);
  g_assert_cmpint (config->eject_delay, ==, 0);
  g_assert_cmpint (config->blank_mode, ==, CS_BLANK_NONE);
  g_assert_true (config->check_data);
  g_assert_false (config->check_media);
  g_assert_false (config->warn_midnite);
  g_assert_false (config->no_eject);
  for (guint i = 0; i < CS_CONFIG_N_KEYS; i++)
    g_assert_cmpint (config->origin[i], ==, CS_ORIGIN_DEFAULT);
}

static void
test_minimal (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  config = cs_config_parse (minimal_config, sizeof minimal_config - 1, FILENAME, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);

  g_assert_cmpstr (config->path, ==, FILENAME);
  g_assert_cmpint (config->starting_day, ==, 0);
  g_assert_cmpstr (config->working_dir, ==, "/opt/backup/tmp");
  g_assert_cmpstr (config->backup_user, ==, "backup");
  g_assert_cmpstr (config->backup_group, ==, "backup");
  g_assert_cmpstr (config->staging_dir, ==, "/opt/backup/stage");
  g_assert_cmpstr (config->source_dir, ==, "/opt/backup/stage");
  g_assert_cmpint (config->media_type, ==, CS_MEDIA_CDRW_74);
  g_assert_cmpint (config->device_type, ==, CS_DEVICE_CDWRITER);
  g_assert_cmpstr (config->target_device, ==, "/dev/cdrw");
  g_assert_null (config->target_scsi_id);
  g_assert_cmpint (config->drive_speed, ==, 0);
  g_assert_cmpint (config->refresh_media_delay, ==, 0);
  g_assert_cmpint (config->eject_delay, ==, 0);
  g_assert_cmpint (config->blank_mode, ==, CS_BLANK_NONE);
  /* Cedar: an absent boolean is false; but verification is on unless the config turns it
   * off (design.md "--verify … default: config, else on"). */
  g_assert_true (config->check_data);
  g_assert_false (config->check_media);
  g_assert_false (config->warn_midnite);
  g_assert_false (config->no_eject);

  g_assert_cmpint (config->origin[CS_CONFIG_KEY_STAGING_DIR], ==, CS_ORIGIN_CONFIG);
  g_assert_cmpint (config->origin[CS_CONFIG_KEY_TARGET_DEVICE], ==, CS_ORIGIN_CONFIG);
  g_assert_cmpint (config->origin[CS_CONFIG_KEY_MEDIA_TYPE], ==, CS_ORIGIN_CONFIG);
  g_assert_cmpint (config->origin[CS_CONFIG_KEY_STARTING_DAY], ==, CS_ORIGIN_CONFIG);
  g_assert_cmpint (config->origin[CS_CONFIG_KEY_CHECK_DATA], ==, CS_ORIGIN_DEFAULT);
  g_assert_cmpint (config->origin[CS_CONFIG_KEY_CHECK_MEDIA], ==, CS_ORIGIN_DEFAULT);
  g_assert_cmpint (config->origin[CS_CONFIG_KEY_WARN_MIDNITE], ==, CS_ORIGIN_DEFAULT);
  g_assert_cmpint (config->origin[CS_CONFIG_KEY_NO_EJECT], ==, CS_ORIGIN_DEFAULT);
  g_assert_cmpint (config->origin[CS_CONFIG_KEY_DRIVE_SPEED], ==, CS_ORIGIN_DEFAULT);
  g_assert_cmpint (config->origin[CS_CONFIG_KEY_BLANK_BEHAVIOR], ==, CS_ORIGIN_DEFAULT);
}

static void
test_full_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autofree char *doc = NULL;

  doc = g_strdup_printf ("<cb_config>\n"
                         "<options>\n"
                         "  <starting_day>sunday</starting_day>\n"
                         "  <working_dir>/var/tmp</working_dir>\n"
                         "  <backup_user>cedar</backup_user>\n"
                         "  <backup_group>disk</backup_group>\n"
                         "  <rcp_command>/usr/bin/scp -B</rcp_command>\n"
                         "</options>\n"
                         STAGE "\n%s</cb_config>\n", full_store);
  config = parse_text (doc, &error);
  g_assert_no_error (error);

  g_assert_cmpint (config->starting_day, ==, 6);
  g_assert_cmpstr (config->working_dir, ==, "/var/tmp");
  g_assert_cmpstr (config->backup_user, ==, "cedar");
  g_assert_cmpstr (config->backup_group, ==, "disk");
  /* Store reads <stage><staging_dir>, not <store><source_dir> (§13 Q4). */
  g_assert_cmpstr (config->staging_dir, ==, "/opt/backup/stage");
  g_assert_cmpstr (config->source_dir, ==, "/opt/backup/staging");
  g_assert_cmpint (config->media_type, ==, CS_MEDIA_CDRW_74);
  g_assert_cmpint (config->device_type, ==, CS_DEVICE_CDWRITER);
  g_assert_cmpstr (config->target_device, ==, "/dev/cdrw");
  g_assert_cmpstr (config->target_scsi_id, ==, "0,0,0");
  g_assert_cmpint (config->drive_speed, ==, 4);
  g_assert_true (config->check_data);
  g_assert_true (config->check_media);
  g_assert_true (config->warn_midnite);
  g_assert_true (config->no_eject);
  g_assert_cmpint (config->refresh_media_delay, ==, 12);
  g_assert_cmpint (config->eject_delay, ==, 13);
  g_assert_cmpint (config->blank_mode, ==, CS_BLANK_WEEKLY);
  g_assert_cmpfloat_with_epsilon (config->blank_factor, 1.3, 1e-12);

  for (guint i = 0; i < CS_CONFIG_N_KEYS; i++)
    g_assert_cmpint (config->origin[i], ==, CS_ORIGIN_CONFIG);
}

/* Documents that must be refused, and a word the message must contain. */
typedef struct
{
  const char *name;
  const char *doc;
  const char *needle;
} BadDoc;

static const BadDoc bad_docs[] = {
  /* §9.11 */
  { "source-dir-empty", "<cb_config>" OPTIONS STAGE "<store><source_dir></source_dir>" MEDIA DEV "</store></cb_config>", "<store><source_dir>" },
  { "source-dir-bogus", "<cb_config>" OPTIONS STAGE "<store><source_dir>bogus</source_dir>" MEDIA DEV "</store></cb_config>", "<store><source_dir>" },
  { "source-dir-missing", "<cb_config>" OPTIONS STAGE "<store>" MEDIA DEV "</store></cb_config>", "<store><source_dir>" },
  { "media-type-missing", "<cb_config>" OPTIONS STAGE "<store>" SRC DEV "</store></cb_config>", "<store><media_type>" },
  { "target-device-missing", "<cb_config>" OPTIONS STAGE "<store>" SRC MEDIA "</store></cb_config>", "<store><target_device>" },
  { "target-device-empty", "<cb_config>" OPTIONS STAGE "<store>" SRC MEDIA "<target_device/></store></cb_config>", "<store><target_device>" },
  { "target-device-relative", "<cb_config>" OPTIONS STAGE "<store>" SRC MEDIA "<target_device>dev/cdrw</target_device></store></cb_config>", "<store><target_device>" },
  { "device-type-ftape", "<cb_config>" OPTIONS STAGE "<store>" BASE "<device_type>ftape</device_type></store></cb_config>", "<store><device_type>" },
  { "only-store", "<cb_config><store>" BASE "</store></cb_config>", "<options>" },
  { "starting-day-Monday", "<cb_config><options><starting_day>Monday</starting_day><working_dir>/tmp</working_dir><backup_user>b</backup_user><backup_group>b</backup_group><rcp_command>scp</rcp_command></options><store>" BASE "</store></cb_config>", "<options><starting_day>" },
  { "rcp-command-missing", "<cb_config><options><starting_day>monday</starting_day><working_dir>/tmp</working_dir><backup_user>b</backup_user><backup_group>b</backup_group></options><store>" BASE "</store></cb_config>", "<options><rcp_command>" },
  { "starting-day-missing", "<cb_config><options><working_dir>/tmp</working_dir><backup_user>b</backup_user><backup_group>b</backup_group><rcp_command>scp</rcp_command></options><store>" BASE "</store></cb_config>", "<options><starting_day>" },
  { "working-dir-missing", "<cb_config><options><starting_day>monday</starting_day><backup_user>b</backup_user><backup_group>b</backup_group><rcp_command>scp</rcp_command></options><store>" BASE "</store></cb_config>", "<options><working_dir>" },
  { "working-dir-relative", "<cb_config><options><starting_day>monday</starting_day><working_dir>tmp</working_dir><backup_user>b</backup_user><backup_group>b</backup_group><rcp_command>scp</rcp_command></options><store>" BASE "</store></cb_config>", "<options><working_dir>" },
  { "backup-user-missing", "<cb_config><options><starting_day>monday</starting_day><working_dir>/tmp</working_dir><backup_group>b</backup_group><rcp_command>scp</rcp_command></options><store>" BASE "</store></cb_config>", "<options><backup_user>" },
  { "backup-group-missing", "<cb_config><options><starting_day>monday</starting_day><working_dir>/tmp</working_dir><backup_user>b</backup_user><rcp_command>scp</rcp_command></options><store>" BASE "</store></cb_config>", "<options><backup_group>" },
  { "staging-dir-missing", "<cb_config>" OPTIONS "<stage><peer/></stage><store>" BASE "</store></cb_config>", "<stage><staging_dir>" },
  { "staging-dir-relative", "<cb_config>" OPTIONS "<stage><staging_dir>stage</staging_dir></stage><store>" BASE "</store></cb_config>", "<stage><staging_dir>" },
  { "no-action-section", "<cb_config>" OPTIONS "</cb_config>", "<store>" },
  { "no-store-section", "<cb_config>" OPTIONS STAGE "</cb_config>", "Store configuration is not properly filled in" },
  /* A second <store> does not count: the first one is incomplete. */
  { "second-store-ignored", "<cb_config>" OPTIONS STAGE "<store>" SRC MEDIA "</store><store>" BASE "</store></cb_config>", "<store><target_device>" },
  /* Not XML, or not Cedar's XML. */
  { "whitespace-only", "  \n\t\n", NULL },
  { "not-xml", "this is not a configuration\n", NULL },
  { "binary-junk", "\x01\x02\xff\xfe<<<>>>", NULL },
  { "truncated", "<cb_config>" OPTIONS STAGE "<store>" SRC MEDIA "<target_dev", NULL },
  { "unclosed", "<cb_config>" OPTIONS STAGE "<store>" BASE "</store>", NULL },
  { "mismatched", "<cb_config>" OPTIONS STAGE "<store>" BASE "</stage></cb_config>", NULL },
  { "wrong-root", "<cedar_config>" OPTIONS STAGE "<store>" BASE "</store></cedar_config>", "<cb_config>" },
  { "second-root", "<cb_config>" OPTIONS STAGE "<store>" BASE "</store></cb_config><cb_config/>", "<cb_config>" },
  { "undefined-entity", "<cb_config>" OPTIONS STAGE "<store>" BASE "<check_data>&yes;</check_data></store></cb_config>", NULL },
  { "doctype-entity", "<!DOCTYPE cb_config [<!ENTITY a \"aaaa\">]><cb_config>" OPTIONS STAGE "<store><source_dir>&a;</source_dir>" MEDIA DEV "</store></cb_config>", NULL },
};

static void
test_bad_doc (gconstpointer data)
{
  const BadDoc *row = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  config = parse_text (row->doc, &error);
  assert_config_error (config, error, FILENAME, row->needle);
  g_test_message ("%s", error->message);
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  config = cs_config_parse ("", 0, FILENAME, &error);
  assert_config_error (config, error, FILENAME, "empty");
  g_clear_error (&error);

  config = cs_config_parse ("", -1, NULL, &error);
  assert_config_error (config, error, NULL, "empty");
}

static void
test_nul_byte (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autofree char *doc = make_doc (OPTIONS, STAGE, BASE);
  gsize len = strlen (doc);

  doc[40] = '\0';
  config = cs_config_parse (doc, len, FILENAME, &error);
  assert_config_error (config, error, FILENAME, "NUL");
}

static void
test_malformed_names_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  config = parse_text ("<cb_config>\n<options>\n<starting_day>monday</options>\n</cb_config>\n",
                       &error);
  assert_config_error (config, error, FILENAME ":3:", NULL);
}

static void
test_error_line (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autofree char *doc = make_doc (OPTIONS, STAGE, SRC DEV "\n\n<media_type>floppy</media_type>");

  config = parse_text (doc, &error);
  assert_config_error (config, error, FILENAME ":4:", "<store><media_type>");
  g_assert_nonnull (strstr (error->message, "floppy"));
}

/* Media and device types: the six of Cedar plus BD, and the cross rule. */
typedef struct
{
  const char  *media;
  const char  *device;    /* NULL: no <device_type> */
  gboolean     ok;
  CsMediaType  media_type;
  CsDeviceType device_type;
  const char  *needle;
} MediaRow;

static const MediaRow media_rows[] = {
  { "cdr-74",   NULL,        TRUE,  CS_MEDIA_CDR_74,    CS_DEVICE_CDWRITER,  NULL },
  { "cdrw-74",  NULL,        TRUE,  CS_MEDIA_CDRW_74,   CS_DEVICE_CDWRITER,  NULL },
  { "cdr-80",   "cdwriter",  TRUE,  CS_MEDIA_CDR_80,    CS_DEVICE_CDWRITER,  NULL },
  { "cdrw-80",  "cdwriter",  TRUE,  CS_MEDIA_CDRW_80,   CS_DEVICE_CDWRITER,  NULL },
  { "dvd+r",    "dvdwriter", TRUE,  CS_MEDIA_DVDPLUSR,  CS_DEVICE_DVDWRITER, NULL },
  { "dvd+rw",   "dvdwriter", TRUE,  CS_MEDIA_DVDPLUSRW, CS_DEVICE_DVDWRITER, NULL },
  { "bd-r",     "bdwriter",  TRUE,  CS_MEDIA_BDR,       CS_DEVICE_BDWRITER,  NULL },
  { "bd-re",    "bdwriter",  TRUE,  CS_MEDIA_BDRE,      CS_DEVICE_BDWRITER,  NULL },
  /* An empty <device_type> is absent, i.e. cdwriter. */
  { "cdrw-74",  "",          TRUE,  CS_MEDIA_CDRW_74,   CS_DEVICE_CDWRITER,  NULL },
  { "",         NULL,        FALSE, 0, 0, "<store><media_type>" },
  { "floppy",   NULL,        FALSE, 0, 0, "<store><media_type>" },
  { "CDRW-74",  NULL,        FALSE, 0, 0, "<store><media_type>" },
  { " cdrw-74", NULL,        FALSE, 0, 0, "<store><media_type>" },
  { "cdrw-74 ", NULL,        FALSE, 0, 0, "<store><media_type>" },
  { "cdrw-74",  "ftape",     FALSE, 0, 0, "<store><device_type>" },
  { "cdrw-74",  "CDWRITER",  FALSE, 0, 0, "<store><device_type>" },
  { "cdrw-74",  " cdwriter", FALSE, 0, 0, "<store><device_type>" },
  { "dvd+r",    NULL,        FALSE, 0, 0, "Media type must match device type" },
  { "dvd+rw",   NULL,        FALSE, 0, 0, "Media type must match device type" },
  { "dvd+rw",   "cdwriter",  FALSE, 0, 0, "Media type must match device type" },
  { "cdr-74",   "dvdwriter", FALSE, 0, 0, "Media type must match device type" },
  { "cdrw-80",  "dvdwriter", FALSE, 0, 0, "Media type must match device type" },
  { "bd-re",    NULL,        FALSE, 0, 0, "Media type must match device type" },
  { "bd-r",     "dvdwriter", FALSE, 0, 0, "Media type must match device type" },
  { "dvd+r",    "bdwriter",  FALSE, 0, 0, "Media type must match device type" },
};

static void
test_media (gconstpointer data)
{
  const MediaRow *row = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autofree char *inner = NULL;

  inner = g_strdup_printf (SRC DEV "<media_type>%s</media_type>%s%s%s", row->media,
                           row->device != NULL ? "<device_type>" : "",
                           row->device != NULL ? row->device : "",
                           row->device != NULL ? "</device_type>" : "");
  config = parse_store (inner, &error);

  if (row->ok)
    {
      g_assert_no_error (error);
      g_assert_cmpint (config->media_type, ==, row->media_type);
      g_assert_cmpint (config->device_type, ==, row->device_type);
    }
  else
    {
      assert_config_error (config, error, FILENAME, row->needle);
      /* The mismatch message must name the element too. */
      g_assert_nonnull (strstr (error->message, "<store>"));
    }
}

/* Integer fields: value -1 means rejected. */
typedef struct
{
  const char *element;
  const char *text;
  int         value;
} IntRow;

static const IntRow int_rows[] = {
  { "drive_speed", "4", 4 },
  { "drive_speed", "12", 12 },
  { "drive_speed", " 8 ", 8 },
  { "drive_speed", "\n8\n", 8 },
  { "drive_speed", "+3", 3 },
  { "drive_speed", "1", 1 },
  { "drive_speed", "0", -1 },
  { "drive_speed", "-1", -1 },
  { "drive_speed", "2.5", -1 },
  { "drive_speed", "blech", -1 },
  { "drive_speed", "4x", -1 },
  { "drive_speed", "0x10", -1 },
  { "drive_speed", "99999999999999999999", -1 },
  { "drive_speed", " ", -1 },
  { "refresh_media_delay", "4", 4 },
  { "refresh_media_delay", " 12", 12 },
  { "refresh_media_delay", "0", 0 },
  { "refresh_media_delay", "-1", -1 },
  { "refresh_media_delay", "blech", -1 },
  { "refresh_media_delay", "2.5", -1 },
  { "eject_delay", "4", 4 },
  { "eject_delay", "12 ", 12 },
  { "eject_delay", "0", 0 },
  { "eject_delay", "-1", -1 },
  { "eject_delay", "blech", -1 },
};

static void
test_integer (gconstpointer data)
{
  const IntRow *row = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autofree char *inner = NULL;
  g_autofree char *path = NULL;

  inner = g_strdup_printf (BASE "<%s>%s</%s>", row->element, row->text, row->element);
  config = parse_store (inner, &error);

  if (row->value >= 0)
    {
      int got;

      g_assert_no_error (error);
      if (strcmp (row->element, "drive_speed") == 0)
        got = config->drive_speed;
      else if (strcmp (row->element, "refresh_media_delay") == 0)
        got = config->refresh_media_delay;
      else
        got = config->eject_delay;
      g_assert_cmpint (got, ==, row->value);
    }
  else
    {
      path = g_strdup_printf ("<store><%s>", row->element);
      assert_config_error (config, error, FILENAME, path);
    }
}

typedef struct
{
  const char *text;
  int         value;    /* -1: rejected */
} BoolRow;

static const BoolRow bool_rows[] = {
  { "Y", 1 }, { "y", 1 }, { "N", 0 }, { "n", 0 }, { "", 0 },
  { "yes", -1 }, { "no", -1 }, { "true", -1 }, { "1", -1 }, { " Y", -1 }, { "Y\n", -1 },
};

static const char * const bool_elements[] = {
  "check_data", "check_media", "warn_midnite", "no_eject",
};

static void
test_boolean (void)
{
  for (guint e = 0; e < G_N_ELEMENTS (bool_elements); e++)
    for (guint r = 0; r < G_N_ELEMENTS (bool_rows); r++)
      {
        const char *element = bool_elements[e];
        g_autoptr(GError) error = NULL;
        g_autoptr(CsConfig) config = NULL;
        g_autofree char *inner = NULL;
        g_autofree char *path = NULL;

        inner = g_strdup_printf (BASE "<%s>%s</%s>", element, bool_rows[r].text, element);
        config = parse_store (inner, &error);

        if (bool_rows[r].value < 0)
          {
            path = g_strdup_printf ("<store><%s>", element);
            assert_config_error (config, error, FILENAME, path);
          }
        else
          {
            gboolean values[] = {
              config->check_data, config->check_media, config->warn_midnite, config->no_eject,
            };
            CsConfigKey keys[] = {
              CS_CONFIG_KEY_CHECK_DATA, CS_CONFIG_KEY_CHECK_MEDIA,
              CS_CONFIG_KEY_WARN_MIDNITE, CS_CONFIG_KEY_NO_EJECT,
            };

            g_assert_no_error (error);
            /* check_data is on when absent or empty (verification by default); the others
             * follow Cedar's "absent means false". */
            for (guint i = 0; i < G_N_ELEMENTS (values); i++)
              {
                int expected = i == e ? bool_rows[r].value : 0;

                if (keys[i] == CS_CONFIG_KEY_CHECK_DATA && (i != e || bool_rows[r].text[0] == '\0'))
                  expected = 1;
                g_assert_cmpint (values[i], ==, expected);
              }
            /* An empty element is absent, so not from the file. */
            g_assert_cmpint (config->origin[keys[e]], ==,
                             bool_rows[r].text[0] != '\0' ? CS_ORIGIN_CONFIG : CS_ORIGIN_DEFAULT);
          }
      }
}

typedef struct
{
  const char *inner;   /* contents of <blank_behavior>, NULL: no section */
  gboolean    ok;
  CsBlankMode mode;
  double      factor;
  const char *needle;
} BlankRow;

static const BlankRow blank_rows[] = {
  { NULL, TRUE, CS_BLANK_NONE, 0, NULL },
  { "<mode>daily</mode><factor>1.0</factor>", TRUE, CS_BLANK_DAILY, 1.0, NULL },
  { "<mode>weekly</mode><factor>.1</factor>", TRUE, CS_BLANK_WEEKLY, 0.1, NULL },
  { "<mode>weekly</mode><factor>12</factor>", TRUE, CS_BLANK_WEEKLY, 12, NULL },
  { "<mode>weekly</mode><factor>1E6</factor>", TRUE, CS_BLANK_WEEKLY, 1e6, NULL },
  { "<mode>weekly</mode><factor>0.25E2</factor>", TRUE, CS_BLANK_WEEKLY, 25, NULL },
  { "<mode>weekly</mode><factor>0</factor>", TRUE, CS_BLANK_WEEKLY, 0, NULL },
  { "<mode>weekly</mode><factor> 1.5 </factor>", TRUE, CS_BLANK_WEEKLY, 1.5, NULL },
  { "<factor>2</factor><mode>daily</mode>", TRUE, CS_BLANK_DAILY, 2, NULL },
  { "<mode>weekly</mode><factor>blech</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>abc</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>nan</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>NaN</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>inf</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>infinity</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>1e400</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>0x10</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>1.5x</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>.</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor> </factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>-1</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>-3</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>-6.8</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>-0.2</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>weekly</mode><factor>-.1</factor>", FALSE, 0, 0, "<store><blank_behavior><factor>" },
  { "<mode>monthly</mode><factor>1</factor>", FALSE, 0, 0, "<store><blank_behavior><mode>" },
  { "<mode>Weekly</mode><factor>1</factor>", FALSE, 0, 0, "<store><blank_behavior><mode>" },
  /* Half-filled: Cedar accepts, we refuse (cedar-store.md §13 Q1). */
  { "<mode>weekly</mode>", FALSE, 0, 0, "<store><blank_behavior>" },
  { "<factor>1.3</factor>", FALSE, 0, 0, "<store><blank_behavior>" },
  { "<mode>weekly</mode><factor></factor>", FALSE, 0, 0, "<store><blank_behavior>" },
  { "<mode/><factor>1</factor>", FALSE, 0, 0, "<store><blank_behavior>" },
  { "", FALSE, 0, 0, "If blanking behavior is provided, all values must be filled in" },
  { "<blank_mode>weekly</blank_mode><blank_factor>1.3</blank_factor>", FALSE, 0, 0,
    "If blanking behavior is provided, all values must be filled in" },
};

static void
test_blank (gconstpointer data)
{
  const BlankRow *row = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autofree char *inner = NULL;

  if (row->inner != NULL)
    inner = g_strdup_printf (BASE "<blank_behavior>%s</blank_behavior>", row->inner);
  else
    inner = g_strdup (BASE);
  config = parse_store (inner, &error);

  if (row->ok)
    {
      g_assert_no_error (error);
      g_assert_cmpint (config->blank_mode, ==, row->mode);
      g_assert_cmpfloat_with_epsilon (config->blank_factor, row->factor, 1e-9);
      g_assert_cmpint (config->origin[CS_CONFIG_KEY_BLANK_BEHAVIOR], ==,
                       row->inner != NULL ? CS_ORIGIN_CONFIG : CS_ORIGIN_DEFAULT);
    }
  else
    assert_config_error (config, error, FILENAME, row->needle);
}

typedef struct
{
  const char *text;
  gboolean    ok;
} ScsiRow;

/* cedar-store.md §9.9 */
static const ScsiRow scsi_rows[] = {
  { "0,0,0", TRUE },
  { " 0,   0, 0 ", TRUE },
  { "ATA:3,2,1", TRUE },
  { "ATA: 3, 2,1  ", TRUE },
  { "ATAPI:1,2,3", TRUE },
  { "  ATAPI:1,   2, 3", TRUE },
  { "IOCompactDiscServices", TRUE },
  { "IOCompactDiscServices/2", TRUE },
  { "IOCompactDiscServices/12", TRUE },
  { "1,2", FALSE },
  { "IOCompactDiscServices\\3", FALSE },
  { "ATAPI;1,2,3", FALSE },
  { "ATA-1,2,3", FALSE },
  { "ATA;0,0,0", FALSE },
  { "ATAPI-0,0,0", FALSE },
  { "1:2:3", FALSE },
};

static void
test_scsi_id (gconstpointer data)
{
  const ScsiRow *row = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autofree char *inner = NULL;

  inner = g_strdup_printf (BASE "<target_scsi_id>%s</target_scsi_id>", row->text);
  config = parse_store (inner, &error);

  if (row->ok)
    {
      g_assert_no_error (error);
      /* The original string, spaces and all. */
      g_assert_cmpstr (config->target_scsi_id, ==, row->text);
    }
  else
    assert_config_error (config, error, FILENAME, "<store><target_scsi_id>");
}

static void
test_scsi_id_long (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autoptr(GString) inner = g_string_new (BASE "<target_scsi_id>");

  /* Would backtrack quadratically in the §5.3 regex. */
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (inner, ' ');
  g_string_append (inner, "x</target_scsi_id>");

  config = parse_store (inner->str, &error);
  assert_config_error (config, error, FILENAME, "<store><target_scsi_id>");
}

typedef struct
{
  const char *text;
  int         day;    /* -1: rejected */
} DayRow;

static const DayRow day_rows[] = {
  { "monday", 0 }, { "tuesday", 1 }, { "wednesday", 2 }, { "thursday", 3 },
  { "friday", 4 }, { "saturday", 5 }, { "sunday", 6 },
  { "Monday", -1 }, { "MONDAY", -1 }, { " monday", -1 }, { "mon", -1 }, { "1", -1 },
};

static void
test_starting_day (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (day_rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CsConfig) config = NULL;
      g_autofree char *options = NULL;
      g_autofree char *doc = NULL;

      options = g_strdup_printf ("<options><starting_day>%s</starting_day>"
                                 "<working_dir>/tmp</working_dir><backup_user>b</backup_user>"
                                 "<backup_group>b</backup_group><rcp_command>scp</rcp_command>"
                                 "</options>", day_rows[i].text);
      doc = make_doc (options, STAGE, BASE);
      config = parse_text (doc, &error);

      if (day_rows[i].day >= 0)
        {
          g_assert_no_error (error);
          g_assert_cmpint (config->starting_day, ==, day_rows[i].day);
        }
      else
        assert_config_error (config, error, FILENAME, "<options><starting_day>");
    }
}

static void
test_whitespace_not_trimmed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  /* The layout people naturally write is not what Cedar accepts. */
  config = parse_store (SRC DEV "<media_type>\n  cdrw-74\n</media_type>", &error);
  assert_config_error (config, error, FILENAME, "<store><media_type>");
  g_assert_nonnull (strstr (error->message, "\\n"));
  g_clear_error (&error);

  config = parse_store (SRC MEDIA "<target_device> /dev/cdrw</target_device>", &error);
  assert_config_error (config, error, FILENAME, "<store><target_device>");
  g_clear_error (&error);

  /* Whitespace in free strings is kept. */
  config = parse_text ("<cb_config><options><starting_day>monday</starting_day>"
                       "<working_dir>/tmp/a b </working_dir><backup_user> backup</backup_user>"
                       "<backup_group>backup </backup_group><rcp_command> </rcp_command>"
                       "</options><store>" BASE "</store></cb_config>", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->working_dir, ==, "/tmp/a b ");
  g_assert_cmpstr (config->backup_user, ==, " backup");
  g_assert_cmpstr (config->backup_group, ==, "backup ");
}

static void
test_no_stage (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autofree char *doc = make_doc (OPTIONS, NULL, "<source_dir>/srv/stage</source_dir>" MEDIA DEV);

  config = parse_text (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->staging_dir, ==, "/srv/stage");
  g_assert_cmpstr (config->source_dir, ==, "/srv/stage");
  g_assert_cmpint (config->origin[CS_CONFIG_KEY_STAGING_DIR], ==, CS_ORIGIN_CONFIG);
}

static void
test_optional_absent (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  /* §9.11: missing device_type, drive_speed, booleans are valid;
   * <collect> alone with <store> is enough for Cedar's action check. */
  config = parse_text ("<cb_config>" OPTIONS "<collect/><store>" BASE "</store></cb_config>", &error);
  g_assert_no_error (error);
  g_assert_cmpint (config->device_type, ==, CS_DEVICE_CDWRITER);
  g_assert_cmpint (config->drive_speed, ==, 0);
  g_assert_cmpstr (config->staging_dir, ==, "/opt/backup/stage");
}

static void
test_duplicates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autofree char *doc = NULL;

  /* First field, first section; later ones are ignored even when invalid. */
  doc = g_strdup ("<cb_config>" OPTIONS
                  "<options><starting_day>friday</starting_day></options>"
                  "<stage><staging_dir>/first</staging_dir><staging_dir>/second</staging_dir></stage>"
                  "<stage><staging_dir>/third</staging_dir></stage>"
                  "<store>" BASE
                  "<media_type>floppy</media_type>"
                  "<drive_speed>8</drive_speed><drive_speed>blech</drive_speed>"
                  "<check_data>y</check_data><check_data>bogus</check_data>"
                  "<blank_behavior><mode>daily</mode><factor>2</factor><mode>weekly</mode></blank_behavior>"
                  "<blank_behavior/>"
                  "</store>"
                  "<store><media_type>dvd+rw</media_type></store>"
                  "</cb_config>");
  config = parse_text (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpint (config->starting_day, ==, 0);
  g_assert_cmpstr (config->staging_dir, ==, "/first");
  g_assert_cmpint (config->media_type, ==, CS_MEDIA_CDRW_74);
  g_assert_cmpint (config->drive_speed, ==, 8);
  g_assert_true (config->check_data);
  g_assert_cmpint (config->blank_mode, ==, CS_BLANK_DAILY);
  g_assert_cmpfloat (config->blank_factor, ==, 2.0);
  g_clear_pointer (&config, cs_config_free);

  /* An empty first field is absent; the later one does not fill it in. */
  config = parse_store (SRC DEV "<media_type/><media_type>cdrw-74</media_type>", &error);
  assert_config_error (config, error, FILENAME, "<store><media_type>");
}

static void
test_unknown_ignored (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autofree char *doc = NULL;

  doc = g_strdup ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<!-- a comment -->\n"
                  "<cb_config xmlns:x=\"urn:x\" version=\"3\">"
                  "<reference><author>me</author></reference>"
                  "<extensions><action><name>x</name></action></extensions>"
                  "<peers><peer/></peers>"
                  OPTIONS
                  "<unknown><deeply><nested>text</nested></deeply></unknown>"
                  "<stage><staging_dir attr=\"1\">/opt/backup/stage</staging_dir><peer><name>p</name></peer></stage>"
                  "<store>" BASE "<x:thing/><colour>blue</colour>"
                  /* The same name deeper down is not the field. */
                  "<wrapper><drive_speed>blech</drive_speed></wrapper>"
                  "</store>"
                  "<purge><dir><abs_path>/x</abs_path></dir></purge>"
                  "</cb_config>\n<!-- trailing comment -->\n");
  config = parse_text (doc, &error);
  g_assert_no_error (error);
  g_assert_cmpint (config->drive_speed, ==, 0);
  g_assert_cmpstr (config->staging_dir, ==, "/opt/backup/stage");
}

static void
test_text_nodes (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  /* Entities are part of the text node. */
  config = parse_store (SRC MEDIA "<target_device>/dev/cd&amp;rw</target_device>"
                        "<target_scsi_id>&#48;,0,0</target_scsi_id>", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->target_device, ==, "/dev/cd&rw");
  g_assert_cmpstr (config->target_scsi_id, ==, "0,0,0");
  g_clear_pointer (&config, cs_config_free);

  /* The first text node ends at a comment (as in minidom). */
  config = parse_store (SRC MEDIA "<target_device>/dev/sr0<!-- c -->junk</target_device>", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->target_device, ==, "/dev/sr0");
  g_clear_pointer (&config, cs_config_free);

  /* A child element before any text is skipped; the text after it counts. */
  config = parse_store (SRC MEDIA "<target_device><b/>/dev/sr1<c/>/x</target_device>", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->target_device, ==, "/dev/sr1");
  g_clear_pointer (&config, cs_config_free);

  /* CDATA is not a text node: the element is empty. */
  config = parse_store (SRC MEDIA "<target_device><![CDATA[/dev/sr0]]></target_device>", &error);
  assert_config_error (config, error, FILENAME, "<store><target_device>");
  g_clear_error (&error);

  /* A byte order mark is allowed. */
  {
    g_autofree char *doc = make_doc (OPTIONS, STAGE, BASE);
    g_autofree char *bom = g_strconcat ("\xef\xbb\xbf", doc + strlen ("<?xml version=\"1.0\"?>\n"), NULL);

    config = parse_text (bom, &error);
    g_assert_no_error (error);
  }
}

static void
test_deep_nesting (void)
{
  const guint levels = 200000;
  g_autoptr(GString) doc = g_string_new ("<cb_config>");
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  for (guint i = 0; i < levels; i++)
    g_string_append (doc, "<a>");
  for (guint i = 0; i < levels; i++)
    g_string_append (doc, "</a>");
  g_string_append (doc, "</cb_config>");

  config = cs_config_parse (doc->str, doc->len, FILENAME, &error);
  assert_config_error (config, error, FILENAME, "<a>");
  g_assert_nonnull (strstr (error->message, "nested"));
}

static char *
nested_doc (guint depth)
{
  GString *doc = g_string_new ("<cb_config>" OPTIONS STAGE "<store>" BASE);

  /* <cb_config> and <store> are two levels. */
  for (guint i = 2; i < depth; i++)
    g_string_append (doc, "<n>");
  for (guint i = 2; i < depth; i++)
    g_string_append (doc, "</n>");
  g_string_append (doc, "</store></cb_config>");

  return g_string_free (doc, FALSE);
}

static void
test_depth_limit (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autofree char *ok_doc = nested_doc (CS_CONFIG_MAX_DEPTH);
  g_autofree char *bad_doc = nested_doc (CS_CONFIG_MAX_DEPTH + 1);

  config = parse_text (ok_doc, &error);
  g_assert_no_error (error);
  g_clear_pointer (&config, cs_config_free);

  config = parse_text (bad_doc, &error);
  assert_config_error (config, error, FILENAME, "nested");
}

static void
test_large_but_valid (void)
{
  g_autoptr(GString) doc = g_string_new ("<cb_config>" OPTIONS STAGE "<store>" BASE);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  /* Many siblings within the size limit: fine, and linear. */
  while (doc->len < CS_CONFIG_MAX_SIZE - 64)
    g_string_append (doc, "<x/>");
  g_string_append (doc, "</store></cb_config>");
  g_assert_cmpuint (doc->len, <=, CS_CONFIG_MAX_SIZE);

  config = cs_config_parse (doc->str, doc->len, FILENAME, &error);
  g_assert_no_error (error);
  g_clear_pointer (&config, cs_config_free);

  while (doc->len <= CS_CONFIG_MAX_SIZE)
    g_string_append (doc, "<!-- padding past the limit -->");
  config = cs_config_parse (doc->str, doc->len, FILENAME, &error);
  assert_config_error (config, error, FILENAME, "larger");
}

/* Every prefix and many single-byte corruptions of a full configuration
 * either parse or fail with a configuration error. */
static void
test_mutations (void)
{
  g_autofree char *doc = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  gsize len;

  doc = g_strdup_printf ("<?xml version=\"1.0\"?>\n<cb_config>" OPTIONS STAGE "%s</cb_config>\n",
                         full_store);
  len = strlen (doc);

  for (gsize i = 0; i <= len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CsConfig) config = cs_config_parse (doc, i, FILENAME, &error);

      if (config == NULL)
        g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
    }

  for (guint n = 0; n < 5000; n++)
    {
      g_autofree char *copy = g_strdup (doc);
      g_autoptr(GError) error = NULL;
      g_autoptr(CsConfig) config = NULL;
      static const char alphabet[] = "<>/&;\"' \n!?[]-xY0123456789.\xff\xc3";

      for (guint k = g_rand_int_range (rand, 1, 4); k > 0; k--)
        copy[g_rand_int_range (rand, 0, len)] = alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)];

      config = cs_config_parse (copy, len, FILENAME, &error);
      if (config == NULL)
        g_assert_error (error, CS_ERROR, CS_ERROR_CONFIG);
      else
        g_assert_no_error (error);
    }
}

static void
test_copy (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  g_autoptr(CsConfig) copy = NULL;
  CsConfig *boxed;
  g_autofree char *doc = NULL;

  doc = g_strdup_printf ("<cb_config>" OPTIONS STAGE "%s</cb_config>", full_store);
  config = parse_text (doc, &error);
  g_assert_no_error (error);

  copy = cs_config_copy (config);
  g_assert_true (copy != config);
  g_assert_true (copy->staging_dir != config->staging_dir);
  g_assert_cmpstr (copy->path, ==, config->path);
  g_assert_cmpstr (copy->working_dir, ==, config->working_dir);
  g_assert_cmpstr (copy->backup_user, ==, config->backup_user);
  g_assert_cmpstr (copy->backup_group, ==, config->backup_group);
  g_assert_cmpstr (copy->staging_dir, ==, config->staging_dir);
  g_assert_cmpstr (copy->source_dir, ==, config->source_dir);
  g_assert_cmpstr (copy->target_device, ==, config->target_device);
  g_assert_cmpstr (copy->target_scsi_id, ==, config->target_scsi_id);
  g_assert_cmpint (copy->drive_speed, ==, 4);
  g_assert_cmpint (copy->blank_mode, ==, CS_BLANK_WEEKLY);
  g_assert_true (copy->no_eject);
  g_assert_cmpmem (copy->origin, sizeof copy->origin, config->origin, sizeof config->origin);

  boxed = g_boxed_copy (CS_TYPE_CONFIG, config);
  g_assert_cmpstr (boxed->target_device, ==, "/dev/cdrw");
  g_boxed_free (CS_TYPE_CONFIG, boxed);

  cs_config_free (NULL);
}

static void
test_load (void)
{
  g_autofree char *dir = cs_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cback3.conf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  cs_test_write_file (path, minimal_config, -1);
  config = cs_config_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (config->path, ==, path);
  g_assert_cmpstr (config->target_device, ==, "/dev/cdrw");
  g_clear_pointer (&config, cs_config_free);

  /* An invalid file names itself. */
  cs_test_write_file (path, "<cb_config>", -1);
  config = cs_config_load (path, &error);
  assert_config_error (config, error, path, NULL);
  g_clear_error (&error);

  cs_test_write_file (path, "", 0);
  config = cs_config_load (path, &error);
  assert_config_error (config, error, path, "empty");

  cs_test_rm_rf (dir);
}

static void
test_load_missing (void)
{
  g_autofree char *dir = cs_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "nope.conf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  config = cs_config_load (path, &error);
  assert_config_error (config, error, path, NULL);
  g_clear_error (&error);

  config = cs_config_load (dir, &error);
  assert_config_error (config, error, dir, "directory");

  cs_test_rm_rf (dir);
}

static void
test_load_huge (void)
{
  g_autofree char *dir = cs_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "huge.conf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;
  int fd;

  /* Sparse: 100 MiB on paper, nothing on disk, refused without reading. */
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, 100 * 1024 * 1024), ==, 0);
  close (fd);

  config = cs_config_load (path, &error);
  assert_config_error (config, error, path, "larger");
  g_clear_error (&error);

  /* Just past the limit. */
  fd = g_open (path, O_WRONLY | O_TRUNC, 0644);
  g_assert_cmpint (ftruncate (fd, CS_CONFIG_MAX_SIZE + 1), ==, 0);
  close (fd);
  config = cs_config_load (path, &error);
  assert_config_error (config, error, path, "larger");

  cs_test_rm_rf (dir);
}

static void
test_load_fifo (void)
{
  g_autofree char *dir = cs_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "fifo.conf", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  /* A FIFO without a writer must not hang: it reads as empty. */
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  config = cs_config_load (path, &error);
  assert_config_error (config, error, path, NULL);
  g_clear_error (&error);

  /* A device is not a configuration file. */
  config = cs_config_load ("/dev/null", &error);
  assert_config_error (config, error, "/dev/null", "regular file");

  cs_test_rm_rf (dir);
}

static void
test_load_unreadable (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root can read anything");
      return;
    }

  dir = cs_test_make_tmpdir ();
  path = g_build_filename (dir, "secret.conf", NULL);
  cs_test_write_file (path, minimal_config, -1);
  g_assert_cmpint (g_chmod (path, 0), ==, 0);

  config = cs_config_load (path, &error);
  assert_config_error (config, error, path, NULL);

  cs_test_rm_rf (dir);
}

static void
test_load_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  if (g_file_test ("/etc/cback3.conf", G_FILE_TEST_EXISTS)
      || g_file_test ("/etc/cback.conf", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("a Cedar Backup configuration is installed");
      return;
    }

  config = cs_config_load_default (&error);
  g_assert_no_error (error);
  g_assert_null (config->path);
  g_assert_cmpint (config->media_type, ==, CS_MEDIA_BDRE);
  g_assert_true (config->check_data);
}

static void
test_null_filename (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CsConfig) config = NULL;

  config = cs_config_parse (minimal_config, -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (config->path);
  g_clear_pointer (&config, cs_config_free);

  config = cs_config_parse ("<x/>", -1, NULL, &error);
  assert_config_error (config, error, NULL, "<cb_config>");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/config/defaults", test_defaults);
  g_test_add_func ("/config/minimal", test_minimal);
  g_test_add_func ("/config/full-store", test_full_store);
  g_test_add_func ("/config/empty", test_empty);
  g_test_add_func ("/config/nul-byte", test_nul_byte);
  g_test_add_func ("/config/malformed-line", test_malformed_names_line);
  g_test_add_func ("/config/error-line", test_error_line);
  g_test_add_func ("/config/boolean", test_boolean);
  g_test_add_func ("/config/starting-day", test_starting_day);
  g_test_add_func ("/config/whitespace", test_whitespace_not_trimmed);
  g_test_add_func ("/config/no-stage", test_no_stage);
  g_test_add_func ("/config/optional-absent", test_optional_absent);
  g_test_add_func ("/config/duplicates", test_duplicates);
  g_test_add_func ("/config/unknown-ignored", test_unknown_ignored);
  g_test_add_func ("/config/text-nodes", test_text_nodes);
  g_test_add_func ("/config/scsi-id-long", test_scsi_id_long);
  g_test_add_func ("/config/deep-nesting", test_deep_nesting);
  g_test_add_func ("/config/depth-limit", test_depth_limit);
  g_test_add_func ("/config/large", test_large_but_valid);
  g_test_add_func ("/config/mutations", test_mutations);
  g_test_add_func ("/config/copy", test_copy);
  g_test_add_func ("/config/null-filename", test_null_filename);
  g_test_add_func ("/config/load/valid", test_load);
  g_test_add_func ("/config/load/missing", test_load_missing);
  g_test_add_func ("/config/load/huge", test_load_huge);
  g_test_add_func ("/config/load/fifo", test_load_fifo);
  g_test_add_func ("/config/load/unreadable", test_load_unreadable);
  g_test_add_func ("/config/load/default", test_load_default);

  for (guint i = 0; i < G_N_ELEMENTS (bad_docs); i++)
    {
      g_autofree char *name = g_strdup_printf ("/config/bad/%s", bad_docs[i].name);
      g_test_add_data_func (name, &bad_docs[i], test_bad_doc);
    }

  for (guint i = 0; i < G_N_ELEMENTS (media_rows); i++)
    {
      g_autofree char *name = g_strdup_printf ("/config/media/%u", i);
      g_test_add_data_func (name, &media_rows[i], test_media);
    }

  for (guint i = 0; i < G_N_ELEMENTS (int_rows); i++)
    {
      g_autofree char *name = g_strdup_printf ("/config/integer/%u", i);
      g_test_add_data_func (name, &int_rows[i], test_integer);
    }

  for (guint i = 0; i < G_N_ELEMENTS (blank_rows); i++)
    {
      g_autofree char *name = g_strdup_printf ("/config/blank/%u", i);
      g_test_add_data_func (name, &blank_rows[i], test_blank);
    }

  for (guint i = 0; i < G_N_ELEMENTS (scsi_rows); i++)
    {
      g_autofree char *name = g_strdup_printf ("/config/scsi-id/%u", i);
      g_test_add_data_func (name, &scsi_rows[i], test_scsi_id);
    }

  return g_test_run ();
}
