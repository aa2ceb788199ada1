/* mc-overview-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A workspace at a glance: today's activity and this week's birthdays, the members whose
 * tier is about to drop (mc_overview_build()), the numbers of mc_summary_build() as a grid
 * of cards, the members per tier with their share, and the sync state. Everything is read
 * in a worker thread on a connection of its own, so a big workspace never stalls the
 * window.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "mc-gui.h"
#include "mc-overview.h"
#include "mc-overview-page.h"
#include "mc-programme.h"
#include "mc-summary.h"

#define N_COLUMNS 3
#define N_TODAY_COLUMNS 4
#define MAX_LIST 8

struct _McOverviewPage
{
  GtkWidget    parent_instance;
  McDb        *db;
  GHashTable  *values;       /* key -> value label */
  GCancellable *load_cancellable;
  guint        n_birthday_rows;
  guint        n_risk_rows;

  GtkWidget   *scroller;
  GtkWidget   *spinner;
  GtkGrid     *today_grid;
  GtkLabel    *birthdays_title;
  GtkListBox  *birthdays_list;
  GtkLabel    *risks_title;
  GtkListBox  *risks_list;
  AdwActionRow *sync_row;
  GtkGrid     *cards_grid;
  GtkWidget   *tiers_card;
  GtkGrid     *tiers_grid;
};

G_DEFINE_FINAL_TYPE (McOverviewPage, mc_overview_page, GTK_TYPE_WIDGET)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef enum { FORMAT_COUNT, FORMAT_MONEY } Format;

static const struct {
  const char *key;
  const char *title;
  const char *caption;
  Format      format;
} cards[] = {
  { "members", N_("Members"), N_("Live member records"), FORMAT_COUNT },
  { "new_members_30d", N_("New in 30 Days"), N_("Joined in the last 30 days"), FORMAT_COUNT },
  { "orders", N_("Orders"), N_("Sales, refunds not counted"), FORMAT_COUNT },
  { "revenue_fen", N_("Net Revenue"), N_("Sales less refunds"), FORMAT_MONEY },
  { "points_outstanding", N_("Points Outstanding"), N_("Points members can still redeem"), FORMAT_COUNT },
  { "stores", N_("Stores"), N_("Stores in this workspace"), FORMAT_COUNT },
};

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
new_card (McOverviewPage *self,
          const char     *key,
          const char     *title,
          const char     *caption,
          const char     *value)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *value_label = gtk_label_new (value);
  GtkWidget *caption_label = gtk_label_new (caption);
  g_autofree char *accessible = g_strdup_printf ("%s: %s", title, value);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "overview-card");
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_widget_add_css_class (title_label, "heading");
  gtk_label_set_xalign (GTK_LABEL (value_label), 0);
  gtk_label_set_selectable (GTK_LABEL (value_label), FALSE);
  gtk_widget_add_css_class (value_label, "title-1");
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (caption_label), 0);
  gtk_label_set_wrap (GTK_LABEL (caption_label), TRUE);
  gtk_widget_add_css_class (caption_label, "dim-label");
  gtk_widget_add_css_class (caption_label, "caption");
  gtk_box_append (GTK_BOX (card), title_label);
  gtk_box_append (GTK_BOX (card), value_label);
  gtk_box_append (GTK_BOX (card), caption_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_hash_table_insert (self->values, g_strdup (key), value_label);
  return card;
}

static void
fill_tiers (McOverviewPage *self,
            McProgramme    *programme,
            JsonArray      *tiers,
            gint64          members)
{
  clear_grid (self->tiers_grid);
  for (guint i = 0; tiers != NULL && i < json_array_get_length (tiers); i++)
    {
      JsonObject *tier = json_array_get_object_element (tiers, i);
      const char *code = json_object_get_string_member (tier, "code");
      gint64 n = json_object_get_int_member (tier, "members");
      double share = members > 0 ? (double) n / (double) members : 0.0;
      GtkWidget *badge = gtk_label_new (NULL);
      GtkWidget *bar = gtk_level_bar_new_for_interval (0.0, 1.0);
      g_autofree char *count = mc_gui_format_count (n);
      g_autofree char *percent = g_strdup_printf ("%.1f%%", share * 100.0);
      GtkWidget *count_label = gtk_label_new (count);
      GtkWidget *percent_label = gtk_label_new (percent);
      g_autofree char *key = g_strconcat ("tier:", code, NULL);
      g_autofree char *accessible = NULL;

      mc_gui_set_tier_badge (GTK_LABEL (badge), programme, code);
      gtk_widget_set_halign (badge, GTK_ALIGN_START);
      gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar), share);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_widget_set_hexpand (bar, TRUE);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      /* TRANSLATORS: a tier's share of the members, e.g. "Gold: 100 members, 5.0%" */
      accessible = g_strdup_printf (_("%s: %s members, %s"), gtk_label_get_text (GTK_LABEL (badge)),
                                    count, percent);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      gtk_label_set_xalign (GTK_LABEL (count_label), 1);
      gtk_widget_add_css_class (count_label, "numeric");
      gtk_label_set_xalign (GTK_LABEL (percent_label), 1);
      gtk_widget_set_size_request (percent_label, 56, -1);
      gtk_widget_add_css_class (percent_label, "numeric");
      gtk_widget_add_css_class (percent_label, "dim-label");

      gtk_grid_attach (self->tiers_grid, badge, 0, i, 1, 1);
      gtk_grid_attach (self->tiers_grid, bar, 1, i, 1, 1);
      gtk_grid_attach (self->tiers_grid, count_label, 2, i, 1, 1);
      gtk_grid_attach (self->tiers_grid, percent_label, 3, i, 1, 1);
      g_hash_table_insert (self->values, g_steal_pointer (&key), count_label);
    }
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_placeholder_row (GtkListBox *list,
                     const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_append (list, row);
}

static void
clear_page (McOverviewPage *self)
{
  g_hash_table_remove_all (self->values);
  clear_grid (self->today_grid);
  clear_grid (self->cards_grid);
  clear_grid (self->tiers_grid);
  clear_list (self->birthdays_list);
  clear_list (self->risks_list);
  self->n_birthday_rows = 0;
  self->n_risk_rows = 0;
}

static void
set_value_label (McOverviewPage *self,
                 const char     *key,
                 const char     *text)
{
  GtkWidget *label = gtk_label_new (text);

  /* Not shown: what a test or an assistive technology reads for a list's count. */
  g_hash_table_insert (self->values, g_strdup (key), g_object_ref_sink (label));
  g_object_set_data_full (G_OBJECT (self), key, label, g_object_unref);
}

static void
fill_today (McOverviewPage   *self,
            const McOverview *ov)
{
  g_autofree char *new_members = mc_gui_format_count (ov->new_members_today);
  g_autofree char *purchases = mc_gui_format_count (ov->purchases_today);
  g_autofree char *amount = mc_gui_format_money (ov->purchase_amount_today_fen);
  g_autofree char *issued = mc_gui_format_count (ov->points_issued_today);
  g_autofree char *redeemed = mc_gui_format_count (ov->points_redeemed_today);
  /* TRANSLATORS: the caption of today's purchases card, e.g. "¥1,234.00 in sales" */
  g_autofree char *amount_caption = g_strdup_printf (_("%s in sales"), amount);
  struct { const char *key; const char *title; const char *value; const char *caption; } today[] = {
    { "new_members_today", _("New Members"), new_members, _("Joined today") },
    { "purchases_today", _("Purchases"), purchases, amount_caption },
    { "points_issued_today", _("Points Issued"), issued, _("Earned and rewarded today") },
    { "points_redeemed_today", _("Points Redeemed"), redeemed, _("Spent by members today") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (today); i++)
    {
      GtkWidget *card = new_card (self, today[i].key, today[i].title, today[i].caption, today[i].value);

      gtk_grid_attach (self->today_grid, card, i % N_TODAY_COLUMNS, i / N_TODAY_COLUMNS, 1, 1);
    }
  set_value_label (self, "purchase_amount_today", amount);
}

static GtkWidget *
list_row (const char *title,
          const char *subtitle,
          GtkWidget  *suffix)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  if (suffix != NULL)
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix);
  return row;
}

static GtkWidget *
tier_badge (McProgramme *programme,
            const char  *code)
{
  GtkWidget *badge = gtk_label_new (NULL);

  mc_gui_set_tier_badge (GTK_LABEL (badge), programme, code);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  return badge;
}

static char *
format_day (gint64     at,
            GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (at);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  /* TRANSLATORS: a day of this week in g_date_time_format() syntax, e.g. "Wed, Jun 11";
   * in Chinese "%-m月%-d日 %a" */
  return g_date_time_format (local, _("%a, %b %-d"));
}

static void
fill_birthdays (McOverviewPage   *self,
                McProgramme      *programme,
                GTimeZone        *tz,
                const McOverview *ov)
{
  g_autofree char *count = mc_gui_format_count (ov->birthdays_count);
  g_autofree char *title = NULL;

  set_value_label (self, "birthdays_count", count);
  /* TRANSLATORS: a heading with the number of birthdays, e.g. "Birthdays This Week (12)" */
  title = g_strdup_printf (_("Birthdays This Week (%s)"), count);
  gtk_label_set_text (self->birthdays_title, title);
  for (guint i = 0; i < ov->birthdays->len; i++)
    {
      McOverviewBirthday *b = g_ptr_array_index (ov->birthdays, i);
      g_autofree char *day = format_day (ov->week_start + (gint64) (b->weekday - 1) * 86400 + 43200, tz);

      gtk_list_box_append (self->birthdays_list, list_row (b->name, day, tier_badge (programme, b->tier)));
      self->n_birthday_rows++;
    }
  if (ov->birthdays_count > (gint64) ov->birthdays->len)
    {
      g_autofree char *more = mc_gui_format_count (ov->birthdays_count - ov->birthdays->len);
      /* TRANSLATORS: the last row of a shortened list, e.g. "and 120 more" */
      g_autofree char *text = g_strdup_printf (_("and %s more"), more);

      add_placeholder_row (self->birthdays_list, text);
    }
  if (ov->birthdays->len == 0)
    add_placeholder_row (self->birthdays_list, _("No birthdays this week"));
}

static void
fill_risks (McOverviewPage   *self,
            McProgramme      *programme,
            GTimeZone        *tz,
            const McOverview *ov)
{
  g_autofree char *count = mc_gui_format_count (ov->tier_risk_count);
  g_autofree char *title = NULL;

  set_value_label (self, "tier_risk_count", count);
  /* TRANSLATORS: a heading with the number of members, e.g. "Tiers About to Drop (3)" */
  title = g_strdup_printf (_("Tiers About to Drop (%s)"), count);
  gtk_label_set_text (self->risks_title, title);
  for (guint i = 0; i < ov->tier_risks->len; i++)
    {
      McOverviewTierRisk *r = g_ptr_array_index (ov->tier_risks, i);
      const McTier *to = mc_programme_get_tier (programme, r->falls_to);
      g_autofree char *subtitle = NULL;

      if (r->grace_ends != 0)
        {
          g_autofree char *day = format_day (r->grace_ends, tz);

          /* TRANSLATORS: e.g. "Falls to Base on Wed, Jun 11 unless they earn more growth" */
          subtitle = g_strdup_printf (_("Falls to %s on %s unless they earn more growth"),
                                      to != NULL ? to->name : r->falls_to, day);
        }
      else
        /* TRANSLATORS: e.g. "Below the threshold: the grace period starts at the next evaluation (would fall to Base)" */
        subtitle = g_strdup_printf (_("Below the threshold; the grace period starts at the next evaluation (would fall to %s)"),
                                    to != NULL ? to->name : r->falls_to);
      gtk_list_box_append (self->risks_list, list_row (r->name, subtitle, tier_badge (programme, r->tier)));
      self->n_risk_rows++;
    }
  if (ov->tier_risk_count > (gint64) ov->tier_risks->len)
    {
      g_autofree char *more = mc_gui_format_count (ov->tier_risk_count - ov->tier_risks->len);
      g_autofree char *text = g_strdup_printf (_("and %s more"), more);

      add_placeholder_row (self->risks_list, text);
    }
  if (ov->tier_risks->len == 0)
    add_placeholder_row (self->risks_list, _("No member is about to drop a tier"));
}

/* Loading, in a worker */

typedef struct
{
  char        *path;
  McRole       role;
  gint64       now;
  JsonNode    *summary;
  McProgramme *programme;
  McOverview  *overview;
  GTimeZone   *tz;
} Load;

static void
load_free (gpointer data)
{
  Load *load = data;

  g_free (load->path);
  g_clear_pointer (&load->summary, json_node_unref);
  g_clear_pointer (&load->programme, mc_programme_free);
  g_clear_pointer (&load->overview, mc_overview_free);
  g_clear_pointer (&load->tz, g_time_zone_unref);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(McDb) db = mc_db_open (load->path, &error);   /* this thread's own connection */

  if (db == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mc_db_set_role (db, load->role);
  if ((load->summary = mc_summary_build (db, &error)) == NULL ||
      (load->programme = mc_programme_load_live (db, &error)) == NULL ||
      (load->overview = mc_overview_build (db, load->now, MAX_LIST, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  load->tz = g_time_zone_ref (mc_db_get_time_zone (db));
  g_task_return_boolean (task, TRUE);
}

static void
show_load (McOverviewPage *self,
           Load           *load)
{
  JsonObject *obj = json_node_get_object (load->summary);

  clear_page (self);
  mc_gui_install_tier_css (load->programme);
  fill_today (self, load->overview);
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      gint64 v = json_object_get_int_member_with_default (obj, cards[i].key, 0);
      g_autofree char *value = cards[i].format == FORMAT_MONEY ? mc_gui_format_money (v)
                                                                : mc_gui_format_count (v);
      GtkWidget *card = new_card (self, cards[i].key, _(cards[i].title), _(cards[i].caption), value);

      gtk_grid_attach (self->cards_grid, card, i % N_COLUMNS, i / N_COLUMNS, 1, 1);
    }
  fill_tiers (self, load->programme,
              json_object_has_member (obj, "tiers") ? json_object_get_array_member (obj, "tiers") : NULL,
              json_object_get_int_member_with_default (obj, "members", 0));
  fill_birthdays (self, load->programme, load->tz, load->overview);
  fill_risks (self, load->programme, load->tz, load->overview);
  adw_action_row_set_subtitle (self->sync_row, mc_sync_state_display (load->overview->sync_state));
  set_value_label (self, "sync_state", mc_sync_state_display (load->overview->sync_state));
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  McOverviewPage *self = MC_OVERVIEW_PAGE (source);
  GTask *task = G_TASK (result);
  g_autoptr(GError) error = NULL;

  /* A newer load (or the page's end) replaced this one. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;
  g_clear_object (&self->load_cancellable);
  gtk_spinner_stop (GTK_SPINNER (self->spinner));
  gtk_widget_set_visible (self->spinner, FALSE);
  if (!g_task_propagate_boolean (task, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not read the overview: %s"), error->message);
      g_autoptr(GError) shown = g_error_new_literal (error->domain, error->code, message);

      g_signal_emit (self, signals[ERROR], 0, shown);
      return;
    }
  show_load (self, g_task_get_task_data (task));
}

gboolean
mc_overview_page_reload (McOverviewPage  *self,
                         GError         **error)
{
  g_autoptr(GTask) task = NULL;
  Load *load;

  g_return_val_if_fail (MC_IS_OVERVIEW_PAGE (self), FALSE);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  if (self->db == NULL)
    {
      clear_page (self);
      gtk_spinner_stop (GTK_SPINNER (self->spinner));
      gtk_widget_set_visible (self->spinner, FALSE);
      return TRUE;
    }

  load = g_new0 (Load, 1);
  load->path = g_strdup (mc_db_get_path (self->db));
  load->role = mc_db_get_role (self->db);
  load->now = mc_db_now ();
  self->load_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->spinner));
  task = g_task_new (self, self->load_cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, mc_overview_page_reload);
  g_task_set_task_data (task, load, load_free);
  g_task_run_in_thread (task, load_thread);
  return TRUE;
}

gboolean
mc_overview_page_is_loading (McOverviewPage *self)
{
  g_return_val_if_fail (MC_IS_OVERVIEW_PAGE (self), FALSE);
  return self->load_cancellable != NULL;
}

guint
mc_overview_page_get_n_list_rows (McOverviewPage *self,
                                  const char     *list)
{
  g_return_val_if_fail (MC_IS_OVERVIEW_PAGE (self), 0);

  if (g_strcmp0 (list, "birthdays") == 0)
    return self->n_birthday_rows;
  if (g_strcmp0 (list, "tier-risks") == 0)
    return self->n_risk_rows;
  return 0;
}

gboolean
mc_overview_page_set_db (McOverviewPage  *self,
                         McDb            *db,
                         GError         **error)
{
  g_return_val_if_fail (MC_IS_OVERVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (db == NULL || MC_IS_DB (db), FALSE);

  g_set_object (&self->db, db);
  return mc_overview_page_reload (self, error);
}

const char *
mc_overview_page_get_value (McOverviewPage *self,
                            const char     *key)
{
  GtkLabel *label;

  g_return_val_if_fail (MC_IS_OVERVIEW_PAGE (self), NULL);

  label = g_hash_table_lookup (self->values, key);
  return label != NULL ? gtk_label_get_text (label) : NULL;
}

static void
mc_overview_page_dispose (GObject *object)
{
  McOverviewPage *self = MC_OVERVIEW_PAGE (object);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_pointer (&self->values, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_OVERVIEW_PAGE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->db);
  G_OBJECT_CLASS (mc_overview_page_parent_class)->dispose (object);
}

static void
mc_overview_page_class_init (McOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_overview_page_dispose;

  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McOverviewPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, McOverviewPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, McOverviewPage, today_grid);
  gtk_widget_class_bind_template_child (widget_class, McOverviewPage, birthdays_title);
  gtk_widget_class_bind_template_child (widget_class, McOverviewPage, birthdays_list);
  gtk_widget_class_bind_template_child (widget_class, McOverviewPage, risks_title);
  gtk_widget_class_bind_template_child (widget_class, McOverviewPage, risks_list);
  gtk_widget_class_bind_template_child (widget_class, McOverviewPage, sync_row);
  gtk_widget_class_bind_template_child (widget_class, McOverviewPage, cards_grid);
  gtk_widget_class_bind_template_child (widget_class, McOverviewPage, tiers_card);
  gtk_widget_class_bind_template_child (widget_class, McOverviewPage, tiers_grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_overview_page_init (McOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Overview"), -1);
}
