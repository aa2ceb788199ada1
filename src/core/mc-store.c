/* mc-store.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-store.h"

gboolean
mc_store_add (McDb        *db,
              const char  *name,
              const char  *city,
              char       **id_out,
              GError     **error)
{
  g_autofree char *id = mc_db_new_id ();
  g_autofree char *rev = mc_db_new_rev (NULL);
  g_autofree char *clean = g_strstrip (g_strdup (name != NULL ? name : ""));
  g_autofree char *existing = NULL;
  sqlite3_stmt *stmt;

  if (clean[0] == '\0' || g_utf8_strlen (clean, -1) > 64)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A store needs a name of 1 to 64 characters."));
      return FALSE;
    }
  if (!mc_audit_require (db, MC_PERMISSION_WRITE_PROGRAMME, "store.add", error))
    return FALSE;
  existing = mc_store_lookup (db, clean, NULL);
  if (existing != NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_DUPLICATE, _("There is a store named “%s” already."), clean);
      return FALSE;
    }
  if (!mc_db_begin (db, error))
    return FALSE;
  stmt = mc_db_prepare (db, "INSERT INTO store (id, name, city, rev, seq) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, clean, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, city, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, mc_db_next_seq (db));
  if (!mc_db_step_done (db, stmt, error) ||
      !mc_audit_log (db, "store.add", "store", id, NULL, NULL, error) ||
      !mc_db_commit (db, error))
    goto fail;
  if (id_out != NULL)
    *id_out = g_steal_pointer (&id);
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}

char *
mc_store_lookup (McDb        *db,
                 const char  *name_or_id,
                 GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT id FROM store WHERE deleted = 0 AND (name = ?1 OR id = ?1)", error);
  char *id = NULL;
  g_autoptr(GString) names = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name_or_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup (mc_db_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (id != NULL)
    return id;

  names = g_string_new (NULL);
  stmt = mc_db_prepare (db, "SELECT name FROM store WHERE deleted = 0 ORDER BY name", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (names, "%s%s", names->len > 0 ? _(", ") : "", mc_db_column_text (stmt, 0));
  if (stmt != NULL)
    sqlite3_reset (stmt);
  if (names->len > 0)
    g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                 _("There is no store “%s”. The stores are: %s."), name_or_id, names->str);
  else
    g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                 _("There is no store “%s”: this workspace has no stores yet."), name_or_id);
  return NULL;
}

char *
mc_store_name (McDb       *db,
               const char *id)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, "SELECT name FROM store WHERE id = ?", NULL);
  char *name = NULL;

  if (stmt == NULL || id == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = g_strdup (mc_db_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return name;
}

gboolean
mc_tag_kind_valid (const char *kind)
{
  return g_strcmp0 (kind, "basic") == 0 || g_strcmp0 (kind, "behaviour") == 0 ||
         g_strcmp0 (kind, "interest") == 0 || g_strcmp0 (kind, "value") == 0;
}

static char *
tag_id_for_name (McDb       *db,
                 const char *name)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, "SELECT id FROM tag WHERE name = ? AND deleted = 0", NULL);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup (mc_db_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

char *
mc_tag_ensure (McDb        *db,
               const char  *name,
               const char  *kind,
               GError     **error)
{
  g_autofree char *id = tag_id_for_name (db, name);
  g_autofree char *rev = NULL;
  sqlite3_stmt *stmt;

  if (id != NULL)
    return g_steal_pointer (&id);
  id = mc_db_new_id ();
  rev = mc_db_new_rev (NULL);
  stmt = mc_db_prepare (db, "INSERT INTO tag (id, name, kind, rev, seq) VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, mc_db_next_seq (db));
  if (!mc_db_step_done (db, stmt, error))
    return NULL;
  return g_steal_pointer (&id);
}

gboolean
mc_tag_link (McDb        *db,
             const char  *member_id,
             const char  *tag_id,
             GError     **error)
{
  g_autofree char *link_id = mc_db_new_id ();
  g_autofree char *rev = mc_db_new_rev (NULL);
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "INSERT INTO member_tag (id, member_id, tag_id, rev, seq) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, link_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, tag_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, mc_db_next_seq (db));
  return mc_db_step_done (db, stmt, error);
}

gboolean
mc_tag_add_to_member (McDb        *db,
                      const char  *member_id,
                      const char  *tag_name,
                      const char  *kind,
                      GError     **error)
{
  g_autofree char *name = g_strstrip (g_strdup (tag_name != NULL ? tag_name : ""));
  g_autofree char *tag_id = NULL;

  if (kind == NULL)
    kind = "basic";
  if (name[0] == '\0' || g_utf8_strlen (name, -1) > 32)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("A tag needs a name of 1 to 32 characters."));
      return FALSE;
    }
  if (!mc_tag_kind_valid (kind))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not a tag kind: use basic, behaviour, interest or value."), kind);
      return FALSE;
    }
  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, "tag.add", error) ||
      !mc_db_begin (db, error))
    return FALSE;

  tag_id = mc_tag_ensure (db, name, kind, error);
  if (tag_id == NULL)
    goto fail;
  if (!mc_tag_link (db, member_id, tag_id, error) ||
      !mc_audit_log (db, "tag.add", "member", member_id, NULL, NULL, error) ||
      !mc_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}

gboolean
mc_tag_remove_from_member (McDb        *db,
                           const char  *member_id,
                           const char  *tag_name,
                           GError     **error)
{
  g_autofree char *tag_id = NULL;
  sqlite3_stmt *stmt;

  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, "tag.remove", error))
    return FALSE;
  tag_id = tag_id_for_name (db, tag_name);
  if (tag_id == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND, _("There is no tag “%s”."), tag_name);
      return FALSE;
    }
  if (!mc_db_begin (db, error))
    return FALSE;
  stmt = mc_db_prepare (db,
    "UPDATE member_tag SET deleted = 1, seq = ?, rev = ? "
    "WHERE member_id = ? AND tag_id = ? AND deleted = 0", error);
  if (stmt == NULL)
    goto fail;
  {
    g_autofree char *rev = mc_db_new_rev ("1");

    sqlite3_bind_int64 (stmt, 1, mc_db_next_seq (db));
    sqlite3_bind_text (stmt, 2, rev, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, member_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (stmt, 4, tag_id, -1, SQLITE_STATIC);
    if (!mc_db_step_done (db, stmt, error))
      goto fail;
  }
  if (sqlite3_changes (mc_db_get_handle (db)) == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND, _("The member has no tag “%s”."), tag_name);
      goto fail;
    }
  if (!mc_audit_log (db, "tag.remove", "member", member_id, NULL, NULL, error) ||
      !mc_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}

char **
mc_tag_list_for_member (McDb        *db,
                        const char  *member_id,
                        GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT t.name, t.kind FROM member_tag mt JOIN tag t ON t.id = mt.tag_id "
    "WHERE mt.member_id = ? AND mt.deleted = 0 ORDER BY t.kind, t.name", error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *item = g_strdup_printf ("%s:%s", mc_db_column_text (stmt, 0),
                                               mc_db_column_text (stmt, 1));

      g_strv_builder_add (builder, item);
    }
  sqlite3_reset (stmt);
  return g_strv_builder_end (builder);
}

char **
mc_store_list_names (McDb    *db,
                     GError **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT name FROM store WHERE deleted = 0 ORDER BY name", error);
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, mc_db_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      mc_db_set_error (db, error);
      return NULL;
    }
  return g_strv_builder_end (builder);
}
