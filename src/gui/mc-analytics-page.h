/* mc-analytics-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Analytics page: KPIs, retention (D1/D7/D30 and the cohort heatmap), RFM, churn and
 * CLV over a period, a store and a tier, recomputed in a worker on its own connection with
 * progress and cancel. Every chart exports to PNG, SVG, PDF and CSV, every table to CSV.
 * A McWorkspacePage.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-chart.h"
#include "mc-db.h"

G_BEGIN_DECLS

#define MC_TYPE_ANALYTICS_PAGE (mc_analytics_page_get_type ())
G_DECLARE_FINAL_TYPE (McAnalyticsPage, mc_analytics_page, MC, ANALYTICS_PAGE, GtkWidget)

GtkWidget  *mc_analytics_page_new        (void);
gboolean    mc_analytics_page_set_db     (McAnalyticsPage  *self,
                                          McDb             *db,
                                          GError          **error);
/* Starts a recompute (cancelling one that runs). */
gboolean    mc_analytics_page_reload     (McAnalyticsPage  *self,
                                          GError          **error);
void        mc_analytics_page_cancel     (McAnalyticsPage  *self);
gboolean    mc_analytics_page_is_loading (McAnalyticsPage  *self);
/* Sets the filters as a person would in the drop-downs and recomputes once: range 0..3
 * (last 30 days, 90 days, 12 months, all time), a store's name and a tier's code (NULL:
 * all). The stores and tiers are known after the first recompute; FALSE for one that is
 * not there. */
gboolean    mc_analytics_page_set_filter (McAnalyticsPage  *self,
                                          guint             range,
                                          const char       *store,
                                          const char       *tier);
/* The status line: the period shown, a recompute's state, what an export wrote. */
const char *mc_analytics_page_get_status (McAnalyticsPage *self);
/* Shows a section: "kpis", "retention", "rfm", "churn" or "clv". */
void        mc_analytics_page_show_section (McAnalyticsPage *self,
                                            const char      *name);
/* What is shown, for tests: a chart by name ("cohorts", "retention", "members", ...), a
 * KPI card's value ("members", "revenue", ...), a table ("rfm", "churn"). */
McChart    *mc_analytics_page_get_chart  (McAnalyticsPage  *self,
                                          const char       *name);
const char *mc_analytics_page_get_value  (McAnalyticsPage  *self,
                                          const char       *key);
GtkWidget  *mc_analytics_page_get_table  (McAnalyticsPage  *self,
                                          const char       *name);
/* Exports a chart (PNG, SVG, PDF or CSV by format) or a table (CSV) without a dialog. */
gboolean    mc_analytics_page_export     (McAnalyticsPage     *self,
                                          const char          *name,
                                          McChartExportFormat  format,
                                          const char          *path,
                                          GError             **error);

G_END_DECLS
