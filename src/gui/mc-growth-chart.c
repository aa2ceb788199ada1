/* mc-growth-chart.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Axes are plain arithmetic: values normalised to 0..1 once when the series is set, then
 * scaled to the widget's size in snapshot. Labels are Pango layouts in the widget's
 * foreground colour, the line in the accent colour.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-growth-chart.h"
#include "mc-gui.h"

#define PAD_LEFT 56.0
#define PAD_RIGHT 12.0
#define PAD_TOP 12.0
#define PAD_BOTTOM 24.0

struct _McGrowthChart
{
  GtkWidget  parent_instance;

  GArray    *points;        /* McGrowthPoint */
  double    *xs;            /* normalised 0..1 */
  double    *ys;
  gint64     y_max;
  gint64     threshold;
  GTimeZone *tz;
};

G_DEFINE_FINAL_TYPE (McGrowthChart, mc_growth_chart, GTK_TYPE_WIDGET)

/* A round top for the y axis: 1, 2 or 5 times a power of ten. */
static gint64
nice_ceiling (gint64 v)
{
  gint64 p = 1;

  if (v <= 0)
    return 10;
  while (p * 10 <= v)
    p *= 10;
  if (v <= p)
    return p;
  if (v <= 2 * p)
    return 2 * p;
  if (v <= 5 * p)
    return 5 * p;
  return 10 * p;
}

static void
update_description (McGrowthChart *self)
{
  g_autofree char *text = NULL;

  if (self->points == NULL || self->points->len == 0)
    text = g_strdup (_("No growth in the evaluation window"));
  else
    {
      gint64 last = g_array_index (self->points, McGrowthPoint, self->points->len - 1).cumulative;
      g_autofree char *count = mc_gui_format_count (last);

      text = g_strdup_printf (_("Growth in the evaluation window: %s"), count);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
}

void
mc_growth_chart_set_series (McGrowthChart *self,
                            const GArray  *points,
                            gint64         threshold,
                            GTimeZone     *tz)
{
  gint64 t0, t1, top = threshold;

  g_return_if_fail (MC_IS_GROWTH_CHART (self));

  g_clear_pointer (&self->points, g_array_unref);
  g_clear_pointer (&self->xs, g_free);
  g_clear_pointer (&self->ys, g_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = tz != NULL ? g_time_zone_ref (tz) : g_time_zone_new_utc ();
  self->threshold = threshold;
  if (points != NULL && points->len > 0)
    {
      self->points = g_array_sized_new (FALSE, FALSE, sizeof (McGrowthPoint), points->len);
      g_array_append_vals (self->points, points->data, points->len);
      t0 = g_array_index (points, McGrowthPoint, 0).at;
      t1 = g_array_index (points, McGrowthPoint, points->len - 1).at;
      for (guint i = 0; i < points->len; i++)
        top = MAX (top, g_array_index (points, McGrowthPoint, i).cumulative);
      self->y_max = nice_ceiling (top);
      self->xs = g_new (double, points->len);
      self->ys = g_new (double, points->len);
      for (guint i = 0; i < points->len; i++)
        {
          McGrowthPoint *p = &g_array_index (points, McGrowthPoint, i);

          self->xs[i] = t1 > t0 ? (double) (p->at - t0) / (double) (t1 - t0) : 0.0;
          self->ys[i] = CLAMP ((double) p->cumulative / (double) self->y_max, 0.0, 1.0);
        }
    }
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
mc_growth_chart_get_n_points (McGrowthChart *self)
{
  g_return_val_if_fail (MC_IS_GROWTH_CHART (self), 0);
  return self->points != NULL ? self->points->len : 0;
}

static void
draw_text (McGrowthChart  *self,
           GtkSnapshot    *snapshot,
           const char     *text,
           double          x,
           double          y,
           double          xalign,
           const GdkRGBA  *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) (x - w * xalign), (float) (y - h / 2.0)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
mc_growth_chart_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  McGrowthChart *self = MC_GROWTH_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double pw = width - PAD_LEFT - PAD_RIGHT;
  double ph = height - PAD_TOP - PAD_BOTTOM;
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA fg, dim, grid, accent, warn;
  cairo_t *cr;

  if (pw < 20 || ph < 20)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &fg);
  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    gdk_rgba_parse (&accent, "#3584e4");
  if (!gtk_style_context_lookup_color (style, "warning_color", &warn))
    gdk_rgba_parse (&warn, "#c64600");
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = fg;
  dim.alpha *= 0.6f;
  grid = fg;
  grid.alpha *= 0.12f;

  /* Grid lines and y labels: 0, half, top. */
  for (int i = 0; i <= 2; i++)
    {
      double y = PAD_TOP + ph - ph * i / 2.0;
      g_autofree char *label = mc_gui_format_count (self->y_max * i / 2);

      gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT ((float) PAD_LEFT, (float) y, (float) pw, 1.f));
      draw_text (self, snapshot, label, PAD_LEFT - 6, y, 1.0, &dim);
    }
  if (self->points == NULL || self->points->len < 2)
    {
      draw_text (self, snapshot, _("No growth yet"), PAD_LEFT + pw / 2, PAD_TOP + ph / 2, 0.5, &dim);
      return;
    }

  /* x labels: the first, middle and last month. */
  {
    guint idx[] = { 0, self->points->len / 2, self->points->len - 1 };

    for (guint i = 0; i < G_N_ELEMENTS (idx); i++)
      {
        McGrowthPoint *p = &g_array_index (self->points, McGrowthPoint, idx[i]);
        g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (p->at);
        g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->tz);
        g_autofree char *label = g_date_time_format (local, "%Y-%m");

        draw_text (self, snapshot, label, PAD_LEFT + pw * self->xs[idx[i]], height - PAD_BOTTOM / 2,
                   i == 0 ? 0.0 : i == 2 ? 1.0 : 0.5, &dim);
      }
  }

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) width, (float) height));
  if (self->threshold > 0 && self->threshold <= self->y_max)
    {
      double y = PAD_TOP + ph - ph * ((double) self->threshold / (double) self->y_max);
      const double dash[] = { 4.0, 4.0 };

      cairo_set_dash (cr, dash, 2, 0);
      gdk_cairo_set_source_rgba (cr, &warn);
      cairo_set_line_width (cr, 1.0);
      cairo_move_to (cr, PAD_LEFT, y);
      cairo_line_to (cr, PAD_LEFT + pw, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  gdk_cairo_set_source_rgba (cr, &accent);
  cairo_set_line_width (cr, 2.0);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->points->len; i++)
    {
      double x = PAD_LEFT + pw * self->xs[i];
      double y = PAD_TOP + ph - ph * self->ys[i];

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke_preserve (cr);
  /* A light fill under the line. */
  cairo_line_to (cr, PAD_LEFT + pw * self->xs[self->points->len - 1], PAD_TOP + ph);
  cairo_line_to (cr, PAD_LEFT, PAD_TOP + ph);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 0.15);
  cairo_fill (cr);
  cairo_destroy (cr);
}

static void
mc_growth_chart_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 200 : 120;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 160;
}

static void
mc_growth_chart_finalize (GObject *object)
{
  McGrowthChart *self = MC_GROWTH_CHART (object);

  g_clear_pointer (&self->points, g_array_unref);
  g_free (self->xs);
  g_free (self->ys);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  G_OBJECT_CLASS (mc_growth_chart_parent_class)->finalize (object);
}

static void
mc_growth_chart_class_init (McGrowthChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mc_growth_chart_finalize;
  widget_class->snapshot = mc_growth_chart_snapshot;
  widget_class->measure = mc_growth_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "growthchart");
}

static void
mc_growth_chart_init (McGrowthChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Growth chart"), -1);
  self->y_max = 10;
  update_description (self);
}

GtkWidget *
mc_growth_chart_new (void)
{
  return g_object_new (MC_TYPE_GROWTH_CHART, NULL);
}
