/* mc-member-rows.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member page's lists: rows of a GtkListBox, and the words shown for the codes the
 * core stores (ledger kinds, tag kinds, member actions).
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mc-gui.h"
#include "mc-member-rows.h"

const char *
mc_member_rows_ledger_kind (const char *kind)
{
  static const struct { const char *kind; const char *display; } kinds[] = {
    { "earn", N_("Earned") }, { "reward", N_("Reward") }, { "adjust", N_("Adjustment") },
    { "redeem", N_("Redeemed") }, { "refund", N_("Refund") }, { "expire", N_("Expired") },
    { "order", N_("Order") }, { "action", N_("Action") }, { "violation", N_("Violation") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return _(kinds[i].display);
  return kind != NULL ? kind : "";
}

const char *
mc_member_rows_tag_kind (const char *kind)
{
  static const struct { const char *kind; const char *display; } kinds[] = {
    { "basic", N_("Basic") }, { "behaviour", N_("Behaviour") }, { "interest", N_("Interest") },
  };

  if (g_strcmp0 (kind, "value") == 0)
    return C_("tag kind", "Value");
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i].kind, kind) == 0)
      return _(kinds[i].display);
  return kind != NULL ? kind : "";
}

/* What a member did, for a growth entry earned by an action (its reason is the action). */
const char *
mc_member_rows_action (const char *action)
{
  static const struct { const char *action; const char *display; } actions[] = {
    { "visit", N_("Store visit") }, { "login", N_("Login") }, { "checkin", N_("Check-in") },
    { "share", N_("Shared an item") }, { "invite", N_("Invited a friend") },
    { "share_bought", N_("A shared item was bought") }, { "like", N_("Like") },
    { "benefit_used", N_("Benefit used") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_strcmp0 (actions[i].action, action) == 0)
      return _(actions[i].display);
  return action;
}

void
mc_member_rows_clear (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

GtkWidget *
mc_member_rows_add (GtkListBox *list,
         const char *title,
         const char *subtitle,
         const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && subtitle[0] != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_widget_add_css_class (label, "numeric");
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  gtk_list_box_append (list, row);
  return row;
}

void
mc_member_rows_add_placeholder (GtkListBox *list,
                 const char *text)
{
  GtkWidget *row = mc_member_rows_add (list, text, NULL, NULL);

  gtk_widget_add_css_class (row, "dim-label");
}

char *
mc_member_rows_format_signed (gint64 delta)
{
  g_autofree char *count = mc_gui_format_count (delta);

  return delta > 0 ? g_strconcat ("+", count, NULL) : g_steal_pointer (&count);
}
