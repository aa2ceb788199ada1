/* mc-schema.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* migrations[i] takes a workspace from schema version i to i + 1. */
const char * const *mc_schema_get_migrations (guint *n_migrations);

/* The tables that replicate: each has id, rev, deleted and seq columns. */
const char * const *mc_schema_get_synced_tables (void);

G_END_DECLS
