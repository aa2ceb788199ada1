/* mc-chart-painter.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One drawing interface over GtkSnapshot and cairo (see mc-chart-painter.h).
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <string.h>

#include "mc-chart-painter.h"

static void
set_derived_colours (McChartPainter *painter)
{
  painter->dim = painter->fg;
  painter->dim.alpha *= 0.65f;
  painter->grid = painter->fg;
  painter->grid.alpha *= 0.12f;
}

void
mc_chart_painter_init_snapshot (McChartPainter *painter,
                                GtkSnapshot    *snapshot,
                                GtkWidget      *widget)
{
  g_return_if_fail (painter != NULL && GTK_IS_SNAPSHOT (snapshot) && GTK_IS_WIDGET (widget));

  memset (painter, 0, sizeof *painter);
  painter->snapshot = snapshot;
  painter->pango = gtk_widget_create_pango_context (widget);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &painter->fg);
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), "view_bg_color",
                                       &painter->background))
    gdk_rgba_parse (&painter->background, "#ffffff");
  G_GNUC_END_IGNORE_DEPRECATIONS
  /* Light text means a dark theme. */
  painter->dark = (painter->fg.red + painter->fg.green + painter->fg.blue) > 1.5f;
  set_derived_colours (painter);
}

void
mc_chart_painter_init_cairo (McChartPainter *painter,
                             cairo_t        *cr,
                             GtkWidget      *widget,
                             gboolean        dark)
{
  PangoContext *screen;

  g_return_if_fail (painter != NULL && cr != NULL && GTK_IS_WIDGET (widget));

  memset (painter, 0, sizeof *painter);
  painter->cr = cr;
  painter->pango = pango_cairo_create_context (cr);
  screen = gtk_widget_create_pango_context (widget);
  pango_context_set_font_description (painter->pango, pango_context_get_font_description (screen));
  pango_context_set_language (painter->pango, pango_context_get_language (screen));
  g_object_unref (screen);
  painter->dark = dark;
  gdk_rgba_parse (&painter->fg, dark ? "#ffffff" : "#1e1e1e");
  gdk_rgba_parse (&painter->background, dark ? "#242424" : "#ffffff");
  set_derived_colours (painter);
}

void
mc_chart_painter_clear (McChartPainter *painter)
{
  g_return_if_fail (painter != NULL);

  g_clear_object (&painter->pango);
}

void
mc_chart_painter_save (McChartPainter *painter)
{
  if (painter->snapshot != NULL)
    gtk_snapshot_save (painter->snapshot);
  else
    cairo_save (painter->cr);
}

void
mc_chart_painter_translate (McChartPainter *painter,
                            double          x,
                            double          y)
{
  if (painter->snapshot != NULL)
    gtk_snapshot_translate (painter->snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  else
    cairo_translate (painter->cr, x, y);
}

void
mc_chart_painter_restore (McChartPainter *painter)
{
  if (painter->snapshot != NULL)
    gtk_snapshot_restore (painter->snapshot);
  else
    cairo_restore (painter->cr);
}

void
mc_chart_painter_fill_rect (McChartPainter *painter,
                            const GdkRGBA  *colour,
                            double          x,
                            double          y,
                            double          width,
                            double          height)
{
  if (width <= 0 || height <= 0)
    return;
  if (painter->snapshot != NULL)
    gtk_snapshot_append_color (painter->snapshot, colour,
                               &GRAPHENE_RECT_INIT ((float) x, (float) y, (float) width, (float) height));
  else
    {
      gdk_cairo_set_source_rgba (painter->cr, colour);
      cairo_rectangle (painter->cr, x, y, width, height);
      cairo_fill (painter->cr);
    }
}

cairo_t *
mc_chart_painter_begin_cairo (McChartPainter *painter,
                              double          width,
                              double          height)
{
  if (painter->snapshot != NULL)
    return gtk_snapshot_append_cairo (painter->snapshot,
                                      &GRAPHENE_RECT_INIT (-2.f, -2.f, (float) width + 4.f, (float) height + 4.f));
  cairo_save (painter->cr);
  return cairo_reference (painter->cr);
}

void
mc_chart_painter_end_cairo (McChartPainter *painter,
                            cairo_t        *cr)
{
  if (painter->snapshot == NULL)
    cairo_restore (painter->cr);
  cairo_destroy (cr);
}

static PangoLayout *
new_layout (McChartPainter *painter,
            const char     *text,
            gboolean        bold)
{
  PangoLayout *layout = pango_layout_new (painter->pango);

  pango_layout_set_text (layout, text, -1);
  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

void
mc_chart_painter_text_size (McChartPainter *painter,
                            const char     *text,
                            gboolean        bold,
                            int            *width,
                            int            *height)
{
  g_autoptr(PangoLayout) layout = new_layout (painter, text, bold);

  pango_layout_get_pixel_size (layout, width, height);
}

void
mc_chart_painter_text (McChartPainter *painter,
                       const char     *text,
                       double          x,
                       double          y,
                       double          xalign,
                       double          yalign,
                       const GdkRGBA  *colour,
                       gboolean        bold)
{
  g_autoptr(PangoLayout) layout = new_layout (painter, text, bold);
  int w, h;
  double left, top;

  pango_layout_get_pixel_size (layout, &w, &h);
  left = round (x - w * xalign);
  top = round (y - h * yalign);
  if (painter->snapshot != NULL)
    {
      gtk_snapshot_save (painter->snapshot);
      gtk_snapshot_translate (painter->snapshot, &GRAPHENE_POINT_INIT ((float) left, (float) top));
      gtk_snapshot_append_layout (painter->snapshot, layout, colour);
      gtk_snapshot_restore (painter->snapshot);
    }
  else
    {
      cairo_save (painter->cr);
      cairo_move_to (painter->cr, left, top);
      gdk_cairo_set_source_rgba (painter->cr, colour);
      pango_cairo_show_layout (painter->cr, layout);
      cairo_restore (painter->cr);
    }
}

static PangoLayout *
new_box_layout (McChartPainter *painter,
                const char     *text,
                double          width,
                int             max_lines)
{
  PangoLayout *layout = new_layout (painter, text, FALSE);

  pango_layout_set_width (layout, (int) (MAX (width, 1.0) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_height (layout, -MAX (max_lines, 1));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  return layout;
}

void
mc_chart_painter_text_box_size (McChartPainter *painter,
                                const char     *text,
                                double          width,
                                int             max_lines,
                                int            *out_width,
                                int            *out_height)
{
  g_autoptr(PangoLayout) layout = new_box_layout (painter, text, width, max_lines);

  pango_layout_get_pixel_size (layout, out_width, out_height);
}

void
mc_chart_painter_text_box (McChartPainter *painter,
                           const char     *text,
                           double          x,
                           double          y,
                           double          width,
                           int             max_lines,
                           const GdkRGBA  *colour)
{
  g_autoptr(PangoLayout) layout = new_box_layout (painter, text, width, max_lines);
  double left = round (x - width / 2), top = round (y);

  if (painter->snapshot != NULL)
    {
      gtk_snapshot_save (painter->snapshot);
      gtk_snapshot_translate (painter->snapshot, &GRAPHENE_POINT_INIT ((float) left, (float) top));
      gtk_snapshot_append_layout (painter->snapshot, layout, colour);
      gtk_snapshot_restore (painter->snapshot);
    }
  else
    {
      cairo_save (painter->cr);
      cairo_move_to (painter->cr, left, top);
      gdk_cairo_set_source_rgba (painter->cr, colour);
      pango_cairo_show_layout (painter->cr, layout);
      cairo_restore (painter->cr);
    }
}

void
mc_chart_palette (guint    i,
                  GdkRGBA *colour)
{
  /* The GNOME palette's middle shades: blue, green, orange, purple, red, yellow, brown,
   * teal, then lighter ones. */
  static const char *colours[] = {
    "#3584e4", "#2ec27e", "#ff7800", "#9141ac", "#e01b24", "#e5a50a", "#986a44", "#2190a4",
    "#99c1f1", "#8ff0a4", "#ffbe6f", "#dc8add",
  };

  gdk_rgba_parse (colour, colours[i % G_N_ELEMENTS (colours)]);
}
