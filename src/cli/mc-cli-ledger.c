/* mc-cli-ledger.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * order add|refund, points redeem|adjust|expire, growth adjust, event add,
 * tiers evaluate, tier set.
 */
#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "mc-cli.h"
#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-order.h"
#include "mc-store.h"
#include "mc-tier.h"
#include "mc-validate.h"

static void
print_order_result (McCli               *cli,
                    const McOrderResult *r,
                    gboolean             refund)
{
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "order_id", r->order_id);
      json_object_set_int_member (obj, "amount_fen", refund ? -r->amount_fen : r->amount_fen);
      json_object_set_int_member (obj, "points", r->points);
      json_object_set_int_member (obj, "growth", r->growth);
      json_object_set_int_member (obj, "points_unrecovered", r->points_unrecovered);
      json_object_set_int_member (obj, "growth_unrecovered", r->growth_unrecovered);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    {
      g_autofree char *yuan = mc_format_yuan (r->amount_fen);

      if (refund)
        {
          g_print (_("Refunded ¥%s (order %s): points %" PRId64 ", growth %" PRId64 ".\n"),
                   yuan, r->order_id, r->points, r->growth);
          if (r->points_unrecovered > 0)
            g_print (_("%" PRId64 " points could not be taken back: the balance was too low. This is recorded.\n"),
                     r->points_unrecovered);
        }
      else
        g_print (_("Recorded ¥%s (order %s): +%" PRId64 " points, +%" PRId64 " growth.\n"),
                 yuan, r->order_id, r->points, r->growth);
    }
}

static gboolean
run_order_add (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *member_ref = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *at = NULL;
  g_autofree char *store = NULL;
  g_autofree char *note = NULL;
  GOptionEntry entries[] = {
    { "member", 0, 0, G_OPTION_ARG_STRING, &member_ref, N_("The member (phone, card or id); none for an anonymous sale"), N_("MEMBER") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, N_("Amount in yuan, like 128.50"), N_("YUAN") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When (ISO 8601; default now)"), N_("TIME") },
    { "store", 0, 0, G_OPTION_ARG_STRING, &store, N_("Store name"), N_("STORE") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("Note"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(McMember) member = NULL;
  g_autofree char *store_id = NULL;
  McOrderInput input = { 0 };
  McOrderResult result = { 0 };

  if (!mc_cli_parse (cli, &argc, &argv, "", _("Record a purchase; a member earns points and growth."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 0, "order add --member PHONE|ID --amount YUAN [--at TIME] [--store NAME]", error))
    return FALSE;
  if (amount == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("Give the amount with --amount YUAN."));
      return FALSE;
    }
  if (!mc_parse_yuan (amount, &input.amount_fen, error))
    return FALSE;
  if (at != NULL && !mc_cli_parse_time (cli, at, FALSE, &input.at, error))
    return FALSE;
  if (member_ref != NULL)
    {
      member = mc_cli_find_member (cli, member_ref, error);
      if (member == NULL)
        return FALSE;
      input.member_id = member->id;
    }
  if (store != NULL)
    {
      store_id = mc_store_lookup (cli->db, store, error);
      if (store_id == NULL)
        return FALSE;
      input.store_id = store_id;
    }
  input.note = note;
  if (!mc_order_add (cli->db, &input, &result, error))
    return FALSE;
  print_order_result (cli, &result, FALSE);
  mc_order_result_clear (&result);
  return TRUE;
}

static gboolean
run_order_refund (McCli   *cli,
                  int      argc,
                  char   **argv,
                  GError **error)
{
  g_autofree char *amount = NULL;
  GOptionEntry entries[] = {
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, N_("Refund only this much, in yuan (default: all that is left)"), N_("YUAN") },
    { NULL }
  };
  McOrderResult result = { 0 };
  gint64 fen = 0;

  if (!mc_cli_parse (cli, &argc, &argv, _("ORDER"),
                     _("Refund an order; the points and growth it earned are taken back."), entries, error) ||
      !mc_cli_begin (cli, argc, 1, "order refund ORDER-ID [--amount YUAN]", error))
    return FALSE;
  if (amount != NULL && !mc_parse_yuan (amount, &fen, error))
    return FALSE;
  if (!mc_order_refund (cli->db, argv[1], fen, 0, &result, error))
    return FALSE;
  print_order_result (cli, &result, TRUE);
  mc_order_result_clear (&result);
  return TRUE;
}

static gboolean
print_balance (McCli       *cli,
               const char  *member_id,
               GError     **error)
{
  g_autoptr(McMember) m = mc_member_load (cli->db, member_id, error);

  if (m == NULL)
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "member_id", m->id);
      json_object_set_int_member (obj, "points_balance", m->points_balance);
      json_object_set_int_member (obj, "growth", m->growth);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("%s now has %" PRId64 " points and %" PRId64 " growth.\n"),
             m->name, m->points_balance, m->growth);
  return TRUE;
}

static gboolean
points_change (McCli       *cli,
               int          argc,
               char       **argv,
               const char  *what,
               GError     **error)
{
  g_autofree char *member_ref = NULL;
  g_autofree char *points = NULL;
  g_autofree char *reason = NULL;
  GOptionEntry entries[] = {
    { "member", 0, 0, G_OPTION_ARG_STRING, &member_ref, N_("The member (phone, card or id)"), N_("MEMBER") },
    { "points", 0, 0, G_OPTION_ARG_STRING, &points, N_("How many; for adjust, negative takes away"), N_("N") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why (kept in the ledger and the audit log)"), N_("TEXT") },
    { NULL }
  };
  g_autoptr(McMember) m = NULL;
  gboolean negative = FALSE;
  const char *digits;
  gint64 n;
  gboolean ok;

  if (!mc_cli_parse (cli, &argc, &argv, "",
                     g_str_equal (what, "redeem") ? _("Redeem a member's points.")
                     : g_str_equal (what, "adjust") ? _("Add or take away points by hand, with a reason.")
                     : _("Add or take away growth value by hand, with a reason."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 0,
                     g_str_equal (what, "redeem") ? "points redeem --member MEMBER --points N --reason TEXT"
                     : g_str_equal (what, "adjust") ? "points adjust --member MEMBER --points [-]N --reason TEXT"
                     : "growth adjust --member MEMBER --points [-]N --reason TEXT", error))
    return FALSE;
  if (points == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("Give the number with --points N."));
      return FALSE;
    }
  digits = points;
  if (!g_str_equal (what, "redeem") && (digits[0] == '-' || digits[0] == '+'))
    {
      negative = digits[0] == '-';
      digits++;
    }
  if (!mc_parse_points (digits, &n, error))
    return FALSE;
  m = mc_cli_find_member (cli, member_ref, error);
  if (m == NULL)
    return FALSE;
  if (g_str_equal (what, "redeem"))
    ok = mc_points_redeem (cli->db, m->id, n, reason, error);
  else if (g_str_equal (what, "adjust"))
    ok = mc_points_adjust (cli->db, m->id, negative ? -n : n, reason, error);
  else
    ok = mc_growth_adjust (cli->db, m->id, negative ? -n : n, reason, error);
  if (!ok)
    return FALSE;
  return print_balance (cli, m->id, error);
}

static gboolean
run_points_redeem (McCli *cli, int argc, char **argv, GError **error)
{
  return points_change (cli, argc, argv, "redeem", error);
}

static gboolean
run_points_adjust (McCli *cli, int argc, char **argv, GError **error)
{
  return points_change (cli, argc, argv, "adjust", error);
}

static gboolean
run_growth_adjust (McCli *cli, int argc, char **argv, GError **error)
{
  return points_change (cli, argc, argv, "growth", error);
}

static gboolean
as_of_option (McCli       *cli,
              const char  *text,
              gint64      *as_of,
              GError     **error)
{
  if (text == NULL)
    {
      *as_of = mc_db_now ();
      return TRUE;
    }
  return mc_cli_parse_time (cli, text, TRUE, as_of, error);
}

static gboolean
run_points_expire (McCli   *cli,
                   int      argc,
                   char   **argv,
                   GError **error)
{
  g_autofree char *as_of_text = NULL;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Expire lots due by the end of this date (default now)"), N_("DATE") },
    { NULL }
  };
  gint64 as_of, members = 0, points = 0;

  if (!mc_cli_parse (cli, &argc, &argv, "", _("Expire points lots that are due, oldest first."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 0, "points expire [--as-of DATE]", error) ||
      !as_of_option (cli, as_of_text, &as_of, error) ||
      !mc_points_expire (cli->db, as_of, &members, &points, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_int_member (obj, "as_of", as_of);
      json_object_set_int_member (obj, "members", members);
      json_object_set_int_member (obj, "points", points);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("Expired %" PRId64 " points of %" PRId64 " members.\n"), points, members);
  return TRUE;
}

static gboolean
run_event_add (McCli   *cli,
               int      argc,
               char   **argv,
               GError **error)
{
  g_autofree char *member_ref = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *at_text = NULL;
  GOptionEntry entries[] = {
    { "member", 0, 0, G_OPTION_ARG_STRING, &member_ref, N_("The member (phone, card or id)"), N_("MEMBER") },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("visit, login, checkin, share, invite, share_bought, like or benefit_used"), N_("KIND") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When (ISO 8601; default now)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(McMember) m = NULL;
  gint64 at = 0, growth = 0;

  if (!mc_cli_parse (cli, &argc, &argv, "", _("Record a member's action; it may earn growth up to a daily cap."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 0, "event add --member MEMBER --kind KIND [--at TIME]", error))
    return FALSE;
  if (at_text != NULL && !mc_cli_parse_time (cli, at_text, FALSE, &at, error))
    return FALSE;
  m = mc_cli_find_member (cli, member_ref, error);
  if (m == NULL || !mc_event_record (cli->db, m->id, kind, at, &growth, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "kind", kind);
      json_object_set_int_member (obj, "growth", growth);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("Recorded %s for %s: +%" PRId64 " growth.\n"), kind, m->name, growth);
  return TRUE;
}

static gboolean
run_tiers_evaluate (McCli   *cli,
                    int      argc,
                    char   **argv,
                    GError **error)
{
  g_autofree char *as_of_text = NULL;
  GOptionEntry entries[] = {
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of_text, N_("Evaluate as at the end of this date (default now)"), N_("DATE") },
    { NULL }
  };
  McTierStats s = { 0 };
  gint64 as_of;

  if (!mc_cli_parse (cli, &argc, &argv, "",
                     _("Re-evaluate every member's tier: upgrades at once, downgrades after the grace period."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 0, "tiers evaluate [--as-of DATE]", error) ||
      !as_of_option (cli, as_of_text, &as_of, error) ||
      !mc_tiers_evaluate (cli->db, as_of, &s, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_int_member (obj, "as_of", as_of);
      json_object_set_int_member (obj, "members", s.members);
      json_object_set_int_member (obj, "upgraded", s.upgraded);
      json_object_set_int_member (obj, "downgraded", s.downgraded);
      json_object_set_int_member (obj, "warned", s.warned);
      json_object_set_int_member (obj, "kept_in_grace", s.kept_in_grace);
      json_object_set_int_member (obj, "overridden", s.overridden);
      json_object_set_int_member (obj, "overrides_expired", s.overrides_expired);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    g_print (_("Evaluated %" PRId64 " members: %" PRId64 " up, %" PRId64
               " down, %" PRId64 " warned (grace period started), %" PRId64
               " still in their grace period, %" PRId64 " held by a manual tier.\n"),
             s.members, s.upgraded, s.downgraded, s.warned, s.kept_in_grace, s.overridden);
  return TRUE;
}

static gboolean
run_tier_set (McCli   *cli,
              int      argc,
              char   **argv,
              GError **error)
{
  g_autofree char *member_ref = NULL;
  g_autofree char *tier = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *until_text = NULL;
  GOptionEntry entries[] = {
    { "member", 0, 0, G_OPTION_ARG_STRING, &member_ref, N_("The member (phone, card or id)"), N_("MEMBER") },
    { "tier", 0, 0, G_OPTION_ARG_STRING, &tier, N_("The tier code, like gold"), N_("CODE") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why"), N_("TEXT") },
    { "until", 0, 0, G_OPTION_ARG_STRING, &until_text, N_("The last day it holds"), N_("DATE") },
    { NULL }
  };
  g_autoptr(McMember) m = NULL;
  gint64 until = 0;

  if (!mc_cli_parse (cli, &argc, &argv, "", _("Set a member's tier by hand, with a reason and an end date."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 0, "tier set --member MEMBER --tier CODE --reason TEXT --until DATE", error))
    return FALSE;
  if (until_text == NULL || tier == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Give the tier with --tier and its end date with --until: a manual tier is never permanent."));
      return FALSE;
    }
  if (!mc_cli_parse_time (cli, until_text, TRUE, &until, error))
    return FALSE;
  m = mc_cli_find_member (cli, member_ref, error);
  if (m == NULL || !mc_tier_set_manual (cli->db, m->id, tier, reason, until, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(McMember) stored = mc_member_load (cli->db, m->id, error);
      g_autoptr(JsonNode) node = stored ? mc_member_to_json (stored, mc_db_get_role (cli->db)) : NULL;

      if (node == NULL)
        return FALSE;
      mc_cli_print_json (node);
    }
  else
    g_print (_("%s is %s until %s.\n"), m->name, tier, until_text);
  return TRUE;
}

const McCliCommand mc_cli_ledger_commands[] = {
  { "order add", N_("Record a purchase"), run_order_add, FALSE },
  { "order refund", N_("Refund an order, in full or in part"), run_order_refund, FALSE },
  { "points redeem", N_("Redeem points"), run_points_redeem, FALSE },
  { "points adjust", N_("Adjust points by hand, with a reason"), run_points_adjust, FALSE },
  { "points expire", N_("Expire due points lots"), run_points_expire, FALSE },
  { "growth adjust", N_("Adjust growth value by hand, with a reason"), run_growth_adjust, FALSE },
  { "event add", N_("Record a member action (check-in, invite, ...)"), run_event_add, FALSE },
  { "tiers evaluate", N_("Re-evaluate every member's tier"), run_tiers_evaluate, FALSE },
  { "tier set", N_("Set a member's tier by hand until a date"), run_tier_set, FALSE },
  { NULL }
};
