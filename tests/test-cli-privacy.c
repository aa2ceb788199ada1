/* test-cli-privacy.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through member-console-cli: every command that puts member data out, run as an analyst
 * on a workspace full of contact data, shows no full phone number and no email (the
 * commands are enumerated from the CLI's own list, so a new command must be classified
 * here before the test passes); and the commands of marketing, backups and abuse checks:
 * export birthdays, backup auto, benefit use, report suspicious.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "mc-test-cli.h"

/* The members of the sweep's workspace: every phone and email here must stay hidden
 * from an analyst. The burst (five phones on 137 0000 001x, within seconds) and the
 * refund loop and the redemption after an adjustment give the suspicious report
 * something to show. */
static const struct { const char *name, *phone, *email, *birthday; } people[] = {
  { "张三", "13812345678", "zhangsan@example.com", "1990-05-17" },
  { "李四", "13912345670", "lisi@example.com", "1988-05-02" },
  { "刷一", "13700000011", "s1@example.com", NULL },
  { "刷二", "13700000012", "s2@example.com", NULL },
  { "刷三", "13700000013", "s3@example.com", NULL },
  { "刷四", "13700000014", "s4@example.com", NULL },
  { "刷五", "13700000015", "s5@example.com", NULL },
};

/* A command line as an analyst runs it. "@OUT" becomes a new file in the workspace
 * (whose content is checked with the output), "@CARD" the first member's card number. */
typedef struct
{
  const char *command;                 /* as the global --help lists it */
  int         status;                  /* 1: refused for an analyst (the message is checked) */
  const char *args[10];
} Sweep;

static const Sweep sweeps[] = {
  { "member show", 0, { "member", "show", "@CARD" } },
  { "member show", 0, { "member", "show", "@CARD", "--json" } },
  { "member search", 0, { "member", "search", "张" } },
  { "member search", 0, { "member", "search", "1381234", "--json" } },
  { "member search", 0, { "member", "search", "5678" } },
  { "export members", 0, { "export", "members", "@OUT" } },
  { "export members", 0, { "export", "members", "@OUT", "--format", "json" } },
  { "export orders", 0, { "export", "orders", "@OUT" } },
  { "export orders", 0, { "export", "orders", "@OUT", "--format", "json" } },
  { "export birthdays", 0, { "export", "birthdays", "--month", "5", "@OUT" } },
  { "export birthdays", 0, { "export", "birthdays", "--month", "5", "@OUT", "--format", "json" } },
  { "member export-data", 1, { "member", "export-data", "@CARD", "@OUT" } },
  { "audit", 0, { "audit", "--limit", "1000" } },
  { "audit", 0, { "audit", "--limit", "1000", "--json" } },
  { "summary", 0, { "summary" } },
  { "summary", 0, { "summary", "--json" } },
  { "analytics clv", 0, { "analytics", "clv", "--top", "20" } },
  { "analytics clv", 0, { "analytics", "clv", "--top", "20", "--json" } },
  { "report suspicious", 0, { "report", "suspicious" } },
  { "report suspicious", 0, { "report", "suspicious", "--json" } },
  { "backup auto", 1, { "backup", "auto" } },
  { "programme show", 0, { "programme", "show", "--json" } },
  { "programme simulate", 0, { "programme", "simulate", "--downgraded", "@OUT", "--json" } },
  { "report all", 0, { "report", "all", "--json" } },
  { "report kpis", 0, { "report", "kpis", "--json" } },
  { "report retention", 0, { "report", "retention", "--json" } },
  { "report cohorts", 0, { "report", "cohorts", "--json" } },
  { "report rfm", 0, { "report", "rfm", "--json" } },
  { "report churn", 0, { "report", "churn", "--export", "@OUT" } },
  { "report churn", 0, { "report", "churn", "--json" } },
  { "report clv", 0, { "report", "clv", "--members", "--json" } },
  { "sync conflicts", 0, { "sync", "conflicts", "--json" } },
};

/* Commands that put no member data out, and why. A command in neither list fails the
 * sweep: classify it (and if it shows members, add it to sweeps[]). */
static const struct { const char *command, *why; } no_member_data[] = {
  { "init", "creates a workspace" },
  { "demo", "fills an empty workspace; prints counts" },
  { "import members", "reads a file; refused for an analyst" },
  { "import orders", "reads a file; refused for an analyst" },
  { "backup", "refused for an analyst; writes the whole file for roles that may" },
  { "restore", "refused for an analyst" },
  { "member add", "a write: refused for an analyst" },
  { "member edit", "a write: refused for an analyst" },
  { "member delete", "a write: refused for an analyst" },
  { "member restore", "a write: refused for an analyst" },
  { "member tag", "a write: refused for an analyst" },
  { "member erase", "a write: refused for an analyst" },
  { "store add", "a write: refused for an analyst" },
  { "order add", "a write: refused for an analyst" },
  { "order refund", "a write: refused for an analyst" },
  { "points redeem", "a write: refused for an analyst" },
  { "points adjust", "a write: refused for an analyst" },
  { "points expire", "a write: refused for an analyst" },
  { "growth adjust", "a write: refused for an analyst" },
  { "event add", "a write: refused for an analyst" },
  { "tiers evaluate", "a write: refused for an analyst" },
  { "tier set", "a write: refused for an analyst" },
  { "benefit use", "a write: refused for an analyst" },
  { "programme export", "the programme's rules, no member in it" },
  { "programme import", "a write: refused for an analyst" },
  { "programme drafts", "the programme's versions, no member in them" },
  { "programme diff", "the programme's rules, no member in them" },
  { "programme publish", "a write: refused for an analyst" },
  { "programme discard", "a write: refused for an analyst" },
  { "programme unschedule", "a write: refused for an analyst" },
  { "sync", "sends the workspace to a server; prints counts" },
  { "sync resolve", "a write: refused for an analyst" },
};

static GPtrArray *
listed_commands (Workspace *ws)
{
  g_autoptr(Run) r = cli (ws, "--help", NULL);
  g_auto(GStrv) lines = NULL;
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  gboolean in_commands = FALSE;

  expect_ok (r);
  lines = g_strsplit (r->out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *gap;

      if (g_str_equal (lines[i], "Commands:"))
        {
          in_commands = TRUE;
          continue;
        }
      if (!in_commands)
        continue;
      if (!g_str_has_prefix (lines[i], "  "))
        break;
      gap = strstr (lines[i] + 2, "  ");
      g_assert_nonnull (gap);
      g_ptr_array_add (names, g_strndup (lines[i] + 2, (gsize) (gap - (lines[i] + 2))));
    }
  g_assert_cmpuint (names->len, >, 20);
  return names;
}

static void
run_ok (Workspace *ws,
        const char *first,
        ...) G_GNUC_NULL_TERMINATED;

/* Runs an owner's command that must succeed (up to 12 arguments). */
static void
run_ok (Workspace  *ws,
        const char *first,
        ...)
{
  const char *a[12] = { first };
  g_autoptr(Run) r = NULL;
  va_list ap;
  guint n = 1;

  va_start (ap, first);
  while (n < G_N_ELEMENTS (a) && (a[n] = va_arg (ap, const char *)) != NULL)
    n++;
  va_end (ap);
  r = cli (ws, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11], NULL);
  expect_ok (r);
}

static char *
member_card (Workspace  *ws,
             const char *phone)
{
  g_autoptr(JsonNode) node = show_member (ws, phone);

  return g_strdup (get_string (object_of (node), "card_no"));
}

/* The workspace of the sweep, as its owner makes it; with_demo: on top of 300 generated
 * members with two years of sales (so that the analytics have something to fit). */
static char *
make_workspace (Workspace *ws,
                gboolean   with_demo)
{
  g_autoptr(Run) order = NULL;
  g_autofree char *card = NULL;

  if (with_demo)
    run_ok (ws, "demo", "--members", "300", NULL);
  else
    init_workspace (ws);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(Run) r = cli (ws, "member", "add", "--name", people[i].name, "--phone", people[i].phone,
                              "--email", people[i].email, "--consent", "yes",
                              people[i].birthday != NULL ? "--birthday" : NULL, people[i].birthday, NULL);

      expect_ok (r);
    }
  /* Notes and a ledger reason naming another member's phone and email. */
  run_ok (ws, "member", "edit", "13812345678", "--notes", "也可打 13912345670 或写信 lisi@example.com",
          "--region", "上海", NULL);
  run_ok (ws, "store", "add", "南京西路店", NULL);
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(Run) refund = NULL;

      g_clear_pointer (&order, run_free);
      order = cli (ws, "order", "add", "--member", "13812345678", "--amount", "199", "--store",
                   "南京西路店", "--json", NULL);
      node = parse_json (order);
      refund = cli (ws, "order", "refund", get_string (object_of (node), "order_id"), NULL);
      expect_ok (refund);
    }
  run_ok (ws, "order", "add", "--member", "13912345670", "--amount", "88", NULL);
  run_ok (ws, "points", "adjust", "--member", "13912345670", "--points", "500", "--reason",
          "补偿，回电 13912345670", NULL);
  run_ok (ws, "points", "redeem", "--member", "13912345670", "--points", "100", "--reason", "兑换", NULL);
  card = member_card (ws, "13812345678");
  return g_steal_pointer (&card);
}

/* What an analyst must never see: any of the workspace's phones (in every stored form)
 * or emails. */
static void
expect_no_contact (const char *what,
                   const char *text)
{
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autofree char *e164 = g_strconcat ("+86", people[i].phone, NULL);

      if (strstr (text, people[i].phone) != NULL || strstr (text, e164) != NULL ||
          strstr (text, people[i].email) != NULL)
        note ("%s shows %s's contact data to an analyst: %s", what, people[i].name, text);
      g_assert_null (strstr (text, people[i].phone));
      g_assert_null (strstr (text, e164));
      g_assert_null (strstr (text, people[i].email));
    }
  if (has_full_phone_number (text))
    note ("%s shows a phone number to an analyst: %s", what, text);
  g_assert_false (has_full_phone_number (text));
}

static void
test_analyst_sweep (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(GPtrArray) listed = listed_commands (ws);
  g_autofree char *card = make_workspace (ws, TRUE);
  g_autoptr(GString) unclassified = g_string_new (NULL);
  guint n_masked_phones = 0;

  /* Every listed command is swept or known to show no member data. */
  for (guint i = 0; i < listed->len; i++)
    {
      const char *name = g_ptr_array_index (listed, i);
      gboolean known = FALSE;

      for (guint s = 0; s < G_N_ELEMENTS (sweeps); s++)
        known |= g_str_equal (sweeps[s].command, name);
      for (guint s = 0; s < G_N_ELEMENTS (no_member_data); s++)
        known |= g_str_equal (no_member_data[s].command, name);
      if (!known)
        g_string_append_printf (unclassified, " “%s”", name);
    }
  if (unclassified->len > 0)
    note ("Commands not classified in tests/test-cli-privacy.c (sweeps[] or no_member_data[]):%s",
          unclassified->str);
  g_assert_cmpuint (unclassified->len, ==, 0);

  /* The detector finds what an owner sees: the sweep can fail. */
  {
    g_autoptr(Run) owner = cli (ws, "member", "show", card, NULL);
    g_autoptr(Run) owner_report = cli (ws, "report", "suspicious", NULL);

    expect_ok (owner);
    g_assert_nonnull (strstr (owner->out, "13812345678"));
    g_assert_true (has_full_phone_number (owner->out));
    expect_ok (owner_report);
    g_assert_true (has_full_phone_number (owner_report->out));
  }

  for (guint s = 0; s < G_N_ELEMENTS (sweeps); s++)
    {
      const char *a[G_N_ELEMENTS (sweeps[s].args)] = { NULL };
      g_autofree char *out_name = g_strdup_printf ("sweep-%u.out", s);
      g_autofree char *out_path = workspace_file (ws, out_name);
      g_autofree char *file_text = NULL;
      g_autofree char *what = NULL;
      g_autoptr(Run) r = NULL;

      for (guint k = 0; k < G_N_ELEMENTS (a) && sweeps[s].args[k] != NULL; k++)
        {
          const char *arg = sweeps[s].args[k];

          a[k] = g_str_equal (arg, "@OUT") ? out_path : g_str_equal (arg, "@CARD") ? card : arg;
        }
      r = cli (ws, "--role", "analyst", a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], NULL);
      what = g_strdup (r->command);
      if (r->status != sweeps[s].status)
        note ("“%s”: exit %d, wanted %d: %s", what, r->status, sweeps[s].status, r->err);
      g_assert_cmpint (r->status, ==, sweeps[s].status);
      expect_no_contact (what, r->out);
      expect_no_contact (what, r->err);
      if (g_file_get_contents (out_path, &file_text, NULL, NULL))
        {
          expect_no_contact (what, file_text);
          n_masked_phones += strstr (file_text, "138****5678") != NULL;
        }
      n_masked_phones += strstr (r->out, "138****5678") != NULL;
    }
  /* The masked form is there instead. */
  g_assert_cmpuint (n_masked_phones, >=, 8);
}

/* ------------------------------------------------------------------------------------ */
/* The commands                                                                         */

static void
test_export_birthdays (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *csv = workspace_file (ws, "may.csv");
  g_autofree char *text = NULL;
  g_autoptr(Run) r = NULL;
  g_autoptr(Run) usage = NULL;
  g_autoptr(Run) json = NULL;
  g_autoptr(JsonNode) node = NULL;

  init_workspace (ws);
  run_ok (ws, "member", "add", "--name", "王五", "--phone", "13900001111", "--birthday", "1990-05-17",
          "--consent", "yes", NULL);
  run_ok (ws, "member", "add", "--name", "赵六", "--phone", "13900002222", "--birthday", "05-20", NULL);
  run_ok (ws, "member", "add", "--name", "钱七", "--phone", "13900003333", "--birthday", "1990-06-01",
          "--consent", "yes", NULL);
  r = cli (ws, "export", "birthdays", "--month", "5", csv, NULL);
  expect_ok (r);
  g_assert_nonnull (strstr (r->out, "Wrote 1 members"));
  g_assert_nonnull (strstr (r->out, "Left out 1 members"));
  text = read_text_file (csv);
  g_assert_nonnull (strstr (text, ",王五,13900001111,05-17,"));
  g_assert_null (strstr (text, "赵六"));
  g_assert_null (strstr (text, "钱七"));

  json = cli (ws, "export", "birthdays", "--month", "6", csv, "--json", NULL);
  node = parse_json (json);
  g_assert_cmpint (get_int (object_of (node), "rows"), ==, 1);
  g_assert_cmpint (get_int (object_of (node), "left_out_without_consent"), ==, 0);

  usage = cli (ws, "export", "birthdays", csv, NULL);
  expect_failure (usage, 2, "--month", NULL);
  {
    g_autoptr(Run) bad = cli (ws, "export", "birthdays", "--month", "13", csv, NULL);

    expect_failure (bad, 1, "1 to 12", NULL);
  }
}

static guint
count_auto_backups (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    n += g_str_has_prefix (name, "workspace-auto-");
  return n;
}

static void
test_backup_auto (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *dir = workspace_file (ws, "backups");
  g_autofree char *mine = NULL;
  g_autoptr(Run) first = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) bad = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) node2 = NULL;

  g_free (init_with_zhang_san (ws));
  first = cli (ws, "backup", "auto", "--json", NULL);
  node = parse_json (first);
  g_assert_true (json_object_get_boolean_member (object_of (node), "made"));
  g_assert_true (g_str_has_prefix (get_string (object_of (node), "file"), dir));
  /* Within the day: not due. */
  again = cli (ws, "backup", "auto", "--json", NULL);
  node2 = parse_json (again);
  g_assert_false (json_object_get_boolean_member (object_of (node2), "made"));
  g_assert_cmpuint (count_auto_backups (dir), ==, 1);

  /* --every 0: each run makes one; --keep 2 keeps two; a file of the user's stays. */
  mine = write_workspace_file (ws, "backups/workspace-mine.mcdb", "mine");
  for (int i = 0; i < 3; i++)
    run_ok (ws, "backup", "auto", "--every", "0", "--keep", "2", NULL);
  g_assert_cmpuint (count_auto_backups (dir), ==, 2);
  g_assert_true (g_file_test (mine, G_FILE_TEST_IS_REGULAR));

  bad = cli (ws, "backup", "auto", "--keep", "0", NULL);
  expect_failure (bad, 2, "--keep", NULL);
  {
    g_autoptr(Run) analyst = cli (ws, "--role", "analyst", "backup", "auto", "--every", "0", NULL);

    expect_failure (analyst, 1, "may not", NULL);
    g_assert_cmpuint (count_auto_backups (dir), ==, 2);
  }
}

static void
add_benefit (Workspace  *ws,
             const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (ws->db, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    note ("%s", message);
  g_assert_null (message);
  sqlite3_close (db);
}

static void
test_benefit_use (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Run) first = NULL;
  g_autoptr(Run) second = NULL;
  g_autoptr(Run) over = NULL;
  g_autoptr(Run) audit = NULL;
  g_autoptr(Run) unknown = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_free (init_with_zhang_san (ws));
  add_benefit (ws, "INSERT INTO benefit (id, code, name, kind, limit_per_period, period, rev, seq) "
                   "VALUES ('b1', 'lounge', 'Lounge visit', 'service', 2, 'month', '1-a', 1000)");
  first = cli (ws, "benefit", "use", "--member", "13812345678", "--benefit", "lounge",
               "--at", "2026-03-05 10:00", NULL);
  expect_ok (first);
  g_assert_nonnull (strstr (first->out, "Recorded “Lounge visit” for 张三: used 1 of 2."));
  second = cli (ws, "benefit", "use", "--member", "13812345678", "--benefit", "lounge",
                "--at", "2026-03-20 10:00", "--json", NULL);
  node = parse_json (second);
  g_assert_cmpint (get_int (object_of (node), "used"), ==, 2);
  g_assert_cmpint (get_int (object_of (node), "limit"), ==, 2);
  over = cli (ws, "benefit", "use", "--member", "13812345678", "--benefit", "lounge",
              "--at", "2026-03-31 23:00", NULL);
  expect_failure (over, 1, "2 times this month", "2026-04-01", NULL);
  {
    g_autoptr(Run) zh = cli_zh (ws, "benefit", "use", "--member", "13812345678", "--benefit", "lounge",
                                "--at", "2026-03-31 23:00", NULL);

    expect_failure (zh, 1, "张三 本月已使用“Lounge visit” 2 次，已达上限：2026-04-01 起可再次使用。", NULL);
  }
  audit = cli (ws, "audit", NULL);
  expect_ok (audit);
  g_assert_nonnull (strstr (audit->out, "benefit.refused"));
  unknown = cli (ws, "benefit", "use", "--member", "13812345678", "--benefit", "spa", NULL);
  expect_failure (unknown, 1, "spa", NULL);
  {
    g_autoptr(Run) usage = cli (ws, "benefit", "use", "--member", "13812345678", NULL);

    expect_failure (usage, 2, "--benefit", NULL);
  }
}

static void
test_report_suspicious (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *card = make_workspace (ws, FALSE);
  g_autoptr(Run) text = cli (ws, "report", "suspicious", NULL);
  g_autoptr(Run) json = cli (ws, "report", "suspicious", "--json", NULL);
  g_autoptr(Run) none = cli (ws, "report", "suspicious", "--to", "2020-01-01", NULL);
  g_autoptr(Run) bad = cli (ws, "report", "suspicious", "--burst-members", "1", NULL);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *findings;
  guint loops = 0, bursts = 0, redeems = 0;

  expect_ok (text);
  g_assert_nonnull (strstr (text->out, "3 purchases refunded within 48 hours of buying"));
  g_assert_nonnull (strstr (text->out, card));
  g_assert_nonnull (strstr (text->out, "5 members joined within"));
  g_assert_nonnull (strstr (text->out, "Points redeemed within 60 minutes of a manual adjustment"));
  node = parse_json (json);
  findings = json_object_get_array_member (object_of (node), "findings");
  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *f = json_array_get_object_element (findings, i);
      const char *pattern = json_object_get_string_member (f, "pattern");

      loops += g_str_equal (pattern, "refund_loop");
      bursts += g_str_equal (pattern, "phone_burst");
      redeems += g_str_equal (pattern, "redeem_after_adjust");
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (f, "members")), >, 0);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (f, "evidence")), >, 0);
    }
  g_assert_cmpuint (loops, ==, 1);
  g_assert_cmpuint (bursts, ==, 1);
  g_assert_cmpuint (redeems, ==, 1);
  expect_ok (none);
  g_assert_nonnull (strstr (none->out, "Nothing suspicious found."));
  expect_failure (bad, 2, "threshold", NULL);
}

static const CliCase cases[] = {
  { "/cli/privacy/analyst-sweep", test_analyst_sweep },
  { "/cli/privacy/export-birthdays", test_export_birthdays },
  { "/cli/privacy/backup-auto", test_backup_auto },
  { "/cli/privacy/benefit-use", test_benefit_use },
  { "/cli/privacy/report-suspicious", test_report_suspicious },
};

int
main (int   argc,
      char *argv[])
{
  return mc_test_cli_run (&argc, &argv, cases, G_N_ELEMENTS (cases));
}
