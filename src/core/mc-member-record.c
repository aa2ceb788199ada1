/* mc-member-record.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member record as a value, without a database: making, copying and freeing it, its
 * validation, and its JSON as a role may see it.
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-error.h"
#include "mc-member.h"
#include "mc-validate.h"

McMember *
mc_member_new (void)
{
  McMember *self = g_new0 (McMember, 1);

  self->gender = 'u';
  return self;
}

void
mc_member_free (McMember *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->card_no);
  g_free (self->name);
  g_free (self->phone);
  g_free (self->email);
  g_free (self->birthday);
  g_free (self->region);
  g_free (self->store_id);
  g_free (self->join_channel);
  g_free (self->referrer_id);
  g_free (self->status);
  g_free (self->consent_purpose);
  g_free (self->notes);
  g_free (self->tier);
  g_free (self->manual_tier);
  g_free (self->manual_reason);
  g_free (self->rev);
  g_free (self);
}

McMember *
mc_member_copy (const McMember *self)
{
  McMember *copy = g_memdup2 (self, sizeof *self);

  copy->id = g_strdup (self->id);
  copy->card_no = g_strdup (self->card_no);
  copy->name = g_strdup (self->name);
  copy->phone = g_strdup (self->phone);
  copy->email = g_strdup (self->email);
  copy->birthday = g_strdup (self->birthday);
  copy->region = g_strdup (self->region);
  copy->store_id = g_strdup (self->store_id);
  copy->join_channel = g_strdup (self->join_channel);
  copy->referrer_id = g_strdup (self->referrer_id);
  copy->status = g_strdup (self->status);
  copy->consent_purpose = g_strdup (self->consent_purpose);
  copy->notes = g_strdup (self->notes);
  copy->tier = g_strdup (self->tier);
  copy->manual_tier = g_strdup (self->manual_tier);
  copy->manual_reason = g_strdup (self->manual_reason);
  copy->rev = g_strdup (self->rev);
  return copy;
}

/* Replaces *field with the validator's result, or prefixes the error with the field. */
static gboolean
check_field (char       **field,
             const char  *label,
             gboolean   (*validate) (const char *, char **, GError **),
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *normalized = NULL;

  if (!validate (*field, &normalized, &local_error))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   /* TRANSLATORS: a field's name, then what is wrong with its value */
                   _("%s: %s"), label, local_error->message);
      return FALSE;
    }
  g_free (*field);
  *field = normalized;
  return TRUE;
}

static gboolean
is_blank (const char *s)
{
  if (s == NULL)
    return TRUE;
  for (; *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

static void
clear_if_blank (char **field)
{
  if (is_blank (*field))
    g_clear_pointer (field, g_free);
}

gboolean
mc_member_validate (McMember  *self,
                    GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_field (&self->name, _("Name"), mc_validate_name, error))
    return FALSE;
  if (is_blank (self->phone))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   /* TRANSLATORS: a field's name, then what is wrong with its value */
                   _("%s: %s"), _("Phone"),
                   _("A member needs a mobile phone number."));
      return FALSE;
    }
  if (!check_field (&self->phone, _("Phone"), mc_validate_phone, error))
    return FALSE;
  clear_if_blank (&self->email);
  if (self->email != NULL && !check_field (&self->email, _("Email"), mc_validate_email, error))
    return FALSE;
  clear_if_blank (&self->card_no);
  if (self->card_no != NULL && !check_field (&self->card_no, _("Card number"), mc_validate_card_no, error))
    return FALSE;
  clear_if_blank (&self->birthday);
  if (self->birthday != NULL)
    {
      g_autoptr(GDateTime) today = g_date_time_new_now_local ();
      char *normalized = NULL;

      if (!mc_validate_birthday (self->birthday, today, &normalized, &local_error))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   /* TRANSLATORS: a field's name, then what is wrong with its value */
                   _("%s: %s"), _("Birthday"), local_error->message);
          return FALSE;
        }
      g_free (self->birthday);
      self->birthday = normalized;
    }
  if (self->gender != 'm' && self->gender != 'f' && self->gender != 'u')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   /* TRANSLATORS: a field's name, then what is wrong with its value */
                   _("%s: %s"), _("Gender"),
                   _("use m, f or u (男, 女, 未知)."));
      return FALSE;
    }
  clear_if_blank (&self->consent_purpose);
  if (self->region != NULL && !check_field (&self->region, _("Region"), mc_validate_region, error))
    return FALSE;
  if (self->notes != NULL && !check_field (&self->notes, _("Notes"), mc_validate_notes, error))
    return FALSE;
  if (self->status == NULL)
    self->status = g_strdup ("active");
  if (!g_str_equal (self->status, "active") && !g_str_equal (self->status, "frozen"))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   /* TRANSLATORS: a field's name, then what is wrong with its value */
                   _("%s: %s"), _("Status"),
                   _("a member is active or frozen."));
      return FALSE;
    }
  if (is_blank (self->join_channel))
    {
      g_free (self->join_channel);
      self->join_channel = g_strdup ("store");
    }
  if (self->consent_marketing && is_blank (self->consent_purpose))
    {
      g_free (self->consent_purpose);
      self->consent_purpose = g_strdup ("marketing");
    }
  return TRUE;
}

JsonNode *
mc_member_to_json (const McMember *self,
                   McRole          role)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gboolean contact = mc_role_allows (role, MC_PERMISSION_SEE_CONTACT);
  char gender[2] = { self->gender, '\0' };

#define STR(k, v) G_STMT_START { json_builder_set_member_name (b, k); \
    if ((v) != NULL) json_builder_add_string_value (b, v); else json_builder_add_null_value (b); } G_STMT_END
#define INT(k, v) G_STMT_START { json_builder_set_member_name (b, k); json_builder_add_int_value (b, v); } G_STMT_END
#define TIME(k, v) G_STMT_START { json_builder_set_member_name (b, k); \
    if ((v) != 0) json_builder_add_int_value (b, v); else json_builder_add_null_value (b); } G_STMT_END

  json_builder_begin_object (b);
  STR ("id", self->id);
  STR ("card_no", self->card_no);
  STR ("name", self->name);
  if (contact)
    {
      STR ("phone", self->phone);
      STR ("email", self->email);
    }
  else
    {
      g_autofree char *masked = mc_mask_phone (self->phone);

      STR ("phone", masked);
    }
  STR ("gender", gender);
  STR ("birthday", self->birthday);
  STR ("region", self->region);
  STR ("store_id", self->store_id);
  TIME ("joined_at", self->joined_at);
  STR ("join_channel", self->join_channel);
  STR ("referrer_id", self->referrer_id);
  STR ("status", self->status);
  json_builder_set_member_name (b, "consent_marketing");
  json_builder_add_boolean_value (b, self->consent_marketing);
  TIME ("consent_at", self->consent_at);
  STR ("consent_purpose", self->consent_purpose);
  if (contact)
    STR ("notes", self->notes);
  else
    {
      g_autofree char *notes = mc_mask_personal_text (self->notes);

      STR ("notes", notes);
    }
  STR ("tier", self->tier);
  TIME ("tier_since", self->tier_since);
  TIME ("downgrade_pending_since", self->downgrade_pending_since);
  STR ("manual_tier", self->manual_tier);
  STR ("manual_reason", self->manual_reason);
  TIME ("manual_until", self->manual_until);
  INT ("points_balance", self->points_balance);
  INT ("growth", self->growth);
  INT ("spend_fen", self->spend_fen);
  INT ("orders_count", self->orders_count);
  TIME ("last_visit_at", self->last_visit_at);
  json_builder_set_member_name (b, "deleted");
  json_builder_add_boolean_value (b, self->deleted);
  STR ("rev", self->rev);
  json_builder_end_object (b);

#undef STR
#undef INT
#undef TIME
  return json_builder_get_root (b);
}
