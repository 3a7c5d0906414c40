/* cs-test-util.h – helpers shared by the test programs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sys/types.h>

G_BEGIN_DECLS

char     *cs_test_make_tmpdir      (void);
void      cs_test_rm_rf            (const char           *path);
char     *cs_test_make_day         (const char           *staging_root,
                                    const char           *suffix,
                                    gboolean              staged,
                                    gboolean              stored);
void      cs_test_write_file       (const char           *path,
                                    const char           *contents,
                                    gssize                length);
void      cs_test_fill_file        (const char           *path,
                                    gsize                 size,
                                    guint32               seed);
gboolean  cs_test_have_program     (const char           *name);
int       cs_test_run              (const char * const   *argv,
                                    char                **out,
                                    char                **err);
char     *cs_test_bin              (void);
gboolean  cs_test_have_xorriso     (void);
char     *cs_test_xorriso_text     (const char           *image,
                                    ...) G_GNUC_NULL_TERMINATED;
guint     cs_test_xorriso_sessions (const char           *image);

void      cs_test_init_keep_going  (int                  *argc,
                                    char               ***argv);
gboolean  cs_test_exists           (const char           *path);
gboolean  cs_test_is_stored        (const char           *day);
void      cs_test_assert_contains  (const char           *text,
                                    const char           *part);
void      cs_test_collect_log      (GLogLevelFlags        level,
                                    const char           *message,
                                    gpointer              user_data);
gboolean  cs_test_has_line         (GPtrArray            *lines,
                                    const char           *line);
gboolean  cs_test_lines_contain    (GPtrArray            *lines,
                                    const char           *part);
void      cs_test_chown_tree       (const char           *path,
                                    uid_t                 uid,
                                    gid_t                 gid);
char     *cs_test_long_name        (void);
void      cs_test_make_tricky_tree (const char           *day);

G_END_DECLS
