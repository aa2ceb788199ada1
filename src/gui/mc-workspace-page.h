/* mc-workspace-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A page of the window's sidebar that shows a workspace (Programme, Analytics, Sync, ...).
 * The window gives every child of its page stack that implements this interface the open
 * workspace, tells it when the workspace changed, and shows its "error" signal as a toast.
 * A new page is a GtkStackPage in ui/mc-window.ui and a g_type_ensure() in the window's
 * class_init; the window's code does not change otherwise.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-db.h"

G_BEGIN_DECLS

#define MC_TYPE_WORKSPACE_PAGE (mc_workspace_page_get_type ())
G_DECLARE_INTERFACE (McWorkspacePage, mc_workspace_page, MC, WORKSPACE_PAGE, GtkWidget)

struct _McWorkspacePageInterface
{
  GTypeInterface parent_iface;

  /* db may be NULL (no workspace). Reads in a worker on a connection of its own; a failure
   * to start is returned, a failure later is the "error" signal. */
  gboolean (*set_db)            (McWorkspacePage  *self,
                                 McDb             *db,
                                 GError          **error);
  /* Something in the workspace changed (a purchase, an import, a sync, a role or a
   * display setting): show it. Optional. */
  void     (*workspace_changed) (McWorkspacePage  *self);
};

gboolean mc_workspace_page_set_db            (McWorkspacePage  *self,
                                              McDb             *db,
                                              GError          **error);
void     mc_workspace_page_workspace_changed (McWorkspacePage  *self);
/* Emits "error" (void (*) (McWorkspacePage *, const GError *)): the window shows it. */
void     mc_workspace_page_emit_error        (McWorkspacePage  *self,
                                              const GError     *error);

G_END_DECLS
