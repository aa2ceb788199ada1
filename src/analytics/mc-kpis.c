/* mc-kpis.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The key figures, from the loaded arrays in one pass over the sales and one over the
 * events. Definitions: data/metrics.md, "KPIs".
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <math.h>

#include "mc-analytics-private.h"
#include "mc-kpis.h"

enum
{
  ACTIVE         = 1 << 0,
  MONTH_ACTIVE   = 1 << 1,
  BENEFIT_USER   = 1 << 2,
};

static double
ratio (double num,
       double den)
{
  return den > 0 ? num / den : NAN;
}

static double
mean_ltv_fen (const McAnalyticsData *data)
{
  g_autoptr(GArray) summaries = NULL;
  McClvBgNbd bgnbd = { 0 };
  McClvGammaGamma gg = { 0 };
  McClvValueInputs inputs = { 12, 0.01, 0.3 };
  double sum = 0;

  if (!mc_analytics_fit_clv (data, data->to_day, &summaries, &bgnbd, &gg, NULL, NULL) || gg.q <= 1.0)
    return NAN;
  for (guint i = 0; i < summaries->len; i++)
    sum += mc_clv_value (&bgnbd, &gg, &inputs, &g_array_index (summaries, McClvSummary, i));
  return summaries->len > 0 ? sum / summaries->len * 100.0 : NAN;
}

McKpis *
mc_kpis_compute (const McAnalyticsData *data,
                 double                 cac_fen)
{
  McKpis *k = g_new0 (McKpis, 1);
  g_autofree guint8 *flags = NULL;
  g_autofree gint32 *orders = NULL;
  g_autofree gint32 *first = NULL;
  g_autofree gint32 *last = NULL;
  gint32 from = data->from_day, to = data->to_day;
  gint32 month_from = to - 29;
  gint64 span_days = 0, gaps = 0;
  const gint64 *in = data->points_in_range;

  g_return_val_if_fail (data != NULL, NULL);

  flags = g_new0 (guint8, MAX (data->n_members, 1));
  orders = g_new0 (gint32, MAX (data->n_members, 1));
  first = g_new (gint32, MAX (data->n_members, 1));
  last = g_new (gint32, MAX (data->n_members, 1));

  k->from_day = from;
  k->to_day = to;
  if (from == G_MININT32)
    {
      /* An open range starts with the first member or sale. */
      k->from_day = to;
      for (guint m = 0; m < data->n_members; m++)
        k->from_day = MIN (k->from_day, data->member_joined_day[m]);
      for (guint i = 0; i < data->n_sales; i++)
        k->from_day = MIN (k->from_day, data->sale_day[i]);
    }

  for (guint m = 0; m < data->n_members; m++)
    {
      gint32 joined = data->member_joined_day[m];

      if (joined > to)
        continue;
      k->members++;
      if (joined >= from)
        k->new_members++;
    }

  for (guint i = 0; i < data->n_sales; i++)
    {
      gint32 day = data->sale_day[i];
      gint32 m = data->sale_member[i];
      gint64 fen = data->sale_fen[i];

      if (m >= 0 && day >= month_from && day <= to)
        flags[m] |= MONTH_ACTIVE;   /* the 30 days may reach before the range */
      if (day < from || day > to)
        continue;
      if (data->sale_at_store[i])
        {
          if (m == MC_ANALYTICS_ANONYMOUS)
            {
              k->anonymous_sales_fen += fen;
              k->anonymous_sales_orders++;
            }
          else
            {
              k->member_sales_fen += fen;
              k->member_sales_orders++;
            }
        }
      if (m < 0)
        continue;
      k->orders++;
      k->revenue_fen += fen;
      flags[m] |= ACTIVE;
      if (orders[m]++ == 0)
        first[m] = last[m] = day;
      else
        {
          first[m] = MIN (first[m], day);
          last[m] = MAX (last[m], day);
        }
    }

  for (guint i = 0; i < data->n_events; i++)
    {
      gint32 day = data->event_day[i];
      gint32 m = data->event_member[i];

      if (day >= month_from && day <= to)
        flags[m] |= MONTH_ACTIVE;
      if (day < from || day > to)
        continue;
      flags[m] |= ACTIVE;
      if (data->event_kind[i] == MC_ANALYTICS_EVENT_BENEFIT_USED)
        flags[m] |= BENEFIT_USER;
    }

  for (guint m = 0; m < data->n_members; m++)
    {
      if (data->member_joined_day[m] > to)
        continue;
      k->active_members += (flags[m] & ACTIVE) != 0;
      k->mau += (flags[m] & MONTH_ACTIVE) != 0;
      k->benefit_users += (flags[m] & BENEFIT_USER) != 0;
      if (orders[m] > 0)
        k->buyers++;
      if (orders[m] > 1)
        {
          k->repurchase_rate++;
          span_days += last[m] - first[m];
          gaps += orders[m] - 1;
        }
    }
  k->repurchase_rate = ratio (k->repurchase_rate, (double) k->buyers);
  k->active_share = ratio ((double) k->mau, (double) k->members);
  k->arpu_fen = ratio ((double) k->revenue_fen, (double) k->members);
  k->average_order_fen = ratio ((double) k->revenue_fen, (double) k->orders);
  k->purchase_interval_days = ratio ((double) span_days, (double) gaps);
  k->benefit_usage_rate = ratio ((double) k->benefit_users, (double) k->members);
  k->member_sales_share = ratio ((double) k->member_sales_fen,
                                 (double) (k->member_sales_fen + k->anonymous_sales_fen));

  k->points_issued = in[MC_ANALYTICS_POINTS_EARN] + in[MC_ANALYTICS_POINTS_REWARD] +
                     in[MC_ANALYTICS_POINTS_ADJUST];
  k->points_redeemed = -in[MC_ANALYTICS_POINTS_REDEEM];
  k->points_expired = -in[MC_ANALYTICS_POINTS_EXPIRE];
  k->points_reversed = -in[MC_ANALYTICS_POINTS_REFUND] - data->points_adjust_taken_in_range;
  k->points_outstanding = data->points_adjust_taken_to_date;
  for (guint kind = 0; kind < MC_ANALYTICS_N_POINTS_KINDS; kind++)
    k->points_outstanding += data->points_to_date[kind];
  k->points_liability_fen = k->points_outstanding * data->points_value_fen;

  for (guint s = 0; s < data->n_subscriptions; s++)
    {
      const McAnalyticsSubscription *sub = &data->subscriptions[s];

      if (sub->first_term_end_day > to)
        continue;
      k->renewals_due++;
      k->renewals_made += sub->renewals > 0;
    }
  k->renewal_rate = ratio ((double) k->renewals_made, (double) k->renewals_due);

  k->cac_fen = cac_fen;
  k->ltv_fen = NAN;
  k->ltv_cac = NAN;
  if (!isnan (cac_fen))
    {
      k->ltv_fen = mean_ltv_fen (data);
      k->ltv_cac = ratio (k->ltv_fen, cac_fen);
    }
  return k;
}

McKpis *
mc_kpis_run (McDb                     *db,
             const McAnalyticsFilter  *filter,
             double                    cac_fen,
             McAnalyticsProgress       progress,
             gpointer                  progress_data,
             GCancellable             *cancellable,
             GError                  **error)
{
  g_autoptr(McAnalyticsData) data = NULL;

  data = mc_analytics_data_load (db, filter, MC_ANALYTICS_ALL, progress, progress_data, cancellable, error);
  if (data == NULL)
    return NULL;
  return mc_kpis_compute (data, cac_fen);
}

void
mc_kpis_free (McKpis *kpis)
{
  g_free (kpis);
}
