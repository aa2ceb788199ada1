/* mc-overview-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-db.h"

G_BEGIN_DECLS

#define MC_TYPE_OVERVIEW_PAGE (mc_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (McOverviewPage, mc_overview_page, MC, OVERVIEW_PAGE, GtkWidget)

/* Reads the workspace's summary; db may be NULL (an empty page). */
gboolean    mc_overview_page_set_db     (McOverviewPage *self,
                                         McDb           *db,
                                         GError        **error);
gboolean    mc_overview_page_reload     (McOverviewPage *self,
                                         GError        **error);
/* The value shown on a card ("members", "new_members_30d", "orders", "revenue_fen",
 * "points_outstanding", "stores"), for tests. */
const char *mc_overview_page_get_value  (McOverviewPage *self,
                                         const char     *key);

G_END_DECLS
