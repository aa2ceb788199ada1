/* mc-bench.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Timings of the core's bulk paths, each into a fresh workspace in a temporary folder:
 *   mc-bench demo --members N [--orders-per-member X] [--seed S] [--keep]
 * One subcommand per entry of the table at the end of this file.
 */
#define G_LOG_DOMAIN "mc-bench"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "core/mc-db.h"
#include "core/mc-demo.h"

/* ------------------------------------------------------------------------------------ */
/* Shared: a scratch workspace, sizes, reports                                          */

typedef struct
{
  char *dir;
  char *path;
  McDb *db;
  gboolean keep;
} Scratch;

static gboolean
scratch_open (Scratch  *s,
              gboolean  keep,
              GError  **error)
{
  s->keep = keep;
  s->dir = g_dir_make_tmp ("mc-bench-XXXXXX", error);
  if (s->dir == NULL)
    return FALSE;
  s->path = g_build_filename (s->dir, "workspace.db", NULL);
  s->db = mc_db_open (s->path, error);
  return s->db != NULL;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

/* The workspace file and its WAL, in bytes. */
static gint64
scratch_size (Scratch *s)
{
  g_autofree char *wal = g_strconcat (s->path, "-wal", NULL);

  return file_size (s->path) + file_size (wal);
}

static void
scratch_close (Scratch *s)
{
  g_clear_object (&s->db);
  if (s->path != NULL && !s->keep)
    {
      static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (s->path, suffixes[i], NULL);

          g_unlink (file);
        }
      g_rmdir (s->dir);
    }
  else if (s->path != NULL)
    g_print ("kept: %s\n", s->path);
  g_clear_pointer (&s->path, g_free);
  g_clear_pointer (&s->dir, g_free);
}

static void
report_rate (const char *what,
             guint64     count,
             double      seconds)
{
  g_print ("  %-16s %12" G_GUINT64_FORMAT "   %12.0f /s\n", what, count,
           seconds > 0 ? count / seconds : 0.0);
}

static gboolean
parse_options (int           *argc,
               char        ***argv,
               const char    *summary,
               GOptionEntry  *entries,
               GError       **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);

  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  return g_option_context_parse (context, argc, argv, error);
}

/* ------------------------------------------------------------------------------------ */
/* demo: mc_demo_generate()                                                             */

static void
demo_progress_cb (double   fraction,
                  gpointer user_data)
{
  gint64 *started = user_data;

  fprintf (stderr, "\r%5.1f%%  %6.1f s", fraction * 100.0,
           (g_get_monotonic_time () - *started) / (double) G_USEC_PER_SEC);
  fflush (stderr);
}

static gboolean
bench_demo (int      argc,
            char   **argv,
            GError **error)
{
  int members = 100000;
  double orders_per_member = 10.0;
  gint64 seed = 1;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Members to make (default 100000)", "N" },
    { "orders-per-member", 0, 0, G_OPTION_ARG_DOUBLE, &orders_per_member, "Mean sales per member (default 10)", "X" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed (default 1)", "S" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the workspace and print its path", NULL },
    { NULL }
  };
  McDemoOptions options = { 0 };
  McDemoStats stats = { 0 };
  Scratch scratch = { 0 };
  gint64 started;
  double seconds;
  gint64 size;
  gboolean ok;

  if (!parse_options (&argc, &argv, "Time demo data generation into a new workspace.", entries, error))
    return FALSE;
  if (members < 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--members must be 1 or more");
      return FALSE;
    }
  if (!scratch_open (&scratch, keep, error))
    {
      scratch_close (&scratch);
      return FALSE;
    }
  options.n_members = (guint) members;
  options.orders_per_member = orders_per_member;
  options.seed = (guint64) seed;

  started = g_get_monotonic_time ();
  ok = mc_demo_generate (scratch.db, &options, demo_progress_cb, &started, NULL, &stats, error);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  fprintf (stderr, "\n");
  if (ok)
    {
      size = scratch_size (&scratch);
      g_print ("demo: %d members, %.1f sales per member, seed %" G_GINT64_FORMAT "\n",
               members, orders_per_member, seed);
      report_rate ("members", stats.members, seconds);
      report_rate ("orders", stats.orders, seconds);
      report_rate ("refunds", stats.refunds, seconds);
      report_rate ("points entries", stats.points_entries, seconds);
      report_rate ("growth entries", stats.growth_entries, seconds);
      report_rate ("events", stats.events, seconds);
      report_rate ("all rows", stats.members + stats.orders + stats.refunds + stats.points_entries +
                   stats.growth_entries + stats.events, seconds);
      g_print ("  total            %12.2f s (generator's own count: %.2f s)\n", seconds, stats.seconds);
      g_print ("  file size        %12.1f MiB\n", size / 1048576.0);
    }
  scratch_close (&scratch);
  return ok;
}

/* ------------------------------------------------------------------------------------ */
/* import-members: mc-import (to come from the importer's author)                       */

/* ------------------------------------------------------------------------------------ */
/* Subcommands                                                                          */

typedef struct
{
  const char *name;
  const char *summary;
  gboolean  (*run) (int argc, char **argv, GError **error);
} Command;

static const Command commands[] = {
  { "demo", "mc_demo_generate() into a new workspace: --members N [--orders-per-member X]", bench_demo },
  /* { "import-members", "CSV import of N members: --members N", bench_import_members }, */
};

static void
usage (void)
{
  g_printerr ("Usage: mc-bench COMMAND [OPTIONS]\n\nCommands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_printerr ("  %-16s %s\n", commands[i].name, commands[i].summary);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  setlocale (LC_ALL, "");
  if (argc < 2)
    {
      usage ();
      return 2;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        if (!commands[i].run (argc - 1, argv + 1, &error))
          {
            g_printerr ("mc-bench %s: %s\n", commands[i].name, error->message);
            return 1;
          }
        return 0;
      }
  usage ();
  return 2;
}
