/* mc-member.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Members in the workspace: insert, update, soft delete, loading and finding. The record
 * itself (validation, JSON) is in mc-member-record.c.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <inttypes.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-member.h"
#include "mc-member-private.h"
#include "mc-search.h"
#include "mc-validate.h"

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           col,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, col, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, col);
}

static void
bind_int_or_null (sqlite3_stmt *stmt,
                  int           col,
                  gint64        value)
{
  if (value != 0)
    sqlite3_bind_int64 (stmt, col, value);
  else
    sqlite3_bind_null (stmt, col);
}

/* ?1 .. ?16 of both the INSERT and the UPDATE: the fields a person edits. */
static void
bind_person_fields (sqlite3_stmt   *stmt,
                    const McMember *self)
{
  char gender[2] = { self->gender, '\0' };

  sqlite3_bind_text (stmt, 1, self->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, self->card_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, self->name, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 4, self->phone);
  bind_text_or_null (stmt, 5, self->email);
  sqlite3_bind_text (stmt, 6, gender, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 7, self->birthday);
  bind_text_or_null (stmt, 8, self->region);
  bind_text_or_null (stmt, 9, self->store_id);
  sqlite3_bind_text (stmt, 10, self->join_channel, -1, SQLITE_STATIC);
  bind_text_or_null (stmt, 11, self->referrer_id);
  sqlite3_bind_text (stmt, 12, self->status, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 13, self->consent_marketing ? 1 : 0);
  bind_int_or_null (stmt, 14, self->consent_at);
  bind_text_or_null (stmt, 15, self->consent_purpose);
  bind_text_or_null (stmt, 16, self->notes);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           col)
{
  return g_strdup (mc_db_column_text (stmt, col));
}

McMember *
mc_member_from_row (sqlite3_stmt *stmt)
{
  McMember *m = mc_member_new ();
  const char *gender;

  m->rowid = sqlite3_column_int64 (stmt, 0);
  m->id = column_dup (stmt, 1);
  m->card_no = column_dup (stmt, 2);
  m->name = column_dup (stmt, 3);
  m->phone = column_dup (stmt, 4);
  m->email = column_dup (stmt, 5);
  gender = mc_db_column_text (stmt, 6);
  m->gender = gender != NULL ? gender[0] : 'u';
  m->birthday = column_dup (stmt, 7);
  m->region = column_dup (stmt, 8);
  m->store_id = column_dup (stmt, 9);
  m->joined_at = sqlite3_column_int64 (stmt, 10);
  m->join_channel = column_dup (stmt, 11);
  m->referrer_id = column_dup (stmt, 12);
  m->status = column_dup (stmt, 13);
  m->consent_marketing = sqlite3_column_int (stmt, 14) != 0;
  m->consent_at = sqlite3_column_int64 (stmt, 15);
  m->consent_purpose = column_dup (stmt, 16);
  m->notes = column_dup (stmt, 17);
  m->tier = column_dup (stmt, 18);
  m->tier_since = sqlite3_column_int64 (stmt, 19);
  m->downgrade_pending_since = sqlite3_column_int64 (stmt, 20);
  m->manual_tier = column_dup (stmt, 21);
  m->manual_reason = column_dup (stmt, 22);
  m->manual_until = sqlite3_column_int64 (stmt, 23);
  m->points_balance = sqlite3_column_int64 (stmt, 24);
  m->growth = sqlite3_column_int64 (stmt, 25);
  m->spend_fen = sqlite3_column_int64 (stmt, 26);
  m->orders_count = sqlite3_column_int64 (stmt, 27);
  m->last_visit_at = sqlite3_column_int64 (stmt, 28);
  m->updated_at = sqlite3_column_int64 (stmt, 29);
  m->rev = column_dup (stmt, 30);
  m->deleted = sqlite3_column_int (stmt, 31) != 0;
  m->seq = sqlite3_column_int64 (stmt, 32);
  return m;
}

static McMember *
load_where (McDb        *db,
            const char  *where,
            const char  *text,
            gint64       number,
            GError     **error)
{
  g_autofree char *sql = g_strconcat ("SELECT " MC_MEMBER_COLUMNS " FROM member WHERE ", where, NULL);
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, error);
  McMember *m = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_int64 (stmt, 1, number);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    m = mc_member_from_row (stmt);
  else if (rc != SQLITE_DONE)
    mc_db_set_error (db, error);
  sqlite3_reset (stmt);
  return m;
}

static void
set_not_found (GError     **error,
               const char  *ref)
{
  g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
               _("No member “%s”: give a member id, a phone number or a card number."), ref);
}

McMember *
mc_member_load (McDb        *db,
                const char  *id,
                GError     **error)
{
  GError *local_error = NULL;
  McMember *m = load_where (db, "id = ?", id, 0, &local_error);

  if (m == NULL && local_error == NULL)
    set_not_found (&local_error, id);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return m;
}

McMember *
mc_member_load_rowid (McDb    *db,
                      gint64   rowid,
                      GError **error)
{
  GError *local_error = NULL;
  McMember *m = load_where (db, "rowid = ?", NULL, rowid, &local_error);

  if (m == NULL && local_error == NULL)
    g_set_error (&local_error, MC_ERROR, MC_ERROR_NOT_FOUND, _("No member with row %" PRId64 "."), rowid);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return m;
}

McMember *
mc_member_find (McDb        *db,
                const char  *ref,
                GError     **error)
{
  g_autofree char *e164 = NULL;
  g_autofree char *card = NULL;
  GError *local_error = NULL;
  McMember *m;

  g_return_val_if_fail (ref != NULL, NULL);

  m = load_where (db, "id = ? AND deleted = 0", ref, 0, &local_error);
  if (m == NULL && local_error == NULL && mc_validate_phone (ref, &e164, NULL))
    m = load_where (db, "phone = ? AND deleted = 0", e164, 0, &local_error);
  if (m == NULL && local_error == NULL && mc_validate_card_no (ref, &card, NULL))
    m = load_where (db, "card_no = ? AND deleted = 0", card, 0, &local_error);
  if (m == NULL && local_error == NULL)
    set_not_found (&local_error, ref);
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return m;
}

char *
mc_member_id_for_phone (McDb        *db,
                        const char  *e164,
                        GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT id FROM member WHERE phone = ? AND deleted = 0", error);
  char *id = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, e164, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = g_strdup (mc_db_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

gboolean
mc_member_reserve_card_nos (McDb    *db,
                            guint    n,
                            gint64  *first,
                            GError **error)
{
  g_autofree char *value = NULL;
  gint64 next;
  char buf[32];

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (mc_db_in_transaction (db), FALSE);
  g_return_val_if_fail (n > 0, FALSE);
  g_return_val_if_fail (first != NULL, FALSE);

  if (!mc_db_get_meta (db, "next_card_no", &value, error))
    return FALSE;
  if (value != NULL)
    next = g_ascii_strtoll (value, NULL, 10);
  else
    {
      /* Past any card number that was imported in our format. */
      sqlite3_stmt *stmt = mc_db_prepare (db,
        "SELECT max (CAST (substr (card_no, 3) AS INTEGER)) FROM member "
        "WHERE card_no GLOB 'MC[0-9]*'", error);

      if (stmt == NULL)
        return FALSE;
      next = sqlite3_step (stmt) == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) + 1 : 1;
      sqlite3_reset (stmt);
    }
  g_snprintf (buf, sizeof buf, "%" PRId64, next + n);
  if (!mc_db_set_meta (db, "next_card_no", buf, error))
    return FALSE;
  *first = next;
  return TRUE;
}

char *
mc_member_next_card_no (McDb    *db,
                        GError **error)
{
  gint64 number;

  g_return_val_if_fail (mc_db_in_transaction (db), NULL);

  if (!mc_member_reserve_card_nos (db, 1, &number, error))
    return NULL;
  return g_strdup_printf (MC_MEMBER_CARD_NO_FORMAT, number);
}

static gboolean
check_unique (McDb            *db,
              const McMember  *self,
              GError         **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT id, name, card_no, phone = ?2 FROM member "
    "WHERE deleted = 0 AND (phone = ?2 OR card_no = ?3) AND id IS NOT ?1", error);
  gboolean ok = TRUE;

  if (stmt == NULL)
    return FALSE;
  bind_text_or_null (stmt, 1, self->id);
  bind_text_or_null (stmt, 2, self->phone);
  bind_text_or_null (stmt, 3, self->card_no);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *masked = mc_mask_phone (self->phone);

      if (sqlite3_column_int (stmt, 3))
        g_set_error (error, MC_ERROR, MC_ERROR_DUPLICATE,
                     _("The phone number %s belongs to %s (card %s) already."),
                     masked, mc_db_column_text (stmt, 1), mc_db_column_text (stmt, 2));
      else
        g_set_error (error, MC_ERROR, MC_ERROR_DUPLICATE,
                     _("The card number %s belongs to %s already."),
                     self->card_no, mc_db_column_text (stmt, 1));
      ok = FALSE;
    }
  sqlite3_reset (stmt);
  return ok;
}

static char *
member_json_text (const McMember *self)
{
  g_autoptr(JsonNode) node = mc_member_to_json (self, MC_ROLE_OWNER);

  return mc_json_to_string (node);
}

gboolean
mc_member_insert (McDb      *db,
                  McMember  *self,
                  GError   **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *after = NULL;
  g_autofree char *base_tier = NULL;
  gboolean generated_card = FALSE;
  gint64 now = mc_db_now ();

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (self != NULL, FALSE);

  if (!mc_member_validate (self, error))
    return FALSE;
  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, "member.add", error))
    return FALSE;
  if (!mc_db_begin (db, error))
    return FALSE;

  g_free (self->id);
  self->id = mc_db_new_id ();
  g_free (self->rev);
  self->rev = mc_db_new_rev (NULL);
  if (self->card_no == NULL)
    {
      if ((self->card_no = mc_member_next_card_no (db, error)) == NULL)
        goto fail;
      generated_card = TRUE;
    }
  if (!check_unique (db, self, error))
    goto fail;
  if (self->joined_at == 0)
    self->joined_at = now;
  if (self->consent_marketing && self->consent_at == 0)
    self->consent_at = now;
  {
    /* Everyone starts in the lowest tier of the live programme. */
    sqlite3_stmt *t = mc_db_prepare (db,
      "SELECT json_extract (doc, '$.tiers[0].code') FROM programme_version "
      "WHERE status = 'live' AND deleted = 0", error);

    if (t == NULL)
      goto fail;
    if (sqlite3_step (t) == SQLITE_ROW)
      base_tier = column_dup (t, 0);
    sqlite3_reset (t);
  }
  g_free (self->tier);
  self->tier = g_strdup (base_tier != NULL ? base_tier : "base");
  self->tier_since = self->joined_at;
  self->updated_at = now;
  self->seq = mc_db_next_seq (db);

  stmt = mc_db_prepare (db,
    "INSERT INTO member (id, card_no, name, phone, email, gender, birthday, region, store_id, "
    "join_channel, referrer_id, status, consent_marketing, consent_at, consent_purpose, notes, "
    "joined_at, tier, tier_since, updated_at, rev, seq) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
    "?19, ?20, ?21, ?22)", error);
  if (stmt == NULL)
    goto fail;
  bind_person_fields (stmt, self);
  sqlite3_bind_int64 (stmt, 17, self->joined_at);
  sqlite3_bind_text (stmt, 18, self->tier, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 19, self->tier_since);
  sqlite3_bind_int64 (stmt, 20, self->updated_at);
  sqlite3_bind_text (stmt, 21, self->rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 22, self->seq);
  if (!mc_db_step_done (db, stmt, error))
    goto fail;
  self->rowid = sqlite3_last_insert_rowid (mc_db_get_handle (db));
  if (!mc_search_index (db, self->rowid, self->name, self->phone, error))
    goto fail;
  after = member_json_text (self);
  if (!mc_audit_log (db, "member.add", "member", self->id, NULL, after, error))
    goto fail;
  if (!mc_db_commit (db, error))
    goto fail_committed;
  return TRUE;

fail:
  mc_db_rollback (db);
fail_committed:
  g_clear_pointer (&self->id, g_free);
  if (generated_card)
    g_clear_pointer (&self->card_no, g_free);
  return FALSE;
}

gboolean
mc_member_update (McDb      *db,
                  McMember  *self,
                  GError   **error)
{
  g_autoptr(McMember) old = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *rev = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (self != NULL && self->id != NULL, FALSE);

  if (!mc_member_validate (self, error))
    return FALSE;
  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, "member.edit", error))
    return FALSE;
  if (!mc_db_begin (db, error))
    return FALSE;
  old = mc_member_load (db, self->id, error);
  if (old == NULL)
    goto fail;
  if (old->deleted || g_strcmp0 (old->status, "erased") == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("The member %s was deleted or erased and cannot be edited."), old->name);
      goto fail;
    }
  if (self->card_no == NULL)
    self->card_no = g_strdup (old->card_no);
  if (!check_unique (db, self, error))
    goto fail;
  if (self->consent_marketing && !old->consent_marketing && self->consent_at == 0)
    self->consent_at = mc_db_now ();
  if (!self->consent_marketing)
    self->consent_at = old->consent_marketing ? mc_db_now () : old->consent_at;

  rev = mc_db_new_rev (old->rev);
  stmt = mc_db_prepare (db,
    "UPDATE member SET card_no = ?2, name = ?3, phone = ?4, email = ?5, gender = ?6, "
    "birthday = ?7, region = ?8, store_id = ?9, join_channel = ?10, referrer_id = ?11, "
    "status = ?12, consent_marketing = ?13, consent_at = ?14, consent_purpose = ?15, "
    "notes = ?16, updated_at = ?17, rev = ?18, seq = ?19 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  bind_person_fields (stmt, self);
  sqlite3_bind_int64 (stmt, 17, mc_db_now ());
  sqlite3_bind_text (stmt, 18, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 19, mc_db_next_seq (db));
  if (!mc_db_step_done (db, stmt, error))
    goto fail;
  if (!mc_search_unindex (db, old->rowid, old->name, old->phone, error) ||
      !mc_search_index (db, old->rowid, self->name, self->phone, error))
    goto fail;

  {
    g_autoptr(McMember) now = mc_member_load (db, self->id, error);

    if (now == NULL)
      goto fail;
    before = member_json_text (old);
    after = member_json_text (now);
  }
  if (!mc_audit_log (db, "member.edit", "member", self->id, before, after, error) ||
      !mc_db_commit (db, error))
    goto fail;
  g_free (self->rev);
  self->rev = g_steal_pointer (&rev);
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}

gboolean
mc_member_set_deleted (McDb        *db,
                       const char  *id,
                       gboolean     deleted,
                       GError     **error)
{
  g_autoptr(McMember) old = NULL;
  g_autofree char *rev = NULL;
  sqlite3_stmt *stmt;

  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, deleted ? "member.delete" : "member.restore", error) ||
      !mc_db_begin (db, error))
    return FALSE;
  old = mc_member_load (db, id, error);
  if (old == NULL)
    goto fail;
  if (old->deleted == deleted)
    return mc_db_commit (db, error);
  if (!deleted && old->phone != NULL)
    {
      /* Undo must not make two live members share a phone. */
      g_autofree char *other = mc_member_id_for_phone (db, old->phone, NULL);

      if (other != NULL)
        {
          g_autofree char *masked = mc_mask_phone (old->phone);

          g_set_error (error, MC_ERROR, MC_ERROR_DUPLICATE,
                       _("Cannot restore %s: the phone number %s belongs to another member now."),
                       old->name, masked);
          goto fail;
        }
    }
  rev = mc_db_new_rev (old->rev);
  stmt = mc_db_prepare (db,
    "UPDATE member SET deleted = ?2, updated_at = ?3, rev = ?4, seq = ?5 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, deleted ? 1 : 0);
  sqlite3_bind_int64 (stmt, 3, mc_db_now ());
  sqlite3_bind_text (stmt, 4, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, mc_db_next_seq (db));
  if (!mc_db_step_done (db, stmt, error) ||
      !mc_audit_log (db, deleted ? "member.delete" : "member.restore", "member", id, NULL, NULL, error) ||
      !mc_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}

gint64
mc_member_count (McDb    *db,
                 GError **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, "SELECT count(*) FROM member WHERE deleted = 0", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    mc_db_set_error (db, error);
  sqlite3_reset (stmt);
  return n;
}
