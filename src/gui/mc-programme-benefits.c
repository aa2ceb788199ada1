/* mc-programme-benefits.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built in code from the programme: an expander row per benefit and per plan (their
 * fields inside), a grid of check buttons for the matrix (a row per benefit, a column per
 * tier and per plan), and a row per referral step. Every control writes its value into the
 * programme at once and emits "changed"; adding or removing a benefit, plan or step
 * rebuilds the rows.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "mc-gui.h"
#include "mc-programme-benefits.h"
#include "mc-validate.h"
#include "mc-window.h"

struct _McProgrammeBenefits
{
  GtkWidget    parent_instance;

  McProgramme *programme;       /* borrowed */
  gboolean     editable;
  gboolean     building;

  GtkWidget   *box;
  GtkListBox  *benefits_list;
  GtkWidget   *add_benefit_button;
  GtkGrid     *matrix_grid;
  GtkListBox  *plans_list;
  GtkWidget   *add_plan_button;
  GtkListBox  *referral_list;
  GtkWidget   *add_step_button;
  GtkLabel    *message_label;
  guint        rebuild_id;
};

G_DEFINE_FINAL_TYPE (McProgrammeBenefits, mc_programme_benefits, GTK_TYPE_WIDGET)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void rebuild (McProgrammeBenefits *self);

static gboolean
rebuild_idle_cb (gpointer user_data)
{
  McProgrammeBenefits *self = user_data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
emit_changed (McProgrammeBenefits *self)
{
  if (!self->building)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* The field a control edits: a pointer into the programme and how to write it. */
typedef enum { F_INT, F_INT64, F_MONEY, F_PERMILLE_PERCENT, F_ENUM, F_STRING, F_OPT_STRING,
               F_DATE_FROM, F_DATE_TO } FieldKind;

typedef struct
{
  McProgrammeBenefits *self;
  FieldKind            kind;
  gpointer             ptr;
} Field;

static void
spin_changed_cb (GtkSpinButton *spin,
                 Field         *field)
{
  double v = gtk_spin_button_get_value (spin);

  switch (field->kind)
    {
    case F_INT: *(int *) field->ptr = (int) lround (v); break;
    case F_INT64: *(gint64 *) field->ptr = (gint64) llround (v); break;
    case F_MONEY: *(gint64 *) field->ptr = (gint64) llround (v * 100.0); break;
    case F_PERMILLE_PERCENT: *(int *) field->ptr = (int) lround (v * 10.0); break;
    case F_ENUM:
    case F_STRING:
    case F_OPT_STRING:
    case F_DATE_FROM:
    case F_DATE_TO:
    default: g_assert_not_reached ();
    }
  emit_changed (field->self);
}

static GtkWidget *
spin_row (McProgrammeBenefits *self,
          const char          *title,
          const char          *owner,
          FieldKind            kind,
          gpointer             ptr,
          double               max)
{
  GtkWidget *row = adw_action_row_new ();
  int digits = kind == F_MONEY ? 2 : (kind == F_PERMILLE_PERCENT ? 1 : 0);
  double step = kind == F_MONEY ? 1.0 : 1.0;
  GtkWidget *spin = gtk_spin_button_new_with_range (0, max, step);
  Field *field = g_new0 (Field, 1);
  /* TRANSLATORS: accessible name of a benefit's or plan's field: "Free shipping: Unit cost (¥)" */
  g_autofree char *accessible = g_strdup_printf (_("%s: %s"), owner, title);
  double value = 0;

  field->self = self;
  field->kind = kind;
  field->ptr = ptr;
  switch (kind)
    {
    case F_INT: value = *(int *) ptr; break;
    case F_INT64: value = (double) *(gint64 *) ptr; break;
    case F_MONEY: value = *(gint64 *) ptr / 100.0; break;
    case F_PERMILLE_PERCENT: value = *(int *) ptr / 10.0; break;
    case F_ENUM:
    case F_STRING:
    case F_OPT_STRING:
    case F_DATE_FROM:
    case F_DATE_TO:
    default: g_assert_not_reached ();
    }
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), (guint) digits);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (spin, self->editable);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_signal_connect_data (spin, "value-changed", G_CALLBACK (spin_changed_cb), field, (GClosureNotify) (void (*) (void)) g_free, 0);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
  return row;
}

static void
combo_changed_cb (AdwComboRow *combo,
                  GParamSpec  *pspec,
                  Field       *field)
{
  *(int *) field->ptr = (int) adw_combo_row_get_selected (combo);
  emit_changed (field->self);
  /* A benefit's kind decides its fields: rebuild, once this row's signal is over. */
  if (!field->self->building && field->self->rebuild_id == 0)
    field->self->rebuild_id = g_idle_add (rebuild_idle_cb, field->self);
}

static GtkWidget *
combo_row (McProgrammeBenefits *self,
           const char          *title,
           const char          *(*display) (int),
           int                  n,
           int                 *ptr)
{
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  Field *field = g_new0 (Field, 1);

  for (int i = 0; i < n; i++)
    gtk_string_list_append (list, display (i));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (list));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), (guint) *ptr);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_set_sensitive (row, self->editable);
  field->self = self;
  field->kind = F_ENUM;
  field->ptr = ptr;
  g_signal_connect_data (row, "notify::selected", G_CALLBACK (combo_changed_cb), field, (GClosureNotify) (void (*) (void)) g_free, 0);
  return row;
}

static void
name_changed_cb (GtkEditable *editable,
                 Field       *field)
{
  char **name = field->ptr;

  g_free (*name);
  *name = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  if (field->kind == F_OPT_STRING && **name == '\0')
    g_clear_pointer (name, g_free);
  emit_changed (field->self);
}

static GtkWidget *
string_row (McProgrammeBenefits *self,
            const char          *title,
            FieldKind            kind,
            char               **ptr)
{
  GtkWidget *row = adw_entry_row_new ();
  Field *field = g_new0 (Field, 1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_text (GTK_EDITABLE (row), *ptr != NULL ? *ptr : "");
  gtk_editable_set_editable (GTK_EDITABLE (row), self->editable);
  field->self = self;
  field->kind = kind;
  field->ptr = ptr;
  g_signal_connect_data (row, "changed", G_CALLBACK (name_changed_cb), field, (GClosureNotify) (void (*) (void)) g_free, 0);
  return row;
}

/* A benefit's optional text (service level, partner): empty is none. */
static GtkWidget *
text_row (McProgrammeBenefits *self,
          const char          *title,
          const char          *owner,
          char               **ptr)
{
  GtkWidget *row = string_row (self, title, F_OPT_STRING, ptr);
  g_autofree char *accessible = g_strdup_printf (_("%s: %s"), owner, title);

  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return row;
}

/* Dates are days in the workspace's time zone (the window's workspace; Shanghai without one). */
static GTimeZone *
time_zone (McProgrammeBenefits *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (MC_IS_WINDOW (root) && mc_window_get_db (MC_WINDOW (root)) != NULL)
    return g_time_zone_ref (mc_db_get_time_zone (mc_window_get_db (MC_WINDOW (root))));
  return g_time_zone_new_offset (8 * 3600);
}

/* A validity date typed: empty is no bound; a date not understood is marked and not kept
 * (the field keeps what the text last said that was understood). */
static void
date_changed_cb (GtkEditable *editable,
                 Field       *field)
{
  g_autoptr(GTimeZone) tz = time_zone (field->self);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));
  gint64 at = 0;

  if (text[0] != '\0' && !mc_parse_time (text, tz, field->kind == F_DATE_TO, &at, NULL))
    {
      gtk_widget_add_css_class (GTK_WIDGET (editable), "error");
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (editable), "error");
  *(gint64 *) field->ptr = at;
  emit_changed (field->self);
}

static GtkWidget *
date_row (McProgrammeBenefits *self,
          const char          *title,
          const char          *owner,
          FieldKind            kind,
          gint64              *ptr)
{
  GtkWidget *row = adw_entry_row_new ();
  g_autofree char *accessible = g_strdup_printf (_("%s: %s"), owner, title);
  Field *field = g_new0 (Field, 1);

  if (*ptr != 0)
    {
      g_autoptr(GTimeZone) tz = time_zone (self);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (*ptr);
      g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
      g_autofree char *day = g_date_time_format (local, "%Y-%m-%d");

      gtk_editable_set_text (GTK_EDITABLE (row), day);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_editable_set_editable (GTK_EDITABLE (row), self->editable);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  field->self = self;
  field->kind = kind;
  field->ptr = ptr;
  g_signal_connect_data (row, "changed", G_CALLBACK (date_changed_cb), field, (GClosureNotify) (void (*) (void)) g_free, 0);
  return row;
}

static const char *
kind_display (int kind)
{
  return mc_benefit_kind_display ((McBenefitKind) kind);
}

static const char *
period_display (int period)
{
  switch ((McPeriod) period)
    {
    case MC_PERIOD_DAY: return _("Per day");
    case MC_PERIOD_WEEK: return _("Per week");
    case MC_PERIOD_MONTH: return _("Per month");
    case MC_PERIOD_QUARTER: return _("Per quarter");
    case MC_PERIOD_YEAR: return _("Per year");
    case MC_PERIOD_NONE:
    case MC_N_PERIODS:
    default: return _("No limit");
    }
}

static const char *
plan_period_display (int period)
{
  return mc_plan_period_display ((McPlanPeriod) period);
}

static void
remove_clicked_cb (GtkButton           *button,
                   McProgrammeBenefits *self)
{
  const char *what = g_object_get_data (G_OBJECT (button), "what");
  const char *code = g_object_get_data (G_OBJECT (button), "code");
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));

  if (self->programme == NULL)
    return;
  if (g_str_equal (what, "benefit"))
    mc_programme_remove_benefit (self->programme, code);
  else if (g_str_equal (what, "plan"))
    mc_programme_remove_plan (self->programme, code);
  else if (index < self->programme->referral_steps->len)
    mc_programme_remove_referral_step (self->programme, index);
  emit_changed (self);
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_idle_cb, self);
}

static GtkWidget *
remove_button (McProgrammeBenefits *self,
               const char          *what,
               const char          *code,
               guint                index,
               const char          *label)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_set_margin_top (button, 6);
  gtk_widget_set_margin_bottom (button, 6);
  gtk_widget_set_margin_start (button, 12);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_set_visible (button, self->editable);
  g_object_set_data_full (G_OBJECT (button), "what", g_strdup (what), g_free);
  g_object_set_data_full (G_OBJECT (button), "code", g_strdup (code), g_free);
  g_object_set_data (G_OBJECT (button), "index", GUINT_TO_POINTER (index));
  g_signal_connect_object (button, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
  return button;
}

static void
build_benefits (McProgrammeBenefits *self)
{
  McProgramme *p = self->programme;

  clear_list (self->benefits_list);
  for (guint i = 0; p != NULL && i < p->benefits->len; i++)
    {
      McBenefit *b = g_ptr_array_index (p->benefits, i);
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *cost = mc_gui_format_money ((gint64) llround (mc_benefit_monthly_cost (b, 0)));
      /* TRANSLATORS: a benefit's summary: "Price · ¥3.20 per member per month" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s per member per month"),
                                                   mc_benefit_kind_display (b->kind), cost);
      /* TRANSLATORS: a button that removes a benefit: "Remove Free shipping" */
      g_autofree char *remove = g_strdup_printf (_("Remove %s"), b->name);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), b->name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), string_row (self, _("Name"), F_STRING, &b->name));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                combo_row (self, _("Kind"), kind_display, MC_N_BENEFIT_KINDS, (int *) &b->kind));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                spin_row (self, _("Unit cost (¥)"), b->name, F_MONEY, &b->unit_cost_fen, 100000));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                spin_row (self, _("Expected usage (%)"), b->name, F_PERMILLE_PERCENT, &b->usage_rate_permille, 100));
      if (b->kind == MC_BENEFIT_PRICE)
        {
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                    spin_row (self, _("Coupons per month"), b->name, F_INT, &b->coupons_per_month, 1000));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                    spin_row (self, _("Coupon value (¥)"), b->name, F_MONEY, &b->coupon_value_fen, 100000));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                    spin_row (self, _("Discount (‰ off)"), b->name, F_INT, &b->discount_permille, 1000));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                    spin_row (self, _("Free shipping from (¥)"), b->name, F_MONEY,
                                              &b->free_shipping_min_fen, 100000));
        }
      if (b->kind == MC_BENEFIT_SERVICE)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                  text_row (self, _("Service level"), b->name, &b->service_level));
      if (b->kind == MC_BENEFIT_PARTNER)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                  text_row (self, _("Partner name"), b->name, &b->partner));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                spin_row (self, _("Uses per member per period"), b->name, F_INT, &b->limit_per_period, 100000));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                combo_row (self, _("Period"), period_display, MC_N_PERIODS, (int *) &b->period));
      /* TRANSLATORS: a benefit's validity, a date such as 2026-07-01 or empty */
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                date_row (self, _("Valid from (date, empty: always)"), b->name, F_DATE_FROM, &b->valid_from));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                date_row (self, _("Valid until (date, empty: no end)"), b->name, F_DATE_TO, &b->valid_to));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), remove_button (self, "benefit", b->code, i, remove));
      gtk_list_box_append (self->benefits_list, expander);
    }
}

static void
matrix_toggled_cb (GtkCheckButton      *check,
                   McProgrammeBenefits *self)
{
  const char *benefit = g_object_get_data (G_OBJECT (check), "benefit");
  const char *tier = g_object_get_data (G_OBJECT (check), "tier");
  const char *plan = g_object_get_data (G_OBJECT (check), "plan");
  gboolean given = gtk_check_button_get_active (check);

  if (self->programme == NULL || self->building)
    return;
  if (tier != NULL)
    mc_programme_set_tier_benefit (self->programme, tier, benefit, given);
  else
    mc_programme_set_plan_benefit (self->programme, plan, benefit, given);
  emit_changed (self);
}

static void
build_matrix (McProgrammeBenefits *self)
{
  McProgramme *p = self->programme;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->matrix_grid))) != NULL)
    gtk_grid_remove (self->matrix_grid, child);
  if (p == NULL || p->benefits->len == 0)
    return;
  for (guint t = 0; t < p->tiers->len + p->plans->len; t++)
    {
      gboolean is_tier = t < p->tiers->len;
      const char *name = is_tier ? ((McTier *) g_ptr_array_index (p->tiers, t))->name :
                                   ((McPaidPlan *) g_ptr_array_index (p->plans, t - p->tiers->len))->name;
      GtkWidget *head = gtk_label_new (name);

      gtk_widget_add_css_class (head, "heading");
      if (!is_tier)
        gtk_widget_add_css_class (head, "accent");
      gtk_grid_attach (self->matrix_grid, head, (int) t + 1, 0, 1, 1);
    }
  for (guint b = 0; b < p->benefits->len; b++)
    {
      McBenefit *benefit = g_ptr_array_index (p->benefits, b);
      GtkWidget *name = gtk_label_new (benefit->name);

      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_grid_attach (self->matrix_grid, name, 0, (int) b + 1, 1, 1);
      for (guint t = 0; t < p->tiers->len + p->plans->len; t++)
        {
          gboolean is_tier = t < p->tiers->len;
          McTier *tier = is_tier ? g_ptr_array_index (p->tiers, t) : NULL;
          McPaidPlan *plan = is_tier ? NULL : g_ptr_array_index (p->plans, t - p->tiers->len);
          GtkWidget *check = gtk_check_button_new ();
          /* TRANSLATORS: accessible name of a cell of the benefit matrix: "Gold gets Free shipping" */
          g_autofree char *accessible = g_strdup_printf (_("%s gets %s"), is_tier ? tier->name : plan->name,
                                                         benefit->name);

          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), is_tier ?
                                       mc_programme_tier_has_benefit (p, tier->code, benefit->code) :
                                       mc_programme_plan_has_benefit (p, plan->code, benefit->code));
          gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
          gtk_widget_set_sensitive (check, self->editable);
          gtk_widget_set_tooltip_text (check, accessible);
          gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
          g_object_set_data_full (G_OBJECT (check), "benefit", g_strdup (benefit->code), g_free);
          if (is_tier)
            g_object_set_data_full (G_OBJECT (check), "tier", g_strdup (tier->code), g_free);
          else
            g_object_set_data_full (G_OBJECT (check), "plan", g_strdup (plan->code), g_free);
          g_signal_connect_object (check, "toggled", G_CALLBACK (matrix_toggled_cb), self, 0);
          gtk_grid_attach (self->matrix_grid, check, (int) t + 1, (int) b + 1, 1, 1);
        }
    }
}

static void
build_plans (McProgrammeBenefits *self)
{
  McProgramme *p = self->programme;

  clear_list (self->plans_list);
  for (guint i = 0; p != NULL && i < p->plans->len; i++)
    {
      McPaidPlan *plan = g_ptr_array_index (p->plans, i);
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *price = mc_gui_format_money (plan->price_fen);
      /* TRANSLATORS: a paid plan's summary: "Year · ¥199.00 · 7 trial days" */
      g_autofree char *subtitle = g_strdup_printf (_("%s · %s · %d trial days"),
                                                   mc_plan_period_display (plan->period), price, plan->trial_days);
      g_autofree char *remove = g_strdup_printf (_("Remove %s"), plan->name);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (expander), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), plan->name);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), string_row (self, _("Name"), F_STRING, &plan->name));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                combo_row (self, _("Period"), plan_period_display, MC_N_PLAN_PERIODS, (int *) &plan->period));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                spin_row (self, _("Price (¥)"), plan->name, F_MONEY, &plan->price_fen, 1000000));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                spin_row (self, _("Trial days"), plan->name, F_INT, &plan->trial_days, 366));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), remove_button (self, "plan", plan->code, i, remove));
      gtk_list_box_append (self->plans_list, expander);
    }
}

static void
build_referral (McProgrammeBenefits *self)
{
  McProgramme *p = self->programme;

  clear_list (self->referral_list);
  for (guint i = 0; p != NULL && i < p->referral_steps->len; i++)
    {
      McReferralStep *step = &g_array_index (p->referral_steps, McReferralStep, i);
      /* TRANSLATORS: a referral step's name: "Step 2" */
      g_autofree char *title = g_strdup_printf (_("Step %u"), i + 1);
      GtkWidget *expander = adw_expander_row_new ();
      g_autofree char *subtitle = NULL;
      g_autofree char *remove = g_strdup_printf (_("Remove %s"), title);

      /* TRANSLATORS: a referral step: "3 invites: 100 points" */
      subtitle = g_strdup_printf (_("%d invites: %d points"), step->invites, step->points);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                spin_row (self, _("Invited members who joined"), title, F_INT, &step->invites, 10000));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander),
                                spin_row (self, _("Reward in points"), title, F_INT, &step->points, 1000000));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), remove_button (self, "step", NULL, i, remove));
      gtk_list_box_append (self->referral_list, expander);
    }
}

static void
rebuild (McProgrammeBenefits *self)
{
  self->building = TRUE;
  build_benefits (self);
  build_matrix (self);
  build_plans (self);
  build_referral (self);
  gtk_widget_set_sensitive (self->add_benefit_button, self->editable && self->programme != NULL);
  gtk_widget_set_sensitive (self->add_plan_button, self->editable && self->programme != NULL);
  gtk_widget_set_sensitive (self->add_step_button, self->editable && self->programme != NULL);
  self->building = FALSE;
}

static char *
new_code (const char *prefix,
          GPtrArray  *items)
{
  for (guint n = items->len + 1; ; n++)
    {
      g_autofree char *code = g_strdup_printf ("%s%u", prefix, n);
      gboolean used = FALSE;

      /* McBenefit and McPaidPlan both start with their code. */
      for (guint i = 0; i < items->len && !used; i++)
        used = g_strcmp0 (*(char **) g_ptr_array_index (items, i), code) == 0;
      if (!used)
        return g_steal_pointer (&code);
    }
}

static void
add_benefit_cb (McProgrammeBenefits *self)
{
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;

  if (self->programme == NULL)
    return;
  code = new_code ("benefit", self->programme->benefits);
  /* TRANSLATORS: the name of a benefit just added: "Benefit 3" */
  name = g_strdup_printf (_("Benefit %u"), self->programme->benefits->len + 1);
  mc_programme_add_benefit (self->programme, code, name, MC_BENEFIT_PRICE);
  rebuild (self);
  emit_changed (self);
}

static void
add_plan_cb (McProgrammeBenefits *self)
{
  g_autofree char *code = NULL;
  g_autofree char *name = NULL;

  if (self->programme == NULL)
    return;
  code = new_code ("plan", self->programme->plans);
  /* TRANSLATORS: the name of a paid plan just added: "Plan 2" */
  name = g_strdup_printf (_("Plan %u"), self->programme->plans->len + 1);
  mc_programme_add_plan (self->programme, code, name, MC_PLAN_YEAR, 19900);
  rebuild (self);
  emit_changed (self);
}

static void
add_step_cb (McProgrammeBenefits *self)
{
  GArray *steps;
  int invites = 3;

  if (self->programme == NULL)
    return;
  steps = self->programme->referral_steps;
  if (steps->len > 0)
    invites = g_array_index (steps, McReferralStep, steps->len - 1).invites + 2;
  mc_programme_add_referral_step (self->programme, invites, 100, NULL);
  rebuild (self);
  emit_changed (self);
}

void
mc_programme_benefits_set_programme (McProgrammeBenefits *self,
                                     McProgramme         *programme)
{
  g_return_if_fail (MC_IS_PROGRAMME_BENEFITS (self));

  self->programme = programme;
  rebuild (self);
}

void
mc_programme_benefits_set_editable (McProgrammeBenefits *self,
                                    gboolean             editable)
{
  g_return_if_fail (MC_IS_PROGRAMME_BENEFITS (self));

  self->editable = !!editable;
  rebuild (self);
}

void
mc_programme_benefits_set_message (McProgrammeBenefits *self,
                                   const char          *message)
{
  g_return_if_fail (MC_IS_PROGRAMME_BENEFITS (self));

  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL && message[0] != '\0');
}

static GtkWidget *
section (McProgrammeBenefits *self,
         const char          *title,
         const char          *description,
         GtkWidget           *content,
         GtkWidget           *button)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *caption = gtk_label_new (description);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_label_set_wrap (GTK_LABEL (caption), TRUE);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_widget_add_css_class (caption, "caption");
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), content);
  if (button != NULL)
    {
      gtk_widget_set_halign (button, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_box_append (GTK_BOX (self->box), box);
  return box;
}

static GtkListBox *
boxed_list (const char *accessible,
            const char *empty)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *placeholder = gtk_label_new (empty);

  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), placeholder);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  return GTK_LIST_BOX (list);
}

static void
mc_programme_benefits_dispose (GObject *object)
{
  McProgrammeBenefits *self = MC_PROGRAMME_BENEFITS (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  self->programme = NULL;
  G_OBJECT_CLASS (mc_programme_benefits_parent_class)->dispose (object);
}

static void
mc_programme_benefits_class_init (McProgrammeBenefitsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_programme_benefits_dispose;
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_programme_benefits_init (McProgrammeBenefits *self)
{
  GtkWidget *matrix_scroller = gtk_scrolled_window_new ();

  self->editable = TRUE;
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->message_label, 0);
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);

  self->benefits_list = boxed_list (_("Benefits"), _("No benefits yet"));
  self->add_benefit_button = gtk_button_new_with_mnemonic (_("Add _Benefit"));
  g_signal_connect_object (self->add_benefit_button, "clicked", G_CALLBACK (add_benefit_cb), self, G_CONNECT_SWAPPED);
  section (self, _("Benefits"), _("Each benefit’s unit cost and expected usage give its cost per member per month."),
           GTK_WIDGET (self->benefits_list), self->add_benefit_button);

  self->matrix_grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->matrix_grid, 18);
  gtk_grid_set_row_spacing (self->matrix_grid, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->matrix_grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Which tier and plan gets which benefit"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (matrix_scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (matrix_scroller), GTK_WIDGET (self->matrix_grid));
  section (self, _("Benefit Matrix"), _("A row per benefit, a column per tier and per paid plan."),
           matrix_scroller, NULL);

  self->plans_list = boxed_list (_("Paid plans"), _("No paid plans yet"));
  self->add_plan_button = gtk_button_new_with_mnemonic (_("Add Paid _Plan"));
  g_signal_connect_object (self->add_plan_button, "clicked", G_CALLBACK (add_plan_cb), self, G_CONNECT_SWAPPED);
  section (self, _("Paid Plans"), _("Membership a member pays for, with its own benefits."),
           GTK_WIDGET (self->plans_list), self->add_plan_button);

  self->referral_list = boxed_list (_("Referral steps"), _("No referral rewards yet"));
  self->add_step_button = gtk_button_new_with_mnemonic (_("Add _Referral Step"));
  g_signal_connect_object (self->add_step_button, "clicked", G_CALLBACK (add_step_cb), self, G_CONNECT_SWAPPED);
  section (self, _("Referral Rewards"), _("Points for a member whose invited friends join, in rising steps."),
           GTK_WIDGET (self->referral_list), self->add_step_button);
  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->message_label));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Benefits, paid plans and referral rewards"), -1);
  rebuild (self);
}
