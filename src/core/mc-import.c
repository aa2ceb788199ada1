/* mc-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV import of members and orders.
 *
 * Two passes. The first reads the whole file, checks every cell with the core's
 * validators and keeps the good rows (their text in one GStringChunk); it writes
 * nothing, so a dry run is just this pass. The second writes the good rows in one
 * transaction, with one audit record for the whole import.
 *
 * Members are written by a bulk path here, not by mc_member_insert(): that one writes an
 * audit record per member and re-checks what the first pass already checked, which at a
 * million rows is most of the time. The bulk path writes the same columns the same way
 * (ids, revs, seq, card numbers from mc_member_next_card_no(), the lowest tier of the live
 * programme, the search index through mc_search_index()).
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-import.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-programme.h"
#include "mc-search.h"
#include "mc-store.h"
#include "mc-validate.h"

/* Imports at least this big run with the database's bulk settings. */
#define BULK_ROWS 20000
/* How often (in rows) the loops look at the cancellable and report progress. */
#define CHECK_EVERY 512

/* ------------------------------------------------------------------------------------ */
/* Columns                                                                              */

enum
{
  COLUMN_UNKNOWN = -1,
  COLUMN_COMPUTED = -2,   /* exported for reading, kept by the rules engine: not imported */
};

typedef enum
{
  M_NAME,
  M_PHONE,
  M_EMAIL,
  M_GENDER,
  M_BIRTHDAY,
  M_REGION,
  M_STORE,
  M_CARD,
  M_JOINED,
  M_CHANNEL,
  M_CONSENT,
  M_NOTES,
  M_TAGS,
  M_N_FIELDS
} MemberField;

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

#define MAX_FIELDS M_N_FIELDS

typedef struct
{
  const char *alias;    /* compared after normalize_header() */
  int         field;
} Alias;

static const Alias member_aliases[] = {
  { "姓名", M_NAME }, { "name", M_NAME },
  { "手机", M_PHONE }, { "手机号", M_PHONE }, { "手机号码", M_PHONE }, { "电话", M_PHONE },
  { "phone", M_PHONE }, { "mobile", M_PHONE },
  { "邮箱", M_EMAIL }, { "email", M_EMAIL },
  { "性别", M_GENDER }, { "gender", M_GENDER },
  { "生日", M_BIRTHDAY }, { "birthday", M_BIRTHDAY },
  { "地区", M_REGION }, { "城市", M_REGION }, { "region", M_REGION }, { "city", M_REGION },
  { "门店", M_STORE }, { "store", M_STORE },
  { "卡号", M_CARD }, { "会员卡号", M_CARD }, { "card", M_CARD }, { "card_no", M_CARD },
  { "注册时间", M_JOINED }, { "入会时间", M_JOINED }, { "入会日期", M_JOINED },
  { "joined", M_JOINED }, { "joined_at", M_JOINED },
  { "渠道", M_CHANNEL }, { "来源", M_CHANNEL }, { "channel", M_CHANNEL },
  { "营销同意", M_CONSENT }, { "consent", M_CONSENT },
  { "备注", M_NOTES }, { "notes", M_NOTES },
  { "标签", M_TAGS }, { "tags", M_TAGS },
  /* What an export adds for reading: the rules engine keeps these. */
  { "tier", COLUMN_COMPUTED }, { "等级", COLUMN_COMPUTED },
  { "points", COLUMN_COMPUTED }, { "积分", COLUMN_COMPUTED },
  { "growth", COLUMN_COMPUTED }, { "成长值", COLUMN_COMPUTED },
  { "spend", COLUMN_COMPUTED }, { "消费金额", COLUMN_COMPUTED },
  { "orders", COLUMN_COMPUTED }, { "订单数", COLUMN_COMPUTED },
  { "last_visit", COLUMN_COMPUTED }, { "最近到店", COLUMN_COMPUTED },
};

static const Alias order_aliases[] = {
  { "手机", O_PHONE }, { "手机号", O_PHONE }, { "手机号码", O_PHONE }, { "电话", O_PHONE },
  { "phone", O_PHONE }, { "mobile", O_PHONE },
  { "会员", O_MEMBER }, { "member", O_MEMBER }, { "卡号", O_MEMBER }, { "会员卡号", O_MEMBER },
  { "card", O_MEMBER }, { "card_no", O_MEMBER },
  { "金额", O_AMOUNT }, { "amount", O_AMOUNT },
  { "时间", O_AT }, { "下单时间", O_AT }, { "at", O_AT }, { "time", O_AT },
  { "门店", O_STORE }, { "store", O_STORE },
  { "备注", O_NOTE }, { "note", O_NOTE }, { "notes", O_NOTE },
  /* What an order export adds for reading. */
  { "id", COLUMN_COMPUTED }, { "refund_of", COLUMN_COMPUTED },
};

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

static int
field_for_header (const Alias *aliases,
                  guint        n_aliases,
                  const char  *text)
{
  g_autofree char *key = normalize_header (text);

  for (guint i = 0; i < n_aliases; i++)
    {
      g_autofree char *alias = normalize_header (aliases[i].alias);

      if (strcmp (key, alias) == 0)
        return aliases[i].field;
    }
  return COLUMN_UNKNOWN;
}

/* ------------------------------------------------------------------------------------ */
/* The state of one import                                                              */

typedef struct
{
  McDb                  *db;
  const char            *path;
  const McImportOptions *options;
  McImportReport        *report;
  McImportProgress       progress;
  gpointer               user_data;
  GCancellable          *cancellable;

  McCsvReader           *reader;
  GTimeZone             *tz;
  gint64                 now;
  gint64                 start;         /* monotonic */
  guint                  total_lines;   /* physical lines in the file, for progress */
  double                 last_fraction;

  char                 **headers;       /* the header row as read */
  guint                  n_headers;
  int                    col[MAX_FIELDS]; /* field -> CSV column, or -1 */

  GHashTable            *bad_lines;     /* lines with a problem or a duplicate */
  GHashTable            *stores;        /* name as written -> store id, or NULL: unknown */
  GHashTable            *store_errors;  /* name as written -> the lookup's message */
  GStringChunk          *chunk;         /* text of the good rows */
} Import;

static void
import_clear (Import *imp)
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
header_text (Import *imp,
             int     field)
{
  int c = imp->col[field];

  return c >= 0 && (guint) c < imp->n_headers ? imp->headers[c] : NULL;
}

static void
add_problem_to (Import     *imp,
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

static void
add_problem (Import     *imp,
             guint       line,
             int         field,
             const char *value,
             const char *reason)
{
  add_problem_to (imp, imp->report->problems, line, field, value, reason);
}

static void
add_duplicate (Import     *imp,
               guint       line,
               int         field,
               const char *value,
               const char *reason)
{
  add_problem_to (imp, imp->report->duplicates, line, field, value, reason);
}

static guint
n_bad_rows (Import *imp)
{
  return g_hash_table_size (imp->bad_lines);
}

static void
report_progress (Import *imp,
                 double  fraction)
{
  if (imp->progress == NULL)
    return;
  fraction = CLAMP (fraction, 0.0, 1.0);
  if (fraction < 1.0 && fraction - imp->last_fraction < 0.005)
    return;
  imp->last_fraction = fraction;
  imp->progress (fraction, imp->user_data);
}

/* The first pass is the first half of the progress bar. */
static void
report_read_progress (Import *imp)
{
  if (imp->progress != NULL && imp->total_lines > 0)
    report_progress (imp, 0.5 * mc_csv_reader_get_line (imp->reader) / imp->total_lines);
}

static gboolean
check_cancelled (Import  *imp,
                 GError **error)
{
  if (g_cancellable_is_cancelled (imp->cancellable))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The import was cancelled; nothing was imported."));
      return TRUE;
    }
  return FALSE;
}

/* Physical lines of the file, for a progress bar that moves evenly. A line end is the
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

static const char *
cell (Import             *imp,
      const char * const *fields,
      guint               n_fields,
      int                 field)
{
  int c = imp->col[field];

  if (c < 0 || (guint) c >= n_fields)
    return "";
  return undefuse (fields[c]);
}

static gboolean
cell_is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      return FALSE;
  return TRUE;
}

static gboolean
row_is_blank (const char * const *fields,
              guint               n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    if (!cell_is_blank (fields[i]))
      return FALSE;
  return TRUE;
}

static char *
quoted_list (char  **items,
             guint   n_items)
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
static gboolean
read_header (Import       *imp,
             const Alias  *aliases,
             guint         n_aliases,
             guint         n_fields,
             GError      **error)
{
  const char * const *fields = NULL;
  guint n = 0;
  g_autoptr(GPtrArray) unknown = g_ptr_array_new ();
  g_autoptr(GPtrArray) computed = g_ptr_array_new ();

  for (guint f = 0; f < MAX_FIELDS; f++)
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
      field = field_for_header (aliases, n_aliases, imp->headers[i]);
      if (field == COLUMN_UNKNOWN)
        g_ptr_array_add (unknown, imp->headers[i]);
      else if (field == COLUMN_COMPUTED)
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
static char *
header_list (Import *imp)
{
  return quoted_list (imp->headers, imp->n_headers);
}

/* The id of a store named in the file; NULL (and a problem for the row) when unknown. */
static const char *
lookup_store (Import     *imp,
              guint       line,
              int         field,
              const char *raw)
{
  g_autofree char *name = g_strstrip (g_strdup (raw));
  gpointer id = NULL;

  if (!g_hash_table_lookup_extended (imp->stores, name, NULL, &id))
    {
      g_autoptr(GError) local_error = NULL;
      char *found = mc_store_lookup (imp->db, name, &local_error);

      id = found != NULL ? g_string_chunk_insert_const (imp->chunk, found) : NULL;
      g_free (found);
      g_hash_table_insert (imp->stores, g_strdup (name), id);
      if (id == NULL)
        g_hash_table_insert (imp->store_errors, g_strdup (name),
                             g_strdup (local_error != NULL ? local_error->message
                                                           : _("There is no such store.")));
    }
  if (id == NULL)
    add_problem (imp, line, field, raw, g_hash_table_lookup (imp->store_errors, name));
  return id;
}

static gboolean
open_reader (Import  *imp,
             GError **error)
{
  McCsvEncoding encoding = imp->options != NULL ? imp->options->encoding : MC_CSV_ENCODING_AUTO;

  if (imp->progress != NULL)
    imp->total_lines = count_lines (imp->path);
  imp->reader = mc_csv_reader_new_from_file (imp->path, encoding, error);
  if (imp->reader == NULL)
    return FALSE;
  imp->report->encoding_used = mc_csv_reader_get_encoding (imp->reader);
  return TRUE;
}

static void
import_init (Import                *imp,
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

/* After the first pass: whether to go on writing, and the error when not. */
static gboolean
may_write (Import  *imp,
           GError **error)
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
audit_import (Import      *imp,
              const char  *action,
              GError     **error)
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
bulk_begin (Import *imp,
            guint   n_rows)
{
  if (n_rows < BULK_ROWS || mc_db_in_transaction (imp->db))
    return FALSE;
  mc_db_set_bulk_mode (imp->db, TRUE);
  return TRUE;
}

typedef gboolean (*WriteRows) (Import   *imp,
                               gpointer  data,
                               GError  **error);

/* The second pass of any import: one transaction (the caller's, if one is open), one audit
 * record, everything rolled back on an error or a cancel. */
static gboolean
write_in_transaction (Import      *imp,
                      guint        n_rows,
                      const char  *action,
                      WriteRows    write_rows,
                      gpointer     data,
                      GError     **error)
{
  gint64 start = g_get_monotonic_time ();
  gboolean bulk;
  gboolean ok;

  /* The reader's copy of the file is not needed any more. */
  g_clear_pointer (&imp->reader, mc_csv_reader_free);

  bulk = bulk_begin (imp, n_rows);
  ok = mc_db_begin (imp->db, error);
  if (ok)
    {
      imp->report->rows_imported = n_rows;
      ok = write_rows (imp, data, error) &&
           audit_import (imp, action, error) &&
           mc_db_commit (imp->db, error);
      if (!ok)
        {
          mc_db_rollback (imp->db);
          imp->report->rows_imported = 0;
        }
    }
  g_debug ("%s: %s %u rows in %.2f s", action, ok ? "wrote" : "rolled back", n_rows,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  if (bulk)
    {
      start = g_get_monotonic_time ();
      mc_db_set_bulk_mode (imp->db, FALSE);
      g_debug ("%s: checkpoint in %.2f s", action,
               (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
    }
  if (ok)
    report_progress (imp, 1.0);
  return ok;
}

/* After the first pass: a dry run ends here (TRUE); bad rows may end a real run (FALSE). */
static gboolean
done_after_read (Import   *imp,
                 gboolean *ok,
                 GError  **error)
{
  g_debug ("read %u rows (%u good) in %.2f s", imp->report->rows_read, imp->report->rows_valid,
           (g_get_monotonic_time () - imp->start) / (double) G_USEC_PER_SEC);
  if (imp->options != NULL && imp->options->dry_run)
    {
      report_progress (imp, 1.0);
      *ok = TRUE;
      return TRUE;
    }
  if (!may_write (imp, error))
    {
      *ok = FALSE;
      return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------------------------ */
/* Members                                                                              */

typedef struct
{
  guint        line;
  const char  *name;
  const char  *phone;       /* E.164 */
  const char  *email;
  const char  *birthday;
  const char  *region;
  const char  *store_id;
  const char  *card_no;     /* NULL: generated when written */
  const char  *channel;
  const char  *notes;
  const char  *tags;        /* "name:kind;name:kind", or NULL */
  gint64       joined_at;
  char         gender;
  gboolean     consent;
} MemberRow;

static const char *
chunk_or_null (Import     *imp,
               const char *text)
{
  return text != NULL && text[0] != '\0' ? g_string_chunk_insert (imp->chunk, text) : NULL;
}

static gboolean
parse_consent (const char *raw,
               gboolean   *consent)
{
  static const char * const yes[] = { "是", "yes", "y", "1", "true", "同意", "t" };
  static const char * const no[] = { "否", "no", "n", "0", "false", "不同意", "f", "" };
  g_autofree char *text = g_strstrip (g_strdup (raw));

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      {
        *consent = TRUE;
        return TRUE;
      }
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      {
        *consent = FALSE;
        return TRUE;
      }
  return FALSE;
}

static const char *
tag_kind_from_text (const char *text)
{
  static const struct { const char *word; const char *kind; } kinds[] = {
    { "basic", "basic" }, { "基础", "basic" }, { "基本", "basic" },
    { "behaviour", "behaviour" }, { "behavior", "behaviour" }, { "行为", "behaviour" },
    { "interest", "interest" }, { "兴趣", "interest" },
    { "value", "value" }, { "价值", "value" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_ascii_strcasecmp (text, kinds[i].word) == 0)
      return kinds[i].kind;
  return NULL;
}

/* "vip; 咖啡:interest；高消费:value" -> "vip:basic;咖啡:interest;高消费:value". */
static char *
parse_tags (const char  *raw,
            GError     **error)
{
  g_autofree char *text = g_strdup (raw);
  g_auto(GStrv) parts = NULL;
  GString *out = g_string_new (NULL);
  char *p;

  /* The full-width separators people type with a Chinese input method. */
  while ((p = strstr (text, "；")) != NULL)
    {
      p[0] = ';';
      memmove (p + 1, p + strlen ("；"), strlen (p + strlen ("；")) + 1);
    }
  while ((p = strstr (text, "：")) != NULL)
    {
      p[0] = ':';
      memmove (p + 1, p + strlen ("："), strlen (p + strlen ("：")) + 1);
    }

  parts = g_strsplit (text, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag = g_strstrip (parts[i]);
      char *colon = strrchr (tag, ':');
      const char *kind = "basic";

      if (tag[0] == '\0')
        continue;
      if (colon != NULL)
        {
          char *kind_text = g_strstrip (colon + 1);

          kind = tag_kind_from_text (kind_text);
          if (kind == NULL)
            {
              g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                           _("“%s” is not a tag kind: write a tag as name or name:kind, "
                             "with kind basic, behaviour, interest or value."), kind_text);
              g_string_free (out, TRUE);
              return NULL;
            }
          *colon = '\0';
          g_strstrip (tag);
        }
      if (tag[0] == '\0' || g_utf8_strlen (tag, -1) > 32)
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("A tag needs a name of 1 to 32 characters; tags are separated by ; or ；."));
          g_string_free (out, TRUE);
          return NULL;
        }
      if (out->len > 0)
        g_string_append_c (out, ';');
      g_string_append_printf (out, "%s:%s", tag, kind);
    }
  return g_string_free (out, out->len == 0);
}

/* Notes keep their line breaks as \n, whatever the file used. */
static char *
clean_notes (const char *raw)
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

typedef struct
{
  GHashTable *phones;   /* E.164 in the file -> first line */
  GHashTable *cards;    /* card number in the file -> first line */
  gboolean    existing; /* the workspace has live members to compare with */
  GDateTime  *today;
} MemberCheck;

/* Checks one row; returns whether it is good. Every bad cell is a problem. */
static gboolean
check_member_row (Import             *imp,
                  MemberCheck        *check,
                  const char * const *fields,
                  guint               n_fields,
                  guint               line,
                  MemberRow          *row)
{
  g_autofree char *name = NULL;
  g_autofree char *phone = NULL;
  g_autofree char *email = NULL;
  g_autofree char *birthday = NULL;
  g_autofree char *card = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *notes = NULL;
  g_autofree char *region = NULL;
  g_autofree char *channel = NULL;
  const char *phone_key = NULL;
  const char *text;
  gboolean good = TRUE;
  GError *e = NULL;

#define BAD(field, value) \
  G_STMT_START { \
    add_problem (imp, line, (field), (value), e->message); \
    g_clear_error (&e); \
    good = FALSE; \
  } G_STMT_END

  memset (row, 0, sizeof *row);
  row->line = line;

  text = cell (imp, fields, n_fields, M_NAME);
  if (!mc_validate_name (text, &name, &e))
    BAD (M_NAME, text);

  text = cell (imp, fields, n_fields, M_PHONE);
  if (!mc_validate_phone (text, &phone, &e))
    BAD (M_PHONE, text);
  else
    {
      gpointer first;

      if (g_hash_table_lookup_extended (check->phones, phone, NULL, &first))
        {
          g_autofree char *reason =
            g_strdup_printf (_("The same phone number as line %u: a member is imported once."),
                             GPOINTER_TO_UINT (first));

          add_duplicate (imp, line, M_PHONE, text, reason);
          good = FALSE;
        }
      else
        {
          phone_key = g_string_chunk_insert (imp->chunk, phone);
          g_hash_table_insert (check->phones, (char *) phone_key, GUINT_TO_POINTER (line));
          if (check->existing)
            {
              sqlite3_stmt *stmt = mc_db_prepare (imp->db,
                "SELECT card_no FROM member WHERE phone = ? AND deleted = 0", NULL);

              if (stmt != NULL)
                {
                  sqlite3_bind_text (stmt, 1, phone, -1, SQLITE_STATIC);
                  if (sqlite3_step (stmt) == SQLITE_ROW)
                    {
                      g_autofree char *reason =
                        g_strdup_printf (_("Already a member: card %s has this phone number."),
                                         mc_db_column_text (stmt, 0));

                      add_duplicate (imp, line, M_PHONE, text, reason);
                      good = FALSE;
                    }
                  sqlite3_reset (stmt);
                }
            }
        }
    }

  text = cell (imp, fields, n_fields, M_EMAIL);
  if (!cell_is_blank (text) && !mc_validate_email (text, &email, &e))
    BAD (M_EMAIL, text);

  text = cell (imp, fields, n_fields, M_GENDER);
  if (!mc_validate_gender (text, &row->gender, &e))
    BAD (M_GENDER, text);

  text = cell (imp, fields, n_fields, M_BIRTHDAY);
  if (!cell_is_blank (text) && !mc_validate_birthday (text, check->today, &birthday, &e))
    BAD (M_BIRTHDAY, text);

  text = cell (imp, fields, n_fields, M_REGION);
  region = g_strstrip (g_strdup (text));
  if (g_utf8_strlen (region, -1) > 64)
    {
      add_problem (imp, line, M_REGION, text, _("The region is too long: at most 64 characters."));
      good = FALSE;
    }

  text = cell (imp, fields, n_fields, M_STORE);
  if (!cell_is_blank (text))
    {
      row->store_id = lookup_store (imp, line, M_STORE, text);
      if (row->store_id == NULL)
        good = FALSE;
    }

  text = cell (imp, fields, n_fields, M_CARD);
  if (!cell_is_blank (text))
    {
      if (!mc_validate_card_no (text, &card, &e))
        BAD (M_CARD, text);
      else
        {
          gpointer first;

          if (g_hash_table_lookup_extended (check->cards, card, NULL, &first))
            {
              g_autofree char *reason =
                g_strdup_printf (_("The same card number as line %u: a card belongs to one member."),
                                 GPOINTER_TO_UINT (first));

              add_problem (imp, line, M_CARD, text, reason);
              good = FALSE;
            }
          else
            {
              g_hash_table_insert (check->cards, g_string_chunk_insert (imp->chunk, card),
                                   GUINT_TO_POINTER (line));
              if (check->existing)
                {
                  sqlite3_stmt *stmt = mc_db_prepare (imp->db,
                    "SELECT 1 FROM member WHERE card_no = ? AND deleted = 0", NULL);

                  if (stmt != NULL)
                    {
                      sqlite3_bind_text (stmt, 1, card, -1, SQLITE_STATIC);
                      if (sqlite3_step (stmt) == SQLITE_ROW)
                        {
                          add_problem (imp, line, M_CARD, text,
                                       _("Another member already has this card number. Leave the "
                                         "cell empty to give the member a new card number."));
                          good = FALSE;
                        }
                      sqlite3_reset (stmt);
                    }
                }
            }
        }
    }

  text = cell (imp, fields, n_fields, M_JOINED);
  if (cell_is_blank (text))
    row->joined_at = imp->now;
  else if (!mc_parse_time (text, imp->tz, FALSE, &row->joined_at, &e))
    BAD (M_JOINED, text);
  else if (row->joined_at > imp->now + 86400)
    {
      add_problem (imp, line, M_JOINED, text,
                   _("The joining date lies in the future. Check the year, or leave the cell empty "
                     "for today."));
      good = FALSE;
    }

  text = cell (imp, fields, n_fields, M_CHANNEL);
  channel = g_strstrip (g_strdup (text));
  if (g_utf8_strlen (channel, -1) > 32)
    {
      add_problem (imp, line, M_CHANNEL, text, _("The channel is too long: at most 32 characters."));
      good = FALSE;
    }

  text = cell (imp, fields, n_fields, M_CONSENT);
  if (!parse_consent (text, &row->consent))
    {
      add_problem (imp, line, M_CONSENT, text,
                   _("Marketing consent is yes or no: write 是 or 否, yes or no, 1 or 0."));
      good = FALSE;
    }

  text = cell (imp, fields, n_fields, M_NOTES);
  notes = clean_notes (text);
  if (g_utf8_strlen (notes, -1) > MC_NOTES_MAX_CHARS)
    {
      g_autofree char *reason = g_strdup_printf (_("The notes are too long: at most %d characters."),
                                                 MC_NOTES_MAX_CHARS);

      add_problem (imp, line, M_NOTES, text, reason);
      good = FALSE;
    }

  text = cell (imp, fields, n_fields, M_TAGS);
  if (!cell_is_blank (text))
    {
      tags = parse_tags (text, &e);
      if (tags == NULL && e != NULL)
        BAD (M_TAGS, text);
    }

#undef BAD

  if (!good)
    return FALSE;

  row->name = g_string_chunk_insert (imp->chunk, name);
  row->phone = phone_key;
  row->email = chunk_or_null (imp, email);
  row->birthday = chunk_or_null (imp, birthday);
  row->region = chunk_or_null (imp, region);
  row->card_no = card != NULL ? g_string_chunk_insert_const (imp->chunk, card) : NULL;
  row->channel = g_string_chunk_insert_const (imp->chunk, channel[0] != '\0' ? channel : "import");
  row->notes = chunk_or_null (imp, notes);
  row->tags = chunk_or_null (imp, tags);
  return TRUE;
}

static gboolean
workspace_has_members (McDb *db)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT EXISTS (SELECT 1 FROM member WHERE deleted = 0)", NULL);
  gboolean any = TRUE;   /* when in doubt, compare */

  if (stmt == NULL)
    return TRUE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    any = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return any;
}

/* First pass: every row read and checked; the good ones kept in rows. */
static void
member_check_clear (MemberCheck *check)
{
  g_clear_pointer (&check->phones, g_hash_table_unref);
  g_clear_pointer (&check->cards, g_hash_table_unref);
  g_clear_pointer (&check->today, g_date_time_unref);
}

static gboolean
read_members (Import       *imp,
              MemberCheck  *check,
              GArray       *rows,
              GError      **error)
{
  const char * const *fields;
  guint n_fields;
  GError *local_error = NULL;
  gboolean ok = TRUE;

  if (!read_header (imp, member_aliases, G_N_ELEMENTS (member_aliases), M_N_FIELDS, error))
    return FALSE;
  if (imp->col[M_NAME] < 0)
    {
      g_autofree char *found = header_list (imp);

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The file has no column for the member’s name: name it “姓名” or “name”. "
                     "The header row found is: %s."), found);
      return FALSE;
    }
  if (imp->col[M_PHONE] < 0)
    {
      g_autofree char *found = header_list (imp);

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The file has no column for the phone number: name it “手机”, “手机号”, "
                     "“电话”, “phone” or “mobile”. The header row found is: %s."), found);
      return FALSE;
    }

  check->phones = g_hash_table_new (g_str_hash, g_str_equal);
  check->cards = g_hash_table_new (g_str_hash, g_str_equal);
  check->existing = workspace_has_members (imp->db);
  check->today = g_date_time_new_now (imp->tz);

  while (mc_csv_reader_next (imp->reader, &fields, &n_fields, &local_error))
    {
      MemberRow row;
      guint line = mc_csv_reader_get_line (imp->reader);

      if (row_is_blank (fields, n_fields))
        continue;
      imp->report->rows_read++;
      if (check_member_row (imp, check, fields, n_fields, line, &row))
        g_array_append_val (rows, row);

      if (imp->report->rows_read % CHECK_EVERY == 0)
        {
          if (check_cancelled (imp, error))
            {
              ok = FALSE;
              break;
            }
          report_read_progress (imp);
        }
    }
  if (ok && local_error != NULL)
    {
      g_propagate_error (error, local_error);
      ok = FALSE;
    }
  g_clear_error (&local_error);

  imp->report->rows_valid = rows->len;
  imp->report->rows_skipped = imp->report->rows_read - rows->len;
  if (ok && imp->report->rows_read == 0)
    g_ptr_array_add (imp->report->warnings,
                     g_strdup (_("The file has a header row but no members under it.")));
  return ok;
}

typedef struct
{
  GHashTable *tags;     /* tag name -> tag id (in the chunk) */
} TagCache;

static const char *
tag_id_for (Import      *imp,
            TagCache    *cache,
            const char  *name,
            const char  *kind,
            GError     **error)
{
  const char *id = g_hash_table_lookup (cache->tags, name);
  sqlite3_stmt *stmt;

  if (id != NULL)
    return id;

  stmt = mc_db_prepare (imp->db, "SELECT id FROM tag WHERE name = ? AND deleted = 0", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_string_chunk_insert (imp->chunk, mc_db_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (id == NULL)
    {
      g_autofree char *new_id = mc_db_new_id ();
      g_autofree char *rev = mc_db_new_rev (NULL);

      /* A tag written in the file with another kind than the one it has keeps its kind. */
      stmt = mc_db_prepare (imp->db,
                            "INSERT INTO tag (id, name, kind, rev, seq) VALUES (?, ?, ?, ?, ?)",
                            error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, new_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, rev, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, mc_db_next_seq (imp->db));
      if (!mc_db_step_done (imp->db, stmt, error))
        return NULL;
      id = g_string_chunk_insert (imp->chunk, new_id);
    }
  g_hash_table_insert (cache->tags, g_string_chunk_insert (imp->chunk, name), (gpointer) id);
  return id;
}

static gboolean
write_member_tags (Import      *imp,
                   TagCache    *cache,
                   const char  *member_id,
                   const char  *tags,
                   GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (tags, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *colon = strrchr (parts[i], ':');
      g_autofree char *link_id = mc_db_new_id ();
      g_autofree char *rev = mc_db_new_rev (NULL);
      const char *tag_id;
      sqlite3_stmt *stmt;

      g_assert (colon != NULL);
      *colon = '\0';
      tag_id = tag_id_for (imp, cache, parts[i], colon + 1, error);
      if (tag_id == NULL)
        return FALSE;
      /* The same statement as mc_tag_add_to_member(): a tag named twice is linked once. */
      stmt = mc_db_prepare (imp->db,
        "INSERT INTO member_tag (id, member_id, tag_id, rev, seq) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, link_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, member_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, tag_id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, rev, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 5, mc_db_next_seq (imp->db));
      if (!mc_db_step_done (imp->db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

/* A generated card number that no member has and no row of the file names. */
static char *
new_card_no (Import       *imp,
             MemberCheck  *check,
             GError      **error)
{
  for (;;)
    {
      g_autofree char *card = mc_member_next_card_no (imp->db, error);
      gboolean taken;

      if (card == NULL)
        return NULL;
      taken = g_hash_table_contains (check->cards, card);
      if (!taken && check->existing)
        {
          sqlite3_stmt *stmt = mc_db_prepare (imp->db,
            "SELECT 1 FROM member WHERE card_no = ? AND deleted = 0", error);

          if (stmt == NULL)
            return NULL;
          sqlite3_bind_text (stmt, 1, card, -1, SQLITE_STATIC);
          taken = sqlite3_step (stmt) == SQLITE_ROW;
          sqlite3_reset (stmt);
        }
      if (!taken)
        return g_steal_pointer (&card);
    }
}

/* Members go in by statements of MEMBER_BATCH rows: SQLite checks the table's CHECK
 * constraints with a small temporary table per statement, and the statement overhead is
 * paid once per batch. The rowids are given here (the largest so far + 1, + 2, ...), so
 * each row's rowid is known for the search index. */
#define MEMBER_BATCH 32
#define MEMBER_N_PARAMS 21
#define MEMBER_INSERT \
  "INSERT INTO member (rowid, id, card_no, name, phone, email, gender, birthday, region, " \
  "store_id, joined_at, join_channel, consent_marketing, consent_at, consent_purpose, notes, " \
  "tier, tier_since, updated_at, rev, seq) VALUES "

typedef struct
{
  gint64  rowid;
  gint64  seq;
  char   *id;
  char   *rev;
} MemberKeys;

static void
member_keys_clear (MemberKeys *keys)
{
  g_clear_pointer (&keys->id, g_free);
  g_clear_pointer (&keys->rev, g_free);
}

/* Binds one row at parameters base + 1 .. base + MEMBER_N_PARAMS. */
static void
bind_member (Import           *imp,
             sqlite3_stmt     *stmt,
             int               base,
             const MemberRow  *row,
             const MemberKeys *keys,
             const char       *base_tier)
{
  sqlite3_bind_int64 (stmt, base + 1, keys->rowid);
  sqlite3_bind_text (stmt, base + 2, keys->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, base + 3, row->card_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, base + 4, row->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, base + 5, row->phone, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, base + 6, row->email);
  sqlite3_bind_text (stmt, base + 7, row->gender == 'm' ? "m" : row->gender == 'f' ? "f" : "u",
                     -1, SQLITE_STATIC);
  bind_text_or_null (stmt, base + 8, row->birthday);
  bind_text_or_null (stmt, base + 9, row->region);
  bind_text_or_null (stmt, base + 10, row->store_id);
  sqlite3_bind_int64 (stmt, base + 11, row->joined_at);
  sqlite3_bind_text (stmt, base + 12, row->channel, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, base + 13, row->consent ? 1 : 0);
  if (row->consent)
    {
      /* Consent given before the import: recorded as of the import, for marketing, the way
       * mc_member_validate() and mc_member_insert() fill it in. */
      sqlite3_bind_int64 (stmt, base + 14, imp->now);
      sqlite3_bind_text (stmt, base + 15, "marketing", -1, SQLITE_STATIC);
    }
  else
    {
      sqlite3_bind_null (stmt, base + 14);
      sqlite3_bind_null (stmt, base + 15);
    }
  bind_text_or_null (stmt, base + 16, row->notes);
  sqlite3_bind_text (stmt, base + 17, base_tier, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, base + 18, row->joined_at);
  sqlite3_bind_int64 (stmt, base + 19, imp->now);
  sqlite3_bind_text (stmt, base + 20, keys->rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, base + 21, keys->seq);
}

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

static gboolean
next_member_rowid (McDb    *db,
                   gint64  *rowid,
                   GError **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, "SELECT coalesce (max (rowid), 0) + 1 FROM member", error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return mc_db_set_error (db, error);
    }
  *rowid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

/* The search index of the new members, after all of them: SQLite's cache then holds one
 * B-tree at a time, which is faster than alternating with the member table. */
static gboolean
index_members (Import  *imp,
               GArray  *rows,
               gint64   first_rowid,
               GError **error)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const MemberRow *row = &g_array_index (rows, MemberRow, i);

      if (!mc_search_index (imp->db, first_rowid + i, row->name, row->phone, row->card_no, error))
        return FALSE;
      if ((i + 1) % CHECK_EVERY == 0)
        {
          if (check_cancelled (imp, error))
            return FALSE;
          report_progress (imp, 0.8 + 0.2 * (i + 1) / rows->len);
        }
    }
  return TRUE;
}

/* Second pass: the good rows, in the caller's transaction. */
static gboolean
write_members (Import       *imp,
               MemberCheck  *check,
               GArray       *rows,
               GError      **error)
{
  g_autoptr(McProgramme) programme = NULL;
  g_autofree char *batch_sql = member_insert_sql (MEMBER_BATCH);
  g_autofree char *single_sql = member_insert_sql (1);
  MemberKeys keys[MEMBER_BATCH] = { { 0 } };
  TagCache tags = { 0 };
  const char *base_tier = "base";   /* as mc_member_insert() when the programme has none */
  gint64 first_rowid = 0;
  gint64 started = g_get_monotonic_time ();
  gboolean ok = FALSE;

  programme = mc_programme_load_live (imp->db, error);
  if (programme == NULL || !next_member_rowid (imp->db, &first_rowid, error))
    return FALSE;
  if (programme->tiers->len > 0)
    base_tier = ((McTier *) g_ptr_array_index (programme->tiers, 0))->code;
  tags.tags = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rows->len; i += MEMBER_BATCH)
    {
      guint n = MIN (MEMBER_BATCH, rows->len - i);
      MemberRow *batch = &g_array_index (rows, MemberRow, i);
      gboolean inserted = FALSE;

      for (guint k = 0; k < n; k++)
        {
          keys[k].rowid = first_rowid + i + k;
          keys[k].id = mc_db_new_id ();
          keys[k].rev = mc_db_new_rev (NULL);
          keys[k].seq = mc_db_next_seq (imp->db);
          if (batch[k].card_no == NULL)
            {
              g_autofree char *card_no = new_card_no (imp, check, error);

              if (card_no == NULL)
                goto out;
              batch[k].card_no = g_string_chunk_insert (imp->chunk, card_no);
            }
        }

      if (n == MEMBER_BATCH)
        {
          g_autoptr(GError) batch_error = NULL;
          sqlite3_stmt *stmt = mc_db_prepare (imp->db, batch_sql, error);

          if (stmt == NULL)
            goto out;
          for (guint k = 0; k < n; k++)
            bind_member (imp, stmt, (int) (k * MEMBER_N_PARAMS), &batch[k], &keys[k], base_tier);
          /* A failed statement changes nothing: the rows are tried one by one below, so
           * that the error names the line. */
          inserted = mc_db_step_done (imp->db, stmt, &batch_error);
        }
      for (guint k = 0; !inserted && k < n; k++)
        {
          sqlite3_stmt *stmt = mc_db_prepare (imp->db, single_sql, error);

          if (stmt == NULL)
            goto out;
          bind_member (imp, stmt, 0, &batch[k], &keys[k], base_tier);
          if (!mc_db_step_done (imp->db, stmt, error))
            {
              g_prefix_error (error, _("Line %u: "), batch[k].line);
              goto out;
            }
        }

      for (guint k = 0; k < n; k++)
        {
          if (batch[k].tags != NULL &&
              !write_member_tags (imp, &tags, keys[k].id, batch[k].tags, error))
            {
              g_prefix_error (error, _("Line %u: "), batch[k].line);
              goto out;
            }
          member_keys_clear (&keys[k]);
        }

      if ((i + n) % CHECK_EVERY == 0)
        {
          if (check_cancelled (imp, error))
            goto out;
          report_progress (imp, 0.5 + 0.3 * (i + n) / rows->len);
        }
    }

  g_debug ("import.members: member rows in %.2f s",
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);
  started = g_get_monotonic_time ();
  ok = index_members (imp, rows, first_rowid, error);
  g_debug ("import.members: search index in %.2f s",
           (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC);

out:
  for (guint k = 0; k < MEMBER_BATCH; k++)
    member_keys_clear (&keys[k]);
  g_hash_table_unref (tags.tags);
  return ok;
}

typedef struct
{
  MemberCheck *check;
  GArray      *rows;
} MemberWrite;

static gboolean
write_members_cb (Import   *imp,
                  gpointer  data,
                  GError  **error)
{
  MemberWrite *w = data;

  return write_members (imp, w->check, w->rows, error);
}

static gboolean
run_members (Import  *imp,
             GError **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (MemberRow));
  MemberCheck check = { 0 };
  MemberWrite w = { &check, rows };
  gboolean ok;

  if (!mc_audit_require (imp->db, MC_PERMISSION_IMPORT, "import.members", error) ||
      !open_reader (imp, error))
    return FALSE;
  ok = read_members (imp, &check, rows, error);
  if (ok && !done_after_read (imp, &ok, error))
    ok = write_in_transaction (imp, rows->len, "import.members", write_members_cb, &w, error);
  member_check_clear (&check);
  return ok;
}

gboolean
mc_import_members (McDb                  *db,
                   const char            *path,
                   const McImportOptions *options,
                   McImportReport        *report,
                   McImportProgress       progress,
                   gpointer               user_data,
                   GCancellable          *cancellable,
                   GError               **error)
{
  McImportReport local_report = { 0 };
  gint64 start = g_get_monotonic_time ();
  Import imp;
  gboolean ok;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (report == NULL)
    report = &local_report;
  report_begin (report);
  import_init (&imp, db, path, options, report, progress, user_data, cancellable);
  ok = run_members (&imp, error);
  import_clear (&imp);
  report->seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  mc_import_report_clear (&local_report);
  return ok;
}

/* ------------------------------------------------------------------------------------ */
/* Orders                                                                               */

/* Orders are written by a bulk path too, not by mc_order_add(): that one loads the member
 * and parses the live programme for every order and writes an audit record per order. The
 * bulk path applies the same rules with the same functions: mc_programme_points_for_order()
 * with the member's tier (its multiplier), the programme's daily points cap,
 * mc_programme_growth_for_order(), a points lot expiring at mc_programme_points_expiry(),
 * both through mc_ledger_append(), and the member's spend, order count and last visit moved
 * by the same statement as mc_order_add(). */

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
resolve_member (Import      *imp,
                OrderCheck  *check,
                guint        line,
                int          field,
                const char  *raw,
                const char  *key)
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
    add_problem (imp, line, field, raw, g_hash_table_lookup (check->member_errors, key));
  return found;
}

static gboolean
check_order_row (Import             *imp,
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
  text = cell (imp, fields, n_fields, O_MEMBER);
  if (!cell_is_blank (text))
    {
      g_autofree char *key = g_strstrip (g_strdup (text));

      row->member = resolve_member (imp, check, line, O_MEMBER, text, key);
      good = row->member != NULL;
    }
  else
    {
      text = cell (imp, fields, n_fields, O_PHONE);
      if (!cell_is_blank (text))
        {
          g_autofree char *e164 = NULL;

          if (!mc_validate_phone (text, &e164, &e))
            {
              add_problem (imp, line, O_PHONE, text, e->message);
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

  text = cell (imp, fields, n_fields, O_AMOUNT);
  if (!mc_parse_yuan (text, &row->amount_fen, &e))
    {
      add_problem (imp, line, O_AMOUNT, text, e->message);
      g_clear_error (&e);
      good = FALSE;
    }

  text = cell (imp, fields, n_fields, O_AT);
  if (cell_is_blank (text))
    {
      row->at = imp->now;
      check->n_without_time++;
    }
  else if (!mc_parse_time (text, imp->tz, FALSE, &row->at, &e))
    {
      add_problem (imp, line, O_AT, text, e->message);
      g_clear_error (&e);
      good = FALSE;
    }
  else if (row->at > imp->now + 86400)
    {
      add_problem (imp, line, O_AT, text, _("An order cannot be dated in the future."));
      good = FALSE;
    }

  text = cell (imp, fields, n_fields, O_STORE);
  if (!cell_is_blank (text))
    {
      row->store_id = lookup_store (imp, line, O_STORE, text);
      if (row->store_id == NULL)
        good = FALSE;
    }

  text = cell (imp, fields, n_fields, O_NOTE);
  note = clean_notes (text);
  if (g_utf8_strlen (note, -1) > MC_NOTES_MAX_CHARS)
    {
      g_autofree char *reason = g_strdup_printf (_("The note is too long: at most %d characters."),
                                                 MC_NOTES_MAX_CHARS);

      add_problem (imp, line, O_NOTE, text, reason);
      good = FALSE;
    }

  if (!good)
    return FALSE;
  row->note = chunk_or_null (imp, note);
  return TRUE;
}

static gboolean
read_orders (Import      *imp,
             OrderCheck  *check,
             GArray      *rows,
             GError     **error)
{
  const char * const *fields;
  guint n_fields;
  GError *local_error = NULL;
  gboolean ok = TRUE;

  if (!read_header (imp, order_aliases, G_N_ELEMENTS (order_aliases), O_N_FIELDS, error))
    return FALSE;
  if (imp->col[O_AMOUNT] < 0)
    {
      g_autofree char *found = header_list (imp);

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

      if (row_is_blank (fields, n_fields))
        continue;
      imp->report->rows_read++;
      if (check_order_row (imp, check, fields, n_fields, line, &row))
        g_array_append_val (rows, row);

      if (imp->report->rows_read % CHECK_EVERY == 0)
        {
          if (check_cancelled (imp, error))
            {
              ok = FALSE;
              break;
            }
          report_read_progress (imp);
        }
    }
  if (ok && local_error != NULL)
    {
      g_propagate_error (error, local_error);
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
points_earned_on_day (Import      *imp,
                      const char  *member_id,
                      gint64       at,
                      gint64      *earned,
                      GError     **error)
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
write_order (Import          *imp,
             McProgramme     *programme,
             const OrderRow  *row,
             GError         **error)
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
  bind_text_or_null (stmt, 2, row->member != NULL ? row->member->id : NULL);
  bind_text_or_null (stmt, 3, row->store_id);
  sqlite3_bind_int64 (stmt, 4, row->amount_fen);
  sqlite3_bind_int64 (stmt, 5, row->at);
  sqlite3_bind_null (stmt, 6);
  bind_text_or_null (stmt, 7, row->note);
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
write_orders (Import  *imp,
              GArray  *rows,
              GError **error)
{
  g_autoptr(McProgramme) programme = mc_programme_load_live (imp->db, error);

  if (programme == NULL)
    return FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      const OrderRow *row = &g_array_index (rows, OrderRow, i);

      if (!write_order (imp, programme, row, error))
        {
          g_prefix_error (error, _("Line %u: "), row->line);
          return FALSE;
        }
      if ((i + 1) % CHECK_EVERY == 0)
        {
          if (check_cancelled (imp, error))
            return FALSE;
          report_progress (imp, 0.5 + 0.5 * (i + 1) / rows->len);
        }
    }
  return TRUE;
}

static gboolean
write_orders_cb (Import   *imp,
                 gpointer  data,
                 GError  **error)
{
  return write_orders (imp, data, error);
}

static gboolean
run_orders (Import  *imp,
            GError **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (OrderRow));
  OrderCheck check = { 0 };
  gboolean ok;

  if (!mc_audit_require (imp->db, MC_PERMISSION_IMPORT, "import.orders", error) ||
      !open_reader (imp, error))
    return FALSE;
  ok = read_orders (imp, &check, rows, error);
  if (ok && !done_after_read (imp, &ok, error))
    ok = write_in_transaction (imp, rows->len, "import.orders", write_orders_cb, rows, error);
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
  McImportReport local_report = { 0 };
  gint64 start = g_get_monotonic_time ();
  Import imp;
  gboolean ok;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (report == NULL)
    report = &local_report;
  report_begin (report);
  import_init (&imp, db, path, options, report, progress, user_data, cancellable);
  ok = run_orders (&imp, error);
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
