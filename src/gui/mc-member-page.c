/* mc-member-page.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page reads everything through mc_member_detail_load() and writes through the core's
 * member and tag functions, each in its own transaction; after a write the window is told
 * (mc_window_workspace_changed) and every page, this one included, reads again.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>

#include "mc-error.h"
#include "mc-growth-chart.h"
#include "mc-gui.h"
#include "mc-member-actions.h"
#include "mc-member-page.h"
#include "mc-member-rows.h"
#include "mc-programme.h"
#include "mc-store.h"
#include "mc-validate.h"
#include "mc-window.h"

struct _McMemberPage
{
  GtkWidget           parent_instance;

  McDb               *db;
  char               *member_id;
  GActionGroup       *actions;       /* "member.*": purchases, refunds, points, ... */
  McMemberDetail     *detail;
  McProgramme        *programme;
  GTimeZone          *tz;

  GtkLabel           *name_label;
  GtkLabel           *card_label;
  GtkLabel           *tier_badge;
  GtkProgressBar     *tier_progress;
  GtkLabel           *progress_label;
  GtkLabel           *tier_state_label;
  McGrowthChart      *growth_chart;
  GtkListBox         *points_list;
  McMemberFormWidget *form;
  GtkLabel           *save_error_label;
  GtkFlowBox         *tags_box;
  GtkEntry           *tag_entry;
  GtkDropDown        *tag_kind;
  GtkListBox         *orders_list;
  GtkListBox         *points_ledger_list;
  GtkListBox         *growth_ledger_list;
  GtkListBox         *benefits_list;
  GtkListBox         *subscription_list;
};

G_DEFINE_FINAL_TYPE (McMemberPage, mc_member_page, GTK_TYPE_WIDGET)

enum {
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const tag_kinds[] = { "basic", "behaviour", "interest", "value" };

static void
report_error (McMemberPage *self,
              const GError *error)
{
  g_signal_emit (self, signals[ERROR], 0, error);
}

static gboolean
can_write (McMemberPage *self)
{
  return self->db != NULL && mc_role_allows (mc_db_get_role (self->db), MC_PERMISSION_WRITE_MEMBERS);
}

/* After a write: every page reads again (this one through the window, or by itself). */
static void
changed (McMemberPage *self)
{
  GtkWidget *window = gtk_widget_get_ancestor (GTK_WIDGET (self), MC_TYPE_WINDOW);
  g_autoptr(GError) error = NULL;

  if (window != NULL)
    mc_window_workspace_changed (MC_WINDOW (window));
  else if (!mc_member_page_reload (self, &error))
    report_error (self, error);
}

static char *
format_date (McMemberPage *self,
             gint64        at)
{
  return at > 0 ? mc_format_date (at, self->tz) : g_strdup ("—");
}

static void
fill_header (McMemberPage *self)
{
  McMemberDetail *d = self->detail;
  g_autofree char *card = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *state = NULL;
  g_autofree char *growth = mc_gui_format_count (d->window_growth);

  gtk_label_set_text (self->name_label, d->member->name);
  /* TRANSLATORS: the member's card number and phone (a Chinese number without +86) */
  card = g_strdup_printf (_("Card %s · %s"), d->member->card_no,
                          d->member->phone == NULL ? "—"
                          : g_str_has_prefix (d->member->phone, "+86") ? d->member->phone + 3
                          : d->member->phone);
  gtk_label_set_text (self->card_label, card);
  mc_gui_set_tier_badge (self->tier_badge, self->programme, d->tier_code);
  gtk_progress_bar_set_fraction (self->tier_progress, d->progress);
  if (d->next_tier_code != NULL)
    {
      g_autofree char *missing = mc_gui_format_count (d->missing);

      progress = d->missing > 0
        /* TRANSLATORS: growth in the window, growth still needed, the next tier's name */
        ? g_strdup_printf (_("Growth %s: %s more to reach %s"), growth, missing, d->next_tier_name)
        : g_strdup_printf (_("Growth %s: enough for %s at the next evaluation"), growth, d->next_tier_name);
    }
  else
    progress = g_strdup_printf (_("Growth %s: the top tier"), growth);
  gtk_label_set_text (self->progress_label, progress);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->tier_progress),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, progress, -1);

  if (d->manual_tier != NULL)
    {
      g_autofree char *until = format_date (self, d->manual_until);

      state = g_strdup_printf (_("Set by hand until %s: %s"), until,
                               d->manual_reason != NULL ? d->manual_reason : "");
    }
  else if (d->grace_since != 0)
    {
      g_autofree char *until = format_date (self, d->grace_until);

      state = g_strdup_printf (_("Below the tier’s threshold: kept in the grace period until %s"), until);
    }
  else if (d->below_threshold)
    state = g_strdup (_("Below the tier’s threshold: the next evaluation starts a grace period"));
  gtk_label_set_text (self->tier_state_label, state != NULL ? state : "");
  gtk_widget_set_visible (GTK_WIDGET (self->tier_state_label), state != NULL);

  mc_growth_chart_set_series (self->growth_chart, d->growth_series,
                              d->next_tier_code != NULL ? d->next_threshold : d->tier_threshold, self->tz);
}

static void
fill_points (McMemberPage *self)
{
  McMemberDetail *d = self->detail;
  g_autofree char *balance = mc_gui_format_count (d->points_balance);
  g_autofree char *e30 = mc_gui_format_count (d->expiring_30);
  g_autofree char *e90 = mc_gui_format_count (d->expiring_90);

  mc_member_rows_clear (self->points_list);
  mc_member_rows_add (self->points_list, _("Balance"), NULL, balance);
  mc_member_rows_add (self->points_list, _("Expiring in 30 days"), NULL, e30);
  mc_member_rows_add (self->points_list, _("Expiring in 90 days"), NULL, e90);
  for (guint i = 0; i < d->expiring_lots->len; i++)
    {
      McPointsLot *lot = &g_array_index (d->expiring_lots, McPointsLot, i);
      g_autofree char *expires = format_date (self, lot->expires_at);
      g_autofree char *earned = format_date (self, lot->earned_at);
      g_autofree char *title = g_strdup_printf (_("Lot expiring on %s"), expires);
      g_autofree char *subtitle = g_strdup_printf (_("Earned on %s"), earned);
      g_autofree char *left = mc_gui_format_count (lot->remaining);

      mc_member_rows_add (self->points_list, title, subtitle, left);
    }
}

static void
fill_tags (McMemberPage *self)
{
  GtkWidget *child;
  gboolean writable = can_write (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_box))) != NULL)
    gtk_flow_box_remove (self->tags_box, child);
  for (guint i = 0; i < self->detail->tags->len; i++)
    {
      McMemberTag *tag = self->detail->tags->pdata[i];
      GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
      GtkWidget *label = gtk_label_new (tag->name);
      GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
      g_autofree char *tooltip = g_strdup_printf (_("Kind: %s"), mc_member_rows_tag_kind (tag->kind));
      g_autofree char *remove_name = g_strdup_printf (_("Remove tag %s"), tag->name);

      gtk_widget_set_tooltip_text (label, tooltip);
      gtk_widget_add_css_class (chip, "card");
      gtk_widget_add_css_class (chip, "tag-chip");
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_add_css_class (remove, "circular");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "tags.remove");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "s", tag->name);
      gtk_widget_set_tooltip_text (remove, remove_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
      gtk_widget_set_visible (remove, writable);
      gtk_box_append (GTK_BOX (chip), label);
      gtk_box_append (GTK_BOX (chip), remove);
      gtk_flow_box_append (self->tags_box, chip);
    }
  if (self->detail->tags->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No tags"));

      gtk_widget_add_css_class (none, "dim-label");
      gtk_flow_box_append (self->tags_box, none);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->tag_entry), writable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tag_kind), writable);
}

static void
fill_orders (McMemberPage *self)
{
  McMemberDetail *d = self->detail;

  mc_member_rows_clear (self->orders_list);
  for (guint i = 0; i < d->orders->len; i++)
    {
      McOrderRow *o = d->orders->pdata[i];
      g_autofree char *amount = mc_gui_format_money (o->amount_fen);
      g_autofree char *date = format_date (self, o->at);
      g_autofree char *subtitle = NULL;
      g_autofree char *refund_name = NULL;
      McRefundState state = mc_order_row_refund_state (o);
      GtkWidget *row, *button;

      if (state == MC_REFUND_FULL)
        subtitle = g_strdup_printf ("%s · %s", date, _("Refunded"));
      else if (state == MC_REFUND_PARTIAL)
        {
          g_autofree char *refunded = mc_gui_format_money (o->refunded_fen);

          subtitle = g_strdup_printf (_("%s · %s refunded"), date, refunded);
        }
      else
        subtitle = g_strdup (date);
      if (o->store_name != NULL)
        {
          char *with_store = g_strdup_printf ("%s · %s", subtitle, o->store_name);

          g_free (subtitle);
          subtitle = with_store;
        }
      row = mc_member_rows_add (self->orders_list, amount, subtitle, NULL);
      button = gtk_button_new_with_mnemonic (_("_Refund"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "member.refund");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", o->id);
      refund_name = g_strdup_printf (_("Refund the order of %s on %s"), amount, date);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, refund_name, -1);
      gtk_widget_set_sensitive (button, state != MC_REFUND_FULL);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  if (d->orders->len == 0)
    mc_member_rows_add_placeholder (self->orders_list, _("No orders yet"));
  else if (d->n_orders > d->orders->len)
    {
      g_autofree char *n = mc_gui_format_count (d->n_orders);
      g_autofree char *text = g_strdup_printf (_("The latest %u of %s orders"), d->orders->len, n);

      mc_member_rows_add_placeholder (self->orders_list, text);
    }
}

static void
fill_ledger (McMemberPage *self,
             GtkListBox   *list,
             GPtrArray    *entries)
{
  mc_member_rows_clear (list);
  for (guint i = 0; i < entries->len; i++)
    {
      McLedgerRow *e = entries->pdata[i];
      g_autofree char *delta = mc_member_rows_format_signed (e->delta);
      g_autofree char *date = format_date (self, e->at);
      const char *reason = g_strcmp0 (e->kind, "action") == 0 ? mc_member_rows_action (e->reason) : e->reason;
      g_autofree char *subtitle = reason != NULL ? g_strdup_printf ("%s · %s", date, reason)
                                                 : g_strdup (date);

      mc_member_rows_add (list, mc_member_rows_ledger_kind (e->kind), subtitle, delta);
    }
  if (entries->len == 0)
    mc_member_rows_add_placeholder (list, _("No entries yet"));
}

static void
fill_benefits_and_subscription (McMemberPage *self)
{
  McMemberDetail *d = self->detail;
  McSubscriptionInfo *s = d->subscription;

  mc_member_rows_clear (self->benefits_list);
  for (guint i = 0; i < d->benefits_used->len; i++)
    {
      McBenefitUse *use = d->benefits_used->pdata[i];
      g_autofree char *date = format_date (self, use->at);

      mc_member_rows_add (self->benefits_list, use->benefit != NULL ? use->benefit : _("Benefit"), NULL, date);
    }
  if (d->benefits_used->len == 0)
    mc_member_rows_add_placeholder (self->benefits_list, _("No benefits used yet"));

  mc_member_rows_clear (self->subscription_list);
  if (s != NULL)
    {
      g_autofree char *price = mc_gui_format_money (s->price_fen);
      g_autofree char *started = format_date (self, s->started_at);
      g_autofree char *ends = format_date (self, s->ends_at);
      g_autofree char *title = g_strdup_printf ("%s · %s", s->plan_name, price);
      /* TRANSLATORS: start date, end date, how many times the plan was renewed */
      g_autofree char *renewed = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                               "Since %s, until %s, renewed %" PRId64 " time",
                                                               "Since %s, until %s, renewed %" PRId64 " times",
                                                               (gulong) MAX (s->renewals, 0)),
                                                  started, ends, s->renewals);
      /* TRANSLATORS: the subscription's dates and renewals, then that it renews itself */
      g_autofree char *subtitle = s->auto_renew ? g_strdup_printf (_("%s; renews automatically"), renewed)
                                                : g_strdup (renewed);

      mc_member_rows_add (self->subscription_list, title, subtitle, s->status);
    }
  else
    mc_member_rows_add_placeholder (self->subscription_list, _("No paid membership"));
}

static void
fill (McMemberPage *self,
      gboolean      reset_form)
{
  gboolean writable = can_write (self);

  fill_header (self);
  fill_points (self);
  fill_tags (self);
  fill_orders (self);
  fill_ledger (self, self->points_ledger_list, self->detail->points_entries);
  fill_ledger (self, self->growth_ledger_list, self->detail->growth_entries);
  fill_benefits_and_subscription (self);
  if (reset_form)
    {
      mc_member_form_widget_set_member (self->form, self->detail->member);
      gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), FALSE);
    }
  mc_member_form_widget_set_editable (self->form, writable && !self->detail->masked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "profile.save", writable && !self->detail->masked);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tags.add", writable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tags.remove", writable);
}

static gboolean
load (McMemberPage  *self,
      McDb          *db,
      const char    *member_id,
      gboolean       reset_form,
      GError       **error)
{
  g_autoptr(McMemberDetail) detail = NULL;
  g_autoptr(McProgramme) programme = NULL;

  detail = mc_member_detail_load (db, member_id, 0, 20, error);
  if (detail == NULL)
    return FALSE;
  programme = mc_programme_load_live (db, error);
  if (programme == NULL)
    return FALSE;
  mc_gui_install_tier_css (programme);
  g_set_object (&self->db, db);
  if (member_id != self->member_id)
    {
      g_free (self->member_id);
      self->member_id = g_strdup (member_id);
    }
  mc_member_actions_set_member (self->actions, db, self->member_id);
  g_clear_pointer (&self->detail, mc_member_detail_free);
  self->detail = g_steal_pointer (&detail);
  g_clear_pointer (&self->programme, mc_programme_free);
  self->programme = g_steal_pointer (&programme);
  if (self->tz == NULL)
    self->tz = g_time_zone_ref (mc_db_get_time_zone (db));
  fill (self, reset_form);
  return TRUE;
}

gboolean
mc_member_page_set_member (McMemberPage  *self,
                           McDb          *db,
                           const char    *member_id,
                           GError       **error)
{
  g_return_val_if_fail (MC_IS_MEMBER_PAGE (self), FALSE);
  g_return_val_if_fail (db == NULL || MC_IS_DB (db), FALSE);

  if (db == NULL || member_id == NULL)
    {
      g_clear_object (&self->db);
      g_clear_pointer (&self->member_id, g_free);
      g_clear_pointer (&self->detail, mc_member_detail_free);
      mc_member_actions_set_member (self->actions, NULL, NULL);
      return TRUE;
    }
  if (!load (self, db, member_id, TRUE, error))
    return FALSE;
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self->growth_chart), GTK_TYPE_SCROLLED_WINDOW))), 0);
  return TRUE;
}

gboolean
mc_member_page_reload (McMemberPage  *self,
                       GError       **error)
{
  g_return_val_if_fail (MC_IS_MEMBER_PAGE (self), FALSE);

  if (self->db == NULL || self->member_id == NULL)
    return TRUE;
  /* Edits not saved yet stay in the form. */
  return load (self, self->db, self->member_id, !mc_member_form_widget_is_modified (self->form), error);
}

const char *
mc_member_page_get_member_id (McMemberPage *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_PAGE (self), NULL);
  return self->member_id;
}

void
mc_member_page_set_time_zone (McMemberPage *self,
                              GTimeZone    *tz)
{
  g_return_if_fail (MC_IS_MEMBER_PAGE (self));

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = tz != NULL ? g_time_zone_ref (tz) : NULL;
  if (self->detail != NULL && self->tz != NULL)
    fill (self, FALSE);
}

const McMemberDetail *
mc_member_page_get_detail (McMemberPage *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_PAGE (self), NULL);
  return self->detail;
}

McMemberFormWidget *
mc_member_page_get_form (McMemberPage *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_PAGE (self), NULL);
  return self->form;
}

const char *
mc_member_page_get_text (McMemberPage *self,
                         const char   *what)
{
  g_return_val_if_fail (MC_IS_MEMBER_PAGE (self), NULL);

  if (g_str_equal (what, "name"))
    return gtk_label_get_text (self->name_label);
  if (g_str_equal (what, "card"))
    return gtk_label_get_text (self->card_label);
  if (g_str_equal (what, "tier"))
    return gtk_label_get_text (self->tier_badge);
  if (g_str_equal (what, "progress"))
    return gtk_label_get_text (self->progress_label);
  if (g_str_equal (what, "points"))
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->points_list, 0);
      GtkWidget *w = row != NULL ? GTK_WIDGET (row) : NULL;

      /* The balance row's suffix label. */
      while (w != NULL && !GTK_IS_LABEL (w))
        w = gtk_widget_get_last_child (w);
      return w != NULL ? gtk_label_get_text (GTK_LABEL (w)) : NULL;
    }
  return NULL;
}

/* Saving, with undo */

static gboolean
restore_profile_cb (McDb     *db,
                    gpointer  data,
                    GError  **error)
{
  g_autoptr(McMember) before = mc_member_copy (data);

  return mc_member_update (db, before, error);
}

void
mc_member_page_save (McMemberPage *self)
{
  g_autoptr(McMember) before = NULL;
  g_autoptr(McMember) edited = NULL;
  g_autoptr(McMember) saved = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;

  g_return_if_fail (MC_IS_MEMBER_PAGE (self));

  if (self->db == NULL || self->member_id == NULL)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), FALSE);
  if (!mc_member_form_widget_is_valid (self->form))
    {
      mc_member_form_widget_show_errors (self->form);
      return;
    }
  before = mc_member_load (self->db, self->member_id, &error);
  if (before != NULL)
    {
      edited = mc_member_copy (before);
      mc_member_form_widget_apply (self->form, edited);
    }
  if (before == NULL || !mc_member_update (self->db, edited, &error))
    {
      if (g_error_matches (error, MC_ERROR, MC_ERROR_DUPLICATE))
        mc_member_form_widget_set_field_error (self->form,
                                               g_strrstr (error->message, edited->card_no) != NULL
                                                 ? MC_MEMBER_FIELD_CARD_NO : MC_MEMBER_FIELD_PHONE,
                                               error->message);
      gtk_label_set_text (self->save_error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->save_error_label), TRUE);
      return;
    }
  saved = mc_member_load (self->db, self->member_id, NULL);
  if (saved != NULL)
    mc_member_form_widget_set_member (self->form, saved);
  window = gtk_widget_get_ancestor (GTK_WIDGET (self), MC_TYPE_WINDOW);
  if (window != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Saved the profile of %s."), edited->name);

      mc_window_show_undo_toast (MC_WINDOW (window), message, restore_profile_cb,
                                 g_steal_pointer (&before), (GDestroyNotify) mc_member_free);
    }
  changed (self);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  mc_member_page_save (MC_MEMBER_PAGE (widget));
}

/* Tags */

typedef struct
{
  char *member_id;
  char *name;
  char *kind;
} TagUndo;

static void
tag_undo_free (gpointer data)
{
  TagUndo *u = data;

  g_free (u->member_id);
  g_free (u->name);
  g_free (u->kind);
  g_free (u);
}

static gboolean
tag_readd_cb (McDb     *db,
              gpointer  data,
              GError  **error)
{
  TagUndo *u = data;

  return mc_tag_add_to_member (db, u->member_id, u->name, u->kind, error);
}

static void
add_tag_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  McMemberPage *self = MC_MEMBER_PAGE (widget);
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->tag_entry))));
  guint kind = gtk_drop_down_get_selected (self->tag_kind);
  g_autoptr(GError) error = NULL;

  if (self->member_id == NULL || name[0] == '\0')
    return;
  if (!mc_tag_add_to_member (self->db, self->member_id, name,
                             tag_kinds[kind < G_N_ELEMENTS (tag_kinds) ? kind : 0], &error))
    {
      report_error (self, error);
      return;
    }
  gtk_editable_set_text (GTK_EDITABLE (self->tag_entry), "");
  changed (self);
}

static void
tag_entry_activate_cb (McMemberPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "tags.add", NULL);
}

static void
remove_tag_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  McMemberPage *self = MC_MEMBER_PAGE (widget);
  const char *name = g_variant_get_string (param, NULL);
  g_autoptr(GError) error = NULL;
  TagUndo *undo;
  GtkWidget *window;

  if (self->member_id == NULL || self->detail == NULL)
    return;
  undo = g_new0 (TagUndo, 1);
  undo->member_id = g_strdup (self->member_id);
  undo->name = g_strdup (name);
  undo->kind = g_strdup ("basic");
  for (guint i = 0; i < self->detail->tags->len; i++)
    if (g_str_equal (((McMemberTag *) self->detail->tags->pdata[i])->name, name))
      {
        g_free (undo->kind);
        undo->kind = g_strdup (((McMemberTag *) self->detail->tags->pdata[i])->kind);
      }
  if (!mc_tag_remove_from_member (self->db, self->member_id, name, &error))
    {
      tag_undo_free (undo);
      report_error (self, error);
      return;
    }
  window = gtk_widget_get_ancestor (GTK_WIDGET (self), MC_TYPE_WINDOW);
  if (window != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Removed the tag “%s”."), name);

      mc_window_show_undo_toast (MC_WINDOW (window), message, tag_readd_cb, undo, tag_undo_free);
    }
  else
    tag_undo_free (undo);
  changed (self);
}

/* GObject */

static void
mc_member_page_dispose (GObject *object)
{
  McMemberPage *self = MC_MEMBER_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_MEMBER_PAGE);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->db);
  g_clear_object (&self->actions);
  G_OBJECT_CLASS (mc_member_page_parent_class)->dispose (object);
}

static void
mc_member_page_finalize (GObject *object)
{
  McMemberPage *self = MC_MEMBER_PAGE (object);

  g_free (self->member_id);
  g_clear_pointer (&self->detail, mc_member_detail_free);
  g_clear_pointer (&self->programme, mc_programme_free);
  g_clear_pointer (&self->tz, g_time_zone_unref);
  G_OBJECT_CLASS (mc_member_page_parent_class)->finalize (object);
}

static void
mc_member_page_class_init (McMemberPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_member_page_dispose;
  object_class->finalize = mc_member_page_finalize;

  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (MC_TYPE_GROWTH_CHART);
  g_type_ensure (MC_TYPE_MEMBER_FORM_WIDGET);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-member-page.ui");
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, name_label);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, card_label);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, tier_badge);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, tier_progress);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, tier_state_label);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, growth_chart);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, points_list);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, form);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, save_error_label);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, tags_box);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, tag_entry);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, tag_kind);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, orders_list);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, points_ledger_list);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, growth_ledger_list);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, benefits_list);
  gtk_widget_class_bind_template_child (widget_class, McMemberPage, subscription_list);
  gtk_widget_class_bind_template_callback (widget_class, tag_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "profile.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "tags.add", NULL, add_tag_action);
  gtk_widget_class_install_action (widget_class, "tags.remove", "s", remove_tag_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_member_page_init (McMemberPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Member"), -1);
  self->actions = mc_member_actions_new (GTK_WIDGET (self));
  gtk_widget_insert_action_group (GTK_WIDGET (self), "member", self->actions);
}
