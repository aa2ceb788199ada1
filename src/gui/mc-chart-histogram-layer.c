/* mc-chart-histogram-layer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bins come from mc_chart_bins_compute; each is a rectangle from its lower to its upper
 * edge (normalised by the chart's x axis) with a pixel of gap.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-chart-histogram-layer.h"

struct _McChartHistogramLayer
{
  McChartLayer parent_instance;

  McChartBins  bins;
  double      *left;     /* normalised edges and heights */
  double      *right;
  double      *top;
};

G_DEFINE_FINAL_TYPE (McChartHistogramLayer, mc_chart_histogram_layer, MC_TYPE_CHART_LAYER)

void
mc_chart_histogram_layer_set_values (McChartHistogramLayer *self,
                                     const double          *values,
                                     gsize                  n,
                                     guint                  target_bins)
{
  g_return_if_fail (MC_IS_CHART_HISTOGRAM_LAYER (self));
  g_return_if_fail (values != NULL || n == 0);

  mc_chart_bins_clear (&self->bins);
  mc_chart_bins_compute (&self->bins, values, n, target_bins);
  g_free (self->left);
  g_free (self->right);
  g_free (self->top);
  self->left = g_new0 (double, self->bins.n_bins);
  self->right = g_new0 (double, self->bins.n_bins);
  self->top = g_new0 (double, self->bins.n_bins);
  mc_chart_layer_data_changed (MC_CHART_LAYER (self));
}

const McChartBins *
mc_chart_histogram_layer_get_bins (McChartHistogramLayer *self)
{
  g_return_val_if_fail (MC_IS_CHART_HISTOGRAM_LAYER (self), NULL);
  return &self->bins;
}

static gboolean
mc_chart_histogram_layer_get_range (McChartLayer   *layer,
                                    GtkOrientation  orientation,
                                    double         *min,
                                    double         *max)
{
  McChartHistogramLayer *self = MC_CHART_HISTOGRAM_LAYER (layer);

  if (self->bins.n_bins == 0)
    return FALSE;
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *min = self->bins.lo;
      *max = self->bins.lo + self->bins.width * self->bins.n_bins;
    }
  else
    {
      *min = 0.0;
      *max = self->bins.max_count;
    }
  return TRUE;
}

static void
mc_chart_histogram_layer_normalise (McChartLayer      *layer,
                                    const McChartAxes *axes)
{
  McChartHistogramLayer *self = MC_CHART_HISTOGRAM_LAYER (layer);

  for (guint i = 0; i < self->bins.n_bins; i++)
    {
      self->left[i] = mc_chart_axis_normalise (axes->x, self->bins.lo + self->bins.width * i);
      self->right[i] = mc_chart_axis_normalise (axes->x, self->bins.lo + self->bins.width * (i + 1));
      self->top[i] = mc_chart_axis_normalise (axes->y, self->bins.counts[i]);
    }
}

static void
mc_chart_histogram_layer_draw (McChartLayer      *layer,
                               McChartPainter    *painter,
                               const McChartAxes *axes,
                               double             width,
                               double             height)
{
  McChartHistogramLayer *self = MC_CHART_HISTOGRAM_LAYER (layer);
  double zero = mc_chart_axis_normalise (axes->y, 0.0);
  GdkRGBA colour;

  mc_chart_layer_get_colour (layer, &colour);
  for (guint i = 0; i < self->bins.n_bins; i++)
    {
      double x0 = round (self->left[i] * width), x1 = round (self->right[i] * width);
      double y0 = round ((1.0 - self->top[i]) * height), y1 = round ((1.0 - zero) * height);

      mc_chart_painter_fill_rect (painter, &colour, x0, y0, MAX (1.0, x1 - x0 - 1), y1 - y0);
    }
}

static char *
mc_chart_histogram_layer_query (McChartLayer      *layer,
                                const McChartAxes *axes,
                                double             width,
                                double             height,
                                double             x,
                                double             y)
{
  McChartHistogramLayer *self = MC_CHART_HISTOGRAM_LAYER (layer);
  double nx = x / width;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *count = NULL;

  for (guint i = 0; i < self->bins.n_bins; i++)
    if (nx >= self->left[i] && nx < self->right[i])
      {
        from = mc_chart_value_label (axes->x, axes, self->bins.lo + self->bins.width * i);
        to = mc_chart_value_label (axes->x, axes, self->bins.lo + self->bins.width * (i + 1));
        count = mc_chart_format_grouped (self->bins.counts[i]);
        /* TRANSLATORS: a histogram bar's tooltip: "¥100.00 – ¥200.00: 1,234 members" */
        return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s – %s: %s member", "%s – %s: %s members",
                                             self->bins.counts[i]),
                                from, to, count);
      }
  return NULL;
}

static void
mc_chart_histogram_layer_write_csv (McChartLayer      *layer,
                                    const McChartAxes *axes,
                                    GPtrArray         *rows)
{
  McChartHistogramLayer *self = MC_CHART_HISTOGRAM_LAYER (layer);

  for (guint i = 0; i < self->bins.n_bins; i++)
    {
      g_autofree char *from = mc_chart_csv_number (axes->x, self->bins.lo + self->bins.width * i, axes->tz);
      g_autofree char *count = g_strdup_printf ("%u", self->bins.counts[i]);

      mc_chart_csv_row (rows, mc_chart_layer_get_title (layer), from, count);
    }
}

static void
mc_chart_histogram_layer_finalize (GObject *object)
{
  McChartHistogramLayer *self = MC_CHART_HISTOGRAM_LAYER (object);

  mc_chart_bins_clear (&self->bins);
  g_free (self->left);
  g_free (self->right);
  g_free (self->top);
  G_OBJECT_CLASS (mc_chart_histogram_layer_parent_class)->finalize (object);
}

static void
mc_chart_histogram_layer_class_init (McChartHistogramLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  McChartLayerClass *layer_class = MC_CHART_LAYER_CLASS (klass);

  object_class->finalize = mc_chart_histogram_layer_finalize;
  layer_class->get_range = mc_chart_histogram_layer_get_range;
  layer_class->normalise = mc_chart_histogram_layer_normalise;
  layer_class->draw = mc_chart_histogram_layer_draw;
  layer_class->query = mc_chart_histogram_layer_query;
  layer_class->write_csv = mc_chart_histogram_layer_write_csv;
}

static void
mc_chart_histogram_layer_init (McChartHistogramLayer *self)
{
}

McChartLayer *
mc_chart_histogram_layer_new (const char *title)
{
  return g_object_new (MC_TYPE_CHART_HISTOGRAM_LAYER, "title", title, NULL);
}
