/* mc-retention.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * D1 / D7 / D30 retention and monthly cohorts from the loaded arrays: one pass over the
 * sales and one over the events mark, per member, the days 1, 7 and 30 after joining and
 * the months after the join month (up to 63) with activity. Definitions: data/metrics.md,
 * "Retention".
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <math.h>

#include "mc-analytics-private.h"
#include "mc-retention.h"

#define MAX_MONTHS 64

enum
{
  DAY1  = 1 << 0,
  DAY7  = 1 << 1,
  DAY30 = 1 << 2,
};

typedef struct
{
  const McAnalyticsData *data;
  gint32                 first_day;    /* of the month table */
  gint32                *month_of;     /* [day - first_day] */
  guint64               *months;       /* [member] bit k: active in join month + k */
  guint8                *days;         /* [member] DAY1 | DAY7 | DAY30 */
  gint32                *join_month;   /* [member] */
} Marks;

static void
mark (Marks  *marks,
      gint32  m,
      gint32  day)
{
  gint32 joined = marks->data->member_joined_day[m];
  gint32 after = day - joined;
  gint32 k;

  if (after < 0)
    return;   /* before joining (an order recorded before the card) */
  if (after == 1)
    marks->days[m] |= DAY1;
  else if (after == 7)
    marks->days[m] |= DAY7;
  else if (after == 30)
    marks->days[m] |= DAY30;
  k = marks->month_of[day - marks->first_day] - marks->join_month[m];
  if (k >= 0 && k < MAX_MONTHS)
    marks->months[m] |= G_GUINT64_CONSTANT (1) << k;
}

static double
share (gint64 num,
       gint64 den)
{
  return den > 0 ? (double) num / (double) den : NAN;
}

McRetention *
mc_retention_compute (const McAnalyticsData *data)
{
  McRetention *r = g_new0 (McRetention, 1);
  Marks marks = { data, 0, NULL, NULL, NULL, NULL };
  gint32 from = data->from_day, to = data->to_day, as_of = data->as_of_day;
  gint32 first_join = G_MAXINT32, last_join = G_MININT32;
  gint32 first_month, last_month, as_of_month;
  gint64 d1 = 0, d7 = 0, d30 = 0, n1 = 0, n7 = 0, n30 = 0;
  guint n_table;

  g_return_val_if_fail (data != NULL, NULL);

  r->d1 = r->d7 = r->d30 = NAN;
  for (guint m = 0; m < data->n_members; m++)
    {
      first_join = MIN (first_join, data->member_joined_day[m]);
      last_join = MAX (last_join, data->member_joined_day[m]);
    }
  if (data->n_members == 0)
    return r;

  /* Months of the days from the first join to as_of, by walking the calendar once. */
  marks.first_day = first_join;
  n_table = (guint) (as_of - first_join + 1);
  marks.month_of = g_new (gint32, n_table);
  {
    GDate date;

    g_date_clear (&date, 1);
    g_date_set_julian (&date, (guint32) (first_join + JULIAN_1970));
    for (guint i = 0; i < n_table; i++, g_date_add_days (&date, 1))
      marks.month_of[i] = g_date_get_year (&date) * 12 + g_date_get_month (&date) - 1;
  }
  marks.months = g_new0 (guint64, data->n_members);
  marks.days = g_new0 (guint8, data->n_members);
  marks.join_month = g_new (gint32, data->n_members);
  for (guint m = 0; m < data->n_members; m++)
    marks.join_month[m] = marks.month_of[data->member_joined_day[m] - first_join];

  for (guint i = 0; i < data->n_sales; i++)
    if (data->sale_member[i] >= 0)
      mark (&marks, data->sale_member[i], data->sale_day[i]);
  for (guint i = 0; i < data->n_events; i++)
    mark (&marks, data->event_member[i], data->event_day[i]);

  /* D1 / D7 / D30 by join day, for the join days in the range */
  {
    gint32 lo = MAX (from, first_join), hi = MIN (to, last_join);

    if (lo <= hi)
      {
        g_autofree gint64 *joined = g_new0 (gint64, hi - lo + 1);
        g_autofree gint64 *a1 = g_new0 (gint64, hi - lo + 1);
        g_autofree gint64 *a7 = g_new0 (gint64, hi - lo + 1);
        g_autofree gint64 *a30 = g_new0 (gint64, hi - lo + 1);
        guint n = 0;

        for (guint m = 0; m < data->n_members; m++)
          {
            gint32 j = data->member_joined_day[m];

            if (j < lo || j > hi)
              continue;
            joined[j - lo]++;
            a1[j - lo] += (marks.days[m] & DAY1) != 0;
            a7[j - lo] += (marks.days[m] & DAY7) != 0;
            a30[j - lo] += (marks.days[m] & DAY30) != 0;
          }
        for (gint32 d = lo; d <= hi; d++)
          n += joined[d - lo] > 0;
        r->days = g_new0 (McRetentionDay, MAX (n, 1));
        for (gint32 d = lo; d <= hi; d++)
          {
            McRetentionDay *day;

            if (joined[d - lo] == 0)
              continue;
            day = &r->days[r->n_days++];
            day->join_day = d;
            day->joined = joined[d - lo];
            day->d1 = a1[d - lo];
            day->d7 = a7[d - lo];
            day->d30 = a30[d - lo];
            day->d1_known = d + 1 <= as_of;
            day->d7_known = d + 7 <= as_of;
            day->d30_known = d + 30 <= as_of;
            if (day->d1_known)
              d1 += day->d1, n1 += day->joined;
            if (day->d7_known)
              d7 += day->d7, n7 += day->joined;
            if (day->d30_known)
              d30 += day->d30, n30 += day->joined;
          }
        r->d1 = share (d1, n1);
        r->d7 = share (d7, n7);
        r->d30 = share (d30, n30);
      }
  }

  /* Monthly cohorts of the join months in the range */
  as_of_month = marks.month_of[as_of - first_join];
  first_month = marks.month_of[MAX (from, first_join) - first_join];
  last_month = to >= first_join ? marks.month_of[MIN (to, as_of) - first_join] : first_month - 1;
  if (from > last_join)
    last_month = first_month - 1;
  if (last_month >= first_month)
    {
      guint n = (guint) (last_month - first_month + 1);

      r->cohorts = g_new0 (McCohort, n);
      r->n_cohorts = n;
      for (guint c = 0; c < n; c++)
        {
          McCohort *cohort = &r->cohorts[c];

          cohort->month = first_month + (gint32) c;
          cohort->n_months = (guint) MIN (as_of_month - cohort->month + 1, MAX_MONTHS);
          cohort->active = g_new0 (gint64, cohort->n_months);
          cohort->share = g_new0 (double, cohort->n_months);
        }
      for (guint m = 0; m < data->n_members; m++)
        {
          gint32 j = data->member_joined_day[m];
          McCohort *cohort;
          guint64 bits;

          if (j < from || j > to)
            continue;
          cohort = &r->cohorts[marks.join_month[m] - first_month];
          cohort->size++;
          for (bits = marks.months[m]; bits != 0; bits &= bits - 1)
            {
              guint k = (guint) __builtin_ctzll (bits);

              if (k < cohort->n_months)
                cohort->active[k]++;
            }
        }
      for (guint c = 0; c < n; c++)
        for (guint k = 0; k < r->cohorts[c].n_months; k++)
          r->cohorts[c].share[k] = share (r->cohorts[c].active[k], r->cohorts[c].size);
    }

  g_free (marks.month_of);
  g_free (marks.months);
  g_free (marks.days);
  g_free (marks.join_month);
  return r;
}

McRetention *
mc_retention_run (McDb                     *db,
                  const McAnalyticsFilter  *filter,
                  McAnalyticsProgress       progress,
                  gpointer                  progress_data,
                  GCancellable             *cancellable,
                  GError                  **error)
{
  g_autoptr(McAnalyticsData) data = NULL;

  data = mc_analytics_data_load (db, filter, MC_ANALYTICS_SALES | MC_ANALYTICS_EVENTS, progress,
                                 progress_data, cancellable, error);
  if (data == NULL)
    return NULL;
  return mc_retention_compute (data);
}

void
mc_retention_free (McRetention *retention)
{
  if (retention == NULL)
    return;
  for (guint c = 0; c < retention->n_cohorts; c++)
    {
      g_free (retention->cohorts[c].active);
      g_free (retention->cohorts[c].share);
    }
  g_free (retention->cohorts);
  g_free (retention->days);
  g_free (retention);
}
