/* mc-audit.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

/* Appends to the audit log inside the caller's transaction. before/after: JSON text or NULL. */
gboolean  mc_audit_log      (McDb        *db,
                             const char  *action,
                             const char  *entity,
                             const char  *entity_id,
                             const char  *before,
                             const char  *after,
                             GError     **error);
/* Checks that the workspace's role may do this; a refusal is itself audited (in its own
 * transaction) and returned as MC_ERROR_PERMISSION. Call before mc_db_begin(). */
gboolean  mc_audit_require  (McDb        *db,
                             McPermission permission,
                             const char  *action,
                             GError     **error);
/* The newest entries first, as a JSON array; personal data masked for roles that may not
 * see it. */
JsonNode *mc_audit_list     (McDb        *db,
                             guint        limit,
                             GError     **error);
/* Serialise a JsonNode to compact text (for before/after). */
char     *mc_json_to_string (JsonNode    *node);

G_END_DECLS
