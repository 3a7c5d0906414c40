/* fuzz-config.c – libFuzzer target: cs_config_parse() on arbitrary bytes
 *
 * Whatever the bytes, the parser returns a configuration or a CS_ERROR_CONFIG with a
 * UTF-8 message, never crashes, and a configuration it returns holds only valid values.
 * Build and run: fuzz/run-fuzzers.sh
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cs-config.h"
#include "cs-error.h"
#include "cs-media.h"

#include "cs-fuzz.h"

static void
check_config (const CsConfig *config)
{
  if ((guint) config->media_type >= CS_N_MEDIA_TYPES)
    abort ();
  if (config->starting_day < 0 || config->starting_day > 6)
    abort ();
  if (config->drive_speed < 0)
    abort ();
  if (config->blank_mode != CS_BLANK_NONE
      && (!isfinite (config->blank_factor) || config->blank_factor < 0.0))
    abort ();
  for (guint i = 0; i < CS_CONFIG_N_KEYS; i++)
    if ((guint) config->origin[i] > CS_ORIGIN_COMMAND_LINE)
      abort ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GError *error = NULL;
  CsConfig *config;

  config = cs_config_parse ((const char *) data, (gssize) size, "fuzz.conf", &error);
  if (config == NULL)
    {
      /* Every refusal is a configuration error with a readable message. */
      if (error == NULL || error->domain != CS_ERROR || error->code != CS_ERROR_CONFIG
          || error->message == NULL || error->message[0] == '\0'
          || !g_utf8_validate (error->message, -1, NULL))
        abort ();
      g_error_free (error);
      return 0;
    }
  if (error != NULL)
    abort ();

  check_config (config);
  {
    CsConfig *copy = cs_config_copy (config);

    check_config (copy);
    if (g_strcmp0 (copy->staging_dir, config->staging_dir) != 0
        || g_strcmp0 (copy->target_device, config->target_device) != 0)
      abort ();
    cs_config_free (copy);
  }
  cs_config_free (config);
  return 0;
}
