/* mc-sync-scheduler.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When to sync, in continuous mode: at once when it is turned on (the console starts), every
 * interval after the last run ended, and a short while after local changes (debounced: a
 * burst of edits makes one run). Never two runs at once: a request during a run makes one
 * more run after it. GTK-free, on the thread-default main context's timeouts; the owner
 * does the run on "run" and calls mc_sync_scheduler_run_finished() when it ends.
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MC_TYPE_SYNC_SCHEDULER (mc_sync_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (McSyncScheduler, mc_sync_scheduler, MC, SYNC_SCHEDULER, GObject)

McSyncScheduler *mc_sync_scheduler_new          (void);
/* Continuous mode; turning it on requests a run. */
void             mc_sync_scheduler_set_enabled  (McSyncScheduler *self,
                                                 gboolean         enabled);
gboolean         mc_sync_scheduler_get_enabled  (McSyncScheduler *self);
/* Time from the end of one run to the next (default 15 minutes). */
void             mc_sync_scheduler_set_interval (McSyncScheduler *self,
                                                 guint            interval_ms);
/* Quiet time after the last local change before a run (default 3 s). */
void             mc_sync_scheduler_set_debounce (McSyncScheduler *self,
                                                 guint            debounce_ms);
/* A local change: in continuous mode, a run once the changes stop for the debounce time. */
void             mc_sync_scheduler_local_change (McSyncScheduler *self);
/* A run now ("Sync now"), in or out of continuous mode. */
void             mc_sync_scheduler_request      (McSyncScheduler *self);
void             mc_sync_scheduler_run_finished (McSyncScheduler *self);
gboolean         mc_sync_scheduler_is_running   (McSyncScheduler *self);
/* Stops every timer and forgets a pending run (the workspace closes). */
void             mc_sync_scheduler_reset        (McSyncScheduler *self);

G_END_DECLS
