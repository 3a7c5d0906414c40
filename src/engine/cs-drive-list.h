/* cs-drive-list.h – the optical drives of this system, found without grabbing them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CS_DRIVE_FREE,     /* nobody holds it: a store can use it */
  CS_DRIVE_BUSY,     /* another program holds it exclusively (a burner, a ripper) */
  CS_DRIVE_MOUNTED,  /* a filesystem on its disc is mounted */
  CS_DRIVE_DENIED,   /* this user may not open it (not in the drive's group) */
} CsDriveUse;

/* One drive as the list found it. */
typedef struct
{
  char       *address;      /* "/dev/sr0" */
  char       *vendor;       /* INQUIRY vendor (or sysfs), trimmed; NULL if unknown */
  char       *model;        /* INQUIRY product (or sysfs), trimmed; NULL if unknown */
  CsDriveUse  use;
  char       *mount_point;  /* where its disc is mounted, for CS_DRIVE_MOUNTED */
  char       *medium;       /* one line, e.g. "DVD+RW, blank" or "no medium"; NULL when the
                             * drive was not asked (busy or denied) */
} CsDriveEntry;

void        cs_drive_entry_free          (CsDriveEntry       *entry);
char       *cs_drive_entry_get_name      (const CsDriveEntry *entry);
char       *cs_drive_entry_describe      (const CsDriveEntry *entry);
GPtrArray  *cs_drive_list                (void);
char      **cs_drive_list_addresses      (void);
char       *cs_drive_default_image       (void);
char       *cs_drive_default_address     (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CsDriveEntry, cs_drive_entry_free)

G_END_DECLS
