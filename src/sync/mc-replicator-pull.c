/* mc-replicator-pull.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pull: the server's _changes since the checkpoint in batches (style=all_docs, so every
 * leaf of a conflict comes), _revs_diff for the revisions this workspace lacks, _bulk_get
 * for them with their history (or GET ?open_revs= on a server without _bulk_get), then one
 * transaction per batch: the revisions into the tree, the balances computed again, and the
 * checkpoint; the server's copy of the checkpoint after it.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-replicator-private.h"

/* Fetches missing revisions with GET /db/id?open_revs=[...]&revs=true&latest=true. */
static gboolean
fetch_open_revs (McSyncRun   *run,
                 const char  *id,
                 JsonArray   *revs,
                 GPtrArray   *docs,
                 GError     **error)
{
  g_autoptr(JsonNode) revs_node = json_node_init_array (json_node_alloc (), revs);
  g_autofree char *revs_text = mc_json_to_string (revs_node);
  g_autofree char *id_escaped = g_uri_escape_string (id, NULL, FALSE);
  g_autofree char *revs_escaped = g_uri_escape_string (revs_text, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("%s?revs=true&latest=true&open_revs=%s", id_escaped, revs_escaped);
  g_autoptr(JsonNode) reply = NULL;
  JsonArray *array;
  guint status;

  reply = mc_sync_http_call (run->http, "GET", path, NULL, &status, error);
  if (reply == NULL)
    return status == 0 ? FALSE : (status == 404 ? TRUE : mc_sync_bad_answer (run, "open_revs", error));
  if (!JSON_NODE_HOLDS_ARRAY (reply))
    return mc_sync_bad_answer (run, "open_revs", error);
  array = json_node_get_array (reply);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonNode *ok = JSON_NODE_HOLDS_OBJECT (item) ? json_object_get_member (json_node_get_object (item), "ok") : NULL;

      if (ok != NULL && JSON_NODE_HOLDS_OBJECT (ok))
        {
          McSyncDoc *doc = mc_sync_doc_from_object (json_node_get_object (ok), error);

          if (doc == NULL)
            return FALSE;
          g_ptr_array_add (docs, doc);
        }
    }
  return TRUE;
}

/* POST _bulk_get?revs=true; FALSE with *unsupported when the server has no _bulk_get. */
static gboolean
fetch_bulk_get (McSyncRun   *run,
                JsonObject  *missing,
                GPtrArray   *docs,
                gboolean    *unsupported,
                GError     **error)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) request_node = NULL;
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(GList) ids = json_object_get_members (missing);
  JsonArray *wanted = json_array_new ();
  JsonNode *results;
  guint status;

  *unsupported = FALSE;
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonArray *revs = json_object_get_array_member (missing, l->data);

      for (guint i = 0; i < json_array_get_length (revs); i++)
        {
          JsonObject *one = json_object_new ();

          json_object_set_string_member (one, "id", l->data);
          json_object_set_string_member (one, "rev", json_array_get_string_element (revs, i));
          json_array_add_object_element (wanted, one);
        }
    }
  json_object_set_array_member (request, "docs", wanted);
  request_node = json_node_init_object (json_node_alloc (), request);
  reply = mc_sync_http_call (run->http, "POST", "_bulk_get?revs=true&latest=true", request_node, &status, error);
  if (reply == NULL)
    {
      if (status == 400 || status == 404 || status == 405 || status == 415 || status == 501)
        {
          *unsupported = TRUE;
          return FALSE;
        }
      return status == 0 ? FALSE : mc_sync_bad_answer (run, "_bulk_get", error);
    }
  results = JSON_NODE_HOLDS_OBJECT (reply) ? json_object_get_member (json_node_get_object (reply), "results") : NULL;
  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results))
    return mc_sync_bad_answer (run, "_bulk_get", error);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (results)); i++)
    {
      JsonNode *result = json_array_get_element (json_node_get_array (results), i);
      JsonNode *list = JSON_NODE_HOLDS_OBJECT (result)
                       ? json_object_get_member (json_node_get_object (result), "docs") : NULL;

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        return mc_sync_bad_answer (run, "_bulk_get", error);
      for (guint j = 0; j < json_array_get_length (json_node_get_array (list)); j++)
        {
          JsonNode *item = json_array_get_element (json_node_get_array (list), j);
          JsonNode *ok = JSON_NODE_HOLDS_OBJECT (item)
                         ? json_object_get_member (json_node_get_object (item), "ok") : NULL;
          McSyncDoc *doc;

          if (ok == NULL || !JSON_NODE_HOLDS_OBJECT (ok))
            continue;   /* {"error": ...}: gone since (compacted), the next change brings it */
          doc = mc_sync_doc_from_object (json_node_get_object (ok), error);
          if (doc == NULL)
            return FALSE;
          g_ptr_array_add (docs, doc);
        }
    }
  return TRUE;
}

/* The revisions of changes this workspace lacks, as {id: [revs]}. */
static JsonObject *
revs_diff (McSyncRun  *run,
           JsonObject *wanted,
           GError    **error)
{
  g_autoptr(GList) ids = NULL;
  JsonObject *missing = json_object_new ();
  McSyncLocal *local = run->local;
  gboolean ok = TRUE;

  /* Pulling, the workspace is the target: it answers the revs_diff question itself. */
  if (!mc_db_begin (run->db, error))
    {
      json_object_unref (missing);
      return NULL;
    }
  ids = json_object_get_members (wanted);
  for (GList *l = ids; l != NULL && ok; l = l->next)
    {
      JsonArray *revs = json_object_get_array_member (wanted, l->data);
      g_autoptr(GPtrArray) leaves = mc_sync_tree_leaves (local, l->data, error);
      JsonArray *lacking = json_array_new ();

      ok = leaves != NULL;
      for (guint i = 0; ok && i < json_array_get_length (revs); i++)
        {
          const char *rev = json_array_get_string_element (revs, i);
          guint64 gen = 0;
          const char *hash = NULL;
          gboolean known = FALSE;

          if (!mc_sync_rev_parse (rev, &gen, &hash))
            continue;
          for (guint j = 0; j < leaves->len && !known; j++)
            {
              McSyncLeaf *leaf = leaves->pdata[j];

              known = g_str_equal (leaf->rev, rev) ||
                      (leaf->gen > gen && leaf->gen - gen < g_strv_length (leaf->path) &&
                       g_str_equal (leaf->path[leaf->gen - gen], hash));
            }
          if (!known)
            json_array_add_string_element (lacking, rev);
        }
      if (json_array_get_length (lacking) > 0)
        json_object_set_array_member (missing, l->data, lacking);
      else
        json_array_unref (lacking);
    }
  if (!ok || !mc_db_commit (run->db, error))
    {
      mc_db_rollback (run->db);
      json_object_unref (missing);
      return NULL;
    }
  return missing;
}

static gboolean
apply_batch (McSyncRun        *run,
             McSyncCheckpoint *cp,
             GPtrArray        *docs,
             JsonNode         *last_seq,
             GError          **error)
{
  if (!mc_db_begin (run->db, error))
    return FALSE;
  for (guint i = 0; i < docs->len; i++)
    {
      gboolean added = FALSE;

      if (!mc_sync_tree_add (run->local, docs->pdata[i], &added, error))
        goto fail;
      if (added)
        {
          run->stats->docs_written++;
          run->stats->pulled++;
        }
    }
  if (!mc_sync_local_recompute (run->local, error) ||
      !mc_sync_checkpoint_save_local (run, cp, last_seq, error) ||
      !mc_db_commit (run->db, error))
    goto fail;
  return mc_sync_checkpoint_save_remote (run, cp, last_seq, error);

fail:
  mc_db_rollback (run->db);
  return FALSE;
}

static char *
seq_param (JsonNode *seq)
{
  if (json_node_get_value_type (seq) == G_TYPE_STRING)
    return g_uri_escape_string (json_node_get_string (seq), NULL, FALSE);
  {
    g_autofree char *text = mc_json_to_string (seq);

    return g_uri_escape_string (text, NULL, FALSE);
  }
}

/* One batch of changes; *done when the feed has no more. */
static gboolean
pull_batch (McSyncRun         *run,
            McSyncCheckpoint  *cp,
            gboolean          *use_bulk_get,
            gboolean          *done,
            GError           **error)
{
  g_autofree char *since = seq_param (cp->since);
  g_autofree char *path = g_strdup_printf ("_changes?style=all_docs&feed=normal&limit=%u&since=%s",
                                           run->batch_size, since);
  g_autoptr(JsonNode) reply = NULL;
  g_autoptr(JsonObject) wanted = json_object_new ();
  g_autoptr(JsonObject) missing = NULL;
  g_autoptr(GPtrArray) docs = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_sync_doc_free);
  JsonNode *results, *last_seq;
  JsonArray *array;
  guint status;

  reply = mc_sync_http_call (run->http, "GET", path, NULL, &status, error);
  if (reply == NULL)
    return status == 0 ? FALSE : mc_sync_bad_answer (run, "_changes", error);
  results = JSON_NODE_HOLDS_OBJECT (reply) ? json_object_get_member (json_node_get_object (reply), "results") : NULL;
  last_seq = JSON_NODE_HOLDS_OBJECT (reply) ? json_object_get_member (json_node_get_object (reply), "last_seq") : NULL;
  if (results == NULL || !JSON_NODE_HOLDS_ARRAY (results) || last_seq == NULL || !JSON_NODE_HOLDS_VALUE (last_seq))
    return mc_sync_bad_answer (run, "_changes", error);
  array = json_node_get_array (results);
  *done = json_array_get_length (array) < run->batch_size;
  if (json_array_get_length (array) == 0)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *change;
      const char *id;
      JsonNode *changes;
      JsonArray *revs;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        return mc_sync_bad_answer (run, "_changes", error);
      change = json_node_get_object (item);
      id = json_object_get_string_member_with_default (change, "id", NULL);
      changes = json_object_get_member (change, "changes");
      if (id == NULL || changes == NULL || !JSON_NODE_HOLDS_ARRAY (changes))
        return mc_sync_bad_answer (run, "_changes", error);
      run->stats->docs_read++;
      if (g_str_has_prefix (id, "_design/") || g_str_has_prefix (id, "_local/"))
        continue;   /* the server's own configuration, not a record */
      revs = json_array_new ();
      for (guint j = 0; j < json_array_get_length (json_node_get_array (changes)); j++)
        {
          JsonNode *c = json_array_get_element (json_node_get_array (changes), j);
          const char *rev = JSON_NODE_HOLDS_OBJECT (c)
                            ? json_object_get_string_member_with_default (json_node_get_object (c), "rev", NULL) : NULL;

          if (rev != NULL)
            json_array_add_string_element (revs, rev);
        }
      json_object_set_array_member (wanted, id, revs);
    }

  missing = revs_diff (run, wanted, error);
  if (missing == NULL)
    return FALSE;
  if (json_object_get_size (missing) > 0 && *use_bulk_get)
    {
      gboolean unsupported = FALSE;

      if (!fetch_bulk_get (run, missing, docs, &unsupported, error))
        {
          if (!unsupported)
            return FALSE;
          g_debug ("no _bulk_get on %s: one GET ?open_revs= per document", mc_sync_http_get_url (run->http));
          *use_bulk_get = FALSE;
          g_ptr_array_set_size (docs, 0);
        }
    }
  if (json_object_get_size (missing) > 0 && !*use_bulk_get)
    {
      g_autoptr(GList) ids = json_object_get_members (missing);

      for (GList *l = ids; l != NULL; l = l->next)
        if (!fetch_open_revs (run, l->data, json_object_get_array_member (missing, l->data),
                              docs, error))
          return FALSE;
    }

  if (!apply_batch (run, cp, docs, last_seq, error))
    return FALSE;
  g_clear_pointer (&cp->since, json_node_unref);
  cp->since = json_node_copy (last_seq);
  g_free (run->stats->last_seq);
  run->stats->last_seq = mc_json_to_string (last_seq);
  if (run->progress != NULL)
    run->progress (MC_SYNC_DIRECTION_PULL, run->stats->docs_read, run->progress_data);
  return TRUE;
}

gboolean
mc_sync_pull (McSyncRun  *run,
              GError    **error)
{
  McSyncCheckpoint cp = { 0 };
  gboolean use_bulk_get = TRUE;
  gboolean done = FALSE;
  gboolean ok;

  ok = mc_sync_checkpoint_load (run, &cp, "pull", error);
  if (ok)
    {
      g_free (run->stats->last_seq);
      run->stats->last_seq = mc_json_to_string (cp.since);
    }
  while (ok && !done)
    ok = pull_batch (run, &cp, &use_bulk_get, &done, error);
  mc_sync_checkpoint_clear (&cp);
  return ok;
}
