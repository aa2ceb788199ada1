/* mc-order.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Orders, refunds and member actions, with the rules that go with them:
 * - a sale earns floor (yuan × points per yuan × tier multiplier) points, as a lot that
 *   expires after the programme's months, and growth per yuan plus per order;
 * - a refund takes back the same share of what its order earned (all of it once the
 *   whole order is refunded), never below a zero balance: the rest is "unrecovered";
 * - an action earns growth up to its daily cap (a day in the workspace's time zone).
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-order.h"
#include "mc-programme.h"
#include "mc-validate.h"

void
mc_order_result_clear (McOrderResult *result)
{
  g_clear_pointer (&result->order_id, g_free);
}

static gboolean
insert_order (McDb        *db,
              const char  *id,
              const char  *member_id,
              const char  *store_id,
              gint64       amount_fen,
              gint64       at,
              const char  *refund_of,
              const char  *note,
              GError     **error)
{
  g_autofree char *rev = mc_db_new_rev (NULL);
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "INSERT INTO orders (id, member_id, store_id, amount_fen, at, refund_of, note, rev, seq) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, store_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, amount_fen);
  sqlite3_bind_int64 (stmt, 5, at);
  sqlite3_bind_text (stmt, 6, refund_of, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, note, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, mc_db_next_seq (db));
  return mc_db_step_done (db, stmt, error);
}

static gboolean
update_member_totals (McDb        *db,
                      const char  *member_id,
                      gint64       spend_delta,
                      gint64       orders_delta,
                      gint64       visit_at,
                      GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "UPDATE member SET spend_fen = spend_fen + ?2, orders_count = orders_count + ?3, "
    "last_visit_at = max (coalesce (last_visit_at, 0), ?4), updated_at = ?5, seq = ?6 "
    "WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, spend_delta);
  sqlite3_bind_int64 (stmt, 3, orders_delta);
  sqlite3_bind_int64 (stmt, 4, visit_at);
  sqlite3_bind_int64 (stmt, 5, mc_db_now ());
  sqlite3_bind_int64 (stmt, 6, mc_db_next_seq (db));
  return mc_db_step_done (db, stmt, error);
}

/* Steps a one-row, one-number query; a failure is an error, never a silent zero. */
static gboolean
step_int (McDb          *db,
          sqlite3_stmt  *stmt,
          gint64        *value,
          GError       **error)
{
  gboolean ok = sqlite3_step (stmt) == SQLITE_ROW;

  if (ok)
    *value = sqlite3_column_int64 (stmt, 0);
  else
    mc_db_set_error (db, error);
  sqlite3_reset (stmt);
  return ok;
}

/* The midnight that starts at's day in the workspace's time zone: daily caps count by it. */
static gint64
day_start (McDb   *db,
           gint64  at)
{
  GTimeZone *tz = mc_db_get_time_zone (db);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) day = g_date_time_new (tz, g_date_time_get_year (local),
                                              g_date_time_get_month (local),
                                              g_date_time_get_day_of_month (local), 0, 0, 0);

  return g_date_time_to_unix (day);
}

/* Points earned today (the workspace's day) before this order, for the daily cap. */
static gboolean
points_earned_on_day (McDb        *db,
                      const char  *member_id,
                      gint64       at,
                      gint64      *earned,
                      GError     **error)
{
  gint64 start = day_start (db, at);
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT coalesce (sum (delta), 0) FROM points_ledger WHERE member_id = ? "
    "AND kind IN ('earn', 'reward') AND at >= ? AND at < ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, start + 86400);
  return step_int (db, stmt, earned, error);
}

gboolean
mc_order_add (McDb                *db,
              const McOrderInput  *input,
              McOrderResult       *result,
              GError             **error)
{
  g_autoptr(McProgramme) programme = NULL;
  g_autoptr(McMember) member = NULL;
  g_autofree char *id = mc_db_new_id ();
  g_autofree char *after = NULL;
  gint64 at = input->at != 0 ? input->at : mc_db_now ();
  gint64 points = 0, growth = 0;

  g_return_val_if_fail (input != NULL, FALSE);

  if (input->amount_fen <= 0 || input->amount_fen > G_GINT64_CONSTANT (10000000000))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("An order amount is more than 0 and at most 100,000,000 yuan."));
      return FALSE;
    }
  if (at > mc_db_now () + 86400)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("An order cannot be dated in the future."));
      return FALSE;
    }
  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, "order.add", error) ||
      !mc_db_begin (db, error))
    return FALSE;

  if (input->member_id != NULL)
    {
      member = mc_member_load (db, input->member_id, error);
      if (member == NULL)
        goto fail;
      if (member->deleted || g_strcmp0 (member->status, "active") != 0)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("%s is not an active member: record the sale without a member."), member->name);
          goto fail;
        }
      programme = mc_programme_load_live (db, error);
      if (programme == NULL)
        goto fail;
      points = mc_programme_points_for_order (programme, input->amount_fen, member->tier);
      growth = mc_programme_growth_for_order (programme, input->amount_fen);
      if (programme->daily_points_cap > 0)
        {
          gint64 today;

          if (!points_earned_on_day (db, member->id, at, &today, error))
            goto fail;
          points = CLAMP (programme->daily_points_cap - today, 0, points);
        }
    }

  if (!insert_order (db, id, input->member_id, input->store_id, input->amount_fen, at, NULL,
                     input->note, error))
    goto fail;

  if (member != NULL)
    {
      McLedgerEntry entry = { 0 };

      entry.member_id = member->id;
      entry.ref_id = id;
      entry.at = at;
      if (points > 0)
        {
          entry.ledger = MC_LEDGER_POINTS;
          entry.kind = "earn";
          entry.delta = points;
          entry.expires_at = mc_programme_points_expiry (programme, at, mc_db_get_time_zone (db));
          if (!mc_ledger_append (db, &entry, error))
            goto fail;
        }
      if (growth > 0)
        {
          entry.ledger = MC_LEDGER_GROWTH;
          entry.kind = "order";
          entry.delta = growth;
          entry.expires_at = 0;
          if (!mc_ledger_append (db, &entry, error))
            goto fail;
        }
      if (!update_member_totals (db, member->id, input->amount_fen, 1, at, error))
        goto fail;
    }

  after = g_strdup_printf ("{\"amount_fen\":%" G_GINT64_FORMAT ",\"points\":%" G_GINT64_FORMAT
                           ",\"growth\":%" G_GINT64_FORMAT ",\"member_id\":%s%s%s}",
                           input->amount_fen, points, growth,
                           member ? "\"" : "", member ? member->id : "null", member ? "\"" : "");
  if (!mc_audit_log (db, "order.add", "order", id, NULL, after, error) ||
      !mc_db_commit (db, error))
    goto fail;

  if (result != NULL)
    {
      result->order_id = g_steal_pointer (&id);
      result->points = points;
      result->growth = growth;
      result->amount_fen = input->amount_fen;
      result->points_unrecovered = result->growth_unrecovered = 0;
    }
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}

/* What an order's ledger entries say: earned, and already taken back (incl. unrecovered). */
static gboolean
earned_and_reversed (McDb        *db,
                     McLedger     ledger,
                     const char  *member_id,
                     const char  *order_id,
                     gint64      *earned,
                     gint64      *reversed,
                     GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, ledger == MC_LEDGER_POINTS
    ? "SELECT coalesce (sum (CASE WHEN kind = 'earn' THEN delta END), 0), "
      "coalesce (sum (CASE WHEN kind = 'refund' THEN unrecovered - delta END), 0) "
      "FROM points_ledger WHERE member_id = ?1 AND ref_id = ?2"
    : "SELECT coalesce (sum (CASE WHEN kind = 'order' THEN delta END), 0), "
      "coalesce (sum (CASE WHEN kind = 'refund' THEN unrecovered - delta END), 0) "
      "FROM growth_ledger WHERE member_id = ?1 AND ref_id = ?2", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, order_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return mc_db_set_error (db, error);
    }
  *earned = sqlite3_column_int64 (stmt, 0);
  *reversed = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
take_back (McDb        *db,
           McLedger     ledger,
           const char  *member_id,
           const char  *order_id,
           gint64       original_fen,
           gint64       refunded_after_fen,
           gint64       at,
           gint64      *taken,
           gint64      *unrecovered,
           GError     **error)
{
  McLedgerEntry entry = { 0 };
  gint64 earned = 0, reversed = 0, target, due, balance;
  sqlite3_stmt *stmt;

  *taken = *unrecovered = 0;
  if (!earned_and_reversed (db, ledger, member_id, order_id, &earned, &reversed, error))
    return FALSE;
  /* The share of the order refunded so far, of what it earned, rounded down; all of it at
   * the end, so partial refunds add up to exactly what was earned. */
  target = refunded_after_fen >= original_fen ? earned : earned * refunded_after_fen / original_fen;
  due = target - reversed;
  if (due <= 0)
    return TRUE;

  stmt = mc_db_prepare (db, ledger == MC_LEDGER_POINTS
    ? "SELECT points_balance FROM member WHERE id = ?"
    : "SELECT growth FROM member WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  if (!step_int (db, stmt, &balance, error))
    return FALSE;

  *taken = MIN (due, MAX (balance, 0));
  *unrecovered = due - *taken;
  entry.ledger = ledger;
  entry.member_id = member_id;
  entry.kind = "refund";
  entry.delta = -*taken;
  entry.unrecovered = *unrecovered;
  entry.reason = "refund";
  entry.ref_id = order_id;
  entry.at = at;
  return mc_ledger_append (db, &entry, error);
}

gboolean
mc_order_refund (McDb           *db,
                 const char     *order_id,
                 gint64          amount_fen,
                 gint64          at,
                 McOrderResult  *result,
                 GError        **error)
{
  g_autofree char *member_id = NULL;
  g_autofree char *store_id = NULL;
  g_autofree char *refund_of = NULL;
  g_autofree char *id = mc_db_new_id ();
  g_autofree char *after = NULL;
  gint64 original = 0, refunded = 0, sold_at = 0, points = 0, growth = 0, points_lost = 0, growth_lost = 0;
  sqlite3_stmt *stmt;
  int rc;

  if (at == 0)
    at = mc_db_now ();
  if (amount_fen < 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("A refund amount is positive."));
      return FALSE;
    }
  if (at > mc_db_now () + 86400)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("A refund cannot be dated in the future."));
      return FALSE;
    }
  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, "order.refund", error) ||
      !mc_db_begin (db, error))
    return FALSE;

  stmt = mc_db_prepare (db,
    "SELECT o.member_id, o.store_id, o.amount_fen, o.refund_of, o.at, "
    "(SELECT coalesce (-sum (r.amount_fen), 0) FROM orders r WHERE r.refund_of = o.id AND r.deleted = 0) "
    "FROM orders o WHERE o.id = ? AND o.deleted = 0", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, order_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      member_id = g_strdup (mc_db_column_text (stmt, 0));
      store_id = g_strdup (mc_db_column_text (stmt, 1));
      original = sqlite3_column_int64 (stmt, 2);
      refund_of = g_strdup (mc_db_column_text (stmt, 3));
      sold_at = sqlite3_column_int64 (stmt, 4);
      refunded = sqlite3_column_int64 (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND, _("No order “%s”."), order_id);
      else
        mc_db_set_error (db, error);
      goto fail;
    }
  if (refund_of != NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is a refund itself; refund the original order %s."), order_id, refund_of);
      goto fail;
    }
  if (at < sold_at)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A refund cannot be dated before the sale it refunds."));
      goto fail;
    }
  if (amount_fen == 0)
    amount_fen = original - refunded;
  if (amount_fen <= 0 || refunded + amount_fen > original)
    {
      g_autofree char *left = mc_format_yuan (original - refunded);

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Only ¥%s of this order is left to refund."), left);
      goto fail;
    }

  if (!insert_order (db, id, member_id, store_id, -amount_fen, at, order_id, NULL, error))
    goto fail;
  if (member_id != NULL)
    {
      if (!take_back (db, MC_LEDGER_POINTS, member_id, order_id, original, refunded + amount_fen,
                      at, &points, &points_lost, error) ||
          !take_back (db, MC_LEDGER_GROWTH, member_id, order_id, original, refunded + amount_fen,
                      at, &growth, &growth_lost, error) ||
          !update_member_totals (db, member_id, -amount_fen, 0, 0, error))
        goto fail;
    }

  after = g_strdup_printf ("{\"refund_of\":\"%s\",\"amount_fen\":%" G_GINT64_FORMAT
                           ",\"points\":%" G_GINT64_FORMAT ",\"points_unrecovered\":%" G_GINT64_FORMAT
                           ",\"growth\":%" G_GINT64_FORMAT ",\"growth_unrecovered\":%" G_GINT64_FORMAT "}",
                           order_id, amount_fen, -points, points_lost, -growth, growth_lost);
  if (!mc_audit_log (db, "order.refund", "order", id, NULL, after, error) ||
      !mc_db_commit (db, error))
    goto fail;

  if (result != NULL)
    {
      result->order_id = g_steal_pointer (&id);
      result->amount_fen = amount_fen;
      result->points = -points;
      result->growth = -growth;
      result->points_unrecovered = points_lost;
      result->growth_unrecovered = growth_lost;
    }
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}

static const char * const event_kinds[] = {
  "visit", "login", "checkin", "share", "invite", "share_bought", "like", "benefit_used",
};

gboolean
mc_event_record (McDb        *db,
                 const char  *member_id,
                 const char  *kind,
                 gint64       at,
                 gint64      *growth_awarded,
                 GError     **error)
{
  g_autoptr(McProgramme) programme = NULL;
  g_autofree char *id = mc_db_new_id ();
  g_autofree char *rev = mc_db_new_rev (NULL);
  sqlite3_stmt *stmt;
  McAction action;
  gint64 award = 0;
  guint k;

  for (k = 0; k < G_N_ELEMENTS (event_kinds); k++)
    if (g_strcmp0 (kind, event_kinds[k]) == 0)
      break;
  if (k == G_N_ELEMENTS (event_kinds))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not an action: use visit, login, checkin, share, invite, "
                     "share_bought, like or benefit_used."), kind);
      return FALSE;
    }
  if (at == 0)
    at = mc_db_now ();
  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, "event.add", error) ||
      !mc_db_begin (db, error))
    return FALSE;

  {
    g_autoptr(McMember) member = mc_member_load (db, member_id, error);

    if (member == NULL)
      goto fail;
    if (member->deleted || g_strcmp0 (member->status, "active") != 0)
      {
        g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                     _("%s is not an active member: actions are not recorded."), member->name);
        goto fail;
      }
  }
  stmt = mc_db_prepare (db,
    "INSERT INTO member_event (id, member_id, kind, at, rev, seq) VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, at);
  sqlite3_bind_text (stmt, 5, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, mc_db_next_seq (db));
  if (!mc_db_step_done (db, stmt, error))
    goto fail;

  if (mc_action_from_string (kind, &action))
    {
      gint64 start = day_start (db, at);
      McActionRule rule;

      programme = mc_programme_load_live (db, error);
      if (programme == NULL)
        goto fail;
      rule = programme->actions[action];
      award = rule.growth;
      if (award > 0 && rule.daily_cap > 0)
        {
          gint64 today;

          stmt = mc_db_prepare (db,
            "SELECT coalesce (sum (delta), 0) FROM growth_ledger WHERE member_id = ? "
            "AND kind = 'action' AND reason = ? AND at >= ? AND at < ?", error);
          if (stmt == NULL)
            goto fail;
          sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 3, start);
          sqlite3_bind_int64 (stmt, 4, start + 86400);
          if (!step_int (db, stmt, &today, error))
            goto fail;
          award = CLAMP (rule.daily_cap - today, 0, award);
        }
      if (award != 0)
        {
          McLedgerEntry entry = { 0 };

          entry.ledger = MC_LEDGER_GROWTH;
          entry.member_id = member_id;
          entry.kind = "action";
          entry.delta = award;
          entry.reason = kind;
          entry.ref_id = id;
          entry.at = at;
          if (!mc_ledger_append (db, &entry, error))
            goto fail;
        }
    }
  if (g_str_equal (kind, "visit") || g_str_equal (kind, "checkin") || g_str_equal (kind, "login"))
    {
      if (!update_member_totals (db, member_id, 0, 0, at, error))
        goto fail;
    }
  {
    g_autofree char *after = g_strdup_printf ("{\"kind\":\"%s\",\"at\":%" G_GINT64_FORMAT
                                              ",\"growth\":%" G_GINT64_FORMAT "}", kind, at, award);

    if (!mc_audit_log (db, "event.add", "member", member_id, NULL, after, error))
      goto fail;
  }
  if (!mc_db_commit (db, error))
    goto fail;
  if (growth_awarded != NULL)
    *growth_awarded = award;
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}
