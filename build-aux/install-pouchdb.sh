#!/usr/bin/env bash
# build-aux/install-pouchdb.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Installs PouchDB Server (the npm package pouchdb-server), the CouchDB-protocol server the
# sync tests start on loopback, into a cache folder; does nothing when it is there already.
# Prints the path of its pouchdb-server program.
#
#   MC_NPM_PREFIX   the cache folder (default /var/cache/member-console/npm, or
#                   ~/.cache/member-console/npm when that is not writable)

set -euo pipefail

version=4.2.0
prefix="${MC_NPM_PREFIX:-/var/cache/member-console/npm}"
if ! mkdir -p "$prefix" 2>/dev/null || [[ ! -w "$prefix" ]]; then
  prefix="${XDG_CACHE_HOME:-$HOME/.cache}/member-console/npm"
  mkdir -p "$prefix"
fi
bin="$prefix/node_modules/.bin/pouchdb-server"

if [[ ! -x "$bin" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "install-pouchdb.sh: npm is not installed (build-aux/install-deps.sh installs it)" >&2
    exit 1
  fi
  echo "install-pouchdb.sh: installing pouchdb-server $version into $prefix" >&2
  npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error "pouchdb-server@$version" >&2
fi
echo "$bin"
