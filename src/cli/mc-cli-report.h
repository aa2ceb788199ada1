/* mc-cli-report.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the report commands (mc-cli-report.c, mc-cli-report-clv.c).
 */
#pragma once

#include "mc-analytics-data.h"
#include "mc-cli.h"

G_BEGIN_DECLS

/* The options every report takes: --as-of, --from, --to, --store, --tier. */
typedef struct
{
  char *as_of;
  char *from;
  char *to;
  char *store;
  char *tier;
} McCliReportOptions;

/* Adds the filter options to entries (which must have room for 6 more, the last NULL). */
void     mc_cli_report_add_filter_entries (GOptionEntry        *entries,
                                           McCliReportOptions  *options);
/* The options as a filter, after mc_cli_begin (); the strings stay owned by options. */
gboolean mc_cli_report_filter             (McCli               *cli,
                                           McCliReportOptions  *options,
                                           McAnalyticsFilter   *filter,
                                           GError             **error);
void     mc_cli_report_options_clear      (McCliReportOptions  *options);
/* The progress callback for the reports: a percentage on stderr when it is a terminal. */
void     mc_cli_report_progress           (double               fraction,
                                           gpointer             user_data);
/* A rate as "12.3%", or "-" without data; newly allocated. */
char    *mc_cli_report_percent            (double               rate);
/* Fen as "¥1,234.56"; newly allocated. */
char    *mc_cli_report_money              (double               fen);

gboolean mc_cli_report_clv                (McCli               *cli,
                                           int                  argc,
                                           char               **argv,
                                           GError             **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (McCliReportOptions, mc_cli_report_options_clear)

G_END_DECLS
