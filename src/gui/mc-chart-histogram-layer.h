/* mc-chart-histogram-layer.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The distribution of values (CLV, P(alive)) as bars of nice, equal bins on the chart's
 * linear x axis, their height the number of members in the bin.
 */
#pragma once

#include "mc-chart-layer.h"

G_BEGIN_DECLS

#define MC_TYPE_CHART_HISTOGRAM_LAYER (mc_chart_histogram_layer_get_type ())
G_DECLARE_FINAL_TYPE (McChartHistogramLayer, mc_chart_histogram_layer, MC, CHART_HISTOGRAM_LAYER, McChartLayer)

McChartLayer      *mc_chart_histogram_layer_new        (const char            *title);
/* Bins the values (about target_bins of them; NaN left out). */
void               mc_chart_histogram_layer_set_values (McChartHistogramLayer *self,
                                                        const double          *values,
                                                        gsize                  n,
                                                        guint                  target_bins);
const McChartBins *mc_chart_histogram_layer_get_bins   (McChartHistogramLayer *self);

G_END_DECLS
