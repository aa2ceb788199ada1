/* mc-member-form-widget.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member's profile fields with their inline errors (the rules of mc-member-form),
 * shared by the member page's editor and the new member dialog.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-member.h"
#include "mc-member-form.h"

G_BEGIN_DECLS

#define MC_TYPE_MEMBER_FORM_WIDGET (mc_member_form_widget_get_type ())
G_DECLARE_FINAL_TYPE (McMemberFormWidget, mc_member_form_widget, MC, MEMBER_FORM_WIDGET, GtkWidget)

GtkWidget   *mc_member_form_widget_new          (void);
/* Fills the fields from member (NULL: empty); no error shows until a field is edited. */
void         mc_member_form_widget_set_member   (McMemberFormWidget *self,
                                                 const McMember     *member);
/* Copies the fields into the person-editable fields of member. */
void         mc_member_form_widget_apply        (McMemberFormWidget *self,
                                                 McMember           *member);
gboolean     mc_member_form_widget_is_valid     (McMemberFormWidget *self);
/* Shows the error of every field, edited or not (before a save). */
void         mc_member_form_widget_show_errors  (McMemberFormWidget *self);
/* Shows message under the field (an error from the database, e.g. a duplicate); NULL
 * clears it until the next edit. */
void         mc_member_form_widget_set_field_error (McMemberFormWidget *self,
                                                    McMemberField       field,
                                                    const char         *message);
/* The message shown under the field now, or NULL. */
const char  *mc_member_form_widget_get_shown_error (McMemberFormWidget *self,
                                                    McMemberField       field);
/* The text entry of a field (gender has none: NULL); for tests and focus. */
GtkEditable *mc_member_form_widget_get_entry    (McMemberFormWidget *self,
                                                 McMemberField       field);
void         mc_member_form_widget_set_editable (McMemberFormWidget *self,
                                                 gboolean            editable);
/* Whether the fields differ from the member last set. */
gboolean     mc_member_form_widget_is_modified  (McMemberFormWidget *self);

G_END_DECLS
