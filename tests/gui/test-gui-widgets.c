/* test-gui-widgets.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window on a small workspace, as a person would check it: the member count,
 * sorting by a column, a pinyin-initials search, the filters (tier, tag, store, status,
 * birthday this month), masked phones for analysts, the overview's numbers; queries in
 * the worker (the old rows stay until the new arrive, a newer query supersedes an older
 * one); and McMemberListModel paging over 10,000 members.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "core/mc-demo.h"
#include "core/mc-member.h"
#include "core/mc-pinyin.h"
#include "core/mc-store.h"
#include "gui/mc-member-list-model.h"
#include "gui/mc-member-row.h"
#include "gui/mc-window.h"

#define N_MEMBERS 200
#define N_BIG 10000
#define TIMEOUT_MS 10000

typedef struct
{
  char *dir;
  char *path;
} Workspace;

static Workspace small_ws, big_ws;

static void
workspace_make (Workspace *ws,
                guint      n_members)
{
  McDemoOptions options = { .n_members = n_members, .orders_per_member = 2, .seed = 3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;

  ws->dir = g_dir_make_tmp ("mc-test-gui-XXXXXX", &error);
  g_assert_no_error (error);
  ws->path = g_build_filename (ws->dir, "ws.mcdb", NULL);
  db = mc_db_open (ws->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_demo_generate (db, &options, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* A tag on every fifth member, two frozen members: for the filters. */
  {
    sqlite3_stmt *stmt = mc_db_prepare (db, "SELECT id FROM member WHERE rowid % 5 = 0", &error);
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

    g_assert_no_error (error);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (ids, g_strdup (mc_db_column_text (stmt, 0)));
    sqlite3_reset (stmt);
    for (guint i = 0; i < ids->len; i++)
      g_assert_true (mc_tag_add_to_member (db, g_ptr_array_index (ids, i), "VIP", "value", &error));
    g_assert_true (mc_db_exec (db, "UPDATE member SET status = 'frozen' WHERE rowid IN (2, 3)", &error));
    g_assert_no_error (error);
    /* The workspace's zone, New York, where 2024-03-02 02:00 UTC is still March 1st. */
    g_assert_true (mc_db_set_meta (db, "time_zone", "America/New_York", &error));
    g_assert_true (mc_db_exec (db, "UPDATE member SET last_visit_at = 1709344800 WHERE rowid = 1", &error));
    g_assert_no_error (error);
  }
}

static void
workspace_clear (Workspace *ws)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; ws->path != NULL && i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *f = g_strconcat (ws->path, suffixes[i], NULL);

      g_unlink (f);
    }
  if (ws->dir != NULL)
    g_rmdir (ws->dir);
  g_clear_pointer (&ws->path, g_free);
  g_clear_pointer (&ws->dir, g_free);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until cond holds or the timeout passes. */
static gboolean
wait_for (gboolean (*cond) (gpointer),
          gpointer   data)
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_MS * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return ok;
}

static void
drain_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static McMemberRow *
model_row (GListModel *model,
           guint       i)
{
  McMemberRow *row = g_list_model_get_item (model, i);

  g_assert_nonnull (row);
  g_object_unref (row);   /* the model's page keeps it */
  return row;
}

static gboolean
page_loaded (gpointer data)
{
  McMembersPage *page = data;
  McMemberListModel *model = mc_members_page_get_model (page);

  return model != NULL && !mc_member_list_model_get_loading (model) &&
         g_list_model_get_n_items (G_LIST_MODEL (model)) > 0;
}

static McWindow *
new_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  McWindow *window;

  g_settings_set_string (settings, "role", "owner");
  window = mc_window_new (NULL);
  g_assert_true (mc_window_open_workspace (window, small_ws.path, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  /* The first query runs in a worker: the rows arrive a moment later. */
  g_assert_true (wait_for (page_loaded, mc_window_get_members_page (window)));
  drain_main_loop ();
  return window;
}

static gboolean
overview_loaded (gpointer data)
{
  return !mc_overview_page_is_loading (data);
}

static void
test_window_count (void)
{
  McWindow *window = new_window ();
  McMembersPage *page = mc_window_get_members_page (window);
  GListModel *model = G_LIST_MODEL (mc_members_page_get_model (page));
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *last = g_settings_get_string (settings, "last-workspace");

  g_assert_cmpstr (mc_window_get_mode (window), ==, "workspace");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_MEMBERS);
  g_assert_cmpstr (mc_members_page_get_status_text (page), ==, "200 members");
  /* The overview reads in a worker. */
  g_assert_true (wait_for (overview_loaded, mc_window_get_overview_page (window)));
  g_assert_cmpstr (mc_overview_page_get_value (mc_window_get_overview_page (window), "members"), ==, "200");
  g_assert_cmpstr (last, ==, small_ws.path);
  /* The column view shows the model. */
  g_assert_true (gtk_column_view_get_model (mc_members_page_get_column_view (page)) != NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (mc_members_page_get_column_view (page)))),
                    ==, N_MEMBERS);

  mc_window_set_page (window, "members");
  g_assert_cmpstr (mc_window_get_page (window), ==, "members");
  g_free (last);
  last = g_settings_get_string (settings, "last-page");
  g_assert_cmpstr (last, ==, "members");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
first_is_max_points (gpointer data)
{
  GListModel *model = data;
  gint64 first = mc_member_row_get_points (model_row (model, 0));
  gint64 last = mc_member_row_get_points (model_row (model, g_list_model_get_n_items (model) - 1));

  return first > last;
}

static void
test_window_sort (void)
{
  McWindow *window = new_window ();
  McMembersPage *page = mc_window_get_members_page (window);
  GListModel *model = G_LIST_MODEL (mc_members_page_get_model (page));
  const McMemberQuery *query;
  guint n;

  mc_members_page_sort_by (page, MC_MEMBER_SORT_POINTS, TRUE);
  g_assert_true (mc_member_list_model_get_loading (MC_MEMBER_LIST_MODEL (model)));
  g_assert_true (wait_for (page_loaded, page));
  g_assert_true (first_is_max_points (model));
  query = mc_member_list_model_get_query (MC_MEMBER_LIST_MODEL (model));
  g_assert_cmpint (query->sort, ==, MC_MEMBER_SORT_POINTS);
  g_assert_true (query->descending);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, N_MEMBERS);
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (mc_member_row_get_points (model_row (model, i - 1)), >=,
                     mc_member_row_get_points (model_row (model, i)));

  /* Ascending, then back to no sort (the order members joined in). */
  mc_members_page_sort_by (page, MC_MEMBER_SORT_POINTS, FALSE);
  g_assert_true (wait_for (page_loaded, page));
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (mc_member_row_get_points (model_row (model, i - 1)), <=,
                     mc_member_row_get_points (model_row (model, i)));
  mc_members_page_sort_by (page, MC_MEMBER_SORT_DEFAULT, FALSE);
  g_assert_true (wait_for (page_loaded, page));
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (mc_member_row_get_rowid (model_row (model, i - 1)), <,
                     mc_member_row_get_rowid (model_row (model, i)));
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GListModel *model;
  gint64      rowid;
} SearchWait;

static gboolean
search_narrowed (gpointer data)
{
  SearchWait *w = data;
  guint n = g_list_model_get_n_items (w->model);

  if (n == 0 || n >= N_MEMBERS)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (mc_member_row_get_rowid (model_row (w->model, i)) == w->rowid)
      return TRUE;
  return FALSE;
}

static gboolean
search_cleared (gpointer data)
{
  return g_list_model_get_n_items (data) == N_MEMBERS;
}

static void
test_window_search (void)
{
  McWindow *window = new_window ();
  McMembersPage *page = mc_window_get_members_page (window);
  GListModel *model = G_LIST_MODEL (mc_members_page_get_model (page));
  SearchWait w = { model, 0 };
  g_autofree char *initials = NULL;

  for (guint i = 0; i < N_MEMBERS && initials == NULL; i++)
    {
      McMemberRow *row = model_row (model, i);
      g_autofree char *candidate = mc_pinyin_initials (mc_member_row_get_name (row));

      if (candidate != NULL && strlen (candidate) >= 3)
        {
          initials = g_steal_pointer (&candidate);
          w.rowid = mc_member_row_get_rowid (row);
        }
    }
  g_assert_nonnull (initials);

  gtk_editable_set_text (GTK_EDITABLE (mc_members_page_get_search_entry (page)), initials);
  /* Debounced: not yet applied right after typing. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_MEMBERS);
  g_assert_true (wait_for (search_narrowed, &w));
  g_assert_nonnull (strstr (mc_members_page_get_status_text (page), "match"));

  gtk_editable_set_text (GTK_EDITABLE (mc_members_page_get_search_entry (page)), "");
  g_assert_true (wait_for (search_cleared, model));
  gtk_window_destroy (GTK_WINDOW (window));
}

static const char *filter_tier;

static gboolean
tier_filtered (gpointer data)
{
  GListModel *model = data;
  guint n = g_list_model_get_n_items (model);

  if (n == 0 || n >= N_MEMBERS)
    return FALSE;
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (mc_member_row_get_tier (model_row (model, i)), filter_tier) != 0)
      return FALSE;
  return TRUE;
}

static void
test_window_tier_filter (void)
{
  McWindow *window = new_window ();
  McMembersPage *page = mc_window_get_members_page (window);
  GListModel *model = G_LIST_MODEL (mc_members_page_get_model (page));
  GtkDropDown *filter = mc_members_page_get_tier_filter (page);
  GListModel *names = gtk_drop_down_get_model (filter);

  /* "All Tiers", then the programme's tiers lowest first: base, silver, gold. */
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 4);
  g_assert_cmpstr (gtk_string_object_get_string (g_list_model_get_item (names, 2)), ==, "Silver");
  g_object_unref (g_list_model_get_item (names, 2));
  filter_tier = "silver";
  gtk_drop_down_set_selected (filter, 2);
  g_assert_true (wait_for (tier_filtered, model));
  gtk_drop_down_set_selected (filter, 0);
  g_assert_true (wait_for (search_cleared, model));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The rows the page shows are those mc_member_query_count() finds for the same query. */
static void
check_page_count (McMembersPage       *page,
                  const McMemberQuery *query)
{
  McMemberListModel *model = mc_members_page_get_model (page);
  g_autoptr(GError) error = NULL;
  gint64 expected = mc_member_query_count (mc_member_list_model_get_db (model), query, &error);

  g_assert_no_error (error);
  g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected);
}

static gboolean
page_settled (gpointer data)
{
  return !mc_member_list_model_get_loading (mc_members_page_get_model (data));
}

static void
test_window_filters (void)
{
  McWindow *window = new_window ();
  McMembersPage *page = mc_window_get_members_page (window);
  McMemberListModel *model = mc_members_page_get_model (page);
  McMemberFilters *filters = mc_members_page_get_filters (page);
  GtkDropDown *tag = mc_member_filters_get_tag_filter (filters);
  GtkDropDown *store = mc_member_filters_get_store_filter (filters);
  GtkDropDown *status = mc_member_filters_get_status_filter (filters);
  GtkCheckButton *birthday = mc_member_filters_get_birthday_check (filters);
  g_autoptr(McMemberQuery) query = mc_member_query_new ();
  g_autoptr(GtkStringObject) tag_name = NULL;
  guint n_tagged;

  /* Tag: "Any Tag", then VIP. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (tag)), ==, 2);
  tag_name = g_list_model_get_item (gtk_drop_down_get_model (tag), 1);
  g_assert_cmpstr (gtk_string_object_get_string (tag_name), ==, "VIP");
  gtk_drop_down_set_selected (tag, 1);
  g_assert_true (mc_member_list_model_get_loading (model));
  g_assert_true (wait_for (page_settled, page));
  n_tagged = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n_tagged, ==, N_MEMBERS / 5);
  for (guint i = 0; i < n_tagged; i++)
    g_assert_cmpint (mc_member_row_get_rowid (model_row (G_LIST_MODEL (model), i)) % 5, ==, 0);
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (gtk_widget_get_ancestor (GTK_WIDGET (filters), GTK_TYPE_MENU_BUTTON))),
                   ==, "Filters (1)");
  g_assert_cmpstr (mc_members_page_get_status_text (page), ==, "40 members");

  /* And a store: fewer. */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (store)), >, 2);
  gtk_drop_down_set_selected (store, 1);
  g_assert_true (wait_for (page_settled, page));
  mc_member_filters_apply (filters, query);
  g_assert_nonnull (query->tag);
  g_assert_nonnull (query->store);
  g_assert_cmpuint (mc_member_filters_get_n_active (filters), ==, 2);
  check_page_count (page, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, n_tagged);

  /* Status frozen, without tag and store: the two frozen members. */
  mc_member_filters_clear (filters);
  g_assert_true (wait_for (page_settled, page));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_MEMBERS);
  gtk_drop_down_set_selected (status, MC_MEMBER_STATUS_FROZEN);
  g_assert_true (wait_for (page_settled, page));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  g_assert_cmpint (mc_member_row_get_rowid (model_row (G_LIST_MODEL (model), 0)), ==, 2);
  gtk_drop_down_set_selected (status, MC_MEMBER_STATUS_ERASED);
  g_assert_true (wait_for (page_settled, page));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpstr (mc_members_page_get_status_text (page), ==, "0 members");
  gtk_drop_down_set_selected (status, MC_MEMBER_STATUS_ANY);

  /* Birthday this month (the workspace's month), combined with a search and a sort. */
  gtk_check_button_set_active (birthday, TRUE);
  g_assert_true (wait_for (page_settled, page));
  g_clear_pointer (&query, mc_member_query_free);
  query = mc_member_query_new ();
  query->birthday_month = mc_member_query_month_now (mc_window_get_db (window));
  check_page_count (page, query);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, N_MEMBERS);
  mc_members_page_sort_by (page, MC_MEMBER_SORT_SPEND, TRUE);
  g_assert_true (wait_for (page_settled, page));
  query->sort = MC_MEMBER_SORT_SPEND;
  query->descending = TRUE;
  {
    g_autoptr(GArray) rowids = mc_member_query_run (mc_window_get_db (window), query, NULL);

    g_assert_cmpuint (rowids->len, ==, g_list_model_get_n_items (G_LIST_MODEL (model)));
    for (guint i = 0; i < rowids->len; i++)
      g_assert_cmpint (mc_member_row_get_rowid (model_row (G_LIST_MODEL (model), i)), ==,
                       g_array_index (rowids, gint64, i));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
find_label (GtkWidget  *widget,
            const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_label (child, text))
      return TRUE;
  return FALSE;
}

/* Dates show in the workspace's time zone, not the one in the settings. */
static void
test_window_time_zone (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  McWindow *window;
  GtkWidget *view;

  g_settings_set_string (settings, "time-zone", "UTC");
  window = new_window ();
  mc_window_set_page (window, "members");
  view = GTK_WIDGET (mc_members_page_get_column_view (mc_window_get_members_page (window)));
  drain_main_loop ();
  g_assert_true (find_label (view, "2024-03-01"));
  g_assert_false (find_label (view, "2024-03-02"));
  g_settings_reset (settings, "time-zone");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
phones_masked (gpointer data)
{
  GListModel *model = data;
  guint n_phones = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      const char *phone = mc_member_row_get_phone (model_row (model, i));

      if (phone == NULL)
        continue;
      if (strstr (phone, "****") == NULL)
        return FALSE;
      n_phones++;
    }
  return n_phones > 0;
}

static gboolean
phones_clear (gpointer data)
{
  GListModel *model = data;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      const char *phone = mc_member_row_get_phone (model_row (model, i));

      if (phone != NULL && strchr (phone, '*') != NULL)
        return FALSE;
    }
  return TRUE;
}

static void
test_window_analyst_masked (void)
{
  McWindow *window = new_window ();
  McMembersPage *page = mc_window_get_members_page (window);
  GListModel *model = G_LIST_MODEL (mc_members_page_get_model (page));
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

  g_assert_true (phones_clear (model));
  g_settings_set_string (settings, "role", "analyst");
  g_assert_true (wait_for (phones_masked, model));
  g_assert_cmpint (mc_db_get_role (mc_window_get_db (window)), ==, MC_ROLE_ANALYST);
  g_settings_set_string (settings, "role", "owner");
  g_assert_true (wait_for (phones_clear, model));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
count_cb (gpointer data)
{
  (*(guint *) data)++;
}

static gboolean
model_settled (gpointer data)
{
  return !mc_member_list_model_get_loading (data);
}

/* Queries run in the worker: the old rows stay meanwhile; a newer query supersedes an
 * older one, whose rows never show. */
static void
test_model_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (big_ws.path, &error);
  g_autoptr(McMemberListModel) model = mc_member_list_model_new (db);
  g_autoptr(McMemberQuery) older = mc_member_query_new ();
  g_autoptr(McMemberQuery) newer = mc_member_query_new ();
  g_autoptr(GArray) expected = NULL;
  GListModel *list = G_LIST_MODEL (model);
  guint n_done = 0, n_loading = 0;

  g_signal_connect_swapped (model, "query-done", G_CALLBACK (count_cb), &n_done);
  g_signal_connect_swapped (model, "notify::loading", G_CALLBACK (count_cb), &n_loading);

  /* Results arrive. */
  mc_member_list_model_run_query (model, older);
  g_assert_true (mc_member_list_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);    /* nothing yet */
  g_assert_true (wait_for (model_settled, model));
  g_assert_cmpuint (n_done, ==, 1);
  g_assert_cmpuint (n_loading, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_BIG);

  /* Sorted by name (pinyin, the slowest), then at once by spend: only the second shows. */
  older->sort = MC_MEMBER_SORT_NAME;
  newer->sort = MC_MEMBER_SORT_SPEND;
  newer->descending = TRUE;
  newer->tier = g_strdup ("silver");
  expected = mc_member_query_run (db, newer, NULL);
  g_assert_cmpuint (expected->len, <, N_BIG);
  mc_member_list_model_run_query (model, older);
  g_assert_true (mc_member_query_equal (mc_member_list_model_get_pending_query (model), older));
  mc_member_list_model_run_query (model, newer);
  g_assert_true (mc_member_query_equal (mc_member_list_model_get_pending_query (model), newer));
  /* The old rows stay until the new ones arrive. */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_BIG);
  g_assert_true (wait_for (model_settled, model));
  g_assert_cmpuint (n_done, ==, 2);
  g_assert_cmpuint (n_loading, ==, 4);      /* one TRUE and one FALSE for both queries */
  g_assert_true (mc_member_query_equal (mc_member_list_model_get_query (model), newer));
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, expected->len);
  for (guint i = 0; i < expected->len; i += 97)
    g_assert_cmpint (mc_member_row_get_rowid (model_row (list, i)), ==, g_array_index (expected, gint64, i));
  /* The superseded query's answer, if it still comes, changes nothing. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (n_done, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, expected->len);
}

/* A selected row and a new query: the selection does not read every row to find its item. */
static void
test_model_selection_replace (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (big_ws.path, &error);
  g_autoptr(McMemberListModel) model = mc_member_list_model_new (db);
  g_autoptr(GtkSingleSelection) selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (model)));
  g_autoptr(McMemberQuery) query = mc_member_query_new ();
  guint loads;

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  g_assert_true (mc_member_list_model_set_query (model, query, &error));
  gtk_single_selection_set_selected (selection, 5);
  loads = mc_member_list_model_get_n_page_loads (model);
  query->sort = MC_MEMBER_SORT_POINTS;
  mc_member_list_model_run_query (model, query);
  g_assert_true (wait_for (model_settled, model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, N_BIG);
  g_assert_cmpuint (mc_member_list_model_get_n_page_loads (model) - loads, <=, 1);
  /* A refresh (role change) reads again only the pages read so far. */
  gtk_single_selection_set_selected (selection, 5);
  loads = mc_member_list_model_get_n_page_loads (model);
  mc_member_list_model_refresh (model);
  g_assert_cmpuint (mc_member_list_model_get_n_page_loads (model) - loads, <=, 1);
}

static void
check_row_matches (McDb        *db,
                   McMemberRow *row,
                   const char  *sql,
                   guint        offset)
{
  sqlite3_stmt *stmt = mc_db_prepare (db, sql, NULL);

  g_assert_nonnull (stmt);
  sqlite3_bind_int64 (stmt, 1, offset);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (mc_member_row_get_rowid (row), ==, sqlite3_column_int64 (stmt, 0));
  g_assert_cmpstr (mc_member_row_get_name (row), ==, (const char *) sqlite3_column_text (stmt, 1));
  g_assert_cmpint (mc_member_row_get_spend_fen (row), ==, sqlite3_column_int64 (stmt, 2));
  sqlite3_reset (stmt);
}

static void
test_model_paging (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (big_ws.path, &error);
  g_autoptr(McMemberListModel) model = NULL;
  g_autoptr(McMemberQuery) query = mc_member_query_new ();
  GListModel *list;
  const guint probes[] = { 0, 1, 199, 200, 4999, 5000, 5001, 9800, 9999 };
  const char *by_rowid = "SELECT rowid, name, spend_fen FROM member WHERE deleted = 0 "
                         "ORDER BY rowid LIMIT 1 OFFSET ?";
  const char *by_spend = "SELECT rowid, name, spend_fen FROM member WHERE deleted = 0 "
                         "ORDER BY spend_fen DESC, rowid DESC LIMIT 1 OFFSET ?";

  g_assert_no_error (error);
  model = mc_member_list_model_new (db);
  list = G_LIST_MODEL (model);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 0);
  g_assert_true (mc_member_list_model_set_query (model, query, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_BIG);
  g_assert_cmpuint (mc_member_list_model_get_n_page_loads (model), ==, 0);   /* nothing read yet */
  g_assert_null (g_list_model_get_item (list, N_BIG));

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    check_row_matches (db, model_row (list, probes[i]), by_rowid, probes[i]);
  /* Pages 0, 1, 24, 25, 49 were read, once each. */
  g_assert_cmpuint (mc_member_list_model_get_n_page_loads (model), ==, 5);

  query->sort = MC_MEMBER_SORT_SPEND;
  query->descending = TRUE;
  g_assert_true (mc_member_list_model_set_query (model, query, &error));
  g_assert_cmpuint (mc_member_list_model_get_n_cached_pages (model), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    check_row_matches (db, model_row (list, probes[i]), by_spend, probes[i]);

  /* Every item once: the cache stays bounded. */
  for (guint i = 0; i < N_BIG; i++)
    {
      McMemberRow *row = model_row (list, i);

      if (i > 0)
        g_assert_cmpint (mc_member_row_get_spend_fen (model_row (list, i - 1)), >=,
                         mc_member_row_get_spend_fen (row));
      g_assert_cmpuint (mc_member_list_model_get_n_cached_pages (model), <=, MC_MEMBER_LIST_MODEL_MAX_PAGES);
    }
}

int
main (int    argc,
      char **argv)
{
  int ret;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();

  workspace_make (&small_ws, N_MEMBERS);
  workspace_make (&big_ws, N_BIG);

  g_test_add_func ("/gui/window/count", test_window_count);
  g_test_add_func ("/gui/window/sort", test_window_sort);
  g_test_add_func ("/gui/window/search", test_window_search);
  g_test_add_func ("/gui/window/tier-filter", test_window_tier_filter);
  g_test_add_func ("/gui/window/filters", test_window_filters);
  g_test_add_func ("/gui/window/time-zone", test_window_time_zone);
  g_test_add_func ("/gui/window/analyst-masked", test_window_analyst_masked);
  g_test_add_func ("/gui/model/paging", test_model_paging);
  g_test_add_func ("/gui/model/async", test_model_async);
  g_test_add_func ("/gui/model/selection-replace", test_model_selection_replace);
  ret = g_test_run ();

  workspace_clear (&small_ws);
  workspace_clear (&big_ws);
  return ret;
}
