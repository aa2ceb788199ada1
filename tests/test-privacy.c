/* test-privacy.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PIPL beyond one member's export: consent with its purpose and time, the one rule for
 * who may receive marketing (and the birthday list built on it), and erasure that leaves
 * no byte of the person in the workspace file or its write-ahead log while the totals
 * stay what they were.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "mc-benefit-use.h"
#include "mc-db.h"
#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-member-privacy.h"
#include "mc-order.h"
#include "mc-privacy.h"
#include "mc-programme.h"
#include "mc-search.h"
#include "mc-store.h"
#include "mc-summary.h"

/* The member erased: a Latin word in the name is a search term of its own ("quinzel"). */
#define NAME "Quinzel 张三丰"
#define PHONE "+8613812345678"
#define NATIONAL "13812345678"
#define EMAIL "quinzel@wudang.example"

typedef struct
{
  char *dir;
  char *path;
  McDb *db;
} Fixture;

static gint64
query_int (McDb       *db,
           const char *sql)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static McMember *
add_member (McDb       *db,
            const char *name,
            const char *phone,
            const char *birthday,
            gboolean    consent)
{
  g_autoptr(GError) error = NULL;
  McMember *m = mc_member_new ();

  m->name = g_strdup (name);
  m->phone = g_strdup (phone);
  m->birthday = g_strdup (birthday);
  m->consent_marketing = consent;
  if (consent)
    m->consent_purpose = g_strdup ("birthday offers");
  g_assert_true (mc_member_insert (db, m, &error));
  g_assert_no_error (error);
  return m;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();

  f->dir = g_dir_make_tmp ("mc-test-privacy2-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "w.mcdb", NULL);
  f->db = mc_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_programme_install_live (f->db, programme, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->db);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *p = g_build_filename (f->dir, name, NULL);

      g_unlink (p);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Consent is recorded with its purpose and time; withdrawing it records when. */
static void
test_consent_recorded (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = add_member (f->db, "王五", "13900001111", "1991-03-02", TRUE);
  g_autoptr(McMember) loaded = NULL;
  gint64 before = mc_db_now ();

  loaded = mc_member_load (f->db, m->id, &error);
  g_assert_no_error (error);
  g_assert_true (loaded->consent_marketing);
  g_assert_cmpstr (loaded->consent_purpose, ==, "birthday offers");
  g_assert_cmpint (loaded->consent_at, >=, before - 5);
  g_assert_cmpint (loaded->consent_at, <=, mc_db_now ());
  g_assert_true (mc_privacy_marketing_allowed (loaded));

  loaded->consent_marketing = FALSE;
  g_assert_true (mc_member_update (f->db, loaded, &error));
  g_assert_no_error (error);
  g_clear_pointer (&loaded, mc_member_free);
  loaded = mc_member_load (f->db, m->id, &error);
  g_assert_false (loaded->consent_marketing);
  g_assert_cmpint (loaded->consent_at, >=, before - 5);
  g_assert_false (mc_privacy_marketing_allowed (loaded));
}

/* The rule, in C and in SQL, agree: consented and active only. */
static void
test_marketing_rule (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) yes = add_member (f->db, "甲一", "13900000001", NULL, TRUE);
  g_autoptr(McMember) no = add_member (f->db, "乙二", "13900000002", NULL, FALSE);
  g_autoptr(McMember) frozen = add_member (f->db, "丙三", "13900000003", NULL, TRUE);
  g_autoptr(McMember) erased = add_member (f->db, "丁四", "13900000004", NULL, TRUE);
  g_autofree char *cond = mc_privacy_marketing_sql ("m");
  g_autofree char *bare = mc_privacy_marketing_sql (NULL);
  g_autofree char *sql = NULL;
  g_autofree char *sql_bare = NULL;
  sqlite3_stmt *stmt;

  g_free (frozen->status);
  frozen->status = g_strdup ("frozen");
  g_assert_true (mc_member_update (f->db, frozen, &error));
  g_assert_no_error (error);
  g_assert_true (mc_member_erase (f->db, erased->id, "丁四", &error));
  g_assert_no_error (error);

  g_assert_true (mc_privacy_marketing_allowed (yes));
  g_assert_false (mc_privacy_marketing_allowed (no));
  g_assert_false (mc_privacy_marketing_allowed (frozen));

  sql = g_strdup_printf ("SELECT group_concat (m.name) FROM member m WHERE %s", cond);
  stmt = mc_db_prepare (f->db, sql, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr (mc_db_column_text (stmt, 0), ==, "甲一");
  sqlite3_reset (stmt);

  sql_bare = g_strdup_printf ("SELECT count(*) FROM member WHERE %s", bare);
  g_assert_cmpint (query_int (f->db, sql_bare), ==, 1);
}

static void
test_birthdays (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) a = add_member (f->db, "五月甲", "13900000011", "1990-05-17", TRUE);
  g_autoptr(McMember) b = add_member (f->db, "五月乙", "13900000012", "--05-03", TRUE);
  g_autoptr(McMember) c = add_member (f->db, "五月丙", "13900000013", "1985-05-20", FALSE);
  g_autoptr(McMember) d = add_member (f->db, "六月丁", "13900000014", "1985-06-05", TRUE);
  g_autofree char *csv_path = g_build_filename (f->dir, "may.csv", NULL);
  g_autofree char *json_path = g_build_filename (f->dir, "may.json", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  GStatBuf st;
  guint64 rows = 99, left_out = 99;

  g_assert_true (mc_privacy_export_birthdays (f->db, 5, csv_path, MC_EXPORT_CSV, &rows,
                                              &left_out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 2);
  g_assert_cmpuint (left_out, ==, 1);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  /* Ordered by day: the 3rd before the 17th; the year is not given away. */
  g_assert_nonnull (strstr (csv, "五月乙,13900000012,05-03,base,"));
  g_assert_nonnull (strstr (csv, "五月甲,13900000011,05-17,base,"));
  g_assert_true (strstr (csv, "五月乙") < strstr (csv, "五月甲"));
  g_assert_null (strstr (csv, "五月丙"));
  g_assert_null (strstr (csv, "六月丁"));
  g_assert_null (strstr (csv, "1990"));
  g_assert_cmpint (g_stat (csv_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* An analyst gets the same members, their phones masked. */
  mc_db_set_role (f->db, MC_ROLE_ANALYST);
  g_assert_true (mc_privacy_export_birthdays (f->db, 5, json_path, MC_EXPORT_JSON, &rows,
                                              NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 2);
  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  g_assert_nonnull (strstr (json, "\"phone\" : \"139****0012\""));
  g_assert_null (strstr (json, "13900000012"));
  g_assert_null (strstr (json, "五月丙"));

  /* Both exports are in the audit log, with what was left out. */
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'export.birthdays' "
                                     "AND json_extract (after, '$.left_out_without_consent') = 1"), ==, 2);

  g_assert_false (mc_privacy_export_birthdays (f->db, 13, csv_path, MC_EXPORT_CSV, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
}

/* "Export my data" holds the benefits used and what was done with the data. */
static void
test_export_complete (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = add_member (f->db, "王五", "13900001111", "1991-03-02", TRUE);
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *doc;
  JsonArray *benefits, *log;
  gboolean seen_add = FALSE, seen_use = FALSE;

  g_assert_true (mc_db_begin (f->db, &error));
  g_assert_true (mc_db_exec (f->db, "INSERT INTO benefit (id, code, name, kind, rev, seq) "
                                    "VALUES ('b-coffee', 'coffee', 'Free coffee', 'price', '1-a', 900)", &error));
  g_assert_true (mc_db_commit (f->db, &error));
  g_assert_no_error (error);
  g_assert_true (mc_benefit_use_record (f->db, m->id, "coffee", 0, NULL, &error));
  g_assert_no_error (error);

  text = mc_member_export_data (f->db, m->id, &error);
  g_assert_no_error (error);
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  doc = json_node_get_object (root);
  benefits = json_object_get_array_member (doc, "benefits_used");
  g_assert_cmpuint (json_array_get_length (benefits), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (benefits, 0), "code"), ==, "coffee");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (benefits, 0), "name"), ==, "Free coffee");
  log = json_object_get_array_member (doc, "processing_log");
  for (guint i = 0; i < json_array_get_length (log); i++)
    {
      const char *action = json_object_get_string_member (json_array_get_object_element (log, i), "action");

      seen_add |= g_str_equal (action, "member.add");
      seen_use |= g_str_equal (action, "benefit.use");
      g_assert_false (json_object_has_member (json_array_get_object_element (log, i), "actor"));
    }
  g_assert_true (seen_add);
  g_assert_true (seen_use);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (doc, "consent"), "marketing"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (doc, "consent"), "purpose"),
                   ==, "birthday offers");
}

static gboolean
contains (const char *data,
          gsize       len,
          const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n <= len && i <= len - n; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

static char *
read_bytes (const char *path,
            gsize      *len)
{
  char *data = NULL;

  if (!g_file_get_contents (path, &data, len, NULL))
    {
      *len = 0;
      return g_strdup ("");
    }
  return data;
}

/* After erasure not one stored form of the person is left in the file or its log, and the
 * totals are what they were. */
static void
test_erase_bytes (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = NULL;
  g_autoptr(McMember) other = add_member (f->db, "李四", "13912340000", NULL, TRUE);
  g_autoptr(JsonNode) summary_before = NULL;
  g_autoptr(JsonNode) summary_after = NULL;
  g_autofree char *store_id = NULL;
  g_autofree char *wal_path = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *main_bytes = NULL;
  g_autofree char *wal_bytes = NULL;
  g_autofree char *sb = NULL, *sa = NULL;
  McOrderInput input = { 0 };
  McOrderResult result = { 0 };
  const char *needles[] = { PHONE, NATIONAL, NAME, "Quinzel", "quinzel", EMAIL, "张三丰" };
  gsize main_len, wal_len;
  gint64 orders_sum, secure_delete;

  /* As another SQLite build may have it (Debian's zeroes deleted content by default). */
  g_assert_true (mc_db_exec (f->db, "PRAGMA secure_delete = 0", &error));
  g_assert_true (mc_store_add (f->db, "Wudang", "Shiyan", &store_id, &error));
  m = mc_member_new ();
  m->name = g_strdup (NAME);
  m->phone = g_strdup (NATIONAL);
  m->email = g_strdup (EMAIL);
  m->birthday = g_strdup ("1990-05-17");
  m->notes = g_strdup ("call " NATIONAL);
  m->consent_marketing = TRUE;
  g_assert_true (mc_member_insert (f->db, m, &error));
  g_assert_no_error (error);
  /* Edits and sales rewrite the member's row many times over. */
  g_free (m->region);
  m->region = g_strdup ("十堰");
  g_assert_true (mc_member_update (f->db, m, &error));
  g_assert_no_error (error);
  input.member_id = m->id;
  input.store_id = store_id;
  for (int i = 0; i < 5; i++)
    {
      input.amount_fen = 10000 + i;
      input.note = i == 0 ? "for " NAME : NULL;
      g_assert_true (mc_order_add (f->db, &input, &result, &error));
      g_assert_no_error (error);
      mc_order_result_clear (&result);
    }
  input.member_id = other->id;
  input.amount_fen = 777;
  input.note = NULL;
  g_assert_true (mc_order_add (f->db, &input, &result, &error));
  mc_order_result_clear (&result);
  g_assert_true (mc_points_adjust (f->db, m->id, 50, "sorry, " NATIONAL, &error));
  g_assert_no_error (error);

  /* Everything is in the main file too, not only in the log. */
  g_assert_true (mc_db_exec (f->db, "PRAGMA wal_checkpoint(TRUNCATE)", &error));
  summary_before = mc_summary_build (f->db, &error);
  g_assert_no_error (error);
  orders_sum = query_int (f->db, "SELECT sum (amount_fen) FROM orders");
  g_assert_cmpint (orders_sum, ==, 5 * 10000 + 10 + 777);

  /* The erasure sets it for itself and puts it back. */
  secure_delete = query_int (f->db, "PRAGMA secure_delete");
  g_assert_true (mc_member_erase (f->db, m->id, NAME, &error));
  g_assert_no_error (error);

  main_bytes = read_bytes (f->path, &main_len);
  wal_bytes = read_bytes (wal_path, &wal_len);
  g_assert_cmpuint (main_len, >, 0);
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    {
      if (contains (main_bytes, main_len, needles[i]) || contains (wal_bytes, wal_len, needles[i]))
        g_test_message ("“%s” is still in the %s", needles[i],
                        contains (main_bytes, main_len, needles[i]) ? "file" : "log");
      g_assert_false (contains (main_bytes, main_len, needles[i]));
      g_assert_false (contains (wal_bytes, wal_len, needles[i]));
    }
  /* The other member is untouched. */
  g_assert_true (contains (main_bytes, main_len, "13912340000") ||
                 contains (wal_bytes, wal_len, "13912340000"));

  /* The search finds the erased member by nothing: not the name, not the last four. */
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM member_fts WHERE member_fts MATCH 'quinzel'"), ==, 0);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM member_fts WHERE member_fts MATCH '5678'"), ==, 0);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM member_fts WHERE member_fts MATCH '0000'"), ==, 1);

  /* The aggregates are unchanged. */
  summary_after = mc_summary_build (f->db, &error);
  g_assert_no_error (error);
  /* All but the consent count, which the erasure takes back. */
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (summary_before), "consented"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (summary_after), "consented"), ==, 1);
  json_object_remove_member (json_node_get_object (summary_before), "consented");
  json_object_remove_member (json_node_get_object (summary_after), "consented");
  sb = json_to_string (summary_before, FALSE);
  sa = json_to_string (summary_after, FALSE);
  g_assert_cmpstr (sa, ==, sb);
  g_assert_cmpint (query_int (f->db, "SELECT sum (amount_fen) FROM orders"), ==, orders_sum);
  g_assert_cmpint (query_int (f->db, "PRAGMA secure_delete"), ==, secure_delete);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/privacy/consent/recorded", test_consent_recorded);
  ADD ("/privacy/marketing/rule", test_marketing_rule);
  ADD ("/privacy/marketing/birthdays", test_birthdays);
  ADD ("/privacy/export/complete", test_export_complete);
  ADD ("/privacy/erase/no-bytes-left", test_erase_bytes);
#undef ADD
  return g_test_run ();
}
