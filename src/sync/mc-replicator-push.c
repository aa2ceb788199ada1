/* mc-replicator-push.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Push: the workspace's changes since the checkpoint (its change sequence) in batches, every
 * leaf of each changed record offered to the server's _revs_diff, what it lacks sent with
 * _bulk_docs and new_edits:false (with _revisions, so the server grafts it onto the same
 * tree), then the checkpoint on the server and here. A revision the server refuses (a 403
 * from validate_doc_update) is recorded on the record in sync_rejected.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-error.h"
#include "mc-replicator-private.h"

typedef struct
{
  JsonObject *offer;   /* {id: [revs]} for _revs_diff */
  GHashTable *docs;    /* "id\nrev" -> JsonObject, the document as _bulk_docs takes it */
  gint64      last_seq;
  guint       n_ids;
} Batch;

static void
batch_clear (Batch *batch)
{
  g_clear_pointer (&batch->offer, json_object_unref);
  g_clear_pointer (&batch->docs, g_hash_table_destroy);
}

/* Reads the batch's records and their leaves in one transaction (taking local edits into
 * the tree). FALSE with nothing in the batch: no more changes. */
static gboolean
read_batch (McSyncRun  *run,
            gint64      since,
            Batch      *batch,
            GError    **error)
{
  g_autoptr(GPtrArray) ids = NULL;

  batch->offer = json_object_new ();
  batch->docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  if (!mc_db_begin (run->db, error))
    return FALSE;
  ids = mc_sync_tree_changes (run->local, since, run->batch_size, &batch->last_seq, error);
  if (ids == NULL)
    goto fail;
  batch->n_ids = ids->len;
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = ids->pdata[i];
      g_autoptr(GPtrArray) leaves = mc_sync_tree_leaves (run->local, id, error);
      JsonArray *revs;

      if (leaves == NULL)
        goto fail;
      revs = json_array_new ();
      for (guint j = 0; j < leaves->len; j++)
        {
          McSyncLeaf *leaf = leaves->pdata[j];
          g_autoptr(JsonObject) body = NULL;

          /* Before since: sent already (only a computed total of the row moved). After the
           * batch: a leaf just made from a local edit, or changed since; its own change
           * sends it in a later batch, once. */
          if (leaf->seq <= since || leaf->seq > batch->last_seq)
            continue;
          body = mc_sync_tree_leaf_body (run->local, id, leaf, error);
          if (body == NULL)
            goto fail;
          json_array_add_string_element (revs, leaf->rev);
          g_hash_table_insert (batch->docs, g_strdup_printf ("%s\n%s", id, leaf->rev),
                               mc_sync_doc_to_object (id, leaf->rev, leaf->deleted,
                                                      (const char * const *) leaf->path, leaf->deleted &&
                                                      json_object_get_size (body) == 0 ? NULL : body));
        }
      if (json_array_get_length (revs) > 0)
        json_object_set_array_member (batch->offer, id, revs);
      else
        json_array_unref (revs);
    }
  if (!mc_db_commit (run->db, error))
    goto fail;
  return TRUE;

fail:
  mc_db_rollback (run->db);
  return FALSE;
}

static gboolean
push_batch (McSyncRun         *run,
            McSyncCheckpoint  *cp,
            gboolean          *done,
            GError           **error)
{
  gint64 since = json_node_get_value_type (cp->since) == G_TYPE_INT64 ? json_node_get_int (cp->since) : 0;
  Batch batch = { 0 };
  g_autoptr(JsonNode) offer_node = NULL;
  g_autoptr(JsonNode) diff = NULL;
  g_autoptr(JsonNode) seq = NULL;
  g_autoptr(JsonNode) written = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) request_node = NULL;
  g_autoptr(GList) ids = NULL;
  JsonArray *to_send = json_array_new ();
  g_autoptr(GHashTable) sent_revs = g_hash_table_new (g_str_hash, g_str_equal);
  guint n_sent = 0;
  guint status;
  gboolean ok = FALSE;

  if (!read_batch (run, since, &batch, error))
    {
      json_array_unref (to_send);
      batch_clear (&batch);
      return FALSE;
    }
  if (batch.n_ids == 0)
    {
      *done = TRUE;
      json_array_unref (to_send);
      batch_clear (&batch);
      return TRUE;
    }
  run->stats->docs_read += batch.n_ids;

  if (json_object_get_size (batch.offer) > 0)
    {
      offer_node = json_node_init_object (json_node_alloc (), batch.offer);
      diff = mc_sync_http_call (run->http, "POST", "_revs_diff", offer_node, &status, error);
      if (diff == NULL)
        {
          if (status != 0)
            mc_sync_bad_answer (run, "_revs_diff", error);
          goto out;
        }
      if (!JSON_NODE_HOLDS_OBJECT (diff))
        {
          mc_sync_bad_answer (run, "_revs_diff", error);
          goto out;
        }
      ids = json_object_get_members (json_node_get_object (diff));
      for (GList *l = ids; l != NULL; l = l->next)
        {
          JsonNode *entry = json_object_get_member (json_node_get_object (diff), l->data);
          JsonNode *missing = JSON_NODE_HOLDS_OBJECT (entry)
                              ? json_object_get_member (json_node_get_object (entry), "missing") : NULL;

          if (missing == NULL || !JSON_NODE_HOLDS_ARRAY (missing))
            continue;
          for (guint i = 0; i < json_array_get_length (json_node_get_array (missing)); i++)
            {
              const char *rev = json_array_get_string_element (json_node_get_array (missing), i);
              g_autofree char *key = g_strdup_printf ("%s\n%s", (const char *) l->data, rev != NULL ? rev : "");
              JsonObject *doc = g_hash_table_lookup (batch.docs, key);

              if (doc != NULL)
                {
                  json_array_add_object_element (to_send, json_object_ref (doc));
                  g_hash_table_insert (sent_revs, l->data, (gpointer) json_object_get_string_member (doc, "_rev"));
                  n_sent++;
                }
            }
        }
    }

  if (n_sent > 0)
    {
      json_object_set_array_member (request, "docs", g_steal_pointer (&to_send));
      json_object_set_boolean_member (request, "new_edits", FALSE);
      request_node = json_node_init_object (json_node_alloc (), request);
      written = mc_sync_http_call (run->http, "POST", "_bulk_docs", request_node, &status, error);
      if (written == NULL)
        {
          if (status != 0)
            mc_sync_bad_answer (run, "_bulk_docs", error);
          goto out;
        }
      if (!JSON_NODE_HOLDS_ARRAY (written))
        {
          mc_sync_bad_answer (run, "_bulk_docs", error);
          goto out;
        }
    }

  seq = json_node_init_int (json_node_alloc (), batch.last_seq);
  if (!mc_sync_checkpoint_save_remote (run, cp, seq, error))
    goto out;
  if (!mc_db_begin (run->db, error))
    goto out;
  {
    g_autoptr(GHashTable) refused = g_hash_table_new (g_str_hash, g_str_equal);
    guint n_refused;

    /* Servers differ: CouchDB lists only the failures, PouchDB may list one twice and
     * without its rev (then it is the one we sent). */
    for (guint i = 0; written != NULL && i < json_array_get_length (json_node_get_array (written)); i++)
      {
        JsonNode *item = json_array_get_element (json_node_get_array (written), i);
        JsonObject *result = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
        const char *what = result != NULL ? json_object_get_string_member_with_default (result, "error", NULL) : NULL;
        const char *id = result != NULL ? json_object_get_string_member_with_default (result, "id", NULL) : NULL;
        const char *rev;

        if (what == NULL || id == NULL || g_hash_table_contains (refused, id))
          continue;
        rev = json_object_get_string_member_with_default (result, "rev", NULL);
        if (rev == NULL)
          rev = g_hash_table_lookup (sent_revs, id);
        g_hash_table_add (refused, (gpointer) id);
        if (!mc_sync_local_record_refusal (run->local, id, rev != NULL ? rev : "", what,
                             json_object_get_string_member_with_default (result, "reason", NULL), error))
          {
            mc_db_rollback (run->db);
            goto out;
          }
      }
    n_refused = g_hash_table_size (refused);
    run->stats->rejected += n_refused;
    run->stats->docs_written += n_sent - n_refused;
    run->stats->pushed += n_sent - n_refused;
  }
  if (!mc_sync_checkpoint_save_local (run, cp, seq, error) || !mc_db_commit (run->db, error))
    {
      mc_db_rollback (run->db);
      goto out;
    }
  g_clear_pointer (&cp->since, json_node_unref);
  cp->since = json_node_ref (seq);
  run->stats->push_seq = batch.last_seq;
  if (run->progress != NULL)
    run->progress (MC_SYNC_DIRECTION_PUSH, run->stats->docs_read, run->progress_data);
  ok = TRUE;

out:
  if (to_send != NULL)
    json_array_unref (to_send);
  batch_clear (&batch);
  return ok;
}

gboolean
mc_sync_push (McSyncRun  *run,
              GError    **error)
{
  McSyncCheckpoint cp = { 0 };
  gboolean done = FALSE;
  gboolean ok;

  ok = mc_sync_checkpoint_load (run, &cp, "push", error);
  if (ok && json_node_get_value_type (cp.since) == G_TYPE_INT64)
    run->stats->push_seq = json_node_get_int (cp.since);
  while (ok && !done)
    ok = push_batch (run, &cp, &done, error);
  mc_sync_checkpoint_clear (&cp);
  return ok;
}
