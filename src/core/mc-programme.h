/* mc-programme.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The programme: tiers and their thresholds, the points and growth rules, the evaluation
 * window and the downgrade grace. Stored as one JSON document per version
 * (programme_version); unknown fields of a document are kept and written back.
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  char   *code;                 /* stable key, e.g. "gold" */
  char   *name;                 /* shown to people, e.g. "金卡" */
  char   *color;                /* "#d4af37" */
  gint64  threshold;            /* growth earned in the evaluation window to reach it */
  int     multiplier_permille;  /* points multiplier × 1000: 1.2 -> 1200 */
} McTier;

typedef enum
{
  MC_WINDOW_ROLLING_12_MONTHS,
  MC_WINDOW_HALF_YEAR,          /* the six months before the evaluation date */
  MC_WINDOW_QUARTER,            /* the three months before the evaluation date */
} McEvalWindow;

typedef enum
{
  MC_ACTION_CHECKIN,
  MC_ACTION_INVITE,
  MC_ACTION_SHARE_BOUGHT,
  MC_ACTION_LIKE,
  MC_ACTION_SHARE,
  MC_N_ACTIONS,
} McAction;

typedef struct
{
  int growth;                   /* growth per action */
  int daily_cap;                /* growth from this action per member per day; 0: no cap */
} McActionRule;

typedef struct
{
  char         *name;
  GPtrArray    *tiers;                /* McTier*, rank order: lowest first */
  McEvalWindow  window;
  int           grace_days;           /* a member below the threshold keeps the tier this long */
  int           warning_days;
  int           points_per_yuan;      /* points per whole yuan, before the tier multiplier */
  int           growth_per_yuan;
  int           growth_per_order;
  int           points_expiry_months; /* a lot expires this many months after it was earned; 0: never */
  int           point_value_fen;      /* what one point is worth when redeemed, in fen */
  int           daily_points_cap;     /* points a member may earn per day; 0: no cap */
  McActionRule  actions[MC_N_ACTIONS];
  JsonObject   *doc;                  /* the whole document, unknown fields included */
} McProgramme;

McProgramme  *mc_programme_new_default  (void);
McProgramme  *mc_programme_from_json    (const char   *json,
                                         GError      **error);
char         *mc_programme_to_json      (McProgramme  *self);
gboolean      mc_programme_validate     (McProgramme  *self,
                                         GError      **error);
void          mc_programme_free         (McProgramme  *self);
McProgramme  *mc_programme_copy         (McProgramme  *self);

const McTier *mc_programme_get_tier     (McProgramme  *self,
                                         const char   *code);
int           mc_programme_tier_rank    (McProgramme  *self,
                                         const char   *code);
/* The highest tier whose threshold the growth reaches. */
const McTier *mc_programme_tier_for_growth (McProgramme *self,
                                            gint64       growth);
const char   *mc_action_to_string       (McAction      action);
gboolean      mc_action_from_string     (const char   *str,
                                         McAction     *action);
gint64        mc_programme_window_start (McProgramme  *self,
                                         gint64        as_of,
                                         GTimeZone    *tz);

/* Rules: floor (fen × points_per_yuan × multiplier / 100 / 1000). */
gint64        mc_programme_points_for_order (McProgramme  *self,
                                             gint64        amount_fen,
                                             const char   *tier_code);
gint64        mc_programme_growth_for_order (McProgramme  *self,
                                             gint64        amount_fen);
gint64        mc_programme_points_expiry    (McProgramme  *self,
                                             gint64        earned_at,
                                             GTimeZone    *tz);

/* The live version in a workspace (the default if none was ever set). Cached per McDb
 * until a version is published. */
McProgramme  *mc_programme_load_live    (McDb         *db,
                                         GError      **error);
/* Inserts self as the live version (inside the caller's transaction), retiring the old one. */
gboolean      mc_programme_install_live (McDb         *db,
                                         McProgramme  *self,
                                         GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McProgramme, mc_programme_free)

G_END_DECLS
