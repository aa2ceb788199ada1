/* mc-member-list-model.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "mc-db.h"
#include "mc-member-query.h"

G_BEGIN_DECLS

#define MC_MEMBER_LIST_MODEL_PAGE_SIZE 200
#define MC_MEMBER_LIST_MODEL_MAX_PAGES 32

#define MC_TYPE_MEMBER_LIST_MODEL (mc_member_list_model_get_type ())
G_DECLARE_FINAL_TYPE (McMemberListModel, mc_member_list_model, MC, MEMBER_LIST_MODEL, GObject)

McMemberListModel   *mc_member_list_model_new         (McDb                *db);
McDb                *mc_member_list_model_get_db      (McMemberListModel   *self);
const McMemberQuery *mc_member_list_model_get_query   (McMemberListModel   *self);
/* Runs the query and replaces every item; on error the model keeps its rows. */
gboolean             mc_member_list_model_set_query   (McMemberListModel   *self,
                                                       const McMemberQuery *query,
                                                       GError             **error);
/* Runs the query in a worker thread, cancelling the one running before; the items stay
 * until the new ones replace them ("loading" is TRUE meanwhile), then "query-done" (or
 * "load-failed"). */
void                 mc_member_list_model_run_query   (McMemberListModel   *self,
                                                       const McMemberQuery *query);
/* Stops the query running in the worker, if any; the items stay as they are. */
void                 mc_member_list_model_cancel      (McMemberListModel   *self);
gboolean             mc_member_list_model_get_loading (McMemberListModel   *self);
/* The query running in the worker, or else the one shown. */
const McMemberQuery *mc_member_list_model_get_pending_query (McMemberListModel *self);
/* How long the last query run in the worker took, start to rows replaced. */
double               mc_member_list_model_get_last_query_ms (McMemberListModel *self);
/* Runs the same query again (after a change to the data). */
gboolean             mc_member_list_model_reload      (McMemberListModel   *self,
                                                       GError             **error);
/* Reads the rows again (the same rowids, e.g. with the database's current role): the
 * items on screen get their new data in place ("changed"), the others when next asked. */
void                 mc_member_list_model_refresh     (McMemberListModel   *self);
guint                mc_member_list_model_get_n_cached_pages (McMemberListModel *self);
guint                mc_member_list_model_get_n_page_loads   (McMemberListModel *self);

G_END_DECLS
