/* mc-window-undo.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's latest undoable change: what undoes it, and a serial that the change's
 * toast carries, so that the Undo button of an older toast never undoes a newer change.
 */
#pragma once

#include "mc-window.h"

G_BEGIN_DECLS

typedef struct _McWindowUndo McWindowUndo;

McWindowUndo *mc_window_undo_new      (void);
void          mc_window_undo_free     (McWindowUndo   *self);
/* Replaces the latest change (the previous one can no longer be undone); returns its
 * serial (never 0). */
guint         mc_window_undo_push     (McWindowUndo   *self,
                                       McUndoFunc      undo,
                                       gpointer        data,
                                       GDestroyNotify  destroy);
void          mc_window_undo_forget   (McWindowUndo   *self);
gboolean      mc_window_undo_can_undo (McWindowUndo   *self);
/* Undoes the change with that serial (0: the latest) once. FALSE with error set when it
 * could not: already undone, replaced by a newer change, or the undo failed. */
gboolean      mc_window_undo_run      (McWindowUndo   *self,
                                       McDb           *db,
                                       guint           serial,
                                       GError        **error);

G_END_DECLS
