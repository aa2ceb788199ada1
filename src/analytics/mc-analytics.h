/* mc-analytics.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *mc_analytics_layer_name (void);

G_END_DECLS
