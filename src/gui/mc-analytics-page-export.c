/* mc-analytics-page-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Analytics page's exports: a chart to PNG, SVG, PDF or CSV and a table to CSV (the
 * "analytics.export" action asks where in a file chooser), and the recall list of a churn
 * group, only its members who consented to marketing, written in a worker on a read-only
 * connection ("analytics.export-recall").
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-analytics-page-private.h"
#include "mc-error.h"
#include "mc-workspace-page.h"

/* Export */

gboolean
mc_analytics_page_export (McAnalyticsPage     *self,
                          const char          *name,
                          McChartExportFormat  format,
                          const char          *path,
                          GError             **error)
{
  McChart *chart;
  GtkWidget *table;

  g_return_val_if_fail (MC_IS_ANALYTICS_PAGE (self), FALSE);

  if ((chart = g_hash_table_lookup (self->charts, name)) != NULL)
    return mc_chart_export (chart, format, path, 960, 540, FALSE, error);
  if ((table = g_hash_table_lookup (self->tables, name)) != NULL)
    {
      g_autofree char *csv = mc_analytics_table_to_csv (MC_ANALYTICS_TABLE (table));
      g_autoptr(GError) local = NULL;

      if (!g_file_set_contents (path, csv, -1, &local))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_IO, _("Could not write the table to “%s”: %s"), path,
                       local->message);
          return FALSE;
        }
      return TRUE;
    }
  g_set_error (error, MC_ERROR, MC_ERROR_NOT_FOUND, _("There is no chart or table called “%s”"), name);
  return FALSE;
}

static const struct
{
  const char         *suffix;
  McChartExportFormat format;
} formats[] = {
  { "png", MC_CHART_EXPORT_PNG },
  { "svg", MC_CHART_EXPORT_SVG },
  { "pdf", MC_CHART_EXPORT_PDF },
  { "csv", MC_CHART_EXPORT_CSV },
};

/* A chooser is let go after its "response" has been handled, not inside it. */
static void
drop_chooser (GtkNativeDialog *chooser)
{
  gtk_native_dialog_destroy (chooser);
  g_idle_add_once ((GSourceOnceFunc) g_object_unref, chooser);
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    McAnalyticsPage *self)
{
  const char *target = g_object_get_data (G_OBJECT (chooser), "target");
  g_auto(GStrv) parts = g_strsplit (target, ":", 2);
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL &&
      (path = g_file_get_path (file)) != NULL)
    {
      McChartExportFormat format = MC_CHART_EXPORT_CSV;

      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        if (g_strcmp0 (parts[1], formats[i].suffix) == 0)
          format = formats[i].format;
      if (!mc_analytics_page_export (self, parts[0], format, path, &error))
        mc_workspace_page_emit_error (MC_WORKSPACE_PAGE (self), error);
      else
        {
          g_autofree char *base = g_file_get_basename (file);
          /* TRANSLATORS: %s is a file name */
          g_autofree char *text = g_strdup_printf (_("Saved “%s”"), base);

          gtk_label_set_text (self->status_label, text);
        }
    }
  drop_chooser (chooser);
}

/* "analytics.export" with "name:format" ("cohorts:png", "rfm:csv"). */
void
mc_analytics_page_export_action_cb (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  McAnalyticsPage *self = MC_ANALYTICS_PAGE (widget);
  const char *target = g_variant_get_string (parameter, NULL);
  g_auto(GStrv) parts = g_strsplit (target, ":", 2);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *name = NULL;

  if (g_strv_length (parts) != 2)
    return;
  chooser = gtk_file_chooser_native_new (_("Export"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s.%s", parts[0], parts[1]);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "target", g_strdup (target), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* The recall list: the consented members of a churn group, written in a worker. */

typedef struct
{
  char              *db_path;
  McRole             role;
  char              *path;
  McChurnGroup       group;
  McAnalyticsResult *result;
  gint64             rows;
} Recall;

static void
recall_free (gpointer data)
{
  Recall *recall = data;

  g_free (recall->db_path);
  g_free (recall->path);
  g_clear_pointer (&recall->result, mc_analytics_result_unref);
  g_free (recall);
}

static void
recall_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Recall *recall = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open_reader (recall->db_path, &error);

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mc_db_set_role (db, recall->role);
  recall->rows = mc_churn_export (db, recall->result->data, recall->result->churn, recall->group, recall->path, &error);
  if (recall->rows < 0)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
recall_done_cb (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  McAnalyticsPage *self = MC_ANALYTICS_PAGE (source);
  Recall *recall = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      mc_workspace_page_emit_error (MC_WORKSPACE_PAGE (self), error);
      return;
    }
  {
    g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, recall->rows);
    g_autofree char *base = g_path_get_basename (recall->path);
    /* TRANSLATORS: e.g. "Wrote 1,234 consenting members to “recall.csv”" */
    g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %s consenting member to “%s”",
                                                          "Wrote %s consenting members to “%s”", (gulong) recall->rows),
                                             count, base);

    gtk_label_set_text (self->status_label, text);
  }
}

static void
recall_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    McAnalyticsPage *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->result != NULL && self->db != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser))) != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, recall_done_cb, NULL);
      Recall *recall = g_new0 (Recall, 1);

      recall->db_path = g_strdup (mc_db_get_path (self->db));
      recall->role = mc_db_get_role (self->db);
      recall->path = g_file_get_path (file);
      recall->group = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "group"));
      recall->result = mc_analytics_result_ref (self->result);
      g_task_set_task_data (task, recall, recall_free);
      g_task_run_in_thread (task, recall_thread);
    }
  drop_chooser (chooser);
}

/* "analytics.export-recall" with a group's name ("high_value_dormant", or "all"). */
void
mc_analytics_page_export_recall_action_cb (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  McAnalyticsPage *self = MC_ANALYTICS_PAGE (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  McChurnGroup group = MC_CHURN_GROUP_NONE;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autofree char *file = NULL;

  if (self->result == NULL)
    return;
  for (guint g = 1; g < MC_CHURN_N_GROUPS; g++)
    if (g_strcmp0 (name, mc_churn_group_name (g)) == 0)
      group = g;
  chooser = gtk_file_chooser_native_new (_("Export the Recall List"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* TRANSLATORS: the suggested file name of a recall list; %s is the group ("high_value_dormant") */
  file = g_strdup_printf (_("recall-%s.csv"), name);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "group", GUINT_TO_POINTER (group));
  g_signal_connect_object (chooser, "response", G_CALLBACK (recall_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
