/* mc-analytics-series.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The series the Analytics page draws that the reports do not hold as such: members over
 * time by month, D1/D7/D30 by join month, members and revenue by tier, and the spread of
 * predicted CLV and P(alive) over the members. Computed from loaded data, no SQL.
 */
#pragma once

#include <glib.h>

#include "mc-analytics-data.h"
#include "mc-clv.h"
#include "mc-retention.h"

G_BEGIN_DECLS

/* Members by month, from the range's first month (or the first join) to as_of's month. */
typedef struct
{
  guint   n_months;
  gint32 *month;          /* mc_analytics_day_month () */
  gint32 *month_day;      /* the local day of the month's first day */
  gint64 *joined;         /* joined in that month */
  gint64 *members;        /* joined by the month's end (or as_of): the member count then */
} McMemberGrowth;

/* D1/D7/D30 by join month: the share of the month's joiners whose day 1 / 7 / 30 is known
 * and who were active that day; NAN when none is known. */
typedef struct
{
  guint   n_months;
  gint32 *month;
  gint32 *month_day;
  double *d1;
  double *d7;
  double *d30;
} McRetentionSeries;

/* By tier code (the programme's, lowest first): members holding it now, and their
 * purchases in the range. */
typedef struct
{
  guint   n_tiers;
  GStrv   codes;
  gint64 *members;
  gint64 *orders;
  gint64 *revenue_fen;
} McTierMix;

/* Predicted CLV (fen) and P(alive) of an even sample of the buying members, and the
 * fitted parameters. */
typedef struct
{
  guint           n;
  double         *clv_fen;
  double         *p_alive;
  guint           n_customers;     /* members with a purchase by as_of */
  guint           fitted;          /* members the models were fitted on */
  McClvBgNbd      bgnbd;
  McClvGammaGamma gamma_gamma;
} McClvSpread;

/* The first day of a month (mc_analytics_day_month ()) as a local day number. */
gint32             mc_analytics_month_first_day   (gint32                  month);

McMemberGrowth    *mc_member_growth_compute       (const McAnalyticsData  *data);
void               mc_member_growth_free          (McMemberGrowth         *growth);

McRetentionSeries *mc_retention_series_compute    (const McRetention      *retention);
void               mc_retention_series_free       (McRetentionSeries      *series);

McTierMix         *mc_tier_mix_compute            (const McAnalyticsData  *data);
void               mc_tier_mix_free               (McTierMix              *mix);

/* At most max_members members are valued (an even sample); NULL with error when the
 * models cannot be fitted (e.g. too few purchases). */
McClvSpread       *mc_clv_spread_compute          (const McAnalyticsData  *data,
                                                   const McClvValueInputs *inputs,
                                                   guint                   max_members,
                                                   GError                **error);
void               mc_clv_spread_free             (McClvSpread            *spread);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McMemberGrowth, mc_member_growth_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McRetentionSeries, mc_retention_series_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McTierMix, mc_tier_mix_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McClvSpread, mc_clv_spread_free)

G_END_DECLS
