/* mc-programme-what-if-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The what-if panel's results as widgets: the members per tier (a chart and a list of
 * rows, live → draft against the target share), the movement matrix, cost and revenue per
 * tier with the totals, and the first members who would be downgraded.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-gui.h"
#include "mc-programme-what-if-private.h"

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
cell (const char *text,
      float       xalign,
      const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, "numeric");
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
format_share (double share)
{
  return g_strdup_printf ("%.1f%%", share * 100.0);
}

void
mc_what_if_view_clear (McProgrammeWhatIf *self)
{
  g_hash_table_remove_all (self->values);
  mc_tier_share_chart_set_data (self->chart, 0, NULL, NULL, NULL, NULL);
  clear_list (self->tiers_list);
  clear_grid (self->movement_grid);
  clear_grid (self->money_grid);
  clear_list (self->downgraded_list);
  gtk_label_set_text (self->downgraded_title, _("Members Who Would Be Downgraded"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), FALSE);
}

static void
show_tiers (McProgrammeWhatIf *self,
            McWhatIfOutcome   *o)
{
  McSimulateResult *live = o->live_result, *draft = o->draft_result;
  guint n = draft->n_tiers;
  g_autofree const char **names = g_new0 (const char *, n + 1);
  g_autofree const char **colors = g_new0 (const char *, n + 1);
  g_autofree gint64 *live_counts = g_new0 (gint64, n);
  g_autofree gint64 *draft_counts = g_new0 (gint64, n);

  for (guint i = 0; i < n; i++)
    {
      McSimulateTier *t = &draft->tiers[i];
      /* The live programme's tier of the same rank (the shapes may differ). */
      McSimulateTier *l = i < live->n_tiers ? &live->tiers[i] : NULL;
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *live_count = mc_gui_format_count (l != NULL ? l->members : 0);
      g_autofree char *live_share = format_share (l != NULL ? l->share : 0.0);
      g_autofree char *draft_count = mc_gui_format_count (t->members);
      g_autofree char *draft_share = format_share (t->share);
      g_autofree char *target = format_share (t->target_share);
      /* TRANSLATORS: a tier's members in the what-if, live → draft: "1,200 (60.0%) → 1,000 (50.0%)" */
      g_autofree char *movement = g_strdup_printf (_("%s (%s) → %s (%s)"), live_count, live_share,
                                                   draft_count, draft_share);
      /* TRANSLATORS: the target share of a tier: "target 15.0%" */
      g_autofree char *target_text = g_strdup_printf (_("target %s"), target);
      GtkWidget *move_label = cell (movement, 1, NULL);
      GtkWidget *target_label = cell (target_text, 1, "dim-label");
      g_autofree char *key_live = g_strconcat ("live:", t->code, NULL);
      g_autofree char *key_draft = g_strconcat ("draft:", t->code, NULL);

      names[i] = t->name;
      colors[i] = t->color;
      live_counts[i] = l != NULL ? l->members : 0;
      draft_counts[i] = t->members;

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), t->name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), move_label);
      gtk_label_set_width_chars (GTK_LABEL (target_label), 12);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), target_label);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->tiers_list, row);
      mc_what_if_set_value (self, key_live, g_strdup_printf ("%" G_GINT64_FORMAT, live_counts[i]));
      mc_what_if_set_value (self, key_draft, g_strdup_printf ("%" G_GINT64_FORMAT, t->members));
    }
  mc_tier_share_chart_set_data (self->chart, n, names, colors, live_counts, draft_counts);
}

static void
show_movement (McProgrammeWhatIf *self,
               McWhatIfOutcome   *o)
{
  McSimulateMovement *m = o->movement;
  McSimulateResult *live = o->live_result, *draft = o->draft_result;
  g_autofree char *up = mc_gui_format_count (m->up);
  g_autofree char *down = mc_gui_format_count (m->down);
  g_autofree char *same = mc_gui_format_count (m->same);
  /* TRANSLATORS: the movement summary: "120 up, 45 down, 1,835 unchanged" */
  g_autofree char *summary = g_strdup_printf (_("%s up, %s down, %s unchanged"), up, down, same);
  GtkWidget *corner = cell (_("Live ↓ / Draft →"), 0, "dim-label");
  GtkWidget *summary_label = cell (summary, 0, NULL);

  gtk_grid_attach (self->movement_grid, corner, 0, 0, 1, 1);
  for (guint j = 0; j < m->n_to; j++)
    gtk_grid_attach (self->movement_grid, cell (draft->tiers[j].name, 1, "heading"), (int) j + 1, 0, 1, 1);
  for (guint i = 0; i < m->n_from; i++)
    {
      gtk_grid_attach (self->movement_grid, cell (live->tiers[i].name, 0, "heading"), 0, (int) i + 1, 1, 1);
      for (guint j = 0; j < m->n_to; j++)
        {
          gint64 v = m->matrix[i * m->n_to + j];
          g_autofree char *text = mc_gui_format_count (v);
          /* The diagonal (same rank) is plain; moves up are green, down red. */
          const char *klass = v == 0 || i == j ? (i == j ? NULL : "dim-label") : (j > i ? "success" : "error");
          GtkWidget *label = cell (text, 1, klass);
          /* TRANSLATORS: a cell of the movement matrix: "From Silver to Gold: 12 members" */
          g_autofree char *tip = g_strdup_printf (_("From %s to %s: %s members"), live->tiers[i].name,
                                                  draft->tiers[j].name, text);
          g_autofree char *key = g_strdup_printf ("move:%s:%s", live->tiers[i].code, draft->tiers[j].code);

          gtk_widget_set_tooltip_text (label, tip);
          gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
          gtk_grid_attach (self->movement_grid, label, (int) j + 1, (int) i + 1, 1, 1);
          mc_what_if_set_value (self, key, g_strdup_printf ("%" G_GINT64_FORMAT, v));
        }
    }
  gtk_widget_set_margin_top (summary_label, 6);
  gtk_grid_attach (self->movement_grid, summary_label, 0, (int) m->n_from + 1, (int) m->n_to + 1, 1);
  mc_what_if_set_value (self, "up", g_strdup_printf ("%" G_GINT64_FORMAT, m->up));
  mc_what_if_set_value (self, "down", g_strdup_printf ("%" G_GINT64_FORMAT, m->down));
}

static void
money_row (GtkGrid    *grid,
           int         row,
           const char *title,
           const char *a,
           const char *b,
           const char *c,
           const char *d,
           const char *css_class)
{
  const char *texts[] = { a, b, c, d };
  GtkWidget *first = cell (title, 0, css_class);

  /* Long headings wrap, so the table fits beside the sidebar. */
  gtk_label_set_wrap (GTK_LABEL (first), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (first), 18);
  gtk_grid_attach (grid, first, 0, row, 1, 1);
  for (int i = 0; i < 4; i++)
    if (texts[i] != NULL)
      {
        GtkWidget *label = cell (texts[i], 1, css_class);

        gtk_label_set_wrap (GTK_LABEL (label), TRUE);
        gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
        gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
        gtk_widget_set_valign (label, GTK_ALIGN_END);
        gtk_grid_attach (grid, label, i + 1, row, 1, 1);
      }
}

static void
show_money (McProgrammeWhatIf *self,
            McWhatIfOutcome   *o)
{
  McSimulateResult *live = o->live_result, *draft = o->draft_result;
  int row = 1;

  money_row (self->money_grid, 0, _("Tier"), _("Benefit cost / month, live"), _("Draft"),
             _("Revenue in the window"), _("Cost / revenue"), "heading");
  for (guint i = 0; i < draft->n_tiers; i++, row++)
    {
      McSimulateTier *t = &draft->tiers[i];
      g_autofree char *live_cost = i < live->n_tiers ? mc_gui_format_money (live->tiers[i].monthly_benefit_cost_fen) : g_strdup ("—");
      g_autofree char *draft_cost = mc_gui_format_money (t->monthly_benefit_cost_fen);
      g_autofree char *revenue = mc_gui_format_money (t->revenue_fen);
      g_autofree char *share = format_share (t->cost_share);

      money_row (self->money_grid, row, t->name, live_cost, draft_cost, revenue, share, NULL);
    }
  {
    g_autofree char *live_cost = mc_gui_format_money (live->monthly_benefit_cost_fen);
    g_autofree char *draft_cost = mc_gui_format_money (draft->monthly_benefit_cost_fen);
    g_autofree char *revenue = mc_gui_format_money (draft->revenue_fen);
    g_autofree char *share = format_share (draft->cost_share);
    g_autofree char *live_liability = mc_gui_format_money (live->points_liability_fen);
    g_autofree char *draft_liability = mc_gui_format_money (draft->points_liability_fen);
    g_autofree char *live_share = format_share (live->cost_share);

    /* TRANSLATORS: the total row of the what-if's cost table; includes paid plans and campaigns */
    money_row (self->money_grid, row++, _("Total (with plans and campaigns)"), live_cost, draft_cost, revenue, share, "heading");
    money_row (self->money_grid, row++, _("Cost / revenue, live"), NULL, NULL, NULL, live_share, "dim-label");
    money_row (self->money_grid, row++, _("Points liability"), live_liability, draft_liability, NULL, NULL, NULL);
    mc_what_if_set_value (self, "draft-cost", g_strdup_printf ("%" G_GINT64_FORMAT, draft->monthly_benefit_cost_fen));
    mc_what_if_set_value (self, "draft-liability", g_strdup_printf ("%" G_GINT64_FORMAT, draft->points_liability_fen));
    mc_what_if_set_value (self, "live-liability", g_strdup_printf ("%" G_GINT64_FORMAT, live->points_liability_fen));
  }
}

static void
show_downgraded (McProgrammeWhatIf *self,
                 McWhatIfOutcome   *o)
{
  guint total = o->movement->downgraded->len;
  g_autofree char *count = mc_gui_format_count (total);
  /* TRANSLATORS: a heading with a count: "Members Who Would Be Downgraded (45)" */
  g_autofree char *title = g_strdup_printf (_("Members Who Would Be Downgraded (%s)"), count);

  gtk_label_set_text (self->downgraded_title, title);
  for (guint i = 0; i < o->downgraded->len; i++)
    {
      McSimulateDowngrade *d = g_ptr_array_index (o->downgraded, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *value = mc_gui_format_count (d->value);
      /* TRANSLATORS: a member who would be downgraded: "Gold → Silver · card 100234 · 5,230" */
      g_autofree char *subtitle = g_strdup_printf (_("%s → %s · card %s · %s"), d->from_tier, d->to_tier,
                                                   d->card_no != NULL ? d->card_no : "", value);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->name != NULL ? d->name : "");
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
      gtk_list_box_append (self->downgraded_list, row);
    }
  if (total > o->downgraded->len)
    {
      g_autofree char *more = mc_gui_format_count (total - o->downgraded->len);
      /* TRANSLATORS: the last row of a shortened list: "and 120 more (export them as CSV)" */
      g_autofree char *text = g_strdup_printf (_("and %s more (export them as CSV)"), more);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->downgraded_list, row);
    }
  if (total == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No member would be downgraded"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->downgraded_list, row);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), total > 0);
  mc_what_if_set_value (self, "downgraded", g_strdup_printf ("%u", total));
}

void
mc_what_if_view_show (McProgrammeWhatIf *self,
                      McWhatIfOutcome   *outcome)
{
  mc_what_if_view_clear (self);
  show_tiers (self, outcome);
  show_movement (self, outcome);
  show_money (self, outcome);
  show_downgraded (self, outcome);
}
