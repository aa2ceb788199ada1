#!/usr/bin/env python3
# gen-pinyin-syllables.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Regenerates data/pinyin-syllables.txt, the committed table of the pinyin syllable (without
# tone) of each CJK Unified Ideograph (U+4E00..U+9FFF) and Extension A (U+3400..U+4DBF),
# from the first kMandarin reading in the Unihan database (Debian package `unicode-data`).
# Names sort by it (mc_pinyin_sort_key): 张 (zhang) < 赵 (zhao) < 周 (zhou).
#
# Usage: build-aux/gen-pinyin-syllables.py [UNIHAN_READINGS [OUTPUT]]
#   (defaults as for gen-pinyin-table.py; OUTPUT default data/pinyin-syllables.txt)
#
# The syllables are numbered in alphabetical order (ü written v, after u); each block line
# is `<first codepoint hex> <64 tokens>`, a token the syllable's number in base 36, two
# digits, or `__` for no reading. The build turns it into C with
# build-aux/pinyin-syllables-to-c.py; it never needs unicode-data.

import os
import sys
import unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
gen = __import__('gen-pinyin-table')

DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'


def syllable_of(reading):
    """'zhǎng' -> 'zhang', 'lǜ' -> 'lv'; None when it is not a pinyin syllable."""
    decomposed = unicodedata.normalize('NFD', reading.lower()).replace('u\u0308', 'v')
    bare = ''.join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare if bare and all('a' <= ch <= 'z' for ch in bare) else None


def read_syllables(path):
    version = None
    syllables = {}
    with gen.open_readings(path) as f:
        for line in f:
            if line.startswith('#'):
                if version is None and 'Unicode version:' in line:
                    version = line.split('Unicode version:', 1)[1].strip()
                continue
            fields = line.rstrip('\n').split('\t', 2)
            if len(fields) != 3 or fields[1] != 'kMandarin':
                continue
            s = syllable_of(fields[2].split()[0]) if fields[2].split() else None
            if s is not None:
                syllables[int(fields[0][2:], 16)] = s
    return version, syllables


def main(argv):
    source = argv[1] if len(argv) > 1 else gen.DEFAULT_SOURCE
    here = os.path.dirname(os.path.abspath(__file__))
    output = argv[2] if len(argv) > 2 else os.path.normpath(
        os.path.join(here, '..', 'data', 'pinyin-syllables.txt'))
    version, syllables = read_syllables(source)
    names = sorted(set(syllables.values()))
    if len(names) > 36 * 36 - 1:
        sys.exit(f'{len(names)} syllables do not fit in two base-36 digits')
    rank = {name: i for i, name in enumerate(names)}

    lines = [
        '# pinyin-syllables.txt: the pinyin syllable of CJK ideographs, for sorting names.',
        '# Source: Unihan database, Unihan_Readings.txt, field kMandarin (first reading),',
        f'#   Unicode version {version}.',
        '# Regenerate (needs the Debian package unicode-data):',
        '#   build-aux/gen-pinyin-syllables.py /usr/share/unicode/Unihan_Readings.txt.bz2',
        '# Format: "syllables <names in alphabetical order>", then one line per block of 64',
        '#   codepoints: "<first codepoint hex> <64 tokens>", each token the number of the',
        '#   codepoint\'s syllable (tone marks removed, u-umlaut as v) in base 36, two digits,',
        '#   or "__" for no reading.',
        '# Ranges: ' + ', '.join(f'U+{a:04X}..U+{b:04X}' for a, b in gen.RANGES) + '.',
        'syllables ' + ' '.join(names),
    ]
    for first, last in gen.RANGES:
        for start in range(first, last + 1, gen.BLOCK):
            tokens = []
            for cp in range(start, start + gen.BLOCK):
                s = syllables.get(cp)
                tokens.append('__' if s is None else DIGITS[rank[s] // 36] + DIGITS[rank[s] % 36])
            lines.append(f'{start:04X} ' + ''.join(tokens))
    tmp = output + '.tmp'
    with open(tmp, 'w', encoding='ascii', newline='\n') as f:
        f.write('\n'.join(lines) + '\n')
    os.replace(tmp, output)
    print(f'{output}: Unicode {version}, {len(names)} syllables, {len(syllables)} codepoints',
          file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
