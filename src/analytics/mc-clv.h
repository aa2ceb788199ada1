/* mc-clv.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Customer lifetime value: the BG/NBD model of repeat purchases (Fader, Hardie & Lee 2005,
 * "Counting Your Customers the Easy Way"), the Gamma-Gamma model of spend (Fader, Hardie &
 * Lee 2005, "RFM and CLV"), both fitted by maximum likelihood, and a discounted CLV built
 * on them. Times are in weeks (days / 7), money in the unit of the transactions (yuan for
 * a workspace). The definitions are written out in data/metrics.md, "CLV".
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

/* One purchase: a customer, a day number (any consistent count of days, e.g. days since
 * 1970 in the workspace's time zone) and its amount. */
typedef struct
{
  gint64 customer;
  gint64 day;
  double amount;
} McClvTransaction;

/* One customer over the calibration period, from the first purchase to the cutoff.
 * Purchases of one customer on one day count as one purchase day. */
typedef struct
{
  gint64 customer;
  double x;          /* repeat purchase days: purchase days after the first */
  double t_x;        /* recency: weeks from the first to the last purchase day */
  double T;          /* age: weeks from the first purchase day to the cutoff */
  double spend;      /* mean spend per repeat purchase day (0 when x = 0) */
} McClvSummary;

typedef struct
{
  double r, alpha, a, b;
  double log_likelihood;
  guint  n_customers;
  guint  evaluations;      /* of the log-likelihood, over all restarts */
} McClvBgNbd;

typedef struct
{
  double p, q, gamma;
  double log_likelihood;
  guint  n_customers;      /* those with x > 0 */
  guint  evaluations;
} McClvGammaGamma;

/* Inputs of the discounted CLV: monthly periods (a month is 365.25 / 12 days), a discount
 * rate per month, and the margin (share of revenue left after the cost of the goods). */
typedef struct
{
  guint  months;
  double monthly_discount;
  double margin;
} McClvValueInputs;

#define MC_CLV_WEEKS_PER_MONTH (365.25 / 12.0 / 7.0)

/* Sorts transactions (in place) and builds one summary per customer whose first purchase
 * is on or before cutoff_day; later transactions are ignored. */
GArray  *mc_clv_summaries_build          (McClvTransaction      *transactions,
                                          gsize                  n_transactions,
                                          gint64                 cutoff_day);

/* The orders of the workspace's live members made up to cutoff (unix seconds), net of the
 * refunds made up to cutoff, in yuan; days in the workspace's time zone. A summary's
 * customer is the member's rowid. */
GArray  *mc_clv_summaries_from_db        (McDb                  *db,
                                          gint64                 cutoff,
                                          GError               **error);

double   mc_clv_bgnbd_log_likelihood     (const McClvSummary    *summaries,
                                          gsize                  n,
                                          double                 r,
                                          double                 alpha,
                                          double                 a,
                                          double                 b);
gboolean mc_clv_bgnbd_fit                (const McClvSummary    *summaries,
                                          gsize                  n,
                                          McClvBgNbd            *model,
                                          GError               **error);
/* E[Y(t) | x, t_x, T]: the expected number of purchase days in the next t weeks. */
double   mc_clv_bgnbd_expected_purchases (const McClvBgNbd      *model,
                                          double                 t,
                                          double                 x,
                                          double                 t_x,
                                          double                 T);
double   mc_clv_bgnbd_p_alive            (const McClvBgNbd      *model,
                                          double                 x,
                                          double                 t_x,
                                          double                 T);

double   mc_clv_gamma_gamma_log_likelihood (const McClvSummary  *summaries,
                                            gsize                n,
                                            double               p,
                                            double               q,
                                            double               gamma);
gboolean mc_clv_gamma_gamma_fit          (const McClvSummary    *summaries,
                                          gsize                  n,
                                          McClvGammaGamma       *model,
                                          GError               **error);
/* E[M | x, m_x]: the expected spend per purchase day of a customer. */
double   mc_clv_gamma_gamma_expected_spend (const McClvGammaGamma *model,
                                            double               x,
                                            double               spend);

/* Sum over months m = 1..months of margin × spend × (E[Y(m)] − E[Y(m − 1)]) / (1 + i)^m. */
double   mc_clv_value                    (const McClvBgNbd      *bgnbd,
                                          const McClvGammaGamma *gg,
                                          const McClvValueInputs *inputs,
                                          const McClvSummary    *customer);

/* The Gaussian hypergeometric function 2F1(a, b; c; z) by its series, for |z| < 1. */
double   mc_clv_hyp2f1                   (double                 a,
                                          double                 b,
                                          double                 c,
                                          double                 z);

G_END_DECLS
