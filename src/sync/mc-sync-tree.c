/* mc-sync-tree.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The revision tree of each replicated document, kept as its leaves (sync_leaf), each with
 * its path of revision hashes back towards the root. The winning leaf lives in the domain
 * row (its body is NULL here); the losing leaves of a conflict, tombstones, and documents
 * this version cannot store in a row keep their JSON body. A local edit (the core gives the
 * row a new "N+1-hash" rev) becomes a child of the leaf the row held.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-error.h"
#include "mc-sync-local.h"
#include "mc-sync-tree-private.h"

#define MAX_PATH 1000

void
mc_sync_leaf_free (McSyncLeaf *leaf)
{
  if (leaf == NULL)
    return;
  g_free (leaf->rev);
  g_strfreev (leaf->path);
  g_free (leaf->body);
  g_free (leaf->extra);
  g_free (leaf);
}

static char *
path_to_json (const char * const *path)
{
  g_autoptr(GString) out = g_string_new ("[");

  for (guint i = 0; path[i] != NULL; i++)
    g_string_append_printf (out, "%s\"%s\"", i > 0 ? "," : "", path[i]);
  g_string_append_c (out, ']');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static GStrv
path_from_json (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *s = json_array_get_string_element (array, i);

          if (s != NULL)
            g_strv_builder_add (builder, s);
        }
    }
  return g_strv_builder_end (builder);
}

static const char *
leaf_hash (const McSyncLeaf *leaf)
{
  return leaf->path[0] != NULL ? leaf->path[0] : "";
}

gboolean
mc_sync_tree_save_leaf (McSyncLocal  *local,
                        const char   *doc_id,
                        McSyncLeaf   *leaf,
                        GError      **error)
{
  McDb *db = mc_sync_local_get_db (local);
  g_autofree char *path = path_to_json ((const char * const *) leaf->path);
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "INSERT INTO sync_leaf (doc_id, rev, deleted, path, body, extra, seq) VALUES (?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (doc_id, rev) DO UPDATE SET deleted = excluded.deleted, path = excluded.path, "
    "body = excluded.body, extra = excluded.extra, seq = excluded.seq", error);

  if (stmt == NULL)
    return FALSE;
  leaf->seq = mc_db_next_seq (db);
  sqlite3_bind_text (stmt, 1, doc_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, leaf->rev, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, leaf->deleted ? 1 : 0);
  sqlite3_bind_text (stmt, 4, path, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, leaf->body, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, leaf->extra, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, leaf->seq);
  return mc_db_step_done (db, stmt, error);
}

gboolean
mc_sync_tree_drop_leaf (McSyncLocal  *local,
                        const char   *doc_id,
                        GPtrArray    *leaves,
                        guint         index,
                        GError      **error)
{
  McDb *db = mc_sync_local_get_db (local);
  McSyncLeaf *leaf = leaves->pdata[index];
  sqlite3_stmt *stmt = mc_db_prepare (db, "DELETE FROM sync_leaf WHERE doc_id = ? AND rev = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, doc_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, leaf->rev, -1, SQLITE_TRANSIENT);
  if (!mc_db_step_done (db, stmt, error))
    return FALSE;
  g_ptr_array_remove_index (leaves, index);
  return TRUE;
}

static GPtrArray *
load_leaves (McSyncLocal  *local,
             const char   *doc_id,
             GError      **error)
{
  McDb *db = mc_sync_local_get_db (local);
  g_autoptr(GPtrArray) leaves = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sync_leaf_free);
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT rev, deleted, path, body, extra, seq FROM sync_leaf WHERE doc_id = ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, doc_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McSyncLeaf *leaf = g_new0 (McSyncLeaf, 1);

      leaf->rev = g_strdup (mc_db_column_text (stmt, 0));
      mc_sync_rev_parse (leaf->rev, &leaf->gen, NULL);
      leaf->deleted = sqlite3_column_int (stmt, 1) != 0;
      leaf->path = path_from_json (mc_db_column_text (stmt, 2));
      leaf->body = g_strdup (mc_db_column_text (stmt, 3));
      leaf->extra = g_strdup (mc_db_column_text (stmt, 4));
      leaf->seq = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (leaves, leaf);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&leaves);
}

int
mc_sync_tree_row_leaf (GPtrArray *leaves)
{
  for (guint i = 0; i < leaves->len; i++)
    if (((McSyncLeaf *) leaves->pdata[i])->body == NULL)
      return (int) i;
  return -1;
}

/* A new leaf rev, child of parent (or a new root), with filler hashes for skipped generations. */
GStrv
mc_sync_tree_child_path (const char       *doc_id,
                         const char       *rev,
                         const McSyncLeaf *parent)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  guint64 gen = 0, stop = 0;
  const char *hash = "";
  guint n = 1;

  mc_sync_rev_parse (rev, &gen, &hash);
  g_strv_builder_add (builder, hash);
  if (parent != NULL && parent->gen < gen)
    stop = parent->gen;
  for (guint64 g = gen - 1; g > stop && n < MAX_PATH; g--, n++)
    {
      g_autofree char *filler = mc_sync_rev_filler (doc_id, rev, g);

      g_strv_builder_add (builder, filler);
    }
  if (stop > 0)
    for (guint i = 0; parent->path[i] != NULL && n < MAX_PATH; i++, n++)
      g_strv_builder_add (builder, parent->path[i]);
  return g_strv_builder_end (builder);
}

GPtrArray *
mc_sync_tree_leaves (McSyncLocal  *local,
                     const char   *doc_id,
                     GError      **error)
{
  g_autoptr(GPtrArray) leaves = load_leaves (local, doc_id, error);
  const char *row_id = NULL;
  const McSyncType *type = mc_sync_type_for_doc_id (doc_id, &row_id);
  g_autofree char *rev = NULL;
  gboolean deleted = FALSE;
  McSyncLeaf *leaf;
  int row_leaf;

  if (leaves == NULL)
    return NULL;
  if (type == NULL)
    return g_steal_pointer (&leaves);
  if (!mc_sync_local_row_rev (local, type, row_id, &rev, &deleted, error))
    {
      if (error != NULL && *error != NULL)
        return NULL;
      return g_steal_pointer (&leaves);
    }
  for (guint i = 0; i < leaves->len; i++)
    {
      leaf = leaves->pdata[i];
      if (g_str_equal (leaf->rev, rev))
        {
          if (leaf->body != NULL || leaf->deleted != deleted)
            {
              /* The row holds this revision: its body is the row's. */
              int other = leaf->body != NULL ? mc_sync_tree_row_leaf (leaves) : -1;

              if (other >= 0 && !mc_sync_tree_drop_leaf (local, doc_id, leaves, (guint) other, error))
                return NULL;
              g_clear_pointer (&leaf->body, g_free);
              leaf->deleted = deleted;
              if (!mc_sync_tree_save_leaf (local, doc_id, leaf, error))
                return NULL;
            }
          return g_steal_pointer (&leaves);
        }
    }

  /* Edited here since the last sync: the new revision replaces the leaf it was made from. */
  row_leaf = mc_sync_tree_row_leaf (leaves);
  leaf = g_new0 (McSyncLeaf, 1);
  leaf->rev = g_strdup (rev);
  mc_sync_rev_parse (rev, &leaf->gen, NULL);
  leaf->deleted = deleted;
  leaf->path = mc_sync_tree_child_path (doc_id, rev, row_leaf >= 0 ? leaves->pdata[row_leaf] : NULL);
  if (row_leaf >= 0)
    {
      leaf->extra = g_strdup (((McSyncLeaf *) leaves->pdata[row_leaf])->extra);
      if (!mc_sync_tree_drop_leaf (local, doc_id, leaves, (guint) row_leaf, error))
        {
          mc_sync_leaf_free (leaf);
          return NULL;
        }
    }
  g_ptr_array_add (leaves, leaf);
  if (!mc_sync_tree_save_leaf (local, doc_id, leaf, error))
    return NULL;
  return g_steal_pointer (&leaves);
}

int
mc_sync_tree_winner (GPtrArray *leaves)
{
  int best = -1;

  for (guint i = 0; i < leaves->len; i++)
    {
      McSyncLeaf *leaf = leaves->pdata[i];

      if (best < 0)
        best = (int) i;
      else
        {
          McSyncLeaf *b = leaves->pdata[best];

          if (mc_sync_rev_compare (leaf->rev, leaf->deleted, b->rev, b->deleted) > 0)
            best = (int) i;
        }
    }
  return best;
}

JsonObject *
mc_sync_tree_leaf_body (McSyncLocal  *local,
                        const char   *doc_id,
                        McSyncLeaf   *leaf,
                        GError      **error)
{
  const char *row_id = NULL;
  const McSyncType *type = mc_sync_type_for_doc_id (doc_id, &row_id);
  JsonObject *body;

  if (leaf->body == NULL && type != NULL)
    {
      body = mc_sync_local_read_row (local, type, row_id, leaf->extra, error);
      if (body == NULL && (error == NULL || *error == NULL))
        body = json_object_new ();
      return body;
    }
  {
    g_autoptr(JsonNode) node = json_from_string (leaf->body != NULL ? leaf->body : "{}", NULL);

    if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
      return json_object_new ();
    return json_object_ref (json_node_get_object (node));
  }
}

static gboolean
forget_local_refusals (McSyncLocal  *local,
                       const char   *doc_id,
                       GError      **error)
{
  McDb *db = mc_sync_local_get_db (local);
  sqlite3_stmt *stmt = mc_db_prepare (db, "DELETE FROM sync_rejected WHERE doc_id = ? AND error = 'local'", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, doc_id, -1, SQLITE_TRANSIENT);
  return mc_db_step_done (db, stmt, error);
}

gboolean
mc_sync_tree_settle (McSyncLocal  *local,
                     const char   *doc_id,
                     GPtrArray    *leaves,
                     gboolean      strict,
                     GError      **error)
{
  McDb *db = mc_sync_local_get_db (local);
  const char *row_id = NULL;
  const McSyncType *type = mc_sync_type_for_doc_id (doc_id, &row_id);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *row_rev = NULL;
  g_autofree char *extra = NULL;
  gboolean row_deleted = FALSE, has_row;
  int w = mc_sync_tree_winner (leaves);
  int r = mc_sync_tree_row_leaf (leaves);
  McSyncLeaf *winner;

  if (w < 0 || type == NULL || ((McSyncLeaf *) leaves->pdata[w])->body == NULL)
    return TRUE;
  winner = leaves->pdata[w];
  has_row = mc_sync_local_row_rev (local, type, row_id, &row_rev, &row_deleted, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!has_row && winner->deleted)
    return TRUE;   /* a document deleted before this workspace ever had it */
  node = json_from_string (winner->body, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return TRUE;

  if (!mc_db_exec (db, "SAVEPOINT settle", error))
    return FALSE;
  if (r >= 0)
    {
      /* The row's revision loses: it keeps its body here. */
      McSyncLeaf *row_leaf = leaves->pdata[r];
      g_autoptr(JsonObject) body = mc_sync_local_read_row (local, type, row_id, row_leaf->extra, &local_error);

      if (body != NULL)
        {
          row_leaf->body = mc_sync_object_to_text (body);
          g_clear_pointer (&row_leaf->extra, g_free);
          mc_sync_tree_save_leaf (local, doc_id, row_leaf, &local_error);
        }
    }
  if (local_error == NULL &&
      mc_sync_local_write_row (local, type, row_id, winner->rev, winner->deleted,
                               json_node_get_object (node), &extra, &local_error))
    {
      g_autofree char *body = g_steal_pointer (&winner->body);

      winner->extra = g_steal_pointer (&extra);
      if (mc_sync_tree_save_leaf (local, doc_id, winner, &local_error) &&
          forget_local_refusals (local, doc_id, &local_error))
        return mc_db_exec (db, "RELEASE settle", error);
      winner->body = g_steal_pointer (&body);
    }

  /* It does not fit this workspace (a rule of the table): the row keeps what it had, the
   * revision is kept here and passed on, and the refusal is recorded on the record. */
  mc_db_exec (db, "ROLLBACK TO settle", NULL);
  mc_db_exec (db, "RELEASE settle", NULL);
  if (r >= 0)
    {
      McSyncLeaf *row_leaf = leaves->pdata[r];

      g_clear_pointer (&row_leaf->body, g_free);
    }
  if (strict)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_debug ("%s %s not applied: %s", doc_id, winner->rev, local_error->message);
  return mc_sync_local_record_refusal (local, doc_id, winner->rev, "local", local_error->message, error);
}

gboolean
mc_sync_tree_add (McSyncLocal  *local,
                  McSyncDoc    *doc,
                  gboolean     *added,
                  GError      **error)
{
  g_autoptr(GPtrArray) leaves = mc_sync_tree_leaves (local, doc->id, error);
  guint n_path = g_strv_length (doc->path);
  McSyncLeaf *leaf;

  *added = FALSE;
  if (leaves == NULL)
    return FALSE;
  for (guint i = 0; i < leaves->len; i++)
    {
      McSyncLeaf *l = leaves->pdata[i];

      if (g_str_equal (l->rev, doc->rev))
        return TRUE;
      if (l->gen > doc->gen && l->gen - doc->gen < g_strv_length (l->path) &&
          g_str_equal (l->path[l->gen - doc->gen], doc->path[0]))
        return TRUE;   /* an ancestor of what we have */
    }
  /* The leaves it descends from are leaves no more. */
  for (guint i = leaves->len; i > 0; i--)
    {
      McSyncLeaf *l = leaves->pdata[i - 1];

      if (l->gen < doc->gen && doc->gen - l->gen < n_path &&
          g_str_equal (doc->path[doc->gen - l->gen], leaf_hash (l)))
        {
          if (!mc_sync_tree_drop_leaf (local, doc->id, leaves, i - 1, error))
            return FALSE;
        }
    }
  leaf = g_new0 (McSyncLeaf, 1);
  leaf->rev = g_strdup (doc->rev);
  leaf->gen = doc->gen;
  leaf->deleted = doc->deleted;
  leaf->path = g_strdupv (doc->path);
  leaf->body = mc_sync_object_to_text (doc->body);
  g_ptr_array_add (leaves, leaf);
  if (!mc_sync_tree_save_leaf (local, doc->id, leaf, error))
    return FALSE;
  *added = TRUE;
  return mc_sync_tree_settle (local, doc->id, leaves, FALSE, error);
}

GPtrArray *
mc_sync_tree_changes (McSyncLocal  *local,
                      gint64        since,
                      guint         limit,
                      gint64       *last_seq,
                      GError      **error)
{
  McDb *db = mc_sync_local_get_db (local);
  g_autoptr(GString) sql = g_string_new ("SELECT seq, doc FROM (");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const McSyncType *types;
  sqlite3_stmt *stmt;
  guint n_types;
  int rc;

  types = mc_sync_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    g_string_append_printf (sql,
      "SELECT * FROM (SELECT seq, '%s:' || id AS doc FROM %s WHERE seq > ?1 ORDER BY seq LIMIT ?2) UNION ALL ",
      types[i].type, types[i].table);
  g_string_append (sql,
    "SELECT * FROM (SELECT seq, doc_id AS doc FROM sync_leaf WHERE seq > ?1 ORDER BY seq LIMIT ?2)"
    ") ORDER BY seq LIMIT ?2");
  stmt = mc_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since);
  sqlite3_bind_int64 (stmt, 2, limit);
  *last_seq = since;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *doc = mc_db_column_text (stmt, 1);

      *last_seq = sqlite3_column_int64 (stmt, 0);
      if (!g_hash_table_contains (seen, doc))
        {
          char *copy = g_strdup (doc);

          g_ptr_array_add (ids, copy);
          g_hash_table_add (seen, copy);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
