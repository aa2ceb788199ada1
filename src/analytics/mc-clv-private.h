/* mc-clv-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the CLV files: the derivative-free minimiser the fits use.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The function to minimise: G_MAXDOUBLE (or any non-finite value) where it is undefined. */
typedef double (*McClvObjective) (const double *x,
                                  gpointer      data);

/* Nelder–Mead from x (n ≤ 8 dimensions), restarted from the best point with a fresh simplex
 * until a restart no longer improves the value by more than a relative 1e-12. Leaves the
 * minimiser in x; returns the value there and adds the evaluations to *evaluations. */
double mc_clv_minimise (McClvObjective  f,
                        gpointer        data,
                        double         *x,
                        guint           n,
                        guint          *evaluations);

G_END_DECLS
