/* mc-member-form.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-member-form.h"
#include "mc-validate.h"

static gboolean
is_blank (const char *s)
{
  for (; s != NULL && *s != '\0'; s++)
    if (!g_ascii_isspace (*s))
      return FALSE;
  return TRUE;
}

typedef gboolean (*Validator) (const char *, char **, GError **);

/* The validator's message, or NULL; a blank optional field is fine. */
static char *
check_text (const char *text,
            gboolean    optional,
            Validator   validate)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *normalized = NULL;

  if (optional && is_blank (text))
    return NULL;
  if (validate (text != NULL ? text : "", &normalized, &error))
    return NULL;
  return g_strdup (error->message);
}

void
mc_member_form_check (const McMemberFormValues *values,
                      GDateTime                *today,
                      McMemberFormState        *state)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  char **e;

  g_return_if_fail (values != NULL);
  g_return_if_fail (state != NULL);

  memset (state, 0, sizeof *state);
  e = state->errors;
  if (today == NULL)
    today = now = g_date_time_new_now_local ();

  e[MC_MEMBER_FIELD_CARD_NO] = check_text (values->card_no, TRUE, mc_validate_card_no);
  e[MC_MEMBER_FIELD_NAME] = check_text (values->name, FALSE, mc_validate_name);
  if (is_blank (values->phone))
    e[MC_MEMBER_FIELD_PHONE] = g_strdup (_("A member needs a mobile phone number."));
  else
    e[MC_MEMBER_FIELD_PHONE] = check_text (values->phone, FALSE, mc_validate_phone);
  e[MC_MEMBER_FIELD_EMAIL] = check_text (values->email, TRUE, mc_validate_email);
  {
    char gender;

    if (!mc_validate_gender (values->gender, &gender, &error))
      e[MC_MEMBER_FIELD_GENDER] = g_strdup (error->message);
    g_clear_error (&error);
  }
  if (!is_blank (values->birthday))
    {
      g_autofree char *normalized = NULL;

      if (!mc_validate_birthday (values->birthday, today, &normalized, &error))
        e[MC_MEMBER_FIELD_BIRTHDAY] = g_strdup (error->message);
      g_clear_error (&error);
    }
  e[MC_MEMBER_FIELD_REGION] = check_text (values->region, TRUE, mc_validate_region);
  e[MC_MEMBER_FIELD_NOTES] = check_text (values->notes, TRUE, mc_validate_notes);
  if (values->consent_marketing && is_blank (values->consent_purpose))
    e[MC_MEMBER_FIELD_CONSENT_PURPOSE] =
      g_strdup (_("Say what the member agreed to, for example marketing messages."));
  else if (values->consent_purpose != NULL && g_utf8_strlen (values->consent_purpose, -1) > 200)
    e[MC_MEMBER_FIELD_CONSENT_PURPOSE] = g_strdup (_("The purpose is too long: at most 200 characters."));

  for (guint i = 0; i < MC_MEMBER_N_FIELDS; i++)
    if (e[i] != NULL)
      state->n_errors++;
  state->valid = state->n_errors == 0;
}

void
mc_member_form_state_clear (McMemberFormState *state)
{
  g_return_if_fail (state != NULL);

  for (guint i = 0; i < MC_MEMBER_N_FIELDS; i++)
    g_clear_pointer (&state->errors[i], g_free);
  state->n_errors = 0;
  state->valid = FALSE;
}

const char *
mc_member_form_field_label (McMemberField field)
{
  switch (field)
    {
    case MC_MEMBER_FIELD_CARD_NO:         return _("Card number");
    case MC_MEMBER_FIELD_NAME:            return _("Name");
    case MC_MEMBER_FIELD_PHONE:           return _("Phone");
    case MC_MEMBER_FIELD_EMAIL:           return _("Email");
    case MC_MEMBER_FIELD_GENDER:          return _("Gender");
    case MC_MEMBER_FIELD_BIRTHDAY:        return _("Birthday");
    case MC_MEMBER_FIELD_REGION:          return _("Region");
    case MC_MEMBER_FIELD_NOTES:           return _("Notes");
    case MC_MEMBER_FIELD_CONSENT_PURPOSE: return _("Consent purpose");
    case MC_MEMBER_N_FIELDS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
replace (char       **field,
         const char  *text)
{
  g_free (*field);
  *field = is_blank (text) ? NULL : g_strdup (text);
}

void
mc_member_form_apply (const McMemberFormValues *values,
                      McMember                 *member)
{
  char gender = 'u';

  g_return_if_fail (values != NULL);
  g_return_if_fail (member != NULL);

  replace (&member->card_no, values->card_no);
  replace (&member->name, values->name);
  replace (&member->phone, values->phone);
  replace (&member->email, values->email);
  if (mc_validate_gender (values->gender, &gender, NULL))
    member->gender = gender;
  replace (&member->birthday, values->birthday);
  replace (&member->region, values->region);
  replace (&member->notes, values->notes);
  if (values->consent_marketing && !member->consent_marketing)
    member->consent_at = 0;
  member->consent_marketing = values->consent_marketing;
  replace (&member->consent_purpose, values->consent_purpose);
}
