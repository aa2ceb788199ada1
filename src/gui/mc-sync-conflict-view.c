/* mc-sync-conflict-view.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The grid: a header row (each version, with "Use this version"), then one row per field
 * with a radio button per version showing its value. The versions come from
 * mc_sync_conflict_get_body(); the winner (the version the workspace shows) is the first.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-role.h"
#include "mc-audit.h"
#include "mc-sync-conflict-view.h"

struct _McSyncConflictView
{
  GtkWidget    parent_instance;

  McDb        *db;
  char        *doc_id;
  GStrv        revs;
  GPtrArray   *bodies;     /* JsonObject per version */
  GPtrArray   *fields;     /* char *, the rows */
  GPtrArray   *values;     /* char * per field and version (NULL: absent), row-major */
  GPtrArray   *buttons;    /* GtkCheckButton per field and version, row-major */

  GtkLabel    *title_label;
  GtkLabel    *subtitle_label;
  GtkGrid     *grid;
  GtkWidget   *resolve_button;
};

G_DEFINE_FINAL_TYPE (McSyncConflictView, mc_sync_conflict_view, GTK_TYPE_WIDGET)

enum {
  RESOLVED,
  BACK,
  ERROR,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The member's main fields in words; others show their document name. */
static const struct {
  const char *field;
  const char *label;
} field_labels[] = {
  { "name", N_("Name") },
  { "phone", N_("Phone") },
  { "email", N_("Email") },
  { "gender", N_("Gender") },
  { "birthday", N_("Birthday") },
  { "notes", N_("Notes") },
  { "region", N_("Region") },
  { "card_no", N_("Card number") },
  { "join_channel", N_("Joined through") },
  { "joined_at", N_("Joined") },
  { "store_id", N_("Store") },
  { "updated_at", N_("Updated") },
  { "status", N_("Status") },
  { "tier", N_("Tier") },
  { "tier_since", N_("Tier since") },
  { "manual_tier", N_("Manual tier") },
  { "manual_reason", N_("Manual tier reason") },
  { "manual_until", N_("Manual tier until") },
  { "downgrade_pending_since", N_("Downgrade warned") },
  { "consent_marketing", N_("Marketing consent") },
  { "consent_at", N_("Consent given") },
  { "consent_purpose", N_("Consent purpose") },
  { "referrer_id", N_("Referred by") },
  { "last_visit_at", N_("Last visit") },
};

/* Coded values of the member's fields in words. */
static const struct {
  const char *field;
  const char *value;
  const char *label;
} value_labels[] = {
  { "gender", "m", N_("Male") },
  { "gender", "f", N_("Female") },
  { "gender", "u", N_("Not given") },
  { "status", "active", N_("Active") },
  { "status", "frozen", N_("Frozen") },
  { "status", "erased", N_("Erased") },
  { "join_channel", "store", N_("In store") },
  { "consent_marketing", "0", N_("No") },
  { "consent_marketing", "1", N_("Yes") },
};

static const char *
field_label (const char *field)
{
  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    if (g_str_equal (field_labels[i].field, field))
      return _(field_labels[i].label);
  return field;
}

static guint
n_versions (McSyncConflictView *self)
{
  return self->bodies != NULL ? self->bodies->len : 0;
}

static char *
value_text (const char *field,
            JsonNode   *node,
            gboolean    mask)
{
  g_autofree char *text = NULL;

  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup (_("(empty)"));
  /* Times (epoch seconds) as a date and time. */
  if ((g_str_has_suffix (field, "_at") || g_str_has_suffix (field, "_until")) &&
      JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_local (json_node_get_int (node));

      if (at != NULL)
        return g_date_time_format (at, "%Y-%m-%d %H:%M:%S");
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (node));
  else
    text = mc_json_to_string (node);
  for (guint i = 0; i < G_N_ELEMENTS (value_labels); i++)
    if (g_str_equal (value_labels[i].field, field) && g_str_equal (value_labels[i].value, text))
      return g_strdup (_(value_labels[i].label));
  if (mask)
    return mc_mask_personal_text (text);
  return g_steal_pointer (&text);
}

static void
clear_grid (McSyncConflictView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_clear_pointer (&self->buttons, g_ptr_array_unref);
}

static void
use_version_cb (GtkButton          *button,
                McSyncConflictView *self)
{
  mc_sync_conflict_view_choose (self, NULL, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "version")));
}

static void
build_grid (McSyncConflictView *self)
{
  guint n = n_versions (self);
  gboolean writable = mc_role_allows (mc_db_get_role (self->db), MC_PERMISSION_WRITE_MEMBERS);
  GtkWidget *label;

  clear_grid (self);
  self->buttons = g_ptr_array_new ();

  label = gtk_label_new (_("Field"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_grid_attach (self->grid, label, 0, 0, 1, 1);
  for (guint v = 0; v < n; v++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      g_autofree char *title = v == 0 ? g_strdup (_("Shown now"))
                                      /* TRANSLATORS: a version of a record in conflict, e.g. "Version 2" */
                                      : g_strdup_printf (_("Version %u"), v + 1);
      g_autofree char *accessible = NULL;
      GtkWidget *rev = gtk_label_new (self->revs[v]);
      GtkWidget *use = gtk_button_new_with_mnemonic (_("_Use This Version"));

      label = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_label_set_xalign (GTK_LABEL (rev), 0);
      gtk_label_set_ellipsize (GTK_LABEL (rev), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (rev), 18);
      gtk_widget_add_css_class (rev, "dim-label");
      gtk_widget_add_css_class (rev, "caption");
      gtk_widget_set_tooltip_text (rev, self->revs[v]);
      /* TRANSLATORS: for screen readers: "Use Shown now for every field" */
      accessible = g_strdup_printf (_("Use %s for every field"), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (use), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      gtk_widget_set_halign (use, GTK_ALIGN_START);
      gtk_widget_set_sensitive (use, writable);
      g_object_set_data (G_OBJECT (use), "version", GUINT_TO_POINTER (v));
      g_signal_connect_object (use, "clicked", G_CALLBACK (use_version_cb), self, 0);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), rev);
      gtk_box_append (GTK_BOX (box), use);
      gtk_widget_set_hexpand (box, TRUE);
      gtk_grid_attach (self->grid, box, (int) v + 1, 0, 1, 1);
    }

  for (guint f = 0; f < self->fields->len; f++)
    {
      const char *field = self->fields->pdata[f];
      gboolean differs = mc_sync_conflict_view_field_differs (self, field);
      GtkCheckButton *group = NULL;

      label = gtk_label_new (field_label (field));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (label, differs ? "heading" : "dim-label");
      gtk_widget_set_tooltip_text (label, field);
      gtk_grid_attach (self->grid, label, 0, (int) f + 1, 1, 1);
      for (guint v = 0; v < n; v++)
        {
          const char *value = self->values->pdata[f * n + v];
          GtkWidget *check = gtk_check_button_new_with_label (value != NULL ? value : _("(not set)"));
          GtkWidget *check_label = gtk_widget_get_last_child (check);
          g_autofree char *accessible = NULL;

          if (GTK_IS_LABEL (check_label))
            {
              gtk_label_set_wrap (GTK_LABEL (check_label), TRUE);
              gtk_label_set_wrap_mode (GTK_LABEL (check_label), PANGO_WRAP_WORD_CHAR);
              gtk_label_set_max_width_chars (GTK_LABEL (check_label), 40);
            }
          if (group != NULL)
            gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
          else
            group = GTK_CHECK_BUTTON (check);
          /* One Tab stop per row, the arrow keys move in it (named for keyboard tests). */
          g_object_set_data (G_OBJECT (check), "mc-radio-group", group);
          gtk_check_button_set_active (GTK_CHECK_BUTTON (check), v == 0);
          gtk_widget_set_sensitive (check, writable);
          if (!differs)
            gtk_widget_add_css_class (check, "dim-label");
          /* TRANSLATORS: for screen readers: field, version number, value: "name, version 2: Wang Fang" */
          accessible = g_strdup_printf (_("%s, version %u: %s"), field_label (field), v + 1,
                                        value != NULL ? value : _("(not set)"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
          gtk_grid_attach (self->grid, check, (int) v + 1, (int) f + 1, 1, 1);
          g_ptr_array_add (self->buttons, check);
        }
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflict.resolve", writable && n > 1);
}

static gboolean field_differs (GPtrArray *bodies, const char *field);

static int
compare_fields (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  gboolean dx = field_differs (user_data, x);
  gboolean dy = field_differs (user_data, y);

  /* The fields that differ first, then by name. */
  if (dx != dy)
    return dx ? -1 : 1;
  return g_strcmp0 (x, y);
}

gboolean
mc_sync_conflict_view_set_conflict (McSyncConflictView   *self,
                                    McDb                 *db,
                                    const McSyncConflict *conflict,
                                    GError              **error)
{
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean mask;
  guint n;

  g_return_val_if_fail (MC_IS_SYNC_CONFLICT_VIEW (self), FALSE);
  g_return_val_if_fail (MC_IS_DB (db), FALSE);
  g_return_val_if_fail (conflict != NULL, FALSE);

  for (guint v = 0; conflict->revs[v] != NULL; v++)
    {
      JsonObject *body = mc_sync_conflict_get_body (db, conflict->doc_id, conflict->revs[v], error);

      if (body == NULL)
        return FALSE;
      g_ptr_array_add (bodies, body);
    }

  g_set_object (&self->db, db);
  g_free (self->doc_id);
  self->doc_id = g_strdup (conflict->doc_id);
  g_strfreev (self->revs);
  self->revs = g_strdupv (conflict->revs);
  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  self->bodies = g_steal_pointer (&bodies);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->values = g_ptr_array_new_with_free_func (g_free);

  /* Every field any version has, but the record's type. */
  for (guint v = 0; v < self->bodies->len; v++)
    {
      g_autoptr(GList) members = json_object_get_members (self->bodies->pdata[v]);

      for (GList *l = members; l != NULL; l = l->next)
        if (!g_str_equal (l->data, "type") && g_hash_table_add (seen, l->data))
          g_ptr_array_add (self->fields, g_strdup (l->data));
    }
  g_ptr_array_sort_with_data (self->fields, compare_fields, self->bodies);
  n = self->bodies->len;
  mask = !mc_role_allows (mc_db_get_role (db), MC_PERMISSION_SEE_CONTACT);
  for (guint f = 0; f < self->fields->len; f++)
    for (guint v = 0; v < n; v++)
      g_ptr_array_add (self->values,
                       value_text (self->fields->pdata[f],
                                   json_object_get_member (self->bodies->pdata[v], self->fields->pdata[f]), mask));

  {
    const char *name = json_object_get_string_member_with_default (self->bodies->pdata[0], "name", NULL);
    g_autofree char *versions = g_strdup_printf (ngettext ("%u version was saved in different places. Choose a version, or a value for each field, then Resolve.",
                                                           "%u versions were saved in different places. Choose a version, or a value for each field, then Resolve.",
                                                           n), n);
    /* TRANSLATORS: the conflict view's subtitle: the record's id, then what to do */
    g_autofree char *subtitle = g_strdup_printf (_("%s — %s"), conflict->doc_id, versions);

    gtk_label_set_text (self->title_label, name != NULL ? name : conflict->doc_id);

    gtk_label_set_text (self->subtitle_label, subtitle);
  }
  build_grid (self);
  return TRUE;
}

const char *
mc_sync_conflict_view_get_doc_id (McSyncConflictView *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONFLICT_VIEW (self), NULL);
  return self->doc_id;
}

guint
mc_sync_conflict_view_get_n_versions (McSyncConflictView *self)
{
  g_return_val_if_fail (MC_IS_SYNC_CONFLICT_VIEW (self), 0);
  return n_versions (self);
}

GStrv
mc_sync_conflict_view_get_fields (McSyncConflictView *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (MC_IS_SYNC_CONFLICT_VIEW (self), NULL);
  for (guint f = 0; self->fields != NULL && f < self->fields->len; f++)
    g_strv_builder_add (builder, self->fields->pdata[f]);
  return g_strv_builder_end (builder);
}

static int
field_index (McSyncConflictView *self,
             const char         *field)
{
  for (guint f = 0; self->fields != NULL && f < self->fields->len; f++)
    if (g_str_equal (self->fields->pdata[f], field))
      return (int) f;
  return -1;
}

const char *
mc_sync_conflict_view_get_value (McSyncConflictView *self,
                                 const char         *field,
                                 guint               version)
{
  int f;

  g_return_val_if_fail (MC_IS_SYNC_CONFLICT_VIEW (self), NULL);
  f = field_index (self, field);
  if (f < 0 || version >= n_versions (self))
    return NULL;
  return self->values->pdata[(guint) f * n_versions (self) + version];
}

static gboolean
field_differs (GPtrArray  *bodies,
               const char *field)
{
  for (guint v = 1; bodies != NULL && v < bodies->len; v++)
    {
      JsonNode *a = json_object_get_member (bodies->pdata[0], field);
      JsonNode *b = json_object_get_member (bodies->pdata[v], field);

      if ((a == NULL) != (b == NULL) || (a != NULL && !json_node_equal (a, b)))
        return TRUE;
    }
  return FALSE;
}

gboolean
mc_sync_conflict_view_field_differs (McSyncConflictView *self,
                                     const char         *field)
{
  g_return_val_if_fail (MC_IS_SYNC_CONFLICT_VIEW (self), FALSE);
  return field_differs (self->bodies, field);
}

void
mc_sync_conflict_view_choose (McSyncConflictView *self,
                              const char         *field,
                              guint               version)
{
  guint n;

  g_return_if_fail (MC_IS_SYNC_CONFLICT_VIEW (self));
  n = n_versions (self);
  g_return_if_fail (version < n);

  for (guint f = 0; f < self->fields->len; f++)
    if (field == NULL || g_str_equal (self->fields->pdata[f], field))
      gtk_check_button_set_active (self->buttons->pdata[f * n + version], TRUE);
}

/* The version chosen for a field's row. */
static guint
chosen (McSyncConflictView *self,
        guint               f)
{
  guint n = n_versions (self);

  for (guint v = 0; v < n; v++)
    if (gtk_check_button_get_active (self->buttons->pdata[f * n + v]))
      return v;
  return 0;
}

gboolean
mc_sync_conflict_view_resolve (McSyncConflictView  *self,
                               GError             **error)
{
  g_autoptr(JsonObject) merged = NULL;
  g_autofree char *new_rev = NULL;
  guint n, first;
  gboolean same = TRUE;

  g_return_val_if_fail (MC_IS_SYNC_CONFLICT_VIEW (self), FALSE);
  g_return_val_if_fail (self->db != NULL && self->doc_id != NULL, FALSE);

  n = n_versions (self);
  first = self->fields->len > 0 ? chosen (self, 0) : 0;
  for (guint f = 1; f < self->fields->len; f++)
    same = same && chosen (self, f) == first;
  if (!same)
    {
      /* A merge: the winner's body with each field taken from its chosen version. */
      merged = json_object_new ();
      json_object_set_member (merged, "type",
                              json_node_copy (json_object_get_member (self->bodies->pdata[0], "type")));
      for (guint f = 0; f < self->fields->len; f++)
        {
          JsonNode *node = json_object_get_member (self->bodies->pdata[chosen (self, f)], self->fields->pdata[f]);

          if (node != NULL)
            json_object_set_member (merged, self->fields->pdata[f], json_node_copy (node));
        }
    }
  g_assert (first < n);
  if (!mc_sync_conflict_resolve (self->db, self->doc_id, same ? self->revs[first] : NULL, merged,
                                 &new_rev, error))
    return FALSE;
  g_signal_emit (self, signals[RESOLVED], 0, self->doc_id, new_rev);
  return TRUE;
}

static void
resolve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  McSyncConflictView *self = MC_SYNC_CONFLICT_VIEW (widget);
  g_autoptr(GError) error = NULL;

  if (self->doc_id != NULL && !mc_sync_conflict_view_resolve (self, &error))
    g_signal_emit (self, signals[ERROR], 0, error);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_signal_emit (widget, signals[BACK], 0);
}

static void
mc_sync_conflict_view_dispose (GObject *object)
{
  McSyncConflictView *self = MC_SYNC_CONFLICT_VIEW (object);

  g_clear_pointer (&self->buttons, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), MC_TYPE_SYNC_CONFLICT_VIEW);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
      gtk_widget_unparent (child);
  }
  g_clear_object (&self->db);
  g_clear_pointer (&self->bodies, g_ptr_array_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  G_OBJECT_CLASS (mc_sync_conflict_view_parent_class)->dispose (object);
}

static void
mc_sync_conflict_view_finalize (GObject *object)
{
  McSyncConflictView *self = MC_SYNC_CONFLICT_VIEW (object);

  g_free (self->doc_id);
  g_strfreev (self->revs);
  G_OBJECT_CLASS (mc_sync_conflict_view_parent_class)->finalize (object);
}

static void
mc_sync_conflict_view_class_init (McSyncConflictViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mc_sync_conflict_view_dispose;
  object_class->finalize = mc_sync_conflict_view_finalize;

  /* (doc_id, new_rev) */
  signals[RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-sync-conflict-view.ui");
  gtk_widget_class_bind_template_child (widget_class, McSyncConflictView, title_label);
  gtk_widget_class_bind_template_child (widget_class, McSyncConflictView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, McSyncConflictView, grid);
  gtk_widget_class_bind_template_child (widget_class, McSyncConflictView, resolve_button);
  gtk_widget_class_install_action (widget_class, "conflict.resolve", NULL, resolve_action);
  gtk_widget_class_install_action (widget_class, "conflict.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "conflict.back", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mc_sync_conflict_view_init (McSyncConflictView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "conflict.resolve", FALSE);
}
