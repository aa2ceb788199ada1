/* mc-backup-preferences.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preferences of automatic backups, bound to GSettings; mc-backup-scheduler.c acts
 * on them.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-backup-preferences.h"

static void
label (GtkWidget  *widget,
       const char *text)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

/* An action row with a spin button for an integer key. */
static GtkWidget *
spin_row (GSettings  *settings,
          const char *key,
          const char *title,
          const char *subtitle,
          double      lower,
          double      upper)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (lower, upper, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  label (spin, title);
  label (row, title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  g_settings_bind (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "backup-auto", row, "sensitive", G_SETTINGS_BIND_GET);
  return row;
}

AdwPreferencesGroup *
mc_backup_preferences_group_new (GSettings *settings)
{
  AdwPreferencesGroup *group;
  GtkWidget *row, *toggle, *folder;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Backups"));
  adw_preferences_group_set_description (group,
    _("A copy of the open workspace, made while you work; only the newest are kept"));

  row = adw_action_row_new ();
  toggle = gtk_switch_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Automatic Backups"));
  gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
  label (toggle, _("Automatic Backups"));
  label (row, _("Automatic Backups"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
  g_settings_bind (settings, "backup-auto", toggle, "active", G_SETTINGS_BIND_DEFAULT);
  adw_preferences_group_add (group, row);

  adw_preferences_group_add (group, spin_row (settings, "backup-interval-hours", _("Every (Hours)"),
                                              _("Hours between two automatic backups"), 1, 720));
  adw_preferences_group_add (group, spin_row (settings, "backup-keep", _("Backups Kept"),
                                              _("Older automatic backups are removed; other files never"),
                                              1, 100));

  folder = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (folder), _("Backup Folder"));
  gtk_widget_set_tooltip_text (folder, _("Empty: a “backups” folder beside the workspace file"));
  label (folder, _("Backup Folder"));
  g_settings_bind (settings, "backup-folder", folder, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "backup-auto", folder, "sensitive", G_SETTINGS_BIND_GET);
  adw_preferences_group_add (group, folder);
  return group;
}
