/* mc-demo-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by mc-demo.c (the SQLite side: transactions, batch inserts, threads) and
 * mc-demo-gen.c (the generator: plain C, no SQLite). The generator fills a batch with
 * ready-to-insert rows; the writer hands them to SQLite without touching them.
 */
#pragma once

#include <glib.h>

#include "mc-demo.h"
#include "mc-programme.h"

G_BEGIN_DECLS

#define MC_DEMO_ID_LEN   36          /* "xxxxxxxx-xxxx-7xxx-xxxx-xxxxxxxxxxxx" */
#define MC_DEMO_REV_LEN  34          /* "1-" + 32 hex digits */
#define MC_DEMO_N_STORES 6
#define MC_DEMO_ACTOR    "demo"

typedef struct
{
  char        id[MC_DEMO_ID_LEN + 1];
  char        rev[MC_DEMO_REV_LEN + 1];
  char        card_no[12];
  char        name[20];
  char        phone[16];
  char        email[40];                        /* "" : none */
  char        birthday[12];                     /* "" : none */
  char        referrer_id[MC_DEMO_ID_LEN + 1];  /* "" : none */
  char        gender[2];
  gboolean    consent_marketing;
  gint64      rowid;
  const char *region;
  const char *store_id;                         /* NULL: none */
  const char *join_channel;
  const char *consent_purpose;                  /* NULL: none */
  const char *tier;
  gint64      joined_at;
  gint64      consent_at;                       /* 0: none */
  gint64      tier_since;
  gint64      points_balance;
  gint64      growth;
  gint64      spend_fen;
  gint64      orders_count;
  gint64      last_visit_at;                    /* 0: none */
  gint64      updated_at;
} McDemoMemberRow;

typedef struct
{
  char        id[MC_DEMO_ID_LEN + 1];
  char        rev[MC_DEMO_REV_LEN + 1];
  char        refund_of[MC_DEMO_ID_LEN + 1];    /* "" : a sale */
  const char *member_id;                        /* NULL: anonymous */
  const char *store_id;                         /* NULL: online */
  gint64      amount_fen;
  gint64      at;
} McDemoOrderRow;

/* A points or growth ledger entry. */
typedef struct
{
  char        id[MC_DEMO_ID_LEN + 1];
  char        rev[MC_DEMO_REV_LEN + 1];
  char        ref_id[MC_DEMO_ID_LEN + 1];       /* "" : none */
  const char *member_id;
  const char *kind;
  const char *reason;                           /* NULL: none */
  gint64      delta;
  gint64      at;
  gint64      expires_at;                       /* 0: none (points lots only) */
  gint64      unrecovered;
} McDemoLedgerRow;

typedef struct
{
  char        id[MC_DEMO_ID_LEN + 1];
  char        rev[MC_DEMO_REV_LEN + 1];
  char        ref[MC_DEMO_ID_LEN + 1];          /* "" : none */
  const char *member_id;
  const char *kind;
  gint64      at;
} McDemoEventRow;

#define MC_DEMO_ROWS(Type, name) Type *name; guint n_##name; guint cap_##name

/* One batch of members with everything they did, plus the batch's anonymous sales. */
typedef struct
{
  MC_DEMO_ROWS (McDemoMemberRow, members);
  MC_DEMO_ROWS (McDemoOrderRow, orders);
  MC_DEMO_ROWS (McDemoLedgerRow, points);
  MC_DEMO_ROWS (McDemoLedgerRow, growth);
  MC_DEMO_ROWS (McDemoEventRow, events);
  guint   first_member;
  guint64 sales;
  guint64 refunds;
  guint64 anonymous;
} McDemoBatch;

McDemoBatch *mc_demo_batch_new   (guint        max_members);
void         mc_demo_batch_free  (McDemoBatch *batch);

typedef struct
{
  const char *name;
  const char *city;
  double      weight;    /* share of members whose home store it is */
} McDemoStore;

extern const McDemoStore mc_demo_stores[MC_DEMO_N_STORES];

/* Word lists (mc-demo-names.c); u is uniform in [0, 1). */
const char  *mc_demo_surname        (double       u);
const char  *mc_demo_given_char     (char         gender,
                                     gboolean     younger,
                                     double       u);
const char  *mc_demo_other_city     (double       u);

typedef struct _McDemoGen McDemoGen;

/* options must be complete (n_members, orders_per_member, seed and end set). The
 * programme and the time zone are only read; both must outlive the generator. */
McDemoGen   *mc_demo_gen_new        (const McDemoOptions *options,
                                     McProgramme         *programme,
                                     GTimeZone           *tz,
                                     gint64               first_card_no);
void         mc_demo_gen_free       (McDemoGen           *gen);
/* The deterministic id of store i (0 .. MC_DEMO_N_STORES - 1) for a new store row, and
 * the id the rows must use (a store of that name may exist already). */
void         mc_demo_gen_store_id   (McDemoGen           *gen,
                                     guint                i,
                                     char                 id[MC_DEMO_ID_LEN + 1],
                                     char                 rev[MC_DEMO_REV_LEN + 1]);
void         mc_demo_gen_use_store  (McDemoGen           *gen,
                                     guint                i,
                                     const char          *id);
/* Fills batch (emptied first) with members first .. first + count - 1. Batches must be
 * filled in order, from member 0. */
void         mc_demo_gen_fill       (McDemoGen           *gen,
                                     McDemoBatch         *batch,
                                     guint                first,
                                     guint                count);
/* Every id this generator makes sorts within [lo, hi). */
void         mc_demo_gen_id_range   (McDemoGen           *gen,
                                     char                 lo[MC_DEMO_ID_LEN + 1],
                                     char                 hi[MC_DEMO_ID_LEN + 1]);

G_END_DECLS
