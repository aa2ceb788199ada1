/* mc-ledger.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The points and growth ledgers. Entries are only ever appended; the member row keeps the
 * running balance (points_balance, growth), moved in the same statement batch and checked
 * never to go below zero (the schema has a CHECK, this code says why in words first).
 *
 * Lots: every positive points entry is a lot. Negative entries use the oldest lots first;
 * an expire entry names its lot in ref_id and takes exactly what is left of it.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-programme.h"

static gboolean
balance_of (McDb        *db,
            McLedger     ledger,
            const char  *member_id,
            gint64      *balance,
            GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, ledger == MC_LEDGER_POINTS
    ? "SELECT points_balance FROM member WHERE id = ?"
    : "SELECT growth FROM member WHERE id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *balance = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND, _("No member “%s”."), member_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return mc_db_set_error (db, error);
  return TRUE;
}

gboolean
mc_ledger_append (McDb                 *db,
                  const McLedgerEntry  *entry,
                  GError              **error)
{
  g_autofree char *id = entry->id != NULL ? g_strdup (entry->id) : mc_db_new_id ();
  g_autofree char *rev = mc_db_new_rev (NULL);
  gboolean points = entry->ledger == MC_LEDGER_POINTS;
  sqlite3_stmt *stmt;
  gint64 balance;

  g_return_val_if_fail (mc_db_in_transaction (db), FALSE);

  if (!balance_of (db, entry->ledger, entry->member_id, &balance, error))
    return FALSE;
  if (balance + entry->delta < 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT, points
                   ? _("Not enough points: the balance is %" PRId64 ", the change %" PRId64 ".")
                   : _("Not enough growth value: the balance is %" PRId64 ", the change %" PRId64 "."),
                   balance, entry->delta);
      return FALSE;
    }

  stmt = mc_db_prepare (db, points
    ? "INSERT INTO points_ledger (id, member_id, kind, delta, reason, ref_id, at, expires_at, "
      "unrecovered, actor, rev, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    : "INSERT INTO growth_ledger (id, member_id, kind, delta, reason, ref_id, at, "
      "unrecovered, actor, rev, seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?9, ?10, ?11, ?12)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entry->member_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entry->kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, entry->delta);
  sqlite3_bind_text (stmt, 5, entry->reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, entry->ref_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, entry->at != 0 ? entry->at : mc_db_now ());
  if (points)
    {
      if (entry->expires_at != 0 && entry->delta > 0)
        sqlite3_bind_int64 (stmt, 8, entry->expires_at);
      else
        sqlite3_bind_null (stmt, 8);
    }
  sqlite3_bind_int64 (stmt, 9, entry->unrecovered);
  sqlite3_bind_text (stmt, 10, mc_db_get_actor (db), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 12, mc_db_next_seq (db));
  if (!mc_db_step_done (db, stmt, error))
    return FALSE;

  /* The member row changes too: its seq moves, so the sync layer sees the new balance. */
  stmt = mc_db_prepare (db, points
    ? "UPDATE member SET points_balance = points_balance + ?2, updated_at = ?3, seq = ?4 WHERE id = ?1"
    : "UPDATE member SET growth = growth + ?2, updated_at = ?3, seq = ?4 WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, entry->member_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, entry->delta);
  sqlite3_bind_int64 (stmt, 3, mc_db_now ());
  sqlite3_bind_int64 (stmt, 4, mc_db_next_seq (db));
  return mc_db_step_done (db, stmt, error);
}

gboolean
mc_ledger_sum (McDb        *db,
               McLedger     ledger,
               const char  *member_id,
               gint64      *sum,
               GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, ledger == MC_LEDGER_POINTS
    ? "SELECT coalesce (sum (delta), 0) FROM points_ledger WHERE member_id = ? AND deleted = 0"
    : "SELECT coalesce (sum (delta), 0) FROM growth_ledger WHERE member_id = ? AND deleted = 0", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return mc_db_set_error (db, error);
    }
  *sum = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
check_reason (const char  *reason,
              GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (reason != NULL ? reason : ""));

  if (clean[0] == '\0')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Give a reason: it is kept in the ledger and the audit log."));
      return FALSE;
    }
  if (g_utf8_strlen (clean, -1) > 200)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The reason is too long: at most 200 characters."));
      return FALSE;
    }
  return TRUE;
}

static char *
entry_json (const char *kind,
            gint64      delta,
            gint64      balance_after,
            const char *reason)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, kind);
  json_builder_set_member_name (b, "delta");
  json_builder_add_int_value (b, delta);
  json_builder_set_member_name (b, "balance");
  json_builder_add_int_value (b, balance_after);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, reason);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  return mc_json_to_string (node);
}

/* One person-facing change to a ledger, in its own transaction with its audit record. */
static gboolean
change_balance (McDb        *db,
                McLedger     ledger,
                const char  *member_id,
                const char  *kind,
                gint64       delta,
                const char  *reason,
                const char  *action,
                GError     **error)
{
  g_autofree char *after = NULL;
  McLedgerEntry entry = { 0 };
  gint64 balance;
  gint64 now = mc_db_now ();

  if (!check_reason (reason, error) ||
      !mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, action, error) ||
      !mc_db_begin (db, error))
    return FALSE;
  if (!balance_of (db, ledger, member_id, &balance, error))
    goto fail;
  {
    g_autoptr(McMember) member = mc_member_load (db, member_id, error);

    if (member == NULL)
      goto fail;
    if (member->deleted || g_strcmp0 (member->status, "erased") == 0 ||
        (delta < 0 && g_str_equal (kind, "redeem") && g_strcmp0 (member->status, "active") != 0))
      {
        g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                     _("%s is not an active member: the balance cannot change."), member->name);
        goto fail;
      }
  }

  entry.ledger = ledger;
  entry.member_id = member_id;
  entry.kind = kind;
  entry.delta = delta;
  entry.reason = reason;
  entry.at = now;
  if (ledger == MC_LEDGER_POINTS && delta > 0)
    {
      g_autoptr(McProgramme) programme = mc_programme_load_live (db, error);

      if (programme == NULL)
        goto fail;
      entry.expires_at = mc_programme_points_expiry (programme, now, mc_db_get_time_zone (db));
    }
  if (balance + delta < 0)
    {
      if (g_str_equal (kind, "redeem"))
        g_set_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT,
                     _("Not enough points: %" PRId64 " asked, %" PRId64 " available."),
                     -delta, balance);
      else
        g_set_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT,
                     _("The balance would go below zero: it is %" PRId64 ", the change %" PRId64 "."),
                     balance, delta);
      goto fail;
    }
  if (!mc_ledger_append (db, &entry, error))
    goto fail;
  after = entry_json (kind, delta, balance + delta, reason);
  if (!mc_audit_log (db, action, "member", member_id, NULL, after, error) ||
      !mc_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}

gboolean
mc_points_redeem (McDb        *db,
                  const char  *member_id,
                  gint64       points,
                  const char  *reason,
                  GError     **error)
{
  if (points <= 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("Redeem a positive number of points."));
      return FALSE;
    }
  return change_balance (db, MC_LEDGER_POINTS, member_id, "redeem", -points, reason,
                         "points.redeem", error);
}

gboolean
mc_points_adjust (McDb        *db,
                  const char  *member_id,
                  gint64       delta,
                  const char  *reason,
                  GError     **error)
{
  if (delta == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("An adjustment of zero points changes nothing."));
      return FALSE;
    }
  return change_balance (db, MC_LEDGER_POINTS, member_id, "adjust", delta, reason,
                         "points.adjust", error);
}

gboolean
mc_growth_adjust (McDb        *db,
                  const char  *member_id,
                  gint64       delta,
                  const char  *reason,
                  GError     **error)
{
  if (delta == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("An adjustment of zero growth changes nothing."));
      return FALSE;
    }
  return change_balance (db, MC_LEDGER_GROWTH, member_id, delta < 0 ? "violation" : "adjust",
                         delta, reason, "growth.adjust", error);
}

static void
lot_clear (gpointer data)
{
  McPointsLot *lot = data;

  g_free (lot->id);
}

void
mc_points_lots_free (GArray *lots)
{
  if (lots != NULL)
    g_array_unref (lots);
}

/* Replays a member's points ledger in time order and returns the lots with what is left. */
GArray *
mc_points_lots (McDb        *db,
                const char  *member_id,
                GError     **error)
{
  GArray *lots = g_array_new (FALSE, TRUE, sizeof (McPointsLot));
  sqlite3_stmt *stmt;
  guint oldest = 0;
  int rc;

  g_array_set_clear_func (lots, lot_clear);
  stmt = mc_db_prepare (db,
    "SELECT id, kind, delta, ref_id, at, coalesce (expires_at, 0) FROM points_ledger "
    "WHERE member_id = ? AND deleted = 0 ORDER BY at, id", error);
  if (stmt == NULL)
    {
      g_array_unref (lots);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = mc_db_column_text (stmt, 1);
      gint64 delta = sqlite3_column_int64 (stmt, 2);

      if (delta > 0)
        {
          McPointsLot lot = { 0 };

          lot.id = g_strdup (mc_db_column_text (stmt, 0));
          lot.amount = lot.remaining = delta;
          lot.earned_at = sqlite3_column_int64 (stmt, 4);
          lot.expires_at = sqlite3_column_int64 (stmt, 5);
          g_array_append_val (lots, lot);
        }
      else if (g_str_equal (kind, "expire"))
        {
          const char *ref = mc_db_column_text (stmt, 3);

          for (guint i = 0; i < lots->len; i++)
            {
              McPointsLot *lot = &g_array_index (lots, McPointsLot, i);

              if (g_strcmp0 (lot->id, ref) == 0)
                {
                  lot->remaining += delta;
                  break;
                }
            }
        }
      else
        {
          gint64 need = -delta;

          for (guint i = oldest; i < lots->len && need > 0; i++)
            {
              McPointsLot *lot = &g_array_index (lots, McPointsLot, i);
              gint64 take = MIN (need, lot->remaining);

              lot->remaining -= take;
              need -= take;
            }
        }
      while (oldest < lots->len && g_array_index (lots, McPointsLot, oldest).remaining == 0)
        oldest++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      g_array_unref (lots);
      return NULL;
    }
  return lots;
}

gboolean
mc_points_expire (McDb        *db,
                  gint64       as_of,
                  gint64      *n_members,
                  gint64      *n_points,
                  GError     **error)
{
  g_autoptr(GPtrArray) members = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *after = NULL;
  sqlite3_stmt *stmt;
  gint64 members_touched = 0;
  gint64 points_expired = 0;

  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, "points.expire", error) ||
      !mc_db_begin (db, error))
    return FALSE;

  /* Members who hold points and have a lot due: the lots themselves say how much is left. */
  stmt = mc_db_prepare (db,
    "SELECT DISTINCT l.member_id FROM points_ledger l JOIN member m ON m.id = l.member_id "
    "WHERE l.expires_at IS NOT NULL AND l.expires_at <= ? AND l.delta > 0 "
    "AND m.points_balance > 0 AND l.deleted = 0", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, as_of);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (members, g_strdup (mc_db_column_text (stmt, 0)));
  sqlite3_reset (stmt);

  for (guint m = 0; m < members->len; m++)
    {
      const char *member_id = g_ptr_array_index (members, m);
      g_autoptr(GArray) lots = mc_points_lots (db, member_id, error);
      gboolean touched = FALSE;

      if (lots == NULL)
        goto fail;
      for (guint i = 0; i < lots->len; i++)
        {
          McPointsLot *lot = &g_array_index (lots, McPointsLot, i);
          McLedgerEntry entry = { 0 };

          if (lot->expires_at == 0 || lot->expires_at > as_of || lot->remaining <= 0)
            continue;
          entry.ledger = MC_LEDGER_POINTS;
          entry.member_id = member_id;
          entry.kind = "expire";
          entry.delta = -lot->remaining;
          entry.reason = "expiry";
          entry.ref_id = lot->id;
          entry.at = lot->expires_at;
          if (!mc_ledger_append (db, &entry, error))
            goto fail;
          points_expired += lot->remaining;
          touched = TRUE;
        }
      if (touched)
        members_touched++;
    }

  after = g_strdup_printf ("{\"as_of\":%" PRId64 ",\"members\":%" PRId64
                           ",\"points\":%" PRId64 "}", as_of, members_touched, points_expired);
  if (!mc_audit_log (db, "points.expire", NULL, NULL, NULL, after, error) ||
      !mc_db_commit (db, error))
    goto fail;
  if (n_members != NULL)
    *n_members = members_touched;
  if (n_points != NULL)
    *n_points = points_expired;
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}
