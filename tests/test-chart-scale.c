/* test-chart-scale.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts' arithmetic without a display: nice ticks, axis ranges and normalisation,
 * labels of counts, money in fen, shares and dates, the heatmap's colours, histogram bins
 * and the hit-tests behind the tooltips. Every expectation is worked out by hand in the
 * comment beside it.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <locale.h>
#include <math.h>

#include <glib.h>

#include "mc-chart-scale.h"

#define W MC_CHART_NUMBERS_WESTERN
#define C MC_CHART_NUMBERS_CHINESE

/* 2026-03-01 00:00 in Asia/Shanghai (UTC+8): 20,513 days after 1970-01-01 (56 years with
 * 14 leap days, then 31 + 28 days), less eight hours. */
#define MARCH_1_2026_SHANGHAI ((gint64) 20513 * 86400 - 8 * 3600)

static void
assert_label (char       *label,
              const char *expected)
{
  g_assert_cmpstr (label, ==, expected);
  g_free (label);
}

static void
test_nice_step (void)
{
  g_assert_cmpfloat (mc_chart_nice_step (0.7), ==, 1.0);
  g_assert_cmpfloat (mc_chart_nice_step (1.3), ==, 2.0);
  g_assert_cmpfloat (mc_chart_nice_step (2.1), ==, 2.5);
  g_assert_cmpfloat (mc_chart_nice_step (3.0), ==, 5.0);
  g_assert_cmpfloat (mc_chart_nice_step (7.0), ==, 10.0);
  g_assert_cmpfloat (mc_chart_nice_step (240.0), ==, 250.0);
  g_assert_cmpfloat_with_epsilon (mc_chart_nice_step (0.013), 0.02, 1e-12);
  /* Exactly nice stays. */
  g_assert_cmpfloat (mc_chart_nice_step (5.0), ==, 5.0);
  g_assert_cmpfloat (mc_chart_nice_step (0.0), ==, 1.0);
}

static void
test_axis_linear (void)
{
  McChartAxis axis;
  McChartTicks ticks;
  double values[] = { 12.0, 87.0, NAN, 40.0 };

  /* 0..87 in about 5 steps: 87 / 5 = 17.4 → 20; 0..100, six ticks. */
  mc_chart_axis_fit (&axis, MC_CHART_FORMAT_COUNT, values, G_N_ELEMENTS (values), TRUE, 5);
  g_assert_cmpfloat (axis.min, ==, 0.0);
  g_assert_cmpfloat (axis.max, ==, 100.0);
  g_assert_cmpfloat (axis.step, ==, 20.0);
  mc_chart_axis_ticks (&axis, &ticks);
  g_assert_cmpuint (ticks.n, ==, 6);
  g_assert_cmpfloat (ticks.values[0], ==, 0.0);
  g_assert_cmpfloat (ticks.values[5], ==, 100.0);
  g_assert_cmpfloat (mc_chart_axis_normalise (&axis, 25.0), ==, 0.25);
  g_assert_cmpfloat (mc_chart_axis_value_at (&axis, 0.5), ==, 50.0);

  /* Without zero: 12..87 in 5: 75 / 5 = 15 → 20; floor (12 / 20) = 0, so 0..100 still. */
  mc_chart_axis_fit (&axis, MC_CHART_FORMAT_COUNT, values, G_N_ELEMENTS (values), FALSE, 5);
  g_assert_cmpfloat (axis.min, ==, 0.0);
  /* 40..87 in 5: 47 / 5 = 9.4 → 10; 40..90. */
  mc_chart_axis_fit (&axis, MC_CHART_FORMAT_COUNT, values + 1, 3, FALSE, 5);
  g_assert_cmpfloat (axis.min, ==, 40.0);
  g_assert_cmpfloat (axis.max, ==, 90.0);

  /* −3..7 in 5: 10 / 5 = 2; floor (−3 / 2) = −2 → −4, ceil (7 / 2) = 4 → 8. */
  mc_chart_axis_init_linear (&axis, MC_CHART_FORMAT_COUNT, -3.0, 7.0, 5);
  g_assert_cmpfloat (axis.min, ==, -4.0);
  g_assert_cmpfloat (axis.max, ==, 8.0);
  mc_chart_axis_ticks (&axis, &ticks);
  g_assert_cmpuint (ticks.n, ==, 7);
  assert_label (mc_chart_axis_format (&axis, ticks.values[0], W, NULL), "−4");
  assert_label (mc_chart_axis_format (&axis, ticks.values[2], W, NULL), "0");

  /* Nothing at all: 0..1. A count never steps by less than 1: 0..1 in 5 → step 1. */
  mc_chart_axis_fit (&axis, MC_CHART_FORMAT_COUNT, NULL, 0, TRUE, 5);
  g_assert_cmpfloat (axis.min, ==, 0.0);
  g_assert_cmpfloat (axis.max, ==, 1.0);
  g_assert_cmpfloat (axis.step, ==, 1.0);

  /* Shares 0..0.43 in 5: 0.086 → 0.1; 0%..50%. */
  mc_chart_axis_init_linear (&axis, MC_CHART_FORMAT_SHARE, 0.0, 0.43, 5);
  g_assert_cmpfloat_with_epsilon (axis.max, 0.5, 1e-12);
  mc_chart_axis_ticks (&axis, &ticks);
  g_assert_cmpuint (ticks.n, ==, 6);
  assert_label (mc_chart_axis_format (&axis, ticks.values[0], W, NULL), "0%");
  assert_label (mc_chart_axis_format (&axis, ticks.values[3], W, NULL), "30%");

  /* Money 0..¥12,345.67 in 4: 1,234,567 fen / 4 = 308,642 → 500,000 fen (¥5,000). */
  mc_chart_axis_init_linear (&axis, MC_CHART_FORMAT_MONEY, 0.0, 1234567.0, 4);
  g_assert_cmpfloat (axis.step, ==, 500000.0);
  g_assert_cmpfloat (axis.max, ==, 1500000.0);
  mc_chart_axis_ticks (&axis, &ticks);
  g_assert_cmpuint (ticks.n, ==, 4);
  assert_label (mc_chart_axis_format (&axis, ticks.values[0], W, NULL), "¥0");
  assert_label (mc_chart_axis_format (&axis, ticks.values[1], W, NULL), "¥5K");
  assert_label (mc_chart_axis_format (&axis, ticks.values[3], W, NULL), "¥15K");
  /* In Chinese ¥5,000 is below 万: whole numbers. */
  assert_label (mc_chart_axis_format (&axis, ticks.values[3], C, NULL), "¥15,000");

  /* Never more than MC_CHART_MAX_TICKS ticks, even when asked for more. */
  mc_chart_axis_init_linear (&axis, MC_CHART_FORMAT_DECIMAL, 0.0, 1.0, 100);
  mc_chart_axis_ticks (&axis, &ticks);
  g_assert_cmpuint (ticks.n, <=, MC_CHART_MAX_TICKS);
  g_assert_cmpfloat (ticks.values[ticks.n - 1], ==, 1.0);
}

static void
test_axis_categories (void)
{
  McChartAxis axis;
  McChartTicks ticks;

  /* Band i of 4 is centred on (i + 0.5) / 4. */
  mc_chart_axis_init_categories (&axis, 4);
  g_assert_cmpfloat (mc_chart_axis_normalise (&axis, 1.0), ==, 0.375);
  g_assert_cmpfloat (mc_chart_axis_normalise (&axis, 3.0), ==, 0.875);
  g_assert_cmpfloat (mc_chart_axis_value_at (&axis, 0.6), ==, 2.0);
  mc_chart_axis_ticks (&axis, &ticks);
  g_assert_cmpuint (ticks.n, ==, 4);

  /* 40 categories: every third (ceil (40 / 16) = 3): 0, 3, ..., 39 → 14 ticks. */
  mc_chart_axis_init_categories (&axis, 40);
  mc_chart_axis_ticks (&axis, &ticks);
  g_assert_cmpuint (ticks.n, ==, 14);
  g_assert_cmpfloat (ticks.values[1], ==, 3.0);
}

static void
test_format_numbers (void)
{
  assert_label (mc_chart_format_grouped (0), "0");
  assert_label (mc_chart_format_grouped (999), "999");
  assert_label (mc_chart_format_grouped (1000), "1,000");
  assert_label (mc_chart_format_grouped (-1234567), "−1,234,567");

  /* A value alone: 1,234,567 → 1.2M; 12,000 → 12K; 9,999 keeps its digits. */
  assert_label (mc_chart_format_count (1234567, 0, W), "1.2M");
  assert_label (mc_chart_format_count (12000, 0, W), "12K");
  assert_label (mc_chart_format_count (9999, 0, W), "9,999");
  assert_label (mc_chart_format_count (-1500, 0, W), "−1,500");
  /* 123,456 = 12.3456万 → 12.3万; 250,000,000 = 2.5亿. */
  assert_label (mc_chart_format_count (123456, 0, C), "12.3万");
  assert_label (mc_chart_format_count (250000000, 0, C), "2.5亿");
  /* On an axis the step decides: a step of 500 keeps digits, 2,500 is 2.5K. */
  assert_label (mc_chart_format_count (2500, 500, W), "2,500");
  assert_label (mc_chart_format_count (2500, 2500, W), "2.5K");
  assert_label (mc_chart_format_count (15000, 5000, C), "15,000");
  assert_label (mc_chart_format_count (20000, 10000, C), "2万");

  /* Money in fen: 1,250 fen = ¥12.50; ¥1,234,567.89 = 1.2M / 123.5万. */
  assert_label (mc_chart_format_money (1250, 0, W), "¥12.50");
  assert_label (mc_chart_format_money (-1250, 0, W), "−¥12.50");
  assert_label (mc_chart_format_money (123456789, 0, W), "¥1.2M");
  assert_label (mc_chart_format_money (123456789, 0, C), "¥123.5万");
  /* A step of ¥0.50 shows the fen: ¥2.50. */
  assert_label (mc_chart_format_money (250, 50, W), "¥2.50");

  /* Shares: alone with one decimal; on an axis of 2.5% steps with one. */
  assert_label (mc_chart_format_share (0.4567, 0), "45.7%");
  assert_label (mc_chart_format_share (0.075, 0.025), "7.5%");
  assert_label (mc_chart_format_share (0.3, 0.1), "30%");

  assert_label (mc_chart_format_decimal (0.25, 0), "0.25");
  assert_label (mc_chart_format_decimal (1.5, 0.5), "1.5");
  assert_label (mc_chart_format_decimal (2.0, 0.5), "2.0");
}

static void
test_format_dates (void)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (shanghai == NULL)
    shanghai = g_time_zone_new_offset (8 * 3600);
  /* Midnight of 1 March in Shanghai is still 28 February in UTC. */
  assert_label (mc_chart_format_date (MARCH_1_2026_SHANGHAI, MC_CHART_FORMAT_MONTH, shanghai), "2026-03");
  assert_label (mc_chart_format_date (MARCH_1_2026_SHANGHAI, MC_CHART_FORMAT_MONTH, utc), "2026-02");
  assert_label (mc_chart_format_date (MARCH_1_2026_SHANGHAI, MC_CHART_FORMAT_DAY, shanghai), "2026-03-01");
  assert_label (mc_chart_format_date (MARCH_1_2026_SHANGHAI, MC_CHART_FORMAT_DAY, utc), "2026-02-28");
}

static void
test_month_ticks (void)
{
  g_autoptr(GTimeZone) shanghai = g_time_zone_new_offset (8 * 3600);
  McChartTicks ticks;
  gint64 jan15 = MARCH_1_2026_SHANGHAI - (gint64) (28 + 17) * 86400;   /* 2026-01-15 */
  gint64 dec31 = MARCH_1_2026_SHANGHAI + (gint64) (306 - 1) * 86400;   /* 2026-12-31 */

  /* Whole months from February (Jan 15 is not a first) to December: 11, too many for 6;
   * every 2nd month, aligned on odd months: March, May, July, September, November. */
  mc_chart_month_ticks (jan15, dec31, shanghai, 6, &ticks);
  g_assert_cmpuint (ticks.n, ==, 5);
  g_assert_cmpint ((gint64) ticks.values[0], ==, MARCH_1_2026_SHANGHAI);
  assert_label (mc_chart_format_date ((gint64) ticks.values[1], MC_CHART_FORMAT_MONTH, shanghai), "2026-05");
  assert_label (mc_chart_format_date ((gint64) ticks.values[4], MC_CHART_FORMAT_MONTH, shanghai), "2026-11");

  /* Room for 12: every month, from February. */
  mc_chart_month_ticks (jan15, dec31, shanghai, 12, &ticks);
  g_assert_cmpuint (ticks.n, ==, 11);
  assert_label (mc_chart_format_date ((gint64) ticks.values[0], MC_CHART_FORMAT_MONTH, shanghai), "2026-02");

  /* A first of the month at midnight is a tick itself. */
  mc_chart_month_ticks (MARCH_1_2026_SHANGHAI, MARCH_1_2026_SHANGHAI + 40 * 86400, shanghai, 6, &ticks);
  g_assert_cmpuint (ticks.n, ==, 2);
  g_assert_cmpint ((gint64) ticks.values[0], ==, MARCH_1_2026_SHANGHAI);

  /* Backwards: none. */
  mc_chart_month_ticks (dec31, jan15, shanghai, 6, &ticks);
  g_assert_cmpuint (ticks.n, ==, 0);
}

static void
test_colours (void)
{
  const double white[3] = { 1, 1, 1 }, navy[3] = { 0, 0, 0.5 }, black[3] = { 0, 0, 0 };
  const double blue[3] = { 0.2, 0.4, 0.8 }, yellow[3] = { 1, 1, 0 };
  double out[3];

  /* Half way: (0.5, 0.5, 0.75). */
  g_assert_true (mc_chart_heat_colour (0.5, white, navy, out));
  g_assert_cmpfloat_with_epsilon (out[0], 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (out[2], 0.75, 1e-12);
  /* Clamped. */
  g_assert_true (mc_chart_heat_colour (2.0, white, navy, out));
  g_assert_cmpfloat (out[2], ==, 0.5);
  /* No data, no colour. */
  g_assert_false (mc_chart_heat_colour (NAN, white, navy, out));

  g_assert_true (mc_chart_wants_light_text (black));
  g_assert_false (mc_chart_wants_light_text (white));
  /* Luminance of (0.2, 0.4, 0.8): 0.2126 × 0.0331 + 0.7152 × 0.1329 + 0.0722 × 0.6038
   * = 0.146 < 0.179: white text. Yellow: 0.928: black text. */
  g_assert_true (mc_chart_wants_light_text (blue));
  g_assert_false (mc_chart_wants_light_text (yellow));
}

static void
test_bins (void)
{
  const double values[] = { 0, 1, 2, 2.5, 9.9, 10, NAN };
  const double same[] = { 7, 7 };
  McChartBins bins;

  /* Range 10 in 5 bins of 2: [0,2) 0 1 | [2,4) 2 2.5 | | | [8,10] 9.9 10 (the maximum in
   * the last bin); NaN is left out. */
  mc_chart_bins_compute (&bins, values, G_N_ELEMENTS (values), 5);
  g_assert_cmpfloat (bins.lo, ==, 0.0);
  g_assert_cmpfloat (bins.width, ==, 2.0);
  g_assert_cmpuint (bins.n_bins, ==, 5);
  g_assert_cmpuint (bins.counts[0], ==, 2);
  g_assert_cmpuint (bins.counts[1], ==, 2);
  g_assert_cmpuint (bins.counts[2], ==, 0);
  g_assert_cmpuint (bins.counts[4], ==, 2);
  g_assert_cmpuint (bins.max_count, ==, 2);
  mc_chart_bins_clear (&bins);
  g_assert_null (bins.counts);

  /* One value twice: one bin of width 1 (a tenth of 7 → 0.7 → 1) from 7. */
  mc_chart_bins_compute (&bins, same, G_N_ELEMENTS (same), 10);
  g_assert_cmpuint (bins.n_bins, ==, 1);
  g_assert_cmpfloat (bins.lo, ==, 7.0);
  g_assert_cmpfloat (bins.width, ==, 1.0);
  g_assert_cmpuint (bins.counts[0], ==, 2);
  mc_chart_bins_clear (&bins);

  mc_chart_bins_compute (&bins, NULL, 0, 10);
  g_assert_cmpuint (bins.n_bins, ==, 0);
  mc_chart_bins_clear (&bins);
}

static void
test_hits (void)
{
  const double xs[] = { 0, 0.5, 1 }, ys[] = { 0, 0.5, 1 };
  const double sorted[] = { 0, 0.25, 0.5, 1 };
  const double tops[] = { 0.2, 0.2, 0.7 };
  guint row = 99, col = 99;

  /* Four bands filled to 80%: band 1 is 0.25..0.5 with its bar 0.275..0.475. */
  g_assert_cmpint (mc_chart_hit_band (4, 0.375, 0.8), ==, 1);
  g_assert_cmpint (mc_chart_hit_band (4, 0.26, 0.8), ==, -1);
  g_assert_cmpint (mc_chart_hit_band (4, 0.28, 0.8), ==, 1);
  g_assert_cmpint (mc_chart_hit_band (4, 1.0, 0.8), ==, -1);
  g_assert_cmpint (mc_chart_hit_band (4, -0.1, 0.8), ==, -1);
  g_assert_cmpint (mc_chart_hit_band (0, 0.5, 1.0), ==, -1);

  /* In a 100 × 100 plot, (0.52, 0.5) is 2 px from point 1; (0.6, 0.6) is 14 px away. */
  g_assert_cmpint (mc_chart_hit_nearest (xs, ys, 3, 0.52, 0.5, 100, 100, 8), ==, 1);
  g_assert_cmpint (mc_chart_hit_nearest (xs, ys, 3, 0.6, 0.6, 100, 100, 8), ==, -1);
  g_assert_cmpint (mc_chart_hit_nearest (xs, ys, 3, 0.6, 0.6, 100, 100, 15), ==, 1);

  g_assert_cmpint (mc_chart_hit_nearest_x (sorted, 4, 0.3), ==, 1);
  g_assert_cmpint (mc_chart_hit_nearest_x (sorted, 4, 0.9), ==, 3);
  g_assert_cmpint (mc_chart_hit_nearest_x (sorted, 4, -1.0), ==, 0);
  g_assert_cmpint (mc_chart_hit_nearest_x (sorted, 4, 2.0), ==, 3);
  g_assert_cmpint (mc_chart_hit_nearest_x (sorted, 4, 0.375), ==, 1);   /* a tie: the earlier */
  g_assert_cmpint (mc_chart_hit_nearest_x (sorted, 0, 0.5), ==, -1);

  /* 3 rows × 4 columns, row 0 at the top (y = 1). */
  g_assert_true (mc_chart_hit_cell (3, 4, 0.1, 0.95, &row, &col));
  g_assert_cmpuint (row, ==, 0);
  g_assert_cmpuint (col, ==, 0);
  g_assert_true (mc_chart_hit_cell (3, 4, 0.99, 0.01, &row, &col));
  g_assert_cmpuint (row, ==, 2);
  g_assert_cmpuint (col, ==, 3);
  g_assert_true (mc_chart_hit_cell (3, 4, 0.5, 0.5, &row, &col));
  g_assert_cmpuint (row, ==, 1);
  g_assert_cmpuint (col, ==, 2);
  g_assert_false (mc_chart_hit_cell (3, 4, 1.0, 0.5, &row, &col));
  g_assert_false (mc_chart_hit_cell (3, 4, 0.5, 0.0, &row, &col));

  /* A stack of 0.2, nothing, 0.5: y 0.1 is the first, 0.5 the third, 0.8 above it. */
  g_assert_cmpint (mc_chart_hit_stack (tops, 3, 0.0, 0.1), ==, 0);
  g_assert_cmpint (mc_chart_hit_stack (tops, 3, 0.0, 0.5), ==, 2);
  g_assert_cmpint (mc_chart_hit_stack (tops, 3, 0.0, 0.8), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart-scale/nice-step", test_nice_step);
  g_test_add_func ("/chart-scale/axis-linear", test_axis_linear);
  g_test_add_func ("/chart-scale/axis-categories", test_axis_categories);
  g_test_add_func ("/chart-scale/format-numbers", test_format_numbers);
  g_test_add_func ("/chart-scale/format-dates", test_format_dates);
  g_test_add_func ("/chart-scale/month-ticks", test_month_ticks);
  g_test_add_func ("/chart-scale/colours", test_colours);
  g_test_add_func ("/chart-scale/bins", test_bins);
  g_test_add_func ("/chart-scale/hits", test_hits);
  return g_test_run ();
}
