/* cs-disc-check-private.h – shared by cs-disc-check.c (the plan and the report),
 * cs-disc-check-tree.c (the sessions' trees and their files) and cs-disc-check-pass.c (the
 * reading passes and their MD5s)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-disc-check.h"
#include "cs-drive-private.h"
#include "cs-disc-watch.h"

G_BEGIN_DECLS

#define CS_CHECK_BLOCK        2048
/* One read: 512 blocks, 1 MiB (libburn splits it into 64 KiB transfers itself). */
#define CS_CHECK_CHUNK_BLOCKS 512
#define CS_CHECK_CHUNK        (CS_CHECK_CHUNK_BLOCKS * CS_CHECK_BLOCK)
/* Chunks in flight between the reading thread and the threads hashing them. */
#define CS_CHECK_SLOTS        4

/* One file's data: its extents as the tree records them, and how far it has been hashed. */
typedef struct
{
  char                    *path;        /* on the disc, "/2026/11/25/host1/etc.tar.gz" */
  char                    *day;         /* "YYYY/MM/DD" from the path, or NULL */
  guint                    session;     /* the session whose blocks hold its data (or whose
                                         * tree named it, when none does) */
  guint                    tree;        /* the oldest session whose tree names it */
  GPtrArray               *also;        /* char *: its other names in that tree (hard
                                         * links), or NULL */
  guint64                  size;
  int                      n_sections;
  struct iso_file_section *sections;    /* malloc()ed by libisofs */
  char                     md5[16];
  guint                    has_md5 : 1;
  guint                    done : 1;    /* checked (or found unreadable) */
  guint                    gap : 1;     /* not fed in order: checked by a read of its own */
  guint                    bad : 1;     /* some of its blocks cannot be read */
  guint                    past_end : 1;/* … because the image file ends before them */
  guint32                  bad_first;
  guint32                  bad_last;
  int                      cur;         /* section being fed */
  guint64                  cur_off;     /* its bytes fed so far */
  GChecksum               *ctx;         /* its MD5 while being fed, or NULL */
} CsCheckFile;

/* One extent of a file, in the order of the disc. */
typedef struct
{
  CsCheckFile *file;
  int          section;
} CsCheckSegment;

/* What is known of one session before it is read. */
typedef struct
{
  guint    number;
  guint32  start;
  guint32  blocks;
  guint    imported : 1;
  guint    has_md5 : 1;
  guint    md5_broken : 1;  /* a block of the MD5's range cannot be read */
  guint    md5_recorded : 1;/* its tree says MD5s were recorded (isofs.ca on its root) */
  guint32  md5_start;       /* the session MD5's range [md5_start, md5_end) */
  guint32  md5_end;
  char     md5[16];
  guint32  pass_start;      /* the blocks read for it */
  guint32  pass_end;
  guint64  files;           /* files whose data it holds */
} CsCheckSession;

typedef struct
{
  CsDrive              *drive;
  const CsDiscContents *contents;
  CsCheckReport        *report;
  CsWriteProgress       progress;
  gpointer              progress_data;
  CsLogFunc             log_func;
  gpointer              log_data;
  GCancellable         *cancellable;

  guint32               readable;    /* image files: whole blocks in the file; else
                                      * G_MAXUINT32 */
  GHashTable           *extents;     /* "lba:size" or "empty:path" → CsCheckFile */
  GPtrArray            *files;       /* CsCheckFile, owned */
  GArray               *segments;    /* CsCheckSegment, sorted by block */
  CsCheckSession       *sessions;    /* contents->sessions->len of them */
  guint                 n_sessions;
  gboolean              any_md5;     /* some session's tree says MD5s were recorded */

  guint8               *slots[CS_CHECK_SLOTS];
  GMutex                report_lock; /* report->problems while a pass runs */
  guint32               run_first;   /* the unreadable run being gathered, or G_MAXUINT32 */
  guint32               run_last;
  guint                 run_session;

  guint64               done_bytes;
  guint64               total_bytes;
  gint64                last_progress;
} CsCheck;

gboolean _cs_disc_check_read_tree    (CsCheck         *check,
                                      CsCheckSession  *session);
gboolean _cs_disc_check_session_pass (CsCheck         *check,
                                      CsCheckSession  *session,
                                      GError         **error);
gboolean _cs_disc_check_file_alone   (CsCheck         *check,
                                      CsCheckFile     *file,
                                      GError         **error);
void     _cs_disc_check_file_done    (CsCheck         *check,
                                      CsCheckFile     *file);
gboolean _cs_disc_check_cancelled    (CsCheck         *check,
                                      GError         **error);
char    *_cs_disc_check_day_of_path  (const char      *path);
void     _cs_disc_check_file_problem (CsCheck         *check,
                                      CsCheckFile     *file,
                                      guint            session,
                                      const char      *text);

G_END_DECLS
