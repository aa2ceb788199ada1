/* test-rules.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *
 * The rules engine on small workspaces with the default programme (base 0 ×1.0, silver 2000
 * ×1.2, gold 8000 ×1.5; 1 point per yuan; growth 1 per yuan + 10 per order; points expire
 * after 24 months): what orders, actions, refunds, redemptions, adjustments and expiry do
 * to the ledgers, the balances and the audit log, with every number computed by hand.
 *
 * This file: orders, actions, redemption and adjustments, expiry; refunds are in
 * test-rules-refund.c, roles and the audit log in test-rules-audit.c.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-test-rules.h"

/* ---- orders ---------------------------------------------------------------------------- */

static void
test_order_earn_base (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = add_member (f, "张三", "13800000001");
  g_autoptr(McMember) m = NULL;
  McOrderResult r = { 0 }, r2 = { 0 };
  gint64 at = mc_db_now () - 3600;

  /* ¥128.50 for a base member: floor (128.5 × 1 × 1.0) = 128 points, 128 + 10 growth. */
  add_order (f, id, 12850, at, &r);
  g_assert_cmpint (r.points, ==, 128);
  g_assert_cmpint (r.growth, ==, 138);
  g_assert_cmpint (r.amount_fen, ==, 12850);
  g_assert_cmpint (r.points_unrecovered, ==, 0);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders WHERE id = '%s' AND member_id = '%s' "
                              "AND amount_fen = 12850 AND at = %" G_GINT64_FORMAT " AND refund_of IS NULL",
                              r.order_id, id, at), ==, 1);
  /* One lot of 128 points that expires 24 months after the sale. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE ref_id = '%s'", r.order_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE ref_id = '%s' AND kind = 'earn'",
                              r.order_id), ==, 128);
  g_assert_cmpint (query_int (f, "SELECT expires_at FROM points_ledger WHERE ref_id = '%s'", r.order_id),
                   ==, shift_months (f, at, 24));
  g_assert_cmpint (query_int (f, "SELECT delta FROM growth_ledger WHERE ref_id = '%s' AND kind = 'order'",
                              r.order_id), ==, 138);

  m = load_member (f, id);
  g_assert_cmpstr (m->tier, ==, "base");
  g_assert_cmpint (m->points_balance, ==, 128);
  g_assert_cmpint (m->growth, ==, 138);
  g_assert_cmpint (m->spend_fen, ==, 12850);
  g_assert_cmpint (m->orders_count, ==, 1);
  g_assert_cmpint (m->last_visit_at, ==, at);
  g_clear_pointer (&m, mc_member_free);

  /* ¥0.99, dated before the first sale: 0 points (no lot is written), growth 0 + 10; the
   * last visit stays the later sale. */
  add_order (f, id, 99, at - DAY, &r2);
  g_assert_cmpint (r2.points, ==, 0);
  g_assert_cmpint (r2.growth, ==, 10);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE ref_id = '%s'", r2.order_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT delta FROM growth_ledger WHERE ref_id = '%s'", r2.order_id), ==, 10);

  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 128);
  g_assert_cmpint (m->growth, ==, 148);
  g_assert_cmpint (m->spend_fen, ==, 12949);
  g_assert_cmpint (m->orders_count, ==, 2);
  g_assert_cmpint (m->last_visit_at, ==, at);

  assert_balances (f, id);
  mc_order_result_clear (&r);
  mc_order_result_clear (&r2);
}

static void
test_order_earn_tier_multiplier (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) live = mc_programme_load_live (f->db, &error);
  g_autofree char *gold = add_member (f, "李四", "13800000002");
  g_autofree char *silver = add_member (f, "王五", "13800000003");
  g_autoptr(McMember) m = NULL;
  McOrderResult r = { 0 };
  gint64 until = mc_db_now () + 30 * DAY;

  /* The installed programme kept its multipliers. */
  g_assert_no_error (error);
  g_assert_nonnull (live);
  g_assert_cmpint (mc_programme_get_tier (live, "silver")->multiplier_permille, ==, 1200);
  g_assert_cmpint (mc_programme_get_tier (live, "gold")->multiplier_permille, ==, 1500);

  g_assert_true (mc_tier_set_manual (f->db, gold, "gold", "门店大客户", until, &error));
  g_assert_no_error (error);
  g_assert_true (mc_tier_set_manual (f->db, silver, "silver", "门店老客户", until, &error));
  g_assert_no_error (error);

  /* Gold: floor (128.5 × 1.5) = floor (192.75) = 192; growth has no multiplier. */
  add_order (f, gold, 12850, 0, &r);
  g_assert_cmpint (r.points, ==, 192);
  g_assert_cmpint (r.growth, ==, 138);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE ref_id = '%s'", r.order_id), ==, 192);
  mc_order_result_clear (&r);
  m = load_member (f, gold);
  g_assert_cmpint (m->points_balance, ==, 192);
  g_assert_cmpint (m->growth, ==, 138);
  g_clear_pointer (&m, mc_member_free);

  /* Silver: floor (128.5 × 1.2) = floor (154.2) = 154. */
  add_order (f, silver, 12850, 0, &r);
  g_assert_cmpint (r.points, ==, 154);
  g_assert_cmpint (r.growth, ==, 138);
  mc_order_result_clear (&r);
  m = load_member (f, silver);
  g_assert_cmpint (m->points_balance, ==, 154);

  assert_balances (f, gold);
  assert_balances (f, silver);
}

static void
test_order_anonymous (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member (f, "赵六", "13800000004");
  g_autoptr(McMember) m = NULL;
  McOrderInput input = { 0 };
  McOrderResult r = { 0 };
  gint64 audit_before = audit_count (f, "order.add");

  input.member_id = NULL;
  input.amount_fen = 5000;
  g_assert_true (mc_order_add (f->db, &input, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.points, ==, 0);
  g_assert_cmpint (r.growth, ==, 0);
  g_assert_cmpint (r.amount_fen, ==, 5000);

  /* Stored, with no member and no ledger entries. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders WHERE id = '%s' AND member_id IS NULL "
                              "AND amount_fen = 5000", r.order_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM growth_ledger"), ==, 0);
  g_assert_cmpint (audit_count (f, "order.add"), ==, audit_before + 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'order.add' "
                              "AND entity_id = '%s' AND json_type (after, '$.member_id') = 'null'",
                              r.order_id), ==, 1);

  /* The member next to it is untouched. */
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->growth, ==, 0);
  g_assert_cmpint (m->spend_fen, ==, 0);
  g_assert_cmpint (m->orders_count, ==, 0);
  g_assert_cmpint (m->last_visit_at, ==, 0);
  mc_order_result_clear (&r);
}

static void
test_order_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = add_member (f, "孙七", "13800000005");
  Counts before = counts_of (f);
  McOrderInput input = { 0 };
  McOrderResult r = { 0 };
  struct { gint64 amount; gint64 at; const char *member; McError code; } cases[] = {
    { 0,     0,                          NULL, MC_ERROR_INVALID },
    { -100,  0,                          NULL, MC_ERROR_INVALID },
    { 1000,  mc_db_now () + 3 * DAY,     NULL, MC_ERROR_INVALID },
    { 1000,  0,                          "no-such-member", MC_ERROR_NOT_FOUND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      input.member_id = cases[i].member != NULL ? cases[i].member : id;
      input.amount_fen = cases[i].amount;
      input.at = cases[i].at;
      g_assert_false (mc_order_add (f->db, &input, &r, &error));
      g_assert_error (error, MC_ERROR, (gint) cases[i].code);
      g_assert_null (r.order_id);
      assert_counts_unchanged (f, &before);
    }
  assert_balances (f, id);
}

/* ---- actions ----------------------------------------------------------------------------- */

static void
test_event_daily_cap (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member (f, "周八", "13800000006");
  g_autoptr(McMember) m = NULL;
  gint64 visit_at;

  /* Like: 5 growth, at most 20 a day. Four likes on 10 March earn 5 each; the fifth
   * (23:30 Shanghai time) earns nothing. */
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 10, 9, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 10, 10, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 10, 11, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 10, 12, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 10, 23, 30)), ==, 0);

  /* 11 March in Shanghai is a new day, even at 00:30 and 07:59 (still 10 March in UTC, a
   * day that already had five likes): four more likes earn, the fifth does not. */
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 11, 0, 30)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 11, 7, 59)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 11, 8, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 11, 12, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 11, 23, 59)), ==, 0);

  /* Check-in: 2 growth, cap 2; a cap is per action, so likes do not use it up. */
  g_assert_cmpint (record_event (f, id, "checkin", local_time (f, 2024, 3, 11, 9, 0)), ==, 2);
  g_assert_cmpint (record_event (f, id, "checkin", local_time (f, 2024, 3, 11, 18, 0)), ==, 0);
  /* A visit is an event but earns nothing; it moves the last visit. */
  visit_at = local_time (f, 2024, 3, 12, 10, 0);
  g_assert_cmpint (record_event (f, id, "visit", visit_at), ==, 0);

  /* Every event is stored; only the awards are in the ledger. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM member_event WHERE member_id = '%s'", id), ==, 13);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM member_event WHERE kind = 'like'"), ==, 10);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM growth_ledger WHERE kind = 'action'"), ==, 9);
  g_assert_cmpint (query_int (f, "SELECT sum (delta) FROM growth_ledger WHERE reason = 'like'"), ==, 40);

  m = load_member (f, id);
  g_assert_cmpint (m->growth, ==, 42);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->last_visit_at, ==, visit_at);

  /* Not an action. */
  {
    Counts before = counts_of (f);
    gint64 award = -1;

    g_assert_false (mc_event_record (f->db, id, "dance", 0, &award, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "dance"));
    assert_counts_unchanged (f, &before);
  }
  assert_balances (f, id);
}

/* ---- redemption and adjustments ---------------------------------------------------------- */

static void
test_redeem_insufficient (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = add_member (f, "陈二", "13800000012");
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 };
  Counts before;

  add_order (f, id, 12850, 0, &sale);
  before = counts_of (f);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_points_redeem (f->db, id, 200, "兑换礼品", &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT);
    g_assert_nonnull (strstr (error->message, "200"));
    g_assert_nonnull (strstr (error->message, "128"));
    assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_points_redeem (f->db, id, 0, "兑换礼品", &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    assert_counts_unchanged (f, &before);
  }
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 128);
  g_clear_pointer (&m, mc_member_free);

  /* All of it can be redeemed, then not one more point. */
  redeem (f, id, 128);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE member_id = '%s' AND kind = 'redeem'",
                              id), ==, -128);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE member_id = '%s' AND kind = 'redeem' "
                              "AND reason = '兑换礼品'", id), ==, 1);
  before = counts_of (f);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_points_redeem (f->db, id, 1, "兑换礼品", &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT);
    g_assert_nonnull (strstr (error->message, "1 asked, 0 available"));
    assert_counts_unchanged (f, &before);
  }
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 0);
  assert_balances (f, id);
  mc_order_result_clear (&sale);
}

static void
test_adjust_reason_required (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = add_member (f, "褚三", "13800000013");
  g_autoptr(McMember) m = NULL;
  const char *no_reasons[] = { NULL, "", "   " };
  Counts before = counts_of (f);
  gint64 t0, t1;

  for (guint i = 0; i < G_N_ELEMENTS (no_reasons); i++)
    {
      g_autoptr(GError) points_error = NULL;
      g_autoptr(GError) growth_error = NULL;

      g_assert_false (mc_points_adjust (f->db, id, 50, no_reasons[i], &points_error));
      g_assert_error (points_error, MC_ERROR, MC_ERROR_INVALID);
      g_assert_nonnull (strstr (points_error->message, "reason"));
      g_assert_false (mc_growth_adjust (f->db, id, 50, no_reasons[i], &growth_error));
      g_assert_error (growth_error, MC_ERROR, MC_ERROR_INVALID);
      assert_counts_unchanged (f, &before);
    }

  /* With a reason: a lot of 50 that expires in 24 months, kept with its reason. */
  t0 = mc_db_now ();
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (mc_points_adjust (f->db, id, 50, "补录积分", &error));
    g_assert_no_error (error);
  }
  t1 = mc_db_now ();
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE member_id = '%s' AND kind = 'adjust' "
                              "AND reason = '补录积分'", id), ==, 50);
  g_assert_cmpint (query_int (f, "SELECT expires_at FROM points_ledger WHERE member_id = '%s' AND kind = 'adjust'",
                              id), >=, shift_months (f, t0, 24));
  g_assert_cmpint (query_int (f, "SELECT expires_at FROM points_ledger WHERE member_id = '%s' AND kind = 'adjust'",
                              id), <=, shift_months (f, t1, 24));

  /* Below zero is refused with the numbers; a smaller correction is fine. */
  before = counts_of (f);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_points_adjust (f->db, id, -60, "纠错", &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT);
    g_assert_nonnull (strstr (error->message, "50"));
    g_assert_nonnull (strstr (error->message, "-60"));
    assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (mc_points_adjust (f->db, id, -20, "纠错", &error));
    g_assert_no_error (error);
    g_assert_true (mc_growth_adjust (f->db, id, 100, "活动补偿", &error));
    g_assert_no_error (error);
    g_assert_true (mc_growth_adjust (f->db, id, -30, "违规", &error));
    g_assert_no_error (error);
  }
  /* A growth decrease is a violation entry. */
  g_assert_cmpint (query_int (f, "SELECT delta FROM growth_ledger WHERE member_id = '%s' AND kind = 'violation'",
                              id), ==, -30);
  g_assert_cmpint (query_int (f, "SELECT delta FROM growth_ledger WHERE member_id = '%s' AND kind = 'adjust'",
                              id), ==, 100);
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 30);
  g_assert_cmpint (m->growth, ==, 70);
  assert_balances (f, id);
}

/* ---- expiry -------------------------------------------------------------------------- */

static void
assert_lots (Fixture    *f,
             const char *member_id,
             gint64      a,
             gint64      b,
             gint64      c)
{
  g_autoptr(GError) error = NULL;
  GArray *lots = mc_points_lots (f->db, member_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lots);
  g_assert_cmpuint (lots->len, ==, 3);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 0).remaining, ==, a);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 1).remaining, ==, b);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 2).remaining, ==, c);
  mc_points_lots_free (lots);
}

static void
test_expiry_fifo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *one = add_member (f, "卫四", "13800000014");
  g_autofree char *two = add_member (f, "蒋五", "13800000015");
  const char *ids[] = { one, two };
  gint64 now = mc_db_now ();
  gint64 t30 = shift_months (f, now, -30), t20 = shift_months (f, now, -20), t1 = shift_months (f, now, -1);
  g_autofree char *lot_a = NULL;
  g_autoptr(McMember) m = NULL;
  GArray *lots;

  /* Lots of 100 (30 months ago, expired 6 months ago), 200 (20 months ago, expires in 4
   * months) and 50 (last month), for both members. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      McOrderResult r = { 0 };

      add_order (f, ids[i], 10000, t30, &r);
      mc_order_result_clear (&r);
      add_order (f, ids[i], 20000, t20, &r);
      mc_order_result_clear (&r);
      add_order (f, ids[i], 5000, t1, &r);
      mc_order_result_clear (&r);
    }

  lots = mc_points_lots (f->db, one, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lots->len, ==, 3);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 0).amount, ==, 100);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 0).earned_at, ==, t30);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 0).expires_at, ==, shift_months (f, t30, 24));
  g_assert_cmpint (g_array_index (lots, McPointsLot, 1).amount, ==, 200);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 1).expires_at, ==, shift_months (f, t20, 24));
  g_assert_cmpint (g_array_index (lots, McPointsLot, 2).amount, ==, 50);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 2).expires_at, ==, shift_months (f, t1, 24));
  lot_a = g_strdup (g_array_index (lots, McPointsLot, 0).id);
  mc_points_lots_free (lots);

  /* Redemptions use the oldest lot first: 30 from the first lot; 120 empty it and take 20
   * from the second. */
  redeem (f, one, 30);
  redeem (f, two, 120);
  assert_lots (f, one, 70, 200, 50);
  assert_lots (f, two, 0, 180, 50);

  /* Today only the first lot is due: the 70 left of it for member one, nothing for two. */
  expire (f, now, 1, 70);
  assert_lots (f, one, 0, 200, 50);
  assert_lots (f, two, 0, 180, 50);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE kind = 'expire' AND ref_id = '%s'",
                              lot_a), ==, -70);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE kind = 'expire' AND member_id = '%s'",
                              two), ==, 0);
  m = load_member (f, one);
  g_assert_cmpint (m->points_balance, ==, 250);
  g_clear_pointer (&m, mc_member_free);
  m = load_member (f, two);
  g_assert_cmpint (m->points_balance, ==, 230);
  g_clear_pointer (&m, mc_member_free);

  /* Again: nothing more. */
  expire (f, now, 0, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE kind = 'expire'"), ==, 1);
  assert_lots (f, one, 0, 200, 50);
  assert_lots (f, two, 0, 180, 50);

  /* The day after the second lot's date: 200 + 180 go, the last lot stays. */
  expire (f, shift_months (f, t20, 24) + 1, 2, 380);
  assert_lots (f, one, 0, 0, 50);
  assert_lots (f, two, 0, 0, 50);
  m = load_member (f, one);
  g_assert_cmpint (m->points_balance, ==, 50);
  g_clear_pointer (&m, mc_member_free);
  m = load_member (f, two);
  g_assert_cmpint (m->points_balance, ==, 50);

  g_assert_cmpint (audit_count (f, "points.expire"), ==, 3);
  assert_balances (f, one);
  assert_balances (f, two);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rules/order/earn-base", test_order_earn_base);
  ADD ("/rules/order/earn-tier-multiplier", test_order_earn_tier_multiplier);
  ADD ("/rules/order/anonymous", test_order_anonymous);
  ADD ("/rules/order/refused", test_order_refused);
  ADD ("/rules/event/daily-cap", test_event_daily_cap);
  ADD ("/rules/redeem/insufficient", test_redeem_insufficient);
  ADD ("/rules/adjust/reason-required", test_adjust_reason_required);
  ADD ("/rules/expiry/fifo", test_expiry_fifo);
#undef ADD

  return g_test_run ();
}
