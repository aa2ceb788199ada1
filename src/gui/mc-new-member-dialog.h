/* mc-new-member-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Adds a member: the profile form with its inline errors; a phone number that already
 * belongs to a member creates nothing and offers to open that member (win.open-member on
 * the window the dialog belongs to).
 */
#pragma once

#include <adwaita.h>

#include "mc-db.h"
#include "mc-member-form-widget.h"

G_BEGIN_DECLS

#define MC_TYPE_NEW_MEMBER_DIALOG (mc_new_member_dialog_get_type ())
G_DECLARE_FINAL_TYPE (McNewMemberDialog, mc_new_member_dialog, MC, NEW_MEMBER_DIALOG, AdwWindow)

McNewMemberDialog  *mc_new_member_dialog_new      (McDb              *db);
/* As the Add button does; emits "member-added" (the new id) and closes on success. */
void                mc_new_member_dialog_save     (McNewMemberDialog *self);
McMemberFormWidget *mc_new_member_dialog_get_form (McNewMemberDialog *self);
/* The member whose phone was typed, after a refused save; NULL otherwise. */
const char         *mc_new_member_dialog_get_duplicate_id (McNewMemberDialog *self);
const char         *mc_new_member_dialog_get_message      (McNewMemberDialog *self);

G_END_DECLS
