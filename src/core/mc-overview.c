/* mc-overview.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "mc-overview.h"
#include "mc-tier.h"

static void
birthday_free (gpointer data)
{
  McOverviewBirthday *b = data;

  g_free (b->member_id);
  g_free (b->name);
  g_free (b->tier);
  g_free (b->birthday);
  g_free (b);
}

static void
tier_risk_free (gpointer data)
{
  McOverviewTierRisk *r = data;

  g_free (r->member_id);
  g_free (r->name);
  g_free (r->tier);
  g_free (r->falls_to);
  g_free (r);
}

void
mc_overview_free (McOverview *overview)
{
  if (overview == NULL)
    return;
  g_clear_pointer (&overview->birthdays, g_ptr_array_unref);
  g_clear_pointer (&overview->tier_risks, g_ptr_array_unref);
  g_free (overview);
}

McSyncState
mc_overview_sync_state (McDb *db)
{
  g_autofree char *remote = NULL;

  g_return_val_if_fail (MC_IS_DB (db), MC_SYNC_STATE_NOT_SET_UP);

  if (mc_db_get_meta (db, "sync_remote", &remote, NULL) && remote != NULL && remote[0] != '\0')
    return MC_SYNC_STATE_SET_UP;
  return MC_SYNC_STATE_NOT_SET_UP;
}

const char *
mc_sync_state_display (McSyncState state)
{
  switch (state)
    {
    case MC_SYNC_STATE_SET_UP:
      return _("Set up");
    case MC_SYNC_STATE_NOT_SET_UP:
    default:
      return _("Not set up");
    }
}

/* One row of integers for the statement with ?1 = start and ?2 = end. */
static gboolean
query_counts (McDb        *db,
              const char  *sql,
              gint64       start,
              gint64       end,
              gint64      *out,
              guint        n_out,
              GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, start);
  sqlite3_bind_int64 (stmt, 2, end);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return mc_db_set_error (db, error);
    }
  for (guint i = 0; i < n_out; i++)
    out[i] = sqlite3_column_int64 (stmt, i);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
build_today (McDb        *db,
             McOverview  *ov,
             gint64       day_end,
             GError     **error)
{
  gint64 orders[2] = { 0 };
  gint64 points[2] = { 0 };

  /* No index on the times: one scan each, off the main thread. */
  return query_counts (db,
                       "SELECT count(*) FROM member WHERE deleted = 0 AND joined_at >= ?1 AND joined_at < ?2",
                       ov->day_start, day_end, &ov->new_members_today, 1, error) &&
         query_counts (db,
                       "SELECT count(*), coalesce (sum (amount_fen), 0) FROM orders "
                       "WHERE deleted = 0 AND refund_of IS NULL AND at >= ?1 AND at < ?2",
                       ov->day_start, day_end, orders, 2, error) &&
         query_counts (db,
                       "SELECT coalesce (sum (CASE WHEN delta > 0 AND (kind = 'earn' OR kind = 'reward' "
                       "OR kind = 'adjust') THEN delta END), 0), "
                       "coalesce (-sum (CASE WHEN kind = 'redeem' THEN delta END), 0) "
                       "FROM points_ledger WHERE deleted = 0 AND at >= ?1 AND at < ?2",
                       ov->day_start, day_end, points, 2, error) &&
         (ov->purchases_today = orders[0], ov->purchase_amount_today_fen = orders[1],
          ov->points_issued_today = points[0], ov->points_redeemed_today = points[1], TRUE);
}

static int
birthday_compare (gconstpointer a,
                  gconstpointer b)
{
  const McOverviewBirthday *x = *(McOverviewBirthday * const *) a;
  const McOverviewBirthday *y = *(McOverviewBirthday * const *) b;

  if (x->weekday != y->weekday)
    return x->weekday - y->weekday;
  return g_strcmp0 (x->name, y->name);
}

static gboolean
build_birthdays (McDb        *db,
                 McOverview  *ov,
                 GDateTime   *today,
                 guint        max_list,
                 GError     **error)
{
  g_autoptr(GDateTime) monday = g_date_time_add_days (today, 1 - g_date_time_get_day_of_week (today));
  /* "MM-DD" -> weekday (1..7) */
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  ov->week_start = g_date_time_to_unix (monday);
  for (int i = 0; i < 7; i++)
    {
      g_autoptr(GDateTime) d = g_date_time_add_days (monday, i);
      int month = g_date_time_get_month (d), day = g_date_time_get_day_of_month (d);

      g_hash_table_insert (days, g_strdup_printf ("%02d-%02d", month, day), GINT_TO_POINTER (i + 1));
      /* Born on 29 February: celebrated on the 28th in a common year. */
      if (month == 2 && day == 28 && !g_date_is_leap_year (g_date_time_get_year (d)))
        g_hash_table_insert (days, g_strdup ("02-29"), GINT_TO_POINTER (i + 1));
    }

  stmt = mc_db_prepare (db,
                        "SELECT id, name, tier, birthday FROM member WHERE deleted = 0 "
                        "AND status != 'erased' AND birthday IS NOT NULL AND length (birthday) >= 7",
                        error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *birthday = mc_db_column_text (stmt, 3);
      const char *md = birthday + strlen (birthday) - 5;
      int weekday = GPOINTER_TO_INT (g_hash_table_lookup (days, md));
      McOverviewBirthday *b;

      if (weekday == 0)
        continue;
      b = g_new0 (McOverviewBirthday, 1);
      b->member_id = g_strdup (mc_db_column_text (stmt, 0));
      b->name = g_strdup (mc_db_column_text (stmt, 1));
      b->tier = g_strdup (mc_db_column_text (stmt, 2));
      b->birthday = g_strdup (birthday);
      b->weekday = weekday;
      {
        g_autoptr(GDateTime) d = g_date_time_add_days (monday, weekday - 1);

        b->month = g_date_time_get_month (d);
        b->day = g_date_time_get_day_of_month (d);
      }
      g_ptr_array_add (ov->birthdays, b);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, error);

  g_ptr_array_sort (ov->birthdays, birthday_compare);
  ov->birthdays_count = ov->birthdays->len;
  if (ov->birthdays->len > max_list)
    g_ptr_array_set_size (ov->birthdays, max_list);
  return TRUE;
}

static gboolean
add_risk_cb (const McTierRisk *risk,
             gpointer          user_data)
{
  GPtrArray *risks = user_data;
  McOverviewTierRisk *r = g_new0 (McOverviewTierRisk, 1);

  r->member_id = g_strdup (risk->member_id);
  r->name = g_strdup (risk->name);
  r->tier = g_strdup (risk->tier);
  r->falls_to = g_strdup (risk->falls_to);
  r->window_growth = risk->window_growth;
  r->grace_ends = risk->grace_ends;
  g_ptr_array_add (risks, r);
  return TRUE;
}

/* The soonest to drop first; those whose grace period has not started last. */
static int
risk_compare (gconstpointer a,
              gconstpointer b)
{
  const McOverviewTierRisk *x = *(McOverviewTierRisk * const *) a;
  const McOverviewTierRisk *y = *(McOverviewTierRisk * const *) b;
  gint64 xe = x->grace_ends != 0 ? x->grace_ends : G_MAXINT64;
  gint64 ye = y->grace_ends != 0 ? y->grace_ends : G_MAXINT64;

  if (xe != ye)
    return xe < ye ? -1 : 1;
  return g_strcmp0 (x->name, y->name);
}

McOverview *
mc_overview_build (McDb     *db,
                   gint64    now,
                   guint     max_list,
                   GError  **error)
{
  g_autoptr(McOverview) ov = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  ov = g_new0 (McOverview, 1);
  ov->birthdays = g_ptr_array_new_with_free_func (birthday_free);
  ov->tier_risks = g_ptr_array_new_with_free_func (tier_risk_free);

  utc = g_date_time_new_from_unix_utc (now);
  local = g_date_time_to_timezone (utc, mc_db_get_time_zone (db));
  today = g_date_time_new (mc_db_get_time_zone (db), g_date_time_get_year (local),
                           g_date_time_get_month (local), g_date_time_get_day_of_month (local),
                           0, 0, 0);
  tomorrow = g_date_time_add_days (today, 1);
  ov->day_start = g_date_time_to_unix (today);

  if (!build_today (db, ov, g_date_time_to_unix (tomorrow), error) ||
      !build_birthdays (db, ov, today, max_list, error) ||
      !mc_tiers_scan_at_risk (db, now, add_risk_cb, ov->tier_risks, error))
    return NULL;
  g_ptr_array_sort (ov->tier_risks, risk_compare);
  ov->tier_risk_count = ov->tier_risks->len;
  if (ov->tier_risks->len > max_list)
    g_ptr_array_set_size (ov->tier_risks, max_list);
  ov->sync_state = mc_overview_sync_state (db);
  return g_steal_pointer (&ov);
}
