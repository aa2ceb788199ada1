/* mc-demo.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Demo data for an empty workspace: the setup (the live programme, the stores), then the
 * load. A generator thread (mc-demo-gen.c) fills batches of rows while this thread
 * inserts the previous batch (mc-demo-vtab.c), committing every COMMIT_MEMBERS members.
 *
 * For the load, measured on 2 cores (1M members, 10M orders, 37M rows): the generator
 * thread is busy ~6% of the time; the writer is the bottleneck, half SQLite's B-tree
 * work, half the kernel copying pages into the page cache. So the load:
 * - writes through a rollback journal instead of the WAL when it can (no other
 *   connection): pages past the file's old end are not journaled, so each page is
 *   written once, page-aligned, instead of twice (WAL frame, then checkpoint): -20%;
 * - leaves foreign keys unchecked (every row is made to satisfy them; the tests check
 *   PRAGMA foreign_key_check): -20%;
 * - uses a 128 MiB page cache rather than bulk mode's 1 GiB: fewer fresh-memory page
 *   faults, shorter dirty lists at each commit: -20%.
 * Everything is put back as it was afterwards, also on failure.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-demo.h"
#include "mc-demo-private.h"
#include "mc-error.h"
#include "mc-programme.h"

#define BATCH_MEMBERS   5000
#define COMMIT_MEMBERS  50000
#define N_BUFFERS       3
#define MAX_MEMBERS     100000000u
#define LOAD_CACHE_KIB  131072

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
/* Connection settings for the load                                                    */

typedef struct
{
  gboolean bulk;
  gboolean left_wal;
  gboolean foreign_keys;
} LoadSettings;

static char *
query_text (McDb       *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (mc_db_get_handle (db), sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
load_settings_apply (McDb         *db,
                     LoadSettings *s)
{
  g_autofree char *mode = query_text (db, "PRAGMA journal_mode");
  g_autofree char *fk = query_text (db, "PRAGMA foreign_keys");

  mc_db_set_bulk_mode (db, TRUE);
  s->bulk = TRUE;
  s->foreign_keys = g_strcmp0 (fk, "1") == 0;
  if (s->foreign_keys)
    mc_db_exec (db, "PRAGMA foreign_keys = OFF", NULL);
  mc_db_exec (db, "PRAGMA cache_size = -" G_STRINGIFY (LOAD_CACHE_KIB), NULL);
  /* Only possible when no other connection has the workspace open; else stay in WAL. */
  if (g_strcmp0 (mode, "wal") == 0)
    {
      g_autofree char *now = query_text (db, "PRAGMA journal_mode = TRUNCATE");

      s->left_wal = g_strcmp0 (now, "truncate") == 0;
    }
  g_debug ("Demo load: journal %s%s, foreign keys %s, cache %d KiB", mode,
           s->left_wal ? " -> truncate" : "", s->foreign_keys ? "off for the load" : "off", LOAD_CACHE_KIB);
}

static void
load_settings_restore (McDb         *db,
                       LoadSettings *s)
{
  if (s->left_wal)
    {
      g_autofree char *now = query_text (db, "PRAGMA journal_mode = WAL");

      /* Another connection opened the file meanwhile: it goes back at the next open. */
      if (g_strcmp0 (now, "wal") != 0)
        g_debug ("Still in %s journal mode after the demo data", now != NULL ? now : "?");
    }
  if (s->foreign_keys)
    mc_db_exec (db, "PRAGMA foreign_keys = ON", NULL);
  if (s->bulk)
    mc_db_set_bulk_mode (db, FALSE);   /* also resets the cache size */
  memset (s, 0, sizeof *s);
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
remove_partial (McDb       *db,
                McDemoGen  *gen,
                GError    **error)
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
mc_demo_generate (McDb                 *db,
                  const McDemoOptions  *options,
                  McDemoProgress        progress,
                  gpointer              user_data,
                  GCancellable         *cancellable,
                  McDemoStats          *stats,
                  GError              **error)
{
  g_autoptr(McProgramme) programme = NULL;
  McDemoOptions opt;
  McDemoStats s = { 0 };
  McDemoGen *gen = NULL;
  McDemoWriter *writer = NULL;
  McDemoBatch *buffers[N_BUFFERS] = { NULL };
  LoadSettings settings = { 0 };
  Pipeline pipe = { 0 };
  GThread *thread = NULL;
  GTimeZone *tz;
  gboolean inserted[MC_DEMO_N_STORES] = { FALSE };
  gboolean ok = FALSE, committed_any = FALSE;
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

  /* One transaction to check, and to set up the programme and the stores. */
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
  load_settings_apply (db, &settings);
  writer = mc_demo_writer_new (db, error);
  if (writer == NULL)
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
      gboolean batch_ok;

      batch_ok = (mc_db_in_transaction (db) || mc_db_begin (db, error)) &&
                 mc_demo_writer_insert (writer, batch, error);
      if (batch_ok)
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
      if (!batch_ok)
        goto out;
      if (since_commit >= COMMIT_MEMBERS || done == opt.n_members)
        {
          if (!mc_db_commit (db, error))
            goto out;
          committed_any = TRUE;
          since_commit = 0;
        }
      if (progress != NULL)
        progress (0.99 * mc_demo_gen_progress (gen, done), user_data);
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
      /* Give the generator its buffers back so that it sees the stop and ends. */
      while ((batch = g_async_queue_try_pop (pipe.full_batches)) != NULL)
        g_async_queue_push (pipe.free_batches, batch);
      g_thread_join (thread);
    }
  mc_demo_writer_free (writer);
  load_settings_restore (db, &settings);

  if (ok)
    {
      char next[32];
      g_autofree char *after = NULL;

      /* Cards made later continue the series. */
      g_snprintf (next, sizeof next, "%" G_GINT64_FORMAT, first_card_no + (gint64) opt.n_members);
      after = g_strdup_printf ("{\"members\":%" G_GUINT64_FORMAT ",\"orders\":%" G_GUINT64_FORMAT
                               ",\"seed\":%" G_GUINT64_FORMAT ",\"end\":%" G_GINT64_FORMAT "}",
                               s.members, s.orders, opt.seed, opt.end);
      ok = mc_db_begin (db, error);
      if (ok && (!mc_db_set_meta (db, "next_card_no", next, error) ||
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
