/* mc-privacy.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Marketing under PIPL: one rule for who may receive it (a recorded consent, an active
 * member), used by every marketing list, and the birthday list built on it.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "mc-audit.h"
#include "mc-csv.h"
#include "mc-error.h"
#include "mc-privacy.h"
#include "mc-validate.h"

gboolean
mc_privacy_marketing_allowed (const McMember *member)
{
  g_return_val_if_fail (member != NULL, FALSE);

  return member->consent_marketing && member->consent_at != 0 && !member->deleted &&
         g_strcmp0 (member->status, "active") == 0;
}

char *
mc_privacy_marketing_sql (const char *alias)
{
  const char *a = alias != NULL && alias[0] != '\0' ? alias : NULL;
  const char *dot = a != NULL ? "." : "";

  if (a == NULL)
    a = "";
  return g_strdup_printf ("(%s%sconsent_marketing = 1 AND %s%sconsent_at IS NOT NULL AND "
                          "%s%sstatus = 'active' AND %s%sdeleted = 0)",
                          a, dot, a, dot, a, dot, a, dot);
}

/* ------------------------------------------------------------------------------------ */
/* The birthday list                                                                    */

static const char * const birthday_header[] = {
  "card_no", "name", "phone", "birthday", "tier", "consent_at", "consent_purpose",
};

/* What the list shows of a phone: the national number for China (a spreadsheet would turn
 * "+86..." into a number), masked for a role that may not see contacts. */
static char *
phone_as_seen (const char *e164,
               gboolean    contact)
{
  if (e164 == NULL)
    return NULL;
  if (!contact)
    return mc_mask_phone (e164);
  return g_strdup (g_str_has_prefix (e164, "+86") ? e164 + 3 : e164);
}

static gboolean
write_file (const char  *path,
            const char  *data,
            gsize        len,
            GError     **error)
{
  g_autoptr(GError) local = NULL;

  /* Personal data: readable by its owner only; the old file stays until the new one is
   * complete. */
  if (g_file_set_contents_full (path, data, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT,
                                0600, &local))
    return TRUE;
  {
    g_autofree char *display = g_filename_display_name (path);

    g_set_error (error, MC_ERROR, MC_ERROR_IO,
                 _("Cannot write the file “%s”: %s. Nothing was exported; choose another "
                   "folder or free some space."), display, local->message);
  }
  return FALSE;
}

gboolean
mc_privacy_export_birthdays (McDb            *db,
                             int              month,
                             const char      *path,
                             McExportFormat   format,
                             guint64         *n_rows,
                             guint64         *n_left_out,
                             GError         **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *allowed = mc_privacy_marketing_sql ("m");
  g_autofree char *sql = NULL;
  g_autofree char *mm = NULL;
  g_autofree char *after = NULL;
  GTimeZone *tz;
  gboolean contact;
  sqlite3_stmt *stmt;
  guint64 n = 0, left_out = 0;
  int rc;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format == MC_EXPORT_CSV || format == MC_EXPORT_JSON, FALSE);

  if (month < 1 || month > 12)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("A month is a number from 1 to 12; %d is not one."), month);
      return FALSE;
    }
  contact = mc_role_allows (mc_db_get_role (db), MC_PERMISSION_SEE_CONTACT);
  tz = mc_db_get_time_zone (db);
  mm = g_strdup_printf ("%02d", month);

  /* The birthday is "YYYY-MM-DD" or "--MM-DD": the month is 5 and 4 characters from the
   * end either way. */
  sql = g_strdup_printf ("SELECT m.card_no, m.name, m.phone, substr (m.birthday, -5), m.tier, "
                         "m.consent_at, m.consent_purpose, %s FROM member m "
                         "WHERE m.deleted = 0 AND m.status != 'erased' AND m.birthday IS NOT NULL "
                         "AND substr (m.birthday, -5, 2) = ?1 "
                         "ORDER BY substr (m.birthday, -2), m.name, m.card_no", allowed);
  stmt = mc_db_prepare (db, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, mm, -1, SQLITE_STATIC);

  if (format == MC_EXPORT_CSV)
    {
      g_string_append (out, "\xef\xbb\xbf");   /* the BOM: Excel reads UTF-8 then */
      mc_csv_append_row (out, birthday_header, G_N_ELEMENTS (birthday_header));
    }
  else
    json_builder_begin_array (b);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *phone = NULL;
      g_autofree char *consent_at = NULL;
      const char *fields[G_N_ELEMENTS (birthday_header)];

      if (sqlite3_column_int (stmt, 7) == 0)
        {
          left_out++;
          continue;
        }
      phone = phone_as_seen (mc_db_column_text (stmt, 2), contact);
      consent_at = mc_format_time (sqlite3_column_int64 (stmt, 5), tz);
      fields[0] = mc_db_column_text (stmt, 0);
      fields[1] = mc_db_column_text (stmt, 1);
      fields[2] = phone;
      fields[3] = mc_db_column_text (stmt, 3);
      fields[4] = mc_db_column_text (stmt, 4);
      fields[5] = consent_at;
      fields[6] = mc_db_column_text (stmt, 6);
      if (format == MC_EXPORT_CSV)
        mc_csv_append_row (out, fields, G_N_ELEMENTS (fields));
      else
        {
          json_builder_begin_object (b);
          for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
            {
              json_builder_set_member_name (b, birthday_header[i]);
              if (fields[i] != NULL)
                json_builder_add_string_value (b, fields[i]);
              else
                json_builder_add_null_value (b);
            }
          json_builder_end_object (b);
        }
      n++;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (db, error);

  if (format == MC_EXPORT_JSON)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonGenerator) gen = json_generator_new ();
      g_autofree char *text = NULL;

      json_builder_end_array (b);
      root = json_builder_get_root (b);
      json_generator_set_pretty (gen, TRUE);
      json_generator_set_root (gen, root);
      text = json_generator_to_data (gen, NULL);
      g_string_append (out, text);
      g_string_append_c (out, '\n');
    }
  if (!write_file (path, out->str, out->len, error))
    return FALSE;

  {
    g_autofree char *base = g_path_get_basename (path);
    g_autoptr(JsonNode) base_node = json_node_init_string (json_node_alloc (), base);
    g_autofree char *base_json = mc_json_to_string (base_node);

    after = g_strdup_printf ("{\"file\":%s,\"month\":%d,\"rows\":%" G_GUINT64_FORMAT
                             ",\"left_out_without_consent\":%" G_GUINT64_FORMAT
                             ",\"masked\":%s}", base_json, month, n, left_out,
                             contact ? "false" : "true");
  }
  if (!mc_db_begin (db, error))
    return FALSE;
  if (!mc_audit_log (db, "export.birthdays", NULL, NULL, NULL, after, error) ||
      !mc_db_commit (db, error))
    {
      mc_db_rollback (db);
      return FALSE;
    }
  if (n_rows != NULL)
    *n_rows = n;
  if (n_left_out != NULL)
    *n_left_out = left_out;
  return TRUE;
}
