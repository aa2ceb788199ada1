/* test-import.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mc-db.h"
#include "mc-error.h"
#include "mc-export.h"
#include "mc-import.h"
#include "mc-member.h"
#include "mc-order.h"
#include "mc-programme.h"
#include "mc-search.h"
#include "mc-store.h"
#include "mc-validate.h"

/* ------------------------------------------------------------------------------------ */
/* A workspace in a temporary folder                                                    */

typedef struct
{
  char *dir;
  McDb *db;
} Workspace;

static Workspace *
workspace_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  Workspace *ws = g_new0 (Workspace, 1);

  ws->dir = g_dir_make_tmp ("mc-test-import-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (ws->dir, "workspace.db", NULL);
  ws->db = mc_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ws->db);
  return ws;
}

static void
workspace_free (Workspace *ws)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&ws->db);
  dir = g_dir_open (ws->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (ws->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (ws->dir);
  g_free (ws->dir);
  g_free (ws);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Workspace, workspace_free)

static char *
write_file (Workspace  *ws,
            const char *name,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (ws->dir, name, NULL);

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static gint64
count_members (Workspace *ws)
{
  g_autoptr(GError) error = NULL;
  gint64 n = mc_member_count (ws->db, &error);

  g_assert_no_error (error);
  return n;
}

static gint64
count_rows (Workspace  *ws,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (ws->db), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static McMember *
find_member (Workspace  *ws,
             const char *ref)
{
  g_autoptr(GError) error = NULL;
  McMember *member = mc_member_find (ws->db, ref, &error);

  g_assert_no_error (error);
  g_assert_nonnull (member);
  return member;
}

static gboolean
import_members (Workspace       *ws,
                const char      *path,
                gboolean         dry_run,
                gboolean         skip_invalid,
                McImportReport  *report,
                GError         **error)
{
  McImportOptions options = { MC_CSV_ENCODING_AUTO, dry_run, skip_invalid };
  gboolean ok = mc_import_members (ws->db, path, &options, report, NULL, NULL, NULL, error);

  if (!ok && error != NULL && *error != NULL && g_test_verbose ())
    g_test_message ("import members: %s", (*error)->message);
  return ok;
}

static gboolean
import_orders (Workspace       *ws,
               const char      *path,
               gboolean         dry_run,
               gboolean         skip_invalid,
               McImportReport  *report,
               GError         **error)
{
  McImportOptions options = { MC_CSV_ENCODING_AUTO, dry_run, skip_invalid };

  return mc_import_orders (ws->db, path, &options, report, NULL, NULL, NULL, error);
}

static const McImportProblem *
find_problem (GPtrArray  *problems,
              guint       line,
              const char *column)
{
  for (guint i = 0; i < problems->len; i++)
    {
      const McImportProblem *p = g_ptr_array_index (problems, i);

      if (p->line == line && g_strcmp0 (p->column, column) == 0)
        return p;
    }
  g_test_message ("no problem at line %u, column %s", line, column);
  g_assert_not_reached ();
  return NULL;
}

static char *
tags_of (Workspace      *ws,
         const McMember *member)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tags = mc_tag_list_for_member (ws->db, member->id, &error);

  g_assert_no_error (error);
  return g_strjoinv (";", tags);
}

/* The message a validator gives for text: what the import must report as the reason. */
static char *
phone_message (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *e164 = NULL;

  g_assert_false (mc_validate_phone (text, &e164, &error));
  return g_strdup (error->message);
}

/* ------------------------------------------------------------------------------------ */
/* Encodings, headers, line ends                                                        */

static void
test_utf8_bom_english (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *path = data_path ("members-utf8-bom.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) zhang = NULL;
  g_autoptr(McMember) zhao = NULL;
  g_autoptr(GArray) hits = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *joined = NULL;
  McImportReport report = { 0 };

  g_assert_true (import_members (ws, path, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.encoding_used, ==, MC_CSV_ENCODING_UTF8);
  g_assert_cmpuint (report.rows_read, ==, 2);
  g_assert_cmpuint (report.rows_imported, ==, 2);
  g_assert_cmpuint (report.problems->len, ==, 0);
  g_assert_cmpuint (report.warnings->len, ==, 0);
  g_assert_cmpint (count_members (ws), ==, 2);

  /* "Name" read through the BOM; "E-mail", "Card No", "Joined At" by their loose names. */
  zhang = find_member (ws, "13812345678");
  g_assert_cmpstr (zhang->name, ==, "Zhang San");
  g_assert_cmpstr (zhang->phone, ==, "+8613812345678");
  g_assert_cmpstr (zhang->email, ==, "zhang.san@example.com");
  g_assert_cmpint (zhang->gender, ==, 'm');
  g_assert_cmpstr (zhang->birthday, ==, "1990-05-17");
  g_assert_cmpstr (zhang->region, ==, "Shanghai");
  g_assert_cmpstr (zhang->card_no, ==, "VIP-0001");
  g_assert_cmpstr (zhang->join_channel, ==, "online");
  g_assert_true (zhang->consent_marketing);
  g_assert_cmpstr (zhang->notes, ==, "first visit");
  g_assert_cmpstr (zhang->tier, ==, "base");
  joined = mc_format_time (zhang->joined_at, mc_db_get_time_zone (ws->db));
  g_assert_cmpstr (joined, ==, "2025-03-01 10:30");
  tags = tags_of (ws, zhang);
  g_assert_cmpstr (tags, ==, "vip:basic");

  /* No card number in the file: one is generated; no channel: "import". */
  zhao = find_member (ws, "13900001111");
  g_assert_cmpstr (zhao->name, ==, "赵六");
  g_assert_true (g_str_has_prefix (zhao->card_no, "MC"));
  g_assert_cmpstr (zhao->join_channel, ==, "import");
  g_assert_false (zhao->consent_marketing);
  g_assert_null (zhao->email);

  /* Findable by the search box. */
  hits = mc_search_members (ws->db, "赵", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpint (g_array_index (hits, gint64, 0), ==, zhao->rowid);

  mc_import_report_clear (&report);
}

static void
test_gbk_chinese (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *path = data_path ("members-gbk.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) zhang = NULL;
  g_autoptr(McMember) li = NULL;
  g_autoptr(McMember) wang = NULL;
  g_autofree char *tags = NULL;
  g_autofree char *raw = read_file (path);
  McImportReport report = { 0 };

  /* The fixture really is GBK: not valid UTF-8. */
  g_assert_false (g_utf8_validate (raw, -1, NULL));

  g_assert_true (import_members (ws, path, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (report.encoding_used, ==, MC_CSV_ENCODING_GBK);
  g_assert_cmpuint (report.rows_imported, ==, 3);
  g_assert_cmpint (count_members (ws), ==, 3);

  zhang = find_member (ws, "13812345678");
  g_assert_cmpstr (zhang->name, ==, "张三");
  g_assert_cmpint (zhang->gender, ==, 'm');
  g_assert_cmpstr (zhang->region, ==, "上海");
  g_assert_cmpstr (zhang->notes, ==, "老顾客");
  g_assert_true (zhang->consent_marketing);
  tags = tags_of (ws, zhang);
  g_assert_cmpstr (tags, ==, "咖啡爱好者:interest;高消费:value");

  li = find_member (ws, "13900001111");
  g_assert_cmpstr (li->name, ==, "李四");
  g_assert_cmpint (li->gender, ==, 'f');
  g_assert_cmpstr (li->birthday, ==, "--05-20");
  g_assert_false (li->consent_marketing);

  wang = find_member (ws, "13722223333");
  g_assert_cmpstr (wang->name, ==, "王五");
  g_assert_cmpint (wang->gender, ==, 'u');
  g_assert_true (wang->consent_marketing);

  mc_import_report_clear (&report);
}

static void
test_crlf_quoted_newline (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *path = data_path ("members-crlf.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) a = NULL;
  g_autoptr(McMember) c = NULL;
  g_autofree char *expected = phone_message ("12345");
  const McImportProblem *problem;
  McImportReport report = { 0 };

  g_assert_true (import_members (ws, path, FALSE, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_read, ==, 3);
  g_assert_cmpuint (report.rows_imported, ==, 2);

  /* The row after the two-line note is on physical line 4. */
  g_assert_cmpuint (report.problems->len, ==, 1);
  problem = find_problem (report.problems, 4, "phone");
  g_assert_cmpstr (problem->value, ==, "12345");
  g_assert_cmpstr (problem->reason, ==, expected);

  a = find_member (ws, "13812345678");
  g_assert_cmpstr (a->notes, ==, "line one\nline two");
  c = find_member (ws, "13700001111");
  g_assert_cmpstr (c->notes, ==, "said \"hi\"");

  mc_import_report_clear (&report);
}

static void
test_missing_and_unknown_columns (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *no_phone = write_file (ws, "no-phone.csv", "姓名,邮箱\n张三,a@example.com\n");
  g_autofree char *no_name = write_file (ws, "no-name.csv", "phone\n13812345678\n");
  g_autofree char *extra = write_file (ws, "extra.csv",
                                       " NAME ,Mobile,微信,会员等级\nAn,13812345678,an_wx,金卡\n");
  g_autofree char *empty = write_file (ws, "empty.csv", "");
  g_autoptr(GError) error = NULL;
  McImportReport report = { 0 };

  g_assert_false (import_members (ws, no_phone, FALSE, FALSE, &report, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The file has no column for the phone number: name it “手机”, “手机号”, "
                   "“电话”, “phone” or “mobile”. The header row found is: “姓名”, “邮箱”.");
  g_clear_error (&error);

  g_assert_false (import_members (ws, no_name, FALSE, FALSE, &report, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The file has no column for the member’s name: name it “姓名” or “name”. "
                   "The header row found is: “phone”.");
  g_clear_error (&error);

  g_assert_false (import_members (ws, empty, FALSE, FALSE, &report, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "is empty"));
  g_clear_error (&error);
  g_assert_cmpint (count_members (ws), ==, 0);

  /* Unknown columns: one warning naming them; the rest imported. */
  g_assert_true (import_members (ws, extra, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 1);
  g_assert_cmpuint (report.warnings->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (report.warnings, 0), ==,
                   "The columns “微信”, “会员等级” are not ones Member Console knows; "
                   "they were ignored.");
  g_assert_cmpint (count_members (ws), ==, 1);

  mc_import_report_clear (&report);
}

/* ------------------------------------------------------------------------------------ */
/* Bad rows                                                                             */

static const char bad_rows_csv[] =
  "name,phone,email,birthday,store,consent\n"
  "Good One,13812345678,one@example.com,1990-01-01,,yes\n"
  ",13812345679,,,,\n"
  "Bad Phone,12345,,,,\n"
  "Bad Mail,13812345680,not-an-email,2099-01-01,,maybe\n"
  "Bad Store,13812345681,,,Nowhere,\n";

static void
test_dry_run_lists_problems (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *path = write_file (ws, "bad.csv", bad_rows_csv);
  g_autofree char *phone_reason = phone_message ("12345");
  g_autofree char *store_reason = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  const McImportProblem *p;
  McImportReport report = { 0 };
  JsonObject *obj;
  JsonObject *first;

  g_assert_null (mc_store_lookup (ws->db, "Nowhere", &error));
  store_reason = g_strdup (error->message);
  g_clear_error (&error);

  g_assert_cmpint (count_members (ws), ==, 0);
  g_assert_true (import_members (ws, path, TRUE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_members (ws), ==, 0);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM audit_log WHERE action LIKE 'import%'"), ==, 0);

  g_assert_cmpuint (report.rows_read, ==, 5);
  g_assert_cmpuint (report.rows_valid, ==, 1);
  g_assert_cmpuint (report.rows_imported, ==, 0);
  g_assert_cmpuint (report.rows_skipped, ==, 4);
  g_assert_cmpuint (report.problems->len, ==, 6);
  g_assert_cmpuint (report.duplicates->len, ==, 0);

  p = find_problem (report.problems, 3, "name");
  g_assert_cmpstr (p->value, ==, "");
  g_assert_cmpstr (p->reason, ==, "The name is empty.");

  p = find_problem (report.problems, 4, "phone");
  g_assert_cmpstr (p->value, ==, "12345");
  g_assert_cmpstr (p->reason, ==, phone_reason);

  p = find_problem (report.problems, 5, "email");
  g_assert_cmpstr (p->value, ==, "not-an-email");
  g_assert_cmpstr (p->reason, ==, "“not-an-email” is not an email address, like name@example.com.");
  p = find_problem (report.problems, 5, "birthday");
  g_assert_cmpstr (p->value, ==, "2099-01-01");
  g_assert_nonnull (strstr (p->reason, "future"));
  p = find_problem (report.problems, 5, "consent");
  g_assert_cmpstr (p->value, ==, "maybe");
  g_assert_nonnull (strstr (p->reason, "yes or no"));

  p = find_problem (report.problems, 6, "store");
  g_assert_cmpstr (p->value, ==, "Nowhere");
  g_assert_cmpstr (p->reason, ==, store_reason);

  /* The same report as JSON, for the CLI's --json. */
  json = mc_import_report_to_json (&report);
  obj = json_node_get_object (json);
  g_assert_cmpint (json_object_get_int_member (obj, "rows_read"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (obj, "rows_valid"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (obj, "encoding"), ==, "utf-8");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (obj, "problems")), ==, 6);
  first = json_array_get_object_element (json_object_get_array_member (obj, "problems"), 0);
  g_assert_cmpint (json_object_get_int_member (first, "line"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (first, "column"), ==, "name");

  mc_import_report_clear (&report);
  g_assert_null (report.problems);
}

static void
test_bad_rows_refused_or_skipped (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *path = write_file (ws, "bad.csv", bad_rows_csv);
  g_autofree char *one_bad = write_file (ws, "one-bad.csv",
                                         "name,phone\nAn,13812345678\nBo,1234\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(McMember) good = NULL;
  McImportReport report = { 0 };
  sqlite3_stmt *stmt = NULL;
  JsonObject *after;

  g_assert_false (import_members (ws, path, FALSE, FALSE, &report, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "4 rows have problems; nothing was imported. Fix them, or import with "
                   "--skip-invalid.");
  g_clear_error (&error);
  g_assert_cmpuint (report.problems->len, ==, 6);
  g_assert_cmpuint (report.rows_imported, ==, 0);
  g_assert_cmpint (count_members (ws), ==, 0);

  g_assert_false (import_members (ws, one_bad, FALSE, FALSE, &report, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "1 row has problems; nothing was imported. Fix it, or import with "
                   "--skip-invalid.");
  g_clear_error (&error);
  g_assert_cmpint (count_members (ws), ==, 0);

  /* With skip_invalid the good row goes in, with one audit record for the import. */
  g_assert_true (import_members (ws, path, FALSE, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 1);
  g_assert_cmpuint (report.rows_skipped, ==, 4);
  g_assert_cmpint (count_members (ws), ==, 1);
  good = find_member (ws, "13812345678");
  g_assert_cmpstr (good->name, ==, "Good One");
  g_assert_cmpstr (good->birthday, ==, "1990-01-01");
  g_assert_true (good->consent_marketing);

  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM audit_log WHERE action = 'import.members'"), ==, 1);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM audit_log WHERE action = 'member.add'"), ==, 0);
  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (ws->db),
                                       "SELECT after FROM audit_log WHERE action = 'import.members'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_true (json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1, NULL));
  sqlite3_finalize (stmt);
  after = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (after, "file"), ==, "bad.csv");
  g_assert_cmpint (json_object_get_int_member (after, "rows_imported"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (after, "rows_skipped"), ==, 4);

  mc_import_report_clear (&report);
}

static void
test_duplicates (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(McMember) old = mc_member_new ();
  g_autoptr(McMember) jia = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const McImportProblem *p;
  McImportReport report = { 0 };

  old->name = g_strdup ("老会员");
  old->phone = g_strdup ("13700000000");
  old->card_no = g_strdup ("OLD-1");
  g_assert_true (mc_member_insert (ws->db, old, &error));
  g_assert_no_error (error);

  path = write_file (ws, "dups.csv",
                     "姓名,手机\n"
                     "甲,138 1234 5678\n"
                     "乙,+86 13812345678\n"
                     "丙,13700000000\n"
                     "丁,13900000000\n");

  g_assert_true (import_members (ws, path, TRUE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.problems->len, ==, 0);
  g_assert_cmpuint (report.duplicates->len, ==, 2);
  g_assert_cmpuint (report.rows_valid, ==, 2);
  p = find_problem (report.duplicates, 3, "手机");
  g_assert_cmpstr (p->value, ==, "+86 13812345678");
  g_assert_nonnull (strstr (p->reason, "line 2"));
  p = find_problem (report.duplicates, 4, "手机");
  g_assert_cmpstr (p->value, ==, "13700000000");
  g_assert_nonnull (strstr (p->reason, "OLD-1"));

  /* Duplicates block a strict import ... */
  g_assert_false (import_members (ws, path, FALSE, FALSE, &report, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "2 rows have problems; nothing was imported. Fix them, or import with "
                   "--skip-invalid.");
  g_clear_error (&error);
  g_assert_cmpint (count_members (ws), ==, 1);

  /* ... and are left out of a lenient one: the first line wins. */
  g_assert_true (import_members (ws, path, FALSE, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 2);
  g_assert_cmpint (count_members (ws), ==, 3);
  jia = find_member (ws, "13812345678");
  g_assert_cmpstr (jia->name, ==, "甲");

  /* Importing the same file again doubles nobody. */
  g_assert_true (import_members (ws, path, FALSE, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 0);
  g_assert_cmpuint (report.duplicates->len, ==, 4);
  g_assert_cmpint (count_members (ws), ==, 3);

  mc_import_report_clear (&report);
}

static void
test_card_numbers (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(McMember) first = NULL;
  McImportReport report = { 0 };

  /* A card number in our own format in the file must not be generated for another row. */
  path = write_file (ws, "cards.csv",
                     "name,phone,card_no\n"
                     "A,13800000001,\n"
                     "B,13800000002,MC00000002\n"
                     "C,13800000003,\n"
                     "D,13800000004,mc00000002\n");
  g_assert_true (import_members (ws, path, FALSE, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 3);
  g_assert_cmpuint (report.problems->len, ==, 1);
  g_assert_nonnull (strstr (find_problem (report.problems, 5, "card_no")->reason, "line 3"));
  g_assert_cmpint (count_rows (ws, "SELECT count(DISTINCT card_no) FROM member"), ==, 3);
  first = find_member (ws, "13800000001");
  g_assert_cmpstr (first->card_no, ==, "MC00000001");

  mc_import_report_clear (&report);
}

static void
cancel_in_write_cb (double   fraction,
                    gpointer user_data)
{
  GCancellable *cancellable = user_data;

  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  /* The second half of the bar is the writing. */
  if (fraction > 0.6)
    g_cancellable_cancel (cancellable);
}

static void
test_cancel_and_permission (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GString) csv = g_string_new ("name,phone\n");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  McImportOptions options = { MC_CSV_ENCODING_AUTO, FALSE, FALSE };
  McImportReport report = { 0 };

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (csv, "Member %u,1380000%04u\n", i, i);
  path = write_file (ws, "many.csv", csv->str);

  g_assert_false (mc_import_members (ws->db, path, &options, &report, cancel_in_write_cb,
                                     cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "The import was cancelled; nothing was imported.");
  g_clear_error (&error);
  g_assert_cmpuint (report.rows_imported, ==, 0);
  g_assert_cmpint (count_members (ws), ==, 0);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM member_fts WHERE member_fts MATCH '\"1\"*'"), ==, 0);

  /* An analyst may not import, not even a dry run; the refusal is audited. */
  mc_db_set_role (ws->db, MC_ROLE_ANALYST);
  options.dry_run = TRUE;
  g_assert_false (mc_import_members (ws->db, path, &options, &report, NULL, NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM audit_log WHERE action = 'refused'"), ==, 1);

  /* Without cancel or role trouble, all 3000 go in. */
  mc_db_set_role (ws->db, MC_ROLE_MANAGER);
  options.dry_run = FALSE;
  g_assert_true (mc_import_members (ws->db, path, &options, &report, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_members (ws), ==, 3000);

  mc_import_report_clear (&report);
}

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

/* ------------------------------------------------------------------------------------ */
/* Orders                                                                               */

static void
test_orders_earn_points (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autoptr(McMember) a = NULL;
  g_autoptr(McMember) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *members = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *store_id = NULL;
  const McImportProblem *p;
  McImportReport report = { 0 };
  gint64 expected_points, expected_growth, last_visit;

  g_assert_true (mc_store_add (ws->db, "旗舰店", "上海", &store_id, &error));
  g_assert_no_error (error);
  members = write_file (ws, "members.csv",
                        "name,phone,card\nA,13812345678,VIP-0001\nB,13900001111,\n");
  g_assert_true (import_members (ws, members, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);

  orders = write_file (ws, "orders.csv",
                       "手机,会员,金额,下单时间,门店,备注\n"
                       "13812345678,,128.50,2026-11-20 10:30,旗舰店,\n"
                       ",vip-0001,¥99,2026-11-21T09:00:00+08:00,,\n"
                       "139 0000 1111,,15.99,2026-11-22,,\n"
                       ",,50,2026-11-22 12:00,旗舰店,walk-in\n"
                       "13600000000,,10,2026-11-22 12:00,,\n"
                       "13812345678,,abc,2026-11-22 12:00,不存在,\n");

  /* A dry run writes no order. */
  g_assert_true (import_orders (ws, orders, TRUE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_read, ==, 6);
  g_assert_cmpuint (report.rows_valid, ==, 4);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM orders"), ==, 0);

  /* Unknown member, bad amount, unknown store: each a problem with its line and column. */
  g_assert_cmpuint (report.problems->len, ==, 3);
  p = find_problem (report.problems, 6, "手机");
  g_assert_cmpstr (p->value, ==, "13600000000");
  g_assert_nonnull (strstr (p->reason, "No member"));
  p = find_problem (report.problems, 7, "金额");
  g_assert_cmpstr (p->value, ==, "abc");
  p = find_problem (report.problems, 7, "门店");
  g_assert_cmpstr (p->value, ==, "不存在");

  g_assert_false (import_orders (ws, orders, FALSE, FALSE, &report, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM orders"), ==, 0);

  g_assert_true (import_orders (ws, orders, FALSE, TRUE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 4);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM orders"), ==, 4);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM orders WHERE member_id IS NULL"), ==, 1);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM orders WHERE store_id IS NOT NULL"), ==, 2);
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM audit_log WHERE action = 'import.orders'"), ==, 1);

  /* A's two orders: points with the base tier's multiplier, growth, totals. */
  a = find_member (ws, "VIP-0001");
  expected_points = mc_programme_points_for_order (programme, 12850, a->tier) +
                    mc_programme_points_for_order (programme, 9900, a->tier);
  expected_growth = mc_programme_growth_for_order (programme, 12850) +
                    mc_programme_growth_for_order (programme, 9900);
  g_assert_cmpint (expected_points, ==, 227);
  g_assert_cmpint (a->points_balance, ==, expected_points);
  g_assert_cmpint (a->growth, ==, expected_growth);
  g_assert_cmpint (a->spend_fen, ==, 22750);
  g_assert_cmpint (a->orders_count, ==, 2);
  g_assert_true (mc_parse_time ("2026-11-21 09:00", mc_db_get_time_zone (ws->db), FALSE,
                                &last_visit, NULL));
  g_assert_cmpint (a->last_visit_at, ==, last_visit);
  /* The earned points are lots that expire. */
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM points_ledger WHERE kind = 'earn' "
                                   "AND expires_at IS NOT NULL"), ==, 3);

  b = find_member (ws, "13900001111");
  g_assert_cmpint (b->points_balance, ==, mc_programme_points_for_order (programme, 1599, b->tier));
  g_assert_cmpint (b->points_balance, ==, 15);
  g_assert_cmpint (b->orders_count, ==, 1);

  mc_import_report_clear (&report);
}

static void
test_orders_missing_amount (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *path = write_file (ws, "orders.csv", "phone,time\n13812345678,2026-11-20\n");
  g_autoptr(GError) error = NULL;

  g_assert_false (import_orders (ws, path, FALSE, FALSE, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "The file has no column for the amount: name it “金额” or “amount”. "
                   "The header row found is: “phone”, “time”.");
}

/* ------------------------------------------------------------------------------------ */
/* Export                                                                               */

static const char rich_csv[] =
  "姓名,手机,邮箱,性别,生日,地区,门店,卡号,入会时间,渠道,营销同意,备注,标签\n"
  "张三,13812345678,zhang@example.com,男,1990-05-17,上海,旗舰店,VIP-0001,2025-03-01 10:30:15,online,是,"
  "\"第一行\n第二行, with a comma and \"\"quotes\"\"\",咖啡:interest;常客:behaviour\n"
  "李四,13900001111,,女,05-20,,,,2025-04-02,,否,"
  "\"=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",\n"
  "Ann Lee,+44 7911 123456,ann@example.co.uk,f,,London,,,2025-05-03 08:00,referral,yes,-5 points,vip\n";

static Workspace *
rich_workspace (void)
{
  Workspace *ws = workspace_new ();
  g_autofree char *path = write_file (ws, "rich.csv", rich_csv);
  g_autoptr(GError) error = NULL;
  McImportReport report = { 0 };

  g_assert_true (mc_store_add (ws->db, "旗舰店", "上海", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (import_members (ws, path, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 3);
  mc_import_report_clear (&report);
  return ws;
}

static void
test_export_analyst_masked (void)
{
  g_autoptr(Workspace) ws = rich_workspace ();
  g_autoptr(GRegex) full_phone = g_regex_new ("(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *owner_path = g_build_filename (ws->dir, "owner.csv", NULL);
  g_autofree char *csv_path = g_build_filename (ws->dir, "analyst.csv", NULL);
  g_autofree char *json_path = g_build_filename (ws->dir, "analyst.json", NULL);
  g_autofree char *orders_path = g_build_filename (ws->dir, "orders.csv", NULL);
  g_autofree char *owner = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *orders = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  guint64 n = 0;
  McOrderResult result = { 0 };
  g_autoptr(McMember) zhang = find_member (ws, "13812345678");
  McOrderInput input = { zhang->id, NULL, 1000, 0, NULL };
  /* The national numbers of rich_csv's members. */
  const char * const numbers[] = { "13812345678", "13900001111", "7911123456" };

  g_assert_true (mc_order_add (ws->db, &input, &result, &error));
  g_assert_no_error (error);
  mc_order_result_clear (&result);

  /* The owner sees everything: the check below could fail. */
  g_assert_true (mc_export_members (ws->db, owner_path, MC_EXPORT_CSV, &n, &error));
  g_assert_no_error (error);
  owner = read_file (owner_path);
  g_assert_true (g_regex_match (full_phone, owner, 0, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    g_assert_nonnull (strstr (owner, numbers[i]));
  g_assert_nonnull (strchr (owner, '@'));

  mc_db_set_role (ws->db, MC_ROLE_ANALYST);
  g_assert_true (mc_export_members (ws->db, csv_path, MC_EXPORT_CSV, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  csv = read_file (csv_path);
  g_assert_true (g_str_has_prefix (csv, "\xef\xbb\xbf" "name,phone,gender,birthday,region,store,"
                                        "card_no,joined_at,channel,consent,notes,tags,tier,"
                                        "points,growth,spend,orders,last_visit\r\n"));
  g_assert_false (g_regex_match (full_phone, csv, 0, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    g_assert_null (strstr (csv, numbers[i]));
  g_assert_null (strchr (csv, '@'));
  g_assert_nonnull (strstr (csv, "138****5678"));

  g_assert_true (mc_export_members (ws->db, json_path, MC_EXPORT_JSON, &n, &error));
  g_assert_no_error (error);
  json = read_file (json_path);
  /* JSON holds ids and revisions, hex that may look like a phone number: check the
   * members' own numbers. */
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    g_assert_null (strstr (json, numbers[i]));
  g_assert_nonnull (strstr (json, "\"phone\":\"138****5678\""));
  g_assert_null (strchr (json, '@'));
  g_assert_true (json_parser_load_from_data (parser, json, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 3);

  g_assert_true (mc_export_orders (ws->db, orders_path, MC_EXPORT_CSV, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 1);
  orders = read_file (orders_path);
  for (guint i = 0; i < G_N_ELEMENTS (numbers); i++)
    g_assert_null (strstr (orders, numbers[i]));
  g_assert_nonnull (strstr (orders, "138****5678"));
  g_assert_nonnull (strstr (orders, "VIP-0001"));
  g_assert_nonnull (strstr (orders, ",10.00,"));

  /* Every export is in the audit log, analyst or not. */
  g_assert_cmpint (count_rows (ws, "SELECT count(*) FROM audit_log WHERE action = 'export.members'"), ==, 3);
}

static void
test_export_formula_defused (void)
{
  g_autoptr(Workspace) ws = rich_workspace ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (ws->dir, "out.csv", NULL);
  g_autofree char *csv = NULL;
  g_autoptr(McMember) li = find_member (ws, "13900001111");
  g_autoptr(McMember) ann = find_member (ws, "+447911123456");

  /* Stored as typed ... */
  g_assert_cmpstr (li->notes, ==, "=HYPERLINK(\"http://evil.example/\",\"click\")");
  g_assert_cmpstr (ann->notes, ==, "-5 points");

  /* ... and exported so that a spreadsheet shows text, not a link. */
  g_assert_true (mc_export_members (ws->db, path, MC_EXPORT_CSV, NULL, &error));
  g_assert_no_error (error);
  csv = read_file (path);
  g_assert_nonnull (strstr (csv, ",\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\","));
  g_assert_nonnull (strstr (csv, ",\"'-5 points\","));
  g_assert_null (strstr (csv, ",=HYPERLINK"));
  g_assert_null (strstr (csv, ",\"=HYPERLINK"));
}

static void
test_export_import_round_trip (void)
{
  g_autoptr(Workspace) a = rich_workspace ();
  g_autoptr(Workspace) b = workspace_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (a->dir, "members.csv", NULL);
  g_autofree char *json_path = g_build_filename (a->dir, "members.json", NULL);
  McImportReport report = { 0 };
  const char * const phones[] = { "13812345678", "13900001111", "+447911123456" };
  guint64 n = 0;

  g_assert_true (mc_export_members (a->db, path, MC_EXPORT_CSV, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);

  g_assert_true (mc_store_add (b->db, "旗舰店", "上海", NULL, &error));
  g_assert_no_error (error);
  g_assert_true (import_members (b, path, FALSE, FALSE, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report.rows_imported, ==, 3);
  g_assert_cmpuint (report.problems->len, ==, 0);
  /* Only the read-only columns are mentioned. */
  g_assert_cmpuint (report.warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (report.warnings, 0), "“tier”"));

  for (guint i = 0; i < G_N_ELEMENTS (phones); i++)
    {
      g_autoptr(McMember) x = find_member (a, phones[i]);
      g_autoptr(McMember) y = find_member (b, phones[i]);
      g_autofree char *x_store = mc_store_name (a->db, x->store_id);
      g_autofree char *y_store = mc_store_name (b->db, y->store_id);
      g_autofree char *x_tags = tags_of (a, x);
      g_autofree char *y_tags = tags_of (b, y);

      g_assert_cmpstr (x->name, ==, y->name);
      g_assert_cmpstr (x->phone, ==, y->phone);
      g_assert_cmpstr (x->email, ==, y->email);
      g_assert_cmpint (x->gender, ==, y->gender);
      g_assert_cmpstr (x->birthday, ==, y->birthday);
      g_assert_cmpstr (x->region, ==, y->region);
      g_assert_cmpstr (x_store, ==, y_store);
      g_assert_cmpstr (x->card_no, ==, y->card_no);
      g_assert_cmpint (x->joined_at, ==, y->joined_at);
      g_assert_cmpstr (x->join_channel, ==, y->join_channel);
      g_assert_cmpint (x->consent_marketing, ==, y->consent_marketing);
      g_assert_cmpstr (x->notes, ==, y->notes);
      g_assert_cmpstr (x_tags, ==, y_tags);
    }

  /* The rich row really had all of it. */
  {
    g_autoptr(McMember) zhang = find_member (b, "13812345678");
    g_autofree char *store = mc_store_name (b->db, zhang->store_id);
    g_autofree char *tags = tags_of (b, zhang);

    g_assert_cmpstr (zhang->notes, ==, "第一行\n第二行, with a comma and \"quotes\"");
    g_assert_cmpstr (store, ==, "旗舰店");
    g_assert_cmpstr (tags, ==, "常客:behaviour;咖啡:interest");
    g_assert_cmpstr (zhang->email, ==, "zhang@example.com");
  }

  /* JSON: one object per member, as mc_member_to_json() writes it, plus store and tags. */
  g_assert_true (mc_export_members (a->db, json_path, MC_EXPORT_JSON, &n, &error));
  g_assert_no_error (error);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonArray *array;
    JsonObject *first;

    g_assert_true (json_parser_load_from_file (parser, json_path, &error));
    g_assert_no_error (error);
    array = json_node_get_array (json_parser_get_root (parser));
    g_assert_cmpuint (json_array_get_length (array), ==, 3);
    first = json_array_get_object_element (array, 0);
    g_assert_cmpstr (json_object_get_string_member (first, "phone"), ==, "+8613812345678");
    g_assert_cmpstr (json_object_get_string_member (first, "store"), ==, "旗舰店");
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (first, "tags")), ==, 2);
  }

  mc_import_report_clear (&report);
}

static void
test_export_failure_keeps_old_file (void)
{
  g_autoptr(Workspace) ws = rich_workspace ();
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (ws->dir, "no-such-folder", "out.csv", NULL);
  g_autofree char *path = g_build_filename (ws->dir, "out.csv", NULL);
  g_autofree char *after = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_false (mc_export_members (ws->db, missing, MC_EXPORT_CSV, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "out.csv"));
  g_clear_error (&error);

  /* Replacing a file leaves no temporary file behind. */
  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  g_assert_true (mc_export_members (ws->db, path, MC_EXPORT_CSV, NULL, &error));
  g_assert_no_error (error);
  after = read_file (path);
  g_assert_true (g_str_has_prefix (after, "\xef\xbb\xbfname,"));
  dir = g_dir_open (ws->dir, 0, NULL);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, ".out.csv"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import/members/utf8-bom-english", test_utf8_bom_english);
  g_test_add_func ("/import/members/gbk-chinese", test_gbk_chinese);
  g_test_add_func ("/import/members/crlf-quoted-newline", test_crlf_quoted_newline);
  g_test_add_func ("/import/members/columns", test_missing_and_unknown_columns);
  g_test_add_func ("/import/members/dry-run", test_dry_run_lists_problems);
  g_test_add_func ("/import/members/refused-or-skipped", test_bad_rows_refused_or_skipped);
  g_test_add_func ("/import/members/duplicates", test_duplicates);
  g_test_add_func ("/import/members/card-numbers", test_card_numbers);
  g_test_add_func ("/import/members/cancel-and-permission", test_cancel_and_permission);
  g_test_add_func ("/import/members/big-file", test_big_file);
  g_test_add_func ("/import/members/big-file-cancelled", test_big_file_cancelled);
  g_test_add_func ("/import/members/card-numbers-skip-members", test_card_numbers_skip_members);
  g_test_add_func ("/import/members/index-rebuild-fails", test_index_rebuild_fails);
  g_test_add_func ("/import/orders/points", test_orders_earn_points);
  g_test_add_func ("/import/orders/missing-amount", test_orders_missing_amount);
  g_test_add_func ("/export/members/analyst", test_export_analyst_masked);
  g_test_add_func ("/export/members/formula", test_export_formula_defused);
  g_test_add_func ("/export/members/round-trip", test_export_import_round_trip);
  g_test_add_func ("/export/members/failure", test_export_failure_keeps_old_file);

  return g_test_run ();
}
