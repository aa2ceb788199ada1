/* mc-analytics.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The analytics layer: RFM, cohorts, churn, CLV and KPIs come here (see issue "Analytics").
 */
#define G_LOG_DOMAIN "mc-analytics"

#include "config.h"

#include "mc-analytics.h"

const char *
mc_analytics_layer_name (void)
{
  return "analytics";
}
