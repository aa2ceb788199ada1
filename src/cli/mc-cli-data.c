/* mc-cli-data.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * init, summary, demo, import, export, backup, restore, audit.
 */
#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <stdio.h>

#include "mc-audit.h"
#include "mc-backup.h"
#include "mc-cli.h"
#include "mc-demo.h"
#include "mc-error.h"
#include "mc-export.h"
#include "mc-import.h"
#include "mc-programme.h"
#include "mc-summary.h"

static gboolean
ensure_programme (McDb    *db,
                  GError **error)
{
  g_autofree char *done = NULL;
  g_autoptr(McProgramme) programme = NULL;

  if (!mc_db_get_meta (db, "programme_installed", &done, error))
    return FALSE;
  if (done != NULL)
    return TRUE;
  programme = mc_programme_new_default ();
  if (!mc_db_begin (db, error))
    return FALSE;
  if (!mc_programme_install_live (db, programme, error) ||
      !mc_db_set_meta (db, "programme_installed", "1", error) ||
      !mc_db_commit (db, error))
    {
      mc_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_init (McCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  if (!mc_cli_parse (cli, &argc, &argv, "", _("Create the workspace (or check an existing one)."),
                     NULL, error) ||
      !mc_cli_begin (cli, argc, 0, "init", error))
    return FALSE;
  if (!mc_audit_require (cli->db, MC_PERMISSION_WRITE_PROGRAMME, "init", error) ||
      !ensure_programme (cli->db, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "workspace", mc_db_get_path (cli->db));
      json_object_set_int_member (obj, "schema_version", mc_db_get_schema_version (cli->db));
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("Workspace ready: %s\n"), mc_db_get_path (cli->db));
  return TRUE;
}

static gboolean
run_summary (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;
  JsonArray *tiers;
  g_autofree char *revenue = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, "", _("The workspace at a glance."), NULL, error) ||
      !mc_cli_begin (cli, argc, 0, "summary", error))
    return FALSE;
  node = mc_summary_build (cli->db, error);
  if (node == NULL)
    return FALSE;
  if (cli->json)
    {
      mc_cli_print_json (node);
      return TRUE;
    }
  o = json_node_get_object (node);
  revenue = g_strdup_printf ("%.2f", json_object_get_int_member (o, "revenue_fen") / 100.0);
  g_print ("%s\n", _("Member Console — workspace summary"));
  mc_cli_print_row (2, 22, "%s", _("Workspace:"), json_object_get_string_member (o, "workspace"));
  mc_cli_print_row (2, 22, "%s", _("Programme:"), json_object_get_string_member (o, "programme"));
  mc_cli_print_row (2, 22, "%" PRId64, _("Members:"), json_object_get_int_member (o, "members"));
  mc_cli_print_row (2, 22, "%" PRId64, _("New in 30 days:"), json_object_get_int_member (o, "new_members_30d"));
  mc_cli_print_row (2, 22, "%" PRId64, _("Marketing consent:"), json_object_get_int_member (o, "consented"));
  mc_cli_print_row (2, 22, "%" PRId64, _("Stores:"), json_object_get_int_member (o, "stores"));
  mc_cli_print_row (2, 22, "%" PRId64, _("Orders:"), json_object_get_int_member (o, "orders"));
  mc_cli_print_row (2, 22, "%" PRId64, _("Refunds:"), json_object_get_int_member (o, "refunds"));
  mc_cli_print_row (2, 22, "¥%s", _("Net revenue:"), revenue);
  mc_cli_print_row (2, 22, "%" PRId64, _("Points outstanding:"), json_object_get_int_member (o, "points_outstanding"));
  mc_cli_print_row (2, 22, "%" PRId64, _("Points redeemed:"), json_object_get_int_member (o, "points_redeemed"));
  g_print ("  %s\n", _("Tiers:"));
  tiers = json_object_get_array_member (o, "tiers");
  for (guint i = 0; i < json_array_get_length (tiers); i++)
    {
      JsonObject *t = json_array_get_object_element (tiers, i);

      mc_cli_print_row (4, 20, "%" PRId64, json_object_get_string_member (t, "name"),
               json_object_get_int_member (t, "members"));
    }
  return TRUE;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  McCli *cli = user_data;

  if (cli->progress)
    {
      fprintf (stderr, "\r%3d%%", (int) (fraction * 100.0 + 0.5));
      fflush (stderr);
    }
}

static gboolean
run_demo (McCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  int members = 2000;
  double orders_per_member = 10.0;
  gint64 seed = 1;
  g_autofree char *end_text = NULL;
  GOptionEntry entries[] = {
    { "members", 0, 0, G_OPTION_ARG_INT, &members, N_("How many members (default 2000)"), N_("N") },
    { "orders-per-member", 0, 0, G_OPTION_ARG_DOUBLE, &orders_per_member, N_("Mean orders per member (default 10)"), N_("X") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed: the same seed gives the same data (default 1)"), N_("S") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end_text, N_("Last day of the 24 months of data (default today)"), N_("DATE") },
    { NULL }
  };
  McDemoOptions options = { 0 };
  McDemoStats stats = { 0 };

  if (!mc_cli_parse (cli, &argc, &argv, "",
                     _("Fill an empty workspace with realistic demo data: members, stores, orders, ledgers over 24 months."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 0, "demo --members N [--orders-per-member X] [--seed S]", error))
    return FALSE;
  if (members < 1 || members > 10000000)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("--members is from 1 to 10,000,000."));
      return FALSE;
    }
  if (!(orders_per_member >= 0.0 && orders_per_member <= 1000.0))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("--orders-per-member is from 0 to 1000."));
      return FALSE;
    }
  options.n_members = (guint) members;
  options.orders_per_member = orders_per_member;
  options.seed = (guint64) seed;
  if (end_text != NULL && !mc_cli_parse_time (cli, end_text, TRUE, &options.end, error))
    return FALSE;
  if (!mc_audit_require (cli->db, MC_PERMISSION_IMPORT, "demo", error))
    return FALSE;
  if (!mc_demo_generate (cli->db, &options, progress_cb, cli, NULL, &stats, error))
    {
      if (cli->progress)
        fprintf (stderr, "\r    \r");
      return FALSE;
    }
  if (cli->progress)
    fprintf (stderr, "\r    \r");
  if (!mc_db_set_meta (cli->db, "programme_installed", "1", error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_int_member (obj, "members", (gint64) stats.members);
      json_object_set_int_member (obj, "orders", (gint64) stats.orders);
      json_object_set_int_member (obj, "refunds", (gint64) stats.refunds);
      json_object_set_int_member (obj, "anonymous_orders", (gint64) stats.anonymous_orders);
      json_object_set_int_member (obj, "points_entries", (gint64) stats.points_entries);
      json_object_set_int_member (obj, "growth_entries", (gint64) stats.growth_entries);
      json_object_set_int_member (obj, "events", (gint64) stats.events);
      json_object_set_int_member (obj, "stores", (gint64) stats.stores);
      json_object_set_double_member (obj, "seconds", stats.seconds);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("Made %" PRIu64 " members, %" PRIu64 " orders (%" PRIu64
               " refunds) in %.1f s.\n"), stats.members, stats.orders, stats.refunds, stats.seconds);
  return TRUE;
}

static void
print_problems (GPtrArray  *problems,
                const char *title)
{
  if (problems == NULL || problems->len == 0)
    return;
  g_print ("%s\n", title);
  for (guint i = 0; i < problems->len; i++)
    {
      McImportProblem *p = g_ptr_array_index (problems, i);

      if (p->column != NULL)
        g_print (_("  line %u, %s “%s”: %s\n"), p->line, p->column, p->value ? p->value : "", p->reason);
      else
        g_print (_("  line %u: %s\n"), p->line, p->reason);
    }
}

static gboolean
run_import (McCli       *cli,
            int          argc,
            char       **argv,
            gboolean     orders,
            GError     **error)
{
  gboolean dry_run = FALSE, skip_invalid = FALSE;
  g_autofree char *encoding = NULL;
  GOptionEntry entries[] = {
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Check every row and report; write nothing"), NULL },
    { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid, N_("Import the good rows and skip the bad ones"), NULL },
    { "encoding", 0, 0, G_OPTION_ARG_STRING, &encoding, N_("auto (default), utf-8 or gbk"), N_("ENC") },
    { NULL }
  };
  McImportOptions options = { 0 };
  McImportReport report = { 0 };
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (!mc_cli_parse (cli, &argc, &argv, _("FILE"),
                     orders ? _("Import orders from a CSV file (UTF-8 or GBK; Chinese or English headers).")
                            : _("Import members from a CSV file (UTF-8 or GBK; Chinese or English headers)."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 1, orders ? "import orders FILE" : "import members FILE", error))
    return FALSE;
  if (encoding == NULL || g_ascii_strcasecmp (encoding, "auto") == 0)
    options.encoding = MC_CSV_ENCODING_AUTO;
  else if (g_ascii_strcasecmp (encoding, "utf-8") == 0 || g_ascii_strcasecmp (encoding, "utf8") == 0)
    options.encoding = MC_CSV_ENCODING_UTF8;
  else if (g_ascii_strcasecmp (encoding, "gbk") == 0 || g_ascii_strcasecmp (encoding, "gb18030") == 0)
    options.encoding = MC_CSV_ENCODING_GBK;
  else
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not an encoding: use auto, utf-8 or gbk."), encoding);
      return FALSE;
    }
  options.dry_run = dry_run;
  options.skip_invalid = skip_invalid;

  ok = (orders ? mc_import_orders : mc_import_members) (cli->db, argv[1], &options, &report,
                                                         progress_cb, cli, NULL, &local_error);
  if (cli->progress)
    fprintf (stderr, "\r    \r");
  /* The report, when the file was read at all: not for a missing or unreadable file. */
  if (report.problems != NULL && (ok || report.rows_read > 0))
    {
      if (cli->json)
        {
          g_autoptr(JsonNode) node = mc_import_report_to_json (&report);

          mc_cli_print_json (node);
        }
      else
        {
          for (guint i = 0; report.warnings != NULL && i < report.warnings->len; i++)
            g_print ("%s\n", (char *) g_ptr_array_index (report.warnings, i));
          print_problems (report.problems, _("Rows with problems:"));
          print_problems (report.duplicates, _("Duplicates:"));
          g_print (ngettext ("Read %u row: %u good, %u imported, %u skipped (%s, %.2f s).\n",
                             "Read %u rows: %u good, %u imported, %u skipped (%s, %.2f s).\n",
                             report.rows_read),
                   report.rows_read, report.rows_valid, report.rows_imported, report.rows_skipped,
                   report.encoding_used == MC_CSV_ENCODING_GBK ? "GBK" : "UTF-8", report.seconds);
          if (dry_run)
            g_print ("%s\n", _("Dry run: nothing was written."));
        }
    }
  mc_import_report_clear (&report);
  if (!ok)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_import_members (McCli *cli, int argc, char **argv, GError **error)
{
  return run_import (cli, argc, argv, FALSE, error);
}

static gboolean
run_import_orders (McCli *cli, int argc, char **argv, GError **error)
{
  return run_import (cli, argc, argv, TRUE, error);
}

static gboolean
run_export (McCli       *cli,
            int          argc,
            char       **argv,
            gboolean     orders,
            GError     **error)
{
  g_autofree char *format = NULL;
  GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format, N_("csv (default) or json"), N_("FORMAT") },
    { NULL }
  };
  McExportFormat f;
  guint64 n = 0;

  if (!mc_cli_parse (cli, &argc, &argv, _("FILE"),
                     orders ? _("Export orders (as your role may see them).")
                            : _("Export members (as your role may see them: analysts get masked phones)."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 1, orders ? "export orders FILE" : "export members FILE", error))
    return FALSE;
  if (format == NULL || g_ascii_strcasecmp (format, "csv") == 0)
    f = MC_EXPORT_CSV;
  else if (g_ascii_strcasecmp (format, "json") == 0)
    f = MC_EXPORT_JSON;
  else
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("“%s” is not a format: use csv or json."), format);
      return FALSE;
    }
  if (!(orders ? mc_export_orders : mc_export_members) (cli->db, argv[1], f, &n, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "file", argv[1]);
      json_object_set_int_member (obj, "rows", (gint64) n);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("Wrote %" PRIu64 " rows to %s.\n"), n, argv[1]);
  return TRUE;
}

static gboolean
run_export_members (McCli *cli, int argc, char **argv, GError **error)
{
  return run_export (cli, argc, argv, FALSE, error);
}

static gboolean
run_export_orders (McCli *cli, int argc, char **argv, GError **error)
{
  return run_export (cli, argc, argv, TRUE, error);
}

static gboolean
print_done (McCli       *cli,
            const char  *key,
            const char  *file,
            const char  *message)
{
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, key, file);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print ("%s\n", message);
  return TRUE;
}

static gboolean
run_backup (McCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  if (!mc_cli_parse (cli, &argc, &argv, _("FILE"), _("Copy the workspace into a backup file (safe while in use)."),
                     NULL, error) ||
      !mc_cli_begin (cli, argc, 1, "backup FILE", error) ||
      !mc_backup_to_file (cli->db, argv[1], error))
    return FALSE;
  {
    g_autofree char *message = g_strdup_printf (_("Backed up to %s."), argv[1]);

    return print_done (cli, "backup", argv[1], message);
  }
}

static gboolean
run_restore (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  if (!mc_cli_parse (cli, &argc, &argv, _("FILE"),
                     _("Replace the workspace with a backup, after checking the backup's integrity and version."),
                     NULL, error) ||
      !mc_cli_begin (cli, argc, 1, "restore FILE", error) ||
      !mc_backup_restore (cli->db, argv[1], error))
    return FALSE;
  {
    g_autofree char *message = g_strdup_printf (_("Restored from %s."), argv[1]);

    return print_done (cli, "restored", argv[1], message);
  }
}

static gboolean
run_audit (McCli   *cli,
           int      argc,
           char   **argv,
           GError **error)
{
  int limit = 50;
  GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("The newest N entries (default 50; 0 for all)"), N_("N") },
    { NULL }
  };
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;

  if (!mc_cli_parse (cli, &argc, &argv, "", _("Show the audit log: who did what, when."), entries, error) ||
      !mc_cli_begin (cli, argc, 0, "audit [--limit N]", error))
    return FALSE;
  if (limit < 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("--limit is 0 or more."));
      return FALSE;
    }
  node = mc_audit_list (cli->db, (guint) limit, error);
  if (node == NULL)
    return FALSE;
  if (cli->json)
    {
      mc_cli_print_json (node);
      return TRUE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *e = json_array_get_object_element (array, i);
      g_autofree char *when = mc_cli_format_time (cli, json_object_get_int_member (e, "at"));
      const char *entity_id = json_object_get_string_member_with_default (e, "entity_id", NULL);

      g_print ("%s  %-10s %-8s %-18s %s\n", when, json_object_get_string_member (e, "actor"),
               json_object_get_string_member (e, "role"), json_object_get_string_member (e, "action"),
               entity_id ? entity_id : "");
    }
  return TRUE;
}

const McCliCommand mc_cli_data_commands[] = {
  { "init", N_("Create a workspace"), run_init, TRUE },
  { "summary", N_("The workspace at a glance"), run_summary, FALSE },
  { "demo", N_("Fill an empty workspace with demo data"), run_demo, TRUE },
  { "import members", N_("Import members from CSV"), run_import_members, FALSE },
  { "import orders", N_("Import orders from CSV"), run_import_orders, FALSE },
  { "export members", N_("Export members to CSV or JSON"), run_export_members, FALSE },
  { "export orders", N_("Export orders to CSV or JSON"), run_export_orders, FALSE },
  { "backup", N_("Back up the workspace"), run_backup, FALSE },
  { "restore", N_("Restore the workspace from a backup"), run_restore, FALSE },
  { "audit", N_("Show the audit log"), run_audit, FALSE },
  { NULL }
};
