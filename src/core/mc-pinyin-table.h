/* mc-pinyin-table.h
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The table of pinyin initials, generated at build time from data/pinyin-initials.txt by
 * build-aux/pinyin-table-to-c.py (mc-pinyin-table.c in the build directory).
 * Private to mc-pinyin.c: everything else goes through mc-pinyin.h.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MC_PINYIN_BLOCK_SIZE 64

/* Codepoint of the first character of mc_pinyin_blocks[0]. */
extern const gunichar mc_pinyin_table_first;
/* Number of entries in mc_pinyin_blocks. */
extern const guint mc_pinyin_table_n_blocks;
/* Block i covers mc_pinyin_table_first + i * 64 onwards: MC_PINYIN_BLOCK_SIZE characters,
 * each a lowercase initial or '_' for no reading; NULL when no codepoint in it has one. */
extern const char *const mc_pinyin_blocks[];

/* Syllables (generated from data/pinyin-syllables.txt by build-aux/pinyin-syllables-to-c.py
 * into mc-pinyin-syllables.c): mc_pinyin_syllables[c - mc_pinyin_syllables_first] for
 * the mc_pinyin_syllables_n codepoints from there is 0 (no reading) or 1 + the number of
 * the syllable in mc_pinyin_syllable_names, which is in alphabetical order. */
extern const gunichar mc_pinyin_syllables_first;
extern const guint mc_pinyin_syllables_n;
extern const guint mc_pinyin_n_syllable_names;
extern const char *const mc_pinyin_syllable_names[];
extern const guint16 mc_pinyin_syllables[];

G_END_DECLS
