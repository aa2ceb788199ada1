/* test-rules.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules engine on small workspaces with the default programme (base 0 ×1.0, silver 2000
 * ×1.2, gold 8000 ×1.5; 1 point per yuan; growth 1 per yuan + 10 per order; points expire
 * after 24 months): what orders, actions, refunds, redemptions, adjustments and expiry do
 * to the ledgers, the balances and the audit log, with every number computed by hand.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "mc-audit.h"
#include "mc-db.h"
#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-order.h"
#include "mc-programme.h"
#include "mc-role.h"
#include "mc-tier.h"

#define DAY ((gint64) 86400)

typedef struct
{
  char *dir;
  McDb *db;
} Fixture;

/* Row counts of the tables an operation writes: a failed operation leaves them all alone. */
typedef struct
{
  gint64 orders;
  gint64 points;
  gint64 growth;
  gint64 events;
  gint64 audit;
} Counts;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("mc-test-rules-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "workspace.db", NULL);
  f->db = mc_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->db);

  g_assert_true (mc_db_begin (f->db, &error));
  g_assert_true (mc_programme_install_live (f->db, programme, &error));
  g_assert_no_error (error);
  g_assert_true (mc_db_commit (f->db, &error));
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->db);
  dir = g_dir_open (f->dir, 0, NULL);
  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (f->dir, name, NULL);

        g_remove (file);
      }
  g_rmdir (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static gint64 query_int (Fixture    *f,
                         const char *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* The first column of the one row a query returns. */
static gint64
query_int (Fixture    *f,
           const char *format,
           ...)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;
  va_list args;

  va_start (args, format);
  sql = g_strdup_vprintf (format, args);
  va_end (args);

  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (f->db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static Counts
counts_of (Fixture *f)
{
  Counts c;

  c.orders = query_int (f, "SELECT count(*) FROM orders");
  c.points = query_int (f, "SELECT count(*) FROM points_ledger");
  c.growth = query_int (f, "SELECT count(*) FROM growth_ledger");
  c.events = query_int (f, "SELECT count(*) FROM member_event");
  c.audit = query_int (f, "SELECT count(*) FROM audit_log");
  return c;
}

static void
assert_counts_unchanged (Fixture      *f,
                         const Counts *before)
{
  Counts now = counts_of (f);

  g_assert_cmpint (now.orders, ==, before->orders);
  g_assert_cmpint (now.points, ==, before->points);
  g_assert_cmpint (now.growth, ==, before->growth);
  g_assert_cmpint (now.events, ==, before->events);
  g_assert_cmpint (now.audit, ==, before->audit);
}

static gint64
audit_count (Fixture    *f,
             const char *action)
{
  return query_int (f, "SELECT count(*) FROM audit_log WHERE action = '%s'", action);
}

/* A new member with a valid mobile number; returns its id. */
static char *
add_member (Fixture    *f,
            const char *name,
            const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = mc_member_new ();

  m->name = g_strdup (name);
  m->phone = g_strdup (phone);
  g_assert_true (mc_member_insert (f->db, m, &error));
  g_assert_no_error (error);
  g_assert_nonnull (m->id);
  return g_strdup (m->id);
}

static McMember *
load_member (Fixture    *f,
             const char *id)
{
  g_autoptr(GError) error = NULL;
  McMember *m = mc_member_load (f->db, id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (m);
  return m;
}

/* A sale that must succeed; result filled (clear it after). */
static void
add_order (Fixture       *f,
           const char    *member_id,
           gint64         amount_fen,
           gint64         at,
           McOrderResult *result)
{
  g_autoptr(GError) error = NULL;
  McOrderInput input = { 0 };

  input.member_id = member_id;
  input.amount_fen = amount_fen;
  input.at = at;
  g_assert_true (mc_order_add (f->db, &input, result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (result->order_id);
}

static void
redeem (Fixture    *f,
        const char *member_id,
        gint64      points)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_points_redeem (f->db, member_id, points, "兑换礼品", &error));
  g_assert_no_error (error);
}

static gint64
shift_months (Fixture *f,
              gint64   epoch,
              int      months)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (epoch);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_db_get_time_zone (f->db));
  g_autoptr(GDateTime) moved = g_date_time_add_months (local, months);

  return g_date_time_to_unix (moved);
}

/* A wall-clock time in the workspace's zone (Asia/Shanghai). */
static gint64
local_time (Fixture *f,
            int      year,
            int      month,
            int      day,
            int      hour,
            int      minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (mc_db_get_time_zone (f->db), year, month, day,
                                             hour, minute, 0);

  return g_date_time_to_unix (dt);
}

/* The invariants after any scenario: each cached balance is the sum of its ledger and is
 * never negative; the points lots hold exactly the balance. */
static void
assert_balances (Fixture    *f,
                 const char *member_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = load_member (f, member_id);
  GArray *lots;
  gint64 points_sum = -1, growth_sum = -1, remaining = 0;

  g_assert_true (mc_ledger_sum (f->db, MC_LEDGER_POINTS, member_id, &points_sum, &error));
  g_assert_no_error (error);
  g_assert_true (mc_ledger_sum (f->db, MC_LEDGER_GROWTH, member_id, &growth_sum, &error));
  g_assert_no_error (error);
  g_assert_cmpint (m->points_balance, ==, points_sum);
  g_assert_cmpint (m->points_balance, >=, 0);
  g_assert_cmpint (m->growth, ==, growth_sum);
  g_assert_cmpint (m->growth, >=, 0);

  lots = mc_points_lots (f->db, member_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (lots);
  for (guint i = 0; i < lots->len; i++)
    {
      const McPointsLot *lot = &g_array_index (lots, McPointsLot, i);

      g_assert_cmpint (lot->remaining, >=, 0);
      g_assert_cmpint (lot->remaining, <=, lot->amount);
      remaining += lot->remaining;
    }
  g_assert_cmpint (remaining, ==, m->points_balance);
  mc_points_lots_free (lots);
}

/* ---- orders ---------------------------------------------------------------------------- */

static void
test_order_earn_base (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *id = add_member (f, "张三", "13800000001");
  g_autoptr(McMember) m = NULL;
  McOrderResult r = { 0 }, r2 = { 0 };
  gint64 at = mc_db_now () - 3600;

  /* ¥128.50 for a base member: floor (128.5 × 1 × 1.0) = 128 points, 128 + 10 growth. */
  add_order (f, id, 12850, at, &r);
  g_assert_cmpint (r.points, ==, 128);
  g_assert_cmpint (r.growth, ==, 138);
  g_assert_cmpint (r.amount_fen, ==, 12850);
  g_assert_cmpint (r.points_unrecovered, ==, 0);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders WHERE id = '%s' AND member_id = '%s' "
                              "AND amount_fen = 12850 AND at = %" G_GINT64_FORMAT " AND refund_of IS NULL",
                              r.order_id, id, at), ==, 1);
  /* One lot of 128 points that expires 24 months after the sale. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE ref_id = '%s'", r.order_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE ref_id = '%s' AND kind = 'earn'",
                              r.order_id), ==, 128);
  g_assert_cmpint (query_int (f, "SELECT expires_at FROM points_ledger WHERE ref_id = '%s'", r.order_id),
                   ==, shift_months (f, at, 24));
  g_assert_cmpint (query_int (f, "SELECT delta FROM growth_ledger WHERE ref_id = '%s' AND kind = 'order'",
                              r.order_id), ==, 138);

  m = load_member (f, id);
  g_assert_cmpstr (m->tier, ==, "base");
  g_assert_cmpint (m->points_balance, ==, 128);
  g_assert_cmpint (m->growth, ==, 138);
  g_assert_cmpint (m->spend_fen, ==, 12850);
  g_assert_cmpint (m->orders_count, ==, 1);
  g_assert_cmpint (m->last_visit_at, ==, at);
  g_clear_pointer (&m, mc_member_free);

  /* ¥0.99, dated before the first sale: 0 points (no lot is written), growth 0 + 10; the
   * last visit stays the later sale. */
  add_order (f, id, 99, at - DAY, &r2);
  g_assert_cmpint (r2.points, ==, 0);
  g_assert_cmpint (r2.growth, ==, 10);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE ref_id = '%s'", r2.order_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT delta FROM growth_ledger WHERE ref_id = '%s'", r2.order_id), ==, 10);

  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 128);
  g_assert_cmpint (m->growth, ==, 148);
  g_assert_cmpint (m->spend_fen, ==, 12949);
  g_assert_cmpint (m->orders_count, ==, 2);
  g_assert_cmpint (m->last_visit_at, ==, at);

  assert_balances (f, id);
  mc_order_result_clear (&r);
  mc_order_result_clear (&r2);
}

static void
test_order_earn_tier_multiplier (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) live = mc_programme_load_live (f->db, &error);
  g_autofree char *gold = add_member (f, "李四", "13800000002");
  g_autofree char *silver = add_member (f, "王五", "13800000003");
  g_autoptr(McMember) m = NULL;
  McOrderResult r = { 0 };
  gint64 until = mc_db_now () + 30 * DAY;

  /* The installed programme kept its multipliers. */
  g_assert_no_error (error);
  g_assert_nonnull (live);
  g_assert_cmpint (mc_programme_get_tier (live, "silver")->multiplier_permille, ==, 1200);
  g_assert_cmpint (mc_programme_get_tier (live, "gold")->multiplier_permille, ==, 1500);

  g_assert_true (mc_tier_set_manual (f->db, gold, "gold", "门店大客户", until, &error));
  g_assert_no_error (error);
  g_assert_true (mc_tier_set_manual (f->db, silver, "silver", "门店老客户", until, &error));
  g_assert_no_error (error);

  /* Gold: floor (128.5 × 1.5) = floor (192.75) = 192; growth has no multiplier. */
  add_order (f, gold, 12850, 0, &r);
  g_assert_cmpint (r.points, ==, 192);
  g_assert_cmpint (r.growth, ==, 138);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE ref_id = '%s'", r.order_id), ==, 192);
  mc_order_result_clear (&r);
  m = load_member (f, gold);
  g_assert_cmpint (m->points_balance, ==, 192);
  g_assert_cmpint (m->growth, ==, 138);
  g_clear_pointer (&m, mc_member_free);

  /* Silver: floor (128.5 × 1.2) = floor (154.2) = 154. */
  add_order (f, silver, 12850, 0, &r);
  g_assert_cmpint (r.points, ==, 154);
  g_assert_cmpint (r.growth, ==, 138);
  mc_order_result_clear (&r);
  m = load_member (f, silver);
  g_assert_cmpint (m->points_balance, ==, 154);

  assert_balances (f, gold);
  assert_balances (f, silver);
}

static void
test_order_anonymous (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member (f, "赵六", "13800000004");
  g_autoptr(McMember) m = NULL;
  McOrderInput input = { 0 };
  McOrderResult r = { 0 };
  gint64 audit_before = audit_count (f, "order.add");

  input.member_id = NULL;
  input.amount_fen = 5000;
  g_assert_true (mc_order_add (f->db, &input, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpint (r.points, ==, 0);
  g_assert_cmpint (r.growth, ==, 0);
  g_assert_cmpint (r.amount_fen, ==, 5000);

  /* Stored, with no member and no ledger entries. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders WHERE id = '%s' AND member_id IS NULL "
                              "AND amount_fen = 5000", r.order_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM growth_ledger"), ==, 0);
  g_assert_cmpint (audit_count (f, "order.add"), ==, audit_before + 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'order.add' "
                              "AND entity_id = '%s' AND json_type (after, '$.member_id') = 'null'",
                              r.order_id), ==, 1);

  /* The member next to it is untouched. */
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->growth, ==, 0);
  g_assert_cmpint (m->spend_fen, ==, 0);
  g_assert_cmpint (m->orders_count, ==, 0);
  g_assert_cmpint (m->last_visit_at, ==, 0);
  mc_order_result_clear (&r);
}

static void
test_order_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = add_member (f, "孙七", "13800000005");
  Counts before = counts_of (f);
  McOrderInput input = { 0 };
  McOrderResult r = { 0 };
  struct { gint64 amount; gint64 at; const char *member; McError code; } cases[] = {
    { 0,     0,                          NULL, MC_ERROR_INVALID },
    { -100,  0,                          NULL, MC_ERROR_INVALID },
    { 1000,  mc_db_now () + 3 * DAY,     NULL, MC_ERROR_INVALID },
    { 1000,  0,                          "no-such-member", MC_ERROR_NOT_FOUND },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      input.member_id = cases[i].member != NULL ? cases[i].member : id;
      input.amount_fen = cases[i].amount;
      input.at = cases[i].at;
      g_assert_false (mc_order_add (f->db, &input, &r, &error));
      g_assert_error (error, MC_ERROR, (gint) cases[i].code);
      g_assert_null (r.order_id);
      assert_counts_unchanged (f, &before);
    }
  assert_balances (f, id);
}

/* ---- actions ----------------------------------------------------------------------------- */

static gint64
record_event (Fixture    *f,
              const char *member_id,
              const char *kind,
              gint64      at)
{
  g_autoptr(GError) error = NULL;
  gint64 award = -1;

  g_assert_true (mc_event_record (f->db, member_id, kind, at, &award, &error));
  g_assert_no_error (error);
  return award;
}

static void
test_event_daily_cap (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member (f, "周八", "13800000006");
  g_autoptr(McMember) m = NULL;
  gint64 visit_at;

  /* Like: 5 growth, at most 20 a day. Four likes on 10 March earn 5 each; the fifth
   * (23:30 Shanghai time) earns nothing. */
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 10, 9, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 10, 10, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 10, 11, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 10, 12, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 10, 23, 30)), ==, 0);

  /* 11 March in Shanghai is a new day, even at 00:30 and 07:59 (still 10 March in UTC, a
   * day that already had five likes): four more likes earn, the fifth does not. */
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 11, 0, 30)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 11, 7, 59)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 11, 8, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 11, 12, 0)), ==, 5);
  g_assert_cmpint (record_event (f, id, "like", local_time (f, 2024, 3, 11, 23, 59)), ==, 0);

  /* Check-in: 2 growth, cap 2; a cap is per action, so likes do not use it up. */
  g_assert_cmpint (record_event (f, id, "checkin", local_time (f, 2024, 3, 11, 9, 0)), ==, 2);
  g_assert_cmpint (record_event (f, id, "checkin", local_time (f, 2024, 3, 11, 18, 0)), ==, 0);
  /* A visit is an event but earns nothing; it moves the last visit. */
  visit_at = local_time (f, 2024, 3, 12, 10, 0);
  g_assert_cmpint (record_event (f, id, "visit", visit_at), ==, 0);

  /* Every event is stored; only the awards are in the ledger. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM member_event WHERE member_id = '%s'", id), ==, 13);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM member_event WHERE kind = 'like'"), ==, 10);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM growth_ledger WHERE kind = 'action'"), ==, 9);
  g_assert_cmpint (query_int (f, "SELECT sum (delta) FROM growth_ledger WHERE reason = 'like'"), ==, 40);

  m = load_member (f, id);
  g_assert_cmpint (m->growth, ==, 42);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->last_visit_at, ==, visit_at);

  /* Not an action. */
  {
    Counts before = counts_of (f);
    gint64 award = -1;

    g_assert_false (mc_event_record (f->db, id, "dance", 0, &award, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "dance"));
    assert_counts_unchanged (f, &before);
  }
  assert_balances (f, id);
}

/* ---- refunds ----------------------------------------------------------------------------- */

static McOrderResult
refund (Fixture    *f,
        const char *order_id,
        gint64      amount_fen)
{
  g_autoptr(GError) error = NULL;
  McOrderResult r = { 0 };

  g_assert_true (mc_order_refund (f->db, order_id, amount_fen, 0, &r, &error));
  g_assert_no_error (error);
  g_assert_nonnull (r.order_id);
  return r;
}

static void
test_refund_full (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = add_member (f, "吴九", "13800000007");
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 }, back;
  gint64 at = mc_db_now () - 2 * DAY;

  add_order (f, id, 12850, at, &sale);
  back = refund (f, sale.order_id, 0);      /* 0: all that is left */

  g_assert_cmpint (back.amount_fen, ==, 12850);
  g_assert_cmpint (back.points, ==, -128);
  g_assert_cmpint (back.growth, ==, -138);
  g_assert_cmpint (back.points_unrecovered, ==, 0);
  g_assert_cmpint (back.growth_unrecovered, ==, 0);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders WHERE id = '%s' AND refund_of = '%s' "
                              "AND amount_fen = -12850 AND member_id = '%s'",
                              back.order_id, sale.order_id, id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE kind = 'refund' AND ref_id = '%s'",
                              sale.order_id), ==, -128);
  g_assert_cmpint (query_int (f, "SELECT unrecovered FROM points_ledger WHERE kind = 'refund' AND ref_id = '%s'",
                              sale.order_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT delta FROM growth_ledger WHERE kind = 'refund' AND ref_id = '%s'",
                              sale.order_id), ==, -138);

  /* Spend goes back; the order still counts as a visit and an order. */
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->growth, ==, 0);
  g_assert_cmpint (m->spend_fen, ==, 0);
  g_assert_cmpint (m->orders_count, ==, 1);
  g_assert_cmpint (m->last_visit_at, ==, at);

  assert_balances (f, id);
  mc_order_result_clear (&sale);
  mc_order_result_clear (&back);
}

static void
test_refund_partial (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member (f, "郑十", "13800000008");
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 }, first, rest;

  add_order (f, id, 12850, 0, &sale);

  /* 30 %: ¥38.55 takes back floor (128 × 0.3) = 38 points and floor (138 × 0.3) = 41 growth. */
  first = refund (f, sale.order_id, 3855);
  g_assert_cmpint (first.amount_fen, ==, 3855);
  g_assert_cmpint (first.points, ==, -38);
  g_assert_cmpint (first.growth, ==, -41);
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 90);
  g_assert_cmpint (m->growth, ==, 97);
  g_assert_cmpint (m->spend_fen, ==, 8995);
  g_clear_pointer (&m, mc_member_free);
  assert_balances (f, id);

  /* The rest, ¥89.95: 90 points and 97 growth, so the two add up to exactly 128 and 138. */
  rest = refund (f, sale.order_id, 8995);
  g_assert_cmpint (rest.points, ==, -90);
  g_assert_cmpint (rest.growth, ==, -97);
  g_assert_cmpint (first.points + rest.points, ==, -128);
  g_assert_cmpint (first.growth + rest.growth, ==, -138);
  g_assert_cmpint (query_int (f, "SELECT sum (delta) FROM points_ledger WHERE ref_id = '%s'", sale.order_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT sum (delta) FROM growth_ledger WHERE ref_id = '%s'", sale.order_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders WHERE refund_of = '%s'", sale.order_id), ==, 2);

  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->growth, ==, 0);
  g_assert_cmpint (m->spend_fen, ==, 0);

  /* Nothing is left to refund. */
  {
    McOrderResult none = { 0 };

    g_assert_false (mc_order_refund (f->db, sale.order_id, 0, 0, &none, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "¥0.00"));
    g_assert_null (none.order_id);
  }

  assert_balances (f, id);
  mc_order_result_clear (&sale);
  mc_order_result_clear (&first);
  mc_order_result_clear (&rest);
}

static void
test_refund_after_redeem (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *one = add_member (f, "钱一", "13800000009");
  g_autofree char *two = add_member (f, "钱二", "13800000010");
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 }, back, first, rest;

  /* Earn 128, spend 100: 28 are left when the whole order is refunded. The refund takes the
   * 28, the balance stops at zero, and the other 100 are recorded as unrecovered. Growth
   * was not spent: all 138 come back. */
  add_order (f, one, 12850, 0, &sale);
  redeem (f, one, 100);
  back = refund (f, sale.order_id, 0);
  g_assert_cmpint (back.points, ==, -28);
  g_assert_cmpint (back.points_unrecovered, ==, 100);
  g_assert_cmpint (back.growth, ==, -138);
  g_assert_cmpint (back.growth_unrecovered, ==, 0);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE kind = 'refund' AND ref_id = '%s'",
                              sale.order_id), ==, -28);
  g_assert_cmpint (query_int (f, "SELECT unrecovered FROM points_ledger WHERE kind = 'refund' AND ref_id = '%s'",
                              sale.order_id), ==, 100);
  m = load_member (f, one);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->growth, ==, 0);
  g_clear_pointer (&m, mc_member_free);
  assert_balances (f, one);
  mc_order_result_clear (&sale);
  mc_order_result_clear (&back);

  /* The same in two parts: 30 % is due 38 of which 28 can be taken (10 unrecovered); the
   * rest is due 90 and finds nothing (90 unrecovered). 28 + 10 + 0 + 90 = 128. */
  add_order (f, two, 12850, 0, &sale);
  redeem (f, two, 100);
  first = refund (f, sale.order_id, 3855);
  g_assert_cmpint (first.points, ==, -28);
  g_assert_cmpint (first.points_unrecovered, ==, 10);
  g_assert_cmpint (first.growth, ==, -41);
  rest = refund (f, sale.order_id, 0);
  g_assert_cmpint (rest.points, ==, 0);
  g_assert_cmpint (rest.points_unrecovered, ==, 90);
  g_assert_cmpint (rest.growth, ==, -97);
  g_assert_cmpint (rest.growth_unrecovered, ==, 0);
  g_assert_cmpint (query_int (f, "SELECT sum (unrecovered - delta) FROM points_ledger "
                              "WHERE kind = 'refund' AND ref_id = '%s'", sale.order_id), ==, 128);
  m = load_member (f, two);
  g_assert_cmpint (m->points_balance, ==, 0);
  g_assert_cmpint (m->growth, ==, 0);
  assert_balances (f, two);

  mc_order_result_clear (&sale);
  mc_order_result_clear (&first);
  mc_order_result_clear (&rest);
}

static void
test_refund_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = add_member (f, "冯一", "13800000011");
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 }, part;
  Counts before;

  /* ¥100: 100 points, 110 growth; ¥60 refunded leaves ¥40, 40 points, 44 growth. */
  add_order (f, id, 10000, 0, &sale);
  part = refund (f, sale.order_id, 6000);
  g_assert_cmpint (part.points, ==, -60);
  g_assert_cmpint (part.growth, ==, -66);
  before = counts_of (f);

  {
    g_autoptr(GError) error = NULL;
    McOrderResult r = { 0 };

    /* ¥50 of the ¥40 left. */
    g_assert_false (mc_order_refund (f->db, sale.order_id, 5000, 0, &r, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "¥40.00"));
    g_assert_null (r.order_id);
    assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;
    McOrderResult r = { 0 };

    /* A refund of a refund. */
    g_assert_false (mc_order_refund (f->db, part.order_id, 0, 0, &r, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "is a refund itself"));
    g_assert_nonnull (strstr (error->message, sale.order_id));
    g_assert_null (r.order_id);
    assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_order_refund (f->db, "no-such-order", 0, 0, NULL, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "no-such-order"));
    assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_order_refund (f->db, sale.order_id, -100, 0, NULL, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    assert_counts_unchanged (f, &before);
  }

  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 40);
  g_assert_cmpint (m->growth, ==, 44);
  g_assert_cmpint (m->spend_fen, ==, 4000);
  assert_balances (f, id);
  mc_order_result_clear (&sale);
  mc_order_result_clear (&part);
}

/* ---- redemption and adjustments ---------------------------------------------------------- */

static void
test_redeem_insufficient (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *id = add_member (f, "陈二", "13800000012");
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 };
  Counts before;

  add_order (f, id, 12850, 0, &sale);
  before = counts_of (f);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_points_redeem (f->db, id, 200, "兑换礼品", &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT);
    g_assert_nonnull (strstr (error->message, "200"));
    g_assert_nonnull (strstr (error->message, "128"));
    assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_points_redeem (f->db, id, 0, "兑换礼品", &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    assert_counts_unchanged (f, &before);
  }
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 128);
  g_clear_pointer (&m, mc_member_free);

  /* All of it can be redeemed, then not one more point. */
  redeem (f, id, 128);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE member_id = '%s' AND kind = 'redeem'",
                              id), ==, -128);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE member_id = '%s' AND kind = 'redeem' "
                              "AND reason = '兑换礼品'", id), ==, 1);
  before = counts_of (f);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_points_redeem (f->db, id, 1, "兑换礼品", &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT);
    g_assert_nonnull (strstr (error->message, "1 asked, 0 available"));
    assert_counts_unchanged (f, &before);
  }
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 0);
  assert_balances (f, id);
  mc_order_result_clear (&sale);
}

static void
test_adjust_reason_required (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = add_member (f, "褚三", "13800000013");
  g_autoptr(McMember) m = NULL;
  const char *no_reasons[] = { NULL, "", "   " };
  Counts before = counts_of (f);
  gint64 t0, t1;

  for (guint i = 0; i < G_N_ELEMENTS (no_reasons); i++)
    {
      g_autoptr(GError) points_error = NULL;
      g_autoptr(GError) growth_error = NULL;

      g_assert_false (mc_points_adjust (f->db, id, 50, no_reasons[i], &points_error));
      g_assert_error (points_error, MC_ERROR, MC_ERROR_INVALID);
      g_assert_nonnull (strstr (points_error->message, "reason"));
      g_assert_false (mc_growth_adjust (f->db, id, 50, no_reasons[i], &growth_error));
      g_assert_error (growth_error, MC_ERROR, MC_ERROR_INVALID);
      assert_counts_unchanged (f, &before);
    }

  /* With a reason: a lot of 50 that expires in 24 months, kept with its reason. */
  t0 = mc_db_now ();
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (mc_points_adjust (f->db, id, 50, "补录积分", &error));
    g_assert_no_error (error);
  }
  t1 = mc_db_now ();
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE member_id = '%s' AND kind = 'adjust' "
                              "AND reason = '补录积分'", id), ==, 50);
  g_assert_cmpint (query_int (f, "SELECT expires_at FROM points_ledger WHERE member_id = '%s' AND kind = 'adjust'",
                              id), >=, shift_months (f, t0, 24));
  g_assert_cmpint (query_int (f, "SELECT expires_at FROM points_ledger WHERE member_id = '%s' AND kind = 'adjust'",
                              id), <=, shift_months (f, t1, 24));

  /* Below zero is refused with the numbers; a smaller correction is fine. */
  before = counts_of (f);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_points_adjust (f->db, id, -60, "纠错", &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT);
    g_assert_nonnull (strstr (error->message, "50"));
    g_assert_nonnull (strstr (error->message, "-60"));
    assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (mc_points_adjust (f->db, id, -20, "纠错", &error));
    g_assert_no_error (error);
    g_assert_true (mc_growth_adjust (f->db, id, 100, "活动补偿", &error));
    g_assert_no_error (error);
    g_assert_true (mc_growth_adjust (f->db, id, -30, "违规", &error));
    g_assert_no_error (error);
  }
  /* A growth decrease is a violation entry. */
  g_assert_cmpint (query_int (f, "SELECT delta FROM growth_ledger WHERE member_id = '%s' AND kind = 'violation'",
                              id), ==, -30);
  g_assert_cmpint (query_int (f, "SELECT delta FROM growth_ledger WHERE member_id = '%s' AND kind = 'adjust'",
                              id), ==, 100);
  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 30);
  g_assert_cmpint (m->growth, ==, 70);
  assert_balances (f, id);
}

/* ---- expiry -------------------------------------------------------------------------- */

static void
assert_lots (Fixture    *f,
             const char *member_id,
             gint64      a,
             gint64      b,
             gint64      c)
{
  g_autoptr(GError) error = NULL;
  GArray *lots = mc_points_lots (f->db, member_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lots);
  g_assert_cmpuint (lots->len, ==, 3);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 0).remaining, ==, a);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 1).remaining, ==, b);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 2).remaining, ==, c);
  mc_points_lots_free (lots);
}

static void
expire (Fixture *f,
        gint64   as_of,
        gint64   expect_members,
        gint64   expect_points)
{
  g_autoptr(GError) error = NULL;
  gint64 n_members = -1, n_points = -1;

  g_assert_true (mc_points_expire (f->db, as_of, &n_members, &n_points, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_members, ==, expect_members);
  g_assert_cmpint (n_points, ==, expect_points);
}

static void
test_expiry_fifo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *one = add_member (f, "卫四", "13800000014");
  g_autofree char *two = add_member (f, "蒋五", "13800000015");
  const char *ids[] = { one, two };
  gint64 now = mc_db_now ();
  gint64 t30 = shift_months (f, now, -30), t20 = shift_months (f, now, -20), t1 = shift_months (f, now, -1);
  g_autofree char *lot_a = NULL;
  g_autoptr(McMember) m = NULL;
  GArray *lots;

  /* Lots of 100 (30 months ago, expired 6 months ago), 200 (20 months ago, expires in 4
   * months) and 50 (last month), for both members. */
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      McOrderResult r = { 0 };

      add_order (f, ids[i], 10000, t30, &r);
      mc_order_result_clear (&r);
      add_order (f, ids[i], 20000, t20, &r);
      mc_order_result_clear (&r);
      add_order (f, ids[i], 5000, t1, &r);
      mc_order_result_clear (&r);
    }

  lots = mc_points_lots (f->db, one, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (lots->len, ==, 3);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 0).amount, ==, 100);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 0).earned_at, ==, t30);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 0).expires_at, ==, shift_months (f, t30, 24));
  g_assert_cmpint (g_array_index (lots, McPointsLot, 1).amount, ==, 200);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 1).expires_at, ==, shift_months (f, t20, 24));
  g_assert_cmpint (g_array_index (lots, McPointsLot, 2).amount, ==, 50);
  g_assert_cmpint (g_array_index (lots, McPointsLot, 2).expires_at, ==, shift_months (f, t1, 24));
  lot_a = g_strdup (g_array_index (lots, McPointsLot, 0).id);
  mc_points_lots_free (lots);

  /* Redemptions use the oldest lot first: 30 from the first lot; 120 empty it and take 20
   * from the second. */
  redeem (f, one, 30);
  redeem (f, two, 120);
  assert_lots (f, one, 70, 200, 50);
  assert_lots (f, two, 0, 180, 50);

  /* Today only the first lot is due: the 70 left of it for member one, nothing for two. */
  expire (f, now, 1, 70);
  assert_lots (f, one, 0, 200, 50);
  assert_lots (f, two, 0, 180, 50);
  g_assert_cmpint (query_int (f, "SELECT delta FROM points_ledger WHERE kind = 'expire' AND ref_id = '%s'",
                              lot_a), ==, -70);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE kind = 'expire' AND member_id = '%s'",
                              two), ==, 0);
  m = load_member (f, one);
  g_assert_cmpint (m->points_balance, ==, 250);
  g_clear_pointer (&m, mc_member_free);
  m = load_member (f, two);
  g_assert_cmpint (m->points_balance, ==, 230);
  g_clear_pointer (&m, mc_member_free);

  /* Again: nothing more. */
  expire (f, now, 0, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE kind = 'expire'"), ==, 1);
  assert_lots (f, one, 0, 200, 50);
  assert_lots (f, two, 0, 180, 50);

  /* The day after the second lot's date: 200 + 180 go, the last lot stays. */
  expire (f, shift_months (f, t20, 24) + 1, 2, 380);
  assert_lots (f, one, 0, 0, 50);
  assert_lots (f, two, 0, 0, 50);
  m = load_member (f, one);
  g_assert_cmpint (m->points_balance, ==, 50);
  g_clear_pointer (&m, mc_member_free);
  m = load_member (f, two);
  g_assert_cmpint (m->points_balance, ==, 50);

  g_assert_cmpint (audit_count (f, "points.expire"), ==, 3);
  assert_balances (f, one);
  assert_balances (f, two);
}

/* ---- roles --------------------------------------------------------------------------- */

static void
test_roles_analyst (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = add_member (f, "沈六", "13800000016");
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(McMember) m = NULL;
  McOrderResult sale = { 0 };
  McOrderInput input = { 0 };
  Counts before;
  gint64 refused_before;
  JsonArray *array;
  gboolean saw_order_add = FALSE;

  add_order (f, id, 12850, 0, &sale);
  before = counts_of (f);
  refused_before = audit_count (f, "refused");
  g_assert_cmpint (refused_before, ==, 0);

  mc_db_set_role (f->db, MC_ROLE_ANALYST);
  input.member_id = id;
  input.amount_fen = 1000;
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_order_add (f->db, &input, NULL, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
    g_assert_nonnull (strstr (error->message, "Analyst"));
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_points_redeem (f->db, id, 10, "兑换礼品", &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_order_refund (f->db, sale.order_id, 0, 0, NULL, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  }

  /* Nothing changed but three refusals in the audit log, each naming what was refused. */
  g_assert_cmpint (audit_count (f, "refused"), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'refused' AND role = 'analyst'"),
                   ==, 3);
  {
    Counts now = counts_of (f);

    g_assert_cmpint (now.orders, ==, before.orders);
    g_assert_cmpint (now.points, ==, before.points);
    g_assert_cmpint (now.growth, ==, before.growth);
    g_assert_cmpint (now.audit, ==, before.audit + 3);
  }
  list = mc_audit_list (f->db, 3, NULL);
  g_assert_nonnull (list);
  array = json_node_get_array (list);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  /* Newest first: the refund was refused last. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "action"),
                   ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_array_get_object_element (array, 0), "after"), "refused"), ==, "order.refund");
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *row = json_array_get_object_element (array, i);
      JsonObject *after = json_object_get_object_member (row, "after");

      g_assert_cmpstr (json_object_get_string_member (row, "role"), ==, "analyst");
      if (g_strcmp0 (json_object_get_string_member (after, "refused"), "order.add") == 0)
        saw_order_add = TRUE;
    }
  g_assert_true (saw_order_add);

  m = load_member (f, id);
  g_assert_cmpint (m->points_balance, ==, 128);
  g_assert_cmpint (m->orders_count, ==, 1);
  mc_order_result_clear (&sale);
}

static void
test_roles_clerk (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *id = NULL;
  McOrderResult sale = { 0 };

  mc_db_set_role (f->db, MC_ROLE_CLERK);
  mc_db_set_actor (f->db, "clerk-01");
  id = add_member (f, "韩七", "13800000017");
  add_order (f, id, 12850, 0, &sale);
  redeem (f, id, 28);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'order.add' AND role = 'clerk' "
                              "AND actor = 'clerk-01' AND entity_id = '%s'", sale.order_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE actor = 'clerk-01'"), ==, 2);
  g_assert_cmpint (audit_count (f, "refused"), ==, 0);
  assert_balances (f, id);
  mc_order_result_clear (&sale);
}

/* ---- audit --------------------------------------------------------------------------- */

/* Runs one operation and checks it added exactly n audit rows, of that action. */
#define EXPECT_AUDIT(f, action, n, stmt) G_STMT_START { \
    gint64 total_ = query_int (f, "SELECT count(*) FROM audit_log"); \
    gint64 of_action_ = audit_count (f, action); \
    stmt; \
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log"), ==, total_ + (n)); \
    g_assert_cmpint (audit_count (f, action), ==, of_action_ + (n)); \
  } G_STMT_END

static void
test_audit_one_per_operation (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *id = NULL;
  McOrderResult sale = { 0 }, back = { 0 };
  McOrderInput input = { 0 };

  g_assert_cmpint (audit_count (f, "programme.publish"), ==, 1);

  EXPECT_AUDIT (f, "member.add", 1, id = add_member (f, "杨八", "13800000018"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'member.add' AND entity_id = '%s'",
                              id), ==, 1);
  EXPECT_AUDIT (f, "order.add", 1, add_order (f, id, 12850, 0, &sale));
  g_assert_cmpint (query_int (f, "SELECT json_extract (after, '$.points') FROM audit_log "
                              "WHERE action = 'order.add' AND entity_id = '%s'", sale.order_id), ==, 128);
  g_assert_cmpint (query_int (f, "SELECT json_extract (after, '$.growth') FROM audit_log "
                              "WHERE action = 'order.add' AND entity_id = '%s'", sale.order_id), ==, 138);
  EXPECT_AUDIT (f, "order.refund", 1, back = refund (f, sale.order_id, 1000));
  g_assert_cmpint (query_int (f, "SELECT json_extract (after, '$.points') FROM audit_log "
                              "WHERE action = 'order.refund' AND entity_id = '%s'", back.order_id), ==, -9);
  EXPECT_AUDIT (f, "points.redeem", 1, redeem (f, id, 19));
  g_assert_cmpint (query_int (f, "SELECT json_extract (after, '$.balance') FROM audit_log "
                              "WHERE action = 'points.redeem' AND entity_id = '%s'", id), ==, 100);
  EXPECT_AUDIT (f, "points.adjust", 1, g_assert_true (mc_points_adjust (f->db, id, 5, "补录", NULL)));
  EXPECT_AUDIT (f, "points.expire", 1, expire (f, mc_db_now (), 0, 0));

  /* Failed operations leave no trace. */
  input.member_id = id;
  input.amount_fen = 0;
  EXPECT_AUDIT (f, "order.add", 0, g_assert_false (mc_order_add (f->db, &input, NULL, NULL)));
  EXPECT_AUDIT (f, "points.redeem", 0, g_assert_false (mc_points_redeem (f->db, id, 1000, "兑换", NULL)));
  EXPECT_AUDIT (f, "points.adjust", 0, g_assert_false (mc_points_adjust (f->db, id, 5, " ", NULL)));
  EXPECT_AUDIT (f, "order.refund", 0, g_assert_false (mc_order_refund (f->db, sale.order_id, 20000, 0, NULL, NULL)));
  EXPECT_AUDIT (f, "order.refund", 0, g_assert_false (mc_order_refund (f->db, back.order_id, 0, 0, NULL, NULL)));

  /* Same transaction: an order inside a caller's transaction that is rolled back takes its
   * audit record with it. */
  {
    g_autoptr(GError) error = NULL;
    Counts before = counts_of (f);
    McOrderResult r = { 0 };

    g_assert_true (mc_db_begin (f->db, &error));
    add_order (f, id, 5000, 0, &r);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE entity_id = '%s'", r.order_id), ==, 1);
    mc_db_rollback (f->db);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE entity_id = '%s'", r.order_id), ==, 0);
    g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders WHERE id = '%s'", r.order_id), ==, 0);
    assert_counts_unchanged (f, &before);
    mc_order_result_clear (&r);
  }
  assert_balances (f, id);
  mc_order_result_clear (&sale);
  mc_order_result_clear (&back);
}

/* ---- rules found missing by these tests, now kept by the core ---------------------------- */

/* Publishing a programme is MC_PERMISSION_WRITE_PROGRAMME: a clerk or an analyst may not,
 * and the refusal is audited. */
static void
test_rule_programme_install_permission (Fixture       *f,
                                       gconstpointer  data)
{
  McRole roles[] = { MC_ROLE_CLERK, MC_ROLE_ANALYST };

  g_test_set_nonfatal_assertions ();
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McProgramme) programme = mc_programme_new_default ();
      gint64 versions = query_int (f, "SELECT count(*) FROM programme_version");
      gint64 refused = audit_count (f, "refused");
      gboolean ok;

      mc_db_set_role (f->db, roles[i]);
      programme->points_per_yuan = 100;
      ok = mc_programme_install_live (f->db, programme, &error);
      g_assert_false (ok);
      g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
      g_assert_cmpint (query_int (f, "SELECT count(*) FROM programme_version"), ==, versions);
      g_assert_cmpint (query_int (f, "SELECT json_extract (doc, '$.points.per_yuan') FROM programme_version "
                                  "WHERE status = 'live'"), ==, 1);
      g_assert_cmpint (audit_count (f, "refused"), ==, refused + 1);
    }
}

/* Recording an action writes the event and the growth: one audit record, like every other
 * operation that checks its permission (a refused "event.add" is audited already). */
static void
test_rule_event_audited (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *id = add_member (f, "朱九", "13800000019");
  gint64 total = query_int (f, "SELECT count(*) FROM audit_log");

  g_test_set_nonfatal_assertions ();
  g_assert_cmpint (record_event (f, id, "like", 0), ==, 5);
  g_assert_cmpint (audit_count (f, "event.add"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log"), ==, total + 1);
}

/* A refund is dated after its sale (and not in the future, like a sale). A refund dated
 * before its sale is replayed before the lot it takes back: the lots then hold more than
 * the balance, and the next expiry run tries to take more than the balance and fails for
 * the whole workspace. */
static void
test_rule_refund_dated_before_sale (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *id = add_member (f, "秦十", "13800000020");
  gint64 now = mc_db_now ();
  gint64 t25 = shift_months (f, now, -25);
  McOrderResult sale = { 0 }, fresh = { 0 };
  Counts before;
  gboolean ok;

  g_test_set_nonfatal_assertions ();
  /* 100 points 25 months ago (the lot expired a month ago), 10 points today. */
  add_order (f, id, 10000, t25, &sale);
  add_order (f, id, 1000, 0, &fresh);
  before = counts_of (f);
  {
    g_autoptr(GError) error = NULL;

    ok = mc_order_refund (f->db, sale.order_id, 0, t25 - 30 * DAY, NULL, &error);
    g_assert_false (ok);
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    if (!ok)
      assert_counts_unchanged (f, &before);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McMember) m = load_member (f, id);
    GArray *lots = mc_points_lots (f->db, id, &error);
    gint64 remaining = 0;

    g_assert_no_error (error);
    for (guint i = 0; lots != NULL && i < lots->len; i++)
      remaining += g_array_index (lots, McPointsLot, i).remaining;
    g_assert_cmpint (remaining, ==, m->points_balance);
    mc_points_lots_free (lots);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (mc_points_expire (f->db, now, NULL, NULL, &error));
    g_assert_no_error (error);
  }
  /* Dated a month ahead: a sale may not be, a refund may not either. */
  {
    g_autoptr(GError) error = NULL;

    ok = mc_order_refund (f->db, fresh.order_id, 0, now + 30 * DAY, NULL, &error);
    g_assert_false (ok);
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  }
  mc_order_result_clear (&sale);
  mc_order_result_clear (&fresh);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/rules/order/earn-base", test_order_earn_base);
  ADD ("/rules/order/earn-tier-multiplier", test_order_earn_tier_multiplier);
  ADD ("/rules/order/anonymous", test_order_anonymous);
  ADD ("/rules/order/refused", test_order_refused);
  ADD ("/rules/event/daily-cap", test_event_daily_cap);
  ADD ("/rules/refund/full", test_refund_full);
  ADD ("/rules/refund/partial", test_refund_partial);
  ADD ("/rules/refund/after-redeem", test_refund_after_redeem);
  ADD ("/rules/refund/refused", test_refund_refused);
  ADD ("/rules/redeem/insufficient", test_redeem_insufficient);
  ADD ("/rules/adjust/reason-required", test_adjust_reason_required);
  ADD ("/rules/expiry/fifo", test_expiry_fifo);
  ADD ("/rules/roles/analyst", test_roles_analyst);
  ADD ("/rules/roles/clerk", test_roles_clerk);
  ADD ("/rules/audit/one-per-operation", test_audit_one_per_operation);
  /* With non-fatal assertions: each reports every broken rule, not only the first. */
  ADD ("/rules/roles/programme-permission", test_rule_programme_install_permission);
  ADD ("/rules/audit/event", test_rule_event_audited);
  ADD ("/rules/refund/dated-before-sale", test_rule_refund_dated_before_sale);
#undef ADD

  return g_test_run ();
}
