/* mc-sync-page.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Sync page of the sidebar (a McWorkspacePage): the server settings (address, user,
 * password in the keyring, an extra certificate authority, continuous mode and its
 * interval), "Sync now" and Cancel, the state and the last run's figures, the records in
 * conflict (opened in a McSyncConflictView), the changes the server refused, and a banner
 * when the server lets this user only read. It drives the header bar's sync state.
 */
#pragma once

#include <gtk/gtk.h>

#include "mc-db.h"
#include "mc-sync-conflict-view.h"
#include "mc-sync-controller.h"

G_BEGIN_DECLS

#define MC_TYPE_SYNC_PAGE (mc_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (McSyncPage, mc_sync_page, MC, SYNC_PAGE, GtkWidget)

McSyncController   *mc_sync_page_get_controller    (McSyncPage  *self);
McSyncConflictView *mc_sync_page_get_conflict_view (McSyncPage  *self);
/* Whether the lists of conflicts and refusals are still being read. */
gboolean            mc_sync_page_is_loading        (McSyncPage  *self);
/* The doc ids listed as in conflict, and the refusals' lines, for tests. */
GStrv               mc_sync_page_get_conflicts     (McSyncPage  *self);
guint               mc_sync_page_get_n_refused     (McSyncPage  *self);
/* Opens a conflict of the list in the conflict view. */
gboolean            mc_sync_page_open_conflict     (McSyncPage  *self,
                                                    const char  *doc_id,
                                                    GError     **error);
/* "main" or "conflict" */
const char         *mc_sync_page_get_view          (McSyncPage  *self);
/* Fills the settings form (tests; a person types): then sync.save saves it. */
void                mc_sync_page_fill_form         (McSyncPage  *self,
                                                    const char  *url,
                                                    const char  *user,
                                                    const char  *password,
                                                    guint        interval_minutes,
                                                    gboolean     continuous);
/* The extra certificate authority of the form, as the file chooser sets it (NULL: none). */
void                mc_sync_page_set_ca_file       (McSyncPage  *self,
                                                    const char  *ca_file);
/* The status line and the keyring note, as shown. */
const char         *mc_sync_page_get_status_text   (McSyncPage  *self);
const char         *mc_sync_page_get_keyring_text  (McSyncPage  *self);

G_END_DECLS
