/* mc-chart-heatmap-layer.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A grid of cells over the chart's y categories (rows, top to bottom) and x categories
 * (columns), each coloured by its share (0..1) and labelled with it when there is room:
 * the retention cohorts. Hovering a cell gives its share, count and total.
 */
#pragma once

#include "mc-chart-layer.h"

G_BEGIN_DECLS

#define MC_TYPE_CHART_HEATMAP_LAYER (mc_chart_heatmap_layer_get_type ())
G_DECLARE_FINAL_TYPE (McChartHeatmapLayer, mc_chart_heatmap_layer, MC, CHART_HEATMAP_LAYER, McChartLayer)

McChartLayer *mc_chart_heatmap_layer_new       (const char          *title);
/* shares: rows × cols, row after row, NaN for no cell; counts (may be NULL): the count
 * behind each share; totals (may be NULL): each row's total. All copied. */
void          mc_chart_heatmap_layer_set_cells (McChartHeatmapLayer *self,
                                                guint                rows,
                                                guint                cols,
                                                const double        *shares,
                                                const gint64        *counts,
                                                const gint64        *totals);
/* The centre of a cell in the layer's coordinates (for tests and keyboard users). */
gboolean      mc_chart_heatmap_layer_get_cell_centre (McChartHeatmapLayer *self,
                                                      guint                row,
                                                      guint                col,
                                                      double              *x,
                                                      double              *y);

G_END_DECLS
