/* mc-chart.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart's frame: title, legend, axes with their labels and grid, and the plot area its
 * layer children fill. Layout and frame drawing go through a McChartPainter so that the
 * export (mc-chart-export.c) draws exactly what is on screen.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-chart.h"

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

G_DEFINE_FINAL_TYPE (McChart, mc_chart, GTK_TYPE_WIDGET)

typedef struct
{
  graphene_rect_t plot;
  double          title_y;
  double          legend_y;
  double          legend_row_h;
  double          y_title_y;
  double          text_h;
} Layout;

static gboolean
is_time (McChartFormat format)
{
  return format == MC_CHART_FORMAT_MONTH || format == MC_CHART_FORMAT_DAY;
}

static void
update_description (McChart *self)
{
  const char *text = self->hover_text != NULL ? self->hover_text : self->summary;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text != NULL ? text : "", -1);
}

/* Axes */

static void
fit_axis (McChart      *self,
          McChartAxis  *axis,
          GStrv         categories,
          McChartFormat format,
          GtkOrientation orientation,
          gboolean      include_zero)
{
  double lo = INFINITY, hi = -INFINITY;

  if (categories != NULL)
    {
      mc_chart_axis_init_categories (axis, g_strv_length (categories));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      double a, b;

      if (MC_IS_CHART_LAYER (child) && mc_chart_layer_get_range (MC_CHART_LAYER (child), orientation, &a, &b))
        {
          lo = MIN (lo, a);
          hi = MAX (hi, b);
          self->has_data = TRUE;
        }
    }
  if (!(lo <= hi))
    lo = 0.0, hi = 1.0;
  if (is_time (format))
    {
      /* Dates keep their range: the ticks are months (mc_chart_month_ticks). */
      if (hi - lo < 86400.0)
        lo -= 15 * 86400.0, hi += 15 * 86400.0;
      axis->kind = MC_CHART_AXIS_LINEAR;
      axis->format = format;
      axis->min = lo;
      axis->max = hi;
      axis->step = 0.0;
      axis->n_categories = 0;
      return;
    }
  if (include_zero)
    lo = MIN (lo, 0.0), hi = MAX (hi, 0.0);
  mc_chart_axis_init_linear (axis, format, lo, hi, 5);
}

void
mc_chart_refit (McChart *self)
{
  McChartAxes axes;

  g_return_if_fail (MC_IS_CHART (self));

  self->has_data = FALSE;
  fit_axis (self, &self->x_axis, self->x_categories, self->x_format, GTK_ORIENTATION_HORIZONTAL, FALSE);
  fit_axis (self, &self->y_axis, self->y_categories, self->y_format, GTK_ORIENTATION_VERTICAL,
            self->y_include_zero);
  if (self->x_categories != NULL || self->y_categories != NULL)
    {
      /* A category chart has data when a layer says so on its other axis. */
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          double a, b;

          if (MC_IS_CHART_LAYER (child) &&
              (mc_chart_layer_get_range (MC_CHART_LAYER (child), GTK_ORIENTATION_VERTICAL, &a, &b) ||
               mc_chart_layer_get_range (MC_CHART_LAYER (child), GTK_ORIENTATION_HORIZONTAL, &a, &b)))
            self->has_data = TRUE;
        }
    }
  mc_chart_get_axes (self, &axes);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MC_IS_CHART_LAYER (child))
      mc_chart_layer_normalise (MC_CHART_LAYER (child), &axes);
  g_clear_pointer (&self->hover_text, g_free);
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mc_chart_get_axes (McChart     *self,
                   McChartAxes *axes)
{
  g_return_if_fail (MC_IS_CHART (self));

  axes->x = &self->x_axis;
  axes->y = &self->y_axis;
  axes->numbers = self->numbers;
  axes->tz = self->tz;
}

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
  if (self->x_categories == NULL && is_time (self->x_format))
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

static void
compute_layout (McChart        *self,
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

static void
render_frame (McChart        *self,
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

  compute_layout (self, painter, width, height, &layout);
  render_frame (self, painter, &layout, width, height);
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

/* GtkWidget */

static void
mc_chart_size_allocate (GtkWidget *widget,
                        int        width,
                        int        height,
                        int        baseline)
{
  McChart *self = MC_CHART (widget);
  McChartPainter painter = { 0 };
  Layout layout;

  painter.pango = gtk_widget_create_pango_context (widget);
  compute_layout (self, &painter, width, height, &layout);
  mc_chart_painter_clear (&painter);
  self->plot = layout.plot;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_size_allocate (child,
                              &(GtkAllocation) { (int) layout.plot.origin.x, (int) layout.plot.origin.y,
                                                 (int) layout.plot.size.width, (int) layout.plot.size.height },
                              -1);
}

static void
mc_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 180;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 560 : 280;
}

static void
mc_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  McChart *self = MC_CHART (widget);
  McChartPainter painter;
  Layout layout;
  double width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  mc_chart_painter_init_snapshot (&painter, snapshot, widget);
  compute_layout (self, &painter, width, height, &layout);
  render_frame (self, &painter, &layout, width, height);
  mc_chart_painter_clear (&painter);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gtk_widget_snapshot_child (widget, child, snapshot);
}

char *
mc_chart_query (McChart *self,
                double   x,
                double   y)
{
  McChartAxes axes;
  GtkWidget *child;

  g_return_val_if_fail (MC_IS_CHART (self), NULL);

  mc_chart_get_axes (self, &axes);
  /* The top layer first. */
  for (child = gtk_widget_get_last_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_prev_sibling (child))
    if (MC_IS_CHART_LAYER (child))
      {
        char *text = mc_chart_layer_query (MC_CHART_LAYER (child), &axes, self->plot.size.width,
                                           self->plot.size.height, x - self->plot.origin.x,
                                           y - self->plot.origin.y);

        if (text != NULL)
          return text;
      }
  return NULL;
}

static gboolean
mc_chart_query_tooltip (GtkWidget  *widget,
                        int         x,
                        int         y,
                        gboolean    keyboard_mode,
                        GtkTooltip *tooltip)
{
  McChart *self = MC_CHART (widget);
  g_autofree char *text = mc_chart_query (self, x, y);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  if (g_strcmp0 (text, self->hover_text) != 0)
    {
      g_free (self->hover_text);
      self->hover_text = g_steal_pointer (&text);
      update_description (self);
    }
  return TRUE;
}

const char *
mc_chart_get_hover_text (McChart *self)
{
  g_return_val_if_fail (MC_IS_CHART (self), NULL);
  return self->hover_text;
}

void
mc_chart_get_plot_area (McChart         *self,
                        graphene_rect_t *area)
{
  g_return_if_fail (MC_IS_CHART (self));
  *area = self->plot;
}

/* Setters */

static void
replace_str (char       **field,
             const char  *value)
{
  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

const char *
mc_chart_get_title (McChart *self)
{
  g_return_val_if_fail (MC_IS_CHART (self), NULL);
  return self->title;
}

void
mc_chart_set_title (McChart    *self,
                    const char *title)
{
  g_return_if_fail (MC_IS_CHART (self));

  replace_str (&self->title, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title != NULL ? title : "", -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
mc_chart_set_summary (McChart    *self,
                      const char *summary)
{
  g_return_if_fail (MC_IS_CHART (self));

  replace_str (&self->summary, summary);
  update_description (self);
}

void
mc_chart_set_axis_titles (McChart    *self,
                          const char *x_title,
                          const char *y_title)
{
  g_return_if_fail (MC_IS_CHART (self));

  replace_str (&self->x_title, x_title);
  replace_str (&self->y_title, y_title);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
mc_chart_set_x_format (McChart       *self,
                       McChartFormat  format)
{
  g_return_if_fail (MC_IS_CHART (self));
  self->x_format = format;
  mc_chart_refit (self);
}

void
mc_chart_set_y_format (McChart       *self,
                       McChartFormat  format)
{
  g_return_if_fail (MC_IS_CHART (self));
  self->y_format = format;
  mc_chart_refit (self);
}

void
mc_chart_set_x_categories (McChart            *self,
                           const char * const *labels)
{
  g_return_if_fail (MC_IS_CHART (self));
  g_strfreev (self->x_categories);
  self->x_categories = labels != NULL ? g_strdupv ((char **) labels) : NULL;
  mc_chart_refit (self);
}

void
mc_chart_set_y_categories (McChart            *self,
                           const char * const *labels)
{
  g_return_if_fail (MC_IS_CHART (self));
  g_strfreev (self->y_categories);
  self->y_categories = labels != NULL ? g_strdupv ((char **) labels) : NULL;
  mc_chart_refit (self);
}

const char *
mc_chart_get_x_category (McChart *self,
                         guint    index)
{
  g_return_val_if_fail (MC_IS_CHART (self), NULL);
  if (self->x_categories == NULL || index >= g_strv_length (self->x_categories))
    return NULL;
  return self->x_categories[index];
}

const char *
mc_chart_get_y_category (McChart *self,
                         guint    index)
{
  g_return_val_if_fail (MC_IS_CHART (self), NULL);
  if (self->y_categories == NULL || index >= g_strv_length (self->y_categories))
    return NULL;
  return self->y_categories[index];
}

void
mc_chart_set_y_include_zero (McChart  *self,
                             gboolean  include_zero)
{
  g_return_if_fail (MC_IS_CHART (self));
  self->y_include_zero = !!include_zero;
  mc_chart_refit (self);
}

void
mc_chart_set_time_zone (McChart   *self,
                        GTimeZone *tz)
{
  g_return_if_fail (MC_IS_CHART (self));
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = tz != NULL ? g_time_zone_ref (tz) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mc_chart_add_layer (McChart      *self,
                    McChartLayer *layer)
{
  g_return_if_fail (MC_IS_CHART (self));
  g_return_if_fail (MC_IS_CHART_LAYER (layer));

  gtk_widget_set_parent (GTK_WIDGET (layer), GTK_WIDGET (self));
  mc_chart_refit (self);
}

void
mc_chart_remove_layers (McChart *self)
{
  GtkWidget *child;

  g_return_if_fail (MC_IS_CHART (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  mc_chart_refit (self);
}

static void
mc_chart_dispose (GObject *object)
{
  McChart *self = MC_CHART (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (mc_chart_parent_class)->dispose (object);
}

static void
mc_chart_finalize (GObject *object)
{
  McChart *self = MC_CHART (object);

  g_free (self->title);
  g_free (self->summary);
  g_free (self->x_title);
  g_free (self->y_title);
  g_strfreev (self->x_categories);
  g_strfreev (self->y_categories);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_free (self->hover_text);
  G_OBJECT_CLASS (mc_chart_parent_class)->finalize (object);
}

static void
mc_chart_class_init (McChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_chart_dispose;
  object_class->finalize = mc_chart_finalize;
  widget_class->measure = mc_chart_measure;
  widget_class->size_allocate = mc_chart_size_allocate;
  widget_class->snapshot = mc_chart_snapshot;
  widget_class->query_tooltip = mc_chart_query_tooltip;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "mcchart");
}

static void
mc_chart_init (McChart *self)
{
  self->y_include_zero = TRUE;
  self->numbers = mc_chart_numbers_default ();
  self->tz = g_time_zone_new_local ();
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  mc_chart_refit (self);
}

GtkWidget *
mc_chart_new (void)
{
  return g_object_new (MC_TYPE_CHART, NULL);
}
