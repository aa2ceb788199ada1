/* mc-programme-what-if-sliders.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The what-if panel's threshold sliders: one per tier above the first, following the draft,
 * and moving a tier's threshold ("threshold-changed") when a person drags one.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mc-gui.h"
#include "mc-programme-what-if-private.h"

static gint64
nice_ceiling (gint64 v)
{
  gint64 p = 1;

  if (v <= 0)
    return 1000;
  while (p * 10 <= v)
    p *= 10;
  if (v <= 2 * p)
    return 2 * p;
  if (v <= 5 * p)
    return 5 * p;
  return 10 * p;
}

static void
slider_label (McProgrammeWhatIf *self,
              guint              tier,
              gint64             value)
{
  g_autofree char *text = mc_gui_format_count (value);

  gtk_label_set_text (g_ptr_array_index (self->slider_values, tier), text);
}

static void
scale_changed_cb (GtkRange          *range,
                  McProgrammeWhatIf *self)
{
  guint tier;
  gint64 value = (gint64) llround (gtk_range_get_value (range) / 10.0) * 10;

  if (!g_ptr_array_find (self->scales, range, &tier))
    return;
  slider_label (self, tier, value);
  if (!self->updating_sliders)
    g_signal_emit_by_name (self, "threshold-changed", tier, value);
}

static gboolean
same_tiers (McProgramme *a,
            GPtrArray   *scales)
{
  return scales != NULL && a->tiers->len == scales->len;
}

void
mc_what_if_update_sliders (McProgrammeWhatIf *self)
{
  McProgramme *shown = self->draft != NULL ? self->draft : self->live;
  gint64 top = 0;
  GtkWidget *child;

  if (shown == NULL)
    return;
  for (guint i = 0; i < shown->tiers->len; i++)
    top = MAX (top, ((McTier *) g_ptr_array_index (shown->tiers, i))->threshold);
  if (self->live != NULL)
    for (guint i = 0; i < self->live->tiers->len; i++)
      top = MAX (top, ((McTier *) g_ptr_array_index (self->live->tiers, i))->threshold);

  self->updating_sliders = TRUE;
  if (!same_tiers (shown, self->scales))
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sliders_grid))) != NULL)
        gtk_grid_remove (self->sliders_grid, child);
      g_ptr_array_set_size (self->scales, 0);
      g_ptr_array_set_size (self->slider_values, 0);
      for (guint i = 0; i < shown->tiers->len; i++)
        {
          McTier *tier = g_ptr_array_index (shown->tiers, i);
          GtkWidget *badge = gtk_label_new (NULL);
          GtkWidget *value = gtk_label_new (NULL);
          GtkWidget *scale = NULL;

          mc_gui_set_tier_badge (GTK_LABEL (badge), shown, tier->code);
          gtk_widget_set_halign (badge, GTK_ALIGN_START);
          gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
          gtk_label_set_xalign (GTK_LABEL (value), 1);
          gtk_label_set_width_chars (GTK_LABEL (value), 9);
          gtk_widget_add_css_class (value, "numeric");
          gtk_grid_attach (self->sliders_grid, badge, 0, i, 1, 1);
          if (i > 0)
            {
              scale = gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0, 1000, 10);
              gtk_scale_set_draw_value (GTK_SCALE (scale), FALSE);
              gtk_widget_set_hexpand (scale, TRUE);
              g_signal_connect_object (scale, "value-changed", G_CALLBACK (scale_changed_cb), self, 0);
              gtk_grid_attach (self->sliders_grid, scale, 1, i, 1, 1);
            }
          else
            {
              GtkWidget *note = gtk_label_new (_("Every member starts here"));

              gtk_label_set_xalign (GTK_LABEL (note), 0);
              gtk_widget_add_css_class (note, "dim-label");
              gtk_grid_attach (self->sliders_grid, note, 1, i, 1, 1);
            }
          gtk_grid_attach (self->sliders_grid, value, 2, i, 1, 1);
          g_ptr_array_add (self->scales, scale);
          g_ptr_array_add (self->slider_values, value);
        }
    }
  for (guint i = 0; i < shown->tiers->len; i++)
    {
      McTier *tier = g_ptr_array_index (shown->tiers, i);
      GtkRange *range = g_ptr_array_index (self->scales, i);

      slider_label (self, i, tier->threshold);
      if (range != NULL)
        {
          GtkAdjustment *adj = gtk_range_get_adjustment (range);
          double upper = (double) nice_ceiling (top * 2);
          /* TRANSLATORS: accessible name of a what-if slider: "Gold threshold slider" */
          g_autofree char *name = g_strdup_printf (_("%s threshold slider"), tier->name);

          /* The range only grows, so a slider does not jump under the pointer. */
          if (upper > gtk_adjustment_get_upper (adj))
            gtk_adjustment_configure (adj, gtk_adjustment_get_value (adj), 0, upper,
                                      MAX (10.0, upper / 1000.0), upper / 20.0, 0);
          if (llround (gtk_range_get_value (range)) != tier->threshold)
            gtk_range_set_value (range, (double) tier->threshold);
          gtk_accessible_update_property (GTK_ACCESSIBLE (range), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          gtk_widget_set_sensitive (GTK_WIDGET (range), self->draft != NULL);
        }
    }
  self->updating_sliders = FALSE;
}

void
mc_programme_what_if_set_slider (McProgrammeWhatIf *self,
                                 guint              tier,
                                 gint64             threshold)
{
  GtkRange *range;

  g_return_if_fail (MC_IS_PROGRAMME_WHAT_IF (self));
  g_return_if_fail (tier < self->scales->len);

  range = g_ptr_array_index (self->scales, tier);
  g_return_if_fail (range != NULL);
  gtk_range_set_value (range, (double) threshold);
}

