/* test-clv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CLV models on the CDNOW sample (2,357 customers, calibration to 1997-09-30) against
 * the figures Fader, Hardie and Lee published (see /work/shared/data/cdnow/README.md):
 * the summaries, BG/NBD r, α, a, b and its log-likelihood, a conditional expectation,
 * Gamma-Gamma p, q, γ; then bad input, and the discounted CLV's arithmetic.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

#include "mc-clv.h"
#include "mc-error.h"

/* Rounded to the published digits: |value − published| within half a unit of the last
 * published significant digit of three. */
static void
assert_3_digits (const char *name,
                 double      value,
                 double      published)
{
  double unit = pow (10.0, floor (log10 (fabs (published))) - 2.0);

  g_test_message ("%s = %.6g (published %g)", name, value, published);
  g_assert_cmpfloat_with_epsilon (value, published, unit * 0.5 + 1e-12);
}

static char *
cdnow_file (const char *name)
{
  const char *dir = g_getenv ("MC_CDNOW_DIR");

  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the CDNOW data is not here: set MC_CDNOW_DIR to the folder of CDNOW_sample.txt");
      return NULL;
    }
  return g_build_filename (dir, name, NULL);
}

static gint64
day_of (guint yyyymmdd)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_dmy (&d, yyyymmdd % 100, (yyyymmdd / 100) % 100, yyyymmdd / 10000);
  g_assert_true (g_date_valid (&d));
  return g_date_get_julian (&d);
}

/* The summaries of CDNOW_sample.txt, or NULL when the data is missing (the test skips). */
static GArray *
cdnow_summaries (void)
{
  g_autofree char *path = cdnow_file ("CDNOW_sample.txt");
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GArray) tx = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return NULL;
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  tx = g_array_new (FALSE, FALSE, sizeof (McClvTransaction));
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint master, sample, date, cds;
      double dollars;
      McClvTransaction t;

      if (g_strstrip (lines[i])[0] == '\0')
        continue;
      g_assert_cmpint (sscanf (lines[i], "%u %u %u %u %lf", &master, &sample, &date, &cds, &dollars), ==, 5);
      t.customer = sample;
      t.day = day_of (date);
      t.amount = dollars;
      g_array_append_val (tx, t);
    }
  g_assert_cmpuint (tx->len, ==, 6919);
  return mc_clv_summaries_build ((McClvTransaction *) (void *) tx->data, tx->len, day_of (19970930));
}

static void
test_summaries (void)
{
  g_autoptr(GArray) s = cdnow_summaries ();
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint rows = 0, repeat = 0;

  if (s == NULL)
    return;
  path = cdnow_file ("cdnow_customers_summary.csv");
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (g_strstrip (lines[0]), ==, "ID,frequency,recency,T");
  g_assert_cmpuint (s->len, ==, 2357);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      guint id, frequency;
      double recency, T;
      const McClvSummary *c;

      if (g_strstrip (lines[i])[0] == '\0')
        continue;
      g_assert_cmpint (sscanf (lines[i], "%u,%u,%lf,%lf", &id, &frequency, &recency, &T), ==, 4);
      g_assert_cmpuint (rows, <, s->len);
      c = &g_array_index (s, McClvSummary, rows);
      g_assert_cmpint (c->customer, ==, id);
      g_assert_cmpfloat (c->x, ==, frequency);
      /* The file rounds weeks to two decimals. */
      g_assert_cmpfloat_with_epsilon (c->t_x, recency, 0.005 + 1e-9);
      g_assert_cmpfloat_with_epsilon (c->T, T, 0.005 + 1e-9);
      if (c->x > 0)
        {
          g_assert_cmpfloat (c->spend, >, 0.0);
          repeat++;
        }
      else
        g_assert_cmpfloat (c->spend, ==, 0.0);
      rows++;
    }
  g_assert_cmpuint (rows, ==, 2357);
  g_assert_cmpuint (repeat, ==, 946);

  /* Customer 1 bought on 1997-01-01, 1997-01-18 and 1997-08-02: x = 2, t_x = 213 / 7,
   * T = 272 / 7, mean spend of the repeat days (29.73 + 14.96) / 2. */
  g_assert_cmpfloat_with_epsilon (g_array_index (s, McClvSummary, 0).t_x, 213.0 / 7.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (g_array_index (s, McClvSummary, 0).T, 272.0 / 7.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (g_array_index (s, McClvSummary, 0).spend, (29.73 + 14.96) / 2.0, 1e-9);
}

static void
test_same_day_merged (void)
{
  McClvTransaction tx[] = {
    { 7, 100, 10.0 }, { 7, 100, 5.0 },          /* first day: two orders, one purchase */
    { 7, 114, 20.0 }, { 7, 114, 4.0 },          /* a repeat day of 24 */
    { 7, 121, 12.0 },                           /* a repeat day of 12 */
    { 7, 200, 99.0 },                           /* after the cutoff: ignored */
    { 9, 150, 3.0 },                            /* first purchase after the cutoff */
    { 8, 128, 6.0 },                            /* a one-time buyer on the cutoff day */
  };
  g_autoptr(GArray) s = mc_clv_summaries_build (tx, G_N_ELEMENTS (tx), 128);

  g_assert_cmpuint (s->len, ==, 2);
  g_assert_cmpint (g_array_index (s, McClvSummary, 0).customer, ==, 7);
  g_assert_cmpfloat (g_array_index (s, McClvSummary, 0).x, ==, 2.0);
  g_assert_cmpfloat_with_epsilon (g_array_index (s, McClvSummary, 0).t_x, 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (g_array_index (s, McClvSummary, 0).T, 4.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (g_array_index (s, McClvSummary, 0).spend, 18.0, 1e-12);
  g_assert_cmpint (g_array_index (s, McClvSummary, 1).customer, ==, 8);
  g_assert_cmpfloat (g_array_index (s, McClvSummary, 1).x, ==, 0.0);
  g_assert_cmpfloat (g_array_index (s, McClvSummary, 1).T, ==, 0.0);
}

static void
test_bgnbd (void)
{
  g_autoptr(GArray) s = cdnow_summaries ();
  g_autoptr(GError) error = NULL;
  McClvBgNbd m = { 0 };
  McClvBgNbd published = { .r = 0.243, .alpha = 4.414, .a = 0.793, .b = 2.426 };
  g_autoptr(GTimer) timer = g_timer_new ();
  double at_published;

  if (s == NULL)
    return;
  g_assert_true (mc_clv_bgnbd_fit ((McClvSummary *) (void *) s->data, s->len, &m, &error));
  g_assert_no_error (error);
  g_test_message ("fit in %.3f s, %u evaluations", g_timer_elapsed (timer, NULL), m.evaluations);
  g_assert_cmpuint (m.n_customers, ==, 2357);
  assert_3_digits ("r", m.r, 0.243);
  assert_3_digits ("alpha", m.alpha, 4.414);
  assert_3_digits ("a", m.a, 0.793);
  assert_3_digits ("b", m.b, 2.426);
  g_test_message ("LL = %.4f (published -9582.4)", m.log_likelihood);
  g_assert_cmpfloat_with_epsilon (m.log_likelihood, -9582.4, 0.05);

  /* The maximum: the published parameters (rounded) give a likelihood no higher. */
  at_published = mc_clv_bgnbd_log_likelihood ((McClvSummary *) (void *) s->data, s->len,
                                              0.243, 4.414, 0.793, 2.426);
  g_assert_cmpfloat (at_published, <=, m.log_likelihood + 1e-9);
  g_assert_cmpfloat_with_epsilon (at_published, -9582.4, 0.05);

  /* x = 2, t_x = 30.43, T = 38.86: 1.226 purchases expected in the next 39 weeks. */
  assert_3_digits ("E[Y(39)] fitted", mc_clv_bgnbd_expected_purchases (&m, 39, 2, 30.43, 38.86), 1.226);
  assert_3_digits ("E[Y(39)] published", mc_clv_bgnbd_expected_purchases (&published, 39, 2, 30.43, 38.86), 1.226);
  g_assert_cmpfloat (mc_clv_bgnbd_expected_purchases (&m, 0, 2, 30.43, 38.86), ==, 0.0);

  /* P(alive): 1 without a repeat purchase; lower the longer since the last purchase. */
  g_assert_cmpfloat (mc_clv_bgnbd_p_alive (&m, 0, 0, 38.86), ==, 1.0);
  g_assert_cmpfloat (mc_clv_bgnbd_p_alive (&m, 2, 30.43, 38.86), >, mc_clv_bgnbd_p_alive (&m, 2, 5.0, 38.86));
  g_assert_cmpfloat (mc_clv_bgnbd_p_alive (&m, 2, 5.0, 38.86), >, 0.0);
  g_assert_cmpfloat (mc_clv_bgnbd_p_alive (&m, 2, 38.86, 38.86), <, 1.0);
}

static void
test_gamma_gamma (void)
{
  g_autoptr(GArray) s = cdnow_summaries ();
  g_autoptr(GError) error = NULL;
  McClvGammaGamma g = { 0 };
  double mean;

  if (s == NULL)
    return;
  g_assert_true (mc_clv_gamma_gamma_fit ((McClvSummary *) (void *) s->data, s->len, &g, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g.n_customers, ==, 946);
  assert_3_digits ("p", g.p, 6.25);
  assert_3_digits ("q", g.q, 3.74);
  assert_3_digits ("gamma", g.gamma, 15.44);
  g_test_message ("LL = %.4f", g.log_likelihood);
  g_assert_cmpfloat (mc_clv_gamma_gamma_log_likelihood ((McClvSummary *) (void *) s->data, s->len,
                                                         6.25, 3.74, 15.44), <=, g.log_likelihood + 1e-9);

  /* The expected spend lies between the population mean and the customer's own mean. */
  mean = g.p * g.gamma / (g.q - 1.0);
  g_assert_cmpfloat_with_epsilon (mc_clv_gamma_gamma_expected_spend (&g, 0, 0), mean, 1e-9);
  g_assert_cmpfloat (mc_clv_gamma_gamma_expected_spend (&g, 5, 100.0), >, mean);
  g_assert_cmpfloat (mc_clv_gamma_gamma_expected_spend (&g, 5, 100.0), <, 100.0);
  g_assert_cmpfloat (mc_clv_gamma_gamma_expected_spend (&g, 50, 100.0), >,
                     mc_clv_gamma_gamma_expected_spend (&g, 5, 100.0));
}

static void
test_hyp2f1 (void)
{
  /* 2F1(1, 1; 2; z) = −ln(1 − z) / z; 2F1(a, b; b; z) = (1 − z)^−a. */
  for (double z = -0.9; z < 0.99; z += 0.1)
    if (fabs (z) > 1e-9)
      g_assert_cmpfloat_with_epsilon (mc_clv_hyp2f1 (1, 1, 2, z), -log1p (-z) / z, 1e-12);
  g_assert_cmpfloat_with_epsilon (mc_clv_hyp2f1 (0.7, 3.5, 3.5, 0.95), pow (0.05, -0.7), 1e-10);
}

static void
test_bad_input (void)
{
  g_autoptr(GError) error = NULL;
  McClvBgNbd m = { 0 };
  McClvGammaGamma g = { 0 };
  McClvSummary none_repeat[] = {
    { 1, 0, 0, 10, 0 }, { 2, 0, 0, 20, 0 }, { 3, 0, 0, 5, 0 },
  };
  McClvSummary impossible[] = { { 4, 1, 12, 10, 5 } };
  McClvSummary free_lunch[] = { { 5, 1, 2, 10, 0 }, { 6, 2, 3, 10, 7 } };

  g_assert_false (mc_clv_bgnbd_fit (NULL, 0, &m, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "no customers"));
  g_clear_error (&error);

  g_assert_false (mc_clv_bgnbd_fit (none_repeat, G_N_ELEMENTS (none_repeat), &m, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "repeat purchase"));
  g_assert_cmpfloat (m.r, ==, 0.0);
  g_clear_error (&error);

  g_assert_false (mc_clv_gamma_gamma_fit (none_repeat, G_N_ELEMENTS (none_repeat), &g, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_false (mc_clv_bgnbd_fit (impossible, 1, &m, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_false (mc_clv_gamma_gamma_fit (free_lunch, 2, &g, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_clear_error (&error);

  g_assert_true (isnan (mc_clv_bgnbd_log_likelihood (none_repeat, 3, -1, 1, 1, 1)));
}

static void
test_value (void)
{
  McClvBgNbd m = { .r = 0.243, .alpha = 4.414, .a = 0.793, .b = 2.426 };
  McClvGammaGamma g = { .p = 6.25, .q = 3.74, .gamma = 15.44 };
  McClvSummary c = { 1, 2, 30.43, 38.86, 22.345 };
  McClvValueInputs plain = { 12, 0.0, 1.0 };
  McClvValueInputs real = { 12, 0.01, 0.3 };
  double spend = mc_clv_gamma_gamma_expected_spend (&g, c.x, c.spend);
  double year = mc_clv_bgnbd_expected_purchases (&m, 12 * MC_CLV_WEEKS_PER_MONTH, c.x, c.t_x, c.T);
  double v_plain = mc_clv_value (&m, &g, &plain, &c);
  double v_real = mc_clv_value (&m, &g, &real, &c);

  /* Undiscounted at a margin of 1: spend × the year's expected purchases. */
  g_assert_cmpfloat_with_epsilon (v_plain, spend * year, 1e-9 * v_plain);
  /* Discounting at 1% a month costs less than 12%, more than 0. */
  g_assert_cmpfloat (v_real, <, 0.3 * v_plain);
  g_assert_cmpfloat (v_real, >, 0.3 * v_plain / 1.01 / pow (1.01, 11));
  g_test_message ("CLV: %.2f undiscounted, %.2f at 1%%/month and 30%% margin", v_plain, v_real);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/clv/summaries/cdnow", test_summaries);
  g_test_add_func ("/clv/summaries/same-day-merged", test_same_day_merged);
  g_test_add_func ("/clv/bgnbd/cdnow", test_bgnbd);
  g_test_add_func ("/clv/gamma-gamma/cdnow", test_gamma_gamma);
  g_test_add_func ("/clv/hyp2f1", test_hyp2f1);
  g_test_add_func ("/clv/bad-input", test_bad_input);
  g_test_add_func ("/clv/value", test_value);

  return g_test_run ();
}
