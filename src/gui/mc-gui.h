/* mc-gui.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Small helpers shared by the views: number formatting and tier badges.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-programme.h"

G_BEGIN_DECLS

gboolean  mc_gui_can_start        (void);
/* Before the first window: with a software GL (llvmpipe, as under Xvfb or in many virtual
 * machines), draw with cairo; GSK_RENDERER set by the user wins. */
void      mc_gui_choose_renderer  (void);
/* 1234567 -> "1,234,567" (the locale's grouping). */
char     *mc_gui_format_count     (gint64       value);
/* 123456789 fen -> "¥1,234,567.89". */
char     *mc_gui_format_money     (gint64       fen);
/* How mc_gui_format_money() writes amounts: "yuan" (¥1,234.56, the default), "yuan-word"
 * (1,234.56 元) or "cny" (CNY 1,234.56): the currency-display setting. */
void      mc_gui_set_currency_display (const char *mode);
/* The CSS class of a tier's badge: "tier-gold". */
char     *mc_gui_tier_css_class   (const char  *code);
/* Installs (once per display, replacing the previous one) the badge colours of the
 * programme's tiers. */
void      mc_gui_install_tier_css (McProgramme *programme);
/* Makes label a badge for the tier (name and colour); code may be unknown. */
void      mc_gui_set_tier_badge   (GtkLabel    *label,
                                   McProgramme *programme,
                                   const char  *code);

G_END_DECLS
