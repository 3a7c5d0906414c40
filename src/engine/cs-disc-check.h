/* cs-disc-check.h – read every session of a disc or image file and check its recorded MD5s
 *
 * The `--check` command and the window's Check Disc… (issue 15). Needs no staging data: the
 * session and file checksums libisofs recorded (iso_write_opts_set_record_md5 (wo, 1, 1)) are
 * the reference.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cs-disc-contents.h"
#include "cs-drive.h"

G_BEGIN_DECLS

/* One thing found wrong by cs_disc_check() or cs_disc_restore_day(). */
typedef struct
{
  guint  session;   /* the session that holds the bad data (1 = the oldest, as
                     * CsDiscSession.number), or 0 when not known */
  char  *day;       /* "YYYY/MM/DD" of the file, or NULL for a session-wide problem */
  char  *path;      /* the file's path on the disc ("/2026/11/25/etc/passwd"), or NULL */
  char  *problem;   /* for people: "its data differs from the MD5 recorded when it was
                     * written", "blocks 2304 – 2335 cannot be read", … */
} CsCheckProblem;

typedef struct
{
  guint      sessions;          /* sessions read */
  guint64    files;             /* files whose MD5 was checked (each extent once) */
  guint64    files_without_md5; /* files with no recorded MD5 (written by another tool) */
  guint64    bytes;             /* bytes read */
  GPtrArray *problems;          /* CsCheckProblem, in disc order; never NULL; empty when
                                 * every block was read and every checksum matched */
} CsCheckReport;

#define CS_TYPE_CHECK_REPORT (cs_check_report_get_type ())

GType          cs_check_report_get_type (void) G_GNUC_CONST;
CsCheckReport *cs_check_report_new      (void);
CsCheckReport *cs_check_report_copy     (const CsCheckReport *report);
void           cs_check_report_free     (CsCheckReport       *report);
void           cs_check_report_add      (CsCheckReport       *report,
                                         guint                session,
                                         const char          *day,
                                         const char          *path,
                                         const char          *problem);
char          *cs_check_problem_describe (const CsCheckProblem *problem);

CsCheckReport *cs_disc_check            (CsDrive              *drive,
                                         const CsDiscContents *contents,
                                         CsWriteProgress       progress,
                                         gpointer              progress_data,
                                         CsLogFunc             log_func,
                                         gpointer              log_data,
                                         GCancellable         *cancellable,
                                         GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsCheckReport, cs_check_report_free)

G_END_DECLS
