/* mc-backup-scheduler.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_TYPE_BACKUP_SCHEDULER (mc_backup_scheduler_get_type ())
G_DECLARE_FINAL_TYPE (McBackupScheduler, mc_backup_scheduler, MC, BACKUP_SCHEDULER, GObject)

/* Backs up the workspace last opened (the "last-workspace" key) when it is due, by the
 * backup-* keys of settings: a minute after a workspace is opened, then every ten
 * minutes, in a worker thread with its own connection. A failure is told in a desktop
 * notification of app (when given) and the "failed" signal; older backups stay. */
McBackupScheduler *mc_backup_scheduler_new        (GSettings         *settings,
                                                   GApplication      *app);
/* Checks now (in the background) whether a backup is due. */
void               mc_backup_scheduler_check_now  (McBackupScheduler *self);

G_END_DECLS
