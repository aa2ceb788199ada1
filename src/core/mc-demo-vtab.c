/* mc-demo-vtab.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demo batches into the workspace. Each table of a batch goes in with one statement,
 * INSERT ... SELECT from an eponymous virtual table that reads the batch's C array: one
 * statement per table per batch instead of one per row, and SQLite's cursors stay on the
 * right-most leaf of every B-tree (the generator's ids only grow), so inserts are appends.
 * Each row takes its change number from mc_db_next_seq() as the cursor reaches it.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include "mc-demo-private.h"
#include "mc-search.h"

typedef enum { T_MEMBER, T_ORDERS, T_POINTS, T_GROWTH, T_EVENTS, N_TABLES } TableId;

typedef struct
{
  McDemoWriter *writer;
  TableId       table;
} TableRef;

struct _McDemoWriter
{
  McDb         *db;
  sqlite3      *handle;
  McDemoBatch  *batch;                 /* the batch being inserted */
  TableRef      refs[N_TABLES];
  sqlite3_stmt *insert[N_TABLES];
};

typedef struct
{
  sqlite3_vtab  base;
  TableRef     *ref;
} VTab;

typedef struct
{
  sqlite3_vtab_cursor  base;
  TableRef            *ref;
  guint                row;
  guint                n_rows;
  gint64               seq;
} Cursor;

static const struct
{
  const char *module;
  const char *columns;
  const char *insert;
} tables[N_TABLES] = {
  [T_MEMBER] = {
    "mc_demo_member",
    "CREATE TABLE x (member_rowid, id, card_no, name, phone, email, gender, birthday, region, "
    "store_id, joined_at, join_channel, referrer_id, consent_marketing, consent_at, "
    "consent_purpose, tier, tier_since, points_balance, growth, spend_fen, orders_count, "
    "last_visit_at, updated_at, rev, seq)",
    "INSERT INTO member (rowid, id, card_no, name, phone, email, gender, birthday, region, "
    "store_id, joined_at, join_channel, referrer_id, consent_marketing, consent_at, "
    "consent_purpose, tier, tier_since, points_balance, growth, spend_fen, orders_count, "
    "last_visit_at, updated_at, rev, seq) "
    "SELECT member_rowid, id, card_no, name, phone, email, gender, birthday, region, "
    "store_id, joined_at, join_channel, referrer_id, consent_marketing, consent_at, "
    "consent_purpose, tier, tier_since, points_balance, growth, spend_fen, orders_count, "
    "last_visit_at, updated_at, rev, seq FROM mc_demo_member",
  },
  [T_ORDERS] = {
    "mc_demo_orders",
    "CREATE TABLE x (id, member_id, store_id, amount_fen, at, refund_of, rev, seq)",
    "INSERT INTO orders (id, member_id, store_id, amount_fen, at, refund_of, rev, seq) "
    "SELECT id, member_id, store_id, amount_fen, at, refund_of, rev, seq FROM mc_demo_orders",
  },
  [T_POINTS] = {
    "mc_demo_points",
    "CREATE TABLE x (id, member_id, kind, delta, reason, ref_id, at, expires_at, unrecovered, "
    "actor, rev, seq)",
    "INSERT INTO points_ledger (id, member_id, kind, delta, reason, ref_id, at, expires_at, "
    "unrecovered, actor, rev, seq) "
    "SELECT id, member_id, kind, delta, reason, ref_id, at, expires_at, unrecovered, actor, "
    "rev, seq FROM mc_demo_points",
  },
  [T_GROWTH] = {
    "mc_demo_growth",
    "CREATE TABLE x (id, member_id, kind, delta, reason, ref_id, at, unrecovered, actor, rev, seq)",
    "INSERT INTO growth_ledger (id, member_id, kind, delta, reason, ref_id, at, unrecovered, "
    "actor, rev, seq) "
    "SELECT id, member_id, kind, delta, reason, ref_id, at, unrecovered, actor, rev, seq "
    "FROM mc_demo_growth",
  },
  [T_EVENTS] = {
    "mc_demo_events",
    "CREATE TABLE x (id, member_id, kind, at, ref, rev, seq)",
    "INSERT INTO member_event (id, member_id, kind, at, ref, rev, seq) "
    "SELECT id, member_id, kind, at, ref, rev, seq FROM mc_demo_events",
  },
};

static guint
table_rows (McDemoBatch *batch,
            TableId      table)
{
  switch (table)
    {
    case T_MEMBER: return batch->n_members;
    case T_ORDERS: return batch->n_orders;
    case T_POINTS: return batch->n_points;
    case T_GROWTH: return batch->n_growth;
    case T_EVENTS: return batch->n_events;
    case N_TABLES:
    default:       return 0;
    }
}

static inline void
result_id (sqlite3_context *ctx,
           const char      *id)
{
  if (id == NULL || id[0] == '\0')
    sqlite3_result_null (ctx);
  else
    sqlite3_result_text (ctx, id, MC_DEMO_ID_LEN, SQLITE_STATIC);
}

static inline void
result_text (sqlite3_context *ctx,
             const char      *text)
{
  if (text == NULL || text[0] == '\0')
    sqlite3_result_null (ctx);
  else
    sqlite3_result_text (ctx, text, -1, SQLITE_STATIC);
}

static inline void
result_time (sqlite3_context *ctx,
             gint64           t)
{
  if (t == 0)
    sqlite3_result_null (ctx);
  else
    sqlite3_result_int64 (ctx, t);
}

static void
member_column (const McDemoMemberRow *m,
               int                    col,
               gint64                 seq,
               sqlite3_context       *ctx)
{
  switch (col)
    {
    case 0:  sqlite3_result_int64 (ctx, m->rowid); break;
    case 1:  result_id (ctx, m->id); break;
    case 2:  result_text (ctx, m->card_no); break;
    case 3:  result_text (ctx, m->name); break;
    case 4:  result_text (ctx, m->phone); break;
    case 5:  result_text (ctx, m->email); break;
    case 6:  result_text (ctx, m->gender); break;
    case 7:  result_text (ctx, m->birthday); break;
    case 8:  result_text (ctx, m->region); break;
    case 9:  result_id (ctx, m->store_id); break;
    case 10: sqlite3_result_int64 (ctx, m->joined_at); break;
    case 11: result_text (ctx, m->join_channel); break;
    case 12: result_id (ctx, m->referrer_id); break;
    case 13: sqlite3_result_int (ctx, m->consent_marketing ? 1 : 0); break;
    case 14: result_time (ctx, m->consent_at); break;
    case 15: result_text (ctx, m->consent_purpose); break;
    case 16: result_text (ctx, m->tier); break;
    case 17: sqlite3_result_int64 (ctx, m->tier_since); break;
    case 18: sqlite3_result_int64 (ctx, m->points_balance); break;
    case 19: sqlite3_result_int64 (ctx, m->growth); break;
    case 20: sqlite3_result_int64 (ctx, m->spend_fen); break;
    case 21: sqlite3_result_int64 (ctx, m->orders_count); break;
    case 22: result_time (ctx, m->last_visit_at); break;
    case 23: sqlite3_result_int64 (ctx, m->updated_at); break;
    case 24: sqlite3_result_text (ctx, m->rev, MC_DEMO_REV_LEN, SQLITE_STATIC); break;
    case 25: sqlite3_result_int64 (ctx, seq); break;
    default: sqlite3_result_null (ctx); break;
    }
}

static void
order_column (const McDemoOrderRow *o,
              int                   col,
              gint64                seq,
              sqlite3_context      *ctx)
{
  switch (col)
    {
    case 0:  result_id (ctx, o->id); break;
    case 1:  result_id (ctx, o->member_id); break;
    case 2:  result_id (ctx, o->store_id); break;
    case 3:  sqlite3_result_int64 (ctx, o->amount_fen); break;
    case 4:  sqlite3_result_int64 (ctx, o->at); break;
    case 5:  result_id (ctx, o->refund_of); break;
    case 6:  sqlite3_result_text (ctx, o->rev, MC_DEMO_REV_LEN, SQLITE_STATIC); break;
    case 7:  sqlite3_result_int64 (ctx, seq); break;
    default: sqlite3_result_null (ctx); break;
    }
}

static void
ledger_column (const McDemoLedgerRow *l,
               gboolean               points,
               int                    col,
               gint64                 seq,
               sqlite3_context       *ctx)
{
  /* The growth ledger has no expires_at: its columns after "at" shift by one. */
  if (!points && col >= 7)
    col++;
  switch (col)
    {
    case 0:  result_id (ctx, l->id); break;
    case 1:  result_id (ctx, l->member_id); break;
    case 2:  result_text (ctx, l->kind); break;
    case 3:  sqlite3_result_int64 (ctx, l->delta); break;
    case 4:  result_text (ctx, l->reason); break;
    case 5:  result_id (ctx, l->ref_id); break;
    case 6:  sqlite3_result_int64 (ctx, l->at); break;
    case 7:  result_time (ctx, l->expires_at); break;
    case 8:  sqlite3_result_int64 (ctx, l->unrecovered); break;
    case 9:  sqlite3_result_text (ctx, MC_DEMO_ACTOR, -1, SQLITE_STATIC); break;
    case 10: sqlite3_result_text (ctx, l->rev, MC_DEMO_REV_LEN, SQLITE_STATIC); break;
    case 11: sqlite3_result_int64 (ctx, seq); break;
    default: sqlite3_result_null (ctx); break;
    }
}

static void
event_column (const McDemoEventRow *e,
              int                   col,
              gint64                seq,
              sqlite3_context      *ctx)
{
  switch (col)
    {
    case 0:  result_id (ctx, e->id); break;
    case 1:  result_id (ctx, e->member_id); break;
    case 2:  result_text (ctx, e->kind); break;
    case 3:  sqlite3_result_int64 (ctx, e->at); break;
    case 4:  result_id (ctx, e->ref); break;
    case 5:  sqlite3_result_text (ctx, e->rev, MC_DEMO_REV_LEN, SQLITE_STATIC); break;
    case 6:  sqlite3_result_int64 (ctx, seq); break;
    default: sqlite3_result_null (ctx); break;
    }
}

static int
vtab_connect (sqlite3             *handle,
              void                *aux,
              int                  argc,
              const char * const  *argv,
              sqlite3_vtab       **vtab,
              char               **errmsg)
{
  TableRef *ref = aux;
  int rc = sqlite3_declare_vtab (handle, tables[ref->table].columns);
  VTab *v;

  if (rc != SQLITE_OK)
    return rc;
  v = sqlite3_malloc (sizeof (VTab));
  if (v == NULL)
    return SQLITE_NOMEM;
  memset (v, 0, sizeof (VTab));
  v->ref = ref;
  *vtab = &v->base;
  return SQLITE_OK;
}

static int
vtab_disconnect (sqlite3_vtab *vtab)
{
  sqlite3_free (vtab);
  return SQLITE_OK;
}

static int
vtab_best_index (sqlite3_vtab       *vtab,
                 sqlite3_index_info *info)
{
  info->estimatedCost = 1000000.0;
  info->estimatedRows = 1000000;
  return SQLITE_OK;
}

static int
vtab_open (sqlite3_vtab         *vtab,
           sqlite3_vtab_cursor **cursor)
{
  Cursor *c = sqlite3_malloc (sizeof (Cursor));

  if (c == NULL)
    return SQLITE_NOMEM;
  memset (c, 0, sizeof (Cursor));
  c->ref = ((VTab *) vtab)->ref;
  *cursor = &c->base;
  return SQLITE_OK;
}

static int
vtab_close (sqlite3_vtab_cursor *cursor)
{
  sqlite3_free (cursor);
  return SQLITE_OK;
}

static void
cursor_take_seq (Cursor *c)
{
  if (c->row < c->n_rows)
    c->seq = mc_db_next_seq (c->ref->writer->db);
}

static int
vtab_filter (sqlite3_vtab_cursor  *cursor,
             int                   idx_num,
             const char           *idx_str,
             int                   argc,
             sqlite3_value       **argv)
{
  Cursor *c = (Cursor *) cursor;
  McDemoBatch *batch = c->ref->writer->batch;

  c->row = 0;
  c->n_rows = batch != NULL ? table_rows (batch, c->ref->table) : 0;
  cursor_take_seq (c);
  return SQLITE_OK;
}

static int
vtab_next (sqlite3_vtab_cursor *cursor)
{
  Cursor *c = (Cursor *) cursor;

  c->row++;
  cursor_take_seq (c);
  return SQLITE_OK;
}

static int
vtab_eof (sqlite3_vtab_cursor *cursor)
{
  Cursor *c = (Cursor *) cursor;

  return c->row >= c->n_rows;
}

static int
vtab_column (sqlite3_vtab_cursor *cursor,
             sqlite3_context     *ctx,
             int                  col)
{
  Cursor *c = (Cursor *) cursor;
  McDemoBatch *b = c->ref->writer->batch;

  switch (c->ref->table)
    {
    case T_MEMBER: member_column (&b->members[c->row], col, c->seq, ctx); break;
    case T_ORDERS: order_column (&b->orders[c->row], col, c->seq, ctx); break;
    case T_POINTS: ledger_column (&b->points[c->row], TRUE, col, c->seq, ctx); break;
    case T_GROWTH: ledger_column (&b->growth[c->row], FALSE, col, c->seq, ctx); break;
    case T_EVENTS: event_column (&b->events[c->row], col, c->seq, ctx); break;
    case N_TABLES:
    default:       sqlite3_result_null (ctx); break;
    }
  return SQLITE_OK;
}

static int
vtab_rowid (sqlite3_vtab_cursor *cursor,
            sqlite3_int64       *rowid)
{
  *rowid = ((Cursor *) cursor)->row;
  return SQLITE_OK;
}

static const sqlite3_module demo_module = {
  .iVersion = 0,
  .xCreate = NULL,             /* eponymous only: no CREATE VIRTUAL TABLE */
  .xConnect = vtab_connect,
  .xBestIndex = vtab_best_index,
  .xDisconnect = vtab_disconnect,
  .xDestroy = vtab_disconnect,
  .xOpen = vtab_open,
  .xClose = vtab_close,
  .xFilter = vtab_filter,
  .xNext = vtab_next,
  .xEof = vtab_eof,
  .xColumn = vtab_column,
  .xRowid = vtab_rowid,
};

void
mc_demo_writer_free (McDemoWriter *w)
{
  if (w == NULL)
    return;
  for (guint t = 0; t < N_TABLES; t++)
    g_clear_pointer (&w->insert[t], sqlite3_finalize);
  for (guint t = 0; t < N_TABLES; t++)
    if (w->refs[t].writer != NULL)
      sqlite3_create_module_v2 (w->handle, tables[t].module, NULL, NULL, NULL);
  g_free (w);
}

McDemoWriter *
mc_demo_writer_new (McDb    *db,
                    GError **error)
{
  McDemoWriter *w = g_new0 (McDemoWriter, 1);

  w->db = db;
  w->handle = mc_db_get_handle (db);
  for (guint t = 0; t < N_TABLES; t++)
    {
      w->refs[t].writer = w;
      w->refs[t].table = (TableId) t;
      if (sqlite3_create_module_v2 (w->handle, tables[t].module, &demo_module, &w->refs[t], NULL) != SQLITE_OK)
        goto fail;
    }
  for (guint t = 0; t < N_TABLES; t++)
    if (sqlite3_prepare_v3 (w->handle, tables[t].insert, -1, SQLITE_PREPARE_PERSISTENT,
                            &w->insert[t], NULL) != SQLITE_OK)
      goto fail;
  return w;

fail:
  mc_db_set_error (db, error);
  mc_demo_writer_free (w);
  return NULL;
}

static gboolean
writer_step (McDemoWriter  *w,
             sqlite3_stmt  *stmt,
             GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (w->db, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
mc_demo_writer_insert (McDemoWriter  *w,
                       McDemoBatch   *batch,
                       GError       **error)
{
  gboolean ok = TRUE;

  w->batch = batch;
  for (guint t = 0; t < N_TABLES && ok; t++)
    {
      if (table_rows (batch, (TableId) t) > 0)
        ok = writer_step (w, w->insert[t], error);
      /* Members first: their search terms, before the rows that point at them. */
      if (ok && t == T_MEMBER)
        for (guint i = 0; i < batch->n_members && ok; i++)
          {
            const McDemoMemberRow *m = &batch->members[i];

            ok = mc_search_index (w->db, m->rowid, m->name, m->phone, error);
          }
    }
  w->batch = NULL;
  return ok;
}
