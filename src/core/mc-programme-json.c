/* mc-programme-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The programme as a JSON document (data/programme.md): reading checks each field's type
 * and names the field in its error; the designer's rules across fields are
 * mc_programme_check()'s. Unknown fields are kept and written back.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-programme.h"
#include "mc-programme-private.h"

static const char * const window_names[] = {
  "rolling-12-months", "half-year", "quarter",
};

/* Reading a document: each field is optional (the default stays) but, when present,
 * must have the right type and range; the error names the field. */

static gboolean
read_int (JsonObject  *obj,
          const char  *path,
          const char  *member,
          gint64       min,
          gint64       max,
          int         *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  gint64 v;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s%s” must be a whole number."), path, member);
      return FALSE;
    }
  v = json_node_get_int (node);
  if (v < min || v > max)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s%s” is %" PRId64
                     "; it must be from %" PRId64 " to %" PRId64 "."),
                   path, member, v, min, max);
      return FALSE;
    }
  *out = (int) v;
  return TRUE;
}

static const char *
read_string (JsonObject  *obj,
             const char  *path,
             const char  *member,
             gboolean     required,
             GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL && !required)
    return NULL;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s%s” must be a non-empty text."), path, member);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
read_int64 (JsonObject  *obj,
            const char  *path,
            const char  *member,
            gint64       min,
            gint64       max,
            gint64      *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  gint64 v;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s%s” must be a whole number."), path, member);
      return FALSE;
    }
  v = json_node_get_int (node);
  if (v < min || v > max)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s%s” is %" PRId64
                     "; it must be from %" PRId64 " to %" PRId64 "."),
                   path, member, v, min, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* A number (12.5) read as thousandths of its unit × scale: a percentage as permille
 * (scale 10), a multiplier as permille (scale 1000). */
static gboolean
read_scaled (JsonObject  *obj,
             const char  *path,
             const char  *member,
             double       min,
             double       max,
             double       scale,
             int         *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  GType t;
  double v;

  if (node == NULL)
    return TRUE;
  t = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s%s” must be a number."), path, member);
      return FALSE;
    }
  v = json_node_get_double (node);
  if (!(v >= min && v <= max))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s%s” is %g; it must be from %g to %g."),
                   path, member, v, min, max);
      return FALSE;
    }
  *out = (int) lround (v * scale);
  return TRUE;
}

/* An optional text; absent or null keeps *out, "" clears it. */
static gboolean
read_opt_string (JsonObject  *obj,
                 const char  *path,
                 const char  *member,
                 char       **out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s%s” must be a text."), path, member);
      return FALSE;
    }
  g_free (*out);
  *out = *json_node_get_string (node) != '\0' ? g_strdup (json_node_get_string (node)) : NULL;
  return TRUE;
}

static gboolean
read_enum (JsonObject          *obj,
           const char          *path,
           const char          *member,
           gboolean           (*from_string) (const char *, guint *),
           const char          *choices,
           guint               *out,
           GError             **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  const char *str;

  if (node == NULL)
    return TRUE;
  str = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
        ? json_node_get_string (node) : NULL;
  if (str == NULL || !from_string (str, out))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s%s” must be one of: %s."), path, member, choices);
      return FALSE;
    }
  return TRUE;
}

static gboolean
metric_from (const char *s, guint *v) { McTierMetric m; if (!mc_tier_metric_from_string (s, &m)) return FALSE; *v = m; return TRUE; }
static gboolean
kind_from (const char *s, guint *v) { McBenefitKind k; if (!mc_benefit_kind_from_string (s, &k)) return FALSE; *v = k; return TRUE; }
static gboolean
period_from (const char *s, guint *v) { McPeriod p; if (!mc_period_from_string (s, &p)) return FALSE; *v = p; return TRUE; }
static gboolean
plan_period_from (const char *s, guint *v) { McPlanPeriod p; if (!mc_plan_period_from_string (s, &p)) return FALSE; *v = p; return TRUE; }

static gboolean
expiry_from (const char *s,
             guint      *v)
{
  if (g_strcmp0 (s, "rolling") == 0)
    *v = MC_EXPIRY_ROLLING;
  else if (g_strcmp0 (s, "yearly") == 0)
    *v = MC_EXPIRY_YEARLY;
  else
    return FALSE;
  return TRUE;
}

/* An array of codes (texts). */
static gboolean
read_codes (JsonObject  *obj,
            const char  *path,
            const char  *member,
            GPtrArray   *codes,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s%s” must be an array of benefit codes."), path, member);
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *e = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Programme field “%s%s[%u]” must be a benefit code."), path, member, i);
          return FALSE;
        }
      g_ptr_array_add (codes, g_strdup (json_node_get_string (e)));
    }
  return TRUE;
}

static JsonObject *
get_object (JsonObject  *obj,
            const char  *path,
            const char  *member,
            GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s%s” must be an object."), path, member);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
get_array (JsonObject  *obj,
           const char  *member,
           GError     **error)
{
  JsonNode *node = json_object_get_member (obj, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “%s” must be an array."), member);
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
read_benefit (JsonNode   *node,
              guint       index,
              McBenefit **out,
              GError    **error)
{
  g_autofree char *path = g_strdup_printf ("benefits[%u].", index);
  JsonObject *obj;
  const char *code, *name;
  McBenefit *b;
  guint kind = MC_BENEFIT_PRICE, period = MC_PERIOD_NONE;
  gint64 cpm = 0, limit = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “benefits[%u]” must be an object."), index);
      return FALSE;
    }
  obj = json_node_get_object (node);
  if ((code = read_string (obj, path, "code", TRUE, error)) == NULL ||
      (name = read_string (obj, path, "name", TRUE, error)) == NULL ||
      !read_enum (obj, path, "kind", kind_from, "identity, price, service, partner", &kind, error))
    return FALSE;
  b = mc_programme_benefit_new (code, name, (McBenefitKind) kind);
  if (!read_scaled (obj, path, "discount_percent", 0, 100, 10, &b->discount_permille, error) ||
      !read_int64 (obj, path, "coupon_value_fen", 0, G_GINT64_CONSTANT (10000000000), &b->coupon_value_fen, error) ||
      !read_int64 (obj, path, "coupons_per_month", 0, 1000, &cpm, error) ||
      !read_int64 (obj, path, "free_shipping_min_fen", 0, G_GINT64_CONSTANT (10000000000), &b->free_shipping_min_fen, error) ||
      !read_opt_string (obj, path, "service_level", &b->service_level, error) ||
      !read_opt_string (obj, path, "partner", &b->partner, error) ||
      !read_int64 (obj, path, "unit_cost_fen", 0, G_GINT64_CONSTANT (10000000000), &b->unit_cost_fen, error) ||
      !read_scaled (obj, path, "usage_rate_percent", 0, 100, 10, &b->usage_rate_permille, error) ||
      !read_int64 (obj, path, "limit_per_period", 0, 100000, &limit, error) ||
      !read_enum (obj, path, "period", period_from, "none, day, week, month, quarter, year", &period, error) ||
      !read_int64 (obj, path, "valid_from", 0, G_MAXINT64, &b->valid_from, error) ||
      !read_int64 (obj, path, "valid_to", 0, G_MAXINT64, &b->valid_to, error))
    {
      mc_programme_benefit_free (b);
      return FALSE;
    }
  b->coupons_per_month = (int) cpm;
  b->limit_per_period = (int) limit;
  b->period = (McPeriod) period;
  *out = b;
  return TRUE;
}

static gboolean
read_plan (JsonNode    *node,
           guint        index,
           McPaidPlan **out,
           GError     **error)
{
  g_autofree char *path = g_strdup_printf ("plans[%u].", index);
  JsonObject *obj;
  const char *code, *name;
  McPaidPlan *plan;
  guint period = MC_PLAN_MONTH;
  gint64 price = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “plans[%u]” must be an object."), index);
      return FALSE;
    }
  obj = json_node_get_object (node);
  if ((code = read_string (obj, path, "code", TRUE, error)) == NULL ||
      (name = read_string (obj, path, "name", TRUE, error)) == NULL ||
      !read_enum (obj, path, "period", plan_period_from, "month, quarter, year, lifetime", &period, error) ||
      !read_int64 (obj, path, "price_fen", 0, G_GINT64_CONSTANT (10000000000), &price, error))
    return FALSE;
  plan = mc_programme_plan_new (code, name, (McPlanPeriod) period, price);
  if (!read_int (obj, path, "trial_days", 0, 3650, &plan->trial_days, error) ||
      !read_codes (obj, path, "benefits", plan->benefits, error))
    {
      mc_programme_plan_free (plan);
      return FALSE;
    }
  *out = plan;
  return TRUE;
}

/* The fields added with the designer: metric and keep task, expiry mode, benefits, plans,
 * campaigns. */
static gboolean
read_designer_fields (McProgramme  *self,
                      JsonObject   *root,
                      GError      **error)
{
  GError *local_error = NULL;
  JsonObject *obj, *sub;
  JsonArray *array;

  if ((obj = get_object (root, "", "evaluation", &local_error)) != NULL)
    {
      guint metric = self->metric;

      if (!read_enum (obj, "evaluation.", "metric", metric_from, "growth, spend, orders, active_days",
                      &metric, error))
        return FALSE;
      self->metric = (McTierMetric) metric;
      if ((sub = get_object (obj, "evaluation.", "keep_task", &local_error)) != NULL)
        {
          if (!read_opt_string (sub, "evaluation.keep_task.", "text", &self->keep_task, error) ||
              !read_int (sub, "evaluation.keep_task.", "target", 0, G_MAXINT, &self->keep_task_target, error))
            return FALSE;
        }
    }
  if (local_error != NULL)
    goto fail;

  if ((obj = get_object (root, "", "points", &local_error)) != NULL)
    {
      guint mode = self->points_expiry_mode;
      const char *clear;

      if (!read_enum (obj, "points.", "expiry", expiry_from, "rolling, yearly", &mode, error))
        return FALSE;
      self->points_expiry_mode = (McExpiryMode) mode;
      clear = read_string (obj, "points.", "clear_on", FALSE, NULL);
      if (clear != NULL)
        {
          int month = 0, day = 0;
          char extra;

          if (sscanf (clear, "%d-%d%c", &month, &day, &extra) != 2)
            {
              g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                           _("Programme field “points.clear_on” is “%s”; it must be a month and day "
                             "like 12-31."), clear);
              return FALSE;
            }
          self->points_clear_month = month;
          self->points_clear_day = day;
        }
    }
  if (local_error != NULL)
    goto fail;

  if ((array = get_array (root, "benefits", &local_error)) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        McBenefit *b;

        if (!read_benefit (json_array_get_element (array, i), i, &b, error))
          return FALSE;
        g_ptr_array_add (self->benefits, b);
      }
  if (local_error != NULL)
    goto fail;

  if ((array = get_array (root, "plans", &local_error)) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        McPaidPlan *plan;

        if (!read_plan (json_array_get_element (array, i), i, &plan, error))
          return FALSE;
        g_ptr_array_add (self->plans, plan);
      }
  if (local_error != NULL)
    goto fail;

  if ((obj = get_object (root, "", "campaigns", &local_error)) != NULL)
    {
      if ((sub = get_object (obj, "campaigns.", "member_day", &local_error)) != NULL)
        {
          if (!read_int (sub, "campaigns.member_day.", "day", 0, 31, &self->member_day, error) ||
              !read_scaled (sub, "campaigns.member_day.", "multiplier", 0, 100, 1000,
                            &self->member_day_multiplier_permille, error) ||
              !read_opt_string (sub, "campaigns.member_day.", "benefit", &self->member_day_benefit, error))
            return FALSE;
        }
      if (local_error != NULL)
        goto fail;
      if ((sub = get_object (obj, "campaigns.", "birthday", &local_error)) != NULL)
        {
          if (!read_opt_string (sub, "campaigns.birthday.", "benefit", &self->birthday_benefit, error) ||
              !read_int (sub, "campaigns.birthday.", "points", 0, 100000000, &self->birthday_points, error))
            return FALSE;
        }
      if (local_error != NULL)
        goto fail;
      if ((array = get_array (obj, "referral", &local_error)) != NULL)
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *e = json_array_get_element (array, i);
            g_autofree char *path = g_strdup_printf ("campaigns.referral[%u].", i);
            McReferralStep step = { 0, 0, NULL };

            if (!JSON_NODE_HOLDS_OBJECT (e))
              {
                g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                             _("Programme field “campaigns.referral[%u]” must be an object."), i);
                return FALSE;
              }
            if (!read_int (json_node_get_object (e), path, "invites", 0, 100000, &step.invites, error) ||
                !read_int (json_node_get_object (e), path, "points", 0, 100000000, &step.points, error) ||
                !read_opt_string (json_node_get_object (e), path, "benefit", &step.benefit, error))
              {
                g_free (step.benefit);
                return FALSE;
              }
            g_array_append_val (self->referral_steps, step);
          }
    }
  if (local_error == NULL)
    return TRUE;

fail:
  g_propagate_error (error, local_error);
  return FALSE;
}

static gboolean
read_tier (JsonNode    *node,
           guint        index,
           McTier     **out,
           GError     **error)
{
  g_autofree char *path = g_strdup_printf ("tiers[%u].", index);
  JsonObject *obj;
  const char *code, *name, *color;
  JsonNode *mult;
  gint64 threshold = 0;
  double m = 1.0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Programme field “tiers[%u]” must be an object."), index);
      return FALSE;
    }
  obj = json_node_get_object (node);
  if ((code = read_string (obj, path, "code", TRUE, error)) == NULL ||
      (name = read_string (obj, path, "name", TRUE, error)) == NULL)
    return FALSE;
  color = read_string (obj, path, "color", FALSE, NULL);
  if (json_object_has_member (obj, "threshold"))
    {
      JsonNode *t = json_object_get_member (obj, "threshold");

      if (!JSON_NODE_HOLDS_VALUE (t) || json_node_get_value_type (t) != G_TYPE_INT64 ||
          json_node_get_int (t) < 0)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Programme field “%sthreshold” must be a whole number, 0 or more."), path);
          return FALSE;
        }
      threshold = json_node_get_int (t);
    }
  mult = json_object_get_member (obj, "multiplier");
  if (mult != NULL)
    {
      GType t = JSON_NODE_HOLDS_VALUE (mult) ? json_node_get_value_type (mult) : G_TYPE_INVALID;

      if (t != G_TYPE_DOUBLE && t != G_TYPE_INT64)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Programme field “%smultiplier” must be a number like 1.2."), path);
          return FALSE;
        }
      m = json_node_get_double (mult);
      if (!(m >= 0.0 && m <= 10.0))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Programme field “%smultiplier” must be from 0 to 10."), path);
          return FALSE;
        }
    }
  *out = mc_programme_tier_new (code, name, color != NULL ? color : "#888888", threshold,
                                (int) lround (m * 1000.0));
  if (!read_opt_string (obj, path, "badge", &(*out)->badge, error) ||
      !read_codes (obj, path, "benefits", (*out)->benefits, error))
    {
      g_clear_pointer (out, mc_programme_tier_free);
      return FALSE;
    }
  return TRUE;
}

McProgramme *
mc_programme_from_json (const char  *json,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(McProgramme) self = mc_programme_new_default ();
  g_autoptr(GError) local_error = NULL;
  JsonObject *root, *obj;
  JsonNode *node;

  if (!json_parser_load_from_data (parser, json, -1, &local_error))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The programme is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The programme must be a JSON object."));
      return NULL;
    }
  root = json_node_get_object (node);
  g_clear_pointer (&self->doc, json_object_unref);
  self->doc = json_object_ref (root);

  if (json_object_has_member (root, "name"))
    {
      const char *name = read_string (root, "", "name", TRUE, error);

      if (name == NULL)
        return NULL;
      g_free (self->name);
      self->name = g_strdup (name);
    }

  node = json_object_get_member (root, "tiers");
  if (node != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Programme field “tiers” must be an array."));
          return NULL;
        }
      array = json_node_get_array (node);
      g_ptr_array_set_size (self->tiers, 0);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          McTier *tier;

          if (!read_tier (json_array_get_element (array, i), i, &tier, error))
            return NULL;
          g_ptr_array_add (self->tiers, tier);
        }
    }

  node = json_object_get_member (root, "evaluation");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *window;

      obj = json_node_get_object (node);
      window = read_string (obj, "evaluation.", "window", FALSE, NULL);
      if (window != NULL)
        {
          guint i;

          for (i = 0; i < G_N_ELEMENTS (window_names); i++)
            if (g_str_equal (window, window_names[i]))
              break;
          if (i == G_N_ELEMENTS (window_names))
            {
              g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                           _("Programme field “evaluation.window” is “%s”; it must be "
                             "rolling-12-months, half-year or quarter."), window);
              return NULL;
            }
          self->window = (McEvalWindow) i;
        }
      if (!read_int (obj, "evaluation.", "grace_days", 0, 366, &self->grace_days, error) ||
          !read_int (obj, "evaluation.", "warning_days", 0, 366, &self->warning_days, error))
        return NULL;
    }

  node = json_object_get_member (root, "points");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      obj = json_node_get_object (node);
      if (!read_int (obj, "points.", "per_yuan", 0, 1000, &self->points_per_yuan, error) ||
          !read_int (obj, "points.", "expiry_months", 0, 120, &self->points_expiry_months, error) ||
          !read_int (obj, "points.", "value_fen", 0, 10000, &self->point_value_fen, error) ||
          !read_int (obj, "points.", "daily_cap", 0, 100000000, &self->daily_points_cap, error))
        return NULL;
    }

  node = json_object_get_member (root, "growth");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *actions;

      obj = json_node_get_object (node);
      if (!read_int (obj, "growth.", "per_yuan", 0, 1000, &self->growth_per_yuan, error) ||
          !read_int (obj, "growth.", "per_order", 0, 100000, &self->growth_per_order, error))
        return NULL;
      actions = json_object_get_member (obj, "actions");
      if (actions != NULL && JSON_NODE_HOLDS_OBJECT (actions))
        {
          JsonObject *aobj = json_node_get_object (actions);

          for (guint a = 0; a < MC_N_ACTIONS; a++)
            {
              JsonNode *r = json_object_get_member (aobj, mc_programme_action_names[a]);
              g_autofree char *path = g_strdup_printf ("growth.actions.%s.", mc_programme_action_names[a]);

              if (r == NULL || !JSON_NODE_HOLDS_OBJECT (r))
                continue;
              if (!read_int (json_node_get_object (r), path, "growth", -100000, 100000,
                             &self->actions[a].growth, error) ||
                  !read_int (json_node_get_object (r), path, "daily_cap", 0, 1000000,
                             &self->actions[a].daily_cap, error))
                return NULL;
            }
        }
    }

  if (!read_designer_fields (self, root, error) ||
      !mc_programme_validate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

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

  json_object_set_string_member (eval, "window", window_names[self->window]);
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

