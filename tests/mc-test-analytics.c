/* mc-test-analytics.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the test-analytics* executables (see mc-test-analytics.h).
 */
#include "config.h"

#include <glib/gstdio.h>

#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-order.h"
#include "mc-programme.h"
#include "mc-store.h"
#include "mc-test-analytics.h"
#include "mc-validate.h"

void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("mc-test-analytics-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "workspace.mcdb", NULL);
  f->db = mc_db_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_db_begin (f->db, &error));
  g_assert_true (mc_programme_install_live (f->db, programme, &error));
  g_assert_true (mc_db_commit (f->db, &error));
  g_assert_no_error (error);
}

void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&f->db);
  dir = g_dir_open (f->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static gint64
at_time (Fixture    *f,
         const char *day,
         int         hour,
         int         minute,
         int         second)
{
  int y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  g_assert_cmpint (sscanf (day, "%d-%d-%d", &y, &m, &d), ==, 3);
  dt = g_date_time_new (mc_db_get_time_zone (f->db), y, m, d, hour, minute, second);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

gint64
noon (Fixture    *f,
      const char *day)
{
  return at_time (f, day, 12, 0, 0);
}

gint64
day_end (Fixture    *f,
         const char *day)
{
  return at_time (f, day, 23, 59, 59);
}

gint64
day_begin (Fixture    *f,
           const char *day)
{
  return at_time (f, day, 0, 0, 0);
}

char *
member (Fixture    *f,
        const char *name,
        const char *joined,
        const char *store_id,
        gboolean    consent)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = mc_member_new ();
  static guint phones;

  m->name = g_strdup (name);
  m->phone = g_strdup_printf ("+86139%08u", 10000000 + ++phones);
  m->joined_at = at_time (f, joined, 9, 0, 0);
  m->store_id = g_strdup (store_id);
  m->consent_marketing = consent;
  if (consent)
    {
      m->consent_at = m->joined_at;
      m->consent_purpose = g_strdup ("营销短信");
    }
  mc_member_insert (f->db, m, &error);
  g_assert_no_error (error);
  return g_strdup (m->id);
}

char *
sale (Fixture    *f,
      const char *member_id,
      const char *day,
      gint64      fen,
      const char *store_id)
{
  g_autoptr(GError) error = NULL;
  McOrderInput input = { 0 };
  McOrderResult result = { 0 };
  char *id;

  input.member_id = member_id;
  input.store_id = store_id;
  input.amount_fen = fen;
  input.at = noon (f, day);
  g_assert_true (mc_order_add (f->db, &input, &result, &error));
  g_assert_no_error (error);
  id = g_steal_pointer (&result.order_id);
  mc_order_result_clear (&result);
  return id;
}

void
refund_of (Fixture    *f,
           const char *order_id,
           const char *day,
           gint64      fen)
{
  g_autoptr(GError) error = NULL;
  McOrderResult result = { 0 };

  g_assert_true (mc_order_refund (f->db, order_id, fen, at_time (f, day, 15, 0, 0), &result, &error));
  g_assert_no_error (error);
  mc_order_result_clear (&result);
}

void
action (Fixture    *f,
        const char *member_id,
        const char *kind,
        const char *day)
{
  g_autoptr(GError) error = NULL;
  gint64 award = 0;

  g_assert_true (mc_event_record (f->db, member_id, kind, at_time (f, day, 10, 0, 0), &award, &error));
  g_assert_no_error (error);
}

void
points_entry (Fixture    *f,
              const char *member_id,
              const char *kind,
              gint64      delta,
              const char *day)
{
  g_autoptr(GError) error = NULL;
  McLedgerEntry entry = { 0 };

  entry.ledger = MC_LEDGER_POINTS;
  entry.member_id = member_id;
  entry.kind = kind;
  entry.delta = delta;
  entry.reason = "test";
  entry.at = at_time (f, day, 16, 0, 0);
  g_assert_true (mc_db_begin (f->db, &error));
  g_assert_true (mc_ledger_append (f->db, &entry, &error));
  g_assert_true (mc_db_commit (f->db, &error));
  g_assert_no_error (error);
}

char *
store (Fixture    *f,
       const char *name)
{
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  g_assert_true (mc_store_add (f->db, name, NULL, &id, &error));
  g_assert_no_error (error);
  return id;
}

void
exec_sql (Fixture    *f,
          const char *sql)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_db_exec (f->db, sql, &error));
  g_assert_no_error (error);
}

McAnalyticsFilter
range (Fixture    *f,
       const char *from,
       const char *to,
       const char *as_of_day)
{
  McAnalyticsFilter filter = { 0 };

  if (from != NULL)
    filter.from = day_begin (f, from);
  if (to != NULL)
    filter.to = day_end (f, to);
  if (as_of_day != NULL)
    filter.as_of = day_end (f, as_of_day);
  return filter;
}

McAnalyticsData *
load (Fixture                 *f,
      const McAnalyticsFilter *filter)
{
  g_autoptr(GError) error = NULL;
  McAnalyticsData *data = mc_analytics_data_load (f->db, filter, MC_ANALYTICS_ALL, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (data);
  return data;
}
