/* mc-abuse-report.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Patterns of abuse worth a person's look, each finding naming the members and the
 * evidence: buy-then-refund loops (points and growth earned, the money back), bursts of
 * new members on phone numbers that differ in their last digits only (one person
 * farming sign-up rewards), and points redeemed right after a manual adjustment gave them.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 from;                      /* the period looked at: [from, to); 0: unbounded */
  gint64 to;
  guint  refund_loop_orders;        /* this many purchases refunded soon after ... */
  gint64 refund_loop_within;        /* ... this many seconds after the purchase */
  guint  burst_members;             /* this many new members ... */
  gint64 burst_within;              /* ... joined within this many seconds ... */
  guint  burst_tail_digits;         /* ... on phones that differ in these last digits only */
  gint64 redeem_within;             /* a redemption this soon after a positive adjustment */
} McAbuseParams;

/* The defaults: 3 purchases refunded within 48 hours; 5 members within 60 seconds on
 * phones differing in their last 2 digits; a redemption within an hour of an adjustment. */
void      mc_abuse_params_init (McAbuseParams        *params);

/* The findings as a JSON object: {"from", "to", "params": {...}, "findings": [{"pattern":
 * "refund_loop" | "phone_burst" | "redeem_after_adjust", "summary": a translated line,
 * "members": [{"id", "card_no", "name", "phone"}], "evidence": [...]}]}. Phones are
 * masked for a role that may not see contacts. Read-only, but audited (counts only). */
JsonNode *mc_abuse_report      (McDb                 *db,
                                const McAbuseParams  *params,
                                GError              **error);

G_END_DECLS
