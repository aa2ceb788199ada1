/* test-cli-ledger.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * member-console-cli's ledger as a user runs it: orders and refunds, points, tiers and
 * expiry, and the CLV analytics. The workspace and the runner are in mc-test-cli.c.
 */
#define G_LOG_DOMAIN "mc-test-cli"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mc-test-cli.h"

/* ------------------------------------------------------------------------------------ */
/* Orders and points                                                                    */

static void
test_order_add_refund (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autoptr(Run) add = cli (ws, "order", "add", "--member", "13812345678", "--amount", "128.50", "--json", NULL);
  g_autoptr(JsonNode) order = parse_json (add);
  g_autoptr(Run) refund = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(JsonNode) refunded = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) shown = NULL;
  const char *order_id;
  JsonObject *m;

  g_assert_cmpint (get_int (object_of (order), "points"), ==, 128);
  g_assert_cmpint (get_int (object_of (order), "growth"), ==, 138);
  order_id = get_string (object_of (order), "order_id");

  shown = show_member (ws, "13812345678");
  m = object_of (shown);
  g_assert_cmpstr (get_string (m, "id"), ==, id);
  g_assert_cmpint (get_int (m, "points_balance"), ==, 128);
  g_assert_cmpint (get_int (m, "growth"), ==, 138);
  g_assert_cmpint (get_int (m, "spend_fen"), ==, 12850);
  g_assert_cmpint (get_int (m, "orders_count"), ==, 1);

  refund = cli (ws, "order", "refund", order_id, "--json", NULL);
  refunded = parse_json (refund);
  g_assert_cmpint (get_int (object_of (refunded), "points"), ==, -128);
  g_assert_cmpint (get_int (object_of (refunded), "growth"), ==, -138);

  after = show_member (ws, "13812345678");
  g_assert_cmpint (get_int (object_of (after), "points_balance"), ==, 0);
  g_assert_cmpint (get_int (object_of (after), "growth"), ==, 0);
  g_assert_cmpint (get_int (object_of (after), "spend_fen"), ==, 0);

  /* Nothing is left to refund. */
  again = cli (ws, "order", "refund", order_id, "--json", NULL);
  expect_failure (again, 1, NULL);
  g_assert_cmpint (member_int (ws, "13812345678", "points_balance"), ==, 0);
}

static void
test_points (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autoptr(Run) adjust = NULL;
  g_autoptr(Run) too_much = NULL;
  g_autoptr(Run) redeem = NULL;
  g_autoptr(Run) no_reason = NULL;
  g_autoptr(JsonNode) adjusted = NULL;
  g_autoptr(JsonNode) redeemed = NULL;

  adjust = cli (ws, "points", "adjust", "--member", "13812345678", "--points", "50", "--reason", "x", "--json", NULL);
  adjusted = parse_json (adjust);
  g_assert_cmpint (get_int (object_of (adjusted), "points_balance"), ==, 50);
  g_assert_cmpint (member_int (ws, "13812345678", "points_balance"), ==, 50);

  /* More than the balance: refused with the numbers, balance unchanged. */
  too_much = cli (ws, "points", "redeem", "--member", "13812345678", "--points", "80", "--reason", "gift", NULL);
  expect_failure (too_much, 1, "80", "50", NULL);
  g_assert_cmpstr (too_much->out, ==, "");
  g_assert_cmpint (member_int (ws, "13812345678", "points_balance"), ==, 50);

  redeem = cli (ws, "points", "redeem", "--member", id, "--points", "20", "--reason", "gift", "--json", NULL);
  redeemed = parse_json (redeem);
  g_assert_cmpint (get_int (object_of (redeemed), "points_balance"), ==, 30);
  g_assert_cmpint (member_int (ws, "13812345678", "points_balance"), ==, 30);

  /* An adjustment needs a reason. */
  no_reason = cli (ws, "points", "adjust", "--member", "13812345678", "--points", "10", NULL);
  expect_failure (no_reason, 1, "reason", NULL);
  g_assert_cmpint (member_int (ws, "13812345678", "points_balance"), ==, 30);
}

/* ------------------------------------------------------------------------------------ */
/* Tiers and expiry                                                                     */

static void
test_tiers_and_expiry (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autoptr(Run) order = cli (ws, "order", "add", "--member", "13812345678", "--amount", "128.50",
                              "--at", "2026-01-10T12:00", NULL);
  g_autoptr(Run) evaluate = NULL;
  g_autoptr(Run) growth = NULL;
  g_autoptr(Run) upgrade = NULL;
  g_autoptr(Run) expire = NULL;
  g_autoptr(Run) no_until = NULL;
  g_autoptr(Run) set = NULL;
  g_autoptr(JsonNode) evaluated = NULL;
  g_autoptr(JsonNode) upgraded = NULL;
  g_autoptr(JsonNode) expired = NULL;
  g_autoptr(JsonNode) manual = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *until = g_date_time_format (later, "%Y-%m-%d");
  JsonObject *o;

  expect_ok (order);

  evaluate = cli (ws, "tiers", "evaluate", "--json", NULL);
  evaluated = parse_json (evaluate);
  o = object_of (evaluated);
  g_assert_cmpint (get_int (o, "members"), ==, 1);
  g_assert_cmpint (get_int (o, "upgraded"), ==, 0);
  g_assert_cmpint (get_int (o, "downgraded"), ==, 0);

  /* Enough growth for a higher tier: the next evaluation upgrades the member. */
  before = show_member (ws, id);
  growth = cli (ws, "growth", "adjust", "--member", id, "--points", "100000", "--reason", "test", NULL);
  expect_ok (growth);
  upgrade = cli (ws, "tiers", "evaluate", "--json", NULL);
  upgraded = parse_json (upgrade);
  g_assert_cmpint (get_int (object_of (upgraded), "members"), ==, 1);
  g_assert_cmpint (get_int (object_of (upgraded), "upgraded"), ==, 1);
  after = show_member (ws, id);
  g_assert_cmpstr (get_string (object_of (after), "tier"), !=, get_string (object_of (before), "tier"));

  /* The order's 128 points, earned 2026-01-10, are due long before 2030. */
  expire = cli (ws, "points", "expire", "--as-of", "2030-01-01", "--json", NULL);
  expired = parse_json (expire);
  o = object_of (expired);
  g_assert_cmpint (get_int (o, "members"), ==, 1);
  g_assert_cmpint (get_int (o, "points"), ==, 128);
  g_assert_cmpint (member_int (ws, id, "points_balance"), ==, 0);

  /* A manual tier needs an end date. */
  no_until = cli (ws, "tier", "set", "--member", id, "--tier", "silver", "--reason", "vip", NULL);
  expect_failure (no_until, 1, "--until", NULL);
  set = cli (ws, "tier", "set", "--member", id, "--tier", "silver", "--reason", "vip", "--until", until, "--json", NULL);
  manual = parse_json (set);
  g_assert_cmpstr (get_string (object_of (manual), "manual_tier"), ==, "silver");
}

/* ------------------------------------------------------------------------------------ */
/* Analytics                                                                            */

static double
get_double (JsonObject *obj,
            const char *key)
{
  JsonNode *node;

  expect_key (obj, key);
  node = json_object_get_member (obj, key);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  return json_node_get_double (node);
}

/* The CLV models fitted to a small demo workspace: they converge to finite, positive
 * parameters; the members come ranked by CLV; an empty workspace is a clear error. */
static void
test_analytics_clv (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Workspace) empty = workspace_new ();
  g_autoptr(Run) demo = cli (ws, "demo", "--members", "300", "--seed", "3", NULL);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) text = NULL;
  g_autoptr(Run) bad = NULL;
  g_autoptr(Run) none = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o, *bg, *gg;
  JsonArray *top;
  gint64 customers, repeat;
  double previous = G_MAXDOUBLE;
  const char *params[] = { "r", "alpha", "a", "b" };

  expect_ok (demo);
  run = cli (ws, "analytics", "clv", "--json", NULL);
  node = parse_json (run);
  o = object_of (node);
  customers = get_int (o, "customers");
  repeat = get_int (o, "repeat_customers");
  g_assert_cmpint (customers, >, 100);
  g_assert_cmpint (customers, <=, 300);
  g_assert_cmpint (repeat, >, 10);
  g_assert_cmpint (repeat, <=, customers);

  bg = json_object_get_object_member (o, "bgnbd");
  g_assert_nonnull (bg);
  for (guint i = 0; i < G_N_ELEMENTS (params); i++)
    {
      double v = get_double (bg, params[i]);

      g_assert_true (isfinite (v));
      g_assert_cmpfloat (v, >, 1e-6);
      g_assert_cmpfloat (v, <, 1e6);
    }
  g_assert_cmpfloat (get_double (bg, "log_likelihood"), <, 0.0);
  g_assert_true (isfinite (get_double (bg, "log_likelihood")));
  gg = json_object_get_object_member (o, "gamma_gamma");
  g_assert_nonnull (gg);
  g_assert_cmpfloat (get_double (gg, "p"), >, 0.0);
  g_assert_cmpfloat (get_double (gg, "q"), >, 1.0);
  g_assert_cmpfloat (get_double (gg, "gamma"), >, 0.0);

  top = json_object_get_array_member (o, "top");
  g_assert_nonnull (top);
  g_assert_cmpuint (json_array_get_length (top), ==, 10);
  for (guint i = 0; i < json_array_get_length (top); i++)
    {
      JsonObject *m = json_array_get_object_element (top, i);
      double clv = get_double (m, "clv_yuan");
      double p_alive = get_double (m, "p_alive");

      g_assert_nonnull (get_string (m, "card_no"));
      g_assert_cmpfloat (clv, >, 0.0);
      g_assert_cmpfloat (clv, <=, previous);
      g_assert_cmpfloat (p_alive, >=, 0.0);
      g_assert_cmpfloat (p_alive, <=, 1.0);
      g_assert_cmpfloat (get_double (m, "expected_purchases"), >=, 0.0);
      g_assert_cmpfloat (get_double (m, "expected_spend_yuan"), >, 0.0);
      previous = clv;
    }

  text = cli (ws, "analytics", "clv", "--top", "3", "--margin", "0.25", NULL);
  expect_ok (text);
  g_assert_nonnull (strstr (text->out, "BG/NBD"));
  g_assert_nonnull (strstr (text->out, "margin 25%"));
  g_assert_nonnull (strstr (text->out, "Log-likelihood"));

  bad = cli (ws, "analytics", "clv", "--margin", "2", NULL);
  expect_failure (bad, 2, "--margin", NULL);

  init_workspace (empty);
  none = cli (empty, "analytics", "clv", NULL);
  expect_failure (none, 1, "no customers", NULL);
}

static const CliCase cases[] = {
  { "/cli/order/add-refund", test_order_add_refund },
  { "/cli/points/redeem-adjust", test_points },
  { "/cli/tiers/evaluate-expire-set", test_tiers_and_expiry },
  { "/cli/analytics/clv", test_analytics_clv },
};

int
main (int   argc,
      char *argv[])
{
  return mc_test_cli_run (&argc, &argv, cases, G_N_ELEMENTS (cases));
}
