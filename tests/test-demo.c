/* test-demo.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "core/mc-db.h"
#include "core/mc-demo.h"
#include "core/mc-error.h"
#include "core/mc-ledger.h"
#include "core/mc-member.h"
#include "core/mc-pinyin.h"
#include "core/mc-programme.h"
#include "core/mc-search.h"
#include "core/mc-tier.h"

#define N_MEMBERS 2000

typedef struct
{
  char        *dir;
  char        *path;
  McDb        *db;
  McDemoStats  stats;
  gint64       end;
} Workspace;

static void
workspace_free (Workspace *ws)
{
  g_clear_object (&ws->db);
  if (ws->path != NULL)
    {
      g_autofree char *wal = g_strconcat (ws->path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (ws->path, "-shm", NULL);

      g_unlink (ws->path);
      g_unlink (wal);
      g_unlink (shm);
    }
  if (ws->dir != NULL)
    g_rmdir (ws->dir);
  g_free (ws->path);
  g_free (ws->dir);
  g_free (ws);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Workspace, workspace_free)

/* A fixed end (2026-07-01 in the workspace's zone): the data do not depend on today. */
static gint64
fixed_end (McDb *db)
{
  g_autoptr(GDateTime) end = g_date_time_new (mc_db_get_time_zone (db), 2026, 7, 1, 0, 0, 0);

  return g_date_time_to_unix (end);
}

static Workspace *
workspace_new (void)
{
  g_autoptr(GError) error = NULL;
  Workspace *ws = g_new0 (Workspace, 1);

  ws->dir = g_dir_make_tmp ("mc-demo-XXXXXX", &error);
  g_assert_no_error (error);
  ws->path = g_build_filename (ws->dir, "workspace.db", NULL);
  ws->db = mc_db_open (ws->path, &error);
  g_assert_no_error (error);
  ws->end = fixed_end (ws->db);
  return ws;
}

static Workspace *
demo_workspace (guint   n_members,
                guint64 seed)
{
  g_autoptr(GError) error = NULL;
  Workspace *ws = workspace_new ();
  McDemoOptions options = { 0 };

  options.n_members = n_members;
  options.seed = seed;
  options.end = ws->end;
  g_assert_true (mc_demo_generate (ws->db, &options, NULL, NULL, NULL, &ws->stats, &error));
  g_assert_no_error (error);
  return ws;
}

static gint64
query (McDb       *db,
       const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (McDb       *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

/* ------------------------------------------------------------------------------------ */

static void
test_counts (void)
{
  g_autoptr(Workspace) ws = demo_workspace (N_MEMBERS, 7);
  McDemoStats *s = &ws->stats;
  gint64 sales = query (ws->db, "SELECT count (*) FROM orders WHERE refund_of IS NULL");

  g_assert_cmpuint (s->members, ==, N_MEMBERS);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member"), ==, N_MEMBERS);
  g_assert_cmpuint (s->stores, ==, 6);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM store"), ==, 6);

  /* The mean asked for (10 per member), within 25%. */
  g_assert_cmpint (sales, ==, (gint64) s->orders);
  g_assert_cmpint (sales, >=, N_MEMBERS * 10 * 3 / 4);
  g_assert_cmpint (sales, <=, N_MEMBERS * 10 * 5 / 4);

  /* About 3% refunds, about 8% anonymous sales. */
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM orders WHERE refund_of IS NOT NULL"), ==,
                   (gint64) s->refunds);
  g_assert_cmpuint (s->refunds, >, s->orders / 100);
  g_assert_cmpuint (s->refunds, <, s->orders * 6 / 100);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM orders WHERE member_id IS NULL AND refund_of IS NULL"), ==,
                   (gint64) s->anonymous_orders);
  g_assert_cmpuint (s->anonymous_orders, >, s->orders * 4 / 100);
  g_assert_cmpuint (s->anonymous_orders, <, s->orders * 12 / 100);
  /* Both kinds of refund: full and partial. */
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM orders r JOIN orders o ON o.id = r.refund_of "
                                  "WHERE -r.amount_fen = o.amount_fen"), >, 0);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM orders r JOIN orders o ON o.id = r.refund_of "
                                  "WHERE -r.amount_fen < o.amount_fen"), >, 0);

  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM points_ledger"), ==, (gint64) s->points_entries);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM growth_ledger"), ==, (gint64) s->growth_entries);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member_event"), ==, (gint64) s->events);
  g_assert_cmpuint (s->events, >, 0);
  g_assert_cmpuint (s->events, <=, s->orders);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM points_ledger WHERE kind = 'redeem'"), >, 0);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM growth_ledger WHERE kind = 'action'"), >, 0);
  g_assert_cmpfloat (s->seconds, >, 0.0);

  /* Everything inside the 24 months before end. */
  g_assert_cmpint (query (ws->db, "SELECT max (at) FROM orders"), <, ws->end);
  g_assert_cmpint (query (ws->db, "SELECT max (joined_at) FROM member"), <, ws->end);
  g_assert_cmpint (query (ws->db, "SELECT min (joined_at) FROM member"), >=, ws->end - 731 * 86400);

  /* Realistic shapes: heavy tails, a median order near ¥150, more members joining later. */
  g_assert_cmpint (query (ws->db, "SELECT max (orders_count) FROM member"), >, 50);
  g_assert_cmpint (query (ws->db, "SELECT amount_fen FROM orders WHERE refund_of IS NULL ORDER BY amount_fen "
                                  "LIMIT 1 OFFSET (SELECT count (*) / 2 FROM orders WHERE refund_of IS NULL)"),
                   >, 10000);
  g_assert_cmpint (query (ws->db, "SELECT amount_fen FROM orders WHERE refund_of IS NULL ORDER BY amount_fen "
                                  "LIMIT 1 OFFSET (SELECT count (*) / 2 FROM orders WHERE refund_of IS NULL)"),
                   <, 22000);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member WHERE joined_at >= (SELECT avg (joined_at) FROM member)"),
                   >, 0);
  {
    gint64 mid = ws->end - 365 * 86400;
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM member WHERE joined_at >= %" G_GINT64_FORMAT, mid);

    g_assert_cmpint (query (ws->db, sql), >, N_MEMBERS * 55 / 100);
  }
  /* 11-11 sells more than an ordinary day. */
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM orders WHERE refund_of IS NULL AND "
                                  "strftime ('%m-%d', at, 'unixepoch', '+8 hours') = '11-11'"), >,
                   2 * query (ws->db, "SELECT count (*) FROM orders WHERE refund_of IS NULL AND "
                                      "strftime ('%m-%d', at, 'unixepoch', '+8 hours') = '11-04'"));
  /* About 60% consent to marketing, with a time and a purpose. */
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member WHERE consent_marketing = 1"), >, N_MEMBERS / 2);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member WHERE consent_marketing = 1"), <, N_MEMBERS * 7 / 10);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member WHERE consent_marketing = 1 AND "
                                  "(consent_at IS NULL OR consent_purpose IS NULL OR consent_at < joined_at)"), ==, 0);
}

static void
test_cached_columns (void)
{
  g_autoptr(Workspace) ws = demo_workspace (N_MEMBERS, 7);
  McDb *db = ws->db;

  g_assert_cmpint (query (db, "SELECT count (*) FROM member m WHERE points_balance != "
                              "(SELECT coalesce (sum (delta), 0) FROM points_ledger WHERE member_id = m.id)"), ==, 0);
  g_assert_cmpint (query (db, "SELECT count (*) FROM member WHERE points_balance < 0"), ==, 0);
  g_assert_cmpint (query (db, "SELECT count (*) FROM member m WHERE growth != "
                              "(SELECT coalesce (sum (delta), 0) FROM growth_ledger WHERE member_id = m.id)"), ==, 0);
  g_assert_cmpint (query (db, "SELECT count (*) FROM member WHERE growth < 0"), ==, 0);
  g_assert_cmpint (query (db, "SELECT count (*) FROM member m WHERE spend_fen != "
                              "(SELECT coalesce (sum (amount_fen), 0) FROM orders WHERE member_id = m.id)"), ==, 0);
  g_assert_cmpint (query (db, "SELECT count (*) FROM member m WHERE orders_count != "
                              "(SELECT count (*) FROM orders WHERE member_id = m.id AND refund_of IS NULL)"), ==, 0);
  g_assert_cmpint (query (db, "SELECT count (*) FROM member m WHERE last_visit_at IS NOT "
                              "(SELECT max (at) FROM (SELECT at FROM orders WHERE member_id = m.id AND refund_of IS NULL "
                              " UNION ALL SELECT at FROM member_event WHERE member_id = m.id "
                              " AND kind IN ('visit', 'checkin', 'login')))"), ==, 0);
  g_assert_cmpint (query (db, "SELECT count (*) FROM member WHERE updated_at < joined_at OR "
                              "updated_at < coalesce (last_visit_at, 0) OR tier_since < joined_at"), ==, 0);

  /* Every synced row: a revision 1-<32 hex>, not deleted, its own change number. */
  {
    static const char * const synced[] = { "store", "member", "orders", "points_ledger", "growth_ledger", "member_event" };
    gint64 rows = 0;

    for (guint i = 0; i < G_N_ELEMENTS (synced); i++)
      {
        g_autofree char *bad = g_strdup_printf ("SELECT count (*) FROM %s WHERE deleted != 0 OR seq <= 0 OR "
                                                "length (rev) != 34 OR rev NOT GLOB '1-[0-9a-f]*' OR "
                                                "length (id) != 36 OR substr (id, 15, 1) != '7'", synced[i]);
        g_autofree char *count = g_strdup_printf ("SELECT count (DISTINCT seq) FROM %s", synced[i]);

        g_assert_cmpint (query (db, bad), ==, 0);
        rows += query (db, count);
      }
    /* Distinct across tables too, and the workspace's counter is past them all. */
    g_assert_cmpint (query (db, "SELECT count (DISTINCT seq) FROM (SELECT seq FROM store UNION ALL "
                                "SELECT seq FROM member UNION ALL SELECT seq FROM orders UNION ALL "
                                "SELECT seq FROM points_ledger UNION ALL SELECT seq FROM growth_ledger UNION ALL "
                                "SELECT seq FROM member_event)"), ==, rows);
    g_assert_cmpint (query (db, "SELECT CAST (value AS INTEGER) FROM meta WHERE key = 'seq'"), >=,
                     query (db, "SELECT max (seq) FROM orders"));
  }

  /* Valid and unique contact data; cards in the workspace's own series. */
  g_assert_cmpint (query (db, "SELECT count (DISTINCT phone) FROM member"), ==, N_MEMBERS);
  g_assert_cmpint (query (db, "SELECT count (*) FROM member WHERE phone NOT GLOB '+861[3-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"), ==, 0);
  g_assert_cmpint (query (db, "SELECT count (DISTINCT card_no) FROM member"), ==, N_MEMBERS);
  g_assert_cmpint (query (db, "SELECT count (*) FROM member WHERE card_no NOT GLOB 'MC[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]'"), ==, 0);
  {
    g_autofree char *next = query_text (db, "SELECT value FROM meta WHERE key = 'next_card_no'");

    g_assert_cmpstr (next, ==, "2001");
  }
  {
    g_autoptr(McMember) member = mc_member_load_rowid (db, 17, NULL);
    g_autoptr(GError) error = NULL;

    /* The core accepts what the generator made. */
    g_assert_nonnull (member);
    g_assert_true (mc_member_validate (member, &error));
    g_assert_no_error (error);
  }
  /* The load's connection settings are back. */
  g_assert_cmpint (query (db, "SELECT count (*) FROM pragma_foreign_key_check"), ==, 0);
  g_assert_cmpint (query (db, "PRAGMA foreign_keys"), ==, 1);
  {
    g_autofree char *mode = query_text (db, "PRAGMA journal_mode");

    g_assert_cmpstr (mode, ==, "wal");
  }
}

/* The rules of the core, applied by the generator, give what the core would give. */
static void
test_rules (void)
{
  g_autoptr(Workspace) ws = demo_workspace (N_MEMBERS, 7);
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_load_live (ws->db, &error);
  GTimeZone *tz = mc_db_get_time_zone (ws->db);
  McTierStats tiers = { 0 };
  sqlite3_stmt *stmt = NULL;
  gint64 n_members = -1, n_points = -1;
  guint checked = 0, with_multiplier = 0;

  g_assert_no_error (error);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM programme_version WHERE status = 'live'"), ==, 1);

  /* Earned points (with the multiplier of the member's tier at the time: since tier_since
   * it is the tier the member has now), their expiry, and growth per order. */
  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (ws->db),
    "SELECT o.amount_fen, o.at, p.delta, p.expires_at, g.delta, m.tier, o.at > m.tier_since FROM orders o "
    "JOIN member m ON m.id = o.member_id "
    "JOIN points_ledger p ON p.ref_id = o.id AND p.kind = 'earn' "
    "JOIN growth_ledger g ON g.ref_id = o.id AND g.kind = 'order'", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 amount = sqlite3_column_int64 (stmt, 0);
      gint64 at = sqlite3_column_int64 (stmt, 1);
      gint64 points = sqlite3_column_int64 (stmt, 2);
      const char *tier = (const char *) sqlite3_column_text (stmt, 5);

      if (sqlite3_column_int (stmt, 6))
        {
          g_assert_cmpint (points, ==, mc_programme_points_for_order (programme, amount, tier));
          if (g_strcmp0 (tier, "base") != 0)
            with_multiplier++;
        }
      else
        g_assert_true (points == mc_programme_points_for_order (programme, amount, "base") ||
                       points == mc_programme_points_for_order (programme, amount, "silver") ||
                       points == mc_programme_points_for_order (programme, amount, "gold"));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 3), ==, mc_programme_points_expiry (programme, at, tz));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 4), ==, mc_programme_growth_for_order (programme, amount));
      checked++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpuint (with_multiplier, >, 100);
  g_assert_cmpuint (checked, >, N_MEMBERS * 5);

  /* A refund takes back its share, rounded down; what the balance lacked is unrecovered. */
  g_assert_cmpint (query (ws->db,
    "SELECT count (*) FROM orders r JOIN orders o ON o.id = r.refund_of "
    "JOIN points_ledger e ON e.ref_id = o.id AND e.kind = 'earn' "
    "JOIN points_ledger b ON b.ref_id = o.id AND b.kind = 'refund' "
    "WHERE -b.delta + b.unrecovered != CASE WHEN -r.amount_fen = o.amount_fen THEN e.delta "
    "ELSE e.delta * -r.amount_fen / o.amount_fen END"), ==, 0);
  g_assert_cmpint (query (ws->db,
    "SELECT count (*) FROM orders r JOIN orders o ON o.id = r.refund_of "
    "JOIN growth_ledger e ON e.ref_id = o.id AND e.kind = 'order' "
    "JOIN growth_ledger b ON b.ref_id = o.id AND b.kind = 'refund' "
    "WHERE -b.delta + b.unrecovered != CASE WHEN -r.amount_fen = o.amount_fen THEN e.delta "
    "ELSE e.delta * -r.amount_fen / o.amount_fen END"), ==, 0);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM orders r WHERE r.refund_of IS NOT NULL AND r.member_id IS NOT NULL "
                                  "AND NOT EXISTS (SELECT 1 FROM points_ledger b WHERE b.ref_id = r.refund_of AND b.kind = 'refund')"),
                   <, 10);

  /* Actions earn their growth within the daily cap. */
  g_assert_cmpint (query (ws->db,
    "SELECT count (*) FROM (SELECT member_id, reason, date (at, 'unixepoch', '+8 hours') d, sum (delta) s "
    "FROM growth_ledger WHERE kind = 'action' GROUP BY 1, 2, 3) "
    "WHERE (reason = 'checkin' AND s > 2) OR (reason = 'like' AND s > 20) OR (reason = 'share' AND s > 15)"), ==, 0);

  /* Tiers as the core evaluates them at end: nothing to change. */
  g_assert_true (mc_tiers_evaluate (ws->db, ws->end, &tiers, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tiers.members, ==, N_MEMBERS);
  g_assert_cmpint (tiers.upgraded, ==, 0);
  g_assert_cmpint (tiers.downgraded, ==, 0);
  g_assert_cmpint (tiers.warned, ==, 0);

  /* Lots due by end have expired already. */
  g_assert_true (mc_points_expire (ws->db, ws->end, &n_members, &n_points, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_points, ==, 0);

  /* The lots the core replays hold the balance. */
  for (gint64 rowid = 1; rowid <= N_MEMBERS; rowid += 97)
    {
      g_autoptr(McMember) member = mc_member_load_rowid (ws->db, rowid, &error);
      GArray *lots;
      gint64 remaining = 0;

      g_assert_no_error (error);
      lots = mc_points_lots (ws->db, member->id, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < lots->len; i++)
        remaining += g_array_index (lots, McPointsLot, i).remaining;
      mc_points_lots_free (lots);
      g_assert_cmpint (remaining, ==, member->points_balance);
    }
}

static void
test_tiers (void)
{
  g_autoptr(Workspace) ws = demo_workspace (N_MEMBERS, 7);
  gint64 base = query (ws->db, "SELECT count (*) FROM member WHERE tier = 'base'");
  gint64 silver = query (ws->db, "SELECT count (*) FROM member WHERE tier = 'silver'");
  gint64 gold = query (ws->db, "SELECT count (*) FROM member WHERE tier = 'gold'");

  g_test_message ("tiers: base %" G_GINT64_FORMAT ", silver %" G_GINT64_FORMAT ", gold %" G_GINT64_FORMAT,
                  base, silver, gold);
  g_assert_cmpint (base + silver + gold, ==, N_MEMBERS);
  g_assert_cmpint (base, >, silver);
  g_assert_cmpint (silver, >, gold);
  g_assert_cmpint (gold, >, 0);
  g_assert_cmpint (base, >=, N_MEMBERS * 60 / 100);
  /* Upgrades happened during the two years, each at its own time. */
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member WHERE tier != 'base' AND tier_since >= joined_at"),
                   ==, silver + gold);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member WHERE tier != 'base' AND tier_since > joined_at + 86400"),
                   >, (silver + gold) * 9 / 10);
}

/* A programme of the workspace's own is used as it is: a quarterly window (tiers move down
 * as well as up), points that expire after six months, a daily cap on earned points. */
static void
test_custom_programme (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autoptr(GError) error = NULL;
  McDemoOptions options = { 0 };
  McTierStats tiers = { 0 };
  gint64 n_members = -1, n_points = -1;

  programme->window = MC_WINDOW_QUARTER;
  programme->points_expiry_months = 6;
  programme->daily_points_cap = 300;
  ((McTier *) g_ptr_array_index (programme->tiers, 1))->threshold = 600;
  ((McTier *) g_ptr_array_index (programme->tiers, 2))->threshold = 2000;
  g_assert_true (mc_db_begin (ws->db, &error));
  g_assert_true (mc_programme_install_live (ws->db, programme, &error));
  g_assert_true (mc_db_commit (ws->db, &error));
  g_assert_no_error (error);

  options.n_members = 1000;
  options.seed = 11;
  options.end = ws->end;
  g_assert_true (mc_demo_generate (ws->db, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM programme_version"), ==, 1);

  /* Lots expired as mc_points_expire() expires them: each names its lot, takes what was
   * left of it, at its expiry time; none is left to expire at end. */
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM points_ledger WHERE kind = 'expire'"), >, 100);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM points_ledger x JOIN points_ledger l ON l.id = x.ref_id "
                                  "WHERE x.kind = 'expire' AND (x.at != l.expires_at OR -x.delta > l.delta)"), ==, 0);
  g_assert_true (mc_points_expire (ws->db, ws->end, &n_members, &n_points, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n_points, ==, 0);
  for (gint64 rowid = 1; rowid <= 1000; rowid += 37)
    {
      g_autoptr(McMember) member = mc_member_load_rowid (ws->db, rowid, &error);
      GArray *lots = mc_points_lots (ws->db, member->id, &error);
      gint64 remaining = 0;

      g_assert_no_error (error);
      for (guint i = 0; i < lots->len; i++)
        {
          const McPointsLot *lot = &g_array_index (lots, McPointsLot, i);

          remaining += lot->remaining;
          g_assert_true (lot->remaining == 0 || lot->expires_at > ws->end);
        }
      mc_points_lots_free (lots);
      g_assert_cmpint (remaining, ==, member->points_balance);
    }
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member m WHERE points_balance != "
                                  "(SELECT coalesce (sum (delta), 0) FROM points_ledger WHERE member_id = m.id)"), ==, 0);

  /* At most 300 points earned a day (a day in the workspace's zone). */
  g_assert_cmpint (query (ws->db, "SELECT max (s) FROM (SELECT sum (delta) s FROM points_ledger WHERE kind = 'earn' "
                                  "GROUP BY member_id, date (at, 'unixepoch', '+8 hours'))"), <=, 300);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM orders o WHERE member_id IS NOT NULL AND refund_of IS NULL "
                                  "AND amount_fen >= 100 AND NOT EXISTS (SELECT 1 FROM points_ledger p "
                                  "WHERE p.ref_id = o.id AND p.kind = 'earn')"), >, 0);

  /* Tiers went down as well as up over the two years, and end where the core puts them;
   * the generator's running window agrees with the core's at the end (it had to correct
   * hardly any member at end). */
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member WHERE tier = 'base' AND tier_since > joined_at"), >, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM member WHERE tier_since = %" G_GINT64_FORMAT, ws->end);

    g_assert_cmpint (query (ws->db, sql), <=, 10);
  }
  g_assert_true (mc_tiers_evaluate (ws->db, ws->end, &tiers, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tiers.upgraded, ==, 0);
  g_assert_cmpint (tiers.downgraded, ==, 0);
  g_assert_cmpint (tiers.warned, ==, 0);
}

static char *
digest (McDb *db)
{
  static const char * const dumps[] = {
    "SELECT group_concat (r, char (10)) FROM (SELECT json_array (id, name, city, rev, deleted, seq) r "
    "FROM store ORDER BY id)",
    "SELECT group_concat (r, char (10)) FROM (SELECT json_array (rowid, id, card_no, name, phone, email, "
    "gender, birthday, region, store_id, joined_at, join_channel, referrer_id, status, consent_marketing, "
    "consent_at, consent_purpose, tier, tier_since, points_balance, growth, spend_fen, orders_count, "
    "last_visit_at, updated_at, rev, deleted, seq) r FROM member ORDER BY rowid)",
    "SELECT group_concat (r, char (10)) FROM (SELECT json_array (id, member_id, store_id, amount_fen, at, "
    "refund_of, rev, seq) r FROM orders ORDER BY id)",
    "SELECT group_concat (r, char (10)) FROM (SELECT json_array (id, member_id, kind, delta, reason, ref_id, "
    "at, expires_at, unrecovered, actor, rev, seq) r FROM points_ledger ORDER BY id)",
    "SELECT group_concat (r, char (10)) FROM (SELECT json_array (id, member_id, kind, delta, reason, ref_id, "
    "at, unrecovered, actor, rev, seq) r FROM growth_ledger ORDER BY id)",
    "SELECT group_concat (r, char (10)) FROM (SELECT json_array (id, member_id, kind, at, ref, rev, seq) r "
    "FROM member_event ORDER BY id)",
  };
  GString *all = g_string_new (NULL);
  char *sum;

  for (guint i = 0; i < G_N_ELEMENTS (dumps); i++)
    {
      g_autofree char *text = query_text (db, dumps[i]);

      g_assert_nonnull (text);
      g_string_append (all, text);
      g_string_append_c (all, '\n');
    }
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, all->str, all->len);
  g_string_free (all, TRUE);
  return sum;
}

static void
test_deterministic (void)
{
  g_autoptr(Workspace) a = demo_workspace (N_MEMBERS, 7);
  g_autoptr(Workspace) b = demo_workspace (N_MEMBERS, 7);
  g_autoptr(Workspace) c = demo_workspace (N_MEMBERS, 8);
  g_autofree char *da = digest (a->db);
  g_autofree char *db = digest (b->db);
  g_autofree char *dc = digest (c->db);

  g_assert_cmpstr (da, ==, db);
  g_assert_cmpstr (da, !=, dc);
  g_assert_cmpuint (a->stats.orders, ==, b->stats.orders);
  g_assert_cmpuint (a->stats.points_entries, ==, b->stats.points_entries);
}

static void
test_refuses_non_empty (void)
{
  g_autoptr(Workspace) ws = demo_workspace (300, 3);
  g_autoptr(Workspace) one = workspace_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) member = mc_member_new ();
  McDemoOptions options = { 0 };
  gint64 orders = query (ws->db, "SELECT count (*) FROM orders");

  options.n_members = 300;
  options.seed = 4;
  options.end = ws->end;
  g_assert_false (mc_demo_generate (ws->db, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member"), ==, 300);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM orders"), ==, orders);
  g_clear_error (&error);

  /* One member is enough to refuse. */
  member->name = g_strdup ("张三");
  member->phone = g_strdup ("13812345678");
  g_assert_true (mc_member_insert (one->db, member, &error));
  g_assert_no_error (error);
  g_assert_false (mc_demo_generate (one->db, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_cmpint (query (one->db, "SELECT count (*) FROM orders"), ==, 0);
  g_clear_error (&error);

  options.n_members = 0;
  g_assert_false (mc_demo_generate (ws->db, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
}

static void
test_search (void)
{
  g_autoptr(Workspace) ws = demo_workspace (N_MEMBERS, 7);
  g_autoptr(GError) error = NULL;

  for (gint64 rowid = 5; rowid <= N_MEMBERS; rowid += 401)
    {
      g_autoptr(McMember) member = mc_member_load_rowid (ws->db, rowid, &error);
      g_autofree char *initials = NULL;
      g_autoptr(GArray) found = NULL;
      g_autoptr(GArray) by_phone = NULL;
      gboolean seen = FALSE;

      g_assert_no_error (error);
      initials = mc_pinyin_initials (member->name);
      g_assert_cmpuint (strlen (initials), >=, 2);
      found = mc_search_members (ws->db, initials, N_MEMBERS, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < found->len; i++)
        seen = seen || g_array_index (found, gint64, i) == rowid;
      g_test_message ("%s (%s): %u found", member->name, initials, found->len);
      g_assert_true (seen);

      by_phone = mc_search_members (ws->db, member->phone + 3, 10, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (by_phone->len, ==, 1);
      g_assert_cmpint (g_array_index (by_phone, gint64, 0), ==, rowid);
    }
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
  double        last;
  guint         cancel_after;
} Progress;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *p = user_data;

  g_assert_cmpfloat (fraction, >=, p->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  p->last = fraction;
  if (++p->calls == p->cancel_after)
    g_cancellable_cancel (p->cancellable);
}

/* Cancelled after a commit: what was made is taken out again, and a new run works. */
static void
test_cancel (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  McDemoOptions options = { 0 };
  Progress p = { cancellable, 0, 0.0, 11 };
  McDemoStats stats = { 0 };

  options.n_members = 60000;
  options.orders_per_member = 2;
  options.seed = 5;
  options.end = ws->end;
  g_assert_false (mc_demo_generate (ws->db, &options, progress_cb, &p, cancellable, &stats, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (p.calls, ==, 11);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member"), ==, 0);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM orders"), ==, 0);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM points_ledger"), ==, 0);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM growth_ledger"), ==, 0);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member_event"), ==, 0);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM store"), ==, 0);
  g_clear_error (&error);

  p.cancel_after = 0;
  p.calls = 0;
  p.last = 0.0;
  options.n_members = 500;
  g_assert_true (mc_demo_generate (ws->db, &options, progress_cb, &p, NULL, &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (p.last, ==, 1.0);
  g_assert_cmpuint (stats.members, ==, 500);
  g_assert_cmpint (query (ws->db, "SELECT count (*) FROM member"), ==, 500);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/counts", test_counts);
  g_test_add_func ("/demo/cached-columns", test_cached_columns);
  g_test_add_func ("/demo/rules", test_rules);
  g_test_add_func ("/demo/tiers", test_tiers);
  g_test_add_func ("/demo/custom-programme", test_custom_programme);
  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/refuses-non-empty", test_refuses_non_empty);
  g_test_add_func ("/demo/search", test_search);
  g_test_add_func ("/demo/cancel", test_cancel);
  return g_test_run ();
}
