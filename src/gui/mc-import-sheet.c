/* mc-import-sheet.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Importing a CSV file, looked at before anything is written: the importer's dry run runs
 * in a worker on a connection of its own and the sheet shows what it found (the kind of
 * file, each column's field, the row count, every bad row with its line, column, value and
 * reason). Import runs the real import in a worker too, with a progress bar and Cancel
 * (the importer writes nothing when cancelled); the result is a toast on the window.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "mc-gui.h"
#include "mc-import-sheet.h"

typedef enum
{
  STATE_CHECKING,
  STATE_READY,
  STATE_FAILED,
  STATE_IMPORTING,
  STATE_DONE,
} State;

static const char * const state_names[] = { "checking", "ready", "failed", "importing", "done" };

struct _McImportSheet
{
  AdwWindow        parent_instance;

  McWindow        *window;
  char            *path;
  McImportKind     kind;          /* what the file is read as */
  State            state;
  McImportReport   report;        /* of the latest dry run */
  GPtrArray       *problems;      /* McImportProblem*, borrowed from report: bad, then duplicate */
  GPtrArray       *columns;       /* McImportColumn* */
  GPtrArray       *column_rows;   /* GtkWidget* in columns_group */
  GCancellable    *cancellable;   /* of the running worker */
  guint            generation;    /* of the running worker: older progress is dropped */
  gboolean         setting_kind;
  GtkStringList   *problem_model; /* an index into problems per row */

  AdwActionRow    *file_row;
  AdwComboRow     *kind_row;
  GtkWidget       *spinner;
  GtkLabel        *rows_label;
  GtkLabel        *message_label;
  GtkWidget       *progress_box;
  GtkProgressBar  *progress_bar;
  GtkWidget       *problems_group;
  GtkCheckButton  *skip_check;
  GtkColumnView   *problems_view;
  GtkLabel        *warnings_label;
  AdwPreferencesGroup *columns_group;
  GtkWidget       *close_button;
};

G_DEFINE_FINAL_TYPE (McImportSheet, mc_import_sheet, ADW_TYPE_WINDOW)

enum { COL_LINE, COL_COLUMN, COL_VALUE, COL_REASON };

/* ------------------------------------------------------------------------------------ */
/* The worker                                                                           */

typedef struct
{
  McImportSheet  *sheet;          /* a reference: progress goes to it */
  guint           generation;
  char           *path;
  char           *db_path;        /* the window's workspace, opened by the worker */
  McImportKind    kind;           /* requested; UNKNOWN: detect */
  McRole          role;
  char           *actor;
  gboolean        dry_run;
  gboolean        skip_invalid;

  McImportKind    detected;
  GPtrArray      *columns;
  McImportReport  report;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_object_unref (job->sheet);
  g_free (job->path);
  g_free (job->db_path);
  g_free (job->actor);
  g_clear_pointer (&job->columns, g_ptr_array_unref);
  mc_import_report_clear (&job->report);
  g_free (job);
}

typedef struct
{
  McImportSheet *sheet;
  guint          generation;
  double         fraction;
} Progress;

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->sheet);
  g_free (progress);
}

static gboolean
progress_idle_cb (gpointer data)
{
  Progress *progress = data;

  if (progress->generation == progress->sheet->generation && progress->sheet->state == STATE_IMPORTING)
    gtk_progress_bar_set_fraction (progress->sheet->progress_bar, progress->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Job *job = user_data;
  Progress *progress = g_new0 (Progress, 1);

  /* In the worker: the idle drops the reference in the main thread. */
  progress->sheet = g_object_ref (job->sheet);
  progress->generation = job->generation;
  progress->fraction = fraction;
  g_idle_add_full (G_PRIORITY_DEFAULT, progress_idle_cb, progress, progress_free);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  McImportOptions options = { .dry_run = job->dry_run, .skip_invalid = job->skip_invalid };
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;

  if (job->dry_run)
    {
      job->detected = mc_import_inspect (job->path, MC_CSV_ENCODING_AUTO, job->kind, &job->columns, &error);
      if (error != NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (job->kind == MC_IMPORT_KIND_UNKNOWN)
        job->kind = job->detected != MC_IMPORT_KIND_UNKNOWN ? job->detected : MC_IMPORT_KIND_MEMBERS;
    }
  db = mc_db_open (job->db_path, &error);   /* this thread's own connection */
  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mc_db_set_role (db, job->role);
  mc_db_set_actor (db, job->actor);
  if (!mc_import_kind (db, job->kind, job->path, &options, &job->report,
                       job->dry_run ? NULL : progress_cb, job, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------------------------ */
/* What the sheet shows                                                                 */

static guint
n_bad_rows (McImportSheet *self)
{
  return self->report.rows_read - self->report.rows_valid;
}

static void
update_actions (McImportSheet *self)
{
  gboolean can = mc_import_sheet_can_import (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.start", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", self->state == STATE_IMPORTING);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_row), self->state == STATE_READY || self->state == STATE_FAILED);
  gtk_widget_set_sensitive (GTK_WIDGET (self->skip_check), self->state == STATE_READY);
  gtk_widget_set_sensitive (self->close_button, self->state != STATE_IMPORTING);
  gtk_widget_set_visible (self->progress_box, self->state == STATE_IMPORTING);
  gtk_widget_set_visible (self->spinner, self->state == STATE_CHECKING);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), self->state == STATE_CHECKING);
}

static void
set_message (McImportSheet *self,
             const char    *message)
{
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

static void
clear_columns (McImportSheet *self)
{
  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);
}

static void
show_columns (McImportSheet *self)
{
  clear_columns (self);
  for (guint i = 0; self->columns != NULL && i < self->columns->len; i++)
    {
      McImportColumn *column = g_ptr_array_index (self->columns, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *field = gtk_label_new (column->field != NULL ? column->field
                                        : column->computed ? _("Kept by the programme, not imported")
                                        : _("Not imported"));
      g_autofree char *escaped = g_markup_escape_text (column->header, -1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
      gtk_widget_set_valign (field, GTK_ALIGN_CENTER);
      if (column->field == NULL)
        gtk_widget_add_css_class (field, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), field);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }
}

static void
show_report (McImportSheet *self)
{
  g_autoptr(GString) warnings = g_string_new (NULL);
  g_autofree char *rows = NULL;
  guint n_bad = n_bad_rows (self);
  g_autofree char *read = mc_gui_format_count (self->report.rows_read);
  g_autofree char *title = NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->problem_model));
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);

  if (n_bad > 0)
    /* TRANSLATORS: e.g. "1,200 rows, 3 with problems" */
    rows = g_strdup_printf (g_dngettext (NULL, "%s row, %u with problems", "%s rows, %u with problems",
                                         self->report.rows_read), read, n_bad);
  else
    rows = g_strdup_printf (g_dngettext (NULL, "%s row, all good", "%s rows, all good",
                                         self->report.rows_read), read);
  gtk_label_set_text (self->rows_label, rows);

  g_ptr_array_set_size (self->problems, 0);
  for (guint i = 0; self->report.problems != NULL && i < self->report.problems->len; i++)
    g_ptr_array_add (self->problems, g_ptr_array_index (self->report.problems, i));
  for (guint i = 0; self->report.duplicates != NULL && i < self->report.duplicates->len; i++)
    g_ptr_array_add (self->problems, g_ptr_array_index (self->report.duplicates, i));
  for (guint i = 0; i < self->problems->len; i++)
    g_ptr_array_add (indexes, g_strdup_printf ("%u", i));
  g_ptr_array_add (indexes, NULL);
  gtk_string_list_splice (self->problem_model, 0, n_old, (const char * const *) indexes->pdata);

  /* TRANSLATORS: a heading with the number of bad rows, e.g. "Rows with Problems (3)" */
  title = g_strdup_printf (_("Rows with Problems (%u)"), n_bad);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->problems_group), title);
  gtk_widget_set_visible (self->problems_group, self->problems->len > 0);

  for (guint i = 0; self->report.warnings != NULL && i < self->report.warnings->len; i++)
    g_string_append_printf (warnings, "%s%s", i > 0 ? "\n" : "",
                            (const char *) g_ptr_array_index (self->report.warnings, i));
  gtk_label_set_text (self->warnings_label, warnings->str);
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_label), warnings->len > 0);
  show_columns (self);
}

static void
set_kind_row (McImportSheet *self)
{
  self->setting_kind = TRUE;
  adw_combo_row_set_selected (self->kind_row, self->kind == MC_IMPORT_KIND_ORDERS ? 1 : 0);
  self->setting_kind = FALSE;
}

/* ------------------------------------------------------------------------------------ */
/* The dry run and the import                                                           */

static void check_done_cb  (GObject *source, GAsyncResult *result, gpointer user_data);
static void import_done_cb (GObject *source, GAsyncResult *result, gpointer user_data);

static void
start_job (McImportSheet       *self,
           gboolean             dry_run,
           GAsyncReadyCallback  callback)
{
  McDb *db = mc_window_get_db (self->window);
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_assert (db != NULL);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;

  job = g_new0 (Job, 1);
  job->sheet = g_object_ref (self);
  job->generation = self->generation;
  job->path = g_strdup (self->path);
  job->db_path = g_strdup (mc_db_get_path (db));
  job->kind = self->kind;
  job->role = mc_db_get_role (db);
  job->actor = g_strdup (mc_db_get_actor (db));
  job->dry_run = dry_run;
  job->skip_invalid = gtk_check_button_get_active (self->skip_check);

  task = g_task_new (self, self->cancellable, callback, GUINT_TO_POINTER (self->generation));
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, job_thread);
}

static void
start_check (McImportSheet *self)
{
  self->state = STATE_CHECKING;
  set_message (self, NULL);
  gtk_label_set_text (self->rows_label, _("Checking every row…"));
  update_actions (self);
  start_job (self, TRUE, check_done_cb);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  McImportSheet *self = MC_IMPORT_SHEET (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (GPOINTER_TO_UINT (user_data) != self->generation || self->state != STATE_CHECKING)
    return;   /* a newer check replaced this one, or the sheet is closing */
  g_clear_object (&self->cancellable);

  mc_import_report_clear (&self->report);
  self->report = job->report;
  memset (&job->report, 0, sizeof job->report);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  self->columns = g_steal_pointer (&job->columns);
  self->kind = job->kind;
  set_kind_row (self);
  if (job->dry_run && job->detected != MC_IMPORT_KIND_UNKNOWN && job->detected == job->kind)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row), _("Told from the header row"));
  else if (job->detected != MC_IMPORT_KIND_UNKNOWN)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row), _("Chosen by you; the header row looks like another kind"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->kind_row), _("The header row does not tell: choose what the rows are"));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      self->state = STATE_FAILED;
      set_message (self, error->message);
      gtk_label_set_text (self->rows_label, "");
      show_columns (self);
      gtk_widget_set_visible (self->problems_group, FALSE);
      update_actions (self);
      return;
    }
  self->state = STATE_READY;
  if (self->report.rows_read == 0)
    set_message (self, _("The file has no rows to import."));
  show_report (self);
  update_actions (self);
}

static void
import_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  McImportSheet *self = MC_IMPORT_SHEET (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  McWindow *window = self->window;
  g_autofree char *message = NULL;

  if (GPOINTER_TO_UINT (user_data) != self->generation)
    return;
  g_clear_object (&self->cancellable);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          self->state = STATE_DONE;
          mc_window_show_toast (window, error->message);
          update_actions (self);
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      self->state = STATE_READY;
      set_message (self, error->message);
      update_actions (self);
      return;
    }

  self->state = STATE_DONE;
  update_actions (self);
  if (job->kind == MC_IMPORT_KIND_ORDERS)
    message = g_strdup_printf (g_dngettext (NULL, "Imported %u order.", "Imported %u orders.",
                                            job->report.rows_imported), job->report.rows_imported);
  else
    message = g_strdup_printf (g_dngettext (NULL, "Imported %u member.", "Imported %u members.",
                                            job->report.rows_imported), job->report.rows_imported);
  if (job->report.rows_skipped > 0)
    {
      g_autofree char *skipped = g_strdup_printf (g_dngettext (NULL, "%s %u row with problems was skipped.",
                                                               "%s %u rows with problems were skipped.",
                                                               job->report.rows_skipped),
                                                  message, job->report.rows_skipped);

      g_free (message);
      message = g_steal_pointer (&skipped);
    }
  mc_window_show_toast (window, message);
  mc_window_workspace_changed (window);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_start_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  McImportSheet *self = MC_IMPORT_SHEET (widget);

  if (!mc_import_sheet_can_import (self))
    return;
  self->state = STATE_IMPORTING;
  set_message (self, NULL);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  update_actions (self);
  start_job (self, FALSE, import_done_cb);
}

static void
import_cancel_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  McImportSheet *self = MC_IMPORT_SHEET (widget);

  if (self->state == STATE_IMPORTING && self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
kind_selected_cb (McImportSheet *self)
{
  McImportKind kind = adw_combo_row_get_selected (self->kind_row) == 1 ? MC_IMPORT_KIND_ORDERS
                                                                        : MC_IMPORT_KIND_MEMBERS;

  if (!self->setting_kind)
    mc_import_sheet_set_kind (self, kind);
}

static void
skip_toggled_cb (McImportSheet *self)
{
  update_actions (self);
}

/* ------------------------------------------------------------------------------------ */
/* The problems' columns                                                                */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_INT (user_data) == COL_REASON)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_width_chars (GTK_LABEL (label), 30);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (GPOINTER_TO_INT (user_data) == COL_LINE)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  McImportSheet *self = g_object_get_data (G_OBJECT (factory), "sheet");
  GtkStringObject *index = gtk_list_item_get_item (item);
  guint i = (guint) strtoul (gtk_string_object_get_string (index), NULL, 10);
  McImportProblem *problem = i < self->problems->len ? g_ptr_array_index (self->problems, i) : NULL;
  g_autofree char *line = NULL;
  const char *text = "";

  if (problem == NULL)
    return;
  switch (GPOINTER_TO_INT (user_data))
    {
    case COL_LINE:
      text = line = g_strdup_printf ("%u", problem->line);
      break;
    case COL_COLUMN:
      text = problem->column != NULL ? problem->column : _("(the row)");
      break;
    case COL_VALUE:
      text = problem->value != NULL ? problem->value : "";
      break;
    case COL_REASON:
    default:
      text = problem->reason != NULL ? problem->reason : "";
      break;
    }
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static void
add_problem_column (McImportSheet *self,
                    const char    *title,
                    int            which,
                    gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_object_set_data (G_OBJECT (factory), "sheet", self);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (which));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GINT_TO_POINTER (which));
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (self->problems_view, column);
  g_object_unref (column);
}

/* ------------------------------------------------------------------------------------ */
/* Public                                                                               */

McImportSheet *
mc_import_sheet_new (McWindow *window,
                     GFile    *file)
{
  McImportSheet *self;
  g_autofree char *display = NULL;

  g_return_val_if_fail (MC_IS_WINDOW (window), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (MC_TYPE_IMPORT_SHEET, "transient-for", window, NULL);
  self->window = g_object_ref (window);
  self->path = g_file_get_path (file);
  display = g_file_get_parse_name (file);
  {
    g_autofree char *base = g_path_get_basename (display);
    g_autofree char *folder = g_path_get_dirname (display);
    g_autofree char *escaped = g_markup_escape_text (base, -1);

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->file_row), escaped);
    adw_action_row_set_subtitle (self->file_row, folder);
  }
  if (self->path == NULL || mc_window_get_db (window) == NULL)
    {
      self->state = STATE_FAILED;
      set_message (self, self->path == NULL ? _("Only a file on this computer can be imported.")
                                            : _("Open a workspace first, then import into it."));
      update_actions (self);
      return self;
    }
  start_check (self);
  return self;
}

const char *
mc_import_sheet_get_state (McImportSheet *self)
{
  g_return_val_if_fail (MC_IS_IMPORT_SHEET (self), NULL);
  return state_names[self->state];
}

McImportKind
mc_import_sheet_get_kind (McImportSheet *self)
{
  g_return_val_if_fail (MC_IS_IMPORT_SHEET (self), MC_IMPORT_KIND_UNKNOWN);
  return self->kind;
}

void
mc_import_sheet_set_kind (McImportSheet *self,
                          McImportKind   kind)
{
  g_return_if_fail (MC_IS_IMPORT_SHEET (self));
  g_return_if_fail (kind == MC_IMPORT_KIND_MEMBERS || kind == MC_IMPORT_KIND_ORDERS);

  if (self->state == STATE_IMPORTING || self->state == STATE_DONE || self->path == NULL ||
      mc_window_get_db (self->window) == NULL ||
      (kind == self->kind && self->state != STATE_FAILED))
    return;
  self->kind = kind;
  set_kind_row (self);
  start_check (self);
}

guint
mc_import_sheet_get_rows_read (McImportSheet *self)
{
  g_return_val_if_fail (MC_IS_IMPORT_SHEET (self), 0);
  return self->report.rows_read;
}

const char *
mc_import_sheet_get_column_field (McImportSheet *self,
                                  const char    *header)
{
  g_return_val_if_fail (MC_IS_IMPORT_SHEET (self), NULL);

  for (guint i = 0; self->columns != NULL && i < self->columns->len; i++)
    {
      McImportColumn *column = g_ptr_array_index (self->columns, i);

      if (g_strcmp0 (column->header, header) == 0)
        return column->field;
    }
  return NULL;
}

guint
mc_import_sheet_get_n_problems (McImportSheet *self)
{
  g_return_val_if_fail (MC_IS_IMPORT_SHEET (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->problem_model));
}

char *
mc_import_sheet_get_problem_text (McImportSheet *self,
                                  guint          i)
{
  McImportProblem *problem;

  g_return_val_if_fail (MC_IS_IMPORT_SHEET (self), NULL);

  if (i >= self->problems->len)
    return NULL;
  problem = g_ptr_array_index (self->problems, i);
  return g_strdup_printf ("%u\t%s\t%s\t%s", problem->line, problem->column != NULL ? problem->column : "",
                          problem->value != NULL ? problem->value : "", problem->reason);
}

void
mc_import_sheet_set_skip_invalid (McImportSheet *self,
                                  gboolean       skip)
{
  g_return_if_fail (MC_IS_IMPORT_SHEET (self));
  gtk_check_button_set_active (self->skip_check, skip);
}

gboolean
mc_import_sheet_can_import (McImportSheet *self)
{
  g_return_val_if_fail (MC_IS_IMPORT_SHEET (self), FALSE);

  return self->state == STATE_READY &&
         mc_window_get_db (self->window) != NULL &&
         self->report.rows_valid > 0 &&
         (n_bad_rows (self) == 0 || gtk_check_button_get_active (self->skip_check));
}

/* ------------------------------------------------------------------------------------ */
/* GObject                                                                              */

static gboolean
mc_import_sheet_close_request (GtkWindow *window)
{
  McImportSheet *self = MC_IMPORT_SHEET (window);

  /* While importing, Cancel first: closing must not leave a write running unseen. */
  if (self->state == STATE_IMPORTING)
    {
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  self->state = STATE_DONE;
  return GTK_WINDOW_CLASS (mc_import_sheet_parent_class)->close_request (window);
}

static void
mc_import_sheet_dispose (GObject *object)
{
  McImportSheet *self = MC_IMPORT_SHEET (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->window);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_IMPORT_SHEET);
  G_OBJECT_CLASS (mc_import_sheet_parent_class)->dispose (object);
}

static void
mc_import_sheet_finalize (GObject *object)
{
  McImportSheet *self = MC_IMPORT_SHEET (object);

  g_free (self->path);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->columns, g_ptr_array_unref);
  g_clear_pointer (&self->column_rows, g_ptr_array_unref);
  mc_import_report_clear (&self->report);
  g_clear_object (&self->problem_model);
  G_OBJECT_CLASS (mc_import_sheet_parent_class)->finalize (object);
}

static void
mc_import_sheet_class_init (McImportSheetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mc_import_sheet_dispose;
  object_class->finalize = mc_import_sheet_finalize;
  window_class->close_request = mc_import_sheet_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-import-sheet.ui");
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, file_row);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, kind_row);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, spinner);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, rows_label);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, message_label);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, progress_box);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, problems_group);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, skip_check);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, problems_view);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, warnings_label);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, columns_group);
  gtk_widget_class_bind_template_child (widget_class, McImportSheet, close_button);

  gtk_widget_class_install_action (widget_class, "import.start", NULL, import_start_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, import_cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mc_import_sheet_init (McImportSheet *self)
{
  g_autoptr(GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->kind = MC_IMPORT_KIND_UNKNOWN;
  self->problems = g_ptr_array_new ();
  self->column_rows = g_ptr_array_new ();
  self->problem_model = gtk_string_list_new (NULL);
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->problem_model)));
  gtk_column_view_set_model (self->problems_view, GTK_SELECTION_MODEL (selection));
  add_problem_column (self, _("Line"), COL_LINE, FALSE);
  add_problem_column (self, _("Column"), COL_COLUMN, FALSE);
  add_problem_column (self, C_("the bad value in a CSV cell", "Value"), COL_VALUE, FALSE);
  add_problem_column (self, _("Reason"), COL_REASON, TRUE);
  gtk_widget_set_visible (self->problems_group, FALSE);
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (kind_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->skip_check, "toggled", G_CALLBACK (skip_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  update_actions (self);
}
