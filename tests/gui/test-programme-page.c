/* test-programme-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Programme page as a person would use it, on a workspace made for the test: ten
 * members whose growth puts six in Member (500 each), three in Silver (3,000) and one in
 * Gold (10,000) under the default thresholds 0 / 2,000 / 8,000. A new draft, a threshold
 * slider dragged (the what-if follows: Silver 400 lifts all six into Silver), a rule broken
 * and shown beside the tier, the draft saved and compared, published (tiers change in the
 * workspace), a discarded draft brought back with Undo, and a draft published with a later
 * date: scheduled (the version menu says so), then live when the page loads after its date.
 */
#define G_LOG_DOMAIN "mc-test"

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "core/mc-member.h"
#include "core/mc-order.h"
#include "core/mc-programme.h"
#include "core/mc-programme-version.h"
#include "core/mc-tier.h"
#include "core/mc-programme-check.h"
#include "gui/mc-programme-benefits.h"
#include "gui/mc-programme-editor.h"
#include "gui/mc-programme-page.h"
#include "gui/mc-tier-row.h"
#include "gui/mc-tier-share-chart.h"
#include "gui/mc-window.h"

#define DAY ((gint64) 86400)
#define TIMEOUT_MS 30000

typedef struct
{
  char *dir;
  char *path;
} Workspace;

static void
add_member (McDb       *db,
            const char *name,
            const char *phone,
            gint64      amount_fen,
            gint64      at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) m = mc_member_new ();
  McOrderInput sale = { 0 };
  McOrderResult r = { 0 };

  m->name = g_strdup (name);
  m->phone = g_strdup (phone);
  m->joined_at = at - DAY;
  g_assert_true (mc_member_insert (db, m, &error));
  g_assert_no_error (error);
  sale.member_id = m->id;
  sale.amount_fen = amount_fen;
  sale.at = at;
  g_assert_true (mc_order_add (db, &sale, &r, &error));
  g_assert_no_error (error);
  mc_order_result_clear (&r);
}

/* Growth of a sale: 1 per whole yuan + 10 per order, so ¥490 -> 500, ¥2,990 -> 3,000,
 * ¥9,990 -> 10,000. */
static void
workspace_make (Workspace *ws)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = NULL;
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  gint64 at = g_get_real_time () / G_USEC_PER_SEC - 10 * DAY;
  McTierStats stats = { 0 };

  ws->dir = g_dir_make_tmp ("mc-test-programme-XXXXXX", &error);
  g_assert_no_error (error);
  ws->path = g_build_filename (ws->dir, "ws.mcdb", NULL);
  db = mc_db_open (ws->path, &error);
  g_assert_no_error (error);
  g_assert_true (mc_db_begin (db, &error));
  g_assert_true (mc_programme_install_live (db, programme, &error));
  g_assert_true (mc_db_commit (db, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 6; i++)
    {
      g_autofree char *name = g_strdup_printf ("Base %d", i);
      g_autofree char *phone = g_strdup_printf ("1380000010%d", i);

      add_member (db, name, phone, 49000, at);
    }
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("Silver %d", i);
      g_autofree char *phone = g_strdup_printf ("1380000020%d", i);

      add_member (db, name, phone, 299000, at);
    }
  add_member (db, "Gold Zhang", "13800000300", 999000, at);
  g_assert_true (mc_tiers_evaluate (db, g_get_real_time () / G_USEC_PER_SEC, &stats, &error));
  g_assert_no_error (error);
}

static void
workspace_clear (Workspace *ws)
{
  g_autoptr(GDir) dir = g_dir_open (ws->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (ws->dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (ws->dir);
  g_clear_pointer (&ws->path, g_free);
  g_clear_pointer (&ws->dir, g_free);
}

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
wait_for (gboolean (*cond) (gpointer),
          gpointer   data)
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_MS * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean ok;

  while (!(ok = cond (data)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return ok;
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_widgets (GtkWidget *root,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

typedef struct
{
  McProgrammePage *page;
  McWindow        *window;
  guint            n_tiers;
} TierCount;

static gboolean
draft_has_tiers (gpointer data)
{
  TierCount *t = data;
  g_autoptr(McProgramme) saved = NULL;
  const char *id = mc_programme_page_get_version_id (t->page);

  if (mc_programme_page_is_busy (t->page) || id == NULL)
    return FALSE;
  saved = mc_programme_version_load (mc_window_get_db (t->window), id, NULL);
  return saved != NULL && saved->tiers->len == t->n_tiers &&
         mc_programme_editor_get_programme (mc_programme_page_get_editor (t->page))->tiers->len == t->n_tiers;
}

static gboolean
page_idle (gpointer data)
{
  return !mc_programme_page_is_busy (data);
}

typedef struct
{
  McProgrammePage *page;
  guint            n_versions;
  const char      *key;
  const char      *value;
} Expect;

static gboolean
versions_are (gpointer data)
{
  Expect *e = data;

  return !mc_programme_page_is_busy (e->page) && mc_programme_page_get_n_versions (e->page) == e->n_versions;
}

static gboolean
value_is (gpointer data)
{
  Expect *e = data;
  McProgrammeWhatIf *what_if = mc_programme_page_get_what_if (e->page);

  return !mc_programme_page_is_busy (e->page) &&
         g_strcmp0 (mc_programme_what_if_get_value (what_if, e->key), e->value) == 0;
}

static void
expect_value (McProgrammePage *page,
              const char      *key,
              const char      *value)
{
  Expect e = { page, 0, key, value };

  if (!wait_for (value_is, &e))
    g_error ("what-if %s is %s, expected %s", key,
             mc_programme_what_if_get_value (mc_programme_page_get_what_if (page), key), value);
}

static gint64
count_rows (McWindow   *window,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (mc_window_get_db (window)), sql, -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Whether a version menu (the page's drop-downs share its titles) lists a title that
 * begins with prefix. */
static gboolean
menu_lists (McProgrammePage *page,
            const char      *prefix)
{
  g_autoptr(GPtrArray) drop_downs = g_ptr_array_new ();

  collect_widgets (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN, drop_downs);
  for (guint i = 0; i < drop_downs->len; i++)
    {
      GListModel *model = gtk_drop_down_get_model (drop_downs->pdata[i]);

      if (!GTK_IS_STRING_LIST (model))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (model); j++)
        if (g_str_has_prefix (gtk_string_list_get_string (GTK_STRING_LIST (model), j), prefix))
          return TRUE;
    }
  return FALSE;
}

typedef struct
{
  McProgrammePage *page;
  McWindow        *window;
  gint64           scheduled;   /* drafts with a date wanted */
} Due;

static gboolean
scheduled_are (gpointer data)
{
  Due *d = data;

  return !mc_programme_page_is_busy (d->page) &&
         count_rows (d->window, "SELECT count(*) FROM programme_version WHERE status = 'draft' "
                                "AND deleted = 0 AND effective_at IS NOT NULL") == d->scheduled;
}

/* The publish confirmation the page's Publish action opened. */
static AdwMessageDialog *
publish_dialog (McProgrammePage *page)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "programme.publish", NULL));
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w))
        return ADW_MESSAGE_DIALOG (w);
    }
  g_error ("no publish confirmation");
}

static gboolean
scheduled_went_live (gpointer data)
{
  Due *d = data;

  return !mc_programme_page_is_busy (d->page) &&
         count_rows (d->window, "SELECT count(*) FROM programme_version WHERE status = 'retired'") == 2 &&
         !menu_lists (d->page, "Scheduled: ");
}

static McWindow *
new_window (Workspace *ws)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  McWindow *window;

  g_settings_set_string (settings, "role", "owner");
  window = mc_window_new (NULL);
  g_assert_true (mc_window_open_workspace (window, ws->path, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* The target shape: 80 % for the lowest tier, 5 % for the top, 15 % shared between. */
static void
test_target_shape (void)
{
  g_assert_cmpfloat_with_epsilon (mc_tier_share_target (0, 3), 0.80, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_tier_share_target (1, 3), 0.15, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_tier_share_target (2, 3), 0.05, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_tier_share_target (1, 4), 0.075, 1e-9);
  g_assert_cmpfloat_with_epsilon (mc_tier_share_target (2, 4), 0.075, 1e-9);
}

/* The form's row titled title (mnemonic removed), among rows of type. */
static GtkWidget *
row_titled (GtkWidget  *root,
            GType       type,
            const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  collect_widgets (root, type, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      g_autoptr(GString) plain = g_string_new (adw_preferences_row_get_title (rows->pdata[i]));

      g_string_replace (plain, "_", "", 0);
      if (g_str_equal (plain->str, title))
        return rows->pdata[i];
    }
  g_error ("no row “%s”", title);
}

/* The text fields of the design: typed, read back into the programme, a wrong benefit code
 * shown inline from mc_programme_check (), cleared back to none. */
static void
test_editor_text_fields (void)
{
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  McProgrammeEditor *editor = g_object_new (MC_TYPE_PROGRAMME_EDITOR, NULL);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *task, *member_day, *birthday;
  McProgramme *p;

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (editor));
  mc_programme_add_benefit (programme, "gift", "Birthday gift", MC_BENEFIT_IDENTITY);
  mc_programme_editor_set_programme (editor, programme);
  g_assert_true (mc_programme_editor_is_valid (editor));
  task = row_titled (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Keep-tier task wording");
  member_day = row_titled (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Member day benefit code");
  birthday = row_titled (GTK_WIDGET (editor), ADW_TYPE_ENTRY_ROW, "Birthday gift benefit code");

  gtk_editable_set_text (GTK_EDITABLE (task), "  Spend ¥500 more  ");
  gtk_editable_set_text (GTK_EDITABLE (birthday), "gift");
  p = mc_programme_editor_get_programme (editor);
  g_assert_cmpstr (p->keep_task, ==, "Spend ¥500 more");
  g_assert_cmpstr (p->birthday_benefit, ==, "gift");
  /* A wording without a target breaks a rule; a target makes it whole. */
  g_assert_false (mc_programme_editor_is_valid (editor));
  g_assert_nonnull (mc_programme_editor_get_message (editor, -1));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (adw_action_row_get_activatable_widget (
    ADW_ACTION_ROW (row_titled (GTK_WIDGET (editor), ADW_TYPE_ACTION_ROW, "Keep-tier task")))), 500);
  g_assert_cmpint (mc_programme_editor_get_programme (editor)->keep_task_target, ==, 500);
  g_assert_true (mc_programme_editor_is_valid (editor));

  gtk_editable_set_text (GTK_EDITABLE (member_day), "nope");
  g_assert_cmpstr (mc_programme_editor_get_programme (editor)->member_day_benefit, ==, "nope");
  g_assert_false (mc_programme_editor_is_valid (editor));
  g_assert_nonnull (strstr (mc_programme_editor_get_message (editor, -1), "There is no benefit “nope”"));
  gtk_editable_set_text (GTK_EDITABLE (member_day), "");
  g_assert_null (mc_programme_editor_get_programme (editor)->member_day_benefit);

  /* Gold's badge: the second entry of its row (after the name). */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    g_autoptr(GPtrArray) entries = g_ptr_array_new ();

    collect_widgets (GTK_WIDGET (editor), MC_TYPE_TIER_ROW, rows);
    g_assert_cmpuint (rows->len, ==, 3);
    collect_widgets (rows->pdata[2], GTK_TYPE_ENTRY, entries);
    g_assert_cmpuint (entries->len, ==, 2);
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[1]), " VIP ");
    p = mc_programme_editor_get_programme (editor);
    g_assert_cmpstr (((McTier *) g_ptr_array_index (p->tiers, 2))->badge, ==, "VIP");
    g_assert_cmpstr (((McTier *) g_ptr_array_index (p->tiers, 2))->name, ==, "Gold");
    gtk_editable_set_text (GTK_EDITABLE (entries->pdata[1]), "");
    p = mc_programme_editor_get_programme (editor);
    g_assert_null (((McTier *) g_ptr_array_index (p->tiers, 2))->badge);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_issue (McProgramme *programme,
           const char  *path)
{
  g_autoptr(GPtrArray) issues = mc_programme_check (programme);

  for (guint i = 0; i < issues->len; i++)
    if (g_str_equal (((McProgrammeIssue *) g_ptr_array_index (issues, i))->path, path))
      return TRUE;
  return FALSE;
}

/* A benefit's fields by its kind: free shipping (price), service level, partner name, and
 * validity dates (days in Shanghai without a workspace). */
static void
test_benefit_fields (void)
{
  g_autoptr(McProgramme) programme = mc_programme_new_default ();
  McProgrammeBenefits *view = g_object_new (MC_TYPE_PROGRAMME_BENEFITS, NULL);
  GtkWidget *window = gtk_window_new ();
  McBenefit *ship, *service, *partner;
  GtkWidget *from, *until;

  ship = mc_programme_add_benefit (programme, "ship", "Shipping", MC_BENEFIT_PRICE);
  service = mc_programme_add_benefit (programme, "svc", "Fast lane", MC_BENEFIT_SERVICE);
  partner = mc_programme_add_benefit (programme, "ptn", "Cinema", MC_BENEFIT_PARTNER);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  mc_programme_benefits_set_editable (view, TRUE);
  mc_programme_benefits_set_programme (view, programme);
  g_assert_true (has_issue (programme, "benefits[1].service_level"));
  g_assert_true (has_issue (programme, "benefits[2].partner"));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (adw_action_row_get_activatable_widget (
    ADW_ACTION_ROW (row_titled (GTK_WIDGET (view), ADW_TYPE_ACTION_ROW, "Free shipping from (¥)")))), 99);
  g_assert_cmpint (ship->free_shipping_min_fen, ==, 9900);
  gtk_editable_set_text (GTK_EDITABLE (row_titled (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW, "Service level")), " priority ");
  g_assert_cmpstr (service->service_level, ==, "priority");
  g_assert_false (has_issue (programme, "benefits[1].service_level"));
  gtk_editable_set_text (GTK_EDITABLE (row_titled (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW, "Partner name")), "Wanda");
  g_assert_cmpstr (partner->partner, ==, "Wanda");
  gtk_editable_set_text (GTK_EDITABLE (row_titled (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW, "Partner name")), "");
  g_assert_null (partner->partner);

  /* The first benefit's validity: from 1 July 2026 00:00 (+08:00), until the end of 30 June:
   * before its start, an issue; a date not understood is marked; until the end of 1 August
   * (32 days after the end of 30 June) is fine; empty is no end. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();

    collect_widgets (GTK_WIDGET (view), ADW_TYPE_ENTRY_ROW, rows);
    from = until = NULL;
    for (guint i = 0; i < rows->len; i++)
      {
        const char *title = adw_preferences_row_get_title (rows->pdata[i]);

        if (from == NULL && g_str_has_prefix (title, "Valid from"))
          from = rows->pdata[i];
        if (until == NULL && g_str_has_prefix (title, "Valid until"))
          until = rows->pdata[i];
      }
    g_assert_nonnull (from);
    g_assert_nonnull (until);
  }
  gtk_editable_set_text (GTK_EDITABLE (from), "2026-07-01");
  g_assert_cmpint (ship->valid_from, ==, 1782835200);
  gtk_editable_set_text (GTK_EDITABLE (until), "2026-06-30");
  g_assert_cmpint (ship->valid_to, ==, 1782835199);
  g_assert_true (has_issue (programme, "benefits[0].valid_to"));
  gtk_editable_set_text (GTK_EDITABLE (until), "July");
  g_assert_true (gtk_widget_has_css_class (until, "error"));
  gtk_editable_set_text (GTK_EDITABLE (until), "2026-08-01");
  g_assert_false (gtk_widget_has_css_class (until, "error"));
  g_assert_cmpint (ship->valid_to, ==, 1782835199 + 32 * DAY);
  g_assert_false (has_issue (programme, "benefits[0].valid_to"));
  gtk_editable_set_text (GTK_EDITABLE (until), "");
  g_assert_false (gtk_widget_has_css_class (until, "error"));
  g_assert_cmpint (ship->valid_to, ==, 0);
  g_assert_false (has_issue (programme, "benefits[0].valid_to"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_page (void)
{
  Workspace ws = { 0 };
  g_autoptr(GError) error = NULL;
  McWindow *window;
  McProgrammePage *page;
  McProgrammeEditor *editor;
  McProgrammeWhatIf *what_if;
  McProgramme *draft;
  Expect e = { 0 };
  g_autofree char *live_id = NULL;
  g_autofree char *draft_id = NULL;
  g_auto(GStrv) diff = NULL;
  gboolean threshold_line = FALSE;

  workspace_make (&ws);
  window = new_window (&ws);
  mc_window_set_page (window, "programme");
  page = MC_PROGRAMME_PAGE (find_widget (GTK_WIDGET (window), MC_TYPE_PROGRAMME_PAGE));
  g_assert_nonnull (page);
  editor = mc_programme_page_get_editor (page);
  what_if = mc_programme_page_get_what_if (page);
  e.page = page;

  /* The live programme alone, read-only. */
  e.n_versions = 1;
  g_assert_true (wait_for (versions_are, &e));
  live_id = g_strdup (mc_programme_page_get_version_id (page));
  g_assert_cmpstr (mc_programme_page_get_status (page), ==,
                   "The live programme is read-only: start a new draft to change it.");

  /* A new draft from it, shown and editable. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "programme.new-draft", NULL));
  e.n_versions = 2;
  g_assert_true (wait_for (versions_are, &e));
  draft_id = g_strdup (mc_programme_page_get_version_id (page));
  g_assert_cmpstr (draft_id, !=, live_id);
  draft = mc_programme_editor_get_programme (editor);
  g_assert_cmpstr (draft->name, ==, "Standard programme (draft)");

  /* The what-if: the same distribution under both until something changes. */
  mc_programme_page_set_view (page, "what-if");
  expect_value (page, "live:base", "6");
  expect_value (page, "live:silver", "3");
  expect_value (page, "live:gold", "1");
  expect_value (page, "draft:silver", "3");
  expect_value (page, "down", "0");

  /* Silver's slider down to 400: the six with 500 move up. */
  mc_programme_what_if_set_slider (what_if, 1, 400);
  draft = mc_programme_editor_get_programme (editor);
  g_assert_cmpint (((McTier *) g_ptr_array_index (draft->tiers, 1))->threshold, ==, 400);
  expect_value (page, "draft:silver", "9");
  expect_value (page, "draft:base", "0");
  expect_value (page, "move:base:silver", "6");
  expect_value (page, "up", "6");
  expect_value (page, "live:silver", "3");

  /* Gold below Silver breaks a rule: the message is beside Gold, nothing is saved. */
  mc_programme_what_if_set_slider (what_if, 2, 300);
  g_assert_false (mc_programme_editor_is_valid (editor));
  g_assert_nonnull (mc_programme_editor_get_message (editor, 2));
  g_assert_null (mc_programme_editor_get_message (editor, 1));
  g_assert_cmpstr (mc_programme_page_get_status (page), ==, "Not saved: fix what is marked in the design first.");

  /* Gold up to 12,000: valid again; Gold Zhang (10,000) would drop to Silver. */
  mc_programme_what_if_set_slider (what_if, 2, 12000);
  g_assert_true (mc_programme_editor_is_valid (editor));
  g_assert_null (mc_programme_editor_get_message (editor, 2));
  expect_value (page, "draft:gold", "0");
  expect_value (page, "draft:silver", "10");
  expect_value (page, "downgraded", "1");
  expect_value (page, "move:gold:silver", "1");

  /* Saved: the workspace's draft says the same. */
  g_assert_true (wait_for (page_idle, page));
  {
    g_autoptr(McProgramme) saved = mc_programme_version_load (mc_window_get_db (window), draft_id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (((McTier *) g_ptr_array_index (saved->tiers, 1))->threshold, ==, 400);
    g_assert_cmpint (((McTier *) g_ptr_array_index (saved->tiers, 2))->threshold, ==, 12000);
  }

  /* Compare: live against the draft names both thresholds. */
  mc_programme_page_set_view (page, "compare");
  diff = mc_programme_page_get_diff (page);
  g_assert_cmpuint (g_strv_length (diff), >=, 2);
  for (guint i = 0; diff[i] != NULL; i++)
    if (strstr (diff[i], "400") != NULL)
      threshold_line = TRUE;
  g_assert_true (threshold_line);

  /* Publish: the draft goes live, the old one is retired, tiers change at once for the
   * six who move up; Gold Zhang keeps Gold through the grace period. */
  mc_programme_page_publish_now (page);
  g_assert_true (mc_programme_page_is_busy (page));
  e.n_versions = 2;
  g_assert_true (wait_for (versions_are, &e));
  g_assert_true (wait_for (page_idle, page));
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM programme_version WHERE status = 'live' AND deleted = 0"), ==, 1);
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM programme_version WHERE status = 'retired'"), ==, 1);
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member WHERE tier = 'silver'"), ==, 9);
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member WHERE tier = 'base'"), ==, 0);
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM member WHERE tier = 'gold'"), ==, 1);

  /* Discard a new draft, then Undo brings it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "programme.new-draft", NULL));
  e.n_versions = 3;
  g_assert_true (wait_for (versions_are, &e));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "programme.discard", NULL));
  e.n_versions = 2;
  g_assert_true (wait_for (versions_are, &e));
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM programme_version WHERE status = 'draft' AND deleted = 0"), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  e.n_versions = 3;
  g_assert_true (wait_for (versions_are, &e));
  g_assert_cmpint (count_rows (window, "SELECT count(*) FROM programme_version WHERE status = 'draft' AND deleted = 0"), ==, 1);

  /* The restored draft is shown; removing its top tier is saved at once, and Undo puts it
   * back. */
  {
    g_autoptr(GPtrArray) rows = g_ptr_array_new ();
    TierCount t = { page, window, 2 };

    mc_programme_page_set_view (page, "design");
    collect_widgets (GTK_WIDGET (editor), MC_TYPE_TIER_ROW, rows);
    g_assert_cmpuint (rows->len, ==, 3);
    g_signal_emit_by_name (rows->pdata[2], "remove");
    if (!wait_for (draft_has_tiers, &t))
      g_error ("after removing a tier: busy %d, status “%s”, editor %u tiers",
               mc_programme_page_is_busy (page), mc_programme_page_get_status (page),
               mc_programme_editor_get_programme (editor)->tiers->len);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
    t.n_tiers = 3;
    g_assert_true (wait_for (draft_has_tiers, &t));
  }

  /* Published with a date a month on: scheduled, still a draft, and the menu says so. */
  {
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;
    Due d = { page, window, 1 };
    sqlite3_stmt *stmt = NULL;
    AdwMessageDialog *dialog;

    g_assert_false (menu_lists (page, "Scheduled: "));
    /* The confirmation's date field: 1 January 2099 (Shanghai) schedules; asked again, the
     * field shows that date and Unschedule takes it back. */
    dialog = publish_dialog (page);
    gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "2099-01-01");
    adw_message_dialog_response (dialog, "publish");
    gtk_window_destroy (GTK_WINDOW (dialog));   /* emitting a response does not close it */
    g_assert_true (wait_for (scheduled_are, &d));
    g_assert_cmpint (count_rows (window, "SELECT count(*) FROM programme_version WHERE status = 'draft' "
                                         "AND effective_at = 4070908800 - 8 * 3600"), ==, 1);
    dialog = publish_dialog (page);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog))), ==,
                     "2099-01-01 00:00");
    adw_message_dialog_response (dialog, "unschedule");
    gtk_window_destroy (GTK_WINDOW (dialog));
    d.scheduled = 0;
    g_assert_true (wait_for (scheduled_are, &d));

    mc_programme_page_publish_at (page, now + 30 * DAY);
    g_assert_true (wait_for (page_idle, page));
    e.n_versions = 3;
    g_assert_true (wait_for (versions_are, &e));
    g_assert_cmpint (count_rows (window, "SELECT count(*) FROM programme_version WHERE status = 'draft' "
                                         "AND deleted = 0 AND effective_at IS NOT NULL"), ==, 1);
    g_assert_cmpint (count_rows (window, "SELECT count(*) FROM programme_version WHERE status = 'retired'"), ==, 1);
    g_assert_true (menu_lists (page, "Scheduled: "));

    /* A month passes (its date moved back): the page's next load makes it live. */
    g_assert_cmpint (sqlite3_prepare_v2 (mc_db_get_handle (mc_window_get_db (window)),
                                         "UPDATE programme_version SET effective_at = ?1 WHERE status = 'draft'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_int64 (stmt, 1, now - 60);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
    sqlite3_finalize (stmt);
    mc_window_workspace_changed (window);
    g_assert_true (wait_for (scheduled_went_live, &d));
    {
      g_autofree char *live_sql = g_strdup_printf ("SELECT count(*) FROM programme_version WHERE status = 'live' "
                                                   "AND effective_at = %" G_GINT64_FORMAT, now - 60);

      g_assert_cmpint (count_rows (window, live_sql), ==, 1);
    }
    g_assert_cmpint (count_rows (window, "SELECT count(*) FROM audit_log "
                                         "WHERE action = 'programme.publish.scheduled'"), ==, 1);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  workspace_clear (&ws);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  if (!gtk_init_check ())
    {
      g_print ("1..0 # SKIP no display\n");
      return 77;
    }
  adw_init ();
  g_test_add_func ("/programme-page/target-shape", test_target_shape);
  g_test_add_func ("/programme-page/editor-text-fields", test_editor_text_fields);
  g_test_add_func ("/programme-page/benefit-fields", test_benefit_fields);
  g_test_add_func ("/programme-page/draft-what-if-publish", test_page);
  return g_test_run ();
}
