/* mc-programme.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-programme.h"
#include "mc-programme-private.h"

const char * const mc_programme_action_names[MC_N_ACTIONS] = {
  "checkin", "invite", "share_bought", "like", "share",
};

static const char * const window_names[] = {
  "rolling-12-months", "half-year", "quarter",
};
static const char * const metric_names[MC_N_TIER_METRICS] = {
  "growth", "spend", "orders", "active_days",
};
static const char * const benefit_kind_names[MC_N_BENEFIT_KINDS] = {
  "identity", "price", "service", "partner",
};
static const char * const period_names[MC_N_PERIODS] = {
  "none", "day", "week", "month", "quarter", "year",
};
static const char * const plan_period_names[MC_N_PLAN_PERIODS] = {
  "month", "quarter", "year", "lifetime",
};

static gboolean
name_lookup (const char * const *names,
             guint               n,
             const char         *str,
             guint              *out)
{
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (str, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
mc_action_to_string (McAction action)
{
  g_return_val_if_fail (action < MC_N_ACTIONS, NULL);
  return mc_programme_action_names[action];
}

gboolean
mc_action_from_string (const char *str,
                       McAction   *action)
{
  guint i;

  if (!name_lookup (mc_programme_action_names, MC_N_ACTIONS, str, &i))
    return FALSE;
  *action = (McAction) i;
  return TRUE;
}

const char *
mc_tier_metric_to_string (McTierMetric metric)
{
  g_return_val_if_fail (metric < MC_N_TIER_METRICS, NULL);
  return metric_names[metric];
}

gboolean
mc_tier_metric_from_string (const char   *str,
                            McTierMetric *metric)
{
  guint i;

  if (!name_lookup (metric_names, MC_N_TIER_METRICS, str, &i))
    return FALSE;
  *metric = (McTierMetric) i;
  return TRUE;
}

const char *
mc_tier_metric_display (McTierMetric metric)
{
  switch (metric)
    {
    case MC_TIER_METRIC_GROWTH:      return _("Growth value");
    case MC_TIER_METRIC_SPEND:       return _("Spend");
    case MC_TIER_METRIC_ORDERS:      return _("Orders");
    case MC_TIER_METRIC_ACTIVE_DAYS: return _("Active days");
    case MC_N_TIER_METRICS:
    default:                         g_return_val_if_reached ("");
    }
}

const char *
mc_benefit_kind_to_string (McBenefitKind kind)
{
  g_return_val_if_fail (kind < MC_N_BENEFIT_KINDS, NULL);
  return benefit_kind_names[kind];
}

gboolean
mc_benefit_kind_from_string (const char    *str,
                             McBenefitKind *kind)
{
  guint i;

  if (!name_lookup (benefit_kind_names, MC_N_BENEFIT_KINDS, str, &i))
    return FALSE;
  *kind = (McBenefitKind) i;
  return TRUE;
}

const char *
mc_benefit_kind_display (McBenefitKind kind)
{
  switch (kind)
    {
    /* TRANSLATORS: a kind of benefit: a badge or a title */
    case MC_BENEFIT_IDENTITY: return C_("benefit kind", "Identity");
    case MC_BENEFIT_PRICE:    return C_("benefit kind", "Price");
    case MC_BENEFIT_SERVICE:  return C_("benefit kind", "Service");
    case MC_BENEFIT_PARTNER:  return C_("benefit kind", "Partner");
    case MC_N_BENEFIT_KINDS:
    default:                  g_return_val_if_reached ("");
    }
}

const char *
mc_period_to_string (McPeriod period)
{
  g_return_val_if_fail (period < MC_N_PERIODS, NULL);
  return period_names[period];
}

gboolean
mc_period_from_string (const char *str,
                       McPeriod   *period)
{
  guint i;

  if (!name_lookup (period_names, MC_N_PERIODS, str, &i))
    return FALSE;
  *period = (McPeriod) i;
  return TRUE;
}

const char *
mc_plan_period_to_string (McPlanPeriod period)
{
  g_return_val_if_fail (period < MC_N_PLAN_PERIODS, NULL);
  return plan_period_names[period];
}

gboolean
mc_plan_period_from_string (const char   *str,
                            McPlanPeriod *period)
{
  guint i;

  if (!name_lookup (plan_period_names, MC_N_PLAN_PERIODS, str, &i))
    return FALSE;
  *period = (McPlanPeriod) i;
  return TRUE;
}

const char *
mc_plan_period_display (McPlanPeriod period)
{
  switch (period)
    {
    case MC_PLAN_MONTH:    return C_("plan period", "Monthly");
    case MC_PLAN_QUARTER:  return C_("plan period", "Quarterly");
    case MC_PLAN_YEAR:     return C_("plan period", "Yearly");
    case MC_PLAN_LIFETIME: return C_("plan period", "Lifetime");
    case MC_N_PLAN_PERIODS:
    default:               g_return_val_if_reached ("");
    }
}

const char *
mc_eval_window_to_string (McEvalWindow window)
{
  g_return_val_if_fail ((guint) window < G_N_ELEMENTS (window_names), NULL);
  return window_names[window];
}

gboolean
mc_eval_window_from_string (const char   *str,
                            McEvalWindow *window)
{
  guint i;

  if (!name_lookup (window_names, G_N_ELEMENTS (window_names), str, &i))
    return FALSE;
  *window = (McEvalWindow) i;
  return TRUE;
}

const char *
mc_eval_window_display (McEvalWindow window)
{
  switch (window)
    {
    case MC_WINDOW_ROLLING_12_MONTHS: return _("Rolling 12 months");
    case MC_WINDOW_HALF_YEAR:         return _("Half-year");
    case MC_WINDOW_QUARTER:           return _("Quarter");
    default:                          g_return_val_if_reached ("");
    }
}

int
mc_eval_window_months (McEvalWindow window)
{
  switch (window)
    {
    case MC_WINDOW_QUARTER:           return 3;
    case MC_WINDOW_HALF_YEAR:         return 6;
    case MC_WINDOW_ROLLING_12_MONTHS:
    default:                          return 12;
    }
}

void
mc_programme_tier_free (gpointer data)
{
  McTier *tier = data;

  g_free (tier->code);
  g_free (tier->name);
  g_free (tier->color);
  g_free (tier->badge);
  g_clear_pointer (&tier->benefits, g_ptr_array_unref);
  g_free (tier);
}

McTier *
mc_programme_tier_new (const char *code,
                       const char *name,
                       const char *color,
                       gint64      threshold,
                       int         multiplier_permille)
{
  McTier *tier = g_new0 (McTier, 1);

  tier->code = g_strdup (code);
  tier->name = g_strdup (name);
  tier->color = g_strdup (color);
  tier->threshold = threshold;
  tier->multiplier_permille = multiplier_permille;
  tier->benefits = g_ptr_array_new_with_free_func (g_free);
  return tier;
}

McBenefit *
mc_programme_benefit_new (const char    *code,
                          const char    *name,
                          McBenefitKind  kind)
{
  McBenefit *benefit = g_new0 (McBenefit, 1);

  benefit->code = g_strdup (code);
  benefit->name = g_strdup (name);
  benefit->kind = kind;
  benefit->usage_rate_permille = 1000;
  return benefit;
}

void
mc_programme_benefit_free (gpointer data)
{
  McBenefit *benefit = data;

  g_free (benefit->code);
  g_free (benefit->name);
  g_free (benefit->service_level);
  g_free (benefit->partner);
  g_free (benefit);
}

McPaidPlan *
mc_programme_plan_new (const char   *code,
                       const char   *name,
                       McPlanPeriod  period,
                       gint64        price_fen)
{
  McPaidPlan *plan = g_new0 (McPaidPlan, 1);

  plan->code = g_strdup (code);
  plan->name = g_strdup (name);
  plan->period = period;
  plan->price_fen = price_fen;
  plan->benefits = g_ptr_array_new_with_free_func (g_free);
  return plan;
}

void
mc_programme_plan_free (gpointer data)
{
  McPaidPlan *plan = data;

  g_free (plan->code);
  g_free (plan->name);
  g_clear_pointer (&plan->benefits, g_ptr_array_unref);
  g_free (plan);
}

void
mc_programme_referral_step_clear (gpointer data)
{
  McReferralStep *step = data;

  g_clear_pointer (&step->benefit, g_free);
}

void
mc_programme_free (McProgramme *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_pointer (&self->tiers, g_ptr_array_unref);
  g_clear_pointer (&self->doc, json_object_unref);
  g_free (self->keep_task);
  g_clear_pointer (&self->benefits, g_ptr_array_unref);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_free (self->member_day_benefit);
  g_free (self->birthday_benefit);
  g_clear_pointer (&self->referral_steps, g_array_unref);
  g_free (self);
}

McProgramme *
mc_programme_alloc (void)
{
  McProgramme *self = g_new0 (McProgramme, 1);

  self->tiers = g_ptr_array_new_with_free_func (mc_programme_tier_free);
  self->doc = json_object_new ();
  self->benefits = g_ptr_array_new_with_free_func (mc_programme_benefit_free);
  self->plans = g_ptr_array_new_with_free_func (mc_programme_plan_free);
  self->referral_steps = g_array_new (FALSE, TRUE, sizeof (McReferralStep));
  g_array_set_clear_func (self->referral_steps, mc_programme_referral_step_clear);
  self->metric = MC_TIER_METRIC_GROWTH;
  self->points_expiry_mode = MC_EXPIRY_ROLLING;
  self->points_clear_month = 12;
  self->points_clear_day = 31;
  self->member_day_multiplier_permille = 1000;
  return self;
}

McProgramme *
mc_programme_new_default (void)
{
  McProgramme *self = mc_programme_alloc ();

  self->name = g_strdup (_("Standard programme"));
  g_ptr_array_add (self->tiers, mc_programme_tier_new ("base", _("Member"), "#8a8f98", 0, 1000));
  g_ptr_array_add (self->tiers, mc_programme_tier_new ("silver", _("Silver"), "#a8b5c4", 2000, 1200));
  g_ptr_array_add (self->tiers, mc_programme_tier_new ("gold", _("Gold"), "#d4a72c", 8000, 1500));
  self->window = MC_WINDOW_ROLLING_12_MONTHS;
  self->grace_days = 30;
  self->warning_days = 15;
  self->points_per_yuan = 1;
  self->growth_per_yuan = 1;
  self->growth_per_order = 10;
  self->points_expiry_months = 24;
  self->point_value_fen = 1;
  self->daily_points_cap = 0;
  self->actions[MC_ACTION_CHECKIN] = (McActionRule) { 2, 2 };
  self->actions[MC_ACTION_INVITE] = (McActionRule) { 50, 250 };
  self->actions[MC_ACTION_SHARE_BOUGHT] = (McActionRule) { 100, 500 };
  self->actions[MC_ACTION_LIKE] = (McActionRule) { 5, 20 };
  self->actions[MC_ACTION_SHARE] = (McActionRule) { 5, 15 };
  return self;
}

gboolean
mc_programme_codes_have (GPtrArray  *codes,
                         const char *code)
{
  if (codes == NULL)
    return FALSE;
  for (guint i = 0; i < codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (codes, i), code) == 0)
      return TRUE;
  return FALSE;
}

gboolean
mc_programme_equal (McProgramme *a,
                    McProgramme *b)
{
  g_autofree char *ja = NULL;
  g_autofree char *jb = NULL;

  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  ja = mc_programme_to_json (a);
  jb = mc_programme_to_json (b);
  return g_str_equal (ja, jb);
}

McProgramme *
mc_programme_copy (McProgramme *self)
{
  McProgramme *copy;

  g_return_val_if_fail (self != NULL, NULL);

  /* Field by field, not through JSON: a programme being edited may break the rules (the
   * designer shows its issues) and must still copy. The document of unknown fields is
   * never changed after reading: shared. */
  copy = g_new (McProgramme, 1);
  *copy = *self;
  copy->name = g_strdup (self->name);
  copy->doc = json_object_ref (self->doc);
  copy->keep_task = g_strdup (self->keep_task);
  copy->member_day_benefit = g_strdup (self->member_day_benefit);
  copy->birthday_benefit = g_strdup (self->birthday_benefit);
  copy->tiers = g_ptr_array_new_with_free_func (mc_programme_tier_free);
  for (guint i = 0; i < self->tiers->len; i++)
    {
      McTier *t = g_ptr_array_index (self->tiers, i);
      McTier *c = mc_programme_tier_new (t->code, t->name, t->color, t->threshold, t->multiplier_permille);

      c->badge = g_strdup (t->badge);
      for (guint j = 0; j < t->benefits->len; j++)
        g_ptr_array_add (c->benefits, g_strdup (g_ptr_array_index (t->benefits, j)));
      g_ptr_array_add (copy->tiers, c);
    }
  copy->benefits = g_ptr_array_new_with_free_func (mc_programme_benefit_free);
  for (guint i = 0; i < self->benefits->len; i++)
    {
      McBenefit *b = g_ptr_array_index (self->benefits, i);
      McBenefit *c = g_new (McBenefit, 1);

      *c = *b;
      c->code = g_strdup (b->code);
      c->name = g_strdup (b->name);
      c->service_level = g_strdup (b->service_level);
      c->partner = g_strdup (b->partner);
      g_ptr_array_add (copy->benefits, c);
    }
  copy->plans = g_ptr_array_new_with_free_func (mc_programme_plan_free);
  for (guint i = 0; i < self->plans->len; i++)
    {
      McPaidPlan *p = g_ptr_array_index (self->plans, i);
      McPaidPlan *c = mc_programme_plan_new (p->code, p->name, p->period, p->price_fen);

      c->trial_days = p->trial_days;
      for (guint j = 0; j < p->benefits->len; j++)
        g_ptr_array_add (c->benefits, g_strdup (g_ptr_array_index (p->benefits, j)));
      g_ptr_array_add (copy->plans, c);
    }
  copy->referral_steps = g_array_new (FALSE, TRUE, sizeof (McReferralStep));
  g_array_set_clear_func (copy->referral_steps, mc_programme_referral_step_clear);
  for (guint i = 0; i < self->referral_steps->len; i++)
    {
      McReferralStep step = g_array_index (self->referral_steps, McReferralStep, i);

      step.benefit = g_strdup (step.benefit);
      g_array_append_val (copy->referral_steps, step);
    }
  return copy;
}

const McTier *
mc_programme_get_tier (McProgramme *self,
                       const char  *code)
{
  for (guint i = 0; i < self->tiers->len; i++)
    {
      McTier *tier = g_ptr_array_index (self->tiers, i);

      if (g_strcmp0 (tier->code, code) == 0)
        return tier;
    }
  return NULL;
}

int
mc_programme_tier_rank (McProgramme *self,
                        const char  *code)
{
  for (guint i = 0; i < self->tiers->len; i++)
    if (g_strcmp0 (((McTier *) g_ptr_array_index (self->tiers, i))->code, code) == 0)
      return (int) i;
  return -1;
}

const McTier *
mc_programme_tier_for_growth (McProgramme *self,
                              gint64       growth)
{
  const McTier *best = g_ptr_array_index (self->tiers, 0);

  for (guint i = 1; i < self->tiers->len; i++)
    {
      McTier *tier = g_ptr_array_index (self->tiers, i);

      if (growth >= tier->threshold)
        best = tier;
    }
  return best;
}

static gint64
add_months (gint64     epoch,
            int        months,
            GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (epoch);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) moved = g_date_time_add_months (local, months);

  return g_date_time_to_unix (moved);
}

gint64
mc_programme_window_start (McProgramme *self,
                           gint64       as_of,
                           GTimeZone   *tz)
{
  switch (self->window)
    {
    case MC_WINDOW_QUARTER:   return add_months (as_of, -3, tz);
    case MC_WINDOW_HALF_YEAR: return add_months (as_of, -6, tz);
    case MC_WINDOW_ROLLING_12_MONTHS:
    default:                  return add_months (as_of, -12, tz);
    }
}

gint64
mc_programme_points_for_order (McProgramme *self,
                               gint64       amount_fen,
                               const char  *tier_code)
{
  const McTier *tier = mc_programme_get_tier (self, tier_code);
  gint64 mult = tier != NULL ? tier->multiplier_permille : 1000;

  if (amount_fen <= 0)
    return 0;
  /* Rounded down to whole points: fen × per_yuan × multiplier‰ / (100 × 1000). */
  return amount_fen * self->points_per_yuan * mult / 100000;
}

gint64
mc_programme_growth_for_order (McProgramme *self,
                               gint64       amount_fen)
{
  if (amount_fen <= 0)
    return 0;
  return amount_fen * self->growth_per_yuan / 100 + self->growth_per_order;
}

gint64
mc_programme_points_expiry (McProgramme *self,
                            gint64       earned_at,
                            GTimeZone   *tz)
{
  if (self->points_expiry_mode == MC_EXPIRY_YEARLY)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (earned_at);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
      int year = g_date_time_get_year (local);

      for (int y = year; y <= year + 1; y++)
        {
          int day = MIN (self->points_clear_day,
                         g_date_get_days_in_month ((GDateMonth) self->points_clear_month, (GDateYear) y));
          g_autoptr(GDateTime) clear = g_date_time_new (tz, y, self->points_clear_month, day, 0, 0, 0);

          if (clear != NULL && g_date_time_to_unix (clear) > earned_at)
            return g_date_time_to_unix (clear);
        }
      return 0;
    }
  if (self->points_expiry_months <= 0)
    return 0;
  return add_months (earned_at, self->points_expiry_months, tz);
}

McProgramme *
mc_programme_load_live (McDb    *db,
                        GError **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT doc FROM programme_version WHERE status = 'live' AND deleted = 0", error);
  McProgramme *self = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *doc = g_strdup (mc_db_column_text (stmt, 0));

      sqlite3_reset (stmt);
      return mc_programme_from_json (doc, error);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  self = mc_programme_new_default ();
  return self;
}

gboolean
mc_programme_install_live (McDb         *db,
                           McProgramme  *self,
                           GError      **error)
{
  g_autofree char *doc = NULL;
  g_autofree char *id = mc_db_new_id ();
  g_autofree char *rev = mc_db_new_rev (NULL);
  sqlite3_stmt *stmt;
  gint64 now = mc_db_now ();

  if (!mc_programme_validate (self, error) ||
      !mc_audit_require (db, MC_PERMISSION_WRITE_PROGRAMME, "programme.publish", error))
    return FALSE;
  if (!mc_db_begin (db, error))
    return FALSE;

  stmt = mc_db_prepare (db,
    "UPDATE programme_version SET status = 'retired', seq = ?, rev = ? "
    "WHERE status = 'live' AND deleted = 0", error);
  if (stmt == NULL)
    goto fail;
  {
    g_autofree char *retired_rev = mc_db_new_rev ("1");

    sqlite3_bind_int64 (stmt, 1, mc_db_next_seq (db));
    sqlite3_bind_text (stmt, 2, retired_rev, -1, SQLITE_TRANSIENT);
    if (!mc_db_step_done (db, stmt, error))
      goto fail;
  }

  doc = mc_programme_to_json (self);
  stmt = mc_db_prepare (db,
    "INSERT INTO programme_version (id, status, name, doc, created_at, effective_at, rev, seq) "
    "VALUES (?, 'live', ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, doc, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now);
  sqlite3_bind_int64 (stmt, 5, now);
  sqlite3_bind_text (stmt, 6, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, mc_db_next_seq (db));
  if (!mc_db_step_done (db, stmt, error))
    goto fail;
  if (!mc_audit_log (db, "programme.publish", "programme_version", id, NULL, doc, error))
    goto fail;
  return mc_db_commit (db, error);

fail:
  mc_db_rollback (db);
  return FALSE;
}
