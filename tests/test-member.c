/* test-member.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Members: add, validation, duplicates, edit, delete and undo, search (name, pinyin
 * initials, phone, last four digits, card), roles and the audit log.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-db.h"
#include "mc-error.h"
#include "mc-member.h"
#include "mc-programme.h"
#include "mc-search.h"
#include "mc-store.h"

typedef struct
{
  char *dir;
  McDb *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();

  f->dir = g_dir_make_tmp ("mc-test-member-XXXXXX", NULL);
  path = g_build_filename (f->dir, "w.mcdb", NULL);
  f->db = mc_db_open (path, NULL);
  g_assert_nonnull (f->db);
  g_assert_true (mc_programme_install_live (f->db, programme, NULL));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->db);
  g_free (f->dir);
}

static gint64
count (McDb       *db,
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
add (Fixture    *f,
     const char *name,
     const char *phone)
{
  McMember *m = mc_member_new ();
  g_autoptr(GError) error = NULL;

  m->name = g_strdup (name);
  m->phone = g_strdup (phone);
  g_assert_true (mc_member_insert (f->db, m, &error));
  g_assert_no_error (error);
  return m;
}

static void
test_add (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(McMember) m = mc_member_new ();
  g_autoptr(McMember) stored = NULL;
  g_autoptr(GError) error = NULL;

  m->name = g_strdup (" 张三 ");
  m->phone = g_strdup ("138 1234 5678");
  m->email = g_strdup ("ZS@Example.com");
  m->birthday = g_strdup ("1990-05-17");
  m->consent_marketing = TRUE;
  g_assert_true (mc_member_insert (f->db, m, &error));
  g_assert_no_error (error);

  stored = mc_member_load (f->db, m->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored->name, ==, "张三");
  g_assert_cmpstr (stored->phone, ==, "+8613812345678");
  g_assert_cmpstr (stored->email, ==, "zs@example.com");
  g_assert_cmpstr (stored->card_no, ==, "MC00000001");
  g_assert_cmpstr (stored->tier, ==, "base");
  g_assert_cmpstr (stored->status, ==, "active");
  g_assert_true (stored->consent_marketing);
  g_assert_cmpint (stored->consent_at, >, 0);
  g_assert_cmpstr (stored->consent_purpose, ==, "marketing");
  g_assert_true (g_str_has_prefix (stored->rev, "1-"));
  g_assert_cmpint (stored->seq, >, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM audit_log WHERE action = 'member.add'"), ==, 1);

  {
    g_autoptr(McMember) second = add (f, "李四", "13912345678");

    g_assert_cmpstr (second->card_no, ==, "MC00000002");
  }
}

static void
test_invalid_changes_nothing (Fixture       *f,
                              gconstpointer  data)
{
  const struct { const char *name; const char *phone; const char *email; const char *field; } cases[] = {
    { "", "13812345678", NULL, "Name" },
    { "王五", "", NULL, "Phone" },
    { "王五", "12345", NULL, "Phone" },
    { "王五", "13812345678", "not-an-email", "Email" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(McMember) m = mc_member_new ();
      g_autoptr(GError) error = NULL;

      m->name = g_strdup (cases[i].name);
      m->phone = g_strdup (cases[i].phone);
      m->email = g_strdup (cases[i].email);
      g_assert_false (mc_member_insert (f->db, m, &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, cases[i].field));
    }
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM member"), ==, 0);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM audit_log WHERE action = 'member.add'"), ==, 0);
}

static void
test_duplicate_phone (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(McMember) first = add (f, "张三", "13812345678");
  g_autoptr(McMember) dup = mc_member_new ();
  g_autoptr(GError) error = NULL;

  dup->name = g_strdup ("张三丰");
  dup->phone = g_strdup ("+86 138-1234-5678");
  g_assert_false (mc_member_insert (f->db, dup, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "138****5678"));
  g_assert_nonnull (strstr (error->message, "MC00000001"));
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM member"), ==, 1);

  /* The same card number is refused too. */
  g_clear_error (&error);
  g_free (dup->phone);
  dup->phone = g_strdup ("13900000000");
  dup->card_no = g_strdup ("mc00000001");
  g_assert_false (mc_member_insert (f->db, dup, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_DUPLICATE);
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(McMember) m = add (f, "张三", "13812345678");
  g_autoptr(McMember) other = add (f, "李四", "13912345678");
  g_autoptr(McMember) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;

  g_free (m->name);
  m->name = g_strdup ("张珊");
  g_free (m->notes);
  m->notes = g_strdup ("prefers WeChat");
  g_assert_true (mc_member_update (f->db, m, &error));
  g_assert_no_error (error);
  stored = mc_member_load (f->db, m->id, NULL);
  g_assert_cmpstr (stored->name, ==, "张珊");
  g_assert_cmpstr (stored->notes, ==, "prefers WeChat");
  g_assert_true (g_str_has_prefix (stored->rev, "2-"));

  /* The search index follows: the old name is gone, the new one is found. */
  found = mc_search_members (f->db, "张三", 10, NULL);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_array_unref);
  found = mc_search_members (f->db, "张珊", 10, NULL);
  g_assert_cmpuint (found->len, ==, 1);

  /* Taking another member's phone is refused and changes nothing. */
  g_free (m->phone);
  m->phone = g_strdup ("13912345678");
  g_assert_false (mc_member_update (f->db, m, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_DUPLICATE);
  g_clear_pointer (&stored, mc_member_free);
  stored = mc_member_load (f->db, m->id, NULL);
  g_assert_cmpstr (stored->phone, ==, "+8613812345678");
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM audit_log WHERE action = 'member.edit'"), ==, 1);
}

static void
test_delete_and_undo (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(McMember) m = add (f, "张三", "13812345678");
  g_autoptr(McMember) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) hits = NULL;

  g_assert_true (mc_member_set_deleted (f->db, m->id, TRUE, &error));
  g_assert_no_error (error);
  found = mc_member_find (f->db, "13812345678", &error);
  g_assert_null (found);
  g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
  g_clear_error (&error);
  hits = mc_search_members (f->db, "zs", 10, NULL);
  g_assert_cmpuint (hits->len, ==, 0);
  g_assert_cmpint (mc_member_count (f->db, NULL), ==, 0);

  /* A deleted member's phone is free; restoring then is refused, not doubled. */
  {
    g_autoptr(McMember) other = add (f, "张山", "13812345678");

    g_assert_false (mc_member_set_deleted (f->db, m->id, FALSE, &error));
    g_assert_error (error, MC_ERROR, MC_ERROR_DUPLICATE);
    g_clear_error (&error);
    g_assert_true (mc_member_set_deleted (f->db, other->id, TRUE, NULL));
  }
  g_assert_true (mc_member_set_deleted (f->db, m->id, FALSE, &error));
  g_assert_no_error (error);
  found = mc_member_find (f->db, "138 1234 5678", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (found->id, ==, m->id);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(McMember) zs = add (f, "张三", "13812345678");
  g_autoptr(McMember) ls = add (f, "李四", "13987654321");
  g_autoptr(McMember) wxm = add (f, "王小明", "13700005678");
  g_autoptr(McMember) tom = add (f, "Tom Lee", "13600001111");
  g_autoptr(McMember) zeng = add (f, "曾国藩", "13500002222");
  const struct { const char *query; const char *expect[3]; } cases[] = {
    { "张三", { "张三" } },
    { "张", { "张三" } },
    { "zs", { "张三" } },
    { "ZS", { "张三" } },
    { "wxm", { "王小明" } },
    { "wx", { "王小明" } },
    { "13812345678", { "张三" } },
    { "138 1234 5678", { "张三" } },
    { "+86 138 1234 5678", { "张三" } },
    { "1381234", { "张三" } },
    { "4321", { "李四" } },
    { "5678", { "张三", "王小明" } },
    { "13", { NULL } },                         /* too short for a phone prefix */
    { "139", { "李四" } },
    { "1370000", { "王小明" } },
    { "MC0000000", { "张三", "李四", "王小明" } }, /* card numbers by their beginning */
    { "mc-", { NULL } },
    { "MC00000002", { "李四" } },
    { "mc00000003", { "王小明" } },
    { "tom", { "Tom Lee" } },
    { "zgf", { "曾国藩" } },
    { "cgf", { "曾国藩" } },
    { "lee", { "Tom Lee" } },
    { "赵", { NULL } },
    { "  ", { NULL } },
    { "\"*", { NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) hits = mc_search_members (f->db, cases[i].query, 3, &error);
      guint expected = 0;

      g_assert_no_error (error);
      while (expected < 3 && cases[i].expect[expected] != NULL)
        expected++;
      if (hits->len != expected)
        g_error ("“%s”: %u hits, expected %u", cases[i].query, hits->len, expected);
      for (guint j = 0; j < hits->len; j++)
        {
          g_autoptr(McMember) m = mc_member_load_rowid (f->db, g_array_index (hits, gint64, j), NULL);
          gboolean listed = FALSE;

          for (guint k = 0; k < expected; k++)
            listed |= g_str_equal (m->name, cases[i].expect[k]);
          if (!listed)
            g_error ("“%s” found %s", cases[i].query, m->name);
        }
    }
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(McMember) m = add (f, "张三", "13812345678");
  g_autoptr(GError) error = NULL;
  const char *refs[] = { "13812345678", "+8613812345678", "MC00000001", "mc00000001", NULL };

  for (guint i = 0; refs[i] != NULL; i++)
    {
      g_autoptr(McMember) found = mc_member_find (f->db, refs[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (found->id, ==, m->id);
    }
  {
    g_autoptr(McMember) by_id = mc_member_find (f->db, m->id, &error);
    g_autoptr(McMember) none = NULL;

    g_assert_cmpstr (by_id->name, ==, "张三");
    none = mc_member_find (f->db, "13900000000", &error);
    g_assert_null (none);
    g_assert_error (error, MC_ERROR, MC_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "13900000000"));
  }
}

static void
test_roles (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(McMember) m = add (f, "张三", "13812345678");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  g_autoptr(JsonNode) audit = NULL;
  g_autofree char *text = NULL;
  g_autofree char *audit_text = NULL;
  g_autoptr(McMember) attempt = mc_member_new ();

  g_free (m->email);
  m->email = g_strdup ("zs@example.com");
  g_assert_true (mc_member_update (f->db, m, NULL));

  mc_db_set_role (f->db, MC_ROLE_ANALYST);
  json = mc_member_to_json (m, mc_db_get_role (f->db));
  text = mc_json_to_string (json);
  g_assert_nonnull (strstr (text, "138****5678"));
  g_assert_null (strstr (text, "13812345678"));
  g_assert_null (strstr (text, "@"));

  /* The audit log holds the full before/after: an analyst sees it masked. */
  audit = mc_audit_list (f->db, 0, NULL);
  audit_text = mc_json_to_string (audit);
  g_assert_null (strstr (audit_text, "13812345678"));
  g_assert_null (strstr (audit_text, "zs@example.com"));
  g_assert_nonnull (strstr (audit_text, "138****5678"));

  /* An analyst changes nothing, and the refusal is audited. */
  attempt->name = g_strdup ("李四");
  attempt->phone = g_strdup ("13912345678");
  g_assert_false (mc_member_insert (f->db, attempt, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Analyst"));
  g_clear_error (&error);
  g_assert_false (mc_member_set_deleted (f->db, m->id, TRUE, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM member WHERE deleted = 0"), ==, 1);
  g_assert_cmpint (count (f->db, "SELECT count(*) FROM audit_log WHERE action = 'refused' AND role = 'analyst'"), ==, 2);

  /* A clerk adds members but does not change the programme. */
  mc_db_set_role (f->db, MC_ROLE_CLERK);
  g_clear_error (&error);
  g_assert_true (mc_member_insert (f->db, attempt, &error));
  g_assert_no_error (error);
  g_assert_false (mc_store_add (f->db, "新店", NULL, NULL, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_PERMISSION);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/member/add", test_add);
  ADD ("/member/invalid", test_invalid_changes_nothing);
  ADD ("/member/duplicate-phone", test_duplicate_phone);
  ADD ("/member/edit", test_edit);
  ADD ("/member/delete-undo", test_delete_and_undo);
  ADD ("/member/search", test_search);
  ADD ("/member/find", test_find);
  ADD ("/member/roles", test_roles);
#undef ADD

  return g_test_run ();
}
