#!/usr/bin/env bash
# build-aux/run-tests.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sets everything up on a fresh Debian 12, builds, and runs every test headless
# (Xvfb + a private session bus). The exit status is meson test's.
#
#   build-aux/run-tests.sh                  build dir build-tests
#   MC_SANITIZE=1 build-aux/run-tests.sh    build dir build-asan, ASan + UBSan
#   build-aux/run-tests.sh --suite data     extra arguments go to `meson test`

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

build-aux/install-deps.sh
# PouchDB Server for the sync tests, from npm into a cache folder (once).
# (Without it the sync tests try again themselves, and fail unless npm is missing altogether.)
if MC_POUCHDB_SERVER="$(build-aux/install-pouchdb.sh)"; then
  export MC_POUCHDB_SERVER
fi

builddir=build-tests
setup_opts=()
if [[ "${MC_SANITIZE:-0}" == 1 ]]; then
  builddir=build-asan
  setup_opts=('-Db_sanitize=address,undefined' -Db_lundef=false)
  # GLib 2.74 still has the slice allocator: make every block a malloc so the
  # sanitizers see them.
  export G_SLICE=always-malloc
  export G_DEBUG="${G_DEBUG:+$G_DEBUG,}gc-friendly"
  # Undefined behaviour fails the test it happens in, instead of a line on stderr.
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:print_stacktrace=1"
fi

if [[ -f "$builddir/meson-private/coredata.dat" ]]; then
  if ((${#setup_opts[@]} > 0)); then
    meson configure "$builddir" "${setup_opts[@]}"
  fi
else
  meson setup "$builddir" "${setup_opts[@]}"
fi
ninja -C "$builddir"
rm -f "$builddir"/meson-logs/testlog*.json

status=0
# -noreset: an X server resets when its last client leaves, and a test that connects
# during the reset finds no display (seen as "cannot open display" between two tests).
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp -noreset" \
  dbus-run-session -- \
  meson test -C "$builddir" --print-errorlogs --num-processes 2 "$@" || status=$?

# The core's tests once more under valgrind: no errors, no definite leaks. (Not in the
# sanitizer build: the two do not mix.)
if [[ "${MC_SANITIZE:-0}" != 1 && "${MC_VALGRIND:-1}" == 1 ]]; then
  meson test -C "$builddir" --setup valgrind --suite core --print-errorlogs --num-processes 2 \
    --logbase testlog-valgrind || status=$?
fi

# One plain closing line: every test run above, counted.
python3 build-aux/test-summary.py "$builddir" || true
exit "$status"
