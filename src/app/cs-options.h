/* cs-options.h – the command line shared by the headless front end and the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cs-config.h"
#include "cs-disc-job.h"
#include "cs-store-job.h"

G_BEGIN_DECLS

typedef struct
{
  char       *config_path;   /* -c; NULL = the default files */
  char       *stage_dir;     /* --stage-dir */
  char       *device;        /* --device */
  char       *media_type;    /* --media-type */
  char       *date;          /* --date YYYY-MM-DD as given */
  GDate       today;         /* valid when date was given */
  char      **day_dirs;      /* DAY_DIR… */
  CsStoreMode mode;
  CsDiscAction disc_action;   /* --contents, --check, --restore: read the disc only */
  char       *restore_day;   /* --restore YYYY/MM/DD, checked to be a valid date */
  char       *restore_to;    /* --to DIR, made absolute */
  int         verify;        /* -1 = config, 0 = --no-verify, 1 = --verify */
  int         verbosity;     /* -1 quiet, 0 normal, 1 verbose */
  guint       headless : 1;
  guint       list_drives : 1;
  guint       demo : 1;
  guint       dry_run : 1;
  guint       no_mark : 1;       /* --no-mark: write and verify, leave the days unmarked */
  guint       force_device : 1;  /* --force-device */
  guint       close_damaged : 1; /* --close-damaged: no store, close the damaged track */
  guint       version : 1;
} CsOptions;

CsOptions *cs_options_parse          (int             *argc,
                                      char          ***argv,
                                      GError         **error);
void       cs_options_free           (CsOptions       *self);
CsConfig  *cs_options_load_config    (const CsOptions *self,
                                      GError         **error);
GPtrArray *cs_options_get_days       (const CsOptions *self,
                                      GError         **error);
CsStoreJob *cs_options_create_job    (const CsOptions *self,
                                      const CsConfig  *config,
                                      GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsOptions, cs_options_free)

G_END_DECLS
