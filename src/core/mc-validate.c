/* mc-validate.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mc-error.h"
#include "mc-validate.h"

static char *
strip_copy (const char *input)
{
  const char *start = input != NULL ? input : "";
  const char *end;

  /* One pass, not g_strstrip's three: an import validates millions of fields. */
  while (g_ascii_isspace (*start))
    start++;
  end = start + strlen (start);
  while (end > start && g_ascii_isspace (end[-1]))
    end--;
  return g_strndup (start, (gsize) (end - start));
}

gboolean
mc_validate_phone (const char  *input,
                   char       **e164,
                   GError     **error)
{
  g_autofree char *text = strip_copy (input);
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean plus = FALSE;
  const char *d;

  g_return_val_if_fail (e164 != NULL, FALSE);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p == '+' && digits->len == 0 && !plus)
        plus = TRUE;
      else if (*p == ' ' || *p == '-' || *p == '(' || *p == ')' || *p == '.')
        continue;
      else
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("“%s” is not a phone number: it may hold only digits, spaces, "
                         "dashes and a leading +."), text);
          return FALSE;
        }
    }
  if (digits->len == 0)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The phone number is empty."));
      return FALSE;
    }

  d = digits->str;
  /* 0086... is the international prefix written with zeros. */
  if (!plus && g_str_has_prefix (d, "00"))
    {
      d += 2;
      plus = TRUE;
    }
  /* A Chinese mobile number written with the country code but without the +. */
  if (!plus && strlen (d) == 13 && g_str_has_prefix (d, "86"))
    {
      d += 2;
    }
  else if (plus)
    {
      if (!g_str_has_prefix (d, "86"))
        {
          gsize len = strlen (d);

          if (len < 7 || len > 15 || d[0] == '0')
            {
              g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                           _("“%s” is not an international phone number: after the + come "
                             "a country code and 7 to 15 digits in all."), text);
              return FALSE;
            }
          *e164 = g_strconcat ("+", d, NULL);
          return TRUE;
        }
      d += 2;
    }

  if (strlen (d) != 11 || d[0] != '1' || d[1] < '3' || d[1] > '9')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not a Chinese mobile number: it has 11 digits and starts "
                     "with 13 to 19, like 138 1234 5678."), text);
      return FALSE;
    }
  *e164 = g_strconcat ("+86", d, NULL);
  return TRUE;
}

gboolean
mc_validate_email (const char  *input,
                   char       **normalized,
                   GError     **error)
{
  g_autofree char *text = strip_copy (input);
  const char *at;
  const char *dot;

  at = strchr (text, '@');
  dot = at != NULL ? strrchr (at, '.') : NULL;
  if (at == NULL || at == text || strchr (at + 1, '@') != NULL || dot == NULL ||
      dot == at + 1 || dot[1] == '\0' || strlen (text) > 254 ||
      strpbrk (text, " \t\r\n,;<>\"") != NULL || !g_str_is_ascii (text))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not an email address, like name@example.com."), text);
      return FALSE;
    }
  *normalized = g_ascii_strdown (text, -1);
  return TRUE;
}

gboolean
mc_validate_name (const char  *input,
                  char       **normalized,
                  GError     **error)
{
  g_autofree char *text = strip_copy (input);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The name is not valid text."));
      return FALSE;
    }
  if (text[0] == '\0')
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The name is empty."));
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > MC_NAME_MAX_CHARS)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The name is too long: at most %d characters."), MC_NAME_MAX_CHARS);
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                     _("The name “%s” holds a control character."), text);
        return FALSE;
      }
  *normalized = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  return TRUE;
}

gboolean
mc_validate_card_no (const char  *input,
                     char       **normalized,
                     GError     **error)
{
  g_autofree char *text = strip_copy (input);
  gsize len = strlen (text);
  gboolean ok = len >= 4 && len <= 32;

  for (const char *p = text; ok && *p != '\0'; p++)
    ok = g_ascii_isalnum (*p) || *p == '-';
  if (!ok)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not a card number: 4 to 32 letters, digits or dashes."), text);
      return FALSE;
    }
  *normalized = g_ascii_strup (text, -1);
  return TRUE;
}

static gboolean
parse_uint (const char *s,
            gsize       len,
            guint      *out)
{
  guint v = 0;

  if (len == 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (s[i]))
        return FALSE;
      v = v * 10 + (guint) (s[i] - '0');
    }
  *out = v;
  return TRUE;
}

gboolean
mc_validate_birthday (const char  *input,
                      GDateTime   *today,
                      char       **normalized,
                      GError     **error)
{
  g_autofree char *text = strip_copy (input);
  guint y = 0, m = 0, d = 0;
  gsize len = strlen (text);
  const char *md = NULL;

  if (len == 10 && text[4] == '-' && text[7] == '-' &&
      parse_uint (text, 4, &y) && parse_uint (text + 5, 2, &m) && parse_uint (text + 8, 2, &d))
    md = text + 5;
  else if (len == 10 && text[4] == '/' && text[7] == '/' &&
           parse_uint (text, 4, &y) && parse_uint (text + 5, 2, &m) && parse_uint (text + 8, 2, &d))
    md = text + 5;
  else if (len == 5 && text[2] == '-' && parse_uint (text, 2, &m) && parse_uint (text + 3, 2, &d))
    md = text;
  else if (len == 7 && g_str_has_prefix (text, "--") && parse_uint (text + 2, 2, &m) &&
           parse_uint (text + 5, 2, &d))
    md = text + 2;

  if (md == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not a birthday: write it as 1990-05-17, or 05-17 without the year."),
                   text);
      return FALSE;
    }
  if (m < 1 || m > 12 || d < 1 || !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, y ? (GDateYear) y : 2000))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("“%s” is not a date in the calendar."), text);
      return FALSE;
    }
  if (y != 0)
    {
      int ty = today != NULL ? g_date_time_get_year (today) : 9999;
      int tm = today != NULL ? g_date_time_get_month (today) : 12;
      int td = today != NULL ? g_date_time_get_day_of_month (today) : 31;

      if (y < 1900 || (int) y > ty || ((int) y == ty && ((int) m > tm || ((int) m == tm && (int) d > td))))
        {
          g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                       _("The birthday %s is not possible: it lies in the future or before 1900."),
                       text);
          return FALSE;
        }
      *normalized = g_strdup_printf ("%04u-%02u-%02u", y, m, d);
    }
  else
    *normalized = g_strdup_printf ("--%02u-%02u", m, d);
  return TRUE;
}

gboolean
mc_validate_gender (const char  *input,
                    char        *gender,
                    GError     **error)
{
  g_autofree char *text = strip_copy (input);
  static const struct { const char *word; char code; } words[] = {
    { "", 'u' }, { "u", 'u' }, { "unknown", 'u' }, { "未知", 'u' }, { "保密", 'u' },
    { "m", 'm' }, { "male", 'm' }, { "男", 'm' },
    { "f", 'f' }, { "female", 'f' }, { "女", 'f' },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_ascii_strcasecmp (text, words[i].word) == 0)
      {
        *gender = words[i].code;
        return TRUE;
      }
  g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
               _("“%s” is not a gender: use m, f or u (男, 女, 未知)."), text);
  return FALSE;
}

gboolean
mc_validate_region (const char  *input,
                    char       **normalized,
                    GError     **error)
{
  g_autofree char *text = strip_copy (input);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The region is not valid text."));
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > MC_REGION_MAX_CHARS)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The region is too long: at most %d characters."), MC_REGION_MAX_CHARS);
      return FALSE;
    }
  *normalized = text[0] != '\0' ? g_steal_pointer (&text) : NULL;
  return TRUE;
}

gboolean
mc_validate_notes (const char  *input,
                   char       **normalized,
                   GError     **error)
{
  g_autofree char *text = strip_copy (input);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID, _("The notes are not valid text."));
      return FALSE;
    }
  if (g_utf8_strlen (text, -1) > MC_NOTES_MAX_CHARS)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The notes are too long: at most %d characters."), MC_NOTES_MAX_CHARS);
      return FALSE;
    }
  *normalized = text[0] != '\0' ? g_steal_pointer (&text) : NULL;
  return TRUE;
}

gboolean
mc_parse_yuan (const char  *input,
               gint64      *fen,
               GError     **error)
{
  g_autofree char *text = strip_copy (input);
  const char *p = text;
  gint64 whole = 0;
  gint64 cents = 0;
  int decimals = 0;
  gboolean any = FALSE;

  if (g_str_has_prefix (p, "¥"))
    p += strlen ("¥");
  else if (g_str_has_prefix (p, "￥"))
    p += strlen ("￥");
  for (; g_ascii_isdigit (*p); p++)
    {
      whole = whole * 10 + (*p - '0');
      any = TRUE;
      if (whole > 100000000)
        break;
    }
  if (*p == '.')
    {
      for (p++; g_ascii_isdigit (*p) && decimals < 3; p++, decimals++)
        cents = cents * 10 + (*p - '0');
    }
  if (!any || *p != '\0' || decimals > 2)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not an amount in yuan: write it like 128 or 128.50."), text);
      return FALSE;
    }
  if (decimals == 1)
    cents *= 10;
  if (whole * 100 + cents > G_GINT64_CONSTANT (10000000000) || (whole == 0 && cents == 0))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("The amount %s is out of range: more than 0 and at most 100,000,000 yuan."),
                   text);
      return FALSE;
    }
  *fen = whole * 100 + cents;
  return TRUE;
}

gboolean
mc_parse_points (const char  *input,
                 gint64      *points,
                 GError     **error)
{
  g_autofree char *text = strip_copy (input);
  guint64 v;

  if (!g_ascii_string_to_unsigned (text, 10, 1, 100000000, &v, NULL))
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not a number of points: a whole number from 1 to 100,000,000."),
                   text);
      return FALSE;
    }
  *points = (gint64) v;
  return TRUE;
}

gboolean
mc_parse_time (const char  *input,
               GTimeZone   *tz,
               gboolean     end_of_day,
               gint64      *epoch,
               GError     **error)
{
  g_autofree char *text = strip_copy (input);
  g_autoptr(GDateTime) dt = NULL;
  guint y, m, d;

  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-' &&
      parse_uint (text, 4, &y) && parse_uint (text + 5, 2, &m) && parse_uint (text + 8, 2, &d))
    {
      if (m >= 1 && m <= 12 && g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
        dt = end_of_day ? g_date_time_new (tz, (int) y, (int) m, (int) d, 23, 59, 59)
                        : g_date_time_new (tz, (int) y, (int) m, (int) d, 0, 0, 0);
    }
  else if (strlen (text) >= 16)
    {
      if (text[10] == ' ')
        text[10] = 'T';
      /* GLib wants seconds; add them when the time stops at minutes. */
      if (strlen (text) == 16 || (strlen (text) > 16 && (text[16] == 'Z' || text[16] == '+' || text[16] == '-')))
        {
          g_autofree char *with_seconds = g_strdup_printf ("%.16s:00%s", text, text + 16);
          dt = g_date_time_new_from_iso8601 (with_seconds, tz);
        }
      else
        dt = g_date_time_new_from_iso8601 (text, tz);
    }

  if (dt == NULL)
    {
      g_set_error (error, MC_ERROR, MC_ERROR_INVALID,
                   _("“%s” is not a date or time: write it like 2026-11-24 or 2026-11-24T18:30."),
                   text);
      return FALSE;
    }
  *epoch = g_date_time_to_unix (dt);
  return TRUE;
}

char *
mc_format_time (gint64     epoch,
                GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (epoch);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

char *
mc_format_date (gint64     epoch,
                GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (epoch);
  g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d") : g_strdup ("");
}

char *
mc_format_yuan (gint64 fen)
{
  gint64 a = fen < 0 ? -fen : fen;

  return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", fen < 0 ? "-" : "", a / 100, (int) (a % 100));
}
