/* cs-drive-plan.h – what a medium can take: the one place that decides it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "cs-drive.h"

G_BEGIN_DECLS

/* What must happen to the medium before the session is written. */
typedef enum
{
  CS_PREPARE_NONE,
  CS_PREPARE_FORMAT,       /* unformatted BD-RE/DVD-RAM: holds nothing, so nothing is lost */
  CS_PREPARE_BLANK_FAST,   /* CD-RW holding sessions */
  CS_PREPARE_BLANK_FULL,   /* sequential DVD-RW (0x14): a fast blank leaves it DAO-only */
  CS_PREPARE_INVALIDATE,   /* overwritable medium holding an image: its head is cleared */
} CsPrepare;

/* The session to write, decided once the medium is known (real-drives.md, findings 3–7). */
typedef struct
{
  gboolean  new_disc;
  CsPrepare prepare;
  guint32   start;       /* block where the session goes */
  gboolean  appendable;  /* libisofs: a session after others */
  gboolean  emulated;    /* overwritable: the head at LBA 0 is written last */
  gboolean  multi;       /* the disc stays appendable after this session */
  gboolean  estimated;   /* space is the medium's size before a blank or format */
  guint64   space;       /* bytes the session may occupy on the medium, padding included */
  guint64   size;        /* exact session size in bytes (set once the image is built) */
} CsSessionPlan;

gboolean  cs_drive_plan_session      (CsDrive        *self,
                                      gboolean        new_disc,
                                      CsSessionPlan  *plan,
                                      GError        **error);
gboolean  cs_drive_prepare           (CsDrive              *self,
                                      const CsSessionPlan  *plan,
                                      CsWriteProgress       progress,
                                      gpointer              progress_data,
                                      GError              **error);
guint64   cs_drive_session_footprint (CsDrive        *self,
                                      guint64         size);
char     *cs_medium_words            (const CsMedium *medium);

G_END_DECLS
