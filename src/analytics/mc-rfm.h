/* mc-rfm.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFM (data/metrics.md, "RFM"): for the members who bought in the range, recency (days
 * from the last purchase to the range's end), frequency (purchases) and monetary value
 * (fen), each scored 1–5 by quintiles or by thresholds the analyst sets, and the 8 classic
 * segments (each score above or below its mean over those members). Migration: the
 * segments at two dates, each over a window of the same length.
 */
#pragma once

#include "mc-analytics-data.h"

G_BEGIN_DECLS

typedef enum
{
  MC_RFM_IMPORTANT_VALUE,         /* 重要价值: R high, F high, M high */
  MC_RFM_IMPORTANT_DEVELOPMENT,   /* 重要发展: R high, F low,  M high */
  MC_RFM_IMPORTANT_RETENTION,     /* 重要保持: R low,  F high, M high */
  MC_RFM_IMPORTANT_RECALL,        /* 重要挽留: R low,  F low,  M high */
  MC_RFM_GENERAL_VALUE,           /* 一般价值: R high, F high, M low */
  MC_RFM_GENERAL_DEVELOPMENT,     /* 一般发展: R high, F low,  M low */
  MC_RFM_GENERAL_RETENTION,       /* 一般保持: R low,  F high, M low */
  MC_RFM_GENERAL_RECALL,          /* 一般挽留: R low,  F low,  M low */
  MC_RFM_N_SEGMENTS,
  MC_RFM_NO_PURCHASE = MC_RFM_N_SEGMENTS,   /* in a migration: no purchase in the window */
} McRfmSegment;

/* Scores by thresholds instead of quintiles: four ascending cut points per dimension.
 * Recency in days: a score of 5 for ≤ r[0], 4 for ≤ r[1], ... 1 above r[3].
 * Frequency and money (fen): 1 below f[0], 2 from f[0], ... 5 from f[3]. */
typedef struct
{
  gboolean use_thresholds;
  double   r[4];
  double   f[4];
  double   m[4];
} McRfmOptions;

typedef struct
{
  guint   n;                      /* members who bought in the range */
  gint32 *member;                 /* [n] index into the data's members */
  gint32 *recency_days;
  gint32 *frequency;
  gint64 *monetary_fen;
  guint8 *r_score, *f_score, *m_score;   /* 1..5 */
  guint8 *segment;                /* McRfmSegment */

  double  mean_r, mean_f, mean_m; /* means of the scores: the segments' dividing lines */
  double  mean_recency_days, mean_frequency, mean_monetary_fen;

  gint64  segment_members[MC_RFM_N_SEGMENTS];
  gint64  segment_revenue_fen[MC_RFM_N_SEGMENTS];

  /* score_members[d][s - 1]: members with score s in dimension d (0 R, 1 F, 2 M) */
  gint64  score_members[3][5];
} McRfm;

/* migration[a][b]: members in segment a at the first date and b at the second
 * (MC_RFM_NO_PURCHASE for no purchase in that window), over the members of the data. */
typedef struct
{
  gint32 first_day, second_day;
  gint32 window_days;
  gint64 members[MC_RFM_N_SEGMENTS + 1][MC_RFM_N_SEGMENTS + 1];
} McRfmMigration;

/* The segment's JSON name ("important_value", ...) and its display name (translated). */
const char     *mc_rfm_segment_name        (McRfmSegment segment);
const char     *mc_rfm_segment_display     (McRfmSegment segment);

/* Over the data's range (from_day .. to_day; recency up to to_day). options: NULL for
 * quintiles. */
McRfm          *mc_rfm_compute             (const McAnalyticsData    *data,
                                            const McRfmOptions       *options);
McRfm          *mc_rfm_run                 (McDb                     *db,
                                            const McAnalyticsFilter  *filter,
                                            const McRfmOptions       *options,
                                            McAnalyticsProgress       progress,
                                            gpointer                  progress_data,
                                            GCancellable             *cancellable,
                                            GError                  **error);
void            mc_rfm_free                (McRfm                    *rfm);

/* Segments at first_day and at second_day (local days, each the end of a window of
 * window_days days); the data must hold the sales up to the later one. */
McRfmMigration *mc_rfm_migration_compute   (const McAnalyticsData    *data,
                                            const McRfmOptions       *options,
                                            gint32                    first_day,
                                            gint32                    second_day,
                                            gint32                    window_days);
void            mc_rfm_migration_free      (McRfmMigration           *migration);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McRfm, mc_rfm_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McRfmMigration, mc_rfm_migration_free)

G_END_DECLS
