/* mc-programme-json-write.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The programme written as its JSON document (data/programme.md): the fields this version
 * knows over the unknown ones it was read with.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include "mc-audit.h"
#include "mc-programme.h"
#include "mc-programme-private.h"

static JsonArray *
codes_to_json (GPtrArray *codes)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; codes != NULL && i < codes->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (codes, i));
  return array;
}

static void
set_opt_string (JsonObject *obj,
                const char *member,
                const char *value)
{
  if (value != NULL)
    json_object_set_string_member (obj, member, value);
  else
    json_object_set_null_member (obj, member);
}

static void
write_designer_fields (McProgramme *self,
                       JsonObject  *obj)
{
  JsonArray *benefits = json_array_new ();
  JsonArray *plans = json_array_new ();
  JsonArray *steps = json_array_new ();
  JsonObject *campaigns = json_object_new ();
  JsonObject *day = json_object_new ();
  JsonObject *birthday = json_object_new ();

  for (guint i = 0; i < self->benefits->len; i++)
    {
      McBenefit *b = g_ptr_array_index (self->benefits, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "code", b->code);
      json_object_set_string_member (o, "name", b->name);
      json_object_set_string_member (o, "kind", mc_benefit_kind_to_string (b->kind));
      if (b->discount_permille != 0)
        json_object_set_double_member (o, "discount_percent", b->discount_permille / 10.0);
      if (b->coupon_value_fen != 0)
        json_object_set_int_member (o, "coupon_value_fen", b->coupon_value_fen);
      if (b->coupons_per_month != 0)
        json_object_set_int_member (o, "coupons_per_month", b->coupons_per_month);
      if (b->free_shipping_min_fen != 0)
        json_object_set_int_member (o, "free_shipping_min_fen", b->free_shipping_min_fen);
      if (b->service_level != NULL)
        json_object_set_string_member (o, "service_level", b->service_level);
      if (b->partner != NULL)
        json_object_set_string_member (o, "partner", b->partner);
      json_object_set_int_member (o, "unit_cost_fen", b->unit_cost_fen);
      json_object_set_double_member (o, "usage_rate_percent", b->usage_rate_permille / 10.0);
      json_object_set_int_member (o, "limit_per_period", b->limit_per_period);
      json_object_set_string_member (o, "period", mc_period_to_string (b->period));
      if (b->valid_from != 0)
        json_object_set_int_member (o, "valid_from", b->valid_from);
      if (b->valid_to != 0)
        json_object_set_int_member (o, "valid_to", b->valid_to);
      json_array_add_object_element (benefits, o);
    }
  json_object_set_array_member (obj, "benefits", benefits);

  for (guint i = 0; i < self->plans->len; i++)
    {
      McPaidPlan *p = g_ptr_array_index (self->plans, i);
      JsonObject *o = json_object_new ();

      json_object_set_string_member (o, "code", p->code);
      json_object_set_string_member (o, "name", p->name);
      json_object_set_string_member (o, "period", mc_plan_period_to_string (p->period));
      json_object_set_int_member (o, "price_fen", p->price_fen);
      json_object_set_int_member (o, "trial_days", p->trial_days);
      json_object_set_array_member (o, "benefits", codes_to_json (p->benefits));
      json_array_add_object_element (plans, o);
    }
  json_object_set_array_member (obj, "plans", plans);

  json_object_set_int_member (day, "day", self->member_day);
  json_object_set_double_member (day, "multiplier", self->member_day_multiplier_permille / 1000.0);
  set_opt_string (day, "benefit", self->member_day_benefit);
  json_object_set_object_member (campaigns, "member_day", day);
  set_opt_string (birthday, "benefit", self->birthday_benefit);
  json_object_set_int_member (birthday, "points", self->birthday_points);
  json_object_set_object_member (campaigns, "birthday", birthday);
  for (guint i = 0; i < self->referral_steps->len; i++)
    {
      McReferralStep *step = &g_array_index (self->referral_steps, McReferralStep, i);
      JsonObject *o = json_object_new ();

      json_object_set_int_member (o, "invites", step->invites);
      json_object_set_int_member (o, "points", step->points);
      set_opt_string (o, "benefit", step->benefit);
      json_array_add_object_element (steps, o);
    }
  json_object_set_array_member (campaigns, "referral", steps);
  json_object_set_object_member (obj, "campaigns", campaigns);
}

char *
mc_programme_to_json (McProgramme *self)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  JsonObject *obj = json_object_new ();
  JsonArray *tiers = json_array_new ();
  JsonObject *eval = json_object_new ();
  JsonObject *points = json_object_new ();
  JsonObject *growth = json_object_new ();
  JsonObject *actions = json_object_new ();
  GList *members = json_object_get_members (self->doc);

  /* Unknown fields first, so the ones this version knows are always current. */
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (obj, l->data, json_node_copy (json_object_get_member (self->doc, l->data)));
  g_list_free (members);

  json_object_set_string_member (obj, "name", self->name);
  for (guint i = 0; i < self->tiers->len; i++)
    {
      McTier *tier = g_ptr_array_index (self->tiers, i);
      JsonObject *t = json_object_new ();

      json_object_set_string_member (t, "code", tier->code);
      json_object_set_string_member (t, "name", tier->name);
      json_object_set_string_member (t, "color", tier->color);
      json_object_set_int_member (t, "threshold", tier->threshold);
      json_object_set_double_member (t, "multiplier", tier->multiplier_permille / 1000.0);
      if (tier->badge != NULL)
        json_object_set_string_member (t, "badge", tier->badge);
      json_object_set_array_member (t, "benefits", codes_to_json (tier->benefits));
      json_array_add_object_element (tiers, t);
    }
  json_object_set_array_member (obj, "tiers", tiers);

  json_object_set_string_member (eval, "window", mc_eval_window_to_string (self->window));
  json_object_set_int_member (eval, "grace_days", self->grace_days);
  json_object_set_int_member (eval, "warning_days", self->warning_days);
  json_object_set_string_member (eval, "metric", mc_tier_metric_to_string (self->metric));
  if (self->keep_task != NULL || self->keep_task_target != 0)
    {
      JsonObject *task = json_object_new ();

      if (self->keep_task != NULL)
        json_object_set_string_member (task, "text", self->keep_task);
      json_object_set_int_member (task, "target", self->keep_task_target);
      json_object_set_object_member (eval, "keep_task", task);
    }
  json_object_set_object_member (obj, "evaluation", eval);

  json_object_set_int_member (points, "per_yuan", self->points_per_yuan);
  json_object_set_int_member (points, "expiry_months", self->points_expiry_months);
  json_object_set_int_member (points, "value_fen", self->point_value_fen);
  json_object_set_int_member (points, "daily_cap", self->daily_points_cap);
  json_object_set_string_member (points, "expiry",
                                 self->points_expiry_mode == MC_EXPIRY_YEARLY ? "yearly" : "rolling");
  {
    g_autofree char *clear = g_strdup_printf ("%02d-%02d", self->points_clear_month, self->points_clear_day);

    json_object_set_string_member (points, "clear_on", clear);
  }
  json_object_set_object_member (obj, "points", points);

  json_object_set_int_member (growth, "per_yuan", self->growth_per_yuan);
  json_object_set_int_member (growth, "per_order", self->growth_per_order);
  for (guint a = 0; a < MC_N_ACTIONS; a++)
    {
      JsonObject *r = json_object_new ();

      json_object_set_int_member (r, "growth", self->actions[a].growth);
      json_object_set_int_member (r, "daily_cap", self->actions[a].daily_cap);
      json_object_set_object_member (actions, mc_programme_action_names[a], r);
    }
  json_object_set_object_member (growth, "actions", actions);
  json_object_set_object_member (obj, "growth", growth);
  write_designer_fields (self, obj);

  json_node_take_object (root, obj);
  return mc_json_to_string (root);
}

