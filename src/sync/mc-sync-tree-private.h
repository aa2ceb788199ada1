/* mc-sync-tree-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The revision tree's building blocks, shared by mc-sync-tree.c and mc-sync-conflicts.c.
 */
#pragma once

#include "mc-sync-local.h"

G_BEGIN_DECLS

gboolean  mc_sync_tree_save_leaf   (McSyncLocal       *local,
                                    const char        *doc_id,
                                    McSyncLeaf        *leaf,
                                    GError           **error);
gboolean  mc_sync_tree_drop_leaf   (McSyncLocal       *local,
                                    const char        *doc_id,
                                    GPtrArray         *leaves,
                                    guint              index,
                                    GError           **error);
/* Index of the leaf the domain row holds, or -1. */
int       mc_sync_tree_row_leaf    (GPtrArray         *leaves);
/* The path of a new revision rev made from parent (NULL: a new root). */
GStrv     mc_sync_tree_child_path  (const char        *doc_id,
                                    const char        *rev,
                                    const McSyncLeaf  *parent);
/* Moves the winning leaf into the domain row when another leaf held it. A winner that does
 * not fit the table stays a kept leaf and is recorded in sync_rejected, or with strict, is
 * an error. */
gboolean  mc_sync_tree_settle      (McSyncLocal       *local,
                                    const char        *doc_id,
                                    GPtrArray         *leaves,
                                    gboolean           strict,
                                    GError           **error);

G_END_DECLS
