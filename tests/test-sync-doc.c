/* test-sync-doc.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replicated documents without a server: decoding (what a server may send, good and bad),
 * revisions, CouchDB's winner rule, and the type of each document id.
 */
#include "config.h"

#include <string.h>

#include "mc-error.h"
#include "mc-sync-doc.h"

static McSyncDoc *
decode (const char  *text,
        GError     **error)
{
  return mc_sync_doc_decode (text, strlen (text), error);
}

static void
test_decode_good (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McSyncDoc) doc = decode (
    "{\"_id\": \"member:1\", \"_rev\": \"3-ccc\", \"_revisions\": {\"start\": 3, \"ids\": [\"ccc\", \"bbb\", \"aaa\"]},"
    " \"type\": \"member\", \"name\": \"张三\", \"_conflicts\": [\"3-bbb\"]}", &error);
  g_autoptr(McSyncDoc) plain = NULL;
  g_autoptr(McSyncDoc) gone = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (doc->id, ==, "member:1");
  g_assert_cmpstr (doc->rev, ==, "3-ccc");
  g_assert_cmpuint (doc->gen, ==, 3);
  g_assert_false (doc->deleted);
  g_assert_cmpuint (g_strv_length (doc->path), ==, 3);
  g_assert_cmpstr (doc->path[2], ==, "aaa");
  /* The body: the fields, without the protocol's own members. */
  g_assert_cmpuint (json_object_get_size (doc->body), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (doc->body, "name"), ==, "张三");

  /* No _revisions: the path is the revision alone. */
  plain = decode ("{\"_id\": \"coupon:x\", \"_rev\": \"12-abc\", \"value\": 5}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (plain->gen, ==, 12);
  g_assert_cmpuint (g_strv_length (plain->path), ==, 1);
  g_assert_cmpstr (plain->path[0], ==, "abc");

  gone = decode ("{\"_id\": \"tag:t\", \"_rev\": \"2-d\", \"_deleted\": true}", &error);
  g_assert_no_error (error);
  g_assert_true (gone->deleted);
  g_assert_cmpuint (json_object_get_size (gone->body), ==, 0);
}

static void
test_decode_bad (void)
{
  const char *bad[] = {
    "",
    "[]",
    "null",
    "{\"_id\": \"a\"",                                     /* cut short */
    "{\"_rev\": \"1-a\"}",                                 /* no _id */
    "{\"_id\": \"\", \"_rev\": \"1-a\"}",
    "{\"_id\": 5, \"_rev\": \"1-a\"}",
    "{\"_id\": \"a\"}",                                    /* no _rev */
    "{\"_id\": \"a\", \"_rev\": \"0-a\"}",                 /* generation 0 */
    "{\"_id\": \"a\", \"_rev\": \"x-a\"}",
    "{\"_id\": \"a\", \"_rev\": \"1-\"}",
    "{\"_id\": \"a\", \"_rev\": \"1a\"}",
    "{\"_id\": \"a\", \"_rev\": \"99999999999999999-a\"}",
    "{\"_id\": \"a\", \"_rev\": \"1-a\", \"_deleted\": 1}",
    "{\"_id\": \"a\", \"_rev\": \"2-b\", \"_revisions\": []}",
    "{\"_id\": \"a\", \"_rev\": \"2-b\", \"_revisions\": {\"start\": 3, \"ids\": [\"b\"]}}",
    "{\"_id\": \"a\", \"_rev\": \"2-b\", \"_revisions\": {\"start\": 2, \"ids\": [\"c\", \"a\"]}}",
    "{\"_id\": \"a\", \"_rev\": \"2-b\", \"_revisions\": {\"start\": 2, \"ids\": [\"b\", \"a\", \"z\"]}}",
    "{\"_id\": \"a\", \"_rev\": \"2-b\", \"_revisions\": {\"start\": 2, \"ids\": [\"b\", 7]}}",
    "{\"_id\": \"a\", \"_rev\": \"2-b\", \"_revisions\": {\"start\": 2, \"ids\": []}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(McSyncDoc) doc = decode (bad[i], &error);

      g_test_message ("%s", bad[i]);
      g_assert_null (doc);
      g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "The server sent a document that cannot be read"));
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(McSyncDoc) doc = mc_sync_doc_decode ("{\"_id\": \"\xff\", \"_rev\": \"1-a\"}", 24, &error);

    g_assert_null (doc);
    g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  }
}

static void
test_winner (void)
{
  /* A live leaf beats a deleted one of any generation. */
  g_assert_cmpint (mc_sync_rev_compare ("1-a", FALSE, "9-z", TRUE), >, 0);
  /* Then the higher generation, numerically (10 beats 9). */
  g_assert_cmpint (mc_sync_rev_compare ("10-a", FALSE, "9-z", FALSE), >, 0);
  /* Then the greater hash. */
  g_assert_cmpint (mc_sync_rev_compare ("3-8b9", FALSE, "3-619", FALSE), >, 0);
  g_assert_cmpint (mc_sync_rev_compare ("3-619", FALSE, "3-8b9", FALSE), <, 0);
  g_assert_cmpint (mc_sync_rev_compare ("2-a", TRUE, "1-b", TRUE), >, 0);
  g_assert_cmpint (mc_sync_rev_compare ("2-a", FALSE, "2-a", FALSE), ==, 0);
}

static void
test_rev_parse (void)
{
  guint64 gen = 0;
  const char *hash = NULL;

  g_assert_true (mc_sync_rev_parse ("42-0f0e", &gen, &hash));
  g_assert_cmpuint (gen, ==, 42);
  g_assert_cmpstr (hash, ==, "0f0e");
  g_assert_false (mc_sync_rev_parse ("-1-a", NULL, NULL));
  g_assert_false (mc_sync_rev_parse ("1-a b", NULL, NULL));
  g_assert_false (mc_sync_rev_parse (NULL, NULL, NULL));
}

static void
test_filler (void)
{
  g_autofree char *a = mc_sync_rev_filler ("member:1", "5-abc", 3);
  g_autofree char *b = mc_sync_rev_filler ("member:1", "5-abc", 3);
  g_autofree char *c = mc_sync_rev_filler ("member:1", "5-abc", 4);

  /* The same for a retried push, different for another generation; a hash, never "N-". */
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpuint (strlen (a), ==, 32);
  g_assert_null (strchr (a, '-'));
}

static void
test_types (void)
{
  const char *row = NULL;
  const McSyncType *t = mc_sync_type_for_doc_id ("points_entry:0190-1", &row);
  g_autoptr(JsonObject) body = json_object_new ();
  const char *path[] = { "c", "b", "a", NULL };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) revisions = NULL;

  g_assert_nonnull (t);
  g_assert_cmpstr (t->table, ==, "points_ledger");
  g_assert_true (t->immutable);
  g_assert_cmpstr (row, ==, "0190-1");
  g_assert_null (mc_sync_type_for_doc_id ("coupon:1", NULL));
  g_assert_null (mc_sync_type_for_doc_id ("member", NULL));
  g_assert_null (mc_sync_type_for_doc_id ("member:", NULL));
  g_assert_null (mc_sync_type_for_doc_id ("members:1", NULL));
  g_assert_cmpstr (mc_sync_type_lookup ("order")->table, ==, "orders");
  g_assert_cmpstr (mc_sync_type_for_table ("growth_ledger")->type, ==, "growth_entry");

  /* To the server: _revisions from the path, fields without the protocol's own. */
  json_object_set_string_member (body, "type", "tag");
  json_object_set_string_member (body, "_secret", "x");
  doc = mc_sync_doc_to_object ("tag:1", "3-c", TRUE, path, body);
  g_assert_cmpstr (json_object_get_string_member (doc, "_rev"), ==, "3-c");
  g_assert_true (json_object_get_boolean_member (doc, "_deleted"));
  g_assert_false (json_object_has_member (doc, "_secret"));
  revisions = json_object_ref (json_object_get_object_member (doc, "_revisions"));
  g_assert_cmpint (json_object_get_int_member (revisions, "start"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (revisions, "ids")), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-doc/decode-good", test_decode_good);
  g_test_add_func ("/sync-doc/decode-bad", test_decode_bad);
  g_test_add_func ("/sync-doc/winner", test_winner);
  g_test_add_func ("/sync-doc/rev-parse", test_rev_parse);
  g_test_add_func ("/sync-doc/filler", test_filler);
  g_test_add_func ("/sync-doc/types", test_types);
  return g_test_run ();
}
