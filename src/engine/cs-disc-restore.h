/* cs-disc-restore.h – copy one day from a disc or image file back to a folder
 *
 * The `--restore YYYY/MM/DD --to DIR` command and the window's Restore… (issue 15).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cs-disc-check.h"
#include "cs-disc-contents.h"
#include "cs-drive.h"

G_BEGIN_DECLS

typedef struct
{
  guint      session;       /* the session the day was read from (1 = the oldest) */
  char      *day;           /* "YYYY/MM/DD" */
  char      *to_path;       /* DIR/YYYY/MM/DD, where it was written */
  guint64    files;         /* regular files written (a hard link group counts once) */
  guint64    dirs;
  guint64    symlinks;
  guint64    specials;      /* devices, FIFOs, sockets */
  guint64    bytes;         /* bytes of file data written */
  guint64    attrs_not_set; /* ACLs, xattrs or owners the target filesystem or the user's
                             * rights did not take (each logged as a warning) */
  GPtrArray *problems;      /* CsCheckProblem: files that failed their MD5 or could not be
                             * read; they are written as read. Never NULL. */
} CsRestoreReport;

#define CS_TYPE_RESTORE_REPORT (cs_restore_report_get_type ())

GType            cs_restore_report_get_type (void) G_GNUC_CONST;
CsRestoreReport *cs_restore_report_new      (void);
CsRestoreReport *cs_restore_report_copy     (const CsRestoreReport *report);
void             cs_restore_report_free     (CsRestoreReport       *report);

CsRestoreReport *cs_disc_restore_day        (CsDrive              *drive,
                                             const CsDiscContents *contents,
                                             const char           *day,
                                             const char           *to_dir,
                                             CsWriteProgress       progress,
                                             gpointer              progress_data,
                                             CsLogFunc             log_func,
                                             gpointer              log_data,
                                             GCancellable         *cancellable,
                                             GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsRestoreReport, cs_restore_report_free)

G_END_DECLS
