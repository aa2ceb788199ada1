/* mc-programme-what-if.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The what-if simulator of the programme designer: a draft applied to the workspace's
 * members as of a date, side by side with the live programme — members per tier against
 * the 80 / 15 / 5 shape, the movement between tiers, benefit cost, revenue, points
 * liability, and the members who would be downgraded (exportable as CSV). The members'
 * figures are read once in a worker (with progress and Cancel); each change of the draft,
 * such as a threshold dragged on a slider, is simulated again on them in a worker,
 * debounced, so the window never waits.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-db.h"
#include "mc-programme.h"

G_BEGIN_DECLS

#define MC_TYPE_PROGRAMME_WHAT_IF (mc_programme_what_if_get_type ())
G_DECLARE_FINAL_TYPE (McProgrammeWhatIf, mc_programme_what_if, MC, PROGRAMME_WHAT_IF, GtkWidget)

/* The workspace (NULL: none); forgets the members' figures read before. */
void        mc_programme_what_if_set_db          (McProgrammeWhatIf *self,
                                                  McDb              *db);
/* The programmes to compare (copied; draft NULL: the live one alone). Simulates again
 * after a short pause, once the members' figures are read. */
void        mc_programme_what_if_set_programmes  (McProgrammeWhatIf *self,
                                                  McProgramme       *live,
                                                  McProgramme       *draft);
/* The draft breaks a rule (message, NULL: no more): the simulation keeps showing the
 * draft as it was when it last broke none. */
void        mc_programme_what_if_set_draft_problem (McProgrammeWhatIf *self,
                                                    const char        *message);
/* Reads the members' figures (as of the date shown) unless they are read already. */
void        mc_programme_what_if_prepare         (McProgrammeWhatIf *self);
/* Reads them again (after a change to the workspace). */
void        mc_programme_what_if_invalidate      (McProgrammeWhatIf *self);
/* Whether reading or simulating is under way or due. */
gboolean    mc_programme_what_if_is_busy         (McProgrammeWhatIf *self);
/* A figure shown, for tests: "live:<code>" and "draft:<code>" (members), "up", "down",
 * "downgraded", "draft-cost" (monthly benefit cost), "draft-liability", "live-liability",
 * "move:<from>:<to>"; NULL before the first simulation. */
const char *mc_programme_what_if_get_value       (McProgrammeWhatIf *self,
                                                  const char        *key);
/* Moves a tier's threshold slider as a person would (for tests). */
void        mc_programme_what_if_set_slider      (McProgrammeWhatIf *self,
                                                  guint              tier,
                                                  gint64             threshold);

G_END_DECLS
