/* mc-member-rows.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Words for the codes in the ledgers ("earn"), on tags ("behaviour") and member actions
 * ("share_bought"); an unknown code is shown as it is. */
const char *mc_member_rows_ledger_kind      (const char *kind);
const char *mc_member_rows_tag_kind         (const char *kind);
const char *mc_member_rows_action           (const char *action);

void        mc_member_rows_clear            (GtkListBox *list);
/* An AdwActionRow with a title, an optional subtitle and an optional value at its end. */
GtkWidget  *mc_member_rows_add              (GtkListBox *list,
                                             const char *title,
                                             const char *subtitle,
                                             const char *value);
void        mc_member_rows_add_placeholder  (GtkListBox *list,
                                             const char *text);
/* 1234 -> "+1,234", -5 -> "-5" */
char       *mc_member_rows_format_signed    (gint64      delta);

G_END_DECLS
