/* mc-pinyin.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <string.h>

#include "mc-pinyin.h"
#include "mc-pinyin-table.h"

gunichar
mc_pinyin_initial_for (gunichar c)
{
  gunichar offset;
  gunichar block;
  const char *row;
  char letter;

  if (c < mc_pinyin_table_first)
    return 0;

  offset = c - mc_pinyin_table_first;
  block = offset / MC_PINYIN_BLOCK_SIZE;
  if (block >= mc_pinyin_table_n_blocks)
    return 0;

  row = mc_pinyin_blocks[block];
  if (row == NULL)
    return 0;

  letter = row[offset % MC_PINYIN_BLOCK_SIZE];
  return letter == '_' ? 0 : (gunichar) letter;
}

char *
mc_pinyin_initials (const char *utf8)
{
  const char *p;
  const char *end;
  char *result;
  char *out;

  g_return_val_if_fail (utf8 != NULL, NULL);

  end = utf8 + strlen (utf8);
  /* Every kept character is one byte out for at least one byte in. */
  result = out = g_malloc (end - utf8 + 1);

  for (p = utf8; p < end;)
    {
      guchar byte = (guchar) *p;
      gunichar c;

      if (byte < 0x80)
        {
          if (g_ascii_isalpha (byte))
            *out++ = g_ascii_tolower (byte);
          else if (g_ascii_isdigit (byte))
            *out++ = byte;
          p++;
          continue;
        }

      c = g_utf8_get_char_validated (p, end - p);
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: drop the byte and resynchronise on the next one. */
          p++;
          continue;
        }

      c = mc_pinyin_initial_for (c);
      if (c != 0)
        *out++ = (char) c;
      p = g_utf8_next_char (p);
    }

  *out = '\0';
  return result;
}

guint
mc_pinyin_table_coverage (gunichar first,
                          gunichar last)
{
  gunichar table_last = mc_pinyin_table_first
                        + mc_pinyin_table_n_blocks * MC_PINYIN_BLOCK_SIZE - 1;
  guint count = 0;

  first = MAX (first, mc_pinyin_table_first);
  last = MIN (last, table_last);

  for (gunichar c = first; c <= last; c++)
    if (mc_pinyin_initial_for (c) != 0)
      count++;

  return count;
}

/* 1 + the alphabetical number of c's syllable, or 0 when it has none in the table. */
static guint
syllable_number (gunichar c)
{
  if (c < mc_pinyin_syllables_first || c - mc_pinyin_syllables_first >= mc_pinyin_syllables_n)
    return 0;
  return mc_pinyin_syllables[c - mc_pinyin_syllables_first];
}

const char *
mc_pinyin_syllable_for (gunichar c)
{
  guint n = syllable_number (c);

  return n > 0 && n <= mc_pinyin_n_syllable_names ? mc_pinyin_syllable_names[n - 1] : NULL;
}

void
mc_pinyin_sort_key (const char *utf8,
                    guint8      key[MC_PINYIN_SORT_KEY_LEN])
{
  const guint text_len = MC_PINYIN_SORT_KEY_LEN - 2;
  gunichar first_char = 0;
  const char *p;
  guint n = 0;

  memset (key, 0, MC_PINYIN_SORT_KEY_LEN);
  if (utf8 == NULL)
    return;

  for (p = utf8; *p != '\0' && n + 3 <= text_len;)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);
      guint number = 0;
      guint8 first;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          p++;
          continue;
        }
      p = g_utf8_next_char (p);
      if (c < 0x80)
        {
          if (g_ascii_isalpha (c))
            first = g_ascii_tolower (c);
          else if (g_ascii_isdigit (c))
            first = c;
          else
            continue;
        }
      else if (g_unichar_isspace (c) || g_unichar_ispunct (c))
        continue;
      else if ((number = syllable_number (c)) > 0)
        first = (guint8) mc_pinyin_syllable_names[number - 1][0];
      else
        {
          /* No reading: after z, by codepoint. */
          first = 0x7f;
          number = c & 0xffff;
        }
      if (first_char == 0)
        first_char = c;
      key[n++] = first;
      key[n++] = (number >> 8) & 0xff;
      key[n++] = number & 0xff;
    }
  /* Names that read the same (张三, 章三) keep their characters together. */
  key[text_len] = (first_char >> 8) & 0xff;
  key[text_len + 1] = first_char & 0xff;
}
