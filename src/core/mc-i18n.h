/* mc-i18n.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The locale from the environment and our message catalogues: the installed ones, or,
 * when run from the build tree, those built there ($MC_LOCALEDIR overrides both). */
void mc_i18n_init (void);

G_END_DECLS
