/* mc-sync-local.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The local side of replication, over one McDb connection: the records as documents
 * (mc-sync-local.c) and the revision tree of each document (mc-sync-tree.c). Everything
 * here runs inside the caller's transaction.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mc-db.h"
#include "mc-sync-doc.h"

G_BEGIN_DECLS

typedef struct _McSyncLocal McSyncLocal;

typedef struct
{
  char     *rev;
  guint64   gen;
  gboolean  deleted;
  GStrv     path;
  char     *body;    /* JSON text; NULL: this leaf is the one the domain row holds */
  char     *extra;   /* the row-leaf's fields this version does not know, JSON text */
  gint64    seq;
} McSyncLeaf;

McSyncLocal *mc_sync_local_new          (McDb         *db);
void         mc_sync_local_free         (McSyncLocal  *local);
McDb        *mc_sync_local_get_db       (McSyncLocal  *local);

/* Rows and documents (mc-sync-local.c). */
/* The domain row as a document body ({"type": ..., fields}), NULL (no error) when there is
 * no such row. */
JsonObject  *mc_sync_local_read_row     (McSyncLocal      *local,
                                         const McSyncType *type,
                                         const char       *row_id,
                                         const char       *extra,
                                         GError          **error);
/* The row's rev and deleted flag; FALSE (no error) when there is no such row. */
gboolean     mc_sync_local_row_rev      (McSyncLocal      *local,
                                         const McSyncType *type,
                                         const char       *row_id,
                                         char            **rev,
                                         gboolean         *deleted,
                                         GError          **error);
/* Writes a revision into the domain row (inserted or replaced), with a new change sequence.
 * *extra: the body's fields that have no column, as JSON text (or NULL). A body that does
 * not fit the table (a wrong type, a broken rule) is an MC_ERROR_INVALID error and nothing
 * is written. */
gboolean     mc_sync_local_write_row    (McSyncLocal      *local,
                                         const McSyncType *type,
                                         const char       *row_id,
                                         const char       *rev,
                                         gboolean          deleted,
                                         JsonObject       *body,
                                         char            **extra,
                                         GError          **error);
/* Members whose ledgers or orders changed: their balances are computed again from the
 * ledgers (never taken from a document). */
void         mc_sync_local_touch_member (McSyncLocal      *local,
                                         const char       *member_id);
gboolean     mc_sync_local_recompute    (McSyncLocal      *local,
                                         GError          **error);
/* A revision that was not written (what: the server's error, or "local" when it breaks a
 * rule of the workspace), listed on its record in sync_rejected. */
gboolean     mc_sync_local_record_refusal (McSyncLocal    *local,
                                         const char       *doc_id,
                                         const char       *rev,
                                         const char       *what,
                                         const char       *reason,
                                         GError          **error);
char        *mc_sync_object_to_text     (JsonObject       *object);

/* The revision tree (mc-sync-tree.c). */
void         mc_sync_leaf_free          (McSyncLeaf       *leaf);
/* The document's leaves, after making the domain row's revision one of them (a local edit
 * since the last sync becomes a child of the revision it was made from). */
GPtrArray   *mc_sync_tree_leaves        (McSyncLocal      *local,
                                         const char       *doc_id,
                                         GError          **error);
/* Index of the winning leaf in leaves, or -1 when there are none. */
int          mc_sync_tree_winner        (GPtrArray        *leaves);
/* Adds a revision received from a server; *added is FALSE when it was already known. The
 * winner moves into the domain row when it changes. */
gboolean     mc_sync_tree_add           (McSyncLocal      *local,
                                         McSyncDoc        *doc,
                                         gboolean         *added,
                                         GError          **error);
/* The JSON body of one leaf of a document. */
JsonObject  *mc_sync_tree_leaf_body     (McSyncLocal      *local,
                                         const char       *doc_id,
                                         McSyncLeaf       *leaf,
                                         GError          **error);
/* Doc ids and the highest change sequence of what changed after since, at most limit of them,
 * in the order of their changes. */
GPtrArray   *mc_sync_tree_changes       (McSyncLocal      *local,
                                         gint64            since,
                                         guint             limit,
                                         gint64           *last_seq,
                                         GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncLeaf, mc_sync_leaf_free)

G_END_DECLS
