/* test-db.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workspace file: creation, settings, migrations, refusal of foreign or newer files,
 * transactions and the change sequence.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <unistd.h>

#include "mc-db.h"
#include "mc-error.h"
#include "mc-schema.h"

static char *
temp_path (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("mc-test-db-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static gint64
query_int (McDb       *db,
           const char *sql)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, NULL);
  gint64 v;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return v;
}

static char *
query_text (McDb       *db,
            const char *sql)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, NULL);
  char *v;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  v = g_strdup (mc_db_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return v;
}

static void
test_create (void)
{
  g_autofree char *path = temp_path ("new.mcdb");
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (path, &error);
  g_autofree char *mode = NULL;
  g_autofree char *tz = NULL;
  const char * const *tables = mc_schema_get_synced_tables ();

  g_assert_no_error (error);
  g_assert_nonnull (db);
  g_assert_cmpint (mc_db_get_schema_version (db), ==, MC_SCHEMA_VERSION);
  mode = query_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (db, "PRAGMA foreign_keys"), ==, 1);
  g_assert_true (mc_db_get_meta (db, "time_zone", &tz, NULL));
  g_assert_cmpstr (tz, ==, "Asia/Shanghai");

  /* Every table is STRICT; every synced one has id, rev, deleted and seq. */
  g_assert_cmpint (query_int (db, "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' "
                                  "AND type = 'table' AND name NOT LIKE 'sqlite_%' "
                                  "AND name NOT LIKE 'member_fts%' AND strict = 0"), ==, 0);
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT count(*) FROM pragma_table_info ('%s') WHERE name IN ('id', 'rev', 'deleted', 'seq')",
        tables[i]);

      g_assert_cmpint (query_int (db, sql), ==, 4);
    }
}

static void
test_reopen_keeps_data (void)
{
  g_autofree char *path = temp_path ("keep.mcdb");
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(McDb) db = mc_db_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (mc_db_begin (db, NULL));
    g_assert_true (mc_db_set_meta (db, "probe", "42", NULL));
    g_assert_true (mc_db_commit (db, NULL));
  }
  {
    g_autoptr(McDb) db = mc_db_open (path, &error);
    g_autofree char *value = NULL;

    g_assert_no_error (error);
    g_assert_true (mc_db_get_meta (db, "probe", &value, NULL));
    g_assert_cmpstr (value, ==, "42");
  }
}

static void
test_not_a_workspace (void)
{
  g_autofree char *text = temp_path ("notes.txt");
  g_autofree char *other = temp_path ("other.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize len;

  g_assert_true (g_file_set_contents (text, "just some text, not a database\n", -1, NULL));
  db = mc_db_open (text, &error);
  g_assert_null (db);
  g_assert_error (error, MC_ERROR, MC_ERROR_SCHEMA);
  g_assert_nonnull (strstr (error->message, "not a Member Console workspace"));
  g_clear_error (&error);
  /* Untouched. */
  g_assert_true (g_file_get_contents (text, &after, &len, NULL));
  g_assert_cmpstr (after, ==, "just some text, not a database\n");

  /* Another program's SQLite database. */
  {
    sqlite3 *h = NULL;

    g_assert_cmpint (sqlite3_open (other, &h), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (h, "CREATE TABLE t (x); INSERT INTO t VALUES (1)", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (h);
  }
  db = mc_db_open (other, &error);
  g_assert_null (db);
  g_assert_error (error, MC_ERROR, MC_ERROR_SCHEMA);
}

static void
test_newer_schema_refused (void)
{
  g_autofree char *path = temp_path ("newer.mcdb");
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(McDb) db = mc_db_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (mc_db_exec (db, "PRAGMA user_version = 999", NULL));
  }
  {
    g_autoptr(McDb) db = mc_db_open (path, &error);

    g_assert_null (db);
    g_assert_error (error, MC_ERROR, MC_ERROR_SCHEMA);
    g_assert_nonnull (strstr (error->message, "newer version"));
  }
}

static void
test_transactions (void)
{
  g_autofree char *path = temp_path ("tx.mcdb");
  g_autoptr(McDb) db = mc_db_open (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  gint64 a, b;

  /* The change sequence survives commits and is given back on rollback. */
  g_assert_true (mc_db_begin (db, NULL));
  a = mc_db_next_seq (db);
  b = mc_db_next_seq (db);
  g_assert_cmpint (b, ==, a + 1);
  g_assert_true (mc_db_commit (db, NULL));

  g_assert_true (mc_db_begin (db, NULL));
  g_assert_cmpint (mc_db_next_seq (db), ==, b + 1);
  g_assert_true (mc_db_set_meta (db, "rolled", "back", NULL));
  mc_db_rollback (db);
  g_assert_true (mc_db_get_meta (db, "rolled", &value, NULL));
  g_assert_null (value);

  g_assert_true (mc_db_begin (db, NULL));
  g_assert_cmpint (mc_db_next_seq (db), ==, b + 1);
  /* Nested: only the outer commit writes. */
  g_assert_true (mc_db_begin (db, NULL));
  g_assert_true (mc_db_set_meta (db, "nested", "yes", NULL));
  g_assert_true (mc_db_commit (db, NULL));
  g_assert_true (mc_db_in_transaction (db));
  g_assert_true (mc_db_commit (db, NULL));
  g_assert_false (mc_db_in_transaction (db));
  g_assert_true (mc_db_get_meta (db, "nested", &value, NULL));
  g_assert_cmpstr (value, ==, "yes");

  /* A broken statement is an error with our domain, not a crash. */
  g_assert_false (mc_db_exec (db, "INSERT INTO no_such_table VALUES (1)", &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_DATABASE);
}

static void
test_ids (void)
{
  g_autofree char *a = mc_db_new_id ();
  g_autofree char *b = mc_db_new_id ();
  g_autofree char *r1 = mc_db_new_rev (NULL);
  g_autofree char *r2 = mc_db_new_rev (r1);

  g_assert_true (g_uuid_string_is_valid (a));
  g_assert_true (g_uuid_string_is_valid (b));
  g_assert_cmpstr (a, <, b);              /* time-ordered */
  g_assert_cmpint (a[14], ==, '7');        /* version 7 */
  g_assert_true (g_str_has_prefix (r1, "1-"));
  g_assert_true (g_str_has_prefix (r2, "2-"));
  g_assert_cmpint (strlen (r1), ==, 34);
}

static void
test_read_only_file (void)
{
  g_autofree char *path = temp_path ("ro.mcdb");
  g_autoptr(GError) error = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("root writes read-only files; covered by the reliability tests");
      return;
    }
  {
    g_autoptr(McDb) db = mc_db_open (path, NULL);
    g_assert_nonnull (db);
  }
  g_assert_cmpint (g_chmod (path, 0444), ==, 0);
  {
    g_autoptr(McDb) db = mc_db_open (path, &error);

    if (db != NULL)
      {
        g_assert_false (mc_db_begin (db, &error) && mc_db_set_meta (db, "x", "y", &error) &&
                        mc_db_commit (db, &error));
      }
    g_assert_nonnull (error);
    g_assert_true (error->domain == MC_ERROR);
  }
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/db/create", test_create);
  g_test_add_func ("/db/reopen", test_reopen_keeps_data);
  g_test_add_func ("/db/not-a-workspace", test_not_a_workspace);
  g_test_add_func ("/db/newer-schema", test_newer_schema_refused);
  g_test_add_func ("/db/transactions", test_transactions);
  g_test_add_func ("/db/ids", test_ids);
  g_test_add_func ("/db/read-only", test_read_only_file);

  return g_test_run ();
}
