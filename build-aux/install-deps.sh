#!/usr/bin/env bash
# build-aux/install-deps.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs everything needed to build, test and run Member Console headless
# on a fresh Debian 12. Idempotent: when every package is already installed
# it does not touch apt at all, so repeated runs take a fraction of a second.
#
#   build-aux/install-deps.sh          install what is missing (as root, or via sudo)
#   build-aux/install-deps.sh --check  only report; exit 1 if something is missing

set -euo pipefail

packages=(
  # build
  meson ninja-build pkg-config gcc libc6-dev
  libglib2.0-dev libglib2.0-bin
  libsqlite3-dev sqlite3
  libjson-glib-dev libsoup-3.0-dev
  libgtk-4-dev libadwaita-1-dev
  libsecret-1-dev
  gettext desktop-file-utils appstream
  # headless tests and driving the GUI
  xvfb xauth dbus-x11 at-spi2-core
  python3 python3-pyatspi python3-dogtail python3-gi gir1.2-gtk-4.0 gir1.2-adw-1
  imagemagick xdotool valgrind
  # fuzzing (build-aux/run-fuzz.sh): libFuzzer
  clang libclang-rt-14-dev
  # the analytics benchmark compares with pandas (bench/mc-bench-analytics.py)
  python3-pandas
  # Chinese text in the window and its screenshots
  fonts-wqy-microhei
  # HTTPS; Node.js for PouchDB Server, the sync tests' server (build-aux/install-pouchdb.sh)
  ca-certificates nodejs
)
# npm: Debian's package, unless a Node.js from elsewhere brought its own.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi

check_only=false
case "${1:-}" in
  --check) check_only=true ;;
  "") ;;
  -h|--help)
    sed -n '5,11p' "$0" | sed 's/^# \{0,1\}//'
    exit 0 ;;
  *)
    echo "install-deps.sh: unknown argument: $1" >&2
    exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps.sh: dpkg-query not found; this script is for Debian 12." >&2
  echo "Install these packages (or your distribution's equivalents) by hand:" >&2
  echo "  ${packages[*]}" >&2
  exit 1
fi

# One dpkg-query call for the whole list: the fast path.
installed="$(dpkg-query -W -f='${db:Status-Status} ${Package}\n' "${packages[@]}" 2>/dev/null \
             | awk '$1 == "installed" { print $2 }' || true)"

missing=()
for pkg in "${packages[@]}"; do
  if ! grep -qxF -- "$pkg" <<<"$installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps.sh: all ${#packages[@]} packages are installed."
  exit 0
fi

echo "install-deps.sh: missing: ${missing[*]}"
if $check_only; then
  exit 1
fi

if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "install-deps.sh: not root and sudo is not available; as root, run:" >&2
  echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y --no-install-recommends "${missing[@]}"
