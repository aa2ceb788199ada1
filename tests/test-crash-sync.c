/* test-crash-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Crash safety of the sync: the crash harness (mc-crash-harness.c) with one more operation
 * in the child's mix, a replication (push and pull) with PouchDB Server on loopback, killed
 * with SIGKILL at random moments like the others. A second workspace, the "remote" writer,
 * imports orders (rounds of MC_CRASH_IMPORT_ROWS, notes imp-r<round>-<i>) and pushes them
 * to the server between kills, so the child's pulls bring records in while it is killed.
 *
 * After each kill, besides the harness's checks: no pulled order is there twice; a logged
 * sync promises that every remote round the server held when the child started is local,
 * whole, and that every local record up to the change sequence it pushed is on the server.
 * Every 25th kill and after the last, the harness syncs itself (not killed): the run must
 * finish and leave the workspace and the server with the same records of every type.
 *
 * MC_CRASH_SYNC_KILLS sets the number of kills (default 100); a longer run by hand:
 *   MC_CRASH_SYNC_KILLS=600 build/tests/test-crash-sync -p /crash-sync/kills --verbose
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "mc-crash.h"
#include "mc-import.h"
#include "mc-replicator.h"
#include "mc-sync-doc.h"
#include "mc-test-pouchdb.h"

/* The run's state, inherited by each child at its fork. */
typedef struct
{
  char       *url;          /* the server's database */
  char       *remote_path;  /* the second workspace */
  guint       round;        /* remote rounds pushed to the server so far */
  GHashTable *server_ids;   /* the server's live document ids, NULL until fetched */
  guint       syncs;        /* logged syncs checked (last full check) */
  guint       converged;    /* harness syncs that converged */
  guint       in_sync;      /* kills that came while a child was syncing */
} SyncRun;

static SyncRun run_state;

#define SYNCING_FILE "syncing"

/* ---- the server and the second workspace ---------------------------------------------- */

/* The server's live document ids (no design documents). */
static GHashTable *
fetch_server_ids (GString *problems)
{
  g_autofree char *url = g_strdup_printf ("%s/_all_docs", run_state.url);
  guint status = 0;
  g_autoptr(JsonNode) node = mc_test_http ("GET", url, NULL, &status);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *rows;

  if (status != 200 || node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_string_append_printf (problems, "the server's _all_docs failed (HTTP %u)\n", status);
      return ids;
    }
  rows = json_object_get_array_member (json_node_get_object (node), "rows");
  for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
    {
      const char *id = json_object_get_string_member (json_array_get_object_element (rows, i), "id");

      if (!g_str_has_prefix (id, "_design/"))
        g_hash_table_add (ids, g_strdup (id));
    }
  return ids;
}

/* The state a child needs, from the harness through its environment. */
#define URL_VAR "MC_CRASH_SYNC_URL"
#define ROUND_VAR "MC_CRASH_SYNC_ROUND"

static void
export_state (void)
{
  g_autofree char *round = g_strdup_printf ("%u", run_state.round);

  g_setenv (URL_VAR, run_state.url, TRUE);
  g_setenv (ROUND_VAR, round, TRUE);
}

static gboolean
sync_path (const char       *path,
           McSyncDirection   direction,
           GError          **error)
{
  g_autoptr(McDb) db = mc_db_open (path, error);
  g_autoptr(McReplicator) r = NULL;

  if (db == NULL)
    return FALSE;
  r = mc_replicator_new (run_state.url);
  mc_replicator_set_direction (r, direction);
  mc_replicator_set_retry (r, 2, 20);
  mc_replicator_set_timeout (r, 10);
  return mc_replicator_run (r, db, NULL, error);
}

/* The remote writer: one import of orders for the shared members, pushed to the server. */
static void
remote_round (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) csv = g_string_new ("phone,amount,time,note\n");
  g_autofree char *dir = g_path_get_dirname (run_state.remote_path);
  g_autofree char *csv_path = g_build_filename (dir, "remote-orders.csv", NULL);
  guint round = run_state.round + 1;

  {
    g_autoptr(McDb) db = mc_db_open (run_state.remote_path, &error);
    g_autoptr(GDateTime) now = NULL;
    g_autoptr(GDateTime) earlier = NULL;
    g_autofree char *when = NULL;
    McImportOptions options = { 0 };
    McImportReport report = { 0 };

    g_assert_no_error (error);
    now = g_date_time_new_now (mc_db_get_time_zone (db));
    earlier = g_date_time_add_hours (now, -g_test_rand_int_range (1, 240));
    when = g_date_time_format (earlier, "%Y-%m-%d %H:%M");
    for (guint i = 0; i < MC_CRASH_IMPORT_ROWS; i++)
      g_string_append_printf (csv, "1390000%04d,%d.%02d,%s,imp-r%u-%u\n",
                              g_test_rand_int_range (0, MC_CRASH_MEMBERS), g_test_rand_int_range (1, 3000),
                              g_test_rand_int_range (0, 100), when, round, i);
    g_assert_true (g_file_set_contents (csv_path, csv->str, -1, &error));
    mc_import_kind (db, MC_IMPORT_KIND_ORDERS, csv_path, &options, &report, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    mc_import_report_clear (&report);
    g_unlink (csv_path);
  }
  sync_path (run_state.remote_path, MC_SYNC_DIRECTION_PUSH, &error);
  g_assert_no_error (error);
  run_state.round = round;
  export_state ();
}

/* ---- the operation in the child ------------------------------------------------------- */

static char *
run_sync (McDb        *db,
          const char  *dir,
          guint64      tag,
          GRand       *rand,
          GError     **error)
{
  g_autoptr(McReplicator) r = mc_replicator_new (run_state.url);
  g_autofree char *marker = g_build_filename (dir, SYNCING_FILE, NULL);
  guint round = run_state.round;
  gboolean ok;

  /* The default batch (500 changes) holds all a child has to pull: a pull is then one
   * transaction, and the harness's checks (an import whole, a sale with its growth entry)
   * hold after it. Smaller batches may split a remote import between two transactions,
   * as the protocol allows, until the next batch. */
  mc_replicator_set_retry (r, 2, 20);
  mc_replicator_set_timeout (r, 10);
  /* A file while the sync runs: the harness counts the kills that came during one. */
  if (!g_file_set_contents (marker, "", 0, error))
    return NULL;
  ok = mc_replicator_run (r, db, NULL, error);
  g_unlink (marker);
  if (!ok)
    return NULL;
  return g_strdup_printf ("%u %" G_GINT64_FORMAT, round, mc_replicator_get_stats (r)->push_seq);
}

static gboolean
check_sync (McDb       *db,
            const char *arg,
            GString    *problems)
{
  g_auto(GStrv) parts = g_strsplit (arg, " ", 2);
  const McSyncType *types;
  guint n_types, round;
  gint64 push_seq, n;
  gboolean ok = TRUE;

  if (g_strv_length (parts) != 2)
    {
      g_string_append_printf (problems, "sync: a bad log line: %s\n", arg);
      return FALSE;
    }
  round = (guint) g_ascii_strtoull (parts[0], NULL, 10);
  push_seq = g_ascii_strtoll (parts[1], NULL, 10);
  run_state.syncs++;

  /* Pulled: every remote round the server held, whole. */
  n = mc_crash_query_int (db, problems, "SELECT count(*) FROM orders WHERE note LIKE 'imp-r%%' "
                          "AND CAST (substr (note, 6) AS INTEGER) <= %u", round);
  if (n != (gint64) round * MC_CRASH_IMPORT_ROWS)
    {
      g_string_append_printf (problems, "sync after remote round %u: %" G_GINT64_FORMAT " remote orders "
                              "(want %u)\n", round, n, round * MC_CRASH_IMPORT_ROWS);
      ok = FALSE;
    }

  /* Pushed: every live record up to push_seq is on the server. */
  if (run_state.server_ids == NULL)
    run_state.server_ids = fetch_server_ids (problems);
  types = mc_sync_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE deleted = 0 AND seq <= ?", types[i].table);
      sqlite3_stmt *stmt = NULL;
      guint missing = 0;

      if (sqlite3_prepare_v2 (mc_db_get_handle (db), sql, -1, &stmt, NULL) != SQLITE_OK)
        {
          g_string_append_printf (problems, "query failed: %s\n", sql);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, push_seq);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *doc_id = g_strdup_printf ("%s:%s", types[i].type,
                                                     (const char *) sqlite3_column_text (stmt, 0));

          missing += !g_hash_table_contains (run_state.server_ids, doc_id);
        }
      sqlite3_finalize (stmt);
      if (missing > 0)
        {
          g_string_append_printf (problems, "sync pushed up to %" G_GINT64_FORMAT ": %u %s records "
                                  "not on the server\n", push_seq, missing, types[i].type);
          ok = FALSE;
        }
    }
  return ok;
}

static const McCrashOp sync_op = { "sync", 4, run_sync, check_sync };

/* ---- the checks after a kill ---------------------------------------------------------- */

/* The workspace and the server hold the same live records of every type. */
static void
check_converged (const char *path,
                 GString    *problems)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (path, &error);
  g_autoptr(GHashTable) server_ids = fetch_server_ids (problems);
  g_autoptr(GHashTable) local_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const McSyncType *types;
  guint n_types;
  GHashTableIter iter;
  gpointer key;

  g_assert_no_error (error);
  types = mc_sync_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE deleted = 0", types[i].table);
      sqlite3_stmt *stmt = NULL;
      guint local = 0, missing = 0, server = 0;

      g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          char *doc_id = g_strdup_printf ("%s:%s", types[i].type, (const char *) sqlite3_column_text (stmt, 0));

          local++;
          missing += !g_hash_table_contains (server_ids, doc_id);
          g_hash_table_add (local_ids, doc_id);
        }
      sqlite3_finalize (stmt);
      g_hash_table_iter_init (&iter, server_ids);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          const char *row_id = NULL;

          server += mc_sync_type_for_doc_id (key, &row_id) == &types[i];
        }
      if (missing > 0 || local != server)
        g_string_append_printf (problems, "after a full sync, %s: %u local, %u on the server, %u local "
                                "ones not on the server\n", types[i].type, local, server, missing);
    }
  g_hash_table_iter_init (&iter, server_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (local_ids, key))
      g_string_append_printf (problems, "after a full sync, the server's %s is not local\n", (char *) key);
}

static void
after_kill (const char *path,
            guint       kill,
            gboolean    full,
            GString    *problems,
            gpointer    user_data)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&run_state.server_ids, g_hash_table_unref);
  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *marker = g_build_filename (dir, SYNCING_FILE, NULL);

    if (g_unlink (marker) == 0)
      run_state.in_sync++;
  }
  if (kill == 0)
    {
      /* The server gets the workspace's members and programme; the remote writer, a
       * workspace of its own, starts from them. */
      g_autofree char *dir = g_path_get_dirname (path);

      run_state.remote_path = g_build_filename (dir, "remote.mcdb", NULL);
      sync_path (path, MC_SYNC_DIRECTION_BOTH, &error);
      g_assert_no_error (error);
      sync_path (run_state.remote_path, MC_SYNC_DIRECTION_PULL, &error);
      g_assert_no_error (error);
      remote_round ();
      return;
    }

  {
    g_autoptr(McDb) db = mc_db_open (path, &error);
    gint64 twice;

    g_assert_no_error (error);
    twice = mc_crash_query_int (db, problems, "SELECT count(*) - count(DISTINCT note) FROM orders "
                                "WHERE note LIKE 'imp-r%%'");
    if (twice != 0)
      g_string_append_printf (problems, "a pulled order is here twice (%" G_GINT64_FORMAT " times)\n", twice);
  }

  if (full)
    {
      /* A sync nobody kills finishes, and the two sides agree; the harness's checks hold
       * on what it pulled. */
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *log_path = g_build_filename (dir, "committed.log", NULL);
      guint checked = 0;

      if (!sync_path (path, MC_SYNC_DIRECTION_BOTH, &error))
        {
          g_string_append_printf (problems, "the sync after kill %u failed: %s\n", kill, error->message);
          return;
        }
      check_converged (path, problems);
      run_state.syncs = 0;
      g_clear_pointer (&run_state.server_ids, g_hash_table_unref);
      mc_crash_check (path, log_path, problems, &checked);
      g_clear_pointer (&run_state.server_ids, g_hash_table_unref);
      run_state.converged++;
    }
  /* A new remote round after two kills in three. */
  if (kill % 3 != 0)
    remote_round ();
}

static void
clear_run (void)
{
  g_clear_pointer (&run_state.url, g_free);
  g_clear_pointer (&run_state.remote_path, g_free);
  g_clear_pointer (&run_state.server_ids, g_hash_table_unref);
  memset (&run_state, 0, sizeof run_state);
  mc_crash_extra_op = NULL;
  mc_crash_exec_children = FALSE;
  g_unsetenv (URL_VAR);
  g_unsetenv (ROUND_VAR);
}

/* ---- the tests ------------------------------------------------------------------------ */

static void
test_crash_sync_kills (void)
{
  McTestServer *server = mc_test_server_start (FALSE);

  MC_TEST_NEED_SERVER (server);
  run_state.url = mc_test_server_new_db (server, "chain");
  mc_crash_extra_op = &sync_op;
  mc_crash_exec_children = TRUE;
  mc_crash_kills (mc_crash_env_uint ("MC_CRASH_SYNC_KILLS", 100), 1500, after_kill, NULL);
  g_test_message ("%u kills during a sync; %u remote rounds pushed; %u syncs logged by the children; "
                  "%u harness syncs converged", run_state.in_sync, run_state.round, run_state.syncs,
                  run_state.converged);
  g_assert_cmpuint (run_state.in_sync, >, 0);
  g_assert_cmpuint (run_state.syncs, >, 0);
  g_assert_cmpuint (run_state.converged, >, 0);
  clear_run ();
  mc_test_server_free (server);
}

/* The checks catch what they are for: a pulled order twice, a record the server never got,
 * a server document not local, a logged sync whose remote orders are gone. */
static void
test_crash_sync_checks_fail (void)
{
  g_autoptr(GError) error = NULL;
  McTestServer *server = mc_test_server_start (FALSE);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *log_path = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);
  guint checked = 0;

  MC_TEST_NEED_SERVER (server);
  dir = g_dir_make_tmp ("mc-test-crash-sync-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "workspace.mcdb", NULL);
  log_path = g_build_filename (dir, "committed.log", NULL);
  run_state.url = mc_test_server_new_db (server, "chain");
  mc_crash_extra_op = &sync_op;
  mc_crash_set_up (path);
  after_kill (path, 0, FALSE, problems, NULL);
  g_assert_cmpint (mc_crash_child_main (path, log_path, 0, 42, 60, -1), ==, 0);
  after_kill (path, 1, TRUE, problems, NULL);
  mc_crash_check (path, log_path, problems, &checked);
  g_assert_cmpstr (problems->str, ==, "");
  g_assert_cmpuint (run_state.syncs, >, 0);
  g_assert_cmpuint (run_state.round, ==, 2);

  {
    g_autoptr(McDb) db = mc_db_open (path, &error);

    g_assert_no_error (error);
    /* A pulled order copied, with a change sequence below the push checkpoint (never
     * pushed); two deleted (the server keeps them, and the pull is past them). */
    g_assert_true (mc_db_exec (db,
      "PRAGMA foreign_keys = OFF;"
      "CREATE TEMP TABLE copy AS SELECT * FROM orders WHERE note = 'imp-r1-0';"
      "UPDATE copy SET id = 'copied', seq = -1;"
      "INSERT INTO orders SELECT * FROM copy;"
      "DELETE FROM orders WHERE note IN ('imp-r1-1', 'imp-r1-2');",
      &error));
    g_assert_no_error (error);
  }
  checked = 0;
  g_string_truncate (problems, 0);
  mc_crash_check (path, log_path, problems, &checked);
  after_kill (path, 2, TRUE, problems, NULL);
  g_test_message ("%s", problems->str);
  g_assert_nonnull (strstr (problems->str, "a pulled order is here twice (1 times)\n"));
  g_assert_nonnull (strstr (problems->str, "sync after remote round 1: 4 remote orders (want 5)\n"));
  g_assert_nonnull (strstr (problems->str, " order records not on the server\n"));
  g_assert_nonnull (strstr (problems->str, "after a full sync, order: "));
  g_assert_nonnull (strstr (problems->str, "after a full sync, the server's order:"));
  clear_run ();
  mc_test_server_free (server);
  mc_crash_remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  if (argc > 1 && g_str_equal (argv[1], "--crash-child"))
    {
      run_state.url = g_strdup (g_getenv (URL_VAR));
      run_state.round = (guint) g_ascii_strtoull (g_getenv (ROUND_VAR), NULL, 10);
      mc_crash_extra_op = &sync_op;
      return mc_crash_child_main_from_args (argc, argv);
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/crash-sync/checks-fail", test_crash_sync_checks_fail);
  g_test_add_func ("/crash-sync/kills", test_crash_sync_kills);
  return g_test_run ();
}
