/* test-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * member-console-cli as a user or a script runs it: the built executable (MC_CLI) is
 * started with GSubprocess in a fresh temporary workspace for each case, and the test
 * checks what a person would check: the exit status, the JSON numbers, the one line on
 * stderr when something fails. This file: help and usage, backup and restore, demo data,
 * import and export, one-line failures, Chinese; test-cli-member.c and test-cli-ledger.c
 * hold the rest.
 */
#define G_LOG_DOMAIN "mc-test-cli"

#include "config.h"

#include <string.h>

#include "mc-test-cli.h"

/* ------------------------------------------------------------------------------------ */
/* Help and usage                                                                       */

/* Every command the tables hold today; the global --help must list at least these. */
static const char * const known_commands[] = {
  "init", "summary", "demo", "import members", "import orders", "export members",
  "export orders", "backup", "restore", "audit",
  "member add", "member show", "member edit", "member search", "member delete",
  "member restore", "member tag", "store add",
  "order add", "order refund", "points redeem", "points adjust", "points expire",
  "growth adjust", "event add", "tiers evaluate", "tier set",
  "analytics clv",
  "report all", "report kpis", "report retention", "report cohorts", "report rfm", "report churn", "report clv",
};

/* The commands listed under "Commands:" by the global --help: that list is printed from
 * the three command tables, so this is every command there is. */
static GPtrArray *
listed_commands (Workspace *ws)
{
  g_autoptr(Run) r = cli (ws, "--help", NULL);
  g_auto(GStrv) lines = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  gboolean in_commands = FALSE;

  expect_ok (r);
  g_assert_true (g_str_has_prefix (r->out, "Usage: member-console-cli"));
  g_assert_cmpstr (r->err, ==, "");
  lines = g_strsplit (r->out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      const char *gap;

      if (g_str_equal (line, "Commands:"))
        {
          in_commands = TRUE;
          continue;
        }
      if (!in_commands)
        continue;
      if (!g_str_has_prefix (line, "  "))
        break;
      /* "  %-19s %s": the name ends where a run of two spaces begins. */
      gap = strstr (line + 2, "  ");
      g_assert_nonnull (gap);
      g_ptr_array_add (names, g_strndup (line + 2, (gsize) (gap - (line + 2))));
    }
  return names;
}

static gboolean
list_has (GPtrArray  *names,
          const char *name)
{
  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      return TRUE;
  return FALSE;
}

/* Runs "NAME --help" (NAME split into its words). */
static Run *
command_help (Workspace  *ws,
              const char *name)
{
  g_auto(GStrv) words = g_strsplit (name, " ", -1);

  g_assert_nonnull (words[0]);
  if (words[1] == NULL)
    return cli (ws, words[0], "--help", NULL);
  g_assert_null (words[2]);
  return cli (ws, words[0], words[1], "--help", NULL);
}

/* The synopsis after "Usage:" (GOption prints it on the next line), or NULL. */
static char *
usage_synopsis (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *rest = NULL;

      if (!g_str_has_prefix (lines[i], "Usage:"))
        continue;
      rest = g_strstrip (g_strdup (lines[i] + 6));
      if (rest[0] != '\0')
        return g_steal_pointer (&rest);
      if (lines[i + 1] != NULL)
        return g_strstrip (g_strdup (lines[i + 1]));
    }
  return NULL;
}

static void
test_help (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(GPtrArray) names = listed_commands (ws);

  for (guint i = 0; i < G_N_ELEMENTS (known_commands); i++)
    {
      if (!list_has (names, known_commands[i]))
        note ("--help does not list “%s”", known_commands[i]);
      g_assert_true (list_has (names, known_commands[i]));
    }

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(Run) r = command_help (ws, name);
      g_autofree char *synopsis = NULL;

      expect_ok (r);
      g_assert_cmpstr (r->err, ==, "");
      synopsis = usage_synopsis (r->out);
      if (synopsis == NULL)
        note ("“%s --help” printed no usage line: %s", name, r->out);
      g_assert_nonnull (synopsis);
      g_assert_true (g_str_has_prefix (synopsis, "member-console-cli"));
    }

  /* --help needs no workspace and makes none. */
  g_assert_false (g_file_test (ws->db, G_FILE_TEST_EXISTS));
}

/* "member add --help" says "member-console-cli member add ...", not just the program. */
static void
test_help_names_command (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(GPtrArray) names = listed_commands (ws);
  g_autoptr(GString) wrong = g_string_new ("");

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(Run) r = command_help (ws, name);
      g_autofree char *synopsis = usage_synopsis (r->out);
      g_autofree char *wanted = g_strdup_printf ("member-console-cli %s", name);

      expect_ok (r);
      if (synopsis == NULL || !g_str_has_prefix (synopsis, wanted))
        g_string_append_printf (wrong, "“%s --help”: “%s”; ", name, synopsis ? synopsis : "(none)");
    }
  if (wrong->len > 0)
    note ("usage lines that do not name their command: %s", wrong->str);
  g_assert_cmpuint (wrong->len, ==, 0);
}

static void
test_unknown_command (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Run) r = cli (ws, "frobnicate", NULL);
  g_autoptr(Run) two = cli (ws, "points", "frobnicate", "--member", "1", NULL);

  expect_failure (r, 2, "frobnicate", NULL);
  g_assert_cmpstr (r->out, ==, "");
  expect_failure (two, 2, NULL);
  g_assert_false (g_file_test (ws->db, G_FILE_TEST_EXISTS));
}

static void
test_unknown_global_option (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Run) r = cli (ws, "--frobnicate", "init", NULL);

  /* The line says which option it does not know. */
  expect_failure (r, 2, "--frobnicate", NULL);
  g_assert_false (g_file_test (ws->db, G_FILE_TEST_EXISTS));
}

static void
test_unknown_command_option (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Run) r = NULL;

  init_workspace (ws);
  r = cli (ws, "summary", "--frobnicate", NULL);
  expect_failure (r, 2, "--frobnicate", NULL);
  g_assert_cmpstr (r->out, ==, "");
}

/* A mistyped command line changes nothing: not even an empty workspace appears. */
static void
test_bad_option_creates_nothing (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Run) init = cli (ws, "init", "--frobnicate", NULL);
  g_autoptr(Run) demo = NULL;

  g_assert_cmpint (init->status, !=, 0);
  expect_one_error_line (init);
  g_assert_false (g_file_test (ws->db, G_FILE_TEST_EXISTS));

  demo = cli (ws, "demo", "--members", "many", NULL);
  g_assert_cmpint (demo->status, !=, 0);
  expect_one_error_line (demo);
  g_assert_false (g_file_test (ws->db, G_FILE_TEST_EXISTS));
}

static void
test_missing_workspace (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Run) show = cli (ws, "member", "show", "13812345678", NULL);
  g_autoptr(Run) summary = cli (ws, "summary", "--json", NULL);

  expect_failure (show, 1, "init", ws->db, NULL);
  g_assert_cmpstr (show->out, ==, "");
  expect_failure (summary, 1, "init", NULL);
  g_assert_cmpstr (summary->out, ==, "");
  g_assert_false (g_file_test (ws->db, G_FILE_TEST_EXISTS));
}

/* ------------------------------------------------------------------------------------ */
/* Backup and restore                                                                   */

static void
test_backup_restore (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autofree char *backup = workspace_file (ws, "backup.mcdb");
  g_autofree char *text_file = write_workspace_file (ws, "notes.txt", "This is not a backup.\n");
  g_autofree char *missing = workspace_file (ws, "no-such-backup.mcdb");
  g_autoptr(Run) save = cli (ws, "backup", backup, NULL);
  g_autoptr(Run) add = NULL;
  g_autoptr(Run) restore = NULL;
  g_autoptr(Run) gone = NULL;
  g_autoptr(Run) add_again = NULL;
  g_autoptr(Run) bad = NULL;
  g_autoptr(Run) bad_missing = NULL;
  g_autofree char *text_after = NULL;

  expect_ok (save);
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));

  add = cli (ws, "member", "add", "--name", "李四", "--phone", "13900001111", NULL);
  expect_ok (add);
  g_assert_cmpint (summary_int (ws, "members"), ==, 2);

  restore = cli (ws, "restore", backup, NULL);
  expect_ok (restore);
  gone = cli (ws, "member", "show", "13900001111", NULL);
  expect_failure (gone, 1, NULL);
  g_assert_cmpint (member_int (ws, "13812345678", "points_balance"), ==, 0);
  g_assert_cmpint (summary_int (ws, "members"), ==, 1);

  /* A text file is not a backup: a clear refusal, and nothing changes. */
  add_again = cli (ws, "member", "add", "--name", "王五", "--phone", "13900002222", NULL);
  expect_ok (add_again);
  bad = cli (ws, "restore", text_file, NULL);
  expect_failure (bad, 1, "backup", NULL);
  g_assert_cmpstr (bad->out, ==, "");
  g_assert_cmpint (summary_int (ws, "members"), ==, 2);
  g_assert_cmpint (member_int (ws, "13900002222", "points_balance"), ==, 0);
  {
    g_autoptr(JsonNode) zhang = show_member (ws, "13812345678");

    g_assert_cmpstr (get_string (object_of (zhang), "id"), ==, id);
  }
  text_after = read_text_file (text_file);
  g_assert_cmpstr (text_after, ==, "This is not a backup.\n");

  bad_missing = cli (ws, "restore", missing, NULL);
  expect_failure (bad_missing, 1, NULL);
  g_assert_cmpint (summary_int (ws, "members"), ==, 2);
}

/* ------------------------------------------------------------------------------------ */
/* Demo data                                                                            */

static void
test_demo (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Workspace) twin = workspace_new ();
  g_autoptr(Run) demo = cli (ws, "demo", "--members", "300", "--seed", "3", "--json", NULL);
  g_autoptr(JsonNode) made = parse_json (demo);
  g_autoptr(Run) summary = cli (ws, "summary", "--json", NULL);
  g_autoptr(JsonNode) summary_node = parse_json (summary);
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) twin_demo = NULL;
  g_autoptr(Run) twin_summary = NULL;
  g_autoptr(JsonNode) twin_node = NULL;
  gint64 orders;

  g_assert_cmpint (get_int (object_of (made), "members"), ==, 300);
  orders = get_int (object_of (made), "orders");
  g_assert_cmpint (orders, >, 0);
  g_assert_cmpint (get_int (object_of (summary_node), "members"), ==, 300);
  g_assert_cmpint (get_int (object_of (summary_node), "orders"), >, 0);

  /* Not on a workspace that holds data; nothing changes. */
  again = cli (ws, "demo", "--members", "300", "--seed", "3", "--json", NULL);
  expect_failure (again, 1, NULL);
  g_assert_cmpint (summary_int (ws, "members"), ==, 300);
  g_assert_cmpint (summary_int (ws, "orders"), ==, get_int (object_of (summary_node), "orders"));

  /* The same seed gives the same data. */
  twin_demo = cli (twin, "demo", "--members", "300", "--seed", "3", "--json", NULL);
  expect_ok (twin_demo);
  twin_summary = cli (twin, "summary", "--json", NULL);
  twin_node = parse_json (twin_summary);
  g_assert_cmpint (get_int (object_of (twin_node), "orders"), ==, get_int (object_of (summary_node), "orders"));
  g_assert_cmpint (get_int (object_of (twin_node), "revenue_fen"), ==,
                   get_int (object_of (summary_node), "revenue_fen"));
  g_assert_cmpint (get_int (object_of (twin_node), "points_outstanding"), ==,
                   get_int (object_of (summary_node), "points_outstanding"));
}

/* ------------------------------------------------------------------------------------ */
/* Import and export                                                                    */

static void
expect_no_contact (const char *what,
                   const char *text)
{
  if (has_full_phone_number (text) || strchr (text, '@') != NULL)
    note ("%s shows contact data to an analyst: %s", what, text);
  g_assert_false (has_full_phone_number (text));
  g_assert_null (strchr (text, '@'));
}

static void
test_export_analyst (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autofree char *csv_path = workspace_file (ws, "members.csv");
  g_autofree char *json_path = workspace_file (ws, "members.json");
  g_autofree char *orders_path = workspace_file (ws, "orders.csv");
  g_autoptr(Run) add = cli (ws, "member", "add", "--name", "李四", "--phone", "13900001111",
                            "--email", "lisi@example.com", NULL);
  g_autoptr(Run) order = cli (ws, "order", "add", "--member", id, "--amount", "10", NULL);
  g_autoptr(Run) csv = NULL;
  g_autoptr(Run) json = NULL;
  g_autoptr(Run) orders = NULL;
  g_autofree char *csv_text = NULL;
  g_autofree char *json_text = NULL;
  g_autofree char *orders_text = NULL;

  expect_ok (add);
  expect_ok (order);

  csv = cli (ws, "--role", "analyst", "export", "members", csv_path, NULL);
  expect_ok (csv);
  csv_text = read_text_file (csv_path);
  g_assert_nonnull (strstr (csv_text, "张三"));
  g_assert_nonnull (strstr (csv_text, "李四"));
  g_assert_nonnull (strstr (csv_text, "138****5678"));
  expect_no_contact ("export members (csv)", csv_text);

  json = cli (ws, "--role", "analyst", "export", "members", json_path, "--format", "json", NULL);
  expect_ok (json);
  json_text = read_text_file (json_path);
  g_assert_nonnull (strstr (json_text, "张三"));
  expect_no_contact ("export members (json)", json_text);

  orders = cli (ws, "--role", "analyst", "export", "orders", orders_path, NULL);
  expect_ok (orders);
  orders_text = read_text_file (orders_path);
  g_assert_nonnull (strstr (orders_text, "10.00"));
  expect_no_contact ("export orders (csv)", orders_text);
}

/* A CSV whose bad row (12345) starts on line 4: the quoted note before it spans two lines. */
static const char import_csv[] =
  "name,phone,notes\n"
  "王五,13900002222,\"first line\n"
  "second line\"\n"
  "赵六,12345,bad\n"
  "孙七,13900003333,ok\n";

static void
test_import_dry_run (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *path = write_workspace_file (ws, "members.csv", import_csv);
  g_autoptr(Run) dry = NULL;
  g_autoptr(Run) wang = NULL;
  g_autoptr(Run) skip = NULL;
  g_autoptr(JsonNode) report = NULL;
  JsonObject *o;
  JsonArray *problems;

  init_workspace (ws);
  dry = cli (ws, "import", "members", path, "--dry-run", "--json", NULL);
  report = parse_json (dry);
  o = object_of (report);
  g_assert_cmpint (get_int (o, "rows_read"), ==, 3);
  g_assert_cmpint (get_int (o, "rows_valid"), ==, 2);
  g_assert_cmpint (get_int (o, "rows_imported"), ==, 0);
  expect_key (o, "problems");
  problems = json_object_get_array_member (o, "problems");
  g_assert_cmpuint (json_array_get_length (problems), ==, 1);
  g_assert_cmpint (get_int (json_array_get_object_element (problems, 0), "line"), ==, 4);
  g_assert_cmpstr (get_string (json_array_get_object_element (problems, 0), "value"), ==, "12345");

  /* A dry run writes nothing. */
  wang = cli (ws, "member", "show", "13900002222", NULL);
  expect_failure (wang, 1, NULL);
  g_assert_cmpint (summary_int (ws, "members"), ==, 0);

  /* The good rows, skipping the bad one. */
  skip = cli (ws, "import", "members", path, "--skip-invalid", "--json", NULL);
  expect_ok (skip);
  g_assert_cmpint (summary_int (ws, "members"), ==, 2);
  g_assert_cmpint (member_int (ws, "13900003333", "points_balance"), ==, 0);
}

/* ------------------------------------------------------------------------------------ */
/* Every failure: one line                                                              */

#define ANY_FAILURE (-1)

/* Adds to wrong when r did not fail with status (or any failure), or its stderr is not
 * one line. */
static void
check_one_line_failure (GString    *wrong,
                        Run        *r,
                        int         status)
{
  g_autofree char *problem = NULL;

  if (r->status <= 0 || (status != ANY_FAILURE && r->status != status))
    {
      g_string_append_printf (wrong, "[%s: exit %d, wanted %d] ", r->command, r->status, status);
      return;
    }
  problem = one_line_problem (r->err);
  if (problem != NULL)
    g_string_append_printf (wrong, "[%s: %s] ", r->command, problem);
}

static void
test_failures_one_line (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Workspace) demo_ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autofree char *id_arg = g_strdup_printf ("--member=%s", id);
  g_autofree char *bad_csv = write_workspace_file (ws, "bad.csv", import_csv);
  g_autofree char *no_file = workspace_file (ws, "no-such.csv");
  g_autofree char *no_dir = g_build_filename (ws->dir, "no-such-folder", "backup.mcdb", NULL);
  g_autofree char *out_csv = workspace_file (ws, "out.csv");
  g_autoptr(GString) wrong = g_string_new ("");
  g_autoptr(Run) demo = cli (demo_ws, "demo", "--members", "20", "--seed", "1", "--json", NULL);

  expect_ok (demo);

#define CHECK(status, ...) G_STMT_START { \
    g_autoptr(Run) r_ = cli (ws, __VA_ARGS__, NULL); \
    check_one_line_failure (wrong, r_, status); \
  } G_STMT_END

  CHECK (1, "order", "add", "--member", "13812345678");
  CHECK (1, "order", "add", "--member", "13812345678", "--amount", "abc");
  CHECK (1, "order", "add", "--member", "13999999999", "--amount", "10");
  CHECK (1, "order", "add", "--member", "13812345678", "--amount", "10", "--at", "yesterday-ish");
  CHECK (1, "order", "refund", "no-such-order");
  CHECK (2, "order", "refund");
  CHECK (2, "member", "show");
  CHECK (1, "member", "show", "13999999999");
  CHECK (1, "member", "edit", "13812345678", "--email", "not-an-email");
  CHECK (1, "member", "add", "--name", "", "--phone", "13900004444");
  CHECK (1, "member", "search", "zs", "--limit", "0");
  CHECK (1, "points", "redeem", "--member", "13812345678", "--points", "abc", "--reason", "x");
  CHECK (1, "points", "redeem", id_arg, "--points", "5", "--reason", "x");
  CHECK (1, "points", "adjust", "--member", "13812345678", "--points", "5");
  CHECK (1, "points", "expire", "--as-of", "not-a-date");
  CHECK (1, "tier", "set", "--member", "13812345678", "--tier", "silver", "--reason", "x");
  CHECK (1, "tier", "set", "--member", "13812345678", "--tier", "silver", "--reason", "x", "--until", "someday");
  CHECK (2, "store", "add");
  CHECK (1, "backup", no_dir);
  CHECK (1, "restore", no_file);
  CHECK (1, "import", "members", no_file);
  CHECK (1, "import", "members", bad_csv);
  CHECK (1, "import", "members", bad_csv, "--encoding", "latin-9");
  CHECK (1, "export", "members", out_csv, "--format", "xml");
  CHECK (1, "audit", "--limit", "-1");
  CHECK (1, "--role", "analyst", "member", "add", "--name", "王五", "--phone", "13900002222");
  CHECK (1, "--role", "clerk", "restore", bad_csv);
  CHECK (2, "--role", "nobody", "summary");
  CHECK (2, "frobnicate");
  CHECK (2, "--frobnicate", "summary");
  CHECK (2, "summary", "--frobnicate");
  CHECK (2, "summary", "extra-argument");
#undef CHECK

  /* demo on a workspace that holds data, in text mode (progress on a terminal). */
  {
    g_autoptr(Run) again = cli (demo_ws, "demo", "--members", "20", "--seed", "1", NULL);

    check_one_line_failure (wrong, again, 1);
  }

  if (wrong->len > 0)
    note ("failures that are not one line on stderr: %s", wrong->str);
  g_assert_cmpuint (wrong->len, ==, 0);
}

/* ------------------------------------------------------------------------------------ */
/* Chinese                                                                              */

/* The Chinese catalogue may be incomplete: only that everything still works. */
static void
test_chinese (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Run) missing = cli_zh (ws, "summary", NULL);
  g_autoptr(Run) help = cli_zh (ws, "--help", NULL);
  g_autoptr(Run) add_help = cli_zh (ws, "member", "add", "--help", NULL);
  g_autoptr(Run) init = NULL;
  g_autoptr(Run) add = NULL;
  g_autoptr(Run) show = NULL;
  g_autoptr(Run) text = NULL;
  g_autoptr(Run) dup = NULL;
  g_autoptr(Run) bad = NULL;
  g_autoptr(Run) unknown = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) shown = NULL;

  expect_failure (missing, 1, ws->db, NULL);
  expect_ok (help);
  g_assert_cmpstr (help->out, !=, "");
  expect_ok (add_help);
  g_assert_cmpstr (add_help->out, !=, "");

  init = cli_zh (ws, "init", NULL);
  expect_ok (init);
  add = cli_zh (ws, "member", "add", "--name", "张三", "--phone", "138 1234 5678", "--json", NULL);
  added = parse_json (add);
  g_assert_cmpstr (get_string (object_of (added), "phone"), ==, "+8613812345678");
  show = cli_zh (ws, "member", "show", "zs", "--json", NULL);
  expect_failure (show, 1, NULL);
  g_clear_pointer (&show, run_free);
  show = cli_zh (ws, "member", "show", "MC00000001", "--json", NULL);
  shown = parse_json (show);
  g_assert_cmpstr (get_string (object_of (shown), "name"), ==, "张三");
  text = cli_zh (ws, "member", "show", "13812345678", NULL);
  expect_ok (text);
  g_assert_nonnull (strstr (text->out, "张三"));

  dup = cli_zh (ws, "member", "add", "--name", "李四", "--phone", "13812345678", NULL);
  expect_failure (dup, 1, NULL);
  bad = cli_zh (ws, "points", "redeem", "--member", "13812345678", "--points", "10", "--reason", "x", NULL);
  expect_failure (bad, 1, "10", NULL);
  unknown = cli_zh (ws, "frobnicate", NULL);
  expect_failure (unknown, 2, "frobnicate", NULL);
}

static const CliCase cases[] = {
  { "/cli/help/every-command", test_help },
  { "/cli/help/usage-names-command", test_help_names_command },
  { "/cli/usage/unknown-command", test_unknown_command },
  { "/cli/usage/unknown-global-option", test_unknown_global_option },
  { "/cli/usage/unknown-command-option", test_unknown_command_option },
  { "/cli/usage/bad-option-creates-nothing", test_bad_option_creates_nothing },
  { "/cli/workspace/missing", test_missing_workspace },
  { "/cli/backup/restore", test_backup_restore },
  { "/cli/demo/generate", test_demo },
  { "/cli/export/analyst", test_export_analyst },
  { "/cli/import/dry-run", test_import_dry_run },
  { "/cli/errors/one-line", test_failures_one_line },
  { "/cli/i18n/chinese", test_chinese },
};

int
main (int   argc,
      char *argv[])
{
  return mc_test_cli_run (&argc, &argv, cases, G_N_ELEMENTS (cases));
}
