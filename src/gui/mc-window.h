/* mc-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-db.h"
#include "mc-member-page.h"
#include "mc-members-page.h"
#include "mc-overview-page.h"

G_BEGIN_DECLS

#define MC_TYPE_WINDOW (mc_window_get_type ())
G_DECLARE_FINAL_TYPE (McWindow, mc_window, MC, WINDOW, AdwApplicationWindow)

/* app may be NULL (tests). */
McWindow       *mc_window_new               (GtkApplication *app);
/* The last workspace from the settings, or the welcome page. */
void            mc_window_open_last         (McWindow       *self);
/* Opens a workspace; an error is shown as a toast over the welcome page. */
void            mc_window_open_path         (McWindow       *self,
                                             const char     *path);
gboolean        mc_window_open_workspace    (McWindow       *self,
                                             const char     *path,
                                             GError        **error);
McDb           *mc_window_get_db            (McWindow       *self);
void            mc_window_show_toast        (McWindow       *self,
                                             const char     *message);

/* Undoes a change; returns FALSE with error set when it could not. */
typedef gboolean (*McUndoFunc) (McDb      *db,
                                gpointer   data,
                                GError   **error);
/* A toast with an Undo button for a change just made. Undo (the button, or Ctrl+Z —
 * win.undo — while it is the latest undoable change) calls undo once, then a refresh of
 * the pages; data is freed with destroy when the change can no longer be undone. */
void            mc_window_show_undo_toast   (McWindow       *self,
                                             const char     *message,
                                             McUndoFunc      undo,
                                             gpointer        data,
                                             GDestroyNotify  destroy);
/* Pages call this after a change to the workspace, so every page shows it. */
void            mc_window_workspace_changed (McWindow       *self);
/* "welcome", "progress" or "workspace" */
const char     *mc_window_get_mode          (McWindow       *self);
const char     *mc_window_get_page          (McWindow       *self);
void            mc_window_set_page          (McWindow       *self,
                                             const char     *name);
McOverviewPage *mc_window_get_overview_page (McWindow       *self);
McMembersPage  *mc_window_get_members_page  (McWindow       *self);
McMemberPage   *mc_window_get_member_page   (McWindow       *self);

G_END_DECLS
