/* mc-new-member-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-error.h"
#include "mc-new-member-dialog.h"
#include "mc-validate.h"

struct _McNewMemberDialog
{
  AdwWindow           parent_instance;

  McDb               *db;
  char               *duplicate_id;

  McMemberFormWidget *form;
  GtkWidget          *duplicate_box;
  GtkLabel           *duplicate_label;
  GtkLabel           *error_label;
};

G_DEFINE_FINAL_TYPE (McNewMemberDialog, mc_new_member_dialog, ADW_TYPE_WINDOW)

enum {
  MEMBER_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
hide_messages (McNewMemberDialog *self)
{
  g_clear_pointer (&self->duplicate_id, g_free);
  gtk_widget_set_visible (self->duplicate_box, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static void
form_changed_cb (McNewMemberDialog *self)
{
  /* A new phone number: the old duplicate no longer applies. */
  if (self->duplicate_id != NULL)
    hide_messages (self);
}

/* The id of the live member who has the phone typed, or NULL. */
static char *
find_duplicate (McNewMemberDialog  *self,
                McMember          **existing,
                GError            **error)
{
  GtkEditable *phone = mc_member_form_widget_get_entry (self->form, MC_MEMBER_FIELD_PHONE);
  g_autofree char *e164 = NULL;
  char *id;

  if (!mc_validate_phone (gtk_editable_get_text (phone), &e164, NULL))
    return NULL;
  id = mc_member_id_for_phone (self->db, e164, error);
  if (id != NULL)
    *existing = mc_member_load (self->db, id, error);
  return id;
}

void
mc_new_member_dialog_save (McNewMemberDialog *self)
{
  g_autoptr(McMember) member = NULL;
  g_autoptr(McMember) existing = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dup = NULL;

  g_return_if_fail (MC_IS_NEW_MEMBER_DIALOG (self));

  hide_messages (self);
  if (!mc_member_form_widget_is_valid (self->form))
    {
      mc_member_form_widget_show_errors (self->form);
      return;
    }
  dup = find_duplicate (self, &existing, &error);
  if (dup != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("This phone number already belongs to %s (card %s): "
                                                 "no new member was added."),
                                               existing != NULL ? existing->name : dup,
                                               existing != NULL ? existing->card_no : "");

      mc_member_form_widget_set_field_error (self->form, MC_MEMBER_FIELD_PHONE,
                                             _("Another member has this phone number."));
      gtk_label_set_text (self->duplicate_label, text);
      gtk_widget_set_visible (self->duplicate_box, TRUE);
      self->duplicate_id = g_steal_pointer (&dup);
      return;
    }
  if (error == NULL)
    {
      member = mc_member_new ();
      mc_member_form_widget_apply (self->form, member);
      if (mc_member_insert (self->db, member, &error))
        {
          g_signal_emit (self, signals[MEMBER_ADDED], 0, member->id);
          gtk_window_close (GTK_WINDOW (self));
          return;
        }
      if (g_error_matches (error, MC_ERROR, MC_ERROR_DUPLICATE))
        mc_member_form_widget_set_field_error (self->form, MC_MEMBER_FIELD_CARD_NO, error->message);
    }
  gtk_label_set_text (self->error_label, error->message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  mc_new_member_dialog_save (MC_NEW_MEMBER_DIALOG (widget));
}

static void
open_existing_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  McNewMemberDialog *self = MC_NEW_MEMBER_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (self->duplicate_id == NULL)
    return;
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-member", "s", self->duplicate_id);
  gtk_window_close (GTK_WINDOW (self));
}

McMemberFormWidget *
mc_new_member_dialog_get_form (McNewMemberDialog *self)
{
  g_return_val_if_fail (MC_IS_NEW_MEMBER_DIALOG (self), NULL);
  return self->form;
}

const char *
mc_new_member_dialog_get_duplicate_id (McNewMemberDialog *self)
{
  g_return_val_if_fail (MC_IS_NEW_MEMBER_DIALOG (self), NULL);
  return self->duplicate_id;
}

const char *
mc_new_member_dialog_get_message (McNewMemberDialog *self)
{
  g_return_val_if_fail (MC_IS_NEW_MEMBER_DIALOG (self), NULL);

  if (gtk_widget_get_visible (self->duplicate_box))
    return gtk_label_get_text (self->duplicate_label);
  if (gtk_widget_get_visible (GTK_WIDGET (self->error_label)))
    return gtk_label_get_text (self->error_label);
  return NULL;
}

static void
mc_new_member_dialog_dispose (GObject *object)
{
  McNewMemberDialog *self = MC_NEW_MEMBER_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_NEW_MEMBER_DIALOG);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (mc_new_member_dialog_parent_class)->dispose (object);
}

static void
mc_new_member_dialog_finalize (GObject *object)
{
  McNewMemberDialog *self = MC_NEW_MEMBER_DIALOG (object);

  g_free (self->duplicate_id);
  G_OBJECT_CLASS (mc_new_member_dialog_parent_class)->finalize (object);
}

static void
mc_new_member_dialog_class_init (McNewMemberDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_new_member_dialog_dispose;
  object_class->finalize = mc_new_member_dialog_finalize;

  signals[MEMBER_ADDED] = g_signal_new ("member-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (MC_TYPE_MEMBER_FORM_WIDGET);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-new-member-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, McNewMemberDialog, form);
  gtk_widget_class_bind_template_child (widget_class, McNewMemberDialog, duplicate_box);
  gtk_widget_class_bind_template_child (widget_class, McNewMemberDialog, duplicate_label);
  gtk_widget_class_bind_template_child (widget_class, McNewMemberDialog, error_label);
  gtk_widget_class_install_action (widget_class, "new-member.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "new-member.open-existing", NULL, open_existing_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_new_member_dialog_init (McNewMemberDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (self->form, "changed", G_CALLBACK (form_changed_cb), self, G_CONNECT_SWAPPED);
}

McNewMemberDialog *
mc_new_member_dialog_new (McDb *db)
{
  McNewMemberDialog *self;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  self = g_object_new (MC_TYPE_NEW_MEMBER_DIALOG, NULL);
  self->db = g_object_ref (db);
  return self;
}
