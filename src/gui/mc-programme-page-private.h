/* mc-programme-page-private.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the Programme page's views (mc-programme-page.c) and its actions on versions
 * (mc-programme-page-actions.c: new draft, discard with Undo, publish in a worker).
 */
#pragma once

#include <adwaita.h>

#include "mc-programme-benefits.h"
#include "mc-programme-page.h"
#include "mc-programme-version.h"

G_BEGIN_DECLS

struct _McProgrammePage
{
  GtkWidget          parent_instance;

  McDb              *db;
  GPtrArray         *versions;          /* McProgrammeVersion*, as listed */
  GPtrArray         *programmes;        /* McProgramme*, one per version */
  McProgramme       *live;              /* the live programme (the default if never stored) */
  char              *selected_id;       /* the version shown; NULL: the first */
  char              *draft_id;          /* the draft being edited, or NULL */
  GCancellable      *load_cancellable;
  GCancellable      *publish_cancellable;
  guint              save_id;           /* a pending save of the draft */
  guint              pulse_id;
  gboolean           filling;           /* the version menus are being rebuilt */

  GtkDropDown       *version_dropdown;
  GtkWidget         *spinner;
  GtkLabel          *status_label;
  GtkWidget         *publish_box;
  GtkProgressBar    *publish_bar;
  GtkStack          *view_stack;
  McProgrammeEditor *editor;
  McProgrammeBenefits *benefits;
  char              *tiers_shown;       /* the tiers the benefit matrix has columns for */
  McProgrammeWhatIf *what_if;
  GtkDropDown       *compare_from;
  GtkDropDown       *compare_to;
  GtkListBox        *diff_list;
};

/* mc-programme-page.c */
gboolean     mc_programme_page_reload        (McProgrammePage *self,
                                              GError         **error);
/* Writes a pending change of the draft now; FALSE (with the reason shown) when it could
 * not be saved. */
gboolean     mc_programme_page_flush_save    (McProgrammePage *self);
void         mc_programme_page_set_status    (McProgrammePage *self,
                                              const char      *text);
void         mc_programme_page_update_actions (McProgrammePage *self);
McProgrammeVersion *mc_programme_page_selected_version (McProgrammePage *self);
/* Emits "error" with error's domain and code and the message format gives. */
void         mc_programme_page_emit_error    (McProgrammePage *self,
                                              const GError    *error,
                                              const char      *format,
                                              ...) G_GNUC_PRINTF (3, 4);

/* mc-programme-page-actions.c */
void         mc_programme_page_actions_class_init (GtkWidgetClass *widget_class);
void         mc_programme_page_tier_removed_cb    (McProgrammePage *self,
                                                   const char      *name,
                                                   McProgramme     *before);
/* In a worker: makes live the drafts whose scheduled date has come (reader: the worker's
 * own reading connection, for the cheap look; a writing connection is opened only when
 * something is due and the role may write). */
gboolean     mc_programme_page_publish_due        (McDb                *reader,
                                                   McRole               role,
                                                   const char          *actor,
                                                   gint64               now,
                                                   McProgrammeVersion **published,
                                                   GError             **error);
/* Back on the main thread: says so, and every page reads again. */
void         mc_programme_page_published_due      (McProgrammePage     *self,
                                                   McProgrammeVersion  *published);

G_END_DECLS
