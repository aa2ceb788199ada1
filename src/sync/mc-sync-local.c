/* mc-sync-local.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workspace's records as replicated documents: a row's columns are the document's
 * fields (data/sync-schema.md), read and written generically from the table's own column
 * list. A member's balances and totals are not fields: they are computed from the ledgers
 * and orders after a pull.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-error.h"
#include "mc-member.h"
#include "mc-search.h"
#include "mc-sync-local.h"

typedef struct
{
  char     *name;
  gboolean  integer;
  gboolean  json;       /* a JSON text column: embedded as JSON in the document */
  gboolean  required;   /* NOT NULL without a default */
  gboolean  has_default;
} Column;

struct _McSyncLocal
{
  McDb       *db;
  GHashTable *columns;   /* table -> GPtrArray of Column */
  GHashTable *touched;   /* member ids whose totals to compute again */
  gint64      max_card;  /* the highest card number in our format that came in */
};

/* Row keys and the member's computed state: never document fields. */
static const char * const key_columns[] = { "rowid", "id", "rev", "deleted", "seq", NULL };
static const char * const member_computed[] = {
  "points_balance", "growth", "spend_fen", "orders_count", "last_visit_at", "tier",
  "tier_since", "downgrade_pending_since", NULL,
};
static const char * const json_columns[] = {
  "programme_version.doc", "benefit.params", "paid_plan.benefits", NULL,
};

static void
column_free (gpointer data)
{
  Column *c = data;

  g_free (c->name);
  g_free (c);
}

McSyncLocal *
mc_sync_local_new (McDb *db)
{
  McSyncLocal *local = g_new0 (McSyncLocal, 1);

  local->db = g_object_ref (db);
  local->columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_ptr_array_unref);
  local->touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return local;
}

void
mc_sync_local_free (McSyncLocal *local)
{
  if (local == NULL)
    return;
  g_clear_object (&local->db);
  g_hash_table_destroy (local->columns);
  g_hash_table_destroy (local->touched);
  g_free (local);
}

McDb *
mc_sync_local_get_db (McSyncLocal *local)
{
  return local->db;
}

static GPtrArray *
get_columns (McSyncLocal  *local,
             const char   *table,
             GError      **error)
{
  GPtrArray *columns = g_hash_table_lookup (local->columns, table);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (columns != NULL)
    return columns;
  sql = g_strdup_printf ("PRAGMA table_info (%s)", table);
  stmt = mc_db_prepare (local->db, sql, error);
  if (stmt == NULL)
    return NULL;
  columns = g_ptr_array_new_with_free_func (column_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = mc_db_column_text (stmt, 1);
      g_autofree char *qualified = g_strdup_printf ("%s.%s", table, name);
      Column *c;

      if (g_strv_contains (key_columns, name) ||
          (g_str_equal (table, "member") && g_strv_contains (member_computed, name)))
        continue;
      c = g_new0 (Column, 1);
      c->name = g_strdup (name);
      c->integer = g_ascii_strcasecmp (mc_db_column_text (stmt, 2), "INTEGER") == 0;
      c->json = g_strv_contains (json_columns, qualified);
      c->has_default = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
      c->required = sqlite3_column_int (stmt, 3) != 0 && !c->has_default;
      g_ptr_array_add (columns, c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (columns);
      mc_db_set_error (local->db, error);
      return NULL;
    }
  g_hash_table_insert (local->columns, g_strdup (table), columns);
  return columns;
}

static JsonNode *
column_to_node (sqlite3_stmt *stmt,
                int           i,
                const Column *c)
{
  switch (sqlite3_column_type (stmt, i))
    {
    case SQLITE_NULL:
      return json_node_new (JSON_NODE_NULL);
    case SQLITE_INTEGER:
      return json_node_init_int (json_node_alloc (), sqlite3_column_int64 (stmt, i));
    case SQLITE_FLOAT:
      return json_node_init_double (json_node_alloc (), sqlite3_column_double (stmt, i));
    default:
      {
        const char *text = mc_db_column_text (stmt, i);

        if (c->json)
          {
            JsonNode *node = json_from_string (text, NULL);

            if (node != NULL)
              return node;
          }
        return json_node_init_string (json_node_alloc (), text);
      }
    }
}

JsonObject *
mc_sync_local_read_row (McSyncLocal       *local,
                        const McSyncType  *type,
                        const char        *row_id,
                        const char        *extra,
                        GError           **error)
{
  GPtrArray *columns = get_columns (local, type->table, error);
  g_autoptr(GString) sql = NULL;
  g_autoptr(JsonObject) body = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (columns == NULL)
    return NULL;
  sql = g_string_new ("SELECT deleted");
  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (sql, ", %s", ((Column *) columns->pdata[i])->name);
  g_string_append_printf (sql, " FROM %s WHERE id = ?", type->table);
  stmt = mc_db_prepare (local->db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        mc_db_set_error (local->db, error);
      return NULL;
    }
  body = json_object_new ();
  json_object_set_string_member (body, "type", type->type);
  for (guint i = 0; i < columns->len; i++)
    {
      Column *c = columns->pdata[i];

      json_object_set_member (body, c->name, column_to_node (stmt, (int) i + 1, c));
    }
  sqlite3_reset (stmt);

  if (extra != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (extra, NULL);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *more = json_node_get_object (node);
          g_autoptr(GList) names = json_object_get_members (more);

          for (GList *l = names; l != NULL; l = l->next)
            if (!json_object_has_member (body, l->data))
              json_object_set_member (body, l->data,
                                      json_node_copy (json_object_get_member (more, l->data)));
        }
    }
  return g_steal_pointer (&body);
}

gboolean
mc_sync_local_row_rev (McSyncLocal       *local,
                       const McSyncType  *type,
                       const char        *row_id,
                       char             **rev,
                       gboolean          *deleted,
                       GError           **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rev, deleted FROM %s WHERE id = ?", type->table);
  sqlite3_stmt *stmt = mc_db_prepare (local->db, sql, error);
  int rc;

  *rev = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *rev = g_strdup (mc_db_column_text (stmt, 0));
      *deleted = sqlite3_column_int (stmt, 1) != 0;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mc_db_set_error (local->db, error);
  return rc == SQLITE_ROW;
}

static gboolean
wrong_field (GError     **error,
             const char  *field)
{
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               /* TRANSLATORS: %s is the name of a field of a replicated document */
               _("The field “%s” has a value of the wrong kind for this version."), field);
  return FALSE;
}

/* Binds the body's value of column c, or NULL; FALSE when it has the wrong JSON type. */
static gboolean
bind_field (sqlite3_stmt  *stmt,
            int            index,
            const Column  *c,
            JsonNode      *node,
            GError       **error)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      sqlite3_bind_null (stmt, index);
      return TRUE;
    }
  if (c->json)
    {
      g_autofree char *text = json_to_string (node, FALSE);

      sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_field (error, c->name);
  if (c->integer)
    {
      GType t = json_node_get_value_type (node);

      if (t == G_TYPE_INT64)
        sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
      else if (t == G_TYPE_BOOLEAN)
        sqlite3_bind_int (stmt, index, json_node_get_boolean (node) ? 1 : 0);
      else
        return wrong_field (error, c->name);
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_field (error, c->name);
  sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
  return TRUE;
}

/* The member's search terms follow its name and phone. */
static gboolean
member_search_terms (McSyncLocal  *local,
                     const char   *row_id,
                     gint64       *rowid,
                     char        **name,
                     char        **phone,
                     GError      **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (local->db,
    "SELECT rowid, name, phone FROM member WHERE id = ?", error);
  int rc;

  *rowid = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *rowid = sqlite3_column_int64 (stmt, 0);
      *name = g_strdup (mc_db_column_text (stmt, 1));
      *phone = g_strdup (mc_db_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return mc_db_set_error (local->db, error);
  return TRUE;
}

static char *
extra_fields (GPtrArray  *columns,
              JsonObject *body)
{
  g_autoptr(JsonObject) extra = json_object_new ();
  g_autoptr(GList) names = json_object_get_members (body);
  g_autoptr(JsonNode) node = NULL;
  guint n = 0;

  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      gboolean known = g_str_equal (name, "type") || name[0] == '_';

      for (guint i = 0; !known && i < columns->len; i++)
        known = g_str_equal (((Column *) columns->pdata[i])->name, name);
      if (!known)
        {
          json_object_set_member (extra, name, json_node_copy (json_object_get_member (body, name)));
          n++;
        }
    }
  if (n == 0)
    return NULL;
  node = json_node_init_object (json_node_alloc (), extra);
  return json_to_string (node, FALSE);
}

/* One live programme at a time: of two live versions made in two places, the later one
 * (then the greater id) stays live on every side. The older local one is retired by a new
 * revision, which replicates; an older incoming one is refused here until that comes. */
static gboolean
yield_live_programme (McSyncLocal  *local,
                      const char   *row_id,
                      JsonObject   *body,
                      GError      **error)
{
  JsonNode *status = json_object_get_member (body, "status");
  JsonNode *created = json_object_get_member (body, "created_at");
  sqlite3_stmt *stmt;
  g_autofree char *other = NULL;
  g_autofree char *rev = NULL;
  gint64 other_created = 0, incoming_created;
  int rc;

  if (status == NULL || json_node_get_value_type (status) != G_TYPE_STRING ||
      !g_str_equal (json_node_get_string (status), "live"))
    return TRUE;
  incoming_created = created != NULL && json_node_get_value_type (created) == G_TYPE_INT64
                     ? json_node_get_int (created) : 0;
  stmt = mc_db_prepare (local->db,
    "SELECT id, created_at, rev FROM programme_version WHERE status = 'live' AND deleted = 0 AND id != ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      other = g_strdup (mc_db_column_text (stmt, 0));
      other_created = sqlite3_column_int64 (stmt, 1);
      rev = g_strdup (mc_db_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? TRUE : mc_db_set_error (local->db, error);
  if (other_created > incoming_created || (other_created == incoming_created && strcmp (other, row_id) > 0))
    return TRUE;   /* the constraint refuses the incoming one */
  {
    g_autofree char *new_rev = mc_db_new_rev (rev);

    stmt = mc_db_prepare (local->db,
      "UPDATE programme_version SET status = 'retired', rev = ?2, seq = ?3 WHERE id = ?1", error);
    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, other, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, new_rev, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64 (stmt, 3, mc_db_next_seq (local->db));
    return mc_db_step_done (local->db, stmt, error);
  }
}

/* Card numbers are made per workspace, so two stores can give the same one to two people.
 * The member who joined first (then the smaller id) keeps it on every side: a later local
 * member takes a new number, by a new revision that replicates; a later incoming member is
 * refused here until its own workspace has done the same. */
static gboolean
yield_member_card (McSyncLocal  *local,
                   const char   *row_id,
                   JsonObject   *body,
                   GError      **error)
{
  JsonNode *card = json_object_get_member (body, "card_no");
  JsonNode *joined = json_object_get_member (body, "joined_at");
  g_autofree char *other = NULL;
  g_autofree char *rev = NULL;
  gint64 other_joined = 0, incoming_joined;
  sqlite3_stmt *stmt;
  int rc;

  if (card == NULL || json_node_get_value_type (card) != G_TYPE_STRING)
    return TRUE;
  incoming_joined = joined != NULL && json_node_get_value_type (joined) == G_TYPE_INT64
                    ? json_node_get_int (joined) : 0;
  stmt = mc_db_prepare (local->db,
    "SELECT id, joined_at, rev FROM member WHERE card_no = ? AND deleted = 0 AND id != ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, json_node_get_string (card), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, row_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      other = g_strdup (mc_db_column_text (stmt, 0));
      other_joined = sqlite3_column_int64 (stmt, 1);
      rev = g_strdup (mc_db_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? TRUE : mc_db_set_error (local->db, error);
  if (other_joined < incoming_joined || (other_joined == incoming_joined && strcmp (other, row_id) < 0))
    return TRUE;   /* the constraint refuses the incoming one */

  for (;;)
    {
      g_autofree char *number = mc_member_next_card_no (local->db, error);
      g_autofree char *new_rev = NULL;
      gboolean taken;

      if (number == NULL)
        return FALSE;
      stmt = mc_db_prepare (local->db, "SELECT count (*) FROM member WHERE card_no = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
      taken = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) > 0;
      sqlite3_reset (stmt);
      if (taken || g_str_equal (number, json_node_get_string (card)))
        continue;
      new_rev = mc_db_new_rev (rev);
      stmt = mc_db_prepare (local->db,
        "UPDATE member SET card_no = ?2, rev = ?3, seq = ?4, updated_at = ?5 WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, other, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, new_rev, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 4, mc_db_next_seq (local->db));
      sqlite3_bind_int64 (stmt, 5, mc_db_now ());
      return mc_db_step_done (local->db, stmt, error);
    }
}

gboolean
mc_sync_local_write_row (McSyncLocal       *local,
                         const McSyncType  *type,
                         const char        *row_id,
                         const char        *rev,
                         gboolean           deleted,
                         JsonObject        *body,
                         char             **extra,
                         GError           **error)
{
  GPtrArray *columns = get_columns (local, type->table, error);
  g_autoptr(GString) names = NULL;
  g_autoptr(GString) values = NULL;
  g_autoptr(GString) updates = NULL;
  g_autoptr(GPtrArray) bound = g_ptr_array_new ();
  gboolean is_member = g_str_equal (type->table, "member");
  g_autofree char *old_name = NULL, *old_phone = NULL, *new_name = NULL, *new_phone = NULL;
  gint64 old_rowid = 0, new_rowid = 0;
  sqlite3_stmt *stmt;
  int index = 5;
  guint present = 0;

  *extra = NULL;
  if (columns == NULL)
    return FALSE;
  names = g_string_new ("id, rev, deleted, seq");
  values = g_string_new ("?1, ?2, ?3, ?4");
  updates = g_string_new ("rev = excluded.rev, deleted = excluded.deleted");
  if (!type->immutable)
    g_string_append (updates, ", seq = excluded.seq");
  for (guint i = 0; i < columns->len; i++)
    {
      Column *c = columns->pdata[i];
      JsonNode *node = json_object_get_member (body, c->name);

      if (node != NULL)
        present++;
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          if (c->has_default)
            continue;   /* the default on insert, unchanged on update */
          if (c->required && g_str_equal (c->name, "updated_at"))
            node = NULL;   /* bound below as now */
          else if (c->required && !deleted)
            {
              g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                           /* TRANSLATORS: %s is the name of a field of a replicated document */
                           _("The field “%s” is missing."), c->name);
              return FALSE;
            }
          else if (c->required)
            continue;   /* a tombstone: the row keeps what it had */
        }
      g_string_append_printf (names, ", %s", c->name);
      g_string_append_printf (values, ", ?%d", index++);
      g_string_append_printf (updates, ", %s = excluded.%s", c->name, c->name);
      g_ptr_array_add (bound, c);
    }

  if (is_member && !member_search_terms (local, row_id, &old_rowid, &old_name, &old_phone, error))
    return FALSE;
  if (deleted && present == 0)
    {
      /* A tombstone without fields: only an existing row can take it. */
      g_autofree char *sql = g_strdup_printf (
        "UPDATE %s SET rev = ?2, deleted = 1%s WHERE id = ?1", type->table,
        type->immutable ? "" : ", seq = ?3");

      stmt = mc_db_prepare (local->db, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_TRANSIENT);
      if (!type->immutable)
        sqlite3_bind_int64 (stmt, 3, mc_db_next_seq (local->db));
      return mc_db_step_done (local->db, stmt, error);
    }

  if (is_member && !deleted && !yield_member_card (local, row_id, body, error))
    return FALSE;
  if (g_str_equal (type->table, "programme_version") && !deleted &&
      !yield_live_programme (local, row_id, body, error))
    return FALSE;
  {
    g_autofree char *sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES (%s) ON CONFLICT (id) DO UPDATE SET %s",
                                            type->table, names->str, values->str, updates->str);

    stmt = mc_db_prepare (local->db, sql, error);
  }
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, deleted ? 1 : 0);
  sqlite3_bind_int64 (stmt, 4, mc_db_next_seq (local->db));
  for (guint i = 0; i < bound->len; i++)
    {
      Column *c = bound->pdata[i];
      JsonNode *node = json_object_get_member (body, c->name);

      if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && g_str_equal (c->name, "updated_at"))
        sqlite3_bind_int64 (stmt, (int) i + 5, mc_db_now ());
      else if (!bind_field (stmt, (int) i + 5, c, node, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  if (!mc_db_step_done (local->db, stmt, error))
    return FALSE;

  if (is_member)
    {
      if (!member_search_terms (local, row_id, &new_rowid, &new_name, &new_phone, error))
        return FALSE;
      if (old_rowid != 0 && !mc_search_unindex (local->db, old_rowid, old_name, old_phone, error))
        return FALSE;
      if (!mc_search_index (local->db, new_rowid, new_name, new_phone, error))
        return FALSE;
      mc_sync_local_touch_member (local, row_id);
      if (new_rowid != 0)
        {
          JsonNode *card = json_object_get_member (body, "card_no");
          const char *text = card != NULL && json_node_get_value_type (card) == G_TYPE_STRING
                             ? json_node_get_string (card) : "";

          if (g_str_has_prefix (text, "MC") && text[2] != '\0' && strspn (text + 2, "0123456789") == strlen (text + 2))
            local->max_card = MAX (local->max_card, g_ascii_strtoll (text + 2, NULL, 10));
        }
    }
  else
    {
      JsonNode *member = json_object_get_member (body, "member_id");

      if (member != NULL && json_node_get_value_type (member) == G_TYPE_STRING &&
          (g_str_equal (type->table, "orders") || g_str_equal (type->table, "points_ledger") ||
           g_str_equal (type->table, "growth_ledger") || g_str_equal (type->table, "member_event")))
        mc_sync_local_touch_member (local, json_node_get_string (member));
    }
  *extra = extra_fields (columns, body);
  return TRUE;
}

void
mc_sync_local_touch_member (McSyncLocal *local,
                            const char  *member_id)
{
  g_hash_table_add (local->touched, g_strdup (member_id));
}

gboolean
mc_sync_local_recompute (McSyncLocal  *local,
                         GError      **error)
{
  GHashTableIter iter;
  gpointer key;
  /* The same totals the core keeps as it goes (mc-order.c, mc-ledger.c), from scratch:
   * replicated ledger entries and orders arrive in any order and any number of times. */
  sqlite3_stmt *stmt = mc_db_prepare (local->db,
    "UPDATE member SET "
    "points_balance = max (0, coalesce ((SELECT sum (delta) FROM points_ledger "
    "    WHERE member_id = ?1 AND deleted = 0), 0)), "
    "growth = coalesce ((SELECT sum (delta) FROM growth_ledger WHERE member_id = ?1 AND deleted = 0), 0), "
    "spend_fen = coalesce ((SELECT sum (amount_fen) FROM orders WHERE member_id = ?1 AND deleted = 0), 0), "
    "orders_count = (SELECT count (*) FROM orders WHERE member_id = ?1 AND deleted = 0 AND refund_of IS NULL), "
    "last_visit_at = (SELECT max (at) FROM ("
    "    SELECT at FROM orders WHERE member_id = ?1 AND deleted = 0 AND refund_of IS NULL "
    "    UNION ALL SELECT at FROM member_event WHERE member_id = ?1 AND deleted = 0 "
    "      AND (kind = 'visit' OR kind = 'checkin' OR kind = 'login'))) "
    "WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, local->touched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if (!mc_db_step_done (local->db, stmt, error))
        return FALSE;
    }
  g_hash_table_remove_all (local->touched);

  /* The workspace's next card number passes those that came in. */
  if (local->max_card > 0)
    {
      g_autofree char *value = NULL;

      if (!mc_db_get_meta (local->db, "next_card_no", &value, error))
        return FALSE;
      if (value != NULL && g_ascii_strtoll (value, NULL, 10) <= local->max_card)
        {
          g_autofree char *next = g_strdup_printf ("%" G_GINT64_FORMAT, local->max_card + 1);

          if (!mc_db_set_meta (local->db, "next_card_no", next, error))
            return FALSE;
        }
      local->max_card = 0;
    }
  return TRUE;
}

gboolean
mc_sync_local_record_refusal (McSyncLocal  *local,
                              const char   *doc_id,
                              const char   *rev,
                              const char   *what,
                              const char   *reason,
                              GError      **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (local->db,
    "INSERT INTO sync_rejected (doc_id, rev, error, reason, at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (doc_id, rev) DO UPDATE SET error = excluded.error, reason = excluded.reason, "
    "at = excluded.at", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, doc_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, what, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, reason, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, mc_db_now ());
  return mc_db_step_done (local->db, stmt, error);
}

char *
mc_sync_object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}
