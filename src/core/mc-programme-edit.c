/* mc-programme-edit.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Editing a programme, for the designer: tiers, the benefits catalogue, plans, the tier ×
 * benefit and plan × benefit matrix, referral steps; what a benefit costs a month.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include "mc-programme.h"
#include "mc-programme-private.h"

static void
codes_set (GPtrArray  *codes,
           const char *code,
           gboolean    present)
{
  for (guint i = 0; i < codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (codes, i), code) == 0)
      {
        if (!present)
          g_ptr_array_remove_index (codes, i);
        return;
      }
  if (present)
    g_ptr_array_add (codes, g_strdup (code));
}

McTier *
mc_programme_add_tier (McProgramme *self,
                       const char  *code,
                       const char  *name,
                       gint64       threshold)
{
  McTier *tier;
  guint at = 0;

  g_return_val_if_fail (self != NULL && code != NULL && name != NULL, NULL);

  /* In rank order by threshold, after tiers with the same threshold. */
  while (at < self->tiers->len && ((McTier *) g_ptr_array_index (self->tiers, at))->threshold <= threshold)
    at++;
  tier = mc_programme_tier_new (code, name, "#888888", threshold, 1000);
  g_ptr_array_insert (self->tiers, (int) at, tier);
  return tier;
}

gboolean
mc_programme_remove_tier (McProgramme *self,
                          const char  *code)
{
  int rank = mc_programme_tier_rank (self, code);

  if (rank < 0)
    return FALSE;
  g_ptr_array_remove_index (self->tiers, (guint) rank);
  return TRUE;
}

McBenefit *
mc_programme_add_benefit (McProgramme   *self,
                          const char    *code,
                          const char    *name,
                          McBenefitKind  kind)
{
  McBenefit *benefit;

  g_return_val_if_fail (self != NULL && code != NULL && name != NULL, NULL);
  benefit = mc_programme_benefit_new (code, name, kind);
  g_ptr_array_add (self->benefits, benefit);
  return benefit;
}

gboolean
mc_programme_remove_benefit (McProgramme *self,
                             const char  *code)
{
  for (guint i = 0; i < self->benefits->len; i++)
    {
      McBenefit *benefit = g_ptr_array_index (self->benefits, i);

      if (g_strcmp0 (benefit->code, code) != 0)
        continue;
      for (guint t = 0; t < self->tiers->len; t++)
        codes_set (((McTier *) g_ptr_array_index (self->tiers, t))->benefits, code, FALSE);
      for (guint p = 0; p < self->plans->len; p++)
        codes_set (((McPaidPlan *) g_ptr_array_index (self->plans, p))->benefits, code, FALSE);
      if (g_strcmp0 (self->member_day_benefit, code) == 0)
        g_clear_pointer (&self->member_day_benefit, g_free);
      if (g_strcmp0 (self->birthday_benefit, code) == 0)
        g_clear_pointer (&self->birthday_benefit, g_free);
      for (guint r = 0; r < self->referral_steps->len; r++)
        {
          McReferralStep *step = &g_array_index (self->referral_steps, McReferralStep, r);

          if (g_strcmp0 (step->benefit, code) == 0)
            g_clear_pointer (&step->benefit, g_free);
        }
      g_ptr_array_remove_index (self->benefits, i);
      return TRUE;
    }
  return FALSE;
}

const McBenefit *
mc_programme_get_benefit (McProgramme *self,
                          const char  *code)
{
  for (guint i = 0; i < self->benefits->len; i++)
    {
      McBenefit *benefit = g_ptr_array_index (self->benefits, i);

      if (g_strcmp0 (benefit->code, code) == 0)
        return benefit;
    }
  return NULL;
}

McPaidPlan *
mc_programme_add_plan (McProgramme  *self,
                       const char   *code,
                       const char   *name,
                       McPlanPeriod  period,
                       gint64        price_fen)
{
  McPaidPlan *plan;

  g_return_val_if_fail (self != NULL && code != NULL && name != NULL, NULL);
  plan = mc_programme_plan_new (code, name, period, price_fen);
  g_ptr_array_add (self->plans, plan);
  return plan;
}

gboolean
mc_programme_remove_plan (McProgramme *self,
                          const char  *code)
{
  for (guint i = 0; i < self->plans->len; i++)
    if (g_strcmp0 (((McPaidPlan *) g_ptr_array_index (self->plans, i))->code, code) == 0)
      {
        g_ptr_array_remove_index (self->plans, i);
        return TRUE;
      }
  return FALSE;
}

const McPaidPlan *
mc_programme_get_plan (McProgramme *self,
                       const char  *code)
{
  for (guint i = 0; i < self->plans->len; i++)
    {
      McPaidPlan *plan = g_ptr_array_index (self->plans, i);

      if (g_strcmp0 (plan->code, code) == 0)
        return plan;
    }
  return NULL;
}

gboolean
mc_programme_tier_has_benefit (McProgramme *self,
                               const char  *tier_code,
                               const char  *benefit_code)
{
  const McTier *tier = mc_programme_get_tier (self, tier_code);

  return tier != NULL && mc_programme_codes_have (tier->benefits, benefit_code);
}

void
mc_programme_set_tier_benefit (McProgramme *self,
                               const char  *tier_code,
                               const char  *benefit_code,
                               gboolean     given)
{
  McTier *tier = (McTier *) mc_programme_get_tier (self, tier_code);

  g_return_if_fail (tier != NULL);
  g_return_if_fail (!given || mc_programme_get_benefit (self, benefit_code) != NULL);
  codes_set (tier->benefits, benefit_code, given);
}

gboolean
mc_programme_plan_has_benefit (McProgramme *self,
                               const char  *plan_code,
                               const char  *benefit_code)
{
  const McPaidPlan *plan = mc_programme_get_plan (self, plan_code);

  return plan != NULL && mc_programme_codes_have (plan->benefits, benefit_code);
}

void
mc_programme_set_plan_benefit (McProgramme *self,
                               const char  *plan_code,
                               const char  *benefit_code,
                               gboolean     given)
{
  McPaidPlan *plan = (McPaidPlan *) mc_programme_get_plan (self, plan_code);

  g_return_if_fail (plan != NULL);
  g_return_if_fail (!given || mc_programme_get_benefit (self, benefit_code) != NULL);
  codes_set (plan->benefits, benefit_code, given);
}

void
mc_programme_add_referral_step (McProgramme *self,
                                int          invites,
                                int          points,
                                const char  *benefit)
{
  McReferralStep step = { invites, points, g_strdup (benefit) };
  guint at = 0;

  while (at < self->referral_steps->len &&
         g_array_index (self->referral_steps, McReferralStep, at).invites <= invites)
    at++;
  g_array_insert_val (self->referral_steps, at, step);
}

void
mc_programme_remove_referral_step (McProgramme *self,
                                   guint        index)
{
  g_return_if_fail (index < self->referral_steps->len);
  g_array_remove_index (self->referral_steps, index);
}

double
mc_benefit_monthly_cost (const McBenefit *benefit,
                         gint64           as_of)
{
  double uses;

  g_return_val_if_fail (benefit != NULL, 0.0);

  if (as_of != 0 && ((benefit->valid_from != 0 && as_of < benefit->valid_from) ||
                     (benefit->valid_to != 0 && as_of >= benefit->valid_to)))
    return 0.0;
  if (benefit->kind == MC_BENEFIT_PRICE && benefit->coupons_per_month > 0)
    uses = benefit->coupons_per_month;
  else if (benefit->limit_per_period > 0)
    {
      switch (benefit->period)
        {
        case MC_PERIOD_DAY:     uses = benefit->limit_per_period * 30.0; break;
        case MC_PERIOD_WEEK:    uses = benefit->limit_per_period * 30.0 / 7.0; break;
        case MC_PERIOD_QUARTER: uses = benefit->limit_per_period / 3.0; break;
        case MC_PERIOD_YEAR:    uses = benefit->limit_per_period / 12.0; break;
        case MC_PERIOD_MONTH:
        case MC_PERIOD_NONE:
        case MC_N_PERIODS:
        default:                uses = benefit->limit_per_period; break;
        }
    }
  else
    uses = 1.0;
  return benefit->unit_cost_fen * (benefit->usage_rate_permille / 1000.0) * uses;
}

double
mc_paid_plan_monthly_price (const McPaidPlan *plan)
{
  g_return_val_if_fail (plan != NULL, 0.0);

  switch (plan->period)
    {
    case MC_PLAN_MONTH:    return (double) plan->price_fen;
    case MC_PLAN_QUARTER:  return plan->price_fen / 3.0;
    case MC_PLAN_YEAR:     return plan->price_fen / 12.0;
    case MC_PLAN_LIFETIME:
    case MC_N_PLAN_PERIODS:
    default:               return 0.0;
    }
}

