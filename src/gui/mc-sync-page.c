/* mc-sync-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Sync page. The settings live in the workspace (mc-sync-settings.h), the password in
 * the controller's McPasswordStore; the lists of conflicts and refusals are read in a worker
 * on a connection of its own. A local change (the window's workspace_changed) pokes the
 * controller's debounce, except the change this page announces itself after a sync.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>

#include "mc-error.h"
#include "mc-gui.h"
#include "mc-sync-conflicts.h"
#include "mc-sync-page-private.h"
#include "mc-window.h"
#include "mc-window-extras.h"
#include "mc-workspace-page.h"

static void workspace_page_iface_init (McWorkspacePageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McSyncPage, mc_sync_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_WORKSPACE_PAGE, workspace_page_iface_init))

void
mc_sync_page_report_error (McSyncPage   *self,
                           const GError *error)
{
  mc_workspace_page_emit_error (MC_WORKSPACE_PAGE (self), error);
}

McWindow *
mc_sync_page_get_window (McSyncPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), MC_TYPE_WINDOW);

  return window != NULL ? MC_WINDOW (window) : NULL;
}

/* The state */

static void
set_row_count (AdwActionRow *row,
               const char   *text)
{
  adw_action_row_set_subtitle (row, text);
}

static void
show_figures (McSyncPage *self)
{
  const McSyncStats *s = mc_sync_controller_get_stats (self->controller);
  g_autofree char *read = NULL, *written = NULL, *conflicts = NULL, *refused = NULL, *seq = NULL, *when = NULL;

  if (s == NULL)
    {
      adw_action_row_set_subtitle (self->when_row, _("Not yet"));
      for (AdwActionRow **row = (AdwActionRow *[]) { self->read_row, self->written_row, self->conflicts_row,
                                                     self->refused_row, self->seq_row, NULL }; *row != NULL; row++)
        adw_action_row_set_subtitle (*row, "—");
      return;
    }
  {
    g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (mc_sync_controller_get_last_run (self->controller));

    when = g_date_time_format (at, "%Y-%m-%d %H:%M:%S");
  }
  read = mc_gui_format_count ((gint64) s->docs_read);
  {
    g_autofree char *total = mc_gui_format_count ((gint64) s->docs_written);
    g_autofree char *pulled = mc_gui_format_count ((gint64) s->pulled);
    g_autofree char *pushed = mc_gui_format_count ((gint64) s->pushed);

    /* TRANSLATORS: versions written: total (received into this workspace, sent to the server) */
    written = g_strdup_printf (_("%s (%s received, %s sent)"), total, pulled, pushed);
  }
  conflicts = mc_gui_format_count ((gint64) s->conflicts);
  refused = mc_gui_format_count ((gint64) s->rejected);
  /* TRANSLATORS: the server's last sequence and the workspace's last change sent */
  seq = g_strdup_printf (_("server %s, local %" PRId64), s->last_seq != NULL ? s->last_seq : "—", s->push_seq);
  adw_action_row_set_subtitle (self->when_row, when);
  set_row_count (self->read_row, read);
  set_row_count (self->written_row, written);
  set_row_count (self->conflicts_row, conflicts);
  set_row_count (self->refused_row, refused);
  set_row_count (self->seq_row, seq);
}

static void
controller_changed_cb (McSyncPage *self)
{
  McSyncStatus status = mc_sync_controller_get_status (self->controller);
  gboolean running = mc_sync_controller_is_running (self->controller);
  g_autofree char *text = mc_sync_controller_describe (self->controller);
  const char *message = mc_sync_controller_get_message (self->controller);
  McWindow *window = mc_sync_page_get_window (self);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), text);
  adw_action_row_set_subtitle (self->status_row, message != NULL ? message : "");
  gtk_image_set_from_icon_name (self->status_icon, mc_sync_status_icon_name (status));
  gtk_widget_set_visible (self->spinner, running);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), running);
  gtk_widget_set_visible (self->cancel_button, running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.sync-now",
                                 !running && status != MC_SYNC_STATUS_NOT_SET_UP);
  gtk_revealer_set_reveal_child (self->read_only_revealer, mc_sync_controller_get_read_only (self->controller));
  show_figures (self);
  if (window != NULL && self->db != NULL)
    {
      /* TRANSLATORS: the header bar's sync button, for screen readers, e.g. "Sync: 2 conflicts" */
      g_autofree char *accessible = g_strdup_printf (_("Sync: %s"), text);

      mc_window_set_sync_status (window, mc_sync_status_icon_name (status), text, accessible);
      mc_window_set_sync_read_only (window, mc_sync_controller_get_read_only (self->controller));
    }
}

static void
controller_finished_cb (McSyncPage *self,
                        gboolean    pulled)
{
  McWindow *window = mc_sync_page_get_window (self);

  mc_sync_page_reload_lists (self);
  if (pulled && window != NULL)
    {
      /* Every page shows what was pulled; not a local change to sync again. */
      self->announcing = TRUE;
      mc_window_workspace_changed (window);
      self->announcing = FALSE;
    }
}

/* The form */

static void
show_ca (McSyncPage *self)
{
  g_autofree char *name = self->ca_file != NULL ? g_filename_display_name (self->ca_file) : NULL;

  adw_action_row_set_subtitle (self->ca_row, name != NULL ? name : _("None: the system’s authorities only"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.clear-ca", self->ca_file != NULL);
}

static void
show_keyring_note (McSyncPage *self)
{
  gboolean persistent = mc_password_store_is_persistent (mc_sync_controller_get_store (self->controller));

  gtk_label_set_text (self->keyring_label,
                      persistent ? _("The password is kept in the system keyring, never in the workspace.")
                                 : _("No system keyring answered: the password will not be remembered after the console closes. It is never written to the workspace."));
}

static void
fill_form (McSyncPage *self)
{
  McSyncSettings settings = { 0 };
  g_autoptr(GError) error = NULL;

  if (self->db == NULL || !mc_sync_settings_load (self->db, &settings, &error))
    {
      if (error != NULL)
        mc_sync_page_report_error (self, error);
      settings.interval_minutes = MC_SYNC_INTERVAL_DEFAULT;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), settings.url != NULL ? settings.url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), settings.user != NULL ? settings.user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  g_free (self->ca_file);
  self->ca_file = g_strdup (settings.ca_file);
  gtk_switch_set_active (self->continuous_switch, settings.continuous);
  gtk_spin_button_set_value (self->interval_spin, settings.interval_minutes);
  show_ca (self);
  mc_sync_settings_clear (&settings);
}

static char *
entry_text (AdwEntryRow *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));

  return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  McSyncPage *self = MC_SYNC_PAGE (widget);
  McSyncSettings settings = { 0 };
  g_autoptr(GError) error = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  McWindow *window = mc_sync_page_get_window (self);

  if (self->db == NULL)
    return;
  settings.url = entry_text (self->url_row);
  settings.user = entry_text (self->user_row);
  settings.ca_file = g_strdup (self->ca_file);
  settings.continuous = gtk_switch_get_active (self->continuous_switch);
  settings.interval_minutes = (guint) gtk_spin_button_get_value_as_int (self->interval_spin);
  if (!mc_sync_settings_save (self->db, &settings, &error))
    {
      mc_sync_page_report_error (self, error);
      mc_sync_settings_clear (&settings);
      return;
    }
  if (settings.url != NULL && password[0] != '\0' &&
      !mc_password_store_store (mc_sync_controller_get_store (self->controller), settings.url, settings.user,
                                password, &error))
    mc_sync_page_report_error (self, error);
  /* The password leaves the form: the store has it. */
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  mc_sync_controller_apply_settings (self->controller, &settings);
  mc_sync_settings_clear (&settings);
  if (window != NULL)
    mc_window_show_toast (window, _("Sync settings saved."));
}

static void
ca_chooser_response_cb (GtkNativeDialog *dialog,
                        int              response,
                        McSyncPage      *self)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    {
      g_free (self->ca_file);
      self->ca_file = g_file_get_path (file);
      show_ca (self);
    }
  gtk_native_dialog_destroy (dialog);
  g_clear_object (&self->ca_chooser);
}

static void
choose_ca_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  McSyncPage *self = MC_SYNC_PAGE (widget);
  g_autoptr(GtkFileFilter) pem = gtk_file_filter_new ();
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->ca_chooser != NULL)
    return;
  self->ca_chooser = gtk_file_chooser_native_new (_("Choose a Certificate Authority"),
                                                  GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (pem, _("PEM Certificates"));
  gtk_file_filter_add_pattern (pem, "*.pem");
  gtk_file_filter_add_pattern (pem, "*.crt");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->ca_chooser), pem);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->ca_chooser), TRUE);
  g_signal_connect (self->ca_chooser, "response", G_CALLBACK (ca_chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->ca_chooser));
}

static void
clear_ca_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  McSyncPage *self = MC_SYNC_PAGE (widget);

  g_clear_pointer (&self->ca_file, g_free);
  show_ca (self);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  mc_sync_controller_sync_now (MC_SYNC_PAGE (widget)->controller);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  mc_sync_controller_cancel (MC_SYNC_PAGE (widget)->controller);
}

/* The conflict view */

static void
conflict_back_cb (McSyncPage *self)
{
  gtk_stack_set_visible_child_name (self->stack, "main");
}

static void
conflict_resolved_cb (McSyncPage *self,
                      const char *doc_id,
                      const char *new_rev)
{
  McWindow *window = mc_sync_page_get_window (self);

  gtk_stack_set_visible_child_name (self->stack, "main");
  if (window != NULL)
    {
      /* TRANSLATORS: a toast after a conflict was resolved, with the record's id */
      g_autofree char *message = g_strdup_printf (_("Resolved %s: the new version syncs to every copy."), doc_id);

      mc_window_show_toast (window, message);
      /* A local change: every page shows it, and continuous mode sends it. */
      mc_window_workspace_changed (window);
    }
  else
    {
      mc_sync_controller_local_change (self->controller);
      mc_sync_page_reload_lists (self);
    }
}

static void
conflict_error_cb (McSyncPage   *self,
                   const GError *error)
{
  mc_sync_page_report_error (self, error);
}

/* McWorkspacePage */

static gboolean
sync_page_set_db (McWorkspacePage  *page,
                  McDb             *db,
                  GError          **error)
{
  McSyncPage *self = MC_SYNC_PAGE (page);

  g_set_object (&self->db, db);
  gtk_stack_set_visible_child_name (self->stack, "main");
  fill_form (self);
  mc_sync_controller_set_db (self->controller, db);
  mc_sync_page_reload_lists (self);
  return TRUE;
}

static void
sync_page_workspace_changed (McWorkspacePage *page)
{
  McSyncPage *self = MC_SYNC_PAGE (page);

  if (!self->announcing)
    mc_sync_controller_local_change (self->controller);
  mc_sync_page_reload_lists (self);
}

static void
workspace_page_iface_init (McWorkspacePageInterface *iface)
{
  iface->set_db = sync_page_set_db;
  iface->workspace_changed = sync_page_workspace_changed;
}

/* Public */

McSyncController *
mc_sync_page_get_controller (McSyncPage *self)
{
  g_return_val_if_fail (MC_IS_SYNC_PAGE (self), NULL);
  return self->controller;
}

McSyncConflictView *
mc_sync_page_get_conflict_view (McSyncPage *self)
{
  g_return_val_if_fail (MC_IS_SYNC_PAGE (self), NULL);
  return self->conflict_view;
}

gboolean
mc_sync_page_is_loading (McSyncPage *self)
{
  g_return_val_if_fail (MC_IS_SYNC_PAGE (self), FALSE);
  return self->load_cancellable != NULL;
}

GStrv
mc_sync_page_get_conflicts (McSyncPage *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (MC_IS_SYNC_PAGE (self), NULL);
  for (guint i = 0; self->conflicts != NULL && i < self->conflicts->len; i++)
    g_strv_builder_add (builder, ((McSyncConflict *) self->conflicts->pdata[i])->doc_id);
  return g_strv_builder_end (builder);
}

guint
mc_sync_page_get_n_refused (McSyncPage *self)
{
  g_return_val_if_fail (MC_IS_SYNC_PAGE (self), 0);
  return self->n_refused;
}

gboolean
mc_sync_page_open_conflict (McSyncPage  *self,
                            const char  *doc_id,
                            GError     **error)
{
  g_return_val_if_fail (MC_IS_SYNC_PAGE (self), FALSE);
  g_return_val_if_fail (doc_id != NULL, FALSE);

  for (guint i = 0; self->db != NULL && self->conflicts != NULL && i < self->conflicts->len; i++)
    {
      McSyncConflict *c = self->conflicts->pdata[i];

      if (!g_str_equal (c->doc_id, doc_id))
        continue;
      if (!mc_sync_conflict_view_set_conflict (self->conflict_view, self->db, c, error))
        return FALSE;
      gtk_stack_set_visible_child_name (self->stack, "conflict");
      return TRUE;
    }
  g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND, _("The record %s is not in conflict."), doc_id);
  return FALSE;
}

const char *
mc_sync_page_get_view (McSyncPage *self)
{
  g_return_val_if_fail (MC_IS_SYNC_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
mc_sync_page_fill_form (McSyncPage *self,
                        const char *url,
                        const char *user,
                        const char *password,
                        guint       interval_minutes,
                        gboolean    continuous)
{
  g_return_if_fail (MC_IS_SYNC_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url != NULL ? url : "");
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user != NULL ? user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), password != NULL ? password : "");
  gtk_spin_button_set_value (self->interval_spin, interval_minutes);
  gtk_switch_set_active (self->continuous_switch, continuous);
}

void
mc_sync_page_set_ca_file (McSyncPage *self,
                          const char *ca_file)
{
  g_return_if_fail (MC_IS_SYNC_PAGE (self));

  g_free (self->ca_file);
  self->ca_file = g_strdup (ca_file);
  show_ca (self);
}

const char *
mc_sync_page_get_status_text (McSyncPage *self)
{
  g_return_val_if_fail (MC_IS_SYNC_PAGE (self), NULL);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self->status_row));
}

const char *
mc_sync_page_get_keyring_text (McSyncPage *self)
{
  g_return_val_if_fail (MC_IS_SYNC_PAGE (self), NULL);
  return gtk_label_get_text (self->keyring_label);
}

/* GObject */

static void
mc_sync_page_dispose (GObject *object)
{
  McSyncPage *self = MC_SYNC_PAGE (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->controller != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->controller, self);
      mc_sync_controller_cancel (self->controller);
    }
  g_clear_object (&self->controller);
  if (self->ca_chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->ca_chooser));
  g_clear_object (&self->ca_chooser);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SYNC_PAGE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (mc_sync_page_parent_class)->dispose (object);
}

static void
mc_sync_page_finalize (GObject *object)
{
  McSyncPage *self = MC_SYNC_PAGE (object);

  g_free (self->ca_file);
  G_OBJECT_CLASS (mc_sync_page_parent_class)->finalize (object);
}

static void
mc_sync_page_class_init (McSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_sync_page_dispose;
  object_class->finalize = mc_sync_page_finalize;

  g_type_ensure (MC_TYPE_SYNC_CONFLICT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, stack);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, read_only_revealer);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, status_icon);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, when_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, read_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, written_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, conflicts_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, refused_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, seq_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, conflicts_list);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, refused_group);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, refused_list);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, ca_row);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, continuous_switch);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, keyring_label);
  gtk_widget_class_bind_template_child (widget_class, McSyncPage, conflict_view);
  gtk_widget_class_install_action (widget_class, "sync.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "sync.sync-now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "sync.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "sync.choose-ca", NULL, choose_ca_action);
  gtk_widget_class_install_action (widget_class, "sync.clear-ca", NULL, clear_ca_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mc_sync_page_init (McSyncPage *self)
{
  g_autoptr(McPasswordStore) store = mc_password_store_new_default ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->controller = mc_sync_controller_new (store);
  g_signal_connect_object (self->controller, "changed", G_CALLBACK (controller_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->controller, "finished", G_CALLBACK (controller_finished_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conflict_view, "back", G_CALLBACK (conflict_back_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conflict_view, "resolved", G_CALLBACK (conflict_resolved_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->conflict_view, "error", G_CALLBACK (conflict_error_cb), self,
                           G_CONNECT_SWAPPED);
  show_keyring_note (self);
  show_ca (self);
  controller_changed_cb (self);
}
