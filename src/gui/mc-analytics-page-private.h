/* mc-analytics-page-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by mc-analytics-page.c (filters, the worker), mc-analytics-page-export.c (the
 * exports) and mc-analytics-sections.c (the charts, cards and tables of the five sections).
 */
#pragma once

#include <adwaita.h>

#include "mc-analytics-data.h"
#include "mc-analytics-page.h"
#include "mc-analytics-series.h"
#include "mc-analytics-table.h"
#include "mc-churn.h"
#include "mc-kpis.h"
#include "mc-programme.h"
#include "mc-retention.h"
#include "mc-rfm.h"

G_BEGIN_DECLS

/* What one recompute found (an atomic rc box: an export in a worker keeps it alive). */
typedef struct
{
  McAnalyticsData   *data;
  McKpis            *kpis;
  McRetention       *retention;
  McRetentionSeries *retention_series;
  McMemberGrowth    *growth;
  McTierMix         *tiers;
  McRfm             *rfm;
  McChurn           *churn;
  McClvSpread       *clv;
  char              *clv_error;
  McProgramme       *programme;
  GStrv              store_names;
  GTimeZone         *tz;
} McAnalyticsResult;

struct _McAnalyticsPage
{
  GtkWidget          parent_instance;

  McDb              *db;
  GCancellable      *load_cancellable;
  McAnalyticsResult *result;
  guint              progress_source;
  gint               progress_permille;   /* written by the worker, atomically */
  gboolean           filling_filters;
  GStrv              tier_codes;          /* the tier drop-down's codes, after All Tiers */
  GHashTable        *charts;              /* name -> McChart */
  GHashTable        *tables;              /* name -> McAnalyticsTable */
  GHashTable        *values;              /* KPI key -> GtkLabel */

  GtkDropDown       *range_dropdown;
  GtkDropDown       *store_dropdown;
  GtkDropDown       *tier_dropdown;
  GtkLabel          *status_label;
  GtkProgressBar    *progress_bar;
  GtkWidget         *cancel_button;
  GtkWidget         *refresh_button;
  AdwViewStack      *stack;
  GtkWidget         *kpis_box;
  GtkFlowBox        *kpi_cards;
  GtkWidget         *retention_box;
  GtkWidget         *rfm_box;
  GtkWidget         *churn_box;
  GtkWidget         *clv_box;
  GtkLabel          *retention_summary;
  GtkLabel          *rfm_summary;
  GtkLabel          *churn_summary;
  GtkLabel          *clv_params;
};

McAnalyticsResult *mc_analytics_result_ref   (McAnalyticsResult *result);
void               mc_analytics_result_unref (McAnalyticsResult *result);

/* mc-analytics-page-export.c: the actions "analytics.export" and "analytics.export-recall" */
void     mc_analytics_page_export_action_cb        (GtkWidget  *widget,
                                                    const char *action_name,
                                                    GVariant   *parameter);
void     mc_analytics_page_export_recall_action_cb (GtkWidget  *widget,
                                                    const char *action_name,
                                                    GVariant   *parameter);

/* mc-analytics-sections.c */
void     mc_analytics_sections_build (McAnalyticsPage   *self);
void     mc_analytics_sections_show  (McAnalyticsPage   *self,
                                      McAnalyticsResult *result);
void     mc_analytics_sections_clear (McAnalyticsPage   *self);

G_END_DECLS
