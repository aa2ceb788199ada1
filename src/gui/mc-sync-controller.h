/* mc-sync-controller.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GUI's sync: runs McReplicator (a pull, then a push) in a GTask thread on a connection
 * of its own, when McSyncScheduler says so (continuous mode) or on "Sync now"; cancellable,
 * with progress; keeps the state the header bar shows (synced, syncing, offline, N
 * conflicts, error, read-only) and the last run's figures. The password comes from a
 * McPasswordStore, read in the worker and never kept.
 */
#pragma once

#include <gio/gio.h>

#include "mc-db.h"
#include "mc-password-store.h"
#include "mc-replicator.h"
#include "mc-sync-scheduler.h"
#include "mc-sync-settings.h"

G_BEGIN_DECLS

typedef enum
{
  MC_SYNC_STATUS_NOT_SET_UP,   /* no server */
  MC_SYNC_STATUS_IDLE,         /* set up, not run yet */
  MC_SYNC_STATUS_SYNCING,
  MC_SYNC_STATUS_SYNCED,
  MC_SYNC_STATUS_CONFLICTS,    /* synced, with records in conflict */
  MC_SYNC_STATUS_OFFLINE,      /* the server could not be reached */
  MC_SYNC_STATUS_ERROR,        /* anything else: credentials, certificate, protocol */
} McSyncStatus;

#define MC_TYPE_SYNC_CONTROLLER (mc_sync_controller_get_type ())
G_DECLARE_FINAL_TYPE (McSyncController, mc_sync_controller, MC, SYNC_CONTROLLER, GObject)

McSyncController  *mc_sync_controller_new            (McPasswordStore    *store);
McPasswordStore   *mc_sync_controller_get_store      (McSyncController   *self);
McSyncScheduler   *mc_sync_controller_get_scheduler  (McSyncController   *self);
/* The workspace (NULL: none): cancels a run, reads its settings, starts continuous mode
 * when it is on. */
void               mc_sync_controller_set_db         (McSyncController   *self,
                                                      McDb               *db);
/* After the settings were saved in the workspace. */
void               mc_sync_controller_apply_settings (McSyncController   *self,
                                                      const McSyncSettings *settings);
/* Tests: fewer and faster retries than the default 6 from 250 ms. */
void               mc_sync_controller_set_retry      (McSyncController   *self,
                                                      guint               max_retries,
                                                      guint               first_delay_ms);
void               mc_sync_controller_sync_now       (McSyncController   *self);
void               mc_sync_controller_cancel         (McSyncController   *self);
/* A local change was made: in continuous mode, a sync after a quiet while. */
void               mc_sync_controller_local_change   (McSyncController   *self);

McSyncStatus       mc_sync_controller_get_status     (McSyncController   *self);
gboolean           mc_sync_controller_is_running     (McSyncController   *self);
/* While syncing: the phase and the changes done in it. */
McSyncDirection    mc_sync_controller_get_phase      (McSyncController   *self);
guint64            mc_sync_controller_get_done       (McSyncController   *self);
/* The last error's message, NULL after a good run. */
const char        *mc_sync_controller_get_message    (McSyncController   *self);
/* The last finished run's figures (pull and push together), NULL before one. */
const McSyncStats *mc_sync_controller_get_stats      (McSyncController   *self);
/* When the last run ended (UTC epoch seconds), 0 before one. */
gint64             mc_sync_controller_get_last_run   (McSyncController   *self);
/* The server lets this user read but not write (a 403 on the push, or every revision sent
 * refused as forbidden or unauthorized). */
gboolean           mc_sync_controller_get_read_only  (McSyncController   *self);

/* One line for the header bar and its screen reader name, e.g. "Syncing… 120" or "2 conflicts". */
char              *mc_sync_controller_describe       (McSyncController   *self);
const char        *mc_sync_status_icon_name          (McSyncStatus        status);

G_END_DECLS
