/* mc-member-form-widget.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One labelled control per field, and under it the field's error, which appears once the
 * field was edited (or on a save) and goes as soon as the text is right again.
 */
#define G_LOG_DOMAIN "mc-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "mc-member-form-widget.h"

struct _McMemberFormWidget
{
  GtkWidget    parent_instance;

  GtkGrid     *grid;
  GtkEntry    *entries[MC_MEMBER_N_FIELDS];   /* NULL for the gender */
  GtkLabel    *errors[MC_MEMBER_N_FIELDS];
  gboolean     touched[MC_MEMBER_N_FIELDS];
  char        *external[MC_MEMBER_N_FIELDS];  /* errors from the database */
  GtkDropDown *gender;
  GtkSwitch   *consent;

  McMember    *original;
  gboolean     loading;
  gboolean     valid;
};

G_DEFINE_FINAL_TYPE (McMemberFormWidget, mc_member_form_widget, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALID,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char gender_codes[] = { 'u', 'm', 'f' };

static const char *
entry_text (McMemberFormWidget *self,
            McMemberField       field)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->entries[field]));
}

static void
get_values (McMemberFormWidget *self,
            McMemberFormValues *v,
            char               *gender)
{
  guint g = gtk_drop_down_get_selected (self->gender);

  gender[0] = g < G_N_ELEMENTS (gender_codes) ? gender_codes[g] : 'u';
  gender[1] = '\0';
  *v = (McMemberFormValues) {
    .card_no = entry_text (self, MC_MEMBER_FIELD_CARD_NO),
    .name = entry_text (self, MC_MEMBER_FIELD_NAME),
    .phone = entry_text (self, MC_MEMBER_FIELD_PHONE),
    .email = entry_text (self, MC_MEMBER_FIELD_EMAIL),
    .gender = gender,
    .birthday = entry_text (self, MC_MEMBER_FIELD_BIRTHDAY),
    .region = entry_text (self, MC_MEMBER_FIELD_REGION),
    .notes = entry_text (self, MC_MEMBER_FIELD_NOTES),
    .consent_marketing = gtk_switch_get_active (self->consent),
    .consent_purpose = entry_text (self, MC_MEMBER_FIELD_CONSENT_PURPOSE),
  };
}

static void
show_error (McMemberFormWidget *self,
            McMemberField       field,
            const char         *message)
{
  GtkWidget *control = self->entries[field] != NULL ? GTK_WIDGET (self->entries[field])
                                                    : GTK_WIDGET (self->gender);

  gtk_label_set_text (self->errors[field], message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->errors[field]), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (control, "error");
  else
    gtk_widget_remove_css_class (control, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_STATE_INVALID,
                               message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

static void
revalidate (McMemberFormWidget *self)
{
  McMemberFormValues v;
  McMemberFormState state;
  char gender[2];
  gboolean valid;

  get_values (self, &v, gender);
  mc_member_form_check (&v, NULL, &state);
  for (guint i = 0; i < MC_MEMBER_N_FIELDS; i++)
    {
      const char *message = self->external[i] != NULL ? self->external[i] : state.errors[i];

      show_error (self, i, self->touched[i] || self->external[i] != NULL ? message : NULL);
    }
  valid = state.valid;
  mc_member_form_state_clear (&state);
  gtk_widget_set_sensitive (GTK_WIDGET (self->entries[MC_MEMBER_FIELD_CONSENT_PURPOSE]),
                            gtk_switch_get_active (self->consent) && gtk_widget_get_sensitive (GTK_WIDGET (self->consent)));
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static void
field_changed_cb (GtkEditable        *editable,
                  McMemberFormWidget *self)
{
  McMemberField field = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (editable), "mc-field"));

  if (self->loading)
    return;
  self->touched[field] = TRUE;
  g_clear_pointer (&self->external[field], g_free);
  revalidate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
other_changed_cb (McMemberFormWidget *self)
{
  if (self->loading)
    return;
  self->touched[MC_MEMBER_FIELD_GENDER] = TRUE;
  self->touched[MC_MEMBER_FIELD_CONSENT_PURPOSE] = TRUE;
  revalidate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkLabel *
add_caption (McMemberFormWidget *self,
             const char         *text,
             int                 row)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_grid_attach (self->grid, label, 0, row, 1, 1);
  return GTK_LABEL (label);
}

static void
build_fields (McMemberFormWidget *self)
{
  static const struct { McMemberField field; const char *caption; const char *hint; } rows[] = {
    { MC_MEMBER_FIELD_NAME, N_("_Name"), NULL },
    { MC_MEMBER_FIELD_PHONE, N_("_Phone"), N_("138 1234 5678") },
    { MC_MEMBER_FIELD_CARD_NO, N_("_Card number"), N_("Generated when empty") },
    { MC_MEMBER_FIELD_EMAIL, N_("_Email"), N_("name@example.com") },
    { MC_MEMBER_FIELD_GENDER, N_("_Gender"), NULL },
    { MC_MEMBER_FIELD_BIRTHDAY, N_("_Birthday"), N_("1990-05-17 or 05-17") },
    { MC_MEMBER_FIELD_REGION, N_("_Region"), NULL },
    { MC_MEMBER_N_FIELDS, N_("_Marketing consent"), NULL },
    { MC_MEMBER_FIELD_CONSENT_PURPOSE, N_("Consent p_urpose"), N_("What the member agreed to") },
    { MC_MEMBER_FIELD_NOTES, N_("N_otes"), NULL },
  };
  int row = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++, row += 2)
    {
      McMemberField field = rows[i].field;
      const char *caption = _(rows[i].caption);
      GtkLabel *label = add_caption (self, caption, row);
      g_autofree char *plain = NULL;
      GtkWidget *control;

      /* The accessible name: the caption without its mnemonic, whether an underline in
       * the word (_Name) or a letter after it, as CJK translations write it (姓名(_N)). */
      plain = g_strdup (caption);
      {
        char *w = plain;

        for (const char *r = plain; *r != '\0'; r++)
          {
            if (r[0] == '(' && r[1] == '_' && r[2] != '\0' && r[3] == ')')
              {
                r += 3;
                continue;
              }
            if (*r != '_')
              *w++ = *r;
          }
        *w = '\0';
      }
      if (field == MC_MEMBER_N_FIELDS)
        {
          control = gtk_switch_new ();
          gtk_widget_set_halign (control, GTK_ALIGN_START);
          self->consent = GTK_SWITCH (control);
          g_signal_connect_object (control, "notify::active", G_CALLBACK (other_changed_cb), self,
                                   G_CONNECT_SWAPPED);
        }
      else if (field == MC_MEMBER_FIELD_GENDER)
        {
          const char *genders[] = { _("Not given"), _("Male"), _("Female"), NULL };

          control = gtk_drop_down_new_from_strings (genders);
          gtk_widget_set_halign (control, GTK_ALIGN_START);
          self->gender = GTK_DROP_DOWN (control);
          g_signal_connect_object (control, "notify::selected", G_CALLBACK (other_changed_cb), self,
                                   G_CONNECT_SWAPPED);
        }
      else
        {
          control = gtk_entry_new ();
          gtk_widget_set_hexpand (control, TRUE);
          if (rows[i].hint != NULL)
            gtk_entry_set_placeholder_text (GTK_ENTRY (control), _(rows[i].hint));
          if (field == MC_MEMBER_FIELD_PHONE)
            gtk_entry_set_input_purpose (GTK_ENTRY (control), GTK_INPUT_PURPOSE_PHONE);
          else if (field == MC_MEMBER_FIELD_EMAIL)
            gtk_entry_set_input_purpose (GTK_ENTRY (control), GTK_INPUT_PURPOSE_EMAIL);
          gtk_entry_set_activates_default (GTK_ENTRY (control), TRUE);
          self->entries[field] = GTK_ENTRY (control);
          g_object_set_data (G_OBJECT (control), "mc-field", GINT_TO_POINTER (field));
          g_signal_connect_object (control, "changed", G_CALLBACK (field_changed_cb), self, 0);
        }
      gtk_label_set_mnemonic_widget (label, control);
      gtk_accessible_update_property (GTK_ACCESSIBLE (control), GTK_ACCESSIBLE_PROPERTY_LABEL, plain, -1);
      gtk_grid_attach (self->grid, control, 1, row, 1, 1);

      if (field != MC_MEMBER_N_FIELDS)
        {
          GtkWidget *error = gtk_label_new (NULL);

          gtk_label_set_xalign (GTK_LABEL (error), 0.0);
          gtk_label_set_wrap (GTK_LABEL (error), TRUE);
          gtk_widget_add_css_class (error, "error");
          gtk_widget_add_css_class (error, "caption");
          gtk_widget_set_visible (error, FALSE);
          gtk_grid_attach (self->grid, error, 1, row + 1, 1, 1);
          self->errors[field] = GTK_LABEL (error);
          gtk_accessible_update_relation (GTK_ACCESSIBLE (control),
                                          GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, error, NULL, -1);
        }
    }
}

GtkWidget *
mc_member_form_widget_new (void)
{
  return g_object_new (MC_TYPE_MEMBER_FORM_WIDGET, NULL);
}

void
mc_member_form_widget_set_member (McMemberFormWidget *self,
                                  const McMember     *member)
{
  static const McMember empty = { .gender = 'u' };
  const McMember *m = member != NULL ? member : &empty;
  const struct { McMemberField field; const char *text; } texts[] = {
    { MC_MEMBER_FIELD_CARD_NO, m->card_no }, { MC_MEMBER_FIELD_NAME, m->name },
    { MC_MEMBER_FIELD_PHONE, m->phone }, { MC_MEMBER_FIELD_EMAIL, m->email },
    { MC_MEMBER_FIELD_BIRTHDAY, m->birthday }, { MC_MEMBER_FIELD_REGION, m->region },
    { MC_MEMBER_FIELD_NOTES, m->notes }, { MC_MEMBER_FIELD_CONSENT_PURPOSE, m->consent_purpose },
  };
  g_autofree char *phone = NULL;

  g_return_if_fail (MC_IS_MEMBER_FORM_WIDGET (self));

  g_clear_pointer (&self->original, mc_member_free);
  self->original = member != NULL ? mc_member_copy (member) : NULL;
  self->loading = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      const char *text = texts[i].text != NULL ? texts[i].text : "";

      /* A Chinese mobile number as people write it. */
      if (texts[i].field == MC_MEMBER_FIELD_PHONE && g_str_has_prefix (text, "+86"))
        text = text + 3;
      gtk_editable_set_text (GTK_EDITABLE (self->entries[texts[i].field]), text);
    }
  gtk_drop_down_set_selected (self->gender, m->gender == 'm' ? 1 : m->gender == 'f' ? 2 : 0);
  gtk_switch_set_active (self->consent, m->consent_marketing);
  for (guint i = 0; i < MC_MEMBER_N_FIELDS; i++)
    {
      self->touched[i] = FALSE;
      g_clear_pointer (&self->external[i], g_free);
    }
  self->loading = FALSE;
  revalidate (self);
}

void
mc_member_form_widget_apply (McMemberFormWidget *self,
                             McMember           *member)
{
  McMemberFormValues v;
  char gender[2];

  g_return_if_fail (MC_IS_MEMBER_FORM_WIDGET (self));
  g_return_if_fail (member != NULL);

  get_values (self, &v, gender);
  mc_member_form_apply (&v, member);
}

gboolean
mc_member_form_widget_is_valid (McMemberFormWidget *self)
{
  g_return_val_if_fail (MC_IS_MEMBER_FORM_WIDGET (self), FALSE);
  return self->valid;
}

void
mc_member_form_widget_show_errors (McMemberFormWidget *self)
{
  g_return_if_fail (MC_IS_MEMBER_FORM_WIDGET (self));

  for (guint i = 0; i < MC_MEMBER_N_FIELDS; i++)
    self->touched[i] = TRUE;
  revalidate (self);
  for (guint i = 0; i < MC_MEMBER_N_FIELDS; i++)
    if (gtk_widget_get_visible (GTK_WIDGET (self->errors[i])) && self->entries[i] != NULL)
      {
        gtk_widget_grab_focus (GTK_WIDGET (self->entries[i]));
        break;
      }
}

void
mc_member_form_widget_set_field_error (McMemberFormWidget *self,
                                       McMemberField       field,
                                       const char         *message)
{
  g_return_if_fail (MC_IS_MEMBER_FORM_WIDGET (self));
  g_return_if_fail (field < MC_MEMBER_N_FIELDS);

  g_free (self->external[field]);
  self->external[field] = g_strdup (message);
  revalidate (self);
}

const char *
mc_member_form_widget_get_shown_error (McMemberFormWidget *self,
                                       McMemberField       field)
{
  g_return_val_if_fail (MC_IS_MEMBER_FORM_WIDGET (self), NULL);
  g_return_val_if_fail (field < MC_MEMBER_N_FIELDS, NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->errors[field])))
    return NULL;
  return gtk_label_get_text (self->errors[field]);
}

GtkEditable *
mc_member_form_widget_get_entry (McMemberFormWidget *self,
                                 McMemberField       field)
{
  g_return_val_if_fail (MC_IS_MEMBER_FORM_WIDGET (self), NULL);
  g_return_val_if_fail (field < MC_MEMBER_N_FIELDS, NULL);

  return self->entries[field] != NULL ? GTK_EDITABLE (self->entries[field]) : NULL;
}

void
mc_member_form_widget_set_editable (McMemberFormWidget *self,
                                    gboolean            editable)
{
  g_return_if_fail (MC_IS_MEMBER_FORM_WIDGET (self));

  for (guint i = 0; i < MC_MEMBER_N_FIELDS; i++)
    if (self->entries[i] != NULL)
      gtk_editable_set_editable (GTK_EDITABLE (self->entries[i]), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->gender), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->consent), editable);
  revalidate (self);
}

gboolean
mc_member_form_widget_is_modified (McMemberFormWidget *self)
{
  g_autoptr(McMember) edited = NULL;
  g_autoptr(McMember) before = NULL;
  g_autoptr(GError) error = NULL;
  gboolean same;

  g_return_val_if_fail (MC_IS_MEMBER_FORM_WIDGET (self), FALSE);

  if (self->original == NULL)
    return TRUE;
  edited = mc_member_copy (self->original);
  mc_member_form_widget_apply (self, edited);
  before = mc_member_copy (self->original);
  if (!mc_member_validate (edited, NULL) || !mc_member_validate (before, NULL))
    return TRUE;
  same = g_strcmp0 (edited->name, before->name) == 0 && g_strcmp0 (edited->phone, before->phone) == 0 &&
         g_strcmp0 (edited->card_no, before->card_no) == 0 && g_strcmp0 (edited->email, before->email) == 0 &&
         edited->gender == before->gender && g_strcmp0 (edited->birthday, before->birthday) == 0 &&
         g_strcmp0 (edited->region, before->region) == 0 && g_strcmp0 (edited->notes, before->notes) == 0 &&
         edited->consent_marketing == before->consent_marketing &&
         g_strcmp0 (edited->consent_purpose, before->consent_purpose) == 0;
  return !same;
}

static void
mc_member_form_widget_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  McMemberFormWidget *self = MC_MEMBER_FORM_WIDGET (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mc_member_form_widget_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MC_TYPE_MEMBER_FORM_WIDGET);
  {
    GtkWidget *child;

    while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
      gtk_widget_unparent (child);
  }
  G_OBJECT_CLASS (mc_member_form_widget_parent_class)->dispose (object);
}

static void
mc_member_form_widget_finalize (GObject *object)
{
  McMemberFormWidget *self = MC_MEMBER_FORM_WIDGET (object);

  g_clear_pointer (&self->original, mc_member_free);
  for (guint i = 0; i < MC_MEMBER_N_FIELDS; i++)
    g_free (self->external[i]);
  G_OBJECT_CLASS (mc_member_form_widget_parent_class)->finalize (object);
}

static void
mc_member_form_widget_class_init (McMemberFormWidgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = mc_member_form_widget_get_property;
  object_class->dispose = mc_member_form_widget_dispose;
  object_class->finalize = mc_member_form_widget_finalize;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/memberconsole/MemberConsole/ui/mc-member-form-widget.ui");
  gtk_widget_class_bind_template_child (widget_class, McMemberFormWidget, grid);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
mc_member_form_widget_init (McMemberFormWidget *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Profile"), -1);
  build_fields (self);
  mc_member_form_widget_set_member (self, NULL);
}
