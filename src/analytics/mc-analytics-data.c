/* mc-analytics-data.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The filter resolved to local days, the members read into arrays, and the order of the
 * scans (the points ledger in a second thread on a connection of its own while this one
 * reads the orders). Days and the member index live here too.
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mc-analytics-private.h"
#include "mc-error.h"
#include "mc-programme.h"
#include "mc-store.h"

/* Local days */

McDayCache *
mc_day_cache_new (GTimeZone *tz)
{
  McDayCache *cache = g_new0 (McDayCache, 1);

  cache->tz = g_time_zone_ref (tz);
  return cache;
}

void
mc_day_cache_free (McDayCache *cache)
{
  if (cache == NULL)
    return;
  g_time_zone_unref (cache->tz);
  g_free (cache);
}

static gint32
zone_offset (GTimeZone *tz,
             gint64     at)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, at);

  return interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0;
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

static int
zone_interval (GTimeZone *tz,
               gint64     at)
{
  return g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, at);
}

/* The bounds of the zone's interval (one offset, contiguous) that holds inside, searched
 * no further than limit on either side. */
static void
interval_bounds (GTimeZone *tz,
                 gint64     inside,
                 gint64     limit,
                 gint64    *from,
                 gint64    *to)
{
  int interval = zone_interval (tz, inside);
  gint64 lo, hi;

  /* the end: the interval holds at lo, not at hi */
  lo = inside, hi = inside + limit;
  if (zone_interval (tz, hi) == interval)
    lo = hi;
  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (zone_interval (tz, mid) == interval)
        lo = mid;
      else
        hi = mid;
    }
  *to = lo + 1;
  /* the start: the interval holds at hi, not at lo */
  lo = inside - limit, hi = inside;
  if (zone_interval (tz, lo) == interval)
    hi = lo;
  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (zone_interval (tz, mid) == interval)
        hi = mid;
      else
        lo = mid;
    }
  *from = hi;
}

#define FIFTY_YEARS ((gint64) 50 * 366 * 86400)

gint32
mc_day_cache_day (McDayCache *cache,
                  gint64      at)
{
  McDayInterval *iv = &cache->intervals[cache->last];

  if (cache->n == 0 || at < iv->from || at >= iv->to)
    {
      guint i;

      for (i = 0; i < cache->n; i++)
        if (at >= cache->intervals[i].from && at < cache->intervals[i].to)
          break;
      if (i == cache->n)
        {
          gint32 offset = zone_offset (cache->tz, at);
          McDayInterval found;

          found.offset = offset;
          interval_bounds (cache->tz, at, FIFTY_YEARS, &found.from, &found.to);
          if (cache->n == MC_DAY_CACHE_INTERVALS)
            return (gint32) floor_div (at + offset, 86400);   /* full: no more caching */
          i = cache->n++;
          cache->intervals[i] = found;
        }
      cache->last = i;
      iv = &cache->intervals[i];
    }
  return (gint32) floor_div (at + iv->offset, 86400);
}

gint32
mc_analytics_local_day (GTimeZone *tz,
                        gint64     at)
{
  g_return_val_if_fail (tz != NULL, 0);

  return (gint32) floor_div (at + zone_offset (tz, at), 86400);
}

gint64
mc_analytics_day_start (GTimeZone *tz,
                        gint32     day)
{
  GDate date;
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (tz != NULL, 0);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (day + JULIAN_1970));
  dt = g_date_time_new (tz, g_date_get_year (&date), g_date_get_month (&date),
                        g_date_get_day (&date), 0, 0, 0);
  return dt != NULL ? g_date_time_to_unix (dt) : (gint64) day * 86400;
}

gint32
mc_analytics_day_month (gint32 day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (day + JULIAN_1970));
  return g_date_get_year (&date) * 12 + g_date_get_month (&date) - 1;
}

char *
mc_analytics_day_format (gint32 day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) (day + JULIAN_1970));
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

/* The member index */

static guint
hash_bytes (const char *s,
            gsize       len)
{
  guint64 h = 0x9e3779b97f4a7c15ull ^ len;

  for (; len >= 8; s += 8, len -= 8)
    {
      guint64 w;

      memcpy (&w, s, 8);
      h = (h ^ w) * 0xff51afd7ed558ccdull;
      h ^= h >> 32;
    }
  for (; len > 0; s++, len--)
    h = (h ^ (guchar) *s) * 0x100000001b3ull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return (guint) h;
}

void
mc_member_index_init (McMemberIndex *index,
                      guint          capacity)
{
  guint size = 16;

  memset (index, 0, sizeof *index);
  while (size < capacity * 2)
    size *= 2;
  index->ids = g_string_chunk_new (1 << 20);
  index->id = g_new (const char *, MAX (capacity, 1));
  index->slots = g_new (gint32, size);
  memset (index->slots, 0xff, sizeof (gint32) * size);
  index->mask = size - 1;
  index->last_index = MC_ANALYTICS_OUTSIDE;
}

void
mc_member_index_clear (McMemberIndex *index)
{
  g_clear_pointer (&index->ids, g_string_chunk_free);
  g_clear_pointer (&index->id, g_free);
  g_clear_pointer (&index->slots, g_free);
}

void
mc_member_index_add (McMemberIndex *index,
                     const char    *id,
                     gint32         member)
{
  gsize len = strlen (id);
  guint slot = hash_bytes (id, len) & index->mask;

  g_assert ((guint) member == index->n);
  while (index->slots[slot] >= 0)
    slot = (slot + 1) & index->mask;
  index->id[index->n++] = g_string_chunk_insert (index->ids, id);
  index->slots[slot] = member;
}

gint32
mc_member_index_find (McMemberIndex *index,
                      const char    *id,
                      gsize          len)
{
  guint slot;
  gint32 found = MC_ANALYTICS_OUTSIDE;

  if (index->last_len == len && len > 0 && memcmp (index->last_buf, id, len) == 0)
    return index->last_index;
  for (slot = hash_bytes (id, len) & index->mask; index->slots[slot] >= 0;
       slot = (slot + 1) & index->mask)
    {
      const char *candidate = index->id[index->slots[slot]];

      if (strncmp (candidate, id, len) == 0 && candidate[len] == '\0')
        {
          found = index->slots[slot];
          break;
        }
    }
  if (len < sizeof index->last_buf)
    {
      memcpy (index->last_buf, id, len);
      index->last_len = len;
      index->last_index = found;
    }
  return found;
}

void
mc_member_index_share (const McMemberIndex *index,
                       McMemberIndex       *copy)
{
  *copy = *index;
  copy->last_len = 0;
  copy->last_index = MC_ANALYTICS_OUTSIDE;
}

gboolean
mc_analytics_cancelled (GCancellable  *cancellable,
                        GError       **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Loading */

static const char members_sql[] =
  "SELECT id, joined_at, store_id, tier, consent_marketing, points_balance, rowid, deleted "
  "FROM member ORDER BY rowid";

static gboolean
load_members (McDb                    *db,
              const McAnalyticsFilter *filter,
              McAnalyticsData         *data,
              McMemberIndex           *index,
              gboolean                *all_live,
              GError                 **error)
{
  sqlite3_stmt *stmt;
  sqlite3_stmt *count;
  GTimeZone *tz = mc_db_get_time_zone (db);
  McDayCache *days;
  gint64 capacity;
  guint n = 0;
  int rc;

  /* The rowids are dense in practice: max (rowid) sizes the arrays (the member_seq index
   * counts them as fast, but the rows are read anyway). */
  count = mc_db_prepare (db, "SELECT count(*) FROM member", error);
  if (count == NULL)
    return FALSE;
  if (sqlite3_step (count) != SQLITE_ROW)
    {
      mc_db_set_error (db, error);
      sqlite3_reset (count);
      return FALSE;
    }
  capacity = sqlite3_column_int64 (count, 0);
  sqlite3_reset (count);
  *all_live = TRUE;

  stmt = mc_db_prepare (db, members_sql, error);
  if (stmt == NULL)
    return FALSE;
  data->member_rowid = g_new (gint64, MAX (capacity, 1));
  data->member_joined_day = g_new (gint32, MAX (capacity, 1));
  data->member_points = g_new (gint64, MAX (capacity, 1));
  data->member_consent = g_new (guint8, MAX (capacity, 1));
  data->member_tier = g_new (guint8, MAX (capacity, 1));
  mc_member_index_init (index, (guint) capacity);
  days = mc_day_cache_new (tz);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW && n < capacity)
    {
      gint64 joined = sqlite3_column_int64 (stmt, 1);
      const char *store = (const char *) sqlite3_column_text (stmt, 2);
      const char *tier = (const char *) sqlite3_column_text (stmt, 3);
      guint8 tier_index = 255;

      if (sqlite3_column_int (stmt, 7) != 0)
        {
          *all_live = FALSE;
          continue;
        }
      if (joined > data->as_of)
        continue;
      if (data->store_id != NULL && g_strcmp0 (store, data->store_id) != 0)
        continue;
      if (filter->tier != NULL && g_strcmp0 (tier, filter->tier) != 0)
        continue;
      for (guint t = 0; data->tier_codes[t] != NULL && t < 255; t++)
        if (g_strcmp0 (tier, data->tier_codes[t]) == 0)
          tier_index = (guint8) t;
      data->member_rowid[n] = sqlite3_column_int64 (stmt, 6);
      data->member_joined_day[n] = mc_day_cache_day (days, joined);
      data->member_points[n] = sqlite3_column_int64 (stmt, 5);
      data->member_consent[n] = (guint8) sqlite3_column_int (stmt, 4);
      data->member_tier[n] = tier_index;
      mc_member_index_add (index, (const char *) sqlite3_column_text (stmt, 0), (gint32) n);
      n++;
    }
  mc_day_cache_free (days);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      mc_db_set_error (db, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  data->n_members = n;
  return TRUE;
}

static gboolean
resolve_filter (McDb                    *db,
                const McAnalyticsFilter *filter,
                McAnalyticsData         *data,
                GError                 **error)
{
  GTimeZone *tz = mc_db_get_time_zone (db);
  g_autoptr(McProgramme) programme = NULL;
  gint64 to;

  data->as_of = filter->as_of != 0 ? filter->as_of : filter->to != 0 ? filter->to : mc_db_now ();
  to = filter->to != 0 ? MIN (filter->to, data->as_of) : data->as_of;
  if (filter->from != 0 && filter->from > to)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The range starts after it ends: pick a start on or before the end."));
      return FALSE;
    }
  data->as_of_day = mc_analytics_local_day (tz, data->as_of);
  data->to_day = mc_analytics_local_day (tz, to);
  data->from_day = filter->from != 0 ? mc_analytics_local_day (tz, filter->from) : G_MININT32;
  data->from = filter->from != 0 ? filter->from : G_MININT64;
  data->to = to;

  programme = mc_programme_load_live (db, error);
  if (programme == NULL)
    return FALSE;
  data->points_value_fen = programme->point_value_fen;
  data->tier_codes = g_new0 (char *, programme->tiers->len + 1);
  for (guint t = 0; t < programme->tiers->len; t++)
    data->tier_codes[t] = g_strdup (((McTier *) g_ptr_array_index (programme->tiers, t))->code);
  if (filter->tier != NULL && !g_strv_contains ((const char * const *) data->tier_codes, filter->tier))
    {
      g_autofree char *codes = g_strjoinv (", ", data->tier_codes);

      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("There is no tier “%s”: the tiers are %s."), filter->tier, codes);
      return FALSE;
    }
  if (filter->store_id != NULL)
    {
      data->store_id = mc_store_lookup (db, filter->store_id, error);
      if (data->store_id == NULL)
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  McAnalyticsScan  scan;
  McMemberIndex    index;
  McDb            *reader;
  McAnalyticsParts parts;       /* MC_ANALYTICS_POINTS and / or MC_ANALYTICS_EVENTS */
  gboolean         ok;
  GError          *error;
} SideScan;

/* The points ledger, then the events: about as much reading as the orders. */
static gboolean
side_scan (SideScan  *side,
           GError   **error)
{
  if ((side->parts & MC_ANALYTICS_POINTS) && !mc_analytics_scan_points (&side->scan, error))
    return FALSE;
  return !(side->parts & MC_ANALYTICS_EVENTS) || mc_analytics_scan_events (&side->scan, error);
}

static gpointer
side_scan_thread (gpointer user_data)
{
  SideScan *side = user_data;

  side->ok = side_scan (side, &side->error);
  return NULL;
}

McAnalyticsData *
mc_analytics_data_load (McDb                     *db,
                        const McAnalyticsFilter  *filter,
                        McAnalyticsParts          parts,
                        McAnalyticsProgress       progress,
                        gpointer                  progress_data,
                        GCancellable             *cancellable,
                        GError                  **error)
{
  g_autoptr(McAnalyticsData) data = g_new0 (McAnalyticsData, 1);
  McMemberIndex index;
  McAnalyticsScan scan = { 0 };
  SideScan side = { 0 };
  GThread *thread = NULL;
  const char *path;
  gboolean all_live = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (filter != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_autoptr(GTimer) timer = g_timer_new ();

  if (mc_analytics_cancelled (cancellable, error) || !resolve_filter (db, filter, data, error))
    return NULL;
  g_debug ("filter: %.3f s", g_timer_elapsed (timer, NULL));
  if (progress != NULL)
    progress (0.0, progress_data);
  if (!load_members (db, filter, data, &index, &all_live, error))
    {
      mc_member_index_clear (&index);
      return NULL;
    }
  if (progress != NULL)
    progress (0.1, progress_data);
  g_debug ("members: %u in %.3f s", data->n_members, g_timer_elapsed (timer, NULL));

  scan.db = db;
  scan.data = data;
  scan.members = &index;
  scan.store_id = data->store_id;
  scan.all_members = filter->store_id == NULL && filter->tier == NULL && all_live;
  scan.cancellable = cancellable;
  scan.progress = progress;
  scan.progress_data = progress_data;

  /* The points ledger and the events, as much as the orders, are read at the same time on
   * a second connection when the workspace is a file (a reader sees the same committed
   * data). */
  side.parts = parts & (MC_ANALYTICS_POINTS | MC_ANALYTICS_EVENTS);
  if (side.parts != 0)
    {
      side.scan = scan;
      side.scan.progress = NULL;
      mc_member_index_share (&index, &side.index);
      side.scan.members = &side.index;
      path = mc_db_get_path (db);
      if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
        side.reader = mc_db_open_reader (path, NULL);
      if (side.reader != NULL)
        {
          side.scan.db = side.reader;
          thread = g_thread_new ("mc-analytics-side", side_scan_thread, &side);
        }
      else
        ok = side_scan (&side, error);
    }

  if (ok && (parts & MC_ANALYTICS_SALES))
    {
      scan.progress_from = 0.1;
      scan.progress_to = 0.95;
      ok = mc_analytics_scan_sales (&scan, error);
      g_debug ("sales: %u at %.3f s", data->n_sales, g_timer_elapsed (timer, NULL));
    }
  if (ok && (parts & MC_ANALYTICS_PLANS))
    ok = mc_analytics_scan_plans (&scan, error);

  if (thread != NULL)
    {
      g_thread_join (thread);
      g_debug ("points and events (%u) joined at %.3f s", data->n_events, g_timer_elapsed (timer, NULL));
      if (ok && !side.ok)
        {
          g_propagate_error (error, g_steal_pointer (&side.error));
          ok = FALSE;
        }
      g_clear_error (&side.error);
      g_clear_object (&side.reader);
    }
  mc_member_index_clear (&index);
  if (!ok || mc_analytics_cancelled (cancellable, error))
    return NULL;
  if (progress != NULL)
    progress (1.0, progress_data);
  return g_steal_pointer (&data);
}

void
mc_analytics_data_free (McAnalyticsData *data)
{
  if (data == NULL)
    return;
  g_free (data->member_rowid);
  g_free (data->member_joined_day);
  g_free (data->member_points);
  g_free (data->member_consent);
  g_free (data->member_tier);
  g_free (data->sale_member);
  g_free (data->sale_day);
  g_free (data->sale_fen);
  g_free (data->sale_at_store);
  g_free (data->event_member);
  g_free (data->event_day);
  g_free (data->event_kind);
  g_free (data->subscriptions);
  g_strfreev (data->tier_codes);
  g_free (data->store_id);
  g_free (data);
}
