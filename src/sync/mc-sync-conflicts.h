/* mc-sync-conflicts.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Conflicts: a document edited in two places before they synced has two live leaves. Both
 * sides pick the same winner (CouchDB's rule) and keep the losers; a person resolves it.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  char  *doc_id;
  char  *winner;   /* the revision the workspace shows */
  GStrv  revs;     /* every live leaf, the winner first */
} McSyncConflict;

void        mc_sync_conflict_free       (McSyncConflict *conflict);

/* The documents in conflict, by id. */
GPtrArray  *mc_sync_conflicts_list      (McDb           *db,
                                         GError        **error);
/* The body of one leaf of a document ({"type": ..., fields}). */
JsonObject *mc_sync_conflict_get_body   (McDb           *db,
                                         const char     *doc_id,
                                         const char     *rev,
                                         GError        **error);
/* Resolves a conflict in one transaction: a new revision on top of the winner with the body
 * of leaf rev, or with merged (a body of the same type), and every other live leaf
 * deleted. It replicates like any edit. *new_rev: the revision made. */
gboolean    mc_sync_conflict_resolve    (McDb           *db,
                                         const char     *doc_id,
                                         const char     *rev,
                                         JsonObject     *merged,
                                         char          **new_rev,
                                         GError        **error);

/* A revision that was not written: refused by the server (error "forbidden", ...), or here
 * because it breaks a rule of the workspace (error "local"). The record itself is kept. */
typedef struct
{
  char   *doc_id;
  char   *rev;
  char   *error;
  char   *reason;
  gint64  at;
} McSyncRefusal;

void        mc_sync_refusal_free        (McSyncRefusal  *refusal);
GPtrArray  *mc_sync_refusals_list       (McDb           *db,
                                         GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncConflict, mc_sync_conflict_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncRefusal, mc_sync_refusal_free)

G_END_DECLS
