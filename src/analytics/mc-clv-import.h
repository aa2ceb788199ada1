/* mc-clv-import.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Transactions from a text file, for fitting the CLV models without a workspace: one
 * purchase a line, fields separated by blanks, commas or tabs: the customer first, the
 * date (YYYYMMDD or YYYY-MM-DD) as the first field after it that is one, the amount last.
 * So "customer date amount" reads, and so do CDNOW's files ("customer date units amount",
 * and the sample's "customer sample-id date units amount"). Blank lines and lines starting
 * with # are skipped, and so is a first line without a date (a header).
 */
#pragma once

#include <glib.h>

#include "mc-clv.h"

G_BEGIN_DECLS

/* An array of McClvTransaction, days counted from 1970-01-01, customers numbered from 1
 * in the order they first appear; customers (optional) gets their ids as written, the id
 * of customer k at k - 1. A line that cannot be read is an MC_ERROR_INVALID naming the
 * line. */
GArray  *mc_clv_transactions_read   (const char  *path,
                                     GPtrArray  **customers,
                                     GError     **error);
/* "YYYYMMDD" or "YYYY-MM-DD" to a day number; FALSE if it is no date. */
gboolean mc_clv_parse_day           (const char  *text,
                                     gint64      *day);

G_END_DECLS
