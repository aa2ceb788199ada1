/* mc-sync-page-lists.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Sync page's lists: the records in conflict (by the name the workspace shows) and the
 * changes the server refused, read in a worker on a connection of its own.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mc-sync-conflicts.h"
#include "mc-sync-local.h"
#include "mc-sync-page-private.h"
#include "mc-sync-refused.h"

#define MAX_REFUSED 50

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}


typedef struct
{
  char      *path;
  McRole     role;
  GPtrArray *conflicts;
  GPtrArray *names;       /* char *, the winner's "name" of each conflict, or NULL */
  GPtrArray *refused;
  GPtrArray *refused_names;  /* char *, the record's "name" of each refusal, or NULL */
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_free (load->path);
  g_clear_pointer (&load->conflicts, g_ptr_array_unref);
  g_clear_pointer (&load->names, g_ptr_array_unref);
  g_clear_pointer (&load->refused, g_ptr_array_unref);
  g_clear_pointer (&load->refused_names, g_ptr_array_unref);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (load->path, &error);

  if (db != NULL)
    {
      mc_db_set_role (db, load->role);
      load->conflicts = mc_sync_conflicts_list (db, &error);
    }
  if (load->conflicts != NULL)
    {
      /* What a person recognises a record by: its name, as the workspace shows it. */
      load->names = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < load->conflicts->len; i++)
        {
          McSyncConflict *c = load->conflicts->pdata[i];
          g_autoptr(JsonObject) body = mc_sync_conflict_get_body (db, c->doc_id, c->winner, NULL);
          const char *name = body != NULL ? json_object_get_string_member_with_default (body, "name", NULL) : NULL;

          g_ptr_array_add (load->names, g_strdup (name));
        }
      load->refused = mc_sync_refused_list (db, MAX_REFUSED, &error);
    }
  if (load->refused != NULL)
    {
      McSyncLocal *local = mc_sync_local_new (db);

      load->refused_names = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < load->refused->len; i++)
        {
          McSyncRefused *r = load->refused->pdata[i];
          const char *row_id = NULL;
          const McSyncType *type = mc_sync_type_for_doc_id (r->doc_id, &row_id);
          g_autoptr(JsonObject) body = type != NULL ? mc_sync_local_read_row (local, type, row_id, NULL, NULL) : NULL;
          const char *name = body != NULL ? json_object_get_string_member_with_default (body, "name", NULL) : NULL;

          g_ptr_array_add (load->refused_names, g_strdup (name));
        }
      mc_sync_local_free (local);
    }
  if (load->refused == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
conflict_row_activated_cb (AdwActionRow *row,
                           McSyncPage   *self)
{
  g_autoptr(GError) error = NULL;

  if (!mc_sync_page_open_conflict (self, g_object_get_data (G_OBJECT (row), "doc-id"), &error))
    mc_sync_page_report_error (self, error);
}

static void
show_lists (McSyncPage *self,
            Load       *load)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  clear_list (self->conflicts_list);
  g_clear_pointer (&self->conflicts, g_ptr_array_unref);
  self->conflicts = g_steal_pointer (&load->conflicts);
  for (guint i = 0; i < self->conflicts->len; i++)
    {
      McSyncConflict *c = self->conflicts->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      guint n = g_strv_length (c->revs);
      const char *name = load->names->pdata[i];
      /* TRANSLATORS: a record in conflict: its id and how many versions it has */
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%s · %u version", "%s · %u versions", n), c->doc_id, n);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name != NULL ? name : c->doc_id);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (row), "doc-id", g_strdup (c->doc_id), g_free);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (conflict_row_activated_cb), self, 0);
      gtk_list_box_append (self->conflicts_list, row);
    }
  if (self->conflicts->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No conflicts"));
      gtk_list_box_append (self->conflicts_list, row);
    }

  clear_list (self->refused_list);
  self->n_refused = load->refused->len;
  for (guint i = 0; i < load->refused->len; i++)
    {
      McSyncRefused *r = load->refused->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (r->at);
      g_autofree char *when = at != NULL ? g_date_time_format (at, "%Y-%m-%d %H:%M") : g_strdup ("");
      /* TRANSLATORS: a refused change: the server's error, its reason, when: "forbidden: read only (2026-12-02 14:05)" */
      g_autofree char *subtitle = g_strdup_printf (_("%s: %s (%s)"), r->error,
                                                   r->reason != NULL ? r->reason : _("no reason given"), when);

      const char *name = load->refused_names->pdata[i];
      /* TRANSLATORS: a refused record: its name and its id */
      g_autofree char *title = name != NULL ? g_strdup_printf (_("%s (%s)"), name, r->doc_id) : g_strdup (r->doc_id);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_append (self->refused_list, row);
    }
  gtk_widget_set_visible (self->refused_group, load->refused->len > 0);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  McSyncPage *self;
  GTask *task = G_TASK (result);
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  self = MC_SYNC_PAGE (source);
  g_clear_object (&self->load_cancellable);
  if (!g_task_propagate_boolean (task, &error))
    {
      mc_sync_page_report_error (self, error);
      return;
    }
  show_lists (self, g_task_get_task_data (task));
}

void
mc_sync_page_reload_lists (McSyncPage *self)
{
  Load *load;
  g_autoptr(GTask) task = NULL;

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->db == NULL)
    return;
  load = g_new0 (Load, 1);
  load->path = g_strdup (mc_db_get_path (self->db));
  load->role = mc_db_get_role (self->db);
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->load_cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, mc_sync_page_reload_lists);
  g_task_set_task_data (task, load, load_free);
  g_task_run_in_thread (task, load_thread);
}
