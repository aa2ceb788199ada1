/* mc-member-query.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include "mc-error.h"
#include "mc-member-query.h"
#include "mc-programme.h"
#include "mc-search.h"

McMemberQuery *
mc_member_query_new (void)
{
  return g_new0 (McMemberQuery, 1);
}

McMemberQuery *
mc_member_query_copy (const McMemberQuery *self)
{
  McMemberQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (McMemberQuery, 1);
  copy->sort = self->sort;
  copy->descending = self->descending;
  copy->tier = g_strdup (self->tier);
  copy->text = g_strdup (self->text);
  return copy;
}

void
mc_member_query_free (McMemberQuery *self)
{
  if (self == NULL)
    return;
  g_free (self->tier);
  g_free (self->text);
  g_free (self);
}

static const char *
empty_to_null (const char *s)
{
  return s != NULL && s[0] != '\0' ? s : NULL;
}

gboolean
mc_member_query_equal (const McMemberQuery *a,
                       const McMemberQuery *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->sort == b->sort && a->descending == b->descending &&
         g_strcmp0 (empty_to_null (a->tier), empty_to_null (b->tier)) == 0 &&
         g_strcmp0 (empty_to_null (a->text), empty_to_null (b->text)) == 0;
}

gboolean
mc_member_query_has_text (const McMemberQuery *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return mc_search_has_text (self->text);
}

void
mc_member_list_row_free (McMemberListRow *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->card_no);
  g_free (self->name);
  g_free (self->phone);
  g_free (self->tier);
  g_free (self);
}

/* The ORDER BY key for a sort column (without direction), or NULL for the natural order.
 * Tiers sort by their rank in the live programme, not by code. */
static char *
sort_key (McDb          *db,
          McMemberSort   sort,
          GError       **error)
{
  switch (sort)
    {
    case MC_MEMBER_SORT_DEFAULT:
      return NULL;
    case MC_MEMBER_SORT_CARD:
      return g_strdup ("m.card_no");
    case MC_MEMBER_SORT_NAME:
      return g_strdup ("m.name");
    case MC_MEMBER_SORT_PHONE:
      return g_strdup ("m.phone");
    case MC_MEMBER_SORT_POINTS:
      return g_strdup ("m.points_balance");
    case MC_MEMBER_SORT_GROWTH:
      return g_strdup ("m.growth");
    case MC_MEMBER_SORT_LAST_VISIT:
      return g_strdup ("m.last_visit_at");
    case MC_MEMBER_SORT_SPEND:
      return g_strdup ("m.spend_fen");
    case MC_MEMBER_SORT_JOINED:
      return g_strdup ("m.joined_at");
    case MC_MEMBER_SORT_TIER:
      {
        g_autoptr(McProgramme) programme = mc_programme_load_live (db, error);
        GString *s;

        if (programme == NULL)
          return NULL;
        s = g_string_new ("CASE m.tier");
        for (guint i = 0; i < programme->tiers->len; i++)
          {
            McTier *tier = g_ptr_array_index (programme->tiers, i);
            char *quoted = sqlite3_mprintf (" WHEN %Q THEN %u", tier->code, i);

            g_string_append (s, quoted);
            sqlite3_free (quoted);
          }
        g_string_append_printf (s, " ELSE %u END", programme->tiers->len);
        return g_string_free (s, FALSE);
      }
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The search hits as a JSON array of rowids, best first, or NULL on error. */
static char *
search_hits_json (McDb                *db,
                  const McMemberQuery *query,
                  GError             **error)
{
  g_autoptr(GArray) hits = mc_search_members (db, query->text, MC_MEMBER_QUERY_MAX_HITS, error);
  GString *json;

  if (hits == NULL)
    return NULL;
  json = g_string_sized_new (hits->len * 8 + 2);
  g_string_append_c (json, '[');
  for (guint i = 0; i < hits->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (hits, gint64, i));
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

GArray *
mc_member_query_run (McDb                *db,
                     const McMemberQuery *query,
                     GError             **error)
{
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *key = NULL;
  g_autofree char *hits = NULL;
  const char *tier;
  const char *dir;
  sqlite3_stmt *stmt;
  gboolean text;
  int n_params = 0;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  if (query->sort != MC_MEMBER_SORT_DEFAULT)
    {
      g_autoptr(GError) local_error = NULL;

      key = sort_key (db, query->sort, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  tier = empty_to_null (query->tier);
  text = mc_member_query_has_text (query);
  dir = query->descending ? " DESC" : "";

  if (text)
    {
      hits = search_hits_json (db, query, error);
      if (hits == NULL)
        return NULL;
      /* Keep the search's ranking where no column says otherwise. */
      g_string_append (sql, "SELECT m.rowid FROM json_each (?1) j JOIN member m ON m.rowid = j.value "
                            "WHERE m.deleted = 0");
      n_params = 1;
    }
  else
    g_string_append (sql, "SELECT m.rowid FROM member m WHERE m.deleted = 0");

  if (tier != NULL)
    g_string_append_printf (sql, " AND m.tier = ?%d", ++n_params);

  g_string_append (sql, " ORDER BY ");
  if (key != NULL)
    g_string_append_printf (sql, "%s%s, ", key, dir);
  if (text && key == NULL)
    g_string_append_printf (sql, "j.key%s", dir);
  else
    g_string_append_printf (sql, "m.rowid%s", dir);

  stmt = mc_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  n_params = 0;
  if (text)
    sqlite3_bind_text (stmt, ++n_params, hits, -1, SQLITE_STATIC);
  if (tier != NULL)
    sqlite3_bind_text (stmt, ++n_params, tier, -1, SQLITE_STATIC);

  rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&rowids);
}

gint64
mc_member_query_count (McDb                *db,
                       const McMemberQuery *query,
                       GError             **error)
{
  const char *tier;
  sqlite3_stmt *stmt;
  gint64 count;

  g_return_val_if_fail (MC_IS_DB (db), -1);
  g_return_val_if_fail (query != NULL, -1);

  if (mc_member_query_has_text (query))
    {
      g_autoptr(GArray) rowids = mc_member_query_run (db, query, error);

      return rowids != NULL ? (gint64) rowids->len : -1;
    }

  tier = empty_to_null (query->tier);
  stmt = mc_db_prepare (db, tier != NULL
                              ? "SELECT count(*) FROM member WHERE deleted = 0 AND tier = ?"
                              : "SELECT count(*) FROM member WHERE deleted = 0", error);
  if (stmt == NULL)
    return -1;
  if (tier != NULL)
    sqlite3_bind_text (stmt, 1, tier, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      mc_db_set_error (db, error);
      return -1;
    }
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return count;
}

static char *
display_phone (const char *e164,
               gboolean    contact)
{
  if (e164 == NULL || e164[0] == '\0')
    return NULL;
  if (!contact)
    return mc_mask_phone (e164);
  if (g_str_has_prefix (e164, "+86") && strlen (e164) == 14)
    return g_strdup (e164 + 3);
  return g_strdup (e164);
}

GPtrArray *
mc_member_query_load_rows (McDb          *db,
                           const GArray  *rowids,
                           guint          offset,
                           guint          limit,
                           McRole         role,
                           GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  gboolean contact = mc_role_allows (role, MC_PERMISSION_SEE_CONTACT);
  sqlite3_stmt *stmt;
  guint end;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (rowids != NULL, NULL);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_member_list_row_free);
  if (offset >= rowids->len)
    return g_steal_pointer (&rows);
  end = limit > rowids->len - offset ? rowids->len : offset + limit;

  stmt = mc_db_prepare (db,
    "SELECT rowid, id, card_no, name, phone, tier, points_balance, growth, spend_fen, "
    "coalesce (last_visit_at, 0), joined_at FROM member WHERE rowid = ? AND deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = offset; i < end; i++)
    {
      McMemberListRow *row;
      int rc;

      sqlite3_bind_int64 (stmt, 1, g_array_index (rowids, gint64, i));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          continue;
        }
      if (rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          mc_db_set_error (db, error);
          return NULL;
        }
      row = g_new0 (McMemberListRow, 1);
      row->rowid = sqlite3_column_int64 (stmt, 0);
      row->id = g_strdup (mc_db_column_text (stmt, 1));
      row->card_no = g_strdup (mc_db_column_text (stmt, 2));
      row->name = g_strdup (mc_db_column_text (stmt, 3));
      row->phone = display_phone (mc_db_column_text (stmt, 4), contact);
      row->tier = g_strdup (mc_db_column_text (stmt, 5));
      row->points = sqlite3_column_int64 (stmt, 6);
      row->growth = sqlite3_column_int64 (stmt, 7);
      row->spend_fen = sqlite3_column_int64 (stmt, 8);
      row->last_visit_at = sqlite3_column_int64 (stmt, 9);
      row->joined_at = sqlite3_column_int64 (stmt, 10);
      g_ptr_array_add (rows, row);
      sqlite3_reset (stmt);
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
mc_member_query_page (McDb                *db,
                      const McMemberQuery *query,
                      guint                offset,
                      guint                limit,
                      McRole               role,
                      GError             **error)
{
  g_autoptr(GArray) rowids = NULL;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  rowids = mc_member_query_run (db, query, error);
  if (rowids == NULL)
    return NULL;
  return mc_member_query_load_rows (db, rowids, offset, limit, role, error);
}
