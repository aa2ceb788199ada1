/* mc-benefit-use.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A benefit's use, limited per member per period. The count is the member's
 * "benefit_used" events for that benefit in the calendar period (the workspace's time
 * zone) the use falls in, read and written in one transaction.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "mc-audit.h"
#include "mc-benefit-use.h"
#include "mc-error.h"
#include "mc-member.h"
#include "mc-validate.h"

void
mc_benefit_use_clear (McBenefitUse *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->benefit_id, g_free);
  g_clear_pointer (&result->benefit_name, g_free);
  g_clear_pointer (&result->period, g_free);
}

gboolean
mc_benefit_period_bounds (const char *period,
                          gint64      at,
                          GTimeZone  *tz,
                          gint64     *start,
                          gint64     *end)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) next = NULL;
  int y = g_date_time_get_year (local);
  int mo = g_date_time_get_month (local);
  int d = g_date_time_get_day_of_month (local);

  if (g_strcmp0 (period, "day") == 0)
    {
      first = g_date_time_new (tz, y, mo, d, 0, 0, 0);
      next = g_date_time_add_days (first, 1);
    }
  else if (g_strcmp0 (period, "week") == 0)
    {
      g_autoptr(GDateTime) day = g_date_time_new (tz, y, mo, d, 0, 0, 0);

      first = g_date_time_add_days (day, 1 - g_date_time_get_day_of_week (local));
      next = g_date_time_add_days (first, 7);
    }
  else if (g_strcmp0 (period, "month") == 0)
    {
      first = g_date_time_new (tz, y, mo, 1, 0, 0, 0);
      next = g_date_time_add_months (first, 1);
    }
  else if (g_strcmp0 (period, "quarter") == 0)
    {
      first = g_date_time_new (tz, y, (mo - 1) / 3 * 3 + 1, 1, 0, 0, 0);
      next = g_date_time_add_months (first, 3);
    }
  else if (g_strcmp0 (period, "year") == 0)
    {
      first = g_date_time_new (tz, y, 1, 1, 0, 0, 0);
      next = g_date_time_add_years (first, 1);
    }
  else
    return FALSE;
  *start = g_date_time_to_unix (first);
  *end = g_date_time_to_unix (next);
  return TRUE;
}

static const char *
period_noun (const char *period)
{
  if (g_strcmp0 (period, "day") == 0)
    return _("day");
  if (g_strcmp0 (period, "week") == 0)
    return _("week");
  if (g_strcmp0 (period, "month") == 0)
    return _("month");
  if (g_strcmp0 (period, "quarter") == 0)
    return _("quarter");
  return _("year");
}

static gboolean
count_uses (McDb          *db,
            const char    *member_id,
            McBenefitUse  *use,
            gint64        *count,
            GError       **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT count(*) FROM member_event WHERE member_id = ?1 AND kind = 'benefit_used' "
    "AND at >= ?2 AND at < ?3 AND ref = ?4 AND deleted = 0", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, use->period != NULL ? use->period_start : G_MININT64);
  sqlite3_bind_int64 (stmt, 3, use->period != NULL ? use->period_end : G_MAXINT64);
  sqlite3_bind_text (stmt, 4, use->benefit_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || mc_db_set_error (db, error);
}

static gboolean
load_benefit (McDb          *db,
              const char    *code,
              McBenefitUse  *use,
              gint64        *valid_from,
              gint64        *valid_to,
              GError       **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (db,
    "SELECT id, name, coalesce (limit_per_period, 0), period, coalesce (valid_from, 0), "
    "coalesce (valid_to, 0) FROM benefit WHERE code = ? AND deleted = 0", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      use->benefit_id = g_strdup (mc_db_column_text (stmt, 0));
      use->benefit_name = g_strdup (mc_db_column_text (stmt, 1));
      use->limit = sqlite3_column_int64 (stmt, 2);
      use->period = g_strdup (mc_db_column_text (stmt, 3));
      *valid_from = sqlite3_column_int64 (stmt, 4);
      *valid_to = sqlite3_column_int64 (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                   _("There is no benefit with the code “%s”."), code);
      return FALSE;
    }
  return rc == SQLITE_ROW || mc_db_set_error (db, error);
}

/* The refusal is recorded on its own: the use it refused was never written. */
static void
audit_refusal (McDb         *db,
               const char   *member_id,
               const char   *code,
               McBenefitUse *use)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *after = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "benefit");
  json_builder_add_string_value (b, code);
  json_builder_set_member_name (b, "used");
  json_builder_add_int_value (b, use->used);
  json_builder_set_member_name (b, "limit");
  json_builder_add_int_value (b, use->limit);
  json_builder_set_member_name (b, "period");
  if (use->period != NULL)
    json_builder_add_string_value (b, use->period);
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  after = mc_json_to_string (node);
  if (mc_db_begin (db, NULL))
    {
      if (mc_audit_log (db, "benefit.refused", "member", member_id, NULL, after, NULL))
        mc_db_commit (db, NULL);
      else
        mc_db_rollback (db);
    }
}

gboolean
mc_benefit_use_record (McDb          *db,
                       const char    *member_id,
                       const char    *benefit_code,
                       gint64         at,
                       McBenefitUse  *result,
                       GError       **error)
{
  McBenefitUse use = { 0 };
  g_autoptr(McMember) member = NULL;
  g_autofree char *id = mc_db_new_id ();
  g_autofree char *rev = mc_db_new_rev (NULL);
  g_autofree char *after = NULL;
  GTimeZone *tz = mc_db_get_time_zone (db);
  gint64 valid_from = 0, valid_to = 0, count = 0;
  gboolean refused = FALSE;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);
  g_return_val_if_fail (benefit_code != NULL, FALSE);

  if (at == 0)
    at = mc_db_now ();
  if (!mc_audit_require (db, MC_PERMISSION_WRITE_MEMBERS, "benefit.use", error) ||
      !mc_db_begin (db, error))
    return FALSE;

  member = mc_member_load (db, member_id, error);
  if (member == NULL || !load_benefit (db, benefit_code, &use, &valid_from, &valid_to, error))
    goto fail;
  if (member->deleted || g_strcmp0 (member->status, "active") != 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("%s is not an active member: benefits cannot be used."), member->name);
      goto fail;
    }
  if ((valid_from != 0 && at < valid_from) || (valid_to != 0 && at >= valid_to))
    {
      g_autofree char *from = valid_from != 0 ? mc_format_date (valid_from, tz) : g_strdup ("…");
      g_autofree char *to = valid_to != 0 ? mc_format_date (valid_to, tz) : g_strdup ("…");

      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” can be used from %s to %s only."), use.benefit_name, from, to);
      goto fail;
    }
  if (use.period != NULL && !mc_benefit_period_bounds (use.period, at, tz, &use.period_start,
                                                       &use.period_end))
    g_clear_pointer (&use.period, g_free);
  if (!count_uses (db, member_id, &use, &count, error))
    goto fail;
  use.used = count;
  if (use.limit > 0 && count >= use.limit)
    {
      if (use.period != NULL)
        {
          g_autofree char *again = mc_format_date (use.period_end, tz);

          g_set_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT,
                       _("%s has used “%s” %" PRId64 " times this %s, the limit: "
                         "it can be used again from %s. Nothing was recorded."),
                       member->name, use.benefit_name, count, period_noun (use.period), again);
        }
      else
        g_set_error (error, MC_ERROR, MC_ERROR_INSUFFICIENT,
                     _("%s has used “%s” %" PRId64 " times, the limit for a member. "
                       "Nothing was recorded."), member->name, use.benefit_name, count);
      refused = TRUE;
      goto fail;
    }

  stmt = mc_db_prepare (db,
    "INSERT INTO member_event (id, member_id, kind, at, ref, rev, seq) "
    "VALUES (?, ?, 'benefit_used', ?, ?, ?, ?)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, member_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, at);
  sqlite3_bind_text (stmt, 4, use.benefit_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, rev, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 6, mc_db_next_seq (db));
  if (!mc_db_step_done (db, stmt, error))
    goto fail;
  use.used = count + 1;

  after = g_strdup_printf ("{\"benefit\":\"%s\",\"at\":%" G_GINT64_FORMAT ",\"used\":%"
                           G_GINT64_FORMAT ",\"limit\":%" G_GINT64_FORMAT "}",
                           use.benefit_id, at, use.used, use.limit);
  if (!mc_audit_log (db, "benefit.use", "member", member_id, NULL, after, error) ||
      !mc_db_commit (db, error))
    goto fail;
  if (result != NULL)
    *result = use;
  else
    mc_benefit_use_clear (&use);
  return TRUE;

fail:
  mc_db_rollback (db);
  if (refused)
    audit_refusal (db, member_id, benefit_code, &use);
  mc_benefit_use_clear (&use);
  return FALSE;
}
