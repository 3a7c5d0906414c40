/* cs-test-disc.h – an image file in a temporary directory, the days stored onto it and the
 * damage done to it, shared by the test-disc-* programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "cs-config.h"
#include "cs-disc-contents.h"

G_BEGIN_DECLS

/* The size of a block of an image file, in bytes. */
#define CS_TEST_DISC_BLOCK 2048

typedef struct
{
  char        *tmpdir;      /* a new directory, removed by cs_test_disc_tear_down() */
  char        *stage;       /* tmpdir/stage, made: the staging root */
  char        *image;       /* tmpdir/disc.iso, not made: the image file */
  char        *device;      /* stdio:IMAGE */
  char        *to;          /* tmpdir/to, not made: a restore target */
  char       **envp;        /* the binary's environment, HOME = tmpdir/home (made) */
  CsMediaType  media_type;  /* what cs_test_disc_store() writes as: BD-RE unless changed */
} CsTestDisc;

void            cs_test_disc_set_up        (CsTestDisc    *disc,
                                            gconstpointer  data);
void            cs_test_disc_tear_down     (CsTestDisc    *disc,
                                            gconstpointer  data);
char           *cs_test_disc_make_day      (CsTestDisc    *disc,
                                            int            mday);
void            cs_test_disc_store         (CsTestDisc    *disc,
                                            int            mday,
                                            GPtrArray     *days);
CsDiscContents *cs_test_disc_read_contents (const char    *device,
                                            GError       **error);
void            cs_test_disc_flip_byte     (const char    *image,
                                            guint64        offset,
                                            guint8         mask);
guint32         cs_test_disc_data_lba      (const char    *image,
                                            guint32        sbsector,
                                            const char    *path);
gboolean        cs_test_disc_vdrive        (CsTestDisc    *disc,
                                            const char    *type,
                                            const char    *vdrive_test);
char           *cs_test_file_sha256        (const char    *path);

G_END_DECLS
