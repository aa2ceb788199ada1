/* mc-chart-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart to a file: PNG, SVG and PDF through cairo surfaces with the chart's own drawing
 * code (mc_chart_render), and its data as CSV (series, x, y) from its layers.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n.h>

#include "mc-chart.h"
#include "mc-csv.h"
#include "mc-error.h"

static gboolean
check_status (cairo_status_t   status,
              const char      *path,
              GError         **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return TRUE;
  g_set_error (error, MC_ERROR, MC_ERROR_IO,
               /* TRANSLATORS: the first %s is a file, the second why it failed */
               _("Could not write the chart to “%s”: %s"), path, cairo_status_to_string (status));
  return FALSE;
}

char *
mc_chart_to_csv (McChart *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  GString *out = g_string_new (NULL);
  McChartAxes axes;
  const char *header[3];

  g_return_val_if_fail (MC_IS_CHART (self), NULL);

  mc_chart_get_axes (self, &axes);
  /* TRANSLATORS: the first column of a chart's CSV: which series (line, bar, cohort) a row is of */
  header[0] = _("Series");
  header[1] = "x";
  header[2] = "y";
  mc_csv_append_row (out, header, 3);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MC_IS_CHART_LAYER (child))
      mc_chart_layer_write_csv (MC_CHART_LAYER (child), &axes, rows);
  for (guint i = 0; i < rows->len; i++)
    mc_csv_append_row (out, (const char * const *) rows->pdata[i], 3);
  return g_string_free (out, FALSE);
}

gboolean
mc_chart_export (McChart              *self,
                 McChartExportFormat   format,
                 const char           *path,
                 int                   width,
                 int                   height,
                 gboolean              dark,
                 GError              **error)
{
  cairo_surface_t *surface = NULL;
  McChartPainter painter;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (MC_IS_CHART (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (width > 0 && height > 0, FALSE);

  if (format == MC_CHART_EXPORT_CSV)
    {
      g_autofree char *csv = mc_chart_to_csv (self);
      g_autoptr(GError) local = NULL;

      if (!g_file_set_contents (path, csv, -1, &local))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Could not write the chart to “%s”: %s"),
                       path, local->message);
          return FALSE;
        }
      return TRUE;
    }

  switch (format)
    {
    case MC_CHART_EXPORT_SVG:
      surface = cairo_svg_surface_create (path, width, height);
      break;
    case MC_CHART_EXPORT_PDF:
      surface = cairo_pdf_surface_create (path, width, height);
      break;
    case MC_CHART_EXPORT_PNG:
    case MC_CHART_EXPORT_CSV:
    default:
      /* Twice the pixels: sharp when printed or zoomed. */
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width * 2, height * 2);
      cairo_surface_set_device_scale (surface, 2.0, 2.0);
      break;
    }
  if (!check_status (cairo_surface_status (surface), path, error))
    {
      cairo_surface_destroy (surface);
      return FALSE;
    }
  cr = cairo_create (surface);
  mc_chart_painter_init_cairo (&painter, cr, GTK_WIDGET (self), dark);
  gdk_cairo_set_source_rgba (cr, &painter.background);
  cairo_paint (cr);
  mc_chart_render (self, &painter, width, height);
  mc_chart_painter_clear (&painter);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == MC_CHART_EXPORT_PNG)
    status = cairo_surface_write_to_png (surface, path);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return check_status (status, path, error);
}
