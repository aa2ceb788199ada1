/* mc-tier-eval-dialog.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The evaluation runs in a GTask thread on a connection of its own (an McDb is used by
 * one thread at a time), in one transaction: cancelled, it changes nothing. Progress
 * reaches the window through the main context.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>

#include "mc-tier.h"
#include "mc-tier-eval-dialog.h"

#define STATE_KEY "mc-tier-eval-state"

typedef struct
{
  McWindow       *window;        /* owned */
  GtkWindow      *dialog;        /* not owned: the state lives on it */
  GtkProgressBar *progress;
  GtkLabel       *status;
  GtkButton      *start_button;
  GCancellable   *cancellable;   /* set while running */
} State;

typedef struct
{
  char        *path;
  McRole       role;
  gint64       as_of;
  McTierStats  stats;
} Job;

typedef struct
{
  GWeakRef  dialog;
  double    fraction;
} Progress;

static void
state_free (gpointer data)
{
  State *state = data;

  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
  g_clear_object (&state->cancellable);
  g_clear_object (&state->window);
  g_free (state);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  g_free (job);
}

static State *
get_state (GtkWindow *dialog)
{
  return g_object_get_data (G_OBJECT (dialog), STATE_KEY);
}

static gboolean
show_progress_cb (gpointer data)
{
  Progress *p = data;
  g_autoptr(GtkWindow) dialog = g_weak_ref_get (&p->dialog);

  if (dialog != NULL && get_state (dialog)->cancellable != NULL)
    gtk_progress_bar_set_fraction (get_state (dialog)->progress, p->fraction);
  g_weak_ref_clear (&p->dialog);
  g_free (p);
  return G_SOURCE_REMOVE;
}

/* In the worker: hand the fraction to the main context. */
static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Progress *p = g_new0 (Progress, 1);

  g_weak_ref_init (&p->dialog, user_data);
  p->fraction = fraction;
  g_main_context_invoke (NULL, show_progress_cb, p);
}

static void
evaluate_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (job->path, &error);

  if (db != NULL)
    {
      mc_db_set_role (db, job->role);
      if (mc_tiers_evaluate_full (db, job->as_of, &job->stats, progress_cb, source,
                                  cancellable, &error))
        {
          g_task_return_boolean (task, TRUE);
          return;
        }
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

static void
evaluate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GtkWindow *dialog = GTK_WINDOW (source);
  State *state = get_state (dialog);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_clear_object (&state->cancellable);
  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      /* TRANSLATORS: after re-evaluating the tiers: members seen, then how many moved up,
       * down, and started a grace period before a downgrade */
      message = g_strdup_printf (_("Tiers evaluated for %" PRId64 " members: %" PRId64 " up, "
                                   "%" PRId64 " down, %" PRId64 " entering a grace period."),
                                 job->stats.members, job->stats.upgraded, job->stats.downgraded,
                                 job->stats.warned);
      mc_window_workspace_changed (state->window);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Tier evaluation cancelled: no tier was changed."));
  else
    message = g_strdup (error->message);
  mc_window_show_toast (state->window, message);
  gtk_window_destroy (dialog);
}

void
mc_tier_eval_dialog_start (GtkWindow *dialog)
{
  State *state = get_state (dialog);
  McDb *db = mc_window_get_db (state->window);
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (state->cancellable != NULL || db == NULL)
    return;
  job = g_new0 (Job, 1);
  job->path = g_strdup (mc_db_get_path (db));
  job->role = mc_db_get_role (db);
  job->as_of = g_get_real_time () / G_USEC_PER_SEC;
  state->cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (state->start_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (state->progress), TRUE);
  gtk_label_set_text (state->status, _("Evaluating… The window stays usable; Cancel stops "
                                       "without changing anything."));
  task = g_task_new (dialog, state->cancellable, evaluate_done_cb, NULL);
  g_task_set_source_tag (task, mc_tier_eval_dialog_start);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, evaluate_thread);
}

void
mc_tier_eval_dialog_cancel (GtkWindow *dialog)
{
  State *state = get_state (dialog);

  if (state->cancellable != NULL)
    g_cancellable_cancel (state->cancellable);
  else
    gtk_window_destroy (dialog);
}

gboolean
mc_tier_eval_dialog_running (GtkWindow *dialog)
{
  return get_state (dialog)->cancellable != NULL;
}

static void
start_clicked_cb (GtkButton *button,
                  GtkWindow *dialog)
{
  mc_tier_eval_dialog_start (dialog);
}

static void
cancel_clicked_cb (GtkButton *button,
                   GtkWindow *dialog)
{
  mc_tier_eval_dialog_cancel (dialog);
}

/* Escape or the close button: a running evaluation is cancelled first; the dialog closes
 * when it has stopped. */
static gboolean
close_request_cb (GtkWindow *dialog)
{
  State *state = get_state (dialog);

  if (state->cancellable == NULL)
    return FALSE;
  g_cancellable_cancel (state->cancellable);
  return TRUE;
}

GtkWindow *
mc_tier_eval_dialog_present (McWindow *window)
{
  GtkWidget *dialog = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *explain = gtk_label_new (_("Every member’s tier is set again from the growth "
                                        "earned in the programme’s window, as of now: upgrades "
                                        "at once, downgrades after the grace period, manual "
                                        "tiers kept until their end date."));
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *start = gtk_button_new_with_mnemonic (_("_Evaluate"));
  State *state = g_new0 (State, 1);

  g_return_val_if_fail (MC_IS_WINDOW (window), NULL);

  state->window = g_object_ref (window);
  state->dialog = GTK_WINDOW (dialog);
  state->start_button = GTK_BUTTON (start);
  state->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  state->status = GTK_LABEL (gtk_label_new (NULL));
  g_object_set_data_full (G_OBJECT (dialog), STATE_KEY, state, state_free);

  gtk_window_set_title (GTK_WINDOW (dialog), _("Re-evaluate Tiers"));
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (dialog), 440, -1);
  gtk_window_set_hide_on_close (GTK_WINDOW (dialog), FALSE);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), start);
  gtk_widget_add_css_class (start, "suggested-action");
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_label_set_wrap (GTK_LABEL (explain), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explain), 0.0);
  gtk_label_set_wrap (state->status, TRUE);
  gtk_label_set_xalign (state->status, 0.0);
  gtk_widget_add_css_class (GTK_WIDGET (state->status), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (state->progress), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (state->progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Evaluation progress"), -1);
  gtk_box_append (GTK_BOX (content), explain);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (state->progress));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (state->status));
  gtk_box_append (GTK_BOX (box), content);
  adw_window_set_content (ADW_WINDOW (dialog), box);

  g_signal_connect (start, "clicked", G_CALLBACK (start_clicked_cb), dialog);
  g_signal_connect (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), dialog);
  g_signal_connect (dialog, "close-request", G_CALLBACK (close_request_cb), NULL);
  gtk_window_set_default_widget (GTK_WINDOW (dialog), start);
  {
    GtkEventController *keys = gtk_shortcut_controller_new ();

    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
      gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                        gtk_named_action_new ("window.close")));
    gtk_widget_add_controller (dialog, keys);
  }
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (start);
  return GTK_WINDOW (dialog);
}
