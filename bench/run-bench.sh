#!/usr/bin/env bash
# run-bench.sh – whole store to an image file, Cedar Store vs the xorriso reference, alternating.
#
#   bench/run-bench.sh [-n RUNS] [-w WORKDIR] [-b BUILDDIR] [big|small|mixed ...]
#
# For each shape it makes (once, kept in WORKDIR) a staging day with ../shared/bench/mkstage.sh,
# warms the page cache, then runs RUNS times: our `cedar-store --headless --full` (find-day,
# build, write, mount-compare, indicator) and ../shared/bench/xorriso-store.sh (build+write with
# Rock Ridge, Joliet and MD5s, then -compare_r) on the same day, alternately. It prints the
# medians of wall time and peak RSS (GNU time) and the ratios ours/xorriso, plus the machine's
# copy floor (cp, and cp + sync, of a file of the image's size) and the MD5 floor for
# throughput.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/bench-common.sh"
bench_options "n:w:b:" "[-n RUNS] [-w WORKDIR] [-b BUILDDIR] [big|small|mixed ...]" "$@"
bench_need "$shared/mkstage.sh" "$shared/xorriso-store.sh" "$bin" "$build/bench/md5-floor" /usr/bin/time xorriso
mkdir -p "$work"

for shape in "${shapes[@]}"; do
  bench_stage_day "$shape"
  ours_iso=$work/$shape/ours.iso
  ref_iso=$work/$shape/xorriso.iso
  # Warm the page cache with one read of the day.
  find "$day" -type f -exec cat {} + > /dev/null

  : > "$work/$shape/ours.txt"
  : > "$work/$shape/ref.txt"
  for i in $(seq "$runs"); do
    # Each run starts with no dirty pages left by the previous one (the cache stays warm):
    # otherwise whichever tool runs second pays for the other's write-back.
    rm -f "$ours_iso" "$day/cback.store"
    sync
    /usr/bin/time -f "%e %M" -o "$work/$shape/t" \
      "$bin" --headless --quiet --full --verify --stage-dir "$root" --date "$iso_date" \
      --media-type bd-re --device "stdio:$ours_iso"
    cat "$work/$shape/t" >> "$work/$shape/ours.txt"
    [ -f "$day/cback.store" ] || { echo "our store did not mark the day" >&2; exit 1; }

    rm -f "$ref_iso"
    sync
    /usr/bin/time -f "%e %M" -o "$work/$shape/t" \
      sh "$shared/xorriso-store.sh" "$day" "$date" "$ref_iso" > "$work/$shape/ref.log" 2>&1
    cat "$work/$shape/t" >> "$work/$shape/ref.txt"
  done
  rm -f "$day/cback.store"

  size=$(stat -c %s "$ours_iso")
  # The copy floor: cp of a page-cached file of the image's size, and cp + sync (our store
  # ends with an fdatasync, so that is the fair floor for a durable store); medians of 3.
  dd if=/dev/zero of="$work/$shape/copy-src" bs=1M count=$((size / 1048576 + 1)) status=none
  sync
  cat "$work/$shape/copy-src" > /dev/null
  : > "$work/$shape/copy.txt"
  for i in 1 2 3; do
    t0=$(date +%s.%N)
    cp "$work/$shape/copy-src" "$work/$shape/copy-dst"
    t1=$(date +%s.%N)
    sync "$work/$shape/copy-dst"
    t2=$(date +%s.%N)
    echo "$t0 $t1 $t2" | awk '{print $2 - $1, $3 - $1}' >> "$work/$shape/copy.txt"
    rm -f "$work/$shape/copy-dst"
    sync
  done
  rm -f "$work/$shape/copy-src"
  copy=$(awk '{print $1}' "$work/$shape/copy.txt" | median)
  durable=$(awk '{print $2}' "$work/$shape/copy.txt" | median)
  # libisofs hashes every byte twice (file and session MD5) in one thread: the bound for
  # the write step of any store that records both (bench/md5-floor.c).
  md5=$("$build/bench/md5-floor" "$size" | awk '{print $1}')

  ot=$(awk '{print $1}' "$work/$shape/ours.txt" | median)
  om=$(awk '{print $2}' "$work/$shape/ours.txt" | median)
  rt=$(awk '{print $1}' "$work/$shape/ref.txt" | median)
  rm_=$(awk '{print $2}' "$work/$shape/ref.txt" | median)
  awk -v s="$shape" -v ot="$ot" -v om="$om" -v rt="$rt" -v rm="$rm_" -v size="$size" -v cp="$copy" -v dcp="$durable" -v md5="$md5" -v n="$runs" 'BEGIN {
    printf "%-6s runs %d  image %.1f MiB\n", s, n, size / 1048576
    printf "  ours     %7.2f s  %7.1f MiB peak RSS\n", ot, om / 1024
    printf "  xorriso  %7.2f s  %7.1f MiB peak RSS\n", rt, rm / 1024
    printf "  ratio    %7.2f time  %5.2f memory   (target <= 0.80 time, <= 1.00 memory)\n", ot / rt, om / rm
    printf "  cp floor %7.2f s, with sync %.2f s, for %.1f MiB   (ours / cp+sync %.2f)\n", cp, dcp, size / 1048576, ot / dcp
    printf "  md5 floor%7.2f s   (libisofs: file + session MD5 of every byte in one thread)\n", md5
  }'
done
