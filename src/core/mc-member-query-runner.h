/* mc-member-query-runner.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs member queries (mc_member_query_run_full) in a worker thread, on a read-only
 * connection of its own to the workspace (mc_db_open_reader), so that a list of a million
 * members never blocks the main loop. Queries run one at a time on that connection; a
 * cancelled one is interrupted (its statement and its name sort) so the next starts at once.
 * The first rows to show are read there too, so the main thread has nothing to read
 * before it can paint the new results.
 */
#pragma once

#include <gio/gio.h>

#include "mc-member-query.h"

G_BEGIN_DECLS

#define MC_TYPE_MEMBER_QUERY_RUNNER (mc_member_query_runner_get_type ())
G_DECLARE_FINAL_TYPE (McMemberQueryRunner, mc_member_query_runner, MC, MEMBER_QUERY_RUNNER, GObject)

typedef struct
{
  GArray    *rowids;      /* gint64, in the query's order */
  GPtrArray *first_rows;  /* McMemberListRow for rowids[0 .. n_first_rows), as role sees them */
  McRole     role;
} McMemberQueryResult;

void                 mc_member_query_result_free       (McMemberQueryResult  *self);

/* The connection opens on the first query. */
McMemberQueryRunner *mc_member_query_runner_new        (const char           *path);
void                 mc_member_query_runner_run_async  (McMemberQueryRunner  *self,
                                                        const McMemberQuery  *query,
                                                        McRole                role,
                                                        guint                 n_first_rows,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
/* G_IO_ERROR_CANCELLED when cancelled. */
McMemberQueryResult *mc_member_query_runner_run_finish (McMemberQueryRunner  *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McMemberQueryResult, mc_member_query_result_free)

G_END_DECLS
