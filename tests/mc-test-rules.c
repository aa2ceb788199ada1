/* mc-test-rules.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the test-rules* executables share: a small workspace with the default programme as
 * the fixture, and the operations and checks their cases are written in.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <stdarg.h>

#include <glib/gstdio.h>

#include "mc-test-rules.h"

void
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

void
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

/* The first column of the one row a query returns. */
gint64
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

Counts
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

void
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

gint64
audit_count (Fixture    *f,
             const char *action)
{
  return query_int (f, "SELECT count(*) FROM audit_log WHERE action = '%s'", action);
}

/* A new member with a valid mobile number; returns its id. */
char *
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

McMember *
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
void
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

void
redeem (Fixture    *f,
        const char *member_id,
        gint64      points)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_points_redeem (f->db, member_id, points, "兑换礼品", &error));
  g_assert_no_error (error);
}

gint64
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
gint64
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
void
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

gint64
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

McOrderResult
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

void
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
