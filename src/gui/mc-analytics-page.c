/* mc-analytics-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Analytics page's filters, its worker and its exports. A recompute reads the
 * workspace once (mc_analytics_data_load) in a GTask thread on a connection of its own,
 * then computes every report from those arrays; the window stays responsive, a progress
 * bar follows the worker (polled from the main loop), and Cancel or a new recompute stops
 * it. The sections are filled in mc-analytics-sections.c.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-analytics-page-private.h"
#include "mc-error.h"
#include "mc-store.h"
#include "mc-workspace-page.h"

/* The sample of members whose CLV and P(alive) the histograms show. */
#define CLV_SAMPLE 20000

static void mc_analytics_page_workspace_page_init (McWorkspacePageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McAnalyticsPage, mc_analytics_page, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (MC_TYPE_WORKSPACE_PAGE,
                                                      mc_analytics_page_workspace_page_init))

/* Results */

static void
result_clear (gpointer data)
{
  McAnalyticsResult *result = data;

  g_clear_pointer (&result->data, mc_analytics_data_free);
  g_clear_pointer (&result->kpis, mc_kpis_free);
  g_clear_pointer (&result->retention, mc_retention_free);
  g_clear_pointer (&result->retention_series, mc_retention_series_free);
  g_clear_pointer (&result->growth, mc_member_growth_free);
  g_clear_pointer (&result->tiers, mc_tier_mix_free);
  g_clear_pointer (&result->rfm, mc_rfm_free);
  g_clear_pointer (&result->churn, mc_churn_free);
  g_clear_pointer (&result->clv, mc_clv_spread_free);
  g_clear_pointer (&result->clv_error, g_free);
  g_clear_pointer (&result->programme, mc_programme_free);
  g_clear_pointer (&result->store_names, g_strfreev);
  g_clear_pointer (&result->tz, g_time_zone_unref);
}

McAnalyticsResult *
mc_analytics_result_ref (McAnalyticsResult *result)
{
  return g_atomic_rc_box_acquire (result);
}

void
mc_analytics_result_unref (McAnalyticsResult *result)
{
  g_atomic_rc_box_release_full (result, result_clear);
}

/* The worker */

typedef struct
{
  char              *path;
  McRole             role;
  gint64             now;
  guint              range;       /* the period dropdown's position */
  char              *store;       /* a store's name, or NULL */
  char              *tier;        /* a tier's code, or NULL */
  gint              *progress;    /* the page's progress_permille */
  McAnalyticsResult *result;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_free (load->path);
  g_free (load->store);
  g_free (load->tier);
  g_clear_pointer (&load->result, mc_analytics_result_unref);
  g_free (load);
}

static void
set_progress (Load   *load,
              double  fraction)
{
  g_atomic_int_set (load->progress, (gint) CLAMP (fraction * 1000.0, 0.0, 1000.0));
}

static void
data_progress_cb (double   fraction,
                  gpointer user_data)
{
  /* Reading is most of the work: the first 70%. */
  set_progress (user_data, 0.7 * fraction);
}

static gint64
range_start (guint  range,
             gint64 now)
{
  switch (range)
    {
    case 0:
      return now - 30 * (gint64) 86400;
    case 1:
      return now - 90 * (gint64) 86400;
    case 2:
      return now - 365 * (gint64) 86400;
    default:
      return 0;
    }
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  McAnalyticsResult *result = load->result;
  McAnalyticsFilter filter = { 0 };
  McChurnOptions churn_options = MC_CHURN_OPTIONS_INIT;
  McClvValueInputs clv_inputs = { 12, 0.01, 0.3 };
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open_reader (load->path, &error);   /* this thread's own, read-only */
  g_autofree char *store_id = NULL;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mc_db_set_role (db, load->role);
  result->tz = g_time_zone_ref (mc_db_get_time_zone (db));
  if ((result->programme = mc_programme_load_live (db, &error)) == NULL ||
      (result->store_names = mc_store_list_names (db, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (load->store != NULL && (store_id = mc_store_lookup (db, load->store, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  filter.from = range_start (load->range, load->now);
  filter.as_of = load->now;
  filter.store_id = store_id;
  filter.tier = load->tier;
  result->data = mc_analytics_data_load (db, &filter, MC_ANALYTICS_ALL, data_progress_cb, load, cancellable, &error);
  if (result->data == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  result->kpis = mc_kpis_compute (result->data, NAN);
  result->growth = mc_member_growth_compute (result->data);
  result->tiers = mc_tier_mix_compute (result->data);
  set_progress (load, 0.75);
  result->retention = mc_retention_compute (result->data);
  result->retention_series = mc_retention_series_compute (result->retention);
  set_progress (load, 0.8);
  result->rfm = mc_rfm_compute (result->data, NULL);
  set_progress (load, 0.85);
  result->churn = mc_churn_compute (result->data, &churn_options, cancellable);
  if (g_task_return_error_if_cancelled (task))
    return;
  set_progress (load, 0.95);
  result->clv = mc_clv_spread_compute (result->data, &clv_inputs, CLV_SAMPLE, &error);
  if (result->clv == NULL)
    result->clv_error = g_strdup (error != NULL ? error->message : "");
  set_progress (load, 1.0);
  g_task_return_boolean (task, TRUE);
}

static void
stop_progress (McAnalyticsPage *self)
{
  g_clear_handle_id (&self->progress_source, g_source_remove);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_widget_set_visible (self->cancel_button, FALSE);
}

static gboolean
progress_tick_cb (gpointer data)
{
  McAnalyticsPage *self = data;

  gtk_progress_bar_set_fraction (self->progress_bar, g_atomic_int_get (&self->progress_permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

/* The stores and tiers of the workspace in the dropdowns, keeping the choice. */
static void
fill_filters (McAnalyticsPage   *self,
              McAnalyticsResult *result)
{
  g_autoptr(GtkStringList) stores = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) tiers = gtk_string_list_new (NULL);
  GtkStringObject *old_store = gtk_drop_down_get_selected_item (self->store_dropdown);
  guint old_tier = gtk_drop_down_get_selected (self->tier_dropdown);
  g_autofree char *store = old_store != NULL ? g_strdup (gtk_string_object_get_string (old_store)) : NULL;
  guint store_pos = 0;

  self->filling_filters = TRUE;
  gtk_string_list_append (stores, _("All Stores"));
  for (guint i = 0; result->store_names[i] != NULL; i++)
    {
      gtk_string_list_append (stores, result->store_names[i]);
      if (g_strcmp0 (store, result->store_names[i]) == 0)
        store_pos = i + 1;
    }
  gtk_string_list_append (tiers, _("All Tiers"));
  g_strfreev (self->tier_codes);
  self->tier_codes = g_new0 (char *, result->programme->tiers->len + 1);
  for (guint i = 0; i < result->programme->tiers->len; i++)
    {
      McTier *tier = result->programme->tiers->pdata[i];

      gtk_string_list_append (tiers, tier->name);
      self->tier_codes[i] = g_strdup (tier->code);
    }
  gtk_drop_down_set_model (self->store_dropdown, G_LIST_MODEL (stores));
  gtk_drop_down_set_selected (self->store_dropdown, store_pos);
  gtk_drop_down_set_model (self->tier_dropdown, G_LIST_MODEL (tiers));
  gtk_drop_down_set_selected (self->tier_dropdown, old_tier < result->programme->tiers->len + 1 ? old_tier : 0);
  self->filling_filters = FALSE;
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  McAnalyticsPage *self = MC_ANALYTICS_PAGE (source);
  GTask *task = G_TASK (res);
  Load *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  /* A newer recompute (or the page's end) replaced this one. */
  if (g_task_get_cancellable (task) != self->load_cancellable)
    return;
  g_clear_object (&self->load_cancellable);
  stop_progress (self);
  if (!g_task_propagate_boolean (task, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          gtk_label_set_text (self->status_label, _("Recompute cancelled; the figures shown are the previous ones"));
          return;
        }
      {
        g_autofree char *message = g_strdup_printf (_("Could not compute the analytics: %s"), error->message);
        g_autoptr(GError) shown = g_error_new_literal (error->domain, error->code, message);

        gtk_label_set_text (self->status_label, message);
        mc_workspace_page_emit_error (MC_WORKSPACE_PAGE (self), shown);
      }
      return;
    }
  g_clear_pointer (&self->result, mc_analytics_result_unref);
  self->result = mc_analytics_result_ref (load->result);
  fill_filters (self, self->result);
  {
    g_autofree char *from = mc_analytics_day_format (self->result->kpis->from_day);
    g_autofree char *to = mc_analytics_day_format (self->result->kpis->to_day);
    /* TRANSLATORS: the period the figures cover, e.g. "2025-06-01 to 2026-05-31" */
    g_autofree char *text = g_strdup_printf (_("%s to %s"), from, to);

    gtk_label_set_text (self->status_label, text);
  }
  mc_analytics_sections_show (self, self->result);
}

gboolean
mc_analytics_page_reload (McAnalyticsPage  *self,
                          GError          **error)
{
  g_autoptr(GTask) task = NULL;
  Load *load;
  GtkStringObject *store;

  g_return_val_if_fail (MC_IS_ANALYTICS_PAGE (self), FALSE);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  stop_progress (self);
  if (self->db == NULL)
    {
      g_clear_pointer (&self->result, mc_analytics_result_unref);
      mc_analytics_sections_clear (self);
      gtk_label_set_text (self->status_label, "");
      return TRUE;
    }

  load = g_new0 (Load, 1);
  load->path = g_strdup (mc_db_get_path (self->db));
  load->role = mc_db_get_role (self->db);
  load->now = mc_db_now ();
  load->range = gtk_drop_down_get_selected (self->range_dropdown);
  store = gtk_drop_down_get_selected_item (self->store_dropdown);
  if (store != NULL && gtk_drop_down_get_selected (self->store_dropdown) > 0)
    load->store = g_strdup (gtk_string_object_get_string (store));
  if (self->tier_codes != NULL && gtk_drop_down_get_selected (self->tier_dropdown) > 0 &&
      gtk_drop_down_get_selected (self->tier_dropdown) <= g_strv_length (self->tier_codes))
    load->tier = g_strdup (self->tier_codes[gtk_drop_down_get_selected (self->tier_dropdown) - 1]);
  load->progress = &self->progress_permille;
  load->result = g_atomic_rc_box_new0 (McAnalyticsResult);
  g_atomic_int_set (&self->progress_permille, 0);
  self->load_cancellable = g_cancellable_new ();
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  gtk_widget_set_visible (self->cancel_button, TRUE);
  gtk_label_set_text (self->status_label, _("Recomputing…"));
  self->progress_source = g_timeout_add (100, progress_tick_cb, self);
  task = g_task_new (self, self->load_cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, mc_analytics_page_reload);
  g_task_set_task_data (task, load, load_free);
  g_task_run_in_thread (task, load_thread);
  return TRUE;
}

void
mc_analytics_page_cancel (McAnalyticsPage *self)
{
  g_return_if_fail (MC_IS_ANALYTICS_PAGE (self));

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
}

gboolean
mc_analytics_page_is_loading (McAnalyticsPage *self)
{
  g_return_val_if_fail (MC_IS_ANALYTICS_PAGE (self), FALSE);
  return self->load_cancellable != NULL;
}

gboolean
mc_analytics_page_set_db (McAnalyticsPage  *self,
                          McDb             *db,
                          GError          **error)
{
  g_return_val_if_fail (MC_IS_ANALYTICS_PAGE (self), FALSE);
  g_return_val_if_fail (db == NULL || MC_IS_DB (db), FALSE);

  if (db != self->db)
    {
      /* Another workspace: its own stores and tiers. */
      g_clear_pointer (&self->result, mc_analytics_result_unref);
      g_clear_pointer (&self->tier_codes, g_strfreev);
      self->filling_filters = TRUE;
      gtk_drop_down_set_selected (self->store_dropdown, 0);
      gtk_drop_down_set_selected (self->tier_dropdown, 0);
      self->filling_filters = FALSE;
    }
  g_set_object (&self->db, db);
  return mc_analytics_page_reload (self, error);
}

static void
filter_changed_cb (McAnalyticsPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->filling_filters || self->db == NULL)
    return;
  if (!mc_analytics_page_reload (self, &error))
    mc_workspace_page_emit_error (MC_WORKSPACE_PAGE (self), error);
}

gboolean
mc_analytics_page_set_filter (McAnalyticsPage *self,
                              guint            range,
                              const char      *store,
                              const char      *tier)
{
  guint store_pos = 0, tier_pos = 0;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MC_IS_ANALYTICS_PAGE (self), FALSE);
  g_return_val_if_fail (range < 4, FALSE);

  if (store != NULL || tier != NULL)
    {
      GListModel *stores = gtk_drop_down_get_model (self->store_dropdown);
      gboolean found = FALSE;

      if (self->tier_codes == NULL)
        return FALSE;
      for (guint i = 1; store != NULL && stores != NULL && i < g_list_model_get_n_items (stores); i++)
        if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (stores), i), store) == 0)
          store_pos = i, found = TRUE;
      if (store != NULL && !found)
        return FALSE;
      for (guint i = 0; tier != NULL && self->tier_codes[i] != NULL; i++)
        if (g_strcmp0 (self->tier_codes[i], tier) == 0)
          tier_pos = i + 1;
      if (tier != NULL && tier_pos == 0)
        return FALSE;
    }
  self->filling_filters = TRUE;
  gtk_drop_down_set_selected (self->range_dropdown, range);
  gtk_drop_down_set_selected (self->store_dropdown, store_pos);
  gtk_drop_down_set_selected (self->tier_dropdown, tier_pos);
  self->filling_filters = FALSE;
  if (!mc_analytics_page_reload (self, &error))
    {
      mc_workspace_page_emit_error (MC_WORKSPACE_PAGE (self), error);
      return FALSE;
    }
  return TRUE;
}

/* Lookups */

const char *
mc_analytics_page_get_status (McAnalyticsPage *self)
{
  g_return_val_if_fail (MC_IS_ANALYTICS_PAGE (self), NULL);
  return gtk_label_get_text (self->status_label);
}

void
mc_analytics_page_show_section (McAnalyticsPage *self,
                                const char      *name)
{
  g_return_if_fail (MC_IS_ANALYTICS_PAGE (self));
  adw_view_stack_set_visible_child_name (self->stack, name);
}

McChart *
mc_analytics_page_get_chart (McAnalyticsPage *self,
                             const char      *name)
{
  g_return_val_if_fail (MC_IS_ANALYTICS_PAGE (self), NULL);
  return g_hash_table_lookup (self->charts, name);
}

GtkWidget *
mc_analytics_page_get_table (McAnalyticsPage *self,
                             const char      *name)
{
  g_return_val_if_fail (MC_IS_ANALYTICS_PAGE (self), NULL);
  return g_hash_table_lookup (self->tables, name);
}

const char *
mc_analytics_page_get_value (McAnalyticsPage *self,
                             const char      *key)
{
  GtkLabel *label;

  g_return_val_if_fail (MC_IS_ANALYTICS_PAGE (self), NULL);

  label = g_hash_table_lookup (self->values, key);
  return label != NULL ? gtk_label_get_text (label) : NULL;
}

static void
refresh_action_cb (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  filter_changed_cb (MC_ANALYTICS_PAGE (widget));
}

static void
cancel_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  mc_analytics_page_cancel (MC_ANALYTICS_PAGE (widget));
}

/* McWorkspacePage */

static gboolean
workspace_set_db (McWorkspacePage  *page,
                  McDb             *db,
                  GError          **error)
{
  return mc_analytics_page_set_db (MC_ANALYTICS_PAGE (page), db, error);
}

static void
workspace_changed (McWorkspacePage *page)
{
  McAnalyticsPage *self = MC_ANALYTICS_PAGE (page);

  /* Recompute only what is being looked at; the rest waits for the next visit. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    filter_changed_cb (self);
  else if (self->db != NULL)
    g_clear_pointer (&self->result, mc_analytics_result_unref);
}

static void
mc_analytics_page_workspace_page_init (McWorkspacePageInterface *iface)
{
  iface->set_db = workspace_set_db;
  iface->workspace_changed = workspace_changed;
}

static void
mc_analytics_page_map (GtkWidget *widget)
{
  McAnalyticsPage *self = MC_ANALYTICS_PAGE (widget);

  GTK_WIDGET_CLASS (mc_analytics_page_parent_class)->map (widget);
  /* Stale after a change made elsewhere: recompute on the way in. */
  if (self->db != NULL && self->result == NULL && self->load_cancellable == NULL)
    filter_changed_cb (self);
}

static void
mc_analytics_page_dispose (GObject *object)
{
  McAnalyticsPage *self = MC_ANALYTICS_PAGE (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  g_clear_pointer (&self->result, mc_analytics_result_unref);
  g_clear_pointer (&self->charts, g_hash_table_unref);
  g_clear_pointer (&self->tables, g_hash_table_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->tier_codes, g_strfreev);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_ANALYTICS_PAGE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->db);
  G_OBJECT_CLASS (mc_analytics_page_parent_class)->dispose (object);
}

static void
mc_analytics_page_class_init (McAnalyticsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_analytics_page_dispose;
  widget_class->map = mc_analytics_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-analytics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, store_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, tier_dropdown);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, kpis_box);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, kpi_cards);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, retention_box);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, rfm_box);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, churn_box);
  gtk_widget_class_bind_template_child (widget_class, McAnalyticsPage, clv_box);

  gtk_widget_class_install_action (widget_class, "analytics.refresh", NULL, refresh_action_cb);
  gtk_widget_class_install_action (widget_class, "analytics.cancel", NULL, cancel_action_cb);
  gtk_widget_class_install_action (widget_class, "analytics.export", "s", mc_analytics_page_export_action_cb);
  gtk_widget_class_install_action (widget_class, "analytics.export-recall", "s", mc_analytics_page_export_recall_action_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "analytics.refresh", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_analytics_page_init (McAnalyticsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->charts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tables = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Analytics"), -1);
  g_signal_connect_swapped (self->range_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->store_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  g_signal_connect_swapped (self->tier_dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  mc_analytics_sections_build (self);
}

GtkWidget *
mc_analytics_page_new (void)
{
  return g_object_new (MC_TYPE_ANALYTICS_PAGE, NULL);
}
