/* mc-tier-row.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One tier of the programme designer. The row edits widgets only: the page reads them back
 * with mc_tier_row_apply() on "changed" and asks the core's rules what is wrong, which the
 * row then shows under itself.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-tier-row.h"

struct _McTierRow
{
  GtkWidget       parent_instance;

  guint           rank;
  gboolean        updating;       /* set_tier() at work: no "changed" */
  gboolean        editable;
  gboolean        removable;

  GtkLabel       *rank_label;
  GtkEntry       *name_entry;
  GtkEntry       *badge_entry;
  GtkWidget      *badge_box;       /* the badge's text and colour, under the heading "Badge" */
  GtkColorButton *color_button;
  GtkSpinButton  *threshold_spin;
  GtkSpinButton  *multiplier_spin;
  GtkButton      *remove_button;
  GtkLabel       *message_label;
};

G_DEFINE_FINAL_TYPE (McTierRow, mc_tier_row, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
label_controls (McTierRow *self)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  g_autofree char *rank = g_strdup_printf ("%u", self->rank);
  g_autofree char *shown = NULL;
  g_autofree char *name_label = NULL;
  g_autofree char *color_label = NULL;
  g_autofree char *badge_label = NULL;
  g_autofree char *threshold_label = NULL;
  g_autofree char *multiplier_label = NULL;
  g_autofree char *remove_label = NULL;

  /* The tier's name, or its rank while the name is empty. */
  /* TRANSLATORS: a tier without a name yet, by its rank: "Tier 2" */
  shown = name[0] != '\0' ? g_strdup (name) : g_strdup_printf (_("Tier %u"), self->rank);
  /* TRANSLATORS: accessible names of a tier's controls in the programme designer, "%u" or
   * "%s" the tier: "Name of tier 2", "Colour of Gold", "Gold threshold", ... */
  name_label = g_strdup_printf (_("Name of tier %u"), self->rank);
  color_label = g_strdup_printf (_("Colour of %s"), shown);
  /* TRANSLATORS: the accessible name of a tier's badge field: "Badge of Gold" */
  badge_label = g_strdup_printf (_("Badge of %s"), shown);
  threshold_label = g_strdup_printf (_("%s threshold"), shown);
  multiplier_label = g_strdup_printf (_("%s points multiplier"), shown);
  remove_label = g_strdup_printf (_("Remove %s"), shown);

  gtk_label_set_text (self->rank_label, rank);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->name_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, name_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->color_button), GTK_ACCESSIBLE_PROPERTY_LABEL, color_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->badge_entry), GTK_ACCESSIBLE_PROPERTY_LABEL, badge_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->threshold_spin), GTK_ACCESSIBLE_PROPERTY_LABEL, threshold_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->multiplier_spin), GTK_ACCESSIBLE_PROPERTY_LABEL, multiplier_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->remove_button), remove_label);
  gtk_color_button_set_title (self->color_button, color_label);
}

static void
update_sensitive (McTierRow *self)
{
  gtk_editable_set_editable (GTK_EDITABLE (self->name_entry), self->editable);
  gtk_editable_set_editable (GTK_EDITABLE (self->badge_entry), self->editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->color_button), self->editable);
  /* The first tier holds every member: its threshold is 0. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->threshold_spin), self->editable && self->rank > 1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->multiplier_spin), self->editable);
  /* Insensitive rather than hidden, so the columns stay in line with the headings. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button), self->editable && self->removable);
}

static void
changed_cb (McTierRow *self)
{
  label_controls (self);
  if (!self->updating)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
remove_clicked_cb (McTierRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

GtkWidget *
mc_tier_row_new (void)
{
  return g_object_new (MC_TYPE_TIER_ROW, NULL);
}

void
mc_tier_row_set_tier (McTierRow    *self,
                      guint         rank,
                      const McTier *tier)
{
  GdkRGBA rgba;

  g_return_if_fail (MC_IS_TIER_ROW (self));
  g_return_if_fail (tier != NULL);

  self->updating = TRUE;
  self->rank = rank;
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), tier->name != NULL ? tier->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->badge_entry), tier->badge != NULL ? tier->badge : "");
  if (tier->color == NULL || !gdk_rgba_parse (&rgba, tier->color))
    gdk_rgba_parse (&rgba, "#888888");
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  gtk_spin_button_set_value (self->threshold_spin, (double) tier->threshold);
  gtk_spin_button_set_value (self->multiplier_spin, tier->multiplier_permille / 1000.0);
  label_controls (self);
  update_sensitive (self);
  self->updating = FALSE;
}

void
mc_tier_row_set_editable (McTierRow *self,
                          gboolean   editable)
{
  g_return_if_fail (MC_IS_TIER_ROW (self));
  self->editable = !!editable;
  update_sensitive (self);
}

void
mc_tier_row_set_removable (McTierRow *self,
                           gboolean   removable)
{
  g_return_if_fail (MC_IS_TIER_ROW (self));
  self->removable = !!removable;
  update_sensitive (self);
}

guint
mc_tier_row_get_rank (McTierRow *self)
{
  g_return_val_if_fail (MC_IS_TIER_ROW (self), 0);
  return self->rank;
}

static char *
rgba_to_hex (const GdkRGBA *rgba)
{
  return g_strdup_printf ("#%02x%02x%02x",
                          (guint) lround (CLAMP (rgba->red, 0.0, 1.0) * 255.0),
                          (guint) lround (CLAMP (rgba->green, 0.0, 1.0) * 255.0),
                          (guint) lround (CLAMP (rgba->blue, 0.0, 1.0) * 255.0));
}

void
mc_tier_row_apply (McTierRow *self,
                   McTier    *tier)
{
  GdkRGBA rgba;

  g_return_if_fail (MC_IS_TIER_ROW (self));
  g_return_if_fail (tier != NULL);

  g_free (tier->name);
  tier->name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_entry))));
  g_free (tier->badge);
  tier->badge = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->badge_entry))));
  if (tier->badge[0] == '\0')
    g_clear_pointer (&tier->badge, g_free);
  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->color_button), &rgba);
  g_free (tier->color);
  tier->color = rgba_to_hex (&rgba);
  tier->threshold = self->rank > 1 ? (gint64) llround (gtk_spin_button_get_value (self->threshold_spin)) : 0;
  tier->multiplier_permille = (int) lround (gtk_spin_button_get_value (self->multiplier_spin) * 1000.0);
}

void
mc_tier_row_set_threshold (McTierRow *self,
                           gint64     threshold)
{
  g_return_if_fail (MC_IS_TIER_ROW (self));

  self->updating = TRUE;
  gtk_spin_button_set_value (self->threshold_spin, (double) threshold);
  self->updating = FALSE;
}

void
mc_tier_row_set_message (McTierRow  *self,
                         const char *message)
{
  g_return_if_fail (MC_IS_TIER_ROW (self));

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
  if (message != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->threshold_spin), "error");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->threshold_spin),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->threshold_spin), "error");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->threshold_spin),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

void
mc_tier_row_add_to_size_groups (McTierRow    *self,
                                GtkSizeGroup *groups[5])
{
  GtkWidget *columns[5];

  g_return_if_fail (MC_IS_TIER_ROW (self));

  columns[0] = GTK_WIDGET (self->rank_label);
  columns[1] = self->badge_box;
  columns[2] = GTK_WIDGET (self->threshold_spin);
  columns[3] = GTK_WIDGET (self->multiplier_spin);
  columns[4] = GTK_WIDGET (self->remove_button);
  for (guint i = 0; i < 5; i++)
    gtk_size_group_add_widget (groups[i], columns[i]);
}

const char *
mc_tier_row_get_message (McTierRow *self)
{
  g_return_val_if_fail (MC_IS_TIER_ROW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->message_label)) ?
         gtk_label_get_text (self->message_label) : NULL;
}

static void
mc_tier_row_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_TIER_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (mc_tier_row_parent_class)->dispose (object);
}

static void
mc_tier_row_class_init (McTierRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_tier_row_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-tier-row.ui");
  gtk_widget_class_bind_template_child (widget_class, McTierRow, rank_label);
  gtk_widget_class_bind_template_child (widget_class, McTierRow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, McTierRow, badge_entry);
  gtk_widget_class_bind_template_child (widget_class, McTierRow, badge_box);
  gtk_widget_class_bind_template_child (widget_class, McTierRow, color_button);
  gtk_widget_class_bind_template_child (widget_class, McTierRow, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, McTierRow, multiplier_spin);
  gtk_widget_class_bind_template_child (widget_class, McTierRow, remove_button);
  gtk_widget_class_bind_template_child (widget_class, McTierRow, message_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_tier_row_init (McTierRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->editable = TRUE;
  self->removable = TRUE;
  self->rank = 1;
  g_signal_connect_object (self->name_entry, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->badge_entry, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->color_button, "color-set", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->threshold_spin, "value-changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->multiplier_spin, "value-changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->remove_button, "clicked", G_CALLBACK (remove_clicked_cb), self, G_CONNECT_SWAPPED);
}
