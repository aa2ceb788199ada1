/* mc-sync-page-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Sync page's parts: the page (mc-sync-page.c) and its lists (mc-sync-page-lists.c).
 */
#pragma once

#include <adwaita.h>

#include "mc-sync-page.h"
#include "mc-window.h"

G_BEGIN_DECLS

struct _McSyncPage
{
  GtkWidget           parent_instance;

  McDb               *db;
  McSyncController   *controller;
  GCancellable       *load_cancellable;
  GPtrArray          *conflicts;        /* McSyncConflict, as listed */
  guint               n_refused;
  char               *ca_file;          /* the form's, saved with Save */
  GtkFileChooserNative *ca_chooser;
  gboolean            announcing;       /* this page calls mc_window_workspace_changed */

  GtkStack           *stack;
  GtkRevealer        *read_only_revealer;
  AdwActionRow       *status_row;
  GtkImage           *status_icon;
  GtkWidget          *spinner;
  GtkWidget          *cancel_button;
  AdwActionRow       *when_row;
  AdwActionRow       *read_row;
  AdwActionRow       *written_row;
  AdwActionRow       *conflicts_row;
  AdwActionRow       *refused_row;
  AdwActionRow       *seq_row;
  GtkListBox         *conflicts_list;
  GtkWidget          *refused_group;
  GtkListBox         *refused_list;
  AdwEntryRow        *url_row;
  AdwEntryRow        *user_row;
  AdwEntryRow        *password_row;
  AdwActionRow       *ca_row;
  GtkSwitch          *continuous_switch;
  GtkSpinButton      *interval_spin;
  GtkLabel           *keyring_label;
  McSyncConflictView *conflict_view;
};

/* The "error" signal of McWorkspacePage. */
void      mc_sync_page_report_error (McSyncPage   *self,
                                     const GError *error);
McWindow *mc_sync_page_get_window   (McSyncPage   *self);
/* Reads the conflicts and the refusals again, in a worker. */
void      mc_sync_page_reload_lists (McSyncPage   *self);

G_END_DECLS
