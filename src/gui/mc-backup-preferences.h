/* mc-backup-preferences.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* The "Backups" group of the preferences: automatic backups on or off, every how many
 * hours, how many kept, and the folder; bound to the backup-* keys of settings. */
AdwPreferencesGroup *mc_backup_preferences_group_new (GSettings *settings);

G_END_DECLS
