/* mc-chart-heatmap-layer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each cell is a rectangle in a colour between the view's background and the accent
 * (mc_chart_heat_colour); its text is light or dark as its colour needs
 * (mc_chart_wants_light_text). The hit-test is mc_chart_hit_cell.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-chart.h"
#include "mc-chart-heatmap-layer.h"

struct _McChartHeatmapLayer
{
  McChartLayer parent_instance;

  guint        rows;
  guint        cols;
  double      *shares;
  gint64      *counts;
  gint64      *totals;
};

G_DEFINE_FINAL_TYPE (McChartHeatmapLayer, mc_chart_heatmap_layer, MC_TYPE_CHART_LAYER)

void
mc_chart_heatmap_layer_set_cells (McChartHeatmapLayer *self,
                                  guint                rows,
                                  guint                cols,
                                  const double        *shares,
                                  const gint64        *counts,
                                  const gint64        *totals)
{
  gsize n = (gsize) rows * cols;

  g_return_if_fail (MC_IS_CHART_HEATMAP_LAYER (self));
  g_return_if_fail (shares != NULL || n == 0);

  g_free (self->shares);
  g_clear_pointer (&self->counts, g_free);
  g_clear_pointer (&self->totals, g_free);
  self->rows = rows;
  self->cols = cols;
  self->shares = g_memdup2 (shares, sizeof (double) * n);
  if (counts != NULL)
    self->counts = g_memdup2 (counts, sizeof (gint64) * n);
  if (totals != NULL)
    self->totals = g_memdup2 (totals, sizeof (gint64) * rows);
  mc_chart_layer_data_changed (MC_CHART_LAYER (self));
}

gboolean
mc_chart_heatmap_layer_get_cell_centre (McChartHeatmapLayer *self,
                                        guint                row,
                                        guint                col,
                                        double              *x,
                                        double              *y)
{
  double w = gtk_widget_get_width (GTK_WIDGET (self)), h = gtk_widget_get_height (GTK_WIDGET (self));

  g_return_val_if_fail (MC_IS_CHART_HEATMAP_LAYER (self), FALSE);

  if (row >= self->rows || col >= self->cols || w <= 0 || h <= 0)
    return FALSE;
  *x = w * (col + 0.5) / self->cols;
  *y = h * (row + 0.5) / self->rows;
  return TRUE;
}

static gboolean
mc_chart_heatmap_layer_get_range (McChartLayer   *layer,
                                  GtkOrientation  orientation,
                                  double         *min,
                                  double         *max)
{
  McChartHeatmapLayer *self = MC_CHART_HEATMAP_LAYER (layer);

  *min = 0.0;
  *max = 1.0;
  return self->rows > 0 && self->cols > 0;
}

static void
colour_scale (McChartPainter *painter,
              double          low[3],
              double          high[3])
{
  GdkRGBA accent;

  gdk_rgba_parse (&accent, painter->dark ? "#62a0ea" : "#1c71d8");
  low[0] = painter->background.red;
  low[1] = painter->background.green;
  low[2] = painter->background.blue;
  /* The emptiest cell is a shade off the background, so that it reads as a cell. */
  for (int i = 0; i < 3; i++)
    low[i] = low[i] * 0.9 + (painter->dark ? 0.1 : 0.0) + (i == 2 ? 0.04 : 0.0);
  high[0] = accent.red;
  high[1] = accent.green;
  high[2] = accent.blue;
}

static void
mc_chart_heatmap_layer_draw (McChartLayer      *layer,
                             McChartPainter    *painter,
                             const McChartAxes *axes,
                             double             width,
                             double             height)
{
  McChartHeatmapLayer *self = MC_CHART_HEATMAP_LAYER (layer);
  double low[3], high[3];
  double cw, ch;
  int tw, th;

  if (self->rows == 0 || self->cols == 0)
    return;
  colour_scale (painter, low, high);
  cw = width / self->cols;
  ch = height / self->rows;
  mc_chart_painter_text_size (painter, "100.0%", FALSE, &tw, &th);
  for (guint r = 0; r < self->rows; r++)
    for (guint c = 0; c < self->cols; c++)
      {
        double share = self->shares[r * self->cols + c];
        double rgb[3];
        GdkRGBA colour, text;
        double x0 = round (c * cw), y0 = round (r * ch);
        double x1 = round ((c + 1) * cw), y1 = round ((r + 1) * ch);

        if (!mc_chart_heat_colour (share, low, high, rgb))
          continue;
        colour = (GdkRGBA) { (float) rgb[0], (float) rgb[1], (float) rgb[2], 1.f };
        mc_chart_painter_fill_rect (painter, &colour, x0, y0, x1 - x0 - 1, y1 - y0 - 1);
        if (x1 - x0 >= tw * 0.8 && y1 - y0 >= th)
          {
            g_autofree char *label = mc_chart_format_share (share, share >= 0.1 || share == 0 ? 0.01 : 0.001);

            if (mc_chart_wants_light_text (rgb))
              gdk_rgba_parse (&text, "#ffffff");
            else
              gdk_rgba_parse (&text, "#1e1e1e");
            mc_chart_painter_text (painter, label, (x0 + x1 - 1) / 2, (y0 + y1 - 1) / 2, 0.5, 0.5, &text, FALSE);
          }
      }
}

static char *
mc_chart_heatmap_layer_query (McChartLayer      *layer,
                              const McChartAxes *axes,
                              double             width,
                              double             height,
                              double             x,
                              double             y)
{
  McChartHeatmapLayer *self = MC_CHART_HEATMAP_LAYER (layer);
  GtkWidget *chart = gtk_widget_get_parent (GTK_WIDGET (layer));
  const char *row_label = NULL, *col_label = NULL;
  g_autofree char *share = NULL;
  guint r, c;
  double v;

  if (!mc_chart_hit_cell (self->rows, self->cols, x / width, 1.0 - y / height, &r, &c))
    return NULL;
  v = self->shares[r * self->cols + c];
  if (isnan (v))
    return NULL;
  if (MC_IS_CHART (chart))
    {
      row_label = mc_chart_get_y_category (MC_CHART (chart), r);
      col_label = mc_chart_get_x_category (MC_CHART (chart), c);
    }
  share = mc_chart_format_share (v, 0);
  if (self->counts != NULL && self->totals != NULL)
    {
      g_autofree char *count = mc_chart_format_grouped (self->counts[r * self->cols + c]);
      g_autofree char *total = mc_chart_format_grouped (self->totals[r]);

      /* TRANSLATORS: a cohort cell's tooltip: "Cohort 2026-03, month 2: 35.2% (1,234 of 3,506)" */
      return g_strdup_printf (_("%s, %s: %s (%s of %s)"), row_label != NULL ? row_label : "",
                              col_label != NULL ? col_label : "", share, count, total);
    }
  return g_strdup_printf (C_("chart point", "%s, %s: %s"), row_label != NULL ? row_label : "",
                          col_label != NULL ? col_label : "", share);
}

static void
mc_chart_heatmap_layer_write_csv (McChartLayer      *layer,
                                  const McChartAxes *axes,
                                  GPtrArray         *rows)
{
  McChartHeatmapLayer *self = MC_CHART_HEATMAP_LAYER (layer);
  GtkWidget *chart = gtk_widget_get_parent (GTK_WIDGET (layer));

  for (guint r = 0; r < self->rows; r++)
    for (guint c = 0; c < self->cols; c++)
      {
        double v = self->shares[r * self->cols + c];
        const char *rl = MC_IS_CHART (chart) ? mc_chart_get_y_category (MC_CHART (chart), r) : NULL;
        const char *cl = MC_IS_CHART (chart) ? mc_chart_get_x_category (MC_CHART (chart), c) : NULL;
        g_autofree char *ri = g_strdup_printf ("%u", r);
        g_autofree char *ci = g_strdup_printf ("%u", c);
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (isnan (v))
          continue;
        mc_chart_csv_row (rows, rl != NULL ? rl : ri, cl != NULL ? cl : ci,
                          g_ascii_formatd (buf, sizeof buf, "%.6g", v));
      }
}

static void
mc_chart_heatmap_layer_legend (McChartLayer *layer,
                               GPtrArray    *names,
                               GArray       *colours)
{
  /* The cells say their share: no legend. */
}

static void
mc_chart_heatmap_layer_finalize (GObject *object)
{
  McChartHeatmapLayer *self = MC_CHART_HEATMAP_LAYER (object);

  g_free (self->shares);
  g_free (self->counts);
  g_free (self->totals);
  G_OBJECT_CLASS (mc_chart_heatmap_layer_parent_class)->finalize (object);
}

static void
mc_chart_heatmap_layer_class_init (McChartHeatmapLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  McChartLayerClass *layer_class = MC_CHART_LAYER_CLASS (klass);

  object_class->finalize = mc_chart_heatmap_layer_finalize;
  layer_class->get_range = mc_chart_heatmap_layer_get_range;
  layer_class->draw = mc_chart_heatmap_layer_draw;
  layer_class->query = mc_chart_heatmap_layer_query;
  layer_class->write_csv = mc_chart_heatmap_layer_write_csv;
  layer_class->legend = mc_chart_heatmap_layer_legend;
}

static void
mc_chart_heatmap_layer_init (McChartHeatmapLayer *self)
{
}

McChartLayer *
mc_chart_heatmap_layer_new (const char *title)
{
  return g_object_new (MC_TYPE_CHART_HEATMAP_LAYER, "title", title, NULL);
}
