/* mc-programme-benefits.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The benefits part of the programme designer: the benefits catalogue (name, kind, unit
 * cost, expected usage, coupons, free shipping, service level, partner name, a usage limit
 * per period, validity dates as days in the workspace's time zone), the paid plans (period, price,
 * trial days), the tier × benefit and plan × benefit matrix, and the referral steps. Edits
 * the programme it is given in place and emits "changed".
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-programme.h"

G_BEGIN_DECLS

#define MC_TYPE_PROGRAMME_BENEFITS (mc_programme_benefits_get_type ())
G_DECLARE_FINAL_TYPE (McProgrammeBenefits, mc_programme_benefits, MC, PROGRAMME_BENEFITS, GtkWidget)

/* programme is borrowed and edited in place (NULL: none); rebuilds every row. Call again
 * after the tiers changed (the matrix has a column per tier). */
void mc_programme_benefits_set_programme (McProgrammeBenefits *self,
                                          McProgramme         *programme);
void mc_programme_benefits_set_editable  (McProgrammeBenefits *self,
                                          gboolean             editable);
/* The core's issues about benefits, plans and campaigns, one per line (NULL: none). */
void mc_programme_benefits_set_message   (McProgrammeBenefits *self,
                                          const char          *message);

G_END_DECLS
