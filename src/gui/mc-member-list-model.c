/* mc-member-list-model.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of McMemberRow over the member table that reads on demand: the query's
 * rowids are kept in order (8 bytes a member), rows are read a page of
 * MC_MEMBER_LIST_MODEL_PAGE_SIZE at a time through mc-member-query, and at most
 * MC_MEMBER_LIST_MODEL_MAX_PAGES pages stay cached (least recently used go first). A
 * million members scroll with about 6,400 of them in memory.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include "mc-member-list-model.h"
#include "mc-member-row.h"

struct _McMemberListModel
{
  GObject        parent_instance;
  McDb          *db;
  McMemberQuery *query;
  GArray        *rowids;       /* gint64, the query's order */
  GHashTable    *pages;        /* page number -> GPtrArray of McMemberRow */
  GQueue         lru;          /* page numbers (GUINT_TO_POINTER), most recent first */
  guint          n_page_loads;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (McMemberListModel, mc_member_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  LOAD_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

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

static GPtrArray *
load_page (McMemberListModel *self,
           guint              page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *items;
  guint offset = page * MC_MEMBER_LIST_MODEL_PAGE_SIZE;
  guint n = MIN (MC_MEMBER_LIST_MODEL_PAGE_SIZE, self->rowids->len - offset);
  guint j = 0;

  rows = mc_member_query_load_rows (self->db, self->rowids, offset, n,
                                    mc_db_get_role (self->db), &error);
  self->n_page_loads++;
  if (rows == NULL)
    g_signal_emit (self, signals[LOAD_FAILED], 0, error);

  items = g_ptr_array_new_full (n, g_object_unref);
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

static gpointer
mc_member_list_model_get_item (GListModel *model,
                               guint       position)
{
  McMemberListModel *self = MC_MEMBER_LIST_MODEL (model);
  guint page = position / MC_MEMBER_LIST_MODEL_PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->rowids->len)
    return NULL;

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    {
      items = load_page (self, page);
      g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
    }
  touch_page (self, page);
  return g_object_ref (g_ptr_array_index (items, position % MC_MEMBER_LIST_MODEL_PAGE_SIZE));
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
  g_clear_object (&self->db);
  G_OBJECT_CLASS (mc_member_list_model_parent_class)->dispose (object);
}

static void
mc_member_list_model_finalize (GObject *object)
{
  McMemberListModel *self = MC_MEMBER_LIST_MODEL (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->rowids, g_array_unref);
  g_clear_pointer (&self->query, mc_member_query_free);
  G_OBJECT_CLASS (mc_member_list_model_parent_class)->finalize (object);
}

static void
mc_member_list_model_class_init (McMemberListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mc_member_list_model_dispose;
  object_class->finalize = mc_member_list_model_finalize;

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
  g_queue_init (&self->lru);
}

McMemberListModel *
mc_member_list_model_new (McDb *db)
{
  McMemberListModel *self;

  g_return_val_if_fail (MC_IS_DB (db), NULL);

  self = g_object_new (MC_TYPE_MEMBER_LIST_MODEL, NULL);
  self->db = g_object_ref (db);
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
  guint old_n;

  g_return_val_if_fail (MC_IS_MEMBER_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (query != NULL, FALSE);

  rowids = mc_member_query_run (self->db, query, error);
  if (rowids == NULL)
    return FALSE;

  if (query != self->query)
    {
      g_clear_pointer (&self->query, mc_member_query_free);
      self->query = mc_member_query_copy (query);
    }
  old_n = self->rowids->len;
  g_clear_pointer (&self->rowids, g_array_unref);
  self->rowids = g_steal_pointer (&rowids);
  drop_pages (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->rowids->len);
  return TRUE;
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
  g_return_if_fail (MC_IS_MEMBER_LIST_MODEL (self));

  drop_pages (self);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, self->rowids->len, self->rowids->len);
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
