#!/usr/bin/env bash
# Does a store keep a real drive fed? Stores a staging day onto the virtual drive with
# CS_VDRIVE_SPEED=1, where every WRITE takes as long as the medium's write speed allows
# (DVD 16x = 22,160 kB/s, BD 12x, CD 40x; reads at twice that), and compares the wall
# time with what the drive alone needs. A ratio near 1.00 means the drive never waited
# for us; well below 1 means libisofs/libburn could not produce the data that fast.
#
#   bench/vdrive-feed.sh [SIZE_MIB] [TYPE] [BUILDDIR]     defaults: 400 dvd+r build
set -euo pipefail

size_mib=${1:-400}
type=${2:-dvd+r}
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=${3:-$top/build}

meson compile -C "$builddir" >/dev/null

case $type in
  cd-*)  kbs=7056 ;;
  dvd-ram) kbs=6925 ;;
  dvd*)  kbs=22160 ;;
  bd-*)  kbs=53940 ;;
  *) echo "unknown TYPE $type" >&2; exit 2 ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cs-feed.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
day=$tmp/stage/2026/11/23
mkdir -p "$day/host1/small"
# Mostly large files, as Cedar's tarballs are, and a thousand small ones.
for i in $(seq 1 $((size_mib / 50))); do
  head -c $((50 * 1024 * 1024)) /dev/urandom >"$day/host1/part$i.tar"
done
for i in $(seq 1 1000); do
  head -c $((i * 37)) /dev/urandom >"$day/host1/small/f$i"
done
: >"$day/cback.stage"
"$builddir/tests/vdrive/cs-vdrive" insert "$tmp/drives/sr0" "$type"

bytes=$(du -sb "$day" | cut -f1)
start=$(date +%s.%N)
LD_PRELOAD=$builddir/tests/vdrive/libcs-vdrive.so CS_VDRIVE_DIR=$tmp/drives CS_VDRIVE_SPEED=1 \
  "$builddir/src/cedar-store" --headless --stage-dir "$tmp/stage" --device /dev/sr0 \
  --date 2026-11-23
end=$(date +%s.%N)

python3 - "$bytes" "$kbs" "$start" "$end" "$type" <<'PY'
import sys
size, kbs, start, end, kind = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
write = size / (kbs * 1000.0)
verify = size / (2 * kbs * 1000.0)
wall = end - start
print(f"{kind}: {size / 1e6:.1f} MB staged; drive alone: write {write:.1f} s + read back {verify:.1f} s "
      f"= {write + verify:.1f} s; store took {wall:.1f} s; fed ratio {(write + verify) / wall:.2f}")
PY
