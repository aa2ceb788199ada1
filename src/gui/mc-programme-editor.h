/* mc-programme-editor.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The designer's form for one programme version: its name, the tiers (name, badge text and
 * colour, threshold, multiplier; 2 to 10, added and removed), the evaluation window and the
 * downgrade rules (the keep-tier task's target and wording), the points and growth rules with
 * the action rewards and their daily caps, the member day and birthday (their benefit codes).
 * Each rule a field breaks (mc_programme_check()) is shown beside it as it is typed.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-programme.h"
#include "mc-programme-check.h"

G_BEGIN_DECLS

#define MC_TYPE_PROGRAMME_EDITOR (mc_programme_editor_get_type ())
G_DECLARE_FINAL_TYPE (McProgrammeEditor, mc_programme_editor, MC, PROGRAMME_EDITOR, GtkWidget)

/* Shows a copy of programme (NULL: empty); emits nothing. */
void         mc_programme_editor_set_programme (McProgrammeEditor *self,
                                                McProgramme       *programme);
/* What the form holds now (owned by the editor; valid until the next change). */
McProgramme *mc_programme_editor_get_programme (McProgrammeEditor *self);
void         mc_programme_editor_set_editable  (McProgrammeEditor *self,
                                                gboolean           editable);
/* Whether the programme breaks no rule. */
gboolean     mc_programme_editor_is_valid      (McProgrammeEditor *self);
/* Sets a tier's threshold (from the what-if sliders) as if typed: emits "changed". */
void         mc_programme_editor_set_threshold (McProgrammeEditor *self,
                                                guint              tier,
                                                gint64             threshold);
/* The inline message shown for a tier (index, lowest first) or, with -1, for the whole
 * programme; NULL when there is none (for tests). */
const char  *mc_programme_editor_get_message   (McProgrammeEditor *self,
                                                int                tier);

/* The core's issues with the programme as it is now (owned by the editor), and whether an
 * issue belongs to the benefits view (benefits, plans, referral steps). */
GPtrArray   *mc_programme_editor_get_issues    (McProgrammeEditor *self);
gboolean     mc_programme_editor_issue_is_benefits (const McProgrammeIssue *issue);
/* The programme returned by get_programme() was changed elsewhere (the benefits view):
 * checks it again and emits "changed". */
void         mc_programme_editor_programme_changed (McProgrammeEditor *self);

G_END_DECLS
