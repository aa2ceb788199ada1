/* mc-analytics-json.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reports as JSON (see mc-analytics-json.h for the shapes).
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <math.h>

#include "mc-analytics-json.h"

static void
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

/* A number, or null when it is not one (a rate without data). */
static void
add_number (JsonBuilder *b,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (b, name);
  if (isfinite (value))
    json_builder_add_double_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_day (JsonBuilder *b,
         const char  *name,
         gint32       day)
{
  g_autofree char *text = mc_analytics_day_format (day);

  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, text);
}

JsonNode *
mc_kpis_to_json (const McKpis *k)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (k != NULL, NULL);

  json_builder_begin_object (b);
  add_day (b, "from", k->from_day);
  add_day (b, "to", k->to_day);
  add_int (b, "members", k->members);
  add_int (b, "new_members", k->new_members);
  add_int (b, "active_members", k->active_members);
  add_int (b, "mau", k->mau);
  add_number (b, "active_share", k->active_share);
  add_int (b, "orders", k->orders);
  add_int (b, "revenue_fen", k->revenue_fen);
  add_int (b, "buyers", k->buyers);
  add_number (b, "arpu_fen", k->arpu_fen);
  add_number (b, "repurchase_rate", k->repurchase_rate);
  add_number (b, "average_order_fen", k->average_order_fen);
  add_number (b, "purchase_interval_days", k->purchase_interval_days);
  add_int (b, "points_issued", k->points_issued);
  add_int (b, "points_redeemed", k->points_redeemed);
  add_int (b, "points_expired", k->points_expired);
  add_int (b, "points_reversed", k->points_reversed);
  add_int (b, "points_outstanding", k->points_outstanding);
  add_int (b, "points_liability_fen", k->points_liability_fen);
  add_int (b, "benefit_users", k->benefit_users);
  add_number (b, "benefit_usage_rate", k->benefit_usage_rate);
  add_int (b, "renewals_due", k->renewals_due);
  add_int (b, "renewals_made", k->renewals_made);
  add_number (b, "renewal_rate", k->renewal_rate);
  add_int (b, "member_sales_fen", k->member_sales_fen);
  add_int (b, "member_sales_orders", k->member_sales_orders);
  add_int (b, "anonymous_sales_fen", k->anonymous_sales_fen);
  add_int (b, "anonymous_sales_orders", k->anonymous_sales_orders);
  add_number (b, "member_sales_share", k->member_sales_share);
  add_number (b, "cac_fen", k->cac_fen);
  add_number (b, "ltv_fen", k->ltv_fen);
  add_number (b, "ltv_cac", k->ltv_cac);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
mc_retention_to_json (const McRetention *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (r != NULL, NULL);

  json_builder_begin_object (b);
  add_number (b, "d1", r->d1);
  add_number (b, "d7", r->d7);
  add_number (b, "d30", r->d30);
  json_builder_set_member_name (b, "days");
  json_builder_begin_array (b);
  for (guint i = 0; i < r->n_days; i++)
    {
      const McRetentionDay *d = &r->days[i];

      json_builder_begin_object (b);
      add_day (b, "day", d->join_day);
      add_int (b, "joined", d->joined);
      json_builder_set_member_name (b, "d1");
      d->d1_known ? json_builder_add_int_value (b, d->d1) : json_builder_add_null_value (b);
      json_builder_set_member_name (b, "d7");
      d->d7_known ? json_builder_add_int_value (b, d->d7) : json_builder_add_null_value (b);
      json_builder_set_member_name (b, "d30");
      d->d30_known ? json_builder_add_int_value (b, d->d30) : json_builder_add_null_value (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
mc_cohorts_to_json (const McRetention *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (r != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "cohorts");
  json_builder_begin_array (b);
  for (guint c = 0; c < r->n_cohorts; c++)
    {
      const McCohort *cohort = &r->cohorts[c];
      g_autofree char *month = g_strdup_printf ("%04d-%02d", cohort->month / 12, cohort->month % 12 + 1);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "cohort");
      json_builder_add_string_value (b, month);
      add_int (b, "size", cohort->size);
      json_builder_set_member_name (b, "active");
      json_builder_begin_array (b);
      for (guint k = 0; k < cohort->n_months; k++)
        json_builder_add_int_value (b, cohort->active[k]);
      json_builder_end_array (b);
      json_builder_set_member_name (b, "retention");
      json_builder_begin_array (b);
      for (guint k = 0; k < cohort->n_months; k++)
        {
          if (isfinite (cohort->share[k]))
            json_builder_add_double_value (b, cohort->share[k]);
          else
            json_builder_add_null_value (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
mc_rfm_to_json (const McRfm *rfm)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  static const char * const dims[3] = { "r", "f", "m" };

  g_return_val_if_fail (rfm != NULL, NULL);

  json_builder_begin_object (b);
  add_int (b, "members", rfm->n);
  json_builder_set_member_name (b, "means");
  json_builder_begin_object (b);
  add_number (b, "r_score", rfm->mean_r);
  add_number (b, "f_score", rfm->mean_f);
  add_number (b, "m_score", rfm->mean_m);
  add_number (b, "recency_days", rfm->mean_recency_days);
  add_number (b, "frequency", rfm->mean_frequency);
  add_number (b, "monetary_fen", rfm->mean_monetary_fen);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "scores");
  json_builder_begin_object (b);
  for (guint d = 0; d < 3; d++)
    {
      json_builder_set_member_name (b, dims[d]);
      json_builder_begin_array (b);
      for (guint s = 0; s < 5; s++)
        json_builder_add_int_value (b, rfm->score_members[d][s]);
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "segments");
  json_builder_begin_array (b);
  for (guint s = 0; s < MC_RFM_N_SEGMENTS; s++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, mc_rfm_segment_name (s));
      add_int (b, "members", rfm->segment_members[s]);
      add_int (b, "revenue_fen", rfm->segment_revenue_fen[s]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
mc_rfm_migration_to_json (const McRfmMigration *migration)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (migration != NULL, NULL);

  json_builder_begin_object (b);
  add_day (b, "first", migration->first_day);
  add_day (b, "second", migration->second_day);
  add_int (b, "window_days", migration->window_days);
  json_builder_set_member_name (b, "from");
  json_builder_begin_array (b);
  for (guint a = 0; a <= MC_RFM_N_SEGMENTS; a++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "segment");
      json_builder_add_string_value (b, mc_rfm_segment_name (a));
      json_builder_set_member_name (b, "to");
      json_builder_begin_object (b);
      for (guint c = 0; c <= MC_RFM_N_SEGMENTS; c++)
        add_int (b, mc_rfm_segment_name (c), migration->members[a][c]);
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
mc_churn_to_json (const McChurn *churn)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (churn != NULL, NULL);

  json_builder_begin_object (b);
  add_int (b, "members", churn->n);
  json_builder_set_member_name (b, "signals");
  json_builder_begin_object (b);
  add_int (b, "dormant", churn->signal_members[0]);
  add_int (b, "declining", churn->signal_members[1]);
  add_int (b, "low_benefits", churn->signal_members[2]);
  add_int (b, "unlikely_alive", churn->signal_members[3]);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "benefit_signal_used");
  json_builder_add_boolean_value (b, churn->benefit_signal_used);
  add_int (b, "high_value_min_fen", churn->high_value_min_fen);
  add_int (b, "low_value_max_fen", churn->low_value_max_fen);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint g = 0; g < MC_CHURN_N_GROUPS; g++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, mc_churn_group_name (g));
      add_int (b, "members", churn->group_members[g]);
      add_int (b, "consented", churn->group_consented[g]);
      add_int (b, "spend_fen", churn->group_spend_fen[g]);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "bgnbd");
  if (churn->p_alive_fitted)
    {
      json_builder_begin_object (b);
      add_number (b, "r", churn->r);
      add_number (b, "alpha", churn->alpha);
      add_number (b, "a", churn->a);
      add_number (b, "b", churn->b);
      add_int (b, "fitted_on", churn->fit_customers);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
mc_clv_bgnbd_params_to_json (const McClvBgNbd *model)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (model != NULL, NULL);

  json_builder_begin_object (b);
  add_number (b, "r", model->r);
  add_number (b, "alpha", model->alpha);
  add_number (b, "a", model->a);
  add_number (b, "b", model->b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
mc_clv_gamma_gamma_params_to_json (const McClvGammaGamma *model)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (model != NULL, NULL);

  json_builder_begin_object (b);
  add_number (b, "p", model->p);
  add_number (b, "q", model->q);
  add_number (b, "gamma", model->gamma);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
