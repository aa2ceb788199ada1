/* mc-chart-line-layer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The points are kept as given and, normalised by the chart's axes, as two double arrays
 * that drawing and the hit-test read.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-chart-line-layer.h"

#define HIT_RADIUS 12.0
#define DOTS_UP_TO 60

struct _McChartLineLayer
{
  McChartLayer parent_instance;

  guint        n;
  double      *xs;
  double      *ys;
  double      *nx;     /* normalised */
  double      *ny;
};

G_DEFINE_FINAL_TYPE (McChartLineLayer, mc_chart_line_layer, MC_TYPE_CHART_LAYER)

void
mc_chart_line_layer_set_points (McChartLineLayer *self,
                                const double     *xs,
                                const double     *ys,
                                guint             n)
{
  g_return_if_fail (MC_IS_CHART_LINE_LAYER (self));
  g_return_if_fail ((xs != NULL && ys != NULL) || n == 0);

  g_free (self->xs);
  g_free (self->ys);
  g_free (self->nx);
  g_free (self->ny);
  self->n = n;
  self->xs = g_memdup2 (xs, sizeof (double) * n);
  self->ys = g_memdup2 (ys, sizeof (double) * n);
  self->nx = g_new0 (double, n);
  self->ny = g_new0 (double, n);
  mc_chart_layer_data_changed (MC_CHART_LAYER (self));
}

guint
mc_chart_line_layer_get_n_points (McChartLineLayer *self)
{
  g_return_val_if_fail (MC_IS_CHART_LINE_LAYER (self), 0);
  return self->n;
}

static gboolean
mc_chart_line_layer_get_range (McChartLayer   *layer,
                               GtkOrientation  orientation,
                               double         *min,
                               double         *max)
{
  McChartLineLayer *self = MC_CHART_LINE_LAYER (layer);
  const double *v = orientation == GTK_ORIENTATION_HORIZONTAL ? self->xs : self->ys;
  gboolean any = FALSE;

  *min = INFINITY;
  *max = -INFINITY;
  for (guint i = 0; i < self->n; i++)
    if (isfinite (v[i]) && isfinite (self->ys[i]))
      {
        *min = MIN (*min, v[i]);
        *max = MAX (*max, v[i]);
        any = TRUE;
      }
  return any;
}

static void
mc_chart_line_layer_normalise (McChartLayer      *layer,
                               const McChartAxes *axes)
{
  McChartLineLayer *self = MC_CHART_LINE_LAYER (layer);

  for (guint i = 0; i < self->n; i++)
    {
      self->nx[i] = mc_chart_axis_normalise (axes->x, self->xs[i]);
      self->ny[i] = isfinite (self->ys[i]) ? mc_chart_axis_normalise (axes->y, self->ys[i]) : NAN;
    }
}

static void
mc_chart_line_layer_draw (McChartLayer      *layer,
                          McChartPainter    *painter,
                          const McChartAxes *axes,
                          double             width,
                          double             height)
{
  McChartLineLayer *self = MC_CHART_LINE_LAYER (layer);
  GdkRGBA colour;
  cairo_t *cr;
  gboolean pen_down = FALSE;

  if (self->n == 0)
    return;
  mc_chart_layer_get_colour (layer, &colour);
  cr = mc_chart_painter_begin_cairo (painter, width, height);
  gdk_cairo_set_source_rgba (cr, &colour);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->n; i++)
    {
      double x = self->nx[i] * width, y = (1.0 - self->ny[i]) * height;

      if (isnan (self->ny[i]))
        {
          pen_down = FALSE;
          continue;
        }
      if (pen_down)
        cairo_line_to (cr, x, y);
      else
        cairo_move_to (cr, x, y);
      pen_down = TRUE;
    }
  cairo_stroke (cr);
  if (self->n <= DOTS_UP_TO)
    for (guint i = 0; i < self->n; i++)
      if (!isnan (self->ny[i]))
        {
          cairo_arc (cr, self->nx[i] * width, (1.0 - self->ny[i]) * height, 3.0, 0, 2 * G_PI);
          cairo_fill (cr);
        }
  mc_chart_painter_end_cairo (painter, cr);
}

static char *
mc_chart_line_layer_query (McChartLayer      *layer,
                           const McChartAxes *axes,
                           double             width,
                           double             height,
                           double             x,
                           double             y)
{
  McChartLineLayer *self = MC_CHART_LINE_LAYER (layer);
  int i = mc_chart_hit_nearest (self->nx, self->ny, self->n, x / width, 1.0 - y / height, width, height,
                                HIT_RADIUS);
  g_autofree char *xl = NULL;
  g_autofree char *yl = NULL;
  const char *title = mc_chart_layer_get_title (layer);

  if (i < 0)
    return NULL;
  xl = mc_chart_value_label (axes->x, axes, self->xs[i]);
  yl = mc_chart_value_label (axes->y, axes, self->ys[i]);
  if (title == NULL)
    /* TRANSLATORS: a point's tooltip: "2026-03: 1,234" */
    return g_strdup_printf (C_("chart point", "%s: %s"), xl, yl);
  /* TRANSLATORS: a point's tooltip: "D7, 2026-03: 35.2%" */
  return g_strdup_printf (C_("chart point", "%s, %s: %s"), title, xl, yl);
}

static void
mc_chart_line_layer_write_csv (McChartLayer      *layer,
                               const McChartAxes *axes,
                               GPtrArray         *rows)
{
  McChartLineLayer *self = MC_CHART_LINE_LAYER (layer);

  for (guint i = 0; i < self->n; i++)
    {
      g_autofree char *x = mc_chart_csv_number (axes->x, self->xs[i], axes->tz);
      g_autofree char *y = isfinite (self->ys[i]) ? mc_chart_csv_number (axes->y, self->ys[i], axes->tz) : g_strdup ("");

      mc_chart_csv_row (rows, mc_chart_layer_get_title (layer), x, y);
    }
}

static void
mc_chart_line_layer_finalize (GObject *object)
{
  McChartLineLayer *self = MC_CHART_LINE_LAYER (object);

  g_free (self->xs);
  g_free (self->ys);
  g_free (self->nx);
  g_free (self->ny);
  G_OBJECT_CLASS (mc_chart_line_layer_parent_class)->finalize (object);
}

static void
mc_chart_line_layer_class_init (McChartLineLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  McChartLayerClass *layer_class = MC_CHART_LAYER_CLASS (klass);

  object_class->finalize = mc_chart_line_layer_finalize;
  layer_class->get_range = mc_chart_line_layer_get_range;
  layer_class->normalise = mc_chart_line_layer_normalise;
  layer_class->draw = mc_chart_line_layer_draw;
  layer_class->query = mc_chart_line_layer_query;
  layer_class->write_csv = mc_chart_line_layer_write_csv;
}

static void
mc_chart_line_layer_init (McChartLineLayer *self)
{
}

McChartLayer *
mc_chart_line_layer_new (const char *title)
{
  return g_object_new (MC_TYPE_CHART_LINE_LAYER, "title", title, NULL);
}
