#!/usr/bin/env python3
# gen-pinyin-table.py
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Regenerates data/pinyin-initials.txt, the committed table of pinyin initials of the
# CJK Unified Ideographs (U+4E00..U+9FFF) and Extension A (U+3400..U+4DBF), from the
# kMandarin field of the Unihan database (Debian package `unicode-data`).
#
# Usage: build-aux/gen-pinyin-table.py [UNIHAN_READINGS [OUTPUT]]
#   UNIHAN_READINGS  Unihan_Readings.txt, .txt.bz2, or Unihan.zip
#                    (default /usr/share/unicode/Unihan_Readings.txt.bz2)
#   OUTPUT           default: data/pinyin-initials.txt in this source tree
#
# Each output line is `<first codepoint hex> <64 characters>`: character i is the initial
# letter of the first kMandarin reading of codepoint first+i, tone marks removed (zh, ch,
# sh count as z, c, s), or `_` when Unihan gives no reading. The build turns it into C with
# build-aux/pinyin-table-to-c.py; it never needs unicode-data.

import bz2
import io
import os
import re
import sys
import unicodedata
import zipfile

USAGE = 'usage: gen-pinyin-table.py [UNIHAN_READINGS [OUTPUT]]'
DEFAULT_SOURCE = '/usr/share/unicode/Unihan_Readings.txt.bz2'
BLOCK = 64
RANGES = [
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
]
NO_READING = '_'


def open_readings(path):
    if path.endswith('.zip'):
        archive = zipfile.ZipFile(path)
        return io.TextIOWrapper(archive.open('Unihan_Readings.txt'), encoding='utf-8')
    if path.endswith('.bz2'):
        return bz2.open(path, 'rt', encoding='utf-8')
    return open(path, 'rt', encoding='utf-8')


def initial_of(reading):
    """The lowercase ASCII initial of a pinyin syllable such as 'zhǎng', or None."""
    decomposed = unicodedata.normalize('NFD', reading)
    bare = ''.join(ch for ch in decomposed if not unicodedata.combining(ch))
    if not bare:
        return None
    first = bare[0].lower()
    return first if 'a' <= first <= 'z' else None


def read_unihan(path):
    """Returns (unicode_version, {codepoint: initial})."""
    version = None
    initials = {}
    with open_readings(path) as f:
        for lineno, line in enumerate(f, 1):
            if line.startswith('#'):
                m = re.match(r'#\s*Unicode version:\s*(\S+)', line)
                if m and version is None:
                    version = m.group(1)
                continue
            line = line.rstrip('\n')
            if not line:
                continue
            fields = line.split('\t', 2)
            if len(fields) != 3 or not fields[0].startswith('U+'):
                sys.exit(f'{path}:{lineno}: not a Unihan line: {line!r}')
            if fields[1] != 'kMandarin':
                continue
            cp = int(fields[0][2:], 16)
            readings = fields[2].split()
            letter = initial_of(readings[0]) if readings else None
            if letter is None:
                print(f'{path}:{lineno}: U+{cp:04X}: no initial in {fields[2]!r}, '
                      f'using {NO_READING}', file=sys.stderr)
                continue
            initials[cp] = letter
    if version is None:
        sys.exit(f'{path}: no "Unicode version:" line in the header')
    return version, initials


def main(argv):
    if len(argv) > 1 and argv[1] in ('-h', '--help'):
        print(USAGE)
        return 0
    if len(argv) > 3:
        print(USAGE, file=sys.stderr)
        return 2
    source = argv[1] if len(argv) > 1 else DEFAULT_SOURCE
    here = os.path.dirname(os.path.abspath(__file__))
    default_output = os.path.join(here, '..', 'data', 'pinyin-initials.txt')
    output = argv[2] if len(argv) > 2 else os.path.normpath(default_output)

    version, initials = read_unihan(source)

    lines = [
        '# pinyin-initials.txt: pinyin initials of CJK ideographs, for name search.',
        '# Source: Unihan database, Unihan_Readings.txt, field kMandarin (first reading),',
        f'#   Unicode version {version}.',
        '# Regenerate (needs the Debian package unicode-data):',
        '#   build-aux/gen-pinyin-table.py /usr/share/unicode/Unihan_Readings.txt.bz2',
        '# Format: "<first codepoint hex> <64 characters>", one line per block of 64',
        '#   codepoints; each character is the lowercase initial letter of that codepoint\'s',
        '#   reading without tone marks (zh/ch/sh give z/c/s), or "_" for no reading.',
        '# Ranges: ' + ', '.join(f'U+{a:04X}..U+{b:04X}' for a, b in RANGES) + '.',
    ]
    covered = 0
    total = 0
    for first, last in RANGES:
        assert first % BLOCK == 0 and (last + 1) % BLOCK == 0, 'ranges must be whole blocks'
        for start in range(first, last + 1, BLOCK):
            row = ''.join(initials.get(cp, NO_READING) for cp in range(start, start + BLOCK))
            covered += BLOCK - row.count(NO_READING)
            total += BLOCK
            lines.append(f'{start:04X} {row}')

    tmp = output + '.tmp'
    with open(tmp, 'w', encoding='ascii', newline='\n') as f:
        f.write('\n'.join(lines) + '\n')
    os.replace(tmp, output)
    print(f'{output}: Unicode {version}, {covered} of {total} codepoints have a reading',
          file=sys.stderr)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
