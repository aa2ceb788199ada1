/* mc-ledger.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The points and growth ledgers: append-only. A member's balance is the sum of the ledger
 * and never goes below zero; the cached balance on the member row moves with each entry.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef enum { MC_LEDGER_POINTS, MC_LEDGER_GROWTH } McLedger;

typedef struct
{
  McLedger     ledger;
  const char  *member_id;
  const char  *kind;        /* points: earn reward adjust redeem refund expire;
                               growth: order action adjust refund violation */
  gint64       delta;
  const char  *reason;
  const char  *ref_id;
  gint64       at;
  gint64       expires_at;  /* points lots only; 0: never */
  gint64       unrecovered;
  const char  *id;          /* NULL: a new id */
} McLedgerEntry;

/* Inside the caller's transaction: inserts the entry and moves the member's balance. A
 * balance that would go below zero is MC_ERROR_INSUFFICIENT and nothing is written. */
gboolean  mc_ledger_append        (McDb                *db,
                                   const McLedgerEntry *entry,
                                   GError             **error);
/* Sum of the ledger (not the cached balance). */
gboolean  mc_ledger_sum           (McDb        *db,
                                   McLedger     ledger,
                                   const char  *member_id,
                                   gint64      *sum,
                                   GError     **error);

/* Person-facing operations, each in its own transaction with an audit record. */
gboolean  mc_points_redeem        (McDb        *db,
                                   const char  *member_id,
                                   gint64       points,
                                   const char  *reason,
                                   GError     **error);
gboolean  mc_points_adjust        (McDb        *db,
                                   const char  *member_id,
                                   gint64       delta,
                                   const char  *reason,
                                   GError     **error);
gboolean  mc_growth_adjust        (McDb        *db,
                                   const char  *member_id,
                                   gint64       delta,
                                   const char  *reason,
                                   GError     **error);
/* Lots that expire at or before as_of lose what is left of them, oldest lots first. */
gboolean  mc_points_expire        (McDb        *db,
                                   gint64       as_of,
                                   gint64      *n_members,
                                   gint64      *n_points,
                                   GError     **error);

typedef struct
{
  char   *id;
  gint64  earned_at;
  gint64  expires_at;
  gint64  amount;
  gint64  remaining;
} McPointsLot;

/* A member's lots with what remains of each, oldest first (FIFO replay of the ledger). */
GArray   *mc_points_lots          (McDb        *db,
                                   const char  *member_id,
                                   GError     **error);
void      mc_points_lots_free     (GArray      *lots);

G_END_DECLS
