/* mc-chart-scatter-layer.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Points (x, y) on two linear axes, e.g. recency against monetary value, drawn as
 * translucent dots so that dense regions show.
 */
#pragma once

#include "mc-chart-layer.h"

G_BEGIN_DECLS

#define MC_TYPE_CHART_SCATTER_LAYER (mc_chart_scatter_layer_get_type ())
G_DECLARE_FINAL_TYPE (McChartScatterLayer, mc_chart_scatter_layer, MC, CHART_SCATTER_LAYER, McChartLayer)

McChartLayer *mc_chart_scatter_layer_new        (const char          *title);
/* labels (may be NULL): one per point, for the tooltip. All copied. */
void          mc_chart_scatter_layer_set_points (McChartScatterLayer *self,
                                                 const double        *xs,
                                                 const double        *ys,
                                                 const char * const  *labels,
                                                 guint                n);

G_END_DECLS
