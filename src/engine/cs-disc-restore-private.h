/* cs-disc-restore-private.h – shared by cs-disc-restore*.c: one restore in progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-disc-restore.h"

G_BEGIN_DECLS

/* The file data pipeline (cs-disc-restore-data.c): chunks read from the medium, written,
 * and summed by a second thread. */
typedef struct _CsRestoreData CsRestoreData;

typedef struct
{
  CsDrive          *drive;
  IsoImage         *image;
  CsRestoreReport  *report;
  const char       *to_path;      /* DIR/YYYY/MM/DD, for messages */
  guint32           readable;     /* image files: blocks the file holds; G_MAXUINT32 else */
  gboolean          root;         /* owners are set (else skipped quietly) */
  CsWriteProgress   progress;
  gpointer          progress_data;
  CsLogFunc         log_func;
  gpointer          log_data;
  GCancellable     *cancellable;
  guint64           done;         /* bytes of file data handled, for progress */
  guint64           total;
  gint64            last_progress;/* monotonic µs */
  GHashTable       *links;        /* IsoNode (a hard link group's first name) → char * its
                                   * path below the day, or NULL while not yet written */
  GHashTable       *leaders;      /* IsoNode → IsoNode: the first name of its group */
  GHashTable       *groups;       /* IsoNode (a group's first name) → GPtrArray of all its
                                   * IsoNode names */
  gboolean          md5_recorded; /* the session was written with MD5s (isofs.ca) */
  CsRestoreData    *data;
  int               day_fd;       /* DIR/YYYY/MM/DD */
} CsRestore;

void     _cs_restore_problem       (CsRestore   *self,
                                    const char  *disc_path,
                                    const char  *format,
                                    ...) G_GNUC_PRINTF (3, 4);
gboolean _cs_restore_write_error   (CsRestore   *self,
                                    int          errsv,
                                    const char  *rel_path,
                                    GError     **error);
char    *_cs_restore_target_path   (CsRestore   *self,
                                    const char  *rel_path);

/* cs-disc-restore-tree.c */
gboolean _cs_restore_tree          (CsRestore   *self,
                                    IsoDir      *day_dir,
                                    int          day_fd,
                                    const char  *disc_path,
                                    GError     **error);

/* cs-disc-restore-data.c */
CsRestoreData *_cs_restore_data_new  (void);
void           _cs_restore_data_free (CsRestoreData *data);
void           _cs_restore_data_finish (CsRestore *self);
gboolean       _cs_restore_file_data (CsRestore   *self,
                                      IsoFile     *file,
                                      int          fd,
                                      const char  *disc_path,
                                      const char  *rel_path,
                                      GError     **error);

/* cs-disc-restore-attrs.c */
void     _cs_restore_attrs         (CsRestore   *self,
                                    IsoNode     *node,
                                    int          fd,
                                    int          parent_fd,
                                    const char  *name,
                                    const char  *rel_path);

G_END_DECLS
