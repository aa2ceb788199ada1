/* mc-sync-conflict-view.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One record in conflict: its live versions side by side, field by field, the differing
 * fields marked. A version is chosen as a whole ("Use this version") or field by field
 * (one choice per row); Resolve writes the choice with mc_sync_conflict_resolve() as a new
 * revision that replicates.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-db.h"
#include "mc-sync-conflicts.h"

G_BEGIN_DECLS

#define MC_TYPE_SYNC_CONFLICT_VIEW (mc_sync_conflict_view_get_type ())
G_DECLARE_FINAL_TYPE (McSyncConflictView, mc_sync_conflict_view, MC, SYNC_CONFLICT_VIEW, GtkWidget)

/* Reads every version's body; db is kept for Resolve. */
gboolean    mc_sync_conflict_view_set_conflict (McSyncConflictView   *self,
                                                McDb                 *db,
                                                const McSyncConflict *conflict,
                                                GError              **error);
const char *mc_sync_conflict_view_get_doc_id   (McSyncConflictView   *self);
guint       mc_sync_conflict_view_get_n_versions (McSyncConflictView *self);
/* The fields shown (rows), in order. */
GStrv       mc_sync_conflict_view_get_fields   (McSyncConflictView   *self);
/* The text shown for a field of a version; NULL when that version lacks it. */
const char *mc_sync_conflict_view_get_value    (McSyncConflictView   *self,
                                                const char           *field,
                                                guint                 version);
gboolean    mc_sync_conflict_view_field_differs (McSyncConflictView  *self,
                                                 const char          *field);
/* Chooses a version for one field, or (field NULL) for every field. */
void        mc_sync_conflict_view_choose       (McSyncConflictView   *self,
                                                const char           *field,
                                                guint                 version);
/* Writes the resolution; emits "resolved" (doc_id, new_rev). */
gboolean    mc_sync_conflict_view_resolve      (McSyncConflictView   *self,
                                                GError              **error);

G_END_DECLS
