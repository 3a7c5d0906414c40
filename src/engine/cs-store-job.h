/* cs-store-job.h – the job object: runs the store pipeline in a worker thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cs-config.h"
#include "cs-disc-contents.h"
#include "cs-drive.h"
#include "cs-staging.h"
#include "cs-types.h"

G_BEGIN_DECLS

typedef enum
{
  CS_STORE_MODE_STORE,       /* find-day (or the explicit days) and append */
  CS_STORE_MODE_FULL,        /* --full: today only, new disc */
  CS_STORE_MODE_REBUILD,     /* --rebuild: this week's days, new disc */
  CS_STORE_MODE_INITIALIZE,  /* --initialize: labelled empty disc */
} CsStoreMode;

typedef enum
{
  CS_JOB_STATE_READY,
  CS_JOB_STATE_RUNNING,
  CS_JOB_STATE_SUCCEEDED,
  CS_JOB_STATE_FAILED,
  CS_JOB_STATE_CANCELLED,
} CsJobState;

/* What a store will do, known once the medium is read and the image measured: the window's
 * capacity bar. Also filled by a dry run. */
typedef struct
{
  CsMediumState  medium_state;
  char          *medium_text;   /* one line: profile, state, sessions, label */
  char          *label;         /* the newest session's volume id, or NULL */
  guint          sessions;
  guint64        capacity;      /* the media type's capacity */
  guint64        used;          /* bytes already on the medium that stay */
  guint64        available;     /* bytes left for the new session */
  guint64        image_size;    /* the new session's exact size */
  CsDiscContents *contents;     /* what the medium holds before this store (sessions, days),
                                 * or NULL: blank, unreadable or not looked at */
  char          *new_disc_reason; /* for people: why this store starts a new disc ("Monday
                                   * starts a new week in your Cedar Backup configuration"),
                                   * NULL when it appends */
  guint          new_disc : 1;
  guint          erases : 1;    /* new_disc on a medium that holds sessions (or a closed
                                 * disc, or other data): they are lost; the same test as
                                 * CsStoreJob:allow-erase refuses */
  guint          fits : 1;
} CsStorePlan;

#define CS_TYPE_STORE_PLAN (cs_store_plan_get_type ())

GType        cs_store_plan_get_type      (void) G_GNUC_CONST;
CsStorePlan *cs_store_plan_copy          (const CsStorePlan    *plan);
void         cs_store_plan_free          (CsStorePlan          *plan);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsStorePlan, cs_store_plan_free)

#define CS_TYPE_STORE_JOB (cs_store_job_get_type ())

G_DECLARE_FINAL_TYPE (CsStoreJob, cs_store_job, CS, STORE_JOB, GObject)

CsStoreJob  *cs_store_job_new            (const CsConfig       *config);
void         cs_store_job_set_days       (CsStoreJob           *self,
                                          GPtrArray            *days);
void         cs_store_job_set_target     (CsStoreJob           *self,
                                          const char           *address);
void         cs_store_job_set_today      (CsStoreJob           *self,
                                          const GDate          *today);
void         cs_store_job_set_mode       (CsStoreJob           *self,
                                          CsStoreMode           mode);
void         cs_store_job_set_verify     (CsStoreJob           *self,
                                          gboolean              verify);
void         cs_store_job_set_dry_run    (CsStoreJob           *self,
                                          gboolean              dry_run);
void         cs_store_job_set_no_mark    (CsStoreJob           *self,
                                          gboolean              no_mark);
gboolean     cs_store_job_get_no_mark    (CsStoreJob           *self);
void         cs_store_job_set_allow_erase (CsStoreJob          *self,
                                           gboolean             allow_erase);
gboolean     cs_store_job_get_allow_erase (CsStoreJob          *self);
gboolean     cs_store_job_get_erase_refused (CsStoreJob        *self);
gboolean     cs_store_job_get_erased     (CsStoreJob           *self);
const char  *cs_store_job_get_target     (CsStoreJob           *self);
CsStep       cs_store_job_get_step       (CsStoreJob           *self);
double       cs_store_job_get_fraction   (CsStoreJob           *self);
CsJobState   cs_store_job_get_state      (CsStoreJob           *self);
const char  *cs_store_job_get_medium     (CsStoreJob           *self);
CsMediumState cs_store_job_get_medium_state (CsStoreJob         *self);
const CsStorePlan *cs_store_job_get_plan (CsStoreJob           *self);
GPtrArray   *cs_store_job_get_days       (CsStoreJob           *self);
gboolean     cs_store_job_get_verified   (CsStoreJob           *self);
void         cs_store_job_run_async      (CsStoreJob           *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean     cs_store_job_run_finish     (CsStoreJob           *self,
                                          GAsyncResult         *result,
                                          GError              **error);
gboolean     cs_store_job_get_damaged    (CsStoreJob           *self);
void         cs_store_job_close_damaged_async  (CsStoreJob           *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean     cs_store_job_close_damaged_finish (CsStoreJob           *self,
                                                GAsyncResult         *result,
                                                GError              **error);

G_END_DECLS
