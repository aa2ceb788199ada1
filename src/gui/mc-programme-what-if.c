/* mc-programme-what-if.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The what-if panel's state and its workers. Reading the members' figures
 * (mc_simulate_prepare()) happens once per as-of date in a worker on a reader connection;
 * its progress is polled from the main loop. A change of the draft starts a simulation
 * after a short pause (debounced); at most one runs at a time, and a change that comes
 * meanwhile starts the next one when it ends, so the window shows the newest draft without
 * queueing every step of a dragged slider.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-gui.h"
#include "mc-programme-what-if-private.h"

#define DEBOUNCE_MS 120
#define PROGRESS_TICK_MS 100

G_DEFINE_FINAL_TYPE (McProgrammeWhatIf, mc_programme_what_if, GTK_TYPE_WIDGET)

enum {
  THRESHOLD_CHANGED,
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The members' figures, shared by the panel and its running workers. */
typedef struct
{
  McSimulateData *data;
} Prepared;

static void
prepared_clear (gpointer mem)
{
  Prepared *prepared = mem;

  g_clear_pointer (&prepared->data, mc_simulate_data_free);
}

static gpointer
prepared_ref (gpointer prepared)
{
  return g_rc_box_acquire (prepared);
}

static void
prepared_unref (gpointer prepared)
{
  g_rc_box_release_full (prepared, prepared_clear);
}

static void
outcome_clear (gpointer mem)
{
  McWhatIfOutcome *outcome = mem;

  g_clear_pointer (&outcome->downgraded, g_ptr_array_unref);
  g_clear_pointer (&outcome->movement, mc_simulate_movement_free);
  g_clear_pointer (&outcome->live_result, mc_simulate_result_free);
  g_clear_pointer (&outcome->draft_result, mc_simulate_result_free);
  g_clear_pointer (&outcome->live, mc_programme_free);
  g_clear_pointer (&outcome->draft, mc_programme_free);
  g_clear_pointer (&outcome->prepared, prepared_unref);
  outcome->data = NULL;
}

McWhatIfOutcome *
mc_what_if_outcome_ref (McWhatIfOutcome *outcome)
{
  return g_rc_box_acquire (outcome);
}

void
mc_what_if_outcome_unref (McWhatIfOutcome *outcome)
{
  g_rc_box_release_full (outcome, outcome_clear);
}

G_GNUC_PRINTF (3, 4)
static void
emit_error (McProgrammeWhatIf *self,
            const GError      *error,
            const char        *format,
            ...)
{
  g_autofree char *message = NULL;
  g_autoptr(GError) shown = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  shown = g_error_new_literal (error->domain, error->code, message);
  g_signal_emit (self, signals[ERROR], 0, shown);
}

static void
set_status (McProgrammeWhatIf *self,
            const char        *text)
{
  gtk_label_set_text (self->status_label, text != NULL ? text : "");
}

static void
update_busy (McProgrammeWhatIf *self)
{
  gboolean busy = mc_programme_what_if_is_busy (self);

  gtk_widget_set_visible (self->spinner, busy);
  if (busy)
    gtk_spinner_start (GTK_SPINNER (self->spinner));
  else
    gtk_spinner_stop (GTK_SPINNER (self->spinner));
}

/* The as-of date: the end of the day typed (in the workspace's time zone), or now for
 * today or an empty entry; FALSE for a date that cannot be read. */
static gboolean
read_as_of (McProgrammeWhatIf *self,
            gint64            *as_of)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->as_of_entry));
  GTimeZone *tz = mc_db_get_time_zone (self->db);
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) next = NULL;
  int y, m, d;
  char end;

  if (text[0] == '\0')
    {
      *as_of = mc_db_now ();
      return TRUE;
    }
  if (sscanf (text, "%d-%d-%d%c", &y, &m, &d, &end) != 3 ||
      (day = g_date_time_new (tz, y, m, d, 0, 0, 0)) == NULL)
    return FALSE;
  if (g_date_time_get_year (day) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (day) == g_date_time_get_day_of_year (now))
    {
      *as_of = mc_db_now ();
      return TRUE;
    }
  next = g_date_time_add_days (day, 1);
  *as_of = g_date_time_to_unix (next) - 1;
  return TRUE;
}

/* Simulating */

typedef struct
{
  char            *path;
  McRole           role;
  McWhatIfOutcome *outcome;
  gint64           started;         /* monotonic, µs */
  double           run_ms;          /* the two runs and the movement, in the worker */
} RunJob;

static void
run_job_free (gpointer data)
{
  RunJob *job = data;

  g_free (job->path);
  g_clear_pointer (&job->outcome, mc_what_if_outcome_unref);
  g_free (job);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  RunJob *job = task_data;
  McWhatIfOutcome *outcome = job->outcome;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;

  gint64 t0 = g_get_monotonic_time ();

  outcome->live_result = mc_simulate_run (outcome->data, outcome->live);
  outcome->draft_result = mc_simulate_run (outcome->data, outcome->draft);
  outcome->movement = mc_simulate_movement (outcome->live_result, outcome->draft_result);
  job->run_ms = (g_get_monotonic_time () - t0) / 1000.0;
  if (g_task_return_error_if_cancelled (task))
    return;
  /* The names of the first members who would drop: a short read of its own. */
  db = mc_db_open_reader (job->path, &error);
  if (db != NULL)
    {
      mc_db_set_role (db, job->role);
      outcome->downgraded = mc_simulate_downgraded (db, outcome->data, outcome->live_result,
                                                    outcome->draft_result, outcome->movement,
                                                    MC_WHAT_IF_LIST_LIMIT, &error);
    }
  if (outcome->downgraded == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void start_run (McProgrammeWhatIf *self);

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  McProgrammeWhatIf *self = MC_PROGRAMME_WHAT_IF (source);
  GTask *task = G_TASK (result);
  RunJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  g_clear_object (&self->run_cancellable);
  if (!g_task_propagate_boolean (task, &error))
    emit_error (self, error, _("Could not simulate the draft: %s"), error->message);
  else
    {
      g_clear_pointer (&self->outcome, mc_what_if_outcome_unref);
      self->outcome = mc_what_if_outcome_ref (job->outcome);
      mc_what_if_view_show (self, self->outcome);
      g_debug ("what-if: %u members simulated in %.1f ms, shown %.1f ms after the run started",
               mc_simulate_data_get_n_members (job->outcome->data), job->run_ms,
               (g_get_monotonic_time () - job->started) / 1000.0);
    }
  if (self->run_pending)
    {
      self->run_pending = FALSE;
      start_run (self);
    }
  update_busy (self);
}

static void
start_run (McProgrammeWhatIf *self)
{
  g_autoptr(GTask) task = NULL;
  RunJob *job;
  McWhatIfOutcome *outcome;
  Prepared *prepared = self->prepared;

  if (self->db == NULL || prepared == NULL || self->live == NULL)
    return;
  if (self->run_cancellable != NULL)
    {
      self->run_pending = TRUE;
      return;
    }
  outcome = g_rc_box_new0 (McWhatIfOutcome);
  outcome->prepared = prepared_ref (prepared);
  outcome->data = prepared->data;
  outcome->live = mc_programme_copy (self->live);
  outcome->draft = mc_programme_copy (self->draft != NULL ? self->draft : self->live);
  job = g_new0 (RunJob, 1);
  job->path = g_strdup (mc_db_get_path (self->db));
  job->role = mc_db_get_role (self->db);
  job->outcome = outcome;
  job->started = g_get_monotonic_time ();
  self->run_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->run_cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, start_run);
  g_task_set_task_data (task, job, run_job_free);
  g_task_run_in_thread (task, run_thread);
  update_busy (self);
}

static gboolean
debounce_cb (gpointer user_data)
{
  McProgrammeWhatIf *self = user_data;

  self->debounce_id = 0;
  start_run (self);
  update_busy (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_run (McProgrammeWhatIf *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->prepared == NULL)
    return;
  self->debounce_id = g_timeout_add (DEBOUNCE_MS, debounce_cb, self);
  update_busy (self);
}

/* Reading the members */

typedef struct
{
  char           *path;
  McRole          role;
  gint64          as_of;
  gint64          started;             /* monotonic, µs */
  gint            progress_permille;   /* atomic: written by the worker, read by a tick */
  McSimulateData *data;
} PrepareJob;

static void
prepare_job_free (gpointer data)
{
  PrepareJob *job = data;

  g_free (job->path);
  g_clear_pointer (&job->data, mc_simulate_data_free);
  g_free (job);
}

static void
prepare_progress_cb (double   fraction,
                     gpointer user_data)
{
  PrepareJob *job = user_data;

  g_atomic_int_set (&job->progress_permille, (gint) (CLAMP (fraction, 0.0, 1.0) * 1000.0));
}

static void
prepare_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  PrepareJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open_reader (job->path, &error);

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mc_db_set_role (db, job->role);
  job->data = mc_simulate_prepare (db, job->as_of, prepare_progress_cb, job, cancellable, &error);
  if (job->data == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
prepare_tick_cb (gpointer user_data)
{
  GTask *task = user_data;
  McProgrammeWhatIf *self = g_task_get_source_object (task);
  PrepareJob *job = g_task_get_task_data (task);

  if (g_task_get_completed (task) || g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return G_SOURCE_REMOVE;
  gtk_progress_bar_set_fraction (self->prepare_bar, g_atomic_int_get (&job->progress_permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
prepare_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  McProgrammeWhatIf *self = MC_PROGRAMME_WHAT_IF (source);
  GTask *task = G_TASK (result);
  PrepareJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  Prepared *prepared;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  g_clear_object (&self->prepare_cancellable);
  gtk_widget_set_visible (self->prepare_box, FALSE);
  if (!g_task_propagate_boolean (task, &error))
    {
      set_status (self, NULL);
      emit_error (self, error, _("Could not read the members for the simulation: %s"), error->message);
      update_busy (self);
      return;
    }
  g_debug ("what-if: %u members read in %.1f ms", mc_simulate_data_get_n_members (job->data),
           (g_get_monotonic_time () - job->started) / 1000.0);
  prepared = g_rc_box_new0 (Prepared);
  prepared->data = g_steal_pointer (&job->data);
  g_clear_pointer (&self->prepared, prepared_unref);
  self->prepared = prepared;
  {
    g_autofree char *count = mc_gui_format_count (mc_simulate_data_get_n_members (prepared->data));
    /* TRANSLATORS: the what-if panel's status, e.g. "2,000 members read" */
    g_autofree char *status = g_strdup_printf (_("%s members read"), count);

    set_status (self, status);
  }
  start_run (self);
  update_busy (self);
}

void
mc_programme_what_if_prepare (McProgrammeWhatIf *self)
{
  g_autoptr(GTask) task = NULL;
  PrepareJob *job;
  gint64 as_of;

  g_return_if_fail (MC_IS_PROGRAMME_WHAT_IF (self));

  if (self->db == NULL || self->prepared != NULL || self->prepare_cancellable != NULL)
    return;
  if (!read_as_of (self, &as_of))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->as_of_entry), "error");
      set_status (self, _("Type the date as YYYY-MM-DD, e.g. 2026-06-30."));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->as_of_entry), "error");
  job = g_new0 (PrepareJob, 1);
  job->path = g_strdup (mc_db_get_path (self->db));
  job->role = mc_db_get_role (self->db);
  job->as_of = as_of;
  job->started = g_get_monotonic_time ();
  self->prepare_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->prepare_cancellable, prepare_done_cb, NULL);
  g_task_set_source_tag (task, mc_programme_what_if_prepare);
  g_task_set_task_data (task, job, prepare_job_free);
  gtk_progress_bar_set_fraction (self->prepare_bar, 0.0);
  gtk_widget_set_visible (self->prepare_box, TRUE);
  set_status (self, _("Reading the members…"));
  g_timeout_add_full (G_PRIORITY_DEFAULT, PROGRESS_TICK_MS, prepare_tick_cb, g_object_ref (task), g_object_unref);
  g_task_run_in_thread (task, prepare_thread);
  update_busy (self);
}

static void
cancel_all (McProgrammeWhatIf *self)
{
  g_clear_handle_id (&self->debounce_id, g_source_remove);
  if (self->prepare_cancellable != NULL)
    g_cancellable_cancel (self->prepare_cancellable);
  g_clear_object (&self->prepare_cancellable);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_clear_object (&self->run_cancellable);
  self->run_pending = FALSE;
}

void
mc_programme_what_if_invalidate (McProgrammeWhatIf *self)
{
  g_return_if_fail (MC_IS_PROGRAMME_WHAT_IF (self));

  cancel_all (self);
  gtk_widget_set_visible (self->prepare_box, FALSE);
  g_clear_pointer (&self->prepared, prepared_unref);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    mc_programme_what_if_prepare (self);
  update_busy (self);
}

static void
cancel_clicked_cb (McProgrammeWhatIf *self)
{
  cancel_all (self);
  gtk_widget_set_visible (self->prepare_box, FALSE);
  set_status (self, _("Reading the members was cancelled; press Enter in the date to start again."));
  update_busy (self);
}

static void
as_of_activate_cb (McProgrammeWhatIf *self)
{
  cancel_all (self);
  g_clear_pointer (&self->prepared, prepared_unref);
  mc_programme_what_if_prepare (self);
}

static void
mc_programme_what_if_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (mc_programme_what_if_parent_class)->map (widget);
  mc_programme_what_if_prepare (MC_PROGRAMME_WHAT_IF (widget));
}

/* Public */

void
mc_programme_what_if_set_db (McProgrammeWhatIf *self,
                             McDb              *db)
{
  g_return_if_fail (MC_IS_PROGRAMME_WHAT_IF (self));

  cancel_all (self);
  g_set_object (&self->db, db);
  g_clear_pointer (&self->prepared, prepared_unref);
  g_clear_pointer (&self->outcome, mc_what_if_outcome_unref);
  gtk_widget_set_visible (self->prepare_box, FALSE);
  mc_what_if_view_clear (self);
  set_status (self, NULL);
  if (db != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now (mc_db_get_time_zone (db));
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

      gtk_editable_set_text (GTK_EDITABLE (self->as_of_entry), today);
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        mc_programme_what_if_prepare (self);
    }
  update_busy (self);
}

void
mc_programme_what_if_set_programmes (McProgrammeWhatIf *self,
                                     McProgramme       *live,
                                     McProgramme       *draft)
{
  g_return_if_fail (MC_IS_PROGRAMME_WHAT_IF (self));

  g_clear_pointer (&self->live, mc_programme_free);
  g_clear_pointer (&self->draft, mc_programme_free);
  if (live != NULL)
    self->live = mc_programme_copy (live);
  if (draft != NULL)
    self->draft = mc_programme_copy (draft);
  mc_what_if_update_sliders (self);
  schedule_run (self);
}

void
mc_programme_what_if_set_draft_problem (McProgrammeWhatIf *self,
                                        const char        *message)
{
  g_return_if_fail (MC_IS_PROGRAMME_WHAT_IF (self));

  if (message != NULL)
    {
      /* TRANSLATORS: under the what-if's sliders while the draft breaks a rule */
      g_autofree char *text = g_strdup_printf (_("%s The simulation shows the draft as it was before."), message);

      gtk_label_set_text (self->sliders_caption, text);
      gtk_widget_remove_css_class (GTK_WIDGET (self->sliders_caption), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->sliders_caption), "error");
    }
  else
    {
      gtk_label_set_text (self->sliders_caption,
                          _("Drag a threshold: the draft is simulated again on the members as you go."));
      gtk_widget_remove_css_class (GTK_WIDGET (self->sliders_caption), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->sliders_caption), "dim-label");
    }
}

gboolean
mc_programme_what_if_is_busy (McProgrammeWhatIf *self)
{
  g_return_val_if_fail (MC_IS_PROGRAMME_WHAT_IF (self), FALSE);
  return self->prepare_cancellable != NULL || self->run_cancellable != NULL ||
         self->debounce_id != 0 || self->run_pending;
}

const char *
mc_programme_what_if_get_value (McProgrammeWhatIf *self,
                                const char        *key)
{
  g_return_val_if_fail (MC_IS_PROGRAMME_WHAT_IF (self), NULL);
  return g_hash_table_lookup (self->values, key);
}

void
mc_what_if_set_value (McProgrammeWhatIf *self,
                      const char        *key,
                      char              *value)
{
  g_hash_table_insert (self->values, g_strdup (key), value);
}

/* GObject */

static void
mc_programme_what_if_dispose (GObject *object)
{
  McProgrammeWhatIf *self = MC_PROGRAMME_WHAT_IF (object);
  GtkWidget *child;

  cancel_all (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PROGRAMME_WHAT_IF);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->scales, g_ptr_array_unref);
  g_clear_pointer (&self->slider_values, g_ptr_array_unref);
  g_clear_pointer (&self->outcome, mc_what_if_outcome_unref);
  g_clear_pointer (&self->prepared, prepared_unref);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (mc_programme_what_if_parent_class)->dispose (object);
}

static void
mc_programme_what_if_finalize (GObject *object)
{
  McProgrammeWhatIf *self = MC_PROGRAMME_WHAT_IF (object);

  g_clear_pointer (&self->live, mc_programme_free);
  g_clear_pointer (&self->draft, mc_programme_free);
  g_clear_pointer (&self->values, g_hash_table_unref);
  G_OBJECT_CLASS (mc_programme_what_if_parent_class)->finalize (object);
}

static void
mc_programme_what_if_class_init (McProgrammeWhatIfClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_programme_what_if_dispose;
  object_class->finalize = mc_programme_what_if_finalize;
  widget_class->map = mc_programme_what_if_map;

  /* A slider moved by a person: (tier index, threshold). */
  signals[THRESHOLD_CHANGED] = g_signal_new ("threshold-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_INT64);
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (MC_TYPE_TIER_SHARE_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-programme-what-if.ui");
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, as_of_entry);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, status_label);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, spinner);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, prepare_box);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, prepare_bar);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, sliders_grid);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, sliders_caption);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, chart);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, tiers_list);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, movement_grid);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, money_grid);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, downgraded_title);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, export_button);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeWhatIf, downgraded_list);
  gtk_widget_class_bind_template_callback (widget_class, as_of_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback_full (widget_class, "export_clicked_cb", G_CALLBACK (mc_what_if_export_clicked_cb));
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_programme_what_if_init (McProgrammeWhatIf *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->scales = g_ptr_array_new ();
  self->slider_values = g_ptr_array_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("What-if simulation"), -1);
}
