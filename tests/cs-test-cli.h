/* cs-test-cli.h – running the cedar-store binary as cron would, for the command-line tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char      **cs_test_cli_environ (const char          *home);
GPtrArray  *cs_test_cli_argv    (const char * const  *wrapper,
                                 const char * const  *args);
int         cs_test_cli_run     (const char          *cwd,
                                 char               **envp,
                                 const char * const  *wrapper,
                                 const char * const  *args,
                                 char               **out,
                                 char               **err);

G_END_DECLS
