/* mc-error.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include "mc-error.h"

G_DEFINE_QUARK (mc-error-quark, mc_error)
