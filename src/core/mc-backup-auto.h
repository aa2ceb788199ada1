/* mc-backup-auto.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Scheduled backups with rotation: a backup when the newest one in the folder is older
 * than the interval, then only the newest N kept. Only files this code names are ever
 * counted or removed: "<workspace>-auto-YYYYMMDDTHHMMSSZ[-N].mcdb".
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

typedef struct
{
  char   *path;        /* the backup written; NULL when none was due */
  guint   removed;     /* older automatic backups removed by the rotation */
  guint   kept;        /* automatic backups in the folder afterwards */
  gint64  newest_at;   /* the time of the newest automatic backup (0: none) */
  gint64  next_due;    /* when the next one is due */
} McBackupAutoResult;

/* The folder used when none is given: "backups" beside the workspace file. */
char     *mc_backup_auto_default_dir (McDb               *db);

/* If no automatic backup of this workspace in dir is younger than interval seconds (at
 * now; 0: the clock), writes one (mc_backup_to_file: the workspace's role needs
 * MC_PERMISSION_BACKUP), then removes all but the keep newest (keep ≥ 1). A failed
 * backup removes nothing. The folder is created (owner only) when missing. */
gboolean  mc_backup_auto             (McDb               *db,
                                      const char         *dir,
                                      guint               keep,
                                      gint64              interval,
                                      gint64              now,
                                      McBackupAutoResult *result,
                                      GError            **error);
void      mc_backup_auto_result_clear (McBackupAutoResult *result);

/* The automatic backups of the workspace whose file is workspace_path, in dir, newest
 * first (full paths); their times in *times when given (same order). */
GPtrArray *mc_backup_auto_list       (const char         *dir,
                                      const char         *workspace_path,
                                      GArray            **times);

G_END_DECLS
