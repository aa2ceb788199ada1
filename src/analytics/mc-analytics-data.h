/* mc-analytics-data.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workspace's facts as plain arrays, read once in sequential scans, from which every
 * report (KPIs, retention and cohorts, RFM, churn) is computed without more SQL. Days are
 * calendar days in the workspace's time zone, counted from 1970-01-01 (local). A sale
 * counts net of its refunds made by the cutoff; a sale refunded in full is no purchase.
 * Definitions: data/metrics.md.
 *
 * Everything here may run in a worker thread on a connection of its own
 * (mc_db_open_reader ()); the progress callback is then called in that thread.
 */
#pragma once

#include <gio/gio.h>

#include "mc-db.h"

G_BEGIN_DECLS

/* Which part of the workspace a report looks at. Times are unix seconds; a 0 means
 * "not set". The range is [from, to] (to inclusive); without from it starts with the
 * first record, without to it ends at as_of; without as_of, as_of is to, or now. */
typedef struct
{
  gint64      from;
  gint64      to;
  gint64      as_of;
  const char *store_id;   /* a store's id or name: members of that home store; NULL: all */
  const char *tier;       /* a tier code: members holding that tier now; NULL: all */
} McAnalyticsFilter;

/* fraction: 0..1 of the work done. Called from the thread that runs the report. */
typedef void (*McAnalyticsProgress) (double   fraction,
                                     gpointer user_data);

/* What to read: the members always; these on request. */
typedef enum
{
  MC_ANALYTICS_SALES  = 1 << 0,   /* orders (member and anonymous) net of refunds */
  MC_ANALYTICS_EVENTS = 1 << 1,   /* member actions (visit, check-in, benefit used, ...) */
  MC_ANALYTICS_POINTS = 1 << 2,   /* points ledger totals per kind */
  MC_ANALYTICS_PLANS  = 1 << 3,   /* paid-plan subscriptions */
  MC_ANALYTICS_ALL    = 0xf,
} McAnalyticsParts;

/* A sale's member: an index into the members, or one of these. */
#define MC_ANALYTICS_ANONYMOUS (-1)   /* no member (a non-member sale) */
#define MC_ANALYTICS_OUTSIDE   (-2)   /* a member the filter leaves out, or a deleted one */

/* Event kinds, in the order of the schema's CHECK. */
typedef enum
{
  MC_ANALYTICS_EVENT_VISIT,
  MC_ANALYTICS_EVENT_LOGIN,
  MC_ANALYTICS_EVENT_CHECKIN,
  MC_ANALYTICS_EVENT_SHARE,
  MC_ANALYTICS_EVENT_INVITE,
  MC_ANALYTICS_EVENT_SHARE_BOUGHT,
  MC_ANALYTICS_EVENT_LIKE,
  MC_ANALYTICS_EVENT_BENEFIT_USED,
  MC_ANALYTICS_N_EVENT_KINDS
} McAnalyticsEventKind;

/* Points ledger kinds, in the order of the schema's CHECK. */
typedef enum
{
  MC_ANALYTICS_POINTS_EARN,
  MC_ANALYTICS_POINTS_REWARD,
  MC_ANALYTICS_POINTS_ADJUST,
  MC_ANALYTICS_POINTS_REDEEM,
  MC_ANALYTICS_POINTS_REFUND,
  MC_ANALYTICS_POINTS_EXPIRE,
  MC_ANALYTICS_N_POINTS_KINDS
} McAnalyticsPointsKind;

typedef struct
{
  gint64 plan_price_fen;
  gint32 started_day;
  gint32 first_term_end_day;   /* G_MAXINT32 for a lifetime plan */
  gint32 renewals;
  gint32 member;               /* index into the members, or MC_ANALYTICS_OUTSIDE */
} McAnalyticsSubscription;

typedef struct
{
  /* The filter resolved to local days (inclusive). */
  gint32   from_day;              /* G_MININT32 when the range has no start */
  gint32   to_day;
  gint32   as_of_day;
  gint64   as_of;                 /* seconds: the cutoff of every read */
  gint64   from, to;              /* the range in seconds (from: G_MININT64 when open) */
  char    *store_id;              /* the filter's store, as its id; NULL for all */

  /* Members: live (not deleted) ones that the filter keeps and that joined by as_of. */
  guint    n_members;
  gint64  *member_rowid;
  gint32  *member_joined_day;
  gint64  *member_points;         /* points balance now (the member row) */
  guint8  *member_consent;        /* consent_marketing */
  guint8  *member_tier;           /* index into tier_codes; 255: a code not in the programme */

  /* Sales (MC_ANALYTICS_SALES), made by as_of, in the order of the orders table. */
  guint    n_sales;
  gint32  *sale_member;           /* member index, MC_ANALYTICS_ANONYMOUS or MC_ANALYTICS_OUTSIDE */
  gint32  *sale_day;
  gint64  *sale_fen;              /* > 0: net of refunds made by as_of */
  guint8  *sale_at_store;         /* made at the filter's store (TRUE for all without a store) */

  /* Events (MC_ANALYTICS_EVENTS) of the kept members, made by as_of. */
  guint    n_events;
  gint32  *event_member;
  gint32  *event_day;
  guint8  *event_kind;            /* McAnalyticsEventKind */

  /* Points (MC_ANALYTICS_POINTS) of the kept members: sums of delta per kind, in the
   * range and up to to_day. points_value_fen: what a point is worth (the programme's). */
  gint64   points_in_range[MC_ANALYTICS_N_POINTS_KINDS];
  gint64   points_to_date[MC_ANALYTICS_N_POINTS_KINDS];
  /* ADJUST above holds the positive adjustments; the negative ones are these. */
  gint64   points_adjust_taken_in_range;
  gint64   points_adjust_taken_to_date;
  gint64   points_value_fen;

  /* Subscriptions (MC_ANALYTICS_PLANS) of the kept members. */
  guint    n_subscriptions;
  McAnalyticsSubscription *subscriptions;

  /* Benefits offered: live benefits valid at as_of. */
  guint    n_benefits;

  /* The programme's tier codes, lowest first. */
  GStrv    tier_codes;
} McAnalyticsData;

/* Reads what parts asks for. NULL with error on a database error, or G_IO_ERROR_CANCELLED
 * when cancellable was cancelled; a store or tier the workspace does not have is an
 * MC_ERROR_NOT_FOUND. */
McAnalyticsData *mc_analytics_data_load   (McDb                     *db,
                                           const McAnalyticsFilter  *filter,
                                           McAnalyticsParts          parts,
                                           McAnalyticsProgress       progress,
                                           gpointer                  progress_data,
                                           GCancellable             *cancellable,
                                           GError                  **error);
void             mc_analytics_data_free   (McAnalyticsData          *data);

/* The local day of a unix time in a time zone, and the unix time at the start of a
 * local day. */
gint32           mc_analytics_local_day   (GTimeZone                *tz,
                                           gint64                    at);
gint64           mc_analytics_day_start   (GTimeZone                *tz,
                                           gint32                    day);
/* The month of a local day, as year × 12 + month − 1. */
gint32           mc_analytics_day_month   (gint32                    day);
/* "YYYY-MM-DD", newly allocated. */
char            *mc_analytics_day_format  (gint32                    day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McAnalyticsData, mc_analytics_data_free)

G_END_DECLS
