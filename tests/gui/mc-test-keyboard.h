/* mc-test-keyboard.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keyboard access in widget tests: from a page's first control, Tab reaches every button,
 * entry, drop-down, switch and check button on it before it leaves the page (a flow box or
 * list box counts as reached when one of its children is, a radio group when one of its
 * buttons is, marked with the data "mc-radio-group": the arrow keys do the rest).
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The controls under root that are mapped and sensitive. */
GPtrArray *mc_test_collect_controls     (GtkWidget *root);
/* Asserts that Tab, from root's first control, reaches each of them. */
void       mc_test_assert_tab_reaches_all (GtkWindow *window,
                                           GtkWidget *root);

G_END_DECLS
