/* mc-window.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "mc-db.h"
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
/* "welcome", "progress" or "workspace" */
const char     *mc_window_get_mode          (McWindow       *self);
const char     *mc_window_get_page          (McWindow       *self);
void            mc_window_set_page          (McWindow       *self,
                                             const char     *name);
McOverviewPage *mc_window_get_overview_page (McWindow       *self);
McMembersPage  *mc_window_get_members_page  (McWindow       *self);

G_END_DECLS
