/* mc-sync-conflicts.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Listing and resolving conflicts, the way CouchDB's documentation describes it: the
 * resolution is a new revision on the winning branch, and the other branches end in a
 * deleted revision, so every replica sees one live leaf again.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-error.h"
#include "mc-sync-conflicts.h"
#include "mc-sync-local.h"
#include "mc-sync-tree-private.h"

void
mc_sync_conflict_free (McSyncConflict *conflict)
{
  if (conflict == NULL)
    return;
  g_free (conflict->doc_id);
  g_free (conflict->winner);
  g_strfreev (conflict->revs);
  g_free (conflict);
}

static int
compare_live (gconstpointer a,
              gconstpointer b)
{
  const McSyncLeaf *x = *(McSyncLeaf * const *) a;
  const McSyncLeaf *y = *(McSyncLeaf * const *) b;

  return -mc_sync_rev_compare (x->rev, x->deleted, y->rev, y->deleted);
}

GPtrArray *
mc_sync_conflicts_list (McDb    *db,
                        GError **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sync_conflict_free);
  McSyncLocal *local;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  stmt = mc_db_prepare (db,
    "SELECT doc_id FROM sync_leaf WHERE deleted = 0 GROUP BY doc_id HAVING count (*) > 1 "
    "ORDER BY doc_id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup (mc_db_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }

  /* Reading the leaves takes local edits into the tree: a write. */
  if (!mc_db_begin (db, error))
    return NULL;
  local = mc_sync_local_new (db);
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(GPtrArray) leaves = mc_sync_tree_leaves (local, ids->pdata[i], error);
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      McSyncConflict *conflict;

      if (leaves == NULL)
        {
          mc_sync_local_free (local);
          mc_db_rollback (db);
          return NULL;
        }
      g_ptr_array_sort (leaves, compare_live);
      for (guint j = 0; j < leaves->len; j++)
        if (!((McSyncLeaf *) leaves->pdata[j])->deleted)
          g_strv_builder_add (builder, ((McSyncLeaf *) leaves->pdata[j])->rev);
      conflict = g_new0 (McSyncConflict, 1);
      conflict->doc_id = g_strdup (ids->pdata[i]);
      conflict->revs = g_strv_builder_end (builder);
      if (g_strv_length (conflict->revs) < 2)
        {
          mc_sync_conflict_free (conflict);
          continue;
        }
      conflict->winner = g_strdup (conflict->revs[0]);
      g_ptr_array_add (result, conflict);
    }
  mc_sync_local_free (local);
  if (!mc_db_commit (db, error))
    return NULL;
  return g_steal_pointer (&result);
}

static int
find_leaf (GPtrArray  *leaves,
           const char *rev)
{
  for (guint i = 0; i < leaves->len; i++)
    if (g_str_equal (((McSyncLeaf *) leaves->pdata[i])->rev, rev))
      return (int) i;
  return -1;
}

static gboolean
no_such_rev (GError     **error,
             const char  *doc_id,
             const char  *rev)
{
  g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
               _("The record %s has no revision %s among its current versions."), doc_id, rev);
  return FALSE;
}

JsonObject *
mc_sync_conflict_get_body (McDb        *db,
                           const char  *doc_id,
                           const char  *rev,
                           GError     **error)
{
  McSyncLocal *local;
  g_autoptr(GPtrArray) leaves = NULL;
  JsonObject *body = NULL;
  int i;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  if (!mc_db_begin (db, error))
    return NULL;
  local = mc_sync_local_new (db);
  leaves = mc_sync_tree_leaves (local, doc_id, error);
  if (leaves != NULL)
    {
      i = find_leaf (leaves, rev);
      if (i < 0)
        no_such_rev (error, doc_id, rev);
      else
        body = mc_sync_tree_leaf_body (local, doc_id, leaves->pdata[i], error);
    }
  mc_sync_local_free (local);
  if (body == NULL || !mc_db_commit (db, error))
    {
      mc_db_rollback (db);
      g_clear_pointer (&body, json_object_unref);
    }
  return body;
}

static gboolean
resolve (McSyncLocal  *local,
         const char   *doc_id,
         const char   *rev,
         JsonObject   *merged,
         char        **new_rev,
         GError      **error)
{
  g_autoptr(GPtrArray) leaves = mc_sync_tree_leaves (local, doc_id, error);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(McSyncLeaf) winner = NULL;
  McSyncLeaf *leaf;
  guint n_live = 0;
  int w;

  if (leaves == NULL)
    return FALSE;
  for (guint i = 0; i < leaves->len; i++)
    if (!((McSyncLeaf *) leaves->pdata[i])->deleted)
      n_live++;
  if (n_live < 2)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("The record %s is not in conflict."), doc_id);
      return FALSE;
    }
  if (merged != NULL)
    {
      JsonNode *type = json_object_get_member (merged, "type");
      g_autofree char *prefix = NULL;

      if (type == NULL || json_node_get_value_type (type) != G_TYPE_STRING ||
          !g_str_has_prefix (doc_id, (prefix = g_strdup_printf ("%s:", json_node_get_string (type)))))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("The merged version must be a JSON object with the record’s “type”."));
          return FALSE;
        }
      body = json_object_ref (merged);
    }
  else
    {
      int i = find_leaf (leaves, rev);

      if (i < 0 || ((McSyncLeaf *) leaves->pdata[i])->deleted)
        return no_such_rev (error, doc_id, rev);
      body = mc_sync_tree_leaf_body (local, doc_id, leaves->pdata[i], error);
      if (body == NULL)
        return FALSE;
    }

  /* The resolution: a child of the winner. */
  w = mc_sync_tree_winner (leaves);
  winner = g_ptr_array_steal_index (leaves, (guint) w);
  leaf = g_new0 (McSyncLeaf, 1);
  leaf->rev = mc_db_new_rev (winner->rev);
  mc_sync_rev_parse (leaf->rev, &leaf->gen, NULL);
  leaf->path = mc_sync_tree_child_path (doc_id, leaf->rev, winner);
  leaf->body = mc_sync_object_to_text (body);
  g_ptr_array_add (leaves, leaf);
  {
    McDb *db = mc_sync_local_get_db (local);
    sqlite3_stmt *stmt = mc_db_prepare (db, "DELETE FROM sync_leaf WHERE doc_id = ? AND rev = ?", error);

    if (stmt == NULL)
      return FALSE;
    sqlite3_bind_text (stmt, 1, doc_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, winner->rev, -1, SQLITE_TRANSIENT);
    if (!mc_db_step_done (db, stmt, error))
      return FALSE;
  }
  if (!mc_sync_tree_save_leaf (local, doc_id, leaf, error))
    return FALSE;

  /* Every other live branch ends in a deleted revision. */
  for (guint i = leaves->len; i > 0; i--)
    {
      McSyncLeaf *other = leaves->pdata[i - 1];
      McSyncLeaf *tomb;

      if (other == leaf || other->deleted)
        continue;
      tomb = g_new0 (McSyncLeaf, 1);
      tomb->rev = mc_db_new_rev (other->rev);
      mc_sync_rev_parse (tomb->rev, &tomb->gen, NULL);
      tomb->deleted = TRUE;
      tomb->path = mc_sync_tree_child_path (doc_id, tomb->rev, other);
      tomb->body = g_strdup ("{}");
      if (!mc_sync_tree_drop_leaf (local, doc_id, leaves, i - 1, error))
        {
          mc_sync_leaf_free (tomb);
          return FALSE;
        }
      g_ptr_array_add (leaves, tomb);
      if (!mc_sync_tree_save_leaf (local, doc_id, tomb, error))
        return FALSE;
    }
  if (!mc_sync_tree_settle (local, doc_id, leaves, TRUE, error))
    return FALSE;
  *new_rev = g_strdup (leaf->rev);
  return TRUE;
}

gboolean
mc_sync_conflict_resolve (McDb        *db,
                          const char  *doc_id,
                          const char  *rev,
                          JsonObject  *merged,
                          char       **new_rev,
                          GError     **error)
{
  McSyncLocal *local;
  gboolean ok;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (doc_id != NULL && (rev != NULL || merged != NULL), FALSE);

  if (!mc_db_begin (db, error))
    return FALSE;
  local = mc_sync_local_new (db);
  ok = resolve (local, doc_id, rev, merged, new_rev, error);
  if (ok)
    ok = mc_sync_local_recompute (local, error);
  mc_sync_local_free (local);
  if (!ok)
    {
      mc_db_rollback (db);
      return FALSE;
    }
  return mc_db_commit (db, error);
}

void
mc_sync_refusal_free (McSyncRefusal *refusal)
{
  if (refusal == NULL)
    return;
  g_free (refusal->doc_id);
  g_free (refusal->rev);
  g_free (refusal->error);
  g_free (refusal->reason);
  g_free (refusal);
}

GPtrArray *
mc_sync_refusals_list (McDb    *db,
                       GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sync_refusal_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  stmt = mc_db_prepare (db, "SELECT doc_id, rev, error, reason, at FROM sync_rejected ORDER BY at, doc_id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McSyncRefusal *r = g_new0 (McSyncRefusal, 1);

      r->doc_id = g_strdup (mc_db_column_text (stmt, 0));
      r->rev = g_strdup (mc_db_column_text (stmt, 1));
      r->error = g_strdup (mc_db_column_text (stmt, 2));
      r->reason = g_strdup (mc_db_column_text (stmt, 3));
      r->at = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (list, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}
