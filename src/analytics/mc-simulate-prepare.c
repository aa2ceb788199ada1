/* mc-simulate-prepare.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the members' figures for the simulator: one scan of the members, of the orders
 * and of the growth ledger over the last 12 months, each row added to the windows it falls
 * in. Days are counted in the workspace's time zone at its offset at the as-of date (as
 * the tier evaluation does).
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <string.h>

#include "mc-simulate-private.h"

#define DAY 86400
/* Every this many rows: progress, and a look at the cancellable. */
#define STEP 65536
/* Days back from the as-of day a 12-month window can reach, and the bits kept per member:
 * one per day, plus one per window for "a sale in the window on its first day". */
#define SPAN_WORDS 6
#define FIRST_DAY_BIT(w) (SPAN_WORDS * 64 - 1 - (w))

typedef struct
{
  McDb               *db;
  GCancellable       *cancellable;
  McSimulateProgress  progress;
  gpointer            user_data;
  gint64              as_of;
  gint64              start[MC_SIMULATE_N_WINDOWS];
  gint64              start_day[MC_SIMULATE_N_WINDOWS];
  gint64              as_of_day;
  gint64              offset;
  GHashTable         *index;      /* member id -> index + 1 */
  GStringChunk       *ids;
  McSimulateMember   *members;
  guint               n_members;
  guint64            *days;       /* SPAN_WORDS per member */
} Prepare;

static gint64
months_before (gint64     epoch,
               int        months,
               GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (epoch);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) moved = g_date_time_add_months (local, -months);

  return g_date_time_to_unix (moved);
}

static gboolean
step (Prepare  *p,
      gint64    done,
      gint64    total,
      double    from,
      double    to,
      GError  **error)
{
  if (g_cancellable_set_error_if_cancelled (p->cancellable, error))
    return FALSE;
  if (p->progress != NULL && total > 0)
    p->progress (from + (to - from) * MIN (1.0, (double) done / total), p->user_data);
  return TRUE;
}

static gint64
max_seq (McDb       *db,
         const char *sql)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, NULL);
  gint64 v = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return v;
}

static gboolean
read_members (Prepare  *p,
              GError  **error)
{
  sqlite3_stmt *stmt;
  gint64 total = max_seq (p->db, "SELECT count(*) FROM member");
  guint allocated = (guint) MAX (total, 16);
  int rc;

  p->members = g_new0 (McSimulateMember, allocated);
  stmt = mc_db_prepare (p->db,
    "SELECT rowid, id, points_balance FROM member WHERE deleted = 0 AND status != 'erased' "
    "ORDER BY rowid", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McSimulateMember *m;
      const char *id = (const char *) sqlite3_column_text (stmt, 1);

      if (p->n_members == allocated)
        {
          allocated *= 2;
          p->members = g_renew (McSimulateMember, p->members, allocated);
        }
      m = &p->members[p->n_members];
      memset (m, 0, sizeof *m);
      m->rowid = sqlite3_column_int64 (stmt, 0);
      m->points_balance = sqlite3_column_int64 (stmt, 2);
      m->plan = -1;
      g_hash_table_insert (p->index, g_string_chunk_insert (p->ids, id != NULL ? id : ""),
                           GUINT_TO_POINTER (p->n_members + 1));
      p->n_members++;
      if (p->n_members % STEP == 0 && !step (p, p->n_members, total, 0.0, 0.05, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (p->db, error);
  p->days = g_new0 (guint64, (gsize) MAX (p->n_members, 1) * SPAN_WORDS);
  return TRUE;
}

static inline McSimulateMember *
member_of (Prepare      *p,
           sqlite3_stmt *stmt,
           int           col,
           guint        *index)
{
  const char *id = (const char *) sqlite3_column_text (stmt, col);
  guint i;

  if (id == NULL)
    return NULL;
  i = GPOINTER_TO_UINT (g_hash_table_lookup (p->index, id));
  if (i == 0)
    return NULL;
  *index = i - 1;
  return &p->members[i - 1];
}

static gboolean
read_orders (Prepare  *p,
             GError  **error)
{
  gint64 total = max_seq (p->db, "SELECT max(seq) FROM orders");
  sqlite3_stmt *stmt;
  gint64 rows = 0;
  int rc;

  stmt = mc_db_prepare (p->db,
    "SELECT member_id, amount_fen, at, seq FROM orders "
    "WHERE at > ?1 AND at <= ?2 AND deleted = 0 AND member_id IS NOT NULL", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->start[MC_WINDOW_ROLLING_12_MONTHS]);
  sqlite3_bind_int64 (stmt, 2, p->as_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint index;
      McSimulateMember *m = member_of (p, stmt, 0, &index);
      gint64 amount = sqlite3_column_int64 (stmt, 1);
      gint64 at = sqlite3_column_int64 (stmt, 2);

      if (++rows % STEP == 0 &&
          !step (p, sqlite3_column_int64 (stmt, 3), total, 0.05, 0.5, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      if (m == NULL)
        continue;
      for (int w = 0; w < MC_SIMULATE_N_WINDOWS; w++)
        {
          if (at <= p->start[w])
            continue;
          m->revenue_fen[w] += amount;
          if (amount > 0)
            {
              m->whole_yuan[w] += amount / 100;
              m->orders[w]++;
            }
          else
            m->whole_yuan[w] -= (-amount) / 100;
        }
      if (amount > 0)
        {
          gint64 day = (at + p->offset) / DAY;
          gint64 back = p->as_of_day - day;
          guint64 *bits = &p->days[(gsize) index * SPAN_WORDS];

          /* Back 0 .. about 366: within the 12 months (checked by the query). */
          if (back >= 0 && back < FIRST_DAY_BIT (MC_SIMULATE_N_WINDOWS - 1))
            bits[back / 64] |= G_GUINT64_CONSTANT (1) << (back % 64);
          for (int w = 0; w < MC_SIMULATE_N_WINDOWS; w++)
            if (at > p->start[w] && day == p->start_day[w])
              bits[FIRST_DAY_BIT (w) / 64] |= G_GUINT64_CONSTANT (1) << (FIRST_DAY_BIT (w) % 64);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (p->db, error);

  /* Active days of a window: the days after its first day, and its first day if a sale of
   * the window fell on it. */
  for (guint i = 0; i < p->n_members; i++)
    {
      const guint64 *bits = &p->days[(gsize) i * SPAN_WORDS];

      for (int w = 0; w < MC_SIMULATE_N_WINDOWS; w++)
        {
          gint64 span = p->as_of_day - p->start_day[w];   /* days back, first day excluded */
          int n = 0;

          for (gint64 word = 0; word * 64 < span; word++)
            {
              guint64 v = bits[word];

              if ((word + 1) * 64 > span)
                v &= (G_GUINT64_CONSTANT (1) << (span - word * 64)) - 1;
              n += __builtin_popcountll (v);
            }
          if (bits[FIRST_DAY_BIT (w) / 64] & (G_GUINT64_CONSTANT (1) << (FIRST_DAY_BIT (w) % 64)))
            n++;
          p->members[i].active_days[w] = n;
        }
    }
  return TRUE;
}

static gboolean
read_growth (Prepare  *p,
             GError  **error)
{
  gint64 total = max_seq (p->db, "SELECT max(seq) FROM growth_ledger");
  sqlite3_stmt *stmt;
  gint64 rows = 0;
  int rc;

  stmt = mc_db_prepare (p->db,
    "SELECT member_id, delta, at, seq FROM growth_ledger WHERE at > ?1 AND at <= ?2 AND deleted = 0",
    error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->start[MC_WINDOW_ROLLING_12_MONTHS]);
  sqlite3_bind_int64 (stmt, 2, p->as_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint index;
      McSimulateMember *m = member_of (p, stmt, 0, &index);
      gint64 delta = sqlite3_column_int64 (stmt, 1);
      gint64 at = sqlite3_column_int64 (stmt, 2);

      if (++rows % STEP == 0 &&
          !step (p, sqlite3_column_int64 (stmt, 3), total, 0.5, 0.95, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
      if (m == NULL)
        continue;
      for (int w = 0; w < MC_SIMULATE_N_WINDOWS; w++)
        if (at > p->start[w])
          m->growth[w] += delta;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (p->db, error);
  return TRUE;
}

static gboolean
read_plans (Prepare    *p,
            GPtrArray  *codes,
            GError    **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (p->db,
    "SELECT s.member_id, pl.code FROM subscription s JOIN paid_plan pl ON pl.id = s.plan_id "
    "WHERE s.deleted = 0 AND (s.status = 'active' OR s.status = 'trial') AND s.started_at <= ?1 "
    "AND (s.ends_at IS NULL OR s.ends_at > ?1)", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->as_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint index, plan;
      McSimulateMember *m = member_of (p, stmt, 0, &index);
      const char *code = mc_db_column_text (stmt, 1);

      if (m == NULL || code == NULL)
        continue;
      for (plan = 0; plan < codes->len; plan++)
        if (g_str_equal (g_ptr_array_index (codes, plan), code))
          break;
      if (plan == codes->len)
        g_ptr_array_add (codes, g_strdup (code));
      m->plan = (gint32) plan;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (p->db, error);
  return TRUE;
}

McSimulateData *
mc_simulate_prepare (McDb                *db,
                     gint64               as_of,
                     McSimulateProgress   progress,
                     gpointer             user_data,
                     GCancellable        *cancellable,
                     GError             **error)
{
  g_autoptr(McProgramme) live = NULL;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  GTimeZone *tz;
  Prepare p = { 0 };
  McSimulateData *data = NULL;
  gboolean own_transaction;
  static const int months[MC_SIMULATE_N_WINDOWS] = {
    [MC_WINDOW_ROLLING_12_MONTHS] = 12, [MC_WINDOW_HALF_YEAR] = 6, [MC_WINDOW_QUARTER] = 3,
  };

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  live = mc_programme_load_live (db, error);
  if (live == NULL)
    return NULL;
  tz = mc_db_get_time_zone (db);
  p.db = db;
  p.cancellable = cancellable;
  p.progress = progress;
  p.user_data = user_data;
  p.as_of = as_of;
  p.offset = g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, as_of));
  p.as_of_day = (as_of + p.offset) / DAY;
  for (int w = 0; w < MC_SIMULATE_N_WINDOWS; w++)
    {
      p.start[w] = months_before (as_of, months[w], tz);
      p.start_day[w] = (p.start[w] + p.offset) / DAY;
    }
  p.index = g_hash_table_new (g_str_hash, g_str_equal);
  p.ids = g_string_chunk_new (1 << 20);
  if (progress != NULL)
    progress (0.0, user_data);

  /* One read transaction (deferred: it takes no write lock, and works on a reader's
   * connection), so the four scans see the same workspace. */
  own_transaction = !mc_db_in_transaction (db);
  if (own_transaction && !mc_db_exec (db, "BEGIN DEFERRED", error))
    goto out;
  /* The cancellable is looked at every STEP rows, and between the scans. */
  if (!g_cancellable_set_error_if_cancelled (cancellable, error) &&
      read_members (&p, error) && !g_cancellable_set_error_if_cancelled (cancellable, error) &&
      read_orders (&p, error) && !g_cancellable_set_error_if_cancelled (cancellable, error) &&
      read_growth (&p, error) && !g_cancellable_set_error_if_cancelled (cancellable, error) &&
      read_plans (&p, codes, error))
    {
      data = mc_simulate_data_take (as_of, g_steal_pointer (&live), p.members, p.n_members,
                                    g_steal_pointer (&codes));
      p.members = NULL;
    }
  if (own_transaction)
    mc_db_exec (db, "ROLLBACK", NULL);
  if (data != NULL && progress != NULL)
    progress (1.0, user_data);

out:
  g_free (p.members);
  g_free (p.days);
  g_hash_table_unref (p.index);
  g_string_chunk_free (p.ids);
  return data;
}
