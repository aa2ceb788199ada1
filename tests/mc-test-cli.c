/* mc-test-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the test-cli* executables share: a workspace in a temporary folder, running the
 * built member-console-cli (MC_CLI) in it, reading its JSON, and running each case in a
 * child process of its own.
 */
#define G_LOG_DOMAIN "mc-test-cli"

#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mc-test-cli.h"

/* ------------------------------------------------------------------------------------ */
/* A workspace in a temporary folder                                                    */

/* The temporary folders of a case start with this; run_isolated() removes those of a
 * case that failed half-way. */
static char *
workspace_prefix (void)
{
  const char *tag = g_getenv ("MC_TEST_CLI_TAG");

  return g_strdup_printf ("mc-test-cli-%s-", tag != NULL ? tag : "0");
}

Workspace *
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

void
workspace_free (Workspace *ws)
{
  remove_tree (ws->dir);
  g_free (ws->dir);
  g_free (ws->db);
  g_free (ws);
}

char *
workspace_file (Workspace  *ws,
                const char *name)
{
  return g_build_filename (ws->dir, name, NULL);
}

char *
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

char *
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

/* What went wrong, for the log. Each case runs in a child process whose test messages
 * are not shown, so there it goes to stderr, which the parent passes on. */
void
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

void
run_free (Run *r)
{
  g_free (r->command);
  g_free (r->out);
  g_free (r->err);
  g_free (r);
}

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

Run *
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

Run *
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

void
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
char *
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

void
expect_one_error_line (Run *r)
{
  g_autofree char *problem = one_line_problem (r->err);

  if (problem != NULL)
    note ("“%s”: %s", r->command, problem);
  g_assert_null (problem);
}

/* The command failed with this exit status and one line on stderr that holds each of
 * the NULL-terminated strings. */
void
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

JsonNode *
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

JsonObject *
object_of (JsonNode *node)
{
  g_assert_nonnull (node);
  g_assert_cmpint (json_node_get_node_type (node), ==, JSON_NODE_OBJECT);
  return json_node_get_object (node);
}

void
expect_key (JsonObject *obj,
            const char *key)
{
  if (!json_object_has_member (obj, key))
    note ("the JSON has no “%s”", key);
  g_assert_true (json_object_has_member (obj, key));
}

gint64
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

const char *
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
JsonNode *
show_member (Workspace  *ws,
             const char *ref)
{
  g_autoptr(Run) r = cli (ws, "member", "show", ref, "--json", NULL);

  return parse_json (r);
}

gint64
member_int (Workspace  *ws,
            const char *ref,
            const char *key)
{
  g_autoptr(JsonNode) node = show_member (ws, ref);

  return get_int (object_of (node), key);
}

gint64
summary_int (Workspace  *ws,
             const char *key)
{
  g_autoptr(Run) r = cli (ws, "summary", "--json", NULL);
  g_autoptr(JsonNode) node = parse_json (r);

  return get_int (object_of (node), key);
}

void
init_workspace (Workspace *ws)
{
  g_autoptr(Run) r = cli (ws, "init", NULL);

  expect_ok (r);
  g_assert_true (g_file_test (ws->db, G_FILE_TEST_IS_REGULAR));
}

/* init, then 张三 with phone 138 1234 5678 (and an email, so masking has something to
 * hide); gives the member's id. */
char *
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

gboolean
has_full_phone_number (const char *text)
{
  /* A number standing on its own: ids and revisions are hex and may hold 11 digits in a
   * row by chance, but never bounded by anything other than letters or digits. */
  return g_regex_match_simple ("(?<![0-9A-Za-z])(\\+?86)?1[3-9][0-9]{9}(?![0-9A-Za-z])", text, 0, 0);
}

/* The cases of the running executable; run_isolated() numbers its temporary folders by
 * their place in it. */
static const CliCase *cases;

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
mc_test_cli_run (int            *argc,
                 char         ***argv,
                 const CliCase  *all_cases,
                 guint           n_cases)
{
  setlocale (LC_ALL, "");
  g_test_init (argc, argv, NULL);

  cases = all_cases;
  for (guint i = 0; i < n_cases; i++)
    g_test_add_data_func (all_cases[i].path, &all_cases[i], run_isolated);

  return g_test_run ();
}
