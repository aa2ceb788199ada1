#!/usr/bin/env bash
# build-aux/run-demo.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Sets everything up on a fresh Debian 12 and opens Member Console on a demo
# workspace (2000 generated members). Without a display it prints the demo
# workspace's summary instead.

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
srcdir="$PWD"
builddir="$srcdir/build"

build-aux/install-deps.sh

if [[ -f "$builddir/meson-private/coredata.dat" ]]; then
  meson setup --reconfigure "$builddir"
else
  meson setup "$builddir"
fi
ninja -C "$builddir"

cli="$builddir/src/cli/member-console-cli"
gui="$builddir/src/gui/member-console"

datadir="${XDG_DATA_HOME:-$HOME/.local/share}/member-console"
DB="$datadir/demo.mcdb"
mkdir -p "$datadir"

if [[ ! -e "$DB" ]]; then
  echo "run-demo.sh: creating the demo workspace $DB"
  if ! "$cli" --db "$DB" demo --members 2000 --seed 1; then
    rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal"
    echo "run-demo.sh: creating the demo workspace failed" >&2
    exit 1
  fi
fi

if [[ -x "$gui" && ( -n "${DISPLAY:-}" || -n "${WAYLAND_DISPLAY:-}" ) ]]; then
  # Run uninstalled: the compiled schema and the icons come from the tree.
  export GSETTINGS_SCHEMA_DIR="$builddir/data${GSETTINGS_SCHEMA_DIR:+:$GSETTINGS_SCHEMA_DIR}"
  export XDG_DATA_DIRS="$srcdir/data:${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
  exec "$gui" --db "$DB"
fi

if [[ ! -x "$gui" ]]; then
  echo "run-demo.sh: the GUI was not built; showing the summary instead."
else
  echo "run-demo.sh: no display (\$DISPLAY or \$WAYLAND_DISPLAY); showing the summary instead."
fi
exec "$cli" --db "$DB" summary
