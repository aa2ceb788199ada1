/* mc-rfm.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFM scores and the 8 segments from the loaded arrays; quintile cut points from a radix
 * sort (no comparison sort over a million members). Definitions: data/metrics.md, "RFM".
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-analytics-private.h"
#include "mc-rfm.h"

static const struct
{
  const char *name;
  const char *display;
} segments[MC_RFM_N_SEGMENTS] = {
  { "important_value", N_("Important value") },
  { "important_development", N_("Important development") },
  { "important_retention", N_("Important retention") },
  { "important_recall", N_("Important recall") },
  { "general_value", N_("General value") },
  { "general_development", N_("General development") },
  { "general_retention", N_("General retention") },
  { "general_recall", N_("General recall") },
};

const char *
mc_rfm_segment_name (McRfmSegment segment)
{
  if (segment == MC_RFM_NO_PURCHASE)
    return "no_purchase";
  g_return_val_if_fail (segment < MC_RFM_N_SEGMENTS, NULL);
  return segments[segment].name;
}

const char *
mc_rfm_segment_display (McRfmSegment segment)
{
  if (segment == MC_RFM_NO_PURCHASE)
    return _("No purchase");
  g_return_val_if_fail (segment < MC_RFM_N_SEGMENTS, NULL);
  return _(segments[segment].display);
}

/* Sorts non-negative values, 11 bits a pass, as many passes as the largest needs. */
static void
radix_sort (guint64 *v,
            guint64 *tmp,
            gsize    n)
{
  guint64 max = 0;

  for (gsize i = 0; i < n; i++)
    max = MAX (max, v[i]);
  for (guint shift = 0; shift < 64 && (max >> shift) != 0; shift += 11)
    {
      gsize count[2048] = { 0 };
      gsize pos = 0;
      guint64 *swap;

      for (gsize i = 0; i < n; i++)
        count[(v[i] >> shift) & 2047]++;
      for (guint d = 0; d < 2048; d++)
        {
          gsize c = count[d];

          count[d] = pos;
          pos += c;
        }
      for (gsize i = 0; i < n; i++)
        tmp[count[(v[i] >> shift) & 2047]++] = v[i];
      swap = v, v = tmp, tmp = swap;
      memcpy (tmp, v, n * sizeof *v);   /* keep the result in both */
    }
}

/* The quintile cut points of values where bigger is better: a value scores
 * 1 + the number of cut points below it, so that a member's score is 1 + ⌊5 × (members
 * with a smaller value) / n⌋ rounded to the quintile boundaries. */
static void
quintile_cuts (const guint64 *values,
               gsize          n,
               guint64       *cuts,
               guint64       *scratch,
               guint64       *sorted)
{
  memcpy (sorted, values, n * sizeof *values);
  radix_sort (sorted, scratch, n);
  for (guint s = 1; s <= 4; s++)
    {
      gsize k = (s * n + 4) / 5;   /* ⌈s n / 5⌉ */

      cuts[s - 1] = k > 0 ? sorted[k - 1] : 0;
    }
}

static guint8
score_by_cuts (guint64        v,
               const guint64 *cuts)
{
  guint8 score = 1;

  for (guint s = 0; s < 4; s++)
    score += v > cuts[s];
  return score;
}

static guint8
score_by_thresholds (double        v,
                     const double *t,
                     gboolean      smaller_is_better)
{
  guint8 score = 1;

  for (guint s = 0; s < 4; s++)
    {
      if (smaller_is_better)
        score += v <= t[3 - s] ? 1 : 0;
      else
        score += v >= t[s] ? 1 : 0;
    }
  return score;
}

static McRfmSegment
segment_of (gboolean r_high,
            gboolean f_high,
            gboolean m_high)
{
  static const McRfmSegment table[2][2][2] = {
    /* m low */
    { { MC_RFM_GENERAL_RECALL, MC_RFM_GENERAL_RETENTION },            /* r low: f low, f high */
      { MC_RFM_GENERAL_DEVELOPMENT, MC_RFM_GENERAL_VALUE } },         /* r high */
    /* m high */
    { { MC_RFM_IMPORTANT_RECALL, MC_RFM_IMPORTANT_RETENTION },
      { MC_RFM_IMPORTANT_DEVELOPMENT, MC_RFM_IMPORTANT_VALUE } },
  };

  return table[m_high != 0][r_high != 0][f_high != 0];
}

/* RFM over the sales of the window [from, to] (local days). */
static McRfm *
rfm_window (const McAnalyticsData *data,
            const McRfmOptions    *options,
            gint32                 from,
            gint32                 to)
{
  McRfm *rfm = g_new0 (McRfm, 1);
  g_autofree gint32 *count = g_new0 (gint32, MAX (data->n_members, 1));
  g_autofree gint32 *last = g_new (gint32, MAX (data->n_members, 1));
  g_autofree gint64 *money = g_new0 (gint64, MAX (data->n_members, 1));
  guint n = 0;
  double sum_r = 0, sum_f = 0, sum_m = 0;
  double sum_recency = 0, sum_frequency = 0, sum_monetary = 0;

  for (guint i = 0; i < data->n_sales; i++)
    {
      gint32 m = data->sale_member[i];
      gint32 day = data->sale_day[i];

      if (m < 0 || day < from || day > to)
        continue;
      if (count[m]++ == 0 || day > last[m])
        last[m] = day;
      money[m] += data->sale_fen[i];
    }
  for (guint m = 0; m < data->n_members; m++)
    n += count[m] > 0;

  rfm->n = n;
  rfm->member = g_new (gint32, MAX (n, 1));
  rfm->recency_days = g_new (gint32, MAX (n, 1));
  rfm->frequency = g_new (gint32, MAX (n, 1));
  rfm->monetary_fen = g_new (gint64, MAX (n, 1));
  rfm->r_score = g_new (guint8, MAX (n, 1));
  rfm->f_score = g_new (guint8, MAX (n, 1));
  rfm->m_score = g_new (guint8, MAX (n, 1));
  rfm->segment = g_new (guint8, MAX (n, 1));
  n = 0;
  for (guint m = 0; m < data->n_members; m++)
    if (count[m] > 0)
      {
        rfm->member[n] = (gint32) m;
        rfm->recency_days[n] = to - last[m];
        rfm->frequency[n] = count[m];
        rfm->monetary_fen[n] = money[m];
        n++;
      }

  if (options != NULL && options->use_thresholds)
    for (guint i = 0; i < n; i++)
      {
        rfm->r_score[i] = score_by_thresholds (rfm->recency_days[i], options->r, TRUE);
        rfm->f_score[i] = score_by_thresholds (rfm->frequency[i], options->f, FALSE);
        rfm->m_score[i] = score_by_thresholds ((double) rfm->monetary_fen[i], options->m, FALSE);
      }
  else if (n > 0)
    {
      g_autofree guint64 *values = g_new (guint64, n);
      g_autofree guint64 *scratch = g_new (guint64, n);
      g_autofree guint64 *sorted = g_new (guint64, n);
      guint64 cuts[4];
      gint32 max_recency = 0;

      /* Recency: smaller is better, so it is scored as (max - recency). */
      for (guint i = 0; i < n; i++)
        max_recency = MAX (max_recency, rfm->recency_days[i]);
      for (guint i = 0; i < n; i++)
        values[i] = (guint64) (max_recency - rfm->recency_days[i]);
      quintile_cuts (values, n, cuts, scratch, sorted);
      for (guint i = 0; i < n; i++)
        rfm->r_score[i] = score_by_cuts (values[i], cuts);
      for (guint i = 0; i < n; i++)
        values[i] = (guint64) rfm->frequency[i];
      quintile_cuts (values, n, cuts, scratch, sorted);
      for (guint i = 0; i < n; i++)
        rfm->f_score[i] = score_by_cuts (values[i], cuts);
      for (guint i = 0; i < n; i++)
        values[i] = (guint64) rfm->monetary_fen[i];
      quintile_cuts (values, n, cuts, scratch, sorted);
      for (guint i = 0; i < n; i++)
        rfm->m_score[i] = score_by_cuts (values[i], cuts);
    }

  for (guint i = 0; i < n; i++)
    {
      sum_r += rfm->r_score[i];
      sum_f += rfm->f_score[i];
      sum_m += rfm->m_score[i];
      sum_recency += rfm->recency_days[i];
      sum_frequency += rfm->frequency[i];
      sum_monetary += (double) rfm->monetary_fen[i];
      rfm->score_members[0][rfm->r_score[i] - 1]++;
      rfm->score_members[1][rfm->f_score[i] - 1]++;
      rfm->score_members[2][rfm->m_score[i] - 1]++;
    }
  if (n > 0)
    {
      rfm->mean_r = sum_r / n;
      rfm->mean_f = sum_f / n;
      rfm->mean_m = sum_m / n;
      rfm->mean_recency_days = sum_recency / n;
      rfm->mean_frequency = sum_frequency / n;
      rfm->mean_monetary_fen = sum_monetary / n;
    }
  for (guint i = 0; i < n; i++)
    {
      McRfmSegment s = segment_of (rfm->r_score[i] > rfm->mean_r, rfm->f_score[i] > rfm->mean_f,
                                   rfm->m_score[i] > rfm->mean_m);

      rfm->segment[i] = (guint8) s;
      rfm->segment_members[s]++;
      rfm->segment_revenue_fen[s] += rfm->monetary_fen[i];
    }
  return rfm;
}

McRfm *
mc_rfm_compute (const McAnalyticsData *data,
                const McRfmOptions    *options)
{
  g_return_val_if_fail (data != NULL, NULL);

  return rfm_window (data, options, data->from_day, data->to_day);
}

McRfm *
mc_rfm_run (McDb                     *db,
            const McAnalyticsFilter  *filter,
            const McRfmOptions       *options,
            McAnalyticsProgress       progress,
            gpointer                  progress_data,
            GCancellable             *cancellable,
            GError                  **error)
{
  g_autoptr(McAnalyticsData) data = NULL;

  data = mc_analytics_data_load (db, filter, MC_ANALYTICS_SALES, progress, progress_data, cancellable, error);
  if (data == NULL)
    return NULL;
  return mc_rfm_compute (data, options);
}

void
mc_rfm_free (McRfm *rfm)
{
  if (rfm == NULL)
    return;
  g_free (rfm->member);
  g_free (rfm->recency_days);
  g_free (rfm->frequency);
  g_free (rfm->monetary_fen);
  g_free (rfm->r_score);
  g_free (rfm->f_score);
  g_free (rfm->m_score);
  g_free (rfm->segment);
  g_free (rfm);
}

McRfmMigration *
mc_rfm_migration_compute (const McAnalyticsData *data,
                          const McRfmOptions    *options,
                          gint32                 first_day,
                          gint32                 second_day,
                          gint32                 window_days)
{
  McRfmMigration *migration = g_new0 (McRfmMigration, 1);
  g_autoptr(McRfm) first = NULL;
  g_autoptr(McRfm) second = NULL;
  g_autofree guint8 *before = NULL;
  g_autofree guint8 *after = NULL;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (window_days > 0, NULL);

  migration->first_day = first_day;
  migration->second_day = second_day;
  migration->window_days = window_days;
  first = rfm_window (data, options, first_day - window_days + 1, first_day);
  second = rfm_window (data, options, second_day - window_days + 1, second_day);
  before = g_malloc (MAX (data->n_members, 1));
  after = g_malloc (MAX (data->n_members, 1));
  memset (before, MC_RFM_NO_PURCHASE, MAX (data->n_members, 1));
  memset (after, MC_RFM_NO_PURCHASE, MAX (data->n_members, 1));
  for (guint i = 0; i < first->n; i++)
    before[first->member[i]] = first->segment[i];
  for (guint i = 0; i < second->n; i++)
    after[second->member[i]] = second->segment[i];
  for (guint m = 0; m < data->n_members; m++)
    if (data->member_joined_day[m] <= second_day)
      migration->members[before[m]][after[m]]++;
  return migration;
}

void
mc_rfm_migration_free (McRfmMigration *migration)
{
  g_free (migration);
}
