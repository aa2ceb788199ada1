/* test-member-form.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The member form's per-field rules, without a display: good values pass, each bad value
 * gives its own field's message and leaves the others alone.
 */
#include "config.h"

#include <locale.h>

#include "mc-member-form.h"

static McMemberFormValues
good_values (void)
{
  McMemberFormValues v = {
    .card_no = "", .name = "张伟", .phone = "138 1234 5678", .email = "zw@example.com",
    .gender = "m", .birthday = "1990-05-17", .region = "上海", .notes = "likes tea",
    .consent_marketing = TRUE, .consent_purpose = "marketing",
  };
  return v;
}

static GDateTime *
today (void)
{
  return g_date_time_new_utc (2026, 3, 1, 12, 0, 0);
}

/* Checks v and asserts that field alone has an error, equal to message. */
static void
assert_only_error (const McMemberFormValues *v,
                   McMemberField             field,
                   const char               *message)
{
  g_autoptr(GDateTime) now = today ();
  McMemberFormState state;

  mc_member_form_check (v, now, &state);
  g_assert_false (state.valid);
  g_assert_cmpuint (state.n_errors, ==, 1);
  for (guint i = 0; i < MC_MEMBER_N_FIELDS; i++)
    if (i == field)
      g_assert_cmpstr (state.errors[i], ==, message);
    else
      g_assert_null (state.errors[i]);
  mc_member_form_state_clear (&state);
}

static void
test_good (void)
{
  g_autoptr(GDateTime) now = today ();
  McMemberFormValues v = good_values ();
  McMemberFormState state;

  mc_member_form_check (&v, now, &state);
  g_assert_true (state.valid);
  g_assert_cmpuint (state.n_errors, ==, 0);
  mc_member_form_state_clear (&state);

  /* Only name and phone are needed. */
  v = (McMemberFormValues) { .name = "Li Na", .phone = "+86 139-0000-1111" };
  mc_member_form_check (&v, now, &state);
  g_assert_true (state.valid);
  mc_member_form_state_clear (&state);

  /* A birthday without a year, a card number, 女 for the gender. */
  v = good_values ();
  v.birthday = "05-17";
  v.card_no = "vip-0001";
  v.gender = "女";
  mc_member_form_check (&v, now, &state);
  g_assert_true (state.valid);
  mc_member_form_state_clear (&state);
}

static void
test_bad_fields (void)
{
  McMemberFormValues v;
  g_autofree char *long_region = g_strnfill (65, 'x');

  v = good_values ();
  v.name = "  ";
  assert_only_error (&v, MC_MEMBER_FIELD_NAME, "The name is empty.");

  v = good_values ();
  v.phone = "";
  assert_only_error (&v, MC_MEMBER_FIELD_PHONE, "A member needs a mobile phone number.");

  v = good_values ();
  v.phone = "12345";
  assert_only_error (&v, MC_MEMBER_FIELD_PHONE,
                     "“12345” is not a Chinese mobile number: it has 11 digits and starts "
                     "with 13 to 19, like 138 1234 5678.");

  v = good_values ();
  v.phone = "138x";
  assert_only_error (&v, MC_MEMBER_FIELD_PHONE,
                     "“138x” is not a phone number: it may hold only digits, spaces, dashes "
                     "and a leading +.");

  v = good_values ();
  v.email = "zw@";
  assert_only_error (&v, MC_MEMBER_FIELD_EMAIL, "“zw@” is not an email address, like name@example.com.");

  v = good_values ();
  v.card_no = "ab";
  assert_only_error (&v, MC_MEMBER_FIELD_CARD_NO, "“ab” is not a card number: 4 to 32 letters, digits or dashes.");

  v = good_values ();
  v.gender = "x";
  assert_only_error (&v, MC_MEMBER_FIELD_GENDER, "“x” is not a gender: use m, f or u (男, 女, 未知).");

  v = good_values ();
  v.birthday = "2027-01-01";
  assert_only_error (&v, MC_MEMBER_FIELD_BIRTHDAY,
                     "The birthday 2027-01-01 is not possible: it lies in the future or before 1900.");

  v = good_values ();
  v.birthday = "1990-02-30";
  assert_only_error (&v, MC_MEMBER_FIELD_BIRTHDAY, "“1990-02-30” is not a date in the calendar.");

  v = good_values ();
  v.region = long_region;
  assert_only_error (&v, MC_MEMBER_FIELD_REGION, "The region is too long: at most 64 characters.");

  v = good_values ();
  v.consent_purpose = " ";
  assert_only_error (&v, MC_MEMBER_FIELD_CONSENT_PURPOSE,
                     "Say what the member agreed to, for example marketing messages.");
  /* Without consent, no purpose is needed. */
  v.consent_marketing = FALSE;
  {
    McMemberFormState state;

    mc_member_form_check (&v, NULL, &state);
    g_assert_true (state.valid);
    mc_member_form_state_clear (&state);
  }
}

static void
test_several_errors (void)
{
  McMemberFormValues v = { .name = "", .phone = "1", .email = "nope", .gender = "u" };
  McMemberFormState state;

  mc_member_form_check (&v, NULL, &state);
  g_assert_false (state.valid);
  g_assert_cmpuint (state.n_errors, ==, 3);
  g_assert_nonnull (state.errors[MC_MEMBER_FIELD_NAME]);
  g_assert_nonnull (state.errors[MC_MEMBER_FIELD_PHONE]);
  g_assert_nonnull (state.errors[MC_MEMBER_FIELD_EMAIL]);
  g_assert_null (state.errors[MC_MEMBER_FIELD_BIRTHDAY]);
  mc_member_form_state_clear (&state);
  g_assert_null (state.errors[MC_MEMBER_FIELD_NAME]);
  g_assert_cmpstr (mc_member_form_field_label (MC_MEMBER_FIELD_PHONE), ==, "Phone");
}

static void
test_apply (void)
{
  McMemberFormValues v = good_values ();
  g_autoptr(McMember) m = mc_member_new ();
  g_autoptr(GError) error = NULL;

  m->status = g_strdup ("frozen");
  v.region = "  ";
  mc_member_form_apply (&v, m);
  g_assert_cmpstr (m->name, ==, "张伟");
  g_assert_null (m->card_no);
  g_assert_null (m->region);
  g_assert_cmpint (m->gender, ==, 'm');
  g_assert_true (m->consent_marketing);
  /* The fields the form does not hold are kept. */
  g_assert_cmpstr (m->status, ==, "frozen");
  /* What the form passes, the record's validation accepts. */
  g_assert_true (mc_member_validate (m, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (m->phone, ==, "+8613812345678");
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/member-form/good", test_good);
  g_test_add_func ("/member-form/bad-fields", test_bad_fields);
  g_test_add_func ("/member-form/several-errors", test_several_errors);
  g_test_add_func ("/member-form/apply", test_apply);
  return g_test_run ();
}
