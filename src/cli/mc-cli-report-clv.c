/* mc-cli-report-clv.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * report clv: the BG/NBD and Gamma-Gamma models fitted on the workspace's orders, or on a
 * transaction file without a workspace (--import-transactions), with the discounted CLV
 * and, with --members, each customer's expected purchases, P(alive) and CLV.
 */
#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-analytics-json.h"
#include "mc-cli-report.h"
#include "mc-clv-import.h"
#include "mc-error.h"

typedef enum
{
  MODEL_BOTH,
  MODEL_BGNBD,
  MODEL_GAMMA_GAMMA,
} Model;

static gboolean
parse_fraction (const char  *text,
                const char  *option,
                double      *out,
                GError     **error)
{
  char *end = NULL;
  double v;

  if (text == NULL)
    return TRUE;
  v = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !(v >= 0.0 && v <= 1.0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s wants a number from %g to %g, not “%s”."), option, 0.0, 1.0, text);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static void
add_double (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_double_value (b, value);
}

/* The id and card number of a workspace member, or the file's customer id. */
static char *
customer_label (McCli            *cli,
                GPtrArray        *names,
                gint64            customer,
                char            **card_no,
                GError          **error)
{
  g_autoptr(McMember) m = NULL;

  *card_no = NULL;
  if (names != NULL)
    return g_strdup (g_ptr_array_index (names, customer - 1));
  m = mc_member_load_rowid (cli->db, customer, error);
  if (m == NULL)
    return NULL;
  *card_no = g_strdup (m->card_no);
  return g_strdup (m->id);
}

gboolean
mc_cli_report_clv (McCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  g_autofree char *model_text = NULL, *import_path = NULL, *calibration_end = NULL, *as_of = NULL;
  g_autofree char *discount_text = NULL, *margin_text = NULL;
  gboolean members = FALSE;
  int months = 12, weeks = 0;
  GOptionEntry entries[] = {
    { "model", 0, 0, G_OPTION_ARG_STRING, &model_text, N_("bgnbd, gamma-gamma or both (default both, with the CLV)"), N_("MODEL") },
    { "members", 0, 0, G_OPTION_ARG_NONE, &members, N_("List every customer's expected purchases, P(alive) and CLV"), NULL },
    { "import-transactions", 0, 0, G_OPTION_ARG_FILENAME, &import_path, N_("Fit on a transaction file (customer, date, amount) instead of the workspace"), N_("FILE") },
    { "calibration-end", 0, 0, G_OPTION_ARG_STRING, &calibration_end, N_("With --import-transactions: the last day of the calibration period (default: the last purchase)"), N_("DATE") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of, N_("Fit to the orders up to the end of this day (default now)"), N_("DATE") },
    { "months", 0, 0, G_OPTION_ARG_INT, &months, N_("Months of future purchases the CLV counts (default 12)"), N_("N") },
    { "weeks", 0, 0, G_OPTION_ARG_INT, &weeks, N_("Weeks ahead for the expected purchases (default: the months of the CLV)"), N_("N") },
    { "discount", 0, 0, G_OPTION_ARG_STRING, &discount_text, N_("Discount rate per month (default 0.01)"), N_("RATE") },
    { "margin", 0, 0, G_OPTION_ARG_STRING, &margin_text, N_("Share of revenue left after the cost of goods (default 0.3)"), N_("SHARE") },
    { NULL }
  };
  const char *usage = "report clv [--model bgnbd|gamma-gamma|both] [--members] [--as-of DATE | "
                      "--import-transactions FILE [--calibration-end DATE]] [--months N] [--weeks N] [--discount RATE] [--margin SHARE]";
  McClvValueInputs inputs = { 12, 0.01, 0.3 };
  McClvBgNbd bgnbd = { 0 };
  McClvGammaGamma gg = { 0 };
  g_autoptr(GArray) summaries = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GTimer) timer = NULL;
  g_autofree double *clv = NULL;
  g_autofree char *cutoff_text = NULL;
  gboolean with_clv;
  const McClvSummary *s;
  double fit_seconds, total = 0, horizon;
  Model model = MODEL_BOTH;
  gint64 cutoff_day;
  guint n;

  if (!mc_cli_parse (cli, &argc, &argv, "",
                     _("Fit the purchase (BG/NBD) and spend (Gamma-Gamma) models to the members' orders, "
                       "or to a transaction file, and compute the discounted lifetime value."),
                     entries, error))
    return FALSE;
  if (model_text != NULL)
    {
      if (g_str_equal (model_text, "bgnbd"))
        model = MODEL_BGNBD;
      else if (g_str_equal (model_text, "gamma-gamma"))
        model = MODEL_GAMMA_GAMMA;
      else if (!g_str_equal (model_text, "both"))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not a model: use bgnbd, gamma-gamma or both."), model_text);
          return FALSE;
        }
    }
  if (months < 1 || months > 120)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--months wants a number from 1 to 120, not %d."), months);
      return FALSE;
    }
  if (weeks < 0 || weeks > 520)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--weeks wants a number from 1 to 520, not %d."), weeks);
      return FALSE;
    }
  inputs.months = (guint) months;
  if (!parse_fraction (discount_text, "--discount", &inputs.monthly_discount, error) ||
      !parse_fraction (margin_text, "--margin", &inputs.margin, error))
    return FALSE;
  if (calibration_end != NULL && import_path == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--calibration-end goes with --import-transactions; for the workspace use --as-of."));
      return FALSE;
    }

  if (import_path != NULL)
    {
      g_autoptr(GArray) tx = NULL;

      if (argc != 1 || as_of != NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                       _("Usage: member-console-cli %s (see --help)"), usage);
          return FALSE;
        }
      tx = mc_clv_transactions_read (import_path, &names, error);
      if (tx == NULL)
        return FALSE;
      if (calibration_end != NULL)
        {
          if (!mc_clv_parse_day (calibration_end, &cutoff_day))
            {
              g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--calibration-end wants a date as YYYY-MM-DD or YYYYMMDD, not “%s”."),
                           calibration_end);
              return FALSE;
            }
        }
      else
        {
          cutoff_day = G_MININT64;
          for (guint i = 0; i < tx->len; i++)
            cutoff_day = MAX (cutoff_day, g_array_index (tx, McClvTransaction, i).day);
        }
      summaries = mc_clv_summaries_build ((McClvTransaction *) (void *) tx->data, tx->len, cutoff_day);
      cutoff_text = mc_analytics_day_format ((gint32) cutoff_day);
    }
  else
    {
      gint64 cutoff = mc_db_now ();

      if (!mc_cli_begin (cli, argc, 0, usage, error))
        return FALSE;
      if (as_of != NULL && !mc_cli_parse_time (cli, as_of, TRUE, &cutoff, error))
        return FALSE;
      summaries = mc_clv_summaries_from_db (cli->db, cutoff, error);
      if (summaries == NULL)
        return FALSE;
      cutoff_text = mc_analytics_day_format (mc_analytics_local_day (mc_db_get_time_zone (cli->db), cutoff));
    }

  s = (const McClvSummary *) (const void *) summaries->data;
  n = summaries->len;
  timer = g_timer_new ();
  if ((model != MODEL_GAMMA_GAMMA && !mc_clv_bgnbd_fit (s, n, &bgnbd, error)) ||
      (model != MODEL_BGNBD && !mc_clv_gamma_gamma_fit (s, n, &gg, error)))
    return FALSE;
  fit_seconds = g_timer_elapsed (timer, NULL);
  with_clv = model == MODEL_BOTH && gg.q > 1.0;
  horizon = weeks > 0 ? weeks : inputs.months * MC_CLV_WEEKS_PER_MONTH;
  clv = g_new0 (double, MAX (n, 1));
  if (with_clv)
    for (guint i = 0; i < n; i++)
      total += clv[i] = mc_clv_value (&bgnbd, &gg, &inputs, &s[i]);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "source");
      json_builder_add_string_value (b, import_path != NULL ? "file" : "workspace");
      json_builder_set_member_name (b, "calibration_end");
      json_builder_add_string_value (b, cutoff_text);
      json_builder_set_member_name (b, "customers");
      json_builder_add_int_value (b, n);
      add_double (b, "fit_seconds", fit_seconds);
      add_double (b, "horizon_weeks", horizon);
      if (model != MODEL_BOTH)
        {
          json_builder_set_member_name (b, "model");
          json_builder_add_string_value (b, model == MODEL_BGNBD ? "bgnbd" : "gamma-gamma");
          json_builder_set_member_name (b, "params");
          json_builder_add_value (b, model == MODEL_BGNBD ? mc_clv_bgnbd_params_to_json (&bgnbd)
                                                          : mc_clv_gamma_gamma_params_to_json (&gg));
          add_double (b, "log_likelihood", model == MODEL_BGNBD ? bgnbd.log_likelihood : gg.log_likelihood);
          if (model == MODEL_GAMMA_GAMMA)
            {
              json_builder_set_member_name (b, "repeat_customers");
              json_builder_add_int_value (b, gg.n_customers);
            }
        }
      else
        {
          json_builder_set_member_name (b, "bgnbd");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "params");
          json_builder_add_value (b, mc_clv_bgnbd_params_to_json (&bgnbd));
          add_double (b, "log_likelihood", bgnbd.log_likelihood);
          json_builder_end_object (b);
          json_builder_set_member_name (b, "gamma_gamma");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "params");
          json_builder_add_value (b, mc_clv_gamma_gamma_params_to_json (&gg));
          add_double (b, "log_likelihood", gg.log_likelihood);
          json_builder_set_member_name (b, "repeat_customers");
          json_builder_add_int_value (b, gg.n_customers);
          json_builder_end_object (b);
          json_builder_set_member_name (b, "clv");
          if (with_clv)
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "months");
              json_builder_add_int_value (b, inputs.months);
              add_double (b, "monthly_discount", inputs.monthly_discount);
              add_double (b, "margin", inputs.margin);
              add_double (b, "total_yuan", total);
              add_double (b, "mean_yuan", n > 0 ? total / n : 0.0);
              json_builder_end_object (b);
            }
          else
            json_builder_add_null_value (b);
        }
      if (members && model != MODEL_GAMMA_GAMMA)
        {
          json_builder_set_member_name (b, "members");
          json_builder_begin_array (b);
          for (guint i = 0; i < n; i++)
            {
              g_autofree char *card_no = NULL;
              g_autofree char *id = customer_label (cli, names, s[i].customer, &card_no, error);

              if (id == NULL)
                return FALSE;
              json_builder_begin_object (b);
              json_builder_set_member_name (b, names != NULL ? "customer" : "id");
              json_builder_add_string_value (b, id);
              if (card_no != NULL)
                {
                  json_builder_set_member_name (b, "card_no");
                  json_builder_add_string_value (b, card_no);
                }
              add_double (b, "x", s[i].x);
              add_double (b, "t_x_weeks", s[i].t_x);
              add_double (b, "T_weeks", s[i].T);
              add_double (b, "expected_purchases",
                          mc_clv_bgnbd_expected_purchases (&bgnbd, horizon, s[i].x, s[i].t_x, s[i].T));
              add_double (b, "p_alive", mc_clv_bgnbd_p_alive (&bgnbd, s[i].x, s[i].t_x, s[i].T));
              if (with_clv)
                add_double (b, "clv_yuan", clv[i]);
              json_builder_end_object (b);
            }
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      mc_cli_print_json (node);
      return TRUE;
    }

  g_print ("%s\n", _("Member Console — customer lifetime value"));
  mc_cli_print_row (2, 26, "%s", _("Calibration ends:"), cutoff_text);
  mc_cli_print_row (2, 26, "%u", _("Customers:"), n);
  if (model != MODEL_GAMMA_GAMMA)
    {
      mc_cli_print_row (2, 26, "r = %.4f, α = %.4f, a = %.4f, b = %.4f", _("Purchases (BG/NBD):"),
                        bgnbd.r, bgnbd.alpha, bgnbd.a, bgnbd.b);
      mc_cli_print_row (2, 26, "%.2f", _("Log-likelihood:"), bgnbd.log_likelihood);
    }
  if (model != MODEL_BGNBD)
    {
      mc_cli_print_row (2, 26, "%u", _("With a repeat purchase:"), gg.n_customers);
      mc_cli_print_row (2, 26, "p = %.4f, q = %.4f, γ = %.4f", _("Spend (Gamma-Gamma):"), gg.p, gg.q, gg.gamma);
      mc_cli_print_row (2, 26, "%.2f", _("Log-likelihood:"), gg.log_likelihood);
    }
  if (with_clv)
    {
      mc_cli_print_row (2, 26, _("%u months, %.2f%% a month, margin %.0f%%"), _("CLV counts:"),
                        inputs.months, inputs.monthly_discount * 100.0, inputs.margin * 100.0);
      mc_cli_print_row (2, 26, "%.2f", _("Mean CLV:"), n > 0 ? total / n : 0.0);
    }
  mc_cli_print_row (2, 26, _("%.3f s"), _("Fit time:"), fit_seconds);
  if (members && model != MODEL_GAMMA_GAMMA)
    {
      g_print ("  %-24s %6s %9s %9s %10s %8s %10s\n", _("Customer"), "x", "t_x", "T",
               _("Expected"), "P(alive)", "CLV");
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *card_no = NULL;
          g_autofree char *id = customer_label (cli, names, s[i].customer, &card_no, error);

          if (id == NULL)
            return FALSE;
          g_print ("  %-24s %6.0f %9.2f %9.2f %10.3f %8.3f %10.2f\n", card_no != NULL ? card_no : id,
                   s[i].x, s[i].t_x, s[i].T,
                   mc_clv_bgnbd_expected_purchases (&bgnbd, horizon, s[i].x, s[i].t_x, s[i].T),
                   mc_clv_bgnbd_p_alive (&bgnbd, s[i].x, s[i].t_x, s[i].T), clv[i]);
        }
    }
  return TRUE;
}
