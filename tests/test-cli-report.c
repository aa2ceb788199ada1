/* test-cli-report.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * member-console-cli report kpis|retention|cohorts|rfm|churn|clv as a user runs them:
 * the JSON keys and figures on a workspace made with the CLI itself, the CDNOW figures
 * through report clv --import-transactions, and the errors.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "mc-test-cli.h"

#define OK(...) G_STMT_START { g_autoptr(Run) ok_ = cli (ws, __VA_ARGS__, NULL); expect_ok (ok_); } G_STMT_END

static double
number (JsonObject *o,
        const char *key)
{
  expect_key (o, key);
  return json_node_get_double (json_object_get_member (o, key));
}

/* Two members who joined today (A of 一号店, consenting; B), A buying ¥100 and ¥50 at
 * 一号店, B ¥80, and a non-member ¥60 at 一号店. */
static void
make_workspace (Workspace *ws)
{
  init_workspace (ws);
  OK ("store", "add", "一号店");
  OK ("member", "add", "--name", "甲", "--phone", "13800000001", "--store", "一号店", "--consent", "yes");
  OK ("member", "add", "--name", "乙", "--phone", "13800000002");
  OK ("order", "add", "--member", "13800000001", "--amount", "100", "--store", "一号店");
  OK ("order", "add", "--member", "13800000001", "--amount", "50", "--store", "一号店");
  OK ("order", "add", "--member", "13800000002", "--amount", "80");
  OK ("order", "add", "--amount", "60", "--store", "一号店");
}

static JsonObject *
report_json (Workspace  *ws,
             JsonNode  **node,
             const char *first,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(Run) r = NULL;
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  while (args->len < 6)
    g_ptr_array_add (args, NULL);
  r = cli (ws, "report", g_ptr_array_index (args, 0), "--json", g_ptr_array_index (args, 1),
           g_ptr_array_index (args, 2), g_ptr_array_index (args, 3), g_ptr_array_index (args, 4),
           g_ptr_array_index (args, 5), NULL);
  *node = parse_json (r);
  return object_of (*node);
}

static void
test_kpis (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(JsonNode) all = NULL;
  g_autoptr(JsonNode) store = NULL;
  g_autoptr(Run) text = NULL;
  JsonObject *k;

  make_workspace (ws);
  k = report_json (ws, &all, "kpis", NULL);
  g_assert_cmpint (get_int (k, "members"), ==, 2);
  g_assert_cmpint (get_int (k, "new_members"), ==, 2);
  g_assert_cmpint (get_int (k, "active_members"), ==, 2);
  g_assert_cmpint (get_int (k, "orders"), ==, 3);
  g_assert_cmpint (get_int (k, "revenue_fen"), ==, 23000);
  g_assert_cmpint (get_int (k, "buyers"), ==, 2);
  g_assert_cmpfloat_with_epsilon (number (k, "arpu_fen"), 11500.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (number (k, "repurchase_rate"), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (number (k, "active_share"), 1.0, 1e-12);
  g_assert_cmpint (get_int (k, "points_issued"), ==, 230);
  g_assert_cmpint (get_int (k, "points_outstanding"), ==, 230);
  g_assert_cmpint (get_int (k, "member_sales_fen"), ==, 23000);
  g_assert_cmpint (get_int (k, "anonymous_sales_fen"), ==, 6000);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (k, "renewal_rate")));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (k, "ltv_cac")));
  expect_key (k, "from");
  expect_key (k, "average_order_fen");
  expect_key (k, "purchase_interval_days");
  expect_key (k, "points_liability_fen");
  expect_key (k, "benefit_usage_rate");

  k = report_json (ws, &store, "kpis", "--store", "一号店", NULL);
  g_assert_cmpint (get_int (k, "members"), ==, 1);
  g_assert_cmpint (get_int (k, "revenue_fen"), ==, 15000);
  g_assert_cmpint (get_int (k, "member_sales_fen"), ==, 15000);   /* made at 一号店 */
  g_assert_cmpint (get_int (k, "anonymous_sales_fen"), ==, 6000);

  text = cli (ws, "report", "kpis", NULL);
  expect_ok (text);
  g_assert_nonnull (strstr (text->out, "Members:"));
  g_assert_nonnull (strstr (text->out, "¥230.00"));
}

static void
test_cohorts_retention (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(JsonNode) c = NULL;
  g_autoptr(JsonNode) r = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autofree char *month = NULL;
  JsonArray *cohorts, *shares;
  JsonObject *o;

  make_workspace (ws);
  o = report_json (ws, &c, "cohorts", NULL);
  cohorts = json_object_get_array_member (o, "cohorts");
  g_assert_nonnull (cohorts);
  g_assert_cmpuint (json_array_get_length (cohorts), ==, 1);
  o = json_array_get_object_element (cohorts, 0);
  now = g_date_time_new_now (tz);
  month = g_date_time_format (now, "%Y-%m");
  g_assert_cmpstr (get_string (o, "cohort"), ==, month);
  g_assert_cmpint (get_int (o, "size"), ==, 2);
  shares = json_object_get_array_member (o, "retention");
  g_assert_cmpuint (json_array_get_length (shares), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (shares, 0), 1.0, 1e-12);

  o = report_json (ws, &r, "retention", NULL);
  expect_key (o, "d1");
  expect_key (o, "d7");
  expect_key (o, "d30");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "days")), ==, 1);
}

static void
test_rfm (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(Run) bad = NULL;
  g_autoptr(Run) half = NULL;
  static const char * const names[] = {
    "important_value", "important_development", "important_retention", "important_recall",
    "general_value", "general_development", "general_retention", "general_recall",
  };
  JsonArray *segments;
  JsonObject *o;
  gint64 members = 0, revenue = 0;

  make_workspace (ws);
  o = report_json (ws, &node, "rfm", NULL);
  g_assert_cmpint (get_int (o, "members"), ==, 2);
  segments = json_object_get_array_member (o, "segments");
  g_assert_cmpuint (json_array_get_length (segments), ==, 8);
  for (guint s = 0; s < 8; s++)
    {
      JsonObject *seg = json_array_get_object_element (segments, s);

      g_assert_cmpstr (get_string (seg, "name"), ==, names[s]);
      members += get_int (seg, "members");
      revenue += get_int (seg, "revenue_fen");
    }
  g_assert_cmpint (members, ==, 2);
  g_assert_cmpint (revenue, ==, 23000);

  bad = cli (ws, "report", "rfm", "--r-thresholds", "1,2", "--f-thresholds", "1,2,3,4",
             "--m-thresholds", "1,2,3,4", NULL);
  expect_failure (bad, 2, "--r-thresholds", NULL);
  half = cli (ws, "report", "rfm", "--r-thresholds", "1,2,3,4", NULL);
  expect_failure (half, 2, "--f-thresholds", NULL);
}

static void
test_churn (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(Run) bad = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *csv = NULL;
  JsonObject *o;
  gint64 members = 0;
  JsonArray *groups;

  make_workspace (ws);
  csv_path = workspace_file (ws, "recall.csv");
  /* Nobody has been quiet for a day: with --dormant-days 1 nobody is dormant either. */
  o = report_json (ws, &node, "churn", "--export", csv_path, NULL);
  expect_key (o, "signals");
  groups = json_object_get_array_member (o, "groups");
  g_assert_cmpuint (json_array_get_length (groups), ==, 4);
  for (guint g = 0; g < 4; g++)
    members += get_int (json_array_get_object_element (groups, g), "members");
  g_assert_cmpint (members, ==, 2);
  g_assert_cmpint (get_int (o, "exported"), ==, 0);
  csv = read_text_file (csv_path);
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbf" "card_no,name,phone"));

  bad = cli (ws, "report", "churn", "--group", "vip", NULL);
  expect_failure (bad, 2, "vip", NULL);
}

static char *
cdnow (void)
{
  const char *shared = g_getenv ("MC_SHARED_DIR");

  g_assert_nonnull (shared);
  return g_build_filename (shared, "data", "cdnow", "CDNOW_sample.txt", NULL);
}

static void
test_clv_import (void)
{
  g_autoptr(Workspace) ws = workspace_new ();   /* never created: no workspace is needed */
  g_autofree char *path = cdnow ();
  g_autoptr(Run) bg = NULL;
  g_autoptr(Run) gg = NULL;
  g_autoptr(Run) missing = NULL;
  g_autoptr(Run) stray = NULL;
  g_autoptr(JsonNode) bg_node = NULL;
  g_autoptr(JsonNode) gg_node = NULL;
  JsonObject *o, *params, *first = NULL;
  JsonArray *members;

  bg = cli (ws, "report", "clv", "--json", "--model", "bgnbd", "--import-transactions", path,
            "--calibration-end", "1997-09-30", "--members", "--weeks", "39", NULL);
  bg_node = parse_json (bg);
  o = object_of (bg_node);
  g_assert_cmpint (get_int (o, "customers"), ==, 2357);
  params = json_object_get_object_member (o, "params");
  g_assert_cmpfloat_with_epsilon (number (params, "r"), 0.243, 0.0005);
  g_assert_cmpfloat_with_epsilon (number (params, "alpha"), 4.414, 0.0005);
  g_assert_cmpfloat_with_epsilon (number (params, "a"), 0.793, 0.0005);
  g_assert_cmpfloat_with_epsilon (number (params, "b"), 2.426, 0.0005);
  g_assert_cmpfloat_with_epsilon (number (o, "log_likelihood"), -9582.4, 0.05);
  members = json_object_get_array_member (o, "members");
  g_assert_cmpuint (json_array_get_length (members), ==, 2357);
  for (guint i = 0; i < json_array_get_length (members); i++)
    if (g_str_equal (get_string (json_array_get_object_element (members, i), "customer"), "00004"))
      first = json_array_get_object_element (members, i);
  g_assert_nonnull (first);
  /* The published example: x = 2, t_x = 30.43, T = 38.86 expects 1.226 in 39 weeks. */
  g_assert_cmpfloat_with_epsilon (number (first, "x"), 2.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (number (first, "t_x_weeks"), 30.43, 0.005);
  g_assert_cmpfloat_with_epsilon (number (first, "expected_purchases"), 1.226, 0.0005);
  g_assert_cmpfloat (number (first, "p_alive"), >, 0.0);
  g_assert_cmpfloat (number (first, "p_alive"), <, 1.0);
  g_assert_false (g_file_test (ws->db, G_FILE_TEST_EXISTS));

  gg = cli (ws, "report", "clv", "--json", "--model", "gamma-gamma", "--import-transactions", path,
            "--calibration-end", "19970930", NULL);
  gg_node = parse_json (gg);
  o = object_of (gg_node);
  params = json_object_get_object_member (o, "params");
  g_assert_cmpfloat_with_epsilon (number (params, "p"), 6.25, 0.005);
  g_assert_cmpfloat_with_epsilon (number (params, "q"), 3.74, 0.005);
  g_assert_cmpfloat_with_epsilon (number (params, "gamma"), 15.44, 0.005);
  g_assert_cmpint (get_int (o, "repeat_customers"), ==, 946);
  expect_key (o, "log_likelihood");

  missing = cli (ws, "report", "clv", "--import-transactions", "/nonexistent/tx.txt", NULL);
  expect_failure (missing, 1, "/nonexistent/tx.txt", NULL);
  stray = cli (ws, "report", "clv", "--calibration-end", "1997-09-30", NULL);
  expect_failure (stray, 2, "--import-transactions", NULL);
}

static void
test_clv_workspace (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Run) demo = cli (ws, "demo", "--members", "300", "--seed", "3", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(Run) r = NULL;
  JsonObject *o;

  expect_ok (demo);
  r = cli (ws, "report", "clv", "--json", NULL);
  node = parse_json (r);
  o = object_of (node);
  g_assert_cmpstr (get_string (o, "source"), ==, "workspace");
  g_assert_cmpfloat (number (json_object_get_object_member (json_object_get_object_member (o, "bgnbd"), "params"), "r"), >, 0.0);
  g_assert_cmpfloat (number (json_object_get_object_member (o, "clv"), "mean_yuan"), >, 0.0);
}

static void
test_errors (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Run) tier = NULL;
  g_autoptr(Run) store = NULL;
  g_autoptr(Run) backwards = NULL;
  g_autoptr(Run) nowhere = NULL;

  nowhere = cli (ws, "report", "kpis", NULL);
  expect_failure (nowhere, 1, "init", NULL);
  make_workspace (ws);
  tier = cli (ws, "report", "kpis", "--tier", "platinum", NULL);
  expect_failure (tier, 1, "platinum", NULL);
  store = cli (ws, "report", "cohorts", "--store", "九号店", NULL);
  expect_failure (store, 1, "九号店", NULL);
  backwards = cli (ws, "report", "rfm", "--from", "2025-03-31", "--to", "2025-03-01", NULL);
  expect_failure (backwards, 1, NULL);
}

static void
test_all (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;
  JsonArray *cohorts;

  make_workspace (ws);
  o = report_json (ws, &node, "all", NULL);
  g_assert_cmpint (get_int (json_object_get_object_member (o, "kpis"), "revenue_fen"), ==, 23000);
  cohorts = json_object_get_array_member (o, "cohorts");
  g_assert_cmpuint (json_array_get_length (cohorts), ==, 1);
  g_assert_cmpint (get_int (json_array_get_object_element (cohorts, 0), "size"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (o, "rfm"),
                                                                         "segments")), ==, 8);
}

static const CliCase cases[] = {
  { "/cli/report/all", test_all },
  { "/cli/report/kpis", test_kpis },
  { "/cli/report/cohorts-retention", test_cohorts_retention },
  { "/cli/report/rfm", test_rfm },
  { "/cli/report/churn", test_churn },
  { "/cli/report/clv-import", test_clv_import },
  { "/cli/report/clv-workspace", test_clv_workspace },
  { "/cli/report/errors", test_errors },
};

int
main (int   argc,
      char *argv[])
{
  return mc_test_cli_run (&argc, &argv, cases, G_N_ELEMENTS (cases));
}
