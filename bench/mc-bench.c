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
#include "core/mc-import.h"

/* ------------------------------------------------------------------------------------ */
/* Shared: a scratch workspace, sizes, reports                                          */

typedef struct
{
  char *dir;
  char *path;
  McDb *db;
  gboolean keep;
} Scratch;

/* page_size 0: the workspace as mc_db_open() makes it. Otherwise a what-if: an empty
 * file with that page size, which mc_db_open() then fills with the schema. */
static gboolean
scratch_open (Scratch  *s,
              gboolean  keep,
              int       page_size,
              GError  **error)
{
  s->keep = keep;
  s->dir = g_dir_make_tmp ("mc-bench-XXXXXX", error);
  if (s->dir == NULL)
    return FALSE;
  s->path = g_build_filename (s->dir, "workspace.db", NULL);
  if (page_size != 0)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA page_size = %d; VACUUM", page_size);
      sqlite3 *handle = NULL;
      int rc = sqlite3_open (s->path, &handle);

      if (rc == SQLITE_OK)
        rc = sqlite3_exec (handle, sql, NULL, NULL, NULL);
      sqlite3_close (handle);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot make an empty %d-byte-page file", page_size);
          return FALSE;
        }
    }
  s->db = mc_db_open (s->path, error);
  return s->db != NULL;
}

static int
scratch_page_size (Scratch *s)
{
  sqlite3_stmt *stmt = NULL;
  int size = 0;

  if (sqlite3_prepare_v2 (mc_db_get_handle (s->db), "PRAGMA page_size", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    size = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return size;
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
  int page_size = 0;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Members to make (default 100000)", "N" },
    { "orders-per-member", 0, 0, G_OPTION_ARG_DOUBLE, &orders_per_member, "Mean sales per member (default 10)", "X" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed (default 1)", "S" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the workspace and print its path", NULL },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, "What if workspaces had this page size (default: as made)", "BYTES" },
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
  if (page_size != 0 && (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--page-size is a power of two from 512 to 65536");
      return FALSE;
    }
  if (!scratch_open (&scratch, keep, page_size, error))
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
      g_print ("demo: %d members, %.1f sales per member, seed %" G_GINT64_FORMAT ", %d-byte pages\n",
               members, orders_per_member, seed, scratch_page_size (&scratch));
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
/* import-members: mc_import_members()                                                  */

/* A members file as a store exports it: Chinese header, phones in no order, some emails,
 * tags and notes, CRLF. Every row is good, so all of them are imported. Rows first ..
 * first + n - 1 of one endless file: files of different rows share no phone. With cards,
 * every row has the card number of another system. */
static gboolean
write_members_csv (const char  *path,
                   guint        first,
                   guint        n,
                   gboolean     cards,
                   GError     **error)
{
  static const char surnames[] = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
  static const char given[] = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂";
  static const char * const cities[] = { "上海", "北京", "广州", "深圳", "杭州", "成都", "南京", "武汉" };
  const guint n_surnames = g_utf8_strlen (surnames, -1);
  const guint n_given = g_utf8_strlen (given, -1);
  g_autoptr(GString) csv = g_string_sized_new ((gsize) n * 80 + 128);
  g_autoptr(GRand) rand = g_rand_new_with_seed (1 + first);

  g_string_append (csv, "姓名,手机,邮箱,性别,生日,城市,营销同意,入会时间,标签,备注");
  g_string_append (csv, cards ? ",卡号\r\n" : "\r\n");
  for (guint i = first; i < first + n; i++)
    {
      /* i × 3^18 mod 10^9 visits every 9-digit number once: unique, unordered phones. */
      guint64 digits = (guint64) i * G_GUINT64_CONSTANT (387420489) % G_GUINT64_CONSTANT (1000000000);
      const char *s = g_utf8_offset_to_pointer (surnames, g_rand_int_range (rand, 0, n_surnames));
      const char *g1 = g_utf8_offset_to_pointer (given, g_rand_int_range (rand, 0, n_given));
      const char *g2 = g_utf8_offset_to_pointer (given, g_rand_int_range (rand, 0, n_given));

      g_string_append_len (csv, s, g_utf8_next_char (s) - s);
      g_string_append_len (csv, g1, g_utf8_next_char (g1) - g1);
      if (i % 2 == 1)
        g_string_append_len (csv, g2, g_utf8_next_char (g2) - g2);
      g_string_append_printf (csv, ",1%c%09" G_GUINT64_FORMAT ",", "3456789"[i % 7], digits);
      if (i % 3 == 0)
        g_string_append_printf (csv, "m%u@example.com", i);
      g_string_append_printf (csv, ",%s,%d-%02d-%02d,%s,%s,2025-%02u-%02u %02u:%02u,%s,%s",
                              i % 2 ? "男" : "女",
                              g_rand_int_range (rand, 1950, 2006), g_rand_int_range (rand, 1, 13),
                              g_rand_int_range (rand, 1, 29),
                              cities[i % G_N_ELEMENTS (cities)],
                              i % 4 == 0 ? "是" : "否",
                              i % 12 + 1, i % 28 + 1, i % 14 + 8, i % 60,
                              i % 10 == 0 ? "高消费:value" : "",
                              i % 20 == 0 ? "\"老顾客，\r\n周末来\"" : "");
      if (cards)
        g_string_append_printf (csv, ",VIP%09u", i);
      g_string_append (csv, "\r\n");
    }
  return g_file_set_contents (path, csv->str, (gssize) csv->len, error);
}

static gboolean
bench_import_members (int      argc,
                      char   **argv,
                      GError **error)
{
  int members = 100000;
  gboolean dry_run = FALSE;
  gboolean keep = FALSE;
  int page_size = 0;
  int existing = 0;
  gboolean cards = FALSE;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &members, "Rows in the file (default 100000)", "N" },
    { "existing", 0, 0, G_OPTION_ARG_INT, &existing, "Members the workspace has before (imported first, not timed)", "N" },
    { "cards", 0, 0, G_OPTION_ARG_NONE, &cards, "The file has a card number column", NULL },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, "Only read and check the file", NULL },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the workspace and print its path", NULL },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, "What if workspaces had this page size (default: as made)", "BYTES" },
    { NULL }
  };
  McImportOptions options = { MC_CSV_ENCODING_AUTO, FALSE, FALSE };
  McImportReport report = { 0 };
  Scratch scratch = { 0 };
  g_autofree char *csv = NULL;
  gint64 started;
  double seconds;
  gboolean ok;

  if (!parse_options (&argc, &argv, "Time a CSV import of members into a new workspace.", entries, error))
    return FALSE;
  if (members < 1 || existing < 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "--members must be 1 or more, --existing 0 or more");
      return FALSE;
    }
  if (page_size != 0 && (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--page-size is a power of two from 512 to 65536");
      return FALSE;
    }
  if (!scratch_open (&scratch, keep, page_size, error))
    {
      scratch_close (&scratch);
      return FALSE;
    }
  csv = g_build_filename (scratch.dir, "members.csv", NULL);
  ok = TRUE;
  if (existing > 0)
    {
      ok = write_members_csv (csv, 0, (guint) existing, cards, error) &&
           mc_import_members (scratch.db, csv, &options, NULL, NULL, NULL, NULL, error);
      if (ok)
        g_print ("import-members: the workspace has %d members\n", existing);
    }
  started = g_get_monotonic_time ();
  ok = ok && write_members_csv (csv, (guint) existing, (guint) members, cards, error);
  if (ok)
    g_print ("import-members: %d rows, %.1f MiB file written in %.2f s\n", members,
             file_size (csv) / 1048576.0,
             (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

  options.dry_run = dry_run;
  started = g_get_monotonic_time ();
  ok = ok && mc_import_members (scratch.db, csv, &options, &report, demo_progress_cb, &started,
                                NULL, error);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;
  fprintf (stderr, "\n");
  if (ok)
    {
      report_rate (dry_run ? "rows checked" : "rows imported",
                   dry_run ? report.rows_valid : report.rows_imported, seconds);
      g_print ("  total            %12.2f s (the report's count: %.2f s)\n", seconds, report.seconds);
      g_print ("  problems         %12u\n", report.problems->len + report.duplicates->len);
      if (!dry_run)
        g_print ("  file size        %12.1f MiB\n", scratch_size (&scratch) / 1048576.0);
    }
  mc_import_report_clear (&report);
  g_unlink (csv);
  scratch_close (&scratch);
  return ok;
}

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
  { "import-members", "CSV import of N members into a new workspace: --members N [--existing M] [--cards] [--dry-run]", bench_import_members },
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
