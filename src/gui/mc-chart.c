/* mc-chart.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart widget: its axes fitted to the layers' data (which then normalise their
 * series), the plot area given to the layer children, tooltips from the layers' hit-tests,
 * and the setters. The frame is drawn in mc-chart-render.c.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-chart-private.h"

G_DEFINE_FINAL_TYPE (McChart, mc_chart, GTK_TYPE_WIDGET)

gboolean
mc_chart_format_is_time (McChartFormat format)
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
  if (mc_chart_format_is_time (format))
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
  mc_chart_compute_layout (self, &painter, width, height, &layout);
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
  mc_chart_compute_layout (self, &painter, width, height, &layout);
  mc_chart_render_frame (self, &painter, &layout, width, height);
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
