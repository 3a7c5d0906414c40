/* cs-window-private.h – the window's state, shared by the files it is split into
 *
 * cs-window.c          the class, its state and public API
 * cs-window-prepare.c  what a store would take: the look in a worker thread
 * cs-window-actions.c  the win.* actions and their keys
 * cs-window-target.c   the target list, the medium and the capacity bar (a dry-run job)
 * cs-window-contents.c what is on the disc: the "On This Disc" view, from the dry run or a
 *                      look of its own
 * cs-window-dnd.c      dropped and chosen staging folders, the selection
 * cs-window-store.c    running the store: unmount, inhibit, job signals, the outcome
 * cs-window-erase.c    asking before a store erases a disc, and the outcome when it did
 * cs-window-failure.c  a failed store told: heading by step, what to do by cause
 * cs-window-log.c      the log view, Copy, Save…, each run's log in the state directory
 * cs-window-damaged.c  "Close Damaged Track" for a write-once disc an interrupted write left
 * cs-window-mark.c     days that cannot be marked as stored, and "Leave Days Unmarked";
 *                      days with a file the image cannot hold
 * cs-window-state.c    why Store waits (the reason row in the target card), and the step
 *                      rows reset when what a store would take changes
 * cs-window-disc-actions.c  Check Disc… and Restore… (issue 15): the disc job, its row in
 *                      the disc view, the folder chooser and the outcomes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-capacity-bar.h"
#include "cs-disc-job.h"
#include "cs-disc-view.h"
#include "cs-window.h"

G_BEGIN_DECLS

struct _CsWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkButton            *store_button;
  AdwPreferencesGroup  *days_group;
  GtkScrolledWindow    *main_scroller;
  GtkStack             *days_stack;
  GtkSpinner           *loading_spinner;
  GtkListBox           *days_list;
  AdwStatusPage        *empty_page;
  AdwComboRow          *target_row;
  AdwActionRow         *medium_row;
  GtkImage             *medium_icon;
  GtkSpinner           *medium_spinner;
  CsDiscView           *disc_view;
  AdwPreferencesRow    *capacity_row;
  CsCapacityBar        *capacity_bar;
  GtkLabel             *used_label;
  GtkLabel             *adds_label;
  GtkLabel             *free_label;
  GtkLabel             *plan_label;
  GtkLabel             *fit_label;
  AdwStatusPage        *no_disc_page;
  GtkListBox           *steps_list;
  GtkSwitch            *no_mark_switch;
  GtkScrolledWindow    *log_scroller;
  GtkTextView          *log_view;

  GtkDropTarget        *drop_target;
  GSettings            *settings;
  GVolumeMonitor       *volume_monitor;   /* watched while the target is a drive */
  CsStepRow            *step_rows[CS_N_STEPS];

  /* The log */
  GtkTextMark          *log_end;
  GString              *run_log;          /* this run's lines, saved when it ends */
  char                 *last_log_path;    /* where the last run's log was saved */

  /* What the last look found */
  CsConfig             *config;
  GPtrArray            *days;             /* CsDay: what a store takes now */
  GArray               *day_sizes;        /* gint64 per day, -1 unknown */
  GArray               *day_stored;       /* gboolean per day */
  GPtrArray            *day_unmarkable;   /* char * per day: why it cannot be marked, or NULL */
  char                 *image_problem;    /* why the dry run could not build the image from a
                                           * day's files, or NULL (cs-window-mark.c) */
  char                 *image_problem_day; /* the path of the day it names */
  GPtrArray            *selection;        /* CsDay chosen by hand; NULL: find-day decides */
  CsDay                *removed_day;      /* for Undo */
  char                 *staging_root;
  char                 *target;
  char                 *target_device;    /* a drive target's device node, resolved */
  char                 *target_override;  /* chosen in the window for this session */
  char                **drives;           /* found by the last scan */
  char                **drive_names;      /* the drives' names in the target list, busy or
                                           * mounted ones said so; same order as drives */
  GPtrArray            *target_addresses; /* the target list's addresses, NULL = "Image File…" */
  GArray               *drive_uses;       /* CsDriveUse per drive, same order as drives */
  char                 *rows_key;         /* the target and days the step rows tell about */
  GDate                 today;

  /* What the last dry run found */
  CsStorePlan          *plan;
  char                 *medium_text;
  GError               *check_error;
  CsMediumState         medium_state;     /* with medium_read: what the dry run read */
  GtkWidget            *blocker_row;      /* in the target card: why Store waits */
  GtkImage             *blocker_icon;
  GtkLabel             *blocker_label;
  GtkLabel             *blocker_advice;

  /* Work in progress */
  CsStoreJob           *job;              /* the store */
  GCancellable         *cancellable;
  CsStoreJob           *check_job;        /* the dry run for the capacity bar */
  GCancellable         *check_cancellable;
  GCancellable         *contents_cancellable; /* the look at the disc, while it runs */
  char                 *disc_target;      /* the target the disc view tells about */
  GCancellable         *lifetime;         /* cancelled when the window goes */
  CsApplication        *app;              /* kept: callbacks may run after GTK drops it */
  GtkWindow            *cancel_dialog;
  GtkWindow            *close_dialog;
  GtkWindow            *damaged_dialog;   /* "Close the damaged track?", while shown */
  GtkWindow            *erase_dialog;     /* "Erase the Disc?", while shown */
  GtkWidget            *damaged_button;   /* in the medium row */
  char                 *last_toast;
  char                 *last_notification;
  guint                 inhibit_cookie;
  guint                 selecting;        /* dropped folders being looked at */
  guint                 logs_saving;      /* run logs being written */
  guint                 media_changed_source;
  guint                 scroll_source;
  GtkWidget            *scroll_target;

  /* Check Disc… and Restore… (cs-window-disc-actions.c) */
  CsDiscJob            *disc_job;         /* the check or restore running, or NULL */
  GCancellable         *disc_cancellable;
  CsStepRow            *disc_row;         /* its progress and outcome, first in the disc view */
  GtkWidget            *disc_cancel;      /* the row's Cancel button */
  char                 *disc_row_target;  /* the target the row tells about */
  char                 *restore_folder;   /* the folder last chosen for a restore */
  AdwToast             *disc_toast;       /* the last job's outcome toast (weak), or NULL */

  guint                 preparing : 1;
  guint                 refresh_again : 1;
  guint                 rescan_drives : 1;
  guint                 demo_done : 1;
  guint                 store_pending : 1;
  guint                 unmounting : 1;
  guint                 cancel_pending : 1;
  guint                 close_pending : 1;
  guint                 busy : 1;
  guint                 can_store : 1;
  guint                 checking : 1;
  guint                 log_follow : 1;
  guint                 updating_targets : 1;
  guint                 stored : 1;       /* the last store succeeded */
  guint                 medium_damaged : 1; /* the last dry run found a damaged track */
  guint                 closing_damaged : 1;
  guint                 failure_is_mark : 1; /* the failed store could not mark a day */
  guint                 target_missing : 1; /* the drive target's device does not exist */
  guint                 medium_read : 1;  /* the last dry run opened the target, read it */
  guint                 check_findings : 1; /* plan, medium_text, check_error: a dry run's */
  guint                 erase_refused : 1; /* the last dry run stopped at an unasked erase */
  guint                 look_failed : 1;  /* the last look logged why it failed */
  guint                 plan_current : 1; /* plan and check_error are a dry run's of what is
                                           * shown now (cleared when the window looks again) */
  guint                 erase_confirmed : 1; /* "Erase and Store" for the current plan */
  guint                 allow_erase : 1;  /* the store being started may erase */
  guint                 erase_recheck : 1; /* the engine refused an unasked erase: ask after
                                            * the next dry run */
  guint                 erased : 1;       /* the last store erased the disc, then failed */
};

/* cs-window.c */
CsOptions  *_cs_window_get_options        (CsWindow       *self);
void        _cs_window_update_state       (CsWindow       *self);
void        _cs_window_notify_job         (CsWindow       *self);
void        _cs_window_toast              (CsWindow       *self,
                                           const char     *message);
gboolean    _cs_window_is_ready           (CsWindow       *self);
gboolean    _cs_error_is_cancelled        (const GError   *error);
gboolean    _cs_window_has_explicit_days  (CsWindow       *self);
void        _cs_window_scroll_to          (CsWindow       *self,
                                           GtkWidget      *widget);
void        _cs_window_message_dialog     (CsWindow       *self,
                                           const char     *heading,
                                           const char     *body);

/* cs-window-prepare.c */
void        _cs_window_show_days          (CsWindow       *self);
void        _cs_window_show_problem       (CsWindow       *self,
                                           const char     *title,
                                           const char     *description);

/* cs-window-setup.c: what the "Days to Store" status page offers */
typedef enum
{
  CS_PROBLEM_OFFER_FOLDERS      = 1 << 0,  /* Choose Staging Folders… (days by hand) */
  CS_PROBLEM_OFFER_STAGING_ROOT = 1 << 1,  /* Choose Staging Folder… (the preference) */
  CS_PROBLEM_OFFER_CONFIG_FILE  = 1 << 2,  /* Choose Configuration File… */
  CS_PROBLEM_OFFER_PREFERENCES  = 1 << 3,  /* Open Preferences */
} CsProblemOffers;

char       *_cs_window_unbreakable_path   (const char     *path);
void        _cs_window_set_problem_page   (CsWindow       *self,
                                           const char     *icon_name,
                                           CsProblemOffers offers);
void        _cs_window_choose_staging_root (CsWindow      *self);
void        _cs_window_choose_config_file (CsWindow       *self);
void        _cs_window_set_path_setting   (CsWindow       *self,
                                           const char     *key,
                                           GFile          *file);

/* cs-window-actions.c */
void        _cs_window_class_actions_init (GtkWidgetClass *widget_class);

/* cs-window-damaged.c */
void        _cs_window_close_damaged_action (GtkWidget    *widget,
                                             const char   *action_name,
                                             GVariant     *parameter);
void        _cs_window_damaged_update     (CsWindow       *self);

/* cs-window-mark.c */
void        _cs_window_mark_init          (CsWindow       *self);
char       *_cs_window_day_blocker        (CsWindow       *self,
                                           char          **advice);
void        _cs_window_mark_update_rows   (CsWindow       *self);
gboolean    _cs_window_take_image_problem (CsWindow       *self,
                                           CsStoreJob     *job,
                                           const GError   *error);
void        _cs_window_clear_image_problem (CsWindow      *self);
gboolean    _cs_window_explain_failure    (CsWindow       *self,
                                           CsStoreJob     *job,
                                           const GError   *error);

/* cs-window-contents.c */
void        _cs_window_look_at_disc       (CsWindow       *self);
void        _cs_window_cancel_look        (CsWindow       *self);
void        _cs_window_contents_after_check (CsWindow     *self);
void        _cs_window_show_contents      (CsWindow       *self,
                                           gboolean        empty);

/* cs-window-target.c */
void        _cs_window_target_init        (CsWindow       *self);
void        _cs_window_update_targets     (CsWindow       *self);
void        _cs_window_check              (CsWindow       *self);
void        _cs_window_cancel_check       (CsWindow       *self);
void        _cs_window_show_medium        (CsWindow       *self);
void        _cs_window_set_medium_text    (CsWindow       *self,
                                           const char     *text);
void        _cs_window_show_plan          (CsWindow       *self,
                                           const CsStorePlan *plan);
gboolean    _cs_window_target_is_write_once (CsWindow     *self);

/* cs-window-state.c */
char       *_cs_window_store_blocker      (CsWindow       *self,
                                           char          **advice,
                                           gboolean       *in_card);
void        _cs_window_blocker_init       (CsWindow       *self);
void        _cs_window_show_blocker       (CsWindow       *self);
gboolean    _cs_window_card_tells_check   (CsWindow       *self);
void        _cs_window_update_rows        (CsWindow       *self,
                                           gboolean        busy);

/* cs-window-size.c */
void        _cs_window_size_init          (CsWindow       *self);

/* cs-window-dnd.c */
void        _cs_window_dnd_init           (CsWindow       *self);
void        _cs_window_add_folders        (CsWindow       *self,
                                           GSList         *files);
void        _cs_window_choose_folders     (CsWindow       *self);
void        _cs_window_remove_day         (CsWindow       *self,
                                           const char     *suffix);
void        _cs_window_undo_remove        (CsWindow       *self);
void        _cs_window_reset_selection    (CsWindow       *self);

/* cs-window-store.c */
void        _cs_window_start_store        (CsWindow       *self);
char       *_cs_window_for_people         (CsWindow       *self,
                                           const char     *text);
void        _cs_window_show_failure       (CsWindow       *self,
                                           const GError   *error);
void        _cs_window_stop               (CsWindow       *self);
gboolean    _cs_window_confirm_close      (CsWindow       *self);

/* cs-window-erase.c */
void        _cs_window_store_asking       (CsWindow       *self);
void        _cs_window_erase_after_check  (CsWindow       *self);
gboolean    _cs_window_erase_refused      (CsWindow       *self,
                                           CsStoreJob     *job);
void        _cs_window_erase_told         (CsWindow       *self,
                                           const GError   *error);

/* cs-window-disc-actions.c */
void        _cs_window_disc_class_init    (GtkWidgetClass *widget_class);
void        _cs_window_disc_init          (CsWindow       *self);
void        _cs_window_disc_update        (CsWindow       *self);
gboolean    _cs_window_disc_can_start     (CsWindow       *self);
char       *_cs_window_disc_blocker       (CsWindow       *self,
                                           char          **advice);

/* cs-window-log.c */
void        _cs_window_log_init           (CsWindow       *self);
/* cs-window-state.c */
void        _cs_window_set_target_missing (CsWindow       *self,
                                           gboolean        missing);
char       *_cs_window_sentence           (const char     *text);
void        _cs_window_log                (CsWindow       *self,
                                           GLogLevelFlags  level,
                                           const char     *message);
void        _cs_window_log_begin_run      (CsWindow       *self);
void        _cs_window_log_save_run       (CsWindow       *self,
                                           const char     *outcome);
char       *_cs_window_log_get_text       (CsWindow       *self);
void        _cs_window_copy_log           (CsWindow       *self);
void        _cs_window_save_log           (CsWindow       *self);
void        _cs_window_save_log_to        (CsWindow       *self,
                                           GFile          *file);

G_END_DECLS
