/* test-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sync against a real PouchDB Server on loopback: two workspaces converge; offline edits on
 * both make one conflict that both see, with the server's winner, and one resolution clears
 * it everywhere; a third-party client's documents come in intact and it reads back what we
 * pushed; documents this version does not understand are passed on; a write the server
 * refuses is recorded; the server killed mid-sync loses and duplicates nothing; and a proxy
 * that cuts connections and corrupts answers at random loses nothing either.
 */
#include "config.h"

#include <string.h>

#include "mc-db.h"
#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-replicator.h"
#include "mc-sync-conflicts.h"
#include "mc-test-cli.h"
#include "mc-test-pouchdb.h"
#include "mc-test-tls.h"

static McTestServer *server;   /* one in-memory server for the cases that need no restart */
static guint db_counter;

static char *
new_db (void)
{
  g_autofree char *name = g_strdup_printf ("members%u", ++db_counter);

  return mc_test_server_new_db (server, name);
}

/* member-console-cli sync --url URL --json; the stats. */
static JsonNode *
sync_cli (Workspace  *ws,
          const char *url)
{
  g_autoptr(Run) r = cli (ws, "--json", "sync", "--url", url, NULL);

  expect_ok (r);
  return parse_json (r);
}

static gint64
sync_int (Workspace  *ws,
          const char *url,
          const char *key)
{
  g_autoptr(JsonNode) node = sync_cli (ws, url);

  return get_int (object_of (node), key);
}

static char *
add_member (Workspace  *ws,
            const char *name,
            const char *phone)
{
  g_autoptr(Run) r = cli (ws, "--json", "member", "add", "--name", name, "--phone", phone, NULL);
  g_autoptr(JsonNode) node = NULL;

  expect_ok (r);
  node = parse_json (r);
  return g_strdup (get_string (object_of (node), "id"));
}

static void
add_order (Workspace  *ws,
           const char *phone,
           const char *yuan)
{
  g_autoptr(Run) r = cli (ws, "--json", "order", "add", "--member", phone, "--amount", yuan, NULL);

  expect_ok (r);
}

static char *
query_text (Workspace  *ws,
            const char *sql)
{
  g_autoptr(McDb) db = mc_db_open (ws->db, NULL);
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_assert_nonnull (db);
  stmt = mc_db_prepare (db, sql, NULL);
  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup (mc_db_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static gint64
query_int (Workspace  *ws,
           const char *sql)
{
  g_autofree char *text = query_text (ws, sql);

  return text != NULL ? g_ascii_strtoll (text, NULL, 10) : -1;
}

/* Every member's cached balances equal the sums of its ledgers. */
static void
expect_balances_from_ledgers (Workspace *ws)
{
  g_assert_cmpint (query_int (ws,
    "SELECT count (*) FROM member m WHERE m.points_balance != max (0, coalesce ((SELECT sum (delta) "
    "FROM points_ledger l WHERE l.member_id = m.id AND l.deleted = 0), 0)) OR m.growth != coalesce ("
    "(SELECT sum (delta) FROM growth_ledger g WHERE g.member_id = m.id AND g.deleted = 0), 0)"), ==, 0);
}

static void
test_converge (void)
{
  g_autoptr(Workspace) a = workspace_new ();
  g_autoptr(Workspace) b = workspace_new ();
  g_autofree char *url = NULL;
  g_autofree char *zhang = NULL, *li = NULL;

  MC_TEST_NEED_SERVER (server);
  url = new_db ();
  init_workspace (a);
  init_workspace (b);
  zhang = add_member (a, "张三", "13800138000");
  add_order (a, "13800138000", "128.50");
  li = add_member (b, "李四", "13900139000");
  add_order (b, "13900139000", "20");

  /* A: programme, member, order, 2 ledger entries. */
  g_assert_cmpint (sync_int (a, url, "pushed"), ==, 5);
  g_assert_cmpint (sync_int (b, url, "pulled"), ==, 5);
  g_assert_cmpint (sync_int (a, url, "conflicts"), ==, 0);

  /* Both have both members, with balances from the ledgers: 128 points for ¥128.50. */
  g_assert_cmpint (member_int (b, "13800138000", "points_balance"), ==, 128);
  g_assert_cmpint (member_int (a, "13900139000", "points_balance"), ==, 20);
  g_assert_cmpint (member_int (b, "13800138000", "spend_fen"), ==, 12850);
  g_assert_cmpint (summary_int (a, "members"), ==, 2);
  g_assert_cmpint (summary_int (b, "members"), ==, 2);
  expect_balances_from_ledgers (a);
  expect_balances_from_ledgers (b);
  /* One live programme on both sides: the later one. */
  g_assert_cmpint (query_int (a, "SELECT count (*) FROM programme_version WHERE status = 'live'"), ==, 1);
  {
    g_autofree char *live_a = query_text (a, "SELECT id FROM programme_version WHERE status = 'live'");
    g_autofree char *live_b = query_text (b, "SELECT id FROM programme_version WHERE status = 'live'");

    g_assert_cmpstr (live_a, ==, live_b);
  }

  /* Edits on each side converge; a run with nothing new moves nothing. */
  {
    g_autoptr(Run) r = cli (b, "member", "edit", "13800138000", "--region", "杭州", NULL);

    expect_ok (r);
  }
  sync_int (b, url, "pushed");
  sync_int (a, url, "pulled");
  {
    g_autofree char *region = query_text (a, "SELECT region FROM member WHERE phone = '+8613800138000'");

    g_assert_cmpstr (region, ==, "杭州");
  }
  {
    g_autoptr(JsonNode) again = sync_cli (a, url);

    g_assert_cmpint (get_int (object_of (again), "pulled"), ==, 0);
    g_assert_cmpint (get_int (object_of (again), "pushed"), ==, 0);
  }
  /* Another client moved our checkpoint on the server: the next checkpoint write meets a
   * 409, takes the new revision and writes again. */
  {
    g_autofree char *rep = query_text (a, "SELECT replication_id FROM sync_checkpoint LIMIT 1");
    g_autofree char *cp_url = g_strdup_printf ("%s/_local/%s", url, rep);
    g_autoptr(JsonNode) cp = NULL;
    g_autoptr(JsonNode) moved = NULL;
    g_autofree char *body = NULL;
    guint status;

    cp = mc_test_http ("GET", cp_url, NULL, &status);
    g_assert_cmpuint (status, ==, 200);
    json_object_set_string_member (object_of (cp), "note", "moved by someone else");
    body = json_to_string (cp, FALSE);
    moved = mc_test_http ("PUT", cp_url, body, &status);
    g_assert_cmpuint (status, ==, 201);
    g_free (add_member (a, "王五", "13700137000"));
    g_assert_cmpint (sync_int (a, url, "pushed"), ==, 1);
    g_assert_cmpint (sync_int (b, url, "pulled"), ==, 1);
  }
  /* Search finds a pulled member. */
  {
    g_autoptr(Run) r = cli (b, "member", "search", "张三", NULL);

    expect_ok (r);
    g_assert_nonnull (strstr (r->out, "13800138000"));
  }
}

static void
test_conflict (void)
{
  g_autoptr(Workspace) a = workspace_new ();
  g_autoptr(Workspace) b = workspace_new ();
  g_autofree char *url = NULL;
  g_autofree char *id = NULL, *doc_id = NULL, *doc_url = NULL;
  g_autofree char *winner_a = NULL, *winner_b = NULL;
  g_autofree char *loser = NULL, *new_rev = NULL;
  guint status;

  MC_TEST_NEED_SERVER (server);
  url = new_db ();
  init_workspace (a);
  init_workspace (b);
  id = add_member (a, "张三", "13800138000");
  doc_id = g_strdup_printf ("member:%s", id);
  doc_url = g_strdup_printf ("%s/%s?conflicts=true", url, doc_id);
  json_node_unref (sync_cli (a, url));
  json_node_unref (sync_cli (b, url));

  /* Offline: A edits once, B twice. */
  {
    g_autoptr(Run) r1 = cli (a, "member", "edit", "13800138000", "--notes", "from A", NULL);
    g_autoptr(Run) r2 = cli (b, "member", "edit", "13800138000", "--notes", "from B", NULL);
    g_autoptr(Run) r3 = cli (b, "member", "edit", "13800138000", "--region", "上海", NULL);

    expect_ok (r1);
    expect_ok (r2);
    expect_ok (r3);
  }
  json_node_unref (sync_cli (a, url));
  g_assert_cmpint (sync_int (b, url, "conflicts"), ==, 1);
  g_assert_cmpint (sync_int (a, url, "conflicts"), ==, 1);

  /* Both show the same winner as the server (B's generation 3 beats A's 2). */
  winner_a = query_text (a, "SELECT rev FROM member");
  winner_b = query_text (b, "SELECT rev FROM member");
  g_assert_cmpstr (winner_a, ==, winner_b);
  g_assert_true (g_str_has_prefix (winner_a, "3-"));
  {
    g_autoptr(JsonNode) doc = mc_test_http ("GET", doc_url, NULL, &status);
    JsonObject *obj = object_of (doc);
    JsonArray *conflicts;

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (get_string (obj, "_rev"), ==, winner_a);
    g_assert_cmpstr (get_string (obj, "notes"), ==, "from B");
    conflicts = json_object_get_array_member (obj, "_conflicts");
    g_assert_cmpuint (json_array_get_length (conflicts), ==, 1);
    loser = g_strdup (json_array_get_string_element (conflicts, 0));
    g_assert_true (g_str_has_prefix (loser, "2-"));
  }
  {
    g_autoptr(Run) r = cli (b, "--json", "sync", "conflicts", NULL);
    g_autoptr(JsonNode) list = NULL;
    JsonObject *c, *versions;

    expect_ok (r);
    list = parse_json (r);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
    c = json_array_get_object_element (json_node_get_array (list), 0);
    g_assert_cmpstr (get_string (c, "id"), ==, doc_id);
    g_assert_cmpstr (get_string (c, "winner"), ==, winner_a);
    versions = json_object_get_object_member (c, "versions");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (versions, loser), "notes"),
                     ==, "from A");
  }

  /* A keeps its own version: a new revision, B's branch deleted, everywhere. */
  {
    g_autoptr(Run) r = cli (a, "--json", "sync", "resolve", doc_id, "--rev", loser, NULL);
    g_autoptr(JsonNode) node = NULL;

    expect_ok (r);
    node = parse_json (r);
    new_rev = g_strdup (get_string (object_of (node), "rev"));
    g_assert_true (g_str_has_prefix (new_rev, "4-"));
  }
  g_assert_cmpint (sync_int (a, url, "conflicts"), ==, 0);
  g_assert_cmpint (sync_int (b, url, "conflicts"), ==, 0);
  {
    g_autofree char *notes_b = query_text (b, "SELECT notes FROM member");
    g_autofree char *rev_b = query_text (b, "SELECT rev FROM member");
    g_autoptr(JsonNode) doc = mc_test_http ("GET", doc_url, NULL, &status);

    g_assert_cmpstr (notes_b, ==, "from A");
    g_assert_cmpstr (rev_b, ==, new_rev);
    g_assert_cmpstr (get_string (object_of (doc), "_rev"), ==, new_rev);
    g_assert_false (json_object_has_member (object_of (doc), "_conflicts"));
  }
  {
    g_autoptr(Run) r = cli (b, "sync", "conflicts", NULL);

    expect_ok (r);
    g_assert_nonnull (strstr (r->out, "No record is in conflict."));
  }
}

static void
test_third_party (void)
{
  g_autoptr(Workspace) a = workspace_new ();
  g_autofree char *url = NULL;
  g_autofree char *bulk = NULL;
  g_autofree char *id = NULL, *member_url = NULL, *coupon_url = NULL;
  g_autoptr(JsonNode) written = NULL;
  guint status;

  MC_TEST_NEED_SERVER (server);
  url = new_db ();
  init_workspace (a);
  /* Another client writes a member (with a field this version does not know), its points,
   * and a document of a type this version does not know. */
  bulk = g_strdup_printf ("%s/_bulk_docs", url);
  written = mc_test_http ("POST", bulk,
    "{\"docs\": ["
    " {\"_id\": \"member:0190f000-0000-7000-8000-000000000001\", \"type\": \"member\", \"card_no\": \"EXT001\","
    "  \"name\": \"王五\", \"phone\": \"+8613700137000\", \"gender\": \"m\", \"joined_at\": 1700000000,"
    "  \"status\": \"active\", \"updated_at\": 1700000000, \"nickname\": \"老王\"},"
    " {\"_id\": \"points_entry:0190f000-0000-7000-8000-000000000002\", \"type\": \"points_entry\","
    "  \"member_id\": \"0190f000-0000-7000-8000-000000000001\", \"kind\": \"adjust\", \"delta\": 300,"
    "  \"reason\": \"welcome\", \"at\": 1700000100},"
    " {\"_id\": \"coupon:c1\", \"type\": \"coupon\", \"code\": \"SPRING\", \"value_fen\": 500}"
    "]}", &status);
  g_assert_cmpuint (status, ==, 201);

  g_assert_cmpint (sync_int (a, url, "pulled"), ==, 3);
  {
    g_autofree char *name = query_text (a, "SELECT name FROM member WHERE card_no = 'EXT001'");

    g_assert_cmpstr (name, ==, "王五");
  }
  g_assert_cmpint (member_int (a, "13700137000", "points_balance"), ==, 300);
  g_assert_cmpint (query_int (a, "SELECT count (*) FROM sync_leaf WHERE doc_id = 'coupon:c1' AND body IS NOT NULL"),
                   ==, 1);

  /* We edit the member and add an order; the other client reads them, its field kept. */
  {
    g_autoptr(Run) r = cli (a, "member", "edit", "13700137000", "--region", "北京", NULL);

    expect_ok (r);
  }
  add_order (a, "13700137000", "50");
  g_assert_cmpint (sync_int (a, url, "pushed"), >=, 4);
  member_url = g_strdup_printf ("%s/member:0190f000-0000-7000-8000-000000000001", url);
  {
    g_autoptr(JsonNode) doc = mc_test_http ("GET", member_url, NULL, &status);

    g_assert_cmpuint (status, ==, 200);
    g_assert_cmpstr (get_string (object_of (doc), "region"), ==, "北京");
    g_assert_cmpstr (get_string (object_of (doc), "nickname"), ==, "老王");
    g_assert_cmpstr (get_string (object_of (doc), "name"), ==, "王五");
    g_assert_true (g_str_has_prefix (get_string (object_of (doc), "_rev"), "2-"));
    /* Balances are computed, never sent. */
    g_assert_false (json_object_has_member (object_of (doc), "points_balance"));
  }
  {
    g_autofree char *all = g_strdup_printf ("%s/_all_docs?include_docs=true", url);
    g_autoptr(JsonNode) docs = mc_test_http ("GET", all, NULL, &status);
    JsonArray *rows = json_object_get_array_member (object_of (docs), "rows");
    guint orders = 0;

    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        JsonObject *doc = json_object_get_object_member (json_array_get_object_element (rows, i), "doc");

        if (g_strcmp0 (json_object_get_string_member_with_default (doc, "type", NULL), "order") == 0)
          {
            orders++;
            g_assert_cmpint (json_object_get_int_member (doc, "amount_fen"), ==, 5000);
            g_assert_cmpstr (json_object_get_string_member (doc, "member_id"), ==,
                             "0190f000-0000-7000-8000-000000000001");
          }
      }
    g_assert_cmpuint (orders, ==, 1);
  }
  /* The unknown document is passed on unchanged to another workspace. */
  {
    g_autoptr(Workspace) b = workspace_new ();
    g_autofree char *body = NULL;

    init_workspace (b);
    json_node_unref (sync_cli (b, url));
    body = query_text (b, "SELECT body FROM sync_leaf WHERE doc_id = 'coupon:c1'");
    g_assert_nonnull (strstr (body, "\"SPRING\""));
    g_assert_cmpint (member_int (b, "13700137000", "points_balance"), ==, 350);
  }
  coupon_url = g_strdup_printf ("%s/coupon:c1", url);
  {
    g_autoptr(JsonNode) doc = mc_test_http ("GET", coupon_url, NULL, &status);

    g_assert_true (g_str_has_prefix (get_string (object_of (doc), "_rev"), "1-"));
  }
}

static void
test_refused (void)
{
  g_autoptr(Workspace) a = workspace_new ();
  g_autofree char *url = NULL, *design = NULL;
  g_autoptr(JsonNode) put = NULL;
  guint status;

  MC_TEST_NEED_SERVER (server);
  url = new_db ();
  design = g_strdup_printf ("%s/_design/rules", url);
  put = mc_test_http ("PUT", design,
    "{\"validate_doc_update\": \"function (doc) { if (doc.notes === 'secret') "
    "throw ({forbidden: 'notes may not be secret'}); }\"}", &status);
  g_assert_cmpuint (status, ==, 201);
  init_workspace (a);
  g_free (add_member (a, "张三", "13800138000"));
  {
    g_autoptr(Run) r = cli (a, "member", "edit", "13800138000", "--notes", "secret", NULL);

    expect_ok (r);
  }
  {
    g_autoptr(JsonNode) stats = sync_cli (a, url);
    JsonArray *refused = json_object_get_array_member (object_of (stats), "refused");
    JsonObject *one;

    g_assert_cmpint (get_int (object_of (stats), "rejected"), ==, 1);
    g_assert_cmpuint (json_array_get_length (refused), ==, 1);
    one = json_array_get_object_element (refused, 0);
    g_assert_true (g_str_has_prefix (get_string (one, "id"), "member:"));
    g_assert_cmpstr (get_string (one, "error"), ==, "forbidden");
    g_assert_cmpstr (get_string (one, "reason"), ==, "notes may not be secret");
  }
  /* The record is not lost: it is still here, as it was. */
  {
    g_autofree char *notes = query_text (a, "SELECT notes FROM member");

    g_assert_cmpstr (notes, ==, "secret");
  }
}

static void
test_errors (void)
{
  g_autoptr(Workspace) a = workspace_new ();
  g_autofree char *nowhere = g_strdup_printf ("http://127.0.0.1:%u/members", mc_test_free_port ());

  init_workspace (a);
  {
    g_autoptr(Run) r = cli (a, "sync", "--url", nowhere, "--retries", "1", NULL);

    expect_failure (r, 1, "did not answer properly after 2 tries", NULL);
  }
  {
    g_autoptr(Run) r = cli (a, "sync", "--url", "ftp://example.com/db", NULL);

    expect_failure (r, 1, "is not a server address", NULL);
  }
  {
    g_autoptr(Run) r = cli (a, "sync", "--url", nowhere, "--pull-only", "--push-only", NULL);

    expect_failure (r, 2, "Usage:", NULL);
  }
}

static void
test_https (void)
{
  g_autoptr(Workspace) a = workspace_new ();
  g_autofree char *url = NULL, *https = NULL;
  McTestTls *tls;

  MC_TEST_NEED_SERVER (server);
  url = new_db ();
  tls = mc_test_tls_start (server->port, a->dir);
  if (tls == NULL)
    {
      g_test_skip ("no openssl or no TLS support");
      return;
    }
  https = g_strdup_printf ("https://127.0.0.1:%u/members%u", mc_test_tls_get_port (tls), db_counter);
  init_workspace (a);
  g_free (add_member (a, "张三", "13800138000"));

  /* Certificates are checked: one signed by an authority the system does not know is refused. */
  {
    g_autoptr(Run) r = cli (a, "sync", "--url", https, "--retries", "0", NULL);

    expect_failure (r, 1, "is not trusted", "--ca-file", NULL);
  }
  /* Trusting that one authority too, it syncs. */
  {
    g_autoptr(Run) r = cli (a, "--json", "sync", "--url", https, "--ca-file", mc_test_tls_get_ca (tls), NULL);
    g_autoptr(JsonNode) node = NULL;

    expect_ok (r);
    node = parse_json (r);
    g_assert_cmpint (get_int (object_of (node), "pushed"), ==, 2);
  }
  mc_test_tls_stop (tls);
}

/* PouchDB's own replicate() (Node) copies what we pushed, revision history and conflict
 * included, to another database; we pull that copy into a third workspace unchanged. */
static void
test_pouchdb_replicate (void)
{
  g_autoptr(Workspace) a = workspace_new ();
  g_autoptr(Workspace) b = workspace_new ();
  g_autoptr(Workspace) c = workspace_new ();
  g_autofree char *url = NULL, *copy = NULL, *script = NULL, *modules = NULL, *bin = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *rev_a = NULL, *rev_c = NULL;
  const char *argv[6];
  int wait_status = 0;

  MC_TEST_NEED_SERVER (server);
  url = new_db ();
  copy = new_db ();
  init_workspace (a);
  init_workspace (b);
  g_free (add_member (a, "张三", "13800138000"));
  add_order (a, "13800138000", "88");
  json_node_unref (sync_cli (a, url));
  json_node_unref (sync_cli (b, url));
  {
    g_autoptr(Run) r1 = cli (a, "member", "edit", "13800138000", "--notes", "A", NULL);
    g_autoptr(Run) r2 = cli (b, "member", "edit", "13800138000", "--notes", "B", NULL);

    expect_ok (r1);
    expect_ok (r2);
  }
  json_node_unref (sync_cli (a, url));
  g_assert_cmpint (sync_int (b, url, "conflicts"), ==, 1);

  script = g_build_filename (g_getenv ("MC_SOURCE_ROOT"), "bench", "pouchdb-replicate.js", NULL);
  bin = g_path_get_dirname (server->program);
  modules = g_path_get_dirname (bin);
  g_setenv ("NODE_PATH", modules, TRUE);
  argv[0] = "node";
  argv[1] = script;
  argv[2] = url;
  argv[3] = copy;
  argv[4] = "100";
  argv[5] = NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                               &wait_status, NULL));
  if (!g_spawn_check_wait_status (wait_status, NULL))
    g_error ("PouchDB's replication failed: %s", err);

  init_workspace (c);
  g_assert_cmpint (sync_int (c, copy, "conflicts"), ==, 1);
  g_assert_cmpint (member_int (c, "13800138000", "points_balance"), ==, 88);
  /* B has seen both edits: C, from PouchDB's copy, shows the same winner and leaves. */
  rev_a = query_text (b, "SELECT rev FROM member");
  rev_c = query_text (c, "SELECT rev FROM member");
  g_assert_cmpstr (rev_a, ==, rev_c);
  {
    g_autofree char *notes = query_text (c, "SELECT notes FROM member");
    g_autofree char *leaves = query_text (c, "SELECT group_concat (rev, ' ') FROM (SELECT rev FROM sync_leaf "
                                             "WHERE doc_id LIKE 'member:%' ORDER BY rev)");
    g_autofree char *leaves_a = query_text (b, "SELECT group_concat (rev, ' ') FROM (SELECT rev FROM sync_leaf "
                                               "WHERE doc_id LIKE 'member:%' ORDER BY rev)");

    g_assert_cmpstr (leaves, ==, leaves_a);
    g_assert_true (g_str_equal (notes, "A") || g_str_equal (notes, "B"));
  }
}

/* member-console-cli --db WS sync --url URL --user NAME --password-stdin, the password on
 * standard input: the exit status and stderr. */
static int
sync_with_password (Workspace   *ws,
                    const char  *url,
                    const char  *password,
                    char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = g_strdup_printf ("%s\n", password);
  g_autofree char *out = NULL;

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("MC_CLI"), "--db", ws->db, "sync",
                                         "--url", url, "--user", "boss", "--password-stdin",
                                         "--retries", "0", NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, input, NULL, &out, err, &error));
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (process);
}

static void
test_password (void)
{
  g_autoptr(Workspace) a = workspace_new ();
  g_autofree char *url = NULL, *admins = NULL, *err = NULL, *contents = NULL;
  g_autoptr(JsonNode) put = NULL;
  gsize length = 0;
  guint status;

  MC_TEST_NEED_SERVER (server);
  url = new_db ();
  init_workspace (a);
  g_free (add_member (a, "张三", "13800138000"));
  /* An administrator ends the "admin party": wrong credentials are now a 401. */
  admins = g_strdup_printf ("%s/_config/admins/boss", server->url);
  put = mc_test_http ("PUT", admins, "\"Pa55-w0rd-s3cret\"", &status);
  g_assert_cmpuint (status, ==, 200);

  g_assert_cmpint (sync_with_password (a, url, "wrong", &err), ==, 1);
  g_assert_nonnull (strstr (err, "did not accept the user name or password (401)"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sync_with_password (a, url, "Pa55-w0rd-s3cret", &err), ==, 0);
  g_assert_cmpstr (err, ==, "");
  /* Pushed (the pull found nothing to checkpoint). */
  g_assert_cmpint (query_int (a, "SELECT count (*) FROM sync_checkpoint"), ==, 1);

  /* The password is nowhere in the workspace. */
  g_assert_true (g_file_get_contents (a->db, &contents, &length, NULL));
  g_assert_null (g_strstr_len (contents, (gssize) length, "Pa55-w0rd-s3cret"));
  g_clear_pointer (&contents, g_free);
  {
    g_autofree char *wal = g_strdup_printf ("%s-wal", a->db);

    if (g_file_get_contents (wal, &contents, &length, NULL))
      g_assert_null (g_strstr_len (contents, (gssize) length, "Pa55-w0rd-s3cret"));
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/errors", test_errors);
  g_test_add_func ("/sync/converge", test_converge);
  g_test_add_func ("/sync/conflict", test_conflict);
  g_test_add_func ("/sync/third-party", test_third_party);
  g_test_add_func ("/sync/refused", test_refused);
  g_test_add_func ("/sync/https", test_https);
  g_test_add_func ("/sync/pouchdb-replicate", test_pouchdb_replicate);
  /* Last: it gives the server an administrator. */
  g_test_add_func ("/sync/password", test_password);
  server = mc_test_server_start (FALSE);
  status = g_test_run ();
  mc_test_server_free (server);
  return status;
}
