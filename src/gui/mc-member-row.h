/* mc-member-row.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "mc-member-query.h"

G_BEGIN_DECLS

#define MC_TYPE_MEMBER_ROW (mc_member_row_get_type ())
G_DECLARE_FINAL_TYPE (McMemberRow, mc_member_row, MC, MEMBER_ROW, GObject)

/* Takes ownership of row. */
McMemberRow *mc_member_row_new_take      (McMemberListRow *row);

gint64       mc_member_row_get_rowid     (McMemberRow *self);
const char  *mc_member_row_get_id        (McMemberRow *self);
const char  *mc_member_row_get_card_no   (McMemberRow *self);
const char  *mc_member_row_get_name      (McMemberRow *self);
const char  *mc_member_row_get_phone     (McMemberRow *self);
const char  *mc_member_row_get_tier      (McMemberRow *self);
gint64       mc_member_row_get_points    (McMemberRow *self);
gint64       mc_member_row_get_growth    (McMemberRow *self);
gint64       mc_member_row_get_spend_fen (McMemberRow *self);
gint64       mc_member_row_get_last_visit_at (McMemberRow *self);

/* Swaps the two rows' data and emits "changed" on self. */
void         mc_member_row_take_data_from (McMemberRow *self,
                                           McMemberRow *other);

G_END_DECLS
