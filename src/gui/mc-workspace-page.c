/* mc-workspace-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include "mc-workspace-page.h"

G_DEFINE_INTERFACE (McWorkspacePage, mc_workspace_page, GTK_TYPE_WIDGET)

enum { ERROR, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
mc_workspace_page_default_init (McWorkspacePageInterface *iface)
{
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1,
                                 G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

gboolean
mc_workspace_page_set_db (McWorkspacePage  *self,
                          McDb             *db,
                          GError          **error)
{
  McWorkspacePageInterface *iface;

  g_return_val_if_fail (MC_IS_WORKSPACE_PAGE (self), FALSE);
  g_return_val_if_fail (db == NULL || MC_IS_DB (db), FALSE);

  iface = MC_WORKSPACE_PAGE_GET_IFACE (self);
  g_return_val_if_fail (iface->set_db != NULL, FALSE);
  return iface->set_db (self, db, error);
}

void
mc_workspace_page_workspace_changed (McWorkspacePage *self)
{
  McWorkspacePageInterface *iface;

  g_return_if_fail (MC_IS_WORKSPACE_PAGE (self));

  iface = MC_WORKSPACE_PAGE_GET_IFACE (self);
  if (iface->workspace_changed != NULL)
    iface->workspace_changed (self);
}

void
mc_workspace_page_emit_error (McWorkspacePage *self,
                              const GError    *error)
{
  g_return_if_fail (MC_IS_WORKSPACE_PAGE (self));
  g_return_if_fail (error != NULL);

  g_signal_emit (self, signals[ERROR], 0, error);
}
