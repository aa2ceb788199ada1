/* mc-growth-chart.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 成长轨迹 chart: a member's cumulative growth over the evaluation window as a line,
 * with the next tier's threshold as a dashed line, drawn with GtkSnapshot in the theme's
 * colours (light and dark).
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-member-detail.h"

G_BEGIN_DECLS

#define MC_TYPE_GROWTH_CHART (mc_growth_chart_get_type ())
G_DECLARE_FINAL_TYPE (McGrowthChart, mc_growth_chart, MC, GROWTH_CHART, GtkWidget)

GtkWidget *mc_growth_chart_new        (void);
/* points: McGrowthPoint, copied; threshold 0: no threshold line. */
void       mc_growth_chart_set_series (McGrowthChart *self,
                                       const GArray  *points,
                                       gint64         threshold,
                                       GTimeZone     *tz);
guint      mc_growth_chart_get_n_points (McGrowthChart *self);

G_END_DECLS
