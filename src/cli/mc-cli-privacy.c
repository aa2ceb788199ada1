/* mc-cli-privacy.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * export birthdays, backup auto, benefit use, report suspicious: marketing lists within
 * consent, backups on a schedule, and the checks against abuse.
 */
#define G_LOG_DOMAIN "mc-cli"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>

#include "mc-abuse-report.h"
#include "mc-backup-auto.h"
#include "mc-benefit-use.h"
#include "mc-cli.h"
#include "mc-error.h"
#include "mc-privacy.h"

static gboolean
parse_format (const char      *text,
              McExportFormat  *format,
              GError         **error)
{
  if (text == NULL || g_ascii_strcasecmp (text, "csv") == 0)
    *format = MC_EXPORT_CSV;
  else if (g_ascii_strcasecmp (text, "json") == 0)
    *format = MC_EXPORT_JSON;
  else
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("“%s” is not a format: use csv or json."), text);
      return FALSE;
    }
  return TRUE;
}

static gboolean
run_export_birthdays (McCli   *cli,
                      int      argc,
                      char   **argv,
                      GError **error)
{
  g_autofree char *format_text = NULL;
  int month = 0;
  GOptionEntry entries[] = {
    { "month", 0, 0, G_OPTION_ARG_INT, &month, N_("The birthday month, 1 to 12"), N_("MONTH") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_text, N_("csv (default) or json"), N_("FORMAT") },
    { NULL }
  };
  McExportFormat format;
  guint64 n = 0, left_out = 0;

  if (!mc_cli_parse (cli, &argc, &argv, _("FILE"),
                     _("The birthday list of a month, for marketing: only the members who "
                       "consented to marketing."), entries, error) ||
      !mc_cli_begin (cli, argc, 1, "export birthdays --month MONTH FILE", error))
    return FALSE;
  if (month == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Give the month with --month MONTH (see --help)"));
      return FALSE;
    }
  if (!parse_format (format_text, &format, error) ||
      !mc_privacy_export_birthdays (cli->db, month, argv[1], format, &n, &left_out, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "file", argv[1]);
      json_object_set_int_member (obj, "month", month);
      json_object_set_int_member (obj, "rows", (gint64) n);
      json_object_set_int_member (obj, "left_out_without_consent", (gint64) left_out);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else
    {
      g_print (_("Wrote %" PRIu64 " members to %s.\n"), n, argv[1]);
      if (left_out > 0)
        g_print (_("Left out %" PRIu64 " members born that month who have not consented to marketing.\n"),
                 left_out);
    }
  return TRUE;
}

static gboolean
run_backup_auto (McCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  g_autofree char *dir = NULL;
  int keep = 7;
  double every = 24;
  GOptionEntry entries[] = {
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, N_("The backup folder (default: “backups” beside the workspace)"), N_("FOLDER") },
    { "keep", 0, 0, G_OPTION_ARG_INT, &keep, N_("How many automatic backups to keep (default 7)"), N_("N") },
    { "every", 0, 0, G_OPTION_ARG_DOUBLE, &every, N_("Hours between backups (default 24; 0: back up now)"), N_("HOURS") },
    { NULL }
  };
  McBackupAutoResult r = { 0 };
  g_autofree char *next = NULL;

  if (!mc_cli_parse (cli, &argc, &argv, "",
                     _("Back up the workspace if the newest automatic backup is older than the "
                       "interval, then keep only the newest ones."), entries, error) ||
      !mc_cli_begin (cli, argc, 0, "backup auto [--dir FOLDER] [--keep N] [--every HOURS]", error))
    return FALSE;
  if (keep < 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--keep is at least 1 (see --help)"));
      return FALSE;
    }
  if (every < 0 || every > 24 * 366)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--every is a number of hours from 0 to 8784 (see --help)"));
      return FALSE;
    }
  if (dir == NULL)
    dir = mc_backup_auto_default_dir (cli->db);
  if (!mc_backup_auto (cli->db, dir, (guint) keep, (gint64) (every * 3600), 0, &r, error))
    return FALSE;
  next = mc_cli_format_time (cli, r.next_due);
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_boolean_member (obj, "made", r.path != NULL);
      if (r.path != NULL)
        json_object_set_string_member (obj, "file", r.path);
      else
        json_object_set_null_member (obj, "file");
      json_object_set_string_member (obj, "dir", dir);
      json_object_set_int_member (obj, "removed", r.removed);
      json_object_set_int_member (obj, "kept", r.kept);
      json_object_set_string_member (obj, "next_due", next);
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else if (r.path != NULL)
    g_print (_("Backed up to %s; %u kept, %u older removed. Next one due %s.\n"),
             r.path, r.kept, r.removed, next);
  else
    g_print (_("No backup due: the newest is recent. Next one due %s.\n"), next);
  mc_backup_auto_result_clear (&r);
  return TRUE;
}

static gboolean
run_benefit_use (McCli   *cli,
                 int      argc,
                 char   **argv,
                 GError **error)
{
  g_autofree char *member_ref = NULL;
  g_autofree char *code = NULL;
  g_autofree char *at_text = NULL;
  GOptionEntry entries[] = {
    { "member", 0, 0, G_OPTION_ARG_STRING, &member_ref, N_("The member (phone, card or id)"), N_("MEMBER") },
    { "benefit", 0, 0, G_OPTION_ARG_STRING, &code, N_("The benefit's code"), N_("CODE") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at_text, N_("When (ISO 8601; default now)"), N_("TIME") },
    { NULL }
  };
  g_autoptr(McMember) m = NULL;
  McBenefitUse use = { 0 };
  gint64 at = 0;

  if (!mc_cli_parse (cli, &argc, &argv, "",
                     _("Record that a member used a benefit; refused over the benefit's limit per period."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 0, "benefit use --member MEMBER --benefit CODE [--at TIME]", error))
    return FALSE;
  if (code == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_FAILED,
                   _("Name the benefit with --benefit CODE (see --help)"));
      return FALSE;
    }
  if (at_text != NULL && !mc_cli_parse_time (cli, at_text, FALSE, &at, error))
    return FALSE;
  m = mc_cli_find_member (cli, member_ref, error);
  if (m == NULL || !mc_benefit_use_record (cli->db, m->id, code, at, &use, error))
    return FALSE;
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
      JsonObject *obj = json_object_new ();

      json_object_set_string_member (obj, "benefit", code);
      json_object_set_int_member (obj, "used", use.used);
      json_object_set_int_member (obj, "limit", use.limit);
      if (use.period != NULL)
        json_object_set_string_member (obj, "period", use.period);
      else
        json_object_set_null_member (obj, "period");
      json_node_take_object (node, obj);
      mc_cli_print_json (node);
    }
  else if (use.limit > 0)
    g_print (_("Recorded “%s” for %s: used %" PRId64 " of %" PRId64 ".\n"), use.benefit_name,
             m->name, use.used, use.limit);
  else
    g_print (_("Recorded “%s” for %s.\n"), use.benefit_name, m->name);
  mc_benefit_use_clear (&use);
  return TRUE;
}

/* The evidence's keys as a person reads them. */
static const struct { const char *key, *label; } evidence_labels[] = {
  { "order", N_("purchase") }, { "amount_fen", N_("amount (fen)") },
  { "bought_at", N_("bought") }, { "refund", N_("refund") }, { "refunded_at", N_("refunded") },
  { "minutes_later", N_("minutes later") }, { "member", N_("member") },
  { "joined_at", N_("joined") }, { "adjustment", N_("adjustment") },
  { "adjusted_at", N_("adjusted") }, { "points_given", N_("points given") },
  { "reason", N_("reason") }, { "actor", N_("by") }, { "redemption", N_("redemption") },
  { "redeemed_at", N_("redeemed") }, { "points_redeemed", N_("points redeemed") },
};

static const char *
evidence_label (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (evidence_labels); i++)
    if (g_str_equal (key, evidence_labels[i].key))
      return _(evidence_labels[i].label);
  return key;
}

static void
print_finding (JsonObject *finding)
{
  JsonArray *members = json_object_get_array_member (finding, "members");
  JsonArray *evidence = json_object_get_array_member (finding, "evidence");

  g_print ("%s\n", json_object_get_string_member (finding, "summary"));
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *m = json_array_get_object_element (members, i);
      const char *phone = json_object_get_string_member_with_default (m, "phone", NULL);

      g_print ("  %s  %s  %s\n", json_object_get_string_member_with_default (m, "card_no", "-"),
               json_object_get_string_member_with_default (m, "name", "-"), phone != NULL ? phone : "-");
    }
  for (guint i = 0; i < json_array_get_length (evidence); i++)
    {
      JsonObject *e = json_array_get_object_element (evidence, i);
      g_autoptr(GList) keys = json_object_get_members (e);
      g_autoptr(GString) line = g_string_new ("    ");

      for (GList *l = keys; l != NULL; l = l->next)
        {
          JsonNode *v = json_object_get_member (e, l->data);

          if (JSON_NODE_HOLDS_NULL (v))
            continue;
          if (line->len > 4)
            g_string_append (line, ", ");
          if (json_node_get_value_type (v) == G_TYPE_INT64)
            g_string_append_printf (line, "%s %" PRId64, evidence_label (l->data), json_node_get_int (v));
          else
            g_string_append_printf (line, "%s %s", evidence_label (l->data), json_node_get_string (v));
        }
      g_print ("%s\n", line->str);
    }
}

static gboolean
run_report_suspicious (McCli   *cli,
                       int      argc,
                       char   **argv,
                       GError **error)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  McAbuseParams p;
  int refund_orders, refund_hours, burst_members, burst_seconds, tail_digits, redeem_minutes;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, N_("The first day looked at (default: all)"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, N_("The last day looked at (default: all)"), N_("DATE") },
    { "refund-orders", 0, 0, G_OPTION_ARG_INT, &refund_orders, N_("Purchases refunded soon after that make a loop (default 3)"), N_("N") },
    { "refund-hours", 0, 0, G_OPTION_ARG_INT, &refund_hours, N_("How soon a refund counts, in hours (default 48)"), N_("HOURS") },
    { "burst-members", 0, 0, G_OPTION_ARG_INT, &burst_members, N_("New members on one phone prefix that make a burst (default 5)"), N_("N") },
    { "burst-seconds", 0, 0, G_OPTION_ARG_INT, &burst_seconds, N_("Within how many seconds (default 60)"), N_("SECONDS") },
    { "tail-digits", 0, 0, G_OPTION_ARG_INT, &tail_digits, N_("The last digits in which the phones may differ (default 2)"), N_("N") },
    { "redeem-minutes", 0, 0, G_OPTION_ARG_INT, &redeem_minutes, N_("A redemption this soon after a manual adjustment, in minutes (default 60)"), N_("MINUTES") },
    { NULL }
  };
  g_autoptr(JsonNode) report = NULL;
  JsonArray *findings;

  mc_abuse_params_init (&p);
  refund_orders = (int) p.refund_loop_orders;
  refund_hours = (int) (p.refund_loop_within / 3600);
  burst_members = (int) p.burst_members;
  burst_seconds = (int) p.burst_within;
  tail_digits = (int) p.burst_tail_digits;
  redeem_minutes = (int) (p.redeem_within / 60);
  if (!mc_cli_parse (cli, &argc, &argv, "",
                     _("Suspicious patterns: purchases refunded soon after, again and again; bursts "
                       "of new members on one phone prefix; points redeemed right after a manual "
                       "adjustment. Each finding names the members and the evidence."),
                     entries, error) ||
      !mc_cli_begin (cli, argc, 0, "report suspicious [--from DATE] [--to DATE]", error))
    return FALSE;
  if (refund_orders < 1 || refund_hours < 1 || burst_members < 2 || burst_seconds < 1 ||
      tail_digits < 1 || tail_digits > 6 || redeem_minutes < 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("A threshold is out of range: counts and times are at least 1, a burst at "
                     "least 2 members, tail digits 1 to 6 (see --help)"));
      return FALSE;
    }
  if ((from_text != NULL && !mc_cli_parse_time (cli, from_text, FALSE, &p.from, error)) ||
      (to_text != NULL && !mc_cli_parse_time (cli, to_text, TRUE, &p.to, error)))
    return FALSE;
  if (p.to != 0)
    p.to += 1;   /* the end of the last day, inclusive */
  p.refund_loop_orders = (guint) refund_orders;
  p.refund_loop_within = (gint64) refund_hours * 3600;
  p.burst_members = (guint) burst_members;
  p.burst_within = burst_seconds;
  p.burst_tail_digits = (guint) tail_digits;
  p.redeem_within = (gint64) redeem_minutes * 60;

  report = mc_abuse_report (cli->db, &p, error);
  if (report == NULL)
    return FALSE;
  if (cli->json)
    {
      mc_cli_print_json (report);
      return TRUE;
    }
  findings = json_object_get_array_member (json_node_get_object (report), "findings");
  if (json_array_get_length (findings) == 0)
    g_print ("%s\n", _("Nothing suspicious found."));
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      if (i > 0)
        g_print ("\n");
      print_finding (json_array_get_object_element (findings, i));
    }
  return TRUE;
}

const McCliCommand mc_cli_privacy_commands[] = {
  { "export birthdays", N_("Export a month's birthday list (consented members only)"), run_export_birthdays, FALSE },
  { "backup auto", N_("Back up if due, keeping the newest N backups"), run_backup_auto, FALSE },
  { "benefit use", N_("Record a benefit's use, within its limit per period"), run_benefit_use, FALSE },
  { "report suspicious", N_("Report suspicious patterns (refund loops, sign-up bursts, ...)"), run_report_suspicious, FALSE },
  { NULL }
};
