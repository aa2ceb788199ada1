/* mc-chart-bar-layer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The normalised cache holds each bar's bottom and top (0..1); a stack's bars sit on the
 * one below. The hit-test finds the band (mc_chart_hit_band), then the bar in it.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-chart.h"
#include "mc-chart-bar-layer.h"

#define BAR_FRACTION 0.7

struct _McChartBarLayer
{
  McChartLayer parent_instance;

  guint        n_series;
  guint        n_categories;
  double      *values;     /* series-major */
  GStrv        names;
  gboolean     stacked;
  double      *bottoms;    /* normalised, same shape */
  double      *tops;
};

G_DEFINE_FINAL_TYPE (McChartBarLayer, mc_chart_bar_layer, MC_TYPE_CHART_LAYER)

#define AT(self, s, c) ((s) * (self)->n_categories + (c))

void
mc_chart_bar_layer_set_values (McChartBarLayer    *self,
                               guint               n_series,
                               guint               n_categories,
                               const double       *values,
                               const char * const *names,
                               gboolean            stacked)
{
  gsize n = (gsize) n_series * n_categories;

  g_return_if_fail (MC_IS_CHART_BAR_LAYER (self));
  g_return_if_fail (values != NULL || n == 0);

  g_free (self->values);
  g_free (self->bottoms);
  g_free (self->tops);
  g_strfreev (self->names);
  self->n_series = n_series;
  self->n_categories = n_categories;
  self->values = g_memdup2 (values, sizeof (double) * n);
  self->bottoms = g_new0 (double, n);
  self->tops = g_new0 (double, n);
  self->names = names != NULL ? g_strdupv ((char **) names) : NULL;
  self->stacked = stacked;
  mc_chart_layer_data_changed (MC_CHART_LAYER (self));
}

double
mc_chart_bar_layer_get_value (McChartBarLayer *self,
                              guint            series,
                              guint            category)
{
  g_return_val_if_fail (MC_IS_CHART_BAR_LAYER (self), NAN);
  g_return_val_if_fail (series < self->n_series && category < self->n_categories, NAN);
  return self->values[AT (self, series, category)];
}

static const char *
series_name (McChartBarLayer *self,
             guint            s)
{
  if (self->names != NULL && s < g_strv_length (self->names))
    return self->names[s];
  return mc_chart_layer_get_title (MC_CHART_LAYER (self));
}

static void
series_colour (McChartBarLayer *self,
               guint            s,
               GdkRGBA         *colour)
{
  if (self->n_series > 1)
    mc_chart_palette (s, colour);
  else
    mc_chart_layer_get_colour (MC_CHART_LAYER (self), colour);
}

static gboolean
mc_chart_bar_layer_get_range (McChartLayer   *layer,
                              GtkOrientation  orientation,
                              double         *min,
                              double         *max)
{
  McChartBarLayer *self = MC_CHART_BAR_LAYER (layer);

  if (orientation == GTK_ORIENTATION_HORIZONTAL || self->n_categories == 0 || self->n_series == 0)
    return FALSE;
  *min = 0.0;
  *max = 0.0;
  for (guint c = 0; c < self->n_categories; c++)
    {
      double pos = 0.0, neg = 0.0;

      for (guint s = 0; s < self->n_series; s++)
        {
          double v = self->values[AT (self, s, c)];

          if (!isfinite (v))
            continue;
          if (self->stacked)
            {
              if (v >= 0)
                pos += v;
              else
                neg += v;
            }
          else
            {
              pos = MAX (pos, v);
              neg = MIN (neg, v);
            }
        }
      *max = MAX (*max, pos);
      *min = MIN (*min, neg);
    }
  return TRUE;
}

static void
mc_chart_bar_layer_normalise (McChartLayer      *layer,
                              const McChartAxes *axes)
{
  McChartBarLayer *self = MC_CHART_BAR_LAYER (layer);
  double zero = mc_chart_axis_normalise (axes->y, 0.0);

  for (guint c = 0; c < self->n_categories; c++)
    {
      double pos = 0.0, neg = 0.0;

      for (guint s = 0; s < self->n_series; s++)
        {
          double v = self->values[AT (self, s, c)];
          double from = 0.0, to;

          if (!isfinite (v))
            v = 0.0;
          if (self->stacked)
            {
              double *base = v >= 0 ? &pos : &neg;

              from = *base;
              *base += v;
              to = *base;
            }
          else
            to = v;
          self->bottoms[AT (self, s, c)] = from == 0.0 ? zero : mc_chart_axis_normalise (axes->y, from);
          self->tops[AT (self, s, c)] = mc_chart_axis_normalise (axes->y, to);
        }
    }
}

/* Where bar s of category c stands, in 0..1 of the width. */
static void
bar_span (McChartBarLayer *self,
          guint            s,
          guint            c,
          double          *left,
          double          *right)
{
  double band = 1.0 / self->n_categories;
  double bar = band * BAR_FRACTION;
  double start = c * band + (band - bar) / 2;

  if (self->stacked || self->n_series <= 1)
    {
      *left = start;
      *right = start + bar;
      return;
    }
  *left = start + bar * s / self->n_series;
  *right = start + bar * (s + 1) / self->n_series;
}

static void
mc_chart_bar_layer_draw (McChartLayer      *layer,
                         McChartPainter    *painter,
                         const McChartAxes *axes,
                         double             width,
                         double             height)
{
  McChartBarLayer *self = MC_CHART_BAR_LAYER (layer);

  for (guint s = 0; s < self->n_series; s++)
    {
      GdkRGBA colour;

      series_colour (self, s, &colour);
      for (guint c = 0; c < self->n_categories; c++)
        {
          double l, r;
          double b = self->bottoms[AT (self, s, c)], t = self->tops[AT (self, s, c)];
          double y0 = (1.0 - MAX (b, t)) * height, y1 = (1.0 - MIN (b, t)) * height;

          bar_span (self, s, c, &l, &r);
          /* A 1 px gap between neighbours in a group and between stacked bars. */
          mc_chart_painter_fill_rect (painter, &colour, round (l * width), round (y0),
                                      MAX (1.0, round (r * width) - round (l * width) - (self->stacked ? 0 : 1)),
                                      MAX (0.0, round (y1) - round (y0) - (self->stacked && s > 0 ? 1 : 0)));
        }
    }
}

static char *
mc_chart_bar_layer_query (McChartLayer      *layer,
                          const McChartAxes *axes,
                          double             width,
                          double             height,
                          double             x,
                          double             y)
{
  McChartBarLayer *self = MC_CHART_BAR_LAYER (layer);
  int c = mc_chart_hit_band (self->n_categories, x / width, BAR_FRACTION);
  double ny = 1.0 - y / height;
  int hit = -1;
  double total = 0.0, v;
  const char *category = NULL;
  GtkWidget *chart = gtk_widget_get_parent (GTK_WIDGET (layer));
  g_autofree char *value = NULL;
  g_autofree char *share = NULL;

  if (c < 0 || self->n_series == 0)
    return NULL;
  for (guint s = 0; s < self->n_series; s++)
    {
      double l, r, b = self->bottoms[AT (self, s, c)], t = self->tops[AT (self, s, c)];

      bar_span (self, s, c, &l, &r);
      if (isfinite (self->values[AT (self, s, c)]))
        total += self->values[AT (self, s, c)];
      if (x / width >= l && x / width <= r && ny >= MIN (b, t) - 2.0 / height && ny <= MAX (b, t) + 2.0 / height)
        hit = (int) s;
    }
  if (hit < 0)
    return NULL;
  if (MC_IS_CHART (chart))
    category = mc_chart_get_x_category (MC_CHART (chart), c);
  v = self->values[AT (self, hit, c)];
  value = mc_chart_value_label (axes->y, axes, v);
  if (self->n_series > 1 && self->stacked && total > 0)
    {
      share = mc_chart_format_share (v / total, 0);
      /* TRANSLATORS: a stacked bar's tooltip: "Gold, Benefit cost: ¥1,234.00 (12.5%)" */
      return g_strdup_printf (_("%s, %s: %s (%s)"), category != NULL ? category : "", series_name (self, hit),
                              value, share);
    }
  if (self->n_series > 1)
    return g_strdup_printf (C_("chart point", "%s, %s: %s"), category != NULL ? category : "",
                            series_name (self, hit), value);
  return g_strdup_printf (C_("chart point", "%s: %s"), category != NULL ? category : "", value);
}

static void
mc_chart_bar_layer_write_csv (McChartLayer      *layer,
                              const McChartAxes *axes,
                              GPtrArray         *rows)
{
  McChartBarLayer *self = MC_CHART_BAR_LAYER (layer);
  GtkWidget *chart = gtk_widget_get_parent (GTK_WIDGET (layer));

  for (guint s = 0; s < self->n_series; s++)
    for (guint c = 0; c < self->n_categories; c++)
      {
        const char *category = MC_IS_CHART (chart) ? mc_chart_get_x_category (MC_CHART (chart), c) : NULL;
        g_autofree char *index = g_strdup_printf ("%u", c);
        g_autofree char *y = mc_chart_csv_number (axes->y, self->values[AT (self, s, c)], axes->tz);

        mc_chart_csv_row (rows, series_name (self, s), category != NULL ? category : index, y);
      }
}

static void
mc_chart_bar_layer_legend (McChartLayer *layer,
                           GPtrArray    *names,
                           GArray       *colours)
{
  McChartBarLayer *self = MC_CHART_BAR_LAYER (layer);

  if (self->n_series <= 1)
    {
      MC_CHART_LAYER_CLASS (mc_chart_bar_layer_parent_class)->legend (layer, names, colours);
      return;
    }
  for (guint s = 0; s < self->n_series; s++)
    {
      GdkRGBA colour;

      series_colour (self, s, &colour);
      g_ptr_array_add (names, g_strdup (series_name (self, s)));
      g_array_append_val (colours, colour);
    }
}

static void
mc_chart_bar_layer_finalize (GObject *object)
{
  McChartBarLayer *self = MC_CHART_BAR_LAYER (object);

  g_free (self->values);
  g_free (self->bottoms);
  g_free (self->tops);
  g_strfreev (self->names);
  G_OBJECT_CLASS (mc_chart_bar_layer_parent_class)->finalize (object);
}

static void
mc_chart_bar_layer_class_init (McChartBarLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  McChartLayerClass *layer_class = MC_CHART_LAYER_CLASS (klass);

  object_class->finalize = mc_chart_bar_layer_finalize;
  layer_class->get_range = mc_chart_bar_layer_get_range;
  layer_class->normalise = mc_chart_bar_layer_normalise;
  layer_class->draw = mc_chart_bar_layer_draw;
  layer_class->query = mc_chart_bar_layer_query;
  layer_class->write_csv = mc_chart_bar_layer_write_csv;
  layer_class->legend = mc_chart_bar_layer_legend;
}

static void
mc_chart_bar_layer_init (McChartBarLayer *self)
{
}

McChartLayer *
mc_chart_bar_layer_new (const char *title)
{
  return g_object_new (MC_TYPE_CHART_BAR_LAYER, "title", title, NULL);
}
