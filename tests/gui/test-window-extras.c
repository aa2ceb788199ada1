/* test-window-extras.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's extras as a person would check them: the Overview's numbers for today,
 * this week's birthdays and the sync state on a workspace made for the test; the import
 * sheet's dry run listing a bad row of a fixture CSV and writing nothing; an import through
 * the sheet adding the rows; a cancelled import leaving the workspace as it was.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "core/mc-member.h"
#include "core/mc-order.h"
#include "core/mc-programme.h"
#include "core/mc-member.h"
#include "core/mc-order.h"
#include "gui/mc-gui.h"
#include "gui/mc-import-sheet.h"
#include "gui/mc-preferences-window.h"
#include "gui/mc-tier-eval-dialog.h"
#include "gui/mc-window-extras.h"
#include "gui/mc-window.h"

#define DAY ((gint64) 86400)
#define TIMEOUT_MS 20000
#define N_BIG 20000

typedef struct
{
  char *dir;
  char *path;
} Workspace;

static void
workspace_make (Workspace *ws)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();

  ws->dir = g_dir_make_tmp ("mc-test-extras-XXXXXX", &error);
  g_assert_no_error (error);
  ws->path = g_build_filename (ws->dir, "ws.mcdb", NULL);
  db = mc_db_open (ws->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_db_begin (db, &error));
  g_assert_true (mc_programme_install_live (db, programme, &error));
  g_assert_true (mc_db_commit (db, &error));
  g_assert_no_error (error);
}

static void
workspace_clear (Workspace *ws)
{
  g_autoptr(GDir) dir = g_dir_open (ws->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (ws->dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (ws->dir);
  g_clear_pointer (&ws->path, g_free);
  g_clear_pointer (&ws->dir, g_free);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

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

static McWindow *
new_window (Workspace *ws)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  McWindow *window;

  g_settings_set_string (settings, "role", "owner");
  window = mc_window_new (NULL);
  g_assert_true (mc_window_open_workspace (window, ws->path, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static gint64
count_rows (McWindow   *window,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (mc_window_get_db (window)), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static gboolean
overview_loaded (gpointer data)
{
  return !mc_overview_page_is_loading (data);
}

/* Two members (one joined today, with a birthday today), a sale today and one yesterday. */
static void
test_overview (void)
{
  Workspace ws = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  McWindow *window;
  McOverviewPage *page;

  workspace_make (&ws);
  {
    g_autoptr(McDb) db = mc_db_open (ws.path, &error);
    g_autoptr(McMember) a = mc_member_new ();
    g_autoptr(McMember) b = mc_member_new ();
    g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now);
    g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_db_get_time_zone (db));
    g_autoptr(GDateTime) midnight = g_date_time_new (mc_db_get_time_zone (db), g_date_time_get_year (local),
                                                     g_date_time_get_month (local),
                                                     g_date_time_get_day_of_month (local), 0, 0, 0);
    gint64 day_start = g_date_time_to_unix (midnight);
    McOrderInput sale = { 0 };
    McOrderResult r = { 0 };

    g_assert_no_error (error);
    a->name = g_strdup ("Today Li");
    a->phone = g_strdup ("13800000001");
    a->birthday = g_date_time_format (local, "1990-%m-%d");
    g_assert_true (mc_member_insert (db, a, &error));
    b->name = g_strdup ("Old Wu");
    b->phone = g_strdup ("13800000002");
    b->joined_at = now - 40 * DAY;
    g_assert_true (mc_member_insert (db, b, &error));
    g_assert_no_error (error);
    sale.member_id = a->id;
    sale.amount_fen = 12345;
    sale.at = MAX (day_start, now - 10);
    g_assert_true (mc_order_add (db, &sale, &r, &error));
    mc_order_result_clear (&r);
    sale.member_id = b->id;
    sale.amount_fen = 50000;
    sale.at = day_start - 60;
    g_assert_true (mc_order_add (db, &sale, &r, &error));
    mc_order_result_clear (&r);
    g_assert_no_error (error);
  }

  window = new_window (&ws);
  page = mc_window_get_overview_page (window);
  g_assert_true (wait_for (overview_loaded, page));
  g_assert_cmpstr (mc_overview_page_get_value (page, "members"), ==, "2");
  g_assert_cmpstr (mc_overview_page_get_value (page, "new_members_today"), ==, "1");
  g_assert_cmpstr (mc_overview_page_get_value (page, "purchases_today"), ==, "1");
  g_assert_cmpstr (mc_overview_page_get_value (page, "purchase_amount_today"), ==, "¥123.45");
  g_assert_cmpstr (mc_overview_page_get_value (page, "points_redeemed_today"), ==, "0");
  g_assert_cmpstr (mc_overview_page_get_value (page, "birthdays_count"), ==, "1");
  g_assert_cmpuint (mc_overview_page_get_n_list_rows (page, "birthdays"), ==, 1);
  g_assert_cmpstr (mc_overview_page_get_value (page, "tier_risk_count"), ==, "0");
  g_assert_cmpstr (mc_overview_page_get_value (page, "sync_state"), ==, "Not set up");

  /* A change through the window reloads it. */
  mc_window_workspace_changed (window);
  g_assert_true (mc_overview_page_is_loading (page));
  g_assert_true (wait_for (overview_loaded, page));
  g_assert_cmpstr (mc_overview_page_get_value (page, "new_members_today"), ==, "1");

  gtk_window_destroy (GTK_WINDOW (window));
  workspace_clear (&ws);
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", name, NULL);
}

static gboolean
sheet_settled (gpointer data)
{
  const char *state = mc_import_sheet_get_state (data);

  return g_str_equal (state, "ready") || g_str_equal (state, "failed") || g_str_equal (state, "done");
}

static gboolean
sheet_done (gpointer data)
{
  return g_str_equal (mc_import_sheet_get_state (data), "done");
}

static McImportSheet *
open_sheet (McWindow   *window,
            const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GtkWindow *sheet = mc_window_import_file (window, file);

  g_assert_nonnull (sheet);
  g_object_ref (sheet);   /* to read its state once it closes */
  g_assert_true (wait_for (sheet_settled, sheet));
  return MC_IMPORT_SHEET (sheet);
}

/* The dry run of a file with a bad phone: every row checked, the bad one listed with its
 * line, column, value and reason, nothing written; Import only once skipping is chosen;
 * then the good rows are written. */
static void
test_import_dry_run_and_skip (void)
{
  Workspace ws = { 0 };
  g_autofree char *csv = data_path ("members-crlf.csv");
  McWindow *window;
  McImportSheet *sheet;
  g_autofree char *problem = NULL;
  g_auto(GStrv) parts = NULL;

  workspace_make (&ws);
  window = new_window (&ws);
  sheet = open_sheet (window, csv);
  g_assert_cmpstr (mc_import_sheet_get_state (sheet), ==, "ready");
  g_assert_cmpint (mc_import_sheet_get_kind (sheet), ==, MC_IMPORT_KIND_MEMBERS);
  g_assert_cmpuint (mc_import_sheet_get_rows_read (sheet), ==, 3);
  g_assert_cmpstr (mc_import_sheet_get_column_field (sheet, "name"), ==, "Name");
  g_assert_cmpstr (mc_import_sheet_get_column_field (sheet, "phone"), ==, "Phone");
  g_assert_cmpstr (mc_import_sheet_get_column_field (sheet, "notes"), ==, "Notes");
  g_assert_cmpuint (mc_import_sheet_get_n_problems (sheet), ==, 1);
  problem = mc_import_sheet_get_problem_text (sheet, 0);
  parts = g_strsplit (problem, "\t", -1);
  g_assert_cmpuint (g_strv_length (parts), ==, 4);
  g_assert_cmpstr (parts[0], ==, "4");          /* the quoted newline makes row 2 two lines */
  g_assert_cmpstr (parts[1], ==, "phone");
  g_assert_cmpstr (parts[2], ==, "12345");
  g_assert_cmpstr (parts[3], !=, "");
  /* Nothing written by the dry run, and Import refused while a row is bad. */
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member"), ==, 0);
  g_assert_false (mc_import_sheet_can_import (sheet));

  mc_import_sheet_set_skip_invalid (sheet, TRUE);
  g_assert_true (mc_import_sheet_can_import (sheet));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sheet), "import.start", NULL));
  g_assert_true (wait_for (sheet_done, sheet));
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member WHERE deleted = 0"), ==, 2);
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member WHERE phone = '+8613812345678'"), ==, 1);
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM audit_log WHERE action LIKE 'import%'"), ==, 1);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (sheet)));

  g_object_unref (sheet);
  gtk_window_destroy (GTK_WINDOW (window));
  workspace_clear (&ws);
}

/* A clean file: Import at once; the members are there and the overview shows them. */
static void
test_import_adds_rows (void)
{
  Workspace ws = { 0 };
  g_autofree char *csv = data_path ("members-utf8-bom.csv");
  McWindow *window;
  McImportSheet *sheet;

  workspace_make (&ws);
  window = new_window (&ws);
  sheet = open_sheet (window, csv);
  g_assert_cmpuint (mc_import_sheet_get_rows_read (sheet), ==, 2);
  g_assert_cmpuint (mc_import_sheet_get_n_problems (sheet), ==, 0);
  g_assert_cmpstr (mc_import_sheet_get_column_field (sheet, "City"), ==, "Region");
  g_assert_true (mc_import_sheet_can_import (sheet));
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member"), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sheet), "import.start", NULL));
  g_assert_true (wait_for (sheet_done, sheet));
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member WHERE deleted = 0"), ==, 2);
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member WHERE name = '赵六'"), ==, 1);
  /* mc_window_workspace_changed () reloaded the overview. */
  g_assert_true (wait_for (overview_loaded, mc_window_get_overview_page (window)));
  g_assert_cmpstr (mc_overview_page_get_value (mc_window_get_overview_page (window), "members"), ==, "2");

  g_object_unref (sheet);
  gtk_window_destroy (GTK_WINDOW (window));
  workspace_clear (&ws);
}

/* An orders file is told from its header; choosing members instead is refused by the
 * importer (no name column) and Import stays off. */
static void
test_import_orders_detected (void)
{
  Workspace ws = { 0 };
  g_autofree char *csv = g_build_filename (g_get_tmp_dir (), "mc-test-orders.csv", NULL);
  McWindow *window;
  McImportSheet *sheet;

  g_assert_true (g_file_set_contents (csv, "手机,金额,下单时间\n13800000001,12.50,2025-03-01 10:00\n", -1, NULL));
  workspace_make (&ws);
  window = new_window (&ws);
  sheet = open_sheet (window, csv);
  g_assert_cmpint (mc_import_sheet_get_kind (sheet), ==, MC_IMPORT_KIND_ORDERS);
  g_assert_cmpstr (mc_import_sheet_get_column_field (sheet, "金额"), ==, "Amount");
  g_assert_cmpuint (mc_import_sheet_get_rows_read (sheet), ==, 1);
  mc_import_sheet_set_kind (sheet, MC_IMPORT_KIND_MEMBERS);
  g_assert_true (wait_for (sheet_settled, sheet));
  g_assert_cmpstr (mc_import_sheet_get_state (sheet), ==, "failed");
  g_assert_false (mc_import_sheet_can_import (sheet));

  gtk_window_destroy (GTK_WINDOW (sheet));
  g_object_unref (sheet);
  gtk_window_destroy (GTK_WINDOW (window));
  workspace_clear (&ws);
  g_unlink (csv);
}

/* Cancel right after Import: nothing is written. */
static void
test_import_cancel (void)
{
  Workspace ws = { 0 };
  g_autofree char *csv = g_build_filename (g_get_tmp_dir (), "mc-test-big-members.csv", NULL);
  g_autoptr(GString) text = g_string_new ("姓名,手机\n");
  McWindow *window;
  McImportSheet *sheet;

  for (guint i = 0; i < N_BIG; i++)
    g_string_append_printf (text, "会员%u,139%08u\n", i, i);
  g_assert_true (g_file_set_contents (csv, text->str, text->len, NULL));
  workspace_make (&ws);
  window = new_window (&ws);
  sheet = open_sheet (window, csv);
  g_assert_cmpuint (mc_import_sheet_get_rows_read (sheet), ==, N_BIG);
  g_assert_true (mc_import_sheet_can_import (sheet));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sheet), "import.start", NULL));
  g_assert_cmpstr (mc_import_sheet_get_state (sheet), ==, "importing");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (sheet), "import.cancel", NULL));
  g_assert_true (wait_for (sheet_done, sheet));
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member"), ==, 0);
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM audit_log WHERE action LIKE 'import%'"), ==, 0);

  g_object_unref (sheet);
  gtk_window_destroy (GTK_WINDOW (window));
  workspace_clear (&ws);
  g_unlink (csv);
}

static GtkWindow *
find_sheet (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (MC_IS_IMPORT_SHEET (window))
        return GTK_WINDOW (window);
    }
  return NULL;
}

/* A file dropped on the window opens the sheet on it. */
static void
test_drop_opens_sheet (void)
{
  Workspace ws = { 0 };
  g_autofree char *csv = data_path ("members-utf8-bom.csv");
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GListModel) controllers = NULL;
  GtkDropTarget *target = NULL;
  GValue value = G_VALUE_INIT;
  GSList list = { file, NULL };
  gboolean dropped = FALSE;
  McWindow *window;
  GtkWindow *sheet;

  workspace_make (&ws);
  window = new_window (&ws);
  g_assert_null (find_sheet ());
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (&list));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &dropped);
  g_value_unset (&value);
  g_assert_true (dropped);
  sheet = find_sheet ();
  g_assert_nonnull (sheet);
  g_object_ref (sheet);
  g_assert_true (wait_for (sheet_settled, sheet));
  g_assert_cmpuint (mc_import_sheet_get_rows_read (MC_IMPORT_SHEET (sheet)), ==, 2);
  /* Closing the sheet writes nothing. */
  gtk_window_close (sheet);
  g_assert_cmpstr (mc_import_sheet_get_state (MC_IMPORT_SHEET (sheet)), ==, "done");
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member"), ==, 0);

  g_object_unref (sheet);
  gtk_window_destroy (GTK_WINDOW (window));
  workspace_clear (&ws);
}

static gboolean
evaluation_over (gpointer data)
{
  return !mc_tier_eval_dialog_running (data);
}

/* Re-evaluating the tiers from the window: a purchase that reaches gold changes the tier
 * only at an evaluation; the dialog's worker makes it, and the dialog closes. */
static void
test_evaluate_tiers (void)
{
  Workspace ws = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = mc_member_new ();
  g_autoptr(McMember) after = NULL;
  McOrderInput input = { 0 };
  McOrderResult r = { 0 };
  McWindow *window;
  GtkWindow *dialog;

  workspace_make (&ws);
  window = new_window (&ws);
  m->name = g_strdup ("评级");
  m->phone = g_strdup ("13900000042");
  g_assert_true (mc_member_insert (mc_window_get_db (window), m, &error));
  g_assert_no_error (error);
  input.member_id = m->id;
  input.amount_fen = 900000;        /* 9,000 yuan: growth 9,010, gold */
  input.at = g_get_real_time () / G_USEC_PER_SEC - 3600;
  g_assert_true (mc_order_add (mc_window_get_db (window), &input, &r, &error));
  g_assert_no_error (error);
  mc_order_result_clear (&r);
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member WHERE tier = 'gold'"), ==, 0);

  dialog = g_object_ref (mc_tier_eval_dialog_present (window));
  g_assert_false (mc_tier_eval_dialog_running (dialog));
  mc_tier_eval_dialog_start (dialog);
  g_assert_true (mc_tier_eval_dialog_running (dialog));
  g_assert_true (wait_for (evaluation_over, dialog));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  after = mc_member_load (mc_window_get_db (window), m->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->tier, ==, "gold");
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM audit_log WHERE action = 'tiers.evaluate'"), ==, 1);

  g_object_unref (dialog);
  gtk_window_destroy (GTK_WINDOW (window));
  workspace_clear (&ws);
}

static gboolean
find_combo_row (GtkWidget   *widget,
                const char  *title,
                AdwComboRow **out)
{
  if (ADW_IS_COMBO_ROW (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    {
      *out = ADW_COMBO_ROW (widget);
      return TRUE;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (find_combo_row (child, title, out))
      return TRUE;
  return FALSE;
}

/* Amounts follow the currency-display setting, in every page, and Preferences sets it. */
static void
test_currency_display (void)
{
  Workspace ws = { 0 };
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  McWindow *window;
  McPreferencesWindow *prefs;
  AdwComboRow *row = NULL;
  char *text;

  workspace_make (&ws);
  window = new_window (&ws);
  text = mc_gui_format_money (123456);
  g_assert_cmpstr (text, ==, "¥1,234.56");
  g_free (text);
  text = mc_gui_format_money (-5);
  g_assert_cmpstr (text, ==, "−¥0.05");
  g_free (text);

  g_settings_set_string (settings, "currency-display", "cny");
  text = mc_gui_format_money (123456);
  g_assert_cmpstr (text, ==, "CNY 1,234.56");
  g_free (text);

  prefs = mc_preferences_window_new (settings);
  g_assert_true (find_combo_row (GTK_WIDGET (prefs), "Amounts", &row));
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 2);
  adw_combo_row_set_selected (row, 1);
  g_assert_cmpstr (g_settings_get_string (settings, "currency-display"), ==, "yuan-word");
  text = mc_gui_format_money (123456);
  g_assert_cmpstr (text, ==, "1,234.56 yuan");
  g_free (text);
  adw_combo_row_set_selected (row, 0);
  text = mc_gui_format_money (123456);
  g_assert_cmpstr (text, ==, "¥1,234.56");
  g_free (text);

  gtk_window_destroy (GTK_WINDOW (prefs));
  gtk_window_destroy (GTK_WINDOW (window));
  workspace_clear (&ws);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();

  g_test_add_func ("/gui/extras/overview", test_overview);
  g_test_add_func ("/gui/extras/evaluate-tiers", test_evaluate_tiers);
  g_test_add_func ("/gui/extras/currency-display", test_currency_display);
  g_test_add_func ("/gui/extras/import-dry-run-and-skip", test_import_dry_run_and_skip);
  g_test_add_func ("/gui/extras/import-adds-rows", test_import_adds_rows);
  g_test_add_func ("/gui/extras/import-orders-detected", test_import_orders_detected);
  g_test_add_func ("/gui/extras/import-cancel", test_import_cancel);
  g_test_add_func ("/gui/extras/drop-opens-sheet", test_drop_opens_sheet);
  return g_test_run ();
}
