/* mc-window-undo.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-error.h"
#include "mc-window-undo.h"

struct _McWindowUndo
{
  guint           serial;
  McUndoFunc      func;
  gpointer        data;
  GDestroyNotify  destroy;
};

McWindowUndo *
mc_window_undo_new (void)
{
  return g_new0 (McWindowUndo, 1);
}

void
mc_window_undo_forget (McWindowUndo *self)
{
  g_return_if_fail (self != NULL);

  if (self->destroy != NULL && self->data != NULL)
    self->destroy (self->data);
  self->func = NULL;
  self->data = NULL;
  self->destroy = NULL;
}

void
mc_window_undo_free (McWindowUndo *self)
{
  if (self == NULL)
    return;
  mc_window_undo_forget (self);
  g_free (self);
}

guint
mc_window_undo_push (McWindowUndo   *self,
                     McUndoFunc      undo,
                     gpointer        data,
                     GDestroyNotify  destroy)
{
  g_return_val_if_fail (self != NULL && undo != NULL, 0);

  mc_window_undo_forget (self);
  self->func = undo;
  self->data = data;
  self->destroy = destroy;
  if (++self->serial == 0)
    self->serial = 1;
  return self->serial;
}

gboolean
mc_window_undo_can_undo (McWindowUndo *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->func != NULL;
}

gboolean
mc_window_undo_run (McWindowUndo  *self,
                    McDb          *db,
                    guint          serial,
                    GError       **error)
{
  McUndoFunc func;
  gpointer data;
  GDestroyNotify destroy;
  gboolean ok;

  g_return_val_if_fail (self != NULL && MC_IS_DB (db), FALSE);

  if (self->func == NULL || (serial != 0 && serial != self->serial))
    {
      g_set_error_literal (error, MC_ERROR, MC_ERROR_NOT_FOUND,
                           _("That change can no longer be undone."));
      return FALSE;
    }
  /* Once only, whatever happens. */
  func = self->func;
  data = self->data;
  destroy = self->destroy;
  self->func = NULL;
  self->data = NULL;
  self->destroy = NULL;
  ok = func (db, data, error);
  if (destroy != NULL && data != NULL)
    destroy (data);
  return ok;
}
