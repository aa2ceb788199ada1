/* mc-tier-share-chart.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn with GtkSnapshot: per tier a group of two bars (live, draft) on a 0..100% axis, the
 * draft's bar in the tier's colour, the live one dimmed, and a dashed mark at the target
 * share. The accessible description says the same in words.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-tier-share-chart.h"

#define PAD_LEFT 40.0
#define PAD_RIGHT 8.0
#define PAD_TOP 22.0
#define PAD_BOTTOM 24.0

struct _McTierShareChart
{
  GtkWidget  parent_instance;

  guint      n;
  char     **names;
  GdkRGBA   *colors;
  double    *live;     /* shares, 0..1 */
  double    *draft;
};

G_DEFINE_FINAL_TYPE (McTierShareChart, mc_tier_share_chart, GTK_TYPE_WIDGET)

double
mc_tier_share_target (guint rank,
                      guint n)
{
  if (n == 0)
    return 0.0;
  if (n == 1)
    return 1.0;
  if (rank == 0)
    return 0.80;
  if (rank == n - 1)
    return n == 2 ? 0.20 : 0.05;
  return 0.15 / (double) (n - 2);
}

static void
clear (McTierShareChart *self)
{
  g_clear_pointer (&self->names, g_strfreev);
  g_clear_pointer (&self->colors, g_free);
  g_clear_pointer (&self->live, g_free);
  g_clear_pointer (&self->draft, g_free);
  self->n = 0;
}

static void
update_description (McTierShareChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->n; i++)
    {
      if (i > 0)
        g_string_append (text, "; ");
      /* TRANSLATORS: one tier in the share chart's description: "Gold: live 5.0%, draft 7.5%, target 5%" */
      g_string_append_printf (text, _("%s: live %.1f%%, draft %.1f%%, target %.0f%%"), self->names[i],
                              self->live[i] * 100.0, self->draft[i] * 100.0,
                              mc_tier_share_target (i, self->n) * 100.0);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->str, -1);
}

void
mc_tier_share_chart_set_data (McTierShareChart   *self,
                              guint               n,
                              const char * const *names,
                              const char * const *colors,
                              const gint64       *live,
                              const gint64       *draft)
{
  gint64 live_total = 0, draft_total = 0;

  g_return_if_fail (MC_IS_TIER_SHARE_CHART (self));
  g_return_if_fail (n == 0 || (names != NULL && colors != NULL && live != NULL && draft != NULL));

  clear (self);
  self->n = n;
  self->names = g_new0 (char *, n + 1);
  self->colors = g_new0 (GdkRGBA, n);
  self->live = g_new0 (double, n);
  self->draft = g_new0 (double, n);
  for (guint i = 0; i < n; i++)
    {
      live_total += live[i];
      draft_total += draft[i];
    }
  for (guint i = 0; i < n; i++)
    {
      self->names[i] = g_strdup (names[i]);
      if (colors[i] == NULL || !gdk_rgba_parse (&self->colors[i], colors[i]))
        gdk_rgba_parse (&self->colors[i], "#888888");
      self->live[i] = live_total > 0 ? (double) live[i] / (double) live_total : 0.0;
      self->draft[i] = draft_total > 0 ? (double) draft[i] / (double) draft_total : 0.0;
    }
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
draw_text (McTierShareChart *self,
           GtkSnapshot      *snapshot,
           const char       *text,
           double            x,
           double            y,
           double            xalign,
           const GdkRGBA    *color)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) (x - w * xalign), (float) (y - h / 2.0)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
mc_tier_share_chart_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  McTierShareChart *self = MC_TIER_SHARE_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double pw = width - PAD_LEFT - PAD_RIGHT;
  double ph = height - PAD_TOP - PAD_BOTTOM;
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  GdkRGBA fg, dim, grid, mark;

  if (pw < 40 || ph < 20)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (style, &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dim = fg;
  dim.alpha *= 0.6f;
  grid = fg;
  grid.alpha *= 0.12f;
  mark = fg;
  mark.alpha *= 0.85f;

  for (int i = 0; i <= 4; i++)
    {
      double y = PAD_TOP + ph - ph * i / 4.0;
      g_autofree char *label = g_strdup_printf ("%d%%", i * 25);

      gtk_snapshot_append_color (snapshot, &grid, &GRAPHENE_RECT_INIT ((float) PAD_LEFT, (float) y, (float) pw, 1.f));
      draw_text (self, snapshot, label, PAD_LEFT - 6, y, 1.0, &dim);
    }
  if (self->n == 0)
    return;

  /* Legend, top right: the dimmed bar is live, the full one the draft. */
  {
    GdkRGBA live_sample = fg, draft_sample = fg;
    double x = width - PAD_RIGHT;
    g_autoptr(PangoLayout) draft_layout = gtk_widget_create_pango_layout (widget, _("Draft"));
    g_autoptr(PangoLayout) live_layout = gtk_widget_create_pango_layout (widget, _("Live"));
    int dw, lw, h;

    live_sample.alpha *= 0.3f;
    pango_layout_get_pixel_size (draft_layout, &dw, &h);
    pango_layout_get_pixel_size (live_layout, &lw, &h);
    x -= dw;
    draw_text (self, snapshot, _("Draft"), x, PAD_TOP / 2, 0.0, &dim);
    x -= 14;
    gtk_snapshot_append_color (snapshot, &draft_sample, &GRAPHENE_RECT_INIT ((float) x, (float) (PAD_TOP / 2 - 5), 10.f, 10.f));
    x -= 12 + lw;
    draw_text (self, snapshot, _("Live"), x, PAD_TOP / 2, 0.0, &dim);
    x -= 14;
    gtk_snapshot_append_color (snapshot, &live_sample, &GRAPHENE_RECT_INIT ((float) x, (float) (PAD_TOP / 2 - 5), 10.f, 10.f));
    x -= 12;
    {
      g_autoptr(PangoLayout) target_layout = gtk_widget_create_pango_layout (widget, _("Target"));
      int tw;

      pango_layout_get_pixel_size (target_layout, &tw, &h);
      x -= tw;
      draw_text (self, snapshot, _("Target"), x, PAD_TOP / 2, 0.0, &dim);
      x -= 16;
      for (int k = 0; k < 2; k++)
        gtk_snapshot_append_color (snapshot, &mark,
                                   &GRAPHENE_RECT_INIT ((float) (x + k * 6), (float) (PAD_TOP / 2 - 1), 3.f, 2.f));
    }
  }

  for (guint i = 0; i < self->n; i++)
    {
      double group = pw / self->n;
      double bar = MIN (group * 0.32, 48.0);
      double cx = PAD_LEFT + group * (i + 0.5);
      double target = mc_tier_share_target (i, self->n);
      double ty = PAD_TOP + ph - ph * target;
      GdkRGBA live_color = self->colors[i];
      double lh = ph * self->live[i];
      double dh = ph * self->draft[i];
      g_autofree char *draft_label = g_strdup_printf ("%.1f%%", self->draft[i] * 100.0);

      live_color.alpha *= 0.35f;
      gtk_snapshot_append_color (snapshot, &live_color,
                                 &GRAPHENE_RECT_INIT ((float) (cx - bar - 1), (float) (PAD_TOP + ph - lh),
                                                      (float) bar, (float) lh));
      gtk_snapshot_append_color (snapshot, &self->colors[i],
                                 &GRAPHENE_RECT_INIT ((float) (cx + 1), (float) (PAD_TOP + ph - dh),
                                                      (float) bar, (float) dh));
      /* The target: a dashed line across the group. */
      for (double x = cx - bar - 6; x < cx + bar + 6; x += 6)
        gtk_snapshot_append_color (snapshot, &mark,
                                   &GRAPHENE_RECT_INIT ((float) x, (float) ty - 1.f, 3.f, 2.f));
      draw_text (self, snapshot, draft_label, cx + 1 + bar / 2, MAX (PAD_TOP + 8, PAD_TOP + ph - dh - 8), 0.5, &fg);
      draw_text (self, snapshot, self->names[i], cx, height - PAD_BOTTOM / 2, 0.5, &fg);
    }
}

static void
mc_tier_share_chart_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 240 : 160;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 360 : 200;
}

GtkWidget *
mc_tier_share_chart_new (void)
{
  return g_object_new (MC_TYPE_TIER_SHARE_CHART, NULL);
}

static void
mc_tier_share_chart_finalize (GObject *object)
{
  clear (MC_TIER_SHARE_CHART (object));
  G_OBJECT_CLASS (mc_tier_share_chart_parent_class)->finalize (object);
}

static void
mc_tier_share_chart_class_init (McTierShareChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mc_tier_share_chart_finalize;
  widget_class->snapshot = mc_tier_share_chart_snapshot;
  widget_class->measure = mc_tier_share_chart_measure;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
mc_tier_share_chart_init (McTierShareChart *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Members per tier, live and draft"), -1);
}
