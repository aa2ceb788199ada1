/* mc-analytics-json.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reports as JSON, the same for the CLI's --json and any other reader. Money keys end
 * in _fen (integers, or numbers for means); days are "YYYY-MM-DD"; a rate with no data
 * is null.
 */
#pragma once

#include <json-glib/json-glib.h>

#include "mc-churn.h"
#include "mc-clv.h"
#include "mc-kpis.h"
#include "mc-retention.h"
#include "mc-rfm.h"

G_BEGIN_DECLS

/* { from, to, members, new_members, ..., ltv_cac } */
JsonNode *mc_kpis_to_json           (const McKpis          *kpis);
/* { d1, d7, d30, days: [{day, joined, d1, d7, d30}] } */
JsonNode *mc_retention_to_json      (const McRetention     *retention);
/* { cohorts: [{cohort: "YYYY-MM", size, active: [...], retention: [shares...]}] } */
JsonNode *mc_cohorts_to_json        (const McRetention     *retention);
/* { members, means {...}, scores {r: [5 counts], f, m},
 *   segments: [{name, members, revenue_fen}] (all 8, in McRfmSegment order) } */
JsonNode *mc_rfm_to_json            (const McRfm           *rfm);
/* { first, second, window_days, from: [{segment, to: {segment: members, ...}}] } */
JsonNode *mc_rfm_migration_to_json  (const McRfmMigration  *migration);
/* { members, signals {dormant, declining, low_benefits, unlikely_alive},
 *   groups: [{name, members, consented, spend_fen}], bgnbd {...} or null } */
JsonNode *mc_churn_to_json          (const McChurn         *churn);
/* { r, alpha, a, b } and { p, q, gamma } */
JsonNode *mc_clv_bgnbd_params_to_json       (const McClvBgNbd      *model);
JsonNode *mc_clv_gamma_gamma_params_to_json (const McClvGammaGamma *model);

G_END_DECLS
