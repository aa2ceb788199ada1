/* mc-programme-page-actions.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Programme page does to versions: a new draft from the live programme; discarding
 * a draft, with Undo (the draft comes back as it was, under a new id); publishing a draft
 * after a confirmation that lists what changes, in a worker on a connection of its own —
 * publishing re-evaluates every member's tier, which takes a while on a big workspace; a
 * later date in the confirmation schedules the draft instead; drafts whose date has come
 * go live when the page loads.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-gui.h"
#include "mc-programme-diff.h"
#include "mc-programme-page-private.h"
#include "mc-validate.h"
#include "mc-window.h"

#define DIFF_LINES_SHOWN 12

static McWindow *
window_of (McProgrammePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return MC_IS_WINDOW (root) ? MC_WINDOW (root) : NULL;
}

static void
changed_everywhere (McProgrammePage *self)
{
  McWindow *window = window_of (self);
  g_autoptr(GError) error = NULL;

  if (window != NULL)
    mc_window_workspace_changed (window);
  else if (!mc_programme_page_reload (self, &error))
    mc_programme_page_emit_error (self, error, "%s", error->message);
}

/* New draft */

static void
new_draft_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  McProgrammePage *self = MC_PROGRAMME_PAGE (widget);
  g_autoptr(McProgramme) draft = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (self->db == NULL || self->live == NULL)
    return;
  mc_programme_page_flush_save (self);
  draft = mc_programme_copy (self->live);
  g_free (draft->name);
  /* TRANSLATORS: the name of a new draft, from the live programme's: "Standard programme (draft)" */
  draft->name = g_strdup_printf (_("%s (draft)"), self->live->name);
  id = mc_programme_draft_create (self->db, draft, &error);
  if (id == NULL)
    {
      mc_programme_page_emit_error (self, error, _("Could not start a draft: %s"), error->message);
      return;
    }
  g_free (self->selected_id);
  self->selected_id = g_steal_pointer (&id);
  gtk_stack_set_visible_child_name (self->view_stack, "design");
  changed_everywhere (self);
}

/* Discard, with Undo */

static gboolean
undo_discard (McDb     *db,
              gpointer  data,
              GError  **error)
{
  g_autofree char *id = mc_programme_draft_create (db, data, error);

  return id != NULL;
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  McProgrammePage *self = MC_PROGRAMME_PAGE (widget);
  McProgrammeVersion *v = mc_programme_page_selected_version (self);
  McWindow *window = window_of (self);
  g_autoptr(GError) error = NULL;
  McProgramme *kept;
  g_autofree char *message = NULL;

  if (v == NULL || v->status != MC_PROGRAMME_DRAFT || self->db == NULL)
    return;
  g_clear_handle_id (&self->save_id, g_source_remove);
  /* What the editor holds now, unsaved changes included, is what Undo brings back. */
  kept = mc_programme_copy (mc_programme_editor_get_programme (self->editor));
  if (kept == NULL)
    /* The editor's programme breaks a rule (it cannot be copied): keep the saved one. */
    kept = mc_programme_version_load (self->db, v->id, &error);
  if (kept == NULL)
    {
      mc_programme_page_emit_error (self, error, _("Could not discard the draft: %s"), error->message);
      return;
    }
  if (!mc_programme_draft_delete (self->db, v->id, &error))
    {
      mc_programme_free (kept);
      mc_programme_page_emit_error (self, error, _("Could not discard the draft: %s"), error->message);
      return;
    }
  /* TRANSLATORS: a toast with Undo: "Draft “Summer programme” discarded" */
  message = g_strdup_printf (_("Draft “%s” discarded"), kept->name);
  g_clear_pointer (&self->selected_id, g_free);
  if (window != NULL)
    mc_window_show_undo_toast (window, message, undo_discard, kept, (GDestroyNotify) mc_programme_free);
  else
    mc_programme_free (kept);
  changed_everywhere (self);
}

/* Removing a tier from a draft, with Undo: the draft as it was is saved back. */

typedef struct
{
  char        *draft_id;
  McProgramme *before;
} TierUndo;

static void
tier_undo_free (gpointer data)
{
  TierUndo *undo = data;

  g_free (undo->draft_id);
  g_clear_pointer (&undo->before, mc_programme_free);
  g_free (undo);
}

static gboolean
undo_tier_removed (McDb     *db,
                   gpointer  data,
                   GError  **error)
{
  TierUndo *undo = data;

  return mc_programme_draft_save (db, undo->draft_id, undo->before, error);
}

void
mc_programme_page_tier_removed_cb (McProgrammePage *self,
                                   const char      *name,
                                   McProgramme     *before)
{
  McWindow *window = window_of (self);
  TierUndo *undo;
  g_autofree char *message = NULL;

  /* Saved now, so that no later save of the removal overwrites what Undo brings back. */
  if (window == NULL || self->draft_id == NULL || before == NULL || !mc_programme_page_flush_save (self))
    return;
  undo = g_new0 (TierUndo, 1);
  undo->draft_id = g_strdup (self->draft_id);
  undo->before = mc_programme_copy (before);
  /* TRANSLATORS: a toast with Undo: "Tier “Gold” removed" */
  message = g_strdup_printf (_("Tier “%s” removed"), name);
  mc_window_show_undo_toast (window, message, undo_tier_removed, undo, tier_undo_free);
}

/* Scheduled publishing */

gboolean
mc_programme_page_publish_due (McDb                *reader,
                               McRole               role,
                               const char          *actor,
                               gint64               now,
                               McProgrammeVersion **published,
                               GError             **error)
{
  g_autoptr(McDb) db = NULL;
  gboolean due = FALSE;

  if (!mc_programme_any_due (reader, now, &due, error))
    return FALSE;
  if (!due || !mc_role_allows (role, MC_PERMISSION_WRITE_MEMBERS))
    return TRUE;
  db = mc_db_open (mc_db_get_path (reader), error);
  if (db == NULL)
    return FALSE;
  mc_db_set_role (db, role);
  if (actor != NULL)
    mc_db_set_actor (db, actor);
  return mc_programme_publish_due (db, now, published, NULL, error);
}

void
mc_programme_page_published_due (McProgrammePage    *self,
                                 McProgrammeVersion *published)
{
  McWindow *window = window_of (self);

  if (window != NULL)
    {
      /* TRANSLATORS: a toast when a scheduled draft's date has come: "Scheduled programme “Summer” is now live" */
      g_autofree char *message = g_strdup_printf (_("Scheduled programme “%s” is now live"), published->name);

      mc_window_show_toast (window, message);
    }
  changed_everywhere (self);
}

/* Publish */

typedef struct
{
  char        *path;
  McRole       role;
  char        *actor;
  char        *draft_id;
  gint64       effective_at;   /* 0: now; later than now: scheduled */
  McTierStats  stats;
} Publish;

static void
publish_free (gpointer data)
{
  Publish *publish = data;

  g_free (publish->path);
  g_free (publish->actor);
  g_free (publish->draft_id);
  g_free (publish);
}

static void
publish_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Publish *publish = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (publish->path, &error);   /* this thread's own connection */

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mc_db_set_role (db, publish->role);
  if (publish->actor != NULL)
    mc_db_set_actor (db, publish->actor);
  if (!mc_programme_publish (db, publish->draft_id, publish->effective_at, &publish->stats, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
pulse_cb (gpointer user_data)
{
  McProgrammePage *self = user_data;

  gtk_progress_bar_pulse (self->publish_bar);
  return G_SOURCE_CONTINUE;
}

static void
publish_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  McProgrammePage *self = MC_PROGRAMME_PAGE (source);
  GTask *task = G_TASK (result);
  Publish *publish = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  McWindow *window;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  g_clear_object (&self->publish_cancellable);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  gtk_widget_set_visible (self->publish_box, FALSE);
  mc_programme_page_update_actions (self);
  if (!g_task_propagate_boolean (task, &error))
    {
      mc_programme_page_emit_error (self, error, _("Could not publish the draft: %s"), error->message);
      return;
    }
  window = window_of (self);
  g_free (self->selected_id);
  self->selected_id = g_strdup (publish->draft_id);
  if (window != NULL && publish->effective_at > mc_db_now ())
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (publish->effective_at);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_db_get_time_zone (self->db));
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      /* TRANSLATORS: a toast after scheduling a draft: "Scheduled to go live 2026-07-01 00:00" */
      g_autofree char *message = g_strdup_printf (_("Scheduled to go live %s"), when);

      mc_window_show_toast (window, message);
    }
  else if (window != NULL)
    {
      g_autofree char *up = mc_gui_format_count (publish->stats.upgraded);
      g_autofree char *down = mc_gui_format_count (publish->stats.downgraded);
      g_autofree char *warned = mc_gui_format_count (publish->stats.warned);
      /* TRANSLATORS: a toast after publishing: "Published: 120 members up, 3 down, 45 warned" */
      g_autofree char *message = g_strdup_printf (_("Published: %s members up, %s down, %s warned"),
                                                  up, down, warned);

      mc_window_show_toast (window, message);
    }
  changed_everywhere (self);
}

void
mc_programme_page_publish_at (McProgrammePage *self,
                              gint64           effective_at)
{
  McProgrammeVersion *v;
  g_autoptr(GTask) task = NULL;
  Publish *publish;

  g_return_if_fail (MC_IS_PROGRAMME_PAGE (self));

  v = mc_programme_page_selected_version (self);
  if (v == NULL || v->status != MC_PROGRAMME_DRAFT || self->db == NULL || self->publish_cancellable != NULL)
    return;
  if (!mc_programme_page_flush_save (self))
    return;
  publish = g_new0 (Publish, 1);
  publish->path = g_strdup (mc_db_get_path (self->db));
  publish->role = mc_db_get_role (self->db);
  publish->actor = g_strdup (mc_db_get_actor (self->db));
  publish->draft_id = g_strdup (v->id);
  publish->effective_at = effective_at;
  self->publish_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->publish_box, TRUE);
  gtk_progress_bar_set_fraction (self->publish_bar, 0.0);
  self->pulse_id = g_timeout_add (120, pulse_cb, self);
  task = g_task_new (self, self->publish_cancellable, publish_done_cb, NULL);
  g_task_set_source_tag (task, mc_programme_page_publish_at);
  g_task_set_task_data (task, publish, publish_free);
  g_task_run_in_thread (task, publish_thread);
  mc_programme_page_update_actions (self);
}

void
mc_programme_page_publish_now (McProgrammePage *self)
{
  mc_programme_page_publish_at (self, 0);
}

/* The date of the confirmation: empty is now; a date alone is its midnight in the
 * workspace's zone. */
static void
publish_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     McProgrammePage  *self)
{
  GtkEditable *date = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (date)));
  g_autoptr(GError) error = NULL;
  gint64 effective_at = 0;

  if (g_strcmp0 (response, "unschedule") == 0 && self->db != NULL)
    {
      McProgrammeVersion *v = mc_programme_page_selected_version (self);

      /* One row changed: on this connection, like Discard. */
      if (v != NULL && !mc_programme_draft_unschedule (self->db, v->id, &error))
        mc_programme_page_emit_error (self, error, "%s", error->message);
      else
        changed_everywhere (self);
      return;
    }
  if (g_strcmp0 (response, "publish") != 0 || self->db == NULL)
    return;
  if (text[0] != '\0' &&
      !mc_parse_time (text, mc_db_get_time_zone (self->db), FALSE, &effective_at, &error))
    {
      mc_programme_page_emit_error (self, error, _("Could not publish the draft: %s"), error->message);
      return;
    }
  mc_programme_page_publish_at (self, effective_at);
}

static void
publish_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  McProgrammePage *self = MC_PROGRAMME_PAGE (widget);
  McProgrammeVersion *v = mc_programme_page_selected_version (self);
  McProgramme *draft = mc_programme_editor_get_programme (self->editor);
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GString) body = g_string_new (NULL);
  g_autofree char *heading = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkWidget *date;

  if (v == NULL || v->status != MC_PROGRAMME_DRAFT || draft == NULL || self->live == NULL)
    return;
  changes = mc_programme_diff (self->live, draft);
  g_ptr_array_set_free_func (changes, (GDestroyNotify) mc_programme_change_free);
  for (guint i = 0; i < changes->len && i < DIFF_LINES_SHOWN; i++)
    g_string_append_printf (body, "• %s\n", ((McProgrammeChange *) g_ptr_array_index (changes, i))->text);
  if (changes->len > DIFF_LINES_SHOWN)
    {
      g_autofree char *more = mc_gui_format_count (changes->len - DIFF_LINES_SHOWN);

      /* TRANSLATORS: after the first changes listed: "and 5 more changes" */
      g_string_append_printf (body, _("and %s more changes"), more);
      g_string_append_c (body, '\n');
    }
  if (changes->len == 0)
    g_string_append_printf (body, "%s\n", _("The draft says the same as the live programme."));
  g_string_append_c (body, '\n');
  g_string_append (body, _("It becomes the live programme from now, or from the date given below; "
                           "the live one is retired then. Every member’s tier is evaluated again under it."));
  /* TRANSLATORS: the heading of the publish confirmation: "Publish “Summer programme”?" */
  heading = g_strdup_printf (_("Publish “%s”?"), draft->name);
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "publish", _("_Publish"),
                                    NULL);
  if (mc_programme_version_is_scheduled (v))
    /* TRANSLATORS: a button of the publish confirmation of a scheduled draft */
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "unschedule", _("_Unschedule"));
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "publish", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "publish");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  date = gtk_entry_new ();
  gtk_widget_set_name (date, "publish-date");
  /* TRANSLATORS: the date field of the publish confirmation, empty for now */
  gtk_entry_set_placeholder_text (GTK_ENTRY (date), _("Takes effect now, or a later date: 2026-07-01"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (date), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Takes effect on"), -1);
  if (v->effective_at != 0)
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (v->effective_at);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_db_get_time_zone (self->db));
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");

      gtk_editable_set_text (GTK_EDITABLE (date), when);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), date);
  g_signal_connect_object (dialog, "response", G_CALLBACK (publish_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
mc_programme_page_actions_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "programme.new-draft", NULL, new_draft_action);
  gtk_widget_class_install_action (widget_class, "programme.discard", NULL, discard_action);
  gtk_widget_class_install_action (widget_class, "programme.publish", NULL, publish_action);
}
