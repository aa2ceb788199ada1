/* mc-benefit-use.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Using a benefit (a free coffee, a fast lane, a coupon): recorded as a member event
 * ("benefit_used", ref = the benefit's id) and limited per member per period, against
 * abuse.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  char   *benefit_id;
  char   *benefit_name;
  gint64  used;          /* uses in the current period, this one included */
  gint64  limit;         /* per period; 0: no limit */
  char   *period;        /* day, week, month, quarter, year; NULL: the whole membership */
  gint64  period_start;  /* the period the use falls in; 0 without a period */
  gint64  period_end;
} McBenefitUse;

/* The start and end (exclusive) of the period ("day", "week" from Monday, "month",
 * "quarter", "year") that at falls in, in the time zone tz. FALSE for an unknown period. */
gboolean mc_benefit_period_bounds (const char  *period,
                                   gint64       at,
                                   GTimeZone   *tz,
                                   gint64      *start,
                                   gint64      *end);

/* Records that a member used the benefit with this code at a time (0: now). Refuses, with
 * MC_ERROR_INSUFFICIENT and a message that says when it may be used again, a use over the
 * benefit's limit per period; the refusal is audited ("benefit.refused"). Also refuses an
 * unknown or deleted benefit (MC_ERROR_NOT_FOUND), one outside its validity dates or a
 * member who is not active (MC_ERROR_INVALID). Needs MC_PERMISSION_WRITE_MEMBERS. */
gboolean mc_benefit_use_record    (McDb          *db,
                                   const char    *member_id,
                                   const char    *benefit_code,
                                   gint64         at,
                                   McBenefitUse  *result,
                                   GError       **error);
void     mc_benefit_use_clear     (McBenefitUse  *result);

G_END_DECLS
