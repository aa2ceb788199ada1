/* mc-member-filters.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-db.h"
#include "mc-member-query.h"

G_BEGIN_DECLS

#define MC_TYPE_MEMBER_FILTERS (mc_member_filters_get_type ())
G_DECLARE_FINAL_TYPE (McMemberFilters, mc_member_filters, MC, MEMBER_FILTERS, GtkWidget)

GtkWidget      *mc_member_filters_new              (void);
/* Fills the tag and store choices from the workspace, and clears every filter. */
gboolean        mc_member_filters_set_db           (McMemberFilters *self,
                                                    McDb            *db,
                                                    GError         **error);
/* Sets the query's tag, store, status and birthday month from the controls. */
void            mc_member_filters_apply            (McMemberFilters *self,
                                                    McMemberQuery   *query);
/* How many filters are set (for the button's label). */
guint           mc_member_filters_get_n_active     (McMemberFilters *self);
void            mc_member_filters_clear            (McMemberFilters *self);
GtkDropDown    *mc_member_filters_get_tag_filter   (McMemberFilters *self);
GtkDropDown    *mc_member_filters_get_store_filter (McMemberFilters *self);
GtkDropDown    *mc_member_filters_get_status_filter (McMemberFilters *self);
GtkCheckButton *mc_member_filters_get_birthday_check (McMemberFilters *self);

G_END_DECLS
