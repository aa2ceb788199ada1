/* mc-member-detail.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member page's read model: one member with everything the page shows — tags, the
 * progress to the next tier under the live programme, the growth over the evaluation
 * window as a series, points and the lots about to expire, the latest ledger entries,
 * orders with what was refunded, benefits used and the paid subscription. Contact data
 * is masked for roles that may not see it. All of it read in one go, no writes.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"
#include "mc-ledger.h"
#include "mc-member.h"

G_BEGIN_DECLS

typedef struct
{
  char *name;
  char *kind;                    /* basic, behaviour, interest, value */
} McMemberTag;

typedef struct
{
  gint64  at;                    /* the end of a month in the window, or as_of */
  gint64  cumulative;            /* growth earned in the window up to at */
} McGrowthPoint;

typedef struct
{
  char   *id;
  char   *kind;
  gint64  delta;
  char   *reason;
  gint64  at;
  gint64  expires_at;            /* points lots; 0: never or not a lot */
} McLedgerRow;

typedef struct
{
  char   *id;
  gint64  at;
  gint64  amount_fen;            /* the sale */
  gint64  refunded_fen;          /* refunded so far (positive) */
  char   *store_name;            /* may be NULL */
  char   *note;
} McOrderRow;

typedef struct
{
  gint64  at;
  char   *benefit;               /* the benefit's name, or the event's ref when unknown */
} McBenefitUse;

typedef struct
{
  char    *plan_name;
  char    *period;               /* month quarter year lifetime */
  char    *status;               /* trial active cancelled expired */
  gint64   price_fen;
  gint64   started_at;
  gint64   ends_at;              /* 0: none */
  gint64   trial_until;
  gboolean auto_renew;
  gint64   renewals;
} McSubscriptionInfo;

typedef enum
{
  MC_REFUND_NONE,
  MC_REFUND_PARTIAL,
  MC_REFUND_FULL,
} McRefundState;

typedef struct
{
  McMember           *member;          /* masked for roles without MC_PERMISSION_SEE_CONTACT */
  gboolean            masked;
  gint64              as_of;
  GPtrArray          *tags;            /* McMemberTag*, by kind then name */

  /* Tier progress under the live programme */
  char               *tier_code;       /* the member's tier now */
  char               *tier_name;
  gint64              tier_threshold;
  char               *next_tier_code;  /* NULL at the top tier */
  char               *next_tier_name;
  gint64              next_threshold;
  gint64              window_start;
  gint64              window_growth;   /* growth earned in (window_start, as_of] */
  gint64              missing;         /* growth still needed for the next tier; 0 at the top */
  double              progress;        /* 0..1 from this tier's threshold to the next */
  gboolean            below_threshold; /* the window's growth no longer holds this tier */
  gint64              grace_since;     /* a downgrade pending since; 0: none */
  gint64              grace_until;     /* when the grace ends */
  char               *manual_tier;     /* an override that still holds; NULL: none */
  char               *manual_reason;
  gint64              manual_until;
  GArray             *growth_series;   /* McGrowthPoint, first the window's start (0) */

  /* Points */
  gint64              points_balance;
  gint64              expiring_30;     /* points in lots that expire in the next 30 days */
  gint64              expiring_90;
  GArray             *expiring_lots;   /* McPointsLot (remaining > 0) expiring in 90 days, soonest first */

  GPtrArray          *points_entries;  /* McLedgerRow*, latest first */
  GPtrArray          *growth_entries;
  GPtrArray          *orders;          /* McOrderRow*, latest first */
  gint64              n_orders;        /* all sales, not only those listed */
  GPtrArray          *benefits_used;   /* McBenefitUse*, latest first */
  McSubscriptionInfo *subscription;    /* the latest one, or NULL */
} McMemberDetail;

/* as_of: 0 for now. limit: rows per list (ledgers, orders, benefits); 0: 20. */
McMemberDetail *mc_member_detail_load  (McDb        *db,
                                        const char  *member_id,
                                        gint64       as_of,
                                        guint        limit,
                                        GError     **error);
void            mc_member_detail_free  (McMemberDetail *self);

McRefundState   mc_order_row_refund_state (const McOrderRow *row);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McMemberDetail, mc_member_detail_free)

G_END_DECLS
