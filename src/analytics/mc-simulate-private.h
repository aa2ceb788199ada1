/* mc-simulate-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by mc-simulate.c, mc-simulate-prepare.c and mc-simulate-export.c.
 */
#pragma once

#include "mc-simulate.h"

G_BEGIN_DECLS

struct _McSimulateData
{
  gint64            as_of;
  McProgramme      *live;
  McSimulateMember *members;
  guint             n_members;
  GPtrArray        *plan_codes;   /* char* */
};

/* Takes members (g_malloc'ed, n_members long) and plan_codes. */
McSimulateData *mc_simulate_data_take (gint64            as_of,
                                       McProgramme      *live,
                                       McSimulateMember *members,
                                       guint             n_members,
                                       GPtrArray        *plan_codes);

G_END_DECLS
