/* mc-audit.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The audit log: who, in which role, did what, when, with the record before and after.
 * Written in the transaction of the change it describes, so one never exists without
 * the other.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-error.h"

/* json-glib 1.6 writes a double whose shortest form has an exponent (1e-05, 1e+16) with
 * ".0" after it, "1e-05.0", which is not JSON (fixed in later json-glib). Drops that ".0"
 * from the numbers of the text, in place; strings are left alone. */
static void
fix_exponent_numbers (char *text)
{
  char *w = text;
  const char *r = text;

  while (*r != '\0')
    {
      if (*r == '"')
        {
          /* A string, with its escapes, as it is. */
          *w++ = *r++;
          while (*r != '\0' && *r != '"')
            {
              if (*r == '\\' && r[1] != '\0')
                *w++ = *r++;
              *w++ = *r++;
            }
          if (*r == '"')
            *w++ = *r++;
        }
      else if (*r == '-' || g_ascii_isdigit (*r))
        {
          size_t len = strspn (r, "0123456789+-.eE");
          const char *exp = memchr (r, 'e', len);
          const char *dot = exp != NULL ? memchr (exp, '.', len - (size_t) (exp - r)) : NULL;
          size_t keep = dot != NULL ? (size_t) (dot - r) : len;

          memmove (w, r, keep);
          w += keep;
          r += len;
        }
      else
        *w++ = *r++;
    }
  *w = '\0';
}

char *
mc_json_to_string (JsonNode *node)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  char *text;

  json_generator_set_root (gen, node);
  text = json_generator_to_data (gen, NULL);
  fix_exponent_numbers (text);
  return text;
}

gboolean
mc_audit_log (McDb        *db,
              const char  *action,
              const char  *entity,
              const char  *entity_id,
              const char  *before,
              const char  *after,
              GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (mc_db_in_transaction (db), FALSE);

  stmt = mc_db_prepare (db,
    "INSERT INTO audit_log (at, actor, role, action, entity, entity_id, before, after) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, mc_db_now ());
  sqlite3_bind_text (stmt, 2, mc_db_get_actor (db), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, mc_role_to_string (mc_db_get_role (db)), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, entity, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, entity_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, before, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, after, -1, SQLITE_STATIC);
  return mc_db_step_done (db, stmt, error);
}

gboolean
mc_audit_require (McDb          *db,
                  McPermission   permission,
                  const char    *action,
                  GError       **error)
{
  McRole role = mc_db_get_role (db);
  g_autofree char *after = NULL;

  if (mc_role_allows (role, permission))
    return TRUE;

  g_set_error (error, MC_ERROR, MC_ERROR_PERMISSION,
               _("The %s role may not %s."), mc_role_display (role),
               mc_permission_describe (permission));

  /* The refusal is recorded on its own: the change it refused never began. */
  after = g_strdup_printf ("{\"refused\":\"%s\"}", action);
  if (!mc_db_in_transaction (db) && mc_db_begin (db, NULL))
    {
      if (mc_audit_log (db, "refused", NULL, NULL, NULL, after, NULL))
        mc_db_commit (db, NULL);
      else
        mc_db_rollback (db);
    }
  return FALSE;
}

static void
add_json_text (JsonBuilder *builder,
               const char  *name,
               const char  *text,
               gboolean     mask)
{
  g_autofree char *masked = mask ? mc_mask_personal_text (text) : g_strdup (text);
  g_autoptr(JsonParser) parser = json_parser_new ();

  json_builder_set_member_name (builder, name);
  if (masked != NULL && json_parser_load_from_data (parser, masked, -1, NULL))
    json_builder_add_value (builder, json_node_copy (json_parser_get_root (parser)));
  else
    json_builder_add_null_value (builder);
}

JsonNode *
mc_audit_list (McDb     *db,
               guint     limit,
               GError  **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean mask = !mc_role_allows (mc_db_get_role (db), MC_PERMISSION_SEE_CONTACT);
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT id, at, actor, role, action, entity, entity_id, before, after "
    "FROM audit_log ORDER BY id DESC LIMIT ?", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : G_MAXINT64);

  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 0));
      json_builder_set_member_name (builder, "at");
      json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 1));
      json_builder_set_member_name (builder, "actor");
      json_builder_add_string_value (builder, mc_db_column_text (stmt, 2));
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, mc_db_column_text (stmt, 3));
      json_builder_set_member_name (builder, "action");
      json_builder_add_string_value (builder, mc_db_column_text (stmt, 4));
      json_builder_set_member_name (builder, "entity");
      json_builder_add_string_value (builder, mc_db_column_text (stmt, 5));
      json_builder_set_member_name (builder, "entity_id");
      json_builder_add_string_value (builder, mc_db_column_text (stmt, 6));
      add_json_text (builder, "before", mc_db_column_text (stmt, 7), mask);
      add_json_text (builder, "after", mc_db_column_text (stmt, 8), mask);
      json_builder_end_object (builder);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}
