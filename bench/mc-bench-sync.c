/* mc-bench-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sync speed against PouchDB Server on loopback, side by side with PouchDB's own
 * replication of the same documents in the same run:
 *
 *   build/bench/mc-bench-sync [--members N] [--batch B]
 *
 * A demo workspace (N members, default 10,000: about 100,000 documents with their orders,
 * ledger entries and actions) is pushed to database "ours", pulled from it into an empty
 * workspace, and PouchDB (Node) replicates "ours" to database "theirs" on the same server.
 * Prints the three times and the ratios; PouchDB's time / ours > 1 means ours is faster.
 */
#include "config.h"

#include <stdio.h>
#include <glib/gstdio.h>
#include <stdlib.h>

#include "mc-db.h"
#include "mc-demo.h"
#include "mc-replicator.h"
#include "mc-test-pouchdb.h"

static double
now (void)
{
  return (double) g_get_monotonic_time () / G_USEC_PER_SEC;
}

static double
replicate (const char      *path,
           const char      *url,
           McSyncDirection  direction,
           guint            batch,
           McSyncStats     *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (path, &error);
  g_autoptr(McReplicator) r = mc_replicator_new (url);
  double t0;

  g_assert_no_error (error);
  mc_replicator_set_direction (r, direction);
  mc_replicator_set_batch_size (r, batch);
  mc_replicator_set_timeout (r, 300);
  t0 = now ();
  if (!mc_replicator_run (r, db, NULL, &error))
    g_error ("sync failed: %s", error->message);
  *out = *mc_replicator_get_stats (r);
  out->last_seq = NULL;
  return now () - t0;
}

int
main (int    argc,
      char **argv)
{
  int members = 10000, batch = 500;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Demo members (default 10000)", "N" },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, "Changes per request, both sides (default 500)", "B" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mc-bench-sync-XXXXXX", NULL);
  g_autofree char *a = g_build_filename (dir, "a.mcdb", NULL);
  g_autofree char *b = g_build_filename (dir, "b.mcdb", NULL);
  g_autofree char *ours = NULL, *theirs = NULL;
  g_autofree char *node_path = NULL, *script = NULL, *out = NULL, *batch_text = NULL;
  g_autoptr(JsonNode) result = NULL;
  McTestServer *server;
  McSyncStats push = { 0 }, pull = { 0 };
  double push_s, pull_s, pouch_s;
  int wait_status = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  g_setenv ("MC_SOURCE_ROOT", MC_SOURCE_ROOT, FALSE);
  server = mc_test_server_start (FALSE);
  if (server == NULL)
    return 77;
  ours = mc_test_server_new_db (server, "ours");
  theirs = mc_test_server_new_db (server, "theirs");

  {
    g_autoptr(McDb) db = mc_db_open (a, &error);
    McDemoOptions options = { .n_members = (guint) members, .orders_per_member = 3, .seed = 1 };
    McDemoStats stats = { 0 };

    g_assert_no_error (error);
    if (!mc_demo_generate (db, &options, NULL, NULL, NULL, &stats, &error))
      g_error ("demo: %s", error->message);
  }

  push_s = replicate (a, ours, MC_SYNC_DIRECTION_PUSH, (guint) batch, &push);
  pull_s = replicate (b, ours, MC_SYNC_DIRECTION_PULL, (guint) batch, &pull);

  node_path = g_path_get_dirname (server->program);   /* node_modules/.bin */
  {
    g_autofree char *modules = g_path_get_dirname (node_path);

    g_setenv ("NODE_PATH", modules, TRUE);
  }
  script = g_build_filename (MC_SOURCE_ROOT, "bench", "pouchdb-replicate.js", NULL);
  batch_text = g_strdup_printf ("%d", batch);
  {
    const char *node_argv[] = { "node", script, ours, theirs, batch_text, NULL };

    if (!g_spawn_sync (NULL, (char **) node_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                       &wait_status, &error) || !g_spawn_check_wait_status (wait_status, &error))
      g_error ("PouchDB replication: %s", error != NULL ? error->message : "failed");
  }
  result = json_from_string (out, &error);
  g_assert_no_error (error);
  pouch_s = json_object_get_double_member (json_node_get_object (result), "seconds");

  g_print ("documents: %" G_GUINT64_FORMAT " pushed, %" G_GUINT64_FORMAT " pulled, %" G_GINT64_FORMAT
           " replicated by PouchDB (batch %d)\n", push.pushed, pull.pulled,
           json_object_get_int_member (json_node_get_object (result), "docs_written"), batch);
  g_print ("ours, push (workspace -> server):  %7.2f s  %8.0f docs/s\n", push_s, push.pushed / push_s);
  g_print ("ours, pull (server -> workspace):  %7.2f s  %8.0f docs/s\n", pull_s, pull.pulled / pull_s);
  g_print ("PouchDB replicate (server -> server): %7.2f s\n", pouch_s);
  g_print ("ratio PouchDB / ours: push %.2f, pull %.2f (above 1: ours is faster)\n",
           pouch_s / push_s, pouch_s / pull_s);

  mc_test_server_free (server);
  g_remove (a);
  g_remove (b);
  return 0;
}
