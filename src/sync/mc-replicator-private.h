/* mc-replicator-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One replication run, shared by mc-replicator.c (checkpoints), mc-replicator-pull.c and
 * mc-replicator-push.c.
 */
#pragma once

#include "mc-replicator.h"
#include "mc-sync-http.h"
#include "mc-sync-local.h"

G_BEGIN_DECLS

typedef struct
{
  McDb                 *db;
  McSyncLocal          *local;
  McSyncHttp           *http;
  McSyncStats          *stats;
  guint                 batch_size;
  char                 *session_id;
  char                 *local_uuid;
  McReplicatorProgress  progress;
  gpointer              progress_data;
  GCancellable         *cancellable;
} McSyncRun;

typedef struct
{
  char     *replication_id;
  char     *remote_rev;       /* of the _local document on the server */
  JsonNode *since;            /* the source's sequence to go on from */
  GList    *history;          /* JsonObject {session_id, recorded_seq}, newest first */
} McSyncCheckpoint;

void      mc_sync_checkpoint_clear (McSyncCheckpoint *cp);
gboolean  mc_sync_checkpoint_load  (McSyncRun        *run,
                                    McSyncCheckpoint *cp,
                                    const char       *direction,
                                    GError          **error);
/* Writes the checkpoint on the server, then here (inside the caller's transaction when
 * local_first: the pull commits its data and its checkpoint together, then tells the server). */
gboolean  mc_sync_checkpoint_save_local  (McSyncRun        *run,
                                          McSyncCheckpoint *cp,
                                          JsonNode         *seq,
                                          GError          **error);
gboolean  mc_sync_checkpoint_save_remote (McSyncRun        *run,
                                          McSyncCheckpoint *cp,
                                          JsonNode         *seq,
                                          GError          **error);

gboolean  mc_sync_pull             (McSyncRun        *run,
                                    GError          **error);
gboolean  mc_sync_push             (McSyncRun        *run,
                                    GError          **error);

/* "answer" is not what the protocol says: an MC_ERROR_IO error naming the request. */
gboolean  mc_sync_bad_answer       (McSyncRun        *run,
                                    const char       *request,
                                    GError          **error);

G_END_DECLS
