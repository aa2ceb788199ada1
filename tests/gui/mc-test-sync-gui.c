/* mc-test-sync-gui.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <glib/gstdio.h>

#include "core/mc-programme.h"
#include "mc-test-sync-gui.h"

void
mc_test_workspace_make (McTestWorkspace *ws)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();

  ws->dir = g_dir_make_tmp ("mc-test-sync-gui-XXXXXX", &error);
  g_assert_no_error (error);
  ws->path = g_build_filename (ws->dir, "ws.mcdb", NULL);
  db = mc_db_open (ws->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_db_begin (db, &error));
  g_assert_true (mc_programme_install_live (db, programme, &error));
  g_assert_true (mc_db_commit (db, &error));
  g_assert_no_error (error);
}

void
mc_test_workspace_clear (McTestWorkspace *ws)
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

gboolean
mc_test_wait_for (gboolean (*cond) (gpointer),
                  gpointer   data,
                  guint      timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return ok;
}

McSyncPage *
mc_test_find_sync_page (GtkWidget *widget)
{
  if (MC_IS_SYNC_PAGE (widget))
    return MC_SYNC_PAGE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      McSyncPage *found = mc_test_find_sync_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

McWindow *
mc_test_sync_window_new (McTestWorkspace *ws)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  McWindow *window;

  g_settings_set_string (settings, "role", "owner");
  window = mc_window_new (NULL);
  g_assert_true (mc_window_open_workspace (window, ws->path, &error));
  g_assert_no_error (error);
  mc_window_set_page (window, "sync");
  gtk_window_present (GTK_WINDOW (window));
  return window;
}
