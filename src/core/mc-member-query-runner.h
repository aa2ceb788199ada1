/* mc-member-query-runner.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs member queries (mc_member_query_run_full) in a worker thread, on a read-only
 * connection of its own to the workspace (mc_db_open_reader), so that a list of a million
 * members never blocks the main loop. Queries run one at a time on that connection; a
 * cancelled one is interrupted (its statement and its name sort) so the next starts at once.
 */
#pragma once

#include <gio/gio.h>

#include "mc-member-query.h"

G_BEGIN_DECLS

#define MC_TYPE_MEMBER_QUERY_RUNNER (mc_member_query_runner_get_type ())
G_DECLARE_FINAL_TYPE (McMemberQueryRunner, mc_member_query_runner, MC, MEMBER_QUERY_RUNNER, GObject)

/* The connection opens on the first query. */
McMemberQueryRunner *mc_member_query_runner_new        (const char           *path);
void                 mc_member_query_runner_run_async  (McMemberQueryRunner  *self,
                                                        const McMemberQuery  *query,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* The rowids (gint64) in the query's order; G_IO_ERROR_CANCELLED when cancelled. */
GArray              *mc_member_query_runner_run_finish (McMemberQueryRunner  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
