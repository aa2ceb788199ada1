/* mc-tier-eval-dialog.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Re-evaluating every member's tier (win.evaluate-tiers): a dialog that runs the
 * evaluation in a worker on its own connection, with its progress and a Cancel button.
 */
#pragma once

#include "mc-window.h"

G_BEGIN_DECLS

/* Opens the dialog over window (a workspace must be open); returns it. */
GtkWindow *mc_tier_eval_dialog_present (McWindow *window);
/* Starts the evaluation, as the Evaluate button does (for tests). */
void       mc_tier_eval_dialog_start   (GtkWindow *dialog);
/* Cancels a running evaluation, as the Cancel button does (for tests). */
void       mc_tier_eval_dialog_cancel  (GtkWindow *dialog);
/* Whether an evaluation is running (for tests). */
gboolean   mc_tier_eval_dialog_running (GtkWindow *dialog);

G_END_DECLS
