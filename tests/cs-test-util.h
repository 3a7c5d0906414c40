/* cs-test-util.h – helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *cs_test_make_tmpdir  (void);
void      cs_test_rm_rf        (const char          *path);
char     *cs_test_make_day     (const char          *staging_root,
                                const char          *suffix,
                                gboolean             staged,
                                gboolean             stored);
void      cs_test_write_file   (const char          *path,
                                const char          *contents,
                                gssize               length);
void      cs_test_fill_file    (const char          *path,
                                gsize                size,
                                guint32              seed);
gboolean  cs_test_have_program (const char          *name);
int       cs_test_run          (const char * const  *argv,
                                char               **out,
                                char               **err);
char     *cs_test_bin          (void);
gboolean  cs_test_have_xorriso (void);
char     *cs_test_xorriso_text (const char          *image,
                                ...) G_GNUC_NULL_TERMINATED;
guint     cs_test_xorriso_sessions (const char      *image);

G_END_DECLS
