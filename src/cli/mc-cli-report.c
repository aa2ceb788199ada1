/* mc-cli-report.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * report kpis|retention|cohorts|rfm|churn: the analytics over a date range, a store and a
 * tier, as tables or --json (the same JSON builders as any other reader). report clv is
 * in mc-cli-report-clv.c.
 */
#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mc-analytics-json.h"
#include "mc-cli-report.h"
#include "mc-error.h"

void
mc_cli_report_add_filter_entries (GOptionEntry       *entries,
                                  McCliReportOptions *options)
{
  GOptionEntry filter[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &options->as_of, N_("Count what was recorded up to the end of this day (default: --to, or now)"), N_("DATE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options->from, N_("First day of the range (default: from the start)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options->to, N_("Last day of the range (default: --as-of)"), N_("DATE") },
    { "store", 0, 0, G_OPTION_ARG_STRING, &options->store, N_("Only members of this home store (name or id)"), N_("STORE") },
    { "tier", 0, 0, G_OPTION_ARG_STRING, &options->tier, N_("Only members holding this tier (code)"), N_("TIER") },
    { NULL }
  };
  guint n = 0;

  while (entries[n].long_name != NULL)
    n++;
  for (guint i = 0; i < G_N_ELEMENTS (filter); i++)
    entries[n + i] = filter[i];
}

gboolean
mc_cli_report_filter (McCli              *cli,
                      McCliReportOptions *options,
                      McAnalyticsFilter  *filter,
                      GError            **error)
{
  memset (filter, 0, sizeof *filter);
  if ((options->as_of != NULL && !mc_cli_parse_time (cli, options->as_of, TRUE, &filter->as_of, error)) ||
      (options->from != NULL && !mc_cli_parse_time (cli, options->from, FALSE, &filter->from, error)) ||
      (options->to != NULL && !mc_cli_parse_time (cli, options->to, TRUE, &filter->to, error)))
    return FALSE;
  filter->store_id = options->store;
  filter->tier = options->tier;
  return TRUE;
}

void
mc_cli_report_options_clear (McCliReportOptions *options)
{
  g_clear_pointer (&options->as_of, g_free);
  g_clear_pointer (&options->from, g_free);
  g_clear_pointer (&options->to, g_free);
  g_clear_pointer (&options->store, g_free);
  g_clear_pointer (&options->tier, g_free);
}

void
mc_cli_report_progress (double   fraction,
                        gpointer user_data)
{
  McCli *cli = user_data;

  if (cli->progress)
    {
      fprintf (stderr, "\r%3d%%", (int) (fraction * 100.0 + 0.5));
      if (fraction >= 1.0)
        fprintf (stderr, "\r    \r");
      fflush (stderr);
    }
}

char *
mc_cli_report_percent (double rate)
{
  if (!isfinite (rate))
    return g_strdup ("-");
  return g_strdup_printf ("%.1f%%", rate * 100.0);
}

char *
mc_cli_report_money (double fen)
{
  g_autofree char *digits = NULL;
  GString *out;
  gint64 cents;
  gsize len;

  if (!isfinite (fen))
    return g_strdup ("-");
  cents = (gint64) llround (fen);
  digits = g_strdup_printf ("%" G_GINT64_FORMAT, (cents < 0 ? -cents : cents) / 100);
  out = g_string_new (cents < 0 ? "-¥" : "¥");
  len = strlen (digits);
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }
  g_string_append_printf (out, ".%02d", (int) ((cents < 0 ? -cents : cents) % 100));
  return g_string_free (out, FALSE);
}

static void
print_json (JsonNode *node)
{
  mc_cli_print_json (node);
  json_node_unref (node);
}

/* Parses the command line, opens the workspace and makes the filter. */
static gboolean
report_begin (McCli              *cli,
              int                *argc,
              char             ***argv,
              GOptionEntry       *entries,
              McCliReportOptions *options,
              const char         *summary,
              const char         *usage,
              McAnalyticsFilter  *filter,
              GError            **error)
{
  mc_cli_report_add_filter_entries (entries, options);
  return mc_cli_parse (cli, argc, argv, "", summary, entries, error) &&
         mc_cli_begin (cli, *argc, 0, usage, error) &&
         mc_cli_report_filter (cli, options, filter, error);
}

static McAnalyticsData *
report_load (McCli                   *cli,
             const McAnalyticsFilter *filter,
             McAnalyticsParts         parts,
             GError                 **error)
{
  return mc_analytics_data_load (cli->db, filter, parts, mc_cli_report_progress, cli, NULL, error);
}

static gboolean
run_kpis (McCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  g_auto(McCliReportOptions) options = { 0 };
  g_autofree char *cac_text = NULL;
  GOptionEntry entries[8] = {
    { "cac", 0, 0, G_OPTION_ARG_STRING, &cac_text, N_("Cost of acquiring a member, in yuan: adds LTV and LTV/CAC"), N_("YUAN") },
    { NULL }
  };
  McAnalyticsFilter filter;
  g_autoptr(McAnalyticsData) data = NULL;
  g_autoptr(McKpis) k = NULL;
  double cac_fen = NAN;
  g_autofree char *from = NULL, *to = NULL;

  if (!report_begin (cli, &argc, &argv, entries, &options,
                     _("The programme's key figures over a date range."),
                     "report kpis [--from DATE] [--to DATE] [--as-of DATE] [--store S] [--tier T] [--cac YUAN]",
                     &filter, error))
    return FALSE;
  if (cac_text != NULL)
    {
      char *end = NULL;
      double cac = g_ascii_strtod (cac_text, &end);

      if (end == cac_text || *end != '\0' || !(cac > 0))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--cac wants an amount in yuan above 0, not “%s”."), cac_text);
          return FALSE;
        }
      cac_fen = cac * 100.0;
    }
  data = report_load (cli, &filter, MC_ANALYTICS_ALL, error);
  if (data == NULL)
    return FALSE;
  k = mc_kpis_compute (data, cac_fen);
  if (cli->json)
    {
      print_json (mc_kpis_to_json (k));
      return TRUE;
    }

  from = mc_analytics_day_format (k->from_day);
  to = mc_analytics_day_format (k->to_day);
  g_print ("%s\n", _("Member Console — key figures"));
  mc_cli_print_row (2, 30, "%s – %s", _("Range:"), from, to);
#define MONEY(label, fen) G_STMT_START { g_autofree char *v = mc_cli_report_money (fen); \
    mc_cli_print_row (2, 30, "%s", label, v); } G_STMT_END
#define PERCENT(label, rate) G_STMT_START { g_autofree char *v = mc_cli_report_percent (rate); \
    mc_cli_print_row (2, 30, "%s", label, v); } G_STMT_END
  mc_cli_print_row (2, 30, "%" G_GINT64_FORMAT, _("Members:"), k->members);
  mc_cli_print_row (2, 30, "%" G_GINT64_FORMAT, _("New members:"), k->new_members);
  mc_cli_print_row (2, 30, "%" G_GINT64_FORMAT, _("Active members:"), k->active_members);
  mc_cli_print_row (2, 30, "%" G_GINT64_FORMAT, _("Active in the last 30 days:"), k->mau);
  PERCENT (_("Active share (MAU / members):"), k->active_share);
  mc_cli_print_row (2, 30, "%" G_GINT64_FORMAT, _("Purchases:"), k->orders);
  MONEY (_("Revenue:"), (double) k->revenue_fen);
  MONEY (_("ARPU:"), k->arpu_fen);
  PERCENT (_("Repurchase rate:"), k->repurchase_rate);
  MONEY (_("Average order:"), k->average_order_fen);
  if (isfinite (k->purchase_interval_days))
    mc_cli_print_row (2, 30, _("%.1f days"), _("Purchase interval:"), k->purchase_interval_days);
  else
    mc_cli_print_row (2, 30, "-", _("Purchase interval:"));
  mc_cli_print_row (2, 30, "%" G_GINT64_FORMAT, _("Points issued:"), k->points_issued);
  mc_cli_print_row (2, 30, "%" G_GINT64_FORMAT, _("Points redeemed:"), k->points_redeemed);
  mc_cli_print_row (2, 30, "%" G_GINT64_FORMAT, _("Points expired:"), k->points_expired);
  mc_cli_print_row (2, 30, "%" G_GINT64_FORMAT, _("Points outstanding:"), k->points_outstanding);
  MONEY (_("Points liability:"), (double) k->points_liability_fen);
  PERCENT (_("Benefit usage rate:"), k->benefit_usage_rate);
  PERCENT (_("Paid-plan renewal rate:"), k->renewal_rate);
  MONEY (_("Member sales:"), (double) k->member_sales_fen);
  MONEY (_("Non-member sales:"), (double) k->anonymous_sales_fen);
  PERCENT (_("Member share of sales:"), k->member_sales_share);
  if (!isnan (k->cac_fen))
    {
      MONEY (_("LTV (predicted CLV):"), k->ltv_fen);
      if (isfinite (k->ltv_cac))
        mc_cli_print_row (2, 30, "%.2f", _("LTV / CAC:"), k->ltv_cac);
      else
        mc_cli_print_row (2, 30, "-", _("LTV / CAC:"));
    }
#undef MONEY
#undef PERCENT
  return TRUE;
}

static gboolean
run_retention (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_auto(McCliReportOptions) options = { 0 };
  int days = 14;
  GOptionEntry entries[8] = {
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("How many of the latest join days to list (default 14)"), N_("N") },
    { NULL }
  };
  McAnalyticsFilter filter;
  g_autoptr(McRetention) r = NULL;
  g_autofree char *d1 = NULL, *d7 = NULL, *d30 = NULL;

  if (!report_begin (cli, &argc, &argv, entries, &options,
                     _("D1, D7 and D30 retention of the members by the day they joined."),
                     "report retention [--from DATE] [--to DATE] [--as-of DATE] [--store S] [--tier T] [--days N]",
                     &filter, error))
    return FALSE;
  r = mc_retention_run (cli->db, &filter, mc_cli_report_progress, cli, NULL, error);
  if (r == NULL)
    return FALSE;
  if (cli->json)
    {
      print_json (mc_retention_to_json (r));
      return TRUE;
    }
  d1 = mc_cli_report_percent (r->d1);
  d7 = mc_cli_report_percent (r->d7);
  d30 = mc_cli_report_percent (r->d30);
  g_print ("%s\n", _("Member Console — retention by join day"));
  mc_cli_print_row (2, 12, "%s", "D1:", d1);
  mc_cli_print_row (2, 12, "%s", "D7:", d7);
  mc_cli_print_row (2, 12, "%s", "D30:", d30);
  if (r->n_days > 0 && days > 0)
    {
      g_print ("  %-12s %8s %8s %8s %8s\n", _("Joined on"), _("Members"), "D1", "D7", "D30");
      for (guint i = r->n_days > (guint) days ? r->n_days - (guint) days : 0; i < r->n_days; i++)
        {
          const McRetentionDay *d = &r->days[i];
          g_autofree char *day = mc_analytics_day_format (d->join_day);
          g_autofree char *a = d->d1_known ? mc_cli_report_percent ((double) d->d1 / d->joined) : g_strdup ("-");
          g_autofree char *b = d->d7_known ? mc_cli_report_percent ((double) d->d7 / d->joined) : g_strdup ("-");
          g_autofree char *c = d->d30_known ? mc_cli_report_percent ((double) d->d30 / d->joined) : g_strdup ("-");

          g_print ("  %-12s %8" G_GINT64_FORMAT " %8s %8s %8s\n", day, d->joined, a, b, c);
        }
    }
  return TRUE;
}

static gboolean
run_cohorts (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_auto(McCliReportOptions) options = { 0 };
  GOptionEntry entries[7] = { { NULL } };
  McAnalyticsFilter filter;
  g_autoptr(McRetention) r = NULL;
  guint width = 0;

  if (!report_begin (cli, &argc, &argv, entries, &options,
                     _("Monthly cohorts: of the members who joined in a month, the share active in each month after."),
                     "report cohorts [--from DATE] [--to DATE] [--as-of DATE] [--store S] [--tier T]",
                     &filter, error))
    return FALSE;
  r = mc_retention_run (cli->db, &filter, mc_cli_report_progress, cli, NULL, error);
  if (r == NULL)
    return FALSE;
  if (cli->json)
    {
      print_json (mc_cohorts_to_json (r));
      return TRUE;
    }
  g_print ("%s\n", _("Member Console — monthly cohorts (share of the cohort active in month +k)"));
  for (guint c = 0; c < r->n_cohorts; c++)
    width = MAX (width, r->cohorts[c].n_months);
  g_print ("  %-8s %8s", _("Cohort"), _("Members"));
  for (guint k = 0; k < width; k++)
    {
      char head[16];

      g_snprintf (head, sizeof head, "+%u", k);
      g_print (" %6s", head);
    }
  g_print ("\n");
  for (guint c = 0; c < r->n_cohorts; c++)
    {
      const McCohort *cohort = &r->cohorts[c];

      g_print ("  %04d-%02d  %8" G_GINT64_FORMAT, cohort->month / 12, cohort->month % 12 + 1, cohort->size);
      for (guint k = 0; k < cohort->n_months; k++)
        {
          if (isfinite (cohort->share[k]))
            g_print (" %5.1f%%", cohort->share[k] * 100.0);
          else
            g_print (" %6s", "-");
        }
      g_print ("\n");
    }
  return TRUE;
}

/* "a,b,c,d": four ascending numbers */
static gboolean
parse_thresholds (const char  *text,
                  const char  *option,
                  double      *out,
                  GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  gboolean ok = g_strv_length (parts) == 4;

  for (guint i = 0; ok && i < 4; i++)
    {
      char *end = NULL;

      out[i] = g_ascii_strtod (g_strstrip (parts[i]), &end);
      ok = end != parts[i] && *end == '\0' && out[i] >= 0 && (i == 0 || out[i] >= out[i - 1]);
    }
  if (!ok)
    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("%s wants four ascending numbers separated by commas, not “%s”."), option, text);
  return ok;
}

static gboolean
run_rfm (McCli   *cli,
         int      argc,
         char   **argv,
         GError **error)
{
  g_auto(McCliReportOptions) options = { 0 };
  g_autofree char *r_text = NULL, *f_text = NULL, *m_text = NULL, *compare = NULL;
  GOptionEntry entries[11] = {
    { "r-thresholds", 0, 0, G_OPTION_ARG_STRING, &r_text, N_("Recency in days for the scores 5, 4, 3, 2 (instead of quintiles)"), N_("D1,D2,D3,D4") },
    { "f-thresholds", 0, 0, G_OPTION_ARG_STRING, &f_text, N_("Purchases needed for the scores 2, 3, 4, 5"), N_("N1,N2,N3,N4") },
    { "m-thresholds", 0, 0, G_OPTION_ARG_STRING, &m_text, N_("Spend in yuan needed for the scores 2, 3, 4, 5"), N_("Y1,Y2,Y3,Y4") },
    { "compare", 0, 0, G_OPTION_ARG_STRING, &compare, N_("Also show how members moved between segments from this day to the end of the range"), N_("DATE") },
    { NULL }
  };
  McAnalyticsFilter filter;
  McRfmOptions rfm_options = { 0 };
  g_autoptr(McAnalyticsData) data = NULL;
  g_autoptr(McRfm) rfm = NULL;
  g_autoptr(McRfmMigration) migration = NULL;
  gint64 compare_at = 0;

  if (!report_begin (cli, &argc, &argv, entries, &options,
                     _("RFM: recency, frequency and money scored 1 to 5, and the 8 classic segments."),
                     "report rfm [--from DATE] [--to DATE] [--as-of DATE] [--store S] [--tier T] "
                     "[--r-thresholds D1,D2,D3,D4 --f-thresholds N1,.. --m-thresholds Y1,..] [--compare DATE]",
                     &filter, error))
    return FALSE;
  if (r_text != NULL || f_text != NULL || m_text != NULL)
    {
      if (r_text == NULL || f_text == NULL || m_text == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("Thresholds replace quintiles for all three scores: give --r-thresholds, "
                         "--f-thresholds and --m-thresholds together."));
          return FALSE;
        }
      if (!parse_thresholds (r_text, "--r-thresholds", rfm_options.r, error) ||
          !parse_thresholds (f_text, "--f-thresholds", rfm_options.f, error) ||
          !parse_thresholds (m_text, "--m-thresholds", rfm_options.m, error))
        return FALSE;
      for (guint i = 0; i < 4; i++)
        rfm_options.m[i] *= 100.0;   /* yuan to fen */
      rfm_options.use_thresholds = TRUE;
    }
  if (compare != NULL && !mc_cli_parse_time (cli, compare, TRUE, &compare_at, error))
    return FALSE;
  data = report_load (cli, &filter, MC_ANALYTICS_SALES, error);
  if (data == NULL)
    return FALSE;
  rfm = mc_rfm_compute (data, &rfm_options);
  if (compare != NULL)
    {
      gint32 first = mc_analytics_local_day (mc_db_get_time_zone (cli->db), compare_at);
      gint32 window = data->from_day == G_MININT32 ? data->to_day - first + 1
                                                   : data->to_day - data->from_day + 1;

      if (first >= data->to_day)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--compare wants a day before the end of the range."));
          return FALSE;
        }
      migration = mc_rfm_migration_compute (data, &rfm_options, first, data->to_day, MAX (window, 1));
    }

  if (cli->json)
    {
      JsonNode *node = mc_rfm_to_json (rfm);

      if (migration != NULL)
        json_object_set_member (json_node_get_object (node), "migration",
                                mc_rfm_migration_to_json (migration));
      print_json (node);
      return TRUE;
    }
  g_print ("%s\n", _("Member Console — RFM segments"));
  mc_cli_print_row (2, 24, "%u", _("Members who bought:"), rfm->n);
  mc_cli_print_row (2, 24, "R %.2f, F %.2f, M %.2f", _("Mean scores:"), rfm->mean_r, rfm->mean_f, rfm->mean_m);
  {
    g_autofree char *head = mc_cli_pad (_("Segment"), 24);

    g_print ("  %s %10s %16s %8s\n", head, _("Members"), _("Revenue"), _("Share"));
  }
  for (guint s = 0; s < MC_RFM_N_SEGMENTS; s++)
    {
      g_autofree char *name = mc_cli_pad (mc_rfm_segment_display (s), 24);
      g_autofree char *money = mc_cli_report_money ((double) rfm->segment_revenue_fen[s]);
      g_autofree char *share = mc_cli_report_percent (rfm->n > 0 ? (double) rfm->segment_members[s] / rfm->n : NAN);

      g_print ("  %s %10" G_GINT64_FORMAT " %16s %8s\n", name, rfm->segment_members[s], money, share);
    }
  if (migration != NULL)
    {
      g_autofree char *first = mc_analytics_day_format (migration->first_day);
      g_autofree char *second = mc_analytics_day_format (migration->second_day);

      g_print ("\n  ");
      g_print (_("Moves between segments, %s → %s (windows of %d days):"), first, second, migration->window_days);
      g_print ("\n");
      for (guint a = 0; a <= MC_RFM_N_SEGMENTS; a++)
        for (guint b = 0; b <= MC_RFM_N_SEGMENTS; b++)
          if (a != b && migration->members[a][b] > 0)
            {
              g_autofree char *label = g_strdup_printf ("%s → %s", mc_rfm_segment_display (a),
                                                        mc_rfm_segment_display (b));

              mc_cli_print_row (4, 44, "%" G_GINT64_FORMAT, label, migration->members[a][b]);
            }
    }
  return TRUE;
}

static gboolean
parse_group (const char    *text,
             McChurnGroup  *group,
             GError       **error)
{
  for (guint g = 0; g < MC_CHURN_N_GROUPS; g++)
    if (g_strcmp0 (text, mc_churn_group_name (g)) == 0)
      {
        *group = g;
        return TRUE;
      }
  if (g_strcmp0 (text, "all") == 0)
    {
      *group = MC_CHURN_GROUP_NONE;
      return TRUE;
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("“%s” is not a recall group: use high_value_dormant, general, low_value or all."), text);
  return FALSE;
}

static gboolean
run_churn (McCli   *cli,
           int      argc,
           char   **argv,
           GError **error)
{
  g_auto(McCliReportOptions) options = { 0 };
  g_autofree char *export_path = NULL, *group_text = NULL;
  McChurnOptions churn_options = MC_CHURN_OPTIONS_INIT;
  int dormant = 90, period = 90;
  GOptionEntry entries[11] = {
    { "dormant-days", 0, 0, G_OPTION_ARG_INT, &dormant, N_("Days without activity that make a member dormant (default 90)"), N_("N") },
    { "period-days", 0, 0, G_OPTION_ARG_INT, &period, N_("Length of the two periods compared for falling activity (default 90)"), N_("N") },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export_path, N_("Write the members of a recall group who consented to marketing to this CSV file"), N_("FILE") },
    { "group", 0, 0, G_OPTION_ARG_STRING, &group_text, N_("The group to export: high_value_dormant, general, low_value or all (default all)"), N_("GROUP") },
    { NULL }
  };
  McAnalyticsFilter filter;
  McChurnGroup group = MC_CHURN_GROUP_NONE;
  g_autoptr(McAnalyticsData) data = NULL;
  g_autoptr(McChurn) churn = NULL;
  gint64 exported = -1;

  if (!report_begin (cli, &argc, &argv, entries, &options,
                     _("Churn risk: members with a warning signal, their P(alive), and the recall groups."),
                     "report churn [--as-of DATE] [--store S] [--tier T] [--dormant-days N] [--period-days N] "
                     "[--export FILE [--group GROUP]]",
                     &filter, error))
    return FALSE;
  if (dormant < 1 || dormant > 3650 || period < 1 || period > 3650)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--dormant-days and --period-days want a number of days from 1 to 3650."));
      return FALSE;
    }
  if (group_text != NULL && !parse_group (group_text, &group, error))
    return FALSE;
  churn_options.dormant_days = (guint) dormant;
  churn_options.period_days = (guint) period;
  data = report_load (cli, &filter, MC_ANALYTICS_ALL, error);
  if (data == NULL)
    return FALSE;
  churn = mc_churn_compute (data, &churn_options, NULL);
  if (export_path != NULL)
    {
      exported = mc_churn_export (cli->db, data, churn, group, export_path, error);
      if (exported < 0)
        return FALSE;
    }
  if (cli->json)
    {
      JsonNode *node = mc_churn_to_json (churn);

      if (exported >= 0)
        json_object_set_int_member (json_node_get_object (node), "exported", exported);
      print_json (node);
      return TRUE;
    }
  g_print ("%s\n", _("Member Console — churn risk"));
  mc_cli_print_row (2, 34, "%u", _("Members:"), churn->n);
  mc_cli_print_row (2, 34, "%" G_GINT64_FORMAT, _("No activity for the dormant days:"), churn->signal_members[0]);
  mc_cli_print_row (2, 34, "%" G_GINT64_FORMAT, _("Activity down by half or more:"), churn->signal_members[1]);
  if (churn->benefit_signal_used)
    mc_cli_print_row (2, 34, "%" G_GINT64_FORMAT, _("Benefit usage under 20%:"), churn->signal_members[2]);
  else
    mc_cli_print_row (2, 34, "%s", _("Benefit usage under 20%:"), _("- (no benefits offered)"));
  mc_cli_print_row (2, 34, "%" G_GINT64_FORMAT, _("P(alive) under 0.5:"), churn->signal_members[3]);
  {
    g_autofree char *head = mc_cli_pad (_("Recall group"), 24);

    g_print ("  %s %10s %10s %16s\n", head, _("Members"), _("Consented"), _("Spend"));
  }
  for (guint g = MC_CHURN_GROUP_HIGH_VALUE_DORMANT; g < MC_CHURN_N_GROUPS; g++)
    {
      g_autofree char *name = mc_cli_pad (mc_churn_group_display (g), 24);
      g_autofree char *money = mc_cli_report_money ((double) churn->group_spend_fen[g]);

      g_print ("  %s %10" G_GINT64_FORMAT " %10" G_GINT64_FORMAT " %16s\n", name,
               churn->group_members[g], churn->group_consented[g], money);
    }
  if (exported >= 0)
    {
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, exported);

      g_print ("  ");
      g_print (g_dngettext (NULL, "Wrote %s consenting member to %s.", "Wrote %s consenting members to %s.",
                            (gulong) exported),
               count, export_path);
      g_print ("\n");
    }
  return TRUE;
}

/* KPIs, monthly cohorts and RFM from one read of the workspace (what a dashboard shows). */
static gboolean
run_all (McCli   *cli,
         int      argc,
         char   **argv,
         GError **error)
{
  g_auto(McCliReportOptions) options = { 0 };
  GOptionEntry entries[7] = { { NULL } };
  McAnalyticsFilter filter;
  g_autoptr(McAnalyticsData) data = NULL;
  g_autoptr(McKpis) k = NULL;
  g_autoptr(McRetention) r = NULL;
  g_autoptr(McRfm) rfm = NULL;
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!report_begin (cli, &argc, &argv, entries, &options,
                     _("The key figures, the monthly cohorts and the RFM segments from one read of the workspace."),
                     "report all [--from DATE] [--to DATE] [--as-of DATE] [--store S] [--tier T]",
                     &filter, error))
    return FALSE;
  data = report_load (cli, &filter, MC_ANALYTICS_ALL, error);
  if (data == NULL)
    return FALSE;
  k = mc_kpis_compute (data, NAN);
  r = mc_retention_compute (data);
  rfm = mc_rfm_compute (data, NULL);
  if (!cli->json)
    {
      g_autofree char *revenue = mc_cli_report_money ((double) k->revenue_fen);
      g_autofree char *share = mc_cli_report_percent (k->active_share);

      g_print ("%s\n", _("Member Console — key figures, cohorts and RFM"));
      mc_cli_print_row (2, 24, "%" G_GINT64_FORMAT, _("Members:"), k->members);
      mc_cli_print_row (2, 24, "%s", _("Revenue:"), revenue);
      mc_cli_print_row (2, 24, "%s", _("Active share (MAU / members):"), share);
      mc_cli_print_row (2, 24, "%u", _("Monthly cohorts:"), r->n_cohorts);
      for (guint s = 0; s < MC_RFM_N_SEGMENTS; s++)
        mc_cli_print_row (2, 24, "%" G_GINT64_FORMAT, mc_rfm_segment_display (s), rfm->segment_members[s]);
      return TRUE;
    }
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kpis");
  json_builder_add_value (b, mc_kpis_to_json (k));
  json_builder_set_member_name (b, "cohorts");
  json_builder_add_value (b, json_object_dup_member (json_node_get_object (node = mc_cohorts_to_json (r)), "cohorts"));
  json_builder_set_member_name (b, "rfm");
  json_builder_add_value (b, mc_rfm_to_json (rfm));
  json_builder_end_object (b);
  g_clear_pointer (&node, json_node_unref);
  node = json_builder_get_root (b);
  mc_cli_print_json (node);
  return TRUE;
}

const McCliCommand mc_cli_report_commands[] = {
  { "report all", N_("Key figures, monthly cohorts and RFM from one read"), run_all, FALSE },
  { "report kpis", N_("Key figures over a date range"), run_kpis, FALSE },
  { "report retention", N_("D1, D7 and D30 retention by join day"), run_retention, FALSE },
  { "report cohorts", N_("Monthly cohorts: share of each join month active after"), run_cohorts, FALSE },
  { "report rfm", N_("RFM scores and the 8 segments, and moves between them"), run_rfm, FALSE },
  { "report churn", N_("Churn signals, P(alive) and recall groups, with a consented-only export"), run_churn, FALSE },
  { "report clv", N_("CLV models (BG/NBD, Gamma-Gamma) on the workspace or a transaction file"), mc_cli_report_clv, FALSE },
  { NULL }
};
