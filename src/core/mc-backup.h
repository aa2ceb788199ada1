/* mc-backup.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

/* A consistent copy of the open workspace (SQLite online backup), written beside the
 * target and renamed into place, so a failure never leaves half a file. */
gboolean mc_backup_to_file    (McDb        *db,
                               const char  *path,
                               GError     **error);
/* Checks the backup (a workspace, integrity ok, a schema this version knows) before
 * replacing anything, then replaces the open workspace's content with it in one step. */
gboolean mc_backup_restore    (McDb        *db,
                               const char  *path,
                               GError     **error);
/* Opens a file read-only and checks it is a sound workspace; gives its schema version. */
gboolean mc_backup_check_file (const char  *path,
                               int         *schema_version,
                               GError     **error);

G_END_DECLS
