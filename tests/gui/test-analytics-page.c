/* test-analytics-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Analytics page on a demo workspace (300 members): the recompute runs in a worker and
 * ends with the figures (the Members card, a cohort cell's tooltip against the engine's own
 * cohorts); a chart and a table export to files; an unknown name is a clear error; a
 * cancelled recompute keeps the figures shown.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "analytics/mc-churn.h"
#include "analytics/mc-kpis.h"
#include "analytics/mc-retention.h"
#include "core/mc-demo.h"
#include "core/mc-error.h"
#include "gui/mc-analytics-page.h"
#include "gui/mc-analytics-table.h"
#include "gui/mc-chart-heatmap-layer.h"

#define TIMEOUT_MS 60000

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
loaded (gpointer data)
{
  return !mc_analytics_page_is_loading (data);
}

static gboolean
wait_for (gboolean (*cond) (gpointer),
          gpointer   data)
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_MS * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  /* Let the charts lay out their new data. */
  for (int i = 0; i < 5; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  return ok;
}

/* The visible file chooser dialog (a GtkFileChooserNative without a portal), or NULL. */
static GtkWidget *
find_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWidget *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && found == NULL; i++)
    {
      GtkWidget *w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (w) && gtk_widget_get_visible (w))
        found = w;
      g_object_unref (w);
    }
  return found;
}

static gboolean
chooser_open (gpointer data)
{
  GtkWidget *chooser = find_chooser ();

  /* It proposes the chart's name and format. */
  if (chooser != NULL)
    {
      g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));

      return g_strcmp0 (name, "cohorts.svg") == 0;
    }
  return FALSE;
}

static gboolean
chooser_visible (gpointer data)
{
  return find_chooser () != NULL;
}

/* The writer is done: the page says so in its status line. */
static gboolean
recall_written (gpointer page)
{
  return g_str_has_prefix (mc_analytics_page_get_status (page), "Wrote ");
}

static gboolean
chooser_closed (gpointer data)
{
  return find_chooser () == NULL;
}

static char *
make_workspace (char **dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;
  McDemoOptions options = { 300, 0, 7, 0 };
  char *path;

  *dir = g_dir_make_tmp ("mc-test-analytics-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "demo.mcdb", NULL);
  db = mc_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_demo_generate (db, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

/* The tooltip the engine's own cohorts say the first cohort shown (the 12th from the end)
 * has in its second month. */
static char *
expected_cohort_cell (McDb   *db,
                      gint64  now)
{
  g_autoptr(GError) error = NULL;
  McAnalyticsFilter filter = { now - 365 * (gint64) 86400, 0, now, NULL, NULL };
  g_autoptr(McRetention) retention = mc_retention_run (db, &filter, NULL, NULL, NULL, &error);
  const McCohort *c;
  guint first;

  g_assert_no_error (error);
  g_assert_cmpuint (retention->n_cohorts, >, 1);
  first = retention->n_cohorts > 12 ? retention->n_cohorts - 12 : 0;
  c = &retention->cohorts[first];
  g_assert_cmpuint (c->n_months, >, 1);
  return g_strdup_printf ("%04d-%02d, Month 1: %.1f%% (%" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ")",
                          c->month / 12, c->month % 12 + 1, c->share[1] * 100.0, c->active[1], c->size);
}

static void
test_page (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = make_workspace (&dir);
  g_autofree char *png = g_build_filename (dir, "cohorts.png", NULL);
  g_autofree char *csv = g_build_filename (dir, "rfm.csv", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(McDb) db = mc_db_open (path, &error);
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  McAnalyticsPage *page = MC_ANALYTICS_PAGE (mc_analytics_page_new ());
  McChart *cohorts;
  GtkWidget *layer;
  graphene_rect_t area;
  double x, y;
  gsize length;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  gtk_window_set_default_size (window, 1100, 800);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);

  /* The recompute runs in a worker: the call returns at once. */
  g_assert_true (mc_analytics_page_set_db (page, db, &error));
  g_assert_no_error (error);
  g_assert_true (mc_analytics_page_is_loading (page));
  g_assert_true (wait_for (loaded, page));
  expected = expected_cohort_cell (db, mc_db_now ());

  /* All 300 demo members joined by now. */
  g_assert_cmpstr (mc_analytics_page_get_value (page, "members"), ==, "300");

  /* The cohort heatmap: the first cohort's second month, where the layout put it. */
  mc_analytics_page_show_section (page, "retention");
  g_assert_true (wait_for (loaded, page));
  cohorts = mc_analytics_page_get_chart (page, "cohorts");
  g_assert_nonnull (cohorts);
  layer = gtk_widget_get_first_child (GTK_WIDGET (cohorts));
  g_assert_true (MC_IS_CHART_HEATMAP_LAYER (layer));
  g_assert_true (mc_chart_heatmap_layer_get_cell_centre (MC_CHART_HEATMAP_LAYER (layer), 0, 1, &x, &y));
  mc_chart_get_plot_area (cohorts, &area);
  text = mc_chart_query (cohorts, area.origin.x + x, area.origin.y + y);
  g_assert_cmpstr (text, ==, expected);

  /* A chart to PNG, a table to CSV: the eight segments under the header. */
  g_assert_true (mc_analytics_page_export (page, "cohorts", MC_CHART_EXPORT_PNG, png, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (png, &contents, &length, &error));
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpuint (length, >, 10000);
  g_clear_pointer (&contents, g_free);
  g_assert_true (mc_analytics_page_export (page, "rfm", MC_CHART_EXPORT_CSV, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, &error));
  lines = g_strsplit (contents, "\r\n", -1);
  g_assert_cmpstr (lines[0], ==, "Segment,Members,Share,Revenue,Revenue per Member");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 8 + 1);   /* header, 8 rows, the end */
  g_assert_true (g_str_has_prefix (lines[1], "Important value,"));
  g_assert_cmpuint (mc_analytics_table_get_n_rows (MC_ANALYTICS_TABLE (mc_analytics_page_get_table (page, "rfm"))), ==, 8);

  g_assert_false (mc_analytics_page_export (page, "no-such-chart", MC_CHART_EXPORT_PNG, png, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The export menu's action asks where to save, in a file chooser. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "analytics.export", "s", "cohorts:svg"));
  g_assert_true (wait_for (chooser_open, NULL));
  gtk_dialog_response (GTK_DIALOG (find_chooser ()), GTK_RESPONSE_CANCEL);
  g_assert_true (wait_for (chooser_closed, NULL));

  /* The recall list of everyone at risk, through its chooser: only the consenting ones,
   * as many as the engine counts, written by a worker. */
  {
    g_autofree char *recall = g_build_filename (dir, "recall.csv", NULL);
    g_autoptr(GFile) folder = g_file_new_for_path (dir);
    McChurnOptions options = MC_CHURN_OPTIONS_INIT;
    McAnalyticsFilter filter = { mc_db_now () - 365 * (gint64) 86400, 0, mc_db_now (), NULL, NULL };
    g_autoptr(McChurn) churn = mc_churn_run (db, &filter, &options, NULL, NULL, NULL, &error);
    gint64 consented = 0;
    g_autofree char *written = NULL;
    g_auto(GStrv) rows = NULL;
    GtkWidget *chooser;

    g_assert_no_error (error);
    for (guint g = 1; g < MC_CHURN_N_GROUPS; g++)
      consented += churn->group_consented[g];
    g_assert_cmpint (consented, >, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "analytics.export-recall", "s", "all"));
    g_assert_true (wait_for (chooser_visible, NULL));
    chooser = find_chooser ();
    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, &error));
    g_assert_no_error (error);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "recall.csv");
    gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
    g_assert_true (wait_for (recall_written, page));
    g_assert_true (g_str_has_suffix (mc_analytics_page_get_status (page), "to “recall.csv”"));
    g_assert_true (g_file_get_contents (recall, &written, NULL, &error));
    rows = g_strsplit (written, "\r\n", -1);
    /* A header, one row a member, and the empty end. */
    g_assert_cmpint (g_strv_length (rows), ==, 1 + consented + 1);
  }

  /* A recompute cancelled at once keeps what is shown. */
  g_assert_true (mc_analytics_page_reload (page, &error));
  g_assert_true (mc_analytics_page_is_loading (page));
  mc_analytics_page_cancel (page);
  g_assert_true (wait_for (loaded, page));
  g_assert_cmpstr (mc_analytics_page_get_value (page, "members"), ==, "300");

  /* All time, gold members only: the card counts what the engine counts for that tier. */
  {
    McAnalyticsFilter filter = { 0, 0, mc_db_now (), NULL, "gold" };
    g_autoptr(McKpis) kpis = mc_kpis_run (db, &filter, NAN, NULL, NULL, NULL, &error);
    g_autofree char *count = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (kpis->members, >, 0);
    g_assert_cmpint (kpis->members, <, 300);
    count = g_strdup_printf ("%" G_GINT64_FORMAT, kpis->members);
    g_assert_false (mc_analytics_page_set_filter (page, 3, NULL, "no-such-tier"));
    g_assert_true (mc_analytics_page_set_filter (page, 3, NULL, "gold"));
    g_assert_true (wait_for (loaded, page));
    g_assert_cmpstr (mc_analytics_page_get_value (page, "members"), ==, count);
  }

  /* No workspace: nothing shown, nothing running. */
  g_assert_true (mc_analytics_page_set_db (page, NULL, &error));
  g_assert_false (mc_analytics_page_is_loading (page));
  g_assert_null (mc_analytics_page_get_value (page, "members"));

  gtk_window_destroy (window);
  g_clear_object (&db);
  remove_dir (dir);
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

  g_test_add_func ("/gui/analytics-page/recompute-export-cancel", test_page);
  return g_test_run ();
}
