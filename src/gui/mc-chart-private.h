/* mc-chart-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by mc-chart.c (the widget, its axes and setters) and mc-chart-render.c (layout
 * and the frame: title, legend, axes' labels and grid).
 */
#pragma once

#include "mc-chart.h"

G_BEGIN_DECLS

#define PAD 8.0
#define LEGEND_SWATCH 10.0
#define LEGEND_GAP 14.0
#define CATEGORY_MIN_WIDTH 40.0
#define CATEGORY_LINES 2

struct _McChart
{
  GtkWidget       parent_instance;

  char           *title;
  char           *summary;
  char           *x_title;
  char           *y_title;
  McChartFormat   x_format;
  McChartFormat   y_format;
  GStrv           x_categories;
  GStrv           y_categories;
  gboolean        y_include_zero;
  GTimeZone      *tz;
  McChartNumbers  numbers;

  McChartAxis     x_axis;
  McChartAxis     y_axis;
  gboolean        has_data;
  graphene_rect_t plot;
  char           *hover_text;
};

typedef struct
{
  graphene_rect_t plot;
  double          title_y;
  double          legend_y;
  double          legend_row_h;
  double          y_title_y;
  double          text_h;
} Layout;

gboolean mc_chart_format_is_time   (McChartFormat   format);
void     mc_chart_compute_layout   (McChart        *self,
                                    McChartPainter *painter,
                                    double          width,
                                    double          height,
                                    Layout         *out);
void     mc_chart_render_frame     (McChart        *self,
                                    McChartPainter *painter,
                                    const Layout   *layout,
                                    double          width,
                                    double          height);

G_END_DECLS
