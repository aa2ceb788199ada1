/* mc-sync-doc.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Replicated documents without a database: decoding, revisions, the winner rule.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include <math.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-error.h"
#include "mc-sync-doc.h"

/* Revisions deeper than this are not kept (CouchDB's default revs_limit). */
#define MAX_PATH 1000

static const McSyncType types[] = {
  { "store", "store", FALSE },
  { "member", "member", FALSE },
  { "tag", "tag", FALSE },
  { "member_tag", "member_tag", FALSE },
  { "order", "orders", TRUE },
  { "member_event", "member_event", TRUE },
  { "points_entry", "points_ledger", TRUE },
  { "growth_entry", "growth_ledger", TRUE },
  { "programme", "programme_version", FALSE },
  { "benefit", "benefit", FALSE },
  { "paid_plan", "paid_plan", FALSE },
  { "subscription", "subscription", FALSE },
};

const McSyncType *
mc_sync_types (guint *n_types)
{
  *n_types = G_N_ELEMENTS (types);
  return types;
}

const McSyncType *
mc_sync_type_lookup (const char *type)
{
  if (type == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (types[i].type, type))
      return &types[i];
  return NULL;
}

const McSyncType *
mc_sync_type_for_table (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (types[i].table, table))
      return &types[i];
  return NULL;
}

const McSyncType *
mc_sync_type_for_doc_id (const char  *doc_id,
                         const char **row_id)
{
  const char *colon = strchr (doc_id, ':');

  if (colon == NULL || colon[1] == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      gsize n = strlen (types[i].type);

      if ((gsize) (colon - doc_id) == n && strncmp (doc_id, types[i].type, n) == 0)
        {
          if (row_id != NULL)
            *row_id = colon + 1;
          return &types[i];
        }
    }
  return NULL;
}

gboolean
mc_sync_rev_parse (const char  *rev,
                   guint64     *gen,
                   const char **hash)
{
  const char *dash;
  guint64 n = 0;

  if (rev == NULL)
    return FALSE;
  dash = strchr (rev, '-');
  if (dash == NULL || dash == rev || dash[1] == '\0' || dash - rev > 15)
    return FALSE;
  for (const char *p = rev; p < dash; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      n = n * 10 + (guint64) (*p - '0');
    }
  if (n == 0)
    return FALSE;
  for (const char *p = dash + 1; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      return FALSE;
  if (gen != NULL)
    *gen = n;
  if (hash != NULL)
    *hash = dash + 1;
  return TRUE;
}

int
mc_sync_rev_compare (const char *a_rev,
                     gboolean    a_deleted,
                     const char *b_rev,
                     gboolean    b_deleted)
{
  guint64 a_gen = 0, b_gen = 0;
  const char *a_hash = "", *b_hash = "";

  if (a_deleted != b_deleted)
    return a_deleted ? -1 : 1;
  mc_sync_rev_parse (a_rev, &a_gen, &a_hash);
  mc_sync_rev_parse (b_rev, &b_gen, &b_hash);
  if (a_gen != b_gen)
    return a_gen > b_gen ? 1 : -1;
  return strcmp (a_hash, b_hash);
}

char *
mc_sync_rev_filler (const char *doc_id,
                    const char *rev,
                    guint64     gen)
{
  g_autofree char *seed = g_strdup_printf ("%s\n%s\n%" G_GUINT64_FORMAT, doc_id, rev, gen);

  return g_compute_checksum_for_string (G_CHECKSUM_MD5, seed, -1);
}

void
mc_sync_doc_free (McSyncDoc *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->id);
  g_free (doc->rev);
  g_strfreev (doc->path);
  g_clear_pointer (&doc->body, json_object_unref);
  g_free (doc);
}

static gboolean
invalid (GError     **error,
         const char  *what)
{
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               /* TRANSLATORS: %s says what is wrong with a document the server sent */
               _("The server sent a document that cannot be read: %s."), what);
  return FALSE;
}

/* _revisions: {"start": N, "ids": [hash, ...]}, start and the first id matching _rev. */
static GStrv
decode_path (JsonObject  *object,
             guint64      gen,
             const char  *hash,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, "_revisions");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonObject *revisions;
  JsonNode *start, *ids_node;
  JsonArray *ids;
  guint n;

  if (node == NULL)
    {
      g_strv_builder_add (builder, hash);
      return g_strv_builder_end (builder);
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("_revisions is not an object")), NULL;
  revisions = json_node_get_object (node);
  start = json_object_get_member (revisions, "start");
  ids_node = json_object_get_member (revisions, "ids");
  if (start == NULL || json_node_get_value_type (start) != G_TYPE_INT64 ||
      ids_node == NULL || !JSON_NODE_HOLDS_ARRAY (ids_node))
    return invalid (error, _("_revisions has no start or ids")), NULL;
  if ((guint64) json_node_get_int (start) != gen)
    return invalid (error, _("_revisions does not match _rev")), NULL;
  ids = json_node_get_array (ids_node);
  n = json_array_get_length (ids);
  if (n == 0 || n > gen)
    return invalid (error, _("_revisions does not match _rev")), NULL;
  for (guint i = 0; i < n && i < MAX_PATH; i++)
    {
      JsonNode *id = json_array_get_element (ids, i);
      const char *text;

      if (json_node_get_value_type (id) != G_TYPE_STRING)
        return invalid (error, _("a revision id is not a string")), NULL;
      text = json_node_get_string (id);
      if (text[0] == '\0' || strchr (text, '-') != NULL)
        return invalid (error, _("a revision id is not a string")), NULL;
      if (i == 0 && !g_str_equal (text, hash))
        return invalid (error, _("_revisions does not match _rev")), NULL;
      g_strv_builder_add (builder, text);
    }
  return g_strv_builder_end (builder);
}

/* Whether every member name and string in node is UTF-8 and every number finite: json-glib
 * 1.6 turns some escapes it should refuse ("\\2") into bytes that are not UTF-8, and reads
 * 5e444444 as infinity, neither of which any JSON text can carry on (both found by
 * fuzz-sync-doc). */
static gboolean
node_is_utf8 (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        return isfinite (json_node_get_double (node));
      return json_node_get_value_type (node) != G_TYPE_STRING ||
             g_utf8_validate (json_node_get_string (node), -1, NULL);
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!node_is_utf8 (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          if (!g_utf8_validate (name, -1, NULL) || !node_is_utf8 (member))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

McSyncDoc *
mc_sync_doc_from_object (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(McSyncDoc) doc = g_new0 (McSyncDoc, 1);
  JsonNode *id = json_object_get_member (object, "_id");
  JsonNode *rev = json_object_get_member (object, "_rev");
  JsonNode *deleted = json_object_get_member (object, "_deleted");
  const char *hash = NULL;
  g_autoptr(GList) names = NULL;

  if (id == NULL || json_node_get_value_type (id) != G_TYPE_STRING ||
      json_node_get_string (id)[0] == '\0')
    return invalid (error, _("no _id")), NULL;
  {
    g_autoptr(JsonNode) whole = json_node_init_object (json_node_alloc (), object);

    if (!node_is_utf8 (whole))
      return invalid (error, _("a text that is not UTF-8, or a number too large")), NULL;
  }
  if (rev == NULL || json_node_get_value_type (rev) != G_TYPE_STRING ||
      !mc_sync_rev_parse (json_node_get_string (rev), &doc->gen, &hash))
    return invalid (error, _("no valid _rev")), NULL;
  if (deleted != NULL && json_node_get_value_type (deleted) != G_TYPE_BOOLEAN)
    return invalid (error, _("_deleted is not true or false")), NULL;
  doc->id = g_strdup (json_node_get_string (id));
  doc->rev = g_strdup (json_node_get_string (rev));
  doc->deleted = deleted != NULL && json_node_get_boolean (deleted);
  doc->path = decode_path (object, doc->gen, hash, error);
  if (doc->path == NULL)
    return NULL;

  doc->body = json_object_new ();
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      /* Members starting with '_' are the server's metadata (_id, _rev, _revisions,
       * _deleted, _conflicts, _revs_info, _attachments...), never fields: a server refuses
       * a document with one it does not know, so the body holds none and
       * mc_sync_doc_to_object writes none back (found by fuzz-sync-doc). */
      if (name[0] == '_')
        continue;
      json_object_set_member (doc->body, name, json_node_copy (json_object_get_member (object, name)));
    }
  return g_steal_pointer (&doc);
}

McSyncDoc *
mc_sync_doc_decode (const char  *data,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length > G_MAXSSIZE || !g_utf8_validate (data, (gssize) length, NULL))
    return invalid (error, _("not UTF-8 text")), NULL;
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    return invalid (error, local_error->message), NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, _("not a JSON object")), NULL;
  return mc_sync_doc_from_object (json_node_get_object (root), error);
}

JsonObject *
mc_sync_doc_to_object (const char         *id,
                       const char         *rev,
                       gboolean            deleted,
                       const char * const *path,
                       JsonObject         *body)
{
  JsonObject *object = json_object_new ();
  JsonObject *revisions = json_object_new ();
  JsonArray *ids = json_array_new ();
  guint64 gen = 0;

  mc_sync_rev_parse (rev, &gen, NULL);
  json_object_set_string_member (object, "_id", id);
  json_object_set_string_member (object, "_rev", rev);
  if (deleted)
    json_object_set_boolean_member (object, "_deleted", TRUE);
  json_object_set_int_member (revisions, "start", (gint64) gen);
  for (guint i = 0; path[i] != NULL; i++)
    json_array_add_string_element (ids, path[i]);
  json_object_set_array_member (revisions, "ids", ids);
  json_object_set_object_member (object, "_revisions", revisions);
  if (body != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (body);

      for (GList *l = names; l != NULL; l = l->next)
        if (((const char *) l->data)[0] != '_')
          json_object_set_member (object, l->data,
                                  json_node_copy (json_object_get_member (body, l->data)));
    }
  return object;
}
