/* mc-pinyin.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The lowercase ASCII initial ('a'..'z') of the most common Mandarin reading of @c
 * (CJK Unified Ideographs and Extension A, from Unihan kMandarin), or 0 when @c is not
 * such a character or has no reading. zh/ch/sh give z/c/s. */
gunichar mc_pinyin_initial_for      (gunichar    c);

/* The search key of a name: for each CJK ideograph its initial, ASCII letters lowercased,
 * ASCII digits as they are; everything else (spaces, punctuation, emoji, other scripts,
 * invalid UTF-8) is dropped. "张三" gives "zs", "Tom 张" gives "tomz". Free with g_free(). */
char    *mc_pinyin_initials         (const char *utf8);

/* The pinyin syllable of @c without tone ("zhang" for 张, "lv" for 绿: u-umlaut as v), from
 * its first kMandarin reading; NULL when @c is not a CJK ideograph with one. */
const char *mc_pinyin_syllable_for  (gunichar    c);

/* A sort key for a name, MC_PINYIN_SORT_KEY_LEN bytes compared with memcmp(): names in the
 * order of their pinyin, syllable by syllable, as a contacts list sorts them: 李四 (li) <
 * 王五 (wang) < 张三 (zhang) < 赵六 (zhao) < 周七 (zhou). Three bytes a character for the
 * first ten: the syllable's first letter and its number in alphabetical order (an ASCII
 * letter, any case, or digit: itself and zeros, so "Lily" comes before 李); zeros after
 * the end (a name before its longer forms); spaces and punctuation skipped; characters
 * without a reading after z. The last two bytes hold the first character, so names that
 * read the same (张三, 章三) keep their characters together. Polyphonic characters take
 * their first reading (曾 is ceng, not the surname's zeng). */
#define MC_PINYIN_SORT_KEY_LEN 32
void     mc_pinyin_sort_key         (const char *utf8,
                                     guint8      key[MC_PINYIN_SORT_KEY_LEN]);

/* How many codepoints in @first..@last (inclusive) have an initial in the table. */
guint    mc_pinyin_table_coverage   (gunichar    first,
                                     gunichar    last);

G_END_DECLS
