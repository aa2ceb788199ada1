/* mc-bench-gui.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member list on a big workspace, timed in the real window (not a test):
 *   (a) first member rows painted: from process start, and from window creation (with
 *       --page-only, a window holding only the members page, without the overview page
 *       whose summary is built on the main thread when a workspace opens);
 *   (b) a typed search (pinyin initials, a 4-digit phone tail, a phone prefix, a card
 *       prefix) to its rows painted, each query and the mean; also sorts by name (pinyin)
 *       and by points, and clearing the search;
 *   (c) resident memory (VmRSS, and the peak VmHWM) after scrolling the list from the top
 *       to the end in steps, letting each frame render.
 *
 * Run it under Xvfb, on a workspace made beforehand, e.g.:
 *   build/src/cli/member-console-cli --db /tmp/1m.mcdb demo --members 1000000
 *   xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" dbus-run-session -- \
 *     build/bench/mc-bench-gui --db /tmp/1m.mcdb [--steps 200] [--query zs --query 1234 ...]
 * The settings use the memory backend and the build's compiled schema unless the
 * environment says otherwise. Timings depend on the machine's load: run it on a quiet one.
 * Targets on 1,000,000 members: first rows < 1 s, search < 100 ms, RSS < 300 MB.
 */
#define G_LOG_DOMAIN "mc-bench"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/mc-i18n.h"
#include "gui/mc-gui.h"
#include "gui/mc-member-list-model.h"
#include "gui/mc-window.h"

#define TIMEOUT_US (120 * G_USEC_PER_SEC)

static guint frames_painted;

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  frames_painted++;
}

/* Runs the main loop until cond holds (or two minutes pass). */
static gboolean
wait_until (gboolean (*cond) (gpointer),
            gpointer   data)
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_US;

  while (!cond (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  return TRUE;
}

static gboolean
frame_after_cond (gpointer data)
{
  return frames_painted > GPOINTER_TO_UINT (data);
}

/* Waits for the next frame to be painted. */
static void
wait_frame (GtkWidget *widget)
{
  guint before = frames_painted;

  gtk_widget_queue_draw (widget);
  wait_until (frame_after_cond, GUINT_TO_POINTER (before));
}

static gboolean
model_settled (gpointer data)
{
  McMembersPage *page = data;
  McMemberListModel *model = mc_members_page_get_model (page);

  return model != NULL && !mc_member_list_model_get_loading (model);
}

/* Seconds since this process started, from /proc (start time in clock ticks since boot). */
static double
process_age (void)
{
  g_autofree char *stat = NULL;
  g_autofree char *uptime = NULL;
  const char *p;
  unsigned long long start = 0;

  if (!g_file_get_contents ("/proc/self/stat", &stat, NULL, NULL) ||
      !g_file_get_contents ("/proc/uptime", &uptime, NULL, NULL))
    return -1.0;
  p = strrchr (stat, ')');
  if (p == NULL || sscanf (p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
                           &start) != 1)
    return -1.0;
  return g_ascii_strtod (uptime, NULL) - (double) start / sysconf (_SC_CLK_TCK);
}

static long
proc_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, field);
  return p != NULL ? strtol (p + strlen (field) + 1, NULL, 10) : -1;
}

static gint64 search_changed_at;
static gint64 loading_at;

static void
loading_cb (McMemberListModel *model)
{
  if (mc_member_list_model_get_loading (model))
    loading_at = g_get_monotonic_time ();
}

/* Runs before the page's own handler: the moment the entry says "search now". */
static gboolean
search_changed_hook (GSignalInvocationHint *hint,
                     guint                  n_params,
                     const GValue          *params,
                     gpointer               data)
{
  search_changed_at = g_get_monotonic_time ();
  return TRUE;
}

typedef struct
{
  McMembersPage *page;
  const char    *text;
} SearchWait;

static gboolean
search_shown (gpointer data)
{
  SearchWait *w = data;
  McMemberListModel *model = mc_members_page_get_model (w->page);
  const McMemberQuery *query = mc_member_list_model_get_query (model);

  return !mc_member_list_model_get_loading (model) &&
         g_strcmp0 (query->text != NULL ? query->text : "", w->text) == 0;
}

/* Types a search into an empty entry, as a person would, and times search-changed (after
 * the entry's delay) to its rows painted. */
static double
time_search (GtkWindow     *window,
             McMembersPage *page,
             const char    *text)
{
  GtkEditable *entry = GTK_EDITABLE (mc_members_page_get_search_entry (page));
  SearchWait w = { page, "" };
  gint64 shown;

  if (text[0] != '\0' && gtk_editable_get_text (entry)[0] != '\0')
    {
      gtk_editable_set_text (entry, "");
      if (!wait_until (search_shown, &w))
        return -1.0;
    }
  search_changed_at = 0;
  w.text = text;
  gtk_editable_set_text (entry, text);
  if (!wait_until (search_shown, &w))
    return -1.0;
  shown = g_get_monotonic_time ();
  wait_frame (GTK_WIDGET (window));
  g_debug ("search %s: query started %.1f ms after search-changed, rows in %.1f ms (query %.1f ms), painted %.1f ms later",
           text, (loading_at - search_changed_at) / 1000.0,
           (shown - search_changed_at) / 1000.0,
           mc_member_list_model_get_last_query_ms (mc_members_page_get_model (page)),
           (g_get_monotonic_time () - shown) / 1000.0);
  return (g_get_monotonic_time () - search_changed_at) / 1000.0;
}

static double
time_sort (GtkWindow     *window,
           McMembersPage *page,
           McMemberSort   sort,
           gboolean       descending)
{
  gint64 start = g_get_monotonic_time ();

  gint64 settled;

  mc_members_page_sort_by (page, sort, descending);
  if (!wait_until (model_settled, page))
    return -1.0;
  settled = g_get_monotonic_time ();
  wait_frame (GTK_WIDGET (window));
  g_debug ("sort: rows in %.1f ms (query %.1f ms), painted %.1f ms later",
           (settled - start) / 1000.0,
           mc_member_list_model_get_last_query_ms (mc_members_page_get_model (page)),
           (g_get_monotonic_time () - settled) / 1000.0);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db_path = NULL;
  g_auto(GStrv) queries = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = NULL;
  int steps = 200;
  gboolean page_only = FALSE;
  const GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The workspace", "PATH" },
    { "query", 'q', 0, G_OPTION_ARG_STRING_ARRAY, &queries, "A search to time (repeatable)", "TEXT" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, "Scroll steps from top to end (200)", "N" },
    { "page-only", 0, 0, G_OPTION_ARG_NONE, &page_only, "Only the members page, in a plain window", NULL },
    { NULL }
  };
  const char *default_queries[] = { "zs", "wl", "lj", "5678", "0042", "139", "1860", "MC00", NULL };
  GtkWindow *window;
  McMembersPage *page;
  g_autoptr(McDb) db = NULL;
  GListModel *model;
  GtkAdjustment *adj;
  gint64 t_window;
  double age_at_window;
  double first_ms;
  double sum = 0.0;
  guint n_ok = 0;
  long rss_before;

  g_setenv ("GSETTINGS_BACKEND", "memory", FALSE);
  g_setenv ("GSETTINGS_SCHEMA_DIR", MC_BENCH_SCHEMA_DIR, FALSE);
  mc_i18n_init ();
  context = g_option_context_new ("— time the member list in the real window");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (db_path == NULL)
    {
      g_printerr ("--db PATH is required\n");
      return 2;
    }
  if (!gtk_init_check ())
    {
      g_printerr ("No display: run under xvfb-run\n");
      return 2;
    }
  adw_init ();
  mc_gui_choose_renderer ();     /* as the application does at startup */
  g_type_class_unref (g_type_class_ref (GTK_TYPE_SEARCH_ENTRY));
  g_signal_add_emission_hook (g_signal_lookup ("search-changed", GTK_TYPE_SEARCH_ENTRY), 0,
                              search_changed_hook, NULL, NULL);
  settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (settings, "role", "owner");
  g_settings_set_string (settings, "last-page", "members");
  /* A timing run writes nothing: no automatic backup of the (large) workspace. */
  g_settings_set_boolean (settings, "backup-auto", FALSE);

  /* (a) First rows. */
  age_at_window = process_age ();
  t_window = g_get_monotonic_time ();
  if (page_only)
    {
      window = GTK_WINDOW (gtk_window_new ());
      page = g_object_new (MC_TYPE_MEMBERS_PAGE, NULL);
      gtk_window_set_child (window, GTK_WIDGET (page));
    }
  else
    {
      window = GTK_WINDOW (mc_window_new (NULL));
      page = mc_window_get_members_page (MC_WINDOW (window));
    }
  gtk_window_set_default_size (window, 1200, 760);
  gtk_window_present (window);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                    G_CALLBACK (after_paint_cb), NULL);
  if (page_only)
    {
      db = mc_db_open (db_path, &error);
      if (db == NULL || !mc_members_page_set_db (page, db, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
    }
  else
    {
      if (!mc_window_open_workspace (MC_WINDOW (window), db_path, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      mc_window_set_page (MC_WINDOW (window), "members");
    }
  g_print ("opening the workspace (main thread, %s): %.1f ms\n",
           page_only ? "members page" : "every page", (g_get_monotonic_time () - t_window) / 1000.0);
  model = G_LIST_MODEL (mc_members_page_get_model (page));
  g_signal_connect (model, "notify::loading", G_CALLBACK (loading_cb), NULL);
  if (!wait_until (model_settled, page))
    {
      g_printerr ("The member list did not load\n");
      return 1;
    }
  wait_frame (GTK_WIDGET (window));
  first_ms = (g_get_monotonic_time () - t_window) / 1000.0;
  g_print ("(a) first rows painted: %.1f ms from window creation, %.1f ms from process start "
           "(%u members; the query itself %.1f ms)\n",
           first_ms, first_ms + age_at_window * 1000.0, g_list_model_get_n_items (model),
           mc_member_list_model_get_last_query_ms (MC_MEMBER_LIST_MODEL (model)));

  /* (b) Searches, one after the other as a person types them. */
  for (guint i = 0; queries != NULL ? queries[i] != NULL : default_queries[i] != NULL; i++)
    {
      const char *text = queries != NULL ? queries[i] : default_queries[i];
      double ms = time_search (window, page, text);

      g_print ("(b) search %-8s %8.1f ms  %u rows\n", text, ms, g_list_model_get_n_items (model));
      if (ms >= 0)
        {
          sum += ms;
          n_ok++;
        }
    }
  g_print ("(b) search mean: %.1f ms over %u queries (from search-changed, after the entry's "
           "150 ms delay, to rows painted)\n", n_ok > 0 ? sum / n_ok : -1.0, n_ok);
  g_print ("    search + sort by name: %.1f ms\n", time_sort (window, page, MC_MEMBER_SORT_NAME, FALSE));
  g_print ("    clear search (back to all members): %.1f ms\n", time_search (window, page, ""));
  g_print ("    sort all by name (pinyin): %.1f ms\n", time_sort (window, page, MC_MEMBER_SORT_NAME, FALSE));
  g_print ("    sort all by points, descending: %.1f ms\n", time_sort (window, page, MC_MEMBER_SORT_POINTS, TRUE));
  g_print ("    no sort: %.1f ms\n", time_sort (window, page, MC_MEMBER_SORT_DEFAULT, FALSE));

  /* (c) Scroll from the top to the end, a frame at each step. */
  rss_before = proc_status_kb ("VmRSS:");
  adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (mc_members_page_get_column_view (page)));
  {
    gint64 start = g_get_monotonic_time ();

    for (int i = 0; i <= steps; i++)
      {
        double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

        gtk_adjustment_set_value (adj, upper * i / steps);
        wait_frame (GTK_WIDGET (window));
      }
    g_print ("(c) scrolled %u rows in %d steps: %.1f ms a step; end at %.0f of %.0f\n",
             g_list_model_get_n_items (model), steps,
             (g_get_monotonic_time () - start) / 1000.0 / MAX (steps, 1),
             gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj),
             gtk_adjustment_get_upper (adj));
  }
  g_print ("(c) VmRSS %.1f MB after scrolling (%.1f MB before), peak VmHWM %.1f MB\n",
           proc_status_kb ("VmRSS:") / 1024.0, rss_before / 1024.0, proc_status_kb ("VmHWM:") / 1024.0);

  gtk_window_destroy (window);
  return 0;
}
