/* mc-window-extras.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the main window has besides its pages, kept apart from mc-window.c: importing a
 * CSV file (dropped on the window, or win.import with a file chooser) through
 * McImportSheet, and the sync state in the header bar (win.show-sync).
 */
#pragma once

#include "mc-window.h"

G_BEGIN_DECLS

/* From mc_window_class_init () and mc_window_init (). */
void      mc_window_extras_class_init (GtkWidgetClass *widget_class);
void      mc_window_extras_init       (McWindow       *self);
/* After the mode, the workspace or the role changed: enables win.import, shows the sync
 * state. */
void      mc_window_extras_update     (McWindow       *self);

/* The header bar's sync state, from the Sync page: an icon, a short text, and the name
 * screen readers say. Once set, it replaces the "set up / not set up" state. */
void      mc_window_set_sync_status   (McWindow       *self,
                                       const char     *icon_name,
                                       const char     *text,
                                       const char     *accessible);

/* The server lets this user only read (from the Sync page): the window's actions that add
 * records (new member, import, tier re-evaluation) are off while it does. */
void      mc_window_set_sync_read_only (McWindow      *self,
                                        gboolean       read_only);

/* Opens the import sheet for file (a workspace must be open); returns it, or NULL. */
GtkWindow *mc_window_import_file      (McWindow       *self,
                                       GFile          *file);

G_END_DECLS
