#!/usr/bin/env bash
# Runs the test suite (or the named tests) N times in a row while two CPU hogs keep both
# cores busy, and prints how many runs passed. A flaky test is a failing test: this is how
# to find one before CI does.
#
#   build-aux/stress-tests.sh [N] [TEST…]       e.g. build-aux/stress-tests.sh 10 test-window
#
# N defaults to 5; without TEST every test of the build runs. Builds into $BUILDDIR
# (default: build, set up if missing). Failed runs keep their log as
# $BUILDDIR/stress-logs/run-K.log. Exits 0 only when every run passed.
set -euo pipefail

cd "$(dirname "$0")/.."

runs=${1:-5}
if [ "$#" -gt 0 ]; then
  shift
fi
case $runs in
  ''|*[!0-9]*|0)
    echo "usage: $0 [N] [TEST…]  (N: how many runs, at least 1)" >&2
    exit 2
    ;;
esac

builddir=${BUILDDIR:-build}
hogs=${STRESS_HOGS:-2}

if [ ! -f "$builddir/build.ninja" ]; then
  meson setup "$builddir"
fi
meson compile -C "$builddir"

hog_pids=()
stop_hogs() {
  if [ "${#hog_pids[@]}" -gt 0 ]; then
    kill "${hog_pids[@]}" 2>/dev/null || true
    wait "${hog_pids[@]}" 2>/dev/null || true
  fi
}
trap stop_hogs EXIT
trap 'exit 130' INT TERM

for _ in $(seq "$hogs"); do
  # A busy loop in its own process: one core each, nothing written anywhere.
  sh -c 'while :; do :; done' &
  hog_pids+=("$!")
done
echo "stress: $hogs CPU hogs running (pids ${hog_pids[*]}); $runs runs of ${*:-every test}"

logdir=$builddir/stress-logs
mkdir -p "$logdir"
passed=0
failed=0
for k in $(seq "$runs"); do
  start=$(date +%s)
  if build-aux/xvfb-test.sh meson test -C "$builddir" --num-processes 1 --print-errorlogs "$@" \
       >"$logdir/run-$k.log" 2>&1; then
    passed=$((passed + 1))
    result=passed
    rm -f "$logdir/run-$k.log"
  else
    failed=$((failed + 1))
    result="FAILED (log: $logdir/run-$k.log)"
  fi
  echo "run $k/$runs: $result in $(( $(date +%s) - start )) s (load $(cut -d' ' -f1-3 /proc/loadavg))"
done

echo "$passed of $runs runs passed"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
