/* mc-member-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The small modal form of one member action: labelled inputs, an inline error, Cancel
 * and a default button. Enter activates the default button, Escape cancels. Each input
 * has a widget name (for tests) and its label as its accessible name.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct _McMemberDialog McMemberDialog;

/* Runs when the default button is activated: TRUE closes the dialog, FALSE with error set
 * shows the error under the inputs and keeps it open. */
typedef gboolean (*McMemberDialogAccept) (McMemberDialog  *dialog,
                                          gpointer         data,
                                          GError         **error);

/* A dialog transient for host's window; data is freed with destroy when it closes. */
McMemberDialog *mc_member_dialog_new          (GtkWidget            *host,
                                               const char           *title,
                                               const char           *intro,
                                               const char           *accept_label,
                                               gboolean              destructive,
                                               McMemberDialogAccept  accept,
                                               gpointer              data,
                                               GDestroyNotify        destroy);
GtkWindow      *mc_member_dialog_get_window   (McMemberDialog       *self);
GtkEntry       *mc_member_dialog_add_entry    (McMemberDialog       *self,
                                               const char           *name,
                                               const char           *label,
                                               const char           *text);
/* items: NULL-terminated. */
GtkDropDown    *mc_member_dialog_add_drop_down (McMemberDialog      *self,
                                                const char          *name,
                                                const char          *label,
                                                const char * const  *items,
                                                guint                selected);
const char     *mc_member_dialog_get_text     (McMemberDialog       *self,
                                               const char           *name);
guint           mc_member_dialog_get_selected (McMemberDialog       *self,
                                               const char           *name);
GtkWidget      *mc_member_dialog_get_accept_button (McMemberDialog  *self);
void            mc_member_dialog_show_error   (McMemberDialog       *self,
                                               const char           *message);
void            mc_member_dialog_present      (McMemberDialog       *self);

G_END_DECLS
