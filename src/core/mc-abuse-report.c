/* mc-abuse-report.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The report of suspicious patterns. Each pattern is one query that reads only what it
 * needs (refunds through their partial index, adjustments and their member's later
 * redemptions, new members in the period) and a pass in C that groups the rows into
 * findings.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "mc-abuse-report.h"
#include "mc-audit.h"
#include "mc-error.h"
#include "mc-validate.h"

void
mc_abuse_params_init (McAbuseParams *params)
{
  g_return_if_fail (params != NULL);

  memset (params, 0, sizeof *params);
  params->refund_loop_orders = 3;
  params->refund_loop_within = 48 * 3600;
  params->burst_members = 5;
  params->burst_within = 60;
  params->burst_tail_digits = 2;
  params->redeem_within = 3600;
}

typedef struct
{
  McDb        *db;
  gboolean     contact;
  GTimeZone   *tz;
  JsonBuilder *b;
  guint        n_findings;
  guint        n_members;
} Report;

static gint64
bound_from (const McAbuseParams *p)
{
  return p->from != 0 ? p->from : G_MININT64;
}

static gint64
bound_to (const McAbuseParams *p)
{
  return p->to != 0 ? p->to : G_MAXINT64;
}

static char *
phone_as_seen (Report     *r,
               const char *e164)
{
  if (e164 == NULL)
    return NULL;
  return r->contact ? g_strdup (e164) : mc_mask_phone (e164);
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
add_int (JsonBuilder *b,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, value);
}

static void
add_time (Report     *r,
          const char *name,
          gint64      value)
{
  g_autofree char *text = mc_format_time (value, r->tz);

  add_string (r->b, name, text);
}

/* {"id", "card_no", "name", "phone"} of a member. */
static gboolean
add_member (Report      *r,
            const char  *member_id,
            GError     **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (r->db,
    "SELECT card_no, name, phone FROM member WHERE id = ?", error);
  g_autofree char *phone = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, member_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  json_builder_begin_object (r->b);
  add_string (r->b, "id", member_id);
  if (rc == SQLITE_ROW)
    {
      phone = phone_as_seen (r, mc_db_column_text (stmt, 2));
      add_string (r->b, "card_no", mc_db_column_text (stmt, 0));
      add_string (r->b, "name", mc_db_column_text (stmt, 1));
      add_string (r->b, "phone", phone);
    }
  json_builder_end_object (r->b);
  sqlite3_reset (stmt);
  r->n_members++;
  return rc == SQLITE_ROW || rc == SQLITE_DONE || mc_db_set_error (r->db, error);
}

static void
begin_finding (Report     *r,
               const char *pattern,
               const char *summary)
{
  json_builder_begin_object (r->b);
  add_string (r->b, "pattern", pattern);
  add_string (r->b, "summary", summary);
  r->n_findings++;
}

/* ------------------------------------------------------------------------------------ */
/* Buy, earn, refund, again                                                             */

typedef struct
{
  char   *order_id;
  gint64  amount_fen;
  gint64  bought_at;
  char   *refund_id;
  gint64  refunded_at;
} RefundPair;

static void
refund_pair_clear (gpointer data)
{
  RefundPair *p = data;

  g_free (p->order_id);
  g_free (p->refund_id);
}

static gboolean
flush_refund_loop (Report               *r,
                   const McAbuseParams  *p,
                   const char           *member_id,
                   GArray               *pairs,
                   GError              **error)
{
  g_autofree char *summary = NULL;

  if (member_id == NULL || pairs->len < p->refund_loop_orders)
    return TRUE;
  summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u purchase refunded within %" PRId64 " hours of buying",
                                          "%u purchases refunded within %" PRId64 " hours of buying",
                                          pairs->len),
                             pairs->len, p->refund_loop_within / 3600);
  begin_finding (r, "refund_loop", summary);
  json_builder_set_member_name (r->b, "members");
  json_builder_begin_array (r->b);
  if (!add_member (r, member_id, error))
    return FALSE;
  json_builder_end_array (r->b);
  json_builder_set_member_name (r->b, "evidence");
  json_builder_begin_array (r->b);
  for (guint i = 0; i < pairs->len; i++)
    {
      RefundPair *pair = &g_array_index (pairs, RefundPair, i);

      json_builder_begin_object (r->b);
      add_string (r->b, "order", pair->order_id);
      add_int (r->b, "amount_fen", pair->amount_fen);
      add_time (r, "bought_at", pair->bought_at);
      add_string (r->b, "refund", pair->refund_id);
      add_time (r, "refunded_at", pair->refunded_at);
      add_int (r->b, "minutes_later", (pair->refunded_at - pair->bought_at) / 60);
      json_builder_end_object (r->b);
    }
  json_builder_end_array (r->b);
  json_builder_end_object (r->b);
  return TRUE;
}

static gboolean
find_refund_loops (Report               *r,
                   const McAbuseParams  *p,
                   GError              **error)
{
  /* Driven by the refunds (their partial index); the first refund of each purchase. */
  sqlite3_stmt *stmt = mc_db_prepare (r->db,
    "SELECT s.member_id, s.id, s.amount_fen, s.at, min (f.at), f.id FROM orders f "
    "JOIN orders s ON s.id = f.refund_of "
    "WHERE f.refund_of IS NOT NULL AND f.deleted = 0 AND s.deleted = 0 "
    "AND s.member_id IS NOT NULL AND s.at >= ?1 AND s.at < ?2 "
    "GROUP BY s.id HAVING min (f.at) - s.at <= ?3 "
    "ORDER BY s.member_id, s.at", error);
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (RefundPair));
  g_autofree char *member = NULL;
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_array_set_clear_func (pairs, refund_pair_clear);
  sqlite3_bind_int64 (stmt, 1, bound_from (p));
  sqlite3_bind_int64 (stmt, 2, bound_to (p));
  sqlite3_bind_int64 (stmt, 3, p->refund_loop_within);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *member_id = mc_db_column_text (stmt, 0);
      RefundPair pair;

      if (g_strcmp0 (member, member_id) != 0)
        {
          if (!flush_refund_loop (r, p, member, pairs, error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          g_array_set_size (pairs, 0);
          g_free (member);
          member = g_strdup (member_id);
        }
      pair.order_id = g_strdup (mc_db_column_text (stmt, 1));
      pair.amount_fen = sqlite3_column_int64 (stmt, 2);
      pair.bought_at = sqlite3_column_int64 (stmt, 3);
      pair.refunded_at = sqlite3_column_int64 (stmt, 4);
      pair.refund_id = g_strdup (mc_db_column_text (stmt, 5));
      g_array_append_val (pairs, pair);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (r->db, error);
  return flush_refund_loop (r, p, member, pairs, error);
}

/* ------------------------------------------------------------------------------------ */
/* Many members on one phone prefix at once                                             */

typedef struct
{
  char   *member_id;
  char   *prefix;
  gint64  joined_at;
} NewMember;

static void
new_member_clear (gpointer data)
{
  NewMember *m = data;

  g_free (m->member_id);
  g_free (m->prefix);
}

/* The prefix as a role may see it: a role without contacts sees its first three digits. */
static char *
prefix_as_seen (Report     *r,
                const char *prefix)
{
  const char *digits = g_str_has_prefix (prefix, "+86") ? prefix + 3 : prefix;
  GString *out;

  if (r->contact)
    return g_strdup (prefix);
  out = g_string_new (NULL);
  for (gsize i = 0; digits[i] != '\0'; i++)
    g_string_append_c (out, i < 3 ? digits[i] : '*');
  return g_string_free (out, FALSE);
}

static gboolean
report_burst (Report               *r,
              const McAbuseParams  *p,
              GArray               *group,
              guint                 first,
              guint                 end,
              GError              **error)
{
  NewMember *m0 = &g_array_index (group, NewMember, first);
  NewMember *last = &g_array_index (group, NewMember, end - 1);
  g_autofree char *prefix = prefix_as_seen (r, m0->prefix);
  g_autofree char *summary = g_strdup_printf (
    _("%u members joined within %" PRId64 " seconds on phone numbers starting %s"),
    end - first, last->joined_at - m0->joined_at, prefix);

  begin_finding (r, "phone_burst", summary);
  add_string (r->b, "phone_prefix", prefix);
  json_builder_set_member_name (r->b, "members");
  json_builder_begin_array (r->b);
  for (guint i = first; i < end; i++)
    if (!add_member (r, g_array_index (group, NewMember, i).member_id, error))
      return FALSE;
  json_builder_end_array (r->b);
  json_builder_set_member_name (r->b, "evidence");
  json_builder_begin_array (r->b);
  for (guint i = first; i < end; i++)
    {
      json_builder_begin_object (r->b);
      add_string (r->b, "member", g_array_index (group, NewMember, i).member_id);
      add_time (r, "joined_at", g_array_index (group, NewMember, i).joined_at);
      json_builder_end_object (r->b);
    }
  json_builder_end_array (r->b);
  json_builder_end_object (r->b);
  return TRUE;
}

/* The members of one prefix, by join time: every run of burst_members or more within
 * burst_within seconds is a finding (the runs do not overlap). */
static gboolean
scan_group (Report               *r,
            const McAbuseParams  *p,
            GArray               *group,
            GError              **error)
{
  guint i = 0;

  while (p->burst_members > 0 && i + p->burst_members <= group->len)
    {
      gint64 start = g_array_index (group, NewMember, i).joined_at;
      guint j = i;

      while (j < group->len && g_array_index (group, NewMember, j).joined_at - start <= p->burst_within)
        j++;
      if (j - i >= p->burst_members)
        {
          if (!report_burst (r, p, group, i, j, error))
            return FALSE;
          i = j;
        }
      else
        i++;
    }
  return TRUE;
}

static gboolean
find_phone_bursts (Report               *r,
                   const McAbuseParams  *p,
                   GError              **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (r->db,
    /* A scan of the table: through the phone index, each row is a random read. */
    "SELECT id, substr (phone, 1, length (phone) - ?3) AS prefix, joined_at FROM member NOT INDEXED "
    "WHERE phone IS NOT NULL AND deleted = 0 AND joined_at >= ?1 AND joined_at < ?2 "
    "AND length (phone) > ?3 + 3 ORDER BY prefix, joined_at", error);
  g_autoptr(GArray) group = g_array_new (FALSE, FALSE, sizeof (NewMember));
  int rc;

  if (stmt == NULL)
    return FALSE;
  g_array_set_clear_func (group, new_member_clear);
  sqlite3_bind_int64 (stmt, 1, bound_from (p));
  sqlite3_bind_int64 (stmt, 2, bound_to (p));
  sqlite3_bind_int64 (stmt, 3, p->burst_tail_digits);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *prefix = mc_db_column_text (stmt, 1);
      NewMember m;

      if (group->len > 0 && g_strcmp0 (g_array_index (group, NewMember, 0).prefix, prefix) != 0)
        {
          if (!scan_group (r, p, group, error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          g_array_set_size (group, 0);
        }
      m.member_id = g_strdup (mc_db_column_text (stmt, 0));
      m.prefix = g_strdup (prefix);
      m.joined_at = sqlite3_column_int64 (stmt, 2);
      g_array_append_val (group, m);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return mc_db_set_error (r->db, error);
  return scan_group (r, p, group, error);
}

/* ------------------------------------------------------------------------------------ */
/* Points given by hand, spent at once                                                  */

static gboolean
find_redeem_after_adjust (Report               *r,
                          const McAbuseParams  *p,
                          GError              **error)
{
  sqlite3_stmt *stmt = mc_db_prepare (r->db,
    "SELECT a.member_id, a.id, a.at, a.delta, a.reason, a.actor, d.id, d.at, -d.delta "
    /* The adjustments by their partial index (points_ledger_adjust), their member's
     * redemptions by the member index. */
    "FROM points_ledger a INDEXED BY points_ledger_adjust JOIN points_ledger d ON d.member_id = a.member_id "
    "AND d.kind = 'redeem' AND d.at >= a.at AND d.at <= a.at + ?3 AND d.seq > a.seq "
    "AND d.deleted = 0 "
    "WHERE a.kind = 'adjust' AND a.delta > 0 AND a.deleted = 0 AND a.at >= ?1 AND a.at < ?2 "
    "ORDER BY a.member_id, a.at, d.at", error);
  g_autofree char *member = NULL;
  gboolean open = FALSE;
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, bound_from (p));
  sqlite3_bind_int64 (stmt, 2, bound_to (p));
  sqlite3_bind_int64 (stmt, 3, p->redeem_within);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *member_id = mc_db_column_text (stmt, 0);

      if (g_strcmp0 (member, member_id) != 0)
        {
          g_autofree char *summary = g_strdup_printf (
            _("Points redeemed within %" PRId64 " minutes of a manual adjustment"),
            p->redeem_within / 60);

          if (open)
            {
              json_builder_end_array (r->b);
              json_builder_end_object (r->b);
            }
          g_free (member);
          member = g_strdup (member_id);
          begin_finding (r, "redeem_after_adjust", summary);
          json_builder_set_member_name (r->b, "members");
          json_builder_begin_array (r->b);
          if (!add_member (r, member_id, error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
          json_builder_end_array (r->b);
          json_builder_set_member_name (r->b, "evidence");
          json_builder_begin_array (r->b);
          open = TRUE;
        }
      json_builder_begin_object (r->b);
      add_string (r->b, "adjustment", mc_db_column_text (stmt, 1));
      add_time (r, "adjusted_at", sqlite3_column_int64 (stmt, 2));
      add_int (r->b, "points_given", sqlite3_column_int64 (stmt, 3));
      if (r->contact)
        add_string (r->b, "reason", mc_db_column_text (stmt, 4));
      else
        {
          g_autofree char *reason = mc_mask_personal_text (mc_db_column_text (stmt, 4));

          add_string (r->b, "reason", reason);
        }
      add_string (r->b, "actor", mc_db_column_text (stmt, 5));
      add_string (r->b, "redemption", mc_db_column_text (stmt, 6));
      add_time (r, "redeemed_at", sqlite3_column_int64 (stmt, 7));
      add_int (r->b, "points_redeemed", sqlite3_column_int64 (stmt, 8));
      add_int (r->b, "minutes_later", (sqlite3_column_int64 (stmt, 7) - sqlite3_column_int64 (stmt, 2)) / 60);
      json_builder_end_object (r->b);
    }
  sqlite3_reset (stmt);
  if (open)
    {
      json_builder_end_array (r->b);
      json_builder_end_object (r->b);
    }
  return rc == SQLITE_DONE || mc_db_set_error (r->db, error);
}

JsonNode *
mc_abuse_report (McDb                 *db,
                 const McAbuseParams  *params,
                 GError              **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *after = NULL;
  Report r = { 0 };

  g_return_val_if_fail (MC_IS_DB (db), NULL);
  g_return_val_if_fail (params != NULL, NULL);

  r.db = db;
  r.b = b;
  r.tz = mc_db_get_time_zone (db);
  r.contact = mc_role_allows (mc_db_get_role (db), MC_PERMISSION_SEE_CONTACT);

  json_builder_begin_object (b);
  if (params->from != 0)
    add_time (&r, "from", params->from);
  else
    add_string (b, "from", NULL);
  if (params->to != 0)
    add_time (&r, "to", params->to);
  else
    add_string (b, "to", NULL);
  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  add_int (b, "refund_loop_orders", params->refund_loop_orders);
  add_int (b, "refund_loop_within_hours", params->refund_loop_within / 3600);
  add_int (b, "burst_members", params->burst_members);
  add_int (b, "burst_within_seconds", params->burst_within);
  add_int (b, "burst_tail_digits", params->burst_tail_digits);
  add_int (b, "redeem_within_minutes", params->redeem_within / 60);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "findings");
  json_builder_begin_array (b);

  /* One snapshot for the three patterns. */
  if (!mc_db_begin (db, error))
    return NULL;
  if (!find_refund_loops (&r, params, error) ||
      !find_phone_bursts (&r, params, error) ||
      !find_redeem_after_adjust (&r, params, error))
    {
      mc_db_rollback (db);
      return NULL;
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);

  after = g_strdup_printf ("{\"findings\":%u,\"members\":%u,\"masked\":%s}", r.n_findings,
                           r.n_members, r.contact ? "false" : "true");
  if (!mc_audit_log (db, "report.suspicious", NULL, NULL, NULL, after, error) ||
      !mc_db_commit (db, error))
    {
      mc_db_rollback (db);
      return NULL;
    }
  return g_steal_pointer (&root);
}
