/* mc-chart-bar-layer.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bars over the chart's x categories: one series, several side by side, or stacked. Each
 * bar is a rectangle (gtk_snapshot_append_color on screen).
 */
#pragma once

#include "mc-chart-layer.h"

G_BEGIN_DECLS

#define MC_TYPE_CHART_BAR_LAYER (mc_chart_bar_layer_get_type ())
G_DECLARE_FINAL_TYPE (McChartBarLayer, mc_chart_bar_layer, MC, CHART_BAR_LAYER, McChartLayer)

McChartLayer *mc_chart_bar_layer_new        (const char         *title);
/* values: n_series × n_categories, series after series; names: n_series legend names
 * (NULL for one series: the layer's title). Stacked bars add up; otherwise they stand
 * side by side. */
void          mc_chart_bar_layer_set_values (McChartBarLayer    *self,
                                             guint               n_series,
                                             guint               n_categories,
                                             const double       *values,
                                             const char * const *names,
                                             gboolean            stacked);
double        mc_chart_bar_layer_get_value  (McChartBarLayer    *self,
                                             guint               series,
                                             guint               category);

G_END_DECLS
