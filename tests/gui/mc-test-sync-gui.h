/* mc-test-sync-gui.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Sync page's tests share: a workspace with the default programme in a temporary
 * folder, a window open on it at the Sync page, and waiting on the main loop.
 */
#pragma once

#include "gui/mc-sync-page.h"
#include "gui/mc-window.h"

G_BEGIN_DECLS

typedef struct
{
  char *dir;
  char *path;
} McTestWorkspace;

void        mc_test_workspace_make   (McTestWorkspace  *ws);
void        mc_test_workspace_clear  (McTestWorkspace  *ws);
/* A window (role owner) on the workspace, showing the Sync page. */
McWindow   *mc_test_sync_window_new  (McTestWorkspace  *ws);
McSyncPage *mc_test_find_sync_page   (GtkWidget        *widget);
/* Iterates the main loop until cond (data) or timeout_ms; the last value of cond. */
gboolean    mc_test_wait_for         (gboolean        (*cond) (gpointer),
                                      gpointer          data,
                                      guint             timeout_ms);

G_END_DECLS
