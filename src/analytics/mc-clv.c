/* mc-clv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Customer summaries, the BG/NBD and Gamma-Gamma models fitted by maximum likelihood, and
 * the discounted CLV. The fits work on plain arrays: the log-likelihood of BG/NBD depends
 * on a customer's x only through a few gamma functions, tabulated once per evaluation for
 * every x, and on T and t_x only through log (α + T) and log (α + t_x), computed once per
 * distinct value; a customer then costs an exp and a log1p.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>

#include "mc-clv.h"
#include "mc-clv-private.h"
#include "mc-error.h"

/* Parameters are searched over their logarithms within these bounds; a fit that ends on
 * one has not converged to an interior maximum. */
#define LOG_BOUND 20.0

static int
compare_transactions (const void *pa,
                      const void *pb)
{
  const McClvTransaction *a = pa, *b = pb;

  if (a->customer != b->customer)
    return a->customer < b->customer ? -1 : 1;
  if (a->day != b->day)
    return a->day < b->day ? -1 : 1;
  return 0;
}

GArray *
mc_clv_summaries_build (McClvTransaction *transactions,
                        gsize             n_transactions,
                        gint64            cutoff_day)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (McClvSummary));
  gsize i = 0;

  g_return_val_if_fail (transactions != NULL || n_transactions == 0, out);

  /* qsort wants a non-null array even for none (UBSan says so). */
  if (n_transactions > 0)
    qsort (transactions, n_transactions, sizeof *transactions, compare_transactions);
  while (i < n_transactions)
    {
      gint64 customer = transactions[i].customer;
      gint64 first = transactions[i].day, last = first, day = first;
      double repeat_spend = 0.0;
      guint days = 1;

      /* The first day's purchases. */
      while (i < n_transactions && transactions[i].customer == customer &&
             transactions[i].day == first)
        i++;
      for (; i < n_transactions && transactions[i].customer == customer; i++)
        {
          if (transactions[i].day > cutoff_day)
            continue;
          if (transactions[i].day != day)
            {
              day = last = transactions[i].day;
              days++;
            }
          repeat_spend += transactions[i].amount;
        }
      if (first > cutoff_day)
        continue;
      {
        McClvSummary s = {
          .customer = customer,
          .x = days - 1,
          .t_x = (last - first) / 7.0,
          .T = (cutoff_day - first) / 7.0,
          .spend = days > 1 ? repeat_spend / (days - 1) : 0.0,
        };

        g_array_append_val (out, s);
      }
    }
  return out;
}

static inline double
log_add_exp (double u,
             double v)
{
  if (u < v)
    {
      double w = u;

      u = v;
      v = w;
    }
  if (v == -INFINITY)
    return u;
  return u + log1p (exp (v - u));
}

double
mc_clv_bgnbd_log_likelihood (const McClvSummary *summaries,
                             gsize               n,
                             double              r,
                             double              alpha,
                             double              a,
                             double              b)
{
  double ll = 0.0;

  g_return_val_if_fail (summaries != NULL || n == 0, NAN);
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0))
    return NAN;

  for (gsize i = 0; i < n; i++)
    {
      double x = summaries[i].x;
      double common = lgamma (r + x) - lgamma (r) + r * log (alpha) +
                      lgamma (a + b) + lgamma (b + x) - lgamma (b) - lgamma (a + b + x);
      double alive = -(r + x) * log (alpha + summaries[i].T);
      double dropped = x > 0 ? log (a) - log (b + x - 1) - (r + x) * log (alpha + summaries[i].t_x)
                             : -INFINITY;

      ll += common + log_add_exp (alive, dropped);
    }
  return ll;
}

/* The customers as the fit sees them: x as an integer, T and t_x as indices into their
 * sorted distinct values. */
typedef struct
{
  gsize   n;
  guint  *x;
  guint  *i_T;
  guint  *i_t;
  double *T_values;
  double *t_values;
  guint   n_T, n_t, max_x;
  /* Scratch, per evaluation */
  double *log_T, *log_t;       /* log (α + value) */
  double *by_x;                /* the terms that depend on x only */
  double *drop_x;              /* log a − log (b + x − 1) */
} BgNbdData;

static int
compare_doubles (const void *pa,
                 const void *pb)
{
  double a = *(const double *) pa, b = *(const double *) pb;

  return a < b ? -1 : a > b ? 1 : 0;
}

static double *
distinct_values (const McClvSummary *s,
                 gsize               n,
                 gboolean            recency,
                 guint              *n_out)
{
  double *v = g_new (double, MAX (n, 1));
  guint k = 0;

  for (gsize i = 0; i < n; i++)
    v[i] = recency ? s[i].t_x : s[i].T;
  qsort (v, n, sizeof (double), compare_doubles);
  for (gsize i = 0; i < n; i++)
    if (k == 0 || v[i] != v[k - 1])
      v[k++] = v[i];
  *n_out = k;
  return v;
}

static guint
index_of (const double *values,
          guint         n,
          double        v)
{
  const double *hit = bsearch (&v, values, n, sizeof (double), compare_doubles);

  g_assert (hit != NULL);
  return hit - values;
}

static void
bgnbd_data_clear (BgNbdData *d)
{
  g_free (d->x);
  g_free (d->i_T);
  g_free (d->i_t);
  g_free (d->T_values);
  g_free (d->t_values);
  g_free (d->log_T);
  g_free (d->log_t);
  g_free (d->by_x);
  g_free (d->drop_x);
}

/* Whether a point of the search (log-parameters) is out of bounds, where the objective
 * reports "worst" rather than overflow. */
static gboolean
out_of_bounds (const double *v,
               guint         n)
{
  for (guint j = 0; j < n; j++)
    if (fabs (v[j]) > LOG_BOUND)
      return TRUE;
  return FALSE;
}

static double
bgnbd_objective (const double *p,
                 gpointer      user_data)
{
  BgNbdData *d = user_data;
  double r, alpha, a, b, log_a, ll = 0.0;

  if (out_of_bounds (p, 4))
    return G_MAXDOUBLE;
  r = exp (p[0]);
  alpha = exp (p[1]);
  a = exp (p[2]);
  b = exp (p[3]);
  log_a = p[2];

  for (guint k = 0; k < d->n_T; k++)
    d->log_T[k] = log (alpha + d->T_values[k]);
  for (guint k = 0; k < d->n_t; k++)
    d->log_t[k] = log (alpha + d->t_values[k]);
  {
    double base_r = lgamma (r), base_b = lgamma (a + b) - lgamma (b);
    double r_log_alpha = r * p[1];

    for (guint x = 0; x <= d->max_x; x++)
      {
        d->by_x[x] = lgamma (r + x) - base_r + r_log_alpha +
                     base_b + lgamma (b + x) - lgamma (a + b + x);
        d->drop_x[x] = x > 0 ? log_a - log (b + x - 1) : -INFINITY;
      }
  }

  for (gsize i = 0; i < d->n; i++)
    {
      guint x = d->x[i];
      double rx = r + x;
      double alive = -rx * d->log_T[d->i_T[i]];

      if (x > 0)
        ll += d->by_x[x] + log_add_exp (alive, d->drop_x[x] - rx * d->log_t[d->i_t[i]]);
      else
        ll += d->by_x[0] + alive;
    }
  return -ll / d->n;
}

static gboolean
check_summaries (const McClvSummary *s,
                 gsize               n,
                 gboolean           *any_repeat,
                 GError            **error)
{
  *any_repeat = FALSE;
  if (n == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("There are no customers to fit the model to: no purchases before the cutoff date."));
      return FALSE;
    }
  for (gsize i = 0; i < n; i++)
    {
      if (!(s[i].x >= 0 && s[i].x == floor (s[i].x) && s[i].x < 1e6 &&
            s[i].t_x >= 0 && s[i].T >= s[i].t_x && isfinite (s[i].T)))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Customer %" PRId64 " has an impossible summary "
                         "(x = %g, t_x = %g, T = %g): x must be a whole number and 0 ≤ t_x ≤ T."),
                       s[i].customer, s[i].x, s[i].t_x, s[i].T);
          return FALSE;
        }
      if (s[i].x > 0)
        *any_repeat = TRUE;
    }
  return TRUE;
}

gboolean
mc_clv_bgnbd_fit (const McClvSummary *summaries,
                  gsize               n,
                  McClvBgNbd         *model,
                  GError            **error)
{
  BgNbdData d = { 0 };
  gboolean any_repeat;
  double p[4] = { 0.0, 0.0, 0.0, 0.0 };   /* r = α = a = b = 1 */
  guint evaluations = 0;

  g_return_val_if_fail (summaries != NULL || n == 0, FALSE);
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_summaries (summaries, n, &any_repeat, error))
    return FALSE;
  if (!any_repeat)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The one customer made no repeat purchase: "
                                "the purchase model cannot be fitted. Choose a later cutoff date.",
                                "None of the %" PRIu64 " customers made a repeat purchase: "
                                "the purchase model cannot be fitted. Choose a later cutoff date.",
                                (gulong) n),
                   (guint64) n);
      return FALSE;
    }

  d.n = n;
  d.x = g_new (guint, n);
  d.i_T = g_new (guint, n);
  d.i_t = g_new (guint, n);
  d.T_values = distinct_values (summaries, n, FALSE, &d.n_T);
  d.t_values = distinct_values (summaries, n, TRUE, &d.n_t);
  for (gsize i = 0; i < n; i++)
    {
      d.x[i] = (guint) summaries[i].x;
      d.max_x = MAX (d.max_x, d.x[i]);
      d.i_T[i] = index_of (d.T_values, d.n_T, summaries[i].T);
      d.i_t[i] = index_of (d.t_values, d.n_t, summaries[i].t_x);
    }
  d.log_T = g_new (double, d.n_T);
  d.log_t = g_new (double, d.n_t);
  d.by_x = g_new (double, d.max_x + 1);
  d.drop_x = g_new (double, d.max_x + 1);

  mc_clv_minimise (bgnbd_objective, &d, p, 4, &evaluations);
  bgnbd_data_clear (&d);

  for (guint j = 0; j < 4; j++)
    if (fabs (p[j]) > LOG_BOUND - 1.0)
      {
        g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                     _("The purchase model did not converge (a parameter ran off to %s): "
                       "the data has too few repeat purchases to fit it."),
                     p[j] > 0 ? "∞" : "0");
        return FALSE;
      }

  model->r = exp (p[0]);
  model->alpha = exp (p[1]);
  model->a = exp (p[2]);
  model->b = exp (p[3]);
  model->log_likelihood = mc_clv_bgnbd_log_likelihood (summaries, n, model->r, model->alpha,
                                                       model->a, model->b);
  model->n_customers = n;
  model->evaluations = evaluations;
  if (!isfinite (model->log_likelihood))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("The purchase model did not converge: its log-likelihood is not a number."));
      return FALSE;
    }
  return TRUE;
}

double
mc_clv_hyp2f1 (double a,
               double b,
               double c,
               double z)
{
  double term = 1.0, sum = 1.0;

  g_return_val_if_fail (fabs (z) < 1.0, NAN);

  for (guint k = 0; k < 1000000; k++)
    {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
      sum += term;
      if (fabs (term) <= 1e-16 * fabs (sum))
        break;
    }
  return sum;
}

double
mc_clv_bgnbd_expected_purchases (const McClvBgNbd *model,
                                 double            t,
                                 double            x,
                                 double            t_x,
                                 double            T)
{
  double r, alpha, a, b, z, tail, numerator, denominator;

  g_return_val_if_fail (model != NULL, NAN);
  if (t <= 0)
    return 0.0;
  r = model->r;
  alpha = model->alpha;
  b = model->b;
  /* At a = 1 the formula is 0 / 0; its limit is continuous, so step beside it. */
  a = fabs (model->a - 1.0) < 1e-7 ? 1.0 + 1e-7 : model->a;

  /* (1 − z)^(r+x) 2F1(r + x, b + x; a + b + x − 1; z) with z = t / (α + T + t), taken
   * through Euler's transformation to (1 − z)^(a−1) 2F1(a + b − 1 − r, a − 1; a + b + x − 1; z),
   * whose series has terms of moderate size for any x. */
  z = t / (alpha + T + t);
  tail = pow (1.0 - z, a - 1.0) * mc_clv_hyp2f1 (a + b - 1.0 - r, a - 1.0, a + b + x - 1.0, z);
  numerator = (a + b + x - 1.0) / (a - 1.0) * (1.0 - tail);
  denominator = 1.0;
  if (x > 0)
    denominator += exp (log (a) - log (b + x - 1.0) +
                        (r + x) * (log (alpha + T) - log (alpha + t_x)));
  return numerator / denominator;
}

double
mc_clv_bgnbd_p_alive (const McClvBgNbd *model,
                      double            x,
                      double            t_x,
                      double            T)
{
  g_return_val_if_fail (model != NULL, NAN);

  if (x <= 0)
    return 1.0;
  return 1.0 / (1.0 + exp (log (model->a) - log (model->b + x - 1.0) +
                           (model->r + x) * (log (model->alpha + T) - log (model->alpha + t_x))));
}

/* Gamma-Gamma: a customer's spends per purchase day are gamma(p, ν), ν is gamma(q, γ)
 * across customers; the likelihood of the mean m of x spends is
 *   Γ(px + q) / (Γ(px) Γ(q)) · γ^q · m^(px − 1) · x^(px) / (γ + m x)^(px + q). */
typedef struct
{
  gsize   n;
  guint  *x;
  double *log_m, *log_x, *mx;
  guint   max_x;
  double *by_x;       /* scratch: log Γ(px + q) − log Γ(px) for every x */
} GammaGammaData;

static double
gamma_gamma_objective (const double *v,
                       gpointer      user_data)
{
  GammaGammaData *d = user_data;
  double p, q, g, log_g, base, ll = 0.0;

  if (out_of_bounds (v, 3))
    return G_MAXDOUBLE;
  p = exp (v[0]);
  q = exp (v[1]);
  g = exp (v[2]);
  log_g = v[2];
  base = q * log_g - lgamma (q);
  for (guint x = 1; x <= d->max_x; x++)
    d->by_x[x] = lgamma (p * x + q) - lgamma (p * x);

  for (gsize i = 0; i < d->n; i++)
    {
      double px = p * d->x[i];

      ll += d->by_x[d->x[i]] + base + (px - 1.0) * d->log_m[i] +
            px * d->log_x[i] - (px + q) * log (g + d->mx[i]);
    }
  return -ll / d->n;
}

double
mc_clv_gamma_gamma_log_likelihood (const McClvSummary *summaries,
                                   gsize               n,
                                   double              p,
                                   double              q,
                                   double              gamma)
{
  double ll = 0.0;

  g_return_val_if_fail (summaries != NULL || n == 0, NAN);
  if (!(p > 0 && q > 0 && gamma > 0))
    return NAN;

  for (gsize i = 0; i < n; i++)
    {
      double x = summaries[i].x, m = summaries[i].spend, px = p * x;

      if (x <= 0)
        continue;
      ll += lgamma (px + q) - lgamma (px) - lgamma (q) + q * log (gamma) +
            (px - 1.0) * log (m) + px * log (x) - (px + q) * log (gamma + m * x);
    }
  return ll;
}

gboolean
mc_clv_gamma_gamma_fit (const McClvSummary *summaries,
                        gsize               n,
                        McClvGammaGamma    *model,
                        GError            **error)
{
  GammaGammaData d = { 0 };
  gboolean any_repeat;
  double v[3] = { 0.0, 0.0, 0.0 };
  double mean_spend = 0.0;
  guint evaluations = 0;

  g_return_val_if_fail (summaries != NULL || n == 0, FALSE);
  g_return_val_if_fail (model != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_summaries (summaries, n, &any_repeat, error))
    return FALSE;

  d.x = g_new (guint, n);
  d.log_m = g_new (double, n);
  d.log_x = g_new (double, n);
  d.mx = g_new (double, n);
  for (gsize i = 0; i < n; i++)
    {
      if (summaries[i].x <= 0)
        continue;
      if (!(summaries[i].spend > 0) || !isfinite (summaries[i].spend))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("Customer %" PRId64 " has a mean spend of %g: the spend "
                         "model needs positive amounts."),
                       summaries[i].customer, summaries[i].spend);
          goto fail;
        }
      d.x[d.n] = (guint) summaries[i].x;
      d.log_m[d.n] = log (summaries[i].spend);
      d.log_x[d.n] = log (summaries[i].x);
      d.mx[d.n] = summaries[i].spend * summaries[i].x;
      d.max_x = MAX (d.max_x, d.x[d.n]);
      mean_spend += summaries[i].spend;
      d.n++;
    }
  if (d.n < 2)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The spend model needs at least two customers with a repeat purchase; "
                     "there are %" PRIu64 "."), (guint64) d.n);
      goto fail;
    }

  /* Start where the mean spend per day, p / ν, is about the data's mean. */
  v[2] = log (mean_spend / d.n);
  d.by_x = g_new (double, d.max_x + 1);
  mc_clv_minimise (gamma_gamma_objective, &d, v, 3, &evaluations);

  for (guint j = 0; j < 3; j++)
    if (fabs (v[j]) > LOG_BOUND - 1.0)
      {
        g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                     _("The spend model did not converge (a parameter ran off to %s): "
                       "the spends vary too little or too much between customers to fit it."),
                     v[j] > 0 ? "∞" : "0");
        goto fail;
      }
  model->p = exp (v[0]);
  model->q = exp (v[1]);
  model->gamma = exp (v[2]);
  model->n_customers = d.n;
  model->evaluations = evaluations;
  model->log_likelihood = mc_clv_gamma_gamma_log_likelihood (summaries, n, model->p,
                                                             model->q, model->gamma);
  g_free (d.x);
  g_free (d.log_m);
  g_free (d.log_x);
  g_free (d.mx);
  g_free (d.by_x);
  return TRUE;

fail:
  g_free (d.x);
  g_free (d.log_m);
  g_free (d.log_x);
  g_free (d.mx);
  g_free (d.by_x);
  return FALSE;
}

double
mc_clv_gamma_gamma_expected_spend (const McClvGammaGamma *model,
                                   double                 x,
                                   double                 spend)
{
  g_return_val_if_fail (model != NULL, NAN);

  /* The population mean p γ / (q − 1) weighed against the customer's own mean; q > 1 for
   * the mean to exist. */
  if (model->q <= 1.0)
    return NAN;
  if (x <= 0)
    return model->p * model->gamma / (model->q - 1.0);
  return model->p * (model->gamma + x * spend) / (model->p * x + model->q - 1.0);
}

double
mc_clv_value (const McClvBgNbd       *bgnbd,
              const McClvGammaGamma  *gg,
              const McClvValueInputs *inputs,
              const McClvSummary     *customer)
{
  double spend, value = 0.0, before = 0.0, discount = 1.0;

  g_return_val_if_fail (bgnbd != NULL && gg != NULL && inputs != NULL && customer != NULL, NAN);

  spend = mc_clv_gamma_gamma_expected_spend (gg, customer->x, customer->spend);
  for (guint m = 1; m <= inputs->months; m++)
    {
      double upto = mc_clv_bgnbd_expected_purchases (bgnbd, m * MC_CLV_WEEKS_PER_MONTH,
                                                     customer->x, customer->t_x, customer->T);

      discount /= 1.0 + inputs->monthly_discount;
      value += inputs->margin * spend * (upto - before) * discount;
      before = upto;
    }
  return value;
}
