/* mc-retention.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Retention (data/metrics.md, "Retention"): D1 / D7 / D30 by join day, and monthly
 * cohorts (join month × months after, the share of the cohort active in that month).
 * Active: a purchase (net of refunds) or an action (member_event) that day.
 */
#pragma once

#include "mc-analytics-data.h"

G_BEGIN_DECLS

/* The members who joined on one day and how many of them were active 1, 7 and 30 days
 * later. A day not yet reached by as_of has no figure: eligible_* says how many could. */
typedef struct
{
  gint32  join_day;
  gint64  joined;
  gint64  d1, d7, d30;          /* active on join day + 1, + 7, + 30 */
  gboolean d1_known, d7_known, d30_known;   /* that day is on or before as_of */
} McRetentionDay;

typedef struct
{
  gint32  month;                /* mc_analytics_day_month () of the join month */
  gint64  size;                 /* members who joined that month */
  guint   n_months;             /* months after, 0 (the join month) .. to as_of's month */
  gint64 *active;               /* [n_months]: members active in month + k */
  double *share;                /* [n_months]: active / size */
} McCohort;

typedef struct
{
  /* Join days in the range (every day with a member who joined), oldest first. */
  guint           n_days;
  McRetentionDay *days;
  /* Over all those days: the shares of members active on day 1 / 7 / 30, over the
   * members whose day 1 / 7 / 30 is known; NAN when none. */
  double          d1, d7, d30;

  /* Monthly cohorts of the join months in the range, oldest first. */
  guint           n_cohorts;
  McCohort       *cohorts;
} McRetention;

McRetention *mc_retention_compute (const McAnalyticsData    *data);
McRetention *mc_retention_run     (McDb                     *db,
                                   const McAnalyticsFilter  *filter,
                                   McAnalyticsProgress       progress,
                                   gpointer                  progress_data,
                                   GCancellable             *cancellable,
                                   GError                  **error);
void         mc_retention_free    (McRetention              *retention);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McRetention, mc_retention_free)

G_END_DECLS
