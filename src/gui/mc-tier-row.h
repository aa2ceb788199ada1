/* mc-tier-row.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One tier of the programme designer: its name, badge colour, threshold on growth value
 * and points multiplier, with an inline message (a rule the tier breaks) under it.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-programme.h"

G_BEGIN_DECLS

#define MC_TYPE_TIER_ROW (mc_tier_row_get_type ())
G_DECLARE_FINAL_TYPE (McTierRow, mc_tier_row, MC, TIER_ROW, GtkWidget)

GtkWidget  *mc_tier_row_new                 (void);
/* Shows tier as the rank-th (from 1, lowest first); the first tier's threshold is always 0.
 * Emits nothing. */
void        mc_tier_row_set_tier            (McTierRow    *self,
                                             guint         rank,
                                             const McTier *tier);
void        mc_tier_row_set_editable        (McTierRow    *self,
                                             gboolean      editable);
/* Whether the Remove button is offered (a programme keeps at least two tiers). */
void        mc_tier_row_set_removable       (McTierRow    *self,
                                             gboolean      removable);
guint       mc_tier_row_get_rank            (McTierRow    *self);
/* Writes what the row shows into tier (name, colour, threshold, multiplier). */
void        mc_tier_row_apply               (McTierRow    *self,
                                             McTier       *tier);
/* Sets the threshold shown (from a slider elsewhere); emits nothing. */
void        mc_tier_row_set_threshold       (McTierRow    *self,
                                             gint64        threshold);
/* An inline message under the row (a rule the tier breaks); NULL hides it. */
void        mc_tier_row_set_message         (McTierRow    *self,
                                             const char   *message);
const char *mc_tier_row_get_message         (McTierRow    *self);

/* Puts the row's columns (rank, colour, threshold, multiplier, remove) in size groups
 * shared with the other rows and the column headings, so they line up. */
void        mc_tier_row_add_to_size_groups  (McTierRow    *self,
                                             GtkSizeGroup *groups[5]);

G_END_DECLS
