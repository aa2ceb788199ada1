/* mc-member-query-runner.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "mc-member-query-runner.h"

struct _McMemberQueryRunner
{
  GObject  parent_instance;
  char    *path;
  GMutex   lock;    /* held by the worker that uses reader */
  McDb    *reader;  /* opened by the first worker; only ever used under lock */
};

G_DEFINE_FINAL_TYPE (McMemberQueryRunner, mc_member_query_runner, G_TYPE_OBJECT)

static void
mc_member_query_runner_finalize (GObject *object)
{
  McMemberQueryRunner *self = MC_MEMBER_QUERY_RUNNER (object);

  g_clear_object (&self->reader);
  g_mutex_clear (&self->lock);
  g_free (self->path);
  G_OBJECT_CLASS (mc_member_query_runner_parent_class)->finalize (object);
}

static void
mc_member_query_runner_class_init (McMemberQueryRunnerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mc_member_query_runner_finalize;
}

static void
mc_member_query_runner_init (McMemberQueryRunner *self)
{
  g_mutex_init (&self->lock);
}

McMemberQueryRunner *
mc_member_query_runner_new (const char *path)
{
  McMemberQueryRunner *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MC_TYPE_MEMBER_QUERY_RUNNER, NULL);
  self->path = g_strdup (path);
  return self;
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  McMemberQueryRunner *self = source_object;
  const McMemberQuery *query = task_data;
  g_autoptr(GError) error = NULL;
  GArray *rowids = NULL;

  g_mutex_lock (&self->lock);
  if (self->reader == NULL)
    self->reader = mc_db_open_reader (self->path, &error);
  if (self->reader != NULL)
    rowids = mc_member_query_run_full (self->reader, query, cancellable, &error);
  g_mutex_unlock (&self->lock);
#ifdef __GLIBC__
  /* A query of a million members grows arrays of tens of MiB in this thread's arena (the
   * name sort's keys, the rowids while they come); glibc keeps what was freed there
   * unless asked to give it back. */
  malloc_trim (0);
#endif

  if (rowids != NULL)
    g_task_return_pointer (task, rowids, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
mc_member_query_runner_run_async (McMemberQueryRunner *self,
                                  const McMemberQuery *query,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MC_IS_MEMBER_QUERY_RUNNER (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_member_query_runner_run_async);
  g_task_set_task_data (task, mc_member_query_copy (query), (GDestroyNotify) mc_member_query_free);
  g_task_run_in_thread (task, run_thread);
}

GArray *
mc_member_query_runner_run_finish (McMemberQueryRunner  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (MC_IS_MEMBER_QUERY_RUNNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
