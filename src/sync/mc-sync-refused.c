/* mc-sync-refused.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the refusals the replicator recorded in sync_rejected.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include "mc-sync-refused.h"

void
mc_sync_refused_free (McSyncRefused *refused)
{
  if (refused == NULL)
    return;
  g_free (refused->doc_id);
  g_free (refused->rev);
  g_free (refused->error);
  g_free (refused->reason);
  g_free (refused);
}

GPtrArray *
mc_sync_refused_list (McDb    *db,
                      guint    limit,
                      GError **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sync_refused_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  stmt = mc_db_prepare (db,
    "SELECT doc_id, rev, error, reason, at FROM sync_rejected WHERE error <> 'local' "
    "ORDER BY at DESC, doc_id LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McSyncRefused *r = g_new0 (McSyncRefused, 1);

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

gboolean
mc_sync_refused_is_permission (const McSyncRefused *refused)
{
  g_return_val_if_fail (refused != NULL, FALSE);
  return g_strcmp0 (refused->error, "forbidden") == 0 || g_strcmp0 (refused->error, "unauthorized") == 0;
}
