/* mc-analytics-scan.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sequential scans behind McAnalyticsData: orders (with their refunds), member
 * events, the points ledger, subscriptions and benefits. One pass over each table in
 * rowid order, a member found by its id in the member index, nothing per member in SQL.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <string.h>

#include "mc-analytics-private.h"

#define CHECK_EVERY 65536

static gboolean
step_error (McDb          *db,
            sqlite3_stmt  *stmt,
            int            rc,
            GError       **error)
{
  if (rc != SQLITE_DONE)
    mc_db_set_error (db, error);
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE;
}

static void
report (McAnalyticsScan *scan,
        double           fraction)
{
  if (scan->progress != NULL)
    scan->progress (scan->progress_from + (scan->progress_to - scan->progress_from) * CLAMP (fraction, 0.0, 1.0),
                    scan->progress_data);
}

/* The sales that have refunds, found on the partial index of refunds (which holds
 * refund_of), before the scan; the scan adds up each one's refunds and notes where the
 * sale went, and the refunds are applied after it, wherever in the table they were. */
static const char refunded_sql[] =
  "SELECT DISTINCT refund_of FROM orders WHERE refund_of IS NOT NULL";

static const char sales_sql[] =
  "SELECT seq, member_id, store_id, amount_fen, at, refund_of, id FROM orders "
  "WHERE deleted = 0 AND at <= ?1 ORDER BY seq";

static const char seq_range_sql[] = "SELECT min (seq), max (seq) FROM orders";

typedef struct
{
  char   *id;
  gint64  refunded;    /* the sum of its refunds made by the cutoff (negative) */
  gint32  sale;        /* index into the sales, -1 until met */
} Refunded;

/* The refunded sales sorted by id. Order ids are time-ordered UUIDs written in the order
 * of the table, so the scan meets sales in id order and finds them by walking the sorted
 * list along (a comparison with the next refunded id per sale, in cache); a sale out of
 * that order (synced or imported with its own id) is found by bisection. */
typedef struct
{
  Refunded *items;
  guint     n;
  guint     next;      /* the first refunded id not below the last sale id met */
} RefundList;

static int
compare_refunded (const void *pa,
                  const void *pb)
{
  return strcmp (((const Refunded *) pa)->id, ((const Refunded *) pb)->id);
}

/* id is not NUL-terminated (len bytes): compares it with a NUL-terminated string. */
static int
compare_id (const char *id,
            gsize       len,
            const char *other)
{
  int c = strncmp (id, other, len);

  if (c != 0)
    return c;
  return other[len] == '\0' ? 0 : -1;
}

static Refunded *
refund_list_bisect (RefundList *list,
                    const char *id,
                    gsize       len)
{
  guint lo = 0, hi = list->n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int c = compare_id (id, len, list->items[mid].id);

      if (c == 0)
        return &list->items[mid];
      if (c < 0)
        hi = mid;
      else
        lo = mid + 1;
    }
  return NULL;
}

/* A sale's id, met in the scan's order. */
static Refunded *
refund_list_walk (RefundList *list,
                  const char *id,
                  gsize       len)
{
  if (list->n == 0 || id == NULL)
    return NULL;
  if (list->next > 0 && compare_id (id, len, list->items[list->next - 1].id) <= 0)
    return refund_list_bisect (list, id, len);   /* out of order */
  while (list->next < list->n && compare_id (id, len, list->items[list->next].id) > 0)
    list->next++;
  if (list->next < list->n && compare_id (id, len, list->items[list->next].id) == 0)
    return &list->items[list->next++];
  return NULL;
}

static void
refund_list_clear (RefundList *list)
{
  for (guint i = 0; i < list->n; i++)
    g_free (list->items[i].id);
  g_clear_pointer (&list->items, g_free);
  list->n = 0;
}

static gboolean
load_refunded (McAnalyticsScan  *scan,
               RefundList       *list,
               GError          **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (scan->db, refunded_sql, error);
  g_autoptr(GArray) items = g_array_new (FALSE, FALSE, sizeof (Refunded));
  int rc;

  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Refunded r = { g_strdup ((const char *) sqlite3_column_text (stmt, 0)), 0, -1 };

      g_array_append_val (items, r);
    }
  list->n = items->len;
  list->next = 0;
  list->items = (Refunded *) (void *) g_array_free (g_steal_pointer (&items), FALSE);
  if (!step_error (scan->db, stmt, rc, error))
    {
      refund_list_clear (list);
      return FALSE;
    }
  if (list->n > 1)    /* no refunds: items is NULL, and qsort (NULL, 0) is undefined */
    qsort (list->items, list->n, sizeof *list->items, compare_refunded);
  return TRUE;
}

static void
grow_sales (McAnalyticsData *data,
            guint           *capacity)
{
  *capacity = MAX (*capacity * 2, 1 << 16);
  data->sale_member = g_renew (gint32, data->sale_member, *capacity);
  data->sale_day = g_renew (gint32, data->sale_day, *capacity);
  data->sale_fen = g_renew (gint64, data->sale_fen, *capacity);
  data->sale_at_store = g_renew (guint8, data->sale_at_store, *capacity);
}

/* Subtracts the refunds from their sales and drops the sales refunded in full. */
static void
apply_refunds (McAnalyticsData *data,
               RefundList      *list)
{
  guint kept = 0;
  gboolean any = FALSE;

  for (guint i = 0; i < list->n; i++)
    if (list->items[i].sale >= 0 && list->items[i].refunded != 0)
      {
        data->sale_fen[list->items[i].sale] += list->items[i].refunded;
        any = TRUE;
      }
  if (!any)
    return;
  for (guint i = 0; i < data->n_sales; i++)
    if (data->sale_fen[i] > 0)
      {
        data->sale_member[kept] = data->sale_member[i];
        data->sale_day[kept] = data->sale_day[i];
        data->sale_fen[kept] = data->sale_fen[i];
        data->sale_at_store[kept] = data->sale_at_store[i];
        kept++;
      }
  data->n_sales = kept;
}

gboolean
mc_analytics_scan_sales (McAnalyticsScan  *scan,
                         GError          **error)
{
  McAnalyticsData *data = scan->data;
  RefundList refunds = { NULL, 0, 0 };
  gsize store_len = scan->store_id != NULL ? strlen (scan->store_id) : 0;
  sqlite3_stmt *stmt;
  McDayCache *days;
  gint64 min_seq = 0, max_seq = 1;
  guint capacity = 0, n = 0, rows = 0;
  int rc;

  if (!load_refunded (scan, &refunds, error))
    return FALSE;
  g_debug ("refunded sales: %u", refunds.n);

  stmt = mc_db_prepare (scan->db, seq_range_sql, error);
  if (stmt == NULL)
    {
      refund_list_clear (&refunds);
      return FALSE;
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      min_seq = sqlite3_column_int64 (stmt, 0);
      max_seq = MAX (sqlite3_column_int64 (stmt, 1), min_seq + 1);
    }
  sqlite3_reset (stmt);

  stmt = mc_db_prepare (scan->db, sales_sql, error);
  if (stmt == NULL)
    {
      refund_list_clear (&refunds);
      return FALSE;
    }
  sqlite3_bind_int64 (stmt, 1, data->as_of);
  days = mc_day_cache_new (mc_db_get_time_zone (scan->db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 amount = sqlite3_column_int64 (stmt, 3);
      const char *member_id;
      Refunded *refunded;
      gint32 member;

      if (++rows % CHECK_EVERY == 0)
        {
          if (mc_analytics_cancelled (scan->cancellable, error))
            break;
          report (scan, (double) (sqlite3_column_int64 (stmt, 0) - min_seq) / (double) (max_seq - min_seq));
        }
      if (amount < 0)
        {
          /* a refund */
          const char *of = (const char *) sqlite3_column_text (stmt, 5);

          refunded = of != NULL ? refund_list_bisect (&refunds, of, (gsize) sqlite3_column_bytes (stmt, 5)) : NULL;
          if (refunded != NULL)
            refunded->refunded += amount;
          continue;
        }
      refunded = refund_list_walk (&refunds, (const char *) sqlite3_column_text (stmt, 6),
                                   (gsize) sqlite3_column_bytes (stmt, 6));
      if (refunded != NULL)
        refunded->sale = (gint32) n;

      member_id = (const char *) sqlite3_column_text (stmt, 1);
      if (member_id == NULL)
        member = MC_ANALYTICS_ANONYMOUS;
      else
        member = mc_member_index_find (scan->members, member_id, (gsize) sqlite3_column_bytes (stmt, 1));

      if (n == capacity)
        grow_sales (data, &capacity);
      data->sale_member[n] = member;
      data->sale_day[n] = mc_day_cache_day (days, sqlite3_column_int64 (stmt, 4));
      data->sale_fen[n] = amount;
      if (scan->store_id == NULL)
        data->sale_at_store[n] = 1;
      else
        {
          const char *store = (const char *) sqlite3_column_text (stmt, 2);

          data->sale_at_store[n] = store != NULL && (gsize) sqlite3_column_bytes (stmt, 2) == store_len &&
                                   memcmp (store, scan->store_id, store_len) == 0;
        }
      n++;
    }
  mc_day_cache_free (days);
  data->n_sales = n;
  if (rc == SQLITE_ROW)   /* cancelled */
    {
      sqlite3_reset (stmt);
      refund_list_clear (&refunds);
      return FALSE;
    }
  if (!step_error (scan->db, stmt, rc, error))
    {
      refund_list_clear (&refunds);
      return FALSE;
    }
  apply_refunds (data, &refunds);
  refund_list_clear (&refunds);
  return TRUE;
}

static const char events_sql[] =
  "SELECT member_id, kind, at FROM member_event WHERE deleted = 0 AND at <= ?1 ORDER BY seq";

static int
event_kind (const char *kind)
{
  switch (kind[0])
    {
    case 'v': return MC_ANALYTICS_EVENT_VISIT;
    case 'l': return kind[1] == 'o' ? MC_ANALYTICS_EVENT_LOGIN : MC_ANALYTICS_EVENT_LIKE;
    case 'c': return MC_ANALYTICS_EVENT_CHECKIN;
    case 's': return kind[5] == '\0' ? MC_ANALYTICS_EVENT_SHARE : MC_ANALYTICS_EVENT_SHARE_BOUGHT;
    case 'i': return MC_ANALYTICS_EVENT_INVITE;
    case 'b': return MC_ANALYTICS_EVENT_BENEFIT_USED;
    default:  return -1;
    }
}

gboolean
mc_analytics_scan_events (McAnalyticsScan  *scan,
                          GError          **error)
{
  McAnalyticsData *data = scan->data;
  sqlite3_stmt *stmt = mc_db_prepare (scan->db, events_sql, error);
  McDayCache *days;
  guint capacity = 0, n = 0, rows = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->as_of);
  days = mc_day_cache_new (mc_db_get_time_zone (scan->db));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint32 member;
      int kind;

      if (++rows % CHECK_EVERY == 0 && mc_analytics_cancelled (scan->cancellable, error))
        break;
      member = mc_member_index_find (scan->members, (const char *) sqlite3_column_text (stmt, 0),
                                     (gsize) sqlite3_column_bytes (stmt, 0));
      kind = event_kind ((const char *) sqlite3_column_text (stmt, 1));
      if (member < 0 || kind < 0)
        continue;
      if (n == capacity)
        {
          capacity = MAX (capacity * 2, 1 << 14);
          data->event_member = g_renew (gint32, data->event_member, capacity);
          data->event_day = g_renew (gint32, data->event_day, capacity);
          data->event_kind = g_renew (guint8, data->event_kind, capacity);
        }
      data->event_member[n] = member;
      data->event_day[n] = mc_day_cache_day (days, sqlite3_column_int64 (stmt, 2));
      data->event_kind[n] = (guint8) kind;
      n++;
    }
  mc_day_cache_free (days);
  data->n_events = n;
  report (scan, 1.0);
  if (rc == SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return FALSE;
    }
  return step_error (scan->db, stmt, rc, error);
}

static const char points_sql[] =
  "SELECT member_id, kind, delta, at FROM points_ledger WHERE deleted = 0 AND at <= ?1";

static int
points_kind (const char *kind)
{
  switch (kind[0])
    {
    case 'e': return kind[1] == 'a' ? MC_ANALYTICS_POINTS_EARN : MC_ANALYTICS_POINTS_EXPIRE;
    case 'a': return MC_ANALYTICS_POINTS_ADJUST;
    case 'r':
      switch (kind[2])
        {
        case 'w': return MC_ANALYTICS_POINTS_REWARD;
        case 'd': return MC_ANALYTICS_POINTS_REDEEM;
        case 'f': return MC_ANALYTICS_POINTS_REFUND;
        default:  return -1;
        }
    default:  return -1;
    }
}

/* Positive adjustments count as issued, negative ones as taken: the kind
 * MC_ANALYTICS_POINTS_ADJUST holds the positive ones, and the negative ones are kept
 * apart in adjust_taken. */
gboolean
mc_analytics_scan_points (McAnalyticsScan  *scan,
                          GError          **error)
{
  McAnalyticsData *data = scan->data;
  sqlite3_stmt *stmt = mc_db_prepare (scan->db, points_sql, error);
  gint64 in_range[MC_ANALYTICS_N_POINTS_KINDS] = { 0 };
  gint64 to_date[MC_ANALYTICS_N_POINTS_KINDS] = { 0 };
  gint64 taken_in_range = 0, taken_to_date = 0;
  guint rows = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 delta, at;
      int kind;

      if (++rows % CHECK_EVERY == 0 && mc_analytics_cancelled (scan->cancellable, error))
        break;
      if (!scan->all_members &&
          mc_member_index_find (scan->members, (const char *) sqlite3_column_text (stmt, 0),
                                (gsize) sqlite3_column_bytes (stmt, 0)) < 0)
        continue;
      kind = points_kind ((const char *) sqlite3_column_text (stmt, 1));
      if (kind < 0)
        continue;
      delta = sqlite3_column_int64 (stmt, 2);
      at = sqlite3_column_int64 (stmt, 3);
      if (kind == MC_ANALYTICS_POINTS_ADJUST && delta < 0)
        {
          taken_to_date += delta;
          if (at >= data->from)
            taken_in_range += delta;
          continue;
        }
      to_date[kind] += delta;
      if (at >= data->from)
        in_range[kind] += delta;
    }
  if (rc == SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return FALSE;
    }
  if (!step_error (scan->db, stmt, rc, error))
    return FALSE;
  g_debug ("points: %u rows", rows);
  memcpy (data->points_in_range, in_range, sizeof in_range);
  memcpy (data->points_to_date, to_date, sizeof to_date);
  data->points_adjust_taken_in_range = taken_in_range;
  data->points_adjust_taken_to_date = taken_to_date;
  return TRUE;
}

static const char plans_sql[] =
  "SELECT s.member_id, s.started_at, coalesce (s.trial_until, 0), s.renewals, p.period, p.price_fen "
  "FROM subscription s JOIN paid_plan p ON p.id = s.plan_id "
  "WHERE s.deleted = 0 AND s.started_at <= ?1";

static const char benefits_sql[] =
  "SELECT count(*) FROM benefit WHERE deleted = 0 AND (valid_from IS NULL OR valid_from <= ?1) "
  "AND (valid_to IS NULL OR valid_to >= ?1)";

gboolean
mc_analytics_scan_plans (McAnalyticsScan  *scan,
                         GError          **error)
{
  McAnalyticsData *data = scan->data;
  GTimeZone *tz = mc_db_get_time_zone (scan->db);
  g_autoptr(GArray) subs = g_array_new (FALSE, FALSE, sizeof (McAnalyticsSubscription));
  sqlite3_stmt *stmt = mc_db_prepare (scan->db, plans_sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->as_of);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McAnalyticsSubscription s;
      const char *period = (const char *) sqlite3_column_text (stmt, 4);
      gint64 started = sqlite3_column_int64 (stmt, 1);
      gint64 term_start = MAX (started, sqlite3_column_int64 (stmt, 2));
      int months = g_strcmp0 (period, "month") == 0 ? 1 : g_strcmp0 (period, "quarter") == 0 ? 3 :
                   g_strcmp0 (period, "year") == 0 ? 12 : 0;

      s.member = mc_member_index_find (scan->members, (const char *) sqlite3_column_text (stmt, 0),
                                       (gsize) sqlite3_column_bytes (stmt, 0));
      if (s.member < 0)
        continue;
      s.started_day = mc_analytics_local_day (tz, started);
      s.renewals = sqlite3_column_int (stmt, 3);
      s.plan_price_fen = sqlite3_column_int64 (stmt, 5);
      if (months == 0)
        s.first_term_end_day = G_MAXINT32;
      else
        {
          g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (term_start);
          g_autoptr(GDateTime) local = start != NULL ? g_date_time_to_timezone (start, tz) : NULL;
          g_autoptr(GDateTime) end = local != NULL ? g_date_time_add_months (local, months) : NULL;

          s.first_term_end_day = end != NULL ? mc_analytics_local_day (tz, g_date_time_to_unix (end))
                                             : G_MAXINT32;
        }
      g_array_append_val (subs, s);
    }
  if (!step_error (scan->db, stmt, rc, error))
    return FALSE;
  data->n_subscriptions = subs->len;
  data->subscriptions = (McAnalyticsSubscription *) (void *) g_array_free (g_steal_pointer (&subs), FALSE);

  stmt = mc_db_prepare (scan->db, benefits_sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->as_of);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    data->n_benefits = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      mc_db_set_error (scan->db, error);
      return FALSE;
    }
  return TRUE;
}
