/* mc-analytics-clv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CLV models fitted on loaded analytics data, for the KPIs' LTV and churn's P(alive).
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include "mc-analytics-private.h"

gboolean
mc_analytics_fit_clv (const McAnalyticsData  *data,
                      gint32                  cutoff_day,
                      GArray                **summaries,
                      McClvBgNbd             *bgnbd,
                      McClvGammaGamma        *gg,
                      guint                  *fitted,
                      GError                **error)
{
  g_autoptr(GArray) transactions = g_array_new (FALSE, FALSE, sizeof (McClvTransaction));
  g_autoptr(GArray) all = NULL;
  g_autoptr(GArray) sample = NULL;
  const McClvSummary *fit;
  guint n_fit;

  for (guint i = 0; i < data->n_sales; i++)
    {
      McClvTransaction t;

      if (data->sale_member[i] < 0 || data->sale_day[i] > cutoff_day)
        continue;
      t.customer = data->sale_member[i];
      t.day = data->sale_day[i];
      t.amount = data->sale_fen[i] / 100.0;
      g_array_append_val (transactions, t);
    }
  all = mc_clv_summaries_build ((McClvTransaction *) (void *) transactions->data, transactions->len,
                                cutoff_day);
  fit = (const McClvSummary *) (const void *) all->data;
  n_fit = all->len;
  if (all->len > MC_ANALYTICS_FIT_MAX)
    {
      /* Every k-th member (in member order), the same members at every run. */
      double step = (double) all->len / MC_ANALYTICS_FIT_MAX;

      sample = g_array_sized_new (FALSE, FALSE, sizeof (McClvSummary), MC_ANALYTICS_FIT_MAX);
      for (guint k = 0; k < MC_ANALYTICS_FIT_MAX; k++)
        g_array_append_val (sample, g_array_index (all, McClvSummary, (guint) (k * step)));
      fit = (const McClvSummary *) (const void *) sample->data;
      n_fit = sample->len;
    }
  if (!mc_clv_bgnbd_fit (fit, n_fit, bgnbd, error))
    return FALSE;
  if (gg != NULL && !mc_clv_gamma_gamma_fit (fit, n_fit, gg, error))
    return FALSE;
  if (fitted != NULL)
    *fitted = n_fit;
  *summaries = g_steal_pointer (&all);
  return TRUE;
}
