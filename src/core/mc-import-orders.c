/* mc-import-orders.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV import of orders: the first pass checks every row and finds its member, the second
 * writes the orders with the points and growth they earn.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-error.h"
#include "mc-import-private.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-programme.h"
#include "mc-validate.h"

typedef enum
{
  O_PHONE,
  O_MEMBER,
  O_AMOUNT,
  O_AT,
  O_STORE,
  O_NOTE,
  O_N_FIELDS
} OrderField;

G_STATIC_ASSERT (O_N_FIELDS <= MC_IMPORT_MAX_FIELDS);

static const McImportAlias order_aliases[] = {
  { "手机", O_PHONE }, { "手机号", O_PHONE }, { "手机号码", O_PHONE }, { "电话", O_PHONE },
  { "phone", O_PHONE }, { "mobile", O_PHONE },
  { "会员", O_MEMBER }, { "member", O_MEMBER }, { "卡号", O_MEMBER }, { "会员卡号", O_MEMBER },
  { "card", O_MEMBER }, { "card_no", O_MEMBER },
  { "金额", O_AMOUNT }, { "amount", O_AMOUNT },
  { "时间", O_AT }, { "下单时间", O_AT }, { "at", O_AT }, { "time", O_AT },
  { "门店", O_STORE }, { "store", O_STORE },
  { "备注", O_NOTE }, { "note", O_NOTE }, { "notes", O_NOTE },
  /* What an order export adds for reading. */
  { "id", MC_IMPORT_COLUMN_COMPUTED }, { "refund_of", MC_IMPORT_COLUMN_COMPUTED },
};

const McImportAlias *
mc_import_order_aliases (guint *n_aliases,
                         guint *n_fields)
{
  *n_aliases = G_N_ELEMENTS (order_aliases);
  *n_fields = O_N_FIELDS;
  return order_aliases;
}

/* ------------------------------------------------------------------------------------ */
/* Rows                                                                                 */

/* Orders are written by a bulk path too, not by mc_order_add(): that one loads the member
 * and parses the live programme for every order and writes an audit record per order. The
 * bulk path applies the same rules with the same functions: mc_programme_points_for_order()
 * with the member's tier (its multiplier), the programme's daily points cap,
 * mc_programme_growth_for_order(), a points lot expiring at mc_programme_points_expiry(),
 * both through mc_ledger_append(), and the member's spend, order count and last visit moved
 * by the same statement as mc_order_add(). Three pieces repeat mc-order.c's private ones
 * (insert_order(), update_member_totals(), points_earned_on_day()): they belong in one
 * place, a function of mc-order.c that writes one sale's rows in the caller's transaction
 * for both. */

typedef struct
{
  char *id;
  char *tier;
} MemberRef;

static void
member_ref_free (gpointer data)
{
  MemberRef *ref = data;

  if (ref == NULL)
    return;
  g_free (ref->id);
  g_free (ref->tier);
  g_free (ref);
}

typedef struct
{
  guint            line;
  const MemberRef *member;      /* NULL: an anonymous sale */
  const char      *store_id;
  gint64           amount_fen;
  gint64           at;
  const char      *note;
} OrderRow;

typedef struct
{
  GHashTable *members;          /* what the file says (a normalised phone, or an id or card
                                   number as written) -> MemberRef*, or NULL: not found */
  GHashTable *member_errors;    /* the same key -> why not */
  guint       n_without_time;
} OrderCheck;

static void
order_check_clear (OrderCheck *check)
{
  g_clear_pointer (&check->members, g_hash_table_unref);
  g_clear_pointer (&check->member_errors, g_hash_table_unref);
}

static const MemberRef *
resolve_member (McImport   *imp,
                OrderCheck *check,
                guint       line,
                int         field,
                const char *raw,
                const char *key)
{
  gpointer found = NULL;

  if (!g_hash_table_lookup_extended (check->members, key, NULL, &found))
    {
      g_autoptr(GError) local_error = NULL;
      g_autoptr(McMember) member = mc_member_find (imp->db, key, &local_error);
      char *reason = NULL;

      if (member != NULL && g_strcmp0 (member->status, "active") != 0)
        reason = g_strdup_printf (_("%s (card %s) is not an active member. Leave the cell empty "
                                    "to import the sale without a member."),
                                  member->name, member->card_no);
      else if (member != NULL)
        {
          MemberRef *ref = g_new0 (MemberRef, 1);

          ref->id = g_strdup (member->id);
          ref->tier = g_strdup (member->tier);
          found = ref;
        }
      else
        reason = g_strdup (local_error != NULL ? local_error->message : _("There is no such member."));
      g_hash_table_insert (check->members, g_strdup (key), found);
      if (reason != NULL)
        g_hash_table_insert (check->member_errors, g_strdup (key), reason);
    }
  if (found == NULL)
    mc_import_add_problem (imp, line, field, raw, g_hash_table_lookup (check->member_errors, key));
  return found;
}

static gboolean
check_order_row (McImport           *imp,
                 OrderCheck         *check,
                 const char * const *fields,
                 guint               n_fields,
                 guint               line,
                 OrderRow           *row)
{
  g_autofree char *note = NULL;
  const char *text;
  gboolean good = TRUE;
  GError *e = NULL;

  memset (row, 0, sizeof *row);
  row->line = line;

  /* The member: by id or card number, else by phone; neither is an anonymous sale. */
  text = mc_import_cell (imp, fields, n_fields, O_MEMBER);
  if (!mc_import_cell_is_blank (text))
    {
      g_autofree char *key = g_strstrip (g_strdup (text));

      row->member = resolve_member (imp, check, line, O_MEMBER, text, key);
      good = row->member != NULL;
    }
  else
    {
      text = mc_import_cell (imp, fields, n_fields, O_PHONE);
      if (!mc_import_cell_is_blank (text))
        {
          g_autofree char *e164 = NULL;

          if (!mc_validate_phone (text, &e164, &e))
            {
              mc_import_add_problem (imp, line, O_PHONE, text, e->message);
              g_clear_error (&e);
              good = FALSE;
            }
          else
            {
              row->member = resolve_member (imp, check, line, O_PHONE, text, e164);
              good = row->member != NULL;
            }
        }
    }

  text = mc_import_cell (imp, fields, n_fields, O_AMOUNT);
  if (!mc_parse_yuan (text, &row->amount_fen, &e))
    {
      mc_import_add_problem (imp, line, O_AMOUNT, text, e->message);
      g_clear_error (&e);
      good = FALSE;
    }

  text = mc_import_cell (imp, fields, n_fields, O_AT);
  if (mc_import_cell_is_blank (text))
    {
      row->at = imp->now;
      check->n_without_time++;
    }
  else if (!mc_parse_time (text, imp->tz, FALSE, &row->at, &e))
    {
      mc_import_add_problem (imp, line, O_AT, text, e->message);
      g_clear_error (&e);
      good = FALSE;
    }
  else if (row->at > imp->now + 86400)
    {
      mc_import_add_problem (imp, line, O_AT, text, _("An order cannot be dated in the future."));
      good = FALSE;
    }

  text = mc_import_cell (imp, fields, n_fields, O_STORE);
  if (!mc_import_cell_is_blank (text))
    {
      row->store_id = mc_import_lookup_store (imp, line, O_STORE, text);
      if (row->store_id == NULL)
        good = FALSE;
    }

  text = mc_import_cell (imp, fields, n_fields, O_NOTE);
  note = mc_import_clean_notes (text);
  if (g_utf8_strlen (note, -1) > MC_NOTES_MAX_CHARS)
    {
      g_autofree char *reason = g_strdup_printf (_("The note is too long: at most %d characters."),
                                                 MC_NOTES_MAX_CHARS);

      mc_import_add_problem (imp, line, O_NOTE, text, reason);
      good = FALSE;
    }

  if (!good)
    return FALSE;
  row->note = mc_import_chunk_or_null (imp, note);
  return TRUE;
}

static gboolean
read_orders (McImport   *imp,
             OrderCheck *check,
             GArray     *rows,
             GError    **error)
{
  const char * const *fields;
  guint n_fields;
  GError *local_error = NULL;
  gboolean ok = TRUE;

  if (!mc_import_read_header (imp, order_aliases, G_N_ELEMENTS (order_aliases), O_N_FIELDS, error))
    return FALSE;
  if (imp->col[O_AMOUNT] < 0)
    {
      g_autofree char *found = mc_import_header_list (imp);

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The file has no column for the amount: name it “金额” or “amount”. "
                     "The header row found is: %s."), found);
      return FALSE;
    }
  if (imp->col[O_MEMBER] < 0 && imp->col[O_PHONE] < 0)
    g_ptr_array_add (imp->report->warnings,
                     g_strdup (_("The file has no member or phone column: every order is "
                                 "imported as an anonymous sale.")));

  check->members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, member_ref_free);
  check->member_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  while (mc_csv_reader_next (imp->reader, &fields, &n_fields, &local_error))
    {
      OrderRow row;
      guint line = mc_csv_reader_get_line (imp->reader);

      if (mc_import_row_is_blank (fields, n_fields))
        continue;
      imp->report->rows_read++;
      if (check_order_row (imp, check, fields, n_fields, line, &row))
        g_array_append_val (rows, row);

      if (imp->report->rows_read % MC_IMPORT_CHECK_EVERY == 0)
        {
          if (mc_import_check_cancelled (imp, error))
            {
              ok = FALSE;
              break;
            }
          mc_import_report_read_progress (imp);
        }
    }
  if (ok && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }
  g_clear_error (&local_error);

  imp->report->rows_valid = rows->len;
  imp->report->rows_skipped = imp->report->rows_read - rows->len;
  if (ok && imp->report->rows_read == 0)
    g_ptr_array_add (imp->report->warnings,
                     g_strdup (_("The file has a header row but no orders under it.")));
  if (ok && check->n_without_time > 0)
    g_ptr_array_add (imp->report->warnings,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%u order has no time: it is recorded at the "
                                                   "time of the import.",
                                                   "%u orders have no time: they are recorded at "
                                                   "the time of the import.",
                                                   check->n_without_time),
                                      check->n_without_time));
  return ok;
}

/* Points the member earned on the (workspace's) day of at, before this order: the daily
 * cap, counted the way mc_order_add() counts it. */
static gboolean
points_earned_on_day (McImport   *imp,
                      const char *member_id,
                      gint64      at,
                      gint64     *earned,
                      GError    **error)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, imp->tz);
  g_autoptr(GDateTime) day = g_date_time_new (imp->tz, g_date_time_get_year (local),
                                              g_date_time_get_month (local),
                                              g_date_time_get_day_of_month (local), 0, 0, 0);
  gint64 start = g_date_time_to_unix (day);
  sqlite3_stmt *stmt = mc_db_prepare (imp->db,
    "SELECT coalesce (sum (delta), 0) FROM points_ledger WHERE member_id = ? "
    "AND kind IN ('earn', 'reward') AND at >= ? AND at < ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, start + 86400);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return mc_db_set_error (imp->db, error);
    }
  *earned = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
write_order (McImport       *imp,
             McProgramme    *programme,
             const OrderRow *row,
             GError        **error)
{
  g_autofree char *id = mc_db_new_id ();
  g_autofree char *rev = mc_db_new_rev (NULL);
  McLedgerEntry entry = { 0 };
  gint64 points, growth;
  sqlite3_stmt *stmt;

  /* The statement texts are mc-order.c's, so the prepared statements are shared. */
  stmt = mc_db_prepare (imp->db,
    "INSERT INTO orders (id, member_id, store_id, amount_fen, at, refund_of, note, rev, seq) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  mc_import_bind_text_or_null (stmt, 2, row->member != NULL ? row->member->id : NULL);
  mc_import_bind_text_or_null (stmt, 3, row->store_id);
  sqlite3_bind_int64 (stmt, 4, row->amount_fen);
  sqlite3_bind_int64 (stmt, 5, row->at);
  sqlite3_bind_null (stmt, 6);
  mc_import_bind_text_or_null (stmt, 7, row->note);
  sqlite3_bind_text (stmt, 8, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 9, mc_db_next_seq (imp->db));
  if (!mc_db_step_done (imp->db, stmt, error))
    return FALSE;

  if (row->member == NULL)
    return TRUE;

  points = mc_programme_points_for_order (programme, row->amount_fen, row->member->tier);
  growth = mc_programme_growth_for_order (programme, row->amount_fen);
  if (programme->daily_points_cap > 0)
    {
      gint64 today = 0;

      if (!points_earned_on_day (imp, row->member->id, row->at, &today, error))
        return FALSE;
      points = CLAMP (programme->daily_points_cap - today, 0, points);
    }

  entry.member_id = row->member->id;
  entry.ref_id = id;
  entry.at = row->at;
  if (points > 0)
    {
      entry.ledger = MC_LEDGER_POINTS;
      entry.kind = "earn";
      entry.delta = points;
      entry.expires_at = mc_programme_points_expiry (programme, row->at, imp->tz);
      if (!mc_ledger_append (imp->db, &entry, error))
        return FALSE;
    }
  if (growth > 0)
    {
      entry.ledger = MC_LEDGER_GROWTH;
      entry.kind = "order";
      entry.delta = growth;
      entry.expires_at = 0;
      if (!mc_ledger_append (imp->db, &entry, error))
        return FALSE;
    }

  stmt = mc_db_prepare (imp->db,
    "UPDATE member SET spend_fen = spend_fen + ?2, orders_count = orders_count + ?3, "
    "last_visit_at = max (coalesce (last_visit_at, 0), ?4), updated_at = ?5, seq = ?6 "
    "WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row->member->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, row->amount_fen);
  sqlite3_bind_int64 (stmt, 3, 1);
  sqlite3_bind_int64 (stmt, 4, row->at);
  sqlite3_bind_int64 (stmt, 5, imp->now);
  sqlite3_bind_int64 (stmt, 6, mc_db_next_seq (imp->db));
  return mc_db_step_done (imp->db, stmt, error);
}

static gboolean
write_orders (McImport *imp,
              GArray   *rows,
              GError  **error)
{
  g_autoptr(McProgramme) programme = mc_programme_load_live (imp->db, error);

  if (programme == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      const OrderRow *row = &g_array_index (rows, OrderRow, i);

      if (!write_order (imp, programme, row, error))
        {
          mc_import_prefix_line (error, row->line);
          return FALSE;
        }
      if ((i + 1) % MC_IMPORT_CHECK_EVERY == 0)
        {
          if (mc_import_check_cancelled (imp, error))
            return FALSE;
          mc_import_report_progress (imp, 0.5 + 0.5 * (i + 1) / rows->len);
        }
    }
  return TRUE;
}

static gboolean
write_orders_cb (McImport *imp,
                 gpointer  data,
                 GError  **error)
{
  return write_orders (imp, data, error);
}

static gboolean
run_orders (McImport *imp,
            GError  **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (OrderRow));
  OrderCheck check = { 0 };
  gboolean ok;

  ok = read_orders (imp, &check, rows, error);
  if (ok && !mc_import_done_after_read (imp, &ok, error))
    ok = mc_import_write_in_transaction (imp, rows->len, "import.orders", write_orders_cb, rows, error);
  order_check_clear (&check);
  return ok;
}

gboolean
mc_import_orders (McDb                  *db,
                  const char            *path,
                  const McImportOptions *options,
                  McImportReport        *report,
                  McImportProgress       progress,
                  gpointer               user_data,
                  GCancellable          *cancellable,
                  GError               **error)
{
  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return mc_import_run (db, path, options, report, progress, user_data, cancellable,
                        "import.orders", run_orders, error);
}
