/* test-pinyin.c
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "mc-core"

#include "config.h"

#include <locale.h>

#include "core/mc-pinyin.h"

static void
assert_initials (const char *name,
                 const char *expected)
{
  g_autofree char *initials = mc_pinyin_initials (name);

  g_assert_cmpstr (initials, ==, expected);
}

static void
test_two_characters (void)
{
  assert_initials ("张三", "zs");
  assert_initials ("李四", "ls");
}

static void
test_three_characters (void)
{
  assert_initials ("王小明", "wxm");
}

static void
test_compound_surname (void)
{
  assert_initials ("欧阳娜娜", "oynn");
}

static void
test_single_character (void)
{
  assert_initials ("陈", "c");
  g_assert_cmpuint (mc_pinyin_initial_for (0x9648 /* 陈 chén */), ==, 'c');
}

static void
test_polyphonic (void)
{
  /* The table has the first kMandarin reading only, which is not always the surname's:
   * 曾 is céng (the surname is Zēng), 长 is zhǎng (the surname is Cháng). */
  assert_initials ("曾", "c");
  assert_initials ("长", "z");
  assert_initials ("長", "z");
}

static void
test_mixed_latin (void)
{
  assert_initials ("Tom 张", "tomz");
  assert_initials ("ANNA李", "annal");
  assert_initials ("张3丰", "z3f");
  assert_initials ("VIP-007 王", "vip007w");
}

static void
test_empty (void)
{
  assert_initials ("", "");
  assert_initials ("   ", "");
}

static void
test_dropped (void)
{
  /* Emoji, CJK and ASCII punctuation, full-width spaces, other scripts, and hexagram
   * U+4DC0 (between Extension A and the main block) give nothing. */
  assert_initials ("😀张·三！", "zs");
  assert_initials ("“王”，（小）。明\u3000", "wxm");
  assert_initials ("Zoë", "zo");
  assert_initials ("\u4DC0\u3007", "");
  assert_initials ("Ω李", "l");
  g_assert_cmpuint (mc_pinyin_initial_for ('a'), ==, 0);
  g_assert_cmpuint (mc_pinyin_initial_for (0x1F600), ==, 0);
  g_assert_cmpuint (mc_pinyin_initial_for (0x4DC0), ==, 0);
  g_assert_cmpuint (mc_pinyin_initial_for (0x20000), ==, 0);
  g_assert_cmpuint (mc_pinyin_initial_for (G_MAXUINT32), ==, 0);
}

static void
test_invalid_utf8 (void)
{
  /* A stray byte and a truncated sequence are dropped; what is valid around them stays. */
  assert_initials ("a\xff张\xe5\xbc", "az");
  assert_initials ("\xe5\xbc\xa0\xc0\xaf三", "zs");
}

static void
test_extension_a (void)
{
  /* U+3400 㐀 qiū, U+4DB5 䶵 chí: the first and a late character of Extension A. */
  assert_initials ("㐀", "q");
  assert_initials ("䶵", "c");
  g_assert_cmpuint (mc_pinyin_initial_for (0x3400), ==, 'q');
  g_assert_cmpuint (mc_pinyin_initial_for (0x33FF), ==, 0);
}

static void
test_coverage (void)
{
  guint main_block = mc_pinyin_table_coverage (0x4E00, 0x9FFF);
  guint extension_a = mc_pinyin_table_coverage (0x3400, 0x4DBF);

  g_test_message ("readings: %u of 20992 in U+4E00..U+9FFF, %u of 6592 in U+3400..U+4DBF",
                  main_block, extension_a);

  g_assert_cmpuint (main_block, >=, 20000);
  g_assert_cmpuint (main_block, <=, 0x9FFF - 0x4E00 + 1);
  g_assert_cmpuint (extension_a, >=, 5000);
  g_assert_cmpuint (extension_a, <=, 0x4DBF - 0x3400 + 1);
  /* The hexagram block between them has no readings; an empty range counts nothing. */
  g_assert_cmpuint (mc_pinyin_table_coverage (0x4DC0, 0x4DFF), ==, 0);
  g_assert_cmpuint (mc_pinyin_table_coverage (0x9FFF, 0x4E00), ==, 0);
  g_assert_cmpuint (mc_pinyin_table_coverage (0, G_MAXUINT32), ==, main_block + extension_a);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pinyin/two-characters", test_two_characters);
  g_test_add_func ("/pinyin/three-characters", test_three_characters);
  g_test_add_func ("/pinyin/compound-surname", test_compound_surname);
  g_test_add_func ("/pinyin/single-character", test_single_character);
  g_test_add_func ("/pinyin/polyphonic", test_polyphonic);
  g_test_add_func ("/pinyin/mixed-latin", test_mixed_latin);
  g_test_add_func ("/pinyin/empty", test_empty);
  g_test_add_func ("/pinyin/dropped", test_dropped);
  g_test_add_func ("/pinyin/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/pinyin/extension-a", test_extension_a);
  g_test_add_func ("/pinyin/coverage", test_coverage);

  return g_test_run ();
}
