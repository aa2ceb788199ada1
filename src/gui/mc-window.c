/* mc-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window: the welcome page, the demo's progress, and a workspace's pages with
 * a sidebar. Remembers its size and page; shows results and errors as toasts.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <string.h>

#include "mc-analytics-page.h"
#include "mc-demo.h"
#include "mc-error.h"
#include "mc-member-page.h"
#include "mc-new-member-dialog.h"
#include "mc-programme-page.h"
#include "mc-sync-page.h"
#include "mc-gui.h"
#include "mc-window-undo.h"
#include "mc-window.h"
#include "mc-window-extras.h"
#include "mc-workspace-page.h"

#define DEMO_MEMBERS 2000

struct _McWindow
{
  AdwApplicationWindow  parent_instance;

  GSettings            *settings;
  McDb                 *db;
  GCancellable         *demo_cancellable;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkStack             *main_stack;
  GtkStack             *pages_stack;
  GtkProgressBar       *progress_bar;
  McOverviewPage       *overview_page;
  McMembersPage        *members_page;
  McMemberPage         *member_page;

  McWindowUndo         *undo;            /* the latest undoable change (win.undo) */
};

G_DEFINE_FINAL_TYPE (McWindow, mc_window, ADW_TYPE_APPLICATION_WINDOW)

static McRole
settings_role (McWindow *self)
{
  g_autofree char *str = g_settings_get_string (self->settings, "role");
  McRole role = MC_ROLE_OWNER;

  mc_role_from_string (str, &role);
  return role;
}

static void
update_title (McWindow *self)
{
  McRole role = settings_role (self);

  if (self->db != NULL)
    {
      g_autofree char *base = g_path_get_basename (mc_db_get_path (self->db));
      char *dot = strrchr (base, '.');
      g_autofree char *subtitle = NULL;

      if (dot != NULL && dot != base)
        *dot = '\0';
      /* TRANSLATORS: the header bar's subtitle, e.g. "Role: Analyst" */
      subtitle = g_strdup_printf (_("Role: %s"), mc_role_display (role));
      adw_window_title_set_title (self->window_title, base);
      adw_window_title_set_subtitle (self->window_title, subtitle);
      gtk_window_set_title (GTK_WINDOW (self), base);
    }
  else
    {
      adw_window_title_set_title (self->window_title, _("Member Console"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_window_set_title (GTK_WINDOW (self), _("Member Console"));
    }
}

/* The pages that implement McWorkspacePage (Programme, Analytics, Sync, ...). */
static GPtrArray *
workspace_pages (McWindow *self)
{
  GPtrArray *pages = g_ptr_array_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->pages_stack));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MC_IS_WORKSPACE_PAGE (child))
      g_ptr_array_add (pages, child);
  return pages;
}

static void
workspace_pages_changed (McWindow *self)
{
  g_autoptr(GPtrArray) pages = workspace_pages (self);

  for (guint i = 0; i < pages->len; i++)
    mc_workspace_page_workspace_changed (pages->pdata[i]);
}

static void
role_changed_cb (McWindow  *self,
                 const char *key,
                 GSettings *settings)
{
  if (self->db != NULL)
    {
      mc_db_set_role (self->db, settings_role (self));
      mc_members_page_refresh (self->members_page);
      workspace_pages_changed (self);
    }
  update_title (self);
}

static void
currency_changed_cb (McWindow   *self,
                     const char *key,
                     GSettings  *settings)
{
  g_autofree char *mode = g_settings_get_string (settings, "currency-display");

  mc_gui_set_currency_display (mode);
  mc_window_workspace_changed (self);
}

static void
time_zone_changed_cb (McWindow   *self,
                      const char *key,
                      GSettings  *settings)
{
  g_autofree char *zone = g_settings_get_string (settings, "time-zone");

  mc_members_page_set_time_zone (self->members_page, zone);
}

void
mc_window_show_toast (McWindow   *self,
                      const char *message)
{
  AdwToast *toast;

  g_return_if_fail (MC_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
mc_window_workspace_changed (McWindow *self)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  g_autoptr(GError) error = NULL;

  if (self->db == NULL)
    return;
  if (!mc_overview_page_reload (self->overview_page, &error))
    mc_window_show_toast (self, error->message);
  mc_members_page_refresh (self->members_page);
  workspace_pages_changed (self);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->pages_stack), "member") == 0)
    {
      g_clear_error (&error);
      if (!mc_member_page_reload (self->member_page, &error))
        {
          /* Deleted or erased since: back to the list. */
          mc_window_show_toast (self, error->message);
          mc_window_set_page (self, "members");
        }
    }
}

static void
undo_forget (McWindow *self)
{
  mc_window_undo_forget (self->undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
}

void
mc_window_show_undo_toast (McWindow       *self,
                           const char     *message,
                           McUndoFunc      undo,
                           gpointer        data,
                           GDestroyNotify  destroy)
{
  AdwToast *toast;
  guint serial;

  g_return_if_fail (MC_IS_WINDOW (self));
  g_return_if_fail (undo != NULL);

  serial = mc_window_undo_push (self->undo, undo, data, destroy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", TRUE);

  /* The toast is never dismissed by us, nor given a high priority: libadwaita 1.2 can
   * free a toast twice when one is dismissed during another's animation (seen as a
   * crash in the member page's undo test). Its button carries the change's serial. */
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 8);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-change");
  adw_toast_set_action_target_value (toast, g_variant_new_uint32 (serial));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
run_undo (McWindow *self,
          guint     serial)
{
  g_autoptr(GError) error = NULL;

  if (self->db == NULL)
    return;
  if (mc_window_undo_run (self->undo, self->db, serial, &error))
    mc_window_show_toast (self, _("Undone."));
  else
    mc_window_show_toast (self, error->message);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 mc_window_undo_can_undo (self->undo));
  mc_window_workspace_changed (self);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  run_undo (MC_WINDOW (widget), 0);
}

static void
undo_change_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  run_undo (MC_WINDOW (widget), g_variant_get_uint32 (param));
}

static void
set_mode (McWindow   *self,
          const char *mode)
{
  gboolean workspace = g_str_equal (mode, "workspace");

  gtk_stack_set_visible_child_name (self->main_stack, mode);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", workspace);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-member", workspace);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-member", workspace);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.cancel-demo", g_str_equal (mode, "progress"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.try-demo", !g_str_equal (mode, "progress"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-workspace", !g_str_equal (mode, "progress"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.create-workspace", !g_str_equal (mode, "progress"));
  mc_window_extras_update (self);
}

const char *
mc_window_get_mode (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->main_stack);
}

gboolean
mc_window_open_workspace (McWindow    *self,
                          const char  *path,
                          GError     **error)
{
  g_autoptr(McDb) db = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  gboolean ok;

  g_return_val_if_fail (MC_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  db = mc_db_open (path, error);
  if (db == NULL)
    return FALSE;
  mc_db_set_role (db, settings_role (self));

  pages = workspace_pages (self);
  ok = mc_overview_page_set_db (self->overview_page, db, error) &&
       mc_members_page_set_db (self->members_page, db, error);
  for (guint i = 0; ok && i < pages->len; i++)
    ok = mc_workspace_page_set_db (pages->pdata[i], db, error);
  if (!ok)
    {
      mc_overview_page_set_db (self->overview_page, self->db, NULL);
      mc_members_page_set_db (self->members_page, self->db, NULL);
      for (guint i = 0; i < pages->len; i++)
        mc_workspace_page_set_db (pages->pdata[i], self->db, NULL);
      return FALSE;
    }
  undo_forget (self);
  mc_member_page_set_member (self->member_page, NULL, NULL, NULL);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->pages_stack), "member") == 0)
    mc_window_set_page (self, "members");
  g_set_object (&self->db, db);
  g_settings_set_string (self->settings, "last-workspace", mc_db_get_path (db));
  update_title (self);
  set_mode (self, "workspace");
  return TRUE;
}

void
mc_window_open_path (McWindow   *self,
                     const char *path)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MC_IS_WINDOW (self));

  if (!mc_window_open_workspace (self, path, &error))
    {
      if (self->db == NULL)
        set_mode (self, "welcome");
      mc_window_show_toast (self, error->message);
    }
}

void
mc_window_open_last (McWindow *self)
{
  g_autofree char *last = NULL;

  g_return_if_fail (MC_IS_WINDOW (self));

  last = g_settings_get_string (self->settings, "last-workspace");
  /* A workspace that was moved or deleted since: the welcome page, not a new empty file. */
  if (last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_REGULAR))
    mc_window_open_path (self, last);
  else
    set_mode (self, "welcome");
}

/* The demo: generated in a thread with its own connection, progress shown. */

typedef struct
{
  McWindow *window;
  double    fraction;
} DemoProgress;

static gboolean
demo_progress_idle_cb (gpointer user_data)
{
  DemoProgress *progress = user_data;

  gtk_progress_bar_set_fraction (progress->window->progress_bar, progress->fraction);
  return G_SOURCE_REMOVE;
}

static void
demo_progress_free (gpointer user_data)
{
  DemoProgress *progress = user_data;

  g_object_unref (progress->window);
  g_free (progress);
}

static void
demo_progress_cb (double   fraction,
                  gpointer user_data)
{
  DemoProgress *progress = g_new0 (DemoProgress, 1);

  /* Runs in the worker: the idle unrefs the window in the main thread. */
  progress->window = g_object_ref (user_data);
  progress->fraction = fraction;
  g_idle_add_full (G_PRIORITY_DEFAULT, demo_progress_idle_cb, progress, demo_progress_free);
}

static void
remove_workspace_files (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
}

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *path = task_data;
  McDemoOptions options = { .n_members = DEMO_MEMBERS, .seed = 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (path, &error);

  if (db == NULL ||
      !mc_demo_generate (db, &options, demo_progress_cb, source_object, cancellable, NULL, &error))
    {
      g_clear_object (&db);
      remove_workspace_files (path);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
demo_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  McWindow *self = MC_WINDOW (source);
  const char *path = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->demo_cancellable);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      set_mode (self, self->db != NULL ? "workspace" : "welcome");
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mc_window_show_toast (self, _("The demo workspace was not created."));
      else
        {
          g_autofree char *message = g_strdup_printf (_("Could not create the demo workspace: %s"),
                                                      error->message);
          mc_window_show_toast (self, message);
        }
      return;
    }
  mc_window_open_path (self, path);
  if (self->db != NULL)
    mc_window_show_toast (self, _("The demo workspace is ready."));
}

static void
try_demo_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), PACKAGE_NAME, NULL);
  g_autofree char *path = g_build_filename (dir, "demo.mcdb", NULL);
  g_autoptr(GTask) task = NULL;

  if (self->demo_cancellable != NULL)
    return;
  if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      mc_window_open_path (self, path);
      return;
    }
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not create the folder “%s”: %s"),
                                                  dir, g_strerror (errno));
      mc_window_show_toast (self, message);
      return;
    }

  self->demo_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  set_mode (self, "progress");
  task = g_task_new (self, self->demo_cancellable, demo_done_cb, NULL);
  g_task_set_source_tag (task, try_demo_action);
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, demo_thread);
}

static void
cancel_demo_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->demo_cancellable != NULL)
    g_cancellable_cancel (self->demo_cancellable);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);

  if (self->db == NULL)
    return;
  mc_window_set_page (self, "members");
  mc_members_page_focus_search (self->members_page);
}

/* Pages */

const char *
mc_window_get_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->pages_stack);
}

void
mc_window_set_page (McWindow   *self,
                    const char *name)
{
  g_return_if_fail (MC_IS_WINDOW (self));

  if (name != NULL && gtk_stack_get_child_by_name (self->pages_stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->pages_stack, name);
}

/* The member page: shown by win.open-member, left by win.show-members. */

static void
open_member_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->db == NULL)
    return;
  if (!mc_member_page_set_member (self->member_page, self->db, g_variant_get_string (param, NULL), &error))
    {
      mc_window_show_toast (self, error->message);
      return;
    }
  gtk_stack_set_visible_child_name (self->pages_stack, "member");
}

static void
show_members_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  mc_window_set_page (MC_WINDOW (widget), "members");
}

static gboolean
remove_member_cb (McDb      *db,
                  gpointer   data,
                  GError   **error)
{
  return mc_member_set_deleted (db, data, TRUE, error);
}

static void
member_added_cb (McWindow   *self,
                 const char *member_id)
{
  g_autofree char *message = g_strdup (_("Member added."));

  mc_window_show_undo_toast (self, message, remove_member_cb, g_strdup (member_id), g_free);
  mc_window_workspace_changed (self);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-member", "s", member_id);
}

static void
new_member_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);
  McNewMemberDialog *dialog;

  if (self->db == NULL)
    return;
  dialog = mc_new_member_dialog_new (self->db);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  g_signal_connect_object (dialog, "member-added", G_CALLBACK (member_added_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

McMemberPage *
mc_window_get_member_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return self->member_page;
}

static void
page_changed_cb (McWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->pages_stack);

  /* The member page needs a member: a restart opens the list instead. */
  if (name != NULL && !g_str_equal (name, "member"))
    g_settings_set_string (self->settings, "last-page", name);
}

static void
page_error_cb (McWindow     *self,
               const GError *error)
{
  mc_window_show_toast (self, error->message);
}

McOverviewPage *
mc_window_get_overview_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return self->overview_page;
}

McMembersPage *
mc_window_get_members_page (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return self->members_page;
}

McDb *
mc_window_get_db (McWindow *self)
{
  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  return self->db;
}

/* GObject */

static gboolean
mc_window_close_request (GtkWindow *window)
{
  McWindow *self = MC_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  if (self->demo_cancellable != NULL)
    g_cancellable_cancel (self->demo_cancellable);
  return GTK_WINDOW_CLASS (mc_window_parent_class)->close_request (window);
}

static void
mc_window_dispose (GObject *object)
{
  McWindow *self = MC_WINDOW (object);

  if (self->demo_cancellable != NULL)
    g_cancellable_cancel (self->demo_cancellable);
  g_clear_object (&self->demo_cancellable);
  g_clear_pointer (&self->undo, mc_window_undo_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_WINDOW);
  g_clear_object (&self->db);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mc_window_parent_class)->dispose (object);
}

static void
mc_window_class_init (McWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mc_window_dispose;
  window_class->close_request = mc_window_close_request;

  g_type_ensure (MC_TYPE_OVERVIEW_PAGE);
  g_type_ensure (MC_TYPE_MEMBERS_PAGE);
  g_type_ensure (MC_TYPE_MEMBER_PAGE);
  g_type_ensure (MC_TYPE_PROGRAMME_PAGE);
  g_type_ensure (MC_TYPE_ANALYTICS_PAGE);
  g_type_ensure (MC_TYPE_SYNC_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-window.ui");
  gtk_widget_class_bind_template_child (widget_class, McWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, McWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, McWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, pages_stack);
  gtk_widget_class_bind_template_child (widget_class, McWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, McWindow, overview_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, members_page);
  gtk_widget_class_bind_template_child (widget_class, McWindow, member_page);

  gtk_widget_class_install_action (widget_class, "win.try-demo", NULL, try_demo_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-demo", NULL, cancel_demo_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.undo-change", "u", undo_change_action);
  gtk_widget_class_install_action (widget_class, "win.open-member", "s", open_member_action);
  gtk_widget_class_install_action (widget_class, "win.show-members", NULL, show_members_action);
  gtk_widget_class_install_action (widget_class, "win.new-member", NULL, new_member_action);
  mc_window_extras_class_init (widget_class);
}

static void
mc_window_init (McWindow *self)
{
  g_autofree char *last_page = NULL;
  g_autofree char *zone = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->undo = mc_window_undo_new ();

  self->settings = g_settings_new (APPLICATION_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  last_page = g_settings_get_string (self->settings, "last-page");
  if (!g_str_equal (last_page, "member"))
    mc_window_set_page (self, last_page);
  g_signal_connect_object (self->pages_stack, "notify::visible-child-name",
                           G_CALLBACK (page_changed_cb), self, G_CONNECT_SWAPPED);

  zone = g_settings_get_string (self->settings, "time-zone");
  mc_members_page_set_time_zone (self->members_page, zone);
  g_signal_connect_object (self->settings, "changed::role", G_CALLBACK (role_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::time-zone", G_CALLBACK (time_zone_changed_cb),
                           self, G_CONNECT_SWAPPED);
  {
    g_autofree char *mode = g_settings_get_string (self->settings, "currency-display");

    mc_gui_set_currency_display (mode);
  }
  g_signal_connect_object (self->settings, "changed::currency-display", G_CALLBACK (currency_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->members_page, "error", G_CALLBACK (page_error_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->overview_page, "error", G_CALLBACK (page_error_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->member_page, "error", G_CALLBACK (page_error_cb), self,
                           G_CONNECT_SWAPPED);
  {
    g_autoptr(GPtrArray) pages = workspace_pages (self);

    for (guint i = 0; i < pages->len; i++)
      g_signal_connect_object (pages->pdata[i], "error", G_CALLBACK (page_error_cb), self,
                               G_CONNECT_SWAPPED);
  }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", FALSE);
  mc_window_extras_init (self);
  set_mode (self, "welcome");
  update_title (self);
}

McWindow *
mc_window_new (GtkApplication *app)
{
  return g_object_new (MC_TYPE_WINDOW, "application", app, NULL);
}
