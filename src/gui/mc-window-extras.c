/* mc-window-extras.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The main window's CSV import (a file dropped on the window, or win.import), the sync
 * state in its header bar, and the file choosers that open or create a workspace.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-import-sheet.h"
#include "mc-overview.h"
#include "mc-tier-eval-dialog.h"
#include "mc-window-extras.h"

#define SYNC_BUTTON_KEY "mc-window-sync-button"
#define SYNC_LABEL_KEY "mc-window-sync-label"
#define SYNC_ICON_KEY "mc-window-sync-icon"
#define SYNC_STATUS_SET_KEY "mc-window-sync-status-set"
#define SYNC_READ_ONLY_KEY "mc-window-sync-read-only"
#define CHOOSER_KEY "mc-window-import-chooser"
#define WORKSPACE_CHOOSER_KEY "mc-window-workspace-chooser"

GtkWindow *
mc_window_import_file (McWindow *self,
                       GFile    *file)
{
  McImportSheet *sheet;

  g_return_val_if_fail (MC_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (mc_window_get_db (self) == NULL)
    {
      mc_window_show_toast (self, _("Open a workspace first, then import into it."));
      return NULL;
    }
  sheet = mc_import_sheet_new (self, file);
  gtk_window_present (GTK_WINDOW (sheet));
  return GTK_WINDOW (sheet);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         McWindow      *self)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));

      file = files != NULL ? files->data : NULL;
      if (files != NULL && files->next != NULL)
        mc_window_show_toast (self, _("One file at a time: only the first was opened."));
      g_slist_free (files);
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);
  if (file == NULL)
    return FALSE;
  return mc_window_import_file (self, file) != NULL;
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     McWindow        *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    mc_window_import_file (self, file);
  g_object_set_data (G_OBJECT (self), CHOOSER_KEY, NULL);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) csv = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (mc_window_get_db (self) == NULL || g_object_get_data (G_OBJECT (self), CHOOSER_KEY) != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Import a CSV File"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (csv, _("CSV Files"));
  gtk_file_filter_add_pattern (csv, "*.csv");
  gtk_file_filter_add_pattern (csv, "*.CSV");
  gtk_file_filter_add_mime_type (csv, "text/csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), csv);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self, 0);
  /* The window keeps the chooser while it is open. */
  g_object_set_data_full (G_OBJECT (self), CHOOSER_KEY, chooser, g_object_unref);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
show_sync_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  mc_window_set_page (MC_WINDOW (widget), "sync");
}

void
mc_window_extras_update (McWindow *self)
{
  McDb *db = mc_window_get_db (self);
  gboolean workspace = db != NULL && g_strcmp0 (mc_window_get_mode (self), "workspace") == 0;
  GtkWidget *button = g_object_get_data (G_OBJECT (self), SYNC_BUTTON_KEY);
  GtkLabel *label = g_object_get_data (G_OBJECT (self), SYNC_LABEL_KEY);

  g_return_if_fail (MC_IS_WINDOW (self));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", workspace);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-sync", workspace);
  if (workspace && g_object_get_data (G_OBJECT (self), SYNC_READ_ONLY_KEY) != NULL)
    {
      /* The server lets this user only read: no new records here. */
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-member", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.evaluate-tiers", FALSE);
    }
  if (button == NULL)
    return;
  gtk_widget_set_visible (button, workspace);
  if (workspace && g_object_get_data (G_OBJECT (self), SYNC_STATUS_SET_KEY) == NULL)
    {
      McSyncState state = mc_overview_sync_state (db);
      const char *text = state == MC_SYNC_STATE_SET_UP ? _("Sync set up") : _("Sync not set up");
      /* TRANSLATORS: the header bar's sync button, for screen readers, e.g. "Sync: Not set up" */
      g_autofree char *accessible = g_strdup_printf (_("Sync: %s"), mc_sync_state_display (state));

      gtk_label_set_text (label, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }
}

void
mc_window_set_sync_status (McWindow   *self,
                           const char *icon_name,
                           const char *text,
                           const char *accessible)
{
  GtkWidget *button;

  g_return_if_fail (MC_IS_WINDOW (self));

  button = g_object_get_data (G_OBJECT (self), SYNC_BUTTON_KEY);
  if (button == NULL)
    return;
  g_object_set_data (G_OBJECT (self), SYNC_STATUS_SET_KEY, GINT_TO_POINTER (TRUE));
  gtk_image_set_from_icon_name (g_object_get_data (G_OBJECT (self), SYNC_ICON_KEY), icon_name);
  gtk_label_set_text (g_object_get_data (G_OBJECT (self), SYNC_LABEL_KEY), text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

void
mc_window_set_sync_read_only (McWindow *self,
                              gboolean  read_only)
{
  gboolean was;

  g_return_if_fail (MC_IS_WINDOW (self));

  was = g_object_get_data (G_OBJECT (self), SYNC_READ_ONLY_KEY) != NULL;
  if (was == !!read_only)
    return;
  g_object_set_data (G_OBJECT (self), SYNC_READ_ONLY_KEY, read_only ? GINT_TO_POINTER (TRUE) : NULL);
  if (!read_only && g_strcmp0 (mc_window_get_mode (self), "workspace") == 0)
    {
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-member", TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.evaluate-tiers", TRUE);
    }
  mc_window_extras_update (self);
}

static void
evaluate_tiers_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  McWindow *self = MC_WINDOW (widget);

  if (mc_window_get_db (self) == NULL)
    return;
  mc_tier_eval_dialog_present (self);
}

/* Workspace file choosers (win.open-workspace, win.create-workspace) */

static void
add_workspace_filter (GtkFileChooser *chooser)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Workspaces"));
  gtk_file_filter_add_pattern (filter, "*.mcdb");
  gtk_file_chooser_add_filter (chooser, filter);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

static void
destroy_chooser (gpointer data)
{
  gtk_native_dialog_destroy (data);
  g_object_unref (data);
}

static void
workspace_chooser_response_cb (GtkNativeDialog *dialog,
                               int              response,
                               McWindow        *self)
{
  gboolean create = gtk_file_chooser_get_action (GTK_FILE_CHOOSER (dialog)) == GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (response == GTK_RESPONSE_ACCEPT && path != NULL)
    {
      if (create && g_file_test (path, G_FILE_TEST_EXISTS))
        {
          g_autofree char *message = NULL;
          g_autofree char *display = g_filename_display_basename (path);

          /* Never replace a file (it may be a workspace full of data). */
          message = g_strdup_printf (_("“%s” already exists. Choose another name, or open it with Open Workspace."),
                                     display);
          mc_window_show_toast (self, message);
        }
      else
        mc_window_open_path (self, path);
    }
  g_object_set_data (G_OBJECT (self), WORKSPACE_CHOOSER_KEY, NULL);
}

static void
show_workspace_chooser (McWindow *self,
                        gboolean  create)
{
  GtkFileChooserNative *chooser;

  if (g_object_get_data (G_OBJECT (self), WORKSPACE_CHOOSER_KEY) != NULL)
    return;
  chooser = gtk_file_chooser_native_new (create ? _("Create a Workspace") : _("Open a Workspace"),
                                         GTK_WINDOW (self),
                                         create ? GTK_FILE_CHOOSER_ACTION_SAVE : GTK_FILE_CHOOSER_ACTION_OPEN,
                                         create ? _("_Create") : _("_Open"),
                                         _("_Cancel"));
  add_workspace_filter (GTK_FILE_CHOOSER (chooser));
  if (create)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("workspace.mcdb"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (workspace_chooser_response_cb), self);
  g_object_set_data_full (G_OBJECT (self), WORKSPACE_CHOOSER_KEY, chooser, destroy_chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_workspace_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  show_workspace_chooser (MC_WINDOW (widget), FALSE);
}

static void
create_workspace_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  show_workspace_chooser (MC_WINDOW (widget), TRUE);
}

void
mc_window_extras_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open-workspace", NULL, open_workspace_action);
  gtk_widget_class_install_action (widget_class, "win.create-workspace", NULL, create_workspace_action);
  gtk_widget_class_install_action (widget_class, "win.evaluate-tiers", NULL, evaluate_tiers_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.show-sync", NULL, show_sync_action);
}

/* The window's header bar: the first one in its template, depth first. */
static GtkWidget *
find_header_bar (GtkWidget *widget)
{
  if (ADW_IS_HEADER_BAR (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_header_bar (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
mc_window_extras_init (McWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkWidget *header_bar = find_header_bar (GTK_WIDGET (self));
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name ("network-offline-symbolic");
  GtkWidget *label = gtk_label_new (_("Sync not set up"));

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));

  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "dim-label");
  gtk_widget_set_tooltip_text (button, _("The sync state; opens the Sync page"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-sync");
  gtk_widget_set_visible (button, FALSE);
  g_assert (ADW_IS_HEADER_BAR (header_bar));
  adw_header_bar_pack_start (ADW_HEADER_BAR (header_bar), button);
  g_object_set_data (G_OBJECT (self), SYNC_BUTTON_KEY, button);
  g_object_set_data (G_OBJECT (self), SYNC_LABEL_KEY, label);
  g_object_set_data (G_OBJECT (self), SYNC_ICON_KEY, icon);
  mc_window_extras_update (self);
}
