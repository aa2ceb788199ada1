/* mc-programme-what-if-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the what-if panel's state and workers (mc-programme-what-if.c) and its
 * drawing of the results (mc-programme-what-if-view.c).
 */
#pragma once

#include <adwaita.h>

#include "mc-programme-what-if.h"
#include "mc-simulate.h"
#include "mc-tier-share-chart.h"

G_BEGIN_DECLS

#define MC_WHAT_IF_LIST_LIMIT 50

/* One simulation's results: the live programme's and the draft's on the same data. Kept
 * (reference counted, g_rc_box) while an export of its list runs in a worker. */
typedef struct
{
  McSimulateData     *data;       /* borrowed from the Prepared box it holds a reference to */
  gpointer            prepared;   /* Prepared (g_rc_box), keeps data alive */
  McProgramme        *live;
  McProgramme        *draft;
  McSimulateResult   *live_result;
  McSimulateResult   *draft_result;
  McSimulateMovement *movement;
  GPtrArray          *downgraded; /* McSimulateDowngrade*, the first MC_WHAT_IF_LIST_LIMIT */
} McWhatIfOutcome;

McWhatIfOutcome *mc_what_if_outcome_ref   (McWhatIfOutcome *outcome);
void             mc_what_if_outcome_unref (McWhatIfOutcome *outcome);

struct _McProgrammeWhatIf
{
  GtkWidget         parent_instance;

  McDb             *db;
  McProgramme      *live;
  McProgramme      *draft;
  gpointer          prepared;          /* Prepared (g_rc_box) or NULL */
  McWhatIfOutcome  *outcome;           /* the latest shown */
  GHashTable       *values;            /* key -> char*, for tests */
  GCancellable     *prepare_cancellable;
  GCancellable     *run_cancellable;
  guint             debounce_id;
  gboolean          run_pending;       /* a change came while a simulation ran */
  gboolean          updating_sliders;
  GPtrArray        *scales;            /* GtkScale per tier (NULL for the first) */
  GPtrArray        *slider_values;     /* GtkLabel per tier */

  GtkEntry         *as_of_entry;
  GtkLabel         *status_label;
  GtkWidget        *spinner;
  GtkWidget        *prepare_box;
  GtkProgressBar   *prepare_bar;
  GtkGrid          *sliders_grid;
  GtkLabel         *sliders_caption;
  McTierShareChart *chart;
  GtkListBox       *tiers_list;
  GtkGrid          *movement_grid;
  GtkGrid          *money_grid;
  GtkLabel         *downgraded_title;
  GtkButton        *export_button;
  GtkListBox       *downgraded_list;
};

/* mc-programme-what-if-sliders.c */
void mc_what_if_update_sliders    (McProgrammeWhatIf *self);
/* mc-programme-what-if-export.c */
void mc_what_if_export_clicked_cb (McProgrammeWhatIf *self);

/* mc-programme-what-if-view.c */
void mc_what_if_view_show  (McProgrammeWhatIf *self,
                            McWhatIfOutcome   *outcome);
void mc_what_if_view_clear (McProgrammeWhatIf *self);
void mc_what_if_set_value  (McProgrammeWhatIf *self,
                            const char        *key,
                            char              *value);

G_END_DECLS
