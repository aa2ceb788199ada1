/* mc-chart-scatter-layer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dots with cairo; the hit-test is mc_chart_hit_nearest over the normalised points.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-chart-scatter-layer.h"

#define RADIUS 3.0
#define HIT_RADIUS 6.0

struct _McChartScatterLayer
{
  McChartLayer parent_instance;

  guint        n;
  double      *xs;
  double      *ys;
  GStrv        labels;
  double      *nx;
  double      *ny;
};

G_DEFINE_FINAL_TYPE (McChartScatterLayer, mc_chart_scatter_layer, MC_TYPE_CHART_LAYER)

void
mc_chart_scatter_layer_set_points (McChartScatterLayer *self,
                                   const double        *xs,
                                   const double        *ys,
                                   const char * const  *labels,
                                   guint                n)
{
  g_return_if_fail (MC_IS_CHART_SCATTER_LAYER (self));
  g_return_if_fail ((xs != NULL && ys != NULL) || n == 0);

  g_free (self->xs);
  g_free (self->ys);
  g_free (self->nx);
  g_free (self->ny);
  g_strfreev (self->labels);
  self->n = n;
  self->xs = g_memdup2 (xs, sizeof (double) * n);
  self->ys = g_memdup2 (ys, sizeof (double) * n);
  self->labels = labels != NULL ? g_strdupv ((char **) labels) : NULL;
  self->nx = g_new0 (double, n);
  self->ny = g_new0 (double, n);
  mc_chart_layer_data_changed (MC_CHART_LAYER (self));
}

static gboolean
mc_chart_scatter_layer_get_range (McChartLayer   *layer,
                                  GtkOrientation  orientation,
                                  double         *min,
                                  double         *max)
{
  McChartScatterLayer *self = MC_CHART_SCATTER_LAYER (layer);
  const double *v = orientation == GTK_ORIENTATION_HORIZONTAL ? self->xs : self->ys;
  gboolean any = FALSE;

  *min = INFINITY;
  *max = -INFINITY;
  for (guint i = 0; i < self->n; i++)
    if (isfinite (v[i]))
      {
        *min = MIN (*min, v[i]);
        *max = MAX (*max, v[i]);
        any = TRUE;
      }
  return any;
}

static void
mc_chart_scatter_layer_normalise (McChartLayer      *layer,
                                  const McChartAxes *axes)
{
  McChartScatterLayer *self = MC_CHART_SCATTER_LAYER (layer);

  for (guint i = 0; i < self->n; i++)
    {
      self->nx[i] = mc_chart_axis_normalise (axes->x, self->xs[i]);
      self->ny[i] = mc_chart_axis_normalise (axes->y, self->ys[i]);
    }
}

static void
mc_chart_scatter_layer_draw (McChartLayer      *layer,
                             McChartPainter    *painter,
                             const McChartAxes *axes,
                             double             width,
                             double             height)
{
  McChartScatterLayer *self = MC_CHART_SCATTER_LAYER (layer);
  GdkRGBA colour;
  cairo_t *cr;

  if (self->n == 0)
    return;
  mc_chart_layer_get_colour (layer, &colour);
  colour.alpha = self->n > 500 ? 0.35f : 0.6f;
  cr = mc_chart_painter_begin_cairo (painter, width, height);
  gdk_cairo_set_source_rgba (cr, &colour);
  for (guint i = 0; i < self->n; i++)
    if (isfinite (self->nx[i]) && isfinite (self->ny[i]))
      {
        cairo_new_sub_path (cr);
        cairo_arc (cr, self->nx[i] * width, (1.0 - self->ny[i]) * height, RADIUS, 0, 2 * G_PI);
        cairo_fill (cr);
      }
  mc_chart_painter_end_cairo (painter, cr);
}

static char *
mc_chart_scatter_layer_query (McChartLayer      *layer,
                              const McChartAxes *axes,
                              double             width,
                              double             height,
                              double             x,
                              double             y)
{
  McChartScatterLayer *self = MC_CHART_SCATTER_LAYER (layer);
  int i = mc_chart_hit_nearest (self->nx, self->ny, self->n, x / width, 1.0 - y / height, width, height,
                                HIT_RADIUS);
  g_autofree char *xl = NULL;
  g_autofree char *yl = NULL;

  if (i < 0)
    return NULL;
  xl = mc_chart_value_label (axes->x, axes, self->xs[i]);
  yl = mc_chart_value_label (axes->y, axes, self->ys[i]);
  if (self->labels != NULL && (guint) i < g_strv_length (self->labels))
    /* TRANSLATORS: a point of a scatter chart: "Member M00012: 30, ¥1,234.00" */
    return g_strdup_printf (_("%s: %s, %s"), self->labels[i], xl, yl);
  /* TRANSLATORS: a point of a scatter chart without a name: "30, ¥1,234.00" */
  return g_strdup_printf (_("%s, %s"), xl, yl);
}

static void
mc_chart_scatter_layer_write_csv (McChartLayer      *layer,
                                  const McChartAxes *axes,
                                  GPtrArray         *rows)
{
  McChartScatterLayer *self = MC_CHART_SCATTER_LAYER (layer);

  for (guint i = 0; i < self->n; i++)
    {
      g_autofree char *x = mc_chart_csv_number (axes->x, self->xs[i], axes->tz);
      g_autofree char *y = mc_chart_csv_number (axes->y, self->ys[i], axes->tz);
      const char *series = self->labels != NULL && i < g_strv_length (self->labels) ? self->labels[i]
                                                                                    : mc_chart_layer_get_title (layer);

      mc_chart_csv_row (rows, series, x, y);
    }
}

static void
mc_chart_scatter_layer_finalize (GObject *object)
{
  McChartScatterLayer *self = MC_CHART_SCATTER_LAYER (object);

  g_free (self->xs);
  g_free (self->ys);
  g_free (self->nx);
  g_free (self->ny);
  g_strfreev (self->labels);
  G_OBJECT_CLASS (mc_chart_scatter_layer_parent_class)->finalize (object);
}

static void
mc_chart_scatter_layer_class_init (McChartScatterLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  McChartLayerClass *layer_class = MC_CHART_LAYER_CLASS (klass);

  object_class->finalize = mc_chart_scatter_layer_finalize;
  layer_class->get_range = mc_chart_scatter_layer_get_range;
  layer_class->normalise = mc_chart_scatter_layer_normalise;
  layer_class->draw = mc_chart_scatter_layer_draw;
  layer_class->query = mc_chart_scatter_layer_query;
  layer_class->write_csv = mc_chart_scatter_layer_write_csv;
}

static void
mc_chart_scatter_layer_init (McChartScatterLayer *self)
{
}

McChartLayer *
mc_chart_scatter_layer_new (const char *title)
{
  return g_object_new (MC_TYPE_CHART_SCATTER_LAYER, "title", title, NULL);
}
