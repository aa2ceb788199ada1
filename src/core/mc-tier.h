/* mc-tier.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tier evaluation: each member's tier from the growth earned in the programme's window,
 * upgrades at once, downgrades only after the grace period (the first evaluation below the
 * threshold starts it), and manual overrides that hold until their end date.
 */
#pragma once

#include <gio/gio.h>

#include "mc-db.h"
#include "mc-programme.h"

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

/* What an evaluation does with one member: the one rule, shared by mc_tiers_evaluate() and
 * mc_tiers_scan_at_risk(). */
typedef enum
{
  MC_TIER_KEEP,            /* at or above the tier's threshold (or no change) */
  MC_TIER_UPGRADE,         /* a higher tier reached: at once */
  MC_TIER_WARN,            /* below the threshold for the first time: the grace period starts */
  MC_TIER_IN_GRACE,        /* below the threshold, still in the grace period */
  MC_TIER_DOWNGRADE,       /* below the threshold and the grace period is over (or none) */
  MC_TIER_OVERRIDDEN,      /* held by a manual tier until its end date */
} McTierDecision;

/* tier: the member's tier; pending_since: when its grace period started (0: none);
 * manual, manual_until: a manual tier (NULL, 0: none); window_growth: the programme's
 * metric (growth earned by default; net spend, sales or active days) in the programme's
 * window up to as_of. computed (may be NULL) is set to the tier the
 * growth reaches. */
McTierDecision mc_tier_decide  (McProgramme          *programme,
                                const char           *tier,
                                gint64                pending_since,
                                const char           *manual,
                                gint64                manual_until,
                                gint64                window_growth,
                                gint64                as_of,
                                const char          **computed);

/* A member whose tier is about to drop: in the downgrade grace period, or below the
 * tier's threshold for the window (the next evaluation starts the grace period). */
typedef struct
{
  const char *member_id;
  const char *name;
  const char *tier;           /* the tier held now */
  const char *falls_to;       /* the tier the window's growth reaches */
  gint64      window_growth;
  gint64      pending_since;  /* 0: the grace period has not started yet */
  gint64      grace_ends;     /* 0: not started; else when the tier drops */
} McTierRisk;

/* Called for each member at risk, in no particular order; the strings last for the call.
 * Return FALSE to stop. */
typedef gboolean (*McTierRiskFunc) (const McTierRisk *risk,
                                    gpointer          user_data);

/* Reads only; needs no permission beyond reading. */
gboolean mc_tiers_scan_at_risk (McDb           *db,
                                gint64          as_of,
                                McTierRiskFunc  func,
                                gpointer        user_data,
                                GError        **error);

gboolean mc_tiers_evaluate     (McDb         *db,
                                gint64        as_of,
                                McTierStats  *stats,
                                GError      **error);

typedef void (*McTierProgress) (double   fraction,
                                gpointer user_data);
/* The same, reporting progress (0 to 1, from the calling thread) and stopping when
 * cancellable is cancelled: then nothing is changed and error is G_IO_ERROR_CANCELLED. */
gboolean mc_tiers_evaluate_full (McDb           *db,
                                 gint64          as_of,
                                 McTierStats    *stats,
                                 McTierProgress  progress,
                                 gpointer        user_data,
                                 GCancellable   *cancellable,
                                 GError        **error);
/* A manual tier needs a reason and an end date in the future (at most two years ahead). */
gboolean mc_tier_set_manual    (McDb         *db,
                                const char   *member_id,
                                const char   *tier_code,
                                const char   *reason,
                                gint64        until,
                                GError      **error);

G_END_DECLS
