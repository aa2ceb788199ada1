#!/usr/bin/env python3
# build-aux/test-summary.py BUILDDIR...
# SPDX-License-Identifier: GPL-3.0-or-later
#
# One plain closing line, "N passed, N failed, N skipped", over the meson test logs
# (testlog*.json) of the given build directories.
import json
import pathlib
import sys

passed = failed = skipped = 0
for builddir in sys.argv[1:]:
    for log in sorted(pathlib.Path(builddir, "meson-logs").glob("testlog*.json")):
        for line in log.read_text().splitlines():
            result = json.loads(line).get("result")
            if result in ("OK", "EXPECTEDFAIL"):
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
print(f"{passed} passed, {failed} failed, {skipped} skipped")
