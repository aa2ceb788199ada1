/* test-sync-faults.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sync on a bad network: PouchDB Server killed in the middle of a push and of a pull and
 * started again, and a proxy that cuts connections and corrupts answers at random. Every
 * time the next run finishes the work, with nothing lost and nothing twice.
 */
#include "config.h"

#include <string.h>

#include "mc-db.h"
#include "mc-error.h"
#include "mc-replicator.h"
#include "mc-sync-doc.h"
#include "mc-test-cli.h"
#include "mc-test-pouchdb.h"
#include "mc-test-proxy.h"

typedef struct
{
  McTestServer *server;
  guint         calls;
  guint         kill_at;
} KillPlan;

static void
kill_cb (McSyncDirection phase,
         guint64         done,
         gpointer        user_data)
{
  KillPlan *plan = user_data;

  if (++plan->calls == plan->kill_at)
    mc_test_server_kill (plan->server);
}

static gint64
count (McDb       *db,
       const char *sql)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* The records of every synced table, the unknown documents, and what the members hold. */
static char *
fingerprint (const char *path)
{
  g_autoptr(McDb) db = mc_db_open (path, NULL);
  GString *out = g_string_new (NULL);
  const McSyncType *types;
  guint n_types;

  g_assert_nonnull (db);
  types = mc_sync_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s", types[i].table);

      /* Each workspace starts with a programme of its own: not compared. */
      if (g_str_equal (types[i].table, "programme_version"))
        continue;
      g_string_append_printf (out, "%s=%" G_GINT64_FORMAT " ", types[i].table, count (db, sql));
    }
  g_string_append_printf (out, "points=%" G_GINT64_FORMAT " growth=%" G_GINT64_FORMAT " spend=%" G_GINT64_FORMAT,
                          count (db, "SELECT total (points_balance) FROM member"),
                          count (db, "SELECT total (growth) FROM member"),
                          count (db, "SELECT total (spend_fen) FROM member"));
  return g_string_free (out, FALSE);
}

static gint64
local_docs (const char *path)
{
  g_autoptr(McDb) db = mc_db_open (path, NULL);
  const McSyncType *types;
  guint n_types;
  gint64 n = 0;

  g_assert_nonnull (db);
  types = mc_sync_types (&n_types);
  for (guint i = 0; i < n_types; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s", types[i].table);

      n += count (db, sql);
    }
  return n;
}

static gint64
server_docs (const char *url)
{
  guint status = 0;
  g_autoptr(JsonNode) info = mc_test_http ("GET", url, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return json_object_get_int_member (json_node_get_object (info), "doc_count");
}

static void
make_demo (Workspace  *ws,
           const char *members)
{
  g_autoptr(Run) r = cli (ws, "demo", "--members", members, "--orders-per-member", "3", "--seed", "7", NULL);

  expect_ok (r);
}

static gboolean
run_once (const char           *path,
          const char           *url,
          McSyncDirection       direction,
          guint                 batch,
          McReplicatorProgress  progress,
          gpointer              data,
          GError              **error)
{
  g_autoptr(McDb) db = mc_db_open (path, error);
  g_autoptr(McReplicator) r = mc_replicator_new (url);

  g_assert_nonnull (db);
  mc_replicator_set_direction (r, direction);
  mc_replicator_set_batch_size (r, batch);
  mc_replicator_set_retry (r, 2, 20);
  mc_replicator_set_timeout (r, 10);
  mc_replicator_set_progress (r, progress, data);
  return mc_replicator_run (r, db, NULL, error);
}

static void
test_server_killed (void)
{
  McTestServer *server = mc_test_server_start (TRUE);
  g_autoptr(Workspace) a = workspace_new ();
  g_autoptr(Workspace) b = workspace_new ();
  g_autofree char *url = NULL;
  g_autofree char *fa = NULL, *fb = NULL;
  g_autoptr(GError) error = NULL;
  KillPlan plan = { 0 };
  gint64 n;

  MC_TEST_NEED_SERVER (server);
  url = mc_test_server_new_db (server, "chain");
  init_workspace (a);
  make_demo (a, "60");
  n = local_docs (a->db);
  g_assert_cmpint (n, >, 600);

  /* Killed after the third batch of the push: the run fails, saying so. */
  plan.server = server;
  plan.kill_at = 3;
  g_assert_false (run_once (a->db, url, MC_SYNC_DIRECTION_PUSH, 50, kill_cb, &plan, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "next sync goes on from the last checkpoint"));
  g_clear_error (&error);
  mc_test_server_restart (server);
  g_assert_cmpint (server_docs (url), <, n);

  /* The next run goes on, and the server ends with every record once. */
  g_assert_true (run_once (a->db, url, MC_SYNC_DIRECTION_PUSH, 50, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (server_docs (url), ==, n);

  /* Killed in the middle of a pull into another workspace, then the same. */
  init_workspace (b);
  plan.calls = 0;
  plan.kill_at = 4;
  g_assert_false (run_once (b->db, url, MC_SYNC_DIRECTION_PULL, 40, kill_cb, &plan, &error));
  g_clear_error (&error);
  mc_test_server_restart (server);
  g_assert_true (run_once (b->db, url, MC_SYNC_DIRECTION_BOTH, 40, NULL, NULL, &error));
  g_assert_no_error (error);
  fa = fingerprint (a->db);
  fb = fingerprint (b->db);
  /* B's own default programme was retired for A's live one: one more programme there. */
  {
    g_autoptr(McDb) db = mc_db_open (b->db, NULL);

    g_assert_cmpint (count (db, "SELECT count (*) FROM programme_version WHERE status = 'live'"), ==, 1);
  }
  g_assert_cmpstr (fa, ==, fb);
  g_assert_cmpint (server_docs (url), ==, n + 1);
  mc_test_server_free (server);
}

static void
test_hostile_proxy (void)
{
  McTestServer *server = mc_test_server_start (FALSE);
  g_autoptr(Workspace) a = workspace_new ();
  g_autoptr(Workspace) b = workspace_new ();
  g_autofree char *url = NULL, *proxied = NULL;
  g_autofree char *fa = NULL, *fb = NULL;
  McTestProxy *proxy;
  guint runs = 0;
  gint64 n;

  MC_TEST_NEED_SERVER (server);
  url = mc_test_server_new_db (server, "chain");
  proxy = mc_test_proxy_start (server->port, 0.35, 20261202);
  proxied = g_strdup_printf ("http://127.0.0.1:%u/chain", mc_test_proxy_get_port (proxy));
  init_workspace (a);
  make_demo (a, "30");
  n = local_docs (a->db);

  /* Run after run until one gets through: each goes on from the last checkpoint. */
  for (gboolean done = FALSE; !done; runs++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (runs, <, 30);
      done = run_once (a->db, proxied, MC_SYNC_DIRECTION_PUSH, 40, NULL, NULL, &error);
      if (!done)
        g_test_message ("push run %u: %s", runs, error->message);
    }
  g_assert_cmpint (server_docs (url), ==, n);

  init_workspace (b);
  for (gboolean done = FALSE; !done; runs++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (runs, <, 60);
      done = run_once (b->db, proxied, MC_SYNC_DIRECTION_BOTH, 40, NULL, NULL, &error);
      if (!done)
        g_test_message ("pull run %u: %s", runs, error->message);
    }
  g_assert_cmpuint (mc_test_proxy_get_faults (proxy), >, 0);
  mc_test_proxy_stop (proxy);

  fa = fingerprint (a->db);
  fb = fingerprint (b->db);
  g_assert_cmpstr (fa, ==, fb);
  g_assert_cmpint (server_docs (url), ==, n + 1);
  mc_test_server_free (server);
}

/* A server without _bulk_get: every revision comes by GET ?open_revs= instead. */
static void
test_no_bulk_get (void)
{
  McTestServer *server = mc_test_server_start (FALSE);
  g_autoptr(Workspace) a = workspace_new ();
  g_autoptr(Workspace) b = workspace_new ();
  g_autofree char *url = NULL, *proxied = NULL;
  g_autofree char *fa = NULL, *fb = NULL;
  g_autoptr(GError) error = NULL;
  McTestProxy *proxy;

  MC_TEST_NEED_SERVER (server);
  url = mc_test_server_new_db (server, "chain");
  proxy = mc_test_proxy_start (server->port, 0, 1);
  mc_test_proxy_set_no_bulk_get (proxy, TRUE);
  proxied = g_strdup_printf ("http://127.0.0.1:%u/chain", mc_test_proxy_get_port (proxy));
  init_workspace (a);
  make_demo (a, "5");
  g_assert_true (run_once (a->db, url, MC_SYNC_DIRECTION_PUSH, 100, NULL, NULL, &error));
  g_assert_no_error (error);
  init_workspace (b);
  g_assert_true (run_once (b->db, proxied, MC_SYNC_DIRECTION_PULL, 100, NULL, NULL, &error));
  g_assert_no_error (error);
  mc_test_proxy_stop (proxy);
  fa = fingerprint (a->db);
  fb = fingerprint (b->db);
  g_assert_cmpstr (fa, ==, fb);
  g_assert_cmpint (local_docs (b->db), ==, local_docs (a->db));
  mc_test_server_free (server);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/server-killed", test_server_killed);
  g_test_add_func ("/sync/hostile-proxy", test_hostile_proxy);
  g_test_add_func ("/sync/no-bulk-get", test_no_bulk_get);
  return g_test_run ();
}
