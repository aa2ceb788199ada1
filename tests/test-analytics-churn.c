/* test-analytics-churn.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Churn signals, recall groups and the consented-only export (data/metrics.md, "Churn")
 * on four members whose activity is set by hand, as of 2025-06-30.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "mc-analytics-json.h"
#include "mc-churn.h"
#include "mc-test-analytics.h"

typedef struct
{
  Fixture f;
  char *x, *y, *z, *w;
} World;

/* As of 2025-06-30, periods of 90 days: current 04-02 .. 06-30, previous 01-02 .. 04-01.
 *   X (consents) joined 01-01: ¥1000 on 01-10 and 01-20, nothing since: 161 days.
 *   Y joined 01-01: check-ins 02-10, 03-10, 05-01, 06-20, ¥10 on 06-20, a benefit on 06-15.
 *   Z (consents) joined 06-01: nothing (29 days).
 *   W joined 01-01: ¥50 on 03-01 (121 days).
 * One benefit is offered. */
static void
world_set_up (World         *w,
              gconstpointer  data)
{
  Fixture *f = &w->f;

  fixture_set_up (f, data);
  w->x = member (f, "X", "2025-01-01", NULL, TRUE);
  w->y = member (f, "Y", "2025-01-01", NULL, FALSE);
  w->z = member (f, "Z", "2025-06-01", NULL, TRUE);
  w->w = member (f, "W", "2025-01-01", NULL, FALSE);
  g_free (sale (f, w->x, "2025-01-10", 100000, NULL));
  g_free (sale (f, w->x, "2025-01-20", 100000, NULL));
  action (f, w->y, "checkin", "2025-02-10");
  action (f, w->y, "checkin", "2025-03-10");
  action (f, w->y, "checkin", "2025-05-01");
  action (f, w->y, "checkin", "2025-06-20");
  g_free (sale (f, w->y, "2025-06-20", 1000, NULL));
  action (f, w->y, "benefit_used", "2025-06-15");
  g_free (sale (f, w->w, "2025-03-01", 5000, NULL));
  exec_sql (f, "INSERT INTO benefit (id, code, name, kind, rev, seq) "
               "VALUES ('b1', 'free-shipping', 'Free shipping', 'price', '1-a', 1)");
}

static void
world_tear_down (World         *w,
                 gconstpointer  data)
{
  g_free (w->x);
  g_free (w->y);
  g_free (w->z);
  g_free (w->w);
  fixture_tear_down (&w->f, data);
}

static McChurn *
churn_of (World           *w,
          McAnalyticsData *d)
{
  McChurnOptions options = MC_CHURN_OPTIONS_INIT;

  options.p_alive_threshold = 0;   /* the rule signals alone; P(alive) is checked apart */
  return mc_churn_compute (d, &options, NULL);
}

static void
test_signals (World         *w,
              gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, NULL, NULL, "2025-06-30");
  g_autoptr(McAnalyticsData) d = load (&w->f, &filter);
  g_autoptr(McChurn) c = churn_of (w, d);
  /* members in the order they were added: X Y Z W */
  enum { X, Y, Z, W };

  g_assert_cmpuint (c->n, ==, 4);
  g_assert_true (c->benefit_signal_used);
  g_assert_cmpint (c->days_inactive[X], ==, 161);
  g_assert_cmpint (c->days_inactive[Y], ==, 10);
  g_assert_cmpint (c->days_inactive[Z], ==, 29);
  g_assert_cmpint (c->days_inactive[W], ==, 121);
  g_assert_cmpuint (c->signals[X], ==, MC_CHURN_SIGNAL_DORMANT | MC_CHURN_SIGNAL_DECLINING | MC_CHURN_SIGNAL_LOW_BENEFITS);
  g_assert_cmpuint (c->signals[Y], ==, 0);   /* 2 → 3 activities, a benefit used in June */
  g_assert_cmpuint (c->signals[Z], ==, MC_CHURN_SIGNAL_LOW_BENEFITS);
  g_assert_cmpuint (c->signals[W], ==, MC_CHURN_SIGNAL_DORMANT | MC_CHURN_SIGNAL_DECLINING | MC_CHURN_SIGNAL_LOW_BENEFITS);
  g_assert_cmpint (c->signal_members[0], ==, 2);
  g_assert_cmpint (c->signal_members[1], ==, 2);
  g_assert_cmpint (c->signal_members[2], ==, 3);
  g_assert_cmpint (c->signal_members[3], ==, 0);

  /* Buyers' spend ¥10, ¥50, ¥2000: high from the 80th percentile (rank ⌈2.4⌉ = 3),
   * low up to the 40th (rank ⌈1.2⌉ = 2). */
  g_assert_cmpint (c->high_value_min_fen, ==, 200000);
  g_assert_cmpint (c->low_value_max_fen, ==, 5000);
  g_assert_cmpuint (c->group[X], ==, MC_CHURN_GROUP_HIGH_VALUE_DORMANT);
  g_assert_cmpuint (c->group[Y], ==, MC_CHURN_GROUP_NONE);
  g_assert_cmpuint (c->group[Z], ==, MC_CHURN_GROUP_LOW_VALUE);
  g_assert_cmpuint (c->group[W], ==, MC_CHURN_GROUP_LOW_VALUE);
  g_assert_cmpint (c->group_members[MC_CHURN_GROUP_LOW_VALUE], ==, 2);
  g_assert_cmpint (c->group_consented[MC_CHURN_GROUP_LOW_VALUE], ==, 1);   /* Z */
  g_assert_cmpint (c->group_spend_fen[MC_CHURN_GROUP_HIGH_VALUE_DORMANT], ==, 200000);
}

static void
test_p_alive (World         *w,
              gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, NULL, NULL, "2025-06-30");
  g_autoptr(McAnalyticsData) d = load (&w->f, &filter);
  g_autoptr(McChurn) c = mc_churn_compute (d, NULL, NULL);

  /* Z bought nothing: no P(alive). With one repeat buyer among three the model fits. */
  g_assert_true (isnan (c->p_alive[2]));
  g_assert_true (c->p_alive_fitted);
  g_assert_cmpuint (c->fit_customers, ==, 3);
  /* Without a repeat purchase, BG/NBD's P(alive) is 1 (W, Y); X's repeat purchase was
   * 161 days ago, so X may have dropped out. */
  g_assert_cmpfloat_with_epsilon (c->p_alive[3], 1.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (c->p_alive[1], 1.0, 1e-6);
  g_assert_cmpfloat (c->p_alive[0], <, 1.0);
  g_assert_cmpfloat (c->p_alive[0], >, 0.0);
}

static void
test_export (World         *w,
             gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, NULL, NULL, "2025-06-30");
  g_autoptr(McAnalyticsData) d = load (&w->f, &filter);
  g_autoptr(McChurn) c = churn_of (w, d);
  g_autofree char *path = g_build_filename (w->f.dir, "recall.csv", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  /* Every group: X and Z consented; W did not. */
  g_assert_cmpint (mc_churn_export (w->f.db, d, c, MC_CHURN_GROUP_NONE, path, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "\xef\xbb\xbf" "card_no,name,phone,group,"));
  lines = g_strsplit (text, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);   /* header, X, Z, "" */
  g_assert_nonnull (strstr (lines[1], ",X,"));
  g_assert_nonnull (strstr (lines[1], ",high_value_dormant,dormant declining low_benefits,161,2000.00,"));
  g_assert_nonnull (strstr (lines[2], ",Z,"));
  g_assert_null (strstr (text, ",W,"));

  /* One group */
  g_assert_cmpint (mc_churn_export (w->f.db, d, c, MC_CHURN_GROUP_LOW_VALUE, path, &error), ==, 1);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, ",Z,"));
  g_assert_null (strstr (text, ",X,"));

  /* An analyst gets masked phones */
  mc_db_set_role (w->f.db, MC_ROLE_ANALYST);
  g_assert_cmpint (mc_churn_export (w->f.db, d, c, MC_CHURN_GROUP_NONE, path, &error), ==, 2);
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "****"));
}

static void
test_json (World         *w,
           gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, NULL, NULL, "2025-06-30");
  g_autoptr(McAnalyticsData) d = load (&w->f, &filter);
  g_autoptr(McChurn) c = churn_of (w, d);
  g_autoptr(JsonNode) node = mc_churn_to_json (c);
  JsonObject *o = json_node_get_object (node);
  JsonArray *groups = json_object_get_array_member (o, "groups");

  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (o, "signals"), "dormant"), ==, 2);
  g_assert_cmpuint (json_array_get_length (groups), ==, MC_CHURN_N_GROUPS);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (groups, 1), "name"), ==,
                   "high_value_dormant");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/analytics/churn/signals", World, NULL, world_set_up, test_signals, world_tear_down);
  g_test_add ("/analytics/churn/p-alive", World, NULL, world_set_up, test_p_alive, world_tear_down);
  g_test_add ("/analytics/churn/export", World, NULL, world_set_up, test_export, world_tear_down);
  g_test_add ("/analytics/churn/json", World, NULL, world_set_up, test_json, world_tear_down);
  return g_test_run ();
}
