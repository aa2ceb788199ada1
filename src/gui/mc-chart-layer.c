/* mc-chart-layer.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The base of the chart layers: a title and a colour for the legend, and the snapshot that
 * runs the layer's draw() over the plot area its chart gave it.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include "mc-chart.h"
#include "mc-chart-layer.h"

typedef struct
{
  char    *title;
  GdkRGBA  colour;
  gboolean has_colour;
} McChartLayerPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (McChartLayer, mc_chart_layer, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
mc_chart_layer_get_title (McChartLayer *self)
{
  McChartLayerPrivate *priv = mc_chart_layer_get_instance_private (self);

  g_return_val_if_fail (MC_IS_CHART_LAYER (self), NULL);
  return priv->title;
}

void
mc_chart_layer_set_title (McChartLayer *self,
                          const char   *title)
{
  McChartLayerPrivate *priv = mc_chart_layer_get_instance_private (self);

  g_return_if_fail (MC_IS_CHART_LAYER (self));

  if (g_strcmp0 (priv->title, title) != 0)
    {
      g_free (priv->title);
      priv->title = g_strdup (title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      title != NULL ? title : "", -1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
      mc_chart_layer_data_changed (self);
    }
}

void
mc_chart_layer_get_colour (McChartLayer *self,
                           GdkRGBA      *colour)
{
  McChartLayerPrivate *priv = mc_chart_layer_get_instance_private (self);

  g_return_if_fail (MC_IS_CHART_LAYER (self));

  if (priv->has_colour)
    *colour = priv->colour;
  else
    {
      GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
      guint index = 0;

      /* The next palette colour after the layers below. */
      if (parent != NULL)
        for (GtkWidget *w = gtk_widget_get_first_child (parent); w != NULL && w != GTK_WIDGET (self);
             w = gtk_widget_get_next_sibling (w))
          index++;
      mc_chart_palette (index, colour);
    }
}

void
mc_chart_layer_set_colour (McChartLayer  *self,
                           const GdkRGBA *colour)
{
  McChartLayerPrivate *priv = mc_chart_layer_get_instance_private (self);

  g_return_if_fail (MC_IS_CHART_LAYER (self));

  priv->has_colour = colour != NULL;
  if (colour != NULL)
    priv->colour = *colour;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mc_chart_layer_data_changed (McChartLayer *self)
{
  GtkWidget *parent;

  g_return_if_fail (MC_IS_CHART_LAYER (self));

  parent = gtk_widget_get_parent (GTK_WIDGET (self));
  if (MC_IS_CHART (parent))
    mc_chart_refit (MC_CHART (parent));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
mc_chart_layer_get_range (McChartLayer   *self,
                          GtkOrientation  orientation,
                          double         *min,
                          double         *max)
{
  McChartLayerClass *klass = MC_CHART_LAYER_GET_CLASS (self);

  return klass->get_range != NULL && klass->get_range (self, orientation, min, max);
}

void
mc_chart_layer_normalise (McChartLayer      *self,
                          const McChartAxes *axes)
{
  McChartLayerClass *klass = MC_CHART_LAYER_GET_CLASS (self);

  if (klass->normalise != NULL)
    klass->normalise (self, axes);
}

void
mc_chart_layer_draw (McChartLayer      *self,
                     McChartPainter    *painter,
                     const McChartAxes *axes,
                     double             width,
                     double             height)
{
  McChartLayerClass *klass = MC_CHART_LAYER_GET_CLASS (self);

  if (klass->draw != NULL && width > 0 && height > 0)
    klass->draw (self, painter, axes, width, height);
}

char *
mc_chart_layer_query (McChartLayer      *self,
                      const McChartAxes *axes,
                      double             width,
                      double             height,
                      double             x,
                      double             y)
{
  McChartLayerClass *klass = MC_CHART_LAYER_GET_CLASS (self);

  if (klass->query == NULL || width <= 0 || height <= 0)
    return NULL;
  return klass->query (self, axes, width, height, x, y);
}

void
mc_chart_layer_write_csv (McChartLayer      *self,
                          const McChartAxes *axes,
                          GPtrArray         *rows)
{
  McChartLayerClass *klass = MC_CHART_LAYER_GET_CLASS (self);

  if (klass->write_csv != NULL)
    klass->write_csv (self, axes, rows);
}

void
mc_chart_layer_legend (McChartLayer *self,
                       GPtrArray    *names,
                       GArray       *colours)
{
  McChartLayerClass *klass = MC_CHART_LAYER_GET_CLASS (self);

  klass->legend (self, names, colours);
}

void
mc_chart_csv_row (GPtrArray  *rows,
                  const char *series,
                  const char *x,
                  const char *y)
{
  char **row = g_new0 (char *, 4);

  row[0] = g_strdup (series != NULL ? series : "");
  row[1] = g_strdup (x);
  row[2] = g_strdup (y);
  g_ptr_array_add (rows, row);
}

char *
mc_chart_csv_number (const McChartAxis *axis,
                     double             v,
                     GTimeZone         *tz)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (axis->format == MC_CHART_FORMAT_MONTH || axis->format == MC_CHART_FORMAT_DAY)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc ((gint64) v);
      g_autoptr(GDateTime) local = utc != NULL && tz != NULL ? g_date_time_to_timezone (utc, tz) : NULL;

      if (local != NULL || utc != NULL)
        return g_date_time_format (local != NULL ? local : utc, "%Y-%m-%d");
    }
  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.10g", v));
}

char *
mc_chart_value_label (const McChartAxis *axis,
                      const McChartAxes *axes,
                      double             v)
{
  McChartAxis precise = *axis;

  precise.step = 0.0;
  return mc_chart_axis_format (&precise, v, axes->numbers, axes->tz);
}

static void
mc_chart_layer_real_legend (McChartLayer *self,
                            GPtrArray    *names,
                            GArray       *colours)
{
  McChartLayerPrivate *priv = mc_chart_layer_get_instance_private (self);
  GdkRGBA colour;

  if (priv->title == NULL || *priv->title == '\0')
    return;
  mc_chart_layer_get_colour (self, &colour);
  g_ptr_array_add (names, g_strdup (priv->title));
  g_array_append_val (colours, colour);
}

static void
mc_chart_layer_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  McChartLayer *self = MC_CHART_LAYER (widget);
  GtkWidget *parent = gtk_widget_get_parent (widget);
  McChartPainter painter;
  McChartAxes axes;

  if (!MC_IS_CHART (parent))
    return;
  mc_chart_get_axes (MC_CHART (parent), &axes);
  mc_chart_painter_init_snapshot (&painter, snapshot, parent);
  mc_chart_layer_draw (self, &painter, &axes, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  mc_chart_painter_clear (&painter);
}

static void
mc_chart_layer_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  McChartLayer *self = MC_CHART_LAYER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, mc_chart_layer_get_title (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_chart_layer_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  McChartLayer *self = MC_CHART_LAYER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      mc_chart_layer_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_chart_layer_finalize (GObject *object)
{
  McChartLayerPrivate *priv = mc_chart_layer_get_instance_private (MC_CHART_LAYER (object));

  g_free (priv->title);
  G_OBJECT_CLASS (mc_chart_layer_parent_class)->finalize (object);
}

static void
mc_chart_layer_class_init (McChartLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mc_chart_layer_finalize;
  object_class->get_property = mc_chart_layer_get_property;
  object_class->set_property = mc_chart_layer_set_property;
  widget_class->snapshot = mc_chart_layer_snapshot;
  klass->legend = mc_chart_layer_real_legend;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mc_chart_layer_init (McChartLayer *self)
{
  /* The chart answers tooltips for all its layers. */
  gtk_widget_set_can_target (GTK_WIDGET (self), FALSE);
}
