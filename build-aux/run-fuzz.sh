#!/usr/bin/env bash
# build-aux/run-fuzz.sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the libFuzzer targets of tests/fuzz (clang, -fsanitize=fuzzer,address,undefined,
# build dir build-fuzz) and runs each for a while over its seed corpus. Exits non-zero if
# any target crashed, leaked, hit undefined behaviour or a GLib critical; prints one
# summary line per target. A crashing input is kept as build-fuzz/artifacts/<target>-crash-*
# (rerun it: build-fuzz/tests/fuzz/fuzz-<target> FILE).
#
#   build-aux/run-fuzz.sh                 every target, 25 s each (MC_FUZZ_SECONDS)
#   build-aux/run-fuzz.sh 600 csv import  those targets, 600 s each
#   MC_FUZZ_MERGE=1 build-aux/run-fuzz.sh 600
#                                         then add to tests/fuzz/corpus/<target> the inputs
#                                         found that reach new code (libFuzzer -merge=1)

set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds="${1:-${MC_FUZZ_SECONDS:-25}}"
shift || true
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in tests/fuzz/fuzz-*.c; do
    name="${f#tests/fuzz/fuzz-}"
    targets+=("${name%.c}")
  done
fi

builddir=build-fuzz
if ! command -v clang >/dev/null 2>&1; then
  echo "run-fuzz.sh: clang is not installed (apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi
if [[ ! -f "$builddir/meson-private/coredata.dat" ]]; then
  CC=clang meson setup "$builddir" -Dfuzzing=true -Dgui=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C "$builddir" $(printf 'tests/fuzz/fuzz-%s ' "${targets[@]}") >/dev/null

# Criticals are bugs; every block a malloc, so ASan sees it; UB stops the run.
export G_DEBUG=fatal-criticals G_SLICE=always-malloc
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1"
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0"
# Targets that parse JSON with json-glib say "run-fuzz: full-malloc-stacks" in their source:
# json-glib leaks on some bad input, and its leaks are told from ours (tests/fuzz/lsan.supp)
# only with a full stack for every allocation (GLib has no frame pointers), which makes
# fuzzing ten times slower. So they fuzz without leak checks, then run every input of their
# corpus once more with leak checks and full stacks.
export LC_ALL=C.UTF-8

mkdir -p "$builddir/artifacts"
status=0
summary=()
for t in "${targets[@]}"; do
  exe="$builddir/tests/fuzz/fuzz-$t"
  seeds="tests/fuzz/corpus/$t"
  work="$builddir/corpus/$t"
  log="$builddir/fuzz-$t.log"
  mkdir -p "$work" "$seeds"
  rc=0
  leaks=1
  grep -q 'run-fuzz: full-malloc-stacks' "tests/fuzz/fuzz-$t.c" && leaks=0
  # New inputs go to the work corpus (first directory), never into the committed seeds.
  ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=$leaks" \
  "$exe" -max_total_time="$seconds" -print_final_stats=1 -timeout=60 -rss_limit_mb=2048 \
    -detect_leaks=$leaks -max_len=8192 -artifact_prefix="$builddir/artifacts/$t-" \
    "$work" "$seeds" >"$log" 2>&1 || rc=$?
  if ((rc == 0 && leaks == 0)); then
    ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0" \
    "$exe" -runs=0 -detect_leaks=1 -max_len=8192 -artifact_prefix="$builddir/artifacts/$t-" \
      "$work" "$seeds" >"$log.leaks" 2>&1 || { rc=$?; cat "$log.leaks" >>"$log"; }
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  inputs=$(find "$work" -type f | wc -l)
  if ((rc != 0)); then
    status=1
    summary+=("fuzz $t: FAILED (exit $rc) after ${runs:-?} runs; see $log and $builddir/artifacts/")
    grep -m5 -E 'ERROR: |runtime error|CRITICAL|ERROR \*\*|Assertion|assertion' "$log" | sed 's/^/    /' >&2 || true
  else
    summary+=("fuzz $t: ok, ${runs:-0} runs in ${seconds} s (${secs:-0}/s), corpus ${inputs} inputs, no crash")
  fi
  if [[ "${MC_FUZZ_MERGE:-0}" == 1 && $rc == 0 ]]; then
    # Into the seeds, only the inputs of the run that reach something new.
    "$exe" -merge=1 -detect_leaks=0 -max_len=8192 "$seeds" "$work" >/dev/null 2>&1
  fi
done

echo "Fuzzing (${#targets[@]} targets, ${seconds} s each):"
printf '  %s\n' "${summary[@]}"
exit "$status"
