/* mc-replicator.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A replication peer for a server speaking the CouchDB replication protocol (Apache CouchDB,
 * PouchDB Server): pull, push or both, from checkpoints kept in _local documents on both
 * sides. One run is synchronous: call mc_replicator_run() in a worker thread (a GTask) with
 * that thread's own McDb; mc_replicator_cancel() may be called from any thread.
 */
#pragma once

#include <gio/gio.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef enum
{
  MC_SYNC_DIRECTION_BOTH,
  MC_SYNC_DIRECTION_PULL,
  MC_SYNC_DIRECTION_PUSH,
} McSyncDirection;

typedef struct
{
  guint64  docs_read;      /* changes read: the server's (pull) and the workspace's (push) */
  guint64  docs_written;   /* revisions written: into the workspace and to the server */
  guint64  pulled;         /* of which into the workspace */
  guint64  pushed;         /* of which to the server */
  guint64  rejected;       /* revisions the server refused, recorded on their record */
  guint64  conflicts;      /* records in conflict in the workspace after the run */
  guint    retries;        /* requests tried again */
  char    *last_seq;       /* the server's last sequence pulled (JSON), NULL before any pull */
  gint64   push_seq;       /* the workspace's last change sequence pushed */
} McSyncStats;

/* Progress, called in the running thread: phase is PULL or PUSH, done the changes so far. */
typedef void (*McReplicatorProgress) (McSyncDirection phase,
                                      guint64         done,
                                      gpointer        user_data);

#define MC_TYPE_REPLICATOR (mc_replicator_get_type ())
G_DECLARE_FINAL_TYPE (McReplicator, mc_replicator, MC, REPLICATOR, GObject)

/* url: the database, like https://sync.example.com/members. */
McReplicator      *mc_replicator_new             (const char           *url);
const char        *mc_replicator_get_url         (McReplicator         *self);
void               mc_replicator_set_credentials (McReplicator         *self,
                                                  const char           *user,
                                                  const char           *password);
void               mc_replicator_set_direction   (McReplicator         *self,
                                                  McSyncDirection       direction);
/* Changes per batch (default 500). */
void               mc_replicator_set_batch_size  (McReplicator         *self,
                                                  guint                 batch_size);
/* A PEM file of one more certificate authority to trust, besides the system's. */
void               mc_replicator_set_ca_file     (McReplicator         *self,
                                                  const char           *ca_file);
/* Seconds without an answer before a request counts as failed (default 30). */
void               mc_replicator_set_timeout     (McReplicator         *self,
                                                  guint                 seconds);
/* Tries again up to max_retries times, the first after first_delay_ms, doubling, with
 * jitter (default 6 and 250 ms). */
void               mc_replicator_set_retry       (McReplicator         *self,
                                                  guint                 max_retries,
                                                  guint                 first_delay_ms);
void               mc_replicator_set_progress    (McReplicator         *self,
                                                  McReplicatorProgress  progress,
                                                  gpointer              user_data);

/* One replication, up to date with the server when it returns TRUE. On an error, what was
 * done up to the last checkpoint stays done, and the next run goes on from there. */
gboolean           mc_replicator_run             (McReplicator         *self,
                                                  McDb                 *db,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
/* Stops a run at its next request (thread-safe). */
void               mc_replicator_cancel          (McReplicator         *self);
/* The figures of the last run. */
const McSyncStats *mc_replicator_get_stats       (McReplicator         *self);

G_END_DECLS
