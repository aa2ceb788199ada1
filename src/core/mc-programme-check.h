/* mc-programme-check.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The designer's rules as a pure function: every problem of a programme, each tied to the
 * field it is about (the path of the field in the programme's JSON document, e.g.
 * "tiers[2].threshold"), with a message a person can act on. An editor marks the fields
 * named here and shows their messages; a programme with no issue can be saved.
 */
#pragma once

#include <glib.h>

#include "mc-programme.h"

G_BEGIN_DECLS

typedef enum
{
  MC_PROGRAMME_SECTION_GENERAL,    /* name, metric, window, downgrade rules */
  MC_PROGRAMME_SECTION_TIERS,
  MC_PROGRAMME_SECTION_BENEFITS,
  MC_PROGRAMME_SECTION_POINTS,     /* points and growth rules */
  MC_PROGRAMME_SECTION_PLANS,
  MC_PROGRAMME_SECTION_CAMPAIGNS,
} McProgrammeSection;

typedef struct
{
  McProgrammeSection  section;
  int                 index;       /* the tier, benefit, plan or referral step; -1: none */
  char               *path;        /* "tiers[2].threshold", "benefits[0].discount_permille" */
  char               *message;     /* translated */
} McProgrammeIssue;

void              mc_programme_issue_free  (McProgrammeIssue *issue);
/* McProgrammeIssue*, in the order of the document; empty when the programme is valid. */
GPtrArray        *mc_programme_check       (McProgramme      *self);
/* The first issue about path (exactly), or NULL. */
McProgrammeIssue *mc_programme_issues_find (GPtrArray        *issues,
                                            const char       *path);
/* How many issues are in a section, for a badge on the section's tab. */
guint             mc_programme_issues_count (GPtrArray       *issues,
                                             McProgrammeSection section);

G_END_DECLS
