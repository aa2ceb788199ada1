/* mc-fuzz.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the libFuzzer targets of tests/fuzz share.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Once per process: the C.UTF-8 locale, no translations, no debug output. */
void  mc_fuzz_init        (void);
/* The input as a NUL-terminated string (a NUL inside ends it early). */
char *mc_fuzz_string      (const guint8 *data,
                           gsize         size);

G_END_DECLS
