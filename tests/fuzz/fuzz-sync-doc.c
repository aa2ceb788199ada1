/* fuzz-sync-doc.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: one replicated document as a server sends it (mc_sync_doc_decode).
 * A document that decodes is written back as _bulk_docs takes it and decoded again: the
 * copy has the same id, revision, deletion, revision path and fields. The winner rule is
 * checked to be antisymmetric on the document's revision against a few others.
 *
 * run-fuzz: full-malloc-stacks (json-glib leaks on some bad input: tests/fuzz/lsan.supp)
 */
#define G_LOG_DOMAIN "mc-fuzz"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-fuzz.h"
#include "mc-sync-doc.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
check_winner_rule (const McSyncDoc *doc)
{
  static const char *others[] = { "1-a", "2-0", "3-ffff", "10-abc" };

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    for (int deleted = 0; deleted <= 1; deleted++)
      {
        int ab = mc_sync_rev_compare (doc->rev, doc->deleted, others[i], deleted);
        int ba = mc_sync_rev_compare (others[i], deleted, doc->rev, doc->deleted);

        g_assert_true ((ab > 0 && ba < 0) || (ab < 0 && ba > 0) || (ab == 0 && ba == 0));
      }
  g_assert_cmpint (mc_sync_rev_compare (doc->rev, doc->deleted, doc->rev, doc->deleted), ==, 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(McSyncDoc) doc = NULL;
  g_autoptr(McSyncDoc) copy = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  guint64 gen = 0;
  const char *hash = NULL;

  mc_fuzz_init ();
  doc = mc_sync_doc_decode ((const char *) data, size, NULL);
  if (doc == NULL)
    return 0;

  g_assert_nonnull (doc->id);
  g_assert_true (mc_sync_rev_parse (doc->rev, &gen, &hash));
  g_assert_cmpuint (gen, ==, doc->gen);
  g_assert_nonnull (doc->body);
  check_winner_rule (doc);

  object = mc_sync_doc_to_object (doc->id, doc->rev, doc->deleted,
                                  (const char * const *) doc->path, doc->body);
  node = json_node_init_object (json_node_alloc (), object);
  text = mc_json_to_string (node);
  copy = mc_sync_doc_decode (text, strlen (text), NULL);
  g_assert_nonnull (copy);
  g_assert_cmpstr (copy->id, ==, doc->id);
  g_assert_cmpstr (copy->rev, ==, doc->rev);
  g_assert_cmpint (copy->deleted, ==, doc->deleted);
  g_assert_cmpuint (g_strv_length (copy->path), ==, g_strv_length (doc->path));
  for (guint i = 0; doc->path[i] != NULL; i++)
    g_assert_cmpstr (copy->path[i], ==, doc->path[i]);
  g_assert_cmpuint (json_object_get_size (copy->body), ==, json_object_get_size (doc->body));
  return 0;
}
