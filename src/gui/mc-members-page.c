/* mc-members-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member list: a GtkColumnView over McMemberListModel (paged from SQLite), sorted
 * by the clicked column, narrowed by a typed search, a tier filter and the filters of
 * McMemberFilters. Queries run in a worker: the rows shown stay, with a spinner, until
 * the new ones arrive, and a newer query cancels the one running.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-gui.h"
#include "mc-member-filters.h"
#include "mc-member-row.h"
#include "mc-members-page.h"
#include "mc-programme.h"
#include "mc-validate.h"

typedef enum
{
  COLUMN_CARD,
  COLUMN_NAME,
  COLUMN_PHONE,
  COLUMN_TIER,
  COLUMN_POINTS,
  COLUMN_GROWTH,
  COLUMN_LAST_VISIT,
  COLUMN_SPEND,
  N_COLUMNS
} Column;

static const struct {
  const char   *title;
  McMemberSort  sort;
  gboolean      numeric;
  int           width;          /* fixed width; 0: expand */
} columns[N_COLUMNS] = {
  [COLUMN_CARD] = { N_("Card"), MC_MEMBER_SORT_CARD, FALSE, 130 },
  [COLUMN_NAME] = { N_("Name"), MC_MEMBER_SORT_NAME, FALSE, 0 },
  [COLUMN_PHONE] = { N_("Phone"), MC_MEMBER_SORT_PHONE, FALSE, 130 },
  [COLUMN_TIER] = { N_("Tier"), MC_MEMBER_SORT_TIER, FALSE, 100 },
  [COLUMN_POINTS] = { N_("Points"), MC_MEMBER_SORT_POINTS, TRUE, 100 },
  [COLUMN_GROWTH] = { N_("Growth"), MC_MEMBER_SORT_GROWTH, TRUE, 100 },
  [COLUMN_LAST_VISIT] = { N_("Last Visit"), MC_MEMBER_SORT_LAST_VISIT, FALSE, 120 },
  [COLUMN_SPEND] = { N_("Total Spend"), MC_MEMBER_SORT_SPEND, TRUE, 130 },
};

struct _McMembersPage
{
  GtkWidget             parent_instance;

  McDb                 *db;
  McMemberListModel    *model;
  McProgramme          *programme;
  GPtrArray            *tier_codes;      /* parallel to the tier filter's items; [0] NULL */
  GTimeZone            *tz;
  GtkColumnViewColumn  *view_columns[N_COLUMNS];
  GObject              *probe_a;
  GObject              *probe_b;
  McMemberSort          sort;
  gboolean              descending;
  gboolean              loading;
  guint                 spinner_timeout;

  GtkSearchEntry       *search_entry;
  GtkDropDown          *tier_filter;
  GtkMenuButton        *filter_button;
  McMemberFilters      *filters;
  GtkSpinner           *spinner;
  GtkLabel             *status_label;
  GtkStack             *stack;
  GtkWidget            *scroller;
  GtkColumnView        *column_view;
};

G_DEFINE_FINAL_TYPE (McMembersPage, mc_members_page, GTK_TYPE_WIDGET)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define SPINNER_DELAY_MS 200

static void
update_status (McMembersPage *self)
{
  guint n = self->model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  const McMemberQuery *query = self->model != NULL ? mc_member_list_model_get_query (self->model) : NULL;
  g_autofree char *count = mc_gui_format_count (n);
  g_autofree char *text = NULL;

  if (self->db == NULL || query == NULL)
    text = g_strdup ("");
  else if (mc_member_query_has_text (query) && n >= MC_MEMBER_QUERY_MAX_HITS)
    text = g_strdup_printf (_("First %s matches"), count);
  else if (mc_member_query_has_text (query))
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s match", "%s matches", n), count);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s member", "%s members", n), count);
  gtk_label_set_text (self->status_label, text);
  gtk_stack_set_visible_child_name (self->stack, n > 0 || self->db == NULL ? "list" : "empty");
}

static void
update_filter_button (McMembersPage *self)
{
  guint n = mc_member_filters_get_n_active (self->filters);
  g_autofree char *label = n > 0 ? g_strdup_printf (_("Filters (%u)"), n) : NULL;

  gtk_menu_button_set_label (self->filter_button, label != NULL ? label : _("Filters"));
}

/* The query the controls say, run in the worker unless it is already shown or running. */
static void
apply_query (McMembersPage *self)
{
  g_autoptr(McMemberQuery) query = mc_member_query_new ();
  guint tier = gtk_drop_down_get_selected (self->tier_filter);

  if (self->db == NULL || self->loading)
    return;

  query->sort = self->sort;
  query->descending = self->descending;
  query->text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (self->tier_codes != NULL && tier < self->tier_codes->len)
    query->tier = g_strdup (g_ptr_array_index (self->tier_codes, tier));
  mc_member_filters_apply (self->filters, query);

  if (mc_member_query_equal (query, mc_member_list_model_get_pending_query (self->model)))
    return;
  mc_member_list_model_run_query (self->model, query);
}

static gboolean
show_spinner_cb (gpointer data)
{
  McMembersPage *self = data;

  self->spinner_timeout = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), TRUE);
  gtk_spinner_set_spinning (self->spinner, TRUE);
  return G_SOURCE_REMOVE;
}

/* The spinner shows only for a query that takes a while: a quick one would make it
 * flicker (and its frames cost the quick one time). */
static void
loading_changed_cb (McMembersPage *self)
{
  gboolean loading = self->model != NULL && mc_member_list_model_get_loading (self->model);

  if (loading && self->spinner_timeout == 0 && !gtk_widget_get_visible (GTK_WIDGET (self->spinner)))
    self->spinner_timeout = g_timeout_add (SPINNER_DELAY_MS, show_spinner_cb, self);
  if (!loading)
    {
      g_clear_handle_id (&self->spinner_timeout, g_source_remove);
      gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
      gtk_spinner_set_spinning (self->spinner, FALSE);
    }
}

/* New rows replaced the old: show them from the top. */
static void
query_done_cb (McMembersPage *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller));
  GtkSelectionModel *selection = gtk_column_view_get_model (self->column_view);

  /* The rows were given the new result's data in place: a selection would now point at
   * another member. */
  if (GTK_IS_SINGLE_SELECTION (selection))
    gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection), GTK_INVALID_LIST_POSITION);
  gtk_adjustment_set_value (adj, 0.0);
  update_status (self);
}

static void
filters_changed_cb (McMembersPage *self)
{
  update_filter_button (self);
  apply_query (self);
}

static void
emit_error_cb (McMembersPage *self,
               const GError  *error)
{
  g_signal_emit (self, signals[ERROR], 0, error);
}

static void
search_changed_cb (McMembersPage *self)
{
  apply_query (self);
}

static void
tier_changed_cb (McMembersPage *self)
{
  apply_query (self);
}

/* The column sorters only mark which column is sorted: the rows are sorted in SQL.
 * GTK 4.8 has no getter for the sorted column, so the view's sorter is asked to compare
 * two probes; the first column it consults (the primary) records itself, and the sign
 * of the answer gives the direction. */
static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  g_object_set_data (G_OBJECT (a), "mc-sort", user_data);
  return GTK_ORDERING_SMALLER;
}

static void
sorter_changed_cb (McMembersPage *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  GtkOrdering order;

  g_object_set_data (self->probe_a, "mc-sort", NULL);
  order = gtk_sorter_compare (sorter, self->probe_a, self->probe_b);
  if (order == GTK_ORDERING_EQUAL)
    {
      self->sort = MC_MEMBER_SORT_DEFAULT;
      self->descending = FALSE;
    }
  else
    {
      self->sort = GPOINTER_TO_INT (g_object_get_data (self->probe_a, "mc-sort")) - 1;
      self->descending = order == GTK_ORDERING_LARGER;
    }
  apply_query (self);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Column column = GPOINTER_TO_INT (user_data);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column == COLUMN_TIER)
    gtk_widget_set_halign (label, GTK_ALIGN_START);
  else
    gtk_label_set_xalign (GTK_LABEL (label), columns[column].numeric ? 1.0 : 0.0);
  if (columns[column].numeric || column == COLUMN_CARD || column == COLUMN_PHONE ||
      column == COLUMN_LAST_VISIT)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
fill_cell (McMembersPage *self,
           Column         column,
           GtkListItem   *item)
{
  McMemberRow *row = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  switch (column)
    {
    case COLUMN_CARD:
      gtk_label_set_text (label, mc_member_row_get_card_no (row));
      return;
    case COLUMN_NAME:
      gtk_label_set_text (label, mc_member_row_get_name (row));
      return;
    case COLUMN_PHONE:
      gtk_label_set_text (label, mc_member_row_get_phone (row) != NULL ? mc_member_row_get_phone (row) : "—");
      return;
    case COLUMN_TIER:
      mc_gui_set_tier_badge (label, self->programme, mc_member_row_get_tier (row));
      return;
    case COLUMN_POINTS:
      text = mc_gui_format_count (mc_member_row_get_points (row));
      break;
    case COLUMN_GROWTH:
      text = mc_gui_format_count (mc_member_row_get_growth (row));
      break;
    case COLUMN_LAST_VISIT:
      text = mc_member_row_get_last_visit_at (row) > 0
             ? mc_format_date (mc_member_row_get_last_visit_at (row), self->tz)
             : g_strdup ("—");
      break;
    case COLUMN_SPEND:
      text = mc_gui_format_money (mc_member_row_get_spend_fen (row));
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (label, text);
}

/* The list model gave the row another member's data in place (a new query). */
static void
row_changed_cb (McMemberRow *row,
                GtkListItem *item)
{
  fill_cell (g_object_get_data (G_OBJECT (item), "mc-page"),
             GPOINTER_TO_INT (g_object_get_data (G_OBJECT (item), "mc-column")), item);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              McMembersPage            *self)
{
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "mc-column"));
  gulong id;

  fill_cell (self, column, item);
  g_object_set_data (G_OBJECT (item), "mc-page", self);
  g_object_set_data (G_OBJECT (item), "mc-column", GINT_TO_POINTER (column));
  id = g_signal_connect (gtk_list_item_get_item (item), "changed", G_CALLBACK (row_changed_cb), item);
  g_object_set_data (G_OBJECT (item), "mc-changed-id", GSIZE_TO_POINTER ((gsize) id));
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                McMembersPage            *self)
{
  gulong id = (gulong) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (item), "mc-changed-id"));
  gpointer row = gtk_list_item_get_item (item);

  if (id != 0 && row != NULL)
    g_signal_handler_disconnect (row, id);
  g_object_set_data (G_OBJECT (item), "mc-changed-id", NULL);
}

/* Enter or a double click on a row opens the member (win.open-member). */
static void
row_activated_cb (McMembersPage *self,
                  guint          position)
{
  g_autoptr(McMemberRow) row = NULL;

  if (self->model == NULL)
    return;
  row = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (row != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-member", "s", mc_member_row_get_id (row));
}

/* GTK 4.8 has no alignment for a column's title: find the titles (GtkColumnViewTitle, one
 * per column, in order, in the header row; each holds a box of label and sort arrow) and
 * put the numeric ones' contents at the end, over their right-aligned numbers. Should a
 * later GTK build its titles otherwise, they keep GTK's alignment. */
static void
collect_titles (GtkWidget *widget,
                GPtrArray *titles)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (g_str_equal (G_OBJECT_TYPE_NAME (child), "GtkColumnViewTitle"))
        g_ptr_array_add (titles, child);
      else if (!GTK_IS_SCROLLED_WINDOW (child) && !GTK_IS_LIST_VIEW (child))
        collect_titles (child, titles);
    }
}

static void
align_titles (McMembersPage *self)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new ();

  collect_titles (GTK_WIDGET (self->column_view), titles);
  if (titles->len != N_COLUMNS)
    return;
  for (Column c = 0; c < N_COLUMNS; c++)
    {
      GtkWidget *contents = gtk_widget_get_first_child (g_ptr_array_index (titles, c));

      if (contents == NULL || !columns[c].numeric || !GTK_IS_BOX (contents))
        continue;
      gtk_widget_set_halign (contents, GTK_ALIGN_END);
      /* The sort arrow (which keeps its room when hidden) goes before the title, so the
       * title's end lines up with the numbers' end. */
      gtk_box_reorder_child_after (GTK_BOX (contents), gtk_widget_get_last_child (contents), NULL);
    }
}

static void
build_columns (McMembersPage *self)
{
  for (Column c = 0; c < N_COLUMNS; c++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      GtkSorter *sorter;

      g_object_set_data (G_OBJECT (factory), "mc-column", GINT_TO_POINTER (c));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (c));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), self);
      column = gtk_column_view_column_new (_(columns[c].title), factory);
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, GINT_TO_POINTER (columns[c].sort + 1), NULL));
      gtk_column_view_column_set_sorter (column, sorter);
      g_object_unref (sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (columns[c].width > 0)
        gtk_column_view_column_set_fixed_width (column, columns[c].width);
      else
        gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (self->column_view, column);
      self->view_columns[c] = column;
      g_object_unref (column);
    }
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  align_titles (self);
}

static void
fill_tier_filter (McMembersPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  g_clear_pointer (&self->tier_codes, g_ptr_array_unref);
  self->tier_codes = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (names, _("All Tiers"));
  g_ptr_array_add (self->tier_codes, NULL);
  for (guint i = 0; self->programme != NULL && i < self->programme->tiers->len; i++)
    {
      McTier *tier = g_ptr_array_index (self->programme->tiers, i);

      gtk_string_list_append (names, tier->name);
      g_ptr_array_add (self->tier_codes, g_strdup (tier->code));
    }
  gtk_drop_down_set_model (self->tier_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->tier_filter, 0);
}

gboolean
mc_members_page_set_db (McMembersPage  *self,
                        McDb           *db,
                        GError        **error)
{
  g_autoptr(McProgramme) programme = NULL;
  g_autoptr(McMemberListModel) model = NULL;
  g_autoptr(McMemberQuery) query = mc_member_query_new ();
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_return_val_if_fail (MC_IS_MEMBERS_PAGE (self), FALSE);
  g_return_val_if_fail (db == NULL || MC_IS_DB (db), FALSE);

  if (db != NULL)
    {
      programme = mc_programme_load_live (db, error);
      if (programme == NULL)
        return FALSE;
      if (!mc_member_filters_set_db (self->filters, db, error))
        return FALSE;
      model = mc_member_list_model_new (db);
      mc_gui_install_tier_css (programme);
    }
  else
    mc_member_filters_set_db (self->filters, NULL, NULL);

  g_set_object (&self->db, db);
  g_clear_pointer (&self->programme, mc_programme_free);
  self->programme = g_steal_pointer (&programme);
  /* Dates show in the workspace's time zone. */
  if (db != NULL)
    {
      g_clear_pointer (&self->tz, g_time_zone_unref);
      self->tz = g_time_zone_ref (mc_db_get_time_zone (db));
    }
  if (self->model != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->model, self);
      mc_member_list_model_cancel (self->model);
    }
  g_clear_object (&self->model);
  self->model = model != NULL ? g_steal_pointer (&model) : NULL;

  /* Reset the controls without a query for each. */
  self->loading = TRUE;
  self->sort = MC_MEMBER_SORT_DEFAULT;
  self->descending = FALSE;
  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  fill_tier_filter (self);
  update_filter_button (self);
  self->loading = FALSE;

  if (self->model == NULL)
    {
      gtk_column_view_set_model (self->column_view, NULL);
      loading_changed_cb (self);
      update_status (self);
      return TRUE;
    }
  g_signal_connect_object (self->model, "load-failed", G_CALLBACK (emit_error_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (loading_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "query-done", G_CALLBACK (query_done_cb),
                           self, G_CONNECT_SWAPPED);
  /* The first query runs in the worker too: the window shows at once, the rows follow. */
  mc_member_list_model_run_query (self->model, query);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (self->column_view, (GtkSelectionModel *) selection);
  update_status (self);
  return TRUE;
}

void
mc_members_page_refresh (McMembersPage *self)
{
  g_return_if_fail (MC_IS_MEMBERS_PAGE (self));

  if (self->model != NULL)
    mc_member_list_model_refresh (self->model);
}

void
mc_members_page_set_time_zone (McMembersPage *self,
                               const char    *zone)
{
  GTimeZone *tz;

  g_return_if_fail (MC_IS_MEMBERS_PAGE (self));

  /* A workspace's own time zone wins (mc_db_get_time_zone): dates are the workspace's. */
  if (self->db != NULL)
    return;

  tz = zone != NULL ? g_time_zone_new_identifier (zone) : NULL;
  if (tz == NULL)
    tz = g_time_zone_new_identifier ("Asia/Shanghai");
  if (tz == NULL)
    tz = g_time_zone_new_utc ();
  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = tz;
  mc_members_page_refresh (self);
}

void
mc_members_page_focus_search (McMembersPage *self)
{
  g_return_if_fail (MC_IS_MEMBERS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
mc_members_page_sort_by (McMembersPage *self,
                         McMemberSort   sort,
                         gboolean       descending)
{
  g_return_if_fail (MC_IS_MEMBERS_PAGE (self));

  for (Column c = 0; c < N_COLUMNS; c++)
    if (columns[c].sort == sort)
      {
        gtk_column_view_sort_by_column (self->column_view, self->view_columns[c],
                                        descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
        return;
      }
  gtk_column_view_sort_by_column (self->column_view, NULL, GTK_SORT_ASCENDING);
}

McMemberListModel *
mc_members_page_get_model (McMembersPage *self)
{
  g_return_val_if_fail (MC_IS_MEMBERS_PAGE (self), NULL);
  return self->model;
}

GtkColumnView *
mc_members_page_get_column_view (McMembersPage *self)
{
  g_return_val_if_fail (MC_IS_MEMBERS_PAGE (self), NULL);
  return self->column_view;
}

GtkSearchEntry *
mc_members_page_get_search_entry (McMembersPage *self)
{
  g_return_val_if_fail (MC_IS_MEMBERS_PAGE (self), NULL);
  return self->search_entry;
}

GtkDropDown *
mc_members_page_get_tier_filter (McMembersPage *self)
{
  g_return_val_if_fail (MC_IS_MEMBERS_PAGE (self), NULL);
  return self->tier_filter;
}

McMemberFilters *
mc_members_page_get_filters (McMembersPage *self)
{
  g_return_val_if_fail (MC_IS_MEMBERS_PAGE (self), NULL);
  return self->filters;
}

const char *
mc_members_page_get_status_text (McMembersPage *self)
{
  g_return_val_if_fail (MC_IS_MEMBERS_PAGE (self), NULL);
  return gtk_label_get_text (self->status_label);
}

static void
mc_members_page_dispose (GObject *object)
{
  McMembersPage *self = MC_MEMBERS_PAGE (object);

  if (self->column_view != NULL)
    {
      /* Removing a sorted column changes the sorter: no query for that. */
      g_signal_handlers_disconnect_by_func (gtk_column_view_get_sorter (self->column_view),
                                            sorter_changed_cb, self);
      gtk_column_view_set_model (self->column_view, NULL);
    }
  /* The model first: cancelling its query notifies "loading", whose handler needs the
   * template's widgets (a workspace change right before the window closes did that). */
  g_clear_handle_id (&self->spinner_timeout, g_source_remove);
  if (self->model != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->model, self);
      mc_member_list_model_cancel (self->model);
    }
  g_clear_object (&self->model);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_MEMBERS_PAGE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->db);
  g_clear_object (&self->probe_a);
  g_clear_object (&self->probe_b);
  G_OBJECT_CLASS (mc_members_page_parent_class)->dispose (object);
}

static void
mc_members_page_finalize (GObject *object)
{
  McMembersPage *self = MC_MEMBERS_PAGE (object);

  g_clear_pointer (&self->programme, mc_programme_free);
  g_clear_pointer (&self->tier_codes, g_ptr_array_unref);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  G_OBJECT_CLASS (mc_members_page_parent_class)->finalize (object);
}

static void
mc_members_page_class_init (McMembersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_members_page_dispose;
  object_class->finalize = mc_members_page_finalize;

  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (MC_TYPE_MEMBER_FILTERS);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-members-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McMembersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, McMembersPage, tier_filter);
  gtk_widget_class_bind_template_child (widget_class, McMembersPage, filter_button);
  gtk_widget_class_bind_template_child (widget_class, McMembersPage, filters);
  gtk_widget_class_bind_template_child (widget_class, McMembersPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McMembersPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, McMembersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, McMembersPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, McMembersPage, column_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, tier_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filters_changed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_members_page_init (McMembersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  self->probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  self->tz = g_time_zone_new_utc ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Members"), -1);
  build_columns (self);
  fill_tier_filter (self);
  update_status (self);
}
