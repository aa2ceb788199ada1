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

/* A sort key for a name, MC_PINYIN_SORT_KEY_LEN bytes compared with memcmp(): four bytes a
 * character for its first MC_PINYIN_SORT_KEY_LEN / 4 characters, the pinyin initial (or
 * the lowercase ASCII letter, or the digit) first, then the codepoint; zeros after the
 * end, so a name sorts before its longer forms. "李四" < "王五" < "张三": names group by
 * initial, then by character (one surname together). Spaces and punctuation are skipped;
 * other characters sort after Z, by codepoint. */
#define MC_PINYIN_SORT_KEY_LEN 32
void     mc_pinyin_sort_key         (const char *utf8,
                                     guint8      key[MC_PINYIN_SORT_KEY_LEN]);

/* How many codepoints in @first..@last (inclusive) have an initial in the table. */
guint    mc_pinyin_table_coverage   (gunichar    first,
                                     gunichar    last);

G_END_DECLS
