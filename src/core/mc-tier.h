/* mc-tier.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tier evaluation: each member's tier from the growth earned in the programme's window,
 * upgrades at once, downgrades only after the grace period (the first evaluation below the
 * threshold starts it), and manual overrides that hold until their end date.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 members;
  gint64 upgraded;
  gint64 downgraded;
  gint64 warned;              /* a grace period started */
  gint64 kept_in_grace;       /* below the threshold, still in the grace period */
  gint64 overrides_expired;
  gint64 overridden;          /* held by a manual tier */
} McTierStats;

gboolean mc_tiers_evaluate     (McDb         *db,
                                gint64        as_of,
                                McTierStats  *stats,
                                GError      **error);
/* A manual tier needs a reason and an end date in the future (at most two years ahead). */
gboolean mc_tier_set_manual    (McDb         *db,
                                const char   *member_id,
                                const char   *tier_code,
                                const char   *reason,
                                gint64        until,
                                GError      **error);

G_END_DECLS
