/* mc-member-detail.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-member-detail.h"
#include "mc-programme.h"
#include "mc-role.h"

#define DAY 86400

static void
tag_free (gpointer data)
{
  McMemberTag *tag = data;

  g_free (tag->name);
  g_free (tag->kind);
  g_free (tag);
}

static void
ledger_row_free (gpointer data)
{
  McLedgerRow *row = data;

  g_free (row->id);
  g_free (row->kind);
  g_free (row->reason);
  g_free (row);
}

static void
order_row_free (gpointer data)
{
  McOrderRow *row = data;

  g_free (row->id);
  g_free (row->store_name);
  g_free (row->note);
  g_free (row);
}

static void
benefit_use_free (gpointer data)
{
  McBenefitUse *use = data;

  g_free (use->benefit);
  g_free (use);
}

static void
subscription_free (McSubscriptionInfo *sub)
{
  if (sub == NULL)
    return;
  g_free (sub->plan_name);
  g_free (sub->period);
  g_free (sub->status);
  g_free (sub);
}

static void
lot_clear (gpointer data)
{
  g_free (((McPointsLot *) data)->id);
}

void
mc_member_detail_free (McMemberDetail *self)
{
  if (self == NULL)
    return;
  mc_member_free (self->member);
  g_clear_pointer (&self->tags, g_ptr_array_unref);
  g_free (self->tier_code);
  g_free (self->tier_name);
  g_free (self->next_tier_code);
  g_free (self->next_tier_name);
  g_free (self->manual_tier);
  g_free (self->manual_reason);
  g_clear_pointer (&self->growth_series, g_array_unref);
  mc_points_lots_free (self->expiring_lots);
  g_clear_pointer (&self->points_entries, g_ptr_array_unref);
  g_clear_pointer (&self->growth_entries, g_ptr_array_unref);
  g_clear_pointer (&self->orders, g_ptr_array_unref);
  g_clear_pointer (&self->benefits_used, g_ptr_array_unref);
  subscription_free (self->subscription);
  g_free (self);
}

McRefundState
mc_order_row_refund_state (const McOrderRow *row)
{
  g_return_val_if_fail (row != NULL, MC_REFUND_NONE);

  if (row->refunded_fen <= 0)
    return MC_REFUND_NONE;
  return row->refunded_fen >= row->amount_fen ? MC_REFUND_FULL : MC_REFUND_PARTIAL;
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup (mc_db_column_text (stmt, col));
}

static gboolean
finish (McDb         *db,
        sqlite3_stmt *stmt,
        int           rc,
        GError      **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, error);
  return TRUE;
}

static gboolean
load_tags (McDb            *db,
           McMemberDetail  *self,
           GError         **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT t.name, t.kind FROM member_tag mt JOIN tag t ON t.id = mt.tag_id "
    "WHERE mt.member_id = ? AND mt.deleted = 0 AND t.deleted = 0 ORDER BY t.kind, t.name", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->member->id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McMemberTag *tag = g_new0 (McMemberTag, 1);

      tag->name = dup_column (stmt, 0);
      tag->kind = dup_column (stmt, 1);
      g_ptr_array_add (self->tags, tag);
    }
  return finish (db, stmt, rc, error);
}

/* The end of the window's month-th month, at most the window's end. */
static gint64
month_end (McMemberDetail *self,
           int             month,
           GTimeZone      *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (self->window_start);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) moved = g_date_time_add_months (local, month);

  return MIN (g_date_time_to_unix (moved), self->as_of);
}

/* The window's growth, and its running total at the end of each month of the window (the
 * same window and bounds as mc_tiers_evaluate: at > start and at <= as_of). */
static gboolean
load_growth (McDb            *db,
             McMemberDetail  *self,
             GTimeZone       *tz,
             GError         **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT at, delta FROM growth_ledger WHERE member_id = ?1 AND at > ?2 AND at <= ?3 "
    "AND deleted = 0 ORDER BY at", error);
  McGrowthPoint point = { self->window_start, 0 };
  gint64 boundary;
  gint64 total = 0;
  int month = 1;
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_array_append_val (self->growth_series, point);
  boundary = month_end (self, month, tz);
  sqlite3_bind_text (stmt, 1, self->member->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, self->window_start);
  sqlite3_bind_int64 (stmt, 3, self->as_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 at = sqlite3_column_int64 (stmt, 0);

      while (at > boundary && boundary < self->as_of)
        {
          point.at = boundary;
          point.cumulative = total;
          g_array_append_val (self->growth_series, point);
          boundary = month_end (self, ++month, tz);
        }
      total += sqlite3_column_int64 (stmt, 1);
    }
  if (!finish (db, stmt, rc, error))
    return FALSE;
  for (;;)
    {
      point.at = boundary;
      point.cumulative = total;
      g_array_append_val (self->growth_series, point);
      if (boundary >= self->as_of)
        break;
      boundary = month_end (self, ++month, tz);
    }
  self->window_growth = total;
  return TRUE;
}

static void
compute_tier (McMemberDetail *self,
              McProgramme    *programme)
{
  const McMember *m = self->member;
  int rank = mc_programme_tier_rank (programme, m->tier);
  const McTier *tier = rank >= 0 ? g_ptr_array_index (programme->tiers, rank)
                                 : g_ptr_array_index (programme->tiers, 0);
  const McTier *next;

  if (rank < 0)
    rank = 0;
  self->tier_code = g_strdup (tier->code);
  self->tier_name = g_strdup (tier->name);
  self->tier_threshold = tier->threshold;
  next = (guint) rank + 1 < programme->tiers->len ? g_ptr_array_index (programme->tiers, rank + 1) : NULL;
  if (next != NULL)
    {
      gint64 span = next->threshold - tier->threshold;

      self->next_tier_code = g_strdup (next->code);
      self->next_tier_name = g_strdup (next->name);
      self->next_threshold = next->threshold;
      self->missing = MAX (0, next->threshold - self->window_growth);
      self->progress = span > 0 ? (double) (self->window_growth - tier->threshold) / (double) span : 1.0;
      self->progress = CLAMP (self->progress, 0.0, 1.0);
    }
  else
    self->progress = 1.0;

  /* Whether the window's growth still holds the tier: the rule of mc_tiers_evaluate. */
  self->below_threshold =
    mc_programme_tier_rank (programme, mc_programme_tier_for_growth (programme, self->window_growth)->code) < rank;
  if (m->downgrade_pending_since != 0)
    {
      self->grace_since = m->downgrade_pending_since;
      self->grace_until = m->downgrade_pending_since + (gint64) programme->grace_days * DAY;
    }
  if (m->manual_tier != NULL && m->manual_until > self->as_of)
    {
      self->manual_tier = g_strdup (m->manual_tier);
      self->manual_reason = g_strdup (m->manual_reason);
      self->manual_until = m->manual_until;
    }
}

static gboolean
load_points (McDb            *db,
             McMemberDetail  *self,
             GError         **error)
{
  GArray *lots = mc_points_lots (db, self->member->id, error);

  if (lots == NULL)
    return FALSE;
  self->points_balance = self->member->points_balance;
  for (guint i = 0; i < lots->len; i++)
    {
      McPointsLot *lot = &g_array_index (lots, McPointsLot, i);

      if (lot->remaining <= 0 || lot->expires_at == 0 || lot->expires_at <= self->as_of ||
          lot->expires_at > self->as_of + 90 * DAY)
        continue;
      self->expiring_90 += lot->remaining;
      if (lot->expires_at <= self->as_of + 30 * DAY)
        self->expiring_30 += lot->remaining;
      {
        McPointsLot copy = *lot;

        copy.id = g_strdup (lot->id);
        g_array_append_val (self->expiring_lots, copy);
      }
    }
  mc_points_lots_free (lots);
  return TRUE;
}

static gint
lot_expiry_cmp (gconstpointer a,
                gconstpointer b)
{
  const McPointsLot *x = a, *y = b;

  return x->expires_at < y->expires_at ? -1 : x->expires_at > y->expires_at;
}

static gboolean
load_ledger (McDb            *db,
             McMemberDetail  *self,
             gboolean         points,
             guint            limit,
             GError         **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, points
    ? "SELECT id, kind, delta, reason, at, coalesce (expires_at, 0) FROM points_ledger "
      "WHERE member_id = ? AND deleted = 0 ORDER BY at DESC, seq DESC LIMIT ?"
    : "SELECT id, kind, delta, reason, at, 0 FROM growth_ledger "
      "WHERE member_id = ? AND deleted = 0 ORDER BY at DESC, seq DESC LIMIT ?", error);
  GPtrArray *rows = points ? self->points_entries : self->growth_entries;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->member->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McLedgerRow *row = g_new0 (McLedgerRow, 1);

      row->id = dup_column (stmt, 0);
      row->kind = dup_column (stmt, 1);
      row->delta = sqlite3_column_int64 (stmt, 2);
      row->reason = dup_column (stmt, 3);
      if (self->masked && row->reason != NULL)
        {
          char *masked = mc_mask_personal_text (row->reason);

          g_free (row->reason);
          row->reason = masked;
        }
      row->at = sqlite3_column_int64 (stmt, 4);
      row->expires_at = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (rows, row);
    }
  return finish (db, stmt, rc, error);
}

static gboolean
load_orders (McDb            *db,
             McMemberDetail  *self,
             guint            limit,
             GError         **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT o.id, o.at, o.amount_fen, "
    "coalesce ((SELECT -sum (r.amount_fen) FROM orders r WHERE r.refund_of = o.id AND r.deleted = 0), 0), "
    "s.name, o.note "
    "FROM orders o LEFT JOIN store s ON s.id = o.store_id "
    "WHERE o.member_id = ? AND o.refund_of IS NULL AND o.deleted = 0 "
    "ORDER BY o.at DESC, o.seq DESC LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->member->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McOrderRow *row = g_new0 (McOrderRow, 1);

      row->id = dup_column (stmt, 0);
      row->at = sqlite3_column_int64 (stmt, 1);
      row->amount_fen = sqlite3_column_int64 (stmt, 2);
      row->refunded_fen = sqlite3_column_int64 (stmt, 3);
      row->store_name = dup_column (stmt, 4);
      row->note = self->masked ? mc_mask_personal_text (mc_db_column_text (stmt, 5))
                               : dup_column (stmt, 5);
      g_ptr_array_add (self->orders, row);
    }
  if (!finish (db, stmt, rc, error))
    return FALSE;

  stmt = mc_db_prepare (db,
    "SELECT count (*) FROM orders WHERE member_id = ? AND refund_of IS NULL AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->member->id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      self->n_orders = sqlite3_column_int64 (stmt, 0);
      rc = SQLITE_DONE;
    }
  return finish (db, stmt, rc, error);
}

static gboolean
load_benefits (McDb            *db,
               McMemberDetail  *self,
               guint            limit,
               GError         **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT e.at, coalesce ((SELECT b.name FROM benefit b WHERE (b.id = e.ref OR b.code = e.ref) "
    "AND b.deleted = 0 LIMIT 1), e.ref) "
    "FROM member_event e WHERE e.member_id = ? AND e.kind = 'benefit_used' AND e.deleted = 0 "
    "ORDER BY e.at DESC, e.seq DESC LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->member->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McBenefitUse *use = g_new0 (McBenefitUse, 1);

      use->at = sqlite3_column_int64 (stmt, 0);
      use->benefit = dup_column (stmt, 1);
      g_ptr_array_add (self->benefits_used, use);
    }
  return finish (db, stmt, rc, error);
}

static gboolean
load_subscription (McDb            *db,
                   McMemberDetail  *self,
                   GError         **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT p.name, p.period, s.status, p.price_fen, s.started_at, coalesce (s.ends_at, 0), "
    "coalesce (s.trial_until, 0), s.auto_renew, s.renewals "
    "FROM subscription s JOIN paid_plan p ON p.id = s.plan_id "
    "WHERE s.member_id = ? AND s.deleted = 0 ORDER BY s.started_at DESC LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->member->id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      McSubscriptionInfo *sub = g_new0 (McSubscriptionInfo, 1);

      sub->plan_name = dup_column (stmt, 0);
      sub->period = dup_column (stmt, 1);
      sub->status = dup_column (stmt, 2);
      sub->price_fen = sqlite3_column_int64 (stmt, 3);
      sub->started_at = sqlite3_column_int64 (stmt, 4);
      sub->ends_at = sqlite3_column_int64 (stmt, 5);
      sub->trial_until = sqlite3_column_int64 (stmt, 6);
      sub->auto_renew = sqlite3_column_int (stmt, 7) != 0;
      sub->renewals = sqlite3_column_int64 (stmt, 8);
      self->subscription = sub;
      rc = SQLITE_DONE;
    }
  return finish (db, stmt, rc, error);
}

static void
mask_member (McMember *m)
{
  char *text;

  text = mc_mask_phone (m->phone);
  g_free (m->phone);
  m->phone = text;
  g_clear_pointer (&m->email, g_free);
  text = mc_mask_personal_text (m->notes);
  g_free (m->notes);
  m->notes = text;
}

McMemberDetail *
mc_member_detail_load (McDb        *db,
                       const char  *member_id,
                       gint64       as_of,
                       guint        limit,
                       GError     **error)
{
  g_autoptr(McMemberDetail) self = NULL;
  g_autoptr(McProgramme) programme = NULL;
  GTimeZone *tz;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (member_id != NULL, NULL);

  if (limit == 0)
    limit = 20;
  self = g_new0 (McMemberDetail, 1);
  self->as_of = as_of != 0 ? as_of : mc_db_now ();
  self->tags = g_ptr_array_new_with_free_func (tag_free);
  self->growth_series = g_array_new (FALSE, TRUE, sizeof (McGrowthPoint));
  self->expiring_lots = g_array_new (FALSE, TRUE, sizeof (McPointsLot));
  g_array_set_clear_func (self->expiring_lots, lot_clear);
  self->points_entries = g_ptr_array_new_with_free_func (ledger_row_free);
  self->growth_entries = g_ptr_array_new_with_free_func (ledger_row_free);
  self->orders = g_ptr_array_new_with_free_func (order_row_free);
  self->benefits_used = g_ptr_array_new_with_free_func (benefit_use_free);

  self->member = mc_member_load (db, member_id, error);
  if (self->member == NULL)
    return NULL;
  if (self->member->deleted)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND, _("The member %s was deleted."),
                   self->member->name);
      return NULL;
    }
  programme = mc_programme_load_live (db, error);
  if (programme == NULL)
    return NULL;
  tz = mc_db_get_time_zone (db);
  self->window_start = mc_programme_window_start (programme, self->as_of, tz);

  if (!load_tags (db, self, error) ||
      !load_growth (db, self, tz, error))
    return NULL;
  compute_tier (self, programme);
  self->masked = !mc_role_allows (mc_db_get_role (db), MC_PERMISSION_SEE_CONTACT);
  if (!load_points (db, self, error) ||
      !load_ledger (db, self, TRUE, limit, error) ||
      !load_ledger (db, self, FALSE, limit, error) ||
      !load_orders (db, self, limit, error) ||
      !load_benefits (db, self, limit, error) ||
      !load_subscription (db, self, error))
    return NULL;
  g_array_sort (self->expiring_lots, lot_expiry_cmp);
  if (self->masked)
    mask_member (self->member);
  return g_steal_pointer (&self);
}
