/* mc-member-privacy.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PIPL: the export of one member's data, and erasure. Erasure removes the person and
 * keeps the business: orders, ledgers, events and the member's totals stay, under a
 * neutral name, so revenue, points and every aggregate stay right.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "mc-audit.h"
#include "mc-error.h"
#include "mc-member.h"
#include "mc-member-privacy.h"
#include "mc-programme.h"
#include "mc-search.h"
#include "mc-store.h"

/* ------------------------------------------------------------------------------------ */
/* Export                                                                               */

/* Adds name: an array of the rows of sql (one ?1 = member_id), each an object keyed by
 * the column names. *n_rows: how many. */
static gboolean
add_rows (McDb         *db,
          JsonBuilder  *b,
          const char   *name,
          const char   *sql,
          const char   *member_id,
          gint64       *n_rows,
          GError      **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, error);
  gint64 n = 0;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  json_builder_set_member_name (b, name);
  json_builder_begin_array (b);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_object (b);
      for (int col = 0; col < sqlite3_column_count (stmt); col++)
        {
          json_builder_set_member_name (b, sqlite3_column_name (stmt, col));
          switch (sqlite3_column_type (stmt, col))
            {
            case SQLITE_INTEGER:
              json_builder_add_int_value (b, sqlite3_column_int64 (stmt, col));
              break;
            case SQLITE_FLOAT:
              json_builder_add_double_value (b, sqlite3_column_double (stmt, col));
              break;
            case SQLITE_TEXT:
              json_builder_add_string_value (b, mc_db_column_text (stmt, col));
              break;
            default:
              json_builder_add_null_value (b);
              break;
            }
        }
      json_builder_end_object (b);
      n++;
    }
  sqlite3_reset (stmt);
  json_builder_end_array (b);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, error);
  if (n_rows != NULL)
    *n_rows = n;
  return TRUE;
}

static void
add_time (JsonBuilder *b,
          const char  *name,
          gint64       value)
{
  json_builder_set_member_name (b, name);
  if (value != 0)
    json_builder_add_int_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_string (JsonBuilder *b,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_tier (McDb        *db,
          JsonBuilder *b,
          McMember    *m)
{
  g_autoptr(McProgramme) programme = mc_programme_load_live (db, NULL);
  const McTier *tier = programme != NULL ? mc_programme_get_tier (programme, m->tier) : NULL;

  json_builder_set_member_name (b, "tier");
  json_builder_begin_object (b);
  add_string (b, "code", m->tier);
  add_string (b, "name", tier != NULL ? tier->name : NULL);
  add_time (b, "since", m->tier_since);
  add_time (b, "downgrade_pending_since", m->downgrade_pending_since);
  json_builder_set_member_name (b, "manual_override");
  if (m->manual_tier != NULL)
    {
      json_builder_begin_object (b);
      add_string (b, "tier", m->manual_tier);
      add_string (b, "reason", m->manual_reason);
      add_time (b, "until", m->manual_until);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

char *
mc_member_export_data (McDb        *db,
                       const char  *member_id,
                       GError     **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonGenerator) gen = NULL;
  g_autoptr(McMember) m = NULL;
  g_autofree char *store = NULL;
  g_autofree char *after = NULL;
  gint64 n_orders = 0, n_refunds = 0, n_points = 0, n_growth = 0, n_events = 0;

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (member_id != NULL, NULL);

  if (!mc_audit_require (db, MC_PERMISSION_SEE_CONTACT, "member.export-data", error) ||
      !mc_db_begin (db, error))
    return NULL;
  m = mc_member_load (db, member_id, error);
  if (m == NULL)
    goto fail;
  store = mc_store_name (db, m->store_id);

  json_builder_begin_object (b);
  add_string (b, "format", "member-console/member-data");
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, 1);
  add_time (b, "exported_at", mc_db_now ());

  json_builder_set_member_name (b, "profile");
  json_builder_add_value (b, mc_member_to_json (m, MC_ROLE_OWNER));
  add_string (b, "store", store);

  json_builder_set_member_name (b, "consent");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "marketing");
  json_builder_add_boolean_value (b, m->consent_marketing);
  add_time (b, "at", m->consent_at);
  add_string (b, "purpose", m->consent_purpose);
  json_builder_end_object (b);

  add_tier (db, b, m);

  if (!add_rows (db, b, "tags",
                 "SELECT t.name AS name, t.kind AS kind FROM member_tag mt "
                 "JOIN tag t ON t.id = mt.tag_id "
                 "WHERE mt.member_id = ?1 AND mt.deleted = 0 AND t.deleted = 0 ORDER BY t.name",
                 member_id, NULL, error) ||
      !add_rows (db, b, "orders",
                 "SELECT o.id AS id, o.at AS at, o.amount_fen AS amount_fen, "
                 "(SELECT s.name FROM store s WHERE s.id = o.store_id) AS store, o.note AS note "
                 "FROM orders o WHERE o.member_id = ?1 AND o.refund_of IS NULL AND o.deleted = 0 "
                 "ORDER BY o.at, o.seq",
                 member_id, &n_orders, error) ||
      !add_rows (db, b, "refunds",
                 "SELECT o.id AS id, o.refund_of AS refund_of, o.at AS at, "
                 "o.amount_fen AS amount_fen, o.note AS note "
                 "FROM orders o WHERE o.member_id = ?1 AND o.refund_of IS NOT NULL AND o.deleted = 0 "
                 "ORDER BY o.at, o.seq",
                 member_id, &n_refunds, error) ||
      !add_rows (db, b, "points_ledger",
                 "SELECT id, at, kind, delta, reason, ref_id, expires_at, unrecovered "
                 "FROM points_ledger WHERE member_id = ?1 AND deleted = 0 ORDER BY at, seq",
                 member_id, &n_points, error) ||
      !add_rows (db, b, "growth_ledger",
                 "SELECT id, at, kind, delta, reason, ref_id, unrecovered "
                 "FROM growth_ledger WHERE member_id = ?1 AND deleted = 0 ORDER BY at, seq",
                 member_id, &n_growth, error) ||
      !add_rows (db, b, "events",
                 "SELECT id, at, kind, ref FROM member_event "
                 "WHERE member_id = ?1 AND deleted = 0 ORDER BY at, seq",
                 member_id, &n_events, error) ||
      !add_rows (db, b, "subscriptions",
                 "SELECT s.id AS id, p.code AS plan_code, p.name AS plan_name, "
                 "p.period AS period, s.status AS status, s.started_at AS started_at, "
                 "s.ends_at AS ends_at, s.trial_until AS trial_until, "
                 "s.auto_renew AS auto_renew, s.renewals AS renewals "
                 "FROM subscription s LEFT JOIN paid_plan p ON p.id = s.plan_id "
                 "WHERE s.member_id = ?1 AND s.deleted = 0 ORDER BY s.started_at",
                 member_id, NULL, error) ||
      !add_rows (db, b, "benefits_used",
                 "SELECT e.at AS at, b.code AS code, b.name AS name FROM member_event e "
                 "LEFT JOIN benefit b ON b.id = e.ref "
                 "WHERE e.member_id = ?1 AND e.kind = 'benefit_used' AND e.deleted = 0 "
                 "ORDER BY e.at, e.seq",
                 member_id, NULL, error) ||
      /* What was done with the data, and when (PIPL: the right to know); who did it is
       * the staff's own data, and the records' content is above. */
      !add_rows (db, b, "processing_log",
                 "SELECT at, action, role FROM audit_log WHERE entity_id = ?1 ORDER BY id",
                 member_id, NULL, error))
    goto fail;
  json_builder_end_object (b);
  root = json_builder_get_root (b);

  /* Counts only: the audit log holds no copy of the data. */
  after = g_strdup_printf ("{\"orders\":%" PRId64 ",\"refunds\":%" PRId64
                           ",\"points_entries\":%" PRId64 ",\"growth_entries\":%" PRId64
                           ",\"events\":%" PRId64 "}",
                           n_orders, n_refunds, n_points, n_growth, n_events);
  if (!mc_audit_log (db, "member.export-data", "member", member_id, NULL, after, error) ||
      !mc_db_commit (db, error))
    goto fail;

  gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);

fail:
  mc_db_rollback (db);
  return NULL;
}

/* ------------------------------------------------------------------------------------ */
/* Erasure                                                                              */

/* The fields of a member's JSON (mc_member_to_json) that hold personal data, besides
 * the name. */
static const char * const personal_keys[] = {
  "phone", "email", "birthday", "region", "notes", "consent_purpose", "referrer_id",
};

/* Replaces every occurrence of a secret in text; NULL when there was none. */
static char *
replace_secrets (const char         *text,
                 const char * const *secrets,
                 const char         *placeholder)
{
  g_autofree char *out = NULL;

  for (guint i = 0; secrets[i] != NULL; i++)
    {
      const char *current = out != NULL ? out : text;

      if (secrets[i][0] != '\0' && strstr (current, secrets[i]) != NULL)
        {
          g_auto(GStrv) parts = g_strsplit (current, secrets[i], -1);
          char *joined = g_strjoinv (placeholder, parts);

          g_free (out);
          out = joined;
        }
    }
  return g_steal_pointer (&out);
}

/* Removes the member's personal data from a JSON value in place: every secret in a string,
 * and, when the top value is a member record, its personal fields. */
static gboolean
scrub_node (JsonNode           *node,
            gboolean            top,
            const char * const *secrets,
            const char         *placeholder)
{
  gboolean changed = FALSE;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *obj = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (obj);
        /* A member record (member.add, member.edit), not another change's summary. */
        gboolean record = top && json_object_has_member (obj, "card_no");

        for (GList *l = members; l != NULL; l = l->next)
          {
            const char *key = l->data;
            JsonNode *child = json_object_get_member (obj, key);
            gboolean personal = FALSE;

            for (guint i = 0; record && i < G_N_ELEMENTS (personal_keys); i++)
              personal |= g_str_equal (key, personal_keys[i]);
            if (personal && !JSON_NODE_HOLDS_NULL (child))
              {
                json_object_set_null_member (obj, key);
                changed = TRUE;
              }
            else if (record && g_str_equal (key, "name") && JSON_NODE_HOLDS_VALUE (child) &&
                     g_strcmp0 (json_node_get_string (child), placeholder) != 0)
              {
                json_object_set_string_member (obj, key, placeholder);
                changed = TRUE;
              }
            else
              changed |= scrub_node (child, FALSE, secrets, placeholder);
          }
      }
      break;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          changed |= scrub_node (json_array_get_element (array, i), FALSE, secrets, placeholder);
      }
      break;
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING)
        {
          g_autofree char *replaced = replace_secrets (json_node_get_string (node), secrets,
                                                       placeholder);

          if (replaced != NULL)
            {
              json_node_set_string (node, replaced);
              changed = TRUE;
            }
        }
      break;
    case JSON_NODE_NULL:
    default:
      break;
    }
  return changed;
}

/* The text of a scrubbed JSON value, or NULL when nothing in it changed. */
static char *
scrub_json_text (const char         *text,
                 const char * const *secrets,
                 const char         *placeholder)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (text == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return replace_secrets (text, secrets, placeholder);
  if (!scrub_node (json_parser_get_root (parser), TRUE, secrets, placeholder))
    return NULL;
  return mc_json_to_string (json_parser_get_root (parser));
}

/* The audit log's records of this member keep what happened, not who it was. */
static gboolean
scrub_audit_log (McDb               *db,
                 const char         *member_id,
                 const char * const *secrets,
                 const char         *placeholder,
                 GError            **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) befores = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) afters = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT id, before, after FROM audit_log WHERE entity_id = ?", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *before = scrub_json_text (mc_db_column_text (stmt, 1), secrets, placeholder);
      char *after = scrub_json_text (mc_db_column_text (stmt, 2), secrets, placeholder);
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (before == NULL && after == NULL)
        continue;
      g_array_append_val (ids, id);
      /* NULL: leave the column as it is. */
      g_ptr_array_add (befores, before);
      g_ptr_array_add (afters, after);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, error);

  for (guint i = 0; i < ids->len; i++)
    {
      stmt = mc_db_prepare (db,
        "UPDATE audit_log SET before = coalesce (?2, before), after = coalesce (?3, after) "
        "WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, i));
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (befores, i), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, g_ptr_array_index (afters, i), -1, SQLITE_STATIC);
      if (!mc_db_step_done (db, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Free text the member's own rows may hold (an order's note, a ledger entry's reason, the
 * reason of a manual tier) loses every secret. */
static gboolean
scrub_free_text (McDb               *db,
                 const char         *member_id,
                 const char * const *secrets,
                 const char         *placeholder,
                 GError            **error)
{
  static const char * const columns[][3] = {
    { "orders", "note", "member_id" }, { "points_ledger", "reason", "member_id" },
    { "growth_ledger", "reason", "member_id" }, { "member", "manual_reason", "id" },
  };

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    for (guint i = 0; secrets[i] != NULL; i++)
      {
        g_autofree char *sql = g_strdup_printf (
          "UPDATE %s SET %s = replace (%s, ?2, ?3) WHERE %s = ?1 AND instr (%s, ?2) > 0",
          columns[c][0], columns[c][1], columns[c][1], columns[c][2], columns[c][1]);
        sqlite3_stmt *stmt = mc_db_prepare (db, sql, error);

        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 2, secrets[i], -1, SQLITE_STATIC);
        sqlite3_bind_text (stmt, 3, placeholder, -1, SQLITE_STATIC);
        if (!mc_db_step_done (db, stmt, error))
          return FALSE;
      }
  return TRUE;
}

static int
get_secure_delete (McDb *db)
{
  sqlite3_stmt *stmt = NULL;
  int value = 0;

  if (sqlite3_prepare_v2 (mc_db_get_handle (db), "PRAGMA secure_delete", -1, &stmt, NULL) ==
      SQLITE_OK && sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
set_secure_delete (McDb *db,
                   int   value)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA secure_delete = %d", value);

  sqlite3_exec (mc_db_get_handle (db), sql, NULL, NULL, NULL);
}

static gboolean erase_in_transaction (McDb        *db,
                                      const char  *member_id,
                                      const char  *typed_name,
                                      GError     **error);

gboolean
mc_member_erase (McDb        *db,
                 const char  *member_id,
                 const char  *typed_name,
                 GError     **error)
{
  gboolean outermost;
  int secure_delete;
  gboolean ok;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);

  /* What is deleted or overwritten is zeroed on its page, not merely unlinked (SQLite
   * builds differ in their default); the write-ahead log, which holds pages as they were,
   * is emptied after the commit. */
  outermost = !mc_db_in_transaction (db);
  secure_delete = get_secure_delete (db);
  if (outermost)
    set_secure_delete (db, 1);
  ok = erase_in_transaction (db, member_id, typed_name, error);
  if (outermost)
    {
      set_secure_delete (db, secure_delete);
      /* Best effort: a reader on another connection can hold the log; the next
       * checkpoint then overwrites what it keeps. */
      if (ok)
        sqlite3_exec (mc_db_get_handle (db), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
    }
  return ok;
}

static gboolean
erase_in_transaction (McDb        *db,
                 const char  *member_id,
                 const char  *typed_name,
                 GError     **error)
{
  g_autoptr(McMember) old = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *rev = NULL;
  g_autofree char *national = NULL;
  /* TRANSLATORS: the name an erased member is shown under */
  const char *placeholder = _("Erased member");
  const char *secrets[5] = { NULL };
  guint n_secrets = 0;
  sqlite3_stmt *stmt;
  gint64 now = mc_db_now ();

  typed = g_strstrip (g_strdup (typed_name != NULL ? typed_name : ""));
  if (!mc_audit_require (db, MC_PERMISSION_ADMIN, "member.erase", error) ||
      !mc_db_begin (db, error))
    return FALSE;
  old = mc_member_load (db, member_id, error);
  if (old == NULL)
    goto fail;
  if (g_strcmp0 (old->status, "erased") == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("This member was erased already: there is no personal data left to erase."));
      goto fail;
    }
  if (g_strcmp0 (typed, old->name) != 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The name typed does not match the member’s name: nothing was erased. "
                     "Type the name exactly as it is shown."));
      goto fail;
    }

  rev = mc_db_new_rev (old->rev);
  stmt = mc_db_prepare (db,
    "UPDATE member SET name = ?2, phone = NULL, email = NULL, birthday = NULL, region = NULL, "
    "notes = NULL, consent_purpose = NULL, consent_marketing = 0, referrer_id = NULL, "
    "status = 'erased', updated_at = ?3, rev = ?4, seq = ?5 WHERE id = ?1", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, placeholder, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, mc_db_next_seq (db));
  if (!mc_db_step_done (db, stmt, error))
    goto fail;
  if (!mc_search_unindex (db, old->rowid, old->name, old->phone, error))
    goto fail;

  /* The longest first, so a name inside an email is not half-replaced. */
  if (old->email != NULL)
    secrets[n_secrets++] = old->email;
  if (old->phone != NULL)
    {
      secrets[n_secrets++] = old->phone;
      if (g_str_has_prefix (old->phone, "+86"))
        secrets[n_secrets++] = national = g_strdup (old->phone + 3);
    }
  secrets[n_secrets++] = old->name;
  if (!scrub_audit_log (db, member_id, secrets, placeholder, error) ||
      !scrub_free_text (db, member_id, secrets, placeholder, error))
    goto fail;
  /* The search index keeps a deleted member's terms in its old segments until they are
   * merged: merge them all now, so the erased terms are gone from the file. */
  if (!mc_db_exec (db, "INSERT INTO member_fts (member_fts) VALUES ('optimize')", error))
    goto fail;
  if (!mc_audit_log (db, "member.erase", "member", member_id, NULL,
                     "{\"status\":\"erased\"}", error) ||
      !mc_db_commit (db, error))
    goto fail;
  return TRUE;

fail:
  mc_db_rollback (db);
  return FALSE;
}
