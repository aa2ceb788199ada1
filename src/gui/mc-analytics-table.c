/* mc-analytics-table.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rows are GtkStringObjects holding the cells joined by a unit separator (U+001F);
 * each column's factory shows its own field.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <string.h>

#include "mc-analytics-table.h"
#include "mc-csv.h"

#define SEP "\x1f"

struct _McAnalyticsTable
{
  GtkWidget      parent_instance;

  GtkColumnView *view;
  GListStore    *rows;
  GStrv          headers;
};

G_DEFINE_FINAL_TYPE (McAnalyticsTable, mc_analytics_table, GTK_TYPE_WIDGET)

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), GPOINTER_TO_UINT (data) == 0 ? 0.0f : 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         gpointer                  data)
{
  GtkStringObject *row = gtk_list_item_get_item (item);
  g_auto(GStrv) cells = g_strsplit (gtk_string_object_get_string (row), SEP, -1);
  guint column = GPOINTER_TO_UINT (data);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      column < g_strv_length (cells) ? cells[column] : "");
}

GtkWidget *
mc_analytics_table_new (const char * const *headers,
                        const char         *accessible_name)
{
  McAnalyticsTable *self = g_object_new (MC_TYPE_ANALYTICS_TABLE, NULL);

  g_return_val_if_fail (headers != NULL, NULL);

  self->headers = g_strdupv ((char **) headers);
  for (guint i = 0; headers[i] != NULL; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), GUINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), GUINT_TO_POINTER (i));
      column = gtk_column_view_column_new (headers[i], factory);
      gtk_column_view_column_set_expand (column, i == 0);
      gtk_column_view_append_column (self->view, column);
      g_object_unref (column);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  return GTK_WIDGET (self);
}

void
mc_analytics_table_clear (McAnalyticsTable *self)
{
  g_return_if_fail (MC_IS_ANALYTICS_TABLE (self));
  g_list_store_remove_all (self->rows);
}

void
mc_analytics_table_add_row (McAnalyticsTable   *self,
                            const char * const *cells)
{
  g_autofree char *joined = NULL;
  g_autoptr(GtkStringObject) row = NULL;

  g_return_if_fail (MC_IS_ANALYTICS_TABLE (self));
  g_return_if_fail (cells != NULL);

  joined = g_strjoinv (SEP, (char **) cells);
  row = gtk_string_object_new (joined);
  g_list_store_append (self->rows, row);
}

guint
mc_analytics_table_get_n_rows (McAnalyticsTable *self)
{
  g_return_val_if_fail (MC_IS_ANALYTICS_TABLE (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

const char *
mc_analytics_table_get_cell (McAnalyticsTable *self,
                             guint             row,
                             guint             column)
{
  g_autoptr(GtkStringObject) item = NULL;
  const char *text;

  g_return_val_if_fail (MC_IS_ANALYTICS_TABLE (self), NULL);

  item = g_list_model_get_item (G_LIST_MODEL (self->rows), row);
  if (item == NULL)
    return NULL;
  text = gtk_string_object_get_string (item);
  for (guint i = 0; i < column && text != NULL; i++)
    {
      text = strstr (text, SEP);
      if (text != NULL)
        text += strlen (SEP);
    }
  if (text == NULL)
    return NULL;
  /* A field up to the next separator: kept on the object as its own string. */
  {
    const char *end = strstr (text, SEP);
    char *field = end != NULL ? g_strndup (text, (gsize) (end - text)) : g_strdup (text);
    g_autofree char *key = g_strdup_printf ("cell-%u", column);

    g_object_set_data_full (G_OBJECT (item), key, field, g_free);
    return field;
  }
}

char *
mc_analytics_table_to_csv (McAnalyticsTable *self)
{
  GString *out = g_string_new (NULL);
  guint n_columns;

  g_return_val_if_fail (MC_IS_ANALYTICS_TABLE (self), NULL);

  n_columns = g_strv_length (self->headers);
  mc_csv_append_row (out, (const char * const *) self->headers, n_columns);
  for (guint i = 0; i < mc_analytics_table_get_n_rows (self); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->rows), i);
      g_auto(GStrv) cells = g_strsplit (gtk_string_object_get_string (item), SEP, -1);

      mc_csv_append_row (out, (const char * const *) cells, MIN (g_strv_length (cells), n_columns));
    }
  return g_string_free (out, FALSE);
}

static void
mc_analytics_table_dispose (GObject *object)
{
  McAnalyticsTable *self = MC_ANALYTICS_TABLE (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->rows);
  G_OBJECT_CLASS (mc_analytics_table_parent_class)->dispose (object);
}

static void
mc_analytics_table_finalize (GObject *object)
{
  McAnalyticsTable *self = MC_ANALYTICS_TABLE (object);

  g_strfreev (self->headers);
  G_OBJECT_CLASS (mc_analytics_table_parent_class)->finalize (object);
}

static void
mc_analytics_table_class_init (McAnalyticsTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_analytics_table_dispose;
  object_class->finalize = mc_analytics_table_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mc_analytics_table_init (McAnalyticsTable *self)
{
  GtkSelectionModel *selection;

  self->rows = g_list_store_new (GTK_TYPE_STRING_OBJECT);
  selection = GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->rows))));
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (selection));
  gtk_column_view_set_reorderable (self->view, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "card");
  gtk_widget_set_parent (GTK_WIDGET (self->view), GTK_WIDGET (self));
}
