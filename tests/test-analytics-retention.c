/* test-analytics-retention.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * D1 / D7 / D30 retention and monthly cohorts (data/metrics.md, "Retention") on members
 * whose active days are set by hand.
 */
#include "config.h"

#include <math.h>

#include "mc-analytics-json.h"
#include "mc-retention.h"
#include "mc-test-analytics.h"

/* P joined 2025-01-01, active 01-02 (D1), 01-08 (D7), 01-31 (D30).
 * Q joined 2025-01-01, active 01-02 (D1).
 * R joined 2025-01-20, active 02-19 (D30, a purchase) and 03-05.
 * S joined 2025-02-10, active 03-01.
 * Activity before joining day + 1 that is not day 1, 7 or 30 counts only for the months. */
static void
world_set_up (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *p = NULL, *q = NULL, *r = NULL, *s = NULL;
  g_autofree char *o1 = NULL, *o2 = NULL;

  fixture_set_up (f, data);
  p = member (f, "P", "2025-01-01", NULL, FALSE);
  q = member (f, "Q", "2025-01-01", NULL, FALSE);
  r = member (f, "R", "2025-01-20", NULL, FALSE);
  s = member (f, "S", "2025-02-10", NULL, FALSE);
  action (f, p, "checkin", "2025-01-02");
  action (f, p, "visit", "2025-01-08");
  action (f, p, "login", "2025-01-31");
  action (f, q, "like", "2025-01-02");
  o1 = sale (f, r, "2025-02-19", 1000, NULL);
  action (f, r, "checkin", "2025-03-05");
  action (f, s, "checkin", "2025-03-01");
  /* A purchase refunded in full is no activity. */
  o2 = sale (f, q, "2025-02-05", 1000, NULL);
  refund_of (f, o2, "2025-02-06", 1000);
}

static McRetention *
retention_of (Fixture           *f,
              McAnalyticsFilter *filter)
{
  g_autoptr(McAnalyticsData) data = load (f, filter);

  return mc_retention_compute (data);
}

static void
test_days (Fixture       *f,
           gconstpointer  data)
{
  McAnalyticsFilter filter = range (f, NULL, "2025-03-31", NULL);
  g_autoptr(McRetention) r = retention_of (f, &filter);

  g_assert_cmpuint (r->n_days, ==, 3);   /* 01-01, 01-20, 02-10 */
  g_assert_cmpint (r->days[0].joined, ==, 2);
  g_assert_cmpint (r->days[0].d1, ==, 2);
  g_assert_cmpint (r->days[0].d7, ==, 1);
  g_assert_cmpint (r->days[0].d30, ==, 1);
  g_assert_cmpint (r->days[1].joined, ==, 1);
  g_assert_cmpint (r->days[1].d1, ==, 0);
  g_assert_cmpint (r->days[1].d30, ==, 1);
  g_assert_cmpint (r->days[2].d30, ==, 0);   /* S: 03-01 is day 19 */
  g_assert_cmpfloat_with_epsilon (r->d1, 2.0 / 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->d7, 1.0 / 4, 1e-12);
  g_assert_cmpfloat_with_epsilon (r->d30, 2.0 / 4, 1e-12);
}

static void
test_unknown_days (Fixture       *f,
                   gconstpointer  data)
{
  /* As of 2025-02-15: S's day 7 (02-17) has not come; R's day 30 (02-19) neither. */
  McAnalyticsFilter filter = range (f, NULL, "2025-02-15", NULL);
  g_autoptr(McRetention) r = retention_of (f, &filter);

  g_assert_cmpuint (r->n_days, ==, 3);
  g_assert_true (r->days[2].d1_known);
  g_assert_false (r->days[2].d7_known);
  g_assert_false (r->days[1].d30_known);
  g_assert_true (r->days[0].d30_known);
  /* D30 over 01-01 only: P */
  g_assert_cmpfloat_with_epsilon (r->d30, 1.0 / 2, 1e-12);
  /* D7 over 01-01 and 01-20: P */
  g_assert_cmpfloat_with_epsilon (r->d7, 1.0 / 3, 1e-12);
}

static void
test_cohorts (Fixture       *f,
              gconstpointer  data)
{
  McAnalyticsFilter filter = range (f, NULL, "2025-03-31", NULL);
  g_autoptr(McRetention) r = retention_of (f, &filter);
  g_autoptr(JsonNode) node = NULL;
  JsonArray *cohorts;
  JsonObject *jan;

  g_assert_cmpuint (r->n_cohorts, ==, 3);   /* Jan, Feb, Mar */
  g_assert_cmpint (r->cohorts[0].size, ==, 3);
  g_assert_cmpuint (r->cohorts[0].n_months, ==, 3);
  g_assert_cmpint (r->cohorts[0].active[0], ==, 2);   /* P Q in January */
  g_assert_cmpint (r->cohorts[0].active[1], ==, 1);   /* R in February (Q's was refunded) */
  g_assert_cmpint (r->cohorts[0].active[2], ==, 1);   /* R in March */
  g_assert_cmpfloat_with_epsilon (r->cohorts[0].share[0], 2.0 / 3, 1e-12);
  g_assert_cmpint (r->cohorts[1].size, ==, 1);
  g_assert_cmpuint (r->cohorts[1].n_months, ==, 2);
  g_assert_cmpint (r->cohorts[1].active[0], ==, 0);
  g_assert_cmpint (r->cohorts[1].active[1], ==, 1);
  g_assert_cmpint (r->cohorts[2].size, ==, 0);
  g_assert_true (isnan (r->cohorts[2].share[0]));

  node = mc_cohorts_to_json (r);
  cohorts = json_object_get_array_member (json_node_get_object (node), "cohorts");
  g_assert_cmpuint (json_array_get_length (cohorts), ==, 3);
  jan = json_array_get_object_element (cohorts, 0);
  g_assert_cmpstr (json_object_get_string_member (jan, "cohort"), ==, "2025-01");
  g_assert_cmpint (json_object_get_int_member (jan, "size"), ==, 3);
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (json_object_get_array_member (jan, "retention"), 1),
                                  1.0 / 3, 1e-12);
  g_assert_true (json_array_get_null_element (json_object_get_array_member (
    json_array_get_object_element (cohorts, 2), "retention"), 0));
}

static void
test_range (Fixture       *f,
            gconstpointer  data)
{
  /* Only the February cohort, and only S's join day. */
  McAnalyticsFilter filter = range (f, "2025-02-01", "2025-02-28", "2025-03-31");
  g_autoptr(McRetention) r = retention_of (f, &filter);

  g_assert_cmpuint (r->n_days, ==, 1);
  g_assert_cmpint (r->days[0].joined, ==, 1);
  g_assert_cmpuint (r->n_cohorts, ==, 1);
  g_assert_cmpint (r->cohorts[0].size, ==, 1);
  g_assert_cmpuint (r->cohorts[0].n_months, ==, 2);   /* Feb and Mar, up to as_of */
  g_assert_cmpint (r->cohorts[0].active[1], ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/analytics/retention/days", Fixture, NULL, world_set_up, test_days, fixture_tear_down);
  g_test_add ("/analytics/retention/unknown-days", Fixture, NULL, world_set_up, test_unknown_days, fixture_tear_down);
  g_test_add ("/analytics/retention/cohorts", Fixture, NULL, world_set_up, test_cohorts, fixture_tear_down);
  g_test_add ("/analytics/retention/range", Fixture, NULL, world_set_up, test_range, fixture_tear_down);
  return g_test_run ();
}
