/* mc-member-form.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member form's rules as a pure function: the text of each field in, for each field
 * NULL or a translated message saying what is wrong with it, so an editor can show the
 * message under the field as the person types. The rules are mc-validate's; no database,
 * no GTK.
 */
#pragma once

#include <glib.h>

#include "mc-member.h"

G_BEGIN_DECLS

typedef enum
{
  MC_MEMBER_FIELD_CARD_NO,
  MC_MEMBER_FIELD_NAME,
  MC_MEMBER_FIELD_PHONE,
  MC_MEMBER_FIELD_EMAIL,
  MC_MEMBER_FIELD_GENDER,
  MC_MEMBER_FIELD_BIRTHDAY,
  MC_MEMBER_FIELD_REGION,
  MC_MEMBER_FIELD_NOTES,
  MC_MEMBER_FIELD_CONSENT_PURPOSE,
  MC_MEMBER_N_FIELDS,
} McMemberField;

/* What the form's widgets hold: text as typed (NULL is empty). */
typedef struct
{
  const char *card_no;           /* empty: a card number is generated */
  const char *name;
  const char *phone;
  const char *email;
  const char *gender;            /* m/f/u or a word mc_validate_gender knows */
  const char *birthday;
  const char *region;
  const char *notes;
  gboolean    consent_marketing;
  const char *consent_purpose;
} McMemberFormValues;

typedef struct
{
  char     *errors[MC_MEMBER_N_FIELDS];  /* NULL: the field is fine */
  guint     n_errors;
  gboolean  valid;                       /* no error: the form may be saved */
} McMemberFormState;

/* today: for a birthday in the future; NULL: now, local time. */
void         mc_member_form_check        (const McMemberFormValues *values,
                                          GDateTime                *today,
                                          McMemberFormState        *state);
void         mc_member_form_state_clear  (McMemberFormState        *state);
/* The field's name as a person reads it ("Phone"), translated. */
const char  *mc_member_form_field_label  (McMemberField             field);
/* Copies the values into the person-editable fields of member (the others are kept);
 * they are normalised by mc_member_validate() when saved. */
void         mc_member_form_apply        (const McMemberFormValues *values,
                                          McMember                 *member);

G_END_DECLS
