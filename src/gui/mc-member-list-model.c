/* mc-member-list-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of McMemberRow over the member table that reads on demand: the query's
 * rowids are kept in order (8 bytes a member), rows are read a page of
 * MC_MEMBER_LIST_MODEL_PAGE_SIZE at a time through mc-member-query, and at most
 * MC_MEMBER_LIST_MODEL_MAX_PAGES pages stay cached (least recently used go first). A
 * million members scroll with about 6,400 of them in memory.
 *
 * mc_member_list_model_run_query() runs the query in a worker (McMemberQueryRunner, on
 * its own read connection) and cancels the one before; the model keeps its rows, with
 * "loading" TRUE, until the new rowids arrive, with the first page of rows read there
 * too. Other pages are read on the main thread as they are needed, by rowid (200 rows in
 * a few milliseconds; tens when the database's pages are not in a cache yet).
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include "mc-member-list-model.h"
#include "mc-member-query-runner.h"
#include "mc-member-row.h"

struct _McMemberListModel
{
  GObject        parent_instance;
  McDb          *db;
  McMemberQuery *query;
  GArray        *rowids;       /* gint64, the query's order */
  GHashTable    *pages;        /* page number -> GPtrArray of McMemberRow */
  GHashTable    *live;         /* position -> LiveRow: every item handed out and alive */
  GQueue         lru;          /* page numbers (GUINT_TO_POINTER), most recent first */
  guint          n_page_loads;
  McMemberQueryRunner *runner;
  GCancellable  *pending;      /* the query running in the worker, if any */
  McMemberQuery *pending_query;
  gint64         pending_started;
  double         last_query_ms;
};

static void list_model_iface_init (GListModelInterface *iface);
static void cancel_pending        (McMemberListModel   *self);
static void replace_rows          (McMemberListModel   *self,
                                   const McMemberQuery *query,
                                   GArray              *rowids);
static void replace_rows_with_first (McMemberListModel *self,
                                     const McMemberQuery *query,
                                     GArray            *rowids,
                                     GPtrArray         *first_rows);

G_DEFINE_FINAL_TYPE_WITH_CODE (McMemberListModel, mc_member_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  LOAD_FAILED,
  QUERY_DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
mc_member_list_model_get_item_type (GListModel *model)
{
  return MC_TYPE_MEMBER_ROW;
}

static guint
mc_member_list_model_get_n_items (GListModel *model)
{
  McMemberListModel *self = MC_MEMBER_LIST_MODEL (model);

  return self->rowids->len;
}

static void
drop_pages (McMemberListModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

/* An item handed out by get_item(), watched so that a new query can give it the data of
 * its position in place: GTK then keeps the widget showing it (rebuilding the visible
 * rows' widgets cost 50–90 ms of a search on the main thread, measured at 1M). */
typedef struct
{
  McMemberListModel *model;
  McMemberRow       *row;          /* NULL once it is gone */
  guint              position;
} LiveRow;

static void
live_row_gone (gpointer  data,
               GObject  *where_the_object_was)
{
  LiveRow *live = data;

  live->row = NULL;
  g_hash_table_remove (live->model->live, GUINT_TO_POINTER (live->position));
}

static void
live_row_free (gpointer data)
{
  LiveRow *live = data;

  if (live->row != NULL)
    g_object_weak_unref (G_OBJECT (live->row), live_row_gone, live);
  g_free (live);
}

static McMemberRow *
live_row_lookup (McMemberListModel *self,
                 guint              position)
{
  LiveRow *live = g_hash_table_lookup (self->live, GUINT_TO_POINTER (position));

  return live != NULL ? live->row : NULL;
}

static void
live_row_add (McMemberListModel *self,
              guint              position,
              McMemberRow       *row)
{
  LiveRow *live = g_new0 (LiveRow, 1);

  live->model = self;
  live->row = row;
  live->position = position;
  g_object_weak_ref (G_OBJECT (row), live_row_gone, live);
  g_hash_table_replace (self->live, GUINT_TO_POINTER (position), live);
}

static void
touch_page (McMemberListModel *self,
            guint              page)
{
  GList *link = g_queue_find (&self->lru, GUINT_TO_POINTER (page));

  if (link != NULL)
    g_queue_unlink (&self->lru, link);
  else
    link = g_list_alloc ();
  link->data = GUINT_TO_POINTER (page);
  g_queue_push_head_link (&self->lru, link);

  while (self->lru.length > MC_MEMBER_LIST_MODEL_MAX_PAGES)
    {
      guint old = GPOINTER_TO_UINT (g_queue_pop_tail (&self->lru));

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (old));
    }
}

/* A row that could not be read (deleted since the query ran, or a database error). */
static McMemberRow *
placeholder_row (gint64 rowid)
{
  McMemberListRow *row = g_new0 (McMemberListRow, 1);

  row->rowid = rowid;
  row->id = g_strdup ("");
  row->card_no = g_strdup ("");
  row->name = g_strdup ("—");
  row->tier = g_strdup ("");
  return mc_member_row_new_take (row);
}

/* Items for rowids[offset .. offset + n) from the rows read for them (NULL: none could be
 * read); a row missing (deleted since) becomes a placeholder. Takes the rows. */
static GPtrArray *
page_items (McMemberListModel *self,
            guint              offset,
            guint              n,
            GPtrArray         *rows)
{
  GPtrArray *items = g_ptr_array_new_full (n, g_object_unref);
  guint j = 0;

  for (guint i = 0; i < n; i++)
    {
      gint64 rowid = g_array_index (self->rowids, gint64, offset + i);
      McMemberListRow *row = rows != NULL && j < rows->len ? g_ptr_array_index (rows, j) : NULL;

      if (row != NULL && row->rowid == rowid)
        {
          g_ptr_array_add (items, mc_member_row_new_take (row));
          rows->pdata[j++] = NULL;  /* taken */
        }
      else
        g_ptr_array_add (items, placeholder_row (rowid));
    }
  return items;
}

static GPtrArray *
load_page (McMemberListModel *self,
           guint              page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint offset = page * MC_MEMBER_LIST_MODEL_PAGE_SIZE;
  guint n = MIN (MC_MEMBER_LIST_MODEL_PAGE_SIZE, self->rowids->len - offset);
  gint64 start = g_get_monotonic_time ();

  rows = mc_member_query_load_rows (self->db, self->rowids, offset, n,
                                    mc_db_get_role (self->db), &error);
  self->n_page_loads++;
  if (rows == NULL)
    g_signal_emit (self, signals[LOAD_FAILED], 0, error);
  g_debug ("member page %u: %u rows in %.1f ms", page, n, (g_get_monotonic_time () - start) / 1000.0);
  return page_items (self, offset, n, rows);
}

static gpointer
mc_member_list_model_get_item (GListModel *model,
                               guint       position)
{
  McMemberListModel *self = MC_MEMBER_LIST_MODEL (model);
  guint page = position / MC_MEMBER_LIST_MODEL_PAGE_SIZE;
  GPtrArray *items;

  McMemberRow *row;

  if (position >= self->rowids->len)
    return NULL;

  row = live_row_lookup (self, position);
  if (row != NULL)
    return g_object_ref (row);
  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    {
      items = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
    }
  touch_page (self, page);
  row = g_ptr_array_index (items, position % MC_MEMBER_LIST_MODEL_PAGE_SIZE);
  live_row_add (self, position, row);
  return g_object_ref (row);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = mc_member_list_model_get_item_type;
  iface->get_n_items = mc_member_list_model_get_n_items;
  iface->get_item = mc_member_list_model_get_item;
}

static void
mc_member_list_model_dispose (GObject *object)
{
  McMemberListModel *self = MC_MEMBER_LIST_MODEL (object);

  drop_pages (self);
  if (self->live != NULL)
    g_hash_table_remove_all (self->live);
  if (self->pending != NULL)
    g_cancellable_cancel (self->pending);
  g_clear_object (&self->pending);
  g_clear_object (&self->runner);
  g_clear_object (&self->db);
  G_OBJECT_CLASS (mc_member_list_model_parent_class)->dispose (object);
}

static void
mc_member_list_model_finalize (GObject *object)
{
  McMemberListModel *self = MC_MEMBER_LIST_MODEL (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->query, mc_member_query_free);
  g_clear_pointer (&self->pending_query, mc_member_query_free);
  G_OBJECT_CLASS (mc_member_list_model_parent_class)->finalize (object);
}

static void
mc_member_list_model_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  McMemberListModel *self = MC_MEMBER_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->pending != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_member_list_model_class_init (McMemberListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_member_list_model_dispose;
  object_class->finalize = mc_member_list_model_finalize;
  object_class->get_property = mc_member_list_model_get_property;

  /* A query runs in the worker: the rows shown are still the previous query's. */
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A query run by mc_member_list_model_run_query() replaced the items. */
  signals[QUERY_DONE] = g_signal_new ("query-done", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                      G_TYPE_NONE, 0);

  /* A page could not be read: its rows show as placeholders. */
  signals[LOAD_FAILED] = g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
mc_member_list_model_init (McMemberListModel *self)
{
  self->query = mc_member_query_new ();
  self->rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->live = g_hash_table_new_full (NULL, NULL, NULL, live_row_free);
  g_queue_init (&self->lru);
}

McMemberListModel *
mc_member_list_model_new (McDb *db)
{
  McMemberListModel *self;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  self = g_object_new (MC_TYPE_MEMBER_LIST_MODEL, NULL);
  self->db = g_object_ref (db);
  self->runner = mc_member_query_runner_new (mc_db_get_path (db));
  return self;
}

McDb *
mc_member_list_model_get_db (McMemberListModel *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_LIST_MODEL (self), NULL);
  return self->db;
}

const McMemberQuery *
mc_member_list_model_get_query (McMemberListModel *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_LIST_MODEL (self), NULL);
  return self->query;
}

gboolean
mc_member_list_model_set_query (McMemberListModel   *self,
                                const McMemberQuery *query,
                                GError             **error)
{
  g_autoptr(GArray) rowids = NULL;

  g_return_val_if_fail (MC_IS_MEMBER_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  rowids = mc_member_query_run (self->db, query, error);
  if (rowids == NULL)
    return FALSE;

  cancel_pending (self);
  replace_rows (self, query, g_steal_pointer (&rowids));
  return TRUE;
}

static void
replace_rows (McMemberListModel   *self,
              const McMemberQuery *query,
              GArray              *rowids)
{
  replace_rows_with_first (self, query, rowids, NULL);
}

static int
compare_positions (gconstpointer a,
                   gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Gives the live items at positions (sorted here) the data their position now has, read
 * from the cached pages (the first page's rows come from the worker) or read now. */
static void
refill_live (McMemberListModel *self,
             GArray            *positions)
{
  g_array_sort (positions, compare_positions);
  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);
      guint page = position / MC_MEMBER_LIST_MODEL_PAGE_SIZE;
      GPtrArray *items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
      McMemberRow *live = live_row_lookup (self, position);
      McMemberRow *fresh;

      if (items == NULL)
        {
          items = load_page (self, page);
          g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
          touch_page (self, page);
        }
      fresh = g_ptr_array_index (items, position % MC_MEMBER_LIST_MODEL_PAGE_SIZE);
      if (live == NULL || live == fresh)
        continue;
      /* The live item takes the data and its place in the page. */
      mc_member_row_take_data_from (live, fresh);
      g_object_ref (live);
      g_ptr_array_index (items, position % MC_MEMBER_LIST_MODEL_PAGE_SIZE) = live;
      g_object_unref (fresh);
    }
}

/* first_rows: the rows of page 0 read in the worker, or NULL.
 *
 * The items GTK holds (live) keep their identity: those below the new count get the data
 * of their position in the new result, in place, and items-changed covers only the tail
 * (added or removed). GTK so keeps its row widgets and rebinds nothing; a replacement of
 * every item made it tear down and build the visible rows again on each search. (A
 * GtkSingleSelection told of one big replacement would also look for its selected item
 * among every added one: a million rows read. The tail never holds it but at its end.) */
static void
replace_rows_with_first (McMemberListModel   *self,
                         const McMemberQuery *query,
                         GArray              *rowids,
                         GPtrArray           *first_rows)
{
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;
  guint old_n, new_n;

  if (query != self->query)
    {
      g_clear_pointer (&self->query, mc_member_query_free);
      self->query = mc_member_query_copy (query);
    }
  old_n = self->rowids->len;
  new_n = rowids->len;
  drop_pages (self);
  g_clear_pointer (&self->rowids, g_array_unref);
  self->rowids = rowids;
  if (first_rows != NULL && new_n > 0)
    {
      guint n = MIN (MC_MEMBER_LIST_MODEL_PAGE_SIZE, new_n);

      g_hash_table_insert (self->pages, GUINT_TO_POINTER (0), page_items (self, 0, n, first_rows));
      touch_page (self, 0);
    }

  /* Items past the new end go with the tail; the others take their new data. */
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint position = GPOINTER_TO_UINT (key);

      if (position >= new_n)
        g_hash_table_iter_remove (&iter);
      else
        g_array_append_val (positions, position);
    }
  refill_live (self, positions);

  if (new_n > old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, new_n - old_n);
  else if (new_n < old_n)
    g_list_model_items_changed (G_LIST_MODEL (self), new_n, old_n - new_n, 0);
}

static void
cancel_pending (McMemberListModel *self)
{
  if (self->pending == NULL)
    return;
  g_cancellable_cancel (self->pending);
  g_clear_object (&self->pending);
  g_clear_pointer (&self->pending_query, mc_member_query_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(McMemberListModel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McMemberQueryResult) found = NULL;
  g_autoptr(GArray) rowids = NULL;
  g_autoptr(McMemberQuery) query = NULL;

  found = mc_member_query_runner_run_finish (MC_MEMBER_QUERY_RUNNER (source), result, &error);
  /* Superseded by a newer query (or the model went away): nothing to show. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      self->pending == NULL || g_task_get_cancellable (G_TASK (result)) != self->pending)
    return;
  if (found != NULL)
    rowids = g_steal_pointer (&found->rowids);

  query = g_steal_pointer (&self->pending_query);
  g_clear_object (&self->pending);
  if (rowids == NULL)
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
      g_signal_emit (self, signals[LOAD_FAILED], 0, error);
      return;
    }
  self->last_query_ms = (g_get_monotonic_time () - self->pending_started) / 1000.0;
  g_debug ("member query: %u rows in %.1f ms", rowids->len, self->last_query_ms);
  replace_rows_with_first (self, query, g_steal_pointer (&rowids),
                           found->role == mc_db_get_role (self->db) ? found->first_rows : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_signal_emit (self, signals[QUERY_DONE], 0);
}

void
mc_member_list_model_run_query (McMemberListModel   *self,
                                const McMemberQuery *query)
{
  gboolean was_loading;

  g_return_if_fail (MC_IS_MEMBER_LIST_MODEL (self));
  g_return_if_fail (query != NULL);

  was_loading = self->pending != NULL;
  if (self->pending != NULL)
    {
      g_cancellable_cancel (self->pending);
      g_clear_object (&self->pending);
      g_clear_pointer (&self->pending_query, mc_member_query_free);
    }
  self->pending = g_cancellable_new ();
  self->pending_query = mc_member_query_copy (query);
  self->pending_started = g_get_monotonic_time ();
  mc_member_query_runner_run_async (self->runner, query, mc_db_get_role (self->db),
                                    MC_MEMBER_LIST_MODEL_PAGE_SIZE, self->pending, run_done_cb,
                                    g_object_ref (self));
  if (!was_loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
mc_member_list_model_cancel (McMemberListModel *self)
{
  g_return_if_fail (MC_IS_MEMBER_LIST_MODEL (self));
  cancel_pending (self);
}

gboolean
mc_member_list_model_get_loading (McMemberListModel *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_LIST_MODEL (self), FALSE);
  return self->pending != NULL;
}

const McMemberQuery *
mc_member_list_model_get_pending_query (McMemberListModel *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_LIST_MODEL (self), NULL);
  return self->pending_query != NULL ? self->pending_query : self->query;
}

double
mc_member_list_model_get_last_query_ms (McMemberListModel *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_LIST_MODEL (self), 0.0);
  return self->last_query_ms;
}

gboolean
mc_member_list_model_reload (McMemberListModel  *self,
                             GError            **error)
{
  g_return_val_if_fail (MC_IS_MEMBER_LIST_MODEL (self), FALSE);
  return mc_member_list_model_set_query (self, self->query, error);
}

void
mc_member_list_model_refresh (McMemberListModel *self)
{
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (MC_IS_MEMBER_LIST_MODEL (self));

  /* Same rowids, fresh data: only the items GTK holds can be on screen; they are read
   * again in place (no items-changed, so no selection looks for anything), and every
   * other row is read again when it is next asked for. */
  drop_pages (self);
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint position = GPOINTER_TO_UINT (key);

      g_array_append_val (positions, position);
    }
  refill_live (self, positions);
}

guint
mc_member_list_model_get_n_cached_pages (McMemberListModel *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_LIST_MODEL (self), 0);
  return g_hash_table_size (self->pages);
}

guint
mc_member_list_model_get_n_page_loads (McMemberListModel *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_LIST_MODEL (self), 0);
  return self->n_page_loads;
}
