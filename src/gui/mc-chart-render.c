/* mc-chart-render.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart's layout and frame: the title, the legend, the axes' labels (category labels
 * wrap into their band) and the grid, around the plot area that the layers fill; through a
 * McChartPainter, so that the export draws what is on screen.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-chart-private.h"

/* Labels of the axes */

static char *
x_label (McChart *self,
         double   v)
{
  if (self->x_categories != NULL)
    {
      guint i = (guint) v;

      return g_strdup (i < g_strv_length (self->x_categories) ? self->x_categories[i] : "");
    }
  return mc_chart_axis_format (&self->x_axis, v, self->numbers, self->tz);
}

static char *
y_label (McChart *self,
         double   v)
{
  if (self->y_categories != NULL)
    {
      guint i = (guint) v;

      return g_strdup (i < g_strv_length (self->y_categories) ? self->y_categories[i] : "");
    }
  return mc_chart_axis_format (&self->y_axis, v, self->numbers, self->tz);
}

static void
y_ticks (McChart      *self,
         McChartTicks *ticks)
{
  mc_chart_axis_ticks (&self->y_axis, ticks);
}

/* The x ticks that fit in width with their labels apart. */
static void
x_ticks (McChart        *self,
         McChartPainter *painter,
         double          width,
         McChartTicks   *ticks)
{
  if (self->x_categories == NULL && mc_chart_format_is_time (self->x_format))
    {
      int w, h;
      g_autofree char *sample = mc_chart_format_date (0, self->x_format, self->tz);

      mc_chart_painter_text_size (painter, sample, FALSE, &w, &h);
      mc_chart_month_ticks ((gint64) self->x_axis.min, (gint64) self->x_axis.max, self->tz,
                            (guint) MAX (1.0, width / (w + 16.0)), ticks);
      return;
    }
  mc_chart_axis_ticks (&self->x_axis, ticks);
  if (self->x_categories != NULL && ticks->n > 1)
    {
      /* Category labels wrap into their band; a band narrower than this skips labels. */
      double band = width / MAX (self->x_axis.n_categories, 1);
      double room = band * (ticks->values[1] - ticks->values[0]);
      guint every = (guint) ceil (CATEGORY_MIN_WIDTH / MAX (room, 1.0));
      if (every > 1)
        {
          guint n = 0;

          for (guint i = 0; i < ticks->n; i += every)
            ticks->values[n++] = ticks->values[i];
          ticks->n = n;
        }
      return;
    }
  if (ticks->n > 1)
    {
      int widest = 0;
      double room = width / ticks->n;
      guint every;

      for (guint i = 0; i < ticks->n; i++)
        {
          g_autofree char *label = x_label (self, ticks->values[i]);
          int w, h;

          mc_chart_painter_text_size (painter, label, FALSE, &w, &h);
          widest = MAX (widest, w);
        }
      every = (guint) ceil ((widest + 10.0) / MAX (room, 1.0));
      if (every > 1)
        {
          guint n = 0;

          for (guint i = 0; i < ticks->n; i += every)
            ticks->values[n++] = ticks->values[i];
          ticks->n = n;
        }
    }
}

static void
legend_entries (McChart   *self,
                GPtrArray *names,
                GArray    *colours)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MC_IS_CHART_LAYER (child))
      mc_chart_layer_legend (MC_CHART_LAYER (child), names, colours);
}

/* The legend's rows at width; draws them when draw is TRUE. Returns the number of rows. */
static guint
legend_rows (McChart        *self,
             McChartPainter *painter,
             double          width,
             double          top,
             double          row_h,
             gboolean        draw)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) colours = g_array_new (FALSE, FALSE, sizeof (GdkRGBA));
  double x = PAD;
  guint rows = 0;

  legend_entries (self, names, colours);
  /* One series needs no legend: the title says it. */
  if (names->len < 2)
    return 0;
  rows = 1;
  for (guint i = 0; i < names->len; i++)
    {
      int w, h;
      double need;

      mc_chart_painter_text_size (painter, names->pdata[i], FALSE, &w, &h);
      need = LEGEND_SWATCH + 4 + w + LEGEND_GAP;
      if (x > PAD && x + need > width - PAD)
        {
          rows++;
          x = PAD;
        }
      if (draw)
        {
          double y = top + (rows - 1) * row_h;

          mc_chart_painter_fill_rect (painter, &g_array_index (colours, GdkRGBA, i), x,
                                      y + (row_h - LEGEND_SWATCH) / 2, LEGEND_SWATCH, LEGEND_SWATCH);
          mc_chart_painter_text (painter, names->pdata[i], x + LEGEND_SWATCH + 4, y + row_h / 2, 0.0, 0.5,
                                 &painter->fg, FALSE);
        }
      x += need;
    }
  return rows;
}

void
mc_chart_compute_layout (McChart        *self,
                McChartPainter *painter,
                double          width,
                double          height,
                Layout         *out)
{
  double top = PAD, left, bottom, right = PAD;
  int w, h, th, title_h = 0, widest = 0;
  McChartTicks ticks;
  guint rows;

  mc_chart_painter_text_size (painter, "Ag", FALSE, &w, &h);
  out->text_h = h;
  out->title_y = top;
  if (self->title != NULL && *self->title != '\0')
    {
      mc_chart_painter_text_size (painter, self->title, TRUE, &w, &title_h);
      top += title_h + 4;
    }
  out->legend_row_h = h + 4;
  out->legend_y = top;
  rows = legend_rows (self, painter, width, top, out->legend_row_h, FALSE);
  top += rows * out->legend_row_h + (rows > 0 ? 4 : 0);
  out->y_title_y = top;
  if (self->y_title != NULL && *self->y_title != '\0')
    top += h + 2;
  top += h / 2.0;   /* room for the top label */

  y_ticks (self, &ticks);
  if (self->y_categories != NULL)
    for (guint i = 0; self->y_categories[i] != NULL; i++)
      {
        mc_chart_painter_text_size (painter, self->y_categories[i], FALSE, &w, NULL);
        widest = MAX (widest, w);
      }
  else
    for (guint i = 0; i < ticks.n; i++)
      {
        g_autofree char *label = y_label (self, ticks.values[i]);

        mc_chart_painter_text_size (painter, label, FALSE, &w, NULL);
        widest = MAX (widest, w);
      }
  left = PAD + widest + 6;
  bottom = PAD + h + 4;
  if (self->x_categories != NULL && self->x_categories[0] != NULL)
    {
      double band = MAX (1.0, (width - left - PAD) / g_strv_length (self->x_categories)) - 4;
      int tallest = h;

      for (guint i = 0; self->x_categories[i] != NULL; i++)
        {
          mc_chart_painter_text_box_size (painter, self->x_categories[i], band, CATEGORY_LINES, &w, &th);
          tallest = MAX (tallest, th);
        }
      bottom = PAD + tallest + 4;
    }
  if (self->x_title != NULL && *self->x_title != '\0')
    bottom += h + 2;
  if (self->x_categories == NULL)
    right = PAD + 24;   /* half of the last label */
  out->plot = GRAPHENE_RECT_INIT ((float) left, (float) top, (float) MAX (0.0, width - left - right),
                                  (float) MAX (0.0, height - top - bottom));
}

void
mc_chart_render_frame (McChart        *self,
              McChartPainter *painter,
              const Layout   *layout,
              double          width,
              double          height)
{
  const graphene_rect_t *p = &layout->plot;
  McChartTicks ticks;

  if (self->title != NULL && *self->title != '\0')
    mc_chart_painter_text (painter, self->title, PAD, layout->title_y, 0.0, 0.0, &painter->fg, TRUE);
  legend_rows (self, painter, width, layout->legend_y, layout->legend_row_h, TRUE);
  if (self->y_title != NULL && *self->y_title != '\0')
    mc_chart_painter_text (painter, self->y_title, PAD, layout->y_title_y, 0.0, 0.0, &painter->dim, FALSE);
  if (self->x_title != NULL && *self->x_title != '\0')
    mc_chart_painter_text (painter, self->x_title, p->origin.x + p->size.width / 2, height - PAD, 0.5, 1.0,
                           &painter->dim, FALSE);
  if (p->size.width < 10 || p->size.height < 10)
    return;

  /* y: grid lines with labels, or category labels (top to bottom). */
  if (self->y_categories != NULL)
    {
      guint n = g_strv_length (self->y_categories);
      guint every = (guint) MAX (1.0, ceil ((layout->text_h + 2) / (p->size.height / MAX (n, 1))));

      for (guint i = 0; i < n; i += every)
        mc_chart_painter_text (painter, self->y_categories[i], p->origin.x - 6,
                               p->origin.y + p->size.height * (i + 0.5) / n, 1.0, 0.5, &painter->dim, FALSE);
    }
  else
    {
      y_ticks (self, &ticks);
      for (guint i = 0; i < ticks.n; i++)
        {
          double y = p->origin.y + p->size.height * (1.0 - mc_chart_axis_normalise (&self->y_axis, ticks.values[i]));
          g_autofree char *label = y_label (self, ticks.values[i]);

          mc_chart_painter_fill_rect (painter, &painter->grid, p->origin.x, round (y), p->size.width, 1.0);
          mc_chart_painter_text (painter, label, p->origin.x - 6, y, 1.0, 0.5, &painter->dim, FALSE);
        }
    }

  /* x: labels under the plot. */
  x_ticks (self, painter, p->size.width, &ticks);
  for (guint i = 0; i < ticks.n; i++)
    {
      double t = mc_chart_axis_normalise (&self->x_axis, ticks.values[i]);
      double x = p->origin.x + p->size.width * t;
      g_autofree char *label = x_label (self, ticks.values[i]);

      if (t < -1e-9 || t > 1.0 + 1e-9)
        continue;
      if (self->x_categories != NULL)
        mc_chart_painter_text_box (painter, label, x, p->origin.y + p->size.height + 4,
                                   MAX (1.0, p->size.width / MAX (self->x_axis.n_categories, 1) - 4),
                                   CATEGORY_LINES, &painter->dim);
      else
        mc_chart_painter_text (painter, label, x, p->origin.y + p->size.height + 4, 0.5, 0.0, &painter->dim, FALSE);
    }

  if (!self->has_data)
    mc_chart_painter_text (painter, _("No data for this selection"), p->origin.x + p->size.width / 2,
                           p->origin.y + p->size.height / 2, 0.5, 0.5, &painter->dim, FALSE);
}

void
mc_chart_render (McChart        *self,
                 McChartPainter *painter,
                 double          width,
                 double          height)
{
  McChartAxes axes;
  Layout layout;

  g_return_if_fail (MC_IS_CHART (self));

  mc_chart_compute_layout (self, painter, width, height, &layout);
  mc_chart_render_frame (self, painter, &layout, width, height);
  mc_chart_get_axes (self, &axes);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MC_IS_CHART_LAYER (child))
      {
        mc_chart_painter_save (painter);
        mc_chart_painter_translate (painter, layout.plot.origin.x, layout.plot.origin.y);
        mc_chart_layer_draw (MC_CHART_LAYER (child), painter, &axes, layout.plot.size.width,
                             layout.plot.size.height);
        mc_chart_painter_restore (painter);
      }
}
