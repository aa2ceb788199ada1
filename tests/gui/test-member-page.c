/* test-member-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member page and the new member dialog in a real window, as a person would check
 * them: the member's numbers, an error under a field that comes and goes as one types,
 * a saved edit in the database (and its undo), and a duplicate phone refused.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "core/mc-member.h"
#include "core/mc-order.h"
#include "core/mc-programme.h"
#include "gui/mc-gui.h"
#include "gui/mc-new-member-dialog.h"
#include "gui/mc-window.h"

#define DAY 86400

static char *ws_dir;
static char *ws_path;
static char *member_id;

static void
workspace_make (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  g_autoptr(McMember) m = mc_member_new ();
  McOrderInput in = { 0 };
  McOrderResult res = { 0 };
  gint64 now = mc_db_now ();

  ws_dir = g_dir_make_tmp ("mc-test-member-page-XXXXXX", &error);
  g_assert_no_error (error);
  ws_path = g_build_filename (ws_dir, "ws.mcdb", NULL);
  db = mc_db_open (ws_path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_db_begin (db, NULL));
  g_assert_true (mc_programme_install_live (db, programme, NULL));
  g_assert_true (mc_db_commit (db, NULL));

  m->name = g_strdup ("王芳");
  m->phone = g_strdup ("13912345678");
  m->region = g_strdup ("杭州");
  g_assert_true (mc_member_insert (db, m, &error));
  g_assert_no_error (error);
  member_id = g_strdup (m->id);

  /* 1,234.50 yuan 10 days ago: 1,234 points, growth 1,234 + 10. */
  in.member_id = m->id;
  in.amount_fen = 123450;
  in.at = now - 10 * DAY;
  g_assert_true (mc_order_add (db, &in, &res, &error));
  g_assert_no_error (error);
  mc_order_result_clear (&res);

  g_clear_pointer (&m, mc_member_free);
  m = mc_member_new ();
  m->name = g_strdup ("Other");
  m->phone = g_strdup ("13700000000");
  g_assert_true (mc_member_insert (db, m, &error));
  g_assert_no_error (error);
}

static void
workspace_clear (void)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *f = g_strconcat (ws_path, suffixes[i], NULL);

      g_unlink (f);
    }
  g_rmdir (ws_dir);
  g_clear_pointer (&ws_path, g_free);
  g_clear_pointer (&ws_dir, g_free);
  g_clear_pointer (&member_id, g_free);
}

static void
drain_main_loop (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static McWindow *
new_window (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  McWindow *window;

  g_settings_set_string (settings, "role", "owner");
  window = mc_window_new (NULL);
  g_assert_true (mc_window_open_workspace (window, ws_path, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  drain_main_loop ();
  return window;
}

static McMemberPage *
open_member (McWindow   *window,
             const char *id)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-member", "s", id));
  drain_main_loop ();
  g_assert_cmpstr (mc_window_get_page (window), ==, "member");
  return mc_window_get_member_page (window);
}

static void
test_page_numbers (void)
{
  McWindow *window = new_window ();
  McMemberPage *page = open_member (window, member_id);
  const McMemberDetail *d = mc_member_page_get_detail (page);

  g_assert_cmpstr (mc_member_page_get_member_id (page), ==, member_id);
  g_assert_cmpstr (mc_member_page_get_text (page, "name"), ==, "王芳");
  g_assert_cmpstr (mc_member_page_get_text (page, "tier"), ==, "Member");
  g_assert_cmpstr (mc_member_page_get_text (page, "points"), ==, "1,234");
  /* 2,000 for silver, 1,244 earned. */
  g_assert_cmpstr (mc_member_page_get_text (page, "progress"), ==, "Growth 1,244: 756 more to reach Silver");
  g_assert_cmpint (d->window_growth, ==, 1244);
  g_assert_cmpuint (d->orders->len, ==, 1);

  /* Back to the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-members", NULL));
  g_assert_cmpstr (mc_window_get_page (window), ==, "members");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_inline_validation (void)
{
  McWindow *window = new_window ();
  McMemberPage *page = open_member (window, member_id);
  McMemberFormWidget *form = mc_member_page_get_form (page);
  GtkEditable *phone = mc_member_form_widget_get_entry (form, MC_MEMBER_FIELD_PHONE);

  g_assert_cmpstr (gtk_editable_get_text (phone), ==, "13912345678");
  g_assert_null (mc_member_form_widget_get_shown_error (form, MC_MEMBER_FIELD_PHONE));
  gtk_editable_set_text (phone, "1391234");
  g_assert_cmpstr (mc_member_form_widget_get_shown_error (form, MC_MEMBER_FIELD_PHONE), ==,
                   "“1391234” is not a Chinese mobile number: it has 11 digits and starts with 13 "
                   "to 19, like 138 1234 5678.");
  g_assert_false (mc_member_form_widget_is_valid (form));
  g_assert_null (mc_member_form_widget_get_shown_error (form, MC_MEMBER_FIELD_NAME));
  gtk_editable_set_text (phone, "13912345679");
  g_assert_null (mc_member_form_widget_get_shown_error (form, MC_MEMBER_FIELD_PHONE));
  g_assert_true (mc_member_form_widget_is_valid (form));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_save_and_undo (void)
{
  McWindow *window = new_window ();
  McMemberPage *page = open_member (window, member_id);
  McMemberFormWidget *form = mc_member_page_get_form (page);
  g_autoptr(McMember) saved = NULL;
  g_autoptr(McMember) restored = NULL;
  g_autoptr(GError) error = NULL;

  gtk_editable_set_text (mc_member_form_widget_get_entry (form, MC_MEMBER_FIELD_REGION), "上海");
  gtk_editable_set_text (mc_member_form_widget_get_entry (form, MC_MEMBER_FIELD_EMAIL), "WF@Example.com");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "profile.save", NULL));
  drain_main_loop ();

  saved = mc_member_load (mc_window_get_db (window), member_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (saved->region, ==, "上海");
  g_assert_cmpstr (saved->email, ==, "wf@example.com");
  g_assert_cmpstr (saved->phone, ==, "+8613912345678");
  /* The page shows what was saved. */
  g_assert_cmpstr (gtk_editable_get_text (mc_member_form_widget_get_entry (form, MC_MEMBER_FIELD_EMAIL)), ==,
                   "wf@example.com");

  /* Undo restores the previous values. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  drain_main_loop ();
  restored = mc_member_load (mc_window_get_db (window), member_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (restored->region, ==, "杭州");
  g_assert_null (restored->email);
  g_assert_cmpstr (gtk_editable_get_text (mc_member_form_widget_get_entry (form, MC_MEMBER_FIELD_REGION)), ==,
                   "杭州");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
member_added_cb (McNewMemberDialog *dialog,
                 const char        *id,
                 char             **out)
{
  g_free (*out);
  *out = g_strdup (id);
}

static void
test_new_member_duplicate (void)
{
  McWindow *window = new_window ();
  McDb *db = mc_window_get_db (window);
  McNewMemberDialog *dialog = mc_new_member_dialog_new (db);
  McMemberFormWidget *form = mc_new_member_dialog_get_form (dialog);
  gint64 before = mc_member_count (db, NULL);
  g_autofree char *new_id = NULL;

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_editable_set_text (mc_member_form_widget_get_entry (form, MC_MEMBER_FIELD_NAME), "新会员");
  gtk_editable_set_text (mc_member_form_widget_get_entry (form, MC_MEMBER_FIELD_PHONE), "139 1234 5678");
  mc_new_member_dialog_save (dialog);
  drain_main_loop ();

  g_assert_cmpint (mc_member_count (db, NULL), ==, before);
  g_assert_cmpstr (mc_new_member_dialog_get_duplicate_id (dialog), ==, member_id);
  g_assert_nonnull (g_strstr_len (mc_new_member_dialog_get_message (dialog), -1, "王芳"));
  g_assert_cmpstr (mc_member_form_widget_get_shown_error (form, MC_MEMBER_FIELD_PHONE), ==,
                   "Another member has this phone number.");

  /* Open the existing member instead. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new-member.open-existing", NULL));
  drain_main_loop ();
  g_assert_cmpstr (mc_window_get_page (window), ==, "member");
  g_assert_cmpstr (mc_member_page_get_member_id (mc_window_get_member_page (window)), ==, member_id);

  /* A new phone adds the member and shows it. */
  dialog = mc_new_member_dialog_new (db);
  form = mc_new_member_dialog_get_form (dialog);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  g_signal_connect (dialog, "member-added", G_CALLBACK (member_added_cb), &new_id);
  gtk_editable_set_text (mc_member_form_widget_get_entry (form, MC_MEMBER_FIELD_NAME), "新会员");
  gtk_editable_set_text (mc_member_form_widget_get_entry (form, MC_MEMBER_FIELD_PHONE), "136 0000 1111");
  mc_new_member_dialog_save (dialog);
  drain_main_loop ();
  g_assert_cmpint (mc_member_count (db, NULL), ==, before + 1);
  g_assert_nonnull (new_id);
  {
    g_autoptr(McMember) added = mc_member_load (db, new_id, NULL);

    g_assert_nonnull (added);
    g_assert_cmpstr (added->phone, ==, "+8613600001111");
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Keyboard access: every control on the member page can take the focus from the Tab key
 * (within a flow box or list box, Tab reaches one child and the arrow keys the others). */
static gboolean
is_control (GtkWidget *w)
{
  return GTK_IS_BUTTON (w) || GTK_IS_DROP_DOWN (w) || GTK_IS_SWITCH (w) || GTK_IS_CHECK_BUTTON (w) ||
         GTK_IS_ENTRY (w) || GTK_IS_TEXT (w);
}

static void
collect_controls (GtkWidget *w,
                  gboolean   inside_control,
                  GPtrArray *out)
{
  gboolean control;

  if (!gtk_widget_get_mapped (w) || !gtk_widget_is_sensitive (w))
    return;
  control = is_control (w);
  if (control && !inside_control)
    g_ptr_array_add (out, w);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_controls (c, inside_control || control, out);
}

/* The widget a Tab stop stands for: a flow box or list box child stands for all its
 * siblings (the arrow keys move between them). */
static GtkWidget *
tab_group (GtkWidget *w)
{
  for (GtkWidget *a = w; a != NULL; a = gtk_widget_get_parent (a))
    if (GTK_IS_FLOW_BOX (a) || GTK_IS_LIST_BOX (a))
      return a;
  return NULL;
}

/* Puts the focus on root's first control, Tabs on until it leaves root, and checks that
 * every control under root took the focus on the way. (Tabbing on round the window
 * would go through the sidebar, whose rows switch the page as they take the focus.) */
static void
assert_tab_reaches_all (McWindow  *window,
                        GtkWidget *root)
{
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();
  g_autoptr(GHashTable) reached = g_hash_table_new (NULL, NULL);
  guint missed = 0;

  collect_controls (root, FALSE, controls);
  g_test_message ("%s: %u controls", G_OBJECT_TYPE_NAME (root), controls->len);
  gtk_root_set_focus (GTK_ROOT (window), NULL);
  g_assert_true (gtk_widget_child_focus (root, GTK_DIR_TAB_FORWARD));
  for (guint i = 0; i < 600; i++)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

      if (focus == NULL || !gtk_widget_is_ancestor (focus, root))
        break;
      for (GtkWidget *a = focus; a != NULL; a = gtk_widget_get_parent (a))
        {
          g_hash_table_add (reached, a);
          if (tab_group (a) != NULL)
            g_hash_table_add (reached, tab_group (a));
        }
      gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD);
    }
  for (guint i = 0; i < controls->len; i++)
    {
      GtkWidget *c = g_ptr_array_index (controls, i);
      GtkWidget *group = tab_group (c);

      if (!g_hash_table_contains (reached, c) && (group == NULL || !g_hash_table_contains (reached, group)))
        {
          g_test_message ("not reached by Tab: %s “%s”", G_OBJECT_TYPE_NAME (c),
                          gtk_widget_get_tooltip_text (c) != NULL ? gtk_widget_get_tooltip_text (c) : "");
          missed++;
        }
    }
  g_assert_cmpuint (missed, ==, 0);
}

static void
test_keyboard_reaches_every_control (void)
{
  McWindow *window = new_window ();
  McMemberPage *page = open_member (window, member_id);
  g_autoptr(GPtrArray) controls = g_ptr_array_new ();

  collect_controls (GTK_WIDGET (page), FALSE, controls);
  g_assert_cmpuint (controls->len, >, 10);
  assert_tab_reaches_all (window, GTK_WIDGET (page));

  /* The pages' stack animates: wait until the page left is off screen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-members", NULL));
  while (gtk_widget_get_mapped (GTK_WIDGET (page)))
    g_main_context_iteration (NULL, TRUE);
  assert_tab_reaches_all (window, GTK_WIDGET (mc_window_get_members_page (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();
  workspace_make ();

  g_test_add_func ("/member-page/numbers", test_page_numbers);
  g_test_add_func ("/member-page/keyboard", test_keyboard_reaches_every_control);
  g_test_add_func ("/member-page/inline-validation", test_inline_validation);
  g_test_add_func ("/member-page/save-and-undo", test_save_and_undo);
  g_test_add_func ("/new-member/duplicate-phone", test_new_member_duplicate);
  status = g_test_run ();
  workspace_clear ();
  return status;
}
