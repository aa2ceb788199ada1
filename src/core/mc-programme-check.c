/* mc-programme-check.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The designer's rules: every issue of a programme, tied to its field. Pure: no database.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-error.h"
#include "mc-programme-check.h"
#include "mc-programme-private.h"

void
mc_programme_issue_free (McProgrammeIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->path);
  g_free (issue->message);
  g_free (issue);
}

static void
add_issue (GPtrArray          *issues,
           McProgrammeSection  section,
           int                 index,
           char               *path,       /* taken */
           char               *message)    /* taken */
{
  McProgrammeIssue *issue = g_new0 (McProgrammeIssue, 1);

  issue->section = section;
  issue->index = index;
  issue->path = path;
  issue->message = message;
  g_ptr_array_add (issues, issue);
}

static gboolean
blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
is_colour (const char *text)
{
  if (text == NULL || text[0] != '#' || strlen (text) != 7)
    return FALSE;
  for (int i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* Each code of a list must name a benefit of the catalogue. */
static void
check_codes (McProgramme        *self,
             GPtrArray          *issues,
             McProgrammeSection  section,
             int                 index,
             const char         *prefix,
             GPtrArray          *codes)
{
  for (guint i = 0; codes != NULL && i < codes->len; i++)
    {
      const char *code = g_ptr_array_index (codes, i);

      if (mc_programme_get_benefit (self, code) == NULL)
        add_issue (issues, section, index, g_strdup_printf ("%sbenefits", prefix),
                   g_strdup_printf (_("There is no benefit “%s” in the catalogue."), code));
    }
}

static void
check_benefit_code (McProgramme        *self,
                    GPtrArray          *issues,
                    McProgrammeSection  section,
                    int                 index,
                    const char         *path,
                    const char         *code)
{
  if (code != NULL && mc_programme_get_benefit (self, code) == NULL)
    add_issue (issues, section, index, g_strdup (path),
               g_strdup_printf (_("There is no benefit “%s” in the catalogue."), code));
}

static void
check_range (GPtrArray          *issues,
             McProgrammeSection  section,
             int                 index,
             char               *path,   /* taken */
             gint64              value,
             gint64              min,
             gint64              max)
{
  if (value >= min && value <= max)
    {
      g_free (path);
      return;
    }
  add_issue (issues, section, index, path,
             g_strdup_printf (_("%" PRId64 " is out of range: it must be from %" PRId64
                                " to %" PRId64 "."), value, min, max));
}

static void
check_tiers (McProgramme *self,
             GPtrArray   *issues)
{
  const McProgrammeSection S = MC_PROGRAMME_SECTION_TIERS;

  if (self->tiers->len < 2 || self->tiers->len > 10)
    add_issue (issues, S, -1, g_strdup ("tiers"),
               g_strdup_printf (_("A programme has 2 to 10 tiers; this one has %u."), self->tiers->len));
  for (guint i = 0; i < self->tiers->len; i++)
    {
      McTier *tier = g_ptr_array_index (self->tiers, i);
      g_autofree char *prefix = g_strdup_printf ("tiers[%u].", i);
      const char *shown = !blank (tier->name) ? tier->name : tier->code;

      if (blank (tier->code))
        add_issue (issues, S, (int) i, g_strconcat (prefix, "code", NULL),
                   g_strdup (_("A tier needs a code: a short key such as “gold”.")));
      else
        for (guint j = 0; j < i; j++)
          if (g_strcmp0 (((McTier *) g_ptr_array_index (self->tiers, j))->code, tier->code) == 0)
            {
              add_issue (issues, S, (int) i, g_strconcat (prefix, "code", NULL),
                         g_strdup_printf (_("Two tiers have the code “%s”; codes must differ."), tier->code));
              break;
            }
      if (blank (tier->name))
        add_issue (issues, S, (int) i, g_strconcat (prefix, "name", NULL),
                   g_strdup (_("A tier needs a name.")));
      if (tier->color != NULL && !is_colour (tier->color))
        add_issue (issues, S, (int) i, g_strconcat (prefix, "color", NULL),
                   g_strdup_printf (_("“%s” is not a colour; write it like #d4a72c."), tier->color));
      if (i == 0 && tier->threshold != 0)
        add_issue (issues, S, 0, g_strconcat (prefix, "threshold", NULL),
                   g_strdup_printf (_("The first tier “%s” must have threshold 0: every member is in it."),
                                    shown));
      else if (tier->threshold < 0)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "threshold", NULL),
                   g_strdup (_("A threshold cannot be negative.")));
      else if (i > 0)
        {
          McTier *prev = g_ptr_array_index (self->tiers, i - 1);

          if (tier->threshold <= prev->threshold)
            add_issue (issues, S, (int) i, g_strconcat (prefix, "threshold", NULL),
                       g_strdup_printf (_("Thresholds must rise with the tiers: “%s” needs more than "
                                          "%" PRId64 " (the threshold of “%s”), not %" PRId64 "."),
                                        shown, prev->threshold,
                                        !blank (prev->name) ? prev->name : prev->code, tier->threshold));
        }
      if (tier->multiplier_permille < 0 || tier->multiplier_permille > 10000)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "multiplier", NULL),
                   g_strdup (_("A points multiplier is from 0 to 10.")));
      check_codes (self, issues, S, (int) i, prefix, tier->benefits);
    }
}

static void
check_benefits (McProgramme *self,
                GPtrArray   *issues)
{
  const McProgrammeSection S = MC_PROGRAMME_SECTION_BENEFITS;

  for (guint i = 0; i < self->benefits->len; i++)
    {
      McBenefit *b = g_ptr_array_index (self->benefits, i);
      g_autofree char *prefix = g_strdup_printf ("benefits[%u].", i);

      if (blank (b->code))
        add_issue (issues, S, (int) i, g_strconcat (prefix, "code", NULL),
                   g_strdup (_("A benefit needs a code: a short key such as “coupon20”.")));
      else
        for (guint j = 0; j < i; j++)
          if (g_strcmp0 (((McBenefit *) g_ptr_array_index (self->benefits, j))->code, b->code) == 0)
            {
              add_issue (issues, S, (int) i, g_strconcat (prefix, "code", NULL),
                         g_strdup_printf (_("Two benefits have the code “%s”; codes must differ."), b->code));
              break;
            }
      if (blank (b->name))
        add_issue (issues, S, (int) i, g_strconcat (prefix, "name", NULL),
                   g_strdup (_("A benefit needs a name.")));
      if (b->discount_permille < 0 || b->discount_permille >= 1000)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "discount_percent", NULL),
                   g_strdup (_("A discount is a percentage from 0 to less than 100.")));
      if (b->kind == MC_BENEFIT_PRICE && b->discount_permille == 0 && b->coupons_per_month == 0 &&
          b->free_shipping_min_fen == 0 && b->coupon_value_fen == 0)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "kind", NULL),
                   g_strdup (_("A price benefit needs a discount, coupons or a free shipping threshold.")));
      if (b->coupons_per_month > 0 && b->coupon_value_fen <= 0)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "coupon_value_fen", NULL),
                   g_strdup (_("Coupons need a value.")));
      check_range (issues, S, (int) i, g_strconcat (prefix, "coupons_per_month", NULL),
                   b->coupons_per_month, 0, 1000);
      if (b->coupon_value_fen < 0)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "coupon_value_fen", NULL),
                   g_strdup (_("An amount cannot be negative.")));
      if (b->free_shipping_min_fen < 0)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "free_shipping_min_fen", NULL),
                   g_strdup (_("An amount cannot be negative.")));
      if (b->kind == MC_BENEFIT_SERVICE && blank (b->service_level))
        add_issue (issues, S, (int) i, g_strconcat (prefix, "service_level", NULL),
                   g_strdup (_("A service benefit needs its service level, e.g. “priority”.")));
      if (b->kind == MC_BENEFIT_PARTNER && blank (b->partner))
        add_issue (issues, S, (int) i, g_strconcat (prefix, "partner", NULL),
                   g_strdup (_("A partner benefit needs the partner’s name.")));
      if (b->unit_cost_fen < 0)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "unit_cost_fen", NULL),
                   g_strdup (_("An amount cannot be negative.")));
      if (b->usage_rate_permille < 0 || b->usage_rate_permille > 1000)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "usage_rate_percent", NULL),
                   g_strdup (_("A usage rate is a percentage from 0 to 100.")));
      if (b->limit_per_period < 0)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "limit_per_period", NULL),
                   g_strdup (_("A limit cannot be negative.")));
      else if (b->limit_per_period > 0 && b->period == MC_PERIOD_NONE)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "period", NULL),
                   g_strdup (_("A limit per member needs its period (day, week, month, quarter or year).")));
      if (b->valid_from != 0 && b->valid_to != 0 && b->valid_to <= b->valid_from)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "valid_to", NULL),
                   g_strdup (_("The end of the validity must come after its start.")));
    }
}

static void
check_general_and_points (McProgramme *self,
                          GPtrArray   *issues)
{
  const McProgrammeSection G = MC_PROGRAMME_SECTION_GENERAL, P = MC_PROGRAMME_SECTION_POINTS;

  if (blank (self->name))
    add_issue (issues, G, -1, g_strdup ("name"), g_strdup (_("The programme needs a name.")));
  check_range (issues, G, -1, g_strdup ("evaluation.grace_days"), self->grace_days, 0, 366);
  check_range (issues, G, -1, g_strdup ("evaluation.warning_days"), self->warning_days, 0, 366);
  if (self->keep_task != NULL && self->keep_task_target <= 0)
    add_issue (issues, G, -1, g_strdup ("evaluation.keep_task.target"),
               g_strdup (_("A task to keep the tier needs a target above 0.")));
  if (self->keep_task_target < 0)
    add_issue (issues, G, -1, g_strdup ("evaluation.keep_task.target"),
               g_strdup (_("A target cannot be negative.")));

  check_range (issues, P, -1, g_strdup ("points.per_yuan"), self->points_per_yuan, 0, 1000);
  check_range (issues, P, -1, g_strdup ("points.expiry_months"), self->points_expiry_months, 0, 120);
  check_range (issues, P, -1, g_strdup ("points.value_fen"), self->point_value_fen, 0, 10000);
  check_range (issues, P, -1, g_strdup ("points.daily_cap"), self->daily_points_cap, 0, 100000000);
  if (self->points_expiry_mode == MC_EXPIRY_YEARLY &&
      (self->points_clear_month < 1 || self->points_clear_month > 12 || self->points_clear_day < 1 ||
       self->points_clear_day > g_date_get_days_in_month ((GDateMonth) self->points_clear_month, 2001)))
    add_issue (issues, P, -1, g_strdup ("points.clear_on"),
               g_strdup_printf (_("%02d-%02d is not a day of the year (February 29 is not allowed)."),
                                self->points_clear_month, self->points_clear_day));
  check_range (issues, P, -1, g_strdup ("growth.per_yuan"), self->growth_per_yuan, 0, 1000);
  check_range (issues, P, -1, g_strdup ("growth.per_order"), self->growth_per_order, 0, 100000);
  for (guint a = 0; a < MC_N_ACTIONS; a++)
    {
      const char *name = mc_programme_action_names[a];

      check_range (issues, P, -1, g_strdup_printf ("growth.actions.%s.growth", name),
                   self->actions[a].growth, -100000, 100000);
      check_range (issues, P, -1, g_strdup_printf ("growth.actions.%s.daily_cap", name),
                   self->actions[a].daily_cap, 0, 1000000);
      if (self->actions[a].daily_cap > 0 && self->actions[a].growth > 0 &&
          self->actions[a].daily_cap < self->actions[a].growth)
        add_issue (issues, P, -1, g_strdup_printf ("growth.actions.%s.daily_cap", name),
                   g_strdup (_("A daily cap below one action’s reward would stop every reward.")));
    }
}

static void
check_plans_and_campaigns (McProgramme *self,
                           GPtrArray   *issues)
{
  const McProgrammeSection S = MC_PROGRAMME_SECTION_PLANS, C = MC_PROGRAMME_SECTION_CAMPAIGNS;

  for (guint i = 0; i < self->plans->len; i++)
    {
      McPaidPlan *p = g_ptr_array_index (self->plans, i);
      g_autofree char *prefix = g_strdup_printf ("plans[%u].", i);

      if (blank (p->code))
        add_issue (issues, S, (int) i, g_strconcat (prefix, "code", NULL),
                   g_strdup (_("A plan needs a code: a short key such as “plus-year”.")));
      else
        for (guint j = 0; j < i; j++)
          if (g_strcmp0 (((McPaidPlan *) g_ptr_array_index (self->plans, j))->code, p->code) == 0)
            {
              add_issue (issues, S, (int) i, g_strconcat (prefix, "code", NULL),
                         g_strdup_printf (_("Two plans have the code “%s”; codes must differ."), p->code));
              break;
            }
      if (blank (p->name))
        add_issue (issues, S, (int) i, g_strconcat (prefix, "name", NULL), g_strdup (_("A plan needs a name.")));
      if (p->price_fen < 0)
        add_issue (issues, S, (int) i, g_strconcat (prefix, "price_fen", NULL),
                   g_strdup (_("An amount cannot be negative.")));
      check_range (issues, S, (int) i, g_strconcat (prefix, "trial_days", NULL), p->trial_days, 0, 365);
      check_codes (self, issues, S, (int) i, prefix, p->benefits);
    }

  check_range (issues, C, -1, g_strdup ("campaigns.member_day.day"), self->member_day, 0, 28);
  if (self->member_day_multiplier_permille < 1000 || self->member_day_multiplier_permille > 10000)
    add_issue (issues, C, -1, g_strdup ("campaigns.member_day.multiplier"),
               g_strdup (_("The member day’s points multiplier is from 1 to 10.")));
  check_benefit_code (self, issues, C, -1, "campaigns.member_day.benefit", self->member_day_benefit);
  check_benefit_code (self, issues, C, -1, "campaigns.birthday.benefit", self->birthday_benefit);
  check_range (issues, C, -1, g_strdup ("campaigns.birthday.points"), self->birthday_points, 0, 100000000);
  for (guint i = 0; i < self->referral_steps->len; i++)
    {
      McReferralStep *step = &g_array_index (self->referral_steps, McReferralStep, i);
      g_autofree char *prefix = g_strdup_printf ("campaigns.referral[%u].", i);

      if (step->invites < 1)
        add_issue (issues, C, (int) i, g_strconcat (prefix, "invites", NULL),
                   g_strdup (_("A referral step needs at least 1 invite.")));
      else if (i > 0 && step->invites <= g_array_index (self->referral_steps, McReferralStep, i - 1).invites)
        add_issue (issues, C, (int) i, g_strconcat (prefix, "invites", NULL),
                   g_strdup (_("Referral steps must rise: each needs more invites than the one before.")));
      if (step->points < 0)
        add_issue (issues, C, (int) i, g_strconcat (prefix, "points", NULL),
                   g_strdup (_("Points cannot be negative.")));
      if (step->points == 0 && step->benefit == NULL)
        add_issue (issues, C, (int) i, g_strconcat (prefix, "points", NULL),
                   g_strdup (_("A referral step needs a reward: points or a benefit.")));
      if (step->benefit != NULL)
        {
          g_autofree char *path = g_strconcat (prefix, "benefit", NULL);

          check_benefit_code (self, issues, C, (int) i, path, step->benefit);
        }
    }
}

GPtrArray *
mc_programme_check (McProgramme *self)
{
  GPtrArray *issues = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_programme_issue_free);

  g_return_val_if_fail (self != NULL, issues);

  check_general_and_points (self, issues);
  check_tiers (self, issues);
  check_benefits (self, issues);
  check_plans_and_campaigns (self, issues);
  return issues;
}

McProgrammeIssue *
mc_programme_issues_find (GPtrArray  *issues,
                          const char *path)
{
  g_return_val_if_fail (issues != NULL, NULL);

  for (guint i = 0; i < issues->len; i++)
    {
      McProgrammeIssue *issue = g_ptr_array_index (issues, i);

      if (g_strcmp0 (issue->path, path) == 0)
        return issue;
    }
  return NULL;
}

guint
mc_programme_issues_count (GPtrArray          *issues,
                           McProgrammeSection  section)
{
  guint n = 0;

  g_return_val_if_fail (issues != NULL, 0);

  for (guint i = 0; i < issues->len; i++)
    if (((McProgrammeIssue *) g_ptr_array_index (issues, i))->section == section)
      n++;
  return n;
}

/* The first issue, in the order tiers, then the rest (the tiers' rules are the ones people
 * meet most), naming its field. */
gboolean
mc_programme_validate (McProgramme  *self,
                       GError      **error)
{
  g_autoptr(GPtrArray) issues = NULL;
  McProgrammeIssue *first = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  issues = mc_programme_check (self);
  if (issues->len == 0)
    return TRUE;
  for (guint i = 0; i < issues->len && first == NULL; i++)
    if (((McProgrammeIssue *) g_ptr_array_index (issues, i))->section == MC_PROGRAMME_SECTION_TIERS)
      first = g_ptr_array_index (issues, i);
  if (first == NULL)
    first = g_ptr_array_index (issues, 0);
  /* TRANSLATORS: the field of the programme, then what is wrong with it */
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("Programme field “%s”: %s"),
               first->path, first->message);
  return FALSE;
}
