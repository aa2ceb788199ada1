/* mc-simulate.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The what-if simulator: a programme (a draft, or the live one) applied to the workspace's
 * members as of a date. Two steps:
 *
 *  - mc_simulate_prepare() reads, once per as-of date, each member's figures for the three
 *    evaluation windows (growth, net spend, orders, active days, points balance, paid plan)
 *    into plain arrays. It reads SQLite (seconds at a million members): run it in a worker
 *    thread on its own McDb (mc_db_open_reader), with progress and a cancellable.
 *  - mc_simulate_run() applies a programme to that data: one pass over the arrays (tiers
 *    by binary search on the thresholds, counts, sums). Tens of milliseconds at a million
 *    members, so a threshold can follow a slider. The data is never changed after
 *    preparing: any number of threads may run simulations on it at once.
 *
 * mc_simulate_movement() compares two results (the live programme's and a draft's): how
 * many members move from each tier to each other one, and who would be downgraded.
 * The definitions (cost, liability, revenue) are written out in data/programme.md.
 */
#pragma once

#include <gio/gio.h>

#include "mc-db.h"
#include "mc-programme.h"

G_BEGIN_DECLS

#define MC_SIMULATE_N_WINDOWS 3   /* indexed by McEvalWindow */

/* One member's figures, per evaluation window (index McEvalWindow), window (start, as_of]. */
typedef struct
{
  gint64  rowid;                                /* member.rowid */
  gint64  points_balance;
  gint64  growth[MC_SIMULATE_N_WINDOWS];        /* growth value recorded in the ledger */
  gint64  revenue_fen[MC_SIMULATE_N_WINDOWS];   /* net spend: sales less refunds */
  gint64  whole_yuan[MC_SIMULATE_N_WINDOWS];    /* Σ whole yuan of each sale, less refunds' */
  gint32  orders[MC_SIMULATE_N_WINDOWS];        /* sales (refunds not counted) */
  gint32  active_days[MC_SIMULATE_N_WINDOWS];   /* days with a sale */
  gint32  plan;                                 /* index into the data's plan codes; -1: none */
} McSimulateMember;

typedef struct _McSimulateData McSimulateData;

typedef void (*McSimulateProgress) (double   fraction,
                                    gpointer user_data);

/* Reads the live members (not deleted, not erased) as of as_of (unix seconds). The live
 * programme of the workspace is kept with the data (its growth rules are the baseline
 * that recorded growth was earned under). progress (may be NULL) is called from the
 * calling thread with 0..1; a cancel returns NULL with G_IO_ERROR_CANCELLED. */
McSimulateData   *mc_simulate_prepare   (McDb                *db,
                                         gint64               as_of,
                                         McSimulateProgress   progress,
                                         gpointer             user_data,
                                         GCancellable        *cancellable,
                                         GError             **error);
/* For tests and tools: data from members given directly. live: the baseline programme
 * (copied); plan_codes: the codes McSimulateMember.plan indexes (may be NULL). */
McSimulateData   *mc_simulate_data_new  (gint64               as_of,
                                         McProgramme         *live,
                                         const McSimulateMember *members,
                                         guint                n_members,
                                         const char * const  *plan_codes);
void              mc_simulate_data_free (McSimulateData      *data);
guint             mc_simulate_data_get_n_members (McSimulateData *data);
const McSimulateMember *mc_simulate_data_get_member (McSimulateData *data,
                                                     guint           index);
gint64            mc_simulate_data_get_as_of (McSimulateData *data);
/* The workspace's live programme when the data was prepared (owned by the data). */
McProgramme      *mc_simulate_data_get_live  (McSimulateData *data);

typedef struct
{
  char   *code;
  char   *name;
  char   *color;
  gint64  threshold;
  gint64  members;
  double  share;                      /* members / all members (0 when none) */
  double  target_share;               /* the 80 / 15 / 5 shape, see data/programme.md */
  gint64  monthly_benefit_cost_fen;   /* members × Σ benefits' monthly cost per member */
  gint64  revenue_fen;                /* net spend of its members over the window */
  double  cost_share;                 /* benefit cost over the window / revenue; 0: no revenue */
  gint64  points_issued;              /* points its members' window spend earns */
} McSimulateTier;

typedef struct
{
  char   *code;
  char   *name;
  gint64  subscribers;                /* members with an active or trial subscription */
  gint64  monthly_benefit_cost_fen;   /* the plan's benefits their tier does not give */
  gint64  monthly_revenue_fen;        /* subscribers × monthly price */
} McSimulatePlan;

typedef struct
{
  gint64          as_of;
  McEvalWindow    window;
  McTierMetric    metric;
  int             window_months;
  guint           n_tiers;
  McSimulateTier *tiers;                       /* rank order, lowest first */
  guint           n_plans;
  McSimulatePlan *plans;
  gint64          members;
  gint64          revenue_fen;                 /* Σ tiers' revenue over the window */
  gint64          tiers_monthly_cost_fen;      /* Σ tiers */
  gint64          plans_monthly_cost_fen;      /* Σ plans */
  gint64          campaigns_monthly_cost_fen;  /* birthday gift, member day benefit */
  gint64          monthly_benefit_cost_fen;    /* all three */
  double          cost_share;                  /* all benefit cost over the window / revenue */
  gint64          points_outstanding;          /* Σ balances now */
  gint64          points_issued;               /* Σ tiers' points issued over a window */
  gint64          points_liability_fen;        /* (outstanding + issued) × point value */
  guint           n_members;
  guint8         *member_tier;                 /* per member of the data: its tier's rank */
  gint64          growth_per_yuan_delta;       /* the programme's growth rates less the live */
  gint64          growth_per_order_delta;      /* programme's (how recorded growth was adjusted) */
} McSimulateResult;

McSimulateResult *mc_simulate_run         (McSimulateData    *data,
                                           McProgramme       *programme);
void              mc_simulate_result_free (McSimulateResult  *result);

typedef struct
{
  guint   n_from;                     /* tiers of the first result (rows) */
  guint   n_to;                       /* tiers of the second (columns) */
  gint64 *matrix;                     /* n_from × n_to, row major: from tier i to tier j */
  gint64  up;                         /* members whose rank rises */
  gint64  down;
  gint64  same;
  GArray *downgraded;                 /* guint: indices of the data's members whose rank falls */
} McSimulateMovement;

/* Both results must come from the same data. Ranks are compared by position (0 lowest). */
McSimulateMovement *mc_simulate_movement      (McSimulateResult   *from,
                                               McSimulateResult   *to);
void                mc_simulate_movement_free (McSimulateMovement *movement);

/* One member who would be downgraded, for a list on screen or an export. */
typedef struct
{
  char   *member_id;
  char   *card_no;
  char   *name;
  char   *from_tier;                  /* names */
  char   *to_tier;
  gint64  value;                      /* the draft's metric over the draft's window */
} McSimulateDowngrade;

void       mc_simulate_downgrade_free (McSimulateDowngrade *row);
/* The first limit (0: all) downgraded members with their card number and name, read from
 * db (any connection to the same workspace). */
GPtrArray *mc_simulate_downgraded     (McDb               *db,
                                       McSimulateData     *data,
                                       McSimulateResult   *from,
                                       McSimulateResult   *to,
                                       McSimulateMovement *movement,
                                       guint               limit,
                                       GError            **error);
/* The same list as CSV (card_no, name, from, to, value), UTF-8 with a header row. */
gboolean   mc_simulate_export_downgraded (McDb               *db,
                                          McSimulateData     *data,
                                          McSimulateResult   *from,
                                          McSimulateResult   *to,
                                          McSimulateMovement *movement,
                                          const char         *path,
                                          GError            **error);
/* The member's value of the programme's metric over its window, as the simulator sees it
 * (recorded growth adjusted to the programme's growth rates, see data/programme.md). */
gint64     mc_simulate_member_value   (McSimulateData     *data,
                                       McProgramme        *programme,
                                       guint               index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSimulateData, mc_simulate_data_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSimulateResult, mc_simulate_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSimulateMovement, mc_simulate_movement_free)

G_END_DECLS
