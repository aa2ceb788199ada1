/* test-cli-programme.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * member-console-cli's programme commands as a user runs them: show, export, import (a
 * draft; a bad file names its field; a clerk is refused), drafts, diff, simulate and
 * publish. The workspace and the runner are in mc-test-cli.c.
 */
#define G_LOG_DOMAIN "mc-test-cli"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "mc-test-cli.h"

/* The default programme with gold from 3,000 growth instead of 8,000, and a benefit for
 * gold: ¥5 coupons, 2 a month, used at 50 %: 500 fen a gold member a month. */
static const char draft_doc[] =
  "{\"name\":\"Gold for more\","
  "\"tiers\":[{\"code\":\"base\",\"name\":\"Member\",\"threshold\":0,\"multiplier\":1.0},"
  "{\"code\":\"silver\",\"name\":\"Silver\",\"threshold\":2000,\"multiplier\":1.2},"
  "{\"code\":\"gold\",\"name\":\"Gold\",\"threshold\":3000,\"multiplier\":1.5,\"benefits\":[\"c5\"]}],"
  "\"benefits\":[{\"code\":\"c5\",\"name\":\"Coupon\",\"kind\":\"price\",\"coupon_value_fen\":500,"
  "\"coupons_per_month\":2,\"unit_cost_fen\":500,\"usage_rate_percent\":50}]}";

static void
test_programme_draft_simulate_publish (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autofree char *draft_path = write_workspace_file (ws, "draft.json", draft_doc);
  g_autofree char *bad_path = NULL;
  g_autofree char *export_path = workspace_file (ws, "live.json");
  g_autofree char *exported = NULL;
  g_autofree char *bad_doc = NULL;
  g_autoptr(Run) order = NULL, evaluate = NULL, show = NULL, export = NULL, bad = NULL, clerk = NULL;
  g_autoptr(Run) import = NULL, drafts = NULL, diff = NULL, simulate = NULL, publish = NULL, again = NULL;
  g_autoptr(Run) no_draft = NULL;
  g_autoptr(JsonNode) shown = NULL, imported = NULL, listed = NULL, simulated = NULL, published = NULL;
  g_autoptr(JsonNode) member = NULL;
  const char *draft_id;
  JsonObject *o, *gold;
  JsonArray *movement;

  /* ¥3,000 today: growth 3,010, silver under the live programme. */
  order = cli (ws, "order", "add", "--member", "13812345678", "--amount", "3000", NULL);
  expect_ok (order);
  evaluate = cli (ws, "tiers", "evaluate", NULL);
  expect_ok (evaluate);

  show = cli (ws, "programme", "show", "--json", NULL);
  shown = parse_json (show);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object_of (shown), "tiers")), ==, 3);
  export = cli (ws, "programme", "export", export_path, NULL);
  expect_ok (export);
  exported = read_text_file (export_path);
  g_assert_nonnull (strstr (exported, "\"threshold\":8000"));

  /* Gold not above silver: refused, naming the field. */
  bad_doc = g_strdup (draft_doc);
  memcpy (strstr (bad_doc, "3000"), "1000", 4);
  bad_path = write_workspace_file (ws, "bad.json", bad_doc);
  bad = cli (ws, "programme", "import", bad_path, NULL);
  expect_failure (bad, 1, "tiers[2].threshold", "Thresholds must rise", NULL);
  clerk = cli (ws, "--role", "clerk", "programme", "import", draft_path, NULL);
  expect_failure (clerk, 1, "Clerk", NULL);

  import = cli (ws, "programme", "import", draft_path, "--json", NULL);
  imported = parse_json (import);
  draft_id = get_string (object_of (imported), "draft");
  drafts = cli (ws, "programme", "drafts", "--json", NULL);
  listed = parse_json (drafts);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (listed)), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (listed), 1),
                                                  "status"), ==, "draft");

  diff = cli (ws, "programme", "diff", "live", draft_id, NULL);
  expect_ok (diff);
  g_assert_nonnull (strstr (diff->out, "Gold threshold 8,000 → 3,000\n"));
  g_assert_nonnull (strstr (diff->out, "Name Standard programme → Gold for more\n"));

  /* Side by side: the member is silver live, gold in the draft. */
  simulate = cli (ws, "programme", "simulate", "--draft", draft_id, "--json", NULL);
  simulated = parse_json (simulate);
  o = object_of (simulated);
  gold = json_array_get_object_element (json_object_get_array_member (o, "tiers"), 2);
  g_assert_cmpstr (get_string (gold, "name"), ==, "Gold");
  g_assert_cmpint (get_int (gold, "members"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (gold, "share"), ==, 1.0);
  g_assert_cmpint (get_int (gold, "monthly_benefit_cost_fen"), ==, 500);
  g_assert_cmpint (get_int (gold, "revenue_fen"), ==, 300000);
  g_assert_cmpint (get_int (json_array_get_object_element (json_object_get_array_member (
                     json_object_get_object_member (o, "live"), "tiers"), 1), "members"), ==, 1);
  movement = json_object_get_array_member (o, "movement");
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (movement, 1), 2), ==, 1);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (movement, 1), 1), ==, 0);
  g_assert_cmpint (get_int (o, "up"), ==, 1);
  /* 3000 points outstanding + 4500 the window's spend earns at gold (×1.5), 1 fen each. */
  g_assert_cmpint (get_int (o, "points_liability"), ==, 3000 + 4500);

  no_draft = cli (ws, "programme", "publish", NULL);
  expect_failure (no_draft, 2, "--draft", NULL);
  publish = cli (ws, "programme", "publish", "--draft", draft_id, "--json", NULL);
  published = parse_json (publish);
  g_assert_cmpint (get_int (object_of (published), "upgraded"), ==, 1);
  member = show_member (ws, id);
  g_assert_cmpstr (get_string (object_of (member), "tier"), ==, "gold");
  again = cli (ws, "programme", "publish", "--draft", draft_id, NULL);
  expect_failure (again, 1, "not a draft", NULL);
}

/* The clock cannot be set for a command: time passing is a scheduled date moved back. */
static void
move_effective_date (Workspace  *ws,
                     const char *id,
                     gint64      effective_at)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open (ws->db, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "UPDATE programme_version SET effective_at = ?1 WHERE id = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, effective_at);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static JsonObject *
version_in (JsonNode   *listed,
            const char *id)
{
  JsonArray *array = json_node_get_array (listed);

  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (get_string (json_array_get_object_element (array, i), "id"), id) == 0)
      return json_array_get_object_element (array, i);
  g_assert_not_reached ();
}

/* publish --effective with a later date schedules; drafts says so; unschedule; and the
 * next command after the date makes it live first. */
static void
test_programme_schedule (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autofree char *draft_path = write_workspace_file (ws, "draft.json", draft_doc);
  g_autoptr(Run) order = NULL, evaluate = NULL, import = NULL, schedule = NULL, drafts = NULL, text = NULL;
  g_autoptr(Run) unschedule = NULL, again = NULL, unschedule_again = NULL, reschedule = NULL, later = NULL;
  g_autoptr(Run) drafts_after = NULL;
  g_autoptr(JsonNode) imported = NULL, scheduled = NULL, listed = NULL, listed2 = NULL, listed_after = NULL;
  g_autoptr(JsonNode) member = NULL;
  g_autofree char *draft_id = NULL;
  JsonObject *v;

  order = cli (ws, "order", "add", "--member", "13812345678", "--amount", "3000", NULL);
  expect_ok (order);
  evaluate = cli (ws, "tiers", "evaluate", NULL);
  expect_ok (evaluate);
  import = cli (ws, "programme", "import", draft_path, "--json", NULL);
  imported = parse_json (import);
  draft_id = g_strdup (get_string (object_of (imported), "draft"));

  /* 1 January 2099, 00:00 in Shanghai (the workspace's zone): 4070908800 (00:00 UTC) − 8 h. */
  schedule = cli (ws, "programme", "publish", "--draft", draft_id, "--effective", "2099-01-01", "--json", NULL);
  scheduled = parse_json (schedule);
  g_assert_cmpstr (get_string (object_of (scheduled), "scheduled"), ==, draft_id);
  g_assert_cmpint (get_int (object_of (scheduled), "effective_at"), ==, G_GINT64_CONSTANT (4070908800) - 8 * 3600);
  drafts = cli (ws, "programme", "drafts", "--json", NULL);
  listed = parse_json (drafts);
  v = version_in (listed, draft_id);
  g_assert_cmpstr (get_string (v, "status"), ==, "draft");
  g_assert_true (json_object_get_boolean_member (v, "scheduled"));
  g_assert_cmpint (get_int (v, "effective_at"), ==, G_GINT64_CONSTANT (4070908800) - 8 * 3600);
  text = cli (ws, "programme", "drafts", NULL);
  expect_ok (text);
  g_assert_nonnull (strstr (text->out, "Scheduled  2099-01-01"));

  /* Unscheduled: a plain draft again; a second time is refused. */
  unschedule = cli (ws, "programme", "unschedule", draft_id, NULL);
  expect_ok (unschedule);
  g_assert_nonnull (strstr (unschedule->out, "is no longer scheduled"));
  again = cli (ws, "programme", "drafts", "--json", NULL);
  listed2 = parse_json (again);
  v = version_in (listed2, draft_id);
  g_assert_false (json_object_get_boolean_member (v, "scheduled"));
  g_assert_true (json_object_get_null_member (v, "effective_at"));
  unschedule_again = cli (ws, "programme", "unschedule", draft_id, NULL);
  expect_failure (unschedule_again, 1, "is not scheduled", NULL);

  /* Scheduled again, then the date is made to have passed: the next command (here a
   * member lookup) makes it live first and says so on stderr; Zhang San is gold. */
  reschedule = cli (ws, "programme", "publish", "--draft", draft_id, "--effective", "2099-01-01", NULL);
  expect_ok (reschedule);
  g_assert_nonnull (strstr (reschedule->out, "is scheduled to go live on 2099-01-01"));
  move_effective_date (ws, draft_id, 1000000000);
  later = cli (ws, "member", "show", "13812345678", NULL);
  expect_ok (later);
  g_assert_nonnull (strstr (later->err, "The scheduled programme “Gold for more” went live"));
  g_assert_nonnull (strstr (later->err, "1 up"));
  drafts_after = cli (ws, "programme", "drafts", "--json", NULL);
  listed_after = parse_json (drafts_after);
  g_assert_cmpstr (g_strstr_len (drafts_after->err, -1, "went live"), ==, NULL);
  v = version_in (listed_after, draft_id);
  g_assert_cmpstr (get_string (v, "status"), ==, "live");
  g_assert_cmpint (get_int (v, "effective_at"), ==, 1000000000);
  member = show_member (ws, id);
  g_assert_cmpstr (get_string (object_of (member), "tier"), ==, "gold");
}

static const CliCase cases[] = {
  { "/cli/programme/draft-simulate-publish", test_programme_draft_simulate_publish },
  { "/cli/programme/schedule", test_programme_schedule },
};

int
main (int   argc,
      char *argv[])
{
  return mc_test_cli_run (&argc, &argv, cases, G_N_ELEMENTS (cases));
}
