/* mc-simulate.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The what-if simulation proper: a programme applied to prepared member figures, as one
 * pass over plain arrays. The definitions are in data/programme.md.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mc-simulate-private.h"

McSimulateData *
mc_simulate_data_take (gint64            as_of,
                       McProgramme      *live,
                       McSimulateMember *members,
                       guint             n_members,
                       GPtrArray        *plan_codes)
{
  McSimulateData *data = g_new0 (McSimulateData, 1);

  data->as_of = as_of;
  data->live = live;
  data->members = members;
  data->n_members = n_members;
  data->plan_codes = plan_codes != NULL ? plan_codes : g_ptr_array_new_with_free_func (g_free);
  return data;
}

McSimulateData *
mc_simulate_data_new (gint64                  as_of,
                      McProgramme            *live,
                      const McSimulateMember *members,
                      guint                   n_members,
                      const char * const     *plan_codes)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (live != NULL, NULL);
  g_return_val_if_fail (members != NULL || n_members == 0, NULL);

  for (guint i = 0; plan_codes != NULL && plan_codes[i] != NULL; i++)
    g_ptr_array_add (codes, g_strdup (plan_codes[i]));
  return mc_simulate_data_take (as_of, mc_programme_copy (live),
                                g_memdup2 (members, sizeof (McSimulateMember) * n_members),
                                n_members, codes);
}

void
mc_simulate_data_free (McSimulateData *data)
{
  if (data == NULL)
    return;
  mc_programme_free (data->live);
  g_free (data->members);
  g_ptr_array_unref (data->plan_codes);
  g_free (data);
}

guint
mc_simulate_data_get_n_members (McSimulateData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return data->n_members;
}

const McSimulateMember *
mc_simulate_data_get_member (McSimulateData *data,
                             guint           index)
{
  g_return_val_if_fail (data != NULL && index < data->n_members, NULL);
  return &data->members[index];
}

gint64
mc_simulate_data_get_as_of (McSimulateData *data)
{
  g_return_val_if_fail (data != NULL, 0);
  return data->as_of;
}

McProgramme *
mc_simulate_data_get_live (McSimulateData *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return data->live;
}

/* The growth rules' difference from the live programme's, applied to recorded growth. */
typedef struct
{
  int          window;
  McTierMetric metric;
  gint64       d_per_yuan;
  gint64       d_per_order;
} ValueRule;

static ValueRule
value_rule (McSimulateData *data,
            McProgramme    *programme)
{
  ValueRule r;

  r.window = (int) programme->window;
  r.metric = programme->metric;
  r.d_per_yuan = (gint64) programme->growth_per_yuan - data->live->growth_per_yuan;
  r.d_per_order = (gint64) programme->growth_per_order - data->live->growth_per_order;
  return r;
}

static inline gint64
member_value (const McSimulateMember *m,
              const ValueRule        *r)
{
  int w = r->window;

  switch (r->metric)
    {
    case MC_TIER_METRIC_SPEND:       return m->revenue_fen[w];
    case MC_TIER_METRIC_ORDERS:      return m->orders[w];
    case MC_TIER_METRIC_ACTIVE_DAYS: return m->active_days[w];
    case MC_TIER_METRIC_GROWTH:
    case MC_N_TIER_METRICS:
    default:
      return m->growth[w] + r->d_per_yuan * m->whole_yuan[w] + r->d_per_order * m->orders[w];
    }
}

gint64
mc_simulate_member_value (McSimulateData *data,
                          McProgramme    *programme,
                          guint           index)
{
  ValueRule r;

  g_return_val_if_fail (data != NULL && programme != NULL, 0);
  g_return_val_if_fail (index < data->n_members, 0);

  r = value_rule (data, programme);
  return member_value (&data->members[index], &r);
}

/* The rank of the highest threshold reached: thresholds[0] is 0 and they rise. */
static inline guint
tier_of (const gint64 *thresholds,
         guint         n,
         gint64        value)
{
  guint lo = 0, hi = n;   /* thresholds[lo] <= value (or lo = 0), thresholds[hi] > value */

  while (hi - lo > 1)
    {
      guint mid = (lo + hi) / 2;

      if (thresholds[mid] <= value)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static double
target_share (guint rank,
              guint n)
{
  /* The base / advanced / top shape 80 / 15 / 5: the lowest tier 80 %, the highest 5 %,
   * the tiers between share 15 %; with two tiers, 80 / 20. */
  if (rank == 0)
    return 0.80;
  if (n == 2)
    return 0.20;
  if (rank == n - 1)
    return 0.05;
  return 0.15 / (n - 2);
}

static gboolean
codes_have (GPtrArray  *codes,
            const char *code)
{
  for (guint i = 0; i < codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (codes, i), code) == 0)
      return TRUE;
  return FALSE;
}

static double
benefits_monthly_cost (McProgramme *programme,
                       GPtrArray   *codes,
                       GPtrArray   *except,
                       gint64       as_of)
{
  double cost = 0.0;

  for (guint i = 0; codes != NULL && i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);
      const McBenefit *b;

      if (except != NULL && codes_have (except, code))
        continue;
      b = mc_programme_get_benefit (programme, code);
      if (b != NULL)
        cost += mc_benefit_monthly_cost (b, as_of);
    }
  return cost;
}

/* What a benefit given once costs (a birthday gift, a member day's): unit cost × usage. */
static double
benefit_once_cost (McProgramme *programme,
                   const char  *code,
                   gint64       as_of)
{
  const McBenefit *b;

  if (code == NULL || (b = mc_programme_get_benefit (programme, code)) == NULL)
    return 0.0;
  if ((b->valid_from != 0 && as_of < b->valid_from) || (b->valid_to != 0 && as_of >= b->valid_to))
    return 0.0;
  return b->unit_cost_fen * (b->usage_rate_permille / 1000.0);
}

McSimulateResult *
mc_simulate_run (McSimulateData *data,
                 McProgramme    *programme)
{
  McSimulateResult *res;
  ValueRule rule;
  guint n_tiers, n_data_plans;
  gint64 thresholds[16];
  gint64 mult[16];
  gint64 counts[16] = { 0 }, revenue[16] = { 0 }, points[16] = { 0 };
  g_autofree gint64 *plan_counts = NULL;   /* data plan × tier */
  g_autofree int *plan_map = NULL;         /* data plan -> programme plan, -1: none */
  gint64 outstanding = 0;
  double monthly_points_fen;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (programme != NULL && programme->tiers->len >= 1 && programme->tiers->len <= 16, NULL);

  n_tiers = programme->tiers->len;
  n_data_plans = data->plan_codes->len;
  for (guint t = 0; t < n_tiers; t++)
    {
      McTier *tier = g_ptr_array_index (programme->tiers, t);

      thresholds[t] = t == 0 ? G_MININT64 : tier->threshold;
      mult[t] = tier->multiplier_permille;
    }
  rule = value_rule (data, programme);
  plan_counts = g_new0 (gint64, (gsize) MAX (n_data_plans, 1) * n_tiers);

  res = g_new0 (McSimulateResult, 1);
  res->n_members = data->n_members;
  res->member_tier = g_malloc (MAX (data->n_members, 1));

  /* The one pass. */
  {
    const gint64 per_yuan = programme->points_per_yuan;
    const int w = rule.window;

    for (guint i = 0; i < data->n_members; i++)
      {
        const McSimulateMember *m = &data->members[i];
        guint t = tier_of (thresholds, n_tiers, member_value (m, &rule));
        gint64 rev = m->revenue_fen[w];

        res->member_tier[i] = (guint8) t;
        counts[t]++;
        revenue[t] += rev;
        if (rev > 0)
          points[t] += rev * per_yuan * mult[t] / 100000;
        outstanding += m->points_balance;
        if (m->plan >= 0 && (guint) m->plan < n_data_plans)
          plan_counts[(gsize) m->plan * n_tiers + t]++;
      }
  }

  res->as_of = data->as_of;
  res->growth_per_yuan_delta = rule.d_per_yuan;
  res->growth_per_order_delta = rule.d_per_order;
  res->window = programme->window;
  res->metric = programme->metric;
  res->window_months = mc_eval_window_months (programme->window);
  res->members = data->n_members;
  res->n_tiers = n_tiers;
  res->tiers = g_new0 (McSimulateTier, n_tiers);
  for (guint t = 0; t < n_tiers; t++)
    {
      McTier *tier = g_ptr_array_index (programme->tiers, t);
      McSimulateTier *st = &res->tiers[t];
      double per_member = benefits_monthly_cost (programme, tier->benefits, NULL, data->as_of);

      st->code = g_strdup (tier->code);
      st->name = g_strdup (tier->name);
      st->color = g_strdup (tier->color);
      st->threshold = tier->threshold;
      st->members = counts[t];
      st->share = data->n_members > 0 ? (double) counts[t] / data->n_members : 0.0;
      st->target_share = target_share (t, n_tiers);
      st->monthly_benefit_cost_fen = (gint64) llround (per_member * counts[t]);
      st->revenue_fen = revenue[t];
      st->cost_share = revenue[t] > 0
        ? (double) st->monthly_benefit_cost_fen * res->window_months / revenue[t] : 0.0;
      st->points_issued = points[t];
      res->revenue_fen += revenue[t];
      res->tiers_monthly_cost_fen += st->monthly_benefit_cost_fen;
      res->points_issued += points[t];
    }

  /* Paid plans, matched by code: their benefits that the subscriber's tier does not give. */
  plan_map = g_new (int, MAX (n_data_plans, 1));
  for (guint p = 0; p < n_data_plans; p++)
    {
      const char *code = g_ptr_array_index (data->plan_codes, p);

      plan_map[p] = -1;
      for (guint q = 0; q < programme->plans->len; q++)
        if (g_strcmp0 (((McPaidPlan *) g_ptr_array_index (programme->plans, q))->code, code) == 0)
          plan_map[p] = (int) q;
    }
  res->n_plans = programme->plans->len;
  res->plans = g_new0 (McSimulatePlan, MAX (res->n_plans, 1));
  for (guint q = 0; q < res->n_plans; q++)
    {
      McPaidPlan *plan = g_ptr_array_index (programme->plans, q);
      McSimulatePlan *sp = &res->plans[q];
      double cost = 0.0;

      sp->code = g_strdup (plan->code);
      sp->name = g_strdup (plan->name);
      for (guint p = 0; p < n_data_plans; p++)
        {
          if (plan_map[p] != (int) q)
            continue;
          for (guint t = 0; t < n_tiers; t++)
            {
              gint64 c = plan_counts[(gsize) p * n_tiers + t];
              McTier *tier = g_ptr_array_index (programme->tiers, t);

              if (c == 0)
                continue;
              sp->subscribers += c;
              cost += c * benefits_monthly_cost (programme, plan->benefits, tier->benefits, data->as_of);
            }
        }
      sp->monthly_benefit_cost_fen = (gint64) llround (cost);
      sp->monthly_revenue_fen = (gint64) llround (sp->subscribers * mc_paid_plan_monthly_price (plan));
      res->plans_monthly_cost_fen += sp->monthly_benefit_cost_fen;
    }

  /* Campaigns: a twelfth of the members have their birthday month in a given month; the
   * member day's benefit goes to every member once a month, and its multiplier adds to the
   * points of one day in a month (spend spread evenly over the days: 12 / 365 of a month's
   * points). See data/programme.md. */
  monthly_points_fen = res->window_months > 0
    ? (double) res->points_issued / res->window_months * programme->point_value_fen : 0.0;
  {
    double c = 0.0;

    c += data->n_members / 12.0 * (benefit_once_cost (programme, programme->birthday_benefit, data->as_of) +
                                   (double) programme->birthday_points * programme->point_value_fen);
    if (programme->member_day > 0)
      {
        c += data->n_members * benefit_once_cost (programme, programme->member_day_benefit, data->as_of);
        c += monthly_points_fen * 12.0 / 365.0 *
             MAX (0, programme->member_day_multiplier_permille - 1000) / 1000.0;
      }
    res->campaigns_monthly_cost_fen = (gint64) llround (c);
  }

  res->monthly_benefit_cost_fen = res->tiers_monthly_cost_fen + res->plans_monthly_cost_fen +
                                  res->campaigns_monthly_cost_fen;
  res->cost_share = res->revenue_fen > 0
    ? (double) res->monthly_benefit_cost_fen * res->window_months / res->revenue_fen : 0.0;
  res->points_outstanding = outstanding;
  res->points_liability_fen = (outstanding + res->points_issued) * programme->point_value_fen;
  return res;
}

void
mc_simulate_result_free (McSimulateResult *result)
{
  if (result == NULL)
    return;
  for (guint t = 0; t < result->n_tiers; t++)
    {
      g_free (result->tiers[t].code);
      g_free (result->tiers[t].name);
      g_free (result->tiers[t].color);
    }
  g_free (result->tiers);
  for (guint p = 0; p < result->n_plans; p++)
    {
      g_free (result->plans[p].code);
      g_free (result->plans[p].name);
    }
  g_free (result->plans);
  g_free (result->member_tier);
  g_free (result);
}

McSimulateMovement *
mc_simulate_movement (McSimulateResult *from,
                      McSimulateResult *to)
{
  McSimulateMovement *mv;

  g_return_val_if_fail (from != NULL && to != NULL, NULL);
  g_return_val_if_fail (from->n_members == to->n_members, NULL);

  mv = g_new0 (McSimulateMovement, 1);
  mv->n_from = from->n_tiers;
  mv->n_to = to->n_tiers;
  mv->matrix = g_new0 (gint64, (gsize) mv->n_from * mv->n_to);
  mv->downgraded = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < from->n_members; i++)
    {
      guint a = from->member_tier[i], b = to->member_tier[i];

      mv->matrix[(gsize) a * mv->n_to + b]++;
      if (b > a)
        mv->up++;
      else if (b < a)
        {
          mv->down++;
          g_array_append_val (mv->downgraded, i);
        }
      else
        mv->same++;
    }
  return mv;
}

void
mc_simulate_movement_free (McSimulateMovement *movement)
{
  if (movement == NULL)
    return;
  g_free (movement->matrix);
  g_array_unref (movement->downgraded);
  g_free (movement);
}
