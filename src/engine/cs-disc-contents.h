/* cs-disc-contents.h – what is on a disc or image file: its sessions and the days each added
 *
 * Shared by the window's disc contents view, the erase confirmation (which days a new disc
 * would erase) and `--contents`/`--check`/`--restore` (issue 15).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "cs-drive.h"

G_BEGIN_DECLS

/* One session (ISO 9660 volume) on the medium. Sizes and blocks in 2 KiB blocks. */
typedef struct
{
  guint      number;       /* 1 = the oldest */
  guint32    start;        /* first block, as `xorriso -toc` shows it: 32 for the first
                            * session Cedar Store writes on an image file or overwritable
                            * medium (0 when another tool wrote it at 0), the track's start
                            * on sequential media */
  guint32    blocks;       /* the session's size in 2 KiB blocks (its volume space size; a
                            * sequential session without ISO 9660 volume: its tracks' size) */
  char      *volume_id;    /* the PVD's volume id, or NULL */
  GDateTime *recorded;     /* the PVD's creation time, or NULL */
  GStrv      days_added;   /* "YYYY/MM/DD" days this session wrote or replaced (absent from
                            * the previous session's tree, or a file's data inside this
                            * session), sorted; never NULL (may be empty) */
} CsDiscSession;

typedef struct
{
  GPtrArray *sessions;     /* CsDiscSession, oldest first; never NULL */
  GStrv      days;         /* "YYYY/MM/DD" the newest tree holds, sorted; never NULL */
  guint64    used_bytes;   /* bytes up to the end of the last session (from block 0) */
  GStrv      problems;     /* damage met while listing, for people ("Session 3: its
                            * directories cannot be read: …"); the sessions and days around
                            * it are still listed. Never NULL; empty when none. */
} CsDiscContents;

#define CS_TYPE_DISC_CONTENTS (cs_disc_contents_get_type ())

GType           cs_disc_contents_get_type (void) G_GNUC_CONST;
CsDiscContents *cs_disc_contents_copy     (const CsDiscContents *contents);
void            cs_disc_contents_free     (CsDiscContents       *contents);
CsDiscContents *cs_disc_contents_read     (CsDrive              *drive,
                                           GCancellable         *cancellable,
                                           GError              **error);
char           *cs_disc_contents_describe_days (const CsDiscContents *contents,
                                                guint                 max_days);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsDiscContents, cs_disc_contents_free)

G_END_DECLS
