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

#define DAY               MC_DEMO_DAY
#define REFUND_RATE       0.03
#define CONSENT_RATE      0.60
#define MEDIAN_ORDER_FEN  15000.0
#define MAX_SALES         2000      /* per member */
#define STORE_STREAM      G_GUINT64_CONSTANT (0x5354000000000000)
#define ANON_STREAM       G_GUINT64_CONSTANT (0x414e000000000000)
#define ID_STREAM         G_GUINT64_CONSTANT (0x4944000000000000)

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

void
mc_demo_format_rev (char       out[MC_DEMO_REV_LEN + 1],
                    McDemoRng *r)
{
  out[0] = '1';
  out[1] = '-';
  put_hex (out + 2, rng_next (r), 16);
  put_hex (out + 18, rng_next (r), 16);
  out[34] = '\0';
}

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

McDemoOrderRow *
mc_demo_push_order (McDemoBatch *b)
{
  MC_DEMO_ENSURE (b, orders, 1);
  return &b->orders[b->n_orders++];
}

McDemoLedgerRow *
mc_demo_push_ledger (McDemoBatch *b,
                     gboolean     points)
{
  if (points)
    {
      MC_DEMO_ENSURE (b, points, 1);
      return &b->points[b->n_points++];
    }
  MC_DEMO_ENSURE (b, growth, 1);
  return &b->growth[b->n_growth++];
}

McDemoEventRow *
mc_demo_push_event (McDemoBatch *b)
{
  MC_DEMO_ENSURE (b, events, 1);
  return &b->events[b->n_events++];
}

void
mc_demo_next_id (McDemoGen *gen,
                 McDemoRng *r,
                 char       out[MC_DEMO_ID_LEN + 1])
{
  format_uuid (out, gen->base_ms, gen->counter++, rng_next (r));
}

/* Stores take counters 0 .. 5, members 6 .. 6 + n - 1, every other row the ones after. */
void
mc_demo_member_uuid (McDemoGen *gen,
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
  McDemoRng r;

  g_return_if_fail (i < MC_DEMO_N_STORES);
  rng_seed (&r, gen->opt.seed, STORE_STREAM + i);
  format_uuid (id, gen->base_ms, i, rng_next (&r));
  mc_demo_format_rev (rev, &r);
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

  mc_demo_calendar_init (gen);

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
  for (guint k = 0; k < MC_DEMO_N_EVENT_KINDS; k++)
    {
      McAction action;

      gen->action_of_kind[k] = mc_action_from_string (mc_demo_event_kinds[k], &action) ? (gint) action : -1;
    }

  mc_demo_calibrate (gen);
  return gen;
}

void
mc_demo_gen_free (McDemoGen *gen)
{
  if (gen == NULL)
    return;
  g_time_zone_unref (gen->tz);
  g_hash_table_unref (gen->referrals);
  mc_demo_calendar_clear (gen);
  g_free (gen->sales);
  g_free (gen->items);
  g_free (gen->lots);
  g_free (gen->steps);
  g_free (gen->invites);
  g_free (gen);
}

guint
mc_demo_pick_store (McDemoGen *gen,
                    double     u)
{
  for (guint i = 0; i < MC_DEMO_N_STORES; i++)
    if (u < gen->store_cum[i])
      return i;
  return MC_DEMO_N_STORES - 1;
}

static gint64
round_amount (McDemoRng *r,
              double     fen)
{
  gint64 amount;

  fen = CLAMP (fen, 500.0, 5000000.0);
  if (rng_chance (r, 0.5))
    amount = (gint64) (fen / 100.0 + 0.5) * 100;      /* whole yuan */
  else
    amount = (gint64) (fen / 10.0 + 0.5) * 10;        /* ¥x.x0 */
  return MAX (amount, 100);
}

static int
gint64_compare (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
plan_invites (McDemoGen            *gen,
              McDemoRng            *r,
              guint                 index,
              const McDemoActivity *a)
{
  guint n;

  if (a->active_end - a->joined_at < 7 * DAY || !rng_chance (r, a->online ? 0.08 : 0.04))
    return;
  n = rng_chance (r, 0.25) ? 2 + rng_below (r, 3) : 1;
  for (guint k = 0; k < n; k++)
    {
      gint64 t = a->joined_at + DAY + (gint64) (rng_double (r) * (double) (a->active_end - a->joined_at - DAY));
      guint j = MAX (mc_demo_index_at_time (gen, t), index + 1);

      for (guint tries = 0; tries < 8 && j < gen->opt.n_members; tries++, j++)
        {
          gint64 jt;

          if (g_hash_table_contains (gen->referrals, GUINT_TO_POINTER (j)))
            continue;
          jt = mc_demo_join_time_of (gen, j);
          if (jt <= a->joined_at + 3600 || jt > a->active_end)
            continue;
          g_hash_table_insert (gen->referrals, GUINT_TO_POINTER (j), GUINT_TO_POINTER (index + 1));
          MC_DEMO_ENSURE (gen, invites, 1);
          gen->invites[gen->n_invites].invitee = j;
          gen->invites[gen->n_invites].at = jt;
          mc_demo_add_item (gen, jt, MC_DEMO_ITEM_EVENT, MC_DEMO_EV_INVITE, gen->n_invites);
          gen->n_invites++;
          break;
        }
    }
}

static void
add_events (McDemoGen            *gen,
            McDemoRng            *r,
            const McDemoActivity *a,
            guint                 n_sales)
{
  static const struct { McDemoEventKind kind; double per_sale; gboolean app_only; gboolean online_hours; } plan[] = {
    /* About one action for every five sales: enough for every kind to show in the
     * analytics, few enough that a 1M-member workspace stays quick to make. */
    { MC_DEMO_EV_VISIT, 0.04, FALSE, FALSE },
    { MC_DEMO_EV_CHECKIN, 0.10, TRUE, TRUE },
    { MC_DEMO_EV_LOGIN, 0.03, TRUE, TRUE },
    { MC_DEMO_EV_LIKE, 0.02, FALSE, TRUE },
    { MC_DEMO_EV_SHARE, 0.01, FALSE, TRUE },
    { MC_DEMO_EV_SHARE_BOUGHT, 0.004, FALSE, TRUE },
    { MC_DEMO_EV_BENEFIT, 0.02, FALSE, FALSE },
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
        mc_demo_add_item (gen, mc_demo_sample_time (gen, r, a->joined_at, a->active_end,
                                    plan[p].online_hours ? &gen->online_hours : &gen->store_hours),
                  MC_DEMO_ITEM_EVENT, plan[p].kind, k);
    }
  for (guint k = rng_poisson (r, 0.06 * base); k > 0; k--)
    mc_demo_add_item (gen, mc_demo_sample_time (gen, r, a->joined_at, a->active_end, &gen->online_hours),
              MC_DEMO_ITEM_REDEEM, 0, k);
}

static void
make_member (McDemoGen   *gen,
             McDemoBatch *batch,
             guint        index)
{
  McDemoMemberRow *m = &batch->members[batch->n_members++];
  gpointer referrer = NULL;
  McDemoActivity a = { 0 };
  guint home, n_sales, n_extra;
  gboolean online_buyer;
  McDemoRng r;

  rng_seed (&r, gen->opt.seed, index);
  a.joined_at = mc_demo_join_time (gen, index, rng_double (&r));   /* first draw: mc_demo_join_time_of() */
  mc_demo_member_uuid (gen, index, m->id);
  mc_demo_format_rev (m->rev, &r);
  m->rowid = (gint64) index + 1;
  mc_demo_make_person (gen, &r, index, m);

  /* Where and how they joined */
  home = mc_demo_pick_store (gen, rng_double (&r));
  m->region = rng_chance (&r, 0.85) ? mc_demo_stores[home].city : mc_demo_other_city (rng_double (&r));
  a.online = rng_chance (&r, 0.30);
  m->join_channel = a.online ? "online" : "store";
  m->store_id = a.online && rng_chance (&r, 0.6) ? NULL : gen->store_ids[home];
  m->referrer_id[0] = '\0';
  if (g_hash_table_steal_extended (gen->referrals, GUINT_TO_POINTER (index), NULL, &referrer))
    {
      m->join_channel = "referral";
      mc_demo_member_uuid (gen, GPOINTER_TO_UINT (referrer) - 1, m->referrer_id);
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
  mc_demo_draw_activity (gen, &r, &a);
  online_buyer = a.online;
  n_extra = MIN (rng_poisson (&r, gen->rate_c * a.rate * mc_demo_active_weight (gen, &a)), MAX_SALES);
  {
    double level = 0.45 * rng_normal (&r);

    gen->n_sales = gen->n_items = gen->n_lots = gen->n_steps = gen->n_invites = 0;
    n_sales = n_extra + (a.first_sale ? 1 : 0);
    MC_DEMO_ENSURE (gen, sales, n_sales);
    for (guint k = 0; k < n_sales; k++)
      {
        McDemoSale *sale = &gen->sales[k];
        gboolean online_order = rng_chance (&r, online_buyer ? 0.7 : 0.08);

        if (k == 0 && a.first_sale)
          sale->at = MIN (gen->end - 1, a.joined_at + rng_below (&r, 1200));
        else
          sale->at = mc_demo_sample_time (gen, &r, a.joined_at, a.active_end,
                                  online_order ? &gen->online_hours : &gen->store_hours);
        sale->store = online_order ? -1
          : (gint32) (rng_chance (&r, 0.85) ? home : rng_below (&r, MC_DEMO_N_STORES));
        sale->amount = round_amount (&r, MEDIAN_ORDER_FEN * exp (level + 0.65 * rng_normal (&r)) *
                                         gen->order_boost[mc_demo_day_of (gen, sale->at)]);
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
      mc_demo_add_item (gen, gen->sales[k].at, MC_DEMO_ITEM_SALE, 0, k);
      if (gen->sales[k].refund_at != 0)
        mc_demo_add_item (gen, gen->sales[k].refund_at, MC_DEMO_ITEM_REFUND, 0, k);
    }
  add_events (gen, &r, &a, n_sales);
  plan_invites (gen, &r, index, &a);
  mc_demo_play_member (gen, batch, m, &r);
}

static void
make_anonymous (McDemoGen   *gen,
                McDemoBatch *batch,
                guint        first,
                guint        count)
{
  guint n;
  McDemoRng r;
  gint64 *times;

  rng_seed (&r, gen->opt.seed, ANON_STREAM + first);
  n = rng_poisson (&r, gen->anon_mean * count);
  times = g_new (gint64, MAX (n, 1));
  for (guint k = 0; k < n; k++)
    times[k] = mc_demo_sample_time (gen, &r, gen->start, gen->end - 1,
                            rng_chance (&r, 0.1) ? &gen->online_hours : &gen->store_hours);
  qsort (times, n, sizeof (gint64), gint64_compare);
  for (guint k = 0; k < n; k++)
    {
      McDemoOrderRow *order = mc_demo_push_order (batch);
      gint32 store = rng_chance (&r, 0.1) ? -1 : (gint32) mc_demo_pick_store (gen, rng_double (&r));
      gint64 amount = round_amount (&r, MEDIAN_ORDER_FEN * 0.8 * exp (0.75 * rng_normal (&r)));

      mc_demo_next_id (gen, &r, order->id);
      mc_demo_format_rev (order->rev, &r);
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
              McDemoOrderRow *refund = mc_demo_push_order (batch);
              const McDemoOrderRow *sale = &batch->orders[batch->n_orders - 2];

              mc_demo_next_id (gen, &r, refund->id);
              mc_demo_format_rev (refund->rev, &r);
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
