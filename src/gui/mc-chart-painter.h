/* mc-chart-painter.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the charts draw with: the same calls paint into a GtkSnapshot on screen (rectangles
 * as gtk_snapshot_append_color, lines through cairo) or into any cairo context (a PNG, SVG
 * or PDF surface for export), so a chart and its export are one drawing code.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  GtkSnapshot  *snapshot;     /* on screen, or */
  cairo_t      *cr;           /* a cairo surface */
  PangoContext *pango;        /* owned */
  GdkRGBA       fg;           /* text */
  GdkRGBA       dim;          /* axis labels */
  GdkRGBA       grid;         /* grid lines */
  GdkRGBA       background;   /* what a cell's text sits on when it has no colour */
  gboolean      dark;
} McChartPainter;

/* The colours of widget's style (light or dark). */
void     mc_chart_painter_init_snapshot (McChartPainter *painter,
                                         GtkSnapshot    *snapshot,
                                         GtkWidget      *widget);
/* Black on white (dark FALSE) or the reverse, with widget's font. */
void     mc_chart_painter_init_cairo    (McChartPainter *painter,
                                         cairo_t        *cr,
                                         GtkWidget      *widget,
                                         gboolean        dark);
void     mc_chart_painter_clear         (McChartPainter *painter);

void     mc_chart_painter_save          (McChartPainter *painter);
void     mc_chart_painter_translate     (McChartPainter *painter,
                                         double          x,
                                         double          y);
void     mc_chart_painter_restore       (McChartPainter *painter);

void     mc_chart_painter_fill_rect     (McChartPainter *painter,
                                         const GdkRGBA  *colour,
                                         double          x,
                                         double          y,
                                         double          width,
                                         double          height);
/* A cairo context over (0, 0, width, height) for lines and circles; end it with
 * mc_chart_painter_end_cairo(). */
cairo_t *mc_chart_painter_begin_cairo   (McChartPainter *painter,
                                         double          width,
                                         double          height);
void     mc_chart_painter_end_cairo     (McChartPainter *painter,
                                         cairo_t        *cr);

/* Text at (x, y) aligned by xalign and yalign (0 left/top .. 1 right/bottom). */
void     mc_chart_painter_text          (McChartPainter *painter,
                                         const char     *text,
                                         double          x,
                                         double          y,
                                         double          xalign,
                                         double          yalign,
                                         const GdkRGBA  *colour,
                                         gboolean        bold);
void     mc_chart_painter_text_size     (McChartPainter *painter,
                                         const char     *text,
                                         gboolean        bold,
                                         int            *width,
                                         int            *height);

/* Text centred in a box width wide, wrapped to at most max_lines lines (then ellipsized),
 * its top at y; and its size. */
void     mc_chart_painter_text_box      (McChartPainter *painter,
                                         const char     *text,
                                         double          x,
                                         double          y,
                                         double          width,
                                         int             max_lines,
                                         const GdkRGBA  *colour);
void     mc_chart_painter_text_box_size (McChartPainter *painter,
                                         const char     *text,
                                         double          width,
                                         int             max_lines,
                                         int            *out_width,
                                         int            *out_height);

/* The colour of series i: a palette that reads on light and dark. */
void     mc_chart_palette               (guint           i,
                                         GdkRGBA        *colour);

G_END_DECLS
