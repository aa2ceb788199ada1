/* mc-programme-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Programme page of the window (a McWorkspacePage): the versions of the membership
 * programme — the live one, drafts, retired ones — with a draft's design (tiers, rules,
 * campaigns), the what-if simulation of a draft on the members, the comparison of two
 * versions, and New Draft, Discard Draft (with Undo) and Publish (in a worker).
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-db.h"
#include "mc-programme-editor.h"
#include "mc-programme-what-if.h"

G_BEGIN_DECLS

#define MC_TYPE_PROGRAMME_PAGE (mc_programme_page_get_type ())
G_DECLARE_FINAL_TYPE (McProgrammePage, mc_programme_page, MC, PROGRAMME_PAGE, GtkWidget)

/* For tests: what the page shows and does, as a person would see and do it. */
gboolean           mc_programme_page_is_busy        (McProgrammePage *self);
/* The versions listed (as the version menu shows them) and the one shown. */
guint              mc_programme_page_get_n_versions (McProgrammePage *self);
const char        *mc_programme_page_get_version_id (McProgrammePage *self);
void               mc_programme_page_select_version (McProgrammePage *self,
                                                     const char      *id);
const char        *mc_programme_page_get_status     (McProgrammePage *self);
McProgrammeEditor *mc_programme_page_get_editor     (McProgrammePage *self);
McProgrammeWhatIf *mc_programme_page_get_what_if    (McProgrammePage *self);
/* "design", "what-if" or "compare". */
void               mc_programme_page_set_view       (McProgrammePage *self,
                                                     const char      *view);
/* The differences shown under Compare, one line each (NULL-terminated; free with
 * g_strfreev). */
char             **mc_programme_page_get_diff       (McProgrammePage *self);
/* Publishes the draft shown without asking (the dialog's Publish button does this). */
void               mc_programme_page_publish_now    (McProgrammePage *self);
/* The same with an effective date (0: now); a later date schedules the draft. */
void               mc_programme_page_publish_at     (McProgrammePage *self,
                                                     gint64           effective_at);

G_END_DECLS
