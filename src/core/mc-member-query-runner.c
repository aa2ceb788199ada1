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

typedef struct
{
  McMemberQuery *query;
  McRole         role;
  guint          n_first_rows;
} RunData;

static void
run_data_free (RunData *data)
{
  mc_member_query_free (data->query);
  g_free (data);
}

void
mc_member_query_result_free (McMemberQueryResult *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->first_rows, g_ptr_array_unref);
  g_free (self);
}

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
  RunData *data = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McMemberQueryResult) result = g_new0 (McMemberQueryResult, 1);

  result->role = data->role;
  g_mutex_lock (&self->lock);
  if (self->reader == NULL)
    self->reader = mc_db_open_reader (self->path, &error);
  if (self->reader != NULL)
    result->rowids = mc_member_query_run_full (self->reader, data->query, cancellable, &error);
  if (result->rowids != NULL && data->n_first_rows > 0 &&
      !g_cancellable_is_cancelled (cancellable))
    result->first_rows = mc_member_query_load_rows (self->reader, result->rowids, 0,
                                                    data->n_first_rows, data->role, &error);
  g_mutex_unlock (&self->lock);
#ifdef __GLIBC__
  /* A query of a million members grows arrays of tens of MiB in this thread's arena (the
   * name sort's keys, the rowids while they come); glibc keeps what was freed there
   * unless asked to give it back. */
  malloc_trim (0);
#endif

  if (g_task_return_error_if_cancelled (task))
    return;
  if (result->rowids == NULL || (data->n_first_rows > 0 && result->first_rows == NULL))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) mc_member_query_result_free);
}

void
mc_member_query_runner_run_async (McMemberQueryRunner *self,
                                  const McMemberQuery *query,
                                  McRole               role,
                                  guint                n_first_rows,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (MC_IS_MEMBER_QUERY_RUNNER (self));
  g_return_if_fail (query != NULL);

  data = g_new0 (RunData, 1);
  data->query = mc_member_query_copy (query);
  data->role = role;
  data->n_first_rows = n_first_rows;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mc_member_query_runner_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_thread);
}

McMemberQueryResult *
mc_member_query_runner_run_finish (McMemberQueryRunner  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (MC_IS_MEMBER_QUERY_RUNNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
