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

static const char * const action_names[MC_N_ACTIONS] = {
  "checkin", "invite", "share_bought", "like", "share",
};

static const char * const window_names[] = {
  "rolling-12-months", "half-year", "quarter",
};

const char *
mc_action_to_string (McAction action)
{
  g_return_val_if_fail (action < MC_N_ACTIONS, NULL);
  return action_names[action];
}

gboolean
mc_action_from_string (const char *str,
                       McAction   *action)
{
  for (guint i = 0; i < MC_N_ACTIONS; i++)
    if (g_strcmp0 (str, action_names[i]) == 0)
      {
        *action = (McAction) i;
        return TRUE;
      }
  return FALSE;
}

static void
tier_free (gpointer data)
{
  McTier *tier = data;

  g_free (tier->code);
  g_free (tier->name);
  g_free (tier->color);
  g_free (tier);
}

static McTier *
tier_new (const char *code,
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
  return tier;
}

void
mc_programme_free (McProgramme *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_clear_pointer (&self->tiers, g_ptr_array_unref);
  g_clear_pointer (&self->doc, json_object_unref);
  g_free (self);
}

static McProgramme *
programme_new (void)
{
  McProgramme *self = g_new0 (McProgramme, 1);

  self->tiers = g_ptr_array_new_with_free_func (tier_free);
  self->doc = json_object_new ();
  return self;
}

McProgramme *
mc_programme_new_default (void)
{
  McProgramme *self = programme_new ();

  self->name = g_strdup (_("Standard programme"));
  g_ptr_array_add (self->tiers, tier_new ("base", _("Member"), "#8a8f98", 0, 1000));
  g_ptr_array_add (self->tiers, tier_new ("silver", _("Silver"), "#a8b5c4", 2000, 1200));
  g_ptr_array_add (self->tiers, tier_new ("gold", _("Gold"), "#d4a72c", 8000, 1500));
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
  *out = tier_new (code, name, color != NULL ? color : "#888888", threshold,
                   (int) lround (m * 1000.0));
  return TRUE;
}

/* Whether a number anywhere in the value is out of a double's range: the parser reads
 * 1e999 as infinity, which no JSON can hold, so such a document could not be stored. */
static gboolean
holds_infinity (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) == G_TYPE_DOUBLE && !isfinite (json_node_get_double (node));
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (holds_infinity (json_array_get_element (array, i)))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          if (holds_infinity (member))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_NULL:
    default:
      return FALSE;
    }
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
  if (holds_infinity (node))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The programme holds a number too large to store (beyond 1.8e308)."));
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
              JsonNode *r = json_object_get_member (aobj, action_names[a]);
              g_autofree char *path = g_strdup_printf ("growth.actions.%s.", action_names[a]);

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

  if (!mc_programme_validate (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

gboolean
mc_programme_validate (McProgramme  *self,
                       GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->tiers->len < 2 || self->tiers->len > 10)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A programme has 2 to 10 tiers; this one has %u."), self->tiers->len);
      return FALSE;
    }
  for (guint i = 0; i < self->tiers->len; i++)
    {
      McTier *tier = g_ptr_array_index (self->tiers, i);

      if (i == 0 && tier->threshold != 0)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("The first tier “%s” must have threshold 0: every member is in it."),
                       tier->name);
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        {
          McTier *lower = g_ptr_array_index (self->tiers, j);

          if (g_str_equal (lower->code, tier->code))
            {
              g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                           _("Two tiers have the code “%s”; codes must differ."), tier->code);
              return FALSE;
            }
        }
      if (i > 0)
        {
          McTier *prev = g_ptr_array_index (self->tiers, i - 1);

          if (tier->threshold <= prev->threshold)
            {
              g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                           _("Thresholds must rise with the tiers: “%s” needs more than "
                             "%" PRId64 " (the threshold of “%s”), not %" PRId64 "."),
                           tier->name, prev->threshold, prev->name, tier->threshold);
              return FALSE;
            }
        }
    }
  return TRUE;
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
      json_array_add_object_element (tiers, t);
    }
  json_object_set_array_member (obj, "tiers", tiers);

  json_object_set_string_member (eval, "window", window_names[self->window]);
  json_object_set_int_member (eval, "grace_days", self->grace_days);
  json_object_set_int_member (eval, "warning_days", self->warning_days);
  json_object_set_object_member (obj, "evaluation", eval);

  json_object_set_int_member (points, "per_yuan", self->points_per_yuan);
  json_object_set_int_member (points, "expiry_months", self->points_expiry_months);
  json_object_set_int_member (points, "value_fen", self->point_value_fen);
  json_object_set_int_member (points, "daily_cap", self->daily_points_cap);
  json_object_set_object_member (obj, "points", points);

  json_object_set_int_member (growth, "per_yuan", self->growth_per_yuan);
  json_object_set_int_member (growth, "per_order", self->growth_per_order);
  for (guint a = 0; a < MC_N_ACTIONS; a++)
    {
      JsonObject *r = json_object_new ();

      json_object_set_int_member (r, "growth", self->actions[a].growth);
      json_object_set_int_member (r, "daily_cap", self->actions[a].daily_cap);
      json_object_set_object_member (actions, action_names[a], r);
    }
  json_object_set_object_member (growth, "actions", actions);
  json_object_set_object_member (obj, "growth", growth);

  json_node_take_object (root, obj);
  return mc_json_to_string (root);
}

McProgramme *
mc_programme_copy (McProgramme *self)
{
  g_autofree char *json = mc_programme_to_json (self);

  return mc_programme_from_json (json, NULL);
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
