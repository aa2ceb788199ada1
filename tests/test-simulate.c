/* test-simulate.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The what-if simulator: runs over members given by hand (every figure computed here by
 * hand), and the prepare step over a small workspace with orders at known times.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "mc-db.h"
#include "mc-member.h"
#include "mc-order.h"
#include "mc-programme.h"
#include "mc-simulate.h"

#define DAY ((gint64) 86400)
#define W12 MC_WINDOW_ROLLING_12_MONTHS
#define W6 MC_WINDOW_HALF_YEAR
#define W3 MC_WINDOW_QUARTER

/* A programme with tiers base 0, silver 100, gold 1000 (multipliers 1, 1.2, 1.5), points
 * 1 per yuan worth 1 fen each, and one benefit for gold: a coupon of ¥10 four times a month
 * used at 50 %: 4 × 1000 × 0.5 = 2000 fen per gold member per month. */
static McProgramme *
small_programme (void)
{
  McProgramme *p = mc_programme_new_default ();
  McBenefit *b;

  ((McTier *) g_ptr_array_index (p->tiers, 1))->threshold = 100;
  ((McTier *) g_ptr_array_index (p->tiers, 2))->threshold = 1000;
  b = mc_programme_add_benefit (p, "coupon", "Coupon", MC_BENEFIT_PRICE);
  b->coupon_value_fen = 1000;
  b->coupons_per_month = 4;
  b->unit_cost_fen = 1000;
  b->usage_rate_permille = 500;
  mc_programme_set_tier_benefit (p, "gold", "coupon", TRUE);
  return p;
}

static McSimulateMember
member (gint64 rowid,
        gint64 growth12,
        gint64 revenue12,
        gint64 balance)
{
  McSimulateMember m;

  memset (&m, 0, sizeof m);
  m.rowid = rowid;
  m.growth[W12] = growth12;
  m.revenue_fen[W12] = revenue12;
  m.whole_yuan[W12] = revenue12 / 100;
  m.orders[W12] = 1;
  m.active_days[W12] = 1;
  m.points_balance = balance;
  m.plan = -1;
  return m;
}

static void
test_run (void)
{
  g_autoptr(McProgramme) live = small_programme ();
  g_autoptr(McProgramme) draft = NULL;
  g_autoptr(McSimulateData) data = NULL;
  g_autoptr(McSimulateResult) a = NULL;
  g_autoptr(McSimulateResult) b = NULL;
  g_autoptr(McSimulateMovement) mv = NULL;
  McSimulateMember members[5];

  /* growth 0, 99, 100, 999, 1000: base, base, silver, silver, gold */
  members[0] = member (10, 0, 0, 0);
  members[1] = member (11, 99, 10000, 50);      /* ¥100 */
  members[2] = member (12, 100, 20050, 0);      /* ¥200.50 */
  members[3] = member (13, 999, 100000, 1000);  /* ¥1,000 */
  members[4] = member (14, 1000, 300000, 250);  /* ¥3,000 */
  data = mc_simulate_data_new (1000000, live, members, 5, NULL);
  g_assert_cmpuint (mc_simulate_data_get_n_members (data), ==, 5);

  a = mc_simulate_run (data, live);
  g_assert_cmpuint (a->n_tiers, ==, 3);
  g_assert_cmpint (a->tiers[0].members, ==, 2);
  g_assert_cmpint (a->tiers[1].members, ==, 2);
  g_assert_cmpint (a->tiers[2].members, ==, 1);
  g_assert_cmpfloat_with_epsilon (a->tiers[0].share, 0.4, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->tiers[2].share, 0.2, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->tiers[0].target_share, 0.80, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->tiers[1].target_share, 0.15, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->tiers[2].target_share, 0.05, 1e-9);
  g_assert_cmpint (a->tiers[0].revenue_fen, ==, 10000);
  g_assert_cmpint (a->tiers[1].revenue_fen, ==, 120050);
  g_assert_cmpint (a->tiers[2].revenue_fen, ==, 300000);
  g_assert_cmpint (a->revenue_fen, ==, 430050);
  /* One gold member × 2000 fen a month. */
  g_assert_cmpint (a->tiers[2].monthly_benefit_cost_fen, ==, 2000);
  g_assert_cmpint (a->tiers[1].monthly_benefit_cost_fen, ==, 0);
  g_assert_cmpint (a->monthly_benefit_cost_fen, ==, 2000);
  /* 12 months of cost against the window's revenue: 24000 / 300000. */
  g_assert_cmpfloat_with_epsilon (a->tiers[2].cost_share, 0.08, 1e-9);
  g_assert_cmpfloat_with_epsilon (a->cost_share, 24000.0 / 430050.0, 1e-9);
  /* Points: floor(fen × 1 × mult / 100000): 100 (base), 240 + 1200 (silver ×1.2: 200.5 × 1.2
   * = 240.6 -> 240), 4500 (gold ×1.5). */
  g_assert_cmpint (a->tiers[0].points_issued, ==, 100);
  g_assert_cmpint (a->tiers[1].points_issued, ==, 240 + 1200);
  g_assert_cmpint (a->tiers[2].points_issued, ==, 4500);
  g_assert_cmpint (a->points_outstanding, ==, 1300);
  g_assert_cmpint (a->points_issued, ==, 6040);
  g_assert_cmpint (a->points_liability_fen, ==, 1300 + 6040);

  /* The draft: gold from 900, silver from 200, gold members' coupon worth twice as much. */
  draft = mc_programme_copy (live);
  ((McTier *) g_ptr_array_index (draft->tiers, 1))->threshold = 200;
  ((McTier *) g_ptr_array_index (draft->tiers, 2))->threshold = 900;
  ((McBenefit *) g_ptr_array_index (draft->benefits, 0))->unit_cost_fen = 2000;
  b = mc_simulate_run (data, draft);
  /* growth 0, 99, 100 -> base; 999, 1000 -> gold */
  g_assert_cmpint (b->tiers[0].members, ==, 3);
  g_assert_cmpint (b->tiers[1].members, ==, 0);
  g_assert_cmpint (b->tiers[2].members, ==, 2);
  g_assert_cmpint (b->tiers[2].monthly_benefit_cost_fen, ==, 2 * 4000);

  mv = mc_simulate_movement (a, b);
  g_assert_cmpuint (mv->n_from, ==, 3);
  g_assert_cmpuint (mv->n_to, ==, 3);
  /* base -> base 2; silver -> base 1 (growth 100), silver -> gold 1; gold -> gold 1 */
  g_assert_cmpint (mv->matrix[0 * 3 + 0], ==, 2);
  g_assert_cmpint (mv->matrix[1 * 3 + 0], ==, 1);
  g_assert_cmpint (mv->matrix[1 * 3 + 2], ==, 1);
  g_assert_cmpint (mv->matrix[2 * 3 + 2], ==, 1);
  g_assert_cmpint (mv->up, ==, 1);
  g_assert_cmpint (mv->down, ==, 1);
  g_assert_cmpint (mv->same, ==, 3);
  g_assert_cmpuint (mv->downgraded->len, ==, 1);
  g_assert_cmpuint (g_array_index (mv->downgraded, guint, 0), ==, 2);
}

/* The metric, the window and the growth rates of the draft choose what is compared. */
static void
test_metric_window_rates (void)
{
  g_autoptr(McProgramme) live = small_programme ();
  g_autoptr(McProgramme) draft = mc_programme_copy (live);
  g_autoptr(McSimulateData) data = NULL;
  g_autoptr(McSimulateResult) r = NULL;
  McSimulateMember m[2];

  m[0] = member (1, 50, 500000, 0);
  m[0].revenue_fen[W6] = 150000;          /* ¥1,500 in the half-year */
  m[0].whole_yuan[W6] = 1500;
  m[0].orders[W6] = 3;
  m[0].growth[W6] = 40;
  m[1] = member (2, 50, 500000, 0);
  m[1].revenue_fen[W6] = 90000;
  m[1].whole_yuan[W6] = 900;
  m[1].orders[W6] = 1;
  m[1].growth[W6] = 30;
  data = mc_simulate_data_new (1000000, live, m, 2, NULL);

  /* Spend over the half-year, silver from ¥1,000, gold from ¥2,000: silver and base. */
  draft->metric = MC_TIER_METRIC_SPEND;
  draft->window = MC_WINDOW_HALF_YEAR;
  ((McTier *) g_ptr_array_index (draft->tiers, 1))->threshold = 100000;
  ((McTier *) g_ptr_array_index (draft->tiers, 2))->threshold = 200000;
  r = mc_simulate_run (data, draft);
  g_assert_cmpint (r->tiers[0].members, ==, 1);
  g_assert_cmpint (r->tiers[1].members, ==, 1);
  g_assert_cmpint (r->tiers[1].revenue_fen, ==, 150000);
  g_assert_cmpint (r->window_months, ==, 6);
  g_clear_pointer (&r, mc_simulate_result_free);

  /* Growth with 2 per yuan (live 1) and 10 per order as live: recorded growth + 1 × whole
   * yuan: 40 + 1500 = 1540 (gold at 1000), 30 + 900 = 930 (silver). */
  draft->metric = MC_TIER_METRIC_GROWTH;
  draft->growth_per_yuan = 2;
  ((McTier *) g_ptr_array_index (draft->tiers, 1))->threshold = 100;
  ((McTier *) g_ptr_array_index (draft->tiers, 2))->threshold = 1000;
  r = mc_simulate_run (data, draft);
  g_assert_cmpint (mc_simulate_member_value (data, draft, 0), ==, 1540);
  g_assert_cmpint (mc_simulate_member_value (data, draft, 1), ==, 930);
  g_assert_cmpint (r->tiers[2].members, ==, 1);
  g_assert_cmpint (r->tiers[1].members, ==, 1);
  g_clear_pointer (&r, mc_simulate_result_free);

  /* Orders in the half-year, gold from 3. */
  draft->metric = MC_TIER_METRIC_ORDERS;
  ((McTier *) g_ptr_array_index (draft->tiers, 1))->threshold = 2;
  ((McTier *) g_ptr_array_index (draft->tiers, 2))->threshold = 3;
  r = mc_simulate_run (data, draft);
  g_assert_cmpint (r->tiers[0].members, ==, 1);
  g_assert_cmpint (r->tiers[2].members, ==, 1);
}

/* Plans pay for the benefits the subscriber's tier does not give; campaigns. */
static void
test_plans_and_campaigns (void)
{
  g_autoptr(McProgramme) p = small_programme ();
  g_autoptr(McSimulateData) data = NULL;
  g_autoptr(McSimulateResult) r = NULL;
  const char *plans[] = { "plus", "gone", NULL };
  McPaidPlan *plan;
  McBenefit *ship, *gift;
  McSimulateMember m[4];

  /* Free shipping: ¥8 a use, 2 a week at 70 %: 800 × 0.7 × 2 × 30 / 7 = 4800 fen a month. */
  ship = mc_programme_add_benefit (p, "ship", "Free shipping", MC_BENEFIT_PRICE);
  ship->free_shipping_min_fen = 9900;
  ship->unit_cost_fen = 800;
  ship->usage_rate_permille = 700;
  ship->limit_per_period = 2;
  ship->period = MC_PERIOD_WEEK;
  g_assert_cmpfloat_with_epsilon (mc_benefit_monthly_cost (ship, 0), 4800.0, 1e-6);
  plan = mc_programme_add_plan (p, "plus", "Plus", MC_PLAN_YEAR, 12000);
  mc_programme_set_plan_benefit (p, "plus", "ship", TRUE);
  mc_programme_set_plan_benefit (p, "plus", "coupon", TRUE);
  g_assert_cmpfloat_with_epsilon (mc_paid_plan_monthly_price (plan), 1000.0, 1e-9);
  /* Birthday gift ¥30 used at 100 %: members / 12 × 3000. */
  gift = mc_programme_add_benefit (p, "gift", "Birthday gift", MC_BENEFIT_IDENTITY);
  gift->unit_cost_fen = 3000;
  gift->usage_rate_permille = 1000;
  p->birthday_benefit = g_strdup ("gift");

  m[0] = member (1, 0, 0, 0);        /* base, plus */
  m[0].plan = 0;
  m[1] = member (2, 5000, 0, 0);     /* gold, plus: the coupon comes with gold already */
  m[1].plan = 0;
  m[2] = member (3, 5000, 0, 0);     /* gold, a plan the programme no longer has */
  m[2].plan = 1;
  m[3] = member (4, 0, 0, 0);
  data = mc_simulate_data_new (1000000, p, m, 4, plans);
  r = mc_simulate_run (data, p);
  g_assert_cmpuint (r->n_plans, ==, 1);
  g_assert_cmpint (r->plans[0].subscribers, ==, 2);
  /* Base subscriber: ship 4800 + coupon 2000; gold subscriber: ship 4800 only. */
  g_assert_cmpint (r->plans[0].monthly_benefit_cost_fen, ==, 4800 + 2000 + 4800);
  g_assert_cmpint (r->plans[0].monthly_revenue_fen, ==, 2 * 1000);
  /* 4 members / 12 × 3000 = 1000. */
  g_assert_cmpint (r->campaigns_monthly_cost_fen, ==, 1000);
  /* Tiers: two gold members × 2000. */
  g_assert_cmpint (r->tiers_monthly_cost_fen, ==, 4000);
  g_assert_cmpint (r->monthly_benefit_cost_fen, ==, 4000 + 11600 + 1000);
}

/* ---- prepare, on a workspace ---- */

typedef struct
{
  char *dir;
  char *path;
  McDb *db;
} Workspace;

static void
workspace_open (Workspace *ws)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();

  ws->dir = g_dir_make_tmp ("mc-test-simulate-XXXXXX", &error);
  g_assert_no_error (error);
  ws->path = g_build_filename (ws->dir, "workspace.db", NULL);
  ws->db = mc_db_open (ws->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_db_begin (ws->db, &error));
  g_assert_true (mc_programme_install_live (ws->db, programme, &error));
  g_assert_true (mc_db_commit (ws->db, &error));
}

static void
workspace_close (Workspace *ws)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&ws->db);
  dir = g_dir_open (ws->dir, 0, NULL);
  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (ws->dir, name, NULL);

        g_remove (file);
      }
  g_rmdir (ws->dir);
  g_free (ws->dir);
  g_free (ws->path);
}

static char *
add_member (Workspace  *ws,
            const char *name,
            const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = mc_member_new ();

  m->name = g_strdup (name);
  m->phone = g_strdup (phone);
  g_assert_true (mc_member_insert (ws->db, m, &error));
  g_assert_no_error (error);
  return g_strdup (m->id);
}

static char *
add_order (Workspace  *ws,
           const char *member_id,
           gint64      amount_fen,
           gint64      at)
{
  g_autoptr(GError) error = NULL;
  McOrderInput input = { 0 };
  McOrderResult r = { 0 };
  char *id;

  input.member_id = member_id;
  input.amount_fen = amount_fen;
  input.at = at;
  g_assert_true (mc_order_add (ws->db, &input, &r, &error));
  g_assert_no_error (error);
  id = g_strdup (r.order_id);
  mc_order_result_clear (&r);
  return id;
}

static gint64
months_before (McDb   *db,
               gint64  t,
               int     months)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_db_get_time_zone (db));
  g_autoptr(GDateTime) moved = g_date_time_add_months (local, -months);

  return g_date_time_to_unix (moved);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
cancel_cb (double   fraction,
           gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_prepare (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSimulateData) data = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *ann = NULL;
  g_autofree char *bob = NULL;
  g_autofree char *cy = NULL;
  g_autofree char *sale = NULL;
  g_autofree char *erased_id = NULL;
  const McSimulateMember *m;
  Workspace ws = { 0 };
  McOrderResult rr = { 0 };
  gint64 as_of, t1, t4, t8, t14;
  double last = -1.0;

  workspace_open (&ws);
  as_of = mc_db_now () - 3600;
  t1 = months_before (ws.db, as_of, 1);
  t4 = months_before (ws.db, as_of, 4);
  t8 = months_before (ws.db, as_of, 8);
  t14 = months_before (ws.db, as_of, 14);
  ann = add_member (&ws, "Ann", "13800000001");
  bob = add_member (&ws, "Bob", "13800000002");
  cy = add_member (&ws, "Cy", "13800000003");
  /* Ann: ¥100.50 one month ago, ¥200 the same day, ¥300 four months ago, ¥400 eight months
   * ago, ¥500 fourteen months ago (outside every window). */
  g_free (add_order (&ws, ann, 10050, t1));
  g_free (add_order (&ws, ann, 20000, t1 + 60));
  g_free (add_order (&ws, ann, 30000, t4));
  g_free (add_order (&ws, ann, 40000, t8));
  g_free (add_order (&ws, ann, 50000, t14));
  /* Bob: ¥99.99 four months ago, refunded ¥50 one month ago. */
  sale = add_order (&ws, bob, 9999, t4);
  g_assert_true (mc_order_refund (ws.db, sale, 5000, t1, &rr, &error));
  g_assert_no_error (error);
  mc_order_result_clear (&rr);
  /* Cy: nothing. An erased member is left out. */
  erased_id = add_member (&ws, "Gone", "13800000004");
  g_assert_true (mc_db_exec (ws.db, "UPDATE member SET status = 'erased' WHERE name = 'Gone'", &error));

  data = mc_simulate_prepare (ws.db, as_of, progress_cb, &last, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (data);
  g_assert_cmpfloat (last, ==, 1.0);
  g_assert_cmpuint (mc_simulate_data_get_n_members (data), ==, 3);

  m = mc_simulate_data_get_member (data, 0);   /* Ann, by rowid */
  g_assert_cmpint (m->revenue_fen[W3], ==, 30050);
  g_assert_cmpint (m->revenue_fen[W6], ==, 60050);
  g_assert_cmpint (m->revenue_fen[W12], ==, 100050);
  g_assert_cmpint (m->orders[W3], ==, 2);
  g_assert_cmpint (m->orders[W6], ==, 3);
  g_assert_cmpint (m->orders[W12], ==, 4);
  g_assert_cmpint (m->whole_yuan[W12], ==, 100 + 200 + 300 + 400);
  /* The two sales one month ago are one day (unless the minute between them crossed
   * midnight, which an as-of an hour before now makes unlikely but possible). */
  g_assert_cmpint (m->active_days[W3], >=, 1);
  g_assert_cmpint (m->active_days[W3], <=, 2);
  g_assert_cmpint (m->active_days[W12], ==, m->active_days[W3] + 2);
  /* Growth: whole yuan + 10 per sale. */
  g_assert_cmpint (m->growth[W3], ==, 100 + 10 + 200 + 10);
  g_assert_cmpint (m->growth[W12], ==, 1000 + 40);
  /* Points balance: 100 + 200 + 300 + 400 + 500 at 1 per yuan. */
  g_assert_cmpint (m->points_balance, ==, 1500);
  g_assert_cmpint (m->plan, ==, -1);

  m = mc_simulate_data_get_member (data, 1);   /* Bob */
  g_assert_cmpint (m->revenue_fen[W3], ==, -5000);
  g_assert_cmpint (m->revenue_fen[W6], ==, 4999);
  g_assert_cmpint (m->orders[W3], ==, 0);
  g_assert_cmpint (m->orders[W6], ==, 1);
  g_assert_cmpint (m->active_days[W6], ==, 1);
  g_assert_cmpint (m->whole_yuan[W6], ==, 99 - 50);

  m = mc_simulate_data_get_member (data, 2);   /* Cy */
  g_assert_cmpint (m->revenue_fen[W12], ==, 0);
  g_assert_cmpint (m->growth[W12], ==, 0);

  /* The live programme on this data: Ann 1040 growth is base (silver from 2000). */
  {
    g_autoptr(McSimulateResult) r = mc_simulate_run (data, mc_simulate_data_get_live (data));
    g_autoptr(McProgramme) draft = mc_programme_copy (mc_simulate_data_get_live (data));
    g_autoptr(McSimulateResult) d = NULL;
    g_autoptr(McSimulateMovement) mv = NULL;
    g_autoptr(GPtrArray) rows = NULL;
    g_autofree char *csv_path = g_build_filename (ws.dir, "down.csv", NULL);
    g_autofree char *csv = NULL;

    g_assert_cmpint (r->tiers[0].members, ==, 3);
    /* Silver from 1000: Ann goes up; then from the draft back to live she goes down. */
    ((McTier *) g_ptr_array_index (draft->tiers, 1))->threshold = 1000;
    d = mc_simulate_run (data, draft);
    g_assert_cmpint (d->tiers[1].members, ==, 1);
    mv = mc_simulate_movement (d, r);
    g_assert_cmpint (mv->down, ==, 1);
    rows = mc_simulate_downgraded (ws.db, data, d, r, mv, 0, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (((McSimulateDowngrade *) g_ptr_array_index (rows, 0))->name, ==, "Ann");
    g_assert_cmpstr (((McSimulateDowngrade *) g_ptr_array_index (rows, 0))->from_tier, ==, "Silver");
    g_assert_cmpint (((McSimulateDowngrade *) g_ptr_array_index (rows, 0))->value, ==, 1040);
    g_assert_true (mc_simulate_export_downgraded (ws.db, data, d, r, mv, csv_path, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_nonnull (strstr (csv, "card_no,name,from_tier,to_tier,value\r\n"));
    g_assert_nonnull (strstr (csv, ",Ann,Silver,Member,1040"));
  }

  /* Cancelled at the first progress report: nothing. */
  g_clear_pointer (&data, mc_simulate_data_free);
  data = mc_simulate_prepare (ws.db, as_of, cancel_cb, cancellable, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (data);

  workspace_close (&ws);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/simulate/run", test_run);
  g_test_add_func ("/simulate/metric-window-rates", test_metric_window_rates);
  g_test_add_func ("/simulate/plans-and-campaigns", test_plans_and_campaigns);
  g_test_add_func ("/simulate/prepare", test_prepare);
  return g_test_run ();
}
