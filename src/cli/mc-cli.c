/* mc-cli.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "mc-cli.h"
#include "mc-error.h"
#include "mc-i18n.h"
#include "mc-programme-version.h"
#include "mc-validate.h"

gboolean
mc_cli_parse (McCli         *cli,
              int           *argc,
              char        ***argv,
              const char    *parameters,
              const char    *summary,
              GOptionEntry  *entries,
              GError       **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  GOptionEntry json_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli->json, N_("Print the result as JSON"), NULL },
    { NULL }
  };

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, json_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, error))
    {
      if (error != NULL && *error != NULL)
        g_prefix_error (error, "%s", "");
      if (error != NULL && *error != NULL && (*error)->domain == G_OPTION_ERROR)
        {
          g_autofree char *msg = g_strdup ((*error)->message);

          g_clear_error (error);
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED, _("%s (see --help)"), msg);
        }
      return FALSE;
    }
  return TRUE;
}

/* A draft scheduled to go live whose date has come goes live before the command runs; a
 * failure is reported and the command runs on the programme live before. */
static void
publish_due (McCli *cli)
{
  g_autoptr(McProgrammeVersion) published = NULL;
  g_autoptr(GError) error = NULL;
  McTierStats s = { 0 };

  if (!mc_programme_publish_due (cli->db, mc_db_now (), &published, &s, &error))
    fprintf (stderr, _("The scheduled programme could not go live: %s\n"), error->message);
  else if (published != NULL)
    {
      g_autofree char *when = mc_cli_format_time (cli, published->effective_at);

      fprintf (stderr, _("The scheduled programme “%s” went live (effective %s). Tiers re-evaluated for %" PRId64
                         " members: %" PRId64 " up, %" PRId64 " down.\n"),
               published->name, when, s.members, s.upgraded, s.downgraded);
    }
}

static gboolean
open_workspace (McCli   *cli,
                GError **error)
{
  if (!cli->command->creates && !g_file_test (cli->db_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("There is no workspace at %s: create one with “member-console-cli --db %s init”."),
                   cli->db_path, cli->db_path);
      return FALSE;
    }
  if (cli->command->creates)
    {
      g_autofree char *dir = g_path_get_dirname (cli->db_path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot create the folder %s."), dir);
          return FALSE;
        }
    }
  cli->db = mc_db_open (cli->db_path, error);
  if (cli->db == NULL)
    return FALSE;
  mc_db_set_role (cli->db, cli->role);
  if (!cli->command->creates)
    publish_due (cli);
  return TRUE;
}

gboolean
mc_cli_begin (McCli       *cli,
              int          argc,
              int          wanted,
              const char  *usage,
              GError     **error)
{
  /* argv[0] is the command name. */
  if (argc - 1 != wanted)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Usage: member-console-cli %s (see --help)"), usage);
      return FALSE;
    }
  return open_workspace (cli, error);
}

void
mc_cli_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (gen, node);
  json_generator_set_pretty (gen, TRUE);
  text = json_generator_to_data (gen, NULL);
  g_print ("%s\n", text);
}

char *
mc_cli_pad (const char *text,
            int         width)
{
  GString *out = g_string_new (text);
  int columns = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  for (; columns < width; columns++)
    g_string_append_c (out, ' ');
  return g_string_free (out, FALSE);
}

void
mc_cli_print_row (int         indent,
                  int         width,
                  const char *format,
                  const char *label,
                  ...)
{
  g_autofree char *padded = mc_cli_pad (label, width);
  g_autofree char *value = NULL;
  va_list args;

  va_start (args, label);
  value = g_strdup_vprintf (format, args);
  va_end (args);
  g_print ("%*s%s %s\n", indent, "", padded, value);
}

McMember *
mc_cli_find_member (McCli       *cli,
                    const char  *ref,
                    GError     **error)
{
  if (ref == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Name the member with --member PHONE|ID|CARD."));
      return NULL;
    }
  return mc_member_find (cli->db, ref, error);
}

gboolean
mc_cli_parse_time (McCli       *cli,
                   const char  *text,
                   gboolean     end_of_day,
                   gint64      *epoch,
                   GError     **error)
{
  return mc_parse_time (text, mc_db_get_time_zone (cli->db), end_of_day, epoch, error);
}

char *
mc_cli_format_time (McCli  *cli,
                    gint64  epoch)
{
  if (epoch == 0)
    return g_strdup ("-");
  return mc_format_time (epoch, mc_db_get_time_zone (cli->db));
}

static const McCliCommand *
find_command (const char *name)
{
  const McCliCommand *tables[] = { mc_cli_member_commands, mc_cli_ledger_commands, mc_cli_data_commands,
                                   mc_cli_analytics_commands, mc_cli_programme_commands,
                                   mc_cli_sync_commands,
                                   mc_cli_privacy_commands,
                                   mc_cli_report_commands };

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (const McCliCommand *c = tables[t]; c->name != NULL; c++)
      if (g_str_equal (c->name, name))
        return c;
  return NULL;
}

static void
print_usage (FILE *out)
{
  const McCliCommand *tables[] = { mc_cli_data_commands, mc_cli_member_commands, mc_cli_ledger_commands,
                                   mc_cli_analytics_commands, mc_cli_programme_commands,
                                   mc_cli_sync_commands,
                                   mc_cli_privacy_commands,
                                   mc_cli_report_commands };

  fprintf (out, "%s\n\n", _("Usage: member-console-cli [--db PATH] [--role ROLE] COMMAND [OPTIONS]"));
  fprintf (out, "%s\n", _("Member Console: members, points, tiers and the programme, without a display."));
  fprintf (out, "\n%s\n", _("Options:"));
  fprintf (out, "  --db PATH     %s\n", _("The workspace file (default: the user data folder; or $MC_DB)"));
  fprintf (out, "  --role ROLE   %s\n", _("owner, manager, analyst or clerk (default: owner)"));
  fprintf (out, "  --json        %s\n", _("Print the result as JSON"));
  fprintf (out, "  --version     %s\n", _("Print the version"));
  fprintf (out, "\n%s\n", _("Commands:"));
  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (const McCliCommand *c = tables[t]; c->name != NULL; c++)
      {
        g_autofree char *name = mc_cli_pad (c->name, 21);

        fprintf (out, "  %s %s\n", name, _(c->summary));
      }
  fprintf (out, "\n%s\n", _("Each command takes --help."));
}

static char *
default_db_path (void)
{
  const char *env = g_getenv ("MC_DB");

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);
  return g_build_filename (g_get_user_data_dir (), "member-console", "workspace.mcdb", NULL);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command_name = NULL;
  McCli cli = { 0 };
  const McCliCommand *command = NULL;
  const char *role = NULL;
  int i = 1;
  int status;

  mc_i18n_init ();

  for (; i < argc && argv[i][0] == '-'; i++)
    {
      const char *arg = argv[i];

      if (g_str_equal (arg, "--db") && i + 1 < argc)
        cli.db_path = g_strdup (argv[++i]);
      else if (g_str_has_prefix (arg, "--db="))
        cli.db_path = g_strdup (arg + 5);
      else if (g_str_equal (arg, "--role") && i + 1 < argc)
        role = argv[++i];
      else if (g_str_has_prefix (arg, "--role="))
        role = arg + 7;
      else if (g_str_equal (arg, "--json"))
        cli.json = TRUE;
      else if (g_str_equal (arg, "--version"))
        {
          g_print ("member-console-cli %s\n", PACKAGE_VERSION);
          g_free (cli.db_path);
          return 0;
        }
      else if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_usage (stdout);
          g_free (cli.db_path);
          return 0;
        }
      else
        {
          g_printerr ("member-console-cli: ");
          g_printerr (_("Unknown option %s; see --help."), arg);
          g_printerr ("\n");
          g_free (cli.db_path);
          return 2;
        }
    }

  if (role != NULL && !mc_role_from_string (role, &cli.role))
    {
      g_printerr ("member-console-cli: ");
      g_printerr (_("“%s” is not a role: use owner, manager, analyst or clerk."), role);
      g_printerr ("\n");
      g_free (cli.db_path);
      return 2;
    }

  /* Two-word commands first ("member add"), then one-word ones ("init"). */
  if (i + 1 < argc)
    {
      command_name = g_strdup_printf ("%s %s", argv[i], argv[i + 1]);
      command = find_command (command_name);
      if (command != NULL)
        i += 2;
    }
  if (command == NULL && i < argc)
    {
      g_free (command_name);
      command_name = g_strdup (argv[i]);
      command = find_command (command_name);
      if (command != NULL)
        i += 1;
    }
  if (command == NULL)
    {
      if (i >= argc)
        print_usage (stderr);
      else
        {
          g_printerr ("member-console-cli: ");
          g_printerr (_("“%s” is not a command; see --help."), argv[i]);
          g_printerr ("\n");
        }
      g_free (cli.db_path);
      return 2;
    }

  if (cli.db_path == NULL)
    cli.db_path = default_db_path ();
  cli.command = command;
  cli.progress = !cli.json && isatty (STDERR_FILENO);

  {
    /* The command sees its own name as argv[0] and its options after it. */
    g_autofree char **sub_argv = g_new0 (char *, argc - i + 2);
    g_autofree char *prog = g_strdup_printf ("member-console-cli %s", command_name);
    int sub_argc = 0;

    /* --help then names the command: "Usage: member-console-cli member add [OPTION…]". */
    g_set_prgname (prog);
    sub_argv[sub_argc++] = prog;
    for (int j = i; j < argc; j++)
      sub_argv[sub_argc++] = argv[j];

    if (command->run (&cli, sub_argc, sub_argv, &error))
      status = 0;
    else
      status = error != NULL && error->domain == G_OPTION_ERROR ? 2 : 1;
  }

  if (status != 0 && error != NULL)
    {
      /* One line: a message may hold newlines only from a nested cause. */
      g_strdelimit (error->message, "\n", ' ');
      g_printerr ("member-console-cli: %s\n", error->message);
    }
  g_clear_object (&cli.db);
  g_free (cli.db_path);
  return status;
}
