/* mc-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync layer: a replication peer for CouchDB-protocol servers.
 *   mc-replicator.h       the replicator (options, run, cancel, progress, stats)
 *   mc-sync-conflicts.h   conflicts and refused revisions, and resolving a conflict
 *   mc-sync-doc.h         documents without a database (decoding, revisions, types)
 *   mc-sync-http.h        JSON over HTTP(S) with retries
 *   mc-sync-local.h       the workspace side: rows as documents, the revision tree
 * The documents are described in data/sync-schema.md.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include "mc-sync.h"

const char *
mc_sync_layer_name (void)
{
  return "sync";
}
