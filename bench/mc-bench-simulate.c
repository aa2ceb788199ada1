/* mc-bench-simulate.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The what-if simulator on a workspace (read only):
 *   mc-bench-simulate --db WORKSPACE [--as-of UNIX] [--steps N]
 * Times the prepare step (reading the members' figures from SQLite), then N re-simulations
 * as a slider would ask them: the top tier's threshold moved to N values from half to one
 * and a half times its live value, each a run of the draft plus the movement against the
 * live programme's result. Target: a re-simulation under 300 ms at 1,000,000 members.
 */
#define G_LOG_DOMAIN "mc-bench"

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "analytics/mc-simulate.h"
#include "core/mc-db.h"

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  int *last = user_data;
  int pct = (int) (fraction * 100);

  if (pct / 10 != *last / 10)
    {
      fprintf (stderr, "\rprepare %3d %%", pct);
      *last = pct;
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *db_path = NULL;
  gint64 as_of = 0;
  int steps = 20;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "The workspace (opened read-only)", "PATH" },
    { "as-of", 0, 0, G_OPTION_ARG_INT64, &as_of, "As of this time (unix seconds; default now)", "UNIX" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, "Threshold changes to time (default 20)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the what-if simulator");
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;
  g_autoptr(McSimulateData) data = NULL;
  g_autoptr(McSimulateResult) live_result = NULL;
  g_autoptr(McProgramme) draft = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  McProgramme *live;
  McTier *top;
  gint64 base;
  double prepare_s, live_s, sum = 0, worst = 0, best = G_MAXDOUBLE;
  int last = -1;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db_path == NULL || steps < 1)
    {
      fprintf (stderr, "%s\n", error != NULL ? error->message : "mc-bench-simulate --db PATH [--as-of UNIX] [--steps N]");
      return 2;
    }
  db = mc_db_open_reader (db_path, &error);
  if (db == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  if (as_of == 0)
    as_of = g_get_real_time () / G_USEC_PER_SEC;

  g_timer_start (timer);
  data = mc_simulate_prepare (db, as_of, progress_cb, &last, NULL, &error);
  prepare_s = g_timer_elapsed (timer, NULL);
  fprintf (stderr, "\n");
  if (data == NULL)
    {
      fprintf (stderr, "%s\n", error->message);
      return 1;
    }
  live = mc_simulate_data_get_live (data);
  g_timer_start (timer);
  live_result = mc_simulate_run (data, live);
  live_s = g_timer_elapsed (timer, NULL);

  draft = mc_programme_copy (live);
  top = g_ptr_array_index (draft->tiers, draft->tiers->len - 1);
  base = top->threshold;
  for (int i = 0; i < steps; i++)
    {
      McTier *below = g_ptr_array_index (draft->tiers, draft->tiers->len - 2);
      g_autoptr(McSimulateResult) result = NULL;
      g_autoptr(McSimulateMovement) movement = NULL;
      double s;

      top->threshold = MAX (below->threshold + 1, base / 2 + base * i / steps);
      g_timer_start (timer);
      result = mc_simulate_run (data, draft);
      movement = mc_simulate_movement (live_result, result);
      s = g_timer_elapsed (timer, NULL);
      sum += s;
      worst = MAX (worst, s);
      best = MIN (best, s);
      if (i == 0 || i == steps - 1)
        printf ("  %s threshold %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " members, %" G_GINT64_FORMAT
                " down, %" G_GINT64_FORMAT " up\n", top->name, top->threshold,
                result->tiers[result->n_tiers - 1].members, movement->down, movement->up);
    }

  printf ("members:                       %u\n", mc_simulate_data_get_n_members (data));
  printf ("prepare (SQLite, once):        %.2f s\n", prepare_s);
  printf ("run of the live programme:     %.1f ms\n", live_s * 1000);
  printf ("re-simulation after a threshold change (run + movement), %d changes:\n", steps);
  printf ("  mean %.1f ms, best %.1f ms, worst %.1f ms (target < 300 ms)\n",
          sum / steps * 1000, best * 1000, worst * 1000);
  return 0;
}
