/* mc-programme-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by mc-programme.c, mc-programme-json.c, mc-programme-check.c and
 * mc-programme-diff.c.
 */
#pragma once

#include "mc-programme.h"

G_BEGIN_DECLS

extern const char * const mc_programme_action_names[MC_N_ACTIONS];

McProgramme *mc_programme_alloc     (void);
McTier      *mc_programme_tier_new  (const char *code,
                                     const char *name,
                                     const char *color,
                                     gint64      threshold,
                                     int         multiplier_permille);
void         mc_programme_tier_free (gpointer    tier);
McBenefit   *mc_programme_benefit_new  (const char    *code,
                                        const char    *name,
                                        McBenefitKind  kind);
void         mc_programme_benefit_free (gpointer       benefit);
McPaidPlan  *mc_programme_plan_new  (const char   *code,
                                     const char   *name,
                                     McPlanPeriod  period,
                                     gint64        price_fen);
void         mc_programme_plan_free (gpointer      plan);
void         mc_programme_referral_step_clear (gpointer step);
/* Whether a list of codes holds code. */
gboolean     mc_programme_codes_have (GPtrArray  *codes,
                                      const char *code);

G_END_DECLS
