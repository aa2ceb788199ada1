/* mc-cli-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sync, sync conflicts, sync resolve: replication with a CouchDB-protocol server.
 */
#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "mc-cli.h"
#include "mc-error.h"
#include "mc-replicator.h"
#include "mc-sync-conflicts.h"

static volatile sig_atomic_t stop_requested;

static void
on_stop_signal (int signum)
{
  stop_requested = 1;
}

/* The first line of standard input, without its newline. */
static char *
read_password (GError **error)
{
  GString *line = g_string_new (NULL);
  int c;

  while ((c = getchar ()) != EOF && c != '\n')
    g_string_append_c (line, (char) c);
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  if (line->len == 0 && c == EOF)
    {
      g_string_free (line, TRUE);
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("--password-stdin: nothing was read from standard input."));
      return NULL;
    }
  return g_string_free (line, FALSE);
}

static void
add_refusals (McCli      *cli,
              JsonObject *obj)
{
  g_autoptr(GPtrArray) refusals = mc_sync_refusals_list (cli->db, NULL);
  JsonArray *list = json_array_new ();

  for (guint i = 0; refusals != NULL && i < refusals->len; i++)
    {
      McSyncRefusal *r = refusals->pdata[i];
      JsonObject *one = json_object_new ();

      json_object_set_string_member (one, "id", r->doc_id);
      json_object_set_string_member (one, "rev", r->rev);
      json_object_set_string_member (one, "error", r->error);
      json_object_set_string_member (one, "reason", r->reason);
      json_array_add_object_element (list, one);
    }
  json_object_set_array_member (obj, "refused", list);
}

static void
print_stats (McCli             *cli,
             const McSyncStats *s)
{
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();
      JsonNode *seq = s->last_seq != NULL ? json_from_string (s->last_seq, NULL) : NULL;

      json_object_set_int_member (obj, "docs_read", (gint64) s->docs_read);
      json_object_set_int_member (obj, "docs_written", (gint64) s->docs_written);
      json_object_set_int_member (obj, "pulled", (gint64) s->pulled);
      json_object_set_int_member (obj, "pushed", (gint64) s->pushed);
      json_object_set_int_member (obj, "conflicts", (gint64) s->conflicts);
      json_object_set_int_member (obj, "rejected", (gint64) s->rejected);
      json_object_set_int_member (obj, "retries", s->retries);
      json_object_set_member (obj, "last_seq", seq != NULL ? seq : json_node_new (JSON_NODE_NULL));
      json_object_set_int_member (obj, "push_seq", s->push_seq);
      add_refusals (cli, obj);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    {
      g_print (_("Read %" PRIu64 " changes, wrote %" PRIu64 " revisions (%" PRIu64 " pulled, %" PRIu64
                 " pushed); %" PRIu64 " records in conflict; %" PRIu64 " refused by the server.\n"),
               s->docs_read, s->docs_written, s->pulled, s->pushed, s->conflicts, s->rejected);
      g_print (_("Last server sequence: %s; last local change pushed: %" PRId64 ".\n"),
               s->last_seq != NULL ? s->last_seq : "-", s->push_seq);
    }
}

static void
progress_cb (McSyncDirection phase,
             guint64         done,
             gpointer        user_data)
{
  g_printerr ("\r%s %" PRIu64, phase == MC_SYNC_DIRECTION_PULL ? _("Pulling…") : _("Pushing…"), done);
}

static gboolean
run_sync (McCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  g_autofree char *url = NULL;
  g_autofree char *user = NULL;
  g_autofree char *ca_file = NULL;
  g_autofree char *password = NULL;
  gboolean password_stdin = FALSE, pull_only = FALSE, push_only = FALSE, continuous = FALSE;
  int batch_size = 500, timeout = 30, retries = 6, interval = 10;
  GOptionEntry entries[] = {
    { "url", 0, 0, G_OPTION_ARG_STRING, &url, N_("The server's database, like https://sync.example.com/members"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("User name on the server"), N_("NAME") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, N_("Read the password from the first line of standard input"), NULL },
    { "pull-only", 0, 0, G_OPTION_ARG_NONE, &pull_only, N_("Only take the server's changes"), NULL },
    { "push-only", 0, 0, G_OPTION_ARG_NONE, &push_only, N_("Only send this workspace's changes"), NULL },
    { "continuous", 0, 0, G_OPTION_ARG_NONE, &continuous, N_("Keep syncing until interrupted"), NULL },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval, N_("Seconds between two runs with --continuous (default 10)"), N_("SECONDS") },
    { "batch-size", 0, 0, G_OPTION_ARG_INT, &batch_size, N_("Changes per request (default 500)"), N_("N") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file, N_("Also trust the certificate authority in this PEM file"), N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Seconds to wait for an answer (default 30)"), N_("SECONDS") },
    { "retries", 0, 0, G_OPTION_ARG_INT, &retries, N_("Tries again on a network failure (default 6)"), N_("N") },
    { NULL }
  };
  g_autoptr(McReplicator) replicator = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, NULL, _("Sync the workspace with a CouchDB-protocol server"), entries, error))
    return FALSE;
  if (url == NULL || (pull_only && push_only) || batch_size <= 0 || timeout <= 0 || retries < 0 ||
      interval <= 0 || (user != NULL && !password_stdin))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Usage: member-console-cli sync --url URL [--user NAME --password-stdin] "
                     "[--pull-only|--push-only] [--continuous] (see --help)"));
      return FALSE;
    }
  if (!mc_cli_begin (cli, argc, 0, "sync --url URL", error))
    return FALSE;
  if (password_stdin && (password = read_password (error)) == NULL)
    return FALSE;

  replicator = mc_replicator_new (url);
  mc_replicator_set_credentials (replicator, user, password);
  if (password != NULL)
    memset (password, 0, strlen (password));
  mc_replicator_set_direction (replicator, pull_only ? MC_SYNC_DIRECTION_PULL
                                           : push_only ? MC_SYNC_DIRECTION_PUSH : MC_SYNC_DIRECTION_BOTH);
  mc_replicator_set_batch_size (replicator, (guint) batch_size);
  mc_replicator_set_ca_file (replicator, ca_file);
  mc_replicator_set_timeout (replicator, (guint) timeout);
  mc_replicator_set_retry (replicator, (guint) retries, 250);
  if (cli->progress)
    mc_replicator_set_progress (replicator, progress_cb, NULL);

  if (!continuous)
    {
      gboolean ok = mc_replicator_run (replicator, cli->db, NULL, error);

      if (cli->progress)
        g_printerr ("\r");
      if (ok)
        print_stats (cli, mc_replicator_get_stats (replicator));
      return ok;
    }

  signal (SIGINT, on_stop_signal);
  signal (SIGTERM, on_stop_signal);
  while (!stop_requested)
    {
      g_autoptr(GError) run_error = NULL;

      if (mc_replicator_run (replicator, cli->db, NULL, &run_error))
        print_stats (cli, mc_replicator_get_stats (replicator));
      else
        g_printerr ("member-console-cli: %s\n", run_error->message);
      fflush (stdout);
      for (int i = 0; i < interval * 10 && !stop_requested; i++)
        g_usleep (100000);
    }
  return TRUE;
}

static gboolean
run_sync_conflicts (McCli   *cli,
                    int      argc,
                    char   **argv,
                    GError **error)
{
  g_autoptr(GPtrArray) conflicts = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, NULL, _("List the records in conflict and their versions"), NULL, error) ||
      !mc_cli_begin (cli, argc, 0, "sync conflicts", error))
    return FALSE;
  conflicts = mc_sync_conflicts_list (cli->db, error);
  if (conflicts == NULL)
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < conflicts->len; i++)
        {
          McSyncConflict *c = conflicts->pdata[i];
          JsonObject *obj = json_object_new ();
          JsonArray *revs = json_array_new ();
          JsonObject *versions = json_object_new ();

          json_object_set_string_member (obj, "id", c->doc_id);
          json_object_set_string_member (obj, "winner", c->winner);
          for (guint j = 0; c->revs[j] != NULL; j++)
            {
              JsonObject *body = mc_sync_conflict_get_body (cli->db, c->doc_id, c->revs[j], error);

              if (body == NULL)
                {
                  json_object_unref (obj);
                  json_array_unref (revs);
                  json_object_unref (versions);
                  json_array_unref (array);
                  return FALSE;
                }
              json_array_add_string_element (revs, c->revs[j]);
              json_object_set_object_member (versions, c->revs[j], body);
            }
          json_object_set_array_member (obj, "revs", revs);
          json_object_set_object_member (obj, "versions", versions);
          json_array_add_object_element (array, obj);
        }
      json_node_take_array (node, array);
      mc_cli_print_json (node);
      return TRUE;
    }

  if (conflicts->len == 0)
    g_print ("%s\n", _("No record is in conflict."));
  for (guint i = 0; i < conflicts->len; i++)
    {
      McSyncConflict *c = conflicts->pdata[i];

      g_print ("%s\n", c->doc_id);
      for (guint j = 0; c->revs[j] != NULL; j++)
        g_print ("  %s%s\n", c->revs[j], j == 0 ? _(" (shown now)") : "");
    }
  return TRUE;
}

static gboolean
run_sync_resolve (McCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  g_autofree char *rev = NULL;
  g_autofree char *merge = NULL;
  g_autofree char *new_rev = NULL;
  g_autoptr(JsonObject) merged = NULL;
  GOptionEntry entries[] = {
    { "rev", 0, 0, G_OPTION_ARG_STRING, &rev, N_("Keep this version"), N_("REV") },
    { "merge", 0, 0, G_OPTION_ARG_FILENAME, &merge, N_("Keep the version in this JSON file"), N_("FILE") },
    { NULL }
  };

  if (!mc_cli_parse (cli, &argc, &argv, N_("ID"), _("Resolve a conflict: one version stays, the others are deleted"),
                     entries, error))
    return FALSE;
  if ((rev == NULL) == (merge == NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Usage: member-console-cli sync resolve ID --rev REV | --merge FILE (see --help)"));
      return FALSE;
    }
  if (!mc_cli_begin (cli, argc, 1, "sync resolve ID --rev REV | --merge FILE", error))
    return FALSE;
  if (merge != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) parse_error = NULL;

      if (!json_parser_load_from_file (parser, merge, &parse_error) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("%s is not a JSON object: %s"), merge,
                       parse_error != NULL ? parse_error->message : _("another kind of value"));
          return FALSE;
        }
      merged = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
  if (!mc_sync_conflict_resolve (cli->db, argv[1], rev, merged, &new_rev, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "id", argv[1]);
      json_object_set_string_member (obj, "rev", new_rev);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("Resolved %s: revision %s; it replicates with the next sync.\n"), argv[1], new_rev);
  return TRUE;
}

const McCliCommand mc_cli_sync_commands[] = {
  { "sync", N_("Sync with a CouchDB-protocol server (pull and push)"), run_sync, FALSE },
  { "sync conflicts", N_("List the records in conflict"), run_sync_conflicts, FALSE },
  { "sync resolve", N_("Resolve a record's conflict"), run_sync_resolve, FALSE },
  { NULL }
};
