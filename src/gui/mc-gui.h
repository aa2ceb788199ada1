/* mc-gui.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean mc_gui_can_start (void);

G_END_DECLS
