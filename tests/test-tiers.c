/* test-tiers.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tier evaluation with the default programme: base 0, silver 2000, gold 8000 growth earned
 * in the rolling 12 months before the evaluation; upgrades at once; below the threshold a
 * 30-day grace (first evaluation warns, one 31 days later downgrades); manual overrides with
 * a reason and an end date.
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
  char   *dir;
  McDb   *db;
  gint64  now;      /* taken once: evaluation dates are counted from it */
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("mc-test-tiers-XXXXXX", &error);
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

/* A sale of amount_fen at a time: growth = whole yuan + 10. */
static void
add_order (Fixture    *f,
           const char *member_id,
           gint64      amount_fen,
           gint64      at)
{
  g_autoptr(GError) error = NULL;
  McOrderInput input = { 0 };
  McOrderResult r = { 0 };

  input.member_id = member_id;
  input.amount_fen = amount_fen;
  input.at = at;
  g_assert_true (mc_order_add (f->db, &input, &r, &error));
  g_assert_no_error (error);
  mc_order_result_clear (&r);
}

static gint64
months_ago (Fixture *f,
            int      months)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (f->now);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_db_get_time_zone (f->db));
  g_autoptr(GDateTime) moved = g_date_time_add_months (local, -months);

  return g_date_time_to_unix (moved);
}

static McTierStats
evaluate (Fixture *f,
          gint64   as_of)
{
  g_autoptr(GError) error = NULL;
  McTierStats stats;

  memset (&stats, 0xff, sizeof stats);
  g_assert_true (mc_tiers_evaluate (f->db, as_of, &stats, &error));
  g_assert_no_error (error);
  return stats;
}

static void
assert_stats (const McTierStats *s,
              gint64             members,
              gint64             upgraded,
              gint64             downgraded,
              gint64             warned,
              gint64             kept_in_grace,
              gint64             overrides_expired,
              gint64             overridden)
{
  g_assert_cmpint (s->members, ==, members);
  g_assert_cmpint (s->upgraded, ==, upgraded);
  g_assert_cmpint (s->downgraded, ==, downgraded);
  g_assert_cmpint (s->warned, ==, warned);
  g_assert_cmpint (s->kept_in_grace, ==, kept_in_grace);
  g_assert_cmpint (s->overrides_expired, ==, overrides_expired);
  g_assert_cmpint (s->overridden, ==, overridden);
}

/* The member's tier, its start and the pending downgrade. */
static void
assert_tier (Fixture    *f,
             const char *id,
             const char *tier,
             gint64      tier_since,
             gint64      pending_since)
{
  g_autoptr(McMember) m = load_member (f, id);

  g_assert_cmpstr (m->tier, ==, tier);
  if (tier_since >= 0)
    g_assert_cmpint (m->tier_since, ==, tier_since);
  g_assert_cmpint (m->downgrade_pending_since, ==, pending_since);
}

static void
test_upgrade_immediate (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *a = add_member (f, "张三", "13900000001");
  g_autofree char *b = add_member (f, "李四", "13900000002");
  g_autoptr(McMember) m = NULL;
  McTierStats s;
  gint64 joined;

  /* b's own start: a and b may have joined in different seconds on a slow machine. */
  m = load_member (f, b);
  g_assert_cmpstr (m->tier, ==, "base");
  joined = m->tier_since;
  g_clear_pointer (&m, mc_member_free);

  /* ¥1,990: 1990 + 10 = 2000 growth, exactly silver; ¥1,989 gives 1999, still base. */
  add_order (f, a, 199000, f->now - DAY);
  add_order (f, b, 198900, f->now - DAY);
  s = evaluate (f, f->now);
  assert_stats (&s, 2, 1, 0, 0, 0, 0, 0);
  assert_tier (f, a, "silver", f->now, 0);
  assert_tier (f, b, "base", joined, 0);

  /* A second evaluation changes nothing. */
  s = evaluate (f, f->now + DAY);
  assert_stats (&s, 2, 0, 0, 0, 0, 0, 0);
  assert_tier (f, a, "silver", f->now, 0);

  /* ¥6,000 more: 2000 + 6010 = 8010, gold at the next evaluation. */
  add_order (f, a, 600000, f->now);
  s = evaluate (f, f->now + 2 * DAY);
  assert_stats (&s, 2, 1, 0, 0, 0, 0, 0);
  assert_tier (f, a, "gold", f->now + 2 * DAY, 0);

  /* The evaluation is in the audit log with its numbers. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'tiers.evaluate'"), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT json_extract (after, '$.upgraded') FROM audit_log "
                              "WHERE action = 'tiers.evaluate' ORDER BY id DESC LIMIT 1"), ==, 1);
}

static void
test_window (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *old = add_member (f, "王五", "13900000003");
  g_autofree char *recent = add_member (f, "赵六", "13900000004");
  g_autoptr(McMember) m = NULL;
  McTierStats s;

  /* 5010 growth 13 months ago no longer counts: 1010 in the window, base. The same order
   * 11 months ago counts: 5010 + 1010 = 6020, silver. */
  add_order (f, old, 500000, months_ago (f, 13));
  add_order (f, old, 100000, months_ago (f, 1));
  add_order (f, recent, 500000, months_ago (f, 11));
  add_order (f, recent, 100000, months_ago (f, 1));

  m = load_member (f, old);
  g_assert_cmpint (m->growth, ==, 6020);
  g_clear_pointer (&m, mc_member_free);

  s = evaluate (f, f->now);
  assert_stats (&s, 2, 1, 0, 0, 0, 0, 0);
  assert_tier (f, old, "base", -1, 0);
  assert_tier (f, recent, "silver", f->now, 0);

  /* Evaluated as of a year ago (the first order 1 month old then), the old one was silver:
   * the window moves with the evaluation date. */
  s = evaluate (f, months_ago (f, 12));
  g_assert_cmpint (s.upgraded, ==, 1);
  assert_tier (f, old, "silver", months_ago (f, 12), 0);
}

static void
test_grace_downgrade (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *gold = add_member (f, "孙七", "13900000005");
  g_autofree char *to_silver = add_member (f, "周八", "13900000006");
  gint64 t1 = f->now + 40 * DAY;
  McTierStats s;

  /* Gold on growth earned 11 months ago: 8010. The second member also has 3010 this month. */
  add_order (f, gold, 800000, months_ago (f, 11));
  add_order (f, to_silver, 800000, months_ago (f, 11));
  add_order (f, to_silver, 300000, f->now);
  s = evaluate (f, f->now);
  assert_stats (&s, 2, 2, 0, 0, 0, 0, 0);
  assert_tier (f, gold, "gold", f->now, 0);
  assert_tier (f, to_silver, "gold", f->now, 0);

  /* 40 days on, the old order is out of the window: a warning, the tier is kept. */
  s = evaluate (f, t1);
  assert_stats (&s, 2, 0, 0, 2, 0, 0, 0);
  assert_tier (f, gold, "gold", f->now, t1);
  assert_tier (f, to_silver, "gold", f->now, t1);

  /* 10 days into the grace: still kept, the warning date unchanged. */
  s = evaluate (f, t1 + 10 * DAY);
  assert_stats (&s, 2, 0, 0, 0, 2, 0, 0);
  assert_tier (f, gold, "gold", f->now, t1);

  /* 31 days after the warning: down to what the window earns (0: base; 3010: silver). */
  s = evaluate (f, t1 + 31 * DAY);
  assert_stats (&s, 2, 0, 2, 0, 0, 0, 0);
  assert_tier (f, gold, "base", t1 + 31 * DAY, 0);
  assert_tier (f, to_silver, "silver", t1 + 31 * DAY, 0);

  /* And it stays there. */
  s = evaluate (f, t1 + 70 * DAY);
  assert_stats (&s, 2, 0, 0, 0, 0, 0, 0);
  assert_tier (f, gold, "base", t1 + 31 * DAY, 0);
}

static void
test_grace_recover (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *id = add_member (f, "吴九", "13900000007");
  gint64 t1 = f->now + 40 * DAY;
  McTierStats s;

  add_order (f, id, 800000, months_ago (f, 11));
  s = evaluate (f, f->now);
  assert_tier (f, id, "gold", f->now, 0);
  s = evaluate (f, t1);
  g_assert_cmpint (s.warned, ==, 1);
  assert_tier (f, id, "gold", f->now, t1);

  /* Back above the threshold during the grace: the pending downgrade is cleared, the tier
   * (and its start) kept, no upgrade counted. */
  add_order (f, id, 800000, f->now);
  s = evaluate (f, t1 + 5 * DAY);
  assert_stats (&s, 1, 0, 0, 0, 0, 0, 0);
  assert_tier (f, id, "gold", f->now, 0);

  /* Long after the old grace would have ended: still gold. */
  s = evaluate (f, t1 + 40 * DAY);
  assert_stats (&s, 1, 0, 0, 0, 0, 0, 0);
  assert_tier (f, id, "gold", f->now, 0);
}

static void
test_manual_override (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = add_member (f, "郑十", "13900000008");
  g_autoptr(McMember) m = NULL;
  gint64 until = mc_db_now () + 60 * DAY;
  gint64 after_end = until + DAY;
  McTierStats s;

  g_assert_true (mc_tier_set_manual (f->db, id, "gold", "  战略合作伙伴  ", until, &error));
  g_assert_no_error (error);
  m = load_member (f, id);
  g_assert_cmpstr (m->tier, ==, "gold");
  g_assert_cmpstr (m->manual_tier, ==, "gold");
  g_assert_cmpstr (m->manual_reason, ==, "战略合作伙伴");
  g_assert_cmpint (m->manual_until, ==, until);
  g_clear_pointer (&m, mc_member_free);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'tier.manual' "
                              "AND entity_id = '%s' AND json_extract (after, '$.reason') = '战略合作伙伴' "
                              "AND json_extract (before, '$.tier') = 'base'", id), ==, 1);

  /* No growth at all, yet the tier holds until the end date. */
  s = evaluate (f, f->now);
  assert_stats (&s, 1, 0, 0, 0, 0, 0, 1);
  assert_tier (f, id, "gold", -1, 0);
  s = evaluate (f, until - DAY);
  assert_stats (&s, 1, 0, 0, 0, 0, 0, 1);
  assert_tier (f, id, "gold", -1, 0);

  /* After the end date the override is gone; the member is below gold, so the usual grace
   * starts (warning, tier kept) ... */
  s = evaluate (f, after_end);
  assert_stats (&s, 1, 0, 0, 1, 0, 1, 0);
  m = load_member (f, id);
  g_assert_null (m->manual_tier);
  g_assert_null (m->manual_reason);
  g_assert_cmpint (m->manual_until, ==, 0);
  g_assert_cmpstr (m->tier, ==, "gold");
  g_assert_cmpint (m->downgrade_pending_since, ==, after_end);
  g_clear_pointer (&m, mc_member_free);

  /* ... and ends in a downgrade; the expired override is counted once only. */
  s = evaluate (f, after_end + 31 * DAY);
  assert_stats (&s, 1, 0, 1, 0, 0, 0, 0);
  assert_tier (f, id, "base", after_end + 31 * DAY, 0);
}

static void
test_manual_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = add_member (f, "冯一", "13900000009");
  g_autoptr(McMember) m = NULL;
  gint64 now = mc_db_now ();
  gint64 audit_before = query_int (f, "SELECT count(*) FROM audit_log");
  struct { const char *tier; const char *reason; gint64 until; const char *says; } cases[] = {
    { "gold",     "",          now + 30 * DAY,  "reason" },
    { "gold",     "   ",       now + 30 * DAY,  "reason" },
    { "gold",     NULL,        now + 30 * DAY,  "reason" },
    { "gold",     "补偿",      now - 30 * DAY,  "end date" },
    { "gold",     "补偿",      now - 1,         "end date" },
    { "gold",     "补偿",      now + 800 * DAY, "two years" },
    { "platinum", "补偿",      now + 30 * DAY,  "base, silver, gold" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (mc_tier_set_manual (f->db, id, cases[i].tier, cases[i].reason, cases[i].until, &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_tier_set_manual (f->db, "no-such-member", "gold", "补偿", now + 30 * DAY, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  }

  m = load_member (f, id);
  g_assert_cmpstr (m->tier, ==, "base");
  g_assert_null (m->manual_tier);
  g_assert_null (m->manual_reason);
  g_assert_cmpint (m->manual_until, ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log"), ==, audit_before);
}

static void
test_stats (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *a = add_member (f, "陈二", "13900000010");   /* silver on growth */
  g_autofree char *b = add_member (f, "褚三", "13900000011");   /* gold by hand for 60 days */
  g_autofree char *c = add_member (f, "卫四", "13900000012");   /* nothing */
  g_autofree char *d = add_member (f, "蒋五", "13900000013");   /* gold, then out of the window */
  g_autofree char *e = add_member (f, "沈六", "13900000014");   /* deleted: not evaluated */
  McTierStats s;

  add_order (f, a, 300000, f->now - DAY);
  add_order (f, d, 800000, months_ago (f, 11));
  add_order (f, e, 800000, f->now - DAY);
  g_assert_true (mc_tier_set_manual (f->db, b, "gold", "新店开业", f->now + 60 * DAY, &error));
  g_assert_no_error (error);
  g_assert_true (mc_member_set_deleted (f->db, e, TRUE, &error));
  g_assert_no_error (error);

  s = evaluate (f, f->now);
  assert_stats (&s, 4, 2, 0, 0, 0, 0, 1);
  assert_tier (f, e, "base", -1, 0);

  /* +40 days: d warned, b still held. */
  s = evaluate (f, f->now + 40 * DAY);
  assert_stats (&s, 4, 0, 0, 1, 0, 0, 1);

  /* +75 days: b's override ended (warned now), d downgraded after 35 days of grace. */
  s = evaluate (f, f->now + 75 * DAY);
  assert_stats (&s, 4, 0, 1, 1, 0, 1, 0);
  assert_tier (f, a, "silver", f->now, 0);
  assert_tier (f, b, "gold", -1, f->now + 75 * DAY);
  assert_tier (f, c, "base", -1, 0);
  assert_tier (f, d, "base", f->now + 75 * DAY, 0);
  g_assert_cmpint (query_int (f, "SELECT json_extract (after, '$.overrides_expired') FROM audit_log "
                              "WHERE action = 'tiers.evaluate' ORDER BY id DESC LIMIT 1"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT json_extract (after, '$.downgraded') FROM audit_log "
                              "WHERE action = 'tiers.evaluate' ORDER BY id DESC LIMIT 1"), ==, 1);

  /* +80 days: b in its grace. */
  s = evaluate (f, f->now + 80 * DAY);
  assert_stats (&s, 4, 0, 0, 0, 1, 0, 0);
}

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *id = add_member (f, "韩七", "13900000015");
  gint64 audit_before;

  add_order (f, id, 199000, f->now - DAY);
  audit_before = query_int (f, "SELECT count(*) FROM audit_log");

  mc_db_set_role (f->db, MC_ROLE_ANALYST);
  {
    g_autoptr(GError) error = NULL;
    McTierStats s = { 0 };

    g_assert_false (mc_tiers_evaluate (f->db, f->now, &s, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
    g_assert_cmpint (s.members, ==, 0);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (mc_tier_set_manual (f->db, id, "gold", "补偿", f->now + 30 * DAY, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  }
  assert_tier (f, id, "base", -1, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log"), ==, audit_before + 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'refused' AND role = 'analyst' "
                              "AND json_extract (after, '$.refused') IN ('tiers.evaluate', 'tier.manual')"), ==, 2);

  /* A clerk runs the evaluation. */
  mc_db_set_role (f->db, MC_ROLE_CLERK);
  {
    McTierStats s = evaluate (f, f->now);

    assert_stats (&s, 1, 1, 0, 0, 0, 0, 0);
  }
  assert_tier (f, id, "silver", f->now, 0);
}

typedef struct
{
  GArray       *fractions;
  GCancellable *cancel_at_first_step;   /* cancelled once progress passes 0 */
} ProgressLog;

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  ProgressLog *log = user_data;

  g_array_append_val (log->fractions, fraction);
  if (log->cancel_at_first_step != NULL && fraction > 0.0)
    g_cancellable_cancel (log->cancel_at_first_step);
}

/* A long evaluation reports its progress, and a cancelled one changes nothing. */
static void
test_progress_and_cancel (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  ProgressLog log = { fractions, NULL };
  g_autofree char *big = add_member (f, "高消费", "13800000001");
  McTierStats stats;
  gint64 audits;

  g_assert_true (mc_db_begin (f->db, &error));
  for (guint i = 0; i < 1500; i++)
    {
      g_autoptr(McMember) m = mc_member_new ();

      m->name = g_strdup_printf ("会员%u", i);
      m->phone = g_strdup_printf ("139%08u", i);
      g_assert_true (mc_member_insert (f->db, m, &error));
      g_assert_no_error (error);
    }
  g_assert_true (mc_db_commit (f->db, &error));
  add_order (f, big, 900000, f->now - 3600);       /* 9,000 yuan: gold */

  /* Cancelled after the first step: nothing written, not even the audit record. */
  audits = query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'tiers.evaluate'");
  log.cancel_at_first_step = cancellable;
  g_assert_false (mc_tiers_evaluate_full (f->db, f->now, &stats, progress_cb, &log, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  {
    g_autoptr(McMember) m = load_member (f, big);

    g_assert_cmpstr (m->tier, ==, "base");
  }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit_log WHERE action = 'tiers.evaluate'"), ==, audits);

  /* Run to the end: from 0 to 1, never backwards, with steps between. */
  g_array_set_size (fractions, 0);
  log.cancel_at_first_step = NULL;
  g_assert_true (mc_tiers_evaluate_full (f->db, f->now, &stats, progress_cb, &log, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stats.members, ==, 1501);
  g_assert_cmpint (stats.upgraded, ==, 1);
  g_assert_cmpuint (fractions->len, >=, 3);
  g_assert_cmpfloat (g_array_index (fractions, double, 0), ==, 0.0);
  g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i), >=, g_array_index (fractions, double, i - 1));
  {
    g_autoptr(McMember) m = load_member (f, big);

    g_assert_cmpstr (m->tier, ==, "gold");
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/tiers/upgrade/immediate", test_upgrade_immediate);
  ADD ("/tiers/window/rolling-12-months", test_window);
  ADD ("/tiers/grace/downgrade", test_grace_downgrade);
  ADD ("/tiers/grace/recover", test_grace_recover);
  ADD ("/tiers/manual/override", test_manual_override);
  ADD ("/tiers/manual/refused", test_manual_refused);
  ADD ("/tiers/stats", test_stats);
  ADD ("/tiers/roles", test_roles);
  ADD ("/tiers/progress-and-cancel", test_progress_and_cancel);
#undef ADD

  return g_test_run ();
}
