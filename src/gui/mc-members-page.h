/* mc-members-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-db.h"
#include "mc-member-filters.h"
#include "mc-member-list-model.h"

G_BEGIN_DECLS

#define MC_TYPE_MEMBERS_PAGE (mc_members_page_get_type ())
G_DECLARE_FINAL_TYPE (McMembersPage, mc_members_page, MC, MEMBERS_PAGE, GtkWidget)

gboolean           mc_members_page_set_db        (McMembersPage *self,
                                                  McDb          *db,
                                                  GError       **error);
/* Reads the rows again (after a role change). */
void               mc_members_page_refresh       (McMembersPage *self);
/* The zone for dates when no workspace is open; an open workspace's own zone wins. */
void               mc_members_page_set_time_zone (McMembersPage *self,
                                                  const char    *zone);
void               mc_members_page_focus_search  (McMembersPage *self);
/* Sorts as a click on the column's header would. */
void               mc_members_page_sort_by       (McMembersPage *self,
                                                  McMemberSort   sort,
                                                  gboolean       descending);
McMemberListModel *mc_members_page_get_model     (McMembersPage *self);
GtkColumnView     *mc_members_page_get_column_view (McMembersPage *self);
GtkSearchEntry    *mc_members_page_get_search_entry (McMembersPage *self);
GtkDropDown       *mc_members_page_get_tier_filter  (McMembersPage *self);
McMemberFilters   *mc_members_page_get_filters      (McMembersPage *self);
const char        *mc_members_page_get_status_text  (McMembersPage *self);

G_END_DECLS
