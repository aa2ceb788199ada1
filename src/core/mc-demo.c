/* mc-demo.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demo data, the SQLite side. A generator thread (mc-demo-gen.c) fills batches of rows
 * while this thread inserts the previous batch. Each table of a batch goes in with one
 * statement, INSERT ... SELECT from an eponymous virtual table that reads the batch's C
 * array: one statement per table per batch instead of one per row, and SQLite's cursors
 * stay on the right-most leaf of every B-tree (the ids only grow), so inserts are appends.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-demo.h"
#include "mc-demo-private.h"
#include "mc-error.h"
#include "mc-programme.h"
#include "mc-search.h"

#define BATCH_MEMBERS  5000
#define COMMIT_MEMBERS 50000
#define N_BUFFERS      3
#define MAX_MEMBERS    100000000u

/* ---------------------------------------------------------------------------------- */
/* Virtual tables over a batch                                                         */

typedef enum { T_MEMBER, T_ORDERS, T_POINTS, T_GROWTH, T_EVENTS, N_TABLES } TableId;

typedef struct _Writer Writer;

typedef struct
{
  Writer  *writer;
  TableId  table;
} TableRef;

struct _Writer
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

static void
writer_close (Writer *w)
{
  if (w->handle == NULL)
    return;
  for (guint t = 0; t < N_TABLES; t++)
    g_clear_pointer (&w->insert[t], sqlite3_finalize);
  for (guint t = 0; t < N_TABLES; t++)
    sqlite3_create_module_v2 (w->handle, tables[t].module, NULL, NULL, NULL);
  w->handle = NULL;
}

static gboolean
writer_open (Writer  *w,
             McDb    *db,
             GError **error)
{
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
  return TRUE;

fail:
  mc_db_set_error (db, error);
  writer_close (w);
  return FALSE;
}

static gboolean
writer_step (Writer        *w,
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

/* Inside the caller's transaction. */
static gboolean
writer_insert (Writer       *w,
               McDemoBatch  *batch,
               GError      **error)
{
  gboolean ok = TRUE;

  static double prof[N_TABLES + 1];
  static guint nb;
  w->batch = batch;
  for (guint t = 0; t < N_TABLES && ok; t++)
    {
      gint64 t0 = g_get_monotonic_time ();
      if (table_rows (batch, (TableId) t) > 0)
        ok = writer_step (w, w->insert[t], error);
      prof[t] += (g_get_monotonic_time () - t0) / 1e6;
      t0 = g_get_monotonic_time ();
      if (ok && t == T_MEMBER)
        for (guint i = 0; i < batch->n_members && ok; i++)
          {
            const McDemoMemberRow *m = &batch->members[i];

            ok = mc_search_index (w->db, m->rowid, m->name, m->phone, m->card_no, error);
          }
      prof[N_TABLES] += (g_get_monotonic_time () - t0) / 1e6;
    }
  if (g_getenv ("MC_DEMO_PROF") && ++nb % 20 == 0)
    g_printerr ("\nmember %.2f orders %.2f points %.2f growth %.2f events %.2f fts %.2f\n", prof[0], prof[1], prof[2], prof[3], prof[4], prof[5]);
  w->batch = NULL;
  return ok;
}

/* ---------------------------------------------------------------------------------- */
/* The generator thread                                                                */

typedef struct
{
  McDemoGen   *gen;
  GAsyncQueue *free_batches;
  GAsyncQueue *full_batches;
  guint        n_members;
  gint         stop;
} Pipeline;

static gpointer
generate_thread (gpointer data)
{
  Pipeline *p = data;

  for (guint first = 0; first < p->n_members; first += BATCH_MEMBERS)
    {
      McDemoBatch *batch = g_async_queue_pop (p->free_batches);

      if (g_atomic_int_get (&p->stop))
        {
          g_async_queue_push (p->free_batches, batch);
          break;
        }
      mc_demo_gen_fill (p->gen, batch, first, MIN (BATCH_MEMBERS, p->n_members - first));
      g_async_queue_push (p->full_batches, batch);
    }
  return NULL;
}

/* ---------------------------------------------------------------------------------- */
/* Setting up and cleaning up                                                          */

static gboolean
query_int64 (McDb        *db,
             const char  *sql,
             gint64      *value,
             GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  *value = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gint64
today_midnight (GTimeZone *tz)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) midnight = g_date_time_new (tz, g_date_time_get_year (now),
                                                   g_date_time_get_month (now),
                                                   g_date_time_get_day_of_month (now), 0, 0, 0);

  return g_date_time_to_unix (midnight);
}

/* The stores: ours, or one of the workspace's with the same name. */
static gboolean
add_stores (McDb       *db,
            McDemoGen  *gen,
            gboolean    inserted[MC_DEMO_N_STORES],
            GError    **error)
{
  for (guint i = 0; i < MC_DEMO_N_STORES; i++)
    {
      char id[MC_DEMO_ID_LEN + 1], rev[MC_DEMO_REV_LEN + 1];
      sqlite3_stmt *stmt = mc_db_prepare (db,
        "SELECT id FROM store WHERE name = ? AND deleted = 0", error);
      int rc;

      inserted[i] = FALSE;
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, mc_demo_stores[i].name, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        mc_demo_gen_use_store (gen, i, mc_db_column_text (stmt, 0));
      sqlite3_reset (stmt);
      if (rc == SQLITE_ROW)
        continue;
      if (rc != SQLITE_DONE)
        return mc_db_set_error (db, error);

      mc_demo_gen_store_id (gen, i, id, rev);
      stmt = mc_db_prepare (db, "INSERT INTO store (id, name, city, rev, seq) VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, mc_demo_stores[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, mc_demo_stores[i].city, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, rev, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, mc_db_next_seq (db));
      if (!mc_db_step_done (db, stmt, error))
        return FALSE;
      mc_demo_gen_use_store (gen, i, id);
      inserted[i] = TRUE;
    }
  return TRUE;
}

/* After a failure with batches committed: takes out every row the generator made (all
 * their ids sort within one range), so the workspace is empty of members again. */
static gboolean
remove_partial (McDb      *db,
                McDemoGen *gen,
                GError   **error)
{
  static const char * const deletes[] = {
    "DELETE FROM member_event WHERE id >= ?1 AND id < ?2",
    "DELETE FROM points_ledger WHERE id >= ?1 AND id < ?2",
    "DELETE FROM growth_ledger WHERE id >= ?1 AND id < ?2",
    "DELETE FROM orders WHERE id >= ?1 AND id < ?2",
    "DELETE FROM member WHERE id >= ?1 AND id < ?2",
    "DELETE FROM store WHERE id >= ?1 AND id < ?2 "
    "AND NOT EXISTS (SELECT 1 FROM member m WHERE m.store_id = store.id) "
    "AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.store_id = store.id)",
  };
  char lo[MC_DEMO_ID_LEN + 1], hi[MC_DEMO_ID_LEN + 1];

  mc_demo_gen_id_range (gen, lo, hi);
  if (!mc_db_begin (db, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (deletes); i++)
    {
      sqlite3_stmt *stmt = mc_db_prepare (db, deletes[i], error);

      if (stmt == NULL)
        goto fail;
      sqlite3_bind_text (stmt, 1, lo, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, hi, -1, SQLITE_STATIC);
      if (!mc_db_step_done (db, stmt, error))
        goto fail;
    }
  /* The workspace had no members, so the search index had none either. */
  if (!mc_db_exec (db, "INSERT INTO member_fts (member_fts) VALUES ('delete-all')", error) ||
      !mc_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}

/* ---------------------------------------------------------------------------------- */

gboolean
mc_demo_generate (McDb                *db,
                  const McDemoOptions *options,
                  McDemoProgress       progress,
                  gpointer             user_data,
                  GCancellable        *cancellable,
                  McDemoStats         *stats,
                  GError             **error)
{
  g_autoptr(McProgramme) programme = NULL;
  McDemoOptions opt;
  McDemoStats s = { 0 };
  McDemoGen *gen = NULL;
  McDemoBatch *buffers[N_BUFFERS] = { NULL };
  Pipeline pipe = { 0 };
  Writer w = { 0 };
  GThread *thread = NULL;
  GTimeZone *tz;
  gboolean inserted[MC_DEMO_N_STORES] = { FALSE };
  gboolean ok = FALSE, bulk = FALSE, committed_any = FALSE, foreign_keys = TRUE;
  gint64 started = g_get_monotonic_time ();
  gint64 first_card_no = 1, value;
  guint done = 0, since_commit = 0;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (!mc_db_in_transaction (db), FALSE);

  opt = *options;
  if (opt.n_members == 0 || opt.n_members > MAX_MEMBERS)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Demo data has from 1 to 100,000,000 members; %u were asked for."), opt.n_members);
      return FALSE;
    }
  if (!(opt.orders_per_member > 0.0))
    opt.orders_per_member = 10.0;
  if (opt.orders_per_member > 1000.0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Demo data has at most 1,000 orders per member on average."));
      return FALSE;
    }
  tz = mc_db_get_time_zone (db);
  if (opt.end == 0)
    opt.end = today_midnight (tz);

  if (!mc_audit_require (db, MC_PERMISSION_IMPORT, "demo.generate", error))
    return FALSE;

  /* One transaction to check, set up the programme and the stores. */
  if (!mc_db_begin (db, error))
    return FALSE;
  if (!query_int64 (db, "SELECT EXISTS (SELECT 1 FROM member)", &value, error))
    goto fail_setup;
  if (value != 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("This workspace has members already. Demo data goes only into an empty "
                     "workspace: create a new one for it."));
      goto fail_setup;
    }
  if (!query_int64 (db, "SELECT count (*) FROM programme_version WHERE status = 'live' AND deleted = 0",
                    &value, error))
    goto fail_setup;
  if (value > 0)
    programme = mc_programme_load_live (db, error);
  else
    {
      programme = mc_programme_new_default ();
      if (!mc_programme_install_live (db, programme, error))
        g_clear_pointer (&programme, mc_programme_free);
    }
  if (programme == NULL)
    goto fail_setup;
  {
    g_autofree char *next = NULL;

    if (!mc_db_get_meta (db, "next_card_no", &next, error))
      goto fail_setup;
    if (next != NULL)
      first_card_no = MAX (1, g_ascii_strtoll (next, NULL, 10));
  }
  gen = mc_demo_gen_new (&opt, programme, tz, first_card_no);
  if (!add_stores (db, gen, inserted, error) ||
      !mc_db_commit (db, error))
    goto fail_setup;
  for (guint i = 0; i < MC_DEMO_N_STORES; i++)
    s.stores += inserted[i];

  /* The load */
  {
    gint64 fk = 1;

    if (!query_int64 (db, "PRAGMA foreign_keys", &fk, error))
      goto out;
    foreign_keys = fk != 0;
  }
  mc_db_set_bulk_mode (db, TRUE);
  bulk = TRUE;
  if (g_getenv ("MC_DEMO_JM") != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA journal_mode = %s", g_getenv ("MC_DEMO_JM"));
      mc_db_exec (db, sql, NULL);
    }
  if (g_getenv ("MC_DEMO_CACHE") != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = -%s", g_getenv ("MC_DEMO_CACHE"));
      mc_db_exec (db, sql, NULL);
    }
  if (g_getenv ("MC_DEMO_NOFK") != NULL)
    mc_db_exec (db, "PRAGMA foreign_keys = OFF", NULL), foreign_keys = FALSE;
  if (!writer_open (&w, db, error))
    goto out;

  pipe.gen = gen;
  pipe.n_members = opt.n_members;
  pipe.free_batches = g_async_queue_new ();
  pipe.full_batches = g_async_queue_new ();
  for (guint i = 0; i < N_BUFFERS; i++)
    {
      buffers[i] = mc_demo_batch_new (BATCH_MEMBERS);
      g_async_queue_push (pipe.free_batches, buffers[i]);
    }
  thread = g_thread_new ("mc-demo-gen", generate_thread, &pipe);

  while (done < opt.n_members)
    {
      McDemoBatch *batch = g_async_queue_pop (pipe.full_batches);
      gboolean inserted_ok;

      if (!mc_db_in_transaction (db) && !mc_db_begin (db, error))
        {
          g_async_queue_push (pipe.free_batches, batch);
          goto out;
        }
      inserted_ok = writer_insert (&w, batch, error);
      if (inserted_ok)
        {
          s.members += batch->n_members;
          s.orders += batch->sales;
          s.refunds += batch->refunds;
          s.anonymous_orders += batch->anonymous;
          s.points_entries += batch->n_points;
          s.growth_entries += batch->n_growth;
          s.events += batch->n_events;
          done += batch->n_members;
          since_commit += batch->n_members;
        }
      g_async_queue_push (pipe.free_batches, batch);
      if (!inserted_ok)
        goto out;
      if (since_commit >= (g_getenv ("MC_DEMO_COMMIT") ? (guint) atoi (g_getenv ("MC_DEMO_COMMIT")) : COMMIT_MEMBERS) || done == opt.n_members)
        {
          if (!mc_db_commit (db, error))
            goto out;
          committed_any = TRUE;
          since_commit = 0;
        }
      if (progress != NULL)
        progress (0.97 * done / opt.n_members, user_data);
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
    }
  ok = TRUE;

out:
  if (mc_db_in_transaction (db))
    mc_db_rollback (db);
  if (thread != NULL)
    {
      McDemoBatch *batch;

      g_atomic_int_set (&pipe.stop, 1);
      /* Give the generator its buffers back so it can see the stop and end. */
      while ((batch = g_async_queue_try_pop (pipe.full_batches)) != NULL)
        g_async_queue_push (pipe.free_batches, batch);
      g_thread_join (thread);
    }
  writer_close (&w);
  if (g_getenv ("MC_DEMO_JM") != NULL)
    mc_db_exec (db, "PRAGMA journal_mode = WAL", NULL);
  if (bulk)
    mc_db_set_bulk_mode (db, FALSE);
  if (!foreign_keys)
    mc_db_exec (db, "PRAGMA foreign_keys = ON", NULL);

  if (ok)
    {
      char buf[32];
      g_autofree char *after = NULL;

      g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, first_card_no + (gint64) opt.n_members);
      after = g_strdup_printf ("{\"members\":%" G_GUINT64_FORMAT ",\"orders\":%" G_GUINT64_FORMAT
                               ",\"seed\":%" G_GUINT64_FORMAT ",\"end\":%" G_GINT64_FORMAT "}",
                               s.members, s.orders, opt.seed, opt.end);
      ok = mc_db_begin (db, error);
      if (ok && (!mc_db_set_meta (db, "next_card_no", buf, error) ||
                 !mc_audit_log (db, "demo.generate", NULL, NULL, NULL, after, error) ||
                 !mc_db_commit (db, error)))
        {
          mc_db_rollback (db);
          ok = FALSE;
        }
    }
  if (!ok && committed_any)
    {
      g_autoptr(GError) local_error = NULL;

      if (!remove_partial (db, gen, &local_error))
        g_prefix_error (error, _("The demo data made so far could not be removed (%s): "),
                        local_error->message);
    }

  if (pipe.free_batches != NULL)
    {
      g_async_queue_unref (pipe.free_batches);
      g_async_queue_unref (pipe.full_batches);
    }
  for (guint i = 0; i < N_BUFFERS; i++)
    mc_demo_batch_free (buffers[i]);
  mc_demo_gen_free (gen);

  if (ok)
    {
      s.seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
      if (progress != NULL)
        progress (1.0, user_data);
      if (stats != NULL)
        *stats = s;
    }
  return ok;

fail_setup:
  mc_db_rollback (db);
  mc_demo_gen_free (gen);
  return FALSE;
}
