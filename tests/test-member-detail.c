/* test-member-detail.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member page's read model on a small hand-made workspace: tier progress, the growth
 * series, points about to expire, ledgers, orders with refunds, benefits, the
 * subscription, a manual tier, the grace period, and masking for analysts.
 */
#include "config.h"

#include <locale.h>

#include "mc-db.h"
#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-member-detail.h"
#include "mc-order.h"
#include "mc-programme.h"
#include "mc-store.h"
#include "mc-tier.h"

#define DAY 86400

typedef struct
{
  char     *dir;
  McDb     *db;
  McMember *member;
  gint64    now;
  char     *big_order;
} Fixture;

static char *
add_order (Fixture *f,
           gint64   fen,
           gint64   at)
{
  McOrderInput in = { .member_id = f->member->id, .amount_fen = fen, .at = at };
  McOrderResult res = { 0 };
  g_autoptr(GError) error = NULL;
  char *id;

  g_assert_true (mc_order_add (f->db, &in, &res, &error));
  g_assert_no_error (error);
  id = g_steal_pointer (&res.order_id);
  mc_order_result_clear (&res);
  return id;
}

static void
exec (Fixture    *f,
      const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_db_exec (f->db, sql, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autoptr(GError) error = NULL;
  g_autofree char *old1 = NULL, *old2 = NULL, *small = NULL;

  f->dir = g_dir_make_tmp ("mc-test-detail-XXXXXX", NULL);
  path = g_build_filename (f->dir, "w.mcdb", NULL);
  f->db = mc_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_db_begin (f->db, NULL));
  g_assert_true (mc_programme_install_live (f->db, programme, NULL));
  g_assert_true (mc_db_commit (f->db, NULL));

  f->member = mc_member_new ();
  f->member->name = g_strdup ("张伟");
  f->member->phone = g_strdup ("13812345678");
  f->member->email = g_strdup ("zw@example.com");
  f->member->notes = g_strdup ("call 13900001111");
  g_assert_true (mc_member_insert (f->db, f->member, &error));
  g_assert_no_error (error);
  g_assert_true (mc_tag_add_to_member (f->db, f->member->id, "tea", "interest", &error));
  g_assert_true (mc_tag_add_to_member (f->db, f->member->id, "vip", "value", &error));
  g_assert_no_error (error);

  f->now = mc_db_now ();
  /* Two lots earned almost two years ago: they expire in about 20 and 60 days. */
  old1 = add_order (f, 10000, f->now - 730 * DAY + 20 * DAY);     /* 100 points */
  old2 = add_order (f, 20000, f->now - 730 * DAY + 60 * DAY);     /* 200 points */
  /* In the window: 1,000 yuan 10 days ago (growth 1,010) and 500 yuan 40 days ago (510). */
  f->big_order = add_order (f, 100000, f->now - 10 * DAY);
  small = add_order (f, 50000, f->now - 40 * DAY);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->member, mc_member_free);
  g_clear_object (&f->db);
  g_free (f->big_order);
  g_free (f->dir);
}

static McMemberDetail *
load (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  McMemberDetail *d = mc_member_detail_load (f->db, f->member->id, f->now, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (d);
  return d;
}

static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(McMemberDetail) d = load (f);
  McGrowthPoint *last;

  g_assert_cmpstr (d->member->name, ==, "张伟");
  g_assert_cmpstr (d->member->phone, ==, "+8613812345678");
  g_assert_false (d->masked);
  g_assert_cmpuint (d->tags->len, ==, 2);
  g_assert_cmpstr (((McMemberTag *) d->tags->pdata[0])->name, ==, "tea");
  g_assert_cmpstr (((McMemberTag *) d->tags->pdata[0])->kind, ==, "interest");
  g_assert_cmpstr (((McMemberTag *) d->tags->pdata[1])->kind, ==, "value");

  /* 1,010 + 510 in the rolling 12 months; the old orders are outside it. */
  g_assert_cmpint (d->window_growth, ==, 1520);
  g_assert_cmpstr (d->tier_code, ==, "base");
  g_assert_cmpstr (d->next_tier_code, ==, "silver");
  g_assert_cmpint (d->next_threshold, ==, 2000);
  g_assert_cmpint (d->missing, ==, 480);
  g_assert_cmpfloat_with_epsilon (d->progress, 0.76, 1e-9);
  g_assert_false (d->below_threshold);
  g_assert_cmpint (d->grace_since, ==, 0);
  g_assert_null (d->manual_tier);

  /* The series: the window's start, then the end of each of its 12 months. */
  g_assert_cmpuint (d->growth_series->len, ==, 13);
  g_assert_cmpint (g_array_index (d->growth_series, McGrowthPoint, 0).cumulative, ==, 0);
  g_assert_cmpint (g_array_index (d->growth_series, McGrowthPoint, 0).at, ==, d->window_start);
  g_assert_cmpint (g_array_index (d->growth_series, McGrowthPoint, 10).cumulative, ==, 0);
  last = &g_array_index (d->growth_series, McGrowthPoint, 12);
  g_assert_cmpint (last->at, ==, f->now);
  g_assert_cmpint (last->cumulative, ==, 1520);
  for (guint i = 1; i < d->growth_series->len; i++)
    g_assert_cmpint (g_array_index (d->growth_series, McGrowthPoint, i).at, >,
                     g_array_index (d->growth_series, McGrowthPoint, i - 1).at);
}

static void
test_points_and_orders (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  McOrderResult res = { 0 };
  g_autoptr(McMemberDetail) d = NULL;
  McOrderRow *latest;

  g_assert_true (mc_order_refund (f->db, f->big_order, 40000, f->now - 5 * DAY, &res, &error));
  g_assert_no_error (error);
  mc_order_result_clear (&res);

  d = load (f);
  /* 100 + 200 + 1,000 + 500 earned, 400 taken back by the refund (the oldest lots first:
   * all of the first two lots and 100 of the 1,000). */
  g_assert_cmpint (d->points_balance, ==, 1400);
  g_assert_cmpint (d->expiring_30, ==, 0);
  g_assert_cmpint (d->expiring_90, ==, 0);

  g_assert_cmpint (d->n_orders, ==, 4);
  g_assert_cmpuint (d->orders->len, ==, 4);
  latest = d->orders->pdata[0];
  g_assert_cmpstr (latest->id, ==, f->big_order);
  g_assert_cmpint (latest->amount_fen, ==, 100000);
  g_assert_cmpint (latest->refunded_fen, ==, 40000);
  g_assert_cmpint (mc_order_row_refund_state (latest), ==, MC_REFUND_PARTIAL);
  g_assert_cmpint (mc_order_row_refund_state (d->orders->pdata[1]), ==, MC_REFUND_NONE);

  /* Ledgers: latest first; the refund is the latest entry of each. */
  g_assert_cmpuint (d->points_entries->len, ==, 5);
  g_assert_cmpstr (((McLedgerRow *) d->points_entries->pdata[0])->kind, ==, "refund");
  g_assert_cmpint (((McLedgerRow *) d->points_entries->pdata[0])->delta, ==, -400);
  g_assert_cmpuint (d->growth_entries->len, ==, 5);
  g_assert_cmpstr (((McLedgerRow *) d->growth_entries->pdata[0])->kind, ==, "refund");
  /* The refund's growth comes off the window's growth. */
  g_assert_cmpint (d->window_growth, ==, 1520 + ((McLedgerRow *) d->growth_entries->pdata[0])->delta);
  g_assert_cmpint (g_array_index (d->growth_series, McGrowthPoint, 12).cumulative, ==, d->window_growth);
}

static void
test_expiring (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(McMemberDetail) d = load (f);

  g_assert_cmpint (d->points_balance, ==, 1800);
  g_assert_cmpint (d->expiring_30, ==, 100);
  g_assert_cmpint (d->expiring_90, ==, 300);
  g_assert_cmpuint (d->expiring_lots->len, ==, 2);
  g_assert_cmpint (g_array_index (d->expiring_lots, McPointsLot, 0).remaining, ==, 100);
  g_assert_cmpint (g_array_index (d->expiring_lots, McPointsLot, 1).remaining, ==, 200);
}

static void
test_benefits_subscription (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(McMemberDetail) d = NULL;
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO benefit (id, code, name, kind, rev, seq) VALUES ('b1', 'free-ship', 'Free shipping', 'price', '1-a', 1);"
    "INSERT INTO member_event (seq, id, member_id, kind, at, ref, rev) VALUES "
    "  (900001, 'e1', '%s', 'benefit_used', %" G_GINT64_FORMAT ", 'free-ship', '1-a'),"
    "  (900002, 'e2', '%s', 'benefit_used', %" G_GINT64_FORMAT ", 'gone', '1-a');"
    "INSERT INTO paid_plan (id, code, name, period, price_fen, rev, seq) VALUES ('p1', 'plus', 'Plus', 'year', 19900, '1-a', 2);"
    "INSERT INTO subscription (id, member_id, plan_id, started_at, ends_at, status, renewals, rev, seq) VALUES "
    "  ('s1', '%s', 'p1', %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", 'active', 1, '1-a', 3);",
    f->member->id, f->now - 3 * DAY, f->member->id, f->now - 2 * DAY,
    f->member->id, f->now - 100 * DAY, f->now + 265 * DAY);

  exec (f, sql);
  d = load (f);
  g_assert_cmpuint (d->benefits_used->len, ==, 2);
  g_assert_cmpstr (((McBenefitUse *) d->benefits_used->pdata[0])->benefit, ==, "gone");
  g_assert_cmpstr (((McBenefitUse *) d->benefits_used->pdata[1])->benefit, ==, "Free shipping");
  g_assert_nonnull (d->subscription);
  g_assert_cmpstr (d->subscription->plan_name, ==, "Plus");
  g_assert_cmpstr (d->subscription->status, ==, "active");
  g_assert_cmpint (d->subscription->price_fen, ==, 19900);
  g_assert_cmpint (d->subscription->ends_at, ==, f->now + 265 * DAY);
  g_assert_cmpint (d->subscription->renewals, ==, 1);
}

static void
test_manual_and_grace (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMemberDetail) d = NULL;
  g_autoptr(McMemberDetail) g = NULL;
  g_autofree char *sql = NULL;
  gint64 until = f->now + 30 * DAY;

  g_assert_true (mc_tier_set_manual (f->db, f->member->id, "gold", "Key account", until, &error));
  g_assert_no_error (error);
  d = load (f);
  g_assert_cmpstr (d->tier_code, ==, "gold");
  g_assert_cmpstr (d->manual_tier, ==, "gold");
  g_assert_cmpstr (d->manual_reason, ==, "Key account");
  g_assert_cmpint (d->manual_until, ==, until);
  g_assert_null (d->next_tier_code);
  g_assert_cmpint (d->missing, ==, 0);
  g_assert_true (d->below_threshold);

  /* Silver, below its threshold, a downgrade pending for 10 days of the 30-day grace. */
  sql = g_strdup_printf ("UPDATE member SET tier = 'silver', manual_tier = NULL, manual_reason = NULL, "
                         "manual_until = NULL, downgrade_pending_since = %" G_GINT64_FORMAT
                         " WHERE id = '%s'", f->now - 10 * DAY, f->member->id);
  exec (f, sql);
  g = load (f);
  g_assert_cmpstr (g->tier_code, ==, "silver");
  g_assert_cmpstr (g->next_tier_code, ==, "gold");
  g_assert_cmpint (g->missing, ==, 8000 - 1520);
  g_assert_cmpfloat (g->progress, ==, 0.0);
  g_assert_true (g->below_threshold);
  g_assert_cmpint (g->grace_since, ==, f->now - 10 * DAY);
  g_assert_cmpint (g->grace_until, ==, f->now + 20 * DAY);
  g_assert_null (g->manual_tier);
}

static void
test_masked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(McMemberDetail) d = NULL;
  g_autoptr(GError) error = NULL;

  mc_db_set_role (f->db, MC_ROLE_ANALYST);
  d = load (f);
  g_assert_true (d->masked);
  g_assert_cmpstr (d->member->phone, ==, "138****5678");
  g_assert_null (d->member->email);
  g_assert_null (g_strstr_len (d->member->notes, -1, "13900001111"));
  /* The numbers are the same. */
  g_assert_cmpint (d->window_growth, ==, 1520);

  g_assert_null (mc_member_detail_load (f->db, "no-such-member", 0, 0, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/member-detail/progress", test_progress);
  ADD ("/member-detail/points-and-orders", test_points_and_orders);
  ADD ("/member-detail/expiring", test_expiring);
  ADD ("/member-detail/benefits-subscription", test_benefits_subscription);
  ADD ("/member-detail/manual-and-grace", test_manual_and_grace);
  ADD ("/member-detail/masked", test_masked);
#undef ADD
  return g_test_run ();
}
