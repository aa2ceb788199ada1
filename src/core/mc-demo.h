/* mc-demo.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demo data: a deterministic, realistic membership base for an empty workspace — stores,
 * members, 24 months of orders and refunds, the points and growth ledgers that the live
 * programme's rules give for them, and member actions.
 */
#pragma once

#include <gio/gio.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  guint    n_members;          /* 1 .. 100,000,000 */
  double   orders_per_member;  /* mean sales per member, anonymous sales included; <= 0: 10 */
  guint64  seed;               /* the same seed and end give byte-identical data */
  gint64   end;                /* epoch; the data spans the 24 months before it;
                                  0: today's midnight in the workspace's time zone */
} McDemoOptions;

typedef struct
{
  guint64 members;
  guint64 orders;              /* sales, anonymous ones included; refunds not */
  guint64 refunds;
  guint64 anonymous_orders;
  guint64 points_entries;
  guint64 growth_entries;
  guint64 events;
  guint64 stores;
  double  seconds;
} McDemoStats;

/* Called in the thread that called mc_demo_generate(), between batches. */
typedef void (*McDemoProgress) (double   fraction,
                                gpointer user_data);

/* Fills a workspace that has no members yet (MC_ERROR_INVALID otherwise). Uses the live
 * programme, installing the default one when the workspace has none. Commits in batches;
 * a cancellation or an error removes what was already written, leaving the workspace as
 * it was (except for the installed programme). Blocking: run it in a thread with its own
 * McDb for a responsive window. */
gboolean mc_demo_generate (McDb                *db,
                           const McDemoOptions *options,
                           McDemoProgress       progress,
                           gpointer             user_data,
                           GCancellable        *cancellable,
                           McDemoStats         *stats,
                           GError             **error);

G_END_DECLS
