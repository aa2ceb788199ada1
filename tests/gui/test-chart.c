/* test-chart.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chart widgets on screen (under Xvfb): what the tooltip says over a heatmap cell, a
 * stacked bar, a line's point, a histogram bin and a scatter point, found where the
 * layout put them; the export to PNG, SVG and PDF (their signatures, size, the PNG's
 * pixels) and the data as CSV, and a clear error for a folder that does not exist.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "core/mc-error.h"
#include "gui/mc-chart.h"
#include "gui/mc-chart-bar-layer.h"
#include "gui/mc-chart-heatmap-layer.h"
#include "gui/mc-chart-histogram-layer.h"
#include "gui/mc-chart-line-layer.h"
#include "gui/mc-chart-scatter-layer.h"

#define TIMEOUT_MS 20000
/* 2026-01-01 00:00 UTC: 20,454 days after 1970-01-01 (56 years, 14 leap days). */
#define JAN_1_2026 ((gint64) 20454 * 86400)

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
allocated (gpointer data)
{
  graphene_rect_t area;

  mc_chart_get_plot_area (data, &area);
  return area.size.width > 100 && gtk_widget_get_mapped (data);
}

/* A chart in a 600 × 400 window, laid out. */
static McChart *
show_chart (GtkWindow **window)
{
  McChart *chart = MC_CHART (mc_chart_new ());
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  gint64 end = g_get_monotonic_time () + TIMEOUT_MS * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  *window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (*window, 600, 400);
  gtk_window_set_child (*window, GTK_WIDGET (chart));
  mc_chart_set_time_zone (chart, utc);
  gtk_window_present (*window);
  while (!allocated (chart) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  g_assert_true (allocated (chart));
  return chart;
}

/* Lets a relayout after new data happen. */
static void
settle (void)
{
  for (int i = 0; i < 5; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
}

/* The text at (tx, ty), each 0..1 of the plot area (ty from the top). */
static char *
query_at (McChart *chart,
          double   tx,
          double   ty)
{
  graphene_rect_t area;

  mc_chart_get_plot_area (chart, &area);
  return mc_chart_query (chart, area.origin.x + tx * area.size.width, area.origin.y + ty * area.size.height);
}

static void
test_heatmap_tooltip (void)
{
  GtkWindow *window;
  McChart *chart = show_chart (&window);
  McChartLayer *layer = mc_chart_heatmap_layer_new ("Cohorts");
  const char *months[] = { "Month 0", "Month 1", "Month 2", NULL };
  const char *cohorts[] = { "2026-01", "2026-02", NULL };
  const double shares[] = { 1.0, 0.5, 0.25, 1.0, 0.4, NAN };
  const gint64 counts[] = { 100, 50, 25, 10, 4, 0 };
  const gint64 totals[] = { 100, 10 };
  graphene_rect_t area;
  double x, y;
  char *text;

  mc_chart_set_x_categories (chart, months);
  mc_chart_set_y_categories (chart, cohorts);
  mc_chart_add_layer (chart, layer);
  mc_chart_heatmap_layer_set_cells (MC_CHART_HEATMAP_LAYER (layer), 2, 3, shares, counts, totals);
  settle ();

  /* Row 0 is the first cohort at the top; the cell's centre from the layer itself. */
  g_assert_true (mc_chart_heatmap_layer_get_cell_centre (MC_CHART_HEATMAP_LAYER (layer), 0, 1, &x, &y));
  mc_chart_get_plot_area (chart, &area);
  text = mc_chart_query (chart, area.origin.x + x, area.origin.y + y);
  g_assert_cmpstr (text, ==, "2026-01, Month 1: 50.0% (50 of 100)");
  g_free (text);
  /* The second cohort, month 1: 4 of 10. */
  text = query_at (chart, 1.5 / 3, 0.75);
  g_assert_cmpstr (text, ==, "2026-02, Month 1: 40.0% (4 of 10)");
  g_free (text);
  /* No data in the last cell, nothing outside the plot. */
  g_assert_null (query_at (chart, 2.5 / 3, 0.75));
  g_assert_null (query_at (chart, 1.2, 0.5));
  g_assert_false (mc_chart_heatmap_layer_get_cell_centre (MC_CHART_HEATMAP_LAYER (layer), 2, 0, &x, &y));
  gtk_window_destroy (window);
}

static McChart *
bar_chart (GtkWindow **window)
{
  McChart *chart = show_chart (window);
  McChartLayer *layer = mc_chart_bar_layer_new ("By tier");
  const char *tiers[] = { "Base", "Silver", "Gold", NULL };
  const char *names[] = { "Revenue", "Cost", NULL };
  /* Revenue 100, 200, 300 fen; cost 50, 50, 100 fen. */
  const double values[] = { 100, 200, 300, 50, 50, 100 };

  mc_chart_set_title (chart, "Revenue and cost by tier");
  mc_chart_set_x_categories (chart, tiers);
  mc_chart_set_y_format (chart, MC_CHART_FORMAT_MONEY);
  mc_chart_add_layer (chart, layer);
  mc_chart_bar_layer_set_values (MC_CHART_BAR_LAYER (layer), 2, 3, values, names, TRUE);
  settle ();
  return chart;
}

static void
test_bar_tooltip (void)
{
  GtkWindow *window;
  McChart *chart = bar_chart (&window);
  char *text;

  /* The stack of Gold is 400 fen: the axis runs 0..400 (400 / 5 = 80 → 100). Its cost is
   * the part from 300 to 400, 0.875 of the height at its middle: 100 of 400 = 25%. */
  text = query_at (chart, 2.5 / 3, 1.0 - 0.875);
  g_assert_cmpstr (text, ==, "Gold, Cost: ¥1.00 (25.0%)");
  g_free (text);
  /* Base's revenue, 0..100, at 50: ¥1.00 of ¥1.50. */
  text = query_at (chart, 0.5 / 3, 1.0 - 0.125);
  g_assert_cmpstr (text, ==, "Base, Revenue: ¥1.00 (66.7%)");
  g_free (text);
  /* Above Base's stack (150 of 400), and between the bars: nothing. */
  g_assert_null (query_at (chart, 0.5 / 3, 1.0 - 0.6));
  g_assert_null (query_at (chart, 1.0 / 3, 0.95));
  gtk_window_destroy (window);
}

static void
test_line_tooltip (void)
{
  GtkWindow *window;
  McChart *chart = show_chart (&window);
  McChartLayer *d1 = mc_chart_line_layer_new ("D1");
  McChartLayer *d7 = mc_chart_line_layer_new ("D7");
  const double xs[] = { JAN_1_2026, JAN_1_2026 + 31 * 86400, JAN_1_2026 + 59 * 86400 };
  const double y1[] = { 0.6, 0.5, 0.4 };
  const double y7[] = { 0.5, 0.25, 0.125 };
  char *text;

  mc_chart_set_x_format (chart, MC_CHART_FORMAT_MONTH);
  mc_chart_set_y_format (chart, MC_CHART_FORMAT_SHARE);
  mc_chart_add_layer (chart, d1);
  mc_chart_add_layer (chart, d7);
  mc_chart_line_layer_set_points (MC_CHART_LINE_LAYER (d1), xs, y1, 3);
  mc_chart_line_layer_set_points (MC_CHART_LINE_LAYER (d7), xs, y7, 3);
  settle ();

  /* y: 0..0.6 in 5: 0.12 → 0.2, so 0..0.6. D7's second point: February 1st, 31 of 59
   * days along, at 0.25 / 0.6 of the height. */
  text = query_at (chart, 31.0 / 59.0, 1.0 - 0.25 / 0.6);
  g_assert_cmpstr (text, ==, "D7, 2026-02: 25.0%");
  g_free (text);
  /* D1's last point at 0.4. */
  text = query_at (chart, 1.0, 1.0 - 0.4 / 0.6);
  g_assert_cmpstr (text, ==, "D1, 2026-03: 40.0%");
  g_free (text);
  /* Far from both lines. */
  g_assert_null (query_at (chart, 0.5, 0.05));
  gtk_window_destroy (window);
}

static void
test_histogram_tooltip (void)
{
  GtkWindow *window;
  McChart *chart = show_chart (&window);
  McChartLayer *layer = mc_chart_histogram_layer_new ("CLV");
  const double values[] = { 0, 1, 2, 2.5, 9.9, 10 };
  char *text;

  mc_chart_set_x_format (chart, MC_CHART_FORMAT_DECIMAL);
  mc_chart_add_layer (chart, layer);
  mc_chart_histogram_layer_set_values (MC_CHART_HISTOGRAM_LAYER (layer), values, G_N_ELEMENTS (values), 5);
  settle ();

  /* Bins of 2 from 0 to 10 on an axis of 0..10: the first bin holds 0 and 1. */
  g_assert_cmpuint (mc_chart_histogram_layer_get_bins (MC_CHART_HISTOGRAM_LAYER (layer))->n_bins, ==, 5);
  text = query_at (chart, 0.1, 0.9);
  g_assert_cmpstr (text, ==, "0 – 2: 2 members");
  g_free (text);
  text = query_at (chart, 0.5, 0.9);
  g_assert_cmpstr (text, ==, "4 – 6: 0 members");
  g_free (text);
  gtk_window_destroy (window);
}

static void
test_scatter_tooltip (void)
{
  GtkWindow *window;
  McChart *chart = show_chart (&window);
  McChartLayer *layer = mc_chart_scatter_layer_new ("R and M");
  const double xs[] = { 1, 2 }, ys[] = { 1, 4 };
  const char *labels[] = { "A", "B", NULL };
  char *text;

  mc_chart_add_layer (chart, layer);
  mc_chart_scatter_layer_set_points (MC_CHART_SCATTER_LAYER (layer), xs, ys, labels, 2);
  settle ();
  /* x 1..2 (a count steps by 1 at least), y 0..4: B is the top right corner. */
  text = query_at (chart, 1.0, 0.0);
  g_assert_cmpstr (text, ==, "B: 2, 4");
  g_free (text);
  g_assert_null (query_at (chart, 0.5, 0.5));
  gtk_window_destroy (window);
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, length, &error));
  g_assert_no_error (error);
  return contents;
}

static void
test_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mc-test-chart-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "chart.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "chart.pdf", NULL);
  g_autofree char *csv = g_build_filename (dir, "chart.csv", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "chart.svg", NULL);
  GtkWindow *window;
  McChart *chart = bar_chart (&window);
  char *data;
  gsize length;
  cairo_surface_t *image;
  guint coloured = 0;

  g_assert_no_error (error);
  g_assert_true (mc_chart_export (chart, MC_CHART_EXPORT_PNG, png, 640, 400, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (mc_chart_export (chart, MC_CHART_EXPORT_SVG, svg, 640, 400, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (mc_chart_export (chart, MC_CHART_EXPORT_PDF, pdf, 640, 400, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (mc_chart_export (chart, MC_CHART_EXPORT_CSV, csv, 640, 400, FALSE, &error));
  g_assert_no_error (error);

  /* PNG: its signature, 1280 × 800 pixels (twice the size), and the bars in colour:
   * the palette's blue (#3584e4) somewhere. */
  data = read_file (png, &length);
  g_assert_cmpuint (length, >, 4000);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_free (data);
  image = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (image), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (image), ==, 1280);
  g_assert_cmpint (cairo_image_surface_get_height (image), ==, 800);
  {
    const guint8 *pixels = cairo_image_surface_get_data (image);
    int stride = cairo_image_surface_get_stride (image);

    for (int y = 0; y < 800; y++)
      for (int x = 0; x < 1280; x++)
        {
          guint32 p = *(const guint32 *) (pixels + y * stride + x * 4);

          if ((p & 0xffffff) == 0x3584e4)
            coloured++;
        }
  }
  cairo_surface_destroy (image);
  g_assert_cmpuint (coloured, >, 1000);

  /* SVG: XML with an svg element; PDF: the header and the end-of-file marker. */
  data = read_file (svg, &length);
  g_assert_cmpuint (length, >, 2000);
  g_assert_true (g_str_has_prefix (data, "<?xml"));
  g_assert_nonnull (strstr (data, "<svg"));
  g_assert_nonnull (strstr (data, "</svg>"));
  g_free (data);
  data = read_file (pdf, &length);
  g_assert_cmpuint (length, >, 2000);
  g_assert_true (g_str_has_prefix (data, "%PDF-1."));
  /* The file ends with its end-of-file marker (and a newline). */
  g_assert_nonnull (g_strstr_len (data + length - 8, 8, "%%EOF"));
  g_free (data);

  /* CSV: the data, series after series, money in fen. */
  data = read_file (csv, &length);
  g_assert_cmpstr (data, ==,
                   "Series,x,y\r\n"
                   "Revenue,Base,100\r\n"
                   "Revenue,Silver,200\r\n"
                   "Revenue,Gold,300\r\n"
                   "Cost,Base,50\r\n"
                   "Cost,Silver,50\r\n"
                   "Cost,Gold,100\r\n");
  g_free (data);

  /* A folder that is not there: an error that names the file. */
  g_assert_false (mc_chart_export (chart, MC_CHART_EXPORT_SVG, missing, 640, 400, FALSE, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  gtk_window_destroy (window);
  g_unlink (png);
  g_unlink (svg);
  g_unlink (pdf);
  g_unlink (csv);
  g_rmdir (dir);
}

static void
test_empty (void)
{
  GtkWindow *window;
  McChart *chart = show_chart (&window);
  McChartLayer *layer = mc_chart_line_layer_new ("Members");
  g_autofree char *csv = NULL;

  mc_chart_add_layer (chart, layer);
  settle ();
  g_assert_null (query_at (chart, 0.5, 0.5));
  csv = mc_chart_to_csv (chart);
  g_assert_cmpstr (csv, ==, "Series,x,y\r\n");
  gtk_window_destroy (window);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();

  g_test_add_func ("/gui/chart/heatmap-tooltip", test_heatmap_tooltip);
  g_test_add_func ("/gui/chart/bar-tooltip", test_bar_tooltip);
  g_test_add_func ("/gui/chart/line-tooltip", test_line_tooltip);
  g_test_add_func ("/gui/chart/histogram-tooltip", test_histogram_tooltip);
  g_test_add_func ("/gui/chart/scatter-tooltip", test_scatter_tooltip);
  g_test_add_func ("/gui/chart/export", test_export);
  g_test_add_func ("/gui/chart/empty", test_empty);
  return g_test_run ();
}
