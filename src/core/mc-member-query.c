/* mc-member-query.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mc-error.h"
#include "mc-member-query.h"
#include "mc-pinyin.h"
#include "mc-programme.h"
#include "mc-search.h"

McMemberQuery *
mc_member_query_new (void)
{
  return g_new0 (McMemberQuery, 1);
}

McMemberQuery *
mc_member_query_copy (const McMemberQuery *self)
{
  McMemberQuery *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (McMemberQuery, 1);
  copy->sort = self->sort;
  copy->descending = self->descending;
  copy->tier = g_strdup (self->tier);
  copy->text = g_strdup (self->text);
  copy->tag = g_strdup (self->tag);
  copy->store = g_strdup (self->store);
  copy->status = self->status;
  copy->birthday_month = self->birthday_month;
  return copy;
}

void
mc_member_query_free (McMemberQuery *self)
{
  if (self == NULL)
    return;
  g_free (self->tier);
  g_free (self->text);
  g_free (self->tag);
  g_free (self->store);
  g_free (self);
}

static const char *
empty_to_null (const char *s)
{
  return s != NULL && s[0] != '\0' ? s : NULL;
}

gboolean
mc_member_query_equal (const McMemberQuery *a,
                       const McMemberQuery *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return a->sort == b->sort && a->descending == b->descending &&
         g_strcmp0 (empty_to_null (a->tier), empty_to_null (b->tier)) == 0 &&
         g_strcmp0 (empty_to_null (a->text), empty_to_null (b->text)) == 0 &&
         g_strcmp0 (empty_to_null (a->tag), empty_to_null (b->tag)) == 0 &&
         g_strcmp0 (empty_to_null (a->store), empty_to_null (b->store)) == 0 &&
         a->status == b->status && a->birthday_month == b->birthday_month;
}

gboolean
mc_member_query_has_text (const McMemberQuery *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return mc_search_has_text (self->text);
}

void
mc_member_list_row_free (McMemberListRow *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->card_no);
  g_free (self->name);
  g_free (self->phone);
  g_free (self->tier);
  g_free (self);
}

void
mc_member_query_choice_free (McMemberQueryChoice *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->name);
  g_free (self);
}

guint
mc_member_query_month_now (McDb *db)
{
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (MC_IS_DB (db), 0);

  now = g_date_time_new_now (mc_db_get_time_zone (db));
  return (guint) g_date_time_get_month (now);
}

static GPtrArray *
list_choices (McDb        *db,
              const char  *sql,
              GError     **error)
{
  g_autoptr(GPtrArray) choices = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_member_query_choice_free);
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      McMemberQueryChoice *choice = g_new0 (McMemberQueryChoice, 1);

      choice->id = g_strdup (mc_db_column_text (stmt, 0));
      choice->name = g_strdup (mc_db_column_text (stmt, 1));
      g_ptr_array_add (choices, choice);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&choices);
}

GPtrArray *
mc_member_query_list_tags (McDb    *db,
                           GError **error)
{
  g_return_val_if_fail (MC_IS_DB (db), NULL);
  return list_choices (db, "SELECT id, name FROM tag WHERE deleted = 0 ORDER BY name, id", error);
}

GPtrArray *
mc_member_query_list_stores (McDb    *db,
                             GError **error)
{
  g_return_val_if_fail (MC_IS_DB (db), NULL);
  return list_choices (db, "SELECT id, name FROM store WHERE deleted = 0 ORDER BY name, id", error);
}

static const char *
status_text (McMemberStatusFilter status)
{
  switch (status)
    {
    case MC_MEMBER_STATUS_ACTIVE: return "active";
    case MC_MEMBER_STATUS_FROZEN: return "frozen";
    case MC_MEMBER_STATUS_ERASED: return "erased";
    case MC_MEMBER_STATUS_ANY:
    default:
      return NULL;
    }
}

/* The filters as " AND ..." clauses on the member table "m", numbered from *n_params + 1;
 * bind_filters() binds them in the same order. */
static void
append_filters (GString             *sql,
                const McMemberQuery *query,
                int                 *n_params)
{
  if (empty_to_null (query->tier) != NULL)
    g_string_append_printf (sql, " AND m.tier = ?%d", ++*n_params);
  if (empty_to_null (query->store) != NULL)
    g_string_append_printf (sql, " AND m.store_id = ?%d", ++*n_params);
  if (empty_to_null (query->tag) != NULL)
    g_string_append_printf (sql, " AND m.id IN (SELECT member_id FROM member_tag "
                                 "WHERE tag_id = ?%d AND deleted = 0)", ++*n_params);
  if (status_text (query->status) != NULL)
    g_string_append_printf (sql, " AND m.status = ?%d", ++*n_params);
  /* "YYYY-MM-DD" and "--MM-DD" both end in "MM-DD". */
  if (query->birthday_month >= 1 && query->birthday_month <= 12)
    g_string_append_printf (sql, " AND substr (m.birthday, -5, 2) = ?%d", ++*n_params);
}

static void
bind_filters (sqlite3_stmt        *stmt,
              const McMemberQuery *query,
              int                 *n_params)
{
  if (empty_to_null (query->tier) != NULL)
    sqlite3_bind_text (stmt, ++*n_params, query->tier, -1, SQLITE_STATIC);
  if (empty_to_null (query->store) != NULL)
    sqlite3_bind_text (stmt, ++*n_params, query->store, -1, SQLITE_STATIC);
  if (empty_to_null (query->tag) != NULL)
    sqlite3_bind_text (stmt, ++*n_params, query->tag, -1, SQLITE_STATIC);
  if (status_text (query->status) != NULL)
    sqlite3_bind_text (stmt, ++*n_params, status_text (query->status), -1, SQLITE_STATIC);
  if (query->birthday_month >= 1 && query->birthday_month <= 12)
    {
      char month[3];

      g_snprintf (month, sizeof month, "%02u", query->birthday_month);
      sqlite3_bind_text (stmt, ++*n_params, month, -1, SQLITE_TRANSIENT);
    }
}

/* The ORDER BY key for a sort column (without direction), or NULL for the natural order.
 * Tiers sort by their rank in the live programme, not by code. */
static char *
sort_key (McDb          *db,
          McMemberSort   sort,
          GError       **error)
{
  switch (sort)
    {
    case MC_MEMBER_SORT_DEFAULT:
      return NULL;
    case MC_MEMBER_SORT_CARD:
      return g_strdup ("m.card_no");
    case MC_MEMBER_SORT_NAME:
      return g_strdup ("m.name");
    case MC_MEMBER_SORT_PHONE:
      return g_strdup ("m.phone");
    case MC_MEMBER_SORT_POINTS:
      return g_strdup ("m.points_balance");
    case MC_MEMBER_SORT_GROWTH:
      return g_strdup ("m.growth");
    case MC_MEMBER_SORT_LAST_VISIT:
      return g_strdup ("m.last_visit_at");
    case MC_MEMBER_SORT_SPEND:
      return g_strdup ("m.spend_fen");
    case MC_MEMBER_SORT_JOINED:
      return g_strdup ("m.joined_at");
    case MC_MEMBER_SORT_TIER:
      {
        g_autoptr(McProgramme) programme = mc_programme_load_live (db, error);
        GString *s;

        if (programme == NULL)
          return NULL;
        s = g_string_new ("CASE m.tier");
        for (guint i = 0; i < programme->tiers->len; i++)
          {
            McTier *tier = g_ptr_array_index (programme->tiers, i);
            char *quoted = sqlite3_mprintf (" WHEN %Q THEN %u", tier->code, i);

            g_string_append (s, quoted);
            sqlite3_free (quoted);
          }
        g_string_append_printf (s, " ELSE %u END", programme->tiers->len);
        return g_string_free (s, FALSE);
      }
    default:
      g_return_val_if_reached (NULL);
    }
}

/* The search hits as a JSON array of rowids, best first, or NULL on error. */
static char *
search_hits_json (McDb                *db,
                  const McMemberQuery *query,
                  GError             **error)
{
  g_autoptr(GArray) hits = mc_search_members (db, query->text, MC_MEMBER_QUERY_MAX_HITS, error);
  GString *json;

  if (hits == NULL)
    return NULL;
  json = g_string_sized_new (hits->len * 8 + 2);
  g_string_append_c (json, '[');
  for (guint i = 0; i < hits->len; i++)
    g_string_append_printf (json, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "",
                            g_array_index (hits, gint64, i));
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/* Interrupts the statement running on the connection once the query is cancelled. */
static int
progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data) ? 1 : 0;
}

typedef struct
{
  guint8  key[MC_PINYIN_SORT_KEY_LEN];
  gint64  rowid;
} NameEntry;

static int
name_entry_compare (const void *a,
                    const void *b)
{
  const NameEntry *x = a;
  const NameEntry *y = b;
  int cmp = memcmp (x->key, y->key, MC_PINYIN_SORT_KEY_LEN);

  if (cmp != 0)
    return cmp;
  return (x->rowid > y->rowid) - (x->rowid < y->rowid);
}

/* Steps a statement of (rowid, name) and returns the rowids in pinyin order of the names. */
static GArray *
sort_by_name (McDb          *db,
              sqlite3_stmt  *stmt,
              gboolean       descending,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (NameEntry));
  GArray *rowids;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NameEntry entry;

      entry.rowid = sqlite3_column_int64 (stmt, 0);
      mc_pinyin_sort_key ((const char *) sqlite3_column_text (stmt, 1), entry.key);
      g_array_append_val (entries, entry);
      if ((entries->len & 0xfff) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
    }
  sqlite3_reset (stmt);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  if (entries->len > 0)          /* an empty GArray's data may be NULL: not for qsort */
    qsort (entries->data, entries->len, sizeof (NameEntry), name_entry_compare);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), entries->len);
  g_array_set_size (rowids, entries->len);
  for (guint i = 0; i < entries->len; i++)
    g_array_index (rowids, gint64, descending ? entries->len - 1 - i : i) =
      g_array_index (entries, NameEntry, i).rowid;
  return rowids;
}

static int
compare_rowids (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Everyone, in the order they were added: the rowids come from the live-card index (a
 * tenth of the member table: at 1M, 19 MB to read from a cold disk instead of 200 MB,
 * 0.76 s to the first rows at launch) and are sorted here. */
static GArray *
run_everyone (McDb          *db,
              gboolean       descending,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = mc_db_prepare (db, "SELECT rowid FROM member INDEXED BY member_card "
                                          "WHERE deleted = 0", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      mc_db_set_error (db, error);
      return NULL;
    }
  g_array_sort (rowids, compare_rowids);
  if (descending)
    for (guint i = 0, j = rowids->len; i + 1 < j; i++, j--)
      {
        gint64 t = g_array_index (rowids, gint64, i);

        g_array_index (rowids, gint64, i) = g_array_index (rowids, gint64, j - 1);
        g_array_index (rowids, gint64, j - 1) = t;
      }
  return g_steal_pointer (&rowids);
}

static GArray *
run_sql (McDb                *db,
         const McMemberQuery *query,
         GCancellable        *cancellable,
         GError             **error)
{
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autofree char *key = NULL;
  g_autofree char *hits = NULL;
  const char *dir;
  sqlite3_stmt *stmt;
  gboolean text;
  gboolean by_name = query->sort == MC_MEMBER_SORT_NAME;
  int n_params = 0;
  int rc;

  if (query->sort != MC_MEMBER_SORT_DEFAULT && !by_name)
    {
      g_autoptr(GError) local_error = NULL;

      key = sort_key (db, query->sort, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }
  text = mc_member_query_has_text (query);
  dir = query->descending ? " DESC" : "";
  if (!text && query->sort == MC_MEMBER_SORT_DEFAULT && empty_to_null (query->tier) == NULL &&
      empty_to_null (query->store) == NULL && empty_to_null (query->tag) == NULL &&
      status_text (query->status) == NULL && query->birthday_month == 0)
    return run_everyone (db, query->descending, cancellable, error);

  if (text)
    {
      hits = search_hits_json (db, query, error);
      if (hits == NULL)
        return NULL;
      /* Keep the search's ranking where no column says otherwise. */
      g_string_append_printf (sql, "SELECT m.rowid%s FROM json_each (?1) j "
                                   "JOIN member m ON m.rowid = j.value WHERE m.deleted = 0",
                              by_name ? ", m.name" : "");
      n_params = 1;
    }
  else
    g_string_append_printf (sql, "SELECT m.rowid%s FROM member m WHERE m.deleted = 0",
                            by_name ? ", m.name" : "");

  append_filters (sql, query, &n_params);

  /* Names sort in C, by their pinyin key (SQLite's BINARY order of UTF-8 puts 张 before 李). */
  if (!by_name)
    {
      g_string_append (sql, " ORDER BY ");
      if (key != NULL)
        g_string_append_printf (sql, "%s%s, ", key, dir);
      if (text && key == NULL)
        g_string_append_printf (sql, "j.key%s", dir);
      else
        g_string_append_printf (sql, "m.rowid%s", dir);
    }

  stmt = mc_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return NULL;
  n_params = 0;
  if (text)
    sqlite3_bind_text (stmt, ++n_params, hits, -1, SQLITE_STATIC);
  bind_filters (stmt, query, &n_params);

  if (by_name)
    {
      rowids = sort_by_name (db, stmt, query->descending, cancellable, error);
      sqlite3_clear_bindings (stmt);
      return g_steal_pointer (&rowids);
    }

  rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      if (!g_cancellable_set_error_if_cancelled (cancellable, error))
        mc_db_set_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&rowids);
}

GArray *
mc_member_query_run_full (McDb                *db,
                          const McMemberQuery *query,
                          GCancellable        *cancellable,
                          GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  GArray *rowids;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (cancellable != NULL)
    sqlite3_progress_handler (mc_db_get_handle (db), 10000, progress_cb, cancellable);
  rowids = run_sql (db, query, cancellable, &local_error);
  if (cancellable != NULL)
    sqlite3_progress_handler (mc_db_get_handle (db), 0, NULL, NULL);

  /* An interrupted statement reports a database error: say it was cancelled. */
  if (rowids == NULL && g_cancellable_is_cancelled (cancellable))
    {
      g_clear_error (&local_error);
      g_cancellable_set_error_if_cancelled (cancellable, error);
      return NULL;
    }
  if (rowids == NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return rowids;
}

GArray *
mc_member_query_run (McDb                *db,
                     const McMemberQuery *query,
                     GError             **error)
{
  return mc_member_query_run_full (db, query, NULL, error);
}

gint64
mc_member_query_count (McDb                *db,
                       const McMemberQuery *query,
                       GError             **error)
{
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;
  gint64 count;
  int n_params = 0;

  g_return_val_if_fail (MC_IS_DB (db), -1);
  g_return_val_if_fail (query != NULL, -1);

  if (mc_member_query_has_text (query))
    {
      g_autoptr(GArray) rowids = mc_member_query_run (db, query, error);

      return rowids != NULL ? (gint64) rowids->len : -1;
    }

  sql = g_string_new ("SELECT count(*) FROM member m WHERE m.deleted = 0");
  append_filters (sql, query, &n_params);
  stmt = mc_db_prepare (db, sql->str, error);
  if (stmt == NULL)
    return -1;
  n_params = 0;
  bind_filters (stmt, query, &n_params);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      mc_db_set_error (db, error);
      return -1;
    }
  count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return count;
}

static char *
display_phone (const char *e164,
               gboolean    contact)
{
  if (e164 == NULL || e164[0] == '\0')
    return NULL;
  if (!contact)
    return mc_mask_phone (e164);
  if (g_str_has_prefix (e164, "+86") && strlen (e164) == 14)
    return g_strdup (e164 + 3);
  return g_strdup (e164);
}

GPtrArray *
mc_member_query_load_rows (McDb          *db,
                           const GArray  *rowids,
                           guint          offset,
                           guint          limit,
                           McRole         role,
                           GError       **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  gboolean contact = mc_role_allows (role, MC_PERMISSION_SEE_CONTACT);
  sqlite3_stmt *stmt;
  guint end;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (rowids != NULL, NULL);

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_member_list_row_free);
  if (offset >= rowids->len)
    return g_steal_pointer (&rows);
  end = limit > rowids->len - offset ? rowids->len : offset + limit;

  stmt = mc_db_prepare (db,
    "SELECT rowid, id, card_no, name, phone, tier, points_balance, growth, spend_fen, "
    "coalesce (last_visit_at, 0), joined_at FROM member WHERE rowid = ? AND deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = offset; i < end; i++)
    {
      McMemberListRow *row;
      int rc;

      sqlite3_bind_int64 (stmt, 1, g_array_index (rowids, gint64, i));
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        {
          sqlite3_reset (stmt);
          continue;
        }
      if (rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          mc_db_set_error (db, error);
          return NULL;
        }
      row = g_new0 (McMemberListRow, 1);
      row->rowid = sqlite3_column_int64 (stmt, 0);
      row->id = g_strdup (mc_db_column_text (stmt, 1));
      row->card_no = g_strdup (mc_db_column_text (stmt, 2));
      row->name = g_strdup (mc_db_column_text (stmt, 3));
      row->phone = display_phone (mc_db_column_text (stmt, 4), contact);
      row->tier = g_strdup (mc_db_column_text (stmt, 5));
      row->points = sqlite3_column_int64 (stmt, 6);
      row->growth = sqlite3_column_int64 (stmt, 7);
      row->spend_fen = sqlite3_column_int64 (stmt, 8);
      row->last_visit_at = sqlite3_column_int64 (stmt, 9);
      row->joined_at = sqlite3_column_int64 (stmt, 10);
      g_ptr_array_add (rows, row);
      sqlite3_reset (stmt);
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
mc_member_query_page (McDb                *db,
                      const McMemberQuery *query,
                      guint                offset,
                      guint                limit,
                      McRole               role,
                      GError             **error)
{
  g_autoptr(GArray) rowids = NULL;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  rowids = mc_member_query_run (db, query, error);
  if (rowids == NULL)
    return NULL;
  return mc_member_query_load_rows (db, rowids, offset, limit, role, error);
}
