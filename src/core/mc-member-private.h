/* mc-member-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the core's own files that read member rows (mc-member.c, mc-export.c).
 */
#pragma once

#include <sqlite3.h>

#include "mc-member.h"

G_BEGIN_DECLS

/* The columns mc_member_from_row() reads, in its order. */
#define MC_MEMBER_COLUMNS \
  "rowid, id, card_no, name, phone, email, gender, birthday, region, store_id, joined_at, " \
  "join_channel, referrer_id, status, consent_marketing, consent_at, consent_purpose, notes, " \
  "tier, tier_since, downgrade_pending_since, manual_tier, manual_reason, manual_until, " \
  "points_balance, growth, spend_fen, orders_count, last_visit_at, updated_at, rev, deleted, seq"

McMember *mc_member_from_row (sqlite3_stmt *stmt);

G_END_DECLS
