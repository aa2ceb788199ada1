/* mc-clv-minimise.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nelder–Mead with restarts (Nelder & Mead 1965; the standard coefficients: reflection 1,
 * expansion 2, contraction ½, shrink ½). The CLV fits run it over the logarithms of their
 * parameters, so every point of the simplex is a valid parameter set.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <math.h>
#include <string.h>

#include "mc-clv-private.h"

#define MAX_DIM 8
#define MAX_EVALS_PER_RUN 20000
#define MAX_RESTARTS 30

static double
evaluate (McClvObjective  f,
          gpointer        data,
          const double   *x,
          guint          *evaluations)
{
  double v = f (x, data);

  (*evaluations)++;
  return isfinite (v) ? v : G_MAXDOUBLE;
}

/* One run from x with initial steps of step in every coordinate. */
static double
nelder_mead (McClvObjective  f,
             gpointer        data,
             double         *x,
             guint           n,
             double          step,
             guint          *evaluations)
{
  double p[MAX_DIM + 1][MAX_DIM];
  double fv[MAX_DIM + 1];
  double centre[MAX_DIM], xr[MAX_DIM], xe[MAX_DIM], xc[MAX_DIM];
  guint used = 0;

  g_assert (n >= 1 && n <= MAX_DIM);

  for (guint i = 0; i <= n; i++)
    {
      memcpy (p[i], x, n * sizeof (double));
      if (i > 0)
        p[i][i - 1] += step;
      fv[i] = evaluate (f, data, p[i], evaluations);
      used++;
    }

  while (used < MAX_EVALS_PER_RUN)
    {
      guint best = 0, worst = 0, second = 0;
      double fr, spread = 0.0;

      for (guint i = 1; i <= n; i++)
        {
          if (fv[i] < fv[best])
            best = i;
          if (fv[i] > fv[worst])
            worst = i;
        }
      second = best;
      for (guint i = 0; i <= n; i++)
        if (i != worst && fv[i] > fv[second])
          second = i;

      for (guint i = 0; i <= n; i++)
        for (guint j = 0; j < n; j++)
          spread = MAX (spread, fabs (p[i][j] - p[best][j]));
      if (fv[worst] - fv[best] <= 1e-14 * (fabs (fv[best]) + 1e-14) && spread < 1e-9)
        break;
      if (spread < 1e-12)
        break;

      for (guint j = 0; j < n; j++)
        {
          centre[j] = 0.0;
          for (guint i = 0; i <= n; i++)
            if (i != worst)
              centre[j] += p[i][j];
          centre[j] /= n;
          xr[j] = centre[j] + (centre[j] - p[worst][j]);
        }
      fr = evaluate (f, data, xr, evaluations);
      used++;

      if (fr < fv[best])
        {
          double fe;

          for (guint j = 0; j < n; j++)
            xe[j] = centre[j] + 2.0 * (centre[j] - p[worst][j]);
          fe = evaluate (f, data, xe, evaluations);
          used++;
          if (fe < fr)
            {
              memcpy (p[worst], xe, n * sizeof (double));
              fv[worst] = fe;
            }
          else
            {
              memcpy (p[worst], xr, n * sizeof (double));
              fv[worst] = fr;
            }
          continue;
        }
      if (fr < fv[second])
        {
          memcpy (p[worst], xr, n * sizeof (double));
          fv[worst] = fr;
          continue;
        }

      {
        /* Contraction: outside when the reflected point is better than the worst. */
        gboolean outside = fr < fv[worst];
        double fc;

        for (guint j = 0; j < n; j++)
          xc[j] = outside ? centre[j] + 0.5 * (xr[j] - centre[j])
                          : centre[j] + 0.5 * (p[worst][j] - centre[j]);
        fc = evaluate (f, data, xc, evaluations);
        used++;
        if (fc < (outside ? fr : fv[worst]))
          {
            memcpy (p[worst], xc, n * sizeof (double));
            fv[worst] = fc;
            continue;
          }
      }

      /* Shrink towards the best point. */
      for (guint i = 0; i <= n; i++)
        if (i != best)
          {
            for (guint j = 0; j < n; j++)
              p[i][j] = p[best][j] + 0.5 * (p[i][j] - p[best][j]);
            fv[i] = evaluate (f, data, p[i], evaluations);
            used++;
          }
    }

  {
    guint best = 0;

    for (guint i = 1; i <= n; i++)
      if (fv[i] < fv[best])
        best = i;
    memcpy (x, p[best], n * sizeof (double));
    return fv[best];
  }
}

double
mc_clv_minimise (McClvObjective  f,
                 gpointer        data,
                 double         *x,
                 guint           n,
                 guint          *evaluations)
{
  double value = evaluate (f, data, x, evaluations);

  for (guint k = 0; k < MAX_RESTARTS; k++)
    {
      double next = nelder_mead (f, data, x, n, k == 0 ? 1.0 : 0.1, evaluations);
      gboolean improved = next < value - 1e-12 * fabs (value);

      value = MIN (value, next);
      if (!improved && k > 0)
        break;
    }
  return value;
}
