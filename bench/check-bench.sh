#!/usr/bin/env bash
# check-bench.sh – `cedar-store --check` against xorriso's -check_md5_r on image files, alternating.
#
#   bench/check-bench.sh [-n RUNS] [-w WORKDIR] [-b BUILDDIR] [big|small|mixed ...]
#
# For each shape it makes (once, kept in WORKDIR) the staging day with ../shared/bench/mkstage.sh
# as run-bench.sh does, and an image file of it stored by `cedar-store --headless --full`. With
# the image in the page cache it runs RUNS times, alternately:
#   ours     cedar-store --check --device stdio:IMG   (every session's MD5 and every file's MD5)
#   engine   build/bench/check-time stdio:IMG         (cs_disc_check() alone, no job or CLI)
#   xorriso  xorriso -md5 on -indev stdio:IMG -check_md5_r sorry / --   (every file's MD5 of
#            the newest tree; -md5 on must come before -indev to load the checksums)
# and prints the medians of wall time, CPU time (user + system) and peak RSS and the ratios
# ours/xorriso (target <= 0.80), with the MD5 floor (bench/md5-floor: one libisofs MD5 pass over
# the image's bytes). Ours hashes every byte twice, the session's MD5 and the files' MD5s, in two
# threads: its wall time beats xorriso's only with two idle cores; the load average before and
# after is printed, as the CPU time says what the wall time would be on a busy machine.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/bench-common.sh"
bench_options "n:w:b:" "[-n RUNS] [-w WORKDIR] [-b BUILDDIR] [big|small|mixed ...]" "$@"
engine=$build/bench/check-time
bench_need "$shared/mkstage.sh" "$bin" "$engine" "$build/bench/md5-floor" /usr/bin/time xorriso
mkdir -p "$work"

# Runs "$@" under GNU time, appending "seconds KiB cpu-seconds" to file $1 (the rest is the command); a
# failing command stops the benchmark.
timed() {
  local out=$1 t
  shift
  t=$(mktemp)
  if ! /usr/bin/time -f "%e %M %U %S" -o "$t" "$@" > "$out.log" 2>&1; then
    echo "failed: $* (see $out.log)" >&2
    cat "$t" >&2
    rm -f "$t"
    exit 1
  fi
  awk '{print $1, $2, $3 + $4}' "$t" >> "$out"
  rm -f "$t"
}

for shape in "${shapes[@]}"; do
  bench_stage_day "$shape"
  iso=$work/$shape/check.iso
  bench_store_image "$iso" "storing the $shape day into $iso …"
  # Warm the page cache with one read of the image.
  cat "$iso" > /dev/null

  load0=$(cut -d' ' -f1 /proc/loadavg)
  : > "$work/$shape/check-ours.txt"
  : > "$work/$shape/check-engine.txt"
  : > "$work/$shape/check-ref.txt"
  : > "$work/$shape/check-threads.txt"
  for i in $(seq "$runs"); do
    timed "$work/$shape/check-ours.txt" "$bin" --check --quiet --device "stdio:$iso"
    timed "$work/$shape/check-ref.txt" xorriso -md5 on -indev "stdio:$iso" -check_md5_r sorry / --
    grep -q "checksums match" "$work/$shape/check-ref.txt.log" \
      || { echo "xorriso did not check the MD5s (see $work/$shape/check-ref.txt.log)" >&2; exit 1; }
    timed "$work/$shape/check-engine.txt" "$engine" "stdio:$iso"
    # "CPU: 6.41 s in all, 0.46 s of it in the reading thread": with two idle cores the check
    # takes about half of it (its two hashing threads are about equal).
    awk '/^CPU: / {print $2 / 2}' "$work/$shape/check-engine.txt.log" >> "$work/$shape/check-threads.txt"
  done

  load1=$(cut -d' ' -f1 /proc/loadavg)
  size=$(stat -c %s "$iso")
  # One MD5 stream over the image, at libisofs' speed: xorriso's floor; ours hashes two
  # (the session's and the files'), one per core.
  md5=$("$build/bench/md5-floor" "$size" | awk '{print $1 / 2}')

  ot=$(awk '{print $1}' "$work/$shape/check-ours.txt" | median)
  oc=$(awk '{print $3}' "$work/$shape/check-ours.txt" | median)
  rc=$(awk '{print $3}' "$work/$shape/check-ref.txt" | median)
  om=$(awk '{print $2}' "$work/$shape/check-ours.txt" | median)
  et=$(awk '{print $1}' "$work/$shape/check-engine.txt" | median)
  tt=$(median < "$work/$shape/check-threads.txt")
  rt=$(awk '{print $1}' "$work/$shape/check-ref.txt" | median)
  rm_=$(awk '{print $2}' "$work/$shape/check-ref.txt" | median)
  awk -v s="$shape" -v ot="$ot" -v om="$om" -v et="$et" -v rt="$rt" -v rm="$rm_" -v size="$size" -v md5="$md5" -v n="$runs" -v oc="$oc" -v rc="$rc" -v tt="$tt" -v l0="$load0" -v l1="$load1" 'BEGIN {
    printf "%-6s runs %d  image %.1f MiB  load average %s before, %s after\n", s, n, size / 1048576, l0, l1
    printf "  ours --check     %7.2f s  %7.2f s CPU  %7.1f MiB peak RSS\n", ot, oc, om / 1024
    printf "  engine alone     %7.2f s   (half its CPU time: %.2f s, %.2f of xorriso: the ratio with two idle cores)\n", et, tt, tt / rt
    printf "  xorriso          %7.2f s  %7.2f s CPU  %7.1f MiB peak RSS\n", rt, rc, rm / 1024
    printf "  ratio            %7.2f time  %5.2f CPU  %5.2f memory   (target <= 0.80 time)\n", ot / rt, oc / rc, om / rm
    printf "  md5 floor        %7.2f s   (one libisofs MD5 pass over the image)\n", md5
  }'
done
