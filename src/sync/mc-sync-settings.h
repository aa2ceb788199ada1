/* mc-sync-settings.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a workspace syncs, kept in the workspace (meta "sync_*"): the server's database URL,
 * the user name, one extra certificate authority to trust, and the schedule. Never the
 * password: the GUI keeps it in the system keyring.
 */
#pragma once

#include <glib.h>

#include "mc-db.h"

G_BEGIN_DECLS

#define MC_SYNC_INTERVAL_DEFAULT 15     /* minutes */
#define MC_SYNC_INTERVAL_MAX     1440

typedef struct
{
  char     *url;                /* NULL: sync is not set up */
  char     *user;               /* NULL: no authentication */
  char     *ca_file;            /* NULL: the system's authorities only */
  guint     interval_minutes;   /* 1 .. MC_SYNC_INTERVAL_MAX */
  gboolean  continuous;         /* sync on start, every interval, and after local changes */
} McSyncSettings;

void            mc_sync_settings_clear (McSyncSettings  *settings);
gboolean        mc_sync_settings_load  (McDb            *db,
                                        McSyncSettings  *settings,
                                        GError         **error);
/* Checks, then saves in one transaction. A URL must be http:// or https:// with a host and a
 * database path, and carry no user or password (those have their own fields): anything else
 * is an MC_ERROR_INVALID error and nothing is saved. An empty URL turns sync off. */
gboolean        mc_sync_settings_save  (McDb                 *db,
                                        const McSyncSettings *settings,
                                        GError              **error);
gboolean        mc_sync_settings_check (const McSyncSettings *settings,
                                        GError              **error);

G_END_DECLS
