/* mc-programme-version.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The live programme, drafts and retired versions (table programme_version); publishing.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-programme-version.h"

static const char * const status_names[] = { "draft", "live", "retired" };

#define VERSION_COLUMNS "id, status, name, created_at, coalesce (effective_at, 0), doc"

const char *
mc_programme_status_to_string (McProgrammeStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

const char *
mc_programme_status_display (McProgrammeStatus status)
{
  switch (status)
    {
    case MC_PROGRAMME_DRAFT:   return C_("programme version", "Draft");
    case MC_PROGRAMME_LIVE:    return C_("programme version", "Live");
    case MC_PROGRAMME_RETIRED: return C_("programme version", "Retired");
    default:                   g_return_val_if_reached ("");
    }
}

const char *
mc_programme_version_status_display (const McProgrammeVersion *version)
{
  g_return_val_if_fail (version != NULL, "");
  if (mc_programme_version_is_scheduled (version))
    return C_("programme version", "Scheduled");
  return mc_programme_status_display (version->status);
}

void
mc_programme_version_free (McProgrammeVersion *version)
{
  if (version == NULL)
    return;
  g_free (version->id);
  g_free (version->name);
  g_free (version);
}

static McProgrammeVersion *
version_from_row (sqlite3_stmt *stmt)
{
  McProgrammeVersion *v = g_new0 (McProgrammeVersion, 1);
  const char *status = mc_db_column_text (stmt, 1);

  v->id = g_strdup (mc_db_column_text (stmt, 0));
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (status, status_names[i]) == 0)
      v->status = (McProgrammeStatus) i;
  v->name = g_strdup (mc_db_column_text (stmt, 2));
  v->created_at = sqlite3_column_int64 (stmt, 3);
  v->effective_at = sqlite3_column_int64 (stmt, 4);
  return v;
}

GPtrArray *
mc_programme_versions_list (McDb    *db,
                            GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_programme_version_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  stmt = mc_db_prepare (db,
    "SELECT " VERSION_COLUMNS " FROM programme_version WHERE deleted = 0 "
    "ORDER BY CASE status WHEN 'live' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END, "
    "coalesce (effective_at, created_at) DESC, created_at DESC, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (list, version_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

/* The version ref names, and its document (doc may be NULL). */
static McProgrammeVersion *
find_version (McDb        *db,
              const char  *ref,
              char       **doc,
              GError     **error)
{
  g_autoptr(McProgrammeVersion) found = NULL;
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;
  guint matches = 0;
  int rc;

  if (ref == NULL || strlen (ref) < 4 || strchr (ref, '%') != NULL || strchr (ref, '_') != NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("“%s” is not a programme version: give its id or at least its first 4 characters."),
                   ref != NULL ? ref : "");
      return NULL;
    }
  pattern = g_strconcat (ref, "%", NULL);
  stmt = mc_db_prepare (db,
    "SELECT " VERSION_COLUMNS " FROM programme_version WHERE deleted = 0 AND id LIKE ?1 "
    "ORDER BY id = ?2 DESC LIMIT 2", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, ref, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (matches++ == 0)
        {
          found = version_from_row (stmt);
          if (doc != NULL)
            *doc = g_strdup (mc_db_column_text (stmt, 5));
        }
      else if (g_strcmp0 (found->id, ref) == 0)
        break;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      mc_db_set_error (db, error);
      goto fail;
    }
  if (matches == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("There is no programme version “%s”; “programme drafts” lists them."), ref);
      goto fail;
    }
  if (matches > 1 && g_strcmp0 (found->id, ref) != 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("More than one programme version begins with “%s”; give more of its id."), ref);
      goto fail;
    }
  return g_steal_pointer (&found);

fail:
  if (doc != NULL)
    g_clear_pointer (doc, g_free);
  return NULL;
}

McProgrammeVersion *
mc_programme_version_find (McDb        *db,
                           const char  *ref,
                           GError     **error)
{
  g_return_val_if_fail (MC_IS_DB (db), NULL);
  return find_version (db, ref, NULL, error);
}

McProgramme *
mc_programme_version_load (McDb        *db,
                           const char  *ref,
                           GError     **error)
{
  g_autoptr(McProgrammeVersion) version = NULL;
  g_autofree char *doc = NULL;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  version = find_version (db, ref, &doc, error);
  if (version == NULL)
    return NULL;
  return mc_programme_from_json (doc, error);
}

static McProgrammeVersion *
find_draft (McDb        *db,
            const char  *ref,
            char       **doc,
            GError     **error)
{
  g_autoptr(McProgrammeVersion) version = find_version (db, ref, doc, error);

  if (version == NULL)
    return NULL;
  if (version->status != MC_PROGRAMME_DRAFT)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Version “%s” is %s, not a draft: only a draft can be changed or published. "
                     "Import or copy it as a new draft instead."),
                   ref, mc_programme_status_display (version->status));
      if (doc != NULL)
        g_clear_pointer (doc, g_free);
      return NULL;
    }
  return g_steal_pointer (&version);
}

char *
mc_programme_draft_create (McDb         *db,
                           McProgramme  *programme,
                           GError      **error)
{
  g_autofree char *id = mc_db_new_id ();
  g_autofree char *rev = mc_db_new_rev (NULL);
  g_autofree char *doc = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (programme != NULL, NULL);

  if (!mc_audit_require (db, MC_PERMISSION_WRITE_PROGRAMME, "programme.draft", error) ||
      !mc_programme_validate (programme, error) ||
      !mc_db_begin (db, error))
    return NULL;
  doc = mc_programme_to_json (programme);
  stmt = mc_db_prepare (db,
    "INSERT INTO programme_version (id, status, name, doc, created_at, effective_at, rev, seq) "
    "VALUES (?, 'draft', ?, ?, ?, NULL, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, programme->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, doc, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, mc_db_now ());
  sqlite3_bind_text (stmt, 5, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, mc_db_next_seq (db));
  if (!mc_db_step_done (db, stmt, error) ||
      !mc_audit_log (db, "programme.draft", "programme_version", id, NULL, doc, error) ||
      !mc_db_commit (db, error))
    goto fail;
  return g_steal_pointer (&id);

fail:
  mc_db_rollback (db);
  return NULL;
}

/* A new revision of a version row, with its status, document and deletion; effective_at:
 * 0 keeps it, a negative value clears it. */
static gboolean
update_version (McDb        *db,
                const char  *id,
                const char  *status,
                const char  *name,
                const char  *doc,
                gint64       effective_at,
                gboolean     deleted,
                GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "UPDATE programme_version SET status = ?2, name = coalesce (?3, name), doc = coalesce (?4, doc), "
    "effective_at = CASE WHEN ?5 > 0 THEN ?5 WHEN ?5 < 0 THEN NULL ELSE effective_at END, deleted = ?6, "
    "rev = ?7, seq = ?8 WHERE id = ?1", error);
  g_autofree char *rev = mc_db_new_rev ("1");

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, doc, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, effective_at);
  sqlite3_bind_int (stmt, 6, deleted);
  sqlite3_bind_text (stmt, 7, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, mc_db_next_seq (db));
  return mc_db_step_done (db, stmt, error);
}

gboolean
mc_programme_draft_save (McDb         *db,
                         const char   *draft_id,
                         McProgramme  *programme,
                         GError      **error)
{
  g_autoptr(McProgrammeVersion) version = NULL;
  g_autofree char *before = NULL;
  g_autofree char *doc = NULL;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (programme != NULL, FALSE);

  if (!mc_audit_require (db, MC_PERMISSION_WRITE_PROGRAMME, "programme.draft.save", error) ||
      !mc_programme_validate (programme, error) ||
      !mc_db_begin (db, error))
    return FALSE;
  version = find_draft (db, draft_id, &before, error);
  if (version == NULL)
    goto fail;
  doc = mc_programme_to_json (programme);
  if (!update_version (db, version->id, "draft", programme->name, doc, 0, FALSE, error) ||
      !mc_audit_log (db, "programme.draft.save", "programme_version", version->id, before, doc, error))
    goto fail;
  return mc_db_commit (db, error);

fail:
  mc_db_rollback (db);
  return FALSE;
}

gboolean
mc_programme_draft_delete (McDb        *db,
                           const char  *draft_id,
                           GError     **error)
{
  g_autoptr(McProgrammeVersion) version = NULL;
  g_autofree char *before = NULL;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);

  if (!mc_audit_require (db, MC_PERMISSION_WRITE_PROGRAMME, "programme.draft.delete", error) ||
      !mc_db_begin (db, error))
    return FALSE;
  version = find_draft (db, draft_id, &before, error);
  if (version == NULL ||
      !update_version (db, version->id, "draft", NULL, NULL, 0, TRUE, error) ||
      !mc_audit_log (db, "programme.draft.delete", "programme_version", version->id, before, NULL, error))
    goto fail;
  return mc_db_commit (db, error);

fail:
  mc_db_rollback (db);
  return FALSE;
}

/* The catalogue tables follow the live programme: each benefit and plan of it is a row of
 * benefit / paid_plan (by code: updated, or inserted), and a row whose code the programme
 * no longer has is marked deleted (a subscription keeps its plan row). */
static gboolean
tombstone_missing (McDb        *db,
                   const char  *table,
                   GPtrArray   *items,
                   gsize        code_offset,
                   GError     **error)
{
  g_autofree char *select = g_strdup_printf ("SELECT id, code, rev FROM %s WHERE deleted = 0", table);
  g_autofree char *update = g_strdup_printf ("UPDATE %s SET deleted = 1, rev = ?2, seq = ?3 WHERE id = ?1", table);
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) revs = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mc_db_prepare (db, select, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *code = mc_db_column_text (stmt, 1);
      gboolean kept = FALSE;

      for (guint i = 0; i < items->len && !kept; i++)
        kept = g_strcmp0 (G_STRUCT_MEMBER (char *, g_ptr_array_index (items, i), code_offset), code) == 0;
      if (!kept)
        {
          g_ptr_array_add (gone, g_strdup (mc_db_column_text (stmt, 0)));
          g_ptr_array_add (revs, g_strdup (mc_db_column_text (stmt, 2)));
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, error);
  for (guint i = 0; i < gone->len; i++)
    {
      g_autofree char *rev = mc_db_new_rev (g_ptr_array_index (revs, i));

      stmt = mc_db_prepare (db, update, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, g_ptr_array_index (gone, i), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, mc_db_next_seq (db));
      if (!mc_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* The row of a code: its id and a new revision (a new id and a first revision when none). */
static gboolean
row_for_code (McDb        *db,
              const char  *table,
              const char  *code,
              char       **id,
              char       **rev,
              gboolean    *exists,
              GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id, rev FROM %s WHERE code = ? AND deleted = 0", table);
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  *exists = rc == SQLITE_ROW;
  if (*exists)
    {
      *id = g_strdup (mc_db_column_text (stmt, 0));
      *rev = mc_db_new_rev (mc_db_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mc_db_set_error (db, error);
  if (!*exists)
    {
      *id = mc_db_new_id ();
      *rev = mc_db_new_rev (NULL);
    }
  return TRUE;
}

static char *
codes_json (GPtrArray *codes)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *array = json_array_new ();

  for (guint i = 0; i < codes->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (codes, i));
  json_node_take_array (node, array);
  return mc_json_to_string (node);
}

static char *
benefit_params (McBenefit *b)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *o = json_object_new ();

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
  json_node_take_object (node, o);
  return mc_json_to_string (node);
}

static gboolean
sync_catalogue (McDb         *db,
                McProgramme  *p,
                GError      **error)
{
  for (guint i = 0; i < p->benefits->len; i++)
    {
      McBenefit *b = g_ptr_array_index (p->benefits, i);
      g_autofree char *id = NULL;
      g_autofree char *rev = NULL;
      g_autofree char *params = benefit_params (b);
      gboolean exists;
      sqlite3_stmt *stmt;

      if (!row_for_code (db, "benefit", b->code, &id, &rev, &exists, error))
        return FALSE;
      stmt = mc_db_prepare (db, exists
        ? "UPDATE benefit SET code = ?2, name = ?3, kind = ?4, params = ?5, unit_cost_fen = ?6, "
          "usage_rate_permille = ?7, limit_per_period = ?8, period = ?9, valid_from = ?10, valid_to = ?11, "
          "rev = ?12, seq = ?13 WHERE id = ?1"
        : "INSERT INTO benefit (id, code, name, kind, params, unit_cost_fen, usage_rate_permille, "
          "limit_per_period, period, valid_from, valid_to, rev, seq) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, b->code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, b->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, mc_benefit_kind_to_string (b->kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, params, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 6, b->unit_cost_fen);
      sqlite3_bind_int (stmt, 7, CLAMP (b->usage_rate_permille, 0, 1000));
      if (b->limit_per_period > 0)
        sqlite3_bind_int (stmt, 8, b->limit_per_period);
      if (b->period != MC_PERIOD_NONE)
        sqlite3_bind_text (stmt, 9, mc_period_to_string (b->period), -1, SQLITE_STATIC);
      if (b->valid_from != 0)
        sqlite3_bind_int64 (stmt, 10, b->valid_from);
      if (b->valid_to != 0)
        sqlite3_bind_int64 (stmt, 11, b->valid_to);
      sqlite3_bind_text (stmt, 12, rev, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 13, mc_db_next_seq (db));
      if (!mc_db_step_done (db, stmt, error))
        return FALSE;
    }
  for (guint i = 0; i < p->plans->len; i++)
    {
      McPaidPlan *plan = g_ptr_array_index (p->plans, i);
      g_autofree char *id = NULL;
      g_autofree char *rev = NULL;
      g_autofree char *benefits = codes_json (plan->benefits);
      gboolean exists;
      sqlite3_stmt *stmt;

      if (!row_for_code (db, "paid_plan", plan->code, &id, &rev, &exists, error))
        return FALSE;
      stmt = mc_db_prepare (db, exists
        ? "UPDATE paid_plan SET code = ?2, name = ?3, period = ?4, price_fen = ?5, trial_days = ?6, "
          "benefits = ?7, rev = ?8, seq = ?9 WHERE id = ?1"
        : "INSERT INTO paid_plan (id, code, name, period, price_fen, trial_days, benefits, rev, seq) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, plan->code, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, plan->name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, mc_plan_period_to_string (plan->period), -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, plan->price_fen);
      sqlite3_bind_int (stmt, 6, plan->trial_days);
      sqlite3_bind_text (stmt, 7, benefits, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, rev, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 9, mc_db_next_seq (db));
      if (!mc_db_step_done (db, stmt, error))
        return FALSE;
    }
  return tombstone_missing (db, "benefit", p->benefits, G_STRUCT_OFFSET (McBenefit, code), error) &&
         tombstone_missing (db, "paid_plan", p->plans, G_STRUCT_OFFSET (McPaidPlan, code), error);
}

gboolean
mc_programme_version_is_scheduled (const McProgrammeVersion *version)
{
  g_return_val_if_fail (version != NULL, FALSE);
  return version->status == MC_PROGRAMME_DRAFT && version->effective_at != 0;
}

/* Inside the caller's transaction: the draft version (document doc) becomes live from
 * effective_at, the live one is retired, the catalogue follows; audited as action. */
static gboolean
make_live (McDb                *db,
           McProgrammeVersion  *version,
           const char          *doc,
           gint64               effective_at,
           const char          *action,
           GError             **error)
{
  g_autoptr(McProgramme) programme = NULL;
  g_autofree char *after = NULL;
  g_autofree char *retired = NULL;
  sqlite3_stmt *stmt;

  /* A draft written by an older or newer version, or by hand: checked again. */
  programme = mc_programme_from_json (doc, error);
  if (programme == NULL)
    return FALSE;

  stmt = mc_db_prepare (db, "SELECT id FROM programme_version WHERE status = 'live' AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    retired = g_strdup (mc_db_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (retired != NULL && !update_version (db, retired, "retired", NULL, NULL, 0, FALSE, error))
    return FALSE;
  if (!update_version (db, version->id, "live", NULL, NULL, effective_at, FALSE, error) ||
      !sync_catalogue (db, programme, error))
    return FALSE;
  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonNode) node = NULL;

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "name");
    json_builder_add_string_value (b, programme->name);
    json_builder_set_member_name (b, "effective_at");
    json_builder_add_int_value (b, effective_at);
    json_builder_set_member_name (b, "retired");
    if (retired != NULL)
      json_builder_add_string_value (b, retired);
    else
      json_builder_add_null_value (b);
    json_builder_end_object (b);
    node = json_builder_get_root (b);
    after = mc_json_to_string (node);
  }
  return mc_audit_log (db, action, "programme_version", version->id, NULL, after, error);
}

/* A draft gets a later effective date: it stays a draft until mc_programme_publish_due ()
 * finds the date has come. */
static gboolean
schedule (McDb        *db,
          const char  *draft_id,
          gint64       effective_at,
          GError     **error)
{
  g_autoptr(McProgrammeVersion) version = NULL;
  g_autoptr(McProgramme) programme = NULL;
  g_autofree char *doc = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (!mc_audit_require (db, MC_PERMISSION_WRITE_PROGRAMME, "programme.schedule", error) ||
      !mc_db_begin (db, error))
    return FALSE;
  version = find_draft (db, draft_id, &doc, error);
  if (version == NULL)
    goto fail;
  /* Refused now rather than on the day, when nobody is there to fix it. */
  programme = mc_programme_from_json (doc, error);
  if (programme == NULL)
    goto fail;
  if (version->effective_at != 0)
    before = g_strdup_printf ("{\"effective_at\":%" G_GINT64_FORMAT "}", version->effective_at);
  after = g_strdup_printf ("{\"effective_at\":%" G_GINT64_FORMAT "}", effective_at);
  if (!update_version (db, version->id, "draft", NULL, NULL, effective_at, FALSE, error) ||
      !mc_audit_log (db, "programme.schedule", "programme_version", version->id, before, after, error))
    goto fail;
  return mc_db_commit (db, error);

fail:
  mc_db_rollback (db);
  return FALSE;
}

gboolean
mc_programme_draft_unschedule (McDb        *db,
                               const char  *draft_id,
                               GError     **error)
{
  g_autoptr(McProgrammeVersion) version = NULL;
  g_autofree char *before = NULL;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);

  if (!mc_audit_require (db, MC_PERMISSION_WRITE_PROGRAMME, "programme.unschedule", error) ||
      !mc_db_begin (db, error))
    return FALSE;
  version = find_draft (db, draft_id, NULL, error);
  if (version == NULL)
    goto fail;
  if (version->effective_at == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Draft “%s” is not scheduled: there is nothing to cancel."), version->name);
      goto fail;
    }
  before = g_strdup_printf ("{\"effective_at\":%" G_GINT64_FORMAT "}", version->effective_at);
  if (!update_version (db, version->id, "draft", NULL, NULL, -1, FALSE, error) ||
      !mc_audit_log (db, "programme.unschedule", "programme_version", version->id, before, NULL, error))
    goto fail;
  return mc_db_commit (db, error);

fail:
  mc_db_rollback (db);
  return FALSE;
}

gboolean
mc_programme_publish (McDb         *db,
                      const char   *draft_id,
                      gint64        effective_at,
                      McTierStats  *stats,
                      GError      **error)
{
  g_autoptr(McProgrammeVersion) version = NULL;
  g_autofree char *doc = NULL;
  gint64 now = mc_db_now ();

  g_return_val_if_fail (MC_IS_DB (db), FALSE);

  if (stats != NULL)
    memset (stats, 0, sizeof *stats);
  if (effective_at == 0)
    effective_at = now;
  if (effective_at > now)
    return schedule (db, draft_id, effective_at, error);
  if (!mc_audit_require (db, MC_PERMISSION_WRITE_PROGRAMME, "programme.publish", error) ||
      !mc_db_begin (db, error))
    return FALSE;
  version = find_draft (db, draft_id, &doc, error);
  if (version == NULL ||
      !make_live (db, version, doc, effective_at, "programme.publish", error))
    goto fail;
  /* The members' tiers under the new rules, in the same transaction: all or nothing. */
  if (!mc_tiers_evaluate (db, now, stats, error))
    goto fail;
  return mc_db_commit (db, error);

fail:
  mc_db_rollback (db);
  return FALSE;
}

gboolean
mc_programme_any_due (McDb      *db,
                      gint64     now,
                      gboolean  *due,
                      GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (due != NULL, FALSE);

  stmt = mc_db_prepare (db,
    "SELECT EXISTS (SELECT 1 FROM programme_version WHERE status = 'draft' AND deleted = 0 "
    "AND effective_at IS NOT NULL AND effective_at <= ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, now);
  rc = sqlite3_step (stmt);
  *due = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, error);
  return TRUE;
}

gboolean
mc_programme_publish_due (McDb                *db,
                          gint64               now,
                          McProgrammeVersion **published,
                          McTierStats         *stats,
                          GError             **error)
{
  g_autoptr(GPtrArray) due_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(McProgrammeVersion) last = NULL;
  sqlite3_stmt *stmt;
  gboolean due = FALSE;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (published == NULL || *published == NULL, FALSE);

  if (stats != NULL)
    memset (stats, 0, sizeof *stats);
  if (!mc_programme_any_due (db, now, &due, error))
    return FALSE;
  /* The publishing was allowed when it was scheduled; carrying it out writes the members'
   * tiers, which a read-only role leaves to the next one that may. */
  if (!due || !mc_role_allows (mc_db_get_role (db), MC_PERMISSION_WRITE_MEMBERS))
    return TRUE;
  if (!mc_db_begin (db, error))
    return FALSE;
  stmt = mc_db_prepare (db,
    "SELECT id FROM programme_version WHERE status = 'draft' AND deleted = 0 "
    "AND effective_at IS NOT NULL AND effective_at <= ?1 ORDER BY effective_at, created_at, id", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (due_ids, g_strdup (mc_db_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      goto fail;
    }
  /* Oldest first: each retires the one before, the newest due stays live. */
  for (guint i = 0; i < due_ids->len; i++)
    {
      g_autofree char *doc = NULL;

      g_clear_pointer (&last, mc_programme_version_free);
      last = find_draft (db, g_ptr_array_index (due_ids, i), &doc, error);
      if (last == NULL ||
          !make_live (db, last, doc, last->effective_at, "programme.publish.scheduled", error))
        goto fail;
      last->status = MC_PROGRAMME_LIVE;
    }
  if (!mc_tiers_evaluate (db, now, stats, error) ||
      !mc_db_commit (db, error))
    goto fail;
  if (published != NULL)
    *published = g_steal_pointer (&last);
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}
