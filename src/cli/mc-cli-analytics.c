/* mc-cli-analytics.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * analytics clv: the BG/NBD and Gamma-Gamma models fitted to the workspace's orders, and
 * the members with the highest predicted CLV.
 */
#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mc-cli.h"
#include "mc-clv.h"
#include "mc-error.h"
#include "mc-validate.h"

typedef struct
{
  guint  index;     /* into the summaries */
  double clv;
} Ranked;

/* One number member of the JSON answer. */
static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

static int
compare_ranked (const void *pa,
                const void *pb)
{
  const Ranked *a = pa, *b = pb;

  if (a->clv != b->clv)
    return a->clv > b->clv ? -1 : 1;
  return a->index < b->index ? -1 : a->index > b->index;
}

static gboolean
parse_double (const char  *text,
              const char  *option,
              double       min,
              double       max,
              double      *out,
              GError     **error)
{
  char *end = NULL;
  double v;

  if (text == NULL)
    return TRUE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(v >= min && v <= max))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s wants a number from %g to %g, not “%s”."), option, min, max, text);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
run_clv (McCli   *cli,
         int      argc,
         char   **argv,
         GError **error)
{
  g_autofree char *as_of = NULL;
  g_autofree char *discount_text = NULL;
  g_autofree char *margin_text = NULL;
  int months = 12, top = 10;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, N_("Fit to the orders up to the end of this day (default now)"), N_("DATE") },
    { "months", 0, 0, G_OPTION_ARG_INT, &months, N_("Months of future purchases the CLV counts (default 12)"), N_("N") },
    { "discount", 0, 0, G_OPTION_ARG_STRING, &discount_text, N_("Discount rate per month (default 0.01)"), N_("RATE") },
    { "margin", 0, 0, G_OPTION_ARG_STRING, &margin_text, N_("Share of revenue left after the cost of goods (default 0.3)"), N_("SHARE") },
    { "top", 0, 0, G_OPTION_ARG_INT, &top, N_("How many members to list (default 10)"), N_("N") },
    { NULL }
  };
  McClvValueInputs inputs = { 12, 0.01, 0.3 };
  McClvBgNbd bgnbd = { 0 };
  McClvGammaGamma gg = { 0 };
  g_autoptr(GArray) summaries = NULL;
  g_autoptr(GTimer) timer = NULL;
  g_autofree Ranked *ranked = NULL;
  g_autofree char *as_of_text = NULL;
  const McClvSummary *s;
  gint64 cutoff;
  double fit_seconds;
  guint n, shown;

  if (!mc_cli_parse (cli, &argc, &argv, "",
                     _("Fit the purchase (BG/NBD) and spend (Gamma-Gamma) models to the members' orders "
                       "and list the members with the highest predicted lifetime value."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 0, "analytics clv [--as-of DATE] [--months N] [--discount RATE] "
                     "[--margin SHARE] [--top N]", error))
    return FALSE;
  if (months < 1 || months > 120)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--months wants a number from 1 to 120, not %d."), months);
      return FALSE;
    }
  if (top < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--top wants a number of members, not %d."), top);
      return FALSE;
    }
  inputs.months = months;
  if (!parse_double (discount_text, "--discount", 0.0, 1.0, &inputs.monthly_discount, error) ||
      !parse_double (margin_text, "--margin", 0.0, 1.0, &inputs.margin, error))
    return FALSE;
  cutoff = mc_db_now ();
  if (as_of != NULL && !mc_cli_parse_time (cli, as_of, TRUE, &cutoff, error))
    return FALSE;

  summaries = mc_clv_summaries_from_db (cli->db, cutoff, error);
  if (summaries == NULL)
    return FALSE;
  s = (const McClvSummary *) (const void *) summaries->data;
  n = summaries->len;
  timer = g_timer_new ();
  if (!mc_clv_bgnbd_fit (s, n, &bgnbd, error) ||
      !mc_clv_gamma_gamma_fit (s, n, &gg, error))
    return FALSE;
  if (gg.q <= 1.0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_FAILED,
                   _("The spend model has no finite mean (q = %.3f ≤ 1): the spends vary too much "
                     "between members for a CLV."), gg.q);
      return FALSE;
    }
  fit_seconds = g_timer_elapsed (timer, NULL);

  ranked = g_new (Ranked, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      ranked[i].index = i;
      ranked[i].clv = mc_clv_value (&bgnbd, &gg, &inputs, &s[i]);
    }
  qsort (ranked, n, sizeof *ranked, compare_ranked);
  shown = MIN ((guint) top, n);
  as_of_text = mc_cli_format_time (cli, cutoff);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      guint repeat = gg.n_customers;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "as_of");
      json_builder_add_int_value (b, cutoff);
      json_builder_set_member_name (b, "customers");
      json_builder_add_int_value (b, n);
      json_builder_set_member_name (b, "repeat_customers");
      json_builder_add_int_value (b, repeat);
      add_double (b, "fit_seconds", fit_seconds);
      json_builder_set_member_name (b, "bgnbd");
      json_builder_begin_object (b);
      add_double (b, "r", bgnbd.r);
      add_double (b, "alpha", bgnbd.alpha);
      add_double (b, "a", bgnbd.a);
      add_double (b, "b", bgnbd.b);
      add_double (b, "log_likelihood", bgnbd.log_likelihood);
      json_builder_set_member_name (b, "evaluations");
      json_builder_add_int_value (b, bgnbd.evaluations);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "gamma_gamma");
      json_builder_begin_object (b);
      add_double (b, "p", gg.p);
      add_double (b, "q", gg.q);
      add_double (b, "gamma", gg.gamma);
      add_double (b, "log_likelihood", gg.log_likelihood);
      json_builder_set_member_name (b, "evaluations");
      json_builder_add_int_value (b, gg.evaluations);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "inputs");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "months");
      json_builder_add_int_value (b, inputs.months);
      add_double (b, "monthly_discount", inputs.monthly_discount);
      add_double (b, "margin", inputs.margin);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "top");
      json_builder_begin_array (b);
      for (guint k = 0; k < shown; k++)
        {
          const McClvSummary *c = &s[ranked[k].index];
          g_autoptr(McMember) m = mc_member_load_rowid (cli->db, c->customer, error);

          if (m == NULL)
            return FALSE;
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, m->id);
          json_builder_set_member_name (b, "card_no");
          json_builder_add_string_value (b, m->card_no);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, m->name);
          json_builder_set_member_name (b, "x");
          json_builder_add_int_value (b, (gint64) c->x);
          add_double (b, "t_x_weeks", c->t_x);
          json_builder_set_member_name (b, "T_weeks");
          json_builder_add_double_value (b, c->T);
          add_double (b, "mean_spend_yuan", c->spend);
          add_double (b, "p_alive", mc_clv_bgnbd_p_alive (&bgnbd, c->x, c->t_x, c->T));
          add_double (b, "expected_purchases", mc_clv_bgnbd_expected_purchases (&bgnbd, inputs.months * MC_CLV_WEEKS_PER_MONTH,
                                                                              c->x, c->t_x, c->T));
          add_double (b, "expected_spend_yuan", mc_clv_gamma_gamma_expected_spend (&gg, c->x, c->spend));
          add_double (b, "clv_yuan", ranked[k].clv);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      mc_cli_print_json (node);
      return TRUE;
    }

  g_print ("%s\n", _("Member Console — customer lifetime value"));
  mc_cli_print_row (2, 26, "%s", _("Orders up to:"), as_of_text);
  mc_cli_print_row (2, 26, "%u", _("Members who bought:"), n);
  mc_cli_print_row (2, 26, "%u", _("With a repeat purchase:"), gg.n_customers);
  mc_cli_print_row (2, 26, "r = %.4f, α = %.4f, a = %.4f, b = %.4f", _("Purchases (BG/NBD):"),
                    bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b);
  mc_cli_print_row (2, 26, "%.2f", _("Log-likelihood:"), bgnbd.log_likelihood);
  mc_cli_print_row (2, 26, "p = %.4f, q = %.4f, γ = %.4f", _("Spend (Gamma-Gamma):"),
                    gg.p, gg.q, gg.gamma);
  mc_cli_print_row (2, 26, "%.2f", _("Log-likelihood:"), gg.log_likelihood);
  mc_cli_print_row (2, 26, _("%u months, %.2f%% a month, margin %.0f%%"), _("CLV counts:"),
                    inputs.months, inputs.monthly_discount * 100.0, inputs.margin * 100.0);
  mc_cli_print_row (2, 26, _("%.3f s"), _("Fit time:"), fit_seconds);
  if (shown == 0)
    return TRUE;
  g_print ("  %s\n", _("Highest predicted CLV:"));
  for (guint k = 0; k < shown; k++)
    {
      const McClvSummary *c = &s[ranked[k].index];
      g_autoptr(McMember) m = mc_member_load_rowid (cli->db, c->customer, error);
      g_autofree char *label = NULL;

      if (m == NULL)
        return FALSE;
      label = g_strdup_printf ("%s %s", m->card_no, m->name);
      mc_cli_print_row (4, 28, _("¥%.2f  (repeat days %.0f, P(alive) %.2f, ¥%.2f a purchase)"), label,
                        ranked[k].clv, c->x, mc_clv_bgnbd_p_alive (&bgnbd, c->x, c->t_x, c->T),
                        mc_clv_gamma_gamma_expected_spend (&gg, c->x, c->spend));
    }
  return TRUE;
}

const McCliCommand mc_cli_analytics_commands[] = {
  { "analytics clv", N_("Customer lifetime value: fit the purchase and spend models"), run_clv, FALSE },
  { NULL }
};
