/* mc-chart-line-layer.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A line through points (x on the chart's linear or time axis, y on its value axis), drawn
 * with cairo, with a dot on each point when they are few.
 */
#pragma once

#include "mc-chart-layer.h"

G_BEGIN_DECLS

#define MC_TYPE_CHART_LINE_LAYER (mc_chart_line_layer_get_type ())
G_DECLARE_FINAL_TYPE (McChartLineLayer, mc_chart_line_layer, MC, CHART_LINE_LAYER, McChartLayer)

McChartLayer *mc_chart_line_layer_new        (const char   *title);
/* Copies the points; a NaN y is a gap in the line. */
void          mc_chart_line_layer_set_points (McChartLineLayer *self,
                                              const double     *xs,
                                              const double     *ys,
                                              guint             n);
guint         mc_chart_line_layer_get_n_points (McChartLineLayer *self);

G_END_DECLS
