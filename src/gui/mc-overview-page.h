/* mc-overview-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-db.h"

G_BEGIN_DECLS

#define MC_TYPE_OVERVIEW_PAGE (mc_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (McOverviewPage, mc_overview_page, MC, OVERVIEW_PAGE, GtkWidget)

/* Reads the workspace's summary in a worker (on a connection of its own); db may be NULL
 * (an empty page). A failure to read is the "error" signal. */
gboolean    mc_overview_page_set_db     (McOverviewPage *self,
                                         McDb           *db,
                                         GError        **error);
gboolean    mc_overview_page_reload     (McOverviewPage *self,
                                         GError        **error);
/* Whether a reload is still reading. */
gboolean    mc_overview_page_is_loading (McOverviewPage *self);
/* The value shown on a card ("members", "new_members_30d", "orders", "revenue_fen",
 * "points_outstanding", "stores", "new_members_today", "purchases_today",
 * "purchase_amount_today", "points_issued_today", "points_redeemed_today",
 * "birthdays_count", "tier_risk_count", "sync_state", "tier:<code>"), for tests;
 * NULL while it has not been read. */
const char *mc_overview_page_get_value  (McOverviewPage *self,
                                         const char     *key);
/* Rows of a list ("birthdays", "tier-risks"), not counting "and N more". */
guint       mc_overview_page_get_n_list_rows (McOverviewPage *self,
                                              const char     *list);

G_END_DECLS
