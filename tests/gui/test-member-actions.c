/* test-member-actions.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member actions ("member.*") on a member of a small workspace, in the real window:
 * each form is opened by its action, filled in, accepted (by Enter or its button), and the
 * database checked; a bad input shows the inline error and changes nothing; undo of an
 * adjustment and of a delete restores the state.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "core/mc-ledger.h"
#include "core/mc-member.h"
#include "core/mc-order.h"
#include "core/mc-programme.h"
#include "core/mc-store.h"
#include "gui/mc-member-actions.h"
#include "gui/mc-window.h"

#define TIMEOUT_MS 10000

typedef struct
{
  char         *dir;
  char         *path;
  char         *member_id;
  char         *order_id;
  McWindow     *window;
  McDb         *db;        /* the window's */
  GActionGroup *group;
} Fixture;

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

static void
drain_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
make_workspace (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autoptr(McMember) m = mc_member_new ();
  g_autofree char *store_id = NULL;
  McOrderInput input = { 0 };
  McOrderResult result = { 0 };

  f->dir = g_dir_make_tmp ("mc-test-actions-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "ws.mcdb", NULL);
  db = mc_db_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_programme_install_live (db, programme, &error));
  g_assert_true (mc_store_add (db, "Airport", NULL, NULL, &error));
  g_assert_true (mc_store_add (db, "Downtown", NULL, &store_id, &error));
  g_assert_no_error (error);
  m->name = g_strdup ("张三");
  m->phone = g_strdup ("13812345678");
  m->email = g_strdup ("zs@example.com");
  g_assert_true (mc_member_insert (db, m, &error));
  g_assert_no_error (error);
  f->member_id = g_strdup (m->id);
  input.member_id = m->id;
  input.store_id = store_id;
  input.amount_fen = 10000;
  g_assert_true (mc_order_add (db, &input, &result, &error));
  g_assert_no_error (error);
  f->order_id = g_strdup (result.order_id);
  mc_order_result_clear (&result);
  g_assert_true (mc_points_adjust (db, m->id, 500, "opening", &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  GtkWidget *host;

  make_workspace (f);
  g_settings_set_string (settings, "role", "owner");
  f->window = mc_window_new (NULL);
  g_assert_true (mc_window_open_workspace (f->window, f->path, &error));
  g_assert_no_error (error);
  f->db = mc_window_get_db (f->window);
  gtk_window_present (GTK_WINDOW (f->window));
  mc_window_set_page (f->window, "overview");
  drain_main_loop ();

  host = GTK_WIDGET (mc_window_get_members_page (f->window));
  f->group = mc_member_actions_new (host);
  gtk_widget_insert_action_group (host, "member", f->group);
  mc_member_actions_set_member (f->group, f->db, f->member_id);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };
  GtkWindow *dialog = mc_member_actions_get_dialog (f->group);

  if (dialog != NULL)
    gtk_window_destroy (dialog);
  g_clear_object (&f->group);
  gtk_window_destroy (GTK_WINDOW (f->window));
  drain_main_loop ();
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (f->path, suffixes[i], NULL);

      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->member_id);
  g_free (f->order_id);
}

/* ------------------------------------------------------------------------------------ */

static McMember *
member (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  McMember *m = mc_member_load (f->db, f->member_id, &error);

  g_assert_no_error (error);
  return m;
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3_stmt *stmt = mc_db_prepare (f->db, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Activates member.<name> and gives its form. */
static GtkWidget *
open_form (Fixture    *f,
           const char *action,
           GVariant   *param)
{
  GtkWindow *dialog;

  g_assert_true (g_action_group_get_action_enabled (f->group, action));
  g_action_group_activate_action (f->group, action, param);
  drain_main_loop ();
  dialog = mc_member_actions_get_dialog (f->group);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_window_get_modal (dialog));
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (f->window));
  /* The focus starts in the form, not on a header bar button. */
  g_assert_nonnull (gtk_window_get_focus (dialog));
  g_assert_null (gtk_widget_get_ancestor (gtk_window_get_focus (dialog), ADW_TYPE_HEADER_BAR));
  return GTK_WIDGET (dialog);
}

static GtkWidget *
input (GtkWidget  *dialog,
       const char *name)
{
  GtkWidget *widget = find_named (dialog, name);

  g_assert_nonnull (widget);
  g_assert_true (gtk_widget_get_focusable (widget) || GTK_IS_DROP_DOWN (widget) || GTK_IS_EDITABLE (widget));
  return widget;
}

static void
set_text (GtkWidget  *dialog,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (input (dialog, name)), text);
}

typedef struct
{
  Fixture   *f;
  GtkWidget *error;
} Settle;

static gboolean
answered (gpointer data)
{
  Settle *s = data;

  GtkWindow *dialog = mc_member_actions_get_dialog (s->f->group);

  return dialog == NULL || !gtk_widget_get_visible (GTK_WIDGET (dialog)) || gtk_widget_get_visible (s->error);
}

/* After the default button is activated: waits until the form closed or showed an
 * error (a button activated from the keyboard clicks after a short delay). */
static void
activate_and_settle (Fixture   *f,
                     GtkWidget *dialog,
                     GtkWidget *widget)
{
  gboolean is_text = GTK_IS_TEXT (widget);

  Settle s = { f, find_named (dialog, "error") };

  g_assert_nonnull (s.error);
  gtk_widget_set_visible (s.error, FALSE);
  g_assert_true (gtk_widget_get_realized (widget));
  /* Return in a GtkText emits its "activate" key binding signal. */
  if (is_text)
    g_signal_emit_by_name (widget, "activate");
  else
    gtk_widget_activate (widget);
  g_assert_true (wait_for (answered, &s));
  drain_main_loop ();
}

/* Enter in an entry: the default button. */
static void
press_enter_in (Fixture    *f,
                GtkWidget  *dialog,
                const char *name)
{
  GtkWidget *entry = input (dialog, name);
  /* The GtkText inside the entry is what gets the key and activates the default. */
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (entry));

  g_assert_true (GTK_IS_TEXT (text));
  g_assert_true (gtk_text_get_activates_default (GTK_TEXT (text)));
  /* Typing there put the focus there. */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (text)));
  activate_and_settle (f, dialog, GTK_WIDGET (text));
}

static void
click_accept (Fixture   *f,
              GtkWidget *dialog)
{
  GtkWidget *accept = find_named (dialog, "accept");

  g_assert_nonnull (accept);
  g_assert_true (gtk_widget_get_sensitive (accept));
  g_assert_true (gtk_window_get_default_widget (GTK_WINDOW (dialog)) == accept);
  activate_and_settle (f, dialog, accept);
}

static gboolean
dialog_closed (gpointer data)
{
  Fixture *f = data;
  GtkWindow *dialog = mc_member_actions_get_dialog (f->group);

  return dialog == NULL || !gtk_widget_get_visible (GTK_WIDGET (dialog));
}

static void
expect_closed (Fixture *f)
{
  g_assert_true (wait_for (dialog_closed, f));
}

/* The form is still open and shows an error that holds needle. */
static void
expect_error (Fixture    *f,
              GtkWidget  *dialog,
              const char *needle)
{
  GtkWidget *label = find_named (dialog, "error");

  g_assert_true (mc_member_actions_get_dialog (f->group) == GTK_WINDOW (dialog));
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_get_visible (label));
  if (strstr (gtk_label_get_text (GTK_LABEL (label)), needle) == NULL)
    g_test_message ("the error is “%s”", gtk_label_get_text (GTK_LABEL (label)));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), needle));
}

/* ------------------------------------------------------------------------------------ */

static void
test_record_purchase (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(McMember) before = member (f);
  g_autoptr(McMember) after = NULL;
  GtkWidget *dialog = open_form (f, "record-purchase", NULL);
  gint64 orders = query_int (f, "SELECT count(*) FROM orders");

  /* Bad: not an amount. */
  set_text (dialog, "amount", "12.345");
  press_enter_in (f, dialog, "amount");
  expect_error (f, dialog, "not an amount in yuan");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders"), ==, orders);

  set_text (dialog, "amount", "128.50");
  gtk_drop_down_set_selected (GTK_DROP_DOWN (input (dialog, "store")), 1);   /* Airport */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (input (dialog, "time"))), !=, "");
  press_enter_in (f, dialog, "amount");
  expect_closed (f);

  after = member (f);
  g_assert_cmpint (after->spend_fen, ==, before->spend_fen + 12850);
  g_assert_cmpint (after->orders_count, ==, before->orders_count + 1);
  g_assert_cmpint (after->points_balance, >, before->points_balance);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders o JOIN store s ON s.id = o.store_id "
                                 "WHERE s.name = 'Airport' AND o.amount_fen = 12850"), ==, 1);
}

static void
test_refund (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(McMember) before = member (f);
  g_autoptr(McMember) after = NULL;
  GtkWidget *dialog = open_form (f, "refund", g_variant_new_string (f->order_id));

  /* More than the order: refused, nothing refunded. */
  set_text (dialog, "amount", "500");
  click_accept (f, dialog);
  expect_error (f, dialog, "100.00");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM orders WHERE refund_of IS NOT NULL"), ==, 0);

  set_text (dialog, "amount", "");
  click_accept (f, dialog);
  expect_closed (f);
  g_assert_cmpint (query_int (f, "SELECT -sum (amount_fen) FROM orders WHERE refund_of IS NOT NULL"), ==, 10000);
  after = member (f);
  g_assert_cmpint (after->spend_fen, ==, before->spend_fen - 10000);
  g_assert_cmpint (after->points_balance, <, before->points_balance);
}

static void
test_redeem (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(McMember) before = member (f);
  g_autoptr(McMember) after = NULL;
  g_autofree char *too_many = g_strdup_printf ("%" G_GINT64_FORMAT, before->points_balance + 1);
  GtkWidget *dialog = open_form (f, "redeem", NULL);

  set_text (dialog, "points", too_many);
  press_enter_in (f, dialog, "points");
  expect_error (f, dialog, "Not enough points");
  after = member (f);
  g_assert_cmpint (after->points_balance, ==, before->points_balance);

  set_text (dialog, "points", "120");
  press_enter_in (f, dialog, "points");
  expect_closed (f);
  g_clear_pointer (&after, mc_member_free);
  after = member (f);
  g_assert_cmpint (after->points_balance, ==, before->points_balance - 120);
}

static void
test_adjust_points_undo (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(McMember) before = member (f);
  g_autoptr(McMember) after = NULL;
  GtkWidget *dialog = open_form (f, "adjust-points", NULL);
  gint64 entries = query_int (f, "SELECT count(*) FROM points_ledger");

  /* No reason: refused. */
  set_text (dialog, "amount", "+50");
  press_enter_in (f, dialog, "amount");
  expect_error (f, dialog, "reason");
  set_text (dialog, "amount", "fifty");
  set_text (dialog, "reason", "birthday gift");
  press_enter_in (f, dialog, "reason");
  expect_error (f, dialog, "whole number");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger"), ==, entries);

  set_text (dialog, "amount", "+50");
  press_enter_in (f, dialog, "reason");
  expect_closed (f);
  after = member (f);
  g_assert_cmpint (after->points_balance, ==, before->points_balance + 50);

  /* Undo (the toast's button and Ctrl+Z run win.undo). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  drain_main_loop ();
  g_clear_pointer (&after, mc_member_free);
  after = member (f);
  g_assert_cmpint (after->points_balance, ==, before->points_balance);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM points_ledger WHERE delta = -50 "
                                 "AND reason = 'Undo: birthday gift'"), ==, 1);
}

static void
test_adjust_growth_undo (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(McMember) before = member (f);
  g_autoptr(McMember) after = NULL;
  GtkWidget *dialog = open_form (f, "adjust-growth", NULL);

  set_text (dialog, "amount", "-5");
  set_text (dialog, "reason", "late return");
  click_accept (f, dialog);
  expect_closed (f);
  after = member (f);
  g_assert_cmpint (after->growth, ==, before->growth - 5);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  drain_main_loop ();
  g_clear_pointer (&after, mc_member_free);
  after = member (f);
  g_assert_cmpint (after->growth, ==, before->growth);
}

static void
test_set_tier (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(McMember) after = NULL;
  GtkWidget *dialog = open_form (f, "set-tier", NULL);
  GtkDropDown *tiers = GTK_DROP_DOWN (input (dialog, "tier"));

  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (tiers)), ==, 3);
  g_assert_cmpuint (gtk_drop_down_get_selected (tiers), ==, 0);
  gtk_drop_down_set_selected (tiers, 2);   /* gold */
  set_text (dialog, "reason", "founding customer");

  /* Too far ahead: refused. */
  set_text (dialog, "until", "2099-01-01");
  press_enter_in (f, dialog, "until");
  expect_error (f, dialog, "two years");
  after = member (f);
  g_assert_null (after->manual_tier);

  set_text (dialog, "until", "");
  g_clear_pointer (&after, mc_member_free);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) later = g_date_time_add_months (now, 3);
    g_autofree char *text = g_date_time_format (later, "%Y-%m-%d");

    set_text (dialog, "until", text);
  }
  press_enter_in (f, dialog, "reason");
  expect_closed (f);
  after = member (f);
  g_assert_cmpstr (after->manual_tier, ==, "gold");
  g_assert_cmpstr (after->tier, ==, "gold");
  g_assert_cmpstr (after->manual_reason, ==, "founding customer");
  g_assert_cmpint (after->manual_until, >, mc_db_now () + 80 * 86400);
}

static void
test_delete_undo (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(McMember) after = NULL;

  g_assert_cmpstr (mc_window_get_page (f->window), ==, "overview");
  g_action_group_activate_action (f->group, "delete", NULL);
  drain_main_loop ();
  after = member (f);
  g_assert_true (after->deleted);
  g_assert_cmpstr (mc_window_get_page (f->window), ==, "members");
  g_assert_cmpint (mc_member_count (f->db, NULL), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  drain_main_loop ();
  g_clear_pointer (&after, mc_member_free);
  after = member (f);
  g_assert_false (after->deleted);
  g_assert_cmpint (mc_member_count (f->db, NULL), ==, 1);
}

/* The file is there and holds a whole JSON document (GIO may write in place). */
static gboolean
file_written (gpointer data)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!g_file_get_contents (data, &text, NULL, NULL))
    return FALSE;
  node = json_from_string (text, NULL);
  return node != NULL;
}

static void
test_export (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "member.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *profile;

  g_assert_true (g_action_group_get_action_enabled (f->group, "export"));
  mc_member_actions_export_to_file (f->group, file);
  g_assert_true (wait_for (file_written, path));
  drain_main_loop ();
  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  root = json_from_string (text, &error);
  g_assert_no_error (error);
  profile = json_object_get_object_member (json_node_get_object (root), "profile");
  g_assert_cmpstr (json_object_get_string_member (profile, "phone"), ==, "+8613812345678");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "orders")), ==, 1);
  g_unlink (path);
}

static void
test_erase (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(McMember) after = NULL;
  GtkWidget *dialog = open_form (f, "erase", NULL);
  GtkWidget *accept = find_named (dialog, "accept");

  g_assert_false (gtk_widget_get_sensitive (accept));
  set_text (dialog, "name", "张");
  g_assert_false (gtk_widget_get_sensitive (accept));
  /* Enter does nothing while the name is wrong. */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (input (dialog, "name"))), "activate");
  {
    gint64 end = g_get_monotonic_time () + 500 * 1000;

    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }
  g_assert_true (mc_member_actions_get_dialog (f->group) == GTK_WINDOW (dialog));
  after = member (f);
  g_assert_cmpstr (after->status, ==, "active");

  set_text (dialog, "name", "张三");
  g_assert_true (gtk_widget_get_sensitive (accept));
  click_accept (f, dialog);
  expect_closed (f);
  g_clear_pointer (&after, mc_member_free);
  after = member (f);
  g_assert_cmpstr (after->status, ==, "erased");
  g_assert_null (after->phone);
  g_assert_cmpstr (after->name, !=, "张三");
  g_assert_cmpint (after->spend_fen, ==, 10000);
}

static void
test_escape_cancels (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(McMember) before = member (f);
  g_autoptr(McMember) after = NULL;
  GtkWidget *dialog = open_form (f, "adjust-points", NULL);

  set_text (dialog, "amount", "10");
  set_text (dialog, "reason", "x");
  /* Escape is bound to window.close, the same as Cancel. */
  g_assert_true (gtk_widget_activate_action (dialog, "window.close", NULL));
  expect_closed (f);
  after = member (f);
  g_assert_cmpint (after->points_balance, ==, before->points_balance);
}

static void
test_enabled (Fixture       *f,
              gconstpointer  data)
{
  const char *names[] = { "record-purchase", "refund", "redeem", "adjust-points", "adjust-growth",
                          "set-tier", "delete", "export", "erase" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_true (g_action_group_get_action_enabled (f->group, names[i]));
  g_assert_true (g_variant_type_equal (g_action_group_get_action_parameter_type (f->group, "refund"),
                                       G_VARIANT_TYPE_STRING));

  mc_member_actions_set_member (f->group, f->db, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_false (g_action_group_get_action_enabled (f->group, names[i]));

  /* An analyst changes nothing and exports no personal data. */
  mc_db_set_role (f->db, MC_ROLE_ANALYST);
  mc_member_actions_set_member (f->group, f->db, f->member_id);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_false (g_action_group_get_action_enabled (f->group, names[i]));
  /* A manager may not erase. */
  mc_db_set_role (f->db, MC_ROLE_MANAGER);
  mc_member_actions_set_member (f->group, f->db, f->member_id);
  g_assert_true (g_action_group_get_action_enabled (f->group, "redeem"));
  g_assert_false (g_action_group_get_action_enabled (f->group, "erase"));
  mc_db_set_role (f->db, MC_ROLE_OWNER);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_test_skip ("no display");
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/member-actions/record-purchase", test_record_purchase);
  ADD ("/member-actions/refund", test_refund);
  ADD ("/member-actions/redeem", test_redeem);
  ADD ("/member-actions/adjust-points-undo", test_adjust_points_undo);
  ADD ("/member-actions/adjust-growth-undo", test_adjust_growth_undo);
  ADD ("/member-actions/set-tier", test_set_tier);
  ADD ("/member-actions/delete-undo", test_delete_undo);
  ADD ("/member-actions/export", test_export);
  ADD ("/member-actions/erase", test_erase);
  ADD ("/member-actions/escape-cancels", test_escape_cancels);
  ADD ("/member-actions/enabled", test_enabled);
#undef ADD
  return g_test_run ();
}
