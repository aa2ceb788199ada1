/* mc-demo-gen.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo generator: plain C, no SQLite, no GLib randomness. Each member has its own
 * random stream (xoshiro256** seeded from the seed and the member's index), so a member is
 * a pure function of (seed, end, n_members, orders_per_member, index) and can be replayed
 * (a referrer computes the join time and id of the member it invites).
 *
 * Ids are UUIDv7-shaped: 48 bits of synthetic milliseconds (from the data's end) and a
 * 12-bit counter give a strictly increasing prefix in generation order, so every B-tree
 * insert is an append; the remaining 62 bits come from the member's stream.
 *
 * A member's life, in time order: joins (more joins as the programme grows), buys with a
 * heavy-tailed rate (gamma with a Pareto tail) until a churn time, more on weekends, 11-11,
 * 6-18, before the Spring Festival (and less during it); order amounts are lognormal
 * (median ¥150) around a member's own spend level; ~3% of sales are refunded (in full or
 * in part); points, growth, expiries, redemptions, actions with their daily caps and the
 * tier follow the live programme exactly as mc-order.c, mc-ledger.c and mc-tier.c apply it.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mc-demo-private.h"
#include "mc-pinyin.h"

#define DAY               G_GINT64_CONSTANT (86400)
#define ANONYMOUS_SHARE   0.08      /* of all sales */
#define REFUND_RATE       0.03
#define CONSENT_RATE      0.60
#define MEDIAN_ORDER_FEN  15000.0
#define MAX_SALES         2000      /* per member */
#define STORE_STREAM      G_GUINT64_CONSTANT (0x5354000000000000)
#define ANON_STREAM       G_GUINT64_CONSTANT (0x414e000000000000)
#define CALIB_STREAM      G_GUINT64_CONSTANT (0x43414c4942000000)
#define ID_STREAM         G_GUINT64_CONSTANT (0x4944000000000000)
#define CALIB_SAMPLES     40000

/* ---------------------------------------------------------------------------------- */
/* Random numbers                                                                      */

typedef struct
{
  guint64 s[4];
} Rng;

static inline guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static guint64
hash2 (guint64 a,
       guint64 b)
{
  guint64 x = a ^ (b * G_GUINT64_CONSTANT (0xd1342543de82ef95));

  splitmix64 (&x);
  return splitmix64 (&x);
}

static void
rng_seed (Rng     *r,
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
rng_next (Rng *r)
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
rng_double (Rng *r)
{
  return (double) (rng_next (r) >> 11) * 0x1.0p-53;
}

/* (0, 1] */
static inline double
rng_double_pos (Rng *r)
{
  return (double) ((rng_next (r) >> 11) + 1) * 0x1.0p-53;
}

static inline guint32
rng_below (Rng     *r,
           guint32  n)
{
  return (guint32) (((rng_next (r) >> 32) * (guint64) n) >> 32);
}

static inline gboolean
rng_chance (Rng    *r,
            double  p)
{
  return rng_double (r) < p;
}

static double
rng_normal (Rng *r)
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

static double
rng_exponential (Rng    *r,
                 double  mean)
{
  return -log (rng_double_pos (r)) * mean;
}

/* Marsaglia and Tsang; shape below 1 by the boost u^(1/a). Mean = shape. */
static double
rng_gamma (Rng    *r,
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

static guint
rng_poisson (Rng    *r,
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

/* ---------------------------------------------------------------------------------- */
/* Text                                                                                */

static const char hex_digits[] = "0123456789abcdef";

static inline void
put_hex (char    *out,
         guint64  v,
         int      n)
{
  for (int i = n - 1; i >= 0; i--)
    {
      out[i] = hex_digits[v & 15];
      v >>= 4;
    }
}

static void
format_uuid (char    out[MC_DEMO_ID_LEN + 1],
             guint64 base_ms,
             guint64 counter,
             guint64 random)
{
  guint64 ms = base_ms + (counter >> 12);

  put_hex (out, ms >> 16, 8);
  out[8] = '-';
  put_hex (out + 9, ms & 0xffff, 4);
  out[13] = '-';
  out[14] = '7';
  put_hex (out + 15, counter & 0xfff, 3);
  out[18] = '-';
  put_hex (out + 19, 0x8000 | ((random >> 48) & 0x3fff), 4);
  out[23] = '-';
  put_hex (out + 24, random & G_GUINT64_CONSTANT (0xffffffffffff), 12);
  out[36] = '\0';
}

static void
format_rev (char  out[MC_DEMO_REV_LEN + 1],
            Rng  *r)
{
  out[0] = '1';
  out[1] = '-';
  put_hex (out + 2, rng_next (r), 16);
  put_hex (out + 18, rng_next (r), 16);
  out[34] = '\0';
}

/* Days from 1970-01-01 of a civil date, and back (H. Hinnant's algorithms). */
static gint64
days_from_civil (gint64 y,
                 guint  m,
                 guint  d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64  z,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 era, doe, yoe, y, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = yoe + era * 400;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *day = (int) (doy - (153 * mp + 2) / 5 + 1);
  *month = (int) (mp < 10 ? mp + 3 : mp - 9);
  *year = (int) (y + (*month <= 2));
}

/* ---------------------------------------------------------------------------------- */
/* Time of day                                                                         */

typedef struct
{
  double cum[25];
} HourTable;

static const double store_hours[24] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0.2, 0.6, 0.9, 1.2, 1.2, 1.0, 1.0,
  1.0, 1.1, 1.3, 1.5, 1.4, 1.0, 0.3, 0,
};
static const double online_hours[24] = {
  0.5, 0.3, 0.15, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.2, 1.1, 0.9, 0.9,
  0.9, 0.9, 1.0, 1.2, 1.5, 1.7, 1.5, 1.0,
};

static void
hour_table_init (HourTable    *t,
                 const double *a,
                 double        wa,
                 const double *b,
                 double        wb)
{
  t->cum[0] = 0.0;
  for (guint h = 0; h < 24; h++)
    t->cum[h + 1] = t->cum[h] + wa * a[h] + (b != NULL ? wb * b[h] : 0.0);
  for (guint h = 1; h <= 24; h++)
    t->cum[h] /= t->cum[24];
}

/* Seconds after midnight for a quantile u in [0, 1). */
static gint64
hour_quantile (const HourTable *t,
               double           u)
{
  guint h = 0;
  double w;

  while (h < 23 && t->cum[h + 1] <= u)
    h++;
  w = t->cum[h + 1] - t->cum[h];
  if (w <= 0.0)
    return (gint64) h * 3600;
  return (gint64) h * 3600 + (gint64) ((u - t->cum[h]) / w * 3600.0);
}

static double
hour_cdf (const HourTable *t,
          gint64           seconds)
{
  guint h = (guint) CLAMP (seconds / 3600, 0, 23);

  return t->cum[h] + (t->cum[h + 1] - t->cum[h]) * (double) (seconds - (gint64) h * 3600) / 3600.0;
}

/* ---------------------------------------------------------------------------------- */
/* The generator                                                                       */

typedef enum { ITEM_SALE, ITEM_REFUND, ITEM_EVENT, ITEM_REDEEM } ItemType;

typedef enum
{
  EV_VISIT, EV_LOGIN, EV_CHECKIN, EV_SHARE, EV_INVITE, EV_SHARE_BOUGHT, EV_LIKE, EV_BENEFIT,
  N_EVENT_KINDS,
} EventKind;

static const char * const event_kind_names[N_EVENT_KINDS] = {
  "visit", "login", "checkin", "share", "invite", "share_bought", "like", "benefit_used",
};

typedef struct
{
  gint64  at;
  guint32 index;     /* into sales, or invites for EV_INVITE events */
  guint8  type;
  guint8  kind;      /* EventKind for events */
} Item;

typedef struct
{
  gint64   at;
  gint64   amount;
  gint64   points;
  gint64   growth;
  guint32  row;      /* index into batch->orders */
  gint32   store;    /* -1: online */
  gint64   refund_at;
  gint64   refund_amount;
} Sale;

typedef struct
{
  guint32 row;       /* index into batch->points */
  gint64  expires_at;
  gint64  remaining;
} Lot;

typedef struct
{
  gint64 at;
  gint64 delta;
} GrowthStep;

typedef struct
{
  guint32 invitee;
  gint64  at;
} Invite;

#define SCRATCH(Type, name) Type *name; guint n_##name; guint cap_##name

struct _McDemoGen
{
  McDemoOptions  opt;
  McProgramme   *prog;
  GTimeZone     *tz;

  gint64         start;          /* 24 months before end */
  gint64         end;
  guint64        base_ms;
  guint64        counter;        /* the next row id's counter */
  gint64         first_card_no;

  /* Days (local midnights) from the day of start to the day of end */
  guint          n_days;
  gint64        *day_start;      /* n_days + 1 */
  double        *join_w, *join_cum;
  double        *order_w, *order_cum;
  float         *order_boost;    /* festival spending: bigger baskets */
  gint64        *expiry_base;    /* points expiry of the day's midnight; 0: never */
  gboolean      *expiry_exact;   /* memo valid for the day (no offset change) */
  gint64        *drop_base;      /* window: growth earned on the day leaves it then */
  gboolean      *drop_exact;
  gint64         final_window_start;

  HourTable      join_hours, store_hours, online_hours;

  double         rate_c;         /* orders per weighted active day per unit of rate */
  double         first_p_scale;
  double         anon_mean;      /* anonymous sales per member */

  double         store_cum[MC_DEMO_N_STORES];
  char           store_ids[MC_DEMO_N_STORES][MC_DEMO_ID_LEN + 1];

  guint          n_tiers;
  const McTier  *tiers[16];
  gint           action_of_kind[N_EVENT_KINDS];   /* McAction, or -1 */

  GHashTable    *referrals;      /* invitee index -> referrer index + 1 */

  SCRATCH (Sale, sales);
  SCRATCH (Item, items);
  SCRATCH (Lot, lots);
  SCRATCH (GrowthStep, steps);
  SCRATCH (Invite, invites);
};

#define ENSURE(owner, name, extra) \
  G_STMT_START { \
    if ((owner)->n_##name + (extra) > (owner)->cap_##name) \
      { \
        guint cap_ = MAX ((owner)->cap_##name * 2, (owner)->n_##name + (extra) + 64); \
        (owner)->name = g_realloc_n ((owner)->name, cap_, sizeof *(owner)->name); \
        (owner)->cap_##name = cap_; \
      } \
  } G_STMT_END

McDemoBatch *
mc_demo_batch_new (guint max_members)
{
  McDemoBatch *batch = g_new0 (McDemoBatch, 1);

  /* Orders and ledger rows point at their member's id: the member array never moves. */
  batch->members = g_new0 (McDemoMemberRow, max_members);
  batch->cap_members = max_members;
  return batch;
}

void
mc_demo_batch_free (McDemoBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->members);
  g_free (batch->orders);
  g_free (batch->points);
  g_free (batch->growth);
  g_free (batch->events);
  g_free (batch);
}

static inline McDemoOrderRow *
push_order (McDemoBatch *b)
{
  ENSURE (b, orders, 1);
  return &b->orders[b->n_orders++];
}

static inline McDemoLedgerRow *
push_ledger (McDemoBatch *b,
             gboolean     points)
{
  if (points)
    {
      ENSURE (b, points, 1);
      return &b->points[b->n_points++];
    }
  ENSURE (b, growth, 1);
  return &b->growth[b->n_growth++];
}

static inline McDemoEventRow *
push_event (McDemoBatch *b)
{
  ENSURE (b, events, 1);
  return &b->events[b->n_events++];
}

static inline void
next_id (McDemoGen *gen,
         Rng       *r,
         char       out[MC_DEMO_ID_LEN + 1])
{
  format_uuid (out, gen->base_ms, gen->counter++, rng_next (r));
}

/* Stores take counters 0 .. 5, members 6 .. 6 + n - 1, every other row the ones after. */
static void
member_uuid (McDemoGen *gen,
             guint      index,
             char       out[MC_DEMO_ID_LEN + 1])
{
  format_uuid (out, gen->base_ms, MC_DEMO_N_STORES + (guint64) index,
               hash2 (gen->opt.seed ^ ID_STREAM, index));
}

void
mc_demo_gen_store_id (McDemoGen *gen,
                      guint      i,
                      char       id[MC_DEMO_ID_LEN + 1],
                      char       rev[MC_DEMO_REV_LEN + 1])
{
  Rng r;

  g_return_if_fail (i < MC_DEMO_N_STORES);
  rng_seed (&r, gen->opt.seed, STORE_STREAM + i);
  format_uuid (id, gen->base_ms, i, rng_next (&r));
  format_rev (rev, &r);
}

void
mc_demo_gen_use_store (McDemoGen  *gen,
                       guint       i,
                       const char *id)
{
  g_return_if_fail (i < MC_DEMO_N_STORES);
  g_strlcpy (gen->store_ids[i], id, sizeof gen->store_ids[i]);
}

void
mc_demo_gen_id_range (McDemoGen *gen,
                      char       lo[MC_DEMO_ID_LEN + 1],
                      char       hi[MC_DEMO_ID_LEN + 1])
{
  format_uuid (lo, gen->base_ms, 0, 0);
  format_uuid (hi, gen->base_ms + (gen->counter >> 12) + 1, 0, 0);
}

/* ---------------------------------------------------------------------------------- */
/* Calendar                                                                            */

/* Spring Festival (lunar new year's day) dates. */
static const struct { guint16 y; guint8 m, d; } spring_festival[] = {
  { 2015, 2, 19 }, { 2016, 2, 8 },  { 2017, 1, 28 }, { 2018, 2, 16 }, { 2019, 2, 5 },
  { 2020, 1, 25 }, { 2021, 2, 12 }, { 2022, 2, 1 },  { 2023, 1, 22 }, { 2024, 2, 10 },
  { 2025, 1, 29 }, { 2026, 2, 17 }, { 2027, 2, 6 },  { 2028, 1, 26 }, { 2029, 2, 13 },
  { 2030, 2, 3 },  { 2031, 1, 23 }, { 2032, 2, 11 }, { 2033, 1, 31 }, { 2034, 2, 19 },
  { 2035, 2, 8 },  { 2036, 1, 28 }, { 2037, 2, 15 }, { 2038, 2, 4 },  { 2039, 1, 24 },
  { 2040, 2, 12 },
};

/* Days from the nearest Spring Festival (negative: before), or G_MAXINT when none near. */
static int
days_from_spring_festival (gint64 daynum)
{
  int best = G_MAXINT;

  for (guint i = 0; i < G_N_ELEMENTS (spring_festival); i++)
    {
      gint64 sf = days_from_civil (spring_festival[i].y, spring_festival[i].m, spring_festival[i].d);
      gint64 diff = daynum - sf;

      if (diff > -40 && diff < 40 && ABS (diff) < ABS (best))
        best = (int) diff;
    }
  return best;
}

/* How much more (or less) people buy on a day than on an ordinary weekday. */
static double
sales_factor (int    month,
              int    mday,
              int    weekday,
              int    sf,
              float *boost)
{
  double f = 1.0;

  *boost = 1.0f;
  if (weekday == 6 || weekday == 7)
    f *= 1.35;
  else if (weekday == 5)
    f *= 1.1;
  if (month == 11 && mday < 11)
    f *= 1.25;
  else if (month == 11 && mday == 11)
    {
      f *= 4.0;
      *boost = 1.3f;
    }
  else if (month == 11 && mday == 12)
    f *= 1.6;
  else if (month == 6 && mday < 18)
    f *= 1.15;
  else if (month == 6 && mday == 18)
    {
      f *= 2.5;
      *boost = 1.2f;
    }
  else if (month == 12 && mday == 12)
    f *= 1.8;
  else if (month == 12 && (mday == 24 || mday == 25))
    f *= 1.3;
  else if (month == 5 && mday == 20)
    f *= 1.4;
  else if (month == 2 && mday == 14)
    f *= 1.3;
  else if (month == 3 && mday == 8)
    f *= 1.5;
  else if (month == 10 && mday <= 7)
    f *= 1.4;
  if (sf >= -20 && sf <= -2)
    {
      f *= 1.5;           /* 年货: new-year shopping */
      *boost = MAX (*boost, 1.15f);
    }
  else if (sf >= -1 && sf <= 6)
    f *= 0.55;          /* the holiday: shops shut, people travel */
  else if (sf >= 7 && sf <= 14)
    f *= 0.9;
  return f;
}

static double
joins_factor (int month,
              int mday,
              int weekday,
              int sf)
{
  double f = 1.0;

  if (weekday == 6 || weekday == 7)
    f *= 1.3;
  if (month == 11 && mday == 11)
    f *= 2.5;
  else if (month == 6 && mday == 18)
    f *= 1.8;
  if (sf >= -1 && sf <= 6)
    f *= 0.6;
  return f;
}

static guint
day_of (McDemoGen *gen,
        gint64     t)
{
  guint lo = 0, hi = gen->n_days;

  /* The last day whose midnight is at or before t. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (gen->day_start[mid] <= t)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static gint64
add_months_exact (gint64     t,
                  int        months,
                  GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) moved = g_date_time_add_months (local, months);

  return g_date_time_to_unix (moved);
}

/* The points expiry of a lot earned at t: mc_programme_points_expiry(), from a per-day
 * memo when the day and its target day have one UTC offset throughout. */
static gint64
expiry_of (McDemoGen *gen,
           gint64     t)
{
  guint d = day_of (gen, t);

  if (gen->expiry_base[d] == 0)
    return 0;
  if (gen->expiry_exact[d])
    return gen->expiry_base[d] + (t - gen->day_start[d]);
  return mc_programme_points_expiry (gen->prog, t, gen->tz);
}

/* When growth earned at t leaves the evaluation window (the first as_of whose window
 * start, mc_programme_window_start(), is at or after t). */
static gint64
drop_of (McDemoGen *gen,
         gint64     t)
{
  guint d = day_of (gen, t);

  if (gen->drop_exact[d])
    return gen->drop_base[d] + (t - gen->day_start[d]);
  return add_months_exact (t, gen->prog->window == MC_WINDOW_QUARTER ? 3 :
                              gen->prog->window == MC_WINDOW_HALF_YEAR ? 6 : 12, gen->tz);
}

static void
build_days (McDemoGen *gen)
{
  g_autoptr(GDateTime) end_utc = g_date_time_new_from_unix_utc (gen->end);
  g_autoptr(GDateTime) end_local = g_date_time_to_timezone (end_utc, gen->tz);
  g_autoptr(GDateTime) start_local = g_date_time_add_months (end_local, -24);
  g_autoptr(GDateTime) day = g_date_time_new (gen->tz, g_date_time_get_year (start_local),
                                              g_date_time_get_month (start_local),
                                              g_date_time_get_day_of_month (start_local), 0, 0, 0);
  int window_months = gen->prog->window == MC_WINDOW_QUARTER ? 3 :
                      gen->prog->window == MC_WINDOW_HALF_YEAR ? 6 : 12;
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n;

  gen->start = g_date_time_to_unix (start_local);
  for (;;)
    {
      gint64 s = g_date_time_to_unix (day);
      GDateTime *next;

      g_array_append_val (starts, s);
      if (s >= gen->end)
        break;
      next = g_date_time_add_days (day, 1);
      g_date_time_unref (day);
      day = next;
    }
  /* starts holds n_days midnights and the one at or after end. */
  n = starts->len - 1;
  gen->n_days = n;
  gen->day_start = (gint64 *) g_array_free (starts, FALSE);
  gen->join_w = g_new0 (double, n);
  gen->join_cum = g_new0 (double, n + 1);
  gen->order_w = g_new0 (double, n);
  gen->order_cum = g_new0 (double, n + 1);
  gen->order_boost = g_new0 (float, n);
  gen->expiry_base = g_new0 (gint64, n);
  gen->expiry_exact = g_new0 (gboolean, n);
  gen->drop_base = g_new0 (gint64, n);
  gen->drop_exact = g_new0 (gboolean, n);

  for (guint d = 0; d < n; d++)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (gen->day_start[d]);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, gen->tz);
      int y = g_date_time_get_year (local);
      int m = g_date_time_get_month (local);
      int md = g_date_time_get_day_of_month (local);
      int wd = g_date_time_get_day_of_week (local);
      int sf = days_from_spring_festival (days_from_civil (y, (guint) m, (guint) md));
      double x = (double) d / n;
      gint64 s = gen->day_start[d];
      gboolean day_even = gen->day_start[d + 1] - s == DAY;
      /* The first and last days are partly outside [start, end). */
      double part = (double) (MIN (gen->day_start[d + 1], gen->end) - MAX (s, gen->start)) / DAY;

      part = CLAMP (part, 0.0, 1.0);
      gen->order_w[d] = (1.0 + 0.3 * x) * sales_factor (m, md, wd, sf, &gen->order_boost[d]) * part;
      gen->join_w[d] = (1.0 + 2.0 * x) * joins_factor (m, md, wd, sf) * part;
      gen->order_cum[d + 1] = gen->order_cum[d] + gen->order_w[d];
      gen->join_cum[d + 1] = gen->join_cum[d] + gen->join_w[d];

      gen->expiry_base[d] = mc_programme_points_expiry (gen->prog, s, gen->tz);
      gen->expiry_exact[d] = day_even && gen->expiry_base[d] != 0 &&
        mc_programme_points_expiry (gen->prog, s + DAY - 1, gen->tz) == gen->expiry_base[d] + DAY - 1;
      gen->drop_base[d] = add_months_exact (s, window_months, gen->tz);
      gen->drop_exact[d] = day_even &&
        add_months_exact (s + DAY - 1, window_months, gen->tz) == gen->drop_base[d] + DAY - 1;
    }
  /* Normalise the sales weights to one per average day: rates are per such day. */
  {
    double mean = gen->order_cum[n] / n;

    for (guint d = 0; d < n; d++)
      gen->order_w[d] /= mean;
    for (guint d = 0; d <= n; d++)
      gen->order_cum[d] /= mean;
  }
}

/* The position of t on the cumulative sales-weight scale. */
static double
order_position (McDemoGen *gen,
                gint64     t)
{
  guint d = day_of (gen, t);
  double len = (double) (gen->day_start[d + 1] - gen->day_start[d]);
  double frac = CLAMP ((double) (t - gen->day_start[d]) / len, 0.0, 1.0);

  return gen->order_cum[d] + gen->order_w[d] * frac;
}

static guint
search_cum (const double *cum,
            guint         n,
            double        target)
{
  guint lo = 0, hi = n;

  /* The last d with cum[d] <= target, below n. */
  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (cum[mid] <= target)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

/* A time in [a, b], as dense as the sales calendar, at an hour from hours. */
static gint64
sample_time (McDemoGen       *gen,
             Rng             *r,
             gint64           a,
             gint64           b,
             const HourTable *hours)
{
  double pa = order_position (gen, a);
  double pb = order_position (gen, b);
  double target = pa + rng_double (r) * (pb - pa);
  guint d = search_cum (gen->order_cum, gen->n_days, target);
  gint64 t = gen->day_start[d] + hour_quantile (hours, rng_double (r));

  t = MIN (t, gen->day_start[d + 1] - 1);
  if (t < a || t > b)
    {
      gint64 span = MIN (b - a, 3 * 3600);

      t = t < a ? a + (span > 0 ? rng_below (r, (guint32) span) : 0)
                : b - (span > 0 ? rng_below (r, (guint32) span) : 0);
    }
  return t;
}

/* Member index's join time from its first random number. Increasing in index. */
static gint64
join_time (McDemoGen *gen,
           guint      index,
           double     u)
{
  double q = ((double) index + u) / gen->opt.n_members;
  double target = q * gen->join_cum[gen->n_days];
  guint d = search_cum (gen->join_cum, gen->n_days, target);
  double frac = gen->join_w[d] > 0.0 ? (target - gen->join_cum[d]) / gen->join_w[d] : 0.0;
  gint64 t = gen->day_start[d] + hour_quantile (&gen->join_hours, CLAMP (frac, 0.0, 0.999999));

  t = MIN (t, gen->day_start[d + 1] - 1);
  return CLAMP (t, gen->start, gen->end - 1);
}

static gint64
join_time_of (McDemoGen *gen,
              guint      index)
{
  Rng r;

  rng_seed (&r, gen->opt.seed, index);
  return join_time (gen, index, rng_double (&r));
}

/* About the index of the member who joins at t (the inverse of join_time()). */
static guint
index_at_time (McDemoGen *gen,
               gint64     t)
{
  guint d = day_of (gen, t);
  double frac = hour_cdf (&gen->join_hours, t - gen->day_start[d]);
  double q = (gen->join_cum[d] + frac * gen->join_w[d]) / gen->join_cum[gen->n_days];
  double j = q * gen->opt.n_members;

  return j <= 0.0 ? 0 : j >= gen->opt.n_members ? gen->opt.n_members - 1 : (guint) j;
}

/* ---------------------------------------------------------------------------------- */
/* The shape of a member's activity (shared by the calibration and the members)       */

typedef struct
{
  gint64   joined_at;
  gint64   active_end;   /* buys until then (inclusive) */
  gboolean online;
  gboolean first_sale;
  double   rate;         /* relative buying rate, mean 1 */
} Activity;

static void
draw_activity (McDemoGen *gen,
               Rng       *r,
               Activity  *a)
{
  /* Loyal members stay; the others go quiet after an exponential lifetime. */
  if (rng_chance (r, 0.35))
    a->active_end = gen->end - 1;
  else
    a->active_end = MIN (gen->end - 1, a->joined_at + (gint64) rng_exponential (r, 330.0 * DAY));
  a->first_sale = rng_chance (r, (a->online ? 0.45 : 0.75) * gen->first_p_scale);
  /* Heavy tail: gamma with shape 0.6 (mean 1), and a few Pareto-boosted big buyers. */
  a->rate = rng_gamma (r, 0.6) / 0.6;
  if (rng_chance (r, 0.02))
    a->rate *= MIN (10.0, pow (rng_double_pos (r), -1.0 / 1.5));
}

static double
active_weight (McDemoGen      *gen,
               const Activity *a)
{
  return order_position (gen, a->active_end) - order_position (gen, a->joined_at);
}

/* Fits the rate constant so that the mean of sales per member is what was asked. */
static void
calibrate (McDemoGen *gen)
{
  double target = gen->opt.orders_per_member * (1.0 - ANONYMOUS_SHARE);
  double sum_first = 0.0, sum_weight = 0.0;
  Rng r;

  gen->first_p_scale = 1.0;
  rng_seed (&r, gen->opt.seed, CALIB_STREAM);
  for (guint k = 0; k < CALIB_SAMPLES; k++)
    {
      Activity a = { 0 };

      a.joined_at = join_time (gen, (guint) (rng_double (&r) * gen->opt.n_members), rng_double (&r));
      a.online = rng_chance (&r, 0.30);
      draw_activity (gen, &r, &a);
      sum_first += a.first_sale;
      sum_weight += a.rate * active_weight (gen, &a);
    }
  sum_first /= CALIB_SAMPLES;
  sum_weight /= CALIB_SAMPLES;
  if (target <= sum_first)
    {
      gen->first_p_scale = sum_first > 0.0 ? target / sum_first : 0.0;
      gen->rate_c = 0.0;
    }
  else
    gen->rate_c = sum_weight > 0.0 ? (target - sum_first) / sum_weight : 0.0;
  gen->anon_mean = gen->opt.orders_per_member * ANONYMOUS_SHARE;
}

McDemoGen *
mc_demo_gen_new (const McDemoOptions *options,
                 McProgramme         *programme,
                 GTimeZone           *tz,
                 gint64               first_card_no)
{
  McDemoGen *gen = g_new0 (McDemoGen, 1);
  double acc = 0.0, total = 0.0;

  gen->opt = *options;
  gen->prog = programme;
  gen->tz = g_time_zone_ref (tz);
  gen->end = options->end;
  gen->base_ms = (guint64) options->end * 1000;
  gen->counter = MC_DEMO_N_STORES + (guint64) options->n_members;
  gen->first_card_no = first_card_no;
  gen->referrals = g_hash_table_new (g_direct_hash, g_direct_equal);

  hour_table_init (&gen->store_hours, store_hours, 1.0, NULL, 0.0);
  hour_table_init (&gen->online_hours, online_hours, 1.0, NULL, 0.0);
  hour_table_init (&gen->join_hours, store_hours, 0.7, online_hours, 0.3);
  build_days (gen);
  gen->final_window_start = mc_programme_window_start (programme, gen->end, tz);

  for (guint i = 0; i < MC_DEMO_N_STORES; i++)
    total += mc_demo_stores[i].weight;
  for (guint i = 0; i < MC_DEMO_N_STORES; i++)
    {
      char rev[MC_DEMO_REV_LEN + 1];

      acc += mc_demo_stores[i].weight / total;
      gen->store_cum[i] = acc;
      mc_demo_gen_store_id (gen, i, gen->store_ids[i], rev);
    }

  gen->n_tiers = MIN (programme->tiers->len, G_N_ELEMENTS (gen->tiers));
  for (guint i = 0; i < gen->n_tiers; i++)
    gen->tiers[i] = g_ptr_array_index (programme->tiers, i);
  for (guint k = 0; k < N_EVENT_KINDS; k++)
    {
      McAction action;

      gen->action_of_kind[k] = mc_action_from_string (event_kind_names[k], &action) ? (gint) action : -1;
    }

  calibrate (gen);
  return gen;
}

void
mc_demo_gen_free (McDemoGen *gen)
{
  if (gen == NULL)
    return;
  g_time_zone_unref (gen->tz);
  g_hash_table_unref (gen->referrals);
  g_free (gen->day_start);
  g_free (gen->join_w);
  g_free (gen->join_cum);
  g_free (gen->order_w);
  g_free (gen->order_cum);
  g_free (gen->order_boost);
  g_free (gen->expiry_base);
  g_free (gen->expiry_exact);
  g_free (gen->drop_base);
  g_free (gen->drop_exact);
  g_free (gen->sales);
  g_free (gen->items);
  g_free (gen->lots);
  g_free (gen->steps);
  g_free (gen->invites);
  g_free (gen);
}

/* ---------------------------------------------------------------------------------- */
/* Members                                                                             */

/* A bijection of [0, n) (n <= 2^bits): an invertible mix of [0, 2^bits), walked until it
 * lands in range. Unique phone numbers without remembering any. */
static guint64
permute (guint64 x,
         guint64 n,
         int     bits,
         guint64 key)
{
  guint64 mask = (G_GUINT64_CONSTANT (1) << bits) - 1;

  do
    {
      for (int round = 0; round < 3; round++)
        {
          x = (x ^ (key >> (round * 8))) & mask;
          x = (x * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) & mask;
          x ^= x >> (bits / 2);
          x = (x * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9)) & mask;
          x ^= x >> (bits / 3);
        }
    }
  while (x >= n);
  return x;
}

static guint
pick_store (McDemoGen *gen,
            double     u)
{
  for (guint i = 0; i < MC_DEMO_N_STORES; i++)
    if (u < gen->store_cum[i])
      return i;
  return MC_DEMO_N_STORES - 1;
}

static gint64
round_amount (Rng    *r,
              double  fen)
{
  gint64 amount;

  fen = CLAMP (fen, 500.0, 5000000.0);
  if (rng_chance (r, 0.5))
    amount = (gint64) (fen / 100.0 + 0.5) * 100;      /* whole yuan */
  else
    amount = (gint64) (fen / 10.0 + 0.5) * 10;        /* ¥x.x0 */
  return MAX (amount, 100);
}

static void
make_person (McDemoGen       *gen,
             Rng             *r,
             guint            index,
             McDemoMemberRow *m,
             gint64          *birth_year)
{
  static const double age_cum[] = { 0.18, 0.53, 0.78, 0.91, 1.0 };
  static const int age_lo[] = { 18, 25, 35, 45, 55 };
  static const int age_span[] = { 7, 10, 10, 10, 16 };
  double u;
  guint bucket = 0;
  int age, y, mo, d;
  gint64 end_day = days_from_civil (1970, 1, 1) + (gen->end - 1) / DAY;
  gint64 born;
  gboolean younger;
  GString *name;
  guint64 p;

  /* Gender and age */
  u = rng_double (r);
  m->gender[0] = u < 0.53 ? 'f' : u < 0.97 ? 'm' : 'u';
  m->gender[1] = '\0';
  u = rng_double (r);
  while (bucket < G_N_ELEMENTS (age_cum) - 1 && u >= age_cum[bucket])
    bucket++;
  age = age_lo[bucket] + (int) rng_below (r, (guint32) age_span[bucket]);
  born = end_day - (gint64) age * 365 - (gint64) (age / 4) - rng_below (r, 365);
  civil_from_days (born, &y, &mo, &d);
  *birth_year = y;
  younger = age < 32;
  u = rng_double (r);
  if (u < 0.05)
    m->birthday[0] = '\0';
  else if (u < 0.08)
    g_snprintf (m->birthday, sizeof m->birthday, "--%02d-%02d", mo, d);
  else
    g_snprintf (m->birthday, sizeof m->birthday, "%04d-%02d-%02d", y, mo, d);

  /* Name: a surname, then one or two characters (two more often for the young). */
  name = g_string_new (mc_demo_surname (rng_double (r)));
  g_string_append (name, mc_demo_given_char (m->gender[0], younger, rng_double (r)));
  if (rng_chance (r, younger ? 0.85 : age < 50 ? 0.7 : 0.55))
    g_string_append (name, mc_demo_given_char (m->gender[0], younger && rng_chance (r, 0.8),
                                               rng_double (r)));
  g_strlcpy (m->name, name->str, sizeof m->name);
  g_string_free (name, TRUE);

  /* Phone: +86 1[3-9] and nine digits, a bijection of the index. */
  p = permute (index, G_GUINT64_CONSTANT (7000000000), 33, hash2 (gen->opt.seed, 0x50484f4e45));
  g_snprintf (m->phone, sizeof m->phone, "+861%u%09u", (guint) (3 + p / 1000000000),
              (guint) (p % 1000000000));
  g_snprintf (m->card_no, sizeof m->card_no, "MC%08" G_GINT64_FORMAT,
              gen->first_card_no + (gint64) index);

  u = rng_double (r);
  if (u < 0.06)
    g_snprintf (m->email, sizeof m->email, "%u@qq.com", 10000000 + rng_below (r, 2000000000u));
  else if (u < 0.12)
    {
      static const char * const domains[] = { "163.com", "126.com", "sina.com", "outlook.com", "gmail.com" };
      g_autofree char *initials = mc_pinyin_initials (m->name);

      g_snprintf (m->email, sizeof m->email, "%s%u@%s", initials, (guint) (*birth_year % 100) * 100 + rng_below (r, 100),
                  domains[rng_below (r, G_N_ELEMENTS (domains))]);
    }
  else
    m->email[0] = '\0';
}

static int
item_compare (const void *a,
              const void *b)
{
  const Item *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  if (x->type != y->type)
    return x->type < y->type ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static const Item *
items_sort (McDemoGen *gen)
{
  qsort (gen->items, gen->n_items, sizeof (Item), item_compare);
  return gen->items;
}

static int
gint64_compare (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
add_item (McDemoGen *gen,
          gint64     at,
          ItemType   type,
          guint      kind,
          guint32    index)
{
  Item *item;

  ENSURE (gen, items, 1);
  item = &gen->items[gen->n_items++];
  item->at = at;
  item->type = (guint8) type;
  item->kind = (guint8) kind;
  item->index = index;
}

/* The running state of one member while its timeline plays. */
typedef struct
{
  McDemoGen       *gen;
  McDemoBatch     *batch;
  McDemoMemberRow *m;
  Rng             *r;
  gint64           balance;
  gint64           growth;
  gint64           window;      /* growth inside the evaluation window */
  guint            tier;
  gint64           tier_since;
  guint            lot_head;    /* the oldest lot with points left */
  guint            expiry_head; /* the next lot to expire */
  guint            drop_head;   /* the next growth step to leave the window */
  gint64           updated_at;
  guint            cap_day[MC_N_ACTIONS];
  gint64           cap_used[MC_N_ACTIONS];
  guint            points_day;
  gint64           points_today;
} Play;

static guint
tier_index (McDemoGen *gen,
            gint64     growth)
{
  const McTier *tier = mc_programme_tier_for_growth (gen->prog, growth);

  for (guint i = 0; i < gen->n_tiers; i++)
    if (gen->tiers[i] == tier)
      return i;
  return 0;
}

static void
retier (Play   *s,
        gint64  at)
{
  guint t = tier_index (s->gen, s->window);

  if (t != s->tier)
    {
      s->tier = t;
      s->tier_since = at;
    }
}

static McDemoLedgerRow *
ledger_row (Play       *s,
            gboolean    points,
            const char *kind,
            gint64      delta,
            gint64      at,
            const char *ref_id)
{
  McDemoLedgerRow *row = push_ledger (s->batch, points);

  next_id (s->gen, s->r, row->id);
  format_rev (row->rev, s->r);
  if (ref_id != NULL)
    memcpy (row->ref_id, ref_id, MC_DEMO_ID_LEN + 1);
  else
    row->ref_id[0] = '\0';
  row->member_id = s->m->id;
  row->kind = kind;
  row->reason = NULL;
  row->delta = delta;
  row->at = at;
  row->expires_at = 0;
  row->unrecovered = 0;
  return row;
}

static void
add_growth (Play   *s,
            gint64  at,
            gint64  delta)
{
  McDemoGen *gen = s->gen;
  GrowthStep *step;

  s->growth += delta;
  s->window += delta;
  ENSURE (gen, steps, 1);
  step = &gen->steps[gen->n_steps++];
  step->at = at;
  step->delta = delta;
  retier (s, at);
}

/* Negative points entries use the oldest lots first. */
static void
consume_lots (Play   *s,
              gint64  points)
{
  McDemoGen *gen = s->gen;

  while (points > 0 && s->lot_head < gen->n_lots)
    {
      Lot *lot = &gen->lots[s->lot_head];
      gint64 take = MIN (points, lot->remaining);

      lot->remaining -= take;
      points -= take;
      if (lot->remaining == 0)
        s->lot_head++;
    }
}

/* Everything due up to t: lots that expire (as mc_points_expire() writes them) and growth
 * that leaves the evaluation window (and may lower the tier). */
static void
advance (Play   *s,
         gint64  t)
{
  McDemoGen *gen = s->gen;

  for (;;)
    {
      gint64 expiry = G_MAXINT64, drop = G_MAXINT64;

      while (s->expiry_head < gen->n_lots && gen->lots[s->expiry_head].remaining == 0)
        s->expiry_head++;
      if (s->expiry_head < gen->n_lots && gen->lots[s->expiry_head].expires_at != 0)
        expiry = gen->lots[s->expiry_head].expires_at;
      if (s->drop_head < gen->n_steps)
        drop = drop_of (gen, gen->steps[s->drop_head].at);
      if (MIN (expiry, drop) > t)
        break;
      if (expiry <= drop)
        {
          Lot *lot = &gen->lots[s->expiry_head];
          char lot_id[MC_DEMO_ID_LEN + 1];
          McDemoLedgerRow *row;

          /* Copied first: the new row may move the points array. */
          memcpy (lot_id, s->batch->points[lot->row].id, sizeof lot_id);
          row = ledger_row (s, TRUE, "expire", -lot->remaining, expiry, lot_id);

          row->reason = "expiry";
          s->balance -= lot->remaining;
          lot->remaining = 0;
          s->expiry_head++;
          s->updated_at = MAX (s->updated_at, expiry);
        }
      else
        {
          s->window -= gen->steps[s->drop_head].delta;
          s->drop_head++;
          retier (s, drop);
        }
    }
  while (s->lot_head < gen->n_lots && gen->lots[s->lot_head].remaining == 0)
    s->lot_head++;
}

static void
play_sale (Play *s,
           Sale *sale)
{
  McDemoGen *gen = s->gen;
  McDemoOrderRow *order = push_order (s->batch);
  const char *tier_code = gen->tiers[s->tier]->code;
  gint64 points, growth;

  next_id (gen, s->r, order->id);
  format_rev (order->rev, s->r);
  order->refund_of[0] = '\0';
  order->member_id = s->m->id;
  order->store_id = sale->store >= 0 ? gen->store_ids[sale->store] : NULL;
  order->amount_fen = sale->amount;
  order->at = sale->at;
  sale->row = s->batch->n_orders - 1;
  s->batch->sales++;

  points = mc_programme_points_for_order (gen->prog, sale->amount, tier_code);
  if (gen->prog->daily_points_cap > 0)
    {
      guint day = day_of (gen, sale->at);

      if (day != s->points_day)
        {
          s->points_day = day;
          s->points_today = 0;
        }
      points = CLAMP (gen->prog->daily_points_cap - s->points_today, 0, points);
      s->points_today += points;
    }
  if (points > 0)
    {
      McDemoLedgerRow *row = ledger_row (s, TRUE, "earn", points, sale->at, order->id);
      Lot *lot;

      row->expires_at = expiry_of (gen, sale->at);
      ENSURE (gen, lots, 1);
      lot = &gen->lots[gen->n_lots++];
      lot->row = s->batch->n_points - 1;
      lot->expires_at = row->expires_at;
      lot->remaining = points;
      s->balance += points;
    }
  growth = mc_programme_growth_for_order (gen->prog, sale->amount);
  if (growth > 0)
    {
      ledger_row (s, FALSE, "order", growth, sale->at, order->id);
      add_growth (s, sale->at, growth);
    }
  sale->points = MAX (points, 0);
  sale->growth = MAX (growth, 0);

  s->m->spend_fen += sale->amount;
  s->m->orders_count++;
  s->m->last_visit_at = MAX (s->m->last_visit_at, sale->at);
  s->updated_at = MAX (s->updated_at, sale->at);
}

/* As mc_order_refund(): the refunded share of what the sale earned, rounded down (all of
 * it for a full refund), never below a zero balance; the rest is unrecovered. */
static void
play_refund (Play *s,
             Sale *sale)
{
  McDemoGen *gen = s->gen;
  McDemoOrderRow *order = push_order (s->batch);
  const char *sale_id = s->batch->orders[sale->row].id;
  gint64 at = sale->refund_at, amount = sale->refund_amount;

  next_id (gen, s->r, order->id);
  format_rev (order->rev, s->r);
  memcpy (order->refund_of, sale_id, MC_DEMO_ID_LEN + 1);
  order->member_id = s->m->id;
  order->store_id = sale->store >= 0 ? gen->store_ids[sale->store] : NULL;
  order->amount_fen = -amount;
  order->at = at;
  s->batch->refunds++;

  for (guint ledger = 0; ledger < 2; ledger++)
    {
      gboolean points = ledger == 0;
      gint64 earned = points ? sale->points : sale->growth;
      gint64 due = amount >= sale->amount ? earned : earned * amount / sale->amount;
      gint64 balance = points ? s->balance : s->growth;
      gint64 taken;
      McDemoLedgerRow *row;

      if (due <= 0)
        continue;
      taken = MIN (due, MAX (balance, 0));
      row = ledger_row (s, points, "refund", -taken, at, sale_id);
      row->reason = "refund";
      row->unrecovered = due - taken;
      if (points)
        {
          s->balance -= taken;
          consume_lots (s, taken);
        }
      else
        {
          GrowthStep *step;

          s->growth -= taken;
          s->window -= taken;
          ENSURE (gen, steps, 1);
          step = &gen->steps[gen->n_steps++];
          step->at = at;
          step->delta = -taken;
          retier (s, at);
        }
    }
  s->m->spend_fen -= amount;
  s->updated_at = MAX (s->updated_at, at);
}

/* As mc_event_record(): actions earn growth up to their daily cap. */
static void
play_event (Play    *s,
            guint    kind,
            gint64   at,
            const char *ref)
{
  McDemoGen *gen = s->gen;
  McDemoEventRow *event;
  gint action = gen->action_of_kind[kind];
  gint64 award = 0;

  if (action >= 0)
    {
      const McActionRule *rule = &gen->prog->actions[action];

      award = rule->growth;
      if (award > 0 && rule->daily_cap > 0)
        {
          guint day = day_of (gen, at);

          if (day != s->cap_day[action])
            {
              s->cap_day[action] = day;
              s->cap_used[action] = 0;
            }
          award = CLAMP (rule->daily_cap - s->cap_used[action], 0, award);
          s->cap_used[action] += award;
        }
      /* mc_event_record() refuses an action that would take growth below zero. */
      if (award < 0 && s->growth + award < 0)
        return;
    }

  event = push_event (s->batch);
  next_id (gen, s->r, event->id);
  format_rev (event->rev, s->r);
  if (ref != NULL)
    memcpy (event->ref, ref, MC_DEMO_ID_LEN + 1);
  else
    event->ref[0] = '\0';
  event->member_id = s->m->id;
  event->kind = event_kind_names[kind];
  event->at = at;

  if (award != 0)
    {
      McDemoLedgerRow *row = ledger_row (s, FALSE, "action", award, at, event->id);

      row->reason = event_kind_names[kind];
      add_growth (s, at, award);
      s->updated_at = MAX (s->updated_at, at);
    }
  if (kind == EV_VISIT || kind == EV_CHECKIN || kind == EV_LOGIN)
    {
      s->m->last_visit_at = MAX (s->m->last_visit_at, at);
      s->updated_at = MAX (s->updated_at, at);
    }
}

static void
play_redeem (Play   *s,
             gint64  at)
{
  static const gint64 offers[] = { 500, 1000, 2000, 5000 };
  static const char * const reasons[] = { "兑换优惠券", "兑换礼品", "积分抵现" };
  McDemoLedgerRow *row;
  guint n = 0;
  gint64 points;

  while (n < G_N_ELEMENTS (offers) && offers[n] <= s->balance)
    n++;
  if (n == 0)
    return;
  points = offers[rng_below (s->r, n)];
  row = ledger_row (s, TRUE, "redeem", -points, at, NULL);
  row->reason = reasons[rng_below (s->r, G_N_ELEMENTS (reasons))];
  s->balance -= points;
  consume_lots (s, points);
  s->updated_at = MAX (s->updated_at, at);
}

static void
plan_invites (McDemoGen      *gen,
              Rng            *r,
              guint           index,
              const Activity *a)
{
  guint n;

  if (a->active_end - a->joined_at < 7 * DAY || !rng_chance (r, a->online ? 0.08 : 0.04))
    return;
  n = rng_chance (r, 0.25) ? 2 + rng_below (r, 3) : 1;
  for (guint k = 0; k < n; k++)
    {
      gint64 t = a->joined_at + DAY + (gint64) (rng_double (r) * (double) (a->active_end - a->joined_at - DAY));
      guint j = MAX (index_at_time (gen, t), index + 1);

      for (guint tries = 0; tries < 8 && j < gen->opt.n_members; tries++, j++)
        {
          gint64 jt;

          if (g_hash_table_contains (gen->referrals, GUINT_TO_POINTER (j)))
            continue;
          jt = join_time_of (gen, j);
          if (jt <= a->joined_at + 3600 || jt > a->active_end)
            continue;
          g_hash_table_insert (gen->referrals, GUINT_TO_POINTER (j), GUINT_TO_POINTER (index + 1));
          ENSURE (gen, invites, 1);
          gen->invites[gen->n_invites].invitee = j;
          gen->invites[gen->n_invites].at = jt;
          add_item (gen, jt, ITEM_EVENT, EV_INVITE, gen->n_invites);
          gen->n_invites++;
          break;
        }
    }
}

static void
add_events (McDemoGen       *gen,
            Rng             *r,
            const Activity  *a,
            guint            n_sales)
{
  static const struct { EventKind kind; double per_sale; gboolean app_only; gboolean online_hours; } plan[] = {
    { EV_VISIT, 0.10, FALSE, FALSE },
    { EV_CHECKIN, 0.25, TRUE, TRUE },
    { EV_LOGIN, 0.08, TRUE, TRUE },
    { EV_LIKE, 0.03, FALSE, TRUE },
    { EV_SHARE, 0.015, FALSE, TRUE },
    { EV_SHARE_BOUGHT, 0.004, FALSE, TRUE },
    { EV_BENEFIT, 0.03, FALSE, FALSE },
  };
  gboolean app_user = rng_chance (r, a->online ? 0.85 : 0.30);
  double base = n_sales + 1;

  for (guint p = 0; p < G_N_ELEMENTS (plan); p++)
    {
      guint n;

      if (plan[p].app_only && !app_user)
        continue;
      n = rng_poisson (r, plan[p].per_sale * base * (app_user && plan[p].online_hours ? 1.5 : 1.0));
      for (guint k = 0; k < n; k++)
        add_item (gen, sample_time (gen, r, a->joined_at, a->active_end,
                                    plan[p].online_hours ? &gen->online_hours : &gen->store_hours),
                  ITEM_EVENT, plan[p].kind, k);
    }
  for (guint k = rng_poisson (r, 0.06 * base); k > 0; k--)
    add_item (gen, sample_time (gen, r, a->joined_at, a->active_end, &gen->online_hours),
              ITEM_REDEEM, 0, k);
}

static void
make_member (McDemoGen   *gen,
             McDemoBatch *batch,
             guint        index)
{
  McDemoMemberRow *m = &batch->members[batch->n_members++];
  gpointer referrer = NULL;
  Activity a = { 0 };
  Play s = { 0 };
  gint64 birth_year, window_sum = 0;
  guint home, n_sales, n_extra;
  gboolean online_buyer;
  const Item *items;
  Rng r;

  rng_seed (&r, gen->opt.seed, index);
  a.joined_at = join_time (gen, index, rng_double (&r));   /* first draw: join_time_of() */
  member_uuid (gen, index, m->id);
  format_rev (m->rev, &r);
  m->rowid = (gint64) index + 1;
  make_person (gen, &r, index, m, &birth_year);

  /* Where and how they joined */
  home = pick_store (gen, rng_double (&r));
  m->region = rng_chance (&r, 0.85) ? mc_demo_stores[home].city : mc_demo_other_city (rng_double (&r));
  a.online = rng_chance (&r, 0.30);
  m->join_channel = a.online ? "online" : "store";
  m->store_id = a.online && rng_chance (&r, 0.6) ? NULL : gen->store_ids[home];
  m->referrer_id[0] = '\0';
  if (g_hash_table_steal_extended (gen->referrals, GUINT_TO_POINTER (index), NULL, &referrer))
    {
      m->join_channel = "referral";
      member_uuid (gen, GPOINTER_TO_UINT (referrer) - 1, m->referrer_id);
    }
  m->joined_at = a.joined_at;
  m->consent_marketing = rng_chance (&r, CONSENT_RATE);
  if (m->consent_marketing)
    {
      m->consent_at = rng_chance (&r, 0.85) ? a.joined_at
        : MIN (gen->end - 1, a.joined_at + (gint64) rng_exponential (&r, 60.0 * DAY));
      m->consent_purpose = "会员营销：短信、微信与邮件优惠通知";
    }
  else
    {
      m->consent_at = 0;
      m->consent_purpose = NULL;
    }
  m->points_balance = m->growth = m->spend_fen = m->orders_count = 0;
  m->last_visit_at = 0;

  /* How much they buy, and until when */
  draw_activity (gen, &r, &a);
  online_buyer = a.online;
  n_extra = MIN (rng_poisson (&r, gen->rate_c * a.rate * active_weight (gen, &a)), MAX_SALES);
  {
    double level = 0.45 * rng_normal (&r);

    gen->n_sales = gen->n_items = gen->n_lots = gen->n_steps = gen->n_invites = 0;
    n_sales = n_extra + (a.first_sale ? 1 : 0);
    ENSURE (gen, sales, n_sales);
    for (guint k = 0; k < n_sales; k++)
      {
        Sale *sale = &gen->sales[k];
        gboolean online_order = rng_chance (&r, online_buyer ? 0.7 : 0.08);

        if (k == 0 && a.first_sale)
          sale->at = MIN (gen->end - 1, a.joined_at + rng_below (&r, 1200));
        else
          sale->at = sample_time (gen, &r, a.joined_at, a.active_end,
                                  online_order ? &gen->online_hours : &gen->store_hours);
        sale->store = online_order ? -1
          : (gint32) (rng_chance (&r, 0.85) ? home : rng_below (&r, MC_DEMO_N_STORES));
        sale->amount = round_amount (&r, MEDIAN_ORDER_FEN * exp (level + 0.65 * rng_normal (&r)) *
                                         gen->order_boost[day_of (gen, sale->at)]);
        sale->refund_at = 0;
        if (rng_chance (&r, REFUND_RATE))
          {
            gint64 at = sale->at + 1800 + (gint64) rng_exponential (&r, 3.0 * DAY);

            if (at < gen->end)
              {
                sale->refund_at = at;
                if (sale->amount < 200 || rng_chance (&r, 0.65))
                  sale->refund_amount = sale->amount;
                else
                  sale->refund_amount = CLAMP ((gint64) (sale->amount * (0.1 + 0.7 * rng_double (&r))) / 10 * 10,
                                               10, sale->amount - 10);
              }
          }
      }
    gen->n_sales = n_sales;
  }

  /* The timeline: sales in time order first (their rows take ids in that order). */
  for (guint k = 0; k < n_sales; k++)
    {
      add_item (gen, gen->sales[k].at, ITEM_SALE, 0, k);
      if (gen->sales[k].refund_at != 0)
        add_item (gen, gen->sales[k].refund_at, ITEM_REFUND, 0, k);
    }
  add_events (gen, &r, &a, n_sales);
  plan_invites (gen, &r, index, &a);
  items = items_sort (gen);

  s.gen = gen;
  s.batch = batch;
  s.m = m;
  s.r = &r;
  s.tier = 0;
  s.tier_since = a.joined_at;
  s.updated_at = a.joined_at;
  s.points_day = G_MAXUINT;
  for (guint k = 0; k < MC_N_ACTIONS; k++)
    s.cap_day[k] = G_MAXUINT;

  for (guint k = 0; k < gen->n_items; k++)
    {
      const Item *item = &items[k];

      advance (&s, item->at);
      switch (item->type)
        {
        case ITEM_SALE:
          play_sale (&s, &gen->sales[item->index]);
          break;
        case ITEM_REFUND:
          play_refund (&s, &gen->sales[item->index]);
          break;
        case ITEM_EVENT:
          if (item->kind == EV_INVITE)
            {
              char invitee[MC_DEMO_ID_LEN + 1];

              member_uuid (gen, gen->invites[item->index].invitee, invitee);
              play_event (&s, item->kind, item->at, invitee);
            }
          else
            play_event (&s, item->kind, item->at, NULL);
          break;
        case ITEM_REDEEM:
          play_redeem (&s, item->at);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  advance (&s, gen->end);

  /* The tier is what mc_tiers_evaluate() computes at end: growth in (window start, end]. */
  for (guint k = 0; k < gen->n_steps; k++)
    if (gen->steps[k].at > gen->final_window_start && gen->steps[k].at <= gen->end)
      window_sum += gen->steps[k].delta;
  {
    guint final = tier_index (gen, window_sum);

    if (final != s.tier)
      {
        s.tier = final;
        s.tier_since = gen->end;
      }
  }

  m->tier = gen->tiers[s.tier]->code;
  m->tier_since = s.tier_since;
  m->points_balance = s.balance;
  m->growth = s.growth;
  m->updated_at = MAX (s.updated_at, s.tier_since);
  g_assert (s.balance >= 0);
}

static void
make_anonymous (McDemoGen   *gen,
                McDemoBatch *batch,
                guint        first,
                guint        count)
{
  guint n;
  Rng r;
  gint64 *times;

  rng_seed (&r, gen->opt.seed, ANON_STREAM + first);
  n = rng_poisson (&r, gen->anon_mean * count);
  times = g_new (gint64, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    times[k] = sample_time (gen, &r, gen->start, gen->end - 1,
                            rng_chance (&r, 0.1) ? &gen->online_hours : &gen->store_hours);
  qsort (times, n, sizeof (gint64), gint64_compare);
  for (guint k = 0; k < n; k++)
    {
      McDemoOrderRow *order = push_order (batch);
      gint32 store = rng_chance (&r, 0.1) ? -1 : (gint32) pick_store (gen, rng_double (&r));
      gint64 amount = round_amount (&r, MEDIAN_ORDER_FEN * 0.8 * exp (0.75 * rng_normal (&r)));

      next_id (gen, &r, order->id);
      format_rev (order->rev, &r);
      order->refund_of[0] = '\0';
      order->member_id = NULL;
      order->store_id = store >= 0 ? gen->store_ids[store] : NULL;
      order->amount_fen = amount;
      order->at = times[k];
      batch->sales++;
      batch->anonymous++;
      if (rng_chance (&r, REFUND_RATE))
        {
          gint64 at = times[k] + 1800 + (gint64) rng_exponential (&r, 3.0 * DAY);

          if (at < gen->end)
            {
              McDemoOrderRow *refund = push_order (batch);
              const McDemoOrderRow *sale = &batch->orders[batch->n_orders - 2];

              next_id (gen, &r, refund->id);
              format_rev (refund->rev, &r);
              memcpy (refund->refund_of, sale->id, MC_DEMO_ID_LEN + 1);
              refund->member_id = NULL;
              refund->store_id = sale->store_id;
              refund->amount_fen = -sale->amount_fen;
              refund->at = at;
              batch->refunds++;
            }
        }
    }
  g_free (times);
}

void
mc_demo_gen_fill (McDemoGen   *gen,
                  McDemoBatch *batch,
                  guint        first,
                  guint        count)
{
  g_return_if_fail (count <= batch->cap_members);

  batch->n_members = batch->n_orders = batch->n_points = batch->n_growth = batch->n_events = 0;
  batch->sales = batch->refunds = batch->anonymous = 0;
  batch->first_member = first;
  for (guint i = first; i < first + count; i++)
    make_member (gen, batch, i);
  make_anonymous (gen, batch, first, count);
}
