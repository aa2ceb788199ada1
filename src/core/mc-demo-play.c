/* mc-demo-play.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A member's timeline, played in time order through the live programme exactly as the
 * core applies it: a sale earns points (mc-order.c: the tier of the moment, the daily
 * cap) as a lot that expires (as mc_points_expire() writes it), and growth; a refund
 * takes back the refunded share, never below zero (the rest is unrecovered); actions earn
 * growth within their daily caps (mc_event_record()); redemptions and refunds use the
 * oldest lots first (mc_points_lots()). The tier follows the growth of the evaluation
 * window up and down as the window moves, and ends as mc_tiers_evaluate() finds it.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mc-demo-private.h"

const char * const mc_demo_event_kinds[MC_DEMO_N_EVENT_KINDS] = {
  "visit", "login", "checkin", "share", "invite", "share_bought", "like", "benefit_used",
};

/* The running state of one member while its timeline plays. */
typedef struct
{
  McDemoGen       *gen;
  McDemoBatch     *batch;
  McDemoMemberRow *m;
  McDemoRng       *r;
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
} McDemoPlay;

static int
item_compare (const void *a,
              const void *b)
{
  const McDemoItem *x = a, *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  if (x->type != y->type)
    return x->type < y->type ? -1 : 1;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static const McDemoItem *
items_sort (McDemoGen *gen)
{
  qsort (gen->items, gen->n_items, sizeof (McDemoItem), item_compare);
  return gen->items;
}

void
mc_demo_add_item (McDemoGen      *gen,
                  gint64          at,
                  McDemoItemType  type,
                  guint           kind,
                  guint32         index)
{
  McDemoItem *item;

  MC_DEMO_ENSURE (gen, items, 1);
  item = &gen->items[gen->n_items++];
  item->at = at;
  item->type = (guint8) type;
  item->kind = (guint8) kind;
  item->index = index;
}

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
retier (McDemoPlay *s,
        gint64      at)
{
  guint t = tier_index (s->gen, s->window);

  if (t != s->tier)
    {
      s->tier = t;
      s->tier_since = at;
    }
}

static McDemoLedgerRow *
ledger_row (McDemoPlay *s,
            gboolean    points,
            const char *kind,
            gint64      delta,
            gint64      at,
            const char *ref_id)
{
  McDemoLedgerRow *row = mc_demo_push_ledger (s->batch, points);

  mc_demo_next_id (s->gen, s->r, row->id);
  mc_demo_format_rev (row->rev, s->r);
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
add_growth (McDemoPlay *s,
            gint64      at,
            gint64      delta)
{
  McDemoGen *gen = s->gen;
  McDemoStep *step;

  s->growth += delta;
  s->window += delta;
  MC_DEMO_ENSURE (gen, steps, 1);
  step = &gen->steps[gen->n_steps++];
  step->at = at;
  step->delta = delta;
  retier (s, at);
}

/* Negative points entries use the oldest lots first. */
static void
consume_lots (McDemoPlay *s,
              gint64      points)
{
  McDemoGen *gen = s->gen;

  while (points > 0 && s->lot_head < gen->n_lots)
    {
      McDemoLot *lot = &gen->lots[s->lot_head];
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
advance (McDemoPlay *s,
         gint64      t)
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
        drop = mc_demo_drop_of (gen, gen->steps[s->drop_head].at);
      if (MIN (expiry, drop) > t)
        break;
      if (expiry <= drop)
        {
          McDemoLot *lot = &gen->lots[s->expiry_head];
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
play_sale (McDemoPlay *s,
           McDemoSale *sale)
{
  McDemoGen *gen = s->gen;
  McDemoOrderRow *order = mc_demo_push_order (s->batch);
  const char *tier_code = gen->tiers[s->tier]->code;
  gint64 points, growth;

  mc_demo_next_id (gen, s->r, order->id);
  mc_demo_format_rev (order->rev, s->r);
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
      guint day = mc_demo_day_of (gen, sale->at);

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
      McDemoLot *lot;

      row->expires_at = mc_demo_expiry_of (gen, sale->at);
      MC_DEMO_ENSURE (gen, lots, 1);
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
play_refund (McDemoPlay *s,
             McDemoSale *sale)
{
  McDemoGen *gen = s->gen;
  McDemoOrderRow *order = mc_demo_push_order (s->batch);
  const char *sale_id = s->batch->orders[sale->row].id;
  gint64 at = sale->refund_at, amount = sale->refund_amount;

  mc_demo_next_id (gen, s->r, order->id);
  mc_demo_format_rev (order->rev, s->r);
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
          McDemoStep *step;

          s->growth -= taken;
          s->window -= taken;
          MC_DEMO_ENSURE (gen, steps, 1);
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
play_event (McDemoPlay *s,
            guint       kind,
            gint64      at,
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
          guint day = mc_demo_day_of (gen, at);

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

  event = mc_demo_push_event (s->batch);
  mc_demo_next_id (gen, s->r, event->id);
  mc_demo_format_rev (event->rev, s->r);
  if (ref != NULL)
    memcpy (event->ref, ref, MC_DEMO_ID_LEN + 1);
  else
    event->ref[0] = '\0';
  event->member_id = s->m->id;
  event->kind = mc_demo_event_kinds[kind];
  event->at = at;

  if (award != 0)
    {
      McDemoLedgerRow *row = ledger_row (s, FALSE, "action", award, at, event->id);

      row->reason = mc_demo_event_kinds[kind];
      add_growth (s, at, award);
      s->updated_at = MAX (s->updated_at, at);
    }
  if (kind == MC_DEMO_EV_VISIT || kind == MC_DEMO_EV_CHECKIN || kind == MC_DEMO_EV_LOGIN)
    {
      s->m->last_visit_at = MAX (s->m->last_visit_at, at);
      s->updated_at = MAX (s->updated_at, at);
    }
}

static void
play_redeem (McDemoPlay *s,
             gint64      at)
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

/* Plays the member's timeline (gen->items, gen->sales, gen->invites), appending its rows
 * to batch, and fills the member's cached columns. */
void
mc_demo_play_member (McDemoGen       *gen,
                     McDemoBatch     *batch,
                     McDemoMemberRow *m,
                     McDemoRng       *r)
{
  const McDemoItem *items = items_sort (gen);
  McDemoPlay s = { 0 };
  gint64 window_sum = 0;

  s.gen = gen;
  s.batch = batch;
  s.m = m;
  s.r = r;
  s.tier = 0;
  s.tier_since = m->joined_at;
  s.updated_at = m->joined_at;
  s.points_day = G_MAXUINT;
  for (guint k = 0; k < MC_N_ACTIONS; k++)
    s.cap_day[k] = G_MAXUINT;

  for (guint k = 0; k < gen->n_items; k++)
    {
      const McDemoItem *item = &items[k];

      advance (&s, item->at);
      switch (item->type)
        {
        case MC_DEMO_ITEM_SALE:
          play_sale (&s, &gen->sales[item->index]);
          break;
        case MC_DEMO_ITEM_REFUND:
          play_refund (&s, &gen->sales[item->index]);
          break;
        case MC_DEMO_ITEM_EVENT:
          if (item->kind == MC_DEMO_EV_INVITE)
            {
              char invitee[MC_DEMO_ID_LEN + 1];

              mc_demo_member_uuid (gen, gen->invites[item->index].invitee, invitee);
              play_event (&s, item->kind, item->at, invitee);
            }
          else
            play_event (&s, item->kind, item->at, NULL);
          break;
        case MC_DEMO_ITEM_REDEEM:
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
