/* mc-analytics-table.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small read-only table of text (a report's rows: RFM segments, churn groups) in a
 * GtkColumnView, that exports what it shows as CSV.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MC_TYPE_ANALYTICS_TABLE (mc_analytics_table_get_type ())
G_DECLARE_FINAL_TYPE (McAnalyticsTable, mc_analytics_table, MC, ANALYTICS_TABLE, GtkWidget)

/* headers: the column titles (NULL-terminated); accessible_name: what the table is. */
GtkWidget *mc_analytics_table_new       (const char * const *headers,
                                         const char         *accessible_name);
/* Replaces the rows; each row has one text per column. */
void       mc_analytics_table_clear     (McAnalyticsTable   *self);
void       mc_analytics_table_add_row   (McAnalyticsTable   *self,
                                         const char * const *cells);
guint      mc_analytics_table_get_n_rows (McAnalyticsTable  *self);
const char *mc_analytics_table_get_cell (McAnalyticsTable   *self,
                                         guint               row,
                                         guint               column);
/* The header and the rows as CSV (CRLF line ends). */
char      *mc_analytics_table_to_csv    (McAnalyticsTable   *self);

G_END_DECLS
