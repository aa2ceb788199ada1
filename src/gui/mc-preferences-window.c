/* mc-preferences-window.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences: the role (what this person may see and do), the store this console records
 * orders for, how amounts of money are written, and the time zone dates are shown in, all
 * bound to GSettings.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-backup-preferences.h"
#include "mc-preferences-window.h"
#include "mc-role.h"

struct _McPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;
  GSettings            *settings;
  AdwComboRow          *role_row;
  AdwComboRow          *time_zone_row;
  GtkStringList        *time_zones;
  AdwEntryRow          *store_row;
  AdwComboRow          *currency_row;
};

static const char * const currency_modes[] = { "yuan", "yuan-word", "cny" };

static gboolean
currency_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  const char *mode = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (currency_modes); i++)
    if (g_str_equal (mode, currency_modes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
currency_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  return g_variant_new_string (currency_modes[i < G_N_ELEMENTS (currency_modes) ? i : 0]);
}

G_DEFINE_FINAL_TYPE (McPreferencesWindow, mc_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const McRole roles[] = { MC_ROLE_OWNER, MC_ROLE_MANAGER, MC_ROLE_ANALYST, MC_ROLE_CLERK };

static const char * const common_time_zones[] = {
  "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Taipei", "Asia/Singapore", "Asia/Tokyo",
  "Asia/Seoul", "Europe/London", "Europe/Berlin", "America/New_York", "America/Los_Angeles",
  "UTC", NULL,
};

static gboolean
role_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  McRole role;

  if (!mc_role_from_string (g_variant_get_string (variant, NULL), &role))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    if (roles[i] == role)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
role_set_mapping (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  guint i = g_value_get_uint (value);

  if (i >= G_N_ELEMENTS (roles))
    return NULL;
  return g_variant_new_string (mc_role_to_string (roles[i]));
}

static guint
zone_index (McPreferencesWindow *self,
            const char          *zone)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->time_zones));

  for (guint i = 0; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->time_zones, i), zone))
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static gboolean
zone_get_mapping (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  guint i = zone_index (user_data, g_variant_get_string (variant, NULL));

  if (i == GTK_INVALID_LIST_POSITION)
    return FALSE;
  g_value_set_uint (value, i);
  return TRUE;
}

static GVariant *
zone_set_mapping (const GValue       *value,
                  const GVariantType *type,
                  gpointer            user_data)
{
  McPreferencesWindow *self = user_data;
  const char *zone = gtk_string_list_get_string (self->time_zones, g_value_get_uint (value));

  return zone != NULL ? g_variant_new_string (zone) : NULL;
}

static void
mc_preferences_window_dispose (GObject *object)
{
  McPreferencesWindow *self = MC_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->time_zones);
  G_OBJECT_CLASS (mc_preferences_window_parent_class)->dispose (object);
}

static void
mc_preferences_window_class_init (McPreferencesWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mc_preferences_window_dispose;
}

static void
mc_preferences_window_init (McPreferencesWindow *self)
{
}

McPreferencesWindow *
mc_preferences_window_new (GSettings *settings)
{
  McPreferencesWindow *self;
  g_autoptr(GtkStringList) role_names = gtk_string_list_new (NULL);
  g_autofree char *current_zone = NULL;
  AdwPreferencesPage *page;
  AdwPreferencesGroup *group;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MC_TYPE_PREFERENCES_WINDOW, "modal", TRUE,
                       "search-enabled", FALSE, NULL);
  self->settings = g_object_ref (settings);

  page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  adw_preferences_page_set_title (page, _("General"));
  adw_preferences_page_set_icon_name (page, "preferences-system-symbolic");

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Access"));
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    gtk_string_list_append (role_names, mc_role_display (roles[i]));
  self->role_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->role_row), _("Role"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->role_row),
                               _("Analysts see phone numbers and other personal data masked"));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (role_names));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->role_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Role"), -1);
  adw_preferences_group_add (group, GTK_WIDGET (self->role_row));
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Dates and Times"));
  self->time_zones = gtk_string_list_new ((const char * const *) common_time_zones);
  current_zone = g_settings_get_string (settings, "time-zone");
  if (zone_index (self, current_zone) == GTK_INVALID_LIST_POSITION)
    gtk_string_list_append (self->time_zones, current_zone);
  self->time_zone_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->time_zone_row), _("Time Zone"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->time_zone_row),
                               _("Dates and times are shown in this time zone"));
  adw_combo_row_set_model (self->time_zone_row, G_LIST_MODEL (self->time_zones));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->time_zone_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Time Zone"), -1);
  adw_preferences_group_add (group, GTK_WIDGET (self->time_zone_row));
  adw_preferences_page_add (page, group);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Store"));
  self->store_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->store_row), _("Store Name"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->store_row),
                               _("The store a new purchase is recorded for, unless another is chosen"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->store_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Store Name"), -1);
  adw_preferences_group_add (group, GTK_WIDGET (self->store_row));
  {
    g_autoptr(GtkStringList) examples = gtk_string_list_new (NULL);

    /* The three ways of writing ¥1,234.56, as mc_gui_format_money() writes them. */
    gtk_string_list_append (examples, "¥1,234.56");
    gtk_string_list_append (examples, _("1,234.56 yuan"));
    gtk_string_list_append (examples, "CNY 1,234.56");
    self->currency_row = ADW_COMBO_ROW (adw_combo_row_new ());
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->currency_row), _("Amounts"));
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->currency_row),
                                 _("How amounts of money are written"));
    adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (examples));
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->currency_row),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Amounts"), -1);
    adw_preferences_group_add (group, GTK_WIDGET (self->currency_row));
  }
  adw_preferences_page_add (page, group);
  adw_preferences_page_add (page, mc_backup_preferences_group_new (settings));

  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), page);

  g_settings_bind_with_mapping (settings, "role", self->role_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, role_get_mapping, role_set_mapping,
                                NULL, NULL);
  g_settings_bind (settings, "store-name", self->store_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (settings, "currency-display", self->currency_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, currency_get_mapping, currency_set_mapping,
                                NULL, NULL);
  g_settings_bind_with_mapping (settings, "time-zone", self->time_zone_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, zone_get_mapping, zone_set_mapping,
                                self, NULL);
  return self;
}
