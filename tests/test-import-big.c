/* test-import-big.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Big member imports: more rows than the bulk threshold, so the member table's indexes
 * are dropped and rebuilt and both passes run at once; cancelling one, card numbers, and
 * an index that cannot be rebuilt.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "mc-error.h"
#include "mc-search.h"
#include "mc-store.h"

#include "mc-test-import.h"

/* ------------------------------------------------------------------------------------ */
/* Big imports: the member table's indexes rebuilt, both passes at once                 */

/* The member table's secondary indexes as the schema has them. */
static char *
member_index_sql (Workspace *ws)
{
  sqlite3_stmt *stmt = NULL;
  char *sql;

  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (ws->db),
                                       "SELECT group_concat (sql, ';') FROM (SELECT sql FROM sqlite_schema "
                                       "WHERE type = 'index' AND tbl_name = 'member' AND sql IS NOT NULL "
                                       "ORDER BY name)", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sql = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_nonnull (sql);
  return sql;
}

/* More rows than the import's bulk threshold, in a file without card numbers, so that the
 * rows are checked on a thread of their own while they are written: BIG_ROWS rows, three of
 * them bad near the end (a duplicate phone, a bad phone, an unknown store). */
#define BIG_ROWS 21000

static char *
write_big_file (Workspace *ws)
{
  g_autoptr(GString) csv = g_string_new ("姓名,手机,门店,标签\n");

  for (guint i = 0; i < BIG_ROWS; i++)
    {
      /* Lines are i + 2. */
      if (i == BIG_ROWS - 30)
        g_string_append (csv, "重复,13800000005,,\n");     /* the phone of row 5, line 7 */
      else if (i == BIG_ROWS - 20)
        g_string_append (csv, "坏号,12345,,\n");
      else if (i == BIG_ROWS - 10)
        g_string_append (csv, "远方,13900000001,不存在,\n");
      else
        g_string_append_printf (csv, "会员%u,138%08u,%s,%s\n", i, i,
                                i % 1000 == 0 ? "旗舰店" : "", i % 100 == 0 ? "vip" : "");
    }
  return write_file (ws, "big.csv", csv->str);
}

typedef struct
{
  GThread      *thread;     /* where the import was called */
  double        last;
  guint         calls;
  double        cancel_at;  /* > 1: never */
  GCancellable *cancellable;
} ProgressLog;

static void
progress_log_cb (double   fraction,
                 gpointer user_data)
{
  ProgressLog *log = user_data;

  g_assert_true (g_thread_self () == log->thread);
  g_assert_cmpfloat (fraction, >=, log->last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  log->last = fraction;
  log->calls++;
  if (fraction > log->cancel_at)
    g_cancellable_cancel (log->cancellable);
}

static void
test_big_file (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_big_file (ws);
  g_autofree char *indexes = member_index_sql (ws);
  g_autofree char *indexes_after = NULL;
  g_autofree char *last_card = NULL;
  g_autoptr(McMember) first = NULL;
  g_autoptr(McMember) last = NULL;
  g_autoptr(McMember) flagship = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *store = NULL;
  McImportOptions options = { MC_CSV_ENCODING_AUTO, FALSE, FALSE };
  McImportReport report = { 0 };
  ProgressLog log = { g_thread_self (), 0.0, 0, 2.0, NULL };
  const McImportProblem *p;
  guint good = BIG_ROWS - 3;

  g_assert_true (mc_store_add (ws->db, "旗舰店", "上海", NULL, &error));
  g_assert_no_error (error);

  /* Strict: the three bad rows are reported with their lines, and nothing is kept. */
  g_assert_false (mc_import_members (ws->db, path, &options, &report, progress_log_cb, &log,
                                     NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "3 rows have problems; nothing was imported. Fix them, or import with "
                   "--skip-invalid.");
  g_clear_error (&error);
  g_assert_cmpuint (report.rows_read, ==, BIG_ROWS);
  g_assert_cmpuint (report.rows_valid, ==, good);
  g_assert_cmpuint (report.rows_imported, ==, 0);
  g_assert_cmpuint (report.problems->len, ==, 2);
  g_assert_cmpuint (report.duplicates->len, ==, 1);
  p = find_problem (report.duplicates, BIG_ROWS - 30 + 2, "手机");
  g_assert_nonnull (strstr (p->reason, "line 7"));
  p = find_problem (report.problems, BIG_ROWS - 20 + 2, "手机");
  g_assert_cmpstr (p->value, ==, "12345");
  p = find_problem (report.problems, BIG_ROWS - 10 + 2, "门店");
  g_assert_cmpstr (p->value, ==, "不存在");
  g_assert_cmpint (count_members (ws), ==, 0);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM member_fts WHERE member_fts MATCH '会'"), ==, 0);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM audit_log WHERE action = 'import.members'"), ==, 0);
  indexes_after = member_index_sql (ws);
  g_assert_cmpstr (indexes_after, ==, indexes);
  g_clear_pointer (&indexes_after, g_free);

  /* Skipping them: every other row, in the order of the file. */
  options.skip_invalid = TRUE;
  log.last = 0.0;
  log.calls = 0;
  g_assert_true (mc_import_members (ws->db, path, &options, &report, progress_log_cb, &log,
                                    NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, good);
  g_assert_cmpuint (report.rows_skipped, ==, 3);
  g_assert_cmpint (count_members (ws), ==, good);
  g_assert_cmpfloat (log.last, ==, 1.0);
  g_assert_cmpuint (log.calls, >, 10);

  /* Card numbers in the order of the file, none skipped. */
  first = find_member (ws, "13800000000");
  g_assert_cmpstr (first->name, ==, "会员0");
  g_assert_cmpstr (first->card_no, ==, "MC00000001");
  g_assert_cmpstr (first->join_channel, ==, "import");
  last = find_member (ws, "13800020999");   /* the last row */
  last_card = g_strdup_printf ("MC%08u", good);
  g_assert_cmpstr (last->card_no, ==, last_card);
  g_assert_cmpint (count_rows (ws, "SELECT count(DISTINCT card_no) FROM member"), ==, good);

  /* Stores, tags, the search index, one audit record. */
  flagship = find_member (ws, "13800001000");
  store = mc_store_name (ws->db, flagship->store_id);
  g_assert_cmpstr (store, ==, "旗舰店");
  tags = tags_of (ws, flagship);
  g_assert_cmpstr (tags, ==, "vip:basic");
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM member_tag"), ==, BIG_ROWS / 100);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM member WHERE store_id IS NOT NULL"), ==,
                   BIG_ROWS / 1000);
  hits = mc_search_members (ws->db, "13800012345", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_array_unref);
  hits = mc_search_members (ws->db, "会", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 50);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM audit_log WHERE action = 'import.members'"), ==, 1);

  /* The indexes are back, and the unique ones hold. */
  indexes_after = member_index_sql (ws);
  g_assert_cmpstr (indexes_after, ==, indexes);
  g_assert_cmpint (sqlite3_exec (mc_db_get_handle (ws->db),
                                 "UPDATE member SET phone = '+8613800000001' WHERE phone = '+8613800000002'",
                                 NULL, NULL, NULL) & 0xff, ==, SQLITE_CONSTRAINT);

  mc_import_report_clear (&report);
}

static void
test_big_file_cancelled (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_big_file (ws);
  g_autofree char *indexes = member_index_sql (ws);
  g_autofree char *indexes_after = NULL;
  McImportOptions options = { MC_CSV_ENCODING_AUTO, FALSE, TRUE };
  McImportReport report = { 0 };
  ProgressLog log = { g_thread_self (), 0.0, 0, 0.3, cancellable };

  g_assert_false (mc_import_members (ws->db, path, &options, &report, progress_log_cb, &log,
                                     cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "The import was cancelled; nothing was imported.");
  g_assert_cmpuint (report.rows_imported, ==, 0);
  g_assert_cmpint (count_members (ws), ==, 0);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM member_fts WHERE member_fts MATCH '会'"), ==, 0);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM meta WHERE key = 'next_card_no'"), ==, 0);
  indexes_after = member_index_sql (ws);
  g_assert_cmpstr (indexes_after, ==, indexes);

  mc_import_report_clear (&report);
}

/* Generated card numbers skip those that live members have, also when the member table's
 * indexes are rebuilt (the import is as big as the table). */
static void
test_card_numbers_skip_members (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(McMember) a = mc_member_new ();
  g_autoptr(McMember) b = mc_member_new ();
  g_autoptr(McMember) c = NULL;
  g_autoptr(McMember) d = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *indexes = member_index_sql (ws);
  g_autofree char *indexes_after = NULL;
  g_autofree char *path = write_file (ws, "cd.csv", "name,phone\nC,13800000003\nD,13800000004\n");
  McImportReport report = { 0 };

  a->name = g_strdup ("A");
  a->phone = g_strdup ("13800000001");
  g_assert_true (mc_member_insert (ws->db, a, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (a->card_no, ==, "MC00000001");
  b->name = g_strdup ("B");
  b->phone = g_strdup ("13800000002");
  b->card_no = g_strdup ("MC00000002");
  g_assert_true (mc_member_insert (ws->db, b, &error));
  g_assert_no_error (error);

  g_assert_true (import_members (ws, path, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 2);
  c = find_member (ws, "13800000003");
  g_assert_cmpstr (c->card_no, ==, "MC00000003");
  d = find_member (ws, "13800000004");
  g_assert_cmpstr (d->card_no, ==, "MC00000004");
  indexes_after = member_index_sql (ws);
  g_assert_cmpstr (indexes_after, ==, indexes);

  mc_import_report_clear (&report);
}

/* A unique index that cannot be built again fails the import, which leaves nothing behind.
 * The importer refuses duplicates itself, so a trigger of the test's own sneaks one in. */
static void
test_index_rebuild_fails (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *indexes = member_index_sql (ws);
  g_autofree char *indexes_after = NULL;
  g_autofree char *path = write_file (ws, "sneaky.csv", "name,phone\nSneaky,13800000001\nOther,13800000002\n");
  McImportReport report = { 0 };

  g_assert_cmpint (sqlite3_exec (mc_db_get_handle (ws->db),
                                 "CREATE TEMP TRIGGER sneak AFTER INSERT ON main.member "
                                 "WHEN NEW.name = 'Sneaky' BEGIN "
                                 "UPDATE member SET phone = '+8613800000002' WHERE rowid = NEW.rowid; END",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_false (import_members (ws, path, FALSE, FALSE, &report, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  /* Not a row's insert (that error names the line): the index built again at the end. */
  g_assert_true (g_str_has_prefix (error->message, "The change breaks a rule of the workspace: "));
  g_assert_nonnull (strstr (error->message, "UNIQUE"));
  g_assert_cmpuint (report.rows_imported, ==, 0);
  g_assert_cmpint (count_members (ws), ==, 0);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM audit_log WHERE action = 'import.members'"), ==, 0);
  indexes_after = member_index_sql (ws);
  g_assert_cmpstr (indexes_after, ==, indexes);

  mc_import_report_clear (&report);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/members/big-file", test_big_file);
  g_test_add_func ("/import/members/big-file-cancelled", test_big_file_cancelled);
  g_test_add_func ("/import/members/card-numbers-skip-members", test_card_numbers_skip_members);
  g_test_add_func ("/import/members/index-rebuild-fails", test_index_rebuild_fails);

  return g_test_run ();
}
