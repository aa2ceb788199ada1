/* mc-programme-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Programme page's views. The versions and their programmes are read in a worker on a
 * connection of its own; the one chosen in the version menu is shown in the editor (a
 * draft editable, the others read-only), in the what-if panel against the live programme,
 * and under Compare. A draft's changes are saved after a short pause when they break no
 * rule (the editor shows what is wrong meanwhile).
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-gui.h"
#include "mc-programme-diff.h"
#include "mc-programme-page-private.h"
#include "mc-role.h"
#include "mc-workspace-page.h"

#define SAVE_DELAY_MS 600

static void mc_programme_page_workspace_page_init (McWorkspacePageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McProgrammePage, mc_programme_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_WORKSPACE_PAGE,
                                                      mc_programme_page_workspace_page_init))

void
mc_programme_page_emit_error (McProgrammePage *self,
                              const GError    *error,
                              const char      *format,
                              ...)
{
  g_autofree char *message = NULL;
  g_autoptr(GError) shown = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  shown = g_error_new_literal (error->domain, error->code, message);
  mc_workspace_page_emit_error (MC_WORKSPACE_PAGE (self), shown);
}

void
mc_programme_page_set_status (McProgrammePage *self,
                              const char      *text)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
}

static int
selected_index (McProgrammePage *self)
{
  guint i = gtk_drop_down_get_selected (self->version_dropdown);

  if (self->versions == NULL || i == GTK_INVALID_LIST_POSITION || i >= self->versions->len)
    return -1;
  return (int) i;
}

McProgrammeVersion *
mc_programme_page_selected_version (McProgrammePage *self)
{
  int i = selected_index (self);

  return i >= 0 ? g_ptr_array_index (self->versions, i) : NULL;
}

static gboolean
can_write (McProgrammePage *self)
{
  return self->db != NULL && mc_role_allows (mc_db_get_role (self->db), MC_PERMISSION_WRITE_PROGRAMME);
}

void
mc_programme_page_update_actions (McProgrammePage *self)
{
  McProgrammeVersion *v = mc_programme_page_selected_version (self);
  gboolean idle = self->publish_cancellable == NULL && self->load_cancellable == NULL;
  gboolean draft = v != NULL && v->status == MC_PROGRAMME_DRAFT;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "programme.new-draft", idle && can_write (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "programme.discard", idle && draft && can_write (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "programme.publish",
                                 idle && draft && can_write (self) && mc_programme_editor_is_valid (self->editor));
  gtk_widget_set_visible (self->spinner, !idle || mc_programme_what_if_is_busy (self->what_if));
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), gtk_widget_get_visible (self->spinner));
}

static char *
format_day (McProgrammePage *self,
            gint64           at)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, mc_db_get_time_zone (self->db));

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
version_title (McProgrammePage    *self,
               McProgrammeVersion *v)
{
  g_autofree char *when = NULL;

  switch (v->status)
    {
    case MC_PROGRAMME_LIVE:
      when = format_day (self, v->effective_at);
      /* TRANSLATORS: the live version in the version menu: "Live: Standard programme, since 2026-06-01 09:00" */
      return g_strdup_printf (_("Live: %s, since %s"), v->name, when);
    case MC_PROGRAMME_DRAFT:
      if (mc_programme_version_is_scheduled (v))
        {
          when = format_day (self, v->effective_at);
          /* TRANSLATORS: a scheduled draft in the version menu: "Scheduled: Summer programme, goes live 2026-07-01 00:00" */
          return g_strdup_printf (_("Scheduled: %s, goes live %s"), v->name, when);
        }
      when = format_day (self, v->created_at);
      /* TRANSLATORS: a draft in the version menu: "Draft: Summer programme, started 2026-06-01 09:00" */
      return g_strdup_printf (_("Draft: %s, started %s"), v->name, when);
    case MC_PROGRAMME_RETIRED:
    default:
      when = format_day (self, v->effective_at);
      /* TRANSLATORS: an older version in the version menu: "Retired: Standard programme, live from 2026-01-01 09:00" */
      return g_strdup_printf (_("Retired: %s, live from %s"), v->name, when);
    }
}

/* The benefits view edits the editor's programme: give it again when the tiers (its
 * matrix's columns) changed, and show it the issues that are its own. */
static void
sync_benefits (McProgrammePage *self,
               gboolean         always)
{
  McProgramme *programme = mc_programme_editor_get_programme (self->editor);
  GPtrArray *issues = mc_programme_editor_get_issues (self->editor);
  g_autoptr(GString) tiers = g_string_new (NULL);
  g_autoptr(GString) message = g_string_new (NULL);

  for (guint i = 0; programme != NULL && i < programme->tiers->len; i++)
    g_string_append_printf (tiers, "%s\n", ((McTier *) g_ptr_array_index (programme->tiers, i))->name);
  if (always || g_strcmp0 (tiers->str, self->tiers_shown) != 0)
    {
      g_free (self->tiers_shown);
      self->tiers_shown = g_strdup (tiers->str);
      mc_programme_benefits_set_programme (self->benefits, programme);
    }
  for (guint i = 0; issues != NULL && i < issues->len; i++)
    {
      McProgrammeIssue *issue = g_ptr_array_index (issues, i);

      if (mc_programme_editor_issue_is_benefits (issue))
        g_string_append_printf (message, "%s%s", message->len > 0 ? "\n" : "", issue->message);
    }
  mc_programme_benefits_set_message (self->benefits, message->str);
}

/* The editor copies programme and frees the copy it had, which the benefits view edits:
 * the view lets go of it first. */
static void
show_programme (McProgrammePage *self,
                McProgramme     *programme)
{
  mc_programme_benefits_set_programme (self->benefits, NULL);
  mc_programme_editor_set_programme (self->editor, programme);
  sync_benefits (self, TRUE);
}

static void
benefits_changed_cb (McProgrammePage *self)
{
  mc_programme_editor_programme_changed (self->editor);
}

/* The version menus: long titles are ellipsized on the button, whole in the list. */
static void
title_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  ellipsize)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (ellipsize))
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
    }
  gtk_list_item_set_child (item, label);
}

static void
title_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  ellipsize)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static void
set_title_factories (GtkDropDown *dropdown)
{
  GtkListItemFactory *button = gtk_signal_list_item_factory_new ();
  GtkListItemFactory *list = gtk_signal_list_item_factory_new ();

  g_signal_connect (button, "setup", G_CALLBACK (title_setup_cb), GINT_TO_POINTER (TRUE));
  g_signal_connect (button, "bind", G_CALLBACK (title_bind_cb), NULL);
  g_signal_connect (list, "setup", G_CALLBACK (title_setup_cb), GINT_TO_POINTER (FALSE));
  g_signal_connect (list, "bind", G_CALLBACK (title_bind_cb), NULL);
  gtk_drop_down_set_factory (dropdown, button);
  gtk_drop_down_set_list_factory (dropdown, list);
  g_object_unref (button);
  g_object_unref (list);
}

/* Compare */

static void
show_diff (McProgrammePage *self)
{
  guint from = gtk_drop_down_get_selected (self->compare_from);
  guint to = gtk_drop_down_get_selected (self->compare_to);
  g_autoptr(GPtrArray) changes = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->diff_list))) != NULL)
    gtk_list_box_remove (self->diff_list, child);
  if (self->programmes == NULL || from >= self->programmes->len || to >= self->programmes->len)
    return;
  changes = mc_programme_diff (g_ptr_array_index (self->programmes, from), g_ptr_array_index (self->programmes, to));
  g_ptr_array_set_free_func (changes, (GDestroyNotify) mc_programme_change_free);
  for (guint i = 0; i < changes->len; i++)
    {
      McProgrammeChange *change = g_ptr_array_index (changes, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), change->text);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->diff_list, row);
    }
  if (changes->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("The two versions say the same."));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->diff_list, row);
    }
}

static void
compare_changed_cb (McProgrammePage *self)
{
  if (!self->filling)
    show_diff (self);
}

/* The version shown */

static void
show_selected (McProgrammePage *self)
{
  int i = selected_index (self);
  McProgrammeVersion *v;
  McProgramme *programme;
  gboolean draft;

  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_pointer (&self->draft_id, g_free);
  mc_programme_what_if_set_draft_problem (self->what_if, NULL);
  if (i < 0)
    {
      show_programme (self, self->live);
      mc_programme_editor_set_editable (self->editor, FALSE);
      sync_benefits (self, TRUE);
      mc_programme_benefits_set_editable (self->benefits, FALSE);
      mc_programme_what_if_set_programmes (self->what_if, self->live, NULL);
      mc_programme_page_set_status (self, _("The default programme: start a draft to design your own."));
      mc_programme_page_update_actions (self);
      return;
    }
  v = g_ptr_array_index (self->versions, i);
  programme = g_ptr_array_index (self->programmes, i);
  draft = v->status == MC_PROGRAMME_DRAFT;
  if (draft)
    self->draft_id = g_strdup (v->id);
  if (programme != NULL)
    mc_gui_install_tier_css (programme);
  show_programme (self, programme);
  mc_programme_editor_set_editable (self->editor, draft && can_write (self));
  sync_benefits (self, TRUE);
  mc_programme_benefits_set_editable (self->benefits, draft && can_write (self));
  /* The what-if compares the live programme with the version shown. */
  mc_programme_what_if_set_programmes (self->what_if, self->live,
                                       v->status == MC_PROGRAMME_LIVE ? NULL : programme);
  if (!draft)
    mc_programme_page_set_status (self, v->status == MC_PROGRAMME_LIVE ?
                                  _("The live programme is read-only: start a new draft to change it.") :
                                  _("A retired version, read-only: compare it, or start a new draft."));
  else if (!can_write (self))
    mc_programme_page_set_status (self, _("Your role may not change the programme: the draft is read-only."));
  else
    mc_programme_page_set_status (self, _("Changes to this draft are saved as you make them."));
  self->filling = TRUE;
  gtk_drop_down_set_selected (self->compare_to, (guint) i);
  self->filling = FALSE;
  show_diff (self);
  mc_programme_page_update_actions (self);
}

static void
version_selected_cb (McProgrammePage *self)
{
  McProgrammeVersion *v;

  if (self->filling)
    return;
  mc_programme_page_flush_save (self);
  /* Chosen by a person: kept across reloads. Otherwise the page shows the draft being
   * designed, else the live programme. */
  v = mc_programme_page_selected_version (self);
  g_free (self->selected_id);
  self->selected_id = v != NULL ? g_strdup (v->id) : NULL;
  show_selected (self);
}

static void
fill_versions (McProgrammePage *self)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  guint selected = GTK_INVALID_LIST_POSITION;
  guint first_draft = GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < self->versions->len; i++)
    {
      McProgrammeVersion *v = g_ptr_array_index (self->versions, i);
      g_autofree char *title = version_title (self, v);

      gtk_string_list_append (titles, title);
      if (g_strcmp0 (v->id, self->selected_id) == 0)
        selected = i;
      if (v->status == MC_PROGRAMME_DRAFT && first_draft == GTK_INVALID_LIST_POSITION)
        first_draft = i;
    }
  /* Nothing chosen yet (or it is gone): the draft being designed, else the live one. */
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = first_draft != GTK_INVALID_LIST_POSITION ? first_draft : 0;
  self->filling = TRUE;
  gtk_drop_down_set_model (self->version_dropdown, G_LIST_MODEL (titles));
  gtk_drop_down_set_model (self->compare_from, G_LIST_MODEL (titles));
  gtk_drop_down_set_model (self->compare_to, G_LIST_MODEL (titles));
  gtk_drop_down_set_selected (self->version_dropdown, self->versions->len > 0 ? selected : GTK_INVALID_LIST_POSITION);
  gtk_drop_down_set_selected (self->compare_from, 0);
  self->filling = FALSE;
  show_selected (self);
}

/* Saving a draft */

static gboolean
save_now (McProgrammePage *self)
{
  g_autoptr(GError) error = NULL;
  McProgramme *programme = mc_programme_editor_get_programme (self->editor);
  int i = selected_index (self);

  if (self->draft_id == NULL || programme == NULL || i < 0)
    return TRUE;
  if (!mc_programme_editor_is_valid (self->editor))
    {
      mc_programme_page_set_status (self, _("Not saved: fix what is marked in the design first."));
      return FALSE;
    }
  if (!mc_programme_draft_save (self->db, self->draft_id, programme, &error))
    {
      mc_programme_page_emit_error (self, error, _("Could not save the draft: %s"), error->message);
      return FALSE;
    }
  /* Keep the listed copy current, for Compare and the next selection. */
  mc_programme_free (g_ptr_array_index (self->programmes, i));
  g_ptr_array_index (self->programmes, i) = mc_programme_copy (programme);
  mc_programme_page_set_status (self, _("Draft saved."));
  show_diff (self);
  return TRUE;
}

gboolean
mc_programme_page_flush_save (McProgrammePage *self)
{
  if (self->save_id == 0)
    return TRUE;
  g_clear_handle_id (&self->save_id, g_source_remove);
  return save_now (self);
}

static gboolean
save_cb (gpointer user_data)
{
  McProgrammePage *self = user_data;

  self->save_id = 0;
  save_now (self);
  return G_SOURCE_REMOVE;
}

static void
editor_changed_cb (McProgrammePage *self)
{
  McProgramme *programme = mc_programme_editor_get_programme (self->editor);

  /* A programme that breaks a rule cannot be simulated (nor copied): the what-if keeps
   * the last valid draft meanwhile. */
  if (mc_programme_editor_is_valid (self->editor))
    {
      mc_programme_what_if_set_draft_problem (self->what_if, NULL);
      mc_programme_what_if_set_programmes (self->what_if, self->live, programme);
      mc_gui_install_tier_css (programme);
    }
  else
    mc_programme_what_if_set_draft_problem (self->what_if, _("The draft breaks a rule (see Design)."));
  sync_benefits (self, FALSE);
  if (self->draft_id != NULL)
    {
      g_clear_handle_id (&self->save_id, g_source_remove);
      self->save_id = g_timeout_add (SAVE_DELAY_MS, save_cb, self);
      mc_programme_page_set_status (self, mc_programme_editor_is_valid (self->editor) ?
                                    _("Saving…") : _("Not saved: fix what is marked in the design first."));
    }
  mc_programme_page_update_actions (self);
}

static void
threshold_changed_cb (McProgrammePage *self,
                      guint            tier,
                      gint64           threshold)
{
  if (self->draft_id != NULL)
    mc_programme_editor_set_threshold (self->editor, tier, threshold);
}

static void
what_if_error_cb (McProgrammePage *self,
                  const GError    *error)
{
  mc_workspace_page_emit_error (MC_WORKSPACE_PAGE (self), error);
}

/* Loading, in a worker */

typedef struct
{
  char        *path;
  McRole       role;
  char        *actor;
  gint64       now;
  McProgrammeVersion *published;   /* a scheduled draft that went live on loading */
  GError      *due_error;
  GPtrArray   *versions;
  GPtrArray   *programmes;
  McProgramme *live;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_free (load->path);
  g_free (load->actor);
  g_clear_pointer (&load->published, mc_programme_version_free);
  g_clear_error (&load->due_error);
  g_clear_pointer (&load->versions, g_ptr_array_unref);
  g_clear_pointer (&load->programmes, g_ptr_array_unref);
  g_clear_pointer (&load->live, mc_programme_free);
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
  g_autoptr(McDb) db = mc_db_open_reader (load->path, &error);

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mc_db_set_role (db, load->role);
  /* A scheduled draft that cannot go live is said, and the page shows what is stored. */
  mc_programme_page_publish_due (db, load->role, load->actor, load->now, &load->published, &load->due_error);
  if ((load->versions = mc_programme_versions_list (db, &error)) == NULL ||
      (load->live = mc_programme_load_live (db, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  load->programmes = g_ptr_array_new_with_free_func ((GDestroyNotify) mc_programme_free);
  for (guint i = 0; i < load->versions->len; i++)
    {
      McProgrammeVersion *v = g_ptr_array_index (load->versions, i);
      McProgramme *programme = mc_programme_version_load (db, v->id, &error);

      if (programme == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_add (load->programmes, programme);
    }
  g_task_return_boolean (task, TRUE);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  McProgrammePage *self = MC_PROGRAMME_PAGE (source);
  GTask *task = G_TASK (result);
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  g_clear_object (&self->load_cancellable);
  if (!g_task_propagate_boolean (task, &error))
    {
      mc_programme_page_emit_error (self, error, _("Could not read the programme: %s"), error->message);
      mc_programme_page_update_actions (self);
      return;
    }
  g_clear_pointer (&self->versions, g_ptr_array_unref);
  g_clear_pointer (&self->programmes, g_ptr_array_unref);
  g_clear_pointer (&self->live, mc_programme_free);
  self->versions = g_steal_pointer (&load->versions);
  self->programmes = g_steal_pointer (&load->programmes);
  self->live = g_steal_pointer (&load->live);
  fill_versions (self);
  if (load->due_error != NULL)
    mc_programme_page_emit_error (self, load->due_error, _("The scheduled programme could not go live: %s"),
                                  load->due_error->message);
  if (load->published != NULL)
    mc_programme_page_published_due (self, load->published);
}

gboolean
mc_programme_page_reload (McProgrammePage  *self,
                          GError          **error)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  mc_programme_page_flush_save (self);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->db == NULL)
    {
      g_clear_pointer (&self->versions, g_ptr_array_unref);
      g_clear_pointer (&self->programmes, g_ptr_array_unref);
      show_programme (self, NULL);
      sync_benefits (self, TRUE);
      mc_programme_page_update_actions (self);
      return TRUE;
    }
  load = g_new0 (Load, 1);
  load->path = g_strdup (mc_db_get_path (self->db));
  load->role = mc_db_get_role (self->db);
  load->actor = g_strdup (mc_db_get_actor (self->db));
  load->now = mc_db_now ();
  self->load_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->load_cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, mc_programme_page_reload);
  g_task_set_task_data (task, load, load_free);
  g_task_run_in_thread (task, load_thread);
  mc_programme_page_update_actions (self);
  return TRUE;
}

/* McWorkspacePage */

static gboolean
mc_programme_page_set_db (McWorkspacePage  *page,
                          McDb             *db,
                          GError          **error)
{
  McProgrammePage *self = MC_PROGRAMME_PAGE (page);

  mc_programme_page_flush_save (self);
  g_set_object (&self->db, db);
  g_clear_pointer (&self->selected_id, g_free);
  mc_programme_what_if_set_db (self->what_if, db);
  return mc_programme_page_reload (self, error);
}

static void
mc_programme_page_workspace_changed (McWorkspacePage *page)
{
  McProgrammePage *self = MC_PROGRAMME_PAGE (page);
  g_autoptr(GError) error = NULL;

  if (self->db == NULL)
    return;
  /* Members' tiers, orders or the role may have changed: read everything again. */
  mc_programme_what_if_invalidate (self->what_if);
  if (!mc_programme_page_reload (self, &error))
    mc_workspace_page_emit_error (page, error);
}

static void
mc_programme_page_workspace_page_init (McWorkspacePageInterface *iface)
{
  iface->set_db = mc_programme_page_set_db;
  iface->workspace_changed = mc_programme_page_workspace_changed;
}

/* For tests */

gboolean
mc_programme_page_is_busy (McProgrammePage *self)
{
  g_return_val_if_fail (MC_IS_PROGRAMME_PAGE (self), FALSE);
  return self->load_cancellable != NULL || self->publish_cancellable != NULL || self->save_id != 0 ||
         mc_programme_what_if_is_busy (self->what_if);
}

guint
mc_programme_page_get_n_versions (McProgrammePage *self)
{
  g_return_val_if_fail (MC_IS_PROGRAMME_PAGE (self), 0);
  return self->versions != NULL ? self->versions->len : 0;
}

const char *
mc_programme_page_get_version_id (McProgrammePage *self)
{
  McProgrammeVersion *v;

  g_return_val_if_fail (MC_IS_PROGRAMME_PAGE (self), NULL);
  v = mc_programme_page_selected_version (self);
  return v != NULL ? v->id : NULL;
}

void
mc_programme_page_select_version (McProgrammePage *self,
                                  const char      *id)
{
  g_return_if_fail (MC_IS_PROGRAMME_PAGE (self));

  for (guint i = 0; self->versions != NULL && i < self->versions->len; i++)
    if (g_strcmp0 (((McProgrammeVersion *) g_ptr_array_index (self->versions, i))->id, id) == 0)
      gtk_drop_down_set_selected (self->version_dropdown, i);
}

const char *
mc_programme_page_get_status (McProgrammePage *self)
{
  g_return_val_if_fail (MC_IS_PROGRAMME_PAGE (self), NULL);
  return gtk_label_get_text (self->status_label);
}

McProgrammeEditor *
mc_programme_page_get_editor (McProgrammePage *self)
{
  g_return_val_if_fail (MC_IS_PROGRAMME_PAGE (self), NULL);
  return self->editor;
}

McProgrammeWhatIf *
mc_programme_page_get_what_if (McProgrammePage *self)
{
  g_return_val_if_fail (MC_IS_PROGRAMME_PAGE (self), NULL);
  return self->what_if;
}

void
mc_programme_page_set_view (McProgrammePage *self,
                            const char      *view)
{
  g_return_if_fail (MC_IS_PROGRAMME_PAGE (self));
  gtk_stack_set_visible_child_name (self->view_stack, view);
}

char **
mc_programme_page_get_diff (McProgrammePage *self)
{
  g_autoptr(GStrvBuilder) lines = g_strv_builder_new ();

  g_return_val_if_fail (MC_IS_PROGRAMME_PAGE (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->diff_list));
       row != NULL; row = gtk_widget_get_next_sibling (row))
    if (ADW_IS_PREFERENCES_ROW (row))
      g_strv_builder_add (lines, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  return g_strv_builder_end (lines);
}

/* GObject */

static void
mc_programme_page_dispose (GObject *object)
{
  McProgrammePage *self = MC_PROGRAMME_PAGE (object);
  GtkWidget *child;

  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->publish_cancellable != NULL)
    g_cancellable_cancel (self->publish_cancellable);
  g_clear_object (&self->publish_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PROGRAMME_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (mc_programme_page_parent_class)->dispose (object);
}

static void
mc_programme_page_finalize (GObject *object)
{
  McProgrammePage *self = MC_PROGRAMME_PAGE (object);

  g_clear_pointer (&self->versions, g_ptr_array_unref);
  g_clear_pointer (&self->programmes, g_ptr_array_unref);
  g_clear_pointer (&self->live, mc_programme_free);
  g_free (self->selected_id);
  g_free (self->draft_id);
  g_free (self->tiers_shown);
  G_OBJECT_CLASS (mc_programme_page_parent_class)->finalize (object);
}

static void
mc_programme_page_class_init (McProgrammePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_programme_page_dispose;
  object_class->finalize = mc_programme_page_finalize;

  g_type_ensure (MC_TYPE_PROGRAMME_EDITOR);
  g_type_ensure (MC_TYPE_PROGRAMME_WHAT_IF);
  g_type_ensure (MC_TYPE_PROGRAMME_BENEFITS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-programme-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, version_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, status_label);
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, publish_box);
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, publish_bar);
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, editor);
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, benefits);
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, what_if);
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, compare_from);
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, compare_to);
  gtk_widget_class_bind_template_child (widget_class, McProgrammePage, diff_list);
  mc_programme_page_actions_class_init (widget_class);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_programme_page_init (McProgrammePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  set_title_factories (self->version_dropdown);
  set_title_factories (self->compare_from);
  set_title_factories (self->compare_to);
  g_signal_connect_object (self->version_dropdown, "notify::selected", G_CALLBACK (version_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_from, "notify::selected", G_CALLBACK (compare_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compare_to, "notify::selected", G_CALLBACK (compare_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "changed", G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "tier-removed", G_CALLBACK (mc_programme_page_tier_removed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->benefits, "changed", G_CALLBACK (benefits_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->what_if, "threshold-changed", G_CALLBACK (threshold_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->what_if, "error", G_CALLBACK (what_if_error_cb), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Programme"), -1);
  mc_programme_page_update_actions (self);
}
