/* mc-backup-scheduler.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Automatic backups while the app runs. The schedule itself lives in the core
 * (mc_backup_auto: the newest backup's time is in its name), so a check is cheap and
 * idempotent: this class only decides when to ask, and asks off the main loop.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-backup-auto.h"
#include "mc-backup-scheduler.h"
#include "mc-db.h"

#define FIRST_CHECK_SECONDS 60
#define CHECK_EVERY_SECONDS 600

struct _McBackupScheduler
{
  GObject        parent_instance;
  GSettings     *settings;
  GApplication  *app;           /* not owned */
  GCancellable  *cancellable;
  guint          first_id;
  guint          every_id;
  gboolean       running;
};

enum { DONE, FAILED, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (McBackupScheduler, mc_backup_scheduler, G_TYPE_OBJECT)

typedef struct
{
  char   *workspace;
  char   *dir;
  McRole  role;
  guint   keep;
  gint64  interval;
} Job;

static void
job_free (Job *job)
{
  g_free (job->workspace);
  g_free (job->dir);
  g_free (job);
}

static void
run_in_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (job->workspace, &error);
  McBackupAutoResult r = { 0 };
  g_autofree char *dir = NULL;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mc_db_set_role (db, job->role);
  dir = job->dir != NULL ? g_strdup (job->dir) : mc_backup_auto_default_dir (db);
  if (!mc_backup_auto (db, dir, job->keep, job->interval, 0, &r, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&r.path), g_free);
}

static void
done_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  McBackupScheduler *self = MC_BACKUP_SCHEDULER (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);

  self->running = FALSE;
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_signal_emit (self, signals[FAILED], 0, error->message);
      if (self->app != NULL)
        {
          g_autoptr(GNotification) n = g_notification_new (_("Automatic backup failed"));

          g_notification_set_body (n, error->message);
          g_application_send_notification (self->app, "backup-failed", n);
        }
      return;
    }
  g_signal_emit (self, signals[DONE], 0, path);
}

void
mc_backup_scheduler_check_now (McBackupScheduler *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *workspace = NULL;
  g_autofree char *role_name = NULL;
  g_autofree char *dir = NULL;
  McRole role = MC_ROLE_OWNER;
  Job *job;

  g_return_if_fail (MC_IS_BACKUP_SCHEDULER (self));

  if (self->running || !g_settings_get_boolean (self->settings, "backup-auto"))
    return;
  workspace = g_settings_get_string (self->settings, "last-workspace");
  role_name = g_settings_get_string (self->settings, "role");
  /* A role that may not back up is not asked every ten minutes (each refusal would be
   * audited). */
  if (!mc_role_from_string (role_name, &role) || !mc_role_allows (role, MC_PERMISSION_BACKUP) ||
      workspace[0] == '\0' || !g_file_test (workspace, G_FILE_TEST_IS_REGULAR))
    return;
  dir = g_settings_get_string (self->settings, "backup-folder");

  job = g_new0 (Job, 1);
  job->workspace = g_steal_pointer (&workspace);
  job->dir = dir[0] != '\0' ? g_steal_pointer (&dir) : NULL;
  job->role = role;
  job->keep = (guint) MAX (1, g_settings_get_int (self->settings, "backup-keep"));
  job->interval = (gint64) MAX (1, g_settings_get_int (self->settings, "backup-interval-hours")) * 3600;

  self->running = TRUE;
  task = g_task_new (self, self->cancellable, done_cb, NULL);
  g_task_set_source_tag (task, mc_backup_scheduler_check_now);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_in_thread);
}

static gboolean
first_check_cb (gpointer user_data)
{
  McBackupScheduler *self = user_data;

  self->first_id = 0;
  mc_backup_scheduler_check_now (self);
  return G_SOURCE_REMOVE;
}

static gboolean
every_check_cb (gpointer user_data)
{
  mc_backup_scheduler_check_now (user_data);
  return G_SOURCE_CONTINUE;
}

/* A workspace opened (or the schedule changed): check a minute from now, once the
 * window has settled. */
static void
schedule_first_check (McBackupScheduler *self)
{
  g_clear_handle_id (&self->first_id, g_source_remove);
  self->first_id = g_timeout_add_seconds (FIRST_CHECK_SECONDS, first_check_cb, self);
}

static void
settings_changed_cb (GSettings         *settings,
                     const char        *key,
                     McBackupScheduler *self)
{
  if (g_str_equal (key, "last-workspace") || g_str_has_prefix (key, "backup-"))
    schedule_first_check (self);
}

static void
mc_backup_scheduler_dispose (GObject *object)
{
  McBackupScheduler *self = MC_BACKUP_SCHEDULER (object);

  g_cancellable_cancel (self->cancellable);
  self->app = NULL;
  g_clear_handle_id (&self->first_id, g_source_remove);
  g_clear_handle_id (&self->every_id, g_source_remove);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (mc_backup_scheduler_parent_class)->dispose (object);
}

static void
mc_backup_scheduler_class_init (McBackupSchedulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_backup_scheduler_dispose;

  /* The backup written, or NULL when none was due. */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* What went wrong, a translated message. */
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
mc_backup_scheduler_init (McBackupScheduler *self)
{
  self->cancellable = g_cancellable_new ();
}

McBackupScheduler *
mc_backup_scheduler_new (GSettings    *settings,
                         GApplication *app)
{
  McBackupScheduler *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MC_TYPE_BACKUP_SCHEDULER, NULL);
  self->settings = g_object_ref (settings);
  self->app = app;
  g_signal_connect (settings, "changed", G_CALLBACK (settings_changed_cb), self);
  schedule_first_check (self);
  self->every_id = g_timeout_add_seconds (CHECK_EVERY_SECONDS, every_check_cb, self);
  return self;
}
