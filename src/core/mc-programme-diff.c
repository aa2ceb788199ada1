/* mc-programme-diff.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A readable difference between two programmes, one line per changed field.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-programme-diff.h"
#include "mc-programme-private.h"

void
mc_programme_change_free (McProgrammeChange *change)
{
  if (change == NULL)
    return;
  g_free (change->path);
  g_free (change->before);
  g_free (change->after);
  g_free (change->text);
  g_free (change);
}

/* 10000 -> "10,000" */
static char *
format_count (gint64 v)
{
  g_autofree char *digits = g_strdup_printf ("%" PRId64, v < 0 ? -v : v);
  GString *out = g_string_new (v < 0 ? "-" : "");
  gsize len = strlen (digits);

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

static char *
format_yuan (gint64 fen)
{
  g_autofree char *whole = format_count (fen / 100);

  if (fen % 100 == 0)
    return g_strdup_printf ("¥%s", whole);
  return g_strdup_printf ("¥%s.%02d", whole, (int) ((fen < 0 ? -fen : fen) % 100));
}

static char *
format_permille (int permille)
{
  g_autofree char *text = g_strdup_printf ("%.3f", permille / 1000.0);
  char *end = text + strlen (text) - 1;

  while (*end == '0')
    *end-- = '\0';
  if (*end == '.')
    *end = '\0';
  return g_strdup (text);
}

static char *
format_percent (int permille)
{
  g_autofree char *number = g_strdup_printf ("%.1f", permille / 10.0);

  if (g_str_has_suffix (number, ".0"))
    number[strlen (number) - 2] = '\0';
  return g_strdup_printf ("%s%%", number);
}

static char *
format_date (gint64 t)
{
  g_autoptr(GDateTime) dt = NULL;

  if (t == 0)
    return g_strdup ("-");
  dt = g_date_time_new_from_unix_utc (t);
  return g_date_time_format (dt, "%Y-%m-%d");
}

/* Takes before and after; nothing when they are equal. */
static void
add (GPtrArray  *changes,
     char       *path,
     const char *label,
     char       *before,
     char       *after)
{
  McProgrammeChange *c;

  if (g_strcmp0 (before, after) == 0)
    {
      g_free (path);
      g_free (before);
      g_free (after);
      return;
    }
  c = g_new0 (McProgrammeChange, 1);
  c->path = path;
  c->before = before;
  c->after = after;
  if (before == NULL)
    /* TRANSLATORS: something added to the programme, e.g. "Tier Platinum added" */
    c->text = g_strdup_printf (_("%s added: %s"), label, after);
  else if (after == NULL)
    c->text = g_strdup_printf (_("%s removed (was %s)"), label, before);
  else
    /* TRANSLATORS: e.g. "Gold threshold 10,000 → 8,000" */
    c->text = g_strdup_printf (_("%s %s → %s"), label, before, after);
  g_ptr_array_add (changes, c);
}

static void
add_count (GPtrArray  *changes,
           const char *path,
           const char *label,
           gint64      a,
           gint64      b)
{
  if (a != b)
    add (changes, g_strdup (path), label, format_count (a), format_count (b));
}

static void
add_text (GPtrArray  *changes,
          const char *path,
          const char *label,
          const char *a,
          const char *b)
{
  if (g_strcmp0 (a, b) != 0)
    add (changes, g_strdup (path), label, g_strdup (a != NULL ? a : "-"), g_strdup (b != NULL ? b : "-"));
}

static char *
codes_text (GPtrArray *codes)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; codes != NULL && i < codes->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? ", " : "", (char *) g_ptr_array_index (codes, i));
  if (out->len == 0)
    g_string_append (out, "-");
  return g_string_free (out, FALSE);
}

static void
add_codes (GPtrArray  *changes,
           const char *path,
           const char *label,
           GPtrArray  *a,
           GPtrArray  *b)
{
  add (changes, g_strdup (path), label, codes_text (a), codes_text (b));
}

static McTier *
find_tier (McProgramme *p,
           const char  *code)
{
  return (McTier *) mc_programme_get_tier (p, code);
}

static void
diff_tiers (GPtrArray   *changes,
            McProgramme *a,
            McProgramme *b)
{
  for (guint i = 0; i < a->tiers->len; i++)
    {
      McTier *ta = g_ptr_array_index (a->tiers, i);
      McTier *tb = find_tier (b, ta->code);
      g_autofree char *base = g_strdup_printf ("tiers[%s].", ta->code);
      g_autofree char *label = NULL;
      g_autofree char *p = NULL;

      if (tb == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("Tier “%s”"), ta->name);

          add (changes, g_strdup_printf ("tiers[%s]", ta->code), what, format_count (ta->threshold), NULL);
          continue;
        }
#define FIELD(name) (g_free (p), p = g_strconcat (base, name, NULL))
#define LABEL(fmt) (g_free (label), label = g_strdup_printf (fmt, tb->name))
      add_text (changes, FIELD ("name"), LABEL (_("Tier “%s”: name")), ta->name, tb->name);
      add_count (changes, FIELD ("threshold"), LABEL (_("%s threshold")), ta->threshold, tb->threshold);
      if (ta->multiplier_permille != tb->multiplier_permille)
        add (changes, g_strdup (FIELD ("multiplier")), LABEL (_("%s points multiplier")),
             format_permille (ta->multiplier_permille), format_permille (tb->multiplier_permille));
      add_text (changes, FIELD ("color"), LABEL (_("%s colour")), ta->color, tb->color);
      add_text (changes, FIELD ("badge"), LABEL (_("%s badge")), ta->badge, tb->badge);
      add_codes (changes, FIELD ("benefits"), LABEL (_("%s benefits")), ta->benefits, tb->benefits);
#undef FIELD
#undef LABEL
    }
  for (guint i = 0; i < b->tiers->len; i++)
    {
      McTier *tb = g_ptr_array_index (b->tiers, i);

      if (find_tier (a, tb->code) == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("Tier “%s”"), tb->name);
          g_autofree char *detail = format_count (tb->threshold);

          add (changes, g_strdup_printf ("tiers[%s]", tb->code), what, NULL,
               g_strdup_printf (_("threshold %s"), detail));
        }
    }
  {
    g_autoptr(GPtrArray) oa = g_ptr_array_new ();
    g_autoptr(GPtrArray) ob = g_ptr_array_new ();

    for (guint i = 0; i < a->tiers->len; i++)
      g_ptr_array_add (oa, ((McTier *) g_ptr_array_index (a->tiers, i))->code);
    for (guint i = 0; i < b->tiers->len; i++)
      g_ptr_array_add (ob, ((McTier *) g_ptr_array_index (b->tiers, i))->code);
    if (a->tiers->len == b->tiers->len)
      add_codes (changes, "tiers", _("Tier order"), oa, ob);
  }
}

static char *
benefit_summary (const McBenefit *x)
{
  g_autofree char *cost = format_yuan (x->unit_cost_fen);
  g_autofree char *rate = format_percent (x->usage_rate_permille);

  /* TRANSLATORS: a benefit's kind, unit cost and expected usage, e.g. "price, ¥5 × 30%" */
  return g_strdup_printf (_("%s, %s × %s"), mc_benefit_kind_display (x->kind), cost, rate);
}

static void
diff_benefits (GPtrArray   *changes,
               McProgramme *a,
               McProgramme *b)
{
  for (guint i = 0; i < a->benefits->len; i++)
    {
      McBenefit *x = g_ptr_array_index (a->benefits, i);
      const McBenefit *y = mc_programme_get_benefit (b, x->code);
      g_autofree char *what = g_strdup_printf (_("Benefit “%s”"), y != NULL ? y->name : x->name);
      g_autofree char *base = g_strdup_printf ("benefits[%s].", x->code);
      g_autofree char *p = NULL;
      g_autofree char *label = NULL;

      if (y == NULL)
        {
          add (changes, g_strdup_printf ("benefits[%s]", x->code), what, benefit_summary (x), NULL);
          continue;
        }
#define FIELD(name) (g_free (p), p = g_strconcat (base, name, NULL))
#define LABEL(fmt) (g_free (label), label = g_strdup_printf (fmt, y->name))
      add_text (changes, FIELD ("name"), what, x->name, y->name);
      add_text (changes, FIELD ("kind"), LABEL (_("%s kind")), mc_benefit_kind_display (x->kind),
                mc_benefit_kind_display (y->kind));
      if (x->discount_permille != y->discount_permille)
        add (changes, g_strdup (FIELD ("discount_percent")), LABEL (_("%s discount")),
             format_percent (x->discount_permille), format_percent (y->discount_permille));
      if (x->coupon_value_fen != y->coupon_value_fen)
        add (changes, g_strdup (FIELD ("coupon_value_fen")), LABEL (_("%s coupon value")),
             format_yuan (x->coupon_value_fen), format_yuan (y->coupon_value_fen));
      add_count (changes, FIELD ("coupons_per_month"), LABEL (_("%s coupons per month")),
                 x->coupons_per_month, y->coupons_per_month);
      if (x->free_shipping_min_fen != y->free_shipping_min_fen)
        add (changes, g_strdup (FIELD ("free_shipping_min_fen")), LABEL (_("%s free shipping from")),
             format_yuan (x->free_shipping_min_fen), format_yuan (y->free_shipping_min_fen));
      add_text (changes, FIELD ("service_level"), LABEL (_("%s service level")), x->service_level, y->service_level);
      add_text (changes, FIELD ("partner"), LABEL (_("%s partner")), x->partner, y->partner);
      if (x->unit_cost_fen != y->unit_cost_fen)
        add (changes, g_strdup (FIELD ("unit_cost_fen")), LABEL (_("%s unit cost")),
             format_yuan (x->unit_cost_fen), format_yuan (y->unit_cost_fen));
      if (x->usage_rate_permille != y->usage_rate_permille)
        add (changes, g_strdup (FIELD ("usage_rate_percent")), LABEL (_("%s usage rate")),
             format_percent (x->usage_rate_permille), format_percent (y->usage_rate_permille));
      add_count (changes, FIELD ("limit_per_period"), LABEL (_("%s limit per member")),
                 x->limit_per_period, y->limit_per_period);
      add_text (changes, FIELD ("period"), LABEL (_("%s limit period")), mc_period_to_string (x->period),
                mc_period_to_string (y->period));
      if (x->valid_from != y->valid_from)
        add (changes, g_strdup (FIELD ("valid_from")), LABEL (_("%s valid from")),
             format_date (x->valid_from), format_date (y->valid_from));
      if (x->valid_to != y->valid_to)
        add (changes, g_strdup (FIELD ("valid_to")), LABEL (_("%s valid until")),
             format_date (x->valid_to), format_date (y->valid_to));
#undef FIELD
#undef LABEL
    }
  for (guint i = 0; i < b->benefits->len; i++)
    {
      McBenefit *y = g_ptr_array_index (b->benefits, i);

      if (mc_programme_get_benefit (a, y->code) == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("Benefit “%s”"), y->name);

          add (changes, g_strdup_printf ("benefits[%s]", y->code), what, NULL, benefit_summary (y));
        }
    }
}

static char *
plan_summary (const McPaidPlan *x)
{
  g_autofree char *price = format_yuan (x->price_fen);

  return g_strdup_printf ("%s, %s", mc_plan_period_display (x->period), price);
}

static void
diff_plans (GPtrArray   *changes,
            McProgramme *a,
            McProgramme *b)
{
  for (guint i = 0; i < a->plans->len; i++)
    {
      McPaidPlan *x = g_ptr_array_index (a->plans, i);
      const McPaidPlan *y = mc_programme_get_plan (b, x->code);
      g_autofree char *what = g_strdup_printf (_("Plan “%s”"), y != NULL ? y->name : x->name);
      g_autofree char *base = g_strdup_printf ("plans[%s].", x->code);
      g_autofree char *p = NULL;
      g_autofree char *label = NULL;

      if (y == NULL)
        {
          add (changes, g_strdup_printf ("plans[%s]", x->code), what, plan_summary (x), NULL);
          continue;
        }
#define FIELD(name) (g_free (p), p = g_strconcat (base, name, NULL))
#define LABEL(fmt) (g_free (label), label = g_strdup_printf (fmt, y->name))
      add_text (changes, FIELD ("name"), what, x->name, y->name);
      add_text (changes, FIELD ("period"), LABEL (_("%s period")), mc_plan_period_display (x->period),
                mc_plan_period_display (y->period));
      if (x->price_fen != y->price_fen)
        add (changes, g_strdup (FIELD ("price_fen")), LABEL (_("%s price")),
             format_yuan (x->price_fen), format_yuan (y->price_fen));
      add_count (changes, FIELD ("trial_days"), LABEL (_("%s trial days")), x->trial_days, y->trial_days);
      add_codes (changes, FIELD ("benefits"), LABEL (_("%s benefits")), x->benefits, y->benefits);
#undef FIELD
#undef LABEL
    }
  for (guint i = 0; i < b->plans->len; i++)
    {
      McPaidPlan *y = g_ptr_array_index (b->plans, i);

      if (mc_programme_get_plan (a, y->code) == NULL)
        {
          g_autofree char *what = g_strdup_printf (_("Plan “%s”"), y->name);

          add (changes, g_strdup_printf ("plans[%s]", y->code), what, NULL, plan_summary (y));
        }
    }
}

static char *
referral_text (GArray *steps)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < steps->len; i++)
    {
      McReferralStep *s = &g_array_index (steps, McReferralStep, i);

      g_string_append_printf (out, "%s%d→%d%s%s", i > 0 ? ", " : "", s->invites, s->points,
                              s->benefit != NULL ? "+" : "", s->benefit != NULL ? s->benefit : "");
    }
  if (out->len == 0)
    g_string_append (out, "-");
  return g_string_free (out, FALSE);
}

GPtrArray *
mc_programme_diff (McProgramme *a,
                   McProgramme *b)
{
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_programme_change_free);

  g_return_val_if_fail (a != NULL && b != NULL, changes);

  add_text (changes, "name", _("Name"), a->name, b->name);
  add_text (changes, "evaluation.metric", _("Tiers counted on"), mc_tier_metric_display (a->metric),
            mc_tier_metric_display (b->metric));
  add_text (changes, "evaluation.window", _("Evaluation window"), mc_eval_window_display (a->window),
            mc_eval_window_display (b->window));
  add_count (changes, "evaluation.grace_days", _("Grace period (days)"), a->grace_days, b->grace_days);
  add_count (changes, "evaluation.warning_days", _("Warning (days before)"), a->warning_days, b->warning_days);
  add_text (changes, "evaluation.keep_task.text", _("Task to keep the tier"), a->keep_task, b->keep_task);
  add_count (changes, "evaluation.keep_task.target", _("Target of the task to keep the tier"),
             a->keep_task_target, b->keep_task_target);
  diff_tiers (changes, a, b);
  diff_benefits (changes, a, b);

  add_count (changes, "points.per_yuan", _("Points per yuan"), a->points_per_yuan, b->points_per_yuan);
  add_count (changes, "points.value_fen", _("Value of a point (fen)"), a->point_value_fen, b->point_value_fen);
  add_count (changes, "points.daily_cap", _("Points per day at most"), a->daily_points_cap, b->daily_points_cap);
  add_text (changes, "points.expiry", _("Points expiry"),
            a->points_expiry_mode == MC_EXPIRY_YEARLY ? _("yearly clearing") : _("rolling"),
            b->points_expiry_mode == MC_EXPIRY_YEARLY ? _("yearly clearing") : _("rolling"));
  add_count (changes, "points.expiry_months", _("Points expire after (months)"),
             a->points_expiry_months, b->points_expiry_months);
  if (a->points_clear_month != b->points_clear_month || a->points_clear_day != b->points_clear_day)
    add (changes, g_strdup ("points.clear_on"), _("Points cleared on"),
         g_strdup_printf ("%02d-%02d", a->points_clear_month, a->points_clear_day),
         g_strdup_printf ("%02d-%02d", b->points_clear_month, b->points_clear_day));
  add_count (changes, "growth.per_yuan", _("Growth per yuan"), a->growth_per_yuan, b->growth_per_yuan);
  add_count (changes, "growth.per_order", _("Growth per order"), a->growth_per_order, b->growth_per_order);
  for (guint i = 0; i < MC_N_ACTIONS; i++)
    {
      const char *name = mc_programme_action_names[i];
      g_autofree char *p1 = g_strdup_printf ("growth.actions.%s.growth", name);
      g_autofree char *p2 = g_strdup_printf ("growth.actions.%s.daily_cap", name);
      g_autofree char *l1 = g_strdup_printf (_("Growth for %s"), name);
      g_autofree char *l2 = g_strdup_printf (_("Daily cap for %s"), name);

      add_count (changes, p1, l1, a->actions[i].growth, b->actions[i].growth);
      add_count (changes, p2, l2, a->actions[i].daily_cap, b->actions[i].daily_cap);
    }
  diff_plans (changes, a, b);

  add_count (changes, "campaigns.member_day.day", _("Member day (day of the month)"), a->member_day, b->member_day);
  if (a->member_day_multiplier_permille != b->member_day_multiplier_permille)
    add (changes, g_strdup ("campaigns.member_day.multiplier"), _("Member day points multiplier"),
         format_permille (a->member_day_multiplier_permille), format_permille (b->member_day_multiplier_permille));
  add_text (changes, "campaigns.member_day.benefit", _("Member day benefit"), a->member_day_benefit,
            b->member_day_benefit);
  add_text (changes, "campaigns.birthday.benefit", _("Birthday gift"), a->birthday_benefit, b->birthday_benefit);
  add_count (changes, "campaigns.birthday.points", _("Birthday points"), a->birthday_points, b->birthday_points);
  add (changes, g_strdup ("campaigns.referral"), _("Referral steps"), referral_text (a->referral_steps),
       referral_text (b->referral_steps));
  return changes;
}
