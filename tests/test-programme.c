/* test-programme.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The programme designer's core: the JSON document (old documents load unchanged, the new
 * fields round-trip, a bad field is named), the designer's rules as field issues, the
 * benefits' monthly cost, yearly points clearing, the readable diff, and versions: drafts,
 * publishing (tiers re-evaluated, audited) and the roles that may not change the programme.
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
#include "mc-member.h"
#include "mc-order.h"
#include "mc-programme.h"
#include "mc-programme-check.h"
#include "mc-programme-diff.h"
#include "mc-programme-version.h"

/* A programme document as written before the designer: no benefits, plans, campaigns or
 * metric; an unknown field. */
static const char old_doc[] =
  "{\"name\":\"Old\",\"future_field\":{\"x\":1},"
  "\"tiers\":[{\"code\":\"base\",\"name\":\"Base\",\"color\":\"#888888\",\"threshold\":0,\"multiplier\":1.0},"
  "{\"code\":\"gold\",\"name\":\"Gold\",\"color\":\"#d4a72c\",\"threshold\":5000,\"multiplier\":1.5}],"
  "\"evaluation\":{\"window\":\"half-year\",\"grace_days\":10,\"warning_days\":5},"
  "\"points\":{\"per_yuan\":2,\"expiry_months\":12,\"value_fen\":1,\"daily_cap\":0},"
  "\"growth\":{\"per_yuan\":1,\"per_order\":5}}";

static void
test_json_old_document (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) p = mc_programme_from_json (old_doc, &error);
  g_autoptr(McProgramme) again = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (p->name, ==, "Old");
  g_assert_cmpuint (p->tiers->len, ==, 2);
  g_assert_cmpint (((McTier *) g_ptr_array_index (p->tiers, 1))->threshold, ==, 5000);
  g_assert_cmpint (p->window, ==, MC_WINDOW_HALF_YEAR);
  g_assert_cmpint (p->metric, ==, MC_TIER_METRIC_GROWTH);
  g_assert_cmpint (p->points_expiry_mode, ==, MC_EXPIRY_ROLLING);
  g_assert_cmpuint (p->benefits->len, ==, 0);
  g_assert_cmpuint (p->plans->len, ==, 0);
  g_assert_cmpint (p->member_day, ==, 0);
  g_assert_cmpint (p->member_day_multiplier_permille, ==, 1000);
  json = mc_programme_to_json (p);
  g_assert_nonnull (strstr (json, "\"future_field\":{\"x\":1}"));
  again = mc_programme_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (mc_programme_equal (p, again));
}

static McProgramme *
designed_programme (void)
{
  McProgramme *p = mc_programme_new_default ();
  McBenefit *b;
  McPaidPlan *plan;

  p->metric = MC_TIER_METRIC_SPEND;
  p->keep_task = g_strdup ("Spend ¥500 in the grace period");
  p->keep_task_target = 50000;
  p->points_expiry_mode = MC_EXPIRY_YEARLY;
  p->points_clear_month = 12;
  p->points_clear_day = 31;
  b = mc_programme_add_benefit (p, "off5", "5% off", MC_BENEFIT_PRICE);
  b->discount_permille = 50;
  b->unit_cost_fen = 300;
  b->usage_rate_permille = 250;
  b = mc_programme_add_benefit (p, "vip", "VIP line", MC_BENEFIT_SERVICE);
  b->service_level = g_strdup ("priority");
  b->unit_cost_fen = 1000;
  b->usage_rate_permille = 100;
  b->limit_per_period = 1;
  b->period = MC_PERIOD_MONTH;
  mc_programme_set_tier_benefit (p, "silver", "off5", TRUE);
  mc_programme_set_tier_benefit (p, "gold", "off5", TRUE);
  mc_programme_set_tier_benefit (p, "gold", "vip", TRUE);
  ((McTier *) g_ptr_array_index (p->tiers, 2))->badge = g_strdup ("★");
  plan = mc_programme_add_plan (p, "plus", "Plus", MC_PLAN_YEAR, 9900);
  plan->trial_days = 7;
  mc_programme_set_plan_benefit (p, "plus", "vip", TRUE);
  p->member_day = 18;
  p->member_day_multiplier_permille = 2000;
  p->birthday_benefit = g_strdup ("off5");
  p->birthday_points = 100;
  mc_programme_add_referral_step (p, 5, 500, NULL);
  mc_programme_add_referral_step (p, 3, 300, NULL);
  mc_programme_add_referral_step (p, 10, 1000, "vip");
  return p;
}

static void
test_json_designer_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) p = designed_programme ();
  g_autoptr(GPtrArray) issues = mc_programme_check (p);
  g_autofree char *json = NULL;
  g_autoptr(McProgramme) q = NULL;
  const McBenefit *vip;

  g_assert_cmpuint (issues->len, ==, 0);
  /* Referral steps are kept in rising order of invites. */
  g_assert_cmpint (g_array_index (p->referral_steps, McReferralStep, 0).invites, ==, 3);
  g_assert_cmpint (g_array_index (p->referral_steps, McReferralStep, 2).invites, ==, 10);
  json = mc_programme_to_json (p);
  g_assert_nonnull (strstr (json, "\"discount_percent\":5"));
  g_assert_nonnull (strstr (json, "\"clear_on\":\"12-31\""));
  q = mc_programme_from_json (json, &error);
  g_assert_no_error (error);
  g_assert_true (mc_programme_equal (p, q));
  g_assert_cmpint (q->metric, ==, MC_TIER_METRIC_SPEND);
  g_assert_cmpint (q->keep_task_target, ==, 50000);
  g_assert_cmpint (q->points_expiry_mode, ==, MC_EXPIRY_YEARLY);
  g_assert_true (mc_programme_tier_has_benefit (q, "gold", "vip"));
  g_assert_false (mc_programme_tier_has_benefit (q, "silver", "vip"));
  g_assert_true (mc_programme_plan_has_benefit (q, "plus", "vip"));
  vip = mc_programme_get_benefit (q, "vip");
  g_assert_cmpstr (vip->service_level, ==, "priority");
  g_assert_cmpint (vip->period, ==, MC_PERIOD_MONTH);
  g_assert_cmpint (mc_programme_get_plan (q, "plus")->trial_days, ==, 7);
  g_assert_cmpint (q->member_day_multiplier_permille, ==, 2000);
  g_assert_cmpstr (g_array_index (q->referral_steps, McReferralStep, 2).benefit, ==, "vip");
  g_assert_cmpstr (((McTier *) g_ptr_array_index (q->tiers, 2))->badge, ==, "★");

  /* Taking a benefit out of the catalogue takes it out of tiers, plans and campaigns. */
  g_assert_true (mc_programme_remove_benefit (q, "vip"));
  g_assert_false (mc_programme_tier_has_benefit (q, "gold", "vip"));
  g_assert_false (mc_programme_plan_has_benefit (q, "plus", "vip"));
  g_assert_null (g_array_index (q->referral_steps, McReferralStep, 2).benefit);
  g_assert_true (mc_programme_remove_benefit (q, "off5"));
  g_assert_null (q->birthday_benefit);
}

static void
assert_json_error (const char *json,
                   const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) p = mc_programme_from_json (json, &error);

  g_assert_null (p);
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
}

static void
test_json_errors (void)
{
  assert_json_error ("{\"benefits\":[{\"code\":\"x\",\"name\":\"X\",\"kind\":\"cash\"}]}",
                     "“benefits[0].kind” must be one of: identity, price, service, partner");
  assert_json_error ("{\"benefits\":[{\"code\":\"x\",\"name\":\"X\",\"kind\":\"price\",\"discount_percent\":120}]}",
                     "“benefits[0].discount_percent” is 120; it must be from 0 to 100");
  assert_json_error ("{\"benefits\":[{\"code\":\"x\",\"name\":\"X\",\"kind\":\"price\",\"discount_percent\":100}]}",
                     "“benefits[0].discount_percent”: A discount is a percentage from 0 to less than 100.");
  assert_json_error ("{\"tiers\":[{\"code\":\"a\",\"name\":\"A\",\"threshold\":0},"
                     "{\"code\":\"b\",\"name\":\"B\",\"threshold\":500},{\"code\":\"c\",\"name\":\"C\",\"threshold\":500}]}",
                     "“tiers[2].threshold”: Thresholds must rise with the tiers: “C” needs more than 500");
  assert_json_error ("{\"tiers\":[{\"code\":\"a\",\"name\":\"A\",\"threshold\":0}]}",
                     "“tiers”: A programme has 2 to 10 tiers; this one has 1.");
  assert_json_error ("{\"tiers\":[{\"code\":\"a\",\"name\":\"A\",\"threshold\":0,\"benefits\":[\"nope\"]},"
                     "{\"code\":\"b\",\"name\":\"B\",\"threshold\":5}]}",
                     "“tiers[0].benefits”: There is no benefit “nope” in the catalogue.");
  assert_json_error ("{\"evaluation\":{\"metric\":\"visits\"}}",
                     "“evaluation.metric” must be one of: growth, spend, orders, active_days");
  assert_json_error ("{\"plans\":[{\"code\":\"p\",\"name\":\"P\",\"period\":\"week\"}]}",
                     "“plans[0].period” must be one of: month, quarter, year, lifetime");
  assert_json_error ("{\"points\":{\"expiry\":\"yearly\",\"clear_on\":\"02-30\"}}",
                     "“points.clear_on”: 02-30 is not a day of the year");
  assert_json_error ("[1]", "The programme must be a JSON object.");
}

static void
test_check (void)
{
  g_autoptr(McProgramme) p = designed_programme ();
  g_autoptr(GPtrArray) issues = NULL;
  McProgrammeIssue *issue;
  McBenefit *b;

  /* Thresholds that do not rise, a usage rate over 100 %, a partner benefit without a
   * partner, a limit without a period, referral steps that do not rise: each on its field. */
  ((McTier *) g_ptr_array_index (p->tiers, 2))->threshold = 2000;
  b = (McBenefit *) mc_programme_get_benefit (p, "off5");
  b->usage_rate_permille = 1200;
  b = mc_programme_add_benefit (p, "air", "Airline miles", MC_BENEFIT_PARTNER);
  b->limit_per_period = 2;
  g_array_index (p->referral_steps, McReferralStep, 1).invites = 3;
  issues = mc_programme_check (p);

  issue = mc_programme_issues_find (issues, "tiers[2].threshold");
  g_assert_nonnull (issue);
  g_assert_cmpint (issue->section, ==, MC_PROGRAMME_SECTION_TIERS);
  g_assert_cmpint (issue->index, ==, 2);
  g_assert_cmpstr (issue->message, ==, "Thresholds must rise with the tiers: “Gold” needs more than 2000 "
                   "(the threshold of “Silver”), not 2000.");
  issue = mc_programme_issues_find (issues, "benefits[0].usage_rate_percent");
  g_assert_nonnull (issue);
  g_assert_cmpstr (issue->message, ==, "A usage rate is a percentage from 0 to 100.");
  g_assert_nonnull (mc_programme_issues_find (issues, "benefits[2].partner"));
  g_assert_nonnull (mc_programme_issues_find (issues, "benefits[2].period"));
  issue = mc_programme_issues_find (issues, "campaigns.referral[1].invites");
  g_assert_nonnull (issue);
  g_assert_cmpint (issue->index, ==, 1);
  g_assert_null (mc_programme_issues_find (issues, "tiers[1].threshold"));
  g_assert_cmpuint (mc_programme_issues_count (issues, MC_PROGRAMME_SECTION_TIERS), ==, 1);
  g_assert_cmpuint (mc_programme_issues_count (issues, MC_PROGRAMME_SECTION_BENEFITS), ==, 3);
  g_assert_cmpuint (mc_programme_issues_count (issues, MC_PROGRAMME_SECTION_CAMPAIGNS), ==, 1);
  g_assert_cmpuint (issues->len, ==, 5);
  g_clear_pointer (&issues, g_ptr_array_unref);

  /* A programme with issues still copies, field for field. */
  {
    g_autoptr(McProgramme) copy = mc_programme_copy (p);
    g_autoptr(GPtrArray) copied_issues = NULL;

    g_assert_nonnull (copy);
    g_assert_true (mc_programme_equal (p, copy));
    copied_issues = mc_programme_check (copy);
    g_assert_cmpuint (copied_issues->len, ==, 5);
    ((McTier *) g_ptr_array_index (copy->tiers, 2))->threshold = 9000;
    g_assert_false (mc_programme_equal (p, copy));
  }

  /* 11 tiers; a tier without a name. */
  for (int i = 0; i < 8; i++)
    {
      g_autofree char *code = g_strdup_printf ("t%d", i);

      mc_programme_add_tier (p, code, i == 3 ? " " : code, 100000 + i);
    }
  issues = mc_programme_check (p);
  issue = mc_programme_issues_find (issues, "tiers");
  g_assert_nonnull (issue);
  g_assert_cmpstr (issue->message, ==, "A programme has 2 to 10 tiers; this one has 11.");
  /* add_tier keeps rank order: t3 is the sixth tier. */
  g_assert_nonnull (mc_programme_issues_find (issues, "tiers[6].name"));
}

static void
test_benefit_cost_and_expiry (void)
{
  McBenefit b = { 0 };
  g_autoptr(McProgramme) p = mc_programme_new_default ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  g_autoptr(GDateTime) earned = g_date_time_new (tz, 2026, 5, 1, 10, 0, 0);
  g_autoptr(GDateTime) late = g_date_time_new (tz, 2026, 12, 31, 10, 0, 0);
  g_autoptr(GDateTime) clear1 = g_date_time_new (tz, 2026, 12, 31, 0, 0, 0);
  g_autoptr(GDateTime) clear2 = g_date_time_new (tz, 2027, 12, 31, 0, 0, 0);

  /* Coupons: 4 a month × ¥5 cost × 30 % = 600 fen. */
  b.kind = MC_BENEFIT_PRICE;
  b.coupons_per_month = 4;
  b.unit_cost_fen = 500;
  b.usage_rate_permille = 300;
  g_assert_cmpfloat_with_epsilon (mc_benefit_monthly_cost (&b, 0), 600.0, 1e-9);
  /* 3 a quarter at ¥12, fully used: 1 a month -> 1200. */
  b.coupons_per_month = 0;
  b.kind = MC_BENEFIT_SERVICE;
  b.limit_per_period = 3;
  b.period = MC_PERIOD_QUARTER;
  b.unit_cost_fen = 1200;
  b.usage_rate_permille = 1000;
  g_assert_cmpfloat_with_epsilon (mc_benefit_monthly_cost (&b, 0), 1200.0, 1e-9);
  /* No limit: once a month. Outside its validity: nothing. */
  b.limit_per_period = 0;
  g_assert_cmpfloat_with_epsilon (mc_benefit_monthly_cost (&b, 0), 1200.0, 1e-9);
  b.valid_from = 2000;
  b.valid_to = 3000;
  g_assert_cmpfloat_with_epsilon (mc_benefit_monthly_cost (&b, 1000), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_benefit_monthly_cost (&b, 2500), 1200.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_benefit_monthly_cost (&b, 3000), 0.0, 1e-9);

  /* Yearly clearing on 12-31: points earned in May go on the coming 31 December, points
   * earned on the 31st itself on the next year's. */
  p->points_expiry_mode = MC_EXPIRY_YEARLY;
  p->points_clear_month = 12;
  p->points_clear_day = 31;
  g_assert_cmpint (mc_programme_points_expiry (p, g_date_time_to_unix (earned), tz), ==,
                   g_date_time_to_unix (clear1));
  g_assert_cmpint (mc_programme_points_expiry (p, g_date_time_to_unix (late), tz), ==,
                   g_date_time_to_unix (clear2));
}

static void
test_diff (void)
{
  g_autoptr(McProgramme) a = designed_programme ();
  g_autoptr(McProgramme) b = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  McTier *gold;

  ((McTier *) g_ptr_array_index (a->tiers, 2))->threshold = 10000;
  b = mc_programme_copy (a);
  changes = mc_programme_diff (a, b);
  g_assert_cmpuint (changes->len, ==, 0);
  g_clear_pointer (&changes, g_ptr_array_unref);

  gold = g_ptr_array_index (b->tiers, 2);
  gold->threshold = 8000;
  gold->multiplier_permille = 2000;
  mc_programme_remove_benefit (b, "vip");
  mc_programme_add_tier (b, "diamond", "Diamond", 50000);
  b->point_value_fen = 2;
  changes = mc_programme_diff (a, b);
  for (guint i = 0; i < changes->len; i++)
    g_string_append_printf (all, "%s\n", ((McProgrammeChange *) g_ptr_array_index (changes, i))->text);
  g_assert_nonnull (strstr (all->str, "Gold threshold 10,000 → 8,000\n"));
  g_assert_nonnull (strstr (all->str, "Gold points multiplier 1.5 → 2\n"));
  g_assert_nonnull (strstr (all->str, "Gold benefits off5, vip → off5\n"));
  g_assert_nonnull (strstr (all->str, "Tier “Diamond” added: threshold 50,000\n"));
  g_assert_nonnull (strstr (all->str, "Benefit “VIP line” removed (was Service, ¥10 × 10%)\n"));
  g_assert_nonnull (strstr (all->str, "Value of a point (fen) 1 → 2\n"));
  g_assert_nonnull (strstr (all->str, "Plus benefits vip → -\n"));
  {
    McProgrammeChange *c = g_ptr_array_index (changes, 0);

    /* The first change in document order: Gold's threshold (the tiers come first). */
    g_assert_cmpstr (c->path, ==, "tiers[gold].threshold");
    g_assert_cmpstr (c->before, ==, "10,000");
    g_assert_cmpstr (c->after, ==, "8,000");
  }
}

/* ---- versions, on a workspace ---- */

typedef struct
{
  char *dir;
  McDb *db;
} Workspace;

static void
workspace_open (Workspace *ws)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autofree char *path = NULL;

  ws->dir = g_dir_make_tmp ("mc-test-programme-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (ws->dir, "workspace.db", NULL);
  ws->db = mc_db_open (path, &error);
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
}

static gint64
query_int (McDb       *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 v;

  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

static void
test_versions_publish (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) draft = mc_programme_new_default ();
  g_autoptr(McProgramme) loaded = NULL;
  g_autoptr(McProgramme) live = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(McMember) m = mc_member_new ();
  g_autoptr(McMember) after = NULL;
  g_autofree char *id = NULL;
  g_autofree char *prefix = NULL;
  McOrderInput input = { 0 };
  McOrderResult r = { 0 };
  McTierStats stats = { 0 };
  Workspace ws = { 0 };
  gint64 refused_before;

  workspace_open (&ws);
  /* A member with ¥3,000 this month: growth 3010, silver under the default programme. */
  m->name = g_strdup ("Ann");
  m->phone = g_strdup ("13800000001");
  g_assert_true (mc_member_insert (ws.db, m, &error));
  input.member_id = m->id;
  input.amount_fen = 300000;
  input.at = mc_db_now () - 60;
  g_assert_true (mc_order_add (ws.db, &input, &r, &error));
  mc_order_result_clear (&r);
  g_assert_true (mc_tiers_evaluate (ws.db, mc_db_now (), NULL, &error));
  g_assert_no_error (error);

  /* A draft: gold from 3,000. */
  g_free (draft->name);
  draft->name = g_strdup ("Gold for more");
  ((McTier *) g_ptr_array_index (draft->tiers, 2))->threshold = 3000;
  {
    McBenefit *b = mc_programme_add_benefit (draft, "c5", "Coupon", MC_BENEFIT_PRICE);

    b->coupon_value_fen = 500;
    b->coupons_per_month = 2;
    b->unit_cost_fen = 500;
    mc_programme_add_plan (draft, "plus", "Plus", MC_PLAN_YEAR, 9900);
    mc_programme_set_plan_benefit (draft, "plus", "c5", TRUE);
  }
  id = mc_programme_draft_create (ws.db, draft, &error);
  g_assert_no_error (error);
  g_assert_nonnull (id);
  list = mc_programme_versions_list (ws.db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((McProgrammeVersion *) g_ptr_array_index (list, 0))->status, ==, MC_PROGRAMME_LIVE);
  g_assert_cmpint (((McProgrammeVersion *) g_ptr_array_index (list, 1))->status, ==, MC_PROGRAMME_DRAFT);
  g_assert_cmpstr (((McProgrammeVersion *) g_ptr_array_index (list, 1))->name, ==, "Gold for more");

  /* Found by its whole id; saved again; loaded. */
  ((McTier *) g_ptr_array_index (draft->tiers, 1))->threshold = 1000;
  g_assert_true (mc_programme_draft_save (ws.db, id, draft, &error));
  g_assert_no_error (error);
  loaded = mc_programme_version_load (ws.db, id, &error);
  g_assert_no_error (error);
  g_assert_true (mc_programme_equal (loaded, draft));
  g_assert_null (mc_programme_version_load (ws.db, "abc", &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (mc_programme_version_load (ws.db, "zzzzzzzz", &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A clerk may not publish, nor make drafts; each refusal is audited. */
  refused_before = query_int (ws.db, "SELECT count(*) FROM audit_log WHERE action = 'refused'");
  mc_db_set_role (ws.db, MC_ROLE_CLERK);
  g_assert_false (mc_programme_publish (ws.db, id, 0, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_null (mc_programme_draft_create (ws.db, draft, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_false (mc_programme_draft_delete (ws.db, id, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM audit_log WHERE action = 'refused'"), ==,
                   refused_before + 3);
  mc_db_set_role (ws.db, MC_ROLE_MANAGER);

  /* Published by the beginning of its id: live, the old one retired, Ann re-evaluated. */
  prefix = g_strndup (id, 36);
  g_assert_true (mc_programme_publish (ws.db, prefix, 0, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.members, ==, 1);
  g_assert_cmpint (stats.upgraded, ==, 1);
  live = mc_programme_load_live (ws.db, &error);
  g_assert_cmpstr (live->name, ==, "Gold for more");
  after = mc_member_load (ws.db, m->id, &error);
  g_assert_cmpstr (after->tier, ==, "gold");
  g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM programme_version WHERE status = 'retired'"), ==, 1);
  g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM programme_version WHERE status = 'live' "
                                     "AND effective_at IS NOT NULL"), ==, 1);
  g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM audit_log WHERE action = 'programme.publish' "
                                     "AND role = 'manager'"), ==, 1);

  /* The catalogue tables follow the live programme. */
  g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM benefit WHERE code = 'c5' AND deleted = 0 "
                                     "AND unit_cost_fen = 500 AND kind = 'price'"), ==, 1);
  g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM paid_plan WHERE code = 'plus' AND deleted = 0 "
                                     "AND price_fen = 9900 AND benefits = '[\"c5\"]'"), ==, 1);

  /* A live version is no longer a draft: it cannot be saved or published again. */
  g_assert_false (mc_programme_draft_save (ws.db, id, draft, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);

  /* A new draft, deleted. */
  {
    g_autofree char *second = mc_programme_draft_create (ws.db, draft, &error);

    g_assert_no_error (error);
    g_assert_true (mc_programme_draft_delete (ws.db, second, &error));
    g_assert_no_error (error);
    g_clear_pointer (&list, g_ptr_array_unref);
    list = mc_programme_versions_list (ws.db, &error);
    g_assert_cmpuint (list->len, ==, 2);
  }
  /* The default programme published over it: its benefit and plan are marked deleted. */
  {
    g_autoptr(McProgramme) plain = mc_programme_new_default ();
    g_autofree char *third = mc_programme_draft_create (ws.db, plain, &error);

    g_assert_no_error (error);
    g_assert_true (mc_programme_publish (ws.db, third, 0, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM benefit WHERE code = 'c5' AND deleted = 1"), ==, 1);
    g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM paid_plan WHERE deleted = 0"), ==, 0);
    g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM programme_version WHERE status = 'retired'"), ==, 2);
  }
  workspace_close (&ws);
}

static McProgrammeVersion *
find_version (McDb       *db,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  McProgrammeVersion *v = mc_programme_version_find (db, id, &error);

  g_assert_no_error (error);
  return v;
}

/* Publishing with a later date schedules the draft; mc_programme_publish_due () makes it
 * live when the (hand-set) clock reaches it. */
static void
test_versions_schedule (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) gold = mc_programme_new_default ();
  g_autoptr(McProgramme) interim = mc_programme_new_default ();
  g_autoptr(McProgramme) live = NULL;
  g_autoptr(McMember) m = mc_member_new ();
  g_autoptr(McMember) after = NULL;
  g_autoptr(McProgrammeVersion) v = NULL;
  g_autoptr(McProgrammeVersion) published = NULL;
  g_autofree char *gold_id = NULL;
  g_autofree char *interim_id = NULL;
  g_autofree char *spare_id = NULL;
  McOrderInput input = { 0 };
  McOrderResult r = { 0 };
  McTierStats stats = { 0 };
  Workspace ws = { 0 };
  gint64 t0, audits_before;

  workspace_open (&ws);
  /* Ann: ¥3,000 a minute ago, growth 3010, silver under the default programme. */
  m->name = g_strdup ("Ann");
  m->phone = g_strdup ("13800000001");
  g_assert_true (mc_member_insert (ws.db, m, &error));
  t0 = mc_db_now ();
  input.member_id = m->id;
  input.amount_fen = 300000;
  input.at = t0 - 60;
  g_assert_true (mc_order_add (ws.db, &input, &r, &error));
  mc_order_result_clear (&r);
  g_assert_true (mc_tiers_evaluate (ws.db, t0, NULL, &error));
  g_assert_no_error (error);

  g_free (gold->name);
  gold->name = g_strdup ("Gold for more");
  ((McTier *) g_ptr_array_index (gold->tiers, 2))->threshold = 3000;
  g_free (interim->name);
  interim->name = g_strdup ("Interim");
  gold_id = mc_programme_draft_create (ws.db, gold, &error);
  g_assert_no_error (error);
  interim_id = mc_programme_draft_create (ws.db, interim, &error);
  g_assert_no_error (error);

  /* Gold for more, one hour from now: scheduled, still a draft, nothing re-evaluated. */
  stats.members = 99;
  g_assert_true (mc_programme_publish (ws.db, gold_id, t0 + 3600, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.members, ==, 0);
  v = find_version (ws.db, gold_id);
  g_assert_cmpint (v->status, ==, MC_PROGRAMME_DRAFT);
  g_assert_cmpint (v->effective_at, ==, t0 + 3600);
  g_assert_true (mc_programme_version_is_scheduled (v));
  g_assert_cmpstr (mc_programme_version_status_display (v), ==, "Scheduled");
  g_clear_pointer (&v, mc_programme_version_free);
  live = mc_programme_load_live (ws.db, &error);
  g_assert_cmpstr (live->name, ==, "Standard programme");
  g_clear_pointer (&live, mc_programme_free);
  g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM audit_log WHERE action = 'programme.schedule'"), ==, 1);

  /* Not due yet at t0, nor a second before the hour. */
  g_assert_true (mc_programme_publish_due (ws.db, t0, &published, &stats, &error));
  g_assert_no_error (error);
  g_assert_null (published);
  g_assert_true (mc_programme_publish_due (ws.db, t0 + 3599, &published, NULL, &error));
  g_assert_null (published);

  /* Unscheduled: stays a draft with no date; due never; a second time is an error. */
  g_assert_true (mc_programme_draft_unschedule (ws.db, gold_id, &error));
  g_assert_no_error (error);
  v = find_version (ws.db, gold_id);
  g_assert_cmpint (v->effective_at, ==, 0);
  g_assert_false (mc_programme_version_is_scheduled (v));
  g_clear_pointer (&v, mc_programme_version_free);
  g_assert_true (mc_programme_publish_due (ws.db, t0 + 86400, &published, NULL, &error));
  g_assert_null (published);
  g_assert_false (mc_programme_draft_unschedule (ws.db, gold_id, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);

  /* A clerk may not schedule. */
  mc_db_set_role (ws.db, MC_ROLE_CLERK);
  g_assert_false (mc_programme_publish (ws.db, gold_id, t0 + 3600, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  mc_db_set_role (ws.db, MC_ROLE_MANAGER);

  /* Interim from t0 + 60, Gold for more from t0 + 3600. */
  g_assert_true (mc_programme_publish (ws.db, interim_id, t0 + 60, NULL, &error));
  g_assert_true (mc_programme_publish (ws.db, gold_id, t0 + 3600, NULL, &error));
  g_assert_no_error (error);

  /* An analyst opening the workspace two hours later leaves it to a role that may write. */
  audits_before = query_int (ws.db, "SELECT count(*) FROM audit_log");
  mc_db_set_role (ws.db, MC_ROLE_ANALYST);
  g_assert_true (mc_programme_publish_due (ws.db, t0 + 7200, &published, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (published);
  g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM audit_log"), ==, audits_before);
  mc_db_set_role (ws.db, MC_ROLE_CLERK);

  /* A clerk, two hours later: both go live in date order, Gold for more stays live from its
   * date, Ann is re-evaluated as of then (3010 ≥ 3000: gold). */
  g_assert_true (mc_programme_publish_due (ws.db, t0 + 7200, &published, &stats, &error));
  g_assert_no_error (error);
  g_assert_nonnull (published);
  g_assert_cmpstr (published->id, ==, gold_id);
  g_assert_cmpint (published->status, ==, MC_PROGRAMME_LIVE);
  g_assert_cmpint (published->effective_at, ==, t0 + 3600);
  g_assert_cmpint (stats.members, ==, 1);
  g_assert_cmpint (stats.upgraded, ==, 1);
  live = mc_programme_load_live (ws.db, &error);
  g_assert_cmpstr (live->name, ==, "Gold for more");
  after = mc_member_load (ws.db, m->id, &error);
  g_assert_cmpstr (after->tier, ==, "gold");
  v = find_version (ws.db, interim_id);
  g_assert_cmpint (v->status, ==, MC_PROGRAMME_RETIRED);
  g_assert_cmpint (v->effective_at, ==, t0 + 60);
  g_clear_pointer (&v, mc_programme_version_free);
  g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM programme_version WHERE status = 'retired'"), ==, 2);
  g_assert_cmpint (query_int (ws.db, "SELECT count(*) FROM audit_log WHERE action = 'programme.publish.scheduled' "
                                     "AND role = 'clerk'"), ==, 2);
  g_clear_pointer (&published, mc_programme_version_free);

  /* Nothing left due. */
  g_assert_true (mc_programme_publish_due (ws.db, t0 + 86400, &published, NULL, &error));
  g_assert_null (published);

  /* A scheduled draft can be discarded. */
  mc_db_set_role (ws.db, MC_ROLE_MANAGER);
  spare_id = mc_programme_draft_create (ws.db, interim, &error);
  g_assert_true (mc_programme_publish (ws.db, spare_id, t0 + 3600, NULL, &error));
  g_assert_true (mc_programme_draft_delete (ws.db, spare_id, &error));
  g_assert_no_error (error);
  g_assert_true (mc_programme_publish_due (ws.db, t0 + 86400, &published, NULL, &error));
  g_assert_null (published);
  workspace_close (&ws);
}

/* The live evaluation counts the programme's metric: spend, sales or active days. */
static void
test_metric_evaluation (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = mc_member_new ();
  McOrderInput input = { 0 };
  McOrderResult r = { 0 };
  Workspace ws = { 0 };
  gint64 now;
  struct { McTierMetric metric; gint64 silver, gold; const char *expected; } cases[] = {
    { MC_TIER_METRIC_SPEND, 100000, 110001, "silver" },    /* ¥1,100 net: 110000 fen */
    { MC_TIER_METRIC_SPEND, 100000, 110000, "gold" },
    { MC_TIER_METRIC_ORDERS, 2, 3, "silver" },            /* 2 sales, the refund not counted */
    { MC_TIER_METRIC_ACTIVE_DAYS, 1, 2, "gold" },          /* 2 different days */
    { MC_TIER_METRIC_ACTIVE_DAYS, 1, 3, "silver" },
  };

  workspace_open (&ws);
  now = mc_db_now ();
  m->name = g_strdup ("Ann");
  m->phone = g_strdup ("13800000009");
  g_assert_true (mc_member_insert (ws.db, m, &error));
  input.member_id = m->id;
  input.amount_fen = 60000;
  input.at = now - 10 * 86400;
  g_assert_true (mc_order_add (ws.db, &input, &r, &error));
  mc_order_result_clear (&r);
  input.amount_fen = 60000;
  input.at = now - 3 * 86400;
  g_assert_true (mc_order_add (ws.db, &input, &r, &error));
  g_assert_true (mc_order_refund (ws.db, r.order_id, 10000, now - 2 * 86400, NULL, &error));
  g_assert_no_error (error);
  mc_order_result_clear (&r);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McProgramme) p = mc_programme_new_default ();
      g_autoptr(McMember) after = NULL;

      p->metric = cases[i].metric;
      ((McTier *) g_ptr_array_index (p->tiers, 1))->threshold = cases[i].silver;
      ((McTier *) g_ptr_array_index (p->tiers, 2))->threshold = cases[i].gold;
      p->grace_days = 0;
      g_assert_true (mc_programme_install_live (ws.db, p, &error));
      g_assert_no_error (error);
      g_assert_true (mc_tiers_evaluate (ws.db, now, NULL, &error));
      g_assert_no_error (error);
      after = mc_member_load (ws.db, m->id, &error);
      g_assert_cmpstr (after->tier, ==, cases[i].expected);
    }
  workspace_close (&ws);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/programme/json/old-document", test_json_old_document);
  g_test_add_func ("/programme/json/designer-fields", test_json_designer_fields);
  g_test_add_func ("/programme/json/errors", test_json_errors);
  g_test_add_func ("/programme/check", test_check);
  g_test_add_func ("/programme/benefit-cost-and-expiry", test_benefit_cost_and_expiry);
  g_test_add_func ("/programme/diff", test_diff);
  g_test_add_func ("/programme/versions-publish", test_versions_publish);
  g_test_add_func ("/programme/versions-schedule", test_versions_schedule);
  g_test_add_func ("/programme/metric-evaluation", test_metric_evaluation);
  return g_test_run ();
}
