/* test-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exporting members: masked for an analyst, formulas defused, a round trip through the
 * import, and a failed export that keeps the old file.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mc-error.h"
#include "mc-export.h"
#include "mc-order.h"
#include "mc-store.h"

#include "mc-test-import.h"

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

  g_test_add_func ("/export/members/analyst", test_export_analyst_masked);
  g_test_add_func ("/export/members/formula", test_export_formula_defused);
  g_test_add_func ("/export/members/round-trip", test_export_import_round_trip);
  g_test_add_func ("/export/members/failure", test_export_failure_keeps_old_file);

  return g_test_run ();
}
