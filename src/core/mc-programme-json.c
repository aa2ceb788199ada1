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

