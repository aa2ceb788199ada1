/* test-member-query.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member list's query: counts, SQL sorting, pinyin order of names, filters (tier,
 * tag, store, status, birthday month) with search and sort, paging by rowid, masking by
 * role, and the worker: a reader connection, cancellation, a newer query superseding.
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
#include "core/mc-member-query-runner.h"
#include "core/mc-pinyin.h"
#include "core/mc-search.h"
#include "core/mc-store.h"

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
        case MC_MEMBER_SORT_NAME:
          {
            guint8 ka[MC_PINYIN_SORT_KEY_LEN], kb[MC_PINYIN_SORT_KEY_LEN];

            mc_pinyin_sort_key (a->name, ka);
            mc_pinyin_sort_key (b->name, kb);
            cmp = memcmp (ka, kb, sizeof ka);
          }
          break;
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
  check_sorted (MC_MEMBER_SORT_NAME, FALSE);
}

static int
key_compare (const char *a,
             const char *b)
{
  guint8 ka[MC_PINYIN_SORT_KEY_LEN], kb[MC_PINYIN_SORT_KEY_LEN];

  mc_pinyin_sort_key (a, ka);
  mc_pinyin_sort_key (b, kb);
  return memcmp (ka, kb, sizeof ka);
}

/* Names in pinyin order, as a person reads them: 李 (li) before 王 (wang) before 张 (zhang)
 * before 赵 (zhao) before 周 (zhou). */
static void
test_sort_pinyin (void)
{
  g_autoptr(McMemberQuery) q = mc_member_query_new ();
  g_autoptr(GPtrArray) rows = NULL;
  int first_l = -1, last_z = -1, first_z = -1;

  g_assert_cmpint (key_compare ("李四", "张三"), <, 0);      /* BINARY order says otherwise */
  g_assert_cmpint (strcmp ("李四", "张三"), >, 0);
  g_assert_cmpint (key_compare ("李四", "王五"), <, 0);
  g_assert_cmpint (key_compare ("王五", "张三"), <, 0);
  g_assert_cmpint (key_compare ("阿明", "白雪"), <, 0);
  g_assert_cmpint (key_compare ("张", "张三"), <, 0);          /* shorter first */
  g_assert_cmpint (key_compare ("张三", "张 三"), ==, 0);      /* spaces skipped */
  g_assert_cmpint (key_compare ("alice", "Bob"), <, 0);       /* ASCII by letter, any case */
  g_assert_cmpint (key_compare ("Lily", "刘洋"), <, 0);        /* l... before l(刘) */
  g_assert_cmpint (key_compare ("刘洋", "Mary"), <, 0);
  g_assert_cmpint (key_compare ("张三", "张伟"), !=, 0);
  /* Whole syllables, not only initials: zhang < zhao < zhou < zou; lu < luan < lv (ü). */
  g_assert_cmpstr (mc_pinyin_syllable_for (g_utf8_get_char ("张")), ==, "zhang");
  g_assert_cmpstr (mc_pinyin_syllable_for (g_utf8_get_char ("绿")), ==, "lv");
  g_assert_null (mc_pinyin_syllable_for ('A'));
  g_assert_cmpint (key_compare ("张三", "赵四"), <, 0);      /* U+5F20 < U+8D75 either way */
  g_assert_cmpint (key_compare ("赵四", "周五"), <, 0);      /* U+8D75 > U+5468: codepoints say otherwise */
  g_assert_cmpint (key_compare ("周五", "邹六"), <, 0);
  g_assert_cmpint (key_compare ("张伟", "赵一"), <, 0);      /* the surname decides first */
  g_assert_cmpint (key_compare ("陆", "吕"), <, 0);
  /* Names that read the same stay grouped by character. */
  g_assert_cmpint (key_compare ("张三", "章三"), !=, 0);
  g_assert_cmpint ((key_compare ("张三", "章三") < 0), ==, (key_compare ("张四", "章四") < 0));

  /* In the list: every 李 before every 张, one surname together. */
  q->sort = MC_MEMBER_SORT_NAME;
  rows = mc_member_query_page (db, q, 0, N_MEMBERS, MC_ROLE_OWNER, NULL);
  g_assert_cmpuint (rows->len, ==, N_MEMBERS);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *name = ((McMemberListRow *) g_ptr_array_index (rows, i))->name;

      if (g_str_has_prefix (name, "李") && first_l < 0)
        first_l = i;
      if (g_str_has_prefix (name, "张"))
        {
          if (first_z < 0)
            first_z = i;
          last_z = i;
        }
    }
  g_assert_cmpint (first_l, >=, 0);
  g_assert_cmpint (first_z, >, first_l);
  /* Between the first and the last 张 only surnames read zhang. */
  for (int i = first_z; i <= last_z; i++)
    g_assert_cmpstr (mc_pinyin_syllable_for (g_utf8_get_char (((McMemberListRow *) g_ptr_array_index (rows, i))->name)),
                     ==, "zhang");
}

static gint64
sql_count (const char *sql)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static char *
sql_text (const char *sql)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, NULL);
  char *text;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup (mc_db_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return text;
}

/* Every row of the query, checked against a condition in SQL on its rowid. */
static guint
check_every_row (const McMemberQuery *q,
                 const char          *condition)
{
  g_autoptr(GArray) rowids = mc_member_query_run (db, q, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM member m WHERE m.rowid = ? AND (%s)",
                                          condition);
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, NULL);

  g_assert_nonnull (rowids);
  for (guint i = 0; i < rowids->len; i++)
    {
      sqlite3_bind_int64 (stmt, 1, g_array_index (rowids, gint64, i));
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 1);
      sqlite3_reset (stmt);
    }
  g_assert_cmpint (mc_member_query_count (db, q, NULL), ==, rowids->len);
  return rowids->len;
}

static void
test_filters (void)
{
  g_autoptr(McMemberQuery) q = mc_member_query_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stores = NULL;
  g_autoptr(GPtrArray) tags = NULL;
  g_autofree char *tag_id = NULL;
  g_autofree char *store_id = NULL;
  g_autofree char *sql = NULL;
  guint n;

  /* Tag: the members whose rowid is a multiple of 7 get "VIP". */
  g_assert_true (mc_db_begin (db, &error));
  tag_id = mc_tag_ensure (db, "VIP", "value", &error);
  g_assert_no_error (error);
  {
    g_autoptr(GArray) all = mc_member_query_run (db, q, NULL);
    g_autoptr(GPtrArray) rows = mc_member_query_load_rows (db, all, 0, G_MAXUINT, MC_ROLE_OWNER, NULL);

    for (guint i = 0; i < rows->len; i++)
      {
        McMemberListRow *r = g_ptr_array_index (rows, i);

        if (r->rowid % 7 == 0)
          g_assert_true (mc_tag_link (db, r->id, tag_id, &error));
      }
  }
  g_assert_true (mc_db_commit (db, &error));
  tags = mc_member_query_list_tags (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tags->len, ==, 1);
  g_assert_cmpstr (((McMemberQueryChoice *) g_ptr_array_index (tags, 0))->name, ==, "VIP");

  q->tag = g_strdup (tag_id);
  n = check_every_row (q, "m.rowid % 7 = 0");
  g_assert_cmpuint (n, ==, sql_count ("SELECT count(*) FROM member WHERE deleted = 0 AND rowid % 7 = 0"));
  g_assert_cmpuint (n, >, 0);

  /* Store: the first store, by name. */
  g_clear_pointer (&q->tag, g_free);
  stores = mc_member_query_list_stores (db, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stores->len, >, 1);
  store_id = g_strdup (((McMemberQueryChoice *) g_ptr_array_index (stores, 0))->id);
  q->store = g_strdup (store_id);
  sql = g_strdup_printf ("m.store_id = '%s'", store_id);
  n = check_every_row (q, sql);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, N_MEMBERS);

  /* Status: freeze two members. */
  g_clear_pointer (&q->store, g_free);
  g_assert_true (mc_db_exec (db, "UPDATE member SET status = 'frozen' WHERE rowid IN (3, 5)", &error));
  q->status = MC_MEMBER_STATUS_FROZEN;
  g_assert_cmpuint (check_every_row (q, "m.status = 'frozen'"), ==, 2);
  q->status = MC_MEMBER_STATUS_ACTIVE;
  g_assert_cmpuint (check_every_row (q, "m.status = 'active'"), ==, N_MEMBERS - 2);
  q->status = MC_MEMBER_STATUS_ERASED;
  g_assert_cmpuint (check_every_row (q, "0"), ==, 0);
  q->status = MC_MEMBER_STATUS_ANY;

  /* Birthday month: both stored forms. */
  g_assert_true (mc_db_exec (db, "UPDATE member SET birthday = '--07-15' WHERE rowid = 4", &error));
  g_assert_true (mc_db_exec (db, "UPDATE member SET birthday = '1990-07-01' WHERE rowid = 6", &error));
  q->birthday_month = 7;
  n = check_every_row (q, "m.birthday LIKE '%-07-__'");
  g_assert_cmpuint (n, ==, sql_count ("SELECT count(*) FROM member WHERE deleted = 0 AND "
                                      "(birthday LIKE '____-07-__' OR birthday LIKE '--07-__')"));
  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpuint (mc_member_query_month_now (db), >=, 1);
  g_assert_cmpuint (mc_member_query_month_now (db), <=, 12);

  /* All at once, with a tier, in pinyin order; then descending by points. */
  q->tier = sql_text ("SELECT tier FROM member WHERE rowid = 4");
  q->status = MC_MEMBER_STATUS_ACTIVE;
  q->sort = MC_MEMBER_SORT_NAME;
  g_free (sql);
  sql = g_strdup_printf ("m.birthday LIKE '%%-07-__' AND m.status = 'active' AND m.tier = '%s'", q->tier);
  n = check_every_row (q, sql);
  g_assert_cmpuint (n, >=, 1);
  q->sort = MC_MEMBER_SORT_POINTS;
  q->descending = TRUE;
  g_assert_cmpuint (check_every_row (q, sql), ==, n);

  /* With a search: the hits that pass the filters. */
  {
    g_autoptr(McMemberQuery) s = mc_member_query_new ();
    g_autofree char *name = sql_text ("SELECT name FROM member WHERE rowid = 14");
    g_autoptr(GArray) hits = NULL;
    g_autoptr(GArray) tagged = NULL;

    s->text = mc_pinyin_initials (name);
    hits = mc_member_query_run (db, s, NULL);
    s->tag = g_strdup (tag_id);
    s->sort = MC_MEMBER_SORT_NAME;
    tagged = mc_member_query_run (db, s, NULL);
    g_assert_cmpuint (tagged->len, >=, 1);                 /* rowid 14 is tagged */
    g_assert_cmpuint (tagged->len, <=, hits->len);
    g_assert_cmpuint (check_every_row (s, "m.rowid % 7 = 0"), ==, tagged->len);
  }

  g_assert_true (mc_db_exec (db, "UPDATE member SET status = 'active' WHERE rowid IN (3, 5)", &error));
}

static void
test_equal_copy (void)
{
  g_autoptr(McMemberQuery) a = mc_member_query_new ();
  g_autoptr(McMemberQuery) b = NULL;

  a->tag = g_strdup ("t");
  a->store = g_strdup ("s");
  a->status = MC_MEMBER_STATUS_FROZEN;
  a->birthday_month = 3;
  b = mc_member_query_copy (a);
  g_assert_true (mc_member_query_equal (a, b));
  b->birthday_month = 4;
  g_assert_false (mc_member_query_equal (a, b));
  b->birthday_month = 3;
  b->status = MC_MEMBER_STATUS_ANY;
  g_assert_false (mc_member_query_equal (a, b));
  b->status = MC_MEMBER_STATUS_FROZEN;
  g_free (b->store);
  b->store = g_strdup ("");
  g_assert_false (mc_member_query_equal (a, b));
}

static void
test_cancelled (void)
{
  g_autoptr(McMemberQuery) q = mc_member_query_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) rowids = NULL;

  q->sort = MC_MEMBER_SORT_NAME;
  g_cancellable_cancel (cancellable);
  rowids = mc_member_query_run_full (db, q, cancellable, &error);
  g_assert_null (rowids);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The connection is fine afterwards. */
  g_clear_error (&error);
  rowids = mc_member_query_run_full (db, q, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rowids->len, ==, N_MEMBERS);
}

typedef struct
{
  GMainLoop *loop;
  guint      n_pending;
  McMemberQueryResult *results[2];
  GError    *errors[2];
} RunnerWait;

static void
runner_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  RunnerWait *w = user_data;
  guint i = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (g_task_get_cancellable (G_TASK (result))), "i"));

  McMemberQueryResult *found = mc_member_query_runner_run_finish (MC_MEMBER_QUERY_RUNNER (source), result,
                                                                  &w->errors[i]);

  w->results[i] = found;
  if (--w->n_pending == 0)
    g_main_loop_quit (w->loop);
}

/* The worker on its own read connection: the same rows as the main connection; a query
 * cancelled because a newer one started reports G_IO_ERROR_CANCELLED. */
static void
test_runner (void)
{
  g_autoptr(McMemberQueryRunner) runner = mc_member_query_runner_new (ws_path);
  g_autoptr(McMemberQuery) older = mc_member_query_new ();
  g_autoptr(McMemberQuery) newer = mc_member_query_new ();
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GCancellable) c0 = g_cancellable_new ();
  g_autoptr(GCancellable) c1 = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) reader = mc_db_open_reader (ws_path, &error);
  RunnerWait w = { g_main_loop_new (NULL, FALSE), 2, { NULL, NULL }, { NULL, NULL } };

  g_assert_no_error (error);
  /* A reader cannot write. */
  g_assert_false (mc_db_exec (reader, "UPDATE member SET name = 'x' WHERE rowid = 1", &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  older->sort = MC_MEMBER_SORT_NAME;
  newer->sort = MC_MEMBER_SORT_SPEND;
  newer->descending = TRUE;
  expected = mc_member_query_run (db, newer, NULL);

  g_object_set_data (G_OBJECT (c0), "i", GUINT_TO_POINTER (0));
  g_object_set_data (G_OBJECT (c1), "i", GUINT_TO_POINTER (1));
  mc_member_query_runner_run_async (runner, older, MC_ROLE_OWNER, 50, c0, runner_done_cb, &w);
  g_cancellable_cancel (c0);   /* typing on: a newer query replaces it */
  mc_member_query_runner_run_async (runner, newer, MC_ROLE_ANALYST, 50, c1, runner_done_cb, &w);
  g_main_loop_run (w.loop);

  g_assert_null (w.results[0]);
  g_assert_error (w.errors[0], G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_no_error (w.errors[1]);
  g_assert_cmpuint (w.results[1]->rowids->len, ==, expected->len);
  g_assert_cmpmem (w.results[1]->rowids->data, w.results[1]->rowids->len * sizeof (gint64),
                   expected->data, expected->len * sizeof (gint64));
  /* The first rows, read there too, as the role sees them. */
  {
    g_autoptr(GPtrArray) rows = mc_member_query_load_rows (db, expected, 0, 50, MC_ROLE_ANALYST, NULL);

    g_assert_cmpint (w.results[1]->role, ==, MC_ROLE_ANALYST);
    g_assert_cmpuint (w.results[1]->first_rows->len, ==, 50);
    for (guint i = 0; i < 50; i++)
      {
        McMemberListRow *a = g_ptr_array_index (w.results[1]->first_rows, i);
        McMemberListRow *b = g_ptr_array_index (rows, i);

        g_assert_cmpint (a->rowid, ==, b->rowid);
        g_assert_cmpstr (a->phone, ==, b->phone);
      }
  }
  mc_member_query_result_free (w.results[1]);
  g_clear_error (&w.errors[0]);
  g_main_loop_unref (w.loop);
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
  g_test_add_func ("/member-query/sort-pinyin", test_sort_pinyin);
  g_test_add_func ("/member-query/filters", test_filters);
  g_test_add_func ("/member-query/equal-copy", test_equal_copy);
  g_test_add_func ("/member-query/cancelled", test_cancelled);
  g_test_add_func ("/member-query/runner", test_runner);
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
