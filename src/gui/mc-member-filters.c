/* mc-member-filters.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member list's filters beyond the tier: tag, store, status and "birthday this month"
 * (the month in the workspace's time zone). Shown in a popover beside the search entry;
 * "changed" when any of them changes, and mc_member_filters_apply() puts them in a query.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-member-filters.h"

struct _McMemberFilters
{
  GtkWidget       parent_instance;

  McDb           *db;
  GPtrArray      *tag_ids;     /* parallel to tag_filter's items; [0] NULL: any */
  GPtrArray      *store_ids;   /* parallel to store_filter's items; [0] NULL: any */
  gboolean        resetting;

  GtkDropDown    *tag_filter;
  GtkDropDown    *store_filter;
  GtkDropDown    *status_filter;
  GtkCheckButton *birthday_check;
};

G_DEFINE_FINAL_TYPE (McMemberFilters, mc_member_filters, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The status filter's items, in McMemberStatusFilter order. */
static const char *const status_names[] = {
  [MC_MEMBER_STATUS_ANY] = N_("Any Status"),
  [MC_MEMBER_STATUS_ACTIVE] = N_("Active"),
  [MC_MEMBER_STATUS_FROZEN] = N_("Frozen"),
  [MC_MEMBER_STATUS_ERASED] = N_("Erased"),
};

static void
filter_changed_cb (McMemberFilters *self)
{
  if (!self->resetting)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
clear_clicked_cb (McMemberFilters *self)
{
  mc_member_filters_clear (self);
}

static GPtrArray *
fill_choices (GtkDropDown *drop_down,
              const char  *any,
              GPtrArray   *choices)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  gtk_string_list_append (names, any);
  g_ptr_array_add (ids, NULL);
  for (guint i = 0; choices != NULL && i < choices->len; i++)
    {
      McMemberQueryChoice *choice = g_ptr_array_index (choices, i);

      gtk_string_list_append (names, choice->name);
      g_ptr_array_add (ids, g_strdup (choice->id));
    }
  gtk_drop_down_set_model (drop_down, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (drop_down, 0);
  return ids;
}

gboolean
mc_member_filters_set_db (McMemberFilters  *self,
                          McDb             *db,
                          GError          **error)
{
  g_autoptr(GPtrArray) tags = NULL;
  g_autoptr(GPtrArray) stores = NULL;

  g_return_val_if_fail (MC_IS_MEMBER_FILTERS (self), FALSE);
  g_return_val_if_fail (db == NULL || MC_IS_DB (db), FALSE);

  if (db != NULL)
    {
      tags = mc_member_query_list_tags (db, error);
      if (tags == NULL)
        return FALSE;
      stores = mc_member_query_list_stores (db, error);
      if (stores == NULL)
        return FALSE;
    }
  g_set_object (&self->db, db);

  self->resetting = TRUE;
  g_clear_pointer (&self->tag_ids, g_ptr_array_unref);
  self->tag_ids = fill_choices (self->tag_filter, _("Any Tag"), tags);
  g_clear_pointer (&self->store_ids, g_ptr_array_unref);
  self->store_ids = fill_choices (self->store_filter, _("All Stores"), stores);
  gtk_drop_down_set_selected (self->status_filter, MC_MEMBER_STATUS_ANY);
  gtk_check_button_set_active (self->birthday_check, FALSE);
  self->resetting = FALSE;
  return TRUE;
}

static const char *
selected_id (GtkDropDown *drop_down,
             GPtrArray   *ids)
{
  guint i = gtk_drop_down_get_selected (drop_down);

  return ids != NULL && i < ids->len ? g_ptr_array_index (ids, i) : NULL;
}

void
mc_member_filters_apply (McMemberFilters *self,
                         McMemberQuery   *query)
{
  guint status;

  g_return_if_fail (MC_IS_MEMBER_FILTERS (self));
  g_return_if_fail (query != NULL);

  g_free (query->tag);
  query->tag = g_strdup (selected_id (self->tag_filter, self->tag_ids));
  g_free (query->store);
  query->store = g_strdup (selected_id (self->store_filter, self->store_ids));
  status = gtk_drop_down_get_selected (self->status_filter);
  query->status = status < G_N_ELEMENTS (status_names) ? (McMemberStatusFilter) status
                                                       : MC_MEMBER_STATUS_ANY;
  query->birthday_month = gtk_check_button_get_active (self->birthday_check) && self->db != NULL
                          ? mc_member_query_month_now (self->db) : 0;
}

guint
mc_member_filters_get_n_active (McMemberFilters *self)
{
  g_autoptr(McMemberQuery) query = mc_member_query_new ();

  g_return_val_if_fail (MC_IS_MEMBER_FILTERS (self), 0);

  mc_member_filters_apply (self, query);
  return (query->tag != NULL) + (query->store != NULL) +
         (query->status != MC_MEMBER_STATUS_ANY) + (query->birthday_month != 0);
}

void
mc_member_filters_clear (McMemberFilters *self)
{
  g_return_if_fail (MC_IS_MEMBER_FILTERS (self));

  if (mc_member_filters_get_n_active (self) == 0)
    return;
  self->resetting = TRUE;
  gtk_drop_down_set_selected (self->tag_filter, 0);
  gtk_drop_down_set_selected (self->store_filter, 0);
  gtk_drop_down_set_selected (self->status_filter, MC_MEMBER_STATUS_ANY);
  gtk_check_button_set_active (self->birthday_check, FALSE);
  self->resetting = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
}

GtkDropDown *
mc_member_filters_get_tag_filter (McMemberFilters *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_FILTERS (self), NULL);
  return self->tag_filter;
}

GtkDropDown *
mc_member_filters_get_store_filter (McMemberFilters *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_FILTERS (self), NULL);
  return self->store_filter;
}

GtkDropDown *
mc_member_filters_get_status_filter (McMemberFilters *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_FILTERS (self), NULL);
  return self->status_filter;
}

GtkCheckButton *
mc_member_filters_get_birthday_check (McMemberFilters *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_FILTERS (self), NULL);
  return self->birthday_check;
}

GtkWidget *
mc_member_filters_new (void)
{
  return g_object_new (MC_TYPE_MEMBER_FILTERS, NULL);
}

static void
mc_member_filters_dispose (GObject *object)
{
  McMemberFilters *self = MC_MEMBER_FILTERS (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_MEMBER_FILTERS);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (mc_member_filters_parent_class)->dispose (object);
}

static void
mc_member_filters_finalize (GObject *object)
{
  McMemberFilters *self = MC_MEMBER_FILTERS (object);

  g_clear_pointer (&self->tag_ids, g_ptr_array_unref);
  g_clear_pointer (&self->store_ids, g_ptr_array_unref);
  G_OBJECT_CLASS (mc_member_filters_parent_class)->finalize (object);
}

static void
mc_member_filters_class_init (McMemberFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_member_filters_dispose;
  object_class->finalize = mc_member_filters_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-member-filters.ui");
  gtk_widget_class_bind_template_child (widget_class, McMemberFilters, tag_filter);
  gtk_widget_class_bind_template_child (widget_class, McMemberFilters, store_filter);
  gtk_widget_class_bind_template_child (widget_class, McMemberFilters, status_filter);
  gtk_widget_class_bind_template_child (widget_class, McMemberFilters, birthday_check);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_clicked_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_member_filters_init (McMemberFilters *self)
{
  g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Member filters"), -1);
  self->resetting = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    gtk_string_list_append (statuses, _(status_names[i]));
  gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (statuses));
  self->resetting = FALSE;
  mc_member_filters_set_db (self, NULL, NULL);
}
