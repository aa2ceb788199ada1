/* test-sync-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Sync page as a person would check it, without a server: a record edited here and on
 * the server (the server's version added through the sync core, as a pull adds it) is
 * listed in conflict; its versions are side by side field by field; a merge of fields
 * resolves it with a new revision. The settings form saves the address and the user in the
 * workspace and the password only in the password store; a sync against a closed port ends
 * "Offline" in the page and in the header bar.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "core/mc-member.h"
#include "gui/mc-gui.h"
#include "gui/mc-sync-page.h"
#include "gui/mc-window.h"
#include "mc-test-sync-gui.h"
#include "mc-test-keyboard.h"
#include "sync/mc-sync-conflicts.h"
#include "sync/mc-sync-local.h"
#include "sync/mc-sync-settings.h"

#define TIMEOUT_MS 20000
#define SERVER_HASH "ffffffffffffffffffffffffffffffff"


static gboolean
lists_loaded (gpointer data)
{
  return !mc_sync_page_is_loading (data);
}

/* The server's version of a member: a sibling of the local edit (both children of the
 * first revision), with another name and an email, added as a pull adds it. */
static void
add_server_version (McDb       *db,
                    const char *member_id,
                    const char *first_rev)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *doc_id = g_strconcat ("member:", member_id, NULL);
  const McSyncType *type = mc_sync_type_lookup ("member");
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonObject) revisions = json_object_new ();
  g_autoptr(JsonArray) ids = json_array_new ();
  g_autoptr(McSyncDoc) doc = NULL;
  McSyncLocal *local;
  gboolean added = FALSE;
  const char *first_hash = strchr (first_rev, '-') + 1;

  g_assert_nonnull (type);
  g_assert_true (mc_db_begin (db, &error));
  local = mc_sync_local_new (db);
  body = mc_sync_local_read_row (local, type, member_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (body);
  json_object_set_string_member (body, "name", "王芳 (server)");
  json_object_set_string_member (body, "email", "wang@server.example");
  json_object_set_string_member (body, "_id", doc_id);
  json_object_set_string_member (body, "_rev", "2-" SERVER_HASH);
  json_array_add_string_element (ids, SERVER_HASH);
  json_array_add_string_element (ids, first_hash);
  json_object_set_int_member (revisions, "start", 2);
  json_object_set_array_member (revisions, "ids", json_array_ref (ids));
  json_object_set_object_member (body, "_revisions", json_object_ref (revisions));
  doc = mc_sync_doc_from_object (body, &error);
  g_assert_no_error (error);
  g_assert_true (mc_sync_tree_add (local, doc, &added, &error));
  g_assert_no_error (error);
  g_assert_true (added);
  mc_sync_local_free (local);
  g_assert_true (mc_db_commit (db, &error));
}

/* A member made here, edited here, and edited on the server. */
static char *
make_conflict (McDb *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = mc_member_new ();
  g_autofree char *first_rev = NULL;

  m->name = g_strdup ("王芳");
  m->phone = g_strdup ("13900000042");
  g_assert_true (mc_member_insert (db, m, &error));
  g_assert_no_error (error);
  first_rev = g_strdup (m->rev);
  g_assert_true (g_str_has_prefix (first_rev, "1-"));
  /* The tree learns the first revision (as a sync would), then the local edit. */
  {
    McSyncLocal *local;
    g_autofree char *doc_id = g_strconcat ("member:", m->id, NULL);
    g_autoptr(GPtrArray) leaves = NULL;

    g_assert_true (mc_db_begin (db, &error));
    local = mc_sync_local_new (db);
    leaves = mc_sync_tree_leaves (local, doc_id, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (leaves->len, ==, 1);
    mc_sync_local_free (local);
    g_assert_true (mc_db_commit (db, &error));
  }
  g_free (m->name);
  m->name = g_strdup ("王芳 (here)");
  g_assert_true (mc_member_update (db, m, &error));
  g_assert_no_error (error);
  add_server_version (db, m->id, first_rev);
  return g_strdup (m->id);
}

static void
test_conflict_resolve (void)
{
  McTestWorkspace ws = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *member_id = NULL;
  g_autofree char *doc_id = NULL;
  g_auto(GStrv) conflicts = NULL;
  g_auto(GStrv) fields = NULL;
  g_autoptr(GPtrArray) left = NULL;
  g_autoptr(McMember) after = NULL;
  McWindow *window;
  McSyncPage *page;
  McSyncConflictView *view;

  mc_test_workspace_make (&ws);
  {
    g_autoptr(McDb) db = mc_db_open (ws.path, &error);

    g_assert_no_error (error);
    member_id = make_conflict (db);
  }
  doc_id = g_strconcat ("member:", member_id, NULL);

  window = mc_test_sync_window_new (&ws);
  page = mc_test_find_sync_page (GTK_WIDGET (window));
  g_assert_nonnull (page);
  g_assert_true (mc_test_wait_for (lists_loaded, page, TIMEOUT_MS));
  conflicts = mc_sync_page_get_conflicts (page);
  g_assert_cmpuint (g_strv_length (conflicts), ==, 1);
  g_assert_cmpstr (conflicts[0], ==, doc_id);
  /* Not set up: the header bar says so, and Sync now is off. */
  g_assert_cmpstr (mc_sync_page_get_status_text (page), ==, "Sync not set up");
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (page), "sync.sync-now", NULL) &&
                  mc_sync_controller_is_running (mc_sync_page_get_controller (page)));

  g_assert_true (mc_sync_page_open_conflict (page, doc_id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mc_sync_page_get_view (page), ==, "conflict");
  view = mc_sync_page_get_conflict_view (page);
  g_assert_cmpuint (mc_sync_conflict_view_get_n_versions (view), ==, 2);
  fields = mc_sync_conflict_view_get_fields (view);
  g_assert_true (g_strv_contains ((const char * const *) fields, "name"));
  g_assert_true (g_strv_contains ((const char * const *) fields, "phone"));
  g_assert_false (g_strv_contains ((const char * const *) fields, "type"));
  /* The server's hash is the greater: its version wins and is shown first. */
  g_assert_cmpstr (mc_sync_conflict_view_get_value (view, "name", 0), ==, "王芳 (server)");
  g_assert_cmpstr (mc_sync_conflict_view_get_value (view, "name", 1), ==, "王芳 (here)");
  g_assert_cmpstr (mc_sync_conflict_view_get_value (view, "email", 0), ==, "wang@server.example");
  g_assert_true (mc_sync_conflict_view_field_differs (view, "name"));
  g_assert_true (mc_sync_conflict_view_field_differs (view, "email"));
  g_assert_false (mc_sync_conflict_view_field_differs (view, "phone"));
  g_assert_cmpstr (mc_sync_conflict_view_get_value (view, "phone", 0), ==,
                   mc_sync_conflict_view_get_value (view, "phone", 1));

  /* Keyboard: Back, Resolve, both "Use This Version" and every choice take the focus. */
  {
    g_autoptr(GPtrArray) controls = NULL;

    while (!gtk_widget_get_mapped (GTK_WIDGET (view)))
      g_main_context_iteration (NULL, TRUE);
    controls = mc_test_collect_controls (GTK_WIDGET (view));
    g_assert_cmpuint (controls->len, >, 4 + 2 * 3);
    mc_test_assert_tab_reaches_all (GTK_WINDOW (window), GTK_WIDGET (view));
  }

  /* A merge: the name from here, the rest (the email) from the server. */
  mc_sync_conflict_view_choose (view, "name", 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "conflict.resolve", NULL));
  g_assert_cmpstr (mc_sync_page_get_view (page), ==, "main");

  after = mc_member_load (mc_window_get_db (window), member_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after->name, ==, "王芳 (here)");
  g_assert_cmpstr (after->email, ==, "wang@server.example");
  /* A new revision on top of the winner (generation 3), which the next push sends. */
  g_assert_true (g_str_has_prefix (after->rev, "3-"));
  left = mc_sync_conflicts_list (mc_window_get_db (window), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (left->len, ==, 0);
  g_assert_true (mc_test_wait_for (lists_loaded, page, TIMEOUT_MS));
  g_clear_pointer (&conflicts, g_strfreev);
  conflicts = mc_sync_page_get_conflicts (page);
  g_assert_cmpuint (g_strv_length (conflicts), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  mc_test_workspace_clear (&ws);
}

static gboolean
sync_ended (gpointer data)
{
  McSyncController *controller = data;

  return !mc_sync_controller_is_running (controller) &&
         mc_sync_controller_get_status (controller) != MC_SYNC_STATUS_SYNCING &&
         mc_sync_controller_get_status (controller) != MC_SYNC_STATUS_IDLE;
}

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &data, &length, NULL))
    return FALSE;
  for (gsize i = 0, n = strlen (needle); i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Port 9 (discard) on loopback: nothing listens there in the test environment. */
#define CLOSED_URL "http://127.0.0.1:9/members"

static void
test_settings_and_offline (void)
{
  McTestWorkspace ws = { 0 };
  g_autoptr(GError) error = NULL;
  McSyncSettings settings = { 0 };
  McWindow *window;
  McSyncPage *page;
  McSyncController *controller;
  g_autofree char *kept = NULL;
  g_autofree char *wal = NULL;

  mc_test_workspace_make (&ws);
  window = mc_test_sync_window_new (&ws);
  page = mc_test_find_sync_page (GTK_WIDGET (window));
  controller = mc_sync_page_get_controller (page);
  mc_sync_controller_set_retry (controller, 0, 10);
  /* Keyboard: every control of the page takes the focus from Tab. */
  while (!gtk_widget_get_mapped (GTK_WIDGET (page)))
    g_main_context_iteration (NULL, TRUE);
  {
    g_autoptr(GPtrArray) controls = mc_test_collect_controls (GTK_WIDGET (page));

    /* Sync now, the address, user and password entries, Choose, the switch, the interval, Save. */
    g_assert_cmpuint (controls->len, >=, 8);
  }
  mc_test_assert_tab_reaches_all (GTK_WINDOW (window), GTK_WIDGET (page));
  /* No Secret Service under dbus-run-session: the page says the password is not kept. */
  g_assert_nonnull (strstr (mc_sync_page_get_keyring_text (page), "will not be remembered"));

  /* A password in the address is refused, nothing saved. */
  mc_sync_page_fill_form (page, "http://store-12:pw@127.0.0.1:9/members", "store-12", "", 5, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.save", NULL));
  g_assert_true (mc_sync_settings_load (mc_window_get_db (window), &settings, &error));
  g_assert_null (settings.url);
  mc_sync_settings_clear (&settings);

  mc_sync_page_fill_form (page, CLOSED_URL, "store-12", "s3cret-pw-42", 5, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.save", NULL));
  g_assert_true (mc_sync_settings_load (mc_window_get_db (window), &settings, &error));
  g_assert_cmpstr (settings.url, ==, CLOSED_URL);
  g_assert_cmpstr (settings.user, ==, "store-12");
  g_assert_cmpuint (settings.interval_minutes, ==, 5);
  g_assert_false (settings.continuous);
  mc_sync_settings_clear (&settings);
  kept = mc_password_store_lookup (mc_sync_controller_get_store (controller), CLOSED_URL, "store-12", &error);
  g_assert_cmpstr (kept, ==, "s3cret-pw-42");
  g_assert_cmpstr (mc_sync_page_get_status_text (page), ==, "Not synced yet");

  /* Sync now: the password is found (else the state would be an error), the server is not. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.sync-now", NULL));
  g_assert_true (mc_sync_controller_is_running (controller));
  g_assert_true (mc_test_wait_for (sync_ended, controller, TIMEOUT_MS));
  g_assert_cmpint (mc_sync_controller_get_status (controller), ==, MC_SYNC_STATUS_OFFLINE);
  g_assert_cmpstr (mc_sync_page_get_status_text (page), ==, "Offline");
  g_assert_nonnull (mc_sync_controller_get_message (controller));
  g_assert_nonnull (strstr (mc_sync_controller_get_message (controller), "127.0.0.1"));
  g_assert_null (strstr (mc_sync_controller_get_message (controller), "s3cret"));

  /* The password is in neither the workspace nor its log. */
  wal = g_strconcat (ws.path, "-wal", NULL);
  g_assert_false (file_contains (ws.path, "s3cret-pw-42"));
  g_assert_false (file_contains (wal, "s3cret-pw-42"));
  g_assert_true (file_contains (ws.path, "store-12") || file_contains (wal, "store-12"));

  gtk_window_destroy (GTK_WINDOW (window));
  mc_test_workspace_clear (&ws);
}

/* The window closes while a sync runs: the run is cancelled, ends without a warning, and
 * the controller goes once it has. */
static gboolean
controller_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_close_while_syncing (void)
{
  McTestWorkspace ws = { 0 };
  McWindow *window;
  McSyncPage *page;
  McSyncController *controller;

  mc_test_workspace_make (&ws);
  window = mc_test_sync_window_new (&ws);
  page = mc_test_find_sync_page (GTK_WIDGET (window));
  controller = mc_sync_page_get_controller (page);
  g_object_add_weak_pointer (G_OBJECT (controller), (gpointer *) &controller);
  mc_sync_controller_set_retry (controller, 5, 200);
  mc_sync_page_fill_form (page, CLOSED_URL, NULL, NULL, 5, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.save", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.sync-now", NULL));
  g_assert_true (mc_sync_controller_is_running (controller));
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_nonnull (controller);   /* the running task holds it */
  g_assert_true (mc_test_wait_for (controller_gone, &controller, TIMEOUT_MS));
  mc_test_workspace_clear (&ws);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();
  g_test_add_func ("/sync-page/conflict-resolve", test_conflict_resolve);
  g_test_add_func ("/sync-page/settings-and-offline", test_settings_and_offline);
  g_test_add_func ("/sync-page/close-while-syncing", test_close_while_syncing);
  return g_test_run ();
}
