/* fuzz-fields.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: the member field validators (mc-validate.c) and the member form's
 * rules (mc-member-form.c). The whole input goes through every validator; what a
 * validator accepts, normalised, it accepts again unchanged. Split at newlines, the input
 * is also a member form (card, name, phone, email, gender, birthday, region, notes,
 * consent purpose): its state has one message per invalid field and is valid when none is.
 */
#define G_LOG_DOMAIN "mc-fuzz"

#include "config.h"

#include <stdint.h>

#include "mc-fuzz.h"
#include "mc-member-form.h"
#include "mc-validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

typedef gboolean (*Validator) (const char *, char **, GError **);

/* A validator normalises to a fixed point: its output validates to itself. */
static void
check_idempotent (Validator   validate,
                  const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;

  if (!validate (text, &out, &error))
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  if (out == NULL)     /* a blank optional field */
    return;
  g_assert_true (g_utf8_validate (out, -1, NULL));
  g_assert_true (validate (out, &again, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out, ==, again);
}

static void
check_birthday (const char *text,
                GDateTime  *today)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *again = NULL;

  if (!mc_validate_birthday (text, today, &out, &error))
    return;
  if (out == NULL)
    return;
  g_assert_true (mc_validate_birthday (out, today, &again, &error));
  g_assert_cmpstr (out, ==, again);
}

static void
check_numbers (const char *text,
               GTimeZone  *tz)
{
  gint64 fen = 0, points = 0, epoch = 0;
  char gender = 0;

  if (mc_parse_yuan (text, &fen, NULL))
    {
      g_autofree char *yuan = mc_format_yuan (fen);
      gint64 again = 0;

      g_assert_cmpint (fen, >, 0);
      g_assert_cmpint (fen, <=, G_GINT64_CONSTANT (10000000000));
      g_assert_true (mc_parse_yuan (yuan, &again, NULL));
      g_assert_cmpint (again, ==, fen);
    }
  if (mc_parse_points (text, &points, NULL))
    g_assert_cmpint (points, >=, 1);
  if (mc_parse_time (text, tz, FALSE, &epoch, NULL))
    {
      g_autofree char *shown = mc_format_time (epoch, tz);
      g_autofree char *day = mc_format_date (epoch, tz);

      g_assert_nonnull (shown);
      g_assert_nonnull (day);
    }
  mc_parse_time (text, tz, TRUE, &epoch, NULL);
  if (mc_validate_gender (text, &gender, NULL))
    g_assert_true (gender == 'm' || gender == 'f' || gender == 'u');
}

static void
check_form (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "\n", 10);
  const char *f[9] = { 0 };
  McMemberFormValues values = { 0 };
  McMemberFormState state = { 0 };
  guint n_errors = 0;

  for (guint i = 0; i < G_N_ELEMENTS (f) && parts[i] != NULL; i++)
    f[i] = parts[i];
  values.card_no = f[0];
  values.name = f[1];
  values.phone = f[2];
  values.email = f[3];
  values.gender = f[4];
  values.birthday = f[5];
  values.region = f[6];
  values.notes = f[7];
  values.consent_purpose = f[8];
  values.consent_marketing = parts[9] != NULL;

  /* Today as mc_member_validate sees it: now. */
  mc_member_form_check (&values, NULL, &state);
  for (guint i = 0; i < MC_MEMBER_N_FIELDS; i++)
    if (state.errors[i] != NULL)
      {
        n_errors++;
        g_assert_true (g_utf8_validate (state.errors[i], -1, NULL));
        g_assert_nonnull (mc_member_form_field_label (i));
      }
  g_assert_cmpuint (state.n_errors, ==, n_errors);
  g_assert_true (state.valid == (n_errors == 0));
  if (state.valid)
    {
      g_autoptr(McMember) member = mc_member_new ();
      g_autoptr(GError) error = NULL;

      mc_member_form_apply (&values, member);
      /* What the form lets through, the record's own validation accepts. */
      g_assert_true (mc_member_validate (member, &error));
      g_assert_no_error (error);
    }
  mc_member_form_state_clear (&state);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static GTimeZone *tz;
  static GDateTime *today;
  g_autofree char *raw = mc_fuzz_string (data, size);
  /* Every caller hands the validators UTF-8 (GTK entries, the CSV reader's output, GOption
   * arguments converted from the locale): so does this target. */
  g_autofree char *text = g_utf8_make_valid (raw, -1);

  mc_fuzz_init ();
  if (tz == NULL)
    {
      tz = g_time_zone_new_identifier ("Asia/Shanghai");
      today = g_date_time_new (tz, 2026, 11, 24, 12, 0, 0);
    }

  check_idempotent (mc_validate_phone, text);
  check_idempotent (mc_validate_email, text);
  check_idempotent (mc_validate_name, text);
  check_idempotent (mc_validate_card_no, text);
  check_idempotent (mc_validate_region, text);
  check_idempotent (mc_validate_notes, text);
  check_birthday (text, today);
  check_numbers (text, tz);
  check_form (text);
  return 0;
}
