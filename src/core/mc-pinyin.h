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

/* How many codepoints in @first..@last (inclusive) have an initial in the table. */
guint    mc_pinyin_table_coverage   (gunichar    first,
                                     gunichar    last);

G_END_DECLS
