/* mc-sync-scheduler.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The continuous mode's timers: a periodic one restarted at the end of every run, a
 * debounce one restarted by every local change.
 */
#define G_LOG_DOMAIN "mc-sync"

#include "config.h"

#include "mc-sync-scheduler.h"

struct _McSyncScheduler
{
  GObject   parent_instance;

  gboolean  enabled;
  gboolean  running;
  gboolean  pending;        /* a request came during the run */
  guint     interval_ms;
  guint     debounce_ms;
  guint     period_id;
  guint     debounce_id;
};

G_DEFINE_FINAL_TYPE (McSyncScheduler, mc_sync_scheduler, G_TYPE_OBJECT)

enum {
  RUN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_source (guint *id)
{
  if (*id != 0)
    {
      g_source_remove (*id);
      *id = 0;
    }
}

static void
mc_sync_scheduler_dispose (GObject *object)
{
  McSyncScheduler *self = MC_SYNC_SCHEDULER (object);

  clear_source (&self->period_id);
  clear_source (&self->debounce_id);
  G_OBJECT_CLASS (mc_sync_scheduler_parent_class)->dispose (object);
}

static void
mc_sync_scheduler_class_init (McSyncSchedulerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mc_sync_scheduler_dispose;

  /* The owner starts a run, and calls mc_sync_scheduler_run_finished() when it ends. */
  signals[RUN] = g_signal_new ("run", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                               0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mc_sync_scheduler_init (McSyncScheduler *self)
{
  self->interval_ms = 15 * 60 * 1000;
  self->debounce_ms = 3000;
}

McSyncScheduler *
mc_sync_scheduler_new (void)
{
  return g_object_new (MC_TYPE_SYNC_SCHEDULER, NULL);
}

static gboolean period_cb   (gpointer user_data);

static void
start_period (McSyncScheduler *self)
{
  clear_source (&self->period_id);
  if (self->enabled && !self->running && self->interval_ms > 0)
    self->period_id = g_timeout_add (self->interval_ms, period_cb, self);
}

void
mc_sync_scheduler_request (McSyncScheduler *self)
{
  g_return_if_fail (MC_IS_SYNC_SCHEDULER (self));

  if (self->running)
    {
      self->pending = TRUE;
      return;
    }
  clear_source (&self->period_id);
  clear_source (&self->debounce_id);
  self->running = TRUE;
  self->pending = FALSE;
  g_signal_emit (self, signals[RUN], 0);
}

static gboolean
period_cb (gpointer user_data)
{
  McSyncScheduler *self = user_data;

  self->period_id = 0;
  mc_sync_scheduler_request (self);
  return G_SOURCE_REMOVE;
}

static gboolean
debounce_cb (gpointer user_data)
{
  McSyncScheduler *self = user_data;

  self->debounce_id = 0;
  mc_sync_scheduler_request (self);
  return G_SOURCE_REMOVE;
}

void
mc_sync_scheduler_run_finished (McSyncScheduler *self)
{
  g_return_if_fail (MC_IS_SYNC_SCHEDULER (self));
  g_return_if_fail (self->running);

  self->running = FALSE;
  if (self->pending)
    {
      mc_sync_scheduler_request (self);
      return;
    }
  start_period (self);
}

void
mc_sync_scheduler_set_enabled (McSyncScheduler *self,
                               gboolean         enabled)
{
  g_return_if_fail (MC_IS_SYNC_SCHEDULER (self));

  enabled = !!enabled;
  if (self->enabled == enabled)
    return;
  self->enabled = enabled;
  if (enabled)
    mc_sync_scheduler_request (self);
  else
    {
      clear_source (&self->period_id);
      clear_source (&self->debounce_id);
    }
}

gboolean
mc_sync_scheduler_get_enabled (McSyncScheduler *self)
{
  g_return_val_if_fail (MC_IS_SYNC_SCHEDULER (self), FALSE);
  return self->enabled;
}

void
mc_sync_scheduler_set_interval (McSyncScheduler *self,
                                guint            interval_ms)
{
  g_return_if_fail (MC_IS_SYNC_SCHEDULER (self));

  if (self->interval_ms == interval_ms)
    return;
  self->interval_ms = interval_ms;
  if (self->period_id != 0)
    start_period (self);
}

void
mc_sync_scheduler_set_debounce (McSyncScheduler *self,
                                guint            debounce_ms)
{
  g_return_if_fail (MC_IS_SYNC_SCHEDULER (self));
  self->debounce_ms = debounce_ms;
}

void
mc_sync_scheduler_local_change (McSyncScheduler *self)
{
  g_return_if_fail (MC_IS_SYNC_SCHEDULER (self));

  if (!self->enabled)
    return;
  if (self->running)
    {
      /* Made during the run: maybe after its push read the changes. */
      self->pending = TRUE;
      return;
    }
  clear_source (&self->debounce_id);
  self->debounce_id = g_timeout_add (self->debounce_ms, debounce_cb, self);
}

gboolean
mc_sync_scheduler_is_running (McSyncScheduler *self)
{
  g_return_val_if_fail (MC_IS_SYNC_SCHEDULER (self), FALSE);
  return self->running;
}

void
mc_sync_scheduler_reset (McSyncScheduler *self)
{
  g_return_if_fail (MC_IS_SYNC_SCHEDULER (self));

  clear_source (&self->period_id);
  clear_source (&self->debounce_id);
  self->pending = FALSE;
  self->enabled = FALSE;
}
