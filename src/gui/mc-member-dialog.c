/* mc-member-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form of a member action: a modal AdwWindow with a header bar (Cancel, the default
 * button), labelled inputs in a grid and an error line under them.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mc-member-dialog.h"

struct _McMemberDialog
{
  GtkWindow            *window;
  GtkGrid              *grid;
  int                   n_rows;
  GtkLabel             *error_label;
  GtkWidget            *accept_button;
  McMemberDialogAccept  accept;
  gpointer              data;
  GDestroyNotify        destroy;
};

static void
dialog_free (gpointer user_data)
{
  McMemberDialog *self = user_data;

  if (self->destroy != NULL && self->data != NULL)
    self->destroy (self->data);
  g_free (self);
}

static void
accept_clicked_cb (GtkButton      *button,
                   McMemberDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (!gtk_widget_get_sensitive (self->accept_button))
    return;
  if (self->accept (self, self->data, &error))
    {
      gtk_window_destroy (self->window);
      return;
    }
  mc_member_dialog_show_error (self, error != NULL ? error->message : _("That did not work."));
}

McMemberDialog *
mc_member_dialog_new (GtkWidget            *host,
                      const char           *title,
                      const char           *intro,
                      const char           *accept_label,
                      gboolean              destructive,
                      McMemberDialogAccept  accept,
                      gpointer              data,
                      GDestroyNotify        destroy)
{
  McMemberDialog *self = g_new0 (McMemberDialog, 1);
  GtkRoot *root = host != NULL ? gtk_widget_get_root (host) : NULL;
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  g_return_val_if_fail (accept != NULL, NULL);

  self->accept = accept;
  self->data = data;
  self->destroy = destroy;
  self->window = GTK_WINDOW (adw_window_new ());
  gtk_window_set_title (self->window, title);
  gtk_window_set_modal (self->window, TRUE);
  gtk_window_set_default_size (self->window, 420, -1);
  gtk_window_set_destroy_with_parent (self->window, TRUE);
  if (root != NULL && GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (self->window, GTK_WINDOW (root));
  g_object_set_data_full (G_OBJECT (self->window), "mc-member-dialog", self, dialog_free);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);

  self->accept_button = gtk_button_new_with_mnemonic (accept_label);
  gtk_widget_set_name (self->accept_button, "accept");
  gtk_widget_add_css_class (self->accept_button, destructive ? "destructive-action" : "suggested-action");
  g_signal_connect (self->accept_button, "clicked", G_CALLBACK (accept_clicked_cb), self);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->accept_button);
  gtk_window_set_default_widget (self->window, self->accept_button);

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  if (intro != NULL)
    {
      GtkWidget *label = gtk_label_new (intro);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (content), label);
    }
  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_row_spacing (self->grid, 6);
  gtk_grid_set_column_spacing (self->grid, 12);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->grid));
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->error_label), "error");
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_max_width_chars (self->error_label, 50);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->error_label));

  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), content);
  adw_window_set_content (ADW_WINDOW (self->window), box);

  /* Escape cancels. */
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (GTK_WIDGET (self->window), shortcuts);
  return self;
}

GtkWindow *
mc_member_dialog_get_window (McMemberDialog *self)
{
  return self->window;
}

GtkWidget *
mc_member_dialog_get_accept_button (McMemberDialog *self)
{
  return self->accept_button;
}

static void
add_row (McMemberDialog *self,
         const char     *name,
         const char     *label_text,
         GtkWidget      *input)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (label_text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), input);
  gtk_widget_set_name (input, name);
  gtk_widget_set_hexpand (input, TRUE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (input),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_grid_attach (self->grid, label, 0, self->n_rows, 1, 1);
  gtk_grid_attach (self->grid, input, 1, self->n_rows, 1, 1);
  /* The first input has the focus, not a header bar button. */
  if (self->n_rows == 0)
    gtk_window_set_focus (self->window, input);
  self->n_rows++;
  g_object_set_data (G_OBJECT (self->window), name, input);
}

GtkEntry *
mc_member_dialog_add_entry (McMemberDialog *self,
                            const char     *name,
                            const char     *label,
                            const char     *text)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), text);
  add_row (self, name, label, entry);
  return GTK_ENTRY (entry);
}

GtkDropDown *
mc_member_dialog_add_drop_down (McMemberDialog     *self,
                                const char         *name,
                                const char         *label,
                                const char * const *items,
                                guint               selected)
{
  GtkWidget *drop_down = gtk_drop_down_new_from_strings (items);

  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), selected);
  add_row (self, name, label, drop_down);
  return GTK_DROP_DOWN (drop_down);
}

const char *
mc_member_dialog_get_text (McMemberDialog *self,
                           const char     *name)
{
  GtkWidget *entry = g_object_get_data (G_OBJECT (self->window), name);

  g_return_val_if_fail (GTK_IS_EDITABLE (entry), "");
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

guint
mc_member_dialog_get_selected (McMemberDialog *self,
                               const char     *name)
{
  GtkWidget *drop_down = g_object_get_data (G_OBJECT (self->window), name);

  g_return_val_if_fail (GTK_IS_DROP_DOWN (drop_down), GTK_INVALID_LIST_POSITION);
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (drop_down));
}

void
mc_member_dialog_show_error (McMemberDialog *self,
                             const char     *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL && message[0] != '\0');
}

void
mc_member_dialog_present (McMemberDialog *self)
{
  gtk_window_present (self->window);
}
