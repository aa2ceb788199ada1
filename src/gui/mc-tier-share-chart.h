/* mc-tier-share-chart.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The members per tier of the live programme and of a draft, side by side as bars of their
 * share, against the target shape (80 / 15 / 5: the lowest tier, the middle ones, the top).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MC_TYPE_TIER_SHARE_CHART (mc_tier_share_chart_get_type ())
G_DECLARE_FINAL_TYPE (McTierShareChart, mc_tier_share_chart, MC, TIER_SHARE_CHART, GtkWidget)

GtkWidget *mc_tier_share_chart_new      (void);
/* n tiers, lowest first: names, colours ("#rrggbb"), members under the live programme and
 * under the draft; copied. n == 0 clears the chart. */
void       mc_tier_share_chart_set_data (McTierShareChart   *self,
                                         guint               n,
                                         const char * const *names,
                                         const char * const *colors,
                                         const gint64       *live,
                                         const gint64       *draft);
/* The target share of the rank-th of n tiers (0-based): 0.80 for the lowest, 0.05 for the
 * top, 0.15 shared by those between. */
double     mc_tier_share_target         (guint               rank,
                                         guint               n);

G_END_DECLS
