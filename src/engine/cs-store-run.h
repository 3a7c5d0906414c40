/* cs-store-run.h – private: one run of the store pipeline, executed in the job's worker
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "cs-config.h"
#include "cs-drive-plan.h"
#include "cs-store-job.h"
#include "cs-store-job-private.h"

G_BEGIN_DECLS

typedef enum
{
  CS_JOB_EVENT_STEP_STARTED,
  CS_JOB_EVENT_STEP_FINISHED,
  CS_JOB_EVENT_PROGRESS,
  CS_JOB_EVENT_LOG,
  CS_JOB_EVENT_MEDIUM,
  CS_JOB_EVENT_PLAN,
} CsJobEventKind;

/* An immutable record posted from the worker to the caller's main context. */
typedef struct
{
  CsJobEventKind  kind;
  CsStep          step;
  GError         *error;
  double          fraction;
  guint64         done;
  guint64         total;
  double          rate;
  GLogLevelFlags  level;
  char           *text;
  CsMediumState   medium_state;  /* CS_JOB_EVENT_MEDIUM */
  CsStorePlan    *plan;
} CsJobEvent;

typedef struct
{
  GWeakRef       job;
  GMainContext  *context;
  CsConfig      *config;
  GPtrArray     *explicit_days;
  GPtrArray     *days;           /* what is being stored */
  char          *target;
  GDate          today;
  CsStoreMode    mode;
  CsStep         step;
  gint64         step_start_us;
  gint64         last_progress_us;
  CsStepHook     hook;
  gpointer       hook_data;
  gboolean       verify;
  gboolean       dry_run;
  gboolean       no_mark;        /* write and verify, leave the days unmarked */
  gboolean       verified;
  gboolean       damaged;        /* the medium's next track is damaged (store refused) */
  gboolean       allow_erase;    /* a new disc may erase a medium that holds sessions */
  gboolean       erase_refused;  /* stopped: it would have, and allow_erase was off */
  /* A new disc (cs-store-run-newdisc.c): */
  char          *new_disc_reason;/* why, for people (CsStorePlan.new_disc_reason) */
  gboolean       beside;         /* an image file holding data: the new disc is written to a
                                  * file beside it and renamed over it once verified */
  char          *beside_of;      /* beside: the image file that stays until then */
  gboolean       erased;         /* the old disc was blanked or invalidated (cannot be undone) */
  gboolean       writing;        /* the new session's write began */
  gboolean       old_holds_data; /* the medium held sessions or other data before the store */
  guint          old_sessions;   /* and how many sessions */
  char          *old_label;      /* the newest session's label, or NULL */
  CsDiscContents *old_contents;  /* what it held, when read, or NULL */
  CsDiscContents *contents;      /* what the medium held when opened (cs_disc_contents_read(),
                                  * before anything is erased): CsStorePlan.contents; NULL
                                  * when blank or it could not be read */
} CsStoreRun;

CsStoreRun *_cs_store_run_new          (CsStoreJob        *job,
                                        const CsConfig    *config,
                                        GPtrArray         *days,
                                        const char        *target,
                                        const GDate       *today,
                                        CsStoreMode        mode,
                                        gboolean           verify,
                                        gboolean           dry_run);
GPtrArray  *_cs_store_copy_days        (GPtrArray         *days);
CsStoreRun *_cs_store_run_ref          (CsStoreRun        *run);
void        _cs_store_run_unref        (CsStoreRun        *run);
gboolean    _cs_store_run_execute      (CsStoreRun        *run,
                                        GCancellable      *cancellable,
                                        GError           **error);
void        _cs_store_job_apply_event  (CsStoreJob        *self,
                                        const CsJobEvent  *event);

/* cs-store-run-events.c: what the worker posts to the caller's main context. */
void        _cs_store_run_post         (CsStoreRun        *run,
                                        const CsJobEvent  *event);
void        _cs_store_run_log          (GLogLevelFlags     level,
                                        const char        *message,
                                        gpointer           user_data);
void        _cs_store_run_step_start   (CsStoreRun        *run,
                                        CsStep             step);
void        _cs_store_run_step_finish  (CsStoreRun        *run,
                                        const GError      *error);
void        _cs_store_run_progress     (CsStoreRun        *run,
                                        double             fraction,
                                        guint64            done,
                                        guint64            total);
void        _cs_store_run_write_progress  (double          fraction,
                                           guint64         done,
                                           guint64         total,
                                           gpointer        user_data);
void        _cs_store_run_verify_progress (guint64         done,
                                           guint64         total,
                                           gpointer        user_data);
void        _cs_store_run_post_medium  (CsStoreRun        *run,
                                        const CsMedium    *medium);
void        _cs_store_run_post_plan    (CsStoreRun          *run,
                                        const CsMedium      *medium,
                                        const CsSessionPlan *plan,
                                        guint64              used,
                                        guint64              available);

/* cs-store-run-newdisc.c: why a new disc, and what a failure after an erase leaves. */
char       *_cs_store_run_new_disc_reason   (CsStoreRun           *run,
                                             const CsMedium       *medium,
                                             gboolean              cedar_new_disc,
                                             guint64               available,
                                             guint64               required);
void        _cs_store_run_remember_old_disc (CsStoreRun           *run,
                                             const CsMedium       *medium,
                                             const CsDiscContents *contents);
void        _cs_store_run_note_new_disc_failure (CsStoreRun       *run,
                                                 GError          **error);
gboolean    _cs_store_run_write_beside  (CsStoreRun           *run,
                                         CsDrive             **drive,
                                         CsDrive             **old_drive,
                                         CsSessionPlan        *layout,
                                         GError              **error);
gboolean    _cs_store_run_put_beside    (CsStoreRun           *run,
                                         CsDrive              *drive,
                                         GCancellable         *cancellable,
                                         GError              **error);

/* cs-store-run-mark.c: the cback.store indicators, checked before and written after. */
gboolean    _cs_store_run_check_markable (CsStoreRun      *run,
                                          GError         **error);
gboolean    _cs_store_run_mark_days      (CsStoreRun      *run,
                                          GError         **error);

/* cs-store-run-medium.c: whether the medium can take the session, before anything is written. */
gboolean    _cs_store_run_check_medium_usable (CsStoreRun          *run,
                                               const CsMedium      *medium,
                                               gboolean             new_disc,
                                               GError             **error);
gboolean    _cs_store_run_check_fits          (CsStoreRun          *run,
                                               CsDrive             *drive,
                                               const CsSessionPlan *plan,
                                               GError             **error);
gboolean    _cs_store_run_check_erase_allowed (CsStoreRun          *run,
                                               const CsMedium      *medium,
                                               gboolean             new_disc,
                                               GError             **error);

#define CS_STORE_RUN_LOG(run, level, ...) cs_log (_cs_store_run_log, run, level, __VA_ARGS__)

G_END_DECLS
