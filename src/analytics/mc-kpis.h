/* mc-kpis.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The programme's key figures over a date range (data/metrics.md, "KPIs"). Money in fen.
 * A rate whose denominator is 0 is NAN ("no data"), never 0.
 */
#pragma once

#include "mc-analytics-data.h"

G_BEGIN_DECLS

typedef struct
{
  gint32  from_day;                  /* the range, local days (from_day: first day with data
                                        when the filter had none) */
  gint32  to_day;

  gint64  members;                   /* live members who joined by the end of the range */
  gint64  new_members;               /* ... who joined in the range */
  gint64  active_members;            /* ... with a purchase or an action in the range */
  gint64  mau;                       /* ... with one in the 30 days ending with the range */
  double  active_share;              /* mau / members */

  gint64  orders;                    /* members' purchases in the range (net of refunds) */
  gint64  revenue_fen;               /* their net amount */
  gint64  buyers;                    /* members with a purchase in the range */
  double  arpu_fen;                  /* revenue / members */
  double  repurchase_rate;           /* buyers with 2 or more purchases / buyers */
  double  average_order_fen;         /* revenue / orders */
  double  purchase_interval_days;    /* mean days between a member's consecutive purchases */

  gint64  points_issued;             /* earn + reward + positive adjustments in the range */
  gint64  points_redeemed;           /* redemptions in the range (a positive number) */
  gint64  points_expired;            /* expiries in the range (a positive number) */
  gint64  points_reversed;           /* taken back by refunds and by hand in the range (positive) */
  gint64  points_outstanding;        /* the balance of all kept members at the range's end */
  gint64  points_liability_fen;      /* outstanding × the value of a point */

  gint64  benefit_users;             /* members who used a benefit in the range */
  double  benefit_usage_rate;        /* benefit_users / members */

  gint64  renewals_due;              /* subscriptions whose first term ended by the range's end */
  gint64  renewals_made;             /* ... renewed at least once */
  double  renewal_rate;              /* made / due */

  gint64  member_sales_fen;          /* sales in the range (at the filter's store), members */
  gint64  member_sales_orders;
  gint64  anonymous_sales_fen;       /* ... without a member */
  gint64  anonymous_sales_orders;
  double  member_sales_share;        /* member / (member + anonymous) amounts */

  double  cac_fen;                   /* the acquisition cost entered; NAN when none */
  double  ltv_fen;                   /* mean predicted discounted CLV of the buying members
                                        (BG/NBD + Gamma-Gamma, 12 months, 1% a month, margin
                                        0.3); NAN without a CAC or when the models fail */
  double  ltv_cac;                   /* ltv / cac */
} McKpis;

/* cac_fen: the cost of acquiring one member, or NAN. The LTV needs the CLV models and
 * is only computed when a CAC is given. */
McKpis  *mc_kpis_compute   (const McAnalyticsData     *data,
                            double                     cac_fen);
/* Loads what the KPIs need and computes them. */
McKpis  *mc_kpis_run       (McDb                      *db,
                            const McAnalyticsFilter   *filter,
                            double                     cac_fen,
                            McAnalyticsProgress        progress,
                            gpointer                   progress_data,
                            GCancellable              *cancellable,
                            GError                   **error);
void     mc_kpis_free      (McKpis                    *kpis);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McKpis, mc_kpis_free)

G_END_DECLS
