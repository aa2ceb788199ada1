/* mc-overview.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the Overview page shows besides the summary: today's activity (in the workspace's
 * time zone), the birthdays of this week, the members whose tier is about to drop (by the
 * tier engine's own rule) and the sync state. Reads only; each list is capped, its count
 * is not.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef enum
{
  MC_SYNC_STATE_NOT_SET_UP,   /* no remote service configured */
  MC_SYNC_STATE_SET_UP,       /* a remote is configured (meta "sync_remote") */
} McSyncState;

typedef struct
{
  char   *member_id;
  char   *name;
  char   *tier;          /* tier code */
  char   *birthday;      /* as stored: "YYYY-MM-DD" or "--MM-DD" */
  int     month;         /* the day it falls on this week (29 Feb falls on 28 Feb in a
                            common year) */
  int     day;
  int     weekday;       /* 1 Monday .. 7 Sunday */
} McOverviewBirthday;

typedef struct
{
  char   *member_id;
  char   *name;
  char   *tier;          /* the tier held now */
  char   *falls_to;      /* the tier the window's growth reaches */
  gint64  window_growth;
  gint64  grace_ends;    /* 0: the grace period starts at the next evaluation */
} McOverviewTierRisk;

typedef struct
{
  gint64       day_start;             /* today's midnight in the workspace's zone (UTC s) */
  gint64       new_members_today;
  gint64       purchases_today;       /* sales, refunds not counted */
  gint64       purchase_amount_today_fen;
  gint64       points_issued_today;   /* positive entries: earn, reward, adjust */
  gint64       points_redeemed_today;

  gint64       week_start;            /* Monday 00:00 of this week */
  gint64       birthdays_count;
  GPtrArray   *birthdays;             /* McOverviewBirthday*, Monday first, then by name */

  gint64       tier_risk_count;
  GPtrArray   *tier_risks;            /* McOverviewTierRisk*, the soonest to drop first */

  McSyncState  sync_state;
} McOverview;

/* now: the moment "today" and "this week" are taken from (mc_db_now () normally);
 * max_list: the most rows each list keeps. */
McOverview  *mc_overview_build       (McDb        *db,
                                      gint64       now,
                                      guint        max_list,
                                      GError     **error);
void         mc_overview_free        (McOverview  *overview);
McSyncState  mc_overview_sync_state  (McDb        *db);
/* "Not set up", "Set up" (translated). */
const char  *mc_sync_state_display   (McSyncState  state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (McOverview, mc_overview_free)

G_END_DECLS
