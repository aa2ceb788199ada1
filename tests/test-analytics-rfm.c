/* test-analytics-rfm.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFM scores, the 8 segments and the migration between two dates (data/metrics.md,
 * "RFM") on five members whose recency, frequency and money are set by hand.
 */
#include "config.h"

#include "mc-analytics-json.h"
#include "mc-rfm.h"
#include "mc-test-analytics.h"

typedef struct
{
  Fixture f;
  char *m[5];
} World;

/* In 2025-01-01 .. 2025-03-31 (all joined 2025-01-01):
 *   m1: 5 × ¥100 on 03-27 .. 03-31       R 0,  F 5, M ¥500
 *   m2: 4 × ¥12.50 on 03-27 .. 03-30     R 1,  F 4, M ¥50
 *   m3: ¥100 02-27, ¥100 02-28, ¥200 03-01   R 30, F 3, M ¥400
 *   m4: ¥150 01-31, ¥150 02-01          R 58, F 2, M ¥300
 *   m5: ¥100 01-15                      R 75, F 1, M ¥100 */
static void
world_set_up (World         *w,
              gconstpointer  data)
{
  Fixture *f = &w->f;
  static const char * const m1_days[] = { "2025-03-27", "2025-03-28", "2025-03-29", "2025-03-30", "2025-03-31" };

  fixture_set_up (f, data);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *name = g_strdup_printf ("m%u", i + 1);

      w->m[i] = member (f, name, "2025-01-01", NULL, FALSE);
    }
  for (guint i = 0; i < 5; i++)
    g_free (sale (f, w->m[0], m1_days[i], 10000, NULL));
  for (guint i = 0; i < 4; i++)
    g_free (sale (f, w->m[1], m1_days[i], 1250, NULL));
  g_free (sale (f, w->m[2], "2025-02-27", 10000, NULL));
  g_free (sale (f, w->m[2], "2025-02-28", 10000, NULL));
  g_free (sale (f, w->m[2], "2025-03-01", 20000, NULL));
  g_free (sale (f, w->m[3], "2025-01-31", 15000, NULL));
  g_free (sale (f, w->m[3], "2025-02-01", 15000, NULL));
  g_free (sale (f, w->m[4], "2025-01-15", 10000, NULL));
}

static void
world_tear_down (World         *w,
                 gconstpointer  data)
{
  for (guint i = 0; i < 5; i++)
    g_free (w->m[i]);
  fixture_tear_down (&w->f, data);
}

/* The position in rfm of member i of the world. */
static guint
row_of (const McRfm *rfm,
        guint        i)
{
  for (guint k = 0; k < rfm->n; k++)
    if (rfm->member[k] == (gint32) i)
      return k;
  g_assert_not_reached ();
}

static void
test_quintiles (World         *w,
                gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, "2025-01-01", "2025-03-31", NULL);
  g_autoptr(McAnalyticsData) d = load (&w->f, &filter);
  g_autoptr(McRfm) rfm = mc_rfm_compute (d, NULL);
  static const guint8 r[] = { 5, 4, 3, 2, 1 }, f[] = { 5, 4, 3, 2, 1 }, m[] = { 5, 1, 4, 3, 2 };
  static const gint32 recency[] = { 0, 1, 30, 58, 75 };
  static const McRfmSegment segment[] = {
    MC_RFM_IMPORTANT_VALUE,    /* R5 F5 M5: all above the means (3) */
    MC_RFM_GENERAL_VALUE,      /* R4 F4 M1 */
    MC_RFM_IMPORTANT_RECALL,   /* R3 F3 M4 */
    MC_RFM_GENERAL_RECALL,     /* R2 F2 M3 */
    MC_RFM_GENERAL_RECALL,     /* R1 F1 M2 */
  };

  g_assert_cmpuint (rfm->n, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      guint k = row_of (rfm, i);

      g_assert_cmpint (rfm->recency_days[k], ==, recency[i]);
      g_assert_cmpint (rfm->frequency[k], ==, 5 - (gint32) i);
      g_assert_cmpuint (rfm->r_score[k], ==, r[i]);
      g_assert_cmpuint (rfm->f_score[k], ==, f[i]);
      g_assert_cmpuint (rfm->m_score[k], ==, m[i]);
      g_assert_cmpuint (rfm->segment[k], ==, segment[i]);
    }
  g_assert_cmpfloat_with_epsilon (rfm->mean_r, 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (rfm->mean_recency_days, (0 + 1 + 30 + 58 + 75) / 5.0, 1e-12);
  g_assert_cmpint (rfm->segment_members[MC_RFM_IMPORTANT_VALUE], ==, 1);
  g_assert_cmpint (rfm->segment_revenue_fen[MC_RFM_IMPORTANT_VALUE], ==, 50000);
  g_assert_cmpint (rfm->segment_members[MC_RFM_GENERAL_RECALL], ==, 2);
  g_assert_cmpint (rfm->segment_revenue_fen[MC_RFM_GENERAL_RECALL], ==, 30000 + 10000);
  g_assert_cmpint (rfm->segment_revenue_fen[MC_RFM_IMPORTANT_RECALL], ==, 40000);
  g_assert_cmpint (rfm->segment_members[MC_RFM_IMPORTANT_DEVELOPMENT], ==, 0);
  g_assert_cmpint (rfm->score_members[2][0], ==, 1);   /* one M score of 1 */
}

static void
test_thresholds (World         *w,
                 gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, "2025-01-01", "2025-03-31", NULL);
  g_autoptr(McAnalyticsData) d = load (&w->f, &filter);
  McRfmOptions options = { TRUE, { 0, 7, 30, 60 }, { 2, 3, 4, 5 }, { 10000, 20000, 30000, 40000 } };
  g_autoptr(McRfm) rfm = mc_rfm_compute (d, &options);
  static const guint8 m[] = { 5, 1, 5, 4, 2 };
  /* M mean (5 + 1 + 5 + 4 + 2) / 5 = 3.4: m4 (R2 F2 M4) is now important recall */
  static const McRfmSegment segment[] = {
    MC_RFM_IMPORTANT_VALUE, MC_RFM_GENERAL_VALUE, MC_RFM_IMPORTANT_RECALL, MC_RFM_IMPORTANT_RECALL,
    MC_RFM_GENERAL_RECALL,
  };

  for (guint i = 0; i < 5; i++)
    {
      guint k = row_of (rfm, i);

      g_assert_cmpuint (rfm->r_score[k], ==, 5 - i);
      g_assert_cmpuint (rfm->f_score[k], ==, 5 - i);
      g_assert_cmpuint (rfm->m_score[k], ==, m[i]);
      g_assert_cmpuint (rfm->segment[k], ==, segment[i]);
    }
}

static void
test_migration (World         *w,
                gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, "2025-01-01", "2025-03-31", NULL);
  g_autoptr(McAnalyticsData) d = load (&w->f, &filter);
  gint32 second = d->to_day;
  g_autoptr(McRfmMigration) mig = mc_rfm_migration_compute (d, NULL, second - 31, second, 90);
  g_autoptr(JsonNode) node = NULL;
  gint64 total = 0;

  /* At 02-28 (window 2024-12-01 .. 02-28): m3 (R0 F2 ¥200), m4 (R27 F2 ¥300), m5 (R44 F1
   * ¥100); by quintiles of three: m3 R4 F2 M2, m4 R2 F2 M4, m5 R1 F1 M1; means 2.33, 1.67,
   * 2.33: m3 general value, m4 important retention, m5 general recall. */
  g_assert_cmpint (mig->members[MC_RFM_NO_PURCHASE][MC_RFM_IMPORTANT_VALUE], ==, 1);
  g_assert_cmpint (mig->members[MC_RFM_NO_PURCHASE][MC_RFM_GENERAL_VALUE], ==, 1);
  g_assert_cmpint (mig->members[MC_RFM_GENERAL_VALUE][MC_RFM_IMPORTANT_RECALL], ==, 1);
  g_assert_cmpint (mig->members[MC_RFM_IMPORTANT_RETENTION][MC_RFM_GENERAL_RECALL], ==, 1);
  g_assert_cmpint (mig->members[MC_RFM_GENERAL_RECALL][MC_RFM_GENERAL_RECALL], ==, 1);
  for (guint a = 0; a <= MC_RFM_N_SEGMENTS; a++)
    for (guint b = 0; b <= MC_RFM_N_SEGMENTS; b++)
      total += mig->members[a][b];
  g_assert_cmpint (total, ==, 5);

  node = mc_rfm_migration_to_json (mig);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "first"), ==, "2025-02-28");
}

static void
test_json (World         *w,
           gconstpointer  data)
{
  McAnalyticsFilter filter = range (&w->f, "2025-01-01", "2025-03-31", NULL);
  g_autoptr(McAnalyticsData) d = load (&w->f, &filter);
  g_autoptr(McRfm) rfm = mc_rfm_compute (d, NULL);
  g_autoptr(JsonNode) node = mc_rfm_to_json (rfm);
  JsonArray *segments = json_object_get_array_member (json_node_get_object (node), "segments");
  static const char * const names[] = {
    "important_value", "important_development", "important_retention", "important_recall",
    "general_value", "general_development", "general_retention", "general_recall",
  };

  g_assert_cmpuint (json_array_get_length (segments), ==, 8);
  for (guint s = 0; s < 8; s++)
    {
      JsonObject *o = json_array_get_object_element (segments, s);

      g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, names[s]);
      g_assert_cmpint (json_object_get_int_member (o, "members"), ==, rfm->segment_members[s]);
      g_assert_cmpint (json_object_get_int_member (o, "revenue_fen"), ==, rfm->segment_revenue_fen[s]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/analytics/rfm/quintiles", World, NULL, world_set_up, test_quintiles, world_tear_down);
  g_test_add ("/analytics/rfm/thresholds", World, NULL, world_set_up, test_thresholds, world_tear_down);
  g_test_add ("/analytics/rfm/migration", World, NULL, world_set_up, test_migration, world_tear_down);
  g_test_add ("/analytics/rfm/json", World, NULL, world_set_up, test_json, world_tear_down);
  return g_test_run ();
}
