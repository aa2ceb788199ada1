/* test-analytics-kpis.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The KPIs (data/metrics.md, "KPIs") on a workspace small enough to count by hand: four
 * live members and one deleted, sales with a full and a partial refund, an anonymous
 * sale, actions, a redemption, two stores, a tier, paid-plan subscriptions.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "mc-error.h"
#include "mc-analytics-private.h"
#include "mc-kpis.h"
#include "mc-member.h"
#include "mc-test-analytics.h"

typedef struct
{
  Fixture f;
  char *s1, *s2;
  char *a, *b, *c, *d, *e;
} World;

/* March 2025:
 *   A joined 01-10 (home S1): ¥100 on 01-15, ¥50 on 03-05 at S1, ¥150 on 03-20 at S2,
 *     a check-in on 03-25, redeems 100 points on 03-26; a monthly plan from 01-01,
 *     renewed twice.
 *   B joined 03-03 (home S2): ¥200 on 03-03 refunded in full, ¥80 on 03-10 at S1 of which
 *     ¥30 refunded on 03-11; uses a benefit on 03-11.
 *   C joined 02-01 (home S1, tier silver): ¥40 on 02-02; a monthly plan from 03-20.
 *   D joined 03-15: nothing; a monthly plan from 02-20, never renewed.
 *   E joined 01-01: ¥70 on 03-15, then deleted.
 *   A non-member: ¥60 on 03-12 at S1.
 * Every sale earns 1 point a yuan (all base tier). */
static void
world_set_up (World         *w,
              gconstpointer  data)
{
  Fixture *f = &w->f;
  g_autofree char *o1 = NULL, *o2 = NULL, *o3 = NULL, *o4 = NULL, *o5 = NULL;
  g_autofree char *o6 = NULL, *o7 = NULL, *o8 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  fixture_set_up (f, data);
  w->s1 = store (f, "一号店");
  w->s2 = store (f, "二号店");
  w->a = member (f, "甲", "2025-01-10", w->s1, TRUE);
  w->b = member (f, "乙", "2025-03-03", w->s2, FALSE);
  w->c = member (f, "丙", "2025-02-01", w->s1, TRUE);
  w->d = member (f, "丁", "2025-03-15", NULL, FALSE);
  w->e = member (f, "戊", "2025-01-01", NULL, FALSE);

  o1 = sale (f, w->a, "2025-01-15", 10000, NULL);
  o2 = sale (f, w->a, "2025-03-05", 5000, w->s1);
  o3 = sale (f, w->a, "2025-03-20", 15000, w->s2);
  action (f, w->a, "checkin", "2025-03-25");
  points_entry (f, w->a, "redeem", -100, "2025-03-26");
  o4 = sale (f, w->b, "2025-03-03", 20000, NULL);
  refund_of (f, o4, "2025-03-04", 20000);
  o5 = sale (f, w->b, "2025-03-10", 8000, w->s1);
  refund_of (f, o5, "2025-03-11", 3000);
  action (f, w->b, "benefit_used", "2025-03-11");
  o6 = sale (f, w->c, "2025-02-02", 4000, NULL);
  o7 = sale (f, w->e, "2025-03-15", 7000, NULL);
  g_assert_true (mc_member_set_deleted (f->db, w->e, TRUE, &error));
  g_assert_no_error (error);
  o8 = sale (f, NULL, "2025-03-12", 6000, w->s1);

  sql = g_strdup_printf ("UPDATE member SET tier = 'silver' WHERE id = '%s'", w->c);
  exec_sql (f, sql);
  exec_sql (f, "INSERT INTO paid_plan (id, code, name, period, price_fen, rev, seq) "
               "VALUES ('plan-m', 'monthly', 'Monthly', 'month', 1900, '1-a', 1)");
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO subscription (id, member_id, plan_id, started_at, status, renewals, rev, seq) VALUES "
                         "('s1', '%s', 'plan-m', %" G_GINT64_FORMAT ", 'active', 2, '1-a', 1), "
                         "('s2', '%s', 'plan-m', %" G_GINT64_FORMAT ", 'active', 0, '1-a', 1), "
                         "('s3', '%s', 'plan-m', %" G_GINT64_FORMAT ", 'expired', 0, '1-a', 1)",
                         w->a, noon (f, "2025-01-01"), w->c, noon (f, "2025-03-20"),
                         w->d, noon (f, "2025-02-20"));
  exec_sql (f, sql);
}

static void
world_tear_down (World         *w,
                 gconstpointer  data)
{
  g_free (w->s1);
  g_free (w->s2);
  g_free (w->a);
  g_free (w->b);
  g_free (w->c);
  g_free (w->d);
  g_free (w->e);
  fixture_tear_down (&w->f, data);
}

static McKpis *
kpis_of (World             *w,
         McAnalyticsFilter *filter,
         double             cac_fen)
{
  g_autoptr(GError) error = NULL;
  McKpis *k = mc_kpis_run (w->f.db, filter, cac_fen, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (k);
  return k;
}

static void
test_march (World         *w,
            gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, "2025-03-01", "2025-03-31", NULL);
  g_autoptr(McKpis) k = kpis_of (w, &filter, NAN);

  g_assert_cmpint (k->members, ==, 4);              /* A B C D; E is deleted */
  g_assert_cmpint (k->new_members, ==, 2);          /* B D */
  g_assert_cmpint (k->active_members, ==, 2);       /* A B */
  g_assert_cmpint (k->mau, ==, 2);
  g_assert_cmpfloat_with_epsilon (k->active_share, 0.5, 1e-12);
  g_assert_cmpint (k->orders, ==, 3);               /* A 03-05, A 03-20, B 03-10 (B 03-03 refunded) */
  g_assert_cmpint (k->revenue_fen, ==, 5000 + 15000 + 5000);
  g_assert_cmpint (k->buyers, ==, 2);
  g_assert_cmpfloat_with_epsilon (k->arpu_fen, 25000.0 / 4, 1e-9);
  g_assert_cmpfloat_with_epsilon (k->repurchase_rate, 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (k->average_order_fen, 25000.0 / 3, 1e-9);
  g_assert_cmpfloat_with_epsilon (k->purchase_interval_days, 15.0, 1e-12);   /* A: 03-05 → 03-20 */
  g_assert_cmpint (k->points_issued, ==, 50 + 150 + 200 + 80);
  g_assert_cmpint (k->points_redeemed, ==, 100);
  g_assert_cmpint (k->points_expired, ==, 0);
  g_assert_cmpint (k->points_reversed, ==, 200 + 30);
  g_assert_cmpint (k->points_outstanding, ==, 200 + 50 + 40);   /* A B C */
  g_assert_cmpint (k->points_liability_fen, ==, 290);          /* a point is worth 1 fen */
  g_assert_cmpint (k->benefit_users, ==, 1);
  g_assert_cmpfloat_with_epsilon (k->benefit_usage_rate, 0.25, 1e-12);
  g_assert_cmpint (k->renewals_due, ==, 2);         /* A (first term ended 02-01), D (03-20) */
  g_assert_cmpint (k->renewals_made, ==, 1);
  g_assert_cmpfloat_with_epsilon (k->renewal_rate, 0.5, 1e-12);
  g_assert_cmpint (k->member_sales_fen, ==, 25000 + 7000);   /* E bought as a member */
  g_assert_cmpint (k->member_sales_orders, ==, 4);
  g_assert_cmpint (k->anonymous_sales_fen, ==, 6000);
  g_assert_cmpint (k->anonymous_sales_orders, ==, 1);
  g_assert_cmpfloat_with_epsilon (k->member_sales_share, 32000.0 / 38000.0, 1e-12);
  g_assert_true (isnan (k->ltv_cac));
}

static void
test_store (World         *w,
            gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, "2025-03-01", "2025-03-31", NULL);
  g_autoptr(McKpis) k = NULL;

  filter.store_id = "一号店";   /* by name */
  k = kpis_of (w, &filter, NAN);
  g_assert_cmpint (k->members, ==, 2);              /* A C */
  g_assert_cmpint (k->new_members, ==, 0);
  g_assert_cmpint (k->active_members, ==, 1);
  g_assert_cmpint (k->orders, ==, 2);               /* A's, wherever made */
  g_assert_cmpint (k->revenue_fen, ==, 20000);
  g_assert_cmpint (k->points_outstanding, ==, 240);
  g_assert_cmpint (k->member_sales_fen, ==, 5000 + 5000);   /* made at S1: A 03-05, B 03-10 */
  g_assert_cmpint (k->member_sales_orders, ==, 2);
  g_assert_cmpint (k->anonymous_sales_fen, ==, 6000);
}

static void
test_tier (World         *w,
           gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, "2025-03-01", "2025-03-31", NULL);
  g_autoptr(McKpis) k = NULL;

  filter.tier = "silver";
  k = kpis_of (w, &filter, NAN);
  g_assert_cmpint (k->members, ==, 1);              /* C */
  g_assert_cmpint (k->active_members, ==, 0);
  g_assert_cmpint (k->orders, ==, 0);
  g_assert_cmpfloat_with_epsilon (k->arpu_fen, 0.0, 1e-12);
  g_assert_true (isnan (k->repurchase_rate));        /* no buyer: no rate, not 0 */
  g_assert_true (isnan (k->average_order_fen));
  g_assert_cmpint (k->points_outstanding, ==, 40);
  g_assert_cmpint (k->renewals_due, ==, 0);          /* C's first month ends in April */
}

static void
test_as_of (World         *w,
            gconstpointer  data)
{
  /* February, counted as it stood at the end of February: B's refunds are in March. */
  McAnalyticsFilter filter = range (&w->f, "2025-02-01", "2025-02-28", NULL);
  g_autoptr(McKpis) k = kpis_of (w, &filter, NAN);

  g_assert_cmpint (k->members, ==, 2);              /* A C (E deleted) */
  g_assert_cmpint (k->new_members, ==, 1);          /* C */
  g_assert_cmpint (k->orders, ==, 1);
  g_assert_cmpint (k->revenue_fen, ==, 4000);
  g_assert_cmpint (k->points_issued, ==, 40);
  g_assert_cmpint (k->points_outstanding, ==, 100 + 40);
  g_assert_cmpint (k->renewals_due, ==, 1);          /* A's first term ended 02-01 */
}

static void
test_short_range (World         *w,
                  gconstpointer  data)
{
  /* The last week of March: A is active in it (03-25); MAU looks at the 30 days to 03-31,
   * from 03-02, so B (03-10, 03-11) counts there too. */
  McAnalyticsFilter filter = range (&w->f, "2025-03-25", "2025-03-31", NULL);
  g_autoptr(McKpis) k = kpis_of (w, &filter, NAN);

  g_assert_cmpint (k->active_members, ==, 1);
  g_assert_cmpint (k->mau, ==, 2);
  g_assert_cmpint (k->orders, ==, 0);
  g_assert_cmpint (k->points_redeemed, ==, 100);
  g_assert_true (isnan (k->member_sales_share));
}

static void
test_errors (World         *w,
             gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, "2025-03-01", "2025-03-31", NULL);
  g_autoptr(GError) error = NULL;
  McKpis *k;

  filter.tier = "platinum";
  k = mc_kpis_run (w->f.db, &filter, NAN, NULL, NULL, NULL, &error);
  g_assert_null (k);
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "platinum"));
  g_clear_error (&error);

  filter = range (&w->f, "2025-03-31", "2025-03-01", NULL);
  k = mc_kpis_run (w->f.db, &filter, NAN, NULL, NULL, NULL, &error);
  g_assert_null (k);
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_cancel_and_progress (World         *w,
                          gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, "2025-03-01", "2025-03-31", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McKpis) k = NULL;
  double last = -1;

  k = mc_kpis_run (w->f.db, &filter, NAN, progress_cb, &last, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);

  g_cancellable_cancel (cancellable);
  g_assert_null (mc_kpis_run (w->f.db, &filter, NAN, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* The scans' cached local days agree with the zone itself, across daylight saving
 * changes, in random order. */
static void
test_local_days (void)
{
  static const char * const zones[] = { "America/New_York", "Asia/Shanghai", "Australia/Lord_Howe", "UTC" };

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zones[z]);
      McDayCache *cache = mc_day_cache_new (tz);
      g_autoptr(GRand) rand = g_rand_new_with_seed (z + 1);

      for (guint i = 0; i < 200000; i++)
        {
          gint64 at = 1577836800 + (gint64) g_rand_int_range (rand, 0, 3 * 365 * 86400);   /* 2020 .. 2022 */
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
          g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
          GDate date;

          g_date_clear (&date, 1);
          g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                          g_date_time_get_year (local));
          g_assert_cmpint (mc_day_cache_day (cache, at), ==, (gint64) g_date_get_julian (&date) - 719163);
        }
      mc_day_cache_free (cache);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/analytics/days/local", test_local_days);
  g_test_add ("/analytics/kpis/march", World, NULL, world_set_up, test_march, world_tear_down);
  g_test_add ("/analytics/kpis/store", World, NULL, world_set_up, test_store, world_tear_down);
  g_test_add ("/analytics/kpis/tier", World, NULL, world_set_up, test_tier, world_tear_down);
  g_test_add ("/analytics/kpis/as-of", World, NULL, world_set_up, test_as_of, world_tear_down);
  g_test_add ("/analytics/kpis/short-range", World, NULL, world_set_up, test_short_range, world_tear_down);
  g_test_add ("/analytics/kpis/errors", World, NULL, world_set_up, test_errors, world_tear_down);
  g_test_add ("/analytics/kpis/cancel", World, NULL, world_set_up, test_cancel_and_progress, world_tear_down);
  return g_test_run ();
}
