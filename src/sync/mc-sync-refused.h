/* mc-sync-refused.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The revisions the server refused to take (a 403 "forbidden" from a validate_doc_update,
 * an "unauthorized"), which the replicator records on their record (table sync_rejected),
 * so that a write the server refuses is reported, not lost.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  char   *doc_id;
  char   *rev;
  char   *error;    /* the server's error: "forbidden", "unauthorized", ... */
  char   *reason;   /* the server's reason, may be NULL */
  gint64  at;       /* when it was refused, UTC epoch seconds */
} McSyncRefused;

void       mc_sync_refused_free (McSyncRefused *refused);
/* What the server refused (not the local ones), newest first, at most limit of them. */
GPtrArray *mc_sync_refused_list (McDb          *db,
                                 guint          limit,
                                 GError       **error);
/* TRUE when a refusal says the user may not write at all ("forbidden" or "unauthorized"). */
gboolean   mc_sync_refused_is_permission (const McSyncRefused *refused);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McSyncRefused, mc_sync_refused_free)

G_END_DECLS
