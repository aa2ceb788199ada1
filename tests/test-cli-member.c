/* test-cli-member.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * member-console-cli's member commands as a user runs them: add, show, search, a
 * member's data and its erasure, and what an analyst may see and do. The workspace and
 * the runner are in mc-test-cli.c.
 */
#define G_LOG_DOMAIN "mc-test-cli"

#include "config.h"

#include <string.h>

#include "mc-test-cli.h"

/* ------------------------------------------------------------------------------------ */
/* Members                                                                              */

static void
test_member_add_show (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autoptr(Run) add = NULL;
  g_autoptr(Run) summary = NULL;
  g_autoptr(Run) dup = NULL;
  g_autoptr(Run) bad = NULL;
  g_autoptr(Run) text = NULL;
  g_autoptr(JsonNode) added = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) summary_node = NULL;
  JsonObject *a, *s, *first_tier;
  JsonArray *tiers;

  init_workspace (ws);
  add = cli (ws, "member", "add", "--name", "张三", "--phone", "138 1234 5678", "--json", NULL);
  added = parse_json (add);
  a = object_of (added);
  g_assert_cmpstr (get_string (a, "phone"), ==, "+8613812345678");
  g_assert_cmpstr (get_string (a, "card_no"), ==, "MC00000001");
  g_assert_cmpstr (get_string (a, "name"), ==, "张三");
  g_assert_cmpstr (get_string (a, "id"), !=, "");

  /* The new member is in the programme's lowest tier. */
  summary = cli (ws, "summary", "--json", NULL);
  summary_node = parse_json (summary);
  g_assert_cmpint (get_int (object_of (summary_node), "members"), ==, 1);
  expect_key (object_of (summary_node), "tiers");
  tiers = json_object_get_array_member (object_of (summary_node), "tiers");
  g_assert_cmpuint (json_array_get_length (tiers), >, 0);
  first_tier = json_array_get_object_element (tiers, 0);

  shown = show_member (ws, "13812345678");
  s = object_of (shown);
  g_assert_cmpstr (get_string (s, "id"), ==, get_string (a, "id"));
  g_assert_cmpstr (get_string (s, "name"), ==, "张三");
  g_assert_cmpstr (get_string (s, "phone"), ==, "+8613812345678");
  g_assert_cmpstr (get_string (s, "tier"), ==, get_string (first_tier, "code"));
  g_assert_cmpint (get_int (s, "points_balance"), ==, 0);
  g_assert_cmpint (get_int (s, "growth"), ==, 0);
  g_assert_cmpint (get_int (s, "orders_count"), ==, 0);
  g_assert_cmpint (get_int (s, "spend_fen"), ==, 0);

  /* The same member by card number, in text. */
  text = cli (ws, "member", "show", "MC00000001", NULL);
  expect_ok (text);
  g_assert_nonnull (strstr (text->out, "张三"));
  g_assert_nonnull (strstr (text->out, "+8613812345678"));

  /* The phone is taken: nothing is added. */
  dup = cli (ws, "member", "add", "--name", "李四", "--phone", "13812345678", "--json", NULL);
  expect_failure (dup, 1, NULL);
  g_assert_cmpstr (dup->out, ==, "");
  g_assert_cmpint (summary_int (ws, "members"), ==, 1);

  /* A bad phone number: the message names the field and the value. */
  bad = cli (ws, "member", "add", "--name", "李四", "--phone", "12345", NULL);
  expect_failure (bad, 1, "Phone", "12345", NULL);
  g_assert_cmpint (summary_int (ws, "members"), ==, 1);
}

static void
test_member_search (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *zhang_id = init_with_zhang_san (ws);
  g_autoptr(Run) add = cli (ws, "member", "add", "--name", "李四", "--phone", "13900001111", "--json", NULL);
  g_autoptr(JsonNode) li = parse_json (add);
  g_autoptr(Run) by_initials = NULL;
  g_autoptr(Run) by_digits = NULL;
  g_autoptr(Run) nothing = NULL;
  g_autoptr(JsonNode) found = NULL;
  g_autoptr(JsonNode) found_digits = NULL;
  g_autoptr(JsonNode) found_nothing = NULL;
  JsonArray *array;

  g_assert_cmpstr (get_string (object_of (li), "card_no"), ==, "MC00000002");

  by_initials = cli (ws, "member", "search", "zs", "--json", NULL);
  found = parse_json (by_initials);
  g_assert_cmpint (json_node_get_node_type (found), ==, JSON_NODE_ARRAY);
  array = json_node_get_array (found);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (get_string (json_array_get_object_element (array, 0), "name"), ==, "张三");
  g_assert_cmpstr (get_string (json_array_get_object_element (array, 0), "id"), ==, zhang_id);

  /* The last four digits of the phone; in text too. */
  by_digits = cli (ws, "member", "search", "5678", "--json", NULL);
  found_digits = parse_json (by_digits);
  g_assert_cmpint (json_node_get_node_type (found_digits), ==, JSON_NODE_ARRAY);
  array = json_node_get_array (found_digits);
  g_assert_cmpuint (json_array_get_length (array), ==, 1);
  g_assert_cmpstr (get_string (json_array_get_object_element (array, 0), "name"), ==, "张三");
  {
    g_autoptr(Run) text = cli (ws, "member", "search", "5678", NULL);

    expect_ok (text);
    g_assert_nonnull (strstr (text->out, "张三"));
    g_assert_null (strstr (text->out, "李四"));
  }

  nothing = cli (ws, "member", "search", "wu", "--json", NULL);
  found_nothing = parse_json (nothing);
  g_assert_cmpint (json_node_get_node_type (found_nothing), ==, JSON_NODE_ARRAY);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (found_nothing)), ==, 0);
}

/* ------------------------------------------------------------------------------------ */
/* Roles                                                                                */

static void
test_analyst (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autoptr(Run) show = cli (ws, "--role", "analyst", "member", "show", "13812345678", "--json", NULL);
  g_autoptr(JsonNode) shown = parse_json (show);
  g_autoptr(Run) text = cli (ws, "--role", "analyst", "member", "show", "13812345678", NULL);
  g_autoptr(Run) search = cli (ws, "--role", "analyst", "member", "search", "zs", NULL);
  g_autoptr(Run) add = NULL;
  g_autoptr(Run) find_new = NULL;
  g_autoptr(Run) audit = NULL;
  g_autoptr(JsonNode) log = NULL;
  JsonObject *m = object_of (shown);
  JsonArray *entries;
  gboolean refused = FALSE;

  g_assert_cmpstr (get_string (m, "phone"), ==, "138****5678");
  g_assert_cmpstr (get_string (m, "id"), ==, id);
  g_assert_false (json_object_has_member (m, "email"));
  g_assert_null (strstr (show->out, "13812345678"));
  g_assert_false (has_full_phone_number (show->out));
  g_assert_null (strstr (show->out, "@"));

  expect_ok (text);
  g_assert_nonnull (strstr (text->out, "138****5678"));
  g_assert_false (has_full_phone_number (text->out));
  g_assert_null (strstr (text->out, "@"));

  expect_ok (search);
  g_assert_nonnull (strstr (search->out, "张三"));
  g_assert_false (has_full_phone_number (search->out));

  /* An analyst may not add members; the refusal is audited. */
  add = cli (ws, "--role", "analyst", "member", "add", "--name", "王五", "--phone", "13900002222", NULL);
  expect_failure (add, 1, NULL);
  g_assert_cmpstr (add->out, ==, "");
  find_new = cli (ws, "member", "show", "13900002222", NULL);
  expect_failure (find_new, 1, NULL);

  audit = cli (ws, "audit", "--json", NULL);
  log = parse_json (audit);
  g_assert_cmpint (json_node_get_node_type (log), ==, JSON_NODE_ARRAY);
  entries = json_node_get_array (log);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      JsonObject *e = json_array_get_object_element (entries, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (e, "action", NULL), "refused") == 0)
        {
          g_assert_cmpstr (get_string (e, "role"), ==, "analyst");
          refused = TRUE;
        }
    }
  g_assert_true (refused);
}

/* ------------------------------------------------------------------------------------ */
/* Privacy                                                                              */

/* PIPL: a member's data to a file (refused for an analyst), then erasure confirmed by name. */
static void
test_member_privacy (void)
{
  g_autoptr(Workspace) ws = workspace_new ();
  g_autofree char *id = init_with_zhang_san (ws);
  g_autofree char *file = workspace_file (ws, "zhangsan.json");
  g_autofree char *analyst_file = workspace_file (ws, "analyst.json");
  g_autofree char *contents = NULL;
  g_autoptr(Run) order = cli (ws, "order", "add", "--member", "13812345678", "--amount", "128.50", NULL);
  g_autoptr(Run) export = NULL;
  g_autoptr(Run) refused = NULL;
  g_autoptr(Run) no_confirm = NULL;
  g_autoptr(Run) wrong = NULL;
  g_autoptr(Run) erase = NULL;
  g_autoptr(Run) again = NULL;
  g_autoptr(Run) summary = NULL;
  g_autoptr(JsonNode) exported = NULL;
  g_autoptr(JsonNode) erased = NULL;
  g_autoptr(JsonNode) summary_node = NULL;
  g_autoptr(JsonNode) doc_node = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *doc;

  expect_ok (order);
  export = cli (ws, "member", "export-data", "13812345678", file, "--json", NULL);
  exported = parse_json (export);
  g_assert_cmpstr (get_string (object_of (exported), "member_id"), ==, id);
  contents = read_text_file (file);
  doc_node = json_from_string (contents, &error);
  g_assert_no_error (error);
  doc = object_of (doc_node);
  g_assert_cmpstr (get_string (json_object_get_object_member (doc, "profile"), "phone"), ==, "+8613812345678");
  g_assert_cmpstr (get_string (json_object_get_object_member (doc, "profile"), "email"), ==, "zhangsan@example.com");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "orders")), ==, 1);

  refused = cli (ws, "--role", "analyst", "member", "export-data", id, analyst_file, NULL);
  expect_failure (refused, 1, "Analyst", NULL);
  g_assert_false (g_file_test (analyst_file, G_FILE_TEST_EXISTS));

  no_confirm = cli (ws, "member", "erase", id, NULL);
  expect_failure (no_confirm, 1, "--confirm-name", NULL);
  wrong = cli (ws, "member", "erase", "13812345678", "--confirm-name", "张", NULL);
  expect_failure (wrong, 1, "does not match", NULL);

  erase = cli (ws, "member", "erase", "13812345678", "--confirm-name", "张三", "--json", NULL);
  erased = parse_json (erase);
  g_assert_cmpstr (get_string (object_of (erased), "status"), ==, "erased");
  g_assert_cmpstr (get_string (object_of (erased), "name"), ==, "Erased member");
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (object_of (erased), "phone")));
  g_assert_cmpint (get_int (object_of (erased), "spend_fen"), ==, 12850);

  again = cli (ws, "member", "erase", id, "--confirm-name", "Erased member", NULL);
  expect_failure (again, 1, "erased already", NULL);

  /* Revenue stays. */
  summary = cli (ws, "summary", "--json", NULL);
  summary_node = parse_json (summary);
  g_assert_nonnull (strstr (summary->out, "12850"));
}

static const CliCase cases[] = {
  { "/cli/member/add-show", test_member_add_show },
  { "/cli/member/search", test_member_search },
  { "/cli/member/privacy", test_member_privacy },
  { "/cli/role/analyst", test_analyst },
};

int
main (int   argc,
      char *argv[])
{
  return mc_test_cli_run (&argc, &argv, cases, G_N_ELEMENTS (cases));
}
