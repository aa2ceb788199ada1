/* mc-member-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One member: the header with the tier and the progress to the next, the growth chart,
 * points, the profile editor, tags, orders, ledgers, benefits and the paid membership.
 * The member.* actions (record a purchase, redeem, ...) come from an action group that
 * the window inserts under the prefix "member".
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-db.h"
#include "mc-member-detail.h"
#include "mc-member-form-widget.h"

G_BEGIN_DECLS

#define MC_TYPE_MEMBER_PAGE (mc_member_page_get_type ())
G_DECLARE_FINAL_TYPE (McMemberPage, mc_member_page, MC, MEMBER_PAGE, GtkWidget)

/* Shows the member (db NULL: nothing). */
gboolean            mc_member_page_set_member    (McMemberPage *self,
                                                  McDb         *db,
                                                  const char   *member_id,
                                                  GError      **error);
/* Reads the member again (after a change); the profile's unsaved edits are kept. */
gboolean            mc_member_page_reload        (McMemberPage *self,
                                                  GError      **error);
const char         *mc_member_page_get_member_id (McMemberPage *self);
void                mc_member_page_set_time_zone (McMemberPage *self,
                                                  GTimeZone    *tz);
/* For tests: what the page shows. */
const McMemberDetail *mc_member_page_get_detail  (McMemberPage *self);
McMemberFormWidget *mc_member_page_get_form      (McMemberPage *self);
/* The text of a header label: "name", "card", "tier", "progress", "points". */
const char         *mc_member_page_get_text      (McMemberPage *self,
                                                  const char   *what);
/* Saves the profile as the Save button does. */
void                mc_member_page_save          (McMemberPage *self);

G_END_DECLS
