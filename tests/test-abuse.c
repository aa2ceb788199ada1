/* test-abuse.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against abuse: the daily points cap on every way points are earned, a benefit's limit
 * per member per period (the refusal audited), and the report of suspicious patterns on
 * hand-made workspaces, each pattern with a case that must be found and one that must not.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "mc-abuse-report.h"
#include "mc-benefit-use.h"
#include "mc-import.h"
#include "mc-test-rules.h"

#define HOUR ((gint64) 3600)

static void
set_daily_points_cap (Fixture *f,
                      int      cap)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();

  programme->daily_points_cap = cap;
  g_assert_true (mc_db_begin (f->db, &error));
  g_assert_true (mc_programme_install_live (f->db, programme, &error));
  g_assert_no_error (error);
  g_assert_true (mc_db_commit (f->db, &error));
}

/* ¥200 earns 200 points at the base tier; the cap is 300 a day. */
static void
test_daily_cap_orders (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *id = add_member (f, "赵六", "13700000001");
  gint64 day = local_time (f, 2026, 3, 10, 9, 0);
  McOrderResult r1 = { 0 }, r2 = { 0 }, r3 = { 0 }, r4 = { 0 };

  set_daily_points_cap (f, 300);
  add_order (f, id, 20000, day, &r1);
  add_order (f, id, 20000, day + 2 * HOUR, &r2);
  add_order (f, id, 20000, day + 14 * HOUR, &r3);      /* 23:00, the same day */
  add_order (f, id, 20000, day + 16 * HOUR, &r4);      /* 01:00 the next day */
  g_assert_cmpint (r1.points, ==, 200);
  g_assert_cmpint (r2.points, ==, 100);
  g_assert_cmpint (r3.points, ==, 0);
  g_assert_cmpint (r4.points, ==, 200);
  /* Growth is not capped by the points cap. */
  g_assert_cmpint (r3.growth, ==, 210);
  g_assert_cmpint (query_int (f, "SELECT points_balance FROM member WHERE id = '%s'", id), ==, 500);
  assert_balances (f, id);
  mc_order_result_clear (&r1);
  mc_order_result_clear (&r2);
  mc_order_result_clear (&r3);
  mc_order_result_clear (&r4);
}

/* Imported orders obey the same cap, counted with the day's earlier sales. */
static void
test_daily_cap_import (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member (f, "钱七", "13700000002");
  g_autofree char *csv = g_build_filename (f->dir, "orders.csv", NULL);
  McImportOptions options = { 0 };
  McOrderResult r1 = { 0 };

  set_daily_points_cap (f, 300);
  add_order (f, id, 25000, local_time (f, 2026, 4, 1, 9, 0), &r1);
  g_assert_cmpint (r1.points, ==, 250);
  mc_order_result_clear (&r1);
  g_assert_true (g_file_set_contents (csv,
                                      "phone,amount,at\n"
                                      "13700000002,100.00,2026-04-01 12:00\n"
                                      "13700000002,100.00,2026-04-01 13:00\n"
                                      "13700000002,100.00,2026-04-02 13:00\n", -1, NULL));
  g_assert_true (mc_import_orders (f->db, csv, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  /* 250 + 50 (capped) + 0 on April 1st; 100 on the 2nd. */
  g_assert_cmpint (query_int (f, "SELECT sum (delta) FROM points_ledger WHERE member_id = '%s' "
                                 "AND kind = 'earn'", id), ==, 400);
  g_assert_cmpint (query_int (f, "SELECT points_balance FROM member WHERE id = '%s'", id), ==, 400);
  assert_balances (f, id);
}

static void
add_benefit (Fixture    *f,
             const char *code,
             const char *name,
             int         limit,
             const char *period)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = mc_db_new_id ();
  g_autofree char *rev = mc_db_new_rev (NULL);
  sqlite3_stmt *stmt;

  g_assert_true (mc_db_begin (f->db, &error));
  stmt = mc_db_prepare (f->db,
    "INSERT INTO benefit (id, code, name, kind, limit_per_period, period, rev, seq) "
    "VALUES (?, ?, ?, 'service', ?, ?, ?, ?)", &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  if (limit > 0)
    sqlite3_bind_int (stmt, 4, limit);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, period, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, mc_db_next_seq (f->db));
  g_assert_true (mc_db_step_done (f->db, stmt, &error));
  g_assert_no_error (error);
  g_assert_true (mc_db_commit (f->db, &error));
}

static void
test_benefit_limit (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = add_member (f, "孙八", "13700000003");
  g_autofree char *b = add_member (f, "周九", "13700000004");
  gint64 may = local_time (f, 2026, 5, 30, 10, 0);
  McBenefitUse use = { 0 };
  Counts before;

  add_benefit (f, "coffee", "Free coffee", 2, "month");
  g_assert_true (mc_benefit_use_record (f->db, a, "coffee", may, &use, &error));
  g_assert_no_error (error);
  g_assert_cmpint (use.used, ==, 1);
  g_assert_cmpint (use.limit, ==, 2);
  g_assert_cmpstr (use.period, ==, "month");
  g_assert_cmpint (use.period_start, ==, local_time (f, 2026, 5, 1, 0, 0));
  g_assert_cmpint (use.period_end, ==, local_time (f, 2026, 6, 1, 0, 0));
  mc_benefit_use_clear (&use);
  g_assert_true (mc_benefit_use_record (f->db, a, "coffee", may + HOUR, NULL, &error));
  g_assert_no_error (error);

  /* The third in May is refused, says when it may be used again, writes no event, and
   * is audited. */
  before = counts_of (f);
  g_assert_false (mc_benefit_use_record (f->db, a, "coffee", may + 2 * HOUR, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT);
  g_assert_nonnull (strstr (error->message, "孙八 has used “Free coffee” 2 times this month"));
  g_assert_nonnull (strstr (error->message, "2026-06-01"));
  g_clear_error (&error);
  g_assert_cmpint (counts_of (f).events, ==, before.events);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'benefit.refused' "
                                 "AND entity_id = '%s' AND json_extract (after, '$.limit') = 2 "
                                 "AND json_extract (after, '$.benefit') = 'coffee'", a), ==, 1);

  /* Another member, and the same member in June, may. */
  g_assert_true (mc_benefit_use_record (f->db, b, "coffee", may + 2 * HOUR, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mc_benefit_use_record (f->db, a, "coffee", local_time (f, 2026, 6, 1, 0, 0),
                                        &use, &error));
  g_assert_no_error (error);
  g_assert_cmpint (use.used, ==, 1);
  mc_benefit_use_clear (&use);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM member_event WHERE kind = 'benefit_used' "
                                 "AND ref = (SELECT id FROM benefit WHERE code = 'coffee')"), ==, 4);
  g_assert_cmpint (audit_count (f, "benefit.use"), ==, 4);
}

static void
test_benefit_periods (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = add_member (f, "吴十", "13700000005");
  /* Sunday 2026-05-31 and Monday 2026-06-01: two weeks. */
  gint64 sunday = local_time (f, 2026, 5, 31, 23, 0);
  gint64 monday = local_time (f, 2026, 6, 1, 0, 30);
  gint64 start, end;

  g_assert_true (mc_benefit_period_bounds ("week", sunday, mc_db_get_time_zone (f->db), &start, &end));
  g_assert_cmpint (start, ==, local_time (f, 2026, 5, 25, 0, 0));
  g_assert_cmpint (end, ==, local_time (f, 2026, 6, 1, 0, 0));
  g_assert_true (mc_benefit_period_bounds ("quarter", monday, mc_db_get_time_zone (f->db), &start, &end));
  g_assert_cmpint (start, ==, local_time (f, 2026, 4, 1, 0, 0));
  g_assert_cmpint (end, ==, local_time (f, 2026, 7, 1, 0, 0));
  g_assert_false (mc_benefit_period_bounds ("fortnight", monday, mc_db_get_time_zone (f->db), &start, &end));

  add_benefit (f, "lane", "Fast lane", 1, "week");
  add_benefit (f, "gift", "Welcome gift", 1, NULL);
  add_benefit (f, "wifi", "Wi-Fi", 0, NULL);
  g_assert_true (mc_benefit_use_record (f->db, a, "lane", sunday, NULL, &error));
  g_assert_true (mc_benefit_use_record (f->db, a, "lane", monday, NULL, &error));
  g_assert_false (mc_benefit_use_record (f->db, a, "lane", monday + HOUR, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT);
  g_clear_error (&error);
  /* No period: once for the whole membership. */
  g_assert_true (mc_benefit_use_record (f->db, a, "gift", sunday, NULL, &error));
  g_assert_false (mc_benefit_use_record (f->db, a, "gift", sunday + 400 * DAY, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT);
  g_clear_error (&error);
  /* No limit. */
  for (int i = 0; i < 5; i++)
    g_assert_true (mc_benefit_use_record (f->db, a, "wifi", sunday + i, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (mc_benefit_use_record (f->db, a, "nope", sunday, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An analyst may not record a use; the refusal is audited. */
  mc_db_set_role (f->db, MC_ROLE_ANALYST);
  g_assert_false (mc_benefit_use_record (f->db, a, "wifi", sunday, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'refused' "
                                 "AND json_extract (after, '$.refused') = 'benefit.use'"), ==, 1);
}

/* ------------------------------------------------------------------------------------ */
/* The report                                                                           */

static JsonArray *
findings_of (JsonNode *report)
{
  return json_object_get_array_member (json_node_get_object (report), "findings");
}

static guint
count_pattern (JsonNode   *report,
               const char *pattern)
{
  JsonArray *findings = findings_of (report);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (findings); i++)
    n += g_str_equal (json_object_get_string_member (json_array_get_object_element (findings, i),
                                                     "pattern"), pattern);
  return n;
}

static JsonObject *
finding (JsonNode   *report,
         const char *pattern,
         guint       nth)
{
  JsonArray *findings = findings_of (report);

  for (guint i = 0; i < json_array_get_length (findings); i++)
    {
      JsonObject *o = json_array_get_object_element (findings, i);

      if (g_str_equal (json_object_get_string_member (o, "pattern"), pattern) && nth-- == 0)
        return o;
    }
  g_assert_not_reached ();
}

static const char *
member_id_of (JsonObject *finding_obj,
              guint       i)
{
  JsonArray *members = json_object_get_array_member (finding_obj, "members");

  return json_object_get_string_member (json_array_get_object_element (members, i), "id");
}

static JsonNode *
report (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  McAbuseParams params;
  JsonNode *node;

  mc_abuse_params_init (&params);
  node = mc_abuse_report (f->db, &params, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Three purchases each refunded within two days: found. Three refunded, one of them a
 * week later: not found. Two quick refunds: not found. */
static void
test_report_refund_loop (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *looper = add_member (f, "郑一", "13600000001");
  g_autofree char *slow = add_member (f, "王二", "13600000002");
  g_autofree char *twice = add_member (f, "冯三", "13600000003");
  gint64 t = local_time (f, 2026, 2, 2, 10, 0);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  for (int i = 0; i < 3; i++)
    {
      McOrderResult r = { 0 }, back = { 0 };
      g_autoptr(GError) error = NULL;

      add_order (f, looper, 50000, t + i * DAY, &r);
      g_assert_true (mc_order_refund (f->db, r.order_id, 0, t + i * DAY + 5 * HOUR, &back, &error));
      g_assert_no_error (error);
      mc_order_result_clear (&r);
      mc_order_result_clear (&back);

      add_order (f, slow, 50000, t + i * DAY, &r);
      g_assert_true (mc_order_refund (f->db, r.order_id, 0, t + i * DAY + (i == 2 ? 7 * DAY : HOUR),
                                      &back, &error));
      mc_order_result_clear (&r);
      mc_order_result_clear (&back);

      if (i < 2)
        {
          add_order (f, twice, 50000, t + i * DAY, &r);
          g_assert_true (mc_order_refund (f->db, r.order_id, 0, t + i * DAY + HOUR, &back, &error));
          mc_order_result_clear (&r);
          mc_order_result_clear (&back);
        }
    }
  node = report (f);
  g_assert_cmpuint (count_pattern (node, "refund_loop"), ==, 1);
  o = finding (node, "refund_loop", 0);
  g_assert_cmpstr (member_id_of (o, 0), ==, looper);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "evidence")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (o, "evidence"), 0), "minutes_later"), ==, 300);
  g_assert_cmpstr (json_object_get_string_member (o, "summary"), ==,
                   "3 purchases refunded within 48 hours of buying");
  g_assert_cmpuint (count_pattern (node, "phone_burst"), ==, 0);
  g_assert_cmpuint (count_pattern (node, "redeem_after_adjust"), ==, 0);
}

static char *
add_member_at (Fixture    *f,
               const char *name,
               const char *phone,
               gint64      joined_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = mc_member_new ();

  m->name = g_strdup (name);
  m->phone = g_strdup (phone);
  m->joined_at = joined_at;
  g_assert_true (mc_member_insert (f->db, m, &error));
  g_assert_no_error (error);
  return g_strdup (m->id);
}

/* Five members on 1380013800xx within 50 seconds: found, named, their phones masked for an
 * analyst. Five on one prefix spread over ten minutes, and five within a minute on
 * different prefixes: not found. */
static void
test_report_phone_burst (Fixture       *f,
                         gconstpointer  data)
{
  gint64 t = local_time (f, 2026, 7, 7, 3, 0);
  g_autoptr(GPtrArray) burst = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) masked = NULL;
  g_autofree char *text = NULL;
  JsonObject *o;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("刷%d", i);
      g_autofree char *phone = g_strdup_printf ("138001380%02d", 10 + i);
      g_autofree char *slow_name = g_strdup_printf ("慢%d", i);
      g_autofree char *slow_phone = g_strdup_printf ("139001390%02d", 10 + i);
      g_autofree char *apart_name = g_strdup_printf ("散%d", i);
      g_autofree char *apart_phone = g_strdup_printf ("13%d00000000", 5 + i % 5);

      g_ptr_array_add (burst, add_member_at (f, name, phone, t + i * 12));
      g_free (add_member_at (f, slow_name, slow_phone, t + i * 150));
      g_free (add_member_at (f, apart_name, apart_phone, t + i * 5));
    }
  node = report (f);
  g_assert_cmpuint (count_pattern (node, "phone_burst"), ==, 1);
  o = finding (node, "phone_burst", 0);
  g_assert_cmpstr (json_object_get_string_member (o, "phone_prefix"), ==, "+86138001380");
  g_assert_cmpstr (json_object_get_string_member (o, "summary"), ==,
                   "5 members joined within 48 seconds on phone numbers starting +86138001380");
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (member_id_of (o, i), ==, g_ptr_array_index (burst, i));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "evidence")), ==, 5);

  /* Four are not five. */
  {
    g_autoptr(GError) error = NULL;
    McAbuseParams params;
    g_autoptr(JsonNode) six = NULL;

    mc_abuse_params_init (&params);
    params.burst_members = 6;
    six = mc_abuse_report (f->db, &params, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (count_pattern (six, "phone_burst"), ==, 0);
  }

  mc_db_set_role (f->db, MC_ROLE_ANALYST);
  masked = report (f);
  text = json_to_string (masked, FALSE);
  g_assert_null (strstr (text, "13800138010"));
  g_assert_null (strstr (text, "138001380"));
  g_assert_nonnull (strstr (text, "138****8010"));
  g_assert_cmpuint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'report.suspicious' "
                                  "AND json_extract (after, '$.masked') = 1"), ==, 1);
}

static void
append_points (Fixture    *f,
               const char *member_id,
               const char *kind,
               gint64      delta,
               gint64      at)
{
  g_autoptr(GError) error = NULL;
  McLedgerEntry e = { 0 };

  e.ledger = MC_LEDGER_POINTS;
  e.member_id = member_id;
  e.kind = kind;
  e.delta = delta;
  e.reason = g_str_equal (kind, "adjust") ? "goodwill" : "gift";
  e.at = at;
  g_assert_true (mc_db_begin (f->db, &error));
  g_assert_true (mc_ledger_append (f->db, &e, &error));
  g_assert_no_error (error);
  g_assert_true (mc_db_commit (f->db, &error));
}

/* Adjusted +5000 and redeemed 20 minutes later: found. Redeemed two hours later, or
 * redeemed before the adjustment: not found. */
static void
test_report_redeem_after_adjust (Fixture       *f,
                                 gconstpointer  data)
{
  g_autofree char *quick = add_member (f, "陈快", "13500000001");
  g_autofree char *later = add_member (f, "林慢", "13500000002");
  g_autofree char *before = add_member (f, "黄先", "13500000003");
  gint64 t = local_time (f, 2026, 8, 8, 14, 0);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o, *ev;

  append_points (f, quick, "adjust", 5000, t);
  append_points (f, quick, "redeem", -4000, t + 20 * 60);
  append_points (f, later, "adjust", 5000, t);
  append_points (f, later, "redeem", -4000, t + 2 * HOUR);
  append_points (f, before, "adjust", 100, t - DAY);
  append_points (f, before, "redeem", -50, t - 10 * 60);
  append_points (f, before, "adjust", 5000, t);

  node = report (f);
  g_assert_cmpuint (count_pattern (node, "redeem_after_adjust"), ==, 1);
  o = finding (node, "redeem_after_adjust", 0);
  g_assert_cmpstr (member_id_of (o, 0), ==, quick);
  ev = json_array_get_object_element (json_object_get_array_member (o, "evidence"), 0);
  g_assert_cmpint (json_object_get_int_member (ev, "points_given"), ==, 5000);
  g_assert_cmpint (json_object_get_int_member (ev, "points_redeemed"), ==, 4000);
  g_assert_cmpint (json_object_get_int_member (ev, "minutes_later"), ==, 20);
  g_assert_cmpstr (json_object_get_string_member (ev, "reason"), ==, "goodwill");

  /* Outside the period asked for: nothing. */
  {
    g_autoptr(GError) error = NULL;
    McAbuseParams params;
    g_autoptr(JsonNode) other = NULL;

    mc_abuse_params_init (&params);
    params.from = t + DAY;
    other = mc_abuse_report (f->db, &params, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (findings_of (other)), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/abuse/daily-cap/orders", test_daily_cap_orders);
  ADD ("/abuse/daily-cap/import", test_daily_cap_import);
  ADD ("/abuse/benefit/limit", test_benefit_limit);
  ADD ("/abuse/benefit/periods", test_benefit_periods);
  ADD ("/abuse/report/refund-loop", test_report_refund_loop);
  ADD ("/abuse/report/phone-burst", test_report_phone_burst);
  ADD ("/abuse/report/redeem-after-adjust", test_report_redeem_after_adjust);
#undef ADD
  return g_test_run ();
}
