/* mc-sync-controller.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One run: the worker opens the workspace again (its own connection), reads the password
 * from the store, pulls, then pushes (two runs of the replicator, so a push the server
 * forbids still leaves the pulled data, and says the user may only read). Progress goes
 * to the main thread through idles that hold a reference to the controller.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "mc-error.h"
#include "mc-sync-controller.h"
#include "mc-sync-refused.h"

struct _McSyncController
{
  GObject           parent_instance;

  McPasswordStore  *store;
  McSyncScheduler  *scheduler;
  char             *path;            /* the workspace's file */
  McSyncSettings    settings;
  guint             max_retries;
  guint             first_delay_ms;

  GCancellable     *cancellable;     /* of the running run */
  McReplicator     *replicator;      /* of the running run */
  McSyncStatus      status;
  McSyncDirection   phase;
  guint64           done;
  char             *message;
  McSyncStats       stats;
  gboolean          have_stats;
  gint64            last_run;
  gboolean          read_only;
};

G_DEFINE_FINAL_TYPE (McSyncController, mc_sync_controller, G_TYPE_OBJECT)

enum {
  CHANGED,
  FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
changed (McSyncController *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
clear_stats (McSyncStats *stats)
{
  g_clear_pointer (&stats->last_seq, g_free);
  memset (stats, 0, sizeof *stats);
}

/* The worker */

typedef struct
{
  char            *path;
  char            *url;
  char            *user;
  McReplicator    *replicator;
  McPasswordStore *store;
  McSyncStats      stats;
  gboolean         read_only;
} Run;

static void
run_free (gpointer data)
{
  Run *run = data;

  g_free (run->path);
  g_free (run->url);
  g_free (run->user);
  g_clear_object (&run->replicator);
  g_clear_object (&run->store);
  clear_stats (&run->stats);
  g_free (run);
}

typedef struct
{
  McSyncController *self;
  McSyncDirection   phase;
  guint64           done;
} Progress;

static gboolean
progress_idle_cb (gpointer data)
{
  Progress *p = data;

  if (p->self->replicator != NULL)
    {
      p->self->phase = p->phase;
      p->self->done = p->done;
      changed (p->self);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *p = data;

  g_object_unref (p->self);
  g_free (p);
}

static void
progress_cb (McSyncDirection phase,
             guint64         done,
             gpointer        user_data)
{
  Progress *p = g_new0 (Progress, 1);

  p->self = g_object_ref (user_data);
  p->phase = phase;
  p->done = done;
  g_idle_add_full (G_PRIORITY_DEFAULT, progress_idle_cb, p, progress_free);
}

static void
add_stats (McSyncStats       *sum,
           const McSyncStats *one)
{
  sum->docs_read += one->docs_read;
  sum->docs_written += one->docs_written;
  sum->pulled += one->pulled;
  sum->pushed += one->pushed;
  sum->rejected += one->rejected;
  sum->conflicts = one->conflicts;
  sum->retries += one->retries;
  if (one->last_seq != NULL)
    {
      g_free (sum->last_seq);
      sum->last_seq = g_strdup (one->last_seq);
    }
  if (one->push_seq > 0)
    sum->push_seq = one->push_seq;
}

/* Every revision of the push refused for want of permission: a read-only user. */
static gboolean
push_all_forbidden (McDb              *db,
                    const McSyncStats *push)
{
  g_autoptr(GPtrArray) refused = NULL;
  guint n = 0;

  if (push->rejected == 0 || push->pushed > 0)
    return FALSE;
  refused = mc_sync_refused_list (db, (guint) MIN (push->rejected, 1000), NULL);
  for (guint i = 0; refused != NULL && i < refused->len; i++)
    if (mc_sync_refused_is_permission (refused->pdata[i]))
      n++;
  return refused != NULL && n == refused->len && n > 0;
}

/* Kept in the workspace, so a console opened again knows before its first push. */
static void
remember_read_only (McDb     *db,
                    gboolean  read_only)
{
  if (!mc_db_begin (db, NULL))
    return;
  if (mc_db_set_meta (db, "sync_read_only", read_only ? "1" : "0", NULL))
    mc_db_commit (db, NULL);
  else
    mc_db_rollback (db);
}

static gboolean
recalled_read_only (McDb *db)
{
  g_autofree char *value = NULL;

  return mc_db_get_meta (db, "sync_read_only", &value, NULL) && g_strcmp0 (value, "1") == 0;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Run *run = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (run->path, &error);
  char *password = NULL;
  gboolean ok;

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (run->user != NULL)
    {
      password = mc_password_store_lookup (run->store, run->url, run->user, &error);
      if (password == NULL)
        {
          if (error == NULL)
            g_set_error (&error, MC_ERROR, MC_ERROR_PERMISSION,
                         _("No password is kept for %s: enter it on the Sync page."), run->user);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }
  mc_replicator_set_credentials (run->replicator, run->user, password);
  mc_password_free (password);

  mc_replicator_set_direction (run->replicator, MC_SYNC_DIRECTION_PULL);
  ok = mc_replicator_run (run->replicator, db, cancellable, &error);
  add_stats (&run->stats, mc_replicator_get_stats (run->replicator));
  if (ok)
    {
      mc_replicator_set_direction (run->replicator, MC_SYNC_DIRECTION_PUSH);
      ok = mc_replicator_run (run->replicator, db, cancellable, &error);
      add_stats (&run->stats, mc_replicator_get_stats (run->replicator));
      if (!ok && g_error_matches (error, MC_ERROR, MC_ERROR_PERMISSION))
        {
          /* The server let us read but not write. */
          run->read_only = TRUE;
          g_clear_error (&error);
          ok = TRUE;
        }
      else if (ok)
        {
          const McSyncStats *push = mc_replicator_get_stats (run->replicator);

          if (push->pushed > 0)
            run->read_only = FALSE;
          else if (push->rejected > 0)
            run->read_only = push_all_forbidden (db, push);
          /* Nothing tried: what the last push said still holds. */
        }
      if (ok)
        remember_read_only (db, run->read_only);
    }
  mc_replicator_set_credentials (run->replicator, NULL, NULL);
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  McSyncController *self = MC_SYNC_CONTROLLER (source);
  Run *run = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);
  gboolean pulled;

  g_clear_object (&self->cancellable);
  g_clear_object (&self->replicator);
  if (self->scheduler == NULL)
    return;   /* disposed while it ran */
  if (g_strcmp0 (run->path, self->path) != 0 || self->settings.url == NULL ||
      g_strcmp0 (run->url, self->settings.url) != 0)
    {
      /* Another workspace or server since it started: its figures are not this one's. */
      if (!self->have_stats || self->status == MC_SYNC_STATUS_SYNCING)
        self->status = self->path != NULL && self->settings.url != NULL ? MC_SYNC_STATUS_IDLE
                                                                         : MC_SYNC_STATUS_NOT_SET_UP;
      mc_sync_scheduler_run_finished (self->scheduler);
      changed (self);
      return;
    }
  clear_stats (&self->stats);
  self->stats = run->stats;
  memset (&run->stats, 0, sizeof run->stats);
  self->have_stats = TRUE;
  self->last_run = g_get_real_time () / G_USEC_PER_SEC;
  pulled = self->stats.pulled > 0;
  g_clear_pointer (&self->message, g_free);
  if (ok)
    {
      self->read_only = run->read_only;
      self->status = self->stats.conflicts > 0 ? MC_SYNC_STATUS_CONFLICTS : MC_SYNC_STATUS_SYNCED;
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      self->message = g_strdup (_("The sync was cancelled. Nothing is lost: the next one goes on from the last checkpoint."));
      self->status = self->settings.url != NULL ? MC_SYNC_STATUS_IDLE : MC_SYNC_STATUS_NOT_SET_UP;
    }
  else
    {
      self->message = g_strdup (error->message);
      self->status = g_error_matches (error, MC_ERROR, MC_ERROR_IO) ? MC_SYNC_STATUS_OFFLINE : MC_SYNC_STATUS_ERROR;
      if (g_error_matches (error, MC_ERROR, MC_ERROR_PERMISSION) && self->settings.ca_file == NULL &&
          g_str_has_prefix (self->settings.url, "https:") && strstr (error->message, "--ca-file") != NULL)
        {
          /* The replicator speaks of the command line's option: say where it is here. */
          g_autofree char *text = g_steal_pointer (&self->message);

          self->message = g_strdup_printf ("%s\n%s", text,
                                           _("For a self-hosted server, choose the file of the authority that signed its certificate under Extra certificate authority."));
        }
    }
  if (self->path == NULL)
    self->status = MC_SYNC_STATUS_NOT_SET_UP;
  mc_sync_scheduler_run_finished (self->scheduler);
  changed (self);
  /* Pulled records, conflicts or refusals: the pages read again. */
  g_signal_emit (self, signals[FINISHED], 0, pulled);
}

static void
scheduler_run_cb (McSyncScheduler  *scheduler,
                  McSyncController *self)
{
  Run *run;
  g_autoptr(GTask) task = NULL;

  if (self->path == NULL || self->settings.url == NULL)
    {
      mc_sync_scheduler_run_finished (scheduler);
      return;
    }
  run = g_new0 (Run, 1);
  run->path = g_strdup (self->path);
  run->url = g_strdup (self->settings.url);
  run->user = g_strdup (self->settings.user);
  run->store = g_object_ref (self->store);
  run->read_only = self->read_only;
  run->replicator = mc_replicator_new (self->settings.url);
  mc_replicator_set_ca_file (run->replicator, self->settings.ca_file);
  mc_replicator_set_retry (run->replicator, self->max_retries, self->first_delay_ms);
  mc_replicator_set_progress (run->replicator, progress_cb, self);

  self->cancellable = g_cancellable_new ();
  self->replicator = g_object_ref (run->replicator);
  self->status = MC_SYNC_STATUS_SYNCING;
  self->phase = MC_SYNC_DIRECTION_PULL;
  self->done = 0;
  changed (self);

  task = g_task_new (self, self->cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, scheduler_run_cb);
  g_task_set_task_data (task, run, run_free);
  g_task_run_in_thread (task, run_thread);
}

/* GObject */

static void
mc_sync_controller_dispose (GObject *object)
{
  McSyncController *self = MC_SYNC_CONTROLLER (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->scheduler != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->scheduler, self);
      mc_sync_scheduler_reset (self->scheduler);
    }
  g_clear_object (&self->scheduler);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (mc_sync_controller_parent_class)->dispose (object);
}

static void
mc_sync_controller_finalize (GObject *object)
{
  McSyncController *self = MC_SYNC_CONTROLLER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->replicator);
  g_free (self->path);
  g_free (self->message);
  mc_sync_settings_clear (&self->settings);
  clear_stats (&self->stats);
  G_OBJECT_CLASS (mc_sync_controller_parent_class)->finalize (object);
}

static void
mc_sync_controller_class_init (McSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_sync_controller_dispose;
  object_class->finalize = mc_sync_controller_finalize;

  /* The status, the progress, the message or the figures changed. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A run ended; the argument is TRUE when it wrote records into the workspace. */
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
mc_sync_controller_init (McSyncController *self)
{
  self->scheduler = mc_sync_scheduler_new ();
  self->max_retries = 6;
  self->first_delay_ms = 250;
  self->settings.interval_minutes = MC_SYNC_INTERVAL_DEFAULT;
  g_signal_connect (self->scheduler, "run", G_CALLBACK (scheduler_run_cb), self);
}

McSyncController *
mc_sync_controller_new (McPasswordStore *store)
{
  McSyncController *self;

  g_return_val_if_fail (MC_IS_PASSWORD_STORE (store), NULL);

  self = g_object_new (MC_TYPE_SYNC_CONTROLLER, NULL);
  self->store = g_object_ref (store);
  return self;
}

McPasswordStore *
mc_sync_controller_get_store (McSyncController *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONTROLLER (self), NULL);
  return self->store;
}

McSyncScheduler *
mc_sync_controller_get_scheduler (McSyncController *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONTROLLER (self), NULL);
  return self->scheduler;
}

static void
copy_settings (McSyncSettings       *to,
               const McSyncSettings *from)
{
  mc_sync_settings_clear (to);
  to->url = g_strdup (from->url);
  to->user = g_strdup (from->user);
  to->ca_file = g_strdup (from->ca_file);
  to->interval_minutes = from->interval_minutes;
  to->continuous = from->continuous;
}

void
mc_sync_controller_apply_settings (McSyncController     *self,
                                   const McSyncSettings *settings)
{
  g_return_if_fail (MC_IS_SYNC_CONTROLLER (self));
  g_return_if_fail (settings != NULL);

  /* Another server or user: what the last one allowed says nothing. */
  if (self->settings.url != NULL &&
      (g_strcmp0 (self->settings.url, settings->url) != 0 || g_strcmp0 (self->settings.user, settings->user) != 0))
    self->read_only = FALSE;
  copy_settings (&self->settings, settings);
  mc_sync_scheduler_set_interval (self->scheduler, settings->interval_minutes * 60 * 1000);
  if (!mc_sync_scheduler_is_running (self->scheduler))
    {
      self->status = self->path == NULL || settings->url == NULL ? MC_SYNC_STATUS_NOT_SET_UP
                     : self->have_stats ? self->status : MC_SYNC_STATUS_IDLE;
      if (self->status == MC_SYNC_STATUS_NOT_SET_UP)
        self->read_only = FALSE;
    }
  mc_sync_scheduler_set_enabled (self->scheduler, self->path != NULL && settings->url != NULL &&
                                                  settings->continuous);
  changed (self);
}

void
mc_sync_controller_set_db (McSyncController *self,
                           McDb             *db)
{
  McSyncSettings settings = { 0 };

  g_return_if_fail (MC_IS_SYNC_CONTROLLER (self));

  if (db != NULL && g_strcmp0 (mc_db_get_path (db), self->path) == 0)
    return;
  mc_sync_controller_cancel (self);
  mc_sync_scheduler_reset (self->scheduler);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->message, g_free);
  clear_stats (&self->stats);
  self->have_stats = FALSE;
  self->last_run = 0;
  self->read_only = FALSE;
  self->status = MC_SYNC_STATUS_NOT_SET_UP;
  if (db != NULL)
    {
      g_autoptr(GError) error = NULL;

      self->path = g_strdup (mc_db_get_path (db));
      if (!mc_sync_settings_load (db, &settings, &error))
        {
          self->message = g_strdup (error->message);
          settings.interval_minutes = MC_SYNC_INTERVAL_DEFAULT;
        }
    }
  else
    settings.interval_minutes = MC_SYNC_INTERVAL_DEFAULT;
  if (db != NULL && settings.url != NULL)
    self->read_only = recalled_read_only (db);
  mc_sync_controller_apply_settings (self, &settings);
  mc_sync_settings_clear (&settings);
}

void
mc_sync_controller_set_retry (McSyncController *self,
                              guint             max_retries,
                              guint             first_delay_ms)
{
  g_return_if_fail (MC_IS_SYNC_CONTROLLER (self));
  self->max_retries = max_retries;
  self->first_delay_ms = first_delay_ms;
}

void
mc_sync_controller_sync_now (McSyncController *self)
{
  g_return_if_fail (MC_IS_SYNC_CONTROLLER (self));
  if (self->path != NULL && self->settings.url != NULL)
    mc_sync_scheduler_request (self->scheduler);
}

void
mc_sync_controller_cancel (McSyncController *self)
{
  g_return_if_fail (MC_IS_SYNC_CONTROLLER (self));
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

void
mc_sync_controller_local_change (McSyncController *self)
{
  g_return_if_fail (MC_IS_SYNC_CONTROLLER (self));
  mc_sync_scheduler_local_change (self->scheduler);
}

McSyncStatus
mc_sync_controller_get_status (McSyncController *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONTROLLER (self), MC_SYNC_STATUS_NOT_SET_UP);
  return self->status;
}

gboolean
mc_sync_controller_is_running (McSyncController *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONTROLLER (self), FALSE);
  return self->replicator != NULL;
}

McSyncDirection
mc_sync_controller_get_phase (McSyncController *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONTROLLER (self), MC_SYNC_DIRECTION_PULL);
  return self->phase;
}

guint64
mc_sync_controller_get_done (McSyncController *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONTROLLER (self), 0);
  return self->done;
}

const char *
mc_sync_controller_get_message (McSyncController *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONTROLLER (self), NULL);
  return self->message;
}

const McSyncStats *
mc_sync_controller_get_stats (McSyncController *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONTROLLER (self), NULL);
  return self->have_stats ? &self->stats : NULL;
}

gint64
mc_sync_controller_get_last_run (McSyncController *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONTROLLER (self), 0);
  return self->last_run;
}

gboolean
mc_sync_controller_get_read_only (McSyncController *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONTROLLER (self), FALSE);
  return self->read_only;
}

char *
mc_sync_controller_describe (McSyncController *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONTROLLER (self), NULL);

  switch (self->status)
    {
    case MC_SYNC_STATUS_NOT_SET_UP:
      return g_strdup (_("Sync not set up"));
    case MC_SYNC_STATUS_IDLE:
      return g_strdup (_("Not synced yet"));
    case MC_SYNC_STATUS_SYNCING:
      if (self->done == 0)
        return g_strdup (_("Syncing…"));
      /* TRANSLATORS: the header bar while syncing: the phase and the changes done so far */
      return g_strdup_printf (self->phase == MC_SYNC_DIRECTION_PUSH ? _("Sending… %" PRIu64)
                                                                    : _("Receiving… %" PRIu64),
                              self->done);
    case MC_SYNC_STATUS_SYNCED:
      return g_strdup (self->read_only ? _("Synced (read-only)") : _("Synced"));
    case MC_SYNC_STATUS_CONFLICTS:
      return g_strdup_printf (ngettext ("%u conflict", "%u conflicts", (gulong) self->stats.conflicts),
                              (guint) self->stats.conflicts);
    case MC_SYNC_STATUS_OFFLINE:
      return g_strdup (_("Offline"));
    case MC_SYNC_STATUS_ERROR:
    default:
      return g_strdup (_("Sync error"));
    }
}

const char *
mc_sync_status_icon_name (McSyncStatus status)
{
  switch (status)
    {
    case MC_SYNC_STATUS_SYNCING:   return "emblem-synchronizing-symbolic";
    case MC_SYNC_STATUS_SYNCED:    return "emblem-ok-symbolic";
    case MC_SYNC_STATUS_CONFLICTS: return "dialog-warning-symbolic";
    case MC_SYNC_STATUS_OFFLINE:   return "network-offline-symbolic";
    case MC_SYNC_STATUS_ERROR:     return "dialog-error-symbolic";
    case MC_SYNC_STATUS_IDLE:      return "emblem-synchronizing-symbolic";
    case MC_SYNC_STATUS_NOT_SET_UP:
    default:                       return "network-offline-symbolic";
    }
}
