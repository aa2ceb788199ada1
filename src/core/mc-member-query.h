/* mc-member-query.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member list as the GUI shows it: which members (filters by tier, tag, store, status
 * and birthday month; a typed search), in which order (a sort column, ascending or
 * descending; names in pinyin order), and a page of light rows at a time, with contact
 * data masked for roles that may not see it.
 *
 * Paging: mc_member_query_run() returns the rowids of every matching member in order
 * (8 bytes a member, one indexed or sorted scan); mc_member_query_load_rows() then reads
 * any slice of it by rowid, so a list can jump to its middle or end as fast as to its
 * start. mc_member_query_page() does both for one page (OFFSET semantics) for callers
 * that do not keep the rowids.
 *
 * Threads: mc_member_query_run_full() may run in a worker on its own connection
 * (mc_db_open_reader()); its GCancellable interrupts the SQL and the name sort.
 */
#pragma once

#include <gio/gio.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef enum
{
  MC_MEMBER_SORT_DEFAULT,      /* the order members were added in (rowid) */
  MC_MEMBER_SORT_CARD,
  MC_MEMBER_SORT_NAME,         /* pinyin order (mc_pinyin_sort_key), then rowid */
  MC_MEMBER_SORT_PHONE,
  MC_MEMBER_SORT_TIER,         /* by tier code, then rowid */
  MC_MEMBER_SORT_POINTS,
  MC_MEMBER_SORT_GROWTH,
  MC_MEMBER_SORT_LAST_VISIT,   /* members never seen sort first ascending */
  MC_MEMBER_SORT_SPEND,
  MC_MEMBER_SORT_JOINED,
} McMemberSort;

/* Hits of a typed search: at most this many, best first unless a sort column is set. */
#define MC_MEMBER_QUERY_MAX_HITS 5000

typedef enum
{
  MC_MEMBER_STATUS_ANY,        /* every live (not deleted) member */
  MC_MEMBER_STATUS_ACTIVE,
  MC_MEMBER_STATUS_FROZEN,
  MC_MEMBER_STATUS_ERASED,
} McMemberStatusFilter;

typedef struct
{
  McMemberSort          sort;
  gboolean              descending;
  char                 *tier;           /* a tier code; NULL or "": every tier */
  char                 *text;           /* what a person typed; NULL or blank: everyone */
  char                 *tag;            /* a tag id; NULL or "": any tags */
  char                 *store;          /* a store id; NULL or "": every store */
  McMemberStatusFilter  status;
  guint                 birthday_month; /* 1..12: birthday in that month; 0: any */
} McMemberQuery;

/* A value a filter can take: a tag or a store. */
typedef struct
{
  char *id;
  char *name;
} McMemberQueryChoice;

/* One row of the member list; phone is already masked when the role may not see it. */
typedef struct
{
  gint64  rowid;
  char   *id;
  char   *card_no;
  char   *name;
  char   *phone;               /* national form "13812345678" or masked "138****5678"; may be NULL */
  char   *tier;                /* tier code */
  gint64  points;
  gint64  growth;
  gint64  spend_fen;
  gint64  last_visit_at;       /* 0: never */
  gint64  joined_at;
} McMemberListRow;

McMemberQuery   *mc_member_query_new       (void);
McMemberQuery   *mc_member_query_copy      (const McMemberQuery *self);
void             mc_member_query_free      (McMemberQuery *self);
gboolean         mc_member_query_equal     (const McMemberQuery *a,
                                            const McMemberQuery *b);
/* Whether the query has something typed to search for. */
gboolean         mc_member_query_has_text  (const McMemberQuery *self);

void             mc_member_list_row_free   (McMemberListRow *self);
void             mc_member_query_choice_free (McMemberQueryChoice *self);

/* The month (1..12) it is now in the workspace's time zone: for "birthday this month". */
guint            mc_member_query_month_now (McDb                *db);
/* The live tags and stores, by name: GPtrArray of McMemberQueryChoice. */
GPtrArray       *mc_member_query_list_tags   (McDb              *db,
                                              GError           **error);
GPtrArray       *mc_member_query_list_stores (McDb              *db,
                                              GError           **error);

/* How many live members match. */
gint64           mc_member_query_count     (McDb                *db,
                                            const McMemberQuery *query,
                                            GError             **error);
/* The rowids (gint64) of every live member that matches, in the query's order. */
GArray          *mc_member_query_run       (McDb                *db,
                                            const McMemberQuery *query,
                                            GError             **error);
/* The same, cancellable from another thread (G_IO_ERROR_CANCELLED). */
GArray          *mc_member_query_run_full  (McDb                *db,
                                            const McMemberQuery *query,
                                            GCancellable        *cancellable,
                                            GError             **error);
/* Rows for rowids[offset .. offset + limit) (clamped), in that order, as role may see
 * them: a GPtrArray of McMemberListRow. A member deleted since the run is left out. */
GPtrArray       *mc_member_query_load_rows (McDb                *db,
                                            const GArray        *rowids,
                                            guint                offset,
                                            guint                limit,
                                            McRole               role,
                                            GError             **error);
/* One page of the query's rows: offset and limit into its order. */
GPtrArray       *mc_member_query_page      (McDb                *db,
                                            const McMemberQuery *query,
                                            guint                offset,
                                            guint                limit,
                                            McRole               role,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McMemberQuery, mc_member_query_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McMemberListRow, mc_member_list_row_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McMemberQueryChoice, mc_member_query_choice_free)

G_END_DECLS
