/* test-rules-refund.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules engine on refunds: full, partial, after a redemption, and refused, with every
 * number computed by hand. The fixture (the default programme) is in mc-test-rules.c.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-test-rules.h"

/* ---- refunds ----------------------------------------------------------------------------- */

static void
test_refund_full (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = add_member (f, "吴九", "13800000007");
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 }, back;
  gint64 at = mc_db_now () - 2 * DAY;

  add_order (f, id, 12850, at, &sale);
  back = refund (f, sale.order_id, 0);      /* 0: all that is left */

  g_assert_cmpint (back.amount_fen, ==, 12850);
  g_assert_cmpint (back.points, ==, -128);
  g_assert_cmpint (back.growth, ==, -138);
  g_assert_cmpint (back.points_unrecovered, ==, 0);
  g_assert_cmpint (back.growth_unrecovered, ==, 0);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders WHERE id = '%s' AND refund_of = '%s' "
                              "AND amount_fen = -12850 AND member_id = '%s'",
                              back.order_id, sale.order_id, id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE kind = 'refund' AND ref_id = '%s'",
                              sale.order_id), ==, -128);
  g_assert_cmpint (query_int (f, "SELECT unrecovered FROM points_ledger WHERE kind = 'refund' AND ref_id = '%s'",
                              sale.order_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT delta FROM growth_ledger WHERE kind = 'refund' AND ref_id = '%s'",
                              sale.order_id), ==, -138);

  /* Spend goes back; the order still counts as a visit and an order. */
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->growth, ==, 0);
  g_assert_cmpint (m->spend_fen, ==, 0);
  g_assert_cmpint (m->orders_count, ==, 1);
  g_assert_cmpint (m->last_visit_at, ==, at);

  assert_balances (f, id);
  mc_order_result_clear (&sale);
  mc_order_result_clear (&back);
}

static void
test_refund_partial (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member (f, "郑十", "13800000008");
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 }, first, rest;

  add_order (f, id, 12850, 0, &sale);

  /* 30 %: ¥38.55 takes back floor (128 × 0.3) = 38 points and floor (138 × 0.3) = 41 growth. */
  first = refund (f, sale.order_id, 3855);
  g_assert_cmpint (first.amount_fen, ==, 3855);
  g_assert_cmpint (first.points, ==, -38);
  g_assert_cmpint (first.growth, ==, -41);
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 90);
  g_assert_cmpint (m->growth, ==, 97);
  g_assert_cmpint (m->spend_fen, ==, 8995);
  g_clear_pointer (&m, mc_member_free);
  assert_balances (f, id);

  /* The rest, ¥89.95: 90 points and 97 growth, so the two add up to exactly 128 and 138. */
  rest = refund (f, sale.order_id, 8995);
  g_assert_cmpint (rest.points, ==, -90);
  g_assert_cmpint (rest.growth, ==, -97);
  g_assert_cmpint (first.points + rest.points, ==, -128);
  g_assert_cmpint (first.growth + rest.growth, ==, -138);
  g_assert_cmpint (query_int (f, "SELECT sum (delta) FROM points_ledger WHERE ref_id = '%s'", sale.order_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT sum (delta) FROM growth_ledger WHERE ref_id = '%s'", sale.order_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders WHERE refund_of = '%s'", sale.order_id), ==, 2);

  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->growth, ==, 0);
  g_assert_cmpint (m->spend_fen, ==, 0);

  /* Nothing is left to refund. */
  {
    McOrderResult none = { 0 };

    g_assert_false (mc_order_refund (f->db, sale.order_id, 0, 0, &none, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "¥0.00"));
    g_assert_null (none.order_id);
  }

  assert_balances (f, id);
  mc_order_result_clear (&sale);
  mc_order_result_clear (&first);
  mc_order_result_clear (&rest);
}

static void
test_refund_after_redeem (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *one = add_member (f, "钱一", "13800000009");
  g_autofree char *two = add_member (f, "钱二", "13800000010");
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 }, back, first, rest;

  /* Earn 128, spend 100: 28 are left when the whole order is refunded. The refund takes the
   * 28, the balance stops at zero, and the other 100 are recorded as unrecovered. Growth
   * was not spent: all 138 come back. */
  add_order (f, one, 12850, 0, &sale);
  redeem (f, one, 100);
  back = refund (f, sale.order_id, 0);
  g_assert_cmpint (back.points, ==, -28);
  g_assert_cmpint (back.points_unrecovered, ==, 100);
  g_assert_cmpint (back.growth, ==, -138);
  g_assert_cmpint (back.growth_unrecovered, ==, 0);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE kind = 'refund' AND ref_id = '%s'",
                              sale.order_id), ==, -28);
  g_assert_cmpint (query_int (f, "SELECT unrecovered FROM points_ledger WHERE kind = 'refund' AND ref_id = '%s'",
                              sale.order_id), ==, 100);
  m = load_member (f, one);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->growth, ==, 0);
  g_clear_pointer (&m, mc_member_free);
  assert_balances (f, one);
  mc_order_result_clear (&sale);
  mc_order_result_clear (&back);

  /* The same in two parts: 30 % is due 38 of which 28 can be taken (10 unrecovered); the
   * rest is due 90 and finds nothing (90 unrecovered). 28 + 10 + 0 + 90 = 128. */
  add_order (f, two, 12850, 0, &sale);
  redeem (f, two, 100);
  first = refund (f, sale.order_id, 3855);
  g_assert_cmpint (first.points, ==, -28);
  g_assert_cmpint (first.points_unrecovered, ==, 10);
  g_assert_cmpint (first.growth, ==, -41);
  rest = refund (f, sale.order_id, 0);
  g_assert_cmpint (rest.points, ==, 0);
  g_assert_cmpint (rest.points_unrecovered, ==, 90);
  g_assert_cmpint (rest.growth, ==, -97);
  g_assert_cmpint (rest.growth_unrecovered, ==, 0);
  g_assert_cmpint (query_int (f, "SELECT sum (unrecovered - delta) FROM points_ledger "
                              "WHERE kind = 'refund' AND ref_id = '%s'", sale.order_id), ==, 128);
  m = load_member (f, two);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->growth, ==, 0);
  assert_balances (f, two);

  mc_order_result_clear (&sale);
  mc_order_result_clear (&first);
  mc_order_result_clear (&rest);
}

static void
test_refund_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = add_member (f, "冯一", "13800000011");
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 }, part;
  Counts before;

  /* ¥100: 100 points, 110 growth; ¥60 refunded leaves ¥40, 40 points, 44 growth. */
  add_order (f, id, 10000, 0, &sale);
  part = refund (f, sale.order_id, 6000);
  g_assert_cmpint (part.points, ==, -60);
  g_assert_cmpint (part.growth, ==, -66);
  before = counts_of (f);

  {
    g_autoptr(GError) error = NULL;
    McOrderResult r = { 0 };

    /* ¥50 of the ¥40 left. */
    g_assert_false (mc_order_refund (f->db, sale.order_id, 5000, 0, &r, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "¥40.00"));
    g_assert_null (r.order_id);
    assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;
    McOrderResult r = { 0 };

    /* A refund of a refund. */
    g_assert_false (mc_order_refund (f->db, part.order_id, 0, 0, &r, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "is a refund itself"));
    g_assert_nonnull (strstr (error->message, sale.order_id));
    g_assert_null (r.order_id);
    assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_order_refund (f->db, "no-such-order", 0, 0, NULL, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "no-such-order"));
    assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_order_refund (f->db, sale.order_id, -100, 0, NULL, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    assert_counts_unchanged (f, &before);
  }

  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 40);
  g_assert_cmpint (m->growth, ==, 44);
  g_assert_cmpint (m->spend_fen, ==, 4000);
  assert_balances (f, id);
  mc_order_result_clear (&sale);
  mc_order_result_clear (&part);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rules/refund/full", test_refund_full);
  ADD ("/rules/refund/partial", test_refund_partial);
  ADD ("/rules/refund/after-redeem", test_refund_after_redeem);
  ADD ("/rules/refund/refused", test_refund_refused);
#undef ADD

  return g_test_run ();
}
