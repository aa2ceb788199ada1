/* mc-gui.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GTK layer: the application window comes here (see issue "The application window").
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <gtk/gtk.h>

#include "mc-gui.h"

gboolean
mc_gui_can_start (void)
{
  return gtk_get_major_version () == 4;
}
