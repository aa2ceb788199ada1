/* mc-demo-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demo data in parts. The SQLite side: mc-demo.c (setup, transactions, the generator
 * thread, clean-up) and mc-demo-vtab.c (batches into tables). The generator, plain C with
 * no SQLite: mc-demo-gen.c (members, ids, batches), mc-demo-calendar.c (days, seasons,
 * hours, when members join and buy), mc-demo-person.c (names, phones, birthdays) and
 * mc-demo-play.c (a member's timeline through the programme's rules). The generator fills
 * a batch with ready-to-insert rows; the writer hands them to SQLite untouched.
 */
#pragma once

#include <glib.h>
#include <math.h>

#include "mc-demo.h"
#include "mc-programme.h"

G_BEGIN_DECLS

#define MC_DEMO_ID_LEN   36          /* "xxxxxxxx-xxxx-7xxx-xxxx-xxxxxxxxxxxx" */
#define MC_DEMO_REV_LEN  34          /* "1-" + 32 hex digits */
#define MC_DEMO_N_STORES 6
#define MC_DEMO_ACTOR    "demo"
#define MC_DEMO_DAY      G_GINT64_CONSTANT (86400)
#define MC_DEMO_ANONYMOUS_SHARE 0.08   /* of all sales */

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

/* Cities members live in when not in their store's city (mc-demo-person.c). */
const char  *mc_demo_other_city     (double       u);

/* ---------------------------------------------------------------------------------- */
/* The generator (mc-demo-gen.c): used by the writer                                   */

typedef struct _McDemoGen McDemoGen;

/* options must be complete (n_members, orders_per_member, seed and end set). The
 * programme and the time zone are only read; both must outlive the generator. */
McDemoGen   *mc_demo_gen_new        (const McDemoOptions *options,
                                     McProgramme         *programme,
                                     GTimeZone           *tz,
                                     gint64               first_card_no);
void         mc_demo_gen_free       (McDemoGen           *gen);
/* The deterministic id and rev of store i (0 .. MC_DEMO_N_STORES - 1) for a new store
 * row; then the id the rows must use (a store of that name may exist already). */
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
/* Every id this generator made so far sorts within [lo, hi). */
void         mc_demo_gen_id_range   (McDemoGen           *gen,
                                     char                 lo[MC_DEMO_ID_LEN + 1],
                                     char                 hi[MC_DEMO_ID_LEN + 1]);
/* About the share of all rows that members 0 .. members_done - 1 make: early members
 * have two years of orders, late ones days. */
double       mc_demo_gen_progress   (McDemoGen           *gen,
                                     guint                members_done);

/* ---------------------------------------------------------------------------------- */
/* The writer (mc-demo-vtab.c): one INSERT ... SELECT per table of a batch              */

typedef struct _McDemoWriter McDemoWriter;

McDemoWriter *mc_demo_writer_new    (McDb                *db,
                                     GError             **error);
/* Inside the caller's transaction: the batch's rows, and its members in the search index. */
gboolean     mc_demo_writer_insert  (McDemoWriter        *writer,
                                     McDemoBatch         *batch,
                                     GError             **error);
void         mc_demo_writer_free    (McDemoWriter        *writer);

/* ---------------------------------------------------------------------------------- */
/* Inside the generator                                                                */

/* Random numbers: xoshiro256**, seeded by splitmix64 from (seed, stream). Never GLib's:
 * the same seed must give the same data everywhere. */
typedef struct
{
  guint64 s[4];
} McDemoRng;

static inline guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static inline guint64
hash2 (guint64 a,
       guint64 b)
{
  guint64 x = a ^ (b * G_GUINT64_CONSTANT (0xd1342543de82ef95));

  splitmix64 (&x);
  return splitmix64 (&x);
}

static inline void
rng_seed (McDemoRng     *r,
          guint64  seed,
          guint64  stream)
{
  guint64 x = hash2 (seed, stream);

  for (guint i = 0; i < 4; i++)
    r->s[i] = splitmix64 (&x);
}

static inline guint64
rotl (guint64 x,
      int     k)
{
  return (x << k) | (x >> (64 - k));
}

static inline guint64
rng_next (McDemoRng *r)
{
  guint64 *s = r->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

/* [0, 1) */
static inline double
rng_double (McDemoRng *r)
{
  return (double) (rng_next (r) >> 11) * 0x1.0p-53;
}

/* (0, 1] */
static inline double
rng_double_pos (McDemoRng *r)
{
  return (double) ((rng_next (r) >> 11) + 1) * 0x1.0p-53;
}

static inline guint32
rng_below (McDemoRng     *r,
           guint32  n)
{
  return (guint32) (((rng_next (r) >> 32) * (guint64) n) >> 32);
}

static inline gboolean
rng_chance (McDemoRng    *r,
            double  p)
{
  return rng_double (r) < p;
}

static inline double
rng_normal (McDemoRng *r)
{
  double u, v, s;

  do
    {
      u = 2.0 * rng_double (r) - 1.0;
      v = 2.0 * rng_double (r) - 1.0;
      s = u * u + v * v;
    }
  while (s >= 1.0 || s == 0.0);
  return u * sqrt (-2.0 * log (s) / s);
}

static inline double
rng_exponential (McDemoRng    *r,
                 double  mean)
{
  return -log (rng_double_pos (r)) * mean;
}

/* Marsaglia and Tsang; shape below 1 by the boost u^(1/a). Mean = shape. */
static inline double
rng_gamma (McDemoRng    *r,
           double  shape)
{
  double boost = 1.0, d, c;

  if (shape < 1.0)
    {
      boost = pow (rng_double_pos (r), 1.0 / shape);
      shape += 1.0;
    }
  d = shape - 1.0 / 3.0;
  c = 1.0 / sqrt (9.0 * d);
  for (;;)
    {
      double x, v, u;

      do
        {
          x = rng_normal (r);
          v = 1.0 + c * x;
        }
      while (v <= 0.0);
      v = v * v * v;
      u = rng_double_pos (r);
      if (u < 1.0 - 0.0331 * x * x * x * x ||
          log (u) < 0.5 * x * x + d * (1.0 - v + log (v)))
        return d * v * boost;
    }
}

static inline guint
rng_poisson (McDemoRng    *r,
             double  mean)
{
  if (mean <= 0.0)
    return 0;
  if (mean < 30.0)
    {
      double limit = exp (-mean), p = 1.0;
      guint k = 0;

      for (;;)
        {
          p *= rng_double (r);
          if (p <= limit)
            return k;
          k++;
        }
    }
  else
    {
      double x = floor (mean + sqrt (mean) * rng_normal (r) + 0.5);

      return x > 0.0 ? (guint) x : 0;
    }
}

/* When in the day: cumulative shares of the 24 hours. */
typedef struct
{
  double cum[25];
} McDemoHours;

typedef enum
{
  MC_DEMO_ITEM_SALE,
  MC_DEMO_ITEM_REFUND,
  MC_DEMO_ITEM_EVENT,
  MC_DEMO_ITEM_REDEEM,
} McDemoItemType;

/* The member_event kinds, in the schema's order. */
typedef enum
{
  MC_DEMO_EV_VISIT, MC_DEMO_EV_LOGIN, MC_DEMO_EV_CHECKIN, MC_DEMO_EV_SHARE, MC_DEMO_EV_INVITE,
  MC_DEMO_EV_SHARE_BOUGHT, MC_DEMO_EV_LIKE, MC_DEMO_EV_BENEFIT,
  MC_DEMO_N_EVENT_KINDS,
} McDemoEventKind;

extern const char * const mc_demo_event_kinds[MC_DEMO_N_EVENT_KINDS];

/* One thing in a member's timeline. */
typedef struct
{
  gint64  at;
  guint32 index;     /* into sales, or invites for MC_DEMO_EV_INVITE events */
  guint8  type;      /* McDemoItemType */
  guint8  kind;      /* McDemoEventKind for events */
} McDemoItem;

typedef struct
{
  gint64   at;
  gint64   amount;
  gint64   points;         /* earned, once played */
  gint64   growth;
  guint32  row;            /* index into batch->orders, once played */
  gint32   store;          /* -1: online */
  gint64   refund_at;      /* 0: not refunded */
  gint64   refund_amount;
} McDemoSale;

typedef struct
{
  guint32 row;             /* index into batch->points */
  gint64  expires_at;
  gint64  remaining;
} McDemoLot;

typedef struct
{
  gint64 at;
  gint64 delta;
} McDemoStep;

typedef struct
{
  guint32 invitee;
  gint64  at;
} McDemoInvite;

/* When a member joins, buys and stops buying. */
typedef struct
{
  gint64   joined_at;
  gint64   active_end;     /* buys until then (inclusive) */
  gboolean online;
  gboolean first_sale;     /* buys when joining */
  double   rate;           /* relative buying rate, mean 1 */
} McDemoActivity;

#define MC_DEMO_SCRATCH(Type, name) Type *name; guint n_##name; guint cap_##name

struct _McDemoGen
{
  McDemoOptions  opt;
  McProgramme   *prog;
  GTimeZone     *tz;

  gint64         start;          /* 24 months before end */
  gint64         end;
  guint64        base_ms;        /* ids' synthetic clock starts at end */
  guint64        counter;        /* the next row id's counter */
  gint64         first_card_no;

  /* Days (local midnights) from the day of start to the day of end (mc-demo-calendar.c) */
  guint          n_days;
  gint64        *day_start;      /* n_days + 1 */
  double        *join_w, *join_cum;
  double        *order_w, *order_cum;
  float         *order_boost;    /* festival spending: bigger baskets */
  gint64        *expiry_base;    /* points expiry of the day's midnight; 0: never */
  gboolean      *expiry_exact;   /* the memo holds all day (one UTC offset) */
  gint64        *drop_base;      /* growth earned at the day's midnight leaves the window then */
  gboolean      *drop_exact;
  gint64         final_window_start;
  double         progress_cum[101];

  McDemoHours    join_hours, store_hours, online_hours;

  double         rate_c;         /* sales per weighted active day per unit of rate */
  double         first_p_scale;
  double         anon_mean;      /* anonymous sales per member */

  double         store_cum[MC_DEMO_N_STORES];
  char           store_ids[MC_DEMO_N_STORES][MC_DEMO_ID_LEN + 1];

  guint          n_tiers;
  const McTier  *tiers[16];
  gint           action_of_kind[MC_DEMO_N_EVENT_KINDS];   /* McAction, or -1 */

  GHashTable    *referrals;      /* invitee index -> referrer index + 1 */

  /* The member being made */
  MC_DEMO_SCRATCH (McDemoSale, sales);
  MC_DEMO_SCRATCH (McDemoItem, items);
  MC_DEMO_SCRATCH (McDemoLot, lots);
  MC_DEMO_SCRATCH (McDemoStep, steps);
  MC_DEMO_SCRATCH (McDemoInvite, invites);
};

#define MC_DEMO_ENSURE(owner, name, extra) \
  G_STMT_START { \
    if ((owner)->n_##name + (extra) > (owner)->cap_##name) \
      { \
        guint cap_ = MAX ((owner)->cap_##name * 2, (owner)->n_##name + (extra) + 64); \
        (owner)->name = g_realloc_n ((owner)->name, cap_, sizeof *(owner)->name); \
        (owner)->cap_##name = cap_; \
      } \
  } G_STMT_END

/* mc-demo-gen.c */
McDemoOrderRow  *mc_demo_push_order     (McDemoBatch     *b);
McDemoLedgerRow *mc_demo_push_ledger    (McDemoBatch     *b,
                                         gboolean         points);
McDemoEventRow  *mc_demo_push_event     (McDemoBatch     *b);
void         mc_demo_next_id        (McDemoGen           *gen,
                                     McDemoRng           *r,
                                     char                 out[MC_DEMO_ID_LEN + 1]);
void         mc_demo_member_uuid    (McDemoGen           *gen,
                                     guint                index,
                                     char                 out[MC_DEMO_ID_LEN + 1]);
void         mc_demo_format_rev     (char                 out[MC_DEMO_REV_LEN + 1],
                                     McDemoRng           *r);
guint        mc_demo_pick_store     (McDemoGen           *gen,
                                     double               u);

/* mc-demo-calendar.c */
void         mc_demo_calendar_init  (McDemoGen           *gen);
void         mc_demo_calendar_clear (McDemoGen           *gen);
gint64       mc_demo_days_from_civil (gint64              y,
                                      guint               m,
                                      guint               d);
void         mc_demo_civil_from_days (gint64              z,
                                      int                *year,
                                      int                *month,
                                      int                *day);
guint        mc_demo_day_of         (McDemoGen           *gen,
                                     gint64               t);
gint64       mc_demo_expiry_of      (McDemoGen           *gen,
                                     gint64               t);
gint64       mc_demo_drop_of        (McDemoGen           *gen,
                                     gint64               t);
gint64       mc_demo_sample_time    (McDemoGen           *gen,
                                     McDemoRng           *r,
                                     gint64               a,
                                     gint64               b,
                                     const McDemoHours   *hours);
gint64       mc_demo_join_time      (McDemoGen           *gen,
                                     guint                index,
                                     double               u);
gint64       mc_demo_join_time_of   (McDemoGen           *gen,
                                     guint                index);
guint        mc_demo_index_at_time  (McDemoGen           *gen,
                                     gint64               t);
void         mc_demo_draw_activity  (McDemoGen           *gen,
                                     McDemoRng           *r,
                                     McDemoActivity      *a);
double       mc_demo_active_weight  (McDemoGen           *gen,
                                     const McDemoActivity *a);
void         mc_demo_calibrate      (McDemoGen           *gen);

/* mc-demo-person.c */
void         mc_demo_make_person    (McDemoGen           *gen,
                                     McDemoRng           *r,
                                     guint                index,
                                     McDemoMemberRow     *m);

/* mc-demo-play.c */
void         mc_demo_add_item       (McDemoGen           *gen,
                                     gint64               at,
                                     McDemoItemType       type,
                                     guint                kind,
                                     guint32              index);
void         mc_demo_play_member    (McDemoGen           *gen,
                                     McDemoBatch         *batch,
                                     McDemoMemberRow     *m,
                                     McDemoRng           *r);

G_END_DECLS
