/* mc-replicator.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The replication peer: its options, one run (pull then push), and the checkpoints. As in
 * CouchDB's protocol, a replication has an id (from this workspace, the server's database
 * and the direction), and both sides keep a checkpoint document _local/<id> with the
 * session that wrote it and a history of earlier sessions: a run goes on from the last
 * sequence both sides agree on, or from the start.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-replicator-private.h"

#define MAX_HISTORY 20

struct _McReplicator
{
  GObject               parent_instance;

  char                 *url;
  char                 *user;
  char                 *password;
  char                 *ca_file;
  McSyncDirection       direction;
  guint                 batch_size;
  guint                 timeout;
  guint                 max_retries;
  guint                 first_delay_ms;
  McReplicatorProgress  progress;
  gpointer              progress_data;
  GCancellable         *cancellable;
  McSyncStats           stats;
};

G_DEFINE_FINAL_TYPE (McReplicator, mc_replicator, G_TYPE_OBJECT)

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
mc_replicator_finalize (GObject *object)
{
  McReplicator *self = (McReplicator *) object;

  g_free (self->url);
  g_free (self->user);
  clear_secret (&self->password);
  g_free (self->ca_file);
  g_clear_object (&self->cancellable);
  g_free (self->stats.last_seq);

  G_OBJECT_CLASS (mc_replicator_parent_class)->finalize (object);
}

static void
mc_replicator_class_init (McReplicatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_replicator_finalize;
}

static void
mc_replicator_init (McReplicator *self)
{
  self->batch_size = 500;
  self->timeout = 30;
  self->max_retries = 6;
  self->first_delay_ms = 250;
  self->cancellable = g_cancellable_new ();
}

McReplicator *
mc_replicator_new (const char *url)
{
  McReplicator *self;

  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (MC_TYPE_REPLICATOR, NULL);
  self->url = g_strdup (url);
  return self;
}

const char *
mc_replicator_get_url (McReplicator *self)
{
  g_return_val_if_fail (MC_IS_REPLICATOR (self), NULL);
  return self->url;
}

void
mc_replicator_set_credentials (McReplicator *self,
                               const char   *user,
                               const char   *password)
{
  g_return_if_fail (MC_IS_REPLICATOR (self));
  g_free (self->user);
  self->user = g_strdup (user);
  clear_secret (&self->password);
  self->password = g_strdup (password);
}

void
mc_replicator_set_direction (McReplicator    *self,
                             McSyncDirection  direction)
{
  g_return_if_fail (MC_IS_REPLICATOR (self));
  self->direction = direction;
}

void
mc_replicator_set_batch_size (McReplicator *self,
                              guint         batch_size)
{
  g_return_if_fail (MC_IS_REPLICATOR (self));
  g_return_if_fail (batch_size > 0);
  self->batch_size = batch_size;
}

void
mc_replicator_set_ca_file (McReplicator *self,
                           const char   *ca_file)
{
  g_return_if_fail (MC_IS_REPLICATOR (self));
  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
}

void
mc_replicator_set_timeout (McReplicator *self,
                           guint         seconds)
{
  g_return_if_fail (MC_IS_REPLICATOR (self));
  self->timeout = seconds;
}

void
mc_replicator_set_retry (McReplicator *self,
                         guint         max_retries,
                         guint         first_delay_ms)
{
  g_return_if_fail (MC_IS_REPLICATOR (self));
  self->max_retries = max_retries;
  self->first_delay_ms = first_delay_ms;
}

void
mc_replicator_set_progress (McReplicator         *self,
                            McReplicatorProgress  progress,
                            gpointer              user_data)
{
  g_return_if_fail (MC_IS_REPLICATOR (self));
  self->progress = progress;
  self->progress_data = user_data;
}

void
mc_replicator_cancel (McReplicator *self)
{
  g_return_if_fail (MC_IS_REPLICATOR (self));
  g_cancellable_cancel (self->cancellable);
}

const McSyncStats *
mc_replicator_get_stats (McReplicator *self)
{
  g_return_val_if_fail (MC_IS_REPLICATOR (self), NULL);
  return &self->stats;
}

gboolean
mc_sync_bad_answer (McSyncRun   *run,
                    const char  *request,
                    GError     **error)
{
  g_set_error (error, MC_ERROR, MC_ERROR_IO,
               _("The server %s gave an answer to %s that does not follow the replication protocol."),
               mc_sync_http_get_url (run->http), request);
  return FALSE;
}

/* Checkpoints */

void
mc_sync_checkpoint_clear (McSyncCheckpoint *cp)
{
  g_clear_pointer (&cp->replication_id, g_free);
  g_clear_pointer (&cp->remote_rev, g_free);
  g_clear_pointer (&cp->since, json_node_unref);
  g_list_free_full (g_steal_pointer (&cp->history), (GDestroyNotify) json_object_unref);
}

static GList *
history_from_array (JsonArray *array)
{
  GList *list = NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          json_object_get_string_member_with_default (json_node_get_object (node), "session_id", NULL) != NULL &&
          json_object_has_member (json_node_get_object (node), "recorded_seq"))
        list = g_list_prepend (list, json_object_ref (json_node_get_object (node)));
    }
  return g_list_reverse (list);
}

static JsonNode *
find_session (GList      *history,
              const char *session_id)
{
  for (GList *l = history; l != NULL; l = l->next)
    if (g_strcmp0 (json_object_get_string_member_with_default (l->data, "session_id", NULL), session_id) == 0)
      return json_object_get_member (l->data, "recorded_seq");
  return NULL;
}

gboolean
mc_sync_checkpoint_load (McSyncRun         *run,
                         McSyncCheckpoint  *cp,
                         const char        *direction,
                         GError           **error)
{
  g_autofree char *seed = g_strdup_printf ("%s\n%s\n%s\n3", run->local_uuid,
                                           mc_sync_http_get_url (run->http), direction);
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) remote = NULL;
  g_autoptr(JsonNode) local_history = NULL;
  g_autofree char *local_session = NULL;
  g_autoptr(JsonNode) local_seq = NULL;
  GList *remote_history = NULL;
  const char *remote_session = NULL;
  gboolean push = g_str_equal (direction, "push");
  sqlite3_stmt *stmt;
  guint status;

  cp->replication_id = g_compute_checksum_for_string (G_CHECKSUM_MD5, seed, -1);
  path = g_strdup_printf ("_local/%s", cp->replication_id);
  remote = mc_sync_http_call (run->http, "GET", path, NULL, &status, error);
  if (remote == NULL && status != 404)
    return status == 0 ? FALSE : mc_sync_bad_answer (run, path, error);
  if (remote != NULL && JSON_NODE_HOLDS_OBJECT (remote))
    {
      JsonObject *doc = json_node_get_object (remote);
      JsonNode *h = json_object_get_member (doc, "history");

      cp->remote_rev = g_strdup (json_object_get_string_member_with_default (doc, "_rev", NULL));
      remote_session = json_object_get_string_member_with_default (doc, "session_id", NULL);
      remote_history = history_from_array (h != NULL && JSON_NODE_HOLDS_ARRAY (h) ? json_node_get_array (h) : NULL);
      if (remote_session != NULL && json_object_has_member (doc, "source_last_seq"))
        {
          JsonObject *head = json_object_new ();

          json_object_set_string_member (head, "session_id", remote_session);
          json_object_set_member (head, "recorded_seq",
                                  json_node_copy (json_object_get_member (doc, "source_last_seq")));
          remote_history = g_list_prepend (remote_history, head);
        }
    }

  stmt = mc_db_prepare (run->db,
    "SELECT session_id, last_seq, history FROM sync_checkpoint WHERE replication_id = ?", error);
  if (stmt == NULL)
    {
      g_list_free_full (remote_history, (GDestroyNotify) json_object_unref);
      return FALSE;
    }
  sqlite3_bind_text (stmt, 1, cp->replication_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      local_session = g_strdup (mc_db_column_text (stmt, 0));
      local_seq = json_from_string (mc_db_column_text (stmt, 1), NULL);
      local_history = json_from_string (mc_db_column_text (stmt, 2), NULL);
    }
  sqlite3_reset (stmt);

  if (local_session != NULL && local_seq != NULL)
    {
      JsonObject *head = json_object_new ();

      json_object_set_string_member (head, "session_id", local_session);
      json_object_set_member (head, "recorded_seq", json_node_copy (local_seq));
      cp->history = g_list_prepend (history_from_array (local_history != NULL && JSON_NODE_HOLDS_ARRAY (local_history)
                                                        ? json_node_get_array (local_history) : NULL), head);
    }

  /* The newest session both sides recorded; its sequence as the source recorded it (the
   * source writes its checkpoint last, so it is never ahead of what was written). */
  for (GList *l = cp->history; l != NULL && cp->since == NULL; l = l->next)
    {
      const char *session = json_object_get_string_member_with_default (l->data, "session_id", NULL);
      JsonNode *remote_seq = find_session (remote_history, session);

      if (remote_seq != NULL)
        cp->since = json_node_copy (push ? json_object_get_member (l->data, "recorded_seq") : remote_seq);
    }
  if (cp->since == NULL)
    cp->since = json_node_init_int (json_node_alloc (), 0);
  g_list_free_full (remote_history, (GDestroyNotify) json_object_unref);
  return TRUE;
}

static JsonArray *
history_with (McSyncRun        *run,
              McSyncCheckpoint *cp,
              JsonNode         *seq)
{
  JsonArray *array = json_array_new ();
  JsonObject *head = json_object_new ();
  guint n = 1;

  json_object_set_string_member (head, "session_id", run->session_id);
  json_object_set_member (head, "recorded_seq", json_node_copy (seq));
  json_array_add_object_element (array, head);
  for (GList *l = cp->history; l != NULL && n < MAX_HISTORY; l = l->next)
    {
      if (g_strcmp0 (json_object_get_string_member_with_default (l->data, "session_id", NULL), run->session_id) == 0)
        continue;
      json_array_add_object_element (array, json_object_ref (l->data));
      n++;
    }
  return array;
}

gboolean
mc_sync_checkpoint_save_local (McSyncRun         *run,
                               McSyncCheckpoint  *cp,
                               JsonNode          *seq,
                               GError           **error)
{
  g_autoptr(JsonArray) history = history_with (run, cp, seq);
  g_autoptr(JsonNode) history_node = json_node_init_array (json_node_alloc (), history);
  g_autofree char *seq_text = mc_json_to_string (seq);
  g_autofree char *history_text = NULL;
  sqlite3_stmt *stmt;

  /* The local record keeps earlier sessions only: its head is the current one. */
  json_array_remove_element (history, 0);
  history_text = mc_json_to_string (history_node);
  stmt = mc_db_prepare (run->db,
    "INSERT INTO sync_checkpoint (replication_id, session_id, last_seq, history, updated_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (replication_id) DO UPDATE SET session_id = excluded.session_id, "
    "last_seq = excluded.last_seq, history = excluded.history, updated_at = excluded.updated_at", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, cp->replication_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, run->session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, seq_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, history_text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, mc_db_now ());
  return mc_db_step_done (run->db, stmt, error);
}

gboolean
mc_sync_checkpoint_save_remote (McSyncRun         *run,
                                McSyncCheckpoint  *cp,
                                JsonNode          *seq,
                                GError           **error)
{
  g_autofree char *path = g_strdup_printf ("_local/%s", cp->replication_id);

  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(JsonObject) doc = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) reply = NULL;
      JsonArray *history = history_with (run, cp, seq);
      guint status;

      if (cp->remote_rev != NULL)
        json_object_set_string_member (doc, "_rev", cp->remote_rev);
      json_object_set_string_member (doc, "session_id", run->session_id);
      json_object_set_member (doc, "source_last_seq", json_node_copy (seq));
      json_object_set_int_member (doc, "replication_id_version", 3);
      json_object_set_string_member (doc, "replicator", "member-console " PACKAGE_VERSION);
      json_object_set_array_member (doc, "history", history);
      node = json_node_init_object (json_node_alloc (), doc);
      reply = mc_sync_http_call (run->http, "PUT", path, node, &status, error);
      if (reply != NULL && JSON_NODE_HOLDS_OBJECT (reply))
        {
          const char *rev = json_object_get_string_member_with_default (json_node_get_object (reply), "rev", NULL);

          g_free (cp->remote_rev);
          cp->remote_rev = g_strdup (rev);
          return TRUE;
        }
      if (status != 409)
        return status == 0 ? FALSE : mc_sync_bad_answer (run, path, error);
      /* Someone else moved it: take its revision and write again. */
      {
        g_autoptr(JsonNode) current = mc_sync_http_call (run->http, "GET", path, NULL, &status, error);

        if (current == NULL && status == 0)
          return FALSE;
        g_clear_pointer (&cp->remote_rev, g_free);
        if (current != NULL && JSON_NODE_HOLDS_OBJECT (current))
          cp->remote_rev = g_strdup (json_object_get_string_member_with_default (json_node_get_object (current),
                                                                                 "_rev", NULL));
      }
    }
  return mc_sync_bad_answer (run, path, error);
}

/* The run */

static gboolean
load_local_uuid (McDb    *db,
                 char   **uuid,
                 GError **error)
{
  if (!mc_db_get_meta (db, "sync_uuid", uuid, error))
    return FALSE;
  if (*uuid != NULL)
    return TRUE;
  *uuid = g_uuid_string_random ();
  if (!mc_db_begin (db, error))
    return FALSE;
  if (!mc_db_set_meta (db, "sync_uuid", *uuid, error) || !mc_db_commit (db, error))
    {
      mc_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_database (McSyncRun        *run,
                McSyncDirection   direction,
                GError          **error)
{
  g_autoptr(JsonNode) info = NULL;
  g_autoptr(JsonNode) created = NULL;
  guint status;

  info = mc_sync_http_call (run->http, "GET", "", NULL, &status, error);
  if (info != NULL)
    return TRUE;
  if (status != 404)
    return status == 0 ? FALSE : mc_sync_bad_answer (run, "GET", error);
  if (direction == MC_SYNC_DIRECTION_PULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("There is no database at %s."), mc_sync_http_get_url (run->http));
      return FALSE;
    }
  /* Pushing to a database that does not exist yet creates it (CouchDB's create_target). */
  created = mc_sync_http_call (run->http, "PUT", "", NULL, &status, error);
  if (created != NULL || status == 412)
    return TRUE;
  return status == 0 ? FALSE : mc_sync_bad_answer (run, "PUT", error);
}

static gboolean
count_conflicts (McDb     *db,
                 guint64  *n,
                 GError  **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT count (*) FROM (SELECT doc_id FROM sync_leaf WHERE deleted = 0 GROUP BY doc_id "
    "HAVING count (*) > 1)", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return mc_db_set_error (db, error);
    }
  *n = (guint64) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static void
forward_cancel_cb (GCancellable *external,
                   gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

gboolean
mc_replicator_run (McReplicator  *self,
                   McDb          *db,
                   GCancellable  *cancellable,
                   GError       **error)
{
  McSyncRun run = { 0 };
  gboolean ok;
  gulong handler = 0;

  g_return_val_if_fail (MC_IS_REPLICATOR (self), FALSE);
  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (!mc_db_in_transaction (db), FALSE);

  g_clear_pointer (&self->stats.last_seq, g_free);
  memset (&self->stats, 0, sizeof self->stats);
  if (g_cancellable_is_cancelled (self->cancellable))
    g_set_object (&self->cancellable, g_cancellable_new ());
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (forward_cancel_cb),
                                     g_object_ref (self->cancellable), g_object_unref);

  run.db = db;
  run.stats = &self->stats;
  run.batch_size = self->batch_size;
  run.progress = self->progress;
  run.progress_data = self->progress_data;
  run.cancellable = self->cancellable;
  run.session_id = g_uuid_string_random ();
  run.http = mc_sync_http_new (self->url, self->user, self->password, self->ca_file, self->timeout, error);
  ok = run.http != NULL;
  if (ok)
    {
      mc_sync_http_set_retry (run.http, self->max_retries, self->first_delay_ms);
      mc_sync_http_set_cancellable (run.http, self->cancellable);
      run.local = mc_sync_local_new (db);
      ok = load_local_uuid (db, &run.local_uuid, error) && check_database (&run, self->direction, error);
    }
  if (ok)
    {
      /* Replicated records arrive in the server's order, not parent first: references are
       * checked by the records' own rules, not by SQLite, while this connection syncs. */
      ok = mc_db_exec (db, "PRAGMA foreign_keys = OFF", error);
      if (ok && self->direction != MC_SYNC_DIRECTION_PUSH)
        ok = mc_sync_pull (&run, error);
      if (ok && self->direction != MC_SYNC_DIRECTION_PULL)
        ok = mc_sync_push (&run, error);
      mc_db_exec (db, "PRAGMA foreign_keys = ON", NULL);
    }
  if (run.http != NULL)
    self->stats.retries = mc_sync_http_get_retries (run.http);
  if (run.local != NULL)
    count_conflicts (db, &self->stats.conflicts, ok ? error : NULL);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  mc_sync_local_free (run.local);
  mc_sync_http_free (run.http);
  g_free (run.session_id);
  g_free (run.local_uuid);
  return ok;
}
