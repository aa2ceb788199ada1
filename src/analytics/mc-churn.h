/* mc-churn.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Churn risk (data/metrics.md, "Churn"): the rule signals (no activity for N days,
 * activity down by half against the previous period, benefit usage under 20% a month),
 * the BG/NBD probability of being alive, and the recall groups; the export of a group
 * keeps only the members who consented to marketing.
 */
#pragma once

#include "mc-analytics-data.h"

G_BEGIN_DECLS

typedef enum
{
  MC_CHURN_SIGNAL_DORMANT       = 1 << 0,   /* no activity for dormant_days */
  MC_CHURN_SIGNAL_DECLINING     = 1 << 1,   /* activity down by ≥ 50% */
  MC_CHURN_SIGNAL_LOW_BENEFITS  = 1 << 2,   /* benefit usage < 20% of what is offered */
  MC_CHURN_SIGNAL_UNLIKELY_ALIVE = 1 << 3,  /* P(alive) < p_alive_threshold */
} McChurnSignal;

typedef enum
{
  MC_CHURN_GROUP_NONE,                /* no signal */
  MC_CHURN_GROUP_HIGH_VALUE_DORMANT,  /* a signal, and spend in the top 20% */
  MC_CHURN_GROUP_GENERAL,             /* a signal, spend in between */
  MC_CHURN_GROUP_LOW_VALUE,           /* a signal, spend in the bottom 40% (or none) */
  MC_CHURN_N_GROUPS
} McChurnGroup;

typedef struct
{
  guint  dormant_days;          /* default 90 */
  guint  period_days;           /* the periods compared for "declining"; default 90 */
  double benefit_usage_min;     /* default 0.2 */
  double p_alive_threshold;     /* default 0.5 */
} McChurnOptions;

#define MC_CHURN_OPTIONS_INIT { 90, 90, 0.2, 0.5 }

typedef struct
{
  guint    n;                   /* the data's members */
  guint8  *signals;             /* [n] McChurnSignal bits */
  guint8  *group;               /* [n] McChurnGroup */
  float   *p_alive;             /* [n] NAN for a member with no purchase */
  gint32  *days_inactive;       /* [n] days from the last activity (or the join) to as_of */
  gint64  *spend_fen;           /* [n] net spend up to as_of */

  gint64   signal_members[4];   /* members with each signal (bit order) */
  gint64   group_members[MC_CHURN_N_GROUPS];
  gint64   group_consented[MC_CHURN_N_GROUPS];
  gint64   group_spend_fen[MC_CHURN_N_GROUPS];
  gint64   high_value_min_fen;  /* spend from which a member is high value */
  gint64   low_value_max_fen;   /* spend up to which a member is low value */
  gboolean benefit_signal_used; /* FALSE when the workspace offers no benefit */
  gboolean p_alive_fitted;      /* FALSE when the BG/NBD model could not be fitted */
  double   r, alpha, a, b;      /* the BG/NBD parameters when fitted */
  guint    fit_customers;       /* members the model was fitted on */
} McChurn;

const char *mc_churn_group_name    (McChurnGroup  group);  /* "high_value_dormant", ... */
const char *mc_churn_group_display (McChurnGroup  group);  /* translated */

McChurn    *mc_churn_compute       (const McAnalyticsData    *data,
                                    const McChurnOptions     *options,
                                    GCancellable             *cancellable);
McChurn    *mc_churn_run           (McDb                     *db,
                                    const McAnalyticsFilter  *filter,
                                    const McChurnOptions     *options,
                                    McAnalyticsProgress       progress,
                                    gpointer                  progress_data,
                                    GCancellable             *cancellable,
                                    GError                  **error);
void        mc_churn_free          (McChurn                  *churn);

/* Writes the members of group (MC_CHURN_GROUP_NONE: every member with a signal) who
 * consented to marketing as CSV (UTF-8 with a BOM): card number, name, phone (masked for
 * a role that may not see it), group, signals, days inactive, spend (yuan), P(alive).
 * Returns the number of rows written. */
gint64      mc_churn_export        (McDb                     *db,
                                    const McAnalyticsData    *data,
                                    const McChurn            *churn,
                                    McChurnGroup              group,
                                    const char               *path,
                                    GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McChurn, mc_churn_free)

G_END_DECLS
