/* test-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * member-console-cli as a user or a script runs it: the built executable (MC_CLI) is
 * started with GSubprocess in a fresh temporary workspace for each case, and the test
 * checks what a person would check: the exit status, the JSON numbers, the one line on
 * stderr when something fails.
 */
#define G_LOG_DOMAIN "mc-test-cli"

#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

/* ------------------------------------------------------------------------------------ */
/* A workspace in a temporary folder                                                    */

typedef struct
{
  char *dir;       /* the temporary folder */
  char *db;        /* the workspace file in it; no command has created it yet */
} Workspace;

/* The temporary folders of a case start with this; run_isolated() removes those of a
 * case that failed half-way. */
static char *
workspace_prefix (void)
{
  const char *tag = g_getenv ("MC_TEST_CLI_TAG");

  return g_strdup_printf ("mc-test-cli-%s-", tag != NULL ? tag : "0");
}

static Workspace *
workspace_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = workspace_prefix ();
  g_autofree char *template = g_strconcat (prefix, "XXXXXX", NULL);
  Workspace *ws = g_new0 (Workspace, 1);

  ws->dir = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ws->dir);
  ws->db = g_build_filename (ws->dir, "workspace.mcdb", NULL);
  return ws;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      dir = g_dir_open (path, 0, NULL);
      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
workspace_free (Workspace *ws)
{
  remove_tree (ws->dir);
  g_free (ws->dir);
  g_free (ws->db);
  g_free (ws);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Workspace, workspace_free)

static char *
workspace_file (Workspace  *ws,
                const char *name)
{
  return g_build_filename (ws->dir, name, NULL);
}

static char *
write_workspace_file (Workspace  *ws,
                      const char *name,
                      const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = workspace_file (ws, name);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
read_text_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (contents);
  return contents;
}

/* ------------------------------------------------------------------------------------ */
/* Running the CLI                                                                      */

static void note (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* What went wrong, for the log. Each case runs in a child process whose test messages
 * are not shown, so there it goes to stderr, which the parent passes on. */
static void
note (const char *format,
      ...)
{
  va_list ap;
  g_autofree char *text = NULL;

  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (g_test_subprocess ())
    g_printerr ("# %s\n", text);
  else
    g_test_message ("%s", text);
}

typedef struct
{
  char *command;   /* the command line, for messages */
  int   status;    /* the exit status; -1 when a signal ended the process */
  char *out;
  char *err;
} Run;

static void
run_free (Run *r)
{
  g_free (r->command);
  g_free (r->out);
  g_free (r->err);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

static char *
bytes_to_string (GBytes *bytes)
{
  gsize len = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  return g_strndup (data != NULL ? data : "", len);
}

/* Runs "MC_CLI --db WORKSPACE ARGS..." with English messages (language NULL) or with
 * LANGUAGE=language, always with LC_ALL=C.UTF-8. */
static Run *
run_cli_valist (Workspace  *ws,
                const char *language,
                const char *first,
                va_list     ap)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autofree char *data_home = NULL;
  const char *cli = g_getenv ("MC_CLI");
  Run *r = g_new0 (Run, 1);

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    note ("MC_CLI must name the built member-console-cli; it is “%s”.", cli ? cli : "(unset)");
  g_assert_nonnull (cli);
  g_assert_true (g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE));

  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, ws->db);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);
  r->command = g_strjoinv (" ", (char **) argv->pdata + 3);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  if (language != NULL)
    g_subprocess_launcher_setenv (launcher, "LANGUAGE", language, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  /* Nothing may reach the real user's data. */
  data_home = g_build_filename (ws->dir, "data-home", NULL);
  g_subprocess_launcher_unsetenv (launcher, "MC_DB");
  g_subprocess_launcher_setenv (launcher, "HOME", ws->dir, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);

  r->out = bytes_to_string (out);
  r->err = bytes_to_string (err);
  r->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  g_assert_true (g_utf8_validate (r->out, -1, NULL));
  g_assert_true (g_utf8_validate (r->err, -1, NULL));
  return r;
}

static Run *cli (Workspace *ws, const char *first, ...) G_GNUC_NULL_TERMINATED;

static Run *
cli (Workspace  *ws,
     const char *first,
     ...)
{
  va_list ap;
  Run *r;

  va_start (ap, first);
  r = run_cli_valist (ws, NULL, first, ap);
  va_end (ap);
  return r;
}

static Run *cli_zh (Workspace *ws, const char *first, ...) G_GNUC_NULL_TERMINATED;

static Run *
cli_zh (Workspace  *ws,
        const char *first,
        ...)
{
  va_list ap;
  Run *r;

  va_start (ap, first);
  r = run_cli_valist (ws, "zh_CN", first, ap);
  va_end (ap);
  return r;
}

static void
expect_ok (Run *r)
{
  if (r->status != 0)
    note ("“%s” failed: %s", r->command, r->err);
  g_assert_cmpint (r->status, ==, 0);
}

/* The text with its line breaks and carriage returns shown as \n and \r. */
static char *
visible (const char *text)
{
  GString *s = g_string_new ("");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        g_string_append (s, "\\n");
      else if (*p == '\r')
        g_string_append (s, "\\r");
      else
        g_string_append_c (s, *p);
    }
  return g_string_free (s, FALSE);
}

/* NULL when stderr is exactly one line "member-console-cli: ...\n"; else what is wrong. */
static char *
one_line_problem (const char *err)
{
  const char *newline = strchr (err, '\n');
  g_autofree char *shown = visible (err);

  if (err[0] == '\0')
    return g_strdup ("stderr is empty");
  if (newline == NULL)
    return g_strdup_printf ("stderr does not end with a newline: “%s”", shown);
  if (newline[1] != '\0')
    return g_strdup_printf ("stderr has more than one line: “%s”", shown);
  if (strchr (err, '\r') != NULL)
    return g_strdup_printf ("stderr holds carriage returns (progress output): “%s”", shown);
  if (!g_str_has_prefix (err, "member-console-cli: "))
    return g_strdup_printf ("stderr does not start with “member-console-cli: ”: “%s”", shown);
  return NULL;
}

static void
expect_one_error_line (Run *r)
{
  g_autofree char *problem = one_line_problem (r->err);

  if (problem != NULL)
    note ("“%s”: %s", r->command, problem);
  g_assert_null (problem);
}

/* The command failed with this exit status and one line on stderr that holds each of
 * the NULL-terminated strings. */
static void expect_failure (Run *r, int status, ...) G_GNUC_NULL_TERMINATED;

static void
expect_failure (Run *r,
                int  status,
                ...)
{
  va_list ap;

  if (r->status != status)
    note ("“%s”: exit %d, wanted %d; stderr: %s", r->command, r->status, status, r->err);
  g_assert_cmpint (r->status, ==, status);
  expect_one_error_line (r);
  va_start (ap, status);
  for (const char *needle = va_arg (ap, const char *); needle != NULL; needle = va_arg (ap, const char *))
    {
      if (strstr (r->err, needle) == NULL)
        note ("“%s”: the message does not name “%s”", r->command, needle);
      g_assert_nonnull (strstr (r->err, needle));
    }
  va_end (ap);
}

/* ------------------------------------------------------------------------------------ */
/* JSON                                                                                 */

static JsonNode *
parse_json (Run *r)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  expect_ok (r);
  node = json_from_string (r->out, &error);
  if (error != NULL)
    note ("“%s” printed no JSON: %s", r->command, r->out);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_cmpint (json_node_get_node_type (node), ==, JSON_NODE_OBJECT);
  return json_node_get_object (node);
}

static void
expect_key (JsonObject *obj,
            const char *key)
{
  if (!json_object_has_member (obj, key))
    note ("the JSON has no “%s”", key);
  g_assert_true (json_object_has_member (obj, key));
}

static gint64
get_int (JsonObject *obj,
         const char *key)
{
  JsonNode *node;

  expect_key (obj, key);
  node = json_object_get_member (obj, key);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_INT64);
  return json_node_get_int (node);
}

static const char *
get_string (JsonObject *obj,
            const char *key)
{
  JsonNode *node;

  expect_key (obj, key);
  node = json_object_get_member (obj, key);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  return json_node_get_string (node);
}

/* member show REF --json, as the owner. */
static JsonNode *
show_member (Workspace  *ws,
             const char *ref)
{
  g_autoptr(Run) r = cli (ws, "member", "show", ref, "--json", NULL);

  return parse_json (r);
}

static gint64
member_int (Workspace  *ws,
            const char *ref,
            const char *key)
{
  g_autoptr(JsonNode) node = show_member (ws, ref);

  return get_int (object_of (node), key);
}

static gint64
summary_int (Workspace  *ws,
             const char *key)
{
  g_autoptr(Run) r = cli (ws, "summary", "--json", NULL);
  g_autoptr(JsonNode) node = parse_json (r);

  return get_int (object_of (node), key);
}

static void
init_workspace (Workspace *ws)
{
  g_autoptr(Run) r = cli (ws, "init", NULL);

  expect_ok (r);
  g_assert_true (g_file_test (ws->db, G_FILE_TEST_IS_REGULAR));
}

/* init, then 张三 with phone 138 1234 5678 (and an email, so masking has something to
 * hide); gives the member's id. */
static char *
init_with_zhang_san (Workspace *ws)
{
  g_autoptr(Run) r = NULL;
  g_autoptr(JsonNode) node = NULL;

  init_workspace (ws);
  r = cli (ws, "member", "add", "--name", "张三", "--phone", "138 1234 5678",
           "--email", "zhangsan@example.com", "--json", NULL);
  node = parse_json (r);
  return g_strdup (get_string (object_of (node), "id"));
}

static gboolean
has_full_phone_number (const char *text)
{
  /* A number standing on its own: ids and revisions are hex and may hold 11 digits in a
   * row by chance, but never bounded by anything other than letters or digits. */
  return g_regex_match_simple ("(?<![0-9A-Za-z])(\\+?86)?1[3-9][0-9]{9}(?![0-9A-Za-z])", text, 0, 0);
}

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
/* Members                                                                              */

static void
test_member_add_show (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Run) add = NULL;
  g_autoptr(Run) summary = NULL;
  g_autoptr(Run) dup = NULL;
  g_autoptr(Run) bad = NULL;
  g_autoptr(Run) text = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) summary_node = NULL;
  JsonObject *a, *s, *first_tier;
  JsonArray *tiers;

  init_workspace (ws);
  add = cli (ws, "member", "add", "--name", "张三", "--phone", "138 1234 5678", "--json", NULL);
  added = parse_json (add);
  a = object_of (added);
  g_assert_cmpstr (get_string (a, "phone"), ==, "+8613812345678");
  g_assert_cmpstr (get_string (a, "card_no"), ==, "MC00000001");
  g_assert_cmpstr (get_string (a, "name"), ==, "张三");
  g_assert_cmpstr (get_string (a, "id"), !=, "");

  /* The new member is in the programme's lowest tier. */
  summary = cli (ws, "summary", "--json", NULL);
  summary_node = parse_json (summary);
  g_assert_cmpint (get_int (object_of (summary_node), "members"), ==, 1);
  expect_key (object_of (summary_node), "tiers");
  tiers = json_object_get_array_member (object_of (summary_node), "tiers");
  g_assert_cmpuint (json_array_get_length (tiers), >, 0);
  first_tier = json_array_get_object_element (tiers, 0);

  shown = show_member (ws, "13812345678");
  s = object_of (shown);
  g_assert_cmpstr (get_string (s, "id"), ==, get_string (a, "id"));
  g_assert_cmpstr (get_string (s, "name"), ==, "张三");
  g_assert_cmpstr (get_string (s, "phone"), ==, "+8613812345678");
  g_assert_cmpstr (get_string (s, "tier"), ==, get_string (first_tier, "code"));
  g_assert_cmpint (get_int (s, "points_balance"), ==, 0);
  g_assert_cmpint (get_int (s, "growth"), ==, 0);
  g_assert_cmpint (get_int (s, "orders_count"), ==, 0);
  g_assert_cmpint (get_int (s, "spend_fen"), ==, 0);

  /* The same member by card number, in text. */
  text = cli (ws, "member", "show", "MC00000001", NULL);
  expect_ok (text);
  g_assert_nonnull (strstr (text->out, "张三"));
  g_assert_nonnull (strstr (text->out, "+8613812345678"));

  /* The phone is taken: nothing is added. */
  dup = cli (ws, "member", "add", "--name", "李四", "--phone", "13812345678", "--json", NULL);
  expect_failure (dup, 1, NULL);
  g_assert_cmpstr (dup->out, ==, "");
  g_assert_cmpint (summary_int (ws, "members"), ==, 1);

  /* A bad phone number: the message names the field and the value. */
  bad = cli (ws, "member", "add", "--name", "李四", "--phone", "12345", NULL);
  expect_failure (bad, 1, "Phone", "12345", NULL);
  g_assert_cmpint (summary_int (ws, "members"), ==, 1);
}

static void
test_member_search (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *zhang_id = init_with_zhang_san (ws);
  g_autoptr(Run) add = cli (ws, "member", "add", "--name", "李四", "--phone", "13900001111", "--json", NULL);
  g_autoptr(JsonNode) li = parse_json (add);
  g_autoptr(Run) by_initials = NULL;
  g_autoptr(Run) by_digits = NULL;
  g_autoptr(Run) nothing = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) found_digits = NULL;
  g_autoptr(JsonNode) found_nothing = NULL;
  JsonArray *array;

  g_assert_cmpstr (get_string (object_of (li), "card_no"), ==, "MC00000002");

  by_initials = cli (ws, "member", "search", "zs", "--json", NULL);
  found = parse_json (by_initials);
  g_assert_cmpint (json_node_get_node_type (found), ==, JSON_NODE_ARRAY);
  array = json_node_get_array (found);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (get_string (json_array_get_object_element (array, 0), "name"), ==, "张三");
  g_assert_cmpstr (get_string (json_array_get_object_element (array, 0), "id"), ==, zhang_id);

  /* The last four digits of the phone; in text too. */
  by_digits = cli (ws, "member", "search", "5678", "--json", NULL);
  found_digits = parse_json (by_digits);
  g_assert_cmpint (json_node_get_node_type (found_digits), ==, JSON_NODE_ARRAY);
  array = json_node_get_array (found_digits);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (get_string (json_array_get_object_element (array, 0), "name"), ==, "张三");
  {
    g_autoptr(Run) text = cli (ws, "member", "search", "5678", NULL);

    expect_ok (text);
    g_assert_nonnull (strstr (text->out, "张三"));
    g_assert_null (strstr (text->out, "李四"));
  }

  nothing = cli (ws, "member", "search", "wu", "--json", NULL);
  found_nothing = parse_json (nothing);
  g_assert_cmpint (json_node_get_node_type (found_nothing), ==, JSON_NODE_ARRAY);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found_nothing)), ==, 0);
}

/* ------------------------------------------------------------------------------------ */
/* Orders and points                                                                    */

static void
test_order_add_refund (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autoptr(Run) add = cli (ws, "order", "add", "--member", "13812345678", "--amount", "128.50", "--json", NULL);
  g_autoptr(JsonNode) order = parse_json (add);
  g_autoptr(Run) refund = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(JsonNode) refunded = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) shown = NULL;
  const char *order_id;
  JsonObject *m;

  g_assert_cmpint (get_int (object_of (order), "points"), ==, 128);
  g_assert_cmpint (get_int (object_of (order), "growth"), ==, 138);
  order_id = get_string (object_of (order), "order_id");

  shown = show_member (ws, "13812345678");
  m = object_of (shown);
  g_assert_cmpstr (get_string (m, "id"), ==, id);
  g_assert_cmpint (get_int (m, "points_balance"), ==, 128);
  g_assert_cmpint (get_int (m, "growth"), ==, 138);
  g_assert_cmpint (get_int (m, "spend_fen"), ==, 12850);
  g_assert_cmpint (get_int (m, "orders_count"), ==, 1);

  refund = cli (ws, "order", "refund", order_id, "--json", NULL);
  refunded = parse_json (refund);
  g_assert_cmpint (get_int (object_of (refunded), "points"), ==, -128);
  g_assert_cmpint (get_int (object_of (refunded), "growth"), ==, -138);

  after = show_member (ws, "13812345678");
  g_assert_cmpint (get_int (object_of (after), "points_balance"), ==, 0);
  g_assert_cmpint (get_int (object_of (after), "growth"), ==, 0);
  g_assert_cmpint (get_int (object_of (after), "spend_fen"), ==, 0);

  /* Nothing is left to refund. */
  again = cli (ws, "order", "refund", order_id, "--json", NULL);
  expect_failure (again, 1, NULL);
  g_assert_cmpint (member_int (ws, "13812345678", "points_balance"), ==, 0);
}

static void
test_points (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autoptr(Run) adjust = NULL;
  g_autoptr(Run) too_much = NULL;
  g_autoptr(Run) redeem = NULL;
  g_autoptr(Run) no_reason = NULL;
  g_autoptr(JsonNode) adjusted = NULL;
  g_autoptr(JsonNode) redeemed = NULL;

  adjust = cli (ws, "points", "adjust", "--member", "13812345678", "--points", "50", "--reason", "x", "--json", NULL);
  adjusted = parse_json (adjust);
  g_assert_cmpint (get_int (object_of (adjusted), "points_balance"), ==, 50);
  g_assert_cmpint (member_int (ws, "13812345678", "points_balance"), ==, 50);

  /* More than the balance: refused with the numbers, balance unchanged. */
  too_much = cli (ws, "points", "redeem", "--member", "13812345678", "--points", "80", "--reason", "gift", NULL);
  expect_failure (too_much, 1, "80", "50", NULL);
  g_assert_cmpstr (too_much->out, ==, "");
  g_assert_cmpint (member_int (ws, "13812345678", "points_balance"), ==, 50);

  redeem = cli (ws, "points", "redeem", "--member", id, "--points", "20", "--reason", "gift", "--json", NULL);
  redeemed = parse_json (redeem);
  g_assert_cmpint (get_int (object_of (redeemed), "points_balance"), ==, 30);
  g_assert_cmpint (member_int (ws, "13812345678", "points_balance"), ==, 30);

  /* An adjustment needs a reason. */
  no_reason = cli (ws, "points", "adjust", "--member", "13812345678", "--points", "10", NULL);
  expect_failure (no_reason, 1, "reason", NULL);
  g_assert_cmpint (member_int (ws, "13812345678", "points_balance"), ==, 30);
}

/* ------------------------------------------------------------------------------------ */
/* Roles                                                                                */

static void
test_analyst (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autoptr(Run) show = cli (ws, "--role", "analyst", "member", "show", "13812345678", "--json", NULL);
  g_autoptr(JsonNode) shown = parse_json (show);
  g_autoptr(Run) text = cli (ws, "--role", "analyst", "member", "show", "13812345678", NULL);
  g_autoptr(Run) search = cli (ws, "--role", "analyst", "member", "search", "zs", NULL);
  g_autoptr(Run) add = NULL;
  g_autoptr(Run) find_new = NULL;
  g_autoptr(Run) audit = NULL;
  g_autoptr(JsonNode) log = NULL;
  JsonObject *m = object_of (shown);
  JsonArray *entries;
  gboolean refused = FALSE;

  g_assert_cmpstr (get_string (m, "phone"), ==, "138****5678");
  g_assert_cmpstr (get_string (m, "id"), ==, id);
  g_assert_false (json_object_has_member (m, "email"));
  g_assert_null (strstr (show->out, "13812345678"));
  g_assert_false (has_full_phone_number (show->out));
  g_assert_null (strstr (show->out, "@"));

  expect_ok (text);
  g_assert_nonnull (strstr (text->out, "138****5678"));
  g_assert_false (has_full_phone_number (text->out));
  g_assert_null (strstr (text->out, "@"));

  expect_ok (search);
  g_assert_nonnull (strstr (search->out, "张三"));
  g_assert_false (has_full_phone_number (search->out));

  /* An analyst may not add members; the refusal is audited. */
  add = cli (ws, "--role", "analyst", "member", "add", "--name", "王五", "--phone", "13900002222", NULL);
  expect_failure (add, 1, NULL);
  g_assert_cmpstr (add->out, ==, "");
  find_new = cli (ws, "member", "show", "13900002222", NULL);
  expect_failure (find_new, 1, NULL);

  audit = cli (ws, "audit", "--json", NULL);
  log = parse_json (audit);
  g_assert_cmpint (json_node_get_node_type (log), ==, JSON_NODE_ARRAY);
  entries = json_node_get_array (log);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (e, "action", NULL), "refused") == 0)
        {
          g_assert_cmpstr (get_string (e, "role"), ==, "analyst");
          refused = TRUE;
        }
    }
  g_assert_true (refused);
}

/* ------------------------------------------------------------------------------------ */
/* Tiers and expiry                                                                     */

static void
test_tiers_and_expiry (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autoptr(Run) order = cli (ws, "order", "add", "--member", "13812345678", "--amount", "128.50",
                              "--at", "2026-01-10T12:00", NULL);
  g_autoptr(Run) evaluate = NULL;
  g_autoptr(Run) growth = NULL;
  g_autoptr(Run) upgrade = NULL;
  g_autoptr(Run) expire = NULL;
  g_autoptr(Run) no_until = NULL;
  g_autoptr(Run) set = NULL;
  g_autoptr(JsonNode) evaluated = NULL;
  g_autoptr(JsonNode) upgraded = NULL;
  g_autoptr(JsonNode) expired = NULL;
  g_autoptr(JsonNode) manual = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *until = g_date_time_format (later, "%Y-%m-%d");
  JsonObject *o;

  expect_ok (order);

  evaluate = cli (ws, "tiers", "evaluate", "--json", NULL);
  evaluated = parse_json (evaluate);
  o = object_of (evaluated);
  g_assert_cmpint (get_int (o, "members"), ==, 1);
  g_assert_cmpint (get_int (o, "upgraded"), ==, 0);
  g_assert_cmpint (get_int (o, "downgraded"), ==, 0);

  /* Enough growth for a higher tier: the next evaluation upgrades the member. */
  before = show_member (ws, id);
  growth = cli (ws, "growth", "adjust", "--member", id, "--points", "100000", "--reason", "test", NULL);
  expect_ok (growth);
  upgrade = cli (ws, "tiers", "evaluate", "--json", NULL);
  upgraded = parse_json (upgrade);
  g_assert_cmpint (get_int (object_of (upgraded), "members"), ==, 1);
  g_assert_cmpint (get_int (object_of (upgraded), "upgraded"), ==, 1);
  after = show_member (ws, id);
  g_assert_cmpstr (get_string (object_of (after), "tier"), !=, get_string (object_of (before), "tier"));

  /* The order's 128 points, earned 2026-01-10, are due long before 2030. */
  expire = cli (ws, "points", "expire", "--as-of", "2030-01-01", "--json", NULL);
  expired = parse_json (expire);
  o = object_of (expired);
  g_assert_cmpint (get_int (o, "members"), ==, 1);
  g_assert_cmpint (get_int (o, "points"), ==, 128);
  g_assert_cmpint (member_int (ws, id, "points_balance"), ==, 0);

  /* A manual tier needs an end date. */
  no_until = cli (ws, "tier", "set", "--member", id, "--tier", "silver", "--reason", "vip", NULL);
  expect_failure (no_until, 1, "--until", NULL);
  set = cli (ws, "tier", "set", "--member", id, "--tier", "silver", "--reason", "vip", "--until", until, "--json", NULL);
  manual = parse_json (set);
  g_assert_cmpstr (get_string (object_of (manual), "manual_tier"), ==, "silver");
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


/* PIPL: a member's data to a file (refused for an analyst), then erasure confirmed by name. */
static void
test_member_privacy (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autofree char *file = workspace_file (ws, "zhangsan.json");
  g_autofree char *analyst_file = workspace_file (ws, "analyst.json");
  g_autofree char *contents = NULL;
  g_autoptr(Run) order = cli (ws, "order", "add", "--member", "13812345678", "--amount", "128.50", NULL);
  g_autoptr(Run) export = NULL;
  g_autoptr(Run) refused = NULL;
  g_autoptr(Run) no_confirm = NULL;
  g_autoptr(Run) wrong = NULL;
  g_autoptr(Run) erase = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) summary = NULL;
  g_autoptr(JsonNode) exported = NULL;
  g_autoptr(JsonNode) erased = NULL;
  g_autoptr(JsonNode) summary_node = NULL;
  g_autoptr(JsonNode) doc_node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *doc;

  expect_ok (order);
  export = cli (ws, "member", "export-data", "13812345678", file, "--json", NULL);
  exported = parse_json (export);
  g_assert_cmpstr (get_string (object_of (exported), "member_id"), ==, id);
  contents = read_text_file (file);
  doc_node = json_from_string (contents, &error);
  g_assert_no_error (error);
  doc = object_of (doc_node);
  g_assert_cmpstr (get_string (json_object_get_object_member (doc, "profile"), "phone"), ==, "+8613812345678");
  g_assert_cmpstr (get_string (json_object_get_object_member (doc, "profile"), "email"), ==, "zhangsan@example.com");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "orders")), ==, 1);

  refused = cli (ws, "--role", "analyst", "member", "export-data", id, analyst_file, NULL);
  expect_failure (refused, 1, "Analyst", NULL);
  g_assert_false (g_file_test (analyst_file, G_FILE_TEST_EXISTS));

  no_confirm = cli (ws, "member", "erase", id, NULL);
  expect_failure (no_confirm, 1, "--confirm-name", NULL);
  wrong = cli (ws, "member", "erase", "13812345678", "--confirm-name", "张", NULL);
  expect_failure (wrong, 1, "does not match", NULL);

  erase = cli (ws, "member", "erase", "13812345678", "--confirm-name", "张三", "--json", NULL);
  erased = parse_json (erase);
  g_assert_cmpstr (get_string (object_of (erased), "status"), ==, "erased");
  g_assert_cmpstr (get_string (object_of (erased), "name"), ==, "Erased member");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object_of (erased), "phone")));
  g_assert_cmpint (get_int (object_of (erased), "spend_fen"), ==, 12850);

  again = cli (ws, "member", "erase", id, "--confirm-name", "Erased member", NULL);
  expect_failure (again, 1, "erased already", NULL);

  /* Revenue stays. */
  summary = cli (ws, "summary", "--json", NULL);
  summary_node = parse_json (summary);
  g_assert_nonnull (strstr (summary->out, "12850"));
}

/* ------------------------------------------------------------------------------------ */

/* ------------------------------------------------------------------------------------ */
/* Analytics                                                                            */

static double
get_double (JsonObject *obj,
            const char *key)
{
  JsonNode *node;

  expect_key (obj, key);
  node = json_object_get_member (obj, key);
  g_assert_true (JSON_NODE_HOLDS_VALUE (node));
  return json_node_get_double (node);
}

/* The CLV models fitted to a small demo workspace: they converge to finite, positive
 * parameters; the members come ranked by CLV; an empty workspace is a clear error. */
static void
test_analytics_clv (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Workspace) empty = workspace_new ();
  g_autoptr(Run) demo = cli (ws, "demo", "--members", "300", "--seed", "3", NULL);
  g_autoptr(Run) run = NULL;
  g_autoptr(Run) text = NULL;
  g_autoptr(Run) bad = NULL;
  g_autoptr(Run) none = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o, *bg, *gg;
  JsonArray *top;
  gint64 customers, repeat;
  double previous = G_MAXDOUBLE;
  const char *params[] = { "r", "alpha", "a", "b" };

  expect_ok (demo);
  run = cli (ws, "analytics", "clv", "--json", NULL);
  node = parse_json (run);
  o = object_of (node);
  customers = get_int (o, "customers");
  repeat = get_int (o, "repeat_customers");
  g_assert_cmpint (customers, >, 100);
  g_assert_cmpint (customers, <=, 300);
  g_assert_cmpint (repeat, >, 10);
  g_assert_cmpint (repeat, <=, customers);

  bg = json_object_get_object_member (o, "bgnbd");
  g_assert_nonnull (bg);
  for (guint i = 0; i < G_N_ELEMENTS (params); i++)
    {
      double v = get_double (bg, params[i]);

      g_assert_true (isfinite (v));
      g_assert_cmpfloat (v, >, 1e-6);
      g_assert_cmpfloat (v, <, 1e6);
    }
  g_assert_cmpfloat (get_double (bg, "log_likelihood"), <, 0.0);
  g_assert_true (isfinite (get_double (bg, "log_likelihood")));
  gg = json_object_get_object_member (o, "gamma_gamma");
  g_assert_nonnull (gg);
  g_assert_cmpfloat (get_double (gg, "p"), >, 0.0);
  g_assert_cmpfloat (get_double (gg, "q"), >, 1.0);
  g_assert_cmpfloat (get_double (gg, "gamma"), >, 0.0);

  top = json_object_get_array_member (o, "top");
  g_assert_nonnull (top);
  g_assert_cmpuint (json_array_get_length (top), ==, 10);
  for (guint i = 0; i < json_array_get_length (top); i++)
    {
      JsonObject *m = json_array_get_object_element (top, i);
      double clv = get_double (m, "clv_yuan");
      double p_alive = get_double (m, "p_alive");

      g_assert_nonnull (get_string (m, "card_no"));
      g_assert_cmpfloat (clv, >, 0.0);
      g_assert_cmpfloat (clv, <=, previous);
      g_assert_cmpfloat (p_alive, >=, 0.0);
      g_assert_cmpfloat (p_alive, <=, 1.0);
      g_assert_cmpfloat (get_double (m, "expected_purchases"), >=, 0.0);
      g_assert_cmpfloat (get_double (m, "expected_spend_yuan"), >, 0.0);
      previous = clv;
    }

  text = cli (ws, "analytics", "clv", "--top", "3", "--margin", "0.25", NULL);
  expect_ok (text);
  g_assert_nonnull (strstr (text->out, "BG/NBD"));
  g_assert_nonnull (strstr (text->out, "margin 25%"));
  g_assert_nonnull (strstr (text->out, "Log-likelihood"));

  bad = cli (ws, "analytics", "clv", "--margin", "2", NULL);
  expect_failure (bad, 2, "--margin", NULL);

  init_workspace (empty);
  none = cli (empty, "analytics", "clv", NULL);
  expect_failure (none, 1, "no customers", NULL);
}

typedef struct
{
  const char *path;
  GTestFunc   func;
} CliCase;

static const CliCase cases[] = {
  { "/cli/help/every-command", test_help },
  { "/cli/help/usage-names-command", test_help_names_command },
  { "/cli/usage/unknown-command", test_unknown_command },
  { "/cli/usage/unknown-global-option", test_unknown_global_option },
  { "/cli/usage/unknown-command-option", test_unknown_command_option },
  { "/cli/usage/bad-option-creates-nothing", test_bad_option_creates_nothing },
  { "/cli/workspace/missing", test_missing_workspace },
  { "/cli/member/add-show", test_member_add_show },
  { "/cli/member/search", test_member_search },
  { "/cli/member/privacy", test_member_privacy },
  { "/cli/order/add-refund", test_order_add_refund },
  { "/cli/points/redeem-adjust", test_points },
  { "/cli/role/analyst", test_analyst },
  { "/cli/tiers/evaluate-expire-set", test_tiers_and_expiry },
  { "/cli/backup/restore", test_backup_restore },
  { "/cli/demo/generate", test_demo },
  { "/cli/export/analyst", test_export_analyst },
  { "/cli/import/dry-run", test_import_dry_run },
  { "/cli/errors/one-line", test_failures_one_line },
  { "/cli/i18n/chinese", test_chinese },
  { "/cli/analytics/clv", test_analytics_clv },
};

/* Each case runs in a child process of its own: a failing case is reported and the
 * others still run, so one broken command does not hide the state of the rest. */
static void
run_isolated (gconstpointer data)
{
  const CliCase *c = data;
  g_autofree char *tag = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GDir) tmp = NULL;
  const char *name;

  if (g_test_subprocess ())
    {
      c->func ();
      return;
    }
  tag = g_strdup_printf ("%d-%u", (int) getpid (), (guint) (c - cases));
  g_setenv ("MC_TEST_CLI_TAG", tag, TRUE);
  prefix = workspace_prefix ();
  g_test_set_nonfatal_assertions ();
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();

  /* A failed assertion ends the child before it cleans up. */
  tmp = g_dir_open (g_get_tmp_dir (), 0, NULL);
  while (tmp != NULL && (name = g_dir_read_name (tmp)) != NULL)
    if (g_str_has_prefix (name, prefix))
      {
        g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);

        remove_tree (path);
      }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], run_isolated);

  return g_test_run ();
}
