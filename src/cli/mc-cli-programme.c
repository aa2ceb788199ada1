/* mc-cli-programme.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * programme show | export | import | drafts | diff | simulate | publish | discard: the
 * programme's versions and the what-if simulator.
 */
#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "mc-cli.h"
#include "mc-error.h"
#include "mc-programme-diff.h"
#include "mc-programme-version.h"
#include "mc-simulate.h"
#include "mc-validate.h"

/* "live", a version (id or its beginning), or a JSON file. */
static McProgramme *
load_ref (McCli       *cli,
          const char  *ref,
          GError     **error)
{
  if (ref == NULL || g_str_equal (ref, "live"))
    return mc_programme_load_live (cli->db, error);
  if (g_str_has_suffix (ref, ".json") || g_file_test (ref, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!g_file_get_contents (ref, &text, NULL, &local_error))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot read “%s”: %s"), ref, local_error->message);
          return NULL;
        }
      return mc_programme_from_json (text, error);
    }
  return mc_programme_version_load (cli->db, ref, error);
}

static void
print_programme (McProgramme *p)
{
  g_print ("%s\n", p->name);
  g_print (_("Tiers on %s over %s:\n"), mc_tier_metric_display (p->metric), mc_eval_window_display (p->window));
  for (guint i = 0; i < p->tiers->len; i++)
    {
      McTier *t = g_ptr_array_index (p->tiers, i);
      g_autofree char *name = mc_cli_pad (t->name, 14);
      g_autoptr(GString) benefits = g_string_new (NULL);

      for (guint b = 0; b < t->benefits->len; b++)
        g_string_append_printf (benefits, "%s%s", b > 0 ? ", " : "", (char *) g_ptr_array_index (t->benefits, b));
      g_print ("  %-10s %s %10" PRId64 "  ×%.2f  %s\n", t->code, name, t->threshold,
               t->multiplier_permille / 1000.0, benefits->str);
    }
  g_print (_("Benefits: %u, paid plans: %u, referral steps: %u\n"),
           p->benefits->len, p->plans->len, p->referral_steps->len);
}

static gboolean
run_show (McCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  g_autofree char *version = NULL;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_STRING, &version, N_("A version (id or its beginning) instead of the live one"), N_("ID") },
    { NULL }
  };
  g_autoptr(McProgramme) p = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, "", _("Show the live programme (or a version of it)."), entries, error) ||
      !mc_cli_begin (cli, argc, 0, "programme show [--version ID]", error))
    return FALSE;
  p = load_ref (cli, version, error);
  if (p == NULL)
    return FALSE;
  if (cli->json)
    {
      g_autofree char *json = mc_programme_to_json (p);

      g_print ("%s\n", json);
    }
  else
    print_programme (p);
  return TRUE;
}

static gboolean
run_export (McCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  g_autofree char *version = NULL;
  GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_STRING, &version, N_("A version (id or its beginning) instead of the live one"), N_("ID") },
    { NULL }
  };
  g_autoptr(McProgramme) p = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *json = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, _("FILE.json"), _("Write the live programme (or a version) to a JSON file."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 1, "programme export FILE.json [--version ID]", error))
    return FALSE;
  p = load_ref (cli, version, error);
  if (p == NULL)
    return FALSE;
  json = mc_programme_to_json (p);
  if (!g_file_set_contents (argv[1], json, -1, &local_error))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Cannot write “%s”: %s"), argv[1], local_error->message);
      return FALSE;
    }
  if (!cli->json)
    g_print (_("Wrote the programme “%s” to %s.\n"), p->name, argv[1]);
  return TRUE;
}

static gboolean
run_import (McCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(McProgramme) p = NULL;
  g_autofree char *id = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, _("FILE.json"), _("Read a programme from a JSON file as a new draft."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 1, "programme import FILE.json", error))
    return FALSE;
  if (!g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("There is no file “%s”."), argv[1]);
      return FALSE;
    }
  p = load_ref (cli, argv[1], error);
  if (p == NULL)
    return FALSE;
  id = mc_programme_draft_create (cli->db, p, error);
  if (id == NULL)
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "draft", id);
      json_object_set_string_member (obj, "name", p->name);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("Imported “%s” as draft %s.\n"), p->name, id);
  return TRUE;
}

static gboolean
run_drafts (McCli   *cli,
            int      argc,
            char   **argv,
            GError **error)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(GPtrArray) list = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, "", _("List the programme's versions: live, drafts and retired."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 0, "programme drafts", error))
    return FALSE;
  list = mc_programme_versions_list (cli->db, error);
  if (list == NULL)
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < list->len; i++)
        {
          McProgrammeVersion *v = g_ptr_array_index (list, i);
          JsonObject *obj = json_object_new ();

          json_object_set_string_member (obj, "id", v->id);
          json_object_set_string_member (obj, "status", mc_programme_status_to_string (v->status));
          json_object_set_boolean_member (obj, "scheduled", mc_programme_version_is_scheduled (v));
          json_object_set_string_member (obj, "name", v->name);
          json_object_set_int_member (obj, "created_at", v->created_at);
          if (v->effective_at != 0)
            json_object_set_int_member (obj, "effective_at", v->effective_at);
          else
            json_object_set_null_member (obj, "effective_at");
          json_array_add_object_element (array, obj);
        }
      json_node_take_array (node, array);
      mc_cli_print_json (node);
      return TRUE;
    }
  if (list->len == 0)
    g_print ("%s\n", _("No version is stored: the workspace uses the default programme."));
  for (guint i = 0; i < list->len; i++)
    {
      McProgrammeVersion *v = g_ptr_array_index (list, i);
      g_autofree char *status = mc_cli_pad (mc_programme_version_status_display (v), 8);
      g_autofree char *when = mc_cli_format_time (cli, v->effective_at != 0 ? v->effective_at : v->created_at);

      g_print ("%s  %s  %s  %s\n", v->id, status, when, v->name);
    }
  return TRUE;
}

static gboolean
run_diff (McCli   *cli,
          int      argc,
          char   **argv,
          GError **error)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(McProgramme) a = NULL;
  g_autoptr(McProgramme) b = NULL;
  g_autoptr(GPtrArray) changes = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, _("A B"),
                     _("What changes from programme A to programme B: each is “live”, a version id "
                       "(or its beginning) or a JSON file."), entries, error) ||
      !mc_cli_begin (cli, argc, 2, "programme diff A B", error))
    return FALSE;
  a = load_ref (cli, argv[1], error);
  if (a == NULL)
    return FALSE;
  b = load_ref (cli, argv[2], error);
  if (b == NULL)
    return FALSE;
  changes = mc_programme_diff (a, b);
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < changes->len; i++)
        {
          McProgrammeChange *c = g_ptr_array_index (changes, i);
          JsonObject *obj = json_object_new ();

          json_object_set_string_member (obj, "path", c->path);
          if (c->before != NULL)
            json_object_set_string_member (obj, "before", c->before);
          else
            json_object_set_null_member (obj, "before");
          if (c->after != NULL)
            json_object_set_string_member (obj, "after", c->after);
          else
            json_object_set_null_member (obj, "after");
          json_object_set_string_member (obj, "text", c->text);
          json_array_add_object_element (array, obj);
        }
      json_node_take_array (node, array);
      mc_cli_print_json (node);
      return TRUE;
    }
  if (changes->len == 0)
    g_print ("%s\n", _("The two programmes say the same."));
  for (guint i = 0; i < changes->len; i++)
    g_print ("%s\n", ((McProgrammeChange *) g_ptr_array_index (changes, i))->text);
  return TRUE;
}

static gboolean
run_publish (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  g_autofree char *draft = NULL;
  g_autofree char *effective_text = NULL;
  GOptionEntry entries[] = {
    { "draft", 0, 0, G_OPTION_ARG_STRING, &draft, N_("The draft to publish (id or its beginning)"), N_("ID") },
    { "effective", 0, 0, G_OPTION_ARG_STRING, &effective_text, N_("When it takes effect (default now; a later date schedules it)"), N_("DATE") },
    { NULL }
  };
  g_autoptr(McProgrammeVersion) version = NULL;
  McTierStats s = { 0 };
  gint64 effective = 0;

  if (!mc_cli_parse (cli, &argc, &argv, "",
                     _("Make a draft the live programme: the live one is retired and every member's tier "
                       "is re-evaluated under the new rules. With a later --effective date the draft is "
                       "scheduled and goes live when that date has come."), entries, error) ||
      !mc_cli_begin (cli, argc, 0, "programme publish --draft ID [--effective DATE]", error))
    return FALSE;
  if (draft == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Which draft? Give --draft ID (“programme drafts” lists them)."));
      return FALSE;
    }
  if (effective_text != NULL && !mc_cli_parse_time (cli, effective_text, FALSE, &effective, error))
    return FALSE;
  version = mc_programme_version_find (cli->db, draft, error);
  if (version == NULL || !mc_programme_publish (cli->db, version->id, effective, &s, error))
    return FALSE;
  if (effective > mc_db_now ())
    {
      if (cli->json)
        {
          g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
          JsonObject *obj = json_object_new ();

          json_object_set_string_member (obj, "scheduled", version->id);
          json_object_set_string_member (obj, "name", version->name);
          json_object_set_int_member (obj, "effective_at", effective);
          json_node_take_object (node, obj);
          mc_cli_print_json (node);
        }
      else
        {
          g_autofree char *when = mc_cli_format_time (cli, effective);

          g_print (_("“%s” is scheduled to go live on %s; until then it stays a draft "
                     "(“programme unschedule %s” cancels that).\n"), version->name, when, version->id);
        }
      return TRUE;
    }
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "live", version->id);
      json_object_set_string_member (obj, "name", version->name);
      json_object_set_int_member (obj, "members", s.members);
      json_object_set_int_member (obj, "upgraded", s.upgraded);
      json_object_set_int_member (obj, "downgraded", s.downgraded);
      json_object_set_int_member (obj, "warned", s.warned);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("“%s” is live. Tiers re-evaluated for %" PRId64 " members: %" PRId64 " up, %" PRId64
               " down, %" PRId64 " warned (grace period started).\n"),
             version->name, s.members, s.upgraded, s.downgraded, s.warned);
  return TRUE;
}

static gboolean
run_discard (McCli   *cli,
             int      argc,
             char   **argv,
             GError **error)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(McProgrammeVersion) version = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, _("ID"), _("Delete a draft."), entries, error) ||
      !mc_cli_begin (cli, argc, 1, "programme discard ID", error))
    return FALSE;
  version = mc_programme_version_find (cli->db, argv[1], error);
  if (version == NULL || !mc_programme_draft_delete (cli->db, version->id, error))
    return FALSE;
  if (!cli->json)
    g_print (_("Draft “%s” deleted.\n"), version->name);
  return TRUE;
}

static gboolean
run_unschedule (McCli   *cli,
                int      argc,
                char   **argv,
                GError **error)
{
  GOptionEntry entries[] = { { NULL } };
  g_autoptr(McProgrammeVersion) version = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, _("ID"),
                     _("Cancel a draft's scheduled publishing: it stays a draft."), entries, error) ||
      !mc_cli_begin (cli, argc, 1, "programme unschedule ID", error))
    return FALSE;
  version = mc_programme_version_find (cli->db, argv[1], error);
  if (version == NULL || !mc_programme_draft_unschedule (cli->db, version->id, error))
    return FALSE;
  if (!cli->json)
    g_print (_("Draft “%s” is no longer scheduled.\n"), version->name);
  return TRUE;
}

/* Simulation output */

static void
add_result (JsonBuilder      *b,
            McSimulateResult *r)
{
  json_builder_set_member_name (b, "window");
  json_builder_add_string_value (b, mc_eval_window_to_string (r->window));
  json_builder_set_member_name (b, "metric");
  json_builder_add_string_value (b, mc_tier_metric_to_string (r->metric));
  json_builder_set_member_name (b, "tiers");
  json_builder_begin_array (b);
  for (guint t = 0; t < r->n_tiers; t++)
    {
      McSimulateTier *st = &r->tiers[t];

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, st->code);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, st->name);
      json_builder_set_member_name (b, "threshold");
      json_builder_add_int_value (b, st->threshold);
      json_builder_set_member_name (b, "members");
      json_builder_add_int_value (b, st->members);
      json_builder_set_member_name (b, "share");
      json_builder_add_double_value (b, st->share);
      json_builder_set_member_name (b, "target_share");
      json_builder_add_double_value (b, st->target_share);
      json_builder_set_member_name (b, "monthly_benefit_cost_fen");
      json_builder_add_int_value (b, st->monthly_benefit_cost_fen);
      json_builder_set_member_name (b, "revenue_fen");
      json_builder_add_int_value (b, st->revenue_fen);
      json_builder_set_member_name (b, "cost_share");
      json_builder_add_double_value (b, st->cost_share);
      json_builder_set_member_name (b, "points_issued");
      json_builder_add_int_value (b, st->points_issued);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "plans");
  json_builder_begin_array (b);
  for (guint p = 0; p < r->n_plans; p++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "code");
      json_builder_add_string_value (b, r->plans[p].code);
      json_builder_set_member_name (b, "subscribers");
      json_builder_add_int_value (b, r->plans[p].subscribers);
      json_builder_set_member_name (b, "monthly_benefit_cost_fen");
      json_builder_add_int_value (b, r->plans[p].monthly_benefit_cost_fen);
      json_builder_set_member_name (b, "monthly_revenue_fen");
      json_builder_add_int_value (b, r->plans[p].monthly_revenue_fen);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "members");
  json_builder_add_int_value (b, r->members);
  json_builder_set_member_name (b, "campaigns_monthly_cost_fen");
  json_builder_add_int_value (b, r->campaigns_monthly_cost_fen);
  json_builder_set_member_name (b, "monthly_benefit_cost_fen");
  json_builder_add_int_value (b, r->monthly_benefit_cost_fen);
  json_builder_set_member_name (b, "revenue_fen");
  json_builder_add_int_value (b, r->revenue_fen);
  json_builder_set_member_name (b, "cost_share");
  json_builder_add_double_value (b, r->cost_share);
  json_builder_set_member_name (b, "points_outstanding");
  json_builder_add_int_value (b, r->points_outstanding);
  json_builder_set_member_name (b, "points_issued");
  json_builder_add_int_value (b, r->points_issued);
  json_builder_set_member_name (b, "points_liability");
  json_builder_add_int_value (b, r->points_liability_fen);
}

/* Text right-aligned in width terminal columns (a Chinese character takes two). */
static char *
right (const char *text,
       int         width)
{
  g_autofree char *padded = mc_cli_pad (text, width);
  gsize spaces = strlen (padded) - strlen (text);
  g_autofree char *indent = g_strnfill (spaces, ' ');

  return g_strconcat (indent, text, NULL);
}

static void
print_simulation (McSimulateResult   *live,
                  McSimulateResult   *draft,
                  McSimulateMovement *mv)
{
  g_autofree char *h_tier = mc_cli_pad (_("Tier"), 14);
  g_autofree char *h_live = right (_("live members"), 22);
  g_autofree char *h_draft = right (_("draft members"), 22);
  g_autofree char *h_target = right (_("target"), 6);
  g_autofree char *h_cost = right (_("cost / month"), 14);
  g_autofree char *h_revenue = right (_("revenue"), 16);
  g_autofree char *h_share = right (_("cost %"), 6);

  g_print ("%s  %s  %s  %s  %s  %s  %s\n", h_tier, h_live, h_draft, h_target, h_cost, h_revenue, h_share);
  for (guint t = 0; t < draft->n_tiers; t++)
    {
      McSimulateTier *d = &draft->tiers[t];
      g_autofree char *name = mc_cli_pad (d->name, 14);
      g_autofree char *cost = mc_format_yuan (d->monthly_benefit_cost_fen);
      g_autofree char *rev = mc_format_yuan (d->revenue_fen);
      g_autofree char *live_text = NULL;
      g_autofree char *draft_text = g_strdup_printf ("%" PRId64 " (%.1f%%)", d->members, d->share * 100);

      if (t < live->n_tiers)
        live_text = g_strdup_printf ("%" PRId64 " (%.1f%%)", live->tiers[t].members, live->tiers[t].share * 100);
      else
        live_text = g_strdup ("-");
      g_print ("%s  %22s  %22s  %5.0f%%  %14s  %16s  %5.1f%%\n", name, live_text, draft_text,
               d->target_share * 100, cost, rev, d->cost_share * 100);
    }
  {
    g_autofree char *cost_live = mc_format_yuan (live->monthly_benefit_cost_fen);
    g_autofree char *cost_draft = mc_format_yuan (draft->monthly_benefit_cost_fen);
    g_autofree char *liab_live = mc_format_yuan (live->points_liability_fen);
    g_autofree char *liab_draft = mc_format_yuan (draft->points_liability_fen);

    g_print (_("Benefit cost per month: %s live, %s draft (%.1f%% and %.1f%% of revenue)\n"),
             cost_live, cost_draft, live->cost_share * 100, draft->cost_share * 100);
    g_print (_("Points liability: %s live, %s draft\n"), liab_live, liab_draft);
  }
  g_print (_("Movement (rows: live tiers, columns: draft tiers): %" PRId64 " up, %" PRId64 " down\n"),
           mv->up, mv->down);
  for (guint i = 0; i < mv->n_from; i++)
    {
      g_autofree char *name = mc_cli_pad (live->tiers[i].name, 14);

      g_print ("  %s", name);
      for (guint j = 0; j < mv->n_to; j++)
        g_print (" %10" PRId64, mv->matrix[(gsize) i * mv->n_to + j]);
      g_print ("\n");
    }
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  g_printerr ("\r%s %3.0f%%", _("Reading the members…"), fraction * 100);
  if (fraction >= 1.0)
    g_printerr ("\n");
}

static gboolean
run_simulate (McCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autofree char *draft_ref = NULL;
  g_autofree char *as_of_text = NULL;
  g_autofree char *downgraded_path = NULL;
  GOptionEntry entries[] = {
    { "draft", 0, 0, G_OPTION_ARG_STRING, &draft_ref, N_("A draft or version (id or its beginning)"), N_("ID") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("The members as at the end of this date (default now)"), N_("DATE") },
    { "downgraded", 0, 0, G_OPTION_ARG_FILENAME, &downgraded_path, N_("Write the members who would be downgraded to this CSV file"), N_("FILE") },
    { NULL }
  };
  g_autoptr(McProgramme) draft = NULL;
  g_autoptr(McSimulateData) data = NULL;
  g_autoptr(McSimulateResult) live_result = NULL;
  g_autoptr(McSimulateResult) draft_result = NULL;
  g_autoptr(McSimulateMovement) mv = NULL;
  gint64 as_of = mc_db_now ();

  if (!mc_cli_parse (cli, &argc, &argv, _("[FILE.json]"),
                     _("Apply a draft (a file or a stored draft) to the current members and compare it with "
                       "the live programme: members per tier, movement, benefit cost, revenue, points liability."),
                     entries, error))
    return FALSE;
  if (argc > 1 && draft_ref != NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("Give a file or --draft, not both."));
      return FALSE;
    }
  if (!mc_cli_begin (cli, argc, argc > 1 ? 1 : 0,
                     "programme simulate [FILE.json|--draft ID] [--as-of DATE] [--downgraded FILE.csv]", error))
    return FALSE;
  if (as_of_text != NULL && !mc_cli_parse_time (cli, as_of_text, TRUE, &as_of, error))
    return FALSE;
  if (argc > 1 && !g_file_test (argv[1], G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_IO, _("There is no file “%s”."), argv[1]);
      return FALSE;
    }
  draft = load_ref (cli, argc > 1 ? argv[1] : draft_ref, error);
  if (draft == NULL)
    return FALSE;
  data = mc_simulate_prepare (cli->db, as_of, cli->progress ? progress_cb : NULL, NULL, NULL, error);
  if (data == NULL)
    return FALSE;
  live_result = mc_simulate_run (data, mc_simulate_data_get_live (data));
  draft_result = mc_simulate_run (data, draft);
  mv = mc_simulate_movement (live_result, draft_result);
  if (downgraded_path != NULL &&
      !mc_simulate_export_downgraded (cli->db, data, live_result, draft_result, mv, downgraded_path, error))
    return FALSE;

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "as_of");
      json_builder_add_int_value (b, as_of);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, draft->name);
      add_result (b, draft_result);
      json_builder_set_member_name (b, "live");
      json_builder_begin_object (b);
      add_result (b, live_result);
      json_builder_end_object (b);
      json_builder_set_member_name (b, "movement");
      json_builder_begin_array (b);
      for (guint i = 0; i < mv->n_from; i++)
        {
          json_builder_begin_array (b);
          for (guint j = 0; j < mv->n_to; j++)
            json_builder_add_int_value (b, mv->matrix[(gsize) i * mv->n_to + j]);
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "up");
      json_builder_add_int_value (b, mv->up);
      json_builder_set_member_name (b, "down");
      json_builder_add_int_value (b, mv->down);
      json_builder_set_member_name (b, "downgraded");
      json_builder_add_int_value (b, mv->downgraded->len);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      mc_cli_print_json (node);
    }
  else
    {
      print_simulation (live_result, draft_result, mv);
      if (downgraded_path != NULL)
        g_print (_("Wrote the %u members who would be downgraded to %s.\n"), mv->downgraded->len, downgraded_path);
    }
  return TRUE;
}

const McCliCommand mc_cli_programme_commands[] = {
  { "programme show", N_("Show the live programme"), run_show, FALSE },
  { "programme export", N_("Write the programme to a JSON file"), run_export, FALSE },
  { "programme import", N_("Read a programme from a JSON file as a draft"), run_import, FALSE },
  { "programme drafts", N_("List the programme's versions"), run_drafts, FALSE },
  { "programme diff", N_("What changes between two programmes"), run_diff, FALSE },
  { "programme simulate", N_("What a draft would do to the current members"), run_simulate, FALSE },
  { "programme publish", N_("Make a draft the live programme"), run_publish, FALSE },
  { "programme discard", N_("Delete a draft"), run_discard, FALSE },
  { "programme unschedule", N_("Cancel a draft's scheduled publishing"), run_unschedule, FALSE },
  { NULL }
};
