/* mc-analytics-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the analytics files: the local-day cache, the member index (member id → index
 * into the loaded members) and the scans of mc-analytics-scan.c.
 */
#pragma once

#include "mc-analytics-data.h"

G_BEGIN_DECLS

/* GDate's Julian day of 1970-01-01, local day 0 */
#define JULIAN_1970 719163

/* Local days of unix times: the zone's intervals of one offset met so far, found once each
 * (a zone without daylight saving has one since 1991), the last one tried first. */
#define MC_DAY_CACHE_INTERVALS 64

typedef struct
{
  gint64 from, to;     /* [from, to) in unix seconds */
  gint32 offset;
} McDayInterval;

typedef struct
{
  GTimeZone     *tz;
  McDayInterval  intervals[MC_DAY_CACHE_INTERVALS];
  guint          n;
  guint          last;
} McDayCache;

McDayCache *mc_day_cache_new  (GTimeZone  *tz);
void        mc_day_cache_free (McDayCache *cache);
gint32      mc_day_cache_day  (McDayCache *cache,
                               gint64      at);

/* Open addressing over the kept members' ids. */
typedef struct
{
  GStringChunk *ids;
  const char  **id;        /* [n] the id of member i */
  gint32       *slots;     /* [mask + 1] member index, -1 empty */
  guint         mask;
  guint         n;
  /* the last hit, as scans meet a member's rows together */
  const char   *last_text;
  gsize         last_len;
  gint32        last_index;
  char          last_buf[64];
} McMemberIndex;

void    mc_member_index_init   (McMemberIndex *index,
                                guint          capacity);
void    mc_member_index_clear  (McMemberIndex *index);
void    mc_member_index_add    (McMemberIndex *index,
                                const char    *id,
                                gint32         member);
/* The member index of an id (not NUL-terminated: len bytes), or MC_ANALYTICS_OUTSIDE. */
gint32  mc_member_index_find   (McMemberIndex *index,
                                const char    *id,
                                gsize          len);
/* A copy for another thread: shares the table, has its own last-hit cache. */
void    mc_member_index_share  (const McMemberIndex *index,
                                McMemberIndex       *copy);

typedef struct
{
  McDb                *db;
  McAnalyticsData     *data;
  McMemberIndex       *members;
  const char          *store_id;     /* the filter's, or NULL */
  gboolean             all_members;  /* every member row is kept: no lookup is needed */
  GCancellable        *cancellable;
  McAnalyticsProgress  progress;
  gpointer             progress_data;
  double               progress_from, progress_to;
} McAnalyticsScan;

gboolean mc_analytics_scan_sales   (McAnalyticsScan *scan,
                                    GError         **error);
gboolean mc_analytics_scan_events  (McAnalyticsScan *scan,
                                    GError         **error);
gboolean mc_analytics_scan_points  (McAnalyticsScan *scan,
                                    GError         **error);
gboolean mc_analytics_scan_plans   (McAnalyticsScan *scan,
                                    GError         **error);
/* Checks every 65536 rows; TRUE (with error set) when cancelled. */
gboolean mc_analytics_cancelled    (GCancellable    *cancellable,
                                    GError         **error);

G_END_DECLS

#include "mc-clv.h"

G_BEGIN_DECLS

/* At most this many members are used to fit the CLV models (an even sample of them). */
#define MC_ANALYTICS_FIT_MAX 50000

/* The CLV summaries of the kept members' sales up to cutoff_day (customer: the member
 * index), and BG/NBD fitted on them (Gamma-Gamma too when gg is not NULL), on at most
 * MC_ANALYTICS_FIT_MAX of them. */
gboolean mc_analytics_fit_clv (const McAnalyticsData  *data,
                               gint32                  cutoff_day,
                               GArray                **summaries,
                               McClvBgNbd             *bgnbd,
                               McClvGammaGamma        *gg,
                               guint                  *fitted,
                               GError                **error);

G_END_DECLS
