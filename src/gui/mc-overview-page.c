/* mc-overview-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A workspace at a glance: the numbers of mc_summary_build() as a grid of cards, and
 * the members per tier with their share.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-gui.h"
#include "mc-overview-page.h"
#include "mc-programme.h"
#include "mc-summary.h"

#define N_COLUMNS 3

struct _McOverviewPage
{
  GtkWidget    parent_instance;
  McDb        *db;
  GHashTable  *values;       /* key -> value label */

  GtkWidget   *scroller;
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

gboolean
mc_overview_page_reload (McOverviewPage  *self,
                         GError         **error)
{
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(McProgramme) programme = NULL;
  JsonObject *obj;

  g_return_val_if_fail (MC_IS_OVERVIEW_PAGE (self), FALSE);

  g_hash_table_remove_all (self->values);
  clear_grid (self->cards_grid);
  clear_grid (self->tiers_grid);
  if (self->db == NULL)
    return TRUE;

  summary = mc_summary_build (self->db, error);
  if (summary == NULL)
    return FALSE;
  programme = mc_programme_load_live (self->db, error);
  if (programme == NULL)
    return FALSE;
  mc_gui_install_tier_css (programme);

  obj = json_node_get_object (summary);
  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      gint64 v = json_object_get_int_member_with_default (obj, cards[i].key, 0);
      g_autofree char *value = cards[i].format == FORMAT_MONEY ? mc_gui_format_money (v)
                                                                : mc_gui_format_count (v);
      GtkWidget *card = new_card (self, cards[i].key, _(cards[i].title), _(cards[i].caption), value);

      gtk_grid_attach (self->cards_grid, card, i % N_COLUMNS, i / N_COLUMNS, 1, 1);
    }
  fill_tiers (self, programme,
              json_object_has_member (obj, "tiers") ? json_object_get_array_member (obj, "tiers") : NULL,
              json_object_get_int_member_with_default (obj, "members", 0));
  return TRUE;
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
