/* mc-tier.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-member.h"
#include "mc-programme.h"
#include "mc-tier.h"

#define DAY 86400

/* Each live member with what an evaluation needs: id, tier, grace start, manual tier and
 * its end, tier since, the programme's metric over the window (?1, ?2] (growth earned, net
 * spend, sales, or days with a sale in the time zone's offset ?9), and the name. */
#define MEMBERS_SQL_HEAD \
  "SELECT m.id, m.tier, coalesce (m.downgrade_pending_since, 0), m.manual_tier, " \
  "coalesce (m.manual_until, 0), m.tier_since, "
#define MEMBERS_SQL_TAIL \
  ", m.name FROM member m WHERE m.deleted = 0 AND m.status != 'erased'"
#define ORDERS_IN_WINDOW \
  " FROM orders o WHERE o.member_id = m.id AND o.at > ?1 AND o.at <= ?2 AND o.deleted = 0"
#define AT_RISK " AND m.tier != ?3"

static const char * const members_sql[MC_N_TIER_METRICS][2] = {
#define METRIC_SQL(value) { MEMBERS_SQL_HEAD value MEMBERS_SQL_TAIL, MEMBERS_SQL_HEAD value MEMBERS_SQL_TAIL AT_RISK }
  [MC_TIER_METRIC_GROWTH] = METRIC_SQL ("(SELECT coalesce (sum (g.delta), 0) FROM growth_ledger g "
                                        " WHERE g.member_id = m.id AND g.at > ?1 AND g.at <= ?2 AND g.deleted = 0)"),
  [MC_TIER_METRIC_SPEND] = METRIC_SQL ("(SELECT coalesce (sum (o.amount_fen), 0)" ORDERS_IN_WINDOW ")"),
  [MC_TIER_METRIC_ORDERS] = METRIC_SQL ("(SELECT count(*)" ORDERS_IN_WINDOW " AND o.amount_fen > 0)"),
  [MC_TIER_METRIC_ACTIVE_DAYS] = METRIC_SQL ("(SELECT count(DISTINCT (o.at + ?9) / 86400)" ORDERS_IN_WINDOW
                                             " AND o.amount_fen > 0)"),
#undef METRIC_SQL
};

/* The statement for the programme's metric, its window and offset bound. */
static sqlite3_stmt *
prepare_members (McDb         *db,
                 McProgramme  *programme,
                 gboolean      at_risk,
                 gint64        as_of,
                 GError      **error)
{
  GTimeZone *tz = mc_db_get_time_zone (db);
  McTierMetric metric = programme->metric < MC_N_TIER_METRICS ? programme->metric : MC_TIER_METRIC_GROWTH;
  sqlite3_stmt *stmt = mc_db_prepare (db, members_sql[metric][at_risk ? 1 : 0], error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, mc_programme_window_start (programme, as_of, tz));
  sqlite3_bind_int64 (stmt, 2, as_of);
  if (metric == MC_TIER_METRIC_ACTIVE_DAYS)
    sqlite3_bind_int64 (stmt, 9, g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, as_of)));
  return stmt;
}

McTierDecision
mc_tier_decide (McProgramme  *programme,
                const char   *tier,
                gint64        pending_since,
                const char   *manual,
                gint64        manual_until,
                gint64        window_growth,
                gint64        as_of,
                const char  **computed)
{
  const McTier *reached;
  int current_rank, computed_rank;

  g_return_val_if_fail (programme != NULL, MC_TIER_KEEP);

  reached = mc_programme_tier_for_growth (programme, window_growth);
  if (computed != NULL)
    *computed = reached->code;
  if (manual != NULL && manual_until > as_of && mc_programme_get_tier (programme, manual) != NULL)
    return MC_TIER_OVERRIDDEN;
  current_rank = mc_programme_tier_rank (programme, tier);
  computed_rank = mc_programme_tier_rank (programme, reached->code);
  if (computed_rank > current_rank)
    return MC_TIER_UPGRADE;
  if (computed_rank == current_rank)
    return MC_TIER_KEEP;
  if (programme->grace_days > 0 && pending_since == 0)
    return MC_TIER_WARN;
  if (programme->grace_days > 0 && as_of - pending_since < (gint64) programme->grace_days * DAY)
    return MC_TIER_IN_GRACE;
  return MC_TIER_DOWNGRADE;
}

gboolean
mc_tiers_scan_at_risk (McDb            *db,
                       gint64           as_of,
                       McTierRiskFunc   func,
                       gpointer         user_data,
                       GError         **error)
{
  g_autoptr(McProgramme) programme = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  programme = mc_programme_load_live (db, error);
  if (programme == NULL)
    return FALSE;
  if (programme->tiers->len == 0)
    return TRUE;
  /* A member in the lowest tier has nowhere to drop to: most members, not read. */
  stmt = prepare_members (db, programme, TRUE, as_of, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 3, ((McTier *) g_ptr_array_index (programme->tiers, 0))->code, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McTierRisk risk = { 0 };
      const char *computed = NULL;
      McTierDecision decision;

      risk.member_id = mc_db_column_text (stmt, 0);
      risk.tier = mc_db_column_text (stmt, 1);
      risk.pending_since = sqlite3_column_int64 (stmt, 2);
      risk.window_growth = sqlite3_column_int64 (stmt, 6);
      decision = mc_tier_decide (programme, risk.tier, risk.pending_since,
                                 mc_db_column_text (stmt, 3), sqlite3_column_int64 (stmt, 4),
                                 risk.window_growth, as_of, &computed);
      if (decision != MC_TIER_WARN && decision != MC_TIER_IN_GRACE && decision != MC_TIER_DOWNGRADE)
        continue;
      risk.falls_to = computed;
      risk.name = mc_db_column_text (stmt, 7);
      if (risk.pending_since != 0)
        risk.grace_ends = risk.pending_since + (gint64) programme->grace_days * DAY;
      if (!func (&risk, user_data))
        break;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return mc_db_set_error (db, error);
  return TRUE;
}

static gboolean
write_tier (McDb        *db,
            const char  *member_id,
            const char  *tier,
            gint64       tier_since,
            gint64       pending_since,
            gboolean     clear_manual,
            GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "UPDATE member SET tier = ?2, tier_since = ?3, downgrade_pending_since = ?4, "
    "manual_tier = CASE WHEN ?5 THEN NULL ELSE manual_tier END, "
    "manual_reason = CASE WHEN ?5 THEN NULL ELSE manual_reason END, "
    "manual_until = CASE WHEN ?5 THEN NULL ELSE manual_until END, "
    "updated_at = ?6, seq = ?7 WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, tier, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, tier_since);
  if (pending_since != 0)
    sqlite3_bind_int64 (stmt, 4, pending_since);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_int (stmt, 5, clear_manual);
  sqlite3_bind_int64 (stmt, 6, mc_db_now ());
  sqlite3_bind_int64 (stmt, 7, mc_db_next_seq (db));
  return mc_db_step_done (db, stmt, error);
}

gboolean
mc_tiers_evaluate (McDb         *db,
                   gint64        as_of,
                   McTierStats  *stats,
                   GError      **error)
{
  return mc_tiers_evaluate_full (db, as_of, stats, NULL, NULL, NULL, error);
}

/* Every this many members: progress, and a look at the cancellable. */
#define EVALUATE_STEP 1024

gboolean
mc_tiers_evaluate_full (McDb           *db,
                        gint64          as_of,
                        McTierStats    *stats,
                        McTierProgress  progress,
                        gpointer        user_data,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(McProgramme) programme = NULL;
  g_autofree char *after = NULL;
  McTierStats s = { 0 };
  sqlite3_stmt *stmt;
  gint64 total = 0;
  int rc;

  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, "tiers.evaluate", error) ||
      !mc_db_begin (db, error))
    return FALSE;
  programme = mc_programme_load_live (db, error);
  if (programme == NULL)
    goto fail;
  if (progress != NULL)
    {
      stmt = mc_db_prepare (db, "SELECT count(*) FROM member WHERE deleted = 0", error);
      if (stmt == NULL)
        goto fail;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        total = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      progress (0.0, user_data);
    }

  /* Read all first (nine tenths of the progress), write after: the statement must not see
   * its own updates. */
  {
    typedef struct { char *id; char *tier; gint64 tier_since; gint64 pending; gboolean clear_manual; } Change;
    g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));

    stmt = prepare_members (db, programme, FALSE, as_of, error);
    if (stmt == NULL)
      goto fail;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        const char *id = mc_db_column_text (stmt, 0);
        const char *tier = mc_db_column_text (stmt, 1);
        gint64 pending = sqlite3_column_int64 (stmt, 2);
        const char *manual = mc_db_column_text (stmt, 3);
        gint64 manual_until = sqlite3_column_int64 (stmt, 4);
        gint64 tier_since = sqlite3_column_int64 (stmt, 5);
        gint64 window_growth = sqlite3_column_int64 (stmt, 6);
        const char *computed = NULL;
        McTierDecision decision = mc_tier_decide (programme, tier, pending, manual, manual_until,
                                                  window_growth, as_of, &computed);
        Change c = { 0 };
        gboolean clear_manual = manual != NULL && decision != MC_TIER_OVERRIDDEN;

        if (++s.members % EVALUATE_STEP == 0)
          {
            if (g_cancellable_set_error_if_cancelled (cancellable, error))
              {
                sqlite3_reset (stmt);
                goto fail_changes;
              }
            if (progress != NULL && total > 0)
              progress (0.9 * MIN (1.0, (double) s.members / total), user_data);
          }
        if (clear_manual)
          s.overrides_expired++;
        switch (decision)
          {
          case MC_TIER_OVERRIDDEN:
            s.overridden++;
            if (g_strcmp0 (tier, manual) == 0 && pending == 0)
              continue;
            c.tier = g_strdup (manual);
            c.tier_since = g_strcmp0 (tier, manual) != 0 ? as_of : tier_since;
            break;
          case MC_TIER_UPGRADE:
            s.upgraded++;
            c.tier = g_strdup (computed);
            c.tier_since = as_of;
            break;
          case MC_TIER_KEEP:
            if (pending == 0 && !clear_manual)
              continue;
            c.tier = g_strdup (computed);
            c.tier_since = tier_since;
            break;
          case MC_TIER_WARN:
            s.warned++;
            c.tier = g_strdup (tier);
            c.tier_since = tier_since;
            c.pending = as_of;
            break;
          case MC_TIER_IN_GRACE:
            s.kept_in_grace++;
            if (!clear_manual)
              continue;
            c.tier = g_strdup (tier);
            c.tier_since = tier_since;
            c.pending = pending;
            break;
          case MC_TIER_DOWNGRADE:
          default:
            s.downgraded++;
            c.tier = g_strdup (computed);
            c.tier_since = as_of;
            break;
          }
        c.id = g_strdup (id);
        c.clear_manual = clear_manual;
        g_array_append_val (changes, c);
      }
    sqlite3_reset (stmt);
    if (rc != SQLITE_DONE)
      {
        mc_db_set_error (db, error);
        goto fail_changes;
      }

    for (guint i = 0; i < changes->len; i++)
      {
        Change *c = &g_array_index (changes, Change, i);

        if (!write_tier (db, c->id, c->tier, c->tier_since, c->pending, c->clear_manual, error))
          goto fail_changes;
        if ((i + 1) % EVALUATE_STEP == 0)
          {
            if (g_cancellable_set_error_if_cancelled (cancellable, error))
              goto fail_changes;
            if (progress != NULL)
              progress (0.9 + 0.1 * (i + 1) / changes->len, user_data);
          }
      }
    if (g_cancellable_set_error_if_cancelled (cancellable, error))
      goto fail_changes;
    for (guint i = 0; i < changes->len; i++)
      {
        g_free (g_array_index (changes, Change, i).id);
        g_free (g_array_index (changes, Change, i).tier);
      }
    goto written;

fail_changes:
    for (guint i = 0; i < changes->len; i++)
      {
        g_free (g_array_index (changes, Change, i).id);
        g_free (g_array_index (changes, Change, i).tier);
      }
    goto fail;
  }

written:
  after = g_strdup_printf ("{\"as_of\":%" G_GINT64_FORMAT ",\"members\":%" G_GINT64_FORMAT
                           ",\"upgraded\":%" G_GINT64_FORMAT ",\"downgraded\":%" G_GINT64_FORMAT
                           ",\"warned\":%" G_GINT64_FORMAT ",\"overrides_expired\":%" G_GINT64_FORMAT "}",
                           as_of, s.members, s.upgraded, s.downgraded, s.warned, s.overrides_expired);
  if (!mc_audit_log (db, "tiers.evaluate", NULL, NULL, NULL, after, error) ||
      !mc_db_commit (db, error))
    goto fail;
  if (stats != NULL)
    *stats = s;
  if (progress != NULL)
    progress (1.0, user_data);
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}

gboolean
mc_tier_set_manual (McDb        *db,
                    const char  *member_id,
                    const char  *tier_code,
                    const char  *reason,
                    gint64       until,
                    GError     **error)
{
  g_autoptr(McProgramme) programme = NULL;
  g_autoptr(McMember) member = NULL;
  g_autofree char *clean_reason = g_strstrip (g_strdup (reason != NULL ? reason : ""));
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  gint64 now = mc_db_now ();

  if (clean_reason[0] == '\0')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A manual tier needs a reason: it is kept with the member and in the audit log."));
      return FALSE;
    }
  if (until <= now)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A manual tier needs an end date in the future: it is never permanent."));
      return FALSE;
    }
  if (until > now + 2 * 366 * DAY)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A manual tier lasts at most two years; choose an earlier end date."));
      return FALSE;
    }
  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, "tier.manual", error) ||
      !mc_db_begin (db, error))
    return FALSE;
  programme = mc_programme_load_live (db, error);
  if (programme == NULL)
    goto fail;
  if (mc_programme_get_tier (programme, tier_code) == NULL)
    {
      g_autoptr(GString) codes = g_string_new (NULL);

      for (guint i = 0; i < programme->tiers->len; i++)
        g_string_append_printf (codes, "%s%s", i ? ", " : "",
                                ((McTier *) g_ptr_array_index (programme->tiers, i))->code);
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("There is no tier “%s”. The tiers are: %s."), tier_code, codes->str);
      goto fail;
    }
  member = mc_member_load (db, member_id, error);
  if (member == NULL)
    goto fail;

  stmt = mc_db_prepare (db,
    "UPDATE member SET tier = ?2, tier_since = ?3, downgrade_pending_since = NULL, "
    "manual_tier = ?2, manual_reason = ?4, manual_until = ?5, updated_at = ?3, seq = ?6 "
    "WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, tier_code, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, clean_reason, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, until);
  sqlite3_bind_int64 (stmt, 6, mc_db_next_seq (db));
  if (!mc_db_step_done (db, stmt, error))
    goto fail;
  {
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonNode) node = NULL;

    json_builder_begin_object (b);
    json_builder_set_member_name (b, "tier");
    json_builder_add_string_value (b, tier_code);
    json_builder_set_member_name (b, "reason");
    json_builder_add_string_value (b, clean_reason);
    json_builder_set_member_name (b, "until");
    json_builder_add_int_value (b, until);
    json_builder_end_object (b);
    node = json_builder_get_root (b);
    after = mc_json_to_string (node);
    before = g_strdup_printf ("{\"tier\":\"%s\"}", member->tier);
  }
  if (!mc_audit_log (db, "tier.manual", "member", member_id, before, after, error) ||
      !mc_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}
