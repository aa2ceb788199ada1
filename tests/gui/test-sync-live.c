/* test-sync-live.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Sync page against PouchDB Server on loopback (started by the test): continuous mode
 * syncs as soon as it is turned on and again shortly after a local change (debounced), the
 * header bar follows; a server whose validate_doc_update refuses every write makes the
 * console read-only (the banner), and the refused record is listed, not lost.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <adwaita.h>
#include <locale.h>
#include <string.h>

#include "core/mc-member.h"
#include "gui/mc-sync-page.h"
#include "gui/mc-window.h"
#include "mc-test-sync-gui.h"
#include "mc-test-pouchdb.h"
#include "mc-test-tls.h"

#define TIMEOUT_MS 60000

static McTestServer *server;


typedef struct
{
  McSyncController *controller;
  guint             finished;    /* runs ended so far */
  guint             after;       /* wait for the run after this many */
} RunWait;

static void
finished_cb (McSyncController *controller,
             gboolean          pulled,
             RunWait          *w)
{
  w->finished++;
}

static gboolean
run_ended (gpointer data)
{
  RunWait *w = data;

  return w->finished > w->after && !mc_sync_controller_is_running (w->controller);
}

static gboolean
lists_loaded (gpointer data)
{
  return !mc_sync_page_is_loading (data);
}

static gint64
server_doc_count (const char *url)
{
  guint status;
  g_autoptr(JsonNode) info = mc_test_http ("GET", url, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return json_object_get_int_member (json_node_get_object (info), "doc_count");
}

static void
add_member (McWindow   *window,
            const char *name,
            const char *phone)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = mc_member_new ();

  m->name = g_strdup (name);
  m->phone = g_strdup (phone);
  g_assert_true (mc_member_insert (mc_window_get_db (window), m, &error));
  g_assert_no_error (error);
  /* As the member pages do after a change. */
  mc_window_workspace_changed (window);
}

static void
test_continuous_and_read_only (void)
{
  McTestWorkspace ws = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *design = NULL;
  g_autoptr(JsonNode) put = NULL;
  McWindow *window;
  McSyncPage *page;
  McSyncController *controller;
  RunWait w = { 0 };
  gint64 first_count, start;
  guint status;

  MC_TEST_NEED_SERVER (server);
  url = mc_test_server_new_db (server, "gui");
  mc_test_workspace_make (&ws);
  window = mc_test_sync_window_new (&ws);
  page = mc_test_find_sync_page (GTK_WIDGET (window));
  controller = mc_sync_page_get_controller (page);
  mc_sync_controller_set_retry (controller, 1, 50);
  mc_sync_scheduler_set_debounce (mc_sync_controller_get_scheduler (controller), 300);
  add_member (window, "张三", "13800138000");

  /* Continuous on: a sync at once, everything sent. */
  w.controller = controller;
  g_signal_connect (controller, "finished", G_CALLBACK (finished_cb), &w);
  w.after = 0;
  mc_sync_page_fill_form (page, url, NULL, NULL, 15, TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.save", NULL));
  g_assert_true (mc_sync_controller_is_running (controller));
  g_assert_true (mc_test_wait_for (run_ended, &w, TIMEOUT_MS));
  g_assert_cmpint (mc_sync_controller_get_status (controller), ==, MC_SYNC_STATUS_SYNCED);
  g_assert_cmpstr (mc_sync_page_get_status_text (page), ==, "Synced");
  g_assert_false (mc_sync_controller_get_read_only (controller));
  first_count = server_doc_count (url);
  /* The member and the programme's records at least. */
  g_assert_cmpint (first_count, >=, 2);
  g_assert_cmpuint (mc_sync_controller_get_stats (controller)->pushed, ==, (guint64) first_count);

  /* A local change: one more run after the debounce, with just that member. */
  start = g_get_monotonic_time ();
  w.after = w.finished;
  add_member (window, "李四", "13800138001");
  g_assert_false (mc_sync_controller_is_running (controller));
  g_assert_true (mc_test_wait_for (run_ended, &w, TIMEOUT_MS));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpint (server_doc_count (url), ==, first_count + 1);
  g_assert_cmpuint (mc_sync_controller_get_stats (controller)->pushed, ==, 1);

  /* The server now lets this user read only. */
  design = g_strdup_printf ("%s/_design/readonly", url);
  put = mc_test_http ("PUT", design,
    "{\"validate_doc_update\": \"function (doc) { throw ({forbidden: 'this user may only read'}); }\"}",
    &status);
  g_assert_cmpuint (status, ==, 201);
  w.after = w.finished;
  add_member (window, "王五", "13800138002");
  g_assert_true (mc_test_wait_for (run_ended, &w, TIMEOUT_MS));
  g_assert_cmpint (mc_sync_controller_get_status (controller), ==, MC_SYNC_STATUS_SYNCED);
  g_assert_true (mc_sync_controller_get_read_only (controller));
  g_assert_cmpstr (mc_sync_page_get_status_text (page), ==, "Synced (read-only)");
  /* The console adds no records while it is read-only: New Member opens no dialog. */
  {
    guint before = g_list_model_get_n_items (gtk_window_get_toplevels ());

    gtk_widget_activate_action (GTK_WIDGET (window), "win.new-member", NULL);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, before);
  }
  g_assert_cmpuint (mc_sync_controller_get_stats (controller)->rejected, ==, 1);
  /* Nothing reached the server; the refusal is listed on the page. */
  g_assert_cmpint (server_doc_count (url), ==, first_count + 2);   /* + the design document */
  g_assert_true (mc_test_wait_for (lists_loaded, page, TIMEOUT_MS));
  g_assert_cmpuint (mc_sync_page_get_n_refused (page), ==, 1);

  /* A run with nothing new to send: still read-only (kept in the workspace too). */
  w.after = w.finished;
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.sync-now", NULL));
  g_assert_true (mc_test_wait_for (run_ended, &w, TIMEOUT_MS));
  g_assert_cmpuint (mc_sync_controller_get_stats (controller)->rejected, ==, 0);
  g_assert_true (mc_sync_controller_get_read_only (controller));
  {
    g_autofree char *kept = NULL;

    g_assert_true (mc_db_get_meta (mc_window_get_db (window), "sync_read_only", &kept, NULL));
    g_assert_cmpstr (kept, ==, "1");
  }

  mc_sync_scheduler_set_enabled (mc_sync_controller_get_scheduler (controller), FALSE);
  g_signal_handlers_disconnect_by_data (controller, &w);
  gtk_window_destroy (GTK_WINDOW (window));
  mc_test_workspace_clear (&ws);
}

/* HTTPS: a certificate from an authority the system does not know is refused, and trusted
 * once that authority's file is chosen. */
static void
test_https_extra_ca (void)
{
  McTestWorkspace ws = { 0 };
  g_autofree char *url = NULL;
  g_autofree char *https = NULL;
  McTestTls *tls;
  McWindow *window;
  McSyncPage *page;
  McSyncController *controller;
  RunWait w = { 0 };

  MC_TEST_NEED_SERVER (server);
  url = mc_test_server_new_db (server, "guitls");
  mc_test_workspace_make (&ws);
  tls = mc_test_tls_start (server->port, ws.dir);
  if (tls == NULL)
    {
      g_test_skip ("no openssl or no TLS support");
      mc_test_workspace_clear (&ws);
      return;
    }
  https = g_strdup_printf ("https://127.0.0.1:%u/guitls", mc_test_tls_get_port (tls));
  window = mc_test_sync_window_new (&ws);
  page = mc_test_find_sync_page (GTK_WIDGET (window));
  controller = mc_sync_page_get_controller (page);
  mc_sync_controller_set_retry (controller, 0, 10);
  w.controller = controller;
  g_signal_connect (controller, "finished", G_CALLBACK (finished_cb), &w);
  add_member (window, "张三", "13800138000");

  mc_sync_page_fill_form (page, https, NULL, NULL, 15, FALSE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.save", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.sync-now", NULL));
  g_assert_true (mc_test_wait_for (run_ended, &w, TIMEOUT_MS));
  g_assert_cmpint (mc_sync_controller_get_status (controller), ==, MC_SYNC_STATUS_ERROR);
  g_assert_cmpstr (mc_sync_page_get_status_text (page), ==, "Sync error");
  g_assert_nonnull (strstr (mc_sync_controller_get_message (controller), "is not trusted"));
  g_assert_nonnull (strstr (mc_sync_controller_get_message (controller), "under Extra certificate authority"));

  w.after = w.finished;
  mc_sync_page_set_ca_file (page, mc_test_tls_get_ca (tls));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.save", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "sync.sync-now", NULL));
  g_assert_true (mc_test_wait_for (run_ended, &w, TIMEOUT_MS));
  g_assert_cmpint (mc_sync_controller_get_status (controller), ==, MC_SYNC_STATUS_SYNCED);
  g_assert_cmpuint (mc_sync_controller_get_stats (controller)->pushed, ==, (guint64) server_doc_count (url));
  g_assert_cmpuint (mc_sync_controller_get_stats (controller)->pushed, >=, 2);

  g_signal_handlers_disconnect_by_data (controller, &w);
  gtk_window_destroy (GTK_WINDOW (window));
  mc_test_tls_stop (tls);
  mc_test_workspace_clear (&ws);
}

int
main (int   argc,
      char *argv[])
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
  g_test_add_func ("/sync-live/continuous-and-read-only", test_continuous_and_read_only);
  g_test_add_func ("/sync-live/https-extra-ca", test_https_extra_ca);
  server = mc_test_server_start (FALSE);
  status = g_test_run ();
  if (server != NULL)
    mc_test_server_free (server);
  return status;
}
