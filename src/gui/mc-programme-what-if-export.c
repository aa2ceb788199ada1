/* mc-programme-what-if-export.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The what-if panel's export of the members who would be downgraded: a file chooser, then
 * mc_simulate_export_downgraded() in a worker on a reader connection of its own.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-gui.h"
#include "mc-programme-what-if-private.h"
#include "mc-window.h"

typedef struct
{
  char            *path;
  char            *file;
  McRole           role;
  McWhatIfOutcome *outcome;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_free (job->path);
  g_free (job->file);
  g_clear_pointer (&job->outcome, mc_what_if_outcome_unref);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  McWhatIfOutcome *o = job->outcome;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open_reader (job->path, &error);

  if (db != NULL)
    mc_db_set_role (db, job->role);
  if (db == NULL ||
      !mc_simulate_export_downgraded (db, o->data, o->live_result, o->draft_result, o->movement,
                                      job->file, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  McProgrammeWhatIf *self = MC_PROGRAMME_WHAT_IF (source);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), self->outcome != NULL);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not export the members: %s"), error->message);
      g_autoptr(GError) shown = g_error_new_literal (error->domain, error->code, message);

      g_signal_emit_by_name (self, "error", shown);
    }
  else if (MC_IS_WINDOW (root))
    {
      g_autofree char *base = g_path_get_basename (job->file);
      /* TRANSLATORS: a toast after an export, e.g. "Saved downgraded.csv" */
      g_autofree char *message = g_strdup_printf (_("Saved %s"), base);

      mc_window_show_toast (MC_WINDOW (root), message);
    }
}

static void
export_response_cb (GtkNativeDialog   *dialog,
                    int                response,
                    McProgrammeWhatIf *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  if (file == NULL || self->outcome == NULL || self->db == NULL)
    return;
  job = g_new0 (ExportJob, 1);
  job->path = g_strdup (mc_db_get_path (self->db));
  job->file = g_file_get_path (file);
  job->role = mc_db_get_role (self->db);
  job->outcome = mc_what_if_outcome_ref (self->outcome);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_task_data (task, job, export_job_free);
  g_task_run_in_thread (task, export_thread);
}

void
mc_what_if_export_clicked_cb (McProgrammeWhatIf *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *chooser;

  if (self->outcome == NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Export the Members Who Would Be Downgraded"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), _("downgraded-members.csv"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

