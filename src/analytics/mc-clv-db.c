/* mc-clv-db.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CLV customer summaries of a workspace: its live members' orders, net of refunds.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include "mc-clv.h"

/* A sale with its refunds (those made by the cutoff) subtracted; a sale refunded in full
 * is no purchase. Members and orders that are deleted do not count. */
static const char summaries_sql[] =
  "SELECT m.rowid, o.at, o.amount_fen + coalesce ((SELECT sum (r.amount_fen) FROM orders r "
  "    WHERE r.refund_of = o.id AND r.deleted = 0 AND r.at <= ?1), 0) "
  "FROM orders o JOIN member m ON m.id = o.member_id "
  "WHERE o.refund_of IS NULL AND o.deleted = 0 AND m.deleted = 0 AND o.at <= ?1";

static gint64
local_day (GTimeZone *tz,
           gint64     at)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, at);
  gint64 local = at + (interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0);

  /* Floor division: days before 1970 are negative. */
  return local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
}

GArray *
mc_clv_summaries_from_db (McDb    *db,
                          gint64   cutoff,
                          GError **error)
{
  GTimeZone *tz;                  /* owned by db */
  g_autoptr(GArray) transactions = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = mc_db_prepare (db, summaries_sql, error);
  if (stmt == NULL)
    return NULL;
  tz = mc_db_get_time_zone (db);
  transactions = g_array_new (FALSE, FALSE, sizeof (McClvTransaction));
  sqlite3_bind_int64 (stmt, 1, cutoff);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McClvTransaction t;
      gint64 net = sqlite3_column_int64 (stmt, 2);

      if (net <= 0)
        continue;
      t.customer = sqlite3_column_int64 (stmt, 0);
      t.day = local_day (tz, sqlite3_column_int64 (stmt, 1));
      t.amount = net / 100.0;
      g_array_append_val (transactions, t);
    }
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  sqlite3_reset (stmt);
  return mc_clv_summaries_build ((McClvTransaction *) (void *) transactions->data,
                                 transactions->len, local_day (tz, cutoff));
}
