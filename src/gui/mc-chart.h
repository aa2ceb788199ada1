/* mc-chart.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart in the manner of Sysprof's: a widget with a title, a legend, two axes (plain
 * McChartAxis values that normalise the data) and layer children (McChartLayer) that draw
 * into the plot area. Hovering shows the layer's tooltip, which also becomes the chart's
 * accessible description. The same drawing code exports the chart to PNG, SVG and PDF,
 * and its data to CSV (mc-chart-export.c).
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-chart-layer.h"
#include "mc-chart-scale.h"

G_BEGIN_DECLS

#define MC_TYPE_CHART (mc_chart_get_type ())
G_DECLARE_FINAL_TYPE (McChart, mc_chart, MC, CHART, GtkWidget)

typedef enum
{
  MC_CHART_EXPORT_PNG,
  MC_CHART_EXPORT_SVG,
  MC_CHART_EXPORT_PDF,
  MC_CHART_EXPORT_CSV,
} McChartExportFormat;

GtkWidget  *mc_chart_new               (void);
const char *mc_chart_get_title         (McChart            *self);
void        mc_chart_set_title         (McChart            *self,
                                        const char         *title);
/* What the chart shows in words (its accessible description when nothing is hovered). */
void        mc_chart_set_summary       (McChart            *self,
                                        const char         *summary);
void        mc_chart_set_axis_titles   (McChart            *self,
                                        const char         *x_title,
                                        const char         *y_title);
void        mc_chart_set_x_format      (McChart            *self,
                                        McChartFormat       format);
void        mc_chart_set_y_format      (McChart            *self,
                                        McChartFormat       format);
/* Category labels (NULL: a linear axis over the layers' data). */
void        mc_chart_set_x_categories  (McChart            *self,
                                        const char * const *labels);
void        mc_chart_set_y_categories  (McChart            *self,
                                        const char * const *labels);
const char *mc_chart_get_x_category    (McChart            *self,
                                        guint               index);
const char *mc_chart_get_y_category    (McChart            *self,
                                        guint               index);
/* The linear y axis always reaches zero (the default) or fits the data alone. */
void        mc_chart_set_y_include_zero (McChart           *self,
                                        gboolean            include_zero);
void        mc_chart_set_time_zone     (McChart            *self,
                                        GTimeZone          *tz);

void        mc_chart_add_layer         (McChart            *self,
                                        McChartLayer       *layer);
void        mc_chart_remove_layers     (McChart            *self);
/* Refits the axes to the layers' data (layers call it when their data change). */
void        mc_chart_refit             (McChart            *self);
void        mc_chart_get_axes          (McChart            *self,
                                        McChartAxes        *axes);
/* The plot area in the chart's coordinates. */
void        mc_chart_get_plot_area     (McChart            *self,
                                        graphene_rect_t    *area);

/* The tooltip at (x, y) in the chart's coordinates, or NULL. */
char       *mc_chart_query             (McChart            *self,
                                        double              x,
                                        double              y);
/* The text of the last tooltip shown, or NULL. */
const char *mc_chart_get_hover_text    (McChart            *self);

/* Exports at width × height (PNG, SVG, PDF: light on white unless dark), or the data as
 * CSV (series, x, y). */
gboolean    mc_chart_export            (McChart            *self,
                                        McChartExportFormat format,
                                        const char         *path,
                                        int                 width,
                                        int                 height,
                                        gboolean            dark,
                                        GError            **error);
char       *mc_chart_to_csv            (McChart            *self);
/* Renders the whole chart (frame, layers, legend) with a painter: what the export uses. */
void        mc_chart_render            (McChart            *self,
                                        McChartPainter     *painter,
                                        double              width,
                                        double              height);

G_END_DECLS
