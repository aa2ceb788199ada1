/* mc-summary.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include "mc-error.h"
#include "mc-programme.h"
#include "mc-summary.h"

static gboolean
add_counts (McDb         *db,
            JsonBuilder  *b,
            const char   *sql,
            const char  **names,
            GError      **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return mc_db_set_error (db, error);
    }
  for (int i = 0; names[i] != NULL; i++)
    {
      json_builder_set_member_name (b, names[i]);
      json_builder_add_int_value (b, sqlite3_column_int64 (stmt, i));
    }
  sqlite3_reset (stmt);
  return TRUE;
}

JsonNode *
mc_summary_build (McDb    *db,
                  GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(McProgramme) programme = mc_programme_load_live (db, error);
  const char *member_names[] = { "members", "members_deleted", "new_members_30d",
                                 "points_outstanding", "growth_total", "consented", NULL };
  const char *order_names[] = { "orders", "refunds", "revenue_fen", "member_revenue_fen",
                                "anonymous_revenue_fen", NULL };
  const char *other_names[] = { "stores", "points_issued", "points_redeemed", "points_expired", NULL };
  sqlite3_stmt *stmt;

  if (programme == NULL)
    return NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "workspace");
  json_builder_add_string_value (b, mc_db_get_path (db));
  json_builder_set_member_name (b, "schema_version");
  json_builder_add_int_value (b, mc_db_get_schema_version (db));
  json_builder_set_member_name (b, "programme");
  json_builder_add_string_value (b, programme->name);

  {
    g_autofree char *sql = g_strdup_printf (
      "SELECT coalesce (sum (deleted = 0), 0), coalesce (sum (deleted = 1), 0), "
      "coalesce (sum (deleted = 0 AND joined_at >= %" G_GINT64_FORMAT "), 0), "
      "coalesce (sum (CASE WHEN deleted = 0 THEN points_balance END), 0), "
      "coalesce (sum (CASE WHEN deleted = 0 THEN growth END), 0), "
      "coalesce (sum (deleted = 0 AND consent_marketing = 1), 0) FROM member",
      mc_db_now () - 30 * 86400);

    if (!add_counts (db, b, sql, member_names, error))
      return NULL;
  }
  if (!add_counts (db, b,
                   "SELECT coalesce (sum (refund_of IS NULL), 0), coalesce (sum (refund_of IS NOT NULL), 0), "
                   "coalesce (sum (amount_fen), 0), "
                   "coalesce (sum (CASE WHEN member_id IS NOT NULL THEN amount_fen END), 0), "
                   "coalesce (sum (CASE WHEN member_id IS NULL THEN amount_fen END), 0) "
                   "FROM orders WHERE deleted = 0", order_names, error) ||
      !add_counts (db, b,
                   "SELECT (SELECT count(*) FROM store WHERE deleted = 0), "
                   "(SELECT coalesce (sum (delta), 0) FROM points_ledger WHERE delta > 0), "
                   "(SELECT coalesce (-sum (delta), 0) FROM points_ledger WHERE kind = 'redeem'), "
                   "(SELECT coalesce (-sum (delta), 0) FROM points_ledger WHERE kind = 'expire')",
                   other_names, error))
    return NULL;

  json_builder_set_member_name (b, "tiers");
  json_builder_begin_array (b);
  stmt = mc_db_prepare (db, "SELECT count(*) FROM member WHERE deleted = 0 AND tier = ?", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < programme->tiers->len; i++)
    {
      McTier *tier = g_ptr_array_index (programme->tiers, i);

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, tier->code, -1, SQLITE_STATIC);
      sqlite3_step (stmt);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, tier->code);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, tier->name);
      json_builder_set_member_name (b, "members");
      json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 0));
      json_builder_end_object (b);
    }
  sqlite3_reset (stmt);
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
