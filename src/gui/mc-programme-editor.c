/* mc-programme-editor.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The form reads every widget back into its McProgramme on each change, asks the core's
 * rules (mc_programme_check()) what is wrong and shows each message beside its field. The
 * whole-number rules are one table of fields (offsets into McProgramme), built as rows.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "mc-programme-check.h"
#include "mc-programme-editor.h"
#include "mc-tier-row.h"

struct _McProgrammeEditor
{
  GtkWidget             parent_instance;

  McProgramme          *programme;
  GPtrArray            *issues;
  gboolean              editable;
  gboolean              updating;
  GPtrArray            *tier_rows;      /* McTierRow, lowest first */
  GtkSpinButton       **spins;          /* one per int_fields[] */
  AdwEntryRow         **texts;          /* one per text_fields[] */

  AdwEntryRow          *name_row;
  GtkListBox           *tiers_list;
  GtkLabel             *tiers_message;
  GtkButton            *add_tier_button;
  AdwComboRow          *window_row;
  GtkLabel             *rules_message;
  AdwPreferencesGroup  *evaluation_group;
  AdwPreferencesGroup  *points_group;
  AdwPreferencesGroup  *growth_group;
  AdwPreferencesGroup  *actions_group;
  AdwPreferencesGroup  *campaigns_group;
  AdwComboRow          *metric_row;
  GtkSizeGroup         *columns[5];     /* the tier rows' columns and their headings */
  GtkWidget            *head_rank;
  GtkWidget            *head_color;
  GtkWidget            *head_threshold;
  GtkWidget            *head_multiplier;
  GtkWidget            *head_remove;
  AdwComboRow          *expiry_row;
};

#define MIN_TIERS 2
#define MAX_TIERS 10

G_DEFINE_FINAL_TYPE (McProgrammeEditor, mc_programme_editor, GTK_TYPE_WIDGET)

enum { CHANGED, TIER_REMOVED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef enum { GROUP_EVALUATION, GROUP_POINTS, GROUP_GROWTH, GROUP_ACTIONS, GROUP_CAMPAIGNS } Group;

#define ACTION_OFFSET(a, member) \
  (G_STRUCT_OFFSET (McProgramme, actions) + (a) * sizeof (McActionRule) + G_STRUCT_OFFSET (McActionRule, member))
#define FIELD(member) G_STRUCT_OFFSET (McProgramme, member)

/* The whole-number fields of a programme; scale 1000: a permille shown as 1.00. */
static const struct {
  Group       group;
  const char *title;
  const char *subtitle;
  gsize       offset;
  int         min;
  int         max;
  int         step;
  int         scale;
} int_fields[] = {
  { GROUP_EVALUATION, N_("_Warning"), N_("Days before a drop that the member is warned"), FIELD (warning_days), 0, 366, 1, 1 },
  { GROUP_EVALUATION, N_("_Grace period"), N_("Days a member below the threshold keeps the tier"), FIELD (grace_days), 0, 366, 1, 1 },
  { GROUP_EVALUATION, N_("Keep-tier _task"), N_("What a member must reach in the grace period to keep the tier; 0: no task"), FIELD (keep_task_target), 0, 100000000, 100, 1 },
  { GROUP_POINTS, N_("Points per _yuan"), N_("Before the tier’s multiplier"), FIELD (points_per_yuan), 0, 1000, 1, 1 },
  { GROUP_POINTS, N_("_Expiry"), N_("Rolling: months after which a lot of points expires; 0: never"), FIELD (points_expiry_months), 0, 120, 1, 1 },
  { GROUP_POINTS, N_("Clearing _month"), N_("Yearly clearing: the month"), FIELD (points_clear_month), 0, 12, 1, 1 },
  { GROUP_POINTS, N_("Clearing _day"), N_("Yearly clearing: the day of the month"), FIELD (points_clear_day), 0, 31, 1, 1 },
  { GROUP_POINTS, N_("Redemption _value"), N_("What one point is worth, in fen"), FIELD (point_value_fen), 0, 10000, 1, 1 },
  { GROUP_POINTS, N_("Daily points _cap"), N_("Points a member may earn per day; 0: no cap"), FIELD (daily_points_cap), 0, 100000000, 100, 1 },
  { GROUP_GROWTH, N_("Growth per y_uan"), N_("Growth value per whole yuan spent"), FIELD (growth_per_yuan), 0, 1000, 1, 1 },
  { GROUP_GROWTH, N_("Growth per _order"), N_("Growth value for each purchase"), FIELD (growth_per_order), 0, 100000, 1, 1 },
  { GROUP_ACTIONS, N_("Check-in"), N_("Growth"), ACTION_OFFSET (MC_ACTION_CHECKIN, growth), -100000, 100000, 1, 1 },
  { GROUP_ACTIONS, N_("Check-in"), N_("Daily cap"), ACTION_OFFSET (MC_ACTION_CHECKIN, daily_cap), 0, 1000000, 1, 1 },
  { GROUP_ACTIONS, N_("Invite"), N_("Growth"), ACTION_OFFSET (MC_ACTION_INVITE, growth), -100000, 100000, 1, 1 },
  { GROUP_ACTIONS, N_("Invite"), N_("Daily cap"), ACTION_OFFSET (MC_ACTION_INVITE, daily_cap), 0, 1000000, 1, 1 },
  { GROUP_ACTIONS, N_("Shared item bought"), N_("Growth"), ACTION_OFFSET (MC_ACTION_SHARE_BOUGHT, growth), -100000, 100000, 1, 1 },
  { GROUP_ACTIONS, N_("Shared item bought"), N_("Daily cap"), ACTION_OFFSET (MC_ACTION_SHARE_BOUGHT, daily_cap), 0, 1000000, 1, 1 },
  { GROUP_ACTIONS, N_("Like"), N_("Growth"), ACTION_OFFSET (MC_ACTION_LIKE, growth), -100000, 100000, 1, 1 },
  { GROUP_ACTIONS, N_("Like"), N_("Daily cap"), ACTION_OFFSET (MC_ACTION_LIKE, daily_cap), 0, 1000000, 1, 1 },
  { GROUP_ACTIONS, N_("Share"), N_("Growth"), ACTION_OFFSET (MC_ACTION_SHARE, growth), -100000, 100000, 1, 1 },
  { GROUP_ACTIONS, N_("Share"), N_("Daily cap"), ACTION_OFFSET (MC_ACTION_SHARE, daily_cap), 0, 1000000, 1, 1 },
  { GROUP_CAMPAIGNS, N_("_Member day"), N_("Day of the month, 1 to 28; 0: no member day"), FIELD (member_day), 0, 28, 1, 1 },
  { GROUP_CAMPAIGNS, N_("Member day _multiplier"), N_("Points multiplier on the member day"), FIELD (member_day_multiplier_permille), 0, 10000, 100, 1000 },
  { GROUP_CAMPAIGNS, N_("_Birthday points"), N_("Points given in the birthday month"), FIELD (birthday_points), 0, 1000000, 10, 1 },
};

/* The text fields of a programme (char * members; empty: NULL). */
static const struct {
  Group       group;
  const char *title;
  gsize       offset;
} text_fields[] = {
  { GROUP_EVALUATION, N_("Keep-tier task _wording"), FIELD (keep_task) },
  { GROUP_CAMPAIGNS, N_("Member day b_enefit code"), FIELD (member_day_benefit) },
  { GROUP_CAMPAIGNS, N_("Birthday _gift benefit code"), FIELD (birthday_benefit) },
};

static char **
text_ptr (McProgramme *programme,
          guint        field)
{
  return (char **) (gpointer) ((guint8 *) programme + text_fields[field].offset);
}

static int *
field_ptr (McProgramme *programme,
           guint        field)
{
  return (int *) (gpointer) ((guint8 *) programme + int_fields[field].offset);
}

static void read_back (McProgrammeEditor *self);

/* "Points per _yuan" -> "Points per yuan", for an accessible name. */
static char *
strip_mnemonic (const char *title)
{
  GString *plain = g_string_new (NULL);

  for (const char *p = title; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (plain, *p);
  return g_string_free (plain, FALSE);
}

gboolean
mc_programme_editor_issue_is_benefits (const McProgrammeIssue *issue)
{
  return issue->section == MC_PROGRAMME_SECTION_BENEFITS || issue->section == MC_PROGRAMME_SECTION_PLANS ||
         g_str_has_prefix (issue->path, "referral");
}

/* "tiers[2].threshold" -> 2 and "threshold"; FALSE for a path about no single tier. */
static gboolean
tier_of_path (const char  *path,
              guint       *tier)
{
  guint64 n;
  char *end;

  if (!g_str_has_prefix (path, "tiers["))
    return FALSE;
  n = g_ascii_strtoull (path + 6, &end, 10);
  if (end == path + 6 || *end != ']')
    return FALSE;
  *tier = (guint) n;
  return TRUE;
}

static void
show_issues (McProgrammeEditor *self)
{
  g_autoptr(GString) tiers = g_string_new (NULL);
  g_autoptr(GString) rules = g_string_new (NULL);
  g_autofree const char **tier_messages = NULL;

  g_clear_pointer (&self->issues, g_ptr_array_unref);
  if (self->programme == NULL)
    return;
  self->issues = mc_programme_check (self->programme);
  tier_messages = g_new0 (const char *, self->tier_rows->len + 1);
  for (guint i = 0; i < self->issues->len; i++)
    {
      McProgrammeIssue *issue = g_ptr_array_index (self->issues, i);
      guint tier;

      if (tier_of_path (issue->path, &tier) && tier < self->tier_rows->len)
        {
          if (tier_messages[tier] == NULL)
            tier_messages[tier] = issue->message;
        }
      else if (issue->section == MC_PROGRAMME_SECTION_TIERS)
        g_string_append_printf (tiers, "%s%s", tiers->len > 0 ? "\n" : "", issue->message);
      else if (mc_programme_editor_issue_is_benefits (issue))
        continue;   /* shown by the benefits view */
      else
        g_string_append_printf (rules, "%s%s", rules->len > 0 ? "\n" : "", issue->message);
    }
  for (guint i = 0; i < self->tier_rows->len; i++)
    mc_tier_row_set_message (g_ptr_array_index (self->tier_rows, i), tier_messages[i]);
  gtk_label_set_text (self->tiers_message, tiers->str);
  gtk_widget_set_visible (GTK_WIDGET (self->tiers_message), tiers->len > 0);
  gtk_label_set_text (self->rules_message, rules->str);
  gtk_widget_set_visible (GTK_WIDGET (self->rules_message), rules->len > 0);
}

static void
changed (McProgrammeEditor *self)
{
  if (self->updating || self->programme == NULL)
    return;
  read_back (self);
  show_issues (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
update_add_remove (McProgrammeEditor *self)
{
  guint n = self->tier_rows->len;

  for (guint i = 0; i < n; i++)
    {
      McTierRow *row = g_ptr_array_index (self->tier_rows, i);

      mc_tier_row_set_editable (row, self->editable);
      mc_tier_row_set_removable (row, n > MIN_TIERS);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->add_tier_button),
                            self->editable && self->programme != NULL && n < MAX_TIERS);
}

static void remove_tier_cb (McProgrammeEditor *self, McTierRow *row);

static void
build_tier_rows (McProgrammeEditor *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiers_list))) != NULL)
    gtk_list_box_remove (self->tiers_list, child);
  g_ptr_array_set_size (self->tier_rows, 0);
  for (guint i = 0; self->programme != NULL && i < self->programme->tiers->len; i++)
    {
      GtkWidget *row = mc_tier_row_new ();

      mc_tier_row_set_tier (MC_TIER_ROW (row), i + 1, g_ptr_array_index (self->programme->tiers, i));
      mc_tier_row_add_to_size_groups (MC_TIER_ROW (row), self->columns);
      g_signal_connect_object (row, "changed", G_CALLBACK (changed), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "remove", G_CALLBACK (remove_tier_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->tiers_list, row);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (row)), FALSE);
      g_ptr_array_add (self->tier_rows, row);
    }
  update_add_remove (self);
}

static void
remove_tier_cb (McProgrammeEditor *self,
                McTierRow         *row)
{
  guint index;
  g_autoptr(McProgramme) before = NULL;
  g_autofree char *name = NULL;

  if (!self->editable || !g_ptr_array_find (self->tier_rows, row, &index) ||
      self->programme->tiers->len <= MIN_TIERS)
    return;
  read_back (self);
  before = mc_programme_copy (self->programme);
  name = g_strdup (((McTier *) g_ptr_array_index (self->programme->tiers, index))->name);
  mc_programme_remove_tier (self->programme, ((McTier *) g_ptr_array_index (self->programme->tiers, index))->code);
  if (index == 0 && self->programme->tiers->len > 0)
    ((McTier *) g_ptr_array_index (self->programme->tiers, 0))->threshold = 0;
  build_tier_rows (self);
  show_issues (self);
  g_signal_emit (self, signals[CHANGED], 0);
  g_signal_emit (self, signals[TIER_REMOVED], 0, name, before);
}

/* A code no tier of programme uses: "tier4", "tier5", ... */
static char *
new_tier_code (McProgramme *programme)
{
  for (guint n = programme->tiers->len + 1; ; n++)
    {
      g_autofree char *code = g_strdup_printf ("tier%u", n);

      if (mc_programme_get_tier (programme, code) == NULL)
        return g_steal_pointer (&code);
    }
}

static void
add_tier_cb (McProgrammeEditor *self)
{
  McTier *top, *tier;
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;

  if (self->programme == NULL || self->programme->tiers->len >= MAX_TIERS)
    return;
  read_back (self);
  top = g_ptr_array_index (self->programme->tiers, self->programme->tiers->len - 1);
  code = new_tier_code (self->programme);
  /* TRANSLATORS: the name of a tier just added, by its rank: "Tier 4" */
  name = g_strdup_printf (_("Tier %u"), self->programme->tiers->len + 1);
  /* Above the top tier, so the thresholds still rise. */
  tier = mc_programme_add_tier (self->programme, code, name, top->threshold > 0 ? top->threshold * 2 : 1000);
  g_free (tier->color);
  tier->color = g_strdup ("#5e5c64");
  tier->multiplier_permille = top->multiplier_permille;
  build_tier_rows (self);
  show_issues (self);
  g_signal_emit (self, signals[CHANGED], 0);
  gtk_widget_grab_focus (g_ptr_array_index (self->tier_rows, self->tier_rows->len - 1));
}

static void
read_back (McProgrammeEditor *self)
{
  const char *name;

  if (self->programme == NULL)
    return;
  for (guint i = 0; i < self->tier_rows->len && i < self->programme->tiers->len; i++)
    mc_tier_row_apply (g_ptr_array_index (self->tier_rows, i), g_ptr_array_index (self->programme->tiers, i));
  for (guint f = 0; f < G_N_ELEMENTS (int_fields); f++)
    *field_ptr (self->programme, f) = (int) lround (gtk_spin_button_get_value (self->spins[f]) * int_fields[f].scale);
  self->programme->window = (McEvalWindow) adw_combo_row_get_selected (self->window_row);
  self->programme->metric = (McTierMetric) adw_combo_row_get_selected (self->metric_row);
  self->programme->points_expiry_mode = (McExpiryMode) adw_combo_row_get_selected (self->expiry_row);
  for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++)
    {
      char **text = text_ptr (self->programme, f);

      g_free (*text);
      *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->texts[f]))));
      if (**text == '\0')
        g_clear_pointer (text, g_free);
    }
  name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  g_free (self->programme->name);
  self->programme->name = g_strstrip (g_strdup (name));
}

static void
build_field_rows (McProgrammeEditor *self)
{
  AdwPreferencesGroup *groups[] = { self->evaluation_group, self->points_group, self->growth_group,
                                    self->actions_group, self->campaigns_group };
  GtkWidget *action_row = NULL;
  const char *action_title = NULL;

  self->metric_row = ADW_COMBO_ROW (adw_combo_row_new ());
  {
    g_autoptr(GtkStringList) metrics = gtk_string_list_new (NULL);

    for (guint m = 0; m < MC_N_TIER_METRICS; m++)
      gtk_string_list_append (metrics, mc_tier_metric_display ((McTierMetric) m));
    adw_combo_row_set_model (self->metric_row, G_LIST_MODEL (metrics));
  }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->metric_row), _("Thresholds _count"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->metric_row), TRUE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->metric_row), _("What a tier’s threshold measures over the window"));
  adw_preferences_group_add (self->evaluation_group, GTK_WIDGET (self->metric_row));
  g_signal_connect_object (self->metric_row, "notify::selected", G_CALLBACK (changed), self, G_CONNECT_SWAPPED);

  self->expiry_row = ADW_COMBO_ROW (adw_combo_row_new ());
  {
    const char *modes[] = { _("Rolling, months after earning"), _("Yearly, on a clearing date"), NULL };
    g_autoptr(GtkStringList) list = gtk_string_list_new (modes);

    adw_combo_row_set_model (self->expiry_row, G_LIST_MODEL (list));
  }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expiry_row), _("Expiry _policy"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->expiry_row), TRUE);
  adw_preferences_group_add (self->points_group, GTK_WIDGET (self->expiry_row));
  g_signal_connect_object (self->expiry_row, "notify::selected", G_CALLBACK (changed), self, G_CONNECT_SWAPPED);

  self->spins = g_new0 (GtkSpinButton *, G_N_ELEMENTS (int_fields));
  for (guint f = 0; f < G_N_ELEMENTS (int_fields); f++)
    {
      double scale = int_fields[f].scale;
      GtkWidget *spin = gtk_spin_button_new_with_range (int_fields[f].min / scale, int_fields[f].max / scale,
                                                        int_fields[f].step / scale);
      g_autofree char *plain = NULL;

      gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), int_fields[f].scale > 1 ? 2 : 0);

      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
      self->spins[f] = GTK_SPIN_BUTTON (spin);
      g_signal_connect_object (spin, "value-changed", G_CALLBACK (changed), self, G_CONNECT_SWAPPED);
      if (int_fields[f].group == GROUP_ACTIONS)
        {
          /* One row per action: its growth and its daily cap side by side. */
          const char *title = _(int_fields[f].title);
          g_autofree char *accessible = g_strdup_printf ("%s: %s", title, _(int_fields[f].subtitle));
          GtkWidget *caption = gtk_label_new (_(int_fields[f].subtitle));

          if (action_title == NULL || !g_str_equal (action_title, int_fields[f].title))
            {
              action_row = adw_action_row_new ();
              adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
              adw_preferences_group_add (groups[GROUP_ACTIONS], action_row);
              action_title = int_fields[f].title;
            }
          gtk_widget_add_css_class (caption, "dim-label");
          gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), caption);
          adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), spin);
          continue;
        }
      {
        GtkWidget *row = adw_action_row_new ();

        adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(int_fields[f].title));
        adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(int_fields[f].subtitle));
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
        adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
        plain = strip_mnemonic (_(int_fields[f].title));
        gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
        adw_preferences_group_add (groups[int_fields[f].group], row);
      }
    }

  self->texts = g_new0 (AdwEntryRow *, G_N_ELEMENTS (text_fields));
  for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++)
    {
      GtkWidget *row = adw_entry_row_new ();
      g_autofree char *plain = strip_mnemonic (_(text_fields[f].title));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(text_fields[f].title));
      adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
      self->texts[f] = ADW_ENTRY_ROW (row);
      g_signal_connect_object (row, "changed", G_CALLBACK (changed), self, G_CONNECT_SWAPPED);
      adw_preferences_group_add (groups[text_fields[f].group], row);
    }
}

void
mc_programme_editor_set_programme (McProgrammeEditor *self,
                                   McProgramme       *programme)
{
  g_return_if_fail (MC_IS_PROGRAMME_EDITOR (self));

  g_clear_pointer (&self->programme, mc_programme_free);
  if (programme != NULL)
    self->programme = mc_programme_copy (programme);
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), programme != NULL ? programme->name : "");
  for (guint f = 0; f < G_N_ELEMENTS (int_fields); f++)
    gtk_spin_button_set_value (self->spins[f], programme != NULL ?
                               *field_ptr (programme, f) / (double) int_fields[f].scale : 0);
  adw_combo_row_set_selected (self->window_row, programme != NULL ? (guint) programme->window : 0);
  adw_combo_row_set_selected (self->metric_row, programme != NULL ? (guint) programme->metric : 0);
  adw_combo_row_set_selected (self->expiry_row, programme != NULL ? (guint) programme->points_expiry_mode : 0);
  for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++)
    {
      const char *text = programme != NULL ? *text_ptr (programme, f) : NULL;

      gtk_editable_set_text (GTK_EDITABLE (self->texts[f]), text != NULL ? text : "");
    }
  build_tier_rows (self);
  self->updating = FALSE;
  show_issues (self);
}

McProgramme *
mc_programme_editor_get_programme (McProgrammeEditor *self)
{
  g_return_val_if_fail (MC_IS_PROGRAMME_EDITOR (self), NULL);
  return self->programme;
}

void
mc_programme_editor_set_editable (McProgrammeEditor *self,
                                  gboolean           editable)
{
  g_return_if_fail (MC_IS_PROGRAMME_EDITOR (self));

  self->editable = !!editable;
  gtk_editable_set_editable (GTK_EDITABLE (self->name_row), self->editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->window_row), self->editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->metric_row), self->editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->expiry_row), self->editable);
  for (guint f = 0; f < G_N_ELEMENTS (int_fields); f++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->spins[f]), self->editable);
  for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++)
    gtk_editable_set_editable (GTK_EDITABLE (self->texts[f]), self->editable);
  update_add_remove (self);
}

gboolean
mc_programme_editor_is_valid (McProgrammeEditor *self)
{
  g_return_val_if_fail (MC_IS_PROGRAMME_EDITOR (self), FALSE);
  return self->programme != NULL && self->issues != NULL && self->issues->len == 0;
}

void
mc_programme_editor_set_threshold (McProgrammeEditor *self,
                                   guint              tier,
                                   gint64             threshold)
{
  g_return_if_fail (MC_IS_PROGRAMME_EDITOR (self));
  g_return_if_fail (tier < self->tier_rows->len);

  mc_tier_row_set_threshold (g_ptr_array_index (self->tier_rows, tier), threshold);
  changed (self);
}

GPtrArray *
mc_programme_editor_get_issues (McProgrammeEditor *self)
{
  g_return_val_if_fail (MC_IS_PROGRAMME_EDITOR (self), NULL);
  return self->issues;
}

void
mc_programme_editor_programme_changed (McProgrammeEditor *self)
{
  g_return_if_fail (MC_IS_PROGRAMME_EDITOR (self));
  changed (self);
}

const char *
mc_programme_editor_get_message (McProgrammeEditor *self,
                                 int                tier)
{
  g_return_val_if_fail (MC_IS_PROGRAMME_EDITOR (self), NULL);

  if (tier < 0)
    {
      if (gtk_widget_get_visible (GTK_WIDGET (self->tiers_message)))
        return gtk_label_get_text (self->tiers_message);
      return gtk_widget_get_visible (GTK_WIDGET (self->rules_message)) ?
             gtk_label_get_text (self->rules_message) : NULL;
    }
  if ((guint) tier >= self->tier_rows->len)
    return NULL;
  return mc_tier_row_get_message (g_ptr_array_index (self->tier_rows, tier));
}

static void
mc_programme_editor_dispose (GObject *object)
{
  McProgrammeEditor *self = MC_PROGRAMME_EDITOR (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_PROGRAMME_EDITOR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->tier_rows, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_clear_object (&self->columns[i]);
  G_OBJECT_CLASS (mc_programme_editor_parent_class)->dispose (object);
}

static void
mc_programme_editor_finalize (GObject *object)
{
  McProgrammeEditor *self = MC_PROGRAMME_EDITOR (object);

  g_clear_pointer (&self->programme, mc_programme_free);
  g_clear_pointer (&self->issues, g_ptr_array_unref);
  g_free (self->spins);
  g_free (self->texts);
  G_OBJECT_CLASS (mc_programme_editor_parent_class)->finalize (object);
}

static void
mc_programme_editor_class_init (McProgrammeEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_programme_editor_dispose;
  object_class->finalize = mc_programme_editor_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A person removed a tier: (its name, the programme as it was before, valid during the
   * emission), for an Undo. */
  signals[TIER_REMOVED] = g_signal_new ("tier-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_POINTER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-programme-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, tiers_list);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, tiers_message);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, add_tier_button);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, window_row);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, rules_message);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, evaluation_group);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, points_group);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, growth_group);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, actions_group);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, campaigns_group);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, head_rank);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, head_color);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, head_threshold);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, head_multiplier);
  gtk_widget_class_bind_template_child (widget_class, McProgrammeEditor, head_remove);
  gtk_widget_class_bind_template_callback (widget_class, add_tier_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_programme_editor_init (McProgrammeEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->tier_rows = g_ptr_array_new ();
  self->editable = TRUE;
  {
    GtkWidget *heads[5] = { self->head_rank, self->head_color, self->head_threshold, self->head_multiplier,
                            self->head_remove };

    for (guint i = 0; i < 5; i++)
      {
        self->columns[i] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
        gtk_size_group_add_widget (self->columns[i], heads[i]);
      }
  }
  build_field_rows (self);
  g_signal_connect_object (self->name_row, "changed", G_CALLBACK (changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->window_row, "notify::selected", G_CALLBACK (changed), self, G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Programme design"), -1);
  update_add_remove (self);
}
