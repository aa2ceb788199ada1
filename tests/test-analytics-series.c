/* test-analytics-series.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Analytics page's series on data made by hand (four members, four sales): members by
 * month, D1/D7/D30 by join month, members and revenue by tier, with and without a range.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <string.h>

#include <glib.h>

#include "mc-analytics-series.h"

/* Local day numbers (days after 1970-01-01): 2026-01-01 is day 20,454 (56 years with 14
 * leap days). */
#define JAN_1  20454
#define JAN_10 (JAN_1 + 9)
#define JAN_20 (JAN_1 + 19)
#define FEB_1  (JAN_1 + 31)
#define FEB_5  (FEB_1 + 4)
#define FEB_10 (FEB_1 + 9)
#define MAR_1  (FEB_1 + 28)
#define MAR_15 (MAR_1 + 14)
#define JAN_2026 (2026 * 12)

static gint64 rowids[] = { 1, 2, 3, 4 };
static gint32 joined[] = { JAN_10, JAN_20, FEB_5, MAR_1 };
static guint8 tiers[] = { 0, 0, 1, 255 };
static gint32 sale_member[] = { 0, 2, -1, 3 };
static gint32 sale_day[] = { FEB_1, FEB_10, FEB_10, MAR_1 };
static gint64 sale_fen[] = { 1000, 500, 300, 700 };
static guint8 at_store[] = { 1, 1, 1, 1 };
static char *codes[] = { (char *) "base", (char *) "gold", NULL };

static void
make_data (McAnalyticsData *data,
           gint32           from_day)
{
  memset (data, 0, sizeof *data);
  data->from_day = from_day;
  data->to_day = MAR_15;
  data->as_of_day = MAR_15;
  data->n_members = 4;
  data->member_rowid = rowids;
  data->member_joined_day = joined;
  data->member_tier = tiers;
  data->n_sales = 4;
  data->sale_member = sale_member;
  data->sale_day = sale_day;
  data->sale_fen = sale_fen;
  data->sale_at_store = at_store;
  data->tier_codes = codes;
}

static void
test_month_first_day (void)
{
  g_assert_cmpint (mc_analytics_month_first_day (JAN_2026), ==, JAN_1);
  g_assert_cmpint (mc_analytics_month_first_day (JAN_2026 + 2), ==, MAR_1);
  g_assert_cmpint (mc_analytics_day_month (FEB_5), ==, JAN_2026 + 1);
}

static void
test_member_growth (void)
{
  McAnalyticsData data;
  g_autoptr(McMemberGrowth) all = NULL;
  g_autoptr(McMemberGrowth) ranged = NULL;

  /* January: 2 joined; February: 1 (3 in all); March: 1 (4). */
  make_data (&data, G_MININT32);
  all = mc_member_growth_compute (&data);
  g_assert_cmpuint (all->n_months, ==, 3);
  g_assert_cmpint (all->month[0], ==, JAN_2026);
  g_assert_cmpint (all->month_day[1], ==, FEB_1);
  g_assert_cmpint (all->joined[0], ==, 2);
  g_assert_cmpint (all->joined[1], ==, 1);
  g_assert_cmpint (all->members[0], ==, 2);
  g_assert_cmpint (all->members[1], ==, 3);
  g_assert_cmpint (all->members[2], ==, 4);

  /* From February: January's two are already members. */
  make_data (&data, FEB_1);
  ranged = mc_member_growth_compute (&data);
  g_assert_cmpuint (ranged->n_months, ==, 2);
  g_assert_cmpint (ranged->month[0], ==, JAN_2026 + 1);
  g_assert_cmpint (ranged->joined[0], ==, 1);
  g_assert_cmpint (ranged->members[0], ==, 3);
  g_assert_cmpint (ranged->members[1], ==, 4);

  /* No members: no months. */
  data.n_members = 0;
  mc_member_growth_free (mc_member_growth_compute (&data));
}

static void
test_retention_series (void)
{
  McRetentionDay days[] = {
    { JAN_10, 1, 1, 1, 0, TRUE, TRUE, TRUE },
    { JAN_20, 3, 0, 1, 0, TRUE, TRUE, FALSE },
    { FEB_5, 2, 1, 0, 0, TRUE, FALSE, FALSE },
  };
  McRetention retention = { 0 };
  g_autoptr(McRetentionSeries) series = NULL;

  retention.n_days = G_N_ELEMENTS (days);
  retention.days = days;
  series = mc_retention_series_compute (&retention);
  /* January: D1 1 of 4, D7 2 of 4, D30 0 of 1 (only Jan 10 is known). February: D1 1 of
   * 2, nothing known for D7 and D30. */
  g_assert_cmpuint (series->n_months, ==, 2);
  g_assert_cmpint (series->month_day[0], ==, JAN_1);
  g_assert_cmpfloat (series->d1[0], ==, 0.25);
  g_assert_cmpfloat (series->d7[0], ==, 0.5);
  g_assert_cmpfloat (series->d30[0], ==, 0.0);
  g_assert_cmpfloat (series->d1[1], ==, 0.5);
  g_assert_true (isnan (series->d7[1]));
  g_assert_true (isnan (series->d30[1]));
}

static void
test_tier_mix (void)
{
  McAnalyticsData data;
  g_autoptr(McTierMix) all = NULL;
  g_autoptr(McTierMix) late = NULL;

  /* Members: base 2, gold 1 (the fourth holds a tier the programme does not have).
   * Purchases: base ¥10.00 (member 0), gold ¥5.00 (member 2); the anonymous sale and the
   * unknown tier's count nowhere. */
  make_data (&data, G_MININT32);
  all = mc_tier_mix_compute (&data);
  g_assert_cmpuint (all->n_tiers, ==, 2);
  g_assert_cmpstr (all->codes[1], ==, "gold");
  g_assert_cmpint (all->members[0], ==, 2);
  g_assert_cmpint (all->members[1], ==, 1);
  g_assert_cmpint (all->orders[0], ==, 1);
  g_assert_cmpint (all->revenue_fen[0], ==, 1000);
  g_assert_cmpint (all->revenue_fen[1], ==, 500);

  /* From February 5: only the gold purchase of February 10. */
  make_data (&data, FEB_5);
  late = mc_tier_mix_compute (&data);
  g_assert_cmpint (late->revenue_fen[0], ==, 0);
  g_assert_cmpint (late->orders[1], ==, 1);
  g_assert_cmpint (late->revenue_fen[1], ==, 500);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/analytics-series/month-first-day", test_month_first_day);
  g_test_add_func ("/analytics-series/member-growth", test_member_growth);
  g_test_add_func ("/analytics-series/retention", test_retention_series);
  g_test_add_func ("/analytics-series/tier-mix", test_tier_mix);
  return g_test_run ();
}
