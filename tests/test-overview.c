/* test-overview.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Overview's core numbers on a small workspace: today's new members, purchases,
 * points issued and redeemed (in the workspace's time zone), this week's birthdays
 * (29 February included), the members whose tier is about to drop, and the sync state.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <locale.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "mc-db.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-order.h"
#include "mc-overview.h"
#include "mc-programme.h"
#include "mc-tier.h"

#define DAY ((gint64) 86400)

typedef struct
{
  char   *dir;
  McDb   *db;
  gint64  now;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("mc-test-overview-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "workspace.mcdb", NULL);
  f->db = mc_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_db_begin (f->db, &error));
  g_assert_true (mc_programme_install_live (f->db, programme, &error));
  g_assert_true (mc_db_commit (f->db, &error));
  g_assert_no_error (error);
  f->now = mc_db_now ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->db);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (f->dir, name, NULL);

      g_remove (file);
    }
  g_rmdir (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

static char *
add_member (Fixture    *f,
            const char *name,
            const char *phone,
            const char *birthday,
            gint64      joined_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = mc_member_new ();

  m->name = g_strdup (name);
  m->phone = g_strdup (phone);
  m->birthday = g_strdup (birthday);
  m->joined_at = joined_at;
  g_assert_true (mc_member_insert (f->db, m, &error));
  g_assert_no_error (error);
  return g_strdup (m->id);
}

static gint64
add_order (Fixture    *f,
           const char *member_id,
           gint64      amount_fen,
           gint64      at,
           char      **order_id)
{
  g_autoptr(GError) error = NULL;
  McOrderInput input = { .member_id = member_id, .amount_fen = amount_fen, .at = at };
  McOrderResult r = { 0 };
  gint64 points;

  g_assert_true (mc_order_add (f->db, &input, &r, &error));
  g_assert_no_error (error);
  points = r.points;
  if (order_id != NULL)
    *order_id = g_strdup (r.order_id);
  mc_order_result_clear (&r);
  return points;
}

static GDateTime *
local_midnight (Fixture *f,
                gint64   at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_db_get_time_zone (f->db));

  return g_date_time_new (mc_db_get_time_zone (f->db), g_date_time_get_year (local),
                          g_date_time_get_month (local), g_date_time_get_day_of_month (local), 0, 0, 0);
}

static void
test_today (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) today = local_midnight (f, f->now);
  g_autoptr(GDateTime) monday = g_date_time_add_days (today, 1 - g_date_time_get_day_of_week (today));
  g_autoptr(GDateTime) next_monday = g_date_time_add_days (monday, 7);
  g_autofree char *today_bd = g_date_time_format (today, "--%m-%d");
  g_autofree char *monday_bd = g_date_time_format (monday, "1990-%m-%d");
  g_autofree char *next_bd = g_date_time_format (next_monday, "1991-%m-%d");
  gint64 day_start = g_date_time_to_unix (today);
  g_autofree char *a = add_member (f, "Today Li", "13800000001", today_bd, f->now);
  g_autofree char *b = add_member (f, "Monday Wu", "13800000002", monday_bd, f->now - 40 * DAY);
  g_autofree char *c = add_member (f, "Next Week Xu", "13800000003", next_bd, f->now - 40 * DAY);
  g_autofree char *refunded = NULL;
  g_autoptr(McOverview) ov = NULL;
  McOrderResult r = { 0 };
  gint64 issued = 0;
  gint64 at = MAX (day_start, f->now - 60);

  /* Today: two sales (one refunded later: still a purchase), points redeemed; yesterday:
   * a sale that must not count. */
  issued += add_order (f, a, 10000, at, NULL);
  issued += add_order (f, b, 5050, at, &refunded);
  add_order (f, b, 99900, day_start - 1, NULL);
  g_assert_true (mc_order_refund (f->db, refunded, 0, at, &r, &error));
  g_assert_no_error (error);
  mc_order_result_clear (&r);
  g_assert_true (mc_points_redeem (f->db, a, 30, "test", &error));
  g_assert_no_error (error);
  g_assert_cmpint (issued, >, 30);

  ov = mc_overview_build (f->db, f->now, 10, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ov);
  g_assert_cmpint (ov->day_start, ==, day_start);
  g_assert_cmpint (ov->new_members_today, ==, 1);
  g_assert_cmpint (ov->purchases_today, ==, 2);
  g_assert_cmpint (ov->purchase_amount_today_fen, ==, 15050);
  g_assert_cmpint (ov->points_issued_today, ==, issued);
  g_assert_cmpint (ov->points_redeemed_today, ==, 30);

  /* This week: Monday's and today's birthdays (Monday first, unless today is Monday). */
  g_assert_cmpint (ov->week_start, ==, g_date_time_to_unix (monday));
  if (g_date_time_get_day_of_week (today) == 1)
    {
      g_assert_cmpint (ov->birthdays_count, ==, 2);
      /* Same day: by name. */
      g_assert_cmpstr (((McOverviewBirthday *) g_ptr_array_index (ov->birthdays, 0))->name, ==, "Monday Wu");
    }
  else
    {
      McOverviewBirthday *first, *second;

      g_assert_cmpint (ov->birthdays_count, ==, 2);
      first = g_ptr_array_index (ov->birthdays, 0);
      second = g_ptr_array_index (ov->birthdays, 1);
      g_assert_cmpstr (first->name, ==, "Monday Wu");
      g_assert_cmpint (first->weekday, ==, 1);
      g_assert_cmpstr (first->birthday, ==, monday_bd);
      g_assert_cmpstr (second->name, ==, "Today Li");
      g_assert_cmpint (second->weekday, ==, g_date_time_get_day_of_week (today));
      g_assert_cmpint (second->day, ==, g_date_time_get_day_of_month (today));
      g_assert_cmpstr (second->tier, ==, "base");
    }
  g_assert_cmpuint (ov->birthdays->len, ==, 2);
  g_assert_cmpint (ov->sync_state, ==, MC_SYNC_STATE_NOT_SET_UP);
  g_assert_cmpstr (mc_sync_state_display (ov->sync_state), ==, "Not set up");
  g_assert_cmpint (ov->tier_risk_count, ==, 0);
  (void) c;
}

/* 29 February: on the 28th of a common year's week; a list capped, its count not. */
static void
test_birthdays_leap (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) wednesday = g_date_time_new (mc_db_get_time_zone (f->db), 2027, 2, 24, 12, 0, 0);
  g_autoptr(McOverview) ov = NULL;
  g_autofree char *leap = add_member (f, "Leap Zhao", "13800000011", "2000-02-29", 0);
  g_autofree char *mon = add_member (f, "A Mon", "13800000012", "--02-22", 0);
  g_autofree char *sun = add_member (f, "B Sun", "13800000013", "1985-02-28", 0);
  g_autofree char *march = add_member (f, "March Qian", "13800000014", "1985-03-01", 0);
  McOverviewBirthday *b;

  ov = mc_overview_build (f->db, g_date_time_to_unix (wednesday), 2, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ov->birthdays_count, ==, 3);
  g_assert_cmpuint (ov->birthdays->len, ==, 2);
  b = g_ptr_array_index (ov->birthdays, 0);
  g_assert_cmpstr (b->name, ==, "A Mon");
  b = g_ptr_array_index (ov->birthdays, 1);
  g_assert_cmpstr (b->name, ==, "B Sun");
  g_assert_cmpint (b->weekday, ==, 7);
  g_clear_pointer (&ov, mc_overview_free);

  ov = mc_overview_build (f->db, g_date_time_to_unix (wednesday), 10, &error);
  g_assert_no_error (error);
  b = g_ptr_array_index (ov->birthdays, 2);
  g_assert_cmpstr (b->name, ==, "Leap Zhao");
  g_assert_cmpint (b->month, ==, 2);
  g_assert_cmpint (b->day, ==, 28);
  g_assert_cmpstr (b->birthday, ==, "2000-02-29");
}

/* Gold from an order eleven and a half months ago; once it leaves the window the member is
 * at risk (grace not started), after an evaluation in the grace period (with its end),
 * and after the grace period the tier engine downgrades and the risk is gone. */
static void
test_tier_risk (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McOverview) ov = NULL;
  g_autofree char *gold = add_member (f, "Gold Sun", "13800000021", NULL, f->now - 400 * DAY);
  g_autofree char *base = add_member (f, "Base Zhou", "13800000022", NULL, f->now - 400 * DAY);
  gint64 order_at = f->now - 350 * DAY;
  gint64 later = f->now + 20 * DAY;   /* the order is out of the 12-month window */
  McOverviewTierRisk *risk;
  McTierStats stats;

  add_order (f, gold, 800000, order_at, NULL);   /* 8,000 yuan: gold */
  add_order (f, base, 1000, order_at, NULL);
  g_assert_true (mc_tiers_evaluate (f->db, f->now, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.upgraded, ==, 1);

  ov = mc_overview_build (f->db, f->now, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ov->tier_risk_count, ==, 0);
  g_clear_pointer (&ov, mc_overview_free);

  ov = mc_overview_build (f->db, later, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ov->tier_risk_count, ==, 1);
  risk = g_ptr_array_index (ov->tier_risks, 0);
  g_assert_cmpstr (risk->name, ==, "Gold Sun");
  g_assert_cmpstr (risk->tier, ==, "gold");
  g_assert_cmpstr (risk->falls_to, ==, "base");
  g_assert_cmpint (risk->window_growth, ==, 0);
  g_assert_cmpint (risk->grace_ends, ==, 0);
  g_clear_pointer (&ov, mc_overview_free);

  /* The engine starts the grace period: still at risk, now with an end. */
  g_assert_true (mc_tiers_evaluate (f->db, later, &stats, &error));
  g_assert_cmpint (stats.warned, ==, 1);
  ov = mc_overview_build (f->db, later + DAY, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ov->tier_risk_count, ==, 1);
  risk = g_ptr_array_index (ov->tier_risks, 0);
  g_assert_cmpint (risk->grace_ends, ==, later + 30 * DAY);
  g_clear_pointer (&ov, mc_overview_free);

  /* Downgraded: nothing left to drop. */
  g_assert_true (mc_tiers_evaluate (f->db, later + 31 * DAY, &stats, &error));
  g_assert_cmpint (stats.downgraded, ==, 1);
  ov = mc_overview_build (f->db, later + 31 * DAY, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ov->tier_risk_count, ==, 0);
}

static void
test_sync_state (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (mc_overview_sync_state (f->db), ==, MC_SYNC_STATE_NOT_SET_UP);
  g_assert_true (mc_db_set_meta (f->db, "sync_remote", "http://127.0.0.1:5984/members", &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_overview_sync_state (f->db), ==, MC_SYNC_STATE_SET_UP);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/overview/today", Fixture, NULL, fixture_set_up, test_today, fixture_tear_down);
  g_test_add ("/overview/birthdays-leap", Fixture, NULL, fixture_set_up, test_birthdays_leap, fixture_tear_down);
  g_test_add ("/overview/tier-risk", Fixture, NULL, fixture_set_up, test_tier_risk, fixture_tear_down);
  g_test_add ("/overview/sync-state", Fixture, NULL, fixture_set_up, test_sync_state, fixture_tear_down);
  return g_test_run ();
}
