/* mc-sync.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sync layer: the CouchDB replication client comes here (see issue "Sync").
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include "mc-sync.h"

const char *
mc_sync_layer_name (void)
{
  return "sync";
}
