/* mc-import-members-write.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The second pass of a members import: the good rows of the first pass written in the
 * import's transaction.
 *
 * Members are written by a bulk path here, not by mc_member_insert(): that one writes an
 * audit record per member and re-checks what the first pass already checked, which at a
 * million rows is most of the time. The bulk path writes the same columns the same way
 * (ids, revs, seq, card numbers off the counter of mc_member_reserve_card_nos(), the lowest
 * tier of the live programme, the search terms of mc_search_index()).
 *
 * An import at least as big as the member table goes in without the table's secondary
 * indexes, which are created again by one sort each at the end. The search index is
 * written after all the rows (SQLite's cache then holds one B-tree at a time), with terms
 * built on another thread while the indexes are created.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mc-import-private.h"
#include "mc-store.h"
#include "mc-member.h"
#include "mc-programme.h"
#include "mc-search.h"

struct _McImportMemberWriter
{
  McImport     *imp;
  GHashTable   *file_cards;     /* card numbers the file names, or NULL */
  gboolean      existing;       /* the workspace had live members */

  McProgramme  *programme;
  const char   *base_tier;      /* the lowest tier of the live programme */
  char         *batch_sql;
  char         *single_sql;
  sqlite3_stmt *batch_stmt;     /* of batch_sql, from the connection's cache */
  gint64        first_rowid;    /* of the first row added */
  GPtrArray    *batches;        /* McImportMemberBatch*, as added (not owned) */
  guint         n_rows;         /* rows in batches */
  GPtrArray    *indexes;        /* the member table's, dropped: created again by finish */
  GHashTable   *tag_ids;        /* tag name -> its id */
  gint64        started;        /* monotonic */
};

void
mc_import_member_batch_free (gpointer data)
{
  McImportMemberBatch *batch = data;

  for (guint i = 0; i < batch->n_rows; i++)
    {
      g_free (batch->rows[i].id);
      g_free (batch->rows[i].rev);
      g_free (batch->rows[i].terms);
    }
  g_free (batch);
}

void
mc_import_member_batch_make_keys (McImportMemberBatch *batch)
{
  if (batch->keyed)
    return;
  for (guint i = 0; i < batch->n_rows; i++)
    {
      batch->rows[i].id = mc_db_new_id ();
      batch->rows[i].rev = mc_db_new_rev (NULL);
    }
  batch->keyed = TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Card numbers                                                                         */

/* The largest number whose card number is as long as that of number: card numbers of one
 * length are a range of the card index ("MC100000000" sorts before "MC99999999"). */
static gint64
last_of_length (gint64 number)
{
  gint64 limit = 100000000;   /* MC_MEMBER_CARD_NO_FORMAT has at least 8 digits */

  while (limit <= number && limit <= G_MAXINT64 / 10)
    limit *= 10;
  return limit - 1;
}

/* Live members' card numbers among the generated numbers lo .. hi, into taken. */
static gboolean
find_taken_cards (McImportMemberWriter  *writer,
                  gint64                 lo,
                  gint64                 hi,
                  GHashTable            *taken,
                  GError               **error)
{
  McDb *db = writer->imp->db;
  char lo_text[32], hi_text[32];
  sqlite3_stmt *stmt;
  int rc;

  /* Through the card index: not while it is dropped. */
  g_assert (writer->indexes == NULL);

  stmt = mc_db_prepare (db,
    "SELECT card_no FROM member WHERE card_no BETWEEN ? AND ? AND deleted = 0", error);
  if (stmt == NULL)
    return FALSE;
  g_snprintf (lo_text, sizeof lo_text, MC_MEMBER_CARD_NO_FORMAT, lo);
  g_snprintf (hi_text, sizeof hi_text, MC_MEMBER_CARD_NO_FORMAT, hi);
  sqlite3_bind_text (stmt, 1, lo_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hi_text, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (taken, g_strdup (mc_db_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || mc_db_set_error (db, error);
}

/* Card numbers for the rows of batch without one, in the order of the file: numbers off
 * the workspace's counter, a block at a time, skipping those that a row of the file names
 * or a live member has. */
static gboolean
assign_card_numbers (McImportMemberWriter  *writer,
                     McImportMemberBatch   *batch,
                     GError               **error)
{
  g_autoptr(GHashTable) taken = NULL;
  guint missing = 0;
  guint r = 0;

  for (guint i = 0; i < batch->n_rows; i++)
    if (batch->rows[i].card_no == NULL)
      missing++;
  if (missing > 0 && writer->existing)
    taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  while (missing > 0)
    {
      gint64 first, last;

      if (!mc_member_reserve_card_nos (writer->imp->db, missing, &first, error))
        return FALSE;
      last = first + missing - 1;
      for (gint64 lo = first, hi; taken != NULL && lo <= last; lo = hi + 1)
        {
          hi = MIN (last, last_of_length (lo));
          if (!find_taken_cards (writer, lo, hi, taken, error))
            return FALSE;
        }

      for (gint64 number = first; number <= last; number++)
        {
          McImportMemberRow *row;
          char card[sizeof row->generated_card_no];

          g_snprintf (card, sizeof card, MC_MEMBER_CARD_NO_FORMAT, number);
          if ((writer->file_cards != NULL && g_hash_table_contains (writer->file_cards, card)) ||
              (taken != NULL && g_hash_table_contains (taken, card)))
            continue;
          while (batch->rows[r].card_no != NULL)
            r++;
          row = &batch->rows[r];
          memcpy (row->generated_card_no, card, sizeof card);
          row->card_no = row->generated_card_no;
          missing--;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Tags                                                                                 */

static const char *
tag_id_for (McImportMemberWriter  *writer,
            const char            *name,
            const char            *kind,
            GError               **error)
{
  McDb *db = writer->imp->db;
  const char *found = g_hash_table_lookup (writer->tag_ids, name);
  g_autofree char *id = NULL;

  if (found != NULL)
    return found;

  /* A tag written in the file with another kind than the one it has keeps its kind. */
  id = mc_tag_ensure (db, name, kind, error);
  if (id == NULL)
    return NULL;
  found = id;
  g_hash_table_insert (writer->tag_ids, g_strdup (name), g_steal_pointer (&id));
  return found;
}

static gboolean
write_member_tags (McImportMemberWriter  *writer,
                   const char            *member_id,
                   const char            *tags,
                   GError               **error)
{
  McDb *db = writer->imp->db;
  g_auto(GStrv) parts = g_strsplit (tags, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *colon = strrchr (parts[i], ':');
      const char *tag_id;

      g_assert (colon != NULL);
      *colon = '\0';
      tag_id = tag_id_for (writer, parts[i], colon + 1, error);
      if (tag_id == NULL)
        return FALSE;
      /* A tag named twice is linked once. */
      if (!mc_tag_link (db, member_id, tag_id, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* Member rows                                                                          */

/* Members go in by statements of MEMBER_STMT_ROWS rows: the statement overhead is paid
 * once for them. The rowids are given here (the largest so far + 1, + 2, ...), so each
 * row's rowid is known for the search index. */
#define MEMBER_STMT_ROWS 32
#define MEMBER_N_PARAMS 21
#define MEMBER_INSERT \
  "INSERT INTO member (rowid, id, card_no, name, phone, email, gender, birthday, region, " \
  "store_id, joined_at, join_channel, consent_marketing, consent_at, consent_purpose, notes, " \
  "tier, tier_since, updated_at, rev, seq) VALUES "

G_STATIC_ASSERT (MC_IMPORT_MEMBER_BATCH % MEMBER_STMT_ROWS == 0);

static char *
member_insert_sql (guint n_rows)
{
  GString *sql = g_string_new (MEMBER_INSERT);

  for (guint r = 0; r < n_rows; r++)
    {
      g_string_append (sql, r > 0 ? ", (?" : "(?");
      for (guint c = 1; c < MEMBER_N_PARAMS; c++)
        g_string_append (sql, ", ?");
      g_string_append_c (sql, ')');
    }
  return g_string_free (sql, FALSE);
}

/* Binds one row at parameters base + 1 .. base + MEMBER_N_PARAMS. */
static void
bind_member (McImportMemberWriter    *writer,
             sqlite3_stmt            *stmt,
             int                      base,
             const McImportMemberRow *row,
             gint64                   rowid)
{
  gint64 now = writer->imp->now;

  sqlite3_bind_int64 (stmt, base + 1, rowid);
  sqlite3_bind_text (stmt, base + 2, row->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, base + 3, row->card_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, base + 4, row->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, base + 5, row->phone, -1, SQLITE_STATIC);
  mc_import_bind_text_or_null (stmt, base + 6, row->email);
  sqlite3_bind_text (stmt, base + 7, row->gender == 'm' ? "m" : row->gender == 'f' ? "f" : "u",
                     -1, SQLITE_STATIC);
  mc_import_bind_text_or_null (stmt, base + 8, row->birthday);
  mc_import_bind_text_or_null (stmt, base + 9, row->region);
  mc_import_bind_text_or_null (stmt, base + 10, row->store_id);
  sqlite3_bind_int64 (stmt, base + 11, row->joined_at);
  sqlite3_bind_text (stmt, base + 12, row->channel, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, base + 13, row->consent ? 1 : 0);
  if (row->consent)
    {
      /* Consent given before the import: recorded as of the import, for marketing, the way
       * mc_member_validate() and mc_member_insert() fill it in. */
      sqlite3_bind_int64 (stmt, base + 14, now);
      sqlite3_bind_text (stmt, base + 15, "marketing", -1, SQLITE_STATIC);
    }
  else
    {
      sqlite3_bind_null (stmt, base + 14);
      sqlite3_bind_null (stmt, base + 15);
    }
  mc_import_bind_text_or_null (stmt, base + 16, row->notes);
  sqlite3_bind_text (stmt, base + 17, writer->base_tier, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, base + 18, row->joined_at);
  sqlite3_bind_int64 (stmt, base + 19, now);
  sqlite3_bind_text (stmt, base + 20, row->rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, base + 21, mc_db_next_seq (writer->imp->db));
}

/* Rows first .. first + n - 1 of batch, as rowids rowid, rowid + 1, ... */
static gboolean
insert_members (McImportMemberWriter  *writer,
                McImportMemberBatch   *batch,
                guint                  first,
                guint                  n,
                gint64                 rowid,
                GError               **error)
{
  McDb *db = writer->imp->db;
  const McImportMemberRow *rows = &batch->rows[first];
  gboolean inserted = FALSE;

  if (n == MEMBER_STMT_ROWS)
    {
      g_autoptr(GError) batch_error = NULL;

      /* Every parameter is bound again: no need to clear them. */
      for (guint k = 0; k < n; k++)
        bind_member (writer, writer->batch_stmt, (int) (k * MEMBER_N_PARAMS), &rows[k], rowid + k);
      /* A failed statement changes nothing: the rows are tried one by one below, so that
       * the error names the line. */
      inserted = mc_db_step_done (db, writer->batch_stmt, &batch_error);
    }
  for (guint k = 0; !inserted && k < n; k++)
    {
      sqlite3_stmt *stmt = mc_db_prepare (db, writer->single_sql, error);

      if (stmt == NULL)
        return FALSE;
      bind_member (writer, stmt, 0, &rows[k], rowid + k);
      if (!mc_db_step_done (db, stmt, error))
        {
          mc_import_prefix_line (error, rows[k].line);
          return FALSE;
        }
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* The writer                                                                           */

McImportMemberWriter *
mc_import_member_writer_new (McImport   *imp,
                             GHashTable *file_cards,
                             gboolean    existing)
{
  McImportMemberWriter *writer = g_new0 (McImportMemberWriter, 1);

  writer->imp = imp;
  writer->file_cards = file_cards;
  writer->existing = existing;
  writer->base_tier = "base";   /* as mc_member_insert() when the programme has none */
  writer->batch_sql = member_insert_sql (MEMBER_STMT_ROWS);
  writer->single_sql = member_insert_sql (1);
  writer->batches = g_ptr_array_new ();
  writer->tag_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return writer;
}

void
mc_import_member_writer_free (McImportMemberWriter *writer)
{
  g_clear_pointer (&writer->programme, mc_programme_free);
  g_free (writer->batch_sql);
  g_free (writer->single_sql);
  g_ptr_array_unref (writer->batches);
  g_clear_pointer (&writer->indexes, g_ptr_array_unref);
  g_hash_table_unref (writer->tag_ids);
  g_free (writer);
}

static gboolean
query_int64 (McDb        *db,
             const char  *sql,
             gint64      *value,
             GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return mc_db_set_error (db, error);
    }
  *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
mc_import_member_writer_begin (McImportMemberWriter  *writer,
                               GPtrArray             *all,
                               guint                  expected_rows,
                               GError               **error)
{
  McDb *db = writer->imp->db;
  gint64 n_members = 0;

  writer->started = g_get_monotonic_time ();
  writer->programme = mc_programme_load_live (db, error);
  if (writer->programme == NULL ||
      !query_int64 (db, "SELECT coalesce (max (rowid), 0) + 1 FROM member", &writer->first_rowid,
                    error))
    return FALSE;
  if (writer->programme->tiers->len > 0)
    writer->base_tier = ((McTier *) g_ptr_array_index (writer->programme->tiers, 0))->code;
  /* Prepared once for the whole write: its text is long to look up in the cache, and
   * SQLite prepares it again by itself when the indexes change. */
  writer->batch_stmt = mc_db_prepare (db, writer->batch_sql, error);
  if (writer->batch_stmt == NULL)
    return FALSE;

  for (guint i = 0; all != NULL && i < all->len; i++)
    if (!assign_card_numbers (writer, g_ptr_array_index (all, i), error))
      return FALSE;

  /* The first pass refused duplicate phones and cards, so the unique indexes build
   * again; if one does not, finish fails and the import rolls back. */
  if (!query_int64 (db, "SELECT count(*) FROM member", &n_members, error))
    return FALSE;
  if ((gint64) expected_rows >= n_members)
    {
      writer->indexes = mc_db_drop_indexes (db, "member", error);
      if (writer->indexes == NULL)
        return FALSE;
    }
  return TRUE;
}

gboolean
mc_import_member_writer_add (McImportMemberWriter  *writer,
                             McImportMemberBatch   *batch,
                             double                 fraction,
                             GError               **error)
{
  McImport *imp = writer->imp;
  gint64 rowid = writer->first_rowid + writer->n_rows;

  if (!assign_card_numbers (writer, batch, error))
    return FALSE;
  mc_import_member_batch_make_keys (batch);

  for (guint i = 0; i < batch->n_rows; i += MEMBER_STMT_ROWS)
    if (!insert_members (writer, batch, i, MIN (MEMBER_STMT_ROWS, batch->n_rows - i), rowid + i,
                         error))
      return FALSE;
  for (guint i = 0; i < batch->n_rows; i++)
    if (batch->rows[i].tags != NULL &&
        !write_member_tags (writer, batch->rows[i].id, batch->rows[i].tags, error))
      {
        mc_import_prefix_line (error, batch->rows[i].line);
        return FALSE;
      }

  g_ptr_array_add (writer->batches, batch);
  writer->n_rows += batch->n_rows;
  if (mc_import_check_cancelled (imp, error))
    return FALSE;
  mc_import_report_progress (imp, fraction);
  return TRUE;
}

/* The search terms of every row added: on a thread of its own while this one creates the
 * member table's indexes again. Only the rows' own text is read, and terms written. */
static gpointer
build_terms_thread (gpointer data)
{
  GPtrArray *batches = data;

  for (guint b = 0; b < batches->len; b++)
    {
      McImportMemberBatch *batch = g_ptr_array_index (batches, b);

      for (guint i = 0; i < batch->n_rows; i++)
        {
          McImportMemberRow *row = &batch->rows[i];

          row->terms = mc_search_build_terms (row->name, row->phone);
        }
    }
  return NULL;
}

/* The search index of the rows added: one pass after all of them, which is faster than
 * alternating with the member table, or than statements of many rows (both measured).
 * The statement is mc_search_index()'s, for terms built beforehand. */
static gboolean
index_members (McImportMemberWriter  *writer,
               GError               **error)
{
  McImport *imp = writer->imp;
  gint64 rowid = writer->first_rowid;
  sqlite3_stmt *stmt = mc_db_prepare (imp->db,
    "INSERT INTO member_fts (rowid, terms) VALUES (?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  for (guint b = 0; b < writer->batches->len; b++)
    {
      const McImportMemberBatch *batch = g_ptr_array_index (writer->batches, b);

      for (guint i = 0; i < batch->n_rows; i++, rowid++)
        {
          sqlite3_bind_int64 (stmt, 1, rowid);
          sqlite3_bind_text (stmt, 2, batch->rows[i].terms, -1, SQLITE_STATIC);
          if (!mc_db_step_done (imp->db, stmt, error))
            return FALSE;
        }
      if (mc_import_check_cancelled (imp, error))
        return FALSE;
      mc_import_report_progress (imp, 0.8 + 0.2 * (b + 1) / writer->batches->len);
    }
  return TRUE;
}

gboolean
mc_import_member_writer_finish (McImportMemberWriter  *writer,
                                GError               **error)
{
  McImport *imp = writer->imp;
  gint64 started = g_get_monotonic_time ();
  GThread *terms_thread;
  gboolean ok = TRUE;

  g_debug ("import.members: member rows in %.2f s",
           (started - writer->started) / (double) G_USEC_PER_SEC);
  terms_thread = g_thread_new ("mc-import-terms", build_terms_thread, writer->batches);
  if (writer->indexes != NULL)
    {
      ok = mc_db_restore_indexes (imp->db, writer->indexes, error);
      g_clear_pointer (&writer->indexes, g_ptr_array_unref);
      g_debug ("import.members: member indexes in %.2f s",
               (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
      mc_import_report_progress (imp, 0.8);
    }
  g_thread_join (terms_thread);
  if (!ok)
    return FALSE;

  started = g_get_monotonic_time ();
  if (!index_members (writer, error))
    return FALSE;
  g_debug ("import.members: search index in %.2f s",
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  return TRUE;
}
