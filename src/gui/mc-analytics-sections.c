/* mc-analytics-sections.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The five sections of the Analytics page: the charts and tables are made once (so that
 * what a person or a test found stays), and each recompute gives them new data.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-analytics-page-private.h"
#include "mc-chart-bar-layer.h"
#include "mc-chart-heatmap-layer.h"
#include "mc-chart-histogram-layer.h"
#include "mc-chart-line-layer.h"
#include "mc-chart-scatter-layer.h"
#include "mc-gui.h"

/* At most this many cohorts (the latest) and months after joining in the heatmap, and
 * points in the R-against-M scatter (an even sample). */
#define MAX_COHORTS 12
#define MAX_COHORT_MONTHS 12
#define MAX_SCATTER 2000

/* Building */

static GtkWidget *
export_menu (const char *name,
             const char *title,
             gboolean    images)
{
  static const struct { const char *label; const char *suffix; } items[] = {
    { N_("PNG Image"), "png" },
    { N_("SVG Image"), "svg" },
    { N_("PDF Document"), "pdf" },
    { N_("CSV Data"), "csv" },
  };
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();
  /* TRANSLATORS: the accessible name of a chart's export menu, e.g. "Export Cohort Retention" */
  g_autofree char *accessible = g_strdup_printf (_("Export %s"), title);

  for (guint i = images ? 0 : 3; i < G_N_ELEMENTS (items); i++)
    {
      g_autofree char *target = g_strdup_printf ("%s:%s", name, items[i].suffix);
      g_autoptr(GMenuItem) item = g_menu_item_new (_(items[i].label), NULL);

      g_menu_item_set_action_and_target_value (item, "analytics.export", g_variant_new_string (target));
      g_menu_append_item (menu, item);
    }
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-save-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (button, _("Export"));
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return button;
}

/* A chart in a card, with its export menu in the top right corner. */
static McChart *
add_chart (McAnalyticsPage *self,
           GtkWidget       *box,
           const char      *name,
           const char      *title,
           int              height)
{
  McChart *chart = MC_CHART (mc_chart_new ());
  GtkWidget *overlay = gtk_overlay_new ();
  GtkWidget *menu = export_menu (name, title, TRUE);

  mc_chart_set_title (chart, title);
  gtk_widget_set_size_request (GTK_WIDGET (chart), -1, height);
  gtk_widget_set_hexpand (GTK_WIDGET (chart), TRUE);
  gtk_widget_set_margin_top (GTK_WIDGET (chart), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (chart), 6);
  gtk_widget_set_margin_start (GTK_WIDGET (chart), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (chart), 6);
  gtk_widget_set_name (GTK_WIDGET (chart), name);
  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (chart));
  gtk_widget_set_halign (menu, GTK_ALIGN_END);
  gtk_widget_set_valign (menu, GTK_ALIGN_START);
  gtk_widget_set_margin_top (menu, 4);
  gtk_widget_set_margin_end (menu, 4);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), menu);
  gtk_widget_add_css_class (overlay, "card");
  gtk_widget_set_hexpand (overlay, TRUE);
  gtk_box_append (GTK_BOX (box), overlay);
  g_hash_table_insert (self->charts, g_strdup (name), chart);
  return chart;
}

static GtkWidget *
row_box (GtkWidget *box)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);

  gtk_box_set_homogeneous (GTK_BOX (row), TRUE);
  gtk_box_append (GTK_BOX (box), row);
  return row;
}

static GtkLabel *
add_summary (GtkWidget *box)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  return GTK_LABEL (label);
}

static void
add_table (McAnalyticsPage    *self,
           GtkWidget          *box,
           const char         *name,
           const char         *title,
           const char * const *headers)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *table = mc_analytics_table_new (headers, title);
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Export as _CSV…"));
  g_autofree char *target = g_strdup_printf ("%s:csv", name);
  /* TRANSLATORS: the accessible name of a table's export button, e.g. "Export RFM Segments as CSV" */
  g_autofree char *accessible = g_strdup_printf (_("Export %s as CSV"), title);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "heading");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "analytics.export");
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_string (target));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (GTK_BOX (header), button);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), table);
  g_hash_table_insert (self->tables, g_strdup (name), table);
}

static GtkWidget *
recall_menu (void)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();

  for (guint g = 1; g < MC_CHURN_N_GROUPS; g++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (mc_churn_group_display (g), NULL);

      g_menu_item_set_action_and_target_value (item, "analytics.export-recall",
                                               g_variant_new_string (mc_churn_group_name (g)));
      g_menu_append_item (menu, item);
    }
  {
    g_autoptr(GMenuItem) item = g_menu_item_new (_("Everyone at Risk"), NULL);

    g_menu_item_set_action_and_target_value (item, "analytics.export-recall", g_variant_new_string ("all"));
    g_menu_append_item (menu, item);
  }
  gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Export Recall List"));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (button, _("Only members who consented to marketing are written"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  return button;
}

void
mc_analytics_sections_build (McAnalyticsPage *self)
{
  const char *rfm_headers[] = { _("Segment"), _("Members"), _("Share"), _("Revenue"), _("Revenue per Member"), NULL };
  const char *churn_headers[] = { _("Group"), _("Members"), _("Consented"), _("Spend"), NULL };
  GtkWidget *row;
  McChart *chart;

  /* KPIs: the cards come with the data; members over time and the tiers. */
  chart = add_chart (self, self->kpis_box, "members", _("Members over Time"), 260);
  mc_chart_set_x_format (chart, MC_CHART_FORMAT_MONTH);
  mc_chart_add_layer (chart, mc_chart_line_layer_new (_("Members")));
  row = row_box (self->kpis_box);
  chart = add_chart (self, row, "tiers", _("Members by Tier"), 240);
  mc_chart_add_layer (chart, mc_chart_bar_layer_new (_("Members")));
  chart = add_chart (self, row, "tier-revenue", _("Revenue by Tier"), 240);
  mc_chart_set_y_format (chart, MC_CHART_FORMAT_MONEY);
  mc_chart_add_layer (chart, mc_chart_bar_layer_new (_("Revenue")));

  /* Retention. */
  self->retention_summary = add_summary (self->retention_box);
  chart = add_chart (self, self->retention_box, "retention", _("D1, D7 and D30 Retention by Join Month"), 280);
  mc_chart_set_x_format (chart, MC_CHART_FORMAT_MONTH);
  mc_chart_set_y_format (chart, MC_CHART_FORMAT_SHARE);
  mc_chart_add_layer (chart, mc_chart_line_layer_new (_("D1")));
  mc_chart_add_layer (chart, mc_chart_line_layer_new (_("D7")));
  mc_chart_add_layer (chart, mc_chart_line_layer_new (_("D30")));
  chart = add_chart (self, self->retention_box, "cohorts", _("Monthly Cohorts"), 380);
  mc_chart_set_axis_titles (chart, _("Months after joining"), NULL);
  mc_chart_add_layer (chart, mc_chart_heatmap_layer_new (_("Cohorts")));

  /* RFM. */
  self->rfm_summary = add_summary (self->rfm_box);
  /* Full width: the eight segments' names need the room. */
  chart = add_chart (self, self->rfm_box, "rfm-segments", _("Members by RFM Segment"), 260);
  mc_chart_add_layer (chart, mc_chart_bar_layer_new (_("Members")));
  chart = add_chart (self, self->rfm_box, "rfm-revenue", _("Revenue by RFM Segment"), 260);
  mc_chart_set_y_format (chart, MC_CHART_FORMAT_MONEY);
  mc_chart_add_layer (chart, mc_chart_bar_layer_new (_("Revenue")));
  chart = add_chart (self, self->rfm_box, "rfm-scatter", _("Recency against Monetary Value"), 300);
  mc_chart_set_y_format (chart, MC_CHART_FORMAT_MONEY);
  mc_chart_set_axis_titles (chart, _("Days since the last purchase"), _("Spend in the period"));
  mc_chart_add_layer (chart, mc_chart_scatter_layer_new (_("Members")));
  add_table (self, self->rfm_box, "rfm", _("RFM Segments"), rfm_headers);

  /* Churn. */
  self->churn_summary = add_summary (self->churn_box);
  chart = add_chart (self, self->churn_box, "churn-groups", _("Members at Risk by Group"), 260);
  mc_chart_add_layer (chart, mc_chart_bar_layer_new (_("Members")));
  add_table (self, self->churn_box, "churn", _("Recall Groups"), churn_headers);
  gtk_box_append (GTK_BOX (self->churn_box), recall_menu ());

  /* CLV. */
  self->clv_params = add_summary (self->clv_box);
  row = row_box (self->clv_box);
  chart = add_chart (self, row, "clv", _("Predicted 12-Month CLV"), 280);
  mc_chart_set_x_format (chart, MC_CHART_FORMAT_MONEY);
  mc_chart_add_layer (chart, mc_chart_histogram_layer_new (_("Members")));
  chart = add_chart (self, row, "p-alive", _("Probability of Being Alive"), 280);
  mc_chart_set_x_format (chart, MC_CHART_FORMAT_SHARE);
  mc_chart_add_layer (chart, mc_chart_histogram_layer_new (_("Members")));
}

/* Filling */

static McChartLayer *
layer_of (McAnalyticsPage *self,
          const char      *chart,
          guint            index)
{
  GtkWidget *child = gtk_widget_get_first_child (g_hash_table_lookup (self->charts, chart));

  for (guint i = 0; i < index && child != NULL; i++)
    child = gtk_widget_get_next_sibling (child);
  return MC_CHART_LAYER (child);
}

static McChart *
chart_of (McAnalyticsPage *self,
          const char      *name)
{
  return g_hash_table_lookup (self->charts, name);
}

static char *
format_share (double v)
{
  return isnan (v) ? g_strdup (_("No data")) : mc_chart_format_share (v, 0);
}

static void
add_card (McAnalyticsPage *self,
          const char      *key,
          const char      *title,
          char            *value,      /* taken */
          const char      *caption)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *caption_label = gtk_label_new (caption);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", title, value);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "analytics-card");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "heading");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_widget_add_css_class (value_label, "title-3");
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (caption_label), 18);
  gtk_label_set_width_chars (GTK_LABEL (caption_label), 14);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_box_append (GTK_BOX (card), title_label);
  gtk_box_append (GTK_BOX (card), value_label);
  gtk_box_append (GTK_BOX (card), caption_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_flow_box_append (self->kpi_cards, card);
  g_hash_table_insert (self->values, g_strdup (key), value_label);
  g_free (value);
}

static void
show_kpis (McAnalyticsPage *self,
           const McKpis    *k)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->kpi_cards))) != NULL)
    gtk_flow_box_remove (self->kpi_cards, child);
  g_hash_table_remove_all (self->values);
  add_card (self, "members", _("Members"), mc_gui_format_count (k->members), _("Joined by the end of the period"));
  add_card (self, "new_members", _("New Members"), mc_gui_format_count (k->new_members), _("Joined in the period"));
  add_card (self, "active_share", _("Active Share"), format_share (k->active_share),
            _("Active in the last 30 days (MAU) of all members"));
  add_card (self, "revenue", _("Member Revenue"), mc_gui_format_money (k->revenue_fen), _("Purchases net of refunds"));
  add_card (self, "arpu", _("ARPU"), mc_gui_format_money ((gint64) llround (isnan (k->arpu_fen) ? 0 : k->arpu_fen)),
            _("Revenue per member"));
  add_card (self, "repurchase_rate", _("Repurchase Rate"), format_share (k->repurchase_rate),
            _("Buyers with two or more purchases"));
  add_card (self, "average_order", _("Average Order"),
            mc_gui_format_money ((gint64) llround (isnan (k->average_order_fen) ? 0 : k->average_order_fen)),
            _("Revenue per purchase"));
  add_card (self, "member_sales_share", _("Member Sales Share"), format_share (k->member_sales_share),
            _("Of all sales, members against non-members"));
  add_card (self, "points_issued", _("Points Issued"), mc_gui_format_count (k->points_issued), _("Earned and rewarded in the period"));
  add_card (self, "points_liability", _("Points Liability"), mc_gui_format_money (k->points_liability_fen),
            _("What the outstanding points are worth"));
  add_card (self, "benefit_usage_rate", _("Benefit Usage"), format_share (k->benefit_usage_rate),
            _("Members who used a benefit"));
  add_card (self, "renewal_rate", _("Renewal Rate"), format_share (k->renewal_rate), _("Paid plans renewed after their first term"));
}

static void
show_growth (McAnalyticsPage   *self,
             McAnalyticsResult *r)
{
  g_autofree double *xs = g_new (double, MAX (r->growth->n_months, 1));
  g_autofree double *ys = g_new (double, MAX (r->growth->n_months, 1));

  for (guint k = 0; k < r->growth->n_months; k++)
    {
      xs[k] = (double) mc_analytics_day_start (r->tz, r->growth->month_day[k]);
      ys[k] = (double) r->growth->members[k];
    }
  mc_chart_set_time_zone (chart_of (self, "members"), r->tz);
  mc_chart_line_layer_set_points (MC_CHART_LINE_LAYER (layer_of (self, "members", 0)), xs, ys, r->growth->n_months);
}

static void
show_tiers (McAnalyticsPage   *self,
            McAnalyticsResult *r)
{
  guint n = r->tiers->n_tiers;
  g_autofree const char **names = g_new0 (const char *, n + 1);
  g_autofree double *members = g_new (double, MAX (n, 1));
  g_autofree double *revenue = g_new (double, MAX (n, 1));

  for (guint i = 0; i < n; i++)
    {
      const McTier *tier = mc_programme_get_tier (r->programme, r->tiers->codes[i]);

      names[i] = tier != NULL ? tier->name : r->tiers->codes[i];
      members[i] = (double) r->tiers->members[i];
      revenue[i] = (double) r->tiers->revenue_fen[i];
    }
  mc_chart_set_x_categories (chart_of (self, "tiers"), names);
  mc_chart_bar_layer_set_values (MC_CHART_BAR_LAYER (layer_of (self, "tiers", 0)), 1, n, members, NULL, FALSE);
  mc_chart_set_x_categories (chart_of (self, "tier-revenue"), names);
  mc_chart_bar_layer_set_values (MC_CHART_BAR_LAYER (layer_of (self, "tier-revenue", 0)), 1, n, revenue, NULL, FALSE);
}

static void
show_retention (McAnalyticsPage   *self,
                McAnalyticsResult *r)
{
  const McRetentionSeries *s = r->retention_series;
  const McRetention *ret = r->retention;
  g_autofree double *xs = g_new (double, MAX (s->n_months, 1));
  guint first = ret->n_cohorts > MAX_COHORTS ? ret->n_cohorts - MAX_COHORTS : 0;
  guint rows = ret->n_cohorts - first, cols = 0;
  g_autofree double *shares = NULL;
  g_autofree gint64 *counts = NULL;
  g_autofree gint64 *totals = NULL;
  g_autoptr(GPtrArray) row_labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) col_labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *d1 = format_share (ret->d1);
  g_autofree char *d7 = format_share (ret->d7);
  g_autofree char *d30 = format_share (ret->d30);
  g_autofree char *summary = NULL;

  /* TRANSLATORS: the retention section's summary: the shares of new members active 1, 7
   * and 30 days after joining */
  summary = g_strdup_printf (_("Of the members who joined in the period, %s were active the day after, %s a week after and %s a month after."),
                             d1, d7, d30);
  gtk_label_set_text (self->retention_summary, summary);
  for (guint k = 0; k < s->n_months; k++)
    xs[k] = (double) mc_analytics_day_start (r->tz, s->month_day[k]);
  mc_chart_set_time_zone (chart_of (self, "retention"), r->tz);
  mc_chart_line_layer_set_points (MC_CHART_LINE_LAYER (layer_of (self, "retention", 0)), xs, s->d1, s->n_months);
  mc_chart_line_layer_set_points (MC_CHART_LINE_LAYER (layer_of (self, "retention", 1)), xs, s->d7, s->n_months);
  mc_chart_line_layer_set_points (MC_CHART_LINE_LAYER (layer_of (self, "retention", 2)), xs, s->d30, s->n_months);
  mc_chart_set_summary (chart_of (self, "retention"), summary);

  for (guint i = first; i < ret->n_cohorts; i++)
    cols = MAX (cols, MIN (ret->cohorts[i].n_months, MAX_COHORT_MONTHS));
  shares = g_new (double, MAX (rows * cols, 1));
  counts = g_new0 (gint64, MAX (rows * cols, 1));
  totals = g_new0 (gint64, MAX (rows, 1));
  for (guint i = 0; i < rows; i++)
    {
      const McCohort *c = &ret->cohorts[first + i];

      totals[i] = c->size;
      g_ptr_array_add (row_labels, g_strdup_printf ("%04d-%02d", c->month / 12, c->month % 12 + 1));
      for (guint k = 0; k < cols; k++)
        {
          shares[i * cols + k] = k < c->n_months ? c->share[k] : NAN;
          counts[i * cols + k] = k < c->n_months ? c->active[k] : 0;
        }
    }
  for (guint k = 0; k < cols; k++)
    /* TRANSLATORS: a column of the cohort heatmap: the months after joining, "Month 0" is the join month */
    g_ptr_array_add (col_labels, g_strdup_printf (_("Month %u"), k));
  g_ptr_array_add (row_labels, NULL);
  g_ptr_array_add (col_labels, NULL);
  mc_chart_set_x_categories (chart_of (self, "cohorts"), (const char * const *) col_labels->pdata);
  mc_chart_set_y_categories (chart_of (self, "cohorts"), (const char * const *) row_labels->pdata);
  mc_chart_heatmap_layer_set_cells (MC_CHART_HEATMAP_LAYER (layer_of (self, "cohorts", 0)), rows, cols, shares,
                                    counts, totals);
  {
    /* TRANSLATORS: the cohort heatmap's description for assistive technologies */
    g_autofree char *text = g_strdup_printf (_("Share of each monthly cohort active in the months after joining: %u cohorts, %u months; hover a cell for its figures"),
                                             rows, cols);

    mc_chart_set_summary (chart_of (self, "cohorts"), text);
  }
}

static void
show_rfm (McAnalyticsPage   *self,
          McAnalyticsResult *r)
{
  const McRfm *rfm = r->rfm;
  const char *names[MC_RFM_N_SEGMENTS + 1] = { NULL };
  double members[MC_RFM_N_SEGMENTS], revenue[MC_RFM_N_SEGMENTS];
  McAnalyticsTable *table = MC_ANALYTICS_TABLE (g_hash_table_lookup (self->tables, "rfm"));
  guint n_points = MIN (rfm->n, MAX_SCATTER);
  g_autofree double *xs = g_new (double, MAX (n_points, 1));
  g_autofree double *ys = g_new (double, MAX (n_points, 1));
  g_autofree char *buyers = mc_gui_format_count (rfm->n);
  g_autofree char *summary = NULL;

  for (guint s = 0; s < MC_RFM_N_SEGMENTS; s++)
    {
      names[s] = mc_rfm_segment_display (s);
      members[s] = (double) rfm->segment_members[s];
      revenue[s] = (double) rfm->segment_revenue_fen[s];
    }
  mc_chart_set_x_categories (chart_of (self, "rfm-segments"), names);
  mc_chart_bar_layer_set_values (MC_CHART_BAR_LAYER (layer_of (self, "rfm-segments", 0)), 1, MC_RFM_N_SEGMENTS,
                                 members, NULL, FALSE);
  mc_chart_set_x_categories (chart_of (self, "rfm-revenue"), names);
  mc_chart_bar_layer_set_values (MC_CHART_BAR_LAYER (layer_of (self, "rfm-revenue", 0)), 1, MC_RFM_N_SEGMENTS,
                                 revenue, NULL, FALSE);
  for (guint k = 0; k < n_points; k++)
    {
      guint i = (guint) ((double) k * rfm->n / n_points);

      xs[k] = rfm->recency_days[i];
      ys[k] = (double) rfm->monetary_fen[i];
    }
  mc_chart_scatter_layer_set_points (MC_CHART_SCATTER_LAYER (layer_of (self, "rfm-scatter", 0)), xs, ys, NULL, n_points);

  mc_analytics_table_clear (table);
  for (guint s = 0; s < MC_RFM_N_SEGMENTS; s++)
    {
      g_autofree char *count = mc_gui_format_count (rfm->segment_members[s]);
      g_autofree char *share = format_share (rfm->n > 0 ? (double) rfm->segment_members[s] / rfm->n : NAN);
      g_autofree char *money = mc_gui_format_money (rfm->segment_revenue_fen[s]);
      g_autofree char *per = mc_gui_format_money (rfm->segment_members[s] > 0
                                                  ? rfm->segment_revenue_fen[s] / rfm->segment_members[s] : 0);
      const char *cells[] = { names[s], count, share, money, per, NULL };

      mc_analytics_table_add_row (table, cells);
    }
  /* TRANSLATORS: the RFM section's summary; %s is a number of members */
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member bought in the period, scored by quintiles of recency, frequency and monetary value.",
                                          "%s members bought in the period, scored by quintiles of recency, frequency and monetary value.",
                                          rfm->n),
                             buyers);
  gtk_label_set_text (self->rfm_summary, summary);
}

static void
show_churn (McAnalyticsPage   *self,
            McAnalyticsResult *r)
{
  const McChurn *churn = r->churn;
  const char *names[MC_CHURN_N_GROUPS] = { NULL };
  const char *series[] = { _("Consented to marketing"), _("Not consented"), NULL };
  double values[2 * (MC_CHURN_N_GROUPS - 1)];
  McAnalyticsTable *table = MC_ANALYTICS_TABLE (g_hash_table_lookup (self->tables, "churn"));
  guint n = MC_CHURN_N_GROUPS - 1;
  g_autofree char *dormant = mc_gui_format_count (churn->signal_members[0]);
  g_autofree char *declining = mc_gui_format_count (churn->signal_members[1]);
  g_autofree char *low = mc_gui_format_count (churn->signal_members[2]);
  g_autofree char *unlikely = mc_gui_format_count (churn->signal_members[3]);
  g_autofree char *summary = NULL;

  mc_analytics_table_clear (table);
  for (guint g = 1; g < MC_CHURN_N_GROUPS; g++)
    {
      g_autofree char *members = mc_gui_format_count (churn->group_members[g]);
      g_autofree char *consented = mc_gui_format_count (churn->group_consented[g]);
      g_autofree char *spend = mc_gui_format_money (churn->group_spend_fen[g]);
      const char *cells[] = { mc_churn_group_display (g), members, consented, spend, NULL };

      names[g - 1] = mc_churn_group_display (g);
      /* Stacked: the bar is the group, its lower part those who may be contacted. */
      values[g - 1] = (double) churn->group_consented[g];
      values[n + g - 1] = (double) (churn->group_members[g] - churn->group_consented[g]);
      mc_analytics_table_add_row (table, cells);
    }
  mc_chart_set_x_categories (chart_of (self, "churn-groups"), names);
  mc_chart_bar_layer_set_values (MC_CHART_BAR_LAYER (layer_of (self, "churn-groups", 0)), 2, n, values, series, TRUE);
  /* TRANSLATORS: the churn section's summary: members with each warning signal */
  summary = g_strdup_printf (_("No activity for 90 days: %s. Activity down by half: %s. Benefit usage under 20%%: %s. Unlikely to be alive (P(alive) under 50%%): %s."),
                             dormant, declining, low, unlikely);
  gtk_label_set_text (self->churn_summary, summary);
}

static void
show_clv (McAnalyticsPage   *self,
          McAnalyticsResult *r)
{
  McChartHistogramLayer *clv = MC_CHART_HISTOGRAM_LAYER (layer_of (self, "clv", 0));
  McChartHistogramLayer *alive = MC_CHART_HISTOGRAM_LAYER (layer_of (self, "p-alive", 0));
  g_autofree char *text = NULL;

  if (r->clv == NULL)
    {
      mc_chart_histogram_layer_set_values (clv, NULL, 0, 20);
      mc_chart_histogram_layer_set_values (alive, NULL, 0, 20);
      /* TRANSLATORS: %s says why the models could not be fitted */
      text = g_strdup_printf (_("The CLV models could not be fitted: %s"), r->clv_error);
    }
  else
    {
      g_autofree char *fitted = mc_gui_format_count (r->clv->fitted);
      g_autofree char *shown = mc_gui_format_count (r->clv->n);

      mc_chart_histogram_layer_set_values (clv, r->clv->clv_fen, r->clv->n, 20);
      mc_chart_histogram_layer_set_values (alive, r->clv->p_alive, r->clv->n, 20);
      /* TRANSLATORS: the fitted parameters of the CLV models */
      text = g_strdup_printf (_("BG/NBD: r = %.4g, α = %.4g, a = %.4g, b = %.4g. Gamma-Gamma: p = %.4g, q = %.4g, γ = %.4g. Fitted on %s members; the charts show %s of them. CLV: 12 months, 1%% discount a month, 30%% margin."),
                              r->clv->bgnbd.r, r->clv->bgnbd.alpha, r->clv->bgnbd.a, r->clv->bgnbd.b,
                              r->clv->gamma_gamma.p, r->clv->gamma_gamma.q, r->clv->gamma_gamma.gamma, fitted, shown);
    }
  gtk_label_set_text (self->clv_params, text);
}

void
mc_analytics_sections_show (McAnalyticsPage   *self,
                            McAnalyticsResult *result)
{
  show_kpis (self, result->kpis);
  show_growth (self, result);
  show_tiers (self, result);
  show_retention (self, result);
  show_rfm (self, result);
  show_churn (self, result);
  show_clv (self, result);
}

void
mc_analytics_sections_clear (McAnalyticsPage *self)
{
  GtkWidget *child;
  GHashTableIter iter;
  gpointer table;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->kpi_cards))) != NULL)
    gtk_flow_box_remove (self->kpi_cards, child);
  g_hash_table_remove_all (self->values);
  g_hash_table_iter_init (&iter, self->tables);
  while (g_hash_table_iter_next (&iter, NULL, &table))
    mc_analytics_table_clear (table);
}
