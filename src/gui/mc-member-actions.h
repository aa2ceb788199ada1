/* mc-member-actions.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a store owner does to one member, as actions for the member page to insert under
 * "member": record-purchase, refund (order id, "s"), redeem, adjust-points,
 * adjust-growth, set-tier, delete, export, erase. Each opens a small modal form (or acts
 * at once, with undo, for delete), calls the core and refreshes the window's pages.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-db.h"

G_BEGIN_DECLS

/* A GSimpleActionGroup; host is the widget it is inserted in (the window is its root). */
GActionGroup *mc_member_actions_new          (GtkWidget    *host);
/* The member the actions act on; NULL: every action disabled. Actions the workspace's
 * role may not do are disabled too. */
void          mc_member_actions_set_member   (GActionGroup *group,
                                              McDb         *db,
                                              const char   *member_id);
/* The form open now, or NULL (for tests). */
GtkWindow    *mc_member_actions_get_dialog   (GActionGroup *group);
/* What member.export does once a file is chosen: writes the member's data there
 * (asynchronously) and shows a toast. */
void          mc_member_actions_export_to_file (GActionGroup *group,
                                                GFile        *file);

G_END_DECLS
