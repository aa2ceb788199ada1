/* mc-test-rules.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the test-rules* executables share; see mc-test-rules.c.
 */
#pragma once

#include <glib.h>

#include "mc-audit.h"
#include "mc-db.h"
#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-order.h"
#include "mc-programme.h"
#include "mc-role.h"
#include "mc-tier.h"

G_BEGIN_DECLS

#define DAY ((gint64) 86400)

typedef struct
{
  char *dir;
  McDb *db;
} Fixture;

/* Row counts of the tables an operation writes: a failed operation leaves them all alone. */
typedef struct
{
  gint64 orders;
  gint64 points;
  gint64 growth;
  gint64 events;
  gint64 audit;
} Counts;

void           fixture_set_up          (Fixture       *f,
                                        gconstpointer  data);
void           fixture_tear_down       (Fixture       *f,
                                        gconstpointer  data);
gint64         query_int               (Fixture       *f,
                                        const char    *format,
                                        ...) G_GNUC_PRINTF (2, 3);
Counts         counts_of               (Fixture       *f);
void           assert_counts_unchanged (Fixture       *f,
                                        const Counts  *before);
gint64         audit_count             (Fixture       *f,
                                        const char    *action);
char          *add_member              (Fixture       *f,
                                        const char    *name,
                                        const char    *phone);
McMember      *load_member             (Fixture       *f,
                                        const char    *id);
void           add_order               (Fixture       *f,
                                        const char    *member_id,
                                        gint64         amount_fen,
                                        gint64         at,
                                        McOrderResult *result);
void           redeem                  (Fixture       *f,
                                        const char    *member_id,
                                        gint64         points);
gint64         shift_months            (Fixture       *f,
                                        gint64         epoch,
                                        int            months);
gint64         local_time              (Fixture       *f,
                                        int            year,
                                        int            month,
                                        int            day,
                                        int            hour,
                                        int            minute);
void           assert_balances         (Fixture       *f,
                                        const char    *member_id);
gint64         record_event            (Fixture       *f,
                                        const char    *member_id,
                                        const char    *kind,
                                        gint64         at);
McOrderResult  refund                  (Fixture       *f,
                                        const char    *order_id,
                                        gint64         amount_fen);
void           expire                  (Fixture       *f,
                                        gint64         as_of,
                                        gint64         expect_members,
                                        gint64         expect_points);

G_END_DECLS
