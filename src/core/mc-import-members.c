/* mc-import-members.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV import of members: the first pass, which checks every row with the core's
 * validators (and against the members already there), and the choice of how it and the
 * second pass (mc-import-members-write.c) run.
 *
 * Usually one after the other: the whole file is checked, then the good rows are written.
 * A big import into a workspace without members, of a file without card numbers, runs the
 * first pass on a thread of its own (with its own connection) and writes each batch of
 * checked rows as it comes: the machine's second core reads while the first one writes.
 * The outcome is the same: if a row is bad and skip_invalid is FALSE, the transaction is
 * rolled back at the end and nothing is imported.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mc-error.h"
#include "mc-import-private.h"
#include "mc-member.h"
#include "mc-programme.h"
#include "mc-search.h"
#include "mc-validate.h"

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

G_STATIC_ASSERT (M_N_FIELDS <= MC_IMPORT_MAX_FIELDS);

static const McImportAlias member_aliases[] = {
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
  { "tier", MC_IMPORT_COLUMN_COMPUTED }, { "等级", MC_IMPORT_COLUMN_COMPUTED },
  { "points", MC_IMPORT_COLUMN_COMPUTED }, { "积分", MC_IMPORT_COLUMN_COMPUTED },
  { "growth", MC_IMPORT_COLUMN_COMPUTED }, { "成长值", MC_IMPORT_COLUMN_COMPUTED },
  { "spend", MC_IMPORT_COLUMN_COMPUTED }, { "消费金额", MC_IMPORT_COLUMN_COMPUTED },
  { "orders", MC_IMPORT_COLUMN_COMPUTED }, { "订单数", MC_IMPORT_COLUMN_COMPUTED },
  { "last_visit", MC_IMPORT_COLUMN_COMPUTED }, { "最近到店", MC_IMPORT_COLUMN_COMPUTED },
};

const McImportAlias *
mc_import_member_aliases (guint *n_aliases,
                          guint *n_fields)
{
  *n_aliases = G_N_ELEMENTS (member_aliases);
  *n_fields = M_N_FIELDS;
  return member_aliases;
}

/* ------------------------------------------------------------------------------------ */
/* Cells                                                                                */

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
parse_tags (const char *raw,
            GError    **error)
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


/* ------------------------------------------------------------------------------------ */
/* Rows                                                                                 */

typedef struct
{
  GHashTable *phones;   /* E.164 in the file -> first line */
  GHashTable *cards;    /* card number in the file -> first line */
  gboolean    existing; /* the workspace has live members to compare with */
  GDateTime  *today;
} MemberCheck;

/* Checks one row; returns whether it is good. Every bad cell is a problem. */
static gboolean
check_member_row (McImport           *imp,
                  MemberCheck        *check,
                  const char * const *fields,
                  guint               n_fields,
                  guint               line,
                  McImportMemberRow  *row)
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
    mc_import_add_problem (imp, line, (field), (value), e->message); \
    g_clear_error (&e); \
    good = FALSE; \
  } G_STMT_END

  memset (row, 0, sizeof *row);
  row->line = line;

  text = mc_import_cell (imp, fields, n_fields, M_NAME);
  if (!mc_validate_name (text, &name, &e))
    BAD (M_NAME, text);

  text = mc_import_cell (imp, fields, n_fields, M_PHONE);
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

          mc_import_add_duplicate (imp, line, M_PHONE, text, reason);
          good = FALSE;
        }
      else
        {
          phone_key = g_string_chunk_insert (imp->chunk, phone);
          g_hash_table_insert (check->phones, (char *) phone_key, GUINT_TO_POINTER (line));
          if (check->existing)
            {
              sqlite3_stmt *stmt = mc_db_prepare (imp->read_db,
                "SELECT card_no FROM member WHERE phone = ? AND deleted = 0", NULL);

              if (stmt != NULL)
                {
                  sqlite3_bind_text (stmt, 1, phone, -1, SQLITE_STATIC);
                  if (sqlite3_step (stmt) == SQLITE_ROW)
                    {
                      g_autofree char *reason =
                        g_strdup_printf (_("Already a member: card %s has this phone number."),
                                         mc_db_column_text (stmt, 0));

                      mc_import_add_duplicate (imp, line, M_PHONE, text, reason);
                      good = FALSE;
                    }
                  sqlite3_reset (stmt);
                }
            }
        }
    }

  text = mc_import_cell (imp, fields, n_fields, M_EMAIL);
  if (!mc_import_cell_is_blank (text) && !mc_validate_email (text, &email, &e))
    BAD (M_EMAIL, text);

  text = mc_import_cell (imp, fields, n_fields, M_GENDER);
  if (!mc_validate_gender (text, &row->gender, &e))
    BAD (M_GENDER, text);

  text = mc_import_cell (imp, fields, n_fields, M_BIRTHDAY);
  if (!mc_import_cell_is_blank (text) && !mc_validate_birthday (text, check->today, &birthday, &e))
    BAD (M_BIRTHDAY, text);

  text = mc_import_cell (imp, fields, n_fields, M_REGION);
  region = g_strstrip (g_strdup (text));
  if (g_utf8_strlen (region, -1) > 64)
    {
      mc_import_add_problem (imp, line, M_REGION, text, _("The region is too long: at most 64 characters."));
      good = FALSE;
    }

  text = mc_import_cell (imp, fields, n_fields, M_STORE);
  if (!mc_import_cell_is_blank (text))
    {
      row->store_id = mc_import_lookup_store (imp, line, M_STORE, text);
      if (row->store_id == NULL)
        good = FALSE;
    }

  text = mc_import_cell (imp, fields, n_fields, M_CARD);
  if (!mc_import_cell_is_blank (text))
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

              mc_import_add_problem (imp, line, M_CARD, text, reason);
              good = FALSE;
            }
          else
            {
              g_hash_table_insert (check->cards, g_string_chunk_insert (imp->chunk, card),
                                   GUINT_TO_POINTER (line));
              if (check->existing)
                {
                  sqlite3_stmt *stmt = mc_db_prepare (imp->read_db,
                    "SELECT 1 FROM member WHERE card_no = ? AND deleted = 0", NULL);

                  if (stmt != NULL)
                    {
                      sqlite3_bind_text (stmt, 1, card, -1, SQLITE_STATIC);
                      if (sqlite3_step (stmt) == SQLITE_ROW)
                        {
                          mc_import_add_problem (imp, line, M_CARD, text,
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

  text = mc_import_cell (imp, fields, n_fields, M_JOINED);
  if (mc_import_cell_is_blank (text))
    row->joined_at = imp->now;
  else if (!mc_parse_time (text, imp->tz, FALSE, &row->joined_at, &e))
    BAD (M_JOINED, text);
  else if (row->joined_at > imp->now + 86400)
    {
      mc_import_add_problem (imp, line, M_JOINED, text,
                   _("The joining date lies in the future. Check the year, or leave the cell empty "
                     "for today."));
      good = FALSE;
    }

  text = mc_import_cell (imp, fields, n_fields, M_CHANNEL);
  channel = g_strstrip (g_strdup (text));
  if (g_utf8_strlen (channel, -1) > 32)
    {
      mc_import_add_problem (imp, line, M_CHANNEL, text, _("The channel is too long: at most 32 characters."));
      good = FALSE;
    }

  text = mc_import_cell (imp, fields, n_fields, M_CONSENT);
  if (!parse_consent (text, &row->consent))
    {
      mc_import_add_problem (imp, line, M_CONSENT, text,
                   _("Marketing consent is yes or no: write 是 or 否, yes or no, 1 or 0."));
      good = FALSE;
    }

  text = mc_import_cell (imp, fields, n_fields, M_NOTES);
  notes = mc_import_clean_notes (text);
  if (g_utf8_strlen (notes, -1) > MC_NOTES_MAX_CHARS)
    {
      g_autofree char *reason = g_strdup_printf (_("The notes are too long: at most %d characters."),
                                                 MC_NOTES_MAX_CHARS);

      mc_import_add_problem (imp, line, M_NOTES, text, reason);
      good = FALSE;
    }

  text = mc_import_cell (imp, fields, n_fields, M_TAGS);
  if (!mc_import_cell_is_blank (text))
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
  row->email = mc_import_chunk_or_null (imp, email);
  row->birthday = mc_import_chunk_or_null (imp, birthday);
  row->region = mc_import_chunk_or_null (imp, region);
  row->card_no = card != NULL ? g_string_chunk_insert_const (imp->chunk, card) : NULL;
  row->channel = g_string_chunk_insert_const (imp->chunk, channel[0] != '\0' ? channel : "import");
  row->notes = mc_import_chunk_or_null (imp, notes);
  row->tags = mc_import_chunk_or_null (imp, tags);
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

static void
member_check_init (McImport    *imp,
                   MemberCheck *check)
{
  check->phones = g_hash_table_new (g_str_hash, g_str_equal);
  check->cards = g_hash_table_new (g_str_hash, g_str_equal);
  check->existing = workspace_has_members (imp->db);
  check->today = g_date_time_new_now (imp->tz);
}

static void
member_check_clear (MemberCheck *check)
{
  g_clear_pointer (&check->phones, g_hash_table_unref);
  g_clear_pointer (&check->cards, g_hash_table_unref);
  g_clear_pointer (&check->today, g_date_time_unref);
}

/* The header row, with the columns a member cannot do without. */
static gboolean
read_member_header (McImport  *imp,
                    GError   **error)
{
  if (!mc_import_read_header (imp, member_aliases, G_N_ELEMENTS (member_aliases), M_N_FIELDS, error))
    return FALSE;
  if (imp->col[M_NAME] < 0)
    {
      g_autofree char *found = mc_import_header_list (imp);

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The file has no column for the member’s name: name it “姓名” or “name”. "
                     "The header row found is: %s."), found);
      return FALSE;
    }
  if (imp->col[M_PHONE] < 0)
    {
      g_autofree char *found = mc_import_header_list (imp);

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The file has no column for the phone number: name it “手机”, “手机号”, "
                     "“电话”, “phone” or “mobile”. The header row found is: %s."), found);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* The first pass                                                                       */

/* Where the first pass puts the batches of good rows: kept for the second pass, or handed
 * to it, on the calling thread, as they fill. */
typedef struct
{
  GPtrArray   *batches;     /* McImportMemberBatch*, or NULL */
  GAsyncQueue *queue;       /* McImportMemberBatch*, then END_OF_ROWS; or NULL */
  gint         any_bad;     /* (atomic) a row was bad or a duplicate */
  gint         stop;        /* (atomic) the writing gave up: read no further */
} MemberSink;

static const char end_of_rows;
#define END_OF_ROWS ((gpointer) &end_of_rows)

static void
hand_over (MemberSink          *sink,
           McImportMemberBatch *batch)
{
  if (sink->queue != NULL)
    {
      /* Keys are made by the thread that has time for it. */
      mc_import_member_batch_make_keys (batch);
      g_async_queue_push (sink->queue, batch);
    }
  else
    g_ptr_array_add (sink->batches, batch);
}

/* Every row read and checked; the good ones handed over in batches. Progress is reported
 * only on the calling thread. */
static gboolean
read_members (McImport    *imp,
              MemberCheck *check,
              MemberSink  *sink,
              GError     **error)
{
  McImportMemberBatch *batch = NULL;
  const char * const *fields;
  guint n_fields;
  GError *local_error = NULL;
  gboolean ok = TRUE;

  while (mc_csv_reader_next (imp->reader, &fields, &n_fields, &local_error))
    {
      guint line = mc_csv_reader_get_line (imp->reader);

      if (mc_import_row_is_blank (fields, n_fields))
        continue;
      imp->report->rows_read++;
      if (batch == NULL)
        batch = g_new0 (McImportMemberBatch, 1);
      if (check_member_row (imp, check, fields, n_fields, line, &batch->rows[batch->n_rows]))
        {
          imp->report->rows_valid++;
          if (++batch->n_rows == MC_IMPORT_MEMBER_BATCH)
            hand_over (sink, g_steal_pointer (&batch));
        }
      else
        g_atomic_int_set (&sink->any_bad, 1);

      if (imp->report->rows_read % MC_IMPORT_CHECK_EVERY == 0)
        {
          /* When the writing gave up, its error is the import's. */
          if (mc_import_check_cancelled (imp, error) || g_atomic_int_get (&sink->stop))
            {
              ok = FALSE;
              break;
            }
          if (sink->queue == NULL)
            mc_import_report_read_progress (imp);
        }
    }
  if (batch != NULL && batch->n_rows > 0)
    hand_over (sink, g_steal_pointer (&batch));
  g_free (batch);
  if (ok && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      ok = FALSE;
    }
  g_clear_error (&local_error);

  imp->report->rows_skipped = imp->report->rows_read - imp->report->rows_valid;
  if (ok && imp->report->rows_read == 0)
    g_ptr_array_add (imp->report->warnings,
                     g_strdup (_("The file has a header row but no members under it.")));
  return ok;
}

/* ------------------------------------------------------------------------------------ */
/* One pass after the other                                                             */

typedef struct
{
  MemberCheck *check;
  GPtrArray   *batches;
} MemberRows;

static gboolean
write_members_cb (McImport  *imp,
                  gpointer   data,
                  GError   **error)
{
  MemberRows *rows = data;
  g_autoptr(McImportMemberWriter) writer =
    mc_import_member_writer_new (imp, rows->check->cards, rows->check->existing);
  guint done = 0;

  if (!mc_import_member_writer_begin (writer, rows->batches, imp->report->rows_valid, error))
    return FALSE;
  for (guint i = 0; i < rows->batches->len; i++)
    {
      McImportMemberBatch *batch = g_ptr_array_index (rows->batches, i);

      done += batch->n_rows;
      if (!mc_import_member_writer_add (writer, batch, 0.5 + 0.2 * done / imp->report->rows_valid,
                                        error))
        return FALSE;
    }
  return mc_import_member_writer_finish (writer, error);
}

static gboolean
read_then_write (McImport     *imp,
                 MemberCheck  *check,
                 GError      **error)
{
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func (mc_import_member_batch_free);
  MemberSink sink = { batches, NULL, 0, 0 };
  MemberRows rows = { check, batches };
  gboolean ok;

  ok = read_members (imp, check, &sink, error);
  if (ok && !mc_import_done_after_read (imp, &ok, error))
    ok = mc_import_write_in_transaction (imp, imp->report->rows_valid, "import.members",
                                         write_members_cb, &rows, error);
  return ok;
}

/* ------------------------------------------------------------------------------------ */
/* Both passes at once                                                                  */

/* A big real import in a transaction of its own, when the card numbers to generate need no
 * look at the rest of the file (it names none) nor at the members there (there are none),
 * into a workspace file that a second connection can open (not one in memory). */
static gboolean
may_read_while_writing (McImport    *imp,
                        MemberCheck *check)
{
  return (imp->options == NULL || !imp->options->dry_run) &&
         !mc_db_in_transaction (imp->db) &&
         imp->total_lines > MC_IMPORT_BULK_ROWS &&
         imp->col[M_CARD] < 0 &&
         !check->existing &&
         g_file_test (mc_db_get_path (imp->db), G_FILE_TEST_IS_REGULAR);
}

typedef struct
{
  McImport    *imp;
  MemberCheck *check;
  McDb        *read_db;     /* the reading thread's connection, owned */
  MemberSink   sink;
  GError      *error;       /* the reading's */
} MemberReading;

static gpointer
read_members_thread (gpointer data)
{
  MemberReading *reading = data;
  gboolean ok;

  ok = read_members (reading->imp, reading->check, &reading->sink, &reading->error);
  g_async_queue_push (reading->sink.queue, END_OF_ROWS);
  return GINT_TO_POINTER (ok);
}

static gboolean
write_while_reading_cb (McImport  *imp,
                        gpointer   data,
                        GError   **error)
{
  MemberReading *reading = data;
  g_autoptr(McImportMemberWriter) writer = mc_import_member_writer_new (imp, NULL, FALSE);
  g_autoptr(GPtrArray) batches = g_ptr_array_new_with_free_func (mc_import_member_batch_free);
  gboolean strict = imp->options == NULL || !imp->options->skip_invalid;
  gboolean read_ok;
  gboolean ok;
  GThread *thread;
  gpointer item;

  /* Every line a row, at most: the estimate that decides about the indexes. */
  if (!mc_import_member_writer_begin (writer, NULL, imp->total_lines - 1, error))
    return FALSE;

  imp->read_db = reading->read_db;
  thread = g_thread_new ("mc-import-read", read_members_thread, reading);
  ok = TRUE;
  while ((item = g_async_queue_pop (reading->sink.queue)) != END_OF_ROWS)
    {
      McImportMemberBatch *batch = item;
      double fraction = 0.7 * batch->rows[batch->n_rows - 1].line / imp->total_lines;

      g_ptr_array_add (batches, batch);
      /* A bad row in a strict import: the transaction is rolled back anyway. */
      if (strict && g_atomic_int_get (&reading->sink.any_bad))
        continue;
      if (ok && !mc_import_member_writer_add (writer, batch, fraction, error))
        {
          ok = FALSE;
          g_atomic_int_set (&reading->sink.stop, 1);
        }
    }
  read_ok = GPOINTER_TO_INT (g_thread_join (thread));
  /* Closed before the commit, so that nothing holds the checkpoint after it back. */
  imp->read_db = imp->db;
  g_clear_object (&reading->read_db);

  if (!ok)
    return FALSE;
  if (!read_ok)
    {
      g_propagate_error (error, g_steal_pointer (&reading->error));
      return FALSE;
    }
  /* Bad rows in a strict import: the writing so far is rolled back. */
  if (mc_import_done_after_read (imp, &ok, error))
    return ok;
  return mc_import_member_writer_finish (writer, error);
}

/* Takes read_db. */
static gboolean
read_while_writing (McImport     *imp,
                    MemberCheck  *check,
                    McDb         *read_db,
                    GError      **error)
{
  MemberReading reading = { imp, check, read_db, { NULL, g_async_queue_new (), 0, 0 }, NULL };
  gboolean ok;

  ok = mc_import_write_in_transaction (imp, imp->total_lines - 1, "import.members",
                                       write_while_reading_cb, &reading, error);
  g_clear_object (&reading.read_db);
  g_async_queue_unref (reading.sink.queue);
  g_clear_error (&reading.error);
  return ok;
}

/* ------------------------------------------------------------------------------------ */
/* The import                                                                           */

static gboolean
run_members (McImport  *imp,
             GError   **error)
{
  MemberCheck check = { 0 };
  McDb *read_db = NULL;
  gboolean ok;

  if (!read_member_header (imp, error))
    return FALSE;
  member_check_init (imp, &check);
  if (may_read_while_writing (imp, &check))
    {
      g_autoptr(GError) local_error = NULL;

      /* If the workspace cannot be opened twice, the passes run one after the other. */
      read_db = mc_db_open (mc_db_get_path (imp->db), &local_error);
      if (read_db == NULL)
        g_debug ("import.members: reading on this thread: %s", local_error->message);
    }
  if (read_db != NULL)
    {
      g_debug ("import.members: reading on a thread of its own while writing");
      ok = read_while_writing (imp, &check, read_db, error);
    }
  else
    ok = read_then_write (imp, &check, error);
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
  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return mc_import_run (db, path, options, report, progress, user_data, cancellable,
                        "import.members", run_members, error);
}
