/* fuzz-programme.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libFuzzer target: a programme document as imported (mc_programme_from_json, then
 * mc_programme_validate). A document that validates is run through the rules with
 * extreme amounts and dates, and written out and read back: the copy validates too and
 * writes out the same text.
 *
 * run-fuzz: full-malloc-stacks (json-glib leaks on some bad input: tests/fuzz/lsan.supp)
 */
#define G_LOG_DOMAIN "mc-fuzz"

#include "config.h"

#include <stdint.h>

#include "mc-fuzz.h"
#include "mc-programme.h"
#include "mc-tier.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
exercise_rules (McProgramme *programme)
{
  static const gint64 amounts[] = { 1, 99, 100, 12850, G_GINT64_CONSTANT (10000000000) };
  static const gint64 times[] = { 0, 1700000000, 4102444800 };
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");

  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    {
      g_assert_cmpint (mc_programme_growth_for_order (programme, amounts[i]), >=, 0);
      for (guint t = 0; t < programme->tiers->len; t++)
        {
          const McTier *tier = g_ptr_array_index (programme->tiers, t);

          g_assert_cmpint (mc_programme_points_for_order (programme, amounts[i], tier->code), >=, 0);
          g_assert_true (mc_programme_get_tier (programme, tier->code) != NULL);
        }
      g_assert_cmpint (mc_programme_points_for_order (programme, amounts[i], "no-such-tier"), >=, 0);
      g_assert_nonnull (mc_programme_tier_for_growth (programme, amounts[i]));
    }
  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      const char *computed = NULL;
      const McTier *top = g_ptr_array_index (programme->tiers, programme->tiers->len - 1);

      g_assert_cmpint (mc_programme_window_start (programme, times[i], tz), <=, times[i]);
      mc_programme_points_expiry (programme, times[i], tz);
      mc_tier_decide (programme, top->code, times[i] / 2, NULL, 0, 0, times[i], &computed);
      g_assert_nonnull (computed);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *json = mc_fuzz_string (data, size);
  g_autoptr(McProgramme) programme = NULL;
  g_autoptr(McProgramme) again = NULL;
  g_autoptr(McProgramme) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;

  mc_fuzz_init ();
  programme = mc_programme_from_json (json, &error);
  if (programme == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_no_error (error);
  if (!mc_programme_validate (programme, &error))
    {
      g_assert_nonnull (error);
      return 0;
    }
  exercise_rules (programme);

  text = mc_programme_to_json (programme);
  again = mc_programme_from_json (text, &error);
  g_assert_no_error (error);
  g_assert_true (mc_programme_validate (again, &error));
  g_assert_no_error (error);
  text_again = mc_programme_to_json (again);
  g_assert_cmpstr (text, ==, text_again);

  copy = mc_programme_copy (programme);
  g_assert_true (mc_programme_validate (copy, &error));
  return 0;
}
