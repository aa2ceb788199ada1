/* mc-analytics-series.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain loops over the loaded arrays; a member's join month comes from a table of the
 * months of the days between the first and last join, not a date conversion per member.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <math.h>

#include "mc-analytics-private.h"
#include "mc-analytics-series.h"

/* More months than this are cut at the start: twenty years. */
#define MAX_MONTHS 240

gint32
mc_analytics_month_first_day (gint32 month)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, (GDateMonth) (month % 12 + 1), (GDateYear) (month / 12));
  return (gint32) g_date_get_julian (&date) - JULIAN_1970;
}

McMemberGrowth *
mc_member_growth_compute (const McAnalyticsData *data)
{
  McMemberGrowth *growth = g_new0 (McMemberGrowth, 1);
  gint32 lo = G_MAXINT32, hi = G_MININT32, first, last;
  g_autofree gint32 *month_of = NULL;
  gint64 before = 0;

  g_return_val_if_fail (data != NULL, growth);

  for (guint m = 0; m < data->n_members; m++)
    {
      lo = MIN (lo, data->member_joined_day[m]);
      hi = MAX (hi, data->member_joined_day[m]);
    }
  if (data->n_members == 0)
    return growth;
  first = mc_analytics_day_month (data->from_day != G_MININT32 ? MAX (data->from_day, lo) : lo);
  last = mc_analytics_day_month (MAX (data->as_of_day, hi));
  first = MAX (first, last - (MAX_MONTHS - 1));
  growth->n_months = (guint) (last - first + 1);
  growth->month = g_new (gint32, growth->n_months);
  growth->month_day = g_new (gint32, growth->n_months);
  growth->joined = g_new0 (gint64, growth->n_months);
  growth->members = g_new0 (gint64, growth->n_months);
  for (guint k = 0; k < growth->n_months; k++)
    {
      growth->month[k] = first + (gint32) k;
      growth->month_day[k] = mc_analytics_month_first_day (first + (gint32) k);
    }
  month_of = g_new (gint32, (gsize) (hi - lo) + 1);
  for (gint32 d = lo; d <= hi; d++)
    month_of[d - lo] = mc_analytics_day_month (d);
  for (guint m = 0; m < data->n_members; m++)
    {
      gint32 month = month_of[data->member_joined_day[m] - lo];

      if (month < first)
        before++;
      else
        growth->joined[month - first]++;
    }
  for (guint k = 0; k < growth->n_months; k++)
    {
      before += growth->joined[k];
      growth->members[k] = before;
    }
  return growth;
}

void
mc_member_growth_free (McMemberGrowth *growth)
{
  if (growth == NULL)
    return;
  g_free (growth->month);
  g_free (growth->month_day);
  g_free (growth->joined);
  g_free (growth->members);
  g_free (growth);
}

McRetentionSeries *
mc_retention_series_compute (const McRetention *retention)
{
  McRetentionSeries *series = g_new0 (McRetentionSeries, 1);
  g_autofree gint64 *sums = NULL;   /* per month: known and active for d1, d7, d30 */
  gint32 first, last;

  g_return_val_if_fail (retention != NULL, series);

  if (retention->n_days == 0)
    return series;
  first = mc_analytics_day_month (retention->days[0].join_day);
  last = mc_analytics_day_month (retention->days[retention->n_days - 1].join_day);
  series->n_months = (guint) (last - first + 1);
  series->month = g_new (gint32, series->n_months);
  series->month_day = g_new (gint32, series->n_months);
  series->d1 = g_new (double, series->n_months);
  series->d7 = g_new (double, series->n_months);
  series->d30 = g_new (double, series->n_months);
  sums = g_new0 (gint64, (gsize) series->n_months * 6);
  for (guint i = 0; i < retention->n_days; i++)
    {
      const McRetentionDay *day = &retention->days[i];
      gint64 *s = sums + (gsize) (mc_analytics_day_month (day->join_day) - first) * 6;

      if (day->d1_known)
        s[0] += day->joined, s[1] += day->d1;
      if (day->d7_known)
        s[2] += day->joined, s[3] += day->d7;
      if (day->d30_known)
        s[4] += day->joined, s[5] += day->d30;
    }
  for (guint k = 0; k < series->n_months; k++)
    {
      const gint64 *s = sums + (gsize) k * 6;

      series->month[k] = first + (gint32) k;
      series->month_day[k] = mc_analytics_month_first_day (first + (gint32) k);
      series->d1[k] = s[0] > 0 ? (double) s[1] / (double) s[0] : NAN;
      series->d7[k] = s[2] > 0 ? (double) s[3] / (double) s[2] : NAN;
      series->d30[k] = s[4] > 0 ? (double) s[5] / (double) s[4] : NAN;
    }
  return series;
}

void
mc_retention_series_free (McRetentionSeries *series)
{
  if (series == NULL)
    return;
  g_free (series->month);
  g_free (series->month_day);
  g_free (series->d1);
  g_free (series->d7);
  g_free (series->d30);
  g_free (series);
}

McTierMix *
mc_tier_mix_compute (const McAnalyticsData *data)
{
  McTierMix *mix = g_new0 (McTierMix, 1);

  g_return_val_if_fail (data != NULL, mix);

  mix->n_tiers = data->tier_codes != NULL ? g_strv_length (data->tier_codes) : 0;
  mix->codes = g_strdupv (data->tier_codes);
  mix->members = g_new0 (gint64, mix->n_tiers);
  mix->orders = g_new0 (gint64, mix->n_tiers);
  mix->revenue_fen = g_new0 (gint64, mix->n_tiers);
  for (guint m = 0; m < data->n_members; m++)
    if (data->member_tier[m] < mix->n_tiers)
      mix->members[data->member_tier[m]]++;
  for (guint i = 0; i < data->n_sales; i++)
    {
      gint32 m = data->sale_member[i];
      guint tier;

      if (m < 0 || data->sale_day[i] < data->from_day || data->sale_day[i] > data->to_day ||
          !data->sale_at_store[i])
        continue;
      tier = data->member_tier[m];
      if (tier < mix->n_tiers)
        {
          mix->orders[tier]++;
          mix->revenue_fen[tier] += data->sale_fen[i];
        }
    }
  return mix;
}

void
mc_tier_mix_free (McTierMix *mix)
{
  if (mix == NULL)
    return;
  g_strfreev (mix->codes);
  g_free (mix->members);
  g_free (mix->orders);
  g_free (mix->revenue_fen);
  g_free (mix);
}

McClvSpread *
mc_clv_spread_compute (const McAnalyticsData  *data,
                       const McClvValueInputs *inputs,
                       guint                   max_members,
                       GError                **error)
{
  g_autoptr(McClvSpread) spread = g_new0 (McClvSpread, 1);
  g_autoptr(GArray) summaries = NULL;
  double step;

  g_return_val_if_fail (data != NULL && inputs != NULL, NULL);
  g_return_val_if_fail (max_members > 0, NULL);

  if (!mc_analytics_fit_clv (data, data->as_of_day, &summaries, &spread->bgnbd, &spread->gamma_gamma,
                             &spread->fitted, error))
    return NULL;
  spread->n_customers = summaries->len;
  spread->n = MIN (summaries->len, max_members);
  spread->clv_fen = g_new (double, spread->n);
  spread->p_alive = g_new (double, spread->n);
  step = spread->n > 0 ? (double) summaries->len / spread->n : 1.0;
  for (guint k = 0; k < spread->n; k++)
    {
      const McClvSummary *s = &g_array_index (summaries, McClvSummary, (guint) (k * step));

      spread->clv_fen[k] = mc_clv_value (&spread->bgnbd, &spread->gamma_gamma, inputs, s) * 100.0;
      spread->p_alive[k] = mc_clv_bgnbd_p_alive (&spread->bgnbd, s->x, s->t_x, s->T);
    }
  return g_steal_pointer (&spread);
}

void
mc_clv_spread_free (McClvSpread *spread)
{
  if (spread == NULL)
    return;
  g_free (spread->clv_fen);
  g_free (spread->p_alive);
  g_free (spread);
}
