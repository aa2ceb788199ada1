/* test-member-query.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member list's query: counts, SQL sorting, tier filter, search, paging by rowid,
 * and masking by role.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "core/mc-db.h"
#include "core/mc-demo.h"
#include "core/mc-member.h"
#include "core/mc-member-query.h"
#include "core/mc-pinyin.h"
#include "core/mc-search.h"

#define N_MEMBERS 300

static char *ws_dir;
static char *ws_path;
static McDb *db;

static void
test_count (void)
{
  g_autoptr(McMemberQuery) q = mc_member_query_new ();
  g_autoptr(GArray) rowids = NULL;
  gint64 small;

  g_assert_cmpint (mc_member_query_count (db, q, NULL), ==, N_MEMBERS);
  rowids = mc_member_query_run (db, q, NULL);
  g_assert_cmpuint (rowids->len, ==, N_MEMBERS);
  for (guint i = 1; i < rowids->len; i++)
    g_assert_cmpint (g_array_index (rowids, gint64, i - 1), <, g_array_index (rowids, gint64, i));

  /* The smallest tier that has members. */
  {
    sqlite3_stmt *stmt = mc_db_prepare (db, "SELECT tier, count(*) FROM member WHERE deleted = 0 "
                                            "GROUP BY tier ORDER BY count(*) LIMIT 1", NULL);

    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    q->tier = g_strdup (mc_db_column_text (stmt, 0));
    small = sqlite3_column_int64 (stmt, 1);
    sqlite3_reset (stmt);
  }
  g_assert_cmpint (small, >, 0);
  g_assert_cmpint (small, <, N_MEMBERS);
  g_assert_cmpint (mc_member_query_count (db, q, NULL), ==, small);
}

static void
check_sorted (McMemberSort sort,
              gboolean     descending)
{
  g_autoptr(McMemberQuery) q = mc_member_query_new ();
  g_autoptr(GPtrArray) rows = NULL;

  q->sort = sort;
  q->descending = descending;
  rows = mc_member_query_page (db, q, 0, N_MEMBERS, MC_ROLE_OWNER, NULL);
  g_assert_cmpuint (rows->len, ==, N_MEMBERS);
  for (guint i = 1; i < rows->len; i++)
    {
      McMemberListRow *a = g_ptr_array_index (rows, i - 1);
      McMemberListRow *b = g_ptr_array_index (rows, i);
      gint64 cmp = 0;

      switch (sort)
        {
        case MC_MEMBER_SORT_POINTS: cmp = a->points - b->points; break;
        case MC_MEMBER_SORT_SPEND: cmp = a->spend_fen - b->spend_fen; break;
        case MC_MEMBER_SORT_GROWTH: cmp = a->growth - b->growth; break;
        case MC_MEMBER_SORT_LAST_VISIT: cmp = a->last_visit_at - b->last_visit_at; break;
        case MC_MEMBER_SORT_CARD: cmp = strcmp (a->card_no, b->card_no); break;
        case MC_MEMBER_SORT_NAME: cmp = strcmp (a->name, b->name); break;
        default: g_assert_not_reached ();
        }
      if (cmp == 0)
        cmp = a->rowid - b->rowid;
      if (descending)
        g_assert_cmpint (cmp, >, 0);
      else
        g_assert_cmpint (cmp, <, 0);
    }
  /* The order is not trivially the rowid order. */
  if (sort == MC_MEMBER_SORT_POINTS)
    g_assert_cmpint (((McMemberListRow *) g_ptr_array_index (rows, descending ? 0 : rows->len - 1))->points, >,
                     ((McMemberListRow *) g_ptr_array_index (rows, descending ? rows->len - 1 : 0))->points);
}

static void
test_sort (void)
{
  check_sorted (MC_MEMBER_SORT_POINTS, TRUE);
  check_sorted (MC_MEMBER_SORT_POINTS, FALSE);
  check_sorted (MC_MEMBER_SORT_SPEND, TRUE);
  check_sorted (MC_MEMBER_SORT_GROWTH, FALSE);
  check_sorted (MC_MEMBER_SORT_LAST_VISIT, TRUE);
  check_sorted (MC_MEMBER_SORT_CARD, FALSE);
  check_sorted (MC_MEMBER_SORT_NAME, TRUE);
}

static void
test_sort_tier_rank (void)
{
  g_autoptr(McMemberQuery) q = mc_member_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  const char *order[] = { "base", "silver", "small" };
  guint rank = 0;

  q->sort = MC_MEMBER_SORT_TIER;
  rows = mc_member_query_page (db, q, 0, N_MEMBERS, MC_ROLE_OWNER, NULL);
  g_assert_cmpuint (rows->len, ==, N_MEMBERS);
  for (guint i = 0; i < rows->len; i++)
    {
      McMemberListRow *r = g_ptr_array_index (rows, i);

      while (rank < G_N_ELEMENTS (order) && !g_str_equal (r->tier, order[rank]))
        rank++;
      g_assert_cmpuint (rank, <, G_N_ELEMENTS (order));  /* never goes back a rank */
    }
}

static McMemberListRow *
row_with_chinese_name (void)
{
  g_autoptr(McMemberQuery) q = mc_member_query_new ();
  g_autoptr(GPtrArray) rows = mc_member_query_page (db, q, 0, N_MEMBERS, MC_ROLE_OWNER, NULL);

  for (guint i = 0; i < rows->len; i++)
    {
      McMemberListRow *r = g_ptr_array_index (rows, i);
      g_autofree char *initials = mc_pinyin_initials (r->name);

      if (initials != NULL && strlen (initials) >= 3)
        return g_ptr_array_steal_index (rows, i);
    }
  g_assert_not_reached ();
}

static void
test_search (void)
{
  g_autoptr(McMemberListRow) target = row_with_chinese_name ();
  g_autofree char *initials = mc_pinyin_initials (target->name);
  g_autoptr(McMemberQuery) q = mc_member_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  gboolean found = FALSE;

  q->text = g_strdup (initials);
  g_assert_true (mc_member_query_has_text (q));
  rows = mc_member_query_page (db, q, 0, N_MEMBERS, MC_ROLE_OWNER, NULL);
  g_assert_cmpuint (rows->len, >, 0);
  g_assert_cmpuint (rows->len, <, N_MEMBERS);
  g_assert_cmpint (mc_member_query_count (db, q, NULL), ==, rows->len);
  for (guint i = 0; i < rows->len; i++)
    found |= ((McMemberListRow *) g_ptr_array_index (rows, i))->rowid == target->rowid;
  g_assert_true (found);

  /* Search and sort together: the hits, in the column's order. */
  q->sort = MC_MEMBER_SORT_POINTS;
  q->descending = TRUE;
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = mc_member_query_page (db, q, 0, N_MEMBERS, MC_ROLE_OWNER, NULL);
  for (guint i = 1; i < rows->len; i++)
    g_assert_cmpint (((McMemberListRow *) g_ptr_array_index (rows, i - 1))->points, >=,
                     ((McMemberListRow *) g_ptr_array_index (rows, i))->points);

  /* Blank text is no search. */
  g_free (q->text);
  q->text = g_strdup ("   ");
  g_assert_false (mc_member_query_has_text (q));
  g_assert_cmpint (mc_member_query_count (db, q, NULL), ==, N_MEMBERS);
}

static void
test_paging (void)
{
  g_autoptr(McMemberQuery) q = mc_member_query_new ();
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(GPtrArray) all = NULL;

  q->sort = MC_MEMBER_SORT_SPEND;
  q->descending = TRUE;
  rowids = mc_member_query_run (db, q, NULL);
  all = mc_member_query_load_rows (db, rowids, 0, G_MAXUINT, MC_ROLE_OWNER, NULL);
  g_assert_cmpuint (all->len, ==, N_MEMBERS);
  for (guint offset = 0; offset < N_MEMBERS; offset += 70)
    {
      g_autoptr(GPtrArray) page = mc_member_query_page (db, q, offset, 70, MC_ROLE_OWNER, NULL);

      g_assert_cmpuint (page->len, ==, MIN (70, N_MEMBERS - offset));
      for (guint i = 0; i < page->len; i++)
        g_assert_cmpint (((McMemberListRow *) g_ptr_array_index (page, i))->rowid, ==,
                         ((McMemberListRow *) g_ptr_array_index (all, offset + i))->rowid);
    }
  /* Past the end: nothing. */
  g_clear_pointer (&all, g_ptr_array_unref);
  all = mc_member_query_load_rows (db, rowids, N_MEMBERS, 10, MC_ROLE_OWNER, NULL);
  g_assert_cmpuint (all->len, ==, 0);
}

static void
test_masking (void)
{
  g_autoptr(McMemberQuery) q = mc_member_query_new ();
  g_autoptr(GPtrArray) owner = mc_member_query_page (db, q, 0, 50, MC_ROLE_OWNER, NULL);
  g_autoptr(GPtrArray) analyst = mc_member_query_page (db, q, 0, 50, MC_ROLE_ANALYST, NULL);
  guint n_phones = 0;

  g_assert_cmpuint (owner->len, ==, analyst->len);
  for (guint i = 0; i < owner->len; i++)
    {
      McMemberListRow *o = g_ptr_array_index (owner, i);
      McMemberListRow *a = g_ptr_array_index (analyst, i);

      if (o->phone == NULL)
        {
          g_assert_null (a->phone);
          continue;
        }
      n_phones++;
      g_assert_null (strstr (o->phone, "*"));
      g_assert_cmpuint (strlen (o->phone), ==, 11);
      g_assert_nonnull (strstr (a->phone, "****"));
      g_assert_cmpstr (a->phone + 7, ==, o->phone + 7);           /* last four kept */
      g_assert_true (strncmp (a->phone, o->phone, 3) == 0);       /* first three kept */
      g_assert_null (strstr (a->phone, o->phone + 3));
    }
  g_assert_cmpuint (n_phones, >, 0);
}

static void
test_deleted_left_out (void)
{
  g_autoptr(McMemberQuery) q = mc_member_query_new ();
  g_autoptr(GArray) before = mc_member_query_run (db, q, NULL);
  g_autoptr(GPtrArray) rows = mc_member_query_load_rows (db, before, 0, 1, MC_ROLE_OWNER, NULL);
  McMemberListRow *first = g_ptr_array_index (rows, 0);
  g_autoptr(GPtrArray) after_rows = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_member_set_deleted (db, first->id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (mc_member_query_count (db, q, NULL), ==, N_MEMBERS - 1);
  /* A page read from the old rowids skips the deleted member. */
  after_rows = mc_member_query_load_rows (db, before, 0, 3, MC_ROLE_OWNER, NULL);
  g_assert_cmpuint (after_rows->len, ==, 2);
  g_assert_true (mc_member_set_deleted (db, first->id, FALSE, &error));
  g_assert_cmpint (mc_member_query_count (db, q, NULL), ==, N_MEMBERS);
}

int
main (int    argc,
      char **argv)
{
  McDemoOptions options = { .n_members = N_MEMBERS, .orders_per_member = 3, .seed = 7 };
  g_autoptr(GError) error = NULL;
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  ws_dir = g_dir_make_tmp ("mc-test-member-query-XXXXXX", &error);
  g_assert_no_error (error);
  ws_path = g_build_filename (ws_dir, "ws.mcdb", NULL);
  db = mc_db_open (ws_path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_demo_generate (db, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/member-query/count", test_count);
  g_test_add_func ("/member-query/sort", test_sort);
  g_test_add_func ("/member-query/sort-tier-rank", test_sort_tier_rank);
  g_test_add_func ("/member-query/search", test_search);
  g_test_add_func ("/member-query/paging", test_paging);
  g_test_add_func ("/member-query/masking", test_masking);
  g_test_add_func ("/member-query/deleted", test_deleted_left_out);
  ret = g_test_run ();

  g_clear_object (&db);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *f = g_strconcat (ws_path, suffixes[i], NULL);
        g_unlink (f);
      }
  }
  g_rmdir (ws_dir);
  g_free (ws_path);
  g_free (ws_dir);
  return ret;
}
