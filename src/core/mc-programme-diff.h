/* mc-programme-diff.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A readable difference between two programmes: one line per changed field, e.g.
 * "Gold threshold 10,000 → 8,000". Tiers, benefits and plans are matched by code.
 */
#pragma once

#include <glib.h>

#include "mc-programme.h"

G_BEGIN_DECLS

typedef struct
{
  char *path;      /* "tiers[gold].threshold" (tiers, benefits and plans by code) */
  char *before;    /* the value in a, as shown; NULL when added */
  char *after;     /* the value in b; NULL when removed */
  char *text;      /* the whole line, translated: "Gold threshold 10,000 → 8,000" */
} McProgrammeChange;

void       mc_programme_change_free (McProgrammeChange *change);
/* McProgrammeChange*, in the order of the document; empty when they say the same. */
GPtrArray *mc_programme_diff        (McProgramme       *a,
                                     McProgramme       *b);

G_END_DECLS
