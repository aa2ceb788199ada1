/* test-member-privacy.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PIPL: a member's data export (everything there is, refused for analysts), and erasure
 * (the person gone from every table, the totals unchanged, confirmed by name, once).
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-db.h"
#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-member-privacy.h"
#include "mc-order.h"
#include "mc-programme.h"
#include "mc-search.h"
#include "mc-store.h"
#include "mc-tier.h"

#define NAME "张三丰"
#define PHONE "+8613812345678"
#define NATIONAL "13812345678"
#define EMAIL "zsf@wudang.example"

typedef struct
{
  char     *dir;
  McDb     *db;
  McMember *member;      /* the one whose data is exported or erased */
  McMember *other;
  char     *order_id;
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
            const char *email)
{
  g_autoptr(GError) error = NULL;
  McMember *m = mc_member_new ();

  m->name = g_strdup (name);
  m->phone = g_strdup (phone);
  m->email = g_strdup (email);
  m->birthday = g_strdup ("1990-05-17");
  m->region = g_strdup ("武当山");
  m->notes = g_strdup_printf ("Prefers calls to %s", phone);
  m->consent_marketing = TRUE;
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
  g_autofree char *path = NULL;
  g_autofree char *store_id = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  McOrderInput input = { 0 };
  McOrderResult result = { 0 };
  gint64 growth = 0;

  f->dir = g_dir_make_tmp ("mc-test-privacy-XXXXXX", NULL);
  path = g_build_filename (f->dir, "w.mcdb", NULL);
  f->db = mc_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_programme_install_live (f->db, programme, &error));
  g_assert_no_error (error);
  g_assert_true (mc_store_add (f->db, "Wudang", "Shiyan", &store_id, &error));

  f->member = add_member (f->db, NAME, NATIONAL, EMAIL);
  f->other = add_member (f->db, "李四", "13912345678", "ls@example.com");

  /* An edit: the audit log now holds before and after copies. */
  g_free (f->member->region);
  f->member->region = g_strdup ("十堰");
  g_assert_true (mc_member_update (f->db, f->member, &error));
  g_assert_no_error (error);
  g_assert_true (mc_tag_add_to_member (f->db, f->member->id, "tea", "interest", &error));

  input.member_id = f->member->id;
  input.store_id = store_id;
  input.amount_fen = 52000;
  g_assert_true (mc_order_add (f->db, &input, &result, &error));
  g_assert_no_error (error);
  f->order_id = g_strdup (result.order_id);
  mc_order_result_clear (&result);
  input.amount_fen = 12345;
  g_assert_true (mc_order_add (f->db, &input, &result, &error));
  mc_order_result_clear (&result);
  input.member_id = f->other->id;
  g_assert_true (mc_order_add (f->db, &input, &result, &error));
  mc_order_result_clear (&result);
  g_assert_true (mc_order_refund (f->db, f->order_id, 2000, 0, &result, &error));
  g_assert_no_error (error);
  mc_order_result_clear (&result);

  g_assert_true (mc_points_adjust (f->db, f->member->id, 300, "welcome gift", &error));
  g_assert_true (mc_points_redeem (f->db, f->member->id, 100, "tea cup", &error));
  g_assert_true (mc_growth_adjust (f->db, f->member->id, 50, "event helper", &error));
  g_assert_true (mc_event_record (f->db, f->member->id, "checkin", 0, &growth, &error));
  g_assert_true (mc_tier_set_manual (f->db, f->member->id, "gold", "founder",
                                     mc_db_now () + 30 * 86400, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "w.mcdb", NULL);
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&f->db);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->order_id);
  mc_member_free (f->member);
  mc_member_free (f->other);
}

/* ------------------------------------------------------------------------------------ */

static JsonObject *
export_object (Fixture   *f,
               JsonNode **root)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = mc_member_export_data (f->db, f->member->id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (text);
  *root = json_from_string (text, &error);
  g_assert_no_error (error);
  return json_node_get_object (*root);
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *obj = export_object (f, &root);
  JsonObject *profile = json_object_get_object_member (obj, "profile");
  JsonObject *consent = json_object_get_object_member (obj, "consent");
  JsonObject *tier = json_object_get_object_member (obj, "tier");
  JsonObject *manual = json_object_get_object_member (tier, "manual_override");
  JsonArray *orders = json_object_get_array_member (obj, "orders");
  JsonArray *refunds = json_object_get_array_member (obj, "refunds");
  JsonArray *points = json_object_get_array_member (obj, "points_ledger");
  JsonArray *growth = json_object_get_array_member (obj, "growth_ledger");
  JsonArray *events = json_object_get_array_member (obj, "events");
  JsonArray *tags = json_object_get_array_member (obj, "tags");
  gint64 points_sum = 0;

  g_assert_cmpstr (json_object_get_string_member (profile, "name"), ==, NAME);
  g_assert_cmpstr (json_object_get_string_member (profile, "phone"), ==, PHONE);
  g_assert_cmpstr (json_object_get_string_member (profile, "email"), ==, EMAIL);
  g_assert_cmpstr (json_object_get_string_member (profile, "region"), ==, "十堰");
  g_assert_cmpstr (json_object_get_string_member (obj, "store"), ==, NULL);
  g_assert_true (json_object_get_boolean_member (consent, "marketing"));
  g_assert_cmpstr (json_object_get_string_member (consent, "purpose"), ==, "birthday offers");
  g_assert_cmpint (json_object_get_int_member (consent, "at"), >, 0);
  g_assert_cmpstr (json_object_get_string_member (tier, "code"), ==, "gold");
  g_assert_nonnull (manual);
  g_assert_cmpstr (json_object_get_string_member (manual, "reason"), ==, "founder");

  g_assert_cmpuint (json_array_get_length (orders), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (orders, 0), "amount_fen"), ==, 52000);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (orders, 0), "store"), ==, "Wudang");
  g_assert_cmpuint (json_array_get_length (refunds), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (refunds, 0), "amount_fen"), ==, -2000);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (refunds, 0), "refund_of"), ==, f->order_id);
  for (guint i = 0; i < json_array_get_length (points); i++)
    points_sum += json_object_get_int_member (json_array_get_object_element (points, i), "delta");
  g_assert_cmpint (points_sum, ==, query_int (f->db, "SELECT points_balance FROM member WHERE name = '" NAME "'"));
  g_assert_cmpuint (json_array_get_length (growth), >=, 3);
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  g_assert_cmpuint (json_array_get_length (tags), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (tags, 0), "name"), ==, "tea");
  g_assert_true (json_object_has_member (obj, "subscriptions"));

  /* Audited, without a copy of the data. */
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'member.export-data' "
                                     "AND after NOT LIKE '%" NATIONAL "%' AND after LIKE '%\"orders\":2%'"), ==, 1);
}

static void
test_export_refused_for_analyst (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  mc_db_set_role (f->db, MC_ROLE_ANALYST);
  text = mc_member_export_data (f->db, f->member->id, &error);
  g_assert_null (text);
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'refused' "
                                     "AND after LIKE '%member.export-data%'"), ==, 1);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'member.export-data'"), ==, 0);
}

/* ------------------------------------------------------------------------------------ */

typedef struct
{
  gint64 revenue, points, growth, balance, member_growth, spend, orders;
} Totals;

static void
totals (McDb   *db,
        Totals *t)
{
  t->revenue = query_int (db, "SELECT sum (amount_fen) FROM orders");
  t->points = query_int (db, "SELECT sum (delta) FROM points_ledger");
  t->growth = query_int (db, "SELECT sum (delta) FROM growth_ledger");
  t->balance = query_int (db, "SELECT sum (points_balance) FROM member");
  t->member_growth = query_int (db, "SELECT sum (growth) FROM member");
  t->spend = query_int (db, "SELECT sum (spend_fen) FROM member");
  t->orders = query_int (db, "SELECT count(*) FROM orders");
}

/* How many text values in all tables hold needle. */
static gint64
occurrences (McDb       *db,
             const char *needle)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new_with_free_func (g_free);
  /* Virtual tables (the contentless search index) hold no text of their own: their shadow
   * tables, which are checked, do. */
  sqlite3_stmt *stmt = mc_db_prepare (db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                          "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'", NULL);
  gint64 total = 0;

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (tables, g_strdup (mc_db_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  g_assert_cmpuint (tables->len, >=, 12);

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *info = g_strdup_printf ("PRAGMA table_info (\"%s\")", (char *) tables->pdata[i]);
      g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *cols = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (db), info, -1, &cols, NULL), ==, SQLITE_OK);
      while (sqlite3_step (cols) == SQLITE_ROW)
        g_ptr_array_add (columns, g_strdup ((const char *) sqlite3_column_text (cols, 1)));
      sqlite3_finalize (cols);
      for (guint c = 0; c < columns->len; c++)
        {
          g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\" WHERE typeof (\"%s\") = 'text' "
                                                  "AND instr (\"%s\", ?) > 0",
                                                  (char *) tables->pdata[i], (char *) columns->pdata[c],
                                                  (char *) columns->pdata[c]);
          sqlite3_stmt *q = NULL;
          gint64 n;

          g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (db), sql, -1, &q, NULL), ==, SQLITE_OK);
          sqlite3_bind_text (q, 1, needle, -1, SQLITE_STATIC);
          g_assert_cmpint (sqlite3_step (q), ==, SQLITE_ROW);
          n = sqlite3_column_int64 (q, 0);
          sqlite3_finalize (q);
          if (n > 0)
            g_test_message ("“%s” is in %s.%s", needle, (char *) tables->pdata[i], (char *) columns->pdata[c]);
          total += n;
        }
    }
  return total;
}

static gboolean
search_finds (McDb       *db,
              const char *typed,
              gint64      rowid)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rowids = mc_search_members (db, typed, 100, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < rowids->len; i++)
    if (g_array_index (rowids, gint64, i) == rowid)
      return TRUE;
  return FALSE;
}

static void
test_erase (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) after = NULL;
  g_autoptr(McMember) before = mc_member_load (f->db, f->member->id, NULL);
  Totals before_totals, after_totals;

  totals (f->db, &before_totals);
  /* The fixture really put the personal data in several places. */
  g_assert_cmpint (occurrences (f->db, NATIONAL), >=, 3);
  g_assert_cmpint (occurrences (f->db, EMAIL), >=, 2);
  g_assert_cmpint (occurrences (f->db, NAME), >=, 2);
  g_assert_true (search_finds (f->db, NAME, f->member->rowid));
  g_assert_true (search_finds (f->db, "5678", f->member->rowid));

  g_assert_true (mc_member_erase (f->db, f->member->id, " " NAME " ", &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    {
      const char *needle = (const char *[]) { NATIONAL, EMAIL, NAME }[i];

      g_assert_cmpint (occurrences (f->db, needle), ==, 0);
    }
  /* The other member's birthday: its row and its audit record. */
  g_assert_cmpint (occurrences (f->db, "1990-05-17"), ==, 2);
  g_assert_false (search_finds (f->db, NAME, f->member->rowid));
  g_assert_false (search_finds (f->db, "5678", f->member->rowid));
  g_assert_false (search_finds (f->db, "zsf", f->member->rowid));
  /* The other member is untouched and still found. */
  g_assert_true (search_finds (f->db, "李四", f->other->rowid));
  g_assert_cmpint (occurrences (f->db, "ls@example.com"), >=, 2);

  totals (f->db, &after_totals);
  g_assert_cmpmem (&before_totals, sizeof before_totals, &after_totals, sizeof after_totals);

  after = mc_member_load (f->db, f->member->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->status, ==, "erased");
  g_assert_cmpstr (after->name, ==, "Erased member");
  g_assert_null (after->phone);
  g_assert_null (after->email);
  g_assert_null (after->birthday);
  g_assert_null (after->region);
  g_assert_null (after->notes);
  g_assert_null (after->consent_purpose);
  g_assert_null (after->referrer_id);
  g_assert_cmpstr (after->card_no, ==, f->member->card_no);
  g_assert_cmpint (after->points_balance, ==, before->points_balance);
  g_assert_cmpint (after->growth, ==, before->growth);
  g_assert_cmpint (after->spend_fen, ==, before->spend_fen);
  g_assert_cmpint (after->orders_count, ==, 2);
  g_assert_cmpstr (after->tier, ==, "gold");
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'member.erase' "
                                     "AND after = '{\"status\":\"erased\"}'"), ==, 1);

  /* Twice is an error, and changes nothing. */
  g_assert_false (mc_member_erase (f->db, f->member->id, "Erased member", &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'member.erase'"), ==, 1);

  /* Nothing more can be written to the person. */
  g_clear_error (&error);
  g_assert_false (mc_points_adjust (f->db, f->member->id, 10, "x", &error));
  g_assert_nonnull (error);
}

static void
test_erase_wrong_name (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) after = NULL;
  gint64 audit = query_int (f->db, "SELECT count(*) FROM audit_log");
  gint64 seq = query_int (f->db, "SELECT seq FROM member WHERE name = '" NAME "'");

  g_assert_false (mc_member_erase (f->db, f->member->id, "张三", &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "does not match"));
  g_clear_error (&error);
  g_assert_false (mc_member_erase (f->db, f->member->id, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);

  after = mc_member_load (f->db, f->member->id, NULL);
  g_assert_cmpstr (after->name, ==, NAME);
  g_assert_cmpstr (after->phone, ==, PHONE);
  g_assert_cmpstr (after->status, ==, "active");
  g_assert_cmpint (after->seq, ==, seq);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit_log"), ==, audit);
  g_assert_true (search_finds (f->db, NAME, f->member->rowid));
}

static void
test_erase_needs_admin (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) after = NULL;

  mc_db_set_role (f->db, MC_ROLE_MANAGER);
  g_assert_false (mc_member_erase (f->db, f->member->id, NAME, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit_log WHERE action = 'refused' "
                                     "AND after LIKE '%member.erase%'"), ==, 1);
  after = mc_member_load (f->db, f->member->id, NULL);
  g_assert_cmpstr (after->name, ==, NAME);

  /* An erased member's export holds no personal data. */
  g_clear_error (&error);
  mc_db_set_role (f->db, MC_ROLE_OWNER);
  g_assert_true (mc_member_erase (f->db, f->member->id, NAME, NULL));
  {
    g_autofree char *text = mc_member_export_data (f->db, f->member->id, &error);

    g_assert_no_error (error);
    g_assert_null (strstr (text, NATIONAL));
    g_assert_null (strstr (text, EMAIL));
    g_assert_null (strstr (text, NAME));
    g_assert_nonnull (strstr (text, "\"amount_fen\" : 52000"));
  }
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/privacy/export", test_export);
  ADD ("/privacy/export/analyst-refused", test_export_refused_for_analyst);
  ADD ("/privacy/erase", test_erase);
  ADD ("/privacy/erase/wrong-name", test_erase_wrong_name);
  ADD ("/privacy/erase/needs-admin", test_erase_needs_admin);
#undef ADD
  return g_test_run ();
}
