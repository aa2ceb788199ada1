/* mc-summary.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

/* A workspace at a glance: members (per tier), orders, revenue, points outstanding,
 * stores, the live programme. No personal data. */
JsonNode *mc_summary_build (McDb    *db,
                            GError **error);

G_END_DECLS
