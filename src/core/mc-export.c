/* mc-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Export of members and orders as CSV (for Excel and for the importer) or JSON.
 *
 * The file is written to a temporary file beside the target, synced, and renamed over the
 * target at the end: a failure (full disk, no permission) leaves what was there before.
 * The rows are streamed, so a million members take a bounded amount of memory.
 *
 * What the workspace's role may see is what it gets: a role without
 * MC_PERMISSION_SEE_CONTACT gets phone numbers masked (138****5678) and no email column.
 * Each export is written to the audit log (what, which file, how many rows, masked or not).
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mc-audit.h"
#include "mc-csv.h"
#include "mc-error.h"
#include "mc-export.h"
#include "mc-member.h"
#include "mc-member-private.h"
#include "mc-validate.h"

#define FLUSH_BYTES (1 << 20)

/* ------------------------------------------------------------------------------------ */
/* Writing beside the target, then renaming                                             */

typedef struct
{
  const char *path;
  char       *tmp_path;
  int         fd;
  GString    *buf;
} Writer;

static void
set_io_error (GError     **error,
              const char  *path,
              int          saved_errno)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, MC_ERROR, MC_ERROR_IO,
               _("Cannot write the file “%s”: %s. Nothing was exported; choose another "
                 "folder or free some space."),
               display, g_strerror (saved_errno));
}

static gboolean
writer_open (Writer      *w,
             const char  *path,
             GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *tmp_name = g_strdup_printf (".%s.XXXXXX", base);

  memset (w, 0, sizeof *w);
  w->path = path;
  w->fd = -1;
  w->tmp_path = g_build_filename (dir, tmp_name, NULL);
  /* Personal data: readable by its owner only. */
  w->fd = g_mkstemp_full (w->tmp_path, O_WRONLY | O_CLOEXEC, 0600);
  if (w->fd < 0)
    {
      set_io_error (error, path, errno);
      g_clear_pointer (&w->tmp_path, g_free);
      return FALSE;
    }
  w->buf = g_string_sized_new (FLUSH_BYTES + 4096);
  return TRUE;
}

static gboolean
writer_flush (Writer  *w,
              GError **error)
{
  const char *p = w->buf->str;
  gsize left = w->buf->len;

  while (left > 0)
    {
      gssize n = write (w->fd, p, left);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          set_io_error (error, w->path, errno);
          return FALSE;
        }
      p += n;
      left -= (gsize) n;
    }
  g_string_truncate (w->buf, 0);
  return TRUE;
}

static gboolean
writer_maybe_flush (Writer  *w,
                    GError **error)
{
  return w->buf->len < FLUSH_BYTES || writer_flush (w, error);
}

/* Makes the data durable, then closes; the rename comes after (writer_commit). */
static gboolean
writer_close (Writer  *w,
              GError **error)
{
  int fd = w->fd;

  if (!writer_flush (w, error))
    return FALSE;
  if (g_fsync (fd) != 0)
    {
      set_io_error (error, w->path, errno);
      return FALSE;
    }
  w->fd = -1;
  if (close (fd) != 0)
    {
      set_io_error (error, w->path, errno);
      return FALSE;
    }
  return TRUE;
}

static gboolean
writer_commit (Writer  *w,
               GError **error)
{
  if (g_rename (w->tmp_path, w->path) != 0)
    {
      set_io_error (error, w->path, errno);
      return FALSE;
    }
  g_clear_pointer (&w->tmp_path, g_free);
  return TRUE;
}

/* Whatever happened, nothing is left behind but the target (renamed or untouched). */
static void
writer_clear (Writer *w)
{
  if (w->fd >= 0)
    close (w->fd);
  w->fd = -1;
  if (w->tmp_path != NULL)
    g_unlink (w->tmp_path);
  g_clear_pointer (&w->tmp_path, g_free);
  if (w->buf != NULL)
    g_string_free (w->buf, TRUE);
  w->buf = NULL;
}

/* Writes the file's audit record, renames the file into place, commits. */
static gboolean
finish_export (McDb         *db,
               Writer       *w,
               const char   *action,
               McExportFormat format,
               guint64       n_rows,
               gboolean      contact,
               GError      **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *base = g_path_get_basename (w->path);
  g_autofree char *after = NULL;

  if (!writer_close (w, error))
    return FALSE;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, base);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format == MC_EXPORT_JSON ? "json" : "csv");
  json_builder_set_member_name (builder, "rows");
  json_builder_add_int_value (builder, (gint64) n_rows);
  json_builder_set_member_name (builder, "contact");
  json_builder_add_boolean_value (builder, contact);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  after = mc_json_to_string (root);

  if (!mc_db_begin (db, error))
    return FALSE;
  if (!mc_audit_log (db, action, NULL, NULL, NULL, after, error) ||
      !writer_commit (w, error) ||
      !mc_db_commit (db, error))
    {
      mc_db_rollback (db);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Shared helpers                                                                       */

/* "+8613812345678" -> "13812345678": what people type, and Excel keeps 11 digits whole
 * (a "+86..." cell would become 8.61E+12). Other countries keep their +. */
static const char *
phone_for_csv (const char *e164)
{
  if (e164 != NULL && g_str_has_prefix (e164, "+86"))
    return e164 + 3;
  return e164;
}

static char *
phone_as_seen (const char *e164,
               gboolean    contact)
{
  if (e164 == NULL)
    return NULL;
  return contact ? g_strdup (phone_for_csv (e164)) : mc_mask_phone (e164);
}

/* Local time with seconds, as the importer reads it back and Excel shows it. */
static char *
format_local_time (gint64      epoch,
                   GTimeZone  *tz)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (epoch == 0)
    return NULL;
  utc = g_date_time_new_from_unix_utc (epoch);
  local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M:%S") : NULL;
}

static GHashTable *
load_store_names (McDb    *db,
                  GError **error)
{
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = mc_db_prepare (db, "SELECT id, name FROM store", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (names, g_strdup (mc_db_column_text (stmt, 0)),
                         g_strdup (mc_db_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&names);
}

static void
append_json_node (GString  *out,
                  JsonNode *node,
                  gboolean  first)
{
  g_autofree char *text = json_to_string (node, FALSE);

  g_string_append (out, first ? "\n  " : ",\n  ");
  g_string_append (out, text);
}

/* ------------------------------------------------------------------------------------ */
/* Members                                                                              */

/* The columns of mc-member.c's reader, in its order, then the store's name and the tags. */
#define MEMBER_SELECT \
  "SELECT " MC_MEMBER_COLUMNS ", " \
  "(SELECT group_concat (t.name || ':' || t.kind, ';') FROM member_tag mt " \
  " JOIN tag t ON t.id = mt.tag_id WHERE mt.member_id = m.id AND mt.deleted = 0) " \
  "FROM member m WHERE m.deleted = 0 AND m.status != 'erased' ORDER BY m.rowid"

enum { COL_TAGS = 33 };


/* The importer's names (mc-import.c); the last six are read-only there. */
static const char * const member_header[] = {
  "name", "phone", "email", "gender", "birthday", "region", "store", "card_no", "joined_at",
  "channel", "consent", "notes", "tags",
  "tier", "points", "growth", "spend", "orders", "last_visit",
};

enum
{
  H_NAME, H_PHONE, H_EMAIL, H_GENDER, H_BIRTHDAY, H_REGION, H_STORE, H_CARD, H_JOINED,
  H_CHANNEL, H_CONSENT, H_NOTES, H_TAGS, H_TIER, H_POINTS, H_GROWTH, H_SPEND, H_ORDERS,
  H_LAST_VISIT, H_N
};

G_STATIC_ASSERT (G_N_ELEMENTS (member_header) == H_N);

/* The header without the email column when the role may not see contacts. */
static void
append_member_row (GString            *out,
                   const char * const *fields,
                   gboolean            contact)
{
  const char *row[H_N];
  guint n = 0;

  for (guint i = 0; i < H_N; i++)
    if (contact || i != H_EMAIL)
      row[n++] = fields[i];
  mc_csv_append_row (out, row, n);
}

static gboolean
write_member_csv_row (Writer        *w,
                      sqlite3_stmt  *stmt,
                      GHashTable    *stores,
                      GTimeZone     *tz,
                      gboolean       contact,
                      GError       **error)
{
  const char *fields[H_N] = { NULL };
  g_autofree char *phone = phone_as_seen (mc_db_column_text (stmt, 4), contact);
  g_autofree char *joined = format_local_time (sqlite3_column_int64 (stmt, 10), tz);
  g_autofree char *points = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 24));
  g_autofree char *growth = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 25));
  g_autofree char *spend = mc_format_yuan (sqlite3_column_int64 (stmt, 26));
  g_autofree char *orders = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 27));
  g_autofree char *last_visit = format_local_time (sqlite3_column_int64 (stmt, 28), tz);
  g_autofree char *notes = NULL;
  const char *store_id = mc_db_column_text (stmt, 9);

  fields[H_NAME] = mc_db_column_text (stmt, 3);
  fields[H_PHONE] = phone;
  fields[H_EMAIL] = contact ? mc_db_column_text (stmt, 5) : NULL;
  fields[H_GENDER] = mc_db_column_text (stmt, 6);
  fields[H_BIRTHDAY] = mc_db_column_text (stmt, 7);
  fields[H_REGION] = mc_db_column_text (stmt, 8);
  fields[H_STORE] = store_id != NULL ? g_hash_table_lookup (stores, store_id) : NULL;
  fields[H_CARD] = mc_db_column_text (stmt, 2);
  fields[H_JOINED] = joined;
  fields[H_CHANNEL] = mc_db_column_text (stmt, 11);
  fields[H_CONSENT] = sqlite3_column_int (stmt, 14) ? "yes" : "no";
  notes = contact ? NULL : mc_mask_personal_text (mc_db_column_text (stmt, 17));
  fields[H_NOTES] = contact ? mc_db_column_text (stmt, 17) : notes;
  fields[H_TAGS] = mc_db_column_text (stmt, COL_TAGS);
  fields[H_TIER] = mc_db_column_text (stmt, 18);
  fields[H_POINTS] = points;
  fields[H_GROWTH] = growth;
  fields[H_SPEND] = spend;
  fields[H_ORDERS] = orders;
  fields[H_LAST_VISIT] = last_visit;
  append_member_row (w->buf, fields, contact);
  return writer_maybe_flush (w, error);
}

static gboolean
write_member_json_row (Writer        *w,
                       sqlite3_stmt  *stmt,
                       GHashTable    *stores,
                       McRole         role,
                       gboolean       first,
                       GError       **error)
{
  g_autoptr(McMember) member = mc_member_from_row (stmt);
  g_autoptr(JsonNode) node = mc_member_to_json (member, role);
  JsonObject *obj = json_node_get_object (node);
  const char *tags = mc_db_column_text (stmt, COL_TAGS);
  JsonArray *array = json_array_new ();

  /* What the ids point to, for a reader without the workspace. */
  if (member->store_id != NULL)
    json_object_set_string_member (obj, "store", g_hash_table_lookup (stores, member->store_id));
  else
    json_object_set_null_member (obj, "store");
  if (tags != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (tags, ";", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        json_array_add_string_element (array, parts[i]);
    }
  json_object_set_array_member (obj, "tags", array);

  append_json_node (w->buf, node, first);
  return writer_maybe_flush (w, error);
}

gboolean
mc_export_members (McDb            *db,
                   const char      *path,
                   McExportFormat   format,
                   guint64         *n_rows,
                   GError         **error)
{
  g_autoptr(GHashTable) stores = NULL;
  McRole role;
  gboolean contact;
  GTimeZone *tz;
  Writer w = { 0 };
  sqlite3_stmt *stmt;
  guint64 n = 0;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format == MC_EXPORT_CSV || format == MC_EXPORT_JSON, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  role = mc_db_get_role (db);
  contact = mc_role_allows (role, MC_PERMISSION_SEE_CONTACT);
  tz = mc_db_get_time_zone (db);
  if (n_rows != NULL)
    *n_rows = 0;

  stores = load_store_names (db, error);
  if (stores == NULL || !writer_open (&w, path, error))
    goto out;

  if (format == MC_EXPORT_CSV)
    {
      g_string_append (w.buf, "\xef\xbb\xbf");   /* the BOM: Excel reads UTF-8 then */
      append_member_row (w.buf, member_header, contact);
    }
  else
    g_string_append_c (w.buf, '[');

  stmt = mc_db_prepare (db, MEMBER_SELECT, error);
  if (stmt == NULL)
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean row_ok = format == MC_EXPORT_CSV
        ? write_member_csv_row (&w, stmt, stores, tz, contact, error)
        : write_member_json_row (&w, stmt, stores, role, n == 0, error);

      if (!row_ok)
        {
          sqlite3_reset (stmt);
          goto out;
        }
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      goto out;
    }
  if (format == MC_EXPORT_JSON)
    g_string_append (w.buf, n > 0 ? "\n]\n" : "]\n");

  ok = finish_export (db, &w, "export.members", format, n, contact, error);
  if (ok && n_rows != NULL)
    *n_rows = n;

out:
  writer_clear (&w);
  return ok;
}

/* ------------------------------------------------------------------------------------ */
/* Orders                                                                               */

#define ORDER_SELECT \
  "SELECT o.id, o.member_id, m.card_no, m.phone, o.store_id, o.amount_fen, o.at, " \
  "o.refund_of, o.note FROM orders o LEFT JOIN member m ON m.id = o.member_id " \
  "WHERE o.deleted = 0 ORDER BY o.at, o.id"

/* The importer's names; id and refund_of are read-only there. */
static const char * const order_header[] = {
  "id", "member", "phone", "amount", "at", "store", "note", "refund_of",
};

static gboolean
write_order_csv_row (Writer        *w,
                     sqlite3_stmt  *stmt,
                     GHashTable    *stores,
                     GTimeZone     *tz,
                     gboolean       contact,
                     GError       **error)
{
  g_autofree char *phone = phone_as_seen (mc_db_column_text (stmt, 3), contact);
  g_autofree char *amount = mc_format_yuan (sqlite3_column_int64 (stmt, 5));
  g_autofree char *at = format_local_time (sqlite3_column_int64 (stmt, 6), tz);
  const char *store_id = mc_db_column_text (stmt, 4);
  const char *fields[G_N_ELEMENTS (order_header)];
  g_autofree char *note = NULL;

  fields[0] = mc_db_column_text (stmt, 0);
  fields[1] = mc_db_column_text (stmt, 2);
  fields[2] = phone;
  fields[3] = amount;
  fields[4] = at;
  fields[5] = store_id != NULL ? g_hash_table_lookup (stores, store_id) : NULL;
  note = contact ? NULL : mc_mask_personal_text (mc_db_column_text (stmt, 8));
  fields[6] = contact ? mc_db_column_text (stmt, 8) : note;
  fields[7] = mc_db_column_text (stmt, 7);
  mc_csv_append_row (w->buf, fields, G_N_ELEMENTS (fields));
  return writer_maybe_flush (w, error);
}

static gboolean
write_order_json_row (Writer        *w,
                      sqlite3_stmt  *stmt,
                      GHashTable    *stores,
                      GTimeZone     *tz,
                      gboolean       contact,
                      gboolean       first,
                      GError       **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *at_local = format_local_time (sqlite3_column_int64 (stmt, 6), tz);
  const char *store_id = mc_db_column_text (stmt, 4);
  const char *e164 = mc_db_column_text (stmt, 3);

  if (e164 != NULL)
    phone = contact ? g_strdup (e164) : mc_mask_phone (e164);

#define STR(k, v) G_STMT_START { json_builder_set_member_name (b, k); \
    if ((v) != NULL) json_builder_add_string_value (b, v); else json_builder_add_null_value (b); } G_STMT_END

  json_builder_begin_object (b);
  STR ("id", mc_db_column_text (stmt, 0));
  STR ("member_id", mc_db_column_text (stmt, 1));
  STR ("card_no", mc_db_column_text (stmt, 2));
  STR ("phone", phone);
  STR ("store_id", store_id);
  STR ("store", store_id != NULL ? (const char *) g_hash_table_lookup (stores, store_id) : NULL);
  json_builder_set_member_name (b, "amount_fen");
  json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 5));
  json_builder_set_member_name (b, "at");
  json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 6));
  STR ("at_local", at_local);
  STR ("refund_of", mc_db_column_text (stmt, 7));
  if (contact)
    STR ("note", mc_db_column_text (stmt, 8));
  else
    {
      g_autofree char *note = mc_mask_personal_text (mc_db_column_text (stmt, 8));

      STR ("note", note);
    }
  json_builder_end_object (b);

#undef STR

  node = json_builder_get_root (b);
  append_json_node (w->buf, node, first);
  return writer_maybe_flush (w, error);
}

gboolean
mc_export_orders (McDb            *db,
                  const char      *path,
                  McExportFormat   format,
                  guint64         *n_rows,
                  GError         **error)
{
  g_autoptr(GHashTable) stores = NULL;
  gboolean contact;
  GTimeZone *tz;
  Writer w = { 0 };
  sqlite3_stmt *stmt;
  guint64 n = 0;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format == MC_EXPORT_CSV || format == MC_EXPORT_JSON, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  contact = mc_role_allows (mc_db_get_role (db), MC_PERMISSION_SEE_CONTACT);
  tz = mc_db_get_time_zone (db);
  if (n_rows != NULL)
    *n_rows = 0;

  stores = load_store_names (db, error);
  if (stores == NULL || !writer_open (&w, path, error))
    goto out;

  if (format == MC_EXPORT_CSV)
    {
      g_string_append (w.buf, "\xef\xbb\xbf");
      mc_csv_append_row (w.buf, order_header, G_N_ELEMENTS (order_header));
    }
  else
    g_string_append_c (w.buf, '[');

  stmt = mc_db_prepare (db, ORDER_SELECT, error);
  if (stmt == NULL)
    goto out;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gboolean row_ok = format == MC_EXPORT_CSV
        ? write_order_csv_row (&w, stmt, stores, tz, contact, error)
        : write_order_json_row (&w, stmt, stores, tz, contact, n == 0, error);

      if (!row_ok)
        {
          sqlite3_reset (stmt);
          goto out;
        }
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      goto out;
    }
  if (format == MC_EXPORT_JSON)
    g_string_append (w.buf, n > 0 ? "\n]\n" : "]\n");

  ok = finish_export (db, &w, "export.orders", format, n, contact, error);
  if (ok && n_rows != NULL)
    *n_rows = n;

out:
  writer_clear (&w);
  return ok;
}
