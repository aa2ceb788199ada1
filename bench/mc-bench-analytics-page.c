/* mc-bench-analytics-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Analytics page on a big workspace, in a real window (not a test): how long a
 * recompute takes from the call to the figures shown, and whether the window stays
 * responsive meanwhile: a 10 ms timer on the main loop records the longest gap between two
 * of its ticks (a frozen window would show the whole recompute as one gap). Run under Xvfb:
 *   xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" dbus-run-session -- \
 *     build/bench/mc-bench-analytics-page --db /work/bench-data/1m.mcdb [--runs 3]
 * The worker reads the workspace on a read-only connection. Timings depend on the load of
 * the machine.
 */
#define G_LOG_DOMAIN "mc-bench"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "core/mc-i18n.h"
#include "gui/mc-analytics-page.h"
#include "gui/mc-gui.h"

static gint64 last_tick;
static gint64 longest_gap;

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0)
    longest_gap = MAX (longest_gap, now - last_tick);
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *path = NULL;
  int runs = 3;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &path, "The workspace", "PATH" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Recomputes to time (default 3)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the Analytics page");
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;
  GtkWindow *window;
  McAnalyticsPage *page;

  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", MC_BENCH_SCHEMA_DIR, FALSE);
  mc_i18n_init ();
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || path == NULL)
    {
      g_printerr ("%s\n", error != NULL ? error->message : "--db PATH is needed");
      return 2;
    }
  gtk_init ();
  adw_init ();
  /* As the application does: cairo rather than a software GL. */
  mc_gui_choose_renderer ();
  if ((db = mc_db_open_reader (path, &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  window = GTK_WINDOW (gtk_window_new ());
  page = MC_ANALYTICS_PAGE (mc_analytics_page_new ());
  gtk_window_set_default_size (window, 1200, 800);
  gtk_window_set_child (window, GTK_WIDGET (page));
  gtk_window_present (window);
  g_timeout_add (10, tick_cb, NULL);
  for (int run = 0; run < runs; run++)
    {
      gint64 start = g_get_monotonic_time ();

      last_tick = 0;
      longest_gap = 0;
      if (!(run == 0 ? mc_analytics_page_set_db (page, db, &error) : mc_analytics_page_reload (page, &error)))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      while (mc_analytics_page_is_loading (page))
        g_main_context_iteration (NULL, TRUE);
      /* The figures shown: the frame after the sections were filled. */
      for (int i = 0; i < 3; i++)
        g_main_context_iteration (NULL, FALSE);
      printf ("run %d: recompute to figures %.2f s; longest main-loop gap %.0f ms; members card %s\n", run + 1,
              (g_get_monotonic_time () - start) / 1e6, longest_gap / 1e3,
              mc_analytics_page_get_value (page, "members") != NULL ? mc_analytics_page_get_value (page, "members") : "(none)");
    }
  gtk_window_destroy (window);
  return 0;
}
