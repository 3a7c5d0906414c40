#!/bin/sh
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined) straight from
# the engine sources and runs each for a bounded time, in parallel.
#
#   fuzz/run-fuzzers.sh [SECONDS] [TARGET…]      targets: config date (default: both)
#
# SECONDS defaults to 600 per target; 0 only replays the seed corpus (what CI does).
# Each target's corpus grows in $FUZZ_WORK/corpus-TARGET (seeded from tests/fuzz-corpus/),
# its log is $FUZZ_WORK/TARGET.log, crashes land in $FUZZ_WORK/artifacts-TARGET/.
# Environment: FUZZ_WORK (default _build-fuzz), CC (default clang), FUZZ_ARGS (more
# libFuzzer flags). Exit status: 0 when every target ended without a finding.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
[ $# -gt 0 ] && shift
targets=${*:-config date}
work=${FUZZ_WORK:-$top/_build-fuzz}
cc=${CC:-clang}

if ! command -v "$cc" >/dev/null 2>&1; then
  echo "run-fuzzers: $cc is not installed (apt-get install -y clang)" >&2
  exit 2
fi

mkdir -p "$work"
cat > "$work/config.h" <<CONF
#pragma once
#define APP_ID "io.github.cedarstore.CedarStore"
#define GETTEXT_PACKAGE "cedar-store"
#define LOCALEDIR "/usr/local/share/locale"
#define PACKAGE_VERSION "fuzz"
CONF

# The parsers and what they pull in; no libburn/libisofs code runs, but the headers need them.
engine="cs-calendar.c cs-config.c cs-config-fields.c cs-error.c cs-media.c cs-staging.c cs-staging-access.c cs-types.c"
sources=""
for f in $engine; do sources="$sources $top/src/engine/$f"; done
# shellcheck disable=SC2046
flags="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
  -fno-sanitize-recover=undefined -std=gnu17 -Wall -Wextra -Wno-unused-parameter \
  -Wno-missing-field-initializers -DG_LOG_DOMAIN=\"cedar-store\" \
  -DGLIB_VERSION_MIN_REQUIRED=GLIB_VERSION_2_74 -DGLIB_VERSION_MAX_ALLOWED=GLIB_VERSION_2_74 \
  -I$work -I$top/src/engine"
pkgs="glib-2.0 gobject-2.0 gio-2.0 gio-unix-2.0 libburn-1 libisofs-1 blkid"

for t in $targets; do
  # shellcheck disable=SC2086
  $cc $flags $(pkg-config --cflags $pkgs) -o "$work/fuzz-$t" "$top/fuzz/fuzz-$t.c" $sources \
    $(pkg-config --libs $pkgs) -lm
done

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

status=0
pids=""
for t in $targets; do
  corpus="$work/corpus-$t"
  artifacts="$work/artifacts-$t"
  mkdir -p "$corpus" "$artifacts"
  if [ "$seconds" -gt 0 ]; then
    # shellcheck disable=SC2086
    "$work/fuzz-$t" -max_total_time="$seconds" -print_final_stats=1 -max_len=8192 \
      -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} "$corpus" "$top/tests/fuzz-corpus/$t" \
      > "$work/$t.log" 2>&1 &
  else
    # Replay only: every seed once.
    # shellcheck disable=SC2086
    "$work/fuzz-$t" -runs=0 -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-} \
      "$top/tests/fuzz-corpus/$t" > "$work/$t.log" 2>&1 &
  fi
  pids="$pids $!:$t"
done

for p in $pids; do
  pid=${p%%:*}
  t=${p#*:}
  if wait "$pid"; then
    result=ok
  else
    result=FAILED
    status=1
  fi
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$t.log" | tail -1 | grep -o '[0-9]*$' || true)
  if [ -z "$runs" ]; then
    # -fork=N mode prints "#RUNS: cov: …" lines instead of final stats.
    runs=$(grep -o '^#[0-9]*:' "$work/$t.log" | tail -1 | tr -d '#:' || true)
  fi
  cov=$(grep -o 'cov: [0-9]*' "$work/$t.log" | tail -1 || true)
  echo "fuzz-$t: $result, ${runs:-?} executions, ${cov:-cov: ?} (log $work/$t.log)"
  if [ "$result" = FAILED ]; then
    grep -E 'ERROR: |SUMMARY: |Test unit written' "$work/$t.log" | head -5 >&2 || true
  fi
done
exit $status
