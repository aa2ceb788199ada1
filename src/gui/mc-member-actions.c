/* mc-member-actions.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member page's actions ("member.*"): each a small form over one core call, then a
 * toast and a refresh of every page. Adjustments and delete can be undone from the toast.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "mc-error.h"
#include "mc-ledger.h"
#include "mc-member.h"
#include "mc-member-actions.h"
#include "mc-member-dialog.h"
#include "mc-member-privacy.h"
#include "mc-order.h"
#include "mc-programme.h"
#include "mc-store.h"
#include "mc-tier.h"
#include "mc-validate.h"
#include "mc-window.h"

#define STATE_KEY "mc-member-actions-state"
#define MAX_ADJUST 100000000

typedef struct
{
  GtkWidget            *host;     /* weak */
  McDb                 *db;
  char                 *member_id;
  GtkWindow            *dialog;   /* weak */
  GtkFileChooserNative *chooser;
} State;

static void
state_free (gpointer data)
{
  State *s = data;

  g_clear_weak_pointer (&s->host);
  g_clear_weak_pointer (&s->dialog);
  if (s->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (s->chooser));
  g_clear_object (&s->chooser);
  g_clear_object (&s->db);
  g_free (s->member_id);
  g_free (s);
}

static State *
state_of (GActionGroup *group)
{
  return g_object_get_data (G_OBJECT (group), STATE_KEY);
}

static McWindow *
window_of (State *s)
{
  GtkRoot *root = s->host != NULL ? gtk_widget_get_root (s->host) : NULL;

  return root != NULL && MC_IS_WINDOW (root) ? MC_WINDOW (root) : NULL;
}

static void
toast (State      *s,
       const char *message)
{
  McWindow *window = window_of (s);

  if (window != NULL)
    mc_window_show_toast (window, message);
}

static void
workspace_changed (State *s)
{
  McWindow *window = window_of (s);

  if (window != NULL)
    mc_window_workspace_changed (window);
}

static GTimeZone *
time_zone (State *s)
{
  return mc_db_get_time_zone (s->db);
}

/* Opens a form whose accept callback gets the group (kept alive while it is open). */
static McMemberDialog *
open_dialog (GActionGroup         *group,
             const char           *title,
             const char           *intro,
             const char           *accept_label,
             gboolean              destructive,
             McMemberDialogAccept  accept)
{
  State *s = state_of (group);
  McMemberDialog *dialog;

  if (s->dialog != NULL)
    gtk_window_destroy (s->dialog);
  dialog = mc_member_dialog_new (s->host, title, intro, accept_label, destructive, accept,
                                 g_object_ref (group), g_object_unref);
  g_set_weak_pointer (&s->dialog, mc_member_dialog_get_window (dialog));
  return dialog;
}

static gboolean
parse_signed (const char  *text,
              gint64      *value,
              GError     **error)
{
  g_autofree char *clean = g_strstrip (g_strdup (text));

  if (clean[0] == '+')
    memmove (clean, clean + 1, strlen (clean));
  if (!g_ascii_string_to_signed (clean, 10, -MAX_ADJUST, MAX_ADJUST, value, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("Give a whole number such as 100 to add or -50 to take away."));
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------ */
/* record-purchase                                                                      */

static gboolean
purchase_accept (McMemberDialog  *dialog,
                 gpointer         data,
                 GError         **error)
{
  State *s = state_of (data);
  McOrderInput input = { 0 };
  McOrderResult result = { 0 };
  g_auto(GStrv) stores = mc_store_list_names (s->db, NULL);
  g_autofree char *store_id = NULL;
  g_autofree char *yuan = NULL;
  g_autofree char *message = NULL;
  guint store = mc_member_dialog_get_selected (dialog, "store");

  if (!mc_parse_yuan (mc_member_dialog_get_text (dialog, "amount"), &input.amount_fen, error) ||
      !mc_parse_time (mc_member_dialog_get_text (dialog, "time"), time_zone (s), FALSE, &input.at, error))
    return FALSE;
  /* Item 0 is "No store". */
  if (stores != NULL && store > 0 && store <= g_strv_length (stores) &&
      (store_id = mc_store_lookup (s->db, stores[store - 1], error)) == NULL)
    return FALSE;
  input.member_id = s->member_id;
  input.store_id = store_id;
  if (!mc_order_add (s->db, &input, &result, error))
    return FALSE;
  yuan = mc_format_yuan (result.amount_fen);
  message = g_strdup_printf (_("Recorded ¥%s: %" PRId64 " points and %" PRId64 " growth earned."),
                             yuan, result.points, result.growth);
  mc_order_result_clear (&result);
  toast (s, message);
  workspace_changed (s);
  return TRUE;
}

static void
record_purchase_cb (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       group)
{
  State *s = state_of (group);
  g_auto(GStrv) stores = mc_store_list_names (s->db, NULL);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  g_autofree char *now = mc_format_time (mc_db_now (), time_zone (s));
  McMemberDialog *dialog = open_dialog (group, _("Record a Purchase"), NULL, _("_Record"), FALSE,
                                        purchase_accept);

  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autofree char *own_store = g_settings_get_string (settings, "store-name");
  guint selected = stores != NULL && stores[0] != NULL ? 1 : 0;

  g_ptr_array_add (items, (gpointer) _("No store"));
  for (guint i = 0; stores != NULL && stores[i] != NULL; i++)
    {
      g_ptr_array_add (items, stores[i]);
      /* This console's store (Preferences) comes first to hand. */
      if (g_strcmp0 (stores[i], own_store) == 0)
        selected = i + 1;
    }
  g_ptr_array_add (items, NULL);
  mc_member_dialog_add_entry (dialog, "amount", _("_Amount (¥)"), NULL);
  mc_member_dialog_add_drop_down (dialog, "store", _("_Store"), (const char * const *) items->pdata,
                                  selected);
  mc_member_dialog_add_entry (dialog, "time", _("_Time"), now);
  mc_member_dialog_present (dialog);
}

/* ------------------------------------------------------------------------------------ */
/* refund                                                                               */

static gboolean
refund_accept (McMemberDialog  *dialog,
               gpointer         data,
               GError         **error)
{
  State *s = state_of (data);
  const char *order_id = g_object_get_data (G_OBJECT (mc_member_dialog_get_window (dialog)), "order-id");
  g_autofree char *amount_text = g_strstrip (g_strdup (mc_member_dialog_get_text (dialog, "amount")));
  g_autofree char *yuan = NULL;
  g_autofree char *message = NULL;
  McOrderResult result = { 0 };
  gint64 fen = 0;

  if (amount_text[0] != '\0' && !mc_parse_yuan (amount_text, &fen, error))
    return FALSE;
  if (!mc_order_refund (s->db, order_id, fen, 0, &result, error))
    return FALSE;
  yuan = mc_format_yuan (-result.amount_fen > 0 ? -result.amount_fen : result.amount_fen);
  if (result.points_unrecovered > 0 || result.growth_unrecovered > 0)
    message = g_strdup_printf (_("Refunded ¥%s: %" PRId64 " points and %" PRId64 " growth taken back; "
                                 "%" PRId64 " points and %" PRId64 " growth could not be, the balance was too low."),
                               yuan, -result.points, -result.growth,
                               result.points_unrecovered, result.growth_unrecovered);
  else
    message = g_strdup_printf (_("Refunded ¥%s: %" PRId64 " points and %" PRId64 " growth taken back."),
                               yuan, -result.points, -result.growth);
  mc_order_result_clear (&result);
  toast (s, message);
  workspace_changed (s);
  return TRUE;
}

static void
refund_cb (GSimpleAction *action,
           GVariant      *param,
           gpointer       group)
{
  const char *order_id = g_variant_get_string (param, NULL);
  g_autofree char *intro = g_strdup_printf (_("Refund the order %s? The points and growth it earned "
                                              "are taken back. This cannot be undone."), order_id);
  McMemberDialog *dialog = open_dialog (group, _("Refund an Order"), intro, _("_Refund"), TRUE,
                                        refund_accept);

  g_object_set_data_full (G_OBJECT (mc_member_dialog_get_window (dialog)), "order-id",
                          g_strdup (order_id), g_free);
  mc_member_dialog_add_entry (dialog, "amount", _("_Amount (¥, empty: all that is left)"), NULL);
  mc_member_dialog_present (dialog);
}

/* ------------------------------------------------------------------------------------ */
/* redeem                                                                               */

static gboolean
redeem_accept (McMemberDialog  *dialog,
               gpointer         data,
               GError         **error)
{
  State *s = state_of (data);
  g_autofree char *message = NULL;
  gint64 points;

  if (!mc_parse_points (mc_member_dialog_get_text (dialog, "points"), &points, error) ||
      !mc_points_redeem (s->db, s->member_id, points, mc_member_dialog_get_text (dialog, "reason"), error))
    return FALSE;
  message = g_strdup_printf (_("Redeemed %" PRId64 " points."), points);
  toast (s, message);
  workspace_changed (s);
  return TRUE;
}

static void
redeem_cb (GSimpleAction *action,
           GVariant      *param,
           gpointer       group)
{
  McMemberDialog *dialog = open_dialog (group, _("Redeem Points"), NULL, _("_Redeem"), FALSE,
                                        redeem_accept);

  mc_member_dialog_add_entry (dialog, "points", _("_Points"), NULL);
  mc_member_dialog_add_entry (dialog, "reason", _("R_eason"), _("Redeemed at the counter"));
  mc_member_dialog_present (dialog);
}

/* ------------------------------------------------------------------------------------ */
/* adjust-points, adjust-growth                                                         */

typedef struct
{
  McLedger  ledger;
  char     *member_id;
  gint64    delta;
  char     *reason;
} Adjustment;

static void
adjustment_free (gpointer data)
{
  Adjustment *a = data;

  g_free (a->member_id);
  g_free (a->reason);
  g_free (a);
}

static gboolean
adjust (McDb        *db,
        McLedger     ledger,
        const char  *member_id,
        gint64       delta,
        const char  *reason,
        GError     **error)
{
  if (ledger == MC_LEDGER_POINTS)
    return mc_points_adjust (db, member_id, delta, reason, error);
  return mc_growth_adjust (db, member_id, delta, reason, error);
}

static gboolean
undo_adjustment (McDb      *db,
                 gpointer   data,
                 GError   **error)
{
  Adjustment *a = data;
  /* TRANSLATORS: the reason of the entry that undoes an adjustment */
  g_autofree char *reason = g_strdup_printf (_("Undo: %s"), a->reason);

  return adjust (db, a->ledger, a->member_id, -a->delta, reason, error);
}

static gboolean
adjust_accept (McMemberDialog  *dialog,
               gpointer         data,
               GError         **error)
{
  State *s = state_of (data);
  McLedger ledger = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (mc_member_dialog_get_window (dialog)), "ledger"));
  g_autofree char *reason = g_strstrip (g_strdup (mc_member_dialog_get_text (dialog, "reason")));
  g_autofree char *message = NULL;
  Adjustment *a;
  McWindow *window;
  gint64 delta;

  if (!parse_signed (mc_member_dialog_get_text (dialog, "amount"), &delta, error) ||
      !adjust (s->db, ledger, s->member_id, delta, reason, error))
    return FALSE;
  if (ledger == MC_LEDGER_POINTS)
    message = g_strdup_printf (_("Points changed by %+" PRId64 "."), delta);
  else
    message = g_strdup_printf (_("Growth changed by %+" PRId64 "."), delta);
  window = window_of (s);
  if (window != NULL)
    {
      a = g_new0 (Adjustment, 1);
      a->ledger = ledger;
      a->member_id = g_strdup (s->member_id);
      a->delta = delta;
      a->reason = g_steal_pointer (&reason);
      mc_window_show_undo_toast (window, message, undo_adjustment, a, adjustment_free);
    }
  workspace_changed (s);
  return TRUE;
}

static void
open_adjust (GActionGroup *group,
             McLedger      ledger)
{
  McMemberDialog *dialog = open_dialog (group,
                                        ledger == MC_LEDGER_POINTS ? _("Adjust Points") : _("Adjust Growth"),
                                        _("A positive number adds, a negative one takes away. "
                                          "The reason is kept in the ledger."),
                                        _("_Adjust"), FALSE, adjust_accept);

  g_object_set_data (G_OBJECT (mc_member_dialog_get_window (dialog)), "ledger", GINT_TO_POINTER (ledger));
  mc_member_dialog_add_entry (dialog, "amount",
                              ledger == MC_LEDGER_POINTS ? _("_Points (+/−)") : _("_Growth (+/−)"), NULL);
  mc_member_dialog_add_entry (dialog, "reason", _("R_eason"), NULL);
  mc_member_dialog_present (dialog);
}

static void
adjust_points_cb (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       group)
{
  open_adjust (group, MC_LEDGER_POINTS);
}

static void
adjust_growth_cb (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       group)
{
  open_adjust (group, MC_LEDGER_GROWTH);
}

/* ------------------------------------------------------------------------------------ */
/* set-tier                                                                             */

static gboolean
tier_accept (McMemberDialog  *dialog,
             gpointer         data,
             GError         **error)
{
  State *s = state_of (data);
  g_autoptr(McProgramme) programme = mc_programme_load_live (s->db, error);
  guint i = mc_member_dialog_get_selected (dialog, "tier");
  const McTier *tier;
  g_autofree char *date = NULL;
  g_autofree char *message = NULL;
  gint64 until;

  if (programme == NULL)
    return FALSE;
  if (i >= programme->tiers->len)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("Choose a tier."));
      return FALSE;
    }
  tier = g_ptr_array_index (programme->tiers, i);
  if (!mc_parse_time (mc_member_dialog_get_text (dialog, "until"), time_zone (s), TRUE, &until, error) ||
      !mc_tier_set_manual (s->db, s->member_id, tier->code, mc_member_dialog_get_text (dialog, "reason"),
                           until, error))
    return FALSE;
  date = mc_format_date (until, time_zone (s));
  message = g_strdup_printf (_("The tier is %s until %s."), tier->name, date);
  toast (s, message);
  workspace_changed (s);
  return TRUE;
}

static void
set_tier_cb (GSimpleAction *action,
             GVariant      *param,
             gpointer       group)
{
  State *s = state_of (group);
  g_autoptr(GError) error = NULL;
  g_autoptr(McProgramme) programme = mc_programme_load_live (s->db, &error);
  g_autoptr(McMember) member = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) later = NULL;
  g_autofree char *until = NULL;
  McMemberDialog *dialog;
  guint current = 0;

  if (programme == NULL || (member = mc_member_load (s->db, s->member_id, &error)) == NULL)
    {
      toast (s, error->message);
      return;
    }
  for (guint i = 0; i < programme->tiers->len; i++)
    {
      const McTier *tier = g_ptr_array_index (programme->tiers, i);

      g_ptr_array_add (names, tier->name);
      if (g_strcmp0 (tier->code, member->tier) == 0)
        current = i;
    }
  g_ptr_array_add (names, NULL);
  now = g_date_time_new_now (time_zone (s));
  later = g_date_time_add_months (now, 3);
  until = g_date_time_format (later, "%Y-%m-%d");

  dialog = open_dialog (group, _("Set the Tier"),
                        _("A manual tier holds until its end date (at most two years), then the "
                          "rules decide again."),
                        _("_Set Tier"), FALSE, tier_accept);
  mc_member_dialog_add_drop_down (dialog, "tier", _("_Tier"), (const char * const *) names->pdata, current);
  mc_member_dialog_add_entry (dialog, "reason", _("R_eason"), NULL);
  mc_member_dialog_add_entry (dialog, "until", _("_Until"), until);
  mc_member_dialog_present (dialog);
}

/* ------------------------------------------------------------------------------------ */
/* delete                                                                               */

static gboolean
undo_delete (McDb      *db,
             gpointer   data,
             GError   **error)
{
  return mc_member_set_deleted (db, data, FALSE, error);
}

static void
delete_cb (GSimpleAction *action,
           GVariant      *param,
           gpointer       group)
{
  State *s = state_of (group);
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) member = mc_member_load (s->db, s->member_id, &error);
  g_autofree char *message = NULL;
  McWindow *window = window_of (s);

  if (member == NULL || !mc_member_set_deleted (s->db, s->member_id, TRUE, &error))
    {
      toast (s, error->message);
      return;
    }
  message = g_strdup_printf (_("Deleted %s."), member->name);
  if (window != NULL)
    {
      mc_window_show_undo_toast (window, message, undo_delete, g_strdup (s->member_id), g_free);
      if (!gtk_widget_activate_action (GTK_WIDGET (window), "win.show-members", NULL))
        mc_window_set_page (window, "members");
    }
  workspace_changed (s);
}

/* ------------------------------------------------------------------------------------ */
/* export                                                                               */

static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GObject) group = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (G_FILE (source));
  g_autofree char *message = NULL;

  if (g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    message = g_strdup_printf (_("Saved the member’s data to %s."), name);
  else
    message = g_strdup_printf (_("Could not save the member’s data to %s: %s"), name, error->message);
  toast (state_of (G_ACTION_GROUP (group)), message);
}

void
mc_member_actions_export_to_file (GActionGroup *group,
                                  GFile        *file)
{
  State *s;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *text;

  g_return_if_fail (G_IS_ACTION_GROUP (group));
  g_return_if_fail (G_IS_FILE (file));
  s = state_of (group);
  g_return_if_fail (s != NULL && s->member_id != NULL);

  text = mc_member_export_data (s->db, s->member_id, &error);
  if (text == NULL)
    {
      toast (s, error->message);
      return;
    }
  bytes = g_bytes_new_take (text, strlen (text));
  /* Personal data: private to its owner. */
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_PRIVATE | G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, export_written_cb, g_object_ref (group));
}

static void
export_response_cb (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         group)
{
  State *s = state_of (group);
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (response == GTK_RESPONSE_ACCEPT && file != NULL)
    mc_member_actions_export_to_file (group, file);
  g_clear_object (&s->chooser);
}

static void
export_cb (GSimpleAction *action,
           GVariant      *param,
           gpointer       group)
{
  State *s = state_of (group);
  g_autoptr(McMember) member = mc_member_load (s->db, s->member_id, NULL);
  GtkRoot *root = s->host != NULL ? gtk_widget_get_root (s->host) : NULL;
  g_autofree char *name = NULL;

  if (s->chooser != NULL)
    return;
  s->chooser = gtk_file_chooser_native_new (_("Export the Member’s Data"),
                                            root != NULL && GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  /* TRANSLATORS: the suggested file name; %s is the card number */
  name = g_strdup_printf (_("member-%s.json"), member != NULL ? member->card_no : "data");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (s->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (s->chooser), TRUE);
  g_signal_connect_object (s->chooser, "response", G_CALLBACK (export_response_cb), group, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (s->chooser));
}

/* ------------------------------------------------------------------------------------ */
/* erase                                                                                */

static void
erase_name_changed_cb (GtkEditable    *entry,
                       McMemberDialog *dialog)
{
  const char *name = g_object_get_data (G_OBJECT (mc_member_dialog_get_window (dialog)), "member-name");
  g_autofree char *typed = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  gtk_widget_set_sensitive (mc_member_dialog_get_accept_button (dialog), g_strcmp0 (typed, name) == 0);
}

static gboolean
erase_accept (McMemberDialog  *dialog,
              gpointer         data,
              GError         **error)
{
  State *s = state_of (data);

  if (!mc_member_erase (s->db, s->member_id, mc_member_dialog_get_text (dialog, "name"), error))
    return FALSE;
  toast (s, _("The member’s personal data was erased; orders and points stay, anonymous."));
  workspace_changed (s);
  return TRUE;
}

static void
erase_cb (GSimpleAction *action,
          GVariant      *param,
          gpointer       group)
{
  State *s = state_of (group);
  g_autoptr(GError) error = NULL;
  g_autoptr(McMember) member = mc_member_load (s->db, s->member_id, &error);
  g_autofree char *intro = NULL;
  McMemberDialog *dialog;
  GtkEntry *entry;

  if (member == NULL)
    {
      toast (s, error->message);
      return;
    }
  intro = g_strdup_printf (_("Erase the personal data of %s for good? Name, phone, email, birthday, "
                             "region and notes are removed and cannot be brought back; orders and "
                             "points stay, anonymous. Type the member’s name to confirm."),
                           member->name);
  dialog = open_dialog (group, _("Erase Personal Data"), intro, _("_Erase"), TRUE, erase_accept);
  g_object_set_data_full (G_OBJECT (mc_member_dialog_get_window (dialog)), "member-name",
                          g_strdup (member->name), g_free);
  entry = mc_member_dialog_add_entry (dialog, "name", _("Member’s _name"), NULL);
  gtk_widget_set_sensitive (mc_member_dialog_get_accept_button (dialog), FALSE);
  g_signal_connect (entry, "changed", G_CALLBACK (erase_name_changed_cb), dialog);
  mc_member_dialog_present (dialog);
}

/* ------------------------------------------------------------------------------------ */

static const GActionEntry entries[] = {
  { "record-purchase", record_purchase_cb, NULL, NULL, NULL },
  { "refund", refund_cb, "s", NULL, NULL },
  { "redeem", redeem_cb, NULL, NULL, NULL },
  { "adjust-points", adjust_points_cb, NULL, NULL, NULL },
  { "adjust-growth", adjust_growth_cb, NULL, NULL, NULL },
  { "set-tier", set_tier_cb, NULL, NULL, NULL },
  { "delete", delete_cb, NULL, NULL, NULL },
  { "export", export_cb, NULL, NULL, NULL },
  { "erase", erase_cb, NULL, NULL, NULL },
};

GActionGroup *
mc_member_actions_new (GtkWidget *host)
{
  GSimpleActionGroup *group = g_simple_action_group_new ();
  State *s = g_new0 (State, 1);

  g_return_val_if_fail (host == NULL || GTK_IS_WIDGET (host), NULL);

  g_set_weak_pointer (&s->host, host);
  g_object_set_data_full (G_OBJECT (group), STATE_KEY, s, state_free);
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), group);
  mc_member_actions_set_member (G_ACTION_GROUP (group), NULL, NULL);
  return G_ACTION_GROUP (group);
}

void
mc_member_actions_set_member (GActionGroup *group,
                              McDb         *db,
                              const char   *member_id)
{
  State *s;
  McRole role;

  g_return_if_fail (G_IS_SIMPLE_ACTION_GROUP (group));
  g_return_if_fail (db == NULL || MC_IS_DB (db));
  s = state_of (group);
  g_return_if_fail (s != NULL);

  g_set_object (&s->db, db);
  g_free (s->member_id);
  s->member_id = db != NULL ? g_strdup (member_id) : NULL;
  role = db != NULL ? mc_db_get_role (db) : MC_ROLE_ANALYST;
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (group), entries[i].name);
      McPermission needed = MC_PERMISSION_WRITE_MEMBERS;

      if (g_str_equal (entries[i].name, "erase"))
        needed = MC_PERMISSION_ADMIN;
      else if (g_str_equal (entries[i].name, "export"))
        needed = MC_PERMISSION_SEE_CONTACT;
      g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                                   s->member_id != NULL && mc_role_allows (role, needed));
    }
}

GtkWindow *
mc_member_actions_get_dialog (GActionGroup *group)
{
  State *s;

  g_return_val_if_fail (G_IS_ACTION_GROUP (group), NULL);
  s = state_of (group);
  return s != NULL ? s->dialog : NULL;
}
