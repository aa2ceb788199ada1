/* mc-chart-layer.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A layer of a McChart (its child widget, given the plot area): lines, bars, a heatmap,
 * a histogram, points. A layer keeps its data and, whenever the chart's axes change, a
 * copy normalised to 0..1 that drawing and hit-testing use. The same draw() paints on
 * screen and into an exported file.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-chart-painter.h"
#include "mc-chart-scale.h"

G_BEGIN_DECLS

#define MC_TYPE_CHART_LAYER (mc_chart_layer_get_type ())
G_DECLARE_DERIVABLE_TYPE (McChartLayer, mc_chart_layer, MC, CHART_LAYER, GtkWidget)

typedef struct
{
  const McChartAxis *x;
  const McChartAxis *y;
  McChartNumbers     numbers;
  GTimeZone         *tz;
} McChartAxes;

struct _McChartLayerClass
{
  GtkWidgetClass parent_class;

  /* The range of the data on each axis (linear axes); FALSE when there is none. */
  gboolean (*get_range) (McChartLayer      *self,
                         GtkOrientation     orientation,
                         double            *min,
                         double            *max);
  /* The axes changed: recompute the normalised series. */
  void     (*normalise) (McChartLayer      *self,
                         const McChartAxes *axes);
  void     (*draw)      (McChartLayer      *self,
                         McChartPainter    *painter,
                         const McChartAxes *axes,
                         double             width,
                         double             height);
  /* The tooltip at (x, y) in the layer's pixels, or NULL. */
  char    *(*query)     (McChartLayer      *self,
                         const McChartAxes *axes,
                         double             width,
                         double             height,
                         double             x,
                         double             y);
  /* Rows of "series,x,y" for the CSV export. */
  void     (*write_csv) (McChartLayer      *self,
                         const McChartAxes *axes,
                         GPtrArray         *rows);
  /* Legend entries: names (char *) and colours (GdkRGBA). */
  void     (*legend)    (McChartLayer      *self,
                         GPtrArray         *names,
                         GArray            *colours);
};

const char *mc_chart_layer_get_title   (McChartLayer  *self);
void        mc_chart_layer_set_title   (McChartLayer  *self,
                                        const char    *title);
void        mc_chart_layer_get_colour  (McChartLayer  *self,
                                        GdkRGBA       *colour);
void        mc_chart_layer_set_colour  (McChartLayer  *self,
                                        const GdkRGBA *colour);
/* The data changed: the chart refits its axes and redraws. */
void        mc_chart_layer_data_changed (McChartLayer *self);

/* For the chart */
gboolean    mc_chart_layer_get_range   (McChartLayer      *self,
                                        GtkOrientation     orientation,
                                        double            *min,
                                        double            *max);
void        mc_chart_layer_normalise   (McChartLayer      *self,
                                        const McChartAxes *axes);
void        mc_chart_layer_draw        (McChartLayer      *self,
                                        McChartPainter    *painter,
                                        const McChartAxes *axes,
                                        double             width,
                                        double             height);
char       *mc_chart_layer_query       (McChartLayer      *self,
                                        const McChartAxes *axes,
                                        double             width,
                                        double             height,
                                        double             x,
                                        double             y);
void        mc_chart_layer_write_csv   (McChartLayer      *self,
                                        const McChartAxes *axes,
                                        GPtrArray         *rows);
void        mc_chart_layer_legend      (McChartLayer      *self,
                                        GPtrArray         *names,
                                        GArray            *colours);

/* One CSV row of three fields, for write_csv(). */
void        mc_chart_csv_row           (GPtrArray         *rows,
                                        const char        *series,
                                        const char        *x,
                                        const char        *y);

/* A value for the CSV export: an ISO date on a time axis, else the plain number. */
char       *mc_chart_csv_number        (const McChartAxis *axis,
                                        double             v,
                                        GTimeZone         *tz);
/* The tooltip's label of a value on an axis (precise: no step). */
char       *mc_chart_value_label       (const McChartAxis *axis,
                                        const McChartAxes *axes,
                                        double             v);

G_END_DECLS
