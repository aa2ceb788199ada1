/* mc-test-analytics.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the test-analytics* executables share: a small workspace written through the core's
 * own operations, with days given as "YYYY-MM-DD" in the workspace's time zone.
 */
#pragma once

#include <glib.h>

#include "mc-analytics-data.h"
#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  char *dir;
  McDb *db;
} Fixture;

void    fixture_set_up    (Fixture       *f,
                           gconstpointer  data);
void    fixture_tear_down (Fixture       *f,
                           gconstpointer  data);
/* Noon of a local day ("YYYY-MM-DD"); end_of_day: 23:59:59 of it. */
gint64  noon              (Fixture       *f,
                           const char    *day);
gint64  day_end           (Fixture       *f,
                           const char    *day);
gint64  day_begin         (Fixture       *f,
                           const char    *day);
char   *member            (Fixture       *f,
                           const char    *name,
                           const char    *joined,
                           const char    *store_id,
                           gboolean       consent);
/* A sale at noon of day; member NULL: anonymous. Returns the order id. */
char   *sale              (Fixture       *f,
                           const char    *member_id,
                           const char    *day,
                           gint64         fen,
                           const char    *store_id);
void    refund_of         (Fixture       *f,
                           const char    *order_id,
                           const char    *day,
                           gint64         fen);
void    action            (Fixture       *f,
                           const char    *member_id,
                           const char    *kind,
                           const char    *day);
/* A points entry with a day (redeem: a negative delta). */
void    points_entry      (Fixture       *f,
                           const char    *member_id,
                           const char    *kind,
                           gint64         delta,
                           const char    *day);
char   *store             (Fixture       *f,
                           const char    *name);
void    exec_sql          (Fixture       *f,
                           const char    *sql);
/* A filter over [from, to] (NULL: open) with as_of at the end of as_of_day. */
McAnalyticsFilter range   (Fixture       *f,
                           const char    *from,
                           const char    *to,
                           const char    *as_of_day);
McAnalyticsData  *load    (Fixture                 *f,
                           const McAnalyticsFilter *filter);

G_END_DECLS
