/* test-validate.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The field validators: what is accepted, how it is normalised, and what a person is told.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "mc-error.h"
#include "mc-role.h"
#include "mc-validate.h"

static void
test_phone_accepts (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "13812345678", "+8613812345678" },
    { "138 1234 5678", "+8613812345678" },
    { "138-1234-5678", "+8613812345678" },
    { "+86 138 1234 5678", "+8613812345678" },
    { "+86-13812345678", "+8613812345678" },
    { "008613812345678", "+8613812345678" },
    { "8613812345678", "+8613812345678" },
    { " 19912345678 ", "+8619912345678" },
    { "+1 415 555 2671", "+14155552671" },
    { "+852 6123 4567", "+85261234567" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *e164 = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (mc_validate_phone (cases[i].in, &e164, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (e164, ==, cases[i].out);
    }
}

static void
test_phone_rejects (void)
{
  const struct { const char *in; const char *says; } cases[] = {
    { "", "empty" },
    { "12345", "not a Chinese mobile number" },
    { "1381234567", "not a Chinese mobile number" },       /* 10 digits */
    { "138123456789", "not a Chinese mobile number" },     /* 12 digits */
    { "12812345678", "not a Chinese mobile number" },      /* 12x is no mobile prefix */
    { "010-12345678", "not a Chinese mobile number" },     /* a landline */
    { "138abc45678", "only digits" },
    { "+86 12345", "not a Chinese mobile number" },
    { "+0123456789", "international" },
    { "+12", "international" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *e164 = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (mc_validate_phone (cases[i].in, &e164, &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
      g_assert_null (e164);
      if (strstr (error->message, cases[i].says) == NULL)
        g_error ("“%s”: message “%s” does not say “%s”", cases[i].in, error->message, cases[i].says);
    }
}

static void
test_mask_phone (void)
{
  g_autofree char *cn = mc_mask_phone ("+8613812345678");
  g_autofree char *other = mc_mask_phone ("+14155552671");

  g_assert_cmpstr (cn, ==, "138****5678");
  g_assert_cmpstr (other, ==, "*******2671");
  g_assert_null (mc_mask_phone (NULL));
}

static void
test_email (void)
{
  g_autofree char *ok = NULL;
  const char *bad[] = { "a", "a@", "@b.cn", "a@b", "a b@c.cn", "a@b@c.cn", "张@b.cn", "a@b." };

  g_assert_true (mc_validate_email (" Li.Na@Example.COM ", &ok, NULL));
  g_assert_cmpstr (ok, ==, "li.na@example.com");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (mc_validate_email (bad[i], &out, &error));
      g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "email"));
    }
}

static void
test_name_and_card (void)
{
  g_autofree char *name = NULL;
  g_autofree char *card = NULL;
  g_autofree char *long_name = g_strnfill (65, 'a');
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_validate_name ("  张三 ", &name, NULL));
  g_assert_cmpstr (name, ==, "张三");
  g_assert_false (mc_validate_name ("   ", &name, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_validate_name (long_name, &name, &error));
  g_assert_nonnull (strstr (error->message, "64"));
  g_clear_error (&error);
  g_assert_false (mc_validate_name ("a\tb", &name, &error));
  g_clear_error (&error);

  g_assert_true (mc_validate_card_no ("mc-0001", &card, NULL));
  g_assert_cmpstr (card, ==, "MC-0001");
  g_assert_false (mc_validate_card_no ("abc", &card, &error));
  g_clear_error (&error);
  g_assert_false (mc_validate_card_no ("卡12345", &card, &error));
}

static void
test_birthday (void)
{
  g_autoptr(GDateTime) today = g_date_time_new_utc (2026, 11, 24, 12, 0, 0);
  const struct { const char *in; const char *out; } good[] = {
    { "1990-05-17", "1990-05-17" }, { "1990/05/17", "1990-05-17" },
    { "05-17", "--05-17" }, { "--02-29", "--02-29" }, { "2000-02-29", "2000-02-29" },
    { "2026-11-24", "2026-11-24" },
  };
  const char *bad[] = { "1990-13-01", "1990-02-30", "1999-02-29", "2026-11-25", "1899-12-31",
                        "17/05/1990", "May 17", "02-30" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *out = NULL;

      g_assert_true (mc_validate_birthday (good[i].in, today, &out, NULL));
      g_assert_cmpstr (out, ==, good[i].out);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;

      if (mc_validate_birthday (bad[i], today, &out, &error))
        g_error ("“%s” was accepted as %s", bad[i], out);
      g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
    }
}

static void
test_gender (void)
{
  char g = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_validate_gender ("男", &g, NULL));
  g_assert_cmpint (g, ==, 'm');
  g_assert_true (mc_validate_gender ("Female", &g, NULL));
  g_assert_cmpint (g, ==, 'f');
  g_assert_true (mc_validate_gender ("", &g, NULL));
  g_assert_cmpint (g, ==, 'u');
  g_assert_false (mc_validate_gender ("x", &g, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
}

static void
test_yuan (void)
{
  const struct { const char *in; gint64 fen; } good[] = {
    { "128", 12800 }, { "128.5", 12850 }, { "128.50", 12850 }, { "0.01", 1 },
    { "¥99.9", 9990 }, { "￥1", 100 }, { " 7 ", 700 }, { "100000000", 10000000000 },
  };
  const char *bad[] = { "", "0", "0.00", "-5", "1.234", "1,000", "abc", "1e3", "100000000.01", ".5." };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 fen = 0;

      g_assert_true (mc_parse_yuan (good[i].in, &fen, NULL));
      g_assert_cmpint (fen, ==, good[i].fen);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      gint64 fen = -1;
      g_autoptr(GError) error = NULL;

      if (mc_parse_yuan (bad[i], &fen, &error))
        g_error ("“%s” was accepted as %" G_GINT64_FORMAT " fen", bad[i], fen);
      g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
      g_assert_cmpint (fen, ==, -1);
    }
  {
    g_autofree char *a = mc_format_yuan (12850);
    g_autofree char *b = mc_format_yuan (-5);

    g_assert_cmpstr (a, ==, "128.50");
    g_assert_cmpstr (b, ==, "-0.05");
  }
}

static void
test_time (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Shanghai");
  gint64 t = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_parse_time ("2026-11-24", tz, FALSE, &t, NULL));
  g_assert_cmpint (t, ==, 1795449600);           /* 2026-11-23T16:00:00Z */
  g_assert_true (mc_parse_time ("2026-11-24", tz, TRUE, &t, NULL));
  g_assert_cmpint (t, ==, 1795449600 + 86399);
  g_assert_true (mc_parse_time ("2026-11-24T10:30", tz, FALSE, &t, NULL));
  g_assert_cmpint (t, ==, 1795449600 + 10 * 3600 + 1800);
  g_assert_true (mc_parse_time ("2026-11-24 10:30:15", tz, FALSE, &t, NULL));
  g_assert_cmpint (t, ==, 1795449600 + 10 * 3600 + 1815);
  g_assert_true (mc_parse_time ("2026-11-24T02:30:00Z", tz, FALSE, &t, NULL));
  g_assert_cmpint (t, ==, 1795449600 + 10 * 3600 + 1800);
  g_assert_false (mc_parse_time ("2026-02-30", tz, FALSE, &t, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (mc_parse_time ("yesterday", tz, FALSE, &t, &error));
  g_assert_nonnull (strstr (error->message, "2026-11-24"));
  {
    g_autofree char *s = mc_format_time (1795449600 + 3600, tz);

    g_assert_cmpstr (s, ==, "2026-11-24 01:00");
  }
}

static void
test_points_number (void)
{
  gint64 n = 0;
  g_autoptr(GError) error = NULL;

  g_assert_true (mc_parse_points ("500", &n, NULL));
  g_assert_cmpint (n, ==, 500);
  g_assert_false (mc_parse_points ("0", &n, &error));
  g_clear_error (&error);
  g_assert_false (mc_parse_points ("1.5", &n, &error));
  g_clear_error (&error);
  g_assert_false (mc_parse_points ("-3", &n, &error));
  g_assert_error (error, MC_ERROR, MC_ERROR_INVALID);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/phone/accepts", test_phone_accepts);
  g_test_add_func ("/validate/phone/rejects", test_phone_rejects);
  g_test_add_func ("/validate/phone/mask", test_mask_phone);
  g_test_add_func ("/validate/email", test_email);
  g_test_add_func ("/validate/name-and-card", test_name_and_card);
  g_test_add_func ("/validate/birthday", test_birthday);
  g_test_add_func ("/validate/gender", test_gender);
  g_test_add_func ("/validate/yuan", test_yuan);
  g_test_add_func ("/validate/time", test_time);
  g_test_add_func ("/validate/points", test_points_number);

  return g_test_run ();
}
