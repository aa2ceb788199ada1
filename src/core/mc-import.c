/* mc-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV import of members and orders: what both share.
 *
 * Two passes. The first reads the whole file, checks every cell with the core's
 * validators and keeps the good rows (their text in one GStringChunk); it writes
 * nothing, so a dry run is just this pass. The second writes the good rows in one
 * transaction, with one audit record for the whole import.
 *
 * Here: the state of an import, the header row's mapping to fields, cells, problems,
 * progress, the write pass's transaction and the report. The rows themselves are read
 * and written by mc-import-members.c and mc-import-orders.c.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-import-private.h"
#include "mc-store.h"

/* ------------------------------------------------------------------------------------ */
/* Columns                                                                              */

/* Case-, space- and separator-insensitive: "Card No", "card_no" and "CARD-NO" are one. */
static char *
normalize_header (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  GString *out = g_string_sized_new (strlen (folded));

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || c == '_' || c == '-' || c == '*' || c == 0x3000 ||
          c == 0xfeff || c == 0x200b)
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

int
mc_import_field_for_header (const McImportAlias *aliases,
                            guint                n_aliases,
                            const char          *text)
{
  g_autofree char *key = normalize_header (text);

  for (guint i = 0; i < n_aliases; i++)
    {
      g_autofree char *alias = normalize_header (aliases[i].alias);

      if (strcmp (key, alias) == 0)
        return aliases[i].field;
    }
  return MC_IMPORT_COLUMN_UNKNOWN;
}

/* ------------------------------------------------------------------------------------ */
/* The state of one import                                                              */


static void
import_clear (McImport *imp)
{
  g_clear_pointer (&imp->reader, mc_csv_reader_free);
  g_clear_pointer (&imp->headers, g_strfreev);
  g_clear_pointer (&imp->bad_lines, g_hash_table_unref);
  g_clear_pointer (&imp->stores, g_hash_table_unref);
  g_clear_pointer (&imp->store_errors, g_hash_table_unref);
  g_clear_pointer (&imp->chunk, g_string_chunk_free);
}

static void
problem_free (gpointer data)
{
  McImportProblem *problem = data;

  g_free (problem->column);
  g_free (problem->value);
  g_free (problem->reason);
  g_free (problem);
}

static const char *
header_text (McImport *imp,
             int       field)
{
  int c = imp->col[field];

  return c >= 0 && (guint) c < imp->n_headers ? imp->headers[c] : NULL;
}

static void
add_problem_to (McImport   *imp,
                GPtrArray  *array,
                guint       line,
                int         field,
                const char *value,
                const char *reason)
{
  McImportProblem *problem = g_new0 (McImportProblem, 1);

  problem->line = line;
  problem->column = field >= 0 ? g_strdup (header_text (imp, field)) : NULL;
  problem->value = g_strdup (value);
  problem->reason = g_strdup (reason);
  g_ptr_array_add (array, problem);
  g_hash_table_add (imp->bad_lines, GUINT_TO_POINTER (line));
}

void
mc_import_prefix_line (GError **error,
                       guint    line)
{
  if (error == NULL || *error == NULL ||
      g_error_matches (*error, MC_ERROR, MC_ERROR_DATABASE) ||
      g_error_matches (*error, MC_ERROR, MC_ERROR_IO))
    return;
  g_prefix_error (error, _("Line %u: "), line);
}

void
mc_import_add_problem (McImport   *imp,
                       guint       line,
                       int         field,
                       const char *value,
                       const char *reason)
{
  add_problem_to (imp, imp->report->problems, line, field, value, reason);
}

void
mc_import_add_duplicate (McImport   *imp,
                         guint       line,
                         int         field,
                         const char *value,
                         const char *reason)
{
  add_problem_to (imp, imp->report->duplicates, line, field, value, reason);
}

static guint
n_bad_rows (McImport *imp)
{
  return g_hash_table_size (imp->bad_lines);
}

void
mc_import_report_progress (McImport *imp,
                           double    fraction)
{
  if (imp->progress == NULL)
    return;
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (fraction < 1.0 && fraction - imp->last_fraction < 0.005)
    return;
  imp->last_fraction = fraction;
  imp->progress (fraction, imp->user_data);
}

void
mc_import_report_read_progress (McImport *imp)
{
  if (imp->progress != NULL && imp->total_lines > 0)
    mc_import_report_progress (imp, 0.5 * mc_csv_reader_get_line (imp->reader) / imp->total_lines);
}

gboolean
mc_import_check_cancelled (McImport *imp,
                           GError  **error)
{
  if (g_cancellable_is_cancelled (imp->cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The import was cancelled; nothing was imported."));
      return TRUE;
    }
  return FALSE;
}

/* Physical lines of the file, for a progress bar that moves evenly and for an estimate of
 * the rows before they are read (one a line, at most). A line end is the
 * byte 0x0a in UTF-8 and in GBK alike (GBK's second bytes are 0x40 and up). */
static guint
count_lines (const char *path)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  const char *p, *end;
  guint n = 1;

  if (mapped == NULL || g_mapped_file_get_length (mapped) == 0)
    return 0;
  p = g_mapped_file_get_contents (mapped);
  end = p + g_mapped_file_get_length (mapped);
  while ((p = memchr (p, '\n', end - p)) != NULL)
    {
      n++;
      p++;
    }
  return n;
}

/* A cell an export wrote as '=... so that Excel shows it as text reads back without the '. */
static const char *
undefuse (const char *text)
{
  if (text[0] == '\'' && text[1] != '\0' && strchr ("=+-@\t\r", text[1]) != NULL)
    return text + 1;
  return text;
}

const char *
mc_import_cell (McImport           *imp,
                const char * const *fields,
                guint               n_fields,
                int                 field)
{
  int c = imp->col[field];

  if (c < 0 || (guint) c >= n_fields)
    return "";
  return undefuse (fields[c]);
}

gboolean
mc_import_cell_is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

gboolean
mc_import_row_is_blank (const char * const *fields,
                        guint               n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    if (!mc_import_cell_is_blank (fields[i]))
      return FALSE;
  return TRUE;
}

static char *
quoted_list (char **items,
             guint  n_items)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < n_items; i++)
    {
      if (i > 0)
        g_string_append (out, _(", "));
      g_string_append_printf (out, _("“%s”"), items[i]);
    }
  return g_string_free (out, FALSE);
}

/* Reads the header row and maps it to fields. */
gboolean
mc_import_read_header (McImport            *imp,
                       const McImportAlias *aliases,
                       guint                n_aliases,
                       guint                n_fields,
                       GError             **error)
{
  const char * const *fields = NULL;
  guint n = 0;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
  g_autoptr(GPtrArray) computed = g_ptr_array_new ();

  for (guint f = 0; f < MC_IMPORT_MAX_FIELDS; f++)
    imp->col[f] = -1;

  if (!mc_csv_reader_next (imp->reader, &fields, &n, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                     _("The file “%s” is empty: it needs a header row with the column names, "
                       "then one row per record."), imp->path);
      return FALSE;
    }

  imp->headers = g_new0 (char *, n + 1);
  imp->n_headers = n;
  for (guint i = 0; i < n; i++)
    imp->headers[i] = g_strstrip (g_strdup (fields[i]));

  for (guint i = 0; i < n; i++)
    {
      int field;

      if (imp->headers[i][0] == '\0')
        continue;   /* Excel's empty columns at the right */
      field = mc_import_field_for_header (aliases, n_aliases, imp->headers[i]);
      if (field == MC_IMPORT_COLUMN_UNKNOWN)
        g_ptr_array_add (unknown, imp->headers[i]);
      else if (field == MC_IMPORT_COLUMN_COMPUTED)
        g_ptr_array_add (computed, imp->headers[i]);
      else if (imp->col[field] >= 0)
        g_ptr_array_add (imp->report->warnings,
                         g_strdup_printf (_("The columns “%s” and “%s” hold the same thing; "
                                            "only “%s” was read."),
                                          imp->headers[imp->col[field]], imp->headers[i],
                                          imp->headers[imp->col[field]]));
      else
        {
          g_assert ((guint) field < n_fields);
          imp->col[field] = (int) i;
        }
    }

  if (unknown->len > 0)
    {
      g_autofree char *list = quoted_list ((char **) unknown->pdata, unknown->len);

      g_ptr_array_add (imp->report->warnings,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "The column %s is not one Member Console "
                                                     "knows; it was ignored.",
                                                     "The columns %s are not ones Member "
                                                     "Console knows; they were ignored.",
                                                     unknown->len),
                                        list));
    }
  if (computed->len > 0)
    {
      g_autofree char *list = quoted_list ((char **) computed->pdata, computed->len);

      g_ptr_array_add (imp->report->warnings,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "The column %s is kept by the programme’s "
                                                     "rules, not imported; it was ignored.",
                                                     "The columns %s are kept by the programme’s "
                                                     "rules, not imported; they were ignored.",
                                                     computed->len),
                                        list));
    }
  return TRUE;
}

/* The header row as read, for a message about a missing column. */
char *
mc_import_header_list (McImport *imp)
{
  return quoted_list (imp->headers, imp->n_headers);
}

/* The id of a store named in the file; NULL (and a problem for the row) when unknown. */
const char *
mc_import_lookup_store (McImport   *imp,
                        guint       line,
                        int         field,
                        const char *raw)
{
  g_autofree char *name = g_strstrip (g_strdup (raw));
  gpointer id = NULL;

  if (!g_hash_table_lookup_extended (imp->stores, name, NULL, &id))
    {
      g_autoptr(GError) local_error = NULL;
      char *found = mc_store_lookup (imp->read_db, name, &local_error);

      id = found != NULL ? g_string_chunk_insert_const (imp->chunk, found) : NULL;
      g_free (found);
      g_hash_table_insert (imp->stores, g_strdup (name), id);
      if (id == NULL)
        g_hash_table_insert (imp->store_errors, g_strdup (name),
                             g_strdup (local_error != NULL ? local_error->message
                                                           : _("There is no such store.")));
    }
  if (id == NULL)
    mc_import_add_problem (imp, line, field, raw, g_hash_table_lookup (imp->store_errors, name));
  return id;
}

static gboolean
open_reader (McImport *imp,
             GError  **error)
{
  McCsvEncoding encoding = imp->options != NULL ? imp->options->encoding : MC_CSV_ENCODING_AUTO;

  imp->total_lines = count_lines (imp->path);
  imp->reader = mc_csv_reader_new_from_file (imp->path, encoding, error);
  if (imp->reader == NULL)
    return FALSE;
  imp->report->encoding_used = mc_csv_reader_get_encoding (imp->reader);
  return TRUE;
}

static void
import_init (McImport              *imp,
             McDb                  *db,
             const char            *path,
             const McImportOptions *options,
             McImportReport        *report,
             McImportProgress       progress,
             gpointer               user_data,
             GCancellable          *cancellable)
{
  memset (imp, 0, sizeof *imp);
  imp->db = db;
  imp->read_db = db;
  imp->path = path;
  imp->options = options;
  imp->report = report;
  imp->progress = progress;
  imp->user_data = user_data;
  imp->cancellable = cancellable;
  imp->tz = mc_db_get_time_zone (db);
  imp->now = mc_db_now ();
  imp->start = g_get_monotonic_time ();
  imp->last_fraction = -1.0;
  imp->bad_lines = g_hash_table_new (NULL, NULL);
  imp->stores = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  imp->store_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  imp->chunk = g_string_chunk_new (1 << 20);
}

static void
report_begin (McImportReport *report)
{
  mc_import_report_clear (report);
  report->problems = g_ptr_array_new_with_free_func (problem_free);
  report->duplicates = g_ptr_array_new_with_free_func (problem_free);
  report->warnings = g_ptr_array_new_with_free_func (g_free);
  report->encoding_used = MC_CSV_ENCODING_AUTO;
}

gboolean
mc_import_may_write (McImport *imp,
                     GError  **error)
{
  guint n_bad = n_bad_rows (imp);
  gboolean skip_invalid = imp->options != NULL && imp->options->skip_invalid;

  if (n_bad > 0 && !skip_invalid)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u row has problems; nothing was imported. Fix it, or import "
                                "with --skip-invalid.",
                                "%u rows have problems; nothing was imported. Fix them, or "
                                "import with --skip-invalid.",
                                n_bad),
                   n_bad);
      return FALSE;
    }
  return TRUE;
}

static const char *
encoding_name (McCsvEncoding encoding)
{
  switch (encoding)
    {
    case MC_CSV_ENCODING_UTF8: return "utf-8";
    case MC_CSV_ENCODING_GBK:  return "gbk";
    case MC_CSV_ENCODING_AUTO:
    default:                   return "auto";
    }
}

/* The audit record of an import: counts and the file's name (not its folder). */
static gboolean
audit_import (McImport   *imp,
              const char *action,
              GError    **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *base = g_path_get_basename (imp->path);
  g_autofree char *after = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, base);
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder, encoding_name (imp->report->encoding_used));
  json_builder_set_member_name (builder, "rows_read");
  json_builder_add_int_value (builder, imp->report->rows_read);
  json_builder_set_member_name (builder, "rows_imported");
  json_builder_add_int_value (builder, imp->report->rows_imported);
  json_builder_set_member_name (builder, "rows_skipped");
  json_builder_add_int_value (builder, imp->report->rows_skipped);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  after = mc_json_to_string (root);
  return mc_audit_log (imp->db, action, NULL, NULL, NULL, after, error);
}

/* Bulk settings for a big load: outside any transaction of the caller's only. */
static gboolean
bulk_begin (McImport *imp,
            guint     expected_rows)
{
  if (expected_rows < MC_IMPORT_BULK_ROWS || mc_db_in_transaction (imp->db))
    return FALSE;
  mc_db_set_bulk_mode (imp->db, TRUE);
  return TRUE;
}

gboolean
mc_import_write_in_transaction (McImport           *imp,
                                guint               expected_rows,
                                const char         *action,
                                McImportWriteRows   write_rows,
                                gpointer            data,
                                GError            **error)
{
  gint64 start = g_get_monotonic_time ();
  gboolean bulk;
  gboolean ok;

  bulk = bulk_begin (imp, expected_rows);
  ok = mc_db_begin (imp->db, error);
  if (ok)
    {
      ok = write_rows (imp, data, error);
      if (ok)
        imp->report->rows_imported = imp->report->rows_valid;
      ok = ok &&
           audit_import (imp, action, error) &&
           mc_db_commit (imp->db, error);
      if (!ok)
        {
          mc_db_rollback (imp->db);
          imp->report->rows_imported = 0;
        }
    }
  g_debug ("%s: %s %u rows in %.2f s", action, ok ? "wrote" : "rolled back",
           imp->report->rows_valid, (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  if (bulk)
    {
      start = g_get_monotonic_time ();
      mc_db_set_bulk_mode (imp->db, FALSE);
      g_debug ("%s: checkpoint in %.2f s", action,
               (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    }
  if (ok)
    mc_import_report_progress (imp, 1.0);
  return ok;
}

gboolean
mc_import_done_after_read (McImport *imp,
                           gboolean *ok,
                           GError  **error)
{
  g_debug ("read %u rows (%u good) in %.2f s", imp->report->rows_read, imp->report->rows_valid,
           (g_get_monotonic_time () - imp->start) / (double) G_USEC_PER_SEC);
  /* The good rows are in the chunk: the reader's copy of the file is not needed any more. */
  g_clear_pointer (&imp->reader, mc_csv_reader_free);
  if (imp->options != NULL && imp->options->dry_run)
    {
      mc_import_report_progress (imp, 1.0);
      *ok = TRUE;
      return TRUE;
    }
  if (!mc_import_may_write (imp, error))
    {
      *ok = FALSE;
      return TRUE;
    }
  return FALSE;
}

const char *
mc_import_chunk_or_null (McImport   *imp,
                         const char *text)
{
  return text != NULL && text[0] != '\0' ? g_string_chunk_insert (imp->chunk, text) : NULL;
}

/* Notes keep their line breaks as \n, whatever the file used. */
char *
mc_import_clean_notes (const char *raw)
{
  GString *out = g_string_sized_new (strlen (raw));

  for (const char *p = raw; *p != '\0'; p++)
    {
      if (*p == '\r')
        {
          g_string_append_c (out, '\n');
          if (p[1] == '\n')
            p++;
        }
      else
        g_string_append_c (out, *p);
    }
  return g_strstrip (g_string_free (out, FALSE));
}

void
mc_import_bind_text_or_null (sqlite3_stmt *stmt,
                             int           index,
                             const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* ------------------------------------------------------------------------------------ */
/* One import from start to end                                                         */

gboolean
mc_import_run (McDb                  *db,
               const char            *path,
               const McImportOptions *options,
               McImportReport        *report,
               McImportProgress       progress,
               gpointer               user_data,
               GCancellable          *cancellable,
               const char            *action,
               McImportRun            run,
               GError               **error)
{
  McImportReport local_report = { 0 };
  gint64 start = g_get_monotonic_time ();
  McImport imp;
  gboolean ok;

  if (report == NULL)
    report = &local_report;
  report_begin (report);
  import_init (&imp, db, path, options, report, progress, user_data, cancellable);
  ok = mc_audit_require (db, MC_PERMISSION_IMPORT, action, error) &&
       open_reader (&imp, error) &&
       run (&imp, error);
  import_clear (&imp);
  report->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  mc_import_report_clear (&local_report);
  return ok;
}

/* ------------------------------------------------------------------------------------ */
/* The report                                                                           */

void
mc_import_report_clear (McImportReport *report)
{
  g_return_if_fail (report != NULL);

  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_clear_pointer (&report->duplicates, g_ptr_array_unref);
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
  memset (report, 0, sizeof *report);
}

static void
add_problems_json (JsonBuilder *builder,
                   const char  *name,
                   GPtrArray   *problems)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    {
      McImportProblem *problem = g_ptr_array_index (problems, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, problem->line);
      json_builder_set_member_name (builder, "column");
      if (problem->column != NULL)
        json_builder_add_string_value (builder, problem->column);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, problem->value);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, problem->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

JsonNode *
mc_import_report_to_json (const McImportReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (report != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows_read");
  json_builder_add_int_value (builder, report->rows_read);
  json_builder_set_member_name (builder, "rows_valid");
  json_builder_add_int_value (builder, report->rows_valid);
  json_builder_set_member_name (builder, "rows_imported");
  json_builder_add_int_value (builder, report->rows_imported);
  json_builder_set_member_name (builder, "rows_skipped");
  json_builder_add_int_value (builder, report->rows_skipped);
  json_builder_set_member_name (builder, "encoding");
  json_builder_add_string_value (builder, encoding_name (report->encoding_used));
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, report->seconds);
  add_problems_json (builder, "problems", report->problems);
  add_problems_json (builder, "duplicates", report->duplicates);
  json_builder_set_member_name (builder, "warnings");
  json_builder_begin_array (builder);
  for (guint i = 0; report->warnings != NULL && i < report->warnings->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (report->warnings, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

