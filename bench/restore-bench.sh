#!/usr/bin/env bash
# restore-bench.sh – restoring a day from an image file, Cedar Store vs osirrox, alternating.
#
#   bench/restore-bench.sh [-n RUNS] [-w WORKDIR] [-b BUILDDIR] [-c] [big|small|mixed ...]
#
# For each shape it makes (once, kept in WORKDIR) a staging day with ../shared/bench/mkstage.sh
# and an image of it with `cedar-store --full`, warms the page cache with one read of the
# image, then runs RUNS times, alternately: ours — bench/restore-time (cs_disc_restore_day()
# alone: list the sessions, restore the day checking every file's MD5, set modes, owners,
# times, ACLs and xattrs), or with -c `cedar-store --restore DAY --to DIR` — and
# `osirrox -indev stdio:IMG -extract /DAY DIR/DAY`, and the same with `-md5 on` before
# -indev (osirrox then checks each extracted file against its recorded MD5, as we always do:
# its check_md5_on), each into a fresh empty DIR on the same filesystem, after a `sync` so
# that none pays for another's write-back. It prints the medians of wall time and peak RSS
# (GNU time) and the ratios ours/osirrox and ours/osirrox-with-MD5.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/bench-common.sh"
bench_options "n:w:b:c" "[-n RUNS] [-w WORKDIR] [-b BUILDDIR] [-c] [big|small|mixed ...]" "$@"
driver=$build/bench/restore-time
bench_need "$shared/mkstage.sh" "$bin" "$driver" /usr/bin/time osirrox
mkdir -p "$work"

for shape in "${shapes[@]}"; do
  bench_stage_day "$shape"
  img=$work/$shape/restore.iso
  bench_store_image "$img" "making the $shape image $img …"
  out=$work/$shape/restored
  # Warm the page cache with one read of the image.
  cat "$img" > /dev/null

  : > "$work/$shape/restore-ours.txt"
  : > "$work/$shape/restore-ref.txt"
  : > "$work/$shape/restore-md5.txt"
  for i in $(seq "$runs"); do
    rm -rf "$out"
    mkdir -p "$out"
    sync
    if [ "$cli" = 1 ]; then
      /usr/bin/time -f "%e %M" -o "$work/$shape/t" \
        "$bin" --quiet --restore "$date" --to "$out" --device "stdio:$img"
    else
      /usr/bin/time -f "%e %M" -o "$work/$shape/t" \
        "$driver" "stdio:$img" "$date" "$out" > "$work/$shape/restore-ours.log" 2>&1
    fi
    cat "$work/$shape/t" >> "$work/$shape/restore-ours.txt"
    [ -d "$out/$date" ] || { echo "our restore made no $out/$date" >&2; exit 1; }
    ours_bytes=$(du -sb --apparent-size "$out/$date" | cut -f1)

    rm -rf "$out"
    mkdir -p "$out"
    sync
    /usr/bin/time -f "%e %M" -o "$work/$shape/t" \
      osirrox -indev "stdio:$img" -extract "/$date" "$out/$date" > "$work/$shape/restore-ref.log" 2>&1
    cat "$work/$shape/t" >> "$work/$shape/restore-ref.txt"
    ref_bytes=$(du -sb --apparent-size "$out/$date" | cut -f1)
    [ "$ours_bytes" = "$ref_bytes" ] || echo "note: $ours_bytes bytes restored by us, $ref_bytes by osirrox" >&2

    rm -rf "$out"
    mkdir -p "$out"
    sync
    /usr/bin/time -f "%e %M" -o "$work/$shape/t" \
      osirrox -md5 on -indev "stdio:$img" -extract "/$date" "$out/$date" > "$work/$shape/restore-md5.log" 2>&1
    cat "$work/$shape/t" >> "$work/$shape/restore-md5.txt"
  done
  rm -rf "$out"
  sync

  ours_t=$(cut -d' ' -f1 "$work/$shape/restore-ours.txt" | median)
  ours_m=$(cut -d' ' -f2 "$work/$shape/restore-ours.txt" | median)
  ref_t=$(cut -d' ' -f1 "$work/$shape/restore-ref.txt" | median)
  ref_m=$(cut -d' ' -f2 "$work/$shape/restore-ref.txt" | median)
  md5_t=$(cut -d' ' -f1 "$work/$shape/restore-md5.txt" | median)
  size=$(stat -c %s "$img")
  printf '%-6s image %5d MiB  ours %6.2f s %7d KiB  osirrox %6.2f s %7d KiB  osirrox -md5 on %6.2f s  ratio time %.2f (vs -md5 on %.2f)  rss %.2f  (median of %d)\n' \
    "$shape" $((size / 1048576)) "$ours_t" "$ours_m" "$ref_t" "$ref_m" "$md5_t" \
    "$(echo "$ours_t / $ref_t" | bc -l)" "$(echo "$ours_t / $md5_t" | bc -l)" \
    "$(echo "$ours_m / $ref_m" | bc -l)" "$runs"
done
